/* CONV_2D and DEPTHWISE_CONV_2D, int8 with per-channel requantization
 * (TFLite reference_integer_ops::ConvPerChannel / DepthwiseConvPerChannel). */
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"
#include "tnm/tnm_variants.h"

/* The scratch queries run once per layer at model check: compiled for size. */
#if defined(__GNUC__) && !defined(__clang__)
#define SCRATCH_QUERY __attribute__((optimize("Os")))
#else
#define SCRATCH_QUERY
#endif

/* O(channels): cheap next to the convolution itself. */
static int quant_ok(const tnm_quant *q, int32_t channels)
{
    if (q == 0 || q->multiplier == 0 || q->shift == 0) return 0;
    return tnm_multipliers_ok(q->multiplier, q->shift, channels);
}

/* The checks of both ops: pointers, dims, params, quantization; then the op's own
 * shape relations. */
static tnm_status conv_check(const tnm_conv_params *p, const tnm_quant *quant,
                             const tnm_dims *input, const int8_t *input_data,
                             const tnm_dims *filter, const int8_t *filter_data,
                             const tnm_dims *output, const int8_t *output_data, int depthwise)
{
    if (p == 0 || input_data == 0 || filter_data == 0 || output_data == 0) {
        return TNM_ERR_ARGUMENT;
    }
    if (!tnm_dims_ok(input) || !tnm_dims_ok(filter) || !tnm_dims_ok(output)) {
        return TNM_ERR_ARGUMENT;
    }
    if (output->n != input->n) return TNM_ERR_ARGUMENT;
    if (depthwise) {
        if (p->depth_multiplier < 1 || filter->n != 1 || filter->c != output->c ||
            (int64_t)input->c * p->depth_multiplier != output->c) {
            return TNM_ERR_ARGUMENT;
        }
    } else {
        /* filter->c < input->c means a grouped convolution, as TFLite allows. */
        if (output->c != filter->n || input->c % filter->c != 0 ||
            output->c % (input->c / filter->c) != 0) {
            return TNM_ERR_ARGUMENT;
        }
    }
    if (!tnm_input_offset_ok(p->input_offset) || !tnm_output_offset_ok(p->output_offset) ||
        !tnm_act_range_ok(p->act_min, p->act_max) ||
        !tnm_window_ok(output->h, p->stride_h, filter->h, p->dilation_h, p->pad_h) ||
        !tnm_window_ok(output->w, p->stride_w, filter->w, p->dilation_w, p->pad_w) ||
        !quant_ok(quant, output->c)) {
        return TNM_ERR_ARGUMENT;
    }
    return TNM_OK;
}

SCRATCH_QUERY int32_t tnm_conv_s8_scratch_size(const tnm_dims *input, const tnm_dims *filter,
                                 const tnm_dims *output)
{
    (void)output;
    if (input == 0 || filter == 0) return -1;
#if TNM_KERNELS_ARM_DSP
    return tnm_opt_conv_scratch_arm_dsp(input, filter);
#elif TNM_KERNELS_RV32
    return tnm_opt_conv_scratch_rv32(input, filter);
#else
    return tnm_opt_conv_k(filter) < 0 ? -1 : 0;
#endif
}

SCRATCH_QUERY int32_t tnm_conv_s8_scratch_size_max(const tnm_dims *input, const tnm_dims *filter,
                                     const tnm_dims *output)
{
    int32_t arm, rv;
    (void)output;
    if (input == 0 || filter == 0) return -1;
    arm = tnm_opt_conv_scratch_arm_dsp(input, filter);
    rv = tnm_opt_conv_scratch_rv32(input, filter);
    if (arm < 0 || rv < 0) return -1;
    return arm > rv ? arm : rv;
}

tnm_status tnm_conv_s8_check(const tnm_conv_params *params, const tnm_quant *quant,
                             const tnm_dims *input, const int8_t *input_data,
                             const tnm_dims *filter, const int8_t *filter_data,
                             const int32_t *bias,
                             const tnm_dims *output, int8_t *output_data,
                             void *scratch)
{
    (void)bias;
    (void)scratch;
    return conv_check(params, quant, input, input_data, filter, filter_data, output, output_data, 0);
}

