/* DIV (int8, int32), COMPARISON (EQUAL .. GREATER_EQUAL over int8 or int32, bool out) and
 * SELECT_V2 (a bool condition, int8 or int16 x and y): N-D broadcast to rank 6 (every input dim
 * equal to the output's or 1, right-aligned), any input a constant. The kernels take the 6-D
 * view of each tensor (leading 1s: the same elements in the same order).
 * DIV refuses at run time, before writing anything, a divisor read from the model's data that
 * stands for 0, and int32's INT32_MIN / -1 (TNM_FIELD_LAYER_DIVISOR): TFLM's division is
 * undefined there; a constant divisor is checked here once. */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"

/* A tensor's dims right-aligned into rank 6. */
static void dims6(const tnm_tensor_view *t, tnm_nd_dims *d)
{
    d->rank = 6;
    d->dims[0] = t->outer[0];
    d->dims[1] = t->outer[1];
    d->dims[2] = t->nhwc.n;
    d->dims[3] = t->nhwc.h;
    d->dims[4] = t->nhwc.w;
    d->dims[5] = t->nhwc.c;
}

/* The output is the broadcast of the first n inputs: each dim the inputs' one that is not 1
 * (all equal), else 1. Errors (dim, expected) name the layer's shape. */
static tnm_status check_broadcast(const tnm_layer_view *L, int32_t n, tnm_error *err)
{
    tnm_nd_dims in[3], out;
    int32_t i, k;
    dims6(&L->out, &out);
    for (k = 0; k < n; k++) dims6(&L->in[k], &in[k]);
    for (i = 0; i < 6; i++) {
        int32_t want = 1;
        for (k = 0; k < n; k++) {
            const int32_t d = in[k].dims[i];
            if (d == 1) continue;
            if (want != 1 && d != want) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, d, want);
            want = d;
        }
        if (out.dims[i] != want)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, out.dims[i], want);
    }
    return TNM_OK;
}

/* Every word from k on is 0 (the int32 forms, which use none of them). */
static tnm_status check_zero_words(const tnm_layer_view *L, int32_t from, int32_t to, tnm_error *err)
{
    int32_t k;
    tnm_status st;
    for (k = from; k < to; k++) {
        if ((st = tnm_check_range(L->params[k], 0, 0, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, k), L->index, err)) !=
            TNM_OK)
            return st;
    }
    return TNM_OK;
}

static tnm_status check_types(const tnm_layer_view *L, int32_t first, int32_t type, tnm_error *err)
{
    int32_t k;
    for (k = first; k < (int32_t)L->input_count; k++) {
        if (L->in[k].type != type)
            return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, L->in[k].type, type);
    }
    return TNM_OK;
}

/* ---- DIV ---- */

/* input1_offset, input2_offset (-zero points), output_offset, output_multiplier, output_shift
 * (checked in code), act_min, act_max */
static const tnm_rule k_rules_div8[] = {
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)), R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN2_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(2), LW(out.zero_point)), R_MULTIPLIER(3), R_ACTIVATION, R_END_};

static void div_params(const tnm_layer_view *L, tnm_div_params *p)
{
    p->input1_offset = L->params[0];
    p->input2_offset = L->params[1];
    p->output_offset = L->params[2];
    p->output_multiplier = L->params[3];
    p->output_shift = L->params[4];
    p->act_min = L->params[5];
    p->act_max = L->params[6];
}

static tnm_status divisor_error(const tnm_layer_view *L, int32_t dividend, int32_t divisor, tnm_error *err)
{
    if (L->out.type == TNM_TYPE_INT32 && divisor == -1)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_DIVISOR, L->index, divisor, dividend);
    return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_DIVISOR, L->index, divisor,
                    L->out.type == TNM_TYPE_INT32 ? 0 : L->in[1].zero_point);
}

