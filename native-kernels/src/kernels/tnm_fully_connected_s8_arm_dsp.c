/*
 * Cortex-M DSP-extension variant (ARMv7E-M, ARMv8-M Mainline with DSP) of FULLY_CONNECTED;
 * bit-exact with the reference kernel.
 *
 * On a host this file builds with portable C versions of the instructions
 * (tnm_kernels_opt.h) and the differential tests compare it with the reference.
 */
#include "tnm_arm_dsp_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

/* ---- FULLY_CONNECTED: the input SXTAB16-extended (offset added) into a stack buffer
 * of FC_CHUNK inputs at a time, then 3 rows x 8 inputs per block: LDM (4 input words),
 * 3 LDRD (weights), 12 SXTB16, 12 SMLAD = 28 instructions per 24 MACs (fc_rows3; pairs,
 * fc_rows: 19 per 16), 8 blocks per loop iteration, the loop entered part-way for a block
 * count that is not a multiple of 8, and a 7-instruction requantization per output (one
 * multiplier and shift: per tensor) or 13 (per channel).
 *
 * Any depth and any row count: the weights are read a word at a time from the 4-byte
 * boundary at or before each row's chunk, so a row that starts m = (row * depth) % 4
 * bytes past a boundary reads m bytes of the row before it and, after its end, up to 7
 * bytes of the row after it. The extended input has zeros in those positions (m zeros
 * first, zeros after the end), so the extra weights add nothing. Rows of one misalignment
 * m run together (every s-th row: s = 1, 2 or 4 by depth % 4), in passes of three rows
 * (r, r + s, r + 2s) while more than 4 rows are left (12 or more in the group), then pairs,
 * then a row paired with itself, with an input buffer for that m. The last rows, whose
 * reads would pass the end of the weights (depth % 8 != 0 or m != 0: one row, a few when
 * the depth is under 8), run the blocks that stay inside the weights and the last
 * positions in C. A weight zero point adds filter_offset * sum(input + input_offset) to
 * every row's start value (once per batch); the activation range is applied afterwards.
 * Depths above FC_CHUNK run in chunks, FC_ROWS - 1 rows at a time with their partial sums
 * on the stack. A shift outside the fast form: the blocks store the sums and C
 * requantizes them. Weights off a 4-byte boundary (the runtime never passes them): the C
 * loop for every row. Setup in C, compiled for size; the MACs in fc_rows / fc_rows3. The
 * common call (one chunk of whole 8-value blocks, a bias, no weight zero point, fast-form
 * shifts) skips that general setup (fc_lean: the same passes). */
#define FC_CHUNK TNM_FC_CHUNK /* inputs per extended chunk (a multiple of 8) */
#define FC_ROWS TNM_FC_ROWS   /* rows per block when the depth takes several chunks */
#if defined(__GNUC__) && !defined(__clang__)
#define FC_SETUP_ATTR __attribute__((optimize("Os", "no-tree-loop-distribute-patterns")))
#else
#define FC_SETUP_ATTR
#endif

/* The passes of one call: fc_rows runs passes of two rows, fc_rows3 of three, until the
 * first row's weights reach wend (each pass moves the first row's pointer by 8 * blocks +
 * wadv). fc_rows3 copies fields 0-76 into its stack frame. Field order: the
 * assembly loads 0-28 (fc_rows3's epilogue), 32-48 (a pass's start), 12-20, 24-28 and
 * 56-72 with one LDM / LDRD each and stores 28-32 (out, bias) with one STRD; fc_rows3 keeps
 * its next-pass code at 80 of the frame. */
typedef struct {
    int32_t pt_m;         /* 0: mode 1: the multiplier, e1 = -shift - 1 and chi of all rows */
    int32_t pt_e1;        /* 4 */
    int32_t pt_chi;       /* 8 */
    int32_t wadv;         /* 12: bytes from the first row's end of reads to the next pass's first row */
    int32_t wrow;         /* 16: bytes from a pass's first weight row to its second */
    uintptr_t wend;       /* 20: the first row's weights after the last pass (fc_mode) */
    int32_t orow;         /* 24: bytes from the first row's output to the second's */
    int8_t *out;          /* 28 */
    const int32_t *bias;  /* 32: the pass's first row's start value */
    int32_t brow;         /* 36: bytes from the first row's start value to the second's (fc_rows3: LDM when 4) */
    uint32_t entry;       /* 40: (set by the passes) where the first loop iteration starts */
    const uint32_t *x;    /* 44: extended input, 4 words per 8 positions */
    const uint32_t *xend; /* 48: x + 4 * blocks (the loop end) */
    uint32_t epi;         /* 52: (set by the passes) the mode's code */
    const int32_t *mult;  /* 56: mode 0: per-row multipliers, shifts */
    const int8_t *shift;  /* 60 */
    int32_t mrow;         /* 64: bytes from the first row's multiplier to the second's */
    int32_t srow;         /* 68: the same for the shifts */
    int32_t off2p1;       /* 72 */
    int32_t *acc_out;     /* 76: mode 2: store the sums here */
    int32_t pairs;        /* 80: passes, >= 1 (C: sets wend) */
    int32_t skip;         /* 84: blocks of the first iteration skipped: -blocks & 7 */
    int32_t mode;         /* 88: 0 requantize per row, 1 one multiplier/shift, 2 store sums, 3 as 1 with SMMLAR (fc_mode) */
    const int8_t *w;      /* 92: the first pass's first row at its chunk (word-aligned) */
} fc_args;

/* The mode and its constants from the fields above (mult, shift, mrow, srow, acc_out);
 * skip and wend from the blocks (xend - x), pairs, w and wadv. rq2: mode 3 allowed (fc_rows3).
 * Mode 3 (one multiplier m, 0 or >= 2^30, and a shift in [-21, -2]): the accumulator doubled
 * with saturation (QADD) and one SMMLAR, as the depthwise kernel's dw_rq2:
 *   v + off = floor(((chi2 - [acc < 0]) * 2^32 + t * m + 2^31) / 2^32) >> e, t = sat(2 acc),
 * chi2 = off2p1 << (e - 1), e = -shift: twice tnm_opt_rq_fast's sum when |acc| < 2^30, so
 * the same value; when |acc| >= 2^30 both forms are at least 2^(28 - e1) >= 256 away from
 * the zero point on the accumulator's side (m >= 2^30, e1 = -shift - 1 <= 20), so both
 * saturate to the same byte (m = 0: both give the zero point). */
static void fc_mode(fc_args *a, int rq2)
{
    const int32_t words = (int32_t)(a->xend - a->x);
    const int32_t sh = *a->shift, m = *a->mult;
    a->skip = -(words >> 2) & 7;
    a->wend = (uintptr_t)a->w + (uintptr_t)(a->pairs * (2 * words + a->wadv));
    a->mode = a->acc_out != 0 ? 2 : a->mrow != 0 || a->srow != 0 ? 0 : 1;
    a->pt_m = m;
    a->pt_e1 = -sh - 1;
    a->pt_chi = tnm_opt_rq_chi(a->off2p1, sh);
    if (rq2 && a->mode == 1 && sh >= -21 && sh <= -2 && (m == 0 || m >= (1 << 30))) {
        a->mode = 3;
        a->pt_e1 = -sh;
        a->pt_chi = (int32_t)((uint32_t)a->off2p1 << (-sh - 1));
    }
}

