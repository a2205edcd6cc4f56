/*
 * Tensors of rank 5 and 6 (blob format 3) through the runtime, random shapes:
 * - ADD, SUB, MUL, MAXIMUM, MINIMUM, PRELU with broadcasting in any of 6 dims (inputs of
 *   lower rank right-aligned) against an independent reference: a 6-D index loop that
 *   computes each output element with the 4-D kernel on one-element tensors (the scalar
 *   arithmetic, tested against TFLM elsewhere), so only the broadcast indexing is new here;
 * - RELU6 (elementwise) at rank 6 against the kernel on the flat bytes;
 * - CONCATENATION and SPLIT_V along any axis of a 6-D tensor against a copy loop;
 * - the operators' rank limits (TFLM's): a tensor of a rank the operator does not take is
 *   TNM_ERR_UNSUPPORTED / TNM_FIELD_LAYER_RANK (value the rank, limit the operator's).
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
static int8_t g_a[1024], g_bb[1024], g_ref[2048];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

/* Flat index into a tensor of `rank` dims (right-aligned to 6) of the 6-D output index. */
static int32_t bcast_index(const int32_t *d, int32_t rank, const int32_t *idx6)
{
    int32_t i, flat = 0;
    for (i = 0; i < rank; i++) {
        const int32_t k = idx6[6 - rank + i];
        flat = flat * d[i] + (d[i] == 1 ? 0 : k);
    }
    return flat;
}

/* The op on one element pair (one-element 4-D tensors). */
static int8_t scalar_op(int32_t op, const int32_t *p, int8_t a, int8_t b)
{
    static const tnm_dims one = {1, 1, 1, 1};
    int8_t out = 0;
    tnm_arith_params ap;
    memset(&ap, 0, sizeof ap);
    ap.input1_offset = p[0];
    ap.input2_offset = p[1];
    ap.act_min = p[2];
    ap.act_max = p[3];
    ap.output_offset = p[4];
    switch (op) {
    case TNM_OP_MAXIMUM: CHECK_EQ(TNM_OK, tnm_maximum_s8(&one, &a, &one, &b, &one, &out)); break;
    case TNM_OP_MINIMUM: CHECK_EQ(TNM_OK, tnm_minimum_s8(&one, &a, &one, &b, &one, &out)); break;
    case TNM_OP_PRELU: {
        tnm_prelu_params pp;
        pp.input_offset = p[0];
        pp.alpha_offset = p[1];
        pp.output_offset = p[2];
        pp.output_multiplier_1 = p[3];
        pp.output_shift_1 = p[4];
        pp.output_multiplier_2 = p[5];
        pp.output_shift_2 = p[6];
        CHECK_EQ(TNM_OK, tnm_prelu_s8(&pp, &one, &a, &one, &b, &one, &out));
        break;
    }
    case TNM_OP_MUL:
        ap.output_multiplier = p[5];
        ap.output_shift = p[6];
        CHECK_EQ(TNM_OK, tnm_mul_s8(&ap, &one, &a, &one, &b, &one, &out));
        break;
    default:
        ap.left_shift = p[5];
        ap.input1_multiplier = p[6];
        ap.input1_shift = p[7];
        ap.input2_multiplier = p[8];
        ap.input2_shift = p[9];
        ap.output_multiplier = p[10];
        ap.output_shift = p[11];
        if (op == TNM_OP_SUB) CHECK_EQ(TNM_OK, tnm_sub_s8(&ap, &one, &a, &one, &b, &one, &out));
        else CHECK_EQ(TNM_OK, tnm_add_s8(&ap, &one, &a, &one, &b, &one, &out));
        break;
    }
    return out;
}

/* Random params of op, valid for the runtime's rules; zp1, zp2, zo the tensors' zero points. */
static int32_t binary_params(tnm_rng *rng, int32_t op, int32_t zp1, int32_t zp2, int32_t zo, int32_t *p)
{
    const int32_t lo = tnm_rng_range(rng, -128, 0), hi = tnm_rng_range(rng, lo, 127);
    switch (op) {
    case TNM_OP_MAXIMUM:
    case TNM_OP_MINIMUM: return 0;
    case TNM_OP_PRELU:
        p[0] = -zp1; p[1] = -zp2; p[2] = zo;
        p[3] = tnm_rng_range(rng, 1 << 30, 0x7FFFFFFF); p[4] = tnm_rng_range(rng, -8, 2);
        p[5] = tnm_rng_range(rng, 1 << 30, 0x7FFFFFFF); p[6] = tnm_rng_range(rng, -12, -2);
        return 7;
    case TNM_OP_MUL:
        p[0] = -zp1; p[1] = -zp2; p[2] = lo; p[3] = hi; p[4] = zo;
        p[5] = tnm_rng_range(rng, 1 << 30, 0x7FFFFFFF); p[6] = tnm_rng_range(rng, -12, -4);
        return 7;
    default:
        p[0] = -zp1; p[1] = -zp2; p[2] = lo; p[3] = hi; p[4] = zo; p[5] = 20;
        p[6] = tnm_rng_range(rng, 1 << 30, 0x7FFFFFFF); p[7] = tnm_rng_range(rng, -3, 0);
        p[8] = tnm_rng_range(rng, 1 << 30, 0x7FFFFFFF); p[9] = tnm_rng_range(rng, -3, 0);
        p[10] = tnm_rng_range(rng, 1 << 30, 0x7FFFFFFF); p[11] = tnm_rng_range(rng, -22, -16);
        return 12;
    }
}

