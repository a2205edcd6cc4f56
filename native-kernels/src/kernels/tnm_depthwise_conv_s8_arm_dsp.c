/*
 * Cortex-M DSP-extension variant (ARMv7E-M, ARMv8-M Mainline with DSP) of DEPTHWISE_CONV_2D;
 * bit-exact with the reference kernel.
 *
 * One path for every filter size, stride 1 or 2, dilation, depth multiplier, SAME or
 * VALID, any channel count >= 4 (tnm_opt_dw_scratch_arm_dsp gives its scratch):
 *
 * Planes. The call runs along its longer output axis (the "minor" axis: output width, or
 * the height when that is larger; the other is "major"). Per group of 4 input channels
 * (a last group overlapping the one before it when channels % 4 != 0, its overlapping
 * lanes not stored) the input rows along the major axis pass once each through a ring of
 * filter-size slots. A slot holds, per channel, a line of int16 pairs: word j = (x[2j],
 * x[2j + 1]) along the minor axis, padding positions holding -input_offset. Building one
 * word for 4 channels costs 2 loads, 2 PKH, 4 SXTB16 and 4 stores. The input offset is
 * folded into the bias: a padding tap adds w * (-input_offset + input_offset) = 0.
 *
 * Strips. One output channel along one output line in blocks of 4 outputs, each SMLAD a
 * pair of taps of one channel. Stride 1: with A_j = (w[2j], w[2j+1]) and B_j = (w[2j-1],
 * w[2j]) (w outside the filter = 0), outputs 2k and 2k+1 are sum_j X_(k+j) . A_j and
 * sum_j X_(k+j) . B_j. Stride 2: output k is sum_j X_(k+j) . A_j. So 3x3 costs 8 SMLAD
 * per row of taps for 4 outputs, every X word loaded once per block.
 *
 * Dilation (stride 1 on that axis): the outputs split into `dilation` phases, each an
 * undilated stride-1 problem over every dilation-th input position.
 *
 * Requantization: the folded fast form (tnm_opt_rq_fast), per output AND, ORR, SUB,
 * SMLAL, ASR, SSAT, STRB. Calls with a shift outside that form, fewer than 4 channels, a
 * stride above 2 with dilation, or no scratch take the generic loop.
 *
 * On a host this file builds with portable C versions of the instructions
 * (tnm_kernels_opt.h) and the differential tests compare it with the reference.
 */
#include "tnm_arm_dsp_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

#define DW_LANES 4

/* Not per output: compiled for size where GCC allows (the loops are the blocks and the
 * fill loop, in assembly on Cortex-M). */
#if defined(__GNUC__) && !defined(__clang__)
#define DW_COLD __attribute__((optimize("Os", "no-tree-loop-distribute-patterns")))
#else
#define DW_COLD
#endif


/* One spatial axis of the call, in the orientation the path runs. */
typedef struct {
    int32_t in_n, out_n, k, s, d, pad;
    int32_t in_step, out_step; /* bytes between neighbours along the axis */
} dw_axis;

/* One strip: an output channel along n outputs of the minor axis. */
typedef struct {
    const uint32_t *const *rows; /* ka pointers to the lane's line in each slot */
    const uint32_t *w;           /* wpr words per row of taps */
    int8_t *out;
    int32_t ka, wpr, nw, s, n, out_step;
    int32_t folded, m, chi, e1, act_min, act_max;
} dw_strip_args;

/* 1 when no accumulator of the channel can meet acc * m = 2^30 (mod 2^32) with acc < 0:
 * |acc| <= |folded| + taps * 2^14 < 2^(30 - v), v = trailing zero bits of m. */
static int dw_rq_eor_ok(int32_t folded, int32_t m, int32_t taps)
{
    const int64_t bound = (folded < 0 ? -(int64_t)folded : (int64_t)folded) + (int64_t)taps * 16384;
    int32_t v = 0;
    if (m == 0) return 1;
    while (((uint32_t)m >> v & 1u) == 0) ++v;
    return v <= 30 && bound < ((int64_t)1 << (30 - v));
}


#if TNM_OPT_ARM_ASM
/* Full blocks of 4 outputs for 3 rows of taps with nw = 2 (3-wide filters), stride 1
 * or 2 along the minor axis: per block 3 x (3 loads + 2 LDRD + 8 SMLAD), the
 * requantization, the row pointers advanced in *a. The requantization's constant is
 * formed as 2^30 XOR (acc >> 31) with chi + (acc >> 31): for acc < 0 that is one less
 * than tnm_opt_rq_fast's, which changes a result only when acc * m = 2^30 (mod 2^32);
 * such an acc is a multiple of 2^(30 - v) (v = trailing zeros of m), so channels whose
 * accumulators stay below that (dw_rq_eor_ok) take this block, others the C loop. */
