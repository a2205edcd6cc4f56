/*
 * Runtime, valid blobs: for every operator, random shapes and params are written into
 * a one-layer blob with the C blob builder; tnm_model_check must accept it, and
 * tnm_layer_invoke must produce exactly what the kernel gives when the test calls it
 * directly with its own copy of the params (so a param mapped to the wrong kernel
 * argument shows up). Also: model/tensor/layer info (MACs), RESHAPE, the sample model.
 */
#include <math.h>
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "tnm_test.h"
#include "tnm_test_conv.h"

#define ARENA_WORDS 16384
#define BLOB_WORDS 32768

static tnm_bb g_b;
static uint32_t g_blob_words[BLOB_WORDS];
static uint32_t g_arena_words[ARENA_WORDS];
static uint32_t g_ref_words[ARENA_WORDS];
static uint32_t g_scratch_words[ARENA_WORDS];

static uint8_t *blob_bytes(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena_bytes(void) { return (uint8_t *)g_arena_words; }

static int32_t rand_multiplier(tnm_rng *rng) { return tnm_rng_range(rng, 1 << 30, INT32_MAX); }

static uint32_t finish(void)
{
    uint32_t len;
    tnm_bb_input(&g_b, 0);
    /* model output: the output of layer 0 */
    tnm_bb_output(&g_b, (uint32_t)g_b.list_words[g_b.layers[0].first_word + g_b.layers[0].input_count]);
    len = tnm_bb_finish(&g_b, blob_bytes(), sizeof g_blob_words);
    CHECK(len > 0);
    return len;
}

/* check + invoke layer 0; the output tensor's bytes must equal ref. */
static void run_and_compare(uint32_t len, uint32_t out_tensor, const void *ref, const char *what)
{
    const tnm_bb_tensor *t = &g_b.tensors[out_tensor];
    if (tnm_test_check_model(blob_bytes(), len, what) != TNM_OK) return;
    tnm_test_invoke_layer0(blob_bytes(), len, arena_bytes(), sizeof g_arena_words, t->offset, ref,
                           t->size_bytes, what);
}

static int32_t layer_macs(uint32_t len)
{
    int32_t info[TNM_LAYER_INFO_MAX_WORDS];
    tnm_error err;
    CHECK_EQ(TNM_OK, tnm_layer_info(blob_bytes(), len, 0, info, TNM_LAYER_INFO_MAX_WORDS, &err));
    return info[TNM_LAYER_MACS];
}

static void test_conv(tnm_rng *rng, int depthwise)
{
    int iter;
    for (iter = 0; iter < 150; iter++) {
        tnm_dims in, out, filter;
        tnm_conv_params cp;
        tnm_quant q;
        int32_t fh = tnm_rng_range(rng, 1, 4), fw = tnm_rng_range(rng, 1, 4);
        int32_t sh = tnm_rng_range(rng, 1, 3), sw = tnm_rng_range(rng, 1, 3);
        int32_t dh = tnm_rng_range(rng, 1, 2), dw = tnm_rng_range(rng, 1, 2);
        int32_t dm = depthwise ? tnm_rng_range(rng, 1, 3) : 1;
        int same = (int)tnm_rng_range(rng, 0, 1), with_bias = (int)tnm_rng_range(rng, 0, 1);
        int32_t zp_in = tnm_rng_range(rng, -128, 127), zp_out = tnm_rng_range(rng, -128, 127);
        int32_t multipliers[64], bias[64];
        int8_t shifts[64], weights[4096];
        uint8_t bias_bytes[256];
        uint32_t t_in, t_out, len;
        int32_t dims_in[4], dims_out[4];
        int8_t *in_data, *ref;

        in.n = tnm_rng_range(rng, 1, 2);
        in.h = tnm_rng_range(rng, 1, 9);
        in.w = tnm_rng_range(rng, 1, 9);
        in.c = tnm_rng_range(rng, 1, 5);
        out.n = in.n;
        out.c = depthwise ? in.c * dm : tnm_rng_range(rng, 1, 6);
        if (!tnm_test_conv_geometry(&in, fh, fw, sh, sw, dh, dw, dm, same, &cp, &out)) continue;
        tnm_test_conv_constants(rng, depthwise, zp_in, zp_out, fh, fw, &in, &out, &cp, &filter,
                                weights, multipliers, shifts, bias, bias_bytes);

        tnm_bb_init(&g_b);
        dims_in[0] = in.n; dims_in[1] = in.h; dims_in[2] = in.w; dims_in[3] = in.c;
        dims_out[0] = out.n; dims_out[1] = out.h; dims_out[2] = out.w; dims_out[3] = out.c;
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims_in, zp_in, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims_out, zp_out, 0.25f);
        tnm_test_bb_conv_layer(&g_b, depthwise, t_in, t_out, &cp, &filter, weights,
                               with_bias ? bias_bytes : NULL, multipliers, shifts, out.c);
        len = finish();

        in_data = (int8_t *)(arena_bytes() + g_b.tensors[t_in].offset);
        tnm_test_fill_s8(rng, in_data, (int32_t)g_b.tensors[t_in].size_bytes);
        ref = (int8_t *)g_ref_words;
        q.multiplier = multipliers;
        q.shift = shifts;
        if (depthwise)
            CHECK_EQ(TNM_OK, tnm_depthwise_conv_s8(&cp, &q, &in, in_data, &filter, weights,
                                                   with_bias ? bias : NULL, &out, ref,
                                                   g_scratch_words));
        else
            CHECK_EQ(TNM_OK, tnm_conv_s8(&cp, &q, &in, in_data, &filter, weights,
                                         with_bias ? bias : NULL, &out, ref, g_scratch_words));
        run_and_compare(len, t_out, ref, depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D");
        CHECK_EQ(depthwise ? out.n * out.h * out.w * out.c * fh * fw
                           : out.n * out.h * out.w * out.c * fh * fw * in.c,
                 layer_macs(len));
    }
}

static void test_fully_connected(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 150; iter++) {
        int32_t batches = tnm_rng_range(rng, 1, 3), accum = tnm_rng_range(rng, 1, 40);
        int32_t depth = tnm_rng_range(rng, 1, 12), qc = tnm_rng_range(rng, 0, 1) ? depth : 1;
        int32_t zp_in = tnm_rng_range(rng, -128, 127), zp_out = tnm_rng_range(rng, -128, 127);
        int32_t multipliers[64], bias[64], i;
        int8_t shifts[64], weights[4096];
        uint8_t bias_bytes[256];
        uint32_t t_in, t_out, len, w, bo, qo;
        tnm_fc_params fp;
        tnm_quant q;
        int8_t *in_data, *ref = (int8_t *)g_ref_words;
        /* Input as [batches, accum] or flattened 4-D; output [batches, depth]. */
        int32_t dims_in[4] = {batches, 1, accum, 1}, dims_out[2] = {batches, depth};

        fp.input_offset = -zp_in;
        fp.output_offset = zp_out;
        fp.filter_offset = tnm_rng_range(rng, 0, 3) == 0 ? tnm_rng_range(rng, -127, 128) : 0;
        fp.act_min = tnm_rng_range(rng, -128, 0);
        fp.act_max = tnm_rng_range(rng, fp.act_min, 127);
        tnm_test_fill_s8(rng, weights, depth * accum);
        for (i = 0; i < depth; i++) {
            multipliers[i] = rand_multiplier(rng);
            shifts[i] = (int8_t)tnm_rng_range(rng, -10, 0);
            bias[i] = tnm_rng_range(rng, -5000, 5000);
            tnm_bb_put_u32(bias_bytes + 4 * i, (uint32_t)bias[i]);
        }
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims_in, zp_in, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, dims_out, zp_out, 0.5f);
        {
            const int32_t p[13] = {-zp_in, zp_out, fp.act_min, fp.act_max, fp.filter_offset,
                                   accum, depth};
            tnm_bb_layer_add(&g_b, TNM_OP_FULLY_CONNECTED, t_in, TNM_NO_TENSOR, t_out, p);
        }
        w = tnm_bb_data(&g_b, weights, (uint32_t)(depth * accum));
        bo = tnm_bb_data(&g_b, bias_bytes, 4u * (uint32_t)depth);
        qo = tnm_bb_quant(&g_b, multipliers, shifts, (uint32_t)qc);
        tnm_bb_layer_constants(&g_b, w, (uint32_t)(depth * accum), bo, qo, (uint32_t)qc);
        len = finish();
        in_data = (int8_t *)(arena_bytes() + g_b.tensors[t_in].offset);
        tnm_test_fill_s8(rng, in_data, batches * accum);
        q.multiplier = multipliers;
        q.shift = shifts;
        CHECK_EQ(TNM_OK, tnm_fully_connected_s8(&fp, &q, qc, batches, accum, depth, in_data,
                                                weights, bias, ref));
        run_and_compare(len, t_out, ref, "FULLY_CONNECTED");
        CHECK_EQ(batches * accum * depth, layer_macs(len));
    }
}