/* The first undefined quotient of the layer's data (NULL data: the arena's), or -1. */
static int32_t div_undefined(const tnm_layer_view *L, const uint8_t *arena, int32_t *dividend, int32_t *divisor)
{
    tnm_nd_dims a, b, o;
    tnm_div_params p;
    div_params(L, &p);
    dims6(&L->in[0], &a);
    dims6(&L->in[1], &b);
    dims6(&L->out, &o);
    return tnm_div_first_undefined(L->out.type == TNM_TYPE_INT32 ? 4 : 1, &p, &a, TNM_INPUT_DATA(L, arena, &L->in[0]),
                                   &b, TNM_INPUT_DATA(L, arena, &L->in[1]), &o, dividend, divisor);
}

static tnm_status check_div(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    int32_t dividend, divisor;
    const int32_t type = L->out.type;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if (type != TNM_TYPE_INT8 && type != TNM_TYPE_INT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, type, TNM_TYPE_INT8);
    if ((st = check_types(L, 0, type, err)) != TNM_OK) return st;
    if ((st = check_broadcast(L, 2, err)) != TNM_OK) return st;
    if (type == TNM_TYPE_INT32) {
        if ((st = check_zero_words(L, 0, 5, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(L->params[6], L->params[5], INT32_MAX, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION,
                                  L->index, err)) != TNM_OK)
            return st;
    } else {
        L->win.act_min = L->params[5]; /* the activation rule's operands */
        L->win.act_max = L->params[6];
        if ((st = tnm_run_rules(k_rules_div8, L, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(L->params[4], -31, TNM_DIV_MAX_SHIFT, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHIFT, L->index,
                                  err)) != TNM_OK)
            return st;
    }
    /* a constant divisor is checked once: int8 for its zero point, int32 for 0 (and INT32_MIN / -1
     * when the dividend is a constant too) */
    if (L->in[1].flags != TNM_TENSOR_CONSTANT) return TNM_OK;
    if (L->in[0].flags == TNM_TENSOR_CONSTANT) {
        if (div_undefined(L, NULL, &dividend, &divisor) >= 0) return divisor_error(L, dividend, divisor, err);
        return TNM_OK;
    }
    {
        const uint8_t *d = L->blob + L->in[1].offset;
        int32_t i;
        for (i = 0; i < L->in[1].elements; i++) {
            divisor = type == TNM_TYPE_INT32 ? ((const int32_t *)(const void *)d)[i] : (int32_t)((const int8_t *)d)[i];
            if (divisor == (type == TNM_TYPE_INT32 ? 0 : L->in[1].zero_point)) return divisor_error(L, 0, divisor, err);
        }
    }
    return TNM_OK;
}

static tnm_status invoke_div(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_nd_dims a, b, o;
    tnm_div_params p;
    tnm_status st;
    int32_t dividend, divisor;
    div_params(L, &p);
    dims6(&L->in[0], &a);
    dims6(&L->in[1], &b);
    dims6(&L->out, &o);
    if (L->out.type == TNM_TYPE_INT32)
        st = tnm_div_s32(&p, &a, (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[0]), &b,
                         (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[1]), &o,
                         (int32_t *)(void *)(arena + L->out.offset));
    else
        st = tnm_div_s8(&p, &a, TNM_INPUT_S8(L, arena, &L->in[0]), &b, TNM_INPUT_S8(L, arena, &L->in[1]), &o,
                        TNM_ARENA_S8(arena, &L->out));
    if (st == TNM_OK) return TNM_OK;
    /* an undefined quotient of the model's data (the one failure a checked layer can meet) */
    if (div_undefined(L, arena, &dividend, &divisor) >= 0) return divisor_error(L, dividend, divisor, err);
    return tnm_fail(err, st, TNM_FIELD_LAYER_OP, L->index, L->op, 0);
}

/* ---- COMPARISON ---- */

/* kind, input1_offset, input2_offset, left_shift (8, checked in code), the two input multipliers
 * scaling down */
static const tnm_rule k_rules_compare8[] = {
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN_ZP)), R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(2), LX(X_NEG_IN2_ZP)),
    R_MULTIPLIER(4), R_SHIFT(5, K_M31, K_0), R_MULTIPLIER(6), R_SHIFT(7, K_M31, K_0), R_END_};