tnm_status tnm_conv_s8_ref(const tnm_conv_params *params, const tnm_quant *quant,
                           const tnm_dims *input, const int8_t *input_data,
                           const tnm_dims *filter, const int8_t *filter_data,
                           const int32_t *bias,
                           const tnm_dims *output, int8_t *output_data,
                           void *scratch)
{
    int32_t groups, filters_per_group, b, oy, ox, oc;
    const tnm_status status = tnm_conv_s8_check(params, quant, input, input_data, filter,
                                                filter_data, bias, output, output_data, scratch);
    if (status != TNM_OK) return status;

    groups = input->c / filter->c;
    filters_per_group = output->c / groups;
    /* Locals: the int8 output stores may alias the structs, which would otherwise
     * force the compiler to reload every field inside the loops. */
    const int32_t in_h = input->h, in_w = input->w, in_c = input->c;
    const int32_t out_h = output->h, out_w = output->w, out_c = output->c;
    const int32_t filter_h = filter->h, filter_w = filter->w, filter_c = filter->c;
    const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
    const int32_t dilation_h = params->dilation_h, dilation_w = params->dilation_w;
    const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
    const int32_t input_offset = params->input_offset, output_offset = params->output_offset;
    const int32_t act_min = params->act_min, act_max = params->act_max;
    const int32_t *multiplier = quant->multiplier;
    const int8_t *shift = quant->shift;
    const int32_t filter_size = filter_h * filter_w * filter_c;
    for (b = 0; b < output->n; ++b) {
        for (oy = 0; oy < out_h; ++oy) {
            const int32_t in_y0 = oy * stride_h - pad_h;
            int32_t fy_start, fy_end;
            tnm_tap_range(in_y0, dilation_h, in_h, filter_h, &fy_start, &fy_end);
            for (ox = 0; ox < out_w; ++ox) {
                const int32_t in_x0 = ox * stride_w - pad_w;
                int8_t *out = output_data + ((b * out_h + oy) * out_w + ox) * out_c;
                int32_t fx_start, fx_end;
                tnm_tap_range(in_x0, dilation_w, in_w, filter_w, &fx_start, &fx_end);
                for (oc = 0; oc < out_c; ++oc) {
                    const int32_t in_c0 = (oc / filters_per_group) * filter_c;
                    const int8_t *weights = filter_data + oc * filter_size;
                    /* uint32: wraps like TFLite's int32 accumulator, without UB. */
                    uint32_t acc = 0;
                    int32_t fy, fx, c;
                    for (fy = fy_start; fy < fy_end; ++fy) {
                        const int32_t in_y = in_y0 + fy * dilation_h;
                        const int8_t *in_row =
                            input_data + (b * in_h + in_y) * in_w * in_c + in_c0;
                        const int8_t *w_row = weights + fy * filter_w * filter_c;
                        for (fx = fx_start; fx < fx_end; ++fx) {
                            const int8_t *in = in_row + (in_x0 + fx * dilation_w) * in_c;
                            const int8_t *w = w_row + fx * filter_c;
                            for (c = 0; c < filter_c; ++c) {
                                acc += (uint32_t)(w[c] * (in[c] + input_offset));
                            }
                        }
                    }
                    if (bias != 0) acc += (uint32_t)bias[oc];
                    out[oc] = tnm_output_s8(acc, multiplier[oc], shift[oc], output_offset,
                                            act_min, act_max);
                }
            }
        }
    }
    return TNM_OK;
}

SCRATCH_QUERY int32_t tnm_depthwise_conv_s8_scratch_size(const tnm_dims *input, const tnm_dims *filter,
                                           const tnm_dims *output)
{
    if (input == 0 || filter == 0 || output == 0) return -1;
#if TNM_KERNELS_ARM_DSP
    /* a build without the plane path sizes for the pixel path only (static: the other
     * calls it inlines are dropped) */
    return TNM_VARIANT_BUILT(DW_PLANES) ? tnm_opt_dw_scratch_arm_dsp(input, filter, output)
                                        : tnm_opt_dw_scratch_arm_dsp_no_planes(input, filter, output);
#else
    return tnm_opt_dw_scratch_shape(input, filter, output) < 0 ? -1 : 0; /* its only negative case */
#endif
}

SCRATCH_QUERY int32_t tnm_depthwise_conv_s8_scratch_size_max(const tnm_dims *input, const tnm_dims *filter,
                                               const tnm_dims *output)
{
    if (input == 0 || filter == 0 || output == 0) return -1;
    return tnm_opt_dw_scratch_arm_dsp(input, filter, output); /* rv32 needs none */
}

