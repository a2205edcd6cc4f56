/*
 * The BATCH_MATMUL module (its kernel is tested against an independent reference in
 * test_kernels_batch_matmul.c and against TFLM in test_kernels_nd_golden.c): random ranks
 * 2-5, broadcasts, adj_x / adj_y, int8 and int16, lhs or rhs a constant (read from the blob)
 * or both activations; a one-layer blob through the runtime gives what the kernel gives when
 * called directly. Then every parameter and shape that disagrees with the tensors is refused,
 * naming the field.
 */
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "tnm_test.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

static tnm_bb g_b;
static uint32_t g_blob_words[8192];
static uint32_t g_arena_words[8192];
static int16_t g_l[1024], g_r[1024], g_ref[1024];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

typedef struct {
    int32_t type; /* TNM_TYPE_INT8 or TNM_TYPE_INT16 */
    int32_t lrank, rrank, orank;
    int32_t ld[6], rd[6], od[6];
    int32_t lzp, rzp, ozp;
    int32_t params[7];
    int const_lhs, const_rhs;
} layer;

/* Builds the one-layer blob of c (lhs g_l, rhs g_r as constants where c says, int16 values
 * narrowed to int8 for an int8 layer); returns its length. */
static uint32_t build(const layer *c, uint32_t *t_l, uint32_t *t_r, uint32_t *t_o)
{
    static int8_t l8[1024], r8[1024];
    const int32_t nl = tnm_test_elements(c->ld, c->lrank), nr = tnm_test_elements(c->rd, c->rrank);
    const void *lb = g_l, *rb = g_r;
    uint32_t ins[2];
    int32_t i;
    if (c->type == TNM_TYPE_INT8) {
        for (i = 0; i < nl; i++) l8[i] = (int8_t)g_l[i];
        for (i = 0; i < nr; i++) r8[i] = (int8_t)g_r[i];
        lb = l8;
        rb = r8;
    }
    tnm_bb_init(&g_b);
    *t_l = c->const_lhs ? tnm_bb_constant(&g_b, c->type, c->lrank, c->ld, lb, c->lzp, 0.03f)
                        : tnm_bb_tensor_auto(&g_b, c->type, c->lrank, c->ld, c->lzp, 0.03f);
    *t_r = c->const_rhs ? tnm_bb_constant(&g_b, c->type, c->rrank, c->rd, rb, c->rzp, 0.02f)
                        : tnm_bb_tensor_auto(&g_b, c->type, c->rrank, c->rd, c->rzp, 0.02f);
    *t_o = tnm_bb_tensor_auto(&g_b, c->type, c->orank, c->od, c->ozp, 0.05f);
    ins[0] = *t_l;
    ins[1] = *t_r;
    tnm_bb_layer(&g_b, TNM_OP_BATCH_MATMUL, 2, ins, 1, t_o, 7, c->params);
    if (!c->const_lhs) tnm_bb_input(&g_b, *t_l);
    if (!c->const_rhs) tnm_bb_input(&g_b, *t_r);
    if (c->const_lhs && c->const_rhs) tnm_bb_input(&g_b, *t_o); /* a model needs an input; never read */
    tnm_bb_output(&g_b, *t_o);
    return tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
}

