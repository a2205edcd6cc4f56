/* CONV_2D 16x8 (int16 activations, int8 weights): tnm_conv_16x8 against a direct loop written
 * from TFLM's reference_integer_ops::ConvPerChannel<int64_t / int32_t> for int16 (every tap
 * tested inside the image, the group of an output channel, TFLite's 64-bit requantization
 * from its formula), over random shapes: groups, strides, dilations, padding, both
 * accumulators, no bias, extreme multipliers and values; and the argument checks. TFLM's
 * bytes: tests/data/conv_16x8 through the compiler (OperatorGoldenTests). */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

static int16_t g_in[4096], g_out[4096], g_ref[4096];
static int8_t g_filter[8192];
static int32_t g_bias[64], g_mult[64];
static int8_t g_shift[64];
static uint32_t g_scratch[1536]; /* the patch forms' largest scratch: 1024 values two pixels a pass */

/* The kernel's output with its scratch (mode 1: the patch form where it applies) or without
 * (mode 0), into g_out after poisoning it. */
static tnm_status run_mode(int mode, const tnm_conv_16x8_params *p, const tnm_quant *q, const tnm_dims *in,
                           const tnm_dims *f, const int32_t *bias, const tnm_dims *out)
{
    const int32_t need = tnm_conv_16x8_scratch_size(in, f);
    CHECK(need >= 0 && need <= (int32_t)sizeof g_scratch);
    memset(g_out, 0x55, sizeof g_out);
    memset(g_scratch, 0xA5, sizeof g_scratch); /* the window must not rely on old contents */
    return tnm_conv_16x8(p, q, in, g_in, f, g_filter, bias, out, g_out, mode && need > 0 ? g_scratch : NULL);
}

static void reference(const tnm_conv_16x8_params *p, const tnm_dims *in, const tnm_dims *f, const int32_t *bias,
                      const tnm_dims *out)
{
    const int groups = in->c / f->c, per_group = out->c / groups;
    int b, oy, ox, oc, ky, kx, ic;
    for (b = 0; b < out->n; b++)
        for (oy = 0; oy < out->h; oy++)
            for (ox = 0; ox < out->w; ox++)
                for (oc = 0; oc < out->c; oc++) {
                    const int g = oc / per_group;
                    int64_t acc = 0;
                    int32_t v;
                    for (ky = 0; ky < f->h; ky++)
                        for (kx = 0; kx < f->w; kx++) {
                            const int iy = oy * p->stride_h - p->pad_h + ky * p->dilation_h;
                            const int ix = ox * p->stride_w - p->pad_w + kx * p->dilation_w;
                            if (iy < 0 || iy >= in->h || ix < 0 || ix >= in->w) continue;
                            for (ic = 0; ic < f->c; ic++)
                                acc += (int64_t)g_in[((b * in->h + iy) * in->w + ix) * in->c + g * f->c + ic] *
                                       g_filter[((oc * f->h + ky) * f->w + kx) * f->c + ic];
                        }
                    if (bias) acc += bias[oc];
                    v = p->wide ? ref_mbqm64(acc, g_mult[oc], g_shift[oc])
                                : ref_mbqm(ref_wrap32(acc), g_mult[oc], g_shift[oc]);
                    g_ref[((b * out->h + oy) * out->w + ox) * out->c + oc] =
                        (int16_t)ref_clamp(v, p->act_min, p->act_max);
                }
}

