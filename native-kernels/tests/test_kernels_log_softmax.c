/* LOG_SOFTMAX int8: against double-precision log-softmax (1 LSB of 1/16 tolerance: the kernel
 * uses gemmlowp-style fixed-point exp and log, exact to TFLite but not to real arithmetic),
 * known values, argument checks and the sum limit. TFLM's bytes: test_kernels_nd_golden.c
 * (tests/data/log_softmax). */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

/* 127 + 16 * log_softmax, rounded and clamped: what the kernel approximates */
static int32_t expected_value(const int8_t *row, int32_t depth, int32_t c, double scale)
{
    double sum = 0.0;
    int32_t i, max = -128;
    for (i = 0; i < depth; ++i) max = row[i] > max ? row[i] : max;
    for (i = 0; i < depth; ++i) sum += exp((row[i] - max) * scale);
    return ref_clamp((int64_t)floor(127.0 + 16.0 * ((row[c] - max) * scale - log(sum)) + 0.5), -128, 127);
}

static void test_known_values(void)
{
    static int8_t in[4096], out[4096];
    tnm_log_softmax_params p;
    ref_log_softmax_params(0.1, &p);
    /* one value: log 1 = 0 -> the zero point 127 */
    in[0] = -40;
    CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&p, 1, 1, in, out));
    CHECK_EQ(127, out[0]);
    /* n equal values: -log n in steps of 1/16 (2: -11.09 -> 116; 40: -59.02 -> 68) */
    memset(in, 9, 64);
    CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&p, 1, 2, in, out));
    CHECK_EQ(116, out[0]);
    CHECK_EQ(116, out[1]);
    CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&p, 1, 40, in, out));
    CHECK_EQ(68, out[39]);
    /* a value far below the maximum (-25.5 at scale 0.1 is -408 steps) gives the minimum */
    in[0] = 127;
    in[1] = -128;
    CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&p, 1, 2, in, out));
    CHECK_EQ(127, out[0]);
    CHECK_EQ(-128, out[1]);
    /* 4,095 equal values keep the Q12 sum of exps below 2^31; 4,096 reach it (TFLM's int32
     * sum overflows): refused, output untouched */
    memset(in, 3, sizeof in);
    CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&p, 1, 4095, in, out));
    CHECK_EQ(127 - 133, out[4094]); /* 16 * log 4095 = 133.06 */
    out[0] = 55;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&p, 1, 4096, in, out));
    /* one far maximum and 4,095 values far below it: the sum stays 1, no limit */
    in[0] = 127;
    memset(in + 1, -128, 4095);
    CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&p, 1, 4096, in, out));
    CHECK_EQ(127, out[0]);
    CHECK_EQ(-128, out[4095]);
}

static void test_bad_arguments(void)
{
    int8_t in[8] = {0}, out[8];
    tnm_log_softmax_params p, q;
    ref_log_softmax_params(0.1, &p);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(NULL, 1, 4, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&p, 1, 4, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&p, 1, 4, in, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&p, 0, 4, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&p, 1, 0, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&p, 65536, 65536, in, out));
    q = p; q.input_multiplier = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&q, 1, 4, in, out));
    q = p; q.input_left_shift = 32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&q, 1, 4, in, out));
    q = p; q.input_left_shift = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&q, 1, 4, in, out));
    q = p; q.reverse_scaling_divisor = -5;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&q, 1, 4, in, out));
    q = p; q.reverse_scaling_left_shift = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&q, 1, 4, in, out));
    q = p; q.reverse_scaling_left_shift = -32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&q, 1, 4, in, out));
    q = p; q.diff_min = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_log_softmax_s8(&q, 1, 4, in, out));
}

/* Random rows and scales (left shifts 16 to 30), some rows with many ties at the maximum. */
static void test_against_double(void)
{
    static int8_t in[3000], out[3000];
    tnm_rng rng;
    int iter;
    tnm_rng_seed(&rng, 0x10650F7u);
    for (iter = 0; iter < 300; ++iter) {
        const int32_t depth = (int32_t)tnm_rng_range(&rng, 1, iter % 10 == 0 ? 1000 : 60);
        const int32_t rows = (int32_t)tnm_rng_range(&rng, 1, 3);
        const double scale = pow(2.0, (double)tnm_rng_range(&rng, -100, 40) / 10.0);
        tnm_log_softmax_params p;
        int32_t r, c, lo = -128, hi = 127;
        ref_log_softmax_params(scale, &p);
        if (iter % 3 == 0) { /* a narrow range: many values at the maximum */
            lo = (int32_t)tnm_rng_range(&rng, -128, 120);
            hi = lo + 7;
        }
        for (c = 0; c < rows * depth; ++c) in[c] = (int8_t)tnm_rng_range(&rng, lo, hi);
        CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&p, rows, depth, in, out));
        for (r = 0; r < rows; ++r) {
            for (c = 0; c < depth; ++c) {
                const int32_t want = expected_value(in + r * depth, depth, c, scale);
                const int32_t got = out[r * depth + c];
                if (got - want > 1 || want - got > 1) {
                    printf("scale %g depth %d row %d col %d: got %d, want %d\n", scale, (int)depth, (int)r,
                           (int)c, (int)got, (int)want);
                    CHECK(0);
                    return;
                }
            }
        }
    }
}

int main(void)
{
    test_known_values();
    test_bad_arguments();
    test_against_double();
    return tnm_test_finish("test_kernels_log_softmax");
}
