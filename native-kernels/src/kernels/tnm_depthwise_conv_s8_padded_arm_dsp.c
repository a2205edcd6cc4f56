/*
 * Cortex-M DSP variant of DEPTHWISE_CONV_2D on small images (DW_PADDED; the shape test is
 * tnm_opt_dw_padded_shape): depth multiplier 1, at least 4 channels. The planes
 * (tnm_depthwise_conv_s8_arm_dsp.c) pay a weight preparation, a ring and a C loop per output
 * line for every group of 4 channels, which a MobileNet's last layers (many channels, a few
 * pixels) cannot repay: 5x5 over 256 channels on a 5x5 image ran at 5.3 instructions per MAC.
 *
 * Per group of 4 channels: the input's 4 bytes per pixel are copied once, extended to two
 * words of int16 lanes with the input offset added (x + off: (c0, c2) and (c1, c3)), into a
 * copy of the image padded with zeros (x + off = 0 for a padding tap, so every output's
 * window lies inside the copy and every output has the same taps). The taps become one list
 * (byte offset in the copy, the weights of the 4 channels as (w0, w2), (w1, w3)), so a tap
 * is LDM (offset and weights), ADD, LDRD (the pixel's two words) and 4 SMLAxy: 7
 * instructions per 4 MACs, no per-row work. The assembly runs a row of outputs and stores
 * 4 sums per output; C requantizes them (the fast form where the shift allows). Sums wrap
 * modulo 2^32 like the reference's int32 accumulator.
 *
 * Scratch (tnm_opt_dw_padded_bytes): the list, the copy ((h + fh - 1) x (w + fw - 1) pixels
 * for an undilated filter: a dilated call larger than that returns 0 and takes the planes)
 * and the sums of one run of outputs.
 */
#include <stddef.h>

#include "tnm_arm_dsp_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

/* Setup and the C requantization compiled for size where GCC allows: the MACs are in the
 * assembly, the per-group copy and weights in -O2 helpers. */
#if defined(__GNUC__) && !defined(__clang__)
#define DWP_COLD __attribute__((optimize("Os", "no-tree-loop-distribute-patterns")))
#else
#define DWP_COLD
#endif

typedef struct {
    const uint32_t *list;  /* 4 initial sums (bias), per tap: byte offset, (w0, w2), (w1, w3); then
                            * per channel: multiplier, chi2, -shift (dwp_run_rq) */
    int32_t entry;         /* taps skipped in the first pass: dwp_run (4 - taps % 4) % 4, dwp_run_rq (8 - taps % 8) % 8 */
    int32_t quads;         /* passes: dwp_run (taps + 3) / 4, dwp_run_rq (taps + 7) / 8 */
    const uint32_t *base;  /* the first output's window in the copy */
    void *out;             /* dwp_run: 4 sums per output; dwp_run_rq: the first output's channel base */
    int32_t n;             /* outputs a row (>= 1) */
    int32_t step;          /* bytes between the windows of neighbouring outputs */
    int32_t out_step;      /* dwp_run_rq: bytes between outputs (the channels) */
    int32_t row_adv;       /* dwp_run_rq: bytes from the window after a row's last to the next row's first */
    int32_t rows;          /* dwp_run_rq: rows (>= 1) */
} dwp_args;

#if TNM_OPT_ARM_ASM
/* one tap: r1 the list, r0 the window; sums in r4-r7 (channels 0-3) */
#define DWP_TAP                          \
    "ldm r1!, {r2, r3, r12}\n\t"         \
    "add r8, r0, r2\n\t"                 \
    "ldrd r8, r9, [r8]\n\t"              \
    "smlabb r4, r8, r3, r4\n\t"          \
    "smlatt r6, r8, r3, r6\n\t"          \
    "smlabb r5, r9, r12, r5\n\t"         \
    "smlatt r7, r9, r12, r7\n\t"

