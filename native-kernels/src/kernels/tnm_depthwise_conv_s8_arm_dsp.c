/*
 * Cortex-M DSP-extension variant (ARMv7E-M, ARMv8-M Mainline with DSP) of DEPTHWISE_CONV_2D;
 * bit-exact with the reference kernel.
 *
 * On a host this file builds with portable C versions of the instructions
 * (tnm_kernels_opt.h) and the differential tests compare it with the reference.
 */
#include "tnm_arm_dsp_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

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
                              const tnm_dims *output, int8_t *output_data, void *scratch)
{
    uint32_t wext[DW_CHUNK / 4 * 18];
    uint32_t rq[DW_CHUNK / 4 * 16];
    uint32_t stack_rows[DW_ROWBUF / 4]; /* without scratch */
    /* the row buffer: the caller's scratch (tnm_opt_dw_scratch_arm_dsp bytes), else the stack */
    const int use_scratch = scratch != 0 && input->w <= (1L << 24);
    uint32_t *const rowbuf_words =
        use_scratch ? (uint32_t *)(((uintptr_t)scratch + 3u) & ~(uintptr_t)3u) : stack_rows;
    const int32_t rowbuf_bytes =
        use_scratch ? 3 * (input->w + 2) * (input->c < DW_CHUNK ? input->c : DW_CHUNK) : DW_ROWBUF;
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
    if (width64 * 3 * 4 > rowbuf_bytes) return 0;
    width = (int32_t)width64;
    chunk = rowbuf_bytes / (3 * width) & ~3;
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
                    if (!full_range) tnm_arm_dsp_clamp_bytes(px_out, cn, params->act_min, params->act_max);
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
        depthwise_3x3_fast(params, quant, input, input_data, filter_data, bias, output, output_data,
                           scratch)) {
        return TNM_OK;
    }
    tnm_arm_dsp_conv_generic(params, quant, input, input_data, filter, filter_data, bias, output, output_data, 1);
    return TNM_OK;
}

#endif
