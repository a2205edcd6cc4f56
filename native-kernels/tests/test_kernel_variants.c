/*
 * Kernel variants (tnm/tnm_variants.def): this program builds the Cortex-M DSP convolution
 * kernels itself with TNM_VARIANT_PROBE (CMakeLists.txt), so every TNM_VARIANT_ON(x) in a
 * wrapper calls probe() below, which records that the wrapper is about to call path x and
 * says whether this run's variant set has it. On random calls that reach every path
 * (depthwise 1x1..5x5, short and long rows, strides 1-3, dilation, depth multipliers,
 * channels not a multiple of 4, shifts outside the fast form, no scratch; convolutions
 * grouped, without bias or scratch; the row-ordered in-place call):
 *   - for the full set, a random subset and the empty set: the output is bit-exact with the
 *     portable reference (a path left out runs through the generic loop);
 *   - every path a wrapper calls is one tnm_arm_dsp_conv_variants reports for the call
 *     (the query `tinyml compile --emit-c` uses, through tnm_model_variants), and where the
 *     query says it is sure, the call finishes there;
 *   - the names of tnm_variant_name are those of the table, each bit once.
 * FULLY_CONNECTED the same way (tnm_arm_dsp_fc_variants): random depths (1 to several chunks),
 * row counts (under and over 12, several groups), batches, weight zero points, no bias, shifts
 * outside the fast form; the convolutions above that CONV_AS_FC sends there report its passes
 * (tnm_conv_fc_shape itself is the library's, without the probe).
 * Host and the emulated Cortex-M cores (real DSP instructions); rv32 builds no DSP variant.
 */
#include <string.h>

#include "../src/kernels/tnm_kernels_opt.h"
#include "test_kernels_ref.h"
#include "tnm/tnm_variants.h"
#include "tnm_test.h"
#include "tnm_test_conv.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

static uint32_t g_mask, g_hits;
static long g_hit_count[TNM_VARIANT_LIMIT];

int tnm_test_variant_probe(int variant)
{
    g_hits |= 1u << variant;
    g_hit_count[variant]++;
    return (int)((g_mask >> variant) & 1u);
}

#if TNM_HAVE_ARM_DSP_VARIANT /* the buffers of the Cortex-M variants' cases below */
static long g_fallbacks;
#define MAX_ELEMS 8192
#define MAX_CH 64
static int8_t g_in[MAX_ELEMS], g_filter[MAX_ELEMS], g_out[MAX_ELEMS], g_expected[MAX_ELEMS];
static int32_t g_bias[MAX_CH], g_mult[MAX_CH];
static int8_t g_shift[MAX_CH];
static uint32_t g_scratch[16384];
#define FC_MAX_W 24000
static int8_t g_w[FC_MAX_W];
static int32_t g_fc_bias[160], g_fc_mult[160];
static int8_t g_fc_shift[160];
#endif

static const int k_table_bits[] = {
#define TNM_VARIANT(NAME, BIT, TEXT) BIT,
#include "tnm/tnm_variants.def"
#undef TNM_VARIANT
};

