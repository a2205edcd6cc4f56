/* LOGISTIC and TANH int8: every input value, for random and extreme input scales and
 * zero points, against an independent re-derivation of TFLite's fixed-point
 * arithmetic (gemmlowp logistic/tanh written out with int64 and the definitions of
 * its primitives), against the real functions (1 LSB tolerance), against hand-derived
 * values, and the argument checks.
 * TFLM goldens (tiny one-operator models): test_kernels_golden_ops.c, tests/data/ops. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

/* ---- the offline compiler's parameter derivation (TFLM's Prepare) ---- */

/* Returns 0 when the scale is outside what the kernel accepts. */
static int derive_params(float scale, int32_t zero_point, tnm_logistic_params *p)
{
    const double real = (double)scale * (double)(1 << 27);
    int e;
    const double q = frexp(real, &e);
    double radius;
    p->input_zero_point = zero_point;
    p->input_multiplier = (int32_t)round(q * 2147483648.0); /* TfLiteRound: half away */
    p->input_left_shift = e;
    if (e < 0 || e > 31) return 0; /* refused: TFLite's radius overflows below 2^-28 */
    radius = floor(15.0 * (double)(1LL << 27) / ldexp(1.0, e));
    p->input_range_radius = (int32_t)radius;
    return 1;
}

/* ---- independent reference: gemmlowp's fixed-point functions, value by value ---- */

/* x * 2^e saturated to int32 (gemmlowp SaturatingRoundingMultiplyByPOT, e > 0). */
static int32_t ref_sat_mul_pot(int32_t x, int e)
{
    int64_t v = (int64_t)x * ((int64_t)1 << e);
    return v > INT32_MAX ? INT32_MAX : (v < INT32_MIN ? INT32_MIN : (int32_t)v);
}

static int32_t ref_exp_quarter(int32_t a) /* exp on [-1/4, 0), Q0.31 */
{
    int32_t x = ref_wrap32((int64_t)a + (1 << 28));
    int32_t x2 = ref_srdhm(x, x), x3 = ref_srdhm(x2, x), x4 = ref_srdhm(x2, x2);
    int32_t inner = ref_srdhm(ref_wrap32((int64_t)ref_rdbpot(x4, 2) + x3), 715827883);
    int32_t poly = ref_rdbpot(ref_wrap32((int64_t)inner + x2), 1);
    return ref_wrap32(1895147668LL + ref_srdhm(1895147668, ref_wrap32((int64_t)x + poly)));
}

static int32_t ref_exp_neg(int32_t a, int integer_bits) /* a <= 0 */
{
    static const int32_t mul[7] = {1672461947, 1302514674, 790015084, 290630308,
                                   39332535,   720401,     242};
    const int frac = 31 - integer_bits;
    const int64_t quarter = (int64_t)1 << (frac - 2);
    const int64_t a_mod = (((int64_t)a % quarter) + quarter) % quarter; /* in [0, quarter) */
    const int32_t amq = (int32_t)(a_mod - quarter);
    const int64_t rem = (int64_t)amq - a; /* a non-negative multiple of the quarter */
    int32_t result = ref_exp_quarter(ref_sat_mul_pot(amq, integer_bits));
    int k;
    if (a == 0) return INT32_MAX;
    for (k = -2; k < integer_bits; ++k) {
        if ((rem >> (frac + k)) & 1) result = ref_srdhm(result, mul[k + 2]);
    }
    return result;
}

static int32_t ref_two_over_one_plus(int32_t x) /* 2 / (1 + x) in Q2.29 */
{
    const int64_t sum = (int64_t)x + INT32_MAX;
    const int32_t half = (int32_t)(sum >= 0 ? (sum + 1) / 2 : (sum - 1) / 2);
    int32_t est = ref_wrap32(1515870810LL + ref_srdhm(half, -1010580540));
    int i;
    for (i = 0; i < 3; ++i) {
        int32_t err = ref_wrap32((1LL << 29) - ref_srdhm(half, est));
        est = ref_wrap32((int64_t)est + ref_sat_mul_pot(ref_srdhm(est, err), 2));
    }
    return est;
}

