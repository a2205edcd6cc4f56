/*
 * The modules of DIV, COMPARISON and SELECT_V2 (their kernels are tested against independent
 * references and TFLM goldens in test_kernels_div_compare_select.c and test_kernels_nd_golden.c):
 * one-layer blobs of random shapes (rank 1 to 6, broadcasting, inputs of lower rank, any input a
 * constant) through the runtime give what the kernels give on the tensors' own dims; each module
 * refuses a parameter that disagrees with its tensors, naming the field, and types and shapes
 * TFLM does not take; DIV refuses a divisor at its zero point (int32: 0, and INT32_MIN / -1) at
 * run time through every invoke path, naming the layer, the divisor and the zero point, with
 * nothing written, and a constant one at check.
 */
#include <stdio.h>
#include <string.h>

#include "test_kernels_ref.h"
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
static int32_t g_x[512], g_y[512], g_z[512], g_ref[512];
static uint32_t g_t_in[3], g_t_out; /* the tensors of the last run_layer */

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static void expect_param_error(uint32_t len, uint32_t k, int32_t bad, int32_t field)
{
    tnm_test_expect_param_error_restored(blob(), len, k, bad, field);
}

static int32_t count_of(const tnm_nd_dims *d)
{
    int32_t i, n = 1;
    for (i = 0; i < d->rank; i++) n *= d->dims[i];
    return n;
}

/* A random output of rank 1..6 (at most 512 elements) and n inputs broadcasting to it, some of
 * a lower rank. */
static void random_shapes(tnm_rng *rng, int32_t n, tnm_nd_dims *out, tnm_nd_dims *ins)
{
    int32_t i, k;
    do {
        out->rank = tnm_rng_range(rng, 1, 6);
        for (i = 0; i < out->rank; i++) out->dims[i] = tnm_rng_range(rng, 1, out->rank > 3 ? 3 : 5);
    } while (count_of(out) > 512);
    for (k = 0; k < n; k++) {
        int32_t lead = tnm_rng_range(rng, 0, 3) == 0 ? tnm_rng_range(rng, 0, out->rank - 1) : 0;
        for (i = 0; i < out->rank; i++) ins[k].dims[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : out->dims[i];
        ins[k].rank = out->rank - lead;
        for (i = 0; i < ins[k].rank; i++) ins[k].dims[i] = ins[k].dims[i + lead];
    }
    for (i = 0; i < out->rank; i++) {
        int any = 0;
        for (k = 0; k < n; k++) {
            const int32_t at = i - (out->rank - ins[k].rank);
            if (at >= 0 && ins[k].dims[at] != 1) any = 1;
        }
        if (!any) out->dims[i] = 1;
    }
    /* a dim an input dropped (lead) must be the output's through another input or 1 */
    for (k = 0; k < n; k++) {
        for (i = 0; i < out->rank - ins[k].rank; i++) {
            int32_t j, any = 0;
            for (j = 0; j < n; j++) {
                const int32_t at = i - (out->rank - ins[j].rank);
                if (at >= 0 && ins[j].dims[at] != 1) any = 1;
            }
            if (!any) out->dims[i] = 1;
        }
    }
}

static uint32_t tensor(int constant, int32_t type, const tnm_nd_dims *d, const void *data, int32_t zp, float scale)
{
    return constant ? tnm_bb_constant(&g_b, type, d->rank, d->dims, data, zp, scale)
                    : tnm_bb_tensor_auto(&g_b, type, d->rank, d->dims, zp, scale);
}

static int32_t esize(int32_t type)
{
    return type == TNM_TYPE_INT32 ? 4 : (type == TNM_TYPE_INT16 ? 2 : 1);
}

/* Builds layer 0 (op, n inputs from g_x, g_y, g_z of their types, constants where asked), runs it
 * through every path against ref; returns the blob length (0 when it was refused). */
static uint32_t run_layer(int32_t op, int32_t n, const int32_t *types, const tnm_nd_dims *ins, const int *constant,
                          const int32_t *zps, int32_t out_type, const tnm_nd_dims *out, int32_t out_zp,
                          int32_t words, const int32_t *params, const char *what)
{
    const void *data[3];
    uint32_t t[3], t_out, len;
    int32_t k;
    data[0] = g_x;
    data[1] = g_y;
    data[2] = g_z;
    tnm_bb_init(&g_b);
    for (k = 0; k < n; k++) t[k] = tensor(constant[k], types[k], &ins[k], data[k], zps[k], 0.05f);
    t_out = tnm_bb_tensor_auto(&g_b, out_type, out->rank, out->dims, out_zp, out_type == TNM_TYPE_BOOL ? 0.0f : 0.03f);
    tnm_bb_layer(&g_b, op, (uint32_t)n, t, 1, &t_out, (uint32_t)words, params);
    for (k = 0; k < n; k++)
        if (!constant[k]) tnm_bb_input(&g_b, t[k]);
    tnm_bb_output(&g_b, t_out);
    len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
    for (k = 0; k < n; k++) g_t_in[k] = t[k];
    g_t_out = t_out;
    if (tnm_test_check_model(blob(), len, what) != TNM_OK) return 0;
    for (k = 0; k < n; k++)
        if (!constant[k])
            memcpy(arena() + g_b.tensors[t[k]].offset, data[k], (size_t)(count_of(&ins[k]) * esize(types[k])));
    tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                           (uint32_t)(count_of(out) * esize(out_type)), what);
    return len;
}

