/*
 * Sums of four int8 weight rows with one operand of int16 pairs, the inner loop that LSTM
 * gates (four gates of a unit) and SVDF features (four filters) share on Cortex-M: the operand
 * in the paired layout (each group of 4 values v0..v3 as the words [v0 | v2], [v1 | v3], what
 * SMLAD takes against SXTB16 of 4 weights and of the weights rotated by 8) is loaded once per
 * group for the four rows. Beside it the LSTM's two-step form: two rows against two operands
 * interleaved, each weight word extended once for both. Portable C (the same sums) where there
 * is no assembly: the host tests run it.
 */
#include <stddef.h>

#include "tnm_arm_dsp_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

/* The assembly's arguments: the operand's whole groups, the first set's row 0 and rows 1-3 as
 * byte offsets from it, the bytes from a set's last whole group to the next set's row 0. */
typedef struct {
    const int16_t *e, *e_end; /* 0, 4: the whole groups of 4 */
    const int8_t *w0;         /* 8 */
    int32_t d1, d2, d3;       /* 12-20 */
    int32_t skip;             /* 24 */
    uint32_t *out;            /* 28: advanced by the assembly */
    int32_t units;            /* 32: sets of rows */
} rows4_args;

#if TNM_OPT_ARM_ASM
typedef char rows4_layout_check[(offsetof(rows4_args, skip) == 24 && offsetof(rows4_args, out) == 28 &&
                                 offsetof(rows4_args, units) == 32) ? 1 : -1];
/* The frame both assemblies share: per set of rows (sets counted down at [sp, #4], the
 * arguments at [sp]) the sums r0-r3 start at 0, the operand r8 from its start to r9 through
 * GROUP twice a turn (an odd number of groups, GROUP_BYTES each: enter at the second); after
 * the set the caller's code stores the sums and steps to the next set's rows, then SETS_NEXT. */
#define SETS_LOOP(GROUP_BYTES, GROUP)                                                       \
    "3:\n\t"                                                                                 \
    "ldr r8, [r0]\n\t"                                                                       \
    "movs r0, #0\n\t"                                                                        \
    "movs r1, #0\n\t"                                                                        \
    "movs r2, #0\n\t"                                                                        \
    "movs r3, #0\n\t"                                                                        \
    "cmp r8, r9\n\t"                                                                         \
    "beq 2f\n\t"                                                                             \
    "sub r4, r9, r8\n\t"                                                                     \
    "tst r4, #" GROUP_BYTES "\n\t"                                                           \
    "bne 4f\n\t"                                                                             \
    "1:\n\t" GROUP "4:\n\t" GROUP                                                           \
    "cmp r8, r9\n\t"                                                                         \
    "bne 1b\n\t"                                                                             \
    "2:\n\t"
#define SETS_NEXT                                                                           \
    "ldr r5, [sp, #4]\n\t"                                                                   \
    "subs r5, r5, #1\n\t"                                                                    \
    "str r5, [sp, #4]\n\t"                                                                   \
    "bne 3b\n\t"                                                                             \
    "add sp, sp, #8\n\t"                                                                     \
    "pop {r4-r11, pc}\n\t"

/* Per set, the operand's whole groups of 4 in registers: r0-r3 the sums, r4/r5 the operand
 * words, r8 the operand, r10 row 0's weights, r11, r12, lr the other rows' offsets. Per 4
 * values: 1 LDM of the operand, 4 LDR of weights (any alignment: single loads), 8 SXTB16,
 * 8 SMLAD, and CMP, BNE every two groups: 22 for 16 multiply-adds; per set ~23 more (sums
 * out, next rows). */
#define ROWS4_ROW(acc, wload)                                                             \
    wload                                                                                  \
    "sxtb16 r7, r6\n\t"                                                                     \
    "smlad " acc ", r7, r4, " acc "\n\t"                                                    \
    "sxtb16 r6, r6, ror #8\n\t"                                                             \
    "smlad " acc ", r6, r5, " acc "\n\t"

#define ROWS4_GROUP                                                                         \
    "ldm r8!, {r4, r5}\n\t"                                                                \
    ROWS4_ROW("r1", "ldr r6, [r10, r11]\n\t")                                             \
    ROWS4_ROW("r2", "ldr r6, [r10, r12]\n\t")                                             \
    ROWS4_ROW("r3", "ldr r6, [r10, lr]\n\t")                                              \
    ROWS4_ROW("r0", "ldr r6, [r10], #4\n\t")

