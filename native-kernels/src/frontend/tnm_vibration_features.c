/*
 * Vibration features (tnm_features.h): per axis, mean removal, periodic Hann window,
 * float32 real FFT (an N/2-point complex radix-2 FFT of the packed samples plus a split
 * step), one-sided power spectrum normalized to g^2, equal-width band energies in dB.
 * Also the FFT and quantization helpers the log-mel extractor shares
 * (tnm_features_internal.h).
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_features.h"
#include "tnm_features_internal.h"

static const double k_pi = 3.14159265358979323846;

/* ------------------------------------------------------------------ shared helpers */

void tnm_features_cos_table(float *cos_quarter, int32_t n)
{
    int32_t k;
    for (k = 0; k <= n / 4; k++) cos_quarter[k] = (float)cos(2.0 * k_pi * k / n);
}

float tnm_features_cos(const float *q, int32_t n, int32_t k)
{
    k &= n - 1;
    if (k <= n / 4) return q[k];
    if (k <= n / 2) return -q[n / 2 - k];
    if (k <= 3 * n / 4) return -q[k - n / 2];
    return q[n - k];
}

static float sin_n(const float *q, int32_t n, int32_t k) { return tnm_features_cos(q, n, k - n / 4); }

/* In-place radix-2 decimation-in-time FFT of m complex values (re, im); twiddles
 * exp(-2 pi i j / m) = cos/sin of 2 pi (j n / m) / n from the n-point table. */
static void cfft(float *z, int32_t m, const float *q, int32_t n)
{
    int32_t i, j, len;
    for (i = 1, j = 0; i < m; i++) { /* bit-reversal permutation */
        int32_t bit = m >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) {
            float t = z[2 * i];
            z[2 * i] = z[2 * j];
            z[2 * j] = t;
            t = z[2 * i + 1];
            z[2 * i + 1] = z[2 * j + 1];
            z[2 * j + 1] = t;
        }
    }
    for (len = 2; len <= m; len <<= 1) {
        const int32_t half = len >> 1;
        const int32_t step = n / len;
        int32_t start, t;
        for (start = 0; start < m; start += len) {
            for (t = 0; t < half; t++) {
                const float wr = tnm_features_cos(q, n, t * step), wi = -sin_n(q, n, t * step);
                float *a = z + 2 * (start + t);
                float *b = z + 2 * (start + t + half);
                const float tr = b[0] * wr - b[1] * wi;
                const float ti = b[0] * wi + b[1] * wr;
                b[0] = a[0] - tr;
                b[1] = a[1] - ti;
                a[0] += tr;
                a[1] += ti;
            }
        }
    }
}

void tnm_features_rfft(float *x, int32_t n, const float *q)
{
    const int32_t m = n / 2;
    int32_t k;
    float r0, i0;
    /* x holds z[j] = x[2j] + i x[2j+1]; its m-point FFT Z gives
     * X[k] = E + W^k O, X[m-k] = conj(E - W^k O), E = (Z[k] + conj Z[m-k]) / 2,
     * O = (Z[k] - conj Z[m-k]) / 2i, W = exp(-2 pi i / n). */
    cfft(x, m, q, n);
    r0 = x[0];
    i0 = x[1];
    x[0] = r0 + i0; /* X[0] */
    x[1] = r0 - i0; /* X[n/2] */
    for (k = 1; k <= m / 2; k++) {
        const int32_t nk = m - k;
        const float zr = x[2 * k], zi = x[2 * k + 1];
        const float yr = x[2 * nk], yi = x[2 * nk + 1];
        const float er = 0.5f * (zr + yr), ei = 0.5f * (zi - yi);
        const float or_ = 0.5f * (zi + yi), oi = -0.5f * (zr - yr);
        const float wr = tnm_features_cos(q, n, k), wi = -sin_n(q, n, k);
        const float tr = or_ * wr - oi * wi, ti = or_ * wi + oi * wr;
        x[2 * k] = er + tr;
        x[2 * k + 1] = ei + ti;
        if (nk != k) {
            x[2 * nk] = er - tr;
            x[2 * nk + 1] = -(ei - ti);
        }
    }
}

