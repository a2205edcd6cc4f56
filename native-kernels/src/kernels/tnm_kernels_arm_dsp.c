/*
 * Cortex-M DSP-extension variants (ARMv7E-M, ARMv8-M Mainline with DSP) of CONV_2D,
 * DEPTHWISE_CONV_2D and FULLY_CONNECTED; bit-exact with the reference kernels.
 *
 * The trick that needs no byte shuffling: SXTB16(x) gives bytes (0, 2) of a word as two
 * int16 lanes and SXTB16(x ROR 8) bytes (1, 3). Extending activations and weights the
 * same way, SMLAD(lo, lo) + SMLAD(hi, hi) is the 4-element dot product. SXTAB16 adds a
 * packed (offset, offset) in the same instruction, so the input zero point costs nothing,
 * and taps outside the image become exact zeros. Sums wrap modulo 2^32 exactly like the
 * reference's int32 accumulator (SMLAD only sets the Q flag, which nothing reads).
 *
 * On a host this file builds with portable C versions of the instructions
 * (tnm_kernels_opt.h) and the differential tests compare it with the reference.
 */
#include "tnm_fixedpoint_internal.h" /* before tnm_kernels_opt.h: tnm_tap_range */
#include "tnm_kernels_opt.h"

#if TNM_HAVE_ARM_DSP_VARIANT

/* (v, v) in the two int16 lanes; v in [-128, 128]. */
static uint32_t packed_offset(int32_t v)
{
    return ((uint32_t)v & 0xFFFFu) * 0x10001u;
}

/* ---- CONV_2D: im2col of two output pixels + a 2 pixels x 2 channels SMLAD kernel ----
 *
 * Patch buffer (two pixels, K = filter h * w * c values each, input offset added):
 * for each group of 4 patch values the words [p0 (v0,v2)] [p0 (v1,v3)] [p1 (v0,v2)]
 * [p1 (v1,v3)], so the kernel reads each pixel's group with one LDRD and the weights
 * need only SXTB16. A last partial group is zero-padded. */

typedef struct {
    const int8_t *input;
    int32_t in_h, in_w, in_c;
    int32_t filter_h, filter_w;
    int32_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
    int32_t input_offset;
    uint32_t offset2;
} patch_geometry;

/* Writes value k of a pixel's patch (slow path: odd alignments, padding). */
static void patch_put(uint32_t *words, int32_t k, int32_t value)
{
    /* value k % 4: 0 -> word 0 low lane, 1 -> word 1 low, 2 -> word 0 high, 3 -> word 1 high */
    uint32_t *word = words + (k >> 2) * 4 + (k & 1);
    const uint32_t shift = (uint32_t)(k & 2) * 8u;
    *word = (*word & ~(0xFFFFu << shift)) | (((uint32_t)value & 0xFFFFu) << shift);
}

/* The patch of output pixel (b, oy, ox) into words (stride 4 words per group). */
static void im2col_pixel(const patch_geometry *g, int32_t b, int32_t oy, int32_t ox,
                         int32_t k_total, uint32_t *words)
{
    const int32_t in_y0 = oy * g->stride_h - g->pad_h;
    const int32_t in_x0 = ox * g->stride_w - g->pad_w;
    const int32_t row_len = g->filter_w * g->in_c;
    const int32_t groups = (k_total + 3) >> 2;
    int32_t fy_start, fy_end, fx_start, fx_end, fy, i;
    tnm_opt_tap_range(in_y0, g->dilation_h, g->in_h, g->filter_h, &fy_start, &fy_end);
    tnm_opt_tap_range(in_x0, g->dilation_w, g->in_w, g->filter_w, &fx_start, &fx_end);
    if (fy_end - fy_start != g->filter_h || fx_end - fx_start != g->filter_w || (k_total & 3)) {
        for (i = 0; i < groups; ++i) { /* zeros: padding taps and the last group's tail */
            words[i * 4] = 0;
            words[i * 4 + 1] = 0;
        }
    }
    for (fy = fy_start; fy < fy_end; ++fy) {
        /* index of tap (fy, fx = 0), negative when left of the image */
        const int32_t row = ((b * g->in_h + in_y0 + fy * g->dilation_h) * g->in_w + in_x0) * g->in_c;
        const int32_t k0 = fy * row_len + fx_start * g->in_c;
        const int32_t run = (fx_end - fx_start) * g->in_c;
        if (run == 0) break; /* no column inside: nothing to copy in any row */
        if (g->dilation_w == 1 && ((k0 | run) & 3) == 0) {
            /* contiguous run of whole groups: 1 LDR + 2 SXTAB16 per 4 values */
            const int8_t *src = g->input + (row + fx_start * g->in_c);
            uint32_t *dst = words + (k0 >> 2) * 4;
            for (i = 0; i < run; i += 4) {
                const uint32_t x = tnm_opt_read4(src + i);
                dst[0] = tnm_sxtab16(g->offset2, x);
                dst[1] = tnm_sxtab16_ror8(g->offset2, x);
                dst += 4;
            }
        } else {
            int32_t fx, c;
            for (fx = fx_start; fx < fx_end; ++fx) {
                const int8_t *src = g->input + (row + fx * g->dilation_w * g->in_c);
                const int32_t k = fy * row_len + fx * g->in_c;
                for (c = 0; c < g->in_c; ++c) patch_put(words, k + c, src[c] + g->input_offset);
            }
        }
    }
}

