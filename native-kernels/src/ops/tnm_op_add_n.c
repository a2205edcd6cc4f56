/* ADD_N int8 (TFLM add_n.cc): two or more inputs (up to the blob's 32), each int8 of the first
 * one's shape, scale and zero point (TFLM's Prepare), from the model or constant; the output int8
 * of that shape. Params: input_offset (-the input zero point), output_offset (the output zero
 * point), the input and output multipliers and shifts of TFLM's Prepare (shifts in [-31, 0]). */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels.h"

static const tnm_rule k_rules_add_n[] = {
    R_INT8_IO, R_SAME_DIMS,
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LW(out.zero_point)),
    R_MULTIPLIER(2), R_SHIFT(3, K_M31, K_0), R_MULTIPLIER(4), R_SHIFT(5, K_M31, K_0), R_END_};

static tnm_status check_add_n(tnm_layer_view *L, tnm_error *err)
{
    const tnm_tensor_view *first = &L->in[0];
    uint32_t k;
    int32_t d;
    tnm_status st;
    if (L->input_count < 2)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_COUNT, L->index, (int32_t)L->input_count, 2);
    if ((st = tnm_run_rules(k_rules_add_n, L, err)) != TNM_OK) return st;
    if (L->params[0] != -first->zero_point)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, L->index, L->params[0], -first->zero_point);
    for (k = 1; k < L->input_count; k++) {
        tnm_tensor_view read;
        const tnm_tensor_view *t = &read;
        uint32_t ix;
        if (k < TNM_VIEW_INPUTS) {
            t = &L->in[k];
            ix = L->input_ix[k];
        } else if ((st = tnm_layer_tensor(L, 0, k, &ix, &read, err)) != TNM_OK) {
            return st;
        }
        if (t->type != TNM_TYPE_INT8)
            return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, t->type, TNM_TYPE_INT8);
        if (t->rank != first->rank)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, t->rank, first->rank);
        for (d = 0; d < first->rank; d++) {
            if (t->dims[d] != first->dims[d])
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, t->dims[d], first->dims[d]);
        }
        /* one scale and zero point for every input (TFLM's Prepare) */
        if (t->zero_point != first->zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)ix, t->zero_point,
                            first->zero_point);
        if (tnm_f32_bits(t->scale) != tnm_f32_bits(first->scale))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)ix, tnm_bits_i32(tnm_f32_bits(t->scale)),
                            tnm_bits_i32(tnm_f32_bits(first->scale)));
    }
    return TNM_OK;
}

static tnm_status invoke_add_n(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int8_t *inputs[TNM_MAX_LAYER_INPUTS];
    tnm_add_n_params p;
    uint32_t k;
    for (k = 0; k < L->input_count && k < TNM_MAX_LAYER_INPUTS; k++) {
        if (k < TNM_VIEW_INPUTS) {
            inputs[k] = TNM_INPUT_S8(L, arena, &L->in[k]);
        } else {
            tnm_tensor_view t;
            uint32_t ix;
            const tnm_status st = tnm_layer_tensor(L, 0, k, &ix, &t, err);
            if (st != TNM_OK) return st;
            inputs[k] = TNM_INPUT_S8(L, arena, &t);
        }
    }
    p.input_offset = L->params[0];
    p.output_offset = L->params[1];
    p.input_multiplier = L->params[2];
    p.input_shift = L->params[3];
    p.output_multiplier = L->params[4];
    p.output_shift = L->params[5];
    return tnm_add_n_s8(L->out.elements, (int32_t)k, inputs, &p, TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_ADD_N = {check_add_n, invoke_add_n, 0, 0xFFFFu, 0, TNM_MODULE_RANK6};
