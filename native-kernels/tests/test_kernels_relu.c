/* RELU, RELU6, LEAKY_RELU and PRELU int8: randomized differential tests against plain
 * reference loops written from TFLite's formulas (int64 arithmetic, explicit 4-D
 * subscripts for PRELU's broadcasting), checks against the real functions (1 LSB),
 * hand-derived values, and the argument checks.
 * TFLM goldens (tiny one-operator models): test_kernels_golden_ops.c, tests/data/ops. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

static int g_reported;

static float rnd_scale(tnm_rng *rng)
{
    switch (tnm_rng_range(rng, 0, 5)) {
    case 0: return ldexpf(1.0f, tnm_rng_range(rng, -20, 4));
    case 1: return 1e-6f * (float)tnm_rng_range(rng, 1, 1000);
    case 2: return (float)tnm_rng_range(rng, 1, 1000) / 10.0f;
    default: return (float)tnm_rng_range(rng, 1, 100000) / 1.0e6f;
    }
}

/* A scale near another one (within 1/4x .. 4x), or an unrelated one. */
static float rnd_scale_near(tnm_rng *rng, float scale)
{
    if (tnm_rng_range(rng, 0, 4) == 0) return rnd_scale(rng);
    return scale * (float)tnm_rng_range(rng, 250, 4000) / 1000.0f;
}

static int32_t quantize_real(double real, float scale, int32_t zp)
{
    return ref_clamp((int64_t)floor(real / scale + 0.5) + zp, -128, 127);
}

/* Only where the requantization is meant to be precise: the multiplier not flushed
 * to zero and the int32 range not exceeded. */
static int multiplier_usable(int32_t multiplier, int shift)
{
    return multiplier != 0 && shift <= 22;
}

/* ---------------- RELU ---------------- */

static void relu_derive(float s_in, int32_t zp_in, float s_out, int32_t zp_out, tnm_relu_params *p)
{
    int shift;
    p->input_zero_point = zp_in;
    p->output_zero_point = zp_out;
    ref_quantize_multiplier((double)(s_in / s_out), &p->output_multiplier, &shift);
    p->output_shift = shift;
    p->act_min = zp_out; /* max(-128, zp + roundf(0 / s_out)) */
    p->act_max = 127;
}

/* TFLite's int32 arithmetic, its zero-point add wrapping as on every target. */
static int32_t ref_relu(const tnm_relu_params *p, int8_t in)
{
    const int32_t v = ref_mbqm(in - p->input_zero_point, p->output_multiplier, p->output_shift);
    return ref_clamp(ref_wrap32((int64_t)v + p->output_zero_point), p->act_min, p->act_max);
}

