/*
 * Checks shared by the operator modules: the rule runner (an op's type, shape and param
 * checks as data, 5 bytes a rule where the same check in code takes about 20) and the
 * helpers for what does not fit a rule.
 */
#include <string.h>

#include "tnm_runtime_internal.h"

static const int32_t k_rule_constants[] = {
    0, 1, 4, TNM_TYPE_INT8, -128, 127, -127, 128, 20, -31, 30, 65535,
    1 << 23, 1 << 30, INT32_MIN + 1, INT32_MAX, 0x3B800000 /* bits of 1/256 */,
    0x3C000000 /* bits of 1/128 */, 32767, 31, INT32_MIN, TNM_TYPE_INT16, 15,
    0x3D800000 /* bits of 1/16 */
};

typedef char tnm_rule_view_fits[sizeof(tnm_layer_view) <= 4u * 0xC0u ? 1 : -1];

/* One spatial axis of a windowed op (conv, depthwise, pool). The output size must be
 * what TFLite's VALID padding gives (with pad 0) or what SAME gives, and then pad must
 * be the top/left half of SAME's total padding (explicit geometry, TNM_LAYER_STRIP: check_explicit_window). Called after the range checks: in, out,
 * filter, stride, dilation in [1, 65535] and (filter - 1) * dilation <= 65534, so 32-bit
 * arithmetic is exact (and its division one instruction, not a 64-bit library call). */
static tnm_status check_window(int32_t in, int32_t out, int32_t filter, int32_t stride,
                               int32_t dilation, int32_t pad, int32_t ix, tnm_error *err)
{
    const int32_t eff = (filter - 1) * dilation + 1;
    const int32_t valid_out = (in + stride - eff) / stride; /* truncates toward zero */
    const int32_t same_out = (in + stride - 1) / stride;
    int32_t total;
    tnm_status st;

    st = tnm_check_range(pad, 0, eff - 1, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, err);
    if (st != TNM_OK) return st;
    if (pad == 0 && out == valid_out) return TNM_OK;
    if (out != same_out)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, out,
                        pad == 0 && valid_out >= 1 ? valid_out : same_out);
    /* out == ceil(in / stride), so (out - 1) * stride < in */
    total = (out - 1) * stride + eff - in;
    if (total < 0) total = 0;
    if (pad != total / 2)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, pad, total / 2);
    return TNM_OK;
}

/* One axis of a layer with explicit window geometry (TNM_LAYER_STRIP: a row strip of a
 * patch-executed stage, or a phase of a lowered TRANSPOSE_CONV), run only where check_window
 * refused it as SAME or VALID: any leading pad in [0, eff - 1] and any output size whose every
 * window touches the input: the last one starts at (out - 1) * stride - pad <= in - 1, so its
 * trailing padding is below eff. 32 bits: in - 1 + pad <= 131069. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static tnm_status check_explicit_window(int32_t in, int32_t out, int32_t filter, int32_t stride, int32_t dilation,
                                        int32_t pad, int32_t ix, tnm_error *err)
{
    const int32_t eff = (filter - 1) * dilation + 1, most = (in - 1 + pad) / stride + 1;
    const tnm_status st = tnm_check_range(pad, 0, eff - 1, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, err);
    if (st != TNM_OK) return st;
    if (out > most) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, out, most);
    return TNM_OK;
}

/* Word o of the view (memcpy: its float words are read as their bits). */
static int32_t view_word(const tnm_layer_view *L, uint8_t o)
{
    int32_t v;
    memcpy(&v, (const uint8_t *)L + 4u * o, sizeof v);
    return v;
}

/* A bound: a word of the view or a constant. */
static int32_t rule_bound(const tnm_layer_view *L, uint8_t o)
{
    return o >= 0xC0u ? k_rule_constants[o - 0xC0u] : view_word(L, o);
}

/* Run by R_WINDOWED. */
static const tnm_rule k_rules_windowed[] = {R_INT8_IO, R_SPATIAL, R_END_};

/* Runs the rules up to R_END. Operand a is always a word of the view (the value
 * checked; for R_WINDOW and R_END a small number, read and ignored). */
