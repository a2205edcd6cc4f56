/* CONV_2D with int16 activations and int8 weights (TFLite's 16x8 quantization), as TFLM's
 * reference_integer_ops::ConvPerChannel<int64_t or int32_t> for int16: zero points 0 (the
 * sums take no offsets), grouped filters, taps outside the image skipped, one requantization
 * per output channel.
 *
 * Two loops, the same bytes: the portable one for any shape (grouped filters, dilated
 * columns), and the rows form for the rest (one group, dilation_w 1), where each filter row's
 * taps inside the image are one run of the input and one run of every channel's weights: four
 * output channels a pass over the runs, in int32 (exact for up to RUN_CHUNK products, each
 * below 2^22, then moved into an int64 sum; a layer with int32 sums wraps as TFLM's).
 * On cores with the DSP extension a pass takes four values a turn: the input pairs regrouped
 * (x0, x2) and (x1, x3) with two pack instructions so that SXTB16 pairs each with its weights,
 * two SMLAD a channel.
 * With the caller's scratch (tnm_conv_16x8_scratch_size: one group, a window of at most
 * PATCH_MAX values), the patch form: each output pixel's window copied once into the scratch
 * as one run of K = fh * fw * c values, zeros for the taps outside the image (zero points are
 * 0: they add nothing, as TFLM's skipped taps), its groups of four values regrouped there once
 * for every channel (DSP), then each channel's sum one dot product over K, four channels a
 * pass; no per-row runs, no per-pass regrouping. */
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"
#include "tnm_arm_dsp_internal.h"
#include "tnm_copy_internal.h"

/* Values per int32 partial sum: 508 * 2^22 < 2^31, and a multiple of 4. */
#define RUN_CHUNK 508

/* acc[j] += channel j's sum over `rows` runs of len values, the input's row_step apart, the
 * weights' w_row apart from w[j] + at, j < 4; sums wrap (exact in int32 for int32 layers, or
 * up to RUN_CHUNK values). Accumulators and pointers in locals (registers). */
