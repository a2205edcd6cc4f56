/* TRANSPOSE_CONV (tnm_transpose_conv_s8) against the scatter loop of TFLite's
 * reference (every input pixel times every filter tap added to the output pixel it
 * lands on, int64, wrapped to int32 at the end), then bias and requantization; the 16x8
 * kernel (tnm_transpose_conv_16x8) the same way over int16 inputs, int64 sums and TFLite's
 * 64-bit requantization. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_IN 2048
#define MAX_FILTER 4096
#define MAX_OUT 6000
#define MAX_CH 16

static int8_t g_in[MAX_IN], g_filter[MAX_FILTER], g_out[MAX_OUT + 16], g_expected[MAX_OUT];
static int64_t g_acc[MAX_OUT];
static int16_t g_in16[MAX_IN], g_out16[MAX_OUT + 16], g_expected16[MAX_OUT];
static int32_t g_bias[MAX_CH], g_mult[MAX_CH];
static int8_t g_shift[MAX_CH];

typedef struct {
    tnm_transpose_conv_params p;
    tnm_dims in, filter, out;
    int has_bias;
} tc_case;

/* in16 NULL: the int8 input and output (g_in, g_expected); else int16 (g_expected16, no offsets) */
static void reference_transpose_conv_of(const tc_case *k, const int16_t *in16)
{
    int32_t b, iy, ix, ic, fy, fx, oc, i;
    const int32_t count = k->out.n * k->out.h * k->out.w * k->out.c;
    for (i = 0; i < count; ++i) g_acc[i] = 0;
    for (b = 0; b < k->in.n; ++b)
        for (iy = 0; iy < k->in.h; ++iy)
            for (ix = 0; ix < k->in.w; ++ix)
                for (ic = 0; ic < k->in.c; ++ic)
                    for (fy = 0; fy < k->filter.h; ++fy)
                        for (fx = 0; fx < k->filter.w; ++fx)
                            for (oc = 0; oc < k->out.c; ++oc) {
                                int32_t oy = iy * k->p.stride_h - k->p.pad_h + fy;
                                int32_t ox = ix * k->p.stride_w - k->p.pad_w + fx;
                                int64_t x, w;
                                if (oy < 0 || oy >= k->out.h || ox < 0 || ox >= k->out.w) continue;
                                x = in16 != NULL ? in16[((b * k->in.h + iy) * k->in.w + ix) * k->in.c + ic]
                                                 : g_in[((b * k->in.h + iy) * k->in.w + ix) * k->in.c + ic];
                                w = g_filter[((oc * k->filter.h + fy) * k->filter.w + fx) * k->filter.c + ic];
                                g_acc[((b * k->out.h + oy) * k->out.w + ox) * k->out.c + oc] +=
                                    (x + k->p.input_offset) * w;
                            }
    for (i = 0; i < count && in16 != NULL; ++i) {
        const int32_t oc2 = i % k->out.c;
        const int64_t acc = g_acc[i] + (k->has_bias ? g_bias[oc2] : 0);
        g_expected16[i] = (int16_t)ref_clamp(ref_mbqm64(acc, g_mult[oc2], g_shift[oc2]), k->p.act_min, k->p.act_max);
    }
    for (i = 0; i < count && in16 == NULL; ++i) {
        int32_t oc2 = i % k->out.c;
        int64_t acc = ref_wrap32(g_acc[i]);
        int32_t v;
        if (k->has_bias) acc = ref_wrap32(acc + g_bias[oc2]);
        v = ref_wrap32((int64_t)ref_mbqm((int32_t)acc, g_mult[oc2], g_shift[oc2]) + k->p.output_offset);
        g_expected[i] = (int8_t)ref_clamp(v, k->p.act_min, k->p.act_max);
    }
}

static void reference_transpose_conv(const tc_case *k) { reference_transpose_conv_of(k, NULL); }

