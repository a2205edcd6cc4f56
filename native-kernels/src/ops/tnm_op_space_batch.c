/* SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND: int8, 3-D (NHC, treated as NH1C) or 4-D NHWC, one
 * quantization in and out. Params: the block (h, w) and the padding or crop before the
 * first row and column; what comes after them follows from the shapes. SPACE_TO_BATCH_ND
 * also has its pad value: the compiler writes TFLM's, 0 (TFLM never sets it; TFLite pads
 * with the zero point). */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

static void nhwc(const tnm_tensor_view *t, tnm_dims *d)
{
    d->n = t->dims[0];
    d->h = t->dims[1];
    d->w = t->rank == 4 ? t->dims[2] : 1;
    d->c = t->dims[t->rank - 1];
}

static void params_of(const tnm_layer_view *L, tnm_space_batch_params *p)
{
    p->block_h = L->params[0];
    p->block_w = L->params[1];
    p->top = L->params[2];
    p->left = L->params[3];
    p->pad_value = L->op == TNM_OP_SPACE_TO_BATCH_ND ? L->params[4] : 0;
}

static tnm_status check_space_batch(tnm_layer_view *L, tnm_error *err)
{
    const int to_batch = L->op == TNM_OP_SPACE_TO_BATCH_ND;
    const int32_t rank = L->in[0].rank;
    tnm_space_batch_params p;
    tnm_dims in, out, space, batch;
    int32_t k;
    tnm_status st = tnm_check_int8_io(L, err);
    if (st != TNM_OK) return st;
    if ((st = tnm_check_same_quant(L, &L->in[0], L->input_ix[0], err)) != TNM_OK) return st;
    if ((rank != 3 && rank != 4) || L->out.rank != rank)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, L->out.rank != rank ? L->out.rank : rank, 4);
    params_of(L, &p);
    /* blocks >= 1 (width 1 and no left padding for NHC), offsets >= 0, the pad value a byte */
    for (k = 0; k < 2; k++) {
        if ((st = tnm_check_range(L->params[k], 1, k == 1 && rank == 3 ? 1 : INT32_MAX, TNM_ERR_FORMAT,
                                  TNM_FIELD_PARAM(L->op, k), L->index, err)) != TNM_OK)
            return st;
    }
    for (k = 2; k < 4; k++) {
        if ((st = tnm_check_range(L->params[k], 0, k == 3 && rank == 3 ? 0 : INT32_MAX, TNM_ERR_FORMAT,
                                  TNM_FIELD_PARAM(L->op, k), L->index, err)) != TNM_OK)
            return st;
    }
    if (to_batch && (st = tnm_check_range(p.pad_value, -128, 127, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 4),
                                          L->index, err)) != TNM_OK)
        return st;
    nhwc(&L->in[0], &in);
    nhwc(&L->out, &out);
    space = to_batch ? in : out;
    batch = to_batch ? out : in;
    /* TFLite's shapes: batch n = space n * blocks; the block side covers the space side plus
     * the padding (or the crops) after it, which must not be negative */
    if ((int64_t)space.n * p.block_h * p.block_w != batch.n || space.c != batch.c ||
        (int64_t)batch.h * p.block_h < (int64_t)space.h + p.top || (int64_t)batch.w * p.block_w < (int64_t)space.w + p.left)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, L->out.elements, L->in[0].elements);
    return TNM_OK;
}

static tnm_status invoke_space_batch(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_space_batch_params p;
    tnm_dims in, out;
    (void)err;
    params_of(L, &p);
    nhwc(&L->in[0], &in);
    nhwc(&L->out, &out);
    if (L->op == TNM_OP_SPACE_TO_BATCH_ND)
        return tnm_space_to_batch_s8(&p, &in, TNM_ARENA_S8(arena, &L->in[0]), &out, TNM_ARENA_S8(arena, &L->out));
    return tnm_batch_to_space_s8(&p, &in, TNM_ARENA_S8(arena, &L->in[0]), &out, TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_SPACE_TO_BATCH_ND = {check_space_batch, invoke_space_batch, 0, 0, 0, 0};
const tnm_op_module tnm_module_BATCH_TO_SPACE_ND = {check_space_batch, invoke_space_batch, 0, 0, 0, 0};
