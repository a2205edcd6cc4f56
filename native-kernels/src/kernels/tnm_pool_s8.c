/* AVERAGE_POOL_2D and MAX_POOL_2D, int8 (TFLite reference_integer_ops::AveragePool /
 * MaxPool). Windows are clipped to the image; padding contributes nothing. */
#include <string.h>

#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

/* Keeps the int32 window sum of the average pool far from overflow (TFLite sums in
 * int32 too); real models are many orders of magnitude below. */
#define TNM_AVGPOOL_MAX_TAPS (1L << 23)

static int pool_args_ok(const tnm_pool_params *p, const tnm_dims *input, const int8_t *input_data,
                        const tnm_dims *output, const int8_t *output_data)
{
    if (p == 0 || input_data == 0 || output_data == 0) return 0;
    if (!tnm_dims_ok(input) || !tnm_dims_ok(output)) return 0;
    if (output->n != input->n || output->c != input->c) return 0;
    return tnm_act_range_ok(p->act_min, p->act_max) &&
           tnm_window_ok(output->h, p->stride_h, p->filter_h, 1, p->pad_h) &&
           tnm_window_ok(output->w, p->stride_w, p->filter_w, 1, p->pad_w);
}

#if TNM_KERNELS_ARM_DSP
/* Cortex-M DSP: a window's sums for 4 channels at a time in two words of int16 lanes,
 * (c0, c2) and (c1, c3): SXTAB16 adds one pixel's 4 channels in 2 instructions (a window
 * of whole rows, as a global pool, as one run, two pixels per pass). Exact while a window
 * has at most 256 taps (|sum| <= 256 * 128). Channels a multiple of 4. */