#if TNM_OPT_ARM_ASM
#define FC_ROW8(acc, ptr)                                                                  \
    "ldrd r6, r7, [" ptr "], #8\n\t"                                                       \
    "sxtb16 r8, r6\n\t"                                                                    \
    "smlad " acc ", r0, r8, " acc "\n\t"                                                   \
    "sxtb16 r6, r6, ror #8\n\t"                                                            \
    "smlad " acc ", r1, r6, " acc "\n\t"                                                   \
    "sxtb16 r8, r7\n\t"                                                                    \
    "smlad " acc ", r2, r8, " acc "\n\t"                                                   \
    "sxtb16 r7, r7, ror #8\n\t"                                                            \
    "smlad " acc ", r3, r7, " acc "\n\t"
/* 19 instructions, all 32-bit: 76 bytes (the loop is entered part-way, fc_rows) */
#define FC_BLOCK                                                                           \
    "ldm r11!, {r0, r1, r2, r3}\n\t"                                                       \
    FC_ROW8("r4", "r9")                                                                    \
    FC_ROW8("r5", "r10")
/* requantize acc with multiplier m and e1 = -shift - 1 (both kept) and chi; t0, t1 clobbered;
 * the byte in t1 */
#define FC_RQ(acc, m, e1, chi, t0, t1)                                                     \
    "and " t0 ", " acc ", #0x80000000\n\t"                                                 \
    "orr " t0 ", " t0 ", #0x40000000\n\t"                                                  \
    "sub " t1 ", " chi ", " acc ", lsr #31\n\t"                                            \
    "smlal " t0 ", " t1 ", " acc ", " m "\n\t"                                             \
    "asr " t1 ", " t1 ", " e1 "\n\t"                                                       \
    "ssat " t1 ", #8, " t1 "\n\t"
/* mode 0: shift s (clobbered to e1), chi from off2p1 in t2 */
#define FC_OUT(acc, m, s, off, t0, t1, t2)                                                 \
    "mvn " s ", " s "\n\t"                                                                 \
    "sub " t2 ", " s ", #1\n\t"                                                            \
    "lsl " t2 ", " off ", " t2 "\n\t"                                                      \
    FC_RQ(acc, m, s, t2, t0, t1)

/* The setup of fc_rows / fc_rows3 (lr the arguments): entry (the loop + skip blocks of
 * `bytes` bytes each) and epi (the mode's code: label 10 + its offset in the table at
 * label 11), stored at [st + 40] and [st + 52]; r9 = w, r10 = w + wrow, r1 = wrow. */
#define FC_SETUP(st, bytes)                                                                \
    "add r0, lr, #80\n\t"                                                                  \
    "ldm r0, {r0, r1, r2, r9}\n\t" /* pairs, skip, mode, w */                              \
    "mov r3, #" bytes "\n\t"                                                               \
    "adr.w r0, 4f + 1\n\t"                                                                 \
    "mla r0, r1, r3, r0\n\t"                                                               \
    "str r0, [" st ", #40]\n\t"                                                            \
    "adr.w r3, 11f\n\t"                                                                    \
    "ldrh r0, [r3, r2, lsl #1]\n\t"                                                        \
    "sub r0, r3, r0\n\t"                                                                   \
    "str r0, [" st ", #52]\n\t"                                                            \
    "ldr r1, [lr, #16]\n\t" /* wrow */                                                     \
    "add r10, r9, r1\n\t"
/* The table of the modes' code (Thumb bit set), after the function's last instruction
 * (fc_rows3: mode 3 at label 24). */
#define FC_TABLE                                                                           \
    ".balign 4\n\t"                                                                        \
    "11:\n\t"                                                                              \
    ".short 11b - 20b - 1, 11b - 21b - 1, 11b - 22b - 1\n\t"
#define FC_TABLE3                                                                          \
    ".balign 4\n\t"                                                                        \
    "11:\n\t"                                                                              \
    ".short 11b - 20b - 1, 11b - 21b - 1, 11b - 22b - 1, 11b - 24b - 1\n\t"
/* mode 3: requantize acc (m, e, chi2 kept) into t1 (t0 clobbered): QADD, ADD, SMMLAR, ASR,
 * SSAT (fc_mode) */
#define FC_RQ2(acc, m, e, chi2, t0, t1)                                                    \
    "qadd " t0 ", " acc ", " acc "\n\t"                                                     \
    "add " t1 ", " chi2 ", " acc ", asr #31\n\t"                                            \
    "smmlar " t1 ", " t0 ", " m ", " t1 "\n\t"                                              \
    "asr " t1 ", " t1 ", " e "\n\t"                                                         \
    "ssat " t1 ", #8, " t1 "\n\t"

__attribute__((naked, noinline)) static void fc_rows(fc_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "mov lr, r0\n\t"
        FC_SETUP("lr", "76")
        /* a pass: start values, x, the loop end, into the loop */
        "0:\n\t"
        "add r6, lr, #32\n\t"
        "ldm r6, {r6, r7, r8, r11, r12}\n\t" /* bias, brow, entry, x, xend */
        "ldr r4, [r6]\n\t"
        "ldr r5, [r6, r7]\n\t"
        "add r6, r6, r7, lsl #1\n\t"
        "str r6, [lr, #32]\n\t"
        "bx r8\n\t"
        "4:\n\t"
        FC_BLOCK
        FC_BLOCK
        FC_BLOCK
        FC_BLOCK
        FC_BLOCK
        FC_BLOCK
        FC_BLOCK
        FC_BLOCK
        "cmp r11, r12\n\t"
        "bne 4b\n\t"
        "ldr pc, [lr, #52]\n\t"
        /* mode 0: multiplier and shift per row */
        "20:\n\t"
        "add r0, lr, #56\n\t"
        "ldm r0, {r0, r1, r2, r3, r10}\n\t" /* mult, shift, mrow, srow, off2p1 */
        "ldr r8, [r0]\n\t"
        "ldr r11, [r0, r2]\n\t"
        "add r0, r0, r2, lsl #1\n\t"
        "ldrsb r12, [r1]\n\t"
        "ldrsb r2, [r1, r3]\n\t"
        "add r1, r1, r3, lsl #1\n\t"
        "strd r0, r1, [lr, #56]\n\t"
        "ldrd r7, r6, [lr, #24]\n\t" /* orow, out */
        FC_OUT("r4", "r8", "r12", "r10", "r0", "r1", "r3")
        "strb r1, [r6]\n\t"
        FC_OUT("r5", "r11", "r2", "r10", "r0", "r1", "r3")
        "strb r1, [r6, r7]\n\t"
        "add r6, r6, r7, lsl #1\n\t"
        "str r6, [lr, #28]\n\t"
        "b 23f\n\t"
        /* mode 1: one multiplier and shift */
        "21:\n\t"
        "ldm lr, {r0, r1, r2}\n\t"     /* m, e1, chi */
        "ldrd r6, r3, [lr, #24]\n\t"   /* orow, out */
        FC_RQ("r4", "r0", "r1", "r2", "r7", "r8")
        "strb r8, [r3]\n\t"
        FC_RQ("r5", "r0", "r1", "r2", "r7", "r8")
        "strb r8, [r3, r6]\n\t"
        "add r3, r3, r6, lsl #1\n\t"
        "str r3, [lr, #28]\n\t"
        "b 23f\n\t"
        /* mode 2: the sums */
        "22:\n\t"
        "ldr r0, [lr, #76]\n\t"
        "strd r4, r5, [r0], #8\n\t"
        "str r0, [lr, #76]\n\t"
        /* the next pass's rows */
        "23:\n\t"
        "add r0, lr, #12\n\t"
        "ldm r0, {r0, r1, r2}\n\t" /* wadv, wrow, wend */
        "add r9, r9, r0\n\t"
        "add r10, r9, r1\n\t"
        "cmp r9, r2\n\t"
        "bne 0b\n\t"
        "pop {r4-r11, pc}\n\t"
        FC_TABLE);
}