static void test_random(uint32_t seed)
{
    tnm_rng rng;
    int iter;
    tnm_rng_seed(&rng, seed);
    for (iter = 0; iter < 400; iter++) {
        tnm_conv_16x8_params p;
        tnm_dims in, f, out;
        tnm_quant q;
        const int groups = tnm_rng_range(&rng, 1, 3);
        const int has_bias = tnm_rng_range(&rng, 0, 3) != 0;
        int32_t i, n, mode;
        memset(&p, 0, sizeof p);
        f.c = tnm_rng_range(&rng, 1, 5);
        f.h = tnm_rng_range(&rng, 1, 4);
        f.w = tnm_rng_range(&rng, 1, 4);
        f.n = groups * tnm_rng_range(&rng, 1, 4);
        in.n = tnm_rng_range(&rng, 1, 2);
        in.h = tnm_rng_range(&rng, 1, 7);
        in.w = tnm_rng_range(&rng, 1, 7);
        in.c = groups * f.c;
        p.stride_h = tnm_rng_range(&rng, 1, 3);
        p.stride_w = tnm_rng_range(&rng, 1, 3);
        p.dilation_h = tnm_rng_range(&rng, 1, 2);
        p.dilation_w = tnm_rng_range(&rng, 1, 2);
        p.pad_h = tnm_rng_range(&rng, 0, f.h - 1);
        p.pad_w = tnm_rng_range(&rng, 0, f.w - 1);
        out.n = in.n;
        out.c = f.n;
        out.h = (in.h + 2 * p.pad_h - (f.h - 1) * p.dilation_h - 1) / p.stride_h + 1;
        out.w = (in.w + 2 * p.pad_w - (f.w - 1) * p.dilation_w - 1) / p.stride_w + 1;
        if (in.h + 2 * p.pad_h < (f.h - 1) * p.dilation_h + 1 || in.w + 2 * p.pad_w < (f.w - 1) * p.dilation_w + 1 ||
            out.h < 1 || out.w < 1) {
            iter--;
            continue;
        }
        p.wide = tnm_rng_range(&rng, 0, 1);
        p.act_min = -32768;
        p.act_max = 32767;
        if (tnm_rng_range(&rng, 0, 3) == 0) {
            p.act_min = tnm_rng_range(&rng, -32768, 0);
            p.act_max = tnm_rng_range(&rng, p.act_min, 32767);
        }
        n = in.n * in.h * in.w * in.c;
        for (i = 0; i < n; i++) {
            const int32_t k = tnm_rng_range(&rng, 0, 9);
            g_in[i] = (int16_t)(k == 0 ? -32768 : k == 1 ? 32767 : tnm_rng_range(&rng, -32768, 32767));
        }
        tnm_test_fill_s8(&rng, g_filter, f.n * f.h * f.w * f.c);
        for (i = 0; i < out.c; i++) {
            g_bias[i] = tnm_rng_range(&rng, 0, 4) == 0 ? (int32_t)tnm_rng_next(&rng) : tnm_rng_range(&rng, -1000000, 1000000);
            g_mult[i] = rnd_multiplier(&rng);
            /* outputs in range for sums of ~2^24: shifts near -10 */
            g_shift[i] = (int8_t)(p.wide ? tnm_rng_range(&rng, -31, 7) : rnd_shift(&rng, -20, 2));
            if (tnm_rng_range(&rng, 0, 3) != 0) g_shift[i] = (int8_t)tnm_rng_range(&rng, -16, -6);
        }
        q.multiplier = g_mult;
        q.shift = g_shift;
        reference(&p, &in, &f, has_bias ? g_bias : NULL, &out);
        for (mode = 0; mode < 2; mode++) {
            CHECK_EQ(TNM_OK, run_mode(mode, &p, &q, &in, &f, has_bias ? g_bias : NULL, &out));
            n = out.n * out.h * out.w * out.c;
            for (i = 0; i < n; i++) {
                if (g_out[i] != g_ref[i]) {
                    printf("iter %d mode %d: element %d got %d want %d (wide %d groups %d)\n", iter, mode, (int)i,
                           g_out[i], g_ref[i], (int)p.wide, groups);
                    CHECK(0);
                    return;
                }
            }
        }
    }
}

/* One group, unit column dilation (the rows form; the patch forms with scratch) with long rows of taps: runs past
 * one int32 partial sum (508 values), channel counts that leave 1-3 for the last pass of four,
 * windows clipped at every edge. */