/* A random layer: shapes, zero points, params; 0 when it does not fit the buffers. */
static int random_layer(tnm_rng *rng, layer *c, int iter)
{
    const int is16 = iter % 4 == 3;
    int32_t i, rows, depth, cols, adj_x, adj_y;
    memset(c, 0, sizeof *c);
    c->type = is16 ? TNM_TYPE_INT16 : TNM_TYPE_INT8;
    c->lrank = tnm_rng_range(rng, 2, 5);
    c->rrank = tnm_rng_range(rng, 2, 5);
    c->orank = c->lrank > c->rrank ? c->lrank : c->rrank;
    adj_x = tnm_rng_range(rng, 0, 1);
    adj_y = tnm_rng_range(rng, 0, 1);
    for (i = 0; i < c->orank - 2; i++) {
        const int32_t lat = i - (c->orank - c->lrank), rat = i - (c->orank - c->rrank);
        const int32_t d = tnm_rng_range(rng, 1, 3), pick = tnm_rng_range(rng, 0, 3);
        int32_t lv = pick == 0 ? 1 : d, rv = pick == 1 ? 1 : d;
        if (lat < 0) rv = d;
        if (rat < 0) lv = d;
        if (lat >= 0) c->ld[lat] = lv;
        if (rat >= 0) c->rd[rat] = rv;
        c->od[i] = (lat >= 0 ? lv : 1) == 1 ? (rat >= 0 ? rv : 1) : lv;
    }
    rows = tnm_rng_range(rng, 1, 5);
    depth = tnm_rng_range(rng, 1, 7);
    cols = tnm_rng_range(rng, 1, 5);
    c->ld[c->lrank - 2] = adj_x ? depth : rows;
    c->ld[c->lrank - 1] = adj_x ? rows : depth;
    c->rd[c->rrank - 2] = adj_y ? cols : depth;
    c->rd[c->rrank - 1] = adj_y ? depth : cols;
    c->od[c->orank - 2] = rows;
    c->od[c->orank - 1] = cols;
    if (tnm_test_elements(c->ld, c->lrank) > 1024 || tnm_test_elements(c->rd, c->rrank) > 1024 ||
        tnm_test_elements(c->od, c->orank) > 1024)
        return 0;
    c->lzp = is16 ? 0 : tnm_rng_range(rng, -128, 127);
    c->rzp = is16 ? 0 : tnm_rng_range(rng, -128, 127);
    c->ozp = is16 ? 0 : tnm_rng_range(rng, -128, 127);
    c->params[0] = -c->lzp;
    c->params[1] = -c->rzp;
    c->params[2] = c->ozp;
    c->params[3] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
    c->params[4] = tnm_rng_range(rng, -14, -2);
    c->params[5] = adj_x;
    c->params[6] = adj_y;
    c->const_lhs = iter % 3 == 1;
    c->const_rhs = iter % 3 == 2;
    for (i = 0; i < tnm_test_elements(c->ld, c->lrank); i++)
        g_l[i] = (int16_t)(is16 ? tnm_rng_range(rng, -32768, 32767) : tnm_rng_range(rng, -128, 127));
    for (i = 0; i < tnm_test_elements(c->rd, c->rrank); i++)
        g_r[i] = (int16_t)(is16 ? tnm_rng_range(rng, -32768, 32767) : tnm_rng_range(rng, -128, 127));
    return 1;
}

/* The kernel called directly, into g_ref. */
static void kernel_ref(const layer *c)
{
    static int8_t l8[1024], r8[1024];
    tnm_batch_matmul_dims d;
    tnm_batch_matmul_params p;
    int32_t i;
    for (i = 0; i < 3; i++) {
        const int32_t la = i - (5 - c->lrank), ra = i - (5 - c->rrank);
        d.lhs_batch[i] = la >= 0 ? c->ld[la] : 1;
        d.rhs_batch[i] = ra >= 0 ? c->rd[ra] : 1;
    }
    d.adj_x = c->params[5];
    d.adj_y = c->params[6];
    d.rows = c->od[c->orank - 2];
    d.cols = c->od[c->orank - 1];
    d.depth = c->ld[c->lrank - (d.adj_x ? 2 : 1)];
    p.lhs_offset = c->params[0];
    p.rhs_offset = c->params[1];
    p.output_offset = c->params[2];
    p.output_multiplier = c->params[3];
    p.output_shift = c->params[4];
    if (c->type == TNM_TYPE_INT16) {
        CHECK_EQ(TNM_OK, tnm_batch_matmul_s16(&p, &d, g_l, g_r, g_ref));
        return;
    }
    for (i = 0; i < 1024; i++) {
        l8[i] = (int8_t)g_l[i];
        r8[i] = (int8_t)g_r[i];
    }
    CHECK_EQ(TNM_OK, tnm_batch_matmul_s8(&p, &d, l8, r8, (int8_t *)g_ref));
}

/* tnm_model_check must refuse the blob of c with code, naming field. */
static void expect_refused(const layer *c, tnm_status code, int32_t field, const char *what)
{
    uint32_t t_l, t_r, t_o, len = build(c, &t_l, &t_r, &t_o);
    tnm_error err;
    const tnm_status st = tnm_model_check(blob(), len, &err);
    CHECK_EQ(code, st);
    CHECK_EQ(field, err.field);
    if (st != code || err.field != field) printf("  (%s)\n", what);
}

