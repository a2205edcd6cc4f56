/* ADD_N (TFLM add_n.cc): two or more inputs (up to the blob's 32), each of the first one's type,
 * shape, and for int8 scale and zero point (TFLM's Prepare), from the model or constant; the
 * output of that type and shape. int8 params: input_offset (-the input zero point),
 * output_offset (the output zero point), the input and output multipliers and shifts of TFLM's
 * Prepare (shifts in [-31, 0]); float32 (TFLM's AddN<float>): the six words 0. */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels.h"

static const tnm_rule k_rules_f32[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_0 /* float32 */), R_SAME_DIMS, R_END_};
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
    if (first->type == TNM_TYPE_FLOAT32) {
        if ((st = tnm_run_rules(k_rules_f32, L, err)) != TNM_OK) return st;
        for (k = 0; k < 6; k++) {
            if (L->params[k] != 0) /* no quantization words for float32 */
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, k), L->index, L->params[k], 0);
        }
    } else {
        if ((st = tnm_run_rules(k_rules_add_n, L, err)) != TNM_OK) return st;
        if (L->params[0] != -first->zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, L->index, L->params[0],
                            -first->zero_point);
    }
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
        if (t->type != first->type)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_TYPE, L->index, t->type, first->type);
        if (t->rank != first->rank)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, t->rank, first->rank);
        for (d = 0; d < first->rank; d++) {
            if (t->dims[d] != first->dims[d])
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, t->dims[d], first->dims[d]);
        }
        /* one scale and zero point for every input (TFLM's Prepare; float32: both 0) */
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
    union {
        const int8_t *s8[TNM_MAX_LAYER_INPUTS];
        const float *f32[TNM_MAX_LAYER_INPUTS];
    } in;
    const int f32 = L->out.type == TNM_TYPE_FLOAT32;
    tnm_add_n_params p;
    uint32_t k;
    for (k = 0; k < L->input_count && k < TNM_MAX_LAYER_INPUTS; k++) {
        tnm_tensor_view read;
        const tnm_tensor_view *t = &read;
        if (k < TNM_VIEW_INPUTS) {
            t = &L->in[k];
        } else {
            uint32_t ix;
            const tnm_status st = tnm_layer_tensor(L, 0, k, &ix, &read, err);
            if (st != TNM_OK) return st;
        }
        if (f32) in.f32[k] = (const float *)TNM_INPUT_DATA(L, arena, t);
        else in.s8[k] = (const int8_t *)TNM_INPUT_DATA(L, arena, t);
    }
    if (f32) return tnm_add_n_f32(L->out.elements, (int32_t)k, in.f32, TNM_ARENA_F32(arena, &L->out));
    p.input_offset = L->params[0];
    p.output_offset = L->params[1];
    p.input_multiplier = L->params[2];
    p.input_shift = L->params[3];
    p.output_multiplier = L->params[4];
    p.output_shift = L->params[5];
    return tnm_add_n_s8(L->out.elements, (int32_t)k, in.s8, &p, TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_ADD_N = {check_add_n, invoke_add_n, 0, 0xFFFFu, 0, TNM_MODULE_RANK6};
