/* BROADCAST_TO (tnm_broadcast_to) against a reference that finds each output element's input
 * element from its coordinates (0 along an input dim of 1, the input's dims right-aligned).
 * Random output ranks 0-6, input ranks up to the output's (a scalar too: FILL), element sizes
 * 1, 2 and 4; then the argument checks (a dim neither 1 nor the output's, ranks). */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels_data.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_BYTES 8192

static uint8_t g_in[MAX_BYTES], g_out[MAX_BYTES + 16], g_expected[MAX_BYTES];

static void reference(const tnm_nd_dims *in, const tnm_nd_dims *out, int32_t es)
{
    int64_t n = 1, i;
    int32_t k;
    for (k = 0; k < out->rank; ++k) n *= out->dims[k];
    for (i = 0; i < n; ++i) {
        int64_t rest = i, src = 0;
        int32_t coord[TNM_ND_MAX_RANK];
        for (k = out->rank - 1; k >= 0; --k) {
            coord[k] = (int32_t)(rest % out->dims[k]);
            rest /= out->dims[k];
        }
        for (k = 0; k < in->rank; ++k) {
            const int32_t d = in->dims[k], c = coord[k + out->rank - in->rank];
            src = src * d + (d == 1 ? 0 : c);
        }
        memcpy(g_expected + i * es, g_in + src * es, (size_t)es);
    }
}

static void test_random(uint32_t seed)
{
    static const int32_t sizes[3] = {1, 2, 4};
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_nd_dims in, out;
        const int32_t es = sizes[tnm_rng_range(&rng, 0, 2)];
        int64_t on = 1, inn = 1;
        int32_t k, i;
        memset(&in, 0, sizeof in);
        memset(&out, 0, sizeof out);
        out.rank = tnm_rng_range(&rng, 0, 6);
        in.rank = tnm_rng_range(&rng, 0, out.rank);
        for (k = 0; k < out.rank; ++k) {
            out.dims[k] = tnm_rng_range(&rng, 1, out.rank > 3 ? 4 : 7);
            on *= out.dims[k];
        }
        for (k = 0; k < in.rank; ++k) {
            in.dims[k] = tnm_rng_range(&rng, 0, 1) ? 1 : out.dims[k + out.rank - in.rank];
            inn *= in.dims[k];
        }
        if (on * es > MAX_BYTES) continue;
        for (i = 0; i < (int32_t)(inn * es); ++i) g_in[i] = (uint8_t)tnm_rng_next(&rng);
        reference(&in, &out, es);
        memset(g_out, 0xA5, sizeof g_out);
        CHECK_EQ(TNM_OK, tnm_broadcast_to(&in, &out, es, g_in, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)(on * es)) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0xA5, g_out[on * es + i]);
        done++;
    }
    printf("broadcast_to: %d random cases\n", done);
}

static void test_arguments(void)
{
    tnm_nd_dims in = {2, {3, 1, 0, 0, 0, 0}}, out = {3, {2, 3, 4, 0, 0, 0}};
    const int8_t x[3] = {1, 2, 3};
    int8_t y[24];
    CHECK_EQ(TNM_OK, tnm_broadcast_to(&in, &out, 1, x, y));
    CHECK_EQ(1, y[0]);
    CHECK_EQ(1, y[3]);
    CHECK_EQ(2, y[4]);
    CHECK_EQ(3, y[23]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_broadcast_to(NULL, &out, 1, x, y));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_broadcast_to(&in, NULL, 1, x, y));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_broadcast_to(&in, &out, 3, x, y));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_broadcast_to(&in, &out, 1, NULL, y));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_broadcast_to(&in, &out, 1, x, NULL));
    in.dims[0] = 2; /* neither 1 nor 3 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_broadcast_to(&in, &out, 1, x, y));
    in.dims[0] = 3;
    in.rank = 4; /* above the output's */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_broadcast_to(&in, &out, 1, x, y));
    in.rank = 2;
    out.rank = 7;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_broadcast_to(&in, &out, 1, x, y));
}

int main(void)
{
    test_arguments();
    test_random(6666);
    return tnm_test_finish("test_kernels_broadcast_to");
}