typedef struct {
    const uint32_t *row[3]; /* 0, 4, 8: the block's X words in each row */
    const uint32_t *w;      /* 12: weights (A0 B0 A1 B1 | A0 A1 per row); folded m chi e1 before */
    int8_t *out;            /* 16 */
    int32_t out_step;       /* 20 */
    const int8_t *end;      /* 24: out after the last block (>= 1 block) */
} dw3_args;

#define DW3_REQ(acc, store)                                                                \
    "eor r1, r12, " acc ", asr #31\n\t"  /* 2^30 - [acc < 0] * 2^31, low word */           \
    "add r2, r9, " acc ", asr #31\n\t"   /* chi - [acc < 0] */                             \
    "smlal r1, r2, " acc ", r8\n\t"                                                        \
    "asr r2, r2, r10\n\t"                                                                  \
    "ssat r2, #8, r2\n\t"                                                                  \
    store "\n\t"
#define DW3_REQ_ALL                                                                        \
    DW3_REQ("r4", "strb r2, [r11]") DW3_REQ("r5", "strb r2, [r11, lr]")                    \
    "add r11, r11, lr, lsl #1\n\t"                                                         \
    DW3_REQ("r6", "strb r2, [r11]") DW3_REQ("r7", "strb r2, [r11, lr]")                    \
    "add r11, r11, lr, lsl #1\n\t"
#define DW3_S1_ROW(r)                                                                      \
    "ldm " r "!, {r8, r9}\n\t"                                                             \
    "ldr r10, [" r "]\n\t"                                                                 \
    "ldrd r11, lr, [r12], #8\n\t"                                                          \
    "smlad r4, r8, r11, r4\n\t"                                                            \
    "smlad r5, r8, lr, r5\n\t"                                                             \
    "smlad r6, r9, r11, r6\n\t"                                                            \
    "smlad r7, r9, lr, r7\n\t"                                                             \
    "ldrd r11, lr, [r12], #8\n\t"                                                          \
    "smlad r4, r9, r11, r4\n\t"                                                            \
    "smlad r5, r9, lr, r5\n\t"                                                             \
    "smlad r6, r10, r11, r6\n\t"                                                           \
    "smlad r7, r10, lr, r7\n\t"
#define DW3_S2_ROW(r)                                                                      \
    "ldm " r "!, {r8, r9}\n\t"                                                             \
    "ldrd r11, lr, [r12], #8\n\t"                                                          \
    "smlad r4, r8, r11, r4\n\t"                                                            \
    "smlad r4, r9, lr, r4\n\t"                                                             \
    "smlad r5, r9, r11, r5\n\t"                                                            \
    "ldm " r "!, {r8, r10}\n\t"                                                            \
    "smlad r5, r8, lr, r5\n\t"                                                             \
    "smlad r6, r8, r11, r6\n\t"                                                            \
    "smlad r6, r10, lr, r6\n\t"                                                            \
    "smlad r7, r10, r11, r7\n\t"                                                           \
    "ldr r9, [" r "]\n\t"                                                                  \
    "smlad r7, r9, lr, r7\n\t"
#define DW3_BODY(ROW)                                                                      \
    "push {r4-r11, lr}\n\t"                                                                \
    "ldm r0, {r1, r2, r3, r12}\n\t"                                                        \
    "0:\n\t"                                                                               \
    "ldrd r4, r5, [r12, #-20]\n\t" /* folded, folded */                                   \
    "ldrd r6, r7, [r12, #-20]\n\t"                                                         \
    ROW("r1") ROW("r2") ROW("r3")                                                          \
    "stm r0, {r1, r2, r3}\n\t"                                                             \
    "ldr r12, [r0, #12]\n\t"                                                               \
    "ldmdb r12, {r8, r9, r10}\n\t"                                                         \
    "ldrd r11, lr, [r0, #16]\n\t"                                                          \
    "mov r12, #0x40000000\n\t"                                                             \
    DW3_REQ_ALL                                                                            \
    "str r11, [r0, #16]\n\t"                                                               \
    "ldr r1, [r0, #24]\n\t"                                                                \
    "cmp r11, r1\n\t"                                                                      \
    "ldm r0, {r1, r2, r3, r12}\n\t"                                                        \
    "bne 0b\n\t"                                                                           \
    "pop {r4-r11, pc}\n\t"

/* stride 1: the row pointers advance 2 words per block (the LDM write-back) */
__attribute__((naked, noinline)) static void dw3_s1(dw3_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DW3_BODY(DW3_S1_ROW));
}
/* stride 2: 4 words per block */
__attribute__((naked, noinline)) static void dw3_s2(dw3_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DW3_BODY(DW3_S2_ROW));
}

/* Any filter: the same blocks with loops over the rows of taps and the X words (per
 * word of a row: stride 1 one load, one LDRD of A_j B_j, 4 SMLAD; stride 2 one load of X,
 * one of A_j, 4 SMLAD). */
