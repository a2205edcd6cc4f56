/*
 * The modules of PAD, PADV2, MIRROR_PAD, TRANSPOSE, MEAN, SUM, REDUCE_MAX, REDUCE_MIN, ARG_MAX,
 * ARG_MIN, GATHER, DEPTH_TO_SPACE, SPACE_TO_DEPTH, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND,
 * RESIZE_NEAREST_NEIGHBOR, RESIZE_BILINEAR, L2_NORMALIZATION, LOG_SOFTMAX, TRANSPOSE_CONV, CONV_2D_16X8,
 * POOL_2D_16X8, SOFTMAX_INT16, and ADD, SUB,
 * PAD, PADV2 and LEAKY_RELU over int16 tensors (their kernels are tested against independent references and TFLM goldens
 * in test_kernels_*.c): random shapes and params, a one-layer blob through the runtime gives
 * what the kernel gives when called directly with the params, and each module refuses a
 * parameter that disagrees with its tensors, naming the field.
 */
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_kernels_data.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "test_kernels_ref.h"
#include "tnm_test.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

static tnm_bb g_b;
static uint32_t g_blob_words[8192];
static uint32_t g_arena_words[8192];
static int8_t g_in[4096], g_ref[4096], g_filter[4096];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static void nd(tnm_nd_dims *d, const int32_t *dims, int32_t rank)
{
    int32_t i;
    memset(d, 0, sizeof *d);
    d->rank = rank;
    for (i = 0; i < rank; i++) d->dims[i] = dims[i];
}

/* Finishes g_b (layer 0: in -> out), checks, runs and compares out with g_ref. */
static uint32_t run(uint32_t t_in, uint32_t t_out, int32_t in_bytes, int32_t out_bytes, const char *what)
{
    uint32_t len;
    tnm_bb_input(&g_b, t_in);
    tnm_bb_output(&g_b, t_out);
    len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
    if (tnm_test_check_model(blob(), len, what) != TNM_OK) return len;
    memcpy(arena() + g_b.tensors[t_in].offset, g_in, (size_t)in_bytes);
    tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset,
                           g_ref, (uint32_t)out_bytes, what);
    return len;
}

static void expect_param_error(uint32_t len, uint32_t k, int32_t v, int32_t field)
{
    tnm_error err;
    tnm_test_expect_param_error(blob(), len, k, v, field, &err);
}

static void test_pad_transpose(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 100 / TNM_TEST_SCALE; iter++) {
        const int32_t rank = tnm_rng_range(rng, 1, 4), zp = tnm_rng_range(rng, -128, 127);
        int32_t d[4], od[4], i, n, no, p[1 + 2 + 8];
        tnm_nd_dims in, out;
        uint32_t t_in, t_out, len;
        for (i = 0; i < rank; i++) d[i] = tnm_rng_range(rng, 1, 4);
        n = tnm_test_elements(d, rank);
        tnm_test_fill_s8(rng, g_in, n);
        if (iter % 2 == 0) { /* PAD or PADV2 */
            const int v2 = iter % 4 == 2;
            tnm_pad_params pp;
            memset(&pp, 0, sizeof pp);
            pp.pad_value = v2 ? tnm_rng_range(rng, -128, 127) : zp;
            p[0] = pp.pad_value;
            p[1] = rank;
            for (i = 0; i < rank; i++) {
                pp.before[i] = p[2 + i] = tnm_rng_range(rng, 0, 2);
                pp.after[i] = p[2 + rank + i] = tnm_rng_range(rng, 0, 2);
                od[i] = d[i] + pp.before[i] + pp.after[i];
            }
            no = tnm_test_elements(od, rank);
            nd(&in, d, rank);
            nd(&out, od, rank);
            CHECK_EQ(TNM_OK, tnm_pad_s8(&pp, &in, g_in, &out, g_ref));
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, 3, 0.5f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, od, zp, 0.5f);
            tnm_bb_layer1(&g_b, v2 ? TNM_OP_PADV2 : TNM_OP_PAD, t_in, t_out, (uint32_t)(2 + 2 * rank), p);
            len = run(t_in, t_out, n, no, v2 ? "PADV2" : "PAD");
            if (!v2) expect_param_error(len, 0, zp == 0 ? 1 : 0, TNM_FIELD_LAYER_ZERO_POINT);
            else expect_param_error(len, 2, p[2] + 1, TNM_FIELD_LAYER_SHAPE);
        } else { /* TRANSPOSE of a random permutation */
            tnm_transpose_params tp;
            int32_t perm[4] = {0, 1, 2, 3};
            for (i = rank - 1; i > 0; i--) {
                const int32_t j = tnm_rng_range(rng, 0, i), t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            memset(&tp, 0, sizeof tp);
            p[0] = rank;
            for (i = 0; i < rank; i++) {
                tp.perm[i] = p[1 + i] = perm[i];
                od[i] = d[perm[i]];
            }
            nd(&in, d, rank);
            nd(&out, od, rank);
            CHECK_EQ(TNM_OK, tnm_transpose(&tp, 1, &in, g_in, &out, g_ref));
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zp, 0.5f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, od, zp, 0.5f);
            tnm_bb_layer1(&g_b, TNM_OP_TRANSPOSE, t_in, t_out, (uint32_t)(1 + rank), p);
            len = run(t_in, t_out, n, n, "TRANSPOSE");
            if (rank > 1) expect_param_error(len, 2, perm[0], TNM_FIELD_PARAM(TNM_OP_TRANSPOSE, 2)); /* a repeated axis */
        }
    }
}