/* Three rows per pass: LDM (4 input words), 3 LDRD, 12 SXTB16, 12 SMLAD =
 * 28 instructions per 24 MACs. The struct pointer and the loop end sit on the stack (lr is
 * the third temporary in the loop). */
#define FC3_ROW8(acc, ptr)                                                                 \
    "ldrd r7, r8, [" ptr "], #8\n\t"                                                       \
    "sxtb16 lr, r7\n\t"                                                                    \
    "smlad " acc ", r0, lr, " acc "\n\t"                                                   \
    "sxtb16 r7, r7, ror #8\n\t"                                                            \
    "smlad " acc ", r1, r7, " acc "\n\t"                                                   \
    "sxtb16 lr, r8\n\t"                                                                    \
    "smlad " acc ", r2, lr, " acc "\n\t"                                                   \
    "sxtb16 r8, r8, ror #8\n\t"                                                            \
    "smlad " acc ", r3, r8, " acc "\n\t"
/* mode 0, one row: r0 multipliers, r1 shifts, r2 the multiplier step, r3 the row step, lr
 * out, r12 off2p1 */
#define FC3_OUT(acc)                                                                       \
    "ldr r7, [r0]\n\t"                                                                      \
    "ldrsb r8, [r1]\n\t"                                                                    \
    "add r0, r0, r2\n\t"                                                                    \
    "add r1, r1, r3\n\t"                                                                    \
    "mvn r8, r8\n\t"                                                                        \
    "sub r11, r8, #1\n\t"                                                                   \
    "lsl r11, r12, r11\n\t"                                                                 \
    "and r10, " acc ", #0x80000000\n\t"                                                     \
    "orr r10, r10, #0x40000000\n\t"                                                         \
    "sub r11, r11, " acc ", lsr #31\n\t"                                                    \
    "smlal r10, r11, " acc ", r7\n\t"                                                       \
    "asr r11, r11, r8\n\t"                                                                  \
    "ssat r11, #8, r11\n\t"                                                                 \
    "strb r11, [lr]\n\t"                                                                    \
    "add lr, lr, r3\n\t"
/* 28 instructions, all 32-bit: 112 bytes */
#define FC3_BLOCK                                                                          \
    "ldm r12!, {r0, r1, r2, r3}\n\t"                                                       \
    FC3_ROW8("r4", "r9")                                                                   \
    FC3_ROW8("r5", "r10")                                                                  \
    FC3_ROW8("r6", "r11")

/* The next pass (r3 wadv, r7 wrow, r8 wend; lr out), then its start: the three start
 * values with one LDM when they are 4 bytes apart (brow 4), else three loads; the call's
 * version at [sp, #80], where every mode's code ends. */
#define FC3_NEXT                                                                           \
    "add r9, r9, r3\n\t"                                                                   \
    "add r10, r9, r7\n\t"                                                                  \
    "add r11, r10, r7\n\t"                                                                 \
    "cmp r9, r8\n\t"                                                                       \
    "beq 9f\n\t"                                                                           \
    "add r0, sp, #32\n\t"                                                                  \
    "ldm r0, {r0, r1, r7, r12}\n\t" /* bias, brow, entry, x */

/* The frame: fields 0-76 of the arguments, then the next-pass code (84 bytes); lr is a
 * temporary in the loop. */