static void test_pool(tnm_rng *rng, int average)
{
    int iter;
    for (iter = 0; iter < 150; iter++) {
        tnm_dims in, out;
        tnm_pool_params pp;
        int same = (int)tnm_rng_range(rng, 0, 1);
        int32_t zp = tnm_rng_range(rng, -128, 127), dims_in[4], dims_out[4];
        uint32_t t_in, t_out, len;
        int8_t *in_data, *ref = (int8_t *)g_ref_words;
        in.n = tnm_rng_range(rng, 1, 2);
        in.h = tnm_rng_range(rng, 1, 10);
        in.w = tnm_rng_range(rng, 1, 10);
        in.c = tnm_rng_range(rng, 1, 6);
        pp.filter_h = tnm_rng_range(rng, 1, 4);
        pp.filter_w = tnm_rng_range(rng, 1, 4);
        pp.stride_h = tnm_rng_range(rng, 1, 3);
        pp.stride_w = tnm_rng_range(rng, 1, 3);
        pp.act_min = tnm_rng_range(rng, -128, 0);
        pp.act_max = tnm_rng_range(rng, pp.act_min, 127);
        if (!tnm_test_window(in.h, pp.filter_h, pp.stride_h, 1, same, &out.h, &pp.pad_h) ||
            !tnm_test_window(in.w, pp.filter_w, pp.stride_w, 1, same, &out.w, &pp.pad_w))
            continue;
        out.n = in.n;
        out.c = in.c;
        tnm_bb_init(&g_b);
        dims_in[0] = in.n; dims_in[1] = in.h; dims_in[2] = in.w; dims_in[3] = in.c;
        dims_out[0] = out.n; dims_out[1] = out.h; dims_out[2] = out.w; dims_out[3] = out.c;
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims_in, zp, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims_out, zp, 0.5f);
        {
            const int32_t p[13] = {0, 0, pp.act_min, pp.act_max, pp.stride_h, pp.stride_w,
                                   pp.pad_h, pp.pad_w, 0, 0, pp.filter_h, pp.filter_w, 0};
            tnm_bb_layer_add(&g_b, average ? TNM_OP_AVERAGE_POOL_2D : TNM_OP_MAX_POOL_2D, t_in,
                             TNM_NO_TENSOR, t_out, p);
        }
        len = finish();
        in_data = (int8_t *)(arena_bytes() + g_b.tensors[t_in].offset);
        tnm_test_fill_s8(rng, in_data, (int32_t)g_b.tensors[t_in].size_bytes);
        if (average)
            CHECK_EQ(TNM_OK, tnm_avgpool_s8(&pp, &in, in_data, &out, ref));
        else
            CHECK_EQ(TNM_OK, tnm_maxpool_s8(&pp, &in, in_data, &out, ref));
        run_and_compare(len, t_out, ref, average ? "AVERAGE_POOL_2D" : "MAX_POOL_2D");
        CHECK_EQ(0, layer_macs(len));
    }
}

