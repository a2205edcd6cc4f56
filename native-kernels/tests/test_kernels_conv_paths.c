/*
 * CONV_2D: every path of the optimized variants this build compiles (the Cortex-M DSP
 * block on M4/M7 and its C twin on a host; rv32; and the public tnm_conv_s8) against the
 * portable reference, with random cases built to hit each path on purpose:
 *   - patch gathering: windows inside the image whose rows of taps are whole groups of
 *     4 bytes (straight from the input: 1x1 with in_c % 4 == 0, 10x4 with one channel,
 *     3x3 with in_c % 4 == 0); inside the image with other row lengths (staged: 3x3x3,
 *     1x1x17, 5x5x1); windows over the padding; dilated columns;
 *   - requantization per channel: the fast form (shifts -2..-23), the wide form (shifts
 *     -24..-31, with accumulators large enough to give outputs other than the zero
 *     point), and shifts of -1 and above (the C path), mixed within one call;
 *   - activation ranges: full, a minimum only, a minimum and a maximum;
 *   - pixel counts with a last block of 1, 2 or 3 pixels and more output channels than
 *     one chunk of the short-block buffer (32);
 *   - one output channel (the Cortex-M DSP variant's own path), and rows of taps read as
 *     padded words (3x3 over 1 channel, 1x1 over 1-3 or 5-7), the input at the end of its
 *     buffer;
 *   - in place (the Cortex-M DSP variant with its scratch): a 1x1 convolution with stride 1 and no padding, out_c <= in_c, writing
 *     over its own input (what the runtime's in-place execution relies on: every input
 *     pixel is read before the outputs of its block are written, and each output once).
 * Outputs must match byte for byte; nothing may be written past the output or the
 * scratch (the size query's own figure).
 */
#include <string.h>

#include "../src/kernels/tnm_kernels_opt.h"
#include "test_kernels_ref.h"
#include "test_kernels_scratch.h"
#include "tnm/tnm_kernels.h"
#include "tnm_test_conv.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_IN 16384
#define MAX_FILTER 24576
#define MAX_OUT 16384
#define MAX_CH 96
#define GUARD 16

typedef struct {
    const char *name;
    tnm_test_conv_fn conv;
} variant;

static const variant g_variants[] = {
    {"public", tnm_conv_s8},
#if TNM_HAVE_ARM_DSP_VARIANT
    {"arm_dsp", tnm_conv_s8_arm_dsp},
#endif
#if TNM_HAVE_RV32_VARIANT
    {"rv32", tnm_conv_s8_rv32},
#endif
};
#define VARIANTS ((int)(sizeof g_variants / sizeof g_variants[0]))

static int8_t g_in[MAX_IN], g_copy[MAX_IN + GUARD], g_filter[MAX_FILTER];
static int8_t g_expected[MAX_OUT], g_out[MAX_OUT + GUARD];
static int32_t g_bias[MAX_CH], g_mult[MAX_CH];
static int8_t g_shift[MAX_CH];
static long g_outputs, g_cases, g_wide_channels, g_slow_channels, g_inplace, g_rv32_fast;
static int32_t g_in_at; /* input at g_in + g_in_at (1: not 4-byte aligned) */
static uint32_t g_zero_rows; /* output channels 0-31 whose weights run_case zeroes (dead channels) */

