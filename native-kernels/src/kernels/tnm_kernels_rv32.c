/*
 * 32-bit RISC-V (rv32imc: ESP32-C3/C6) variants of CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED, plain C shaped for that core: no SIMD and no multiply-accumulate, so
 * the count per MAC is loads + MUL + ADD; blocking reuses each loaded value across
 * several accumulators (31 registers), byte loads (LB sign-extends for free) beat word
 * loads plus shifts, and the input offset is added once per value (conv: when the patch
 * is gathered) or folded into the bias (depthwise, fully-inside windows).
 * Bit-exact with the reference; plain C, so the host tests run it too.
 */
#include "tnm_fixedpoint_internal.h" /* before tnm_kernels_opt.h: tnm_tap_range */
#include "tnm_kernels_opt.h"

#if TNM_HAVE_RV32_VARIANT

/* ---- CONV_2D: two pixels' patches as int16 (offset added, 0 outside the image),
 * interleaved cols[2k + pixel], and a 2 pixels x 4 channels kernel. ---- */
typedef struct {
    const int8_t *input;
    int32_t in_h, in_w, in_c;
    int32_t filter_h, filter_w;
    int32_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
    int32_t input_offset;
} patch_geometry;

static void im2col_pixel(const patch_geometry *g, int32_t b, int32_t oy, int32_t ox,
                         int32_t k_total, int16_t *cols)
{
    const int32_t in_y0 = oy * g->stride_h - g->pad_h;
    const int32_t in_x0 = ox * g->stride_w - g->pad_w;
    const int32_t row_len = g->filter_w * g->in_c;
    int32_t fy_start, fy_end, fx_start, fx_end, fy, fx, c;
    tnm_opt_tap_range(in_y0, g->dilation_h, g->in_h, g->filter_h, &fy_start, &fy_end);
    tnm_opt_tap_range(in_x0, g->dilation_w, g->in_w, g->filter_w, &fx_start, &fx_end);
    if (fy_end - fy_start != g->filter_h || fx_end - fx_start != g->filter_w) {
        for (c = 0; c < k_total; ++c) cols[2 * c] = 0;
    }
    for (fy = fy_start; fy < fy_end; ++fy) {
        /* index of tap (fy, fx = 0), negative when left of the image */
        const int32_t row = ((b * g->in_h + in_y0 + fy * g->dilation_h) * g->in_w + in_x0) * g->in_c;
        for (fx = fx_start; fx < fx_end; ++fx) {
            const int8_t *src = g->input + (row + fx * g->dilation_w * g->in_c);
            int16_t *dst = cols + 2 * (fy * row_len + fx * g->in_c);
            for (c = 0; c < g->in_c; ++c) dst[2 * c] = (int16_t)(src[c] + g->input_offset);
        }
    }
}

