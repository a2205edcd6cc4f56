/* Binary int8 operators with broadcasting up to rank 6 (each input dim equal to the output's or 1;
 * either input may be a constant): ADD, SUB (ADD's rescaling, TFLite's subtraction), MUL,
 * MAXIMUM, MINIMUM (raw int8 comparison, as TFLM: no params), PRELU (input, alpha),
 * SQUARED_DIFFERENCE (SUB's rescaling, squared; TFLM squared_difference.cc). ADD and SUB also
 * take three int16 tensors (TFLM's int16 paths: left_shift 15), SQUARED_DIFFERENCE too
 * (left_shift 0, zero points 0). */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"

static const tnm_rule k_rules_types[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT8), R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[1], K_INT8),
    R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT8), R_END_};
#define R_ELEMENTWISE_PARAMS                                                                \
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)),                                \
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN2_ZP)), R_ACTIVATION,                 \
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(4), LW(out.zero_point))
/* ADD and SUB: left_shift 20 for int8 (larger would overflow the int32 sums); the
 * multipliers all scale down (TFLite's int8 ADD/SUB): shifts <= 0. */
static const tnm_rule k_rules_add[] = {
    R_ELEMENTWISE_PARAMS, R_SHIFT(5, K_0, K_20), R_MULTIPLIER(6), R_SHIFT(7, K_M31, K_0),
    R_MULTIPLIER(8), R_SHIFT(9, K_M31, K_0), R_MULTIPLIER(10), R_SHIFT(11, K_M31, K_0), R_END_};
static const tnm_rule k_rules_mul[] = {R_ELEMENTWISE_PARAMS, R_MULTIPLIER(5), R_SHIFT(6, K_M31, K_30), R_END_};
/* PRELU: input_offset, alpha_offset = -zero points, output_offset = output zp, two
 * multiplier/shift pairs */
static const tnm_rule k_rules_prelu[] = {
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN2_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(2), LW(out.zero_point)),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(3), LK(K_0), LK(K_MAX)), R_SHIFT(4, K_M31, K_30),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(5), LK(K_0), LK(K_MAX)), R_SHIFT(6, K_M31, K_30), R_END_};
static const tnm_rule k_rules_none[] = {R_END_};

static const tnm_rule *op_rules(int32_t op)
{
    switch (op) {
    case TNM_OP_ADD:
    case TNM_OP_SUB: return k_rules_add;
    case TNM_OP_MUL: return k_rules_mul;
    case TNM_OP_PRELU: return k_rules_prelu;
    default: return k_rules_none; /* MAXIMUM, MINIMUM */
    }
}

/* The 6 right-aligned dims of a view: outer[0], outer[1], n, h, w, c. */
static void dims6(const tnm_tensor_view *t, int32_t d[6])
{
    d[0] = t->outer[0];
    d[1] = t->outer[1];
    d[2] = t->nhwc.n;
    d[3] = t->nhwc.h;
    d[4] = t->nhwc.w;
    d[5] = t->nhwc.c;
}

/* ADD, SUB over int16: every tensor int16, left_shift at most 15 (the int32 headroom of a
 * 16-bit value), the three multipliers scaling down, an int16 activation range. */
static const tnm_rule k_rules_types16[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT16), R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[1], K_INT16),
    R_END_};
static const tnm_rule k_rules_add16[] = {
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN2_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(4), LW(out.zero_point)), R_SHIFT(5, K_0, K_15), R_MULTIPLIER(6),
    R_SHIFT(7, K_M31, K_0), R_MULTIPLIER(8), R_SHIFT(9, K_M31, K_0), R_MULTIPLIER(10), R_SHIFT(11, K_M31, K_0), R_END_};

/* MUL over int16: zero points 0 (TFLM requires them), the output multiplier either way */
static const tnm_rule k_rules_mul16[] = {
    TNM_RULE(R_EQ | R_AT_INPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(in[0].zero_point), LK(K_0), 0),
    R_EQ_(TNM_FIELD_TENSOR_ZERO_POINT, LW(in[1].zero_point), LK(K_0)),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_0), 0),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)), R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN2_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(4), LW(out.zero_point)), R_MULTIPLIER(5), R_SHIFT(6, K_M31, K_30), R_END_};