__attribute__((naked, noinline)) static void fc_rows3(fc_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "sub sp, sp, #84\n\t"
        "mov lr, r0\n\t"
        "ldm r0!, {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10}\n\t"
        "stm sp, {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10}\n\t"
        "ldm r0, {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10}\n\t"
        "add r0, sp, #40\n\t"
        "stm r0, {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10}\n\t"
        FC_SETUP("sp", "112")
        "add r11, r10, r1\n\t"
        "ldr lr, [sp, #28]\n\t" /* out */
        "add r0, sp, #32\n\t"
        "ldm r0, {r0, r1, r7, r12}\n\t" /* bias, brow, entry, x */
        "cmp r1, #4\n\t"
        "adr.w r2, 6f + 1\n\t"
        "it ne\n\t"
        "adrne.w r2, 7f + 1\n\t"
        "str r2, [sp, #80]\n\t"
        "beq 5f\n\t"
        "b 8f\n\t"
        "4:\n\t"
        FC3_BLOCK
        FC3_BLOCK
        FC3_BLOCK
        FC3_BLOCK
        FC3_BLOCK
        FC3_BLOCK
        FC3_BLOCK
        FC3_BLOCK
        "ldr r7, [sp, #48]\n\t"
        "cmp r12, r7\n\t"
        "bne 4b\n\t"
        "ldr pc, [sp, #52]\n\t"
        /* mode 0: multiplier and shift per row (rows srow apart: mrow = 4 * srow, orow =
         * srow); r10 and r11 are free until the next rows */
        "20:\n\t"
        "add r0, sp, #56\n\t"
        "ldm r0, {r0, r1, r2, r3, r12}\n\t" /* mult, shift, mrow, srow, off2p1 */
        "ldr lr, [sp, #28]\n\t"             /* out */
        FC3_OUT("r4")
        FC3_OUT("r5")
        FC3_OUT("r6")
        "strd r0, r1, [sp, #56]\n\t"
        "add r0, sp, #12\n\t"
        "ldm r0, {r3, r7, r8}\n\t" /* wadv, wrow, wend */
        "ldr pc, [sp, #80]\n\t"
        /* mode 2: the sums (out is not used) */
        "22:\n\t"
        "ldr r0, [sp, #76]\n\t"
        "stm r0!, {r4, r5, r6}\n\t"
        "str r0, [sp, #76]\n\t"
        "add r0, sp, #12\n\t"
        "ldm r0, {r3, r7, r8}\n\t" /* wadv, wrow, wend */
        "ldr pc, [sp, #80]\n\t"
        /* mode 1: one multiplier and shift; every field of the epilogue in one LDM */
        "21:\n\t"
        "ldm sp, {r0, r1, r2, r3, r7, r8, r12, lr}\n\t" /* m, e1, chi, wadv, wrow, wend, orow, out */
        FC_RQ("r4", "r0", "r1", "r2", "r10", "r11")
        "strb r11, [lr]\n\t"
        FC_RQ("r5", "r0", "r1", "r2", "r10", "r11")
        "strb r11, [lr, r12]\n\t"
        "add lr, lr, r12\n\t"
        FC_RQ("r6", "r0", "r1", "r2", "r10", "r11")
        "strb r11, [lr, r12]\n\t"
        "add lr, lr, r12, lsl #1\n\t"
        "ldr pc, [sp, #80]\n\t"
        /* mode 3: one multiplier and shift, one SMMLAR per row (FC_RQ2) */
        "24:\n\t"
        "ldm sp, {r0, r1, r2, r3, r7, r8, r12, lr}\n\t" /* m, e, chi2, wadv, wrow, wend, orow, out */
        FC_RQ2("r4", "r0", "r1", "r2", "r10", "r11")
        "strb r11, [lr]\n\t"
        FC_RQ2("r5", "r0", "r1", "r2", "r10", "r11")
        "strb r11, [lr, r12]\n\t"
        "add lr, lr, r12\n\t"
        FC_RQ2("r6", "r0", "r1", "r2", "r10", "r11")
        "strb r11, [lr, r12]\n\t"
        "add lr, lr, r12, lsl #1\n\t"
        "ldr pc, [sp, #80]\n\t"
        /* the next pass, start values 4 bytes apart */
        "6:\n\t"
        FC3_NEXT
        "5:\n\t"
        "ldm r0!, {r4, r5, r6}\n\t"
        "strd lr, r0, [sp, #28]\n\t" /* out, bias */
        "bx r7\n\t"
        /* the next pass, start values brow apart (the first chunk of rows s > 1 apart) */
        "7:\n\t"
        FC3_NEXT
        "8:\n\t"
        "ldr r4, [r0]\n\t"
        "ldr r5, [r0, r1]\n\t"
        "ldr r6, [r0, r1, lsl #1]\n\t"
        "add r0, r0, r1\n\t"
        "add r0, r0, r1, lsl #1\n\t"
        "strd lr, r0, [sp, #28]\n\t"
        "bx r7\n\t"
        "9:\n\t"
        "add sp, sp, #84\n\t"
        "pop {r4-r11, pc}\n\t"
        FC_TABLE3);
}
#else
static const int32_t *fc_at(const int32_t *p, int32_t bytes)
{
    return (const int32_t *)(const void *)((const char *)p + bytes);
}

/* QADD x, x: 2 x saturated to int32 */
static int32_t fc_dbl_sat(int32_t x)
{
    return x >= (1 << 30) ? INT32_MAX : x < -(1 << 30) ? INT32_MIN : 2 * x;
}

/* rows (2 or 3) per pass, until the first row's pointer reaches wend (as the assembly) */
static void fc_rows_n(fc_args *a, int32_t rows)
{
    const int32_t words = (int32_t)(a->xend - a->x);
    uintptr_t w0 = (uintptr_t)a->w;
    do {
        uint32_t acc[3];
        int32_t r, i;
        for (r = 0; r < rows; ++r) {
            const int8_t *w = (const int8_t *)(w0 + (uintptr_t)(r * a->wrow));
            acc[r] = (uint32_t)*fc_at(a->bias, r * a->brow);
            for (i = 0; i < words; i += 2) {
                const uint32_t wv = tnm_opt_read4(w + 2 * i);
                acc[r] = tnm_smlad(a->x[i], tnm_sxtb16(wv), acc[r]);
                acc[r] = tnm_smlad(a->x[i + 1], tnm_sxtb16_ror8(wv), acc[r]);
            }
        }
        w0 += (uintptr_t)(2 * words + a->wadv);
        a->bias = fc_at(a->bias, rows * a->brow);
        if (a->mode == 2) {
            for (r = 0; r < rows; ++r) a->acc_out[r] = (int32_t)acc[r];
            a->acc_out += rows;
            continue;
        }
        for (r = 0; r < rows; ++r) {
            int32_t m = a->pt_m, e1 = a->pt_e1, chi = a->pt_chi;
            if (a->mode == 3) { /* FC_RQ2 */
                const int32_t acc2 = fc_dbl_sat((int32_t)acc[r]);
                int64_t v = (int64_t)(chi - (acc2 < 0)) * 4294967296LL + 0x80000000LL;
                v += (int64_t)acc2 * m;
                a->out[r * a->orow] = (int8_t)tnm_opt_sat8((int32_t)(v >> 32) >> e1);
                continue;
            }
            if (a->mode == 0) {
                const int32_t sh = a->shift[r * a->srow];
                m = *fc_at(a->mult, r * a->mrow);
                e1 = -sh - 1;
                chi = tnm_opt_rq_chi(a->off2p1, sh);
            }
            a->out[r * a->orow] = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)acc[r], m, chi, e1));
        }
        if (a->mode == 0) {
            a->mult = fc_at(a->mult, rows * a->mrow);
            a->shift += rows * a->srow;
        }
        a->out += rows * a->orow;
    } while (w0 != a->wend);
}

static void fc_rows(fc_args *a) { fc_rows_n(a, 2); }
static void fc_rows3(fc_args *a) { fc_rows_n(a, 3); }
#endif

/* Positions 4k..4k+3 of the extended input: position p holds input p - m of the chunk
 * (idx = 4k - m), plus the input offset, or 0 outside [0, len). */
static void fc_extend_group(uint32_t *dst, const int8_t *in, int32_t len, int32_t idx,
                            int32_t input_offset)
{
    int32_t v[4], j;
    for (j = 0; j < 4; ++j) v[j] = idx + j >= 0 && idx + j < len ? in[idx + j] + input_offset : 0;
    dst[0] = ((uint32_t)v[2] << 16) | ((uint32_t)v[0] & 0xFFFFu);
    dst[1] = ((uint32_t)v[3] << 16) | ((uint32_t)v[1] & 0xFFFFu);
}

/* The extended input of one chunk (len inputs) for rows of misalignment m: groups * 4
 * positions, two words per 4 (SXTAB16 of the bytes and of the bytes rotated by 8). */
