/* TRANSPOSE_CONV, int8 per channel and int16 16x8 (TFLite reference_integer_ops::TransposeConv).
 * TFLM scatters every input pixel times the filter into an int32 buffer the size of
 * the output. Here each output pixel gathers the (input pixel, filter tap) pairs that
 * land on it: oy = iy * stride - pad + fy, so fy runs over the taps with
 * fy = oy + pad (mod stride) and iy = (oy + pad - fy) / stride inside the input. The
 * sums are the same wrapped int32 sums (addition modulo 2^32 does not depend on the
 * order), with no buffer. */
#include <stddef.h>

#include "tnm_fixedpoint_internal.h"

int32_t tnm_transpose_conv_s8_scratch_size(const tnm_dims *input, const tnm_dims *filter,
                                           const tnm_dims *output)
{
    (void)input;
    (void)filter;
    (void)output;
    return 0;
}

/* The taps f in [*first, *stop), step stride, that put an input pixel on output
 * coordinate o: f = o + pad - i * stride with input coordinate i in [0, in_size) and
 * f in [0, filter_size). The first is the largest such i, min(in_size - 1, t / stride);
 * f <= t bounds the rest. 32-bit arithmetic only: i * stride <= t. */
static void tap_range(int32_t o, int32_t pad, int32_t stride, int32_t filter_size,
                      int32_t in_size, int32_t *first, int32_t *stop)
{
    const int32_t t = o + pad; /* >= 0 */
    int32_t i_max = t / stride;
    if (i_max > in_size - 1) i_max = in_size - 1;
    *first = t - i_max * stride;
    *stop = t < filter_size ? t + 1 : filter_size;
}

/* Both element types: int8 (in8/out8: int32 sums wrapping as TFLM's, the 32-bit
 * requantization) or int16 16x8 (in16/out16: int64 sums and TFLite's 64-bit requantization, as
 * TFLM's int16 kernel, whose scratch is int64; no offsets). Arguments checked by the callers. */
static void run(const tnm_transpose_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                const int8_t *in8, const int16_t *in16, const tnm_dims *filter, const int8_t *filter_data,
                const int32_t *bias, const tnm_dims *output, int8_t *out8, int16_t *out16)
{
    /* Locals: the int8 output stores may alias the structs. */
    const int32_t in_h = input->h, in_w = input->w, in_c = input->c;
    const int32_t f_h = filter->h, f_w = filter->w;
    const int32_t out_h = output->h, out_w = output->w, out_c = output->c, batches = output->n;
    const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
    const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
    const int32_t input_offset = params->input_offset, output_offset = params->output_offset;
    const int32_t act_min = params->act_min, act_max = params->act_max;
    const int32_t *multiplier = quant->multiplier;
    const int8_t *shift = quant->shift;
    const size_t image = (size_t)in_h * in_w * in_c;
    int32_t b, oy, ox, oc, c;
    for (b = 0; b < batches; ++b) {
        for (oy = 0; oy < out_h; ++oy) {
            int32_t fy_first, fy_stop;
            tap_range(oy, pad_h, stride_h, f_h, in_h, &fy_first, &fy_stop);
            for (ox = 0; ox < out_w; ++ox) {
                int32_t fx_first, fx_stop;
                tap_range(ox, pad_w, stride_w, f_w, in_w, &fx_first, &fx_stop);
                for (oc = 0; oc < out_c; ++oc) {
                    uint32_t acc = 0;
                    int64_t wide = 0;
                    int32_t fy, fx;
                    for (fy = fy_first; fy < fy_stop; fy += stride_h) {
                        const int32_t iy = (oy + pad_h - fy) / stride_h;
                        for (fx = fx_first; fx < fx_stop; fx += stride_w) {
                            const int32_t ix = (ox + pad_w - fx) / stride_w;
                            const size_t at = (size_t)b * image + ((size_t)iy * in_w + ix) * in_c;
                            const int8_t *w = filter_data + (((size_t)oc * f_h + fy) * f_w + fx) * in_c;
                            if (in16 != NULL) {
                                for (c = 0; c < in_c; ++c) wide += (int32_t)in16[at + c] * w[c];
                            } else {
                                for (c = 0; c < in_c; ++c) acc += (uint32_t)((in8[at + c] + input_offset) * w[c]);
                            }
                        }
                    }
                    if (out16 != NULL) {
                        if (bias != 0) wide += bias[oc];
                        *out16++ = (int16_t)tnm_clamp(tnm_mbqm64(wide, multiplier[oc], shift[oc]), act_min, act_max);
                    } else {
                        if (bias != 0) acc += (uint32_t)bias[oc];
                        *out8++ = tnm_output_s8(acc, multiplier[oc], shift[oc], output_offset, act_min, act_max);
                    }
                }
            }
        }
    }
}