static void test_names(void)
{
    int32_t v, named = 0;
#define TNM_VARIANT(NAME, BIT, TEXT)                               \
    CHECK(strcmp(tnm_variant_name(BIT), #NAME) == 0);              \
    CHECK(BIT >= 0 && BIT < TNM_VARIANT_LIMIT);
#include "tnm/tnm_variants.def"
#undef TNM_VARIANT
    for (v = -1; v <= TNM_VARIANT_LIMIT; ++v) named += tnm_variant_name(v) != NULL;
    CHECK_EQ((int32_t)(sizeof k_table_bits / sizeof k_table_bits[0]), named);
}

#if TNM_HAVE_ARM_DSP_VARIANT
static int32_t pick(tnm_rng *rng, const int32_t *v, int n) { return v[tnm_rng_range(rng, 0, n - 1)]; }

/* One random call; returns 0 when the shape does not fit the buffers. */
static int random_case(tnm_rng *rng, int depthwise, tnm_conv_params *p, tnm_dims *in, tnm_dims *filter,
                       tnm_dims *out, int *has_bias)
{
    static const int32_t k_sizes[] = {1, 2, 3, 3, 3, 3, 5};
    static const int32_t k_channels[] = {1, 3, 4, 4, 8, 8, 12, 16, 6, 32, 36};
    /* one convolution in ten: a 1x1 over one channel on a larger image (CONV_LUT's tables) */
    const int lut = !depthwise && tnm_rng_range(rng, 0, 9) == 0;
    const int32_t fh = lut ? 1 : pick(rng, k_sizes, 7), fw = lut ? 1 : tnm_rng_range(rng, 0, 3) ? fh : pick(rng, k_sizes, 7);
    const int32_t s = tnm_rng_range(rng, 0, 9) == 0 ? 3 : tnm_rng_range(rng, 1, 2);
    const int32_t d = tnm_rng_range(rng, 0, 7) == 0 ? 2 : 1;
    const int32_t dm = depthwise && tnm_rng_range(rng, 0, 5) == 0 ? 2 : 1;
    int32_t c, k, taps;
    memset(p, 0, sizeof *p);
    in->n = out->n = 1;
    in->h = tnm_rng_range(rng, 1, 26);
    in->w = tnm_rng_range(rng, 1, tnm_rng_range(rng, 0, 1) ? 8 : 26);
    in->c = pick(rng, k_channels, 11);
    if (lut) {
        in->h = tnm_rng_range(rng, 12, 48);
        in->w = tnm_rng_range(rng, 12, 48);
        in->c = 1;
    }
    if (!tnm_test_conv_geometry(in, fh, fw, s, s, d, d, dm, tnm_rng_range(rng, 0, 1), p, out)) return 0;
    if (!depthwise) {
        const int32_t groups = in->c % 2 == 0 && tnm_rng_range(rng, 0, 5) == 0 ? 2 : 1;
        out->c = groups * tnm_rng_range(rng, 1, 8);
        filter->n = out->c;
        filter->c = in->c / groups;
    } else {
        out->c = in->c * dm;
        filter->n = 1;
        filter->c = out->c;
    }
    filter->h = fh;
    filter->w = fw;
    taps = tnm_test_count(filter);
    if (out->c > MAX_CH || tnm_test_count(in) > MAX_ELEMS || tnm_test_count(out) > MAX_ELEMS || taps > MAX_ELEMS)
        return 0;
    if ((depthwise ? tnm_depthwise_conv_s8_scratch_size_max(in, filter, out)
                   : tnm_conv_s8_scratch_size_max(in, filter, out)) > (int32_t)sizeof g_scratch)
        return 0;
    p->input_offset = tnm_rng_range(rng, -127, 128);
    p->output_offset = tnm_rng_range(rng, -128, 127);
    p->act_min = tnm_rng_range(rng, 0, 2) ? -128 : tnm_rng_range(rng, -128, 0);
    p->act_max = tnm_rng_range(rng, 0, 2) ? 127 : tnm_rng_range(rng, p->act_min, 127);
    tnm_test_fill_s8(rng, g_in, tnm_test_count(in));
    tnm_test_fill_s8(rng, g_filter, taps);
    for (c = 0; c < out->c; ++c) {
        k = tnm_rng_range(rng, 0, 19);
        g_mult[c] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        g_shift[c] = (int8_t)(k == 0 ? tnm_rng_range(rng, -1, 0) : k == 1 ? -26 : tnm_rng_range(rng, -12, -4));
        g_bias[c] = tnm_rng_range(rng, -5000, 5000);
        if (tnm_rng_range(rng, 0, 29) == 0) { /* sums that may leave +-2^30: not doubled */
            g_bias[c] = (1 << 29) + tnm_rng_range(rng, 0, 5000);
            if (tnm_rng_range(rng, 0, 1)) g_bias[c] = -g_bias[c];
        }
    }
    *has_bias = tnm_rng_range(rng, 0, 7) != 0;
    return 1;
}

static void test_random(uint32_t seed, int cases)
{
    tnm_rng rng;
    int i, done = 0;
    tnm_rng_seed(&rng, seed);
    for (i = 0; i < cases * 20 && done < cases; ++i) {
        const int depthwise = tnm_rng_range(&rng, 0, 2) != 0;
        const int has_scratch = tnm_rng_range(&rng, 0, 9) != 0;
        tnm_conv_params p;
        tnm_quant q;
        tnm_dims in, filter, out;
        int has_bias, m, sure;
        uint32_t query;
        int32_t n;
        if (!random_case(&rng, depthwise, &p, &in, &filter, &out, &has_bias)) continue;
        done++;
        q.multiplier = g_mult;
        q.shift = g_shift;
        n = tnm_test_count(&out);
        CHECK_EQ(TNM_OK, (depthwise ? tnm_depthwise_conv_s8_ref : tnm_conv_s8_ref)(
                             &p, &q, &in, g_in, &filter, g_filter, has_bias ? g_bias : NULL, &out, g_expected, NULL));
        query = tnm_arm_dsp_conv_variants(depthwise, 0, &p, &q, &in, &filter, &out, has_scratch, has_bias ? g_bias : NULL, &sure);
        CHECK(sure);
        for (m = 0; m < 3; ++m) {
            g_mask = m == 0 ? TNM_VARIANT_SET_ALL : m == 1 ? tnm_rng_next(&rng) : 0u;
            g_hits = 0;
            memset(g_out, 0x55, (size_t)n);
            CHECK_EQ(TNM_OK, (depthwise ? tnm_depthwise_conv_s8_arm_dsp_unchecked : tnm_conv_s8_arm_dsp_unchecked)(
                                 &p, &q, &in, g_in, &filter, g_filter, has_bias ? g_bias : NULL, &out, g_out,
                                 has_scratch ? (void *)g_scratch : NULL));
            CHECK(memcmp(g_out, g_expected, (size_t)n) == 0);
            /* with every path built (a path left out sends the call on to the next one) */
            if (m == 0) CHECK_EQ(0, g_hits & ~query);
            if ((g_hits & ~g_mask) != 0) g_fallbacks++;
        }
        if (depthwise) { /* the row-ordered call, in both orders */
            const int descending = tnm_rng_range(&rng, 0, 1);
            int took;
            query = tnm_arm_dsp_conv_variants(1, 1, &p, &q, &in, &filter, &out, has_scratch, has_bias ? g_bias : NULL, &sure);
            g_mask = tnm_rng_range(&rng, 0, 3) ? TNM_VARIANT_SET_ALL : 0u;
            g_hits = 0;
            memset(g_out, 0x55, (size_t)n);
            took = tnm_depthwise_conv_s8_arm_dsp_rows(&p, &q, &in, g_in, &filter, g_filter, has_bias ? g_bias : NULL,
                                                      &out, g_out, has_scratch ? (void *)g_scratch : NULL, descending);
            if (took) CHECK(memcmp(g_out, g_expected, (size_t)n) == 0);
            CHECK_EQ(0, g_hits & ~query);
            if (sure && (query & g_mask) != 0) CHECK(took);
            /* taken: by the planes, or the direct path for one output pixel */
            if (took)
                CHECK((g_mask & TNM_VARIANT_BIT(TNM_VARIANT_DW_PLANES)) != 0 ||
                      (out.n == 1 && out.h == 1 && out.w == 1 && (out.c & 3) == 0 &&
                       (g_mask & TNM_VARIANT_BIT(TNM_VARIANT_DW_DIRECT)) != 0));
        }
    }
    CHECK(done == cases);
}

/* Random FULLY_CONNECTED calls: output bit-exact with the reference for the full set, a
 * random subset and the empty set; every pass taken is one the query reports. */
static void test_fc(uint32_t seed, int cases)
{
    static const int32_t k_depths[] = {1, 3, 4, 5, 6, 7, 8, 10, 16, 17, 22, 64, 100, 250, 641, 700, 1290};
    tnm_rng rng;
    int i;
    tnm_rng_seed(&rng, seed);
    for (i = 0; i < cases; ++i) {
        const int32_t depth = pick(&rng, k_depths, 17);
        const int32_t batches = tnm_rng_range(&rng, 1, 3);
        const int32_t outs = tnm_rng_range(&rng, 0, 2) ? tnm_rng_range(&rng, 1, 16) : tnm_rng_range(&rng, 10, 150);
        const int per_channel = tnm_rng_range(&rng, 0, 1);
        const int32_t quant_count = per_channel ? outs : 1;
        const int has_bias = tnm_rng_range(&rng, 0, 5) != 0;
        tnm_fc_params p;
        tnm_quant q;
        uint32_t query;
        int32_t c, n = batches * outs, m;
        if ((int64_t)depth * outs > FC_MAX_W || (int64_t)depth * batches > MAX_ELEMS || n > MAX_ELEMS) continue;
        p.input_offset = tnm_rng_range(&rng, -127, 128);
        p.output_offset = tnm_rng_range(&rng, -128, 127);
        p.filter_offset = tnm_rng_range(&rng, 0, 4) ? 0 : tnm_rng_range(&rng, -127, 128);
        p.act_min = tnm_rng_range(&rng, 0, 2) ? -128 : tnm_rng_range(&rng, -128, 0);
        p.act_max = tnm_rng_range(&rng, 0, 2) ? 127 : tnm_rng_range(&rng, p.act_min, 127);
        tnm_test_fill_s8(&rng, g_in, depth * batches);
        tnm_test_fill_s8(&rng, g_w, depth * outs);
        for (c = 0; c < outs; ++c) {
            const int32_t k = tnm_rng_range(&rng, 0, 29);
            g_fc_mult[c] = tnm_rng_range(&rng, 1 << 30, INT32_MAX);
            g_fc_shift[c] = (int8_t)(k == 0 ? tnm_rng_range(&rng, -1, 0) : tnm_rng_range(&rng, -14, -6));
            g_fc_bias[c] = tnm_rng_range(&rng, -5000, 5000);
        }
        q.multiplier = g_fc_mult;
        q.shift = g_fc_shift;
        CHECK_EQ(TNM_OK, tnm_fully_connected_s8_ref(&p, &q, quant_count, batches, depth, outs, g_in, g_w,
                                                    has_bias ? g_fc_bias : NULL, g_expected));
        query = tnm_arm_dsp_fc_variants(&p, &q, quant_count, depth, outs, has_bias);
        for (m = 0; m < 3; ++m) {
            g_mask = m == 0 ? TNM_VARIANT_SET_ALL : m == 1 ? tnm_rng_next(&rng) : 0u;
            g_hits = 0;
            memset(g_out, 0x55, (size_t)n);
            CHECK_EQ(TNM_OK, tnm_fully_connected_s8_arm_dsp_unchecked(&p, &q, quant_count, batches, depth, outs,
                                                                      g_in, g_w, has_bias ? g_fc_bias : NULL,
                                                                      g_out));
            CHECK(memcmp(g_out, g_expected, (size_t)n) == 0);
            /* with every path built (without FC_ROWS3 the pairs take its rows) */
            if (m == 0) CHECK_EQ(0, g_hits & ~query);
            if ((g_hits & ~g_mask) != 0) g_fallbacks++;
        }
    }
}
#endif

int main(void)
{
    test_names();
#if TNM_HAVE_ARM_DSP_VARIANT
    test_random(9191, 1200 / TNM_TEST_SCALE);
    /* every path was called, and some calls fell back to the generic loop */
    CHECK(g_hit_count[TNM_VARIANT_DW_PLANES] > 20 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_CONV_IM2COL] > 20 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_CONV_RQ_C] > 5 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_CONV_RQ_LONG] > 5 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_CONV_LUT] > 5 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_CONV_NARROW] > 5 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_CONV_W16] > 5 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_DW_DIRECT] > 5 / TNM_TEST_SCALE);
    CHECK(g_fallbacks > 50 / TNM_TEST_SCALE);
#if TNM_OPT_ARM_ASM /* the planes' assembly (hosts run the strips in C) */
    CHECK(g_hit_count[TNM_VARIANT_DW3_S1] > 5 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_DW3_S2] > 5 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_DWG] > 5 / TNM_TEST_SCALE);
#endif
    test_fc(4242, 600 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_FC_ROWS3] > 20 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_FC_ROWS2] > 20 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_FC_SMALL] > 20 / TNM_TEST_SCALE);
    CHECK(g_hit_count[TNM_VARIANT_FC_BLOCKED] > 20 / TNM_TEST_SCALE);
#endif
    return tnm_test_finish("test_kernel_variants");
}
