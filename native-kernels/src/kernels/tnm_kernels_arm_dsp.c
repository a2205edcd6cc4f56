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
 * Layout, with code size in mind (the whole KWS operator set with the runtime fits in
 * 16 KB of Cortex-M4 code, tools/qemu/size.sh): one hand-scheduled fast path per op for
 * the shapes real models have, which also takes clamped activation ranges (applied to
 * the bytes afterwards); a compact C path for the other convolutions the im2col block
 * can take; and one generic loop (conv_generic) for every other CONV_2D and
 * DEPTHWISE_CONV_2D, so the build links neither reference convolution.
 * FULLY_CONNECTED outside its fast path calls the (small) reference.
 *
 * On a host this file builds with portable C versions of the instructions
 * (tnm_kernels_opt.h) and the differential tests compare it with the reference.
 */
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

#if TNM_HAVE_ARM_DSP_VARIANT

#if TNM_OPT_ARM_ASM
/* The one parameter of a naked assembly function arrives in r0, where the assembly reads it;
 * its C body cannot name it, so it is marked used for -Wextra (-Werror=unused-parameter in
 * the nanoFramework board builds). */
#define TNM_ASM_ARG __attribute__((unused))
#endif

/* (v, v) in the two int16 lanes; v in [-128, 128]. */
static uint32_t packed_offset(int32_t v)
{
    return ((uint32_t)v & 0xFFFFu) * 0x10001u;
}

/* ---- CONV_2D: im2col of four output pixels + a 4 pixels x 1 channel SMLAD kernel ----
 *
 * Patch buffer (four pixels, K = filter h * w * c values each, input offset added):
 * for each group of 4 patch values the 8 words [p0 (v0,v2)] [p0 (v1,v3)] [p1 (v0,v2)]
 * [p1 (v1,v3)] ... [p3 (v1,v3)], so the kernel reads two pixels' group with one LDM, and
 * each weight word (4 values, SXTB16 twice) serves four pixels. A last partial group is
 * zero-padded. Outputs: one channel's four pixels share the requantization constants. */

#define CONV_PX 4
#define GROUP_WORDS (2 * CONV_PX)

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
    uint32_t *word = words + (k >> 2) * GROUP_WORDS + (k & 1);
    const uint32_t shift = (uint32_t)(k & 2) * 8u;
    *word = (*word & ~(0xFFFFu << shift)) | (((uint32_t)value & 0xFFFFu) << shift);
}