static tnm_status check_int16(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    const int mul = TNM_OP_BUILT_MUL && L->op == TNM_OP_MUL;
    if (L->op != TNM_OP_ADD && L->op != TNM_OP_SUB && !mul)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, L->out.type, TNM_TYPE_INT8);
    if ((st = tnm_run_rules(k_rules_types16, L, err)) != TNM_OK) return st;
    if ((st = tnm_check_range(L->params[2], -32768, 32767, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, L->index, err)) != TNM_OK)
        return st;
    if ((st = tnm_check_range(L->params[3], L->params[2], 32767, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, L->index,
                              err)) != TNM_OK)
        return st;
    return tnm_run_rules(mul ? k_rules_mul16 : k_rules_add16, L, err);
}

/* SQUARED_DIFFERENCE: three int8 or three int16 tensors (int16: zero points 0, as TFLM
 * requires); input1_offset, input2_offset (-zero points), output_offset, left_shift (TFLM's 7
 * for int8, 0 for int16), two input multipliers scaling down, the output's either way. */
static const tnm_rule k_rules_sqdiff16[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT16), R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[1], K_INT16),
    TNM_RULE(R_EQ | R_AT_INPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(in[0].zero_point), LK(K_0), 0),
    R_EQ_(TNM_FIELD_TENSOR_ZERO_POINT, LW(in[1].zero_point), LK(K_0)),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_0), 0), R_END_};
static const tnm_rule k_rules_sqdiff[] = {
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN2_ZP)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(2), LW(out.zero_point)), R_MULTIPLIER(4), R_SHIFT(5, K_M31, K_0),
    R_MULTIPLIER(6), R_SHIFT(7, K_M31, K_0), R_MULTIPLIER(8), R_SHIFT(9, K_M31, K_30), R_END_};

static tnm_status check_squared_difference(tnm_layer_view *L, tnm_error *err)
{
    const int32_t left_shift = L->out.type == TNM_TYPE_INT16 ? 0 : 7;
    tnm_status st;
    if (L->out.type == TNM_TYPE_INT16 && (st = tnm_run_rules(k_rules_sqdiff16, L, err)) != TNM_OK) return st;
    if ((st = tnm_run_rules(k_rules_sqdiff, L, err)) != TNM_OK) return st;
    return tnm_check_range(L->params[3], left_shift, left_shift, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 3), L->index,
                           err);
}

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    /* each input dim equal to the output's or 1 (broadcast) */
    int32_t ad[6], bd[6], od[6];
    const int32_t ix = L->index;
    tnm_status st;
    int i;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    L->win.act_min = L->params[2]; /* the activation rule's operands */
    L->win.act_max = L->params[3];
    dims6(&L->in[0], ad);
    dims6(&L->in[1], bd);
    dims6(&L->out, od);
    if (L->out.type != TNM_TYPE_INT16 && (st = tnm_run_rules(k_rules_types, L, err)) != TNM_OK) return st;
    for (i = 0; i < 6; i++) {
        const int32_t want = ad[i] == 1 ? bd[i] : ad[i];
        if (od[i] != want) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, od[i], want);
        if (ad[i] != 1 && ad[i] != od[i]) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, ad[i], od[i]);
        if (bd[i] != 1 && bd[i] != od[i]) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, bd[i], od[i]);
    }
    if (TNM_OP_BUILT_SQUARED_DIFFERENCE && L->op == TNM_OP_SQUARED_DIFFERENCE) return check_squared_difference(L, err);
    if (L->out.type == TNM_TYPE_INT16) return check_int16(L, err);
    return tnm_run_rules(op_rules(L->op), L, err);
}

