/* ADD and SUB with int16 tensors (TFLM add.cc / sub.cc int16: reference_ops AddElementwise
 * and BroadcastAdd6DSlow with left_shift 15, and their SUB twins): int8's arithmetic on int16
 * values. Broadcast in 4 dims, a stride of 0 along an input's dims of size 1. */
#include <stddef.h>

#include "tnm_fixedpoint_internal.h"

static int16_t add_sub_one16(const tnm_arith_params *p, int32_t x1, int32_t x2, int subtract)
{
    const int32_t scaled1 = tnm_mbqm(tnm_shl_wrap(p->input1_offset + x1, p->left_shift),
                                     p->input1_multiplier, p->input1_shift);
    const int32_t scaled2 = tnm_mbqm(tnm_shl_wrap(p->input2_offset + x2, p->left_shift),
                                     p->input2_multiplier, p->input2_shift);
    const int32_t combined = subtract ? tnm_wrap_sub(scaled1, scaled2) : tnm_wrap_add(scaled1, scaled2);
    const int32_t raw = tnm_mbqm(combined, p->output_multiplier, p->output_shift);
    return (int16_t)tnm_clamp(tnm_wrap_add(raw, p->output_offset), p->act_min, p->act_max);
}

static int broadcasts(const tnm_dims *in, const tnm_dims *out)
{
    return (in->n == out->n || in->n == 1) && (in->h == out->h || in->h == 1) &&
           (in->w == out->w || in->w == 1) && (in->c == out->c || in->c == 1);
}

static tnm_status add_sub_s16(int subtract, const tnm_arith_params *p, const tnm_dims *d1, const int16_t *a,
                              const tnm_dims *d2, const int16_t *b, const tnm_dims *o, int16_t *out)
{
    int32_t n, y, x, c;
    if (p == 0 || d1 == 0 || d2 == 0 || o == 0 || a == 0 || b == 0 || out == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_dims_ok(d1) || !tnm_dims_ok(d2) || !tnm_dims_ok(o) || !broadcasts(d1, o) || !broadcasts(d2, o))
        return TNM_ERR_ARGUMENT;
    if (p->left_shift < 0 || p->left_shift > 15 || p->input1_offset < -32767 || p->input1_offset > 32767 ||
        p->input2_offset < -32767 || p->input2_offset > 32767 || p->output_offset < -32768 ||
        p->output_offset > 32767 || p->act_min < -32768 || p->act_max > 32767 || p->act_min > p->act_max ||
        !tnm_multiplier_ok(p->input1_multiplier, p->input1_shift) || p->input1_shift > 0 ||
        !tnm_multiplier_ok(p->input2_multiplier, p->input2_shift) || p->input2_shift > 0 ||
        !tnm_multiplier_ok(p->output_multiplier, p->output_shift) || p->output_shift > 0)
        return TNM_ERR_ARGUMENT;
    {
        /* element strides of each input, 0 along a broadcast dim */
        const size_t c1 = d1->c == 1 ? 0 : 1, w1 = d1->w == 1 ? 0 : (size_t)d1->c;
        const size_t h1 = d1->h == 1 ? 0 : (size_t)d1->w * (size_t)d1->c;
        const size_t n1 = d1->n == 1 ? 0 : (size_t)d1->h * (size_t)d1->w * (size_t)d1->c;
        const size_t c2 = d2->c == 1 ? 0 : 1, w2 = d2->w == 1 ? 0 : (size_t)d2->c;
        const size_t h2 = d2->h == 1 ? 0 : (size_t)d2->w * (size_t)d2->c;
        const size_t n2 = d2->n == 1 ? 0 : (size_t)d2->h * (size_t)d2->w * (size_t)d2->c;
        for (n = 0; n < o->n; ++n)
            for (y = 0; y < o->h; ++y)
                for (x = 0; x < o->w; ++x) {
                    const int16_t *pa = a + (size_t)n * n1 + (size_t)y * h1 + (size_t)x * w1;
                    const int16_t *pb = b + (size_t)n * n2 + (size_t)y * h2 + (size_t)x * w2;
                    for (c = 0; c < o->c; ++c) *out++ = add_sub_one16(p, pa[(size_t)c * c1], pb[(size_t)c * c2], subtract);
                }
    }
    return TNM_OK;
}

tnm_status tnm_add_s16(const tnm_arith_params *params, const tnm_dims *input1, const int16_t *input1_data,
                       const tnm_dims *input2, const int16_t *input2_data, const tnm_dims *output,
                       int16_t *output_data)
{
    return add_sub_s16(0, params, input1, input1_data, input2, input2_data, output, output_data);
}

tnm_status tnm_sub_s16(const tnm_arith_params *params, const tnm_dims *input1, const int16_t *input1_data,
                       const tnm_dims *input2, const int16_t *input2_data, const tnm_dims *output,
                       int16_t *output_data)
{
    return add_sub_s16(1, params, input1, input1_data, input2, input2_data, output, output_data);
}
