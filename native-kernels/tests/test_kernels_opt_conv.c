/*
 * Target-optimized CONV_2D and DEPTHWISE_CONV_2D variants against the portable
 * reference, in the same binary: every variant this build compiles (all of them on a
 * host, with portable C versions of the DSP instructions; the target's own on the
 * emulated core, with the real ones). Random shapes with odd channel counts, pixel and
 * patch tails, padding, stride, dilation, the parameter extremes, the KWS DS-CNN
 * shapes, patches of 128-1000 values (scratch, no stack cap), and the shapes the variants
 * hand to their generic loops (grouped, depth multiplier > 1, no scratch: one call in
 * seven gets NULL). Scratch is the variant's own query at odd alignments with a guard
 * behind it (test_kernels_scratch.h). Outputs must match byte for byte, and nothing may
 * be written past the output.
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

#define MAX_IN 9000
#define MAX_FILTER 20000
#define MAX_OUT 9000
#define MAX_CH 160
#define GUARD 16

typedef struct {
    const char *name;
    tnm_test_conv_fn conv, depthwise;
} variant;

static const variant g_variants[] = {
    {"public", tnm_conv_s8, tnm_depthwise_conv_s8},
#if TNM_HAVE_ARM_DSP_VARIANT
    {"arm_dsp", tnm_conv_s8_arm_dsp, tnm_depthwise_conv_s8_arm_dsp},
#endif
#if TNM_HAVE_RV32_VARIANT
    {"rv32", tnm_conv_s8_rv32, tnm_depthwise_conv_s8_rv32},
#endif
};
#define VARIANTS ((int)(sizeof g_variants / sizeof g_variants[0]))

static int8_t g_in[MAX_IN], g_filter[MAX_FILTER];
static int8_t g_expected[MAX_OUT], g_out[MAX_OUT + GUARD];
static int32_t g_bias[MAX_CH], g_mult[MAX_CH];
static int8_t g_shift[MAX_CH];
static long g_compared, g_clamped, g_mid;
static int g_fallback_cases;

static int32_t out_extent(int32_t in, int32_t filter, int32_t dilation, int32_t stride,
                          int32_t pad, int32_t pad_after)
{
    int32_t span = (filter - 1) * dilation + 1;
    int32_t room = in + pad + pad_after - span;
    return room < 0 ? 0 : room / stride + 1;
}

/* A SAME-padded geometry: output = ceil(input / stride). */
static void same_geometry(tnm_test_conv_case *k, int32_t ih, int32_t iw, int32_t fh, int32_t fw,
                          int32_t sh, int32_t sw)
{
    int32_t oh = (ih + sh - 1) / sh, ow = (iw + sw - 1) / sw;
    int32_t tot_h = (oh - 1) * sh + fh - ih, tot_w = (ow - 1) * sw + fw - iw;
    k->p.stride_h = sh;
    k->p.stride_w = sw;
    k->p.dilation_h = k->p.dilation_w = 1;
    k->p.pad_h = tot_h > 0 ? tot_h / 2 : 0;
    k->p.pad_w = tot_w > 0 ? tot_w / 2 : 0;
    k->in.h = ih;
    k->in.w = iw;
    k->filter.h = fh;
    k->filter.w = fw;
    k->out.h = oh;
    k->out.w = ow;
}