__attribute__((naked, noinline)) static void dwp_run(dwp_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "sub sp, sp, #8\n\t"
        "str r0, [sp, #4]\n\t"
        "ldr r2, [r0, #24]\n\t" /* step */
        "str r2, [sp]\n\t"
        "ldr r11, [r0, #20]\n\t" /* n */
        "ldr lr, [r0, #16]\n\t"  /* acc */
        "ldr r0, [r0, #12]\n\t"  /* base */
        "1:\n\t"
        "ldr r2, [sp, #4]\n\t"
        "ldm r2, {r1, r8, r10}\n\t" /* list, entry, quads */
        "ldm r1!, {r4-r7}\n\t"      /* the bias */
        "tbb [pc, r8]\n\t"
        "2:\n\t"
        ".byte (3f-2b)/2, (4f-2b)/2, (5f-2b)/2, (6f-2b)/2\n\t"
        "3:\n\t" DWP_TAP
        "4:\n\t" DWP_TAP
        "5:\n\t" DWP_TAP
        "6:\n\t" DWP_TAP
        "subs r10, r10, #1\n\t"
        "bne 3b\n\t"
        "stm lr!, {r4-r7}\n\t"
        "ldr r2, [sp]\n\t"
        "add r0, r0, r2\n\t"
        "subs r11, r11, #1\n\t"
        "bne 1b\n\t"
        "add sp, sp, #8\n\t"
        "pop {r4-r11, pc}\n\t");
}
/* requantize the doubled sum ACC with the next 3 words of the list (m, chi2, e; the planes'
 * dw_rq2 form: one SMMLAR), store byte K */
#define DWP_RQ(ACC, K)                     \
    "ldm r1!, {r2, r3, r12}\n\t"          \
    "sub r9, r3, " ACC ", lsr #31\n\t"    \
    "smmlar r9, " ACC ", r2, r9\n\t"      \
    "asr r9, r9, r12\n\t"                 \
    "ssat r9, #8, r9\n\t"                 \
    "strb r9, [lr, #" K "]\n\t"

/* Rows of outputs, requantized and stored: 4 channels whose shifts take the fast form and
 * whose sums stay inside +-2^30 (weights and bias doubled), the full activation range. */
__attribute__((naked, noinline)) static void dwp_run_rq(dwp_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "sub sp, sp, #24\n\t"
        "str r0, [sp]\n\t"
        "ldrd r2, r3, [r0, #24]\n\t" /* step, out_step */
        "strd r2, r3, [sp, #4]\n\t"
        "ldr r2, [r0, #32]\n\t"      /* row_adv */
        "ldr r3, [r0, #20]\n\t"      /* n */
        "strd r2, r3, [sp, #12]\n\t"
        "ldr r2, [r0, #36]\n\t"      /* rows */
        "str r2, [sp, #20]\n\t"
        "ldr lr, [r0, #16]\n\t"      /* out */
        "ldr r0, [r0, #12]\n\t"      /* base */
        "7:\n\t"
        "ldr r11, [sp, #16]\n\t"
        "1:\n\t"
        "ldr r2, [sp]\n\t"
        "ldm r2, {r1, r8, r10}\n\t"
        "ldm r1!, {r4-r7}\n\t"
        "tbb [pc, r8]\n\t"
        "2:\n\t"
        ".byte (10f-2b)/2, (11f-2b)/2, (12f-2b)/2, (13f-2b)/2, (14f-2b)/2, (15f-2b)/2, (16f-2b)/2, (17f-2b)/2\n\t"
        "10:\n\t" DWP_TAP
        "11:\n\t" DWP_TAP
        "12:\n\t" DWP_TAP
        "13:\n\t" DWP_TAP
        "14:\n\t" DWP_TAP
        "15:\n\t" DWP_TAP
        "16:\n\t" DWP_TAP
        "17:\n\t" DWP_TAP
        "subs r10, r10, #1\n\t"
        "bne 10b\n\t"
        DWP_RQ("r4", "0") DWP_RQ("r5", "1") DWP_RQ("r6", "2") DWP_RQ("r7", "3")
        "ldrd r2, r3, [sp, #4]\n\t"
        "add r0, r0, r2\n\t"
        "add lr, lr, r3\n\t"
        "subs r11, r11, #1\n\t"
        "bne 1b\n\t"
        "ldr r2, [sp, #12]\n\t"
        "add r0, r0, r2\n\t"
        "ldr r2, [sp, #20]\n\t"
        "subs r2, r2, #1\n\t"
        "str r2, [sp, #20]\n\t"
        "bne 7b\n\t"
        "add sp, sp, #24\n\t"
        "pop {r4-r11, pc}\n\t");
}
#undef DWP_RQ
#undef DWP_TAP
#else
/* the 4 sums of the window at base */
static void dwp_sums(const dwp_args *a, const uint8_t *base, uint32_t *s, int32_t unroll)
{
    const int32_t taps = unroll * a->quads - a->entry;
    const uint32_t *e = a->list + 4;
    int32_t t;
    s[0] = a->list[0];
    s[1] = a->list[1];
    s[2] = a->list[2];
    s[3] = a->list[3];
    for (t = 0; t < taps; ++t, e += 3) {
        const uint32_t *x = (const uint32_t *)(const void *)(base + e[0]);
        s[0] = tnm_smlabb(x[0], e[1], s[0]);
        s[2] = tnm_smlatt(x[0], e[1], s[2]);
        s[1] = tnm_smlabb(x[1], e[2], s[1]);
        s[3] = tnm_smlatt(x[1], e[2], s[3]);
    }
}