tnm_status tnm_depthwise_conv_s8_check(const tnm_conv_params *params, const tnm_quant *quant,
                                       const tnm_dims *input, const int8_t *input_data,
                                       const tnm_dims *filter, const int8_t *filter_data,
                                       const int32_t *bias,
                                       const tnm_dims *output, int8_t *output_data,
                                       void *scratch)
{
    (void)bias;
    (void)scratch;
    return conv_check(params, quant, input, input_data, filter, filter_data, output, output_data, 1);
}

tnm_status tnm_depthwise_conv_s8_ref(const tnm_conv_params *params, const tnm_quant *quant,
                                     const tnm_dims *input, const int8_t *input_data,
                                     const tnm_dims *filter, const int8_t *filter_data,
                                     const int32_t *bias,
                                     const tnm_dims *output, int8_t *output_data,
                                     void *scratch)
{
    int32_t multiplier_depth, b, oy, ox, ic, m;
    const tnm_status status = tnm_depthwise_conv_s8_check(params, quant, input, input_data, filter,
                                                          filter_data, bias, output, output_data,
                                                          scratch);
    if (status != TNM_OK) return status;
    multiplier_depth = params->depth_multiplier;

    /* Locals, as in tnm_conv_s8. */
    const int32_t in_h = input->h, in_w = input->w, in_c = input->c;
    const int32_t out_h = output->h, out_w = output->w, out_c = output->c;
    const int32_t filter_h = filter->h, filter_w = filter->w;
    const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
    const int32_t dilation_h = params->dilation_h, dilation_w = params->dilation_w;
    const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
    const int32_t input_offset = params->input_offset, output_offset = params->output_offset;
    const int32_t act_min = params->act_min, act_max = params->act_max;
    const int32_t *multiplier = quant->multiplier;
    const int8_t *shift = quant->shift;
    for (b = 0; b < output->n; ++b) {
        for (oy = 0; oy < out_h; ++oy) {
            const int32_t in_y0 = oy * stride_h - pad_h;
            int32_t fy_start, fy_end;
            tnm_tap_range(in_y0, dilation_h, in_h, filter_h, &fy_start, &fy_end);
            for (ox = 0; ox < out_w; ++ox) {
                const int32_t in_x0 = ox * stride_w - pad_w;
                int8_t *out = output_data + ((b * out_h + oy) * out_w + ox) * out_c;
                int32_t fx_start, fx_end;
                tnm_tap_range(in_x0, dilation_w, in_w, filter_w, &fx_start, &fx_end);
                for (ic = 0; ic < in_c; ++ic) {
                    for (m = 0; m < multiplier_depth; ++m) {
                        const int32_t oc = ic * multiplier_depth + m;
                        uint32_t acc = 0; /* wraps like TFLite's int32 accumulator */
                        int32_t fy, fx;
                        for (fy = fy_start; fy < fy_end; ++fy) {
                            const int32_t in_y = in_y0 + fy * dilation_h;
                            const int8_t *in_row =
                                input_data + (b * in_h + in_y) * in_w * in_c + ic;
                            const int8_t *w_row = filter_data + fy * filter_w * out_c + oc;
                            for (fx = fx_start; fx < fx_end; ++fx) {
                                const int32_t in_val = in_row[(in_x0 + fx * dilation_w) * in_c];
                                const int32_t w_val = w_row[fx * out_c];
                                acc += (uint32_t)(w_val * (in_val + input_offset));
                            }
                        }
                        if (bias != 0) acc += (uint32_t)bias[oc];
                        out[oc] = tnm_output_s8(acc, multiplier[oc], shift[oc], output_offset,
                                                act_min, act_max);
                    }
                }
            }
        }
    }
    return TNM_OK;
}

/* A convolution whose output is 1-3 pixels, each reading one whole contiguous slice of the
 * input, is a fully-connected layer over those slices with the filter as its weights
 * (output channels x K, the same bytes): 1x1, stride 1, unpadded (a pixel's channels), or one
 * window covering the whole image, unpadded, undilated (the whole image). The target
 * variants run such calls through their fully-connected kernel, whose passes beat their
 * convolution's tail of 1-3 pixels; only when the output does not overlap the input (an FC
 * pass reads its input row again after writing outputs). */
