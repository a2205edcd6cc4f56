/* DIV (int8, int32), COMPARISON (int8, int32) and SELECT_V2 kernels against references written
 * here from TFLM's definitions (div.h, comparisons.h, select.h) with int64 arithmetic
 * (test_kernels_ref.h), never through src/kernels:
 * - the broadcast: random shapes of rank 1 to 6, inputs of lower rank, each input index computed
 *   from the output's coordinates (not an odometer);
 * - DIV int8: GetReciprocal emulated with a small model of gemmlowp's FixedPoint (its
 *   Newton-Raphson 1 / (1 + x)), itself checked against 1 / v in double; every dividend by every
 *   divisor at random zero points and shifts over [-31, 23], the quotient within 1 of the real one
 *   where no clamp applies; a divisor at its zero point refused with nothing written, and named;
 * - DIV int32: truncation toward zero, activation clamps, 0 and INT32_MIN / -1 refused;
 * - COMPARISON: the six kinds, int8 rescaled at random scales (multipliers from
 *   QuantizeMultiplierSmallerThanOneExp), int32 raw, the ends of both;
 * - SELECT_V2: three-way broadcast, element sizes 1, 2 and 4. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 4096

static int8_t g_a8[MAX_ELEMS], g_b8[MAX_ELEMS], g_o8[MAX_ELEMS + 16], g_e8[MAX_ELEMS];
static int32_t g_a32[MAX_ELEMS], g_b32[MAX_ELEMS], g_o32[MAX_ELEMS + 4], g_e32[MAX_ELEMS];
static uint8_t g_c[MAX_ELEMS];

/* ---- shapes ---- */

/* A random output of rank 1..6 (at most MAX_ELEMS elements) and inputs broadcasting to it: each
 * dim the output's or 1, some inputs of a lower rank (leading dims dropped where they are 1). */
