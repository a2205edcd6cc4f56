/* ADD, SUB and MUL, int8 with rescaling and 4-D broadcasting (TFLite
 * reference_integer_ops::Add / Mul, reference_ops::Sub, and their BroadcastXxx4DSlow
 * variants, which give the same per-element result). */
#include "tnm_broadcast_internal.h"
#include "tnm_fixedpoint_internal.h"

typedef enum { OP_ADD, OP_SUB, OP_MUL } elementwise_op;

/* ADD and SUB. Shift both inputs up by left_shift (20) for headroom, scale each to the
 * common scale, add (or subtract), then scale to the output. All shifts here are <= 0,
 * where TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp equals the general
 * form. SUB subtracts the scaled inputs as TFLite does: ADD with a negated input is
 * not the same by construction (the high multiply rounds ties toward +infinity, so
 * scale(-x) may differ from -scale(x)). */
static int8_t add_sub_one(const tnm_arith_params *p, int32_t x1, int32_t x2, int subtract)
{
    const int32_t scaled1 = tnm_mbqm(tnm_shl_wrap(p->input1_offset + x1, p->left_shift),
                                     p->input1_multiplier, p->input1_shift);
    const int32_t scaled2 = tnm_mbqm(tnm_shl_wrap(p->input2_offset + x2, p->left_shift),
                                     p->input2_multiplier, p->input2_shift);
    const int32_t combined =
        subtract ? tnm_wrap_sub(scaled1, scaled2) : tnm_wrap_add(scaled1, scaled2);
    const int32_t raw = tnm_mbqm(combined, p->output_multiplier, p->output_shift);
    return (int8_t)tnm_clamp(tnm_wrap_add(raw, p->output_offset), p->act_min, p->act_max);
}

static int8_t mul_one(const tnm_arith_params *p, int32_t x1, int32_t x2)
{
    const int32_t product = (p->input1_offset + x1) * (p->input2_offset + x2); /* |.| <= 65025 */
    const int32_t raw = tnm_mbqm(product, p->output_multiplier, p->output_shift);
    return (int8_t)tnm_clamp(tnm_wrap_add(raw, p->output_offset), p->act_min, p->act_max);
}

static tnm_status elementwise(elementwise_op op, const tnm_arith_params *p,
                              const tnm_dims *in1, const int8_t *in1_data,
                              const tnm_dims *in2, const int8_t *in2_data,
                              const tnm_dims *out, int8_t *out_data)
{
    tnm_arith_params prm;
    tnm_broadcast_strides s1, s2;
    int32_t b, y, x, c, out_h, out_w, out_c;
    const int subtract = op == OP_SUB;
    if (p == 0 || in1_data == 0 || in2_data == 0 || out_data == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_dims_ok(in1) || !tnm_dims_ok(in2) || !tnm_dims_ok(out)) return TNM_ERR_ARGUMENT;
    if (!tnm_broadcast_ok(in1, out) || !tnm_broadcast_ok(in2, out)) return TNM_ERR_ARGUMENT;
    if (!tnm_input_offset_ok(p->input1_offset) || !tnm_input_offset_ok(p->input2_offset) ||
        !tnm_output_offset_ok(p->output_offset) || !tnm_act_range_ok(p->act_min, p->act_max) ||
        !tnm_multiplier_ok(p->output_multiplier, p->output_shift)) {
        return TNM_ERR_ARGUMENT;
    }
    if (op == OP_ADD || op == OP_SUB) {
        if (p->left_shift < 0 || p->left_shift > 30 ||
            !tnm_multiplier_ok(p->input1_multiplier, p->input1_shift) ||
            !tnm_multiplier_ok(p->input2_multiplier, p->input2_shift) ||
            p->input1_shift > 0 || p->input2_shift > 0 || p->output_shift > 0) {
            return TNM_ERR_ARGUMENT;
        }
    }

    /* A local copy: the int8 output stores may alias *p (and the dims). */
    prm = *p;
    out_h = out->h;
    out_w = out->w;
    out_c = out->c;
    s1 = tnm_broadcast_strides_for(in1);
    s2 = tnm_broadcast_strides_for(in2);
    for (b = 0; b < out->n; ++b) {
        for (y = 0; y < out_h; ++y) {
            for (x = 0; x < out_w; ++x) {
                const int8_t *a = in1_data + b * s1.n + y * s1.h + x * s1.w;
                const int8_t *bb = in2_data + b * s2.n + y * s2.h + x * s2.w;
                int8_t *o = out_data + ((b * out_h + y) * out_w + x) * out_c;
                if (op == OP_MUL) {
                    for (c = 0; c < out_c; ++c) o[c] = mul_one(&prm, a[c * s1.c], bb[c * s2.c]);
                } else {
                    for (c = 0; c < out_c; ++c) {
                        o[c] = add_sub_one(&prm, a[c * s1.c], bb[c * s2.c], subtract);
                    }
                }
            }
        }
    }
    return TNM_OK;
}

tnm_status tnm_add_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data)
{
    return elementwise(OP_ADD, params, input1, input1_data, input2, input2_data, output,
                       output_data);
}

tnm_status tnm_sub_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data)
{
    return elementwise(OP_SUB, params, input1, input1_data, input2, input2_data, output,
                       output_data);
}

tnm_status tnm_mul_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data)
{
    return elementwise(OP_MUL, params, input1, input1_data, input2, input2_data, output,
                       output_data);
}
