/*
 * Plain reference arithmetic for the kernel tests, written from the definitions
 * (int64, the formula directly), independently of src/kernels. Header only (static),
 * shared by the tests/test_kernels_*.c programs.
 */
#ifndef TEST_KERNELS_REF_H
#define TEST_KERNELS_REF_H

#include <math.h>
#include <stdint.h>

#include "tnm/tnm_kernels.h"
#include "tnm_test.h"

/* floor(a / b), b > 0 */
static inline int64_t ref_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && a < 0) q -= 1;
    return q;
}

/* Value of v modulo 2^32 as int32 (two's complement wrap). */
static inline int32_t ref_wrap32(int64_t v)
{
    int64_t low = v & 0xFFFFFFFFLL;
    if (low >= 0x80000000LL) low -= 0x100000000LL;
    return (int32_t)low;
}

/* Nearest integer to a * b / 2^31, ties toward +infinity, saturated to int32. */
static inline int32_t ref_srdhm(int32_t a, int32_t b)
{
    int64_t r = ref_floor_div((int64_t)a * b + (1LL << 30), 1LL << 31);
    return r > INT32_MAX ? INT32_MAX : (int32_t)r;
}

/* Nearest integer to x / 2^e, ties away from zero. */
static inline int32_t ref_rdbpot(int32_t x, int e)
{
    int64_t mag = x < 0 ? -(int64_t)x : (int64_t)x;
    int64_t r;
    if (e == 0) return x;
    r = (mag + (1LL << (e - 1))) >> e;
    return (int32_t)(x < 0 ? -r : r);
}

/* TFLite's double-rounding MultiplyByQuantizedMultiplier. */
static inline int32_t ref_mbqm(int32_t x, int32_t multiplier, int shift)
{
    int left = shift > 0 ? shift : 0;
    int right = shift > 0 ? 0 : -shift;
    int32_t shifted = ref_wrap32((int64_t)x * (1LL << left));
    return ref_rdbpot(ref_srdhm(shifted, multiplier), right);
}

static inline int32_t ref_clamp(int64_t v, int32_t lo, int32_t hi)
{
    return (int32_t)(v < lo ? lo : (v > hi ? hi : v));
}

/* TFLite QuantizeMultiplier (frexp; q * 2^31 rounded half away from zero). */
static inline void ref_quantize_multiplier(double real, int32_t *multiplier, int *shift)
{
    double q;
    int64_t q_fixed;
    if (real == 0.0) {
        *multiplier = 0;
        *shift = 0;
        return;
    }
    q = frexp(real, shift);
    q_fixed = (int64_t)round(q * 2147483648.0);
    if (q_fixed == (1LL << 31)) {
        q_fixed /= 2;
        ++*shift;
    }
    if (*shift < -31) {
        *shift = 0;
        q_fixed = 0;
    }
    *multiplier = (int32_t)q_fixed;
}

/* TFLite's MultiplyByQuantizedMultiplier(int64_t, ...) (its 16x8 kernels): the multiplier
 * rounded to its top 16 bits (at most 0x7FFF), x times it, rounded up at half, divided by
 * 2^(15 - shift) (floor), wrapped to int32. */
static inline int32_t ref_mbqm64(int64_t x, int32_t multiplier, int shift)
{
    const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + 32768) / 65536 : 0x7FFF;
    const int total = 15 - shift;
    return ref_wrap32(ref_floor_div(x * reduced + ((int64_t)1 << (total - 1)), (int64_t)1 << total));
}

/* LOG_SOFTMAX's parameters as the compiler derives them (TFLite PreprocessLogSoftmaxScalingExp,
 * beta 1, 5 integer bits; diff_min = -CalculateInputRadius(5, left shift)). */
static inline void ref_log_softmax_params(double input_scale, tnm_log_softmax_params *p)
{
    double real = input_scale * (double)(1 << 26);
    int shift, reverse_shift;
    if (real > 2147483647.0) real = 2147483647.0;
    ref_quantize_multiplier(real, &p->input_multiplier, &shift);
    p->input_left_shift = shift;
    ref_quantize_multiplier((double)(1LL << (31 - shift)) / (double)p->input_multiplier,
                            &p->reverse_scaling_divisor, &reverse_shift);
    p->reverse_scaling_left_shift = reverse_shift;
    p->diff_min = -(int32_t)floor(31.0 * (double)(1LL << 26) / (double)(1LL << shift));
}