static int random_case(tnm_rng *rng, tc_case *k)
{
    int32_t oc;
    memset(k, 0, sizeof *k);
    k->in.n = tnm_rng_range(rng, 1, 2);
    k->in.h = tnm_rng_range(rng, 1, 7);
    k->in.w = tnm_rng_range(rng, 1, 7);
    k->in.c = tnm_rng_range(rng, 1, tnm_rng_range(rng, 0, 3) ? 6 : 40);
    k->filter.n = tnm_rng_range(rng, 1, MAX_CH);
    k->filter.h = tnm_rng_range(rng, 1, 5);
    k->filter.w = tnm_rng_range(rng, 1, 5);
    k->filter.c = k->in.c;
    k->p.stride_h = tnm_rng_range(rng, 1, 3);
    k->p.stride_w = tnm_rng_range(rng, 1, 3);
    if (tnm_rng_range(rng, 0, 1)) {
        /* the TFLite shapes: out = in * stride (SAME) or (in - 1) * stride + filter (VALID) */
        int same = tnm_rng_range(rng, 0, 1);
        int32_t o_h = same ? k->in.h * k->p.stride_h : (k->in.h - 1) * k->p.stride_h + k->filter.h;
        int32_t o_w = same ? k->in.w * k->p.stride_w : (k->in.w - 1) * k->p.stride_w + k->filter.w;
        int32_t e_h = same ? (o_h + k->p.stride_h - 1) / k->p.stride_h : (o_h - k->filter.h) / k->p.stride_h + 1;
        int32_t e_w = same ? (o_w + k->p.stride_w - 1) / k->p.stride_w : (o_w - k->filter.w) / k->p.stride_w + 1;
        int32_t t_h = (e_h - 1) * k->p.stride_h + k->filter.h - o_h;
        int32_t t_w = (e_w - 1) * k->p.stride_w + k->filter.w - o_w;
        k->out.h = o_h;
        k->out.w = o_w;
        k->p.pad_h = t_h > 0 ? t_h / 2 : 0;
        k->p.pad_w = t_w > 0 ? t_w / 2 : 0;
    } else {
        k->out.h = tnm_rng_range(rng, 1, (k->in.h - 1) * k->p.stride_h + k->filter.h + 2);
        k->out.w = tnm_rng_range(rng, 1, (k->in.w - 1) * k->p.stride_w + k->filter.w + 2);
        k->p.pad_h = tnm_rng_range(rng, 0, k->filter.h + 1);
        k->p.pad_w = tnm_rng_range(rng, 0, k->filter.w + 1);
    }
    k->out.n = k->in.n;
    k->out.c = k->filter.n;
    k->p.input_offset = -rnd_zero_point(rng);
    k->p.output_offset = rnd_zero_point(rng);
    rnd_act_range(rng, &k->p.act_min, &k->p.act_max);
    k->has_bias = tnm_rng_range(rng, 0, 3) != 0;
    for (oc = 0; oc < k->out.c; ++oc) {
        switch (tnm_rng_range(rng, 0, 9)) {
        case 0: g_bias[oc] = INT32_MAX - tnm_rng_range(rng, 0, 100); break; /* wraps */
        case 1: g_bias[oc] = INT32_MIN + tnm_rng_range(rng, 0, 100); break;
        default: g_bias[oc] = tnm_rng_range(rng, -50000, 50000); break;
        }
        g_mult[oc] = rnd_multiplier(rng);
        g_shift[oc] = (int8_t)rnd_shift(rng, -14, -6);
    }
    return k->in.n * k->in.h * k->in.w * k->in.c <= MAX_IN &&
           k->filter.n * k->filter.h * k->filter.w * k->filter.c <= MAX_FILTER &&
           k->out.n * k->out.h * k->out.w * k->out.c <= MAX_OUT;
}

static void test_random(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 1500 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tc_case k;
        tnm_quant q;
        int32_t count, i;
        if (!random_case(&rng, &k)) continue;
        rnd_fill_s8(&rng, g_in, k.in.n * k.in.h * k.in.w * k.in.c);
        rnd_fill_s8(&rng, g_filter, k.filter.n * k.filter.h * k.filter.w * k.filter.c);
        if (tnm_rng_range(&rng, 0, 7) == 0) { /* extremes: largest products */
            memset(g_in, -128, sizeof g_in);
            memset(g_filter, tnm_rng_range(&rng, 0, 1) ? -128 : 127, sizeof g_filter);
        }
        reference_transpose_conv(&k);
        count = k.out.n * k.out.h * k.out.w * k.out.c;
        memset(g_out + count, 0x5A, 16);
        q.multiplier = g_mult;
        q.shift = g_shift;
        CHECK_EQ(0, tnm_transpose_conv_s8_scratch_size(&k.in, &k.filter, &k.out));
        CHECK_EQ(TNM_OK, tnm_transpose_conv_s8(&k.p, &q, &k.in, g_in, &k.filter, g_filter,
                                               k.has_bias ? g_bias : NULL, &k.out, g_out, NULL));
        CHECK(memcmp(g_out, g_expected, (size_t)count) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[count + i]);
        done++;
    }
    printf("transpose conv: %d random cases\n", done);
}

/* 16x8: the int8 cases' shapes and biases, int16 inputs (sometimes all at an extreme), zero
 * offsets, int16 activation ranges, shifts for the 64-bit requantization. */