static int32_t ref_logistic_q4(int32_t a)
{
    int32_t abs_a = a > 0 ? a : ref_wrap32(-(int64_t)a);
    int32_t pos = ref_sat_mul_pot(ref_two_over_one_plus(ref_exp_neg(ref_wrap32(-(int64_t)abs_a), 4)), 1);
    if (a == 0) return 1 << 30;
    return a > 0 ? pos : ref_wrap32((int64_t)INT32_MAX - pos);
}

static int32_t ref_tanh_q4(int32_t a)
{
    int32_t n = a < 0 ? a : ref_wrap32(-(int64_t)a);
    int32_t t = ref_sat_mul_pot(ref_wrap32((int64_t)ref_two_over_one_plus(ref_exp_neg(n, 5)) - (1 << 29)), 2);
    if (a == 0) return 0;
    return a < 0 ? -t : t;
}

static int8_t ref_eval(int tanh_fn, const tnm_logistic_params *p, int8_t in)
{
    const int32_t x = in - p->input_zero_point;
    int32_t q4;
    if (x <= -p->input_range_radius) return -128;
    if (x >= p->input_range_radius) return 127;
    q4 = ref_mbqm(x, p->input_multiplier, p->input_left_shift);
    if (tanh_fn) return (int8_t)ref_clamp(ref_rdbpot(ref_tanh_q4(q4), 24), -128, 127);
    return (int8_t)ref_clamp((int64_t)ref_rdbpot(ref_logistic_q4(q4), 23) - 128, -128, 127);
}

/* The real function, quantized (scale 1/256 zp -128, or 1/128 zp 0). */
static int32_t real_eval(int tanh_fn, float scale, int32_t zero_point, int8_t in)
{
    const double x = (double)scale * (double)(in - zero_point);
    if (tanh_fn) return ref_clamp((int64_t)floor(tanh(x) * 128.0 + 0.5), -128, 127);
    return ref_clamp((int64_t)floor(256.0 / (1.0 + exp(-x)) + 0.5) - 128, -128, 127);
}

static int g_mismatch_reported;

static void check_all_inputs(int tanh_fn, float scale, int32_t zero_point)
{
    tnm_logistic_params p;
    int8_t in[256], out[256];
    int i;
    if (!derive_params(scale, zero_point, &p)) return;
    for (i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    CHECK_EQ(TNM_OK, tanh_fn ? tnm_tanh_s8(&p, 256, in, out) : tnm_logistic_s8(&p, 256, in, out));
    for (i = 0; i < 256; ++i) {
        const int8_t want = ref_eval(tanh_fn, &p, in[i]);
        const int32_t real = real_eval(tanh_fn, scale, zero_point, in[i]);
        const int32_t diff = out[i] - real;
        const int32_t x = in[i] - zero_point;
        if (out[i] != want && g_mismatch_reported++ < 5) {
            printf("%s scale %g zp %d in %d: kernel %d, reference %d\n",
                   tanh_fn ? "tanh" : "logistic", (double)scale, (int)zero_point, in[i],
                   out[i], want);
        }
        CHECK_EQ(want, out[i]);
        if (x > -p.input_range_radius && x < p.input_range_radius) {
            /* gross-error guard on the fixed-point path: within 1 LSB of the real
             * function */
            CHECK(diff >= -1 && diff <= 1);
        } else {
            /* TFLite saturates by the radius (|x * scale| >= 7.5 .. 15, or coarser
             * when the radius is 0 or 1 for scales of 4 and more): the side agrees
             * with the sign, and x == 0 (radius 0) gives the minimum */
            CHECK_EQ(x <= -p.input_range_radius ? -128 : 127, out[i]);
            if (p.input_range_radius >= 2) CHECK(diff >= -1 && diff <= 1);
        }
    }
}

static float rnd_scale(tnm_rng *rng)
{
    switch (tnm_rng_range(rng, 0, 7)) {
    case 0: return ldexpf(1.0f, tnm_rng_range(rng, -28, 3)); /* powers of two, all shifts */
    case 1: return 1e-6f * (float)tnm_rng_range(rng, 1, 1000);   /* tiny */
    case 2: return (float)tnm_rng_range(rng, 1, 16000) / 1000.0f; /* large: radius small or 0 */
    default: return (float)tnm_rng_range(rng, 1, 100000) / 1.0e6f * 2.0f; /* typical */
    }
}

static void test_random_params(void)
{
    tnm_rng rng;
    int iter;
    const int iterations = 1500 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, 0x10915u);
    for (iter = 0; iter < iterations; ++iter) {
        const float scale = rnd_scale(&rng);
        const int32_t zp = rnd_zero_point(&rng);
        check_all_inputs(iter & 1, scale, zp);
    }
    /* the scales real models use for these inputs */
    check_all_inputs(0, 0.0625f, 0);
    check_all_inputs(1, 0.0625f, 0);
    check_all_inputs(0, 0.1172f, -128);
    check_all_inputs(1, 0.0235f, 127);
}

