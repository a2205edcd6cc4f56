/* SUB, MAXIMUM and MINIMUM int8 with 4-D broadcasting: randomized differential tests
 * against plain reference loops (TFLite's SUB formula with int64 arithmetic, explicit
 * 4-D subscripts), SUB against real arithmetic (1 LSB), hand-derived values, and the
 * argument checks.
 * TFLM goldens (tiny one-operator models): test_kernels_golden_ops.c, tests/data/ops. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 1024

static int8_t g_in1[MAX_ELEMS], g_in2[MAX_ELEMS], g_out[MAX_ELEMS];

/* TFLM's CalculateOpDataSub for int8 (float arithmetic where it uses float). Returns 0
 * when a shift comes out positive (the compiler refuses those). */
static int sub_derive(float s1, int32_t zp1, float s2, int32_t zp2, float so, int32_t zpo,
                      tnm_arith_params *p)
{
    const float twice_max = 2 * (s1 > s2 ? s1 : s2);
    int shift;
    memset(p, 0, sizeof *p);
    p->input1_offset = -zp1;
    p->input2_offset = -zp2;
    p->output_offset = zpo;
    p->left_shift = 20;
    ref_quantize_multiplier((double)(s1 / twice_max), &p->input1_multiplier, &shift);
    p->input1_shift = shift;
    ref_quantize_multiplier((double)(s2 / twice_max), &p->input2_multiplier, &shift);
    p->input2_shift = shift;
    ref_quantize_multiplier((double)(twice_max / ((1 << 20) * so)), &p->output_multiplier, &shift);
    p->output_shift = shift;
    p->act_min = -128;
    p->act_max = 127;
    return p->output_shift <= 0;
}

static int32_t ref_sub(const tnm_arith_params *p, int32_t x1, int32_t x2)
{
    const int32_t a = ref_mbqm((int32_t)((int64_t)(x1 + p->input1_offset) * (1 << p->left_shift)),
                               p->input1_multiplier, p->input1_shift);
    const int32_t b = ref_mbqm((int32_t)((int64_t)(x2 + p->input2_offset) * (1 << p->left_shift)),
                               p->input2_multiplier, p->input2_shift);
    const int32_t raw = ref_mbqm(ref_wrap32((int64_t)a - b), p->output_multiplier, p->output_shift);
    return ref_clamp((int64_t)raw + p->output_offset, p->act_min, p->act_max);
}

static int32_t dim_of(const tnm_dims *d, int k)
{
    return k == 0 ? d->n : (k == 1 ? d->h : (k == 2 ? d->w : d->c));
}

/* Flat index of output subscript (b, y, x, c) in a tensor that broadcasts to it. */
static int32_t bcast_index(const tnm_dims *d, int32_t b, int32_t y, int32_t x, int32_t c)
{
    const int32_t sub[4] = {b, y, x, c};
    int32_t idx = 0;
    int k;
    for (k = 0; k < 4; ++k) idx = idx * dim_of(d, k) + (dim_of(d, k) == 1 ? 0 : sub[k]);
    return idx;
}

static void rnd_dims(tnm_rng *rng, tnm_dims *out, tnm_dims *in1, tnm_dims *in2)
{
    out->n = tnm_rng_range(rng, 1, 2);
    out->h = tnm_rng_range(rng, 1, 5);
    out->w = tnm_rng_range(rng, 1, 6);
    out->c = tnm_rng_range(rng, 1, 8);
    *in1 = *out;
    *in2 = *out;
    if (tnm_rng_range(rng, 0, 2) == 0) in1->n = 1;
    if (tnm_rng_range(rng, 0, 2) == 0) in1->h = 1;
    if (tnm_rng_range(rng, 0, 2) == 0) in1->w = 1;
    if (tnm_rng_range(rng, 0, 2) == 0) in1->c = 1;
    if (tnm_rng_range(rng, 0, 2) == 0) in2->n = 1;
    if (tnm_rng_range(rng, 0, 2) == 0) in2->h = 1;
    if (tnm_rng_range(rng, 0, 2) == 0) in2->w = 1;
    if (tnm_rng_range(rng, 0, 2) == 0) in2->c = 1;
}

static float rnd_scale(tnm_rng *rng)
{
    switch (tnm_rng_range(rng, 0, 5)) {
    case 0: return ldexpf(1.0f, tnm_rng_range(rng, -16, 3));
    case 1: return 1e-5f * (float)tnm_rng_range(rng, 1, 100);
    case 2: return (float)tnm_rng_range(rng, 1, 500) / 10.0f;
    default: return (float)tnm_rng_range(rng, 1, 100000) / 1.0e6f;
    }
}

