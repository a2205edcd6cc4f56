/* SQUARED_DIFFERENCE (int8, int16), RSQRT (int8) and ABS (int8, int16) kernels against
 * references written here from TFLM's definitions (squared_difference.cc, elementwise.cc) with
 * int64 arithmetic (test_kernels_ref.h), never through src/kernels:
 * - SQUARED_DIFFERENCE: random 4-D broadcasts, parameters from random scales as TFLM's Prepare
 *   computes them and raw ones at the edges of the kernel's ranges (int32 products wrap there,
 *   as TFLM's would);
 * - RSQRT: every input value at or above random zero points, multiplier shifts over the whole
 *   accepted range [-11, 50]; GetInvSqrtQuantizedMultiplierExp emulated with a small model of
 *   gemmlowp's FixedPoint (a raw value and its integer bits; products, rescales, constants as
 *   gemmlowp defines them), itself checked against 1/sqrt in double; a value below the zero
 *   point refused with nothing written;
 * - ABS: every value, requantized or not, int16 at its ends. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 4096

static int8_t g_a8[MAX_ELEMS], g_b8[MAX_ELEMS], g_o8[MAX_ELEMS + 16], g_e8[MAX_ELEMS];
static int16_t g_a16[MAX_ELEMS], g_b16[MAX_ELEMS], g_o16[MAX_ELEMS + 16], g_e16[MAX_ELEMS];

static double rnd_scale(tnm_rng *rng, double lo, double hi)
{
    return exp(log(lo) + (log(hi) - log(lo)) * (tnm_rng_next(rng) % 100000) / 100000.0);
}

/* ---- SQUARED_DIFFERENCE ---- */

/* TFLM's per-value step: both inputs offset, shifted up, scaled (shift <= 0); the difference
 * squared in int32 (wrapping), then MultiplyByQuantizedMultiplier, offset, clamp. */
static int32_t ref_sqdiff(const tnm_arith_params *p, int32_t x1, int32_t x2)
{
    const int32_t a = ref_mbqm(ref_wrap32((int64_t)(x1 + p->input1_offset) * (1LL << p->left_shift)),
                               p->input1_multiplier, p->input1_shift);
    const int32_t b = ref_mbqm(ref_wrap32((int64_t)(x2 + p->input2_offset) * (1LL << p->left_shift)),
                               p->input2_multiplier, p->input2_shift);
    const int64_t diff = (int64_t)ref_wrap32((int64_t)a - b);
    const int32_t squared = ref_wrap32(diff * diff);
    return ref_clamp(ref_wrap32((int64_t)ref_mbqm(squared, p->output_multiplier, p->output_shift) + p->output_offset),
                     p->act_min, p->act_max);
}

/* PrepareQuantized of squared_difference.cc: twice the larger input scale in double, the
 * output's denominator (1 << 2 * left_shift) * scale a float product. */
static void sqdiff_from_scales(float s1, float s2, float so, int int16, tnm_arith_params *p)
{
    const double twice_max = 2.0 * (double)(s1 > s2 ? s1 : s2);
    volatile float denominator = (float)(1 << (int16 ? 0 : 14)) * so;
    int shift;
    p->left_shift = int16 ? 0 : 7;
    ref_quantize_multiplier((double)s1 / twice_max, &p->input1_multiplier, &shift);
    p->input1_shift = shift;
    ref_quantize_multiplier((double)s2 / twice_max, &p->input2_multiplier, &shift);
    p->input2_shift = shift;
    ref_quantize_multiplier(twice_max * twice_max / (double)denominator, &p->output_multiplier, &shift);
    p->output_shift = shift;
}