TNM_OPT_NO_LIBCALLS __attribute__((noinline)) static void fc_extend(uint32_t *xb, const int8_t *in, int32_t len, int32_t m,
                                          int32_t groups, int32_t input_offset)
{
    const uint32_t off2 = packed_offset(input_offset);
    const int32_t k1 = (len + m) >> 2; /* groups before k1 (after the first when m > 0) are whole */
    int32_t k = 0;
    if (m > 0) fc_extend_group(xb, in, len, -m, input_offset), k = 1;
#if TNM_OPT_ARM_ASM
    if (k1 - k >= 4) { /* 16 inputs: 4 LDR (any alignment), 8 SXTAB16, 1 STM */
        const int8_t *src = in + 4 * k - m;
        uint32_t *dst = xb + 2 * k;
        int32_t n = (k1 - k) >> 2;
        k += 4 * n;
        __asm__ volatile(
            "1:\n\t"
            "ldr r4, [%[src]], #4\n\t"
            "ldr r6, [%[src]], #4\n\t"
            "ldr r9, [%[src]], #4\n\t"
            "ldr r11, [%[src]], #4\n\t"
            "sxtab16 r5, %[off], r4, ror #8\n\t"
            "sxtab16 r4, %[off], r4\n\t"
            "sxtab16 r8, %[off], r6, ror #8\n\t"
            "sxtab16 r6, %[off], r6\n\t"
            "sxtab16 r10, %[off], r9, ror #8\n\t"
            "sxtab16 r9, %[off], r9\n\t"
            "sxtab16 r12, %[off], r11, ror #8\n\t"
            "sxtab16 r11, %[off], r11\n\t"
            "stm %[dst]!, {r4, r5, r6, r8, r9, r10, r11, r12}\n\t"
            "subs %[n], %[n], #1\n\t"
            "bne 1b\n\t"
            : [src] "+r"(src), [dst] "+r"(dst), [n] "+r"(n)
            : [off] "r"(off2)
            : "r4", "r5", "r6", "r8", "r9", "r10", "r11", "r12", "cc", "memory");
    }
#endif
    for (; k < k1; ++k) {
        const uint32_t x = tnm_opt_read4(in + 4 * k - m);
        xb[2 * k] = tnm_sxtab16(off2, x);
        xb[2 * k + 1] = tnm_sxtab16_ror8(off2, x);
    }
    for (; k < groups; ++k) fc_extend_group(xb + 2 * k, in, len, 4 * k - m, input_offset);
}

/* Requantize one sum (any shift) and apply the activation range. */
__attribute__((noinline)) static int8_t fc_output(const tnm_fc_params *params,
                                                  const tnm_quant *quant, int32_t q, uint32_t acc)
{
    return tnm_opt_output((int32_t)acc, quant->multiplier[q], quant->shift[q],
                          params->output_offset, params->act_min, params->act_max);
}

/* One output in plain C: the rows the blocks cannot take. */
FC_SETUP_ATTR static void fc_row_scalar(const tnm_fc_params *params, const tnm_quant *quant,
                                        int32_t q, int32_t depth, const int8_t *in,
                                        const int8_t *w, const int32_t *bias, int8_t *out)
{
    uint32_t acc = bias != 0 ? (uint32_t)*bias : 0u;
    int32_t i;
    for (i = 0; i < depth; ++i) {
        acc += (uint32_t)((in[i] + params->input_offset) * (w[i] + params->filter_offset));
    }
    *out = fc_output(params, quant, q, acc);
}

/* 1 when every shift is in the fast form (a loop over the rows, kept at -O2). A shift s
 * is in [-23, -2] when the byte s + 23 is at most 21: four at a time with UADD8 and UQSUB8
 * (any byte above 21 leaves a nonzero byte) where the core has them. */
__attribute__((noinline)) static int fc_shifts_fast(const int8_t *shift, int32_t n)
{
    int32_t i = 0;
#if defined(__ARM_FEATURE_SIMD32) && __ARM_FEATURE_SIMD32 && !defined(TNM_OPT_PORTABLE_INTRINSICS)
    for (; i + 4 <= n; i += 4) {
        if (__uqsub8(__uadd8(tnm_opt_read4(shift + i), 0x17171717u), 0x15151515u) != 0) return 0;
    }
#endif
    for (; i < n; ++i) {
        if (!tnm_opt_rq_fast_ok(shift[i])) return 0;
    }
    return 1;
}

