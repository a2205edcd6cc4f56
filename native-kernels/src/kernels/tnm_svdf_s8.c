/* SVDF: TFLM's integer SVDF (int8 input and output, int8 or int16 state and time weights),
 * tnm_kernels.h. As TFLM: the whole state array moves one element to the left, each filter's
 * newest value comes from the feature weights, then each unit sums its rank filters' time
 * products. The int32 sums wrap, so their order does not matter: where the core has the DSP
 * extension (and on hosts, in portable C) pairs of products are summed by SMLAD, the input
 * minus its zero point made into int16 pairs once per batch (SXTAB16); elsewhere plain loops.
 * test_svdf.c compares this with a TFLM-shaped reference. */
#include <string.h>

#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"
#include "tnm_copy_internal.h"
#include "tnm_arm_dsp_internal.h"

#define SVDF_USE_DSP TNM_HAVE_ARM_DSP_VARIANT
/* input values whose offset pairs are kept on the stack (512 bytes); longer inputs pair on the fly */
#define SVDF_XCAP 256
/* sets of 4 filters a call of the shared 4-row loop (their sums on the stack) */
#define SVDF_FEATURE_SETS 8

static int mult_ok(int32_t m, int32_t s) { return m >= 0 && s >= -31 && s <= 30; }

#if TNM_OPT_ARM_ASM
/* n blocks of 8 words of the word-aligned p moved down by one byte (_1) or two (_2): the
 * aligned words p[1 ..] loaded 8 at a time, each output word the shifted halves of two
 * neighbours, 8 stored at once (21 instructions for 32 bytes; single unaligned loads and
 * stores take 28). Reads stop at word 8 n, so 8 n + 1 words must lie in the array. */
#define SHIFT_WORDS_ASM(NAME, DOWN, UP)                                                       \
    __attribute__((naked, noinline)) static void NAME(uint32_t *p TNM_ASM_ARG, int32_t n TNM_ASM_ARG) \
    {                                                                                         \
        __asm__ volatile("push {r4-r11, lr}\n\t"                                             \
                         "add r12, r0, #4\n\t"                                               \
                         "ldr r2, [r0]\n\t"                                                  \
                         "1:\n\t"                                                            \
                         "ldm r12!, {r3, r4, r5, r6, r7, r8, r9, r10}\n\t"                   \
                         "lsr r2, r2, #" DOWN "\n\t"                                         \
                         "orr r2, r2, r3, lsl #" UP "\n\t"                                   \
                         "lsr r3, r3, #" DOWN "\n\t"                                         \
                         "orr r3, r3, r4, lsl #" UP "\n\t"                                   \
                         "lsr r4, r4, #" DOWN "\n\t"                                         \
                         "orr r4, r4, r5, lsl #" UP "\n\t"                                   \
                         "lsr r5, r5, #" DOWN "\n\t"                                         \
                         "orr r5, r5, r6, lsl #" UP "\n\t"                                   \
                         "lsr r6, r6, #" DOWN "\n\t"                                         \
                         "orr r6, r6, r7, lsl #" UP "\n\t"                                   \
                         "lsr r7, r7, #" DOWN "\n\t"                                         \
                         "orr r7, r7, r8, lsl #" UP "\n\t"                                   \
                         "lsr r8, r8, #" DOWN "\n\t"                                         \
                         "orr r8, r8, r9, lsl #" UP "\n\t"                                   \
                         "lsr r9, r9, #" DOWN "\n\t"                                         \
                         "orr r9, r9, r10, lsl #" UP "\n\t"                                  \
                         "stm r0!, {r2, r3, r4, r5, r6, r7, r8, r9}\n\t"                     \
                         "mov r2, r10\n\t"                                                   \
                         "subs r1, r1, #1\n\t"                                               \
                         "bne 1b\n\t"                                                        \
                         "pop {r4-r11, pc}\n\t");                                            \
    }
SHIFT_WORDS_ASM(shift_words_1, "8", "24")
SHIFT_WORDS_ASM(shift_words_2, "16", "16")
#undef SHIFT_WORDS_ASM
#endif

/* bytes [from, from + len) moved to [0, len) of p, ascending (a read precedes every write over
 * it: the destination is below the source) */
