/*
 * Cortex-M DSP variant of CONV_2D with one output channel (CONV_ONE_OUT; the shape test is
 * tnm_opt_conv_one_out_shape): a segmentation or reconstruction head, a one-channel map. The
 * patch block of tnm_conv_s8_arm_dsp.c extends four pixels' patches to int16 words once and
 * reuses them for every output channel; for one channel that gathering costs more than the
 * MACs (grid.sh, Cortex-M4: 2.0-107 instructions per MAC). Here each output is a dot product
 * straight from the input: the rows of taps read as words at any alignment, SXTB16 + SMLAD
 * against weights extended to int16 pairs once per call (scratch), four pixels of a run
 * sharing each weight load (hand-scheduled: 23 instructions per 16 MACs).
 *
 * The input offset: sum (x + off) * w = sum x * w + off * sum w over the taps inside, so a
 * run of pixels whose taps lie inside (the same rows and columns of taps for all of them)
 * starts from bias + off * (their weights' sum) and multiplies the raw bytes. Runs: the whole
 * tensor when its windows follow each other (1x1 at stride 1); else along each
 * output row, the columns whose windows lie inside across (their rows of taps inside); down
 * each other column, the rows whose windows lie inside vertically (their columns of taps
 * inside), when the taps are whole words (input channels a multiple of 4); every other pixel
 * alone, its taps inside with the offset added by SXTAB16, or with channels not a multiple of
 * 4 from a copy of its window with the input zero point at the outside taps (x = -off: they
 * add -off * w, cancelling their share of the full bias term). Rows of taps that are not
 * whole words (filter w * c % 4 != 0) are read up to 3 bytes further, where the extended
 * weights are zero; a run stops before a pixel whose last word would pass the end of the
 * input. Sums wrap modulo 2^32 like the reference's int32 accumulator.
 */
#include <stddef.h>

#include "tnm_arm_dsp_internal.h"
#include "tnm_copy_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

/* The setup, the edge pixels and the walk over the runs, compiled for size: the MACs are in
 * one_run's loops. */
#if defined(__GNUC__) && !defined(__clang__)
#define ONE_SETUP_ATTR __attribute__((optimize("Os", "no-tree-loop-distribute-patterns")))
#else
#define ONE_SETUP_ATTR
#endif

typedef struct {
    const uint32_t *w;    /* extended weights: per row of taps, per word of taps, (w0, w2) and
                           * (w1, w3) as int16 lanes */
    const uint32_t *wsum; /* per tap position (row, column): the sum of its weights */
    int32_t rows, fw;     /* filter h (>= 1), w */
    int32_t groups;       /* words of taps per row (>= 1) */
    uint32_t off;         /* input offset */
    uint32_t off2;        /* (input offset, input offset) */
    uint32_t bias;
    uint32_t bias_full;   /* bias + input offset * the sum of every weight (mod 2^32) */
    int32_t mult, shift, chi; /* chi: the fast form's constant, 0 outside it */
    int32_t out_off, act_min, act_max;
} one_args;

static inline int8_t one_output(const one_args *a, uint32_t acc)
{
    return tnm_opt_output_chi((int32_t)acc, a->mult, a->shift, a->chi, a->out_off, a->act_min, a->act_max);
}

/* bias + input offset * the sum of the weights in rows r0 .. r1 - 1, columns c0 .. c1 - 1. */
static uint32_t one_bias(const one_args *a, int32_t r0, int32_t r1, int32_t c0, int32_t c1)
{
    return a->bias + a->off * tnm_opt_tap_sum(a->wsum, a->fw, r0, r1, c0, c1);
}

/* One word of taps x against the extended weights (w02, w13), added to acc. */
#define ONE_MAC(acc, x, w02, w13)                                                              \
    do {                                                                                       \
        (acc) = tnm_smlad(tnm_sxtb16(x), (w02), (acc));                                        \
        (acc) = tnm_smlad(tnm_sxtb16_ror8(x), (w13), (acc));                                   \
    } while (0)

