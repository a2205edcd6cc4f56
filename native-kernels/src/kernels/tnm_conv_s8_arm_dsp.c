/*
 * Cortex-M DSP-extension variant (ARMv7E-M, ARMv8-M Mainline with DSP) of CONV_2D, with the
 * helpers the DEPTHWISE_CONV_2D and FULLY_CONNECTED variants share
 * (tnm_arm_dsp_internal.h); bit-exact with the reference kernels.
 *
 * The trick that needs no byte shuffling: SXTB16(x) gives bytes (0, 2) of a word as two
 * int16 lanes and SXTB16(x ROR 8) bytes (1, 3). Extending activations and weights the
 * same way, SMLAD(lo, lo) + SMLAD(hi, hi) is the 4-element dot product. SXTAB16 adds a
 * packed (offset, offset) in the same instruction, so the input zero point costs nothing,
 * and taps outside the image become exact zeros. Sums wrap modulo 2^32 exactly like the
 * reference's int32 accumulator (SMLAD only sets the Q flag, which nothing reads).
 *
 * Layout, with code size in mind (the whole KWS operator set with the runtime fits in
 * 16 KB of Cortex-M4 code, tools/qemu/size.sh): CONV_2D through one hand-scheduled block
 * for any patch size, with the patches in the caller's scratch, requantizing and applying
 * the activation range itself (channels with a shift of -1 or above, which the block's
 * two requantization forms do not cover, requantized in C from its accumulators);
 * DEPTHWISE_CONV_2D 3x3 through a hand-scheduled block over a row buffer (scratch);
 * one generic loop (conv_generic) for grouped convolutions, other depthwise shapes and
 * calls without scratch, so the build links neither reference convolution;
 * FULLY_CONNECTED through SMLAD blocks for the common shapes and direct rows for any
 * other (no reference). There an activation maximum below 127 is applied to the bytes
 * afterwards (clamp_bytes).
 *
 * On a host this file builds with portable C versions of the instructions
 * (tnm_kernels_opt.h) and the differential tests compare it with the reference.
 */
#include "tnm_arm_dsp_internal.h"
#include "tnm_copy_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

/* The activation range on n int8 outputs already saturated to [-128, 127]. */
void tnm_arm_dsp_clamp_bytes(int8_t *p, int32_t n, int32_t act_min, int32_t act_max)
{
    int32_t i;
    for (i = 0; i < n; ++i) p[i] = (int8_t)tnm_clamp(p[i], act_min, act_max);
}

/* Any CONV_2D (grouped too) or DEPTHWISE_CONV_2D (any depth multiplier) that the paths
 * in this file do not take: one output value at a time, as the reference does. Output
 * channel oc reads taps_c input channels from (oc / per_group) * taps_c; its weight for
 * tap (fy, fx) and channel c is at oc * w_oc + (fy * filter w + fx) * w_tap + c. */
void tnm_arm_dsp_conv_generic(const tnm_conv_params *params, const tnm_quant *quant,
                              const tnm_dims *input, const int8_t *input_data,
                              const tnm_dims *filter, const int8_t *filter_data,
                              const int32_t *bias, const tnm_dims *output,
                              int8_t *output_data, int depthwise)
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

/* ---- CONV_2D: im2col of four output pixels + a 4 pixels x 1 channel SMLAD kernel ----
 *
 * Patch buffer (four pixels, kp = K rounded up to 4 values each, input offset added;
 * K = filter h * w * c): for each group of 4 patch values the 8 words [p0 (v0,v2)]
 * [p0 (v1,v3)] [p1 (v0,v2)] [p1 (v1,v3)] ... [p3 (v1,v3)], so the kernel reads two
 * pixels' group with one LDM, and each weight word (4 values, SXTB16 twice) serves four
 * pixels. Padding taps and the values past K are exact zeros. The buffer lives in the
 * caller's scratch (tnm_conv_s8_scratch_size), so any K takes this path. A last block of
 * 1-3 pixels goes through C per pixel (conv_short_block), so every output is written
 * once, and only after the patches of its block were gathered: a 1x1 convolution with
 * stride 1, no padding and out_c <= in_c may write over its own input (in-place
 * execution with scratch; the generic loop, taken without scratch, is not safe for it). */

#define CONV_PX 4
#define GROUP_WORDS (2 * CONV_PX)

typedef struct {
    const int8_t *input;
    int32_t in_h, in_w, in_c;
    int32_t filter_h, filter_w;
    int32_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
    int32_t row_len;  /* filter w * in_c: the bytes of one row of taps */
    int32_t k_total;  /* K */
    int32_t kp;       /* K rounded up to 4 */
    int32_t row_step; /* bytes between two rows of taps: dilation h * in_w * in_c */
    int direct;       /* rows of taps are whole groups of contiguous bytes */
    int padded;       /* rows of taps read as whole words past their end (row_len: rounded up
                       * to 4 bytes; the weights a copy with zeros there): no word may pass in_end */
    int32_t reach;    /* padded: bytes from a window's first tap to the end of its last word */
    const int8_t *in_end;
    uint32_t offset2; /* (input offset, input offset) */
    uint32_t pad4;    /* 4 bytes of -input offset: they extend to 0 */
} patch_geometry;

/* The patches of four pixels whose windows lie inside the image, with direct rows of taps,
 * pixel j's taps starting j * d bytes after pixel 0's (src): one pass over the groups,
 * each group's four pixels' words written together (assembly: 16 instructions a group,
 * two STMs). Field order = the registers the assembly loads them into. */
typedef struct {
    int32_t row_adj;    /* r4: row step - 4 * groups */
    int32_t groups;     /* r6: groups per row of taps (>= 1) */
    int32_t rows;       /* r7: filter h (>= 1) */
    const int8_t *src;  /* r8 */
    int32_t d;          /* r10 */
    uint32_t *words;    /* r11 */
    uint32_t off;       /* r12: (input offset, input offset) */
} quad_args;

#if TNM_OPT_ARM_ASM
/* One pixel: rows of groups from src (d unused), 6 instructions a group. */
__attribute__((naked, noinline)) static void im2col_rows_run(const quad_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "ldm r0, {r4, r6, r7, r8, r10, r11, r12}\n\t"
        "2:\n\t"
        "mov lr, r6\n\t"
        "1:\n\t"
        "ldr r5, [r8], #4\n\t"
        "sxtab16 r0, r12, r5\n\t"
        "sxtab16 r1, r12, r5, ror #8\n\t"
        "strd r0, r1, [r11], #32\n\t"
        "subs lr, lr, #1\n\t"
        "bne 1b\n\t"
        "add r8, r8, r4\n\t"
        "subs r7, r7, #1\n\t"
        "bne 2b\n\t"
        "pop {r4-r11, pc}\n\t");
}

__attribute__((naked, noinline)) static void im2col_quad_run(const quad_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "ldm r0, {r4, r6, r7, r8, r10, r11, r12}\n\t"
        "str r4, [sp, #-8]!\n\t"
        "2:\n\t"
        "add r9, r8, r10, lsl #1\n\t"
        "mov lr, r6\n\t"
        "1:\n\t"
        "ldr r5, [r8, r10]\n\t"
        "ldr r4, [r8], #4\n\t"
        "sxtab16 r0, r12, r4\n\t"
        "sxtab16 r1, r12, r4, ror #8\n\t"
        "sxtab16 r2, r12, r5\n\t"
        "sxtab16 r3, r12, r5, ror #8\n\t"
        "ldr r5, [r9, r10]\n\t"
        "ldr r4, [r9], #4\n\t"
        "stm r11!, {r0, r1, r2, r3}\n\t"
        "sxtab16 r0, r12, r4\n\t"
        "sxtab16 r1, r12, r4, ror #8\n\t"
        "sxtab16 r2, r12, r5\n\t"
        "sxtab16 r3, r12, r5, ror #8\n\t"
        "stm r11!, {r0, r1, r2, r3}\n\t"
        "subs lr, lr, #1\n\t"
        "bne 1b\n\t"
        "ldr r0, [sp]\n\t"
        "add r8, r8, r0\n\t"
        "subs r7, r7, #1\n\t"
        "bne 2b\n\t"
        "add sp, sp, #8\n\t"
        "pop {r4-r11, pc}\n\t");
}
#else
static void im2col_rows_run(const quad_args *a)
{
    const int8_t *src = a->src;
    uint32_t *words = a->words;
    int32_t fy = a->rows;
    do {
        int32_t n = a->groups;
        do {
            const uint32_t x = tnm_opt_read4(src);
            words[0] = tnm_sxtab16(a->off, x);
            words[1] = tnm_sxtab16_ror8(a->off, x);
            words += GROUP_WORDS;
            src += 4;
        } while (--n);
        src += a->row_adj;
    } while (--fy);
}

