/*
 * The optimized variants' fast paths (the hand-written assembly on Cortex-M and
 * RISC-V, their C twins on a host) against the portable reference, with random cases
 * built to meet the fast-path conditions instead of hitting them by chance:
 *   conv:      patch K a multiple of 8 (M4 SMLAD block) or 4 (rv32 block), output
 *              channels a multiple of 4, a bias, the full int8 activation range, every
 *              shift in the folded range [-23, -2]; pixel counts with and without a
 *              partial last block; padding (zero patch values) and strides.
 *   depthwise: 3x3, dilation 1, depth multiplier 1, channels a multiple of 4, full
 *              range, folded shifts; widths up to the row buffers, tall images (rv32
 *              plane bands), strides 1-2, padding 0-2.
 *   fc:        depth a multiple of 8, even rows, weight offset 0, aligned weights,
 *              bias, full range, folded shifts, per tensor and per channel.
 * Everything else is random over its whole contract range: input offsets [-127, 128],
 * output offsets, multipliers (0 and up to 2^31 - 1), biases that make the int32
 * accumulator wrap, shifts at both ends of the folded range. A few cases per kind put
 * one channel's shift just outside the range (-1 or -24), which must switch the whole
 * call to the general path, and a few clamp the activation range.
 * Outputs must match the reference byte for byte; nothing may be written past them.
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

#define MAX_IN 12000
#define MAX_FILTER 16384
#define MAX_OUT 12000
#define MAX_CH 128
#define GUARD 16

typedef struct {
    const char *name;
    tnm_test_conv_fn conv, depthwise;
    tnm_test_fc_fn fc;
} variant;

static const variant g_variants[] = {
    {"public", tnm_conv_s8, tnm_depthwise_conv_s8, tnm_fully_connected_s8},
#if TNM_HAVE_ARM_DSP_VARIANT
    {"arm_dsp", tnm_conv_s8_arm_dsp, tnm_depthwise_conv_s8_arm_dsp, tnm_fully_connected_s8_arm_dsp},
#endif
#if TNM_HAVE_RV32_VARIANT
    {"rv32", tnm_conv_s8_rv32, tnm_depthwise_conv_s8_rv32, tnm_fully_connected_s8_rv32},
#endif
};
#define VARIANTS ((int)(sizeof g_variants / sizeof g_variants[0]))

/* word-aligned buffers (the fast paths' alignment conditions) */
static uint32_t g_in_words[MAX_IN / 4], g_filter_words[MAX_FILTER / 4 + 1];
static int8_t g_expected[MAX_OUT], g_out[MAX_OUT + GUARD];
static int32_t g_bias[MAX_CH], g_mult[MAX_CH];
static int8_t g_shift[MAX_CH];
static long g_cases[3], g_outputs, g_mid, g_saturated;
#define g_in ((int8_t *)g_in_words)
#define g_filter ((int8_t *)g_filter_words)

/* Per-channel requantization in the fast form; with mixed = 1 maybe one channel outside. */
static void fast_quant(tnm_rng *rng, int32_t channels, int mixed)
{
    int32_t i;
    for (i = 0; i < channels; ++i) {
        const int32_t kind = tnm_rng_range(rng, 0, 19);
        g_mult[i] = kind == 0 ? 0 : kind == 1 ? INT32_MAX : kind == 2 ? (1 << 30) : rnd_multiplier(rng);
        /* mostly the usual -12..-5, sometimes the ends of [-23, -2] */
        switch (tnm_rng_range(rng, 0, 9)) {
        case 0: g_shift[i] = -2; break;
        case 1: g_shift[i] = -23; break;
        case 2: g_shift[i] = (int8_t)tnm_rng_range(rng, -23, -2); break;
        default: g_shift[i] = (int8_t)tnm_rng_range(rng, -12, -5); break;
        }
        switch (tnm_rng_range(rng, 0, 11)) {
        case 0: g_bias[i] = INT32_MAX - tnm_rng_range(rng, 0, 4000); break; /* wraps */
        case 1: g_bias[i] = INT32_MIN + tnm_rng_range(rng, 0, 4000); break;
        case 2: g_bias[i] = tnm_rng_range(rng, -(1 << 26), 1 << 26); break;
        default: g_bias[i] = tnm_rng_range(rng, -60000, 60000); break;
        }
    }
    if (mixed) g_shift[tnm_rng_range(rng, 0, channels - 1)] = (int8_t)(tnm_rng_range(rng, 0, 1) ? -1 : -24);
}

