/*
 * Cortex-M DSP variant of DEPTHWISE_CONV_2D on small images (DW_PADDED; the shape test is
 * tnm_opt_dw_padded_shape): depth multiplier 1, at least 4 channels. The planes
 * (tnm_depthwise_conv_s8_arm_dsp.c) pay a weight preparation, a ring and a C loop per output
 * line for every group of 4 channels, which a MobileNet's last layers (many channels, a few
 * pixels) cannot repay: 5x5 over 256 channels on a 5x5 image ran at 5.3 instructions per MAC.
 *
 * Per group of 4 channels the input is copied once into an image padded with zeros, with the
 * input offset added (x + off = 0 at a padding tap, so every output's window lies inside the
 * copy and every output has the same taps), as int16 pairs: pixel p holds 4 words, one per
 * channel, (x[p], x[p + dilation]) along the row. Two neighbouring taps of a row of the filter
 * are then one SMLAD per channel: the taps become one list of entries (byte offset in the
 * copy; per channel the weight pair (w[fx], w[fx + 1]), (w[fx], 0) for a row's odd last tap),
 * and an entry is LDM (4 weight pairs, offset), ADD, LDM (4 pair words), 4 SMLAD: 7
 * instructions per 8 MACs, no per-row work. The assembly runs rows of outputs and
 * requantizes them itself (the planes' doubled form: weights and bias doubled, one SMMLAR)
 * when the 4 channels take the fast form, their sums stay inside +-2^30 and the activation
 * range is full; otherwise it stores 4 sums per output and C requantizes them. Sums wrap
 * modulo 2^32 like the reference's int32 accumulator.
 *
 * Scratch (tnm_opt_dw_padded_bytes): the list, the copy ((h + fh - 1) x (w + fw - 1) pixels of
 * 16 bytes for an undilated filter: a dilated call larger than that returns 0 and takes the
 * planes) and the sums of one run of outputs.
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

#define DWP_ENTRY 5 /* words per list entry: 4 weight pairs, the offset (LDM loads in register order) */

/* The assembly's arguments; it copies them into its stack frame (same offsets). */
typedef struct {
    const uint32_t *list;  /* 0: 4 initial sums (bias), the entries, then per channel: m, chi2, e */
    int32_t entry;         /* 4: entries skipped in the first pass of 8: (8 - entries % 8) % 8 */
    const uint32_t *end;   /* 8: the end of the entries */
    const uint32_t *base;  /* 12: the first output's window in the copy */
    void *out;             /* 16: dwp_run_rq: the first output's channel base; dwp_run: 4 sums an output */
    int32_t n;             /* 20: outputs a row (>= 1) */
    int32_t step;          /* 24: bytes between the windows of neighbouring outputs */
    int32_t out_step;      /* 28: bytes between outputs (the channels) */
    int32_t row_adv;       /* 32: bytes from the window after a row's last to the next row's first */
    int32_t rows;          /* 36: rows (>= 1) */
} dwp_args;

#if TNM_OPT_ARM_ASM
/* one entry: r1 the list (weight pairs into r6-r9, the offset into r10), r0 the window; sums
 * in r2-r5 (channels 0-3) */
#define DWP_PAIR                              \
    "ldm r1!, {r10, r6, r7, r8, r9}\n\t"     \
    "add r10, r0, r10\n\t"                   \
    "ldm r10, {r10, r11, r12, lr}\n\t"       \
    "smlad r2, r10, r6, r2\n\t"              \
    "smlad r3, r11, r7, r3\n\t"              \
    "smlad r4, r12, r8, r4\n\t"              \
    "smlad r5, lr, r9, r5\n\t"

/* requantize the doubled sum ACC with the next 3 words of the list (m, chi2, e; the planes'
 * dw_rq2 form: one SMMLAR), store byte K at lr */
