/* PAD / PADV2 (tnm_pad_s8, tnm_pad_s16) against a direct reference: every output coordinate is
 * either inside the input (shifted by the before-padding) or gets the pad value. MIRROR_PAD
 * (tnm_mirror_pad_s8) against TFLM's index mapping written out. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 4096

static int8_t g_in[MAX_ELEMS], g_out[MAX_ELEMS + 16], g_expected[MAX_ELEMS];

static int64_t count_of(const tnm_nd_dims *d)
{
    int64_t n = 1;
    int i;
    for (i = 0; i < d->rank; ++i) n *= d->dims[i];
    return n;
}

/* Output flat index -> coordinates, row-major; the input value or the pad value. */
static void reference_pad(const tnm_pad_params *p, const tnm_nd_dims *in, const tnm_nd_dims *out)
{
    int64_t o, total = count_of(out);
    for (o = 0; o < total; ++o) {
        int64_t rest = o, in_index = 0, in_stride = 1;
        int inside = 1, i;
        for (i = out->rank - 1; i >= 0; --i) {
            int64_t coord = rest % out->dims[i] - p->before[i];
            rest /= out->dims[i];
            if (coord < 0 || coord >= in->dims[i]) inside = 0;
            in_index += coord * in_stride;
            in_stride *= in->dims[i];
        }
        g_expected[o] = inside ? g_in[in_index] : (int8_t)p->pad_value;
    }
}

static void test_random(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_pad_params p;
        tnm_nd_dims in, out;
        int i, big = tnm_rng_range(&rng, 0, 3) == 0;
        int64_t n_out;
        memset(&p, 0, sizeof p);
        in.rank = out.rank = tnm_rng_range(&rng, 1, TNM_PAD_MAX_RANK);
        for (i = 0; i < in.rank; ++i) {
            in.dims[i] = tnm_rng_range(&rng, 1, big ? 9 : 4);
            p.before[i] = tnm_rng_range(&rng, 0, 3) == 0 ? 0 : tnm_rng_range(&rng, 0, 3);
            p.after[i] = tnm_rng_range(&rng, 0, 3) == 0 ? 0 : tnm_rng_range(&rng, 0, 3);
            out.dims[i] = in.dims[i] + p.before[i] + p.after[i];
        }
        p.pad_value = rnd_zero_point(&rng);
        n_out = count_of(&out);
        if (n_out > MAX_ELEMS) continue;
        rnd_fill_s8(&rng, g_in, (int32_t)count_of(&in));
        reference_pad(&p, &in, &out);
        memset(g_out + n_out, 0x5A, 16);
        CHECK_EQ(TNM_OK, tnm_pad_s8(&p, &in, g_in, &out, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)n_out) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[n_out + i]);
        {
            /* the same over int16: the input widened (a value from each byte and its
             * neighbour), a 16-bit pad value, every element against the same reference walk */
            static int16_t in16[MAX_ELEMS], out16[MAX_ELEMS + 8];
            const int64_t n_in = count_of(&in);
            int64_t o, k = 0;
            const int32_t v16 = tnm_rng_range(&rng, -32768, 32767);
            for (o = 0; o < n_in; ++o) in16[o] = (int16_t)(g_in[o] * 251 + g_in[(o + 1) % n_in]);
            p.pad_value = v16;
            for (i = 0; i < 8; ++i) out16[n_out + i] = 0x5A5A;
            CHECK_EQ(TNM_OK, tnm_pad_s16(&p, &in, in16, &out, out16));
            /* reference_pad put each output's source byte (or the int8 pad) in g_expected; redo
             * the walk for int16 */
            for (o = 0; o < n_out; ++o) {
                int64_t rest = o, in_index = 0, in_stride = 1;
                int inside = 1, d;
                for (d = out.rank - 1; d >= 0; --d) {
                    int64_t coord = rest % out.dims[d] - p.before[d];
                    rest /= out.dims[d];
                    if (coord < 0 || coord >= in.dims[d]) inside = 0;
                    in_index += coord * in_stride;
                    in_stride *= in.dims[d];
                }
                k += out16[o] != (inside ? in16[in_index] : (int16_t)v16);
            }
            CHECK_EQ(0, k);
            for (i = 0; i < 8; ++i) CHECK_EQ(0x5A5A, out16[n_out + i]);
            p.pad_value = 32768;
            CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s16(&p, &in, in16, &out, out16));
        }
        done++;
    }
    printf("pad: %d random cases (int8 and int16)\n", done);
}

