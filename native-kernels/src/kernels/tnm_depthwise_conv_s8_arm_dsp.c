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
 * sum_j X_(k+j) . B_j. Stride 2: output k is sum_j X_(k+j) . A_j. So 3x3 costs 8
 * multiply-accumulates per row of taps for 4 outputs (dw3_s1 / dw3_s2: one call per
 * output line for every lane), every X word loaded once per block.
 *
 * Dilation (stride 1 on that axis): the outputs split into `dilation` phases, each an
 * undilated stride-1 problem over every dilation-th input position.
 *
 * Requantization: doubled weights and one SMMLAR per output (dw_rq2; ADD, SMMLAR, ASR,
 * SSAT, STRB), channels whose accumulator could leave +-2^30 the folded fast form
 * (tnm_opt_rq_fast) in C, channels with a shift outside that form (TFLM's person detection
 * has shifts of -1) TFLite's general form in C (tnm_opt_output). Calls with fewer than 4
 * channels, a stride above 2 with dilation, or no scratch take the generic loop.
 *
 * In place (tnm_depthwise_conv_s8_rows): the same planes, output lines in order or last
 * to first; one path for the ordinary and the in-place call.
 *
 * On a host this file builds with portable C versions of the instructions
 * (tnm_kernels_opt.h) and the differential tests compare it with the reference.
 */
#include <stddef.h>

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
    const uint32_t *const *rows; /* ka pointers to lane 0's line in each slot */
    const uint32_t *hd;          /* the record (DW_HEAD) */
    const uint32_t *w;           /* wpr words per row of taps */
    int8_t *out;
    int32_t lane;                /* words from rows[t] to the lane's line */
    int32_t ka, wpr, nw, s, n, out_step, perm;
    int32_t act_min, act_max, out_offset;
} dw_strip_args;

/* Per output channel the prepared record: DW_HEAD words, then the weights.
 *   hd[0] m, hd[1] chi2 (doubled) or chi, hd[2] e (> 0: doubled) or -e1 - 1; a channel whose
 *   shift is outside the fast form (tnm_opt_rq_fast_ok): hd[2] = DW_GENERAL, hd[1] the shift
 *   (plain weights, requantized by tnm_opt_output in the C strip),
 *   hd[3..5] the folded bias, 3 copies (doubled or not).
 * The short layout (3 rows of taps, nw = 2: dw3_s1 / dw3_s2) has a 4th copy in hd[6] and
 * 2 words per row after it (stride 1 (w0,w1) (w1,w2), stride 2 (w0,w1) (w2,w3)).
 * Doubled channels hold 2 * weight in their int16 lanes and 2 * folded, so a block's
 * accumulator is 2 * acc, and the requantization is one SMMLAR (dw_rq2):
 *   v + off = floor(((chi2 - [acc < 0]) * 2^32 + 2 * acc * m + 2^31) / 2^32) >> e,
 * chi2 = (2 * off + 1) << (e - 1): twice tnm_opt_rq_fast's sum, so the same value, with the
 * sign taken from the accumulator exactly. Doubling is exact when the int32 accumulator
 * stays inside +-2^30: |folded| + taps * 2^14 < 2^30 (dw_prep); other channels keep the
 * plain form and the C strip. */
#define DW_HEAD 6
#define DW_GENERAL 0x80000000u
static inline int32_t dw_rq2(int32_t acc2, int32_t m, int32_t chi2, int32_t e)
{
    return tnm_opt_rq_doubled(acc2, m, chi2, e);
}

#if TNM_OPT_ARM_ASM
/* 3 rows of taps with nw = 2 (2- to 4-wide filters; the records' short layout, dw_prep),
 * stride 1 or 2 along the minor axis: one call per output line runs every unit (an output
 * channel: a lane's line, its record, its output column) of the group, each in blocks of
 * 4 outputs. Per block one LDM of the 4 folded copies and the first row's weights, 2 LDRD
 * of the other rows', 3 x (2 or 3 loads of X + 8 multiply-accumulates), one LDM of the
 * requantization and the block's pointers, the requantization (5 per output: ADD, SMMLAR,
 * ASR, SSAT, STRB; the flags of the loop's compare kept across it) and 4 of loop. The last
 * block stores its first cnt outputs; with cnt <= 2 it computes only those two (half the
 * X words and multiply-accumulates).
 * Stride 1 weights per row (w0,w1) (w1,w2): outputs 2k, 2k+1 are X_k.(w0,w1) + lo(X_k+1) w2
 * and hi(X_k) w0 + X_k+1.(w1,w2). Stride 2: (w0,w1) (w2,w3), output k is X_k.(w0,w1) +
 * X_k+1.(w2,w3). Units with a plain record (e <= 0) are skipped (the caller runs them in
 * C). */
typedef struct {
    int32_t m, chi2, e;    /* 0, 4, 8: the unit's requantization (set by the assembly) */
    int8_t *out;           /* 12: the block's first output (working) */
    const int8_t *pen;     /* 16: the unit's last full block's first output (working; below
                            * the unit's first output when it has one block) */
    int32_t step;          /* 20: bytes between outputs */
    const uint32_t *w;     /* 24: the unit's record's 4 folded copies (m, chi2, e before) */
    int32_t cnt;           /* 28: outputs of the last block, 1..4 */
    const uint32_t *row[3];/* 32, 36, 40: the unit's lines (word 0 of the output line) */
    int32_t units;         /* 44: >= 1 */
    int32_t lane_bytes;    /* 48: added to the lines per unit */
    int32_t wstride;       /* 52: bytes added to w per unit */
    int32_t span;          /* 56: (blocks - 2) * 4 * step, blocks = ceil(n / 4) */
    int8_t *out_unit;      /* 60: the unit's first output; + 1 per unit */
} dw3_args;
typedef char dw3_args_layout_check[(offsetof(dw3_args, w) == 24 && offsetof(dw3_args, row) == 32 &&
                                     offsetof(dw3_args, out_unit) == 60) ? 1 : -1];

#define DW3_RQ(acc, store)                                                                 \
    "add r12, r9, " acc ", asr #31\n\t"  /* chi2 - [acc < 0] */                            \
    "smmlar r12, " acc ", r8, r12\n\t"                                                     \
    "asr r12, r12, r10\n\t"                                                                \
    "ssat r12, #8, r12\n\t"                                                                \
    store "\n\t"
/* a row of taps (weights in r11, lr) into the 4 accumulators / the first 2 */
#define DW3_S1_ROW(r)                                                                      \
    "ldrd r8, r9, [" r "], #8\n\t"                                                         \
    "ldr r10, [" r "]\n\t"                                                                 \
    "smlad r4, r8, r11, r4\n\t"                                                            \
    "smlabt r4, r9, lr, r4\n\t"                                                            \
    "smlatb r5, r8, r11, r5\n\t"                                                           \
    "smlad r5, r9, lr, r5\n\t"                                                             \
    "smlad r6, r9, r11, r6\n\t"                                                            \
    "smlabt r6, r10, lr, r6\n\t"                                                           \
    "smlatb r7, r9, r11, r7\n\t"                                                           \
    "smlad r7, r10, lr, r7\n\t"
#define DW3_S1_HALF(r)                                                                     \
    "ldrd r8, r9, [" r "]\n\t"                                                             \
    "smlad r4, r8, r11, r4\n\t"                                                            \
    "smlabt r4, r9, lr, r4\n\t"                                                            \
    "smlatb r5, r8, r11, r5\n\t"                                                           \
    "smlad r5, r9, lr, r5\n\t"
#define DW3_S2_ROW(r)                                                                      \
    "ldm " r "!, {r8, r9}\n\t"                                                             \
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
#define DW3_S2_HALF(r)                                                                     \
    "ldm " r ", {r8, r9, r10}\n\t"                                                         \
    "smlad r4, r8, r11, r4\n\t"                                                            \
    "smlad r4, r9, lr, r4\n\t"                                                             \
    "smlad r5, r9, r11, r5\n\t"                                                            \
    "smlad r5, r10, lr, r5\n\t"
/* the accumulators from the folded copies and the 3 rows of taps */
#define DW3_MAC(ROW)                                                                       \
    "ldr r12, [r0, #24]\n\t"                                                               \
    "ldm r12!, {r4, r5, r6, r7, r11, lr}\n\t"                                              \
    ROW("r1")                                                                              \
    "ldrd r11, lr, [r12], #8\n\t"                                                          \
    ROW("r2")                                                                              \
    "ldrd r11, lr, [r12]\n\t"                                                              \
    ROW("r3")
#define DW3_BODY(ROW, HALF)                                                                \
    "push {r4-r11, lr}\n\t"                                                                \
    "add r12, r0, #32\n\t"                                                                 \
    "ldm r12, {r1, r2, r3, r4, r5, r6, r7, r8}\n\t"                                        \
    "b 5f\n\t"                                                                             \
    "6:\n\t" /* next unit */                                                               \
    "add r12, r0, #32\n\t"                                                                 \
    "ldm r12, {r1, r2, r3, r4, r5, r6, r7, r8}\n\t"                                        \
    "subs r4, r4, #1\n\t"                                                                  \
    "beq 7f\n\t"                                                                           \
    "add r1, r1, r5\n\t"                                                                   \
    "add r2, r2, r5\n\t"                                                                   \
    "add r3, r3, r5\n\t"                                                                   \
    "add r8, r8, #1\n\t"                                                                   \
    "stm r12, {r1, r2, r3, r4}\n\t"                                                        \
    "str r8, [r0, #60]\n\t"                                                                \
    "ldr r9, [r0, #24]\n\t"                                                                \
    "add r9, r9, r6\n\t"                                                                   \
    "str r9, [r0, #24]\n\t"                                                                \
    "5:\n\t" /* unit: r1-r3 its lines, r7 span, r8 its first output */                     \
    "ldr r4, [r0, #24]\n\t"                                                                \
    "ldr r11, [r4, #-4]\n\t"                                                               \
    "cmp r11, #0\n\t"                                                                      \
    "ble 6b\n\t"                                                                           \
    "ldrd r9, r10, [r4, #-12]\n\t"                                                         \
    "mov r12, r8\n\t"                                                                      \
    "add lr, r8, r7\n\t"                                                                   \
    "stm r0, {r9, r10, r11, r12, lr}\n\t"                                                  \
    "cmp r12, lr\n\t"                                                                      \
    "bhi 3f\n\t"                                                                           \
    "2:\n\t" /* block */                                                                   \
    DW3_MAC(ROW)                                                                           \
    "ldm r0, {r8, r9, r10, r11, r12, lr}\n\t"                                              \
    "cmp r11, r12\n\t"                                                                     \
    "bhi 9f\n\t" /* it was the last block */                                               \
    DW3_RQ("r4", "strb r12, [r11]") DW3_RQ("r5", "strb r12, [r11, lr]")                    \
    "add r11, r11, lr, lsl #1\n\t"                                                         \
    DW3_RQ("r6", "strb r12, [r11]") DW3_RQ("r7", "strb r12, [r11, lr]")                    \
    "add r11, r11, lr, lsl #1\n\t"                                                         \
    "str r11, [r0, #12]\n\t"                                                               \
    "bne 2b\n\t" /* flags of cmp: before the last full block */                            \
    "3:\n\t" /* the last block: cnt > 2 the full block, else 2 outputs */                  \
    "ldr r12, [r0, #28]\n\t"                                                               \
    "cmp r12, #2\n\t"                                                                      \
    "bhi 2b\n\t"                                                                           \
    "ldr r12, [r0, #24]\n\t"                                                               \
    "ldm r12!, {r4, r5, r6, r7, r11, lr}\n\t"                                              \
    HALF("r1")                                                                             \
    "ldrd r11, lr, [r12], #8\n\t"                                                          \
    HALF("r2")                                                                             \
    "ldrd r11, lr, [r12]\n\t"                                                              \
    HALF("r3")                                                                             \
    "ldm r0, {r8, r9, r10, r11, r12, lr}\n\t"                                              \
    DW3_RQ("r4", "strb r12, [r11]")                                                        \
    "ldr r12, [r0, #28]\n\t"                                                               \
    "cmp r12, #2\n\t"                                                                      \
    "blo 6b\n\t"                                                                           \
    DW3_RQ("r5", "strb r12, [r11, lr]")                                                    \
    "b 6b\n\t"                                                                             \
    "9:\n\t" /* the last block of 3 or 4 outputs */                                        \
    DW3_RQ("r4", "strb r12, [r11]") DW3_RQ("r5", "strb r12, [r11, lr]")                    \
    "add r11, r11, lr, lsl #1\n\t"                                                         \
    DW3_RQ("r6", "strb r12, [r11]")                                                        \
    "ldr r12, [r0, #28]\n\t"                                                               \
    "cmp r12, #4\n\t"                                                                      \
    "blo 6b\n\t"                                                                           \
    DW3_RQ("r7", "strb r12, [r11, lr]")                                                    \
    "b 6b\n\t"                                                                             \
    "7:\n\t"                                                                               \
    "pop {r4-r11, pc}\n\t"

