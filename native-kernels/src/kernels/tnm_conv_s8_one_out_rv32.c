/*
 * rv32 variant of CONV_2D a channel at a time, the twin of tnm_conv_s8_one_out_arm_dsp.c for a
 * core without SIMD: the patch blocks of tnm_kernels_rv32.c gather four pixels' patches once
 * and reuse them across output channels, which one output channel cannot repay (grid.sh rv32:
 * 4.9-206 instructions per MAC), nor 1-3 channels, nor patches of 9 or fewer taps below 16
 * channels (tnm_opt_conv_small_rv32_call). Here each output is a dot product straight from the
 * input bytes: four pixels of a run sharing each weight load (LB + 4 x (LB, MUL, ADD) per tap),
 * or for the small patches the weights in registers for the whole run (rv1_small), and a 1x1
 * over 1-4 channels two output channels a pass (rv1_pair).
 *
 * sum (x + off) * w over the taps inside = sum x * w + off * sum w, so a run of pixels whose
 * taps inside are the same rows and columns of their windows starts from bias + off * (those
 * weights' sum) (per tap position sums, scratch) and multiplies the raw bytes: the whole
 * tensor when its windows follow each other (1x1 at stride 1), else along each
 * output row the columns whose windows lie inside across (with the rows of taps inside), down
 * each other column the rows whose windows lie inside vertically (with the columns of taps
 * inside), every other pixel alone over its taps inside. Bytes only: nothing is read outside
 * the taps. Sums wrap modulo 2^32 like the reference's int32 accumulator.
 */
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

#if TNM_HAVE_RV32_VARIANT

typedef struct {
    const int8_t *w;      /* the filter: rows of taps of row_len bytes */
    const uint32_t *wsum; /* per tap position (row, column): the sum of its weights */
    int32_t fh, fw, row_len;
    uint32_t off, bias;
    int32_t mult, shift, chi; /* chi: the fast form's constant, 0 outside it */
    int32_t chi4, sh4, rq4;   /* the one-MULH form (tnm_opt_rq4), where rq4 is 1 */
    int32_t out_off, act_min, act_max;
} rv1_args;

/* A run: n (>= 1) pixels, the first's first tap inside at p, the next's d bytes further;
 * rows rows of seg bytes of taps, step bytes apart; the weights from w, rows row_len apart;
 * the outputs out_step bytes apart. */
typedef struct {
    const int8_t *p;
    int32_t d, n, rows, seg, step;
    const int8_t *w;
    int32_t out_step;
} rv1_run_geo;

static inline int8_t rv1_output(const rv1_args *a, uint32_t acc)
{
    return tnm_opt_output_chi((int32_t)acc, a->mult, a->shift, a->chi, a->out_off, a->act_min, a->act_max);
}

/* bias + input offset * the sum of the weights in rows r0 .. r1 - 1, columns c0 .. c1 - 1. */
static uint32_t rv1_bias(const rv1_args *a, int32_t r0, int32_t r1, int32_t c0, int32_t c1)
{
    return a->bias + a->off * tnm_opt_tap_sum(a->wsum, a->fw, r0, r1, c0, c1);
}

/* Hand-written loop (GCC/Clang inline assembly) on the RISC-V targets; C elsewhere. */
#if defined(__riscv) && defined(__GNUC__) && __riscv_xlen == 32 && !defined(TNM_OPT_PORTABLE_INTRINSICS)
#define RV1_ASM 1
#else
#define RV1_ASM 0
#endif

/* The sums of four pixels (p, p + d, p + 2d, p + 3d) over rows of seg taps, step bytes
 * apart; the weights' rows w_step apart. Four taps a turn: 4 + 16 x (LB, MUL, ADD) + 5
 * pointer steps + the branch, 58 instructions per 16 MACs on the target (GCC's own
 * schedule of the C spilled: 69). */
