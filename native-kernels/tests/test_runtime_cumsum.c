/*
 * The CUMSUM module (its kernel: test_kernels_cumsum.c, TFLM's bytes: test_kernels_nd_golden.c):
 * one-layer blobs of int8 tensors of rank 1 to 6, every axis and the four exclusive/reverse
 * pairs, and float32, through the runtime's three invoke paths, give what the kernel gives.
 * Refused, naming the field: each parameter word out of place (axis, the flags, zero points,
 * multipliers, shifts; a quantization word of a float32 CUMSUM), an int16 output, an output of
 * another shape, a constant input.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "tnm_test.h"

static tnm_bb g_b;
static uint32_t g_blob_words[4096];
static uint32_t g_arena_words[4096];
static int8_t g_in[4096], g_ref[4096];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static void quantize(double real, int32_t *m, int32_t *s)
{
    int e;
    const double q = frexp(real, &e);
    int64_t f = (int64_t)floor(q * 2147483648.0 + 0.5);
    if (f == (1LL << 31)) {
        f /= 2;
        ++e;
    }
    *m = (int32_t)f;
    *s = e;
}

static uint32_t cumsum_blob(int32_t rank, const int32_t *dims, int32_t out_type, const int32_t *out_dims, int32_t *p,
                            int32_t zp, float s, int32_t out_zp, float out_s, int constant, uint32_t *t_in,
                            uint32_t *t_out)
{
    static const int32_t one[1] = {1};
    p[3] = -zp;
    p[4] = out_zp;
    quantize(0.5, &p[5], &p[6]);
    quantize(2.0 * s / (1048576.0 * out_s), &p[7], &p[8]);
    tnm_bb_init(&g_b);
    *t_in = constant ? tnm_bb_constant(&g_b, TNM_TYPE_INT8, rank, dims, g_in, zp, s)
                     : tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, dims, zp, s);
    *t_out = tnm_bb_tensor_auto(&g_b, out_type, rank, out_dims, out_zp, out_s);
    tnm_bb_layer1(&g_b, TNM_OP_CUMSUM, *t_in, *t_out, 9, p);
    tnm_bb_input(&g_b, constant ? tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 1, one, 0, 1.0f) : *t_in);
    tnm_bb_output(&g_b, *t_out);
    return tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
}

static void test_random(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200; iter++) {
        const int32_t rank = tnm_rng_range(rng, 1, 6), axis = tnm_rng_range(rng, 0, rank - 1);
        const int32_t zp = tnm_rng_range(rng, -128, 127), out_zp = tnm_rng_range(rng, -128, 127);
        const float s = 0.01f * (float)tnm_rng_range(rng, 1, 50);
        int32_t dims[6], p[9], i, n = 1, before = 1, after = 1;
        uint32_t t_in, t_out, len;
        tnm_add_n_params q;
        char what[64];
        float out_s;
        for (i = 0; i < rank; i++) {
            dims[i] = tnm_rng_range(rng, 1, rank > 3 ? 3 : 6);
            n *= dims[i];
            if (i < axis) before *= dims[i];
            if (i > axis) after *= dims[i];
        }
        out_s = s * (float)tnm_rng_range(rng, 1, 3 * dims[axis]) / 2.0f;
        p[0] = axis;
        p[1] = iter & 1;
        p[2] = (iter >> 1) & 1;
        tnm_test_fill_s8(rng, g_in, n);
        len = cumsum_blob(rank, dims, TNM_TYPE_INT8, dims, p, zp, s, out_zp, out_s, 0, &t_in, &t_out);
        q.input_offset = p[3];
        q.output_offset = p[4];
        q.input_multiplier = p[5];
        q.input_shift = p[6];
        q.output_multiplier = p[7];
        q.output_shift = p[8];
        CHECK_EQ(TNM_OK, tnm_cumsum_s8(before, dims[axis], after, p[1], p[2], &q, g_in, g_ref));
        snprintf(what, sizeof what, "CUMSUM rank %d axis %d flags %d %d", (int)rank, (int)axis, (int)p[1], (int)p[2]);
        if (tnm_test_check_model(blob(), len, what) != TNM_OK) continue;
        memcpy(arena() + g_b.tensors[t_in].offset, g_in, (size_t)n);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)n, what);
    }
}

static void test_refusals(void)
{
    static const int32_t dims[3] = {2, 3, 4}, other[3] = {2, 3, 5};
    int32_t p[9] = {1, 0, 0};
    uint32_t a, b, len;
    tnm_error err;
#define BLOB() cumsum_blob(3, dims, TNM_TYPE_INT8, dims, p, 5, 0.1f, -2, 0.3f, 0, &a, &b)
    len = BLOB();
    CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));
    tnm_test_expect_param_error(blob(), len, 0, 3, TNM_FIELD_PARAM(TNM_OP_CUMSUM, 0), &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 0, -1, TNM_FIELD_PARAM(TNM_OP_CUMSUM, 0), &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 1, 2, TNM_FIELD_PARAM(TNM_OP_CUMSUM, 1), &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 2, -1, TNM_FIELD_PARAM(TNM_OP_CUMSUM, 2), &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 3, 5, TNM_FIELD_LAYER_ZERO_POINT, &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 4, 0, TNM_FIELD_LAYER_ZERO_POINT, &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 5, 1, TNM_FIELD_LAYER_MULTIPLIER, &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 6, 1, TNM_FIELD_LAYER_SHIFT, &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 7, -5, TNM_FIELD_LAYER_MULTIPLIER, &err);
    len = BLOB();
    tnm_test_expect_param_error(blob(), len, 8, -32, TNM_FIELD_LAYER_SHIFT, &err);
#undef BLOB
    len = cumsum_blob(3, dims, TNM_TYPE_INT16, dims, p, 5, 0.1f, 0, 0.3f, 0, &a, &b);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_model_check(blob(), len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_OUTPUT_TYPE, err.field);
    len = cumsum_blob(3, dims, TNM_TYPE_INT8, other, p, 5, 0.1f, -2, 0.3f, 0, &a, &b);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_SHAPE, err.field);
    len = cumsum_blob(3, dims, TNM_TYPE_INT8, dims, p, 5, 0.1f, -2, 0.3f, 1, &a, &b);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_CONSTANT, err.field);
}

static void test_float(tnm_rng *rng)
{
    static const int32_t dims[3] = {2, 4, 3};
    static float x[24], ref[24];
    int32_t p[9] = {1, 1, 1, 0, 0, 0, 0, 0, 0}, i;
    uint32_t t_in, t_out, len;
    tnm_error err;
    for (i = 0; i < 24; i++) x[i] = (float)tnm_rng_range(rng, -1000, 1000) / 7.0f;
    CHECK_EQ(TNM_OK, tnm_cumsum_f32(2, 4, 3, 1, 1, x, ref));
    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 3, dims, 0, 0.0f);
    t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 3, dims, 0, 0.0f);
    tnm_bb_layer1(&g_b, TNM_OP_CUMSUM, t_in, t_out, 9, p);
    tnm_bb_input(&g_b, t_in);
    tnm_bb_output(&g_b, t_out);
    len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
    if (tnm_test_check_model(blob(), len, "CUMSUM float32") != TNM_OK) return;
    memcpy(arena() + g_b.tensors[t_in].offset, x, sizeof x);
    tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, ref, sizeof ref,
                           "CUMSUM float32");
    tnm_test_expect_param_error(blob(), len, 5, 1073741824, TNM_FIELD_PARAM(TNM_OP_CUMSUM, 5), &err);
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 690);
    test_random(&rng);
    test_refusals();
    test_float(&rng);
    return tnm_test_finish("test_runtime_cumsum");
}