static void test_softmax(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 60; iter++) {
        int32_t rows = tnm_rng_range(rng, 1, 4), depth = tnm_rng_range(rng, 1, 30);
        int32_t dims[3] = {1, rows, depth};
        tnm_softmax_params sp;
        uint32_t t_in, t_out, len;
        int8_t *in_data, *ref = (int8_t *)g_ref_words;
        sp.input_multiplier = rand_multiplier(rng);
        sp.input_left_shift = tnm_rng_range(rng, 18, 26);
        sp.diff_min = -tnm_rng_range(rng, 1, 3000);
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 3, dims, tnm_rng_range(rng, -128, 127), 0.1f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 3, dims, -128, 1.0f / 256.0f);
        {
            const int32_t p[13] = {sp.input_multiplier, sp.input_left_shift, sp.diff_min};
            tnm_bb_layer_add(&g_b, TNM_OP_SOFTMAX, t_in, TNM_NO_TENSOR, t_out, p);
        }
        len = finish();
        in_data = (int8_t *)(arena_bytes() + g_b.tensors[t_in].offset);
        tnm_test_fill_s8(rng, in_data, rows * depth);
        CHECK_EQ(TNM_OK, tnm_softmax_s8(&sp, rows, depth, in_data, ref));
        run_and_compare(len, t_out, ref, "SOFTMAX");
    }
}

