/* CUMSUM (TFLM cumsum.cc): one int8 or float32 input, the output of its type and shape. Params:
 * axis (resolved to [0, rank - 1] by the compiler from TFLite's constant axis operand), exclusive
 * and reverse (0 or 1), then for int8 ADD_N's quantization words as TFLM's Prepare makes them:
 * input_offset (-the input zero point), output_offset (the output zero point), multipliers and
 * shifts (in [-31, 0]); for float32 those six words 0. Rank up to 6 (TFLM: no limit). */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels.h"

static const tnm_rule k_rules_cumsum[] = {
    R_INT8_IO, R_SAME_DIMS,
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(4), LW(out.zero_point)),
    R_MULTIPLIER(5), R_SHIFT(6, K_M31, K_0), R_MULTIPLIER(7), R_SHIFT(8, K_M31, K_0), R_END_};
static const tnm_rule k_rules_f32[] = {R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_0 /* float32 */), R_SAME_DIMS,
                                       R_END_};

static tnm_status check_cumsum(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    if ((st = tnm_check_range(L->params[0], 0, L->in[0].rank - 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 0), L->index,
                              err)) != TNM_OK)
        return st;
    /* exclusive and reverse: flags */
    if ((st = tnm_check_range(L->params[1], 0, 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 1), L->index, err)) != TNM_OK)
        return st;
    if ((st = tnm_check_range(L->params[2], 0, 1, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 2), L->index, err)) != TNM_OK)
        return st;
    if (L->in[0].type == TNM_TYPE_FLOAT32) {
        int32_t k;
        if ((st = tnm_run_rules(k_rules_f32, L, err)) != TNM_OK) return st;
        for (k = 3; k < 9; k++) {
            if (L->params[k] != 0) /* no quantization words for float32 */
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, k), L->index, L->params[k], 0);
        }
        return TNM_OK;
    }
    if ((st = tnm_run_rules(k_rules_cumsum, L, err)) != TNM_OK) return st;
    if (L->params[3] != -L->in[0].zero_point)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, L->index, L->params[3], -L->in[0].zero_point);
    return TNM_OK;
}

static tnm_status invoke_cumsum(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const tnm_tensor_view *in = &L->in[0];
    const int32_t axis = L->params[0];
    int32_t before = 1, after = 1, i;
    tnm_add_n_params p;
    (void)err;
    for (i = 0; i < axis; i++) before *= in->dims[i];
    for (i = axis + 1; i < in->rank; i++) after *= in->dims[i];
    if (in->type == TNM_TYPE_FLOAT32)
        return tnm_cumsum_f32(before, in->dims[axis], after, L->params[1], L->params[2],
                              (const float *)TNM_INPUT_DATA(L, arena, in), TNM_ARENA_F32(arena, &L->out));
    p.input_offset = L->params[3];
    p.output_offset = L->params[4];
    p.input_multiplier = L->params[5];
    p.input_shift = L->params[6];
    p.output_multiplier = L->params[7];
    p.output_shift = L->params[8];
    return tnm_cumsum_s8(before, in->dims[axis], after, L->params[1], L->params[2], &p, TNM_INPUT_S8(L, arena, in),
                         TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_CUMSUM = {check_cumsum, invoke_cumsum, 0, 0, 0, TNM_MODULE_RANK6};