static void shift_down(uint8_t *p, int32_t from, int32_t len)
{
    int32_t i = 0;
#if TNM_OPT_ARM_ASM
    /* whole blocks of 32 bytes whose reads stay inside the from + len bytes (p is aligned: the
     * state region and its variables start on words) */
    if (((uintptr_t)p & 3u) == 0 && (from == 1 || from == 2) && len + from >= 36) {
        const int32_t blocks = (len + from - 4) / 32;
        if (from == 1) shift_words_1((uint32_t *)(void *)p, blocks);
        else shift_words_2((uint32_t *)(void *)p, blocks);
        i = 32 * blocks;
    }
#endif
#if TNM_COPY_UNALIGNED_WORDS
    /* four words a turn (the C library's memmove may go a byte at a time); each turn reads its
     * words before it writes them, which a move down allows */
    tnm_copy_words(p + i, p + i + from, (size_t)(len - i) >> 2);
    i += (len - i) & ~3;
#else
    for (; i + 4 <= len; i += 4) {
        uint32_t v;
        memcpy(&v, p + i + from, 4);
        memcpy(p + i, &v, 4);
    }
#endif
    for (; i < len; ++i) p[i] = p[i + from];
}

#if SVDF_USE_DSP
/* sum of w[c] * x[c] over n int8 pairs, x as (value - zp) int16 pairs: xp[2k] = (x[4k] - zp,
 * x[4k + 2] - zp), xp[2k + 1] = (x[4k + 1] - zp, x[4k + 3] - zp), SXTB16's lane order */
static uint32_t dot_pairs(const int8_t *w, const uint32_t *xp, int32_t n4)
{
    uint32_t acc = 0u;
    int32_t k;
    for (k = 0; k < n4; ++k, w += 4, xp += 2) {
        const uint32_t wv = tnm_opt_read4(w);
        acc = tnm_smlad(xp[0], tnm_sxtb16(wv), acc);
        acc = tnm_smlad(xp[1], tnm_sxtb16_ror8(wv), acc);
    }
    return acc;
}

/* the same with x read and offset on the fly (neg2: (-zp, -zp)) */
static uint32_t dot_s8(const int8_t *w, const int8_t *x, int32_t n4, uint32_t neg2)
{
    uint32_t acc = 0u;
    int32_t k;
    for (k = 0; k < n4; ++k, w += 4, x += 4) {
        const uint32_t wv = tnm_opt_read4(w), xv = tnm_opt_read4(x);
        acc = tnm_smlad(tnm_sxtab16(neg2, xv), tnm_sxtb16(wv), acc);
        acc = tnm_smlad(tnm_sxtab16_ror8(neg2, xv), tnm_sxtb16_ror8(wv), acc);
    }
    return acc;
}

/* sum of w[m] * (s[m] - zp) over n int16 values: SMLAD of the values, minus zp times the
 * weights' sum (SMLAD with (1, 1)) */
static uint32_t dot_s16(const int16_t *w, const int16_t *s, int32_t n, int32_t zp)
{
    uint32_t acc = 0u, wsum = 0u;
    int32_t m = 0;
    for (; m + 2 <= n; m += 2) {
        uint32_t wv, sv;
        memcpy(&wv, w + m, 4);
        memcpy(&sv, s + m, 4);
        acc = tnm_smlad(sv, wv, acc);
        if (zp != 0) wsum = tnm_smlad(wv, 0x00010001u, wsum);
    }
    if (m < n) {
        acc += (uint32_t)w[m] * (uint32_t)(int32_t)s[m];
        wsum += (uint32_t)(int32_t)w[m];
    }
    return acc - wsum * (uint32_t)zp;
}
#endif

#if SVDF_USE_DSP
/* The units' outputs: per unit the sum of its n products (its rank filters lie one after
 * another) from the bias, then its requantization; the sums of up to SVDF_UNITS units first,
 * then their requantization (short loops keep their values in registers). One function per
 * state width: PREP its constants; units of whole words (PER_WORD values) through DOTS, the
 * assembly's row dots; others in C, TURN four products at m, LAST the product at m. */