static void rv1_dot4(const int8_t *p, int32_t d, int32_t rows, int32_t seg, int32_t step, const int8_t *w,
                     int32_t w_step, uint32_t *s)
{
    uint32_t s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    do {
        const int8_t *x0 = p, *x1 = p + d, *x2 = p + 2 * d, *x3 = p + 3 * d, *k = w;
        const int8_t *const end = w + seg;
#if RV1_ASM
        if (seg >= 4) {
            const int8_t *const end4 = w + (seg & ~3);
            int32_t w0, w1, w2, w3, t;
#define RV1_TAP(x, off, wr, acc) "lb %[t], " #off "(%[" #x "])\n\tmul %[t], %[t], %[" #wr "]\n\tadd %[" #acc "], %[" #acc "], %[t]\n\t"
#define RV1_PX(x, acc) RV1_TAP(x, 0, w0, acc) RV1_TAP(x, 1, w1, acc) RV1_TAP(x, 2, w2, acc) RV1_TAP(x, 3, w3, acc)
            __asm__ volatile("1:\n\t"
                             "lb %[w0], 0(%[k])\n\t"
                             "lb %[w1], 1(%[k])\n\t"
                             "lb %[w2], 2(%[k])\n\t"
                             "lb %[w3], 3(%[k])\n\t"
                             RV1_PX(x0, s0) RV1_PX(x1, s1) RV1_PX(x2, s2) RV1_PX(x3, s3)
                             "addi %[k], %[k], 4\n\t"
                             "addi %[x0], %[x0], 4\n\t"
                             "addi %[x1], %[x1], 4\n\t"
                             "addi %[x2], %[x2], 4\n\t"
                             "addi %[x3], %[x3], 4\n\t"
                             "bltu %[k], %[e], 1b"
                             : [s0] "+r"(s0), [s1] "+r"(s1), [s2] "+r"(s2), [s3] "+r"(s3), [x0] "+r"(x0),
                               [x1] "+r"(x1), [x2] "+r"(x2), [x3] "+r"(x3), [k] "+r"(k), [w0] "=&r"(w0),
                               [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3), [t] "=&r"(t)
                             : [e] "r"(end4)
                             : "memory");
#undef RV1_PX
#undef RV1_TAP
        }
#else
        for (; k + 4 <= end; k += 4, x0 += 4, x1 += 4, x2 += 4, x3 += 4) {
            const int32_t w0 = k[0], w1 = k[1], w2 = k[2], w3 = k[3];
            s0 += (uint32_t)(x0[0] * w0 + x0[1] * w1 + x0[2] * w2 + x0[3] * w3);
            s1 += (uint32_t)(x1[0] * w0 + x1[1] * w1 + x1[2] * w2 + x1[3] * w3);
            s2 += (uint32_t)(x2[0] * w0 + x2[1] * w1 + x2[2] * w2 + x2[3] * w3);
            s3 += (uint32_t)(x3[0] * w0 + x3[1] * w1 + x3[2] * w2 + x3[3] * w3);
        }
#endif
        /* the row's last 1-3 taps at fixed offsets (no pointer steps) */
#define RV1_LAST(i)                                                                          \
    do {                                                                                     \
        const int32_t wi = k[i];                                                             \
        s0 += (uint32_t)(x0[i] * wi);                                                        \
        s1 += (uint32_t)(x1[i] * wi);                                                        \
        s2 += (uint32_t)(x2[i] * wi);                                                        \
        s3 += (uint32_t)(x3[i] * wi);                                                        \
    } while (0)
        switch (end - k) {
        case 3: RV1_LAST(2); /* fall through */
        case 2: RV1_LAST(1); /* fall through */
        case 1: RV1_LAST(0); break;
        default: break;
        }
#undef RV1_LAST
        p += step;
        w += w_step;
    } while (--rows);
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
}