static void test_long_rows(uint32_t seed)
{
    tnm_rng rng;
    const int want = 120 / TNM_TEST_SCALE;
    int iter, done = 0, mode;
    tnm_rng_seed(&rng, seed);
    for (iter = 0; done < want && iter < 100000; iter++) {
        tnm_conv_16x8_params p;
        tnm_dims in, f, out;
        tnm_quant q;
        int32_t i, n;
        memset(&p, 0, sizeof p);
        f.c = tnm_rng_range(&rng, 0, 1) ? tnm_rng_range(&rng, 100, 400) : tnm_rng_range(&rng, 1, 40);
        f.h = tnm_rng_range(&rng, 1, 3);
        f.w = tnm_rng_range(&rng, 1, 4);
        f.n = tnm_rng_range(&rng, 0, 3) == 0 ? tnm_rng_range(&rng, 33, 40) : tnm_rng_range(&rng, 1, 9); /* > 32: batches */
        in.n = 1;
        in.h = tnm_rng_range(&rng, 1, 4);
        in.w = tnm_rng_range(&rng, 1, 5);
        in.c = f.c;
        p.stride_h = tnm_rng_range(&rng, 1, 2);
        p.stride_w = tnm_rng_range(&rng, 1, 2);
        p.dilation_h = tnm_rng_range(&rng, 1, 2);
        p.dilation_w = 1;
        p.pad_h = tnm_rng_range(&rng, 0, f.h - 1);
        p.pad_w = tnm_rng_range(&rng, 0, f.w - 1);
        out.n = 1;
        out.c = f.n;
        if (in.h + 2 * p.pad_h < (f.h - 1) * p.dilation_h + 1 || in.w + 2 * p.pad_w < f.w) continue;
        out.h = (in.h + 2 * p.pad_h - (f.h - 1) * p.dilation_h - 1) / p.stride_h + 1;
        out.w = (in.w + 2 * p.pad_w - f.w) / p.stride_w + 1;
        if (in.h * in.w * in.c > 4096 || f.n * f.h * f.w * f.c > 8192 || out.h * out.w * out.c > 4096) continue;
        if ((int64_t)out.h * out.w * out.c * f.h * f.w * f.c > 1000000) continue; /* emulated cores */
        p.wide = tnm_rng_range(&rng, 0, 1);
        p.act_min = -32768;
        p.act_max = 32767;
        n = in.h * in.w * in.c;
        for (i = 0; i < n; i++) {
            const int32_t k = tnm_rng_range(&rng, 0, 5);
            /* runs of extremes: the partial sums' bound */
            g_in[i] = (int16_t)(k == 0 ? -32768 : k == 1 ? 32767 : tnm_rng_range(&rng, -32768, 32767));
        }
        tnm_test_fill_s8(&rng, g_filter, f.n * f.h * f.w * f.c);
        if (tnm_rng_range(&rng, 0, 3) == 0) memset(g_filter, 0x80, (size_t)f.n * f.h * f.w * f.c); /* all -128 */
        for (i = 0; i < out.c; i++) {
            g_bias[i] = tnm_rng_range(&rng, -1000000, 1000000);
            g_mult[i] = rnd_multiplier(&rng);
            g_shift[i] = (int8_t)tnm_rng_range(&rng, -24, -12);
        }
        q.multiplier = g_mult;
        q.shift = g_shift;
        reference(&p, &in, &f, g_bias, &out);
        for (mode = 0; mode < 2; mode++) {
            CHECK_EQ(TNM_OK, run_mode(mode, &p, &q, &in, &f, g_bias, &out));
            n = out.h * out.w * out.c;
            for (i = 0; i < n; i++) {
                if (g_out[i] != g_ref[i]) {
                    printf("long rows %d mode %d: element %d got %d want %d (wide %d, %d channels, filter %dx%dx%d)\n",
                           done, mode, (int)i, g_out[i], g_ref[i], (int)p.wide, (int)in.c, (int)f.h, (int)f.w,
                           (int)f.c);
                    CHECK(0);
                    return;
                }
            }
        }
        done++;
    }
    CHECK_EQ(want, done);
}

