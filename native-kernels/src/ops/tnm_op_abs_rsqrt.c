/* ABS (int8, int16) and RSQRT (int8): one input, one output of the same shape, params as TFLM
 * elementwise.cc's PrepareAbsRsqrt computes them. Zero-point params must be the tensors'
 * (int16: 0 both, as TFLM requires); ABS's rescale flag must say whether the scales differ.
 * RSQRT reads values below the input zero point only at run time: its invoke names the first
 * (TNM_FIELD_LAYER_INPUT_VALUE) before writing anything. */
#include "../runtime/tnm_runtime_internal.h"

#define R_IN_ZP(k) R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(k), LW(in[0].zero_point))
#define R_OUT_ZP(k) R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(k), LW(out.zero_point))

/* input_zero_point, output_zero_point, multiplier, shift (its range checked in code) */
static const tnm_rule k_rules_rsqrt[] = {R_INT8_IO, R_SAME_DIMS, R_IN_ZP(0), R_OUT_ZP(1), R_MULTIPLIER(2), R_END_};
/* input_zero_point, output_zero_point, rescale, multiplier, shift */
static const tnm_rule k_rules_abs[] = {R_SAME_DIMS, R_IN_ZP(0), R_OUT_ZP(1), R_MULTIPLIER(3), R_SHIFT(4, K_M31, K_30),
                                       R_END_};
/* int16: both zero points 0 */
static const tnm_rule k_rules_abs16[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT16),
    TNM_RULE(R_EQ | R_AT_INPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(in[0].zero_point), LK(K_0), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_0), 0), R_END_};

static tnm_status check_rsqrt(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if ((st = tnm_run_rules(k_rules_rsqrt, L, err)) != TNM_OK) return st;
    /* shift - 20 in [-31, 30]: TFLM's MultiplyByQuantizedMultiplier is undefined beyond */
    return tnm_check_range(L->params[3], TNM_RSQRT_MIN_SHIFT, TNM_RSQRT_MAX_SHIFT, TNM_ERR_FORMAT,
                           TNM_FIELD_PARAM(L->op, 3), L->index, err);
}

static tnm_status check_abs(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    int32_t rescale;
    if (L->hdr->trusted) return TNM_OK;
    if (L->in[0].type == TNM_TYPE_INT16) {
        if ((st = tnm_run_rules(k_rules_abs16, L, err)) != TNM_OK) return st;
    } else if ((st = tnm_check_int8_io(L, err)) != TNM_OK) {
        return st;
    }
    if ((st = tnm_run_rules(k_rules_abs, L, err)) != TNM_OK) return st;
    /* TFLM requantizes exactly when the two scales differ */
    rescale = tnm_f32_bits(L->in[0].scale) != tnm_f32_bits(L->out.scale) ? 1 : 0;
    return tnm_check_range(L->params[2], rescale, rescale, TNM_ERR_FORMAT, TNM_FIELD_PARAM(L->op, 2), L->index, err);
}

static tnm_status invoke_rsqrt(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int8_t *in = TNM_ARENA_S8(arena, &L->in[0]);
    tnm_rsqrt_params rp;
    tnm_status st;
    int32_t bad;
    rp.input_zero_point = L->params[0];
    rp.output_zero_point = L->params[1];
    rp.multiplier = L->params[2];
    rp.shift = L->params[3];
    st = tnm_rsqrt_s8(&rp, L->in[0].elements, in, TNM_ARENA_S8(arena, &L->out));
    if (st == TNM_OK) return TNM_OK;
    /* a value below the zero point, from the model's data (the one failure a checked layer
     * can meet): named here, TNM_MODULE_OWN_ERRORS keeps it */
    bad = tnm_rsqrt_first_negative(&rp, L->in[0].elements, in);
    if (bad >= 0)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_INPUT_VALUE, L->index, in[bad], rp.input_zero_point);
    return tnm_fail(err, st, TNM_FIELD_LAYER_OP, L->index, L->op, 0);
}

static tnm_status invoke_abs(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_abs_params ap;
    (void)err;
    ap.input_zero_point = L->params[0];
    ap.output_zero_point = L->params[1];
    ap.rescale = L->params[2];
    ap.multiplier = L->params[3];
    ap.shift = L->params[4];
    if (L->in[0].type == TNM_TYPE_INT16)
        return tnm_abs_s16(&ap, L->in[0].elements, (const int16_t *)(const void *)(arena + L->in[0].offset),
                           (int16_t *)(void *)(arena + L->out.offset));
    return tnm_abs_s8(&ap, L->in[0].elements, TNM_ARENA_S8(arena, &L->in[0]), TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_RSQRT = {check_rsqrt, invoke_rsqrt, 0, 0, 0, TNM_MODULE_RANK6 | TNM_MODULE_OWN_ERRORS};
const tnm_op_module tnm_module_ABS = {check_abs, invoke_abs, 0, 0, 0, TNM_MODULE_RANK6};