static void random_shapes(tnm_rng *rng, int32_t n, tnm_nd_dims *out, tnm_nd_dims *ins)
{
    int32_t i, k, count;
    do {
        out->rank = tnm_rng_range(rng, 1, 6);
        count = 1;
        for (i = 0; i < out->rank; ++i) {
            out->dims[i] = tnm_rng_range(rng, 1, out->rank > 3 ? 4 : 9);
            count *= out->dims[i];
        }
    } while (count > MAX_ELEMS);
    for (k = 0; k < n; ++k) {
        int32_t lead = 0;
        for (i = 0; i < out->rank; ++i) ins[k].dims[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : out->dims[i];
        while (lead < out->rank - 1 && ins[k].dims[lead] == 1 && tnm_rng_range(rng, 0, 1)) ++lead;
        ins[k].rank = out->rank - lead;
        for (i = 0; i < ins[k].rank; ++i) ins[k].dims[i] = ins[k].dims[i + lead];
    }
    /* the output is the broadcast: a dim where every input has 1 is 1 */
    for (i = 0; i < out->rank; ++i) {
        int any = 0;
        for (k = 0; k < n; ++k) {
            const int32_t lead = out->rank - ins[k].rank;
            if (i >= lead && ins[k].dims[i - lead] != 1) any = 1;
        }
        if (!any) out->dims[i] = 1;
    }
}

static int32_t count_of(const tnm_nd_dims *d)
{
    int32_t i, c = 1;
    for (i = 0; i < d->rank; ++i) c *= d->dims[i];
    return c;
}

/* The element of input d read for output flat index o: the output's coordinates, right-aligned,
 * 0 where the input has 1. */
static int32_t input_index(const tnm_nd_dims *out, const tnm_nd_dims *d, int32_t o)
{
    int32_t coord[6], i, idx = 0;
    const int32_t lead = out->rank - d->rank;
    for (i = out->rank - 1; i >= 0; --i) {
        coord[i] = o % out->dims[i];
        o /= out->dims[i];
    }
    for (i = 0; i < d->rank; ++i) idx = idx * d->dims[i] + (d->dims[i] == 1 ? 0 : coord[i + lead]);
    return idx;
}

/* ---- DIV ---- */

/* A model of gemmlowp's FixedPoint<int32_t, ib>: the raw value, its integer bits. */
typedef struct {
    int32_t raw;
    int ib;
} ref_fp;

static ref_fp fp(int32_t raw, int ib)
{
    ref_fp f;
    f.raw = raw;
    f.ib = ib;
    return f;
}

static ref_fp fp_mul(ref_fp a, ref_fp b) { return fp(ref_srdhm(a.raw, b.raw), a.ib + b.ib); }
static ref_fp fp_add(ref_fp a, ref_fp b) { return fp(ref_wrap32((int64_t)a.raw + b.raw), a.ib); }
static ref_fp fp_sub(ref_fp a, ref_fp b) { return fp(ref_wrap32((int64_t)a.raw - b.raw), a.ib); }

/* Rescale<ib>: SaturatingRoundingMultiplyByPOT by the difference of integer bits. */
static ref_fp fp_rescale(ref_fp f, int ib)
{
    const int e = f.ib - ib;
    if (e > 0) return fp(ref_clamp((int64_t)f.raw * ((int64_t)1 << e), INT32_MIN, INT32_MAX), ib);
    return fp(ref_rdbpot(f.raw, -e), ib);
}

/* one_over_one_plus_x_for_x_in_0_1 (gemmlowp fixedpoint.h), x in Q0.31. */
static int32_t ref_one_over_one_plus_x(int32_t x)
{
    /* RoundingHalfSum(a, One): (a + b) / 2 rounded away from zero in int64 */
    const int64_t sum = (int64_t)x + INT32_MAX;
    const ref_fp half_denominator = fp((int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2), 0);
    const ref_fp c48_17 = fp(1515870810, 2), cm32_17 = fp(-1010580540, 2), one2 = fp(1 << 29, 2);
    ref_fp est = fp_add(c48_17, fp_mul(half_denominator, cm32_17));
    int i;
    for (i = 0; i < 3; ++i) {
        const ref_fp err = fp_sub(one2, fp_mul(half_denominator, est));
        est = fp_add(est, fp_rescale(fp_mul(est, err), 2));
    }
    /* ExactMulByPot<-1> then Rescale<0>: Q2.29 read as Q1.30, shifted up one with saturation */
    return fp_rescale(fp(est.raw, 1), 0).raw;
}

/* GetReciprocal(v, 31, &shift) for v >= 1. */
static int32_t ref_reciprocal(int32_t v, int *shift)
{
    int lz = 0;
    while (((uint32_t)v << lz & 0x80000000u) == 0) ++lz;
    *shift = 31 - lz;
    return ref_one_over_one_plus_x(ref_wrap32((int64_t)((uint64_t)(uint32_t)v << lz) - 2147483648LL));
}

/* Nearest integer to x / 2^e, ties away from zero, for any e >= 0 (TFLite defines e <= 31). */
static int32_t ref_rdbpot_wide(int32_t x, int e)
{
    if (e > 40) return 0;
    {
        const int64_t mag = x < 0 ? -(int64_t)x : (int64_t)x;
        const int64_t r = e == 0 ? mag : (mag + (1LL << (e - 1))) >> e;
        return (int32_t)(x < 0 ? -r : r);
    }
}

static int32_t ref_div_s8(const tnm_div_params *p, int32_t x1, int32_t x2)
{
    int64_t v1 = x1 + p->input1_offset, v2 = x2 + p->input2_offset;
    int headroom = 0, rshift;
    int32_t recip, unscaled;
    if (v2 < 0) {
        v1 = -v1;
        v2 = -v2;
    }
    recip = ref_reciprocal((int32_t)v2, &rshift);
    /* CountLeadingSignBits: the largest h with v1 * 2^h still in int32 (31 for 0 and -1) */
    while (headroom < 31 && v1 * (1LL << (headroom + 1)) >= INT32_MIN && v1 * (1LL << (headroom + 1)) <= INT32_MAX)
        ++headroom;
    unscaled = ref_srdhm(ref_wrap32(v1 * (1LL << headroom)), recip);
    return ref_clamp((int64_t)p->output_offset +
                         ref_rdbpot_wide(ref_srdhm(unscaled, p->output_multiplier),
                                         -(p->output_shift - rshift - headroom)),
                     p->act_min, p->act_max);
}

/* The modelled reciprocal is 1 / v to a few parts in 2^30 for every divisor an int8 DIV meets. */
static void test_reciprocal_model(void)
{
    int32_t v;
    for (v = 1; v <= 255; ++v) {
        int shift;
        const int32_t r = ref_reciprocal(v, &shift);
        const double got = (double)r / 2147483648.0 / pow(2.0, shift);
        CHECK(fabs(got - 1.0 / v) < 4e-9 / pow(2.0, shift));
    }
}

static void random_div_params(tnm_rng *rng, tnm_div_params *p)
{
    p->input1_offset = -rnd_zero_point(rng);
    p->input2_offset = -rnd_zero_point(rng);
    p->output_offset = rnd_zero_point(rng);
    p->output_multiplier = rnd_multiplier(rng);
    switch (tnm_rng_range(rng, 0, 5)) {
    case 0: p->output_shift = -31; break;
    case 1: p->output_shift = TNM_DIV_MAX_SHIFT; break;
    default: p->output_shift = tnm_rng_range(rng, -31, TNM_DIV_MAX_SHIFT);
    }
    rnd_act_range(rng, &p->act_min, &p->act_max);
}

/* Every dividend by every divisor but the zero point, against the reference and the real quotient. */
static void test_div_all_values(uint32_t seed)
{
    tnm_rng rng;
    int round, checked_real = 0;
    tnm_nd_dims da, db, dout;
    tnm_rng_seed(&rng, seed);
    da.rank = 2;
    da.dims[0] = 256;
    da.dims[1] = 1;
    db.rank = 1;
    db.dims[0] = 255;
    dout.rank = 2;
    dout.dims[0] = 256;
    dout.dims[1] = 255;
    for (round = 0; round < 8 / TNM_TEST_SCALE + 3; ++round) { /* 65,280 quotients a round */
        static int8_t out[256 * 255];
        tnm_div_params p;
        int32_t i, j, v, zp2;
        random_div_params(&rng, &p);
        if (round < 3) { /* TFLM-like: real multipliers of 64 to 2^20, no clamp */
            p.output_shift = tnm_rng_range(&rng, 7, 21);
            p.act_min = -128;
            p.act_max = 127;
        }
        zp2 = -p.input2_offset;
        for (i = 0; i < 256; ++i) g_a8[i] = (int8_t)(i - 128);
        for (v = -128, j = 0; v <= 127; ++v)
            if (v != zp2) g_b8[j++] = (int8_t)v;
        CHECK_EQ(TNM_OK, tnm_div_s8(&p, &da, g_a8, &db, g_b8, &dout, out));
        for (i = 0; i < 256; ++i) {
            for (j = 0; j < 255; ++j) {
                const int32_t want = ref_div_s8(&p, g_a8[i], g_b8[j]);
                if (out[i * 255 + j] != want) {
                    CHECK_EQ(want, out[i * 255 + j]);
                    return;
                }
                if (round < 3) { /* within 1 of the real quotient where it is in range */
                    const double real = (double)(g_a8[i] + p.input1_offset) / (g_b8[j] + p.input2_offset) *
                                        ((double)p.output_multiplier / 2147483648.0) * pow(2.0, p.output_shift);
                    const double q = real + p.output_offset;
                    if (q > -127.0 && q < 126.0) {
                        CHECK(fabs(q - out[i * 255 + j]) <= 1.0);
                        ++checked_real;
                    }
                }
            }
        }
    }
    CHECK(checked_real > 1000);
}

static void test_div_broadcast(uint32_t seed)
{
    tnm_rng rng;
    int iter;
    tnm_rng_seed(&rng, seed);
    for (iter = 0; iter < 2000 / TNM_TEST_SCALE; ++iter) {
        tnm_nd_dims out, ins[2];
        tnm_div_params p;
        int32_t i, n, na, nb, int32 = tnm_rng_range(&rng, 0, 3) == 0;
        random_shapes(&rng, 2, &out, ins);
        n = count_of(&out);
        na = count_of(&ins[0]);
        nb = count_of(&ins[1]);
        if (int32) {
            memset(&p, 0, sizeof p);
            p.act_min = INT32_MIN;
            p.act_max = INT32_MAX;
            if (tnm_rng_range(&rng, 0, 2) == 0) {
                p.act_min = tnm_rng_range(&rng, -10, 0);
                p.act_max = tnm_rng_range(&rng, 0, 10);
            }
            for (i = 0; i < na; ++i)
                g_a32[i] = tnm_rng_range(&rng, 0, 9) == 0 ? (tnm_rng_range(&rng, 0, 1) ? INT32_MAX : INT32_MIN + 1)
                                                          : (int32_t)tnm_rng_next(&rng) >> tnm_rng_range(&rng, 0, 30);
            for (i = 0; i < nb; ++i) {
                do g_b32[i] = (int32_t)tnm_rng_next(&rng) >> tnm_rng_range(&rng, 0, 31);
                while (g_b32[i] == 0);
            }
            CHECK_EQ(-1, tnm_div_first_undefined(4, &p, &ins[0], g_a32, &ins[1], g_b32, &out, 0, 0));
            CHECK_EQ(TNM_OK, tnm_div_s32(&p, &ins[0], g_a32, &ins[1], g_b32, &out, g_o32));
            for (i = 0; i < n; ++i) {
                const int64_t a = g_a32[input_index(&out, &ins[0], i)], b = g_b32[input_index(&out, &ins[1], i)];
                const int64_t q = a / b; /* C99: toward zero */
                g_e32[i] = ref_clamp(q, p.act_min, p.act_max);
            }
            if (memcmp(g_e32, g_o32, (size_t)n * 4) != 0) {
                CHECK(0);
                return;
            }
            continue;
        }
        random_div_params(&rng, &p);
        rnd_fill_s8(&rng, g_a8, na);
        for (i = 0; i < nb; ++i) {
            do g_b8[i] = (int8_t)tnm_rng_range(&rng, -128, 127);
            while (g_b8[i] + p.input2_offset == 0);
        }
        g_o8[n] = 0x5A;
        CHECK_EQ(TNM_OK, tnm_div_s8(&p, &ins[0], g_a8, &ins[1], g_b8, &out, g_o8));
        CHECK_EQ(0x5A, g_o8[n]);
        for (i = 0; i < n; ++i)
            g_e8[i] = (int8_t)ref_div_s8(&p, g_a8[input_index(&out, &ins[0], i)], g_b8[input_index(&out, &ins[1], i)]);
        if (memcmp(g_e8, g_o8, (size_t)n) != 0) {
            CHECK(0);
            return;
        }
    }
}

/* Undefined quotients: refused before any byte is written, the first one named. */
static void test_div_undefined(void)
{
    tnm_nd_dims d, one;
    tnm_div_params p;
    int32_t a, b;
    d.rank = 2;
    d.dims[0] = 3;
    d.dims[1] = 4;
    one.rank = 1;
    one.dims[0] = 4;
    memset(&p, 0, sizeof p);
    p.input2_offset = -7;
    p.output_multiplier = 1 << 30;
    p.output_shift = 10;
    p.act_min = -128;
    p.act_max = 127;
    memset(g_a8, 3, 12);
    g_b8[0] = 1;
    g_b8[1] = 2;
    g_b8[2] = 7; /* the zero point: column 2 */
    g_b8[3] = 8;
    g_a8[6] = 42;
    memset(g_o8, 0x5A, 12);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &d, g_a8, &one, g_b8, &d, g_o8));
    CHECK_EQ(0x5A5A5A5A, ((const int32_t *)(const void *)g_o8)[2]); /* nothing written */
    CHECK_EQ(0x5A, (uint8_t)g_o8[0]);
    CHECK_EQ(2, tnm_div_first_undefined(1, &p, &d, g_a8, &one, g_b8, &d, &a, &b));
    CHECK_EQ(3, a);
    CHECK_EQ(7, b);
    /* int32: 0, then INT32_MIN / -1 */
    memset(&p, 0, sizeof p);
    p.act_min = INT32_MIN;
    p.act_max = INT32_MAX;
    g_a32[0] = 5;
    g_a32[1] = INT32_MIN;
    g_b32[0] = 2;
    g_b32[1] = -1;
    one.dims[0] = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s32(&p, &one, g_a32, &one, g_b32, &one, g_o32));
    CHECK_EQ(1, tnm_div_first_undefined(4, &p, &one, g_a32, &one, g_b32, &one, &a, &b));
    CHECK_EQ(INT32_MIN, a);
    CHECK_EQ(-1, b);
    g_b32[0] = 0;
    CHECK_EQ(0, tnm_div_first_undefined(4, &p, &one, g_a32, &one, g_b32, &one, &a, &b));
    CHECK_EQ(0, b);
    g_b32[0] = 2;
    g_a32[1] = INT32_MIN + 1;
    CHECK_EQ(TNM_OK, tnm_div_s32(&p, &one, g_a32, &one, g_b32, &one, g_o32));
    CHECK_EQ(2, g_o32[0]);
    CHECK_EQ(INT32_MAX, g_o32[1]);
    /* arguments out of range */
    memset(&p, 0, sizeof p);
    p.act_min = -128;
    p.act_max = 127;
    p.output_multiplier = 1 << 30;
    g_b8[0] = g_b8[1] = 1;
    p.output_shift = TNM_DIV_MAX_SHIFT + 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &one, g_a8, &one, g_b8, &one, g_o8));
    p.output_shift = -32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &one, g_a8, &one, g_b8, &one, g_o8));
    p.output_shift = 0;
    p.input1_offset = 129;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &one, g_a8, &one, g_b8, &one, g_o8));
    p.input1_offset = 0;
    p.act_min = 5;
    p.act_max = 4;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &one, g_a8, &one, g_b8, &one, g_o8));
    p.act_min = -128;
    p.output_multiplier = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &one, g_a8, &one, g_b8, &one, g_o8));
    p.output_multiplier = 1 << 30;
    p.act_max = 127;
    d.dims[1] = 3; /* [3,3] against [2]: no broadcast */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &one, g_a8, &one, g_b8, &d, g_o8));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &d, g_a8, &one, g_b8, &one, g_o8)); /* input rank above the output's */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(NULL, &one, g_a8, &one, g_b8, &one, g_o8));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_div_s8(&p, &one, g_a8, &one, g_b8, &one, NULL));
    CHECK_EQ(-1, tnm_div_first_undefined(2, &p, &one, g_a8, &one, g_b8, &one, &a, &b));
}