static void test_reduce_resize(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 100 / TNM_TEST_SCALE; iter++) {
        int32_t d[4], od[4], i, n, no = 1, p[5], out_rank = 0;
        uint32_t t_in, t_out, len;
        tnm_nd_dims in;
        for (i = 0; i < 4; i++) d[i] = tnm_rng_range(rng, 1, 4);
        n = tnm_test_elements(d, 4);
        tnm_test_fill_s8(rng, g_in, n);
        if (iter % 2 == 0) { /* MEAN or SUM over random axes of a 4-D input, keep_dims off */
            const int sum = iter % 4 == 2;
            tnm_reduce_params rp;
            rp.axis_mask = tnm_rng_range(rng, 1, 15);
            rp.input_zero_point = tnm_rng_range(rng, -128, 127);
            rp.output_zero_point = tnm_rng_range(rng, -128, 127);
            rp.multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
            rp.shift = tnm_rng_range(rng, -8, 0);
            for (i = 0; i < 4; i++) {
                if (!((rp.axis_mask >> i) & 1)) {
                    od[out_rank++] = d[i];
                    no *= d[i];
                }
            }
            if (out_rank == 0) od[out_rank++] = 1;
            nd(&in, d, 4);
            CHECK_EQ(TNM_OK, sum ? tnm_sum_s8(&rp, &in, g_in, no, g_ref) : tnm_mean_s8(&rp, &in, g_in, no, g_ref));
            p[0] = rp.axis_mask;
            p[1] = rp.input_zero_point;
            p[2] = rp.output_zero_point;
            p[3] = rp.multiplier;
            p[4] = rp.shift;
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d, rp.input_zero_point, 0.5f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, out_rank, od, rp.output_zero_point, 0.25f);
            tnm_bb_layer1(&g_b, sum ? TNM_OP_SUM : TNM_OP_MEAN, t_in, t_out, 5, p);
            len = run(t_in, t_out, n, no, sum ? "SUM" : "MEAN");
            expect_param_error(len, 1, rp.input_zero_point == 0 ? 1 : 0, TNM_FIELD_LAYER_ZERO_POINT);
        } else { /* RESIZE_NEAREST_NEIGHBOR, RESIZE_BILINEAR (every other one) */
            const int bilinear = iter % 4 == 3;
            const int32_t op = bilinear ? TNM_OP_RESIZE_BILINEAR : TNM_OP_RESIZE_NEAREST_NEIGHBOR;
            tnm_resize_params rp;
            tnm_dims a, o;
            rp.align_corners = tnm_rng_range(rng, 0, 1);
            rp.half_pixel_centers = bilinear && rp.align_corners ? 0 : tnm_rng_range(rng, 0, 1);
            od[0] = d[0];
            od[1] = tnm_rng_range(rng, 1, 7);
            od[2] = tnm_rng_range(rng, 1, 7);
            od[3] = d[3];
            no = tnm_test_elements(od, 4);
            a.n = d[0]; a.h = d[1]; a.w = d[2]; a.c = d[3];
            o.n = od[0]; o.h = od[1]; o.w = od[2]; o.c = od[3];
            CHECK_EQ(TNM_OK, bilinear ? tnm_resize_bilinear_s8(&rp, &a, g_in, &o, g_ref)
                                      : tnm_resize_nearest_s8(&rp, &a, g_in, &o, g_ref));
            p[0] = rp.align_corners;
            p[1] = rp.half_pixel_centers;
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d, 1, 0.5f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, od, 1, 0.5f);
            tnm_bb_layer1(&g_b, op, t_in, t_out, 2, p);
            len = run(t_in, t_out, n, no, bilinear ? "RESIZE_BILINEAR" : "RESIZE_NEAREST_NEIGHBOR");
            expect_param_error(len, 1, 2, TNM_FIELD_PARAM(op, 1));
            if (bilinear) { /* both flags (words 0 and 1 set to 1): refused as TFLM does */
                expect_param_error(len, 0, 1, TNM_FIELD_PARAM(op, 1)); /* word 1 is still 2 */
                expect_param_error(len, 1, 1, TNM_FIELD_PARAM(op, 1));
            }
        }
    }
}

/* REDUCE_MAX / REDUCE_MIN: random axes of a 1- to 6-D input; the output must keep the
 * input's zero point and scale (TFLM requires both). */
static void test_reduce_extreme(tnm_rng *rng)
{
    int iter;
    tnm_error err;
    for (iter = 0; iter < 100 / TNM_TEST_SCALE; iter++) {
        const int want_max = iter % 2 == 0;
        const int32_t rank = tnm_rng_range(rng, 1, 6), zp = tnm_rng_range(rng, -128, 127);
        const int32_t mask = tnm_rng_range(rng, 0, (1 << rank) - 1);
        int32_t d[6], od[6], i, n, no = 1, out_rank = 0, p[1];
        uint32_t t_in, t_out, len;
        tnm_nd_dims in;
        for (i = 0; i < rank; i++) d[i] = tnm_rng_range(rng, 1, 4);
        for (i = 0; i < rank; i++) {
            if (!((mask >> i) & 1)) {
                od[out_rank++] = d[i];
                no *= d[i];
            } else if (iter % 3 == 0) {
                od[out_rank++] = 1; /* keep_dims */
            }
        }
        if (out_rank == 0) od[out_rank++] = 1;
        n = tnm_test_elements(d, rank);
        tnm_test_fill_s8(rng, g_in, n);
        nd(&in, d, rank);
        CHECK_EQ(TNM_OK, want_max ? tnm_reduce_max_s8(mask, &in, g_in, no, g_ref)
                                  : tnm_reduce_min_s8(mask, &in, g_in, no, g_ref));
        p[0] = mask;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zp, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, out_rank, od, zp, 0.5f);
        tnm_bb_layer1(&g_b, want_max ? TNM_OP_REDUCE_MAX : TNM_OP_REDUCE_MIN, t_in, t_out, 1, p);
        len = run(t_in, t_out, n, no, want_max ? "REDUCE_MAX" : "REDUCE_MIN");
        expect_param_error(len, 0, 1 << rank, TNM_FIELD_PARAM(want_max ? TNM_OP_REDUCE_MAX : TNM_OP_REDUCE_MIN, 0));
        if (iter < 4) {
            /* another output zero point, then another output scale: refused, naming the tensor's field */
            g_b.tensors[t_out].zero_point = zp == 0 ? 1 : 0;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
            g_b.tensors[t_out].zero_point = zp;
            g_b.tensors[t_out].scale = 0.25f;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_SCALE, err.field);
        }
    }
}

/* ARG_MAX / ARG_MIN: a random axis of a 1- to 6-D int8 input, int32 indices out; refused:
 * an axis beyond the rank, an int8 output, an output of the wrong size. */
static void test_arg_min_max(tnm_rng *rng)
{
    static int32_t ref[1024];
    int iter;
    tnm_error err;
    for (iter = 0; iter < 100 / TNM_TEST_SCALE; iter++) {
        const int want_max = iter % 2 == 0;
        const int32_t op = want_max ? TNM_OP_ARG_MAX : TNM_OP_ARG_MIN;
        const int32_t rank = tnm_rng_range(rng, 1, 6), axis = tnm_rng_range(rng, 0, rank - 1);
        int32_t d[6], od[6], i, n, no = 1, out_rank = 0, p[1];
        uint32_t t_in, t_out, len;
        tnm_nd_dims in;
        for (i = 0; i < rank; i++) d[i] = tnm_rng_range(rng, 1, 4);
        for (i = 0; i < rank; i++) {
            if (i != axis) {
                od[out_rank++] = d[i];
                no *= d[i];
            }
        }
        if (out_rank == 0) od[out_rank++] = 1;
        n = tnm_test_elements(d, rank);
        tnm_test_fill_s8(rng, g_in, n);
        nd(&in, d, rank);
        CHECK_EQ(TNM_OK, want_max ? tnm_arg_max_s8(axis, &in, g_in, no, ref) : tnm_arg_min_s8(axis, &in, g_in, no, ref));
        memcpy(g_ref, ref, (size_t)no * sizeof(int32_t));
        p[0] = axis;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, 0, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, out_rank, od, 0, 1.0f);
        tnm_bb_layer1(&g_b, op, t_in, t_out, 1, p);
        len = run(t_in, t_out, n, no * 4, want_max ? "ARG_MAX" : "ARG_MIN");
        expect_param_error(len, 0, rank, TNM_FIELD_PARAM(op, 0));
        if (iter < 2) {
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, 0, 0.5f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, out_rank, od, 0, 1.0f);
            tnm_bb_layer1(&g_b, op, t_in, t_out, 1, p);
            tnm_bb_input(&g_b, t_in);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_OUTPUT_TYPE, err.field);
        }
    }
    {
        /* an output that keeps the axis: [2, 3] -> [2, 3] over axis 1 */
        const int32_t d[2] = {2, 3};
        int32_t p[1] = {1};
        uint32_t t_in, t_out, len;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d, 0, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, 2, d, 0, 1.0f);
        tnm_bb_layer1(&g_b, TNM_OP_ARG_MAX, t_in, t_out, 1, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
        CHECK_EQ(TNM_FIELD_LAYER_SHAPE, err.field);
    }
}

/* GATHER: a random axis and batch_dims of a 1- to 4-D int8 input (an activation or a
 * constant table), positions of rank 0-2 (an activation or a constant). Refused: a constant
 * position out of range (at check), an arena position out of range (at invoke, naming the
 * value), batch_dims beyond the axis, an output of the wrong size. */
