/*
 * 32-bit RISC-V (rv32imc: ESP32-C3/C6) variants of CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED, plain C shaped for that core: no SIMD and no multiply-accumulate, so
 * a MAC costs at least MUL + ADD, and the rest is loads. The blocks reuse every loaded
 * value across several accumulators (conv: 4 pixels x 4 channels, 8 loads per 16 MACs),
 * LB/LH sign-extend for free, and the input offset is added once per value (conv's int16
 * patches) or folded into the bias (conv's int8 patches, depthwise).
 * Requantization: the folded form of tnm_kernels_opt.h (one 32x32->64 product as MUL +
 * MULH, a 64-bit add of the per-channel constant, one shift), ~11 instructions; conv's
 * blocks need one MULH (tnm_opt_rq4: accumulators below 2^29).
 * Bit-exact with the reference; plain C, so the host tests run it too.
 */
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

#if TNM_HAVE_RV32_VARIANT

/* tnm_opt_rq_fast written for a core with MUL/MULH and no flags: the same value
 * (high word of chi:2^30 + acc*m - [acc<0]*2^31, shifted right by e1), with the
 * constant's low word 2^30 - [acc<0]*2^31 = 0x40000000 + (neg << 31) and the carry
 * out of the low word from an unsigned compare. */
static inline int32_t rv_rq(int32_t acc, int32_t m, int32_t chi, int32_t e1)
{
    const uint32_t lo = (uint32_t)acc * (uint32_t)m;
    const uint32_t hi = (uint32_t)(((int64_t)acc * m) >> 32);
    const int32_t neg = acc >> 31; /* 0 or -1 */
    const uint32_t c_lo = 0x40000000u + ((uint32_t)neg << 31);
    const uint32_t sum_lo = lo + c_lo;
    return (int32_t)(hi + (uint32_t)chi + (uint32_t)neg + (uint32_t)(sum_lo < c_lo)) >> e1;
}

static inline int32_t rv_out(int32_t acc, int32_t m, int32_t chi, int32_t e1, int32_t lo,
                            int32_t hi)
{
    int32_t v = rv_rq(acc, m, chi, e1);
    v = v < lo ? lo : v;
    return v > hi ? hi : v;
}

/* Hand-written loops (GCC/Clang inline assembly) on the RISC-V targets; C elsewhere. */
#if defined(__riscv) && defined(__GNUC__) && __riscv_xlen == 32 && !defined(TNM_OPT_PORTABLE_INTRINSICS)
#define RV_ASM 1
#else
#define RV_ASM 0
#endif

/* ---- CONV_2D: four pixels' patches as int16 (offset added, 0 outside the image),
 * interleaved cols[4k + pixel], and a 4 pixels x 4 channels kernel. ---- */
#define RV_PX 4

typedef struct {
    const int8_t *input;
    int32_t in_h, in_w, in_c;
    int32_t filter_h, filter_w;
    int32_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
    int32_t input_offset;
} patch_geometry;

static void im2col_pixel(const patch_geometry *g, int32_t b, int32_t oy, int32_t ox,
                         int32_t k_total, int16_t *cols)
{
    const int32_t in_y0 = oy * g->stride_h - g->pad_h;
    const int32_t in_x0 = ox * g->stride_w - g->pad_w;
    const int32_t row_len = g->filter_w * g->in_c;
    const int32_t in_c = g->in_c, offset = g->input_offset;
    int32_t fy_start, fy_end, fx_start, fx_end, fy, fx, c;
    tnm_tap_range(in_y0, g->dilation_h, g->in_h, g->filter_h, &fy_start, &fy_end);
    tnm_tap_range(in_x0, g->dilation_w, g->in_w, g->filter_w, &fx_start, &fx_end);
    if (fy_end - fy_start != g->filter_h || fx_end - fx_start != g->filter_w) {
        for (c = 0; c < k_total; ++c) cols[RV_PX * c] = 0;
    }
    for (fy = fy_start; fy < fy_end; ++fy) {
        /* index of tap (fy, fx = 0), negative when left of the image */
        const int32_t row = ((b * g->in_h + in_y0 + fy * g->dilation_h) * g->in_w + in_x0) * in_c;
        for (fx = fx_start; fx < fx_end; ++fx) {
            const int8_t *src = g->input + (row + fx * g->dilation_w * in_c);
            int16_t *dst = cols + RV_PX * (fy * row_len + fx * in_c);
            for (c = 0; c + 4 <= in_c; c += 4) {
                dst[0] = (int16_t)(src[c] + offset);
                dst[RV_PX] = (int16_t)(src[c + 1] + offset);
                dst[2 * RV_PX] = (int16_t)(src[c + 2] + offset);
                dst[3 * RV_PX] = (int16_t)(src[c + 3] + offset);
                dst += 4 * RV_PX;
            }
            for (; c < in_c; ++c) {
                *dst = (int16_t)(src[c] + offset);
                dst += RV_PX;
            }
        }
    }
}

/* The MAC loop of one 4 pixels x 4 channels block over n4 * 4 patch values: per value
 * 4 LH + 4 LB + 16 MUL + 16 ADD, plus 6 instructions per 4 values (166 per 64 MACs;
 * rv_conv_fast_block unrolls 8 values: 326 per 128).
 * acc[4 * channel + pixel] comes in (bias, earlier values) and goes out. */
typedef struct {
    const int16_t *x;   /* 0: cols at the first value */
    const int8_t *w;    /* 4: channel 0's weights at the first value */
    int32_t w_step;     /* 8: bytes between the 4 channels' weight rows */
    int32_t n4;         /* 12: values / 4, >= 1 */
    uint32_t acc[16];   /* 16 */
} rv_mac_args;

#if defined(__riscv) && defined(__GNUC__) && __riscv_xlen == 32 && !defined(TNM_OPT_PORTABLE_INTRINSICS)
/* the four channels' rows: a2, a3, t0, t1; accumulators s0-s11, a4-a7 */
#define RV_ROW(w, i, r0, r1, r2, r3)                                                        \
    "lb t6, " #i "(" w ")\n\t"                                                              \
    "mul ra, t2, t6\n\tadd " r0 ", " r0 ", ra\n\t"                                          \
    "mul ra, t3, t6\n\tadd " r1 ", " r1 ", ra\n\t"                                          \
    "mul ra, t4, t6\n\tadd " r2 ", " r2 ", ra\n\t"                                          \
    "mul ra, t5, t6\n\tadd " r3 ", " r3 ", ra\n\t"
#define RV_VALUE(i, xo)                                                                     \
    "lh t2, " #xo "+0(a0)\n\t"                                                              \
    "lh t3, " #xo "+2(a0)\n\t"                                                              \
    "lh t4, " #xo "+4(a0)\n\t"                                                              \
    "lh t5, " #xo "+6(a0)\n\t"                                                              \
    RV_ROW("a2", i, "s0", "s1", "s2", "s3")                                                 \
    RV_ROW("a3", i, "s4", "s5", "s6", "s7")                                                 \
    RV_ROW("t0", i, "s8", "s9", "s10", "s11")                                               \
    RV_ROW("t1", i, "a4", "a5", "a6", "a7")

__attribute__((naked, noinline)) static void rv_mac_block(__attribute__((unused)) rv_mac_args *a)
{
    __asm__ volatile(
        "addi sp, sp, -64\n\t"
        "sw ra, 0(sp)\n\tsw s0, 4(sp)\n\tsw s1, 8(sp)\n\tsw s2, 12(sp)\n\t"
        "sw s3, 16(sp)\n\tsw s4, 20(sp)\n\tsw s5, 24(sp)\n\tsw s6, 28(sp)\n\t"
        "sw s7, 32(sp)\n\tsw s8, 36(sp)\n\tsw s9, 40(sp)\n\tsw s10, 44(sp)\n\t"
        "sw s11, 48(sp)\n\tsw a0, 52(sp)\n\t"
        "lw s0, 16(a0)\n\tlw s1, 20(a0)\n\tlw s2, 24(a0)\n\tlw s3, 28(a0)\n\t"
        "lw s4, 32(a0)\n\tlw s5, 36(a0)\n\tlw s6, 40(a0)\n\tlw s7, 44(a0)\n\t"
        "lw s8, 48(a0)\n\tlw s9, 52(a0)\n\tlw s10, 56(a0)\n\tlw s11, 60(a0)\n\t"
        "lw a4, 64(a0)\n\tlw a5, 68(a0)\n\tlw a6, 72(a0)\n\tlw a7, 76(a0)\n\t"
        "lw a2, 4(a0)\n\t"
        "lw t6, 8(a0)\n\t"
        "add a3, a2, t6\n\t"
        "add t0, a3, t6\n\t"
        "add t1, t0, t6\n\t"
        "lw a1, 12(a0)\n\t"
        "lw a0, 0(a0)\n\t"
        "slli a1, a1, 5\n\t"
        "add a1, a1, a0\n\t"
        "1:\n\t"
        RV_VALUE(0, 0)
        RV_VALUE(1, 8)
        RV_VALUE(2, 16)
        RV_VALUE(3, 24)
        "addi a0, a0, 32\n\t"
        "addi a2, a2, 4\n\t"
        "addi a3, a3, 4\n\t"
        "addi t0, t0, 4\n\t"
        "addi t1, t1, 4\n\t"
        "bne a0, a1, 1b\n\t"
        "lw a0, 52(sp)\n\t"
        "sw s0, 16(a0)\n\tsw s1, 20(a0)\n\tsw s2, 24(a0)\n\tsw s3, 28(a0)\n\t"
        "sw s4, 32(a0)\n\tsw s5, 36(a0)\n\tsw s6, 40(a0)\n\tsw s7, 44(a0)\n\t"
        "sw s8, 48(a0)\n\tsw s9, 52(a0)\n\tsw s10, 56(a0)\n\tsw s11, 60(a0)\n\t"
        "sw a4, 64(a0)\n\tsw a5, 68(a0)\n\tsw a6, 72(a0)\n\tsw a7, 76(a0)\n\t"
        "lw ra, 0(sp)\n\tlw s0, 4(sp)\n\tlw s1, 8(sp)\n\tlw s2, 12(sp)\n\t"
        "lw s3, 16(sp)\n\tlw s4, 20(sp)\n\tlw s5, 24(sp)\n\tlw s6, 28(sp)\n\t"
        "lw s7, 32(sp)\n\tlw s8, 36(sp)\n\tlw s9, 40(sp)\n\tlw s10, 44(sp)\n\t"
        "lw s11, 48(sp)\n\t"
        "addi sp, sp, 64\n\t"
        "ret\n\t");
}
#else
/* The same computation in C (hosts: the tests compare it with the reference). */
static void rv_mac_block(rv_mac_args *a)
{
    const int16_t *x = a->x;
    int32_t i, ch, px;
    for (i = 0; i < 4 * a->n4; ++i) {
        for (ch = 0; ch < 4; ++ch) {
            const int32_t w = a->w[ch * a->w_step + i];
            for (px = 0; px < 4; ++px) a->acc[4 * ch + px] += (uint32_t)(x[px] * w);
        }
        x += RV_PX;
    }
}
#endif

/* ---- The fast channel loop of one block of 4 (or 3) pixels: any K, output channels in
 * blocks of 4, any activation range, shifts -2..-21 and accumulators with |acc| < 2^29
 * (tnm_conv_s8_rv32 checks K <= 8192 and |bias| < 2^28). Per channel a table entry
 * {acc0, m, chi4, sh} (rv_conv_table) and the one-MULH requantization (tnm_opt_rq4). Per output
 * SLLI, MULH, SRAI, 3 ADD, SRA, 2 clamp branches, SB and a pointer step; 3 loads per channel.
 * Two layouts of the pixels' patches (cols):
 *   int16 ("16"): the input offset added, value k of pixel p at halfword 4k + p;
 *   int8  ("8"):  the input bytes themselves (padding taps hold the byte -input_offset, so
 *                 they add w * 0 like the reference), value k of pixel p at byte
 *                 16 * (k / 4) + 4p + k % 4: whole groups of 4 input bytes are copied as
 *                 words, and acc0 = bias + input_offset * sum(w) (wrapping like the
 *                 reference's accumulator) replaces the per-value offset.
 * The MAC loop: per value 4 x loads + 4 weight LB + 16 MUL + 16 ADD, 8 values per pass
 * (326 instructions per 128 MACs), a 4-value step when K / 4 is odd, then the K % 4 last
 * values one at a time. ---- */
typedef struct {
    const void *x;        /* 0: cols */
    const int8_t *w;      /* 4: the block's channel 0 weights (advances 4K) */
    const int32_t *rq;    /* 8: acc0, m, chi4, sh per channel (advances 4 channels) */
    int8_t *out;          /* 12: pixel 0, the block's channel 0 (advances 4) */
    int32_t k;            /* 16: K >= 1 */
    int32_t blocks;       /* 20: channel blocks, >= 1 (counts down) */
    int32_t out_c;        /* 24: bytes between pixels */
    int32_t lo, hi;       /* 28, 32: activation range */
    int32_t px;           /* 36: pixels 1..4 (the C loop; the assembly has one per count) */
    int32_t nch;          /* 40: channels per block 1..4 (the C loop) */
    int32_t l8;           /* 44: the int8 layout (the C loop) */
} rv_conv_args;