/* The 4 averages of lane sums a0 = (c0, c2), a1 = (c1, c3) over `count` taps (half =
 * count / 2): TFLite rounds half away from zero with C's truncating division; averages of
 * int8 are int8, so they pack as bytes (then take the activation bounds bytewise). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static uint32_t avg_lanes4(uint32_t a0, uint32_t a1, int32_t count, int32_t half)
{
    const int32_t s0 = (int16_t)(uint16_t)a0, s2 = (int16_t)(uint16_t)(a0 >> 16);
    const int32_t s1 = (int16_t)(uint16_t)a1, s3 = (int16_t)(uint16_t)(a1 >> 16);
    return (uint32_t)(uint8_t)(s0 > 0 ? (s0 + half) / count : (s0 - half) / count) |
           (uint32_t)(uint8_t)(s1 > 0 ? (s1 + half) / count : (s1 - half) / count) << 8 |
           (uint32_t)(uint8_t)(s2 > 0 ? (s2 + half) / count : (s2 - half) / count) << 16 |
           (uint32_t)(uint8_t)(s3 > 0 ? (s3 + half) / count : (s3 - half) / count) << 24;
}

__attribute__((noinline)) static void avgpool_lanes(const int8_t *first, int32_t row_step,
                                                    int32_t ch, int32_t rows, int32_t cols,
                                                    int8_t *out, int32_t act_min, int32_t act_max)
{
    const int32_t count = rows * cols, half = count / 2;
    const int run = cols * ch == row_step && count >= 8; /* whole rows: one run of pixels */
    const uint32_t act_min4 = ((uint32_t)act_min & 0xFFu) * 0x01010101u;
    const uint32_t act_max4 = ((uint32_t)act_max & 0xFFu) * 0x01010101u;
    int32_t i, y, x;
    if (rows == 2 && cols == 2) { /* the usual 2x2 window, unrolled */
        for (i = 0; i < ch; i += 4) {
            const int8_t *p = first + i;
            const uint32_t v = tnm_opt_read4(p), u = tnm_opt_read4(p + ch);
            const uint32_t w = tnm_opt_read4(p + row_step), z = tnm_opt_read4(p + row_step + ch);
            const uint32_t a0 = tnm_sxtab16(tnm_sxtab16(tnm_sxtab16(tnm_sxtab16(0u, v), u), w), z);
            const uint32_t a1 = tnm_sxtab16_ror8(tnm_sxtab16_ror8(tnm_sxtab16_ror8(tnm_sxtab16_ror8(0u, v), u), w), z);
            const uint32_t r = tnm_min4_s8(tnm_max4_s8(avg_lanes4(a0, a1, 4, 2), act_min4), act_max4);
            memcpy(out + i, &r, 4);
        }
        return;
    }
    if (rows == 3 && cols == 3) { /* the usual 3x3 window, unrolled */
        for (i = 0; i < ch; i += 4) {
            const int8_t *p = first + i;
            uint32_t a0 = 0u, a1 = 0u, r;
            for (y = 0; y < 3; ++y, p += row_step) {
                const uint32_t v = tnm_opt_read4(p), u = tnm_opt_read4(p + ch), w = tnm_opt_read4(p + 2 * ch);
                a0 = tnm_sxtab16(tnm_sxtab16(tnm_sxtab16(a0, v), u), w);
                a1 = tnm_sxtab16_ror8(tnm_sxtab16_ror8(tnm_sxtab16_ror8(a1, v), u), w);
            }
            r = tnm_min4_s8(tnm_max4_s8(avg_lanes4(a0, a1, 9, 4), act_min4), act_max4);
            memcpy(out + i, &r, 4);
        }
        return;
    }
    for (i = 0; i < ch; i += 4) {
        uint32_t a0 = 0, a1 = 0;
        const int8_t *row = first + i;
        if (run) { /* two pixels per pass into two pairs of words, then their lane sums */
            uint32_t b0 = 0, b1 = 0;
            const int8_t *src = row;
            for (x = 1; x < count; x += 2, src += 2 * ch) {
                const uint32_t v = tnm_opt_read4(src), u = tnm_opt_read4(src + ch);
                a0 = tnm_sxtab16(a0, v);
                a1 = tnm_sxtab16_ror8(a1, v);
                b0 = tnm_sxtab16(b0, u);
                b1 = tnm_sxtab16_ror8(b1, u);
            }
            if (x == count) {
                const uint32_t v = tnm_opt_read4(src);
                a0 = tnm_sxtab16(a0, v);
                a1 = tnm_sxtab16_ror8(a1, v);
            }
            /* lane-wise sums modulo 2^16: exact, the totals fit the lanes */
            a0 = ((a0 + b0) & 0xFFFFu) | (((a0 >> 16) + (b0 >> 16)) << 16);
            a1 = ((a1 + b1) & 0xFFFFu) | (((a1 >> 16) + (b1 >> 16)) << 16);
            rows = 0;
        }
        for (y = 0; y < rows; ++y, row += row_step) {
            const int8_t *src = row;
            for (x = 0; x < cols; ++x, src += ch) {
                const uint32_t v = tnm_opt_read4(src);
                a0 = tnm_sxtab16(a0, v);
                a1 = tnm_sxtab16_ror8(a1, v);
            }
        }
        {
            const uint32_t r = tnm_min4_s8(tnm_max4_s8(avg_lanes4(a0, a1, count, half), act_min4), act_max4);
            memcpy(out + i, &r, 4);
        }
    }
}
#endif

/* Size over speed for the general loop on Cortex-M (the lanes take the usual shapes):
 * the KWS operator set stays within 16 KB of code. */