/* ---- COMPARISON ---- */

static int ref_compare(int32_t kind, int64_t a, int64_t b)
{
    switch (kind) {
    case TNM_COMPARISON_EQUAL: return a == b;
    case TNM_COMPARISON_NOT_EQUAL: return a != b;
    case TNM_COMPARISON_LESS: return a < b;
    case TNM_COMPARISON_LESS_EQUAL: return a <= b;
    case TNM_COMPARISON_GREATER: return a > b;
    default: return a >= b;
    }
}

static int32_t ref_scaled(int32_t x, int32_t offset, int32_t left_shift, int32_t m, int32_t s)
{
    return ref_mbqm(ref_wrap32((int64_t)(x + offset) * (1LL << left_shift)), m, s);
}

static void test_comparison(uint32_t seed)
{
    tnm_rng rng;
    int iter, seen_true = 0, seen_false = 0;
    tnm_rng_seed(&rng, seed);
    for (iter = 0; iter < 3000 / TNM_TEST_SCALE; ++iter) {
        tnm_nd_dims out, ins[2];
        tnm_comparison_params p;
        int32_t i, n, na, nb, int32 = tnm_rng_range(&rng, 0, 3) == 0;
        random_shapes(&rng, 2, &out, ins);
        n = count_of(&out);
        na = count_of(&ins[0]);
        nb = count_of(&ins[1]);
        memset(&p, 0, sizeof p);
        p.kind = tnm_rng_range(&rng, TNM_COMPARISON_EQUAL, TNM_COMPARISON_GREATER_EQUAL);
        if (int32) {
            for (i = 0; i < na; ++i) g_a32[i] = (int32_t)tnm_rng_next(&rng) >> tnm_rng_range(&rng, 26, 31);
            for (i = 0; i < nb; ++i) g_b32[i] = (int32_t)tnm_rng_next(&rng) >> tnm_rng_range(&rng, 26, 31);
            if (na > 0 && tnm_rng_range(&rng, 0, 4) == 0) g_a32[0] = INT32_MIN;
            if (nb > 0 && tnm_rng_range(&rng, 0, 4) == 0) g_b32[0] = INT32_MAX;
            CHECK_EQ(TNM_OK, tnm_compare_s32(&p, &ins[0], g_a32, &ins[1], g_b32, &out, g_c));
            for (i = 0; i < n; ++i) {
                const int want = ref_compare(p.kind, g_a32[input_index(&out, &ins[0], i)],
                                             g_b32[input_index(&out, &ins[1], i)]);
                if (g_c[i] != want) {
                    CHECK_EQ(want, g_c[i]);
                    return;
                }
            }
            continue;
        }
        {
            /* TFLM's Prepare: left shift 8, each scale in (0, 1) as its own multiplier */
            const double s1 = exp(log(1e-4) + log(1e4) * (tnm_rng_next(&rng) % 100000) / 100000.0);
            const double s2 = tnm_rng_range(&rng, 0, 3) == 0 ? s1 : exp(log(1e-4) + log(1e4) * (tnm_rng_next(&rng) % 100000) / 100000.0);
            int shift;
            p.input1_offset = -rnd_zero_point(&rng);
            p.input2_offset = -rnd_zero_point(&rng);
            p.left_shift = tnm_rng_range(&rng, 0, 5) == 0 ? tnm_rng_range(&rng, 0, 23) : 8;
            ref_quantize_multiplier(s1 < 1.0 ? s1 : 0.999, &p.input1_multiplier, &shift);
            p.input1_shift = shift;
            ref_quantize_multiplier(s2 < 1.0 ? s2 : 0.999, &p.input2_multiplier, &shift);
            p.input2_shift = shift;
            if (tnm_rng_range(&rng, 0, 9) == 0) {
                p.input1_multiplier = rnd_multiplier(&rng);
                p.input1_shift = tnm_rng_range(&rng, -31, 0);
            }
        }
        rnd_fill_s8(&rng, g_a8, na);
        rnd_fill_s8(&rng, g_b8, nb);
        g_c[n] = 0xA5;
        CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &ins[0], g_a8, &ins[1], g_b8, &out, g_c));
        CHECK_EQ(0xA5, g_c[n]);
        for (i = 0; i < n; ++i) {
            const int want =
                ref_compare(p.kind,
                            ref_scaled(g_a8[input_index(&out, &ins[0], i)], p.input1_offset, p.left_shift,
                                       p.input1_multiplier, p.input1_shift),
                            ref_scaled(g_b8[input_index(&out, &ins[1], i)], p.input2_offset, p.left_shift,
                                       p.input2_multiplier, p.input2_shift));
            if (g_c[i] != want) {
                CHECK_EQ(want, g_c[i]);
                return;
            }
            seen_true += want;
            seen_false += !want;
        }
    }
    CHECK(seen_true > 1000 && seen_false > 1000);
    {
        /* arguments out of range */
        tnm_comparison_params p;
        tnm_nd_dims one;
        one.rank = 1;
        one.dims[0] = 2;
        memset(&p, 0, sizeof p);
        p.left_shift = 8;
        CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &one, g_a8, &one, g_b8, &one, g_c));
        p.kind = 6;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_compare_s8(&p, &one, g_a8, &one, g_b8, &one, g_c));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_compare_s32(&p, &one, g_a32, &one, g_b32, &one, g_c));
        p.kind = -1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_compare_s8(&p, &one, g_a8, &one, g_b8, &one, g_c));
        p.kind = 0;
        p.left_shift = 24;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_compare_s8(&p, &one, g_a8, &one, g_b8, &one, g_c));
        p.left_shift = 8;
        p.input2_shift = 1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_compare_s8(&p, &one, g_a8, &one, g_b8, &one, g_c));
        p.input2_shift = 0;
        p.input1_offset = -128;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_compare_s8(&p, &one, g_a8, &one, g_b8, &one, g_c));
        CHECK_EQ(TNM_OK, tnm_compare_s32(&p, &one, g_a32, &one, g_b32, &one, g_c)); /* int32 reads no offset */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_compare_s32(&p, &one, g_a32, &one, g_b32, &one, NULL));
    }
}