static void fill(tnm_rng *rng, int32_t *buf, int32_t type, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; i++) {
        if (type == TNM_TYPE_INT8) ((int8_t *)buf)[i] = (int8_t)tnm_rng_range(rng, -128, 127);
        else if (type == TNM_TYPE_INT16) ((int16_t *)buf)[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
        else buf[i] = (int32_t)tnm_rng_next(rng) >> tnm_rng_range(rng, 0, 28);
    }
}

/* ---- DIV ---- */

/* The run-time refusal of an undefined quotient at flat input-2 position `where`, through every
 * invoke path: nothing written, the layer, the divisor and its zero point (or INT32_MIN) named. */
static void expect_divisor_error(uint32_t len, uint32_t out_offset, uint32_t out_bytes, int32_t value, int32_t limit)
{
    static uint64_t plan[TNM_PREPARED_LAYER_BYTES / 8u];
    tnm_error err;
    char msg[320];
    int path;
    uint32_t k;
    CHECK_EQ(TNM_OK, tnm_layer_prepare(blob(), len, 0, plan, sizeof plan, &err));
    for (path = 0; path < 3; path++) {
        tnm_status st;
        memset(arena() + out_offset, 0x5A, out_bytes);
        memset(&err, 0, sizeof err);
        st = path == 0   ? tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err)
             : path == 1 ? tnm_layer_invoke_readonly(blob(), len, arena(), sizeof g_arena_words, 0, &err)
                         : tnm_layer_invoke_prepared(blob(), len, arena(), sizeof g_arena_words, 0, plan, sizeof plan,
                                                     &err);
        CHECK_EQ(TNM_ERR_ARGUMENT, st);
        CHECK_EQ(TNM_FIELD_LAYER_DIVISOR, err.field);
        CHECK_EQ(0, err.index);
        CHECK_EQ(value, err.value);
        CHECK_EQ(limit, err.limit);
        for (k = 0; k < out_bytes; k++) CHECK_EQ(0x5A, arena()[out_offset + k]);
    }
    tnm_error_format(&err, msg, sizeof msg);
    CHECK(strstr(msg, "layer 0 divides") != NULL);
    CHECK(strstr(msg, limit == INT32_MIN ? "does not fit in int32" : "a division by zero") != NULL);
}

/* A DIV of two model inputs of types a and b (scale 0.05 where quantized) into an output of
 * type o and shape out_dims, refused at check with status and field. */
