/*
 * CONV_2D whose every output reads one input value: a 1x1 filter over one input channel,
 * any stride, padding and batch (tnm_opt_conv_lut_shape). Output channel c is then a
 * function of one int8, so per group of up to 4 output channels the 256 possible outputs
 * are requantized once into a table (scratch) and each pixel is a lookup: one input load,
 * one table load and one store for the group (a 4-channel group's table holds words of 4
 * outputs), against a requantization per output on the patch paths (grid: 17-53
 * instructions an output). Exact by construction: entry x is the requantization of
 * bias + w * (x + input_offset), the reference's sum; a padding pixel reads the entry of
 * x = -input_offset (the input zero point, an int8), whose sum is the bias alone, as the
 * reference's skipped tap. Portable C shared by the Cortex-M and rv32 variants; the
 * output must not overlap the input (the public call's contract; not for in-place calls).
 */
#include <string.h>

#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

#if TNM_HAVE_ARM_DSP_VARIANT || TNM_HAVE_RV32_VARIANT

/* n entries from sum acc, one weight step w apart, each stride bytes after the last. The
 * requantization's constants are locals: the byte stores may alias anything. rq4: the
 * one-MULH form holds for every sum of the table (cheaper than the 64-bit forms on rv32). */
static void lut_fill(uint8_t *t, int32_t stride, uint32_t acc, uint32_t w, int32_t n, int32_t m, int32_t shift,
                     int rq4, int32_t out_off, int32_t lo, int32_t hi)
{
    const int32_t chi = tnm_opt_rq_chi(2 * out_off + 1, shift);
    if (rq4) {
        const int32_t chi4 = tnm_opt_rq4_chi(out_off, shift), sh4 = 1 - shift;
        for (; n >= 2; n -= 2, t += 2 * stride, acc += 2 * w) { /* two a pass: n is even */
            int32_t v0 = tnm_opt_rq4(acc, m, chi4, sh4), v1 = tnm_opt_rq4(acc + w, m, chi4, sh4);
            v0 = v0 < lo ? lo : v0; /* [lo, hi] lies inside int8 */
            v1 = v1 < lo ? lo : v1;
            t[0] = (uint8_t)(v0 > hi ? hi : v0);
            t[stride] = (uint8_t)(v1 > hi ? hi : v1);
        }
        if (n > 0) {
            const int32_t v = tnm_opt_rq4(acc, m, chi4, sh4);
            *t = (uint8_t)(v < lo ? lo : v > hi ? hi : v);
        }
    } else if (chi != 0) { /* the fast form */
        const int32_t e1 = -shift - 1;
        for (; n > 0; --n, t += stride, acc += w) {
            int32_t v = tnm_opt_rq_fast((int32_t)acc, m, chi, e1);
            v = v < lo ? lo : v;
            *t = (uint8_t)(v > hi ? hi : v);
        }
    } else {
        for (; n > 0; --n, t += stride, acc += w) *t = (uint8_t)tnm_opt_output((int32_t)acc, m, shift, out_off, lo, hi);
    }
}

/* The 256 outputs of channel c, entry i (the input byte (uint8_t)x) at t[i * stride]:
 * x = 0..127, then -128..-1. */
static void lut_channel(const tnm_conv_params *params, const tnm_quant *quant, const int8_t *filter_data,
                        const int32_t *bias, int32_t c, uint8_t *t, int32_t stride)
{
    const int32_t m = quant->multiplier[c], shift = quant->shift[c];
    const int32_t b = bias != 0 ? bias[c] : 0;
    const uint32_t w = (uint32_t)(int32_t)filter_data[c];
    const uint32_t acc0 = (uint32_t)b + w * (uint32_t)params->input_offset;
    /* every sum: |bias| + |w * (x + offset)| <= |bias| + 128 * 255; cores with SMLAL take the
     * fast form (one instruction for the 64-bit sum) */
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
    const int rq4 = 0;
#else
    const int rq4 = tnm_opt_rq4_ok(shift) && b > -(1 << 29) + 32640 && b < (1 << 29) - 32640;
#endif
    lut_fill(t, stride, acc0, w, 128, m, shift, rq4, params->output_offset, params->act_min, params->act_max);
    lut_fill(t + 128 * stride, stride, acc0 - 128u * w, w, 128, m, shift, rq4, params->output_offset,
             params->act_min, params->act_max);
}

/* n pixels: the input bytes src, src + s, ...; the outputs dst, dst + d, ... (a group of 4
 * channels: one word of the table a pixel). */
#if defined(__GNUC__)
#define LUT_ALIGNED(p) __builtin_assume_aligned((p), 4)
#else
#define LUT_ALIGNED(p) (p)
#endif
static inline void lut_copy4(int8_t *dst, const uint8_t *t, uint32_t i, int aligned)
{
    uint32_t v;
    memcpy(&v, LUT_ALIGNED(t + 4 * i), 4);
    if (aligned) memcpy(LUT_ALIGNED(dst), &v, 4); /* one word store (rv32: four byte stores else) */
    else memcpy(dst, &v, 4);
}

