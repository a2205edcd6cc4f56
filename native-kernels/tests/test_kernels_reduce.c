/* MEAN and SUM (tnm_mean_s8 / tnm_sum_s8, and the int16 tnm_mean_s16 / tnm_sum_s16) against a direct reference: each output
 * sums the input elements whose kept coordinates equal its own (int64), then TFLM's
 * requantization written out from reduce.h's formula. REDUCE_MAX / REDUCE_MIN the same
 * way: each output the extreme of the inputs whose kept coordinates are its own. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 4096

static int8_t g_in[MAX_ELEMS], g_out[MAX_ELEMS + 16], g_expected[MAX_ELEMS];
static int64_t g_sum[MAX_ELEMS];
static int16_t g_in16[MAX_ELEMS], g_out16[MAX_ELEMS + 16], g_expected16[MAX_ELEMS];

/* Returns the number of outputs; fills g_expected (int8, from g_in) or g_expected16 (s16, from g_in16). */
static int32_t reference_reduce_of(int mean, int s16, const tnm_reduce_params *p, const tnm_nd_dims *in)
{
    int64_t total = 1, outputs = 1, n = 1, i;
    int d;
    int32_t m = p->multiplier, s = p->shift;
    for (d = 0; d < in->rank; ++d) {
        total *= in->dims[d];
        if ((p->axis_mask >> d) & 1) n *= in->dims[d];
        else outputs *= in->dims[d];
    }
    for (i = 0; i < outputs; ++i) g_sum[i] = 0;
    for (i = 0; i < total; ++i) {
        /* the output index: the input coordinates with the reduced axes dropped */
        int64_t rest = i, out_index = 0, out_stride = 1;
        for (d = in->rank - 1; d >= 0; --d) {
            int64_t coord = rest % in->dims[d];
            rest /= in->dims[d];
            if (!((p->axis_mask >> d) & 1)) {
                out_index += coord * out_stride;
                out_stride *= in->dims[d];
            }
        }
        g_sum[out_index] += s16 ? g_in16[i] : g_in[i];
    }
    if (mean) {
        int k = 0;
        while ((n >> (k + 1)) != 0) ++k; /* floor(log2 n) */
        if (k > 32) k = 32;
        if (k > 31 + s) k = 31 + s;
        m = (int32_t)(((int64_t)m << k) / n);
        s -= k;
    }
    for (i = 0; i < outputs; ++i) {
        int32_t shifted = ref_wrap32(g_sum[i] - (int64_t)p->input_zero_point * n);
        /* TFLM adds the zero point in int32: it wraps after the most extreme shifts */
        int32_t v = ref_wrap32((int64_t)ref_mbqm(shifted, m, s) + p->output_zero_point);
        if (s16) g_expected16[i] = (int16_t)ref_clamp(v, -32768, 32767);
        else g_expected[i] = (int8_t)ref_clamp(v, -128, 127);
    }
    return (int32_t)outputs;
}

static int32_t reference_reduce(int mean, const tnm_reduce_params *p, const tnm_nd_dims *in)
{
    return reference_reduce_of(mean, 0, p, in);
}

static void random_quant(tnm_rng *rng, tnm_reduce_params *p, int mean)
{
    if (tnm_rng_range(rng, 0, 2) != 0) {
        /* realistic: input scale / output scale in [1/64, 4) (SUM: smaller outputs scales
         * are rare, sums need a larger one) */
        double ratio = (double)tnm_rng_range(rng, 1, 1 << 20) / (double)(1 << 18);
        int shift;
        if (!mean) ratio /= (double)tnm_rng_range(rng, 1, 64);
        ref_quantize_multiplier(ratio, &p->multiplier, &shift);
        p->shift = shift;
    } else {
        p->multiplier = rnd_multiplier(rng);
        p->shift = rnd_shift(rng, -12, 4);
    }
}