static void test_arguments(void)
{
    tnm_conv_16x8_params p, bad;
    tnm_dims in = {1, 3, 3, 4}, f = {2, 2, 2, 2}, out = {1, 2, 2, 2};
    tnm_quant q;
    int32_t i;
    memset(&p, 0, sizeof p);
    p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
    p.act_min = -32768;
    p.act_max = 32767;
    p.wide = 1;
    for (i = 0; i < 2; i++) {
        g_mult[i] = 1 << 30;
        g_shift[i] = -10;
    }
    q.multiplier = g_mult;
    q.shift = g_shift;
    memset(g_in, 0, sizeof g_in);
    CHECK_EQ(TNM_OK, tnm_conv_16x8(&p, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(NULL, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&p, NULL, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&p, &q, &in, NULL, &f, g_filter, NULL, &out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&p, &q, &in, g_in, &f, NULL, NULL, &out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&p, &q, &in, g_in, &f, g_filter, NULL, &out, NULL, NULL));
    /* groups: 4 input channels over filters of 3 do not divide; 2 groups of 3 output channels do not fit 2 */
    f.c = 3;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&p, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    f.c = 2;
    out.c = 3;
    f.n = 3;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&p, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    out.c = f.n = 2;
    bad = p; bad.act_min = -32769;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&bad, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    bad = p; bad.act_min = 5; bad.act_max = 4;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&bad, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    bad = p; bad.wide = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&bad, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    bad = p; bad.stride_h = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&bad, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    /* the 64-bit requantization takes shifts up to 7, the 32-bit one up to 30 */
    g_shift[1] = 8;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&p, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    bad = p; bad.wide = 0;
    CHECK_EQ(TNM_OK, tnm_conv_16x8(&bad, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    g_shift[1] = -32;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&bad, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    g_shift[1] = -10;
    g_mult[0] = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_16x8(&p, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, NULL));
    g_mult[0] = 1 << 30;
    /* the patch form's scratch: 2 bytes a window value, a word multiple; none for grouped
     * filters or windows over 2048 values, the two-pixel form's interleaved groups too for windows
     * of 4 to 1024 values; -1 for bad dims; a misaligned scratch refused */
    f.c = 4;
    in.c = 4;
    CHECK_EQ(2 * (16 + 2 * 16), tnm_conv_16x8_scratch_size(&in, &f)); /* two pixels a pass */
    f.h = f.w = 1;
    f.c = in.c = 3;
    CHECK_EQ(8, tnm_conv_16x8_scratch_size(&in, &f));
    f.c = 1;
    CHECK_EQ(0, tnm_conv_16x8_scratch_size(&in, &f));
    f.c = in.c = 1024;
    CHECK_EQ(6144, tnm_conv_16x8_scratch_size(&in, &f));
    f.c = in.c = 1025; /* one pixel a pass */
    CHECK_EQ(2052, tnm_conv_16x8_scratch_size(&in, &f));
    f.c = in.c = 2048;
    CHECK_EQ(4096, tnm_conv_16x8_scratch_size(&in, &f));
    f.c = in.c = 2049;
    CHECK_EQ(0, tnm_conv_16x8_scratch_size(&in, &f));
    f.c = 0;
    CHECK_EQ(-1, tnm_conv_16x8_scratch_size(&in, &f));
    CHECK_EQ(-1, tnm_conv_16x8_scratch_size(NULL, &f));
    f.h = f.w = f.c = 2;
    in.c = 2;
    CHECK_EQ(TNM_OK, tnm_conv_16x8(&p, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, g_scratch));
    CHECK_EQ(TNM_ERR_ARGUMENT,
             tnm_conv_16x8(&p, &q, &in, g_in, &f, g_filter, NULL, &out, g_out, (uint8_t *)g_scratch + 2));
}

int main(void)
{
    test_arguments();
    test_random(0x16816u);
    test_long_rows(0x16817u);
    return tnm_test_finish("test_kernels_conv_16x8");
}