/* The same for two pixels (p, p + d). */
static void rv1_dot2(const int8_t *p, int32_t d, int32_t rows, int32_t seg, int32_t step, const int8_t *w,
                     int32_t w_step, uint32_t *s)
{
    uint32_t s0 = s[0], s1 = s[1];
    do {
        const int8_t *x0 = p, *x1 = p + d, *k = w;
        const int8_t *const end = w + seg;
        for (; k + 2 <= end; k += 2, x0 += 2, x1 += 2) {
            const int32_t w0 = k[0], w1 = k[1];
            s0 += (uint32_t)(x0[0] * w0 + x0[1] * w1);
            s1 += (uint32_t)(x1[0] * w0 + x1[1] * w1);
        }
        if (k < end) {
            s0 += (uint32_t)(x0[0] * k[0]);
            s1 += (uint32_t)(x1[0] * k[0]);
        }
        p += step;
        w += w_step;
    } while (--rows);
    s[0] = s0;
    s[1] = s1;
}

/* One pixel's sum. */
static uint32_t rv1_dot1(const int8_t *p, int32_t rows, int32_t seg, int32_t step, const int8_t *w, int32_t w_step,
                         uint32_t acc)
{
    do {
        int32_t t = 0;
        for (; t + 4 <= seg; t += 4)
            acc += (uint32_t)(p[t] * w[t] + p[t + 1] * w[t + 1] + p[t + 2] * w[t + 2] + p[t + 3] * w[t + 3]);
        for (; t < seg; ++t) acc += (uint32_t)(p[t] * w[t]);
        p += step;
        w += w_step;
    } while (--rows);
    return acc;
}

/* Patches of at most RV1_SMALL_K taps in the shapes below (rows R of S taps): the weights
 * in registers for the whole run, one pixel a pass, LB + MUL + ADD per tap and the one-MULH
 * requantization with its constants in registers (rv1_dot4 reloads the weights every 4
 * pixels and steps 5 pointers per tap, which short rows of taps do not repay). */
#define RV1_SMALL_K 9
static inline __attribute__((always_inline)) void rv1_small(const rv1_args *a, const rv1_run_geo *g, uint32_t bias,
                                                            int8_t *out, const int R, const int S)
{
    int32_t wk[RV1_SMALL_K];
    const int8_t *p = g->p;
    const int32_t d = g->d, step = g->step, os = g->out_step;
    const int32_t m = a->mult, chi4 = a->chi4, sh4 = a->sh4, lo = a->act_min, hi = a->act_max;
    int8_t *const out_end = out + g->n * os; /* the loop's end: no counter */
    int32_t r, t;
#pragma GCC unroll 16
    for (r = 0; r < R; ++r) {
#pragma GCC unroll 16
        for (t = 0; t < S; ++t) wk[r * S + t] = g->w[r * a->row_len + t];
    }
    for (; out != out_end; p += d, out += os) {
        uint32_t acc = bias;
        int32_t v;
        const int8_t *q = p;
#pragma GCC unroll 16
        for (r = 0; r < R; ++r, q += step) {
#pragma GCC unroll 16
            for (t = 0; t < S; ++t) acc += (uint32_t)(q[t] * wk[r * S + t]);
        }
        v = tnm_opt_rq4(acc, m, chi4, sh4);
        v = v < lo ? lo : v;
        *out = (int8_t)(v > hi ? hi : v);
    }
}
#define RV1_SMALL_CASE(R, S)                                                                \
    case (R) * 16 + (S): rv1_small(a, g, bias, out, R, S); return 1;
/* 1 when the run's shape is one of rv1_small's (tnm_opt_conv_small_rv32: rows of taps R <= 3,
 * R * S <= 9) and the channel takes the one-MULH form. */
