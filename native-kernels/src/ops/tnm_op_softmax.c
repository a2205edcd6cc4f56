/* SOFTMAX: int8 -> int8 (scale 1/256, zero point -128) over the innermost dimension. */
#include "../runtime/tnm_runtime_internal.h"

/* int8 out with scale 1/256 and zero point -128 (finite positive scales are equal exactly
 * when their bits are) */
static const tnm_rule k_rules_softmax[] = {
    R_INT8_IO, R_SAME_DIMS,
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_M128), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LK(K_1_256), 0),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(0), LK(K_2P30), LK(K_MAX)),
    R_SHIFT(1, K_0, K_30),
    R_RANGE_(TNM_FIELD_LAYER_PARAMS, LP(2), LK(K_MIN1), LK(K_0)), R_END_};

static tnm_status check(tnm_layer_view *L, tnm_error *err) { return tnm_run_rules(k_rules_softmax, L, err); }

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_softmax_params sp;
    const int32_t depth = L->in[0].nhwc.c;
    (void)err;
    sp.input_multiplier = L->params[0];
    sp.input_left_shift = L->params[1];
    sp.diff_min = L->params[2];
    return tnm_softmax_s8(&sp, L->in[0].elements / depth, depth, TNM_ARENA_S8(arena, &L->in[0]),
                          TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_SOFTMAX = {check, invoke, 0, 0, 0, TNM_MODULE_RANK6};