static void test_relu(void)
{
    tnm_rng rng;
    int iter, i;
    int8_t in[256], out[256];
    tnm_relu_params p;
    for (i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    /* equal quantization: the identity above the zero point */
    relu_derive(0.05f, -7, 0.05f, -7, &p);
    CHECK_EQ(1 << 30, p.output_multiplier);
    CHECK_EQ(1, p.output_shift);
    CHECK_EQ(TNM_OK, tnm_relu_s8(&p, 256, in, out));
    for (i = 0; i < 256; ++i) CHECK_EQ(in[i] < -7 ? -7 : in[i], out[i]);
    /* halving the scale doubles the values: zp 0 -> zp -128 */
    relu_derive(0.1f, 0, 0.05f, -128, &p);
    in[0] = 10;
    in[1] = -3;
    in[2] = 127;
    CHECK_EQ(TNM_OK, tnm_relu_s8(&p, 3, in, out));
    CHECK_EQ(-108, out[0]);
    CHECK_EQ(-128, out[1]);
    CHECK_EQ(126, out[2]);

    tnm_rng_seed(&rng, 0x4e1u);
    for (i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    for (iter = 0; iter < 2000 / TNM_TEST_SCALE; ++iter) {
        const float s_in = rnd_scale(&rng), s_out = rnd_scale_near(&rng, s_in);
        const int32_t zp_in = rnd_zero_point(&rng), zp_out = rnd_zero_point(&rng);
        relu_derive(s_in, zp_in, s_out, zp_out, &p);
        if (tnm_rng_range(&rng, 0, 3) == 0) rnd_act_range(&rng, &p.act_min, &p.act_max);
        if (p.output_shift > 30) continue; /* the compiler refuses these */
        CHECK_EQ(TNM_OK, tnm_relu_s8(&p, 256, in, out));
        for (i = 0; i < 256; ++i) {
            const int32_t want = ref_relu(&p, in[i]);
            CHECK_EQ(want, out[i]);
            if (p.act_min == zp_out && p.act_max == 127 &&
                multiplier_usable(p.output_multiplier, p.output_shift)) {
                const double real = (double)s_in * (in[i] - zp_in);
                const int32_t d = out[i] - quantize_real(real > 0 ? real : 0.0, s_out, zp_out);
                CHECK(d >= -1 && d <= 1);
            }
        }
    }
}

/* ---------------- RELU6 ---------------- */

static void test_relu6(void)
{
    tnm_rng rng;
    int iter, i;
    int8_t in[256], out[256];
    tnm_relu6_params p;
    for (i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    /* scale 1/16, zp -100: six = 96 - 100 = -4 */
    p.zero = -100;
    p.six = (int32_t)ref_clamp((int64_t)roundf(6.0f / 0.0625f) - 100, -128, 127);
    CHECK_EQ(-4, p.six);
    CHECK_EQ(TNM_OK, tnm_relu6_s8(&p, 256, in, out));
    for (i = 0; i < 256; ++i) CHECK_EQ(in[i] < -100 ? -100 : (in[i] > -4 ? -4 : in[i]), out[i]);

    tnm_rng_seed(&rng, 0x4e16u);
    for (iter = 0; iter < 1000 / TNM_TEST_SCALE; ++iter) {
        const float s = rnd_scale(&rng);
        const int32_t zp = rnd_zero_point(&rng);
        const float q = roundf(6.0f / s);
        p.zero = zp;
        p.six = q > 1000.0f ? 127 : (int32_t)ref_clamp((int64_t)q + zp, -128, 127);
        CHECK_EQ(TNM_OK, tnm_relu6_s8(&p, 256, in, out));
        for (i = 0; i < 256; ++i) {
            /* the real clamp to [0, 6], on the input's own grid */
            const double real = (double)s * (in[i] - zp);
            const double clamped = real < 0 ? 0 : (real > 6 ? 6 : real);
            CHECK_EQ(in[i] > p.six ? p.six : (in[i] < p.zero ? p.zero : in[i]), out[i]);
            if (clamped < 6.0) {
                CHECK_EQ(quantize_real(clamped, s, zp), out[i]);
            } else { /* six is rounded from the float quotient 6.0f / s */
                const int32_t d = out[i] - quantize_real(clamped, s, zp);
                CHECK(d >= -1 && d <= 1);
            }
        }
    }
}

/* ---------------- LEAKY_RELU ---------------- */

static int leaky_derive(float s_in, int32_t zp_in, float s_out, int32_t zp_out, float alpha,
                        tnm_leaky_relu_params *p)
{
    int shift;
    p->input_zero_point = zp_in;
    p->output_zero_point = zp_out;
    ref_quantize_multiplier((double)(s_in * alpha / s_out), &p->alpha_multiplier, &shift);
    p->alpha_shift = shift;
    if (shift > 30) return 0;
    ref_quantize_multiplier((double)(s_in / s_out), &p->identity_multiplier, &shift);
    p->identity_shift = shift;
    return shift <= 30;
}

static int32_t ref_leaky(const tnm_leaky_relu_params *p, int8_t in)
{
    const int32_t x = in - p->input_zero_point;
    int64_t v;
    if (x >= 0) {
        v = ref_mbqm(x, p->identity_multiplier, p->identity_shift);
    } else {
        const int32_t m = p->alpha_multiplier;
        v = ref_mbqm(x, m < 0 ? -m : m, p->alpha_shift);
        if (m < 0) v = -v;
    }
    return ref_clamp(ref_wrap32(ref_wrap32(v) + (int64_t)p->output_zero_point), -128, 127);
}

static void test_leaky_relu(void)
{
    tnm_rng rng;
    int iter, i;
    int8_t in[256], out[256];
    tnm_leaky_relu_params p;
    /* alpha 0.25, equal quantization: -8 -> -2, 8 -> 8 */
    CHECK(leaky_derive(0.5f, 0, 0.5f, 0, 0.25f, &p));
    in[0] = -8;
    in[1] = 8;
    in[2] = -6; /* -1.5 -> -1.5 rounds away from zero: -2 */
    in[3] = -128;
    CHECK_EQ(TNM_OK, tnm_leaky_relu_s8(&p, 4, in, out));
    CHECK_EQ(-2, out[0]);
    CHECK_EQ(8, out[1]);
    CHECK_EQ(-2, out[2]);
    CHECK_EQ(-32, out[3]);
    /* a negative alpha flips the sign of the negative side */
    CHECK(leaky_derive(0.5f, 0, 0.5f, 0, -0.5f, &p));
    CHECK(p.alpha_multiplier < 0);
    CHECK_EQ(TNM_OK, tnm_leaky_relu_s8(&p, 4, in, out));
    CHECK_EQ(4, out[0]);
    CHECK_EQ(8, out[1]);
    CHECK_EQ(3, out[2]);
    CHECK_EQ(64, out[3]);

    tnm_rng_seed(&rng, 0x1ea4u);
    for (i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    for (iter = 0; iter < 2000 / TNM_TEST_SCALE; ++iter) {
        const float s_in = rnd_scale(&rng), s_out = rnd_scale_near(&rng, s_in);
        const int32_t zp_in = rnd_zero_point(&rng), zp_out = rnd_zero_point(&rng);
        float alpha;
        switch (tnm_rng_range(&rng, 0, 4)) {
        case 0: alpha = 0.0f; break;
        case 1: alpha = -(float)tnm_rng_range(&rng, 1, 3000) / 1000.0f; break;
        case 2: alpha = (float)tnm_rng_range(&rng, 1000, 5000) / 1000.0f; break;
        default: alpha = (float)tnm_rng_range(&rng, 1, 1000) / 1000.0f; break;
        }
        if (!leaky_derive(s_in, zp_in, s_out, zp_out, alpha, &p)) continue;
        CHECK_EQ(TNM_OK, tnm_leaky_relu_s8(&p, 256, in, out));
        for (i = 0; i < 256; ++i) {
            const double x = (double)s_in * (in[i] - zp_in);
            const int32_t want = ref_leaky(&p, in[i]);
            if (out[i] != want && g_reported++ < 5) {
                printf("leaky alpha %g in %d: kernel %d reference %d\n", (double)alpha, in[i],
                       out[i], (int)want);
            }
            CHECK_EQ(want, out[i]);
            if (multiplier_usable(p.identity_multiplier, p.identity_shift) &&
                (alpha == 0.0f || multiplier_usable(p.alpha_multiplier, p.alpha_shift))) {
                const int32_t d = out[i] - quantize_real(x >= 0 ? x : x * alpha, s_out, zp_out);
                CHECK(d >= -1 && d <= 1);
            }
        }
    }
}

/* LEAKY_RELU over int16: ref_leaky's arithmetic on int16 values, clamped to int16. */
static void test_leaky_relu_s16(void)
{
    static int16_t in[1024], out[1024 + 8];
    tnm_rng rng;
    int iter, i;
    tnm_leaky_relu_params p;
    tnm_rng_seed(&rng, 0x1ea5u);
    for (iter = 0; iter < 500 / TNM_TEST_SCALE; ++iter) {
        const float s_in = rnd_scale(&rng) / 256.0f, s_out = rnd_scale_near(&rng, s_in);
        const float alpha = tnm_rng_range(&rng, 0, 3) == 0 ? -(float)tnm_rng_range(&rng, 1, 3000) / 1000.0f
                                                           : (float)tnm_rng_range(&rng, 0, 2000) / 1000.0f;
        const int32_t zp_in = iter % 3 ? 0 : tnm_rng_range(&rng, -32768, 32767);
        const int32_t zp_out = iter % 3 ? 0 : tnm_rng_range(&rng, -32768, 32767);
        if (!leaky_derive(s_in, zp_in, s_out, zp_out, alpha, &p)) continue;
        for (i = 0; i < 1024; ++i) in[i] = (int16_t)(i < 4 ? (i < 2 ? -32768 + i : 32766 + i - 2) : tnm_rng_range(&rng, -32768, 32767));
        for (i = 0; i < 8; ++i) out[1024 + i] = 0x5A5A;
        CHECK_EQ(TNM_OK, tnm_leaky_relu_s16(&p, 1024, in, out));
        for (i = 0; i < 1024; ++i) {
            const int32_t x = in[i] - p.input_zero_point;
            int64_t v;
            if (x >= 0) {
                v = ref_mbqm(x, p.identity_multiplier, p.identity_shift);
            } else {
                const int32_t m = p.alpha_multiplier;
                v = ref_mbqm(x, m < 0 ? -m : m, p.alpha_shift);
                if (m < 0) v = -v;
            }
            CHECK_EQ(ref_clamp(ref_wrap32(ref_wrap32(v) + (int64_t)p.output_zero_point), -32768, 32767), out[i]);
        }
        for (i = 0; i < 8; ++i) CHECK_EQ(0x5A5A, out[1024 + i]);
    }
    p.input_zero_point = 32768; /* beyond int16 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_leaky_relu_s16(&p, 4, in, out));
    p.input_zero_point = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_leaky_relu_s16(&p, 4, NULL, out));
}

/* ---------------- PRELU ---------------- */

static int prelu_derive(float s_in, int32_t zp_in, float s_alpha, int32_t zp_alpha, float s_out,
                        int32_t zp_out, tnm_prelu_params *p)
{
    int shift;
    p->input_offset = -zp_in;
    p->alpha_offset = -zp_alpha;
    p->output_offset = zp_out;
    ref_quantize_multiplier((double)s_in / (double)s_out, &p->output_multiplier_1, &shift);
    p->output_shift_1 = shift;
    if (shift > 30) return 0;
    ref_quantize_multiplier((double)s_in * (double)s_alpha / (double)s_out,
                            &p->output_multiplier_2, &shift);
    p->output_shift_2 = shift;
    return shift <= 30;
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

static void rnd_broadcast_dims(tnm_rng *rng, const tnm_dims *out, tnm_dims *in)
{
    in->n = tnm_rng_range(rng, 0, 1) ? out->n : 1;
    in->h = tnm_rng_range(rng, 0, 1) ? out->h : 1;
    in->w = tnm_rng_range(rng, 0, 1) ? out->w : 1;
    in->c = tnm_rng_range(rng, 0, 2) ? out->c : 1;
}

static void test_prelu(void)
{
    static int8_t in[512], alpha[512], out[512];
    tnm_rng rng;
    tnm_prelu_params p;
    tnm_dims di, da, dout;
    int iter, b, y, x, c;
    /* hand-derived: equal scales 0.5, alpha scale 1/64 zp 0 (alpha 16 -> 0.25) */
    dout.n = 1; dout.h = 1; dout.w = 2; dout.c = 2;
    di = dout;
    da.n = 1; da.h = 1; da.w = 1; da.c = 2; /* per-channel alpha */
    CHECK(prelu_derive(0.5f, 0, 1.0f / 64.0f, 0, 0.5f, 0, &p));
    in[0] = -8; in[1] = -8; in[2] = 8; in[3] = -100;
    alpha[0] = 16; alpha[1] = -32; /* 0.25, -0.5 */
    CHECK_EQ(TNM_OK, tnm_prelu_s8(&p, &di, in, &da, alpha, &dout, out));
    CHECK_EQ(-2, out[0]);
    CHECK_EQ(4, out[1]);
    CHECK_EQ(8, out[2]);
    CHECK_EQ(50, out[3]);

    tnm_rng_seed(&rng, 0x9e1u);
    for (iter = 0; iter < 3000 / TNM_TEST_SCALE; ++iter) {
        const float s_in = rnd_scale(&rng), s_out = rnd_scale_near(&rng, s_in);
        const float s_alpha = ldexpf((float)tnm_rng_range(&rng, 1, 1000) / 1000.0f, -tnm_rng_range(&rng, 0, 8));
        const int32_t zp_in = rnd_zero_point(&rng), zp_alpha = rnd_zero_point(&rng);
        const int32_t zp_out = rnd_zero_point(&rng);
        int check_real;
        dout.n = tnm_rng_range(&rng, 1, 2);
        dout.h = tnm_rng_range(&rng, 1, 4);
        dout.w = tnm_rng_range(&rng, 1, 4);
        dout.c = tnm_rng_range(&rng, 1, 8);
        rnd_broadcast_dims(&rng, &dout, &di);
        rnd_broadcast_dims(&rng, &dout, &da);
        if (!prelu_derive(s_in, zp_in, s_alpha, zp_alpha, s_out, zp_out, &p)) continue;
        check_real = multiplier_usable(p.output_multiplier_1, p.output_shift_1) &&
                     multiplier_usable(p.output_multiplier_2, p.output_shift_2);
        rnd_fill_s8(&rng, in, 512);
        rnd_fill_s8(&rng, alpha, 512);
        CHECK_EQ(TNM_OK, tnm_prelu_s8(&p, &di, in, &da, alpha, &dout, out));
        for (b = 0; b < dout.n; ++b)
            for (y = 0; y < dout.h; ++y)
                for (x = 0; x < dout.w; ++x)
                    for (c = 0; c < dout.c; ++c) {
                        const int32_t xi = in[bcast_index(&di, b, y, x, c)] - zp_in;
                        const int32_t ai = alpha[bcast_index(&da, b, y, x, c)] - zp_alpha;
                        const int32_t got = out[bcast_index(&dout, b, y, x, c)];
                        const int64_t v = xi >= 0
                            ? ref_mbqm(xi, p.output_multiplier_1, p.output_shift_1)
                            : ref_mbqm(xi * ai, p.output_multiplier_2, p.output_shift_2);
                        CHECK_EQ(ref_clamp(ref_wrap32(v + zp_out), -128, 127), got);
                        const int64_t product = xi >= 0 ? xi : (int64_t)xi * ai;
                        const int shift = xi >= 0 ? p.output_shift_1 : p.output_shift_2;
                        const int64_t magnitude = product < 0 ? -product : product;
                        /* where TFLite's int32 left shift does not wrap */
                        if (check_real && magnitude * ((int64_t)1 << (shift > 0 ? shift : 0)) <= INT32_MAX) {
                            const double xr = (double)s_in * xi, ar = (double)s_alpha * ai;
                            const int32_t d = got - quantize_real(xr >= 0 ? xr : xr * ar, s_out, zp_out);
                            if ((d < -1 || d > 1) && g_reported++ < 5)
                                printf("prelu s_in %g zp %d s_a %g zp %d s_out %g zp %d: x %d a %d got %d m2 %d s2 %d\n", (double)s_in, (int)zp_in, (double)s_alpha, (int)zp_alpha, (double)s_out, (int)zp_out, (int)xi, (int)ai, (int)got, (int)p.output_multiplier_2, (int)p.output_shift_2);
                            CHECK(d >= -1 && d <= 1);
                        }
                    }
    }
}

/* ---------------- any accepted parameters ---------------- */

/* Arbitrary parameters within the documented ranges (not only those a model gives):
 * the kernels must match TFLite's int32 arithmetic, wraps included, and stay free of
 * undefined behaviour (the sanitizer build runs this too). */
static void test_raw_params(void)
{
    static int8_t in[256], alpha[64], out[256];
    tnm_rng rng;
    int iter, i;
    tnm_rng_seed(&rng, 0x7a3u);
    for (i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    for (iter = 0; iter < 1000 / TNM_TEST_SCALE; ++iter) {
        tnm_relu_params r;
        tnm_leaky_relu_params l;
        tnm_prelu_params pr;
        tnm_dims d = {1, 1, 4, 64}, da = {1, 1, 1, 64};
        r.input_zero_point = rnd_zero_point(&rng);
        r.output_zero_point = rnd_zero_point(&rng);
        r.output_multiplier = rnd_multiplier(&rng);
        r.output_shift = rnd_shift(&rng, -31, 30);
        rnd_act_range(&rng, &r.act_min, &r.act_max);
        CHECK_EQ(TNM_OK, tnm_relu_s8(&r, 256, in, out));
        for (i = 0; i < 256; ++i) CHECK_EQ(ref_relu(&r, in[i]), out[i]);

        l.input_zero_point = rnd_zero_point(&rng);
        l.output_zero_point = rnd_zero_point(&rng);
        l.identity_multiplier = rnd_multiplier(&rng);
        l.identity_shift = rnd_shift(&rng, -31, 30);
        l.alpha_multiplier = tnm_rng_range(&rng, 0, 1) ? rnd_multiplier(&rng) : -rnd_multiplier(&rng);
        l.alpha_shift = rnd_shift(&rng, -31, 30);
        CHECK_EQ(TNM_OK, tnm_leaky_relu_s8(&l, 256, in, out));
        for (i = 0; i < 256; ++i) CHECK_EQ(ref_leaky(&l, in[i]), out[i]);

        pr.input_offset = -rnd_zero_point(&rng);
        pr.alpha_offset = -rnd_zero_point(&rng);
        pr.output_offset = rnd_zero_point(&rng);
        pr.output_multiplier_1 = rnd_multiplier(&rng);
        pr.output_shift_1 = rnd_shift(&rng, -31, 30);
        pr.output_multiplier_2 = rnd_multiplier(&rng);
        pr.output_shift_2 = rnd_shift(&rng, -31, 30);
        rnd_fill_s8(&rng, alpha, 64);
        CHECK_EQ(TNM_OK, tnm_prelu_s8(&pr, &d, in, &da, alpha, &d, out));
        for (i = 0; i < 256; ++i) {
            const int32_t xi = pr.input_offset + in[i], ai = pr.alpha_offset + alpha[i % 64];
            const int32_t v = xi >= 0 ? ref_mbqm(xi, pr.output_multiplier_1, pr.output_shift_1)
                                      : ref_mbqm(xi * ai, pr.output_multiplier_2, pr.output_shift_2);
            CHECK_EQ(ref_clamp(ref_wrap32((int64_t)v + pr.output_offset), -128, 127), out[i]);
        }
    }
}

/* ---------------- argument checks ---------------- */

static void test_bad_arguments(void)
{
    int8_t in[8] = {0}, out[8];
    tnm_relu_params r, rg;
    tnm_relu6_params r6;
    tnm_leaky_relu_params l, lg;
    tnm_prelu_params pr, pg;
    tnm_dims d = {1, 1, 2, 4}, d1 = {1, 1, 1, 4}, bad = {1, 1, 3, 4};

    relu_derive(0.1f, 0, 0.1f, 0, &rg);
    r = rg;
    CHECK_EQ(TNM_OK, tnm_relu_s8(&r, 0, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu_s8(NULL, 8, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu_s8(&r, 8, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu_s8(&r, 8, in, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu_s8(&r, -1, in, out));
    r.input_zero_point = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu_s8(&r, 8, in, out));
    r = rg;
    r.output_shift = 31;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu_s8(&r, 8, in, out));
    r = rg;
    r.output_multiplier = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu_s8(&r, 8, in, out));
    r = rg;
    r.act_min = 5;
    r.act_max = 4;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu_s8(&r, 8, in, out));

    r6.zero = 0;
    r6.six = 60;
    CHECK_EQ(TNM_OK, tnm_relu6_s8(&r6, 8, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu6_s8(NULL, 8, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu6_s8(&r6, -1, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu6_s8(&r6, 8, NULL, out));
    r6.six = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_relu6_s8(&r6, 8, in, out));

    CHECK(leaky_derive(0.1f, 0, 0.1f, 0, 0.2f, &lg));
    l = lg;
    CHECK_EQ(TNM_OK, tnm_leaky_relu_s8(&l, 8, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_leaky_relu_s8(NULL, 8, in, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_leaky_relu_s8(&l, 8, in, NULL));
    l.alpha_multiplier = INT32_MIN;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_leaky_relu_s8(&l, 8, in, out));
    l = lg;
    l.alpha_shift = -32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_leaky_relu_s8(&l, 8, in, out));
    l = lg;
    l.identity_multiplier = -5;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_leaky_relu_s8(&l, 8, in, out));
    l = lg;
    l.output_zero_point = -129;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_leaky_relu_s8(&l, 8, in, out));

    CHECK(prelu_derive(0.1f, 0, 0.01f, 0, 0.1f, 0, &pg));
    pr = pg;
    CHECK_EQ(TNM_OK, tnm_prelu_s8(&pr, &d, in, &d1, in, &d, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(NULL, &d, in, &d1, in, &d, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &d, NULL, &d1, in, &d, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &d, in, &d1, NULL, &d, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &d, in, &d1, in, &d, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, NULL, in, &d1, in, &d, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &bad, in, &d1, in, &d, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &d, in, &bad, in, &d, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &d, in, &d, in, &d1, out));
    pr.alpha_offset = -128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &d, in, &d1, in, &d, out));
    pr = pg;
    pr.output_shift_2 = 31;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &d, in, &d1, in, &d, out));
    pr = pg;
    pr.output_multiplier_1 = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pr, &d, in, &d1, in, &d, out));
    d.c = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_prelu_s8(&pg, &d, in, &d1, in, &d, out));
}

int main(void)
{
    test_relu();
    test_relu6();
    test_leaky_relu();
    test_leaky_relu_s16();
    test_prelu();
    test_raw_params();
    test_bad_arguments();
    return tnm_test_finish("test_kernels_relu");
}
