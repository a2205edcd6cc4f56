/* DYNAMIC_UPDATE_SLICE (TFLM dynamic_update_slice.cc): inputs operand, update, start; the
 * output is the operand with the update written at the start (clamped so that it fits: no
 * start value is an error). Operand, update and output int8, int16, int32 or float32, one
 * type, one quantization; start int32 [rank] (the compiler narrows TFLite's int64 starts),
 * from the model or constant. Ranks 1..6 (TFLM: RuntimeShape's 6). */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

static tnm_status check_dus(tnm_layer_view *L, tnm_error *err)
{
    const tnm_tensor_view *op = &L->in[0], *up = &L->in[1], *st = &L->in[2];
    const int32_t ix = L->index;
    int32_t i;
    tnm_status s;
    if (op->type != TNM_TYPE_INT8 && op->type != TNM_TYPE_INT16 && op->type != TNM_TYPE_INT32 &&
        op->type != TNM_TYPE_FLOAT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, op->type, TNM_TYPE_INT8);
    if (up->type != op->type)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_TYPE, ix, up->type, op->type);
    if (st->type != TNM_TYPE_INT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, st->type, TNM_TYPE_INT32);
    if ((s = tnm_check_same_quant(L, op, L->input_ix[0], err)) != TNM_OK) return s;
    if (op->type == TNM_TYPE_INT8 || op->type == TNM_TYPE_INT16) {
        /* the update's bytes are copied as they are: the operand's quantization */
        if (up->zero_point != op->zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)L->input_ix[1],
                            up->zero_point, op->zero_point);
        if (tnm_f32_bits(up->scale) != tnm_f32_bits(op->scale))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)L->input_ix[1],
                            tnm_bits_i32(tnm_f32_bits(up->scale)), tnm_bits_i32(tnm_f32_bits(op->scale)));
    }
    /* (value, what it must be) */
    if (op->rank < 1) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, op->rank, 1);
    if (up->rank != op->rank) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, up->rank, op->rank);
    if (L->out.rank != op->rank)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.rank, op->rank);
    if (st->rank != 1) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, st->rank, 1);
    if (st->dims[0] != op->rank)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, st->dims[0], op->rank);
    for (i = 0; i < op->rank; i++) {
        if (up->dims[i] > op->dims[i])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, up->dims[i], op->dims[i]);
        if (L->out.dims[i] != op->dims[i])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.dims[i], op->dims[i]);
    }
    return TNM_OK;
}

static tnm_status invoke_dus(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_nd_dims d;
    int32_t i;
    (void)err;
    memset(&d, 0, sizeof d);
    d.rank = L->in[0].rank;
    for (i = 0; i < d.rank; i++) d.dims[i] = L->in[0].dims[i];
    return tnm_dynamic_update_slice(&d, L->in[1].dims, tnm_element_size(L->in[0].type),
                                    TNM_INPUT_DATA(L, arena, &L->in[0]), TNM_INPUT_DATA(L, arena, &L->in[1]),
                                    TNM_INPUT_DATA(L, arena, &L->in[2]), arena + L->out.offset);
}

const tnm_op_module tnm_module_DYNAMIC_UPDATE_SLICE = {check_dus, invoke_dus, 0, 7u, 0, TNM_MODULE_RANK6};