static void test_add_mul(tnm_rng *rng, int mul)
{
    int iter, i;
    for (iter = 0; iter < 150; iter++) {
        int32_t od[4], ad[4], bd[4];
        tnm_dims a, bdims, o;
        tnm_arith_params ap;
        int32_t zp1 = tnm_rng_range(rng, -128, 127), zp2 = tnm_rng_range(rng, -128, 127);
        int32_t zpo = tnm_rng_range(rng, -128, 127);
        uint32_t t1, t2, t3, len;
        int8_t *d1, *d2, *ref = (int8_t *)g_ref_words;
        for (i = 0; i < 4; i++) {
            od[i] = tnm_rng_range(rng, 1, 5);
            ad[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[i];
            bd[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[i];
            if (ad[i] == 1 && bd[i] == 1) od[i] = 1; /* the output is the broadcast of both */
        }
        a.n = ad[0]; a.h = ad[1]; a.w = ad[2]; a.c = ad[3];
        bdims.n = bd[0]; bdims.h = bd[1]; bdims.w = bd[2]; bdims.c = bd[3];
        o.n = od[0]; o.h = od[1]; o.w = od[2]; o.c = od[3];
        memset(&ap, 0, sizeof ap);
        ap.input1_offset = -zp1;
        ap.input2_offset = -zp2;
        ap.output_offset = zpo;
        ap.act_min = tnm_rng_range(rng, -128, 0);
        ap.act_max = tnm_rng_range(rng, ap.act_min, 127);
        ap.output_multiplier = rand_multiplier(rng);
        if (mul) {
            ap.output_shift = tnm_rng_range(rng, -12, -5);
        } else {
            ap.left_shift = 20;
            ap.input1_multiplier = rand_multiplier(rng);
            ap.input1_shift = tnm_rng_range(rng, -3, 0);
            ap.input2_multiplier = rand_multiplier(rng);
            ap.input2_shift = tnm_rng_range(rng, -3, 0);
            ap.output_shift = tnm_rng_range(rng, -22, -16);
        }
        tnm_bb_init(&g_b);
        t1 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, ad, zp1, 0.5f);
        t2 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, bd, zp2, 0.25f);
        t3 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, od, zpo, 0.125f);
        if (mul) {
            const int32_t p[13] = {-zp1, -zp2, ap.act_min, ap.act_max, zpo, ap.output_multiplier,
                                   ap.output_shift};
            tnm_bb_layer_add(&g_b, TNM_OP_MUL, t1, t2, t3, p);
        } else {
            const int32_t p[13] = {-zp1, -zp2, ap.act_min, ap.act_max, zpo, 20,
                                   ap.input1_multiplier, ap.input1_shift, ap.input2_multiplier,
                                   ap.input2_shift, ap.output_multiplier, ap.output_shift};
            tnm_bb_layer_add(&g_b, TNM_OP_ADD, t1, t2, t3, p);
        }
        len = finish();
        d1 = (int8_t *)(arena_bytes() + g_b.tensors[t1].offset);
        d2 = (int8_t *)(arena_bytes() + g_b.tensors[t2].offset);
        tnm_test_fill_s8(rng, d1, (int32_t)g_b.tensors[t1].size_bytes);
        tnm_test_fill_s8(rng, d2, (int32_t)g_b.tensors[t2].size_bytes);
        if (mul)
            CHECK_EQ(TNM_OK, tnm_mul_s8(&ap, &a, d1, &bdims, d2, &o, ref));
        else
            CHECK_EQ(TNM_OK, tnm_add_s8(&ap, &a, d1, &bdims, d2, &o, ref));
        run_and_compare(len, t3, ref, mul ? "MUL" : "ADD");
    }
}

/* A blob of one DEQUANTIZE of an input of `type` to float32 (dims [1, n]): the input's bytes in
 * the arena, *t_out and *len set. */
