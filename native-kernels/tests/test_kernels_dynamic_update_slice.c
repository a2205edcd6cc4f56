/* DYNAMIC_UPDATE_SLICE (tnm_dynamic_update_slice) against a reference that decides each
 * output element on its own: its coordinates inside the update's box (start clamped as
 * TFLM clamps it, in int64) take the update's element there, the others the operand's.
 * Random ranks 1-6, element sizes 1, 2 and 4, starts inside, negative and past the end,
 * updates as large as the operand; the output over the operand's own bytes (in place); and
 * the argument checks. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels_data.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_BYTES 8192

static uint8_t g_op[MAX_BYTES], g_up[MAX_BYTES], g_out[MAX_BYTES + 16], g_expected[MAX_BYTES];

static void reference(const tnm_nd_dims *od, const int32_t *ud, int32_t es, const int32_t *start)
{
    int64_t n = 1, i, box[TNM_ND_MAX_RANK];
    int32_t k, coord[TNM_ND_MAX_RANK];
    for (k = 0; k < od->rank; ++k) {
        const int64_t lo = 0, hi = (int64_t)od->dims[k] - ud[k];
        int64_t s = start[k];
        box[k] = s < lo ? lo : s > hi ? hi : s;
        n *= od->dims[k];
    }
    for (i = 0; i < n; ++i) {
        int64_t rest = i, u = 0;
        int inside = 1;
        for (k = od->rank - 1; k >= 0; --k) {
            coord[k] = (int32_t)(rest % od->dims[k]);
            rest /= od->dims[k];
        }
        for (k = 0; k < od->rank; ++k) {
            const int64_t c = coord[k] - box[k];
            if (c < 0 || c >= ud[k]) inside = 0;
            u = u * ud[k] + c;
        }
        memcpy(g_expected + i * es, inside ? g_up + u * es : g_op + i * es, (size_t)es);
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
        tnm_nd_dims od;
        int32_t ud[TNM_ND_MAX_RANK], start[TNM_ND_MAX_RANK], k, i;
        const int32_t es = sizes[tnm_rng_range(&rng, 0, 2)];
        int64_t on = 1, un = 1;
        memset(&od, 0, sizeof od);
        od.rank = tnm_rng_range(&rng, 1, 6);
        for (k = 0; k < od.rank; ++k) {
            od.dims[k] = tnm_rng_range(&rng, 1, od.rank > 3 ? 4 : 9);
            ud[k] = tnm_rng_range(&rng, 0, 3) == 0 ? od.dims[k] : tnm_rng_range(&rng, 1, od.dims[k]);
            switch (tnm_rng_range(&rng, 0, 5)) {
            case 0: start[k] = -tnm_rng_range(&rng, 1, 1000); break;          /* clamped to 0 */
            case 1: start[k] = od.dims[k] + tnm_rng_range(&rng, -2, 1000); break; /* clamped to the end */
            case 2: start[k] = tnm_rng_range(&rng, 0, 1) ? INT32_MAX : INT32_MIN; break;
            default: start[k] = tnm_rng_range(&rng, 0, od.dims[k] - ud[k]); break;
            }
            on *= od.dims[k];
            un *= ud[k];
        }
        if (on * es > MAX_BYTES) continue;
        for (i = 0; i < (int32_t)(on * es); ++i) g_op[i] = (uint8_t)tnm_rng_next(&rng);
        for (i = 0; i < (int32_t)(un * es); ++i) g_up[i] = (uint8_t)tnm_rng_next(&rng);
        reference(&od, ud, es, start);
        memset(g_out, 0xA5, sizeof g_out);
        CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&od, ud, es, g_op, g_up, start, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)(on * es)) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0xA5, g_out[on * es + i]);
        /* in place: the output is the operand's bytes (a streaming model's buffer) */
        CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&od, ud, es, g_op, g_up, start, g_op));
        CHECK(memcmp(g_op, g_expected, (size_t)(on * es)) == 0);
        done++;
    }
    printf("dynamic_update_slice: %d random cases\n", done);
}

static void test_fixed(void)
{
    /* [2, 5] operand, [1, 3] update at (1, 4): the column start is clamped to 2 */
    tnm_nd_dims od = {2, {2, 5, 0, 0, 0, 0}};
    const int32_t ud[2] = {1, 3}, start[2] = {1, 4};
    const int8_t op[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, up[3] = {-1, -2, -3};
    const int8_t want[10] = {0, 1, 2, 3, 4, 5, 6, -1, -2, -3};
    int8_t out[10];
    CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&od, ud, 1, op, up, start, out));
    CHECK(memcmp(out, want, sizeof want) == 0);
}

static void test_arguments(void)
{
    tnm_nd_dims od = {2, {2, 5, 0, 0, 0, 0}};
    int32_t ud[2] = {1, 3};
    const int32_t start[2] = {0, 0};
    const int8_t op[10] = {0}, up[3] = {0};
    int8_t out[10];
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(NULL, ud, 1, op, up, start, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, NULL, 1, op, up, start, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 3, op, up, start, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 1, NULL, up, start, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 1, op, NULL, start, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 1, op, up, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 1, op, up, start, NULL));
    ud[1] = 6; /* larger than the operand */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 1, op, up, start, out));
    ud[1] = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 1, op, up, start, out));
    ud[1] = 3;
    od.rank = 7;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 1, op, up, start, out));
    od.rank = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_dynamic_update_slice(&od, ud, 1, op, up, start, out));
}

int main(void)
{
    test_fixed();
    test_arguments();
    test_random(6565);
    return tnm_test_finish("test_kernels_dynamic_update_slice");
}
