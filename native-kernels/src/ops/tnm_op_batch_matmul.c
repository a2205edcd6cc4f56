/* BATCH_MATMUL (TFLM batch_matmul.cc): lhs and rhs of rank 2 to 5, int8 (any zero points) or
 * int16 (zero points 0, as TFLM requires), each an activation or a constant read from the blob
 * where it lies; the output of the same type with rank max(lhs, rhs), the broadcast batch dims
 * (each pair equal or one of them 1) and [rows, cols]. Params: lhs_offset, rhs_offset (-zero
 * points), output_offset, output_multiplier/output_shift (TFLM's
 * GetQuantizedConvolutionMultipler: lhs scale * rhs scale in float, over the output scale in
 * double), adj_x, adj_y (0 or 1). */
#include "../runtime/tnm_runtime_internal.h"

static const tnm_rule k_rules_bmm[] = {
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN2_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(2), LW(out.zero_point)), R_MULTIPLIER(3), R_SHIFT(4, K_M31, K_30), R_END_};

/* Batch dim i of 3 of a tensor of rank >= 2: its rank - 2 batch dims right-aligned, 1 in front. */
static int32_t batch_dim(const tnm_tensor_view *t, int32_t i)
{
    const int32_t at = i - (5 - t->rank);
    return at >= 0 ? t->dims[at] : 1;
}

/* The kernel's dims (ranks >= 2 and adj_x, adj_y in {0, 1} checked first). */
static void bmm_dims(const tnm_layer_view *L, tnm_batch_matmul_dims *d)
{
    const tnm_tensor_view *a = &L->in[0], *b = &L->in[1];
    int32_t i;
    d->adj_x = L->params[5];
    d->adj_y = L->params[6];
    for (i = 0; i < 3; i++) {
        d->lhs_batch[i] = batch_dim(a, i);
        d->rhs_batch[i] = batch_dim(b, i);
    }
    d->rows = a->dims[a->rank - (d->adj_x ? 1 : 2)];
    d->depth = a->dims[a->rank - (d->adj_x ? 2 : 1)];
    d->cols = b->dims[b->rank - (d->adj_y ? 2 : 1)];
}

/* int16: every zero point 0 (TFLM's TF_LITE_ENSURE_EQ), TFLite's int64 requantization (shift
 * at most 14: its total shift 15 - shift stays positive), the int64 sum inside TFLite's bound. */
static tnm_status check_int16(const tnm_layer_view *L, int32_t depth, tnm_error *err)
{
    int32_t k;
    tnm_status st;
    for (k = 0; k < 2; k++) {
        if (L->in[k].zero_point != 0)
            return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)L->input_ix[k],
                            L->in[k].zero_point, 0);
    }
    if (L->out.zero_point != 0)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)L->output_ix,
                        L->out.zero_point, 0);
    if ((st = tnm_check_range(L->params[4], -31, 14, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_SHIFT, L->index, err)) !=
        TNM_OK)
        return st;
    if (depth > TNM_BATCH_MATMUL_S16_MAX_DEPTH)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_SHAPE, L->index, depth,
                        TNM_BATCH_MATMUL_S16_MAX_DEPTH);
    return TNM_OK;
}

static tnm_status check_bmm(tnm_layer_view *L, tnm_error *err)
{
    const tnm_tensor_view *a = &L->in[0], *b = &L->in[1], *o = &L->out;
    const int32_t ix = L->index, op = L->op;
    tnm_batch_matmul_dims d;
    int32_t i, rank, rhs_depth;
    tnm_status st;
    if (L->hdr->trusted) goto derive; /* validation only: done by tnm_model_check */
    if (a->type != TNM_TYPE_INT8 && a->type != TNM_TYPE_INT16)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, a->type, TNM_TYPE_INT8);
    if (b->type != a->type) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, b->type, a->type);
    if (o->type != a->type) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, o->type, a->type);
    /* ranks 2..5 (the module's TNM_MODULE_RANK5 bounds them above); the output's is the larger */
    if (a->rank < 2) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, a->rank, 2);
    if (b->rank < 2) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, b->rank, 2);
    rank = a->rank > b->rank ? a->rank : b->rank;
    if (o->rank != rank) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, o->rank, rank);
    if ((st = tnm_check_range(L->params[5], 0, 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(op, 5), ix, err)) != TNM_OK)
        return st;
    if ((st = tnm_check_range(L->params[6], 0, 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(op, 6), ix, err)) != TNM_OK)
        return st;
    bmm_dims(L, &d);
    /* the contraction: lhs's depth is rhs's */
    rhs_depth = b->dims[b->rank - (d.adj_y ? 1 : 2)];
    if (rhs_depth != d.depth) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, rhs_depth, d.depth);
    /* batch dims: equal or one of them 1; the output has the other */
    for (i = 0; i < 3; i++) {
        const int32_t l = d.lhs_batch[i], r = d.rhs_batch[i], want = l == 1 ? r : l;
        if (l != r && l != 1 && r != 1) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, r, l);
        if (batch_dim(o, i) != want) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, batch_dim(o, i), want);
    }
    if (o->dims[rank - 2] != d.rows) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, o->dims[rank - 2], d.rows);
    if (o->dims[rank - 1] != d.cols) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, o->dims[rank - 1], d.cols);
    if ((st = tnm_run_rules(k_rules_bmm, L, err)) != TNM_OK) return st;
    if (a->type == TNM_TYPE_INT16 && (st = check_int16(L, d.depth, err)) != TNM_OK) return st;
derive:
    bmm_dims(L, &d);
    L->macs = (int64_t)L->out.elements * d.depth;
    return TNM_OK;
}

static tnm_status invoke_bmm(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_batch_matmul_dims d;
    tnm_batch_matmul_params p;
    const void *lhs = TNM_INPUT_DATA(L, arena, &L->in[0]), *rhs = TNM_INPUT_DATA(L, arena, &L->in[1]);
    void *out = arena + L->out.offset;
    (void)err;
    bmm_dims(L, &d);
    p.lhs_offset = L->params[0];
    p.rhs_offset = L->params[1];
    p.output_offset = L->params[2];
    p.output_multiplier = L->params[3];
    p.output_shift = L->params[4];
    if (L->out.type == TNM_TYPE_INT16)
        return tnm_batch_matmul_s16(&p, &d, (const int16_t *)lhs, (const int16_t *)rhs, (int16_t *)out);
    return tnm_batch_matmul_s8(&p, &d, (const int8_t *)lhs, (const int8_t *)rhs, (int8_t *)out);
}

const tnm_op_module tnm_module_BATCH_MATMUL = {check_bmm, invoke_bmm, 0, 3u, 0, TNM_MODULE_RANK5};
