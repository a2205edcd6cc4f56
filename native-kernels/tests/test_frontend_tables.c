/*
 * Recomputes every constant table of the micro_speech front end from the formula
 * documented beside it (src/frontend/tnm_micro_frontend_tables.c), following the
 * generators TFLM used for audio_preprocessor_int8.tflite, and checks that the
 * tables match element for element.
 */
#include <math.h>
#include <stdio.h>

#include "../src/frontend/tnm_micro_frontend_tables.h"
#include "tnm_test.h"

static const double k_pi = 3.14159265358979323846;

static void test_window(void)
{
    int n, bad = 0;
    for (n = 0; n < TNM_MF_WINDOW_SAMPLES; n++) {
        const double w = 0.5 - 0.5 * cos(2.0 * k_pi * (n + 0.5) / TNM_MF_WINDOW_SAMPLES);
        bad += (int16_t)rint(w * 4096.0) != tnm_mf_window[n]; /* rint: half to even */
    }
    CHECK_EQ(0, bad);
}

/* The microfrontend library's window (window_util.c), all in float32. */
static void test_window_microfrontend(void)
{
    const float arg = (float)k_pi * 2.0f / (float)TNM_MF_WINDOW_SAMPLES;
    int n, bad = 0;
    for (n = 0; n < TNM_MF_WINDOW_SAMPLES; n++) {
        const float w = 0.5f - 0.5f * cosf(arg * ((float)n + 0.5f));
        bad += (int16_t)floorf(w * 4096.0f + 0.5f) != tnm_mfl_window[n];
    }
    CHECK_EQ(0, bad);
    /* The two windows differ (in one tap): the table is not a copy. */
    bad = 0;
    for (n = 0; n < TNM_MF_WINDOW_SAMPLES; n++) bad += tnm_mf_window[n] != tnm_mfl_window[n];
    CHECK(bad > 0);
}

static int16_t q15_twiddle(double v) { return (int16_t)floor(0.5 + 32767.0 * v); }

static void test_fft_twiddles(void)
{
    int k, bad = 0;
    for (k = 0; k < TNM_MF_CFFT_TWIDDLES; k++) {
        const double phase = -2.0 * k_pi * k / TNM_MF_CFFT_LENGTH;
        bad += q15_twiddle(cos(phase)) != tnm_mf_cfft_twiddles[2 * k];
        bad += q15_twiddle(sin(phase)) != tnm_mf_cfft_twiddles[2 * k + 1];
    }
    for (k = 0; k < TNM_MF_CFFT_LENGTH / 2; k++) {
        const double phase = -k_pi * ((double)(k + 1) / TNM_MF_CFFT_LENGTH + 0.5);
        bad += q15_twiddle(cos(phase)) != tnm_mf_rfft_twiddles[2 * k];
        bad += q15_twiddle(sin(phase)) != tnm_mf_rfft_twiddles[2 * k + 1];
    }
    CHECK_EQ(0, bad);
}

static void test_log_lut(void)
{
    int i, bad = 0;
    for (i = 0; i <= TNM_MF_LOG_SEGMENTS; i++) {
        const double x = (double)i / TNM_MF_LOG_SEGMENTS;
        bad += (uint16_t)floor(65536.0 * (log2(1.0 + x) - x) + 0.5) != tnm_mf_log_lut[i];
    }
    CHECK_EQ(0, bad);
    CHECK_EQ(0, tnm_mf_log_lut[TNM_MF_LOG_SEGMENTS + 1]);
}

/* PCAN gain g(x) = 2^21 (x / 2^7 + 80)^-0.95 in float, rounded to int16. */
static int16_t pcan_gain(uint32_t x)
{
    const float xf = (float)x / (float)(1u << 7);
    const float gain = (float)(1u << 21) * powf(xf + 80.0f, -0.95f);
    if (gain > 32767.0f) return 32767;
    return (int16_t)(gain + 0.5f);
}

