/*
 * micro_speech and microWakeWord front ends, fixed point: one chain (see tnm_frontend.h),
 * two settings. micro_speech is bit-exact with TensorFlow Lite Micro's
 * audio_preprocessor_int8.tflite (TFLM signal ops); microWakeWord with TFLM's microfrontend
 * library (tensorflow/lite/experimental/microfrontend/lib) as ESPHome's micro_wake_word
 * configures it, plus ESPHome's int8 conversion. The two differ only in how their window
 * and filter bank tables were rounded and in two corner cases of integer width, listed
 * in tnm_mf_settings; the hop between windows (20 ms vs 10 ms) is the caller's.
 *
 * Every intermediate value is computed with the same integer widths, roundings and
 * wrap-arounds as the TFLM kernels (including kissfft v130's FIXED_POINT=16 FFT, whose
 * stage scaling multiplies by 32767/4 in Q15 rather than dividing by 4 exactly), so the
 * int8 features match byte for byte. Needs two's complement and arithmetic right
 * shifts of negative values, as TFLM does (checked at compile time below).
 */
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_frontend.h"
#include "tnm_features_internal.h"
#include "tnm_micro_frontend_tables.h"

/* Right shift of a negative int must be arithmetic (floor), as in TFLM and kissfft. */
typedef char tnm_mf_requires_arithmetic_shift[((-3 >> 1) == -2) ? 1 : -1];

#define TNM_MF_TAG 0x4D464531u  /* "MFE1": micro_speech */
#define TNM_MWW_TAG 0x4D575731u /* "MWW1": microWakeWord */

/* Spectral subtraction (FeatureParams: smoothing 0.025 / 0.06 on even / odd channels,
 * min signal remaining 0.05, all in 1/2^14) and the later stages' constants. */
#define TNM_MF_SS_BITS 14
#define TNM_MF_SS_SMOOTHING_BITS 10
#define TNM_MF_SS_EVEN_SMOOTHING 409u   /* int(0.025 * 2^14) */
#define TNM_MF_SS_ODD_SMOOTHING 983u    /* int(0.06 * 2^14) */
#define TNM_MF_SS_MIN_REMAINING 819u    /* int(0.05 * 2^14) */
#define TNM_MF_PCAN_SNR_SHIFT 6
#define TNM_MF_PCAN_SNR_BITS 12
#define TNM_MF_PCAN_OUTPUT_BITS 6
#define TNM_MF_CORRECTION_BITS 3        /* log2(512) - 12 / 2 */
#define TNM_MF_LOG_OUTPUT_SCALE 64      /* 1 << 6 */
#define TNM_MF_INT8_MULTIPLIER 256
#define TNM_MF_INT8_DIVISOR 666         /* int(25.6 * 26 + 0.5) */

/* What distinguishes the two front ends. Selected by the state's tag (the state holds no
 * pointers: on the device it is a managed array the garbage collector may move). */
typedef struct {
    const int16_t *window;
    const int16_t *fb_weights;
    const int16_t *fb_unweights;
    /* Window maximum: the signal ops keep the running |value| maximum in an int16, so a
     * value of -32768 resets it to -32768 (and the next value wins); the microfrontend
     * library negates into an int16 too but compares after, so -32768 is simply skipped. */
    int max_abs_skips_int16_min;
    /* Bin energy re^2 + im^2: the microfrontend library stores it in an int32 and widens it
     * signed for the filter bank (only re = im = -32768 reaches 2^31); the signal ops keep
     * it unsigned. */
    int energy_sign_extends;
} tnm_mf_settings;

static const tnm_mf_settings k_micro_speech = {
    tnm_mf_window, tnm_mf_fb_weights, tnm_mf_fb_unweights, 0, 0,
};

static const tnm_mf_settings k_micro_wake_word = {
    tnm_mfl_window, tnm_mfl_fb_weights, tnm_mfl_fb_unweights, 1, 1,
};

typedef struct {
    uint32_t tag;
    uint32_t frames;                              /* frames processed since init */
    uint32_t noise_estimate[TNM_MF_CHANNELS];     /* the only state kept across frames */
    int16_t fft_input[TNM_MF_FFT_LENGTH];         /* windowed, scaled, zero padded */
    int16_t fft_work[2 * TNM_MF_CFFT_LENGTH];     /* 256 complex values (re, im) */
    uint32_t energy[TNM_MF_SPECTRUM_BINS + 1];
} tnm_mf_state;