__attribute__((naked, noinline)) static void rows4_asm(rows4_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "ldr r4, [r0, #32]\n\t"
        "strd r0, r4, [sp, #-8]!\n\t"
        "ldr r9, [r0, #4]\n\t"
        "ldr r10, [r0, #8]\n\t"
        "ldr r11, [r0, #12]\n\t"
        "ldr r12, [r0, #16]\n\t"
        "ldr lr, [r0, #20]\n\t"
        SETS_LOOP("8", ROWS4_GROUP)
        "ldr r4, [sp]\n\t"
        "ldr r5, [r4, #28]\n\t"
        "stmia r5!, {r0, r1, r2, r3}\n\t"
        "str r5, [r4, #28]\n\t"
        "ldr r5, [r4, #24]\n\t"
        "add r10, r10, r5\n\t"
        "mov r0, r4\n\t"
        SETS_NEXT);
}
#undef ROWS4_ROW
#undef ROWS4_GROUP
#endif

/* Two operands interleaved a group of 4 values at a time (two steps of an LSTM's input: e
 * holds t's two paired words, then t + 1's) against two weight rows (w and w + d), for `sets`
 * sets of rows step bytes apart: set k's sums to out_a[4 k], out_a[4 k + 1] (the first
 * operand) and out_b likewise. Each weight word, extended once, serves both operands. */
typedef struct {
    const int16_t *e, *e_end; /* 0, 4: the whole groups, the two operands interleaved */
    const int8_t *w0;         /* 8 */
    int32_t d;                /* 12: row 1, bytes from row 0 */
    int32_t skip;             /* 16 */
    uint32_t *out_a, *out_b;  /* 20, 24: advanced by the assembly */
    int32_t units;            /* 28: sets of rows */
} rows2x2_args;

#if TNM_OPT_ARM_ASM
typedef char rows2x2_layout_check[(offsetof(rows2x2_args, skip) == 16 && offsetof(rows2x2_args, out_a) == 20 &&
                                   offsetof(rows2x2_args, units) == 28) ? 1 : -1];
/* r0/r1 the first operand's sums, r2/r3 the second's, r4-r7 the operand words, r8 the operand,
 * r10 row 0's weights, r11 the offset of row 1's. Per 4 values: 1 LDM, 2 LDR, 4 SXTB16, 8
 * SMLAD, and CMP, BNE every two groups: 16 for 16 multiply-adds. */
#define ROWS2X2_GROUP                                                                       \
    "ldm r8!, {r4, r5, r6, r7}\n\t"                                                         \
    "ldr r12, [r10, r11]\n\t"                                                               \
    "sxtb16 lr, r12\n\t"                                                                    \
    "smlad r1, lr, r4, r1\n\t"                                                              \
    "smlad r3, lr, r6, r3\n\t"                                                              \
    "sxtb16 r12, r12, ror #8\n\t"                                                           \
    "smlad r1, r12, r5, r1\n\t"                                                             \
    "smlad r3, r12, r7, r3\n\t"                                                             \
    "ldr r12, [r10], #4\n\t"                                                                \
    "sxtb16 lr, r12\n\t"                                                                    \
    "smlad r0, lr, r4, r0\n\t"                                                              \
    "smlad r2, lr, r6, r2\n\t"                                                              \
    "sxtb16 r12, r12, ror #8\n\t"                                                           \
    "smlad r0, r12, r5, r0\n\t"                                                             \
    "smlad r2, r12, r7, r2\n\t"

__attribute__((naked, noinline)) static void rows2x2_asm(rows2x2_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "ldr r4, [r0, #28]\n\t"
        "strd r0, r4, [sp, #-8]!\n\t"
        "ldr r9, [r0, #4]\n\t"
        "ldr r10, [r0, #8]\n\t"
        "ldr r11, [r0, #12]\n\t"
        SETS_LOOP("16", ROWS2X2_GROUP)
        "ldr r4, [sp]\n\t"
        "ldrd r5, r6, [r4, #20]\n\t"
        "strd r0, r1, [r5], #16\n\t"
        "strd r2, r3, [r6], #16\n\t"
        "strd r5, r6, [r4, #20]\n\t"
        "ldr r5, [r4, #16]\n\t"
        "add r10, r10, r5\n\t"
        "mov r0, r4\n\t"
        SETS_NEXT);
}
#undef ROWS2X2_GROUP
#endif

