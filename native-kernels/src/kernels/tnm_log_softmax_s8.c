/* LOG_SOFTMAX int8 -> int8 (output scale 16/256, zero point 127): TFLite's
 * reference_ops::LogSoftmaxQuantized, which TFLM runs for int8. For each row:
 *   - differences from the row maximum are rescaled into Q5.26,
 *   - exp() of each (gemmlowp's exp_on_negative_values) is summed in Q12.19,
 *   - log(sum) comes from gemmlowp-style log_x_for_x_greater_than_or_equal_to_1 (TFLite's
 *     common.h: a Pade-type approximation around 2^z, transcribed below) in Q5.26,
 *   - each output is (difference - log(sum)) in Q4 steps of 1/16 plus 127, or -128 when the
 *     difference lies below the range TFLite keeps. */
#include "tnm_gemmlowp_internal.h"

#define INPUT_INTEGER_BITS 5        /* Q5.26 differences and log */
#define ACCUMULATION_INTEGER_BITS 12 /* Q12.19 sum of exps */
#define OUTPUT_INTEGER_BITS 4
#define LOG_ACCUM_INTEGER_BITS (INPUT_INTEGER_BITS + 1) /* the log's accumulator, Q6.25 */

/* gemmlowp's SaturatingRoundingMultiplyByPOTParam for exponent >= 0 */
static int32_t saturating_pot(int32_t x, int32_t exponent)
{
    return exponent == 0 ? x : tnm_saturating_shl(x, exponent);
}

static int32_t saturating_add(int32_t a, int32_t b)
{
    const int64_t s = (int64_t)a + b;
    return s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : (int32_t)s);
}

/* log(x) for x >= 1, x in Q12.19 (positive), result in Q5.26: TFLite's
 * log_x_for_x_greater_than_or_equal_to_1_impl<5, 12>. x = 2^z * r with r in [sqrt(1/2), 1)
 * read two ways (z_a, z_b), the better one kept; log(r) from a rational approximation in
 * q = 2 (r - 2^-1/4). */
static int32_t log_q5_of_sum(int32_t sum)
{
    const int32_t log_2 = 1488522236;          /* log(2), Q0.31 */
    const int32_t sqrt_sqrt_half = 1805811301; /* 2^-1/4 */
    const int32_t sqrt_half = 1518500250;      /* 2^-1/2 */
    const int32_t alpha_n = 117049297;         /* 11/240 * 2^1/4 */
    const int32_t alpha_d = 127690142;         /* 1/20 * 2^1/4 */
    const int32_t alpha_i = 1057819769;        /* 2 / 2^1/4 - 2^1/4 */
    const int32_t alpha_f = 638450708;         /* 1/4 * 2^1/4 */
    const int32_t shifted_quarter = 1 << (31 - 2 - LOG_ACCUM_INTEGER_BITS); /* 1/4 in Q6.25 */
    const int32_t za_headroom_plus_1 = tnm_clz32((uint32_t)sum);
    const int32_t ra_tmp = saturating_pot(sum, za_headroom_plus_1 - 1);
    const int32_t ra = saturating_pot(tnm_srdhm(ra_tmp, sqrt_half), 1);
    const int32_t za_pow2_adj = saturating_add(
        saturating_pot(ACCUMULATION_INTEGER_BITS - za_headroom_plus_1, 31 - LOG_ACCUM_INTEGER_BITS),
        shifted_quarter);
    const int32_t zb = tnm_srdhm(sum, sqrt_half);
    const int32_t zb_headroom = tnm_clz32((uint32_t)zb) - 1;
    const int32_t rb = saturating_pot(sum, zb_headroom);
    const int32_t zb_pow2_adj = saturating_add(
        saturating_pot(ACCUMULATION_INTEGER_BITS - zb_headroom, 31 - LOG_ACCUM_INTEGER_BITS),
        -shifted_quarter);
    const int32_t r = ra < rb ? ra : rb;
    const int32_t z_pow2_adj = za_pow2_adj > zb_pow2_adj ? za_pow2_adj : zb_pow2_adj;
    /* RoundingHalfSum(r, 2^-1/4): halves rounded away from zero */
    const int64_t half_sum = (int64_t)r + sqrt_sqrt_half;
    const int32_t p = (int32_t)((half_sum + (half_sum >= 0 ? 1 : -1)) / 2);
    const int32_t q_half = tnm_wrap_sub(r, sqrt_sqrt_half);
    const int32_t q = tnm_wrap_add(q_half, q_half);
    const int32_t common_sq = tnm_srdhm(q, q);
    const int32_t num = tnm_wrap_add(tnm_srdhm(q, r), tnm_srdhm(tnm_srdhm(q, common_sq), alpha_n));
    const int32_t denom_minus_one = tnm_wrap_add(
        tnm_srdhm(p, tnm_wrap_add(tnm_wrap_add(alpha_i, q), tnm_srdhm(alpha_d, common_sq))),
        tnm_srdhm(alpha_f, q));
    const int32_t recip_denom = tnm_one_over_one_plus_x(denom_minus_one);
    const int32_t num_scaled = tnm_rdbpot(num, LOG_ACCUM_INTEGER_BITS);
    const int32_t log_q6 = tnm_wrap_add(tnm_srdhm(z_pow2_adj, log_2), tnm_srdhm(num_scaled, recip_denom));
    return tnm_saturating_shl(log_q6, LOG_ACCUM_INTEGER_BITS - INPUT_INTEGER_BITS);
}