/* The patch of output pixel (b, oy, ox) into words (GROUP_WORDS words per group). */
static void im2col_pixel(const patch_geometry *g, int32_t b, int32_t oy, int32_t ox,
                         int32_t k_total, uint32_t *words)
{
    const int32_t in_y0 = oy * g->stride_h - g->pad_h;
    const int32_t in_x0 = ox * g->stride_w - g->pad_w;
    const int32_t row_len = g->filter_w * g->in_c;
    const int32_t groups = (k_total + 3) >> 2;
    int32_t fy_start, fy_end, fx_start, fx_end, fy, i;
    tnm_tap_range(in_y0, g->dilation_h, g->in_h, g->filter_h, &fy_start, &fy_end);
    tnm_tap_range(in_x0, g->dilation_w, g->in_w, g->filter_w, &fx_start, &fx_end);
    if (fy_end - fy_start != g->filter_h || fx_end - fx_start != g->filter_w || (k_total & 3)) {
        for (i = 0; i < groups; ++i) { /* zeros: padding taps and the last group's tail */
            words[i * GROUP_WORDS] = 0;
            words[i * GROUP_WORDS + 1] = 0;
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
            uint32_t *dst = words + (k0 >> 2) * GROUP_WORDS;
            const uint32_t offset2 = g->offset2;
            for (i = 0; i < run; i += 4) {
                const uint32_t x = tnm_opt_read4(src + i);
                dst[0] = tnm_sxtab16(offset2, x);
                dst[1] = tnm_sxtab16_ror8(offset2, x);
                dst += GROUP_WORDS;
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

/* One weight group (4 values) against the four pixels' words at col. */
#define CONV_GROUP(wv, col)                                                                 \
    do {                                                                                    \
        const uint32_t lo_ = tnm_sxtb16(wv), hi_ = tnm_sxtb16_ror8(wv);                     \
        a0 = tnm_smlad((col)[0], lo_, a0);                                                  \
        a0 = tnm_smlad((col)[1], hi_, a0);                                                  \
        a1 = tnm_smlad((col)[2], lo_, a1);                                                  \
        a1 = tnm_smlad((col)[3], hi_, a1);                                                  \
        a2 = tnm_smlad((col)[4], lo_, a2);                                                  \
        a2 = tnm_smlad((col)[5], hi_, a2);                                                  \
        a3 = tnm_smlad((col)[6], lo_, a3);                                                  \
        a3 = tnm_smlad((col)[7], hi_, a3);                                                  \
    } while (0)

/* The whole channel loop of one 4-pixel block, when every channel's shift takes the fast
 * requantization form, a bias is given and K is a multiple of 8 (at least 8): assembly on
 * the targets; on hosts the same computation in C, so the tests run the same control
 * flow. Per channel: the MAC loop (28 instructions per 32 MACs), then per output 7
 * instructions:
 *   lo:hi = (2^30 | (acc & 2^31)) : (chi - [acc < 0])    (the constant minus [acc<0]*2^31)
 *   lo:hi += acc * m; v = ssat8(hi >> e1); store.
 * The activation range is applied afterwards (clamp_bytes): clamping the int8-saturated
 * value to a narrower range gives the same byte. */
typedef struct {
    const uint32_t *words; /* 0: the four pixels' patch words */
    const int8_t *weights; /* 4: channel 0's weights (K per channel, consecutive) */
    const int32_t *bias;   /* 8 */
    const int32_t *mult;   /* 12 */
    const int8_t *shift;   /* 16 */
    int8_t *out;           /* 20: pixel 0, channel 0 */
    int32_t out_c;         /* 24: output stride between pixels */
    int32_t channels;      /* 28: >= 1 */
    int32_t pairs;         /* 32: K / 8 >= 1 */
    int32_t off2p1;        /* 36: 2 * output offset + 1 */
} conv_fast_args;

#if TNM_OPT_ARM_ASM
__attribute__((naked, noinline)) static void conv_fast_block(conv_fast_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "mov lr, r0\n\t"
        "ldr r11, [lr, #4]\n\t"
        "0:\n\t"
        "ldr r8, [lr, #8]\n\t"
        "ldr r4, [r8], #4\n\t"
        "str r8, [lr, #8]\n\t"
        "mov r5, r4\n\t"
        "mov r6, r4\n\t"
        "mov r7, r4\n\t"
        "ldr r10, [lr, #0]\n\t"
        "ldr r12, [lr, #32]\n\t"
        "1:\n\t"
        "ldr r8, [r11], #4\n\t"
        "ldm r10!, {r0, r1, r2, r3}\n\t"
        "sxtb16 r9, r8\n\t"
        "sxtb16 r8, r8, ror #8\n\t"
        "smlad r4, r0, r9, r4\n\t"
        "smlad r4, r1, r8, r4\n\t"
        "smlad r5, r2, r9, r5\n\t"
        "smlad r5, r3, r8, r5\n\t"
        "ldm r10!, {r0, r1, r2, r3}\n\t"
        "smlad r6, r0, r9, r6\n\t"
        "smlad r6, r1, r8, r6\n\t"
        "smlad r7, r2, r9, r7\n\t"
        "smlad r7, r3, r8, r7\n\t"
        "ldr r8, [r11], #4\n\t"
        "ldm r10!, {r0, r1, r2, r3}\n\t"
        "sxtb16 r9, r8\n\t"
        "sxtb16 r8, r8, ror #8\n\t"
        "smlad r4, r0, r9, r4\n\t"
        "smlad r4, r1, r8, r4\n\t"
        "smlad r5, r2, r9, r5\n\t"
        "smlad r5, r3, r8, r5\n\t"
        "ldm r10!, {r0, r1, r2, r3}\n\t"
        "smlad r6, r0, r9, r6\n\t"
        "smlad r6, r1, r8, r6\n\t"
        "smlad r7, r2, r9, r7\n\t"
        "smlad r7, r3, r8, r7\n\t"
        "subs r12, r12, #1\n\t"
        "bne 1b\n\t"
        /* requantization constants of this channel */
        "ldr r8, [lr, #16]\n\t"
        "ldrsb r9, [r8], #1\n\t"
        "str r8, [lr, #16]\n\t"
        "ldr r8, [lr, #12]\n\t"
        "ldr r12, [r8], #4\n\t"
        "str r8, [lr, #12]\n\t"
        "mvn r9, r9\n\t"          /* e1 = -shift - 1 */
        "ldr r8, [lr, #36]\n\t"
        "sub r10, r9, #1\n\t"
        "lsl r10, r8, r10\n\t"    /* chi = off2p1 << (e - 2) */
        "ldr r8, [lr, #20]\n\t"
        "ldr r3, [lr, #24]\n\t"
        /* pixel 0 */
        "and r0, r4, #0x80000000\n\t"
        "orr r0, r0, #0x40000000\n\t"
        "sub r1, r10, r4, lsr #31\n\t"
        "smlal r0, r1, r4, r12\n\t"
        "asr r1, r1, r9\n\t"
        "ssat r1, #8, r1\n\t"
        "strb r1, [r8]\n\t"
        /* pixel 1 */
        "and r0, r5, #0x80000000\n\t"
        "orr r0, r0, #0x40000000\n\t"
        "sub r1, r10, r5, lsr #31\n\t"
        "smlal r0, r1, r5, r12\n\t"
        "asr r1, r1, r9\n\t"
        "ssat r1, #8, r1\n\t"
        "strb r1, [r8, r3]\n\t"
        /* pixel 2 */
        "add r2, r8, r3, lsl #1\n\t"
        "and r0, r6, #0x80000000\n\t"
        "orr r0, r0, #0x40000000\n\t"
        "sub r1, r10, r6, lsr #31\n\t"
        "smlal r0, r1, r6, r12\n\t"
        "asr r1, r1, r9\n\t"
        "ssat r1, #8, r1\n\t"
        "strb r1, [r2]\n\t"
        /* pixel 3 */
        "and r0, r7, #0x80000000\n\t"
        "orr r0, r0, #0x40000000\n\t"
        "sub r1, r10, r7, lsr #31\n\t"
        "smlal r0, r1, r7, r12\n\t"
        "asr r1, r1, r9\n\t"
        "ssat r1, #8, r1\n\t"
        "strb r1, [r2, r3]\n\t"
        /* next channel */
        "add r8, r8, #1\n\t"
        "str r8, [lr, #20]\n\t"
        "ldr r8, [lr, #28]\n\t"
        "subs r8, r8, #1\n\t"
        "str r8, [lr, #28]\n\t"
        "bne 0b\n\t"
        "pop {r4-r11, pc}\n\t");
}
#else
/* The C twin; leaves *a as the assembly does: bias, mult, shift and out advanced past
 * the channels, channels 0. */
static void conv_fast_block(conv_fast_args *a)
{
    const int8_t *wp = a->weights;
    int32_t c, i;
    for (c = 0; c < a->channels; ++c) {
        const uint32_t *col = a->words;
        const int32_t s = a->shift[c];
        const int32_t chi = tnm_opt_rq_chi(a->off2p1, s);
        uint32_t a0, a1, a2, a3;
        a0 = a1 = a2 = a3 = (uint32_t)a->bias[c];
        for (i = 0; i < 2 * a->pairs; ++i) {
            CONV_GROUP(tnm_opt_read4(wp), col);
            wp += 4;
            col += GROUP_WORDS;
        }
        a->out[c] = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)a0, a->mult[c], chi, -s - 1));
        a->out[a->out_c + c] = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)a1, a->mult[c], chi, -s - 1));
        a->out[2 * a->out_c + c] = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)a2, a->mult[c], chi, -s - 1));
        a->out[3 * a->out_c + c] = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)a3, a->mult[c], chi, -s - 1));
    }
    a->bias += a->channels;
    a->mult += a->channels;
    a->shift += a->channels;
    a->out += a->channels;
    a->channels = 0;
}
#endif

