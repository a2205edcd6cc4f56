/* Fixed-point primitives and the QUANTIZE / REQUANTIZE / DEQUANTIZE kernels. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"
#include "tnm/tnm_kernels_data.h"

static void test_known_values(void)
{
    /* SaturatingRoundingDoublingHighMul: round(a*b / 2^31), ties up, one saturating case. */
    CHECK_EQ(INT32_MAX, tnm_saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MIN));
    CHECK_EQ(-INT32_MAX, tnm_saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MAX));
    CHECK_EQ(INT32_MAX - 1, tnm_saturating_rounding_doubling_high_mul(INT32_MAX, INT32_MAX));
    CHECK_EQ(1 << 29, tnm_saturating_rounding_doubling_high_mul(1 << 30, 1 << 30));
    CHECK_EQ(1, tnm_saturating_rounding_doubling_high_mul(1, 1 << 30));   /* +0.5 -> 1 */
    CHECK_EQ(0, tnm_saturating_rounding_doubling_high_mul(-1, 1 << 30));  /* -0.5 -> 0 */
    CHECK_EQ(-1, tnm_saturating_rounding_doubling_high_mul(-3, 1 << 30)); /* -1.5 -> -1 */
    CHECK_EQ(2, tnm_saturating_rounding_doubling_high_mul(3, 1 << 30));   /* 1.5 -> 2 */
    CHECK_EQ(0, tnm_saturating_rounding_doubling_high_mul(12345, 0));

    /* RoundingDivideByPOT: ties away from zero. */
    CHECK_EQ(-1, tnm_rounding_divide_by_pot(-1, 1));  /* -0.5 -> -1 */
    CHECK_EQ(1, tnm_rounding_divide_by_pot(1, 1));    /* 0.5 -> 1 */
    CHECK_EQ(-2, tnm_rounding_divide_by_pot(-3, 1));  /* -1.5 -> -2 */
    CHECK_EQ(2, tnm_rounding_divide_by_pot(3, 1));
    CHECK_EQ(-1, tnm_rounding_divide_by_pot(-5, 2));  /* -1.25 -> -1 */
    CHECK_EQ(-2, tnm_rounding_divide_by_pot(-6, 2));  /* -1.5 -> -2 */
    CHECK_EQ(-2, tnm_rounding_divide_by_pot(-7, 2));  /* -1.75 -> -2 */
    CHECK_EQ(-1, tnm_rounding_divide_by_pot(INT32_MIN, 31));
    CHECK_EQ(1, tnm_rounding_divide_by_pot(INT32_MAX, 31));
    CHECK_EQ(0, tnm_rounding_divide_by_pot(1 << 29, 31));
    CHECK_EQ(1, tnm_rounding_divide_by_pot(1 << 30, 31)); /* 0.5 -> 1 */
    CHECK_EQ(-1, tnm_rounding_divide_by_pot(-(1 << 30), 31));
    CHECK_EQ(-77, tnm_rounding_divide_by_pot(-77, 0));

    /* MultiplyByQuantizedMultiplier rounds twice: 5 * 0.5 = 2.5 -> 3, then 3 / 2 = 1.5 -> 2
     * (single rounding of 1.25 would give 1). */
    CHECK_EQ(2, tnm_requantize(5, 1 << 30, -1));
    CHECK_EQ(50, tnm_requantize(100, 1 << 30, 0));
    CHECK_EQ(51, tnm_requantize(101, 1 << 30, 0));
    CHECK_EQ(-50, tnm_requantize(-101, 1 << 30, 0)); /* -50.5 -> -50 in the high mul */
    CHECK_EQ(400, tnm_requantize(100, 1 << 30, 3));
    CHECK_EQ(0, tnm_requantize(123456, 0, 5));
    CHECK_EQ(1, tnm_requantize(1 << 30, 1 << 30, -30)); /* 2^29 / 2^30 = 0.5 -> 1 */
    CHECK_EQ(-1, tnm_requantize(-(1 << 30), 1 << 30, -30));
    /* (2^31 - 1) * 0.5 = 2^30 - 0.5 -> 2^30 (tie up), then 2^30 / 2^31 = 0.5 -> 1 */
    CHECK_EQ(1, tnm_requantize(INT32_MAX, 1 << 30, -31));
}

