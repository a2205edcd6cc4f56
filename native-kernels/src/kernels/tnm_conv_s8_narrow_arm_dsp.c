/*
 * Cortex-M DSP variant of a CONV_2D 1x1 over 4 or 8 input channels at stride 1, unpadded (the
 * tensor one run of pixels; tnm_opt_conv_narrow_shape): a MobileNet's first pointwise layer
 * (8 -> 16). The patch block's per-pass work (its setup, the channel's requantization
 * constants, four pixels' patches gathered) outweighs 4 or 8 MACs an output; here each
 * pixel's bytes are sign-extended once into SMLAD pairs (the input offset folded into the
 * bias) and every output channel is one record: LDM of the doubled bias and weight pairs, 2 or
 * 4 SMLAD, LDM of m, chi2 and e, the doubled SMMLAR requantization (SUB, SMMLAR, ASR, SSAT),
 * STRB and the loop: 13 instructions an output over 8 inputs. Records of up to 16 channels at
 * a time on the stack (32 bytes each), every pixel once per 16 channels. A narrower activation
 * range than int8 is applied to the bytes afterwards. A call with a channel outside the doubled
 * form (narrow_ok: a shift of 0 or above or below -23, a bias of 2^30 - K * 2^15 or more) is
 * left to the patch block (0).
 */
#include "tnm_arm_dsp_internal.h"

#if TNM_HAVE_ARM_DSP_VARIANT

#define NARROW_CHUNK 16
#define NARROW_REC 8 /* words of a record (K = 8; K = 4 uses 6) */

typedef struct {
    const int8_t *x;         /* 0: pixel 0's bytes (4-byte aligned) */
    int8_t *out;             /* 4: pixel 0's output for the chunk's first channel */
    const uint32_t *rec;     /* 8: the chunk's first record */
    const uint32_t *rec_end; /* 12: past its last */
    int32_t pixels;          /* 16: >= 1 */
    int32_t skip;            /* 20: bytes from a pixel's last output to the next pixel's first */
    int32_t xstep;           /* 24: bytes from a pixel's input to the next's (K, or -K last to first) */
} narrow_args;

#if TNM_OPT_ARM_ASM
/* The requantization of r4 (doubled sum) with r5 m, r6 chi2, r7 e, stored at [r10], #1. */
#define NARROW_OUT                                                                         \
    "sub r6, r6, r4, lsr #31\n\t"                                                          \
    "smmlar r6, r4, r5, r6\n\t"                                                            \
    "asr r6, r6, r7\n\t"                                                                   \
    "ssat r6, #8, r6\n\t"                                                                  \
    "strb r6, [r10], #1\n\t"

__attribute__((naked, noinline)) static void narrow8(narrow_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "ldrd r12, r10, [r0]\n\t"          /* x, out */
        "ldr r11, [r0, #12]\n\t"           /* rec_end */
        "ldr lr, [r0, #16]\n\t"            /* pixels */
        "push {r0}\n\t"
        "1:\n\t"
        "ldrd r0, r2, [r12]\n\t"           /* the pixel's 8 bytes */
        "sxtb16 r1, r0, ror #8\n\t"
        "sxtb16 r0, r0\n\t"
        "sxtb16 r3, r2, ror #8\n\t"
        "sxtb16 r2, r2\n\t"
        "ldr r9, [sp]\n\t"
        "ldr r9, [r9, #8]\n\t"             /* the chunk's first record */
        "2:\n\t"
        "ldm r9!, {r4, r5, r6, r7, r8}\n\t"
        "smlad r4, r0, r5, r4\n\t"
        "smlad r4, r1, r6, r4\n\t"
        "smlad r4, r2, r7, r4\n\t"
        "smlad r4, r3, r8, r4\n\t"
        "ldm r9!, {r5, r6, r7}\n\t"
        NARROW_OUT
        "cmp r9, r11\n\t"
        "bne 2b\n\t"
        "ldr r9, [sp]\n\t"
        "ldrd r4, r5, [r9, #20]\n\t"       /* skip, xstep */
        "add r10, r10, r4\n\t"
        "add r12, r12, r5\n\t"
        "subs lr, lr, #1\n\t"
        "bne 1b\n\t"
        "add sp, sp, #4\n\t"
        "pop {r4-r11, pc}\n\t");
}

__attribute__((naked, noinline)) static void narrow4(narrow_args *a TNM_ASM_ARG)
{
    __asm__ volatile(
        "push {r4-r11, lr}\n\t"
        "ldrd r12, r10, [r0]\n\t"
        "ldr r11, [r0, #12]\n\t"
        "ldr lr, [r0, #16]\n\t"
        "ldr r8, [r0, #8]\n\t"             /* the chunk's first record */
        "ldrd r3, r2, [r0, #20]\n\t"       /* skip, xstep */
        "1:\n\t"
        "ldr r0, [r12]\n\t"                /* the pixel's 4 bytes */
        "add r12, r12, r2\n\t"
        "sxtb16 r1, r0, ror #8\n\t"
        "sxtb16 r0, r0\n\t"
        "mov r9, r8\n\t"
        "2:\n\t"
        "ldm r9!, {r4, r5, r6}\n\t"
        "smlad r4, r0, r5, r4\n\t"
        "smlad r4, r1, r6, r4\n\t"
        "ldm r9!, {r5, r6, r7}\n\t"
        NARROW_OUT
        "cmp r9, r11\n\t"
        "bne 2b\n\t"
        "add r10, r10, r3\n\t"
        "subs lr, lr, #1\n\t"
        "bne 1b\n\t"
        "pop {r4-r11, pc}\n\t");
}
#else
/* The same in C (hosts: the tests compare it with the reference). */
static void narrow_c(const narrow_args *a, int32_t k)
{
    const int8_t *x = a->x;
    int8_t *out = a->out;
    int32_t p;
    for (p = 0; p < a->pixels; ++p, x += a->xstep, out += a->skip) {
        uint32_t xw[4];
        const uint32_t *r;
        xw[0] = tnm_sxtb16(tnm_opt_read4(x));
        xw[1] = tnm_sxtb16_ror8(tnm_opt_read4(x));
        if (k == 8) {
            xw[2] = tnm_sxtb16(tnm_opt_read4(x + 4));
            xw[3] = tnm_sxtb16_ror8(tnm_opt_read4(x + 4));
        }
        for (r = a->rec; r != a->rec_end; r += k / 2 + 4) {
            uint32_t acc = r[0];
            int32_t j;
            for (j = 0; j < k / 2; ++j) acc = tnm_smlad(xw[j], r[1 + j], acc);
            *out++ = (int8_t)tnm_opt_sat8(tnm_opt_rq_doubled((int32_t)acc, (int32_t)r[k / 2 + 1],
                                                             (int32_t)r[k / 2 + 2], (int32_t)r[k / 2 + 3]));
        }
    }
}
#define narrow8(a) narrow_c((a), 8)
#define narrow4(a) narrow_c((a), 4)
#endif

