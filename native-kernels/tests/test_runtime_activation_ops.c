/*
 * The modules of TANH, HARD_SWISH, LEAKY_RELU, RELU, RELU6, SUB, MAXIMUM, MINIMUM, PRELU and LUT
 * (their kernels' arithmetic is tested against independent references and TFLM goldens in
 * test_kernels_*.c): for random shapes (with broadcasting) and random in-range params, a
 * one-layer blob through the runtime gives exactly what the kernel gives when called with
 * the params directly (so a param mapped to the wrong field fails), a constant second
 * operand works, and each module refuses a zero-point param that disagrees with its
 * tensor, naming the field. LUT (the compiler's table form of the activations): the kernel
 * against a plain indexing loop (every count's tail, in place), the module through a
 * one-layer blob, and its table refused when it is not 256 constant int8 values.
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
static uint32_t g_blob_words[4096];
static uint32_t g_arena_words[4096];
static int8_t g_in1[1024], g_in2[1024], g_ref[1024];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static int32_t mult(tnm_rng *rng) { return tnm_rng_range(rng, 1 << 30, INT32_MAX); }

/* Builds [in1 (, in2)] -> out with params, runs it, compares with g_ref; returns the
 * blob length. in2_dims NULL: unary. */
static uint32_t run_layer(int32_t op, const int32_t *in_dims, int32_t in_zp, const int32_t *in2_dims,
                          int32_t in2_zp, int in2_constant, const int32_t *out_dims, int32_t out_zp,
                          float out_scale, uint32_t param_count, const int32_t *params, int32_t n_in1,
                          int32_t n_in2, int32_t n_out, const char *what)
{
    uint32_t t1, t2 = 0, t3, len, ins[2];
    tnm_bb_init(&g_b);
    t1 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, in_dims, in_zp, 0.25f);
    if (in2_dims != NULL)
        t2 = in2_constant ? tnm_bb_constant(&g_b, TNM_TYPE_INT8, 4, in2_dims, g_in2, in2_zp, 0.5f)
                          : tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, in2_dims, in2_zp, 0.5f);
    t3 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, out_dims, out_zp, out_scale);
    ins[0] = t1;
    ins[1] = t2;
    tnm_bb_layer(&g_b, op, in2_dims != NULL ? 2u : 1u, ins, 1, &t3, param_count, params);
    tnm_bb_input(&g_b, t1);
    tnm_bb_output(&g_b, t3);
    len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
    if (tnm_test_check_model(blob(), len, what) != TNM_OK) return len;
    memcpy(arena() + g_b.tensors[t1].offset, g_in1, (size_t)n_in1);
    if (in2_dims != NULL && !in2_constant) memcpy(arena() + g_b.tensors[t2].offset, g_in2, (size_t)n_in2);
    tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t3].offset,
                           g_ref, (uint32_t)n_out, what);
    return len;
}

/* Param k of layer 0 set to v must fail with field (after a passing run). */
static void expect_param_error(uint32_t len, uint32_t k, int32_t v, int32_t field)
{
    tnm_error err;
    tnm_test_expect_param_error(blob(), len, k, v, field, &err);
    CHECK_EQ(0, err.index);
}

static void random_dims(tnm_rng *rng, int32_t *d, int32_t *n)
{
    int32_t i;
    *n = 1;
    for (i = 0; i < 4; i++) {
        d[i] = tnm_rng_range(rng, 1, 4);
        *n *= d[i];
    }
}

