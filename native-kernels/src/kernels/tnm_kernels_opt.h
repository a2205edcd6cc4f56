/*
 * Target-optimized kernel variants (internal).
 *
 * The public tnm_conv_s8 / tnm_depthwise_conv_s8 / tnm_fully_connected_s8 dispatch at
 * compile time to one variant:
 *   TNM_KERNELS_ARM_DSP  Cortex-M with the DSP extension (__ARM_FEATURE_DSP: M4, M7, M33):
 *                        SMLAD / SXTB16 / SXTAB16 (tnm_*_arm_dsp.c)
 *   TNM_KERNELS_RV32     32-bit RISC-V (rv32imc, ESP32-C3/C6): register-blocked loops,
 *                        hand-written (inline assembly) on the target, C twins on hosts
 *                        (tnm_kernels_rv32.c)
 *   neither              the portable reference (tnm_*_ref)
 * CMake's TNM_KERNEL_VARIANT (AUTO, PORTABLE, ARM_DSP, RV32) overrides the choice through
 * TNM_KERNELS_FORCE_<variant>. Each variant handles the shapes it is built for and hands
 * every other call to the reference (the Cortex-M one: convolutions to its own compact
 * generic loop, so its builds leave the reference convolutions out); all are bit-exact
 * with the reference. Host builds compile every
 * variant (the ARM one with portable C versions of the DSP instructions), so the
 * differential tests (tests/test_kernels_opt_*.c) run them against the reference on every
 * build; target builds compile only their own.
 */
#ifndef TNM_KERNELS_OPT_H
#define TNM_KERNELS_OPT_H

#include <stdint.h>
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_variants.h"
#include "tnm_fixedpoint_internal.h"

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#include <arm_acle.h>
#endif

/* ---- variant selection ---- */
#if defined(TNM_KERNELS_FORCE_PORTABLE)
#define TNM_KERNELS_ARM_DSP 0
#define TNM_KERNELS_RV32 0
#elif defined(TNM_KERNELS_FORCE_ARM_DSP)
#define TNM_KERNELS_ARM_DSP 1
#define TNM_KERNELS_RV32 0
#elif defined(TNM_KERNELS_FORCE_RV32)
#define TNM_KERNELS_ARM_DSP 0
#define TNM_KERNELS_RV32 1
#elif defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#define TNM_KERNELS_ARM_DSP 1
#define TNM_KERNELS_RV32 0
#elif defined(__riscv) && defined(__riscv_xlen) && __riscv_xlen == 32
#define TNM_KERNELS_ARM_DSP 0
#define TNM_KERNELS_RV32 1
#else
#define TNM_KERNELS_ARM_DSP 0
#define TNM_KERNELS_RV32 0
#endif

/* Which variants this build compiles: its own, and all of them on a host (neither ARM
 * nor RISC-V), where the tests compare each with the reference. */
#if !defined(__arm__) && !defined(__riscv)
#define TNM_HAVE_ARM_DSP_VARIANT 1
#define TNM_HAVE_RV32_VARIANT 1
#else
#define TNM_HAVE_ARM_DSP_VARIANT TNM_KERNELS_ARM_DSP
#define TNM_HAVE_RV32_VARIANT TNM_KERNELS_RV32
#endif

/* The variants shift negative int32/int64 values right and expect the arithmetic shift
 * every supported compiler gives (implementation-defined in C99): checked here. */
typedef char tnm_opt_arithmetic_shift_check[((-5 >> 1) == -3 && ((int64_t)-5 >> 1) == -3) ? 1 : -1];

/* ---- scratch of the convolution variants (caller-owned, CMSIS-NN's discipline) ----
 * Pure arithmetic on the patch size K = filter h * w * c, compiled in every build, so
 * tnm_conv_s8_scratch_size_max can answer for every target. -1: K out of range. A
 * variant called with scratch NULL falls back to its generic loop (correct, slow).
 *   Cortex-M DSP: four pixels' patches as packed int16 (8 * kp bytes, kp = K rounded up
 *                 to 4), one patch as bytes (kp) and the zero-padded weights of the last
 *                 channels (2 * kp), + 4 bytes of alignment slack.
 *   rv32:         four pixels' patches as int16 (8 * K) + 4. */
#define TNM_OPT_MAX_K (1L << 24)
static inline int32_t tnm_opt_conv_k(const tnm_dims *filter)
{
    const int64_t k = (int64_t)filter->h * filter->w * filter->c;
    return filter->h < 1 || filter->w < 1 || filter->c < 1 || k > TNM_OPT_MAX_K ? -1 : (int32_t)k;
}
/* Cortex-M convolution scratch: the four pixels' patch words (8 bytes per value), the byte
 * stage, a zero-padded copy of the last channels' weights (2 kp); rows of taps that are not
 * whole words (filter w * c % 4 != 0, as a first layer over 1 or 3 channels) stage four
 * pixels at once (4 kp instead of kp). */
static inline int32_t tnm_opt_conv_stage4(const tnm_dims *input, const tnm_dims *filter)
{
    return ((filter->w * input->c) & 3) != 0;
}
/* CONV_2D with one output channel, ungrouped, dilation 1 across (Cortex-M: CONV_ONE_OUT,
 * tnm_conv_s8_one_out_arm_dsp.c; rv32: tnm_conv_s8_one_out_rv32.c): dot products straight
 * from the input. Its Cortex-M scratch: the
 * extended weights (8 bytes per 4 taps of a row, rows rounded up to 4 taps: rl4), each tap
 * position's weight sum (4 bytes), one window's copy (filter h * rl4 bytes), + 4 bytes of
 * alignment slack. One test for the kernel, its scratch and tnm_arm_dsp_conv_variants. */
static inline int tnm_opt_conv_one_out_shape(const tnm_conv_params *p, const tnm_dims *input,
                                             const tnm_dims *filter, const tnm_dims *output)
{
    return output->c == 1 && filter->c == input->c && p->dilation_w == 1;
}
/* CONV_2D 1x1 over 4 or 8 input channels at stride 1, unpadded, of 4 or more pixels (the
 * tensor one run: a MobileNet's first pointwise layer): Cortex-M CONV_NARROW
 * (tnm_conv_s8_narrow_arm_dsp.c), one record a channel, no scratch. */
static inline int tnm_opt_conv_narrow_shape(const tnm_conv_params *p, const tnm_dims *input, const tnm_dims *filter,
                                            const tnm_dims *output)
{
    return filter->h == 1 && filter->w == 1 && (input->c == 4 || input->c == 8) && filter->c == input->c &&
           p->stride_h == 1 && p->stride_w == 1 && p->pad_h == 0 && p->pad_w == 0 && output->n == input->n &&
           output->h == input->h && output->w == input->w && (int64_t)output->n * output->h * output->w >= 4;
}
/* rv32: a patch of rows of taps R <= 3 of S taps (filter width x input channels), R * S <= 9
 * (a 1x1 over up to 9 channels, a 3x3 over one): tnm_conv_s8_one_out_rv32.c runs such
 * convolutions a channel at a time with the weights in registers, one pixel a pass (LB + MUL +
 * ADD a tap; rv1_run_small has one case per shape), when they have fewer than 16 output
 * channels: the 4x4 blocks gather each pixel's patch once for all channels and share every
 * load across 4 MACs, which repays their gathering from 16 channels (grid.sh rv32: 3x3 over
 * one channel to 64 outputs 4.84 instructions a MAC in blocks, 8.0 a channel at a time; to 8
 * outputs 8.13 and 6.27). Any patch with 1-3 output channels too: a block of 4 channels
 * would compute 1-3 of them for nothing. And a 1x1 over 1-4 channels at stride 1, unpadded,
 * with any number of outputs: two channels a pass (rv1_pair), ~21 instructions an output. */
