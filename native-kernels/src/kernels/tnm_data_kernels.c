/* CONCATENATION, SPLIT, STRIDED_SLICE and int8 <-> uint8 requantization, as TFLM's
 * reference kernels compute them (include/tnm/tnm_kernels_data.h). */
#include <string.h>

#include "tnm/tnm_kernels_data.h"
#include "tnm_copy_internal.h"
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

static int element_size_ok(int32_t s) { return s == 1 || s == 2 || s == 4; }

tnm_status tnm_concatenation(int32_t element_size, int32_t count, int32_t outer, int32_t inner,
                             const int32_t *axis_sizes, const void *const *inputs, void *output)
{
    uint8_t *out = (uint8_t *)output;
    int32_t o, k;
    if (!element_size_ok(element_size) || count < 1 || outer < 1 || inner < 1 ||
        axis_sizes == NULL || inputs == NULL || output == NULL)
        return TNM_ERR_ARGUMENT;
    for (k = 0; k < count; k++) {
        if (axis_sizes[k] < 1 || inputs[k] == NULL) return TNM_ERR_ARGUMENT;
    }
    for (o = 0; o < outer; o++) {
        for (k = 0; k < count; k++) {
            const size_t block = (size_t)axis_sizes[k] * (size_t)inner * (size_t)element_size;
            tnm_copy(out, (const uint8_t *)inputs[k] + (size_t)o * block, block);
            out += block;
        }
    }
    return TNM_OK;
}

tnm_status tnm_split(int32_t element_size, int32_t count, int32_t outer, int32_t inner,
                     const int32_t *axis_sizes, const void *input, void *const *outputs)
{
    const uint8_t *in = (const uint8_t *)input;
    int32_t o, k;
    if (!element_size_ok(element_size) || count < 1 || outer < 1 || inner < 1 ||
        axis_sizes == NULL || input == NULL || outputs == NULL)
        return TNM_ERR_ARGUMENT;
    for (k = 0; k < count; k++) {
        if (axis_sizes[k] < 1 || outputs[k] == NULL) return TNM_ERR_ARGUMENT;
    }
    for (o = 0; o < outer; o++) {
        for (k = 0; k < count; k++) {
            const size_t block = (size_t)axis_sizes[k] * (size_t)inner * (size_t)element_size;
            tnm_copy((uint8_t *)outputs[k] + (size_t)o * block, in, block);
            in += block;
        }
    }
    return TNM_OK;
}

static int32_t clamp_i32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

void tnm_strided_slice_resolve(int32_t rank, const int32_t *dims, const int32_t *begin,
                               const int32_t *end, const int32_t *strides, uint32_t begin_mask,
                               uint32_t end_mask, uint32_t shrink_axis_mask,
                               int32_t *start4, int32_t *stop4, int32_t *stride4,
                               int32_t *out_sizes)
{
    const int32_t pad = 4 - rank;
    int32_t a;
    for (a = 0; a < 4; a++) {
        const int32_t k = a - pad; /* axis in the model's numbering, < 0 for padding */
        int32_t size, start, stop, stride;
        if (k < 0) {
            start4[a] = 0;
            stop4[a] = 1;
            stride4[a] = 1;
            continue;
        }
        size = dims[k];
        stride = strides[k];
        /* Start: negative counts from the end, clamped, begin_mask overrides. A negative
         * begin plus a positive size cannot overflow int32. */
        start = begin[k];
        if (start < 0) start += size;
        if (stride > 0) start = start < 0 ? 0 : (start > size ? size : start);
        else start = start < -1 ? -1 : (start > size - 1 ? size - 1 : start);
        if ((begin_mask >> k) & 1u) start = stride > 0 ? 0 : size - 1;
        if ((shrink_axis_mask >> k) & 1u) {
            stop = start >= size ? start : start + 1;
        } else {
            stop = end[k];
            if (stop < 0) stop += size;
            if (stride > 0) stop = stop < 0 ? 0 : (stop > size ? size : stop);
            else stop = stop < -1 ? -1 : (stop > size - 1 ? size - 1 : stop);
            if ((end_mask >> k) & 1u) stop = stride > 0 ? size : -1;
        }
        start4[a] = start;
        stop4[a] = stop;
        stride4[a] = stride;
        /* ceil((stop - start) / stride), at least 0 (|stop - start| <= size + 1) */
        {
            /* |span| <= 65536: a stride beyond that takes one step at most, so clamping it
             * keeps 32-bit arithmetic exact (no 64-bit division on 32-bit cores). */
            const int32_t span = stop - start;
            const int32_t st = stride > 65536 ? 65536 : stride < -65536 ? -65536 : stride;
            int32_t n;
            if (st > 0) n = span <= 0 ? 0 : (span + st - 1) / st;
            else n = span >= 0 ? 0 : (-span - st - 1) / -st;
            out_sizes[k] = clamp_i32(n, 0, size);
        }
    }
}