static void test_unary(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200 / TNM_TEST_SCALE; iter++) {
        const int32_t which = iter % 5, in_zp = tnm_rng_range(rng, -128, 127);
        int32_t d[4], n, p[6];
        uint32_t len;
        random_dims(rng, d, &n);
        tnm_test_fill_s8(rng, g_in1, n);
        if (which == 0) { /* TANH: output 1/128, zero point 0 */
            tnm_tanh_params tp;
            tp.input_zero_point = in_zp;
            tp.input_left_shift = tnm_rng_range(rng, 0, 8);
            tp.input_multiplier = mult(rng);
            tp.input_range_radius = tnm_rng_range(rng, 0, (int32_t)(((int64_t)15 << 27) >> tp.input_left_shift));
            p[0] = tp.input_zero_point;
            p[1] = tp.input_range_radius;
            p[2] = tp.input_multiplier;
            p[3] = tp.input_left_shift;
            CHECK_EQ(TNM_OK, tnm_tanh_s8(&tp, n, g_in1, g_ref));
            len = run_layer(TNM_OP_TANH, d, in_zp, NULL, 0, 0, d, 0, 1.0f / 128.0f, 4, p, n, 0, n, "TANH");
            expect_param_error(len, 0, in_zp == 0 ? 1 : 0, TNM_FIELD_LAYER_ZERO_POINT);
        } else if (which == 1) {
            tnm_hard_swish_params hp;
            hp.input_zero_point = in_zp;
            hp.output_zero_point = tnm_rng_range(rng, -128, 127);
            hp.reluish_multiplier = tnm_rng_range(rng, 0, 32767);
            hp.reluish_shift = tnm_rng_range(rng, -31, 31);
            hp.output_multiplier = tnm_rng_range(rng, 0, 32767);
            hp.output_shift = tnm_rng_range(rng, -31, 0);
            memcpy(p, &hp, sizeof hp);
            CHECK_EQ(TNM_OK, tnm_hard_swish_s8(&hp, n, g_in1, g_ref));
            len = run_layer(TNM_OP_HARD_SWISH, d, in_zp, NULL, 0, 0, d, hp.output_zero_point, 0.1f, 6, p, n,
                            0, n, "HARD_SWISH");
            expect_param_error(len, 5, 1, TNM_FIELD_LAYER_SHIFT);
        } else if (which == 2) {
            tnm_leaky_relu_params lp;
            lp.input_zero_point = in_zp;
            lp.output_zero_point = tnm_rng_range(rng, -128, 127);
            lp.identity_multiplier = mult(rng);
            lp.identity_shift = tnm_rng_range(rng, -3, 1);
            lp.alpha_multiplier = tnm_rng_range(rng, 0, 1) ? mult(rng) : -mult(rng);
            lp.alpha_shift = tnm_rng_range(rng, -6, 0);
            memcpy(p, &lp, sizeof lp);
            CHECK_EQ(TNM_OK, tnm_leaky_relu_s8(&lp, n, g_in1, g_ref));
            len = run_layer(TNM_OP_LEAKY_RELU, d, in_zp, NULL, 0, 0, d, lp.output_zero_point, 0.1f, 6, p, n,
                            0, n, "LEAKY_RELU");
            expect_param_error(len, 1, lp.output_zero_point == 0 ? 1 : 0, TNM_FIELD_LAYER_ZERO_POINT);
        } else if (which == 3) {
            tnm_relu_params rp;
            rp.input_zero_point = in_zp;
            rp.output_zero_point = tnm_rng_range(rng, -128, 127);
            rp.output_multiplier = mult(rng);
            rp.output_shift = tnm_rng_range(rng, -3, 1);
            rp.act_min = rp.output_zero_point;
            rp.act_max = 127;
            memcpy(p, &rp, sizeof rp);
            CHECK_EQ(TNM_OK, tnm_relu_s8(&rp, n, g_in1, g_ref));
            len = run_layer(TNM_OP_RELU, d, in_zp, NULL, 0, 0, d, rp.output_zero_point, 0.1f, 6, p, n, 0, n,
                            "RELU");
            expect_param_error(len, 4, -129, TNM_FIELD_LAYER_ACTIVATION);
        } else {
            tnm_relu6_params rp;
            rp.zero = in_zp;
            rp.six = tnm_rng_range(rng, in_zp, 127);
            p[0] = rp.zero;
            p[1] = rp.six;
            CHECK_EQ(TNM_OK, tnm_relu6_s8(&rp, n, g_in1, g_ref));
            len = run_layer(TNM_OP_RELU6, d, in_zp, NULL, 0, 0, d, 5, 0.3f, 2, p, n, 0, n, "RELU6");
            if (in_zp > -128) expect_param_error(len, 1, in_zp - 1, TNM_FIELD_LAYER_ACTIVATION);
        }
    }
}