static void test_gather(tnm_rng *rng)
{
    static int32_t pos[64];
    int iter;
    tnm_error err;
    for (iter = 0; iter < 120 / TNM_TEST_SCALE; iter++) {
        const int32_t rank = tnm_rng_range(rng, 1, 4), axis = tnm_rng_range(rng, 0, rank - 1);
        const int32_t zp = tnm_rng_range(rng, -128, 127);
        const int table = iter % 3 == 1, const_pos = iter % 3 == 2;
        int32_t d[4], pd[3], od[6], i, n, no, np = 1, prank, batch_dims, out_rank = 0, p[2];
        uint32_t t_in, t_pos, t_out, ins[2], len;
        tnm_gather_dims gd;
        for (i = 0; i < rank; i++) d[i] = tnm_rng_range(rng, 1, 4);
        batch_dims = tnm_rng_range(rng, 0, axis < 2 ? axis : 2);
        prank = batch_dims + tnm_rng_range(rng, batch_dims == 0 ? 0 : 0, 2 - batch_dims);
        for (i = 0; i < prank; i++) {
            pd[i] = i < batch_dims ? d[i] : tnm_rng_range(rng, 1, 3);
            np *= pd[i];
        }
        /* output: input dims before the axis, positions' dims after batch_dims, input dims after the axis */
        for (i = 0; i < axis; i++) od[out_rank++] = d[i];
        for (i = batch_dims; i < prank; i++) od[out_rank++] = pd[i];
        for (i = axis + 1; i < rank; i++) od[out_rank++] = d[i];
        if (out_rank == 0) od[out_rank++] = 1;
        n = tnm_test_elements(d, rank);
        no = tnm_test_elements(od, out_rank);
        tnm_test_fill_s8(rng, g_in, n);
        for (i = 0; i < np; i++) pos[i] = tnm_rng_range(rng, 0, d[axis] - 1);
        gd.batch = gd.outer = gd.inner = gd.coords = 1;
        for (i = 0; i < batch_dims; i++) gd.batch *= d[i];
        for (i = batch_dims; i < axis; i++) gd.outer *= d[i];
        for (i = axis + 1; i < rank; i++) gd.inner *= d[i];
        for (i = batch_dims; i < prank; i++) gd.coords *= pd[i];
        gd.axis_size = d[axis];
        CHECK_EQ(TNM_OK, tnm_gather(&gd, 1, g_in, pos, g_ref));
        p[0] = axis;
        p[1] = batch_dims;
        tnm_bb_init(&g_b);
        t_in = table ? tnm_bb_constant(&g_b, TNM_TYPE_INT8, rank, d, g_in, zp, 0.5f)
                     : tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zp, 0.5f);
        t_pos = const_pos ? tnm_bb_constant(&g_b, TNM_TYPE_INT32, prank, pd, pos, 0, 1.0f)
                          : tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT32, prank, pd, 0, 1.0f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, out_rank, od, zp, 0.5f);
        ins[0] = t_in;
        ins[1] = t_pos;
        tnm_bb_layer(&g_b, TNM_OP_GATHER, 2, ins, 1, &t_out, 2, p);
        if (!table) tnm_bb_input(&g_b, t_in);
        if (!const_pos) tnm_bb_input(&g_b, t_pos);
        if (table && const_pos) tnm_bb_input(&g_b, t_out); /* a model needs an input; never read */
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "GATHER") != TNM_OK) continue;
        if (!table) memcpy(arena() + g_b.tensors[t_in].offset, g_in, (size_t)n);
        if (!const_pos) memcpy(arena() + g_b.tensors[t_pos].offset, pos, (size_t)np * 4u);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)no, "GATHER");
        if (!const_pos) {
            /* a position past the axis, from the arena: refused at invoke, naming it */
            int32_t bad = d[axis] + tnm_rng_range(rng, 0, 3);
            memcpy(arena() + g_b.tensors[t_pos].offset + 4u * (uint32_t)tnm_rng_range(rng, 0, np - 1), &bad, 4);
            CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
            CHECK_EQ(TNM_FIELD_LAYER_POSITION, err.field);
            CHECK_EQ(bad, err.value);
            CHECK_EQ(d[axis], err.limit);
            bad = -1;
            memcpy(arena() + g_b.tensors[t_pos].offset, &bad, 4);
            CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_readonly(blob(), len, arena(), sizeof g_arena_words, 0, &err));
            CHECK_EQ(TNM_FIELD_LAYER_POSITION, err.field);
        } else if (iter < 30) {
            /* a constant position past the axis: refused when the model is checked */
            pos[0] = d[axis];
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zp, 0.5f);
            t_pos = tnm_bb_constant(&g_b, TNM_TYPE_INT32, prank, pd, pos, 0, 1.0f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, out_rank, od, zp, 0.5f);
            ins[0] = t_in;
            ins[1] = t_pos;
            tnm_bb_layer(&g_b, TNM_OP_GATHER, 2, ins, 1, &t_out, 2, p);
            tnm_bb_input(&g_b, t_in);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_POSITION, err.field);
            CHECK_EQ(d[axis], err.value);
        }
        if (!const_pos && !table) {
            expect_param_error(len, 1, axis + 1, TNM_FIELD_PARAM(TNM_OP_GATHER, 1)); /* batch_dims beyond the axis */
            expect_param_error(len, 0, rank, TNM_FIELD_PARAM(TNM_OP_GATHER, 0));
        }
    }
}

/* DEPTH_TO_SPACE / SPACE_TO_DEPTH: random NHWC shapes and blocks; refused: a block that does
 * not match the shapes, another output zero point. */
static void test_depth_space(tnm_rng *rng)
{
    int iter;
    tnm_error err;
    for (iter = 0; iter < 100 / TNM_TEST_SCALE; iter++) {
        const int to_space = iter % 2 == 0;
        const int32_t op = to_space ? TNM_OP_DEPTH_TO_SPACE : TNM_OP_SPACE_TO_DEPTH;
        const int32_t bs = tnm_rng_range(rng, 1, 3), zp = tnm_rng_range(rng, -128, 127);
        int32_t dd[4], sd[4], p[1], n;
        uint32_t t_in, t_out, len;
        tnm_dims depth;
        dd[0] = tnm_rng_range(rng, 1, 2);
        dd[1] = tnm_rng_range(rng, 1, 3);
        dd[2] = tnm_rng_range(rng, 1, 3);
        sd[3] = tnm_rng_range(rng, 1, 3);
        dd[3] = sd[3] * bs * bs;
        sd[0] = dd[0];
        sd[1] = dd[1] * bs;
        sd[2] = dd[2] * bs;
        n = tnm_test_elements(dd, 4);
        tnm_test_fill_s8(rng, g_in, n);
        depth.n = dd[0];
        depth.h = dd[1];
        depth.w = dd[2];
        depth.c = dd[3];
        CHECK_EQ(TNM_OK, tnm_depth_space(to_space, 1, bs, &depth, g_in, g_ref));
        p[0] = bs;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, to_space ? dd : sd, zp, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, to_space ? sd : dd, zp, 0.5f);
        tnm_bb_layer1(&g_b, op, t_in, t_out, 1, p);
        len = run(t_in, t_out, n, n, to_space ? "DEPTH_TO_SPACE" : "SPACE_TO_DEPTH");
        /* block + 1: beyond the space side's h or w (the parameter), or inside it (the shapes) */
        expect_param_error(len, 0, bs + 1,
                           bs + 1 <= (sd[1] < sd[2] ? sd[1] : sd[2]) ? TNM_FIELD_LAYER_SHAPE : TNM_FIELD_PARAM(op, 0));
        if (iter < 4) {
            g_b.tensors[t_out].zero_point = zp == 0 ? 1 : 0;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
        }
    }
}