static void test_sub_known(void)
{
    tnm_arith_params p;
    tnm_dims d = {1, 1, 1, 4}, d1 = {1, 1, 1, 1};
    int8_t a[4] = {10, 0, -128, 127}, b[1] = {4}, o[4];
    /* all scales 0.5, zero points 0: plain difference, saturated */
    CHECK(sub_derive(0.5f, 0, 0.5f, 0, 0.5f, 0, &p));
    CHECK_EQ(TNM_OK, tnm_sub_s8(&p, &d, a, &d1, b, &d, o));
    CHECK_EQ(6, o[0]);
    CHECK_EQ(-4, o[1]);
    CHECK_EQ(-128, o[2]);
    CHECK_EQ(123, o[3]);
    /* broadcast the other way: 4 - a */
    CHECK_EQ(TNM_OK, tnm_sub_s8(&p, &d1, b, &d, a, &d, o));
    CHECK_EQ(-6, o[0]);
    CHECK_EQ(4, o[1]);
    CHECK_EQ(127, o[2]);
    CHECK_EQ(-123, o[3]);
    /* output scale 1, zero point 10: (10 - 4) * 0.5 = 3 -> 13; in place */
    CHECK(sub_derive(0.5f, 0, 0.5f, 0, 1.0f, 10, &p));
    CHECK_EQ(TNM_OK, tnm_sub_s8(&p, &d, a, &d1, b, &d, a));
    CHECK_EQ(13, a[0]);
    CHECK_EQ(8, a[1]); /* -2 -> 8 */
}

static void test_sub_random(void)
{
    tnm_rng rng;
    tnm_arith_params p;
    tnm_dims d1, d2, dout;
    int iter, b, y, x, c;
    tnm_rng_seed(&rng, 0x5ab1u);
    for (iter = 0; iter < 3000 / TNM_TEST_SCALE; ++iter) {
        const float s1 = rnd_scale(&rng);
        const float s2 = tnm_rng_range(&rng, 0, 2) ? s1 * (float)tnm_rng_range(&rng, 100, 1000) / 300.0f
                                                   : rnd_scale(&rng);
        const float so = (s1 > s2 ? s1 : s2) * (float)tnm_rng_range(&rng, 500, 4000) / 1000.0f;
        const int32_t zp1 = rnd_zero_point(&rng), zp2 = rnd_zero_point(&rng);
        const int32_t zpo = rnd_zero_point(&rng);
        int full_range;
        if (!sub_derive(s1, zp1, s2, zp2, so, zpo, &p)) continue;
        if (tnm_rng_range(&rng, 0, 3) == 0) rnd_act_range(&rng, &p.act_min, &p.act_max);
        full_range = p.act_min == -128 && p.act_max == 127;
        rnd_dims(&rng, &dout, &d1, &d2);
        rnd_fill_s8(&rng, g_in1, MAX_ELEMS);
        rnd_fill_s8(&rng, g_in2, MAX_ELEMS);
        CHECK_EQ(TNM_OK, tnm_sub_s8(&p, &d1, g_in1, &d2, g_in2, &dout, g_out));
        for (b = 0; b < dout.n; ++b)
            for (y = 0; y < dout.h; ++y)
                for (x = 0; x < dout.w; ++x)
                    for (c = 0; c < dout.c; ++c) {
                        const int32_t x1 = g_in1[bcast_index(&d1, b, y, x, c)];
                        const int32_t x2 = g_in2[bcast_index(&d2, b, y, x, c)];
                        const int32_t got = g_out[bcast_index(&dout, b, y, x, c)];
                        CHECK_EQ(ref_sub(&p, x1, x2), got);
                        if (full_range) {
                            const double real = (double)s1 * (x1 - zp1) - (double)s2 * (x2 - zp2);
                            const int32_t want = ref_clamp((int64_t)floor(real / so + 0.5) + zpo, -128, 127);
                            CHECK(got - want >= -1 && got - want <= 1);
                        }
                    }
    }
}