static void window4(const int16_t *x, size_t row_step, int32_t rows, int32_t len, const int8_t *const w[4],
                    size_t at, int32_t w_row, uint32_t acc[4])
{
    const int8_t *w0 = w[0] + at, *w1 = w[1] + at, *w2 = w[2] + at, *w3 = w[3] + at;
    uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    for (; rows > 0; rows--, x += row_step, w0 += w_row, w1 += w_row, w2 += w_row, w3 += w_row) {
        int32_t i = 0;
#if TNM_HAVE_ARM_DSP_VARIANT && !TNM_KERNELS_RV32
        for (; i + 4 <= len; i += 4) {
            uint32_t xa, xb, lo, hi, v;
            memcpy(&xa, x + i, 4);
            memcpy(&xb, x + i + 2, 4);
            lo = (xa & 0xFFFFu) | (xb << 16);
            hi = (xb & 0xFFFF0000u) | (xa >> 16);
            v = tnm_opt_read4(w0 + i);
            a0 = tnm_smlad(hi, tnm_sxtb16_ror8(v), tnm_smlad(lo, tnm_sxtb16(v), a0));
            v = tnm_opt_read4(w1 + i);
            a1 = tnm_smlad(hi, tnm_sxtb16_ror8(v), tnm_smlad(lo, tnm_sxtb16(v), a1));
            v = tnm_opt_read4(w2 + i);
            a2 = tnm_smlad(hi, tnm_sxtb16_ror8(v), tnm_smlad(lo, tnm_sxtb16(v), a2));
            v = tnm_opt_read4(w3 + i);
            a3 = tnm_smlad(hi, tnm_sxtb16_ror8(v), tnm_smlad(lo, tnm_sxtb16(v), a3));
        }
#endif
        for (; i < len; i++) {
            const int32_t xv = x[i];
            a0 += (uint32_t)(xv * w0[i]);
            a1 += (uint32_t)(xv * w1[i]);
            a2 += (uint32_t)(xv * w2[i]);
            a3 += (uint32_t)(xv * w3[i]);
        }
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

/* Values of the patch form's window (its scratch: 2 bytes each, rounded up to a word). */
#define PATCH_MAX 2048

static int32_t patch_values(const tnm_dims *input, const tnm_dims *filter)
{
    const int64_t k = (int64_t)filter->h * filter->w * filter->c;
    return filter->c == input->c && k <= PATCH_MAX ? (int32_t)k : 0;
}

/* Windows of at most PAIR_MAX values (and one whole group) take two output pixels a pass: the
 * scratch holds one plain window and both pixels' groups interleaved (pair_values). */
#define PAIR_MAX 1024

static int32_t plain_values(int32_t k) { return (k + 1) / 2 * 2; }

static int32_t pair_values(int32_t k) { return k >= 4 && k <= PAIR_MAX ? plain_values(k) + 8 * (k / 4) : 0; }

int32_t tnm_conv_16x8_scratch_size(const tnm_dims *input, const tnm_dims *filter)
{
    int32_t k;
    if (input == 0 || filter == 0 || !tnm_dims_ok(input) || !tnm_dims_ok(filter)) return -1;
    k = patch_values(input, filter);
    return 2 * (pair_values(k) > 0 ? pair_values(k) : plain_values(k));
}

/* The window of output pixel (y0, x0) (top-left tap, may lie outside) of image `img` into
 * patch: K values, tap-major as the filter, zeros outside the image. */
static void fill_patch(int16_t *patch, const int16_t *img, const tnm_conv_16x8_params *p, const tnm_dims *input,
                       const tnm_dims *filter, int32_t y0, int32_t x0)
{
    const int32_t c = input->c, row = filter->w * c;
    const size_t run_bytes = (size_t)c * sizeof(int16_t);
    int32_t kx0, kx1, ky, kx;
    tnm_tap_range(x0, p->dilation_w, input->w, filter->w, &kx0, &kx1);
    for (ky = 0; ky < filter->h; ky++, patch += row) {
        const int32_t iy = y0 + ky * p->dilation_h;
        const int16_t *src;
        if (iy < 0 || iy >= input->h || kx0 >= kx1) {
            memset(patch, 0, (size_t)row * sizeof(int16_t));
            continue;
        }
        src = img + ((size_t)iy * (size_t)input->w + (size_t)(x0 + kx0 * p->dilation_w)) * (size_t)c;
        if (kx0 > 0) memset(patch, 0, (size_t)kx0 * run_bytes);
        /* inline word copies: a library memcpy of a row's few bytes cost 4.5 instructions a byte
         * (picolibc, Cortex-M4) */
        if (p->dilation_w == 1) {
            tnm_copy_inline(patch + kx0 * c, src, (size_t)(kx1 - kx0) * run_bytes);
        } else {
            const size_t step = (size_t)p->dilation_w * (size_t)c;
            for (kx = kx0; kx < kx1; kx++, src += step) tnm_copy_inline(patch + kx * c, src, run_bytes);
        }
        if (kx1 < filter->w) memset(patch + kx1 * c, 0, (size_t)(filter->w - kx1) * run_bytes);
    }
}

/* tnm_mbqm64 (TFLite's 64-bit MultiplyByQuantizedMultiplier) with the shift's sign taken by
 * the arithmetic shift every supported compiler gives (tnm_kernels_opt.h checks it): the same
 * value, without the branch on the sign. */
static inline int32_t rq64(int64_t x, int32_t multiplier, int32_t shift)
{
    const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    const int32_t total = 15 - shift;
    return tnm_wrap_i32((uint32_t)(uint64_t)((x * reduced + ((int64_t)1 << (total - 1))) >> total));
}

/* sums[4 k + j] = row j of set k against the patch's first 4 * blocks values (wrapping), the
 * set's rows at w + 4 k * K + d_j (d_0 = 0). DSP: the patch regrouped, the assembly shared
 * with the LSTM and SVDF (22 instructions per 16 multiply-adds); elsewhere a plain loop. */
static void set_sums(uint32_t *sums, const int16_t *patch, int32_t blocks, const int8_t *w, int32_t K, int32_t d1,
                     int32_t d2, int32_t d3, int32_t sets)
{
#if TNM_HAVE_ARM_DSP_VARIANT
    tnm_arm_dsp_rows4_sums(sums, patch, blocks, w, d1, d2, d3, 4 * K, sets);
#else
    const int32_t n = 4 * blocks;
    int32_t k, i;
    for (k = 0; k < sets; k++, w += 4 * K, sums += 4) {
        uint32_t a0 = 0u, a1 = 0u, a2 = 0u, a3 = 0u;
        for (i = 0; i < n; i++) {
            const int32_t x = patch[i];
            a0 += (uint32_t)(x * w[i]);
            a1 += (uint32_t)(x * w[d1 + i]);
            a2 += (uint32_t)(x * w[d2 + i]);
            a3 += (uint32_t)(x * w[d3 + i]);
        }
        sums[0] = a0;
        sums[1] = a1;
        sums[2] = a2;
        sums[3] = a3;
    }
#endif
}

/* Channels a batch of sums takes (its sums wait on the stack). */
#define BATCH 16

/* The requantized output of channel c from its int32 sum (and a wide layer's earlier chunks). */
static inline int16_t output_of(const tnm_conv_16x8_params *p, const tnm_quant *quant, const int32_t *bias, int32_t c,
                                uint32_t sum, int64_t earlier)
{
    int32_t v;
    if (p->wide) {
        v = rq64(earlier + (int32_t)sum + (bias != 0 ? bias[c] : 0), quant->multiplier[c], quant->shift[c]);
    } else {
        v = tnm_mbqm(tnm_wrap_i32(sum + (bias != 0 ? (uint32_t)bias[c] : 0u)), quant->multiplier[c], quant->shift[c]);
    }
    return (int16_t)tnm_clamp(v, p->act_min, p->act_max);
}

/* One output pixel from its window in `patch` (regrouped on DSP builds): out[0 .. out_c). */
static void one_pixel(const tnm_conv_16x8_params *p, const tnm_quant *quant, const int8_t *filter_data,
                      const int32_t *bias, int32_t out_c, int32_t K, const int16_t *patch, int16_t *out)
{
    const int32_t blocks = K / 4;
    /* blocks per int32 partial sum of a wide layer (RUN_CHUNK values; the last 1-3 values join
     * the last chunk: 511 products stay below 2^31) */
    const int32_t chunk = p->wide && blocks > RUN_CHUNK / 4 ? RUN_CHUNK / 4 : blocks;
    int32_t oc, j, i;
    for (oc = 0; oc < out_c; oc += BATCH) {
        uint32_t sums[BATCH];
        int64_t wide[BATCH];
        const int32_t left = out_c - oc, n = left < BATCH ? left : BATCH;
        const int32_t full = n / 4, rest = n % 4;
        const int8_t *w = filter_data + (size_t)oc * (size_t)K;
        int32_t g0 = 0;
        do { /* chunks of the window: one for int32 layers */
            const int32_t g = blocks - g0 < chunk ? blocks - g0 : chunk;
            if (full > 0) set_sums(sums, patch + 4 * g0, g, w + 4 * g0, K, K, 2 * K, 3 * K, full);
            if (rest > 0) /* the last 1-3 channels: rows past them repeat the last */
                set_sums(sums + 4 * full, patch + 4 * g0, g, w + (size_t)4 * full * K + 4 * g0, K, K * (rest > 1),
                         K * (rest > 1) + K * (rest > 2), K * (rest > 1) + K * (rest > 2), 1);
            g0 += g;
            if (g0 == blocks) { /* the last 1-3 values (not regrouped), each channel in C */
                for (i = 4 * blocks; i < K; i++) {
                    const int32_t x = patch[i];
                    for (j = 0; j < n; j++) sums[j] += (uint32_t)(x * w[(size_t)j * K + i]);
                }
            }
            if (g0 < blocks) { /* a wide layer's chunk before the last: into int64 */
                for (j = 0; j < n; j++) wide[j] = (g0 == g ? 0 : wide[j]) + (int32_t)sums[j];
            }
        } while (g0 < blocks);
        for (j = 0; j < n; j++) out[oc + j] = output_of(p, quant, bias, oc + j, sums[j], blocks > chunk ? wide[j] : 0);
    }
}

#if TNM_HAVE_ARM_DSP_VARIANT
/* Two output pixels (their windows' groups interleaved in e, the paired layout of
 * tnm_arm_dsp_rows2x2_sums; their last K % 4 values in ta, tb): each weight word extended once
 * for both (16 instructions per 16 multiply-adds on Cortex-M4). */
static void two_pixels(const tnm_conv_16x8_params *p, const tnm_quant *quant, const int8_t *filter_data,
                       const int32_t *bias, int32_t out_c, int32_t K, const int16_t *e, const int16_t *ta,
                       const int16_t *tb, int16_t *out_a, int16_t *out_b)
{
    const int32_t blocks = K / 4;
    const int32_t chunk = p->wide && blocks > RUN_CHUNK / 4 ? RUN_CHUNK / 4 : blocks;
    int32_t oc, j, i;
    for (oc = 0; oc < out_c; oc += BATCH) {
        /* set k (channels 2k, 2k + 1) at sa[4 k], sa[4 k + 1]: the assembly's layout */
        uint32_t sa[2 * BATCH], sb[2 * BATCH];
        int64_t wa[BATCH], wb[BATCH];
        const int32_t left = out_c - oc, n = left < BATCH ? left : BATCH, pairs = n / 2;
        const int8_t *w = filter_data + (size_t)oc * (size_t)K;
        int32_t g0 = 0;
        do {
            const int32_t g = blocks - g0 < chunk ? blocks - g0 : chunk;
            if (pairs > 0) tnm_arm_dsp_rows2x2_sums(sa, sb, e + 8 * g0, g, w + 4 * g0, K, 2 * K, pairs);
            if (n % 2 != 0) /* the last channel alone: its row twice */
                tnm_arm_dsp_rows2x2_sums(sa + 4 * pairs, sb + 4 * pairs, e + 8 * g0, g, w + (size_t)(n - 1) * K + 4 * g0,
                                         0, 2 * K, 1);
            g0 += g;
            if (g0 == blocks) {
                for (i = 0; i < K - 4 * blocks; i++) {
                    for (j = 0; j < n; j++) {
                        const int32_t wv = w[(size_t)j * K + 4 * blocks + i], at = 4 * (j / 2) + j % 2;
                        sa[at] += (uint32_t)(ta[i] * wv);
                        sb[at] += (uint32_t)(tb[i] * wv);
                    }
                }
            }
            if (g0 < blocks) {
                for (j = 0; j < n; j++) {
                    const int32_t at = 4 * (j / 2) + j % 2;
                    wa[j] = (g0 == g ? 0 : wa[j]) + (int32_t)sa[at];
                    wb[j] = (g0 == g ? 0 : wb[j]) + (int32_t)sb[at];
                }
            }
        } while (g0 < blocks);
        if (p->wide && blocks <= chunk) {
            /* one chunk: x = sum + bias, TFLite's 64-bit requantization as (start + sum * reduced)
             * >> total with start = bias * reduced + 2^(total - 1), prepared once for both pixels:
             * one SMLAL an output (exact in int64: |x| < 2^33, reduced < 2^15) */
            for (j = 0; j < n; j++) {
                const int32_t c = oc + j, at = 4 * (j / 2) + j % 2, m = quant->multiplier[c];
                const int32_t total = 15 - quant->shift[c];
                int32_t reduced = m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF;
                const int64_t start = (int64_t)(bias != 0 ? bias[c] : 0) * reduced + ((int64_t)1 << (total - 1));
                int32_t va, vb;
#if defined(__GNUC__)
                __asm__("" : "+r"(reduced)); /* an int32 again: SMLAL below, not a 64-bit product */
#endif
                va = tnm_wrap_i32((uint32_t)(uint64_t)((start + (int64_t)(int32_t)sa[at] * reduced) >> total));
                vb = tnm_wrap_i32((uint32_t)(uint64_t)((start + (int64_t)(int32_t)sb[at] * reduced) >> total));
                out_a[c] = (int16_t)tnm_clamp(va, p->act_min, p->act_max);
                out_b[c] = (int16_t)tnm_clamp(vb, p->act_min, p->act_max);
            }
            continue;
        }
        for (j = 0; j < n; j++) {
            const int32_t at = 4 * (j / 2) + j % 2;
            out_a[oc + j] = output_of(p, quant, bias, oc + j, sa[at], blocks > chunk ? wa[j] : 0);
            out_b[oc + j] = output_of(p, quant, bias, oc + j, sb[at], blocks > chunk ? wb[j] : 0);
        }
    }
}

/* A window's whole groups (x0, x1, x2, x3) as the words (x0, x2), (x1, x3) into dst, `stride`
 * words from one group to the next. */
static void regroup(uint32_t *dst, const int16_t *plain, int32_t blocks, int32_t stride)
{
    const uint32_t *q = (const uint32_t *)(const void *)plain;
    int32_t i;
    for (i = 0; i < blocks; i++, q += 2, dst += stride) {
        const uint32_t lo = q[0], hi = q[1];
        dst[0] = tnm_opt_pack_lo16(lo, hi);
        dst[1] = tnm_opt_pack_hi16(hi, lo);
    }
}
#endif

/* The patch form (arguments checked; one group; K = patch_values() > 0). */
static void run_patch(const tnm_conv_16x8_params *p, const tnm_quant *quant, const tnm_dims *input,
                      const int16_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                      const int32_t *bias, const tnm_dims *output, int16_t *output_data, int16_t *patch)
{
    const int32_t out_c = output->c, K = patch_values(input, filter), pixels = output->h * output->w;
    const size_t image = (size_t)input->h * (size_t)input->w * (size_t)input->c;
    int32_t b, pix;
    int16_t *out = output_data;
#if TNM_HAVE_ARM_DSP_VARIANT
    const int32_t blocks = K / 4, pair = pair_values(K) > 0;
    uint32_t *e = (uint32_t *)(void *)(patch + plain_values(K)); /* after the plain window */
#endif
    for (b = 0; b < output->n; b++) {
        const int16_t *img = input_data + (size_t)b * image;
        for (pix = 0; pix < pixels; pix++, out += out_c) {
            const int32_t oy = pix / output->w, ox = pix % output->w;
            fill_patch(patch, img, p, input, filter, oy * p->stride_h - p->pad_h, ox * p->stride_w - p->pad_w);
#if TNM_HAVE_ARM_DSP_VARIANT
            if (pair && pix + 1 < pixels) {
                const int32_t oy2 = (pix + 1) / output->w, ox2 = (pix + 1) % output->w;
                int16_t ta[3], tb[3];
                int32_t i;
                regroup(e, patch, blocks, 4);
                for (i = 4 * blocks; i < K; i++) ta[i - 4 * blocks] = patch[i];
                fill_patch(patch, img, p, input, filter, oy2 * p->stride_h - p->pad_h, ox2 * p->stride_w - p->pad_w);
                regroup(e + 2, patch, blocks, 4);
                for (i = 4 * blocks; i < K; i++) tb[i - 4 * blocks] = patch[i];
                two_pixels(p, quant, filter_data, bias, out_c, K, (const int16_t *)(const void *)e, ta, tb, out,
                           out + out_c);
                pix++;
                out += out_c;
                continue;
            }
            regroup((uint32_t *)(void *)patch, patch, blocks, 2); /* in place */
#endif
            one_pixel(p, quant, filter_data, bias, out_c, K, patch, out);
        }
    }
}

/* The rows form (arguments checked; one group, dilation_w 1). */
static void run_rows(const tnm_conv_16x8_params *p, const tnm_quant *quant, const tnm_dims *input,
                     const int16_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                     const int32_t *bias, const tnm_dims *output, int16_t *output_data)
{
    const int32_t in_h = input->h, in_w = input->w, in_c = input->c, out_c = output->c;
    const int32_t w_row = filter->w * filter->c, w_ch = filter->h * w_row;
    const size_t row_step = (size_t)p->dilation_h * (size_t)in_w * (size_t)in_c;
    int32_t b, oy, ox, oc, j;
    int16_t *out = output_data;
    for (b = 0; b < output->n; b++) {
        for (oy = 0; oy < output->h; oy++) {
            const int32_t y0 = oy * p->stride_h - p->pad_h;
            int32_t ky0, ky1;
            tnm_tap_range(y0, p->dilation_h, in_h, filter->h, &ky0, &ky1);
            for (ox = 0; ox < output->w; ox++, out += out_c) {
                const int32_t x0 = ox * p->stride_w - p->pad_w;
                int32_t kx0, kx1, len;
                const int16_t *first = input_data;
                tnm_tap_range(x0, 1, in_w, filter->w, &kx0, &kx1);
                len = (kx1 - kx0) * in_c;
                if (len > 0 && ky0 < ky1) /* else no tap in the image: the bias alone */
                    first += (((size_t)b * in_h + (size_t)(y0 + ky0 * p->dilation_h)) * in_w + (size_t)(x0 + kx0)) * in_c;
                else
                    len = 0;
                for (oc = 0; oc < out_c; oc += 4) {
                    const int32_t k = out_c - oc < 4 ? out_c - oc : 4;
                    const int8_t *w[4];
                    int64_t wide[4] = {0, 0, 0, 0};
                    uint32_t acc[4] = {0u, 0u, 0u, 0u};
                    const int16_t *x = first;
                    int32_t ky, held = 0; /* values in acc since the last move into wide */
                    /* channels past the last repeat it; their sums are dropped */
                    for (j = 0; j < 4; j++)
                        w[j] = filter_data + (size_t)(oc + (j < k ? j : k - 1)) * w_ch + (size_t)ky0 * w_row + (size_t)kx0 * in_c;
                    int32_t ky_end = ky1;
                    if (len > 0 && (!p->wide || (int64_t)len * (ky1 - ky0) <= RUN_CHUNK)) {
                        window4(x, row_step, ky1 - ky0, len, w, 0, w_row, acc); /* no int64 move */
                        ky_end = ky0;
                    }
                    for (ky = ky0; ky < ky_end && len > 0; ky++, x += row_step) {
                        int32_t c0 = 0;
                        while (c0 < len) {
                            /* int32 sums are exact up to RUN_CHUNK products (int64 layers); the
                             * int32 layers' sums wrap as TFLM's do, so they never move */
                            int32_t n = len - c0;
                            if (p->wide && n > RUN_CHUNK - held) n = RUN_CHUNK - held;
                            window4(x + c0, 0, 1, n, w, (size_t)c0, 0, acc);
                            c0 += n;
                            held += n;
                            if (p->wide && held == RUN_CHUNK) {
                                for (j = 0; j < 4; j++) {
                                    wide[j] += (int32_t)acc[j];
                                    acc[j] = 0u;
                                }
                                held = 0;
                            }
                        }
                        for (j = 0; j < 4; j++) w[j] += w_row;
                    }
                    for (j = 0; j < k; j++) {
                        const int32_t c = oc + j;
                        int32_t v;
                        if (p->wide) {
                            v = tnm_mbqm64(wide[j] + (int32_t)acc[j] + (bias != 0 ? bias[c] : 0), quant->multiplier[c],
                                           quant->shift[c]);
                        } else {
                            v = tnm_mbqm(tnm_wrap_i32(acc[j] + (bias != 0 ? (uint32_t)bias[c] : 0u)), quant->multiplier[c],
                                         quant->shift[c]);
                        }
                        out[c] = (int16_t)tnm_clamp(v, p->act_min, p->act_max);
                    }
                }
            }
        }
    }
}

static int arguments_ok(const tnm_conv_16x8_params *p, const tnm_quant *quant, const tnm_dims *in,
                        const tnm_dims *f, const tnm_dims *out)
{
    int32_t c;
    if (!tnm_dims_ok(in) || !tnm_dims_ok(f) || !tnm_dims_ok(out)) return 0;
    if (in->c % f->c != 0 || f->n != out->c || out->n != in->n || out->c % (in->c / f->c) != 0) return 0;
    if ((int64_t)f->h * f->w * f->c > ((int64_t)1 << 24)) return 0;
    if (!tnm_window_ok(out->h, p->stride_h, f->h, p->dilation_h, p->pad_h) ||
        !tnm_window_ok(out->w, p->stride_w, f->w, p->dilation_w, p->pad_w))
        return 0;
    if (p->act_min < -32768 || p->act_max > 32767 || p->act_min > p->act_max) return 0;
    if (p->wide != 0 && p->wide != 1) return 0;
    for (c = 0; c < out->c; c++) {
        const int32_t s = quant->shift[c];
        if (quant->multiplier[c] < 0 || s < -31 || s > (p->wide ? 7 : 30)) return 0;
    }
    return 1;
}

tnm_status tnm_conv_16x8(const tnm_conv_16x8_params *params, const tnm_quant *quant,
                         const tnm_dims *input, const int16_t *input_data,
                         const tnm_dims *filter, const int8_t *filter_data, const int32_t *bias,
                         const tnm_dims *output, int16_t *output_data, void *scratch)
{
    tnm_conv_16x8_params p;
    int32_t b, oy, ox, oc, per_group;
    if (params == 0 || quant == 0 || quant->multiplier == 0 || quant->shift == 0 || input == 0 ||
        input_data == 0 || filter == 0 || filter_data == 0 || output == 0 || output_data == 0)
        return TNM_ERR_ARGUMENT;
    if (!arguments_ok(params, quant, input, filter, output)) return TNM_ERR_ARGUMENT;
    p = *params;
    if (scratch != 0 && patch_values(input, filter) > 0) {
        if ((uintptr_t)scratch % 4u != 0) return TNM_ERR_ARGUMENT;
        run_patch(&p, quant, input, input_data, filter, filter_data, bias, output, output_data, (int16_t *)scratch);
        return TNM_OK;
    }
    if (filter->c == input->c && p.dilation_w == 1) {
        run_rows(&p, quant, input, input_data, filter, filter_data, bias, output, output_data);
        return TNM_OK;
    }
    per_group = output->c / (input->c / filter->c);
    for (b = 0; b < output->n; b++) {
        for (oy = 0; oy < output->h; oy++) {
            const int32_t y0 = oy * p.stride_h - p.pad_h;
            int32_t ky0, ky1;
            tnm_tap_range(y0, p.dilation_h, input->h, filter->h, &ky0, &ky1);
            for (ox = 0; ox < output->w; ox++) {
                const int32_t x0 = ox * p.stride_w - p.pad_w;
                int16_t *out = output_data + (((int64_t)b * output->h + oy) * output->w + ox) * output->c;
                int32_t kx0, kx1;
                tnm_tap_range(x0, p.dilation_w, input->w, filter->w, &kx0, &kx1);
                for (oc = 0; oc < output->c; oc++) {
                    const int32_t first_channel = oc / per_group * filter->c;
                    int64_t wide = 0;
                    uint32_t narrow = 0u; /* TFLM's int32 sums, wrapping */
                    int32_t ky, kx, ic, v;
                    for (ky = ky0; ky < ky1; ky++) {
                        const int32_t iy = y0 + ky * p.dilation_h;
                        for (kx = kx0; kx < kx1; kx++) {
                            const int32_t ix = x0 + kx * p.dilation_w;
                            const int16_t *in = input_data +
                                                (((int64_t)b * input->h + iy) * input->w + ix) * input->c + first_channel;
                            const int8_t *w = filter_data + (((int64_t)oc * filter->h + ky) * filter->w + kx) * filter->c;
                            /* each product below 2^22; at most 2^24 of them: |wide| < 2^46 */
                            if (p.wide) {
                                for (ic = 0; ic < filter->c; ic++) wide += (int32_t)in[ic] * w[ic];
                            } else {
                                for (ic = 0; ic < filter->c; ic++) narrow += (uint32_t)((int32_t)in[ic] * w[ic]);
                            }
                        }
                    }
                    if (p.wide) {
                        if (bias != 0) wide += bias[oc];
                        v = tnm_mbqm64(wide, quant->multiplier[oc], quant->shift[oc]);
                    } else {
                        if (bias != 0) narrow += (uint32_t)bias[oc];
                        v = tnm_mbqm(tnm_wrap_i32(narrow), quant->multiplier[oc], quant->shift[oc]);
                    }
                    out[oc] = (int16_t)tnm_clamp(v, p.act_min, p.act_max);
                }
            }
        }
    }
    return TNM_OK;
}