int32_t tnm_micro_frontend_state_size(void)
{
    return (int32_t)((sizeof(tnm_mf_state) + 3u) & ~(size_t)3u);
}

static tnm_status check_state_buffer(const void *state, int32_t state_size, tnm_error *err)
{
    return tnm_features_check_buffer(state, state_size, tnm_micro_frontend_state_size(),
                                     TNM_FIELD_STATE, err);
}

static tnm_status init_with(void *state, int32_t state_size, uint32_t tag, tnm_error *err)
{
    tnm_mf_state *st = (tnm_mf_state *)state;
    tnm_status status = check_state_buffer(state, state_size, err);
    if (status != TNM_OK) return status;
    memset(st, 0, sizeof *st);
    st->tag = tag;
    return TNM_OK;
}

tnm_status tnm_micro_frontend_init(void *state, int32_t state_size, tnm_error *err)
{
    return init_with(state, state_size, TNM_MF_TAG, err);
}

tnm_status tnm_micro_frontend_init_wake_word(void *state, int32_t state_size, tnm_error *err)
{
    return init_with(state, state_size, TNM_MWW_TAG, err);
}

/* ---- integer helpers ------------------------------------------------------------ */

/* Number of significant bits (0 for 0). */
static uint32_t bit_length32(uint32_t x)
{
    uint32_t n = 0;
    while (x != 0) {
        x >>= 1;
        n++;
    }
    return n;
}

static uint32_t bit_length64(uint64_t x)
{
    uint32_t high = (uint32_t)(x >> 32);
    return high != 0 ? 32u + bit_length32(high) : bit_length32((uint32_t)x);
}

/* Stores v in 16 bits the way a C/C++ implicit conversion to int16 does on the
 * platforms TFLM targets (two's complement wrap-around). */
static int16_t wrap16(int32_t v)
{
    return (int16_t)((int32_t)(((uint32_t)v + 0x8000u) & 0xFFFFu) - 0x8000);
}

/* Rounded square root, digit by digit, TFLM's Sqrt32/Sqrt64: floor(sqrt(n)), plus one
 * when the remainder exceeds the root (unless the root is already the width's maximum).
 * Values below 2^32 take the 32-bit path (maximum 0xFFFF), larger ones the 64-bit path. */