/* The checks both types share: dims, the window's arithmetic range. */
static int shapes_ok(const tnm_transpose_conv_params *params, const tnm_dims *input, const tnm_dims *filter,
                     const tnm_dims *output)
{
    if (!tnm_dims_ok(input) || !tnm_dims_ok(filter) || !tnm_dims_ok(output)) return 0;
    if (output->n != input->n || filter->c != input->c || output->c != filter->n) return 0;
    return params->stride_h >= 1 && params->stride_w >= 1 && params->pad_h >= 0 && params->pad_w >= 0 &&
           (int64_t)output->h + params->pad_h <= INT32_MAX && (int64_t)output->w + params->pad_w <= INT32_MAX &&
           (int64_t)filter->h + params->stride_h <= INT32_MAX && (int64_t)filter->w + params->stride_w <= INT32_MAX;
}

tnm_status tnm_transpose_conv_s8(const tnm_transpose_conv_params *params,
                                 const tnm_quant *quant,
                                 const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *filter, const int8_t *filter_data,
                                 const int32_t *bias,
                                 const tnm_dims *output, int8_t *output_data,
                                 void *scratch)
{
    (void)scratch;
    if (params == 0 || quant == 0 || quant->multiplier == 0 || quant->shift == 0 ||
        input_data == 0 || filter_data == 0 || output_data == 0 || input == 0 || filter == 0 || output == 0)
        return TNM_ERR_ARGUMENT;
    if (!shapes_ok(params, input, filter, output)) return TNM_ERR_ARGUMENT;
    if (!tnm_input_offset_ok(params->input_offset) || !tnm_output_offset_ok(params->output_offset) ||
        !tnm_act_range_ok(params->act_min, params->act_max))
        return TNM_ERR_ARGUMENT;
    if (!tnm_multipliers_ok(quant->multiplier, quant->shift, output->c)) return TNM_ERR_ARGUMENT;
    run(params, quant, input, input_data, NULL, filter, filter_data, bias, output, output_data, NULL);
    return TNM_OK;
}

tnm_status tnm_transpose_conv_16x8(const tnm_transpose_conv_params *params, const tnm_quant *quant,
                                   const tnm_dims *input, const int16_t *input_data,
                                   const tnm_dims *filter, const int8_t *filter_data, const int32_t *bias,
                                   const tnm_dims *output, int16_t *output_data)
{
    int32_t c;
    if (params == 0 || quant == 0 || quant->multiplier == 0 || quant->shift == 0 ||
        input_data == 0 || filter_data == 0 || output_data == 0 || input == 0 || filter == 0 || output == 0)
        return TNM_ERR_ARGUMENT;
    if (!shapes_ok(params, input, filter, output)) return TNM_ERR_ARGUMENT;
    /* int64 sums: each product below 2^22, a window of at most 2^24 of them */
    if ((int64_t)filter->h * filter->w * filter->c > ((int64_t)1 << 24)) return TNM_ERR_ARGUMENT;
    if (params->input_offset != 0 || params->output_offset != 0 || params->act_min < -32768 ||
        params->act_max > 32767 || params->act_min > params->act_max)
        return TNM_ERR_ARGUMENT;
    for (c = 0; c < output->c; c++) {
        if (quant->multiplier[c] < 0 || quant->shift[c] < -31 || quant->shift[c] > 7) return TNM_ERR_ARGUMENT;
    }
    run(params, quant, input, NULL, input_data, filter, filter_data, bias, output, NULL, output_data);
    return TNM_OK;
}
