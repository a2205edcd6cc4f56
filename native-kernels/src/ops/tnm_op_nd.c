/* PAD, PADV2, MIRROR_PAD, TRANSPOSE, MEAN, SUM, REDUCE_MAX, REDUCE_MIN (N-D kernels of
 * tnm_kernels.h, tnm_nd_dims), RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR. The compiler folds
 * TFLite's constant operands (paddings, perm, axis, size) into the parameter block; `count`
 * words are the input rank. */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"

static void nd_dims(const tnm_tensor_view *t, tnm_nd_dims *d)
{
    int32_t i;
    memset(d, 0, sizeof *d);
    d->rank = t->rank < 1 ? 1 : t->rank;
    for (i = 0; i < TNM_ND_MAX_RANK; i++) d->dims[i] = t->dims[i];
}

/* `count` (param k) must be the input rank (1..5) and the block 1 + k + per * count words.
 * Errors: (count, rank) naming the param; (words, expected) the param count. */
static tnm_status check_count(const tnm_layer_view *L, uint32_t k, int32_t per, tnm_error *err)
{
    const int32_t count = L->params[k], rank = L->in[0].rank;
    if (rank < 1) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_TENSOR_RANK, (int32_t)L->input_ix[0], rank, 1);
    if (count != rank) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, k), L->index, count, rank);
    if (L->param_count != (uint32_t)(k + 1 + (uint32_t)(per * count)))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, L->index, (int32_t)L->param_count,
                        (int32_t)(k + 1 + (uint32_t)(per * count)));
    if (L->out.rank != rank)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, L->out.rank, rank);
    return TNM_OK;
}

/* ---- PAD, PADV2: pad_value, count, before[count], after[count] ---- */

static tnm_status check_pad(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params, ix = L->index;
    const int int16 = L->in[0].type == TNM_TYPE_INT16;
    int32_t i, count;
    tnm_status st = int16 ? tnm_check_same_quant(L, &L->in[0], L->input_ix[0], err) : tnm_check_int8_io(L, err);
    if (st != TNM_OK) return st;
    if ((st = check_count(L, 1, 2, err)) != TNM_OK) return st;
    count = p[1];
    /* TFLM pads int8 with the output zero point (PAD), int16 with 0 (PAD), either with the
     * constant value (PADV2) */
    if (L->op == TNM_OP_PAD && p[0] != (int16 ? 0 : L->out.zero_point))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, ix, p[0], int16 ? 0 : L->out.zero_point);
    if ((st = tnm_check_range(p[0], int16 ? -32768 : -128, int16 ? 32767 : 127, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 0),
                              ix, err)) != TNM_OK)
        return st;
    for (i = 0; i < count; i++) {
        const int32_t before = p[2 + i], after = p[2 + count + i];
        if ((st = tnm_check_range(before, 0, 65535, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 2 + i), ix, err)) != TNM_OK)
            return st;
        if ((st = tnm_check_range(after, 0, 65535, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 2 + count + i), ix, err)) != TNM_OK)
            return st;
        if (L->out.dims[i] != L->in[0].dims[i] + before + after)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.dims[i],
                            L->in[0].dims[i] + before + after);
    }
    return TNM_OK;
}

/* PAD's and MIRROR_PAD's words 1.. (count, before[count], after[count]) as the kernel's struct;
 * pad_value from word 0. */
static void pad_params_of(const tnm_layer_view *L, tnm_pad_params *pp)
{
    const int32_t *p = L->params, count = p[1];
    int32_t i;
    memset(pp, 0, sizeof *pp);
    pp->pad_value = p[0];
    for (i = 0; i < count; i++) {
        pp->before[i] = p[2 + i];
        pp->after[i] = p[2 + count + i];
    }
}

static tnm_status invoke_pad(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_pad_params pp;
    tnm_nd_dims in, out;
    (void)err;
    pad_params_of(L, &pp);
    nd_dims(&L->in[0], &in);
    nd_dims(&L->out, &out);
    if (L->in[0].type == TNM_TYPE_INT16)
        return tnm_pad_s16(&pp, &in, (const int16_t *)(const void *)(arena + L->in[0].offset), &out,
                           (int16_t *)(void *)(arena + L->out.offset));
    return tnm_pad_s8(&pp, &in, TNM_ARENA_S8(arena, &L->in[0]), &out, TNM_ARENA_S8(arena, &L->out));
}

/* ---- TRANSPOSE: count, perm[count]; any type ---- */

static tnm_status check_transpose(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params, ix = L->index;
    int32_t i, seen = 0, count;
    tnm_status st = check_count(L, 0, 1, err);
    if (st != TNM_OK) return st;
    if (L->out.type != L->in[0].type)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, L->out.type, L->in[0].type);
    count = p[0];
    for (i = 0; i < count; i++) {
        const int32_t axis = p[1 + i];
        /* a permutation of 0 .. count-1: (axis, count - 1) */
        if (axis < 0 || axis >= count || ((seen >> axis) & 1))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 1 + i), ix, axis, count - 1);
        seen |= 1 << axis;
        if (L->out.dims[i] != L->in[0].dims[axis])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.dims[i], L->in[0].dims[axis]);
    }
    return TNM_OK;
}