/* Per-channel requantization: mostly the fast form, some wide, some -1 and above. */
static void random_quant(tnm_rng *rng, tnm_conv_params *p, int32_t channels, int32_t k)
{
    int32_t i;
    const int range = tnm_rng_range(rng, 0, 2);
    p->input_offset = tnm_rng_range(rng, -127, 128);
    p->output_offset = tnm_rng_range(rng, -128, 127);
    if (range == 0) { /* full */
        p->act_min = -128;
        p->act_max = 127;
    } else if (range == 1) { /* a minimum only, as after a ReLU */
        p->act_min = tnm_rng_range(rng, -127, 100);
        p->act_max = 127;
    } else { /* both */
        p->act_min = tnm_rng_range(rng, -128, 0);
        p->act_max = tnm_rng_range(rng, p->act_min, 126);
    }
    for (i = 0; i < channels; ++i) {
        const int kind = tnm_rng_range(rng, 0, 9);
        g_mult[i] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        if (kind <= 5) { /* fast form, scaled to the patch so outputs spread */
            int32_t s = -(int32_t)tnm_rng_range(rng, 6, 12) - (k > 64 ? 2 : 0);
            g_shift[i] = (int8_t)(s < -23 ? -23 : s);
            g_bias[i] = tnm_rng_range(rng, -30000, 30000);
        } else if (kind <= 7) { /* wide form; accumulators up to +-2^31 */
            g_shift[i] = (int8_t)tnm_rng_range(rng, -31, -24);
            g_bias[i] = tnm_rng_range(rng, 0, 1) ? tnm_rng_range(rng, INT32_MIN / 2, INT32_MAX / 2)
                                                 : tnm_rng_range(rng, -2000000000, 2000000000);
            g_wide_channels++;
        } else if (kind == 8) { /* the other end of the fast form */
            g_shift[i] = (int8_t)(tnm_rng_range(rng, 0, 1) ? -2 : -23);
            g_bias[i] = tnm_rng_range(rng, -30000, 30000);
        } else { /* -1 and above: requantized in C */
            g_shift[i] = (int8_t)tnm_rng_range(rng, -1, 2);
            g_bias[i] = tnm_rng_range(rng, -300, 300);
            g_slow_channels++;
        }
    }
}

/* Reference into g_expected, then every variant with its own scratch query; in place
 * (input copied into the output buffer first) for the Cortex-M DSP variant only. */
static void run_case(tnm_rng *rng, const tnm_conv_params *p, const tnm_dims *in,
                     const tnm_dims *filter, const tnm_dims *out, int in_place, const char *what)
{
    tnm_quant q;
    const int32_t count = tnm_test_count(out), in_count = tnm_test_count(in);
    int v;
    q.multiplier = g_mult;
    q.shift = g_shift;
    CHECK(count <= MAX_OUT && in_count + g_in_at <= MAX_IN && tnm_test_count(filter) <= MAX_FILTER && out->c <= MAX_CH);
    rnd_fill_s8(rng, g_in + g_in_at, in_count);
    rnd_fill_s8(rng, g_filter, tnm_test_count(filter));
    for (v = 0; v < 32 && v < filter->n; ++v) {
        if ((g_zero_rows >> v & 1u) != 0) memset(g_filter + v * (tnm_test_count(filter) / filter->n), 0, (size_t)(tnm_test_count(filter) / filter->n));
    }
    CHECK_EQ(TNM_OK, tnm_conv_s8_ref(p, &q, in, g_in + g_in_at, filter, g_filter, g_bias, out, g_expected, NULL));
    for (v = 0; v < VARIANTS; ++v) {
        const int32_t need = test_conv_scratch_need(g_variants[v].name, in, filter, out, 0);
        int32_t i, mismatches = 0;
        int8_t *dst = g_out;
        void *scratch;
        if (in_place && strcmp(g_variants[v].name, "arm_dsp") != 0) continue;
        CHECK(need >= 0);
        scratch = test_scratch(need, (uint32_t)g_cases + (uint32_t)v, 0);
        if (in_place) {
            memcpy(g_copy, g_in + g_in_at, (size_t)in_count);
            memset(g_copy + in_count, 0x5A, GUARD);
            dst = g_copy;
            CHECK_EQ(TNM_OK, g_variants[v].conv(p, &q, in, g_copy, filter, g_filter, g_bias, out, g_copy, scratch));
            for (i = 0; i < GUARD; ++i) CHECK_EQ(0x5A, g_copy[in_count + i]);
            g_inplace++;
        } else {
            memset(g_out, 0x5A, (size_t)count + GUARD);
            CHECK_EQ(TNM_OK, g_variants[v].conv(p, &q, in, g_in + g_in_at, filter, g_filter, g_bias, out, g_out, scratch));
            for (i = 0; i < GUARD; ++i) CHECK_EQ(0x5A, g_out[count + i]);
        }
        test_scratch_check();
        for (i = 0; i < count; ++i) mismatches += dst[i] != g_expected[i];
        if (mismatches) {
            fprintf(stderr,
                    "%s %s: %d/%d differ (in %dx%dx%dx%d filter %dx%dx%dx%d stride %d,%d dil %d,%d pad %d,%d act %d..%d)\n",
                    g_variants[v].name, what, (int)mismatches, (int)count, (int)in->n, (int)in->h, (int)in->w,
                    (int)in->c, (int)filter->n, (int)filter->h, (int)filter->w, (int)filter->c, (int)p->stride_h,
                    (int)p->stride_w, (int)p->dilation_h, (int)p->dilation_w, (int)p->pad_h, (int)p->pad_w,
                    (int)p->act_min, (int)p->act_max);
        }
        CHECK_EQ(0, mismatches);
        g_outputs += count;
    }
    g_cases++;
}