typedef struct {
    const uint32_t *const *rows; /* 0: ka line pointers */
    const uint32_t *w;           /* 4: weights; folded x2, m, chi, e1 before */
    int8_t *out;                 /* 8 */
    int32_t out_step;            /* 12 */
    const int8_t *end;           /* 16: out after the last block */
    const uint32_t *const *rows_end; /* 20: rows + ka */
    int32_t nw;                  /* 24: >= 1 */
    int32_t xo;                  /* 28: bytes from a line's start to the block's X words */
    int32_t xo_step;             /* 32: 8 (stride 1) or 16 (stride 2) */
} dwg_args;

#define DWG_BODY(WORDS)                                                                    \
    "push {r4-r11, lr}\n\t"                                                                \
    "0:\n\t"                                                                               \
    "ldr r12, [r0, #4]\n\t"                                                                \
    "ldrd r4, r5, [r12, #-20]\n\t"                                                         \
    "ldrd r6, r7, [r12, #-20]\n\t"                                                         \
    "ldr r1, [r0, #0]\n\t"                                                                 \
    "1:\n\t"                                                                               \
    "ldr lr, [r1], #4\n\t"                                                                 \
    "ldr r3, [r0, #28]\n\t"                                                                \
    "add lr, lr, r3\n\t"                                                                   \
    WORDS                                                                                  \
    "ldr r3, [r0, #20]\n\t"                                                                \
    "cmp r1, r3\n\t"                                                                       \
    "bne 1b\n\t"                                                                           \
    "ldr r12, [r0, #4]\n\t"                                                                \
    "ldmdb r12, {r8, r9, r10}\n\t"                                                         \
    "ldrd r11, lr, [r0, #8]\n\t"                                                           \
    "mov r12, #0x40000000\n\t"                                                             \
    DW3_REQ_ALL                                                                            \
    "str r11, [r0, #8]\n\t"                                                                \
    "ldrd r1, r2, [r0, #28]\n\t"                                                           \
    "add r1, r1, r2\n\t"                                                                   \
    "str r1, [r0, #28]\n\t"                                                                \
    "ldr r1, [r0, #16]\n\t"                                                                \
    "cmp r11, r1\n\t"                                                                      \
    "bne 0b\n\t"                                                                           \
    "pop {r4-r11, pc}\n\t"
#define DWG_S1_WORDS                                                                       \
    "ldr r8, [lr], #4\n\t"                                                                 \
    "ldr r3, [r0, #24]\n\t"                                                                \
    "2:\n\t"                                                                               \
    "ldr r9, [lr], #4\n\t"                                                                 \
    "ldrd r10, r11, [r12], #8\n\t"                                                         \
    "smlad r4, r8, r10, r4\n\t"                                                            \
    "smlad r5, r8, r11, r5\n\t"                                                            \
    "smlad r6, r9, r10, r6\n\t"                                                            \
    "smlad r7, r9, r11, r7\n\t"                                                            \
    "mov r8, r9\n\t"                                                                       \
    "subs r3, r3, #1\n\t"                                                                  \
    "bne 2b\n\t"
#define DWG_S2_WORDS                                                                       \
    "ldm lr!, {r8, r9, r10}\n\t"                                                           \
    "ldr r3, [r0, #24]\n\t"                                                                \
    "2:\n\t"                                                                               \
    "ldr r11, [lr], #4\n\t"                                                                \
    "ldr r2, [r12], #4\n\t"                                                                \
    "smlad r4, r8, r2, r4\n\t"                                                             \
    "smlad r5, r9, r2, r5\n\t"                                                             \
    "smlad r6, r10, r2, r6\n\t"                                                            \
    "smlad r7, r11, r2, r7\n\t"                                                            \
    "mov r8, r9\n\t"                                                                       \
    "mov r9, r10\n\t"                                                                      \
    "mov r10, r11\n\t"                                                                     \
    "subs r3, r3, #1\n\t"                                                                  \
    "bne 2b\n\t"

__attribute__((naked, noinline)) static void dwg_s1(dwg_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DWG_BODY(DWG_S1_WORDS));
}
__attribute__((naked, noinline)) static void dwg_s2(dwg_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DWG_BODY(DWG_S2_WORDS));
}

/* A strip through dwg_s1 / dwg_s2, as dw3_strip. */
__attribute__((noinline)) static void dwg_strip(const dw_strip_args *sa)
{
    void (*const fn)(dwg_args *) = sa->s == 1 ? dwg_s1 : dwg_s2;
    const int32_t n = sa->n, step = sa->out_step;
    dwg_args b;
    int8_t tail[4], *out = sa->out;
    int32_t i;
    b.rows = sa->rows;
    b.rows_end = sa->rows + sa->ka;
    b.w = sa->w;
    b.out = out;
    b.out_step = step;
    b.end = out + (n >> 2) * 4 * step;
    b.nw = sa->nw;
    b.xo = 0;
    b.xo_step = sa->s == 1 ? 8 : 16;
    if (n >= 4) fn(&b);
    if ((n & 3) == 0) return;
    out = b.out;
    b.out = tail;
    b.out_step = 1;
    b.end = tail + 4;
    fn(&b);
    for (i = 0; i < (n & 3); ++i) out[i * step] = tail[i];
}

