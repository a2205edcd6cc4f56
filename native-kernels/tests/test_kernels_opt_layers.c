/*
 * The KWS DS-CNN and AD autoencoder layer shapes through the public kernels (the
 * target's variant) and the portable reference: outputs must match. On an emulated
 * target each call is an instruction-count region (tools/qemu/count.sh prints
 * "<i> <name> insns=<n> macs=<m>"), which is how the per-MAC figures are measured:
 *   tools/qemu/count.sh mps2-an386 <build>/test_kernels_opt_layers
 */
#include <string.h>

#include "../src/kernels/tnm_kernels_opt.h"
#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#if defined(TNM_TARGET_SEMIHOSTING)
#include "tnm_target.h"
#else
#define TNM_COUNT_MARK() ((void)0)
#endif

static int g_region;
static int8_t g_in[8000], g_filter[81920], g_out[8000], g_expected[8000];
static int32_t g_bias[640], g_mult[640];
static int8_t g_shift[640];
static uint32_t g_scratch[4096]; /* the kernels' scratch (tnm_conv_s8_scratch_size) */

static void region(const char *name, long macs)
{
    printf("TNM-REGION %d %s macs=%ld\n", g_region++, name, macs);
}

static void random_layer(tnm_rng *rng, int32_t in_count, int32_t filter_count, int32_t channels)
{
    int32_t i;
    rnd_fill_s8(rng, g_in, in_count);
    rnd_fill_s8(rng, g_filter, filter_count);
    for (i = 0; i < channels; ++i) {
        g_mult[i] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        g_shift[i] = (int8_t)tnm_rng_range(rng, -10, -7);
        g_bias[i] = tnm_rng_range(rng, -20000, 20000);
    }
}

static void conv_layer(tnm_rng *rng, const char *name, int depthwise, int32_t ih, int32_t iw,
                       int32_t ic, int32_t fh, int32_t fw, int32_t stride, int32_t oc)
{
    tnm_conv_params p;
    tnm_dims in, filter, out;
    tnm_quant q;
    const int32_t oh = (ih + stride - 1) / stride, ow = (iw + stride - 1) / stride;
    const int32_t pad_h = ((oh - 1) * stride + fh - ih) / 2, pad_w = ((ow - 1) * stride + fw - iw) / 2;
    long macs;
    int32_t need;
    char ref_name[64];
    memset(&p, 0, sizeof p);
    p.input_offset = 128; /* zero point -128, as after a ReLU */
    p.output_offset = -128;
    p.act_min = -128;
    p.act_max = 127;
    p.stride_h = p.stride_w = stride;
    p.dilation_h = p.dilation_w = 1;
    p.pad_h = pad_h > 0 ? pad_h : 0;
    p.pad_w = pad_w > 0 ? pad_w : 0;
    p.depth_multiplier = 1;
    in.n = out.n = 1;
    in.h = ih;
    in.w = iw;
    in.c = ic;
    out.h = oh;
    out.w = ow;
    out.c = oc;
    filter.n = depthwise ? 1 : oc;
    filter.h = fh;
    filter.w = fw;
    filter.c = depthwise ? oc : ic;
    q.multiplier = g_mult;
    q.shift = g_shift;
    random_layer(rng, ih * iw * ic, filter.n * fh * fw * filter.c, oc);
    macs = (long)oh * ow * oc * fh * fw * (depthwise ? 1 : ic);
    need = depthwise ? tnm_depthwise_conv_s8_scratch_size(&in, &filter, &out)
                     : tnm_conv_s8_scratch_size(&in, &filter, &out);
    CHECK(need >= 0 && need <= (int32_t)sizeof g_scratch);
    TNM_COUNT_MARK();
    CHECK_EQ(TNM_OK, depthwise ? tnm_depthwise_conv_s8(&p, &q, &in, g_in, &filter, g_filter, g_bias,
                                                       &out, g_out, need > 0 ? g_scratch : NULL)
                               : tnm_conv_s8(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out,
                                             g_out, need > 0 ? g_scratch : NULL));
    TNM_COUNT_MARK();
    region(name, macs);
    snprintf(ref_name, sizeof ref_name, "%s_reference", name);
    TNM_COUNT_MARK();
    CHECK_EQ(TNM_OK, depthwise ? tnm_depthwise_conv_s8_ref(&p, &q, &in, g_in, &filter, g_filter,
                                                           g_bias, &out, g_expected, NULL)
                               : tnm_conv_s8_ref(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out,
                                                 g_expected, NULL));
    TNM_COUNT_MARK();
    region(ref_name, macs);
    CHECK(memcmp(g_out, g_expected, (size_t)(oh * ow * oc)) == 0);
}

static void fc_layer(tnm_rng *rng, const char *name, int32_t depth, int32_t outs)
{
    tnm_fc_params p;
    tnm_quant q;
    char ref_name[64];
    memset(&p, 0, sizeof p);
    p.input_offset = 5;
    p.output_offset = -128;
    p.act_min = -128;
    p.act_max = 127;
    q.multiplier = g_mult;
    q.shift = g_shift;
    random_layer(rng, depth, depth * outs, outs);
    TNM_COUNT_MARK();
    CHECK_EQ(TNM_OK, tnm_fully_connected_s8(&p, &q, 1, 1, depth, outs, g_in, g_filter, g_bias, g_out));
    TNM_COUNT_MARK();
    region(name, (long)depth * outs);
    snprintf(ref_name, sizeof ref_name, "%s_reference", name);
    TNM_COUNT_MARK();
    CHECK_EQ(TNM_OK, tnm_fully_connected_s8_ref(&p, &q, 1, 1, depth, outs, g_in, g_filter, g_bias,
                                                g_expected));
    TNM_COUNT_MARK();
    region(ref_name, (long)depth * outs);
    CHECK(memcmp(g_out, g_expected, (size_t)outs) == 0);
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 2718);
    conv_layer(&rng, "kws_conv1_10x4s2_1to64_49x10", 0, 49, 10, 1, 10, 4, 2, 64);
    conv_layer(&rng, "kws_pointwise_64to64_25x5", 0, 25, 5, 64, 1, 1, 1, 64);
    conv_layer(&rng, "kws_depthwise_3x3_64_25x5", 1, 25, 5, 64, 3, 3, 1, 64);
    fc_layer(&rng, "kws_fc_64to12", 64, 12);
    fc_layer(&rng, "ad_fc_640to128", 640, 128);
    fc_layer(&rng, "ad_fc_128to128", 128, 128);
    fc_layer(&rng, "ad_fc_128to640", 128, 640);
    return tnm_test_finish("test_kernels_opt_layers");
}