/* SAME-style geometry for filter fh x fw, stride, dilation; out.c = oc. */
static void geometry(tnm_conv_params *p, tnm_dims *in, tnm_dims *filter, tnm_dims *out, int32_t n,
                     int32_t ih, int32_t iw, int32_t ic, int32_t fh, int32_t fw, int32_t oc,
                     int32_t stride, int32_t dil, int same)
{
    const int32_t span_h = (fh - 1) * dil + 1, span_w = (fw - 1) * dil + 1;
    memset(p, 0, sizeof *p);
    p->stride_h = p->stride_w = stride;
    p->dilation_h = p->dilation_w = dil;
    p->depth_multiplier = 1;
    in->n = out->n = n;
    in->h = ih;
    in->w = iw;
    in->c = ic;
    filter->n = oc;
    filter->h = fh;
    filter->w = fw;
    filter->c = ic;
    out->c = oc;
    if (same) {
        out->h = (ih + stride - 1) / stride;
        out->w = (iw + stride - 1) / stride;
        p->pad_h = ((out->h - 1) * stride + span_h - ih) / 2;
        p->pad_w = ((out->w - 1) * stride + span_w - iw) / 2;
        if (p->pad_h < 0) p->pad_h = 0;
        if (p->pad_w < 0) p->pad_w = 0;
    } else {
        out->h = (ih - span_h) / stride + 1;
        out->w = (iw - span_w) / stride + 1;
    }
}

/* The shapes of each gathering path, random sizes and channel counts. */
static void test_paths(uint32_t seed, int rounds)
{
    static const int32_t ocs[] = {1, 2, 3, 5, 8, 13, 16, 33, 40, 64, 67};
    tnm_rng rng;
    int r;
    tnm_rng_seed(&rng, seed);
    for (r = 0; r < rounds; ++r) {
        tnm_conv_params p;
        tnm_dims in, filter, out;
        const int32_t oc = ocs[tnm_rng_range(&rng, 0, 10)];
        const int32_t n = tnm_rng_range(&rng, 0, 5) == 0 ? 2 : 1;
        int32_t ih = tnm_rng_range(&rng, 3, 13), iw = tnm_rng_range(&rng, 3, 13), ic, fh, fw, stride = 1, dil = 1;
        int same = tnm_rng_range(&rng, 0, 2) != 0;
        switch (r % 8) {
        case 0: fh = fw = 1; ic = 4 * tnm_rng_range(&rng, 1, 16); break;       /* direct 1x1 */
        case 1: fh = 10; fw = 4; ic = 1; ih = tnm_rng_range(&rng, 10, 30); stride = tnm_rng_range(&rng, 1, 2); break;
        case 2: fh = fw = 3; ic = 4 * tnm_rng_range(&rng, 1, 6); stride = tnm_rng_range(&rng, 1, 2); break;
        case 3: fh = fw = 3; ic = 3; stride = 2; ih += 8; iw += 8; break;        /* first layers */
        case 4: fh = fw = 1; ic = tnm_rng_range(&rng, 1, 40) | 1; break;         /* staged 1x1 */
        case 5: fh = fw = tnm_rng_range(&rng, 0, 1) ? 5 : 7; ic = tnm_rng_range(&rng, 1, 3); ih += 6; iw += 6; break;
        case 6: fh = fw = 3; ic = tnm_rng_range(&rng, 1, 9); dil = 2; ih += 4; iw += 4; break;
        default: fh = tnm_rng_range(&rng, 1, 4); fw = tnm_rng_range(&rng, 1, 4); ic = tnm_rng_range(&rng, 1, 12);
                 stride = tnm_rng_range(&rng, 1, 3); break;
        }
        if (!same && (ih < (fh - 1) * dil + 1 || iw < (fw - 1) * dil + 1)) same = 1;
        geometry(&p, &in, &filter, &out, n, ih, iw, ic, fh, fw, oc, stride, dil, same);
        if (tnm_test_count(&in) > MAX_IN || tnm_test_count(&out) > MAX_OUT || tnm_test_count(&filter) > MAX_FILTER) continue;
        random_quant(&rng, &p, oc, fh * fw * ic);
        run_case(&rng, &p, &in, &filter, &out, 0, "paths");
    }
}