static void im2col_quad_run(const quad_args *a)
{
    const int8_t *src = a->src;
    uint32_t *words = a->words;
    const int32_t d = a->d;
    int32_t fy = a->rows;
    do {
        int32_t n = a->groups;
        do {
            const uint32_t x0 = tnm_opt_read4(src), x1 = tnm_opt_read4(src + d);
            const uint32_t x2 = tnm_opt_read4(src + 2 * d), x3 = tnm_opt_read4(src + 3 * d);
            words[0] = tnm_sxtab16(a->off, x0);
            words[1] = tnm_sxtab16_ror8(a->off, x0);
            words[2] = tnm_sxtab16(a->off, x1);
            words[3] = tnm_sxtab16_ror8(a->off, x1);
            words[4] = tnm_sxtab16(a->off, x2);
            words[5] = tnm_sxtab16_ror8(a->off, x2);
            words[6] = tnm_sxtab16(a->off, x3);
            words[7] = tnm_sxtab16_ror8(a->off, x3);
            words += GROUP_WORDS;
            src += 4;
        } while (--n);
        src += a->row_adj;
    } while (--fy);
}
#endif

/* rows (>= 1) of groups (>= 1) groups each, row_step bytes apart from src, into words:
 * four pixels d bytes apart (quad), else one. */
static void im2col_run(const int8_t *src, int32_t groups, int32_t rows, int32_t row_step, int32_t d,
                       uint32_t off, uint32_t *words, int quad)
{
    quad_args a;
    a.groups = groups;
    a.row_adj = row_step - 4 * groups;
    a.rows = rows;
    a.src = src;
    a.d = d;
    a.words = words;
    a.off = off;
    if (quad) im2col_quad_run(&a);
    else im2col_rows_run(&a);
}

static void im2col_quad(const patch_geometry *g, const int8_t *src, int32_t d, uint32_t *words)
{
    im2col_run(src, g->row_len >> 2, g->filter_h, g->row_step, d, g->offset2, words, 1);
}

/* rows (>= 1) runs of row_len (>= 1) bytes, src_step apart in src, into dst dst_step
 * apart, in order (a run of 4 bytes or more ends with a word copy that may overlap the
 * one before it: nothing is written outside the runs). */
TNM_OPT_NO_LIBCALLS __attribute__((noinline))
static void stage_rows(int8_t *dst, int32_t dst_step, const int8_t *src, int32_t src_step,
                       int32_t row_len, int32_t rows)
{
    if (row_len >= 4) {
        const int32_t last = row_len - 4;
        do {
            int32_t i;
            uint32_t x;
            for (i = 0; i < last; i += 4) {
                x = tnm_opt_read4(src + i);
                memcpy(dst + i, &x, 4);
            }
            x = tnm_opt_read4(src + last);
            memcpy(dst + last, &x, 4);
            src += src_step;
            dst += dst_step;
        } while (--rows);
    } else {
        do {
            int32_t n;
            for (n = 0; n < row_len; ++n) dst[n] = src[n];
            src += src_step;
            dst += dst_step;
        } while (--rows);
    }
}

/* The patch of the output pixel whose taps start at input row in_y0, column in_x0 of
 * image plane (b * in_h) into words (GROUP_WORDS words per group). When the window is
 * inside the image and every row of taps is a whole number of groups of contiguous bytes
 * (direct), straight from the input; otherwise the patch is first gathered as bytes
 * (stage, kp bytes), with the byte -input_offset for padding taps and the values past K,
 * then extended. */
TNM_OPT_NO_LIBCALLS
static void im2col_pixel(const patch_geometry *g, int32_t plane, int32_t in_y0, int32_t in_x0,
                         int8_t *stage, uint32_t *words)
{
    const int32_t in_c = g->in_c, row_len = g->row_len;
    const int32_t span_h = (g->filter_h - 1) * g->dilation_h, span_w = (g->filter_w - 1) * g->dilation_w;
    int32_t fy_start, fy_end, fx_start, fx_end, fx, i;
    const int8_t *src;
    if (in_y0 >= 0 && in_x0 >= 0 && in_y0 + span_h < g->in_h && in_x0 + span_w < g->in_w) {
        src = g->input + ((plane + in_y0) * g->in_w + in_x0) * in_c;
        if (g->direct && (!g->padded || g->in_end - src >= g->reach)) {
            im2col_run(src, row_len >> 2, g->filter_h, g->row_step, 0, g->offset2, words, 0);
            return;
        }
        if (g->dilation_w == 1 && !g->padded) {
            /* the values past K: the last word first, the rows overwrite its start */
            memcpy(stage + g->kp - 4, &g->pad4, 4);
            stage_rows(stage, row_len, src, g->row_step, row_len, g->filter_h);
            goto extend;
        }
    }
    tnm_tap_range(in_y0, g->dilation_h, g->in_h, g->filter_h, &fy_start, &fy_end);
    tnm_tap_range(in_x0, g->dilation_w, g->in_w, g->filter_w, &fx_start, &fx_end);
    for (i = 0; i < g->kp; i += 4) memcpy(stage + i, &g->pad4, 4);
    if (fy_start < fy_end && fx_start < fx_end) {
        /* tap (fy_start, fx_start) */
        const int32_t first = ((plane + in_y0 + fy_start * g->dilation_h) * g->in_w + in_x0 + fx_start * g->dilation_w) * in_c;
        int8_t *dst0 = stage + fy_start * row_len + fx_start * in_c;
        if (g->dilation_w == 1) { /* one run of bytes per row */
            stage_rows(dst0, row_len, g->input + first, g->row_step, (fx_end - fx_start) * in_c,
                       fy_end - fy_start);
        } else { /* one tap at a time, one column of taps per call */
            for (fx = fx_start; fx < fx_end; ++fx) {
                stage_rows(dst0 + (fx - fx_start) * in_c, row_len,
                           g->input + (first + (fx - fx_start) * g->dilation_w * in_c), g->row_step, in_c,
                           fy_end - fy_start);
            }
        }
    }
extend:
    if (g->kp > 16) {
        im2col_run(stage, g->kp >> 2, 1, g->kp, 0, g->offset2, words, 0);
        return;
    }
    /* a short patch: inline, cheaper than the call */
    for (i = 0; i < g->kp; i += 4) {
        const uint32_t x = tnm_opt_read4(stage + i);
        words[0] = tnm_sxtab16(g->offset2, x);
        words[1] = tnm_sxtab16_ror8(g->offset2, x);
        words += GROUP_WORDS;
    }
}

