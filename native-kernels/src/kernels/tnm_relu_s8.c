/* RELU, RELU6, LEAKY_RELU and PRELU, int8 -> int8, as TFLM's int8 kernels compute them:
 *   RELU       ReluQuantized: requantize to the output scale, clamp to [output zero
 *              point, 127] (TFLM always requantizes; equal scales give the identity).
 *   RELU6      Relu6Quantized: a clamp to [zero, six] in the input's quantization;
 *              TFLM does not requantize RELU6.
 *   LEAKY_RELU QuantizeLeakyRelu: identity or alpha multiplier by the input's sign.
 *   PRELU      BroadcastPrelu4DSlow: per-element alpha (broadcast), two multipliers. */
#include "tnm_broadcast_internal.h"
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

static int zero_point_ok(int32_t zp) { return zp >= -128 && zp <= 127; }

tnm_status tnm_relu_s8(const tnm_relu_params *params, int32_t count, const int8_t *input,
                       int8_t *output)
{
    tnm_relu_params p; /* a local copy: the int8 output stores may alias *params */
    int32_t i;
    if (params == 0 || input == 0 || output == 0 || count < 0) return TNM_ERR_ARGUMENT;
    if (!zero_point_ok(params->input_zero_point) || !zero_point_ok(params->output_zero_point) ||
        !tnm_multiplier_ok(params->output_multiplier, params->output_shift) ||
        !tnm_act_range_ok(params->act_min, params->act_max)) {
        return TNM_ERR_ARGUMENT;
    }
    p = *params;
    for (i = 0; i < count; ++i) {
        const int32_t v = tnm_mbqm((int32_t)input[i] - p.input_zero_point, p.output_multiplier,
                                   p.output_shift);
        output[i] = (int8_t)tnm_clamp(tnm_wrap_add(v, p.output_zero_point), p.act_min, p.act_max);
    }
    return TNM_OK;
}

tnm_status tnm_relu6_s8(const tnm_relu6_params *params, int32_t count, const int8_t *input,
                        int8_t *output)
{
    int32_t i, zero, six;
    if (params == 0 || input == 0 || output == 0 || count < 0) return TNM_ERR_ARGUMENT;
    if (!zero_point_ok(params->zero) || !zero_point_ok(params->six)) return TNM_ERR_ARGUMENT;
    zero = params->zero;
    six = params->six;
    for (i = 0; i < count; ++i) {
        /* TFLM: val > six ? six : (val < zero ? zero : val) */
        const int32_t v = input[i];
        output[i] = (int8_t)(v > six ? six : (v < zero ? zero : v));
    }
    return TNM_OK;
}

/* QuantizeLeakyRelu for one value x - input zero point: TFLite scales by |alpha multiplier|
 * and negates afterwards for a negative alpha. */
static int32_t leaky_one(const tnm_leaky_relu_params *p, int32_t alpha_multiplier, int alpha_negative, int32_t x)
{
    int32_t v;
    if (x >= 0) {
        v = tnm_mbqm(x, p->identity_multiplier, p->identity_shift);
    } else {
        v = tnm_mbqm(x, alpha_multiplier, p->alpha_shift);
        if (alpha_negative) v = tnm_wrap_sub(0, v);
    }
    return tnm_wrap_add(p->output_zero_point, v);
}

/* The multipliers as the kernel takes them; the zero points in [lo, hi]. */
static int leaky_args_ok(const tnm_leaky_relu_params *params, int32_t lo, int32_t hi)
{
    return params->input_zero_point >= lo && params->input_zero_point <= hi && params->output_zero_point >= lo &&
           params->output_zero_point <= hi && tnm_multiplier_ok(params->identity_multiplier, params->identity_shift) &&
           params->alpha_multiplier != INT32_MIN && params->alpha_shift >= -31 && params->alpha_shift <= 30;
}

tnm_status tnm_leaky_relu_s8(const tnm_leaky_relu_params *params, int32_t count,
                             const int8_t *input, int8_t *output)
{
    int32_t i, alpha_multiplier, alpha_negative;
    if (params == 0 || input == 0 || output == 0 || count < 0 || !leaky_args_ok(params, -128, 127)) return TNM_ERR_ARGUMENT;
    alpha_negative = params->alpha_multiplier < 0;
    alpha_multiplier = alpha_negative ? -params->alpha_multiplier : params->alpha_multiplier;
    for (i = 0; i < count; ++i)
        output[i] = (int8_t)tnm_clamp(leaky_one(params, alpha_multiplier, alpha_negative, (int32_t)input[i] - params->input_zero_point),
                                      -128, 127);
    return TNM_OK;
}

