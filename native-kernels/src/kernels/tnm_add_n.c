/* ADD_N int8 (TFLM add_n.cc, reference_ops::AddN's quantized form): every input shares one
 * scale and zero point. Each value minus the zero point is shifted left by 20 and scaled by the
 * input multiplier (0.5: TFLM's "twice the max input scale"), the scaled values summed in int32,
 * the sum scaled by the output multiplier (2 s_in / (2^20 s_out)) and offset by the output zero
 * point, clamped to int8. As TFLM, the sum starts from the scaled input offset itself (its
 * x = input1_offset, not 0): the result carries one extra (-zero point) term. The int32 sums wrap
 * as TFLM's do on two's-complement targets (past about 16 inputs of extreme values). */
#include <stddef.h>

#include "tnm/tnm_kernels.h"
#include "tnm_fixedpoint_internal.h"

#define TNM_ADD_N_LEFT_SHIFT 20

tnm_status tnm_add_n_s8(int32_t count, int32_t n_inputs, const int8_t *const *inputs, const tnm_add_n_params *p,
                        int8_t *output)
{
    int32_t i, j, start;
    if (inputs == NULL || p == NULL || output == NULL || count < 0 || n_inputs < 1) return TNM_ERR_ARGUMENT;
    if (p->input_offset < -127 || p->input_offset > 128 || p->output_offset < -128 || p->output_offset > 127)
        return TNM_ERR_ARGUMENT;
    if (p->input_multiplier < 0 || p->output_multiplier < 0 || p->input_shift < -31 || p->input_shift > 0 ||
        p->output_shift < -31 || p->output_shift > 0)
        return TNM_ERR_ARGUMENT;
    for (j = 0; j < n_inputs; ++j)
        if (inputs[j] == NULL) return TNM_ERR_ARGUMENT;
    /* TFLM's starting term: the scaled input offset (the same for every element) */
    start = tnm_mbqm(tnm_shl_wrap(p->input_offset, TNM_ADD_N_LEFT_SHIFT), p->input_multiplier, p->input_shift);
    for (i = 0; i < count; ++i) {
        int32_t acc = start, raw;
        for (j = 0; j < n_inputs; ++j) {
            const int32_t y = p->input_offset + inputs[j][i];
            acc = tnm_wrap_add(acc, tnm_mbqm(tnm_shl_wrap(y, TNM_ADD_N_LEFT_SHIFT), p->input_multiplier, p->input_shift));
        }
        raw = tnm_wrap_add(tnm_mbqm(acc, p->output_multiplier, p->output_shift), p->output_offset);
        output[i] = (int8_t)tnm_clamp(raw, -128, 127);
    }
    return TNM_OK;
}

/* float32 (TFLM's AddN<float>): each output the inputs summed in order in single precision,
 * starting from 0.0f (so -0.0 + -0.0 gives +0.0, as there). */
tnm_status tnm_add_n_f32(int32_t count, int32_t n_inputs, const float *const *inputs, float *output)
{
    int32_t i, j;
    if (inputs == NULL || output == NULL || count < 0 || n_inputs < 1) return TNM_ERR_ARGUMENT;
    for (j = 0; j < n_inputs; ++j)
        if (inputs[j] == NULL) return TNM_ERR_ARGUMENT;
    for (i = 0; i < count; ++i) {
        float x = 0.0f;
        for (j = 0; j < n_inputs; ++j) x += inputs[j][i];
        output[i] = x;
    }
    return TNM_OK;
}