/* One strip of n outputs through the block: the full blocks in place, the last partial
 * block into a buffer, then its first n % 4 outputs. */
__attribute__((noinline)) static void dw3_strip(void (*fn)(dw3_args *), const uint32_t *const *rows,
                                                const uint32_t *w, int8_t *out, int32_t step,
                                                int32_t n)
{
    dw3_args b;
    int8_t tail[4];
    int32_t i;
    b.row[0] = rows[0];
    b.row[1] = rows[1];
    b.row[2] = rows[2];
    b.w = w;
    b.out = out;
    b.out_step = step;
    b.end = out + (n >> 2) * 4 * step;
    if (n >= 4) fn(&b);
    if ((n & 3) == 0) return;
    out = b.out;
    b.out = tail;
    b.out_step = 1;
    b.end = tail + 4;
    fn(&b);
    for (i = 0; i < (n & 3); ++i) out[i * step] = tail[i];
}
#endif

/* The strip in C (hosts; on Cortex-M filters other than 3-tap rows x 3, clamped
 * activation ranges, channels outside dw_rq_eor_ok): blocks of 4 outputs, the X words
 * of a row of taps loaded once per block. */
DW_COLD static void dw_strip(const dw_strip_args *a)
{
    const int32_t ka = a->ka, wpr = a->wpr, nw = a->nw, s1 = a->s == 1;
    int32_t k0, i, xo = 0;
    int8_t *out = a->out;
    for (k0 = 0; k0 < a->n; k0 += 4, xo += s1 ? 2 : 4, out += 4 * a->out_step) {
        uint32_t acc[4];
        const uint32_t *w = a->w;
        int32_t t, j;
        acc[0] = acc[1] = acc[2] = acc[3] = (uint32_t)a->folded;
        for (t = 0; t < ka; ++t, w += wpr) {
            const uint32_t *x = a->rows[t] + xo;
            for (j = 0; j < nw; ++j) {
                if (s1) { /* outputs 2k, 2k + 1 from X_(k+j) with A_j, B_j */
                    const uint32_t wa = w[2 * j], wb = w[2 * j + 1];
                    acc[0] = tnm_smlad(x[j], wa, acc[0]);
                    acc[1] = tnm_smlad(x[j], wb, acc[1]);
                    acc[2] = tnm_smlad(x[j + 1], wa, acc[2]);
                    acc[3] = tnm_smlad(x[j + 1], wb, acc[3]);
                } else { /* output k from X_(k+j) with A_j */
                    for (i = 0; i < 4; ++i) acc[i] = tnm_smlad(x[i + j], w[j], acc[i]);
                }
            }
        }
        for (i = 0; i < 4 && k0 + i < a->n; ++i) {
            const int32_t v = tnm_opt_sat8(tnm_opt_rq_fast((int32_t)acc[i], a->m, a->chi, a->e1));
            out[i * a->out_step] = (int8_t)(v < a->act_min ? a->act_min : v > a->act_max ? a->act_max : v);
        }
    }
}

/* Geometry of the orientation the call runs in (sizes: tnm_opt_dw_scratch_arm_dsp). */
typedef struct {
    int transposed;
    int32_t ka, kb, line_words, wpr, dm;
} dw_geom;

static void dw_geometry(const tnm_dims *input, const tnm_dims *filter, const tnm_dims *output,
                        int transposed, dw_geom *g)
{
    g->transposed = transposed;
    g->kb = transposed ? filter->h : filter->w;
    g->ka = transposed ? filter->w : filter->h;
    g->dm = filter->c / input->c;
    {
        const int32_t out_b = transposed ? output->h : output->w, in_b = transposed ? input->h : input->w;
        g->line_words = tnm_opt_dw_line_bound(out_b, g->kb, in_b);
    }
    g->wpr = tnm_opt_dw_wpr(g->kb);
}

/* Where a slot's words come from, per phase: word j holds plane positions 2j and 2j + 1
 * <-> input positions first + (2j) * step and first + (2j + 1) * step along the minor
 * axis; [j_lo, j_hi) have both inside the row. */
typedef struct {
    int32_t lw, first, step, j_lo, j_hi, in_n, is;
    uint32_t pad2; /* (-input_offset, -input_offset) */
} dw_fill_geom;