/* Full activation range, except now and then (the general clamp). */
static void fast_act(tnm_rng *rng, int32_t *act_min, int32_t *act_max, int clamp)
{
    if (clamp) {
        rnd_act_range(rng, act_min, act_max);
    } else {
        *act_min = -128;
        *act_max = 127;
    }
}

static void tally(int32_t count)
{
    int32_t i;
    for (i = 0; i < count; ++i) {
        if (g_expected[i] == -128 || g_expected[i] == 127) g_saturated++;
        else g_mid++;
    }
    g_outputs += count;
}

static void check_outputs(const char *variant_name, const char *kind, int32_t count, tnm_status st,
                          uint32_t seed_case)
{
    int32_t i, mismatches = 0;
    CHECK_EQ(TNM_OK, st);
    for (i = 0; i < count; ++i) mismatches += g_out[i] != g_expected[i];
    for (i = 0; i < GUARD; ++i) CHECK_EQ(0x5A, g_out[count + i]);
    if (mismatches) {
        fprintf(stderr, "%s %s case %u: %d/%d outputs differ\n", variant_name, kind,
                (unsigned)seed_case, (int)mismatches, (int)count);
    }
    CHECK_EQ(0, mismatches);
}

/* ---- CONV_2D ---- */
static int conv_case(tnm_rng *rng, uint32_t n)
{
    static const int32_t taps[][2] = {{1, 1}, {1, 1}, {1, 1}, {3, 3}, {10, 4}, {2, 2}, {1, 2}, {4, 1}};
    tnm_conv_params p;
    tnm_quant q;
    tnm_dims in, filter, out;
    int32_t t = tnm_rng_range(rng, 0, 7), count, pad_after_h, pad_after_w;
    const int mixed = tnm_rng_range(rng, 0, 15) == 0, clamp = tnm_rng_range(rng, 0, 15) == 0;
    int v;
    memset(&p, 0, sizeof p);
    filter.h = taps[t][0];
    filter.w = taps[t][1];
    /* in_c so that K = h * w * c is mostly a multiple of 8 or 4 (rv32's block), sometimes any */
    {
        const int32_t hw = filter.h * filter.w;
        int32_t c = tnm_rng_range(rng, 1, 16);
        const int32_t kind = tnm_rng_range(rng, 0, 5);
        if (kind <= 2) {
            while ((hw * c) % 8 != 0) ++c;
        } else if (kind <= 4) {
            while ((hw * c) % 4 != 0) ++c; /* M4: one 4-value group before the pairs */
        } /* else any K: the M4 block's zero-padded tail */
        in.c = c;
    }
    in.n = tnm_rng_range(rng, 0, 5) == 0 ? 2 : 1;
    in.h = tnm_rng_range(rng, filter.h, filter.h + 10);
    in.w = tnm_rng_range(rng, filter.w, filter.w + 8);
    p.stride_h = tnm_rng_range(rng, 1, 2);
    p.stride_w = tnm_rng_range(rng, 1, 2);
    p.dilation_h = p.dilation_w = 1;
    p.pad_h = tnm_rng_range(rng, 0, (filter.h - 1) / 2 + 1);
    p.pad_w = tnm_rng_range(rng, 0, (filter.w - 1) / 2 + 1);
    pad_after_h = tnm_rng_range(rng, 0, filter.h - 1);
    pad_after_w = tnm_rng_range(rng, 0, filter.w - 1);
    out.n = in.n;
    out.h = (in.h + p.pad_h + pad_after_h - filter.h) / p.stride_h + 1;
    out.w = (in.w + p.pad_w + pad_after_w - filter.w) / p.stride_w + 1;
    out.c = 4 * tnm_rng_range(rng, 1, 16);
    filter.n = out.c;
    filter.c = in.c;
    if (tnm_test_count(&in) > MAX_IN || tnm_test_count(&filter) > MAX_FILTER || tnm_test_count(&out) > MAX_OUT) return 0;
    p.input_offset = tnm_rng_range(rng, -127, 128);
    p.output_offset = rnd_zero_point(rng);
    fast_act(rng, &p.act_min, &p.act_max, clamp);
    fast_quant(rng, out.c, mixed);
    rnd_fill_s8(rng, g_in, tnm_test_count(&in));
    rnd_fill_s8(rng, g_filter, tnm_test_count(&filter));
    q.multiplier = g_mult;
    q.shift = g_shift;
    count = tnm_test_count(&out);
    CHECK_EQ(TNM_OK, tnm_conv_s8_ref(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out, g_expected, NULL));
    for (v = 0; v < VARIANTS; ++v) {
        /* always scratch here: the fast paths are the point (test_kernels_opt_conv also
         * passes NULL) */
        void *scratch = test_scratch(test_conv_scratch_need(g_variants[v].name, &in, &filter, &out, 0),
                                     n * 4u + (uint32_t)v, 0);
        memset(g_out, 0x5A, (size_t)count + GUARD);
        check_outputs(g_variants[v].name, "conv", count,
                      g_variants[v].conv(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out, g_out, scratch), n);
        test_scratch_check();
    }
    tally(count);
    return 1;
}