/* The sums s[0..3] of four pixels whose taps start at p, p + d, p + 2d, p + 3d (rows of groups
 * words of taps, skip bytes apart past their words) against one channel's extended weights w
 * (rows of groups words, w_skip words apart past them). On the target one word of taps of the
 * four pixels is 23 instructions (1.44 per MAC), in a function of its own in assembly: the loop
 * holds 13 registers, more than GCC could always give an inline asm statement there. */
#if TNM_OPT_ARM_ASM
typedef struct {
    uint32_t acc[4];     /* 0: in and out */
    const int8_t *p;     /* 16 */
    int32_t d;           /* 20 */
    const uint32_t *w;   /* 24 */
    int32_t groups;      /* 28 */
    int32_t rows;        /* 32: counted down */
    int32_t skip;        /* 36 */
    int32_t w_skip;      /* 40: bytes */
} one_dot4_args;
/* the offsets the assembly uses */
typedef char one_dot4_args_layout[offsetof(one_dot4_args, p) == 16 && offsetof(one_dot4_args, groups) == 28 &&
                                          offsetof(one_dot4_args, w_skip) == 40 ? 1 : -1];

/* one word of taps of one pixel: the word loaded by load into r10, its bytes (SXTB16 into r11)
 * against the weights' int16 pairs in r8 (w0, w2) and r9 (w1, w3), added to acc */
#define ONE_ASM_WORD(load, acc)                                                                \
    load "\n\t"                                                                              \
         "sxtb16 r11, r10\n\t"                                                               \
         "smlad " acc ", r11, r8, " acc "\n\t"                                               \
         "sxtb16 r11, r10, ror #8\n\t"                                                       \
         "smlad " acc ", r11, r9, " acc "\n\t"

__attribute__((naked, noinline)) static void one_dot4_run(one_dot4_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "ldm r0, {r1, r2, r3, r4, r5, r6, r7}\n\t"
        "add r12, r5, r6, lsl #1\n\t"
        "2:\n\t"
        "ldr lr, [r0, #28]\n\t"
        "1:\n\t"
        "ldrd r8, r9, [r7], #8\n\t"
        ONE_ASM_WORD("ldr r10, [r5, r6]", "r2")
        ONE_ASM_WORD("ldr r10, [r5], #4", "r1")
        ONE_ASM_WORD("ldr r10, [r12, r6]", "r4")
        ONE_ASM_WORD("ldr r10, [r12], #4", "r3")
        "subs lr, lr, #1\n\t"
        "bne 1b\n\t"
        "ldr r8, [r0, #36]\n\t"
        "add r5, r5, r8\n\t"
        "add r12, r12, r8\n\t"
        "ldr r8, [r0, #40]\n\t"
        "add r7, r7, r8\n\t"
        "ldr r8, [r0, #32]\n\t"
        "subs r8, r8, #1\n\t"
        "str r8, [r0, #32]\n\t"
        "bne 2b\n\t"
        "stm r0, {r1, r2, r3, r4}\n\t"
        "pop {r4-r11, pc}\n\t");
}
#endif

static inline void one_dot4(const int8_t *p, int32_t d, int32_t skip, const uint32_t *w, int32_t w_skip,
                            int32_t rows, int32_t groups, uint32_t *s)
{
#if TNM_OPT_ARM_ASM
    one_dot4_args a;
    a.acc[0] = s[0];
    a.acc[1] = s[1];
    a.acc[2] = s[2];
    a.acc[3] = s[3];
    a.p = p;
    a.d = d;
    a.w = w;
    a.groups = groups;
    a.rows = rows;
    a.skip = skip;
    a.w_skip = 4 * w_skip;
    one_dot4_run(&a);
    s[0] = a.acc[0];
    s[1] = a.acc[1];
    s[2] = a.acc[2];
    s[3] = a.acc[3];
#else
    uint32_t a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
    const int8_t *q = p + 2 * d;
    do {
        int32_t g = groups;
        do {
            const uint32_t w02 = w[0], w13 = w[1];
            uint32_t x = tnm_opt_read4(p);
            ONE_MAC(a0, x, w02, w13);
            x = tnm_opt_read4(p + d);
            ONE_MAC(a1, x, w02, w13);
            x = tnm_opt_read4(q);
            ONE_MAC(a2, x, w02, w13);
            x = tnm_opt_read4(q + d);
            ONE_MAC(a3, x, w02, w13);
            p += 4;
            q += 4;
            w += 2;
        } while (--g);
        p += skip;
        q += skip;
        w += w_skip;
    } while (--rows);
    s[0] = a0;
    s[1] = a1;
    s[2] = a2;
    s[3] = a3;
#endif
}