static void random_quant(tnm_rng *rng, tnm_test_conv_case *k, int extremes)
{
    int32_t i;
    k->p.input_offset = -rnd_zero_point(rng);
    k->p.output_offset = rnd_zero_point(rng);
    rnd_act_range(rng, &k->p.act_min, &k->p.act_max);
    k->has_bias = tnm_rng_range(rng, 0, 3) != 0;
    for (i = 0; i < k->out.c; ++i) {
        g_mult[i] = tnm_rng_range(rng, 0, 30) == 0 ? tnm_rng_range(rng, 0, 2) : rnd_multiplier(rng);
        g_shift[i] = (int8_t)rnd_shift(rng, -18, -6);
        g_bias[i] = tnm_rng_range(rng, 0, 9) == 0 ? tnm_rng_range(rng, -(1 << 24), 1 << 24)
                                                 : tnm_rng_range(rng, -40000, 40000);
        if (extremes && tnm_rng_range(rng, 0, 3) == 0) {
            /* accumulators that wrap around int32, as TFLite's do */
            g_bias[i] = tnm_rng_range(rng, 0, 1) ? INT32_MAX - tnm_rng_range(rng, 0, 3000)
                                                 : INT32_MIN + tnm_rng_range(rng, 0, 3000);
            k->has_bias = 1;
        }
        if (tnm_rng_range(rng, 0, 7) == 0) {
            /* a pruned channel as TFLite writes one (weight scale 0): multiplier 0, shift 0,
             * a bias near 2^30 (VWW's last layers have hundreds) */
            g_mult[i] = 0;
            g_shift[i] = 0;
            g_bias[i] = (1 << 30) + tnm_rng_range(rng, -200, 200);
            k->has_bias = 1;
        }
    }
}

/* Runs the reference and every variant on the current buffers and compares. */
static void compare_all(const tnm_test_conv_case *k, int depthwise, const char *what)
{
    tnm_quant q;
    const int32_t count = tnm_test_count(&k->out);
    const int32_t *bias = k->has_bias ? g_bias : NULL;
    int v, i;
    q.multiplier = g_mult;
    q.shift = g_shift;
    CHECK(count <= MAX_OUT);
    if (depthwise) {
        CHECK_EQ(TNM_OK, tnm_depthwise_conv_s8_ref(&k->p, &q, &k->in, g_in, &k->filter, g_filter,
                                                   bias, &k->out, g_expected, NULL));
    } else {
        CHECK_EQ(TNM_OK, tnm_conv_s8_ref(&k->p, &q, &k->in, g_in, &k->filter, g_filter, bias,
                                         &k->out, g_expected, NULL));
    }
    for (i = 0; i < count; ++i) {
        if (g_expected[i] == k->p.act_min || g_expected[i] == k->p.act_max) g_clamped++;
        else g_mid++;
    }
    for (v = 0; v < VARIANTS; ++v) {
        int32_t mismatches = 0;
        void *scratch = test_scratch(test_conv_scratch_need(g_variants[v].name, &k->in, &k->filter,
                                                            &k->out, depthwise),
                                     (uint32_t)g_compared + (uint32_t)v, 1);
        memset(g_out, 0x5A, (size_t)count + GUARD);
        if (depthwise) {
            CHECK_EQ(TNM_OK, g_variants[v].depthwise(&k->p, &q, &k->in, g_in, &k->filter, g_filter,
                                                     bias, &k->out, g_out, scratch));
        } else {
            CHECK_EQ(TNM_OK, g_variants[v].conv(&k->p, &q, &k->in, g_in, &k->filter, g_filter, bias,
                                                &k->out, g_out, scratch));
        }
        test_scratch_check();
        for (i = 0; i < count; ++i) mismatches += g_out[i] != g_expected[i];
        for (i = 0; i < GUARD; ++i) CHECK_EQ(0x5A, g_out[count + i]);
        if (mismatches) {
            fprintf(stderr,
                    "%s %s %s: %d/%d differ (in %dx%dx%dx%d filter %dx%dx%dx%d stride %d,%d dil %d,%d "
                    "pad %d,%d dm %d)\n",
                    g_variants[v].name, depthwise ? "depthwise" : "conv", what, (int)mismatches,
                    (int)count, (int)k->in.n, (int)k->in.h, (int)k->in.w, (int)k->in.c,
                    (int)k->filter.n, (int)k->filter.h, (int)k->filter.w, (int)k->filter.c,
                    (int)k->p.stride_h, (int)k->p.stride_w, (int)k->p.dilation_h,
                    (int)k->p.dilation_w, (int)k->p.pad_h, (int)k->p.pad_w,
                    (int)k->p.depth_multiplier);
        }
        CHECK_EQ(0, mismatches);
        g_compared += count;
    }
}