/* TFLite's LUTPopulate<int16_t> (common.h LUTPopulateInt16, float), written out for the tests:
 * 512 samples of f over the int16 input range, each corrected by half its midpoint error, then
 * the end of the range. exp == 1: exp(x) with TFLM softmax's scales, else 1 / (1 + x). */
static inline float ref_lut_f(int exp_table, float x) { return exp_table ? expf(x) : 1.0f / (1.0f + x); }
static inline void ref_softmax_lut16(int exp_table, int16_t lut[513])
{
    const float in_scale = exp_table ? 10.0f / 65535 : 1.0f / 65535, out_scale = 2.0f / 65535;
    const int32_t in_zp = exp_table ? 32767 : -32768;
    const float in_min = in_scale * (float)(-32768 - in_zp), in_max = in_scale * (float)(32767 - in_zp);
    const float out_min = out_scale * (float)-32768, out_max = out_scale * (float)32767;
    const float step = (in_max - in_min) / 512, half = step / 2, inv = 65536.0f / (out_max - out_min);
    int i;
    for (i = 0; i < 512; i++) {
        const float v = ref_lut_f(exp_table, in_min + (float)i * step);
        const float vm = ref_lut_f(exp_table, in_min + (float)i * step + half);
        const float vn = ref_lut_f(exp_table, in_min + (float)(i + 1) * step);
        const float sample = roundf(v * inv);
        const float bias = roundf((roundf((vn * inv + roundf(v * inv)) / 2) - roundf(vm * inv)) / 2);
        const float e = sample - bias;
        lut[i] = (int16_t)(e < -32768.0f ? -32768.0f : (e > 32767.0f ? 32767.0f : e));
    }
    {
        const float e = roundf(ref_lut_f(exp_table, in_max) * inv);
        lut[512] = (int16_t)(e < -32768.0f ? -32768.0f : (e > 32767.0f ? 32767.0f : e));
    }
}

/* Random helpers for parameter sweeps. */
static inline int32_t rnd_zero_point(tnm_rng *rng)
{
    switch (tnm_rng_range(rng, 0, 5)) {
    case 0: return -128;
    case 1: return 127;
    case 2: return 0;
    default: return tnm_rng_range(rng, -128, 127);
    }
}

static inline int32_t rnd_multiplier(tnm_rng *rng)
{
    switch (tnm_rng_range(rng, 0, 7)) {
    case 0: return 1 << 30;
    case 1: return INT32_MAX;
    case 2: return INT32_MAX - tnm_rng_range(rng, 0, 1000);
    case 3: return (1 << 30) + tnm_rng_range(rng, 0, 1000);
    default: return tnm_rng_range(rng, 1 << 30, INT32_MAX);
    }
}

/* Mostly shifts that give meaningful int8 outputs for accumulators around 2^10..2^20;
 * sometimes the extremes of [-31, 30]. */
static inline int rnd_shift(tnm_rng *rng, int lo_typical, int hi_typical)
{
    switch (tnm_rng_range(rng, 0, 9)) {
    case 0: return -31;
    case 1: return 30;
    case 2: return tnm_rng_range(rng, -31, 30);
    default: return tnm_rng_range(rng, lo_typical, hi_typical);
    }
}

static inline void rnd_act_range(tnm_rng *rng, int32_t *act_min, int32_t *act_max)
{
    if (tnm_rng_range(rng, 0, 2) == 0) {
        int32_t a = tnm_rng_range(rng, -128, 127), b = tnm_rng_range(rng, -128, 127);
        *act_min = a < b ? a : b;
        *act_max = a < b ? b : a;
    } else {
        *act_min = -128;
        *act_max = 127;
    }
}

static inline void rnd_fill_s8(tnm_rng *rng, int8_t *buf, int32_t count)
{
    int32_t i;
    for (i = 0; i < count; ++i) buf[i] = (int8_t)tnm_rng_range(rng, -128, 127);
}

#endif