static uint8_t *dequantize_blob(int32_t type, const int32_t *dims, int32_t zp, float scale, uint32_t *t_out,
                                uint32_t *len)
{
    uint32_t t_in;
    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_auto(&g_b, type, 2, dims, zp, scale);
    *t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 2, dims, 0, 0.0f);
    tnm_bb_layer_add(&g_b, TNM_OP_DEQUANTIZE, t_in, TNM_NO_TENSOR, *t_out, NULL);
    *len = finish();
    return arena_bytes() + g_b.tensors[t_in].offset;
}

static void test_quantize(tnm_rng *rng)
{
    int iter, i;
    for (iter = 0; iter < 60; iter++) {
        int32_t n = tnm_rng_range(rng, 1, 50), dims[2] = {1, n};
        int32_t zp_in = tnm_rng_range(rng, -128, 127), zp_out = tnm_rng_range(rng, -128, 127);
        float scale = 0.001f * (float)tnm_rng_range(rng, 1, 1000);
        uint32_t t_in, t_out, len;
        int8_t *ref = (int8_t *)g_ref_words;
        int32_t bits;
        memcpy(&bits, &scale, 4);

        /* float32 -> int8 */
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 2, dims, 0, 0.0f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, dims, zp_out, scale);
        {
            const int32_t p[13] = {bits, zp_out};
            tnm_bb_layer_add(&g_b, TNM_OP_QUANTIZE, t_in, TNM_NO_TENSOR, t_out, p);
        }
        len = finish();
        {
            float *f = (float *)(void *)(arena_bytes() + g_b.tensors[t_in].offset);
            for (i = 0; i < n; i++) f[i] = (float)tnm_rng_range(rng, -100000, 100000) / 1000.0f;
            CHECK_EQ(TNM_OK, tnm_quantize_f32_s8(n, f, scale, zp_out, ref));
        }
        run_and_compare(len, t_out, ref, "QUANTIZE float32");

        /* int8 -> int8 */
        {
            int32_t m = rand_multiplier(rng), s = tnm_rng_range(rng, -3, 2);
            int8_t *d;
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, dims, zp_in, 0.5f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, dims, zp_out, 0.25f);
            {
                const int32_t p[13] = {m, s, zp_in, zp_out};
                tnm_bb_layer_add(&g_b, TNM_OP_QUANTIZE, t_in, TNM_NO_TENSOR, t_out, p);
            }
            len = finish();
            d = (int8_t *)(arena_bytes() + g_b.tensors[t_in].offset);
            tnm_test_fill_s8(rng, d, n);
            CHECK_EQ(TNM_OK, tnm_requantize_s8(n, d, zp_in, m, s, zp_out, ref));
            run_and_compare(len, t_out, ref, "QUANTIZE int8");
        }

        /* int8 -> float32 */
        {
            float *fref = (float *)(void *)g_ref_words;
            int8_t *d;
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, dims, zp_in, scale);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 2, dims, 0, 0.0f);
            {
                const int32_t p[13] = {zp_in, bits};
                tnm_bb_layer_add(&g_b, TNM_OP_DEQUANTIZE, t_in, TNM_NO_TENSOR, t_out, p);
            }
            len = finish();
            d = (int8_t *)(arena_bytes() + g_b.tensors[t_in].offset);
            tnm_test_fill_s8(rng, d, n);
            CHECK_EQ(TNM_OK, tnm_dequantize_s8_f32(n, d, scale, zp_in, fref));
            run_and_compare(len, t_out, fref, "DEQUANTIZE");
        }

        /* int16 and uint8 -> float32 (TFLM's other two DEQUANTIZE inputs) */
        {
            float *fref = (float *)(void *)g_ref_words;
            const int32_t zp16 = tnm_rng_range(rng, -32768, 32767), zp8 = tnm_rng_range(rng, 0, 255);
            uint8_t *d;
            d = dequantize_blob(TNM_TYPE_INT16, dims, zp16, scale, &t_out, &len);
            tnm_test_fill_s8(rng, (int8_t *)d, 2 * n);
            CHECK_EQ(TNM_OK, tnm_dequantize_s16_f32(n, (const int16_t *)(const void *)d, scale, zp16, fref));
            run_and_compare(len, t_out, fref, "DEQUANTIZE int16");

            d = dequantize_blob(TNM_TYPE_UINT8, dims, zp8, scale, &t_out, &len);
            tnm_test_fill_s8(rng, (int8_t *)d, n);
            CHECK_EQ(TNM_OK, tnm_dequantize_u8_f32(n, d, scale, zp8, fref));
            run_and_compare(len, t_out, fref, "DEQUANTIZE uint8");

            /* int32 in: not one of TFLM's types, refused naming the input type */
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, dims, 0, scale);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 2, dims, 0, 0.0f);
            tnm_bb_layer_add(&g_b, TNM_OP_DEQUANTIZE, t_in, TNM_NO_TENSOR, t_out, NULL);
            len = finish();
            tnm_test_expect_refused(blob_bytes(), len, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE,
                                    "DEQUANTIZE int32");
        }
    }
}

