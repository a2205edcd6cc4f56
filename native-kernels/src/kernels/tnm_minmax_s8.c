/* MAXIMUM and MINIMUM, int8 with 4-D broadcasting: TFLM's reference
 * MaximumMinimumBroadcastSlow compares the raw int8 values (TFLite requires both
 * inputs and the output to share one scale and zero point, so no rescaling). */
#include "tnm_broadcast_internal.h"
#include "tnm_fixedpoint_internal.h"

static tnm_status min_max(int take_max, const tnm_dims *in1, const int8_t *in1_data,
                          const tnm_dims *in2, const int8_t *in2_data, const tnm_dims *out,
                          int8_t *out_data)
{
    tnm_broadcast_strides s1, s2;
    int32_t b, y, x, c, out_n, out_h, out_w, out_c;
    if (in1_data == 0 || in2_data == 0 || out_data == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_dims_ok(in1) || !tnm_dims_ok(in2) || !tnm_dims_ok(out)) return TNM_ERR_ARGUMENT;
    if (!tnm_broadcast_ok(in1, out) || !tnm_broadcast_ok(in2, out)) return TNM_ERR_ARGUMENT;
    out_n = out->n; /* local copies: the int8 output stores may alias the dims */
    out_h = out->h;
    out_w = out->w;
    out_c = out->c;
    s1 = tnm_broadcast_strides_for(in1);
    s2 = tnm_broadcast_strides_for(in2);
    for (b = 0; b < out_n; ++b) {
        for (y = 0; y < out_h; ++y) {
            for (x = 0; x < out_w; ++x) {
                const int8_t *a = in1_data + b * s1.n + y * s1.h + x * s1.w;
                const int8_t *bb = in2_data + b * s2.n + y * s2.h + x * s2.w;
                int8_t *o = out_data + ((b * out_h + y) * out_w + x) * out_c;
                for (c = 0; c < out_c; ++c) {
                    const int8_t u = a[c * s1.c], v = bb[c * s2.c];
                    o[c] = take_max ? (u > v ? u : v) : (u < v ? u : v);
                }
            }
        }
    }
    return TNM_OK;
}

tnm_status tnm_maximum_s8(const tnm_dims *input1, const int8_t *input1_data,
                          const tnm_dims *input2, const int8_t *input2_data,
                          const tnm_dims *output, int8_t *output_data)
{
    return min_max(1, input1, input1_data, input2, input2_data, output, output_data);
}

tnm_status tnm_minimum_s8(const tnm_dims *input1, const int8_t *input1_data,
                          const tnm_dims *input2, const int8_t *input2_data,
                          const tnm_dims *output, int8_t *output_data)
{
    return min_max(0, input1, input1_data, input2, input2_data, output, output_data);
}
