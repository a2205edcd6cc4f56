/*
 * Vibration features (tnm_features.h): per axis, mean removal, periodic Hann window,
 * float32 real FFT (an N/2-point complex radix-2 FFT of the packed samples plus a split
 * step, tnm_fft_f32.h), one-sided power spectrum normalized to g^2, equal-width band
 * energies in dB.
 */
#include <math.h>
#include <stddef.h>

#include "tnm/tnm_features.h"
#include "tnm_features_internal.h"
#include "tnm_fft_f32.h"

static int is_window_length(int32_t n)
{
    return n >= TNM_VIBRATION_MIN_WINDOW && n <= TNM_VIBRATION_MAX_WINDOW && (n & (n - 1)) == 0;
}

int32_t tnm_vibration_scratch_size(int32_t window_samples)
{
    if (!is_window_length(window_samples)) return -1;
    return (window_samples + window_samples / 4 + 1) * (int32_t)sizeof(float);
}

static tnm_status check_arguments(const float *samples, int32_t value_count, int32_t n,
                                  int32_t band_count, const void *features,
                                  int32_t feature_count, const void *scratch,
                                  int32_t scratch_size, tnm_error *err)
{
    int32_t i;
    if (!is_window_length(n)) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_WINDOW, -1, n,
                        n < TNM_VIBRATION_MIN_WINDOW ? TNM_VIBRATION_MIN_WINDOW
                                                     : TNM_VIBRATION_MAX_WINDOW);
    }
    if (samples == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, -1, 0, 0);
    if (value_count != TNM_VIBRATION_AXES * n) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, -1, value_count,
                        TNM_VIBRATION_AXES * n);
    }
    if (band_count < 1 || band_count > n / 2 || (n / 2) % band_count != 0) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_BANDS, -1, band_count, n / 2);
    }
    if (features == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_COUNT, -1, 0, 0);
    if (feature_count != TNM_VIBRATION_AXES * band_count) {
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_FEATURE_COUNT, -1, feature_count,
                        TNM_VIBRATION_AXES * band_count);
    }
    for (i = 0; i < value_count; i++) {
        const float v = samples[i];
        if (!(v >= -3.4e38f && v <= 3.4e38f)) { /* NaN or infinity */
            return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, i,
                            tnm_features_float_bits(v), 0);
        }
    }
    return tnm_features_check_scratch(scratch, scratch_size, tnm_vibration_scratch_size(n), err);
}

/* Windowed power spectrum of one axis into work (packed as tnm_fft_real_f32 leaves it);
 * returns the normalization 1 / (N sum w^2). */
static float axis_spectrum(const float *samples, int32_t axis, int32_t n, float *work,
                           const float *q)
{
    float mean = 0.0f, window_power = 0.0f;
    int32_t i;
    for (i = 0; i < n; i++) mean += samples[TNM_VIBRATION_AXES * i + axis];
    mean /= (float)n;
    for (i = 0; i < n; i++) {
        const float w = 0.5f - 0.5f * tnm_fft_cos(q, n, i);
        work[i] = (samples[TNM_VIBRATION_AXES * i + axis] - mean) * w;
        window_power += w * w;
    }
    tnm_fft_real_f32(work, n, q);
    return 1.0f / ((float)n * window_power);
}

/* Band b's energy in dB from a spectrum left by axis_spectrum. */
static float band_db(const float *work, int32_t n, int32_t band_count, int32_t b, float norm)
{
    const int32_t half = n / 2, width = half / band_count, first = 1 + b * width;
    float energy = 0.0f;
    int32_t i;
    for (i = first; i < first + width; i++) {
        if (i == half) {
            energy += work[1] * work[1]; /* X[N/2]: real, counted once */
        } else {
            energy += 2.0f * (work[2 * i] * work[2 * i] + work[2 * i + 1] * work[2 * i + 1]);
        }
    }
    return 10.0f * log10f(energy * norm + TNM_VIBRATION_FLOOR);
}

/* The band energies of every axis (arguments already checked) into f32, or, when f32 is
 * NULL, quantized into s8. */
static void compute(const float *samples, int32_t n, int32_t band_count, float *work,
                    float *f32, int8_t *s8, float output_scale, int32_t output_zero_point)
{
    float *q = work + n;
    int32_t axis, b;
    tnm_fft_cos_table(q, n);
    for (axis = 0; axis < TNM_VIBRATION_AXES; axis++) {
        const float norm = axis_spectrum(samples, axis, n, work, q);
        for (b = 0; b < band_count; b++) {
            const float db = band_db(work, n, band_count, b, norm);
            if (f32 != NULL) {
                f32[axis * band_count + b] = db;
            } else {
                s8[axis * band_count + b] = tnm_features_quantize(db, output_scale, output_zero_point);
            }
        }
    }
}

tnm_status tnm_vibration_features_f32(const float *samples, int32_t value_count,
                                      int32_t window_samples, int32_t band_count,
                                      float *features, int32_t feature_count,
                                      void *scratch, int32_t scratch_size, tnm_error *err)
{
    tnm_status status = check_arguments(samples, value_count, window_samples, band_count,
                                        features, feature_count, scratch, scratch_size, err);
    if (status != TNM_OK) return status;
    compute(samples, window_samples, band_count, (float *)scratch, features, NULL, 0.0f, 0);
    return TNM_OK;
}

tnm_status tnm_vibration_features_s8(const float *samples, int32_t value_count,
                                     int32_t window_samples, int32_t band_count,
                                     float output_scale, int32_t output_zero_point,
                                     int8_t *features, int32_t feature_count,
                                     void *scratch, int32_t scratch_size, tnm_error *err)
{
    tnm_status status = check_arguments(samples, value_count, window_samples, band_count,
                                        features, feature_count, scratch, scratch_size, err);
    if (status != TNM_OK) return status;
    status = tnm_features_check_quantization(output_scale, output_zero_point, err);
    if (status != TNM_OK) return status;
    compute(samples, window_samples, band_count, (float *)scratch, NULL, features, output_scale,
            output_zero_point);
    return TNM_OK;
}
