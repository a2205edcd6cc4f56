/*
 * Target-optimized FULLY_CONNECTED variants against the portable reference (same
 * binary; every compiled variant), and the variants' lean requantization
 * (tnm_opt_requant) against TFLite's double rounding written from the definition.
 */
#include <string.h>

#include "../src/kernels/tnm_kernels_opt.h"
#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"
#include "tnm_test_conv.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_BATCH 3
#define MAX_DEPTH 700
#define MAX_OUT 140
#define MAX_WEIGHTS (MAX_OUT * MAX_DEPTH + 4)
#define GUARD 16

typedef struct {
    const char *name;
    tnm_test_fc_fn fc;
} variant;

static const variant g_variants[] = {
    {"public", tnm_fully_connected_s8},
#if TNM_HAVE_ARM_DSP_VARIANT
    {"arm_dsp", tnm_fully_connected_s8_arm_dsp},
#endif
#if TNM_HAVE_RV32_VARIANT
    {"rv32", tnm_fully_connected_s8_rv32},
#endif
};
#define VARIANTS ((int)(sizeof g_variants / sizeof g_variants[0]))

static int8_t g_in[MAX_BATCH * 2100];
static int32_t g_w_words[MAX_WEIGHTS / 4 + 1]; /* word-aligned; g_w_shift bytes in */
static int8_t *g_w = (int8_t *)g_w_words;
static int8_t g_out[MAX_BATCH * MAX_OUT + GUARD], g_expected[MAX_BATCH * MAX_OUT];
static int32_t g_bias[MAX_OUT], g_mult[MAX_OUT];
static int8_t g_shift[MAX_OUT];

/* Weights at a 4-byte boundary, or 1-3 bytes past one (the Cortex-M blocks need the first;
 * the direct rows take the rest). Depths above MAX_DEPTH: the caller keeps
 * outs * depth <= MAX_OUT * MAX_DEPTH. */
static int32_t g_w_shift;
/* the range of the random shifts */
static int32_t g_shift_lo = -20, g_shift_hi = -6;
/* 1 in (g_bias_odds + 1) biases near INT32_MIN or INT32_MAX; g_per_tensor: one multiplier */
static int32_t g_bias_odds = 10, g_per_tensor = 0;

static void run_case(tnm_rng *rng, int32_t batches, int32_t depth, int32_t outs, long *clamped,
                     long *mid)
{
    tnm_fc_params p;
    tnm_quant q;
    const int32_t quant_count = g_per_tensor || tnm_rng_range(rng, 0, 1) ? 1 : outs;
    const int has_bias = tnm_rng_range(rng, 0, 3) != 0;
    const int32_t count = batches * outs;
    int32_t i;
    int v;
    memset(&p, 0, sizeof p);
    p.input_offset = -rnd_zero_point(rng);
    p.filter_offset = tnm_rng_range(rng, 0, 2) == 0 ? -rnd_zero_point(rng) : 0;
    p.output_offset = rnd_zero_point(rng);
    rnd_act_range(rng, &p.act_min, &p.act_max);
    for (i = 0; i < outs; ++i) {
        g_mult[i] = tnm_rng_range(rng, 0, 40) == 0 ? 0 : rnd_multiplier(rng);
        g_shift[i] = (int8_t)rnd_shift(rng, g_shift_lo, g_shift_hi);
        g_bias[i] = tnm_rng_range(rng, 0, g_bias_odds) == 0
                        ? (tnm_rng_range(rng, 0, 1) ? INT32_MAX - tnm_rng_range(rng, 0, 5000)
                                                    : INT32_MIN + tnm_rng_range(rng, 0, 5000))
                        : tnm_rng_range(rng, -100000, 100000);
    }
    rnd_fill_s8(rng, g_in, batches * depth);
    { /* the weights end (within 3 bytes) at the end of the array: reads past them fault
       * under AddressSanitizer */
        const int32_t start = (int32_t)sizeof g_w_words - outs * depth;
        g_w = (int8_t *)g_w_words + start - ((start - g_w_shift) & 3);
    }
    rnd_fill_s8(rng, g_w, outs * depth);
    if (tnm_rng_range(rng, 0, 8) == 0) { /* shifts outside the blocks' fast form, either side */
        g_shift[tnm_rng_range(rng, 0, quant_count - 1)] =
            (int8_t)(tnm_rng_range(rng, 0, 1) ? tnm_rng_range(rng, -1, 0) : tnm_rng_range(rng, -31, -24));
    }
    q.multiplier = g_mult;
    q.shift = g_shift;
    CHECK_EQ(TNM_OK, tnm_fully_connected_s8_ref(&p, &q, quant_count, batches, depth, outs, g_in, g_w,
                                                has_bias ? g_bias : NULL, g_expected));
    for (i = 0; i < count; ++i) {
        if (g_expected[i] == p.act_min || g_expected[i] == p.act_max) ++*clamped;
        else ++*mid;
    }
    for (v = 0; v < VARIANTS; ++v) {
        int32_t mismatches = 0;
        memset(g_out, 0x5A, (size_t)count + GUARD);
        CHECK_EQ(TNM_OK, g_variants[v].fc(&p, &q, quant_count, batches, depth, outs, g_in, g_w,
                                          has_bias ? g_bias : NULL, g_out));
        for (i = 0; i < count; ++i) mismatches += g_out[i] != g_expected[i];
        for (i = 0; i < GUARD; ++i) CHECK_EQ(0x5A, g_out[count + i]);
        if (mismatches) {
            fprintf(stderr, "%s fc %dx%d -> %d: %d/%d differ\n", g_variants[v].name, (int)batches,
                    (int)depth, (int)outs, (int)mismatches, (int)count);
        }
        CHECK_EQ(0, mismatches);
    }
}

