/* SOFTMAX int8 -> int8 (output scale 1/256, zero point -128): TFLite's
 * reference_ops::Softmax quantized path, which TFLM runs for int8. exp() and the
 * reciprocal are gemmlowp's fixed-point approximations, reproduced exactly:
 *   - differences are rescaled into Q5.26 (5 integer bits),
 *   - exp() of each difference is a Q0.31 value,
 *   - the sum of exps is accumulated in Q12.19,
 *   - 1/sum comes from a Newton-Raphson reciprocal in Q2.29. */
#include "tnm_fixedpoint_internal.h"

#define SCALED_DIFF_INTEGER_BITS 5
#define ACCUMULATION_INTEGER_BITS 12

/* gemmlowp SaturatingRoundingMultiplyByPOT<exponent> with exponent > 0: a left shift
 * that saturates instead of overflowing. */
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
    const int32_t x = a + (1 << 28);                 /* a + 1/8 */
    const int32_t x2 = tnm_srdhm(x, x);
    const int32_t x3 = tnm_srdhm(x2, x);
    const int32_t x4 = tnm_srdhm(x2, x2);
    const int32_t x4_over_4 = tnm_rdbpot(x4, 2);
    const int32_t poly = tnm_rdbpot(tnm_srdhm(x4_over_4 + x3, one_third) + x2, 1);
    return tnm_wrap_add(exp_minus_one_eighth, tnm_srdhm(exp_minus_one_eighth, x + poly));
}

/* exp(a) for a <= 0 given in Q5.26; result Q0.31. Splits a into a remainder in
 * [-1/4, 0) and a sum of -2^k terms, applied as products of exp(-2^k) constants. */
static int32_t exp_on_negative_values(int32_t a)
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
    const int32_t fractional_bits = 31 - SCALED_DIFF_INTEGER_BITS; /* 26 */
    const int32_t one_quarter = 1 << (fractional_bits - 2);
    const int32_t a_mod_quarter_minus_quarter = (a & (one_quarter - 1)) - one_quarter;
    const int32_t remainder = tnm_wrap_sub(a_mod_quarter_minus_quarter, a);
    int32_t result = exp_on_interval_neg_quarter_to_zero(
        saturating_shl(a_mod_quarter_minus_quarter, SCALED_DIFF_INTEGER_BITS));
    int32_t k;
    for (k = 0; k < 7; ++k) {
        if (remainder & (1 << (fractional_bits - 2 + k))) {
            result = tnm_srdhm(result, exp_minus_pow2[k]);
        }
    }
    return a == 0 ? INT32_MAX : result;
}

/* 1 / (1 + x) for x in [0, 1), Q0.31 in and out (gemmlowp
 * one_over_one_plus_x_for_x_in_0_1: Newton-Raphson in Q2.29). */
static int32_t one_over_one_plus_x(int32_t x)
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
    return saturating_shl(estimate, 1); /* Q2.29 / 2 -> Q1.30 -> Q0.31 */
}

static uint32_t count_leading_zeros(uint32_t v)
{
    uint32_t n = 0;
    if (v == 0) return 32;
    while ((v & 0x80000000u) == 0) {
        v <<= 1;
        ++n;
    }
    return n;
}

/* exp(scaled input - row max) in Q0.31, or -1 when the difference is below diff_min
 * (TFLite drops those from the sum and outputs the minimum for them). */
static int32_t row_exp(const tnm_softmax_params *p, int32_t diff)
{
    int32_t scaled;
    if (diff < p->diff_min) return -1;
    /* MultiplyByQuantizedMultiplierGreaterThanOne */
    scaled = tnm_srdhm(tnm_shl_wrap(diff, p->input_left_shift), p->input_multiplier);
    return exp_on_negative_values(scaled);
}

tnm_status tnm_softmax_s8(const tnm_softmax_params *params, int32_t rows, int32_t depth,
                          const int8_t *input_data, int8_t *output_data)
{
    tnm_softmax_params p; /* a local copy: the int8 output stores may alias *params */
    int32_t r, c;
    if (params == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (rows < 1 || depth < 1 || !tnm_product_fits(rows, depth)) return TNM_ERR_ARGUMENT;
    if (params->input_multiplier < 0 || params->input_left_shift < 0 ||
        params->input_left_shift > 31 || params->diff_min > 0) {
        return TNM_ERR_ARGUMENT;
    }
    p = *params;

    for (r = 0; r < rows; ++r) {
        const int8_t *in = input_data + r * depth;
        int8_t *out = output_data + r * depth;
        int32_t max = -128, sum_of_exps = 0, headroom, exponent, reciprocal;
        for (c = 0; c < depth; ++c) {
            if (in[c] > max) max = in[c];
        }
        for (c = 0; c < depth; ++c) {
            const int32_t e = row_exp(&p, in[c] - max);
            /* Rescale Q0.31 -> Q12.19 (divide by 2^12); TFLite's sum wraps for huge depths. */
            if (e >= 0) {
                sum_of_exps = tnm_wrap_add(sum_of_exps, tnm_rdbpot(e, ACCUMULATION_INTEGER_BITS));
            }
        }
        /* GetReciprocal: normalise the sum to [1, 2) and take 1/x in Q0.31. The output
         * shift is num_bits_over_unit + 31 - 8. TFLite stops (TFLITE_CHECK) when that
         * exceeds 31, i.e. when the sum reaches 2^28 (only possible for depth >= 512). */
        if (sum_of_exps <= 0 || sum_of_exps >= (1 << 28)) return TNM_ERR_ARGUMENT;
        headroom = (int32_t)count_leading_zeros((uint32_t)sum_of_exps);
        exponent = (ACCUMULATION_INTEGER_BITS - headroom) + 31 - 8;
        reciprocal = one_over_one_plus_x(
            tnm_wrap_i32(((uint32_t)sum_of_exps << headroom) - 0x80000000u));
        for (c = 0; c < depth; ++c) {
            const int32_t e = row_exp(&p, in[c] - max);
            int32_t v = -128;
            if (e >= 0) v = tnm_rdbpot(tnm_srdhm(reciprocal, e), exponent) - 128;
            out[c] = (int8_t)tnm_clamp(v, -128, 127);
        }
    }
    return TNM_OK;
}