tnm_status tnm_conv_s8_rv32(const tnm_conv_params *params, const tnm_quant *quant,
                            const tnm_dims *input, const int8_t *input_data,
                            const tnm_dims *filter, const int8_t *filter_data,
                            const int32_t *bias,
                            const tnm_dims *output, int8_t *output_data,
                            void *scratch)
{
    int16_t cols[2 * TNM_OPT_MAX_PATCH];
    patch_geometry g;
    int32_t k_total;
    const tnm_status status = tnm_conv_s8_check(params, quant, input, input_data, filter,
                                                filter_data, bias, output, output_data, scratch);
    if (status != TNM_OK) return status;
    k_total = filter->h * filter->w * filter->c;
    if (filter->c != input->c || k_total > TNM_OPT_MAX_PATCH) {
        return tnm_conv_s8_ref(params, quant, input, input_data, filter, filter_data, bias, output,
                               output_data, scratch);
    }
    g.input = input_data;
    g.in_h = input->h;
    g.in_w = input->w;
    g.in_c = input->c;
    g.filter_h = filter->h;
    g.filter_w = filter->w;
    g.stride_h = params->stride_h;
    g.stride_w = params->stride_w;
    g.pad_h = params->pad_h;
    g.pad_w = params->pad_w;
    g.dilation_h = params->dilation_h;
    g.dilation_w = params->dilation_w;
    g.input_offset = params->input_offset;
    {
        const int32_t out_c = output->c, out_h = output->h, out_w = output->w;
        const int32_t pixels = output->n * out_h * out_w;
        const int32_t output_offset = params->output_offset;
        const int32_t act_min = params->act_min, act_max = params->act_max;
        const int32_t *multiplier = quant->multiplier;
        const int8_t *shift = quant->shift;
        const int32_t last = out_c - 1;
        int32_t p, px_b = 0, px_y = 0, px_x = 0;
        for (p = 0; p < pixels; p += 2) {
            const int two = p + 1 < pixels; /* else the last pixel, computed twice */
            int8_t *out0 = output_data + p * out_c;
            int32_t c0, k;
            im2col_pixel(&g, px_b, px_y, px_x, k_total, cols);
            if (++px_x == out_w) { px_x = 0; if (++px_y == out_h) { px_y = 0; ++px_b; } }
            if (two) {
                im2col_pixel(&g, px_b, px_y, px_x, k_total, cols + 1);
                if (++px_x == out_w) { px_x = 0; if (++px_y == out_h) { px_y = 0; ++px_b; } }
            } else {
                for (k = 0; k < k_total; ++k) cols[2 * k + 1] = cols[2 * k];
            }
            for (c0 = 0; c0 < out_c; c0 += 4) {
                /* past the last channel, repeat it (computed, not stored) */
                const int32_t c1 = c0 + 1 < last ? c0 + 1 : last;
                const int32_t c2 = c0 + 2 < last ? c0 + 2 : last;
                const int32_t c3 = c0 + 3 < last ? c0 + 3 : last;
                const int8_t *w0 = filter_data + c0 * k_total;
                const int8_t *w1 = filter_data + c1 * k_total;
                const int8_t *w2 = filter_data + c2 * k_total;
                const int8_t *w3 = filter_data + c3 * k_total;
                const int16_t *x = cols;
                const int16_t *x_end = cols + 2 * k_total;
                uint32_t acc[8]; /* acc[channel * 2 + pixel] */
                uint32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0, a20 = 0, a21 = 0, a30 = 0, a31 = 0;
                int32_t j;
                while (x != x_end) {
                    const int32_t x0 = x[0], x1 = x[1];
                    int32_t w;
                    w = *w0++;
                    a00 += (uint32_t)(x0 * w);
                    a01 += (uint32_t)(x1 * w);
                    w = *w1++;
                    a10 += (uint32_t)(x0 * w);
                    a11 += (uint32_t)(x1 * w);
                    w = *w2++;
                    a20 += (uint32_t)(x0 * w);
                    a21 += (uint32_t)(x1 * w);
                    w = *w3++;
                    a30 += (uint32_t)(x0 * w);
                    a31 += (uint32_t)(x1 * w);
                    x += 2;
                }
                acc[0] = a00; acc[1] = a01; acc[2] = a10; acc[3] = a11;
                acc[4] = a20; acc[5] = a21; acc[6] = a30; acc[7] = a31;
                for (j = 0; j < 4 && c0 + j < out_c; ++j) {
                    const int32_t c = c0 + j;
                    const uint32_t bias_c = bias != 0 ? (uint32_t)bias[c] : 0u;
                    const int32_t m = multiplier[c], s = shift[c];
                    out0[c] = tnm_opt_output((int32_t)(acc[2 * j] + bias_c), m, s, output_offset,
                                             act_min, act_max);
                    if (two) {
                        out0[out_c + c] = tnm_opt_output((int32_t)(acc[2 * j + 1] + bias_c), m, s,
                                                         output_offset, act_min, act_max);
                    }
                }
            }
        }
    }
    return TNM_OK;
}

