/*
 * The DYNAMIC_UPDATE_SLICE module (its kernel: test_kernels_dynamic_update_slice.c, TFLM's
 * bytes: test_kernels_nd_golden.c): one-layer blobs of int8, int16, int32 and float32, rank 1
 * to 6, the start from the model (any value: clamped) or constant, the operand from the model
 * or constant, through the runtime's three invoke paths, give what the kernel gives over the
 * same bytes. Refused, naming the field: an operand type TFLM does not take, an update of
 * another type or quantization, an output of another quantization, start not int32 or not
 * [rank], an update larger than the operand, update and output ranks, a parameter word, an
 * input too many.
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
static uint8_t g_op[4096], g_up[4096], g_ref[4096];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

typedef struct {
    int32_t type, rank, od[6], ud[6], start[6];
    int const_op, const_start;
    /* malformed variants */
    int32_t up_type, start_type, start_len, out_zp_delta, up_zp_delta, out_rank_delta;
    uint32_t params;
} dus_case;

static float scale_of(int32_t type)
{
    return type == TNM_TYPE_INT8 || type == TNM_TYPE_INT16 || type == TNM_TYPE_UINT8 ? 0.25f : 0.0f;
}

static uint32_t dus_blob(const dus_case *c, uint32_t *t_op, uint32_t *t_up, uint32_t *t_st, uint32_t *t_out)
{
    static const int32_t p[1] = {0};
    const int32_t sd[1] = {c->start_len};
    uint32_t ins[3];
    tnm_bb_init(&g_b);
    *t_op = c->const_op ? tnm_bb_constant(&g_b, c->type, c->rank, c->od, g_op, 3, scale_of(c->type))
                        : tnm_bb_tensor_auto(&g_b, c->type, c->rank, c->od, 3, scale_of(c->type));
    *t_up = tnm_bb_tensor_auto(&g_b, c->up_type, c->rank, c->ud, 3 + c->up_zp_delta, scale_of(c->up_type));
    *t_st = c->const_start ? tnm_bb_constant(&g_b, c->start_type, 1, sd, c->start, 0, scale_of(c->start_type))
                           : tnm_bb_tensor_auto(&g_b, c->start_type, 1, sd, 0, scale_of(c->start_type));
    *t_out = tnm_bb_tensor_auto(&g_b, c->type, c->rank + c->out_rank_delta, c->od, 3 + c->out_zp_delta,
                                scale_of(c->type));
    ins[0] = *t_op;
    ins[1] = *t_up;
    ins[2] = *t_st;
    tnm_bb_layer(&g_b, TNM_OP_DYNAMIC_UPDATE_SLICE, 3, ins, 1, t_out, c->params, p);
    if (!c->const_op) tnm_bb_input(&g_b, *t_op);
    tnm_bb_input(&g_b, *t_up);
    if (!c->const_start) tnm_bb_input(&g_b, *t_st);
    tnm_bb_output(&g_b, *t_out);
    return tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
}

static void random_case(tnm_rng *rng, dus_case *c)
{
    static const int32_t types[4] = {TNM_TYPE_INT8, TNM_TYPE_INT16, TNM_TYPE_INT32, TNM_TYPE_FLOAT32};
    int32_t i;
    memset(c, 0, sizeof *c);
    c->type = c->up_type = types[tnm_rng_range(rng, 0, 3)];
    c->start_type = TNM_TYPE_INT32;
    c->rank = c->start_len = tnm_rng_range(rng, 1, 6);
    for (i = 0; i < c->rank; i++) {
        c->od[i] = tnm_rng_range(rng, 1, c->rank > 3 ? 3 : 6);
        c->ud[i] = tnm_rng_range(rng, 1, c->od[i]);
        c->start[i] = tnm_rng_range(rng, -3, c->od[i] + 2);
    }
    c->const_op = tnm_rng_range(rng, 0, 3) == 0;
    c->const_start = tnm_rng_range(rng, 0, 1);
}

