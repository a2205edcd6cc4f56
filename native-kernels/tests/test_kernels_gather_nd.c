/* GATHER_ND (tnm_gather_nd) against a reference that finds each output element's params
 * element from its coordinates: (slice i, offset r inside the slice) -> params at indices[i]
 * followed by r's coordinates in the trailing dims. Random params ranks 1-6, depths 1 to
 * min(rank, 5), element sizes 1, 2 and 4, repeated indices; then an index outside its dim
 * (past it, negative, or past it yet inside the flat tensor, which TFLM would read) is refused
 * before anything is written; and the argument checks. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels_data.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_BYTES 8192

static uint8_t g_in[MAX_BYTES], g_out[MAX_BYTES + 16], g_expected[MAX_BYTES];
static int32_t g_idx[1024];

static void reference(const tnm_nd_dims *p, int32_t depth, int32_t n, int32_t es)
{
    int64_t slice = 1, i, r;
    int32_t k;
    for (k = depth; k < p->rank; ++k) slice *= p->dims[k];
    for (i = 0; i < n; ++i) {
        for (r = 0; r < slice; ++r) {
            /* the full coordinates: the index tuple, then r spread over the trailing dims */
            int32_t coord[TNM_ND_MAX_RANK];
            int64_t rest = r, flat = 0;
            for (k = 0; k < depth; ++k) coord[k] = g_idx[i * depth + k];
            for (k = p->rank - 1; k >= depth; --k) {
                coord[k] = (int32_t)(rest % p->dims[k]);
                rest /= p->dims[k];
            }
            for (k = 0; k < p->rank; ++k) flat = flat * p->dims[k] + coord[k];
            memcpy(g_expected + (i * slice + r) * es, g_in + flat * es, (size_t)es);
        }
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
        tnm_nd_dims p;
        const int32_t es = sizes[tnm_rng_range(&rng, 0, 2)];
        int32_t depth, n, k, i;
        int64_t pn = 1, slice = 1;
        memset(&p, 0, sizeof p);
        p.rank = tnm_rng_range(&rng, 1, 6);
        for (k = 0; k < p.rank; ++k) {
            p.dims[k] = tnm_rng_range(&rng, 1, p.rank > 3 ? 4 : 7);
            pn *= p.dims[k];
        }
        depth = tnm_rng_range(&rng, 1, p.rank < 5 ? p.rank : 5);
        for (k = depth; k < p.rank; ++k) slice *= p.dims[k];
        n = tnm_rng_range(&rng, 1, 24);
        if (pn * es > MAX_BYTES || n * slice * es > MAX_BYTES) continue;
        for (i = 0; i < (int32_t)(pn * es); ++i) g_in[i] = (uint8_t)tnm_rng_next(&rng);
        for (i = 0; i < n * depth; ++i) g_idx[i] = tnm_rng_range(&rng, 0, p.dims[i % depth] - 1);
        reference(&p, depth, n, es);
        memset(g_out, 0xA5, sizeof g_out);
        CHECK_EQ(TNM_OK, tnm_gather_nd(&p, depth, n, es, g_in, g_idx, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)(n * slice * es)) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0xA5, g_out[n * slice * es + i]);
        CHECK_EQ(-1, tnm_gather_nd_first_bad_index(&p, depth, n, g_idx));
        if (done % 20 == 0) {
            const int32_t at = tnm_rng_range(&rng, 0, n * depth - 1), keep = g_idx[at], dim = p.dims[at % depth];
            switch (tnm_rng_range(&rng, 0, 2)) {
            case 0: g_idx[at] = dim + tnm_rng_range(&rng, 0, 3); break;
            case 1: g_idx[at] = -1 - tnm_rng_range(&rng, 0, 3); break;
            default: g_idx[at] = dim; break; /* past its dim: inside the flat tensor unless last */
            }
            memset(g_out, 0xA5, sizeof g_out);
            CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, depth, n, es, g_in, g_idx, g_out));
            CHECK_EQ(at, tnm_gather_nd_first_bad_index(&p, depth, n, g_idx));
            for (i = 0; i < (int32_t)(n * slice * es); ++i) CHECK_EQ(0xA5, g_out[i]);
            g_idx[at] = keep;
        }
        done++;
    }
    printf("gather_nd: %d random cases\n", done);
}

static void test_arguments(void)
{
    tnm_nd_dims p = {2, {3, 2, 0, 0, 0, 0}};
    const int8_t in[6] = {10, 11, 20, 21, 30, 31};
    int32_t idx[4] = {2, 1, 0, 0};
    int8_t out[4];
    CHECK_EQ(TNM_OK, tnm_gather_nd(&p, 2, 2, 1, in, idx, out));
    CHECK_EQ(31, out[0]);
    CHECK_EQ(10, out[1]);
    CHECK_EQ(TNM_OK, tnm_gather_nd(&p, 1, 2, 1, in, idx, out)); /* rows 2 and 1 */
    CHECK_EQ(30, out[0]);
    CHECK_EQ(21, out[3]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(NULL, 1, 2, 1, in, idx, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, 3, 1, 1, in, idx, out)); /* deeper than the rank */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, 0, 1, 1, in, idx, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, 1, 0, 1, in, idx, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, 1, 2, 3, in, idx, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, 1, 2, 1, NULL, idx, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, 1, 2, 1, in, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, 1, 2, 1, in, idx, NULL));
    /* (0, 2): past dim 1 but flat position 2 inside the tensor (TFLM would read 20) */
    idx[0] = 0;
    idx[1] = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather_nd(&p, 2, 1, 1, in, idx, out));
    CHECK_EQ(1, tnm_gather_nd_first_bad_index(&p, 2, 1, idx));
}

int main(void)
{
    test_arguments();
    test_random(6767);
    return tnm_test_finish("test_kernels_gather_nd");
}