#define DWP_RQ(ACC, K)                     \
    "ldm r1!, {r6, r7, r8}\n\t"           \
    "sub r9, r7, " ACC ", lsr #31\n\t"    \
    "smmlar r9, " ACC ", r6, r9\n\t"      \
    "asr r9, r9, r8\n\t"                  \
    "ssat r9, #8, r9\n\t"                 \
    "strb r9, [lr, #" K "]\n\t"

/* Frame: the 10 argument words at sp + 0..36, the window after the row's last at sp + 40. Per
 * output: the bias, the entries (entered part-way, then 8 a pass until the list's end), then
 * FINISH (lr free; the out field at sp + 16; it steps the window, r0). */
#define DWP_BODY(FINISH)                                                                      \
    "push {r4-r11, lr}\n\t"                                                                  \
    "sub sp, sp, #48\n\t"                                                                    \
    "ldm r0, {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10}\n\t"                                  \
    "stm sp, {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10}\n\t"                                  \
    "mov r0, r4\n\t"                                                                         \
    "7:\n\t"                                                                                 \
    "ldrd r6, r7, [sp, #20]\n\t"                                                             \
    "mla r6, r6, r7, r0\n\t"                                                                 \
    "str r6, [sp, #40]\n\t"                                                                  \
    "1:\n\t"                                                                                 \
    "ldm sp, {r1, r10}\n\t"                                                                  \
    "ldm r1!, {r2, r3, r4, r5}\n\t"                                                          \
    "tbb [pc, r10]\n\t"                                                                      \
    "2:\n\t"                                                                                 \
    ".byte (10f-2b)/2, (11f-2b)/2, (12f-2b)/2, (13f-2b)/2, (14f-2b)/2, (15f-2b)/2, (16f-2b)/2, (17f-2b)/2\n\t" \
    "10:\n\t" DWP_PAIR                                                                       \
    "11:\n\t" DWP_PAIR                                                                       \
    "12:\n\t" DWP_PAIR                                                                       \
    "13:\n\t" DWP_PAIR                                                                       \
    "14:\n\t" DWP_PAIR                                                                       \
    "15:\n\t" DWP_PAIR                                                                       \
    "16:\n\t" DWP_PAIR                                                                       \
    "17:\n\t" DWP_PAIR                                                                       \
    "ldr r10, [sp, #8]\n\t"                                                                  \
    "cmp r1, r10\n\t"                                                                        \
    "bne 10b\n\t"                                                                            \
    FINISH                                                                                    \
    "ldr r6, [sp, #40]\n\t"                                                                  \
    "cmp r0, r6\n\t"                                                                         \
    "bne 1b\n\t"                                                                             \
    "ldr r6, [sp, #32]\n\t"                                                                  \
    "add r0, r0, r6\n\t"                                                                     \
    "ldr r6, [sp, #36]\n\t"                                                                  \
    "subs r6, r6, #1\n\t"                                                                    \
    "str r6, [sp, #36]\n\t"                                                                  \
    "bne 7b\n\t"                                                                             \
    "add sp, sp, #48\n\t"                                                                    \
    "pop {r4-r11, pc}\n\t"

/* Rows of outputs, requantized and stored: 4 channels whose shifts take the fast form and
 * whose sums stay inside +-2^30 (weights and bias doubled), the full activation range. */
__attribute__((naked, noinline)) static void dwp_run_rq(dwp_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DWP_BODY("ldr lr, [sp, #16]\n\t"
                              DWP_RQ("r2", "0") DWP_RQ("r3", "1") DWP_RQ("r4", "2") DWP_RQ("r5", "3")
                              "ldrd r6, r7, [sp, #24]\n\t"
                              "add r0, r0, r6\n\t"
                              "add lr, lr, r7\n\t"
                              "str lr, [sp, #16]\n\t"));
}