static void test_random(tnm_rng *rng)
{
    int iter, done = 0;
    for (iter = 0; done < 240 / TNM_TEST_SCALE; iter++) {
        layer c;
        uint32_t t_l, t_r, t_o, len;
        int32_t es, no;
        if (!random_layer(rng, &c, iter)) continue;
        es = c.type == TNM_TYPE_INT16 ? 2 : 1;
        no = tnm_test_elements(c.od, c.orank);
        kernel_ref(&c);
        len = build(&c, &t_l, &t_r, &t_o);
        if (tnm_test_check_model(blob(), len, "BATCH_MATMUL") != TNM_OK) continue;
        if (!c.const_lhs) {
            const int32_t n = tnm_test_elements(c.ld, c.lrank);
            int32_t i;
            for (i = 0; i < n; i++) {
                if (es == 2) memcpy(arena() + g_b.tensors[t_l].offset + 2u * (uint32_t)i, &g_l[i], 2);
                else arena()[g_b.tensors[t_l].offset + (uint32_t)i] = (uint8_t)(int8_t)g_l[i];
            }
        }
        if (!c.const_rhs) {
            const int32_t n = tnm_test_elements(c.rd, c.rrank);
            int32_t i;
            for (i = 0; i < n; i++) {
                if (es == 2) memcpy(arena() + g_b.tensors[t_r].offset + 2u * (uint32_t)i, &g_r[i], 2);
                else arena()[g_b.tensors[t_r].offset + (uint32_t)i] = (uint8_t)(int8_t)g_r[i];
            }
        }
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_o].offset, g_ref,
                               (uint32_t)(no * es), c.type == TNM_TYPE_INT16 ? "BATCH_MATMUL int16" : "BATCH_MATMUL");
        if (done % 4 == 0) {
            /* each parameter word set to a value its tensors refuse */
            const int32_t op = TNM_OP_BATCH_MATMUL;
            tnm_error err;
            tnm_test_expect_param_error(blob(), len, 0, c.params[0] + 1, TNM_FIELD_LAYER_ZERO_POINT, &err);
            len = build(&c, &t_l, &t_r, &t_o);
            tnm_test_expect_param_error(blob(), len, 1, c.params[1] - 1, TNM_FIELD_LAYER_ZERO_POINT, &err);
            len = build(&c, &t_l, &t_r, &t_o);
            tnm_test_expect_param_error(blob(), len, 2, c.params[2] ^ 1, TNM_FIELD_LAYER_ZERO_POINT, &err);
            len = build(&c, &t_l, &t_r, &t_o);
            tnm_test_expect_param_error(blob(), len, 3, (1 << 30) - 1, TNM_FIELD_LAYER_MULTIPLIER, &err);
            len = build(&c, &t_l, &t_r, &t_o);
            tnm_test_expect_param_error(blob(), len, 4, 31, TNM_FIELD_LAYER_SHIFT, &err);
            len = build(&c, &t_l, &t_r, &t_o);
            tnm_test_expect_param_error(blob(), len, 5, 2, TNM_FIELD_PARAM(op, 5), &err);
            CHECK_EQ(2, err.value);
            CHECK_EQ(1, err.limit);
            len = build(&c, &t_l, &t_r, &t_o);
            tnm_test_expect_param_error(blob(), len, 6, -1, TNM_FIELD_PARAM(op, 6), &err);
            CHECK_EQ(0, err.limit);
        }
        done++;
    }
}

/* A valid 2-D x 3-D layer ([2,3] x [2,3,4] -> [2,2,4]), changed one thing at a time. */
static void base_layer(layer *c)
{
    static const int32_t ld[2] = {2, 3}, rd[3] = {2, 3, 4}, od[3] = {2, 2, 4};
    memset(c, 0, sizeof *c);
    c->type = TNM_TYPE_INT8;
    c->lrank = 2;
    c->rrank = 3;
    c->orank = 3;
    memcpy(c->ld, ld, sizeof ld);
    memcpy(c->rd, rd, sizeof rd);
    memcpy(c->od, od, sizeof od);
    c->lzp = 5;
    c->rzp = -7;
    c->ozp = 2;
    c->params[0] = -5;
    c->params[1] = 7;
    c->params[2] = 2;
    c->params[3] = 1 << 30;
    c->params[4] = -3;
}