static void test_random_primitives(void)
{
    tnm_rng rng;
    int i;
    tnm_rng_seed(&rng, 12345);
    for (i = 0; i < 200000; ++i) {
        int32_t a = (int32_t)tnm_rng_next(&rng), b = (int32_t)tnm_rng_next(&rng);
        int e = tnm_rng_range(&rng, 0, 31);
        int32_t x;
        int shift;
        int32_t m;
        if (i % 7 == 0) a >>= tnm_rng_range(&rng, 0, 31); /* small magnitudes too */
        if (i % 11 == 0) b = INT32_MIN;
        CHECK_EQ(ref_srdhm(a, b), tnm_saturating_rounding_doubling_high_mul(a, b));
        CHECK_EQ(ref_rdbpot(a, e), tnm_rounding_divide_by_pot(a, e));

        x = (int32_t)tnm_rng_next(&rng);
        x >>= tnm_rng_range(&rng, 0, 31);
        m = rnd_multiplier(&rng);
        shift = tnm_rng_range(&rng, -31, 30);
        CHECK_EQ(ref_mbqm(x, m, shift), tnm_requantize(x, m, shift));
    }
}

static void test_requantize_kernel(void)
{
    tnm_rng rng;
    int8_t in[300], out[300];
    int iter, i;
    tnm_rng_seed(&rng, 777);
    for (iter = 0; iter < 400; ++iter) {
        int32_t count = tnm_rng_range(&rng, 1, 300);
        int32_t in_zp = rnd_zero_point(&rng), out_zp = rnd_zero_point(&rng);
        int32_t m = rnd_multiplier(&rng);
        int shift = rnd_shift(&rng, -8, 4);
        rnd_fill_s8(&rng, in, count);
        CHECK_EQ(TNM_OK, tnm_requantize_s8(count, in, in_zp, m, shift, out_zp, out));
        for (i = 0; i < count; ++i) {
            /* TFLite adds the zero point in int32 (wrapping when a huge shift overflowed) */
            int32_t v = ref_wrap32((int64_t)ref_mbqm(in[i] - in_zp, m, shift) + out_zp);
            CHECK_EQ(ref_clamp(v, -128, 127), out[i]);
        }
    }
    /* a realistic case: scale 0.5 -> 0.25 doubles the value; zp 3 -> -2 */
    in[0] = 13; /* (13 - 3) * 2 - 2 = 18 */
    in[1] = 127; /* saturates */
    CHECK_EQ(TNM_OK, tnm_requantize_s8(2, in, 3, 1 << 30, 2, -2, out));
    CHECK_EQ(18, out[0]);
    CHECK_EQ(127, out[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_s8(2, NULL, 3, 1 << 30, 2, -2, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_s8(2, in, 3, 1 << 30, 31, -2, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_s8(2, in, 3, 1 << 30, -32, -2, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_s8(2, in, 3, -1, 0, -2, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_s8(2, in, 128, 1 << 30, 0, -2, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_s8(-1, in, 0, 1 << 30, 0, 0, out));
}

static int8_t quantize_one(float x, float scale, int32_t zp)
{
    int8_t q = 99;
    CHECK_EQ(TNM_OK, tnm_quantize_f32_s8(1, &x, scale, zp, &q));
    return q;
}

static void test_quantize_kernel(void)
{
    tnm_rng rng;
    float in[256];
    int8_t out[256];
    int iter, i;

    /* round half away from zero, not to even */
    CHECK_EQ(3, quantize_one(2.5f, 1.0f, 0));
    CHECK_EQ(-3, quantize_one(-2.5f, 1.0f, 0));
    CHECK_EQ(1, quantize_one(0.5f, 1.0f, 0));
    CHECK_EQ(-1, quantize_one(-0.5f, 1.0f, 0));
    CHECK_EQ(0, quantize_one(0.49999997f, 1.0f, 0));
    /* The division is in float, as in TFLite: 0.25f / 0.1f rounds to exactly 2.5f
     * (-> 3), whereas in double it is 2.4999999627 (-> 2). */
    CHECK_EQ(3, quantize_one(0.25f, 0.1f, 0));
    CHECK_EQ(2, (int)round(0.25 / (double)0.1f));
    /* zero point and saturation */
    CHECK_EQ(-128, quantize_one(0.0f, 0.5f, -128));
    CHECK_EQ(127, quantize_one(0.0f, 0.5f, 127));
    CHECK_EQ(127, quantize_one(1.0f, 0.5f, 126));
    CHECK_EQ(127, quantize_one(1e30f, 0.5f, -128));
    CHECK_EQ(-128, quantize_one(-1e30f, 0.5f, 127));
    CHECK_EQ(127, quantize_one(INFINITY, 0.5f, 0));
    CHECK_EQ(-128, quantize_one(-INFINITY, 0.5f, 0));
    CHECK_EQ(-7, quantize_one(NAN, 0.5f, -7));
    CHECK_EQ(83 + 2, quantize_one(1.2f, 0.584703f, 83)); /* 2.052 -> 2 */

    tnm_rng_seed(&rng, 4242);
    for (iter = 0; iter < 300; ++iter) {
        float scale = (float)ldexp(1.0 + (tnm_rng_next(&rng) % 1000000) / 1e6, tnm_rng_range(&rng, -12, 2));
        int32_t zp = rnd_zero_point(&rng);
        int32_t count = tnm_rng_range(&rng, 1, 256);
        for (i = 0; i < count; ++i) {
            /* values around the representable range, many exactly on .5 steps */
            int32_t k = tnm_rng_range(&rng, -600, 600);
            in[i] = (i & 1) ? (float)k * 0.5f * scale : (float)(k * 0.5 + (tnm_rng_next(&rng) % 1000) / 1000.0) * scale;
        }
        CHECK_EQ(TNM_OK, tnm_quantize_f32_s8(count, in, scale, zp, out));
        for (i = 0; i < count; ++i) {
            float r = roundf(in[i] / scale);
            CHECK_EQ(ref_clamp((int64_t)r + zp, -128, 127), out[i]);
        }
    }
    /* the rounding against the C library's roundf over random floats of every magnitude
     * from 2^-10 to 2^26 (both signs; the int16 kernel saturates beyond its range alike) */
    for (iter = 0; iter < 20000; ++iter) {
        const uint32_t bits = ((uint32_t)tnm_rng_range(&rng, 117, 153) << 23) | (tnm_rng_next(&rng) & 0x7FFFFFu) |
                              (tnm_rng_next(&rng) & 1u) << 31;
        float x;
        int16_t q16;
        memcpy(&x, &bits, 4);
        CHECK_EQ(TNM_OK, tnm_quantize_f32_s16(1, &x, 1.0f, 0, &q16));
        CHECK_EQ(fabsf(x) > 100000.0f ? (x < 0 ? -32768 : 32767) : ref_clamp((int64_t)roundf(x), -32768, 32767), q16);
    }
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_quantize_f32_s8(1, in, 0.0f, 0, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_quantize_f32_s8(1, in, -1.0f, 0, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_quantize_f32_s8(1, in, NAN, 0, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_quantize_f32_s8(1, in, INFINITY, 0, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_quantize_f32_s8(1, in, 1.0f, -129, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_quantize_f32_s8(1, NULL, 1.0f, 0, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_quantize_f32_s8(1, in, 1.0f, 0, NULL));
    CHECK_EQ(TNM_OK, tnm_quantize_f32_s8(0, in, 1.0f, 0, out));
}

static void test_dequantize_kernel(void)
{
    tnm_rng rng;
    int8_t in[256];
    float out[256];
    int iter, i;
    for (i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    tnm_rng_seed(&rng, 99);
    for (iter = 0; iter < 2000; ++iter) {
        /* random float scales over a wide range, including awkward mantissas */
        uint32_t bits = 0x30000000u + tnm_rng_next(&rng) % 0x12000000u;
        float scale;
        int32_t zp = rnd_zero_point(&rng);
        memcpy(&scale, &bits, sizeof scale);
        CHECK_EQ(TNM_OK, tnm_dequantize_s8_f32(256, in, scale, zp, out));
        for (i = 0; i < 256; ++i) {
            /* TFLM: static_cast<float>(double scale * (q - zp)) */
            float expected = (float)((double)scale * (double)(in[i] - zp));
            CHECK(memcmp(&expected, &out[i], sizeof expected) == 0);
        }
    }
    CHECK_EQ(TNM_OK, tnm_dequantize_s8_f32(1, in + 128 + 5, 0.25f, 1, out)); /* q = 5 */
    CHECK(out[0] == 1.0f);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dequantize_s8_f32(1, in, 0.0f, 0, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dequantize_s8_f32(1, in, 1.0f, 128, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dequantize_s8_f32(1, NULL, 1.0f, 0, out));

    /* int16 and uint8 (TFLM's other DEQUANTIZE inputs): every uint8 value and int16 values
     * across the range incl. its ends, zero points across each range, against TFLM's double
     * product rounded once to float */
    {
        int16_t in16[256];
        uint8_t in8[256];
        for (iter = 0; iter < 2000; ++iter) {
            uint32_t bits = 0x30000000u + tnm_rng_next(&rng) % 0x12000000u;
            float scale;
            int32_t zp16 = (int32_t)(tnm_rng_next(&rng) % 65536u) - 32768, zp8 = (int32_t)(tnm_rng_next(&rng) % 256u);
            memcpy(&scale, &bits, sizeof scale);
            if (iter % 4 == 0) zp16 = iter % 8 == 0 ? -32768 : 32767;
            for (i = 0; i < 256; ++i) {
                in16[i] = (int16_t)(i < 2 ? (i == 0 ? -32768 : 32767) : (int32_t)(tnm_rng_next(&rng) % 65536u) - 32768);
                in8[i] = (uint8_t)i;
            }
            CHECK_EQ(TNM_OK, tnm_dequantize_s16_f32(256, in16, scale, zp16, out));
            for (i = 0; i < 256; ++i) {
                float expected = (float)((double)scale * (double)((int32_t)in16[i] - zp16));
                CHECK(memcmp(&expected, &out[i], sizeof expected) == 0);
            }
            CHECK_EQ(TNM_OK, tnm_dequantize_u8_f32(256, in8, scale, zp8, out));
            for (i = 0; i < 256; ++i) {
                float expected = (float)((double)scale * (double)((int32_t)in8[i] - zp8));
                CHECK(memcmp(&expected, &out[i], sizeof expected) == 0);
            }
        }
        in16[0] = -32768;
        CHECK_EQ(TNM_OK, tnm_dequantize_s16_f32(1, in16, 0.5f, 32767, out));
        CHECK(out[0] == -32767.5f);
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dequantize_s16_f32(1, in16, 1.0f, 32768, out));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dequantize_s16_f32(1, in16, 0.0f, 0, out));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dequantize_u8_f32(1, in8, 1.0f, -1, out));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dequantize_u8_f32(1, in8, 1.0f, 256, out));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dequantize_u8_f32(1, NULL, 1.0f, 0, out));
    }
}

int main(void)
{
    test_known_values();
    test_random_primitives();
    test_requantize_kernel();
    test_quantize_kernel();
    test_dequantize_kernel();
    return tnm_test_finish("test_kernels_fixedpoint");
}