static inline int tnm_opt_conv_small_rv32(int32_t rows, int32_t seg)
{
    return rows >= 1 && rows <= 3 && seg >= 1 && rows * seg <= 9;
}
static inline int tnm_opt_conv_small_rv32_call(const tnm_conv_params *p, const tnm_dims *input, const tnm_dims *filter)
{
    const int pairs = filter->h == 1 && filter->w == 1 && filter->c <= 4 && p->stride_h == 1 && p->stride_w == 1 &&
                      p->pad_h == 0 && p->pad_w == 0;
    return filter->c == input->c && p->dilation_w == 1 &&
           (filter->n < 4 || pairs || (filter->n < 16 && tnm_opt_conv_small_rv32(filter->h, filter->w * filter->c)));
}
static inline int32_t tnm_opt_conv_one_out_scratch(const tnm_dims *input, const tnm_dims *filter)
{
    const int32_t rl4 = (filter->w * input->c + 3) & ~3;
    return filter->n == 1 ? 3 * filter->h * rl4 + 4 * filter->h * filter->w + 4 : 0;
}
/* Rows of taps that are not whole words whose rounding up to 4 bytes adds no word to the
 * patch (filter h * rounded row == K rounded up: a 3x3 over 1 channel, a 1x1 over 1-3 or 5-7
 * channels, any 1-row filter): the Cortex-M block reads them as whole words straight from the
 * input against a copy of the filter with its rows padded with zeros the same way (filter n
 * x K rounded, scratch; up to 1 MB). */
static inline int tnm_opt_conv_padded_rows(const tnm_dims *input, const tnm_dims *filter)
{
    const int32_t rl4 = (filter->w * input->c + 3) & ~3;
    const int64_t kp = ((int64_t)filter->h * filter->w * filter->c + 3) & ~3LL;
    return tnm_opt_conv_stage4(input, filter) && (int64_t)filter->h * rl4 == kp && filter->n >= 1 &&
           (int64_t)filter->n * kp <= (1L << 20);
}
/* ... and a call with pixels enough to repay the copy (~6 instructions a word of it against
 * ~40 saved a pixel). */
static inline int tnm_opt_conv_padded_rows_call(const tnm_dims *input, const tnm_dims *filter,
                                                const tnm_dims *output)
{
    return tnm_opt_conv_padded_rows(input, filter) &&
           (int64_t)output->n * output->h * output->w * 27 >= (int64_t)output->c * ((filter->h * filter->w * filter->c + 3) & ~3);
}
/* CONV_2D whose every output reads one input value, a 1x1 filter over one input channel
 * (tnm_conv_s8_lut.c): per group of up to 4 output channels a table of the 256 possible
 * outputs, for calls of at least 256 pixels (each channel's 256 requantizations against as
 * many outputs or more; both targets' patch paths spend 17-53 instructions an output).
 * Scratch: the table, 1 KB (256 bytes a channel when there are fewer than 4), + 4 bytes of
 * alignment slack; the filter test alone sizes it (a layer's bands may have fewer pixels). */
#define TNM_OPT_CONV_LUT_MIN_PIXELS 256
static inline int tnm_opt_conv_lut_filter(const tnm_dims *input, const tnm_dims *filter)
{
    return filter->h == 1 && filter->w == 1 && filter->c == 1 && input->c == 1 && filter->n >= 1;
}
static inline int tnm_opt_conv_lut_shape(const tnm_dims *input, const tnm_dims *filter, const tnm_dims *output)
{
    return tnm_opt_conv_lut_filter(input, filter) &&
           (int64_t)output->n * output->h * output->w >= TNM_OPT_CONV_LUT_MIN_PIXELS;
}
static inline int32_t tnm_opt_conv_lut_scratch(const tnm_dims *input, const tnm_dims *filter)
{
    if (!tnm_opt_conv_lut_filter(input, filter)) return 0;
    return (filter->n >= 4 ? 1024 : 256 * filter->n) + 4;
}
void tnm_conv_s8_lut(const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,
                     const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,
                     const int32_t *bias, const tnm_dims *output, int8_t *output_data, void *scratch);

/* CONV_W16 (tnm_conv_s8_arm_dsp.c): the weights as the block's int16 pairs, 2 bytes per patch
 * value of every output channel, once per call, in the scratch after the block's (at
 * tnm_opt_conv_w16_at), for weights that small (the arena pays them) and calls of pixels
 * enough to repay the extension (~5 instructions per weight word against 2 saved per word and
 * block of 4 pixels). */
#define TNM_OPT_CONV_W16_MAX_BYTES 1024
#define TNM_OPT_CONV_W16_MIN_PIXELS 64
static inline int32_t tnm_opt_conv_w16_bytes(const tnm_dims *input, const tnm_dims *filter)
{
    const int32_t k = tnm_opt_conv_k(filter);
    const int64_t b = 2 * (int64_t)((k + 3) & ~3) * filter->n;
    return k > 0 && filter->c == input->c && filter->n >= 1 && b <= TNM_OPT_CONV_W16_MAX_BYTES ? (int32_t)b : 0;
}
static inline int tnm_opt_conv_w16_call(const tnm_dims *input, const tnm_dims *filter, const tnm_dims *output)
{
    return tnm_opt_conv_w16_bytes(input, filter) > 0 &&
           (int64_t)output->n * output->h * output->w >= TNM_OPT_CONV_W16_MIN_PIXELS;
}
/* bytes from the block's (aligned) patch words to the extended weights: the words, stage and
 * tail copy, and the padded-rows filter copy when the build has that path */
static inline int32_t tnm_opt_conv_w16_at(const tnm_dims *input, const tnm_dims *filter)
{
    const int32_t kp = (tnm_opt_conv_k(filter) + 3) & ~3;
    int32_t at = (tnm_opt_conv_stage4(input, filter) ? 14 : 11) * kp;
    if (TNM_VARIANT_BUILT(CONV_PADDED_ROWS) && tnm_opt_conv_padded_rows(input, filter)) at += filter->n * kp;
    return at;
}

