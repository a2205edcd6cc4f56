/* GATHER (tnm_gather) against a direct reference: each output element found by its
 * coordinates (batch, outer, coord, inner) -> input (batch, outer, positions[batch][coord],
 * inner), one element at a time. Random dims, element sizes 1, 2 and 4, repeated positions;
 * then out-of-range positions are refused before anything is written. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels_data.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_BYTES 16384

static uint8_t g_in[MAX_BYTES], g_out[MAX_BYTES + 16], g_expected[MAX_BYTES];
static int32_t g_pos[1024];

static void test_random(uint32_t seed)
{
    static const int32_t sizes[3] = {1, 2, 4};
    tnm_rng rng;
    int done = 0;
    const int want = 3000 / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        tnm_gather_dims d;
        const int32_t es = sizes[tnm_rng_range(&rng, 0, 2)];
        int64_t in_bytes, out_bytes;
        int32_t b, o, c, k, i;
        d.batch = tnm_rng_range(&rng, 1, 3);
        d.outer = tnm_rng_range(&rng, 1, 4);
        d.axis_size = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 3) ? 6 : 40);
        d.coords = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 3) ? 6 : 30);
        d.inner = tnm_rng_range(&rng, 1, tnm_rng_range(&rng, 0, 1) ? 1 : 20);
        in_bytes = (int64_t)d.batch * d.outer * d.axis_size * d.inner * es;
        out_bytes = (int64_t)d.batch * d.outer * d.coords * d.inner * es;
        if (in_bytes > MAX_BYTES || out_bytes > MAX_BYTES || d.batch * d.coords > 1024) continue;
        for (i = 0; i < (int32_t)in_bytes; ++i) g_in[i] = (uint8_t)tnm_rng_range(&rng, 0, 255);
        for (i = 0; i < d.batch * d.coords; ++i) g_pos[i] = tnm_rng_range(&rng, 0, d.axis_size - 1);
        for (b = 0; b < d.batch; ++b)
            for (o = 0; o < d.outer; ++o)
                for (c = 0; c < d.coords; ++c)
                    for (k = 0; k < d.inner; ++k) {
                        const int64_t out_el = (((int64_t)b * d.outer + o) * d.coords + c) * d.inner + k;
                        const int64_t in_el = (((int64_t)b * d.outer + o) * d.axis_size + g_pos[b * d.coords + c]) * d.inner + k;
                        memcpy(g_expected + out_el * es, g_in + in_el * es, (size_t)es);
                    }
        memset(g_out, 0xA5, (size_t)out_bytes + 16);
        CHECK_EQ(TNM_OK, tnm_gather(&d, es, g_in, g_pos, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)out_bytes) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0xA5, g_out[out_bytes + i]);
        if (done % 50 == 0) {
            /* one position out of range (past the end, or negative): refused, output untouched */
            const int32_t at = tnm_rng_range(&rng, 0, d.batch * d.coords - 1), keep = g_pos[at];
            g_pos[at] = tnm_rng_range(&rng, 0, 1) ? d.axis_size + tnm_rng_range(&rng, 0, 5) : -1 - tnm_rng_range(&rng, 0, 5);
            memset(g_out, 0xA5, (size_t)out_bytes);
            CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather(&d, es, g_in, g_pos, g_out));
            CHECK_EQ(at, tnm_gather_first_bad_position(&d, g_pos));
            for (i = 0; i < (int32_t)out_bytes; ++i) CHECK_EQ(0xA5, g_out[i]);
            g_pos[at] = keep;
            CHECK_EQ(-1, tnm_gather_first_bad_position(&d, g_pos));
        }
        done++;
    }
    printf("gather: %d random cases\n", done);
}

static void test_arguments(void)
{
    tnm_gather_dims d = {1, 1, 3, 2, 1};
    const int8_t in[3] = {10, 20, 30};
    int32_t pos[2] = {2, 0};
    int8_t out[2];
    CHECK_EQ(TNM_OK, tnm_gather(&d, 1, in, pos, out));
    CHECK_EQ(30, out[0]);
    CHECK_EQ(10, out[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather(NULL, 1, in, pos, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather(&d, 3, in, pos, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather(&d, 1, NULL, pos, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather(&d, 1, in, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather(&d, 1, in, pos, NULL));
    d.coords = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather(&d, 1, in, pos, out));
    d.coords = 2;
    d.outer = 65536;
    d.inner = 65536; /* 2^32 elements: refused, not wrapped */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_gather(&d, 1, in, pos, out));
}

int main(void)
{
    test_arguments();
    test_random(9090);
    return tnm_test_finish("test_kernels_gather");
}