static void test_random(int mean, uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_reduce_params p;
        tnm_nd_dims in;
        int64_t total = 1;
        int32_t outputs, i;
        tnm_status st;
        memset(&p, 0, sizeof p);
        in.rank = tnm_rng_range(&rng, 1, TNM_ND_MAX_RANK);
        for (i = 0; i < in.rank; ++i) {
            in.dims[i] = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 3) ? 6 : 17);
            total *= in.dims[i];
        }
        if (total > MAX_ELEMS) continue;
        p.axis_mask = tnm_rng_range(&rng, 0, (1 << in.rank) - 1);
        if (tnm_rng_range(&rng, 0, 4) == 0 && in.rank == 4) p.axis_mask = 6; /* 4-D over H, W */
        p.input_zero_point = rnd_zero_point(&rng);
        p.output_zero_point = rnd_zero_point(&rng);
        random_quant(&rng, &p, mean);
        rnd_fill_s8(&rng, g_in, (int32_t)total);
        if (tnm_rng_range(&rng, 0, 9) == 0) memset(g_in, tnm_rng_range(&rng, 0, 1) ? 127 : -128, (size_t)total);
        outputs = reference_reduce(mean, &p, &in);
        memset(g_out + outputs, 0x5A, 16);
        st = mean ? tnm_mean_s8(&p, &in, g_in, outputs, g_out) : tnm_sum_s8(&p, &in, g_in, outputs, g_out);
        CHECK_EQ(TNM_OK, st);
        CHECK(memcmp(g_out, g_expected, (size_t)outputs) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[outputs + i]);
        done++;
    }
    printf("%s: %d random cases\n", mean ? "mean" : "sum", done);
}