static inline int32_t tnm_opt_conv_scratch_arm_dsp(const tnm_dims *input, const tnm_dims *filter)
{
    const int32_t k = tnm_opt_conv_k(filter);
    int32_t block, one;
    if (k < 0) return -1;
    if (filter->c != input->c) return 0;
    block = (tnm_opt_conv_stage4(input, filter) ? 14 : 11) * ((k + 3) & ~3) + 4;
    if (TNM_VARIANT_BUILT(CONV_PADDED_ROWS) && tnm_opt_conv_padded_rows(input, filter))
        block += filter->n * ((k + 3) & ~3);
    if (TNM_VARIANT_BUILT(CONV_W16)) block += tnm_opt_conv_w16_bytes(input, filter);
    if (TNM_VARIANT_BUILT(CONV_LUT) && tnm_opt_conv_lut_scratch(input, filter) > block)
        block = tnm_opt_conv_lut_scratch(input, filter);
    /* a build without the one-channel path needs the block's only (the host library, which
     * sizes the arenas, has every path) */
    if (!TNM_VARIANT_BUILT(CONV_ONE_OUT)) return block;
    one = tnm_opt_conv_one_out_scratch(input, filter);
    return one > block ? one : block;
}
/* Depthwise (Cortex-M DSP, tnm_depthwise_conv_s8_arm_dsp.c; any filter up to 16x16, >= 4
 * channels; other shapes need none): a ring of filter-size slots of 4 channel lines of
 * int16 pairs along the minor (longer output) axis, line_words words each, + per output
 * channel of a group of 4 input channels its prepared weights (dw_wpr words per row of
 * taps) and 6 words of requantization, + 4 bytes of alignment slack. A line holds the
 * words its n outputs read, ceil(n / 2) + (k + 2) / 2 - 1 at stride 1, n + (k + 1) / 2 - 1
 * at stride 2 (k taps along the minor axis); the blocks of 4 outputs read up to 3 words
 * past a line's end for outputs they do not store (the next line's words, or the
 * prepared weights after the last line). The query has no strides: it sizes for
 * the larger of stride 1 over n outputs and stride 2 over the outputs an input of in
 * values can give at stride 2 (min(n, (in + 2) / 2)), which grows with both in and n, so a
 * call on a band of rows (smaller input and output height) never needs more than the
 * whole layer; a call that needs more than that takes the generic loop. Of the two
 * orientations the larger, for the same reason. */
static inline int32_t tnm_opt_dw_line_words(int32_t out_minor, int32_t k_minor, int s2)
{
    return s2 ? out_minor + (k_minor + 1) / 2 - 1 : (out_minor + 1) / 2 + (k_minor + 2) / 2 - 1;
}
static inline int32_t tnm_opt_dw_line_bound(int32_t out_minor, int32_t k_minor, int32_t in_minor)
{
    const int32_t n2 = (in_minor + 2) / 2 < out_minor ? (in_minor + 2) / 2 : out_minor;
    const int32_t a = tnm_opt_dw_line_words(out_minor, k_minor, 0);
    const int32_t b = tnm_opt_dw_line_words(n2, k_minor, 1);
    return a > b ? a : b;
}
/* DEPTHWISE_CONV_2D calls the Cortex-M direct path takes (DW_DIRECT): depth multiplier 1 and
 * at most 4 output positions per image in any layout (a streaming model's k x 1 kernels over a
 * few frames), or an output of at most 3 x 3. The planes' weight preparation, ring and
 * per-line work, and the padded copy, are paid per group of 4 channels; for such outputs that
 * costs more than the direct taps (grid.sh M4, direct: 7x7 filters over 256 channels to 3x3
 * outputs 1.22 instructions per MAC at stride 1, 1.85 at stride 2; 3x3 filters over 256
 * channels to 3x3 outputs 4.50 and 5.11, the padded copy 5.13 and 6.55: there each output
 * position has 4-9 taps inside and pays ~45 instructions of setup and requantization for its 4
 * outputs). Larger outputs keep the other paths: at 6x6 over 128 channels the direct taps
 * would cost ~4 per MAC against the padded copy's 3.40, and one-row bands of a wider image
 * (in-place execution's fallback) stay with the planes. One test for the kernel and for
 * tnm_arm_dsp_conv_variants. */
static inline int tnm_opt_dw_direct_shape(int32_t depth_multiplier, const tnm_dims *output)
{
    return depth_multiplier == 1 &&
           ((int64_t)output->h * output->w <= 4 || (output->h <= 3 && output->w <= 3));
}
/* DEPTHWISE_CONV_2D calls the Cortex-M padded-copy path takes (DW_PADDED,
 * tnm_depthwise_conv_s8_padded_arm_dsp.c): depth multiplier 1, at least 4 channels, a filter
 * up to 16x16, outputs the direct path does not take, where its estimated instructions are
 * fewer than the planes'. Its scratch: the list (4 + 5 words an entry of two taps + 12, even),
 * the padded copy of the input ((h + fh - 1) x (w + fw - 1) pixels of 4 words: every undilated
 * SAME or VALID call), the sums of one run of at most TNM_OPT_DW_PADDED_RUN outputs, 8 for
 * alignment. */