/* Setup only (the MACs run in fc_rows): compiled for size. */
FC_SETUP_ATTR static void fc_fast(const tnm_fc_params *params, const tnm_quant *quant,
                                  int32_t quant_count, int32_t batches, int32_t depth,
                                  int32_t output_depth, const int8_t *input_data,
                                  const int8_t *filter_data, const int32_t *bias,
                                  int8_t *output_data)
{
    uint32_t xbuf[FC_CHUNK / 2 + 4];
    int32_t partial[FC_ROWS + 1];
    /* start values other than the bias (no bias, a weight zero point) and depths of
     * several chunks: FC_ROWS rows at a time, their start and partial sums in partial */
    const int adjust_any = bias == 0 || params->filter_offset != 0;
    /* a shift outside the fast form: the blocks store the sums, C requantizes */
    const int rq_c_any = !fc_shifts_fast(quant->shift, quant_count);
    const int32_t per_channel = quant_count != 1;
    int32_t b, i;
    if ((adjust_any || rq_c_any || depth > FC_CHUNK) && !TNM_VARIANT_ON(FC_BLOCKED)) {
        /* a build without the kept sums (FC_BLOCKED): every row in C */
        for (b = 0; b < batches; ++b) {
            for (i = 0; i < output_depth; ++i) {
                fc_row_scalar(params, quant, per_channel ? i : 0, depth, input_data + b * depth,
                              filter_data + i * depth, bias != 0 ? bias + i : 0,
                              output_data + b * output_depth + i);
            }
        }
        return;
    }
    /* past this point a build without FC_BLOCKED has neither (constants: its code drops) */
    const int adjust = TNM_VARIANT_BUILT(FC_BLOCKED) && adjust_any;
    const int rq_c = TNM_VARIANT_BUILT(FC_BLOCKED) && rq_c_any;
    const int blocked = adjust || rq_c || (TNM_VARIANT_BUILT(FC_BLOCKED) && depth > FC_CHUNK);
    const int32_t s = tnm_opt_fc_step(depth);
    const int32_t chunks = TNM_VARIANT_BUILT(FC_BLOCKED) ? (depth - 1) / FC_CHUNK + 1 : 1;
    const int32_t last_len = depth - (chunks - 1) * FC_CHUNK;
    /* weights off a 4-byte boundary (the runtime never passes them): every row in C */
    const int aligned = ((uintptr_t)filter_data & 3) == 0;
    const int32_t total = output_depth * depth; /* weight bytes (the check: fits) */
    for (b = 0; b < batches; ++b) {
        const int8_t *in = input_data + b * depth;
        int8_t *out = output_data + b * output_depth;
        int32_t ph, ext_ph = -1, ext_c = -1;
        uint32_t badd = 0;
        if (adjust && params->filter_offset != 0) { /* sum of (w + fo) * x = sum of w * x + fo * sum of x */
            uint32_t sum = 0;
            for (i = 0; i < depth; ++i) sum += (uint32_t)(in[i] + params->input_offset);
            badd = sum * (uint32_t)params->filter_offset;
        }
        for (ph = 0; ph < s && ph < output_depth; ++ph) {
            const int32_t m = (ph * depth) & 3;
            const int32_t n_rows = (output_depth - ph + s - 1) / s;
            /* the rows whose reads stay inside the weights (none when they are unaligned;
             * bytes read past a row's end: the last chunk reads furthest, an earlier one
             * ends at most 8 - m bytes past its own end) */
            const int32_t n_safe = aligned ? tnm_opt_fc_safe_rows(depth, output_depth, ph, s, last_len) : 0;
            const int32_t n_group = tnm_opt_fc_group_rows(n_safe, n_rows);
            int32_t g0, gn, k, blk = 0;
            /* groups of rows (all of them, or FC_ROWS - 1 with their sums in partial), each
             * as passes of three rows (FC_ROWS3), then pairs, then one row paired with itself
             * (computed twice; FC_ROWS2). A build without the pass a group's rows need
             * (TNM_VARIANT_SET, tnm/tnm_variants.def) runs them in C (fc_row_scalar); without
             * FC_ROWS3 the pairs take every row. */
            for (g0 = 0; g0 < n_group; g0 += gn, ++blk) {
                int32_t ci, sub, threes, pairs, selfs, by_pass;
                gn = n_group - g0;
                if (blocked && gn > FC_ROWS - 1) gn = FC_ROWS - 1;
                threes = tnm_opt_fc_threes(gn, depth);
                if (threes > 0 && !TNM_VARIANT_ON(FC_ROWS3)) threes = 0;
                /* the rows the passes take: [0, by_pass) of the group */
                by_pass = gn == 3 * threes || TNM_VARIANT_ON(FC_ROWS2) ? gn : 3 * threes;
                pairs = (by_pass - 3 * threes) >> 1;
                selfs = (by_pass - 3 * threes) & 1;
                if (adjust) { /* start values: bias + badd (the row paired with itself twice) */
                    for (k = 0; k < gn; ++k) {
                        const int32_t r = ph + (g0 + k) * s;
                        partial[k] = (int32_t)((bias != 0 ? (uint32_t)bias[r] : 0u) + badd);
                    }
                    partial[gn] = partial[gn - 1];
                }
                for (ci = 0; by_pass > 0 && ci < chunks; ++ci) {
                    /* every other row group takes the chunks backwards: it starts with the
                     * chunk already extended */
                    const int32_t c = (blk & 1) != 0 ? chunks - 1 - ci : ci;
                    const int32_t c0 = c * FC_CHUNK;
                    const int32_t len = c + 1 < chunks ? FC_CHUNK : last_len;
                    const int32_t nb = (len + m + 7) >> 3;
                    if (ext_ph != ph || ext_c != c) {
                        fc_extend(xbuf, in + c0, len, m, 2 * nb, params->input_offset);
                        ext_ph = ph;
                        ext_c = c;
                    }
                    for (sub = 0; sub < 3; ++sub) {
                        const int32_t per = 3 - sub;
                        const int32_t passes = sub == 0 ? threes : sub == 1 ? pairs : selfs;
                        const int32_t off = sub == 0 ? 0 : sub == 1 ? 3 * threes : 3 * threes + 2 * pairs;
                        const int32_t row = ph + (g0 + off) * s;
                        fc_args a;
                        if (passes == 0) continue;
                        a.x = xbuf;
                        a.xend = xbuf + 4 * nb;
                        a.bias = ci > 0 || adjust ? partial + off : bias + row;
                        a.brow = ci > 0 || adjust ? 4 : per == 1 ? 0 : 4 * s;
                        a.acc_out = ci + 1 < chunks || rq_c ? partial + off : 0;
                        a.mult = quant->multiplier + (per_channel ? row : 0);
                        a.shift = quant->shift + (per_channel ? row : 0);
                        a.mrow = per_channel && per > 1 ? 4 * s : 0;
                        a.srow = per_channel && per > 1 ? s : 0;
                        a.out = out + row;
                        a.orow = per == 1 ? 0 : s;
                        a.wrow = per == 1 ? 0 : s * depth;
                        a.wadv = (per == 3 ? 3 : 2) * a.wrow - 8 * nb;
                        a.w = filter_data + row * depth + c0 - m;
                        a.pairs = passes;
                        a.off2p1 = 2 * params->output_offset + 1;
                        fc_mode(&a, per == 3);
                        if (per == 3) fc_rows3(&a);
                        else fc_rows(&a);
                    }
                }
                for (k = 0; rq_c && k < by_pass; ++k) {
                    const int32_t r = ph + (g0 + k) * s, q = per_channel ? r : 0;
                    out[r] = fc_output(params, quant, q, (uint32_t)partial[k]);
                }
                for (k = by_pass; k < gn; ++k) { /* no pass built for these rows */
                    const int32_t r = ph + (g0 + k) * s;
                    fc_row_scalar(params, quant, per_channel ? r : 0, depth, in, filter_data + r * depth,
                                  bias != 0 ? bias + r : 0, out + r);
                }
            }
            for (k = n_group; k < n_rows; k += 2) { /* reads past the weights: two rows at a time */
                const int two = k + 1 < n_rows;
                const int32_t r = ph + k * s, r1 = two ? r + s : r;
                const int8_t *wr = filter_data + r * depth, *wr1 = filter_data + r1 * depth;
                uint32_t acc = (bias != 0 ? (uint32_t)bias[r] : 0u) + badd;
                uint32_t acc1 = (bias != 0 ? (uint32_t)bias[r1] : 0u) + badd;
                int32_t c;
                if (!aligned || !TNM_VARIANT_ON(FC_ROWS2)) {
                    fc_row_scalar(params, quant, per_channel ? r : 0, depth, in, wr,
                                  bias != 0 ? bias + r : 0, out + r);
                    if (two) {
                        fc_row_scalar(params, quant, per_channel ? r1 : 0, depth, in, wr1,
                                      bias != 0 ? bias + r1 : 0, out + r1);
                    }
                    continue;
                }
                /* the blocks inside the weights (the later row's; one row: paired with
                 * itself) as one pass, then C */
                for (c = 0; c < chunks; ++c) {
                    const int32_t c0 = c * FC_CHUNK;
                    const int32_t len = c + 1 < chunks ? FC_CHUNK : last_len;
                    const int32_t nb = (len + m + 7) >> 3;
                    const int32_t inside = (total - (r1 * depth + c0 - m)) >> 3;
                    const int32_t nbi = inside < nb ? inside : nb;
                    int32_t j = 0, jj;
                    if (nbi > 0) {
                        int32_t start[2], sums[2];
                        fc_args a;
                        if (ext_ph != ph || ext_c != c) {
                            fc_extend(xbuf, in + c0, len, m, 2 * nb, params->input_offset);
                            ext_ph = ph;
                            ext_c = c;
                        }
                        start[0] = (int32_t)acc;
                        start[1] = (int32_t)acc1;
                        a.bias = start;
                        a.brow = 4;
                        a.x = xbuf;
                        a.w = wr + c0 - m;
                        a.wrow = (int32_t)(wr1 - wr);
                        a.wadv = 0;
                        a.pairs = 1;
                        a.xend = xbuf + 4 * nbi;
                        a.acc_out = sums;
                        a.mult = quant->multiplier;
                        a.shift = quant->shift;
                        a.mrow = a.srow = a.orow = 0;
                        a.out = out + r;
                        a.off2p1 = 0;
                        fc_mode(&a, 0);
                        fc_rows(&a);
                        acc = (uint32_t)sums[0];
                        acc1 = (uint32_t)sums[1];
                        j = 8 * nbi - m;
                    }
                    for (jj = j; jj < len; ++jj) {
                        acc += (uint32_t)((in[c0 + jj] + params->input_offset) * wr[c0 + jj]);
                    }
                    for (jj = j; two && jj < len; ++jj) {
                        acc1 += (uint32_t)((in[c0 + jj] + params->input_offset) * wr1[c0 + jj]);
                    }
                }
                out[r] = fc_output(params, quant, per_channel ? r : 0, acc);
                if (two) out[r1] = fc_output(params, quant, per_channel ? r1 : 0, acc1);
            }
        }
        if (params->act_min != -128 || params->act_max != 127) {
            tnm_arm_dsp_clamp_bytes(out, output_depth, params->act_min, params->act_max);
        }
    }
}