__attribute__((noinline)) static int rv1_run_small(const rv1_args *a, const rv1_run_geo *g, uint32_t bias, int8_t *out)
{
    if (!a->rq4 || !tnm_opt_conv_small_rv32(g->rows, g->seg)) return 0;
    switch (g->rows * 16 + g->seg) {
    RV1_SMALL_CASE(1, 1) RV1_SMALL_CASE(1, 2) RV1_SMALL_CASE(1, 3) RV1_SMALL_CASE(1, 4)
    RV1_SMALL_CASE(1, 5) RV1_SMALL_CASE(1, 6) RV1_SMALL_CASE(1, 7) RV1_SMALL_CASE(1, 8)
    RV1_SMALL_CASE(1, 9) RV1_SMALL_CASE(2, 1) RV1_SMALL_CASE(2, 2) RV1_SMALL_CASE(2, 3)
    RV1_SMALL_CASE(2, 4) RV1_SMALL_CASE(3, 1) RV1_SMALL_CASE(3, 2) RV1_SMALL_CASE(3, 3)
    default: return 0;
    }
}

/* A run, four pixels a pass, then two, then one; a pass's sums before its first store (in
 * place, the outputs may cover the pixels' taps). */
__attribute__((noinline)) static void rv1_run(const rv1_args *a, const rv1_run_geo *g, uint32_t bias, int8_t *out)
{
    const int8_t *p = g->p;
    int32_t n = g->n, j;
    if (rv1_run_small(a, g, bias, out)) return;
    if (a->rq4) { /* the one-MULH form: its constants in locals, the 4 stores unrolled */
        const int32_t m = a->mult, chi4 = a->chi4, sh4 = a->sh4, lo = a->act_min, hi = a->act_max;
        const int32_t os = g->out_step, d = g->d;
        for (; n >= 4; n -= 4, p += 4 * d) {
            uint32_t s[4];
            s[0] = s[1] = s[2] = s[3] = bias;
            rv1_dot4(p, d, g->rows, g->seg, g->step, g->w, a->row_len, s);
#pragma GCC unroll 4
            for (j = 0; j < 4; ++j, out += os) {
                int32_t v = tnm_opt_rq4(s[j], m, chi4, sh4);
                v = v < lo ? lo : v;
                *out = (int8_t)(v > hi ? hi : v);
            }
        }
    } else if (a->chi != 0) { /* the fast form: its constants in locals */
        const int32_t m = a->mult, chi = a->chi, e1 = -a->shift - 1, lo = a->act_min, hi = a->act_max;
        for (; n >= 4; n -= 4, p += 4 * g->d, out += 4 * g->out_step) {
            uint32_t s[4];
            s[0] = s[1] = s[2] = s[3] = bias;
            rv1_dot4(p, g->d, g->rows, g->seg, g->step, g->w, a->row_len, s);
            for (j = 0; j < 4; ++j) {
                int32_t v = tnm_opt_rq_fast((int32_t)s[j], m, chi, e1);
                v = v < lo ? lo : v;
                out[j * g->out_step] = (int8_t)(v > hi ? hi : v);
            }
        }
    }
    for (; n >= 4; n -= 4, p += 4 * g->d, out += 4 * g->out_step) {
        uint32_t s[4];
        s[0] = s[1] = s[2] = s[3] = bias;
        rv1_dot4(p, g->d, g->rows, g->seg, g->step, g->w, a->row_len, s);
        for (j = 0; j < 4; ++j) out[j * g->out_step] = rv1_output(a, s[j]);
    }
    if (n >= 2) {
        uint32_t s[2];
        s[0] = s[1] = bias;
        rv1_dot2(p, g->d, g->rows, g->seg, g->step, g->w, a->row_len, s);
        out[0] = rv1_output(a, s[0]);
        out[g->out_step] = rv1_output(a, s[1]);
        n -= 2;
        p += 2 * g->d;
        out += 2 * g->out_step;
    }
    if (n > 0) *out = rv1_output(a, rv1_dot1(p, g->rows, g->seg, g->step, g->w, a->row_len, bias));
}