static void test_binary(tnm_rng *rng)
{
    static const int32_t ops[6] = {TNM_OP_ADD, TNM_OP_SUB, TNM_OP_MUL, TNM_OP_MAXIMUM, TNM_OP_MINIMUM, TNM_OP_PRELU};
    int iter;
    for (iter = 0; iter < 240 / TNM_TEST_SCALE; iter++) {
        const int32_t op = ops[iter % 6];
        const int32_t rank = tnm_rng_range(rng, 5, 6);
        const int32_t ra = tnm_rng_range(rng, 1, rank), rb = tnm_rng_range(rng, 1, rank);
        const int32_t zp1 = tnm_rng_range(rng, -128, 127), zp2 = tnm_rng_range(rng, -128, 127);
        const int32_t zo = tnm_rng_range(rng, -128, 127);
        int32_t od[6], da[6], db[6], p[12], pc, i, n, idx[6], k;
        uint32_t t_a, t_b, t_o, ins[2], len;
        for (i = 0; i < rank; i++) od[i] = tnm_rng_range(rng, 1, 3);
        /* inputs: each dim the output's or 1 (right-aligned); one of them full rank */
        for (i = 0; i < ra; i++) da[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[rank - ra + i];
        for (i = 0; i < rb; i++) db[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[rank - rb + i];
        /* the output is the broadcast of the two: a dim that both leave at 1 is 1 */
        for (i = 0; i < rank; i++) {
            const int32_t a = i >= rank - ra ? da[i - (rank - ra)] : 1, b = i >= rank - rb ? db[i - (rank - rb)] : 1;
            od[i] = a > b ? a : b;
        }
        tnm_test_fill_s8(rng, g_a, tnm_test_elements(da, ra));
        tnm_test_fill_s8(rng, g_bb, tnm_test_elements(db, rb));
        pc = binary_params(rng, op, zp1, zp2, zo, p);
        n = tnm_test_elements(od, rank);
        for (k = 0; k < n; k++) {
            int32_t rest = k;
            for (i = 5; i >= 0; i--) {
                const int32_t d = i >= 6 - rank ? od[i - (6 - rank)] : 1;
                idx[i] = rest % d;
                rest /= d;
            }
            g_ref[k] = scalar_op(op, p, g_a[bcast_index(da, ra, idx)], g_bb[bcast_index(db, rb, idx)]);
        }
        tnm_bb_init(&g_b);
        t_a = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, ra, da, zp1, 0.5f);
        t_b = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rb, db, zp2, 0.25f);
        t_o = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, od, zo, 0.75f);
        ins[0] = t_a;
        ins[1] = t_b;
        tnm_bb_layer(&g_b, op, 2, ins, 1, &t_o, (uint32_t)pc, p);
        tnm_bb_input(&g_b, t_a);
        tnm_bb_input(&g_b, t_b);
        tnm_bb_output(&g_b, t_o);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, tnm_op_name(op)) != TNM_OK) continue;
        memcpy(arena() + g_b.tensors[t_a].offset, g_a, (size_t)tnm_test_elements(da, ra));
        memcpy(arena() + g_b.tensors[t_b].offset, g_bb, (size_t)tnm_test_elements(db, rb));
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_o].offset, g_ref,
                               (uint32_t)n, tnm_op_name(op));
    }
}