/* Any block shape in C: the host twin of the assembly, and on rv32 the last output
 * channels (out_c % 4) and the last 1-2 pixels of a call. */
static void rv_conv_block_c(rv_conv_args *a)
{
    const int8_t *x8 = (const int8_t *)a->x;
    const int16_t *x16 = (const int16_t *)a->x;
    int32_t blk, ch, px, i;
    for (blk = 0; blk < a->blocks; ++blk) {
        uint32_t acc[16];
        for (ch = 0; ch < a->nch; ++ch) {
            for (px = 0; px < a->px; ++px) acc[4 * ch + px] = (uint32_t)a->rq[4 * ch];
        }
        for (i = 0; i < a->k; ++i) {
            for (ch = 0; ch < a->nch; ++ch) {
                const int32_t w = a->w[ch * a->k + i];
                for (px = 0; px < a->px; ++px) {
                    const int32_t x = a->l8 ? x8[16 * (i >> 2) + 4 * px + (i & 3)] : x16[4 * i + px];
                    acc[4 * ch + px] += (uint32_t)(x * w);
                }
            }
        }
        for (ch = 0; ch < a->nch; ++ch) {
            const int32_t *q = a->rq + 4 * ch;
            for (px = 0; px < a->px; ++px) {
                int32_t v = tnm_opt_rq4(acc[4 * ch + px], q[1], q[2], q[3]);
                v = v < a->lo ? a->lo : v;
                a->out[px * a->out_c + ch] = (int8_t)(v > a->hi ? a->hi : v);
            }
        }
        a->w += 4 * a->k;
        a->rq += 16;
        a->out += 4;
    }
}

#if RV_ASM
#define RV_X4(LD, b, s)                                                                     \
    LD " t2, " #b "(a0)\n\t" LD " t3, " #b "+" #s "(a0)\n\t"                                \
    LD " t4, " #b "+2*" #s "(a0)\n\t" LD " t5, " #b "+3*" #s "(a0)\n\t"
#define RV_X3(LD, b, s)                                                                     \
    LD " t2, " #b "(a0)\n\t" LD " t3, " #b "+" #s "(a0)\n\t" LD " t4, " #b "+2*" #s "(a0)\n\t"
#define RV_VAL4(LD, s, i, b)                                                                \
    RV_X4(LD, b, s)                                                                         \
    RV_ROW("a2", i, "s0", "s1", "s2", "s3")                                                 \
    RV_ROW("a3", i, "s4", "s5", "s6", "s7")                                                 \
    RV_ROW("t0", i, "s8", "s9", "s10", "s11")                                               \
    RV_ROW("t1", i, "a4", "a5", "a6", "a7")
#define RV_ROW3(w, i, r0, r1, r2)                                                           \
    "lb t6, " #i "(" w ")\n\t"                                                              \
    "mul ra, t2, t6\n\tadd " r0 ", " r0 ", ra\n\t"                                          \
    "mul ra, t3, t6\n\tadd " r1 ", " r1 ", ra\n\t"                                          \
    "mul ra, t4, t6\n\tadd " r2 ", " r2 ", ra\n\t"
#define RV_VAL3(LD, s, i, b)                                                                \
    RV_X3(LD, b, s)                                                                         \
    RV_ROW3("a2", i, "s0", "s1", "s2")                                                      \
    RV_ROW3("a3", i, "s4", "s5", "s6")                                                      \
    RV_ROW3("t0", i, "s8", "s9", "s10")                                                     \
    RV_ROW3("t1", i, "a4", "a5", "a6")
#define RV_INIT4                                                                            \
    "mv s1, s0\n\tmv s2, s0\n\tmv s3, s0\n\tmv s5, s4\n\tmv s6, s4\n\tmv s7, s4\n\t"        \
    "mv s9, s8\n\tmv s10, s8\n\tmv s11, s8\n\tmv a5, a4\n\tmv a6, a4\n\tmv a7, a4\n\t"
#define RV_INIT3                                                                            \
    "mv s1, s0\n\tmv s2, s0\n\tmv s5, s4\n\tmv s6, s4\n\t"                                  \
    "mv s9, s8\n\tmv s10, s8\n\tmv a5, a4\n\tmv a6, a4\n\t"
/* requantize acc into t2: m a2, chi4 a3, sh t1, lo t0, hi t6 */
#define RV_RQ(acc)                                                                          \
    "slli t2, " acc ", 2\n\t"                                                               \
    "mulh t2, t2, a2\n\t"                                                                   \
    "srai t3, " acc ", 31\n\t"                                                              \
    "add t2, t2, a3\n\t"                                                                    \
    "add t2, t2, t3\n\t"                                                                    \
    "add t2, t2, t3\n\t"                                                                    \
    "sra t2, t2, t1\n\t"                                                                    \
    "bge t2, t0, 3f\n\t"                                                                    \
    "mv t2, t0\n\t"                                                                         \
    "3:\n\t"                                                                                \
    "ble t2, t6, 4f\n\t"                                                                    \
    "mv t2, t6\n\t"                                                                         \
    "4:\n\t"
#define RV_RQ_LOAD(off)                                                                     \
    "lw a2, " #off "+4(a1)\n\tlw a3, " #off "+8(a1)\n\tlw t1, " #off "+12(a1)\n\t"
#define RV_RQ_CH4(off, r0, r1, r2, r3)                                                      \
    RV_RQ_LOAD(off)                                                                         \
    RV_RQ(r0) "sb t2, 0(ra)\n\t"                                                            \
    RV_RQ(r1) "add a0, ra, t5\n\tsb t2, 0(a0)\n\t"                                          \
    RV_RQ(r2) "add a0, a0, t5\n\tsb t2, 0(a0)\n\t"                                          \
    RV_RQ(r3) "add a0, a0, t5\n\tsb t2, 0(a0)\n\t"                                          \
    "addi ra, ra, 1\n\t"
#define RV_RQ_CH3(off, r0, r1, r2)                                                          \
    RV_RQ_LOAD(off)                                                                         \
    RV_RQ(r0) "sb t2, 0(ra)\n\t"                                                            \
    RV_RQ(r1) "add a0, ra, t5\n\tsb t2, 0(a0)\n\t"                                          \
    RV_RQ(r2) "add a0, a0, t5\n\tsb t2, 0(a0)\n\t"                                          \
    "addi ra, ra, 1\n\t"
#define RV_RQ_ALL4                                                                          \
    RV_RQ_CH4(0, "s0", "s1", "s2", "s3") RV_RQ_CH4(16, "s4", "s5", "s6", "s7")              \
    RV_RQ_CH4(32, "s8", "s9", "s10", "s11") RV_RQ_CH4(48, "a4", "a5", "a6", "a7")
#define RV_RQ_ALL3                                                                          \
    RV_RQ_CH3(0, "s0", "s1", "s2") RV_RQ_CH3(16, "s4", "s5", "s6")                          \
    RV_RQ_CH3(32, "s8", "s9", "s10") RV_RQ_CH3(48, "a4", "a5", "a6")
#define RV_STEP_ROWS(n)                                                                     \
    "addi a2, a2, " #n "\n\taddi a3, a3, " #n "\n\taddi t0, t0, " #n "\n\taddi t1, t1, " #n "\n\t"

/* name, value macro, init, requantization, load, pixel stride of the layout (bytes),
 * x offsets of values 0-7 within a pass, bytes per value (last values), per 4 and 8
 * values, log2 of the bytes per 4 values, log2 of the bytes per value */
#define RV_CONV_FN(name, VAL, INIT, RQALL, LD, S, B0, B1, B2, B3, B4, B5, B6, B7, ST1,     \
                   ST4, ST8, L4, L1)                                                        \
    __attribute__((naked, noinline)) static void name(__attribute__((unused)) rv_conv_args *a) \
    {                                                                                       \
        __asm__ volatile(                                                                   \
            "addi sp, sp, -64\n\t"                                                          \
            "sw ra, 0(sp)\n\tsw s0, 4(sp)\n\tsw s1, 8(sp)\n\tsw s2, 12(sp)\n\t"             \
            "sw s3, 16(sp)\n\tsw s4, 20(sp)\n\tsw s5, 24(sp)\n\tsw s6, 28(sp)\n\t"          \
            "sw s7, 32(sp)\n\tsw s8, 36(sp)\n\tsw s9, 40(sp)\n\tsw s10, 44(sp)\n\t"         \
            "sw s11, 48(sp)\n\tsw a0, 52(sp)\n\t"                                           \
            "0:\n\t"                                                                        \
            "lw a0, 52(sp)\n\t"                                                             \
            "lw t6, 8(a0)\n\t"                                                              \
            "lw s0, 0(t6)\n\tlw s4, 16(t6)\n\tlw s8, 32(t6)\n\tlw a4, 48(t6)\n\t"           \
            INIT                                                                            \
            "lw a2, 4(a0)\n\t"                                                              \
            "lw t6, 16(a0)\n\t"                                                             \
            "add a3, a2, t6\n\tadd t0, a3, t6\n\tadd t1, t0, t6\n\tadd a1, t1, t6\n\t"      \
            "sw a1, 4(a0)\n\t"                                                              \
            "srli a1, t6, 2\n\t"                                                            \
            "andi ra, a1, 1\n\t"                                                            \
            "slli a1, a1, " #L4 "\n\t"                                                      \
            "lw a0, 0(a0)\n\t"                                                              \
            "add a1, a1, a0\n\t" /* end of the groups of 4 values */                        \
            "beqz ra, 5f\n\t"                                                               \
            VAL(LD, S, 0, B0) VAL(LD, S, 1, B1) VAL(LD, S, 2, B2) VAL(LD, S, 3, B3)         \
            "addi a0, a0, " #ST4 "\n\t" RV_STEP_ROWS(4)                                     \
            "5:\n\t"                                                                        \
            "beq a0, a1, 6f\n\t"                                                            \
            "1:\n\t"                                                                        \
            VAL(LD, S, 0, B0) VAL(LD, S, 1, B1) VAL(LD, S, 2, B2) VAL(LD, S, 3, B3)         \
            VAL(LD, S, 4, B4) VAL(LD, S, 5, B5) VAL(LD, S, 6, B6) VAL(LD, S, 7, B7)         \
            "addi a0, a0, " #ST8 "\n\t" RV_STEP_ROWS(8)                                     \
            "bne a0, a1, 1b\n\t"                                                            \
            "6:\n\t"                                                                        \
            "lw t6, 52(sp)\n\t"                                                             \
            "lw t6, 16(t6)\n\t"                                                             \
            "andi t6, t6, 3\n\t"                                                            \
            "beqz t6, 8f\n\t"                                                               \
            "slli t6, t6, " #L1 "\n\t"                                                      \
            "add a1, a0, t6\n\t"                                                            \
            "7:\n\t"                                                                        \
            VAL(LD, S, 0, 0)                                                                \
            "addi a0, a0, " #ST1 "\n\t" RV_STEP_ROWS(1)                                     \
            "bne a0, a1, 7b\n\t"                                                            \
            "8:\n\t"                                                                        \
            "lw a0, 52(sp)\n\t"                                                             \
            "lw ra, 12(a0)\n\t"                                                             \
            "lw t5, 24(a0)\n\t"                                                             \
            "lw a1, 8(a0)\n\t"                                                              \
            "lw t0, 28(a0)\n\t"                                                             \
            "lw t6, 32(a0)\n\t"                                                             \
            RQALL                                                                           \
            "lw a0, 52(sp)\n\t"                                                             \
            "addi a1, a1, 64\n\t"                                                           \
            "sw a1, 8(a0)\n\t"                                                              \
            "sw ra, 12(a0)\n\t"                                                             \
            "lw t2, 20(a0)\n\t"                                                             \
            "addi t2, t2, -1\n\t"                                                           \
            "sw t2, 20(a0)\n\t"                                                             \
            "bnez t2, 0b\n\t"                                                               \
            "lw ra, 0(sp)\n\tlw s0, 4(sp)\n\tlw s1, 8(sp)\n\tlw s2, 12(sp)\n\t"             \
            "lw s3, 16(sp)\n\tlw s4, 20(sp)\n\tlw s5, 24(sp)\n\tlw s6, 28(sp)\n\t"          \
            "lw s7, 32(sp)\n\tlw s8, 36(sp)\n\tlw s9, 40(sp)\n\tlw s10, 44(sp)\n\t"         \
            "lw s11, 48(sp)\n\t"                                                            \
            "addi sp, sp, 64\n\t"                                                           \
            "ret\n\t");                                                                     \
    }

RV_CONV_FN(rv_conv16_px4, RV_VAL4, RV_INIT4, RV_RQ_ALL4, "lh", 2, 0, 8, 16, 24, 32, 40, 48, 56,
           8, 32, 64, 5, 3)
RV_CONV_FN(rv_conv16_px3, RV_VAL3, RV_INIT3, RV_RQ_ALL3, "lh", 2, 0, 8, 16, 24, 32, 40, 48, 56,
           8, 32, 64, 5, 3)