/* TFLM's int8 comparisons shift both operands up by 8 before scaling them */
#define COMPARISON_LEFT_SHIFT 8

static tnm_status check_compare(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    const int32_t type = L->in[0].type;
    if (L->hdr->trusted) return TNM_OK;
    if (type != TNM_TYPE_INT8 && type != TNM_TYPE_INT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, type, TNM_TYPE_INT8);
    if ((st = check_types(L, 1, type, err)) != TNM_OK) return st;
    if (L->out.type != TNM_TYPE_BOOL)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, L->out.type, TNM_TYPE_BOOL);
    if ((st = check_broadcast(L, 2, err)) != TNM_OK) return st;
    if ((st = tnm_check_range(L->params[0], TNM_COMPARISON_EQUAL, TNM_COMPARISON_GREATER_EQUAL, TNM_ERR_FORMAT,
                              TNM_FIELD_PARAM(L->op, 0), L->index, err)) != TNM_OK)
        return st;
    if (type == TNM_TYPE_INT32) return check_zero_words(L, 1, 8, err);
    if ((st = tnm_check_range(L->params[3], COMPARISON_LEFT_SHIFT, COMPARISON_LEFT_SHIFT, TNM_ERR_FORMAT,
                              TNM_FIELD_PARAM(L->op, 3), L->index, err)) != TNM_OK)
        return st;
    return tnm_run_rules(k_rules_compare8, L, err);
}

static tnm_status invoke_compare(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_nd_dims a, b, o;
    tnm_comparison_params p;
    uint8_t *out = arena + L->out.offset;
    (void)err;
    p.kind = L->params[0];
    p.input1_offset = L->params[1];
    p.input2_offset = L->params[2];
    p.left_shift = L->params[3];
    p.input1_multiplier = L->params[4];
    p.input1_shift = L->params[5];
    p.input2_multiplier = L->params[6];
    p.input2_shift = L->params[7];
    dims6(&L->in[0], &a);
    dims6(&L->in[1], &b);
    dims6(&L->out, &o);
    if (L->in[0].type == TNM_TYPE_INT32)
        return tnm_compare_s32(&p, &a, (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[0]), &b,
                               (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[1]), &o, out);
    return tnm_compare_s8(&p, &a, TNM_INPUT_S8(L, arena, &L->in[0]), &b, TNM_INPUT_S8(L, arena, &L->in[1]), &o, out);
}

/* ---- SELECT_V2 ---- */

static tnm_status check_select(tnm_layer_view *L, tnm_error *err)
{
    const int32_t type = L->in[1].type;
    if (L->hdr->trusted) return TNM_OK;
    if (L->in[0].type != TNM_TYPE_BOOL)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, L->in[0].type, TNM_TYPE_BOOL);
    if (type != TNM_TYPE_INT8 && type != TNM_TYPE_INT16)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, type, TNM_TYPE_INT8);
    if (L->in[2].type != type)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_TYPE, L->index, L->in[2].type, type);
    if (L->out.type != type)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, L->out.type, type);
    return check_broadcast(L, 3, err);
}

static tnm_status invoke_select(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_nd_dims c, x, y, o;
    (void)err;
    dims6(&L->in[0], &c);
    dims6(&L->in[1], &x);
    dims6(&L->in[2], &y);
    dims6(&L->out, &o);
    return tnm_select(L->out.type == TNM_TYPE_INT16 ? 2 : 1, &c, (const uint8_t *)TNM_INPUT_DATA(L, arena, &L->in[0]),
                      &x, TNM_INPUT_DATA(L, arena, &L->in[1]), &y, TNM_INPUT_DATA(L, arena, &L->in[2]), &o,
                      arena + L->out.offset);
}

const tnm_op_module tnm_module_DIV = {check_div, invoke_div, 0, 3u, 0, TNM_MODULE_RANK6 | TNM_MODULE_OWN_ERRORS};
const tnm_op_module tnm_module_COMPARISON = {check_compare, invoke_compare, 0, 3u, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_SELECT_V2 = {check_select, invoke_select, 0, 7u, 0, TNM_MODULE_RANK6};
