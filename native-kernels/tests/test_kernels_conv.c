/* CONV_2D and DEPTHWISE_CONV_2D against a direct reference loop. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#define MAX_IN 4096
#define MAX_FILTER 16384
#define MAX_OUT 8192
#define MAX_CH 128

typedef struct {
    tnm_conv_params p;
    tnm_dims in, filter, out;
    int32_t input_zp;
    int has_bias;
    int32_t groups; /* CONV_2D only */
} conv_case;

static int8_t g_in[MAX_IN], g_filter[MAX_FILTER], g_out[MAX_OUT + 16], g_expected[MAX_OUT];
static int32_t g_bias[MAX_CH], g_mult[MAX_CH];
static int8_t g_shift[MAX_CH];
static uint32_t g_conv_scratch[16384]; /* the kernels' scratch (tnm_conv_s8_scratch_size) */

/* Output extent for a window with padding before (pad) and after (pad_after). */
static int32_t out_extent(int32_t in, int32_t filter, int32_t dilation, int32_t stride,
                          int32_t pad, int32_t pad_after)
{
    int32_t span = (filter - 1) * dilation + 1;
    int32_t room = in + pad + pad_after - span;
    return room < 0 ? 0 : room / stride + 1;
}

/* Random geometry with SAME-style padding on some cases. Returns 0 if it does not fit. */
static int random_geometry(tnm_rng *rng, conv_case *k, int depthwise)
{
    static const int32_t odd_channels[] = {1, 2, 3, 5, 7, 8, 13, 16};
    int32_t fh, fw, ih, iw, pad_after_h, pad_after_w;
    switch (tnm_rng_range(rng, 0, 4)) {
    case 0: fh = 1; fw = 1; break;
    case 1: fh = 3; fw = 3; break;
    case 2: fh = 10; fw = 4; break;
    default: fh = tnm_rng_range(rng, 1, 5); fw = tnm_rng_range(rng, 1, 5); break;
    }
    ih = tnm_rng_range(rng, 1, 14);
    iw = tnm_rng_range(rng, 1, 14);
    if (fh == 10) ih = tnm_rng_range(rng, 10, 20);
    memset(&k->p, 0, sizeof k->p);
    k->p.stride_h = tnm_rng_range(rng, 1, 3);
    k->p.stride_w = tnm_rng_range(rng, 1, 3);
    k->p.dilation_h = tnm_rng_range(rng, 0, 3) == 0 ? 2 : 1;
    k->p.dilation_w = tnm_rng_range(rng, 0, 3) == 0 ? 2 : 1;
    if (tnm_rng_range(rng, 0, 1)) { /* SAME-like: total pad = span - 1, top/left gets the floor half */
        int32_t tot_h = (fh - 1) * k->p.dilation_h, tot_w = (fw - 1) * k->p.dilation_w;
        k->p.pad_h = tot_h / 2;
        k->p.pad_w = tot_w / 2;
        pad_after_h = tot_h - k->p.pad_h;
        pad_after_w = tot_w - k->p.pad_w;
    } else {
        k->p.pad_h = tnm_rng_range(rng, 0, 2);
        k->p.pad_w = tnm_rng_range(rng, 0, 2);
        pad_after_h = tnm_rng_range(rng, 0, 2);
        pad_after_w = tnm_rng_range(rng, 0, 2);
    }
    k->in.n = tnm_rng_range(rng, 1, 2);
    k->in.h = ih;
    k->in.w = iw;
    k->in.c = odd_channels[tnm_rng_range(rng, 0, 7)];
    k->out.n = k->in.n;
    k->out.h = out_extent(ih, fh, k->p.dilation_h, k->p.stride_h, k->p.pad_h, pad_after_h);
    k->out.w = out_extent(iw, fw, k->p.dilation_w, k->p.stride_w, k->p.pad_w, pad_after_w);
    if (k->out.h < 1 || k->out.w < 1) return 0;
    k->filter.h = fh;
    k->filter.w = fw;
    k->groups = 1;
    if (depthwise) {
        k->p.depth_multiplier = tnm_rng_range(rng, 0, 2) == 0 ? tnm_rng_range(rng, 2, 3) : 1;
        k->filter.n = 1;
        k->filter.c = k->in.c * k->p.depth_multiplier;
        k->out.c = k->filter.c;
    } else {
        if (tnm_rng_range(rng, 0, 5) == 0 && k->in.c % 2 == 0) k->groups = 2;
        k->filter.c = k->in.c / k->groups;
        k->out.c = odd_channels[tnm_rng_range(rng, 0, 7)] * k->groups;
        k->filter.n = k->out.c;
    }
    if (k->in.n * k->in.h * k->in.w * k->in.c > MAX_IN) return 0;
    if (k->filter.n * fh * fw * k->filter.c > MAX_FILTER) return 0;
    if (k->out.n * k->out.h * k->out.w * k->out.c > MAX_OUT) return 0;
    return 1;
}