__attribute__((naked, noinline)) static void dw3_s1(dw3_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DW3_BODY(DW3_S1_ROW, DW3_S1_HALF));
}
__attribute__((naked, noinline)) static void dw3_s2(dw3_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DW3_BODY(DW3_S2_ROW, DW3_S2_HALF));
}

/* Any filter: the same blocks with loops over the rows of taps and the X words (per
 * word of a row: stride 1 one load, one LDRD of A_j B_j, 4 SMLAD; stride 2 one load of X,
 * one of A_j, 4 SMLAD). */
typedef struct {
    const uint32_t *const *rows; /* 0: ka line pointers */
    const uint32_t *w;           /* 4: weights of a doubled record (DW_HEAD) */
    int8_t *out;                 /* 8 */
    int32_t out_step;            /* 12 */
    const int8_t *end;           /* 16: out after the last block */
    const uint32_t *const *rows_end; /* 20: rows + ka */
    int32_t nw;                  /* 24: >= 1 */
    int32_t xo;                  /* 28: bytes from a line's start to the block's X words */
    int32_t xo_step;             /* 32: 8 (stride 1) or 16 (stride 2) */
} dwg_args;

#define DWG_RQ(acc, store)                                                                 \
    "add r1, r9, " acc ", asr #31\n\t"                                                      \
    "smmlar r1, " acc ", r8, r1\n\t"                                                        \
    "asr r1, r1, r10\n\t"                                                                   \
    "ssat r1, #8, r1\n\t"                                                                   \
    store "\n\t"
#define DWG_BODY(WORDS)                                                                    \
    "push {r4-r11, lr}\n\t"                                                                \
    "0:\n\t"                                                                               \
    "ldr r12, [r0, #4]\n\t"                                                                \
    "ldmdb r12, {r4, r5, r6}\n\t"                                                          \
    "mov r7, r4\n\t"                                                                       \
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
    "ldrd r8, r9, [r12, #-24]\n\t"                                                         \
    "ldr r10, [r12, #-16]\n\t"                                                             \
    "ldrd r11, lr, [r0, #8]\n\t"                                                           \
    DWG_RQ("r4", "strb r1, [r11]") DWG_RQ("r5", "strb r1, [r11, lr]")                      \
    "add r11, r11, lr, lsl #1\n\t"                                                         \
    DWG_RQ("r6", "strb r1, [r11]") DWG_RQ("r7", "strb r1, [r11, lr]")                      \
    "add r11, r11, lr, lsl #1\n\t"                                                         \
    "str r11, [r0, #8]\n\t"                                                                \
    "ldrd r1, r2, [r0, #28]\n\t"                                                           \
    "add r1, r1, r2\n\t"                                                                   \
    "str r1, [r0, #28]\n\t"                                                                \
    "ldr r1, [r0, #16]\n\t"                                                                \
    "cmp r11, r1\n\t"                                                                      \
    "bne 0b\n\t"                                                                           \
    "pop {r4-r11, pc}\n\t"
/* per word of a row of taps: one load of X, one of the weights, 4 multiply-accumulates
 * and the count (unrolled so that the X words need no moves) */
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
    "subs r3, r3, #1\n\t"                                                                  \
    "beq 3f\n\t"                                                                           \
    "ldr r8, [lr], #4\n\t"                                                                 \
    "ldrd r10, r11, [r12], #8\n\t"                                                         \
    "smlad r4, r9, r10, r4\n\t"                                                            \
    "smlad r5, r9, r11, r5\n\t"                                                            \
    "smlad r6, r8, r10, r6\n\t"                                                            \
    "smlad r7, r8, r11, r7\n\t"                                                            \
    "subs r3, r3, #1\n\t"                                                                  \
    "bne 2b\n\t"                                                                           \
    "3:\n\t"
#define DWG_S2_WORDS                                                                       \
    "ldm lr!, {r8, r9, r10}\n\t"                                                           \
    "ldr r3, [r0, #24]\n\t"                                                                \
    "2:\n\t"                                                                               \
    "ldr r11, [lr], #4\n\t"                                                                 \
    "ldr r2, [r12], #4\n\t"                                                                \
    "smlad r4, r8, r2, r4\n\t"                                                             \
    "smlad r5, r9, r2, r5\n\t"                                                             \
    "smlad r6, r10, r2, r6\n\t"                                                             \
    "smlad r7, r11, r2, r7\n\t"                                                             \
    "subs r3, r3, #1\n\t"                                                                  \
    "beq 3f\n\t"                                                                           \
    "ldr r8, [lr], #4\n\t"                                                                 \
    "ldr r2, [r12], #4\n\t"                                                                \
    "smlad r4, r9, r2, r4\n\t"                                                             \
    "smlad r5, r10, r2, r5\n\t"                                                             \
    "smlad r6, r11, r2, r6\n\t"                                                             \
    "smlad r7, r8, r2, r7\n\t"                                                             \
    "subs r3, r3, #1\n\t"                                                                  \
    "beq 3f\n\t"                                                                           \
    "ldr r9, [lr], #4\n\t"                                                                 \
    "ldr r2, [r12], #4\n\t"                                                                \
    "smlad r4, r10, r2, r4\n\t"                                                             \
    "smlad r5, r11, r2, r5\n\t"                                                             \
    "smlad r6, r8, r2, r6\n\t"                                                             \
    "smlad r7, r9, r2, r7\n\t"                                                             \
    "subs r3, r3, #1\n\t"                                                                  \
    "beq 3f\n\t"                                                                           \
    "ldr r10, [lr], #4\n\t"                                                                 \
    "ldr r2, [r12], #4\n\t"                                                                \
    "smlad r4, r11, r2, r4\n\t"                                                             \
    "smlad r5, r8, r2, r5\n\t"                                                             \
    "smlad r6, r9, r2, r6\n\t"                                                             \
    "smlad r7, r10, r2, r7\n\t"                                                             \
    "subs r3, r3, #1\n\t"                                                                  \
    "bne 2b\n\t"                                                                           \
    "3:\n\t"

__attribute__((naked, noinline)) static void dwg_s1(dwg_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DWG_BODY(DWG_S1_WORDS));
}
__attribute__((naked, noinline)) static void dwg_s2(dwg_args *a TNM_ASM_ARG)
{
    __asm__ volatile(DWG_BODY(DWG_S2_WORDS));
}

typedef void (*dw_line_fn)(const dw_strip_args *sa, const uint32_t *wbuf, int32_t rec, int32_t lane_from,
                           int32_t dm, int32_t lw);

/* Every doubled unit of a line (output channels of lanes lane_from.., records rec words
 * apart from wbuf) through dwg_s1 / dwg_s2, one call per line: the lanes by their word
 * offset (no per-lane row table), a unit's 1-3 last outputs through a 4-byte tail. sa: the
 * line (rows of lane 0, the lanes lw words apart; out: lane 0's first output channel). */
DW_COLD __attribute__((noinline)) static void dwg_line(const dw_strip_args *sa, const uint32_t *wbuf, int32_t rec,
                                                       int32_t lane_from, int32_t dm, int32_t lw)
{
    void (*const fn)(dwg_args *) = sa->s == 1 ? dwg_s1 : dwg_s2;
    const int32_t n = sa->n, step = sa->out_step, span = (n >> 2) * 4 * step;
    dwg_args b;
    int8_t tail[4];
    int32_t l, m, i;
    b.rows = sa->rows;
    b.rows_end = sa->rows + sa->ka;
    b.nw = sa->nw;
    b.xo_step = sa->s == 1 ? 8 : 16;
    for (l = lane_from; l < DW_LANES; ++l) {
        for (m = 0; m < dm; ++m) {
            const uint32_t *wr = wbuf + (l * dm + m) * rec + DW_HEAD;
            int8_t *out = sa->out + l * dm + m;
            if ((int32_t)wr[-4] <= 0) continue; /* a plain record: in C */
            b.w = wr;
            b.xo = l * lw * 4;
            b.out = out;
            b.out_step = step;
            b.end = out + span;
            if (n >= 4) fn(&b);
            if ((n & 3) == 0) continue;
            out = b.out;
            b.out = tail;
            b.out_step = 1;
            b.end = tail + 4;
            fn(&b);
            for (i = 0; i < (n & 3); ++i) out[i * step] = tail[i];
        }
    }
}

#endif

/* lo(x) * hi(y) + acc and hi(x) * lo(y) + acc (SMLABT, SMLATB) */
static inline uint32_t dw_smlabt(uint32_t x, uint32_t y, uint32_t acc)
{
    return acc + (uint32_t)((int32_t)(int16_t)(x & 0xFFFFu) * (int32_t)(int16_t)(y >> 16));
}
static inline uint32_t dw_smlatb(uint32_t x, uint32_t y, uint32_t acc)
{
    return acc + (uint32_t)((int32_t)(int16_t)(x >> 16) * (int32_t)(int16_t)(y & 0xFFFFu));
}

/* The strip in C (hosts; on Cortex-M clamped activation ranges and channels with a
 * plain record): blocks of 4 outputs, the X words of a row of taps loaded once per
 * block. perm: the stride-1 rows of dw3_s1 (the short layout: (w0,w1) (w1,w2)). */