/* 4 weights at w, or the n (< 4) that are left, zero-padded. */
static uint32_t read_tail(const int8_t *w, int32_t n)
{
    uint32_t v = 0;
    int32_t i;
    for (i = 0; i < n; ++i) v |= ((uint32_t)(uint8_t)w[i]) << (8 * i);
    return v;
}

tnm_status tnm_conv_s8_arm_dsp(const tnm_conv_params *params, const tnm_quant *quant,
                               const tnm_dims *input, const int8_t *input_data,
                               const tnm_dims *filter, const int8_t *filter_data,
                               const int32_t *bias,
                               const tnm_dims *output, int8_t *output_data,
                               void *scratch)
{
    uint32_t words[(TNM_OPT_MAX_PATCH + 3) / 4 * 4]; /* two pixels' patches, see above */
    patch_geometry g;
    int32_t k_total, groups, out_c, pixels, p, px_b, px_y, px_x;
    const tnm_status status = tnm_conv_s8_check(params, quant, input, input_data, filter,
                                                filter_data, bias, output, output_data, scratch);
    if (status != TNM_OK) return status;
    k_total = filter->h * filter->w * filter->c;
    if (filter->c != input->c || k_total > TNM_OPT_MAX_PATCH) {
        return tnm_conv_s8_ref(params, quant, input, input_data, filter, filter_data, bias, output,
                               output_data, scratch);
    }
    g.input = input_data;
    g.in_h = input->h;
    g.in_w = input->w;
    g.in_c = input->c;
    g.filter_h = filter->h;
    g.filter_w = filter->w;
    g.stride_h = params->stride_h;
    g.stride_w = params->stride_w;
    g.pad_h = params->pad_h;
    g.pad_w = params->pad_w;
    g.dilation_h = params->dilation_h;
    g.dilation_w = params->dilation_w;
    g.input_offset = params->input_offset;
    g.offset2 = packed_offset(params->input_offset);

    out_c = output->c;
    groups = k_total >> 2;
    pixels = output->n * output->h * output->w;
    {
        const int32_t out_h = output->h, out_w = output->w;
        const int32_t output_offset = params->output_offset;
        const int32_t act_min = params->act_min, act_max = params->act_max;
        const int32_t *multiplier = quant->multiplier;
        const int8_t *shift = quant->shift;
        const int32_t tail = k_total & 3;
        px_b = px_y = px_x = 0;
        for (p = 0; p < pixels; p += 2) {
            const int two = p + 1 < pixels; /* else the last pixel, computed twice */
            int8_t *out0 = output_data + p * out_c;
            int8_t *out1 = out0 + out_c;
            int32_t c0;
            im2col_pixel(&g, px_b, px_y, px_x, k_total, words);
            if (++px_x == out_w) { px_x = 0; if (++px_y == out_h) { px_y = 0; ++px_b; } }
            if (two) {
                /* the second pixel's words sit 2 words after the first's in each group */
                im2col_pixel(&g, px_b, px_y, px_x, k_total, words + 2);
                if (++px_x == out_w) { px_x = 0; if (++px_y == out_h) { px_y = 0; ++px_b; } }
            } else {
                int32_t i;
                for (i = 0; i < groups + (tail != 0); ++i) {
                    words[i * 4 + 2] = words[i * 4];
                    words[i * 4 + 3] = words[i * 4 + 1];
                }
            }
            for (c0 = 0; c0 < out_c; c0 += 2) {
                const int32_t c1 = c0 + 1 < out_c ? c0 + 1 : c0; /* last odd channel twice */
                const int8_t *wa = filter_data + c0 * k_total;
                const int8_t *wb = filter_data + c1 * k_total;
                const uint32_t *col = words;
                uint32_t a00, a01, a10, a11; /* a<pixel><channel> */
                a00 = a10 = bias != 0 ? (uint32_t)bias[c0] : 0u;
                a01 = a11 = bias != 0 ? (uint32_t)bias[c1] : 0u;
#if TNM_OPT_ARM_ASM
                /* The same loop as the C below, scheduled by hand: 17 instructions per
                 * 16 MACs (GCC 12 adds register moves and a reload per iteration). */
                if (groups > 0) {
                    /* LDM fills registers in ascending order: pin the four columns */
                    register uint32_t x0 __asm__("r0");
                    register uint32_t x1 __asm__("r1");
                    register uint32_t x2 __asm__("r2");
                    register uint32_t x3 __asm__("r3");
                    uint32_t w, t, n = (uint32_t)groups;
                    __asm__ volatile(
                        "1:\n\t"
                        "ldm %[col]!, {%[x0], %[x1], %[x2], %[x3]}\n\t"
                        "ldr %[w], [%[wa]], #4\n\t"
                        "sxtb16 %[t], %[w]\n\t"
                        "sxtb16 %[w], %[w], ror #8\n\t"
                        "smlad %[a00], %[x0], %[t], %[a00]\n\t"
                        "smlad %[a10], %[x2], %[t], %[a10]\n\t"
                        "smlad %[a00], %[x1], %[w], %[a00]\n\t"
                        "smlad %[a10], %[x3], %[w], %[a10]\n\t"
                        "ldr %[w], [%[wb]], #4\n\t"
                        "sxtb16 %[t], %[w]\n\t"
                        "sxtb16 %[w], %[w], ror #8\n\t"
                        "smlad %[a01], %[x0], %[t], %[a01]\n\t"
                        "smlad %[a11], %[x2], %[t], %[a11]\n\t"
                        "smlad %[a01], %[x1], %[w], %[a01]\n\t"
                        "smlad %[a11], %[x3], %[w], %[a11]\n\t"
                        "subs %[n], %[n], #1\n\t"
                        "bne 1b"
                        : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11),
                          [col] "+r"(col), [wa] "+r"(wa), [wb] "+r"(wb), [n] "+r"(n),
                          [x0] "=&r"(x0), [x1] "=&r"(x1), [x2] "=&r"(x2), [x3] "=&r"(x3),
                          [w] "=&r"(w), [t] "=&r"(t)
                        :
                        : "cc", "memory");
                }
#else
                int32_t i;
                for (i = 0; i < groups; ++i) {
                    const uint32_t wa4 = tnm_opt_read4(wa);
                    const uint32_t wb4 = tnm_opt_read4(wb);
                    uint32_t lo = tnm_sxtb16(wa4), hi = tnm_sxtb16_ror8(wa4);
                    wa += 4;
                    wb += 4;
                    a00 = tnm_smlad(col[0], lo, a00);
                    a00 = tnm_smlad(col[1], hi, a00);
                    a10 = tnm_smlad(col[2], lo, a10);
                    a10 = tnm_smlad(col[3], hi, a10);
                    lo = tnm_sxtb16(wb4);
                    hi = tnm_sxtb16_ror8(wb4);
                    a01 = tnm_smlad(col[0], lo, a01);
                    a01 = tnm_smlad(col[1], hi, a01);
                    a11 = tnm_smlad(col[2], lo, a11);
                    a11 = tnm_smlad(col[3], hi, a11);
                    col += 4;
                }
#endif
                if (tail) {
                    const uint32_t wa4 = read_tail(wa, tail), wb4 = read_tail(wb, tail);
                    a00 = tnm_smlad(col[1], tnm_sxtb16_ror8(wa4), tnm_smlad(col[0], tnm_sxtb16(wa4), a00));
                    a10 = tnm_smlad(col[3], tnm_sxtb16_ror8(wa4), tnm_smlad(col[2], tnm_sxtb16(wa4), a10));
                    a01 = tnm_smlad(col[1], tnm_sxtb16_ror8(wb4), tnm_smlad(col[0], tnm_sxtb16(wb4), a01));
                    a11 = tnm_smlad(col[3], tnm_sxtb16_ror8(wb4), tnm_smlad(col[2], tnm_sxtb16(wb4), a11));
                }
                {
                    /* both pixels share the channel's constants; a repeated pixel or
                     * channel is computed but not stored */
                    const int32_t m0 = multiplier[c0], s0 = shift[c0];
                    const int32_t m1 = multiplier[c1], s1 = shift[c1];
                    const int8_t v00 = tnm_opt_output((int32_t)a00, m0, s0, output_offset, act_min, act_max);
                    const int8_t v10 = tnm_opt_output((int32_t)a10, m0, s0, output_offset, act_min, act_max);
                    const int8_t v01 = tnm_opt_output((int32_t)a01, m1, s1, output_offset, act_min, act_max);
                    const int8_t v11 = tnm_opt_output((int32_t)a11, m1, s1, output_offset, act_min, act_max);
                    out0[c0] = v00;
                    if (two) out1[c0] = v10;
                    if (c1 != c0) {
                        out0[c1] = v01;
                        if (two) out1[c1] = v11;
                    }
                }
            }
        }
    }
    return TNM_OK;
}