static void random_quant(tnm_rng *rng, conv_case *k)
{
    int32_t i;
    k->input_zp = rnd_zero_point(rng);
    k->p.input_offset = -k->input_zp;
    k->p.output_offset = rnd_zero_point(rng);
    rnd_act_range(rng, &k->p.act_min, &k->p.act_max);
    k->has_bias = tnm_rng_range(rng, 0, 3) != 0;
    for (i = 0; i < k->out.c; ++i) {
        g_mult[i] = tnm_rng_range(rng, 0, 30) == 0 ? 0 : rnd_multiplier(rng);
        g_shift[i] = (int8_t)rnd_shift(rng, -18, -6);
        g_bias[i] = tnm_rng_range(rng, 0, 9) == 0 ? tnm_rng_range(rng, -(1 << 24), 1 << 24)
                                                 : tnm_rng_range(rng, -40000, 40000);
    }
}

/* The reference: every tap tested against the image, int64 accumulator. */
static void reference_conv(const conv_case *k, int depthwise)
{
    int32_t b, oy, ox, oc, fy, fx, c;
    const int32_t filters_per_group = k->out.c / k->groups;
    for (b = 0; b < k->out.n; ++b)
        for (oy = 0; oy < k->out.h; ++oy)
            for (ox = 0; ox < k->out.w; ++ox)
                for (oc = 0; oc < k->out.c; ++oc) {
                    int64_t acc = 0;
                    int32_t v;
                    for (fy = 0; fy < k->filter.h; ++fy)
                        for (fx = 0; fx < k->filter.w; ++fx) {
                            int32_t iy = oy * k->p.stride_h - k->p.pad_h + fy * k->p.dilation_h;
                            int32_t ix = ox * k->p.stride_w - k->p.pad_w + fx * k->p.dilation_w;
                            if (iy < 0 || iy >= k->in.h || ix < 0 || ix >= k->in.w) continue;
                            if (depthwise) {
                                int32_t ic = oc / k->p.depth_multiplier;
                                int64_t x = g_in[((b * k->in.h + iy) * k->in.w + ix) * k->in.c + ic];
                                int64_t w = g_filter[(fy * k->filter.w + fx) * k->filter.c + oc];
                                acc += w * (x - k->input_zp);
                            } else {
                                int32_t group = oc / filters_per_group;
                                for (c = 0; c < k->filter.c; ++c) {
                                    int64_t x = g_in[((b * k->in.h + iy) * k->in.w + ix) * k->in.c +
                                                     group * k->filter.c + c];
                                    int64_t w = g_filter[((oc * k->filter.h + fy) * k->filter.w + fx) *
                                                             k->filter.c + c];
                                    acc += w * (x - k->input_zp);
                                }
                            }
                        }
                    if (k->has_bias) acc += g_bias[oc];
                    CHECK(acc >= INT32_MIN && acc <= INT32_MAX); /* test sizes keep it in int32 */
                    v = ref_wrap32((int64_t)ref_mbqm((int32_t)acc, g_mult[oc], g_shift[oc]) +
                                   k->p.output_offset);
                    g_expected[((b * k->out.h + oy) * k->out.w + ox) * k->out.c + oc] =
                        (int8_t)ref_clamp(v, k->p.act_min, k->p.act_max);
                }
}

