/*
 * The ADD_N module (its kernel: test_kernels_add_n.c, TFLM's bytes: test_kernels_nd_golden.c):
 * one-layer blobs of 2 to 32 int8 inputs (from the model, some constant), ranks 1 to 6, and of
 * float32 inputs, through the runtime's three invoke paths, give what the kernel gives. Refused,
 * naming the field: one input, an input of another zero point, scale, shape or type, an int16
 * output, each parameter word out of place (zero points, multipliers, shifts above 0), and a
 * nonzero parameter word of a float32 ADD_N.
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
static uint32_t g_blob_words[8192];
static uint32_t g_arena_words[8192];
static int8_t g_in[32][256], g_ref[256];

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

static void params_of(float s_in, int32_t zp_in, float s_out, int32_t zp_out, int32_t *p)
{
    p[0] = -zp_in;
    p[1] = zp_out;
    quantize(0.5, &p[2], &p[3]);
    quantize(2.0 * s_in / (1048576.0 * s_out), &p[4], &p[5]);
}

typedef struct {
    int32_t n, rank, dims[6], zp, out_zp, out_type;
    float scale, out_scale;
    uint32_t constants; /* bit j: input j constant */
    int32_t odd; /* input index with another zp (1), scale (2), shape (3), type (4) by odd_kind */
    int odd_kind;
} addn_case;

static uint32_t addn_blob(const addn_case *c, uint32_t *ins, uint32_t *t_out)
{
    int32_t p[6], j, d2[6];
    uint32_t inputs = 0;
    params_of(c->scale, c->zp, c->out_scale, c->out_zp, p);
    tnm_bb_init(&g_b);
    for (j = 0; j < c->n; j++) {
        int32_t zp = c->zp, type = TNM_TYPE_INT8;
        float s = c->scale;
        const int32_t *dims = c->dims;
        if (c->odd_kind && j == c->odd) {
            if (c->odd_kind == 1) zp = c->zp == 0 ? 1 : 0;
            if (c->odd_kind == 2) s = c->scale * 2.0f;
            if (c->odd_kind == 3) {
                memcpy(d2, c->dims, sizeof d2);
                d2[0] += 1;
                dims = d2;
            }
            if (c->odd_kind == 4) type = TNM_TYPE_INT16;
        }
        ins[j] = (c->constants >> j) & 1u ? tnm_bb_constant(&g_b, type, c->rank, dims, g_in[j], zp, s)
                                          : tnm_bb_tensor_auto(&g_b, type, c->rank, dims, zp, s);
    }
    *t_out = tnm_bb_tensor_auto(&g_b, c->out_type, c->rank, c->dims, c->out_zp, c->out_scale);
    tnm_bb_layer(&g_b, TNM_OP_ADD_N, (uint32_t)c->n, ins, 1, t_out, 6, p);
    for (j = 0; j < c->n; j++) {
        if (!((c->constants >> j) & 1u)) {
            tnm_bb_input(&g_b, ins[j]);
            inputs++;
        }
    }
    if (inputs == 0) { /* a model needs an input; never read */
        static const int32_t one[1] = {1};
        tnm_bb_input(&g_b, tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 1, one, 0, 1.0f));
    }
    tnm_bb_output(&g_b, *t_out);
    return tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
}

static void test_random(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 150; iter++) {
        addn_case c;
        uint32_t ins[32], t_out, len;
        int32_t i, j, count = 1, p[6];
        const int8_t *ptrs[32];
        tnm_add_n_params kp;
        char what[64];
        memset(&c, 0, sizeof c);
        c.n = iter % 15 == 0 ? 32 : tnm_rng_range(rng, 2, 8);
        c.rank = tnm_rng_range(rng, 1, 6);
        for (i = 0; i < c.rank; i++) {
            c.dims[i] = tnm_rng_range(rng, 1, c.rank > 3 ? 3 : 5);
            count *= c.dims[i];
        }
        c.zp = tnm_rng_range(rng, -127, 127);
        c.out_zp = tnm_rng_range(rng, -128, 127);
        c.scale = 0.01f * (float)tnm_rng_range(rng, 1, 50);
        c.out_scale = c.scale * (float)tnm_rng_range(rng, 1, 3 * c.n) / 2.0f;
        c.out_type = TNM_TYPE_INT8;
        c.constants = iter % 4 == 3 ? (uint32_t)tnm_rng_next(rng) : 0u;
        if (c.n > 16) c.constants |= 0xFFFF0000u; /* a model has at most 16 inputs */
        for (j = 0; j < c.n; j++) {
            tnm_test_fill_s8(rng, g_in[j], count);
            ptrs[j] = g_in[j];
        }
        params_of(c.scale, c.zp, c.out_scale, c.out_zp, p);
        kp.input_offset = p[0];
        kp.output_offset = p[1];
        kp.input_multiplier = p[2];
        kp.input_shift = p[3];
        kp.output_multiplier = p[4];
        kp.output_shift = p[5];
        CHECK_EQ(TNM_OK, tnm_add_n_s8(count, c.n, ptrs, &kp, g_ref));
        len = addn_blob(&c, ins, &t_out);
        snprintf(what, sizeof what, "ADD_N of %d, rank %d", (int)c.n, (int)c.rank);
        if (tnm_test_check_model(blob(), len, what) != TNM_OK) continue;
        for (j = 0; j < c.n; j++)
            if (!((c.constants >> j) & 1u)) memcpy(arena() + g_b.tensors[ins[j]].offset, g_in[j], (size_t)count);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)count, what);
    }
}