int tnm_conv_fc_fits(const tnm_conv_params *params, const tnm_dims *input, const tnm_dims *filter,
                     const tnm_dims *output, int32_t *batches, int32_t *depth)
{
    const int32_t pixels = output->h * output->w;
    if (pixels > 3 || filter->c != input->c || params->pad_h != 0 || params->pad_w != 0) return 0;
    if (filter->h == 1 && filter->w == 1 && params->stride_h == 1 && params->stride_w == 1 &&
        output->h == input->h && output->w == input->w) {
        *batches = output->n * pixels;
        *depth = input->c;
        return 1;
    }
    if (pixels == 1 && filter->h == input->h && filter->w == input->w &&
        (filter->h == 1 || params->dilation_h == 1) && (filter->w == 1 || params->dilation_w == 1)) {
        *batches = output->n;
        *depth = input->h * input->w * input->c;
        return 1;
    }
    return 0;
}

int tnm_conv_fc_shape(const tnm_conv_params *params, const tnm_dims *input, const int8_t *input_data,
                      const tnm_dims *filter, const tnm_dims *output, const int8_t *output_data,
                      tnm_fc_params *fc, int32_t *batches, int32_t *depth)
{
    const int64_t in_bytes = (int64_t)input->n * input->h * input->w * input->c;
    const int64_t out_bytes = (int64_t)output->n * output->h * output->w * output->c;
    if (!TNM_VARIANT_ON(CONV_AS_FC) || !tnm_conv_fc_fits(params, input, filter, output, batches, depth))
        return 0;
    if (output_data < input_data + in_bytes && input_data < output_data + out_bytes) return 0;
    fc->input_offset = params->input_offset;
    fc->filter_offset = 0;
    fc->output_offset = params->output_offset;
    fc->act_min = params->act_min;
    fc->act_max = params->act_max;
    return 1;
}

/* The public entry points: the variant this target compiles in (tnm_kernels_opt.h). */
tnm_status tnm_conv_s8(const tnm_conv_params *params, const tnm_quant *quant,
                       const tnm_dims *input, const int8_t *input_data,
                       const tnm_dims *filter, const int8_t *filter_data,
                       const int32_t *bias,
                       const tnm_dims *output, int8_t *output_data,
                       void *scratch)
{
#if TNM_KERNELS_ARM_DSP
    return tnm_conv_s8_arm_dsp(params, quant, input, input_data, filter, filter_data, bias,
                               output, output_data, scratch);
#elif TNM_KERNELS_RV32
    return tnm_conv_s8_rv32(params, quant, input, input_data, filter, filter_data, bias, output,
                            output_data, scratch);
#else
    return tnm_conv_s8_ref(params, quant, input, input_data, filter, filter_data, bias, output,
                           output_data, scratch);
#endif
}

tnm_status tnm_depthwise_conv_s8(const tnm_conv_params *params, const tnm_quant *quant,
                                 const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *filter, const int8_t *filter_data,
                                 const int32_t *bias,
                                 const tnm_dims *output, int8_t *output_data,
                                 void *scratch)
{
#if TNM_KERNELS_ARM_DSP
    return tnm_depthwise_conv_s8_arm_dsp(params, quant, input, input_data, filter, filter_data,
                                         bias, output, output_data, scratch);
#elif TNM_KERNELS_RV32
    return tnm_depthwise_conv_s8_rv32(params, quant, input, input_data, filter, filter_data,
                                      bias, output, output_data, scratch);
#else
    return tnm_depthwise_conv_s8_ref(params, quant, input, input_data, filter, filter_data, bias,
                                     output, output_data, scratch);
#endif
}

/* The runtime's entry (tnm_kernels_opt.h): unchecked on the Cortex-M DSP variant. */
tnm_status tnm_conv_s8_unchecked(const tnm_conv_params *params, const tnm_quant *quant,
                                const tnm_dims *input, const int8_t *input_data,
                                const tnm_dims *filter, const int8_t *filter_data,
                                const int32_t *bias,
                                const tnm_dims *output, int8_t *output_data,
                                void *scratch)
{
#if TNM_KERNELS_ARM_DSP
    return tnm_conv_s8_arm_dsp_unchecked(params, quant, input, input_data, filter, filter_data,
                                         bias, output, output_data, scratch);
#else
    return tnm_conv_s8(params, quant, input, input_data, filter, filter_data, bias, output,
                       output_data, scratch);
#endif
}

/* The runtime's entry (tnm_kernels_opt.h): unchecked on the Cortex-M DSP variant. */
tnm_status tnm_depthwise_conv_s8_unchecked(const tnm_conv_params *params, const tnm_quant *quant,
                                          const tnm_dims *input, const int8_t *input_data,
                                          const tnm_dims *filter, const int8_t *filter_data,
                                          const int32_t *bias,
                                          const tnm_dims *output, int8_t *output_data,
                                          void *scratch)
{
#if TNM_KERNELS_ARM_DSP
    return tnm_depthwise_conv_s8_arm_dsp_unchecked(params, quant, input, input_data, filter,
                                                   filter_data, bias, output, output_data, scratch);
#else
    return tnm_depthwise_conv_s8(params, quant, input, input_data, filter, filter_data, bias,
                                 output, output_data, scratch);
#endif
}

