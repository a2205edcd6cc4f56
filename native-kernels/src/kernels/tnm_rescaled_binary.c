/* The rescaling binary operators beside the int8 ADD/SUB/MUL kernels (tnm_elementwise_s8.c):
 * ADD and SUB with int16 tensors (TFLM add.cc / sub.cc int16: reference_ops AddElementwise and
 * BroadcastAdd6DSlow with left_shift 15, and their SUB twins), and SQUARED_DIFFERENCE over
 * int8 and int16 (TFLM squared_difference.cc: left_shift 7 or 0, the difference of the two
 * rescaled inputs squared, then MultiplyByQuantizedMultiplier to the output), and MUL over int16
 * (TFLM mul.cc int16: the int8 arithmetic, zero points 0). One per-value
 * step, one loop: broadcast in 4 dims, a stride of 0 along an input's dims of size 1. */
#include <stddef.h>

#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

typedef enum { RB_ADD, RB_SUB, RB_SQUARED_DIFFERENCE, RB_MUL } rb_op;

typedef struct {
    const tnm_arith_params *p;
    tnm_opt_rq_side in1, in2, out; /* prepared once a call */
} rb_prepared;

/* Both inputs shifted up by left_shift and scaled to the common scale (shifts <= 0, where
 * TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp is tnm_mbqm), combined, scaled to
 * the output, offset and clamped. TFLM's int32 products and sums cannot overflow with its own
 * parameters; with others they wrap, as TFLM's would. */
static inline int32_t rescaled_one(const rb_prepared *q, int32_t x1, int32_t x2, rb_op op)
{
    const tnm_arith_params *p = q->p;
    int32_t combined;
    if (op == RB_MUL) { /* the product of the offset inputs (|product| <= 2^30), scaled to the output */
        combined = tnm_wrap_i32((uint32_t)(p->input1_offset + x1) * (uint32_t)(p->input2_offset + x2));
    } else {
        const int32_t scaled1 = tnm_opt_rq_side_apply(&q->in1, tnm_shl_wrap(p->input1_offset + x1, p->left_shift));
        const int32_t scaled2 = tnm_opt_rq_side_apply(&q->in2, tnm_shl_wrap(p->input2_offset + x2, p->left_shift));
        if (op == RB_ADD) {
            combined = tnm_wrap_add(scaled1, scaled2);
        } else {
            combined = tnm_wrap_sub(scaled1, scaled2);
            if (op == RB_SQUARED_DIFFERENCE) combined = tnm_wrap_i32((uint32_t)combined * (uint32_t)combined);
        }
    }
    return tnm_clamp(tnm_wrap_add(tnm_opt_rq_side_apply(&q->out, combined), p->output_offset), p->act_min, p->act_max);
}

static int broadcasts(const tnm_dims *in, const tnm_dims *out)
{
    return (in->n == out->n || in->n == 1) && (in->h == out->h || in->h == 1) &&
           (in->w == out->w || in->w == 1) && (in->c == out->c || in->c == 1);
}

/* Element strides of an input along n, h, w, c: 0 along a broadcast dim. */
typedef struct {
    size_t n, h, w, c;
} rb_strides;

static rb_strides strides_of(const tnm_dims *d)
{
    rb_strides s;
    s.c = d->c == 1 ? 0 : 1;
    s.w = d->w == 1 ? 0 : (size_t)d->c;
    s.h = d->h == 1 ? 0 : (size_t)d->w * (size_t)d->c;
    s.n = d->n == 1 ? 0 : (size_t)d->h * (size_t)d->w * (size_t)d->c;
    return s;
}

/* The broadcast loop over one element type T (int8_t or int16_t). */
#define RB_LOOP(T)                                                                                         \
    do {                                                                                                   \
        const T *a = (const T *)in1, *b = (const T *)in2;                                                  \
        T *out = (T *)output;                                                                              \
        for (n = 0; n < o->n; ++n)                                                                         \
            for (y = 0; y < o->h; ++y)                                                                     \
                for (x = 0; x < o->w; ++x) {                                                               \
                    const T *pa = a + (size_t)n * s1.n + (size_t)y * s1.h + (size_t)x * s1.w;              \
                    const T *pb = b + (size_t)n * s2.n + (size_t)y * s2.h + (size_t)x * s2.w;              \
                    for (c = 0; c < o->c; ++c)                                                             \
                        *out++ = (T)rescaled_one(&q, pa[(size_t)c * s1.c], pb[(size_t)c * s2.c], op);       \
                }                                                                                          \
    } while (0)

/* element_size 1 (int8) or 2 (int16): input offsets (-zero points) in [-127, 128] or
 * [-32767, 32767], output offset and activation range in the type, left_shift in [0, 15],
 * input shifts <= 0, output shift in [-31, 30] (<= 0 for ADD, SUB). */