RV_CONV_FN(rv_conv8_px4, RV_VAL4, RV_INIT4, RV_RQ_ALL4, "lb", 4, 0, 1, 2, 3, 16, 17, 18, 19,
           1, 16, 32, 4, 0)
RV_CONV_FN(rv_conv8_px3, RV_VAL3, RV_INIT3, RV_RQ_ALL3, "lb", 4, 0, 1, 2, 3, 16, 17, 18, 19,
           1, 16, 32, 4, 0)
#else
#define rv_conv16_px4 rv_conv_block_c
#define rv_conv16_px3 rv_conv_block_c
#define rv_conv8_px4 rv_conv_block_c
#define rv_conv8_px3 rv_conv_block_c
#endif

/* One channel of a block of 3 or 4 pixels in C (the last out_c % 4 channels): per value
 * one weight LB, 4 x loads, 4 MUL, 4 ADD (a 3-pixel block's fourth column is computed
 * from whatever the cols hold there, not stored). */
static void rv_conv_ch1(const rv_conv_args *a, const int8_t *w, const int32_t *q, int8_t *out)
{
    const int32_t k = a->k;
    uint32_t s0 = (uint32_t)q[0], s1 = s0, s2 = s0, s3 = s0;
    int32_t i, px;
    if (a->l8) {
        const int8_t *x = (const int8_t *)a->x;
        for (i = 0; i + 4 <= k; i += 4, x += 16) {
            const int32_t w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3];
            s0 += (uint32_t)(x[0] * w0 + x[1] * w1 + x[2] * w2 + x[3] * w3);
            s1 += (uint32_t)(x[4] * w0 + x[5] * w1 + x[6] * w2 + x[7] * w3);
            s2 += (uint32_t)(x[8] * w0 + x[9] * w1 + x[10] * w2 + x[11] * w3);
            s3 += (uint32_t)(x[12] * w0 + x[13] * w1 + x[14] * w2 + x[15] * w3);
        }
        for (px = 0; i < k; ++i, ++px) {
            const int32_t wi = w[i];
            s0 += (uint32_t)(x[px] * wi);
            s1 += (uint32_t)(x[4 + px] * wi);
            s2 += (uint32_t)(x[8 + px] * wi);
            s3 += (uint32_t)(x[12 + px] * wi);
        }
    } else {
        const int16_t *x = (const int16_t *)a->x;
        for (i = 0; i < k; ++i, x += 4) {
            const int32_t wi = w[i];
            s0 += (uint32_t)(x[0] * wi);
            s1 += (uint32_t)(x[1] * wi);
            s2 += (uint32_t)(x[2] * wi);
            s3 += (uint32_t)(x[3] * wi);
        }
    }
    {
        const uint32_t acc[4] = {s0, s1, s2, s3};
        for (px = 0; px < a->px; ++px) {
            int32_t v = tnm_opt_rq4(acc[px], q[1], q[2], q[3]);
            v = v < a->lo ? a->lo : v;
            out[px * a->out_c] = (int8_t)(v > a->hi ? a->hi : v);
        }
    }
}

/* Runs the channels [c0, c0 + cn) of one block of px pixels (table: their entries). */
static void rv_conv_channels(rv_conv_args *a, const void *cols, const int8_t *filter_data,
                             const int32_t *table, int8_t *out, int32_t c0, int32_t cn, int32_t px)
{
    const int32_t full = cn >> 2;
    a->x = cols;
    a->w = filter_data + c0 * a->k;
    a->rq = table;
    a->out = out + c0;
    a->px = px;
    if (full > 0) {
        a->blocks = full;
        a->nch = 4;
        if (px == 4) {
            if (a->l8) rv_conv8_px4(a); else rv_conv16_px4(a);
        } else if (px == 3) {
            if (a->l8) rv_conv8_px3(a); else rv_conv16_px3(a);
        } else {
            rv_conv_block_c(a);
        }
    }
    if ((cn & 3) != 0) { /* the last 1-3 channels (a->w, rq, out have advanced) */
        a->blocks = 1;
        a->nch = cn & 3;
        if (px >= 3) {
            int32_t j;
            for (j = 0; j < a->nch; ++j) {
                rv_conv_ch1(a, a->w + j * a->k, a->rq + 4 * j, a->out + j);
            }
        } else {
            rv_conv_block_c(a);
        }
    }
}

/* sum of n int8 (n < 2^24): 4 per pass, ~2.5 instructions each */
__attribute__((noinline)) static int32_t rv_sum8(const int8_t *w, int32_t n)
{
    const int8_t *const end4 = w + (n & ~3), *const end = w + n;
    int32_t s = 0;
    for (; w != end4; w += 4) s += (w[0] + w[1]) + (w[2] + w[3]);
    for (; w != end; ++w) s += *w;
    return s;
}

#if defined(__GNUC__)
#define RV_ALIGNED(p) __builtin_assume_aligned((p), 4)
#else
#define RV_ALIGNED(p) (p)
#endif

/* Whether channel c takes the one-MULH requantization: shift -2..-21, |bias| < room. */
static inline int rv_channel_ok(const tnm_quant *quant, const int32_t *bias, int32_t c, int32_t room)
{
    const int32_t e = -quant->shift[c], b = bias != 0 ? bias[c] : 0;
    return (uint32_t)(e - 2) <= 19u && (uint32_t)b + (uint32_t)room - 1u <= (uint32_t)(2 * room - 2);
}

/* The table entries of channels [c0, c0 + cn): acc0 (bias, + input_offset * sum(w) for
 * the int8 layout), m, chi4, sh. A channel outside the one-MULH form gets m = chi4 = 0,
 * sh = 1 (the blocks compute a value that rv_conv_fix then overwrites) and its bit in
 * bad[0..1]. */
/* Channels whose weights are all zero (bits of dead[], the first RV_DEAD_CHANNELS): their
 * output is the requantized bias at every pixel. */
#define RV_DEAD_CHANNELS 512

static int rv_zero_row(const int8_t *w, int32_t n)
{
    uint32_t any = 0;
    if (((uintptr_t)w & 3u) == 0) {
        const int8_t *const end4 = w + (n & ~3);
        for (; w != end4; w += 4) {
            uint32_t v;
            memcpy(&v, RV_ALIGNED(w), 4);
            any |= v;
        }
        n &= 3;
    }
    for (; n > 0; --n) any |= (uint8_t)*w++;
    return any == 0;
}

/* Returns the number of channels in bad[]. detect: look for all-zero weight rows among the
 * channels outside the form (else dead[] has them already). */
static int32_t rv_conv_table(int32_t *table, const tnm_quant *quant, const int32_t *bias,
                             const int8_t *filter_data, int32_t k, int32_t c0, int32_t cn,
                             const tnm_conv_params *params, int32_t fold_offset, int32_t room,
                             uint32_t *dead, int detect, uint32_t *bad)
{
    const uint32_t span = (uint32_t)(2 * room - 2);
    const int32_t out_off = params->output_offset; /* a local: the table's stores may alias params */
    int32_t c, nbad = 0;
    bad[0] = bad[1] = 0;
    for (c = 0; c < cn; ++c, table += 4) {
        const int32_t ch = c0 + c, e = -quant->shift[ch], b = bias != 0 ? bias[ch] : 0;
        table[0] = b;
        if (fold_offset != 0) {
            table[0] = (int32_t)((uint32_t)b + (uint32_t)rv_sum8(filter_data + ch * k, k) * (uint32_t)fold_offset);
        }
        if ((uint32_t)(e - 2) <= 19u && (uint32_t)b + (uint32_t)room - 1u <= span) {
            table[1] = quant->multiplier[ch];
            table[2] = tnm_opt_rq4_chi(out_off, -e);
            table[3] = e + 1;
            continue;
        }
        if (detect && ch < RV_DEAD_CHANNELS && rv_zero_row(filter_data + ch * k, k)) {
            dead[ch >> 5] |= 1u << (ch & 31);
        }
        if (ch < RV_DEAD_CHANNELS && (dead[ch >> 5] >> (ch & 31) & 1u) != 0) {
            /* acc = 0 + sum(x * 0): (0 + chi4 - 0) >> 1 gives the constant */
            table[0] = table[1] = 0;
            table[2] = 2 * tnm_opt_output(b, quant->multiplier[ch], quant->shift[ch], params->output_offset,
                                          params->act_min, params->act_max);
            table[3] = 1;
        } else {
            table[1] = table[2] = 0;
            table[3] = 1;
            bad[c >> 5] |= 1u << (c & 31);
            ++nbad;
        }
    }
    return nbad;
}

/* The channels of bad[] in one block of px pixels, in C with the general requantization. */
static void rv_conv_fix(const rv_conv_args *a, const void *cols, const int8_t *filter_data,
                        const int32_t *table, const tnm_quant *quant, int8_t *out, int32_t c0,
                        int32_t cn, int32_t px, int32_t output_offset, const uint32_t *bad)
{
    int32_t c, p, i;
    for (c = 0; c < cn; ++c) {
        const int8_t *w = filter_data + (c0 + c) * a->k;
        if ((bad[c >> 5] >> (c & 31) & 1u) == 0) continue;
        for (p = 0; p < px; ++p) {
            uint32_t acc = (uint32_t)table[4 * c];
            if (a->l8) {
                const int8_t *x = (const int8_t *)cols + 4 * p;
                for (i = 0; i < a->k; ++i) acc += (uint32_t)(x[16 * (i >> 2) + (i & 3)] * w[i]);
            } else {
                const int16_t *x = (const int16_t *)cols + p;
                for (i = 0; i < a->k; ++i) acc += (uint32_t)(x[4 * i] * w[i]);
            }
            out[p * a->out_c + c0 + c] = tnm_opt_output((int32_t)acc, quant->multiplier[c0 + c],
                                                        quant->shift[c0 + c], output_offset, a->lo, a->hi);
        }
    }
}

/* A run of n patch values starting at value k into the int8 layout of one pixel (cols at
 * its column: value k at cols[16 * (k / 4) + k % 4]). words: src, k and n multiples of 4
 * with src 4-byte aligned. */
static void rv_run8(int8_t *cols, int32_t k, const int8_t *src, int32_t n, int words)
{
    int8_t *d;
    if (words) {
        d = cols + 4 * k;
        for (; n >= 8; n -= 8) {
            uint32_t v0, v1;
            memcpy(&v0, RV_ALIGNED(src), 4);
            memcpy(&v1, RV_ALIGNED(src + 4), 4);
            memcpy(RV_ALIGNED(d), &v0, 4);
            memcpy(RV_ALIGNED(d + 16), &v1, 4);
            d += 32;
            src += 8;
        }
        if (n > 0) {
            uint32_t v0;
            memcpy(&v0, RV_ALIGNED(src), 4);
            memcpy(RV_ALIGNED(d), &v0, 4);
        }
        return;
    }
    for (; n > 0 && (k & 3) != 0; --n, ++k) cols[16 * (k >> 2) + (k & 3)] = *src++;
    d = cols + 4 * k;
    for (; n >= 4; n -= 4) {
        d[0] = src[0];
        d[1] = src[1];
        d[2] = src[2];
        d[3] = src[3];
        d += 16;
        src += 4;
    }
    for (k = 0; k < n; ++k) d[k] = src[k];
}

/* One pixel's patch in the int8 layout (cols at the pixel's column). */
static void im2col8_pixel(const patch_geometry *g, int32_t b, int32_t oy, int32_t ox,
                          int32_t k_total, int8_t *cols, uint32_t pad4, int words)
{
    const int32_t in_y0 = oy * g->stride_h - g->pad_h;
    const int32_t in_x0 = ox * g->stride_w - g->pad_w;
    const int32_t in_c = g->in_c, row_len = g->filter_w * in_c;
    int32_t fy_start, fy_end, fx_start, fx_end, fy, fx;
    tnm_tap_range(in_y0, g->dilation_h, g->in_h, g->filter_h, &fy_start, &fy_end);
    tnm_tap_range(in_x0, g->dilation_w, g->in_w, g->filter_w, &fx_start, &fx_end);
    if (fy_end - fy_start != g->filter_h || fx_end - fx_start != g->filter_w) {
        int32_t j;
        for (j = 0; j < k_total; j += 4) memcpy(RV_ALIGNED(cols + 4 * j), &pad4, 4);
    }
    for (fy = fy_start; fy < fy_end; ++fy) {
        /* index of tap (fy, fx = 0), negative when left of the image */
        const int32_t row = ((b * g->in_h + in_y0 + fy * g->dilation_h) * g->in_w + in_x0) * in_c;
        if (g->dilation_w == 1) { /* the row's taps are one run of the input */
            rv_run8(cols, fy * row_len + fx_start * in_c, g->input + (row + fx_start * in_c),
                    (fx_end - fx_start) * in_c, words);
        } else {
            for (fx = fx_start; fx < fx_end; ++fx) {
                rv_run8(cols, fy * row_len + fx * in_c, g->input + (row + fx * g->dilation_w * in_c),
                        in_c, words);
            }
        }
    }
}

/* Patches in the int8 layout from bytes (input channels not a multiple of 4) for pixels
 * whose windows lie inside the image: value k of a patch is the byte off[k] past the window's
 * first (one table per call, in the scratch): n_px (1 or 4) pixels d bytes apart, each group's
 * 4 offsets loaded once for the 4 pixels, then ADD, LB, SB a value. */