static void test_reshape(tnm_rng *rng)
{
    static const int32_t d_in[4] = {1, 3, 4, 5}, d_out[2] = {6, 10};
    int8_t ref[60];
    uint32_t t_in, t_out, len;
    tnm_error err;
    /* Separate offsets: a copy. */
    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d_in, 3, 0.5f);
    t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d_out, 3, 0.5f);
    tnm_bb_layer_add(&g_b, TNM_OP_RESHAPE, t_in, TNM_NO_TENSOR, t_out, NULL);
    len = finish();
    tnm_test_fill_s8(rng, (int8_t *)arena_bytes(), 60);
    memcpy(ref, arena_bytes(), 60);
    run_and_compare(len, t_out, ref, "RESHAPE copy");
    /* Overlapping offsets: a memmove. */
    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 4, d_in, 8, 3, 0.5f);
    t_out = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 2, d_out, 0, 3, 0.5f);
    tnm_bb_layer_add(&g_b, TNM_OP_RESHAPE, t_in, TNM_NO_TENSOR, t_out, NULL);
    len = finish();
    tnm_test_fill_s8(rng, (int8_t *)arena_bytes() + 8, 60);
    memcpy(ref, arena_bytes() + 8, 60);
    run_and_compare(len, t_out, ref, "RESHAPE overlapping");
    /* Same offset: nothing to do, bytes stay. */
    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 4, d_in, 0, 3, 0.5f);
    t_out = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 2, d_out, 0, 3, 0.5f);
    tnm_bb_layer_add(&g_b, TNM_OP_RESHAPE, t_in, TNM_NO_TENSOR, t_out, NULL);
    len = finish();
    tnm_test_fill_s8(rng, (int8_t *)arena_bytes(), 60);
    memcpy(ref, arena_bytes(), 60);
    run_and_compare(len, t_out, ref, "RESHAPE in place");
    /* Different byte size is rejected. */
    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d_in, 3, 0.5f);
    {
        const int32_t d_bad[2] = {6, 9};
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d_bad, 3, 0.5f);
    }
    tnm_bb_layer_add(&g_b, TNM_OP_RESHAPE, t_in, TNM_NO_TENSOR, t_out, NULL);
    len = finish();
    CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob_bytes(), len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_SHAPE, err.field);
    CHECK_EQ(54, err.value);
    CHECK_EQ(60, err.limit);
}

/* The sample model (every op once): check, model/tensor/layer info against the values
 * the builder wrote, and a full run layer by layer in an arena of exactly arena_size
 * (per-op exactness is covered above). */