/* One weight group (4 values) against the four pixels' words at col. */
#define CONV_GROUP(wv, col) CONV_GROUP2(tnm_sxtb16(wv), tnm_sxtb16_ror8(wv), col)
/* the same with the weight word already extended: lo (v0, v2), hi (v1, v3) */
#define CONV_GROUP2(lo, hi, col)                                                            \
    do {                                                                                    \
        const uint32_t lo_ = (lo), hi_ = (hi);                                              \
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
 * requantization form and a bias is given: assembly on the targets; on hosts the same
 * computation in C, so the tests run the same control flow. Per channel: kp / 4 weight
 * words (the last one may reach into the next channel's weights, which meet zero patch
 * values; the caller points the last channels at a padded copy), the MAC loop (13
 * instructions per 16 MACs, eight groups a pass, the first pass entered past the groups
 * K does not fill), then per output 7 instructions for the full int8 range:
 *   lo:hi = (2^30 | (acc & 2^31)) : (chi - [acc < 0])    (the constant minus [acc<0]*2^31)
 *   lo:hi += acc * m; v = ssat8(hi >> e1); store,
 * else the same 6 without the store, and for the four outputs together 16 more: packed
 * into one word, max(v, act_min) and min(v, act_max) bytewise (SSUB8 + SEL each), four
 * byte stores (10 per output; 11 when each output was bounded alone).
 * Shifts -24 to -31 (channels with tiny weights, common in real models) take the wide form
 * (CONV_RQ_WIDE, 7 instructions, then the same packed bounds); other shifts go through the raw
 * accumulators and C. Calls whose sums stay inside +-2^30 (almost all) take the doubled form
 * (CONV_RQ_DBL: SMMLAR); the fast form of other calls and the wide form live in conv_rq_long
 * (the CONV_RQ_LONG path), which a build without that path leaves out. */
typedef struct {
    const uint32_t *words; /* 0: the four pixels' patch words */
    const int8_t *weights; /* 4: channel 0's weights (advances k_bytes per channel) */
    const int32_t *bias;   /* 8 */
    const int32_t *mult;   /* 12 */
    const int8_t *shift;   /* 16 */
    int8_t *out;           /* 20: pixel 0, channel 0 */
    int32_t out_c;         /* 24: output stride between pixels */
    int32_t channels;      /* 28: >= 1 (the assembly turns it into out + channels) */
    int32_t iters;         /* 32: (kp / 4 + 7) / 8 >= 1 */
    int32_t off2p1;        /* 36: 2 * output offset + 1 */
    int32_t k_bytes;       /* 40: K, the weight stride between channels */
    uint32_t skip;         /* 44: groups the first pass skips, (8 - kp / 4 % 8) % 8 */
    uint32_t act_min4;     /* 48: the activation minimum in all four bytes */
    uint32_t entry;        /* 52: (the assembly's loop entry; 0: the next call computes it and
                            * the other entries, from fields 44-80 and 88) */
    uint32_t *raw;         /* 56: NULL; else one channel's four accumulators go here */
    uint32_t act_max4;     /* 60: the activation maximum in all four bytes */
    uint32_t out_entry;    /* 64: (the assembly's requantization entry) */
    uint32_t wide;         /* 68: 1 when some channel of the call takes the wide form */
    uint32_t out_entry2;   /* 72: (the entry after the wide-form check) */
    uint32_t dbl;          /* 76: 1 when every accumulator of the call stays inside +-2^30:
                            * the doubled form for the channels not in the wide form */
    uint32_t long_tab;     /* 80: conv_rq_long (Thumb bit set) when the call needs it (not
                            * doubled, or a wide channel: CONV_RQ_LONG), else 0 */
    uint32_t back;         /* 84: (the assembly's return point from conv_rq_long) */
    uint32_t w16;          /* 88: 0, or the weights are int16 pairs, 2 words a group (CONV_W16):
                            * on Cortex-M conv_w16_groups (Thumb bit set) */
    uint32_t w16_back;     /* 92: (the assembly's return point from conv_w16_groups) */
} conv_fast_args;

#if TNM_OPT_ARM_ASM
/* requantize acc into itself (a sign-extended int8): r10 chi, r12 m, r9 e1; clobbers r0,
 * r1. The activation bounds are then applied to the four outputs at once (CONV_CLAMP4). */
#define CONV_RQ(acc)                                                                       \
    "and r0, " acc ", #0x80000000\n\t"                                                     \
    "orr r0, r0, #0x40000000\n\t"                                                          \
    "sub r1, r10, " acc ", lsr #31\n\t"                                                    \
    "smlal r0, r1, " acc ", r12\n\t"                                                       \
    "asr r1, r1, r9\n\t"                                                                   \
    "ssat " acc ", #8, r1\n\t"
/* the four int8 outputs in r4..r7 packed into r4's bytes, both activation bounds applied
 * bytewise (SSUB8 sets GE, SEL picks: max with act_min4, min with act_max4), each byte
 * stored: pixel 0 at [r8], 1 at [r8, r3], 2 at [r2], 3 at [r2, r3]; clobbers r0, r1, r11.
 * 16 instructions for four outputs (the bounds per output took 4). */
#define CONV_CLAMP4                                                                        \
    "bfi r4, r5, #8, #8\n\t"                                                               \
    "bfi r4, r6, #16, #8\n\t"                                                              \
    "bfi r4, r7, #24, #8\n\t"                                                              \
    "ldr r11, [lr, #48]\n\t"                                                               \
    "ldr r1, [lr, #60]\n\t"                                                                \
    "ssub8 r0, r4, r11\n\t"                                                                \
    "sel r4, r4, r11\n\t"                                                                  \
    "ssub8 r0, r1, r4\n\t"                                                                 \
    "sel r4, r4, r1\n\t"                                                                   \
    "strb r4, [r8]\n\t"                                                                    \
    "lsr r0, r4, #8\n\t"                                                                   \
    "strb r0, [r8, r3]\n\t"                                                                \
    "lsr r0, r4, #16\n\t"                                                                  \
    "strb r0, [r2]\n\t"                                                                    \
    "lsr r0, r4, #24\n\t"                                                                  \
    "strb r0, [r2, r3]\n\t"
/* the wide form for 24 <= e <= 31, where chi would not fit: the high word of
 * (-[acc<0]):(2^30 + [acc<0]*2^31) + acc * m, floor-divided by 2^8, plus
 * chi' = (2 * off + 1) << (e - 10), shifted right by e - 9 (r9): the same floor as the
 * fast form (nested floors), with r10 chi', r11 act_min4, r4 act_max4. */
#define CONV_RQ_WIDE(acc)                                                                  \
    "and r0, " acc ", #0x80000000\n\t"                                                     \
    "orr r0, r0, #0x40000000\n\t"                                                          \
    "asr r1, " acc ", #31\n\t"                                                             \
    "smlal r0, r1, " acc ", r12\n\t"                                                       \
    "add r1, r10, r1, asr #8\n\t"                                                          \
    "asr r1, r1, r9\n\t"                                                                   \
    "ssat " acc ", #8, r1\n\t"
/* The doubled form (dw_rq2 of the depthwise kernel): with |acc| < 2^30, twice the fast
 * form's sum is (chi2 - [acc < 0]) * 2^32 + (2 acc) * m + 2^31, chi2 = off2p1 << (e - 1), so
 * SMMLAR gives its high word and v + off = that >> e: r10 chi2, r9 e, r12 m. */
#define CONV_RQ_DBL(acc)                                                                   \
    "lsl r0, " acc ", #1\n\t"                                                              \
    "sub r1, r10, " acc ", lsr #31\n\t"                                                    \
    "smmlar r1, r0, r12, r1\n\t"                                                           \
    "asr r1, r1, r9\n\t"                                                                   \
    "ssat " acc ", #8, r1\n\t"
#define CONV_OUT_DBL(acc, dst)                                                             \
    "lsl r0, " acc ", #1\n\t"                                                              \
    "sub r1, r10, " acc ", lsr #31\n\t"                                                    \
    "smmlar r1, r0, r12, r1\n\t"                                                           \
    "asr r1, r1, r9\n\t"                                                                   \
    "ssat r1, #8, r1\n\t"                                                                  \
    "strb r1, " dst "\n\t"
#define CONV_OUT_FULL(acc, dst)                                                            \
    "and r0, " acc ", #0x80000000\n\t"                                                     \
    "orr r0, r0, #0x40000000\n\t"                                                          \
    "sub r1, r10, " acc ", lsr #31\n\t"                                                    \
    "smlal r0, r1, " acc ", r12\n\t"                                                       \
    "asr r1, r1, r9\n\t"                                                                   \
    "ssat r1, #8, r1\n\t"                                                                  \
    "strb r1, " dst "\n\t"
/* a group's 16 MACs after its first LDM: the four pixels' words from r10, the weights (v0, v2)
 * in r9, (v1, v3) in r8 */
#define CONV_GROUP_MACS                                                                    \
    "smlad r4, r0, r9, r4\n\t"                                                             \
    "smlad r4, r1, r8, r4\n\t"                                                             \
    "smlad r5, r2, r9, r5\n\t"                                                             \
    "smlad r5, r3, r8, r5\n\t"                                                             \
    "ldm.w r10!, {r0, r1, r2, r3}\n\t"                                                     \
    "smlad r6, r0, r9, r6\n\t"                                                             \
    "smlad r6, r1, r8, r6\n\t"                                                             \
    "smlad r7, r2, r9, r7\n\t"                                                             \
    "smlad r7, r3, r8, r7\n\t"
/* one 4-value group: weight word from r11 (SXTB16 twice; the LDM between hides the load) */
#define CONV_GROUP_ASM                                                                     \
    "ldr.w r8, [r11], #4\n\t"                                                              \
    "ldm.w r10!, {r0, r1, r2, r3}\n\t"                                                     \
    "sxtb16 r9, r8\n\t"                                                                    \
    "sxtb16 r8, r8, ror #8\n\t"                                                            \
    CONV_GROUP_MACS
/* the same with the weights extended (CONV_W16): (v0, v2) and (v1, v3) in one LDRD */
#define CONV_GROUP_W16_ASM                                                                 \
    "ldrd r9, r8, [r11], #8\n\t"                                                          \
    "ldm.w r10!, {r0, r1, r2, r3}\n\t"                                                     \
    CONV_GROUP_MACS

__attribute__((naked, noinline)) static void conv_fast_block(conv_fast_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "mov lr, r0\n\t"
        /* the entries below depend only on fields that stay the same between the calls of
         * one convolution (the C code clears entry when it changes raw or wide): once */
        "ldr r8, [lr, #52]\n\t"
        "cmp r8, #0\n\t"
        "bne 7f\n\t"
        /* loop entry: eight groups a pass; the first pass skips the first (8 - groups % 8)
         * % 8 of them (every group is 13 32-bit instructions, 52 bytes; with the weights
         * extended, loop 2, 11: 44 bytes) */
        "ldr r8, [lr, #88]\n\t"
        "cmp r8, #0\n\t"
        "ite eq\n\t"
        "adreq.w r8, 1f\n\t"
        "movne r9, #44\n\t"
        "it eq\n\t"
        "moveq r9, #52\n\t"
        "ldr r12, [lr, #44]\n\t"
        "mla r8, r12, r9, r8\n\t"
        "orr r8, r8, #1\n\t"
        "str r8, [lr, #52]\n\t"
        /* requantization entry: doubled, the full int8 range (17), else both bounds (16);
         * not doubled: conv_rq_long's (r12) full range (+4) or both bounds (+0); raw (13);
         * through conv_rq_long's wide-form check (+8) when the call has such channels.
         * conv_rq_long returns to 8 through [lr, #84]. */
        "ldr r11, [lr, #48]\n\t"
        "ldr r10, [lr, #60]\n\t"
        "ldr r9, [lr, #76]\n\t"
        "ldr r12, [lr, #80]\n\t"
        "cmp r9, #0\n\t"
        "ite eq\n\t"
        "moveq r8, r12\n\t"
        "adrne.w r8, 16f + 1\n\t"
        "cmp r10, #0x7f7f7f7f\n\t"
        "it eq\n\t"
        "cmpeq r11, #0x80808080\n\t"
        "bne 9f\n\t"
        "cmp r9, #0\n\t"
        "ite eq\n\t"
        "addeq r8, r12, #4\n\t"
        "adrne.w r8, 17f + 1\n\t"
        "9:\n\t"
        "ldr r9, [lr, #56]\n\t"
        "cmp r9, #0\n\t"
        "it ne\n\t"
        "adrne.w r8, 13f + 1\n\t"
        "ldr r9, [lr, #68]\n\t"
        "cmp r9, #0\n\t"
        "itt ne\n\t"
        "strne r8, [lr, #72]\n\t"
        "addne r8, r12, #8\n\t"
        "str r8, [lr, #64]\n\t"
        "adr.w r8, 8f + 1\n\t"
        "str r8, [lr, #84]\n\t"
        "adr.w r8, 3f + 1\n\t"
        "str r8, [lr, #92]\n\t"
        "7:\n\t"
        /* channels -> the end of this call's outputs (out + channels) */
        "ldr r8, [lr, #20]\n\t"
        "ldr r9, [lr, #28]\n\t"
        "add r8, r8, r9\n\t"
        "str r8, [lr, #28]\n\t"
        "0:\n\t"
        "ldm lr, {r10, r11, r12}\n\t" /* words, weights, bias */
        "ldr r4, [r12], #4\n\t"
        "ldr r8, [lr, #40]\n\t"
        "add r8, r11, r8\n\t"
        "strd r8, r12, [lr, #4]\n\t"
        "mov r5, r4\n\t"
        "mov r6, r4\n\t"
        "mov r7, r4\n\t"
        "ldr r12, [lr, #32]\n\t"
        "ldr pc, [lr, #52]\n\t"
        ".p2align 2\n\t"
        "1:\n\t"
        CONV_GROUP_ASM
        CONV_GROUP_ASM
        CONV_GROUP_ASM
        CONV_GROUP_ASM
        CONV_GROUP_ASM
        CONV_GROUP_ASM
        CONV_GROUP_ASM
        CONV_GROUP_ASM
        "5:\n\t"
        ".if (5b - 1b) != 416\n\t"
        ".error \"conv_fast_block: a group is not 52 bytes\"\n\t"
        ".endif\n\t"
        "subs r12, r12, #1\n\t"
        "bne 1b\n\t"
        "3:\n\t"
        /* requantization constants of this channel (for the raw entry too: it advances
         * the multiplier and shift pointers as the others do) */
        "ldrd r0, r1, [lr, #12]\n\t"
        "ldr r12, [r0], #4\n\t"
        "ldrsb r9, [r1], #1\n\t"
        "strd r0, r1, [lr, #12]\n\t"
        "rsb r9, r9, #0\n\t"      /* e = -shift */
        "ldr r8, [lr, #36]\n\t"
        "sub r10, r9, #1\n\t"
        "lsl r10, r8, r10\n\t"    /* chi2 = off2p1 << (e - 1) (the others halve it) */
        "ldrd r8, r3, [lr, #20]\n\t"
        "add r2, r8, r3, lsl #1\n\t"
        "ldr pc, [lr, #64]\n\t"
        /* raw: the accumulators, for a channel requantized in C */
        "13:\n\t"
        "ldr r8, [lr, #56]\n\t"
        "stm r8, {r4, r5, r6, r7}\n\t"
        "pop {r4-r11, pc}\n\t"
        /* doubled, both bounds */
        "16:\n\t"
        CONV_RQ_DBL("r4")
        CONV_RQ_DBL("r5")
        CONV_RQ_DBL("r6")
        CONV_RQ_DBL("r7")
        CONV_CLAMP4
        "b 8f\n\t"
        /* doubled, the full int8 range */
        "17:\n\t"
        CONV_OUT_DBL("r4", "[r8]")
        CONV_OUT_DBL("r5", "[r8, r3]")
        CONV_OUT_DBL("r6", "[r2]")
        CONV_OUT_DBL("r7", "[r2, r3]")
        "8:\n\t"
        /* next channel, up to the end pointer */
        "add r8, r8, #1\n\t"
        "str r8, [lr, #20]\n\t"
        "ldr r0, [lr, #28]\n\t"
        "cmp r8, r0\n\t"
        "bne 0b\n\t"
        "pop {r4-r11, pc}\n\t");
}