static void test_random_16x8(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 500 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tc_case k;
        tnm_quant q;
        int32_t count, i, n;
        if (!random_case(&rng, &k)) continue;
        k.p.input_offset = k.p.output_offset = 0;
        k.p.act_min = -32768;
        k.p.act_max = 32767;
        if (tnm_rng_range(&rng, 0, 3) == 0) {
            k.p.act_min = tnm_rng_range(&rng, -32768, 100);
            k.p.act_max = tnm_rng_range(&rng, k.p.act_min, 32767);
        }
        for (i = 0; i < k.out.c; ++i) {
            g_shift[i] = (int8_t)(tnm_rng_range(&rng, 0, 9) == 0 ? tnm_rng_range(&rng, -31, 7) : tnm_rng_range(&rng, -16, -6));
        }
        n = k.in.n * k.in.h * k.in.w * k.in.c;
        for (i = 0; i < n; ++i) g_in16[i] = (int16_t)tnm_rng_range(&rng, -32768, 32767);
        rnd_fill_s8(&rng, g_filter, k.filter.n * k.filter.h * k.filter.w * k.filter.c);
        if (tnm_rng_range(&rng, 0, 7) == 0) { /* extremes: largest products */
            for (i = 0; i < n; ++i) g_in16[i] = -32768;
            memset(g_filter, tnm_rng_range(&rng, 0, 1) ? -128 : 127, sizeof g_filter);
        }
        reference_transpose_conv_of(&k, g_in16);
        count = k.out.n * k.out.h * k.out.w * k.out.c;
        for (i = 0; i < 16; ++i) g_out16[count + i] = 0x5A5A;
        q.multiplier = g_mult;
        q.shift = g_shift;
        CHECK_EQ(TNM_OK, tnm_transpose_conv_16x8(&k.p, &q, &k.in, g_in16, &k.filter, g_filter,
                                                 k.has_bias ? g_bias : NULL, &k.out, g_out16));
        CHECK(memcmp(g_out16, g_expected16, 2u * (size_t)count) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A, g_out16[count + i]);
        /* refused: an offset, a shift past the 64-bit requantization's 7 */
        k.p.input_offset = 1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_16x8(&k.p, &q, &k.in, g_in16, &k.filter, g_filter, NULL, &k.out, g_out16));
        k.p.input_offset = 0;
        g_shift[0] = 8;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_16x8(&k.p, &q, &k.in, g_in16, &k.filter, g_filter, NULL, &k.out, g_out16));
        done++;
    }
    printf("transpose conv 16x8: %d random cases\n", done);
}

static void test_known_values(void)
{
    /* 1x2x1x1 input {1, 2}, filter 1x3x1x1 {1, 10, 100}, stride 2, no padding:
     * output rows 0..4 (VALID: (2 - 1) * 2 + 3 = 5): 1, 10, 100 + 2, 20, 200,
     * times 2^-4 (multiplier 2^30, shift -3): 0.0625 -> 0, 0.625 -> 1, 6.375 -> 6,
     * 1.25 -> 1, 12.5 -> 13 (ties away from zero). */
    tnm_transpose_conv_params p;
    tnm_dims in = {1, 2, 1, 1}, f = {1, 3, 1, 1}, out = {1, 5, 1, 1};
    int8_t x[2] = {1, 2}, w[3] = {1, 10, 100}, y[5];
    int32_t m = 1 << 30;
    int8_t s = -3;
    tnm_quant q;
    q.multiplier = &m;
    q.shift = &s;
    memset(&p, 0, sizeof p);
    p.stride_h = 2;
    p.stride_w = 1;
    p.act_min = -128;
    p.act_max = 127;
    CHECK_EQ(TNM_OK, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    CHECK_EQ(0, y[0]);
    CHECK_EQ(1, y[1]);
    CHECK_EQ(6, y[2]);
    CHECK_EQ(1, y[3]);
    CHECK_EQ(13, y[4]);
    /* SAME: output 4 rows, pad ((2 - 1) * 2 + 3 - 4) / 2 = 0 -> rows 0..3 of the above */
    out.h = 4;
    CHECK_EQ(TNM_OK, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    CHECK_EQ(6, y[2]);
    CHECK_EQ(1, y[3]);
    /* pad 1: rows shift up by one: 1, 6, 1, 13 */
    p.pad_h = 1;
    CHECK_EQ(TNM_OK, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    CHECK_EQ(1, y[0]);
    CHECK_EQ(6, y[1]);
    CHECK_EQ(1, y[2]);
    CHECK_EQ(13, y[3]);
    /* argument errors */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(NULL, &q, &in, x, &f, w, NULL, &out, y, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, NULL, &in, x, &f, w, NULL, &out, y, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, NULL, &f, w, NULL, &out, y, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, NULL, NULL, &out, y, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, NULL, NULL));
    p.stride_h = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    p.stride_h = INT32_MAX - 1; /* filter h + stride beyond int32 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    p.stride_h = 2;
    p.pad_h = INT32_MAX - 2; /* output h + pad beyond int32 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    p.pad_h = 1;
    p.pad_w = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    p.pad_w = 0;
    p.input_offset = 129;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    p.input_offset = 0;
    p.act_min = 5;
    p.act_max = 4;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    p.act_min = -128;
    p.act_max = 127;
    s = 31;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    s = -3;
    f.c = 2; /* input channels differ */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
    f.c = 1;
    out.c = 2; /* output channels differ from the filter's */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose_conv_s8(&p, &q, &in, x, &f, w, NULL, &out, y, NULL));
}

int main(void)
{
    test_known_values();
    test_random(5150);
    test_random_16x8(5151);
    return tnm_test_finish("test_kernels_transpose_conv");
}