/* ---- DEPTHWISE_CONV_2D 3x3 ---- */
static int depthwise_case(tnm_rng *rng, uint32_t n)
{
    tnm_conv_params p;
    tnm_quant q;
    tnm_dims in, filter, out;
    int32_t count, pad_after_h, pad_after_w;
    const int mixed = tnm_rng_range(rng, 0, 15) == 0, clamp = tnm_rng_range(rng, 0, 15) == 0;
    int v;
    memset(&p, 0, sizeof p);
    in.n = tnm_rng_range(rng, 0, 5) == 0 ? 2 : 1;
    in.c = 4 * tnm_rng_range(rng, 1, 20);
    switch (tnm_rng_range(rng, 0, 3)) {
    case 0: /* tall and narrow: several plane bands on rv32 */
        in.h = tnm_rng_range(rng, 40, 140);
        in.w = tnm_rng_range(rng, 1, 4);
        break;
    case 1: /* wide: near and past the stack row buffer's limit (scratch takes any width) */
        in.h = tnm_rng_range(rng, 1, 4);
        in.w = tnm_rng_range(rng, 30, 130);
        break;
    default:
        in.h = tnm_rng_range(rng, 1, 26);
        in.w = tnm_rng_range(rng, 1, 12);
        break;
    }
    filter.n = 1;
    filter.h = filter.w = 3;
    filter.c = in.c;
    p.depth_multiplier = 1;
    p.dilation_h = p.dilation_w = 1;
    p.stride_h = tnm_rng_range(rng, 0, 3) == 0 ? 2 : 1;
    p.stride_w = tnm_rng_range(rng, 0, 3) == 0 ? 2 : 1;
    p.pad_h = tnm_rng_range(rng, 0, 2);
    p.pad_w = tnm_rng_range(rng, 0, 2);
    pad_after_h = tnm_rng_range(rng, 0, 2);
    pad_after_w = tnm_rng_range(rng, 0, 2);
    if (in.h + p.pad_h + pad_after_h < 3 || in.w + p.pad_w + pad_after_w < 3) return 0;
    out.n = in.n;
    out.h = (in.h + p.pad_h + pad_after_h - 3) / p.stride_h + 1;
    out.w = (in.w + p.pad_w + pad_after_w - 3) / p.stride_w + 1;
    out.c = in.c;
    if (tnm_test_count(&in) > MAX_IN || tnm_test_count(&out) > MAX_OUT || out.c > MAX_CH) return 0;
    p.input_offset = tnm_rng_range(rng, -127, 128);
    p.output_offset = rnd_zero_point(rng);
    fast_act(rng, &p.act_min, &p.act_max, clamp);
    fast_quant(rng, out.c, mixed);
    rnd_fill_s8(rng, g_in, tnm_test_count(&in));
    rnd_fill_s8(rng, g_filter, 9 * in.c);
    q.multiplier = g_mult;
    q.shift = g_shift;
    count = tnm_test_count(&out);
    CHECK_EQ(TNM_OK, tnm_depthwise_conv_s8_ref(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out,
                                               g_expected, NULL));
    for (v = 0; v < VARIANTS; ++v) {
        void *scratch = test_scratch(test_conv_scratch_need(g_variants[v].name, &in, &filter, &out, 1),
                                     n * 4u + (uint32_t)v, 0);
        memset(g_out, 0x5A, (size_t)count + GUARD);
        check_outputs(g_variants[v].name, "depthwise", count,
                      g_variants[v].depthwise(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out,
                                              g_out, n % 5 == 4 ? NULL : scratch), n);
        test_scratch_check();
    }
    tally(count);
    return 1;
}