/* CONV_W16's MAC loop, a fragment of conv_fast_block (not a function: entered at its group
 * (8 - groups % 8) % 8 with the block's registers, it returns through [lr, #92]); its own
 * symbol, so a build without CONV_W16 leaves it out. */
__attribute__((naked, noinline, aligned(4))) static void conv_w16_groups(void)
{
    __asm__ volatile(
        "1:\n\t"
        CONV_GROUP_W16_ASM
        CONV_GROUP_W16_ASM
        CONV_GROUP_W16_ASM
        CONV_GROUP_W16_ASM
        CONV_GROUP_W16_ASM
        CONV_GROUP_W16_ASM
        CONV_GROUP_W16_ASM
        CONV_GROUP_W16_ASM
        "2:\n\t"
        ".if (2b - 1b) != 352\n\t"
        ".error \"conv_w16_groups: a group is not 44 bytes\"\n\t"
        ".endif\n\t"
        "subs r12, r12, #1\n\t"
        "bne 1b\n\t"
        "ldr pc, [lr, #92]\n\t");
}

/* conv_fast_block's requantization forms for calls whose sums may leave +-2^30 (not
 * doubled: a large bias or patch) and for channels of shift -24 to -31 (the wide form):
 * the CONV_RQ_LONG path, a fragment of conv_fast_block's code (not a function: entered
 * through [lr, #64] with its registers, it returns to conv_fast_block through [lr, #84]),
 * referenced only from conv_run when the build has the path, so --gc-sections drops it
 * otherwise. +0: the fast form, both bounds; +4: the fast form, the full int8 range; +8:
 * the wide-form check (e >= 24), else on through [lr, #72]. */
