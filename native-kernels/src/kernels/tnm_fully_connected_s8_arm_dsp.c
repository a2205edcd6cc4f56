/*
 * Cortex-M DSP-extension variant (ARMv7E-M, ARMv8-M Mainline with DSP) of FULLY_CONNECTED;
 * bit-exact with the reference kernel.
 *
 * On a host this file builds with portable C versions of the instructions
 * (tnm_kernels_opt.h) and the differential tests compare it with the reference.
 */
#include "tnm_arm_dsp_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

/* ---- FULLY_CONNECTED fast path: the input SXTAB16-extended once per call (offset
 * added) into a stack buffer, then 2 rows x 16 inputs per iteration: 2 LDM (input
 * words), 4 LDRD (weights), 16 SXTB16, 16 SMLAD = 40 instructions per 32 MACs, and the
 * 10-instruction requantization per output. Conditions: depth a multiple of 8 up to
 * FC_MAX_DEPTH, word-aligned weights, filter offset 0, a bias, every shift in the fast
 * form, an even number of rows; the activation range is applied afterwards. */
#define FC_MAX_DEPTH 640

typedef struct {
    const uint32_t *x;    /* 0: extended input, 8 words per 16 inputs */
    const int8_t *w;      /* 4: the row pair's first row */
    const int32_t *bias;  /* 8 */
    const int32_t *mult;  /* 12 */
    const int8_t *shift;  /* 16 */
    int8_t *out;          /* 20 */
    int32_t depth;        /* 24 */
    int32_t pairs;        /* 28: >= 1 */
    int32_t iters;        /* 32: depth / 16 */
    int32_t off2p1;       /* 36 */
    int32_t mult_step;    /* 40: 4 per channel, 0 per tensor */
    int32_t shift_step;   /* 44: 1 or 0 */
    int32_t half;         /* 48: 1 when depth % 16 == 8 (8 inputs before the loop) */
} fc_args;

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
/* requantize row acc with multiplier mreg and shift sreg (clobbered); r3 = off2p1,
 * r2 = output pointer */
#define FC_OUT(acc, mreg, sreg)                                                            \
    "mvn " sreg ", " sreg "\n\t"                                                           \
    "sub r11, " sreg ", #1\n\t"                                                            \
    "lsl r11, r3, r11\n\t"                                                                 \
    "and r0, " acc ", #0x80000000\n\t"                                                     \
    "orr r0, r0, #0x40000000\n\t"                                                          \
    "sub r1, r11, " acc ", lsr #31\n\t"                                                    \
    "smlal r0, r1, " acc ", " mreg "\n\t"                                                  \
    "asr r1, r1, " sreg "\n\t"                                                             \
    "ssat r1, #8, r1\n\t"                                                                  \
    "strb r1, [r2], #1\n\t"

__attribute__((naked, noinline)) static void fc_rows(fc_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "mov lr, r0\n\t"
        "0:\n\t"
        "ldr r11, [lr, #0]\n\t"
        "ldr r9, [lr, #4]\n\t"
        "ldr r12, [lr, #24]\n\t"
        "add r10, r9, r12\n\t"
        "ldr r8, [lr, #8]\n\t"
        "ldrd r4, r5, [r8], #8\n\t"
        "str r8, [lr, #8]\n\t"
        "ldr r12, [lr, #48]\n\t"
        "cmp r12, #0\n\t"
        "beq 2f\n\t"
        "ldm r11!, {r0, r1, r2, r3}\n\t"
        FC_ROW8("r4", "r9")
        FC_ROW8("r5", "r10")
        "2:\n\t"
        "ldr r12, [lr, #32]\n\t"
        "cmp r12, #0\n\t"
        "beq 3f\n\t"
        "1:\n\t"
        "ldm r11!, {r0, r1, r2, r3}\n\t"
        FC_ROW8("r4", "r9")
        FC_ROW8("r5", "r10")
        "ldm r11!, {r0, r1, r2, r3}\n\t"
        FC_ROW8("r4", "r9")
        FC_ROW8("r5", "r10")
        "subs r12, r12, #1\n\t"
        "bne 1b\n\t"
        "3:\n\t"
        "str r10, [lr, #4]\n\t"
        /* both rows' multipliers and shifts (steps 0: per tensor) */
        "ldr r8, [lr, #12]\n\t"
        "ldr r0, [lr, #40]\n\t"
        "ldr r9, [r8]\n\t"
        "ldr r6, [r8, r0]\n\t"
        "add r8, r8, r0, lsl #1\n\t"
        "str r8, [lr, #12]\n\t"
        "ldr r8, [lr, #16]\n\t"
        "ldr r1, [lr, #44]\n\t"
        "ldrsb r10, [r8]\n\t"
        "ldrsb r7, [r8, r1]\n\t"
        "add r8, r8, r1, lsl #1\n\t"
        "str r8, [lr, #16]\n\t"
        "ldr r3, [lr, #36]\n\t"
        "ldr r2, [lr, #20]\n\t"
        FC_OUT("r4", "r9", "r10")
        FC_OUT("r5", "r6", "r7")
        "str r2, [lr, #20]\n\t"
        "ldr r8, [lr, #28]\n\t"
        "subs r8, r8, #1\n\t"
        "str r8, [lr, #28]\n\t"
        "bne 0b\n\t"
        "pop {r4-r11, pc}\n\t");
}
#else
static void fc_rows(fc_args *a)
{
    int32_t pair, r, i;
    for (pair = 0; pair < a->pairs; ++pair) {
        for (r = 0; r < 2; ++r) {
            const int8_t *w = a->w + r * a->depth;
            uint32_t acc = (uint32_t)a->bias[r];
            int32_t m, s;
            for (i = 0; i < a->depth / 4; ++i) {
                const uint32_t wv = tnm_opt_read4(w + 4 * i);
                acc = tnm_smlad(a->x[2 * i], tnm_sxtb16(wv), acc);
                acc = tnm_smlad(a->x[2 * i + 1], tnm_sxtb16_ror8(wv), acc);
            }
            m = *a->mult;
            s = *a->shift;
            a->mult += a->mult_step / 4;
            a->shift += a->shift_step;
            *a->out++ = (int8_t)tnm_opt_sat8(
                tnm_opt_rq_fast((int32_t)acc, m, tnm_opt_rq_chi(a->off2p1, s), -s - 1));
        }
        a->w += 2 * a->depth;
        a->bias += 2;
    }
}
#endif

