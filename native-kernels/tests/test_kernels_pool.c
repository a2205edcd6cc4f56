/* AVERAGE_POOL_2D and MAX_POOL_2D against a direct reference loop, over int8 and int16. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#define MAX_ELEMS 6000

static int8_t g_in[MAX_ELEMS], g_out[MAX_ELEMS + 16], g_expected[MAX_ELEMS];

typedef struct {
    tnm_pool_params p;
    tnm_dims in, out;
} pool_case;

static int random_case(tnm_rng *rng, pool_case *k)
{
    int32_t pad_after_h, pad_after_w;
    memset(k, 0, sizeof *k);
    switch (tnm_rng_range(rng, 0, 3)) {
    case 0: k->p.filter_h = 2; k->p.filter_w = 2; break;
    case 1: k->p.filter_h = 3; k->p.filter_w = 3; break;
    default: k->p.filter_h = tnm_rng_range(rng, 1, 7); k->p.filter_w = tnm_rng_range(rng, 1, 7); break;
    }
    k->p.stride_h = tnm_rng_range(rng, 1, 3);
    k->p.stride_w = tnm_rng_range(rng, 1, 3);
    /* padding up to filter - 1 is what SAME gives; larger padding makes windows that
     * lie entirely in the padding, which AVERAGE_POOL must refuse */
    k->p.pad_h = tnm_rng_range(rng, 0, tnm_rng_range(rng, 0, 7) ? k->p.filter_h - 1 : k->p.filter_h + 1);
    k->p.pad_w = tnm_rng_range(rng, 0, k->p.filter_w - 1);
    pad_after_h = tnm_rng_range(rng, 0, k->p.filter_h - 1);
    pad_after_w = tnm_rng_range(rng, 0, k->p.filter_w - 1);
    rnd_act_range(rng, &k->p.act_min, &k->p.act_max);
    k->in.n = tnm_rng_range(rng, 1, 2);
    k->in.h = tnm_rng_range(rng, 1, 16);
    k->in.w = tnm_rng_range(rng, 1, 16);
    k->in.c = tnm_rng_range(rng, 1, 13);
    k->out.n = k->in.n;
    k->out.c = k->in.c;
    k->out.h = (k->in.h + k->p.pad_h + pad_after_h - k->p.filter_h);
    k->out.w = (k->in.w + k->p.pad_w + pad_after_w - k->p.filter_w);
    if (k->out.h < 0 || k->out.w < 0) return 0;
    k->out.h = k->out.h / k->p.stride_h + 1;
    k->out.w = k->out.w / k->p.stride_w + 1;
    return k->in.n * k->in.h * k->in.w * k->in.c <= MAX_ELEMS &&
           k->out.n * k->out.h * k->out.w * k->out.c <= MAX_ELEMS;
}

/* Returns 0 if some window has no valid tap (average undefined). */
static int reference_pool(const pool_case *k, int average)
{
    int32_t b, oy, ox, c, fy, fx;
    for (b = 0; b < k->out.n; ++b)
        for (oy = 0; oy < k->out.h; ++oy)
            for (ox = 0; ox < k->out.w; ++ox)
                for (c = 0; c < k->out.c; ++c) {
                    int64_t sum = 0, count = 0, max = -128, v;
                    for (fy = 0; fy < k->p.filter_h; ++fy)
                        for (fx = 0; fx < k->p.filter_w; ++fx) {
                            int32_t iy = oy * k->p.stride_h - k->p.pad_h + fy;
                            int32_t ix = ox * k->p.stride_w - k->p.pad_w + fx;
                            int64_t x;
                            if (iy < 0 || iy >= k->in.h || ix < 0 || ix >= k->in.w) continue;
                            x = g_in[((b * k->in.h + iy) * k->in.w + ix) * k->in.c + c];
                            sum += x;
                            count++;
                            if (x > max) max = x;
                        }
                    if (average) {
                        int64_t mag = sum < 0 ? -sum : sum;
                        if (count == 0) return 0;
                        /* nearest integer to sum / count, ties away from zero */
                        v = (2 * mag + count) / (2 * count);
                        if (sum < 0) v = -v;
                    } else {
                        v = max;
                    }
                    g_expected[((b * k->out.h + oy) * k->out.w + ox) * k->out.c + c] =
                        (int8_t)ref_clamp(v, k->p.act_min, k->p.act_max);
                }
    return 1;
}