static void test_binary(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200 / TNM_TEST_SCALE; iter++) {
        const int32_t which = iter % 4, z1 = tnm_rng_range(rng, -127, 127), z2 = tnm_rng_range(rng, -127, 127);
        const int constant = iter % 3 == 0;
        const int32_t zo = tnm_rng_range(rng, -128, 127);
        int32_t od[4], ad[4], bd[4], n, na = 1, nb = 1, i, p[12];
        tnm_dims a, b, o;
        uint32_t len;
        random_dims(rng, od, &n);
        for (i = 0; i < 4; i++) {
            ad[i] = tnm_rng_range(rng, 0, 3) == 0 ? 1 : od[i];
            bd[i] = ad[i] != 1 && tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[i];
            na *= ad[i];
            nb *= bd[i];
        }
        a.n = ad[0]; a.h = ad[1]; a.w = ad[2]; a.c = ad[3];
        b.n = bd[0]; b.h = bd[1]; b.w = bd[2]; b.c = bd[3];
        o.n = od[0]; o.h = od[1]; o.w = od[2]; o.c = od[3];
        tnm_test_fill_s8(rng, g_in1, na);
        tnm_test_fill_s8(rng, g_in2, nb);
        if (which == 0) { /* SUB, ADD's params */
            tnm_arith_params ap;
            memset(&ap, 0, sizeof ap);
            ap.input1_offset = -z1;
            ap.input2_offset = -z2;
            ap.act_min = -128;
            ap.act_max = tnm_rng_range(rng, 0, 127);
            ap.output_offset = zo;
            ap.left_shift = 20;
            ap.input1_multiplier = mult(rng);
            ap.input1_shift = tnm_rng_range(rng, -3, 0);
            ap.input2_multiplier = mult(rng);
            ap.input2_shift = tnm_rng_range(rng, -3, 0);
            ap.output_multiplier = mult(rng);
            ap.output_shift = tnm_rng_range(rng, -22, -18);
            p[0] = ap.input1_offset; p[1] = ap.input2_offset; p[2] = ap.act_min; p[3] = ap.act_max;
            p[4] = ap.output_offset; p[5] = ap.left_shift; p[6] = ap.input1_multiplier;
            p[7] = ap.input1_shift; p[8] = ap.input2_multiplier; p[9] = ap.input2_shift;
            p[10] = ap.output_multiplier; p[11] = ap.output_shift;
            CHECK_EQ(TNM_OK, tnm_sub_s8(&ap, &a, g_in1, &b, g_in2, &o, g_ref));
            len = run_layer(TNM_OP_SUB, ad, z1, bd, z2, constant, od, zo, 0.1f, 12, p, na, nb, n, "SUB");
            expect_param_error(len, 1, z2 + 1, TNM_FIELD_LAYER_ZERO_POINT);
        } else if (which == 1 || which == 2) { /* MAXIMUM, MINIMUM: shared quantization */
            if (which == 1) CHECK_EQ(TNM_OK, tnm_maximum_s8(&a, g_in1, &b, g_in2, &o, g_ref));
            else CHECK_EQ(TNM_OK, tnm_minimum_s8(&a, g_in1, &b, g_in2, &o, g_ref));
            len = run_layer(which == 1 ? TNM_OP_MAXIMUM : TNM_OP_MINIMUM, ad, z1, bd, z1, constant, od, z1,
                            0.25f, 0, p, na, nb, n, which == 1 ? "MAXIMUM" : "MINIMUM");
            (void)len;
        } else { /* PRELU */
            tnm_prelu_params pp;
            pp.input_offset = -z1;
            pp.alpha_offset = -z2;
            pp.output_offset = zo;
            pp.output_multiplier_1 = mult(rng);
            pp.output_shift_1 = tnm_rng_range(rng, -3, 0);
            pp.output_multiplier_2 = mult(rng);
            pp.output_shift_2 = tnm_rng_range(rng, -9, -6);
            memcpy(p, &pp, sizeof pp);
            CHECK_EQ(TNM_OK, tnm_prelu_s8(&pp, &a, g_in1, &b, g_in2, &o, g_ref));
            len = run_layer(TNM_OP_PRELU, ad, z1, bd, z2, constant, od, zo, 0.1f, 7, p, na, nb, n, "PRELU");
            expect_param_error(len, 2, zo == 0 ? 1 : 0, TNM_FIELD_LAYER_ZERO_POINT);
        }
    }
}

