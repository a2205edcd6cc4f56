/*
 * MFCC front end of MLPerf Tiny keyword spotting, float32 (see tnm_frontend.h for the
 * exact definition). Tables (window, trigonometry, mel segments) are computed once by
 * init into the caller's state; process runs one 480-sample frame: window, 512-point
 * real FFT (a 256-point complex radix-2 FFT of the packed samples plus a split step),
 * magnitudes, mel filter bank, log, DCT-II, quantization.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_frontend.h"

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
    if (state == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_STATE, -1, 0, 0);
    if (((uintptr_t)state & 3u) != 0) {
        return tnm_fail(err, TNM_ERR_ALIGNMENT, TNM_FIELD_STATE, -1,
                        (int32_t)((uintptr_t)state & 3u), 4);
    }
    if (state_size < tnm_mfcc_frontend_state_size()) {
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_STATE, -1, state_size,
                        tnm_mfcc_frontend_state_size());
    }
    return TNM_OK;
}

/* A float's IEEE-754 bits, how tnm_error carries floats. */
static int32_t float_bits(float v)
{
    int32_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
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
                        float_bits(sample_scale), 0);
    }
    if (!(output_scale > 0.0f && output_scale <= 3.4e38f)) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SCALE, -1,
                        float_bits(output_scale), 0);
    }
    if (output_zero_point < -128 || output_zero_point > 127) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_ZERO_POINT, -1,
                        output_zero_point, output_zero_point < -128 ? -128 : 127);
    }
    memset(st, 0, sizeof *st);
    st->sample_scale = sample_scale;
    st->output_scale = output_scale;
    st->output_zero_point = output_zero_point;
    for (i = 0; i <= WINDOW / 2; i++) {
        st->window_half[i] = (float)(0.5 - 0.5 * cos(2.0 * k_pi * i / WINDOW));
    }
    for (i = 0; i <= FFT_N / 4; i++) st->cos_quarter[i] = (float)cos(2.0 * k_pi * i / FFT_N);
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

/* cos and sin of 2 pi k / 512 from the quarter-wave table. */
static float cos512(const float *q, int32_t k)
{
    k &= FFT_N - 1;
    if (k <= FFT_N / 4) return q[k];
    if (k <= FFT_N / 2) return -q[FFT_N / 2 - k];
    if (k <= 3 * FFT_N / 4) return -q[k - FFT_N / 2];
    return q[FFT_N - k];
}

static float sin512(const float *q, int32_t k) { return cos512(q, k - FFT_N / 4); }

/* In-place radix-2 decimation-in-time FFT of CFFT_N complex values (re, im). */
static void cfft(float *z, const float *q)
{
    int32_t i, j, len;
    for (i = 1, j = 0; i < CFFT_N; i++) { /* bit-reversal permutation */
        int32_t bit = CFFT_N >> 1;
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
    for (len = 2; len <= CFFT_N; len <<= 1) {
        const int32_t half = len >> 1;
        const int32_t step = FFT_N / len; /* exp(-2 pi i m / len) = exp(-2 pi i m step / 512) */
        int32_t start, m;
        for (start = 0; start < CFFT_N; start += len) {
            for (m = 0; m < half; m++) {
                const float wr = cos512(q, m * step), wi = -sin512(q, m * step);
                float *a = z + 2 * (start + m);
                float *b = z + 2 * (start + m + half);
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
    /* z holds x[2n] + i x[2n+1]: its 256-point FFT Z gives the 512-point spectrum X by
     * X[k] = (Z[k] + conj(Z[256-k])) / 2 - i W^k (Z[k] - conj(Z[256-k])) / 2,
     * W = exp(-2 pi i / 512). */
    cfft(z, st->cos_quarter);
    for (i = 0; i < MELS; i++) mel[i] = 0.0f;
    add_bin(st, 0, z[0] + z[1], 0.0f, mel);
    add_bin(st, CFFT_N, z[0] - z[1], 0.0f, mel);
    for (k = 1; k <= CFFT_N / 2; k++) {
        const int32_t nk = CFFT_N - k;
        const float er = 0.5f * (z[2 * k] + z[2 * nk]);     /* even part */
        const float ei = 0.5f * (z[2 * k + 1] - z[2 * nk + 1]);
        const float or_ = 0.5f * (z[2 * k + 1] + z[2 * nk + 1]); /* odd part */
        const float oi = -0.5f * (z[2 * k] - z[2 * nk]);
        const float wr = cos512(st->cos_quarter, k), wi = -sin512(st->cos_quarter, k);
        const float tr = or_ * wr - oi * wi, ti = or_ * wi + oi * wr;
        add_bin(st, k, er + tr, ei + ti, mel);
        if (nk != k) add_bin(st, nk, er - tr, -(ei - ti), mel); /* X[256-k] = conj(E - W^k O) */
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
        const float v = c[k] / st->output_scale;
        float q = v >= 0.0f ? floorf(v + 0.5f) : ceilf(v - 0.5f); /* half away from zero */
        q += (float)st->output_zero_point;
        if (!(q >= -128.0f)) q = -128.0f; /* also maps NaN to -128 */
        if (q > 127.0f) q = 127.0f;
        features[k] = (int8_t)q;
    }
    return TNM_OK;
}