/* Output channel c of the call (outputs out_c bytes apart). */
static void rv1_channel(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                        const int8_t *input_data, const tnm_dims *filter, const int8_t *channel_filter,
                        const int32_t *bias, const tnm_dims *output, int8_t *output_data, void *scratch, int32_t c)
{
    const int8_t *const filter_data = channel_filter + (size_t)c * filter->h * filter->w * filter->c;
    const int32_t oc = output->c;
    const int32_t in_h = input->h, in_w = input->w, in_c = input->c;
    const int32_t fh = filter->h, fw = filter->w;
    const int32_t out_h = output->h, out_w = output->w;
    const int32_t sh = params->stride_h, sw = params->stride_w, ph = params->pad_h, pw = params->pad_w;
    const int32_t dh = params->dilation_h;
    const int32_t row_len = fw * in_c, row_step = dh * in_w * in_c, span_h = (fh - 1) * dh;
    uint32_t *const wsum = (uint32_t *)(((uintptr_t)scratch + 3u) & ~(uintptr_t)3u);
    /* output columns whose windows lie inside across: x_lo .. x_hi - 1; rows vertically:
     * y_lo .. y_hi - 1 */
    int32_t x_lo, x_hi, y_lo, y_hi;
    rv1_args a;
    int32_t b, y, x, r, i;
    tnm_opt_windows_inside(in_w, fw, pw, sw, out_w, &x_lo, &x_hi);
    tnm_opt_windows_inside(in_h, span_h + 1, ph, sh, out_h, &y_lo, &y_hi);

    for (r = 0; r < fh; ++r) {
        for (i = 0; i < fw; ++i) {
            const int8_t *wc = filter_data + r * row_len + i * in_c;
            uint32_t sum = 0u;
            int32_t j;
            for (j = 0; j < in_c; ++j) sum += (uint32_t)wc[j];
            wsum[r * fw + i] = sum;
        }
    }
    a.w = filter_data;
    a.wsum = wsum;
    a.fh = fh;
    a.fw = fw;
    a.row_len = row_len;
    a.off = (uint32_t)params->input_offset;
    a.bias = bias != 0 ? (uint32_t)bias[c] : 0u;
    a.mult = quant->multiplier[c];
    a.shift = quant->shift[c];
    a.chi = tnm_opt_rq_chi(2 * params->output_offset + 1, quant->shift[c]);
    /* |acc| <= |bias| + K * 32768 (the offset's weight sums and the raw bytes' products) */
    a.rq4 = tnm_opt_rq4_ok(a.shift) &&
            (int64_t)(a.bias >> 31 ? -(int64_t)(int32_t)a.bias : (int64_t)a.bias) +
                    (int64_t)fh * row_len * 32768 < (1L << 29);
    a.chi4 = a.rq4 ? tnm_opt_rq4_chi(params->output_offset, a.shift) : 0;
    a.sh4 = 1 - a.shift;
    a.out_off = params->output_offset;
    a.act_min = params->act_min;
    a.act_max = params->act_max;

    if (x_lo == 0 && x_hi == out_w && y_lo == 0 && y_hi == out_h && sh * in_w == out_w * sw && in_h == out_h * sh) {
        /* every window inside, and each output row's first window d bytes after the row
         * before's last (a 1x1 convolution at stride 1, for one): the whole tensor is one run */
        rv1_run_geo g;
        g.p = input_data;
        g.d = sw * in_c;
        g.n = output->n * out_h * out_w;
        g.rows = fh;
        g.seg = row_len;
        g.step = row_step;
        g.w = filter_data;
        g.out_step = oc;
        rv1_run(&a, &g, rv1_bias(&a, 0, fh, 0, fw), output_data + c);
        return;
    }
    for (b = 0; b < output->n; ++b) {
        const int8_t *const plane = input_data + (size_t)b * in_h * in_w * in_c;
        int8_t *const out_plane = output_data + (size_t)b * out_h * out_w * oc + c;
        /* along each output row, the inside columns (their rows of taps inside) */
        for (y = 0; y < out_h && x_hi > x_lo; ++y) {
            const int32_t in_y0 = y * sh - ph;
            int32_t r0, r1;
            tnm_opt_taps_inside(in_y0, dh, in_h, fh, &r0, &r1);
            if (r1 > r0) {
                rv1_run_geo g;
                g.p = plane + ((size_t)(in_y0 + r0 * dh) * in_w + x_lo * sw - pw) * in_c;
                g.d = sw * in_c;
                g.n = x_hi - x_lo;
                g.rows = r1 - r0;
                g.seg = row_len;
                g.step = row_step;
                g.w = filter_data + r0 * row_len;
                g.out_step = oc;
                rv1_run(&a, &g, rv1_bias(&a, r0, r1, 0, fw), out_plane + ((size_t)y * out_w + x_lo) * oc);
            } else { /* no row of taps inside: the bias alone */
                for (x = x_lo; x < x_hi; ++x) out_plane[((size_t)y * out_w + x) * oc] = rv1_output(&a, a.bias);
            }
        }
        /* down each other column: the inside rows as a run (their columns of taps inside),
         * the others one pixel each */
        for (x = 0; x < out_w; ++x) {
            int32_t in_x0, c0, c1;
            if (x == x_lo) x = x_hi;
            if (x >= out_w) break;
            in_x0 = x * sw - pw;
            tnm_opt_taps_inside(in_x0, 1, in_w, fw, &c0, &c1);
            for (y = 0; y < out_h; ++y) {
                const int32_t in_y0 = y * sh - ph;
                int32_t r0, r1;
                rv1_run_geo g;
                if (y == y_lo && y_hi > y_lo) { /* the inside rows */
                    r0 = 0;
                    r1 = fh;
                    g.n = y_hi - y_lo;
                } else {
                    tnm_opt_taps_inside(in_y0, dh, in_h, fh, &r0, &r1);
                    g.n = 1;
                }
                if (r1 > r0 && c1 > c0) {
                    g.p = plane + ((size_t)(in_y0 + r0 * dh) * in_w + in_x0 + c0) * in_c;
                    g.d = sh * in_w * in_c;
                    g.rows = r1 - r0;
                    g.seg = (c1 - c0) * in_c;
                    g.step = row_step;
                    g.w = filter_data + r0 * row_len + c0 * in_c;
                    g.out_step = out_w * oc;
                    rv1_run(&a, &g, rv1_bias(&a, r0, r1, c0, c1), out_plane + ((size_t)y * out_w + x) * oc);
                } else {
                    for (i = 0; i < g.n; ++i) out_plane[((size_t)(y + i) * out_w + x) * oc] = rv1_output(&a, a.bias);
                }
                y += g.n - 1;
            }
        }
    }
}