static void test_random(int average, uint32_t seed)
{
    tnm_rng rng;
    int done = 0, empty_windows = 0;
    tnm_rng_seed(&rng, seed);
    while (done < 1500) {
        pool_case k;
        int32_t count, i;
        int ok;
        tnm_status st;
        if (!random_case(&rng, &k)) continue;
        rnd_fill_s8(&rng, g_in, k.in.n * k.in.h * k.in.w * k.in.c);
        if (tnm_rng_range(&rng, 0, 9) == 0) { /* ties: all values equal within a channel pair */
            for (i = 0; i < k.in.n * k.in.h * k.in.w * k.in.c; ++i) g_in[i] = (int8_t)((i & 1) ? -3 : 3);
        }
        ok = reference_pool(&k, average);
        count = k.out.n * k.out.h * k.out.w * k.out.c;
        memset(g_out + count, 0x5A, 16);
        st = average ? tnm_avgpool_s8(&k.p, &k.in, g_in, &k.out, g_out)
                     : tnm_maxpool_s8(&k.p, &k.in, g_in, &k.out, g_out);
        if (!ok) {
            CHECK_EQ(TNM_ERR_ARGUMENT, st); /* TFLite fails AveragePool on an empty window */
            empty_windows++;
        } else {
            CHECK_EQ(TNM_OK, st);
            CHECK(memcmp(g_out, g_expected, (size_t)count) == 0);
        }
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[count + i]);
        done++;
    }
    printf("%s pool: %d cases (%d with an empty window)\n", average ? "average" : "max", done, empty_windows);
}

static void test_known_values(void)
{
    /* 1x2x2x1 average of {-1, -2, 0, 0} = -0.75 -> -1; of {1, 1, 0, 0} = 0.5 -> 1;
     * of {-1, -1, 0, 0} = -0.5 -> -1 (ties away from zero). */
    tnm_pool_params p;
    tnm_dims d = {1, 2, 2, 1}, o = {1, 1, 1, 1};
    int8_t a[4] = {-1, -2, 0, 0}, b[4] = {1, 1, 0, 0}, c[4] = {-1, -1, 0, 0}, out = 0;
    memset(&p, 0, sizeof p);
    p.filter_h = p.filter_w = 2;
    p.stride_h = p.stride_w = 2;
    p.act_min = -128;
    p.act_max = 127;
    CHECK_EQ(TNM_OK, tnm_avgpool_s8(&p, &d, a, &o, &out));
    CHECK_EQ(-1, out);
    CHECK_EQ(TNM_OK, tnm_avgpool_s8(&p, &d, b, &o, &out));
    CHECK_EQ(1, out);
    CHECK_EQ(TNM_OK, tnm_avgpool_s8(&p, &d, c, &o, &out));
    CHECK_EQ(-1, out);
    CHECK_EQ(TNM_OK, tnm_maxpool_s8(&p, &d, a, &o, &out));
    CHECK_EQ(0, out);
    /* kws: 25x5 global average pool with padding 0 */
    {
        static int8_t big[25 * 5];
        int i;
        tnm_dims bd = {1, 25, 5, 1};
        for (i = 0; i < 125; ++i) big[i] = (int8_t)(i < 63 ? 127 : -128); /* sum = 8001 - 7936 = 65 */
        p.filter_h = 25;
        p.filter_w = 5;
        p.stride_h = p.stride_w = 1;
        CHECK_EQ(TNM_OK, tnm_avgpool_s8(&p, &bd, big, &o, &out));
        CHECK_EQ(1, out); /* 65 / 125 = 0.52 -> 1 */
    }
    /* argument errors */
    p.filter_h = p.filter_w = 2;
    p.stride_h = p.stride_w = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_avgpool_s8(NULL, &d, a, &o, &out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_avgpool_s8(&p, &d, NULL, &o, &out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_maxpool_s8(&p, &d, a, &o, NULL));
    p.stride_w = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_maxpool_s8(&p, &d, a, &o, &out));
    p.stride_w = 2;
    p.filter_h = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_avgpool_s8(&p, &d, a, &o, &out));
    p.filter_h = 2;
    o.c = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_avgpool_s8(&p, &d, a, &o, &out));
    o.c = 1;
    p.act_min = 100;
    p.act_max = 99;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_maxpool_s8(&p, &d, a, &o, &out));
}

