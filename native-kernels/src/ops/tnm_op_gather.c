/* GATHER: int8 input (an activation or a constant table in the blob), int32 positions (an
 * activation or a constant); params axis and batch_dims, resolved to non-negative by the
 * compiler. The output keeps the input's quantization. Constant positions are checked once
 * here; positions in the arena at each invoke (an index from a model input), before any
 * byte is copied. */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

static void gather_dims(const tnm_layer_view *L, tnm_gather_dims *d)
{
    const tnm_tensor_view *in = &L->in[0], *pos = &L->in[1];
    const int32_t axis = L->params[0], batch_dims = L->params[1];
    int32_t i;
    d->batch = d->outer = d->inner = d->coords = 1;
    for (i = 0; i < batch_dims; i++) d->batch *= in->dims[i];
    for (i = batch_dims; i < axis; i++) d->outer *= in->dims[i];
    for (i = axis + 1; i < in->rank; i++) d->inner *= in->dims[i];
    for (i = batch_dims; i < pos->rank; i++) d->coords *= pos->dims[i];
    d->axis_size = in->dims[axis];
}

static tnm_status position_error(const tnm_layer_view *L, const tnm_gather_dims *d, const int32_t *positions,
                                 tnm_error *err)
{
    const int32_t bad = tnm_gather_first_bad_position(d, positions);
    return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_POSITION, L->index, bad >= 0 ? positions[bad] : -1,
                    d->axis_size);
}

static tnm_status check_gather(tnm_layer_view *L, tnm_error *err)
{
    const tnm_tensor_view *in = &L->in[0], *pos = &L->in[1];
    const int32_t axis = L->params[0], batch_dims = L->params[1];
    tnm_gather_dims d;
    int64_t expected;
    int32_t i;
    tnm_status st;
    if (in->type != TNM_TYPE_INT8)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, in->type, TNM_TYPE_INT8);
    if (pos->type != TNM_TYPE_INT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, pos->type, TNM_TYPE_INT32);
    if ((st = tnm_check_same_quant(L, in, L->input_ix[0], err)) != TNM_OK) return st;
    if (in->rank < 1) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, in->rank, 1);
    if ((st = tnm_check_range(axis, 0, in->rank - 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 0), L->index, err)) != TNM_OK)
        return st;
    /* TFLM: 0 <= batch_dims <= axis, batch_dims <= rank(positions), leading dims equal */
    if ((st = tnm_check_range(batch_dims, 0, axis < pos->rank ? axis : pos->rank, TNM_ERR_FORMAT,
                              TNM_FIELD_PARAM(L->op, 1), L->index, err)) != TNM_OK)
        return st;
    for (i = 0; i < batch_dims; i++) {
        if (pos->dims[i] != in->dims[i])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, pos->dims[i], in->dims[i]);
    }
    gather_dims(L, &d);
    expected = (int64_t)d.batch * d.outer * d.coords * d.inner;
    if ((int64_t)L->out.elements != expected)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, L->out.elements, tnm_count_i32(expected));
    if (pos->flags == TNM_TENSOR_CONSTANT &&
        tnm_gather_first_bad_position(&d, (const int32_t *)(const void *)(L->blob + pos->offset)) >= 0)
        return position_error(L, &d, (const int32_t *)(const void *)(L->blob + pos->offset), err);
    return TNM_OK;
}

static tnm_status invoke_gather(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *positions = (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[1]);
    tnm_gather_dims d;
    tnm_status st;
    gather_dims(L, &d);
    st = tnm_gather(&d, 1, TNM_INPUT_DATA(L, arena, &L->in[0]), positions, arena + L->out.offset);
    if (st != TNM_OK) return position_error(L, &d, positions, err); /* the only one a checked layer can meet */
    return TNM_OK;
}

const tnm_op_module tnm_module_GATHER = {check_gather, invoke_gather, 0, 3u, 0,
                                         TNM_MODULE_RANK6 | TNM_MODULE_OWN_ERRORS};
