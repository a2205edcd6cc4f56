/*
 * Shared pieces of the convolution tests (tnm_test_conv.h).
 */
#include "tnm_test_conv.h"

int32_t tnm_test_count(const tnm_dims *d) { return d->n * d->h * d->w * d->c; }

int tnm_test_window(int32_t in, int32_t filter, int32_t stride, int32_t dilation, int same,
                    int32_t *out, int32_t *pad)
{
    int32_t eff = (filter - 1) * dilation + 1, total;
    if (same) {
        *out = (in + stride - 1) / stride;
        total = (*out - 1) * stride + eff - in;
        *pad = total > 0 ? total / 2 : 0;
    } else {
        *out = (in + stride - eff) / stride;
        *pad = 0;
    }
    return *out >= 1;
}

int tnm_test_conv_geometry(const tnm_dims *in, int32_t fh, int32_t fw, int32_t sh, int32_t sw,
                           int32_t dh, int32_t dw, int32_t dm, int same, tnm_conv_params *cp,
                           tnm_dims *out)
{
    cp->stride_h = sh;
    cp->stride_w = sw;
    cp->dilation_h = dh;
    cp->dilation_w = dw;
    cp->depth_multiplier = dm;
    return tnm_test_window(in->h, fh, sh, dh, same, &out->h, &cp->pad_h) &&
           tnm_test_window(in->w, fw, sw, dw, same, &out->w, &cp->pad_w);
}

int32_t tnm_test_conv_constants(tnm_rng *rng, int depthwise, int32_t zp_in, int32_t zp_out,
                                int32_t fh, int32_t fw, const tnm_dims *in, const tnm_dims *out,
                                tnm_conv_params *cp, tnm_dims *filter, int8_t *weights,
                                int32_t *multipliers, int8_t *shifts, int32_t *bias,
                                uint8_t *bias_bytes)
{
    int32_t i, weights_size;
    cp->input_offset = -zp_in;
    cp->output_offset = zp_out;
    cp->act_min = tnm_rng_range(rng, -128, 0);
    cp->act_max = tnm_rng_range(rng, cp->act_min, 127);
    filter->n = depthwise ? 1 : out->c;
    filter->h = fh;
    filter->w = fw;
    filter->c = depthwise ? out->c : in->c;
    weights_size = filter->n * fh * fw * filter->c;
    tnm_test_fill_s8(rng, weights, weights_size);
    for (i = 0; i < out->c; i++) {
        multipliers[i] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        shifts[i] = (int8_t)tnm_rng_range(rng, -10, 1);
        bias[i] = tnm_rng_range(rng, -5000, 5000);
        tnm_bb_put_u32(bias_bytes + 4 * i, (uint32_t)bias[i]);
    }
    return weights_size;
}

void tnm_test_bb_conv_layer(tnm_bb *b, int depthwise, uint32_t t_in, uint32_t t_out,
                            const tnm_conv_params *cp, const tnm_dims *filter,
                            const int8_t *weights, const uint8_t *bias_bytes,
                            const int32_t *multipliers, const int8_t *shifts, int32_t out_c)
{
    const int32_t p[13] = {cp->input_offset, cp->output_offset, cp->act_min, cp->act_max,
                           cp->stride_h, cp->stride_w, cp->pad_h, cp->pad_w, cp->dilation_h,
                           cp->dilation_w, filter->h, filter->w, cp->depth_multiplier};
    const uint32_t weights_size = (uint32_t)tnm_test_count(filter);
    uint32_t w, bo = TNM_BB_NONE, qo;
    tnm_bb_layer_add(b, depthwise ? TNM_OP_DEPTHWISE_CONV_2D : TNM_OP_CONV_2D, t_in,
                     TNM_NO_TENSOR, t_out, p);
    w = tnm_bb_data(b, weights, weights_size);
    if (bias_bytes != NULL) bo = tnm_bb_data(b, bias_bytes, 4u * (uint32_t)out_c);
    qo = tnm_bb_quant(b, multipliers, shifts, (uint32_t)out_c);
    tnm_bb_layer_constants(b, w, weights_size, bo, qo, (uint32_t)out_c);
}