static void rv_gather8(int8_t *cols, const int8_t *src, const int16_t *off, int32_t k, int32_t n_px, int32_t d)
{
    int32_t i;
    if (n_px == 4) {
        const int8_t *s0 = src, *s1 = src + d, *s2 = src + 2 * d, *s3 = src + 3 * d;
        for (i = 0; i + 4 <= k; i += 4, cols += 16) {
            const int32_t o0 = off[i], o1 = off[i + 1], o2 = off[i + 2], o3 = off[i + 3];
            cols[0] = s0[o0], cols[1] = s0[o1], cols[2] = s0[o2], cols[3] = s0[o3];
            cols[4] = s1[o0], cols[5] = s1[o1], cols[6] = s1[o2], cols[7] = s1[o3];
            cols[8] = s2[o0], cols[9] = s2[o1], cols[10] = s2[o2], cols[11] = s2[o3];
            cols[12] = s3[o0], cols[13] = s3[o1], cols[14] = s3[o2], cols[15] = s3[o3];
        }
        for (; i < k; ++i) {
            const int32_t o = off[i];
            cols[(i & 3)] = s0[o], cols[4 + (i & 3)] = s1[o], cols[8 + (i & 3)] = s2[o], cols[12 + (i & 3)] = s3[o];
        }
        return;
    }
    for (i = 0; i + 4 <= k; i += 4, cols += 16) {
        cols[0] = src[off[i]], cols[1] = src[off[i + 1]], cols[2] = src[off[i + 2]], cols[3] = src[off[i + 3]];
    }
    for (; i < k; ++i) cols[i & 3] = src[off[i]];
}

/* The gather's table for the call (bytes: input channels not a multiple of 4), after the
 * cols in the scratch (4 kp + 2 K bytes <= its 8 K + 4 for K >= 8), when the offsets fit
 * int16; 0 when they do not (the caller gathers with im2col8_pixel). */
__attribute__((noinline)) static int rv_gather8_table(const patch_geometry *g, int32_t k_total, int16_t *off)
{
    const int64_t reach = ((int64_t)(g->filter_h - 1) * g->dilation_h * g->in_w +
                           (int64_t)(g->filter_w - 1) * g->dilation_w + 1) * g->in_c;
    int32_t fy, fx, ci, k = 0;
    if (k_total < 8 || reach > 32767) return 0;
    for (fy = 0; fy < g->filter_h; ++fy)
        for (fx = 0; fx < g->filter_w; ++fx)
            for (ci = 0; ci < g->in_c; ++ci, ++k)
                off[k] = (int16_t)((fy * g->dilation_h * g->in_w + fx * g->dilation_w) * g->in_c + ci);
    return 1;
}

/* The patch of pixel (b, oy, ox), and with quad of the 3 after it in its output row, through
 * rv_gather8 when their windows lie inside the image: the pixels done (4 or 1), or 0. */
__attribute__((noinline)) static int32_t rv_gather8_px(const patch_geometry *g, int32_t b, int32_t oy, int32_t ox,
                                                      int quad, const int16_t *off, int32_t k, int8_t *cols)
{
    const int32_t y0 = oy * g->stride_h - g->pad_h, x0 = ox * g->stride_w - g->pad_w;
    const int32_t span_h = (g->filter_h - 1) * g->dilation_h, span_w = (g->filter_w - 1) * g->dilation_w;
    const int8_t *src;
    if (y0 < 0 || y0 + span_h >= g->in_h || x0 < 0) return 0;
    src = g->input + ((b * g->in_h + y0) * g->in_w + x0) * g->in_c;
    if (quad && x0 + 3 * g->stride_w + span_w < g->in_w) {
        rv_gather8(cols, src, off, k, 4, g->stride_w * g->in_c);
        return 4;
    }
    if (x0 + span_w >= g->in_w) return 0;
    rv_gather8(cols, src, off, k, 1, 0);
    return 1;
}

/* Channels per table on the stack (rv_conv_table: 16 bytes each). */
#define RV_RQ_CHANNELS 64

/* Pixels of the block at *p: 4 before p4, then 3; a last 1-2 pixels become a block of 3
 * moved back over pixels already done (recomputed and rewritten with the same bytes; the
 * runtime never overlaps a call's output with its input). Needs pixels >= 3. */
static int32_t rv_next_block(int32_t *p, int32_t pixels, int32_t p4, int32_t out_w, int32_t out_h,
                             int32_t *b, int32_t *y, int32_t *x)
{
    if (*p >= p4 || pixels - *p == 3) return 3;
    if (pixels - *p >= 4) return 4;
    *p = pixels - 3;
    *x = *p % out_w;
    *y = *p / out_w % out_h;
    *b = *p / out_w / out_h;
    return 3;
}

/* The fast path (rv_conv_args): 0 when the call does not qualify. In the int8 layout the
 * channel chunks of the table run outermost (sum(w) once per call, the patches gathered
 * once per chunk); in the int16 layout the pixel blocks do (patches once per block). */
static int conv_fast(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                     const int8_t *input_data, const int8_t *filter_data, const int32_t *bias,
                     const tnm_dims *output, int8_t *output_data, void *cols_mem,
                     const patch_geometry *g, int32_t k_total, int ordered, int descending)
{
    const int32_t out_c = output->c, out_h = output->h, out_w = output->w;
    const int32_t pixels = output->n * out_h * out_w;
    const int32_t chunk = out_c < RV_RQ_CHANNELS ? out_c : RV_RQ_CHANNELS;
    int32_t table[4 * RV_RQ_CHANNELS];
    rv_conv_args a;
    int32_t c, c0, p, at, t3, p4, n_px, words, l8, nbad;
    uint32_t bad[2], dead[RV_DEAD_CHANNELS / 32];
    /* |acc| <= |bias| + K * 255 * 128 < 2^29 */
    const int32_t room = k_total < 16448 ? (int32_t)((1L << 29) - 1 - k_total * 32640L) : 0;
    const int32_t chunks = (out_c + RV_RQ_CHANNELS - 1) / RV_RQ_CHANNELS;
    int chunk_outer;
    if (room <= 0 || pixels < 3) return 0;
    /* channels outside the one-MULH form (rv_conv_fix): a few, or the general loop */
    memset(dead, 0, sizeof dead);
    /* past the first chunk (its table below counts its own) */
    for (c = chunk, nbad = 0; c < out_c; ++c) {
        if (rv_channel_ok(quant, bias, c, room)) continue;
        if (c < RV_DEAD_CHANNELS && rv_zero_row(filter_data + c * k_total, k_total)) {
            dead[c >> 5] |= 1u << (c & 31);
        } else {
            ++nbad;
        }
    }
    /* whole words of input per tap: the int8 layout gathers them with LW/SW */
    words = (input->c & 3) == 0 && ((uintptr_t)input_data & 3u) == 0;
    /* per patch value, in quarter instructions (times K): sum(w) ~10 once per weight;
     * gathering the int8 layout ~4 (words) or ~10 (bytes) per pixel and chunk of channels;
     * the int16 layout ~15 + 24 / in_c per pixel, and per chunk when the chunks run
     * outermost, else the table (~80 per channel) rebuilt per block of pixels */
    {
        const int64_t kk = k_total, px = pixels, c16 = 15 + 24 / input->c;
        const int64_t cost8 = (10 * (int64_t)out_c + (words ? 4 : 10) * px * chunks) * kk;
        const int64_t outer16 = c16 * px * chunks * kk, inner16 = c16 * px * kk + 20 * (int64_t)out_c * px;
        chunk_outer = chunks > 1 && outer16 < inner16;
        l8 = k_total >= 2 && cost8 < (chunks == 1 ? c16 * px * kk : chunk_outer ? outer16 : inner16);
        /* pixel order (in place) with several chunks: every chunk of a block before the next
         * block, which only the int16 layout's inner chunks do */
        if (ordered && chunks > 1) chunk_outer = l8 = 0;
    }
    /* channels outside the form that are not all-zero rows (rv_conv_fix): a few, or the
     * general loop */
    nbad += rv_conv_table(table, quant, bias, filter_data, k_total, 0, chunk, params,
                          l8 ? g->input_offset : 0, room, dead, 1, bad);
    if (nbad > out_c / 8 + 1) return 0;
    /* a pixel count that is not a multiple of 4: the last t3 blocks of 3 pixels (4a + 3 * t3
     * pixels), else (5 pixels) a last block of 3 moved back (rv_next_block) */
    t3 = (-pixels) & 3;
    if (pixels < 3 * t3) t3 = 0;
    p4 = pixels - 3 * t3;
    a.k = k_total;
    a.out_c = out_c;
    a.lo = params->act_min;
    a.hi = params->act_max;
    a.l8 = l8;
    if (l8) {
        int8_t *cols = (int8_t *)cols_mem;
        const uint32_t pad4 = ((uint32_t)-g->input_offset & 0xFFu) * 0x01010101u;
        /* the gather's table (after the patch columns), or NULL */
        int16_t *const table8 = (int16_t *)(void *)(cols + 4 * ((k_total + 3) & ~3));
        int16_t *const offs = !words && rv_gather8_table(g, k_total, table8) ? table8 : 0;
        for (c0 = 0; c0 < out_c; c0 += chunk) {
            const int32_t cn = out_c - c0 < chunk ? out_c - c0 : chunk;
            int32_t px_b = 0, px_y = 0, px_x = 0;
            if (c0 != 0) {
                rv_conv_table(table, quant, bias, filter_data, k_total, c0, cn, params,
                              g->input_offset, room, dead, 0, bad);
            }
            for (p = 0; p < pixels; p += n_px) {
                int32_t j;
                if (descending) { /* the same blocks last to first (3-pixel blocks first) */
                    n_px = p < pixels - p4 ? 3 : 4;
                    at = pixels - p - n_px;
                    px_b = 0;
                    px_y = at / out_w;
                    px_x = at - px_y * out_w;
                } else {
                    n_px = rv_next_block(&p, pixels, p4, out_w, out_h, &px_b, &px_y, &px_x);
                    at = p;
                }
                for (j = 0; j < n_px; ++j) {
                    int32_t done = offs != 0 ? rv_gather8_px(g, px_b, px_y, px_x, j == 0 && n_px == 4 && px_x + 3 < out_w,
                                                            offs, k_total, cols + 4 * j)
                                             : 0;
                    if (done == 0) {
                        im2col8_pixel(g, px_b, px_y, px_x, k_total, cols + 4 * j, pad4, words);
                        done = 1;
                    }
                    j += done - 1; /* (4: the block's four pixels, one output row) */
                    px_x += done - 1;
                    if (++px_x == out_w) { px_x = 0; if (++px_y == out_h) { px_y = 0; ++px_b; } }
                }
                rv_conv_channels(&a, cols, filter_data, table, output_data + at * out_c, c0, cn, n_px);
                if ((bad[0] | bad[1]) != 0) {
                    rv_conv_fix(&a, cols, filter_data, table, quant, output_data + at * out_c, c0, cn, n_px,
                                params->output_offset, bad);
                }
            }
        }
    } else {
        int16_t *cols = (int16_t *)cols_mem;
        const int32_t pass = chunk_outer ? chunk : out_c; /* channels per pass over the pixels */
        int32_t table_first = 0, ca;
        for (ca = 0; ca < out_c; ca += pass) {
            const int32_t ca_end = out_c - ca < pass ? out_c : ca + pass;
            int32_t px_b = 0, px_y = 0, px_x = 0;
            for (p = 0; p < pixels; p += n_px) {
                int32_t j;
                if (descending) { /* the same blocks last to first (3-pixel blocks first) */
                    n_px = p < pixels - p4 ? 3 : 4;
                    at = pixels - p - n_px;
                    px_b = 0;
                    px_y = at / out_w;
                    px_x = at - px_y * out_w;
                } else {
                    n_px = rv_next_block(&p, pixels, p4, out_w, out_h, &px_b, &px_y, &px_x);
                    at = p;
                }
                for (j = 0; j < n_px; ++j) {
                    im2col_pixel(g, px_b, px_y, px_x, k_total, cols + j);
                    if (++px_x == out_w) { px_x = 0; if (++px_y == out_h) { px_y = 0; ++px_b; } }
                }
                for (c0 = ca; c0 < ca_end; c0 += chunk) {
                    const int32_t cn = out_c - c0 < chunk ? out_c - c0 : chunk;
                    if (table_first != c0) { /* once per pass when out_c <= RV_RQ_CHANNELS */
                        rv_conv_table(table, quant, bias, filter_data, k_total, c0, cn,
                                      params, 0, room, dead, 0, bad);
                        table_first = c0;
                    }
                    rv_conv_channels(&a, cols, filter_data, table, output_data + at * out_c, c0, cn,
                                     n_px);
                    if ((bad[0] | bad[1]) != 0) {
                        rv_conv_fix(&a, cols, filter_data, table, quant, output_data + at * out_c, c0, cn,
                                    n_px, params->output_offset, bad);
                    }
                }
            }
        }
    }
    return 1;
}

