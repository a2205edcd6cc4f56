/* LOGISTIC and TANH, int8 -> int8: TFLite's reference_integer_ops::Logistic / Tanh
 * (what TFLM runs for int8). The input is rescaled into Q4.27 (4 integer bits) and fed
 * to gemmlowp's fixed-point logistic / tanh, reproduced here exactly:
 *   - exp(x) for x <= 0 from a Taylor polynomial on [-1/4, 0) and a product of
 *     exp(-2^k) constants for the rest,
 *   - 1 / (1 + x) and (1 - x) / (1 + x) for x in [0, 1] by Newton-Raphson in Q2.29.
 * Every int32 add or subtract that could wrap in TFLite wraps the same way here,
 * without signed-overflow undefined behaviour. */
#include "tnm_gemmlowp_internal.h"

/* gemmlowp logistic() of a Q4.27 value; result Q0.31. */
static int32_t logistic_q4(int32_t a)
{
    const int32_t abs_a = a > 0 ? a : tnm_wrap_sub(0, a);
    /* logistic(|a|) = 1 / (1 + exp(-|a|)) */
    const int32_t positive =
        tnm_one_over_one_plus_x(tnm_exp_on_negative_values(tnm_wrap_sub(0, abs_a), 4));
    if (a == 0) return 1 << 30; /* exactly 1/2 */
    return a > 0 ? positive : tnm_wrap_sub(INT32_MAX, positive);
}

/* gemmlowp tanh() of a Q4.27 value; result Q0.31. tanh(|a|) = (1 - e) / (1 + e) with
 * e = exp(-2|a|), which is exp_on_negative_values of -|a| read as Q5.26. */
static int32_t tanh_q4(int32_t a)
{
    const int32_t neg_abs = a < 0 ? a : tnm_wrap_sub(0, a);
    const int32_t e = tnm_exp_on_negative_values(neg_abs, 5);
    /* (1 - e) / (1 + e) = 2 / (1 + e) - 1: Q2.29 minus one, rescaled to Q0.31 */
    const int32_t t =
        tnm_saturating_shl(tnm_wrap_sub(tnm_two_over_one_plus_x_q2_29(e), 1 << 29), 2);
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

/* From this many elements on, the kernels first evaluate every int8 input value once
 * into a 256-byte table on the stack, then look each element up: the same bytes
 * (the table holds exactly what the per-element path computes), at a fraction of the
 * cost for large tensors. */
#define TABLE_MIN_COUNT 256

static int8_t evaluate(saturating_fn fn, const tnm_logistic_params *p, int32_t input)
{
    const int32_t x = input - p->input_zero_point;
    int32_t q4;
    if (x <= -p->input_range_radius) return -128;
    if (x >= p->input_range_radius) return 127;
    /* |x| < radius: input_left_shift <= 30 here (radius 0 beyond) */
    q4 = tnm_mbqm(x, p->input_multiplier, p->input_left_shift);
    if (fn == FN_LOGISTIC) {
        /* Q0.31 -> 1/256 steps, zero point -128 */
        return (int8_t)tnm_clamp(tnm_rdbpot(logistic_q4(q4), 23) - 128, -128, 127);
    }
    /* Q0.31 -> 1/128 steps, zero point 0 */
    return (int8_t)tnm_clamp(tnm_rdbpot(tanh_q4(q4), 24), -128, 127);
}

static tnm_status run(saturating_fn fn, const tnm_logistic_params *params, int32_t count,
                      const int8_t *input, int8_t *output)
{
    tnm_logistic_params p; /* a local copy: the int8 output stores may alias *params */
    int32_t i;
    if (params == 0 || input == 0 || output == 0 || count < 0) return TNM_ERR_ARGUMENT;
    if (!params_ok(params)) return TNM_ERR_ARGUMENT;
    p = *params;
    if (count >= TABLE_MIN_COUNT) {
        int8_t table[256];
        for (i = 0; i < 256; ++i) table[i] = evaluate(fn, &p, (int8_t)(uint8_t)i); /* by the input byte */
        return tnm_lut_s8(table, count, input, output);
    } else {
        for (i = 0; i < count; ++i) output[i] = evaluate(fn, &p, input[i]);
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