/* SPACE_TO_BATCH_ND / BATCH_TO_SPACE_ND, 4-D and 3-D (NHC); refused: a block width for NHC, a
 * block that does not fit the shapes, a pad value beyond a byte. */
static void test_space_batch(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 100 / TNM_TEST_SCALE; iter++) {
        const int to_batch = iter % 2 == 0, nhc = iter % 3 == 0;
        const int32_t op = to_batch ? TNM_OP_SPACE_TO_BATCH_ND : TNM_OP_BATCH_TO_SPACE_ND;
        const int32_t rank = nhc ? 3 : 4, zp = tnm_rng_range(rng, -128, 127);
        tnm_space_batch_params sp;
        tnm_dims s, b;
        int32_t sd[4], bd[4], p[5], ns;
        uint32_t t_in, t_out, len;
        s.n = tnm_rng_range(rng, 1, 2);
        s.h = tnm_rng_range(rng, 1, 6);
        s.w = nhc ? 1 : tnm_rng_range(rng, 1, 6);
        s.c = tnm_rng_range(rng, 1, 3);
        sp.block_h = tnm_rng_range(rng, 1, 3);
        sp.block_w = nhc ? 1 : tnm_rng_range(rng, 1, 3);
        sp.top = tnm_rng_range(rng, 0, 2);
        sp.left = nhc ? 0 : tnm_rng_range(rng, 0, 2);
        sp.pad_value = to_batch ? tnm_rng_range(rng, -128, 127) : 0; /* any byte the blob gives */
        b.n = s.n * sp.block_h * sp.block_w;
        b.h = (s.h + sp.top + sp.block_h - 1) / sp.block_h;
        b.w = (s.w + sp.left + sp.block_w - 1) / sp.block_w;
        b.c = s.c;
        ns = s.n * s.h * s.w * s.c;
        if (to_batch) {
            tnm_test_fill_s8(rng, g_in, ns);
            CHECK_EQ(TNM_OK, tnm_space_to_batch_s8(&sp, &s, g_in, &b, g_ref));
        } else {
            tnm_test_fill_s8(rng, g_in, b.n * b.h * b.w * b.c);
            CHECK_EQ(TNM_OK, tnm_batch_to_space_s8(&sp, &b, g_in, &s, g_ref));
        }
        sd[0] = s.n; sd[1] = s.h; sd[2] = nhc ? s.c : s.w; sd[3] = s.c;
        bd[0] = b.n; bd[1] = b.h; bd[2] = nhc ? b.c : b.w; bd[3] = b.c;
        p[0] = sp.block_h;
        p[1] = sp.block_w;
        p[2] = sp.top;
        p[3] = sp.left;
        p[4] = sp.pad_value;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, to_batch ? sd : bd, zp, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, to_batch ? bd : sd, zp, 0.5f);
        tnm_bb_layer1(&g_b, op, t_in, t_out, to_batch ? 5u : 4u, p);
        len = run(t_in, t_out, to_batch ? ns : b.n * b.h * b.w * b.c, to_batch ? b.n * b.h * b.w * b.c : ns,
                  to_batch ? "SPACE_TO_BATCH_ND" : "BATCH_TO_SPACE_ND");
        if (nhc) expect_param_error(len, 1, 2, TNM_FIELD_PARAM(op, 1));
        else expect_param_error(len, 0, sp.block_h + 1, TNM_FIELD_LAYER_SHAPE);
        if (to_batch && iter < 6) {
            tnm_bb_init(&g_b);
            p[4] = 128;
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, sd, zp, 0.5f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, bd, zp, 0.5f);
            tnm_bb_layer1(&g_b, op, t_in, t_out, 5, p);
            tnm_bb_input(&g_b, t_in);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            {
                tnm_error err;
                CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
                CHECK_EQ(TNM_FIELD_PARAM(op, 4), err.field);
            }
        }
    }
}

/* MIRROR_PAD: random rank 1-4, both modes; refused: a pad past one reflection, a mode 2. */
static void test_mirror_pad(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 100 / TNM_TEST_SCALE; iter++) {
        const int32_t rank = tnm_rng_range(rng, 1, 4), symmetric = iter % 2, zp = tnm_rng_range(rng, -128, 127);
        int32_t d[4], od[4], i, n, no, p[2 + 8];
        tnm_pad_params pp;
        tnm_nd_dims in, out;
        uint32_t t_in, t_out, len;
        memset(&pp, 0, sizeof pp);
        p[0] = symmetric;
        p[1] = rank;
        for (i = 0; i < rank; i++) {
            d[i] = tnm_rng_range(rng, 1, 4);
            pp.before[i] = p[2 + i] = tnm_rng_range(rng, 0, d[i] - 1 + symmetric);
            pp.after[i] = p[2 + rank + i] = tnm_rng_range(rng, 0, d[i] - 1 + symmetric);
            od[i] = d[i] + pp.before[i] + pp.after[i];
        }
        n = tnm_test_elements(d, rank);
        no = tnm_test_elements(od, rank);
        tnm_test_fill_s8(rng, g_in, n);
        nd(&in, d, rank);
        nd(&out, od, rank);
        CHECK_EQ(TNM_OK, tnm_mirror_pad_s8(symmetric, &pp, &in, g_in, &out, g_ref));
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zp, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, od, zp, 0.5f);
        tnm_bb_layer1(&g_b, TNM_OP_MIRROR_PAD, t_in, t_out, (uint32_t)(2 + 2 * rank), p);
        len = run(t_in, t_out, n, no, "MIRROR_PAD");
        if (iter % 3 == 0) expect_param_error(len, 0, 2, TNM_FIELD_PARAM(TNM_OP_MIRROR_PAD, 0));
        else if (iter % 3 == 1) expect_param_error(len, 2, d[0] + symmetric, TNM_FIELD_PARAM(TNM_OP_MIRROR_PAD, 2));
        else expect_param_error(len, 1, rank + 1, TNM_FIELD_PARAM(TNM_OP_MIRROR_PAD, 1));
    }
}

/* L2_NORMALIZATION: rank 1-4; refused: an output not in 1/128 with zero point 0, a zero
 * point parameter that is not the input's. */
static void test_l2norm(tnm_rng *rng)
{
    int iter;
    tnm_error err;
    for (iter = 0; iter < 60 / TNM_TEST_SCALE; iter++) {
        const int32_t rank = tnm_rng_range(rng, 1, 4), zp = tnm_rng_range(rng, -128, 127);
        int32_t d[4], i, n, p[1];
        uint32_t t_in, t_out, len;
        for (i = 0; i < rank; i++) d[i] = tnm_rng_range(rng, 1, 5);
        n = tnm_test_elements(d, rank);
        tnm_test_fill_s8(rng, g_in, n);
        CHECK_EQ(TNM_OK, tnm_l2_normalization_s8(zp, n / d[rank - 1], d[rank - 1], g_in, g_ref));
        p[0] = zp;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zp, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, 0, 1.0f / 128.0f);
        tnm_bb_layer1(&g_b, TNM_OP_L2_NORMALIZATION, t_in, t_out, 1, p);
        len = run(t_in, t_out, n, n, "L2_NORMALIZATION");
        expect_param_error(len, 0, zp == 0 ? 1 : 0, TNM_FIELD_LAYER_ZERO_POINT);
        if (iter < 2) {
            g_b.tensors[t_out].zero_point = 1;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
            g_b.tensors[t_out].zero_point = 0;
            g_b.tensors[t_out].scale = 1.0f / 256.0f;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_SCALE, err.field);
        }
    }
}