#define TNM_OPT_DW_PADDED_RUN 32
/* list entries: per row of the filter, its taps in pairs */
static inline int32_t tnm_opt_dw_padded_entries(const tnm_dims *filter) { return filter->h * ((filter->w + 1) / 2); }
static inline int32_t tnm_opt_dw_padded_list_words(const tnm_dims *filter)
{
    return (16 + 5 * tnm_opt_dw_padded_entries(filter) + 1) & ~1;
}
static inline int64_t tnm_opt_dw_padded_bytes64(const tnm_dims *input, const tnm_dims *filter,
                                                const tnm_dims *output)
{
    const int32_t run = output->w < TNM_OPT_DW_PADDED_RUN ? output->w : TNM_OPT_DW_PADDED_RUN;
    return 8 + 4 * (int64_t)tnm_opt_dw_padded_list_words(filter) +
           16 * ((int64_t)input->h + filter->h - 1) * ((int64_t)input->w + filter->w - 1) + 16 * (int64_t)run;
}
static inline int tnm_opt_dw_padded_shape(const tnm_dims *input, const tnm_dims *filter, const tnm_dims *output)
{
    int32_t k, e, p, lines, copy, planes, padded;
    /* sizes in [1, 2048] and the copy at most 2,040 pixels (32 KB): every product below fits
     * 32 bits (unsigned compares: a size below 1 wraps above the bound) */
    if ((uint32_t)filter->h - 1u > 15u || (uint32_t)filter->w - 1u > 15u || (uint32_t)input->h - 1u > 2047u ||
        (uint32_t)input->w - 1u > 2047u || (uint32_t)output->h - 1u > 2047u || (uint32_t)output->w - 1u > 2047u)
        return 0;
    copy = (input->h + filter->h - 1) * (input->w + filter->w - 1);
    p = output->h * output->w;
    if (copy > 2040 || p > 4096 || filter->c != input->c || input->c < 4 || tnm_opt_dw_direct_shape(1, output))
        return 0;
    /* Estimated instructions per group of 4 channels, x10 (fitted to the planes and this path
     * on tools/qemu/grid.sh's 3x3, 5x5, 7x7 cells, Cortex-M4): the planes pay ~6.4 per tap and
     * output, ~48 per tap and output line (weights, ring, C), ~8 per input pixel (the fill);
     * the copy 7 per entry (two taps of a row) and output, 41 per output (requantization,
     * stepping), 15 per pixel of the copy, 25 per entry for the weights, ~300 per group. */
    k = filter->h * filter->w;
    lines = output->h < output->w ? output->h : output->w;
    planes = k * (64 * p + 480 * lines) + 80 * input->h * input->w + 10000;
    e = tnm_opt_dw_padded_entries(filter);
    padded = (70 * e + 410) * p + 150 * copy + 250 * e + 3000;
    return padded < planes;
}
static inline int32_t tnm_opt_dw_padded_bytes(const tnm_dims *input, const tnm_dims *filter, const tnm_dims *output)
{
    return tnm_opt_dw_padded_shape(input, filter, output) ? (int32_t)tnm_opt_dw_padded_bytes64(input, filter, output)
                                                         : 0;
}
/* Whether the call's copy (its strides, dilations) fits the scratch sized from its shapes. */
static inline int tnm_opt_dw_padded_fits(const tnm_conv_params *params, const tnm_dims *input, const tnm_dims *filter,
                                         const tnm_dims *output)
{
    const int64_t hp = (int64_t)(output->h - 1) * params->stride_h + (int64_t)(filter->h - 1) * params->dilation_h + 1;
    const int64_t wp = (int64_t)(output->w - 1) * params->stride_w + (int64_t)(filter->w - 1) * params->dilation_w + 1;
    const int32_t run = output->w < TNM_OPT_DW_PADDED_RUN ? output->w : TNM_OPT_DW_PADDED_RUN;
    return params->depth_multiplier == 1 && tnm_opt_dw_padded_shape(input, filter, output) &&
           8 + 4 * (int64_t)tnm_opt_dw_padded_list_words(filter) + 16 * hp * wp + 16 * (int64_t)run <=
               tnm_opt_dw_padded_bytes64(input, filter, output);
}
static inline int32_t tnm_opt_dw_wpr(int32_t k_minor) { return 2 * ((k_minor + 2) / 2); }
static inline int64_t tnm_opt_dw_scratch_orient(const tnm_dims *input, const tnm_dims *filter,
                                                const tnm_dims *output, int transposed)
{
    const int32_t kb = transposed ? filter->h : filter->w, ka = transposed ? filter->w : filter->h;
    const int32_t out_b = transposed ? output->h : output->w, dm = filter->c / input->c;
    const int32_t in_b = transposed ? input->h : input->w;
    return (int64_t)ka * 4 * tnm_opt_dw_line_bound(out_b, kb, in_b) * 4 +
           (int64_t)4 * dm * ((int64_t)ka * tnm_opt_dw_wpr(kb) + 6) * 4 + 4;
}
/* -1: a dimension below 1; 0: a shape that needs no scratch; 1: the paths' shapes. */
static inline int32_t tnm_opt_dw_scratch_shape(const tnm_dims *input, const tnm_dims *filter,
                                               const tnm_dims *output)
{
    if (filter->h < 1 || filter->w < 1 || filter->c < 1 || input->w < 1 || input->c < 1 ||
        output->h < 1 || output->w < 1)
        return -1;
    if (input->c < 4 || filter->c % input->c != 0 || filter->h > 16 || filter->w > 16 ||
        output->h > (1L << 20) || output->w > (1L << 20))
        return 0;
    return 1;
}
/* The planes' scratch: grows with every dimension, so a band of rows never needs more than
 * its layer. */
static inline int32_t tnm_opt_dw_scratch_planes(const tnm_dims *input, const tnm_dims *filter,
                                                const tnm_dims *output)
{
    int64_t a, b;
    const int32_t shape = tnm_opt_dw_scratch_shape(input, filter, output);
    if (shape <= 0) return shape;
    a = tnm_opt_dw_scratch_orient(input, filter, output, 0);
    b = tnm_opt_dw_scratch_orient(input, filter, output, 1);
    if (b > a) a = b;
    return a > (1L << 24) ? 0 : (int32_t)a;
}
/* The planes' and, for the shapes it takes, the padded copy's (not monotone: a band of a
 * large image may take the copy; the runtime queries each band, tnm_op_conv.c). */
static inline int32_t tnm_opt_dw_scratch_arm_dsp(const tnm_dims *input, const tnm_dims *filter,
                                                 const tnm_dims *output)
{
    const int32_t a = tnm_opt_dw_scratch_planes(input, filter, output);
    const int32_t b = a >= 0 && TNM_VARIANT_BUILT(DW_PADDED) ? tnm_opt_dw_padded_bytes(input, filter, output) : 0;
    return b > a ? b : a;
}
/* The same for a build without the planes (TNM_VARIANT_SET, tnm/tnm_variants.h: no
 * DW_PLANES): the generic loop needs no scratch. */
static inline int32_t tnm_opt_dw_scratch_arm_dsp_no_planes(const tnm_dims *input, const tnm_dims *filter,
                                                           const tnm_dims *output)
{
    const int32_t shape = tnm_opt_dw_scratch_shape(input, filter, output);
    if (shape <= 0) return shape;
    return TNM_VARIANT_BUILT(DW_PADDED) ? tnm_opt_dw_padded_bytes(input, filter, output) : 0;
}
static inline int32_t tnm_opt_conv_scratch_rv32(const tnm_dims *input, const tnm_dims *filter)
{
    const int32_t k = tnm_opt_conv_k(filter);
    if (k < 0) return -1;
    if (filter->c != input->c) return 0;
    return tnm_opt_conv_lut_scratch(input, filter) > 8 * k + 4 ? tnm_opt_conv_lut_scratch(input, filter) : 8 * k + 4;
}

/* ---- entry points (same contracts as the public functions in tnm_kernels.h) ---- */
#define TNM_CONV_ARGS                                                                      \
    const tnm_conv_params *params, const tnm_quant *quant, const tnm_dims *input,          \
        const int8_t *input_data, const tnm_dims *filter, const int8_t *filter_data,       \
        const int32_t *bias, const tnm_dims *output, int8_t *output_data, void *scratch
#define TNM_FC_ARGS                                                                        \
    const tnm_fc_params *params, const tnm_quant *quant, int32_t quant_count,              \
        int32_t batches, int32_t accum_depth, int32_t output_depth,                        \
        const int8_t *input_data, const int8_t *filter_data, const int32_t *bias,          \
        int8_t *output_data

/* Whether a checked convolution call is a fully-connected layer (tnm_conv_s8.c): its FC
 * parameters, batches and depth; 0 when not (or the build has no CONV_AS_FC, or the output
 * overlaps the input). tnm_conv_fc_fits: the shape test alone. */
int tnm_conv_fc_fits(const tnm_conv_params *params, const tnm_dims *input, const tnm_dims *filter,
                     const tnm_dims *output, int32_t *batches, int32_t *depth);
int tnm_conv_fc_shape(const tnm_conv_params *params, const tnm_dims *input, const int8_t *input_data,
                      const tnm_dims *filter, const tnm_dims *output, const int8_t *output_data,
                      tnm_fc_params *fc, int32_t *batches, int32_t *depth);

/* Argument checks shared by the reference and the variants (TNM_OK or TNM_ERR_ARGUMENT). */
tnm_status tnm_conv_s8_check(TNM_CONV_ARGS);
tnm_status tnm_depthwise_conv_s8_check(TNM_CONV_ARGS);
tnm_status tnm_fully_connected_s8_check(TNM_FC_ARGS);

