/*
 * The BROADCAST_TO module (its kernel: test_kernels_broadcast_to.c, TFLM's bytes, BROADCAST_TO,
 * FILL and ZEROS_LIKE: test_kernels_nd_golden.c): one-layer blobs of every blob type, output rank
 * 0 to 6, the input from the model or constant (a scalar too: FILL's value), through the
 * runtime's three invoke paths, give what the kernel gives over the same bytes. Refused, naming
 * the field: an output of another type or quantization, an input dim neither 1 nor the output's,
 * an input rank above the output's, a parameter word.
 */
#include <stdio.h>
#include <string.h>

#include "tnm/tnm_kernels_data.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "tnm_test.h"

static tnm_bb g_b;
static uint32_t g_blob_words[4096];
static uint32_t g_arena_words[4096];
static uint8_t g_in[4096], g_ref[4096];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static float scale_of(int32_t type)
{
    return type == TNM_TYPE_INT8 || type == TNM_TYPE_INT16 || type == TNM_TYPE_UINT8 ? 0.25f : 0.0f;
}

static uint32_t bt_blob(int32_t type, int32_t out_type, const tnm_nd_dims *in, const tnm_nd_dims *out, int constant,
                        int32_t out_zp, uint32_t params, uint32_t *t_in, uint32_t *t_out)
{
    static const int32_t p[1] = {0}, one[1] = {1};
    tnm_bb_init(&g_b);
    *t_in = constant ? tnm_bb_constant(&g_b, type, in->rank, in->dims, g_in, 0, scale_of(type))
                     : tnm_bb_tensor_auto(&g_b, type, in->rank, in->dims, 0, scale_of(type));
    *t_out = tnm_bb_tensor_auto(&g_b, out_type, out->rank, out->dims, out_zp, scale_of(out_type));
    tnm_bb_layer1(&g_b, TNM_OP_BROADCAST_TO, *t_in, *t_out, params, p);
    if (!constant) tnm_bb_input(&g_b, *t_in);
    else tnm_bb_input(&g_b, tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 1, one, 0, 1.0f)); /* never read */
    tnm_bb_output(&g_b, *t_out);
    return tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
}

static void random_dims(tnm_rng *rng, tnm_nd_dims *in, tnm_nd_dims *out)
{
    int32_t k;
    memset(in, 0, sizeof *in);
    memset(out, 0, sizeof *out);
    out->rank = tnm_rng_range(rng, 0, 6);
    in->rank = tnm_rng_range(rng, 0, out->rank);
    for (k = 0; k < out->rank; k++) out->dims[k] = tnm_rng_range(rng, 1, out->rank > 3 ? 3 : 5);
    for (k = 0; k < in->rank; k++) in->dims[k] = tnm_rng_range(rng, 0, 1) ? 1 : out->dims[k + out->rank - in->rank];
}

static void test_random(tnm_rng *rng)
{
    static const int32_t types[6] = {TNM_TYPE_INT8, TNM_TYPE_INT16, TNM_TYPE_INT32, TNM_TYPE_FLOAT32, TNM_TYPE_BOOL,
                                     TNM_TYPE_UINT8};
    int iter;
    for (iter = 0; iter < 240; iter++) {
        const int32_t type = types[iter % 6];
        const int constant = tnm_rng_range(rng, 0, 2) == 0;
        tnm_nd_dims in, out;
        uint32_t t_in, t_out, len;
        int32_t i, es = (int32_t)tnm_bb_type_size(type), n_in = 1, n_out = 1;
        char what[64];
        random_dims(rng, &in, &out);
        for (i = 0; i < in.rank; i++) n_in *= in.dims[i];
        for (i = 0; i < out.rank; i++) n_out *= out.dims[i];
        for (i = 0; i < n_in * es; i++) g_in[i] = (uint8_t)tnm_rng_next(rng);
        if (type == TNM_TYPE_BOOL)
            for (i = 0; i < n_in; i++) g_in[i] &= 1u;
        CHECK_EQ(TNM_OK, tnm_broadcast_to(&in, &out, es, g_in, g_ref));
        len = bt_blob(type, type, &in, &out, constant, 0, 0, &t_in, &t_out);
        snprintf(what, sizeof what, "BROADCAST_TO type %d rank %d -> %d", (int)type, (int)in.rank, (int)out.rank);
        if (tnm_test_check_model(blob(), len, what) != TNM_OK) continue;
        if (!constant) memcpy(arena() + g_b.tensors[t_in].offset, g_in, (size_t)(n_in * es));
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)(n_out * es), what);
    }
}

static void expect_refused(uint32_t len, tnm_status code, int32_t field, const char *what)
{
    tnm_error err;
    const tnm_status st = tnm_model_check(blob(), len, &err);
    CHECK_EQ(code, st);
    CHECK_EQ(field, err.field);
    if (st != code || err.field != field) fprintf(stderr, "%s: status %d field %d\n", what, (int)st, (int)err.field);
}

static void test_refusals(void)
{
    tnm_nd_dims in = {2, {3, 1, 0, 0, 0, 0}}, out = {3, {2, 3, 4, 0, 0, 0}};
    uint32_t a, b;
    expect_refused(bt_blob(TNM_TYPE_INT8, TNM_TYPE_INT16, &in, &out, 0, 0, 0, &a, &b), TNM_ERR_FORMAT,
                   TNM_FIELD_LAYER_OUTPUT_TYPE, "another output type");
    expect_refused(bt_blob(TNM_TYPE_INT8, TNM_TYPE_INT8, &in, &out, 0, 5, 0, &a, &b), TNM_ERR_FORMAT,
                   TNM_FIELD_TENSOR_ZERO_POINT, "another output zero point");
    expect_refused(bt_blob(TNM_TYPE_INT8, TNM_TYPE_INT8, &in, &out, 0, 0, 1, &a, &b), TNM_ERR_FORMAT,
                   TNM_FIELD_LAYER_PARAM_COUNT, "a parameter word");
    in.dims[0] = 2;
    expect_refused(bt_blob(TNM_TYPE_INT32, TNM_TYPE_INT32, &in, &out, 0, 0, 0, &a, &b), TNM_ERR_FORMAT,
                   TNM_FIELD_LAYER_SHAPE, "a dim neither 1 nor the output's");
    in.rank = 4;
    in.dims[0] = 1;
    in.dims[2] = 3;
    in.dims[3] = 4;
    expect_refused(bt_blob(TNM_TYPE_INT32, TNM_TYPE_INT32, &in, &out, 0, 0, 0, &a, &b), TNM_ERR_FORMAT,
                   TNM_FIELD_LAYER_SHAPE, "an input rank above the output's");
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 660);
    test_random(&rng);
    test_refusals();
    return tnm_test_finish("test_runtime_broadcast_to");
}