static int run_kernel(const conv_case *k, int depthwise, int32_t *bias_or_null)
{
    tnm_quant q;
    q.multiplier = g_mult;
    q.shift = g_shift;
    if (depthwise) {
        const int32_t need = tnm_depthwise_conv_s8_scratch_size(&k->in, &k->filter, &k->out);
        CHECK(need >= 0 && need <= tnm_depthwise_conv_s8_scratch_size_max(&k->in, &k->filter, &k->out));
        CHECK(need <= (int32_t)sizeof g_conv_scratch);
        return tnm_depthwise_conv_s8(&k->p, &q, &k->in, g_in, &k->filter, g_filter,
                                     bias_or_null, &k->out, g_out, need > 0 ? g_conv_scratch : NULL);
    }
    {
        /* this build's variant: at most what any target asks for (the arena's share) */
        const int32_t need = tnm_conv_s8_scratch_size(&k->in, &k->filter, &k->out);
        CHECK(need >= 0 && need <= tnm_conv_s8_scratch_size_max(&k->in, &k->filter, &k->out));
        CHECK(need <= (int32_t)sizeof g_conv_scratch);
        return tnm_conv_s8(&k->p, &q, &k->in, g_in, &k->filter, g_filter, bias_or_null, &k->out,
                           g_out, need > 0 ? g_conv_scratch : NULL);
    }
}

static void test_random(int depthwise, uint32_t seed, int cases)
{
    tnm_rng rng;
    int done = 0, saturated = 0, mid = 0;
    tnm_rng_seed(&rng, seed);
    while (done < cases) {
        conv_case k;
        int32_t count, i, mismatches = 0;
        if (!random_geometry(&rng, &k, depthwise)) continue;
        random_quant(&rng, &k);
        rnd_fill_s8(&rng, g_in, k.in.n * k.in.h * k.in.w * k.in.c);
        rnd_fill_s8(&rng, g_filter, k.filter.n * k.filter.h * k.filter.w * k.filter.c);
        reference_conv(&k, depthwise);
        count = k.out.n * k.out.h * k.out.w * k.out.c;
        memset(g_out + count, 0x5A, 16); /* guard: the kernel must not write past the output */
        CHECK_EQ(TNM_OK, run_kernel(&k, depthwise, k.has_bias ? g_bias : NULL));
        for (i = 0; i < count; ++i) {
            if (g_out[i] != g_expected[i]) mismatches++;
            if (g_expected[i] == k.p.act_min || g_expected[i] == k.p.act_max) saturated++;
            else mid++;
        }
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[count + i]);
        if (mismatches) {
            fprintf(stderr,
                    "%s case %d: %d/%d outputs differ (in %dx%dx%dx%d filter %dx%dx%dx%d stride %d,%d "
                    "dil %d,%d pad %d,%d dm %d groups %d)\n",
                    depthwise ? "depthwise" : "conv", done, mismatches, count, (int)k.in.n,
                    (int)k.in.h, (int)k.in.w, (int)k.in.c, (int)k.filter.n, (int)k.filter.h,
                    (int)k.filter.w, (int)k.filter.c, (int)k.p.stride_h, (int)k.p.stride_w,
                    (int)k.p.dilation_h, (int)k.p.dilation_w, (int)k.p.pad_h, (int)k.p.pad_w,
                    (int)k.p.depth_multiplier, (int)k.groups);
        }
        CHECK_EQ(0, mismatches);
        done++;
    }
    /* the sweep must exercise both clamped and in-range outputs to mean anything */
    CHECK(saturated > 1000);
    CHECK(mid > 1000);
    printf("%s: %d cases, %d clamped and %d in-range outputs\n", depthwise ? "depthwise" : "conv",
           cases, saturated, mid);
}

/* A hand-computed 3x3 SAME convolution on a 2x2 image: out-of-image taps must be
 * skipped (contribute 0), not filled with the input zero point. */