/* Rank-6 RELU6, then CONCATENATION and SPLIT_V along a random axis of a 6-D tensor. */
static void test_unary_concat_split(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 60 / TNM_TEST_SCALE; iter++) {
        int32_t d[6], d2[6], od[6], i, n, n2, axis, outer = 1, inner = 1, o, at = 0, p[2];
        uint32_t t_a, t_b, t_o, ins[2], outs[2], len;
        tnm_relu6_params rp;
        for (i = 0; i < 6; i++) d[i] = tnm_rng_range(rng, 1, 3);
        n = tnm_test_elements(d, 6);
        tnm_test_fill_s8(rng, g_a, n);
        /* RELU6 */
        rp.zero = tnm_rng_range(rng, -128, 0);
        rp.six = tnm_rng_range(rng, rp.zero, 127);
        CHECK_EQ(TNM_OK, tnm_relu6_s8(&rp, n, g_a, g_ref));
        p[0] = rp.zero;
        p[1] = rp.six;
        tnm_bb_init(&g_b);
        t_a = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 6, d, rp.zero, 0.5f);
        t_o = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 6, d, rp.zero, 0.5f);
        tnm_bb_layer1(&g_b, TNM_OP_RELU6, t_a, t_o, 2, p);
        tnm_bb_input(&g_b, t_a);
        tnm_bb_output(&g_b, t_o);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "RELU6 6-D") == TNM_OK) {
            memcpy(arena() + g_b.tensors[t_a].offset, g_a, (size_t)n);
            tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_o].offset, g_ref,
                                   (uint32_t)n, "RELU6 6-D");
        }
        /* CONCATENATION of a (d) and b (d with another size along axis) */
        axis = tnm_rng_range(rng, 0, 5);
        for (i = 0; i < 6; i++) d2[i] = od[i] = d[i];
        d2[axis] = tnm_rng_range(rng, 1, 3);
        od[axis] = d[axis] + d2[axis];
        n2 = tnm_test_elements(d2, 6);
        tnm_test_fill_s8(rng, g_bb, n2);
        for (i = 0; i < axis; i++) outer *= d[i];
        for (i = axis + 1; i < 6; i++) inner *= d[i];
        for (o = 0; o < outer; o++) {
            memcpy(g_ref + at, g_a + o * d[axis] * inner, (size_t)(d[axis] * inner));
            at += d[axis] * inner;
            memcpy(g_ref + at, g_bb + o * d2[axis] * inner, (size_t)(d2[axis] * inner));
            at += d2[axis] * inner;
        }
        p[0] = axis;
        tnm_bb_init(&g_b);
        t_a = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 6, d, 3, 0.5f);
        t_b = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 6, d2, 3, 0.5f);
        t_o = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 6, od, 3, 0.5f);
        ins[0] = t_a;
        ins[1] = t_b;
        tnm_bb_layer(&g_b, TNM_OP_CONCATENATION, 2, ins, 1, &t_o, 1, p);
        tnm_bb_input(&g_b, t_a);
        tnm_bb_input(&g_b, t_b);
        tnm_bb_output(&g_b, t_o);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "CONCATENATION 6-D") == TNM_OK) {
            memcpy(arena() + g_b.tensors[t_a].offset, g_a, (size_t)n);
            memcpy(arena() + g_b.tensors[t_b].offset, g_bb, (size_t)n2);
            tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_o].offset, g_ref,
                                   (uint32_t)(n + n2), "CONCATENATION 6-D");
        }
        /* SPLIT_V of the concatenation back into a and b: output 0 must be a */
        tnm_bb_init(&g_b);
        t_o = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 6, od, 3, 0.5f);
        outs[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 6, d, 3, 0.5f);
        outs[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 6, d2, 3, 0.5f);
        tnm_bb_layer(&g_b, TNM_OP_SPLIT_V, 1, &t_o, 2, outs, 1, p);
        tnm_bb_input(&g_b, t_o);
        tnm_bb_output(&g_b, outs[0]);
        tnm_bb_output(&g_b, outs[1]);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "SPLIT_V 6-D") == TNM_OK) {
            memcpy(arena() + g_b.tensors[t_o].offset, g_ref, (size_t)(n + n2));
            tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[outs[0]].offset, g_a,
                                   (uint32_t)n, "SPLIT_V 6-D output 0");
            CHECK(memcmp(arena() + g_b.tensors[outs[1]].offset, g_bb, (size_t)n2) == 0);
        }
    }
}

/* STRIDED_SLICE on a 5-D input (TFLite's SLICE, lowered onto it: TFLM takes 5-D there):
 * random begin/end/strides (negative strides too) against a 5-D copy loop; a 5-D one with a
 * shrunk outer axis. */
