/* LOGISTIC and TANH, int8 -> int8: TFLite's reference_integer_ops::Logistic / Tanh
 * (what TFLM runs for int8). The input is rescaled into Q4.27 (4 integer bits) and fed
 * to gemmlowp's fixed-point logistic / tanh, reproduced here exactly:
 *   - exp(x) for x <= 0 from a Taylor polynomial on [-1/4, 0) and a product of
 *     exp(-2^k) constants for the rest,
 *   - 1 / (1 + x) and (1 - x) / (1 + x) for x in [0, 1] by Newton-Raphson in Q2.29.
 * Every int32 add or subtract that could wrap in TFLite wraps the same way here,
 * without signed-overflow undefined behaviour. */
#include "tnm_fixedpoint_internal.h"

/* gemmlowp SaturatingRoundingMultiplyByPOT<exponent>, exponent in [1, 30]: a left
 * shift that saturates instead of overflowing. */
static int32_t saturating_shl(int32_t x, int32_t exponent)
{
    const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return tnm_shl_wrap(x, exponent);
}

/* exp(a) for a in [-1/4, 0), Q0.31 in and out: Taylor expansion around -1/8. */
static int32_t exp_on_interval_neg_quarter_to_zero(int32_t a)
{
    const int32_t exp_minus_one_eighth = 1895147668; /* exp(-1/8) in Q0.31 */
    const int32_t one_third = 715827883;             /* 1/3 in Q0.31 */
    const int32_t x = tnm_wrap_add(a, 1 << 28);      /* a + 1/8 */
    const int32_t x2 = tnm_srdhm(x, x);
    const int32_t x3 = tnm_srdhm(x2, x);
    const int32_t x4 = tnm_srdhm(x2, x2);
    const int32_t x4_over_4 = tnm_rdbpot(x4, 2);
    const int32_t poly =
        tnm_rdbpot(tnm_wrap_add(tnm_srdhm(tnm_wrap_add(x4_over_4, x3), one_third), x2), 1);
    return tnm_wrap_add(exp_minus_one_eighth,
                        tnm_srdhm(exp_minus_one_eighth, tnm_wrap_add(x, poly)));
}

/* exp(a) for a <= 0 with integer_bits (4 or 5) integer bits; result Q0.31. Splits a
 * into a remainder in [-1/4, 0) and a sum of -2^k terms (k from -2 while
 * k < integer_bits), applied as products of exp(-2^k) constants. */
static int32_t exp_on_negative_values(int32_t a, int32_t integer_bits)
{
    static const int32_t exp_minus_pow2[7] = {
        1672461947, /* exp(-1/4) */
        1302514674, /* exp(-1/2) */
        790015084,  /* exp(-1) */
        290630308,  /* exp(-2) */
        39332535,   /* exp(-4) */
        720401,     /* exp(-8) */
        242         /* exp(-16) */
    };
    const int32_t fractional_bits = 31 - integer_bits;
    const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
    const int32_t a_mod_quarter_minus_quarter = (a & (one_quarter - 1)) - one_quarter;
    const int32_t remainder = tnm_wrap_sub(a_mod_quarter_minus_quarter, a);
    int32_t result = exp_on_interval_neg_quarter_to_zero(
        saturating_shl(a_mod_quarter_minus_quarter, integer_bits));
    int32_t k;
    for (k = 0; k < integer_bits + 2; ++k) { /* exponents -2 .. integer_bits - 1 */
        if (remainder & ((int32_t)1 << (fractional_bits - 2 + k))) {
            result = tnm_srdhm(result, exp_minus_pow2[k]);
        }
    }
    return a == 0 ? INT32_MAX : result;
}

/* gemmlowp's Newton-Raphson division shared by one_over_one_plus_x_for_x_in_0_1 and
 * one_minus_x_over_one_plus_x_for_x_in_0_1: for x in [0, 1] (Q0.31) returns
 * 1 / ((1 + x) / 2) = 2 / (1 + x) in Q2.29. */
static int32_t reciprocal_one_plus_x_q2_29(int32_t x)
{
    const int32_t c48_over_17 = 1515870810;      /* 48/17 in Q2.29 */
    const int32_t c_neg32_over_17 = -1010580540; /* -32/17 in Q2.29 */
    const int32_t one_q29 = 1 << 29;
    /* RoundingHalfSum(x, 1.0): (x + INT32_MAX) / 2, rounded away from zero. */
    const int64_t sum = (int64_t)x + INT32_MAX;
    const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t estimate = tnm_wrap_add(c48_over_17, tnm_srdhm(half_denominator, c_neg32_over_17));
    int32_t i;
    for (i = 0; i < 3; ++i) {
        const int32_t error = tnm_wrap_sub(one_q29, tnm_srdhm(half_denominator, estimate));
        estimate = tnm_wrap_add(estimate, saturating_shl(tnm_srdhm(estimate, error), 2));
    }
    return estimate;
}

