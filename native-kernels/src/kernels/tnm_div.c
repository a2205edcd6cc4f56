/* DIV, int8 and int32 (TFLM div.cc; reference_ops DivElementwise, BroadcastDivSlowQuantized and
 * Div<int32_t>), broadcast to rank 6 (tnm_broadcast_nd_internal.h). A divisor standing for 0,
 * and int32's INT32_MIN / -1, are undefined in TFLM (a debug assertion; a fault or any value in
 * release builds): every quotient is checked before the first byte is written. */
#include <stddef.h>

#include "tnm_broadcast_nd_internal.h"
#include "tnm_gemmlowp_internal.h"

/* CountLeadingSignBits of an int32: the bits below the sign bit equal to it (31 for 0 and -1). */
static int32_t leading_sign_bits(int32_t v)
{
    return tnm_clz32(v < 0 ? ~(uint32_t)v : (uint32_t)v) - 1;
}

/* gemmlowp RoundingDivideByPOT extended past 31: x / 2^e rounded half away from zero (TFLite
 * asserts e <= 31; its release builds shift by e modulo the register width, or saturate). For
 * e >= 32 every int32 gives 0 but INT32_MIN at exactly 32, which is -1/2: -1. */
static int32_t rdbpot_any(int32_t x, int32_t e)
{
    if (e <= 31) return tnm_rdbpot(x, e);
    return (e == 32 && x == INT32_MIN) ? -1 : 0;
}

/* One int8 quotient; v2 = x2 + input2_offset is not 0 (checked by the caller). */
static int8_t div_one(const tnm_div_params *p, int32_t x1, int32_t x2)
{
    int32_t v1 = x1 + p->input1_offset, v2 = x2 + p->input2_offset;
    int32_t headroom_plus_one, recip_shift, recip, headroom, unscaled, total_shift;
    if (v2 < 0) { /* the reciprocal is taken of a positive value: both signs flipped */
        v1 = -v1;
        v2 = -v2;
    }
    /* GetReciprocal(v2, 31): v2 normalized into [1, 2), 1 / (1 + x) of its fraction */
    headroom_plus_one = tnm_clz32((uint32_t)v2);
    recip_shift = 31 - headroom_plus_one;
    recip = tnm_one_over_one_plus_x(tnm_wrap_i32(((uint32_t)v2 << headroom_plus_one) - 0x80000000u));
    headroom = leading_sign_bits(v1);
    /* MultiplyByQuantizedMultiplierGreaterThanOne(v1, recip, headroom): v1 * 2^headroom wraps
     * for v1 = -1 (headroom 31), as TFLite's int32 product does */
    unscaled = tnm_srdhm(tnm_shl_wrap(v1, headroom), recip);
    /* <= 0 with output_shift <= TNM_DIV_MAX_SHIFT (headroom >= 23 for |v1| <= 255) */
    total_shift = p->output_shift - recip_shift - headroom;
    return (int8_t)tnm_clamp(
        tnm_wrap_add(p->output_offset, rdbpot_any(tnm_srdhm(unscaled, p->output_multiplier), -total_shift)),
        p->act_min, p->act_max);
}

/* TFLite's int32 division rounds toward zero, as C99's '/'. */
static int32_t div_one_s32(const tnm_div_params *p, int32_t a, int32_t b)
{
    return tnm_clamp(a / b, p->act_min, p->act_max);
}

static int undefined_at(int32_t element_size, const tnm_div_params *p, int32_t a, int32_t b)
{
    if (element_size == 1) return b + p->input2_offset == 0;
    return b == 0 || (b == -1 && a == INT32_MIN);
}

static int32_t load(const void *data, int32_t element_size, int32_t i)
{
    return element_size == 1 ? (int32_t)((const int8_t *)data)[i] : ((const int32_t *)data)[i];
}

