/* QUANTIZE (float -> int8, int8 -> int8) and DEQUANTIZE (int8 -> float), as TFLM's
 * reference kernels compute them. */
#include <float.h>
#include <math.h>

#include "tnm/tnm_kernels_data.h"
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

static int scale_ok(float scale) { return scale > 0.0f && scale <= FLT_MAX; } /* rejects NaN */
static int zero_point_ok(int32_t zp) { return zp >= -128 && zp <= 127; }

/* AffineQuantize: float division, std::round (half away from zero), + zp, clamped to
 * [lo, hi]. The rounding without a library call: below 100000 the magnitude's truncation and
 * its fraction are exact in float, so "fraction >= 0.5 rounds up" is roundf's result (a
 * float input's QUANTIZE cost ~25 instructions a value in roundf on Cortex-M4). */
static inline int32_t affine_quantize(float x, float scale, int32_t zero_point, int32_t lo, int32_t hi, int int8)
{
    const float q = x / scale;
    float a;
    int32_t r;
    if (q != q) return zero_point; /* NaN: 0 like Arm's float->int conversion, then + zp */
    a = fabsf(q);
    /* beyond int32 TFLite's cast is undefined; saturate instead (any |q| > 100000 saturates
     * int8 and int16 alike) */
    if (a > 100000.0f) return q > 0.0f ? hi : lo;
    r = (int32_t)a;
    if (a - (float)r >= 0.5f) r++;
    r = (q < 0.0f ? -r : r) + zero_point;
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
