/* SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND (tnm_space_to_batch_s8 / tnm_batch_to_space_s8)
 * against TFLite's reference loops written out: S2B per output pixel (padding or the input
 * pixel it names), B2S per input pixel (dropped in the crops or copied to the output pixel
 * it names). Random shapes, blocks, paddings and crops; B2S of S2B with crops = paddings is
 * the input. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels_data.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 16384

static int8_t g_in[MAX_ELEMS], g_out[MAX_ELEMS + 16], g_expected[MAX_ELEMS], g_back[MAX_ELEMS + 16];

static void test_random(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 2000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_space_batch_params p;
        tnm_dims s, b; /* space side, block side */
        int32_t bottom, right, ob, y, x, i, pad_bottom_h;
        int64_t ns, nb;
        const int nhc = tnm_rng_range(&rng, 0, 3) == 0; /* a 3-D input: width 1 */
        s.n = tnm_rng_range(&rng, 1, 2);
        s.h = tnm_rng_range(&rng, 1, 9);
        s.w = nhc ? 1 : tnm_rng_range(&rng, 1, 9);
        s.c = tnm_rng_range(&rng, 1, 5);
        p.block_h = tnm_rng_range(&rng, 1, 4);
        p.block_w = nhc ? 1 : tnm_rng_range(&rng, 1, 4);
        p.top = tnm_rng_range(&rng, 0, 3);
        p.left = nhc ? 0 : tnm_rng_range(&rng, 0, 3);
        p.pad_value = tnm_rng_range(&rng, -128, 127);
        /* padding after: enough to make the padded size a multiple of the block */
        pad_bottom_h = (p.block_h - (s.h + p.top) % p.block_h) % p.block_h + p.block_h * tnm_rng_range(&rng, 0, 1);
        bottom = pad_bottom_h;
        right = nhc ? 0 : (p.block_w - (s.w + p.left) % p.block_w) % p.block_w;
        b.n = s.n * p.block_h * p.block_w;
        b.h = (s.h + p.top + bottom) / p.block_h;
        b.w = (s.w + p.left + right) / p.block_w;
        b.c = s.c;
        ns = (int64_t)s.n * s.h * s.w * s.c;
        nb = (int64_t)b.n * b.h * b.w * b.c;
        if (ns > MAX_ELEMS || nb > MAX_ELEMS) continue;
        rnd_fill_s8(&rng, g_in, (int32_t)ns);
        /* S2B, TFLite's loop */
        for (ob = 0; ob < b.n; ++ob) {
            const int32_t image = ob % s.n, sx = (ob / s.n) % p.block_w, sy = (ob / s.n) / p.block_w;
            for (y = 0; y < b.h; ++y)
                for (x = 0; x < b.w; ++x) {
                    const int32_t iy = y * p.block_h + sy - p.top, ix = x * p.block_w + sx - p.left;
                    int8_t *o = g_expected + (((int64_t)ob * b.h + y) * b.w + x) * b.c;
                    if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w)
                        memset(o, (int8_t)p.pad_value, (size_t)b.c);
                    else
                        memcpy(o, g_in + (((int64_t)image * s.h + iy) * s.w + ix) * s.c, (size_t)s.c);
                }
        }
        memset(g_out, 0x5A, (size_t)nb + 16);
        CHECK_EQ(TNM_OK, tnm_space_to_batch_s8(&p, &s, g_in, &b, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)nb) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[nb + i]);
        /* B2S with crops = the paddings: the input again, every byte written */
        memset(g_back, 0x5A, (size_t)ns + 16);
        CHECK_EQ(TNM_OK, tnm_batch_to_space_s8(&p, &b, g_out, &s, g_back));
        CHECK(memcmp(g_back, g_in, (size_t)ns) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_back[ns + i]);
        /* B2S of random block-side data, TFLite's loop (the output set to a pattern first) */
        rnd_fill_s8(&rng, g_out, (int32_t)nb);
        memset(g_expected, 0x33, (size_t)ns);
        for (ob = 0; ob < b.n; ++ob) {
            const int32_t image = ob % s.n, off = ob / s.n;
            for (y = 0; y < b.h; ++y) {
                const int32_t oy = y * p.block_h + off / p.block_w - p.top;
                if (oy < 0 || oy >= s.h) continue;
                for (x = 0; x < b.w; ++x) {
                    const int32_t ox = x * p.block_w + off % p.block_w - p.left;
                    if (ox < 0 || ox >= s.w) continue;
                    memcpy(g_expected + (((int64_t)image * s.h + oy) * s.w + ox) * s.c,
                           g_out + (((int64_t)ob * b.h + y) * b.w + x) * b.c, (size_t)s.c);
                }
            }
        }
        memset(g_back, 0x33, (size_t)ns);
        CHECK_EQ(TNM_OK, tnm_batch_to_space_s8(&p, &b, g_out, &s, g_back));
        CHECK(memcmp(g_back, g_expected, (size_t)ns) == 0);
        done++;
    }
    printf("space_batch: %d random cases\n", done);
}

static void test_arguments(void)
{
    tnm_space_batch_params p = {2, 1, 0, 0, 0};
    tnm_dims s = {1, 2, 1, 1}, b = {2, 1, 1, 1};
    int8_t in[2] = {7, 9}, out[2];
    CHECK_EQ(TNM_OK, tnm_space_to_batch_s8(&p, &s, in, &b, out));
    CHECK_EQ(7, out[0]);
    CHECK_EQ(9, out[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_space_to_batch_s8(NULL, &s, in, &b, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_space_to_batch_s8(&p, NULL, in, &b, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_to_space_s8(&p, &b, NULL, &s, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_to_space_s8(&p, &b, in, &s, NULL));
    b.n = 3; /* not n * blocks */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_space_to_batch_s8(&p, &s, in, &b, out));
    b.n = 2;
    p.top = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_to_space_s8(&p, &b, in, &s, out));
    p.top = 0;
    p.pad_value = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_space_to_batch_s8(&p, &s, in, &b, out));
    p.pad_value = 0;
    p.block_w = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_space_to_batch_s8(&p, &s, in, &b, out));
    p.block_w = 65536;
    p.block_h = 65536;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_space_to_batch_s8(&p, &s, in, &b, out));
}

int main(void)
{
    test_arguments();
    test_random(7373);
    return tnm_test_finish("test_kernels_space_batch");
}
