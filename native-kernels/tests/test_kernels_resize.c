/* RESIZE_NEAREST_NEIGHBOR (tnm_resize_nearest_s8) against TFLM's formula written
 * directly with libm's floorf/roundf, plus hand-derived index patterns; RESIZE_BILINEAR
 * (tnm_resize_bilinear_s8) against ResizeBilinearInteger's formula in int64. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 6000

static int8_t g_in[MAX_ELEMS], g_out[MAX_ELEMS + 16], g_expected[MAX_ELEMS];

static int32_t ref_source_index(int32_t i, int32_t in_size, int32_t out_size, int align, int half)
{
    float scale = (align && out_size > 1) ? (float)(in_size - 1) / (float)(out_size - 1)
                                          : (float)in_size / (float)out_size;
    float v = ((float)i + (half ? 0.5f : 0.0f)) * scale;
    int32_t r = align ? (int32_t)roundf(v) : (int32_t)floorf(v);
    if (r > in_size - 1) r = in_size - 1;
    if (half && r < 0) r = 0;
    return r;
}

static void reference_resize(const tnm_resize_params *p, const tnm_dims *in, const tnm_dims *out)
{
    int32_t b, y, x, c;
    for (b = 0; b < out->n; ++b)
        for (y = 0; y < out->h; ++y)
            for (x = 0; x < out->w; ++x) {
                int32_t sy = ref_source_index(y, in->h, out->h, p->align_corners, p->half_pixel_centers);
                int32_t sx = ref_source_index(x, in->w, out->w, p->align_corners, p->half_pixel_centers);
                for (c = 0; c < out->c; ++c)
                    g_expected[((b * out->h + y) * out->w + x) * out->c + c] =
                        g_in[((b * in->h + sy) * in->w + sx) * in->c + c];
            }
}

static void test_random(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_resize_params p;
        tnm_dims in, out;
        int32_t n_in, n_out, i;
        p.align_corners = tnm_rng_range(&rng, 0, 1);
        p.half_pixel_centers = tnm_rng_range(&rng, 0, 1);
        in.n = tnm_rng_range(&rng, 1, 2);
        in.c = tnm_rng_range(&rng, 1, 5);
        in.h = tnm_rng_range(&rng, 1, 20);
        in.w = tnm_rng_range(&rng, 1, 20);
        out.n = in.n;
        out.c = in.c;
        switch (tnm_rng_range(&rng, 0, 3)) {
        case 0: /* integer upscale */
            out.h = in.h * tnm_rng_range(&rng, 1, 4);
            out.w = in.w * tnm_rng_range(&rng, 1, 4);
            break;
        case 1: /* downscale */
            out.h = tnm_rng_range(&rng, 1, in.h);
            out.w = tnm_rng_range(&rng, 1, in.w);
            break;
        default:
            out.h = tnm_rng_range(&rng, 1, 40);
            out.w = tnm_rng_range(&rng, 1, 40);
            break;
        }
        n_in = in.n * in.h * in.w * in.c;
        n_out = out.n * out.h * out.w * out.c;
        if (n_in > MAX_ELEMS || n_out > MAX_ELEMS) continue;
        rnd_fill_s8(&rng, g_in, n_in);
        reference_resize(&p, &in, &out);
        memset(g_out + n_out, 0x5A, 16);
        CHECK_EQ(TNM_OK, tnm_resize_nearest_s8(&p, &in, g_in, &out, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)n_out) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[n_out + i]);
        done++;
    }
    printf("resize: %d random cases\n", done);
}

/* A 1 x 1 x in x 1 row whose values are their indices, resized to 1 x 1 x out x 1. */
static void check_indices(int align, int half, int32_t in_w, int32_t out_w, const int8_t *expected)
{
    int8_t in[16], out[16];
    int32_t i;
    tnm_resize_params p;
    tnm_dims di = {1, 1, 0, 1}, dout = {1, 1, 0, 1};
    di.w = in_w;
    dout.w = out_w;
    p.align_corners = align;
    p.half_pixel_centers = half;
    for (i = 0; i < in_w; ++i) in[i] = (int8_t)i;
    CHECK_EQ(TNM_OK, tnm_resize_nearest_s8(&p, &di, in, &dout, out));
    for (i = 0; i < out_w; ++i) CHECK_EQ(expected[i], out[i]);
}