/* One output channel (the Cortex-M DSP variant's dot products from the input): runs along
 * rows and down columns, windows at every edge, rows of taps that are not whole words (read
 * up to 3 bytes past a row), strides, row dilation, batches; the input placed at the very
 * end of its buffer, so a word read past the input (the runs must stop before a pixel whose
 * last word would pass it) is an overflow for the sanitizer build; 1x1 ones in place too. */
static void test_one_out(uint32_t seed, int rounds)
{
    tnm_rng rng;
    int r;
    tnm_rng_seed(&rng, seed);
    for (r = 0; r < rounds; ++r) {
        tnm_conv_params p;
        tnm_dims in, filter, out;
        const int32_t n = tnm_rng_range(&rng, 0, 4) == 0 ? 2 : 1;
        const int pointwise = tnm_rng_range(&rng, 0, 3) == 0; /* 1x1: the whole tensor one run at stride 1 */
        const int32_t fh = pointwise ? 1 : tnm_rng_range(&rng, 1, 7), fw = pointwise ? 1 : tnm_rng_range(&rng, 1, 7);
        const int32_t ic = tnm_rng_range(&rng, 0, 2) == 0 ? 4 * tnm_rng_range(&rng, 1, 12) : tnm_rng_range(&rng, 1, 13);
        const int32_t stride = tnm_rng_range(&rng, 1, 3), dil = tnm_rng_range(&rng, 0, 3) == 0 ? 2 : 1;
        const int32_t ih = tnm_rng_range(&rng, 1, 14), iw = tnm_rng_range(&rng, 1, 14);
        int same = tnm_rng_range(&rng, 0, 2) != 0;
        if (!same && (ih < (fh - 1) * dil + 1 || iw < fw)) same = 1;
        geometry(&p, &in, &filter, &out, n, ih, iw, ic, fh, fw, 1, stride, 1, same);
        p.dilation_h = dil; /* rows only: the columns of taps stay contiguous */
        if (same) {
            p.pad_h = ((out.h - 1) * stride + (fh - 1) * dil + 1 - ih) / 2;
            if (p.pad_h < 0) p.pad_h = 0;
        } else {
            out.h = (ih - ((fh - 1) * dil + 1)) / stride + 1;
        }
        if (out.h < 1 || out.w < 1 || tnm_test_count(&in) > MAX_IN || tnm_test_count(&filter) > MAX_FILTER) continue;
        if (tnm_rng_range(&rng, 0, 3) == 0) { /* more padding on every side */
            p.pad_h += tnm_rng_range(&rng, 0, 2);
            p.pad_w += tnm_rng_range(&rng, 0, 2);
            out.h += tnm_rng_range(&rng, 0, 2);
            out.w += tnm_rng_range(&rng, 0, 2);
        }
        random_quant(&rng, &p, 1, fh * fw * ic);
        g_in_at = MAX_IN - tnm_test_count(&in);
        run_case(&rng, &p, &in, &filter, &out, 0, "one output channel");
        if (fh == 1 && fw == 1 && stride == 1 && p.pad_h == 0 && p.pad_w == 0 && out.h == ih && out.w == iw) {
            run_case(&rng, &p, &in, &filter, &out, 1, "one output channel, in place");
        }
        g_in_at = 0;
    }
}

/* Rows of taps that are not whole words read as whole words (the Cortex-M block's padded
 * rows: 3x3 over 1 channel, 1x1 over 1-3 or 5-7, 1-row filters), against a reference: windows
 * at the edges, strides, the input at the very end of its buffer (the quads and pixels whose
 * last words would pass it must take the staged path: an overflow for the sanitizer build),
 * 1x1 ones in place too. */
