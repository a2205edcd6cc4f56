/* ADD_N int8 (tnm_add_n_s8) against a reference written from TFLM's add_n.h another way: every
 * term (the starting input offset, then each input) scaled with ref_mbqm, the terms summed in
 * int64 and wrapped to int32 once at the end (mod 2^32 the same as TFLM's running int32 sum),
 * rescaled, offset and clamped. Random input counts 2-32, zero points, scales (the parameters from
 * ref_quantize_multiplier as TFLM's Prepare makes them), counts; inputs of extreme values where
 * the int32 sum wraps; then the argument checks. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_N 32
#define MAX_COUNT 200

static int8_t g_in[MAX_N][MAX_COUNT], g_out[MAX_COUNT + 16], g_expected[MAX_COUNT];

static void params_of(float s_in, int32_t zp_in, float s_out, int32_t zp_out, tnm_add_n_params *p)
{
    int shift;
    const double twice = 2.0 * (double)s_in;
    p->input_offset = -zp_in;
    p->output_offset = zp_out;
    ref_quantize_multiplier((double)s_in / twice, &p->input_multiplier, &shift);
    p->input_shift = shift;
    ref_quantize_multiplier(twice / ((double)(1 << 20) * (double)s_out), &p->output_multiplier, &shift);
    p->output_shift = shift;
}

static void reference(const tnm_add_n_params *p, int32_t n, int32_t count)
{
    int32_t i, j;
    for (i = 0; i < count; ++i) {
        int64_t sum = ref_mbqm((int32_t)(p->input_offset * 1048576), p->input_multiplier, p->input_shift);
        for (j = 0; j < n; ++j)
            sum += ref_mbqm((p->input_offset + g_in[j][i]) * 1048576, p->input_multiplier, p->input_shift);
        g_expected[i] = (int8_t)ref_clamp(
            (int64_t)ref_mbqm(ref_wrap32(sum), p->output_multiplier, p->output_shift) + p->output_offset, -128, 127);
    }
}

static void test_random(uint32_t seed)
{
    tnm_rng rng;
    int done;
    const int want = 2000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    for (done = 0; done < want; ++done) {
        const int32_t n = tnm_rng_range(&rng, 2, MAX_N), count = tnm_rng_range(&rng, 1, MAX_COUNT);
        const int32_t zp_in = tnm_rng_range(&rng, -128, 127), zp_out = tnm_rng_range(&rng, -128, 127);
        const float s_in = 0.001f * (float)tnm_rng_range(&rng, 1, 2000);
        /* s_out above 2 s_in / 2^20 (TFLM's multiplier below 1), mostly near n * s_in */
        const float s_out = s_in * (float)tnm_rng_range(&rng, 1, 4 * n) / (float)tnm_rng_range(&rng, 1, 8);
        const int extreme = done % 10 == 0;
        const int8_t *ptrs[MAX_N];
        tnm_add_n_params p;
        int32_t i, j;
        params_of(s_in, extreme ? -128 : zp_in, s_out, zp_out, &p);
        for (j = 0; j < n; ++j) {
            for (i = 0; i < count; ++i) g_in[j][i] = extreme ? 127 : (int8_t)tnm_rng_range(&rng, -128, 127);
            ptrs[j] = g_in[j];
        }
        reference(&p, n, count);
        memset(g_out, 0x5A, sizeof g_out);
        CHECK_EQ(TNM_OK, tnm_add_n_s8(count, n, ptrs, &p, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)count) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, (uint8_t)g_out[count + i]);
    }
    printf("add_n: %d random cases\n", done);
}

static void test_fixed(void)
{
    /* scale 0.5, zp 0 in; 1.0, 0 out: 3 + 4 -> 3.5 -> 4 (rounded); TFLM's start term is 0 here */
    const int8_t a[1] = {3}, b[1] = {4};
    const int8_t *in[2] = {a, b};
    tnm_add_n_params p;
    int8_t out[1];
    params_of(0.5f, 0, 1.0f, 0, &p);
    CHECK_EQ(1073741824, p.input_multiplier);
    CHECK_EQ(0, p.input_shift);
    CHECK_EQ(TNM_OK, tnm_add_n_s8(1, 2, in, &p, out));
    CHECK_EQ(4, out[0]);
    /* zero point 10: TFLM's sum starts from the scaled -10, one extra (-zp) term: (13 - 10) +
     * (14 - 10) - 10 = -3 at scale 0.5 -> -1.5 -> -2 (ties away from zero) */
    {
        const int8_t c[1] = {13}, d[1] = {14};
        const int8_t *in2[2] = {c, d};
        params_of(0.5f, 10, 1.0f, 0, &p);
        CHECK_EQ(TNM_OK, tnm_add_n_s8(1, 2, in2, &p, out));
        CHECK_EQ(-2, out[0]);
    }
}

static void test_arguments(void)
{
    const int8_t a[1] = {3};
    const int8_t *in[2] = {a, a}, *bad[2] = {a, NULL};
    tnm_add_n_params p;
    int8_t out[1];
    params_of(0.5f, 0, 1.0f, 0, &p);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_s8(1, 2, NULL, &p, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_s8(1, 2, in, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_s8(1, 2, in, &p, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_s8(1, 2, bad, &p, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_s8(1, 0, in, &p, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_s8(-1, 2, in, &p, out));
    p.output_shift = 1; /* TFLM's shifts are <= 0 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_s8(1, 2, in, &p, out));
    p.output_shift = 0;
    p.input_offset = -128; /* -zero point: at most 127 -> -127 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_s8(1, 2, in, &p, out));
}

/* float32: the sum in order from 0.0f, single precision; -0.0 + -0.0 is +0.0 */
static void test_float(void)
{
    static const float a[4] = {1.5f, -0.0f, 1e30f, 0.1f}, b[4] = {2.25f, -0.0f, -1e30f, 0.2f}, c[4] = {-3.0f, -0.0f, 1.0f, 0.3f};
    const float *in[3] = {a, b, c};
    float out[4];
    int32_t i;
    CHECK_EQ(TNM_OK, tnm_add_n_f32(4, 3, in, out));
    for (i = 0; i < 4; ++i) {
        volatile float x = 0.0f;
        uint32_t want, got;
        x = x + a[i];
        x = x + b[i];
        x = x + c[i];
        {
            const float w = x;
            memcpy(&want, &w, 4);
        }
        memcpy(&got, &out[i], 4);
        CHECK_EQ(want, got);
    }
    {
        uint32_t bits;
        memcpy(&bits, &out[1], 4);
        CHECK_EQ(0x00000000u, bits); /* +0.0 */
    }
    CHECK(out[2] == 1.0f);                                          /* (1e30 - 1e30) + 1 in order */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_f32(4, 0, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_n_f32(4, 3, NULL, out));
}

int main(void)
{
    test_fixed();
    test_arguments();
    test_float();
    test_random(6868);
    return tnm_test_finish("test_kernels_add_n");
}
