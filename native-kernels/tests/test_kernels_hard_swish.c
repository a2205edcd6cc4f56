/* HARD_SWISH int8: every input value, for random and extreme scales and zero points,
 * against an independent re-derivation of TFLite's int16 fixed-point path (gemmlowp's
 * int16 primitives spelled out from their definitions), against the real function
 * (1 LSB tolerance where TFLite's arithmetic is meant to be accurate), hand-derived
 * values, and the argument checks.
 * TFLM goldens (tiny one-operator models): test_kernels_golden_ops.c, tests/data/ops. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

/* ---- the offline compiler's parameter derivation (TFLM's HardSwishPrepare) ---- */

static int32_t downscale_to_q15(int32_t m)
{
    if (m >= INT32_MAX - (1 << 15)) return 32767;
    return (m + (1 << 15)) >> 16;
}

/* Returns 0 where TFLM's Prepare fails (output exponent > 0) or the kernel refuses. */
static int derive_params(float in_scale, int32_t in_zp, float out_scale, int32_t out_zp,
                         tnm_hard_swish_params *p)
{
    const float hires = (1.0f / 128.0f) * in_scale;
    const float reluish_scale = 3.0f / 32768.0f;
    int32_t m;
    int e;
    p->input_zero_point = in_zp;
    p->output_zero_point = out_zp;
    ref_quantize_multiplier((double)(hires / out_scale), &m, &e);
    if (e > 0) return 0;
    p->output_multiplier = downscale_to_q15(m);
    p->output_shift = e;
    ref_quantize_multiplier((double)(hires / reluish_scale), &m, &e);
    if (e > 31) return 0;
    p->reluish_multiplier = downscale_to_q15(m);
    p->reluish_shift = e;
    return 1;
}

/* ---- independent reference: the int16 arithmetic, from the definitions ---- */

static int16_t ref_sat16(int64_t v) { return (int16_t)(v > 32767 ? 32767 : (v < -32768 ? -32768 : v)); }

/* nearest to a * b / 2^15, ties up; the one overflow saturates */
static int16_t ref_srdhm16(int16_t a, int16_t b)
{
    return ref_sat16(ref_floor_div((int64_t)a * b + (1 << 14), 1 << 15));
}

/* a * b / 2^15 truncated toward zero, saturated */
static int16_t ref_sdhm16(int16_t a, int16_t b)
{
    return ref_sat16(((int64_t)a * b) / (1 << 15));
}

/* gemmlowp's RoundingDivideByPOT<int16_t>, evaluated literally: its mask, remainder
 * and threshold are int16_t values. */
static int16_t ref_rdbpot16(int16_t x, int e)
{
    const int16_t mask = (int16_t)(uint16_t)(((1LL << e) - 1) & 0xFFFF);
    const int16_t remainder = (int16_t)(x & mask);
    const int16_t threshold = (int16_t)((mask >> 1) + (x < 0 ? 1 : 0));
    const int32_t shifted = x >= 0 ? (x >> e) : -((-(int32_t)x - 1) >> e) - 1; /* floor */
    return (int16_t)(shifted + (remainder > threshold ? 1 : 0));
}

static int8_t ref_hard_swish(const tnm_hard_swish_params *p, int8_t in)
{
    const int16_t hires = (int16_t)((in - p->input_zero_point) * 128);
    const int16_t on_out = ref_srdhm16(hires, (int16_t)p->output_multiplier);
    int16_t r = hires;
    int16_t o;
    if (p->reluish_shift > 0) r = ref_sat16((int64_t)r * ((int64_t)1 << (p->reluish_shift - 1)));
    r = ref_srdhm16(r, (int16_t)p->reluish_multiplier);
    if (p->reluish_shift > 0) r = ref_sat16((int64_t)r * 2);
    if (p->reluish_shift < 0) r = ref_rdbpot16(r, -p->reluish_shift);
    r = (int16_t)(((int32_t)r + 32768) / 2);
    o = ref_rdbpot16(ref_sdhm16(r, on_out), -p->output_shift);
    return (int8_t)ref_clamp((int32_t)o + p->output_zero_point, -128, 127);
}

static int32_t real_hard_swish(float in_scale, int32_t in_zp, float out_scale, int32_t out_zp,
                               int8_t in)
{
    const double x = (double)in_scale * (in - in_zp);
    const double relu6 = x + 3.0 < 0.0 ? 0.0 : (x + 3.0 > 6.0 ? 6.0 : x + 3.0);
    const double y = x * relu6 / 6.0;
    return ref_clamp((int64_t)floor(y / out_scale + 0.5) + out_zp, -128, 127);
}

static int g_reported, g_accurate_cases;

