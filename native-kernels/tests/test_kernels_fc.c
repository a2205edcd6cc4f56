/* FULLY_CONNECTED against a direct reference loop, and against a TFLM golden layer. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#define MAX_BATCH 3
#define MAX_DEPTH 700
#define MAX_OUT 140

static int8_t g_in[MAX_BATCH * MAX_DEPTH], g_w[MAX_OUT * MAX_DEPTH];
static int8_t g_out[MAX_BATCH * MAX_OUT + 16], g_expected[MAX_BATCH * MAX_OUT];
static int32_t g_bias[MAX_OUT], g_mult[MAX_OUT];
static int8_t g_shift[MAX_OUT];

static void test_random(void)
{
    tnm_rng rng;
    int iter, saturated = 0, mid = 0;
    tnm_rng_seed(&rng, 31337);
    for (iter = 0; iter < 600; ++iter) {
        tnm_fc_params p;
        tnm_quant q;
        int32_t batches = tnm_rng_range(&rng, 1, MAX_BATCH);
        int32_t depth = tnm_rng_range(&rng, 0, 3) == 0 ? tnm_rng_range(&rng, 600, MAX_DEPTH)
                                                       : tnm_rng_range(&rng, 1, 67);
        int32_t outs = tnm_rng_range(&rng, 1, MAX_OUT);
        int32_t quant_count = tnm_rng_range(&rng, 0, 1) ? 1 : outs;
        int32_t input_zp = rnd_zero_point(&rng);
        int32_t filter_zp = tnm_rng_range(&rng, 0, 2) == 0 ? rnd_zero_point(&rng) : 0;
        int has_bias = tnm_rng_range(&rng, 0, 3) != 0;
        int32_t b, o, d, i;
        memset(&p, 0, sizeof p);
        p.input_offset = -input_zp;
        p.filter_offset = -filter_zp;
        p.output_offset = rnd_zero_point(&rng);
        rnd_act_range(&rng, &p.act_min, &p.act_max);
        for (i = 0; i < outs; ++i) {
            g_mult[i] = rnd_multiplier(&rng);
            g_shift[i] = (int8_t)rnd_shift(&rng, -20, -6);
            g_bias[i] = tnm_rng_range(&rng, -100000, 100000);
        }
        rnd_fill_s8(&rng, g_in, batches * depth);
        rnd_fill_s8(&rng, g_w, outs * depth);
        for (b = 0; b < batches; ++b) {
            for (o = 0; o < outs; ++o) {
                const int32_t qi = quant_count == 1 ? 0 : o;
                int64_t acc = has_bias ? g_bias[o] : 0;
                int32_t v;
                for (d = 0; d < depth; ++d) {
                    acc += (int64_t)(g_w[o * depth + d] - filter_zp) * (g_in[b * depth + d] - input_zp);
                }
                CHECK(acc >= INT32_MIN && acc <= INT32_MAX);
                v = ref_wrap32((int64_t)ref_mbqm((int32_t)acc, g_mult[qi], g_shift[qi]) + p.output_offset);
                g_expected[b * outs + o] = (int8_t)ref_clamp(v, p.act_min, p.act_max);
                if (g_expected[b * outs + o] == p.act_min || g_expected[b * outs + o] == p.act_max) saturated++;
                else mid++;
            }
        }
        q.multiplier = g_mult;
        q.shift = g_shift;
        memset(g_out + batches * outs, 0x5A, 16);
        CHECK_EQ(TNM_OK, tnm_fully_connected_s8(&p, &q, quant_count, batches, depth, outs, g_in, g_w,
                                                has_bias ? g_bias : NULL, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)(batches * outs)) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[batches * outs + i]);
    }
    CHECK(saturated > 1000);
    CHECK(mid > 1000);
    printf("fully connected: %d clamped and %d in-range outputs\n", saturated, mid);
}

static void test_bad_arguments(void)
{
    tnm_fc_params p;
    tnm_quant q;
    memset(&p, 0, sizeof p);
    p.act_min = -128;
    p.act_max = 127;
    g_mult[0] = 1 << 30;
    g_shift[0] = -3;
    q.multiplier = g_mult;
    q.shift = g_shift;
    CHECK_EQ(TNM_OK, tnm_fully_connected_s8(&p, &q, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(NULL, &q, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, NULL, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 1, 4, 2, NULL, g_w, NULL, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 1, 4, 2, g_in, NULL, NULL, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 1, 4, 2, g_in, g_w, NULL, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 3, 1, 4, 2, g_in, g_w, NULL, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 0, 4, 2, g_in, g_w, NULL, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 1, -4, 2, g_in, g_w, NULL, g_out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 1, 1 << 16, 1 << 16, g_in, g_w, NULL, g_out));
    p.filter_offset = 129;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
    p.filter_offset = 0;
    p.output_offset = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
    p.output_offset = 0;
    g_shift[0] = 31;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_fully_connected_s8(&p, &q, 1, 1, 4, 2, g_in, g_w, NULL, g_out));
}

/* ---- golden: ad01_int8 first layer (dense, 640 -> 128, ReLU) from TFLM ---- */