static uint32_t sqrt_rounded(uint64_t n)
{
    const int wide = (n >> 32) != 0;
    const uint64_t root_max = wide ? 0xFFFFFFFFu : 0xFFFFu;
    uint64_t root = 0;
    uint64_t bit;
    uint32_t top;
    if (n == 0) return 0;
    top = bit_length64(n) - 1u;    /* index of the highest set bit */
    bit = (uint64_t)1 << (top & ~1u); /* highest even power of 2 <= n */
    while (bit != 0) {
        if (n >= root + bit) {
            n -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    if (n > root && root != root_max) root++;
    return (uint32_t)root;
}

/* ---- window and FFT auto scale -------------------------------------------------- */

/* Applies the window, then shifts everything up as far as the largest magnitude
 * allows. Returns that shift (the filter bank square root undoes it). */
static int32_t window_and_scale(const tnm_mf_settings *set, const int16_t *samples,
                                int16_t *out)
{
    int16_t max_abs = 0;
    int32_t shift;
    int32_t i;
    for (i = 0; i < TNM_MF_WINDOW_SAMPLES; i++) {
        int32_t v = ((int32_t)samples[i] * set->window[i]) >> TNM_MF_WINDOW_SHIFT;
        if (v < INT16_MIN) v = INT16_MIN;
        if (v > INT16_MAX) v = INT16_MAX;
        out[i] = (int16_t)v;
    }
    /* Both keep the running maximum in an int16; see tnm_mf_settings for -32768. */
    for (i = 0; i < TNM_MF_WINDOW_SAMPLES; i++) {
        const int16_t v = out[i];
        if (set->max_abs_skips_int16_min) {
            if (v != INT16_MIN && (v < 0 ? -v : v) > max_abs) max_abs = (int16_t)(v < 0 ? -v : v);
        } else if (v > max_abs) {
            max_abs = v;
        } else if (-(int32_t)v > max_abs) {
            max_abs = wrap16(-(int32_t)v);
        }
    }
    shift = 16 - (int32_t)bit_length32((uint32_t)(int32_t)max_abs) - 1;
    if (shift < 0) shift = 0;
    for (i = 0; i < TNM_MF_WINDOW_SAMPLES; i++) {
        out[i] = wrap16((int32_t)out[i] * ((int32_t)1 << shift));
    }
    for (i = TNM_MF_WINDOW_SAMPLES; i < TNM_MF_FFT_LENGTH; i++) out[i] = 0;
    return shift;
}

/* ---- int16 FFT with kissfft v130 FIXED_POINT=16 arithmetic ---------------------- */

/* Q15 product rounding: (x + 2^14) >> 15, stored in 16 bits. */
static int16_t q15_round(int32_t x)
{
    return wrap16((x + (1 << 14)) >> 15);
}

/* kissfft's "divide by k" in fixed point: multiply by 32767 / k in Q15. */
static int16_t fixdiv(int16_t x, int32_t k)
{
    return q15_round((int32_t)x * (32767 / k));
}

/* (ar + i ai) * (br + i bi), each part rounded from Q15. */
static void cmul(int16_t ar, int16_t ai, int16_t br, int16_t bi, int16_t *mr, int16_t *mi)
{
    *mr = q15_round((int32_t)ar * br - (int32_t)ai * bi);
    *mi = q15_round((int32_t)ar * bi + (int32_t)ai * br);
}

/* One radix-4 decimation-in-time butterfly pass over a block of 4 * m complex values
 * (x[2j], x[2j+1]); twiddle k of the sub-transforms is exp(-2 pi i k stride / 256). */
static void radix4_pass(int16_t *x, int32_t m, int32_t stride)
{
    int32_t k;
    for (k = 0; k < m; k++) {
        int16_t *f0 = x + 2 * k;
        int16_t *f1 = x + 2 * (k + m);
        int16_t *f2 = x + 2 * (k + 2 * m);
        int16_t *f3 = x + 2 * (k + 3 * m);
        const int16_t *w1 = tnm_mf_cfft_twiddles + 2 * (k * stride);
        const int16_t *w2 = tnm_mf_cfft_twiddles + 2 * (2 * k * stride);
        const int16_t *w3 = tnm_mf_cfft_twiddles + 2 * (3 * k * stride);
        int16_t a0r = fixdiv(f0[0], 4), a0i = fixdiv(f0[1], 4);
        int16_t a1r = fixdiv(f1[0], 4), a1i = fixdiv(f1[1], 4);
        int16_t a2r = fixdiv(f2[0], 4), a2i = fixdiv(f2[1], 4);
        int16_t a3r = fixdiv(f3[0], 4), a3i = fixdiv(f3[1], 4);
        int16_t p1r, p1i, p2r, p2i, p3r, p3i;
        int16_t dr, di, sr, si, tr, ti;
        cmul(a1r, a1i, w1[0], w1[1], &p1r, &p1i);
        cmul(a2r, a2i, w2[0], w2[1], &p2r, &p2i);
        cmul(a3r, a3i, w3[0], w3[1], &p3r, &p3i);
        dr = wrap16((int32_t)a0r - p2r); /* a0 - a2 w2 */
        di = wrap16((int32_t)a0i - p2i);
        a0r = wrap16((int32_t)a0r + p2r); /* a0 + a2 w2 */
        a0i = wrap16((int32_t)a0i + p2i);
        sr = wrap16((int32_t)p1r + p3r); /* a1 w1 + a3 w3 */
        si = wrap16((int32_t)p1i + p3i);
        tr = wrap16((int32_t)p1r - p3r); /* a1 w1 - a3 w3 */
        ti = wrap16((int32_t)p1i - p3i);
        f2[0] = wrap16((int32_t)a0r - sr);
        f2[1] = wrap16((int32_t)a0i - si);
        f0[0] = wrap16((int32_t)a0r + sr);
        f0[1] = wrap16((int32_t)a0i + si);
        f1[0] = wrap16((int32_t)dr + ti);
        f1[1] = wrap16((int32_t)di - tr);
        f3[0] = wrap16((int32_t)dr - ti);
        f3[1] = wrap16((int32_t)di + tr);
    }
}

/* 256-point complex FFT (256 = 4^4) of in (complex, interleaved) into out. The input
 * is read in base-4 digit-reversed order, then four radix-4 passes run from the
 * smallest sub-transforms up; this performs the same butterflies with the same
 * operands as kissfft's recursive kf_work, so the results are identical. */
static void cfft256(const int16_t *in, int16_t *out)
{
    int32_t j, m;
    for (j = 0; j < TNM_MF_CFFT_LENGTH; j++) {
        const int32_t src = ((j & 3) << 6) | (((j >> 2) & 3) << 4) | (((j >> 4) & 3) << 2) |
                            ((j >> 6) & 3);
        out[2 * j] = in[2 * src];
        out[2 * j + 1] = in[2 * src + 1];
    }
    for (m = 1; m < TNM_MF_CFFT_LENGTH; m *= 4) {
        const int32_t stride = TNM_MF_CFFT_LENGTH / (4 * m);
        int32_t block;
        for (block = 0; block < TNM_MF_CFFT_LENGTH; block += 4 * m) {
            radix4_pass(out + 2 * block, m, stride);
        }
    }
}

static uint32_t bin_energy(int16_t re, int16_t im)
{
    return (uint32_t)((int32_t)re * re) + (uint32_t)((int32_t)im * im);
}

/* 512-point real FFT of st->fft_input (kiss_fftr: the 512 reals packed as 256 complex,
 * one complex FFT, then a split into the real spectrum), keeping only the energy
 * re^2 + im^2 of bins [5, 241); every other bin's energy is 0, as in the model. */
static void spectrum_energy(tnm_mf_state *st)
{
    const int16_t *z = st->fft_work;
    int32_t k;
    cfft256(st->fft_input, st->fft_work);
    memset(st->energy, 0, sizeof st->energy);
    /* Bins 0 and 256 (from z[0]) are outside the used range; the loop covers 1..255. */
    for (k = 1; k <= TNM_MF_CFFT_LENGTH / 2; k++) {
        const int32_t nk = TNM_MF_CFFT_LENGTH - k;
        const int16_t *tw = tnm_mf_rfft_twiddles + 2 * (k - 1);
        int16_t pr = fixdiv(z[2 * k], 2), pi = fixdiv(z[2 * k + 1], 2);
        int16_t qr = fixdiv(z[2 * nk], 2), qi = fixdiv(wrap16(-(int32_t)z[2 * nk + 1]), 2);
        int16_t sum_r = wrap16((int32_t)pr + qr), sum_i = wrap16((int32_t)pi + qi);
        int16_t dif_r = wrap16((int32_t)pr - qr), dif_i = wrap16((int32_t)pi - qi);
        int16_t tr, ti;
        int16_t lo_r, lo_i, hi_r, hi_i;
        cmul(dif_r, dif_i, tw[0], tw[1], &tr, &ti);
        lo_r = wrap16(((int32_t)sum_r + tr) >> 1); /* bin k */
        lo_i = wrap16(((int32_t)sum_i + ti) >> 1);
        hi_r = wrap16(((int32_t)sum_r - tr) >> 1); /* bin 256 - k (written last in kiss) */
        hi_i = wrap16(((int32_t)ti - sum_i) >> 1);
        if (k != nk && k >= TNM_MF_ENERGY_START && k < TNM_MF_ENERGY_END) {
            st->energy[k] = bin_energy(lo_r, lo_i);
        }
        if (nk >= TNM_MF_ENERGY_START && nk < TNM_MF_ENERGY_END) {
            st->energy[nk] = bin_energy(hi_r, hi_i);
        }
    }
}

/* ---- filter bank, noise reduction, gain control, log ---------------------------- */

/* Mel filter bank: out[c] = sum of weight * energy over channel c's bins plus the
 * unweighted energies of channel c+1's bins (each bin feeds two adjacent channels). */
static void filter_bank(const tnm_mf_settings *set, const uint32_t *energy, uint64_t *out)
{
    uint64_t weighted = 0;
    uint64_t unweighted = 0;
    int32_t c;
    uint64_t acc[TNM_MF_CHANNELS + 1];
    for (c = 0; c <= TNM_MF_CHANNELS; c++) {
        const int32_t bin0 = tnm_mf_fb_freq_starts[c];
        const int32_t w0 = tnm_mf_fb_weight_starts[c];
        int32_t j;
        for (j = 0; j < tnm_mf_fb_widths[c]; j++) {
            const uint32_t raw = energy[bin0 + j];
            /* (int32_t) of a value >= 2^31 is implementation-defined in C99; spelled out. */
            const uint64_t e = (set->energy_sign_extends && raw >= 0x80000000u)
                                   ? (uint64_t)raw | 0xFFFFFFFF00000000u
                                   : (uint64_t)raw;
            weighted += (uint64_t)(int64_t)set->fb_weights[w0 + j] * e;
            unweighted += (uint64_t)(int64_t)set->fb_unweights[w0 + j] * e;
        }
        acc[c] = weighted;
        weighted = unweighted;
        unweighted = 0;
    }
    for (c = 0; c < TNM_MF_CHANNELS; c++) out[c] = acc[c + 1]; /* channel 0 is scratch */
}

/* Noise reduction: a slow per-channel low-pass estimate of the noise floor is
 * subtracted from each channel, keeping at least 5% of the signal. */
static void spectral_subtraction(uint32_t *noise_estimate, const uint32_t *in, uint32_t *out)
{
    int32_t c;
    for (c = 0; c < TNM_MF_CHANNELS; c++) {
        const uint32_t smoothing = (c & 1) ? TNM_MF_SS_ODD_SMOOTHING : TNM_MF_SS_EVEN_SMOOTHING;
        const uint32_t keep = (1u << TNM_MF_SS_BITS) - smoothing;
        const uint32_t scaled = in[c] << TNM_MF_SS_SMOOTHING_BITS;
        uint32_t estimate;
        uint32_t floor_value, subtracted;
        noise_estimate[c] = (uint32_t)(((uint64_t)scaled * smoothing +
                                        (uint64_t)noise_estimate[c] * keep) >> TNM_MF_SS_BITS);
        estimate = noise_estimate[c] > scaled ? scaled : noise_estimate[c];
        floor_value = (uint32_t)(((uint64_t)in[c] * TNM_MF_SS_MIN_REMAINING) >> TNM_MF_SS_BITS);
        subtracted = (scaled - estimate) >> TNM_MF_SS_SMOOTHING_BITS;
        out[c] = subtracted > floor_value ? subtracted : floor_value;
    }
}

/* PCAN gain for noise level x: piecewise quadratic in x's octave (gain LUT). */
static int16_t pcan_gain(uint32_t x)
{
    const int16_t *lut;
    int32_t interval, frac, result;
    if (x <= 2) return tnm_mf_pcan_gain_lut[x];
    interval = (int32_t)bit_length32(x);
    lut = tnm_mf_pcan_gain_lut + 4 * interval - 6;
    frac = (int32_t)(((interval < 11) ? (x << (11 - interval)) : (x >> (interval - 11))) &
                     0x3FFu);
    result = ((int32_t)lut[2] * frac) >> 5;
    result += (int32_t)((uint32_t)(int32_t)lut[1] << 5);
    result *= frac;
    result = (result + (1 << 14)) >> 15;
    result += lut[0];
    return wrap16(result);
}

/* shrink(s) = s^2 / 4 below 2, s - 1 above; s has 12 fractional bits, result 6. */
static uint32_t pcan_shrink(uint32_t snr)
{
    if (snr < (2u << TNM_MF_PCAN_SNR_BITS)) {
        return (snr * snr) >> (2 + 2 * TNM_MF_PCAN_SNR_BITS - TNM_MF_PCAN_OUTPUT_BITS);
    }
    return (snr >> (TNM_MF_PCAN_SNR_BITS - TNM_MF_PCAN_OUTPUT_BITS)) -
           (1u << TNM_MF_PCAN_OUTPUT_BITS);
}

static void pcan(const uint32_t *noise_estimate, uint32_t *values)
{
    int32_t c;
    for (c = 0; c < TNM_MF_CHANNELS; c++) {
        const uint32_t gain = (uint32_t)(int32_t)pcan_gain(noise_estimate[c]);
        const uint32_t snr = (uint32_t)(((uint64_t)values[c] * gain) >> TNM_MF_PCAN_SNR_SHIFT);
        values[c] = pcan_shrink(snr);
    }
}

/* Natural log of x (x >= 2) times out_scale, from log2 = integer part + table-
 * corrected linear interpolation of the fraction, then * ln 2 (45426 / 65536). */
static uint32_t log_scaled(uint32_t x, uint32_t out_scale)
{
    const uint32_t integer = bit_length32(x) - 1u;
    int32_t frac = (int32_t)(x - (1u << integer));
    uint32_t base_seg, log2_q16, loge;
    int32_t c0, c1, rel_pos;
    if (integer < 16) {
        frac = (int32_t)((uint32_t)frac << (16 - integer));
    } else {
        frac >>= integer - 16;
    }
    base_seg = (uint32_t)frac >> (16 - 7);
    c0 = tnm_mf_log_lut[base_seg];
    c1 = tnm_mf_log_lut[base_seg + 1];
    rel_pos = ((c1 - c0) * (frac - (int32_t)(base_seg << (16 - 7)))) >> 16;
    log2_q16 = (integer << 16) + (uint32_t)(frac + c0 + rel_pos);
    loge = (uint32_t)(((uint64_t)45426u * log2_q16 + 32768u) >> 16);
    return (out_scale * loge + 32768u) >> 16;
}

static int8_t to_int8_feature(uint32_t value)
{
    const uint32_t scaled = value << TNM_MF_CORRECTION_BITS;
    int32_t log_value = 0;
    int32_t q;
    if (scaled > 1) {
        const uint32_t l = log_scaled(scaled, TNM_MF_LOG_OUTPUT_SCALE);
        log_value = l < (uint32_t)INT16_MAX ? (int32_t)l : INT16_MAX;
    }
    /* (feature * 256 + 333) / 666 - 128, truncating division of a value >= 0. */
    q = (log_value * TNM_MF_INT8_MULTIPLIER + TNM_MF_INT8_DIVISOR / 2) / TNM_MF_INT8_DIVISOR;
    q -= 128;
    if (q < -128) q = -128;
    if (q > 127) q = 127;
    return (int8_t)q;
}

tnm_status tnm_micro_frontend_process(void *state, int32_t state_size,
                                      const int16_t *samples, int32_t sample_count,
                                      int8_t *features, int32_t feature_count,
                                      tnm_error *err)
{
    tnm_mf_state *st = (tnm_mf_state *)state;
    const tnm_mf_settings *set;
    uint64_t banks[TNM_MF_CHANNELS];
    uint32_t values[TNM_MF_CHANNELS];
    uint32_t cleaned[TNM_MF_CHANNELS];
    int32_t shift, c;
    tnm_status status = check_state_buffer(state, state_size, err);
    if (status != TNM_OK) return status;
    if (st->tag == TNM_MF_TAG) {
        set = &k_micro_speech;
    } else if (st->tag == TNM_MWW_TAG) {
        set = &k_micro_wake_word;
    } else {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_STATE, -1, (int32_t)st->tag,
                        (int32_t)TNM_MF_TAG);
    }
    if (samples == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, -1, 0, 0);
    if (sample_count != TNM_MF_WINDOW_SAMPLES) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, -1, sample_count,
                        TNM_MF_WINDOW_SAMPLES);
    }
    if (features == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURES, -1, 0, 0);
    if (feature_count != TNM_MICRO_FRONTEND_FEATURES) {
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_FEATURES, -1, feature_count,
                        TNM_MICRO_FRONTEND_FEATURES);
    }

    shift = window_and_scale(set, samples, st->fft_input);
    spectrum_energy(st);
    filter_bank(set, st->energy, banks);
    for (c = 0; c < TNM_MF_CHANNELS; c++) values[c] = sqrt_rounded(banks[c]) >> shift;
    spectral_subtraction(st->noise_estimate, values, cleaned);
    pcan(st->noise_estimate, cleaned);
    for (c = 0; c < TNM_MF_CHANNELS; c++) features[c] = to_int8_feature(cleaned[c]);
    st->frames++;
    return TNM_OK;
}