static void div_refused(int32_t a, int32_t b, int32_t o, const int32_t *dims, const int32_t *out_dims,
                        const int32_t *params, tnm_status status, int32_t field, const char *what)
{
    uint32_t ins[2], t_out, len;
    tnm_bb_init(&g_b);
    ins[0] = tnm_bb_tensor_auto(&g_b, a, 2, dims, 0, a == TNM_TYPE_INT32 ? 0.0f : 0.05f);
    ins[1] = tnm_bb_tensor_auto(&g_b, b, 2, dims, 0, b == TNM_TYPE_INT32 ? 0.0f : 0.05f);
    t_out = tnm_bb_tensor_auto(&g_b, o, 2, out_dims, 0, o == TNM_TYPE_INT32 ? 0.0f : 0.05f);
    tnm_bb_layer(&g_b, TNM_OP_DIV, 2, ins, 1, &t_out, 7, params);
    tnm_bb_input(&g_b, ins[0]);
    tnm_bb_input(&g_b, ins[1]);
    tnm_bb_output(&g_b, t_out);
    len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
    tnm_test_expect_refused(blob(), len, status, field, what);
}

static void test_div(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200 / TNM_TEST_SCALE; iter++) {
        const int int32 = iter % 3 == 2;
        const int32_t type = int32 ? TNM_TYPE_INT32 : TNM_TYPE_INT8;
        const int32_t types[2] = {type, type};
        int constant[2];
        tnm_nd_dims out, ins[2];
        tnm_div_params p;
        int32_t zps[2], i, nb, params[7];
        uint32_t len;
        constant[0] = iter % 5 == 1;
        constant[1] = iter % 5 == 3;
        random_shapes(rng, 2, &out, ins);
        memset(&p, 0, sizeof p);
        zps[0] = int32 ? 0 : tnm_rng_range(rng, -128, 127);
        zps[1] = int32 ? 0 : tnm_rng_range(rng, -128, 127);
        if (int32) {
            p.act_min = iter % 2 ? 0 : INT32_MIN;
            p.act_max = iter % 2 ? 6 : INT32_MAX;
        } else {
            p.input1_offset = -zps[0];
            p.input2_offset = -zps[1];
            p.output_offset = tnm_rng_range(rng, -128, 127);
            p.output_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
            p.output_shift = tnm_rng_range(rng, -31, TNM_DIV_MAX_SHIFT);
            rnd_act_range(rng, &p.act_min, &p.act_max);
        }
        fill(rng, g_x, type, count_of(&ins[0]));
        nb = count_of(&ins[1]);
        for (i = 0; i < nb; i++) {
            do fill(rng, (int32_t *)((uint8_t *)g_y + i * esize(type)), type, 1);
            while (int32 ? g_y[i] == 0 || g_y[i] == -1 : ((int8_t *)g_y)[i] == zps[1]);
        }
        if (int32) CHECK_EQ(TNM_OK, tnm_div_s32(&p, &ins[0], g_x, &ins[1], g_y, &out, g_ref));
        else CHECK_EQ(TNM_OK, tnm_div_s8(&p, &ins[0], (const int8_t *)g_x, &ins[1], (const int8_t *)g_y, &out, (int8_t *)g_ref));
        params[0] = p.input1_offset; params[1] = p.input2_offset; params[2] = p.output_offset;
        params[3] = p.output_multiplier; params[4] = p.output_shift; params[5] = p.act_min; params[6] = p.act_max;
        len = run_layer(TNM_OP_DIV, 2, types, ins, constant, zps, type, &out, int32 ? 0 : p.output_offset, 7, params,
                        int32 ? "DIV int32" : "DIV");
        if (len == 0) continue;
        if (!constant[1]) {
            /* a divisor that stands for 0 in the model's data: refused at invoke */
            const uint32_t t_in2 = g_t_in[1];
            const int32_t where = tnm_rng_range(rng, 0, nb - 1);
            if (int32) ((int32_t *)(void *)(arena() + g_b.tensors[t_in2].offset))[where] = 0;
            else arena()[g_b.tensors[t_in2].offset + (uint32_t)where] = (uint8_t)(int8_t)zps[1];
            expect_divisor_error(len, g_b.tensors[g_t_out].offset,
                                 (uint32_t)(count_of(&out) * esize(type)), int32 ? 0 : zps[1], int32 ? 0 : zps[1]);
        }
        if (iter < 30) {
            if (int32) {
                expect_param_error(len, 0, 1, TNM_FIELD_PARAM(TNM_OP_DIV, 0));
                expect_param_error(len, 3, 1 << 30, TNM_FIELD_PARAM(TNM_OP_DIV, 3));
                expect_param_error(len, 4, -1, TNM_FIELD_PARAM(TNM_OP_DIV, 4));
                if (p.act_min > INT32_MIN) expect_param_error(len, 6, p.act_min - 1, TNM_FIELD_LAYER_ACTIVATION);
            } else {
                expect_param_error(len, 0, p.input1_offset + 1, TNM_FIELD_LAYER_ZERO_POINT);
                expect_param_error(len, 1, p.input2_offset - 1, TNM_FIELD_LAYER_ZERO_POINT);
                expect_param_error(len, 2, p.output_offset == 127 ? 126 : p.output_offset + 1, TNM_FIELD_LAYER_ZERO_POINT);
                expect_param_error(len, 3, 5, TNM_FIELD_LAYER_MULTIPLIER);
                expect_param_error(len, 4, TNM_DIV_MAX_SHIFT + 1, TNM_FIELD_LAYER_SHIFT);
                expect_param_error(len, 4, -32, TNM_FIELD_LAYER_SHIFT);
                expect_param_error(len, 5, -129, TNM_FIELD_LAYER_ACTIVATION);
                expect_param_error(len, 6, 128, TNM_FIELD_LAYER_ACTIVATION);
            }
        }
    }
    {
        /* int32 INT32_MIN / -1 at run time; a constant divisor at its zero point (int8) or 0
         * (int32) refused at check; types and shapes TFLM does not take */
        tnm_nd_dims d, d3;
        const int32_t t32[2] = {TNM_TYPE_INT32, TNM_TYPE_INT32};
        const int nc[2] = {0, 0}, c2[2] = {0, 1};
        const int32_t z0[2] = {0, 0}, z8[2] = {0, 4};
        int32_t params[7] = {0, 0, 0, 0, 0, INT32_MIN, INT32_MAX};
        uint32_t len, ins[2], t_out;
        d.rank = 2;
        d.dims[0] = 2;
        d.dims[1] = 3;
        d3 = d;
        d3.dims[1] = 4;
        g_x[0] = INT32_MIN + 1;
        g_x[1] = 7;
        g_x[2] = -9;
        g_x[3] = g_x[4] = g_x[5] = 1;
        g_y[0] = -1;
        g_y[1] = g_y[2] = 2;
        g_y[3] = g_y[4] = g_y[5] = -3;
        g_ref[0] = INT32_MAX;
        g_ref[1] = 3;
        g_ref[2] = -4;
        g_ref[3] = g_ref[4] = g_ref[5] = 0;
        len = run_layer(TNM_OP_DIV, 2, t32, (const tnm_nd_dims[]){d, d}, nc, z0, TNM_TYPE_INT32, &d, 0, 7, params,
                        "DIV int32 fixed");
        CHECK(len > 0);
        if (len > 0) {
            ((int32_t *)(void *)(arena() + g_b.tensors[g_t_in[0]].offset))[0] = INT32_MIN;
            expect_divisor_error(len, g_b.tensors[g_t_out].offset, 24, -1, INT32_MIN);
        }
        g_y[1] = 0;
        tnm_bb_init(&g_b);
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, d.dims, 0, 0.0f);
        ins[1] = tnm_bb_constant(&g_b, TNM_TYPE_INT32, 2, d.dims, g_y, 0, 0.0f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, d.dims, 0, 0.0f);
        tnm_bb_layer(&g_b, TNM_OP_DIV, 2, ins, 1, &t_out, 7, params);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        tnm_test_expect_refused(blob(), len, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_DIVISOR, "DIV int32 constant 0");
        {
            int8_t *y8 = (int8_t *)g_y;
            const int32_t p8[7] = {0, -4, 0, 1 << 30, 8, -128, 127};
            memset(y8, 1, 6);
            y8[5] = 4;
            tnm_bb_init(&g_b);
            ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d.dims, 0, 0.05f);
            ins[1] = tnm_bb_constant(&g_b, TNM_TYPE_INT8, 2, d.dims, y8, 4, 0.05f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d.dims, 0, 0.05f);
            tnm_bb_layer(&g_b, TNM_OP_DIV, 2, ins, 1, &t_out, 7, p8);
            tnm_bb_input(&g_b, ins[0]);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            tnm_test_expect_refused(blob(), len, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_DIVISOR, "DIV int8 constant zero point");
            (void)c2;
            (void)z8;
            /* int16 (TFLM's DIV takes float32, int32, int8) */
            div_refused(TNM_TYPE_INT16, TNM_TYPE_INT16, TNM_TYPE_INT16, d.dims, d.dims, p8, TNM_ERR_UNSUPPORTED,
                        TNM_FIELD_LAYER_OUTPUT_TYPE, "DIV int16");
            /* int8 by int32 */
            div_refused(TNM_TYPE_INT8, TNM_TYPE_INT32, TNM_TYPE_INT8, d.dims, d.dims, p8, TNM_ERR_UNSUPPORTED,
                        TNM_FIELD_LAYER_INPUT_TYPE, "DIV int8 by int32");
            /* an output that is not the broadcast */
            div_refused(TNM_TYPE_INT8, TNM_TYPE_INT8, TNM_TYPE_INT8, d.dims, d3.dims, p8, TNM_ERR_FORMAT,
                        TNM_FIELD_LAYER_SHAPE, "DIV shapes");
        }
    }
}