static void fill_and_compare(tnm_rng *rng, tnm_test_conv_case *k, int depthwise, const char *what)
{
    const int fits = tnm_test_count(&k->in) <= MAX_IN && tnm_test_count(&k->filter) <= MAX_FILTER &&
                     tnm_test_count(&k->out) <= MAX_OUT && k->out.c <= MAX_CH;
    CHECK(fits);
    if (!fits) return;
    random_quant(rng, k, tnm_rng_range(rng, 0, 4) == 0);
    rnd_fill_s8(rng, g_in, tnm_test_count(&k->in));
    rnd_fill_s8(rng, g_filter, tnm_test_count(&k->filter));
    compare_all(k, depthwise, what);
}

/* Random geometry; returns 0 when it does not fit the buffers. */
static int random_geometry(tnm_rng *rng, tnm_test_conv_case *k, int depthwise)
{
    static const int32_t channels[] = {1, 2, 3, 4, 5, 7, 8, 12, 13, 16, 17, 32, 33, 64};
    int32_t fh, fw, pad_after_h, pad_after_w;
    memset(k, 0, sizeof *k);
    switch (tnm_rng_range(rng, 0, 5)) {
    case 0: fh = fw = 1; break;
    case 1: fh = fw = 3; break;
    case 2: fh = 10; fw = 4; break;
    default: fh = tnm_rng_range(rng, 1, 5); fw = tnm_rng_range(rng, 1, 5); break;
    }
    k->in.n = tnm_rng_range(rng, 0, 4) == 0 ? 2 : 1;
    k->in.h = tnm_rng_range(rng, fh == 10 ? 8 : 1, fh == 10 ? 22 : 12);
    k->in.w = tnm_rng_range(rng, 1, 12);
    k->in.c = channels[tnm_rng_range(rng, 0, 13)];
    k->p.stride_h = tnm_rng_range(rng, 1, 3);
    k->p.stride_w = tnm_rng_range(rng, 1, 3);
    k->p.dilation_h = tnm_rng_range(rng, 0, 4) == 0 ? 2 : 1;
    k->p.dilation_w = tnm_rng_range(rng, 0, 4) == 0 ? 2 : 1;
    if (tnm_rng_range(rng, 0, 1)) {
        int32_t tot_h = (fh - 1) * k->p.dilation_h, tot_w = (fw - 1) * k->p.dilation_w;
        k->p.pad_h = tot_h / 2;
        k->p.pad_w = tot_w / 2;
        pad_after_h = tot_h - k->p.pad_h;
        pad_after_w = tot_w - k->p.pad_w;
    } else {
        k->p.pad_h = tnm_rng_range(rng, 0, 3);
        k->p.pad_w = tnm_rng_range(rng, 0, 3);
        pad_after_h = tnm_rng_range(rng, 0, 3);
        pad_after_w = tnm_rng_range(rng, 0, 3);
    }
    k->out.n = k->in.n;
    k->out.h = out_extent(k->in.h, fh, k->p.dilation_h, k->p.stride_h, k->p.pad_h, pad_after_h);
    k->out.w = out_extent(k->in.w, fw, k->p.dilation_w, k->p.stride_w, k->p.pad_w, pad_after_w);
    if (k->out.h < 1 || k->out.w < 1) return 0;
    k->filter.h = fh;
    k->filter.w = fw;
    if (depthwise) {
        k->p.depth_multiplier = tnm_rng_range(rng, 0, 6) == 0 ? 2 : 1;
        k->filter.n = 1;
        k->filter.c = k->out.c = k->in.c * k->p.depth_multiplier;
    } else {
        int32_t groups = (tnm_rng_range(rng, 0, 8) == 0 && k->in.c % 2 == 0) ? 2 : 1;
        k->filter.c = k->in.c / groups;
        k->out.c = channels[tnm_rng_range(rng, 0, 13)] * groups;
        k->filter.n = k->out.c;
    }
    if (k->out.c > MAX_CH) return 0;
    return tnm_test_count(&k->in) <= MAX_IN && tnm_test_count(&k->filter) <= MAX_FILTER &&
           tnm_test_count(&k->out) <= MAX_OUT;
}