static void test_padded_rows(uint32_t seed, int rounds)
{
    static const int32_t ocs[] = {2, 3, 4, 5, 8, 13, 16, 33, 64};
    tnm_rng rng;
    int r;
    tnm_rng_seed(&rng, seed);
    for (r = 0; r < rounds; ++r) {
        tnm_conv_params p;
        tnm_dims in, filter, out;
        const int32_t oc = ocs[tnm_rng_range(&rng, 0, 8)], stride = tnm_rng_range(&rng, 1, 2);
        const int32_t n = tnm_rng_range(&rng, 0, 4) == 0 ? 2 : 1;
        const int32_t ih = tnm_rng_range(&rng, 2, 14), iw = tnm_rng_range(&rng, 2, 14);
        int32_t fh, fw, ic;
        switch (r % 3) {
        case 0: fh = fw = 3; ic = 1; break;
        case 1: fh = fw = 1; ic = tnm_rng_range(&rng, 0, 1) ? tnm_rng_range(&rng, 1, 3) : tnm_rng_range(&rng, 5, 7); break;
        default: fh = 1; fw = tnm_rng_range(&rng, 2, 5); ic = tnm_rng_range(&rng, 1, 3); break;
        }
        if (fw * ic % 4 == 0) ic = ic == 1 ? 3 : 1; /* (1-row filters: a row not whole words) */
        geometry(&p, &in, &filter, &out, n, ih, iw, ic, fh, fw, oc, stride, 1, tnm_rng_range(&rng, 0, 1));
        if (out.h < 1 || out.w < 1 || tnm_test_count(&out) > MAX_OUT) continue;
        random_quant(&rng, &p, oc, fh * fw * ic);
        g_in_at = MAX_IN - tnm_test_count(&in);
        run_case(&rng, &p, &in, &filter, &out, 0, "padded rows");
        if (fh == 1 && fw == 1 && stride == 1 && oc <= ic) run_case(&rng, &p, &in, &filter, &out, 1, "padded rows, in place");
        g_in_at = 0;
    }
}

/* Last blocks of 1-3 pixels with more channels than one 32-channel chunk. */
static void test_tails(uint32_t seed)
{
    tnm_rng rng;
    int32_t pixels;
    tnm_rng_seed(&rng, seed);
    for (pixels = 1; pixels <= 11; ++pixels) {
        tnm_conv_params p;
        tnm_dims in, filter, out;
        const int32_t oc = tnm_rng_range(&rng, 33, 90);
        geometry(&p, &in, &filter, &out, 1, 1, pixels, 8, 1, 1, oc, 1, 1, 0);
        random_quant(&rng, &p, oc, 8);
        run_case(&rng, &p, &in, &filter, &out, 0, "tails");
        geometry(&p, &in, &filter, &out, 1, 3, pixels + 2, 3, 3, 3, oc, 1, 1, 0);
        random_quant(&rng, &p, oc, 27);
        run_case(&rng, &p, &in, &filter, &out, 0, "tails 3x3");
    }
}

/* 1x1, stride 1, VALID, out_c <= in_c, output over the input. */
static void test_in_place(uint32_t seed, int rounds)
{
    tnm_rng rng;
    int r;
    tnm_rng_seed(&rng, seed);
    for (r = 0; r < rounds; ++r) {
        tnm_conv_params p;
        tnm_dims in, filter, out;
        const int32_t ic = tnm_rng_range(&rng, 1, 64);
        const int32_t oc = tnm_rng_range(&rng, 1, ic);
        geometry(&p, &in, &filter, &out, 1, tnm_rng_range(&rng, 1, 9), tnm_rng_range(&rng, 1, 9), ic, 1, 1, oc,
                 1, 1, 0);
        random_quant(&rng, &p, oc, ic);
        run_case(&rng, &p, &in, &filter, &out, 1, "in place");
    }
}