/* Two channels of a 1x1 convolution over S <= 4 input channels at stride 1, unpadded (the
 * tensor one run of n pixels), one-MULH channels: each input byte loaded once for both, and
 * one loop step for two outputs (~21 instructions an output at 3 channels, against ~26 one
 * channel at a time and ~27 in the 4x4 blocks). */
static inline __attribute__((always_inline)) void rv1_pair(const int8_t *p, int32_t n, const int8_t *w0,
                                                           const int8_t *w1, uint32_t b0, uint32_t b1,
                                                           const int32_t *q0, const int32_t *q1, int32_t lo,
                                                           int32_t hi, int8_t *out, int32_t os, const int S)
{
    int32_t wa[4], wb[4], t;
    const int32_t m0 = q0[0], chi0 = q0[1], sh0 = q0[2], m1 = q1[0], chi1 = q1[1], sh1 = q1[2];
#pragma GCC unroll 4
    for (t = 0; t < S; ++t) {
        wa[t] = w0[t];
        wb[t] = w1[t];
    }
    int8_t *const out_end = out + n * os; /* the loop's end: no counter */
    for (; out != out_end; p += S, out += os) {
        uint32_t s0 = b0, s1 = b1;
        int32_t v0, v1;
#pragma GCC unroll 4
        for (t = 0; t < S; ++t) {
            const int32_t x = p[t];
            s0 += (uint32_t)(x * wa[t]);
            s1 += (uint32_t)(x * wb[t]);
        }
        v0 = tnm_opt_rq4(s0, m0, chi0, sh0);
        v1 = tnm_opt_rq4(s1, m1, chi1, sh1);
        v0 = v0 < lo ? lo : v0;
        v1 = v1 < lo ? lo : v1;
        out[0] = (int8_t)(v0 > hi ? hi : v0);
        out[1] = (int8_t)(v1 > hi ? hi : v1);
    }
}