static void test_random(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200; iter++) {
        dus_case c;
        tnm_nd_dims d;
        uint32_t t_op, t_up, t_st, t_out, len;
        int32_t i, es, on, un;
        char what[64];
        random_case(rng, &c);
        es = (int32_t)tnm_bb_type_size(c.type);
        on = tnm_test_elements(c.od, c.rank);
        un = tnm_test_elements(c.ud, c.rank);
        for (i = 0; i < on * es; i++) g_op[i] = (uint8_t)tnm_rng_next(rng);
        for (i = 0; i < un * es; i++) g_up[i] = (uint8_t)tnm_rng_next(rng);
        memset(&d, 0, sizeof d);
        d.rank = c.rank;
        for (i = 0; i < c.rank; i++) d.dims[i] = c.od[i];
        CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&d, c.ud, es, g_op, g_up, c.start, g_ref));
        len = dus_blob(&c, &t_op, &t_up, &t_st, &t_out);
        snprintf(what, sizeof what, "DYNAMIC_UPDATE_SLICE type %d rank %d", (int)c.type, (int)c.rank);
        if (tnm_test_check_model(blob(), len, what) != TNM_OK) continue;
        if (!c.const_op) memcpy(arena() + g_b.tensors[t_op].offset, g_op, (size_t)(on * es));
        memcpy(arena() + g_b.tensors[t_up].offset, g_up, (size_t)(un * es));
        if (!c.const_start) memcpy(arena() + g_b.tensors[t_st].offset, c.start, 4u * (uint32_t)c.rank);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)(on * es), what);
        if (!c.const_start) {
            /* any start from the model is clamped: the ends of int32 run too */
            tnm_error err;
            const int32_t ends[2] = {INT32_MIN, INT32_MAX};
            memcpy(arena() + g_b.tensors[t_st].offset, &ends[iter % 2], 4);
            CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
        }
    }
}

static void expect_refused(const dus_case *c, tnm_status code, int32_t field, const char *what)
{
    tnm_error err;
    uint32_t a, b, s, o;
    const uint32_t len = dus_blob(c, &a, &b, &s, &o);
    const tnm_status st = tnm_model_check(blob(), len, &err);
    CHECK_EQ(code, st);
    CHECK_EQ(field, err.field);
    if (st != code || err.field != field) fprintf(stderr, "%s: status %d field %d\n", what, (int)st, (int)err.field);
}

static void test_refusals(void)
{
    dus_case base, c;
    memset(&base, 0, sizeof base);
    base.type = base.up_type = base.start_type = TNM_TYPE_INT8;
    base.start_type = TNM_TYPE_INT32;
    base.rank = base.start_len = 2;
    base.od[0] = 3;
    base.od[1] = 4;
    base.ud[0] = 1;
    base.ud[1] = 4;
    c = base;
    c.type = c.up_type = TNM_TYPE_UINT8;
    expect_refused(&c, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, "uint8 operand");
    c = base;
    c.type = c.up_type = TNM_TYPE_BOOL;
    expect_refused(&c, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, "bool operand");
    c = base;
    c.up_type = TNM_TYPE_INT16;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_TYPE, "update of another type");
    c = base;
    c.start_type = TNM_TYPE_INT16;
    expect_refused(&c, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, "int16 start");
    c = base;
    c.up_zp_delta = 1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, "update zero point");
    c = base;
    c.out_zp_delta = -1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, "output zero point");
    c = base;
    c.start_len = 3;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "start of 3 for rank 2");
    c = base;
    c.ud[1] = 5;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "update larger than the operand");
    c = base;
    c.out_rank_delta = -1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "output rank");
    c = base;
    c.params = 1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, "a parameter word");
    {
        /* an update of another rank ([4] into [3, 4]) */
        tnm_error err;
        const int32_t od[2] = {3, 4}, ud[1] = {4}, sd[1] = {2};
        uint32_t ins[3], out;
        tnm_bb_init(&g_b);
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, od, 0, 0.0f);
        ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 1, ud, 0, 0.0f);
        ins[2] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 1, sd, 0, 0.0f);
        out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, od, 0, 0.0f);
        tnm_bb_layer(&g_b, TNM_OP_DYNAMIC_UPDATE_SLICE, 3, ins, 1, &out, 0, NULL);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_output(&g_b, out);
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), tnm_bb_finish(&g_b, blob(), sizeof g_blob_words), &err));
        CHECK_EQ(TNM_FIELD_LAYER_SHAPE, err.field);
        /* two inputs */
        tnm_bb_init(&g_b);
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, od, 0, 0.0f);
        ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, od, 0, 0.0f);
        out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, od, 0, 0.0f);
        tnm_bb_layer(&g_b, TNM_OP_DYNAMIC_UPDATE_SLICE, 2, ins, 1, &out, 0, NULL);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_output(&g_b, out);
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), tnm_bb_finish(&g_b, blob(), sizeof g_blob_words), &err));
        CHECK_EQ(TNM_FIELD_LAYER_INPUT_COUNT, err.field);
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 650);
    test_random(&rng);
    test_refusals();
    return tnm_test_finish("test_runtime_dynamic_update_slice");
}