/* ---- DEPTHWISE_CONV_2D (depth multiplier 1): one channel at a time over all pixels,
 * so the channel's weight sum times the input offset is computed once and folded into
 * the bias for every window that lies inside the image. ---- */
tnm_status tnm_depthwise_conv_s8_rv32(const tnm_conv_params *params, const tnm_quant *quant,
                                      const tnm_dims *input, const int8_t *input_data,
                                      const tnm_dims *filter, const int8_t *filter_data,
                                      const int32_t *bias,
                                      const tnm_dims *output, int8_t *output_data,
                                      void *scratch)
{
    const tnm_status status = tnm_depthwise_conv_s8_check(params, quant, input, input_data,
                                                          filter, filter_data, bias, output,
                                                          output_data, scratch);
    if (status != TNM_OK) return status;
    if (params->depth_multiplier != 1) {
        return tnm_depthwise_conv_s8_ref(params, quant, input, input_data, filter, filter_data,
                                         bias, output, output_data, scratch);
    }
    {
        const int32_t in_h = input->h, in_w = input->w, ch = input->c;
        const int32_t out_h = output->h, out_w = output->w, batches = output->n;
        const int32_t filter_h = filter->h, filter_w = filter->w;
        const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
        const int32_t dilation_h = params->dilation_h, dilation_w = params->dilation_w;
        const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
        const int32_t input_offset = params->input_offset, output_offset = params->output_offset;
        const int32_t act_min = params->act_min, act_max = params->act_max;
        const int32_t tap_step = dilation_w * ch, row_step = dilation_h * in_w * ch;
        int32_t c;
        for (c = 0; c < ch; ++c) {
            const int32_t m = quant->multiplier[c], s = quant->shift[c];
            const uint32_t bias_c = bias != 0 ? (uint32_t)bias[c] : 0u;
            uint32_t folded = 0; /* input_offset * sum of the channel's weights, wrapped */
            int32_t b, oy, ox, t;
            for (t = 0; t < filter_h * filter_w; ++t) {
                folded += (uint32_t)(filter_data[t * ch + c] * input_offset);
            }
            folded += bias_c;
            for (b = 0; b < batches; ++b) {
                for (oy = 0; oy < out_h; ++oy) {
                    const int32_t in_y0 = oy * stride_h - pad_h;
                    int32_t fy_start, fy_end;
                    int8_t *out = output_data + ((b * out_h + oy) * out_w) * ch + c;
                    tnm_opt_tap_range(in_y0, dilation_h, in_h, filter_h, &fy_start, &fy_end);
                    const int rows_inside = fy_end - fy_start == filter_h;
                    for (ox = 0; ox < out_w; ++ox) {
                        const int32_t in_x0 = ox * stride_w - pad_w;
                        int32_t fx_start = 0, fx_end = filter_w, fy, fx;
                        uint32_t acc;
                        const int8_t *in_row;
                        const int8_t *w_row;
                        /* the range only where the window may leave the image */
                        if (in_x0 < 0 || in_x0 + (filter_w - 1) * dilation_w >= in_w) {
                            tnm_opt_tap_range(in_x0, dilation_w, in_w, filter_w, &fx_start, &fx_end);
                        }
                        if (fy_start == fy_end || fx_start == fx_end) {
                            out[ox * ch] = tnm_opt_output((int32_t)bias_c, m, s, output_offset,
                                                          act_min, act_max);
                            continue;
                        }
                        in_row = input_data + ((b * in_h + in_y0 + fy_start * dilation_h) * in_w +
                                               in_x0 + fx_start * dilation_w) * ch + c;
                        w_row = filter_data + (fy_start * filter_w + fx_start) * ch + c;
                        if (rows_inside && fx_end - fx_start == filter_w) {
                            acc = folded;
                            for (fy = 0; fy < filter_h; ++fy) {
                                for (fx = 0; fx < filter_w; ++fx) {
                                    acc += (uint32_t)(in_row[fx * tap_step] * w_row[fx * ch]);
                                }
                                in_row += row_step;
                                w_row += filter_w * ch;
                            }
                        } else {
                            acc = bias_c;
                            for (fy = fy_start; fy < fy_end; ++fy) {
                                for (fx = 0; fx < fx_end - fx_start; ++fx) {
                                    acc += (uint32_t)((in_row[fx * tap_step] + input_offset) *
                                                      w_row[fx * ch]);
                                }
                                in_row += row_step;
                                w_row += filter_w * ch;
                            }
                        }
                        out[ox * ch] = tnm_opt_output((int32_t)acc, m, s, output_offset, act_min,
                                                      act_max);
                    }
                }
            }
        }
    }
    return TNM_OK;
}