#if TNM_KERNELS_ARM_DSP && defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("Os")))
#endif
tnm_status tnm_avgpool_s8_unchecked(const tnm_pool_params *params,
                                    const tnm_dims *input, const int8_t *input_data,
                                    const tnm_dims *output, int8_t *output_data)
{
    int32_t b, oy, ox, c;
    /* Locals: the int8 output stores may alias the structs. */
    const int32_t in_h = input->h, in_w = input->w, ch = input->c;
    const int32_t out_h = output->h, out_w = output->w;
    const int32_t filter_h = params->filter_h, filter_w = params->filter_w;
    const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
    const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
    const int32_t act_min = params->act_min, act_max = params->act_max;
    for (b = 0; b < output->n; ++b) {
        for (oy = 0; oy < out_h; ++oy) {
            const int32_t in_y0 = oy * stride_h - pad_h;
            int32_t fy_start, fy_end;
            tnm_tap_range(in_y0, 1, in_h, filter_h, &fy_start, &fy_end);
            for (ox = 0; ox < out_w; ++ox) {
                const int32_t in_x0 = ox * stride_w - pad_w;
                int8_t *out = output_data + ((b * out_h + oy) * out_w + ox) * ch;
                int32_t fx_start, fx_end, count;
                tnm_tap_range(in_x0, 1, in_w, filter_w, &fx_start, &fx_end);
                count = (fy_end - fy_start) * (fx_end - fx_start);
#if TNM_KERNELS_ARM_DSP
                if ((ch & 3) == 0 && count <= 256) {
                    avgpool_lanes(input_data + (((b * in_h + in_y0 + fy_start) * in_w) + in_x0 + fx_start) * ch,
                                  in_w * ch, ch, fy_end - fy_start, fx_end - fx_start, out,
                                  act_min, act_max);
                    continue;
                }
#endif
#if TNM_KERNELS_ARM_DSP /* the rare shapes the lanes leave: the short loop (code size) */
                for (c = 0; c < ch; ++c) {
                    int32_t sum = 0, avg, fy, fx;
                    for (fy = fy_start; fy < fy_end; ++fy) {
                        const int8_t *in_row = input_data + (b * in_h + in_y0 + fy) * in_w * ch + c;
                        for (fx = fx_start; fx < fx_end; ++fx) sum += in_row[(in_x0 + fx) * ch];
                    }
                    /* TFLite: round half away from zero, with C's truncating division. */
                    avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    out[c] = (int8_t)tnm_clamp(avg, act_min, act_max);
                }
#else
                for (c = 0; c < ch; c += 4) {
                    /* 4 channels per pass (each loaded value one add), the last 1-3 alone */
                    const int32_t lanes = ch - c < 4 ? ch - c : 4;
                    int32_t sum[4] = {0, 0, 0, 0}, avg, fy, fx, k;
                    for (fy = fy_start; fy < fy_end; ++fy) {
                        const int8_t *in = input_data + ((b * in_h + in_y0 + fy) * in_w + in_x0 + fx_start) * ch + c;
                        if (lanes == 4) {
                            int32_t s0 = sum[0], s1 = sum[1], s2 = sum[2], s3 = sum[3];
                            for (fx = fx_start; fx < fx_end; ++fx, in += ch) {
                                s0 += in[0];
                                s1 += in[1];
                                s2 += in[2];
                                s3 += in[3];
                            }
                            sum[0] = s0;
                            sum[1] = s1;
                            sum[2] = s2;
                            sum[3] = s3;
                        } else {
                            for (fx = fx_start; fx < fx_end; ++fx, in += ch)
                                for (k = 0; k < lanes; ++k) sum[k] += in[k];
                        }
                    }
                    for (k = 0; k < lanes; ++k) {
                        /* TFLite: round half away from zero, with C's truncating division. */
                        avg = sum[k] > 0 ? (sum[k] + count / 2) / count : (sum[k] - count / 2) / count;
                        out[c + k] = (int8_t)tnm_clamp(avg, act_min, act_max);
                    }
                }
#endif
            }
        }
    }
    return TNM_OK;
}

tnm_status tnm_avgpool_s8(const tnm_pool_params *params,
                          const tnm_dims *input, const int8_t *input_data,
                          const tnm_dims *output, int8_t *output_data)
{
    int32_t oy, ox, start, end;
    if (!pool_args_ok(params, input, input_data, output, output_data)) return TNM_ERR_ARGUMENT;
    {
        const int64_t max_h = params->filter_h < input->h ? params->filter_h : input->h;
        const int64_t max_w = params->filter_w < input->w ? params->filter_w : input->w;
        if (max_h * max_w > TNM_AVGPOOL_MAX_TAPS) return TNM_ERR_ARGUMENT;
    }
    /* A window entirely in the padding has no average; TFLite fails the op then. */
    for (oy = 0; oy < output->h; ++oy) {
        tnm_tap_range(oy * params->stride_h - params->pad_h, 1, input->h, params->filter_h,
                      &start, &end);
        if (start >= end) return TNM_ERR_ARGUMENT;
    }
    for (ox = 0; ox < output->w; ++ox) {
        tnm_tap_range(ox * params->stride_w - params->pad_w, 1, input->w, params->filter_w,
                      &start, &end);
        if (start >= end) return TNM_ERR_ARGUMENT;
    }
    return tnm_avgpool_s8_unchecked(params, input, input_data, output, output_data);
}

