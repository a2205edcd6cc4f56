/* SOFTMAX int8 -> int8 (output scale 1/256, zero point -128): TFLite's
 * reference_ops::Softmax quantized path, which TFLM runs for int8. exp() and the
 * reciprocal are gemmlowp's fixed-point approximations, reproduced exactly:
 *   - differences are rescaled into Q5.26 (5 integer bits),
 *   - exp() of each difference is a Q0.31 value,
 *   - the sum of exps is accumulated in Q12.19,
 *   - 1/sum comes from a Newton-Raphson reciprocal in Q2.29. */
#include <stddef.h>

#include "tnm_gemmlowp_internal.h"

#define SCALED_DIFF_INTEGER_BITS 5
#define ACCUMULATION_INTEGER_BITS 12
/* exps of the first positions of a row kept for the output pass (a classifier's row: the
 * exp, ~200 instructions, computed once), 256 bytes of stack */
#define SOFTMAX_KEEP 64

/* exp(scaled input - row max) in Q0.31, or -1 when the difference is below diff_min
 * (TFLite drops those from the sum and outputs the minimum for them). */
static int32_t row_exp(const tnm_softmax_params *p, int32_t diff)
{
    int32_t scaled;
    if (diff < p->diff_min) return -1;
    /* MultiplyByQuantizedMultiplierGreaterThanOne */
    scaled = tnm_srdhm_unguarded(tnm_shl_wrap(diff, p->input_left_shift), p->input_multiplier); /* multiplier >= 0 */
    return tnm_exp_on_negative_values(scaled, SCALED_DIFF_INTEGER_BITS);
}

/* Both output types: int8 (out8, scale 1/256, zero point -128) or int16 (out16, 1/65536,
 * -32768), as TFLite's Softmax<int8_t, OutputT>: the output shift is num_bits_over_unit + 31 -
 * the output's bits, the result offset by the type's minimum. */
static tnm_status softmax_rows(const tnm_softmax_params *params, int32_t rows, int32_t depth,
                               const int8_t *input_data, int8_t *out8, int16_t *out16)
{
    tnm_softmax_params p; /* a local copy: the int8 output stores may alias *params */
    int32_t r, c;
    const int32_t bits = out16 != 0 ? 16 : 8, lo = out16 != 0 ? -32768 : -128, hi = out16 != 0 ? 32767 : 127;
    if (params == 0 || input_data == 0 || (out8 == 0 && out16 == 0)) return TNM_ERR_ARGUMENT;
    if (rows < 1 || depth < 1 || !tnm_product_fits(rows, depth)) return TNM_ERR_ARGUMENT;
    if (params->input_multiplier < 0 || params->input_left_shift < 0 ||
        params->input_left_shift > 31 || params->diff_min > 0) {
        return TNM_ERR_ARGUMENT;
    }
    p = *params;

    for (r = 0; r < rows; ++r) {
        const int8_t *in = input_data + r * depth;
        int32_t max = -128, sum_of_exps = 0, headroom, exponent, reciprocal;
        int32_t kept[SOFTMAX_KEEP]; /* the first exps, for the output pass */
        for (c = 0; c < depth; ++c) {
            if (in[c] > max) max = in[c];
        }
        for (c = 0; c < depth; ++c) {
            const int32_t e = row_exp(&p, in[c] - max);
            if (c < SOFTMAX_KEEP) kept[c] = e;
            /* Rescale Q0.31 -> Q12.19 (divide by 2^12); TFLite's sum wraps for huge depths. */
            if (e >= 0) {
                sum_of_exps = tnm_wrap_add(sum_of_exps, tnm_rdbpot(e, ACCUMULATION_INTEGER_BITS));
            }
        }
        /* GetReciprocal: normalise the sum to [1, 2) and take 1/x in Q0.31. The output
         * shift is num_bits_over_unit + 31 - bits. TFLite stops (TFLITE_CHECK) when that
         * exceeds 31, i.e. for int8 when the sum reaches 2^28 (only possible for depth >=
         * 512); for int16 it cannot. */
        if (sum_of_exps <= 0 || (bits == 8 && sum_of_exps >= (1 << 28))) return TNM_ERR_ARGUMENT;
        headroom = tnm_clz32((uint32_t)sum_of_exps);
        exponent = (ACCUMULATION_INTEGER_BITS - headroom) + 31 - bits;
        reciprocal = tnm_one_over_one_plus_x(
            tnm_wrap_i32(((uint32_t)sum_of_exps << headroom) - 0x80000000u));
        for (c = 0; c < depth; ++c) {
            const int32_t e = c < SOFTMAX_KEEP ? kept[c] : row_exp(&p, in[c] - max);
            int32_t v = lo;
            if (e >= 0) v = tnm_clamp(tnm_rdbpot(tnm_srdhm_unguarded(reciprocal, e), exponent) + lo, lo, hi);
            if (out16 != 0) out16[r * depth + c] = (int16_t)v;
            else out8[r * depth + c] = (int8_t)v;
        }
    }
    return TNM_OK;
}