/* int16: the int8 cases' shapes and masks, int16 values and zero points */
static void test_random_s16(int mean, uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    tnm_rng_seed(&rng, seed);
    while (done < 1000 / TNM_TEST_SCALE) {
        tnm_reduce_params p;
        tnm_nd_dims in;
        int64_t total = 1;
        int32_t outputs, i;
        memset(&p, 0, sizeof p);
        in.rank = tnm_rng_range(&rng, 1, TNM_ND_MAX_RANK);
        for (i = 0; i < in.rank; ++i) {
            in.dims[i] = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 3) ? 6 : 17);
            total *= in.dims[i];
        }
        if (total > MAX_ELEMS) continue;
        p.axis_mask = tnm_rng_range(&rng, 0, (1 << in.rank) - 1);
        p.input_zero_point = tnm_rng_range(&rng, 0, 2) ? 0 : tnm_rng_range(&rng, -32768, 32767);
        p.output_zero_point = tnm_rng_range(&rng, 0, 2) ? 0 : tnm_rng_range(&rng, -32768, 32767);
        random_quant(&rng, &p, mean);
        for (i = 0; i < total; ++i) g_in16[i] = (int16_t)tnm_rng_range(&rng, -32768, 32767);
        outputs = reference_reduce_of(mean, 1, &p, &in);
        for (i = 0; i < 16; ++i) g_out16[outputs + i] = 0x5A5A;
        CHECK_EQ(TNM_OK, mean ? tnm_mean_s16(&p, &in, g_in16, outputs, g_out16) : tnm_sum_s16(&p, &in, g_in16, outputs, g_out16));
        CHECK(memcmp(g_out16, g_expected16, 2u * (size_t)outputs) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A, g_out16[outputs + i]);
        p.input_zero_point = 32768; /* beyond int16 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mean_s16(&p, &in, g_in16, outputs, g_out16));
        done++;
    }
}

static void test_known_values(void)
{
    /* scale ratio 1: multiplier 2^30, shift 1 */
    tnm_reduce_params p = {1, 0, 0, 1 << 30, 1};
    tnm_nd_dims d4 = {1, {4, 0, 0, 0, 0}}, d3 = {1, {3, 0, 0, 0, 0}}, d23 = {2, {2, 3, 0, 0, 0}};
    int8_t a[4] = {1, 2, 3, 4}, b[4] = {-1, -2, -3, -4}, c[3] = {1, 1, 2}, out[3];
    int8_t m23[6] = {1, 2, 3, 4, 5, 7};
    /* mean 2.5 -> 3, -2.5 -> -3 (ties away from zero through the double rounding) */
    CHECK_EQ(TNM_OK, tnm_mean_s8(&p, &d4, a, 1, out));
    CHECK_EQ(3, out[0]);
    CHECK_EQ(TNM_OK, tnm_mean_s8(&p, &d4, b, 1, out));
    CHECK_EQ(-3, out[0]);
    /* mean 4/3: multiplier floor(2^31 / 3), shift 0 -> 1 */
    CHECK_EQ(TNM_OK, tnm_mean_s8(&p, &d3, c, 1, out));
    CHECK_EQ(1, out[0]);
    /* mean of {-1, 0} with multiplier 2^30 + 1: TFLM folds 1/2 into it exactly
     * ((2^30 + 1) * 2 / 2), shift 0: -0.5 * (1 + 2^-30) -> -1 (with 2^30 it would be a
     * tie, rounded up to 0) */
    p.multiplier = (1 << 30) + 1;
    CHECK_EQ(TNM_OK, tnm_mean_s8(&p, &(tnm_nd_dims){1, {2, 0, 0, 0, 0}}, (int8_t[2]){-1, 0}, 1, out));
    CHECK_EQ(-1, out[0]);
    p.multiplier = 1 << 30;
    CHECK_EQ(TNM_OK, tnm_mean_s8(&p, &(tnm_nd_dims){1, {2, 0, 0, 0, 0}}, (int8_t[2]){-1, 0}, 1, out));
    CHECK_EQ(0, out[0]);
    /* sums 10 and -10, zero points: input 1 -> 10 - 4 = 6, output -5 -> 1 */
    CHECK_EQ(TNM_OK, tnm_sum_s8(&p, &d4, a, 1, out));
    CHECK_EQ(10, out[0]);
    p.input_zero_point = 1;
    p.output_zero_point = -5;
    CHECK_EQ(TNM_OK, tnm_sum_s8(&p, &d4, a, 1, out));
    CHECK_EQ(1, out[0]);
    /* 2x3 over axis 0: column sums 5, 7, 10; over axis 1: row sums 6, 16 */
    p.input_zero_point = 0;
    p.output_zero_point = 0;
    CHECK_EQ(TNM_OK, tnm_sum_s8(&p, &d23, m23, 3, out));
    CHECK_EQ(5, out[0]);
    CHECK_EQ(7, out[1]);
    CHECK_EQ(10, out[2]);
    p.axis_mask = 2;
    CHECK_EQ(TNM_OK, tnm_sum_s8(&p, &d23, m23, 2, out));
    CHECK_EQ(6, out[0]);
    CHECK_EQ(16, out[1]);
    /* saturation */
    p.axis_mask = 1;
    CHECK_EQ(TNM_OK, tnm_sum_s8(&p, &d4, (int8_t[4]){100, 100, 100, 100}, 1, out));
    CHECK_EQ(127, out[0]);
    /* argument errors */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sum_s8(NULL, &d23, m23, 2, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sum_s8(&p, &d23, NULL, 2, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mean_s8(&p, &d23, m23, 2, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mean_s8(&p, &d23, m23, 2, out)); /* output count */
    p.axis_mask = 4;                                                   /* axis 2 of a 2-D input */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mean_s8(&p, &d23, m23, 6, out));
    p.axis_mask = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mean_s8(&p, &d23, m23, 1, out));
    {
        tnm_nd_dims huge = {2, {65536, 65536, 0, 0, 0}};
        p.axis_mask = 3;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sum_s8(&p, &huge, m23, 1, out));
    }
    p.axis_mask = 1;
    p.shift = 31;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mean_s8(&p, &d23, m23, 3, out));
    p.shift = 0;
    p.multiplier = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mean_s8(&p, &d23, m23, 3, out));
    p.multiplier = 1 << 30;
    p.input_zero_point = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sum_s8(&p, &d23, m23, 3, out));
}

/* REDUCE_MAX / REDUCE_MIN: every input element updates the output its kept coordinates
 * name (the first update sets it). */
