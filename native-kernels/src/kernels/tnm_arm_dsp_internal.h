/*
 * Shared by the Cortex-M DSP-extension kernels (tnm_*_arm_dsp.c): the operand helpers
 * and attributes each of them uses. See tnm_conv_s8_arm_dsp.c for the SXTB16/SMLAD
 * technique the three kernels share.
 */
#ifndef TNM_ARM_DSP_INTERNAL_H
#define TNM_ARM_DSP_INTERNAL_H

#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"
#include "tnm/tnm_variants.h"

#if TNM_HAVE_ARM_DSP_VARIANT

#if TNM_OPT_ARM_ASM
/* The one parameter of a naked assembly function arrives in r0, where the assembly reads it;
 * its C body cannot name it, so it is declared possibly unused (the nanoFramework board builds
 * have -Werror=unused-parameter through -Wextra). */
#define TNM_ASM_ARG __attribute__((unused))
#endif

/* (v, v) in the two int16 lanes; v in [-128, 128]. */
static inline uint32_t packed_offset(int32_t v)
{
    return ((uint32_t)v & 0xFFFFu) * 0x10001u;
}

/* GCC would turn the byte and word copies below back into memcpy/memset calls, which
 * are byte loops in the small C libraries of these targets. */
#if defined(__GNUC__) && !defined(__clang__)
#define TNM_OPT_NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define TNM_OPT_NO_LIBCALLS
#endif

/* The activation range on n int8 outputs already saturated to [-128, 127]
 * (tnm_conv_s8_arm_dsp.c). */
void tnm_arm_dsp_clamp_bytes(int8_t *p, int32_t n, int32_t act_min, int32_t act_max);

/* Any CONV_2D (grouped too) or DEPTHWISE_CONV_2D that the fast paths do not take, one
 * output value at a time (tnm_conv_s8_arm_dsp.c). */
void tnm_arm_dsp_conv_generic(const tnm_conv_params *params, const tnm_quant *quant,
                              const tnm_dims *input, const int8_t *input_data,
                              const tnm_dims *filter, const int8_t *filter_data,
                              const int32_t *bias, const tnm_dims *output,
                              int8_t *output_data, int depthwise);

/* CONV_2D with one output channel (tnm_opt_conv_one_out_shape, with bias and the scratch of
 * tnm_opt_conv_scratch_arm_dsp; tnm_conv_s8_one_out_arm_dsp.c). */
void tnm_arm_dsp_conv_one_out(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                              const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                              const int32_t *bias, const tnm_dims *output, int8_t *output_data, void *scratch);

/* CONV_2D 1x1 over 4 or 8 channels as one run of pixels (tnm_opt_conv_narrow_shape, input 4-byte
 * aligned; tnm_conv_s8_narrow_arm_dsp.c); order -1 any (the output apart from the input), 0
 * pixels first to last, 1 last to first (in place, tnm_conv_s8_pixels: at most 16 output
 * channels). 0 when a channel is outside the doubled requantization (or pixel order with more
 * channels), nothing written. */
int tnm_arm_dsp_conv_narrow(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                            const int8_t *input_data, const int8_t *filter_data, const int32_t *bias,
                            const tnm_dims *output, int8_t *output_data, int order);

/* DEPTHWISE_CONV_2D from a zero-padded copy (tnm_opt_dw_padded_shape, the scratch of
 * tnm_opt_dw_padded_bytes; tnm_depthwise_conv_s8_padded_arm_dsp.c); 0 when the call does not
 * fit that scratch (a dilated filter), nothing written. */
int tnm_arm_dsp_dw_padded(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                          const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                          const int32_t *bias, const tnm_dims *output, int8_t *output_data, void *scratch);

/* Four weight rows (at w, w + d1, w + d2, w + d3) against one operand in the paired int16
 * layout (groups whole groups of 4 values, two words each), for `sets` sets of rows, set k's
 * rows step bytes after set k - 1's: out[4 k + r] (wrapping sums; tnm_rows_s8_arm_dsp.c; the
 * LSTM gates of a unit, the SVDF features of four filters). */
void tnm_arm_dsp_rows4_sums(uint32_t *out, const int16_t *e, int32_t groups, const int8_t *w, int32_t d1, int32_t d2,
                            int32_t d3, int32_t step, int32_t sets);

/* Two rows (w, w + d) against two operands interleaved a group of 4 at a time (e: the first's
 * two paired words, then the second's; groups whole groups), for `sets` sets of rows step
 * bytes apart: out_a[4 k], out_a[4 k + 1] (the first operand), out_b likewise (an LSTM's two
 * steps' input sums; tnm_rows_s8_arm_dsp.c). */
void tnm_arm_dsp_rows2x2_sums(uint32_t *out_a, uint32_t *out_b, const int16_t *e, int32_t groups, const int8_t *w,
                              int32_t d, int32_t step, int32_t sets);

/* Row by row dot products, each weight row against its own operand row (rows lie one after
 * another in both, `words` 4-byte words a row, at least 1): out[k] = start[k * start_step] +
 * the row's sum, wrapping. _s8: int8 weights against int8 operands minus their zero point
 * (neg_zp2: -zp in both halves), four values a word; _s16: int16 against int16, two a word.
 * The SVDF units' time products (tnm_rows_s8_arm_dsp.c). */
void tnm_arm_dsp_row_dots_s8(uint32_t *out, const int8_t *w, const int8_t *x, int32_t words, int32_t rows,
                             const int32_t *start, int32_t start_step, uint32_t neg_zp2);
void tnm_arm_dsp_row_dots_s16(uint32_t *out, const int16_t *w, const int16_t *x, int32_t words, int32_t rows,
                              const int32_t *start, int32_t start_step);

#endif /* TNM_HAVE_ARM_DSP_VARIANT */
#endif