__attribute__((naked, noinline)) static void conv_rq_long(void)
{
    __asm__ volatile(
        "0:\n\t"
        "b.w 6f\n\t"
        "b.w 7f\n\t"
        "1:\n\t"
        ".if (1b - 0b) != 8\n\t"
        ".error \"conv_rq_long: the entries are not 4 bytes apart\"\n\t"
        ".endif\n\t"
        "cmp r9, #24\n\t"
        "it lt\n\t"
        "ldrlt pc, [lr, #72]\n\t"
        /* the wide form (24 <= e <= 31), both bounds applied: chi' = off2p1 << (e - 10)
         * in r10, e - 9 in r9 */
        "ldr r0, [lr, #36]\n\t"
        "sub r10, r9, #10\n\t"
        "lsl r10, r0, r10\n\t"
        "sub r9, r9, #9\n\t"
        CONV_RQ_WIDE("r4")
        CONV_RQ_WIDE("r5")
        CONV_RQ_WIDE("r6")
        CONV_RQ_WIDE("r7")
        CONV_CLAMP4
        "ldr pc, [lr, #84]\n\t"
        ".p2align 2\n\t"
        "6:\n\t"
        "asr r10, r10, #1\n\t"    /* chi = off2p1 << (e - 2) */
        "sub r9, r9, #1\n\t"      /* e1 = e - 1 */
        CONV_RQ("r4")
        CONV_RQ("r5")
        CONV_RQ("r6")
        CONV_RQ("r7")
        CONV_CLAMP4
        "ldr pc, [lr, #84]\n\t"
        ".p2align 2\n\t"
        "7:\n\t"
        "asr r10, r10, #1\n\t"
        "sub r9, r9, #1\n\t"
        CONV_OUT_FULL("r4", "[r8]")
        CONV_OUT_FULL("r5", "[r8, r3]")
        CONV_OUT_FULL("r6", "[r2]")
        CONV_OUT_FULL("r7", "[r2, r3]")
        "ldr pc, [lr, #84]\n\t");
}
#define CONV_RQ_LONG_TAB ((uint32_t)(uintptr_t)conv_rq_long)
#else
/* The wide form of the assembly (24 <= e <= 31) in C. */
static int32_t conv_rq_wide(int32_t acc, int32_t m, int32_t off2p1, int32_t e)
{
    int64_t x = (int64_t)(acc < 0 ? -1 : 0) * 4294967296LL + 0x40000000 + (acc < 0 ? 0x80000000LL : 0);
    int32_t h;
    x += (int64_t)acc * m;
    h = (int32_t)(x >> 32);
    return (int32_t)((int64_t)off2p1 * ((int64_t)1 << (e - 10)) + (h >> 8)) >> (e - 9);
}

/* The doubled form of the assembly (|acc| < 2^30, 2 <= e <= 23) in C: SMMLAR of 2 acc. */
static int32_t conv_rq_dbl(int32_t acc, int32_t m, int32_t off2p1, int32_t e)
{
    const int64_t ra = (int64_t)(int32_t)(((uint32_t)off2p1 << (e - 1)) - ((uint32_t)acc >> 31));
    const int64_t x = ra * 4294967296LL + (int64_t)(2 * acc) * m + 0x80000000LL;
    return (int32_t)(x >> 32) >> e;
}

/* The C twin; leaves *a as the assembly does: weights, bias, mult, shift and out
 * advanced past the channels, channels 0. */
static void conv_fast_block(conv_fast_args *a)
{
    int32_t c, i;
    for (c = 0; c < a->channels; ++c) {
        const uint32_t *col = a->words;
        const int8_t *wp = a->weights + c * a->k_bytes;
        const uint32_t *wp16 = (const uint32_t *)(const void *)wp; /* CONV_W16 */
        const int32_t s = a->shift[c];
        const int32_t chi = s >= -23 ? tnm_opt_rq_chi(a->off2p1, s) : 0;
        uint32_t a0, a1, a2, a3, acc[CONV_PX];
        int32_t j;
        a0 = a1 = a2 = a3 = (uint32_t)a->bias[c];
        for (i = 0; i < 8 * a->iters - (int32_t)a->skip; ++i) {
            if (a->w16) {
                CONV_GROUP2(wp16[0], wp16[1], col);
                wp16 += 2;
            } else {
                CONV_GROUP(tnm_opt_read4(wp), col);
                wp += 4;
            }
            col += GROUP_WORDS;
        }
        acc[0] = a0;
        acc[1] = a1;
        acc[2] = a2;
        acc[3] = a3;
        if (a->raw != 0) { /* as the assembly: weights, bias, mult and shift advanced */
            for (j = 0; j < CONV_PX; ++j) a->raw[j] = acc[j];
            a->weights += a->k_bytes;
            a->bias++;
            a->mult++;
            a->shift++;
            return;
        }
        for (j = 0; j < CONV_PX; ++j) {
            const int32_t v = tnm_opt_sat8(a->dbl && s >= -23 ? conv_rq_dbl((int32_t)acc[j], a->mult[c], a->off2p1, -s)
                                           : s >= -23 ? tnm_opt_rq_fast((int32_t)acc[j], a->mult[c], chi, -s - 1)
                                                      : conv_rq_wide((int32_t)acc[j], a->mult[c], a->off2p1, -s));
            const int32_t lo = (int8_t)(uint8_t)a->act_min4;
            const int32_t hi = (int8_t)(uint8_t)a->act_max4;
            a->out[j * a->out_c + c] = (int8_t)(v < lo ? lo : v > hi ? hi : v);
        }
    }
    a->weights += a->channels * a->k_bytes;
    a->bias += a->channels;
    a->mult += a->channels;
    a->shift += a->channels;
    a->out += a->channels;
    a->channels = 0;
}
#define CONV_RQ_LONG_TAB 1u /* (the C twin has every form) */
#endif

/* The shifts the block requantizes: the fast form (-23 <= shift <= -2) and the wide one. */
static int conv_rq_ok(int32_t shift) { return shift <= -2 && shift >= -31; }

/* Runs the block over channels [c0, c0 + cn): channels from tail_first on read their
 * weights from tail_w (a zero-padded copy starting at channel tail_first). */
static void conv_fast_run(conv_fast_args *fa, const int8_t *filter_data, int32_t c0,
                          int32_t cn, int32_t tail_first, const int8_t *tail_w)
{
    const int32_t k = fa->k_bytes;
    if (c0 < tail_first) {
        fa->weights = filter_data + c0 * k;
        fa->channels = c0 + cn <= tail_first ? cn : tail_first - c0;
        conv_fast_block(fa);
        cn -= tail_first - c0 < cn ? tail_first - c0 : cn;
        c0 = tail_first;
    }
    if (cn > 0) {
        fa->weights = tail_w + (c0 - tail_first) * k;
        fa->channels = cn;
        conv_fast_block(fa);
    }
}