static void dw_fill_setup(dw_fill_geom *f, int32_t lw, int32_t first, int32_t step,
                          const dw_axis *minor, uint32_t pad2)
{
    const int32_t in_n = minor->in_n;
    f->lw = lw;
    f->first = first;
    f->step = step;
    f->in_n = in_n;
    f->is = minor->in_step;
    f->pad2 = pad2;
    f->j_lo = first >= 0 ? 0 : (-first + 2 * step - 1) / (2 * step);
    f->j_hi = in_n - 1 - first - step < 0 ? 0 : (in_n - 1 - first - step) / (2 * step) + 1;
    if (f->j_hi > lw) f->j_hi = lw;
    if (f->j_lo > f->j_hi) f->j_lo = f->j_hi;
}

/* Word j of the 4 lanes from the 4 channel bytes of positions 2j (p) and 2j + 1 (q). */
static inline void dw_put(uint32_t *d, int32_t lw, uint32_t p, uint32_t q)
{
    const uint32_t lo = (p & 0xFFFFu) | (q << 16);     /* bytes p0 p1 q0 q1 */
    const uint32_t hi = (q & 0xFFFF0000u) | (p >> 16); /* bytes p2 p3 q2 q3 */
    d[0] = tnm_sxtb16(lo);                             /* (p0, q0) */
    d[lw] = tnm_sxtb16_ror8(lo);                       /* (p1, q1) */
    d[2 * lw] = tnm_sxtb16(hi);                        /* (p2, q2) */
    d[3 * lw] = tnm_sxtb16_ror8(hi);                   /* (p3, q3) */
}

/* Fill one slot from input row src (NULL: a padding row); positions outside the row
 * get the byte -input_offset (pad4: 4 of them). */
TNM_OPT_NO_LIBCALLS static void dw_fill(uint32_t *slot, const dw_fill_geom *f, const int8_t *src)
{
    const int32_t lw = f->lw, is = f->is;
    const uint32_t pad4 = (f->pad2 & 0xFFu) * 0x01010101u;
    int32_t j;
    if (src == 0) {
        for (j = 0; j < DW_LANES * lw; ++j) slot[j] = f->pad2;
        return;
    }
    for (j = 0; j < lw; ++j) {
        if (j == f->j_lo && j < f->j_hi) {
            const int32_t bs = is * f->step; /* bytes between plane positions */
            const int8_t *px = src + (f->first + 2 * j * f->step) * is;
            uint32_t *d = slot + j;
            uint32_t *const end = slot + f->j_hi;
#if TNM_OPT_ARM_ASM
            /* 15 instructions per word of 4 lanes */
            const int32_t o1 = 4 * lw - 4, o2 = 8 * lw - 4, o3 = 12 * lw - 4;
            uint32_t p, q, a, b;
            __asm__ volatile("1:\n\t"
                             "ldr %[p], [%[px]]\n\t"
                             "ldr %[q], [%[px], %[bs]]\n\t"
                             "add %[px], %[px], %[bs], lsl #1\n\t"
                             "pkhbt %[a], %[p], %[q], lsl #16\n\t"
                             "pkhtb %[b], %[q], %[p], asr #16\n\t"
                             "sxtb16 %[p], %[a]\n\t"
                             "sxtb16 %[a], %[a], ror #8\n\t"
                             "sxtb16 %[q], %[b]\n\t"
                             "sxtb16 %[b], %[b], ror #8\n\t"
                             "str %[p], [%[d]], #4\n\t"
                             "str %[a], [%[d], %[o1]]\n\t"
                             "str %[q], [%[d], %[o2]]\n\t"
                             "str %[b], [%[d], %[o3]]\n\t"
                             "cmp %[d], %[end]\n\t"
                             "bne 1b\n\t"
                             : [p] "=&r"(p), [q] "=&r"(q), [a] "=&r"(a), [b] "=&r"(b), [d] "+r"(d),
                               [px] "+r"(px)
                             : [bs] "r"(bs), [o1] "r"(o1), [o2] "r"(o2), [o3] "r"(o3), [end] "r"(end)
                             : "memory", "cc");
#else
            for (; d < end; px += 2 * bs, ++d) dw_put(d, lw, tnm_opt_read4(px), tnm_opt_read4(px + bs));
#endif
            j = f->j_hi;
            if (j >= lw) break;
        }
        {
            const int32_t i0 = f->first + 2 * j * f->step, i1 = i0 + f->step;
            dw_put(slot + j, lw, i0 >= 0 && i0 < f->in_n ? tnm_opt_read4(src + i0 * is) : pad4,
                   i1 >= 0 && i1 < f->in_n ? tnm_opt_read4(src + i1 * is) : pad4);
        }
    }
}