/* The call with scratch and the filter's channels the input's (checked): order -1 the
 * whole call (returns 1); else only conv_fast, pixels in order (0) or last to first (1),
 * returning 0 when it declines. conv_fast has this one call site (inlined as before). */
static int conv_rv32_run(const tnm_conv_params *params, const tnm_quant *quant,
                         const tnm_dims *input, const int8_t *input_data,
                         const tnm_dims *filter, const int8_t *filter_data,
                         const int32_t *bias,
                         const tnm_dims *output, int8_t *output_data,
                         void *scratch, int order)
{
    int16_t *cols;
    patch_geometry g;
    const int32_t k_total = filter->h * filter->w * filter->c;
    /* the four pixels' patches (tnm_opt_conv_scratch_rv32 bytes: 8K + 4; the int8 layout
     * needs 4 * (K rounded up to 4) + 4 <= that for K >= 2) */
    cols = (int16_t *)(((uintptr_t)scratch + 3u) & ~(uintptr_t)3u);
    if ((order <= 0 && tnm_opt_conv_one_out_shape(params, input, filter, output)) ||
        (order < 0 && tnm_opt_conv_small_rv32_call(params, input, filter))) {
        /* one output channel: dot products from the input, in pixel order (in place: each
         * pass reads its pixels before writing their outputs); small patches: the same a
         * channel at a time (not in pixel order) */
        tnm_rv32_conv_one_out(params, quant, input, input_data, filter, filter_data, bias, output, output_data,
                              scratch);
        return 1;
    }
    g.input = input_data;
    g.in_h = input->h;
    g.in_w = input->w;
    g.in_c = input->c;
    g.filter_h = filter->h;
    g.filter_w = filter->w;
    g.stride_h = params->stride_h;
    g.stride_w = params->stride_w;
    g.pad_h = params->pad_h;
    g.pad_w = params->pad_w;
    g.dilation_h = params->dilation_h;
    g.dilation_w = params->dilation_w;
    g.input_offset = params->input_offset;
    if (conv_fast(params, quant, input, input_data, filter_data, bias, output, output_data, cols,
                  &g, k_total, order >= 0, order > 0)) {
        return 1;
    }
    if (order >= 0) return 0;
    {
        /* the rest (shifts outside -2..-21, large biases, K > 8192, 1-2 pixels): blocks of
         * 4 pixels x 4 channels through rv_mac_block, requantized in C */
        const int32_t out_c = output->c, out_h = output->h, out_w = output->w;
        const int32_t pixels = output->n * out_h * out_w;
        const int32_t output_offset = params->output_offset;
        const int32_t act_min = params->act_min, act_max = params->act_max;
        const int32_t *multiplier = quant->multiplier;
        const int8_t *shift = quant->shift;
        const int32_t last = out_c - 1;
        int32_t p, px_b = 0, px_y = 0, px_x = 0;
        int32_t n_px = 0;
        for (p = 0; p < pixels; p += n_px) {
            int32_t c0, j, k;
            int8_t *out;
            if (pixels - p < RV_PX && pixels >= RV_PX) {
                /* a last short block: the last four pixels instead, recomputing (and
                 * rewriting with the same bytes) some of the block before */
                p = pixels - RV_PX;
                px_x = p % out_w;
                px_y = p / out_w % out_h;
                px_b = p / out_w / out_h;
            }
            n_px = pixels - p < RV_PX ? pixels - p : RV_PX;
            out = output_data + p * out_c;
            for (j = 0; j < RV_PX; ++j) {
                if (j < n_px) {
                    im2col_pixel(&g, px_b, px_y, px_x, k_total, cols + j);
                    if (++px_x == out_w) { px_x = 0; if (++px_y == out_h) { px_y = 0; ++px_b; } }
                } else { /* past the last pixel: zeros (computed, not stored) */
                    for (k = 0; k < k_total; ++k) cols[RV_PX * k + j] = 0;
                }
            }
            for (c0 = 0; c0 < out_c; c0 += 4) {
                /* past the last channel, repeat it (computed, not stored) */
                const int8_t *rows[4];
                const int32_t full = c0 + 3 < out_c;
                const int32_t k_asm = full ? k_total & ~3 : 0;
                rv_mac_args a;
                int32_t i;
                for (j = 0; j < 4; ++j) {
                    const int32_t cj = c0 + j < last ? c0 + j : last;
                    const uint32_t b0 = bias != 0 ? (uint32_t)bias[cj] : 0u;
                    rows[j] = filter_data + cj * k_total;
                    for (k = 0; k < RV_PX; ++k) a.acc[4 * j + k] = b0;
                }
                if (k_asm > 0) { /* four consecutive rows: the unrolled loop */
                    a.x = cols;
                    a.w = rows[0];
                    a.w_step = k_total;
                    a.n4 = k_asm >> 2;
                    rv_mac_block(&a);
                }
                for (i = k_asm; i < k_total; ++i) { /* the rest, and a last partial block */
                    const int16_t *x = cols + RV_PX * i;
                    for (j = 0; j < 4; ++j) {
                        const int32_t w = rows[j][i];
                        for (k = 0; k < RV_PX; ++k) a.acc[4 * j + k] += (uint32_t)(x[k] * w);
                    }
                }
                for (j = 0; j < 4 && c0 + j < out_c; ++j) {
                    const int32_t cc = c0 + j, m = multiplier[cc], sh = shift[cc];
                    if (tnm_opt_rq_fast_ok(sh)) {
                        const int32_t chi = tnm_opt_rq_chi(2 * output_offset + 1, sh), e1 = -sh - 1;
                        for (k = 0; k < n_px; ++k) {
                            out[k * out_c + cc] = (int8_t)rv_out((int32_t)a.acc[4 * j + k], m, chi, e1,
                                                                 act_min, act_max);
                        }
                    } else {
                        for (k = 0; k < n_px; ++k) {
                            out[k * out_c + cc] = tnm_opt_output((int32_t)a.acc[4 * j + k], m, sh,
                                                                 output_offset, act_min, act_max);
                        }
                    }
                }
            }
        }
    }
    return 1;
}

tnm_status tnm_conv_s8_rv32(const tnm_conv_params *params, const tnm_quant *quant,
                            const tnm_dims *input, const int8_t *input_data,
                            const tnm_dims *filter, const int8_t *filter_data,
                            const int32_t *bias,
                            const tnm_dims *output, int8_t *output_data,
                            void *scratch)
{
    const tnm_status status = tnm_conv_s8_check(params, quant, input, input_data, filter,
                                                filter_data, bias, output, output_data, scratch);
    if (status != TNM_OK) return status;
    if (scratch != 0 && tnm_opt_conv_lut_shape(input, filter, output)) { /* one input value an output */
        tnm_conv_s8_lut(params, quant, input, input_data, filter, filter_data, bias, output, output_data, scratch);
        return TNM_OK;
    }
    {
        tnm_fc_params fc;
        int32_t fc_batches, fc_depth;
        if (tnm_conv_fc_shape(params, input, input_data, filter, output, output_data, &fc, &fc_batches, &fc_depth))
            return tnm_fully_connected_s8_rv32(&fc, quant, output->c, fc_batches, fc_depth, output->c, input_data,
                                               filter_data, bias, output_data);
    }
    if (filter->c != input->c || scratch == 0) { /* grouped, or no scratch: the reference */
        return tnm_conv_s8_ref(params, quant, input, input_data, filter, filter_data, bias, output,
                               output_data, scratch);
    }
    (void)conv_rv32_run(params, quant, input, input_data, filter, filter_data, bias, output, output_data,
                        scratch, -1);
    return TNM_OK;
}

/* Pixel order for in-place execution (tnm_conv_s8_pixels): conv_fast in one pass over the
 * pixels (several chunks of channels: every chunk of a block in turn), each block's patches
 * gathered before its outputs are written (descending: the blocks last to first), and no
 * block moved back over pixels done (5 pixels); else 0. */
int tnm_conv_s8_rv32_pixels(const tnm_conv_params *params, const tnm_quant *quant,
                            const tnm_dims *input, const int8_t *input_data,
                            const tnm_dims *filter, const int8_t *filter_data,
                            const int32_t *bias, const tnm_dims *output,
                            int8_t *output_data, void *scratch, int descending)
{
    if (scratch == 0 || !tnm_is_pixel_conv(params, input, filter, output) || output->h * output->w == 5 ||
        tnm_conv_s8_check(params, quant, input, input_data, filter, filter_data, bias, output, output_data,
                          scratch) != TNM_OK)
        return 0;
    return conv_rv32_run(params, quant, input, input_data, filter, filter_data, bias, output, output_data,
                         scratch, descending != 0);
}

/* 4 bytes at a 4-byte-aligned address: one LW (tnm_opt_read4 is 4 LBU + 6 ALU here). */
static inline uint32_t rv_read4_aligned(const int8_t *p)
{
    uint32_t v;
#if defined(__GNUC__)
    memcpy(&v, __builtin_assume_aligned(p, 4), sizeof v);
#else
    memcpy(&v, p, sizeof v);
#endif
    return v;
}

/* ---- DEPTHWISE_CONV_2D, depth multiplier 1, at least 4 channels, filters up to RV_DW_TAPS
 * taps, any stride and dilation. Per group of 4 channels (a last group overlapping the one
 * before it when channels % 4 != 0, its overlapping lanes not computed) and band of output
 * rows, the input rows the band reads go into a stack plane [row][x][4 channels] (one word
 * per pixel), padded with the byte -input_offset: a padding tap then adds w * (-input_offset
 * + input_offset) = 0, so every window is whole, and bias + input_offset * sum(weights)
 * (folded once per channel, wrapping like the reference's accumulator) replaces the per-tap
 * offset. Then one channel at a time along a run of outputs (down a column of the band, or
 * along a row when the band has fewer rows than columns): 3x3 undilated with its nine
 * weights in registers (a window is 9 LB + 9 MUL + 9 ADD and the requantization), other
 * filters in C, the taps of a row unrolled for the common widths. ---- */
#define DW_PLANE 1536 /* bytes */
#define RV_DW_TAPS 64  /* taps of a filter (fh * fw) the planes take */

typedef struct {
    const int8_t *in;  /* the channel's byte of the window's tap (0, 0) */
    int8_t *out;
    int32_t n;         /* outputs of the run (down a column or along a row), >= 1 */
    int32_t in_step;   /* plane bytes between outputs: 4 * width * stride_h down, 4 * stride_w along */
    int32_t row_step;  /* bytes: 4 * width */
    int32_t out_step;  /* output bytes between outputs: out_w * channels down, channels along */
    int32_t k[9];
    uint32_t folded;
    int32_t m, chi, e1, act_min, act_max;
    int fast; /* the shift takes the fast form; else e1 = -shift - 1 */
    int rq4;  /* fast and the one-MULH form holds (3x3: |folded| + 9 * 2^14 < 2^29): chi the
               * form's chi4, e1 = -shift + 1 (tnm_opt_rq4) */
} rv_dw_row;

#if RV_ASM
/* 46 instructions per output: 9 x (LB, MUL, ADD), 2 row pointers, the requantization
 * (MUL, MULH, 9 ALU), 2 not-taken clamp branches, SB, 3 loop; 42 with the one-MULH form
 * (rv_dw_fast_column4: SLLI, MULH, 5 ALU). */
#define RV_DW_TAP(ptr, off, k) "lb t2, " #off "(" ptr ")\n\tmul t2, t2, " k "\n\tadd t3, t3, t2\n\t"
/* high word of chi:2^30 + acc*m - [acc<0]*2^31, >> e1 */
#define RV_DW_RQ                                                                           \
        "mul t2, t3, s10\n\t"                                                              \
        "mulh t4, t3, s10\n\t"                                                             \
        "srai t5, t3, 31\n\t"                                                              \
        "add t4, t4, t5\n\t"                                                               \
        "slli t5, t5, 31\n\t"                                                              \
        "add t5, t5, t6\n\t"                                                               \
        "add t2, t2, t5\n\t"                                                               \
        "sltu t2, t2, t5\n\t"                                                              \
        "add t4, t4, s11\n\t"                                                              \
        "add t4, t4, t2\n\t"                                                               \
        "sra t4, t4, ra\n\t"
/* (MULH(4 acc, m) + chi4 - 2 [acc < 0]) >> (e + 1) (tnm_opt_rq4) */
#define RV_DW_RQ4                                                                          \
        "slli t2, t3, 2\n\t"                                                               \
        "mulh t4, t2, s10\n\t"                                                             \
        "srai t5, t3, 31\n\t"                                                              \
        "slli t5, t5, 1\n\t"                                                               \
        "add t4, t4, t5\n\t"                                                               \
        "add t4, t4, s11\n\t"                                                              \
        "sra t4, t4, ra\n\t"
/* The rv_dw_row fields into registers (a1 in, a4 out, t0 n, a3 in_step, a2 row_step, a5
 * out_step, s0-s8 the weights, s9 folded, s10 m, s11 chi, ra e1, a6/a7 the range), the
 * callee-saved ones kept on the stack; and back. */