/* Whether every channel takes the doubled form: a shift of -23..-1 (the doubled form holds from
 * e = 1, where the fast form needs 2) and the doubled sum inside int32 (|bias + offset *
 * sum(w)| + K * 128 * 128 < 2^30, bounded without the sums: |offset * sum(w)| <= K * 128 *
 * 128); or a multiplier of 0 (a pruned channel, TFLite's weight scale 0: the output is the
 * zero point whatever the sum and shift). */
static int narrow_ok(const tnm_quant *quant, const int32_t *bias, int32_t k, int32_t out_c)
{
    const int64_t room = (1L << 30) - (int64_t)k * 32768;
    int32_t c;
    for (c = 0; c < out_c; ++c) {
        const int64_t b = bias != 0 ? bias[c] : 0;
        const int32_t shift = quant->shift[c];
        if (quant->multiplier[c] == 0) continue;
        if (shift > -1 || shift < -23 || (b < 0 ? -b : b) >= room) return 0;
    }
    return 1;
}

/* Records of channels [c0, c0 + n) (narrow_ok holds): the doubled bias, the doubled weight
 * pairs, m, chi2 = (2 * off + 1) << (e - 1), e; a pruned channel m = 0, chi2 = 2 * off + 1,
 * e = 1, whose SMMLAR gives chi2 - [sum < 0] and the shift the zero point. */
static void narrow_records(uint32_t *rec, const tnm_conv_params *params, const tnm_quant *quant, const int8_t *filter,
                           const int32_t *bias, int32_t k, int32_t c0, int32_t n)
{
    const uint32_t off2p1 = (uint32_t)(2 * params->output_offset + 1);
    int32_t c, j;
    for (c = c0; c < c0 + n; ++c) {
        const int8_t *w = filter + c * k;
        const int32_t m = quant->multiplier[c], e = m == 0 ? 1 : -quant->shift[c];
        uint32_t sum = 0u;
        for (j = 0; j < k; ++j) sum += (uint32_t)w[j];
        *rec++ = 2u * ((bias != 0 ? (uint32_t)bias[c] : 0u) + (uint32_t)params->input_offset * sum);
        for (j = 0; j < k; j += 4) { /* (w0, w2), (w1, w3) doubled: SXTB16's order of the bytes */
            *rec++ = (uint32_t)(uint16_t)(2 * w[j]) | (uint32_t)(2 * w[j + 2]) << 16;
            *rec++ = (uint32_t)(uint16_t)(2 * w[j + 1]) | (uint32_t)(2 * w[j + 3]) << 16;
        }
        *rec++ = (uint32_t)m;
        *rec++ = off2p1 << (e - 1);
        *rec++ = (uint32_t)e;
    }
}

int tnm_arm_dsp_conv_narrow(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                            const int8_t *input_data, const int8_t *filter_data, const int32_t *bias,
                            const tnm_dims *output, int8_t *output_data, int order)
{
    uint32_t rec[NARROW_CHUNK * NARROW_REC];
    const int32_t k = input->c, out_c = output->c, pixels = output->n * output->h * output->w;
    narrow_args a;
    int32_t c0;
    /* in pixel order: one pass, every output of a pixel after its input was read */
    if ((order >= 0 && out_c > NARROW_CHUNK) || !narrow_ok(quant, bias, k, out_c)) return 0;
    a.pixels = pixels;
    for (c0 = 0; c0 < out_c; c0 += NARROW_CHUNK) {
        const int32_t n = out_c - c0 < NARROW_CHUNK ? out_c - c0 : NARROW_CHUNK;
        narrow_records(rec, params, quant, filter_data, bias, k, c0, n);
        a.x = input_data;
        a.out = output_data + c0;
        a.rec = rec;
        a.rec_end = rec + n * (k / 2 + 4);
        a.skip = out_c - n;
        a.xstep = k;
        if (order > 0) { /* last pixel to first */
            a.x = input_data + (pixels - 1) * k;
            a.out = output_data + (pixels - 1) * out_c;
            a.skip = -out_c - n;
            a.xstep = -k;
        }
        if (k == 8) narrow8(&a);
        else narrow4(&a);
    }
    if (params->act_min != -128 || params->act_max != 127)
        tnm_arm_dsp_clamp_bytes(output_data, pixels * out_c, params->act_min, params->act_max);
    return 1;
}

#endif
