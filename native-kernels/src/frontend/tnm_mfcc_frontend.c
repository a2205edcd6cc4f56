/*
 * MFCC front end of MLPerf Tiny keyword spotting, float32 (see tnm_frontend.h for the
 * exact definition). Tables (window, trigonometry, mel segments) are computed once by
 * init into the caller's state; process runs one 480-sample frame: window, 512-point
 * real FFT (a 256-point complex radix-2 FFT of the packed samples plus a split step,
 * tnm_fft_f32.h), magnitudes, mel filter bank, log, DCT-II, quantization.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_frontend.h"
#include "tnm_features_internal.h"
#include "tnm_fft_f32.h"

#define TNM_MFCC_TAG 0x4D464343u /* "MFCC" */
#define WINDOW TNM_FRONTEND_WINDOW_SAMPLES
#define FFT_N TNM_MFCC_FFT_LENGTH       /* 512 real points */
#define CFFT_N (TNM_MFCC_FFT_LENGTH / 2) /* 256 complex points */
#define BINS (FFT_N / 2 + 1)            /* 257 */
#define MELS TNM_MFCC_MEL_BINS
#define COEFFS TNM_MFCC_COEFFICIENTS
#define DCT_PERIOD (4 * MELS)           /* cos(pi k (2n+1) / 80) = cos(2 pi j / 160) */
#define NO_SEGMENT 255u

static const double k_pi = 3.14159265358979323846;

typedef struct {
    uint32_t tag;
    float sample_scale;
    float output_scale;
    int32_t output_zero_point;
    float window_half[WINDOW / 2 + 1]; /* periodic Hann: w[n] = w[480 - n] */
    float cos_quarter[FFT_N / 4 + 1];  /* cos(2 pi k / 512), k = 0..128 */
    float dct_cos[DCT_PERIOD];         /* cos(2 pi j / 160) */
    /* Bin k's mel value lies between mel edges s and s+1 (s = segment[k]); it feeds
     * band s with rise[k] and band s-1 with 1 - rise[k]. */
    float rise[BINS];
    uint8_t segment[BINS + 3];
    float work[FFT_N]; /* samples, then the packed complex spectrum (re, im) */
} tnm_mfcc_state;

int32_t tnm_mfcc_frontend_state_size(void)
{
    return (int32_t)((sizeof(tnm_mfcc_state) + 3u) & ~(size_t)3u);
}

static tnm_status check_state_buffer(const void *state, int32_t state_size, tnm_error *err)
{
    return tnm_features_check_buffer(state, state_size, tnm_mfcc_frontend_state_size(),
                                     TNM_FIELD_STATE, err);
}

static double hz_to_mel(double hz) { return 1127.0 * log(1.0 + hz / 700.0); }

tnm_status tnm_mfcc_frontend_init(void *state, int32_t state_size, float sample_scale,
                                  float output_scale, int32_t output_zero_point,
                                  tnm_error *err)
{
    tnm_mfcc_state *st = (tnm_mfcc_state *)state;
    double edges[MELS + 2];
    int32_t i;
    tnm_status status = check_state_buffer(state, state_size, err);
    if (status != TNM_OK) return status;
    if (!(sample_scale > 0.0f && sample_scale <= 1.0f)) { /* also rejects NaN */
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLE_SCALE, -1,
                        tnm_features_float_bits(sample_scale), 0);
    }
    status = tnm_features_check_quantization(output_scale, output_zero_point, err);
    if (status != TNM_OK) return status;
    memset(st, 0, sizeof *st);
    st->sample_scale = sample_scale;
    st->output_scale = output_scale;
    st->output_zero_point = output_zero_point;
    for (i = 0; i <= WINDOW / 2; i++) {
        st->window_half[i] = (float)(0.5 - 0.5 * cos(2.0 * k_pi * i / WINDOW));
    }
    tnm_fft_cos_table(st->cos_quarter, FFT_N);
    for (i = 0; i < DCT_PERIOD; i++) st->dct_cos[i] = (float)cos(2.0 * k_pi * i / DCT_PERIOD);

    /* 42 mel points evenly spaced from mel(20 Hz) to mel(4000 Hz): band b rises from
     * point b to b+1 and falls to b+2. */
    for (i = 0; i < MELS + 2; i++) {
        const double lo = hz_to_mel(TNM_MFCC_LOWER_HZ), hi = hz_to_mel(TNM_MFCC_UPPER_HZ);
        edges[i] = lo + (hi - lo) * i / (MELS + 1);
    }
    for (i = 0; i < BINS; i++) {
        const double mel = hz_to_mel((double)i * TNM_FRONTEND_SAMPLE_RATE / FFT_N);
        st->segment[i] = NO_SEGMENT;
        st->rise[i] = 0.0f;
        if (i > 0 && mel > edges[0] && mel < edges[MELS + 1]) { /* the DC bin never counts */
            int32_t s = 0;
            while (mel >= edges[s + 1]) s++;
            st->segment[i] = (uint8_t)s;
            st->rise[i] = (float)((mel - edges[s]) / (edges[s + 1] - edges[s]));
        }
    }
    st->tag = TNM_MFCC_TAG;
    return TNM_OK;
}

