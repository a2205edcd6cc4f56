/* ARG_MAX, ARG_MIN: int8 in, int32 indices out (the only pair TFLM's int8 kernel has);
 * param: the axis, resolved to 0 .. rank-1 by the compiler. The output drops that axis. */
#include "../runtime/tnm_runtime_internal.h"

static tnm_status check_arg(tnm_layer_view *L, tnm_error *err)
{
    const int32_t axis = L->params[0], rank = L->in[0].rank;
    tnm_status st;
    if (L->in[0].type != TNM_TYPE_INT8)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, L->in[0].type, TNM_TYPE_INT8);
    if (L->out.type != TNM_TYPE_INT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, L->out.type, TNM_TYPE_INT32);
    if (rank < 1) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, rank, 1); /* (rank, 1) */
    if ((st = tnm_check_range(axis, 0, rank - 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 0), L->index, err)) != TNM_OK)
        return st;
    /* the output holds every element but the axis' (its shape is the compiler's) */
    if (L->out.elements != L->in[0].elements / L->in[0].dims[axis])
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, L->out.elements,
                        L->in[0].elements / L->in[0].dims[axis]);
    return TNM_OK;
}

static tnm_status invoke_arg(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_nd_dims in;
    int32_t i;
    int32_t *out = (int32_t *)(void *)(arena + L->out.offset);
    (void)err;
    in.rank = L->in[0].rank;
    for (i = 0; i < in.rank; i++) in.dims[i] = L->in[0].dims[i];
    if (L->op == TNM_OP_ARG_MIN)
        return tnm_arg_min_s8(L->params[0], &in, TNM_ARENA_S8(arena, &L->in[0]), L->out.elements, out);
    return tnm_arg_max_s8(L->params[0], &in, TNM_ARENA_S8(arena, &L->in[0]), L->out.elements, out);
}

const tnm_op_module tnm_module_ARG_MAX = {check_arg, invoke_arg, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_ARG_MIN = {check_arg, invoke_arg, 0, 0, 0, TNM_MODULE_RANK6};