static inline void lut_run4(const uint8_t *t, const int8_t *src, int32_t s, int32_t n, int8_t *dst, int32_t d,
                            int aligned)
{
    for (; n >= 2; n -= 2) {
        const uint32_t i0 = (uint8_t)src[0], i1 = (uint8_t)src[s];
        lut_copy4(dst, t, i0, aligned);
        lut_copy4(dst + d, t, i1, aligned);
        src += 2 * s;
        dst += 2 * d;
    }
    if (n > 0) lut_copy4(dst, t, (uint8_t)src[0], aligned);
}

/* ... a group of 1-3 channels: a table of bytes per channel, 256 bytes apart */
static inline void lut_run_bytes(const uint8_t *t, int32_t nch, const int8_t *src, int32_t s, int32_t n,
                                 int8_t *dst, int32_t d)
{
    if (nch == 1) {
        for (; n >= 2; n -= 2) {
            const uint8_t v0 = t[(uint8_t)src[0]], v1 = t[(uint8_t)src[s]];
            dst[0] = (int8_t)v0;
            dst[d] = (int8_t)v1;
            src += 2 * s;
            dst += 2 * d;
        }
        if (n > 0) dst[0] = (int8_t)t[(uint8_t)src[0]];
        return;
    }
    for (; n > 0; --n, src += s, dst += d) {
        const uint32_t i = (uint8_t)src[0];
        int32_t j;
        for (j = 0; j < nch; ++j) dst[j] = (int8_t)t[256 * j + i];
    }
}

static void lut_run(const void *t, int32_t nch, const int8_t *src, int32_t s, int32_t n, int8_t *dst, int32_t d)
{
    if (n <= 0) return;
    if (nch == 4) {
        if (((uintptr_t)dst & 3u) == 0 && (d & 3) == 0) {
            if (s == 1) lut_run4((const uint8_t *)t, src, 1, n, dst, d, 1);
            else lut_run4((const uint8_t *)t, src, s, n, dst, d, 1);
        } else {
            lut_run4((const uint8_t *)t, src, s, n, dst, d, 0);
        }
    } else {
        if (s == 1) lut_run_bytes((const uint8_t *)t, nch, src, 1, n, dst, d);
        else lut_run_bytes((const uint8_t *)t, nch, src, s, n, dst, d);
    }
}

void tnm_conv_s8_lut(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                     const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                     const int32_t *bias, const tnm_dims *output, int8_t *output_data, void *scratch)
{
    const int32_t out_c = output->c, oh = output->h, ow = output->w, ih = input->h, iw = input->w;
    const int32_t sh = params->stride_h, sw = params->stride_w, ph = params->pad_h, pw = params->pad_w;
    /* the zero point: a padding pixel's "input byte" */
    const int8_t zp = (int8_t)(-params->input_offset);
    uint8_t *table = (uint8_t *)(((uintptr_t)scratch + 3u) & ~(uintptr_t)3u);
    const int whole = sh == 1 && sw == 1 && ph == 0 && pw == 0 && oh == ih && ow == iw;
    int32_t c0, x_lo, x_hi, y_lo, y_hi;
    (void)filter;
    /* the output columns and rows that read the input (a 1-tap window inside) */
    tnm_opt_windows_inside(iw, 1, pw, sw, ow, &x_lo, &x_hi);
    tnm_opt_windows_inside(ih, 1, ph, sh, oh, &y_lo, &y_hi);
    for (c0 = 0; c0 < out_c; c0 += 4) {
        const int32_t nch = out_c - c0 < 4 ? out_c - c0 : 4;
        int32_t j, b, oy;
        for (j = 0; j < nch; ++j) {
            if (nch == 4) lut_channel(params, quant, filter_data, bias, c0 + j, table + j, 4);
            else lut_channel(params, quant, filter_data, bias, c0 + j, table + 256 * j, 1);
        }
        if (whole) { /* one run over the tensor */
            lut_run(table, nch, input_data, 1, output->n * oh * ow, output_data + c0, out_c);
            continue;
        }
        for (b = 0; b < output->n; ++b) {
            for (oy = 0; oy < oh; ++oy) {
                int8_t *dst = output_data + ((int64_t)(b * oh + oy) * ow) * out_c + c0;
                if (oy < y_lo || oy >= y_hi) {
                    lut_run(table, nch, &zp, 0, ow, dst, out_c);
                    continue;
                }
                lut_run(table, nch, &zp, 0, x_lo, dst, out_c);
                lut_run(table, nch, input_data + ((int64_t)b * ih + oy * sh - ph) * iw + (x_lo * sw - pw), sw,
                        x_hi - x_lo, dst + x_lo * out_c, out_c);
                lut_run(table, nch, &zp, 0, ow - x_hi, dst + x_hi * out_c, out_c);
            }
        }
    }
}

#endif