static void add_bin(const tnm_mfcc_state *st, int32_t k, float re, float im, float *mel)
{
    const uint32_t s = st->segment[k];
    float magnitude;
    if (s == NO_SEGMENT) return;
    magnitude = sqrtf(re * re + im * im);
    if (s < MELS) mel[s] += st->rise[k] * magnitude;
    if (s > 0) mel[s - 1] += (1.0f - st->rise[k]) * magnitude;
}

static tnm_status compute(tnm_mfcc_state *st, int32_t state_size, const int16_t *samples,
                          int32_t sample_count, float *coefficients, tnm_error *err)
{
    float *z;
    float mel[MELS];
    int32_t i, k;
    tnm_status status = check_state_buffer(st, state_size, err);
    if (status != TNM_OK) return status;
    if (st->tag != TNM_MFCC_TAG) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_STATE, -1, (int32_t)st->tag,
                        (int32_t)TNM_MFCC_TAG);
    }
    if (samples == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, -1, 0, 0);
    if (sample_count != WINDOW) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, -1, sample_count, WINDOW);
    }

    z = st->work;
    for (i = 0; i < WINDOW; i++) {
        const float w = st->window_half[i <= WINDOW / 2 ? i : WINDOW - i];
        z[i] = (float)samples[i] * st->sample_scale * w;
    }
    for (i = WINDOW; i < FFT_N; i++) z[i] = 0.0f;
    tnm_fft_real_f32(z, FFT_N, st->cos_quarter); /* z: X[0], X[256], then X[k] (re, im) */
    for (i = 0; i < MELS; i++) mel[i] = 0.0f;
    /* Bins in the order k = 0, 256, 1, 255, 2, 254, ..., 128 (the mel sums depend on it). */
    add_bin(st, 0, z[0], 0.0f, mel);
    add_bin(st, CFFT_N, z[1], 0.0f, mel);
    for (k = 1; k <= CFFT_N / 2; k++) {
        const int32_t nk = CFFT_N - k;
        add_bin(st, k, z[2 * k], z[2 * k + 1], mel);
        if (nk != k) add_bin(st, nk, z[2 * nk], z[2 * nk + 1], mel);
    }
    for (i = 0; i < MELS; i++) mel[i] = logf(mel[i] + TNM_MFCC_LOG_OFFSET);
    for (k = 0; k < COEFFS; k++) {
        float sum = 0.0f;
        for (i = 0; i < MELS; i++) sum += mel[i] * st->dct_cos[(k * (2 * i + 1)) % DCT_PERIOD];
        coefficients[k] = sum * 0.2236068f; /* sqrt(2 / 40) */
    }
    return TNM_OK;
}

tnm_status tnm_mfcc_frontend_process_f32(void *state, int32_t state_size,
                                         const int16_t *samples, int32_t sample_count,
                                         float *coefficients, int32_t coefficient_count,
                                         tnm_error *err)
{
    float c[COEFFS];
    tnm_status status;
    if (state != NULL && coefficients == NULL) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURES, -1, 0, 0);
    }
    if (state != NULL && coefficient_count != COEFFS) {
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_FEATURES, -1, coefficient_count, COEFFS);
    }
    status = compute((tnm_mfcc_state *)state, state_size, samples, sample_count, c, err);
    if (status != TNM_OK) return status;
    memcpy(coefficients, c, sizeof c);
    return TNM_OK;
}

tnm_status tnm_mfcc_frontend_process(void *state, int32_t state_size,
                                     const int16_t *samples, int32_t sample_count,
                                     int8_t *features, int32_t feature_count, tnm_error *err)
{
    const tnm_mfcc_state *st = (const tnm_mfcc_state *)state;
    float c[COEFFS];
    int32_t k;
    tnm_status status;
    if (state != NULL && features == NULL) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURES, -1, 0, 0);
    }
    if (state != NULL && feature_count != COEFFS) {
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_FEATURES, -1, feature_count, COEFFS);
    }
    status = compute((tnm_mfcc_state *)state, state_size, samples, sample_count, c, err);
    if (status != TNM_OK) return status;
    for (k = 0; k < COEFFS; k++) {
        features[k] = tnm_features_quantize(c[k], st->output_scale, st->output_zero_point);
    }
    return TNM_OK;
}