static void random_dims(tnm_rng *rng, tnm_dims *out, tnm_dims *in1, tnm_dims *in2)
{
    int32_t o[4], a[4], b[4];
    int i;
    o[0] = tnm_rng_range(rng, 1, 3);
    o[1] = tnm_rng_range(rng, 1, 5);
    o[2] = tnm_rng_range(rng, 1, 6);
    o[3] = tnm_rng_range(rng, 1, 9);
    for (i = 0; i < 4; ++i) {
        a[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : o[i];
        b[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : o[i];
        if (a[i] == 1 && b[i] == 1) o[i] = 1; /* the output is the broadcast of the two */
    }
    out->n = o[0]; out->h = o[1]; out->w = o[2]; out->c = o[3];
    in1->n = a[0]; in1->h = a[1]; in1->w = a[2]; in1->c = a[3];
    in2->n = b[0]; in2->h = b[1]; in2->w = b[2]; in2->c = b[3];
}

static int32_t flat(const tnm_dims *d) { return d->n * d->h * d->w * d->c; }

static int32_t at(const tnm_dims *d, int32_t n, int32_t y, int32_t x, int32_t c)
{
    return (((d->n == 1 ? 0 : n) * d->h + (d->h == 1 ? 0 : y)) * d->w + (d->w == 1 ? 0 : x)) * d->c +
           (d->c == 1 ? 0 : c);
}

static void test_squared_difference(uint32_t seed)
{
    tnm_rng rng;
    int done = 0, tflm_params = 0, shifted_up = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        const int int16 = done % 2;
        const int32_t hi = int16 ? 32767 : 127, lo = -hi - 1;
        tnm_arith_params p;
        tnm_dims out, in1, in2;
        int32_t n, y, x, c, i, k = 0;
        memset(&p, 0, sizeof p);
        random_dims(&rng, &out, &in1, &in2);
        if (tnm_rng_range(&rng, 0, 3) != 0) {
            /* TFLM's parameters: int8 zero points anywhere, int16 ones 0 */
            sqdiff_from_scales((float)rnd_scale(&rng, 1e-4, 2.0), (float)rnd_scale(&rng, 1e-4, 2.0),
                               (float)rnd_scale(&rng, int16 ? 1e-9 : 1e-7, 4.0), int16, &p);
            if (p.output_shift > 30) continue;
            if (!int16) {
                p.input1_offset = -rnd_zero_point(&rng);
                p.input2_offset = -rnd_zero_point(&rng);
                p.output_offset = rnd_zero_point(&rng);
            }
            tflm_params++;
        } else { /* raw parameters anywhere in the kernel's ranges (products may wrap) */
            p.left_shift = tnm_rng_range(&rng, 0, 15);
            p.input1_multiplier = rnd_multiplier(&rng);
            p.input1_shift = tnm_rng_range(&rng, -31, 0);
            p.input2_multiplier = rnd_multiplier(&rng);
            p.input2_shift = tnm_rng_range(&rng, -31, 0);
            p.output_multiplier = rnd_multiplier(&rng);
            p.output_shift = tnm_rng_range(&rng, -31, 30);
            p.input1_offset = tnm_rng_range(&rng, -hi, int16 ? hi : 128);
            p.input2_offset = tnm_rng_range(&rng, -hi, int16 ? hi : 128);
            p.output_offset = tnm_rng_range(&rng, lo, hi);
        }
        shifted_up += p.output_shift > 0;
        p.act_min = lo;
        p.act_max = hi;
        if (done % 5 == 4) { /* a narrower range (the kernel takes any) */
            p.act_min = tnm_rng_range(&rng, lo, 0);
            p.act_max = tnm_rng_range(&rng, p.act_min, hi);
        }
        for (i = 0; i < flat(&in1); ++i) {
            g_a16[i] = (int16_t)tnm_rng_range(&rng, lo, hi);
            g_a8[i] = (int8_t)tnm_rng_range(&rng, -128, 127);
        }
        for (i = 0; i < flat(&in2); ++i) {
            g_b16[i] = (int16_t)tnm_rng_range(&rng, lo, hi);
            g_b8[i] = (int8_t)tnm_rng_range(&rng, -128, 127);
        }
        for (n = 0; n < out.n; ++n)
            for (y = 0; y < out.h; ++y)
                for (x = 0; x < out.w; ++x)
                    for (c = 0; c < out.c; ++c, ++k) {
                        const int32_t ia = at(&in1, n, y, x, c), ib = at(&in2, n, y, x, c);
                        if (int16) g_e16[k] = (int16_t)ref_sqdiff(&p, g_a16[ia], g_b16[ib]);
                        else g_e8[k] = (int8_t)ref_sqdiff(&p, g_a8[ia], g_b8[ib]);
                    }
        for (i = 0; i < 16; ++i) {
            g_o16[k + i] = 0x5A5A;
            g_o8[k + i] = 0x5A;
        }
        if (int16) {
            CHECK_EQ(TNM_OK, tnm_squared_difference_s16(&p, &in1, g_a16, &in2, g_b16, &out, g_o16));
            CHECK(memcmp(g_o16, g_e16, (size_t)k * 2u) == 0);
            for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A, g_o16[k + i]);
        } else {
            CHECK_EQ(TNM_OK, tnm_squared_difference_s8(&p, &in1, g_a8, &in2, g_b8, &out, g_o8));
            CHECK(memcmp(g_o8, g_e8, (size_t)k) == 0);
            for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_o8[k + i]);
        }
        done++;
    }
    CHECK(tflm_params > want / 2);
    CHECK(shifted_up > 0);
    printf("squared difference: %d random cases (%d with TFLM's parameters, %d with a left output shift)\n", done,
           tflm_params, shifted_up);
    {
        /* arguments: the kernels refuse what their ranges do not cover */
        tnm_arith_params p;
        const tnm_dims d = {1, 1, 1, 3}, wide = {1, 1, 2, 3};
        memset(&p, 0, sizeof p);
        p.left_shift = 7;
        p.act_min = -128;
        p.act_max = 127;
        CHECK_EQ(TNM_OK, tnm_squared_difference_s8(&p, &d, g_a8, &d, g_b8, &d, g_o8));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_squared_difference_s8(&p, &wide, g_a8, &d, g_b8, &d, g_o8)); /* 2 -> 1 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_squared_difference_s8(&p, &d, NULL, &d, g_b8, &d, g_o8));
        p.left_shift = 16;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_squared_difference_s8(&p, &d, g_a8, &d, g_b8, &d, g_o8));
        p.left_shift = 0;
        p.input1_shift = 1; /* inputs only scale down */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_squared_difference_s16(&p, &d, g_a16, &d, g_b16, &d, g_o16));
        p.input1_shift = 0;
        p.output_shift = 31;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_squared_difference_s16(&p, &d, g_a16, &d, g_b16, &d, g_o16));
        p.output_shift = 30; /* a left shift is the output's to take */
        CHECK_EQ(TNM_OK, tnm_squared_difference_s16(&p, &d, g_a16, &d, g_b16, &d, g_o16));
        p.act_max = 32767; /* past int8 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_squared_difference_s8(&p, &d, g_a8, &d, g_b8, &d, g_o8));
        CHECK_EQ(TNM_OK, tnm_squared_difference_s16(&p, &d, g_a16, &d, g_b16, &d, g_o16));
        p.input2_offset = 129; /* -zero point -129 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_squared_difference_s8(&p, &d, g_a8, &d, g_b8, &d, g_o8));
    }
}

/* ---- RSQRT ---- */