/* Rows [row, row_end) of one batch straight from the input (the offset added by
 * SXTAB16), two rows sharing each input word (an odd last row is computed twice, stored
 * once): 13 instructions per 8 MACs at any depth (a scalar tail), alignment, shift,
 * bias or none, weight zero point or none. */
static void fc_rows_direct(const tnm_fc_params *params, const tnm_quant *quant,
                           int32_t quant_count, int32_t depth, const int8_t *in,
                           const int8_t *filter_data, const int32_t *bias, int32_t row,
                           int32_t row_end, int8_t *out)
{
    const uint32_t off2 = packed_offset(params->input_offset);
    const uint32_t woff2 = packed_offset(params->filter_offset);
    const int32_t body = depth & ~3;
    for (; row < row_end; row += 2) {
        const int32_t r1 = row + 1 < row_end ? row + 1 : row;
        const int8_t *w0 = filter_data + row * depth, *w1 = filter_data + r1 * depth;
        uint32_t a0 = bias != 0 ? (uint32_t)bias[row] : 0u, a1 = bias != 0 ? (uint32_t)bias[r1] : 0u;
        int32_t i, k;
        for (i = 0; i < body; i += 4) {
            const uint32_t x = tnm_opt_read4(in + i);
            const uint32_t xl = tnm_sxtab16(off2, x), xh = tnm_sxtab16_ror8(off2, x);
            const uint32_t v0 = tnm_opt_read4(w0 + i), v1 = tnm_opt_read4(w1 + i);
            a0 = tnm_smlad(xl, tnm_sxtab16(woff2, v0), a0);
            a0 = tnm_smlad(xh, tnm_sxtab16_ror8(woff2, v0), a0);
            a1 = tnm_smlad(xl, tnm_sxtab16(woff2, v1), a1);
            a1 = tnm_smlad(xh, tnm_sxtab16_ror8(woff2, v1), a1);
        }
        for (; i < depth; ++i) {
            const int32_t x = in[i] + params->input_offset;
            a0 += (uint32_t)(x * (w0[i] + params->filter_offset));
            a1 += (uint32_t)(x * (w1[i] + params->filter_offset));
        }
        for (k = 0; k < 2 && row + k < row_end; ++k) {
            const int32_t q = quant_count == 1 ? 0 : row + k;
            out[row + k] = tnm_opt_output((int32_t)(k ? a1 : a0), quant->multiplier[q], quant->shift[q],
                                          params->output_offset, params->act_min, params->act_max);
        }
    }
}

/* The SMLAD blocks for the common shapes, the direct rows for the rest. */
TNM_OPT_NO_LIBCALLS static void fc_fast(const tnm_fc_params *params, const tnm_quant *quant,
                                       int32_t quant_count, int32_t batches, int32_t depth,
                                       int32_t output_depth, const int8_t *input_data,
                                       const int8_t *filter_data, const int32_t *bias,
                                       int8_t *output_data)
{
    uint32_t xext[FC_MAX_DEPTH / 2];
    const uint32_t in_off2 = packed_offset(params->input_offset);
    int32_t b, i, pairs;
    int blocks = (depth & 7) == 0 && depth <= FC_MAX_DEPTH && bias != 0 &&
                 ((uintptr_t)filter_data & 3) == 0 && params->filter_offset == 0;
    for (i = 0; blocks && i < quant_count; ++i) blocks = tnm_opt_rq_fast_ok(quant->shift[i]);
    pairs = blocks ? output_depth >> 1 : 0;
    for (b = 0; b < batches; ++b) {
        const int8_t *in = input_data + b * depth;
        int8_t *out = output_data + b * output_depth;
        if (pairs > 0) {
            fc_args a;
            for (i = 0; i < depth; i += 4) {
                const uint32_t x = tnm_opt_read4(in + i);
                xext[i >> 1] = tnm_sxtab16(in_off2, x);
                xext[(i >> 1) + 1] = tnm_sxtab16_ror8(in_off2, x);
            }
            a.x = xext;
            a.w = filter_data;
            a.bias = bias;
            a.mult = quant->multiplier;
            a.shift = quant->shift;
            a.out = out;
            a.depth = depth;
            a.pairs = pairs;
            a.iters = depth >> 4;
            a.half = (depth >> 3) & 1;
            a.off2p1 = 2 * params->output_offset + 1;
            a.mult_step = quant_count == 1 ? 0 : 4;
            a.shift_step = quant_count == 1 ? 0 : 1;
            fc_rows(&a);
            if (params->act_min != -128 || params->act_max != 127) {
                tnm_arm_dsp_clamp_bytes(out, 2 * pairs, params->act_min, params->act_max);
            }
        }
        fc_rows_direct(params, quant, quant_count, depth, in, filter_data, bias, 2 * pairs,
                       output_depth, out);
    }
}

/* ---- FULLY_CONNECTED: the SMLAD blocks and the direct rows (no reference) ---- */
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
    fc_fast(params, quant, quant_count, batches, accum_depth, output_depth, input_data,
            filter_data, bias, output_data);
    return TNM_OK;
}

#endif
