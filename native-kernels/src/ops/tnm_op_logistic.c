/* LOGISTIC and TANH: int8 -> int8 with TFLite's fixed-point functions (tnm_logistic_s8,
 * tnm_tanh_s8). Output quantization as TFLM's int8 kernels assume it: LOGISTIC scale 1/256,
 * zero point -128; TANH scale 1/128, zero point 0. Params as TFLM's Prepare computes them
 * from the input scale and zero point (tnm_kernels.h). */
#include "../runtime/tnm_runtime_internal.h"

static const tnm_rule k_rules_logistic[] = {
    R_SAME_DIMS,
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_M128), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LK(K_1_256), 0),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LW(in[0].zero_point)), R_END_};
static const tnm_rule k_rules_tanh[] = {
    R_SAME_DIMS,
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_0), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LK(K_1_128), 0),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LW(in[0].zero_point)), R_END_};

static tnm_status check(tnm_layer_view *L, int tanh, tnm_error *err)
{
    const int32_t *p = L->params;
    const int32_t ix = L->index, op = L->op;
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if ((st = tnm_check_int8_io(L, err)) != TNM_OK) return st;
    if ((st = tnm_run_rules(tanh ? k_rules_tanh : k_rules_logistic, L, err)) != TNM_OK) return st;
    /* input_left_shift in [0, 31] (input scales in [2^-28, 2^4)), multiplier >= 0, radius in
     * [0, 15 * 2^27 >> shift] */
    if ((st = tnm_check_range(p[3], 0, 31, TNM_ERR_FORMAT, TNM_FIELD_PARAM(op, 3), ix, err)) != TNM_OK) return st;
    if ((st = tnm_check_range(p[2], 0, INT32_MAX, TNM_ERR_FORMAT, TNM_FIELD_PARAM(op, 2), ix, err)) != TNM_OK) return st;
    return tnm_check_range(p[1], 0, (int32_t)(((int64_t)15 << 27) >> p[3]), TNM_ERR_FORMAT,
                           TNM_FIELD_PARAM(op, 1), ix, err);
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, int tanh)
{
    tnm_logistic_params lp;
    lp.input_zero_point = L->params[0];
    lp.input_range_radius = L->params[1];
    lp.input_multiplier = L->params[2];
    lp.input_left_shift = L->params[3];
    if (tanh)
        return tnm_tanh_s8(&lp, L->in[0].elements, TNM_ARENA_S8(arena, &L->in[0]), TNM_ARENA_S8(arena, &L->out));
    return tnm_logistic_s8(&lp, L->in[0].elements, TNM_ARENA_S8(arena, &L->in[0]), TNM_ARENA_S8(arena, &L->out));
}

static tnm_status check_logistic(tnm_layer_view *L, tnm_error *err) { return check(L, 0, err); }
static tnm_status check_tanh(tnm_layer_view *L, tnm_error *err) { return check(L, 1, err); }
static tnm_status invoke_logistic(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)err;
    return invoke(L, arena, 0);
}
static tnm_status invoke_tanh(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)err;
    return invoke(L, arena, 1);
}

const tnm_op_module tnm_module_LOGISTIC = {check_logistic, invoke_logistic, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_TANH = {check_tanh, invoke_tanh, 0, 0, 0, TNM_MODULE_RANK6};
