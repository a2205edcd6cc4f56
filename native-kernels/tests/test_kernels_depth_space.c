/* DEPTH_TO_SPACE and SPACE_TO_DEPTH (tnm_depth_space) against direct references written
 * from TFLite's definitions, one output element at a time: D2S output (b, oh, ow, od) =
 * input (b, oh / bs, ow / bs, od + ((oh % bs) * bs + ow % bs) * out_depth); S2D output
 * (b, oh, ow, od) = input (b, oh * bs + (od / in_depth) / bs, ow * bs + (od / in_depth) % bs,
 * od % in_depth). Random shapes and blocks, element sizes 1, 2 and 4; the two are inverses. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels_data.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_BYTES 32768

static uint8_t g_in[MAX_BYTES], g_out[MAX_BYTES + 16], g_expected[MAX_BYTES], g_back[MAX_BYTES];

static void test_random(uint32_t seed)
{
    static const int32_t sizes[3] = {1, 2, 4};
    tnm_rng rng;
    int done = 0;
    const int want = 2000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        const int32_t es = sizes[tnm_rng_range(&rng, 0, 2)], bs = tnm_rng_range(&rng, 1, 4);
        tnm_dims dd; /* the depth side */
        int32_t sh, sw, sc, b, y, x, d, i;
        int64_t bytes;
        dd.n = tnm_rng_range(&rng, 1, 2);
        dd.h = tnm_rng_range(&rng, 1, 5);
        dd.w = tnm_rng_range(&rng, 1, 5);
        sc = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 2) ? 4 : 13);
        dd.c = sc * bs * bs;
        sh = dd.h * bs;
        sw = dd.w * bs;
        bytes = (int64_t)dd.n * dd.h * dd.w * dd.c * es;
        if (bytes > MAX_BYTES) continue;
        for (i = 0; i < (int32_t)bytes; ++i) g_in[i] = (uint8_t)tnm_rng_range(&rng, 0, 255);
        /* DEPTH_TO_SPACE: g_in is the depth side, output the space side [n, sh, sw, sc] */
        for (b = 0; b < dd.n; ++b)
            for (y = 0; y < sh; ++y)
                for (x = 0; x < sw; ++x)
                    for (d = 0; d < sc; ++d) {
                        const int64_t o = (((int64_t)b * sh + y) * sw + x) * sc + d;
                        const int32_t id = d + ((y % bs) * bs + x % bs) * sc;
                        const int64_t s = (((int64_t)b * dd.h + y / bs) * dd.w + x / bs) * dd.c + id;
                        memcpy(g_expected + o * es, g_in + s * es, (size_t)es);
                    }
        memset(g_out, 0xA5, (size_t)bytes + 16);
        CHECK_EQ(TNM_OK, tnm_depth_space(1, es, bs, &dd, g_in, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)bytes) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0xA5, g_out[bytes + i]);
        /* SPACE_TO_DEPTH: g_in read as the space side, output the depth side */
        for (b = 0; b < dd.n; ++b)
            for (y = 0; y < dd.h; ++y)
                for (x = 0; x < dd.w; ++x)
                    for (d = 0; d < dd.c; ++d) {
                        const int64_t o = (((int64_t)b * dd.h + y) * dd.w + x) * dd.c + d;
                        const int32_t k = d / sc;
                        const int64_t s = (((int64_t)b * sh + y * bs + k / bs) * sw + x * bs + k % bs) * sc + d % sc;
                        memcpy(g_expected + o * es, g_in + s * es, (size_t)es);
                    }
        memset(g_out, 0xA5, (size_t)bytes + 16);
        CHECK_EQ(TNM_OK, tnm_depth_space(0, es, bs, &dd, g_in, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)bytes) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0xA5, g_out[bytes + i]);
        /* and back: D2S of S2D is the identity */
        CHECK_EQ(TNM_OK, tnm_depth_space(1, es, bs, &dd, g_out, g_back));
        CHECK(memcmp(g_back, g_in, (size_t)bytes) == 0);
        done++;
    }
    printf("depth_space: %d random cases\n", done);
}

static void test_arguments(void)
{
    tnm_dims d = {1, 1, 1, 4};
    uint8_t a[4] = {1, 2, 3, 4}, o[4];
    CHECK_EQ(TNM_OK, tnm_depth_space(1, 1, 2, &d, a, o)); /* [1,1,1,4] -> [1,2,2,1] */
    CHECK(memcmp(o, a, 4) == 0);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depth_space(1, 1, 0, &d, a, o));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depth_space(1, 1, 3, &d, a, o)); /* 4 channels, block 3 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depth_space(1, 3, 2, &d, a, o));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depth_space(1, 1, 2, NULL, a, o));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depth_space(0, 1, 2, &d, NULL, o));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depth_space(0, 1, 2, &d, a, NULL));
    d.h = 65536;
    d.w = 65536; /* 2^34 elements: refused, not wrapped */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_depth_space(0, 1, 2, &d, a, o));
}

int main(void)
{
    test_arguments();
    test_random(5151);
    return tnm_test_finish("test_kernels_depth_space");
}
