/* POOL_2D_16X8: AVERAGE_POOL_2D or MAX_POOL_2D over int16 (TFLM's int16 AveragePool and MaxPool;
 * the compiler lowers an int16 pool here, so the int8 pools, in the KWS set, carry none of it):
 * int16 in and out with the same quantization, param 0 says which. */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"

/* int16 in and out with the same quantization, the window (R_SPATIAL), channels kept, the kind
 * 0 or 1, an activation range in int16 (act_min's lower bound in check) */
static const tnm_rule k_rules[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT16), R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT16),
    R_SPATIAL, R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LW(in[0].nhwc.c)),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LW(in[0].zero_point), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LW(in[0].scale), 0),
    R_RANGE_(TNM_FIELD_LAYER_PARAMS, LP(0), LK(K_0), LK(K_1)),
    R_RANGE_(TNM_FIELD_LAYER_ACTIVATION, LW(win.act_max), LW(win.act_min), LK(K_32767)), R_END_};

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_status st;
    L->win.act_min = p[1];
    L->win.act_max = p[2];
    memcpy(&L->win.stride_h, &p[3], 4u * sizeof(int32_t)); /* stride, pad */
    L->win.dilation_h = 1;
    L->win.dilation_w = 1;
    L->win.filter_h = p[7];
    L->win.filter_w = p[8];
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if ((st = tnm_run_rules(k_rules, L, err)) != TNM_OK) return st;
    if (p[1] < -32768) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, L->index, p[1], -32768);
    /* the average's int32 window sum of int16 values: at most 2^16 taps */
    if (p[0] && (int64_t)(p[7] < L->in[0].nhwc.h ? p[7] : L->in[0].nhwc.h) *
                        (p[8] < L->in[0].nhwc.w ? p[8] : L->in[0].nhwc.w) > 65536)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_FILTER_SIZE, L->index, p[7], p[8]);
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_pool_params pp;
    const int16_t *in = (const int16_t *)(const void *)(arena + L->in[0].offset);
    int16_t *out = (int16_t *)(void *)(arena + L->out.offset);
    (void)err;
    pp.act_min = L->params[1];
    pp.act_max = L->params[2];
    /* params 3..8: stride, pad, filter (h, w each), the struct's order */
    memcpy(&pp.stride_h, &L->params[3], 6u * sizeof(int32_t));
    return L->params[0] ? tnm_avgpool_s16(&pp, &L->in[0].nhwc, in, &L->out.nhwc, out)
                        : tnm_maxpool_s16(&pp, &L->in[0].nhwc, in, &L->out.nhwc, out);
}

const tnm_op_module tnm_module_POOL_2D_16X8 = {check, invoke, 0, 0, 0, 0};
