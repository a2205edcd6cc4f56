/*
 * The GATHER_ND module (its kernel: test_kernels_gather_nd.c, TFLM's bytes:
 * test_kernels_nd_golden.c): one-layer blobs of int8 and float32 params (an activation or a
 * constant table), indices of rank 1-3 and depth 1 to min(rank, 5) (an activation or a
 * constant), through the runtime's three invoke paths, give what the kernel gives. An index from
 * the arena outside its dim is refused at invoke naming it and its dim; a constant one when the
 * model is checked. Refused, naming the field: params int16, indices not int32, depth above the
 * params' rank or above 5, an output of the wrong shape or quantization.
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
static int32_t g_idx[256];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static float scale_of(int32_t type)
{
    return type == TNM_TYPE_INT8 || type == TNM_TYPE_INT16 || type == TNM_TYPE_UINT8 ? 0.25f : 0.0f;
}

typedef struct {
    int32_t type, ind_type, out_zp;
    tnm_nd_dims p, ind, out;
    int const_p, const_ind;
} gnd_case;

static uint32_t gnd_blob(const gnd_case *c, uint32_t *t_p, uint32_t *t_i, uint32_t *t_o)
{
    static const int32_t one[1] = {1};
    uint32_t ins[2];
    tnm_bb_init(&g_b);
    *t_p = c->const_p ? tnm_bb_constant(&g_b, c->type, c->p.rank, c->p.dims, g_in, 0, scale_of(c->type))
                      : tnm_bb_tensor_auto(&g_b, c->type, c->p.rank, c->p.dims, 0, scale_of(c->type));
    *t_i = c->const_ind ? tnm_bb_constant(&g_b, c->ind_type, c->ind.rank, c->ind.dims, g_idx, 0, scale_of(c->ind_type))
                        : tnm_bb_tensor_auto(&g_b, c->ind_type, c->ind.rank, c->ind.dims, 0, scale_of(c->ind_type));
    *t_o = tnm_bb_tensor_auto(&g_b, c->type, c->out.rank, c->out.dims, c->out_zp, scale_of(c->type));
    ins[0] = *t_p;
    ins[1] = *t_i;
    tnm_bb_layer(&g_b, TNM_OP_GATHER_ND, 2, ins, 1, t_o, 0, NULL);
    if (!c->const_p) tnm_bb_input(&g_b, *t_p);
    if (!c->const_ind) tnm_bb_input(&g_b, *t_i);
    if (c->const_p && c->const_ind) tnm_bb_input(&g_b, tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 1, one, 0, 1.0f));
    tnm_bb_output(&g_b, *t_o);
    return tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
}

/* the output's dims from the params' and the indices' */
static void out_dims(gnd_case *c)
{
    const int32_t depth = c->ind.dims[c->ind.rank - 1];
    int32_t i;
    memset(&c->out, 0, sizeof c->out);
    for (i = 0; i + 1 < c->ind.rank; i++) c->out.dims[c->out.rank++] = c->ind.dims[i];
    for (i = depth; i < c->p.rank; i++) c->out.dims[c->out.rank++] = c->p.dims[i];
}