static int32_t reference_extreme(int want_max, int32_t mask, const tnm_nd_dims *in)
{
    static uint8_t seen[MAX_ELEMS];
    int64_t total = 1, outputs = 1, i;
    int d;
    for (d = 0; d < in->rank; ++d) {
        total *= in->dims[d];
        if (!((mask >> d) & 1)) outputs *= in->dims[d];
    }
    memset(seen, 0, (size_t)outputs);
    for (i = 0; i < total; ++i) {
        int64_t rest = i, out_index = 0, out_stride = 1;
        for (d = in->rank - 1; d >= 0; --d) {
            int64_t coord = rest % in->dims[d];
            rest /= in->dims[d];
            if (!((mask >> d) & 1)) {
                out_index += coord * out_stride;
                out_stride *= in->dims[d];
            }
        }
        if (!seen[out_index] || (want_max ? g_in[i] > g_expected[out_index] : g_in[i] < g_expected[out_index]))
            g_expected[out_index] = g_in[i];
        seen[out_index] = 1;
    }
    return (int32_t)outputs;
}

static void test_random_extreme(int want_max, uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_nd_dims in;
        int64_t total = 1;
        int32_t outputs, i, mask;
        tnm_status st;
        in.rank = tnm_rng_range(&rng, 1, TNM_ND_MAX_RANK);
        for (i = 0; i < in.rank; ++i) {
            in.dims[i] = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 3) ? 6 : 17);
            total *= in.dims[i];
        }
        if (total > MAX_ELEMS) continue;
        mask = tnm_rng_range(&rng, 0, (1 << in.rank) - 1);
        if (tnm_rng_range(&rng, 0, 4) == 0 && in.rank == 4) mask = 6; /* 4-D over H, W */
        rnd_fill_s8(&rng, g_in, (int32_t)total);
        if (tnm_rng_range(&rng, 0, 9) == 0) memset(g_in, tnm_rng_range(&rng, 0, 1) ? 127 : -128, (size_t)total);
        outputs = reference_extreme(want_max, mask, &in);
        memset(g_out + outputs, 0x5A, 16);
        st = want_max ? tnm_reduce_max_s8(mask, &in, g_in, outputs, g_out)
                      : tnm_reduce_min_s8(mask, &in, g_in, outputs, g_out);
        CHECK_EQ(TNM_OK, st);
        CHECK(memcmp(g_out, g_expected, (size_t)outputs) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[outputs + i]);
        done++;
    }
    printf("%s: %d random cases\n", want_max ? "reduce_max" : "reduce_min", done);
}

static void test_extreme_known_values(void)
{
    tnm_nd_dims d23 = {2, {2, 3, 0, 0, 0}};
    int8_t m23[6] = {1, -128, 3, 127, 5, -7}, out[6];
    /* over axis 0: column extremes; over axis 1: row extremes; mask 0 copies */
    CHECK_EQ(TNM_OK, tnm_reduce_max_s8(1, &d23, m23, 3, out));
    CHECK_EQ(127, out[0]);
    CHECK_EQ(5, out[1]);
    CHECK_EQ(3, out[2]);
    CHECK_EQ(TNM_OK, tnm_reduce_min_s8(2, &d23, m23, 2, out));
    CHECK_EQ(-128, out[0]);
    CHECK_EQ(-7, out[1]);
    CHECK_EQ(TNM_OK, tnm_reduce_min_s8(0, &d23, m23, 6, out));
    CHECK(memcmp(out, m23, 6) == 0);
    CHECK_EQ(TNM_OK, tnm_reduce_max_s8(3, &d23, m23, 1, out));
    CHECK_EQ(127, out[0]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_reduce_max_s8(1, &d23, m23, 2, out)); /* output count */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_reduce_max_s8(4, &d23, m23, 6, out)); /* axis 2 of 2-D */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_reduce_min_s8(-1, &d23, m23, 1, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_reduce_min_s8(1, &d23, NULL, 3, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_reduce_max_s8(1, &d23, m23, 3, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_reduce_max_s8(1, NULL, m23, 3, out));
}

int main(void)
{
    test_known_values();
    test_random(1, 31337);
    test_random(0, 271828);
    test_extreme_known_values();
    test_random_extreme(1, 4242);
    test_random_extreme(0, 2424);
    test_random_s16(1, 4141);
    test_random_s16(0, 4242);
    return tnm_test_finish("test_kernels_reduce");
}
