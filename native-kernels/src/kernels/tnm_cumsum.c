/* CUMSUM int8 (TFLM cumsum.cc, reference_ops::CumSum's quantized form): running sums along one
 * axis of a tensor viewed as [before, depth, after], from the start or (reverse) from the end,
 * each output the sum up to and including its own value, or (exclusive) up to the one before.
 * The arithmetic is ADD_N's (tnm_add_n_params): values minus the zero point shifted left by 20,
 * scaled by the input multiplier, summed in int32 (wrapping as TFLM's does), the running sum
 * rescaled by the output multiplier plus the output zero point, clamped to int8. As TFLM, each
 * line's sum starts from the scaled input offset (its accumulator = input1_offset, not 0). */
#include <stddef.h>

#include "tnm/tnm_kernels.h"
#include "tnm_fixedpoint_internal.h"

#define TNM_CUMSUM_LEFT_SHIFT 20

tnm_status tnm_cumsum_s8(int32_t before, int32_t depth, int32_t after, int exclusive, int reverse,
                         const tnm_add_n_params *p, const int8_t *input, int8_t *output)
{
    int32_t b, a, d, start;
    if (p == NULL || input == NULL || output == NULL || before < 1 || depth < 1 || after < 1) return TNM_ERR_ARGUMENT;
    if ((int64_t)before * depth * after > INT32_MAX) return TNM_ERR_ARGUMENT;
    if (p->input_offset < -127 || p->input_offset > 128 || p->output_offset < -128 || p->output_offset > 127)
        return TNM_ERR_ARGUMENT;
    if (p->input_multiplier < 0 || p->output_multiplier < 0 || p->input_shift < -31 || p->input_shift > 0 ||
        p->output_shift < -31 || p->output_shift > 0)
        return TNM_ERR_ARGUMENT;
    start = tnm_mbqm(tnm_shl_wrap(p->input_offset, TNM_CUMSUM_LEFT_SHIFT), p->input_multiplier, p->input_shift);
    for (b = 0; b < before; ++b) {
        for (a = 0; a < after; ++a) {
            const size_t base = (size_t)b * (size_t)depth * (size_t)after + (size_t)a;
            int32_t acc = start;
            for (d = 0; d < depth; ++d) {
                const size_t at = base + (size_t)(reverse ? depth - 1 - d : d) * (size_t)after;
                const int32_t y = p->input_offset + input[at];
                const int32_t scaled = tnm_mbqm(tnm_shl_wrap(y, TNM_CUMSUM_LEFT_SHIFT), p->input_multiplier,
                                                p->input_shift);
                int32_t sum, raw;
                if (exclusive) {
                    sum = acc;
                    acc = tnm_wrap_add(acc, scaled);
                } else {
                    acc = tnm_wrap_add(acc, scaled);
                    sum = acc;
                }
                raw = tnm_wrap_add(tnm_mbqm(sum, p->output_multiplier, p->output_shift), p->output_offset);
                output[at] = (int8_t)tnm_clamp(raw, -128, 127);
            }
        }
    }
    return TNM_OK;
}

/* float32 (TFLM's CumSum<float>): the same walk in single precision from 0.0f. */
tnm_status tnm_cumsum_f32(int32_t before, int32_t depth, int32_t after, int exclusive, int reverse, const float *input,
                          float *output)
{
    int32_t b, a, d;
    if (input == NULL || output == NULL || before < 1 || depth < 1 || after < 1) return TNM_ERR_ARGUMENT;
    if ((int64_t)before * depth * after > INT32_MAX) return TNM_ERR_ARGUMENT;
    for (b = 0; b < before; ++b) {
        for (a = 0; a < after; ++a) {
            const size_t base = (size_t)b * (size_t)depth * (size_t)after + (size_t)a;
            float acc = 0.0f;
            for (d = 0; d < depth; ++d) {
                const size_t at = base + (size_t)(reverse ? depth - 1 - d : d) * (size_t)after;
                const float v = input[at];
                if (exclusive) {
                    output[at] = acc;
                    acc += v;
                } else {
                    acc += v;
                    output[at] = acc;
                }
            }
        }
    }
    return TNM_OK;
}