/* LOG_SOFTMAX: rank 1-4, the compiler's parameters for random input scales; refused: an output
 * not at 16/256 with zero point 127, multipliers below 2^30, shifts out of range, a positive
 * diff_min. */
static void test_log_softmax(tnm_rng *rng)
{
    int iter;
    tnm_error err;
    for (iter = 0; iter < 60 / TNM_TEST_SCALE; iter++) {
        const int32_t rank = tnm_rng_range(rng, 1, 4), zp = tnm_rng_range(rng, -128, 127);
        const float scale = (float)tnm_rng_range(rng, 1, 400) / 1000.0f;
        int32_t d[4], i, n, p[5];
        tnm_log_softmax_params lp;
        uint32_t t_in, t_out, len;
        for (i = 0; i < rank; i++) d[i] = tnm_rng_range(rng, 1, 6);
        n = tnm_test_elements(d, rank);
        tnm_test_fill_s8(rng, g_in, n);
        ref_log_softmax_params((double)scale, &lp);
        CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&lp, n / d[rank - 1], d[rank - 1], g_in, g_ref));
        p[0] = lp.input_multiplier;
        p[1] = lp.input_left_shift;
        p[2] = lp.reverse_scaling_divisor;
        p[3] = lp.reverse_scaling_left_shift;
        p[4] = lp.diff_min;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zp, scale);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, 127, 1.0f / 16.0f);
        tnm_bb_layer1(&g_b, TNM_OP_LOG_SOFTMAX, t_in, t_out, 5, p);
        len = run(t_in, t_out, n, n, "LOG_SOFTMAX");
        if (iter < 2) {
            static const int32_t bad[5][2] = {{(1 << 30) - 1, TNM_FIELD_LAYER_MULTIPLIER}, {32, TNM_FIELD_LAYER_SHIFT},
                                              {-1, TNM_FIELD_LAYER_MULTIPLIER}, {1, TNM_FIELD_LAYER_SHIFT},
                                              {1, TNM_FIELD_LAYER_PARAMS}};
            for (i = 0; i < 5; i++) { /* each word broken alone, in a fresh blob */
                len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
                expect_param_error(len, (uint32_t)i, bad[i][0], bad[i][1]);
            }
            g_b.tensors[t_out].zero_point = 126;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
            g_b.tensors[t_out].zero_point = 127;
            g_b.tensors[t_out].scale = 1.0f / 8.0f;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_SCALE, err.field);
        }
    }
}

/* ADD / SUB over int16 tensors through the elementwise module (rank 1-4, broadcast); refused:
 * an int8 input beside int16 ones, a left shift of 16, an activation bound past int16, MUL. */
static void test_add_sub_s16(tnm_rng *rng)
{
    static int16_t a16[256], b16[256], o16[256];
    int iter;
    tnm_error err;
    for (iter = 0; iter < 60 / TNM_TEST_SCALE; iter++) {
        const int subtract = iter % 2;
        const int32_t op = subtract ? TNM_OP_SUB : TNM_OP_ADD;
        int32_t od[4] = {1, 1, 1, 1}, ad[4], bd[4], i, p[12];
        tnm_dims o, a, b;
        uint32_t ins[2], t_out, len;
        tnm_arith_params ap;
        od[0] = tnm_rng_range(rng, 1, 2);
        od[1] = tnm_rng_range(rng, 1, 3);
        od[2] = tnm_rng_range(rng, 1, 4);
        od[3] = tnm_rng_range(rng, 1, 5);
        for (i = 0; i < 4; i++) {
            ad[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[i];
            bd[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[i];
            if (ad[i] == 1 && bd[i] == 1) ad[i] = od[i]; /* the output is the larger of the two */
        }
        o.n = od[0]; o.h = od[1]; o.w = od[2]; o.c = od[3];
        a.n = ad[0]; a.h = ad[1]; a.w = ad[2]; a.c = ad[3];
        b.n = bd[0]; b.h = bd[1]; b.w = bd[2]; b.c = bd[3];
        for (i = 0; i < a.n * a.h * a.w * a.c; i++) a16[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
        for (i = 0; i < b.n * b.h * b.w * b.c; i++) b16[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
        memset(&ap, 0, sizeof ap);
        ap.left_shift = 15;
        ap.input1_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        ap.input1_shift = tnm_rng_range(rng, -3, 0);
        ap.input2_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        ap.input2_shift = tnm_rng_range(rng, -3, 0);
        ap.output_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        ap.output_shift = tnm_rng_range(rng, -16, -13);
        ap.act_min = -32768;
        ap.act_max = 32767;
        CHECK_EQ(TNM_OK, subtract ? tnm_sub_s16(&ap, &a, a16, &b, b16, &o, o16) : tnm_add_s16(&ap, &a, a16, &b, b16, &o, o16));
        memcpy(g_ref, o16, (size_t)(o.n * o.h * o.w * o.c) * 2u);
        p[0] = 0; p[1] = 0; p[2] = ap.act_min; p[3] = ap.act_max; p[4] = 0; p[5] = 15;
        p[6] = ap.input1_multiplier; p[7] = ap.input1_shift; p[8] = ap.input2_multiplier; p[9] = ap.input2_shift;
        p[10] = ap.output_multiplier; p[11] = ap.output_shift;
        tnm_bb_init(&g_b);
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, ad, 0, 0.001f);
        ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, bd, 0, 0.002f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, od, 0, 0.004f);
        tnm_bb_layer(&g_b, op, 2, ins, 1, &t_out, 12, p);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_input(&g_b, ins[1]);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "ADD int16") != TNM_OK) continue;
        memcpy(arena() + g_b.tensors[ins[0]].offset, a16, (size_t)(a.n * a.h * a.w * a.c) * 2u);
        memcpy(arena() + g_b.tensors[ins[1]].offset, b16, (size_t)(b.n * b.h * b.w * b.c) * 2u);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)(o.n * o.h * o.w * o.c) * 2u, subtract ? "SUB int16" : "ADD int16");
        expect_param_error(len, 5, 16, TNM_FIELD_LAYER_SHIFT);
        if (iter < 2) {
            /* an activation bound past int16 */
            tnm_bb_init(&g_b);
            p[3] = 32768;
            ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, ad, 0, 0.001f);
            ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, bd, 0, 0.002f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, od, 0, 0.004f);
            tnm_bb_layer(&g_b, op, 2, ins, 1, &t_out, 12, p);
            tnm_bb_input(&g_b, ins[0]);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_ACTIVATION, err.field);
            p[3] = 32767;
            /* an int8 input beside int16 ones */
            tnm_bb_init(&g_b);
            ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, ad, 0, 0.001f);
            ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, bd, 0, 0.002f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, od, 0, 0.004f);
            tnm_bb_layer(&g_b, op, 2, ins, 1, &t_out, 12, p);
            tnm_bb_input(&g_b, ins[0]);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK(tnm_model_check(blob(), len, &err) != TNM_OK);
            CHECK_EQ(TNM_FIELD_LAYER_INPUT_TYPE, err.field);
        }
    }
}