static void dwp_run(dwp_args *a)
{
    const uint8_t *base = (const uint8_t *)a->base;
    uint32_t *acc = (uint32_t *)a->out;
    int32_t i;
    for (i = 0; i < a->n; ++i, base += a->step, acc += 4) dwp_sums(a, base, acc, 4);
}

static void dwp_run_rq(dwp_args *a)
{
    const uint8_t *base = (const uint8_t *)a->base;
    const uint32_t *rq = a->list + 4 + 3 * (8 * a->quads - a->entry);
    int8_t *out = (int8_t *)a->out;
    int32_t r, i, k;
    for (r = 0; r < a->rows; ++r, base += a->row_adv) {
        for (i = 0; i < a->n; ++i, base += a->step, out += a->out_step) {
            uint32_t s[4];
            dwp_sums(a, base, s, 8);
            for (k = 0; k < 4; ++k) { /* SMMLAR: (chi2 - [s < 0]) * 2^32 + s * m + 2^31, high word */
                int64_t v = (int64_t)((int32_t)rq[3 * k + 1] - ((int32_t)s[k] < 0)) * 4294967296LL + 0x80000000LL;
                v += (int64_t)(int32_t)s[k] * (int32_t)rq[3 * k];
                out[k] = (int8_t)tnm_opt_sat8((int32_t)(v >> 32) >> rq[3 * k + 2]);
            }
        }
    }
}
#endif

/* Requantize n outputs' sums (4 per output) of channels base + lane_from .. base + 3. The
 * constants in locals: the byte stores may alias any object, which would reload them per
 * output. */
DWP_COLD static void dwp_store(const uint32_t *acc, int32_t n, int8_t *out, int32_t out_step, int32_t base,
                               int32_t lane_from, const tnm_quant *quant, const tnm_conv_params *params)
{
    const int32_t out_off = params->output_offset, lo = params->act_min, hi = params->act_max;
    const int32_t off2p1 = 2 * out_off + 1;
    const int full = lo == -128 && hi == 127;
    int32_t k, i;
    for (k = lane_from; k < 4; ++k) {
        const int32_t c = base + k, m = quant->multiplier[c], sh = quant->shift[c];
        const int32_t chi = tnm_opt_rq_chi(off2p1, sh), e1 = -sh - 1;
        const uint32_t *a = acc + k;
        int8_t *o = out + c;
        if (chi != 0 && full) {
            for (i = 0; i < n; ++i, o += out_step, a += 4)
                *o = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)*a, m, chi, e1));
        } else {
            for (i = 0; i < n; ++i, o += out_step, a += 4)
                *o = tnm_opt_output_chi((int32_t)*a, m, sh, chi, out_off, lo, hi);
        }
    }
}