/* The runtime's entries (src/ops): the variant this target compiles in, without the
 * argument checks where the variant has an unchecked entry (Cortex-M DSP; the other
 * variants check). Only for arguments validated as the checks would: the op modules do
 * that, more strictly, once at model check. Public callers use tnm_conv_s8 & co. */
tnm_status tnm_conv_s8_unchecked(TNM_CONV_ARGS);
tnm_status tnm_depthwise_conv_s8_unchecked(TNM_CONV_ARGS);
int tnm_depthwise_conv_s8_rows_unchecked(TNM_CONV_ARGS, int descending); /* tnm_depthwise_conv_s8_rows */
int tnm_conv_s8_pixels_unchecked(TNM_CONV_ARGS, int descending);          /* tnm_conv_s8_pixels */
tnm_status tnm_fully_connected_s8_unchecked(TNM_FC_ARGS);
/* AVERAGE_POOL_2D without tnm_avgpool_s8's checks (the op module's rules are stricter:
 * SAME/VALID windows, which never lie entirely in the padding; at most 2^23 taps). */
tnm_status tnm_avgpool_s8_unchecked(const tnm_pool_params *params, const tnm_dims *input,
                                    const int8_t *input_data, const tnm_dims *output,
                                    int8_t *output_data);

/* The portable references (validate, then compute). */
tnm_status tnm_conv_s8_ref(TNM_CONV_ARGS);
tnm_status tnm_depthwise_conv_s8_ref(TNM_CONV_ARGS);
tnm_status tnm_fully_connected_s8_ref(TNM_FC_ARGS);

#if TNM_HAVE_ARM_DSP_VARIANT
tnm_status tnm_conv_s8_arm_dsp(TNM_CONV_ARGS);
tnm_status tnm_depthwise_conv_s8_arm_dsp(TNM_CONV_ARGS);
/* The row-ordered path of tnm_depthwise_conv_s8_rows (tnm_kernels.h), arguments checked by the
 * caller: 1 = done, 0 = nothing written */
int tnm_depthwise_conv_s8_arm_dsp_rows(TNM_CONV_ARGS, int descending);
/* The pixel-ordered path of tnm_conv_s8_pixels, arguments checked by the caller */
int tnm_conv_s8_arm_dsp_pixels(TNM_CONV_ARGS, int descending);
tnm_status tnm_fully_connected_s8_arm_dsp(TNM_FC_ARGS);
/* The same without the argument checks (the caller has validated the arguments as the
 * checks above would: the runtime's op modules, at model check, more strictly). */
tnm_status tnm_conv_s8_arm_dsp_unchecked(TNM_CONV_ARGS);
tnm_status tnm_depthwise_conv_s8_arm_dsp_unchecked(TNM_CONV_ARGS);
tnm_status tnm_fully_connected_s8_arm_dsp_unchecked(TNM_FC_ARGS);
#endif
#if TNM_HAVE_RV32_VARIANT
tnm_status tnm_conv_s8_rv32(TNM_CONV_ARGS);
tnm_status tnm_depthwise_conv_s8_rv32(TNM_CONV_ARGS);
int tnm_depthwise_conv_s8_rv32_rows(TNM_CONV_ARGS, int descending);
int tnm_conv_s8_rv32_pixels(TNM_CONV_ARGS, int descending);
tnm_status tnm_fully_connected_s8_rv32(TNM_FC_ARGS);
/* CONV_2D with one output channel (tnm_opt_conv_one_out_shape; tnm_conv_s8_one_out_rv32.c):
 * bias may be NULL; scratch: 4 bytes per tap position + 4 (within tnm_opt_conv_scratch_rv32). */
void tnm_rv32_conv_one_out(TNM_CONV_ARGS);
#endif

/* ---- lean requantization, bit-exact with tnm_mbqm (TFLite's double rounding) ----
 * For shift < 0 (e = -shift >= 1) the two roundings fold into one 64-bit sum:
 *   srdhm(x, m)        = floor((x*m + 2^30) / 2^31)                     (= r1)
 *   rdbpot(r1, e)      = floor((r1 - [r1 < 0] + 2^(e-1)) / 2^e)
 * and floor(floor(a / b) + c) / d) = floor((a + c*b) / (b*d)) for integer c, so
 *   result = floor((x*m + 2^30 + 2^(30+e) - [r1 < 0]*2^31) / 2^(31+e))
 *          = high word of that sum, shifted right by e - 1.
 * [r1 < 0] may be replaced by [x < 0]: they differ only when r1 = 0, and then both
 * choices give 0. So one multiply-accumulate into a 64-bit constant (SMLAL on ARM), a
 * sign correction and one shift. Valid for multiplier >= 0 (the kernels' contract), where
 * srdhm never saturates. shift >= 0 has no right shift: floor((x*m + 2^30) / 2^31) of the
 * wrapped x << shift. */
#if defined(__GNUC__)
#define TNM_OPT_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define TNM_OPT_LIKELY(x) (x)
#endif

static inline int32_t tnm_opt_requant(int32_t acc, int32_t multiplier, int32_t shift)
{
    if (TNM_OPT_LIKELY(shift < 0)) { /* real multipliers < 1: the usual case */
        const uint32_t two_e = 2u << (-shift - 1); /* 2^e mod 2^32 */
        int64_t sum = (int64_t)(((uint64_t)(two_e >> 2) << 32) | (0x40000000u + (two_e << 30)));
        sum += (int64_t)acc * multiplier;
        sum -= (int64_t)((uint32_t)acc >> 31) << 31;
        return (int32_t)(sum >> 32) >> (-shift - 1);
    } else {
        const int32_t x = (int32_t)((uint32_t)acc << shift);
        return (int32_t)(((int64_t)x * multiplier + (1 << 30)) >> 31);
    }
}

/* Requantize, add the output zero point (wrapping, as TFLite's int32 add), clamp. */
static inline int8_t tnm_opt_output(int32_t acc, int32_t multiplier, int32_t shift,
                                    int32_t output_offset, int32_t act_min, int32_t act_max)
{
    int32_t v = (int32_t)((uint32_t)tnm_opt_requant(acc, multiplier, shift) + (uint32_t)output_offset);
    v = v < act_min ? act_min : v;
    v = v > act_max ? act_max : v;
    return (int8_t)v;
}

/* ---- per-channel prepared requantization: the fast form used inside the blocks ----
 * For 2 <= e = -shift <= 23 the output zero point folds into the same constant:
 *   v + off = floor((x*m + 2^30 + (2*off + 1) * 2^(30+e) - [x<0]*2^31) / 2^(31+e))
 * (the offset is an integer multiple of the divisor). With e >= 2 the constant's low word
 * is 2^30 and its high word chi = (2*off + 1) << (e - 2), so
 *   v + off = (high word of (chi:2^30 + x*m - [x<0]*2^31)) >> (e - 1).
 * The high word cannot wrap: |v| <= 2^(31-e) + 1 and |off| <= 128, so with e <= 23 the
 * true value times 2^(e-1) stays inside int32, and TFLite's wrapping int32 add of the
 * zero point gives the same value. Other shifts take tnm_opt_output. */
static inline int tnm_opt_rq_fast_ok(int32_t shift) { return shift <= -2 && shift >= -23; }