static void test_random(void)
{
    tnm_rng rng;
    long clamped = 0, mid = 0;
    int iter;
    tnm_rng_seed(&rng, 4242);
    /* the AD autoencoder's and KWS's shapes first */
    run_case(&rng, 1, 640, 128, &clamped, &mid);
    run_case(&rng, 1, 128, 128, &clamped, &mid);
    run_case(&rng, 1, 128, 8, &clamped, &mid);
    run_case(&rng, 1, 8, 128, &clamped, &mid);
    run_case(&rng, 1, 128, 640 / 5, &clamped, &mid);
    run_case(&rng, 1, 64, 12, &clamped, &mid);
    /* every misalignment class of the Cortex-M blocks (depth % 4 = 0, 2, odd; % 8), one
     * row and pairs, depths over its 512-input chunk (several chunks, several 64-row
     * blocks), the grid's shapes */
    run_case(&rng, 1, 250, 64, &clamped, &mid);
    run_case(&rng, 1, 251, 9, &clamped, &mid);
    run_case(&rng, 2, 253, 7, &clamped, &mid);
    run_case(&rng, 1, 1000, 10, &clamped, &mid);
    run_case(&rng, 1, 2048, 10, &clamped, &mid);
    run_case(&rng, 1, 1025, 70, &clamped, &mid);
    run_case(&rng, 1, 1538, 63, &clamped, &mid);
    run_case(&rng, 1, 513, 130, &clamped, &mid);
    run_case(&rng, 1, 520, 131, &clamped, &mid);
    run_case(&rng, 1, 700, 140, &clamped, &mid);
    run_case(&rng, 1, 1300, 75, &clamped, &mid);
    run_case(&rng, 1, 5, 33, &clamped, &mid);
    /* the Cortex-M passes of three rows: at the 12-row threshold, in every misalignment
     * class, over several chunks (sums kept between chunks), more rows than one group,
     * batches, and a row near the end of the weights after them */
    run_case(&rng, 1, 96, 12, &clamped, &mid);
    run_case(&rng, 1, 97, 13, &clamped, &mid);
    run_case(&rng, 1, 98, 14, &clamped, &mid);
    run_case(&rng, 1, 1283, 70, &clamped, &mid);
    run_case(&rng, 2, 1400, 60, &clamped, &mid);
    run_case(&rng, 1, 700, 140, &clamped, &mid);
    run_case(&rng, 3, 643, 131, &clamped, &mid);
    for (iter = 0; iter < 40 / TNM_TEST_SCALE; ++iter) {
        g_w_shift = tnm_rng_range(&rng, 0, 7) == 0 ? tnm_rng_range(&rng, 1, 3) : 0;
        run_case(&rng, tnm_rng_range(&rng, 1, 2), tnm_rng_range(&rng, 600, 1400),
                 tnm_rng_range(&rng, 12, 60), &clamped, &mid);
    }
    g_w_shift = 0;
    for (iter = 0; iter < 60 / TNM_TEST_SCALE; ++iter) {
        g_w_shift = tnm_rng_range(&rng, 0, 7) == 0 ? tnm_rng_range(&rng, 1, 3) : 0;
        run_case(&rng, tnm_rng_range(&rng, 1, 2), tnm_rng_range(&rng, 513, 2100),
                 tnm_rng_range(&rng, 1, 40), &clamped, &mid);
    }
    for (iter = 0; iter < 500 / TNM_TEST_SCALE; ++iter) {
        g_w_shift = tnm_rng_range(&rng, 0, 7) == 0 ? tnm_rng_range(&rng, 1, 3) : 0;
        const int32_t batches = tnm_rng_range(&rng, 1, MAX_BATCH);
        const int32_t depth = tnm_rng_range(&rng, 0, 4) == 0 ? tnm_rng_range(&rng, 600, MAX_DEPTH)
                                                             : tnm_rng_range(&rng, 1, 70);
        const int32_t outs = tnm_rng_range(&rng, 0, 3) == 0 ? tnm_rng_range(&rng, 1, 9)
                                                            : tnm_rng_range(&rng, 1, MAX_OUT);
        run_case(&rng, batches, depth, outs, &clamped, &mid);
    }
    g_w_shift = 0;
    /* shifts at the ends of the Cortex-M forms (one SMMLAR per row for per-tensor shifts
     * down to -21, the SMLAL form below; accumulators past +-2^30 from the extreme biases) */
    g_bias_odds = 1;
    for (iter = 0; iter < 80 / TNM_TEST_SCALE; ++iter) {
        g_shift_lo = g_shift_hi = (int32_t[]){-2, -3, -20, -21, -22, -23}[iter % 6];
        g_per_tensor = iter % 4 != 0;
        run_case(&rng, 1, tnm_rng_range(&rng, 1, 300), tnm_rng_range(&rng, 12, 40), &clamped, &mid);
    }
    g_shift_lo = -20;
    g_shift_hi = -6;
    g_bias_odds = 10;
    g_per_tensor = 0;
    CHECK(clamped > 1000);
    CHECK(mid > 1000);
    printf("fully connected: %d variants, %ld clamped and %ld in-range outputs\n", VARIANTS, clamped,
           mid);
}