#if TNM_HAVE_ARM_DSP_VARIANT
/* The bytewise maximum of one window row of `cols` >= 1 taps `step` bytes apart, 4
 * channels: rows of 2 and 3 taps (the usual windows) without a loop. */
static inline uint32_t max_row4(const int8_t *src, int32_t cols, int32_t step)
{
    uint32_t m = tnm_opt_read4(src);
    int32_t x;
    if (cols == 2) return tnm_max4_s8(m, tnm_opt_read4(src + step));
    if (cols == 3) return tnm_max4_s8(tnm_max4_s8(m, tnm_opt_read4(src + step)), tnm_opt_read4(src + 2 * step));
    for (x = 1; x < cols; ++x) m = tnm_max4_s8(m, tnm_opt_read4(src += step));
    return m;
}

/* One output pixel, its first `bytes` channels (a multiple of 4) 4 at a time: the window
 * (rows, cols >= 1; `first` its first tap) row by row, then the activation bounds (bounds:
 * {min4, max4}, or NULL where they bound nothing). Out of line: the pixel loop around it
 * keeps its registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void maxpool_pixel4(const int8_t *first, int32_t row_step, int32_t ch, int32_t rows, int32_t cols,
                           int8_t *out, int32_t bytes, const uint32_t *bounds)
{
    int32_t c, y;
    if (rows == 2 && cols == 2) { /* the usual 2x2 window, unrolled */
        for (c = 0; c < bytes; c += 4) {
            const int8_t *p = first + c;
            uint32_t m = tnm_max4_s8(tnm_max4_s8(tnm_opt_read4(p), tnm_opt_read4(p + ch)),
                                     tnm_max4_s8(tnm_opt_read4(p + row_step), tnm_opt_read4(p + row_step + ch)));
            if (bounds != 0) m = tnm_min4_s8(tnm_max4_s8(m, bounds[0]), bounds[1]);
            memcpy(out + c, &m, 4);
        }
        return;
    }
    if (rows == 3 && cols == 3) { /* the usual 3x3 window, unrolled */
        const int32_t c2 = 2 * ch;
        for (c = 0; c < bytes; c += 4) {
            const int8_t *p = first + c;
            uint32_t m = tnm_max4_s8(tnm_max4_s8(tnm_opt_read4(p), tnm_opt_read4(p + ch)), tnm_opt_read4(p + c2));
            p += row_step;
            m = tnm_max4_s8(m, tnm_max4_s8(tnm_max4_s8(tnm_opt_read4(p), tnm_opt_read4(p + ch)), tnm_opt_read4(p + c2)));
            p += row_step;
            m = tnm_max4_s8(m, tnm_max4_s8(tnm_max4_s8(tnm_opt_read4(p), tnm_opt_read4(p + ch)), tnm_opt_read4(p + c2)));
            if (bounds != 0) m = tnm_min4_s8(tnm_max4_s8(m, bounds[0]), bounds[1]);
            memcpy(out + c, &m, 4);
        }
        return;
    }
    for (c = 0; c < bytes; c += 4) {
        const int8_t *row = first + c;
        uint32_t m = max_row4(row, cols, ch);
        for (y = 1; y < rows; ++y) m = tnm_max4_s8(m, max_row4(row += row_step, cols, ch));
        if (bounds != 0) m = tnm_min4_s8(tnm_max4_s8(m, bounds[0]), bounds[1]);
        memcpy(out + c, &m, 4);
    }
}
#endif

