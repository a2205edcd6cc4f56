/* SOFTMAX int8: against a double-precision softmax (1 LSB tolerance: the kernel uses
 * gemmlowp's fixed-point exp and reciprocal, exact to TFLite but not to real
 * arithmetic), against known exact values, and byte-exact against TFLM golden
 * tensors of the kws_ref_model (dense output -> softmax output). */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

/* What the compiler does: TFLite PreprocessSoftmaxScaling(beta = 1, input_scale,
 * 5 integer bits) and diff_min = -CalculateInputRadius(5, left_shift). */
static void softmax_params(double input_scale, tnm_softmax_params *p)
{
    double real = input_scale * (double)(1 << 26);
    int shift;
    if (real > 2147483647.0) real = 2147483647.0;
    ref_quantize_multiplier(real, &p->input_multiplier, &shift);
    p->input_left_shift = shift;
    p->diff_min = -(int32_t)floor(31.0 * (double)(1LL << 26) / (double)(1LL << shift));
}

static void test_known_values(void)
{
    tnm_softmax_params p;
    int8_t in[256], out[256];
    int i;
    softmax_params(0.144693, &p);
    /* one element: probability 1 = 256/256, which saturates to 127 */
    in[0] = 5;
    CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, 1, 1, in, out));
    CHECK_EQ(127, out[0]);
    /* equal inputs: 1/2 -> 0, 1/4 -> -64, 1/256 -> -127 */
    memset(in, 7, sizeof in);
    CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, 1, 2, in, out));
    CHECK_EQ(0, out[0]);
    CHECK_EQ(0, out[1]);
    CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, 1, 4, in, out));
    CHECK_EQ(-64, out[3]);
    CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, 1, 256, in, out));
    CHECK_EQ(-127, out[255]);
    /* a difference far below diff_min gives the minimum */
    in[0] = 127;
    in[1] = -128;
    CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, 1, 2, in, out));
    CHECK_EQ(127, out[0]);
    CHECK_EQ(-128, out[1]);
    /* rows are independent */
    for (i = 0; i < 6; ++i) in[i] = (int8_t)(i < 3 ? 0 : 50);
    CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, 2, 3, in, out));
    for (i = 0; i < 6; ++i) CHECK_EQ(-43, out[i]); /* 1/3 * 256 = 85.33 -> 85 - 128 */
}

static void test_bad_arguments(void)
{
    static int8_t in[600], out[600];
    tnm_softmax_params p;
    softmax_params(0.1, &p);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(NULL, 1, 4, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 1, 4, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 1, 4, in, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 0, 4, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 1, 0, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 1 << 16, 1 << 16, in, out));
    p.diff_min = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 1, 4, in, out));
    softmax_params(0.1, &p);
    p.input_left_shift = 32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 1, 4, in, out));
    softmax_params(0.1, &p);
    p.input_multiplier = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 1, 4, in, out));
    /* 600 equal values: the sum of exps reaches 2^28, where TFLite stops on a check */
    softmax_params(0.1, &p);
    memset(in, 0, sizeof in);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8(&p, 1, 600, in, out));
    CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, 1, 511, in, out));
}