/* ---- SELECT_V2 ---- */

static void test_select(uint32_t seed)
{
    tnm_rng rng;
    int iter;
    tnm_rng_seed(&rng, seed);
    for (iter = 0; iter < 2000 / TNM_TEST_SCALE; ++iter) {
        static uint8_t x[MAX_ELEMS * 4], y[MAX_ELEMS * 4], o[MAX_ELEMS * 4 + 4], e[MAX_ELEMS * 4];
        tnm_nd_dims out, ins[3];
        const int32_t es = tnm_rng_range(&rng, 0, 2) == 0 ? 1 : (tnm_rng_range(&rng, 0, 1) ? 2 : 4);
        int32_t i, n, nc, nx, ny;
        random_shapes(&rng, 3, &out, ins);
        n = count_of(&out);
        nc = count_of(&ins[0]);
        nx = count_of(&ins[1]);
        ny = count_of(&ins[2]);
        for (i = 0; i < nc; ++i) g_c[i] = (uint8_t)(tnm_rng_range(&rng, 0, 1) ? tnm_rng_range(&rng, 1, 255) : 0);
        for (i = 0; i < nx * es; ++i) x[i] = (uint8_t)tnm_rng_next(&rng);
        for (i = 0; i < ny * es; ++i) y[i] = (uint8_t)tnm_rng_next(&rng);
        memset(o + (size_t)n * es, 0xC3, 4);
        CHECK_EQ(TNM_OK, tnm_select(es, &ins[0], g_c, &ins[1], x, &ins[2], y, &out, o));
        CHECK_EQ(0xC3, o[(size_t)n * es]);
        for (i = 0; i < n; ++i) {
            const int take_x = g_c[input_index(&out, &ins[0], i)] != 0;
            const uint8_t *from = take_x ? x + (size_t)input_index(&out, &ins[1], i) * es
                                         : y + (size_t)input_index(&out, &ins[2], i) * es;
            memcpy(e + (size_t)i * es, from, (size_t)es);
        }
        if (memcmp(e, o, (size_t)n * es) != 0) {
            CHECK(0);
            return;
        }
    }
    {
        tnm_nd_dims one, two;
        one.rank = 1;
        one.dims[0] = 2;
        two.rank = 1;
        two.dims[0] = 3;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_select(3, &one, g_c, &one, g_a8, &one, g_b8, &one, g_o8));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_select(1, &one, g_c, &two, g_a8, &one, g_b8, &one, g_o8));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_select(1, &one, NULL, &one, g_a8, &one, g_b8, &one, g_o8));
    }
}

int main(void)
{
    test_reciprocal_model();
    test_div_all_values(5301);
    test_div_broadcast(5302);
    test_div_undefined();
    test_comparison(5303);
    test_select(5304);
    return tnm_test_finish("test_kernels_div_compare_select");
}