/* The group's rows of input (rows x cols pixels, 4 channels at src) into the copy at d (2 words
 * a pixel, d_row words a row), extended with the offset added. Per group: -O2. */
TNM_OPT_NO_LIBCALLS static void dwp_copy(uint32_t *d, int32_t d_row, const int8_t *src, int32_t src_row, int32_t ch,
                                         int32_t rows, int32_t cols, uint32_t off2)
{
    int32_t y, x;
    for (y = 0; y < rows; ++y, d += d_row, src += src_row) {
        const int8_t *p = src;
        uint32_t *q = d;
        for (x = 0; x + 2 <= cols; x += 2, p += 2 * ch, q += 4) {
            const uint32_t v = tnm_opt_read4(p), u = tnm_opt_read4(p + ch);
            q[0] = tnm_sxtab16(off2, v);
            q[1] = tnm_sxtab16_ror8(off2, v);
            q[2] = tnm_sxtab16(off2, u);
            q[3] = tnm_sxtab16_ror8(off2, u);
        }
        if (x < cols) {
            const uint32_t v = tnm_opt_read4(p);
            q[0] = tnm_sxtab16(off2, v);
            q[1] = tnm_sxtab16_ror8(off2, v);
        }
    }
}

/* The taps' weights of the group's 4 channels (at w, ch bytes a tap) into the list entries at
 * e, doubled lane by lane when dbl. Per group: -O2. */
static void dwp_weights(uint32_t *e, const int8_t *w, int32_t ch, int32_t taps, int dbl)
{
    int32_t t;
    for (t = 0; t < taps; ++t, w += ch, e += 3) {
        const uint32_t v = tnm_opt_read4(w);
        uint32_t we = tnm_sxtb16(v), wo = tnm_sxtb16_ror8(v);
        if (dbl) {
            we = (we << 1) & 0xFFFEFFFFu;
            wo = (wo << 1) & 0xFFFEFFFFu;
        }
        e[1] = we;
        e[2] = wo;
    }
}