/* A model of gemmlowp's FixedPoint<int32_t, ib>: the raw value and its integer bits. */
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

/* operator*: SaturatingRoundingDoublingHighMul of the raws, integer bits added. */
static ref_fp fp_mul(ref_fp a, ref_fp b) { return fp(ref_srdhm(a.raw, b.raw), a.ib + b.ib); }

/* operator-: the raws subtracted in int32 (wrapping), same integer bits. */
static ref_fp fp_sub(ref_fp a, ref_fp b)
{
    CHECK_EQ(a.ib, b.ib);
    return fp(ref_wrap32((int64_t)a.raw - b.raw), a.ib);
}

/* SaturatingRoundingMultiplyByPOT<e>: x * 2^e saturated (e > 0), or rounded (e < 0). */
static int32_t ref_srmpot(int32_t x, int e)
{
    if (e > 0) return ref_clamp((int64_t)x * ((int64_t)1 << e), INT32_MIN, INT32_MAX);
    return ref_rdbpot(x, -e);
}

/* Rescale<ib>(f): the same value with ib integer bits. */
static ref_fp fp_rescale(ref_fp f, int ib) { return fp(ref_srmpot(f.raw, f.ib - ib), ib); }

/* GetInvSqrtQuantizedMultiplierExp(input, kReverseShift = -1), step by step from common.h. */
static void ref_inv_sqrt(int32_t input, int32_t *inv_sqrt, int *shift)
{
    int out_shift = 11, clz = 0, max_left_shift_bits, left_shift_bit_pairs, i;
    ref_fp x, half_input, half_three, input_fp;
    if (input <= 1) {
        *inv_sqrt = INT32_MAX;
        *shift = 0;
        return;
    }
    while (input >= (1 << 29)) {
        input /= 4;
        ++out_shift;
    }
    while (((uint32_t)input << clz & 0x80000000u) == 0) ++clz;
    max_left_shift_bits = clz - 1;
    left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
    out_shift -= left_shift_bit_pairs;
    input = (int32_t)((int64_t)input * ((int64_t)1 << (2 * left_shift_bit_pairs)));
    CHECK(input >= (1 << 27) && input < (1 << 29));
    input_fp = fp(input >> 1, 3);
    half_input = fp(ref_srmpot(input_fp.raw, -1), 3);
    half_three = fp((1 << 28) + (1 << 27), 3); /* 1.5 */
    x = fp(1 << 28, 3);                         /* F3::One() */
    for (i = 0; i < 5; ++i) {
        const ref_fp x3 = fp_rescale(fp_mul(fp_mul(x, x), x), 3);
        x = fp_rescale(fp_sub(fp_mul(half_three, x), fp_mul(half_input, x3)), 3);
    }
    x = fp_mul(x, fp(1518500250, 0)); /* sqrt(2) / 2 in Q0.31 */
    *inv_sqrt = x.raw;
    if (out_shift < 0) {
        *inv_sqrt = ref_wrap32((int64_t)x.raw * ((int64_t)1 << -out_shift));
        out_shift = 0;
    }
    *shift = -out_shift;
}

