/* L2_NORMALIZATION: int8 -> int8 over the last axis (tnm_l2_normalization_s8). The output is
 * in 1/128 with zero point 0, as TFLite's int8 kernel writes it (TFLM does not check the
 * output's quantization; a tensor of another one would be misread, so it is refused). Param:
 * the input zero point. */
#include "../runtime/tnm_runtime_internal.h"

static const tnm_rule k_rules_l2norm[] = {
    R_SAME_DIMS,
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_0), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LK(K_1_128), 0),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LW(in[0].zero_point)), R_END_};

static tnm_status check_l2norm(tnm_layer_view *L, tnm_error *err)
{
    const tnm_tensor_view *in = &L->in[0];
    const int32_t depth = in->rank < 1 ? 1 : in->dims[in->rank - 1];
    tnm_status st;
    if ((st = tnm_check_int8_io(L, err)) != TNM_OK) return st;
    if ((st = tnm_run_rules(k_rules_l2norm, L, err)) != TNM_OK) return st;
    /* the row's int32 sum of squares stays exact (tnm_kernels.h) */
    if (depth > TNM_L2NORM_MAX_DEPTH)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_SHAPE, L->index, depth, TNM_L2NORM_MAX_DEPTH);
    return TNM_OK;
}

static tnm_status invoke_l2norm(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const tnm_tensor_view *in = &L->in[0];
    const int32_t depth = in->rank < 1 ? 1 : in->dims[in->rank - 1];
    (void)err;
    return tnm_l2_normalization_s8(L->params[0], in->elements / depth, depth, TNM_ARENA_S8(arena, in),
                                   TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_L2_NORMALIZATION = {check_l2norm, invoke_l2norm, 0, 0, 0, 0};
