/* CONV_2D and DEPTHWISE_CONV_2D: inputs [input, filter (constant int8), bias (constant
 * int32, optional)], per-channel requantization (tnm_model.h). */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"

static const tnm_rule k_rules_conv[] = {R_INT8_IO_SPATIAL, R_OFFSETS, R_ACTIVATION, R_END_};
static const tnm_rule k_rules_depthwise[] = {
    R_INT8_IO_SPATIAL, R_RANGE_(TNM_FIELD_LAYER_DEPTH_MULTIPLIER, LP(12), LK(K_1), LK(K_65535)),
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LX(X_OP_VALUE)), R_OFFSETS, R_ACTIVATION, R_END_};

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void filter_dims(const tnm_layer_view *L, int depthwise, tnm_dims *filter)
{
    filter->n = depthwise ? 1 : L->out.nhwc.c;
    filter->h = L->params[10];
    filter->w = L->params[11];
    filter->c = depthwise ? L->out.nhwc.c : L->in[0].nhwc.c;
}

/* The two kernels share their signatures: one call site each, through these. */
typedef int32_t (*scratch_fn)(const tnm_dims *, const tnm_dims *, const tnm_dims *);
typedef tnm_status (*conv_fn)(const tnm_conv_params *, const tnm_quant *, const tnm_dims *,
                              const int8_t *, const tnm_dims *, const int8_t *, const int32_t *,
                              const tnm_dims *, int8_t *, void *);

static tnm_status check(tnm_layer_view *L, int depthwise, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_window *w = &L->win;
    uint64_t per_output;
    tnm_dims filter;
    tnm_status st;
    const scratch_fn scratch = depthwise ? tnm_depthwise_conv_s8_scratch_size : tnm_conv_s8_scratch_size;
    w->act_min = p[2];
    w->act_max = p[3];
    /* params 4..11 are stride, pad, dilation, filter (h, w each): the window's order */
    memcpy(&w->stride_h, &p[4], 8u * sizeof(int32_t));
    if (depthwise) L->derived[X_OP_VALUE] = tnm_count_i32((int64_t)L->in[0].nhwc.c * p[12]);
    if ((st = tnm_run_rules(depthwise ? k_rules_depthwise : k_rules_conv, L, err)) != TNM_OK) return st;
    /* weights per output channel: the window (times the input channels for CONV_2D) */
    per_output = tnm_mul_cap((uint64_t)p[10], (uint64_t)p[11]);
    if (!depthwise) per_output = tnm_mul_cap(per_output, (uint64_t)L->in[0].nhwc.c);
    L->out_channels = L->out.nhwc.c;
    st = tnm_check_weights_bias(L, tnm_mul_cap(per_output, (uint64_t)L->out_channels), L->out_channels, err);
    if (st != TNM_OK) return st;
    L->macs = (int64_t)tnm_mul_cap(per_output, (uint64_t)L->out.elements);
    /* The conv kernels take one multiplier per output channel (tnm_kernels.h): the
     * compiler expands per-tensor quantization. */
    L->quant_expected = (uint32_t)L->out_channels;
    filter_dims(L, depthwise, &filter);
    L->scratch_size = scratch(&L->in[0].nhwc, &filter, &L->out.nhwc);
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, int depthwise)
{
    const int32_t *p = L->params;
    tnm_conv_params cp;
    tnm_quant quant;
    tnm_dims filter;
    const int32_t *bias = L->input_ix[2] != TNM_NO_TENSOR
                              ? (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[2]) : NULL;
    void *scratch = L->scratch_size > 0 ? (void *)(arena + L->scratch_offset) : NULL;
    const conv_fn kernel = depthwise ? tnm_depthwise_conv_s8 : tnm_conv_s8;
    quant.multiplier = (const int32_t *)(const void *)(L->blob + L->quant_offset);
    quant.shift = (const int8_t *)(const void *)(L->blob + L->quant_offset + 4u * L->quant_count);
    cp.input_offset = p[0];
    cp.output_offset = p[1];
    cp.act_min = p[2];
    cp.act_max = p[3];
    /* params 4..9: stride, pad, dilation (h, w each), the struct's order */
    memcpy(&cp.stride_h, &p[4], 6u * sizeof(int32_t));
    cp.depth_multiplier = depthwise ? p[12] : 1;
    filter_dims(L, depthwise, &filter);
    return kernel(&cp, &quant, &L->in[0].nhwc, TNM_INPUT_S8(L, arena, &L->in[0]), &filter,
                  TNM_INPUT_S8(L, arena, &L->in[1]), bias, &L->out.nhwc, TNM_ARENA_S8(arena, &L->out),
                  scratch);
}

static tnm_status check_conv(tnm_layer_view *L, tnm_error *err) { return check(L, 0, err); }
static tnm_status check_depthwise(tnm_layer_view *L, tnm_error *err) { return check(L, 1, err); }
static tnm_status invoke_conv(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)err;
    return invoke(L, arena, 0);
}
static tnm_status invoke_depthwise(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)err;
    return invoke(L, arena, 1);
}

/* optional: bias (input 2); constant: filter and bias */
const tnm_op_module tnm_module_CONV_2D = {check_conv, invoke_conv, 4u, 6u, 0, 0};
const tnm_op_module tnm_module_DEPTHWISE_CONV_2D = {check_depthwise, invoke_depthwise, 4u, 6u, 0, 0};
