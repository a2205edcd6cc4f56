/*
 * MLPerf Tiny anomaly-detection log-mel frame (tnm_features.h): periodic Hann window,
 * 1024-point float32 real FFT, power spectrum, 128 Slaney-normalized mel filters
 * (librosa.filters.mel, htk=False, norm=1), 10 log10(. + eps). The window, the cosine
 * table and the mel edges are computed into the caller's scratch on each call, so the
 * call keeps no state.
 */
#include <math.h>
#include <stddef.h>

#include "tnm/tnm_features.h"
#include "tnm_features_internal.h"
#include "tnm_fft_f32.h"

#define N TNM_LOGMEL_FFT_LENGTH
#define BINS (N / 2 + 1)
#define MELS TNM_LOGMEL_MELS
#define EDGES (MELS + 2)

/* Slaney mel scale as librosa (htk=False): linear below 1 kHz, logarithmic above. */
#define MEL_F_SP (200.0 / 3.0)
#define MEL_MIN_LOG_HZ 1000.0
#define MEL_MIN_LOG_MEL (MEL_MIN_LOG_HZ / MEL_F_SP) /* 15 */
#define MEL_LOG_STEP 0.06875177742094912            /* ln(6.4) / 27 */

static double hz_to_mel(double hz)
{
    if (hz < MEL_MIN_LOG_HZ) return hz / MEL_F_SP;
    return MEL_MIN_LOG_MEL + log(hz / MEL_MIN_LOG_HZ) / MEL_LOG_STEP;
}

static double mel_to_hz(double mel)
{
    if (mel < MEL_MIN_LOG_MEL) return MEL_F_SP * mel;
    return MEL_MIN_LOG_HZ * exp(MEL_LOG_STEP * (mel - MEL_MIN_LOG_MEL));
}

int32_t tnm_logmel_scratch_size(void) { return (N + N / 4 + 1 + EDGES) * (int32_t)sizeof(float); }

static tnm_status check_arguments(const int16_t *samples, int32_t sample_count,
                                  float sample_scale, const void *out, int32_t mel_count,
                                  const void *scratch, int32_t scratch_size, tnm_error *err)
{
    if (samples == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, -1, 0, 0);
    if (sample_count != N) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, -1, sample_count, N);
    }
    if (!(sample_scale > 0.0f && sample_scale <= 1.0f)) { /* also rejects NaN */
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLE_SCALE, -1,
                        tnm_features_float_bits(sample_scale), 0);
    }
    if (out == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_COUNT, -1, 0, 0);
    if (mel_count != MELS) {
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_FEATURE_COUNT, -1, mel_count, MELS);
    }
    return tnm_features_check_scratch(scratch, scratch_size, tnm_logmel_scratch_size(), err);
}

static void add_power(const float *edges, int32_t k, float power, float *mel)
{
    const float f = (float)k * ((float)TNM_LOGMEL_SAMPLE_RATE / (float)N);
    int32_t s = 0;
    float span;
    while (s < EDGES - 1 && f >= edges[s + 1]) s++;
    if (s >= EDGES - 1) return; /* at or above the last edge: weight 0 */
    span = edges[s + 1] - edges[s];
    /* Band s rises over [e[s], e[s+1]], band s-1 falls over it; both area-normalized. */
    if (s < MELS) {
        mel[s] += power * ((f - edges[s]) / span) * (2.0f / (edges[s + 2] - edges[s]));
    }
    if (s > 0) {
        mel[s - 1] += power * ((edges[s + 1] - f) / span) * (2.0f / (edges[s + 1] - edges[s - 1]));
    }
}

static void compute(const int16_t *samples, float sample_scale, void *scratch, float *mel)
{
    float *x = (float *)scratch;
    float *q = x + N;
    float *edges = q + N / 4 + 1;
    const double top = hz_to_mel(TNM_LOGMEL_SAMPLE_RATE / 2.0);
    int32_t i, k;
    tnm_fft_cos_table(q, N);
    for (i = 0; i < EDGES; i++) edges[i] = (float)mel_to_hz(top * i / (EDGES - 1));
    for (i = 0; i < N; i++) {
        const float w = 0.5f - 0.5f * tnm_fft_cos(q, N, i);
        x[i] = (float)samples[i] * sample_scale * w;
    }
    tnm_fft_real_f32(x, N, q);
    for (i = 0; i < MELS; i++) mel[i] = 0.0f;
    add_power(edges, 0, x[0] * x[0], mel);
    add_power(edges, N / 2, x[1] * x[1], mel);
    for (k = 1; k < N / 2; k++) {
        add_power(edges, k, x[2 * k] * x[2 * k] + x[2 * k + 1] * x[2 * k + 1], mel);
    }
    for (i = 0; i < MELS; i++) mel[i] = 10.0f * log10f(mel[i] + (float)TNM_LOGMEL_EPSILON);
}

tnm_status tnm_logmel_frame_f32(const int16_t *samples, int32_t sample_count,
                                float sample_scale, float *log_mel, int32_t mel_count,
                                void *scratch, int32_t scratch_size, tnm_error *err)
{
    tnm_status status = check_arguments(samples, sample_count, sample_scale, log_mel, mel_count,
                                        scratch, scratch_size, err);
    if (status != TNM_OK) return status;
    compute(samples, sample_scale, scratch, log_mel);
    return TNM_OK;
}

tnm_status tnm_logmel_frame_s8(const int16_t *samples, int32_t sample_count,
                               float sample_scale, float output_scale,
                               int32_t output_zero_point, int8_t *log_mel, int32_t mel_count,
                               void *scratch, int32_t scratch_size, tnm_error *err)
{
    float mel[MELS];
    int32_t i;
    tnm_status status = check_arguments(samples, sample_count, sample_scale, log_mel, mel_count,
                                        scratch, scratch_size, err);
    if (status != TNM_OK) return status;
    status = tnm_features_check_quantization(output_scale, output_zero_point, err);
    if (status != TNM_OK) return status;
    compute(samples, sample_scale, scratch, mel);
    for (i = 0; i < MELS; i++) {
        log_mel[i] = tnm_features_quantize(mel[i], output_scale, output_zero_point);
    }
    return TNM_OK;
}