/* The same for two pixels (p, p + d): 13 instructions a word of taps on the target. */
static inline void one_dot2(const int8_t *p, int32_t d, int32_t skip, const uint32_t *w, int32_t w_skip,
                            int32_t rows, int32_t groups, uint32_t *s)
{
    uint32_t a0 = s[0], a1 = s[1];
    do {
        int32_t g = groups;
#if TNM_OPT_ARM_ASM
        uint32_t w02, w13, x, t;
        __asm__ volatile("1:\n\t"
                         "ldrd   %[w02], %[w13], [%[w]], #8\n\t"
                         "ldr    %[x], [%[p], %[d]]\n\t"
                         "sxtb16 %[t], %[x]\n\t"
                         "smlad  %[a1], %[t], %[w02], %[a1]\n\t"
                         "sxtb16 %[t], %[x], ror #8\n\t"
                         "smlad  %[a1], %[t], %[w13], %[a1]\n\t"
                         "ldr    %[x], [%[p]], #4\n\t"
                         "sxtb16 %[t], %[x]\n\t"
                         "smlad  %[a0], %[t], %[w02], %[a0]\n\t"
                         "sxtb16 %[t], %[x], ror #8\n\t"
                         "smlad  %[a0], %[t], %[w13], %[a0]\n\t"
                         "subs   %[g], %[g], #1\n\t"
                         "bne    1b"
                         : [a0] "+r"(a0), [a1] "+r"(a1), [p] "+r"(p), [w] "+r"(w), [g] "+r"(g),
                           [w02] "=&r"(w02), [w13] "=&r"(w13), [x] "=&r"(x), [t] "=&r"(t)
                         : [d] "r"(d)
                         : "cc", "memory");
#else
        do {
            const uint32_t w02 = w[0], w13 = w[1];
            uint32_t x = tnm_opt_read4(p);
            ONE_MAC(a0, x, w02, w13);
            x = tnm_opt_read4(p + d);
            ONE_MAC(a1, x, w02, w13);
            p += 4;
            w += 2;
        } while (--g);
#endif
        p += skip;
        w += w_skip;
    } while (--rows);
    s[0] = a0;
    s[1] = a1;
}

/* One pixel's taps from p (rows of seg words, skip bytes apart past their words) against
 * extended weights w (rows of seg words, w_skip words apart past them), added to acc, each
 * byte with off2's lanes added first (0 for the raw bytes; SXTAB16 = SXTB16 + the lanes): 8
 * instructions a word of taps on the target. */
static inline uint32_t one_dot1(const int8_t *p, int32_t skip, const uint32_t *w, int32_t w_skip, int32_t rows,
                                int32_t seg, uint32_t off2, uint32_t acc)
{
    do {
        int32_t g = seg;
#if TNM_OPT_ARM_ASM
        uint32_t w02, w13, x, t;
        __asm__ volatile("1:\n\t"
                         "ldrd    %[w02], %[w13], [%[w]], #8\n\t"
                         "ldr     %[x], [%[p]], #4\n\t"
                         "sxtab16 %[t], %[o], %[x]\n\t"
                         "smlad   %[acc], %[t], %[w02], %[acc]\n\t"
                         "sxtab16 %[t], %[o], %[x], ror #8\n\t"
                         "smlad   %[acc], %[t], %[w13], %[acc]\n\t"
                         "subs    %[g], %[g], #1\n\t"
                         "bne     1b"
                         : [acc] "+r"(acc), [p] "+r"(p), [w] "+r"(w), [g] "+r"(g), [w02] "=&r"(w02),
                           [w13] "=&r"(w13), [x] "=&r"(x), [t] "=&r"(t)
                         : [o] "r"(off2)
                         : "cc", "memory");
#else
        do {
            const uint32_t x = tnm_opt_read4(p);
            acc = tnm_smlad(tnm_sxtab16(off2, x), w[0], acc);
            acc = tnm_smlad(tnm_sxtab16_ror8(off2, x), w[1], acc);
            p += 4;
            w += 2;
        } while (--g);
#endif
        p += skip;
        w += w_skip;
    } while (--rows);
    return acc;
}