/* ---- FULLY_CONNECTED ---- */
static int fc_case(tnm_rng *rng, uint32_t n)
{
    tnm_fc_params p;
    tnm_quant q;
    const int32_t batches = tnm_rng_range(rng, 1, 3);
    const int32_t depth = 8 * tnm_rng_range(rng, 1, tnm_rng_range(rng, 0, 3) == 0 ? 80 : 16);
    const int32_t outs = 2 * tnm_rng_range(rng, 1, 32);
    const int32_t quant_count = tnm_rng_range(rng, 0, 1) ? 1 : outs;
    const int mixed = tnm_rng_range(rng, 0, 15) == 0, clamp = tnm_rng_range(rng, 0, 15) == 0;
    const int32_t count = batches * outs;
    int v;
    if (batches * depth > MAX_IN || outs * depth > MAX_FILTER || count > MAX_OUT) return 0;
    memset(&p, 0, sizeof p);
    p.input_offset = tnm_rng_range(rng, -127, 128);
    p.filter_offset = 0;
    p.output_offset = rnd_zero_point(rng);
    fast_act(rng, &p.act_min, &p.act_max, clamp);
    fast_quant(rng, outs, mixed && quant_count > 1);
    rnd_fill_s8(rng, g_in, batches * depth);
    rnd_fill_s8(rng, g_filter, outs * depth);
    q.multiplier = g_mult;
    q.shift = g_shift;
    CHECK_EQ(TNM_OK, tnm_fully_connected_s8_ref(&p, &q, quant_count, batches, depth, outs, g_in,
                                                g_filter, g_bias, g_expected));
    for (v = 0; v < VARIANTS; ++v) {
        memset(g_out, 0x5A, (size_t)count + GUARD);
        check_outputs(g_variants[v].name, "fc", count,
                      g_variants[v].fc(&p, &q, quant_count, batches, depth, outs, g_in, g_filter,
                                       g_bias, g_out), n);
    }
    tally(count);
    return 1;
}

int main(void)
{
    const long want = 2000 / TNM_TEST_SCALE; /* cases per kind */
    tnm_rng rng;
    uint32_t n = 0;
    printf("variants:");
    {
        int v;
        for (v = 0; v < VARIANTS; ++v) printf(" %s", g_variants[v].name);
    }
    printf(" (public = %s)\n", TNM_KERNELS_ARM_DSP ? "arm_dsp" : TNM_KERNELS_RV32 ? "rv32" : "portable");
    tnm_rng_seed(&rng, 20240606u);
    while (g_cases[0] < want || g_cases[1] < want || g_cases[2] < want) {
        ++n;
        if (g_cases[0] < want) g_cases[0] += conv_case(&rng, n);
        if (g_cases[1] < want) g_cases[1] += depthwise_case(&rng, n);
        if (g_cases[2] < want) g_cases[2] += fc_case(&rng, n);
        if (tnm_test_failures() > 20) break;
    }
    /* meaningful only with both saturated and in-range outputs */
    CHECK(g_mid > 10000 / TNM_TEST_SCALE);
    CHECK(g_saturated > 1000 / TNM_TEST_SCALE);
    printf("fast-path cases: conv %ld, depthwise %ld, fc %ld; %ld outputs per variant (%ld in range, "
           "%ld saturated)\n",
           g_cases[0], g_cases[1], g_cases[2], g_outputs, g_mid, g_saturated);
    return tnm_test_finish("test_kernels_opt_fast");
}