#define RV_DW_ENTER                                                                        \
    "addi sp, sp, -64\n\t"                                                                 \
    "sw ra, 0(sp)\n\tsw s0, 4(sp)\n\tsw s1, 8(sp)\n\tsw s2, 12(sp)\n\t"                     \
    "sw s3, 16(sp)\n\tsw s4, 20(sp)\n\tsw s5, 24(sp)\n\tsw s6, 28(sp)\n\t"                  \
    "sw s7, 32(sp)\n\tsw s8, 36(sp)\n\tsw s9, 40(sp)\n\tsw s10, 44(sp)\n\t"                 \
    "sw s11, 48(sp)\n\t"                                                                   \
    "lw a1, 0(a0)\n\tlw a4, 4(a0)\n\tlw t0, 8(a0)\n\tlw a3, 12(a0)\n\t"                     \
    "lw a2, 16(a0)\n\tlw a5, 20(a0)\n\t"                                                    \
    "lw s0, 24(a0)\n\tlw s1, 28(a0)\n\tlw s2, 32(a0)\n\tlw s3, 36(a0)\n\t"                  \
    "lw s4, 40(a0)\n\tlw s5, 44(a0)\n\tlw s6, 48(a0)\n\tlw s7, 52(a0)\n\t"                  \
    "lw s8, 56(a0)\n\tlw s9, 60(a0)\n\tlw s10, 64(a0)\n\tlw s11, 68(a0)\n\t"                \
    "lw ra, 72(a0)\n\tlw a6, 76(a0)\n\tlw a7, 80(a0)\n\t"
#define RV_DW_LEAVE                                                                        \
    "lw ra, 0(sp)\n\tlw s0, 4(sp)\n\tlw s1, 8(sp)\n\tlw s2, 12(sp)\n\t"                     \
    "lw s3, 16(sp)\n\tlw s4, 20(sp)\n\tlw s5, 24(sp)\n\tlw s6, 28(sp)\n\t"                  \
    "lw s7, 32(sp)\n\tlw s8, 36(sp)\n\tlw s9, 40(sp)\n\tlw s10, 44(sp)\n\t"                 \
    "lw s11, 48(sp)\n\t"                                                                   \
    "addi sp, sp, 64\n\t"                                                                  \
    "ret\n\t"
#define RV_DW_COLUMN(RQ)                                                                   \
    __asm__ volatile( \
        RV_DW_ENTER \
        "mul t0, t0, a5\n\t" \
        "add t0, t0, a4\n\t"        /* end = out + n * out_step */ \
        "lui t6, 0x40000\n\t"       /* 2^30 */ \
        "1:\n\t" \
        "lb t2, 0(a1)\n\tmul t2, t2, s0\n\tadd t3, s9, t2\n\t" \
        RV_DW_TAP("a1", 4, "s1") RV_DW_TAP("a1", 8, "s2") \
        "add t4, a1, a2\n\t" \
        RV_DW_TAP("t4", 0, "s3") RV_DW_TAP("t4", 4, "s4") RV_DW_TAP("t4", 8, "s5") \
        "add t4, t4, a2\n\t" \
        RV_DW_TAP("t4", 0, "s6") RV_DW_TAP("t4", 4, "s7") RV_DW_TAP("t4", 8, "s8") \
        RQ \
        "blt t4, a6, 3f\n\t" \
        "bgt t4, a7, 4f\n\t" \
        "2:\n\t" \
        "sb t4, 0(a4)\n\t" \
        "add a4, a4, a5\n\t" \
        "add a1, a1, a3\n\t" \
        "bne a4, t0, 1b\n\t" \
        RV_DW_LEAVE \
        "3:\n\tmv t4, a6\n\tj 2b\n\t" \
        "4:\n\tmv t4, a7\n\tj 2b\n\t")
__attribute__((naked, noinline)) static void rv_dw_fast_column(__attribute__((unused)) const rv_dw_row *a)
{
    RV_DW_COLUMN(RV_DW_RQ);
}
__attribute__((naked, noinline)) static void rv_dw_fast_column4(__attribute__((unused)) const rv_dw_row *a)
{
    RV_DW_COLUMN(RV_DW_RQ4);
}
#undef RV_DW_COLUMN
#undef RV_DW_RQ
#undef RV_DW_RQ4
/* Two outputs a pass for runs whose outputs are one tap apart (stride 1 along the run): the
 * taps they share are loaded once (12 LB for 18 MUL + 18 ADD), one-MULH requantization;
 * 77 instructions per 2 outputs, an odd last output alone (as rv_dw_fast_column4). DOWN: the
 * run goes down a column (in_step = row_step); else along a row (in_step = 4). n >= 2. acc0
 * in t3, acc1 in t1. */
#define RV_DW_A0(ptr, off, k) "lb t2, " #off "(" ptr ")\n\tmul t5, t2, " k "\n\tadd t3, t3, t5\n\t"
#define RV_DW_A1(ptr, off, k) "lb t2, " #off "(" ptr ")\n\tmul t5, t2, " k "\n\tadd t1, t1, t5\n\t"
#define RV_DW_SH(ptr, off, k0, k1)                                                         \
    "lb t2, " #off "(" ptr ")\n\tmul t5, t2, " k0 "\n\tadd t3, t3, t5\n\t"                 \
    "mul t5, t2, " k1 "\n\tadd t1, t1, t5\n\t"
#define RV_DW_RQ4_OF(acc)                                                                  \
    "slli t2, " acc ", 2\n\t"                                                              \
    "mulh t4, t2, s10\n\t"                                                                 \
    "srai t5, " acc ", 31\n\t"                                                             \
    "slli t5, t5, 1\n\t"                                                                   \
    "add t4, t4, t5\n\t"                                                                   \
    "add t4, t4, s11\n\t"                                                                  \
    "sra t4, t4, ra\n\t"
#define RV_DW_PAIR_DOWN                                                                    \
    RV_DW_A0("a1", 0, "s0") RV_DW_A0("a1", 4, "s1") RV_DW_A0("a1", 8, "s2")                 \
    "add t4, a1, a2\n\t"                                                                   \
    RV_DW_SH("t4", 0, "s3", "s0") RV_DW_SH("t4", 4, "s4", "s1") RV_DW_SH("t4", 8, "s5", "s2") \
    "add t4, t4, a2\n\t"                                                                   \
    RV_DW_SH("t4", 0, "s6", "s3") RV_DW_SH("t4", 4, "s7", "s4") RV_DW_SH("t4", 8, "s8", "s5") \
    "add t4, t4, a2\n\t"                                                                   \
    RV_DW_A1("t4", 0, "s6") RV_DW_A1("t4", 4, "s7") RV_DW_A1("t4", 8, "s8")
#define RV_DW_PAIR_ROW(ptr, k0, k1, k2)                                                    \
    RV_DW_A0(ptr, 0, k0) RV_DW_SH(ptr, 4, k1, k0) RV_DW_SH(ptr, 8, k2, k1) RV_DW_A1(ptr, 12, k2)
#define RV_DW_PAIR_ALONG                                                                   \
    RV_DW_PAIR_ROW("a1", "s0", "s1", "s2")                                                   \
    "add t4, a1, a2\n\t"                                                                   \
    RV_DW_PAIR_ROW("t4", "s3", "s4", "s5")                                                   \
    "add t4, t4, a2\n\t"                                                                   \
    RV_DW_PAIR_ROW("t4", "s6", "s7", "s8")
#define RV_DW_PAIRS(BODY)                                                                  \
    __asm__ volatile(                                                                      \
        RV_DW_ENTER                                                                     \
        "andi t6, t0, 1\n\t"                                                               \
        "andi t0, t0, -2\n\t"                                                              \
        "mul t0, t0, a5\n\t"                                                               \
        "add t0, t0, a4\n\t"                                                               \
        "slli a3, a3, 1\n\t"                                                               \
        "1:\n\t"                                                                           \
        "mv t3, s9\n\t"                                                                    \
        "mv t1, s9\n\t"                                                                    \
        BODY                                                                               \
        RV_DW_RQ4_OF("t3")                                                                 \
        "blt t4, a6, 3f\n\t"                                                               \
        "bgt t4, a7, 4f\n\t"                                                               \
        "2:\n\t"                                                                           \
        "sb t4, 0(a4)\n\t"                                                                 \
        "add a4, a4, a5\n\t"                                                               \
        RV_DW_RQ4_OF("t1")                                                                 \
        "blt t4, a6, 5f\n\t"                                                               \
        "bgt t4, a7, 6f\n\t"                                                               \
        "7:\n\t"                                                                           \
        "sb t4, 0(a4)\n\t"                                                                 \
        "add a4, a4, a5\n\t"                                                               \
        "add a1, a1, a3\n\t"                                                               \
        "bne a4, t0, 1b\n\t"                                                               \
        "beqz t6, 9f\n\t" /* an odd n: the last output alone */                             \
        "mv t3, s9\n\t"                                                                    \
        RV_DW_TAP("a1", 0, "s0") RV_DW_TAP("a1", 4, "s1") RV_DW_TAP("a1", 8, "s2")          \
        "add t4, a1, a2\n\t"                                                               \
        RV_DW_TAP("t4", 0, "s3") RV_DW_TAP("t4", 4, "s4") RV_DW_TAP("t4", 8, "s5")          \
        "add t4, t4, a2\n\t"                                                               \
        RV_DW_TAP("t4", 0, "s6") RV_DW_TAP("t4", 4, "s7") RV_DW_TAP("t4", 8, "s8")          \
        RV_DW_RQ4_OF("t3")                                                                 \
        "blt t4, a6, 10f\n\t"                                                              \
        "bgt t4, a7, 11f\n\t"                                                              \
        "8:\n\t"                                                                           \
        "sb t4, 0(a4)\n\t"                                                                 \
        "9:\n\t"                                                                           \
        RV_DW_LEAVE                                                                     \
        "3:\n\tmv t4, a6\n\tj 2b\n\t"                                                        \
        "4:\n\tmv t4, a7\n\tj 2b\n\t"                                                        \
        "5:\n\tmv t4, a6\n\tj 7b\n\t"                                                        \
        "6:\n\tmv t4, a7\n\tj 7b\n\t"                                                        \
        "10:\n\tmv t4, a6\n\tj 8b\n\t"                                                       \
        "11:\n\tmv t4, a7\n\tj 8b\n\t")
__attribute__((naked, noinline)) static void rv_dw_pairs_down(__attribute__((unused)) const rv_dw_row *a)
{
    RV_DW_PAIRS(RV_DW_PAIR_DOWN);
}
__attribute__((naked, noinline)) static void rv_dw_pairs_along(__attribute__((unused)) const rv_dw_row *a)
{
    RV_DW_PAIRS(RV_DW_PAIR_ALONG);
}
#undef RV_DW_PAIRS
#undef RV_DW_ENTER
#undef RV_DW_LEAVE
#undef RV_DW_PAIR_ALONG
#undef RV_DW_PAIR_ROW
#undef RV_DW_PAIR_DOWN
#undef RV_DW_RQ4_OF
#undef RV_DW_SH
#undef RV_DW_A1
#undef RV_DW_A0
#else
static void rv_dw_fast_column(const rv_dw_row *a)
{
    const int8_t *r0 = a->in;
    const int32_t rs = a->row_step, is = a->in_step, os = a->out_step;
    const int32_t k00 = a->k[0], k01 = a->k[1], k02 = a->k[2], k10 = a->k[3], k11 = a->k[4];
    const int32_t k12 = a->k[5], k20 = a->k[6], k21 = a->k[7], k22 = a->k[8];
    const uint32_t folded = a->folded;
    const int32_t m = a->m, chi = a->chi, e1 = a->e1, lo = a->act_min, hi = a->act_max;
    int8_t *out = a->out;
    int8_t *const end = out + a->n * os;
    do {
        const int8_t *r1 = r0 + rs, *r2 = r1 + rs;
        uint32_t acc = folded;
        acc += (uint32_t)(k00 * r0[0] + k01 * r0[4] + k02 * r0[8]);
        acc += (uint32_t)(k10 * r1[0] + k11 * r1[4] + k12 * r1[8]);
        acc += (uint32_t)(k20 * r2[0] + k21 * r2[4] + k22 * r2[8]);
        if (a->rq4) {
            const int32_t v = tnm_opt_rq4(acc, m, chi, e1);
            *out = (int8_t)(v < lo ? lo : v > hi ? hi : v);
        } else {
            *out = (int8_t)rv_out((int32_t)acc, m, chi, e1, lo, hi);
        }
        r0 += is;
        out += os;
    } while (out != end);
}
static void rv_dw_fast_column4(const rv_dw_row *a) { rv_dw_fast_column(a); }
/* (the pairs compute what the column does) */
static void rv_dw_pairs_down(const rv_dw_row *a) { rv_dw_fast_column(a); }
static void rv_dw_pairs_along(const rv_dw_row *a) { rv_dw_fast_column(a); }

#endif

/* Any filter, two outputs of a run (x0, x1 = x0 + the run's input step): one row of fw taps
 * tap_x bytes apart into *a0, *a1, each weight loaded once. FW: a constant (unrolled, taps 4
 * bytes apart) or 0 (fw, tap_x). */