/* The fast path; returns 0 (nothing written) when the call does not qualify. */
DW_COLD static int depthwise_fast(const tnm_conv_params *params, const tnm_quant *quant,
                                              const tnm_dims *input, const int8_t *input_data,
                                              const tnm_dims *filter, const int8_t *filter_data,
                                              const int32_t *bias, const tnm_dims *output,
                                              int8_t *output_data, void *scratch)
{
    const uint32_t *rows[DW_LANES * 16];
    int32_t tags[16];
    dw_geom g;
    dw_axis ax[2], *major, *minor;
    uint32_t *plane, *wbuf;
    const int32_t c_in = input->c, c_out = output->c;
    const int32_t input_offset = params->input_offset;
    const int32_t off2p1 = 2 * params->output_offset + 1;
    const uint32_t pad2 = ((uint32_t)-input_offset & 0xFFFFu) * 0x10001u;
    int32_t c, c0, need;
    need = tnm_depthwise_conv_s8_scratch_size_max(input, filter, output); /* = tnm_opt_dw_scratch_arm_dsp */
    if (scratch == 0 || need <= 0) return 0;
    for (c = 0; c < c_out; ++c) {
        if (!tnm_opt_rq_fast_ok(quant->shift[c])) return 0;
    }
    dw_geometry(input, filter, output, output->h > output->w, &g);
    /* ax[0] = y, ax[1] = x */
    ax[0].in_n = input->h; ax[0].out_n = output->h; ax[0].k = filter->h;
    ax[0].s = params->stride_h; ax[0].d = params->dilation_h; ax[0].pad = params->pad_h;
    ax[0].in_step = input->w * c_in; ax[0].out_step = output->w * c_out;
    ax[1].in_n = input->w; ax[1].out_n = output->w; ax[1].k = filter->w;
    ax[1].s = params->stride_w; ax[1].d = params->dilation_w; ax[1].pad = params->pad_w;
    ax[1].in_step = c_in; ax[1].out_step = c_out;
    major = g.transposed ? &ax[1] : &ax[0];
    minor = g.transposed ? &ax[0] : &ax[1];
    if ((major->d > 1 && major->s != 1) || (minor->d > 1 && minor->s != 1) || minor->s > 2)
        return 0;
    /* the lines this call needs must fit the ones the query sized (tnm_kernels_opt.h) */
    if (tnm_opt_dw_line_words(minor->out_n, g.kb, minor->s == 2 && minor->d == 1) > g.line_words)
        return 0;
    plane = (uint32_t *)(((uintptr_t)scratch + 3u) & ~(uintptr_t)3u);
    wbuf = plane + g.ka * DW_LANES * g.line_words;
    for (c0 = 0; c0 < c_in; c0 += DW_LANES) {
        /* the last group ends at the last channel; lanes before lane_from were done */
        const int32_t base = c0 + DW_LANES <= c_in ? c0 : c_in - DW_LANES;
        const int32_t lane_from = c0 - base;
        const int32_t groups_b = minor->d > 1 ? minor->d : 1, groups_a = major->d > 1 ? major->d : 1;
        const int32_t s_eff = minor->d > 1 ? 1 : minor->s;
        const int32_t nw = s_eff == 1 ? (g.kb + 2) / 2 : (g.kb + 1) / 2;
        const int32_t wpr = s_eff == 1 ? 2 * nw : nw;
        int32_t j, t, i, pa, pb, b, k;
        /* weights and requantization of the 4 * dm output channels */
        for (j = 0; j < DW_LANES * g.dm; ++j) {
            const int32_t oc = base * g.dm + j, s = quant->shift[oc];
            uint32_t *wr = wbuf + j * (g.ka * g.wpr + 6) + 6; /* after flag, folded x2, m, chi, e1 */
            uint32_t folded = bias != 0 ? (uint32_t)bias[oc] : 0u;
            for (t = 0; t < g.ka; ++t, wr += wpr) {
                /* the row's taps along the minor axis: w[i] = fp[i * fs] */
                const int8_t *fp = filter_data + oc + (g.transposed ? t : t * filter->w) * c_out;
                const int32_t fs = (g.transposed ? filter->w : 1) * c_out;
                int32_t prev = 0; /* w[2i - 1] */
                if (g.kb == 3) { /* the common filter, straight */
                    const int32_t w0 = fp[0], w1 = fp[fs], w2 = fp[2 * fs];
                    const uint32_t w01 = ((uint32_t)w0 & 0xFFFFu) | ((uint32_t)w1 << 16);
                    folded += (uint32_t)((w0 + w1 + w2) * input_offset);
                    if (s_eff == 1) {
                        wr[0] = w01;
                        wr[1] = (uint32_t)w0 << 16;
                        wr[2] = (uint32_t)w2 & 0xFFFFu;
                        wr[3] = ((uint32_t)w1 & 0xFFFFu) | ((uint32_t)w2 << 16);
                    } else {
                        wr[0] = w01;
                        wr[1] = (uint32_t)w2 & 0xFFFFu;
                    }
                    continue;
                }
                for (i = 0; i < nw; ++i) {
                    const int32_t w0 = 2 * i < g.kb ? fp[2 * i * fs] : 0;
                    const int32_t w1 = 2 * i + 1 < g.kb ? fp[(2 * i + 1) * fs] : 0;
                    const uint32_t wa = ((uint32_t)w0 & 0xFFFFu) | ((uint32_t)w1 << 16);
                    folded += (uint32_t)((w0 + w1) * input_offset);
                    if (s_eff == 1) { /* A_i = (w[2i], w[2i + 1]), B_i = (w[2i - 1], w[2i]) */
                        wr[2 * i] = wa;
                        wr[2 * i + 1] = ((uint32_t)prev & 0xFFFFu) | ((uint32_t)w0 << 16);
                    } else {
                        wr[i] = wa;
                    }
                    prev = w1;
                }
            }
            wr -= g.ka * wpr;
            wr -= 6;
            wr[0] = (uint32_t)dw_rq_eor_ok((int32_t)folded, quant->multiplier[oc], g.ka * g.kb);
            wr[1] = folded;
            wr[2] = folded;
            wr[3] = (uint32_t)quant->multiplier[oc];
            wr[4] = (uint32_t)tnm_opt_rq_chi(off2p1, s);
            wr[5] = (uint32_t)(-s - 1);
        }
        for (pa = 0; pa < groups_a; ++pa) {
            const int32_t n_a = (major->out_n - pa + groups_a - 1) / groups_a;
            for (pb = 0; pb < groups_b; ++pb) {
                const int32_t n_b = (minor->out_n - pb + groups_b - 1) / groups_b;
                const int32_t n4 = (n_b + 3) & ~3;
                const int32_t lw = (s_eff == 1 ? n4 / 2 : n4) + nw - 1; /* the last word a block reads */
                const int32_t first_b = pb * minor->s - minor->pad;
                dw_strip_args sa;
                dw_fill_geom fg;
#if TNM_OPT_ARM_ASM
                void (*const asm_fn)(dw3_args *) = s_eff == 1 ? dw3_s1 : dw3_s2;
                const int full = params->act_min == -128 && params->act_max == 127;
                const int use_asm = g.ka == 3 && nw == 2 && full;
#endif
                if (n_a <= 0 || n_b <= 0) continue;
                dw_fill_setup(&fg, lw, first_b, groups_b > 1 ? minor->d : 1, minor, pad2);
                sa.ka = g.ka;
                sa.wpr = wpr;
                sa.nw = nw;
                sa.s = s_eff;
                sa.n = n_b;
                sa.out_step = groups_b * minor->out_step;
                sa.act_min = params->act_min;
                sa.act_max = params->act_max;
                for (b = 0; b < output->n; ++b) {
                    const int8_t *in_b = input_data + (int32_t)b * input->h * input->w * c_in + base;
                    for (t = 0; t < g.ka; ++t) tags[t] = -1;
                    for (k = 0; k < n_a; ++k) {
                        const int32_t oa = pa + groups_a * k;
                        /* rows along the major axis: row(u) = r0 + u * ga, u = u0 + t */
                        const int32_t ga = groups_a > 1 ? major->d : 1;
                        const int32_t u0 = groups_a > 1 ? k : oa * major->s;
                        const int32_t r0 = groups_a > 1 ? pa * major->s - major->pad : -major->pad;
                        int8_t *out_px = output_data + (int32_t)b * output->h * output->w * c_out +
                                         oa * major->out_step + pb * minor->out_step + base * g.dm;
                        int32_t l, m;
                        for (t = 0; t < g.ka; ++t) {
                            const int32_t u = u0 + t, slot = u % g.ka, r = r0 + u * ga;
                            uint32_t *sp = plane + slot * DW_LANES * lw;
                            if (tags[slot] != u) {
                                dw_fill(sp, &fg, r >= 0 && r < major->in_n ? in_b + r * major->in_step : 0);
                                tags[slot] = u;
                            }
                            for (l = 0; l < DW_LANES; ++l) rows[l * 16 + t] = sp + l * lw;
                        }
                        for (l = lane_from; l < DW_LANES; ++l) {
                            for (m = 0; m < g.dm; ++m) {
                                const int32_t jj = l * g.dm + m;
                                const uint32_t *wr = wbuf + jj * (g.ka * g.wpr + 6);
#if TNM_OPT_ARM_ASM
                                if (use_asm && wr[0] != 0) {
                                    dw3_strip(asm_fn, rows + l * 16, wr + 6, out_px + jj, sa.out_step, n_b);
                                    continue;
                                }
#endif
                                sa.rows = rows + l * 16;
                                sa.w = wr + 6;
                                sa.out = out_px + jj;
                                sa.folded = (int32_t)wr[1];
                                sa.m = (int32_t)wr[3];
                                sa.chi = (int32_t)wr[4];
                                sa.e1 = (int32_t)wr[5];
#if TNM_OPT_ARM_ASM
                                if (full && wr[0] != 0) {
                                    dwg_strip(&sa);
                                    continue;
                                }
#endif
                                dw_strip(&sa);
                            }
                        }
                    }
                }
            }
        }
    }
    return 1;
}