int8_t tnm_features_quantize(float v, float scale, int32_t zero_point)
{
    const float r = v / scale;
    float q = r >= 0.0f ? floorf(r + 0.5f) : ceilf(r - 0.5f); /* half away from zero */
    q += (float)zero_point;
    if (!(q >= -128.0f)) q = -128.0f; /* also maps NaN to -128 */
    if (q > 127.0f) q = 127.0f;
    return (int8_t)q;
}

int32_t tnm_features_float_bits(float v)
{
    int32_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
}

tnm_status tnm_features_check_scratch(const void *scratch, int32_t scratch_size, int32_t need,
                                      tnm_error *err)
{
    if (scratch == NULL) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SCRATCH, -1, 0, 0);
    }
    if (((uintptr_t)scratch & 3u) != 0) {
        return tnm_fail(err, TNM_ERR_ALIGNMENT, TNM_FIELD_FEATURE_SCRATCH, -1,
                        (int32_t)((uintptr_t)scratch & 3u), 4);
    }
    if (scratch_size < need) {
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_FEATURE_SCRATCH, -1, scratch_size, need);
    }
    return TNM_OK;
}

tnm_status tnm_features_check_quantization(float scale, int32_t zero_point, tnm_error *err)
{
    if (!(scale > 0.0f && scale <= 3.4e38f)) { /* also rejects NaN and infinity */
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SCALE, -1,
                        tnm_features_float_bits(scale), 0);
    }
    if (zero_point < -128 || zero_point > 127) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_ZERO_POINT, -1, zero_point,
                        zero_point < -128 ? -128 : 127);
    }
    return TNM_OK;
}

/* ------------------------------------------------------------------ vibration features */

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

/* Windowed power spectrum of one axis into work (packed as tnm_features_rfft leaves it);
 * returns the normalization 1 / (N sum w^2). */
static float axis_spectrum(const float *samples, int32_t axis, int32_t n, float *work,
                           const float *q)
{
    float mean = 0.0f, window_power = 0.0f;
    int32_t i;
    for (i = 0; i < n; i++) mean += samples[TNM_VIBRATION_AXES * i + axis];
    mean /= (float)n;
    for (i = 0; i < n; i++) {
        const float w = 0.5f - 0.5f * tnm_features_cos(q, n, i);
        work[i] = (samples[TNM_VIBRATION_AXES * i + axis] - mean) * w;
        window_power += w * w;
    }
    tnm_features_rfft(work, n, q);
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

tnm_status tnm_vibration_features_f32(const float *samples, int32_t value_count,
                                      int32_t window_samples, int32_t band_count,
                                      float *features, int32_t feature_count,
                                      void *scratch, int32_t scratch_size, tnm_error *err)
{
    float *work = (float *)scratch, *q;
    int32_t axis, b;
    tnm_status status = check_arguments(samples, value_count, window_samples, band_count,
                                        features, feature_count, scratch, scratch_size, err);
    if (status != TNM_OK) return status;
    q = work + window_samples;
    tnm_features_cos_table(q, window_samples);
    for (axis = 0; axis < TNM_VIBRATION_AXES; axis++) {
        const float norm = axis_spectrum(samples, axis, window_samples, work, q);
        for (b = 0; b < band_count; b++) {
            features[axis * band_count + b] = band_db(work, window_samples, band_count, b, norm);
        }
    }
    return TNM_OK;
}

tnm_status tnm_vibration_features_s8(const float *samples, int32_t value_count,
                                     int32_t window_samples, int32_t band_count,
                                     float output_scale, int32_t output_zero_point,
                                     int8_t *features, int32_t feature_count,
                                     void *scratch, int32_t scratch_size, tnm_error *err)
{
    float *work = (float *)scratch, *q;
    int32_t axis, b;
    tnm_status status = check_arguments(samples, value_count, window_samples, band_count,
                                        features, feature_count, scratch, scratch_size, err);
    if (status != TNM_OK) return status;
    status = tnm_features_check_quantization(output_scale, output_zero_point, err);
    if (status != TNM_OK) return status;
    q = work + window_samples;
    tnm_features_cos_table(q, window_samples);
    for (axis = 0; axis < TNM_VIBRATION_AXES; axis++) {
        const float norm = axis_spectrum(samples, axis, window_samples, work, q);
        for (b = 0; b < band_count; b++) {
            features[axis * band_count + b] = tnm_features_quantize(
                band_db(work, window_samples, band_count, b, norm), output_scale,
                output_zero_point);
        }
    }
    return TNM_OK;
}