static void test_refusals(void)
{
    layer c;
    uint32_t t_l, t_r, t_o, len;
    tnm_error err;
    char text[256];
    base_layer(&c);
    len = build(&c, &t_l, &t_r, &t_o);
    CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));

    base_layer(&c);
    c.od[2] = 5; /* output cols */
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "output cols");
    base_layer(&c);
    c.od[1] = 3; /* output rows */
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "output rows");
    base_layer(&c);
    c.od[0] = 1; /* output batch */
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "output batch");
    base_layer(&c);
    c.orank = 2; /* output rank below max(lhs, rhs) */
    c.od[0] = 2;
    c.od[1] = 4;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "output rank");
    base_layer(&c);
    c.rd[1] = 4; /* rhs depth 4, lhs 3 */
    c.rd[2] = 3;
    c.od[2] = 3;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "depth");
    base_layer(&c);
    c.params[5] = 1; /* adj_x: lhs [2,3] read as depth 2: not rhs's 3 */
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "adj_x depth");
    /* batch dims 2 and 3: neither 1 */
    base_layer(&c);
    c.lrank = 3;
    c.ld[0] = 3;
    c.ld[1] = 2;
    c.ld[2] = 3;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "batch broadcast");
    len = build(&c, &t_l, &t_r, &t_o);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
    tnm_error_format(&err, text, sizeof text);
    CHECK(strstr(text, "shapes") != NULL);
    /* lhs of rank 1 */
    base_layer(&c);
    c.lrank = 1;
    c.ld[0] = 3;
    c.od[1] = 1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "lhs rank 1");
    base_layer(&c);
    c.rrank = 1;
    c.rd[0] = 3;
    c.orank = 2;
    c.od[0] = 2;
    c.od[1] = 1;
    expect_refused(&c, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "rhs rank 1");
    /* rank 6: above TFLM's 5 */
    base_layer(&c);
    c.rrank = 6;
    c.rd[0] = c.rd[1] = c.rd[2] = 1;
    c.rd[3] = 2;
    c.rd[4] = 3;
    c.rd[5] = 4;
    c.orank = 6;
    c.od[0] = c.od[1] = c.od[2] = 1;
    c.od[3] = 2;
    c.od[4] = 2;
    c.od[5] = 4;
    expect_refused(&c, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_RANK, "rank 6");
    /* types: int16 rhs beside int8 lhs, int16 output beside int8 inputs, int32 */
    base_layer(&c);
    {
        static const int32_t ins_dims[3] = {2, 3, 4};
        uint32_t ins[2], out;
        static const int32_t ld[2] = {2, 3}, od[3] = {2, 2, 4};
        int k;
        for (k = 0; k < 3; k++) {
            const int32_t lt = k == 2 ? TNM_TYPE_INT32 : TNM_TYPE_INT8;
            const int32_t rt = k == 0 ? TNM_TYPE_INT16 : lt, ot = k == 1 ? TNM_TYPE_INT16 : lt;
            tnm_bb_init(&g_b);
            ins[0] = tnm_bb_tensor_auto(&g_b, lt, 2, ld, 5, 0.03f);
            ins[1] = tnm_bb_tensor_auto(&g_b, rt, 3, ins_dims, 0, 0.02f);
            out = tnm_bb_tensor_auto(&g_b, ot, 3, od, 2, 0.05f);
            tnm_bb_layer(&g_b, TNM_OP_BATCH_MATMUL, 2, ins, 1, &out, 7, c.params);
            tnm_bb_input(&g_b, ins[0]);
            tnm_bb_input(&g_b, ins[1]);
            tnm_bb_output(&g_b, out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_model_check(blob(), len, &err));
            CHECK_EQ(k == 1 ? TNM_FIELD_LAYER_OUTPUT_TYPE : TNM_FIELD_LAYER_INPUT_TYPE, err.field);
        }
    }
    /* int16: zero points 0 (each tensor named), shift at most 14 */
    base_layer(&c);
    c.type = TNM_TYPE_INT16;
    c.lzp = c.rzp = c.ozp = 0;
    c.params[0] = c.params[1] = c.params[2] = 0;
    len = build(&c, &t_l, &t_r, &t_o);
    CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));
    c.rzp = 3;
    c.params[1] = -3;
    len = build(&c, &t_l, &t_r, &t_o);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_model_check(blob(), len, &err));
    CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
    CHECK_EQ((int32_t)t_r, err.index);
    c.rzp = 0;
    c.params[1] = 0;
    c.ozp = -1;
    c.params[2] = -1;
    len = build(&c, &t_l, &t_r, &t_o);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_model_check(blob(), len, &err));
    CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
    CHECK_EQ((int32_t)t_o, err.index);
    c.ozp = 0;
    c.params[2] = 0;
    c.params[4] = 15;
    len = build(&c, &t_l, &t_r, &t_o);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_model_check(blob(), len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_SHIFT, err.field);
    CHECK_EQ(14, err.limit);
    /* the parameter names in the error sentence */
    base_layer(&c);
    c.params[6] = 7;
    len = build(&c, &t_l, &t_r, &t_o);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
    tnm_error_format(&err, text, sizeof text);
    CHECK(strstr(text, "adj_y") != NULL && strstr(text, "BATCH_MATMUL") != NULL);
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 5157);
    test_random(&rng);
    test_refusals();
    return tnm_test_finish("test_runtime_batch_matmul");
}