/* ADD's and SUB's words as the kernels' struct. */
static void add_params(const int32_t *p, tnm_arith_params *ap)
{
    ap->input1_offset = p[0];
    ap->input2_offset = p[1];
    ap->act_min = p[2];
    ap->act_max = p[3];
    ap->output_offset = p[4];
    ap->left_shift = p[5];
    ap->input1_multiplier = p[6];
    ap->input1_shift = p[7];
    ap->input2_multiplier = p[8];
    ap->input2_shift = p[9];
    ap->output_multiplier = p[10];
    ap->output_shift = p[11];
}

/* MUL's words as the kernels' struct (no left shift, no input rescaling). */
static void mul_params(const int32_t *p, tnm_arith_params *ap)
{
    memset(ap, 0, sizeof *ap);
    ap->input1_offset = p[0];
    ap->input2_offset = p[1];
    ap->act_min = p[2];
    ap->act_max = p[3];
    ap->output_offset = p[4];
    ap->output_multiplier = p[5];
    ap->output_shift = p[6];
}

/* SQUARED_DIFFERENCE on the inner dims: its words as the kernels' struct, the type's range. */
static tnm_status run4_sqdiff(const tnm_layer_view *L, const int8_t *d1, const int8_t *d2, int8_t *out)
{
    const int32_t *p = L->params;
    tnm_arith_params ap;
    ap.input1_offset = p[0];
    ap.input2_offset = p[1];
    ap.output_offset = p[2];
    ap.left_shift = p[3];
    ap.input1_multiplier = p[4];
    ap.input1_shift = p[5];
    ap.input2_multiplier = p[6];
    ap.input2_shift = p[7];
    ap.output_multiplier = p[8];
    ap.output_shift = p[9];
    if (L->out.type == TNM_TYPE_INT16) {
        ap.act_min = -32768;
        ap.act_max = 32767;
        return tnm_squared_difference_s16(&ap, &L->in[0].nhwc, (const int16_t *)(const void *)d1, &L->in[1].nhwc,
                                          (const int16_t *)(const void *)d2, &L->out.nhwc, (int16_t *)(void *)out);
    }
    ap.act_min = -128;
    ap.act_max = 127;
    return tnm_squared_difference_s8(&ap, &L->in[0].nhwc, d1, &L->in[1].nhwc, d2, &L->out.nhwc, out);
}

/* The int16 ADD or SUB on the inner dims (element pointers). */
static tnm_status run4_s16(const tnm_layer_view *L, const int8_t *d1, const int8_t *d2, int8_t *out)
{
    tnm_arith_params ap;
    if (TNM_OP_BUILT_MUL && L->op == TNM_OP_MUL) {
        mul_params(L->params, &ap);
        return tnm_mul_s16(&ap, &L->in[0].nhwc, (const int16_t *)(const void *)d1, &L->in[1].nhwc,
                           (const int16_t *)(const void *)d2, &L->out.nhwc, (int16_t *)(void *)out);
    }
    add_params(L->params, &ap);
    if (L->op == TNM_OP_SUB)
        return tnm_sub_s16(&ap, &L->in[0].nhwc, (const int16_t *)(const void *)d1, &L->in[1].nhwc,
                           (const int16_t *)(const void *)d2, &L->out.nhwc, (int16_t *)(void *)out);
    return tnm_add_s16(&ap, &L->in[0].nhwc, (const int16_t *)(const void *)d1, &L->in[1].nhwc,
                       (const int16_t *)(const void *)d2, &L->out.nhwc, (int16_t *)(void *)out);
}