/* PAD / PADV2 over int16 tensors; refused: an int16 PAD whose pad value is not 0 (TFLM pads
 * int16 with 0), an int8 output beside an int16 input. */
static void test_pad_s16(tnm_rng *rng)
{
    static int16_t in16[512], out16[2048];
    int iter;
    tnm_error err;
    for (iter = 0; iter < 40 / TNM_TEST_SCALE; iter++) {
        const int v2 = iter % 2;
        const int32_t rank = tnm_rng_range(rng, 1, 4), op = v2 ? TNM_OP_PADV2 : TNM_OP_PAD;
        int32_t d[4], od[4], i, n, no, p[2 + 8];
        tnm_pad_params pp;
        tnm_nd_dims in, out;
        uint32_t t_in, t_out, len;
        memset(&pp, 0, sizeof pp);
        pp.pad_value = p[0] = v2 ? tnm_rng_range(rng, -32768, 32767) : 0;
        p[1] = rank;
        for (i = 0; i < rank; i++) {
            d[i] = tnm_rng_range(rng, 1, 4);
            pp.before[i] = p[2 + i] = tnm_rng_range(rng, 0, 2);
            pp.after[i] = p[2 + rank + i] = tnm_rng_range(rng, 0, 2);
            od[i] = d[i] + pp.before[i] + pp.after[i];
        }
        n = tnm_test_elements(d, rank);
        no = tnm_test_elements(od, rank);
        for (i = 0; i < n; i++) in16[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
        nd(&in, d, rank);
        nd(&out, od, rank);
        CHECK_EQ(TNM_OK, tnm_pad_s16(&pp, &in, in16, &out, out16));
        memcpy(g_ref, out16, (size_t)no * 2u);
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, rank, d, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, rank, od, 0, 0.001f);
        tnm_bb_layer1(&g_b, op, t_in, t_out, (uint32_t)(2 + 2 * rank), p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, v2 ? "PADV2 int16" : "PAD int16") != TNM_OK) continue;
        memcpy(arena() + g_b.tensors[t_in].offset, in16, (size_t)n * 2u);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)no * 2u, v2 ? "PADV2 int16" : "PAD int16");
        if (!v2) expect_param_error(len, 0, 5, TNM_FIELD_LAYER_ZERO_POINT);
        else expect_param_error(len, 0, 32768, TNM_FIELD_PARAM(TNM_OP_PADV2, 0));
        if (iter < 2) {
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, rank, d, 0, 0.001f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, od, 0, 0.001f);
            tnm_bb_layer1(&g_b, op, t_in, t_out, (uint32_t)(2 + 2 * rank), p);
            tnm_bb_input(&g_b, t_in);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_OUTPUT_TYPE, err.field);
        }
    }
}

/* LEAKY_RELU over int16 tensors through its module; refused: an int8 output. */
static void test_leaky_relu_s16(tnm_rng *rng)
{
    static int16_t in16[256], out16[256];
    int iter;
    tnm_error err;
    for (iter = 0; iter < 20 / TNM_TEST_SCALE; iter++) {
        int32_t d[2], i, n, p[6];
        tnm_leaky_relu_params lp;
        uint32_t t_in, t_out, len;
        d[0] = tnm_rng_range(rng, 1, 4);
        d[1] = tnm_rng_range(rng, 1, 50);
        n = d[0] * d[1];
        for (i = 0; i < n; i++) in16[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
        lp.input_zero_point = p[0] = 0;
        lp.output_zero_point = p[1] = 0;
        lp.identity_multiplier = p[2] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        lp.identity_shift = p[3] = tnm_rng_range(rng, -2, 1);
        lp.alpha_multiplier = p[4] = (iter % 2 ? -1 : 1) * tnm_rng_range(rng, 1 << 30, INT32_MAX);
        lp.alpha_shift = p[5] = tnm_rng_range(rng, -4, 0);
        CHECK_EQ(TNM_OK, tnm_leaky_relu_s16(&lp, n, in16, out16));
        memcpy(g_ref, out16, (size_t)n * 2u);
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.002f);
        tnm_bb_layer1(&g_b, TNM_OP_LEAKY_RELU, t_in, t_out, 6, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "LEAKY_RELU int16") != TNM_OK) continue;
        memcpy(arena() + g_b.tensors[t_in].offset, in16, (size_t)n * 2u);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)n * 2u, "LEAKY_RELU int16");
        expect_param_error(len, 0, 1, TNM_FIELD_LAYER_ZERO_POINT);
        if (iter == 0) {
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.001f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d, 0, 0.002f);
            tnm_bb_layer1(&g_b, TNM_OP_LEAKY_RELU, t_in, t_out, 6, p);
            tnm_bb_input(&g_b, t_in);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_OUTPUT_TYPE, err.field);
        }
    }
}

static void test_transpose_conv(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 60 / TNM_TEST_SCALE; iter++) {
        const int32_t ic = tnm_rng_range(rng, 1, 3), oc = tnm_rng_range(rng, 1, 4);
        const int32_t fh = tnm_rng_range(rng, 1, 3), fw = tnm_rng_range(rng, 1, 3);
        const int32_t sh = tnm_rng_range(rng, 1, 2), sw = tnm_rng_range(rng, 1, 2);
        const int32_t ih = tnm_rng_range(rng, 1, 4), iw = tnm_rng_range(rng, 1, 4);
        const int same = iter % 2;
        const int s16 = iter % 3 == 2; /* 16x8: int16 in and out, zero points 0, int16 range */
        const int32_t zin = s16 ? 0 : tnm_rng_range(rng, -127, 127), zout = s16 ? 0 : tnm_rng_range(rng, -128, 127);
        const int32_t es = s16 ? 2 : 1;
        int32_t oh = same ? ih * sh : (ih - 1) * sh + fh, ow = same ? iw * sw : (iw - 1) * sw + fw;
        int32_t din[4], dout[4], dfil[4], dbias[1], bias[8], mult[8], i, p[8], ph, pw;
        int8_t shifts[8];
        tnm_transpose_conv_params tp;
        tnm_quant q;
        tnm_dims a, f, o;
        uint32_t t_in, t_out, ins[3], qo, len;
        ph = ((ih - 1) * sh + fh - oh) / 2;
        pw = ((iw - 1) * sw + fw - ow) / 2;
        if (ph < 0) ph = 0;
        if (pw < 0) pw = 0;
        din[0] = 1; din[1] = ih; din[2] = iw; din[3] = ic;
        dout[0] = 1; dout[1] = oh; dout[2] = ow; dout[3] = oc;
        dfil[0] = oc; dfil[1] = fh; dfil[2] = fw; dfil[3] = ic;
        dbias[0] = oc;
        tnm_test_fill_s8(rng, g_in, es * ih * iw * ic); /* int16 values from random bytes */
        tnm_test_fill_s8(rng, g_filter, oc * fh * fw * ic);
        for (i = 0; i < oc; i++) {
            bias[i] = tnm_rng_range(rng, -500, 500);
            mult[i] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
            shifts[i] = (int8_t)tnm_rng_range(rng, -9, -6);
        }
        tp.input_offset = p[0] = -zin;
        tp.output_offset = p[1] = zout;
        tp.act_min = p[2] = s16 ? -32768 : -128;
        tp.act_max = p[3] = s16 ? 32767 : 127;
        tp.stride_h = p[4] = sh;
        tp.stride_w = p[5] = sw;
        tp.pad_h = p[6] = ph;
        tp.pad_w = p[7] = pw;
        q.multiplier = mult;
        q.shift = shifts;
        a.n = 1; a.h = ih; a.w = iw; a.c = ic;
        f.n = oc; f.h = fh; f.w = fw; f.c = ic;
        o.n = 1; o.h = oh; o.w = ow; o.c = oc;
        CHECK_EQ(0, tnm_transpose_conv_s8_scratch_size(&a, &f, &o));
        if (s16) {
            static int16_t in16[1024], out16[2048];
            memcpy(in16, g_in, (size_t)(2 * ih * iw * ic));
            CHECK_EQ(TNM_OK, tnm_transpose_conv_16x8(&tp, &q, &a, in16, &f, g_filter, bias, &o, out16));
            memcpy(g_ref, out16, (size_t)(2 * oh * ow * oc));
        } else {
            CHECK_EQ(TNM_OK, tnm_transpose_conv_s8(&tp, &q, &a, g_in, &f, g_filter, bias, &o, g_ref, NULL));
        }
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, s16 ? TNM_TYPE_INT16 : TNM_TYPE_INT8, 4, din, zin, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, s16 ? TNM_TYPE_INT16 : TNM_TYPE_INT8, 4, dout, zout, 0.25f);
        ins[0] = t_in;
        ins[1] = tnm_bb_constant(&g_b, TNM_TYPE_INT8, 4, dfil, g_filter, 0, 1.0f);
        ins[2] = tnm_bb_constant(&g_b, TNM_TYPE_INT32, 1, dbias, bias, 0, 1.0f);
        qo = tnm_bb_quant(&g_b, mult, shifts, (uint32_t)oc);
        tnm_bb_layer(&g_b, TNM_OP_TRANSPOSE_CONV, 3, ins, 1, &t_out, 8, p);
        tnm_bb_layer_quant(&g_b, qo, (uint32_t)oc);
        len = run(t_in, t_out, es * ih * iw * ic, es * oh * ow * oc, "TRANSPOSE_CONV");
        expect_param_error(len, 6, ph + 1, TNM_FIELD_LAYER_PADDING);
        if (s16) { /* 16x8 refuses offsets and an int8 activation bound below int16's */
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            expect_param_error(len, 0, 1, TNM_FIELD_LAYER_ZERO_POINT);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            expect_param_error(len, 2, -32769, TNM_FIELD_LAYER_ACTIVATION);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            expect_param_error(len, 3, 32768, TNM_FIELD_LAYER_ACTIVATION);
        }
    }
}

