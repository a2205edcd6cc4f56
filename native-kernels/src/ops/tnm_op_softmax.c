/* SOFTMAX: int8 -> int8 (scale 1/256, zero point -128) or int8 -> int16 (scale 1/65536 within
 * TFLM's 0.1 %, zero point -32768) over the innermost dimension; LOG_SOFTMAX: int8 -> int8
 * (scale 16/256, zero point 127); SOFTMAX_INT16: int16 -> int16 (TFLM's SoftmaxInt16). */
#include "../runtime/tnm_runtime_internal.h"

/* the parameters (TFLite's PreprocessSoftmaxScaling), either output; a shift of 31 (beta x input
 * scale from 2^4 on) comes with diff_min 0: only differences of 0 are rescaled */
#define SOFTMAX_PARAM_RULES                                                                   \
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(0), LK(K_2P30), LK(K_MAX)), R_SHIFT(1, K_0, K_31),  \
        R_RANGE_(TNM_FIELD_LAYER_PARAMS, LP(2), LK(K_MIN1), LK(K_0))
/* int8 out with scale 1/256 and zero point -128 (finite positive scales are equal exactly
 * when their bits are) */
static const tnm_rule k_rules_softmax[] = {
    R_INT8_IO, R_SAME_DIMS,
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_M128), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LK(K_1_256), 0),
    SOFTMAX_PARAM_RULES, R_END_};
static const tnm_rule k_rules_softmax16[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT8), R_SAME_DIMS, SOFTMAX_PARAM_RULES, R_END_};

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if (L->out.type != TNM_TYPE_INT16) return tnm_run_rules(k_rules_softmax, L, err);
    if ((st = tnm_run_rules(k_rules_softmax16, L, err)) != TNM_OK) return st;
    if (L->out.zero_point != -32768)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)L->output_ix, L->out.zero_point,
                        -32768);
    /* TFLM's Prepare: |scale - 1/65536| <= 0.001 / 65536 */
    if (!(L->out.scale * 65536.0f >= 0.999f && L->out.scale * 65536.0f <= 1.001f))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)L->output_ix,
                        (int32_t)(L->out.scale * 65536.0f * 1000.0f), 1000);
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_softmax_params sp;
    const int32_t depth = L->in[0].nhwc.c;
    (void)err;
    sp.input_multiplier = L->params[0];
    sp.input_left_shift = L->params[1];
    sp.diff_min = L->params[2];
    if (L->out.type == TNM_TYPE_INT16)
        return tnm_softmax_s8_s16(&sp, L->in[0].elements / depth, depth, TNM_ARENA_S8(arena, &L->in[0]),
                                  (int16_t *)(void *)(arena + L->out.offset));
    return tnm_softmax_s8(&sp, L->in[0].elements / depth, depth, TNM_ARENA_S8(arena, &L->in[0]),
                          TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_SOFTMAX = {check, invoke, 0, 0, 0, TNM_MODULE_RANK6};

/* LOG_SOFTMAX: TFLM's Prepare requires the output at exactly 16/256 and 127; the parameters
 * are PreprocessLogSoftmaxScalingExp's (input multiplier and left shift, reverse scaling
 * divisor and its non-positive shift) and -CalculateInputRadius */
static const tnm_rule k_rules_log_softmax[] = {
    R_INT8_IO, R_SAME_DIMS,
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_127), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LK(K_1_16), 0),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(0), LK(K_2P30), LK(K_MAX)), R_SHIFT(1, K_0, K_31),
    R_RANGE_(TNM_FIELD_LAYER_MULTIPLIER, LP(2), LK(K_2P30), LK(K_MAX)), R_SHIFT(3, K_M31, K_0),
    R_RANGE_(TNM_FIELD_LAYER_PARAMS, LP(4), LK(K_MIN1), LK(K_0)), R_END_};

static tnm_status check_log(tnm_layer_view *L, tnm_error *err)
{
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    return tnm_run_rules(k_rules_log_softmax, L, err);
}

static tnm_status invoke_log(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_log_softmax_params lp;
    const int32_t depth = L->in[0].nhwc.c;
    (void)err;
    lp.input_multiplier = L->params[0];
    lp.input_left_shift = L->params[1];
    lp.reverse_scaling_divisor = L->params[2];
    lp.reverse_scaling_left_shift = L->params[3];
    lp.diff_min = L->params[4];
    return tnm_log_softmax_s8(&lp, L->in[0].elements / depth, depth, TNM_ARENA_S8(arena, &L->in[0]),
                              TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_LOG_SOFTMAX = {check_log, invoke_log, 0, 0, 0, TNM_MODULE_RANK6};

/* SOFTMAX_INT16: int16 in and out with zero points 0, the output at 1/32768 within TFLM's 0.1 %,
 * inputs 1 and 2 TFLite's exp and 1 / (1 + x) tables (constant int16 [513]), the input multiplier
 * and shift of QuantizeMultiplier(input scale x beta / (10 / 65535)) */
static const tnm_rule k_rules_softmax_int16[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT16), R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT16),
    R_SAME_DIMS,
    TNM_RULE(R_EQ | R_AT_INPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(in[0].zero_point), LK(K_0), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_0), 0),
    R_MULTIPLIER(0), R_SHIFT(1, K_M31, K_30), R_END_};

static tnm_status check_int16(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if ((st = tnm_run_rules(k_rules_softmax_int16, L, err)) != TNM_OK) return st;
    if (!(L->out.scale * 32768.0f >= 0.999f && L->out.scale * 32768.0f <= 1.001f))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)L->output_ix,
                        (int32_t)(L->out.scale * 32768.0f * 1000.0f), 1000);
    if (L->in[0].nhwc.c > 65536)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_SHAPE, L->index, L->in[0].nhwc.c, 65536);
    if ((st = tnm_check_constant_input(L, 1, TNM_TYPE_INT16, 1026u, TNM_FIELD_LAYER_WEIGHTS, err)) != TNM_OK) return st;
    return tnm_check_constant_input(L, 2, TNM_TYPE_INT16, 1026u, TNM_FIELD_LAYER_WEIGHTS, err);
}

static tnm_status invoke_int16(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_softmax_s16_params sp;
    const int32_t depth = L->in[0].nhwc.c;
    (void)err;
    sp.input_multiplier = L->params[0];
    sp.input_shift = L->params[1];
    return tnm_softmax_s16(&sp, L->in[0].elements / depth, depth,
                           (const int16_t *)(const void *)(arena + L->in[0].offset),
                           (const int16_t *)TNM_INPUT_DATA(L, arena, &L->in[1]),
                           (const int16_t *)TNM_INPUT_DATA(L, arena, &L->in[2]),
                           (int16_t *)(void *)(arena + L->out.offset));
}

/* constant: the two tables */
const tnm_op_module tnm_module_SOFTMAX_INT16 = {check_int16, invoke_int16, 0, 6u, 0, TNM_MODULE_RANK6};