/* GCC would turn the byte and word copies below back into memcpy/memset calls, which
 * are byte loops in the small C libraries of these targets. */
#if defined(__GNUC__) && !defined(__clang__)
#define TNM_OPT_NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define TNM_OPT_NO_LIBCALLS
#endif

/* The activation range on n int8 outputs already saturated to [-128, 127]. */
static void clamp_bytes(int8_t *p, int32_t n, int32_t act_min, int32_t act_max)
{
    int32_t i;
    for (i = 0; i < n; ++i) p[i] = (int8_t)tnm_clamp(p[i], act_min, act_max);
}

/* Any CONV_2D (grouped too) or DEPTHWISE_CONV_2D (any depth multiplier) that the paths
 * in this file do not take: one output value at a time, as the reference does. Output
 * channel oc reads taps_c input channels from (oc / per_group) * taps_c; its weight for
 * tap (fy, fx) and channel c is at oc * w_oc + (fy * filter w + fx) * w_tap + c. */
static void conv_generic(const tnm_conv_params *params, const tnm_quant *quant,
                         const tnm_dims *input, const int8_t *input_data,
                         const tnm_dims *filter, const int8_t *filter_data, const int32_t *bias,
                         const tnm_dims *output, int8_t *output_data, int depthwise)
{
    const int32_t in_h = input->h, in_w = input->w, in_c = input->c;
    const int32_t out_h = output->h, out_w = output->w, out_c = output->c;
    const int32_t filter_h = filter->h, filter_w = filter->w;
    const int32_t taps_c = depthwise ? 1 : filter->c;
    const int32_t per_group = depthwise ? params->depth_multiplier : out_c / (in_c / taps_c);
    const int32_t w_oc = depthwise ? 1 : filter_h * filter_w * taps_c;
    const int32_t w_tap = depthwise ? out_c : taps_c;
    const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
    const int32_t dilation_h = params->dilation_h, dilation_w = params->dilation_w;
    const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
    const int32_t input_offset = params->input_offset, output_offset = params->output_offset;
    const int32_t act_min = params->act_min, act_max = params->act_max;
    int32_t b, oy, ox, oc, fy, fx, c;
    int8_t *out = output_data;
    for (b = 0; b < output->n; ++b) {
        for (oy = 0; oy < out_h; ++oy) {
            const int32_t in_y0 = oy * stride_h - pad_h;
            int32_t fy_start, fy_end;
            tnm_tap_range(in_y0, dilation_h, in_h, filter_h, &fy_start, &fy_end);
            for (ox = 0; ox < out_w; ++ox) {
                const int32_t in_x0 = ox * stride_w - pad_w;
                int32_t fx_start, fx_end;
                tnm_tap_range(in_x0, dilation_w, in_w, filter_w, &fx_start, &fx_end);
                for (oc = 0; oc < out_c; ++oc) {
                    const int32_t in_c0 = (oc / per_group) * taps_c;
                    uint32_t acc = bias != 0 ? (uint32_t)bias[oc] : 0u; /* wraps as int32 */
                    for (fy = fy_start; fy < fy_end; ++fy) {
                        const int32_t row = (b * in_h + in_y0 + fy * dilation_h) * in_w;
                        for (fx = fx_start; fx < fx_end; ++fx) {
                            const int8_t *in = input_data + ((row + in_x0 + fx * dilation_w) * in_c + in_c0);
                            const int8_t *w = filter_data + (oc * w_oc + (fy * filter_w + fx) * w_tap);
                            for (c = 0; c < taps_c; ++c) acc += (uint32_t)(w[c] * (in[c] + input_offset));
                        }
                    }
                    *out++ = tnm_opt_output((int32_t)acc, quant->multiplier[oc], quant->shift[oc],
                                            output_offset, act_min, act_max);
                }
            }
        }
    }
}