/* ---- DEPTHWISE_CONV_2D 3x3, dilation 1, channels a multiple of 4, short rows: the
 * pixel path (4 channels per word), which beats the planes when the longer output axis is
 * short (per-group overheads of the planes, blocks of 4 outputs) ----
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

/* The pixel path; returns 0 (nothing written) when the call does not qualify. */
TNM_OPT_NO_LIBCALLS static int depthwise_3x3_fast(const tnm_conv_params *params, const tnm_quant *quant,
                              const tnm_dims *input, const int8_t *input_data,
                              const int8_t *filter_data, const int32_t *bias,
                              const tnm_dims *output, int8_t *output_data, void *scratch,
                              int descending)
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
    int32_t width, chunk, c0, c, i;
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
            for (i = 0; i < out_h; ++i) {
                /* rows in order, or last to first (tnm_depthwise_conv_s8_rows) */
                const int32_t y0 = (oy = descending ? out_h - 1 - i : i) * stride_h - pad_h;
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

/* Row order for in-place execution (tnm_depthwise_conv_s8_rows): the pixel path on rows
 * of any count. Per chunk of channels it copies the input rows of output row oy (rows in
 * order, or last to first) into its row buffer before writing that row, and touches only the chunk's
 * channels. Rows longer than 16 outputs at stride 1 (24 at stride 2) return 0: there bands of
 * the planes cost less (measured on emulated Cortex-M4: VWW 24x24x32 stride 1, pixel path
 * 681k instructions, bands of 8 rows 543k; VWW 48x48x16 stride 2 into 24 wide, pixel path
 * 428k, bands of 1 row 491k; KWS 25x5x64, pixel path 323k, bands of 1 row 516k). */
int tnm_depthwise_conv_s8_arm_dsp_rows(const tnm_conv_params *params, const tnm_quant *quant,
                                       const tnm_dims *input, const int8_t *input_data,
                                       const tnm_dims *filter, const int8_t *filter_data,
                                       const int32_t *bias, const tnm_dims *output,
                                       int8_t *output_data, void *scratch, int descending)
{
    if (!tnm_is_plain_depthwise_3x3(params, filter) || /* arguments checked by the caller */
        output->w > (params->stride_w == 1 ? 16 : 24) || !TNM_VARIANT_ON(DW_ROWS))
        return 0;
    return depthwise_3x3_fast(params, quant, input, input_data, filter_data, bias, output,
                              output_data, scratch, descending);
}

/* ---- DEPTHWISE_CONV_2D: 3x3 with a short longer output axis through the pixel path,
 * anything else the planes take through them, the rest through the generic loop ---- */
tnm_status tnm_depthwise_conv_s8_arm_dsp_unchecked(const tnm_conv_params *params,
                                                   const tnm_quant *quant,
                                                   const tnm_dims *input, const int8_t *input_data,
                                                   const tnm_dims *filter, const int8_t *filter_data,
                                                   const int32_t *bias,
                                                   const tnm_dims *output, int8_t *output_data,
                                                   void *scratch)
{
    if (tnm_is_plain_depthwise_3x3(params, filter)) {
        /* measured on the kernel grid: the pixel path wins up to 14 outputs along the
         * longer axis at stride 1, 16 at stride 2 */
        const int transposed = output->h > output->w;
        const int32_t n = transposed ? output->h : output->w;
        const int32_t s = transposed ? params->stride_h : params->stride_w;
        if ((n <= 14 || (s >= 2 && n <= 16)) && TNM_VARIANT_ON(DW_PIXEL) &&
            depthwise_3x3_fast(params, quant, input, input_data, filter_data, bias, output,
                               output_data, scratch, 0)) {
            return TNM_OK;
        }
    }
    /* a filter at least twice the image both ways: most taps fall outside it, which the
     * generic loop skips and the planes compute */
    if (!(filter->h >= 2 * input->h && filter->w >= 2 * input->w) && TNM_VARIANT_ON(DW_PLANES) &&
        depthwise_fast(params, quant, input, input_data, filter, filter_data, bias, output,
                       output_data, scratch)) {
        return TNM_OK;
    }
    tnm_arm_dsp_conv_generic(params, quant, input, input_data, filter, filter_data, bias, output, output_data, 1);
    return TNM_OK;
}

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
    return tnm_depthwise_conv_s8_arm_dsp_unchecked(params, quant, input, input_data, filter,
                                                   filter_data, bias, output, output_data, scratch);
}

#endif
