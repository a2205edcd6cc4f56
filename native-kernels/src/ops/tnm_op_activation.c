/* HARD_SWISH, LEAKY_RELU, RELU, RELU6: int8 -> int8 elementwise, LEAKY_RELU also int16 ->
 * int16 (prepb's kernels, tnm_kernels.h), params as TFLM's Prepare computes them. Zero-point params must be the
 * tensors'; multipliers and shifts in the kernels' ranges. */
#include "../runtime/tnm_runtime_internal.h"

#define R_IN_ZP(k) R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(k), LW(in[0].zero_point))
#define R_OUT_ZP(k) R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(k), LW(out.zero_point))

/* input_zero_point, output_zero_point, reluish_multiplier (Q15), reluish_shift [-31, 31],
 * output_multiplier (Q15), output_shift [-31, 0] */
static const tnm_rule k_rules_hard_swish[] = {
    R_SAME_DIMS, R_IN_ZP(0), R_OUT_ZP(1),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(2), LK(K_0), LK(K_32767)), R_SHIFT(3, K_M31, K_31),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(4), LK(K_0), LK(K_32767)), R_SHIFT(5, K_M31, K_0), R_END_};
/* input_zero_point, output_zero_point, identity multiplier/shift, alpha multiplier (any
 * sign, not INT32_MIN)/shift */
static const tnm_rule k_rules_leaky_relu[] = {
    R_SAME_DIMS, R_IN_ZP(0), R_OUT_ZP(1),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(2), LK(K_0), LK(K_MAX)), R_SHIFT(3, K_M31, K_30),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(4), LK(K_MIN1), LK(K_MAX)), R_SHIFT(5, K_M31, K_30), R_END_};
/* input_zero_point, output_zero_point, multiplier/shift, act_min, act_max */
static const tnm_rule k_rules_relu[] = {
    R_SAME_DIMS, R_IN_ZP(0), R_OUT_ZP(1),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(2), LK(K_0), LK(K_MAX)), R_SHIFT(3, K_M31, K_30),
    R_RANGE_(TNM_FIELD_LAYER_ACTIVATION, LP(4), LK(K_M128), LK(K_127)),
    R_RANGE_(TNM_FIELD_LAYER_ACTIVATION, LP(5), LP(4), LK(K_127)), R_END_};
/* zero = the input zero point; six in [zero, 127] (TFLM clamps in the input's
 * quantization and does not requantize) */
static const tnm_rule k_rules_relu6[] = {
    R_SAME_DIMS, R_IN_ZP(0), R_RANGE_(TNM_FIELD_LAYER_ACTIVATION, LP(1), LP(0), LK(K_127)), R_END_};

static tnm_status check(tnm_layer_view *L, const tnm_rule *rules, tnm_error *err)
{
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    st = tnm_check_int8_io(L, err);
    if (st != TNM_OK) return st;
    return tnm_run_rules(rules, L, err);
}

static tnm_status check_hard_swish(tnm_layer_view *L, tnm_error *err) { return check(L, k_rules_hard_swish, err); }
/* int8, or int16 in and out (TFLM's int16 path) */
static tnm_status check_leaky_relu(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    if (L->in[0].type != TNM_TYPE_INT16) return check(L, k_rules_leaky_relu, err);
    if (L->hdr->trusted) return TNM_OK;
    if (L->out.type != TNM_TYPE_INT16)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, L->out.type, TNM_TYPE_INT16);
    if ((st = tnm_run_rules(k_rules_leaky_relu, L, err)) != TNM_OK) return st;
    return TNM_OK;
}
static tnm_status check_relu(tnm_layer_view *L, tnm_error *err) { return check(L, k_rules_relu, err); }
static tnm_status check_relu6(tnm_layer_view *L, tnm_error *err) { return check(L, k_rules_relu6, err); }

static tnm_status invoke_hard_swish(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_hard_swish_params hp;
    (void)err;
    hp.input_zero_point = p[0];
    hp.output_zero_point = p[1];
    hp.reluish_multiplier = p[2];
    hp.reluish_shift = p[3];
    hp.output_multiplier = p[4];
    hp.output_shift = p[5];
    return tnm_hard_swish_s8(&hp, L->in[0].elements, TNM_ARENA_S8(arena, &L->in[0]), TNM_ARENA_S8(arena, &L->out));
}

static tnm_status invoke_leaky_relu(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_leaky_relu_params lp;
    (void)err;
    lp.input_zero_point = p[0];
    lp.output_zero_point = p[1];
    lp.identity_multiplier = p[2];
    lp.identity_shift = p[3];
    lp.alpha_multiplier = p[4];
    lp.alpha_shift = p[5];
    if (L->in[0].type == TNM_TYPE_INT16)
        return tnm_leaky_relu_s16(&lp, L->in[0].elements, (const int16_t *)(const void *)(arena + L->in[0].offset),
                                  (int16_t *)(void *)(arena + L->out.offset));
    return tnm_leaky_relu_s8(&lp, L->in[0].elements, TNM_ARENA_S8(arena, &L->in[0]), TNM_ARENA_S8(arena, &L->out));
}

static tnm_status invoke_relu(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_relu_params rp;
    (void)err;
    rp.input_zero_point = p[0];
    rp.output_zero_point = p[1];
    rp.output_multiplier = p[2];
    rp.output_shift = p[3];
    rp.act_min = p[4];
    rp.act_max = p[5];
    return tnm_relu_s8(&rp, L->in[0].elements, TNM_ARENA_S8(arena, &L->in[0]), TNM_ARENA_S8(arena, &L->out));
}

static tnm_status invoke_relu6(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_relu6_params rp;
    (void)err;
    rp.zero = L->params[0];
    rp.six = L->params[1];
    return tnm_relu6_s8(&rp, L->in[0].elements, TNM_ARENA_S8(arena, &L->in[0]), TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_HARD_SWISH = {check_hard_swish, invoke_hard_swish, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_LEAKY_RELU = {check_leaky_relu, invoke_leaky_relu, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_RELU = {check_relu, invoke_relu, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_RELU6 = {check_relu6, invoke_relu6, 0, 0, 0, TNM_MODULE_RANK6};