/* Channels [c0, c0 + cn) of a 4-pixel block: runs of channels whose shift takes the fast
 * form through the block; any other channel (shift -1 or above, or below -23) in C, with
 * the general requantization, into the same places. */
static void conv_fast_channels(conv_fast_args *fa, const int8_t *filter_data, int32_t c0,
                               int32_t cn, int32_t tail_first, const int8_t *tail_w,
                               int all_fast, int32_t output_offset)
{
    const int32_t end = c0 + cn;
    if (all_fast) {
        conv_fast_run(fa, filter_data, c0, cn, tail_first, tail_w);
        return;
    }
    while (c0 < end) {
        int32_t c1 = c0;
        while (c1 < end && conv_rq_ok(fa->shift[c1 - c0])) ++c1;
        if (c1 > c0) {
            conv_fast_run(fa, filter_data, c0, c1 - c0, tail_first, tail_w);
            c0 = c1;
        } else { /* the block's MACs (raw accumulators), the general requantization in C */
            uint32_t acc[CONV_PX];
            const int32_t lo = (int8_t)(uint8_t)fa->act_min4;
            const int32_t hi = (int8_t)(uint8_t)fa->act_max4;
            int32_t j;
            fa->weights = c0 < tail_first ? filter_data + c0 * fa->k_bytes
                                          : tail_w + (c0 - tail_first) * fa->k_bytes;
            const uint32_t wide = fa->wide;
            fa->channels = 1;
            fa->raw = acc;
            fa->wide = 0;
            fa->entry = 0u; /* (the assembly's entries follow raw and wide) */
            conv_fast_block(fa); /* advances weights, bias, mult and shift */
            fa->raw = 0;
            fa->wide = wide;
            fa->entry = 0u;
            for (j = 0; j < CONV_PX; ++j) {
                fa->out[j * fa->out_c] = tnm_opt_output((int32_t)acc[j], fa->mult[-1], fa->shift[-1],
                                                        output_offset, lo, hi);
            }
            fa->out++;
            ++c0;
        }
    }
}

/* A last block of 1-3 pixels (the block would compute four): each pixel's patch words
 * against two channels at a time in C (the patch words loaded once for both), the fast
 * requantization form where the shift allows it. Weights as in the block (channels from
 * tail_first on from the zero-padded copy). */
__attribute__((noinline)) static void conv_short_block(const uint32_t *words, int32_t n_px, int32_t groups,
                                                       const int8_t *filter_data, int32_t k,
                                                       int32_t tail_first, const int8_t *tail_w,
                                                       const int32_t *bias, const tnm_quant *quant,
                                                       const tnm_conv_params *params, int8_t *out,
                                                       int32_t out_c)
{
    const int32_t off = params->output_offset, off2p1 = 2 * off + 1;
    const int32_t lo = params->act_min, hi = params->act_max;
    int32_t j, c, i, t;
    uint32_t acc[2];
    for (j = 0; j < n_px; ++j, out += out_c) {
        for (c = 0; c < out_c; c += 2) {
            const int32_t c1 = c + 1 < out_c ? c + 1 : c; /* an odd last channel: computed twice */
            const int8_t *w0 = c < tail_first ? filter_data + c * k : tail_w + (c - tail_first) * k;
            const int8_t *w1 = c1 < tail_first ? filter_data + c1 * k : tail_w + (c1 - tail_first) * k;
            const uint32_t *col = words + 2 * j;
            uint32_t a0 = (uint32_t)bias[c], a1 = (uint32_t)bias[c1];
            for (i = 0; i < groups; ++i, w0 += 4, w1 += 4, col += GROUP_WORDS) {
                const uint32_t x0 = col[0], x1 = col[1];
                const uint32_t v0 = tnm_opt_read4(w0), v1 = tnm_opt_read4(w1);
                a0 = tnm_smlad(x0, tnm_sxtb16(v0), a0);
                a0 = tnm_smlad(x1, tnm_sxtb16_ror8(v0), a0);
                a1 = tnm_smlad(x0, tnm_sxtb16(v1), a1);
                a1 = tnm_smlad(x1, tnm_sxtb16_ror8(v1), a1);
            }
            acc[0] = a0;
            acc[1] = a1;
            for (t = 0; t < 2; ++t) { /* one copy of the requantization (code size) */
                const int32_t ct = t == 0 ? c : c1, sh = quant->shift[ct];
                out[ct] = tnm_opt_output_chi((int32_t)acc[t], quant->multiplier[ct], sh, tnm_opt_rq_chi(off2p1, sh),
                                             off, lo, hi);
            }
        }
    }
}

/* descending (tnm_conv_s8_arm_dsp_pixels only: one image, a 1x1 stride-1 unpadded
 * convolution): the blocks last to first. 1 when done; 0 when the call is not for these
 * paths (grouped, no scratch or no bias, or a build without CONV_IM2COL; a shift outside
 * [-31, -2] in a build without CONV_RQ_C): nothing written to the output, the caller runs
 * the generic loop (not in pixel order). */