static int args_ok(int32_t element_size, const tnm_div_params *p, const tnm_nd_dims *d1, const void *in1,
                   const tnm_nd_dims *d2, const void *in2, const tnm_nd_dims *o, tnm_bcast *b)
{
    const tnm_nd_dims *ins[2];
    ins[0] = d1;
    ins[1] = d2;
    if (p == 0 || d1 == 0 || d2 == 0 || o == 0 || in1 == 0 || in2 == 0 || !tnm_bcast_init(b, o, ins, 2)) return 0;
    if (element_size == 4) return p->act_min <= p->act_max;
    return tnm_input_offset_ok(p->input1_offset) && tnm_input_offset_ok(p->input2_offset) &&
           tnm_output_offset_ok(p->output_offset) && tnm_act_range_ok(p->act_min, p->act_max) &&
           p->output_multiplier >= 0 && p->output_shift >= -31 && p->output_shift <= TNM_DIV_MAX_SHIFT;
}

/* The broadcast walk over the output: with out == NULL only looks for the first undefined
 * quotient (its flat index, -1 when none); else writes every quotient. */
static int32_t walk(int32_t element_size, const tnm_div_params *p, const tnm_bcast *b, const void *in1,
                    const void *in2, void *out, int32_t *dividend, int32_t *divisor)
{
    int32_t idx[TNM_ND_MAX_RANK] = {0}, off[2] = {0, 0}, at = 0, j;
    const int32_t last = b->rank - 1, run = b->shape[last], s1 = b->stride[0][last], s2 = b->stride[1][last];
    do {
        for (j = 0; j < run; ++j) {
            const int32_t a = load(in1, element_size, off[0] + j * s1), d = load(in2, element_size, off[1] + j * s2);
            if (out == NULL) {
                if (undefined_at(element_size, p, a, d)) {
                    *dividend = a;
                    *divisor = d;
                    return at + j;
                }
            } else if (element_size == 1) {
                ((int8_t *)out)[at + j] = div_one(p, a, d);
            } else {
                ((int32_t *)out)[at + j] = div_one_s32(p, a, d);
            }
        }
        at += run;
    } while (tnm_bcast_next(b, idx, off, 2));
    return -1;
}

int32_t tnm_div_first_undefined(int32_t element_size, const tnm_div_params *params, const tnm_nd_dims *input1,
                                const void *input1_data, const tnm_nd_dims *input2, const void *input2_data,
                                const tnm_nd_dims *output, int32_t *dividend, int32_t *divisor)
{
    tnm_bcast b;
    int32_t a = 0, d = 0, at;
    if ((element_size != 1 && element_size != 4) ||
        !args_ok(element_size, params, input1, input1_data, input2, input2_data, output, &b))
        return -1;
    at = walk(element_size, params, &b, input1_data, input2_data, NULL, &a, &d);
    if (dividend != 0) *dividend = a;
    if (divisor != 0) *divisor = d;
    return at;
}

static tnm_status div_any(int32_t element_size, const tnm_div_params *p, const tnm_nd_dims *d1, const void *in1,
                          const tnm_nd_dims *d2, const void *in2, const tnm_nd_dims *o, void *out)
{
    tnm_bcast b;
    int32_t a, d;
    if (out == 0 || !args_ok(element_size, p, d1, in1, d2, in2, o, &b)) return TNM_ERR_ARGUMENT;
    if (walk(element_size, p, &b, in1, in2, NULL, &a, &d) >= 0) return TNM_ERR_ARGUMENT;
    walk(element_size, p, &b, in1, in2, out, &a, &d);
    return TNM_OK;
}

tnm_status tnm_div_s8(const tnm_div_params *params, const tnm_nd_dims *input1, const int8_t *input1_data,
                      const tnm_nd_dims *input2, const int8_t *input2_data, const tnm_nd_dims *output,
                      int8_t *output_data)
{
    return div_any(1, params, input1, input1_data, input2, input2_data, output, output_data);
}

tnm_status tnm_div_s32(const tnm_div_params *params, const tnm_nd_dims *input1, const int32_t *input1_data,
                       const tnm_nd_dims *input2, const int32_t *input2_data, const tnm_nd_dims *output,
                       int32_t *output_data)
{
    return div_any(4, params, input1, input1_data, input2, input2_data, output, output_data);
}
