/* DEPTH_TO_SPACE, SPACE_TO_DEPTH: int8 NHWC in and out with one quantization; param
 * block_size >= 1. The depth side's channels are block_size^2 times the space side's. */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

static tnm_status check_depth_space(tnm_layer_view *L, tnm_error *err)
{
    const int to_space = L->op == TNM_OP_DEPTH_TO_SPACE;
    const tnm_dims *depth = to_space ? &L->in[0].nhwc : &L->out.nhwc;
    const tnm_dims *space = to_space ? &L->out.nhwc : &L->in[0].nhwc;
    const int32_t block = L->params[0];
    int64_t bb;
    tnm_status st = tnm_check_int8_io(L, err);
    if (st != TNM_OK) return st;
    if ((st = tnm_check_same_quant(L, &L->in[0], L->input_ix[0], err)) != TNM_OK) return st;
    if (L->in[0].rank != 4 || L->out.rank != 4)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, L->in[0].rank != 4 ? L->in[0].rank : L->out.rank, 4);
    /* the block fits the space side (so block^2 <= its h * w, no overflow) */
    if ((st = tnm_check_range(block, 1, space->h < space->w ? space->h : space->w, TNM_ERR_FORMAT,
                              TNM_FIELD_PARAM(L->op, 0), L->index, err)) != TNM_OK)
        return st;
    bb = (int64_t)block * block;
    if (space->n != depth->n || (int64_t)depth->h * block != space->h || (int64_t)depth->w * block != space->w ||
        (int64_t)space->c * bb != depth->c)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, L->out.elements, L->in[0].elements);
    return TNM_OK;
}

static tnm_status invoke_depth_space(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int to_space = L->op == TNM_OP_DEPTH_TO_SPACE;
    (void)err;
    return tnm_depth_space(to_space, 1, L->params[0], to_space ? &L->in[0].nhwc : &L->out.nhwc,
                           arena + L->in[0].offset, arena + L->out.offset);
}

const tnm_op_module tnm_module_DEPTH_TO_SPACE = {check_depth_space, invoke_depth_space, 0, 0, 0, 0};
const tnm_op_module tnm_module_SPACE_TO_DEPTH = {check_depth_space, invoke_depth_space, 0, 0, 0, 0};