static void test_random(int depthwise, uint32_t seed, int cases)
{
    tnm_rng rng;
    int done = 0;
    tnm_rng_seed(&rng, seed);
    while (done < cases) {
        tnm_test_conv_case k;
        if (!random_geometry(&rng, &k, depthwise)) continue;
        if (!depthwise && k.filter.c != k.in.c) g_fallback_cases++;
        if (depthwise && k.p.depth_multiplier != 1) g_fallback_cases++;
        fill_and_compare(&rng, &k, depthwise, "random");
        done++;
    }
}

/* The MLPerf Tiny KWS DS-CNN layers, and a patch just at / over the stack buffer. */
static void test_kws_shapes(void)
{
    tnm_rng rng;
    tnm_test_conv_case k;
    int rep;
    tnm_rng_seed(&rng, 77);
    for (rep = 0; rep < 3; ++rep) {
        memset(&k, 0, sizeof k); /* first conv: 49x10x1, 10x4 stride 2, SAME, 64 filters */
        k.in.n = k.out.n = 1;
        same_geometry(&k, 49, 10, 10, 4, 2, 2);
        k.in.c = k.filter.c = 1;
        k.out.c = k.filter.n = 64;
        fill_and_compare(&rng, &k, 0, "kws conv1");

        memset(&k, 0, sizeof k); /* pointwise 64 -> 64 on 25x5 */
        k.in.n = k.out.n = 1;
        same_geometry(&k, 25, 5, 1, 1, 1, 1);
        k.in.c = k.filter.c = 64;
        k.out.c = k.filter.n = 64;
        fill_and_compare(&rng, &k, 0, "kws pointwise");

        memset(&k, 0, sizeof k); /* depthwise 3x3, 64 channels on 25x5, SAME */
        k.in.n = k.out.n = 1;
        same_geometry(&k, 25, 5, 3, 3, 1, 1);
        k.in.c = k.filter.c = k.out.c = 64;
        k.filter.n = 1;
        k.p.depth_multiplier = 1;
        fill_and_compare(&rng, &k, 1, "kws depthwise");

        memset(&k, 0, sizeof k); /* 1x1 with large patches (scratch, no stack cap), odd pixels */
        k.in.n = k.out.n = 1;
        same_geometry(&k, 3, 5, 1, 1, 1, 1);
        k.in.c = k.filter.c = 128;
        k.out.c = k.filter.n = 7;
        fill_and_compare(&rng, &k, 0, "patch 128");

        k.in.c = k.filter.c = 129 + 2 * rep; /* K % 4 = 1 and 3: zero-padded tail */
        fill_and_compare(&rng, &k, 0, "patch 129/131");

        same_geometry(&k, 1, 7, 1, 1, 1, 1); /* 1000 values per pixel */
        k.in.c = k.filter.c = 1000;
        k.out.c = k.filter.n = 3;
        fill_and_compare(&rng, &k, 0, "patch 1000");

        memset(&k, 0, sizeof k); /* ResNet-8's 3x3 over 16 channels (K = 144), and RGB stems */
        k.in.n = k.out.n = 1;
        same_geometry(&k, 8, 8, 3, 3, 1, 1);
        k.in.c = k.filter.c = 16;
        k.out.c = k.filter.n = 16;
        fill_and_compare(&rng, &k, 0, "resnet 3x3x16");
        memset(&k, 0, sizeof k);
        k.in.n = k.out.n = 1;
        same_geometry(&k, 11, 9, 3, 3, 2, 2);
        k.in.c = k.filter.c = 3;
        k.out.c = k.filter.n = 8 + rep;
        fill_and_compare(&rng, &k, 0, "rgb stem 3x3 s2");

        memset(&k, 0, sizeof k); /* 3x3 patch of 13 channels: K = 117, K % 4 = 1 */
        k.in.n = k.out.n = 2;
        same_geometry(&k, 6, 7, 3, 3, 1, 2);
        k.in.c = k.filter.c = 13;
        k.out.c = k.filter.n = 9;
        fill_and_compare(&rng, &k, 0, "patch tail");
    }
}

/* Shapes whose blocks of four pixels are gathered in one pass (Cortex-M): 1x1 stride 1
 * over whole images (a batch of two, 4-byte and longer rows, pixel tails of 1-3), and four
 * interior pixels of one output row (VALID and SAME, stride 1-2, dilated rows, filters
 * of 1-5 taps a row); plus the same shapes with the patch rows not a multiple of 4 bytes
 * (per pixel). Random quantization (shift extremes included), each against the reference. */