/* One 4-D kernel call on the inner dims n, h, w, c (the whole tensor for rank <= 4). */
static tnm_status run4(const tnm_layer_view *L, const int8_t *d1, const int8_t *d2, int8_t *out)
{
    const int32_t *p = L->params;
    tnm_arith_params ap;
    if (TNM_OP_BUILT_SQUARED_DIFFERENCE && L->op == TNM_OP_SQUARED_DIFFERENCE) return run4_sqdiff(L, d1, d2, out);
    if (L->out.type == TNM_TYPE_INT16) return run4_s16(L, d1, d2, out);
    if (L->op == TNM_OP_MAXIMUM) return tnm_maximum_s8(&L->in[0].nhwc, d1, &L->in[1].nhwc, d2, &L->out.nhwc, out);
    if (L->op == TNM_OP_MINIMUM) return tnm_minimum_s8(&L->in[0].nhwc, d1, &L->in[1].nhwc, d2, &L->out.nhwc, out);
    if (L->op == TNM_OP_PRELU) {
        tnm_prelu_params pp;
        pp.input_offset = p[0];
        pp.alpha_offset = p[1];
        pp.output_offset = p[2];
        pp.output_multiplier_1 = p[3];
        pp.output_shift_1 = p[4];
        pp.output_multiplier_2 = p[5];
        pp.output_shift_2 = p[6];
        return tnm_prelu_s8(&pp, &L->in[0].nhwc, d1, &L->in[1].nhwc, d2, &L->out.nhwc, out);
    }
    if (L->op == TNM_OP_MUL) {
        mul_params(p, &ap);
        return tnm_mul_s8(&ap, &L->in[0].nhwc, d1, &L->in[1].nhwc, d2, &L->out.nhwc, out);
    }
    add_params(p, &ap);
    if (L->op == TNM_OP_SUB) return tnm_sub_s8(&ap, &L->in[0].nhwc, d1, &L->in[1].nhwc, d2, &L->out.nhwc, out);
    return tnm_add_s8(&ap, &L->in[0].nhwc, d1, &L->in[1].nhwc, d2, &L->out.nhwc, out);
}

/* Ranks 5 and 6: one 4-D call per index of the two outer dims, in output order; an input
 * whose outer dim is 1 is read again along it (stride 0). Elementwise, so the same bytes
 * as TFLM's one N-D broadcast loop. */
static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const tnm_tensor_view *a = &L->in[0], *b = &L->in[1], *o = &L->out;
    const int8_t *d1 = TNM_INPUT_S8(L, arena, a), *d2 = TNM_INPUT_S8(L, arena, b);
    int8_t *out = TNM_ARENA_S8(arena, o);
    const int32_t es = o->type == TNM_TYPE_INT16 ? 2 : 1; /* bytes an element: the outer steps */
    const int32_t a4 = a->nhwc.n * a->nhwc.h * a->nhwc.w * a->nhwc.c * es;
    const int32_t b4 = b->nhwc.n * b->nhwc.h * b->nhwc.w * b->nhwc.c * es;
    const int32_t o4 = o->nhwc.n * o->nhwc.h * o->nhwc.w * o->nhwc.c * es;
    int32_t i, j;
    tnm_status st = TNM_OK;
    (void)err;
    for (i = 0; i < o->outer[0] && st == TNM_OK; i++) {
        for (j = 0; j < o->outer[1] && st == TNM_OK; j++) {
            const int32_t ia = (a->outer[0] == 1 ? 0 : i) * a->outer[1] + (a->outer[1] == 1 ? 0 : j);
            const int32_t ib = (b->outer[0] == 1 ? 0 : i) * b->outer[1] + (b->outer[1] == 1 ? 0 : j);
            st = run4(L, d1 + ia * a4, d2 + ib * b4, out + (i * o->outer[1] + j) * o4);
        }
    }
    return st;
}

/* Modules share check and invoke; the branches of the operators a build leaves out are
 * never taken (their kernels stay linked only through this file: split it if an op set
 * needs the bytes). */
const tnm_op_module tnm_module_ADD = {check, invoke, 0, 3u, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_SUB = {check, invoke, 0, 3u, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_MUL = {check, invoke, 0, 3u, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_MAXIMUM = {check, invoke, 0, 3u, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_MINIMUM = {check, invoke, 0, 3u, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_PRELU = {check, invoke, 0, 3u, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_SQUARED_DIFFERENCE = {check, invoke, 0, 3u, 0, TNM_MODULE_RANK6};
