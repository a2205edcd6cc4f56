/* TRANSPOSE (tnm_transpose, element sizes 1, 2, 4, 8) against a direct reference:
 * output coordinate i on axis d is input coordinate i on axis perm[d]. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_BYTES 8192

static uint8_t g_in[MAX_BYTES], g_out[MAX_BYTES + 16], g_expected[MAX_BYTES];

static int64_t count_of(const tnm_nd_dims *d)
{
    int64_t n = 1;
    int i;
    for (i = 0; i < d->rank; ++i) n *= d->dims[i];
    return n;
}

static void reference_transpose(const int32_t *perm, int32_t es, const tnm_nd_dims *in,
                                const tnm_nd_dims *out)
{
    int64_t o, total = count_of(out), in_stride[TNM_ND_MAX_RANK];
    int i;
    in_stride[in->rank - 1] = 1;
    for (i = in->rank - 2; i >= 0; --i) in_stride[i] = in_stride[i + 1] * in->dims[i + 1];
    for (o = 0; o < total; ++o) {
        int64_t rest = o, in_index = 0;
        for (i = out->rank - 1; i >= 0; --i) {
            in_index += (rest % out->dims[i]) * in_stride[perm[i]];
            rest /= out->dims[i];
        }
        memcpy(g_expected + o * es, g_in + in_index * es, (size_t)es);
    }
}

static void random_perm(tnm_rng *rng, int32_t rank, int32_t *perm)
{
    int32_t i;
    for (i = 0; i < rank; ++i) perm[i] = i;
    for (i = rank - 1; i > 0; --i) {
        int32_t j = tnm_rng_range(rng, 0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

static void test_random(uint32_t seed)
{
    static const int32_t sizes[4] = {1, 2, 4, 8};
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_transpose_params p;
        tnm_nd_dims in, out;
        int32_t es = sizes[tnm_rng_range(&rng, 0, 3)], i;
        int64_t bytes;
        memset(&p, 0, sizeof p);
        in.rank = out.rank = tnm_rng_range(&rng, 1, TNM_TRANSPOSE_MAX_RANK);
        for (i = 0; i < in.rank; ++i) in.dims[i] = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 2) ? 5 : 11);
        random_perm(&rng, in.rank, p.perm);
        for (i = 0; i < in.rank; ++i) out.dims[i] = in.dims[p.perm[i]];
        bytes = count_of(&in) * es;
        if (bytes > MAX_BYTES) continue;
        for (i = 0; i < bytes; ++i) g_in[i] = (uint8_t)tnm_rng_next(&rng);
        reference_transpose(p.perm, es, &in, &out);
        memset(g_out + bytes, 0x5A, 16);
        /* unaligned buffers too: the kernel copies bytes */
        CHECK_EQ(TNM_OK, tnm_transpose(&p, es, &in, g_in, &out, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)bytes) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[bytes + i]);
        done++;
    }
    printf("transpose: %d random cases\n", done);
}

static void test_known_values(void)
{
    /* 2x3 -> 3x2 */
    const int8_t in[6] = {1, 2, 3, 4, 5, 6};
    const int8_t expected[6] = {1, 4, 2, 5, 3, 6};
    /* int32 2x2 -> 2x2 transposed */
    const int32_t in32[4] = {100000, -2, 3, INT32_MIN};
    const int32_t expected32[4] = {100000, 3, -2, INT32_MIN};
    int32_t out32[4];
    int8_t out[6];
    tnm_transpose_params p;
    tnm_nd_dims di = {2, {2, 3, 0, 0, 0}}, dout = {2, {3, 2, 0, 0, 0}}, d22 = {2, {2, 2, 0, 0, 0}};
    memset(&p, 0, sizeof p);
    p.perm[0] = 1;
    p.perm[1] = 0;
    CHECK_EQ(TNM_OK, tnm_transpose(&p, 1, &di, in, &dout, out));
    CHECK(memcmp(out, expected, 6) == 0);
    CHECK_EQ(TNM_OK, tnm_transpose(&p, 4, &d22, in32, &d22, out32));
    CHECK(memcmp(out32, expected32, sizeof out32) == 0);
    /* argument errors */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(NULL, 1, &di, in, &dout, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&p, 3, &di, in, &dout, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&p, 1, &di, NULL, &dout, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&p, 1, &di, in, &dout, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&p, 1, &di, in, &di, out)); /* dims do not match perm */
    p.perm[1] = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&p, 1, &d22, in, &d22, out)); /* not a permutation */
    p.perm[1] = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&p, 1, &d22, in, &d22, out)); /* out of range */
    p.perm[1] = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&p, 1, &d22, in, &d22, out));
    p.perm[1] = 0;
    {
        /* 2^28 elements of 8 bytes: 2^31 bytes, beyond int32 offsets; 2^32 elements */
        tnm_nd_dims big = {1, {1 << 28, 0, 0, 0, 0}}, huge = {2, {65536, 65536, 0, 0, 0}};
        tnm_transpose_params id;
        memset(&id, 0, sizeof id);
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&id, 8, &big, in, &big, out));
        id.perm[0] = 1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&id, 1, &huge, in, &huge, out));
    }
    dout.rank = 3;
    dout.dims[2] = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_transpose(&p, 1, &di, in, &dout, out)); /* rank mismatch */
}

int main(void)
{
    test_known_values();
    test_random(777);
    return tnm_test_finish("test_kernels_transpose");
}