static void test_slice5(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 80 / TNM_TEST_SCALE; iter++) {
        int32_t d[5], begin[5], end[5], stride[5], od[5], p[7 + 15], i, n, at = 0, orank = 0, shrink;
        int32_t i0, i1, i2, i3, i4;
        uint32_t t_a, t_o, len;
        for (i = 0; i < 5; i++) {
            d[i] = tnm_rng_range(rng, 1, 4);
            stride[i] = tnm_rng_range(rng, 0, 3) == 0 ? -1 : tnm_rng_range(rng, 1, 2);
            begin[i] = tnm_rng_range(rng, 0, d[i] - 1);
            end[i] = stride[i] > 0 ? tnm_rng_range(rng, begin[i] + 1, d[i]) : tnm_rng_range(rng, -1, begin[i] - 1);
        }
        shrink = (iter % 4 == 0 && stride[0] > 0) ? 1 : 0; /* shrink the outer axis */
        n = tnm_test_elements(d, 5);
        tnm_test_fill_s8(rng, g_a, n);
#define SL(ix, ax) for (ix = begin[ax]; stride[ax] > 0 ? ix < end[ax] : ix > end[ax]; ix += stride[ax])
        for (i0 = begin[0]; shrink ? i0 == begin[0] : (stride[0] > 0 ? i0 < end[0] : i0 > end[0]); i0 += stride[0])
            SL(i1, 1) SL(i2, 2) SL(i3, 3) SL(i4, 4)
                g_ref[at++] = g_a[(((i0 * d[1] + i1) * d[2] + i2) * d[3] + i3) * d[4] + i4];
#undef SL
        for (i = shrink; i < 5; i++) {
            const int32_t span = stride[i] > 0 ? end[i] - begin[i] : begin[i] - end[i];
            const int32_t st = stride[i] > 0 ? stride[i] : -stride[i];
            od[orank++] = (span + st - 1) / st;
        }
        p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0; p[4] = shrink; p[5] = 0; p[6] = 5;
        for (i = 0; i < 5; i++) {
            p[7 + i] = begin[i];
            p[12 + i] = end[i] < 0 ? end[i] - d[i] : end[i]; /* -1 (before index 0) written as TFLite would: end - dim */
            p[17 + i] = stride[i];
        }
        /* end -1 with a negative stride means "through index 0": TFLite needs end_mask there */
        for (i = 0; i < 5; i++) {
            if (end[i] == -1) p[1] |= 1 << i;
        }
        tnm_bb_init(&g_b);
        t_a = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 5, d, 0, 0.5f);
        t_o = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, orank, od, 0, 0.5f);
        tnm_bb_layer1(&g_b, TNM_OP_STRIDED_SLICE, t_a, t_o, 22, p);
        tnm_bb_input(&g_b, t_a);
        tnm_bb_output(&g_b, t_o);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "STRIDED_SLICE 5-D") != TNM_OK) continue;
        memcpy(arena() + g_b.tensors[t_a].offset, g_a, (size_t)n);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_o].offset, g_ref,
                               (uint32_t)at, "STRIDED_SLICE 5-D");
    }
}

/* One-layer blob of op on tensors of `rank` (input and output of the same dims). */
static void expect_rank_refused(int32_t op, int32_t rank, uint32_t param_count, const int32_t *p, int32_t limit)
{
    static const int32_t d[6] = {1, 2, 1, 2, 1, 2};
    uint32_t t_a, t_o, len;
    tnm_error err;
    tnm_bb_init(&g_b);
    t_a = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, 0, 0.5f);
    t_o = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, 0, 0.5f);
    tnm_bb_layer1(&g_b, op, t_a, t_o, param_count, p);
    tnm_bb_input(&g_b, t_a);
    tnm_bb_output(&g_b, t_o);
    len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_model_check(blob(), len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_RANK, err.field);
    CHECK_EQ(0, err.index);
    CHECK_EQ(rank, err.value);
    CHECK_EQ(limit, err.limit);
}

static void test_rank_limits(void)
{
    /* PAD, PADV2, TRANSPOSE: TFLM's kernels take 1-D to 5-D */
    const int32_t pad[2 + 12] = {0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    const int32_t perm[1 + 6] = {6, 0, 1, 2, 3, 4, 5};
    expect_rank_refused(TNM_OP_PAD, 6, 14, pad, 5);
    expect_rank_refused(TNM_OP_PADV2, 6, 14, pad, 5);
    expect_rank_refused(TNM_OP_TRANSPOSE, 6, 7, perm, 5);
    /* 4-D only: the pools, RESIZE_NEAREST_NEIGHBOR (their kernels are NHWC) */
    {
        const int32_t pool[8] = {-128, 127, 1, 1, 0, 0, 1, 1}, resize[2] = {0, 0};
        expect_rank_refused(TNM_OP_AVERAGE_POOL_2D, 5, 8, pool, 4);
        expect_rank_refused(TNM_OP_MAX_POOL_2D, 5, 8, pool, 4);
        expect_rank_refused(TNM_OP_RESIZE_NEAREST_NEIGHBOR, 5, 2, resize, 4);
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 0x6D6Du);
    test_binary(&rng);
    test_unary_concat_split(&rng);
    test_slice5(&rng);
    test_rank_limits();
    return tnm_test_finish("test_runtime_rank6");
}