static void test_four_pixel_gather(void)
{
    static const int32_t chans[] = {4, 8, 12, 20, 3, 5};
    tnm_rng rng;
    tnm_test_conv_case k;
    int32_t i;
    tnm_rng_seed(&rng, 4242);
    for (i = 0; i < 6; ++i) {
        memset(&k, 0, sizeof k); /* 1x1 over the whole image */
        k.in.n = k.out.n = 1 + (i & 1);
        same_geometry(&k, 3 + i, 5 + i, 1, 1, 1, 1);
        k.in.c = k.filter.c = chans[i];
        k.out.c = k.filter.n = 5 + 3 * i;
        fill_and_compare(&rng, &k, 0, "four pixels 1x1");

        memset(&k, 0, sizeof k); /* interior pixels of a row: VALID */
        k.in.n = k.out.n = 1;
        k.filter.h = 1 + i % 3;
        k.filter.w = 1 + i % 5;
        k.p.stride_h = 1 + (i & 1);
        k.p.stride_w = 1 + (i >> 1 & 1);
        k.p.dilation_h = i == 4 ? 2 : 1;
        k.p.dilation_w = 1;
        k.in.h = 7;
        k.in.w = 19;
        k.out.h = out_extent(k.in.h, k.filter.h, k.p.dilation_h, k.p.stride_h, 0, 0);
        k.out.w = out_extent(k.in.w, k.filter.w, 1, k.p.stride_w, 0, 0);
        k.in.c = k.filter.c = chans[i];
        k.out.c = k.filter.n = 3 + 2 * i;
        fill_and_compare(&rng, &k, 0, "four pixels row");

        memset(&k, 0, sizeof k); /* SAME: the border pixels one at a time, the rest in fours */
        k.in.n = k.out.n = 1;
        same_geometry(&k, 6 + i, 13 + i, 3, 3, 1 + (i & 1), 1);
        k.in.c = k.filter.c = chans[i];
        k.out.c = k.filter.n = 8;
        fill_and_compare(&rng, &k, 0, "four pixels same");
    }
}

/* Calls that are fully-connected layers (1-3 output pixels, each window one contiguous
 * input slice: 1x1 unpadded, or one window over the whole image, as streaming models'
 * convolutions over a few frames): the variants' FC form against the reference. */
static void test_fc_shapes(uint32_t seed, int cases)
{
    tnm_rng rng;
    int i;
    tnm_rng_seed(&rng, seed);
    for (i = 0; i < cases; ++i) {
        tnm_test_conv_case k;
        memset(&k, 0, sizeof k);
        k.in.n = k.out.n = tnm_rng_range(&rng, 0, 4) == 0 ? 2 : 1;
        k.in.c = k.filter.c = tnm_rng_range(&rng, 1, 200);
        k.out.c = k.filter.n = tnm_rng_range(&rng, 1, 40);
        k.p.stride_h = k.p.stride_w = 1;
        k.p.dilation_h = k.p.dilation_w = 1;
        if (i % 2 == 0) { /* 1x1 over 1-3 pixels */
            k.in.h = k.out.h = tnm_rng_range(&rng, 1, 3);
            k.in.w = k.out.w = tnm_rng_range(&rng, 1, 3 / k.in.h);
            k.filter.h = k.filter.w = 1;
        } else { /* one window: the whole image (strides and dilation of a 1-tap axis are free) */
            k.in.h = k.filter.h = tnm_rng_range(&rng, 1, 6);
            k.in.w = k.filter.w = tnm_rng_range(&rng, 1, 3);
            k.in.c = k.filter.c = tnm_rng_range(&rng, 1, 60);
            k.out.h = k.out.w = 1;
            k.p.stride_h = tnm_rng_range(&rng, 1, 2);
            if (k.filter.w == 1) k.p.dilation_w = tnm_rng_range(&rng, 1, 2);
        }
        if (tnm_test_count(&k.filter) > MAX_FILTER) continue;
        fill_and_compare(&rng, &k, 0, "fully connected");
    }
}