/* A run of pixels whose taps all lie inside the input (their last words end inside it): n
 * (>= 1) pixels, the first's taps from p on, the next's d bytes further; rows of seg words of
 * taps, skip bytes apart past their words; the weights from w, rows of seg words, w_skip
 * words apart past them; the outputs out_step bytes apart. */
typedef struct {
    const int8_t *p;
    int32_t d, n, rows, seg, skip;
    const uint32_t *w;
    int32_t w_skip, out_step;
} one_run_geo;

/* A run (bias: the bias + input offset * the sum of the weights of the run's taps), four
 * pixels a pass, then two, then one; a pass's sums before its first store (in place, the
 * outputs may cover the pixels' taps). */
__attribute__((noinline)) static void one_run(const one_args *a, const one_run_geo *g, uint32_t bias, int8_t *out)
{
    const int32_t seg = g->seg, skip = g->skip, w_skip = g->w_skip, rows = g->rows;
    const int32_t d = g->d, step = g->out_step;
    const int8_t *p = g->p;
    int32_t n = g->n, j;
    uint32_t s[4];
    if (a->chi != 0) {
        /* the fast form: its constants in locals */
        const int32_t m = a->mult, chi = a->chi, e1 = -a->shift - 1;
        const int32_t lo = a->act_min, hi = a->act_max;
        const int full = lo == -128 && hi == 127; /* SSAT alone */
        for (; n >= 4; n -= 4, p += 4 * d, out += 4 * step) {
            s[0] = s[1] = s[2] = s[3] = bias;
            one_dot4(p, d, skip, g->w, w_skip, rows, seg, s);
            if (full) {
                for (j = 0; j < 4; ++j) out[j * step] = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)s[j], m, chi, e1));
            } else {
                for (j = 0; j < 4; ++j) {
                    int32_t v = tnm_opt_sat8(tnm_opt_rq_fast((int32_t)s[j], m, chi, e1));
                    v = v < lo ? lo : v;
                    out[j * step] = (int8_t)(v > hi ? hi : v);
                }
            }
        }
    }
    while (n > 0) {
        const int32_t m = n >= 4 ? 4 : (n >= 2 ? 2 : 1);
        s[0] = s[1] = s[2] = s[3] = bias;
        if (m == 4)
            one_dot4(p, d, skip, g->w, w_skip, rows, seg, s);
        else if (m == 2)
            one_dot2(p, d, skip, g->w, w_skip, rows, seg, s);
        else
            s[0] = one_dot1(p, skip, g->w, w_skip, rows, seg, 0u, bias);
        for (j = 0; j < m; ++j) out[j * step] = one_output(a, s[j]);
        p += m * d;
        out += m * step;
        n -= m;
    }
}

/* One pixel whose window reaches outside the input, taps whole words (input channels a
 * multiple of 4: the taps inside start and end on word boundaries): the taps inside only
 * (rows r0 .. r1 - 1, columns c0 .. c1 - 1 of the window; p: the first), each with the input
 * offset added (SXTAB16), from the bias itself. */