/* Channels per call of the block for a block of fewer than four pixels, which goes
 * through a stack buffer (the block stores all four). */
#define CONV_TMP_CHANNELS 32

TNM_OPT_NO_LIBCALLS
tnm_status tnm_conv_s8_arm_dsp(const tnm_conv_params *params, const tnm_quant *quant,
                               const tnm_dims *input, const int8_t *input_data,
                               const tnm_dims *filter, const int8_t *filter_data,
                               const int32_t *bias,
                               const tnm_dims *output, int8_t *output_data,
                               void *scratch)
{
    uint32_t words[(TNM_OPT_MAX_PATCH + 3) / 4 * GROUP_WORDS]; /* four pixels' patches */
    int8_t tmp[CONV_PX * CONV_TMP_CHANNELS];
    patch_geometry g;
    int32_t k_total, groups, out_c, pixels, p, px_b, px_y, px_x;
    const tnm_status status = tnm_conv_s8_check(params, quant, input, input_data, filter,
                                                filter_data, bias, output, output_data, scratch);
    if (status != TNM_OK) return status;
    k_total = filter->h * filter->w * filter->c;
    if (filter->c != input->c || k_total > TNM_OPT_MAX_PATCH) {
        conv_generic(params, quant, input, input_data, filter, filter_data, bias, output,
                     output_data, 0);
        return TNM_OK;
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
        const int32_t tail_words = (groups + (tail != 0)) * GROUP_WORDS;
        int fast_block = bias != 0 && tail == 0 && groups >= 2 && (groups & 1) == 0;
        for (p = 0; fast_block && p < out_c; ++p) fast_block = tnm_opt_rq_fast_ok(shift[p]);
        px_b = px_y = px_x = 0;
        for (p = 0; p < pixels; p += CONV_PX) {
            const int32_t n_px = pixels - p < CONV_PX ? pixels - p : CONV_PX;
            int8_t *out = output_data + p * out_c;
            int32_t c, j;
            for (j = 0; j < CONV_PX; ++j) {
                if (j < n_px) {
                    im2col_pixel(&g, px_b, px_y, px_x, k_total, words + 2 * j);
                    if (++px_x == out_w) { px_x = 0; if (++px_y == out_h) { px_y = 0; ++px_b; } }
                } else { /* past the last pixel: repeat pixel 0 (computed, not stored) */
                    int32_t i;
                    for (i = 0; i < tail_words; i += GROUP_WORDS) {
                        words[i + 2 * j] = words[i];
                        words[i + 2 * j + 1] = words[i + 1];
                    }
                }
            }
            if (fast_block) {
                /* a full block straight into the output; a short one per channel chunk
                 * into tmp, then its n_px pixels copied out */
                const int32_t chunk = n_px == CONV_PX ? out_c : CONV_TMP_CHANNELS;
                int32_t c0;
                for (c0 = 0; c0 < out_c; c0 += chunk) {
                    conv_fast_args fa;
                    const int32_t cn = out_c - c0 < chunk ? out_c - c0 : chunk;
                    fa.words = words;
                    fa.weights = filter_data + c0 * k_total;
                    fa.bias = bias + c0;
                    fa.mult = multiplier + c0;
                    fa.shift = shift + c0;
                    fa.out = n_px == CONV_PX ? out : tmp;
                    fa.out_c = n_px == CONV_PX ? out_c : cn;
                    fa.channels = cn;
                    fa.pairs = groups >> 1;
                    fa.off2p1 = 2 * output_offset + 1;
                    conv_fast_block(&fa);
                    if (n_px != CONV_PX) {
                        for (j = 0; j < n_px; ++j) {
                            for (c = 0; c < cn; ++c) out[j * out_c + c0 + c] = tmp[j * cn + c];
                        }
                    }
                }
                if (act_min != -128 || act_max != 127) clamp_bytes(out, n_px * out_c, act_min, act_max);
                continue;
            }
            {
                /* Everything else, in C: any K, a bias or none, any shift. */
                const int8_t *wp = filter_data;
                for (c = 0; c < out_c; ++c) {
                    const uint32_t *col = words;
                    uint32_t a0, a1, a2, a3, acc[CONV_PX];
                    int32_t i;
                    a0 = a1 = a2 = a3 = bias != 0 ? (uint32_t)bias[c] : 0u;
                    for (i = 0; i < k_total; i += 4) { /* the last group may be partial */
                        CONV_GROUP(k_total - i >= 4 ? tnm_opt_read4(wp + i) : read_tail(wp + i, tail), col);
                        col += GROUP_WORDS;
                    }
                    wp += k_total;
                    acc[0] = a0;
                    acc[1] = a1;
                    acc[2] = a2;
                    acc[3] = a3;
                    for (j = 0; j < n_px; ++j) {
                        out[j * out_c + c] = tnm_opt_output((int32_t)acc[j], multiplier[c], shift[c],
                                                            output_offset, act_min, act_max);
                    }
                }
            }
        }
    }
    return TNM_OK;
}