tnm_status tnm_leaky_relu_s16(const tnm_leaky_relu_params *params, int32_t count,
                              const int16_t *input, int16_t *output)
{
    int32_t i, alpha_negative;
    tnm_opt_rq_side identity, alpha;
    const int32_t zp_in = params != 0 ? params->input_zero_point : 0, zp_out = params != 0 ? params->output_zero_point : 0;
    if (params == 0 || input == 0 || output == 0 || count < 0 || !leaky_args_ok(params, -32768, 32767))
        return TNM_ERR_ARGUMENT;
    alpha_negative = params->alpha_multiplier < 0;
    tnm_opt_rq_side_prepare(&identity, params->identity_multiplier, params->identity_shift);
    tnm_opt_rq_side_prepare(&alpha, alpha_negative ? -params->alpha_multiplier : params->alpha_multiplier, params->alpha_shift);
    /* QuantizeLeakyRelu per value (|x| < 2^16), as leaky_one computes it */
    for (i = 0; i < count; ++i) {
        const int32_t x = (int32_t)input[i] - zp_in;
        int32_t v;
        if (x >= 0) {
            v = tnm_opt_rq_side_apply(&identity, x);
        } else {
            v = tnm_opt_rq_side_apply(&alpha, x);
            if (alpha_negative) v = tnm_wrap_sub(0, v);
        }
        output[i] = (int16_t)tnm_opt_sat16(tnm_wrap_add(zp_out, v));
    }
    return TNM_OK;
}

tnm_status tnm_prelu_s8(const tnm_prelu_params *params,
                        const tnm_dims *input, const int8_t *input_data,
                        const tnm_dims *alpha, const int8_t *alpha_data,
                        const tnm_dims *output, int8_t *output_data)
{
    tnm_prelu_params p;
    tnm_broadcast_strides si, sa;
    int32_t b, y, x, c, out_n, out_h, out_w, out_c;
    if (params == 0 || input_data == 0 || alpha_data == 0 || output_data == 0) {
        return TNM_ERR_ARGUMENT;
    }
    if (!tnm_dims_ok(input) || !tnm_dims_ok(alpha) || !tnm_dims_ok(output) ||
        !tnm_broadcast_ok(input, output) || !tnm_broadcast_ok(alpha, output)) {
        return TNM_ERR_ARGUMENT;
    }
    if (!tnm_input_offset_ok(params->input_offset) || !tnm_input_offset_ok(params->alpha_offset) ||
        !tnm_output_offset_ok(params->output_offset) ||
        !tnm_multiplier_ok(params->output_multiplier_1, params->output_shift_1) ||
        !tnm_multiplier_ok(params->output_multiplier_2, params->output_shift_2)) {
        return TNM_ERR_ARGUMENT;
    }
    p = *params; /* local copies: the int8 output stores may alias the structs */
    out_n = output->n;
    out_h = output->h;
    out_w = output->w;
    out_c = output->c;
    si = tnm_broadcast_strides_for(input);
    sa = tnm_broadcast_strides_for(alpha);
    for (b = 0; b < out_n; ++b) {
        for (y = 0; y < out_h; ++y) {
            for (x = 0; x < out_w; ++x) {
                const int8_t *in = input_data + b * si.n + y * si.h + x * si.w;
                const int8_t *al = alpha_data + b * sa.n + y * sa.h + x * sa.w;
                int8_t *o = output_data + ((b * out_h + y) * out_w + x) * out_c;
                for (c = 0; c < out_c; ++c) {
                    const int32_t v_in = p.input_offset + in[c * si.c];
                    int32_t v;
                    if (v_in >= 0) {
                        v = tnm_mbqm(v_in, p.output_multiplier_1, p.output_shift_1);
                    } else {
                        /* |product| <= 255 * 255 */
                        v = tnm_mbqm(v_in * (p.alpha_offset + al[c * sa.c]),
                                     p.output_multiplier_2, p.output_shift_2);
                    }
                    o[c] = (int8_t)tnm_clamp(tnm_wrap_add(v, p.output_offset), -128, 127);
                }
            }
        }
    }
    return TNM_OK;
}
