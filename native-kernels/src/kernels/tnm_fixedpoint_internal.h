/*
 * Fixed-point helpers shared by the kernels (internal, inline).
 *
 * These reproduce TFLite's arithmetic (gemmlowp fixedpoint + common.h) bit for bit,
 * written so that no input can cause signed-overflow undefined behaviour: where TFLite
 * lets an int32 expression wrap (it builds those with overflow sanitizing disabled),
 * we wrap explicitly through uint32, which gives the same bits on every
 * two's-complement target.
 */
#ifndef TNM_FIXEDPOINT_INTERNAL_H
#define TNM_FIXEDPOINT_INTERNAL_H

#include <stdint.h>

#include "tnm/tnm_kernels.h"

/* uint32 -> int32 modulo 2^32 (a no-op on every real compiler, but defined in C99). */
static inline int32_t tnm_wrap_i32(uint32_t v)
{
    return v <= 0x7FFFFFFFu ? (int32_t)v : (int32_t)(v - 0x80000000u) - INT32_MAX - 1;
}

static inline int32_t tnm_wrap_add(int32_t a, int32_t b)
{
    return tnm_wrap_i32((uint32_t)a + (uint32_t)b);
}

static inline int32_t tnm_wrap_sub(int32_t a, int32_t b)
{
    return tnm_wrap_i32((uint32_t)a - (uint32_t)b);
}

/* x * 2^s modulo 2^32, s in [0, 31] (TFLite's x * (1 << s)). */
static inline int32_t tnm_shl_wrap(int32_t x, int32_t s)
{
    return tnm_wrap_i32((uint32_t)x << s);
}

/* Arithmetic shift right (floor division by 2^s), s in [0, 31], without relying on
 * the implementation-defined >> of negative values. */
static inline int32_t tnm_asr(int32_t x, int32_t s)
{
    return x >= 0 ? (x >> s) : ~((~x) >> s);
}