tnm_status tnm_strided_slice(int32_t element_size, const int32_t *input_dims,
                             const int32_t *start, const int32_t *stop, const int32_t *stride,
                             const void *input, void *output)
{
    const uint8_t *in = (const uint8_t *)input;
    uint8_t *out = (uint8_t *)output;
    const size_t es = (size_t)element_size;
    int32_t i0, i1, i2, i3, a;
    size_t s0, s1, s2;
    if (!element_size_ok(element_size) || input_dims == NULL || start == NULL || stop == NULL ||
        stride == NULL || input == NULL || output == NULL)
        return TNM_ERR_ARGUMENT;
    for (a = 0; a < 4; a++) {
        if (stride[a] == 0 || input_dims[a] < 1) return TNM_ERR_ARGUMENT;
        /* every visited index lies in [0, dim) */
        if (stride[a] > 0 ? (start[a] < 0 || stop[a] > input_dims[a])
                          : (start[a] >= input_dims[a] || stop[a] < -1))
            return TNM_ERR_ARGUMENT;
    }
    s2 = (size_t)input_dims[3];
    s1 = s2 * (size_t)input_dims[2];
    s0 = s1 * (size_t)input_dims[1];
#define TNM_SS_LOOP(i, ax) for (i = start[ax]; stride[ax] > 0 ? i < stop[ax] : i > stop[ax]; i += stride[ax])
    if (stride[3] == 1 && start[3] == 0 && stop[3] == input_dims[3] && stride[2] == 1) {
        /* whole rows along the last axis: each run along axis 2 is one span, and the runs
         * along axis 1 too when axis 2 is whole (a streaming model's window of frames) */
        if (stop[2] <= start[2]) return TNM_OK;
        if (start[2] == 0 && stop[2] == input_dims[2] && stride[1] == 1) {
            const size_t m = (size_t)(stop[1] > start[1] ? stop[1] - start[1] : 0) * s1 * es;
            TNM_SS_LOOP(i0, 0)
            {
                tnm_copy(out, in + ((size_t)i0 * s0 + (size_t)start[1] * s1) * es, m);
                out += m;
            }
        } else {
            const size_t n = (size_t)(stop[2] - start[2]) * s2 * es;
            TNM_SS_LOOP(i0, 0)
            {
                TNM_SS_LOOP(i1, 1)
                {
                    tnm_copy(out, in + ((size_t)i0 * s0 + (size_t)i1 * s1 + (size_t)start[2] * s2) * es, n);
                    out += n;
                }
            }
        }
        return TNM_OK;
    }
    TNM_SS_LOOP(i0, 0)
    {
        TNM_SS_LOOP(i1, 1)
        {
            TNM_SS_LOOP(i2, 2)
            {
                const uint8_t *row = in + ((size_t)i0 * s0 + (size_t)i1 * s1 + (size_t)i2 * s2) * es;
                if (stride[3] == 1) {
                    if (stop[3] > start[3]) {
                        const size_t n = (size_t)(stop[3] - start[3]) * es;
                        tnm_copy(out, row + (size_t)start[3] * es, n);
                        out += n;
                    }
                } else {
                    TNM_SS_LOOP(i3, 3)
                    {
                        memcpy(out, row + (size_t)i3 * es, es);
                        out += es;
                    }
                }
            }
        }
    }
#undef TNM_SS_LOOP
    return TNM_OK;
}