static void expect_refused(const addn_case *c, tnm_status code, int32_t field, const char *what)
{
    tnm_error err;
    uint32_t ins[32], o;
    const uint32_t len = addn_blob(c, ins, &o);
    const tnm_status st = tnm_model_check(blob(), len, &err);
    CHECK_EQ(code, st);
    CHECK_EQ(field, err.field);
    if (st != code || err.field != field) fprintf(stderr, "%s: status %d field %d\n", what, (int)st, (int)err.field);
}

static void test_refusals(void)
{
    addn_case base, c;
    tnm_error err;
    uint32_t ins[32], o, len;
    memset(&base, 0, sizeof base);
    base.n = 5;
    base.rank = 2;
    base.dims[0] = 2;
    base.dims[1] = 3;
    base.zp = 4;
    base.out_zp = -3;
    base.scale = 0.1f;
    base.out_scale = 0.3f;
    base.out_type = TNM_TYPE_INT8;
    c = base;
    c.n = 1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_COUNT, "one input");
    c = base;
    c.odd = 4;
    c.odd_kind = 1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, "input 4 of another zero point");
    c.odd_kind = 2;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, "input 4 of another scale");
    c.odd = 1;
    c.odd_kind = 3;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "input 1 of another shape");
    c.odd = 3;
    c.odd_kind = 4;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_TYPE, "input 3 int16");
    c = base;
    c.out_type = TNM_TYPE_INT16;
    expect_refused(&c, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, "int16 output");
    c = base;
    len = addn_blob(&c, ins, &o);
    tnm_test_expect_param_error(blob(), len, 0, 3, TNM_FIELD_LAYER_ZERO_POINT, &err);
    len = addn_blob(&c, ins, &o);
    tnm_test_expect_param_error(blob(), len, 1, 0, TNM_FIELD_LAYER_ZERO_POINT, &err);
    len = addn_blob(&c, ins, &o);
    tnm_test_expect_param_error(blob(), len, 2, 5, TNM_FIELD_LAYER_MULTIPLIER, &err);
    len = addn_blob(&c, ins, &o);
    tnm_test_expect_param_error(blob(), len, 3, 1, TNM_FIELD_LAYER_SHIFT, &err);
    len = addn_blob(&c, ins, &o);
    tnm_test_expect_param_error(blob(), len, 4, -1, TNM_FIELD_LAYER_MULTIPLIER, &err);
    len = addn_blob(&c, ins, &o);
    tnm_test_expect_param_error(blob(), len, 5, -32, TNM_FIELD_LAYER_SHIFT, &err);
}

/* float32: three inputs (one constant) through the three paths; a nonzero word refused */
static void test_float(tnm_rng *rng)
{
    static const int32_t dims[2] = {3, 5}, zero[6] = {0, 0, 0, 0, 0, 0};
    static float a[15], b[15], k[15], ref[15];
    const float *ptrs[3] = {a, b, k};
    uint32_t ins[3], out, len;
    int32_t i, p[6];
    tnm_error err;
    for (i = 0; i < 15; i++) {
        a[i] = (float)tnm_rng_range(rng, -1000, 1000) / 64.0f;
        b[i] = (float)tnm_rng_range(rng, -1000, 1000) / 3.0f;
        k[i] = (float)tnm_rng_range(rng, -1000, 1000) * 1e-3f;
    }
    CHECK_EQ(TNM_OK, tnm_add_n_f32(15, 3, ptrs, ref));
    for (i = 0; i < 2; i++) {
        memcpy(p, zero, sizeof p);
        tnm_bb_init(&g_b);
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 2, dims, 0, 0.0f);
        ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 2, dims, 0, 0.0f);
        ins[2] = tnm_bb_constant(&g_b, TNM_TYPE_FLOAT32, 2, dims, k, 0, 0.0f);
        out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_FLOAT32, 2, dims, 0, 0.0f);
        if (i == 1) p[2] = 1073741824; /* a multiplier word: not for float32 */
        tnm_bb_layer(&g_b, TNM_OP_ADD_N, 3, ins, 1, &out, 6, p);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_input(&g_b, ins[1]);
        tnm_bb_output(&g_b, out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (i == 1) {
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_PARAM(TNM_OP_ADD_N, 2), err.field);
            break;
        }
        if (tnm_test_check_model(blob(), len, "ADD_N float32") != TNM_OK) return;
        memcpy(arena() + g_b.tensors[ins[0]].offset, a, sizeof a);
        memcpy(arena() + g_b.tensors[ins[1]].offset, b, sizeof b);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[out].offset, ref, sizeof ref,
                               "ADD_N float32");
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 680);
    test_random(&rng);
    test_refusals();
    test_float(&rng);
    return tnm_test_finish("test_runtime_add_n");
}
