/*
 * The CAST module (its kernel: test_kernels_cast.c, TFLM's bytes: test_kernels_nd_golden.c):
 * one-layer blobs of every type pair, rank 1 to 6, random values, through the runtime's three
 * invoke paths give what the kernel gives over the same bytes; the module refuses the types
 * TFLM's CAST does not take (uint8 in or out, bool out), shapes that differ, a parameter word,
 * and a constant input, naming the field.
 */
#include <stdio.h>
#include <string.h>

#include "tnm/tnm_kernels_data.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "tnm_test.h"

static tnm_bb g_b;
static uint32_t g_blob_words[2048];
static uint32_t g_arena_words[2048];
static uint8_t g_ref[4096];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static float scale_of(int32_t type)
{
    return type == TNM_TYPE_INT8 || type == TNM_TYPE_INT16 || type == TNM_TYPE_UINT8 ? 1.0f : 0.0f;
}

static uint32_t cast_blob(int32_t in_type, int32_t out_type, int32_t rank, const int32_t *in_dims,
                          const int32_t *out_dims, uint32_t params, int constant, const void *bytes)
{
    static const int32_t p[1] = {0};
    uint32_t in, out;
    tnm_bb_init(&g_b);
    in = constant ? tnm_bb_constant(&g_b, in_type, rank, in_dims, bytes, 0, scale_of(in_type))
                  : tnm_bb_tensor_auto(&g_b, in_type, rank, in_dims, 0, scale_of(in_type));
    out = tnm_bb_tensor_auto(&g_b, out_type, rank, out_dims, 0, scale_of(out_type));
    tnm_bb_layer1(&g_b, TNM_OP_CAST, in, out, params, p);
    if (!constant) tnm_bb_input(&g_b, in);
    else tnm_bb_input(&g_b, tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, in_dims, 0, 1.0f)); /* a model input */
    tnm_bb_output(&g_b, out);
    return tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
}

static void test_every_pair(tnm_rng *rng)
{
    static const int32_t ins[] = {TNM_TYPE_INT8, TNM_TYPE_INT16, TNM_TYPE_INT32, TNM_TYPE_FLOAT32, TNM_TYPE_BOOL};
    static const int32_t outs[] = {TNM_TYPE_INT8, TNM_TYPE_INT16, TNM_TYPE_INT32, TNM_TYPE_FLOAT32};
    size_t a, b;
    for (a = 0; a < sizeof ins / sizeof ins[0]; a++) {
        for (b = 0; b < sizeof outs / sizeof outs[0]; b++) {
            int32_t dims[6], rank = tnm_rng_range(rng, 1, 6), n = 1, i, info[TNM_TENSOR_WORDS];
            uint32_t len, in_size = tnm_bb_type_size(ins[a]), out_size = tnm_bb_type_size(outs[b]);
            float scale;
            tnm_error err;
            char what[48];
            for (i = 0; i < rank; i++) {
                dims[i] = tnm_rng_range(rng, 1, rank > 3 ? 3 : 6);
                n *= dims[i];
            }
            len = cast_blob(ins[a], outs[b], rank, dims, dims, 0, 0, NULL);
            snprintf(what, sizeof what, "CAST %d -> %d, rank %d", (int)ins[a], (int)outs[b], (int)rank);
            if (tnm_test_check_model(blob(), len, what) != TNM_OK) continue;
            CHECK_EQ(TNM_OK, tnm_tensor_info(blob(), len, 0, info, &scale, &err));
            for (i = 0; i < n * (int32_t)in_size; i++) {
                uint8_t v = (uint8_t)tnm_rng_next(rng);
                if (ins[a] == TNM_TYPE_BOOL) v &= 1u;
                /* float inputs: small integers and fractions, not NaN patterns */
                if (ins[a] == TNM_TYPE_FLOAT32 && i % 4 == 3) v = (uint8_t)(0x3Fu + (v & 0x0Fu));
                arena()[info[TNM_TENSOR_OFFSET] + i] = v;
            }
            CHECK_EQ(TNM_OK, tnm_cast(n, arena() + info[TNM_TENSOR_OFFSET], ins[a], g_ref, outs[b]));
            CHECK_EQ(TNM_OK, tnm_tensor_info(blob(), len, 1, info, &scale, &err));
            tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, (uint32_t)info[TNM_TENSOR_OFFSET],
                                   g_ref, (uint32_t)n * out_size, what);
        }
    }
}

static void test_refusals(void)
{
    static const int32_t d[2] = {2, 3}, d2[2] = {3, 2};
    static const int8_t bytes[6] = {1, 2, 3, 4, 5, 6};
    tnm_test_expect_refused(blob(), cast_blob(TNM_TYPE_UINT8, TNM_TYPE_INT8, 2, d, d, 0, 0, NULL), TNM_ERR_UNSUPPORTED,
                   TNM_FIELD_LAYER_INPUT_TYPE, "uint8 in");
    tnm_test_expect_refused(blob(), cast_blob(TNM_TYPE_INT8, TNM_TYPE_UINT8, 2, d, d, 0, 0, NULL), TNM_ERR_UNSUPPORTED,
                   TNM_FIELD_LAYER_OUTPUT_TYPE, "uint8 out");
    tnm_test_expect_refused(blob(), cast_blob(TNM_TYPE_INT32, TNM_TYPE_BOOL, 2, d, d, 0, 0, NULL), TNM_ERR_UNSUPPORTED,
                   TNM_FIELD_LAYER_OUTPUT_TYPE, "bool out");
    tnm_test_expect_refused(blob(), cast_blob(TNM_TYPE_INT8, TNM_TYPE_INT32, 2, d, d2, 0, 0, NULL), TNM_ERR_FORMAT,
                   TNM_FIELD_LAYER_SHAPE, "shapes differ");
    tnm_test_expect_refused(blob(), cast_blob(TNM_TYPE_INT8, TNM_TYPE_INT32, 2, d, d, 1, 0, NULL), TNM_ERR_FORMAT,
                   TNM_FIELD_LAYER_PARAM_COUNT, "a parameter word");
    tnm_test_expect_refused(blob(), cast_blob(TNM_TYPE_INT8, TNM_TYPE_INT32, 2, d, d, 0, 1, bytes), TNM_ERR_FORMAT,
                   TNM_FIELD_LAYER_CONSTANT, "a constant input");
}

int main(void)
{
    tnm_rng rng;
    int32_t round;
    tnm_rng_seed(&rng, 640);
    for (round = 0; round < 8; round++) test_every_pair(&rng);
    test_refusals();
    return tnm_test_finish("test_runtime_cast");
}