tnm_status tnm_requantize_s8_u8(int32_t count, const int8_t *input, int32_t input_zero_point,
                                int32_t multiplier, int32_t shift, int32_t output_zero_point,
                                uint8_t *output)
{
    int32_t i;
    if (input == NULL || output == NULL || count < 0 || input_zero_point < -128 ||
        input_zero_point > 127 || output_zero_point < 0 || output_zero_point > 255 ||
        !tnm_multiplier_ok(multiplier, shift))
        return TNM_ERR_ARGUMENT;
    for (i = 0; i < count; ++i) {
        const int32_t v = tnm_mbqm(input[i] - input_zero_point, multiplier, shift);
        output[i] = (uint8_t)tnm_clamp(tnm_wrap_add(v, output_zero_point), 0, 255);
    }
    return TNM_OK;
}

tnm_status tnm_requantize_u8_s8(int32_t count, const uint8_t *input, int32_t input_zero_point,
                                int32_t multiplier, int32_t shift, int32_t output_zero_point,
                                int8_t *output)
{
    int32_t i;
    if (input == NULL || output == NULL || count < 0 || input_zero_point < 0 ||
        input_zero_point > 255 || output_zero_point < -128 || output_zero_point > 127 ||
        !tnm_multiplier_ok(multiplier, shift))
        return TNM_ERR_ARGUMENT;
    for (i = 0; i < count; ++i) {
        const int32_t v = tnm_mbqm((int32_t)input[i] - input_zero_point, multiplier, shift);
        output[i] = (int8_t)tnm_clamp(tnm_wrap_add(v, output_zero_point), -128, 127);
    }
    return TNM_OK;
}

/* the range of TFLite type t (9 int8, 3 uint8, 7 int16, 2 int32), or 0 for another type */
static int type_range(int32_t t, int32_t *lo, int32_t *hi)
{
    switch (t) {
    case 9: *lo = -128; *hi = 127; return 1;
    case 3: *lo = 0; *hi = 255; return 1;
    case 7: *lo = -32768; *hi = 32767; return 1;
    case 2: *lo = INT32_MIN; *hi = INT32_MAX; return 1;
    default: return 0;
    }
}

static int32_t load_typed(const void *p, int32_t t, int32_t i)
{
    switch (t) {
    case 9: return ((const int8_t *)p)[i];
    case 3: return ((const uint8_t *)p)[i];
    case 7: return ((const int16_t *)p)[i];
    default: return ((const int32_t *)p)[i];
    }
}

static void store_typed(void *p, int32_t t, int32_t i, int32_t v)
{
    switch (t) {
    case 9: ((int8_t *)p)[i] = (int8_t)v; break;
    case 3: ((uint8_t *)p)[i] = (uint8_t)v; break;
    case 7: ((int16_t *)p)[i] = (int16_t)v; break;
    default: ((int32_t *)p)[i] = v; break;
    }
}

