/* ABS (int8, int16) and RSQRT (int8), TFLM elementwise.cc's quantized paths: one value in,
 * one value out, any shape (count elements in a row).
 *
 * ABS: |x - input_zero_point|, then either the output zero point added (input and output
 * scales equal: TFLM does not requantize, whatever the zero points) or requantized by
 * multiplier/shift first; clamped to the type.
 * RSQRT: v = x - input_zero_point >= 0; v = 0 gives 127 (TFLM: "any value close to 0
 * represents the max output value", the output zero point not added); otherwise 1/sqrt(v)
 * from GetInvSqrtQuantizedMultiplierExp, brought to an integer with 20 bits of fraction
 * (MultiplyByQuantizedMultiplier(1, m, s + 20)), then scaled by multiplier/shift - 20 to the
 * output, plus its zero point, clamped. A value below the input zero point is refused before
 * anything is written (TFLM stops at it with "Rsqrt is only defined for positive values",
 * after writing the outputs before it). */
#include "tnm_gemmlowp_internal.h"
#include "tnm/tnm_kernels.h"

/* |x - zi| requantized (or not) plus zo: int32, before the type's clamp. */
static inline int32_t abs_value(const tnm_abs_params *p, int32_t x)
{
    const int32_t v = x >= p->input_zero_point ? x - p->input_zero_point : p->input_zero_point - x;
    return tnm_wrap_add(p->rescale ? tnm_mbqm(v, p->multiplier, p->shift) : v, p->output_zero_point);
}

static int abs_params_ok(const tnm_abs_params *p, int32_t lo, int32_t hi)
{
    return p->input_zero_point >= lo && p->input_zero_point <= hi && p->output_zero_point >= lo &&
           p->output_zero_point <= hi && (p->rescale == 0 || p->rescale == 1) &&
           tnm_multiplier_ok(p->multiplier, p->shift);
}

tnm_status tnm_abs_s8(const tnm_abs_params *params, int32_t count, const int8_t *input, int8_t *output)
{
    int32_t i;
    if (params == 0 || input == 0 || output == 0 || count < 0 || !abs_params_ok(params, -128, 127))
        return TNM_ERR_ARGUMENT;
    for (i = 0; i < count; ++i) output[i] = (int8_t)tnm_clamp(abs_value(params, input[i]), -128, 127);
    return TNM_OK;
}

tnm_status tnm_abs_s16(const tnm_abs_params *params, int32_t count, const int16_t *input, int16_t *output)
{
    int32_t i;
    if (params == 0 || input == 0 || output == 0 || count < 0 || !abs_params_ok(params, -32768, 32767))
        return TNM_ERR_ARGUMENT;
    for (i = 0; i < count; ++i) output[i] = (int16_t)tnm_clamp(abs_value(params, input[i]), -32768, 32767);
    return TNM_OK;
}

int32_t tnm_rsqrt_first_negative(const tnm_rsqrt_params *params, int32_t count, const int8_t *input)
{
    int32_t i;
    if (params == 0 || input == 0) return -1;
    for (i = 0; i < count; ++i) {
        if (input[i] < params->input_zero_point) return i;
    }
    return -1;
}

/* One output of RSQRT for v = x - input_zero_point in [0, 255]. */
static int8_t rsqrt_one(const tnm_rsqrt_params *p, int32_t v)
{
    int32_t m, s, data;
    if (v == 0) return 127;
    tnm_inv_sqrt_multiplier(v, &m, &s); /* s in [-1, 0] for v <= 255 */
    data = tnm_mbqm(1, m, s + 20);
    return (int8_t)tnm_clamp(tnm_wrap_add(tnm_mbqm(data, p->multiplier, p->shift - 20), p->output_zero_point), -128,
                             127);
}

tnm_status tnm_rsqrt_s8(const tnm_rsqrt_params *params, int32_t count, const int8_t *input, int8_t *output)
{
    int32_t i;
    if (params == 0 || input == 0 || output == 0 || count < 0) return TNM_ERR_ARGUMENT;
    if (params->input_zero_point < -128 || params->input_zero_point > 127 || params->output_zero_point < -128 ||
        params->output_zero_point > 127 || params->multiplier < 0 || params->shift < TNM_RSQRT_MIN_SHIFT ||
        params->shift > TNM_RSQRT_MAX_SHIFT)
        return TNM_ERR_ARGUMENT;
    if (tnm_rsqrt_first_negative(params, count, input) >= 0) return TNM_ERR_ARGUMENT;
    for (i = 0; i < count; ++i) output[i] = rsqrt_one(params, input[i] - params->input_zero_point);
    return TNM_OK;
}