static tnm_status invoke_transpose(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_transpose_params tp;
    tnm_nd_dims in, out;
    int32_t i;
    (void)err;
    memset(&tp, 0, sizeof tp);
    for (i = 0; i < L->params[0]; i++) tp.perm[i] = L->params[1 + i];
    nd_dims(&L->in[0], &in);
    nd_dims(&L->out, &out);
    return tnm_transpose(&tp, tnm_element_size(L->in[0].type), &in, TNM_INPUT_DATA(L, arena, &L->in[0]), &out,
                         arena + L->out.offset);
}

/* ---- MIRROR_PAD: mode (0 REFLECT, 1 SYMMETRIC), count, before[count], after[count] ---- */

static tnm_status check_mirror_pad(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params, ix = L->index;
    int32_t i, count;
    tnm_status st = tnm_check_int8_io(L, err);
    if (st != TNM_OK) return st;
    if ((st = tnm_check_same_quant(L, &L->in[0], L->input_ix[0], err)) != TNM_OK) return st;
    if ((st = tnm_check_range(p[0], 0, 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 0), ix, err)) != TNM_OK) return st;
    if ((st = check_count(L, 1, 2, err)) != TNM_OK) return st;
    count = p[1];
    for (i = 0; i < count; i++) {
        /* one reflection: at most n - 1 (REFLECT) or n (SYMMETRIC) elements a side */
        const int32_t n = L->in[0].dims[i], lim = p[0] ? n : n - 1, before = p[2 + i], after = p[2 + count + i];
        if ((st = tnm_check_range(before, 0, lim, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 2 + i), ix, err)) != TNM_OK)
            return st;
        if ((st = tnm_check_range(after, 0, lim, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 2 + count + i), ix, err)) != TNM_OK)
            return st;
        if (L->out.dims[i] != n + before + after)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.dims[i], n + before + after);
    }
    return TNM_OK;
}

static tnm_status invoke_mirror_pad(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_pad_params pp;
    tnm_nd_dims in, out;
    (void)err;
    pad_params_of(L, &pp); /* its word 0 is the mode, passed on its own */
    nd_dims(&L->in[0], &in);
    nd_dims(&L->out, &out);
    return tnm_mirror_pad_s8(L->params[0], &pp, &in, TNM_ARENA_S8(arena, &L->in[0]), &out, TNM_ARENA_S8(arena, &L->out));
}

/* ---- MEAN, SUM: axis_mask, input_zero_point, output_zero_point, multiplier, shift ---- */

static const tnm_rule k_rules_reduce[] = {
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LW(in[0].zero_point)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(2), LW(out.zero_point)),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(3), LK(K_0), LK(K_MAX)), R_SHIFT(4, K_M31, K_30), R_END_};

/* Param 0, the axis mask of the input's rank, and an output of the kept dims' elements
 * (keep_dims only changes its shape). */
static tnm_status check_axis_mask(const tnm_layer_view *L, tnm_error *err)
{
    const int32_t mask = L->params[0], rank = L->in[0].rank < 1 ? 1 : L->in[0].rank;
    int64_t kept = 1;
    int32_t i;
    tnm_status st;
    if ((st = tnm_check_range(mask, 0, (1 << rank) - 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 0), L->index, err)) != TNM_OK)
        return st;
    for (i = 0; i < rank; i++) {
        if (!((mask >> i) & 1)) kept *= L->in[0].dims[i];
    }
    if ((int64_t)L->out.elements != kept)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, L->out.elements, tnm_count_i32(kept));
    return TNM_OK;
}

/* int16 in and out (TFLM's int16 MEAN and SUM) */
static const tnm_rule k_rules_types16[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT16), R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT16), R_END_};

static tnm_status check_reduce(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st = L->in[0].type == TNM_TYPE_INT16 ? tnm_run_rules(k_rules_types16, L, err) : tnm_check_int8_io(L, err);
    if (st != TNM_OK) return st;
    if ((st = tnm_run_rules(k_rules_reduce, L, err)) != TNM_OK) return st;
    return check_axis_mask(L, err);
}

static tnm_status invoke_reduce(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_reduce_params rp;
    tnm_nd_dims in;
    (void)err;
    rp.axis_mask = p[0];
    rp.input_zero_point = p[1];
    rp.output_zero_point = p[2];
    rp.multiplier = p[3];
    rp.shift = p[4];
    nd_dims(&L->in[0], &in);
    if (L->in[0].type == TNM_TYPE_INT16) {
        const int16_t *src = (const int16_t *)(const void *)(arena + L->in[0].offset);
        int16_t *dst = (int16_t *)(void *)(arena + L->out.offset);
        return L->op == TNM_OP_SUM ? tnm_sum_s16(&rp, &in, src, L->out.elements, dst)
                                   : tnm_mean_s16(&rp, &in, src, L->out.elements, dst);
    }
    if (L->op == TNM_OP_SUM)
        return tnm_sum_s8(&rp, &in, TNM_ARENA_S8(arena, &L->in[0]), L->out.elements, TNM_ARENA_S8(arena, &L->out));
    return tnm_mean_s8(&rp, &in, TNM_ARENA_S8(arena, &L->in[0]), L->out.elements, TNM_ARENA_S8(arena, &L->out));
}