static void check_all_inputs(float in_scale, int32_t in_zp, float out_scale, int32_t out_zp)
{
    tnm_hard_swish_params p;
    int8_t in[256], out[256];
    int i, accurate;
    if (!derive_params(in_scale, in_zp, out_scale, out_zp, &p)) return;
    /* Where TFLite's arithmetic is meant to be accurate: no int16 quirk (shifts
     * beyond 15). */
    accurate = p.output_shift > -16 && p.reluish_shift > -16;
    g_accurate_cases += accurate;
    for (i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    CHECK_EQ(TNM_OK, tnm_hard_swish_s8(&p, 256, in, out));
    for (i = 0; i < 256; ++i) {
        const int8_t want = ref_hard_swish(&p, in[i]);
        if (out[i] != want && g_reported++ < 5) {
            printf("scale %g zp %d -> scale %g zp %d, in %d: kernel %d, reference %d\n",
                   (double)in_scale, (int)in_zp, (double)out_scale, (int)out_zp, in[i], out[i],
                   want);
        }
        CHECK_EQ(want, out[i]);
        if (accurate) {
            const int32_t diff = out[i] - real_hard_swish(in_scale, in_zp, out_scale, out_zp, in[i]);
            if ((diff < -1 || diff > 1) && g_reported++ < 5) {
                printf("scale %g zp %d -> scale %g zp %d, in %d: kernel %d, real %d\n",
                       (double)in_scale, (int)in_zp, (double)out_scale, (int)out_zp, in[i],
                       out[i], (int)real_hard_swish(in_scale, in_zp, out_scale, out_zp, in[i]));
            }
            CHECK(diff >= -1 && diff <= 1);
        }
    }
}

static float rnd_scale(tnm_rng *rng)
{
    switch (tnm_rng_range(rng, 0, 6)) {
    case 0: return ldexpf(1.0f, tnm_rng_range(rng, -30, 4));
    case 1: return 1e-7f * (float)tnm_rng_range(rng, 1, 1000); /* tiny */
    case 2: return (float)tnm_rng_range(rng, 1, 2000) / 10.0f;  /* huge */
    default: return (float)tnm_rng_range(rng, 1, 100000) / 1.0e6f;
    }
}

static void test_random_params(void)
{
    tnm_rng rng;
    int iter;
    const int iterations = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, 0x5a15u);
    for (iter = 0; iter < iterations; ++iter) {
        const float in_scale = rnd_scale(&rng);
        /* mostly output scales that fit the output range [-3 * ... , max] */
        const float out_scale = tnm_rng_range(&rng, 0, 3) == 0
                                    ? rnd_scale(&rng)
                                    : in_scale * (float)tnm_rng_range(&rng, 300, 3000) / 1000.0f;
        check_all_inputs(in_scale, rnd_zero_point(&rng), out_scale, rnd_zero_point(&rng));
    }
    CHECK(g_accurate_cases > iterations / 2);
    /* MobileNetV3-like layers */
    check_all_inputs(0.0235f, -128, 0.0201f, -113);
    check_all_inputs(0.18f, 3, 0.1f, -125);
}

static void test_known_values(void)
{
    tnm_hard_swish_params p;
    int8_t in[7] = {0, 8, -8, 24, -24, 64, -64}, out[7];
    /* input and output scale 1/8, zero points 0 */
    CHECK(derive_params(0.125f, 0, 0.125f, 0, &p));
    CHECK_EQ(TNM_OK, tnm_hard_swish_s8(&p, 7, in, out));
    CHECK_EQ(0, out[0]);   /* hard_swish(0) = 0 */
    CHECK_EQ(5, out[1]);   /* hard_swish(1) = 2/3 -> 5.33 */
    CHECK_EQ(-3, out[2]);  /* hard_swish(-1) = -1/3 -> -2.67 */
    CHECK_EQ(24, out[3]);  /* x >= 3: x */
    CHECK_EQ(0, out[4]);   /* x <= -3: 0 */
    CHECK_EQ(64, out[5]);
    CHECK_EQ(0, out[6]);
    /* an output zero point of -128 (typical for hard swish outputs) */
    CHECK(derive_params(0.125f, 10, 0.0625f, -128, &p));
    in[0] = 10;
    in[1] = 34; /* x = 3: 3 / (1/16) = 48 */
    CHECK_EQ(TNM_OK, tnm_hard_swish_s8(&p, 2, in, out));
    CHECK_EQ(-128, out[0]);
    CHECK_EQ(-80, out[1]);
    /* in place */
    CHECK(derive_params(0.125f, 0, 0.125f, 0, &p));
    in[0] = 24;
    CHECK_EQ(TNM_OK, tnm_hard_swish_s8(&p, 1, in, in));
    CHECK_EQ(24, in[0]);
}

static void test_int16_quirks(void)
{
    /* Output shift -16: gemmlowp's int16 rounding division gives +-1, not 0, so every
     * non-negative pre-shift value becomes zero point + 1 (reproduced from TFLite). */
    tnm_hard_swish_params p;
    int8_t in[3] = {0, 100, -100}, out[3];
    memset(&p, 0, sizeof p);
    p.output_multiplier = 16384;
    p.output_shift = -16;
    p.reluish_multiplier = 16384;
    p.reluish_shift = 0;
    CHECK_EQ(TNM_OK, tnm_hard_swish_s8(&p, 3, in, out));
    CHECK_EQ(1, out[0]);
    CHECK_EQ(1, out[1]);
    CHECK_EQ(ref_hard_swish(&p, -100), out[2]);
}

static void test_bad_arguments(void)
{
    tnm_hard_swish_params p, good;
    int8_t in[4] = {0}, out[4];
    CHECK(derive_params(0.05f, 0, 0.05f, 0, &good));
    p = good;
    CHECK_EQ(TNM_OK, tnm_hard_swish_s8(&p, 0, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(NULL, 4, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, in, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, -1, in, out));
    p.input_zero_point = -129;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, in, out));
    p = good;
    p.output_zero_point = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, in, out));
    p = good;
    p.output_multiplier = 32768;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, in, out));
    p = good;
    p.reluish_multiplier = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, in, out));
    p = good;
    p.output_shift = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, in, out));
    p = good;
    p.reluish_shift = 32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, in, out));
    p.reluish_shift = -32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_hard_swish_s8(&p, 4, in, out));
}

int main(void)
{
    test_known_values();
    test_int16_quirks();
    test_bad_arguments();
    test_random_params();
    return tnm_test_finish("test_kernels_hard_swish");
}