tnm_status tnm_maxpool_s8(const tnm_pool_params *params,
                          const tnm_dims *input, const int8_t *input_data,
                          const tnm_dims *output, int8_t *output_data)
{
    int32_t b, oy, ox, c;
    if (!pool_args_ok(params, input, input_data, output, output_data)) return TNM_ERR_ARGUMENT;

    /* Locals: the int8 output stores may alias the structs. */
    const int32_t in_h = input->h, in_w = input->w, ch = input->c;
    const int32_t out_h = output->h, out_w = output->w;
    const int32_t filter_h = params->filter_h, filter_w = params->filter_w;
    const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
    const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
    const int32_t act_min = params->act_min, act_max = params->act_max;
    const uint32_t act_min4 = ((uint32_t)act_min & 0xFFu) * 0x01010101u;
    const uint32_t act_max4 = ((uint32_t)act_max & 0xFFu) * 0x01010101u;
    const uint32_t bounds[2] = {act_min4, act_max4};
    const int bounded = act_min > -128 || act_max < 127; /* else the bounds change nothing */
    for (b = 0; b < output->n; ++b) {
        for (oy = 0; oy < out_h; ++oy) {
            const int32_t in_y0 = oy * stride_h - pad_h;
            int32_t fy_start, fy_end;
            tnm_tap_range(in_y0, 1, in_h, filter_h, &fy_start, &fy_end);
            for (ox = 0; ox < out_w; ++ox) {
                const int32_t in_x0 = ox * stride_w - pad_w;
                int8_t *out = output_data + ((b * out_h + oy) * out_w + ox) * ch;
                const int8_t *first;
                int32_t fx_start, fx_end, rows, cols;
                tnm_tap_range(in_x0, 1, in_w, filter_w, &fx_start, &fx_end);
                rows = fy_end - fy_start;
                cols = fx_end - fx_start;
                if (rows <= 0 || cols <= 0) rows = cols = 0;
                first = rows == 0 ? input_data
                                  : input_data + (((b * in_h + in_y0 + fy_start) * in_w) + in_x0 + fx_start) * ch;
                c = 0;
#if TNM_HAVE_ARM_DSP_VARIANT
                /* 4 channels at a time: a word of 4 int8 per tap (the bytewise maximum on
                 * Cortex-M: SSUB8 + SEL), row by row, then the activation bounds the same way
                 * where they bound anything (hosts: the same in portable C, so the tests run
                 * it) */
                if (rows > 0) {
                    c = ch & ~3;
                    maxpool_pixel4(first, in_w * ch, ch, rows, cols, out, c, bounded ? bounds : 0);
                }
                for (; c + 4 <= ch; c += 4) { /* an empty window gives -128, as in TFLite */
                    const uint32_t m = tnm_min4_s8(tnm_max4_s8(0x80808080u, act_min4), act_max4);
                    memcpy(out + c, &m, 4);
                }
#else
                (void)act_min4;
                (void)act_max4;
                (void)bounded;
                (void)bounds;
                /* 4 channels at a time in registers (each tap's 4 bytes one pass), the
                 * window walked by pointer steps */
                for (; c + 4 <= ch; c += 4) {
                    int32_t m0 = -128, m1 = -128, m2 = -128, m3 = -128, y, x;
                    const int8_t *row = first + c;
                    for (y = 0; y < rows; ++y, row += in_w * ch) {
                        const int8_t *src = row;
                        for (x = 0; x < cols; ++x, src += ch) {
                            m0 = src[0] > m0 ? src[0] : m0;
                            m1 = src[1] > m1 ? src[1] : m1;
                            m2 = src[2] > m2 ? src[2] : m2;
                            m3 = src[3] > m3 ? src[3] : m3;
                        }
                    }
                    out[c] = (int8_t)tnm_clamp(m0, act_min, act_max);
                    out[c + 1] = (int8_t)tnm_clamp(m1, act_min, act_max);
                    out[c + 2] = (int8_t)tnm_clamp(m2, act_min, act_max);
                    out[c + 3] = (int8_t)tnm_clamp(m3, act_min, act_max);
                }
#endif
                for (; c < ch; ++c) {
                    int32_t max = -128, y, x;
                    const int8_t *row = first + c;
                    for (y = 0; y < rows; ++y, row += in_w * ch) {
                        const int8_t *src = row;
                        for (x = 0; x < cols; ++x, src += ch) max = *src > max ? *src : max;
                    }
                    out[c] = (int8_t)tnm_clamp(max, act_min, act_max);
                }
            }
        }
    }
    return TNM_OK;
}