static void test_known_values(void)
{
    tnm_logistic_params p;
    int8_t in[6] = {0, 16, -16, 127, -128, 1}, out[6];
    CHECK(derive_params(1.0f / 16.0f, 0, &p));
    CHECK_EQ(24, p.input_left_shift); /* 2^-4 * 2^27 = 0.5 * 2^24 */
    CHECK_EQ(1 << 30, p.input_multiplier);
    CHECK_EQ(120, p.input_range_radius); /* 15 * 2^27 / 2^24 */
    CHECK_EQ(TNM_OK, tnm_logistic_s8(&p, 6, in, out));
    CHECK_EQ(0, out[0]);    /* 1/2 * 256 - 128 */
    CHECK_EQ(59, out[1]);   /* sigmoid(1) * 256 = 187.15 */
    CHECK_EQ(-59, out[2]);  /* sigmoid(-1) * 256 = 68.85 */
    CHECK_EQ(127, out[3]);  /* beyond the radius */
    CHECK_EQ(-128, out[4]);
    CHECK_EQ(TNM_OK, tnm_tanh_s8(&p, 6, in, out));
    CHECK_EQ(0, out[0]);
    CHECK_EQ(97, out[1]);   /* tanh(1) * 128 = 97.48 */
    CHECK_EQ(-97, out[2]);
    CHECK_EQ(127, out[3]);
    CHECK_EQ(-128, out[4]);
    CHECK_EQ(8, out[5]);    /* tanh(1/16) * 128 = 7.99 */
    /* a scale of 8 or more: radius 0, so TFLite saturates every input, and the zero
     * point itself gives -128 (x <= -radius is tested first) */
    CHECK(derive_params(8.0f, 3, &p));
    CHECK_EQ(31, p.input_left_shift);
    CHECK_EQ(0, p.input_range_radius);
    in[0] = 3;
    in[1] = 2;
    in[2] = 4;
    CHECK_EQ(TNM_OK, tnm_logistic_s8(&p, 3, in, out));
    CHECK_EQ(-128, out[0]);
    CHECK_EQ(-128, out[1]);
    CHECK_EQ(127, out[2]);
    /* in place */
    CHECK(derive_params(1.0f / 16.0f, 0, &p));
    in[0] = 16;
    CHECK_EQ(TNM_OK, tnm_logistic_s8(&p, 1, in, in));
    CHECK_EQ(59, in[0]);
}

static void test_bad_arguments(void)
{
    tnm_logistic_params p;
    int8_t in[4] = {0}, out[4];
    CHECK(derive_params(0.05f, 0, &p));
    CHECK_EQ(TNM_OK, tnm_logistic_s8(&p, 0, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logistic_s8(NULL, 4, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logistic_s8(&p, 4, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_tanh_s8(&p, 4, in, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_tanh_s8(&p, -1, in, out));
    p.input_zero_point = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logistic_s8(&p, 4, in, out));
    CHECK(derive_params(0.05f, 0, &p));
    p.input_multiplier = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logistic_s8(&p, 4, in, out));
    CHECK(derive_params(0.05f, 0, &p));
    p.input_left_shift = 32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_tanh_s8(&p, 4, in, out));
    p.input_left_shift = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_tanh_s8(&p, 4, in, out));
    /* a radius beyond TFLite's would let the rescale overflow */
    CHECK(derive_params(0.05f, 0, &p));
    p.input_range_radius += 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logistic_s8(&p, 4, in, out));
    p.input_range_radius = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logistic_s8(&p, 4, in, out));
    CHECK(derive_params(8.0f, 0, &p));
    p.input_range_radius = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logistic_s8(&p, 4, in, out));
}

int main(void)
{
    test_known_values();
    test_bad_arguments();
    test_random_params();
    return tnm_test_finish("test_kernels_logistic");
}
