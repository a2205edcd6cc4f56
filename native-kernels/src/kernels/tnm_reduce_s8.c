/* MEAN and SUM, int8 and int16 (TFLite reference_ops::QuantizedMeanOrSum, which TFLM's MEAN
 * and SUM call for both); REDUCE_MAX and REDUCE_MIN at the end. TFLM adds every input into a
 * per-output int32 accumulator with wrapping adds; a wrapped sum does not depend on the
 * order, so each output is computed here on its own (no accumulator scratch): the kept
 * dims, in order, index the outputs, the reduced dims the values summed into each. */
#include <stddef.h>

#include "tnm_fixedpoint_internal.h"
#include "tnm_nd_internal.h"

/* floor(a * 2^k / n) for a in [0, 2^31), n >= 1, 2^k <= n (so the result <= a): long
 * division one bit at a time, in 32 bits (no 64-bit division helper on the targets). */
static int32_t scaled_quotient(int32_t a, int32_t k, int32_t n)
{
    uint32_t q = (uint32_t)a / (uint32_t)n, r = (uint32_t)a % (uint32_t)n;
    int32_t i;
    for (i = 0; i < k; ++i) {
        q <<= 1;
        r <<= 1; /* r < n < 2^31: no overflow */
        if (r >= (uint32_t)n) {
            r -= (uint32_t)n;
            q |= 1u;
        }
    }
    return (int32_t)q;
}

/* The dims split into kept and reduced ones, innermost first, with their strides. */
typedef struct {
    int32_t kept[TNM_ND_MAX_RANK], kept_stride[TNM_ND_MAX_RANK];
    int32_t red[TNM_ND_MAX_RANK], red_stride[TNM_ND_MAX_RANK];
    int32_t n_kept, n_red;
    int32_t reduced; /* values reduced into each output */
    int32_t outputs;
} axes_split;

static void split_axes(int32_t mask, const tnm_nd_dims *input, axes_split *a)
{
    int32_t i, stride = 1;
    a->n_kept = a->n_red = 0;
    a->reduced = a->outputs = 1;
    for (i = input->rank - 1; i >= 0; --i) {
        if ((mask >> i) & 1) {
            a->red[a->n_red] = input->dims[i];
            a->red_stride[a->n_red++] = stride;
            a->reduced *= input->dims[i];
        } else {
            a->kept[a->n_kept] = input->dims[i];
            a->kept_stride[a->n_kept++] = stride;
            a->outputs *= input->dims[i];
        }
        stride *= input->dims[i];
    }
}

/* The reduced axes one contiguous run before the last axis, which is kept (a global pool
 * over H and W of NHWC): the data as [outer, P, C], output (o, c) over P values C apart.
 * 0 when the mask is not of that form. */
static int contiguous_run(int32_t mask, const tnm_nd_dims *input, int32_t *outer, int32_t *p_n, int32_t *c_n)
{
    int32_t i, lo_ax = -1, hi_ax = -1;
    for (i = 0; i < input->rank; ++i) {
        if ((mask >> i) & 1) {
            if (lo_ax < 0) lo_ax = i;
            hi_ax = i;
        }
    }
    if (lo_ax < 0 || hi_ax >= input->rank - 1 || mask != ((2 << hi_ax) - (1 << lo_ax))) return 0;
    *outer = *p_n = *c_n = 1;
    for (i = 0; i < lo_ax; ++i) *outer *= input->dims[i];
    for (i = lo_ax; i <= hi_ax; ++i) *p_n *= input->dims[i];
    for (i = hi_ax + 1; i < input->rank; ++i) *c_n *= input->dims[i];
    return 1;
}

/* in16/out16 NULL: int8 data (in8/out8); else int16 (TFLite's QuantizedMeanOrSum<int16_t>: the
 * same int32 sums, the int16 range) */