/* chi for a fast-form channel; off2p1 = 2 * output_offset + 1. Channels outside the fast
 * form get 0 (their blocks requantize through tnm_opt_output; the shift count would be
 * out of range, undefined in C). */
static inline int32_t tnm_opt_rq_chi(int32_t off2p1, int32_t shift)
{
    return tnm_opt_rq_fast_ok(shift) ? (int32_t)((uint32_t)off2p1 << (-shift - 2)) : 0;
}

/* requantized value + output zero point, not yet clamped (fast form; e1 = -shift - 1) */
static inline int32_t tnm_opt_rq_fast(int32_t acc, int32_t m, int32_t chi, int32_t e1)
{
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__) && !defined(TNM_OPT_PORTABLE_INTRINSICS)
    /* the constant minus [acc < 0] * 2^31, then one SMLAL */
    uint32_t lo = ((uint32_t)acc & 0x80000000u) | 0x40000000u;
    int32_t hi = (int32_t)((uint32_t)chi - ((uint32_t)acc >> 31));
    __asm__("smlal %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(acc), "r"(m));
    return hi >> e1;
#else
    int64_t s = (int64_t)chi * 4294967296LL + 0x40000000;
    s += (int64_t)acc * m;
    s -= (int64_t)((uint32_t)acc >> 31) << 31;
    return (int32_t)(s >> 32) >> e1;
#endif
}

/* The one-MULH form (cores with a 32x32 -> high-word multiply and no 64-bit accumulate, as
 * rv32's MULH): for 2 <= e = -shift <= 21 and |acc| < 2^29, multiplied by 4 every constant
 * term of the fast form is a multiple of 2^32, so the low word of 4 * acc * m only feeds a
 * floor and
 *   v + off = (MULH(4 * acc, m) + chi4 - 2 * [acc < 0]) >> (e + 1),  chi4 = 1 + (2*off + 1) * 2^e
 * (|MULH| < 2^30 and |chi4| < 2^29.1, so nothing wraps): SLLI, MULH, SRAI, 3 ADD, SRA. */
static inline int tnm_opt_rq4_ok(int32_t shift) { return shift <= -2 && shift >= -21; }
static inline int32_t tnm_opt_rq4_chi(int32_t output_offset, int32_t shift)
{
    return (int32_t)(1u + ((uint32_t)(2 * output_offset + 1) << -shift));
}
/* value + output zero point, not clamped; sh = e + 1 */
static inline int32_t tnm_opt_rq4(uint32_t acc, int32_t m, int32_t chi4, int32_t sh)
{
    const int32_t h = (int32_t)(((int64_t)(int32_t)(acc << 2) * m) >> 32);
    return (int32_t)((uint32_t)h + (uint32_t)chi4 - ((acc >> 31) << 1)) >> sh;
}

/* The doubled form (the depthwise kernels' weights and bias doubled, |acc| < 2^30, acc2 = 2 * acc):
 * one SMMLAR, (chi2 - [acc2 < 0]) * 2^32 + acc2 * m + 2^31, high word, >> e; chi2 = tnm_opt_rq_chi << 1,
 * e = -shift: the same value as tnm_opt_rq_fast. */
static inline int32_t tnm_opt_rq_doubled(int32_t acc2, int32_t m, int32_t chi2, int32_t e)
{
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__) && !defined(TNM_OPT_PORTABLE_INTRINSICS)
    int32_t r, t = (int32_t)((uint32_t)chi2 + (uint32_t)(acc2 >> 31));
    __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(acc2), "r"(m), "r"(t));
    return r >> e;
#else
    int64_t s = (int64_t)(chi2 - (acc2 < 0)) * 4294967296LL + 0x80000000LL;
    s += (int64_t)acc2 * m;
    return (int32_t)(s >> 32) >> e;
#endif
}

/* tnm_opt_requant with its constants prepared once (a loop's requantizations, zero point 0):
 * for shifts -31 .. -1 one form for all, the rounding constants as a 64-bit start (hi:lo)
 * less [acc < 0] * 2^31, one SMLAL, the high word >> (-shift - 1) (tnm_opt_rq_neg); for
 * shifts 0 .. 30 the sum times 2^shift wrapping in int32 as TFLite's does, then the rounding
 * doubling high multiply (tnm_opt_rq_pos). */
typedef struct {
    uint32_t lo;
    int32_t hi, m, e1;
} tnm_opt_rq_pre;

static inline void tnm_opt_rq_prepare(tnm_opt_rq_pre *g, int32_t multiplier, int32_t shift)
{
    /* 2^-shift mod 2^32 (only used for shifts < 0) */
    const uint32_t two_e = shift < 0 ? 2u << (-shift - 1) : 0u;
    g->lo = 0x40000000u + (two_e << 30);
    g->hi = (int32_t)(two_e >> 2);
    g->m = multiplier;
    g->e1 = -shift - 1;
}

static inline int32_t tnm_opt_rq_neg(int32_t acc, const tnm_opt_rq_pre *g)
{
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__) && !defined(TNM_OPT_PORTABLE_INTRINSICS)
    uint32_t lo;
    int32_t hi;
    __asm__("and %0, %2, #0x80000000\n\t"
            "subs %0, %3, %0\n\t"
            "sbc %1, %4, #0\n\t"
            "smlal %0, %1, %2, %5"
            : "=&r"(lo), "=&r"(hi)
            : "r"(acc), "r"(g->lo), "r"(g->hi), "r"(g->m)
            : "cc");
    return hi >> g->e1;
#else
    int64_t sum = (int64_t)(((uint64_t)(uint32_t)g->hi << 32) | g->lo);
    sum -= (int64_t)((uint32_t)acc >> 31) << 31;
    sum += (int64_t)acc * g->m;
    return (int32_t)(sum >> 32) >> g->e1;
#endif
}

static inline int32_t tnm_opt_rq_pos(int32_t acc, int32_t m, int32_t shift)
{
    const int32_t x = (int32_t)((uint32_t)acc << shift);
    return (int32_t)(((int64_t)x * m + (1 << 30)) >> 31);
}

/* One MultiplyByQuantizedMultiplier with its constants prepared once for a loop: for a
 * non-negative multiplier the value of tnm_mbqm for every int32 input (shifts -31 .. -1 one
 * SMLAL, tnm_opt_rq_neg; 0 .. 30 tnm_opt_rq_pos). */
typedef struct {
    tnm_opt_rq_pre pre; /* shifts -31 .. -1 */
    int32_t m, shift;
} tnm_opt_rq_side;

static inline void tnm_opt_rq_side_prepare(tnm_opt_rq_side *side, int32_t multiplier, int32_t shift)
{
    side->m = multiplier;
    side->shift = shift;
    tnm_opt_rq_prepare(&side->pre, multiplier, shift); /* read only for shifts below 0 */
}

static inline int32_t tnm_opt_rq_side_apply(const tnm_opt_rq_side *side, int32_t x)
{
    return side->shift < 0 ? tnm_opt_rq_neg(x, &side->pre) : tnm_opt_rq_pos(x, side->m, side->shift);
}

/* clamp to [-128, 127] (one SSAT on Cortex-M) */
static inline int32_t tnm_opt_sat8(int32_t v)
{
#if defined(__ARM_FEATURE_SAT) && __ARM_FEATURE_SAT && !defined(TNM_OPT_PORTABLE_INTRINSICS)
    return __ssat(v, 8);
#else
    return v < -128 ? -128 : (v > 127 ? 127 : v);
#endif
}