void tnm_arm_dsp_rows2x2_sums(uint32_t *out_a, uint32_t *out_b, const int16_t *e, int32_t groups, const int8_t *w,
                              int32_t d, int32_t step, int32_t sets)
{
#if TNM_OPT_ARM_ASM
    rows2x2_args r;
    if (sets < 1) return;
    r.e = e;
    r.e_end = e + 8 * groups;
    r.w0 = w;
    r.d = d;
    r.skip = step - 4 * groups;
    r.out_a = out_a;
    r.out_b = out_b;
    r.units = sets;
    rows2x2_asm(&r);
#else
    int32_t k, c;
    for (k = 0; k < sets; ++k, w += step, out_a += 4, out_b += 4) {
        uint32_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
        for (c = 0; c < groups; ++c) {
            const int8_t *q = (const int8_t *)(e + 8 * c);
            const uint32_t xa = tnm_opt_read4(q), xb = tnm_opt_read4(q + 4);
            const uint32_t ya = tnm_opt_read4(q + 8), yb = tnm_opt_read4(q + 12);
            uint32_t v = tnm_opt_read4(w + 4 * c);
            a0 = tnm_smlad(tnm_sxtb16_ror8(v), xb, tnm_smlad(tnm_sxtb16(v), xa, a0));
            b0 = tnm_smlad(tnm_sxtb16_ror8(v), yb, tnm_smlad(tnm_sxtb16(v), ya, b0));
            v = tnm_opt_read4(w + d + 4 * c);
            a1 = tnm_smlad(tnm_sxtb16_ror8(v), xb, tnm_smlad(tnm_sxtb16(v), xa, a1));
            b1 = tnm_smlad(tnm_sxtb16_ror8(v), yb, tnm_smlad(tnm_sxtb16(v), ya, b1));
        }
        out_a[0] = a0;
        out_a[1] = a1;
        out_b[0] = b0;
        out_b[1] = b1;
    }
#endif
}

void tnm_arm_dsp_rows4_sums(uint32_t *out, const int16_t *e, int32_t groups, const int8_t *w, int32_t d1, int32_t d2,
                            int32_t d3, int32_t step, int32_t sets)
{
#if TNM_OPT_ARM_ASM
    rows4_args r;
    if (sets < 1) return;
    r.e = e;
    r.e_end = e + 4 * groups;
    r.w0 = w;
    r.d1 = d1;
    r.d2 = d2;
    r.d3 = d3;
    r.skip = step - 4 * groups;
    r.out = out;
    r.units = sets;
    rows4_asm(&r);
#else
    int32_t k, c;
    for (k = 0; k < sets; ++k, w += step, out += 4) {
        uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (c = 0; c < groups; ++c) {
            const uint32_t xa = tnm_opt_read4((const int8_t *)(e + 4 * c));
            const uint32_t xb = tnm_opt_read4((const int8_t *)(e + 4 * c + 2));
            uint32_t v = tnm_opt_read4(w + 4 * c);
            a0 = tnm_smlad(tnm_sxtb16_ror8(v), xb, tnm_smlad(tnm_sxtb16(v), xa, a0));
            v = tnm_opt_read4(w + d1 + 4 * c);
            a1 = tnm_smlad(tnm_sxtb16_ror8(v), xb, tnm_smlad(tnm_sxtb16(v), xa, a1));
            v = tnm_opt_read4(w + d2 + 4 * c);
            a2 = tnm_smlad(tnm_sxtb16_ror8(v), xb, tnm_smlad(tnm_sxtb16(v), xa, a2));
            v = tnm_opt_read4(w + d3 + 4 * c);
            a3 = tnm_smlad(tnm_sxtb16_ror8(v), xb, tnm_smlad(tnm_sxtb16(v), xa, a3));
        }
        out[0] = a0;
        out[1] = a1;
        out[2] = a2;
        out[3] = a3;
    }
#endif
}

#if TNM_OPT_ARM_ASM
/* Row dots: per row its start value, its words (two a turn, an odd count entering at the
 * second), the sum out. The arguments in the order the LDM takes them. */
typedef struct {
    const void *w, *x;     /* r1, r2: advanced row after row */
    const int32_t *start;  /* r3 */
    int32_t start_bytes;   /* r4: start step in bytes */
    uint32_t *out;         /* r5 */
    int32_t rows;          /* r6 */
    int32_t row_bytes;     /* r7 */
    uint32_t neg_zp2;      /* lr */
} row_dots_args;

/* r9 the sum, r8 the row's end, r0 and r10-r12 temporaries. Per row 7 instructions around its
 * words; per word: s8 8 (2 LDR, 4 extends, 2 SMLAD for 4 products), s16 3 (2 LDR, 1 SMLAD for
 * 2), and CMP, BNE every two words. */