/* The pixel-ordered paths (tnm_conv_s8_arm_dsp_pixels, tnm_conv_s8_rv32_pixels: what the
 * runtime runs for TNM_LAYER_IN_PLACE_PIXELS) in place, the output as close below (in order)
 * or above (descending) its input as their contract allows: no output pixel over input
 * pixels after it (descending: before it). 1x1 over 3-40 pixels, up to 96 output channels
 * (rv32: more than one 64-channel chunk), quantization in the blocks' forms, so each path
 * must take the call. */
static int g_narrow; /* calls of the narrow shape with the input word aligned */

static void test_pixels_in_place(uint32_t seed, int rounds, int narrow)
{
    typedef int (*pixels_fn)(const tnm_conv_params *, const tnm_quant *, const tnm_dims *, const int8_t *,
                             const tnm_dims *, const int8_t *, const int32_t *, const tnm_dims *, int8_t *,
                             void *, int);
    static const struct {
        const char *name;
        pixels_fn fn;
    } paths[] = {
#if TNM_HAVE_ARM_DSP_VARIANT
        {"arm_dsp", tnm_conv_s8_arm_dsp_pixels},
#endif
#if TNM_HAVE_RV32_VARIANT
        {"rv32", tnm_conv_s8_rv32_pixels},
#endif
        {0, 0}, /* (a build with neither: nothing to run) */
    };
    tnm_rng rng;
    int r, v;
    tnm_rng_seed(&rng, seed);
    for (r = 0; r < rounds; ++r) {
        tnm_conv_params p;
        tnm_dims in, filter, out;
        tnm_quant q;
        /* narrow: 1x1 over 4 or 8 channels to at most 24 (Cortex-M CONV_NARROW in pixel order up to
         * 16, declining more) */
        const int32_t ic = narrow ? 4 * tnm_rng_range(&rng, 1, 2) : tnm_rng_range(&rng, 1, 96);
        const int32_t oc = tnm_rng_range(&rng, 1, narrow ? 24 : 96);
        int32_t pixels = tnm_rng_range(&rng, 3, 40), i, ran, gap;
        const int descending = r % 2;
        if (pixels == 5) pixels = 6; /* rv32 declines 5 (its last block moves back) */
        geometry(&p, &in, &filter, &out, 1, 1, pixels, ic, 1, 1, oc, 1, 1, 0);
        if (tnm_test_count(&in) > MAX_IN / 2 || tnm_test_count(&out) > MAX_OUT / 2) continue;
        random_quant(&rng, &p, oc, ic);
        for (i = 0; i < oc; ++i) { /* the blocks' forms: no channel left to the general loop */
            g_shift[i] = (int8_t)-(int32_t)tnm_rng_range(&rng, 6, 12);
            g_bias[i] = tnm_rng_range(&rng, -30000, 30000);
        }
        q.multiplier = g_mult;
        q.shift = g_shift;
        rnd_fill_s8(&rng, g_in, tnm_test_count(&in));
        rnd_fill_s8(&rng, g_filter, tnm_test_count(&filter));
        CHECK_EQ(TNM_OK, tnm_conv_s8_ref(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out, g_expected, NULL));
        /* in order: output pixel u ends at most where input pixel u + 1 starts (gap = input
         * start - output start >= max over u of (oc - ic) * (u + 1)); descending: output
         * pixel u starts at or past the end of input pixel u - 1 (gap >= max of (ic - oc) * u) */
        gap = descending ? (ic > oc ? (ic - oc) * (pixels - 1) : 0) : (oc > ic ? (oc - ic) * pixels : 0);
        if (narrow) gap = (gap + 3) & ~3; /* the input word aligned (a larger gap still holds) */
        for (v = 0; paths[v].fn != 0; ++v) {
            const int32_t need = test_conv_scratch_need(paths[v].name, &in, &filter, &out, 0);
            int8_t *base = g_copy, *in_at, *out_at;
            int32_t mismatches = 0;
            void *scratch;
            memset(g_copy, 0x5A, sizeof g_copy);
            if (descending) {
                in_at = base;
                out_at = base + gap;
            } else {
                out_at = base;
                in_at = base + gap;
            }
            memcpy(in_at, g_in, (size_t)tnm_test_count(&in));
            scratch = test_scratch(need, (uint32_t)r + (uint32_t)v, 0);
            g_narrow += narrow && ((uintptr_t)in_at & 3u) == 0 && tnm_opt_conv_narrow_shape(&p, &in, &filter, &out);
            ran = paths[v].fn(&p, &q, &in, in_at, &filter, g_filter, g_bias, &out, out_at, scratch, descending);
            if (ran != 1) fprintf(stderr, "%s pixels declined %d pixels %d -> %d channels\n", paths[v].name,
                                    (int)pixels, (int)ic, (int)oc);
            CHECK_EQ(1, ran);
            test_scratch_check();
            for (i = 0; i < tnm_test_count(&out); ++i) mismatches += out_at[i] != g_expected[i];
            if (mismatches) {
                fprintf(stderr, "%s pixels in place%s: %d differ (%d pixels, %d -> %d channels)\n", paths[v].name,
                        descending ? " descending" : "", (int)mismatches, (int)pixels, (int)ic, (int)oc);
            }
            CHECK_EQ(0, mismatches);
            g_inplace++;
        }
        g_cases++;
    }
}