/* ---- FULLY_CONNECTED: 4 output channels per pass, one input byte shared by four
 * weights. ---- */
tnm_status tnm_fully_connected_s8_rv32(const tnm_fc_params *params, const tnm_quant *quant,
                                       int32_t quant_count,
                                       int32_t batches, int32_t accum_depth, int32_t output_depth,
                                       const int8_t *input_data, const int8_t *filter_data,
                                       const int32_t *bias, int8_t *output_data)
{
    const tnm_status status =
        tnm_fully_connected_s8_check(params, quant, quant_count, batches, accum_depth, output_depth,
                                     input_data, filter_data, bias, output_data);
    if (status != TNM_OK) return status;
    {
        const int32_t input_offset = params->input_offset, filter_offset = params->filter_offset;
        const int32_t output_offset = params->output_offset;
        const int32_t act_min = params->act_min, act_max = params->act_max;
        const int32_t last = output_depth - 1;
        int32_t b, oc;
        for (b = 0; b < batches; ++b) {
            const int8_t *in_row = input_data + b * accum_depth;
            int8_t *out = output_data + b * output_depth;
            for (oc = 0; oc < output_depth; oc += 4) {
                const int32_t c1 = oc + 1 < last ? oc + 1 : last;
                const int32_t c2 = oc + 2 < last ? oc + 2 : last;
                const int32_t c3 = oc + 3 < last ? oc + 3 : last;
                const int8_t *w0 = filter_data + oc * accum_depth;
                const int8_t *w1 = filter_data + c1 * accum_depth;
                const int8_t *w2 = filter_data + c2 * accum_depth;
                const int8_t *w3 = filter_data + c3 * accum_depth;
                uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                uint32_t acc[4];
                int32_t d, j;
                if (filter_offset == 0) { /* symmetric weights: the usual case */
                    for (d = 0; d < accum_depth; ++d) {
                        const int32_t x = in_row[d] + input_offset;
                        a0 += (uint32_t)(x * w0[d]);
                        a1 += (uint32_t)(x * w1[d]);
                        a2 += (uint32_t)(x * w2[d]);
                        a3 += (uint32_t)(x * w3[d]);
                    }
                } else {
                    for (d = 0; d < accum_depth; ++d) {
                        const int32_t x = in_row[d] + input_offset;
                        a0 += (uint32_t)(x * (w0[d] + filter_offset));
                        a1 += (uint32_t)(x * (w1[d] + filter_offset));
                        a2 += (uint32_t)(x * (w2[d] + filter_offset));
                        a3 += (uint32_t)(x * (w3[d] + filter_offset));
                    }
                }
                acc[0] = a0;
                acc[1] = a1;
                acc[2] = a2;
                acc[3] = a3;
                for (j = 0; j < 4 && oc + j < output_depth; ++j) {
                    const int32_t q = quant_count == 1 ? 0 : oc + j;
                    const uint32_t total = acc[j] + (bias != 0 ? (uint32_t)bias[oc + j] : 0u);
                    out[oc + j] = tnm_opt_output((int32_t)total, quant->multiplier[q], quant->shift[q],
                                                 output_offset, act_min, act_max);
                }
            }
        }
    }
    return TNM_OK;
}

#endif
