/* L2_NORMALIZATION (tnm_l2_normalization_s8) against a reference written from TFLite's
 * definitions with the shared test arithmetic (int64 products): the row's sum of squares,
 * GetInvSqrtQuantizedMultiplierExp's Newton-Raphson in Q3.28 (gemmlowp's saturating
 * rescales as clamps of exact products), MultiplyByQuantizedMultiplier with shift + 7. Random
 * rows of 1 to 3000 values, rows at the zero point (sums 0 and 1), extreme values. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 8192

static int8_t g_in[MAX_ELEMS], g_out[MAX_ELEMS + 16], g_expected[MAX_ELEMS];

/* x * 2^e saturated to int32 (gemmlowp SaturatingRoundingMultiplyByPOT, e > 0) */
static int32_t ref_sat_pot(int32_t x, int e)
{
    const int64_t v = (int64_t)x * ((int64_t)1 << e);
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

static void ref_inv_sqrt(int32_t input, int32_t *multiplier, int *shift)
{
    int s = 11, lz = 0, pairs, i;
    int32_t half, x;
    uint32_t u;
    if (input <= 1) {
        *multiplier = INT32_MAX;
        *shift = 0;
        return;
    }
    while (input >= (1 << 29)) {
        input /= 4;
        ++s;
    }
    for (u = (uint32_t)input; (u & 0x80000000u) == 0; u <<= 1) ++lz;
    pairs = (lz - 1) / 2 - 1;
    s -= pairs;
    input <<= 2 * pairs;
    half = ref_rdbpot(input >> 1, 1);
    x = 1 << 28;
    for (i = 0; i < 5; ++i) {
        const int32_t x3 = ref_sat_pot(ref_srdhm(ref_srdhm(x, x), x), 6);
        x = ref_sat_pot(ref_wrap32((int64_t)ref_srdhm(3 << 27, x) - ref_srdhm(half, x3)), 3);
    }
    x = ref_srdhm(x, 1518500250);
    if (s < 0) {
        x = ref_wrap32((int64_t)x << -s);
        s = 0;
    }
    *multiplier = x;
    *shift = -s;
}

static void reference(int32_t zp, int32_t outer, int32_t depth)
{
    int32_t o, k, m;
    int s;
    for (o = 0; o < outer; ++o) {
        int64_t acc = 0;
        for (k = 0; k < depth; ++k) acc += (int64_t)(g_in[o * depth + k] - zp) * (g_in[o * depth + k] - zp);
        CHECK(acc <= INT32_MAX);
        ref_inv_sqrt((int32_t)acc, &m, &s);
        for (k = 0; k < depth; ++k)
            g_expected[o * depth + k] = (int8_t)ref_clamp(ref_mbqm(g_in[o * depth + k] - zp, m, s + 7), -128, 127);
    }
}

static void test_random(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 2000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        const int32_t zp = tnm_rng_range(&rng, -128, 127), outer = tnm_rng_range(&rng, 1, 4);
        const int32_t depth = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 3) ? 40 : 2000);
        int32_t n = outer * depth, i;
        if (n > MAX_ELEMS) continue;
        switch (done % 5) {
        case 0: /* near the zero point: small sums, the special case 0 and 1 */
            for (i = 0; i < n; ++i) g_in[i] = (int8_t)ref_clamp(zp + tnm_rng_range(&rng, -1, 1) * (tnm_rng_range(&rng, 0, 7) == 0), -128, 127);
            break;
        case 1: /* the extremes: the largest sums */
            for (i = 0; i < n; ++i) g_in[i] = (int8_t)(tnm_rng_range(&rng, 0, 1) ? 127 : -128);
            break;
        default:
            rnd_fill_s8(&rng, g_in, n);
            break;
        }
        reference(zp, outer, depth);
        memset(g_out + n, 0x5A, 16);
        CHECK_EQ(TNM_OK, tnm_l2_normalization_s8(zp, outer, depth, g_in, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)n) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[n + i]);
        done++;
    }
    printf("l2norm: %d random cases\n", done);
}

static void test_arguments(void)
{
    const int8_t in[2] = {3, 4};
    int8_t out[2];
    /* (3, 4) / 5 = (0.6, 0.8): 77 and 102 in 1/128 (76.8, 102.4) */
    CHECK_EQ(TNM_OK, tnm_l2_normalization_s8(0, 1, 2, in, out));
    CHECK_EQ(77, out[0]);
    CHECK_EQ(102, out[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_l2_normalization_s8(0, 1, 2, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_l2_normalization_s8(0, 1, 2, in, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_l2_normalization_s8(0, 0, 2, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_l2_normalization_s8(128, 1, 2, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_l2_normalization_s8(0, 1, TNM_L2NORM_MAX_DEPTH + 1, in, out));
}

int main(void)
{
    test_arguments();
    test_random(6161);
    return tnm_test_finish("test_kernels_l2norm");
}