static void test_sample_model(void)
{
    int32_t info[TNM_INFO_WORDS], tinfo[TNM_TENSOR_WORDS], linfo[TNM_LAYER_INFO_MAX_WORDS];
    float scale = -1.0f;
    tnm_error err;
    uint32_t len, i;
    float *input, *output;
    tnm_bb_sample_model(&g_b, 7);
    len = tnm_bb_finish(&g_b, blob_bytes(), sizeof g_blob_words);
    CHECK_EQ(TNM_OK, tnm_model_check(blob_bytes(), len, &err));
    CHECK_EQ(TNM_OK, err.code);
    CHECK_EQ(TNM_OK, tnm_model_info(blob_bytes(), len, info, &err));
    CHECK_EQ(TNM_FORMAT_VERSION, info[TNM_INFO_FORMAT_VERSION]);
    CHECK_EQ(len, info[TNM_INFO_BLOB_SIZE]);
    CHECK_EQ(19, info[TNM_INFO_TENSOR_COUNT]); /* 13 activations, 3 x (weights, bias) */
    CHECK_EQ(12, info[TNM_INFO_LAYER_COUNT]);
    CHECK_EQ(0, info[TNM_INFO_INPUT_TENSOR]);
    CHECK_EQ(12, info[TNM_INFO_OUTPUT_TENSOR]);
    CHECK_EQ(g_b.data_size, info[TNM_INFO_DATA_SIZE]);
    CHECK_EQ(g_b.next_arena_offset + tnm_bb_scratch(&g_b), info[TNM_INFO_ARENA_SIZE]);
    CHECK_EQ(1, info[TNM_INFO_INPUT_COUNT]);
    CHECK_EQ(1, info[TNM_INFO_OUTPUT_COUNT]);
    CHECK_EQ(0, info[TNM_INFO_STATE_SIZE]);
    CHECK_EQ(0, info[TNM_INFO_INIT_LAYER_COUNT]);
    CHECK_EQ(0, info[TNM_INFO_VARIABLE_COUNT]);
    /* codes 1..11 */
    CHECK_EQ(0xFFE, info[TNM_INFO_OP_SET_LO]);
    CHECK_EQ(0, info[TNM_INFO_OP_SET_HI]);
    CHECK_EQ(0, info[TNM_INFO_OP_SET_64]);
    CHECK_EQ(0, info[TNM_INFO_OP_SET_96]);

    CHECK_EQ(TNM_OK, tnm_tensor_info(blob_bytes(), len, 10, tinfo, &scale, &err));
    CHECK_EQ(TNM_TYPE_INT8, tinfo[TNM_TENSOR_TYPE]);
    CHECK_EQ(2, tinfo[TNM_TENSOR_RANK]);
    CHECK_EQ(1, tinfo[TNM_TENSOR_DIM0]);
    CHECK_EQ(10, tinfo[TNM_TENSOR_DIM1]);
    CHECK_EQ(1, tinfo[TNM_TENSOR_DIM2]);
    CHECK_EQ(1, tinfo[TNM_TENSOR_DIM3]);
    CHECK_EQ(g_b.tensors[10].offset, tinfo[TNM_TENSOR_OFFSET]);
    CHECK_EQ(0, tinfo[TNM_TENSOR_FLAGS]);
    CHECK_EQ(10, tinfo[TNM_TENSOR_SIZE]);
    CHECK_EQ(-128, tinfo[TNM_TENSOR_ZERO_POINT]);
    CHECK(scale == 1.0f / 256.0f);

    /* Layer 1: CONV_2D 6x6x2 -> 6x6x4 with a 3x3 filter. */
    CHECK_EQ(TNM_OK, tnm_layer_info(blob_bytes(), len, 1, linfo, TNM_LAYER_INFO_MAX_WORDS, &err));
    CHECK_EQ(TNM_OP_CONV_2D, linfo[TNM_LAYER_OP]);
    CHECK_EQ(3, linfo[TNM_LAYER_INPUT_COUNT]);
    CHECK_EQ(1, linfo[TNM_LAYER_OUTPUT_COUNT]);
    CHECK_EQ(12, linfo[TNM_LAYER_PARAM_COUNT]);
    CHECK_EQ(1, linfo[TNM_LAYER_WORDS + 0]);  /* input */
    CHECK_EQ(13, linfo[TNM_LAYER_WORDS + 1]); /* filter: the first constant */
    CHECK_EQ(14, linfo[TNM_LAYER_WORDS + 2]); /* bias */
    CHECK_EQ(2, linfo[TNM_LAYER_WORDS + 3]);  /* output */
    CHECK_EQ(4, linfo[TNM_LAYER_QUANT_COUNT]);
    CHECK_EQ(0, linfo[TNM_LAYER_SUBGRAPH]);
    CHECK_EQ(6 * 6 * 4 * 3 * 3 * 2, linfo[TNM_LAYER_MACS]);
    CHECK_EQ(3, linfo[TNM_LAYER_WORDS + 4 + 10]); /* filter_h */
    CHECK_EQ(TNM_OK, tnm_tensor_info(blob_bytes(), len, 13, tinfo, &scale, &err));
    CHECK_EQ(TNM_TENSOR_CONSTANT, tinfo[TNM_TENSOR_FLAGS]);
    CHECK_EQ(72, tinfo[TNM_TENSOR_SIZE]);
    /* a buffer one word short: the words needed */
    CHECK_EQ(TNM_ERR_BUFFER, tnm_layer_info(blob_bytes(), len, 1, linfo, TNM_LAYER_WORDS + 3 + 1 + 12 - 1, &err));
    CHECK_EQ(TNM_FIELD_LAYER_INFO, err.field);
    CHECK_EQ(TNM_LAYER_WORDS + 16, err.limit);
    /* Layer 2: DEPTHWISE 6x6x4 -> 3x3x8, 3x3 filter. */
    CHECK_EQ(TNM_OK, tnm_layer_info(blob_bytes(), len, 2, linfo, TNM_LAYER_INFO_MAX_WORDS, &err));
    CHECK_EQ(3 * 3 * 8 * 3 * 3, linfo[TNM_LAYER_MACS]);
    /* Layer 4: ADD has two inputs. */
    CHECK_EQ(TNM_OK, tnm_layer_info(blob_bytes(), len, 4, linfo, TNM_LAYER_INFO_MAX_WORDS, &err));
    CHECK_EQ(2, linfo[TNM_LAYER_INPUT_COUNT]);
    CHECK_EQ(3, linfo[TNM_LAYER_WORDS + 0]);
    CHECK_EQ(4, linfo[TNM_LAYER_WORDS + 1]);
    CHECK_EQ(5, linfo[TNM_LAYER_WORDS + 2]);
    CHECK_EQ(0, linfo[TNM_LAYER_MACS]);
    /* Layer 8: FULLY_CONNECTED 72 -> 10, per-tensor quantization. */
    CHECK_EQ(TNM_OK, tnm_layer_info(blob_bytes(), len, 8, linfo, TNM_LAYER_INFO_MAX_WORDS, &err));
    CHECK_EQ(720, linfo[TNM_LAYER_MACS]);
    CHECK_EQ(1, linfo[TNM_LAYER_QUANT_COUNT]);
    CHECK_EQ(7, linfo[TNM_LAYER_PARAM_COUNT]);

    /* Run all layers; the float output is a softmax, requantized and dequantized:
     * probabilities in [0, ~1.3] (the requantize multiplier is random) that are finite. */
    memset(g_arena_words, 0, sizeof g_arena_words);
    input = (float *)(void *)(arena_bytes() + g_b.tensors[0].offset);
    for (i = 0; i < 72; i++) input[i] = (float)((int)(i % 13) - 6) * 0.1f;
    for (i = 0; i < 12; i++)
        CHECK_EQ(TNM_OK, tnm_layer_invoke(blob_bytes(), len, arena_bytes(), info[TNM_INFO_ARENA_SIZE],
                                          (int32_t)i, &err));
    output = (float *)(void *)(arena_bytes() + g_b.tensors[12].offset);
    for (i = 0; i < 10; i++) CHECK(output[i] == output[i] && fabsf(output[i]) < 3.0f);
}