static void test_against_double(void)
{
    static int8_t in[64 * 40], out[64 * 40];
    tnm_rng rng;
    int iter, off_by_one = 0, total = 0;
    tnm_rng_seed(&rng, 8080);
    for (iter = 0; iter < 3000; ++iter) {
        tnm_softmax_params p;
        double scale = exp(log(0.005) + (log(4.0) - log(0.005)) * (tnm_rng_next(&rng) % 100000) / 100000.0);
        int32_t rows = tnm_rng_range(&rng, 1, 8), depth = tnm_rng_range(&rng, 1, 100); /* past the kept exps too */
        int32_t lo = tnm_rng_range(&rng, -128, 127), hi = tnm_rng_range(&rng, lo, 127);
        int32_t r, c;
        softmax_params(scale, &p);
        for (c = 0; c < rows * depth; ++c) in[c] = (int8_t)tnm_rng_range(&rng, lo, hi);
        CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, rows, depth, in, out));
        for (r = 0; r < rows; ++r) {
            const int8_t *x = in + r * depth;
            double max = -1e9, sum = 0.0;
            for (c = 0; c < depth; ++c) if (x[c] > max) max = x[c];
            for (c = 0; c < depth; ++c) sum += exp(scale * (x[c] - max));
            for (c = 0; c < depth; ++c) {
                double prob = exp(scale * (x[c] - max)) / sum;
                int32_t expected = ref_clamp((int64_t)floor(prob * 256.0 + 0.5) - 128, -128, 127);
                int32_t diff = out[r * depth + c] - expected;
                if (diff < 0) diff = -diff;
                CHECK(diff <= 1);
                off_by_one += diff == 1;
                total++;
            }
        }
    }
    printf("softmax vs double: %d of %d outputs off by 1 LSB, none more\n", off_by_one, total);
}

/* Float bounds of a scale printed with 6 significant digits (tensors.txt). */
static void printed_scale_bounds(double printed, float *lo, float *hi)
{
    double half_unit = 0.5 * pow(10.0, floor(log10(printed)) - 5.0);
    *lo = nextafterf((float)(printed - half_unit), 0.0f);
    *hi = nextafterf((float)(printed + half_unit), 1.0f);
}

static void test_golden_kws(void)
{
    int8_t logits[3][12], expected[3][12], out[12];
    int seed, candidates = 0, matching = 0, i;
    float lo, hi, s;
    for (seed = 0; seed < 3; ++seed) {
        char path[128];
        snprintf(path, sizeof path, "golden/kws_ref_model/seed%d/t033.bin", seed + 1);
        if (tnm_read_shared(path, logits[seed], 12) != 12) {
            tnm_test_skip("golden/kws_ref_model not found (set TINYML_SHARED)");
            return;
        }
        snprintf(path, sizeof path, "golden/kws_ref_model/seed%d/t034.bin", seed + 1);
        if (tnm_read_shared(path, expected[seed], 12) != 12) {
            tnm_test_skip("golden/kws_ref_model not found (set TINYML_SHARED)");
            return;
        }
    }
    /* The softmax input scale is printed as 0.144693; the exact float is one of the
     * floats that print so. Every one of them must give TFLM's bytes for all seeds,
     * so the comparison holds whichever is the model's. */
    printed_scale_bounds(0.144693, &lo, &hi);
    for (s = lo; s <= hi; s = nextafterf(s, 1.0f)) {
        tnm_softmax_params p;
        int all = 1;
        softmax_params((double)s, &p);
        for (seed = 0; seed < 3; ++seed) {
            CHECK_EQ(TNM_OK, tnm_softmax_s8(&p, 1, 12, logits[seed], out));
            for (i = 0; i < 12; ++i) {
                CHECK_EQ(expected[seed][i], out[i]);
                if (expected[seed][i] != out[i]) all = 0;
            }
        }
        candidates++;
        matching += all;
    }
    printf("kws softmax golden: %d of %d candidate input scales reproduce all 3 seeds\n", matching, candidates);
    CHECK(candidates > 10);
}

/* int8 -> int16 (scale 1/65536, zero point -32768): TFLM's bytes for the last of the four
 * invocations of tests/data/svdf (tensor 11, scale 1.5 -> SOFTMAX beta 0.02 -> tensor 12),
 * and the int8 output's known values carried to 16 bits. */