static void test_random(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200; iter++) {
        gnd_case c;
        uint32_t t_p, t_i, t_o, len;
        int32_t i, depth, n = 1, pn = 1, es, on;
        char what[64];
        tnm_error err;
        memset(&c, 0, sizeof c);
        c.type = iter % 2 ? TNM_TYPE_INT8 : TNM_TYPE_FLOAT32;
        c.ind_type = TNM_TYPE_INT32;
        c.p.rank = tnm_rng_range(rng, 1, 5);
        for (i = 0; i < c.p.rank; i++) {
            c.p.dims[i] = tnm_rng_range(rng, 1, 4);
            pn *= c.p.dims[i];
        }
        depth = tnm_rng_range(rng, 1, c.p.rank);
        c.ind.rank = tnm_rng_range(rng, 1, 3);
        for (i = 0; i + 1 < c.ind.rank; i++) {
            c.ind.dims[i] = tnm_rng_range(rng, 1, 3);
            n *= c.ind.dims[i];
        }
        c.ind.dims[c.ind.rank - 1] = depth;
        if (c.ind.rank - 1 + c.p.rank - depth > 6) continue;
        out_dims(&c);
        c.const_p = iter % 5 == 1;
        c.const_ind = iter % 3 == 2;
        es = (int32_t)tnm_bb_type_size(c.type);
        for (i = 0; i < pn * es; i++) g_in[i] = (uint8_t)tnm_rng_next(rng);
        for (i = 0; i < n * depth; i++) g_idx[i] = tnm_rng_range(rng, 0, c.p.dims[i % depth] - 1);
        CHECK_EQ(TNM_OK, tnm_gather_nd(&c.p, depth, n, es, g_in, g_idx, g_ref));
        on = tnm_test_elements(c.out.dims, c.out.rank) * es;
        len = gnd_blob(&c, &t_p, &t_i, &t_o);
        snprintf(what, sizeof what, "GATHER_ND rank %d depth %d", (int)c.p.rank, (int)depth);
        if (tnm_test_check_model(blob(), len, what) != TNM_OK) continue;
        if (!c.const_p) memcpy(arena() + g_b.tensors[t_p].offset, g_in, (size_t)(pn * es));
        if (!c.const_ind) memcpy(arena() + g_b.tensors[t_i].offset, g_idx, (size_t)(n * depth) * 4u);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_o].offset, g_ref,
                               (uint32_t)on, what);
        {
            /* an index outside its dim: from the arena at invoke, a constant at check */
            const int32_t at = tnm_rng_range(rng, 0, n * depth - 1), dim = c.p.dims[at % depth];
            const int32_t bad = tnm_rng_range(rng, 0, 1) ? dim + tnm_rng_range(rng, 0, 2) : -1;
            if (!c.const_ind) {
                memcpy(arena() + g_b.tensors[t_i].offset + 4u * (uint32_t)at, &bad, 4);
                CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
                CHECK_EQ(TNM_FIELD_LAYER_POSITION, err.field);
                CHECK_EQ(bad, err.value);
                CHECK_EQ(dim, err.limit);
                CHECK_EQ(TNM_ERR_ARGUMENT,
                         tnm_layer_invoke_readonly(blob(), len, arena(), sizeof g_arena_words, 0, &err));
                CHECK_EQ(TNM_FIELD_LAYER_POSITION, err.field);
            } else {
                g_idx[at] = bad;
                len = gnd_blob(&c, &t_p, &t_i, &t_o);
                CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_check(blob(), len, &err));
                CHECK_EQ(TNM_FIELD_LAYER_POSITION, err.field);
                CHECK_EQ(bad, err.value);
                CHECK_EQ(dim, err.limit);
            }
        }
    }
}

static void expect_refused(const gnd_case *c, tnm_status code, int32_t field, const char *what)
{
    tnm_error err;
    uint32_t a, b, o;
    const uint32_t len = gnd_blob(c, &a, &b, &o);
    const tnm_status st = tnm_model_check(blob(), len, &err);
    CHECK_EQ(code, st);
    CHECK_EQ(field, err.field);
    if (st != code || err.field != field) fprintf(stderr, "%s: status %d field %d\n", what, (int)st, (int)err.field);
}

static void test_refusals(void)
{
    gnd_case base, c;
    memset(&base, 0, sizeof base);
    memset(g_idx, 0, sizeof g_idx);
    base.type = TNM_TYPE_INT8;
    base.ind_type = TNM_TYPE_INT32;
    base.p.rank = 3;
    base.p.dims[0] = 2;
    base.p.dims[1] = 3;
    base.p.dims[2] = 4;
    base.ind.rank = 2;
    base.ind.dims[0] = 5;
    base.ind.dims[1] = 2;
    out_dims(&base);
    c = base;
    c.type = TNM_TYPE_INT16;
    expect_refused(&c, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, "int16 params");
    c = base;
    c.ind_type = TNM_TYPE_INT16;
    expect_refused(&c, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, "int16 indices");
    c = base;
    c.out_zp = 1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, "another output zero point");
    c = base;
    c.out.dims[1] = 5;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "another output dim");
    c = base;
    c.ind.dims[1] = 4; /* deeper than the params' rank 3 */
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "depth above the rank");
    c = base;
    c.p.rank = 6;
    c.p.dims[3] = c.p.dims[4] = c.p.dims[5] = 1;
    c.ind.dims[1] = 6; /* TFLM's MAX_INDICES_ND is 5 */
    out_dims(&c);
    c.out.rank = 1;
    c.out.dims[0] = 5;
    expect_refused(&c, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_SHAPE, "depth 6");
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 670);
    test_random(&rng);
    test_refusals();
    return tnm_test_finish("test_runtime_gather_nd");
}