/* The same, storing the 4 sums of each output (C requantizes them). */
__attribute__((naked, noinline)) static void dwp_run(dwp_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DWP_BODY("ldr lr, [sp, #16]\n\t"
                              "stm lr!, {r2, r3, r4, r5}\n\t"
                              "str lr, [sp, #16]\n\t"
                              "ldr r6, [sp, #24]\n\t"
                              "add r0, r0, r6\n\t"));
}
#undef DWP_BODY
#undef DWP_RQ
#undef DWP_PAIR
#else
/* the 4 sums of the window at base */
static void dwp_sums(const dwp_args *a, const uint8_t *base, uint32_t *s)
{
    const uint32_t *e;
    s[0] = a->list[0];
    s[1] = a->list[1];
    s[2] = a->list[2];
    s[3] = a->list[3];
    for (e = a->list + 4; e != a->end; e += DWP_ENTRY) {
        const uint32_t *x = (const uint32_t *)(const void *)(base + e[4]);
        s[0] = tnm_smlad(x[0], e[0], s[0]);
        s[1] = tnm_smlad(x[1], e[1], s[1]);
        s[2] = tnm_smlad(x[2], e[2], s[2]);
        s[3] = tnm_smlad(x[3], e[3], s[3]);
    }
}

static void dwp_run(dwp_args *a)
{
    const uint8_t *base = (const uint8_t *)a->base;
    uint32_t *acc = (uint32_t *)a->out;
    int32_t r, i;
    for (r = 0; r < a->rows; ++r, base += a->row_adv) {
        for (i = 0; i < a->n; ++i, base += a->step, acc += 4) dwp_sums(a, base, acc);
    }
}