ONE_SETUP_ATTR __attribute__((noinline)) static int8_t one_edge(const one_args *a, const int8_t *p, int32_t row_step, int32_t r0,
                                                 int32_t r1, int32_t c0, int32_t c1, int32_t in_c)
{
    const int32_t seg = (c1 - c0) * in_c >> 2, wrow = 2 * a->groups;
    return one_output(a, one_dot1(p, row_step - 4 * seg, a->w + r0 * wrow + ((c0 * in_c) >> 1), wrow - 2 * seg,
                                  r1 - r0, seg, a->off2, a->bias));
}

/* One pixel whose window reaches outside the input (taps not whole words), or whose last
 * words would pass the input's end: its window copied first, rows of 4 * groups bytes, the
 * input zero point at the outside taps, from bias_full. */
ONE_SETUP_ATTR __attribute__((noinline))
static int8_t one_patch(const one_args *a, const int8_t *plane, int32_t in_h, int32_t in_w, int32_t in_c,
                        int32_t dh, int32_t in_y0, int32_t in_x0, uint32_t *stage)
{
    const int32_t rl4 = 4 * a->groups;
    const int32_t c0 = in_x0 < 0 ? -in_x0 : 0;
    const int32_t c1 = in_w - in_x0 < a->fw ? in_w - in_x0 : a->fw;
    const uint32_t zp4 = (-a->off & 0xFFu) * 0x01010101u;
    int32_t r, i;
    for (i = 0; i < a->rows * a->groups; ++i) stage[i] = zp4;
    if (c1 > c0) {
        for (r = 0; r < a->rows; ++r) {
            const int32_t iy = in_y0 + r * dh;
            if (iy >= 0 && iy < in_h)
                tnm_copy_inline((int8_t *)stage + r * rl4 + c0 * in_c,
                                plane + ((size_t)iy * in_w + in_x0 + c0) * in_c, (size_t)(c1 - c0) * in_c);
        }
    }
    return one_output(a, one_dot1((const int8_t *)stage, 0, a->w, 0, a->rows, a->groups, 0u, a->bias_full));
}

/* The filter's rows extended to int16 pairs (rows of taps rounded up to whole words, zeros
 * after the last tap) into wx, each tap position's weight sum into wsum; returns their total.
 * At the call's speed, not for size: it reads every weight once per call. */
__attribute__((noinline)) static uint32_t one_extend(const int8_t *wc, int32_t fh, int32_t fw, int32_t in_c,
                                                     uint32_t *dst, uint32_t *wsum)
{
    const int32_t row_len = fw * in_c;
    const int whole = (in_c & 3) == 0;
    uint32_t total = 0u;
    int32_t r, i;
    for (r = 0; r < fh; ++r, wc += row_len) {
        const uint32_t *row = dst;
        for (i = 0; i + 4 <= row_len; i += 4, dst += 2) {
            const uint32_t x = tnm_opt_read4(wc + i);
            dst[0] = tnm_sxtb16(x);
            dst[1] = tnm_sxtb16_ror8(x);
        }
        if (i < row_len) { /* the row's last 1-3 taps, zeros after them */
            int32_t v[4], j;
            for (j = 0; j < 4; ++j) v[j] = i + j < row_len ? wc[i + j] : 0;
            dst[0] = ((uint32_t)v[0] & 0xFFFFu) | ((uint32_t)v[2] << 16);
            dst[1] = ((uint32_t)v[1] & 0xFFFFu) | ((uint32_t)v[3] << 16);
            dst += 2;
        }
        for (i = 0; i < fw; ++i) {
            uint32_t sum = 0u;
            int32_t j;
            if (whole) { /* the tap's words: both lanes of each, times 1 */
                for (j = 0; j < in_c >> 1; ++j) sum = tnm_smlad(row[(i * in_c >> 1) + j], 0x00010001u, sum);
            } else {
                for (j = 0; j < in_c; ++j) sum += (uint32_t)wc[i * in_c + j];
            }
            wsum[r * fw + i] = sum;
            total += sum;
        }
    }
    return total;
}