/* ---- DEPTHWISE_CONV_2D 3x3, dilation 1, channels a multiple of 4: the fast path ----
 * Channels in chunks of up to DW_CHUNK. Per chunk, on the stack: the weights SXTB16-
 * extended (per 4-channel group and tap, words (c0,c2) (c1,c3)), per group the four
 * folded biases bias + input_offset * sum(weights) followed by each channel's (m, chi,
 * e1) of the fast requantization, and per output row a copy of the three input rows the
 * windows read, padded with the byte -input_offset: a padding tap then adds
 * w * (-input_offset + input_offset) = 0, so every window is a full 3x3 and the folded
 * bias is exact. Taps cost LDR + 2 SXTB16 + LDRD + 4 SMLAxy per 4 MACs. The activation
 * range is applied to each pixel's bytes afterwards (clamp_bytes). */
#define DW_CHUNK 32
#define DW_ROWBUF 768 /* bytes: 3 rows x width x chunk */

typedef struct {
    const int8_t *in;     /* 0: the group's tap (0, 0) in the row buffer */
    const uint32_t *wext; /* 4: extended weights, 18 words per group */
    const uint32_t *rq;   /* 8: 16 words per group */
    int8_t *out;          /* 12 */
    int32_t col_step;     /* 16: chunk (bytes per buffer pixel) */
    int32_t row_step;     /* 20: width * chunk */
    int32_t groups;       /* 24: >= 1 */
} dw_args;

#if TNM_OPT_ARM_ASM
#define DW_TAP(addr)                                                                       \
    "ldr r8, " addr "\n\t"                                                                 \
    "sxtb16 r9, r8\n\t"                                                                    \
    "sxtb16 r10, r8, ror #8\n\t"                                                           \
    "ldrd r11, r12, [r3], #8\n\t"                                                          \
    "smlabb r4, r9, r11, r4\n\t"                                                           \
    "smlatt r6, r9, r11, r6\n\t"                                                           \
    "smlabb r5, r10, r12, r5\n\t"                                                          \
    "smlatt r7, r10, r12, r7\n\t"
#define DW_ROW DW_TAP("[r0]") DW_TAP("[r0, r1]") DW_TAP("[r0, r1, lsl #1]")
#define DW_OUT(acc)                                                                        \
    "ldm r8!, {r9, r10, r11}\n\t"                                                          \
    "and r1, " acc ", #0x80000000\n\t"                                                     \
    "orr r1, r1, #0x40000000\n\t"                                                          \
    "sub r2, r10, " acc ", lsr #31\n\t"                                                    \
    "smlal r1, r2, " acc ", r9\n\t"                                                        \
    "asr r2, r2, r11\n\t"                                                                  \
    "ssat r2, #8, r2\n\t"                                                                  \
    "strb r2, [r12], #1\n\t"

__attribute__((naked, noinline)) static void dw_block(dw_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "mov lr, r0\n\t"
        "ldr r3, [lr, #4]\n\t"
        "0:\n\t"
        "ldr r1, [lr, #16]\n\t"
        "ldr r2, [lr, #20]\n\t"
        "ldr r0, [lr, #0]\n\t"
        "add r8, r0, #4\n\t"
        "str r8, [lr, #0]\n\t"
        "ldr r8, [lr, #8]\n\t"
        "ldm r8!, {r4, r5, r6, r7}\n\t"
        "str r8, [lr, #8]\n\t"
        DW_ROW
        "add r0, r0, r2\n\t"
        DW_ROW
        "add r0, r0, r2\n\t"
        DW_ROW
        "ldr r8, [lr, #8]\n\t"
        "ldr r12, [lr, #12]\n\t"
        DW_OUT("r4") DW_OUT("r5") DW_OUT("r6") DW_OUT("r7")
        "str r8, [lr, #8]\n\t"
        "str r12, [lr, #12]\n\t"
        "ldr r8, [lr, #24]\n\t"
        "subs r8, r8, #1\n\t"
        "str r8, [lr, #24]\n\t"
        "bne 0b\n\t"
        "pop {r4-r11, pc}\n\t");
}
#else
/* The same computation in C (hosts: the tests compare it with the reference), leaving
 * *a as the assembly does: in, rq and out advanced past the groups, groups 0. */