/* ---- REDUCE_MAX, REDUCE_MIN: axis_mask; the output keeps the input's scale and zero point ---- */

static tnm_status check_reduce_extreme(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st = tnm_check_int8_io(L, err);
    if (st != TNM_OK) return st;
    /* TFLM compares raw bytes and requires equal scales and zero points */
    if ((st = tnm_check_same_quant(L, &L->in[0], L->input_ix[0], err)) != TNM_OK) return st;
    return check_axis_mask(L, err);
}

static tnm_status invoke_reduce_extreme(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_nd_dims in;
    (void)err;
    nd_dims(&L->in[0], &in);
    if (L->op == TNM_OP_REDUCE_MIN)
        return tnm_reduce_min_s8(L->params[0], &in, TNM_ARENA_S8(arena, &L->in[0]), L->out.elements,
                                 TNM_ARENA_S8(arena, &L->out));
    return tnm_reduce_max_s8(L->params[0], &in, TNM_ARENA_S8(arena, &L->in[0]), L->out.elements,
                             TNM_ARENA_S8(arena, &L->out));
}

/* ---- RESIZE_NEAREST_NEIGHBOR: align_corners, half_pixel_centers; int8 NHWC ---- */

static const tnm_rule k_rules_resize[] = {
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(in[0].rank), LK(K_4)), R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.rank), LK(K_4)),
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.n), LW(in[0].nhwc.n)),
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LW(in[0].nhwc.c)), R_END_};

static tnm_status check_resize(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_status st = tnm_check_int8_io(L, err);
    int32_t k;
    if (st != TNM_OK) return st;
    if ((st = tnm_run_rules(k_rules_resize, L, err)) != TNM_OK) return st;
    for (k = 0; k < 2; k++) {
        if ((st = tnm_check_range(p[k], 0, 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, k), L->index, err)) != TNM_OK)
            return st;
    }
    return TNM_OK;
}

static tnm_status invoke_resize(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_resize_params rp;
    (void)err;
    rp.align_corners = L->params[0];
    rp.half_pixel_centers = L->params[1];
    if (L->op == TNM_OP_RESIZE_BILINEAR)
        return tnm_resize_bilinear_s8(&rp, &L->in[0].nhwc, TNM_ARENA_S8(arena, &L->in[0]), &L->out.nhwc,
                                      TNM_ARENA_S8(arena, &L->out));
    return tnm_resize_nearest_s8(&rp, &L->in[0].nhwc, TNM_ARENA_S8(arena, &L->in[0]), &L->out.nhwc,
                                 TNM_ARENA_S8(arena, &L->out));
}

/* RESIZE_BILINEAR: as RESIZE_NEAREST_NEIGHBOR, plus TFLM's refusal of both flags together,
 * the same quantization in and out, and sizes below 2^20 (positions in 1/1024 of a pixel). */
static tnm_status check_resize_bilinear(tnm_layer_view *L, tnm_error *err)
{
    const tnm_dims *in = &L->in[0].nhwc, *out = &L->out.nhwc;
    tnm_status st = check_resize(L, err);
    if (st != TNM_OK) return st;
    if ((st = tnm_check_same_quant(L, &L->in[0], L->input_ix[0], err)) != TNM_OK) return st;
    if (L->params[0] && L->params[1])
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 1), L->index, 1, 0); /* (1, 0): must be 0 */
    if (in->h >= (1 << 20) || in->w >= (1 << 20) || out->h >= (1 << 20) || out->w >= (1 << 20))
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_SHAPE, L->index,
                        out->h > out->w ? out->h : out->w, (1 << 20) - 1);
    return TNM_OK;
}

const tnm_op_module tnm_module_PAD = {check_pad, invoke_pad, 0, 0, 0, TNM_MODULE_RANK5};
const tnm_op_module tnm_module_PADV2 = {check_pad, invoke_pad, 0, 0, 0, TNM_MODULE_RANK5};
const tnm_op_module tnm_module_MIRROR_PAD = {check_mirror_pad, invoke_mirror_pad, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_TRANSPOSE = {check_transpose, invoke_transpose, 0, 1u, 0, TNM_MODULE_RANK5};
const tnm_op_module tnm_module_MEAN = {check_reduce, invoke_reduce, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_SUM = {check_reduce, invoke_reduce, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_REDUCE_MAX = {check_reduce_extreme, invoke_reduce_extreme, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_REDUCE_MIN = {check_reduce_extreme, invoke_reduce_extreme, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_RESIZE_NEAREST_NEIGHBOR = {check_resize, invoke_resize, 0, 0, 0, 0};
const tnm_op_module tnm_module_RESIZE_BILINEAR = {check_resize_bilinear, invoke_resize, 0, 0, 0, 0};