#define SVDF_UNITS 32
#define SVDF_UNITS_FN(NAME, T, PREP, PER_WORD, DOTS, TURN, LAST)                                \
    __attribute__((noinline)) static void NAME(const tnm_svdf_params *p, int32_t units, int32_t n, \
                                               const T *wt, const T *st, const int32_t *bias, int8_t *out) \
    {                                                                                           \
        static const int32_t no_bias = 0;                                                       \
        const int32_t tm = p->time_multiplier, ts = p->time_shift, zo = p->output_zero_point;   \
        const int32_t step = bias != 0 ? 1 : 0, *bv = bias != 0 ? bias : &no_bias;             \
        uint32_t sums[SVDF_UNITS];                                                              \
        tnm_opt_rq_pre tr;                                                                      \
        int32_t u, k, m, nf;                                                                    \
        PREP                                                                                    \
        tnm_opt_rq_prepare(&tr, tm, ts);                                                        \
        for (u = 0; u < units; u += nf) {                                                       \
            nf = units - u < SVDF_UNITS ? units - u : SVDF_UNITS;                               \
            if (n % PER_WORD == 0) { /* whole words a unit: the row dots */                     \
                DOTS;                                                                           \
                bv += step * nf;                                                                \
                wt += n * nf;                                                                   \
                st += n * nf;                                                                   \
            } else                                                                              \
            for (k = 0; k < nf; ++k, bv += step, wt += n, st += n) {                            \
                uint32_t acc = (uint32_t)*bv;                                                   \
                for (m = 0; m + 4 <= n; m += 4) { TURN }                                        \
                for (; m < n; ++m) { LAST }                                                     \
                sums[k] = acc;                                                                  \
            }                                                                                   \
            if (ts < 0)                                                                         \
                for (k = 0; k < nf; ++k)                                                        \
                    out[u + k] = (int8_t)tnm_opt_sat8(tnm_wrap_add(tnm_opt_rq_neg(tnm_wrap_i32(sums[k]), &tr), zo)); \
            else                                                                                \
                for (k = 0; k < nf; ++k)                                                        \
                    out[u + k] = (int8_t)tnm_opt_sat8(tnm_wrap_add(tnm_opt_rq_pos(tnm_wrap_i32(sums[k]), tm, ts), zo)); \
        }                                                                                       \
    }

/* int16 state at zero point 0: two pairs a turn */
SVDF_UNITS_FN(svdf_units16, int16_t, , 2, tnm_arm_dsp_row_dots_s16(sums, wt, st, n / 2, nf, bv, step),
              uint32_t w0; uint32_t w1; uint32_t s0; uint32_t s1;
              memcpy(&w0, wt + m, 4); memcpy(&w1, wt + m + 2, 4);
              memcpy(&s0, st + m, 4); memcpy(&s1, st + m + 2, 4);
              acc = tnm_smlad(s1, w1, tnm_smlad(s0, w0, acc));,
              acc += (uint32_t)wt[m] * (uint32_t)(int32_t)st[m];)

/* int8 state at its zero point: weights and state minus the zero point as int16 pairs, in
 * the same order */
SVDF_UNITS_FN(svdf_units8, int8_t,
              const int32_t zs = p->state_zero_point;
              const uint32_t neg_zs2 = ((uint32_t)-zs & 0xFFFFu) * 0x10001u;,
              4, tnm_arm_dsp_row_dots_s8(sums, wt, st, n / 4, nf, bv, step, neg_zs2),
              const uint32_t wv = tnm_opt_read4(wt + m); const uint32_t sv = tnm_opt_read4(st + m);
              acc = tnm_smlad(tnm_sxtb16(wv), tnm_sxtab16(neg_zs2, sv), acc);
              acc = tnm_smlad(tnm_sxtb16_ror8(wv), tnm_sxtab16_ror8(neg_zs2, sv), acc);,
              acc += (uint32_t)(wt[m] * (st[m] - zs));)
#undef SVDF_UNITS_FN


/* The usual SVDF of TFLite's converter: int16 state at zero point 0, or int8 state at any
 * zero point; the input's values minus their zero point as int16 pairs (xp, whole groups of 4:
 * n4). Features four filters at a time (each pair of input words loaded once for four weight
 * words), then per unit its rank filters' products with the time weights, two a SMLAD; the
 * arithmetic of the general loop, in the same order. */