static tnm_status reduce_any(int mean, const tnm_reduce_params *params, const tnm_nd_dims *input,
                             const int8_t *input_data, const int16_t *in16, int32_t output_count,
                             int8_t *output_data, int16_t *out16)
{
    const int32_t lo = in16 != NULL ? -32768 : -128, hi = in16 != NULL ? 32767 : 127;
    axes_split a;
    int32_t kept_idx[TNM_ND_MAX_RANK], red_idx[TNM_ND_MAX_RANK];
    int32_t i, o, n, outputs, outer, p_n, c_n;
    int32_t multiplier, shift, in_zp, out_zp;
    uint32_t zp_times_n;
    if (params == 0 || (input_data == 0 && in16 == 0) || (output_data == 0 && out16 == 0)) return TNM_ERR_ARGUMENT;
    if (!tnm_nd_dims_ok(input, 0)) return TNM_ERR_ARGUMENT;
    if (params->axis_mask < 0 || params->axis_mask >= (1 << input->rank)) return TNM_ERR_ARGUMENT;
    if (params->input_zero_point < lo || params->input_zero_point > hi || params->output_zero_point < lo ||
        params->output_zero_point > hi || !tnm_multiplier_ok(params->multiplier, params->shift))
        return TNM_ERR_ARGUMENT;
    split_axes(params->axis_mask, input, &a);
    n = a.reduced;
    outputs = a.outputs;
    if (output_count != outputs) return TNM_ERR_ARGUMENT;

    multiplier = params->multiplier;
    shift = params->shift;
    if (mean) {
        /* TFLM: shift by floor(log2 n), at most 32 and at most 31 + shift, to keep
         * the precision of multiplier / n. n < 2^31 here, so the first limit never acts. */
        int32_t k = 0;
        while (k < 30 && ((uint32_t)n >> (k + 1)) != 0) ++k;
        if (k > 31 + shift) k = 31 + shift;
        multiplier = scaled_quotient(multiplier, k, n);
        shift -= k;
    }
    in_zp = params->input_zero_point;
    out_zp = params->output_zero_point;
    zp_times_n = (uint32_t)in_zp * (uint32_t)n; /* TFLM: int64, then truncated to int32 */

    if (in16 == NULL && contiguous_run(params->axis_mask, input, &outer, &p_n, &c_n)) {
        /* a global average pool: each output the sum of P values C apart; 4 channels a pass,
         * each value one add */
        {
            int32_t c;
            for (o = 0; o < outer; ++o) {
                const int8_t *block = input_data + (size_t)o * (size_t)p_n * (size_t)c_n;
                int8_t *dst = output_data + (size_t)o * (size_t)c_n;
                for (c = 0; c < c_n; c += 4) {
                    const int32_t lanes = c_n - c < 4 ? c_n - c : 4;
                    uint32_t s4[4] = {0u, 0u, 0u, 0u};
                    const int8_t *src = block + c;
                    int32_t j, k;
                    if (lanes == 4) {
                        uint32_t s0 = 0u, s1 = 0u, s2 = 0u, s3 = 0u;
                        for (j = 0; j < p_n; ++j, src += c_n) {
                            s0 += (uint32_t)(int32_t)src[0];
                            s1 += (uint32_t)(int32_t)src[1];
                            s2 += (uint32_t)(int32_t)src[2];
                            s3 += (uint32_t)(int32_t)src[3];
                        }
                        s4[0] = s0;
                        s4[1] = s1;
                        s4[2] = s2;
                        s4[3] = s3;
                    } else {
                        for (j = 0; j < p_n; ++j, src += c_n)
                            for (k = 0; k < lanes; ++k) s4[k] += (uint32_t)(int32_t)src[k];
                    }
                    for (k = 0; k < lanes; ++k) {
                        const int32_t v = tnm_mbqm(tnm_wrap_i32(s4[k] - zp_times_n), multiplier, shift);
                        dst[c + k] = (int8_t)tnm_clamp(tnm_wrap_add(v, out_zp), -128, 127);
                    }
                }
            }
            return TNM_OK;
        }
    }
    for (i = 0; i < a.n_kept; ++i) kept_idx[i] = 0;
    for (o = 0; o < outputs; ++o) {
        int32_t base = 0, j, v;
        uint32_t sum = 0;
        for (i = 0; i < a.n_kept; ++i) base += kept_idx[i] * a.kept_stride[i];
        /* sum over the reduced dims: an odometer, innermost reduced dim fastest */
        for (i = 0; i < a.n_red; ++i) red_idx[i] = 0;
        if (a.n_red == 0) {
            sum = (uint32_t)(in16 != NULL ? (int32_t)in16[base] : (int32_t)input_data[base]);
        } else if (in16 != NULL) {
            const int32_t inner = a.red[0], inner_stride = a.red_stride[0];
            for (;;) {
                int32_t off = base;
                for (i = 1; i < a.n_red; ++i) off += red_idx[i] * a.red_stride[i];
                for (j = 0; j < inner; ++j) sum += (uint32_t)(int32_t)in16[off + j * inner_stride];
                for (i = 1; i < a.n_red; ++i) {
                    if (++red_idx[i] < a.red[i]) break;
                    red_idx[i] = 0;
                }
                if (i == a.n_red) break;
            }
        } else {
            const int32_t inner = a.red[0], inner_stride = a.red_stride[0];
            for (;;) {
                int32_t off = base;
                for (i = 1; i < a.n_red; ++i) off += red_idx[i] * a.red_stride[i];
                for (j = 0; j < inner; ++j) sum += (uint32_t)(int32_t)input_data[off + j * inner_stride];
                for (i = 1; i < a.n_red; ++i) {
                    if (++red_idx[i] < a.red[i]) break;
                    red_idx[i] = 0;
                }
                if (i == a.n_red) break;
            }
        }
        v = tnm_clamp(tnm_wrap_add(tnm_mbqm(tnm_wrap_i32(sum - zp_times_n), multiplier, shift), out_zp), lo, hi);
        if (out16 != NULL) out16[o] = (int16_t)v;
        else output_data[o] = (int8_t)v;
        /* next output: the kept dims' odometer, innermost fastest */
        for (i = 0; i < a.n_kept; ++i) {
            if (++kept_idx[i] < a.kept[i]) break;
            kept_idx[i] = 0;
        }
    }
    return TNM_OK;
}