static void dw_block(dw_args *a)
{
    int32_t g, fy, fx, k;
    const uint32_t *wp = a->wext;
    const uint32_t *rq = a->rq;
    for (g = 0; g < a->groups; ++g) {
        uint32_t acc[4];
        for (k = 0; k < 4; ++k) acc[k] = rq[k];
        for (fy = 0; fy < 3; ++fy) {
            for (fx = 0; fx < 3; ++fx) {
                const uint32_t x = tnm_opt_read4(a->in + g * 4 + fy * a->row_step + fx * a->col_step);
                const uint32_t xl = tnm_sxtb16(x), xh = tnm_sxtb16_ror8(x);
                acc[0] = tnm_smlabb(xl, wp[0], acc[0]);
                acc[2] = tnm_smlatt(xl, wp[0], acc[2]);
                acc[1] = tnm_smlabb(xh, wp[1], acc[1]);
                acc[3] = tnm_smlatt(xh, wp[1], acc[3]);
                wp += 2;
            }
        }
        for (k = 0; k < 4; ++k) {
            const uint32_t *q = rq + 4 + 3 * k;
            a->out[g * 4 + k] = (int8_t)tnm_opt_sat8(
                tnm_opt_rq_fast((int32_t)acc[k], (int32_t)q[0], (int32_t)q[1], (int32_t)q[2]));
        }
        rq += 16;
    }
    a->in += 4 * a->groups;
    a->rq = rq;
    a->out += 4 * a->groups;
    a->groups = 0;
}
#endif

/* The fast path; returns 0 (nothing written) when the call does not qualify. */
TNM_OPT_NO_LIBCALLS static int depthwise_3x3_fast(const tnm_conv_params *params, const tnm_quant *quant,
                              const tnm_dims *input, const int8_t *input_data,
                              const int8_t *filter_data, const int32_t *bias,
                              const tnm_dims *output, int8_t *output_data)
{
    uint32_t wext[DW_CHUNK / 4 * 18];
    uint32_t rq[DW_CHUNK / 4 * 16];
    uint32_t rowbuf_words[DW_ROWBUF / 4];
    int8_t *rowbuf = (int8_t *)rowbuf_words;
    const int32_t c_total = input->c, in_h = input->h, in_w = input->w;
    const int32_t out_h = output->h, out_w = output->w;
    const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
    const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
    const int32_t input_offset = params->input_offset;
    const int32_t off2p1 = 2 * params->output_offset + 1;
    const int64_t width64 = (int64_t)(out_w - 1) * stride_w + 3;
    const uint32_t pad4 = ((uint32_t)-input_offset & 0xFFu) * 0x01010101u; /* 4 bytes -offset */
    const int full_range = params->act_min == -128 && params->act_max == 127;
    int32_t width, chunk, c0, c;
    if ((c_total & 3) != 0) return 0;
    if (width64 * 3 * 4 > DW_ROWBUF) return 0;
    width = (int32_t)width64;
    chunk = DW_ROWBUF / (3 * width) & ~3;
    if (chunk > DW_CHUNK) chunk = DW_CHUNK;
    for (c = 0; c < c_total; ++c) {
        if (!tnm_opt_rq_fast_ok(quant->shift[c])) return 0;
    }
    for (c0 = 0; c0 < c_total; c0 += chunk) {
        const int32_t cn = c_total - c0 < chunk ? c_total - c0 : chunk;
        const int32_t groups = cn >> 2;
        int32_t g, t, k, b, oy, ox;
        for (g = 0; g < groups; ++g) {
            for (t = 0; t < 9; ++t) {
                const uint32_t w = tnm_opt_read4(filter_data + t * c_total + c0 + 4 * g);
                wext[g * 18 + t * 2] = tnm_sxtb16(w);
                wext[g * 18 + t * 2 + 1] = tnm_sxtb16_ror8(w);
            }
            for (k = 0; k < 4; ++k) {
                const int32_t ch = c0 + 4 * g + k;
                const int32_t s = quant->shift[ch];
                uint32_t folded = bias != 0 ? (uint32_t)bias[ch] : 0u;
                for (t = 0; t < 9; ++t) folded += (uint32_t)(filter_data[t * c_total + ch] * input_offset);
                rq[g * 16 + k] = folded;
                rq[g * 16 + 4 + 3 * k] = (uint32_t)quant->multiplier[ch];
                rq[g * 16 + 5 + 3 * k] = (uint32_t)tnm_opt_rq_chi(off2p1, s);
                rq[g * 16 + 6 + 3 * k] = (uint32_t)(-s - 1);
            }
        }
        for (b = 0; b < output->n; ++b) {
            for (oy = 0; oy < out_h; ++oy) {
                const int32_t y0 = oy * stride_h - pad_h;
                int32_t r, xp;
                for (r = 0; r < 3; ++r) {
                    const int32_t y = y0 + r;
                    uint32_t *dst = rowbuf_words + r * width * groups;
                    for (xp = 0; xp < width; ++xp) {
                        const int32_t x = xp - pad_w;
                        if (y >= 0 && y < in_h && x >= 0 && x < in_w) {
                            const int8_t *src = input_data + (((b * in_h + y) * in_w + x) * c_total + c0);
                            for (g = 0; g < groups; ++g) dst[g] = tnm_opt_read4(src + 4 * g);
                        } else {
                            for (g = 0; g < groups; ++g) dst[g] = pad4;
                        }
                        dst += groups;
                    }
                }
                for (ox = 0; ox < out_w; ++ox) {
                    int8_t *const px_out = output_data + (((b * out_h + oy) * out_w + ox) * c_total + c0);
                    dw_args a;
                    a.in = rowbuf + ox * stride_w * cn;
                    a.wext = wext;
                    a.rq = rq;
                    a.out = px_out;
                    a.col_step = cn;
                    a.row_step = width * cn;
                    a.groups = groups;
                    dw_block(&a); /* (the assembly advances a.out) */
                    if (!full_range) clamp_bytes(px_out, cn, params->act_min, params->act_max);
                }
            }
        }
    }
    return 1;
}

