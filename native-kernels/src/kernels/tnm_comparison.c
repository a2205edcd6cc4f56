/* COMPARISON: EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL (TFLM comparisons.cc;
 * reference_ops ComparisonWithScaling / BroadcastComparison4DSlowWithScaling for int8, the
 * NoScaling forms for int32), bool output, broadcast to rank 6 (tnm_broadcast_nd_internal.h;
 * TFLM's "4DSlow" forms go through BroadcastBinaryOpSimple, 8 dims). */
#include "tnm_broadcast_nd_internal.h"
#include "tnm_fixedpoint_internal.h"

static uint8_t compare(int32_t kind, int32_t a, int32_t b)
{
    switch (kind) {
    case TNM_COMPARISON_EQUAL: return a == b;
    case TNM_COMPARISON_NOT_EQUAL: return a != b;
    case TNM_COMPARISON_LESS: return a < b;
    case TNM_COMPARISON_LESS_EQUAL: return a <= b;
    case TNM_COMPARISON_GREATER: return a > b;
    default: return a >= b; /* TNM_COMPARISON_GREATER_EQUAL */
    }
}

/* An int8 operand as TFLM compares it: offset, shifted up by left_shift (|v| <= 255, so at most
 * 23 fits), MultiplyByQuantizedMultiplierSmallerThanOneExp. */
static int32_t scaled(int32_t x, int32_t offset, int32_t left_shift, int32_t multiplier, int32_t shift)
{
    return tnm_mbqm((x + offset) * ((int32_t)1 << left_shift), multiplier, shift);
}

static tnm_status compare_any(int32_t element_size, const tnm_comparison_params *p, const tnm_nd_dims *d1,
                              const void *in1, const tnm_nd_dims *d2, const void *in2, const tnm_nd_dims *o,
                              uint8_t *out)
{
    const tnm_nd_dims *ins[2];
    tnm_bcast b;
    int32_t idx[TNM_ND_MAX_RANK] = {0}, off[2] = {0, 0}, at = 0, j, last, run, s1, s2;
    if (p == 0 || in1 == 0 || in2 == 0 || out == 0 || d1 == 0 || d2 == 0 || o == 0) return TNM_ERR_ARGUMENT;
    if (p->kind < TNM_COMPARISON_EQUAL || p->kind > TNM_COMPARISON_GREATER_EQUAL) return TNM_ERR_ARGUMENT;
    if (element_size == 1 &&
        (!tnm_input_offset_ok(p->input1_offset) || !tnm_input_offset_ok(p->input2_offset) || p->left_shift < 0 ||
         p->left_shift > 23 || p->input1_multiplier < 0 || p->input1_shift < -31 || p->input1_shift > 0 ||
         p->input2_multiplier < 0 || p->input2_shift < -31 || p->input2_shift > 0))
        return TNM_ERR_ARGUMENT;
    ins[0] = d1;
    ins[1] = d2;
    if (!tnm_bcast_init(&b, o, ins, 2)) return TNM_ERR_ARGUMENT;
    last = b.rank - 1;
    run = b.shape[last];
    s1 = b.stride[0][last];
    s2 = b.stride[1][last];
    do {
        if (element_size == 1) {
            const int8_t *a = (const int8_t *)in1 + off[0], *c = (const int8_t *)in2 + off[1];
            for (j = 0; j < run; ++j)
                out[at + j] = compare(
                    p->kind, scaled(a[j * s1], p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift),
                    scaled(c[j * s2], p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift));
        } else {
            const int32_t *a = (const int32_t *)in1 + off[0], *c = (const int32_t *)in2 + off[1];
            for (j = 0; j < run; ++j) out[at + j] = compare(p->kind, a[j * s1], c[j * s2]);
        }
        at += run;
    } while (tnm_bcast_next(&b, idx, off, 2));
    return TNM_OK;
}

tnm_status tnm_compare_s8(const tnm_comparison_params *params, const tnm_nd_dims *input1, const int8_t *input1_data,
                          const tnm_nd_dims *input2, const int8_t *input2_data, const tnm_nd_dims *output,
                          uint8_t *output_data)
{
    return compare_any(1, params, input1, input1_data, input2, input2_data, output, output_data);
}

tnm_status tnm_compare_s32(const tnm_comparison_params *params, const tnm_nd_dims *input1,
                           const int32_t *input1_data, const tnm_nd_dims *input2, const int32_t *input2_data,
                           const tnm_nd_dims *output, uint8_t *output_data)
{
    return compare_any(4, params, input1, input1_data, input2, input2_data, output, output_data);
}