/* Every output reads one input value (a 1x1 filter over one input channel): the variants'
 * lookup tables (tnm_opt_conv_lut_shape, from 256 pixels), with strides, padding (pixels
 * whose value is the zero point's entry), batches, 1-13 output channels (groups of 4 and the
 * last 1-3), shifts inside and outside the fast requantization form and clamped ranges; some
 * calls below 256 pixels take the other paths. */
static void test_lut(uint32_t seed, int cases)
{
    static const int32_t chans[] = {1, 2, 3, 4, 5, 7, 8, 9, 13};
    static const int8_t shifts[] = {-31, -24, -23, -2, -1, 0, 1, 3};
    tnm_rng rng;
    int i, lut = 0;
    tnm_rng_seed(&rng, seed);
    for (i = 0; i < cases; ++i) {
        tnm_test_conv_case k;
        int32_t pad_after_h, pad_after_w, c;
        memset(&k, 0, sizeof k);
        k.in.n = k.out.n = tnm_rng_range(&rng, 0, 3) == 0 ? 2 : 1;
        k.in.h = tnm_rng_range(&rng, 1, 60);
        k.in.w = tnm_rng_range(&rng, tnm_rng_range(&rng, 0, 3) == 0 ? 1 : 16, 60);
        if (k.in.n * k.in.h * k.in.w > MAX_IN) continue;
        k.in.c = k.filter.c = 1;
        k.filter.h = k.filter.w = 1;
        k.p.stride_h = tnm_rng_range(&rng, 0, 2) == 0 ? tnm_rng_range(&rng, 2, 3) : 1;
        k.p.stride_w = tnm_rng_range(&rng, 0, 2) == 0 ? tnm_rng_range(&rng, 2, 3) : 1;
        k.p.dilation_h = k.p.dilation_w = tnm_rng_range(&rng, 1, 2);
        k.p.pad_h = k.p.pad_w = pad_after_h = pad_after_w = 0;
        if (tnm_rng_range(&rng, 0, 2) == 0) {
            k.p.pad_h = tnm_rng_range(&rng, 0, 2);
            k.p.pad_w = tnm_rng_range(&rng, 0, 2);
            pad_after_h = tnm_rng_range(&rng, 0, 2);
            pad_after_w = tnm_rng_range(&rng, 0, 2);
        }
        k.out.h = out_extent(k.in.h, 1, 1, k.p.stride_h, k.p.pad_h, pad_after_h);
        k.out.w = out_extent(k.in.w, 1, 1, k.p.stride_w, k.p.pad_w, pad_after_w);
        k.out.c = k.filter.n = chans[tnm_rng_range(&rng, 0, 8)];
        if (tnm_test_count(&k.out) > MAX_OUT) continue;
        random_quant(&rng, &k, tnm_rng_range(&rng, 0, 4) == 0);
        for (c = 0; c < k.out.c; ++c) {
            if (tnm_rng_range(&rng, 0, 4) == 0) g_shift[c] = shifts[tnm_rng_range(&rng, 0, 7)];
        }
        rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
        rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
        if (tnm_rng_range(&rng, 0, 5) == 0) g_filter[0] = tnm_rng_range(&rng, 0, 1) ? -128 : 127;
        lut += tnm_opt_conv_lut_shape(&k.in, &k.filter, &k.out);
        compare_all(&k, 0, "one input value an output");
    }
    /* most calls are the tables' */
    printf("one input value an output: %d of %d calls from the tables\n", lut, cases);
    CHECK(lut > cases / 2);
}

/* Patches of at most 9 taps in rows of at most 3 (a 1x1 over 1-9 channels, a 3x3 over one,
 * 1x3, 3x1, 2x2 ...) and 1-3 output channels of any patch: rv32 runs them a channel at a time
 * with the weights in registers, a 1x1 over 1-4 channels two channels a pass
 * (tnm_opt_conv_small_rv32_call); with padding, strides, dilation down, batches, shifts
 * inside and outside its one-MULH form, biases too large for it, clamped ranges. */