/* ---- DEPTHWISE_CONV_2D: the 3x3 fast path, else the generic loop ---- */
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
    if (tnm_is_plain_depthwise_3x3(params, filter) &&
        depthwise_3x3_fast(params, quant, input, input_data, filter_data, bias, output, output_data)) {
        return TNM_OK;
    }
    conv_generic(params, quant, input, input_data, filter, filter_data, bias, output, output_data, 1);
    return TNM_OK;
}

/* ---- FULLY_CONNECTED fast path: the input SXTAB16-extended once per call (offset
 * added) into a stack buffer, then 2 rows x 16 inputs per iteration: 2 LDM (input
 * words), 4 LDRD (weights), 16 SXTB16, 16 SMLAD = 40 instructions per 32 MACs, and the
 * 10-instruction requantization per output. Conditions: depth a multiple of 8 up to
 * FC_MAX_DEPTH, word-aligned weights, filter offset 0, a bias, every shift in the fast
 * form, an even number of rows; the activation range is applied afterwards. */
#define FC_MAX_DEPTH 640

typedef struct {
    const uint32_t *x;    /* 0: extended input, 8 words per 16 inputs */
    const int8_t *w;      /* 4: the row pair's first row */
    const int32_t *bias;  /* 8 */
    const int32_t *mult;  /* 12 */
    const int8_t *shift;  /* 16 */
    int8_t *out;          /* 20 */
    int32_t depth;        /* 24 */
    int32_t pairs;        /* 28: >= 1 */
    int32_t iters;        /* 32: depth / 16 */
    int32_t off2p1;       /* 36 */
    int32_t mult_step;    /* 40: 4 per channel, 0 per tensor */
    int32_t shift_step;   /* 44: 1 or 0 */
    int32_t half;         /* 48: 1 when depth % 16 == 8 (8 inputs before the loop) */
} fc_args;

#if TNM_OPT_ARM_ASM
#define FC_ROW8(acc, ptr)                                                                  \
    "ldrd r6, r7, [" ptr "], #8\n\t"                                                       \
    "sxtb16 r8, r6\n\t"                                                                    \
    "smlad " acc ", r0, r8, " acc "\n\t"                                                   \
    "sxtb16 r6, r6, ror #8\n\t"                                                            \
    "smlad " acc ", r1, r6, " acc "\n\t"                                                   \
    "sxtb16 r8, r7\n\t"                                                                    \
    "smlad " acc ", r2, r8, " acc "\n\t"                                                   \
    "sxtb16 r7, r7, ror #8\n\t"                                                            \
    "smlad " acc ", r3, r7, " acc "\n\t"
/* requantize row acc with multiplier mreg and shift sreg (clobbered); r3 = off2p1,
 * r2 = output pointer */
#define FC_OUT(acc, mreg, sreg)                                                            \
    "mvn " sreg ", " sreg "\n\t"                                                           \
    "sub r11, " sreg ", #1\n\t"                                                            \
    "lsl r11, r3, r11\n\t"                                                                 \
    "and r0, " acc ", #0x80000000\n\t"                                                     \
    "orr r0, r0, #0x40000000\n\t"                                                          \
    "sub r1, r11, " acc ", lsr #31\n\t"                                                    \
    "smlal r0, r1, " acc ", " mreg "\n\t"                                                  \
    "asr r1, r1, " sreg "\n\t"                                                             \
    "ssat r1, #8, r1\n\t"                                                                  \
    "strb r1, [r2], #1\n\t"