/* ---- DEPTHWISE_CONV_2D (depth multiplier 1): 4 channels per step ----
 * One LDR brings 4 channels of a tap, SXTAB16 adds the offset, SMLABB/SMLATT
 * accumulate each channel's lane. */
tnm_status tnm_depthwise_conv_s8_arm_dsp(const tnm_conv_params *params, const tnm_quant *quant,
                                         const tnm_dims *input, const int8_t *input_data,
                                         const tnm_dims *filter, const int8_t *filter_data,
                                         const int32_t *bias,
                                         const tnm_dims *output, int8_t *output_data,
                                         void *scratch)
{
    const tnm_status status = tnm_depthwise_conv_s8_check(params, quant, input, input_data,
                                                          filter, filter_data, bias, output,
                                                          output_data, scratch);
    if (status != TNM_OK) return status;
    if (params->depth_multiplier != 1) {
        return tnm_depthwise_conv_s8_ref(params, quant, input, input_data, filter, filter_data,
                                         bias, output, output_data, scratch);
    }
    {
        const int32_t in_h = input->h, in_w = input->w, c_total = input->c;
        const int32_t out_h = output->h, out_w = output->w;
        const int32_t filter_h = filter->h, filter_w = filter->w;
        const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
        const int32_t dilation_h = params->dilation_h, dilation_w = params->dilation_w;
        const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
        const int32_t input_offset = params->input_offset, output_offset = params->output_offset;
        const int32_t act_min = params->act_min, act_max = params->act_max;
        const int32_t *multiplier = quant->multiplier;
        const int8_t *shift = quant->shift;
        const uint32_t offset2 = packed_offset(input_offset);
        const int32_t c_vec = c_total & ~3;
        const int32_t tap_step_x = dilation_w * c_total;
        int32_t b, oy, ox, c;
        int8_t *out = output_data;
        for (b = 0; b < output->n; ++b) {
            for (oy = 0; oy < out_h; ++oy) {
                const int32_t in_y0 = oy * stride_h - pad_h;
                int32_t fy_start, fy_end;
                tnm_opt_tap_range(in_y0, dilation_h, in_h, filter_h, &fy_start, &fy_end);
                for (ox = 0; ox < out_w; ++ox) {
                    const int32_t in_x0 = ox * stride_w - pad_w;
                    int32_t fx_start, fx_end;
                    tnm_opt_tap_range(in_x0, dilation_w, in_w, filter_w, &fx_start, &fx_end);
                    {
                        const int32_t taps_x = fx_end - fx_start;
                        /* index of tap (fy = 0, fx_start); may be negative, valid fy add to it */
                        const int32_t in_index0 =
                            ((b * in_h + in_y0) * in_w + in_x0 + fx_start * dilation_w) * c_total;
                        const int32_t row_step = dilation_h * in_w * c_total;
                        const int8_t *w_base = filter_data + fx_start * c_total;
                        const int32_t fy_stop = taps_x > 0 ? fy_end : fy_start;
                        for (c = 0; c < c_vec; c += 4) {
                            uint32_t a0, a1, a2, a3;
                            int32_t fy;
                            if (bias != 0) {
                                a0 = (uint32_t)bias[c];
                                a1 = (uint32_t)bias[c + 1];
                                a2 = (uint32_t)bias[c + 2];
                                a3 = (uint32_t)bias[c + 3];
                            } else {
                                a0 = a1 = a2 = a3 = 0;
                            }
                            for (fy = fy_start; fy < fy_stop; ++fy) {
                                const int8_t *in = input_data + (in_index0 + fy * row_step + c);
                                const int8_t *w = w_base + fy * filter_w * c_total + c;
                                int32_t t;
                                for (t = 0; t < taps_x; ++t) {
                                    const uint32_t x = tnm_opt_read4(in);
                                    const uint32_t k = tnm_opt_read4(w);
                                    const uint32_t x_lo = tnm_sxtab16(offset2, x);
                                    const uint32_t x_hi = tnm_sxtab16_ror8(offset2, x);
                                    const uint32_t k_lo = tnm_sxtb16(k);
                                    const uint32_t k_hi = tnm_sxtb16_ror8(k);
                                    a0 = tnm_smlabb(x_lo, k_lo, a0);
                                    a2 = tnm_smlatt(x_lo, k_lo, a2);
                                    a1 = tnm_smlabb(x_hi, k_hi, a1);
                                    a3 = tnm_smlatt(x_hi, k_hi, a3);
                                    in += tap_step_x;
                                    w += c_total;
                                }
                            }
                            out[c] = tnm_opt_output((int32_t)a0, multiplier[c], shift[c],
                                                    output_offset, act_min, act_max);
                            out[c + 1] = tnm_opt_output((int32_t)a1, multiplier[c + 1], shift[c + 1],
                                                        output_offset, act_min, act_max);
                            out[c + 2] = tnm_opt_output((int32_t)a2, multiplier[c + 2], shift[c + 2],
                                                        output_offset, act_min, act_max);
                            out[c + 3] = tnm_opt_output((int32_t)a3, multiplier[c + 3], shift[c + 3],
                                                        output_offset, act_min, act_max);
                        }
                        for (; c < c_total; ++c) { /* the last c % 4 channels */
                            uint32_t acc = bias != 0 ? (uint32_t)bias[c] : 0u;
                            int32_t fy, t;
                            for (fy = fy_start; fy < fy_stop; ++fy) {
                                const int8_t *in = input_data + (in_index0 + fy * row_step + c);
                                const int8_t *w = w_base + fy * filter_w * c_total + c;
                                for (t = 0; t < taps_x; ++t) {
                                    acc += (uint32_t)(w[t * c_total] * (in[t * tap_step_x] + input_offset));
                                }
                            }
                            out[c] = tnm_opt_output((int32_t)acc, multiplier[c], shift[c],
                                                    output_offset, act_min, act_max);
                        }
                    }
                    out += c_total;
                }
            }
        }
    }
    return TNM_OK;
}