ONE_SETUP_ATTR
void tnm_arm_dsp_conv_one_out(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                              const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                              const int32_t *bias, const tnm_dims *output, int8_t *output_data, void *scratch)
{
    const int32_t in_h = input->h, in_w = input->w, in_c = input->c;
    const int32_t fh = filter->h, fw = filter->w;
    const int32_t out_h = output->h, out_w = output->w;
    const int32_t sh = params->stride_h, sw = params->stride_w, ph = params->pad_h, pw = params->pad_w;
    const int32_t dh = params->dilation_h;
    const int32_t row_len = fw * in_c, rl4 = (row_len + 3) & ~3, groups = rl4 >> 2;
    const int32_t row_step = dh * in_w * in_c, d = sw * in_c, span_h = (fh - 1) * dh;
    const int whole = (in_c & 3) == 0; /* taps whole words */
    const int8_t *const in_end = input_data + (size_t)input->n * in_h * in_w * in_c;
    uint32_t *const wx = (uint32_t *)(((uintptr_t)scratch + 3u) & ~(uintptr_t)3u);
    uint32_t *const wsum = wx + (size_t)fh * groups * 2;
    uint32_t *const stage = wsum + (size_t)fh * fw;
    /* output columns whose windows lie inside the input across: x_lo .. x_hi - 1; rows
     * vertically: y_lo .. y_hi - 1 */
    int32_t x_lo, x_hi, y_lo, y_hi;
    uint32_t total;
    one_args a;
    int32_t b, y;
    tnm_opt_windows_inside(in_w, fw, pw, sw, out_w, &x_lo, &x_hi);
    tnm_opt_windows_inside(in_h, span_h + 1, ph, sh, out_h, &y_lo, &y_hi);

    total = one_extend(filter_data, fh, fw, in_c, wx, wsum);
    a.w = wx;
    a.wsum = wsum;
    a.rows = fh;
    a.fw = fw;
    a.groups = groups;
    a.off = (uint32_t)params->input_offset;
    a.off2 = packed_offset(params->input_offset);
    a.bias = (uint32_t)bias[0];
    a.bias_full = a.bias + a.off * total;
    a.mult = quant->multiplier[0];
    a.shift = quant->shift[0];
    a.chi = tnm_opt_rq_chi(2 * params->output_offset + 1, quant->shift[0]);
    a.out_off = params->output_offset;
    a.act_min = params->act_min;
    a.act_max = params->act_max;

    if (x_lo == 0 && x_hi == out_w && y_lo == 0 && y_hi == out_h && sh * in_w == out_w * sw && in_h == out_h * sh) {
        /* every window inside, and each output row's first window d bytes after the row
         * before's last (a 1x1 convolution at stride 1, for one): the whole tensor is one run
         * (no short ends per row), up to the last pixel whose words end inside the input; the
         * pixels after it from their windows' copies */
        const int32_t count = output->n * out_h * out_w;
        const ptrdiff_t room = in_end - input_data - ((ptrdiff_t)(fh - 1) * row_step + rl4);
        int32_t n = room < 0 ? 0 : (room / d + 1 < count ? (int32_t)(room / d + 1) : count), p;
        if (n > 0) {
            one_run_geo g;
            g.p = input_data;
            g.d = d;
            g.n = n;
            g.rows = fh;
            g.seg = groups;
            g.skip = row_step - rl4;
            g.w = wx;
            g.w_skip = 0;
            g.out_step = 1;
            one_run(&a, &g, a.bias_full, output_data);
        }
        for (p = n; p < count; ++p) {
            const int32_t px = p % out_w, py = p / out_w % out_h;
            b = p / (out_w * out_h);
            output_data[p] = one_patch(&a, input_data + (size_t)b * in_h * in_w * in_c, in_h, in_w, in_c, dh,
                                       py * sh, px * sw, stage);
        }
        return;
    }
    for (b = 0; b < output->n; ++b) {
        const int8_t *const plane = input_data + (size_t)b * in_h * in_w * in_c;
        int8_t *const out_plane = output_data + (size_t)b * out_h * out_w;
        int32_t x;
        /* along each output row: the inside columns (their rows of taps inside), up to the
         * last whose words end inside the input; with taps not whole words the row's other
         * pixels from their windows' copies */
        for (y = 0; y < out_h; ++y) {
            const int32_t in_y0 = y * sh - ph;
            int8_t *const out = out_plane + (size_t)y * out_w;
            int32_t r0, r1, n = 0;
            tnm_opt_taps_inside(in_y0, dh, in_h, fh, &r0, &r1);
            if (r1 > r0 && x_hi > x_lo) {
                one_run_geo g;
                ptrdiff_t room;
                g.p = plane + ((size_t)(in_y0 + r0 * dh) * in_w + x_lo * sw - pw) * in_c;
                room = in_end - g.p - ((ptrdiff_t)(r1 - r0 - 1) * row_step + rl4);
                n = x_hi - x_lo;
                if (room < 0) n = 0;
                else if (room / d + 1 < n) n = (int32_t)(room / d + 1);
                if (n > 0) {
                    g.d = d;
                    g.n = n;
                    g.rows = r1 - r0;
                    g.seg = groups;
                    g.skip = row_step - rl4;
                    g.w = wx + r0 * 2 * groups;
                    g.w_skip = 0;
                    g.out_step = 1;
                    one_run(&a, &g, one_bias(&a, r0, r1, 0, fw), out + x_lo);
                }
            } else if (r1 <= r0) { /* no row of taps inside: the bias alone */
                for (x = x_lo; x < x_hi; ++x) out[x] = one_output(&a, a.bias);
                n = x_hi - x_lo;
            }
            if (!whole) {
                for (x = 0; x < out_w; ++x) {
                    if (x == x_lo) x += n;
                    if (x >= out_w) break;
                    out[x] = one_patch(&a, plane, in_h, in_w, in_c, dh, in_y0, x * sw - pw, stage);
                }
            }
        }
        if (!whole) continue;
        /* taps whole words (no word reaches past a window, every row ran x_lo .. x_hi - 1):
         * down each other column, the rows whose rows of taps all lie inside as a run (the
         * columns of taps inside), the others one pixel each */
        for (x = 0; x < out_w; ++x) {
            int32_t in_x0, c0, c1;
            if (x == x_lo) x = x_hi;
            if (x >= out_w) break;
            in_x0 = x * sw - pw;
            c0 = in_x0 < 0 ? -in_x0 : 0;
            c1 = in_w - in_x0 < fw ? in_w - in_x0 : fw;
            if (c1 <= c0) { /* no tap inside: the bias alone */
                for (y = 0; y < out_h; ++y) out_plane[(size_t)y * out_w + x] = one_output(&a, a.bias);
                continue;
            }
            if (y_hi > y_lo) {
                one_run_geo g;
                g.p = plane + ((size_t)(y_lo * sh - ph) * in_w + in_x0 + c0) * in_c;
                g.d = sh * in_w * in_c;
                g.n = y_hi - y_lo;
                g.rows = fh;
                g.seg = (c1 - c0) * in_c >> 2;
                g.skip = row_step - 4 * g.seg;
                g.w = wx + ((c0 * in_c) >> 1);
                g.w_skip = 2 * (groups - g.seg);
                g.out_step = out_w;
                one_run(&a, &g, one_bias(&a, 0, fh, c0, c1), out_plane + (size_t)y_lo * out_w + x);
            }
            for (y = 0; y < out_h; ++y) {
                int32_t in_y0, r0, r1;
                if (y == y_lo && y_hi > y_lo) y = y_hi;
                if (y >= out_h) break;
                in_y0 = y * sh - ph;
                tnm_opt_taps_inside(in_y0, dh, in_h, fh, &r0, &r1);
                out_plane[(size_t)y * out_w + x] =
                    r1 > r0 ? one_edge(&a, plane + ((size_t)(in_y0 + r0 * dh) * in_w + in_x0 + c0) * in_c, row_step,
                                       r0, r1, c0, c1, in_c)
                            : one_output(&a, a.bias);
            }
        }
    }
}

#endif /* TNM_HAVE_ARM_DSP_VARIANT */
