/* QUANTIZE (float -> int8, int8 -> int8) and DEQUANTIZE (int8 -> float), as TFLM's
 * reference kernels compute them. */
#include <float.h>

#include "tnm/tnm_kernels_data.h"
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

static int scale_ok(float scale) { return scale > 0.0f && scale <= FLT_MAX; } /* rejects NaN */
static int zero_point_ok(int32_t zp) { return zp >= -128 && zp <= 127; }

/* 2q truncated toward zero, NaN -> 0, saturated to 24 bits (|q| >= 2^22 saturates int8 and
 * int16 outputs alike, and the rounding below cannot overflow): one VCVT to fixed point with
 * one fraction bit on a Cortex-M FPU (which saturates and maps NaN to 0) and an SSAT; the same
 * in C elsewhere (2q is exact in float). */
static inline int32_t twice_truncated(float q)
{
#if TNM_OPT_ARM_ASM && defined(__ARM_FP) && (__ARM_FP & 4)
    int32_t t;
    __asm__("vcvt.s32.f32 %1, %1, #1\n\tvmov %0, %1\n\tssat %0, #24, %0" : "=r"(t), "+t"(q));
    return t;
#else
    if (q != q) return 0;
    if (q >= 4194304.0f) return (1 << 23) - 1;
    if (q <= -4194304.0f) return -(1 << 23);
    return (int32_t)(q * 2.0f);
#endif
}

/* AffineQuantize: float division, std::round (half away from zero), + zp, clamped to
 * [lo, hi]. The rounding without a library call or a float compare: with t = trunc(2q),
 * round(q) = floor((t + 1) / 2) for t >= 0 and floor(t / 2) below (an odd t is a half or
 * more past its floor half, away from zero), so round(q) + zp = (t + (t < 0 ? 0 : 1) + 2 zp)
 * >> 1, the floor shift. NaN gives 0 like Arm's float->int conversion, then + zp; beyond
 * int32 TFLite's cast is undefined, here it saturates. 11 instructions a value on
 * Cortex-M4 (the compare-based form before it: 27). */
static inline int32_t affine_quantize(float x, float scale, int32_t zero_point, int32_t lo, int32_t hi, int int8)
{
    const int32_t t = twice_truncated(x / scale);
    const int32_t r = tnm_asr(t + tnm_asr(t, 31) + (2 * zero_point + 1), 1); /* |t| <= 2^23 */
    return int8 ? tnm_opt_sat8(r) : tnm_clamp(r, lo, hi); /* int8: one SSAT on Cortex-M */
}

tnm_status tnm_quantize_f32_s8(int32_t count, const float *input, float scale,
                               int32_t zero_point, int8_t *output)
{
    int32_t i;
    if (input == 0 || output == 0 || count < 0 || !scale_ok(scale) || !zero_point_ok(zero_point)) {
        return TNM_ERR_ARGUMENT;
    }
    for (i = 0; i < count; ++i) output[i] = (int8_t)affine_quantize(input[i], scale, zero_point, -128, 127, 1);
    return TNM_OK;
}

tnm_status tnm_quantize_f32_s16(int32_t count, const float *input, float scale, int32_t zero_point,
                                int16_t *output)
{
    int32_t i;
    if (input == 0 || output == 0 || count < 0 || !scale_ok(scale) || zero_point < -32768 || zero_point > 32767)
        return TNM_ERR_ARGUMENT;
    for (i = 0; i < count; ++i) output[i] = (int16_t)affine_quantize(input[i], scale, zero_point, -32768, 32767, 0);
    return TNM_OK;
}

tnm_status tnm_requantize_s8(int32_t count, const int8_t *input, int32_t input_zero_point,
                             int32_t multiplier, int32_t shift, int32_t output_zero_point,
                             int8_t *output)
{
    int32_t i;
    if (input == 0 || output == 0 || count < 0 || !zero_point_ok(input_zero_point) ||
        !zero_point_ok(output_zero_point) || !tnm_multiplier_ok(multiplier, shift)) {
        return TNM_ERR_ARGUMENT;
    }
    for (i = 0; i < count; ++i) {
        const int32_t v = tnm_mbqm(input[i] - input_zero_point, multiplier, shift);
        output[i] = (int8_t)tnm_clamp(tnm_wrap_add(v, output_zero_point), -128, 127);
    }
    return TNM_OK;
}

tnm_status tnm_dequantize_s8_f32(int32_t count, const int8_t *input, float scale,
                                 int32_t zero_point, float *output)
{
    int32_t i;
    if (input == 0 || output == 0 || count < 0 || !scale_ok(scale) || !zero_point_ok(zero_point)) {
        return TNM_ERR_ARGUMENT;
    }
    for (i = 0; i < count; ++i) {
        /* TFLM computes (float)((double)scale * (q - zp)). That double product is exact
         * (24 + 9 bits), so one float multiply rounds to the same float, without
         * needing double arithmetic on the device. */
        output[i] = scale * (float)(input[i] - zero_point);
    }
    return TNM_OK;
}

tnm_status tnm_dequantize_s16_f32(int32_t count, const int16_t *input, float scale,
                                  int32_t zero_point, float *output)
{
    int32_t i;
    if (input == 0 || output == 0 || count < 0 || !scale_ok(scale) || zero_point < -32768 ||
        zero_point > 32767) {
        return TNM_ERR_ARGUMENT;
    }
    /* |q - zp| < 2^17: exact as a float, and the product of 24 + 17 bits exact in TFLM's
     * double before its one rounding to float, as this float multiply rounds it */
    for (i = 0; i < count; ++i) output[i] = scale * (float)((int32_t)input[i] - zero_point);
    return TNM_OK;
}

tnm_status tnm_dequantize_u8_f32(int32_t count, const uint8_t *input, float scale,
                                 int32_t zero_point, float *output)
{
    int32_t i;
    if (input == 0 || output == 0 || count < 0 || !scale_ok(scale) || zero_point < 0 || zero_point > 255) {
        return TNM_ERR_ARGUMENT;
    }
    for (i = 0; i < count; ++i) output[i] = scale * (float)((int32_t)input[i] - zero_point);
    return TNM_OK;
}