static void test_pcan_lut(void)
{
    int16_t lut[TNM_MF_PCAN_LUT + 1];
    int interval, i, bad = 0;
    lut[0] = pcan_gain(0);
    lut[1] = pcan_gain(1);
    for (interval = 2; interval <= 32; interval++) {
        const uint32_t x0 = 1u << (interval - 1);
        const uint32_t x1 = x0 + (x0 >> 1);
        const uint32_t x2 = interval == 32 ? x0 + (x0 - 1) : 2 * x0;
        const int32_t y0 = pcan_gain(x0);
        const int32_t diff1 = pcan_gain(x1) - y0;
        const int32_t diff2 = pcan_gain(x2) - y0;
        const int32_t a1 = 4 * diff1 - diff2;
        const int base = 4 * interval - 6;
        lut[base] = (int16_t)y0;
        lut[base + 1] = (int16_t)a1;
        lut[base + 2] = (int16_t)(diff2 - a1);
        if (base + 3 <= TNM_MF_PCAN_LUT) lut[base + 3] = 0;
    }
    for (i = 0; i < TNM_MF_PCAN_LUT; i++) bad += lut[i] != tnm_mf_pcan_gain_lut[i];
    CHECK_EQ(0, bad);
}

/* mel(f) = 1127 * log1pf(f / 700) in float32, with log1pf correctly rounded (as the
 * generator's was; computed through double here because some libm log1pf, e.g.
 * glibc 2.36's, is one ulp off at 7500 Hz, which would drop bin 240 from channel 40). */
static float freq_to_mel(float hz) { return 1127.0f * (float)log1p((double)(hz / 700.0f)); }

/* The microfrontend library computes its mel scale at run time with the C library's
 * log1pf; tnm_mfl_fb_weights hold what it computes with glibc's (x86-64, glibc 2.36), where
 * the training pipeline (TensorFlow's audio_microfrontend op) runs. */
static float freq_to_mel_libm(float hz)
{
    volatile float ratio = hz / 700.0f; /* a run-time call, as in the library: compilers fold
                                           log1pf of a constant correctly rounded */
    return 1127.0f * log1pf(ratio);
}

/* TFLM filter_bank_ops._init_filter_bank_weights for 40 channels, 125..7500 Hz,
 * spectrum 257, 16 kHz, alignment 4 bytes (2 bins), channel block size 4. */