/* ---- FULLY_CONNECTED: 4 output channels per pass over the input ----
 * Input and weights both go through SXTAB16 with their packed offsets. */
tnm_status tnm_fully_connected_s8_arm_dsp(const tnm_fc_params *params, const tnm_quant *quant,
                                          int32_t quant_count,
                                          int32_t batches, int32_t accum_depth, int32_t output_depth,
                                          const int8_t *input_data, const int8_t *filter_data,
                                          const int32_t *bias, int8_t *output_data)
{
    const tnm_status status =
        tnm_fully_connected_s8_check(params, quant, quant_count, batches, accum_depth, output_depth,
                                     input_data, filter_data, bias, output_data);
    if (status != TNM_OK) return status;
    {
        const uint32_t in_off2 = packed_offset(params->input_offset);
        const uint32_t w_off2 = packed_offset(params->filter_offset);
        const int32_t input_offset = params->input_offset, filter_offset = params->filter_offset;
        const int32_t output_offset = params->output_offset;
        const int32_t act_min = params->act_min, act_max = params->act_max;
        const int32_t depth_vec = accum_depth & ~3;
        int32_t b, oc;
        for (b = 0; b < batches; ++b) {
            const int8_t *in_row = input_data + b * accum_depth;
            int8_t *out = output_data + b * output_depth;
            for (oc = 0; oc < output_depth; oc += 4) {
                /* past the last channel, repeat it (computed, not stored) */
                const int32_t last = output_depth - 1;
                const int32_t c1 = oc + 1 < last ? oc + 1 : last;
                const int32_t c2 = oc + 2 < last ? oc + 2 : last;
                const int32_t c3 = oc + 3 < last ? oc + 3 : last;
                const int8_t *w0 = filter_data + oc * accum_depth;
                const int8_t *w1 = filter_data + c1 * accum_depth;
                const int8_t *w2 = filter_data + c2 * accum_depth;
                const int8_t *w3 = filter_data + c3 * accum_depth;
                const int8_t *in = in_row;
                uint32_t acc[4];
                int32_t d, j;
                uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                for (d = 0; d < depth_vec; d += 4) {
                    const uint32_t x = tnm_opt_read4(in);
                    const uint32_t x_lo = tnm_sxtab16(in_off2, x), x_hi = tnm_sxtab16_ror8(in_off2, x);
                    uint32_t k = tnm_opt_read4(w0);
                    a0 = tnm_smlad(x_lo, tnm_sxtab16(w_off2, k), a0);
                    a0 = tnm_smlad(x_hi, tnm_sxtab16_ror8(w_off2, k), a0);
                    k = tnm_opt_read4(w1);
                    a1 = tnm_smlad(x_lo, tnm_sxtab16(w_off2, k), a1);
                    a1 = tnm_smlad(x_hi, tnm_sxtab16_ror8(w_off2, k), a1);
                    k = tnm_opt_read4(w2);
                    a2 = tnm_smlad(x_lo, tnm_sxtab16(w_off2, k), a2);
                    a2 = tnm_smlad(x_hi, tnm_sxtab16_ror8(w_off2, k), a2);
                    k = tnm_opt_read4(w3);
                    a3 = tnm_smlad(x_lo, tnm_sxtab16(w_off2, k), a3);
                    a3 = tnm_smlad(x_hi, tnm_sxtab16_ror8(w_off2, k), a3);
                    in += 4;
                    w0 += 4;
                    w1 += 4;
                    w2 += 4;
                    w3 += 4;
                }
                for (; d < accum_depth; ++d) {
                    const int32_t x = in_row[d] + input_offset;
                    a0 += (uint32_t)((filter_data[oc * accum_depth + d] + filter_offset) * x);
                    a1 += (uint32_t)((filter_data[c1 * accum_depth + d] + filter_offset) * x);
                    a2 += (uint32_t)((filter_data[c2 * accum_depth + d] + filter_offset) * x);
                    a3 += (uint32_t)((filter_data[c3 * accum_depth + d] + filter_offset) * x);
                }
                acc[0] = a0;
                acc[1] = a1;
                acc[2] = a2;
                acc[3] = a3;
                for (j = 0; j < 4 && oc + j < output_depth; ++j) {
                    const int32_t q = quant_count == 1 ? 0 : oc + j;
                    const uint32_t total = acc[j] + (bias != 0 ? (uint32_t)bias[oc + j] : 0u);
                    out[oc + j] = tnm_opt_output((int32_t)total, quant->multiplier[q], quant->shift[q],
                                                 output_offset, act_min, act_max);
                }
            }
        }
    }
    return TNM_OK;
}

#endif