static void test_lut(tnm_rng *rng)
{
    static const int32_t table_dims[4] = {1, 1, 1, 256}, short_dims[4] = {1, 1, 1, 255};
    int8_t buf[64 + 8];
    int iter, n, i;
    tnm_error err;
    /* the kernel: every count 0..64 (tails), apart and in place, nothing written past count */
    for (n = 0; n <= 64; n++) {
        tnm_test_fill_s8(rng, g_in2, 256);
        tnm_test_fill_s8(rng, g_in1, n);
        for (i = 0; i < n; i++) g_ref[i] = g_in2[(uint8_t)g_in1[i]];
        memset(buf, 0x5A, sizeof buf);
        CHECK_EQ(TNM_OK, tnm_lut_s8(g_in2, n, g_in1, buf));
        CHECK(memcmp(buf, g_ref, (size_t)n) == 0);
        for (i = n; i < (int)sizeof buf; i++) CHECK_EQ(0x5A, buf[i]);
        memcpy(buf, g_in1, (size_t)n);
        CHECK_EQ(TNM_OK, tnm_lut_s8(g_in2, n, buf, buf));
        CHECK(memcmp(buf, g_ref, (size_t)n) == 0);
    }
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lut_s8(NULL, 4, g_in1, buf));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lut_s8(g_in2, -1, g_in1, buf));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lut_s8(g_in2, 4, NULL, buf));
    /* the module */
    for (iter = 0; iter < 40 / TNM_TEST_SCALE; iter++) {
        int32_t d[4], count;
        uint32_t len;
        random_dims(rng, d, &count);
        tnm_test_fill_s8(rng, g_in1, count);
        tnm_test_fill_s8(rng, g_in2, 256);
        for (i = 0; i < count; i++) g_ref[i] = g_in2[(uint8_t)g_in1[i]];
        len = run_layer(TNM_OP_LUT, d, tnm_rng_range(rng, -128, 127), table_dims, 0, 1, d,
                        tnm_rng_range(rng, -128, 127), 0.05f, 0, NULL, count, 256, count, "LUT");
        CHECK(len > 0);
    }
    /* a table of 255 values, and one in the arena: refused, naming the table */
    {
        const int32_t d[4] = {1, 2, 2, 3};
        uint32_t t1, t2, t3, ins[2], len, k;
        for (k = 0; k < 2; k++) {
            tnm_bb_init(&g_b);
            t1 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d, 0, 0.25f);
            t2 = k == 0 ? tnm_bb_constant(&g_b, TNM_TYPE_INT8, 4, short_dims, g_in2, 0, 1.0f)
                        : tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, table_dims, 0, 1.0f);
            t3 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d, 0, 0.25f);
            ins[0] = t1;
            ins[1] = t2;
            tnm_bb_layer(&g_b, TNM_OP_LUT, 2u, ins, 1, &t3, 0, NULL);
            tnm_bb_input(&g_b, t1);
            if (k == 1) tnm_bb_input(&g_b, t2);
            tnm_bb_output(&g_b, t3);
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK(len > 0);
            CHECK(tnm_model_check(blob(), len, &err) != TNM_OK);
            CHECK_EQ(0, err.index);
            CHECK(k == 0 ? err.field == TNM_FIELD_LAYER_WEIGHTS_SIZE
                         : (err.field == TNM_FIELD_LAYER_WEIGHTS || err.field == TNM_FIELD_LAYER_INPUT));
        }
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 0xAC71u);
    test_unary(&rng);
    test_binary(&rng);
    test_lut(&rng);
    return tnm_test_finish("test_runtime_activation_ops");
}