TNM_OPT_NO_LIBCALLS
static int conv_run(const tnm_conv_params *params, const tnm_quant *quant,
                           const tnm_dims *input, const int8_t *input_data,
                           const tnm_dims *filter, const int8_t *filter_data,
                           const int32_t *bias,
                           const tnm_dims *output, int8_t *output_data,
                           void *scratch, int descending)
{
    patch_geometry g;
    conv_fast_args fa;
    uint32_t *words;
    int8_t *stage, *tail_w;
    const int8_t *wts; /* the weights the blocks read: the filter, or its padded copy */
    const int8_t *blk_w; /* ... or their int16 pairs (CONV_W16) */
    int32_t k_bytes, blk_tail;
    int32_t k_total, kp, groups, out_c, out_h, out_w, pixels, p, px_y, px_x, plane, tail_first, blk, blocks;
    int32_t span_h, span_w;
    int all_fast, contiguous, stage4;
    {
        tnm_fc_params fc;
        int32_t fc_batches, fc_depth;
        if (tnm_conv_fc_shape(params, input, input_data, filter, output, output_data, &fc, &fc_batches, &fc_depth)) {
            (void)tnm_fully_connected_s8_arm_dsp_unchecked(&fc, quant, output->c, fc_batches, fc_depth, output->c,
                                                           input_data, filter_data, bias, output_data);
            return 1;
        }
    }
    k_total = filter->h * filter->w * filter->c;
    /* grouped, no scratch or no bias (TFLite converters always give one): the generic loop */
    if (filter->c != input->c || scratch == 0 || bias == 0) return 0;
    /* one output channel: dot products from the input, runs of pixels in order (in place:
     * each pass reads its pixels before writing their outputs); not in descending order */
    if (!descending && tnm_opt_conv_one_out_shape(params, input, filter, output) && TNM_VARIANT_ON(CONV_ONE_OUT)) {
        tnm_arm_dsp_conv_one_out(params, quant, input, input_data, filter, filter_data, bias, output, output_data,
                                 scratch);
        return 1;
    }
    if (!TNM_VARIANT_ON(CONV_IM2COL)) return 0;
    kp = (k_total + 3) & ~3;
    groups = kp >> 2;
    words = (uint32_t *)(((uintptr_t)scratch + 3u) & ~(uintptr_t)3u);
    stage = (int8_t *)(words + groups * GROUP_WORDS);
    stage4 = tnm_opt_conv_stage4(input, filter) && params->dilation_w == 1;
    tail_w = stage + (tnm_opt_conv_stage4(input, filter) ? 4 * kp : kp);
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
    g.row_len = filter->w * input->c;
    g.k_total = k_total;
    g.kp = kp;
    g.row_step = params->dilation_h * input->w * input->c;
    g.direct = params->dilation_w == 1 && (g.row_len & 3) == 0;
    g.offset2 = packed_offset(params->input_offset);
    g.pad4 = ((uint32_t)-params->input_offset & 0xFFu) * 0x01010101u;
    g.in_end = input_data + (size_t)input->n * input->h * input->w * input->c;
    g.padded = 0;
    g.reach = 0;
    wts = filter_data;
    if (stage4 && tnm_opt_conv_padded_rows_call(input, filter, output) && TNM_VARIANT_ON(CONV_PADDED_ROWS)) {
        /* rows of taps that are not whole words but whose rounding to words adds no group to
         * the patch (a 3x3 over 1 channel, a 1x1 over 1-3 or 5-7): each row of taps read as
         * whole words straight from the input, as a direct one (no byte staging); the extra
         * bytes meet zero weights in a copy of the filter with its rows padded the same (when
         * there are pixels enough to repay the copy) */
        const int32_t row_len = g.row_len, rl4 = (row_len + 3) & ~3;
        int8_t *copy = tail_w + 2 * kp;
        int32_t c, r, i;
        for (c = 0; c < output->c; ++c) {
            for (r = 0; r < filter->h; ++r) {
                const int8_t *src = filter_data + ((size_t)c * filter->h + r) * row_len;
                int8_t *dst = copy + (size_t)c * kp + r * rl4;
                uint32_t last = 0u;
                for (i = 0; i + 4 <= row_len; i += 4) {
                    const uint32_t x = tnm_opt_read4(src + i);
                    memcpy(dst + i, &x, 4);
                }
                /* the row's last 1-3 bytes (rows here are never whole words), zeros after them */
                for (; i < row_len; ++i) last |= (uint32_t)(uint8_t)src[i] << (8 * (i & 3));
                memcpy(dst + (rl4 - 4), &last, 4);
            }
        }
        wts = copy;
        g.row_len = rl4;
        g.direct = 1;
        g.padded = 1;
        g.reach = (filter->h - 1) * g.row_step + rl4;
        stage4 = 0;
    }

    out_c = output->c;
    out_h = output->h;
    out_w = output->w;
    span_h = (g.filter_h - 1) * g.dilation_h;
    span_w = (g.filter_w - 1) * g.dilation_w;
    contiguous = g.filter_h == 1 && g.filter_w == 1 && g.stride_h == 1 && g.stride_w == 1 &&
                 g.pad_h == 0 && g.pad_w == 0 && out_h == g.in_h && out_w == g.in_w;
    pixels = output->n * out_h * out_w;
    /* Channels whose last weight word would reach past the filter read a zero-padded copy. */
    tail_first = out_c;
    if (kp != k_total && !g.padded) {
        int32_t i, n;
        while (tail_first > 0 && (int64_t)(tail_first - 1) * k_total + kp > (int64_t)out_c * k_total) {
            --tail_first;
        }
        n = (out_c - tail_first) * k_total;
        for (i = 0; i < n; ++i) tail_w[i] = filter_data[tail_first * k_total + i];
        for (; i < n + kp; ++i) tail_w[i] = 0;
    }
    k_bytes = g.padded ? kp : k_total;
    blk_w = wts;
    blk_tail = tail_first;
    fa.k_bytes = k_bytes;
    fa.w16 = 0u;
    if (tnm_opt_conv_w16_call(input, filter, output) && TNM_VARIANT_ON(CONV_W16)) {
        /* the block's weight words extended once, (v0, v2) then (v1, v3) per group, from the
         * bytes it would read; the short block (1-3 pixels) keeps the bytes */
        uint32_t *ext = words + (tnm_opt_conv_w16_at(input, filter) >> 2);
        int32_t c, i;
        for (c = 0; c < out_c; ++c) {
            const int8_t *src = c < tail_first ? wts + c * k_bytes : tail_w + (c - tail_first) * k_bytes;
            uint32_t *dst = ext + 2 * groups * c;
            for (i = 0; i < groups; ++i, src += 4, dst += 2) {
                const uint32_t w = tnm_opt_read4(src);
                dst[0] = tnm_sxtb16(w);
                dst[1] = tnm_sxtb16_ror8(w);
            }
        }
        blk_w = (const int8_t *)ext;
        blk_tail = out_c;
        fa.k_bytes = 8 * groups;
#if TNM_OPT_ARM_ASM
        fa.w16 = (uint32_t)(uintptr_t)conv_w16_groups;
#else
        fa.w16 = 1u;
#endif
    }
    {
        /* every shift in [-31, -2] (the block's two forms) <=> each s + 31 and s + 33 in
         * [0, 31], so their OR is; some shift below -23 (the wide form) <=> some s + 23 < 0.
         * Four shifts at a time as int16 lanes (SXTAB16 adds the constants), bits 5-15 of
         * each lane must stay clear, and bit 15 of a lane is a sign. (Channels with other
         * shifts: in C inside the block loop.) */
        uint32_t range = 0u, wide = 0u;
        for (p = 0; p + 4 <= out_c; p += 4) {
            const uint32_t x = tnm_opt_read4(quant->shift + p);
            range |= tnm_sxtab16(0x001F001Fu, x) | tnm_sxtab16_ror8(0x001F001Fu, x) |
                     tnm_sxtab16(0x00210021u, x) | tnm_sxtab16_ror8(0x00210021u, x);
            wide |= tnm_sxtab16(0x00170017u, x) | tnm_sxtab16_ror8(0x00170017u, x);
        }
        for (; p < out_c; ++p) {
            const int32_t s = quant->shift[p];
            range |= (uint32_t)(s + 31) | (uint32_t)(s + 33);
            wide |= (uint32_t)(s + 23);
        }
        all_fast = (range & 0xFFE0FFE0u) == 0u;
        fa.wide = (wide & 0x80008000u) != 0u;
    }
    /* channels requantized in C (conv_fast_channels): a build without them declines */
    if (!all_fast && !TNM_VARIANT_ON(CONV_RQ_C)) return 0;
    all_fast |= !TNM_VARIANT_BUILT(CONV_RQ_C); /* (a constant 1 then: that code drops) */
    {
        /* the doubled form (for the channels not in the wide form): |acc| <= |bias| +
         * K * 255 * 128 < 2^30 for every channel */
        const int64_t lim = (1LL << 30) - 1 - (int64_t)k_total * 32640;
        uint32_t bound = 1u << 29, mag = 0u; /* the largest power of two <= lim */
        while (bound > lim && bound != 0u) bound >>= 1;
        /* every |bias| - [bias < 0] below it <=> their OR is */
        for (p = 0; p < out_c; ++p) mag |= (uint32_t)(bias[p] ^ (bias[p] >> 31));
        fa.dbl = bound != 0u && mag < bound;
    }
    /* sums that may leave +-2^30 or a wide channel: conv_rq_long; a build without it declines */
    fa.long_tab = 0u;
    if (!fa.dbl || fa.wide) {
        if (!TNM_VARIANT_ON(CONV_RQ_LONG)) return 0;
        fa.long_tab = CONV_RQ_LONG_TAB;
    }
    fa.words = words;
    fa.iters = (groups + 7) >> 3;
    fa.skip = (uint32_t)(8 - (groups & 7)) & 7u;
    fa.off2p1 = 2 * params->output_offset + 1;
    fa.act_min4 = ((uint32_t)params->act_min & 0xFFu) * 0x01010101u;
    fa.act_max4 = ((uint32_t)params->act_max & 0xFFu) * 0x01010101u;
    fa.raw = 0;
    fa.entry = 0u;
    px_y = px_x = plane = 0;
    fa.bias = bias;
    fa.mult = quant->multiplier;
    fa.shift = quant->shift;
    fa.out_c = out_c;
    blocks = (pixels + CONV_PX - 1) / CONV_PX;
    for (blk = 0; blk < blocks; ++blk) {
        int32_t n_px;
        int8_t *out;
        int32_t j = 0;
        p = blk * CONV_PX;
        if (descending) { /* one image */
            p = (blocks - 1 - blk) * CONV_PX;
            plane = 0;
            px_y = p / out_w;
            px_x = p - px_y * out_w;
        }
        n_px = pixels - p < CONV_PX ? pixels - p : CONV_PX;
        out = output_data + p * out_c;
        if (n_px < CONV_PX && contiguous && n_px * g.in_c * out_c >= 1024 && TNM_VARIANT_ON(CONV_AS_FC)) {
            /* the last 1-3 pixels of a 1x1 convolution: a fully-connected layer over their
             * channels (the FC kernel's passes; conv_short_block is one pixel at a time in C,
             * cheaper below ~1,000 MACs, where the FC call's setup would dominate),
             * reading a copy of their input when the output overlaps it (the FC passes read an
             * input row again after writing outputs); the same bytes written as the block would */
            const int8_t *in_px = input_data + p * g.in_c;
            {
                tnm_fc_params fc;
                if (!(out + n_px * out_c <= in_px || in_px + n_px * g.in_c <= out)) {
                    /* in place: their input to the scratch first (the patch words' room,
                     * 8 kp >= 3 * in_c bytes, is free until the next block) */
                    tnm_copy_inline(words, in_px, (size_t)(n_px * g.in_c));
                    in_px = (const int8_t *)words;
                }
                fc.input_offset = params->input_offset;
                fc.filter_offset = 0;
                fc.output_offset = params->output_offset;
                fc.act_min = params->act_min;
                fc.act_max = params->act_max;
                (void)tnm_fully_connected_s8_arm_dsp_unchecked(&fc, quant, out_c, n_px, g.in_c, out_c, in_px,
                                                               filter_data, bias, out);
                continue;
            }
        }
        if (n_px == CONV_PX && (g.direct || stage4)) {
            /* four pixels in one pass: a 1x1 stride-1 convolution over the whole image
             * (consecutive pixels, consecutive bytes), or four pixels of one output row
             * whose windows lie inside the image; rows of taps that are not whole words
             * are staged as bytes first, the four patches kp apart */
            const int32_t in_y0 = px_y * g.stride_h - g.pad_h, in_x0 = px_x * g.stride_w - g.pad_w;
            if (contiguous && g.direct) {
                if (!g.padded || g.in_end - (input_data + p * g.in_c) >= 3 * g.in_c + g.reach) {
                    im2col_quad(&g, input_data + p * g.in_c, g.in_c, words);
                    j = CONV_PX;
                }
            } else if (px_x + CONV_PX <= out_w && in_y0 >= 0 && in_y0 + span_h < g.in_h && in_x0 >= 0 &&
                       in_x0 + (CONV_PX - 1) * g.stride_w + span_w < g.in_w) {
                const int8_t *src = input_data + ((plane + in_y0) * g.in_w + in_x0) * g.in_c;
                if (g.direct) {
                    /* (padded: unless the last words would pass the input; then one pixel at a
                     * time below) */
                    if (!g.padded || g.in_end - src >= 3 * g.stride_w * g.in_c + g.reach) {
                        im2col_quad(&g, src, g.stride_w * g.in_c, words);
                        j = CONV_PX;
                    }
                } else {
                    int32_t q;
                    for (q = 0; q < CONV_PX; ++q, src += g.stride_w * g.in_c) {
                        int8_t *dst = stage + q * kp;
                        memcpy(dst + kp - 4, &g.pad4, 4); /* the values past K */
                        stage_rows(dst, g.row_len, src, g.row_step, g.row_len, g.filter_h);
                    }
                    im2col_run(stage, kp >> 2, 1, kp, kp, g.offset2, words, 1);
                    j = CONV_PX;
                }
            }
            if (j == CONV_PX) {
                px_x += CONV_PX;
                while (px_x >= out_w) {
                    px_x -= out_w;
                    if (++px_y == out_h) { px_y = 0; plane += g.in_h; }
                }
            }
        }
        for (; j < n_px; ++j) {
            im2col_pixel(&g, plane, px_y * g.stride_h - g.pad_h, px_x * g.stride_w - g.pad_w, stage,
                         words + 2 * j);
            if (++px_x == out_w) {
                px_x = 0;
                if (++px_y == out_h) { px_y = 0; plane += g.in_h; }
            }
        }
        if (n_px < CONV_PX) { /* the last block, 1-3 pixels */
            conv_short_block(words, n_px, groups, wts, k_bytes, tail_first, tail_w, bias, quant,
                             params, out, out_c);
        } else {
            fa.out = out;
            conv_fast_channels(&fa, blk_w, 0, out_c, blk_tail, tail_w, all_fast,
                               params->output_offset);
            fa.bias -= out_c;
            fa.mult -= out_c;
            fa.shift -= out_c;
        }
    }
    return 1;
}