static void test_filter_bank(void)
{
    enum { CH = TNM_MF_CHANNELS + 1, BLOCK = 4, ALIGN = 2, MAXW = 1024 };
    const double hz_per_bin = 8000.0 / 256.0;
    const float lower = 125.0f, upper = 7500.0f;
    float centers[CH];
    int16_t freq_starts[CH], weight_starts[CH], widths[CH], actual_starts[CH], actual_widths[CH];
    int16_t weights[MAXW] = {0}, unweights[MAXW] = {0};
    int16_t rounded_weights[MAXW] = {0}, rounded_unweights[MAXW] = {0};
    const float mel_lower = freq_to_mel(lower);
    const float mel_spacing = (freq_to_mel(upper) - mel_lower) / (float)CH;
    int start_index, chan, bin, weight_index = 0, needs_zeros = 0, end_index = 0, i, bad = 0;
    float centers_libm[CH];
    const float mel_lower_libm = freq_to_mel_libm(lower);
    const float mel_spacing_libm = (freq_to_mel_libm(upper) - mel_lower_libm) / (float)CH;
    for (chan = 0; chan < CH; chan++) centers[chan] = mel_lower + mel_spacing * (float)(chan + 1);
    for (chan = 0; chan < CH; chan++) {
        centers_libm[chan] = mel_lower_libm + mel_spacing_libm * (float)(chan + 1);
    }
    start_index = (int)floor(1.0 + lower / hz_per_bin + 0.5);
    CHECK_EQ(TNM_MF_ENERGY_START, start_index);
    bin = start_index;
    for (chan = 0; chan < CH; chan++) {
        int next = bin, width;
        while (freq_to_mel((float)(next * hz_per_bin)) <= centers[chan]) next++;
        width = next - bin;
        actual_starts[chan] = (int16_t)bin;
        actual_widths[chan] = (int16_t)width;
        if (width == 0) {
            freq_starts[chan] = 0;
            weight_starts[chan] = 0;
            widths[chan] = BLOCK;
            if (!needs_zeros) {
                needs_zeros = 1;
                for (i = 0; i < chan; i++) weight_starts[i] += BLOCK;
                weight_index += BLOCK;
            }
        } else {
            const int aligned = (bin / ALIGN) * ALIGN;
            const int padded = ((bin - aligned + width - 1) / BLOCK + 1) * BLOCK;
            freq_starts[chan] = (int16_t)aligned;
            weight_starts[chan] = (int16_t)weight_index;
            widths[chan] = (int16_t)padded;
            weight_index += padded;
        }
        bin = next;
    }
    CHECK_EQ(TNM_MF_FB_WEIGHTS, weight_index);
    if (weight_index != TNM_MF_FB_WEIGHTS) return;
    for (chan = 0; chan < CH; chan++) {
        const float previous = chan == 0 ? mel_lower : centers[chan - 1];
        int f = actual_starts[chan];
        const int offset = actual_starts[chan] - freq_starts[chan];
        for (i = 0; i < actual_widths[chan]; i++, f++) {
            const float num = centers[chan] - freq_to_mel((float)(f * hz_per_bin));
            const float den = centers[chan] - previous;
            const float w = num / den;
            const int at = weight_starts[chan] + offset + i;
            weights[at] = (int16_t)(w * 4096.0f);
            unweights[at] = (int16_t)((1.0f - w) * 4096.0f);
            /* The microfrontend library (filterbank_util.c) rounds to nearest instead. */
            const float previous_libm = chan == 0 ? mel_lower_libm : centers_libm[chan - 1];
            const float w_libm = (centers_libm[chan] - freq_to_mel_libm((float)(f * hz_per_bin))) /
                                 (centers_libm[chan] - previous_libm);
            rounded_weights[at] = (int16_t)floorf(w_libm * 4096.0f + 0.5f);
            rounded_unweights[at] = (int16_t)floorf((1.0f - w_libm) * 4096.0f + 0.5f);
        }
        if (f > end_index) end_index = f;
    }
    CHECK_EQ(TNM_MF_ENERGY_END, end_index);
    for (chan = 0; chan < CH; chan++) {
        bad += freq_starts[chan] != tnm_mf_fb_freq_starts[chan];
        bad += weight_starts[chan] != tnm_mf_fb_weight_starts[chan];
        bad += widths[chan] != tnm_mf_fb_widths[chan];
    }
    CHECK_EQ(0, bad);
    bad = 0;
    for (i = 0; i < TNM_MF_FB_WEIGHTS; i++) {
        if (weights[i] != tnm_mf_fb_weights[i] || unweights[i] != tnm_mf_fb_unweights[i]) {
            if (bad < 5) {
                fprintf(stderr, "weight %d: %d/%d, table %d/%d\n", i, weights[i], unweights[i],
                        tnm_mf_fb_weights[i], tnm_mf_fb_unweights[i]);
            }
            bad++;
        }
    }
    CHECK_EQ(0, bad);
#ifndef __GLIBC__
    tnm_test_skip("microfrontend weights: recomputed only with glibc's log1pf");
    return;
#endif
    bad = 0;
    for (i = 0; i < TNM_MF_FB_WEIGHTS; i++) {
        if (rounded_weights[i] != tnm_mfl_fb_weights[i] ||
            rounded_unweights[i] != tnm_mfl_fb_unweights[i]) {
            if (bad < 5) {
                fprintf(stderr, "rounded weight %d: %d/%d, table %d/%d\n", i, rounded_weights[i],
                        rounded_unweights[i], tnm_mfl_fb_weights[i], tnm_mfl_fb_unweights[i]);
            }
            bad++;
        }
    }
    CHECK_EQ(0, bad);
}

int main(void)
{
    test_window();
    test_window_microfrontend();
    test_fft_twiddles();
    test_log_lut();
    test_pcan_lut();
    test_filter_bank();
    return tnm_test_finish("test_frontend_tables");
}