/* RsqrtEvalQuantized for one input x >= zero point. */
static int32_t ref_rsqrt(const tnm_rsqrt_params *p, int32_t x)
{
    const int32_t value = x - p->input_zero_point;
    int32_t m, data;
    int s;
    if (value == 0) return 127;
    ref_inv_sqrt(value, &m, &s);
    data = ref_mbqm(1, m, s + 20);
    /* TFLM adds the zero point in int32: wrapping where a left shift of 21 or more overflowed */
    return ref_clamp(ref_wrap32((int64_t)ref_mbqm(data, p->multiplier, p->shift - 20) + p->output_zero_point), -128,
                     127);
}

/* The emulated inverse square root is 1/sqrt(v) (to a few parts in 2^28), and the step that
 * turns it into an integer with 20 fraction bits within 2 of round(2^20 / sqrt(v)). */
static void test_inv_sqrt_model(void)
{
    int32_t v;
    for (v = 2; v <= 255; ++v) {
        int32_t m, data;
        int s;
        double got, want = 1.0 / sqrt((double)v);
        ref_inv_sqrt(v, &m, &s);
        got = (double)m / 2147483648.0 * pow(2.0, s);
        CHECK(s <= 0 && s >= -1);
        CHECK(fabs(got - want) < 1e-6);
        data = ref_mbqm(1, m, s + 20);
        CHECK(fabs((double)data - 1048576.0 * want) <= 2.0);
    }
}