static inline int32_t tnm_clamp(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* tnm_srdhm for operands known not to be both INT32_MIN (one a constant, or a value whose
 * range excludes it): the product cannot overflow the result. gemmlowp adds 2^30 (2^30 - 1
 * below zero) and truncates toward zero; for a negative product that equals
 * floor((ab + 2^30) / 2^31) too, so one rounding constant and a floor shift serve both signs
 * (SMLAL, LSR, ORR on Cortex-M). ~(~v >> 31) is the floor shift without the
 * implementation-defined >> of a negative value. */
static inline int32_t tnm_srdhm_unguarded(int32_t a, int32_t b)
{
    const int64_t v = (int64_t)a * (int64_t)b + ((int64_t)1 << 30);
    return (int32_t)(v >= 0 ? v >> 31 : ~((~v) >> 31));
}

/* gemmlowp SaturatingRoundingDoublingHighMul (ARM VQRDMULH): round(a * b / 2^31),
 * ties toward +infinity, INT32_MIN * INT32_MIN saturating to INT32_MAX. */
static inline int32_t tnm_srdhm(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    return tnm_srdhm_unguarded(a, b);
}

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from
 * zero. exponent in [0, 31]. */
static inline int32_t tnm_rdbpot(int32_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return tnm_asr(x, exponent) + (remainder > threshold ? 1 : 0);
}

/* TFLite's default (double-rounding) MultiplyByQuantizedMultiplier.
 * shift in [-31, 30]; the left shift wraps like TFLite's x * (1 << left_shift). */
static inline int32_t tnm_mbqm(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left_shift = shift > 0 ? shift : 0;
    const int32_t right_shift = shift > 0 ? 0 : -shift;
    return tnm_rdbpot(tnm_srdhm(tnm_shl_wrap(x, left_shift), multiplier), right_shift);
}

/* TFLite's MultiplyByQuantizedMultiplier(int64_t x, ...) of its default (double-rounding)
 * build, which its 16x8 kernels use: the multiplier rounded to 16 bits, one rounding shift of
 * 15 - shift (shift in [-31, 14]: 1 to 46; TFLite asserts at most 7 in debug builds). |x| < 2^47
 * keeps the product below 2^62; the int64 -> int32 cast wraps as there. */
static inline int32_t tnm_mbqm64(int64_t x, int32_t multiplier, int32_t shift)
{
    const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    const int32_t total = 15 - shift;
    const int64_t r = x * reduced + ((int64_t)1 << (total - 1));
    /* arithmetic shift without the implementation-defined >> of a negative value */
    const int64_t q = r >= 0 ? r >> total : ~((~r) >> total);
    return tnm_wrap_i32((uint32_t)(uint64_t)q);
}

/* The common tail of CONV/DEPTHWISE/FC: requantize the (wrapped) accumulator, add the
 * output zero point, clamp to the activation range. */
static inline int8_t tnm_output_s8(uint32_t acc, int32_t multiplier, int32_t shift,
                                   int32_t output_offset, int32_t act_min, int32_t act_max)
{
    int32_t v = tnm_mbqm(tnm_wrap_i32(acc), multiplier, shift);
    v = tnm_wrap_add(v, output_offset);
    return (int8_t)tnm_clamp(v, act_min, act_max);
}

/* ---- cheap argument checks shared by the kernels ---- */

/* All dims >= 1 and the element count fits in int32 (so every index fits too).
 * (tnm_fixedpoint.c: out of line, every kernel checks its dims with it.) */
int tnm_dims_ok(const tnm_dims *d);

static inline int tnm_product_fits(int32_t a, int32_t b)
{
    return (int64_t)a * (int64_t)b <= INT32_MAX;
}

/* A requantization multiplier/shift pair as the kernels accept it. */
static inline int tnm_multiplier_ok(int32_t multiplier, int32_t shift)
{
    return multiplier >= 0 && shift >= -31 && shift <= 30;
}

/* n per-channel pairs, each as tnm_multiplier_ok: one OR per pair, no branch (a layer of
 * hundreds of channels is checked per call); bit 31 of m, of s + 31 and of 30 - s is clear
 * exactly when m >= 0 and -31 <= s <= 30. */
static inline int tnm_multipliers_ok(const int32_t *multiplier, const int8_t *shift, int32_t n)
{
    uint32_t bad = 0u;
    int32_t i;
    for (i = 0; i < n; ++i) {
        const int32_t s = shift[i];
        bad |= (uint32_t)multiplier[i] | (uint32_t)(s + 31) | (uint32_t)(30 - s);
    }
    return (bad >> 31) == 0u;
}

/* Offsets and activation range of an int8 op. input offsets are -zero point. */
static inline int tnm_input_offset_ok(int32_t offset) { return offset >= -127 && offset <= 128; }
static inline int tnm_output_offset_ok(int32_t offset) { return offset >= -128 && offset <= 127; }
static inline int tnm_act_range_ok(int32_t act_min, int32_t act_max)
{
    return act_min >= -128 && act_max <= 127 && act_min <= act_max;
}

/* Sliding-window geometry along one axis: stride, dilation >= 1, padding >= 0, and
 * the farthest input coordinate a window reaches fits in int32 (so the loops'
 * coordinate arithmetic cannot overflow). (tnm_fixedpoint.c, out of line.) */
int tnm_window_ok(int32_t out_size, int32_t stride, int32_t filter_size, int32_t dilation,
                  int32_t pad);

/* The filter taps k in [*start, *end) whose input coordinate origin + k * dilation
 * lies inside [0, in_size). Taps outside the image are skipped, as TFLite does.
 * dilation >= 1, in_size >= 1, filter_size >= 0. Unsigned 32-bit arithmetic (a single
 * divide instruction on the targets, no 64-bit library call): with |origin| < 2^31 the
 * distances below are in [0, 2^32) and the unsigned differences exact. */
static inline void tnm_tap_range(int32_t origin, int32_t dilation, int32_t in_size,
                                 int32_t filter_size, int32_t *start, int32_t *end)
{
    uint32_t first = 0, stop = 0;
    if (origin < in_size) {
        /* largest reachable k: (in_size - 1 - origin) / dilation */
        stop = ((uint32_t)in_size - 1u - (uint32_t)origin) / (uint32_t)dilation + 1u;
        /* smallest k inside: ceil(-origin / dilation) */
        if (origin < 0) first = (0u - (uint32_t)origin + (uint32_t)dilation - 1u) / (uint32_t)dilation;
    }
    if (stop > (uint32_t)filter_size) stop = (uint32_t)filter_size;
    if (first > stop) first = stop;
    *start = (int32_t)first;
    *end = (int32_t)stop;
}

#endif