/* CONV_2D_16X8: random shapes, groups, strides, padding, both accumulators, with and without a
 * bias; refused: an accumulator flag of 2, an activation bound past int16, a padding the output
 * size disagrees with, a stride of 0, an input zero point. */
static void test_conv_16x8(tnm_rng *rng)
{
    static int16_t in16[1024], out16[2048];
    static int32_t bias[16], mult[16];
    static int8_t shifts[16];
    int iter;
    tnm_error err;
    for (iter = 0; iter < 60 / TNM_TEST_SCALE; iter++) {
        const int32_t groups = tnm_rng_range(rng, 1, 2), fc = tnm_rng_range(rng, 1, 3), oc = groups * tnm_rng_range(rng, 1, 3);
        const int32_t fh = tnm_rng_range(rng, 1, 3), fw = tnm_rng_range(rng, 1, 3), sh = tnm_rng_range(rng, 1, 2);
        const int32_t ih = tnm_rng_range(rng, fh, 6), iw = tnm_rng_range(rng, fw, 6), ic = groups * fc;
        /* SAME or VALID rows (the sizes the runtime accepts), VALID columns */
        const int same = tnm_rng_range(rng, 0, 1), oh = same ? (ih + sh - 1) / sh : (ih - fh) / sh + 1;
        const int32_t ph = same && (oh - 1) * sh + fh > ih ? ((oh - 1) * sh + fh - ih) / 2 : 0, ow = iw - fw + 1;
        const int has_bias = iter % 3 != 0;
        int32_t din[4], dout[4], dfil[4], dbias[1], i, p[11];
        uint32_t ins[3], t_in, t_out, qo, len;
        tnm_conv_16x8_params cp;
        tnm_dims a, f, o;
        tnm_quant q;
        din[0] = 1; din[1] = ih; din[2] = iw; din[3] = ic;
        dout[0] = 1; dout[1] = oh; dout[2] = ow; dout[3] = oc;
        dfil[0] = oc; dfil[1] = fh; dfil[2] = fw; dfil[3] = fc;
        dbias[0] = oc;
        for (i = 0; i < ih * iw * ic; i++) in16[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
        tnm_test_fill_s8(rng, g_filter, oc * fh * fw * fc);
        for (i = 0; i < oc; i++) {
            bias[i] = tnm_rng_range(rng, -100000, 100000);
            mult[i] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
            shifts[i] = (int8_t)tnm_rng_range(rng, -14, -8);
        }
        cp.act_min = p[0] = -32768;
        cp.act_max = p[1] = iter % 4 == 1 ? 1000 : 32767;
        cp.stride_h = p[2] = sh;
        cp.stride_w = p[3] = 1;
        cp.pad_h = p[4] = ph;
        cp.pad_w = p[5] = 0;
        cp.dilation_h = p[6] = 1;
        cp.dilation_w = p[7] = 1;
        p[8] = fh;
        p[9] = fw;
        cp.wide = p[10] = iter % 2;
        q.multiplier = mult;
        q.shift = shifts;
        a.n = 1; a.h = ih; a.w = iw; a.c = ic;
        f.n = oc; f.h = fh; f.w = fw; f.c = fc;
        o.n = 1; o.h = oh; o.w = ow; o.c = oc;
        CHECK_EQ(TNM_OK, tnm_conv_16x8(&cp, &q, &a, in16, &f, g_filter, has_bias ? bias : NULL, &o, out16, NULL));
        memcpy(g_in, in16, (size_t)(2 * ih * iw * ic));
        memcpy(g_ref, out16, (size_t)(2 * oh * ow * oc));
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, din, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, dout, 0, 0.002f);
        ins[0] = t_in;
        ins[1] = tnm_bb_constant(&g_b, TNM_TYPE_INT8, 4, dfil, g_filter, 0, 1.0f);
        ins[2] = has_bias ? tnm_bb_constant(&g_b, TNM_TYPE_INT32, 1, dbias, bias, 0, 1.0f) : TNM_NO_TENSOR;
        qo = tnm_bb_quant(&g_b, mult, shifts, (uint32_t)oc);
        tnm_bb_layer(&g_b, TNM_OP_CONV_2D_16X8, 3, ins, 1, &t_out, 11, p);
        tnm_bb_layer_quant(&g_b, qo, (uint32_t)oc);
        len = run(t_in, t_out, 2 * ih * iw * ic, 2 * oh * ow * oc, "CONV_2D_16X8");
        if (iter < 2) {
            static const int32_t bad[4][3] = {{10, 2, TNM_FIELD_LAYER_PARAMS}, {1, 32768, TNM_FIELD_LAYER_ACTIVATION},
                                              {2, 0, TNM_FIELD_LAYER_STRIDE}, {0, -32769, TNM_FIELD_LAYER_ACTIVATION}};
            for (i = 0; i < 4; i++) { /* each word broken alone, in a fresh blob */
                len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
                expect_param_error(len, (uint32_t)bad[i][0], bad[i][1], bad[i][2]);
            }
            /* the window rule's fields: the output size the padding gives (shape) or, where
             * pad + 1 gives the same size (a stride of 2), the padding itself */
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 4), (uint32_t)(ph + 1));
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK(err.field == TNM_FIELD_LAYER_SHAPE || err.field == TNM_FIELD_LAYER_PADDING);
            g_b.tensors[t_in].zero_point = 3;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
            g_b.tensors[t_in].zero_point = 0;
        }
    }
}