static void test_known_values(void)
{
    /* [[1, 2], [3, 4]] padded by 1 before / 0 after on axis 0, 0 / 2 on axis 1, value -7 */
    const int8_t in[4] = {1, 2, 3, 4};
    const int8_t expected[12] = {-7, -7, -7, -7, 1, 2, -7, -7, 3, 4, -7, -7};
    int8_t out[12];
    tnm_pad_params p;
    tnm_nd_dims di = {2, {2, 2, 0, 0, 0}}, dout = {2, {3, 4, 0, 0, 0}};
    memset(&p, 0, sizeof p);
    p.before[0] = 1;
    p.after[1] = 2;
    p.pad_value = -7;
    CHECK_EQ(TNM_OK, tnm_pad_s8(&p, &di, in, &dout, out));
    CHECK(memcmp(out, expected, 12) == 0);
    /* no padding at all: a copy */
    {
        tnm_pad_params z;
        memset(&z, 0, sizeof z);
        CHECK_EQ(TNM_OK, tnm_pad_s8(&z, &di, in, &di, out));
        CHECK(memcmp(out, in, 4) == 0);
    }
    /* argument errors */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(NULL, &di, in, &dout, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&p, &di, NULL, &dout, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&p, &di, in, &dout, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&p, &di, in, &di, out)); /* output size mismatch */
    p.pad_value = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&p, &di, in, &dout, out));
    p.pad_value = -7;
    p.before[0] = -1;
    p.after[0] = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&p, &di, in, &dout, out)); /* negative padding */
    p.before[0] = 1;
    p.after[0] = 0;
    dout.rank = 3;
    dout.dims[2] = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&p, &di, in, &dout, out)); /* rank mismatch */
    {
        /* element counts beyond int32: refused before any access */
        tnm_nd_dims hi = {2, {65536, 65536, 0, 0, 0}}, ho = {2, {65537, 65536, 0, 0, 0}};
        tnm_pad_params z;
        memset(&z, 0, sizeof z);
        z.before[0] = 1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&z, &hi, in, &ho, out));
        hi.dims[0] = 2;
        ho.dims[0] = 3;
        ho.dims[1] = 65536;
        z.after[1] = INT32_MAX - 65535; /* 65536 + that overflows int32 */
        ho.dims[1] = INT32_MAX;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&z, &hi, in, &ho, out));
    }
    di.rank = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&p, &di, in, &dout, out));
    di.rank = TNM_PAD_MAX_RANK + 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_pad_s8(&p, &di, in, &dout, out));
}

/* MIRROR_PAD: TFLM's GetFlatIndex / GetInputDimension written out, one output element at a
 * time (the offset formulation with its min()s, as mirror_pad.cc has it). */
static int32_t ref_mirror_dim(int32_t p, int32_t left, int32_t n, int32_t offset)
{
    if (p < left) {
        const int32_t original = left + offset - 1;
        return original - (p < original - offset ? p : original - offset);
    }
    p -= left;
    if (p >= n) {
        const int32_t original = n - (1 + offset);
        p -= n;
        return original - (p < original ? p : original);
    }
    return p;
}

static void test_random_mirror(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 2000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        const int32_t symmetric = tnm_rng_range(&rng, 0, 1), offset = symmetric ? 0 : 1;
        tnm_pad_params p;
        tnm_nd_dims in, out;
        int64_t n_in, n_out, o;
        int32_t d, i;
        memset(&p, 0, sizeof p);
        in.rank = out.rank = tnm_rng_range(&rng, 1, TNM_ND_MAX_RANK);
        for (d = 0; d < in.rank; ++d) {
            in.dims[d] = tnm_rng_range(&rng, 1, in.rank > 3 ? 3 : 6);
            p.before[d] = tnm_rng_range(&rng, 0, in.dims[d] - offset);
            p.after[d] = tnm_rng_range(&rng, 0, in.dims[d] - offset);
            out.dims[d] = in.dims[d] + p.before[d] + p.after[d];
        }
        n_in = count_of(&in);
        n_out = count_of(&out);
        if (n_out > MAX_ELEMS) continue;
        rnd_fill_s8(&rng, g_in, (int32_t)n_in);
        for (o = 0; o < n_out; ++o) {
            int64_t rest = o, flat = 0, stride = 1;
            for (d = in.rank - 1; d >= 0; --d) {
                const int32_t coord = (int32_t)(rest % out.dims[d]);
                rest /= out.dims[d];
                flat += ref_mirror_dim(coord, p.before[d], in.dims[d], offset) * stride;
                stride *= in.dims[d];
            }
            g_expected[o] = g_in[flat];
        }
        memset(g_out, 0x5A, (size_t)n_out + 16);
        CHECK_EQ(TNM_OK, tnm_mirror_pad_s8(symmetric, &p, &in, g_in, &out, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)n_out) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[n_out + i]);
        done++;
    }
    printf("mirror_pad: %d random cases\n", done);
}

static void test_mirror_known_values(void)
{
    tnm_pad_params p;
    tnm_nd_dims in = {1, {3, 0, 0, 0, 0, 0}}, out = {1, {7, 0, 0, 0, 0, 0}};
    const int8_t x[3] = {1, 2, 3};
    int8_t y[8];
    static const int8_t reflect[7] = {3, 2, 1, 2, 3, 2, 1}, symmetric[7] = {2, 1, 1, 2, 3, 3, 2};
    memset(&p, 0, sizeof p);
    p.before[0] = 2;
    p.after[0] = 2;
    CHECK_EQ(TNM_OK, tnm_mirror_pad_s8(0, &p, &in, x, &out, y));
    CHECK(memcmp(y, reflect, 7) == 0);
    CHECK_EQ(TNM_OK, tnm_mirror_pad_s8(1, &p, &in, x, &out, y));
    CHECK(memcmp(y, symmetric, 7) == 0);
    p.before[0] = 3; /* REFLECT takes at most n - 1 = 2; SYMMETRIC n = 3 */
    out.dims[0] = 8;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mirror_pad_s8(0, &p, &in, x, &out, y));
    CHECK_EQ(TNM_OK, tnm_mirror_pad_s8(1, &p, &in, x, &out, y));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mirror_pad_s8(2, &p, &in, x, &out, y));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mirror_pad_s8(1, NULL, &in, x, &out, y));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mirror_pad_s8(1, &p, &in, NULL, &out, y));
    out.dims[0] = 9; /* not n + before + after */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mirror_pad_s8(1, &p, &in, x, &out, y));
}

int main(void)
{
    test_known_values();
    test_random(4242);
    test_mirror_known_values();
    test_random_mirror(4343);
    return tnm_test_finish("test_kernels_pad");
}