static tnm_status rescaled_binary(rb_op op, int32_t element_size, const tnm_arith_params *p, const tnm_dims *d1,
                                  const void *in1, const tnm_dims *d2, const void *in2, const tnm_dims *o,
                                  void *output)
{
    const int32_t hi = element_size == 2 ? 32767 : 127, lo = -hi - 1, off_hi = element_size == 2 ? hi : 128;
    rb_strides s1, s2;
    rb_prepared q;
    int32_t n, y, x, c;
    if (p == 0 || d1 == 0 || d2 == 0 || o == 0 || in1 == 0 || in2 == 0 || output == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_dims_ok(d1) || !tnm_dims_ok(d2) || !tnm_dims_ok(o) || !broadcasts(d1, o) || !broadcasts(d2, o))
        return TNM_ERR_ARGUMENT;
    if (p->left_shift < 0 || p->left_shift > 15 || p->input1_offset < -hi || p->input1_offset > off_hi ||
        p->input2_offset < -hi || p->input2_offset > off_hi || p->output_offset < lo || p->output_offset > hi ||
        p->act_min < lo || p->act_max > hi || p->act_min > p->act_max ||
        !tnm_multiplier_ok(p->input1_multiplier, p->input1_shift) || p->input1_shift > 0 ||
        !tnm_multiplier_ok(p->input2_multiplier, p->input2_shift) || p->input2_shift > 0 ||
        !tnm_multiplier_ok(p->output_multiplier, p->output_shift) ||
        (op != RB_SQUARED_DIFFERENCE && op != RB_MUL && p->output_shift > 0))
        return TNM_ERR_ARGUMENT;
    q.p = p;
    tnm_opt_rq_side_prepare(&q.in1, p->input1_multiplier, p->input1_shift);
    tnm_opt_rq_side_prepare(&q.in2, p->input2_multiplier, p->input2_shift);
    tnm_opt_rq_side_prepare(&q.out, p->output_multiplier, p->output_shift);
    if (element_size == 2 && d1->n == o->n && d1->h == o->h && d1->w == o->w && d1->c == o->c && d2->n == o->n &&
        d2->h == o->h && d2->w == o->w && d2->c == o->c) { /* same shapes: one flat loop */
        const int16_t *a = (const int16_t *)in1, *b = (const int16_t *)in2;
        int16_t *out = (int16_t *)output;
        const int32_t count = o->n * o->h * o->w * o->c; /* fits: tnm_dims_ok */
        int32_t i;
        if (op == RB_ADD && p->input1_offset == 0 && p->input2_offset == 0 && p->output_offset == 0 &&
            p->output_shift < 0) {
            /* TFLM's int16 ADD as its converter writes it (zero points 0; the output scale below
             * the sum's; each input's shift 0 (the larger scale) or negative): the forms chosen
             * once, their constants in locals */
            const tnm_opt_rq_pre r1 = q.in1.pre, r2 = q.in2.pre, r3 = q.out.pre;
            const int32_t ls = p->left_shift, act_min = p->act_min, act_max = p->act_max;
            const int32_t m1 = p->input1_multiplier, m2 = p->input2_multiplier;
#define RB_ADD16(S1, S2)                                                                                   \
    for (i = 0; i < count; ++i) {                                                                        \
        const int32_t x1 = tnm_shl_wrap(a[i], ls), x2 = tnm_shl_wrap(b[i], ls);                          \
        out[i] = (int16_t)tnm_clamp(tnm_opt_rq_neg(tnm_wrap_add(S1, S2), &r3), act_min, act_max);                    \
    }
            if (p->input1_shift < 0 && p->input2_shift < 0) {
                RB_ADD16(tnm_opt_rq_neg(x1, &r1), tnm_opt_rq_neg(x2, &r2))
            } else if (p->input1_shift < 0) {
                RB_ADD16(tnm_opt_rq_neg(x1, &r1), tnm_opt_rq_pos(x2, m2, 0))
            } else if (p->input2_shift < 0) {
                RB_ADD16(tnm_opt_rq_pos(x1, m1, 0), tnm_opt_rq_neg(x2, &r2))
            } else {
                RB_ADD16(tnm_opt_rq_pos(x1, m1, 0), tnm_opt_rq_pos(x2, m2, 0))
            }
#undef RB_ADD16
            return TNM_OK;
        }
        for (i = 0; i < count; ++i) out[i] = (int16_t)rescaled_one(&q, a[i], b[i], op);
        return TNM_OK;
    }
    s1 = strides_of(d1);
    s2 = strides_of(d2);
    if (element_size == 2) RB_LOOP(int16_t);
    else RB_LOOP(int8_t);
    return TNM_OK;
}

tnm_status tnm_add_s16(const tnm_arith_params *params, const tnm_dims *input1, const int16_t *input1_data,
                       const tnm_dims *input2, const int16_t *input2_data, const tnm_dims *output,
                       int16_t *output_data)
{
    return rescaled_binary(RB_ADD, 2, params, input1, input1_data, input2, input2_data, output, output_data);
}

tnm_status tnm_sub_s16(const tnm_arith_params *params, const tnm_dims *input1, const int16_t *input1_data,
                       const tnm_dims *input2, const int16_t *input2_data, const tnm_dims *output,
                       int16_t *output_data)
{
    return rescaled_binary(RB_SUB, 2, params, input1, input1_data, input2, input2_data, output, output_data);
}

tnm_status tnm_squared_difference_s8(const tnm_arith_params *params, const tnm_dims *input1,
                                     const int8_t *input1_data, const tnm_dims *input2, const int8_t *input2_data,
                                     const tnm_dims *output, int8_t *output_data)
{
    return rescaled_binary(RB_SQUARED_DIFFERENCE, 1, params, input1, input1_data, input2, input2_data, output,
                           output_data);
}

tnm_status tnm_squared_difference_s16(const tnm_arith_params *params, const tnm_dims *input1,
                                      const int16_t *input1_data, const tnm_dims *input2,
                                      const int16_t *input2_data, const tnm_dims *output, int16_t *output_data)
{
    return rescaled_binary(RB_SQUARED_DIFFERENCE, 2, params, input1, input1_data, input2, input2_data, output,
                           output_data);
}

tnm_status tnm_mul_s16(const tnm_arith_params *params, const tnm_dims *input1, const int16_t *input1_data,
                       const tnm_dims *input2, const int16_t *input2_data, const tnm_dims *output,
                       int16_t *output_data)
{
    return rescaled_binary(RB_MUL, 2, params, input1, input1_data, input2, input2_data, output, output_data);
}