#define ROW_DOTS_FRAME(WORD)                                                                \
    "push {r4-r11, lr}\n\t"                                                                  \
    "ldm r0, {r1, r2, r3, r4, r5, r6, r7, lr}\n\t"                                           \
    "5:\n\t"                                                                                 \
    "ldr r9, [r3]\n\t"                                                                       \
    "add r3, r3, r4\n\t"                                                                     \
    "add r8, r1, r7\n\t"                                                                     \
    "tst r7, #4\n\t"                                                                         \
    "bne 4f\n\t"                                                                             \
    "1:\n\t" WORD "4:\n\t" WORD                                                              \
    "cmp r1, r8\n\t"                                                                         \
    "bne 1b\n\t"                                                                             \
    "str r9, [r5], #4\n\t"                                                                   \
    "subs r6, r6, #1\n\t"                                                                    \
    "bne 5b\n\t"                                                                             \
    "pop {r4-r11, pc}\n\t"

#define ROW_DOTS_WORD_S8                                                                    \
    "ldr r10, [r1], #4\n\t"                                                                  \
    "ldr r11, [r2], #4\n\t"                                                                  \
    "sxtb16 r12, r10\n\t"                                                                    \
    "sxtab16 r0, lr, r11\n\t"                                                                \
    "smlad r9, r12, r0, r9\n\t"                                                              \
    "sxtb16 r10, r10, ror #8\n\t"                                                            \
    "sxtab16 r11, lr, r11, ror #8\n\t"                                                       \
    "smlad r9, r10, r11, r9\n\t"

#define ROW_DOTS_WORD_S16                                                                   \
    "ldr r10, [r1], #4\n\t"                                                                  \
    "ldr r11, [r2], #4\n\t"                                                                  \
    "smlad r9, r10, r11, r9\n\t"

__attribute__((naked, noinline)) static void row_dots_s8_asm(const row_dots_args *a TNM_ASM_ARG)
{
    __asm__ volatile(ROW_DOTS_FRAME(ROW_DOTS_WORD_S8));
}

__attribute__((naked, noinline)) static void row_dots_s16_asm(const row_dots_args *a TNM_ASM_ARG)
{
    __asm__ volatile(ROW_DOTS_FRAME(ROW_DOTS_WORD_S16));
}
#undef ROW_DOTS_FRAME
#undef ROW_DOTS_WORD_S8
#undef ROW_DOTS_WORD_S16
#endif

static void row_dots(int wide, uint32_t *out, const void *w, const void *x, int32_t words, int32_t rows,
                     const int32_t *start, int32_t start_step, uint32_t neg_zp2)
{
    if (rows < 1 || words < 1) return;
#if TNM_OPT_ARM_ASM
    {
        row_dots_args r;
        r.w = w;
        r.x = x;
        r.start = start;
        r.start_bytes = 4 * start_step;
        r.out = out;
        r.rows = rows;
        r.row_bytes = 4 * words;
        r.neg_zp2 = neg_zp2;
        if (wide) row_dots_s16_asm(&r);
        else row_dots_s8_asm(&r);
    }
#else
    {
        const int8_t *wb = (const int8_t *)w, *xb = (const int8_t *)x;
        int32_t k, c;
        for (k = 0; k < rows; ++k, start += start_step) {
            uint32_t acc = (uint32_t)*start;
            for (c = 0; c < words; ++c, wb += 4, xb += 4) {
                const uint32_t wv = tnm_opt_read4(wb), xv = tnm_opt_read4(xb);
                if (wide) {
                    acc = tnm_smlad(xv, wv, acc);
                } else {
                    acc = tnm_smlad(tnm_sxtb16(wv), tnm_sxtab16(neg_zp2, xv), acc);
                    acc = tnm_smlad(tnm_sxtb16_ror8(wv), tnm_sxtab16_ror8(neg_zp2, xv), acc);
                }
            }
            out[k] = acc;
        }
    }
#endif
}

void tnm_arm_dsp_row_dots_s8(uint32_t *out, const int8_t *w, const int8_t *x, int32_t words, int32_t rows,
                             const int32_t *start, int32_t start_step, uint32_t neg_zp2)
{
    row_dots(0, out, w, x, words, rows, start, start_step, neg_zp2);
}

void tnm_arm_dsp_row_dots_s16(uint32_t *out, const int16_t *w, const int16_t *x, int32_t words, int32_t rows,
                              const int32_t *start, int32_t start_step)
{
    row_dots(1, out, w, x, words, rows, start, start_step, 0u);
}

#undef SETS_LOOP
#undef SETS_NEXT
#endif /* TNM_HAVE_ARM_DSP_VARIANT */