static void test_rsqrt(uint32_t seed)
{
    tnm_rng rng;
    int done = 0, x;
    const int want = 1500 / TNM_TEST_SCALE;
    int32_t lowest_shift = 0, highest_shift = 0;
    tnm_rng_seed(&rng, seed);
    test_inv_sqrt_model();
    while (done < want) {
        tnm_rsqrt_params p;
        int32_t count = 0, i;
        p.input_zero_point = done % 4 == 0 ? -128 : rnd_zero_point(&rng);
        p.output_zero_point = rnd_zero_point(&rng);
        if (done % 3 != 0) { /* TFLM's multiplier: 1 / (sqrt(input scale) * output scale) */
            volatile float si = (float)rnd_scale(&rng, 1e-5, 10.0), so = (float)rnd_scale(&rng, 1e-4, 10.0);
            volatile float root_times_so = sqrtf(si) * so;
            int shift;
            ref_quantize_multiplier(1.0 / (double)root_times_so, &p.multiplier, &shift);
            p.shift = shift;
            if (p.shift < TNM_RSQRT_MIN_SHIFT || p.shift > TNM_RSQRT_MAX_SHIFT) continue;
        } else { /* anywhere in the accepted range: shift - 20 from -31 to 30 */
            p.multiplier = rnd_multiplier(&rng);
            p.shift = tnm_rng_range(&rng, TNM_RSQRT_MIN_SHIFT, TNM_RSQRT_MAX_SHIFT);
        }
        if (p.shift < lowest_shift) lowest_shift = p.shift;
        if (p.shift > highest_shift) highest_shift = p.shift;
        /* every value at or above the zero point, shuffled, some repeated */
        for (x = p.input_zero_point; x <= 127; ++x) g_a8[count++] = (int8_t)x;
        for (i = 0; i < 40; ++i) g_a8[count++] = (int8_t)tnm_rng_range(&rng, p.input_zero_point, 127);
        for (i = count - 1; i > 0; --i) {
            const int32_t j = tnm_rng_range(&rng, 0, i);
            const int8_t t = g_a8[i];
            g_a8[i] = g_a8[j];
            g_a8[j] = t;
        }
        for (i = 0; i < count; ++i) g_e8[i] = (int8_t)ref_rsqrt(&p, g_a8[i]);
        for (i = 0; i < 16; ++i) g_o8[count + i] = 0x5A;
        CHECK_EQ(-1, tnm_rsqrt_first_negative(&p, count, g_a8));
        CHECK_EQ(TNM_OK, tnm_rsqrt_s8(&p, count, g_a8, g_o8));
        CHECK(memcmp(g_o8, g_e8, (size_t)count) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_o8[count + i]);
        /* in place */
        CHECK_EQ(TNM_OK, tnm_rsqrt_s8(&p, count, g_a8, g_a8));
        CHECK(memcmp(g_a8, g_e8, (size_t)count) == 0);
        if (p.input_zero_point > -128 && done % 2 == 0) {
            /* a value below the zero point: refused, named, nothing written */
            const int32_t where = tnm_rng_range(&rng, 0, count - 1);
            for (i = 0; i < count; ++i) g_a8[i] = (int8_t)tnm_rng_range(&rng, p.input_zero_point, 127);
            g_a8[where] = (int8_t)tnm_rng_range(&rng, -128, p.input_zero_point - 1);
            memset(g_o8, 0x5A, (size_t)count);
            CHECK_EQ(where, tnm_rsqrt_first_negative(&p, count, g_a8));
            CHECK_EQ(TNM_ERR_ARGUMENT, tnm_rsqrt_s8(&p, count, g_a8, g_o8));
            for (i = 0; i < count; ++i) CHECK_EQ(0x5A, g_o8[i]);
        }
        done++;
    }
    CHECK_EQ(TNM_RSQRT_MIN_SHIFT, lowest_shift);
    CHECK_EQ(TNM_RSQRT_MAX_SHIFT, highest_shift);
    printf("rsqrt: %d random cases, shifts %d to %d\n", done, (int)lowest_shift, (int)highest_shift);
    {
        tnm_rsqrt_params p;
        p.input_zero_point = 0;
        p.output_zero_point = 0;
        p.multiplier = 1 << 30;
        p.shift = TNM_RSQRT_MAX_SHIFT + 1; /* shift - 20 past 30 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_rsqrt_s8(&p, 1, g_a8, g_o8));
        p.shift = TNM_RSQRT_MIN_SHIFT - 1; /* shift - 20 below -31 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_rsqrt_s8(&p, 1, g_a8, g_o8));
        p.shift = 0;
        p.multiplier = -1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_rsqrt_s8(&p, 1, g_a8, g_o8));
        p.multiplier = 1 << 30;
        p.input_zero_point = 128;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_rsqrt_s8(&p, 1, g_a8, g_o8));
        p.input_zero_point = 0;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_rsqrt_s8(&p, -1, g_a8, g_o8));
        CHECK_EQ(TNM_OK, tnm_rsqrt_s8(&p, 0, g_a8, g_o8));
        /* v = 0 is 127 whatever the output zero point (TFLM returns the type's maximum) */
        g_a8[0] = 0;
        p.output_zero_point = -100;
        CHECK_EQ(TNM_OK, tnm_rsqrt_s8(&p, 1, g_a8, g_o8));
        CHECK_EQ(127, g_o8[0]);
    }
}

/* ---- ABS ---- */