__attribute__((naked, noinline)) static void fc_rows(fc_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "mov lr, r0\n\t"
        "0:\n\t"
        "ldr r11, [lr, #0]\n\t"
        "ldr r9, [lr, #4]\n\t"
        "ldr r12, [lr, #24]\n\t"
        "add r10, r9, r12\n\t"
        "ldr r8, [lr, #8]\n\t"
        "ldrd r4, r5, [r8], #8\n\t"
        "str r8, [lr, #8]\n\t"
        "ldr r12, [lr, #48]\n\t"
        "cmp r12, #0\n\t"
        "beq 2f\n\t"
        "ldm r11!, {r0, r1, r2, r3}\n\t"
        FC_ROW8("r4", "r9")
        FC_ROW8("r5", "r10")
        "2:\n\t"
        "ldr r12, [lr, #32]\n\t"
        "cmp r12, #0\n\t"
        "beq 3f\n\t"
        "1:\n\t"
        "ldm r11!, {r0, r1, r2, r3}\n\t"
        FC_ROW8("r4", "r9")
        FC_ROW8("r5", "r10")
        "ldm r11!, {r0, r1, r2, r3}\n\t"
        FC_ROW8("r4", "r9")
        FC_ROW8("r5", "r10")
        "subs r12, r12, #1\n\t"
        "bne 1b\n\t"
        "3:\n\t"
        "str r10, [lr, #4]\n\t"
        /* both rows' multipliers and shifts (steps 0: per tensor) */
        "ldr r8, [lr, #12]\n\t"
        "ldr r0, [lr, #40]\n\t"
        "ldr r9, [r8]\n\t"
        "ldr r6, [r8, r0]\n\t"
        "add r8, r8, r0, lsl #1\n\t"
        "str r8, [lr, #12]\n\t"
        "ldr r8, [lr, #16]\n\t"
        "ldr r1, [lr, #44]\n\t"
        "ldrsb r10, [r8]\n\t"
        "ldrsb r7, [r8, r1]\n\t"
        "add r8, r8, r1, lsl #1\n\t"
        "str r8, [lr, #16]\n\t"
        "ldr r3, [lr, #36]\n\t"
        "ldr r2, [lr, #20]\n\t"
        FC_OUT("r4", "r9", "r10")
        FC_OUT("r5", "r6", "r7")
        "str r2, [lr, #20]\n\t"
        "ldr r8, [lr, #28]\n\t"
        "subs r8, r8, #1\n\t"
        "str r8, [lr, #28]\n\t"
        "bne 0b\n\t"
        "pop {r4-r11, pc}\n\t");
}
#else
static void fc_rows(fc_args *a)
{
    int32_t pair, r, i;
    for (pair = 0; pair < a->pairs; ++pair) {
        for (r = 0; r < 2; ++r) {
            const int8_t *w = a->w + r * a->depth;
            uint32_t acc = (uint32_t)a->bias[r];
            int32_t m, s;
            for (i = 0; i < a->depth / 4; ++i) {
                const uint32_t wv = tnm_opt_read4(w + 4 * i);
                acc = tnm_smlad(a->x[2 * i], tnm_sxtb16(wv), acc);
                acc = tnm_smlad(a->x[2 * i + 1], tnm_sxtb16_ror8(wv), acc);
            }
            m = *a->mult;
            s = *a->shift;
            a->mult += a->mult_step / 4;
            a->shift += a->shift_step;
            *a->out++ = (int8_t)tnm_opt_sat8(
                tnm_opt_rq_fast((int32_t)acc, m, tnm_opt_rq_chi(a->off2p1, s), -s - 1));
        }
        a->w += 2 * a->depth;
        a->bias += 2;
    }
}
#endif

/* Returns 0 (nothing written) when the call does not qualify. */
TNM_OPT_NO_LIBCALLS static int fc_fast(const tnm_fc_params *params, const tnm_quant *quant,
                                       int32_t quant_count, int32_t batches, int32_t depth,
                                       int32_t output_depth, const int8_t *input_data,
                                       const int8_t *filter_data, const int32_t *bias,
                                       int8_t *output_data)
{
    uint32_t xext[FC_MAX_DEPTH / 2];
    const uint32_t in_off2 = packed_offset(params->input_offset);
    int32_t b, i;
    if ((depth & 7) != 0 || depth > FC_MAX_DEPTH || (output_depth & 1) != 0 || bias == 0 ||
        params->filter_offset != 0 || ((uintptr_t)filter_data & 3) != 0) {
        return 0;
    }
    for (i = 0; i < quant_count; ++i) {
        if (!tnm_opt_rq_fast_ok(quant->shift[i])) return 0;
    }
    for (b = 0; b < batches; ++b) {
        const int8_t *in = input_data + b * depth;
        fc_args a;
        for (i = 0; i < depth; i += 4) {
            const uint32_t x = tnm_opt_read4(in + i);
            xext[i >> 1] = tnm_sxtab16(in_off2, x);
            xext[(i >> 1) + 1] = tnm_sxtab16_ror8(in_off2, x);
        }
        a.x = xext;
        a.w = filter_data;
        a.bias = bias;
        a.mult = quant->multiplier;
        a.shift = quant->shift;
        a.out = output_data + b * output_depth;
        a.depth = depth;
        a.pairs = output_depth >> 1;
        a.iters = depth >> 4;
        a.half = (depth >> 3) & 1;
        a.off2p1 = 2 * params->output_offset + 1;
        a.mult_step = quant_count == 1 ? 0 : 4;
        a.shift_step = quant_count == 1 ? 0 : 1;
        fc_rows(&a);
        if (params->act_min != -128 || params->act_max != 127) {
            clamp_bytes(output_data + b * output_depth, output_depth, params->act_min, params->act_max);
        }
    }
    return 1;
}

/* ---- FULLY_CONNECTED: the fast path, else the reference ---- */
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
    if (fc_fast(params, quant, quant_count, batches, accum_depth, output_depth, input_data,
                filter_data, bias, output_data)) {
        return TNM_OK;
    }
    return tnm_fully_connected_s8_ref(params, quant, quant_count, batches, accum_depth,
                                      output_depth, input_data, filter_data, bias, output_data);
}

#endif