/* Both pools over int16: the int8 cases' windows (an empty max window is -32768 clamped, an
 * empty average window refused), int16 values and activation ranges, against a direct loop */
static void test_random_s16(int average, uint32_t seed)
{
    static int16_t in16[MAX_ELEMS], out16[MAX_ELEMS + 16], want[MAX_ELEMS];
    tnm_rng rng;
    int done = 0;
    tnm_rng_seed(&rng, seed);
    while (done < 500) {
        pool_case k;
        int32_t i, b, oy, ox, c, fy, fx, n, empty = 0;
        tnm_status st;
        if (!random_case(&rng, &k)) continue;
        k.p.act_min = -32768;
        k.p.act_max = 32767;
        if (tnm_rng_range(&rng, 0, 2) == 0) {
            k.p.act_min = tnm_rng_range(&rng, -32768, 1000);
            k.p.act_max = tnm_rng_range(&rng, k.p.act_min, 32767);
        }
        n = k.in.n * k.in.h * k.in.w * k.in.c;
        for (i = 0; i < n; ++i) in16[i] = (int16_t)tnm_rng_range(&rng, -32768, 32767);
        for (b = 0; b < k.out.n; ++b)
            for (oy = 0; oy < k.out.h; ++oy)
                for (ox = 0; ox < k.out.w; ++ox)
                    for (c = 0; c < k.out.c; ++c) {
                        int32_t max = -32768, sum = 0, count = 0;
                        for (fy = 0; fy < k.p.filter_h; ++fy)
                            for (fx = 0; fx < k.p.filter_w; ++fx) {
                                const int32_t iy = oy * k.p.stride_h - k.p.pad_h + fy, ix = ox * k.p.stride_w - k.p.pad_w + fx;
                                if (iy < 0 || iy >= k.in.h || ix < 0 || ix >= k.in.w) continue;
                                if (in16[((b * k.in.h + iy) * k.in.w + ix) * k.in.c + c] > max)
                                    max = in16[((b * k.in.h + iy) * k.in.w + ix) * k.in.c + c];
                                sum += in16[((b * k.in.h + iy) * k.in.w + ix) * k.in.c + c];
                                count++;
                            }
                        if (average && count == 0) empty = 1;
                        if (average && count > 0) {
                            /* nearest integer to sum / count, ties away from zero */
                            const int32_t mag = (2 * (sum < 0 ? -sum : sum) + count) / (2 * count);
                            max = sum < 0 ? -mag : mag;
                        }
                        want[((b * k.out.h + oy) * k.out.w + ox) * k.out.c + c] = (int16_t)ref_clamp(max, k.p.act_min, k.p.act_max);
                    }
        n = k.out.n * k.out.h * k.out.w * k.out.c;
        for (i = 0; i < 16; ++i) out16[n + i] = 0x5A5A;
        st = average ? tnm_avgpool_s16(&k.p, &k.in, in16, &k.out, out16) : tnm_maxpool_s16(&k.p, &k.in, in16, &k.out, out16);
        if (empty) {
            CHECK_EQ(TNM_ERR_ARGUMENT, st); /* TFLite fails AveragePool on an empty window */
        } else {
            CHECK_EQ(TNM_OK, st);
            CHECK(memcmp(out16, want, 2u * (size_t)n) == 0);
        }
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A, out16[n + i]);
        k.p.act_min = -32769;
        CHECK_EQ(TNM_ERR_ARGUMENT, average ? tnm_avgpool_s16(&k.p, &k.in, in16, &k.out, out16)
                                           : tnm_maxpool_s16(&k.p, &k.in, in16, &k.out, out16));
        done++;
    }
}

int main(void)
{
    test_known_values();
    test_random(1, 111);
    test_random(0, 222);
    test_random_s16(0, 333);
    test_random_s16(1, 444);
    return tnm_test_finish("test_kernels_pool");
}
