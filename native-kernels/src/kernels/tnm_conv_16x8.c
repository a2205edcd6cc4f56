/* CONV_2D with int16 activations and int8 weights (TFLite's 16x8 quantization), as TFLM's
 * reference_integer_ops::ConvPerChannel<int64_t or int32_t> for int16: zero points 0 (the
 * sums take no offsets), grouped filters, taps outside the image skipped, one requantization
 * per output channel. The portable loop: 16x8 models are audio models with small layers. */
#include "tnm_fixedpoint_internal.h"

static int arguments_ok(const tnm_conv_16x8_params *p, const tnm_quant *quant, const tnm_dims *in,
                        const tnm_dims *f, const tnm_dims *out)
{
    int32_t c;
    if (!tnm_dims_ok(in) || !tnm_dims_ok(f) || !tnm_dims_ok(out)) return 0;
    if (in->c % f->c != 0 || f->n != out->c || out->n != in->n || out->c % (in->c / f->c) != 0) return 0;
    if ((int64_t)f->h * f->w * f->c > ((int64_t)1 << 24)) return 0;
    if (!tnm_window_ok(out->h, p->stride_h, f->h, p->dilation_h, p->pad_h) ||
        !tnm_window_ok(out->w, p->stride_w, f->w, p->dilation_w, p->pad_w))
        return 0;
    if (p->act_min < -32768 || p->act_max > 32767 || p->act_min > p->act_max) return 0;
    if (p->wide != 0 && p->wide != 1) return 0;
    for (c = 0; c < out->c; c++) {
        const int32_t s = quant->shift[c];
        if (quant->multiplier[c] < 0 || s < -31 || s > (p->wide ? 7 : 30)) return 0;
    }
    return 1;
}

tnm_status tnm_conv_16x8(const tnm_conv_16x8_params *params, const tnm_quant *quant,
                         const tnm_dims *input, const int16_t *input_data,
                         const tnm_dims *filter, const int8_t *filter_data, const int32_t *bias,
                         const tnm_dims *output, int16_t *output_data)
{
    tnm_conv_16x8_params p;
    int32_t b, oy, ox, oc, per_group;
    if (params == 0 || quant == 0 || quant->multiplier == 0 || quant->shift == 0 || input == 0 ||
        input_data == 0 || filter == 0 || filter_data == 0 || output == 0 || output_data == 0)
        return TNM_ERR_ARGUMENT;
    if (!arguments_ok(params, quant, input, filter, output)) return TNM_ERR_ARGUMENT;
    p = *params;
    per_group = output->c / (input->c / filter->c);
    for (b = 0; b < output->n; b++) {
        for (oy = 0; oy < output->h; oy++) {
            const int32_t y0 = oy * p.stride_h - p.pad_h;
            int32_t ky0, ky1;
            tnm_tap_range(y0, p.dilation_h, input->h, filter->h, &ky0, &ky1);
            for (ox = 0; ox < output->w; ox++) {
                const int32_t x0 = ox * p.stride_w - p.pad_w;
                int16_t *out = output_data + (((int64_t)b * output->h + oy) * output->w + ox) * output->c;
                int32_t kx0, kx1;
                tnm_tap_range(x0, p.dilation_w, input->w, filter->w, &kx0, &kx1);
                for (oc = 0; oc < output->c; oc++) {
                    const int32_t first_channel = oc / per_group * filter->c;
                    int64_t wide = 0;
                    uint32_t narrow = 0u; /* TFLM's int32 sums, wrapping */
                    int32_t ky, kx, ic, v;
                    for (ky = ky0; ky < ky1; ky++) {
                        const int32_t iy = y0 + ky * p.dilation_h;
                        for (kx = kx0; kx < kx1; kx++) {
                            const int32_t ix = x0 + kx * p.dilation_w;
                            const int16_t *in = input_data +
                                                (((int64_t)b * input->h + iy) * input->w + ix) * input->c + first_channel;
                            const int8_t *w = filter_data + (((int64_t)oc * filter->h + ky) * filter->w + kx) * filter->c;
                            /* each product below 2^22; at most 2^24 of them: |wide| < 2^46 */
                            if (p.wide) {
                                for (ic = 0; ic < filter->c; ic++) wide += (int32_t)in[ic] * w[ic];
                            } else {
                                for (ic = 0; ic < filter->c; ic++) narrow += (uint32_t)((int32_t)in[ic] * w[ic]);
                            }
                        }
                    }
                    if (p.wide) {
                        if (bias != 0) wide += bias[oc];
                        v = tnm_mbqm64(wide, quant->multiplier[oc], quant->shift[oc]);
                    } else {
                        if (bias != 0) narrow += (uint32_t)bias[oc];
                        v = tnm_mbqm(tnm_wrap_i32(narrow), quant->multiplier[oc], quant->shift[oc]);
                    }
                    out[oc] = (int16_t)tnm_clamp(v, p.act_min, p.act_max);
                }
            }
        }
    }
    return TNM_OK;
}