/* POOL_2D_16X8: both kinds over random int16 windows (VALID rows and columns); refused: a kind of
 * 2, activation bounds past int16, a stride of 0, an output scale other than the input's. */
static void test_pool_16x8(tnm_rng *rng)
{
    static int16_t in16[1024], out16[1024];
    int iter;
    tnm_error err;
    for (iter = 0; iter < 40 / TNM_TEST_SCALE; iter++) {
        const int32_t fh = tnm_rng_range(rng, 1, 3), fw = tnm_rng_range(rng, 1, 3), s = tnm_rng_range(rng, 1, 2);
        const int32_t ih = tnm_rng_range(rng, fh, 6), iw = tnm_rng_range(rng, fw, 6), c = tnm_rng_range(rng, 1, 4);
        const int32_t oh = (ih - fh) / s + 1, ow = (iw - fw) / s + 1, average = iter % 2;
        int32_t din[4], dout[4], i, p[9];
        uint32_t t_in, t_out, len;
        tnm_pool_params pp;
        tnm_dims a, o;
        din[0] = 1; din[1] = ih; din[2] = iw; din[3] = c;
        dout[0] = 1; dout[1] = oh; dout[2] = ow; dout[3] = c;
        for (i = 0; i < ih * iw * c; i++) in16[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
        p[0] = average;
        pp.act_min = p[1] = iter % 3 == 0 ? -1000 : -32768;
        pp.act_max = p[2] = 32767;
        pp.stride_h = p[3] = s;
        pp.stride_w = p[4] = s;
        pp.pad_h = p[5] = 0;
        pp.pad_w = p[6] = 0;
        pp.filter_h = p[7] = fh;
        pp.filter_w = p[8] = fw;
        a.n = 1; a.h = ih; a.w = iw; a.c = c;
        o.n = 1; o.h = oh; o.w = ow; o.c = c;
        CHECK_EQ(TNM_OK, average ? tnm_avgpool_s16(&pp, &a, in16, &o, out16) : tnm_maxpool_s16(&pp, &a, in16, &o, out16));
        memcpy(g_in, in16, (size_t)(2 * ih * iw * c));
        memcpy(g_ref, out16, (size_t)(2 * oh * ow * c));
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, din, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 4, dout, 0, 0.001f);
        tnm_bb_layer1(&g_b, TNM_OP_POOL_2D_16X8, t_in, t_out, 9, p);
        len = run(t_in, t_out, 2 * ih * iw * c, 2 * oh * ow * c, "POOL_2D_16X8");
        if (iter < 2) {
            static const int32_t bad[4][3] = {{0, 2, TNM_FIELD_LAYER_PARAMS}, {1, -32769, TNM_FIELD_LAYER_ACTIVATION},
                                              {2, 32768, TNM_FIELD_LAYER_ACTIVATION}, {3, 0, TNM_FIELD_LAYER_STRIDE}};
            for (i = 0; i < 4; i++) { /* each word broken alone, in a fresh blob */
                len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
                expect_param_error(len, (uint32_t)bad[i][0], bad[i][1], bad[i][2]);
            }
            g_b.tensors[t_out].scale = 0.002f;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_SCALE, err.field);
        }
    }
}

/* SOFTMAX_INT16 with TFLite's tables; refused: a shift of 31, an output zero point, an output
 * scale of 1/16384, a table of 512 entries. */
static void test_softmax_int16(tnm_rng *rng)
{
    static int16_t in16[256], out16[256], exp_lut[513], recip_lut[513];
    int iter;
    tnm_error err;
    ref_softmax_lut16(1, exp_lut);
    ref_softmax_lut16(0, recip_lut);
    for (iter = 0; iter < 20 / TNM_TEST_SCALE; iter++) {
        const int32_t rank = tnm_rng_range(rng, 1, 3);
        int32_t d[3], i, n, p[2], shift, lut_dims[1] = {513};
        uint32_t ins[3], t_in, t_out, len;
        tnm_softmax_s16_params sp;
        for (i = 0; i < rank; i++) d[i] = tnm_rng_range(rng, 1, 6);
        n = tnm_test_elements(d, rank);
        for (i = 0; i < n; i++) in16[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
        ref_quantize_multiplier(0.0002 / (10.0 / 65535.0), &sp.input_multiplier, &shift);
        sp.input_shift = shift;
        CHECK_EQ(TNM_OK, tnm_softmax_s16(&sp, n / d[rank - 1], d[rank - 1], in16, exp_lut, recip_lut, out16));
        memcpy(g_in, in16, (size_t)(2 * n));
        memcpy(g_ref, out16, (size_t)(2 * n));
        p[0] = sp.input_multiplier;
        p[1] = sp.input_shift;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, rank, d, 0, 0.0002f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, rank, d, 0, 1.0f / 32768.0f);
        ins[0] = t_in;
        ins[1] = tnm_bb_constant(&g_b, TNM_TYPE_INT16, 1, lut_dims, exp_lut, 0, 1.0f);
        ins[2] = tnm_bb_constant(&g_b, TNM_TYPE_INT16, 1, lut_dims, recip_lut, 0, 1.0f);
        tnm_bb_layer(&g_b, TNM_OP_SOFTMAX_INT16, 3, ins, 1, &t_out, 2, p);
        len = run(t_in, t_out, 2 * n, 2 * n, "SOFTMAX_INT16");
        if (iter < 2) {
            expect_param_error(len, 1, 31, TNM_FIELD_LAYER_SHIFT);
            g_b.tensors[t_out].zero_point = 1;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
            g_b.tensors[t_out].zero_point = 0;
            g_b.tensors[t_out].scale = 1.0f / 16384.0f;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_SCALE, err.field);
            g_b.tensors[t_out].scale = 1.0f / 32768.0f;
            lut_dims[0] = 512;
            tnm_bb_init(&g_b);
            t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, rank, d, 0, 0.0002f);
            t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, rank, d, 0, 1.0f / 32768.0f);
            ins[0] = t_in;
            ins[1] = tnm_bb_constant(&g_b, TNM_TYPE_INT16, 1, lut_dims, exp_lut, 0, 1.0f);
            ins[2] = tnm_bb_constant(&g_b, TNM_TYPE_INT16, 1, lut_dims, recip_lut, 0, 1.0f);
            tnm_bb_layer(&g_b, TNM_OP_SOFTMAX_INT16, 3, ins, 1, &t_out, 2, p);
            tnm_bb_input(&g_b, t_in);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_WEIGHTS_SIZE, err.field);
        }
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 0x0D0Du);
    test_pad_transpose(&rng);
    test_reduce_resize(&rng);
    test_transpose_conv(&rng);
    test_reduce_extreme(&rng);
    test_arg_min_max(&rng);
    test_gather(&rng);
    test_depth_space(&rng);
    test_space_batch(&rng);
    test_mirror_pad(&rng);
    test_l2norm(&rng);
    test_log_softmax(&rng);
    test_add_sub_s16(&rng);
    test_pad_s16(&rng);
    test_leaky_relu_s16(&rng);
    test_conv_16x8(&rng);
    test_pool_16x8(&rng);
    test_softmax_int16(&rng);
    return tnm_test_finish("test_runtime_nd_ops");
}