static void dwp_run_rq(dwp_args *a)
{
    const uint8_t *base = (const uint8_t *)a->base;
    const uint32_t *rq = a->end;
    int8_t *out = (int8_t *)a->out;
    int32_t r, i, k;
    for (r = 0; r < a->rows; ++r, base += a->row_adv) {
        for (i = 0; i < a->n; ++i, base += a->step, out += a->out_step) {
            uint32_t s[4];
            dwp_sums(a, base, s);
            for (k = 0; k < 4; ++k)
                out[k] = (int8_t)tnm_opt_sat8(tnm_opt_rq_doubled((int32_t)s[k], (int32_t)rq[3 * k],
                                                                 (int32_t)rq[3 * k + 1], (int32_t)rq[3 * k + 2]));
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


/* Pixel p's pair words for the 4 channels from the extended words of p (a: (c0, c2), (c1, c3))
 * and of p + dilation (b): (x[p], x[p + d]) per channel, channels 0-3. */
static inline void dwp_pairs(uint32_t *q, uint32_t ae, uint32_t ao, uint32_t be, uint32_t bo)
{
    q[0] = tnm_opt_pack_lo16(ae, be);
    q[1] = tnm_opt_pack_lo16(ao, bo);
    q[2] = tnm_opt_pack_hi16(be, ae);
    q[3] = tnm_opt_pack_hi16(bo, ao);
}

/* The group's rows of input (rows x cols pixels, 4 channels at src) into the copy at d (4
 * words a pixel, d_row words a row), from pixel -before (whose pairs reach into the row) to the
 * row's last: extended with the offset added, paired with the pixel dil further (0 past the
 * row's input). Dilation 1 (the common case) keeps each pixel's words for the pair before it.
 * Per group: -O2. */
TNM_OPT_NO_LIBCALLS static void dwp_copy(uint32_t *d, int32_t d_row, const int8_t *src, int32_t src_row, int32_t ch,
                                         int32_t rows, int32_t cols, int32_t dil, int32_t before, uint32_t off2)
{
    int32_t y, x;
    for (y = 0; y < rows; ++y, d += d_row, src += src_row) {
        if (dil == 1) {
            const int8_t *p = src;
            uint32_t *q = d;
            uint32_t v = tnm_opt_read4(p), ae = tnm_sxtab16(off2, v), ao = tnm_sxtab16_ror8(off2, v);
            if (before > 0) dwp_pairs(q - 4, 0u, 0u, ae, ao);
            for (x = 1; x + 2 <= cols; x += 2, q += 8, p += 2 * ch) { /* two pixels a turn */
                const uint32_t u = tnm_opt_read4(p + ch), w = tnm_opt_read4(p + 2 * ch);
                const uint32_t be = tnm_sxtab16(off2, u), bo = tnm_sxtab16_ror8(off2, u);
                dwp_pairs(q, ae, ao, be, bo);
                ae = tnm_sxtab16(off2, w);
                ao = tnm_sxtab16_ror8(off2, w);
                dwp_pairs(q + 4, be, bo, ae, ao);
            }
            if (x < cols) {
                const uint32_t u = tnm_opt_read4(p + ch);
                const uint32_t be = tnm_sxtab16(off2, u), bo = tnm_sxtab16_ror8(off2, u);
                dwp_pairs(q, ae, ao, be, bo);
                ae = be;
                ao = bo;
                q += 4;
            }
            dwp_pairs(q, ae, ao, 0u, 0u);
            continue;
        }
        /* positions -before .. -1 pair padding with the row's first pixels */
        for (x = -before; x < 0; ++x) {
            if (x + dil >= 0 && x + dil < cols) {
                const uint32_t v = tnm_opt_read4(src + (x + dil) * ch);
                dwp_pairs(d + 4 * x, 0u, 0u, tnm_sxtab16(off2, v), tnm_sxtab16_ror8(off2, v));
            }
        }
        for (x = 0; x < cols; ++x) {
            const uint32_t v = tnm_opt_read4(src + x * ch);
            uint32_t be = 0u, bo = 0u;
            if (x + dil < cols) {
                const uint32_t u = tnm_opt_read4(src + (x + dil) * ch);
                be = tnm_sxtab16(off2, u);
                bo = tnm_sxtab16_ror8(off2, u);
            }
            dwp_pairs(d + 4 * x, tnm_sxtab16(off2, v), tnm_sxtab16_ror8(off2, v), be, bo);
        }
    }
}

/* The group's weight pairs (4 channels at w, ch bytes a tap) into the list's entries from e:
 * per row of the filter, taps fx and fx + 1 (0 for a row's odd last tap), doubled lane by lane
 * when dbl. Per group: -O2. */
static void dwp_weights(uint32_t *e, const int8_t *w, int32_t ch, int32_t fh, int32_t fw, int dbl)
{
    int32_t fy, fx;
    for (fy = 0; fy < fh; ++fy) {
        const int8_t *r = w + fy * fw * ch;
        for (fx = 0; fx < fw; fx += 2, e += DWP_ENTRY, r += 2 * ch) {
            const uint32_t v = tnm_opt_read4(r), u = fx + 1 < fw ? tnm_opt_read4(r + ch) : 0u;
            /* (w0, w2), (w1, w3) of both taps, paired per channel */
            uint32_t ve = tnm_sxtb16(v), vo = tnm_sxtb16_ror8(v), ue = tnm_sxtb16(u), uo = tnm_sxtb16_ror8(u);
            if (dbl) { /* lane by lane */
                ve = (ve << 1) & 0xFFFEFFFFu;
                vo = (vo << 1) & 0xFFFEFFFFu;
                ue = (ue << 1) & 0xFFFEFFFFu;
                uo = (uo << 1) & 0xFFFEFFFFu;
            }
            dwp_pairs(e, ve, vo, ue, uo);
        }
    }
}

DWP_COLD int tnm_arm_dsp_dw_padded(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                                   const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                                   const int32_t *bias, const tnm_dims *output, int8_t *output_data,
                                   void *scratch)
{
    const int32_t ch = input->c, in_h = input->h, in_w = input->w, fh = filter->h, fw = filter->w;
    const int32_t out_h = output->h, out_w = output->w, taps = fh * fw;
    const int32_t entries = tnm_opt_dw_padded_entries(filter);
    const int32_t dh = params->dilation_h, dw = params->dilation_w;
    const int32_t hp = (out_h - 1) * params->stride_h + (fh - 1) * dh + 1;
    const int32_t wp = (out_w - 1) * params->stride_w + (fw - 1) * dw + 1;
    const int32_t run = out_w < TNM_OPT_DW_PADDED_RUN ? out_w : TNM_OPT_DW_PADDED_RUN;
    const int32_t list_words = tnm_opt_dw_padded_list_words(filter);
    const uint32_t off2 = packed_offset(params->input_offset);
    const int32_t off2p1 = 2 * params->output_offset + 1;
    /* doubling is exact while |bias| + taps * 255 * 128 < 2^30 (taps <= 256) */
    const uint32_t room = (1u << 30) - (uint32_t)taps * 32640u;
    /* the rows and columns of the copy that hold input */
    const int32_t y_lo = params->pad_h, x_lo = params->pad_w;
    const int32_t y_hi = y_lo + in_h < hp ? y_lo + in_h : hp, x_hi = x_lo + in_w < wp ? x_lo + in_w : wp;
    /* copy positions before the input whose pairs reach into it */
    const int32_t before = x_lo < dw ? x_lo : dw;
    uint32_t *list, *copy, *acc, *e;
    int32_t b, c0, i, fy, fx, rq_ok;
    dwp_args a;
    if (scratch == 0 || output->c != ch || !tnm_opt_dw_padded_fits(params, input, filter, output)) return 0;
    list = (uint32_t *)(((uintptr_t)scratch + 7u) & ~(uintptr_t)7u);
    copy = list + list_words;
    acc = copy + 4 * hp * wp;
    for (i = 0; i < 4 * hp * wp; ++i) copy[i] = 0u; /* padding: x + off = 0 */
    e = list + 4;
    for (fy = 0; fy < fh; ++fy) { /* the entries' offsets: the same for every group */
        for (fx = 0; fx < fw; fx += 2, e += DWP_ENTRY) e[4] = (uint32_t)(16 * (fy * dh * wp + fx * dw));
    }
    a.list = list;
    a.entry = (8 - entries % 8) % 8;
    a.end = e;
    a.step = 16 * params->stride_w;
    a.out_step = ch;
    for (b = 0; b < output->n; ++b) {
        const int8_t *in_b = input_data + (int64_t)b * in_h * in_w * ch;
        int8_t *out_b = output_data + (int64_t)b * out_h * out_w * ch;
        for (c0 = 0; c0 < ch; c0 += 4) {
            /* the last group ends at the last channel; lanes before lane_from were done */
            const int32_t base = c0 + 4 <= ch ? c0 : ch - 4;
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
            dwp_weights(list + 4, filter_data + base, ch, fh, fw, rq_ok);
            if (y_hi > y_lo && x_hi > x_lo)
                dwp_copy(copy + 4 * (y_lo * wp + x_lo), 4 * wp, in_b + base, in_w * ch, ch, y_hi - y_lo,
                         x_hi - x_lo, dw, before, off2);
            a.row_adv = 16 * (params->stride_h * wp - out_w * params->stride_w);
            if (rq_ok) {
                for (i = 0; i < 4; ++i) {
                    const int32_t sh = quant->shift[base + i];
                    list[i] <<= 1;
                    e[3 * i] = (uint32_t)quant->multiplier[base + i];
                    e[3 * i + 1] = (uint32_t)tnm_opt_rq_chi(off2p1, sh) << 1;
                    e[3 * i + 2] = (uint32_t)-sh;
                }
                a.base = copy;
                a.out = out_b + base;
                a.n = out_w;
                a.rows = out_h;
                dwp_run_rq(&a);
                continue;
            }
            for (i = 0; i < out_h; ++i) {
                int8_t *out_row = out_b + (int64_t)i * out_w * ch;
                int32_t x0;
                for (x0 = 0; x0 < out_w; x0 += run) {
                    a.out = acc;
                    a.n = out_w - x0 < run ? out_w - x0 : run;
                    a.rows = 1;
                    a.base = copy + 4 * (i * params->stride_h * wp + x0 * params->stride_w);
                    dwp_run(&a);
                    dwp_store(acc, a.n, out_row + x0 * ch, ch, base, c0 - base, quant, params);
                }
            }
        }
    }
    return 1;
}

#endif