/* Both pools over int16 (TFLM's int16 MaxPool and AveragePool): the window's taps inside the
 * input; an empty window gives -32768 (max) or fails (average, as TFLite); the average's int32
 * sum stays exact below 2^16 taps of int16, rounded half away from zero. */
static tnm_status pool_s16(int average, const tnm_pool_params *params, const tnm_dims *input,
                           const int16_t *input_data, const tnm_dims *output, int16_t *output_data)
{
    int32_t b, oy, ox, c;
    if (params == 0 || input == 0 || output == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_dims_ok(input) || !tnm_dims_ok(output) || output->n != input->n || output->c != input->c)
        return TNM_ERR_ARGUMENT;
    if (params->act_min < -32768 || params->act_max > 32767 || params->act_min > params->act_max ||
        !tnm_window_ok(output->h, params->stride_h, params->filter_h, 1, params->pad_h) ||
        !tnm_window_ok(output->w, params->stride_w, params->filter_w, 1, params->pad_w))
        return TNM_ERR_ARGUMENT;
    if (average && (int64_t)(params->filter_h < input->h ? params->filter_h : input->h) *
                           (params->filter_w < input->w ? params->filter_w : input->w) > 65536)
        return TNM_ERR_ARGUMENT;
    for (b = 0; b < output->n; ++b) {
        for (oy = 0; oy < output->h; ++oy) {
            const int32_t y0 = oy * params->stride_h - params->pad_h;
            int32_t fy0, fy1;
            tnm_tap_range(y0, 1, input->h, params->filter_h, &fy0, &fy1);
            for (ox = 0; ox < output->w; ++ox) {
                const int32_t x0 = ox * params->stride_w - params->pad_w;
                int16_t *out = output_data + (((size_t)b * output->h + oy) * output->w + ox) * input->c;
                int32_t fx0, fx1, count;
                tnm_tap_range(x0, 1, input->w, params->filter_w, &fx0, &fx1);
                count = fy1 > fy0 && fx1 > fx0 ? (fy1 - fy0) * (fx1 - fx0) : 0;
                if (average && count == 0) return TNM_ERR_ARGUMENT; /* no average: TFLite fails too */
                for (c = 0; c < input->c; ++c) {
                    int32_t v = -32768, sum = 0, y, x;
                    for (y = fy0; y < fy1; ++y) {
                        const int16_t *row = input_data + (((size_t)b * input->h + y0 + y) * input->w + x0) * input->c + c;
                        for (x = fx0; x < fx1; ++x) {
                            const int32_t e = row[(size_t)x * input->c];
                            sum += e;
                            v = e > v ? e : v;
                        }
                    }
                    /* the average: nearest, ties away from zero, as TFLite's (sum +- count / 2) / count */
                    if (average) v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    out[c] = (int16_t)tnm_clamp(v, params->act_min, params->act_max);
                }
            }
        }
    }
    return TNM_OK;
}

tnm_status tnm_maxpool_s16(const tnm_pool_params *params, const tnm_dims *input, const int16_t *input_data,
                           const tnm_dims *output, int16_t *output_data)
{
    return pool_s16(0, params, input, input_data, output, output_data);
}

tnm_status tnm_avgpool_s16(const tnm_pool_params *params, const tnm_dims *input, const int16_t *input_data,
                           const tnm_dims *output, int16_t *output_data)
{
    return pool_s16(1, params, input, input_data, output, output_data);
}