/* The common call in few steps: one chunk of whole 8-value blocks (depth % 8 == 0, at most
 * FC_CHUNK: no misaligned rows, no reads past a row), a bias, no weight zero point (TFLite's
 * int8 weights are symmetric), shifts in the fast form, aligned weights. fc_fast's general
 * setup (phases, row groups, chunks, kept sums) does the same passes with a few hundred
 * instructions more a call; here the input is extended once a batch and each kind of pass
 * (threes, pairs, a row paired with itself) set up once. */
static int fc_lean_ok(const tnm_fc_params *params, const tnm_quant *quant, int32_t quant_count,
                      int32_t depth, const int8_t *filter_data, const int32_t *bias)
{
    return (depth & 7) == 0 && depth <= FC_CHUNK && bias != 0 && params->filter_offset == 0 &&
           ((uintptr_t)filter_data & 3) == 0 && fc_shifts_fast(quant->shift, quant_count);
}

/* The passes' rows as fc_fast splits them (threes, then pairs and a row paired with
 * itself), -1 when a pass the rows need is not built (fc_fast then runs them in C). */
static int32_t fc_lean_threes(int32_t rows, int32_t depth)
{
    int32_t threes = tnm_opt_fc_threes(rows, depth);
    if (threes > 0 && !TNM_VARIANT_ON(FC_ROWS3)) threes = 0;
    if (rows != 3 * threes && !TNM_VARIANT_ON(FC_ROWS2)) return -1;
    return threes;
}

static void fc_lean(const tnm_fc_params *params, const tnm_quant *quant, int32_t quant_count, int32_t threes,
                    int32_t batches, int32_t depth, int32_t output_depth, const int8_t *input_data,
                    const int8_t *filter_data, const int32_t *bias, int8_t *output_data)
{
    uint32_t xbuf[FC_CHUNK / 2 + 4];
    const int32_t nb = depth >> 3, per_channel = quant_count != 1;
    const int32_t pairs = (output_depth - 3 * threes) >> 1;
    int32_t b, per;
    for (b = 0; b < batches; ++b, input_data += depth, output_data += output_depth) {
        int32_t row = 0;
        fc_extend(xbuf, input_data, depth, 0, 2 * nb, params->input_offset);
        for (per = 3; per >= 1; --per) {
            const int32_t passes = per == 3 ? threes : per == 2 ? pairs : output_depth - 3 * threes - 2 * pairs;
            fc_args a;
            if (passes == 0) continue;
            a.x = xbuf;
            a.xend = xbuf + 4 * nb;
            a.bias = bias + row;
            a.brow = per == 1 ? 0 : 4;
            a.acc_out = 0;
            a.mult = quant->multiplier + (per_channel ? row : 0);
            a.shift = quant->shift + (per_channel ? row : 0);
            a.mrow = per_channel && per > 1 ? 4 : 0;
            a.srow = per_channel && per > 1 ? 1 : 0;
            a.out = output_data + row;
            a.orow = per == 1 ? 0 : 1;
            a.wrow = per == 1 ? 0 : depth;
            a.wadv = (per == 3 ? 3 : 2) * a.wrow - 8 * nb;
            a.w = filter_data + row * depth;
            a.pairs = passes;
            a.off2p1 = 2 * params->output_offset + 1;
            fc_mode(&a, per == 3);
            if (per == 3) fc_rows3(&a);
            else fc_rows(&a);
            row += per * passes;
        }
        if (params->act_min != -128 || params->act_max != 127) {
            tnm_arm_dsp_clamp_bytes(output_data, output_depth, params->act_min, params->act_max);
        }
    }
}

/* A small call (tnm_opt_fc_small) row by row: the sums in C, the requantization inline (one
 * tensor-wide multiplier: its constants prepared once, tnm_opt_rq_pre). */
#define FC_SMALL_ROWS(RQ)                                                                       \
    for (b = 0; b < batches; ++b, input_data += depth) {                                         \
        const int8_t *w = filter_data;                                                           \
        const int32_t *m = quant->multiplier;                                                    \
        const int8_t *sh = quant->shift;                                                         \
        for (r = 0; r < output_depth; ++r, m += qstep, sh += qstep) {                            \
            uint32_t acc = bias != 0 ? (uint32_t)bias[r] : 0u;                                   \
            int32_t v;                                                                           \
            for (i = 0; i < depth; ++i, ++w) acc += (uint32_t)((input_data[i] + io) * (*w + fo)); \
            v = tnm_wrap_add(RQ, oo);                                                            \
            v = v < lo ? lo : v;                                                                 \
            *output_data++ = (int8_t)(v > hi ? hi : v);                                          \
        }                                                                                        \
    }

/* Rows of a small call in the common form (one multiplier with a fast-form shift, a bias,
 * no weight zero point): the input plus its offset as int16 once a batch (xo..xend), then a
 * row is its bias, one SMLABB a value and the 6-instruction requantization (the output
 * offset inside chi), the activation range afterwards. */