static void test_crc_and_names(void)
{
    /* The standard CRC-32 check value. */
    CHECK_EQ(0xCBF43926u, tnm_crc32((const uint8_t *)"123456789", 9));
    CHECK_EQ(0u, tnm_crc32((const uint8_t *)"", 0));
    CHECK(strcmp(tnm_op_name(TNM_OP_DEPTHWISE_CONV_2D), "DEPTHWISE_CONV_2D") == 0);
    CHECK(strcmp(tnm_op_name(TNM_OP_DEQUANTIZE), "DEQUANTIZE") == 0);
    CHECK(strcmp(tnm_op_name(0), "UNKNOWN") == 0);
    CHECK(strcmp(tnm_op_name(TNM_OP_CODE_LIMIT), "UNKNOWN") == 0);
    CHECK(strcmp(tnm_op_name(-3), "UNKNOWN") == 0);
    CHECK(strcmp(tnm_field_name(TNM_FIELD_LAYER_DEPTH_MULTIPLIER), "layer depth multiplier") == 0);
    CHECK(strcmp(tnm_field_name(TNM_FIELD_COUNT), "unknown field") == 0);
    CHECK(strcmp(tnm_field_name(TNM_FIELD_PARAM(TNM_OP_CONCATENATION, 0)), "layer parameter") == 0);
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 20240601u);
    test_crc_and_names();
    test_conv(&rng, 0);
    test_conv(&rng, 1);
    test_fully_connected(&rng);
    test_pool(&rng, 0);
    test_pool(&rng, 1);
    test_softmax(&rng);
    test_add_mul(&rng, 0);
    test_add_mul(&rng, 1);
    test_quantize(&rng);
    test_reshape(&rng);
    test_sample_model();
    return tnm_test_finish("test_runtime_ops");
}