/* rv32's fast path (tnm_conv_s8_rv32: every shift in -2..-21 and |acc| < 2^29): both
 * patch layouts (int8 with the offset folded, gathered as words or bytes, aligned or not;
 * int16), the channel chunks outermost or not, blocks of 4 and 3 pixels and the last 1-2
 * pixels, the last 1-3 channels, every K % 8, biases at the bound (and past it: the
 * generic loop). Other targets run the same cases. */
static void test_rv32_fast(uint32_t seed, int rounds)
{
    static const int32_t ocs[] = {4, 5, 6, 7, 8, 12, 16, 24, 33, 64, 65, 67, 80, 96};
    static const int32_t ks[] = {1, 3, 5, 7};
    tnm_rng rng;
    int r;
    tnm_rng_seed(&rng, seed);
    for (r = 0; r < rounds; ++r) {
        tnm_conv_params p;
        tnm_dims in, filter, out;
        const int32_t oc = ocs[tnm_rng_range(&rng, 0, 13)];
        const int32_t n = tnm_rng_range(&rng, 0, 7) == 0 ? 2 : 1;
        const int32_t small = tnm_rng_range(&rng, 0, 2) == 0;
        int32_t ih = small ? tnm_rng_range(&rng, 1, 5) : tnm_rng_range(&rng, 3, 20);
        int32_t iw = small ? tnm_rng_range(&rng, 1, 5) : tnm_rng_range(&rng, 3, 20);
        int32_t fh = ks[tnm_rng_range(&rng, 0, 3)], fw = fh, k, i;
        int32_t ic = tnm_rng_range(&rng, 0, 1) ? 4 * tnm_rng_range(&rng, 1, 8) : tnm_rng_range(&rng, 1, 24);
        const int32_t stride = tnm_rng_range(&rng, 1, 2), dil = tnm_rng_range(&rng, 0, 4) == 0 ? 2 : 1;
        int same = tnm_rng_range(&rng, 0, 2) != 0;
        int64_t room;
        if (tnm_rng_range(&rng, 0, 4) == 0) fw = tnm_rng_range(&rng, 1, 4);
        if (!same && (ih < (fh - 1) * dil + 1 || iw < (fw - 1) * dil + 1)) same = 1;
        geometry(&p, &in, &filter, &out, n, ih, iw, ic, fh, fw, oc, stride, dil, same);
        if (tnm_test_count(&in) + 1 > MAX_IN || tnm_test_count(&out) > MAX_OUT || tnm_test_count(&filter) > MAX_FILTER) continue;
        k = fh * fw * ic;
        random_quant(&rng, &p, oc, k);
        room = (1L << 29) - 1 - (int64_t)k * 32640;
        for (i = 0; i < oc; ++i) {
            const int kind = tnm_rng_range(&rng, 0, 9);
            g_shift[i] = (int8_t)(kind == 0 ? -2 : kind == 1 ? -21 : -(int32_t)tnm_rng_range(&rng, 6, 12) - (k > 64 ? 2 : 0));
            if (kind == 2) { /* at the bound; with accumulators that large the outputs spread at -21 */
                g_bias[i] = (int32_t)(tnm_rng_range(&rng, 0, 1) ? room - 1 : 1 - room);
                g_shift[i] = -21;
            } else {
                g_bias[i] = tnm_rng_range(&rng, -30000, 30000);
            }
        }
        if (tnm_rng_range(&rng, 0, 15) == 0) g_bias[tnm_rng_range(&rng, 0, oc - 1)] = (int32_t)room; /* past it */
        if (tnm_rng_range(&rng, 0, 2) == 0) { /* a few channels outside the form (rv32: redone in C) */
            static const int8_t other[] = {-22, -23, -24, -27, -31, -1, 0, 1};
            int32_t j;
            for (j = 0; j < 1 + oc / 16; ++j) {
                i = tnm_rng_range(&rng, 0, oc - 1);
                g_shift[i] = other[tnm_rng_range(&rng, 0, 7)];
                g_bias[i] = g_shift[i] <= -24 ? tnm_rng_range(&rng, -2000000000, 2000000000)
                                              : tnm_rng_range(&rng, -30000, 30000);
            }
        }
        if (tnm_rng_range(&rng, 0, 3) == 0) { /* dead channels, as in VWW: zero weights, shift -25..-31, bias +-2^30 */
            int32_t j;
            for (j = 0; j < oc && j < 32; ++j) {
                if (tnm_rng_range(&rng, 0, 1) == 0) continue;
                g_zero_rows |= 1u << j;
                g_shift[j] = (int8_t)-(int32_t)tnm_rng_range(&rng, 25, 31);
                g_bias[j] = tnm_rng_range(&rng, 0, 1) ? -(1 << 30) + tnm_rng_range(&rng, -200, 200) : (1 << 30);
                if (tnm_rng_range(&rng, 0, 3) == 0) g_shift[j] = (int8_t)-(int32_t)tnm_rng_range(&rng, 2, 21);
            }
        }
        g_in_at = tnm_rng_range(&rng, 0, 3) == 0;
        run_case(&rng, &p, &in, &filter, &out, 0, "rv32 fast");
        g_in_at = 0;
        g_zero_rows = 0;
        g_rv32_fast++;
    }
    for (r = 3; r <= 13; ++r) { /* every pixel count's last blocks (5: one moved back) */
        tnm_conv_params p;
        tnm_dims in, filter, out;
        int32_t i;
        geometry(&p, &in, &filter, &out, 1, 1, r, 8, 1, 1, 4 * (r % 3) + 5, 1, 1, 0);
        random_quant(&rng, &p, out.c, 8);
        for (i = 0; i < out.c; ++i) g_shift[i] = (int8_t)-(int32_t)tnm_rng_range(&rng, 2, 21);
        run_case(&rng, &p, &in, &filter, &out, 0, "rv32 fast pixels");
    }
}