static void test_bad_arguments(void)
{
    tnm_fc_params p;
    tnm_quant q;
    int v;
    memset(&p, 0, sizeof p);
    p.act_min = -128;
    p.act_max = 127;
    g_mult[0] = 1 << 30;
    g_shift[0] = -3;
    q.multiplier = g_mult;
    q.shift = g_shift;
    for (v = 0; v < VARIANTS; ++v) {
        CHECK_EQ(TNM_OK, g_variants[v].fc(&p, &q, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].fc(NULL, &q, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].fc(&p, &q, 1, 1, 4, 2, g_in, NULL, NULL, g_out));
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].fc(&p, &q, 3, 1, 4, 2, g_in, g_w, NULL, g_out));
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].fc(&p, &q, 1, 1, 0, 2, g_in, g_w, NULL, g_out));
        p.filter_offset = 129;
        CHECK_EQ(TNM_ERR_ARGUMENT, g_variants[v].fc(&p, &q, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
        p.filter_offset = 0;
    }
}

/* tnm_opt_requant against the definition (int64, two roundings), on the extremes of
 * every argument and on random values. */
static void check_requant(int32_t acc, int32_t m, int32_t s)
{
    const int32_t expected = ref_mbqm(acc, m, s);
    const int32_t got = tnm_opt_requant(acc, m, s);
    if (got != expected) {
        fprintf(stderr, "requant(%ld, %ld, %d) = %ld, expected %ld\n", (long)acc, (long)m, (int)s,
                (long)got, (long)expected);
    }
    CHECK_EQ(expected, got);
}

static void test_requant(void)
{
    static const int32_t accs[] = {0, 1, -1, 2, -2, 3, -3, 127, -128, 1 << 20, -(1 << 20),
                                   (1 << 30) - 1, -(1 << 30), INT32_MAX, INT32_MIN,
                                   INT32_MAX - 1, INT32_MIN + 1, 0x40000000, -0x40000001};
    static const int32_t mults[] = {0, 1, 2, 1 << 30, (1 << 30) + 1, INT32_MAX, INT32_MAX - 1,
                                    0x5A5A5A5A};
    tnm_rng rng;
    int32_t s;
    long i, n = 2000000L / TNM_TEST_SCALE;
    unsigned a, m;
    for (s = -31; s <= 30; ++s) {
        for (a = 0; a < sizeof accs / sizeof accs[0]; ++a) {
            for (m = 0; m < sizeof mults / sizeof mults[0]; ++m) check_requant(accs[a], mults[m], s);
        }
    }
    tnm_rng_seed(&rng, 99);
    for (i = 0; i < n; ++i) {
        const int32_t shift = tnm_rng_range(&rng, 0, 3) == 0 ? tnm_rng_range(&rng, -31, 30)
                                                             : tnm_rng_range(&rng, -14, -1);
        int32_t acc;
        switch (tnm_rng_range(&rng, 0, 3)) {
        case 0: acc = (int32_t)tnm_rng_next(&rng); break;
        case 1: acc = tnm_rng_range(&rng, -300, 300); break;
        default: acc = tnm_rng_range(&rng, -(1 << 20), 1 << 20); break;
        }
        /* ties: an accumulator with exactly the rounding bits set */
        if (tnm_rng_range(&rng, 0, 7) == 0) acc = (int32_t)((uint32_t)acc & ~0xFFFFu) | 0x8000;
        check_requant(acc, tnm_rng_range(&rng, 0, 7) == 0 ? 1 << 30 : rnd_multiplier(&rng), shift);
    }
    /* the exact ties of both roundings: m = 2^30 halves x exactly */
    for (s = -12; s <= -1; ++s) {
        int32_t x;
        for (x = -5000; x <= 5000; ++x) check_requant(x, 1 << 30, s);
    }
}

int main(void)
{
    test_requant();
    test_random();
    test_bad_arguments();
    return tnm_test_finish("test_kernels_opt_fc");
}