static void svdf_fast(const tnm_svdf_params *p, const tnm_svdf_dims *dims, const int8_t *x, const uint32_t *xp,
                      int32_t n4, const int8_t *weights_feature, const void *weights_time, const int32_t *bias,
                      void *state, int wide, int8_t *out)
{
    const int32_t in_n = dims->input_size, mem = dims->memory, filters = dims->filters, rank = dims->rank;
    const int32_t units = filters / rank, zx = p->input_zero_point, n = rank * mem, zs = p->state_zero_point;
    const int32_t fm = p->feature_multiplier, fs = p->feature_shift;
    int16_t *st16 = (int16_t *)state;
    int8_t *st8 = (int8_t *)state;
    const int16_t *wt16 = (const int16_t *)weights_time;
    const int8_t *wt8 = (const int8_t *)weights_time;
    tnm_opt_rq_pre fr;
    int32_t f, c, k, nf;
    uint32_t sums[4 * SVDF_FEATURE_SETS];
    tnm_opt_rq_prepare(&fr, fm, fs);
    for (f = 0; f < filters; f += nf) {
        /* whole sets of 4 filters through the shared loop, the last 1-3 filters one by one */
        const int32_t left = filters - f, sets = left / 4 < SVDF_FEATURE_SETS ? left / 4 : SVDF_FEATURE_SETS;
        const int8_t *w0 = weights_feature + f * in_n;
        const int32_t newest = f * mem + mem - 1;
        nf = sets > 0 ? 4 * sets : left;
        if (sets > 0)
            tnm_arm_dsp_rows4_sums(sums, (const int16_t *)(const void *)xp, n4, w0, in_n, 2 * in_n, 3 * in_n,
                                   4 * in_n, sets);
        else
            for (k = 0; k < nf; ++k) sums[k] = dot_pairs(w0 + k * in_n, xp, n4);
        if (4 * n4 < in_n) { /* the last in_n % 4 inputs */
            for (k = 0; k < nf; ++k)
                for (c = 4 * n4; c < in_n; ++c) sums[k] += (uint32_t)(w0[k * in_n + c] * (x[c] - zx));
        }
        /* requantized, clamped to the state type, plus its zero point (wrapping as TFLM's cast) */
#define SVDF_STORE(RQ)                                                                          \
    if (wide) {                                                                                 \
        int16_t *d_ = st16 + newest;                                                            \
        for (k = 0; k < nf; ++k, d_ += mem) *d_ = (int16_t)tnm_opt_sat16(RQ); /* zero point 0 */ \
    } else {                                                                                    \
        int8_t *d_ = st8 + newest;                                                              \
        for (k = 0; k < nf; ++k, d_ += mem) *d_ = (int8_t)(uint8_t)(uint32_t)tnm_wrap_add(tnm_opt_sat8(RQ), zs); \
    }
        if (fs < 0) {
            SVDF_STORE(tnm_opt_rq_neg(tnm_wrap_i32(sums[k]), &fr))
        } else {
            SVDF_STORE(tnm_opt_rq_pos(tnm_wrap_i32(sums[k]), fm, fs))
        }
#undef SVDF_STORE
    }
    /* per unit its rank filters, which lie one after another (n products) */
    if (wide) svdf_units16(p, units, n, wt16, st16, bias, out);
    else svdf_units8(p, units, n, wt8, st8, bias, out);
}
#endif