/* Float bounds of a scale printed with 6 significant digits in tensors.txt, widened by
 * one float step on each side (a wider range only makes the check stricter). */
static void printed_scale_bounds(double printed, float *lo, float *hi)
{
    double half_unit = 0.5 * pow(10.0, floor(log10(printed)) - 5.0);
    *lo = nextafterf((float)(printed - half_unit), 0.0f);
    *hi = nextafterf((float)(printed + half_unit), 1.0f);
}

static int32_t read_le32(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    return ref_wrap32((int64_t)v);
}

static int run_golden_fc(int32_t multiplier, int shift, int8_t *out)
{
    tnm_fc_params p;
    tnm_quant q;
    int8_t s = (int8_t)shift;
    memset(&p, 0, sizeof p);
    p.input_offset = -89;   /* input_1 zp 89 */
    p.filter_offset = 0;    /* dense/MatMul zp 0 */
    p.output_offset = -128; /* activation/Relu zp -128 */
    p.act_min = -128;       /* ReLU: max(0, real) = the zero point */
    p.act_max = 127;
    q.multiplier = &multiplier;
    q.shift = &s;
    return tnm_fully_connected_s8(&p, &q, 1, 1, 640, 128, g_in, g_w, g_bias, out);
}

static void test_golden_ad01(void)
{
    static uint8_t bias_bytes[512];
    static int8_t expected[128], out_lo[128], out_hi[128];
    float in_lo, in_hi, w_lo, w_hi, out_scale_lo, out_scale_hi;
    double real_lo, real_hi;
    int32_t m_lo, m_hi;
    int shift_lo, shift_hi, i;

    if (tnm_read_shared("golden/ad01_int8/seed1/t000.bin", g_in, 640) != 640 ||
        tnm_read_shared("golden/ad01_int8/seed1/t011.bin", g_w, 128 * 640) != 128 * 640 ||
        tnm_read_shared("golden/ad01_int8/seed1/t001.bin", bias_bytes, 512) != 512 ||
        tnm_read_shared("golden/ad01_int8/seed1/t021.bin", expected, 128) != 128) {
        tnm_test_skip("golden/ad01_int8/seed1 not found (set TINYML_SHARED)");
        return;
    }
    for (i = 0; i < 128; ++i) g_bias[i] = read_le32(bias_bytes + 4 * i);

    /* tensors.txt prints the scales with 6 digits, so the exact floats are unknown. TFLM
     * computes real = (double)(float)(s_in * s_w) / (double)s_out and QuantizeMultiplier.
     * Every output is monotonic in the multiplier (at a fixed shift), so if the two
     * extreme multipliers the printed scales allow give the same bytes, every possible
     * exact scale gives those bytes: then the comparison with the golden is exact. */
    printed_scale_bounds(0.391015, &in_lo, &in_hi);
    printed_scale_bounds(0.000376875, &w_lo, &w_hi);
    printed_scale_bounds(0.0494591, &out_scale_lo, &out_scale_hi);
    real_lo = (double)(float)(in_lo * w_lo) / (double)out_scale_hi;
    real_hi = (double)(float)(in_hi * w_hi) / (double)out_scale_lo;
    ref_quantize_multiplier(real_lo, &m_lo, &shift_lo);
    ref_quantize_multiplier(real_hi, &m_hi, &shift_hi);
    printf("ad01 dense: multiplier range [%d, %d], shift %d/%d\n", (int)m_lo, (int)m_hi, shift_lo, shift_hi);
    if (shift_lo != shift_hi) {
        tnm_test_skip("ad01 golden FC: printed scales straddle a power of two");
        return;
    }
    CHECK_EQ(TNM_OK, run_golden_fc(m_lo, shift_lo, out_lo));
    CHECK_EQ(TNM_OK, run_golden_fc(m_hi, shift_hi, out_hi));
    if (memcmp(out_lo, out_hi, sizeof out_lo) != 0) {
        tnm_test_skip("ad01 golden FC: the 6-digit scales do not pin the output bytes down");
        return;
    }
    for (i = 0; i < 128; ++i) CHECK_EQ(expected[i], out_lo[i]);
    {
        int nonzero = 0;
        for (i = 0; i < 128; ++i) nonzero += expected[i] != -128;
        CHECK(nonzero > 10); /* the golden is not trivially all-ReLU-zero */
    }
}

int main(void)
{
    test_random();
    test_bad_arguments();
    test_golden_ad01();
    return tnm_test_finish("test_kernels_fc");
}