static inline __attribute__((always_inline)) void rv_dw_taps2(const int8_t *x0, const int8_t *x1, const int8_t *k,
                                                              int32_t fw, int32_t tap_x, const int32_t FW,
                                                              uint32_t *a0, uint32_t *a1)
{
    uint32_t s0 = *a0, s1 = *a1;
    int32_t fx;
    if (FW > 0) {
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 8
#endif
        for (fx = 0; fx < FW; ++fx) {
            const int32_t w = k[fx];
            s0 += (uint32_t)(w * x0[4 * fx]);
            s1 += (uint32_t)(w * x1[4 * fx]);
        }
    } else {
        for (fx = 0; fx < fw; ++fx, x0 += tap_x, x1 += tap_x) {
            const int32_t w = k[fx];
            s0 += (uint32_t)(w * *x0);
            s1 += (uint32_t)(w * *x1);
        }
    }
    *a0 = s0;
    *a1 = s1;
}

static inline int8_t rv_dw_out(const rv_dw_row *a, uint32_t acc, int32_t output_offset)
{
    return a->fast ? (int8_t)rv_out((int32_t)acc, a->m, a->chi, a->e1, a->act_min, a->act_max)
                   : tnm_opt_output((int32_t)acc, a->m, -a->e1 - 1, output_offset, a->act_min, a->act_max);
}

/* The n outputs of a run (a->in, a->out, steps as rv_dw_row), two at a time, any filter: k
 * the channel's fh x fw weights, taps tap_x bytes apart along a row, rows tap_y apart (a
 * lone last output computed twice, stored once). */
static inline __attribute__((always_inline)) void rv_dw_any_body(const rv_dw_row *a, const int8_t *k, int32_t fh,
                                                                 int32_t fw, int32_t tap_x, int32_t tap_y,
                                                                 int32_t output_offset, const int32_t FW)
{
    const int8_t *r0 = a->in;
    int8_t *out = a->out;
    const int32_t is = a->in_step, os = a->out_step;
    int32_t oy, fy;
    for (oy = 0; oy < a->n; oy += 2, r0 += 2 * is, out += 2 * os) {
        uint32_t acc0 = a->folded, acc1 = a->folded;
        const int8_t *row = r0, *kr = k;
        const int32_t pair = oy + 1 < a->n;
        const int8_t *row1 = pair ? r0 + is : r0; /* a lone last output: itself twice */
        for (fy = 0; fy < fh; ++fy, row += tap_y, row1 += tap_y, kr += fw)
            rv_dw_taps2(row, row1, kr, fw, tap_x, FW, &acc0, &acc1);
        out[0] = rv_dw_out(a, acc0, output_offset);
        if (pair) out[os] = rv_dw_out(a, acc1, output_offset);
    }
}

__attribute__((noinline)) static void rv_dw_any_column(const rv_dw_row *a, const int8_t *k, int32_t fh, int32_t fw, int32_t tap_x,
                             int32_t tap_y, int32_t output_offset)
{
    if (tap_x == 4) { /* undilated rows: the common widths unrolled */
        switch (fw) {
        case 1: rv_dw_any_body(a, k, fh, 1, 4, tap_y, output_offset, 1); return;
        case 2: rv_dw_any_body(a, k, fh, 2, 4, tap_y, output_offset, 2); return;
        case 3: rv_dw_any_body(a, k, fh, 3, 4, tap_y, output_offset, 3); return;
        case 5: rv_dw_any_body(a, k, fh, 5, 4, tap_y, output_offset, 5); return;
        case 7: rv_dw_any_body(a, k, fh, 7, 4, tap_y, output_offset, 7); return;
        default: break;
        }
    }
    rv_dw_any_body(a, k, fh, fw, tap_x, tap_y, output_offset, 0);
}

/* Taps of one axis inside the input, over all outputs (the planes compute every tap). */
static int64_t rv_dw_taps_inside(int32_t out_n, int32_t stride, int32_t pad, int32_t dilation, int32_t in_n,
                                 int32_t f)
{
    int64_t inside = 0;
    int32_t o;
    for (o = 0; o < out_n; ++o) {
        int32_t t0, t1;
        tnm_tap_range(o * stride - pad, dilation, in_n, f, &t0, &t1);
        inside += t1 > t0 ? t1 - t0 : 0;
    }
    return inside;
}

/* Returns 0 (nothing written) when the call does not qualify. */
static int depthwise_planes(const tnm_conv_params *params, const tnm_quant *quant,
                            const tnm_dims *input, const int8_t *input_data,
                            const tnm_dims *filter, const int8_t *filter_data, const int32_t *bias,
                            const tnm_dims *output, int8_t *output_data, int descending)
{
    /* the plane; other filters than 3x3 keep the group's weights (lane by lane) at its end */
    uint32_t plane[DW_PLANE / 4];
    int8_t *const k8 = (int8_t *)plane + (DW_PLANE - 4 * RV_DW_TAPS);
    const int32_t ch = input->c, in_h = input->h, in_w = input->w;
    const int32_t out_h = output->h, out_w = output->w;
    const int32_t fh = filter->h, fw = filter->w, taps = fh * fw;
    const int32_t stride_h = params->stride_h, stride_w = params->stride_w;
    const int32_t dil_h = params->dilation_h, dil_w = params->dilation_w;
    const int32_t pad_h = params->pad_h, pad_w = params->pad_w;
    const int32_t input_offset = params->input_offset, output_offset = params->output_offset;
    const int32_t off2p1 = 2 * output_offset + 1;
    const uint32_t pad4 = ((uint32_t)-input_offset & 0xFFu) * 0x01010101u;
    const int64_t span_h = (int64_t)(fh - 1) * dil_h + 1;
    const int64_t width64 = (int64_t)(out_w - 1) * stride_w + (int64_t)(fw - 1) * dil_w + 1;
    const int plain3 = fh == 3 && fw == 3 && dil_h == 1 && dil_w == 1; /* the assembly's */
    const int32_t plane_bytes = plain3 ? DW_PLANE : DW_PLANE - 4 * RV_DW_TAPS;
    /* every pixel's group is aligned when the input and the channel count are */
    const int aligned = ((uintptr_t)input_data & 3) == 0 && (ch & 3) == 0;
    int32_t width, band, keep_rows, c0, x_lo, x_hi;
    /* fewer than 4 output positions (a streaming model's k x 1 over one frame): too little
     * to amortize a group's weights and plane, the reference costs less */
    if (params->depth_multiplier != 1 || ch < 4 || taps > RV_DW_TAPS || width64 * span_h * 4 > plane_bytes ||
        (int64_t)out_h * out_w < 4)
        return 0;
    /* mostly padding (large filters over small images): the reference, which skips those
     * taps, costs less per tap inside than ~2.5 planes taps (both in C here) */
    if (5 * rv_dw_taps_inside(out_h, stride_h, pad_h, dil_h, in_h, fh) * rv_dw_taps_inside(out_w, stride_w, pad_w, dil_w, in_w, fw) <
        2 * (int64_t)out_h * fh * out_w * fw)
        return 0;
    width = (int32_t)width64;
    band = (int32_t)((plane_bytes / 4 / width - span_h) / stride_h + 1); /* output rows per plane */
    /* rows two bands in a row share (the next band starts band * stride_h rows later) */
    keep_rows = span_h > stride_h ? (int32_t)span_h - stride_h : 0;
    /* plane columns [x_lo, x_hi) hold input columns 0.. (the rest is padding) */
    x_lo = pad_w < width ? pad_w : width;
    x_hi = (int64_t)pad_w + in_w < width ? pad_w + in_w : width;
    for (c0 = 0; c0 < ch; c0 += 4) {
        /* the last group ends at the last channel; its lanes before lane_from were done */
        const int32_t base = c0 + 4 <= ch ? c0 : ch - 4, lane_from = c0 - base;
        rv_dw_row rows[4];
        int32_t j, t, b, oy0, pi;
        const int32_t planes = (out_h + band - 1) / band;
        for (j = lane_from; j < 4; ++j) {
            const int32_t c = base + j, s = quant->shift[c];
            const int8_t *w = filter_data + c;
            int32_t sum = 0;
            if (plain3) {
                for (t = 0; t < 9; ++t, w += ch) sum += rows[j].k[t] = *w;
            } else {
                for (t = 0; t < taps; ++t, w += ch) sum += k8[j * RV_DW_TAPS + t] = *w;
            }
            /* sum(w * input_offset) wraps like the reference's per-tap adds */
            rows[j].folded = (bias != 0 ? (uint32_t)bias[c] : 0u) + (uint32_t)sum * (uint32_t)input_offset;
            rows[j].m = quant->multiplier[c];
            rows[j].chi = tnm_opt_rq_fast_ok(s) ? tnm_opt_rq_chi(off2p1, s) : 0;
            rows[j].e1 = -s - 1;
            rows[j].fast = tnm_opt_rq_fast_ok(s);
            { /* the one-MULH form: |sum| <= |folded| + 9 * 128 * 128 < 2^29 (3x3) */
                const uint32_t f = rows[j].folded, mag = (int32_t)f < 0 ? 0u - f : f;
                rows[j].rq4 = plain3 && tnm_opt_rq4_ok(s) && mag < (1u << 29) - 9u * 16384u;
            }
            if (rows[j].rq4) {
                rows[j].chi = tnm_opt_rq4_chi(output_offset, s);
                rows[j].e1 = -s + 1;
            }
            rows[j].act_min = params->act_min;
            rows[j].act_max = params->act_max;
            rows[j].row_step = 4 * width; /* (in_step, out_step: per band, the runs' way) */
        }
        for (b = 0; b < output->n; ++b) {
            for (pi = 0; pi < planes; ++pi) {
                /* planes in order, or last to first (tnm_depthwise_conv_s8_rows) */
                const int32_t rows_out = out_h - (oy0 = (descending ? planes - 1 - pi : pi) * band) < band
                                             ? out_h - oy0 : band;
                const int32_t rows_in = (rows_out - 1) * stride_h + (int32_t)span_h;
                const int32_t y_first = oy0 * stride_h - pad_h;
                /* the rows this plane shares with the one before (in the call's order) stay
                 * in the plane, moved: every input row is read once, before the first output
                 * row that reads it is written (in place, tnm_depthwise_conv_s8_rows) */
                const int32_t keep = pi > 0 ? keep_rows : 0;
                int32_t r, r_end = rows_in, xp, ox;
                uint32_t *dst = plane;
                if (keep > 0 && !descending) { /* the last rows of the (full) plane before, down */
                    const uint32_t *from = plane + ((band - 1) * stride_h + (int32_t)span_h - keep) * width;
                    for (xp = 0; xp < keep * width; ++xp) plane[xp] = from[xp];
                    dst += keep * width;
                } else if (keep > 0) { /* the first rows of the plane after, up (last word first) */
                    uint32_t *to = plane + (rows_in - keep) * width;
                    for (xp = keep * width - 1; xp >= 0; --xp) to[xp] = plane[xp];
                    r_end = rows_in - keep;
                }
                for (r = keep > 0 && !descending ? keep : 0; r < r_end; ++r) {
                    const int32_t y = y_first + r;
                    if (y < 0 || y >= in_h) {
                        for (xp = 0; xp < width; ++xp) dst[xp] = pad4;
                    } else {
                        const int8_t *src = input_data + ((b * in_h + y) * in_w) * ch + base;
                        for (xp = 0; xp < x_lo; ++xp) dst[xp] = pad4;
                        if (aligned) {
                            for (; xp < x_hi; ++xp) {
                                dst[xp] = rv_read4_aligned(src);
                                src += ch;
                            }
                        } else {
                            for (; xp < x_hi; ++xp) {
                                dst[xp] = tnm_opt_read4(src);
                                src += ch;
                            }
                        }
                        for (; xp < width; ++xp) dst[xp] = pad4;
                    }
                    dst += width;
                }
                /* runs of outputs per call along the longer way of the band: down its columns
                 * (rows_out outputs each), or along its rows (out_w each: a band of few rows,
                 * wide images at stride 2) */
                const int along_rows = rows_out < out_w;
                const int32_t runs = along_rows ? rows_out : out_w;
                for (j = lane_from; j < 4; ++j) {
                    rows[j].in_step = along_rows ? 4 * stride_w : 4 * width * stride_h;
                    rows[j].out_step = along_rows ? ch : out_w * ch;
                }
                const int32_t in_run = along_rows ? stride_h * 4 * width : stride_w * 4;
                const int32_t out_run = (along_rows ? out_w : 1) * ch, n_run = along_rows ? out_w : rows_out;
                const int8_t *in = (const int8_t *)plane;
                int8_t *out = output_data + (b * out_h + oy0) * out_w * ch + base;
                for (ox = 0; ox < runs; ++ox, in += in_run, out += out_run) { /* a column, or a row */
                    for (j = lane_from; j < 4; ++j) {
                        rv_dw_row *a = &rows[j];
                        a->in = in + j;
                        a->out = out + j;
                        a->n = n_run;
                        if (plain3 && a->rq4 && a->n >= 2 && (a->in_step == a->row_step || a->in_step == 4)) {
                            /* stride 1 along the run: two outputs a pass */
                            if (a->in_step == 4) rv_dw_pairs_along(a);
                            else rv_dw_pairs_down(a);
                        } else if (plain3 && a->rq4) {
                            rv_dw_fast_column4(a);
                        } else if (plain3 && a->fast) {
                            rv_dw_fast_column(a);
                        } else if (plain3) { /* a shift outside the fast form: its weights as bytes */
                            int8_t k9[9];
                            for (t = 0; t < 9; ++t) k9[t] = (int8_t)a->k[t];
                            rv_dw_any_column(a, k9, 3, 3, 4, 4 * width, output_offset);
                        } else {
                            rv_dw_any_column(a, k8 + j * RV_DW_TAPS, fh, fw, 4 * dil_w, 4 * width * dil_h,
                                             output_offset);
                        }
                    }
                }
            }
        }
    }
    return 1;
}