tnm_status tnm_svdf_s8(const tnm_svdf_params *params, const tnm_svdf_dims *dims, const int8_t *input_data,
                       const int8_t *weights_feature, const void *weights_time, const int32_t *bias,
                       void *state, int32_t state_bytes, int8_t *output_data)
{
    int32_t b, f, c, u, r, m;
    int32_t lo, hi, wide, units, in_n, mem, filters, zx, zs;
    tnm_svdf_params p;
#if SVDF_USE_DSP
    uint32_t xp[SVDF_XCAP / 2];
#endif
    if (params == 0 || dims == 0 || input_data == 0 || weights_feature == 0 || weights_time == 0 || state == 0 ||
        output_data == 0 || (state_bytes != 1 && state_bytes != 2))
        return TNM_ERR_ARGUMENT;
    p = *params;
    if (dims->batch < 1 || dims->input_size < 1 || dims->filters < 1 || dims->memory < 1 || dims->rank < 1 ||
        dims->filters % dims->rank != 0 || !tnm_product_fits(dims->filters, dims->input_size) ||
        !tnm_product_fits(dims->batch, dims->input_size) || !tnm_product_fits(dims->filters, dims->memory) ||
        !tnm_product_fits(dims->batch, dims->filters * dims->memory) ||
        !tnm_product_fits(dims->batch * dims->filters * dims->memory, state_bytes))
        return TNM_ERR_ARGUMENT;
    wide = state_bytes == 2;
    lo = wide ? -32768 : -128;
    hi = wide ? 32767 : 127;
    if (p.input_zero_point < -128 || p.input_zero_point > 127 || p.output_zero_point < -128 ||
        p.output_zero_point > 127 || p.state_zero_point < lo || p.state_zero_point > hi ||
        !mult_ok(p.feature_multiplier, p.feature_shift) || !mult_ok(p.time_multiplier, p.time_shift))
        return TNM_ERR_ARGUMENT;
    in_n = dims->input_size;
    mem = dims->memory;
    filters = dims->filters;
    units = filters / dims->rank;
    zx = p.input_zero_point;
    zs = p.state_zero_point;
    /* the whole array one element down (TFLM's order: the newest values are written after) */
    shift_down((uint8_t *)state, state_bytes, (dims->batch * filters * mem - 1) * state_bytes);
    for (b = 0; b < dims->batch; ++b) {
        const int8_t *x = input_data + b * in_n;
        const int32_t base = b * filters * mem;
        const int32_t n4 = in_n / 4;
#if SVDF_USE_DSP
        const uint32_t neg2 = ((uint32_t)-zx & 0xFFFFu) * 0x10001u;
        const int keep = in_n <= SVDF_XCAP;
        if (keep) {
            for (c = 0; c < n4; ++c) {
                const uint32_t xv = tnm_opt_read4(x + 4 * c);
                xp[2 * c] = tnm_sxtab16(neg2, xv);
                xp[2 * c + 1] = tnm_sxtab16_ror8(neg2, xv);
            }
        }
        if (keep && (!wide || zs == 0)) {
            svdf_fast(&p, dims, x, xp, n4, weights_feature, weights_time, bias,
                      (uint8_t *)state + base * state_bytes, wide, output_data + b * units);
            continue;
        }
#endif
        for (f = 0; f < filters; ++f) {
            const int8_t *w = weights_feature + f * in_n;
            uint32_t dot;
            int32_t v;
#if SVDF_USE_DSP
            dot = keep ? dot_pairs(w, xp, n4) : dot_s8(w, x, n4, neg2);
            c = 4 * n4;
#else
            dot = 0u;
            c = 0;
            (void)n4;
#endif
            for (; c < in_n; ++c) dot += (uint32_t)(w[c] * (x[c] - zx));
            v = tnm_clamp(tnm_opt_requant(tnm_wrap_i32(dot), p.feature_multiplier, p.feature_shift), lo, hi);
            v = tnm_wrap_add(v, zs); /* stored as the state type, wrapping as TFLM's cast */
            if (wide) ((int16_t *)state)[base + f * mem + mem - 1] = (int16_t)(uint16_t)(uint32_t)v;
            else ((int8_t *)state)[base + f * mem + mem - 1] = (int8_t)(uint8_t)(uint32_t)v;
        }
        /* each unit: its rank filters' time products, the bias, the requantization */
        for (u = 0; u < units; ++u) {
            uint32_t acc = bias != 0 ? (uint32_t)bias[u] : 0u;
            int32_t v;
            for (r = 0; r < dims->rank; ++r) {
                const int32_t ff = u * dims->rank + r;
                if (wide) {
                    const int16_t *wt = (const int16_t *)weights_time + ff * mem;
                    const int16_t *s = (const int16_t *)state + base + ff * mem;
#if SVDF_USE_DSP
                    acc += dot_s16(wt, s, mem, zs);
#else
                    /* int16 x int16 differences can pass 2^31: multiplied as uint32 */
                    for (m = 0; m < mem; ++m) acc += (uint32_t)wt[m] * (uint32_t)(s[m] - zs);
#endif
                } else {
                    const int8_t *wt = (const int8_t *)weights_time + ff * mem;
                    const int8_t *s = (const int8_t *)state + base + ff * mem;
                    m = 0;
#if SVDF_USE_DSP
                    acc += dot_s8(wt, s, mem / 4, ((uint32_t)-zs & 0xFFFFu) * 0x10001u);
                    m = mem & ~3;
#endif
                    for (; m < mem; ++m) acc += (uint32_t)(wt[m] * (s[m] - zs));
                }
            }
            v = tnm_wrap_add(tnm_opt_requant(tnm_wrap_i32(acc), p.time_multiplier, p.time_shift),
                             p.output_zero_point);
            output_data[b * units + u] = (int8_t)tnm_clamp(v, -128, 127);
        }
    }
    return TNM_OK;
}
