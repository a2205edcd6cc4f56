/* CUMSUM int8 (tnm_cumsum_s8) against a reference written from TFLM's cumsum.h another way:
 * each output computed on its own as the sum, in int64 wrapped to int32 once, of the starting
 * term (the scaled input offset) and the scaled values before it along the axis (its own too
 * unless exclusive; "before" counted from the end when reverse), rescaled, offset, clamped.
 * Random [before, depth, after] shapes, zero points, scales and the four flag pairs; the same
 * bytes in and out; then the argument checks. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_COUNT 4096

static int8_t g_in[MAX_COUNT], g_out[MAX_COUNT + 16], g_expected[MAX_COUNT];

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

static int32_t scaled(const tnm_add_n_params *p, int32_t v)
{
    return ref_mbqm(v * 1048576, p->input_multiplier, p->input_shift);
}

static void reference(int32_t before, int32_t depth, int32_t after, int exclusive, int reverse,
                      const tnm_add_n_params *p)
{
    int32_t b, a, d, e;
    for (b = 0; b < before; ++b)
        for (a = 0; a < after; ++a)
            for (d = 0; d < depth; ++d) {
                int64_t sum = scaled(p, p->input_offset);
                for (e = 0; e < depth; ++e) {
                    /* e counts if it comes before d in the walk's order (or is d, inclusive) */
                    const int earlier = reverse ? e > d : e < d;
                    if (earlier || (!exclusive && e == d))
                        sum += scaled(p, p->input_offset + g_in[(b * depth + e) * after + a]);
                }
                g_expected[(b * depth + d) * after + a] = (int8_t)ref_clamp(
                    (int64_t)ref_mbqm(ref_wrap32(sum), p->output_multiplier, p->output_shift) + p->output_offset, -128,
                    127);
            }
}

static void test_random(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 2000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        const int32_t before = tnm_rng_range(&rng, 1, 6), depth = tnm_rng_range(&rng, 1, 40),
                      after = tnm_rng_range(&rng, 1, 6);
        const int exclusive = done & 1, reverse = (done >> 1) & 1;
        const float s_in = 0.001f * (float)tnm_rng_range(&rng, 1, 2000);
        const float s_out = s_in * (float)tnm_rng_range(&rng, 1, 4 * depth) / (float)tnm_rng_range(&rng, 1, 8);
        const int32_t n = before * depth * after;
        tnm_add_n_params p;
        int32_t i;
        if (n > MAX_COUNT) continue;
        params_of(s_in, done % 9 == 0 ? -128 : tnm_rng_range(&rng, -128, 127), s_out, tnm_rng_range(&rng, -128, 127), &p);
        for (i = 0; i < n; ++i) g_in[i] = (int8_t)tnm_rng_range(&rng, -128, 127);
        reference(before, depth, after, exclusive, reverse, &p);
        memset(g_out, 0x5A, sizeof g_out);
        CHECK_EQ(TNM_OK, tnm_cumsum_s8(before, depth, after, exclusive, reverse, &p, g_in, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)n) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, (uint8_t)g_out[n + i]);
        /* in place */
        CHECK_EQ(TNM_OK, tnm_cumsum_s8(before, depth, after, exclusive, reverse, &p, g_in, g_in));
        CHECK(memcmp(g_in, g_expected, (size_t)n) == 0);
        done++;
    }
    printf("cumsum: %d random cases\n", done);
}

static void test_arguments(void)
{
    const int8_t in[3] = {1, 2, 3};
    int8_t out[3];
    tnm_add_n_params p;
    params_of(0.5f, 0, 1.0f, 0, &p);
    CHECK_EQ(TNM_OK, tnm_cumsum_s8(1, 3, 1, 0, 0, &p, in, out));
    CHECK_EQ(1, out[0]); /* 0.5 -> 1 (ties away) */
    CHECK_EQ(2, out[1]); /* 1.5 -> 2 */
    CHECK_EQ(3, out[2]); /* 3 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_s8(1, 3, 1, 0, 0, NULL, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_s8(1, 3, 1, 0, 0, &p, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_s8(1, 3, 1, 0, 0, &p, in, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_s8(0, 3, 1, 0, 0, &p, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_s8(1, 0, 1, 0, 0, &p, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_s8(65536, 65536, 1, 0, 0, &p, in, out));
    p.input_shift = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_s8(1, 3, 1, 0, 0, &p, in, out));
}

/* float32: running sums in single precision from 0.0f, the four flag pairs */
static void test_float(void)
{
    static const float in[6] = {1.5f, 1e30f, -1e30f, 0.25f, -0.0f, 3.0f};
    float out[6];
    int flags;
    for (flags = 0; flags < 4; ++flags) {
        const int exclusive = flags & 1, reverse = flags >> 1;
        int32_t d;
        float acc = 0.0f;
        CHECK_EQ(TNM_OK, tnm_cumsum_f32(2, 3, 1, exclusive, reverse, in, out));
        for (d = 0; d < 3; ++d) { /* the first line only, by hand */
            const int32_t at = reverse ? 2 - d : d;
            if (exclusive) {
                CHECK(memcmp(&out[at], &acc, 4) == 0);
                acc += in[at];
            } else {
                acc += in[at];
                CHECK(memcmp(&out[at], &acc, 4) == 0);
            }
        }
    }
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_f32(0, 3, 1, 0, 0, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cumsum_f32(2, 3, 1, 0, 0, NULL, out));
}

int main(void)
{
    test_arguments();
    test_float();
    test_random(6969);
    return tnm_test_finish("test_kernels_cumsum");
}