tnm_status tnm_run_rules(const tnm_rule *r, const tnm_layer_view *L, tnm_error *err)
{
    const int32_t ix = L->index;
    /* rules only validate: not again for a blob tnm_model_check accepted (read-only path) */
    if (L->hdr->trusted) return TNM_OK;
    for (;; ++r) {
        const int kind = r->kind & 7;
        const int32_t a = view_word(L, r->a);
        const int32_t b = rule_bound(L, r->b);
        int32_t limit;
        if (kind == R_EQ) {
            if (a == b) continue;
            limit = b;
        } else if (kind == R_RANGE) {
            const int32_t hi = rule_bound(L, r->c);
            if (a < b) limit = b;
            else if (a > hi) limit = hi;
            else continue;
        } else if (kind == R_MULT) {
            if (a == 0 || a >= (1 << 30)) continue;
            limit = 1 << 30;
        } else if (kind == R_DILATED) { /* both in [1, 65535] by then: the product fits in 32 bits */
            if (b <= 1 || (uint32_t)(b - 1) * (uint32_t)a <= 65534u) continue;
            limit = 65534 / (b - 1);
        } else if (kind == R_WINDOW) {
            const tnm_window *w = &L->win;
            const int32_t in = r->a ? L->in[0].nhwc.w : L->in[0].nhwc.h, out = r->a ? L->out.nhwc.w : L->out.nhwc.h;
            const int32_t filter = r->a ? w->filter_w : w->filter_h, stride = r->a ? w->stride_w : w->stride_h;
            const int32_t dilation = r->a ? w->dilation_w : w->dilation_h, pad = r->a ? w->pad_w : w->pad_h;
            tnm_status st = check_window(in, out, filter, stride, dilation, pad, ix, err);
            /* explicit geometry: the relaxed rule (only where the SAME/VALID rule refused it) */
            if (st != TNM_OK && (L->layer_flags & TNM_LAYER_STRIP) != 0)
                st = check_explicit_window(in, out, filter, stride, dilation, pad, ix, err);
            if (st != TNM_OK) return st;
            continue;
        } else if (kind == R_WINDOWED) {
            const tnm_status st = tnm_run_rules(k_rules_windowed, L, err);
            if (st != TNM_OK) return st;
            continue;
        } else { /* R_END */
            return TNM_OK;
        }
        return tnm_fail(err, (r->kind & R_UNSUPPORTED) ? TNM_ERR_UNSUPPORTED : TNM_ERR_FORMAT,
                        (tnm_field)r->field,
                        (r->kind & R_AT_OUTPUT) ? (int32_t)L->output_ix
                        : (r->kind & R_AT_INPUT) ? (int32_t)L->input_ix[0] : ix,
                        a, limit);
    }
}

tnm_status tnm_check_int8_io(const tnm_layer_view *L, tnm_error *err)
{
    if (L->in[0].type != TNM_TYPE_INT8)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, L->in[0].type,
                        TNM_TYPE_INT8);
    if (L->out.type != TNM_TYPE_INT8)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, L->out.type,
                        TNM_TYPE_INT8);
    return TNM_OK;
}

tnm_status tnm_check_offsets_activation(const tnm_layer_view *L, int offsets, tnm_error *err)
{
    const int32_t *p = L->params;
    const int32_t ix = L->index;
    tnm_status st;
    if (offsets) { /* both tensors int8 here: no overflow */
        if (p[0] != -L->in[0].zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, ix, p[0], -L->in[0].zero_point);
        if (p[1] != L->out.zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, ix, p[1], L->out.zero_point);
    }
    /* act_min in [-128, 127], act_max in [act_min, 127] */
    st = tnm_check_range(L->win.act_min, -128, 127, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, ix, err);
    if (st != TNM_OK) return st;
    return tnm_check_range(L->win.act_max, L->win.act_min, 127, TNM_ERR_FORMAT,
                           TNM_FIELD_LAYER_ACTIVATION, ix, err);
}

tnm_status tnm_check_constant_input(const tnm_layer_view *L, uint32_t k, int32_t type,
                                    uint64_t bytes, tnm_field field, tnm_error *err)
{
    const int32_t ix = L->index;
    const tnm_tensor_view *t = &L->in[k];
    /* (tensor, -1): absent or not a constant */
    if (L->input_ix[k] == TNM_NO_TENSOR || t->flags != TNM_TENSOR_CONSTANT)
        return tnm_fail(err, TNM_ERR_FORMAT, field, ix,
                        L->input_ix[k] == TNM_NO_TENSOR ? -1 : (int32_t)L->input_ix[k], -1);
    if (t->type != type)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, t->type, type);
    if ((uint64_t)t->size_bytes != bytes)
        return tnm_fail(err, TNM_ERR_FORMAT,
                        field == TNM_FIELD_LAYER_WEIGHTS ? TNM_FIELD_LAYER_WEIGHTS_SIZE : field, ix,
                        tnm_bits_i32(t->size_bytes),
                        tnm_bits_i32(bytes > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)bytes));
    return TNM_OK;
}

tnm_status tnm_check_weights_bias(const tnm_layer_view *L, uint64_t weight_bytes, int32_t channels,
                                  tnm_error *err)
{
    const tnm_status st = tnm_check_constant_input(L, 1, TNM_TYPE_INT8, weight_bytes, TNM_FIELD_LAYER_WEIGHTS, err);
    if (st != TNM_OK || L->input_ix[2] == TNM_NO_TENSOR) return st;
    return tnm_check_constant_input(L, 2, TNM_TYPE_INT32, 4u * (uint64_t)channels, TNM_FIELD_LAYER_BIAS, err);
}

tnm_status tnm_check_same_quant(const tnm_layer_view *L, const tnm_tensor_view *in,
                                uint32_t in_ix, tnm_error *err)
{
    const tnm_tensor_view *o = &L->out;
    (void)in_ix;
    if (in->type != o->type)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, o->type, in->type);
    if (in->type == TNM_TYPE_INT8 || in->type == TNM_TYPE_UINT8 || in->type == TNM_TYPE_INT16) {
        if (o->zero_point != in->zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)L->output_ix,
                            o->zero_point, in->zero_point);
        if (tnm_f32_bits(o->scale) != tnm_f32_bits(in->scale))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)L->output_ix,
                            tnm_bits_i32(tnm_f32_bits(o->scale)), tnm_bits_i32(tnm_f32_bits(in->scale)));
    }
    return TNM_OK;
}