static void test_small_patches(uint32_t seed, int cases)
{
    static const int32_t outs[] = {1, 2, 3, 4, 5, 8, 15, 16, 17, 40};
    static const int8_t shifts[] = {-31, -23, -22, -21, -2, -1, 0, 2};
    tnm_rng rng;
    int i, small = 0;
    tnm_rng_seed(&rng, seed);
    for (i = 0; i < cases; ++i) {
        tnm_test_conv_case k;
        int32_t pad_after_h = 0, pad_after_w = 0, c;
        memset(&k, 0, sizeof k);
        k.in.n = k.out.n = tnm_rng_range(&rng, 0, 4) == 0 ? 2 : 1;
        k.filter.h = tnm_rng_range(&rng, 1, 3);
        k.filter.w = tnm_rng_range(&rng, 1, 3);
        k.in.c = k.filter.c = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 3) == 0 ? 12 : 9 / (k.filter.h * k.filter.w) + 1);
        if (tnm_rng_range(&rng, 0, 2) == 0) k.filter.h = k.filter.w = 1;
        k.in.h = tnm_rng_range(&rng, 1, 20);
        k.in.w = tnm_rng_range(&rng, 1, 20);
        k.p.stride_h = tnm_rng_range(&rng, 0, 2) == 0 ? 2 : 1;
        k.p.stride_w = tnm_rng_range(&rng, 0, 2) == 0 ? 2 : 1;
        k.p.dilation_h = tnm_rng_range(&rng, 0, 4) == 0 ? 2 : 1;
        k.p.dilation_w = 1;
        if (tnm_rng_range(&rng, 0, 1)) {
            k.p.pad_h = tnm_rng_range(&rng, 0, 2);
            k.p.pad_w = tnm_rng_range(&rng, 0, 2);
            pad_after_h = tnm_rng_range(&rng, 0, 2);
            pad_after_w = tnm_rng_range(&rng, 0, 2);
        }
        k.out.h = out_extent(k.in.h, k.filter.h, k.p.dilation_h, k.p.stride_h, k.p.pad_h, pad_after_h);
        k.out.w = out_extent(k.in.w, k.filter.w, 1, k.p.stride_w, k.p.pad_w, pad_after_w);
        k.out.c = k.filter.n = outs[tnm_rng_range(&rng, 0, 9)];
        if (k.out.h < 1 || k.out.w < 1 || tnm_test_count(&k.out) > MAX_OUT || tnm_test_count(&k.in) > MAX_IN) continue;
        random_quant(&rng, &k, tnm_rng_range(&rng, 0, 4) == 0);
        for (c = 0; c < k.out.c; ++c) {
            if (tnm_rng_range(&rng, 0, 4) == 0) g_shift[c] = shifts[tnm_rng_range(&rng, 0, 7)];
            if (tnm_rng_range(&rng, 0, 8) == 0) g_bias[c] = tnm_rng_range(&rng, 0, 1) ? (1 << 29) : -(1 << 29) + 5;
        }
        rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
        rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
        small += tnm_opt_conv_small_rv32_call(&k.p, &k.in, &k.filter);
        compare_all(&k, 0, "small patches");
    }
    printf("small patches: %d of %d calls in the rv32 channel-at-a-time form\n", small, cases);
    CHECK(small > cases / 2);
}

/* 1x1 over 4 or 8 channels at stride 1, unpadded (Cortex-M CONV_NARROW, tnm_opt_conv_narrow_shape):
 * 1-40 output channels (records of 16 at a time and a last short chunk), batches, clamped
 * ranges (applied to the bytes afterwards), shifts and biases outside the doubled form (the
 * call goes to the patch block, whole). */