int main(void)
{
    int v;
    printf("variants:");
    for (v = 0; v < VARIANTS; ++v) printf(" %s", g_variants[v].name);
    printf(" (public = %s)\n", TNM_KERNELS_ARM_DSP ? "arm_dsp" : TNM_KERNELS_RV32 ? "rv32" : "portable");
    test_paths(2026, 640 / TNM_TEST_SCALE);
    test_tails(77);
    test_in_place(4242, 120 / TNM_TEST_SCALE);
    test_pixels_in_place(515, 160 / TNM_TEST_SCALE, 0);
    test_pixels_in_place(516, 80 / TNM_TEST_SCALE, 1);
    CHECK(g_narrow > 20 / TNM_TEST_SCALE);
    test_rv32_fast(31337, 400 / TNM_TEST_SCALE);
    test_one_out(9091, 400 / TNM_TEST_SCALE);
    test_padded_rows(6007, 300 / TNM_TEST_SCALE);
    CHECK(g_rv32_fast > 300 / TNM_TEST_SCALE);
    CHECK(g_wide_channels > 100);
    CHECK(g_slow_channels > 50);
#if TNM_HAVE_ARM_DSP_VARIANT
    CHECK(g_inplace > 50 / TNM_TEST_SCALE);
#endif
    printf("%ld cases (%ld in place), %ld outputs; channels: %ld wide form, %ld requantized in C\n",
           g_cases, g_inplace, g_outputs, g_wide_channels, g_slow_channels);
    return tnm_test_finish("test_kernels_conv_paths");
}
