/* ARG_MAX and ARG_MIN (tnm_arg_max_s8 / tnm_arg_min_s8) against a direct reference: for
 * each output, walk its axis from index 0 and keep the first index of the extreme value
 * (the definition: a strict comparison keeps the earlier index on a tie). Random shapes of
 * rank 1-6, every axis, inputs with many ties (few distinct values) and without. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMS 4096

static int8_t g_in[MAX_ELEMS];
static int32_t g_out[MAX_ELEMS + 16], g_expected[MAX_ELEMS];

static int32_t reference_arg(int want_max, int32_t axis, const tnm_nd_dims *in)
{
    int64_t outer = 1, inner = 1, o, k, i;
    const int64_t n = in->dims[axis];
    int d;
    for (d = 0; d < axis; ++d) outer *= in->dims[d];
    for (d = axis + 1; d < in->rank; ++d) inner *= in->dims[d];
    for (o = 0; o < outer; ++o) {
        for (k = 0; k < inner; ++k) {
            int32_t best = 0;
            int best_value = g_in[(o * n) * inner + k];
            for (i = 0; i < n; ++i) {
                const int v = g_in[(o * n + i) * inner + k];
                if (want_max ? v > best_value : v < best_value) {
                    best_value = v;
                    best = (int32_t)i;
                }
            }
            g_expected[o * inner + k] = best;
        }
    }
    return (int32_t)(outer * inner);
}

static void test_random(int want_max, uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_nd_dims in;
        int64_t total = 1;
        int32_t outputs, i, axis;
        memset(&in, 0, sizeof in);
        in.rank = tnm_rng_range(&rng, 1, TNM_ND_MAX_RANK);
        for (i = 0; i < in.rank; ++i) {
            in.dims[i] = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 3) ? 6 : 40);
            total *= in.dims[i];
        }
        if (total > MAX_ELEMS) continue;
        axis = tnm_rng_range(&rng, 0, in.rank - 1);
        for (i = 0; i < (int32_t)total; ++i) {
            /* a third of the cases draw from 3 values: ties everywhere */
            g_in[i] = (int8_t)(done % 3 == 0 ? tnm_rng_range(&rng, -1, 1) * 127 : tnm_rng_range(&rng, -128, 127));
        }
        outputs = reference_arg(want_max, axis, &in);
        for (i = 0; i < outputs + 16; ++i) g_out[i] = 0x5A5A5A5A;
        CHECK_EQ(TNM_OK, want_max ? tnm_arg_max_s8(axis, &in, g_in, outputs, g_out)
                                  : tnm_arg_min_s8(axis, &in, g_in, outputs, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)outputs * sizeof(int32_t)) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A5A5A, g_out[outputs + i]);
        done++;
    }
    printf("%s: %d random cases\n", want_max ? "arg_max" : "arg_min", done);
}

static void test_known_values(void)
{
    tnm_nd_dims d23 = {2, {2, 3, 0, 0, 0, 0}};
    const int8_t m[6] = {4, -9, 4, 7, 7, -128};
    int32_t out[3];
    /* rows: argmax {0 (tie 4/4: first), 0}, argmin {1, 2}; columns: argmax {1, 1, 0} */
    CHECK_EQ(TNM_OK, tnm_arg_max_s8(1, &d23, m, 2, out));
    CHECK_EQ(0, out[0]);
    CHECK_EQ(0, out[1]);
    CHECK_EQ(TNM_OK, tnm_arg_min_s8(1, &d23, m, 2, out));
    CHECK_EQ(1, out[0]);
    CHECK_EQ(2, out[1]);
    CHECK_EQ(TNM_OK, tnm_arg_max_s8(0, &d23, m, 3, out));
    CHECK_EQ(1, out[0]);
    CHECK_EQ(1, out[1]);
    CHECK_EQ(0, out[2]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_arg_max_s8(2, &d23, m, 6, out));  /* axis beyond the rank */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_arg_max_s8(-1, &d23, m, 3, out)); /* the caller resolves it */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_arg_min_s8(0, &d23, m, 2, out));  /* output count */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_arg_min_s8(0, &d23, NULL, 3, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_arg_min_s8(0, &d23, m, 3, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_arg_max_s8(0, NULL, m, 3, out));
}

int main(void)
{
    test_known_values();
    test_random(1, 1234);
    test_random(0, 4321);
    return tnm_test_finish("test_kernels_arg_min_max");
}