tnm_status tnm_conv_s8_arm_dsp_unchecked(const tnm_conv_params *params, const tnm_quant *quant,
                                         const tnm_dims *input, const int8_t *input_data,
                                         const tnm_dims *filter, const int8_t *filter_data,
                                         const int32_t *bias,
                                         const tnm_dims *output, int8_t *output_data,
                                         void *scratch)
{
    if (scratch != 0 && tnm_opt_conv_lut_shape(input, filter, output) && TNM_VARIANT_ON(CONV_LUT)) {
        tnm_conv_s8_lut(params, quant, input, input_data, filter, filter_data, bias, output, output_data, scratch);
        return TNM_OK;
    }
    if (tnm_opt_conv_narrow_shape(params, input, filter, output) && ((uintptr_t)input_data & 3u) == 0 &&
        TNM_VARIANT_ON(CONV_NARROW) &&
        tnm_arm_dsp_conv_narrow(params, quant, input, input_data, filter_data, bias, output, output_data, -1))
        return TNM_OK;
    if (!conv_run(params, quant, input, input_data, filter, filter_data, bias, output, output_data, scratch, 0))
        tnm_arm_dsp_conv_generic(params, quant, input, input_data, filter, filter_data, bias, output,
                                 output_data, 0);
    return TNM_OK;
}

/* Pixel order for in-place execution (tnm_conv_s8_pixels): the blocks above, first to last
 * (descending: last to first), each block's patches gathered into scratch before any of its
 * outputs is written; the generic loop (no scratch, no bias, grouped) is not in pixel
 * order: 0. */
int tnm_conv_s8_arm_dsp_pixels(const tnm_conv_params *params, const tnm_quant *quant,
                               const tnm_dims *input, const int8_t *input_data,
                               const tnm_dims *filter, const int8_t *filter_data,
                               const int32_t *bias, const tnm_dims *output,
                               int8_t *output_data, void *scratch, int descending)
{
    if (tnm_opt_conv_narrow_shape(params, input, filter, output) && ((uintptr_t)input_data & 3u) == 0 &&
        TNM_VARIANT_ON(CONV_NARROW) &&
        tnm_arm_dsp_conv_narrow(params, quant, input, input_data, filter_data, bias, output, output_data,
                                descending != 0))
        return 1;
    if (scratch == 0 || bias == 0 || !TNM_VARIANT_ON(CONV_IM2COL) || !tnm_is_pixel_conv(params, input, filter, output))
        return 0;
    return conv_run(params, quant, input, input_data, filter, filter_data, bias, output, output_data, scratch,
                    descending);
}

tnm_status tnm_conv_s8_arm_dsp(const tnm_conv_params *params, const tnm_quant *quant,
                               const tnm_dims *input, const int8_t *input_data,
                               const tnm_dims *filter, const int8_t *filter_data,
                               const int32_t *bias,
                               const tnm_dims *output, int8_t *output_data,
                               void *scratch)
{
    const tnm_status status = tnm_conv_s8_check(params, quant, input, input_data, filter,
                                                filter_data, bias, output, output_data, scratch);
    if (status != TNM_OK) return status;
    return tnm_conv_s8_arm_dsp_unchecked(params, quant, input, input_data, filter, filter_data,
                                         bias, output, output_data, scratch);
}

#endif
