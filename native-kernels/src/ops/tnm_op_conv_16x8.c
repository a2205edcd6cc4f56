/* CONV_2D_16X8: a CONV_2D whose activations are int16 and weights int8 (TFLite's 16x8
 * quantization; the compiler lowers such a CONV_2D here, so int8 builds link none of it).
 * Inputs [input int16, filter int8 constant [out_c, fh, fw, c / groups], bias int32 constant
 * (optional)], output int16, zero points 0, per-channel requantization (tnm_model.h). */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"

/* int16 in and out, the window (R_SPATIAL: 4-D, strides, dilations, filter sizes, the output
 * size and padding), zero points 0, the accumulator flag 0 or 1 */
static const tnm_rule k_rules[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT16), R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT16),
    R_SPATIAL,
    TNM_RULE(R_EQ | R_AT_INPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(in[0].zero_point), LK(K_0), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_0), 0),
    R_RANGE_(TNM_FIELD_LAYER_ACTIVATION, LW(win.act_max), LW(win.act_min), LK(K_32767)),
    R_RANGE_(TNM_FIELD_LAYER_PARAMS, LP(10), LK(K_0), LK(K_1)), R_END_};

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params;
    const tnm_tensor_view *f = &L->in[1];
    int32_t groups;
    tnm_status st;
    L->win.act_min = p[0];
    L->win.act_max = p[1];
    /* params 2..9 are stride, pad, dilation, filter (h, w each): the window's order */
    memcpy(&L->win.stride_h, &p[2], 8u * sizeof(int32_t));
    L->out_channels = L->out.nhwc.c;
    L->quant_expected = (uint32_t)L->out_channels;
    L->macs = (int64_t)tnm_mul_cap(tnm_mul_cap((uint64_t)p[8] * (uint64_t)p[9], (uint64_t)f->nhwc.c),
                                   (uint64_t)L->out.elements);
    /* the patch form's scratch (0 for grouped filters and windows over its limit) */
    L->scratch_size = tnm_conv_16x8_scratch_size(&L->in[0].nhwc, &f->nhwc);
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if ((st = tnm_run_rules(k_rules, L, err)) != TNM_OK) return st;
    if (p[0] < -32768)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, L->index, p[0], -32768);
    /* the filter [out_c, fh, fw, channels of a group]: its channels divide the input's, the
     * groups divide the output channels */
    if ((st = tnm_check_weights_bias(L, (uint64_t)f->size_bytes, L->out_channels, err)) != TNM_OK) return st;
    if (f->rank != 4 || f->nhwc.n != L->out_channels || f->nhwc.h != p[8] || f->nhwc.w != p[9])
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS_SIZE, L->index, f->nhwc.n, L->out_channels);
    if (L->in[0].nhwc.c % f->nhwc.c != 0 || L->out_channels % (groups = L->in[0].nhwc.c / f->nhwc.c) != 0)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, f->nhwc.c, L->in[0].nhwc.c);
    if ((int64_t)p[8] * p[9] * f->nhwc.c > ((int64_t)1 << 24))
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_FILTER_SIZE, L->index, f->nhwc.c, 1 << 24);
    /* The per-channel shifts are checked by the runtime after this (placement, [-31, 30]); the
     * 64-bit requantization's [-31, 7] by the kernel at invoke (the compiler refuses more). */
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_conv_16x8_params cp;
    tnm_quant quant;
    const int32_t *bias = L->input_ix[2] != TNM_NO_TENSOR ? (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[2]) : NULL;
    (void)err;
    cp.act_min = p[0];
    cp.act_max = p[1];
    memcpy(&cp.stride_h, &p[2], 6u * sizeof(int32_t)); /* stride, pad, dilation */
    cp.wide = p[10];
    quant.multiplier = (const int32_t *)(const void *)(L->blob + L->quant_offset);
    quant.shift = (const int8_t *)(const void *)(L->blob + L->quant_offset + 4u * L->quant_count);
    return tnm_conv_16x8(&cp, &quant, &L->in[0].nhwc, (const int16_t *)TNM_INPUT_DATA(L, arena, &L->in[0]),
                         &L->in[1].nhwc, TNM_INPUT_S8(L, arena, &L->in[1]), bias, &L->out.nhwc,
                         (int16_t *)(void *)(arena + L->out.offset),
                         L->scratch_size > 0 ? (void *)(arena + L->scratch_offset) : NULL);
}

/* optional: bias (input 2); constant: filter and bias */
const tnm_op_module tnm_module_CONV_2D_16X8 = {check, invoke, 4u, 6u, 0, 0};