/* ---- COMPARISON ---- */

static void test_comparison(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200 / TNM_TEST_SCALE; iter++) {
        const int int32 = iter % 3 == 2;
        const int32_t type = int32 ? TNM_TYPE_INT32 : TNM_TYPE_INT8;
        const int32_t types[2] = {type, type};
        int constant[2];
        tnm_nd_dims out, ins[2];
        tnm_comparison_params p;
        int32_t zps[2], params[8];
        uint32_t len;
        constant[0] = iter % 5 == 1;
        constant[1] = iter % 5 == 3;
        random_shapes(rng, 2, &out, ins);
        memset(&p, 0, sizeof p);
        p.kind = iter % 6;
        zps[0] = int32 ? 0 : tnm_rng_range(rng, -128, 127);
        zps[1] = int32 ? 0 : tnm_rng_range(rng, -128, 127);
        if (!int32) {
            p.input1_offset = -zps[0];
            p.input2_offset = -zps[1];
            p.left_shift = 8;
            p.input1_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
            p.input1_shift = tnm_rng_range(rng, -20, 0);
            p.input2_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
            p.input2_shift = tnm_rng_range(rng, -20, 0);
        }
        fill(rng, g_x, type, count_of(&ins[0]));
        fill(rng, g_y, type, count_of(&ins[1]));
        if (int32) CHECK_EQ(TNM_OK, tnm_compare_s32(&p, &ins[0], g_x, &ins[1], g_y, &out, (uint8_t *)g_ref));
        else CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &ins[0], (const int8_t *)g_x, &ins[1], (const int8_t *)g_y, &out, (uint8_t *)g_ref));
        params[0] = p.kind; params[1] = p.input1_offset; params[2] = p.input2_offset; params[3] = p.left_shift;
        params[4] = p.input1_multiplier; params[5] = p.input1_shift; params[6] = p.input2_multiplier;
        params[7] = p.input2_shift;
        len = run_layer(TNM_OP_COMPARISON, 2, types, ins, constant, zps, TNM_TYPE_BOOL, &out, 0, 8, params,
                        int32 ? "COMPARISON int32" : "COMPARISON");
        if (len == 0 || iter >= 30) continue;
        expect_param_error(len, 0, 6, TNM_FIELD_PARAM(TNM_OP_COMPARISON, 0));
        expect_param_error(len, 0, -1, TNM_FIELD_PARAM(TNM_OP_COMPARISON, 0));
        if (int32) {
            expect_param_error(len, 1, 3, TNM_FIELD_PARAM(TNM_OP_COMPARISON, 1));
            expect_param_error(len, 3, 8, TNM_FIELD_PARAM(TNM_OP_COMPARISON, 3));
            expect_param_error(len, 7, -1, TNM_FIELD_PARAM(TNM_OP_COMPARISON, 7));
        } else {
            expect_param_error(len, 1, p.input1_offset + 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 2, p.input2_offset - 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 3, 7, TNM_FIELD_PARAM(TNM_OP_COMPARISON, 3));
            expect_param_error(len, 4, 5, TNM_FIELD_LAYER_MULTIPLIER);
            expect_param_error(len, 5, 1, TNM_FIELD_LAYER_SHIFT);
            expect_param_error(len, 6, -1, TNM_FIELD_LAYER_MULTIPLIER);
            expect_param_error(len, 7, -32, TNM_FIELD_LAYER_SHIFT);
        }
    }
    {
        /* refused: int16 (TFLM's GREATER reads int16 with parameters its Prepare never sets; the
         * others refuse it), an int8 output, int8 against int32, an output that is not the broadcast */
        const int32_t d[2] = {2, 3}, d4[2] = {2, 4};
        const int32_t p[8] = {4, 0, 0, 8, 1 << 30, -1, 1 << 30, -1};
        const int32_t in_types[4][2] = {{TNM_TYPE_INT16, TNM_TYPE_INT16}, {TNM_TYPE_INT8, TNM_TYPE_INT8},
                                        {TNM_TYPE_INT8, TNM_TYPE_INT32}, {TNM_TYPE_INT8, TNM_TYPE_INT8}};
        const int32_t out_types[4] = {TNM_TYPE_BOOL, TNM_TYPE_INT8, TNM_TYPE_BOOL, TNM_TYPE_BOOL};
        const int32_t fields[4] = {TNM_FIELD_LAYER_INPUT_TYPE, TNM_FIELD_LAYER_OUTPUT_TYPE, TNM_FIELD_LAYER_INPUT_TYPE,
                                   TNM_FIELD_LAYER_SHAPE};
        const tnm_status codes[4] = {TNM_ERR_UNSUPPORTED, TNM_ERR_UNSUPPORTED, TNM_ERR_UNSUPPORTED, TNM_ERR_FORMAT};
        int c;
        for (c = 0; c < 4; c++) {
            uint32_t ins[2], t_out, len;
            tnm_bb_init(&g_b);
            ins[0] = tnm_bb_tensor_auto(&g_b, in_types[c][0], 2, d, 0, in_types[c][0] == TNM_TYPE_INT32 ? 0.0f : 0.05f);
            ins[1] = tnm_bb_tensor_auto(&g_b, in_types[c][1], 2, d, 0, in_types[c][1] == TNM_TYPE_INT32 ? 0.0f : 0.05f);
            t_out = tnm_bb_tensor_auto(&g_b, out_types[c], 2, c == 3 ? d4 : d, 0,
                                       out_types[c] == TNM_TYPE_BOOL ? 0.0f : 0.05f);
            tnm_bb_layer(&g_b, TNM_OP_COMPARISON, 2, ins, 1, &t_out, 8, p);
            tnm_bb_input(&g_b, ins[0]);
            tnm_bb_input(&g_b, ins[1]);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            tnm_test_expect_refused(blob(), len, codes[c], fields[c], "COMPARISON refused");
        }
    }
}