/* clamp to [-32768, 32767] (one SSAT on Cortex-M) */
static inline int32_t tnm_opt_sat16(int32_t v)
{
#if defined(__ARM_FEATURE_SAT) && __ARM_FEATURE_SAT && !defined(TNM_OPT_PORTABLE_INTRINSICS)
    return __ssat(v, 16);
#else
    return v < -32768 ? -32768 : (v > 32767 ? 32767 : v);
#endif
}

/* ---- shared by the one-output-channel convolutions (Cortex-M and rv32) ---- */
/* acc requantized, + the output zero point, in the activation range [lo, hi]: the fast form
 * when chi (tnm_opt_rq_chi) is not 0, else tnm_opt_output. */
static inline int8_t tnm_opt_output_chi(int32_t acc, int32_t m, int32_t shift, int32_t chi, int32_t output_offset,
                                        int32_t lo, int32_t hi)
{
    int32_t v;
    if (chi == 0) return tnm_opt_output(acc, m, shift, output_offset, lo, hi);
    v = tnm_opt_sat8(tnm_opt_rq_fast(acc, m, chi, -shift - 1));
    v = v < lo ? lo : v;
    return (int8_t)(v > hi ? hi : v);
}
/* The taps of a window starting at input position start (taps at start + t * dil, t < taps)
 * that lie inside [0, size): *first .. *end - 1. */
static inline void tnm_opt_taps_inside(int32_t start, int32_t dil, int32_t size, int32_t taps, int32_t *first,
                                       int32_t *end)
{
    *first = start >= 0 ? 0 : (-start + dil - 1) / dil;
    *end = size - start <= 0 ? 0 : (size - start + dil - 1) / dil;
    if (*end > taps) *end = taps;
}
/* The outputs along one axis whose windows (span input positions, from output * stride - pad)
 * lie inside [0, size): *lo .. *hi - 1 (*hi >= *lo, both within [0, out]). */
static inline void tnm_opt_windows_inside(int32_t size, int32_t span, int32_t pad, int32_t stride, int32_t out,
                                          int32_t *lo, int32_t *hi)
{
    *lo = (pad + stride - 1) / stride;
    *hi = size - span + pad >= 0 ? (size - span + pad) / stride + 1 : 0;
    if (*hi > out) *hi = out;
    if (*lo > out) *lo = out;
    if (*hi < *lo) *hi = *lo;
}
/* The sum of wsum (per tap position, rows of fw) over rows r0 .. r1 - 1, columns c0 .. c1 - 1. */
static inline uint32_t tnm_opt_tap_sum(const uint32_t *wsum, int32_t fw, int32_t r0, int32_t r1, int32_t c0,
                                       int32_t c1)
{
    uint32_t sum = 0u;
    int32_t r, i;
    for (r = r0; r < r1; ++r)
        for (i = c0; i < c1; ++i) sum += wsum[r * fw + i];
    return sum;
}

/* Bytewise signed maximum and minimum of 4 int8 lanes (SSUB8 sets a lane's GE bits when
 * its difference is >= 0, SEL picks the first operand there: 2 instructions on cores with
 * the DSP extension; a loop over the bytes elsewhere). */
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__) && !defined(TNM_OPT_PORTABLE_INTRINSICS)
/* a where d's lane is >= 0 (d = SSUB8 of the pair), else b */
#define TNM_SEL4_S8(d_first, d_second, a, b)                                                   \
    do {                                                                                       \
        __asm__("ssub8 %0, %1, %2\n\tsel %0, %3, %4"                                           \
                : "=&r"(r) : "r"(d_first), "r"(d_second), "r"(a), "r"(b) : "cc");             \
    } while (0)
static inline uint32_t tnm_max4_s8(uint32_t a, uint32_t b)
{
    uint32_t r;
    TNM_SEL4_S8(a, b, a, b);
    return r;
}
static inline uint32_t tnm_min4_s8(uint32_t a, uint32_t b)
{
    uint32_t r;
    TNM_SEL4_S8(b, a, a, b);
    return r;
}
#else
static inline uint32_t tnm_pick4_s8(uint32_t a, uint32_t b, int want_max)
{
    uint32_t r = 0u;
    int i;
    for (i = 0; i < 4; ++i) {
        const int32_t x = (int8_t)(uint8_t)(a >> (8 * i)), y = (int8_t)(uint8_t)(b >> (8 * i));
        r |= (uint32_t)(uint8_t)((x >= y) == (want_max != 0) ? x : y) << (8 * i);
    }
    return r;
}
static inline uint32_t tnm_max4_s8(uint32_t a, uint32_t b) { return tnm_pick4_s8(a, b, 1); }
static inline uint32_t tnm_min4_s8(uint32_t a, uint32_t b) { return tnm_pick4_s8(a, b, 0); }
#endif

/* 4 int8 as one little-endian word, at any alignment (one LDR on Cortex-M). */
static inline uint32_t tnm_opt_read4(const int8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* ---- the ARMv7E-M DSP instructions, real or in portable C ---- */
#if TNM_HAVE_ARM_DSP_VARIANT
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(TNM_OPT_PORTABLE_INTRINSICS)
/* Hand-scheduled inner loops (GCC/Clang inline assembly, Thumb-2). */
#if defined(__GNUC__) && defined(__thumb2__)
#define TNM_OPT_ARM_ASM 1
#endif
/* SXTB16: sign-extend bytes 0 and 2 into two int16 lanes. */
static inline uint32_t tnm_sxtb16(uint32_t x) { return __sxtb16(x); }
/* SXTB16 of x rotated right by 8: bytes 1 and 3. */
static inline uint32_t tnm_sxtb16_ror8(uint32_t x)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}
/* SXTAB16: lanes of a plus the sign-extended bytes 0 and 2 of x (16-bit wrap). */
static inline uint32_t tnm_sxtab16(uint32_t a, uint32_t x) { return __sxtab16(a, x); }
static inline uint32_t tnm_sxtab16_ror8(uint32_t a, uint32_t x)
{
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}
/* SMLAD: acc + lo(x)*lo(y) + hi(x)*hi(y), modulo 2^32 (the Q flag is never read). */
static inline uint32_t tnm_smlad(uint32_t x, uint32_t y, uint32_t acc)
{
    return (uint32_t)__smlad(x, y, (int32_t)acc);
}
/* SMLABB / SMLATT: acc + lo(x)*lo(y), acc + hi(x)*hi(y). */
static inline uint32_t tnm_smlabb(uint32_t x, uint32_t y, uint32_t acc)
{
    return (uint32_t)__smlabb((int32_t)x, (int32_t)y, (int32_t)acc);
}
static inline uint32_t tnm_smlatt(uint32_t x, uint32_t y, uint32_t acc)
{
    return (uint32_t)__smlatt((int32_t)x, (int32_t)y, (int32_t)acc);
}
#else
static inline int32_t tnm_lane_lo(uint32_t x) { return (int32_t)(int16_t)(uint16_t)(x & 0xFFFFu); }
static inline int32_t tnm_lane_hi(uint32_t x) { return (int32_t)(int16_t)(uint16_t)(x >> 16); }
static inline uint32_t tnm_pack16(int32_t lo, int32_t hi)
{
    return ((uint32_t)lo & 0xFFFFu) | (((uint32_t)hi & 0xFFFFu) << 16);
}
static inline int32_t tnm_byte(uint32_t x, int i) { return (int32_t)(int8_t)(uint8_t)(x >> (8 * i)); }
static inline uint32_t tnm_sxtb16(uint32_t x) { return tnm_pack16(tnm_byte(x, 0), tnm_byte(x, 2)); }
static inline uint32_t tnm_sxtb16_ror8(uint32_t x) { return tnm_pack16(tnm_byte(x, 1), tnm_byte(x, 3)); }
static inline uint32_t tnm_sxtab16(uint32_t a, uint32_t x)
{
    return tnm_pack16(tnm_lane_lo(a) + tnm_byte(x, 0), tnm_lane_hi(a) + tnm_byte(x, 2));
}
static inline uint32_t tnm_sxtab16_ror8(uint32_t a, uint32_t x)
{
    return tnm_pack16(tnm_lane_lo(a) + tnm_byte(x, 1), tnm_lane_hi(a) + tnm_byte(x, 3));
}
static inline uint32_t tnm_smlad(uint32_t x, uint32_t y, uint32_t acc)
{
    /* each product fits int32; the sums wrap modulo 2^32 like the instruction */
    return acc + (uint32_t)(tnm_lane_lo(x) * tnm_lane_lo(y)) + (uint32_t)(tnm_lane_hi(x) * tnm_lane_hi(y));
}
static inline uint32_t tnm_smlabb(uint32_t x, uint32_t y, uint32_t acc)
{
    return acc + (uint32_t)(tnm_lane_lo(x) * tnm_lane_lo(y));
}
static inline uint32_t tnm_smlatt(uint32_t x, uint32_t y, uint32_t acc)
{
    return acc + (uint32_t)(tnm_lane_hi(x) * tnm_lane_hi(y));
}
#endif
#endif