static void test_minmax_random(void)
{
    tnm_rng rng;
    tnm_dims d1, d2, dout;
    int iter, b, y, x, c, take_max;
    tnm_rng_seed(&rng, 0x3a3u);
    for (iter = 0; iter < 2000 / TNM_TEST_SCALE; ++iter) {
        take_max = iter & 1;
        rnd_dims(&rng, &dout, &d1, &d2);
        rnd_fill_s8(&rng, g_in1, MAX_ELEMS);
        rnd_fill_s8(&rng, g_in2, MAX_ELEMS);
        if (iter % 7 == 0) memcpy(g_in2, g_in1, MAX_ELEMS); /* ties */
        CHECK_EQ(TNM_OK, take_max ? tnm_maximum_s8(&d1, g_in1, &d2, g_in2, &dout, g_out)
                                  : tnm_minimum_s8(&d1, g_in1, &d2, g_in2, &dout, g_out));
        for (b = 0; b < dout.n; ++b)
            for (y = 0; y < dout.h; ++y)
                for (x = 0; x < dout.w; ++x)
                    for (c = 0; c < dout.c; ++c) {
                        const int32_t x1 = g_in1[bcast_index(&d1, b, y, x, c)];
                        const int32_t x2 = g_in2[bcast_index(&d2, b, y, x, c)];
                        const int32_t got = g_out[bcast_index(&dout, b, y, x, c)];
                        CHECK_EQ(take_max ? (x1 >= x2 ? x1 : x2) : (x1 <= x2 ? x1 : x2), got);
                    }
    }
}

static void test_minmax_known(void)
{
    tnm_dims d = {1, 2, 1, 3}, dc = {1, 1, 1, 3};
    int8_t a[6] = {-128, 5, 127, 0, -1, 1}, b[3] = {0, 5, -3}, o[6];
    CHECK_EQ(TNM_OK, tnm_maximum_s8(&d, a, &dc, b, &d, o));
    CHECK_EQ(0, o[0]);
    CHECK_EQ(5, o[1]);
    CHECK_EQ(127, o[2]);
    CHECK_EQ(0, o[3]);
    CHECK_EQ(5, o[4]);
    CHECK_EQ(1, o[5]);
    CHECK_EQ(TNM_OK, tnm_minimum_s8(&dc, b, &d, a, &d, o));
    CHECK_EQ(-128, o[0]);
    CHECK_EQ(5, o[1]);
    CHECK_EQ(-3, o[2]);
    CHECK_EQ(0, o[3]);
    CHECK_EQ(-1, o[4]);
    CHECK_EQ(-3, o[5]);
}

static void test_bad_arguments(void)
{
    tnm_arith_params p, good;
    tnm_dims d = {1, 1, 2, 4}, d1 = {1, 1, 1, 4}, bad = {1, 1, 3, 4}, zero = {1, 0, 2, 4};
    CHECK(sub_derive(0.1f, 0, 0.1f, 0, 0.1f, 0, &good));
    p = good;
    CHECK_EQ(TNM_OK, tnm_sub_s8(&p, &d, g_in1, &d1, g_in2, &d, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s8(NULL, &d, g_in1, &d1, g_in2, &d, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s8(&p, &d, NULL, &d1, g_in2, &d, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s8(&p, &d, g_in1, &bad, g_in2, &d, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s8(&p, &zero, g_in1, &d1, g_in2, &d, g_out));
    p.input1_shift = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s8(&p, &d, g_in1, &d1, g_in2, &d, g_out));
    p = good;
    p.left_shift = 31;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s8(&p, &d, g_in1, &d1, g_in2, &d, g_out));
    p = good;
    p.input2_offset = -128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s8(&p, &d, g_in1, &d1, g_in2, &d, g_out));
    p = good;
    p.act_min = 100;
    p.act_max = 99;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s8(&p, &d, g_in1, &d1, g_in2, &d, g_out));

    CHECK_EQ(TNM_OK, tnm_maximum_s8(&d, g_in1, &d1, g_in2, &d, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_maximum_s8(NULL, g_in1, &d1, g_in2, &d, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_maximum_s8(&d, g_in1, &d1, NULL, &d, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_minimum_s8(&d, g_in1, &d1, g_in2, &d, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_minimum_s8(&d, g_in1, &bad, g_in2, &d, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_minimum_s8(&d, g_in1, &d, g_in2, &d1, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_maximum_s8(&zero, g_in1, &d1, g_in2, &d, g_out));
}

int main(void)
{
    test_sub_known();
    test_sub_random();
    test_minmax_known();
    test_minmax_random();
    test_bad_arguments();
    return tnm_test_finish("test_kernels_sub_minmax");
}