__attribute__((noinline)) static void fc_small_rows(const int16_t *xo, const int16_t *xend, const int8_t *w,
                                                    const int32_t *bias, int8_t *out, const int8_t *oend,
                                                    int32_t m, int32_t chi, int32_t e1)
{
    do {
        uint32_t acc = (uint32_t)*bias++; /* wraps modulo 2^32, as the reference's sum */
        const int16_t *xp = xo;
        do {
            acc += (uint32_t)(*xp++ * *w++);
        } while (xp != xend);
        *out++ = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)acc, m, chi, e1));
    } while (out != oend);
}

/* The same for a depth that is a multiple of 4: the input extended once a batch into
 * SMLAD's int16 lanes (xw: per 4 values, bytes 0 and 2 then 1 and 3, plus the offset, as
 * fc_extend), then per 4 weights one LDR, two SXTB16 and two SMLAD. */
__attribute__((noinline)) static void fc_small_rows4(const uint32_t *xw, const uint32_t *xend, const int8_t *w,
                                                     const int32_t *bias, int8_t *out, const int8_t *oend,
                                                     int32_t m, int32_t chi, int32_t e1)
{
    do {
        uint32_t acc = (uint32_t)*bias++;
        const uint32_t *xp = xw;
        do {
            const uint32_t wv = tnm_opt_read4(w);
            w += 4;
            acc = tnm_smlad(xp[0], tnm_sxtb16(wv), acc);
            acc = tnm_smlad(xp[1], tnm_sxtb16_ror8(wv), acc);
            xp += 2;
        } while (xp != xend);
        *out++ = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast((int32_t)acc, m, chi, e1));
    } while (out != oend);
}

static void fc_small(const tnm_fc_params *params, const tnm_quant *quant, int32_t quant_count, int32_t batches,
                     int32_t depth, int32_t output_depth, const int8_t *input_data, const int8_t *filter_data,
                     const int32_t *bias, int8_t *output_data)
{
    const int32_t io = params->input_offset, fo = params->filter_offset, oo = params->output_offset;
    const int32_t lo = params->act_min, hi = params->act_max, qstep = quant_count != 1 ? 1 : 0;
    const int32_t m0 = quant->multiplier[0], s0 = quant->shift[0];
    /* depth < 8 or depth * rows <= TNM_OPT_FC_SMALL_MACS (tnm_opt_fc_small) */
    int16_t xo[TNM_OPT_FC_SMALL_MACS > 8 ? TNM_OPT_FC_SMALL_MACS : 8];
    uint32_t xw[TNM_OPT_FC_SMALL_MACS > 8 ? TNM_OPT_FC_SMALL_MACS / 2 : 4];
    tnm_opt_rq_pre pre;
    int32_t b, r, i;
    if (qstep == 0 && fo == 0 && bias != 0 && tnm_opt_rq_fast_ok(s0)) {
        const int32_t chi = tnm_opt_rq_chi(2 * oo + 1, s0);
        const uint32_t off2 = packed_offset(io);
        for (b = 0; b < batches; ++b, input_data += depth, output_data += output_depth) {
            if ((depth & 3) == 0) {
                for (i = 0; i < depth; i += 4) {
                    const uint32_t x4 = tnm_opt_read4(input_data + i);
                    xw[i >> 1] = tnm_sxtab16(off2, x4);
                    xw[(i >> 1) + 1] = tnm_sxtab16_ror8(off2, x4);
                }
                fc_small_rows4(xw, xw + (depth >> 1), filter_data, bias, output_data, output_data + output_depth,
                               m0, chi, -s0 - 1);
            } else {
                for (i = 0; i < depth; ++i) xo[i] = (int16_t)(input_data[i] + io);
                fc_small_rows(xo, xo + depth, filter_data, bias, output_data, output_data + output_depth, m0,
                              chi, -s0 - 1);
            }
            if (lo != -128 || hi != 127) tnm_arm_dsp_clamp_bytes(output_data, output_depth, lo, hi);
        }
        return;
    }
    tnm_opt_rq_prepare(&pre, m0, s0);
    if (qstep != 0) {
        FC_SMALL_ROWS(tnm_opt_requant((int32_t)acc, *m, *sh))
    } else if (s0 < 0) {
        FC_SMALL_ROWS(tnm_opt_rq_neg((int32_t)acc, &pre))
    } else {
        FC_SMALL_ROWS(tnm_opt_rq_pos((int32_t)acc, m0, s0))
    }
}
#undef FC_SMALL_ROWS

/* ---- FULLY_CONNECTED: the SMLAD blocks ---- */
tnm_status tnm_fully_connected_s8_arm_dsp_unchecked(const tnm_fc_params *params,
                                                    const tnm_quant *quant, int32_t quant_count,
                                                    int32_t batches, int32_t accum_depth,
                                                    int32_t output_depth, const int8_t *input_data,
                                                    const int8_t *filter_data, const int32_t *bias,
                                                    int8_t *output_data)
{
    if (TNM_VARIANT_BUILT(FC_SMALL) && tnm_opt_fc_small(accum_depth, output_depth) && TNM_VARIANT_ON(FC_SMALL)) {
        fc_small(params, quant, quant_count, batches, accum_depth, output_depth, input_data, filter_data, bias,
                 output_data);
        return TNM_OK;
    }
    if (!TNM_VARIANT_BUILT(FC_ROWS3) && !TNM_VARIANT_BUILT(FC_ROWS2)) {
        /* a build without the passes (no layer of its models takes them): every row in C */
        int32_t b, r;
        for (b = 0; b < batches; ++b) {
            for (r = 0; r < output_depth; ++r) {
                fc_row_scalar(params, quant, quant_count != 1 ? r : 0, accum_depth,
                              input_data + b * accum_depth, filter_data + r * accum_depth,
                              bias != 0 ? bias + r : 0, output_data + b * output_depth + r);
            }
        }
        return TNM_OK;
    }
    if (fc_lean_ok(params, quant, quant_count, accum_depth, filter_data, bias)) {
        const int32_t threes = fc_lean_threes(output_depth, accum_depth);
        if (threes >= 0) {
            fc_lean(params, quant, quant_count, threes, batches, accum_depth, output_depth, input_data, filter_data,
                    bias, output_data);
            return TNM_OK;
        }
    }
    fc_fast(params, quant, quant_count, batches, accum_depth, output_depth, input_data,
            filter_data, bias, output_data);
    return TNM_OK;
}

tnm_status tnm_fully_connected_s8_arm_dsp(const tnm_fc_params *params, const tnm_quant *quant,
                                          int32_t quant_count,
                                          int32_t batches, int32_t accum_depth, int32_t output_depth,
                                          const int8_t *input_data, const int8_t *filter_data,
                                          const int32_t *bias, int8_t *output_data)
{
    const tnm_status status =
        tnm_fully_connected_s8_check(params, quant, quant_count, batches, accum_depth, output_depth,
                                     input_data, filter_data, bias, output_data);
    if (status != TNM_OK) return status;
    return tnm_fully_connected_s8_arm_dsp_unchecked(params, quant, quant_count, batches, accum_depth,
                                                    output_depth, input_data, filter_data, bias,
                                                    output_data);
}

#endif