/* AbsEvalQuantized: |x - zi| in int32, requantized when the scales differ, plus zo, clamped. */
static int32_t ref_abs(const tnm_abs_params *p, int32_t x, int32_t lo, int32_t hi)
{
    const int64_t v = x - p->input_zero_point < 0 ? (int64_t)p->input_zero_point - x : (int64_t)x - p->input_zero_point;
    const int64_t scaled = p->rescale ? ref_mbqm((int32_t)v, p->multiplier, p->shift) : v;
    return ref_clamp(ref_wrap32(scaled + p->output_zero_point), lo, hi);
}

static void test_abs(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 1500 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        const int int16 = done % 2;
        const int32_t hi = int16 ? 32767 : 127, lo = -hi - 1;
        tnm_abs_params p;
        int32_t count, i;
        p.input_zero_point = int16 ? (done % 6 == 1 ? tnm_rng_range(&rng, lo, hi) : 0) : rnd_zero_point(&rng);
        p.output_zero_point = int16 ? (done % 6 == 3 ? tnm_rng_range(&rng, lo, hi) : 0) : rnd_zero_point(&rng);
        p.rescale = done % 4 >= 2;
        p.multiplier = p.shift = 0;
        if (p.rescale) {
            if (done % 3 != 0) { /* TFLM's: QuantizeMultiplier(double(si / so)), float quotient */
                volatile float ratio = (float)rnd_scale(&rng, 1e-3, 1e3);
                int shift;
                ref_quantize_multiplier((double)ratio, &p.multiplier, &shift);
                p.shift = shift;
            } else {
                p.multiplier = rnd_multiplier(&rng);
                p.shift = tnm_rng_range(&rng, -31, 30);
            }
        }
        if (int16) {
            count = tnm_rng_range(&rng, 1, 600);
            for (i = 0; i < count; ++i) g_a16[i] = (int16_t)tnm_rng_range(&rng, lo, hi);
            g_a16[0] = (int16_t)lo;
            if (count > 1) g_a16[1] = (int16_t)hi;
            for (i = 0; i < count; ++i) g_e16[i] = (int16_t)ref_abs(&p, g_a16[i], lo, hi);
            for (i = 0; i < 16; ++i) g_o16[count + i] = 0x5A5A;
            CHECK_EQ(TNM_OK, tnm_abs_s16(&p, count, g_a16, g_o16));
            CHECK(memcmp(g_o16, g_e16, (size_t)count * 2u) == 0);
            for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A, g_o16[count + i]);
        } else {
            count = 256;
            for (i = 0; i < 256; ++i) g_a8[i] = (int8_t)(i - 128);
            for (i = 0; i < count; ++i) g_e8[i] = (int8_t)ref_abs(&p, g_a8[i], lo, hi);
            for (i = 0; i < 16; ++i) g_o8[count + i] = 0x5A;
            CHECK_EQ(TNM_OK, tnm_abs_s8(&p, count, g_a8, g_o8));
            CHECK(memcmp(g_o8, g_e8, (size_t)count) == 0);
            for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_o8[count + i]);
        }
        done++;
    }
    printf("abs: %d random cases\n", done);
    {
        /* TFLM without requantization: |-32768 - 0| = 32768 clamps to 32767 */
        tnm_abs_params p;
        memset(&p, 0, sizeof p);
        g_a16[0] = -32768;
        CHECK_EQ(TNM_OK, tnm_abs_s16(&p, 1, g_a16, g_o16));
        CHECK_EQ(32767, g_o16[0]);
        p.rescale = 2;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_abs_s8(&p, 1, g_a8, g_o8));
        p.rescale = 1;
        p.shift = 31;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_abs_s8(&p, 1, g_a8, g_o8));
        p.shift = 0;
        p.output_zero_point = 128;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_abs_s8(&p, 1, g_a8, g_o8));
        CHECK_EQ(TNM_OK, tnm_abs_s16(&p, 1, g_a16, g_o16));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_abs_s16(&p, 1, NULL, g_o16));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_abs_s16(&p, -1, g_a16, g_o16));
    }
}

int main(void)
{
    test_squared_difference(5201);
    test_rsqrt(5202);
    test_abs(5203);
    return tnm_test_finish("test_kernels_elementwise_math");
}