tnm_status tnm_softmax_s8(const tnm_softmax_params *params, int32_t rows, int32_t depth,
                          const int8_t *input_data, int8_t *output_data)
{
    if (output_data == 0) return TNM_ERR_ARGUMENT;
    return softmax_rows(params, rows, depth, input_data, output_data, 0);
}

tnm_status tnm_softmax_s8_s16(const tnm_softmax_params *params, int32_t rows, int32_t depth,
                              const int8_t *input_data, int16_t *output_data)
{
    if (output_data == 0) return TNM_ERR_ARGUMENT;
    return softmax_rows(params, rows, depth, input_data, 0, output_data);
}

/* TFLite's LUTLookup for int16: 512 intervals of 128 values, linear between two entries. */
static int16_t lut_lookup16(int32_t value, const int16_t *lut)
{
    const int32_t index = 256 + tnm_asr(value, 7), offset = value & 0x7f;
    const int32_t base = lut[index], slope = (int16_t)(lut[index + 1] - lut[index]);
    return (int16_t)(base + tnm_asr(slope * offset + 64, 7));
}

tnm_status tnm_softmax_s16(const tnm_softmax_s16_params *params, int32_t rows, int32_t depth,
                           const int16_t *input_data, const int16_t *exp_lut,
                           const int16_t *one_over_one_plus_x_lut, int16_t *output_data)
{
    tnm_softmax_s16_params p;
    int32_t r, c;
    if (params == 0 || input_data == 0 || exp_lut == 0 || one_over_one_plus_x_lut == 0 || output_data == 0)
        return TNM_ERR_ARGUMENT;
    if (rows < 1 || depth < 1 || depth > 65536 || !tnm_product_fits(rows, depth) ||
        !tnm_multiplier_ok(params->input_multiplier, params->input_shift))
        return TNM_ERR_ARGUMENT;
    p = *params;
    for (r = 0; r < rows; ++r) {
        const int16_t *in = input_data + (size_t)r * (size_t)depth;
        int16_t *out = output_data + (size_t)r * (size_t)depth; /* first the exps, as TFLite */
        int32_t max = -32768, sum = 0, headroom_plus_one, right_shift, shifted_sum, reciprocal;
        for (c = 0; c < depth; ++c) max = in[c] > max ? in[c] : max;
        for (c = 0; c < depth; ++c) {
            /* [-65535, 0] recentred on [-32768, 32767] */
            const int32_t scaled = tnm_wrap_add(tnm_mbqm(in[c] - max, p.input_multiplier, p.input_shift), 32767);
            out[c] = lut_lookup16(tnm_clamp(scaled, -32768, 32767), exp_lut);
            sum += out[c]; /* Q16.15, exact: depth <= 2^16 values <= 32767 */
        }
        /* 1 / sum: the sum normalised to [1, 2) in Q1.15, recentred, through 1 / (1 + x) */
        headroom_plus_one = tnm_clz32((uint32_t)sum);
        shifted_sum = (int32_t)((((int64_t)sum << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
        reciprocal = lut_lookup16(tnm_clamp(shifted_sum - (1 << 15) - (1 << 16), -32768, 32767), one_over_one_plus_x_lut);
        right_shift = 31 - headroom_plus_one;
        for (c = 0; c < depth; ++c) {
            const int64_t v = ((int64_t)out[c] * reciprocal + ((int64_t)1 << (right_shift - 1))) >> right_shift;
            out[c] = (int16_t)(v < 0 ? 0 : (v > 32767 ? 32767 : v));
        }
    }
    return TNM_OK;
}