DWP_COLD int tnm_arm_dsp_dw_padded(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                                   const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                                   const int32_t *bias, const tnm_dims *output, int8_t *output_data,
                                   void *scratch)
{
    const int32_t ch = input->c, in_h = input->h, in_w = input->w, fh = filter->h, fw = filter->w;
    const int32_t out_h = output->h, out_w = output->w, taps = fh * fw;
    const int32_t hp = (out_h - 1) * params->stride_h + (fh - 1) * params->dilation_h + 1;
    const int32_t wp = (out_w - 1) * params->stride_w + (fw - 1) * params->dilation_w + 1;
    const int32_t run = out_w < TNM_OPT_DW_PADDED_RUN ? out_w : TNM_OPT_DW_PADDED_RUN;
    const int32_t list_words = tnm_opt_dw_padded_list_words(taps);
    const uint32_t off2 = packed_offset(params->input_offset);
    const int32_t off2p1 = 2 * params->output_offset + 1;
    /* doubling is exact while |bias| + taps * 255 * 128 < 2^30 (taps <= 256) */
    const uint32_t room = (1u << 30) - (uint32_t)taps * 32640u;
    /* the rows and columns of the copy that hold input */
    const int32_t y_lo = params->pad_h, x_lo = params->pad_w;
    const int32_t y_hi = y_lo + in_h < hp ? y_lo + in_h : hp, x_hi = x_lo + in_w < wp ? x_lo + in_w : wp;
    uint32_t *list, *copy, *acc;
    int32_t b, c0, i, y, fy, fx, rq_ok;
    dwp_args a;
    if (scratch == 0 || output->c != ch || !tnm_opt_dw_padded_fits(params, input, filter, output)) return 0;
    list = (uint32_t *)(((uintptr_t)scratch + 7u) & ~(uintptr_t)7u);
    copy = list + list_words;
    acc = copy + 2 * hp * wp;
    for (i = 0; i < 2 * hp * wp; ++i) copy[i] = 0u; /* padding: x + off = 0 */
    a.list = list;
    a.step = 8 * params->stride_w;
    a.out_step = ch;
    for (b = 0; b < output->n; ++b) {
        const int8_t *in_b = input_data + (int64_t)b * in_h * in_w * ch;
        int8_t *out_b = output_data + (int64_t)b * out_h * out_w * ch;
        for (c0 = 0; c0 < ch; c0 += 4) {
            /* the last group ends at the last channel; lanes before lane_from were done */
            const int32_t base = c0 + 4 <= ch ? c0 : ch - 4;
            uint32_t *e = list + 4;
            /* the 4 channels' requantization in the assembly (dw_rq2's doubled form) when all
             * take the fast form, their sums stay inside +-2^30 and the range is full, else the
             * sums through dwp_store */
            rq_ok = params->act_min == -128 && params->act_max == 127;
            for (i = 0; i < 4; ++i) {
                const int32_t sh = quant->shift[base + i];
                const uint32_t bi = bias != 0 ? (uint32_t)bias[base + i] : 0u;
                list[i] = bi;
                rq_ok &= tnm_opt_rq_fast_ok(sh) && (bi ^ (uint32_t)((int32_t)bi >> 31)) < room;
            }
            if (c0 == 0) { /* the taps' offsets: the same for every group */
                for (fy = 0; fy < fh; ++fy) {
                    for (fx = 0; fx < fw; ++fx) e[3 * (fy * fw + fx)] = (uint32_t)(8 * (fy * params->dilation_h * wp + fx * params->dilation_w));
                }
            }
            dwp_weights(e, filter_data + base, ch, taps, rq_ok);
            e += 3 * taps;
            dwp_copy(copy + 2 * (y_lo * wp + x_lo), 2 * wp, in_b + base, in_w * ch, ch, y_hi - y_lo, x_hi - x_lo,
                     off2);
            for (i = 0; i < 4; ++i) {
                const int32_t sh = quant->shift[base + i];
                if (!rq_ok) break;
                list[i] <<= 1;
                e[3 * i] = (uint32_t)quant->multiplier[base + i];
                e[3 * i + 1] = (uint32_t)tnm_opt_rq_chi(off2p1, sh) << 1;
                e[3 * i + 2] = (uint32_t)-sh;
            }
            if (rq_ok) {
                a.entry = (8 - taps % 8) % 8;
                a.quads = (taps + 7) / 8;
                a.base = copy;
                a.out = out_b + base;
                a.n = out_w;
                a.rows = out_h;
                a.row_adv = 8 * (params->stride_h * wp - out_w * params->stride_w);
                dwp_run_rq(&a);
                continue;
            }
            a.entry = (4 - taps % 4) % 4;
            a.quads = (taps + 3) / 4;
            for (y = 0; y < out_h; ++y) {
                int8_t *out_row = out_b + (int64_t)y * out_w * ch;
                int32_t x0;
                for (x0 = 0; x0 < out_w; x0 += run) {
                    a.out = acc;
                    a.n = out_w - x0 < run ? out_w - x0 : run;
                    a.base = copy + 2 * (y * params->stride_h * wp + x0 * params->stride_w);
                    dwp_run(&a);
                    dwp_store(acc, a.n, out_row + x0 * ch, ch, base, c0 - base, quant, params);
                }
            }
        }
    }
    return 1;
}

#endif