DW_COLD static void dw_strip(const dw_strip_args *a)
{
    const int32_t ka = a->ka, wpr = a->wpr, nw = a->nw, s1 = a->s == 1;
    const int32_t m = (int32_t)a->hd[0], chi = (int32_t)a->hd[1], e = (int32_t)a->hd[2];
    int32_t k0, i, xo = 0;
    int8_t *out = a->out;
    for (k0 = 0; k0 < a->n; k0 += 4, xo += s1 ? 2 : 4, out += 4 * a->out_step) {
        uint32_t acc[4];
        const uint32_t *w = a->w;
        int32_t t, j;
        acc[0] = acc[1] = acc[2] = acc[3] = a->hd[3];
        for (t = 0; t < ka; ++t, w += wpr) {
            const uint32_t *x = a->rows[t] + a->lane + xo;
            if (a->perm) { /* as dw3_s1 */
                acc[0] = dw_smlabt(x[1], w[1], tnm_smlad(x[0], w[0], acc[0]));
                acc[1] = tnm_smlad(x[1], w[1], dw_smlatb(x[0], w[0], acc[1]));
                acc[2] = dw_smlabt(x[2], w[1], tnm_smlad(x[1], w[0], acc[2]));
                acc[3] = tnm_smlad(x[2], w[1], dw_smlatb(x[1], w[0], acc[3]));
                continue;
            }
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
            int32_t v;
            if ((uint32_t)e == DW_GENERAL) {
                out[i * a->out_step] = tnm_opt_output((int32_t)acc[i], m, chi, a->out_offset, a->act_min, a->act_max);
                continue;
            }
            v = tnm_opt_sat8(e > 0 ? dw_rq2((int32_t)acc[i], m, chi, e) : tnm_opt_rq_fast((int32_t)acc[i], m, chi, -e - 1));
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
 * axis; [j_lo, j_hi) have both inside the row, [jm_lo, jm_hi) at least one. The words
 * outside [jm_lo, jm_hi) are padding in every row: dw_ring_pad writes them once. */
typedef struct {
    int32_t lw, first, step, j_lo, j_hi, jm_lo, jm_hi, in_n, is;
    uint32_t pad2; /* (-input_offset, -input_offset) */
    /* the edge words (one position inside the row), or -1: el (pad, x), er (x, pad); the
     * bytes from the row to x */
    int32_t el, er, ol, or_;
    uint32_t pad4; /* 4 bytes -input_offset */
    int32_t bs, px0; /* bytes between plane positions; from the row to word j_lo's first */
} dw_fill_geom;

static int dw_any_in(const dw_fill_geom *f, int32_t j)
{
    const int32_t i0 = f->first + 2 * j * f->step, i1 = i0 + f->step;
    return (i0 >= 0 && i0 < f->in_n) || (i1 >= 0 && i1 < f->in_n);
}

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
    for (f->jm_lo = 0; f->jm_lo < lw && !dw_any_in(f, f->jm_lo); ++f->jm_lo) {}
    for (f->jm_hi = lw; f->jm_hi > f->jm_lo && !dw_any_in(f, f->jm_hi - 1); --f->jm_hi) {}
    if (f->j_lo < f->j_hi) { /* [j_lo, j_hi) inside [jm_lo, jm_hi) */
        if (f->jm_lo > f->j_lo) f->jm_lo = f->j_lo;
        if (f->jm_hi < f->j_hi) f->jm_hi = f->j_hi;
    }
    /* The words before [j_lo, j_hi) with a position inside have the first outside and the
     * second inside: first + 2 j step in [-step, 0), one word at most; after it the first
     * inside and the second outside: first + 2 j step in [in_n - step, in_n), one at most. */
    f->pad4 = (pad2 & 0xFFu) * 0x01010101u;
    f->el = f->jm_lo < f->j_lo ? f->jm_lo : -1;
    f->ol = (first + (2 * f->el + 1) * step) * f->is;
    f->er = f->j_hi > f->jm_lo ? f->j_hi : f->jm_lo;
    if (f->er >= f->jm_hi) f->er = -1;
    f->or_ = (first + 2 * f->er * step) * f->is;
    f->bs = f->is * step;
    f->px0 = (first + 2 * f->j_lo * step) * f->is;
}

/* The padding words of n lines of lw words. */
TNM_OPT_NO_LIBCALLS static void dw_ring_pad(uint32_t *line, int32_t n, const dw_fill_geom *f)
{
    int32_t l, j;
    for (l = 0; l < n; ++l, line += f->lw) {
        for (j = 0; j < f->jm_lo; ++j) line[j] = f->pad2;
        for (j = f->jm_hi; j < f->lw; ++j) line[j] = f->pad2;
    }
}

/* Word j of the 4 lanes from the 4 channel bytes of positions 2j (p) and 2j + 1 (q). */
static inline void dw_put(uint32_t *d, int32_t lw, uint32_t p, uint32_t q)
{
    const uint32_t lo = tnm_opt_pack_lo16(p, q); /* bytes p0 p1 q0 q1 */
    const uint32_t hi = tnm_opt_pack_hi16(q, p); /* bytes p2 p3 q2 q3 */
    d[0] = tnm_sxtb16(lo);                             /* (p0, q0) */
    d[lw] = tnm_sxtb16_ror8(lo);                       /* (p1, q1) */
    d[2 * lw] = tnm_sxtb16(hi);                        /* (p2, q2) */
    d[3 * lw] = tnm_sxtb16_ror8(hi);                   /* (p3, q3) */
}

/* Fill words [jm_lo, jm_hi) of one slot (4 lines) from input row src (NULL: a padding
 * row); the others hold padding already (dw_ring_pad). */
TNM_OPT_NO_LIBCALLS static void dw_fill(uint32_t *slot, const dw_fill_geom *f, const int8_t *src)
{
    const int32_t lw = f->lw;
    int32_t j;
    if (src == 0) {
        /* the fields in locals: the stores could alias *f, which would reload them per word */
        const uint32_t pad2 = f->pad2;
        const int32_t n = f->jm_hi - f->jm_lo;
        uint32_t *d = slot + f->jm_lo;
        int32_t l;
        for (l = 0; l < DW_LANES; ++l, d += lw) {
            for (j = 0; j < n; ++j) d[j] = pad2;
        }
        return;
    }
    if (f->j_lo < f->j_hi) {
        const int32_t bs = f->bs;
        const int8_t *px = src + f->px0;
        uint32_t *d = slot + f->j_lo;
        uint32_t *const end = slot + f->j_hi;
#if TNM_OPT_ARM_ASM
        /* 27 instructions per 2 words of 4 lanes; an odd count starts with the second */
        const int32_t lb = 4 * lw, lb3 = 12 * lw, bs3 = 3 * bs, odd = (int32_t)(end - d) & 1;
        uint32_t p, q, a, b;
#define DW_FILL_WORD(LP, LQ)                                                               \
    "ldr %[p], " LP "\n\t"                                                                 \
    "ldr %[q], " LQ "\n\t"                                                                 \
    "pkhbt %[a], %[p], %[q], lsl #16\n\t"                                                 \
    "pkhtb %[b], %[q], %[p], asr #16\n\t"                                                 \
    "sxtb16 %[p], %[a]\n\t"                                                               \
    "sxtb16 %[a], %[a], ror #8\n\t"                                                       \
    "sxtb16 %[q], %[b]\n\t"                                                               \
    "sxtb16 %[b], %[b], ror #8\n\t"                                                       \
    "str %[a], [%[d], %[lb]]\n\t"                                                         \
    "str %[q], [%[d], %[lb], lsl #1]\n\t"                                                 \
    "str %[b], [%[d], %[lb3]]\n\t"                                                        \
    "str %[p], [%[d]], #4\n\t"
        __asm__ volatile("cmp %[odd], #0\n\t"
                         "beq 1f\n\t"
                         "sub %[px], %[px], %[bs], lsl #1\n\t"
                         "b 2f\n\t"
                         "1:\n\t"
                         DW_FILL_WORD("[%[px]]", "[%[px], %[bs]]")
                         "2:\n\t"
                         DW_FILL_WORD("[%[px], %[bs], lsl #1]", "[%[px], %[bs3]]")
                         "add %[px], %[px], %[bs], lsl #2\n\t"
                         "cmp %[d], %[end]\n\t"
                         "bne 1b\n\t"
                         : [p] "=&r"(p), [q] "=&r"(q), [a] "=&r"(a), [b] "=&r"(b), [d] "+r"(d),
                           [px] "+r"(px)
                         : [bs] "r"(bs), [bs3] "r"(bs3), [lb] "r"(lb), [lb3] "r"(lb3), [end] "r"(end),
                           [odd] "r"(odd)
                         : "memory", "cc");
#undef DW_FILL_WORD
#else
        for (; d < end; px += 2 * bs, ++d) dw_put(d, lw, tnm_opt_read4(px), tnm_opt_read4(px + bs));
#endif
    }
    if (f->el >= 0) dw_put(slot + f->el, lw, f->pad4, tnm_opt_read4(src + f->ol));
    if (f->er >= 0) dw_put(slot + f->er, lw, tnm_opt_read4(src + f->or_), f->pad4);
}

/* What dw_prep needs of the call. */
typedef struct {
    const int8_t *filter;
    const int32_t *bias; /* may be NULL */
    const tnm_quant *quant;
    int32_t ka, kb, nw, fs, fr, mode, input_offset, off2p1;
    /* 2^30 - (|input_offset| * 128 + 2^14) * taps, or <= 0 (dw_prep_room): a channel's
     * record is doubled when |bias| < room */
    int32_t room;
} dw_prep_args;

/* The doubling bound shared by a call's channels, once per call (64-bit products). */
DW_COLD static int32_t dw_prep_room(int32_t input_offset, int32_t ka, int32_t kb)
{
    const int64_t used = ((input_offset < 0 ? -(int64_t)input_offset : (int64_t)input_offset) * 128 + 16384) *
                         ka * kb;
    return used >= (1L << 30) ? 0 : (int32_t)((1L << 30) - used);
}

/* The word (lo, hi) of two weights already shifted left by dbl as unsigned bit patterns
 * (doubled without C's undefined left shift of a negative value). */
static inline uint32_t dw_pk(uint32_t lo_shifted, uint32_t hi_shifted)
{
    return (lo_shifted & 0xFFFFu) | (hi_shifted << 16);
}

/* Output channel oc's record (DW_HEAD, then ka rows of weights: stride 1 (mode 1)
 * A_i = (w[2i], w[2i + 1]), B_i = (w[2i - 1], w[2i]), i < nw, in the order A_0 B_0 A_1
 * B_1 ...; stride 2 (mode 0) A_i); taps fs filter bytes apart along the minor axis, rows
 * fr apart. The short layout: dw_prep4. Returns 1 when the record is doubled. */
static int dw_prep(uint32_t *hd, int32_t oc, const dw_prep_args *p)
{
    uint32_t *wr = hd + DW_HEAD, folded;
    const int8_t *f = p->filter + oc;
    const int32_t ka = p->ka, kb = p->kb, nw = p->nw, fs = p->fs, mode = p->mode;
    const int32_t bias = p->bias != 0 ? p->bias[oc] : 0, s = p->quant->shift[oc];
    /* doubled when |folded| + taps * 2^14 < 2^30 holds for any weights: |folded| <=
     * |bias| + |input_offset| * 128 * taps, i.e. |bias| < room (|INT32_MIN| as unsigned) */
    const uint32_t abs_bias = bias < 0 ? 0u - (uint32_t)bias : (uint32_t)bias;
    const int general = !tnm_opt_rq_fast_ok(s);
    const int32_t dbl = !general && p->room > 0 && abs_bias < (uint32_t)p->room;
    int32_t t, i, sum = 0;
    for (t = 0; t < ka; ++t, f += p->fr, wr += mode == 0 ? nw : 2 * nw) {
        const int8_t *q = f;
        uint32_t prev = 0; /* w[2i - 1] << dbl */
        if (kb == 3) { /* the common rows, straight; each weight shifted once */
            const int32_t w0 = q[0], w1 = q[fs], w2 = q[2 * fs];
            const uint32_t d0 = (uint32_t)w0 << dbl, d1 = (uint32_t)w1 << dbl, d2 = (uint32_t)w2 << dbl;
            sum += w0 + w1 + w2;
            wr[0] = dw_pk(d0, d1);
            if (mode == 0) {
                wr[1] = dw_pk(d2, 0);
            } else {
                wr[1] = dw_pk(0, d0);
                wr[2] = dw_pk(d2, 0);
                wr[3] = dw_pk(d1, d2);
            }
            continue;
        }
        /* the kb / 2 pairs of taps, then a last word of one tap or none (no per-tap bounds
         * or mode checks) */
        {
            const int32_t step = mode == 0 ? 1 : 2;
            uint32_t *wa = wr;
            for (i = 0; i < kb / 2; ++i, q += 2 * fs, wa += step) {
                const int32_t w0 = q[0], w1 = q[fs];
                const uint32_t d0 = (uint32_t)w0 << dbl, d1 = (uint32_t)w1 << dbl;
                sum += w0 + w1;
                wa[0] = dw_pk(d0, d1);
                if (mode != 0) wa[1] = dw_pk(prev, d0);
                prev = d1;
            }
            if (i < nw) {
                const int32_t w0 = kb & 1 ? q[0] : 0;
                const uint32_t d0 = (uint32_t)w0 << dbl;
                sum += w0;
                wa[0] = dw_pk(d0, 0);
                if (mode != 0) wa[1] = dw_pk(prev, d0);
            }
        }
    }
    folded = ((uint32_t)bias + (uint32_t)sum * (uint32_t)p->input_offset) << dbl;
    hd[0] = (uint32_t)p->quant->multiplier[oc];
    hd[1] = general ? (uint32_t)s : (uint32_t)tnm_opt_rq_chi(p->off2p1, s) << dbl;
    hd[2] = general ? DW_GENERAL : (uint32_t)(dbl ? -s : s); /* e = -shift, or -e1 - 1 = shift */
    hd[3] = hd[4] = hd[5] = folded;
    return dbl;
}

/* int16 pairs doubled lane by lane */
static inline uint32_t dw_dbl16(uint32_t x) { return (x << 1) & 0xFFFEFFFFu; }

/* The short layout's records (dw_prep) of output channels oc..oc + 3, rec words apart:
 * a tap's 4 weights are one word of the filter, SXTB16 gives channels (0, 2) and (1, 3)
 * as int16 pairs, the pairs of a channel's record words come out of them whole, and
 * SXTAB16 sums the taps of two channels at once. Returns 1 when all 4 are doubled. */
static int dw_prep4(uint32_t *hd, int32_t rec, int32_t oc, const dw_prep_args *p)
{
    const int8_t *f = p->filter + oc;
    const int32_t kb = p->kb, fs = p->fs, s1 = p->mode != 0, room = p->room;
    const int32_t *bias = p->bias != 0 ? p->bias + oc : 0;
    uint32_t se = 0u, so = 0u; /* the taps' sums of channels (0, 2) and (1, 3) */
    uint32_t *d = hd + DW_HEAD + 1;
    int32_t dbl = 0, c, t; /* bit c: channel c doubled */
    for (c = 0; c < 4; ++c) {
        const int32_t b = bias != 0 ? bias[c] : 0;
        const uint32_t abs_bias = b < 0 ? 0u - (uint32_t)b : (uint32_t)b;
        if (room > 0 && abs_bias < (uint32_t)room && tnm_opt_rq_fast_ok(p->quant->shift[oc + c])) dbl |= 1 << c;
    }
    for (t = 0; t < 3; ++t, f += p->fr, d += 2) {
        const uint32_t x0 = tnm_opt_read4(f), x1 = tnm_opt_read4(f + fs);
        const uint32_t x2 = kb > 2 ? tnm_opt_read4(f + 2 * fs) : 0u, x3 = kb > 3 ? tnm_opt_read4(f + 3 * fs) : 0u;
        /* the second word: (w1, w2) at stride 1, (w2, w3) at stride 2 */
        const uint32_t y0 = s1 ? x1 : x2, y1 = s1 ? x2 : x3;
        uint32_t e0 = tnm_sxtb16(x0), e1 = tnm_sxtb16(x1), f0 = tnm_sxtb16(y0), f1 = tnm_sxtb16(y1);
        uint32_t o0 = tnm_sxtb16_ror8(x0), o1 = tnm_sxtb16_ror8(x1);
        uint32_t g0 = tnm_sxtb16_ror8(y0), g1 = tnm_sxtb16_ror8(y1);
        se = tnm_sxtab16(tnm_sxtab16(tnm_sxtab16(tnm_sxtab16(se, x0), x1), x2), x3);
        so = tnm_sxtab16_ror8(tnm_sxtab16_ror8(tnm_sxtab16_ror8(tnm_sxtab16_ror8(so, x0), x1), x2), x3);
        if (dbl == 15) {
            e0 = dw_dbl16(e0), e1 = dw_dbl16(e1), f0 = dw_dbl16(f0), f1 = dw_dbl16(f1);
            o0 = dw_dbl16(o0), o1 = dw_dbl16(o1), g0 = dw_dbl16(g0), g1 = dw_dbl16(g1);
        }
        d[0] = (e0 & 0xFFFFu) | (e1 << 16);
        d[1] = (f0 & 0xFFFFu) | (f1 << 16);
        d[rec] = (o0 & 0xFFFFu) | (o1 << 16);
        d[rec + 1] = (g0 & 0xFFFFu) | (g1 << 16);
        d[2 * rec] = (e0 >> 16) | (e1 & 0xFFFF0000u);
        d[2 * rec + 1] = (f0 >> 16) | (f1 & 0xFFFF0000u);
        d[3 * rec] = (o0 >> 16) | (o1 & 0xFFFF0000u);
        d[3 * rec + 1] = (g0 >> 16) | (g1 & 0xFFFF0000u);
        if (dbl != 15 && dbl != 0) {
            for (c = 0; c < 4; ++c) {
                if (dbl & (1 << c)) {
                    d[c * rec] = dw_dbl16(d[c * rec]);
                    d[c * rec + 1] = dw_dbl16(d[c * rec + 1]);
                }
            }
        }
    }
    for (c = 0; c < 4; ++c, hd += rec) {
        const uint32_t sums = c & 1 ? so : se;
        const int32_t sum = c & 2 ? (int32_t)sums >> 16 : (int32_t)(int16_t)(sums & 0xFFFFu);
        const int32_t s = p->quant->shift[oc + c], dc = (dbl >> c) & 1;
        const uint32_t folded = ((uint32_t)(bias != 0 ? bias[c] : 0) + (uint32_t)sum * (uint32_t)p->input_offset) << dc;
        hd[0] = (uint32_t)p->quant->multiplier[oc + c];
        hd[1] = !tnm_opt_rq_fast_ok(s) ? (uint32_t)s : (uint32_t)tnm_opt_rq_chi(p->off2p1, s) << dc;
        hd[2] = !tnm_opt_rq_fast_ok(s) ? DW_GENERAL : (uint32_t)(dc ? -s : s);
        hd[3] = hd[4] = hd[5] = hd[6] = folded;
    }
    return dbl == 15;
}

/* Other filters' records of a group's 4 output channels oc.. (depth multiplier 1) when all
 * 4 are doubled (else 0, nothing written): their filter bytes adjacent, a tap of the 4 one
 * read, two taps made into a word of each record as dw_fill makes plane words (PKH, SXTB16,
 * both halves doubled), B_i from A_(i-1) and A_i, the weights summed per lane (SXTAB16:
 * 16-bit lanes, at most 256 taps of 128). */
static int dw_prep4g(uint32_t *hd, int32_t oc, int32_t rec, const dw_prep_args *p)
{
    const int32_t ka = p->ka, kb = p->kb, nw = p->nw, fs = p->fs, mode = p->mode;
    const int32_t wrow = mode == 0 ? nw : 2 * nw, astep = mode == 0 ? 1 : 2;
    uint32_t se = 0u, so = 0u; /* sums of lanes (0, 2) and (1, 3) */
    int32_t l, t, i;
    for (l = 0; l < DW_LANES; ++l) { /* as dw_prep */
        const int32_t bias = p->bias != 0 ? p->bias[oc + l] : 0;
        const uint32_t abs_bias = bias < 0 ? 0u - (uint32_t)bias : (uint32_t)bias;
        if (!(p->room > 0 && abs_bias < (uint32_t)p->room) || !tnm_opt_rq_fast_ok(p->quant->shift[oc + l])) return 0;
    }
    for (t = 0; t < ka; ++t) {
        const int8_t *q = p->filter + oc + t * p->fr;
        uint32_t *w = hd + DW_HEAD + t * wrow, *wb = w + 1; /* lane l: + l * rec */
        uint32_t a0 = 0u, a1 = 0u, a2 = 0u, a3 = 0u; /* A_(i-1) */
        for (i = 0; i < nw; ++i, q += 2 * fs, w += astep, wb += 2) {
            const uint32_t x = 2 * i < kb ? tnm_opt_read4(q) : 0u, y = 2 * i + 1 < kb ? tnm_opt_read4(q + fs) : 0u;
            const uint32_t lo = (x & 0xFFFFu) | (y << 16), hi = (y & 0xFFFF0000u) | (x >> 16);
            const uint32_t b0 = a0 >> 16, b1 = a1 >> 16, b2 = a2 >> 16, b3 = a3 >> 16;
            se = tnm_sxtab16(tnm_sxtab16(se, x), y);
            so = tnm_sxtab16_ror8(tnm_sxtab16_ror8(so, x), y);
            a0 = dw_dbl16(tnm_sxtb16(lo));
            a1 = dw_dbl16(tnm_sxtb16_ror8(lo));
            a2 = dw_dbl16(tnm_sxtb16(hi));
            a3 = dw_dbl16(tnm_sxtb16_ror8(hi));
            w[0] = a0;
            w[rec] = a1;
            w[2 * rec] = a2;
            w[3 * rec] = a3;
            if (mode != 0) { /* B_i = (w[2i - 1], w[2i]) */
                wb[0] = b0 | (a0 << 16);
                wb[rec] = b1 | (a1 << 16);
                wb[2 * rec] = b2 | (a2 << 16);
                wb[3 * rec] = b3 | (a3 << 16);
            }
        }
    }
    for (l = 0; l < DW_LANES; ++l, hd += rec) {
        const uint32_t sums = l & 1 ? so : se;
        const int32_t sum = l & 2 ? (int32_t)sums >> 16 : (int32_t)(int16_t)(sums & 0xFFFFu);
        const int32_t bias = p->bias != 0 ? p->bias[oc + l] : 0, s = p->quant->shift[oc + l];
        hd[0] = (uint32_t)p->quant->multiplier[oc + l];
        hd[1] = (uint32_t)tnm_opt_rq_chi(p->off2p1, s) << 1;
        hd[2] = (uint32_t)-s;
        hd[3] = hd[4] = hd[5] = ((uint32_t)bias + (uint32_t)sum * (uint32_t)p->input_offset) << 1;
    }
    return 1;
}

/* Other filters' records of a group's output channels (4 * dm from oc, rec words apart):
 * with depth multiplier 1 and all 4 doubled dw_prep4g, else dw_prep per channel. Returns 1
 * when all are doubled. */
static int dw_prep_group(uint32_t *wbuf, int32_t oc, int32_t rec, int32_t dm, const dw_prep_args *p)
{
    int32_t j, all_dbl = 1;
    if (dm == 1 && dw_prep4g(wbuf, oc, rec, p)) return 1;
    for (j = 0; j < DW_LANES * dm; ++j) all_dbl &= dw_prep(wbuf + j * rec, oc + j, p);
    return all_dbl;
}

typedef int (*dw_prep_fn)(uint32_t *wbuf, int32_t oc, int32_t rec, int32_t dm, const dw_prep_args *p);


/* Whether to take a built plane assembly: in the variant tests the probe (which records the
 * call), else always (its function pointer is set). */
#ifdef TNM_VARIANT_PROBE
#define DW_TAKE(NAME) TNM_VARIANT_PROBE(TNM_VARIANT_##NAME)
#else
#define DW_TAKE(NAME) 1
#endif

#if TNM_OPT_ARM_ASM
/* One image's output lines of a group through dw3_s1 / dw3_s2 when that runs every unit
 * (3 rows of taps, depth multiplier 1, every channel doubled): the ring's rows and the
 * assembly's arguments per line with nothing else, out of depthwise_fast's frame (its
 * general line loop spent ~190 instructions a line on them). The lines step monotonically,
 * so a line's rows not yet in the ring are one range at its end (or start, descending). */
typedef struct {
    uint32_t *plane;          /* the ring: 3 slots of slot_words */
    int32_t slot_words, lane_words;
    const dw_fill_geom *fg;
    int32_t *padded;          /* per slot: holds a padding row (kept across groups) */
    const int8_t *in_b;       /* the image's group (channel base) */
    int32_t r0, in_n, in_step; /* input row of u: r0 + u */
    int32_t u0, slot0, u_step, n;
    int8_t *out;              /* the first line's first output of the first unit */
    int32_t out_line;
    const uint32_t *w;        /* the first unit's folded copies */
    int32_t units;
    void (*fn)(dw3_args *);
} dw3_lines_args;

TNM_OPT_NO_LIBCALLS __attribute__((noinline)) static void dw3_lines(const dw3_lines_args *a, dw3_args *da)
{
    uint32_t *const plane = a->plane;
    int32_t *const padded = a->padded;
    const int32_t sw = a->slot_words, lane = a->lane_words, n = a->n, out_line = a->out_line;
    /* after the first line: the rows [f_lo, f_hi) of the 3 are new (u_step != 0) */
    const int32_t f_lo = a->u_step > 0 && a->u_step < 3 ? 3 - a->u_step : 0;
    const int32_t f_hi = a->u_step < 0 && a->u_step > -3 ? -a->u_step : 3;
    const int32_t slot_step = ((a->u_step % 3) + 3) % 3;
    int32_t i, t, lo = 0, slot0 = a->slot0, r = a->r0 + a->u0;
    int8_t *out = a->out;
    for (i = 0; i < n; ++i, r += a->u_step, out += out_line) {
        int32_t sl[3];
        sl[0] = slot0;
        sl[1] = slot0 == 2 ? 0 : slot0 + 1;
        sl[2] = slot0 == 0 ? 2 : slot0 - 1;
        for (t = lo; t < (i == 0 ? 3 : f_hi); ++t) {
            const int32_t rt = r + t;
            const int8_t *src = (uint32_t)rt < (uint32_t)a->in_n ? a->in_b + rt * a->in_step : 0;
            /* a padding row stays in its slot for the next group */
            if (src != 0 || !padded[sl[t]]) dw_fill(plane + sl[t] * sw, a->fg, src);
            padded[sl[t]] = src == 0;
        }
        lo = f_lo;
        da->w = a->w;
        da->row[0] = plane + sl[0] * sw + lane;
        da->row[1] = plane + sl[1] * sw + lane;
        da->row[2] = plane + sl[2] * sw + lane;
        da->units = a->units;
        da->out_unit = out;
        a->fn(da);
        slot0 += slot_step;
        if (slot0 >= 3) slot0 -= 3;
    }
}
#endif

/* The fast path; returns 0 (nothing written) when the call does not qualify. */
DW_COLD static int depthwise_fast(const tnm_conv_params *params, const tnm_quant *quant,
                                              const tnm_dims *input, const int8_t *input_data,
                                              const tnm_dims *filter, const int8_t *filter_data,
                                              const int32_t *bias, const tnm_dims *output,
                                              int8_t *output_data, void *scratch, int descending, int by_rows)
{
    int32_t tags[16], padded[16]; /* padded: the slot holds a padding row (any group) */
    int32_t ring_pb = -1;         /* the phase the ring's padding words and fg are for */
    dw_fill_geom fg;
    dw_geom g;
    uint32_t *sp[16]; /* a line's ka slots (lane 0) */
    dw_axis ax[2], *major, *minor;
    uint32_t *plane, *wbuf;
    const int32_t c_in = input->c, c_out = output->c;
    const int32_t input_offset = params->input_offset;
    const int32_t off2p1 = 2 * params->output_offset + 1;
    const uint32_t pad2 = ((uint32_t)-input_offset & 0xFFFFu) * 0x10001u;
    int32_t c0, need, room;
    /* What this build has of the planes (TNM_VARIANT_SET: without DW3_S1 / DW3_S2 / DWG a
     * unit's strips in C; without DWG other filters than 3 rows of 2 words take the generic
     * loop, so their weight preparation dw_prep is left out too), hidden from the optimizer:
     * the loops compile alike for every variant set (with the set's constants GCC allocated
     * their registers per set, and a model's own set ran up to 0.9% slower a layer than
     * every path). */
    dw_prep_fn fn_prep = TNM_VARIANT_BUILT(DWG) ? dw_prep_group : 0;
#if TNM_OPT_ARM_ASM
    void (*fn_s1)(dw3_args *) = TNM_VARIANT_BUILT(DW3_S1) ? dw3_s1 : 0;
    void (*fn_s2)(dw3_args *) = TNM_VARIANT_BUILT(DW3_S2) ? dw3_s2 : 0;
    dw_line_fn fn_g = TNM_VARIANT_BUILT(DWG) ? dwg_line : 0;
    __asm__("" : "+r"(fn_s1), "+r"(fn_s2), "+r"(fn_g), "+r"(fn_prep));
#else
    __asm__("" : "+r"(fn_prep));
#endif
    need = tnm_depthwise_conv_s8_scratch_size_max(input, filter, output); /* = tnm_opt_dw_scratch_arm_dsp */
    if (scratch == 0 || need <= 0) return 0;
    dw_geometry(input, filter, output, !by_rows && output->h > output->w, &g);
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
    { /* other filters than 3 rows of 2 words: variant DWG */
        const int32_t kb2 = minor->d > 1 || minor->s == 1 ? g.kb + 2 : g.kb + 1;
        if (!(g.ka == 3 && kb2 / 2 == 2) && (fn_prep == 0 || !DW_TAKE(DWG))) return 0;
    }
    plane = (uint32_t *)(((uintptr_t)scratch + 3u) & ~(uintptr_t)3u);
    wbuf = plane + g.ka * DW_LANES * g.line_words;
    room = dw_prep_room(input_offset, g.ka, g.kb);
    for (c0 = 0; c0 < c_in; c0 += DW_LANES) {
        /* the last group ends at the last channel; lanes before lane_from were done */
        const int32_t base = c0 + DW_LANES <= c_in ? c0 : c_in - DW_LANES;
        const int32_t lane_from = c0 - base;
        const int32_t groups_b = minor->d > 1 ? minor->d : 1, groups_a = major->d > 1 ? major->d : 1;
        const int32_t s_eff = minor->d > 1 ? 1 : minor->s;
        const int32_t nw = s_eff == 1 ? (g.kb + 2) / 2 : (g.kb + 1) / 2;
        /* the short layout (dw_prep): 3 rows of taps, nw = 2 */
        const int32_t shortl = g.ka == 3 && nw == 2;
        const int32_t wpr = s_eff == 1 && !shortl ? 2 * nw : nw;
        int32_t j, t, i, pa, pb, b;
        /* weights and requantization of the 4 * dm output channels (DW_HEAD) */
        const int32_t perm = shortl && s_eff == 1;
        const int32_t rec = g.ka * g.wpr + DW_HEAD;
        dw_prep_args pp;
        int32_t all_dbl = 1; /* every unit of the group doubled (the assembly runs them all) */
        pp.filter = filter_data;
        pp.bias = bias;
        pp.quant = quant;
        pp.ka = g.ka;
        pp.kb = g.kb;
        pp.nw = nw;
        /* filter bytes between taps along the minor axis (fs) and between rows (fr) */
        pp.fs = (g.transposed ? filter->w : 1) * c_out;
        pp.fr = (g.transposed ? 1 : filter->w) * c_out;
        pp.mode = s_eff == 1; /* 0: stride 2 */
        pp.input_offset = input_offset;
        pp.off2p1 = off2p1;
        pp.room = room;
        if (shortl) { /* 4 output channels at a time */
            for (j = 0; j < DW_LANES * g.dm; j += 4) all_dbl &= dw_prep4(wbuf + j * rec, rec, base * g.dm + j, &pp);
        } else {
            all_dbl = fn_prep(wbuf, base * g.dm, rec, g.dm, &pp);
        }
        for (pa = 0; pa < groups_a; ++pa) {
            const int32_t n_a = (major->out_n - pa + groups_a - 1) / groups_a;
            for (pb = 0; pb < groups_b; ++pb) {
                const int32_t n_b = (minor->out_n - pb + groups_b - 1) / groups_b;
                /* the words the n_b outputs read (tnm_opt_dw_line_words); the last block
                 * reads up to 3 words further for outputs it does not store: the next
                 * line's, or the weights after the ring */
                const int32_t lw = (s_eff == 1 ? (n_b + 1) / 2 : n_b) + nw - 1;
                const int32_t first_b = pb * minor->s - minor->pad;
                dw_strip_args sa;
#if TNM_OPT_ARM_ASM
                void (*const asm_fn)(dw3_args *) = s_eff == 1 ? fn_s1 : fn_s2;
                const int full = params->act_min == -128 && params->act_max == 127;
                const int use_asm = shortl && full && asm_fn != 0 && (s_eff == 1 ? DW_TAKE(DW3_S1) : DW_TAKE(DW3_S2));
                const int use_g = !shortl && full && fn_g != 0 && DW_TAKE(DWG);
                dw3_args da;
#endif
                if (n_a <= 0 || n_b <= 0) continue;
                if (ring_pb != pb) { /* once per call (per phase with dilation): the same for every group */
                    dw_fill_setup(&fg, lw, first_b, groups_b > 1 ? minor->d : 1, minor, pad2);
                    dw_ring_pad(plane, g.ka * DW_LANES, &fg);
                    for (t = 0; t < g.ka; ++t) padded[t] = 0;
                    ring_pb = pb;
                }
                sa.rows = (const uint32_t *const *)sp;
                sa.ka = g.ka;
                sa.wpr = wpr;
                sa.nw = nw;
                sa.s = s_eff;
                sa.n = n_b;
                sa.out_step = groups_b * minor->out_step;
                sa.perm = perm;
                sa.act_min = params->act_min;
                sa.act_max = params->act_max;
                sa.out_offset = params->output_offset;
#if TNM_OPT_ARM_ASM
                da.step = sa.out_step;
                da.wstride = rec * 4;
                da.span = ((n_b + 3) / 4 - 2) * 4 * sa.out_step;
                da.cnt = n_b - ((n_b + 3) / 4 - 1) * 4;
#endif
                for (b = 0; b < output->n; ++b) {
                    const int8_t *in_b = input_data + (int32_t)b * input->h * input->w * c_in + base;
                    /* output lines in order, or last to first (tnm_depthwise_conv_s8_rows);
                     * rows along the major axis: row(u) = r0 + u * ga, u = u0 + t, held in
                     * ring slot u % ka (u0, its slot and the output line stepped per line) */
                    const int32_t k_first = descending ? n_a - 1 : 0, k_step = descending ? -1 : 1;
                    const int32_t ga = groups_a > 1 ? major->d : 1;
                    const int32_t r0 = groups_a > 1 ? pa * major->s - major->pad : -major->pad;
                    const int32_t u_step = groups_a > 1 ? k_step : groups_a * k_step * major->s;
                    const int32_t out_line = groups_a * k_step * major->out_step;
                    int32_t u0 = groups_a > 1 ? k_first : (pa + groups_a * k_first) * major->s;
                    int32_t slot0 = u0 % g.ka;
                    int8_t *out_px = output_data + (int32_t)b * output->h * output->w * c_out +
                                     (pa + groups_a * k_first) * major->out_step + pb * minor->out_step + base * g.dm;
#if TNM_OPT_ARM_ASM
                    if (use_asm && all_dbl && g.dm == 1 && groups_a == 1) {
                        dw3_lines_args la;
                        la.plane = plane;
                        la.slot_words = DW_LANES * lw;
                        la.lane_words = lane_from * lw;
                        la.fg = &fg;
                        la.padded = padded;
                        la.in_b = in_b;
                        la.r0 = r0;
                        la.in_n = major->in_n;
                        la.in_step = major->in_step;
                        la.u0 = u0;
                        la.slot0 = slot0;
                        la.u_step = u_step;
                        la.n = n_a;
                        la.out = out_px + lane_from;
                        la.out_line = out_line;
                        la.w = wbuf + lane_from * rec + 3;
                        la.units = DW_LANES - lane_from;
                        la.fn = asm_fn;
                        da.lane_bytes = lw * 4;
                        dw3_lines(&la, &da);
                        continue;
                    }
#endif
                    for (t = 0; t < g.ka; ++t) tags[t] = -1;
                    for (i = 0; i < n_a; ++i, u0 += u_step, out_px += out_line) {
                        int32_t l, m, slot = slot0;
                        if (i > 0) { /* the slot of the new u0 */
                            slot0 += u_step;
                            while (slot0 >= g.ka) slot0 -= g.ka;
                            while (slot0 < 0) slot0 += g.ka;
                            slot = slot0;
                        }
                        for (t = 0; t < g.ka; ++t, slot = slot + 1 == g.ka ? 0 : slot + 1) {
                            const int32_t u = u0 + t, r = r0 + u * ga;
                            sp[t] = plane + slot * DW_LANES * lw;
                            if (tags[slot] != u) {
                                const int8_t *src = r >= 0 && r < major->in_n ? in_b + r * major->in_step : 0;
                                /* a padding row stays in its slot for the next group */
                                if (src != 0 || !padded[slot]) dw_fill(sp[t], &fg, src);
                                padded[slot] = src == 0;
                                tags[slot] = u;
                            }
                        }
#if TNM_OPT_ARM_ASM
                        if (use_asm) { /* every doubled unit: one call per group (dm 1) or lane */
                            for (l = lane_from; l < DW_LANES; l += g.dm == 1 ? DW_LANES : 1) {
                                da.w = wbuf + l * g.dm * rec + 3; /* the folded copies */
                                da.row[0] = sp[0] + l * lw;
                                da.row[1] = sp[1] + l * lw;
                                da.row[2] = sp[2] + l * lw;
                                da.units = g.dm == 1 ? DW_LANES - lane_from : g.dm;
                                da.lane_bytes = g.dm == 1 ? lw * 4 : 0;
                                da.out_unit = out_px + l * g.dm;
                                asm_fn(&da);
                            }
                            if (all_dbl) continue;
                        } else if (use_g) { /* every doubled unit through dwg_s1 / dwg_s2 */
                            sa.out = out_px;
                            fn_g(&sa, wbuf, rec, lane_from, g.dm, lw);
                            if (all_dbl) continue;
                        }
#else
                        (void)all_dbl;
#endif
                        for (l = lane_from; l < DW_LANES; ++l) {
                            for (m = 0; m < g.dm; ++m) {
                                const int32_t jj = l * g.dm + m;
                                const uint32_t *hd = wbuf + jj * rec;
#if TNM_OPT_ARM_ASM
                                if ((use_asm || use_g) && (int32_t)hd[2] > 0) continue; /* the assembly ran it */
#endif
                                sa.lane = l * lw;
                                sa.hd = hd;
                                sa.w = hd + DW_HEAD + shortl;
                                sa.out = out_px + jj;
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

/* ---- Direct: calls whose outputs are few per image (tnm_opt_dw_direct_shape: a streaming
 * model's time kernels, k x 1 over one output frame; a MobileNet's last layers over a 3x3
 * image), where the planes' ring and per-line work have little to amortize over. Depth
 * multiplier 1, groups of 4 channels (a last group overlapping the one before it), each tap
 * one word of 4 input bytes (channels are contiguous), SXTAB16 adding the input offset to two
 * lanes at once, SMLABB/SMLATT into the 4 channels' sums. Where a tap lies is separable: per
 * output row and column the first tap inside, the count and the input offset, turned once
 * per call into a record per output position (dw_pos: its runs of taps; a k x 1 filter's
 * column is one run). One assembly call (dwd_run) then takes every group of the image: per
 * group its requantization constants (the doubled form: one SMMLAR an output) and, with 3
 * positions or more to use them, its weights extended once onto the stack (2 words a tap);
 * with fewer, each tap's 4 weight bytes extended at the tap. Channels outside the doubled
 * form (a shift outside [-23, -2], a bias near +-2^30) or a clamped activation range: their
 * group one output at a time in C. Fewer than 4 channels: the generic loop. */
#define DW_DIRECT_TAPS 64 /* taps whose extended weights sit on the stack (512 bytes) */
#define DW_DIRECT_AXIS 4  /* outputs along an axis (tnm_opt_dw_direct_shape's bound) */

static int dw_direct_fits(const tnm_conv_params *params, const tnm_dims *output)
{
    return tnm_opt_dw_direct_shape(params->depth_multiplier, output) && TNM_VARIANT_ON(DW_DIRECT);
}

/* One output coordinate along an axis: its first tap inside the input, how many taps are
 * inside, the input byte offset of the first. */
typedef struct {
    int32_t t0, n, off;
} dw_span;

static void dw_direct_axis(dw_span *s, int32_t outs, int32_t stride, int32_t pad, int32_t dilation, int32_t in_n,
                           int32_t k, int32_t step)
{
    int32_t o;
    for (o = 0; o < outs; ++o) {
        const int32_t origin = o * stride - pad;
        int32_t a, b;
        tnm_tap_range(origin, dilation, in_n, k, &a, &b);
        s[o].t0 = a;
        s[o].n = b - a;
        s[o].off = (origin + a * dilation) * step;
    }
}

/* One output position of the call: its window's first tap inside the input (poff bytes
 * from the image's channel 0; woff bytes into the weights), nx taps a run, ny runs (0 when
 * no tap is inside), and the steps from a run's end to the next run's start (padj input
 * bytes, wadj weight bytes). A run is a row of taps, or for k x 1 filters the column (one
 * run down the time axis of a streaming model). Computed once per call. */
typedef struct {
    int32_t poff, woff, nx, ny, padj, wadj;
} dw_pos;

/* The groups of 4 channels [cb, ...) of one image (dwd_run): per group its requantization
 * constants from the quantization arrays (m, chi2 = (2 * output offset + 1) << (e - 1),
 * e = -shift: the doubled form on 2 * sum, dw_rq2) and, with a weight buffer (wx), its
 * weights extended into it once (2 words a tap: channels (0, 2) and (1, 3)); without one the
 * filter's 4 bytes of each tap are extended at the tap (few positions). Then per position
 * its taps and the 4 outputs. Every channel of the groups must take the doubled form (a
 * shift in [-23, -2], |bias| < 2^30 - taps * 32640) and the activation range be full.
 * Field order = the assembly's offsets. */
typedef struct {
    const int8_t *in;      /* 0: the image, channel 0 */
    int8_t *out;           /* 4: the image's first output, channel 0 */
    const int8_t *filter;  /* 8: channel 0 */
    const dw_pos *pos;     /* 12: the positions */
    const dw_pos *end;     /* 16 */
    int32_t col_step;      /* 20: input bytes between taps of a run */
    int32_t ch;            /* 24: channels (>= 4): bytes between outputs and between taps' weights */
    uint32_t off2;         /* 28: (input offset, input offset) */
    const int32_t *bias;   /* 32: the start values, or a block of 4 zeros (bias_step 0) */
    int32_t bias_step;     /* 36: 4, or 0 for the zeros */
    const int32_t *mult;   /* 40 */
    const int8_t *shift;   /* 44 */
    int32_t off2p1;        /* 48: 2 * output offset + 1 */
    uint32_t *wx;          /* 52: 2 * taps words, or NULL */
    int32_t taps;          /* 56: filter h * w */
    int32_t cb;            /* 60: the first group's first channel */
    int32_t groups;        /* 64: >= 1; the last starts at ch - 4 at the latest */
} dwd_args;

#if TNM_OPT_ARM_ASM
typedef char dwd_args_layout_check[(offsetof(dwd_args, off2) == 28 && offsetof(dwd_args, off2p1) == 48 &&
                                    offsetof(dwd_args, groups) == 64) ? 1 : -1];
/* Per tap 11 instructions for 4 channels with extended weights (LDR, ADD, LDRD, 2 SXTAB16,
 * 2 SMLABB, 2 SMLATT, the loop), 14 with the filter's bytes (LDR, ADD, 2 SXTB16 more); per
 * run 10; per position 12 of setup, 7 an output to requantize (LDM of m, chi2, e; LSL, ADD,
 * SMMLAR, ASR, SSAT, STRB) and 6 of stepping; per group about 40 (its constants) and 7 a tap
 * to extend the weights. Frame: 0 a, 4 padj, 8 wadj, 12 the position, 16 in (the group's),
 * 20 the weights, 24 the end, 28 wstep, 32 out, 36 runs left, 40 nx, 44 cb, 48 groups left,
 * 52 the start values (4 words), 68 the constants (m, chi2, e per channel). */
#define DWD_RQ(acc, k)                                                                     \
    "ldm lr!, {r5, r6, r8}\n\t"                                                            \
    "lsl " acc ", " acc ", #1\n\t"                                                         \
    "add r6, r6, " acc ", asr #31\n\t"                                                     \
    "smmlar r6, " acc ", r5, r6\n\t"                                                       \
    "asr r6, r6, r8\n\t"                                                                   \
    "ssat r6, #8, r6\n\t"                                                                  \
    "strb r6, [r10, #" k "]\n\t"
/* channel k's constants (m in reg M, its shift byte k of r3; off2p1 in r8) into the frame */
#define DWD_CONST(M, ror)                                                                  \
    "sxtb r10, r3" ror "\n\t"                                                              \
    "rsb r10, r10, #0\n\t"                                                                 \
    "sub r9, r10, #1\n\t"                                                                  \
    "lsl r9, r8, r9\n\t"                                                                   \
    "stm r11!, {" M ", r9, r10}\n\t"
__attribute__((naked, noinline)) static void dwd_run(const dwd_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "sub sp, sp, #116\n\t"
        "str r0, [sp, #0]\n\t"
        "ldr r1, [r0, #60]\n\t"
        "ldr r2, [r0, #64]\n\t"
        "strd r1, r2, [sp, #44]\n\t"       /* cb, groups */
        "ldr r1, [r0, #16]\n\t"
        "str r1, [sp, #24]\n\t"            /* end */
        "1:\n\t"                           /* a group: cb in r1 */
        "ldr r0, [sp, #0]\n\t"
        "ldr r1, [sp, #44]\n\t"
        "ldr r2, [r0, #40]\n\t"
        "add r2, r2, r1, lsl #2\n\t"
        "ldm r2, {r4, r5, r6, r7}\n\t"     /* m */
        "ldr r2, [r0, #44]\n\t"
        "ldr r3, [r2, r1]\n\t"             /* the 4 shifts */
        "ldr r8, [r0, #48]\n\t"            /* off2p1 */
        "add r11, sp, #68\n\t"
        DWD_CONST("r4", "")
        DWD_CONST("r5", ", ror #8")
        DWD_CONST("r6", ", ror #16")
        DWD_CONST("r7", ", ror #24")
        "ldrd r2, r3, [r0, #32]\n\t"       /* bias, bias_step */
        "mla r2, r1, r3, r2\n\t"           /* + cb * 4 (or 0) */
        "ldm r2, {r4, r5, r6, r7}\n\t"
        "add r2, sp, #52\n\t"
        "stm r2, {r4, r5, r6, r7}\n\t"
        "ldm r0, {r2, r3, r4, r5}\n\t"     /* in, out, filter, pos */
        "add r2, r2, r1\n\t"
        "add r3, r3, r1\n\t"
        "add r4, r4, r1\n\t"               /* the group's filter bytes */
        "str r2, [sp, #16]\n\t"
        "str r3, [sp, #32]\n\t"
        "str r5, [sp, #12]\n\t"
        "ldr r12, [r0, #24]\n\t"           /* ch */
        "ldr r6, [r0, #52]\n\t"            /* wx */
        "cbz r6, 8f\n\t"
        "ldr r7, [r0, #56]\n\t"            /* taps: extend them into wx */
        "str r6, [sp, #20]\n\t"
        "movs r5, #0\n\t"
        "str r5, [sp, #28]\n\t"            /* wstep 0 */
        "9:\n\t"
        "ldr r8, [r4]\n\t"
        "add r4, r4, r12\n\t"
        "sxtb16 r9, r8\n\t"
        "sxtb16 r10, r8, ror #8\n\t"
        "strd r9, r10, [r6], #8\n\t"
        "subs r7, r7, #1\n\t"
        "bne 9b\n\t"
        "b 10f\n\t"
        "8:\n\t"
        "str r4, [sp, #20]\n\t"            /* the filter's bytes, ch a tap */
        "str r12, [sp, #28]\n\t"
        "10:\n\t"
        "ldr r12, [r0, #20]\n\t"           /* col_step */
        "ldr r11, [r0, #28]\n\t"           /* off2 */
        "ldr r4, [sp, #28]\n\t"            /* wstep (kept) */
        "2:\n\t"                           /* a position */
        "ldr lr, [sp, #12]\n\t"
        "ldm lr!, {r5, r6, r7, r8, r9, r10}\n\t" /* poff, woff, nx, ny, padj, wadj */
        "str lr, [sp, #12]\n\t"
        "strd r9, r10, [sp, #4]\n\t"
        "str r7, [sp, #40]\n\t"            /* nx */
        "ldrd r10, r9, [sp, #16]\n\t"      /* in, w */
        "add r10, r10, r5\n\t"             /* p */
        "add r9, r9, r6\n\t"               /* w */
        "add r0, sp, #52\n\t"
        "ldm r0, {r0, r1, r2, r3}\n\t"
        "cmp r8, #0\n\t"
        "ble 5f\n\t"
        "str r8, [sp, #36]\n\t"
        "3:\n\t"                           /* a run of taps */
        "ldr lr, [sp, #40]\n\t"
        "cmp r4, #0\n\t"
        "bne 6f\n\t"
        "4:\n\t"                           /* extended weights */
        "ldr r5, [r10]\n\t"
        "add r10, r10, r12\n\t"
        "ldrd r6, r7, [r9], #8\n\t"
        "sxtab16 r8, r11, r5\n\t"
        "sxtab16 r5, r11, r5, ror #8\n\t"
        "smlabb r0, r8, r6, r0\n\t"
        "smlatt r2, r8, r6, r2\n\t"
        "smlabb r1, r5, r7, r1\n\t"
        "smlatt r3, r5, r7, r3\n\t"
        "subs lr, lr, #1\n\t"
        "bne 4b\n\t"
        "b 7f\n\t"
        "6:\n\t"                           /* the filter's bytes */
        "ldr r5, [r10]\n\t"
        "add r10, r10, r12\n\t"
        "ldr r6, [r9]\n\t"
        "add r9, r9, r4\n\t"
        "sxtab16 r8, r11, r5\n\t"
        "sxtab16 r5, r11, r5, ror #8\n\t"
        "sxtb16 r7, r6, ror #8\n\t"
        "sxtb16 r6, r6\n\t"
        "smlabb r0, r8, r6, r0\n\t"
        "smlatt r2, r8, r6, r2\n\t"
        "smlabb r1, r5, r7, r1\n\t"
        "smlatt r3, r5, r7, r3\n\t"
        "subs lr, lr, #1\n\t"
        "bne 6b\n\t"
        "7:\n\t"
        "ldrd r5, r6, [sp, #4]\n\t"
        "add r10, r10, r5\n\t"
        "add r9, r9, r6\n\t"
        "ldr r5, [sp, #36]\n\t"
        "subs r5, r5, #1\n\t"
        "str r5, [sp, #36]\n\t"
        "bne 3b\n\t"
        "5:\n\t"                           /* requantize, store, step */
        "ldr r10, [sp, #32]\n\t"
        "add lr, sp, #68\n\t"
        DWD_RQ("r0", "0")
        DWD_RQ("r1", "1")
        DWD_RQ("r2", "2")
        DWD_RQ("r3", "3")
        "ldr r0, [sp, #0]\n\t"
        "ldr r7, [r0, #24]\n\t"            /* ch */
        "add r10, r10, r7\n\t"
        "str r10, [sp, #32]\n\t"
        "ldr r2, [sp, #12]\n\t"
        "ldr r3, [sp, #24]\n\t"
        "cmp r2, r3\n\t"
        "bne 2b\n\t"
        /* the next group: cb + 4, the last at ch - 4 */
        "ldrd r1, r2, [sp, #44]\n\t"
        "subs r2, r2, #1\n\t"
        "beq 11f\n\t"
        "adds r1, r1, #4\n\t"
        "sub r3, r7, #4\n\t"
        "cmp r1, r3\n\t"
        "it gt\n\t"
        "movgt r1, r3\n\t"
        "strd r1, r2, [sp, #44]\n\t"
        "b 1b\n\t"
        "11:\n\t"
        "add sp, sp, #116\n\t"
        "pop {r4-r11, pc}\n\t");
}
#undef DWD_RQ
#undef DWD_CONST
#else
static void dwd_run(const dwd_args *a)
{
    int32_t cb = a->cb, g, r, t, k;
    for (g = 0; g < a->groups; ++g, cb = cb + 4 > a->ch - 4 ? a->ch - 4 : cb + 4) {
        int32_t m[4], chi2[4], e[4];
        uint32_t bias[4];
        const int8_t *wbase = a->filter + cb;
        int8_t *out = a->out + cb;
        const dw_pos *q;
        for (k = 0; k < 4; ++k) {
            m[k] = a->mult[cb + k];
            e[k] = -a->shift[cb + k];
            chi2[k] = (int32_t)((uint32_t)a->off2p1 << (e[k] - 1));
            bias[k] = a->bias_step != 0 ? (uint32_t)a->bias[cb + k] : 0u;
        }
        if (a->wx != 0) {
            for (t = 0; t < a->taps; ++t) {
                const uint32_t w = tnm_opt_read4(a->filter + t * a->ch + cb);
                a->wx[2 * t] = tnm_sxtb16(w);
                a->wx[2 * t + 1] = tnm_sxtb16_ror8(w);
            }
            wbase = (const int8_t *)a->wx;
        }
        for (q = a->pos; q != a->end; ++q, out += a->ch) {
            const int8_t *p = a->in + cb + q->poff;
            const int8_t *w = wbase + q->woff;
            uint32_t acc[4];
            for (k = 0; k < 4; ++k) acc[k] = bias[k];
            for (r = 0; r < q->ny; ++r, p += q->padj, w += q->wadj) {
                for (t = 0; t < q->nx; ++t, p += a->col_step) {
                    const uint32_t v = tnm_opt_read4(p);
                    const uint32_t xe = tnm_sxtab16(a->off2, v), xo = tnm_sxtab16_ror8(a->off2, v);
                    uint32_t we, wo;
                    if (a->wx != 0) {
                        const uint32_t *wx = (const uint32_t *)(const void *)w;
                        we = wx[0];
                        wo = wx[1];
                        w += 8;
                    } else {
                        const uint32_t wv = tnm_opt_read4(w);
                        we = tnm_sxtb16(wv);
                        wo = tnm_sxtb16_ror8(wv);
                        w += a->ch;
                    }
                    acc[0] = tnm_smlabb(xe, we, acc[0]);
                    acc[2] = tnm_smlatt(xe, we, acc[2]);
                    acc[1] = tnm_smlabb(xo, wo, acc[1]);
                    acc[3] = tnm_smlatt(xo, wo, acc[3]);
                }
            }
            for (k = 0; k < 4; ++k)
                out[k] = (int8_t)tnm_opt_sat8(dw_rq2((int32_t)(acc[k] << 1), m[k], chi2[k], e[k]));
        }
    }
}
#endif

/* Group cb's 4 output channels one at a time (a channel outside the doubled form, or a
 * clamped activation range); the filter's own bytes (wunit: weight bytes a tap in the
 * positions' offsets). */
DW_COLD static void dw_direct_plain(const dwd_args *g, int32_t wunit, const tnm_quant *quant, const int32_t *bias,
                                    const tnm_conv_params *params)
{
    const int32_t ch = g->ch, cb = g->cb;
    int8_t *out = g->out + cb;
    const dw_pos *q;
    int32_t r, t, k;
    for (q = g->pos; q != g->end; ++q, out += ch) {
        for (k = 0; k < 4; ++k) {
            const int8_t *p = g->in + cb + q->poff + k;
            const int8_t *w = g->filter + cb + (q->woff / wunit) * ch + k;
            uint32_t acc = bias != 0 ? (uint32_t)bias[cb + k] : 0u;
            for (r = 0; r < q->ny; ++r, p += q->padj, w += (q->wadj / wunit) * ch) {
                for (t = 0; t < q->nx; ++t, p += g->col_step, w += ch)
                    acc += (uint32_t)((*p + params->input_offset) * *w);
            }
            out[k] = tnm_opt_output((int32_t)acc, quant->multiplier[cb + k], quant->shift[cb + k],
                                    params->output_offset, params->act_min, params->act_max);
        }
    }
}

/* Whether channel c takes the doubled form: a shift in the fast form and |bias| < room. */
static int dw_direct_dbl(const tnm_quant *quant, const int32_t *bias, int32_t c, uint32_t room)
{
    const int32_t b = bias != 0 ? bias[c] : 0;
    return tnm_opt_rq_fast_ok(quant->shift[c]) && (b < 0 ? 0u - (uint32_t)b : (uint32_t)b) < room;
}

static void dw_direct(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                      const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                      const int32_t *bias, const tnm_dims *output, int8_t *output_data)
{
    static const int32_t zeros[4] = {0, 0, 0, 0};
    const int32_t ch = output->c, in_h = input->h, in_w = input->w;
    const int32_t out_h = output->h, out_w = output->w, f_w = filter->w, taps = filter->h * filter->w;
    const int32_t image = in_h * in_w * ch, out_image = out_h * out_w * ch;
    const int32_t row_step = params->dilation_h * in_w * ch, col_step = params->dilation_w * ch;
    const int32_t groups = (ch + 3) / 4;
    /* doubled channels' bound: |bias| < 2^30 - taps * 255 * 128 (every sum inside +-2^30) */
    const uint32_t room = taps < (1 << 30) / 32640 ? (1u << 30) - (uint32_t)taps * 32640u : 0u;
    const int full = params->act_min == -128 && params->act_max == 127;
    /* k x 1 filters: one run down the column; the weights extended once per group when the
     * group has 3 positions or more to use them (and they fit the stack) */
    const int column = f_w == 1;
    const int ext = out_h * out_w >= 3 && taps <= DW_DIRECT_TAPS;
    const int32_t wunit = ext ? 8 : ch;
    uint32_t wx[2 * DW_DIRECT_TAPS];
    dw_span ys[DW_DIRECT_AXIS], xs[DW_DIRECT_AXIS];
    dw_pos pos[DW_DIRECT_AXIS * DW_DIRECT_AXIS];
    dwd_args g;
    int32_t b, c, oy, ox, n = 0, all = full;
    if (ch < 4 || out_h > DW_DIRECT_AXIS || out_w > DW_DIRECT_AXIS) {
        tnm_arm_dsp_conv_generic(params, quant, input, input_data, filter, filter_data, bias, output, output_data, 1);
        return;
    }
    dw_direct_axis(ys, out_h, params->stride_h, params->pad_h, params->dilation_h, in_h, filter->h, in_w * ch);
    dw_direct_axis(xs, out_w, params->stride_w, params->pad_w, params->dilation_w, in_w, f_w, ch);
    for (oy = 0; oy < out_h; ++oy) {
        for (ox = 0; ox < out_w; ++ox, ++n) {
            const int32_t nx = xs[ox].n, ny = nx > 0 ? ys[oy].n : 0;
            pos[n].poff = ys[oy].off + xs[ox].off;
            pos[n].woff = wunit * (ys[oy].t0 * f_w + xs[ox].t0);
            if (column) { /* one run of ny taps, row_step apart (nx is 0 or 1) */
                pos[n].nx = ny;
                pos[n].ny = ny > 0;
                pos[n].padj = 0;
                pos[n].wadj = 0;
            } else {
                pos[n].nx = nx;
                pos[n].ny = ny;
                pos[n].padj = row_step - nx * col_step;
                pos[n].wadj = wunit * (f_w - nx);
            }
        }
    }
    g.pos = pos;
    g.end = pos + n;
    g.filter = filter_data;
    g.col_step = column ? row_step : col_step;
    g.ch = ch;
    g.off2 = ((uint32_t)params->input_offset & 0xFFFFu) * 0x10001u;
    g.bias = bias != 0 ? bias : zeros;
    g.bias_step = bias != 0 ? 4 : 0;
    g.mult = quant->multiplier;
    g.shift = quant->shift;
    g.off2p1 = 2 * params->output_offset + 1;
    g.wx = ext ? wx : 0;
    g.taps = taps;
    if (all) { /* every channel at once (conservative: else group by group, exactly): a shift s
                * in [-23, -2] <=> s + 23 and -2 - s both >= 0; |bias| - [bias < 0] < room - 1 */
        uint32_t sign = 0u, mag = 0u;
        for (c = 0; c < ch; ++c) {
            const int32_t sh = quant->shift[c];
            sign |= (uint32_t)(sh + 23) | (uint32_t)(-2 - sh);
        }
        for (c = 0; bias != 0 && c < ch; ++c) mag |= (uint32_t)(bias[c] ^ (bias[c] >> 31));
        all = (sign >> 31) == 0u && room > 0u && mag < room - 1u;
    }
    for (b = 0; b < output->n; ++b) {
        g.in = input_data + b * image;
        g.out = output_data + b * out_image;
        if (all) { /* every group in one run */
            g.cb = 0;
            g.groups = groups;
            dwd_run(&g);
            continue;
        }
        for (c = 0; c < ch; c += 4) { /* group by group */
            int32_t k, dbl = full;
            g.cb = c + 4 <= ch ? c : ch - 4;
            g.groups = 1;
            for (k = 0; k < 4; ++k) dbl &= dw_direct_dbl(quant, bias, g.cb + k, room);
            if (dbl) dwd_run(&g);
            else dw_direct_plain(&g, wunit, quant, bias, params);
        }
    }
}

/* Row order for in-place execution (tnm_depthwise_conv_s8_rows). The planes keep the order
 * (one image): along rows (the lines are output rows; each input row enters the ring
 * before the first output row that reads it is written, and only the group's channels
 * are written), and along columns when the output rows are as wide as the input's and
 * the output lies a whole number of rows from the input (output column x then overwrites
 * only input column x, all of whose rows are in the ring before it is written; later
 * columns read theirs from the ring). Other calls
 * return 0 (the runtime runs them in bands). */
int tnm_depthwise_conv_s8_arm_dsp_rows(const tnm_conv_params *params, const tnm_quant *quant,
                                       const tnm_dims *input, const int8_t *input_data,
                                       const tnm_dims *filter, const int8_t *filter_data,
                                       const int32_t *bias, const tnm_dims *output,
                                       int8_t *output_data, void *scratch, int descending)
{
    /* One output pixel (a streaming model's newest frame over its ring of past frames): the
     * direct path reads all taps of a group of 4 channels before it writes that group's 4
     * outputs, and no later group reads those channels; whole groups only (a last partial
     * group would re-read channels already written). The planes would pay their per-group
     * setup for a single output (mWW v2 vad's 8x1 filter over 48 channels: ~35k instructions
     * against ~5k). */
    if (output->n == 1 && output->h == 1 && output->w == 1 && (output->c & 3) == 0 &&
        dw_direct_fits(params, output)) {
        dw_direct(params, quant, input, input_data, filter, filter_data, bias, output, output_data);
        return 1;
    }
    if (params->depth_multiplier != 1 || params->dilation_h != 1 || params->dilation_w != 1 ||
        !TNM_VARIANT_ON(DW_PLANES)) /* arguments checked by the caller */
        return 0;
    /* Lines along the rows in order, the ring's rows read before an output row is written
     * over them. A taller output would run its columns as the lines: only where the output
     * lies a whole number of rows from the input (then each column writes over its own);
     * otherwise the rows stay the lines (a stride-2 layer of 48x32 to 24x16 in place: 27
     * instructions a MAC in the generic loop of bands before). */
    if (output->n == 1 && !(filter->h >= 2 * input->h && filter->w >= 2 * input->w) &&
        depthwise_fast(params, quant, input, input_data, filter, filter_data, bias, output, output_data, scratch,
                       descending,
                       output->h > output->w &&
                           !(output->w == input->w && (input_data - output_data) % ((ptrdiff_t)input->w * input->c) == 0)))
        return 1;
    return 0;
}

/* ---- DEPTHWISE_CONV_2D: what the planes take through them, the rest through the generic
 * loop ---- */
tnm_status tnm_depthwise_conv_s8_arm_dsp_unchecked(const tnm_conv_params *params,
                                                   const tnm_quant *quant,
                                                   const tnm_dims *input, const int8_t *input_data,
                                                   const tnm_dims *filter, const int8_t *filter_data,
                                                   const int32_t *bias,
                                                   const tnm_dims *output, int8_t *output_data,
                                                   void *scratch)
{
    if (dw_direct_fits(params, output)) {
        dw_direct(params, quant, input, input_data, filter, filter_data, bias, output, output_data);
        return TNM_OK;
    }
    if (TNM_VARIANT_BUILT(DW_PADDED) && scratch != 0 && tnm_opt_dw_padded_fits(params, input, filter, output) &&
        TNM_VARIANT_ON(DW_PADDED) &&
        tnm_arm_dsp_dw_padded(params, quant, input, input_data, filter, filter_data, bias, output, output_data,
                              scratch))
        return TNM_OK;
    /* a filter at least twice the image both ways: most taps fall outside it, which the
     * generic loop skips and the planes compute */
    if (!(filter->h >= 2 * input->h && filter->w >= 2 * input->w) && TNM_VARIANT_ON(DW_PLANES) &&
        depthwise_fast(params, quant, input, input_data, filter, filter_data, bias, output,
                       output_data, scratch, 0, 0)) {
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