static void test_known_conv(void)
{
    conv_case k;
    tnm_quant q;
    int8_t in[4] = {1, 2, 3, 4};
    int8_t filter[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    int8_t out[4];
    int32_t mult = 1 << 30; /* 0.5 * 2^1 = 1.0 */
    int8_t shift = 1;
    memset(&k, 0, sizeof k);
    k.p.input_offset = -1; /* input zero point 1 */
    k.p.output_offset = 0;
    k.p.stride_h = k.p.stride_w = 1;
    k.p.dilation_h = k.p.dilation_w = 1;
    k.p.pad_h = k.p.pad_w = 1;
    k.p.act_min = -128;
    k.p.act_max = 127;
    k.in.n = 1; k.in.h = 2; k.in.w = 2; k.in.c = 1;
    k.filter.n = 1; k.filter.h = 3; k.filter.w = 3; k.filter.c = 1;
    k.out = k.in;
    q.multiplier = &mult;
    q.shift = &shift;
    /* every output sees all four pixels: (0 + 1 + 2 + 3) = 6 */
    CHECK_EQ(TNM_OK, tnm_conv_s8(&k.p, &q, &k.in, in, &k.filter, filter, NULL, &k.out, out, NULL));
    CHECK_EQ(6, out[0]);
    CHECK_EQ(6, out[3]);
    /* depthwise, same numbers, with a bias of 10 */
    {
        int32_t bias = 10;
        k.p.depth_multiplier = 1;
        CHECK_EQ(TNM_OK, tnm_depthwise_conv_s8(&k.p, &q, &k.in, in, &k.filter, filter, &bias,
                                               &k.out, out, NULL));
        CHECK_EQ(16, out[1]);
    }
}

static void test_bad_arguments(void)
{
    conv_case k;
    tnm_quant q;
    tnm_rng rng;
    tnm_rng_seed(&rng, 5);
    do {
        memset(&k, 0, sizeof k);
    } while (!random_geometry(&rng, &k, 0));
    random_quant(&rng, &k);
    q.multiplier = g_mult;
    q.shift = g_shift;
    CHECK_EQ(TNM_OK, tnm_conv_s8(&k.p, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(NULL, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&k.p, NULL, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&k.p, &q, &k.in, NULL, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&k.p, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, NULL, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&k.p, &q, NULL, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
    {
        conv_case bad = k;
        bad.out.c += 1; /* != filter n */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.p.stride_h = 0;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.p.dilation_w = -1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.p.pad_h = -1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.p.act_min = 5;
        bad.p.act_max = 4;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.p.input_offset = -128;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.in.h = 0;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.in.h = 1 << 20;
        bad.in.w = 1 << 20; /* element count overflows int32 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.p.stride_h = INT32_MAX; /* the window reach overflows int32 */
        bad.out.h = 3;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
    }
    {
        int8_t saved = g_shift[k.out.c - 1];
        g_shift[k.out.c - 1] = 31;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&k.p, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
        g_shift[k.out.c - 1] = -32;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&k.p, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
        g_shift[k.out.c - 1] = saved;
        g_mult[0] = -5;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_conv_s8(&k.p, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
        g_mult[0] = 1 << 30;
    }

    tnm_rng_seed(&rng, 6);
    do {
        memset(&k, 0, sizeof k);
    } while (!random_geometry(&rng, &k, 1));
    random_quant(&rng, &k);
    CHECK_EQ(TNM_OK, tnm_depthwise_conv_s8(&k.p, &q, &k.in, g_in, &k.filter, g_filter, NULL, &k.out, g_out, NULL));
    {
        conv_case bad = k;
        bad.p.depth_multiplier = 0;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depthwise_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.filter.n = 2;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depthwise_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.out.c += 1;
        bad.filter.c += 1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depthwise_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        bad = k;
        bad.out.n = bad.in.n + 1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depthwise_conv_s8(&bad.p, &q, &bad.in, g_in, &bad.filter, g_filter, NULL, &bad.out, g_out, NULL));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depthwise_conv_s8(&k.p, &q, &k.in, g_in, &k.filter, NULL, NULL, &k.out, g_out, NULL));
    }
}

int main(void)
{
    test_known_conv();
    test_random(0, 2024, 1500);
    test_random(1, 4048, 1500);
    test_bad_arguments();
    return tnm_test_finish("test_kernels_conv");
}