/* ---- SELECT_V2 ---- */

static void test_select(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200 / TNM_TEST_SCALE; iter++) {
        const int32_t type = iter % 2 ? TNM_TYPE_INT16 : TNM_TYPE_INT8;
        const int32_t types[3] = {TNM_TYPE_BOOL, type, type};
        int constant[3];
        tnm_nd_dims out, ins[3];
        int32_t zps[3] = {0, 0, 0}, i;
        uint8_t *c = (uint8_t *)g_x;
        constant[0] = iter % 7 == 1;
        constant[1] = iter % 7 == 3;
        constant[2] = iter % 7 == 5;
        random_shapes(rng, 3, &out, ins);
        for (i = 0; i < count_of(&ins[0]); i++) c[i] = (uint8_t)tnm_rng_range(rng, 0, 1);
        fill(rng, g_y, type, count_of(&ins[1]));
        fill(rng, g_z, type, count_of(&ins[2]));
        if (type == TNM_TYPE_INT8) zps[1] = zps[2] = tnm_rng_range(rng, -128, 127);
        CHECK_EQ(TNM_OK, tnm_select(esize(type), &ins[0], c, &ins[1], g_y, &ins[2], g_z, &out, g_ref));
        run_layer(TNM_OP_SELECT_V2, 3, types, ins, constant, zps, type, &out, zps[1], 0, NULL,
                  type == TNM_TYPE_INT16 ? "SELECT_V2 int16" : "SELECT_V2");
    }
    {
        /* refused: an int8 condition, int32 values (TFLM takes float32, int8, int16), y of another
         * type, the output of another type, an output that is not the broadcast */
        const int32_t d[2] = {2, 3}, d4[2] = {2, 4};
        const int32_t cases[5][4] = {{TNM_TYPE_INT8, TNM_TYPE_INT8, TNM_TYPE_INT8, TNM_TYPE_INT8},
                                     {TNM_TYPE_BOOL, TNM_TYPE_INT32, TNM_TYPE_INT32, TNM_TYPE_INT32},
                                     {TNM_TYPE_BOOL, TNM_TYPE_INT8, TNM_TYPE_INT16, TNM_TYPE_INT8},
                                     {TNM_TYPE_BOOL, TNM_TYPE_INT8, TNM_TYPE_INT8, TNM_TYPE_INT16},
                                     {TNM_TYPE_BOOL, TNM_TYPE_INT8, TNM_TYPE_INT8, TNM_TYPE_INT8}};
        const int32_t fields[5] = {TNM_FIELD_LAYER_INPUT_TYPE, TNM_FIELD_LAYER_INPUT_TYPE, TNM_FIELD_LAYER_INPUT_TYPE,
                                   TNM_FIELD_LAYER_OUTPUT_TYPE, TNM_FIELD_LAYER_SHAPE};
        const tnm_status codes[5] = {TNM_ERR_UNSUPPORTED, TNM_ERR_UNSUPPORTED, TNM_ERR_FORMAT, TNM_ERR_FORMAT,
                                     TNM_ERR_FORMAT};
        int k;
        for (k = 0; k < 5; k++) {
            uint32_t ins[3], t_out, len;
            int j;
            tnm_bb_init(&g_b);
            for (j = 0; j < 3; j++) {
                const int32_t t = cases[k][j];
                ins[j] = tnm_bb_tensor_auto(&g_b, t, 2, d, 0, t == TNM_TYPE_INT8 || t == TNM_TYPE_INT16 ? 0.05f : 0.0f);
            }
            t_out = tnm_bb_tensor_auto(&g_b, cases[k][3], 2, k == 4 ? d4 : d, 0, 0.05f);
            tnm_bb_layer(&g_b, TNM_OP_SELECT_V2, 3, ins, 1, &t_out, 0, NULL);
            for (j = 0; j < 3; j++) tnm_bb_input(&g_b, ins[j]);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            tnm_test_expect_refused(blob(), len, codes[k], fields[k], "SELECT_V2 refused");
        }
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 5401);
    test_div(&rng);
    test_comparison(&rng);
    test_select(&rng);
    return tnm_test_finish("test_runtime_div_compare_select");
}