/* gemmlowp logistic() of a Q4.27 value; result Q0.31. */
static int32_t logistic_q4(int32_t a)
{
    const int32_t abs_a = a > 0 ? a : tnm_wrap_sub(0, a);
    /* logistic(|a|) = 1 / (1 + exp(-|a|)): 2 / (1 + e) in Q2.29 is 1 / (1 + e) in
     * Q1.30, rescaled (saturating) to Q0.31 */
    const int32_t positive = saturating_shl(
        reciprocal_one_plus_x_q2_29(exp_on_negative_values(tnm_wrap_sub(0, abs_a), 4)), 1);
    if (a == 0) return 1 << 30; /* exactly 1/2 */
    return a > 0 ? positive : tnm_wrap_sub(INT32_MAX, positive);
}

/* gemmlowp tanh() of a Q4.27 value; result Q0.31. tanh(|a|) = (1 - e) / (1 + e) with
 * e = exp(-2|a|), which is exp_on_negative_values of -|a| read as Q5.26. */
static int32_t tanh_q4(int32_t a)
{
    const int32_t neg_abs = a < 0 ? a : tnm_wrap_sub(0, a);
    const int32_t e = exp_on_negative_values(neg_abs, 5);
    /* (1 - e) / (1 + e) = 2 / (1 + e) - 1: Q2.29 minus one, rescaled to Q0.31 */
    const int32_t t = saturating_shl(tnm_wrap_sub(reciprocal_one_plus_x_q2_29(e), 1 << 29), 2);
    if (a == 0) return 0;
    return a < 0 ? tnm_wrap_sub(0, t) : t;
}

/* The cheap checks. The shift is >= 0: below that (input scales under 2^-28) TFLite's
 * conversion of the radius to int overflows and its result depends on the platform.
 * The radius must not exceed TFLite's, floor(15 * 2^27 / 2^shift), which keeps
 * |input| * 2^shift < 15 * 2^27, so the rescale never wraps. */
static int params_ok(const tnm_logistic_params *p)
{
    return p->input_zero_point >= -128 && p->input_zero_point <= 127 &&
           p->input_multiplier >= 0 && p->input_left_shift >= 0 &&
           p->input_left_shift <= 31 && p->input_range_radius >= 0 &&
           p->input_range_radius <= ((int64_t)15 << 27) >> p->input_left_shift;
}

typedef enum { FN_LOGISTIC, FN_TANH } saturating_fn;

static tnm_status run(saturating_fn fn, const tnm_logistic_params *params, int32_t count,
                      const int8_t *input, int8_t *output)
{
    tnm_logistic_params p; /* a local copy: the int8 output stores may alias *params */
    int32_t i;
    if (params == 0 || input == 0 || output == 0 || count < 0) return TNM_ERR_ARGUMENT;
    if (!params_ok(params)) return TNM_ERR_ARGUMENT;
    p = *params;
    for (i = 0; i < count; ++i) {
        const int32_t x = (int32_t)input[i] - p.input_zero_point;
        int32_t v;
        if (x <= -p.input_range_radius) {
            v = -128;
        } else if (x >= p.input_range_radius) {
            v = 127;
        } else {
            /* |x| < radius: input_left_shift <= 30 here (radius 0 beyond) */
            const int32_t q4 = tnm_mbqm(x, p.input_multiplier, p.input_left_shift);
            if (fn == FN_LOGISTIC) {
                /* Q0.31 -> 1/256 steps, zero point -128 */
                v = tnm_clamp(tnm_rdbpot(logistic_q4(q4), 23) - 128, -128, 127);
            } else {
                /* Q0.31 -> 1/128 steps, zero point 0 */
                v = tnm_clamp(tnm_rdbpot(tanh_q4(q4), 24), -128, 127);
            }
        }
        output[i] = (int8_t)v;
    }
    return TNM_OK;
}

tnm_status tnm_logistic_s8(const tnm_logistic_params *params, int32_t count,
                           const int8_t *input, int8_t *output)
{
    return run(FN_LOGISTIC, params, count, input, output);
}

tnm_status tnm_tanh_s8(const tnm_tanh_params *params, int32_t count, const int8_t *input,
                       int8_t *output)
{
    return run(FN_TANH, params, count, input, output);
}
