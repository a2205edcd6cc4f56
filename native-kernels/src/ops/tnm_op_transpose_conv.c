/* TRANSPOSE_CONV: inputs [input int8 NHWC, filter constant int8 [out_c, filter_h, filter_w,
 * in_c], bias constant int32 [out_c] or none] (the compiler drops TFLite's output-shape
 * operand and reorders the rest), per-channel requantization (quant_count = out_c). Also 16x8:
 * input and output int16 with zero points 0 (offsets 0), the int16 activation range. */
#include "../runtime/tnm_runtime_internal.h"

/* One axis: stride in [1, 65535], pad as TFLite's ComputePaddingHeightWidth gives it with the
 * output size as the image, for SAME (ceil(out / stride) = in) as for VALID ((out - filter) /
 * stride + 1 = in): max(((in - 1) * stride + filter - out) / 2, 0). Any output size is run
 * (the kernel skips taps outside it), as TFLM does. */
static tnm_status check_axis(const tnm_layer_view *L, int32_t in, int32_t out, int32_t filter, int32_t stride,
                             int32_t pad, tnm_error *err)
{
    int32_t want;
    tnm_status st = tnm_check_range(stride, 1, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_STRIDE, L->index, err);
    if (st != TNM_OK) return st;
    want = (int32_t)(((int64_t)(in - 1) * stride + filter - out) / 2);
    if (want < 0) want = 0;
    if (pad != want) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, L->index, pad, want);
    return TNM_OK;
}

/* 16x8: int16 out, zero points 0 and offsets 0, act_min <= act_max <= 32767 (act_min's lower
 * bound in check) */
static const tnm_rule k_rules_16x8[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT16),
    TNM_RULE(R_EQ | R_AT_INPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(in[0].zero_point), LK(K_0), 0),
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_0), 0),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LK(K_0)), R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LK(K_0)),
    R_RANGE_(TNM_FIELD_LAYER_ACTIVATION, LW(win.act_max), LW(win.act_min), LK(K_32767)), R_END_};

static void filter_dims(const tnm_layer_view *L, tnm_dims *f)
{
    /* [out_c, filter_h, filter_w, in_c] from the filter tensor (rank 4) */
    f->n = L->out.nhwc.c;
    f->h = L->in[1].nhwc.h;
    f->w = L->in[1].nhwc.w;
    f->c = L->in[0].nhwc.c;
}

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params;
    const int32_t ix = L->index;
    tnm_dims f;
    tnm_status st;
    L->win.act_min = p[2];
    L->win.act_max = p[3];
    if (L->in[0].type == TNM_TYPE_INT16) {
        if ((st = tnm_run_rules(k_rules_16x8, L, err)) != TNM_OK) return st;
        if (p[2] < -32768) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, ix, p[2], -32768);
    } else {
        if ((st = tnm_check_int8_io(L, err)) != TNM_OK) return st;
        if ((st = tnm_check_offsets_activation(L, 1, err)) != TNM_OK) return st;
    }
    if (L->in[0].rank != 4 || L->out.rank != 4 || L->out.nhwc.n != L->in[0].nhwc.n)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.nhwc.n, L->in[0].nhwc.n);
    /* the filter: constant int8 [out_c, h, w, in_c] */
    if (L->input_ix[1] != TNM_NO_TENSOR && L->in[1].rank == 4 &&
        (L->in[1].nhwc.n != L->out.nhwc.c || L->in[1].nhwc.c != L->in[0].nhwc.c))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS_SIZE, ix, L->in[1].nhwc.n, L->out.nhwc.c);
    if (L->input_ix[1] != TNM_NO_TENSOR && L->in[1].rank != 4)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->in[1].rank, 4);
    filter_dims(L, &f);
    st = tnm_check_weights_bias(
        L, tnm_mul_cap(tnm_mul_cap((uint64_t)f.n, (uint64_t)f.h), tnm_mul_cap((uint64_t)f.w, (uint64_t)f.c)), f.n, err);
    if (st != TNM_OK) return st;
    if ((st = tnm_check_range(p[6], 0, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, err)) != TNM_OK) return st;
    if ((st = tnm_check_range(p[7], 0, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, err)) != TNM_OK) return st;
    if ((st = check_axis(L, L->in[0].nhwc.h, L->out.nhwc.h, f.h, p[4], p[6], err)) != TNM_OK) return st;
    if ((st = check_axis(L, L->in[0].nhwc.w, L->out.nhwc.w, f.w, p[5], p[7], err)) != TNM_OK) return st;
    L->out_channels = f.n;
    L->quant_expected = (uint32_t)f.n;
    L->macs = (int64_t)tnm_mul_cap(tnm_mul_cap((uint64_t)L->in[0].elements, (uint64_t)f.n),
                                   tnm_mul_cap((uint64_t)f.h, (uint64_t)f.w));
    L->scratch_size = tnm_transpose_conv_s8_scratch_size(&L->in[0].nhwc, &f, &L->out.nhwc);
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_transpose_conv_params tp;
    tnm_quant quant;
    tnm_dims f;
    const int32_t *bias = L->input_ix[2] != TNM_NO_TENSOR
                              ? (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[2]) : NULL;
    (void)err;
    quant.multiplier = (const int32_t *)(const void *)(L->blob + L->quant_offset);
    quant.shift = (const int8_t *)(const void *)(L->blob + L->quant_offset + 4u * L->quant_count);
    tp.input_offset = p[0];
    tp.output_offset = p[1];
    tp.act_min = p[2];
    tp.act_max = p[3];
    tp.stride_h = p[4];
    tp.stride_w = p[5];
    tp.pad_h = p[6];
    tp.pad_w = p[7];
    filter_dims(L, &f);
    if (L->in[0].type == TNM_TYPE_INT16)
        return tnm_transpose_conv_16x8(&tp, &quant, &L->in[0].nhwc, (const int16_t *)TNM_INPUT_DATA(L, arena, &L->in[0]),
                                       &f, TNM_INPUT_S8(L, arena, &L->in[1]), bias, &L->out.nhwc,
                                       (int16_t *)(void *)(arena + L->out.offset));
    return tnm_transpose_conv_s8(&tp, &quant, &L->in[0].nhwc, TNM_INPUT_S8(L, arena, &L->in[0]), &f,
                                 TNM_INPUT_S8(L, arena, &L->in[1]), bias, &L->out.nhwc, TNM_ARENA_S8(arena, &L->out),
                                 L->scratch_size > 0 ? (void *)(arena + L->scratch_offset) : NULL);
}

/* optional: bias (input 2); constant: filter and bias */
const tnm_op_module tnm_module_TRANSPOSE_CONV = {check, invoke, 4u, 6u, 0, 0};