static void test_known_values(void)
{
    /* 2 -> 4: floor(i * 0.5) */
    static const int8_t up_plain[4] = {0, 0, 1, 1};
    /* 2 -> 4 half pixel: floor((i + 0.5) * 0.5) = 0.25, 0.75, 1.25, 1.75 */
    static const int8_t up_half[4] = {0, 0, 1, 1};
    /* 3 -> 5 align corners: round(i * 0.5) = 0, 0.5 -> 1, 1, 1.5 -> 2, 2 */
    static const int8_t up_align[5] = {0, 1, 1, 2, 2};
    /* 5 -> 2 plain: floor(i * 2.5) = 0, 2 */
    static const int8_t down_plain[2] = {0, 2};
    /* 5 -> 2 half pixel: floor((i + 0.5) * 2.5) = 1, 3 */
    static const int8_t down_half[2] = {1, 3};
    /* 4 -> 3 align + half: scale 1.5, round((i + 0.5) * 1.5) = 0.75 -> 1, 2.25 -> 2, 3.75 -> 4 -> min 3 */
    static const int8_t both[3] = {1, 2, 3};
    /* 4 -> 1 align corners (out 1: scale 4): round(0) = 0 */
    static const int8_t one[1] = {0};
    tnm_resize_params p = {0, 0};
    tnm_dims d = {1, 2, 2, 1}, o = {1, 4, 4, 1};
    int8_t in[4] = {1, 2, 3, 4}, out[16];
    check_indices(0, 0, 2, 4, up_plain);
    check_indices(0, 1, 2, 4, up_half);
    check_indices(1, 0, 3, 5, up_align);
    check_indices(0, 0, 5, 2, down_plain);
    check_indices(0, 1, 5, 2, down_half);
    check_indices(1, 1, 4, 3, both);
    check_indices(1, 0, 4, 1, one);
    /* argument errors */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_nearest_s8(NULL, &d, in, &o, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_nearest_s8(&p, &d, NULL, &o, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_nearest_s8(&p, &d, in, &o, NULL));
    p.align_corners = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_nearest_s8(&p, &d, in, &o, out));
    p.align_corners = 0;
    o.c = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_nearest_s8(&p, &d, in, &o, out));
    o.c = 1;
    o.h = 65536;
    o.w = 65536; /* 2^32 elements */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_nearest_s8(&p, &d, in, &o, out));
    o.w = 4;
    o.h = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_nearest_s8(&p, &d, in, &o, out));
}

/* ResizeBilinearInteger as written in TFLite's reference, int64 products. */
static void ref_bilinear_axis(int32_t v, int32_t s10, int half, int32_t in_size, int64_t *pos, int32_t *lo, int32_t *hi)
{
    const int64_t p = half ? (int64_t)v * s10 + s10 / 2 - 512 : (int64_t)v * s10;
    *pos = p;
    *lo = (int32_t)(p / 1024 > 0 ? p / 1024 : 0);
    *hi = (int32_t)((p + 1023) / 1024 < in_size - 1 ? (p + 1023) / 1024 : in_size - 1);
}

static void reference_bilinear(const tnm_resize_params *p, const tnm_dims *in, const tnm_dims *out)
{
    int32_t b, y, x, c;
    int32_t sh = (int32_t)((1024LL * in->h + out->h / 2) / out->h), sw = (int32_t)((1024LL * in->w + out->w / 2) / out->w);
    if (p->align_corners && out->h > 1) sh = (int32_t)((1024LL * (in->h - 1) + (out->h - 1) / 2) / (out->h - 1));
    if (p->align_corners && out->w > 1) sw = (int32_t)((1024LL * (in->w - 1) + (out->w - 1) / 2) / (out->w - 1));
    for (b = 0; b < out->n; ++b)
        for (y = 0; y < out->h; ++y) {
            int64_t iy;
            int32_t y0, y1;
            ref_bilinear_axis(y, sh, p->half_pixel_centers, in->h, &iy, &y0, &y1);
            for (x = 0; x < out->w; ++x) {
                int64_t ix;
                int32_t x0, x1;
                ref_bilinear_axis(x, sw, p->half_pixel_centers, in->w, &ix, &x0, &x1);
                for (c = 0; c < out->c; ++c) {
#define AT(yy, xx) ((int64_t)g_in[((b * in->h + (yy)) * in->w + (xx)) * in->c + c])
                    const int64_t ll = AT(y0, x0) * (1024 - (iy - 1024 * y0)) * (1024 - (ix - 1024 * x0));
                    const int64_t lu = AT(y1, x0) * (iy - 1024 * y0) * (1024 - (ix - 1024 * x0));
                    const int64_t rl = AT(y0, x1) * (1024 - (iy - 1024 * y0)) * (ix - 1024 * x0);
                    const int64_t ru = AT(y1, x1) * (iy - 1024 * y0) * (ix - 1024 * x0);
#undef AT
                    const int64_t sum = ll + lu + rl + ru, round = sum > 0 ? (1 << 19) : -(1 << 19);
                    const int64_t v = (sum + round) / (1 << 20);
                    CHECK(v >= -128 && v <= 127);
                    g_expected[((b * out->h + y) * out->w + x) * out->c + c] = (int8_t)v;
                }
            }
        }
}