int tnm_depthwise_conv_s8_rows(const tnm_conv_params *params, const tnm_quant *quant,
                               const tnm_dims *input, const int8_t *input_data,
                               const tnm_dims *filter, const int8_t *filter_data,
                               const int32_t *bias,
                               const tnm_dims *output, int8_t *output_data,
                               void *scratch, int descending)
{
    if (tnm_depthwise_conv_s8_check(params, quant, input, input_data, filter, filter_data, bias, output,
                                    output_data, scratch) != TNM_OK)
        return 0;
    return tnm_depthwise_conv_s8_rows_unchecked(params, quant, input, input_data, filter, filter_data, bias,
                                                output, output_data, scratch, descending);
}

int tnm_conv_s8_pixels(const tnm_conv_params *params, const tnm_quant *quant,
                       const tnm_dims *input, const int8_t *input_data,
                       const tnm_dims *filter, const int8_t *filter_data,
                       const int32_t *bias,
                       const tnm_dims *output, int8_t *output_data,
                       void *scratch, int descending)
{
    if (tnm_conv_s8_check(params, quant, input, input_data, filter, filter_data, bias, output, output_data,
                          scratch) != TNM_OK)
        return 0;
    return tnm_conv_s8_pixels_unchecked(params, quant, input, input_data, filter, filter_data, bias, output,
                                        output_data, scratch, descending);
}

/* The runtime's entry (tnm_kernels_opt.h): the pixel paths take the arguments as they come. */
int tnm_conv_s8_pixels_unchecked(const tnm_conv_params *params, const tnm_quant *quant,
                                 const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *filter, const int8_t *filter_data,
                                 const int32_t *bias,
                                 const tnm_dims *output, int8_t *output_data,
                                 void *scratch, int descending)
{
#if TNM_KERNELS_ARM_DSP
    return tnm_conv_s8_arm_dsp_pixels(params, quant, input, input_data, filter, filter_data, bias, output,
                                      output_data, scratch, descending);
#elif TNM_KERNELS_RV32
    return tnm_conv_s8_rv32_pixels(params, quant, input, input_data, filter, filter_data, bias, output,
                                   output_data, scratch, descending);
#elif TNM_HAVE_ARM_DSP_VARIANT
    /* portable builds (hosts, where the tests run it): the DSP variant's pixel path in C */
    return tnm_conv_s8_arm_dsp_pixels(params, quant, input, input_data, filter, filter_data, bias, output,
                                      output_data, scratch, descending);
#else
    (void)params; (void)quant; (void)input; (void)input_data; (void)filter; (void)filter_data;
    (void)bias; (void)output; (void)output_data; (void)scratch; (void)descending;
    return 0;
#endif
}

/* The runtime's entry (tnm_kernels_opt.h): the row paths take the arguments as they come. */
int tnm_depthwise_conv_s8_rows_unchecked(const tnm_conv_params *params, const tnm_quant *quant,
                                         const tnm_dims *input, const int8_t *input_data,
                                         const tnm_dims *filter, const int8_t *filter_data,
                                         const int32_t *bias,
                                         const tnm_dims *output, int8_t *output_data,
                                         void *scratch, int descending)
{
#if TNM_KERNELS_ARM_DSP
    return tnm_depthwise_conv_s8_arm_dsp_rows(params, quant, input, input_data, filter, filter_data,
                                              bias, output, output_data, scratch, descending);
#elif TNM_KERNELS_RV32
    return tnm_depthwise_conv_s8_rv32_rows(params, quant, input, input_data, filter, filter_data,
                                           bias, output, output_data, scratch, descending);
#elif TNM_HAVE_ARM_DSP_VARIANT
    /* portable builds (hosts, where the tests run it): the DSP variant's row path in C */
    return tnm_depthwise_conv_s8_arm_dsp_rows(params, quant, input, input_data, filter, filter_data,
                                              bias, output, output_data, scratch, descending);
#else
    (void)params; (void)quant; (void)input; (void)input_data; (void)filter; (void)filter_data;
    (void)bias; (void)output; (void)output_data; (void)scratch; (void)descending;
    return 0;
#endif
}