tnm_status tnm_requantize_typed(int32_t count, const void *input, int32_t input_type, int32_t input_zero_point,
                                int32_t multiplier, int32_t shift, int32_t output_zero_point, void *output,
                                int32_t output_type)
{
    int32_t in_lo, in_hi, lo, hi, i;
    if (input == NULL || output == NULL || count < 0 || !type_range(input_type, &in_lo, &in_hi) ||
        !type_range(output_type, &lo, &hi) || input_zero_point < in_lo || input_zero_point > in_hi ||
        output_zero_point < lo || output_zero_point > hi || !tnm_multiplier_ok(multiplier, shift))
        return TNM_ERR_ARGUMENT;
    /* uint8 <-> int8 at one scale (multiplier 2^30, shift 1: the value unchanged) with zero
     * points 128 apart, as TFLite's converter writes a uint8 model input: each byte's top bit
     * flipped (TFLite's Requantize takes this path too), four bytes a word */
    if (multiplier == (1 << 30) && shift == 1 &&
        ((input_type == TNM_TYPE_UINT8 && output_type == TNM_TYPE_INT8 && input_zero_point - output_zero_point == 128) ||
         (input_type == TNM_TYPE_INT8 && output_type == TNM_TYPE_UINT8 && input_zero_point - output_zero_point == -128))) {
        const uint8_t *s_ = (const uint8_t *)input;
        uint8_t *o_ = (uint8_t *)output;
        for (i = 0; i + 4 <= count; i += 4) {
            uint32_t w;
            memcpy(&w, s_ + i, 4);
            w ^= 0x80808080u;
            memcpy(o_ + i, &w, 4);
        }
        for (; i < count; ++i) o_[i] = (uint8_t)(s_[i] ^ 0x80u);
        return TNM_OK;
    }
    /* int8, uint8, int16 or int32 to int8, uint8, int16 or int32 (a streaming model's int16
     * features, SEANet's int16 <-> int32, a requantizing QUANTIZE): the kernels'
     * requantization (bit-exact with tnm_mbqm) in loops of their own */
#define RQ_TYPED_LOOP(IN_T, OUT_T, CLAMP)                                                        \
    {                                                                                            \
        const IN_T *s_ = (const IN_T *)input;                                                    \
        OUT_T *o_ = (OUT_T *)output;                                                             \
        for (i = 0; i < count; ++i)                                                              \
            o_[i] = (OUT_T)CLAMP(tnm_wrap_add(tnm_opt_requant(tnm_wrap_sub(s_[i], input_zero_point), multiplier, shift), \
                                              output_zero_point));                               \
    }
#define RQ_SAT_U8(v) tnm_clamp((v), 0, 255)
    if (input_type == TNM_TYPE_UINT8 && output_type == TNM_TYPE_INT8) {
        RQ_TYPED_LOOP(uint8_t, int8_t, tnm_opt_sat8)
        return TNM_OK;
    }
    if (input_type == TNM_TYPE_INT8 && output_type == TNM_TYPE_UINT8) {
        RQ_TYPED_LOOP(int8_t, uint8_t, RQ_SAT_U8)
        return TNM_OK;
    }
    if ((input_type == TNM_TYPE_INT16 || input_type == TNM_TYPE_INT8 || input_type == TNM_TYPE_INT32) &&
        (output_type == TNM_TYPE_INT8 || output_type == TNM_TYPE_INT16 || output_type == TNM_TYPE_INT32)) {
        if (input_type == TNM_TYPE_INT16) {
            if (output_type == TNM_TYPE_INT8) RQ_TYPED_LOOP(int16_t, int8_t, tnm_opt_sat8)
            else if (output_type == TNM_TYPE_INT16) RQ_TYPED_LOOP(int16_t, int16_t, tnm_opt_sat16)
            else RQ_TYPED_LOOP(int16_t, int32_t, (int32_t))
        } else if (input_type == TNM_TYPE_INT32) {
            if (output_type == TNM_TYPE_INT8) RQ_TYPED_LOOP(int32_t, int8_t, tnm_opt_sat8)
            else if (output_type == TNM_TYPE_INT16) RQ_TYPED_LOOP(int32_t, int16_t, tnm_opt_sat16)
            else RQ_TYPED_LOOP(int32_t, int32_t, (int32_t))
        } else {
            if (output_type == TNM_TYPE_INT8) RQ_TYPED_LOOP(int8_t, int8_t, tnm_opt_sat8)
            else if (output_type == TNM_TYPE_INT16) RQ_TYPED_LOOP(int8_t, int16_t, tnm_opt_sat16)
            else RQ_TYPED_LOOP(int8_t, int32_t, (int32_t))
        }
        return TNM_OK;
    }
#undef RQ_TYPED_LOOP
#undef RQ_SAT_U8
    for (i = 0; i < count; ++i) {
        const int32_t x = tnm_wrap_sub(load_typed(input, input_type, i), input_zero_point);
        const int32_t v = tnm_wrap_add(tnm_mbqm(x, multiplier, shift), output_zero_point);
        store_typed(output, output_type, i, tnm_clamp(v, lo, hi));
    }
    return TNM_OK;
}
