/* HARD_SWISH int8 -> int8: TFLite's reference_ops::HardSwish quantized path (what TFLM
 * runs for int8), which works in 16-bit fixed point:
 *   x * relu6(x + 3) / 6 = (x on the output scale) * ("relu-ish" value in [0, 1]),
 * the relu-ish value being x rescaled so that 3.0 maps to 32768, saturated to
 * [-1, 1] and moved to [0, 1]. Every int16 step is reproduced, including how gemmlowp's
 * int16 RoundingDivideByPOT behaves for exponents of 16 and more. */
#include "tnm_fixedpoint_internal.h"

static int32_t saturate_i16(int64_t v)
{
    return v > INT16_MAX ? INT16_MAX : (v < INT16_MIN ? INT16_MIN : (int32_t)v);
}

/* gemmlowp SaturatingRoundingDoublingHighMul for int16: round(a * b / 2^15), ties
 * toward +infinity; (-32768)^2 saturates. */
static int32_t srdhm_i16(int32_t a, int32_t b)
{
    const int32_t ab = a * b; /* |a|, |b| <= 2^15 */
    if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
    return (ab + (ab >= 0 ? (1 << 14) : 1 - (1 << 14))) / (1 << 15);
}

/* TFLite SaturatingDoublingHighMul: a * b / 2^15 truncated toward zero. */
static int32_t sdhm_i16(int32_t a, int32_t b)
{
    if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
    return (a * b) / (1 << 15);
}

/* TFLite SaturatingLeftShift for int16 (amount in [0, 30]). */
static int32_t saturating_shl_i16(int32_t v, int32_t amount)
{
    return saturate_i16((int64_t)v * ((int64_t)1 << amount));
}

/* gemmlowp RoundingDivideByPOT instantiated for int16, exponent in [0, 31]. Up to 15
 * it is the usual rounding division. From 16 on its mask (2^e - 1 narrowed to int16)
 * becomes -1, and the result is 1 for x >= 0 and -1 for x < 0. */
static int32_t rdbpot_i16(int32_t x, int32_t exponent)
{
    if (exponent >= 16) return x >= 0 ? 1 : -1;
    return tnm_rdbpot(x, exponent);
}

static int params_ok(const tnm_hard_swish_params *p)
{
    return p->input_zero_point >= -128 && p->input_zero_point <= 127 &&
           p->output_zero_point >= -128 && p->output_zero_point <= 127 &&
           p->reluish_multiplier >= 0 && p->reluish_multiplier <= INT16_MAX &&
           p->reluish_shift >= -31 && p->reluish_shift <= 31 &&
           p->output_multiplier >= 0 && p->output_multiplier <= INT16_MAX &&
           p->output_shift >= -31 && p->output_shift <= 0;
}

/* From this many elements on, every int8 input value is first evaluated once into a
 * 256-byte table on the stack, then each element is looked up: the same bytes (the
 * table holds exactly what the per-element path computes), faster for large tensors. */
#define TABLE_MIN_COUNT 256

static int8_t evaluate(const tnm_hard_swish_params *p, int32_t input)
{
    /* |x| <= 255, so x * 2^7 fits in int16: the "high-resolution input scale" */
    const int32_t hires = (input - p->input_zero_point) * (1 << 7);
    const int32_t on_output_scale = srdhm_i16(hires, p->output_multiplier);
    int32_t reluish = hires;
    int32_t v;
    /* x * 3/32768-scale, saturated to int16 ([-3, 3] -> [-1, 1]); a left shift is
     * split around the multiply so that only the last bit can saturate. */
    if (p->reluish_shift > 0) reluish = saturating_shl_i16(reluish, p->reluish_shift - 1);
    reluish = srdhm_i16(reluish, p->reluish_multiplier);
    if (p->reluish_shift > 0) reluish = saturating_shl_i16(reluish, 1);
    if (p->reluish_shift < 0) reluish = rdbpot_i16(reluish, -p->reluish_shift);
    reluish = (reluish + (1 << 15)) >> 1; /* [-1, 1] -> [0, 1], non-negative */
    v = rdbpot_i16(sdhm_i16(reluish, on_output_scale), -p->output_shift);
    /* TFLite adds the zero point in int16: |x| * 2^7 <= 32640 bounds v by 32640,
     * so that cannot wrap */
    return (int8_t)tnm_clamp(v + p->output_zero_point, -128, 127);
}

tnm_status tnm_hard_swish_s8(const tnm_hard_swish_params *params, int32_t count,
                             const int8_t *input, int8_t *output)
{
    tnm_hard_swish_params p; /* a local copy: the int8 output stores may alias *params */
    int32_t i;
    if (params == 0 || input == 0 || output == 0 || count < 0) return TNM_ERR_ARGUMENT;
    if (!params_ok(params)) return TNM_ERR_ARGUMENT;
    p = *params;
    if (count >= TABLE_MIN_COUNT) {
        int8_t table[256];
        for (i = 0; i < 256; ++i) table[i] = evaluate(&p, (int8_t)(uint8_t)i); /* by the input byte */
        return tnm_lut_s8(table, count, input, output);
    } else {
        for (i = 0; i < count; ++i) output[i] = evaluate(&p, input[i]);
    }
    return TNM_OK;
}