tnm_status tnm_mean_s8(const tnm_reduce_params *params,
                       const tnm_nd_dims *input, const int8_t *input_data,
                       int32_t output_count, int8_t *output_data)
{
    return reduce_any(1, params, input, input_data, NULL, output_count, output_data, NULL);
}

tnm_status tnm_sum_s8(const tnm_reduce_params *params,
                      const tnm_nd_dims *input, const int8_t *input_data,
                      int32_t output_count, int8_t *output_data)
{
    return reduce_any(0, params, input, input_data, NULL, output_count, output_data, NULL);
}

tnm_status tnm_mean_s16(const tnm_reduce_params *params, const tnm_nd_dims *input, const int16_t *input_data,
                        int32_t output_count, int16_t *output_data)
{
    if (input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    return reduce_any(1, params, input, NULL, input_data, output_count, NULL, output_data);
}

tnm_status tnm_sum_s16(const tnm_reduce_params *params, const tnm_nd_dims *input, const int16_t *input_data,
                       int32_t output_count, int16_t *output_data)
{
    if (input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    return reduce_any(0, params, input, NULL, input_data, output_count, NULL, output_data);
}

/* REDUCE_MAX / REDUCE_MIN: the same split of the dims; each output the extreme of its
 * reduced values (raw bytes: in and out share the quantization). The last-axis-kept case
 * (global max pool over H and W) runs the channels as the inner loop, contiguous. */
static tnm_status reduce_extreme_s8(int want_max, int32_t axis_mask, const tnm_nd_dims *input,
                                    const int8_t *input_data, int32_t output_count, int8_t *output_data)
{
    axes_split a;
    int32_t kept_idx[TNM_ND_MAX_RANK], red_idx[TNM_ND_MAX_RANK];
    int32_t i, o, outer, p_n, c_n;
    const int32_t sign = want_max ? 1 : -1; /* compare sign * value: min is max of the negation */
    if (input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_nd_dims_ok(input, 0)) return TNM_ERR_ARGUMENT;
    if (axis_mask < 0 || axis_mask >= (1 << input->rank)) return TNM_ERR_ARGUMENT;
    split_axes(axis_mask, input, &a);
    if (output_count != a.outputs) return TNM_ERR_ARGUMENT;

    if (contiguous_run(axis_mask, input, &outer, &p_n, &c_n)) {
        /* a global max pool: [outer, P, C] -> [outer, C], C contiguous in the inner loop */
        int32_t c, j;
        for (o = 0; o < outer; ++o) {
            const int8_t *block = input_data + (size_t)o * (size_t)p_n * (size_t)c_n;
            int8_t *dst = output_data + (size_t)o * (size_t)c_n;
            for (c = 0; c < c_n; ++c) dst[c] = block[c];
            for (j = 1; j < p_n; ++j) {
                const int8_t *src = block + (size_t)j * (size_t)c_n;
                if (want_max) {
                    for (c = 0; c < c_n; ++c)
                        if (src[c] > dst[c]) dst[c] = src[c];
                } else {
                    for (c = 0; c < c_n; ++c)
                        if (src[c] < dst[c]) dst[c] = src[c];
                }
            }
        }
        return TNM_OK;
    }
    for (i = 0; i < a.n_kept; ++i) kept_idx[i] = 0;
    for (o = 0; o < a.outputs; ++o) {
        int32_t base = 0, j, best = -129;
        for (i = 0; i < a.n_kept; ++i) base += kept_idx[i] * a.kept_stride[i];
        for (i = 0; i < a.n_red; ++i) red_idx[i] = 0;
        if (a.n_red == 0) {
            best = sign * input_data[base];
        } else {
            const int32_t inner = a.red[0], inner_stride = a.red_stride[0];
            for (;;) {
                int32_t off = base;
                for (i = 1; i < a.n_red; ++i) off += red_idx[i] * a.red_stride[i];
                for (j = 0; j < inner; ++j) {
                    const int32_t v = sign * input_data[off + j * inner_stride];
                    if (v > best) best = v;
                }
                for (i = 1; i < a.n_red; ++i) {
                    if (++red_idx[i] < a.red[i]) break;
                    red_idx[i] = 0;
                }
                if (i == a.n_red) break;
            }
        }
        output_data[o] = (int8_t)(sign * best);
        for (i = 0; i < a.n_kept; ++i) {
            if (++kept_idx[i] < a.kept[i]) break;
            kept_idx[i] = 0;
        }
    }
    return TNM_OK;
}

tnm_status tnm_reduce_max_s8(int32_t axis_mask, const tnm_nd_dims *input, const int8_t *input_data,
                             int32_t output_count, int8_t *output_data)
{
    return reduce_extreme_s8(1, axis_mask, input, input_data, output_count, output_data);
}

tnm_status tnm_reduce_min_s8(int32_t axis_mask, const tnm_nd_dims *input, const int8_t *input_data,
                             int32_t output_count, int8_t *output_data)
{
    return reduce_extreme_s8(0, axis_mask, input, input_data, output_count, output_data);
}