static void test_random_bilinear(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_resize_params p;
        tnm_dims in, out;
        int32_t n_in, n_out, i;
        p.align_corners = tnm_rng_range(&rng, 0, 1);
        p.half_pixel_centers = p.align_corners ? 0 : tnm_rng_range(&rng, 0, 1);
        in.n = tnm_rng_range(&rng, 1, 2);
        in.c = tnm_rng_range(&rng, 1, 5);
        in.h = tnm_rng_range(&rng, 1, 20);
        in.w = tnm_rng_range(&rng, 1, 20);
        out.n = in.n;
        out.c = in.c;
        switch (tnm_rng_range(&rng, 0, 3)) {
        case 0:
            out.h = in.h * tnm_rng_range(&rng, 1, 4);
            out.w = in.w * tnm_rng_range(&rng, 1, 4);
            break;
        case 1:
            out.h = tnm_rng_range(&rng, 1, in.h);
            out.w = tnm_rng_range(&rng, 1, in.w);
            break;
        default:
            out.h = tnm_rng_range(&rng, 1, 40);
            out.w = tnm_rng_range(&rng, 1, 40);
            break;
        }
        n_in = in.n * in.h * in.w * in.c;
        n_out = out.n * out.h * out.w * out.c;
        if (n_in > MAX_ELEMS || n_out > MAX_ELEMS) continue;
        rnd_fill_s8(&rng, g_in, n_in);
        if (done % 7 == 0) memset(g_in, done % 2 ? 127 : -128, (size_t)n_in); /* the extremes */
        reference_bilinear(&p, &in, &out);
        memset(g_out + n_out, 0x5A, 16);
        CHECK_EQ(TNM_OK, tnm_resize_bilinear_s8(&p, &in, g_in, &out, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)n_out) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[n_out + i]);
        done++;
    }
    printf("resize_bilinear: %d random cases\n", done);
}

static void test_bilinear_arguments(void)
{
    tnm_resize_params p = {0, 0};
    tnm_dims d = {1, 1, 2, 1}, o = {1, 1, 4, 1};
    const int8_t in[2] = {0, 100};
    int8_t out[4];
    /* 2 -> 4, no flags: positions 0, 512, 1024, 1536 (1/1024): 0, 50, 100, 100 */
    CHECK_EQ(TNM_OK, tnm_resize_bilinear_s8(&p, &d, in, &o, out));
    CHECK_EQ(0, out[0]);
    CHECK_EQ(50, out[1]);
    CHECK_EQ(100, out[2]);
    CHECK_EQ(100, out[3]);
    p.align_corners = 1;
    p.half_pixel_centers = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_bilinear_s8(&p, &d, in, &o, out)); /* both: TFLM refuses */
    p.half_pixel_centers = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_bilinear_s8(&p, &d, in, &o, out));
    p.align_corners = 0;
    p.half_pixel_centers = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_bilinear_s8(NULL, &d, in, &o, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_bilinear_s8(&p, &d, NULL, &o, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_bilinear_s8(&p, &d, in, &o, NULL));
    o.c = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_bilinear_s8(&p, &d, in, &o, out));
    o.c = 1;
    o.w = 1 << 20;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_bilinear_s8(&p, &d, in, &o, out));
    o.w = 65536;
    o.h = 65536;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_resize_bilinear_s8(&p, &d, in, &o, out));
}

int main(void)
{
    test_known_values();
    test_random(9001);
    test_bilinear_arguments();
    test_random_bilinear(9002);
    return tnm_test_finish("test_kernels_resize");
}