static void test_narrow(uint32_t seed, int cases)
{
    static const int8_t shifts[] = {-31, -24, -23, -1, 0, 2};
    tnm_rng rng;
    int i, narrow = 0;
    tnm_rng_seed(&rng, seed);
    for (i = 0; i < cases; ++i) {
        tnm_test_conv_case k;
        int32_t c;
        memset(&k, 0, sizeof k);
        k.in.n = k.out.n = tnm_rng_range(&rng, 0, 3) == 0 ? 2 : 1;
        k.in.h = k.out.h = tnm_rng_range(&rng, 1, 20);
        k.in.w = k.out.w = tnm_rng_range(&rng, 1, 20);
        k.in.c = k.filter.c = tnm_rng_range(&rng, 0, 1) ? 8 : 4;
        k.filter.h = k.filter.w = 1;
        k.p.stride_h = k.p.stride_w = k.p.dilation_h = k.p.dilation_w = 1;
        k.out.c = k.filter.n = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 1) ? 17 : 40);
        if (tnm_test_count(&k.out) > MAX_OUT || tnm_test_count(&k.in) > MAX_IN) continue;
        random_quant(&rng, &k, tnm_rng_range(&rng, 0, 4) == 0);
        for (c = 0; c < k.out.c; ++c) {
            if (tnm_rng_range(&rng, 0, 60) == 0) g_shift[c] = shifts[tnm_rng_range(&rng, 0, 5)];
        }
        rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
        rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
        narrow += tnm_opt_conv_narrow_shape(&k.p, &k.in, &k.filter, &k.out) && ((uintptr_t)g_in & 3u) == 0;
        compare_all(&k, 0, "1x1 over 4 or 8 channels");
    }
    printf("1x1 over 4 or 8 channels: %d of %d calls of the narrow shape\n", narrow, cases);
    CHECK(narrow > cases / 2);
}

/* The variants must reject what the reference rejects. */
static void test_bad_arguments(void)
{
    tnm_quant q;
    tnm_test_conv_case k;
    int v;
    memset(&k, 0, sizeof k);
    k.in.n = k.out.n = 1;
    same_geometry(&k, 4, 4, 1, 1, 1, 1);
    k.in.c = k.filter.c = k.out.c = k.filter.n = 4;
    k.p.act_min = -128;
    k.p.act_max = 127;
    k.p.depth_multiplier = 1;
    g_mult[0] = g_mult[1] = g_mult[2] = g_mult[3] = 1 << 30;
    g_shift[0] = g_shift[1] = g_shift[2] = g_shift[3] = -3;
    q.multiplier = g_mult;
    q.shift = g_shift;
    for (v = 0; v < VARIANTS; ++v) {
        tnm_test_conv_case bad = k;
        CHECK_EQ(TNM_OK, g_variants[v].conv(&k.p, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].conv(NULL, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].conv(&k.p, NULL, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].conv(&k.p, &q, &k.in, NULL, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
        bad.p.input_offset = -128;
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].conv(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].depthwise(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.out.c = 5;
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].conv(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.filter.n = 1;
        CHECK_EQ(TNM_OK, g_variants[v].depthwise(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad.p.depth_multiplier = 0;
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].depthwise(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        g_shift[2] = 31;
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].conv(&k.p, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
        g_shift[2] = -3;
        g_mult[1] = -1;
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].depthwise(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        g_mult[1] = 1 << 30;
    }
}

int main(void)
{
    printf("variants:");
    {
        int v;
        for (v = 0; v < VARIANTS; ++v) printf(" %s", g_variants[v].name);
    }
    printf(" (public = %s)\n", TNM_KERNELS_ARM_DSP ? "arm_dsp" : TNM_KERNELS_RV32 ? "rv32" : "portable");
    test_kws_shapes();
    test_four_pixel_gather();
    test_fc_shapes(777, 400 / TNM_TEST_SCALE);
    test_lut(2468, 300 / TNM_TEST_SCALE);
    test_small_patches(1357, 400 / TNM_TEST_SCALE);
    test_narrow(8642, 300 / TNM_TEST_SCALE);
    test_random(0, 1234, 900 / TNM_TEST_SCALE);
    test_random(1, 5678, 900 / TNM_TEST_SCALE);
    test_bad_arguments();
    /* the sweep means something only with both clamped and in-range outputs */
    CHECK(g_clamped > 1000);
    CHECK(g_mid > 1000);
    CHECK(g_fallback_cases > 10);
    printf("compared %ld outputs (%ld clamped, %ld in range), %d cases on the reference path\n",
           g_compared, g_clamped, g_mid, g_fallback_cases);
    return tnm_test_finish("test_kernels_opt_conv");
}