/* Row order for in-place execution (tnm_depthwise_conv_s8_rows): per group of 4 channels
 * the planes run down the rows (or up), each input row copied once (the rows two planes
 * share kept in the plane) before the output rows that read it are written, only the
 * group's channels touched. */
int tnm_depthwise_conv_s8_rv32_rows(const tnm_conv_params *params, const tnm_quant *quant,
                                    const tnm_dims *input, const int8_t *input_data,
                                    const tnm_dims *filter, const int8_t *filter_data,
                                    const int32_t *bias, const tnm_dims *output,
                                    int8_t *output_data, void *scratch, int descending)
{
    if (tnm_depthwise_conv_s8_check(params, quant, input, input_data, filter, filter_data, bias,
                                    output, output_data, scratch) != TNM_OK)
        return 0;
    return depthwise_planes(params, quant, input, input_data, filter, filter_data, bias, output, output_data,
                            descending);
}

tnm_status tnm_depthwise_conv_s8_rv32(const tnm_conv_params *params, const tnm_quant *quant,
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
    if (depthwise_planes(params, quant, input, input_data, filter, filter_data, bias, output, output_data, 0)) {
        return TNM_OK;
    }
    return tnm_depthwise_conv_s8_ref(params, quant, input, input_data, filter, filter_data, bias,
                                     output, output_data, scratch);
}

/* ---- FULLY_CONNECTED: 8 rows per pass (symmetric weights), one input byte (offset
 * added once) shared by the 8 rows: per 8 inputs 8 x (LB, ADD) + 64 x (LB, MUL, ADD)
 * + 10 pointer steps = 218 instructions per 64 MACs; the rest of the rows 4 per pass. */
typedef struct {
    const int8_t *x;  /* 0: input */
    const int8_t *w;  /* 4: the first of the 8 rows */
    int32_t depth;    /* 8: bytes between rows */
    int32_t n8;       /* 12: depth / 8 */
    int32_t n1;       /* 16: depth % 8 */
    int32_t off;      /* 20: input offset */
    uint32_t acc[8];  /* 24: start values in, sums out */
} rv_fc_args;

#if RV_ASM
#define RV_FC_ROW(i, r, acc) "lb t5, " #i "(" r ")\n\tmul t6, t4, t5\n\tadd " acc ", " acc ", t6\n\t"
#define RV_FC_X(i)                                                                          \
    "lb t4, " #i "(t1)\n\tadd t4, t4, t3\n\t"                                               \
    RV_FC_ROW(i, "a1", "s0") RV_FC_ROW(i, "a2", "s1") RV_FC_ROW(i, "a3", "s2")             \
    RV_FC_ROW(i, "a4", "s3") RV_FC_ROW(i, "a5", "s4") RV_FC_ROW(i, "a6", "s5")             \
    RV_FC_ROW(i, "a7", "s6") RV_FC_ROW(i, "t0", "s7")
#define RV_FC_STEP(n)                                                                       \
    "addi a1, a1, " #n "\n\taddi a2, a2, " #n "\n\taddi a3, a3, " #n "\n\t"                \
    "addi a4, a4, " #n "\n\taddi a5, a5, " #n "\n\taddi a6, a6, " #n "\n\t"                \
    "addi a7, a7, " #n "\n\taddi t0, t0, " #n "\n\taddi t1, t1, " #n "\n\t"

__attribute__((naked, noinline)) static void rv_fc_rows8(__attribute__((unused)) rv_fc_args *a)
{
    __asm__ volatile(
        "addi sp, sp, -48\n\t"
        "sw s0, 0(sp)\n\tsw s1, 4(sp)\n\tsw s2, 8(sp)\n\tsw s3, 12(sp)\n\t"
        "sw s4, 16(sp)\n\tsw s5, 20(sp)\n\tsw s6, 24(sp)\n\tsw s7, 28(sp)\n\t"
        "sw a0, 32(sp)\n\t"
        "lw s0, 24(a0)\n\tlw s1, 28(a0)\n\tlw s2, 32(a0)\n\tlw s3, 36(a0)\n\t"
        "lw s4, 40(a0)\n\tlw s5, 44(a0)\n\tlw s6, 48(a0)\n\tlw s7, 52(a0)\n\t"
        "lw t1, 0(a0)\n\t"
        "lw a1, 4(a0)\n\t"
        "lw t2, 8(a0)\n\t"
        "add a2, a1, t2\n\tadd a3, a2, t2\n\tadd a4, a3, t2\n\tadd a5, a4, t2\n\t"
        "add a6, a5, t2\n\tadd a7, a6, t2\n\tadd t0, a7, t2\n\t"
        "lw t3, 20(a0)\n\t"
        "lw t2, 12(a0)\n\t"
        "slli t2, t2, 3\n\t"
        "add t2, t2, t1\n\t"       /* end of the 8-input blocks */
        "beq t1, t2, 2f\n\t"
        "1:\n\t"
        RV_FC_X(0) RV_FC_X(1) RV_FC_X(2) RV_FC_X(3)
        RV_FC_X(4) RV_FC_X(5) RV_FC_X(6) RV_FC_X(7)
        RV_FC_STEP(8)
        "bne t1, t2, 1b\n\t"
        "2:\n\t"
        "lw t2, 16(a0)\n\t"
        "add t2, t2, t1\n\t"       /* end of the input */
        "beq t1, t2, 4f\n\t"
        "3:\n\t"
        RV_FC_X(0)
        RV_FC_STEP(1)
        "bne t1, t2, 3b\n\t"
        "4:\n\t"
        "lw a0, 32(sp)\n\t"
        "sw s0, 24(a0)\n\tsw s1, 28(a0)\n\tsw s2, 32(a0)\n\tsw s3, 36(a0)\n\t"
        "sw s4, 40(a0)\n\tsw s5, 44(a0)\n\tsw s6, 48(a0)\n\tsw s7, 52(a0)\n\t"
        "lw s0, 0(sp)\n\tlw s1, 4(sp)\n\tlw s2, 8(sp)\n\tlw s3, 12(sp)\n\t"
        "lw s4, 16(sp)\n\tlw s5, 20(sp)\n\tlw s6, 24(sp)\n\tlw s7, 28(sp)\n\t"
        "addi sp, sp, 48\n\t"
        "ret\n\t");
}
#else
static void rv_fc_rows8(rv_fc_args *a)
{
    const int32_t n = 8 * a->n8 + a->n1;
    int32_t i, r;
    for (i = 0; i < n; ++i) {
        const int32_t x = a->x[i] + a->off;
        for (r = 0; r < 8; ++r) a->acc[r] += (uint32_t)(x * a->w[r * a->depth + i]);
    }
}
#endif

/* ---- FULLY_CONNECTED: 4 output channels per pass, one input byte shared by four
 * weights. ---- */
tnm_status tnm_fully_connected_s8_rv32(const tnm_fc_params *params, const tnm_quant *quant,
                                       int32_t quant_count,
                                       int32_t batches, int32_t accum_depth, int32_t output_depth,
                                       const int8_t *input_data, const int8_t *filter_data,
                                       const int32_t *bias, int8_t *output_data)
{
    const tnm_status status =
        tnm_fully_connected_s8_check(params, quant, quant_count, batches, accum_depth, output_depth,
                                     input_data, filter_data, bias, output_data);
    if (status != TNM_OK) return status;
    {
        const int32_t input_offset = params->input_offset, filter_offset = params->filter_offset;
        const int32_t output_offset = params->output_offset;
        const int32_t act_min = params->act_min, act_max = params->act_max;
        const int32_t last = output_depth - 1;
        int32_t b, oc;
        for (b = 0; b < batches; ++b) {
            const int8_t *in_row = input_data + b * accum_depth;
            int8_t *out = output_data + b * output_depth;
            /* 8 rows per pass; a weight zero point adds filter_offset * sum(x + offset)
             * to every row */
            uint32_t badd = 0;
            int32_t i;
            if (filter_offset != 0) {
                for (i = 0; i < accum_depth; ++i) badd += (uint32_t)(in_row[i] + input_offset);
                badd *= (uint32_t)filter_offset;
            }
            oc = 0;
            {
                for (; oc + 8 <= output_depth; oc += 8) {
                    rv_fc_args a;
                    int32_t j;
                    a.x = in_row;
                    a.w = filter_data + oc * accum_depth;
                    a.depth = accum_depth;
                    a.n8 = accum_depth >> 3;
                    a.n1 = accum_depth & 7;
                    a.off = input_offset;
                    for (j = 0; j < 8; ++j) a.acc[j] = (bias != 0 ? (uint32_t)bias[oc + j] : 0u) + badd;
                    rv_fc_rows8(&a);
                    for (j = 0; j < 8; ++j) {
                        const int32_t q = quant_count == 1 ? 0 : oc + j;
                        const int32_t m = quant->multiplier[q], sh = quant->shift[q];
                        out[oc + j] =
                            tnm_opt_rq_fast_ok(sh)
                                ? (int8_t)rv_out((int32_t)a.acc[j], m,
                                                 tnm_opt_rq_chi(2 * output_offset + 1, sh), -sh - 1,
                                                 act_min, act_max)
                                : tnm_opt_output((int32_t)a.acc[j], m, sh, output_offset, act_min,
                                                 act_max);
                    }
                }
            }
            for (; oc < output_depth; oc += 4) {
                const int32_t c1 = oc + 1 < last ? oc + 1 : last;
                const int32_t c2 = oc + 2 < last ? oc + 2 : last;
                const int32_t c3 = oc + 3 < last ? oc + 3 : last;
                const int8_t *w0 = filter_data + oc * accum_depth;
                const int8_t *w1 = filter_data + c1 * accum_depth;
                const int8_t *w2 = filter_data + c2 * accum_depth;
                const int8_t *w3 = filter_data + c3 * accum_depth;
                uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                uint32_t acc[4];
                int32_t d, j;
                if (filter_offset == 0) { /* symmetric weights: the usual case */
                    /* 4 inputs per pass: loads at immediate offsets, one pointer step each */
                    const int8_t *x4 = in_row;
                    const int8_t *const x_end = in_row + (accum_depth & ~3);
                    const int8_t *p0 = w0, *p1 = w1, *p2 = w2, *p3 = w3;
                    for (; x4 != x_end; x4 += 4, p0 += 4, p1 += 4, p2 += 4, p3 += 4) {
                        const int32_t xa = x4[0] + input_offset, xb = x4[1] + input_offset;
                        const int32_t xc = x4[2] + input_offset, xd = x4[3] + input_offset;
                        a0 += (uint32_t)(xa * p0[0] + xb * p0[1] + xc * p0[2] + xd * p0[3]);
                        a1 += (uint32_t)(xa * p1[0] + xb * p1[1] + xc * p1[2] + xd * p1[3]);
                        a2 += (uint32_t)(xa * p2[0] + xb * p2[1] + xc * p2[2] + xd * p2[3]);
                        a3 += (uint32_t)(xa * p3[0] + xb * p3[1] + xc * p3[2] + xd * p3[3]);
                    }
                    for (d = accum_depth & ~3; d < accum_depth; ++d) {
                        const int32_t x = in_row[d] + input_offset;
                        a0 += (uint32_t)(x * w0[d]);
                        a1 += (uint32_t)(x * w1[d]);
                        a2 += (uint32_t)(x * w2[d]);
                        a3 += (uint32_t)(x * w3[d]);
                    }
                } else {
                    for (d = 0; d < accum_depth; ++d) {
                        const int32_t x = in_row[d] + input_offset;
                        a0 += (uint32_t)(x * (w0[d] + filter_offset));
                        a1 += (uint32_t)(x * (w1[d] + filter_offset));
                        a2 += (uint32_t)(x * (w2[d] + filter_offset));
                        a3 += (uint32_t)(x * (w3[d] + filter_offset));
                    }
                }
                acc[0] = a0;
                acc[1] = a1;
                acc[2] = a2;
                acc[3] = a3;
                for (j = 0; j < 4 && oc + j < output_depth; ++j) {
                    const int32_t q = quant_count == 1 ? 0 : oc + j;
                    const uint32_t total = acc[j] + (bias != 0 ? (uint32_t)bias[oc + j] : 0u);
                    out[oc + j] = tnm_opt_output((int32_t)total, quant->multiplier[q], quant->shift[q],
                                                 output_offset, act_min, act_max);
                }
            }
        }
    }
    return TNM_OK;
}

#endif