/* the difference (<= 0) rescaled into Q5.26: MultiplyByQuantizedMultiplier with a left shift */
static int32_t diff_q5(const tnm_log_softmax_params *p, int32_t diff)
{
    return tnm_srdhm(tnm_shl_wrap(diff, p->input_left_shift), p->input_multiplier);
}

tnm_status tnm_log_softmax_s8(const tnm_log_softmax_params *params, int32_t rows, int32_t depth,
                              const int8_t *input_data, int8_t *output_data)
{
    tnm_log_softmax_params p; /* a local copy: the output stores may alias *params */
    int32_t r, c;
    if (params == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (rows < 1 || depth < 1 || !tnm_product_fits(rows, depth)) return TNM_ERR_ARGUMENT;
    if (params->input_multiplier < 0 || params->input_left_shift < 0 || params->input_left_shift > 31 ||
        params->reverse_scaling_divisor < 0 || params->reverse_scaling_left_shift < -31 ||
        params->reverse_scaling_left_shift > 0 || params->diff_min > 0) {
        return TNM_ERR_ARGUMENT;
    }
    p = *params;

    for (r = 0; r < rows; ++r) {
        const int8_t *in = input_data + r * depth;
        int8_t *out = output_data + r * depth;
        int32_t max = -128, log_sum, adjusted_diff_min, shifted;
        uint32_t sum = 0u; /* Q12.19, positive: the row maximum adds 1.0 */
        for (c = 0; c < depth; ++c) {
            if (in[c] > max) max = in[c];
        }
        for (c = 0; c < depth; ++c) {
            const int32_t diff = in[c] - max;
            if (diff >= p.diff_min) {
                sum += (uint32_t)tnm_rdbpot(tnm_exp_on_negative_values(diff_q5(&p, diff), INPUT_INTEGER_BITS),
                                            ACCUMULATION_INTEGER_BITS);
                if (sum > (uint32_t)INT32_MAX) return TNM_ERR_ARGUMENT;
            }
        }
        log_sum = log_q5_of_sum((int32_t)sum);
        /* differences whose output would fall below Q5.26's range after subtracting log_sum
         * are dropped too ('>' below where the sum used '>=') */
        shifted = tnm_mbqm(tnm_wrap_add(log_sum, INT32_MIN), p.reverse_scaling_divisor,
                           p.reverse_scaling_left_shift);
        adjusted_diff_min = p.diff_min - 1 > shifted ? p.diff_min - 1 : shifted;
        for (c = 0; c < depth; ++c) {
            const int32_t diff = in[c] - max;
            int32_t v = -128;
            if (diff > adjusted_diff_min) {
                v = tnm_rdbpot(tnm_wrap_sub(diff_q5(&p, diff), log_sum),
                               31 - INPUT_INTEGER_BITS - OUTPUT_INTEGER_BITS) + 127;
                v = tnm_clamp(v, -128, 127);
            }
            out[c] = (int8_t)v;
        }
    }
    return TNM_OK;
}