#ifndef TNM_OPT_ARM_ASM
#define TNM_OPT_ARM_ASM 0
#endif

/* Two halves into a word: PKHBT (p & 0xFFFF) | (q << 16) and PKHTB (q & 0xFFFF0000) | (p >> 16)
 * (GCC builds each from 3 masks and shifts). */
#if TNM_OPT_ARM_ASM
static inline uint32_t tnm_opt_pack_lo16(uint32_t p, uint32_t q)
{
    uint32_t r;
    __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(p), "r"(q));
    return r;
}
static inline uint32_t tnm_opt_pack_hi16(uint32_t q, uint32_t p)
{
    uint32_t r;
    __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(q), "r"(p));
    return r;
}
#else
static inline uint32_t tnm_opt_pack_lo16(uint32_t p, uint32_t q) { return (p & 0xFFFFu) | (q << 16); }
static inline uint32_t tnm_opt_pack_hi16(uint32_t q, uint32_t p) { return (q & 0xFFFF0000u) | (p >> 16); }
#endif

/* The shapes of tnm_conv_s8_pixels: 1x1, stride 1, unpadded, one image, output h and w
 * those of the input, the filter's channels the input's. */
static inline int tnm_is_pixel_conv(const tnm_conv_params *params, const tnm_dims *input,
                                    const tnm_dims *filter, const tnm_dims *output)
{
    return filter->h == 1 && filter->w == 1 && params->stride_h == 1 && params->stride_w == 1 &&
           params->pad_h == 0 && params->pad_w == 0 && input->n == 1 && output->h == input->h &&
           output->w == input->w && filter->c == input->c;
}

/* ---- FULLY_CONNECTED on Cortex-M DSP (tnm_fully_connected_s8_arm_dsp.c): the pass plan,
 * shared with the variant query (tnm_arm_dsp_fc_variants, tnm_variants.c) ----
 * Inputs per extended chunk (a multiple of 8) and rows per group when the depth takes
 * several chunks or the sums are finished in C. */
#define TNM_FC_CHUNK 640
#define TNM_FC_ROWS 64
/* Passes of three rows for a group of gn rows of one misalignment (the rest in pairs and a
 * row paired with itself): threes while more than 4 rows are left; under 12 rows the passes
 * saved do not pay for a third call per chunk, except one three for an odd count of rows
 * of 64 or more values, which spares the row paired with itself (a whole pass for one row:
 * 19 instructions per 8 values against a three's 9 more per 8 values and its call). */
static inline int32_t tnm_opt_fc_threes(int32_t gn, int32_t depth)
{
    const int32_t t = gn < 12 ? ((gn & 1) != 0 && gn >= 3 && depth >= 64 ? 1 : 0)
                              : gn / 3 - ((gn % 3) == 1 ? 1 : 0);
    return t < 0 ? 0 : t;
}
/* FULLY_CONNECTED calls small enough that the Cortex-M passes' setup (per phase of rows an
 * extended copy of the input, per pass its arguments) outweighs their multiply-adds: rows
 * with fewer than 8 values (the passes read 8-byte blocks), or at most
 * TNM_OPT_FC_SMALL_MACS multiply-adds in all (hello_world's 1 -> 16 -> 16 -> 1). Those run
 * row by row in C. */
#ifndef TNM_OPT_FC_SMALL_MACS
#define TNM_OPT_FC_SMALL_MACS 128
#endif
static inline int tnm_opt_fc_small(int32_t depth, int32_t output_depth)
{
    return depth < 8 || (int64_t)depth * output_depth <= TNM_OPT_FC_SMALL_MACS;
}

/* Rows per misalignment step: s = 1, 2 or 4 by depth % 4. */
static inline int32_t tnm_opt_fc_step(int32_t depth)
{
    return (depth & 3) == 0 ? 1 : (depth & 1) != 0 ? 4 : 2;
}
/* Of the n_rows rows ph, ph + s, ... (misalignment m = (ph * depth) & 3), how many read
 * only inside the weights (output_depth rows of depth bytes) in the blocks: the last
 * chunk (last_len inputs) reads 8 * ceil((last_len + m) / 8) - m - last_len bytes past a
 * row's end. */
static inline int32_t tnm_opt_fc_safe_rows(int32_t depth, int32_t output_depth, int32_t ph, int32_t s,
                                           int32_t last_len)
{
    const int32_t m = (ph * depth) & 3;
    const int32_t over = 8 * ((last_len + m + 7) >> 3) - m - last_len;
    const int32_t r_max = output_depth - 1 - (over > 0 ? (over + depth - 1) / depth : 0);
    return r_max < ph ? 0 : (r_max - ph) / s + 1;
}

/* The rows of a phase its groups of passes take: the safe rows, less the last of them when
 * an odd number of rows past them is left, so that the rows past the safe ones go in pairs
 * (their blocks inside the weights as one pass of two rows, the rest in C) rather than one
 * row paired with itself. */
static inline int32_t tnm_opt_fc_group_rows(int32_t n_safe, int32_t n_rows)
{
    return n_safe > 0 && ((n_rows - n_safe) & 1) != 0 ? n_safe - 1 : n_safe;
}

#endif