/* Channels c and c + 1 through rv1_pair when both take the one-MULH form (1), else 0. */
__attribute__((noinline)) static int rv1_channel_pair(const tnm_conv_params *params, const tnm_quant *quant,
                                                      const tnm_dims *input, const int8_t *input_data,
                                                      const int8_t *filter_data, const int32_t *bias,
                                                      const tnm_dims *output, int8_t *output_data, int32_t c)
{
    const int32_t k = input->c, n = output->n * output->h * output->w;
    int32_t q[2][3], j;
    uint32_t b[2];
    for (j = 0; j < 2; ++j) {
        const int32_t shift = quant->shift[c + j], bj = bias != 0 ? bias[c + j] : 0;
        const int8_t *w = filter_data + (c + j) * k;
        uint32_t sum = 0u;
        int32_t i;
        /* |acc| <= |bias| + K * 32768 */
        if (!tnm_opt_rq4_ok(shift) || bj <= -(1 << 29) + 32768 * k || bj >= (1 << 29) - 32768 * k) return 0;
        for (i = 0; i < k; ++i) sum += (uint32_t)w[i];
        b[j] = (uint32_t)bj + (uint32_t)params->input_offset * sum;
        q[j][0] = quant->multiplier[c + j];
        q[j][1] = tnm_opt_rq4_chi(params->output_offset, shift);
        q[j][2] = 1 - shift;
    }
    {
        const int8_t *w0 = filter_data + c * k, *w1 = w0 + k;
        int8_t *out = output_data + c;
        const int32_t lo = params->act_min, hi = params->act_max, os = output->c;
        switch (k) {
        case 1: rv1_pair(input_data, n, w0, w1, b[0], b[1], q[0], q[1], lo, hi, out, os, 1); break;
        case 2: rv1_pair(input_data, n, w0, w1, b[0], b[1], q[0], q[1], lo, hi, out, os, 2); break;
        case 3: rv1_pair(input_data, n, w0, w1, b[0], b[1], q[0], q[1], lo, hi, out, os, 3); break;
        default: rv1_pair(input_data, n, w0, w1, b[0], b[1], q[0], q[1], lo, hi, out, os, 4); break;
        }
    }
    return 1;
}

/* Every output channel in turn (tnm_opt_conv_one_out_shape, or tnm_opt_conv_small_rv32_call:
 * a channel at a time, so not in pixel order unless there is one); two at a time for a 1x1
 * over 1-4 channels at stride 1, unpadded. */
void tnm_rv32_conv_one_out(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                           const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                           const int32_t *bias, const tnm_dims *output, int8_t *output_data, void *scratch)
{
    const int pairs = filter->h == 1 && filter->w == 1 && input->c <= 4 && params->stride_h == 1 &&
                      params->stride_w == 1 && params->pad_h == 0 && params->pad_w == 0 &&
                      output->h == input->h && output->w == input->w;
    int32_t c;
    for (c = 0; c < output->c; ++c) {
        if (pairs && c + 1 < output->c &&
            rv1_channel_pair(params, quant, input, input_data, filter_data, bias, output, output_data, c)) {
            ++c;
            continue;
        }
        rv1_channel(params, quant, input, input_data, filter, filter_data, bias, output, output_data, scratch, c);
    }
}

#endif /* TNM_HAVE_RV32_VARIANT */