static void test_int16_output(void)
{
    tnm_softmax_params p;
    int8_t logits[8], in[4];
    int16_t expected[8], out[8];
    int i;
    if (tnm_read_test_data("svdf/t011.bin", logits, sizeof logits) != 8 ||
        tnm_read_test_data("svdf/t012.bin", expected, sizeof expected) != 16) {
        CHECK(0);
        return;
    }
    softmax_params(0.02 * (double)1.5f, &p); /* TFLite: beta * input_scale */
    CHECK_EQ(TNM_OK, tnm_softmax_s8_s16(&p, 2, 4, logits, out));
    for (i = 0; i < 8; ++i) CHECK_EQ(expected[i], out[i]);
    /* one element: probability 1 saturates to 32767; two equal ones: 1/2 -> 0 */
    softmax_params(0.144693, &p);
    in[0] = in[1] = in[2] = in[3] = 9;
    CHECK_EQ(TNM_OK, tnm_softmax_s8_s16(&p, 1, 1, in, out));
    CHECK_EQ(32767, out[0]);
    CHECK_EQ(TNM_OK, tnm_softmax_s8_s16(&p, 1, 2, in, out));
    CHECK_EQ(0, out[0]);
    CHECK_EQ(TNM_OK, tnm_softmax_s8_s16(&p, 1, 4, in, out));
    CHECK_EQ(-16384, out[3]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s8_s16(&p, 1, 4, in, NULL));
}

/* SOFTMAX int16 -> int16 against double softmax in 1/32768 (TFLite's tables interpolate exp and
 * 1 / (1 + x): within 1e-3), a row of one value (32767), the argument checks. TFLM's bytes:
 * tests/data/softmax_s16 through the compiler (OperatorGoldenTests). */
static void test_int16(void)
{
    static int16_t in[6000], out[6000], exp_lut[513], recip_lut[513];
    tnm_softmax_s16_params p;
    tnm_rng rng;
    int iter, shift;
    ref_softmax_lut16(1, exp_lut);
    ref_softmax_lut16(0, recip_lut);
    tnm_rng_seed(&rng, 1616u);
    for (iter = 0; iter < 200; ++iter) {
        const int32_t depth = tnm_rng_range(&rng, 1, iter % 10 == 0 ? 2000 : 50), rows = tnm_rng_range(&rng, 1, 3);
        const double scale = pow(2.0, (double)tnm_rng_range(&rng, -180, -90) / 10.0);
        int32_t r, c, worst = 0;
        ref_quantize_multiplier(scale / (10.0 / 65535.0), &p.input_multiplier, &shift);
        p.input_shift = shift;
        for (c = 0; c < rows * depth; ++c) in[c] = (int16_t)tnm_rng_range(&rng, -32768, 32767);
        CHECK_EQ(TNM_OK, tnm_softmax_s16(&p, rows, depth, in, exp_lut, recip_lut, out));
        for (r = 0; r < rows; ++r) {
            double sum = 0.0;
            int32_t max = -32768;
            for (c = 0; c < depth; ++c) max = in[r * depth + c] > max ? in[r * depth + c] : max;
            /* TFLite's exp table covers [-10, 0]: a difference below -10 counts as exp(-10) */
            for (c = 0; c < depth; ++c) sum += exp(fmax((in[r * depth + c] - max) * scale, -10.0));
            for (c = 0; c < depth; ++c) {
                const double want = exp(fmax((in[r * depth + c] - max) * scale, -10.0)) / sum * 32768.0;
                const int32_t d = (int32_t)fabs(out[r * depth + c] - (want > 32767.0 ? 32767.0 : want));
                worst = d > worst ? d : worst;
            }
        }
        if (worst > 40) { /* TFLite's tables: ~1e-3 (bit-exactness: the golden) */
            printf("softmax int16: scale %g depth %d off by %d / 32768\n", scale, (int)depth, (int)worst);
            CHECK(0);
            return;
        }
    }
    in[0] = 123;
    CHECK_EQ(TNM_OK, tnm_softmax_s16(&p, 1, 1, in, exp_lut, recip_lut, out));
    CHECK_EQ(32767, out[0]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s16(&p, 1, 65537, in, exp_lut, recip_lut, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s16(&p, 1, 4, in, NULL, recip_lut, out));
    p.input_shift = 31;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_softmax_s16(&p, 1, 4, in, exp_lut, recip_lut, out));
}

int main(void)
{
    test_known_values();
    test_bad_arguments();
    test_against_double();
    test_golden_kws();
    test_int16_output();
    test_int16();
    return tnm_test_finish("test_kernels_softmax");
}
