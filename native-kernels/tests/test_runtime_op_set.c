/*
 * A runtime built with a restricted operator set (TNM_OP_SET, tnm_runtime_internal.h),
 * as a firmware that runs only keyword spotting builds it (tools/qemu/size.sh measures
 * that build): the registration table (tnm_ops_table.c) is compiled into this program
 * with TNM_OP_SET_KWS, so this program's table replaces the library's (the linker takes
 * no member of libtnm_core.a whose symbols are already defined here).
 *  - a model made of the KWS operators checks and runs, every layer, and its softmax
 *    output is a distribution (the bytes + 128 sum to 256, up to rounding);
 *  - a model with operators left out fails at the first such layer, with
 *    TNM_ERR_UNSUPPORTED / TNM_FIELD_LAYER_OP, value = the operator, limit = -1, in
 *    check, info and invoke; layers with operators in the set still run;
 *  - codes outside the operator range fail as before (limit TNM_OP_COUNT - 1).
 */
#define TNM_OP_SET TNM_OP_SET_KWS
#include "../src/runtime/tnm_ops_table.c"

#include <string.h>

#include "tnm_blob_builder.h"
#include "tnm_test.h"

static tnm_bb g_b;
static uint32_t g_blob_words[8192];
static uint32_t g_arena_words[4096];

static void constants(tnm_bb *b, tnm_rng *rng, uint32_t weights_size, uint32_t channels,
                      uint32_t quant_count)
{
    int8_t weights[1024], shifts[64];
    int32_t multipliers[64];
    uint8_t bias_bytes[256];
    uint32_t i, w, bias, quant;
    for (i = 0; i < weights_size; i++) weights[i] = (int8_t)tnm_rng_range(rng, -127, 127);
    for (i = 0; i < channels; i++) tnm_bb_put_u32(bias_bytes + 4 * i, (uint32_t)tnm_rng_range(rng, -2000, 2000));
    for (i = 0; i < quant_count; i++) {
        multipliers[i] = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        shifts[i] = (int8_t)tnm_rng_range(rng, -9, -6);
    }
    w = tnm_bb_data(b, weights, weights_size);
    bias = tnm_bb_data(b, bias_bytes, 4 * channels);
    quant = tnm_bb_quant(b, multipliers, shifts, quant_count);
    tnm_bb_layer_constants(b, w, weights_size, bias, quant, quant_count);
}

/* CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX. */
static uint32_t kws_ops_model(uint32_t seed)
{
    static const int32_t d_in[4] = {1, 6, 6, 2}, d_conv[4] = {1, 6, 6, 4};
    static const int32_t d_dw[4] = {1, 3, 3, 8}, d_pool[4] = {1, 1, 1, 8};
    static const int32_t d_flat[2] = {1, 8}, d_out[2] = {1, 10};
    tnm_rng rng;
    uint32_t t0, t1, t2, t3, t4, t5, t6;
    tnm_rng_seed(&rng, seed);
    tnm_bb_init(&g_b);
    t0 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d_in, 3, 0.05f);
    t1 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d_conv, -5, 0.1f);
    {
        const int32_t p[13] = {-3, -5, -128, 127, 1, 1, 1, 1, 1, 1, 3, 3, 1};
        tnm_bb_layer_add(&g_b, TNM_OP_CONV_2D, t0, TNM_NO_TENSOR, t1, p);
        constants(&g_b, &rng, 4 * 3 * 3 * 2, 4, 4);
    }
    t2 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d_dw, 7, 0.2f);
    {
        const int32_t p[13] = {5, 7, -100, 100, 2, 2, 0, 0, 1, 1, 3, 3, 2};
        tnm_bb_layer_add(&g_b, TNM_OP_DEPTHWISE_CONV_2D, t1, TNM_NO_TENSOR, t2, p);
        constants(&g_b, &rng, 3 * 3 * 8, 8, 8);
    }
    t3 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, d_pool, 7, 0.2f);
    {
        const int32_t p[13] = {0, 0, -128, 127, 1, 1, 0, 0, 0, 0, 3, 3, 0};
        tnm_bb_layer_add(&g_b, TNM_OP_AVERAGE_POOL_2D, t2, TNM_NO_TENSOR, t3, p);
    }
    t4 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d_flat, 7, 0.2f);
    tnm_bb_layer_add(&g_b, TNM_OP_RESHAPE, t3, TNM_NO_TENSOR, t4, NULL);
    t5 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d_out, 2, 0.25f);
    {
        const int32_t p[13] = {-7, 2, -128, 127, 0, 8, 10};
        tnm_bb_layer_add(&g_b, TNM_OP_FULLY_CONNECTED, t4, TNM_NO_TENSOR, t5, p);
        constants(&g_b, &rng, 8 * 10, 10, 1);
    }
    t6 = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d_out, -128, 1.0f / 256.0f);
    {
        const int32_t p[13] = {1717986918, 23, -248};
        tnm_bb_layer_add(&g_b, TNM_OP_SOFTMAX, t5, TNM_NO_TENSOR, t6, p);
    }
    tnm_bb_input(&g_b, t0);
    tnm_bb_output(&g_b, t6);
    return tnm_bb_finish(&g_b, (uint8_t *)g_blob_words, sizeof g_blob_words);
}

static void test_kws_ops_run(void)
{
    uint8_t *blob = (uint8_t *)g_blob_words, *arena = (uint8_t *)g_arena_words;
    uint32_t seed;
    for (seed = 1; seed <= 20; seed++) {
        const uint32_t len = kws_ops_model(seed);
        int32_t info[TNM_INFO_WORDS] = {0}, out[TNM_TENSOR_WORDS] = {0}, layer, sum = 0, i;
        float scale;
        tnm_error err;
        tnm_rng rng;
        CHECK(len > 0);
        CHECK_EQ(TNM_OK, tnm_model_check(blob, len, &err));
        CHECK_EQ(TNM_OK, tnm_model_info(blob, len, info, &err));
        CHECK_EQ(TNM_OK, tnm_tensor_info(blob, len, info[TNM_INFO_OUTPUT_TENSOR], out, &scale, &err));
        CHECK(info[TNM_INFO_ARENA_SIZE] <= (int32_t)sizeof g_arena_words);
        tnm_rng_seed(&rng, seed * 7u);
        for (i = 0; i < 72; i++) arena[i] = (uint8_t)tnm_rng_next(&rng); /* input tensor 0 at offset 0 */
        for (layer = 0; layer < info[TNM_INFO_LAYER_COUNT]; layer++) {
            CHECK_EQ(TNM_OK, tnm_layer_invoke(blob, len, arena, sizeof g_arena_words, layer, &err));
        }
        for (i = 0; i < out[TNM_TENSOR_SIZE]; i++) sum += (int8_t)arena[out[TNM_TENSOR_OFFSET] + i] + 128;
        CHECK(sum >= 256 - 10 && sum <= 256 + 10);
    }
}

/* The KWS group of tnm_ops.def, independently of the table's TNM_OP_SELECTED. */
static int in_kws_group(int32_t op)
{
    switch (op) {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) \
    case CODE: return ((GROUPS) & TNM_GROUP_KWS) != 0;
#include "tnm/tnm_ops.def"
#undef TNM_OP
    default: return 0;
    }
}

static void expect_left_out(tnm_status st, const tnm_error *err, int32_t layer, int32_t op)
{
    CHECK_EQ(TNM_ERR_UNSUPPORTED, st);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, err->code);
    CHECK_EQ(TNM_FIELD_LAYER_OP, err->field);
    CHECK_EQ(layer, err->index);
    CHECK_EQ(op, err->value);
    CHECK_EQ(-1, err->limit);
}

static void test_left_out_ops(void)
{
    uint8_t *blob = (uint8_t *)g_blob_words, *arena = (uint8_t *)g_arena_words;
    int32_t info[TNM_LAYER_INFO_MAX_WORDS] = {0};
    uint32_t len;
    tnm_error err;
    char msg[256];
    int32_t layer;
    /* every operator once: QUANTIZE (layer 0), CONV, DEPTHWISE, MAX_POOL, ADD, AVERAGE_POOL,
     * MUL, RESHAPE, FULLY_CONNECTED, SOFTMAX, QUANTIZE, DEQUANTIZE */
    tnm_bb_sample_model(&g_b, 5);
    len = tnm_bb_finish(&g_b, blob, sizeof g_blob_words);
    CHECK(len > 0);
    expect_left_out(tnm_model_check(blob, len, &err), &err, 0, TNM_OP_QUANTIZE);
    tnm_error_format(&err, msg, (int32_t)sizeof msg);
    CHECK(strstr(msg, "QUANTIZE") != NULL);
    CHECK(strstr(msg, "TNM_OP_SET") != NULL);
    for (layer = 0; layer < 12; layer++) {
        const int32_t op = (int32_t)tnm_bb_get_u16(blob + tnm_bb_layer_record(blob, (uint32_t)layer));
        const tnm_status st = tnm_layer_info(blob, len, layer, info, TNM_LAYER_INFO_MAX_WORDS, &err);
        if (in_kws_group(op)) {
            CHECK_EQ(TNM_OK, st);
            CHECK_EQ(op, info[TNM_LAYER_OP]);
        } else {
            expect_left_out(st, &err, layer, op);
            memset(&err, 0, sizeof err);
            expect_left_out(tnm_layer_invoke(blob, len, arena, sizeof g_arena_words, layer, &err),
                            &err, layer, op);
        }
    }
    /* the operators in the set still run (arena contents are arbitrary but in range) */
    memset(arena, 0, sizeof g_arena_words);
    CHECK_EQ(TNM_OK, tnm_layer_invoke(blob, len, arena, sizeof g_arena_words, 1, &err)); /* CONV_2D */
    CHECK_EQ(TNM_OK, tnm_layer_invoke(blob, len, arena, sizeof g_arena_words, 8, &err)); /* FULLY_CONNECTED */
    /* codes that no build runs keep their error (limit 0: unknown) */
    tnm_bb_put_u16(blob + tnm_bb_layer_record(blob, 1), 0);
    tnm_bb_fix_crc(blob, len);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_layer_info(blob, len, 1, info, TNM_LAYER_INFO_MAX_WORDS, &err));
    CHECK_EQ(TNM_FIELD_LAYER_OP, err.field);
    CHECK_EQ(0, err.limit);
    tnm_bb_put_u16(blob + tnm_bb_layer_record(blob, 1), TNM_OP_CODE_LIMIT);
    tnm_bb_fix_crc(blob, len);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_layer_info(blob, len, 1, info, TNM_LAYER_INFO_MAX_WORDS, &err));
    CHECK_EQ(TNM_OP_CODE_LIMIT, err.value);
    CHECK_EQ(0, err.limit);
    {
        /* 63 (the group-set bit) and codes of the upper word that no line has: unknown */
        static const int32_t codes[] = {63, 100, TNM_OP_CODE_LIMIT - 1};
        size_t k;
        for (k = 0; k < sizeof codes / sizeof codes[0]; k++) {
            tnm_bb_put_u16(blob + tnm_bb_layer_record(blob, 1), (uint16_t)codes[k]);
            tnm_bb_fix_crc(blob, len);
            CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_layer_info(blob, len, 1, info, TNM_LAYER_INFO_MAX_WORDS, &err));
            CHECK_EQ(codes[k], err.value);
            CHECK_EQ(0, err.limit);
        }
        /* CAST (code 64, the upper word) is known, and left out of this KWS build */
        tnm_bb_put_u16(blob + tnm_bb_layer_record(blob, 1), TNM_OP_CAST);
        tnm_bb_fix_crc(blob, len);
        CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_layer_info(blob, len, 1, info, TNM_LAYER_INFO_MAX_WORDS, &err));
        CHECK_EQ(TNM_OP_CAST, err.value);
        CHECK_EQ(-1, err.limit);
    }
}

int main(void)
{
    CHECK(TNM_OP_SET == TNM_OP_SET_KWS);
    CHECK(tnm_op_lookup(TNM_OP_MAX_POOL_2D)->module == NULL);
    CHECK(tnm_op_lookup(TNM_OP_AVERAGE_POOL_2D)->module != NULL);
    CHECK(tnm_op_lookup(TNM_OP_CONCATENATION)->module == NULL);
    CHECK(strcmp(tnm_op_name(TNM_OP_MAX_POOL_2D), "MAX_POOL_2D") == 0); /* still named */
    /* A mask of codes (what `tinyml compile --emit-c` writes) selects by code. */
#undef TNM_OP_SET
#define TNM_OP_SET (TNM_OP_BIT(TNM_OP_CONV_2D) | TNM_OP_BIT(TNM_OP_SPLIT_V))
    CHECK(TNM_OP_SELECTED(TNM_OP_CONV_2D, 0) && TNM_OP_SELECTED(TNM_OP_SPLIT_V, 0));
    CHECK(!TNM_OP_SELECTED(TNM_OP_SOFTMAX, TNM_GROUP_KWS) && !TNM_OP_SELECTED(TNM_OP_SPLIT, 0));
    /* Codes 64..127 are TNM_OP_SET_HI's, 0 unless defined; each word's bit macro is 0 for a
     * code of the other word (code 63 is neither's: the group-set bit). */
    CHECK(!TNM_OP_SELECTED(64, 0) && !TNM_OP_SELECTED(100, 0));
#undef TNM_OP_SET_HI
#define TNM_OP_SET_HI (TNM_OP_BIT_HI(64) | TNM_OP_BIT_HI(100) | TNM_OP_BIT_HI(TNM_OP_CONV_2D))
    CHECK(TNM_OP_SELECTED(64, 0) && TNM_OP_SELECTED(100, 0) && !TNM_OP_SELECTED(101, 0));
    CHECK(TNM_OP_SELECTED(TNM_OP_CONV_2D, 0) && !TNM_OP_SELECTED(TNM_OP_SOFTMAX, 0));
    CHECK(TNM_OP_BIT(64) == 0 && TNM_OP_BIT(63) == 0 && TNM_OP_BIT_HI(63) == 0 && TNM_OP_BIT_HI(1) == 0);
    CHECK(TNM_OP_BIT_HI(127) == (uint64_t)1 << 63 && TNM_OP_BIT_HI(TNM_OP_CODE_LIMIT) == 0);
#undef TNM_OP_SET_HI
#define TNM_OP_SET_HI 0u
#undef TNM_OP_SET
#define TNM_OP_SET TNM_OP_SET_ALL
    CHECK(TNM_OP_SELECTED(TNM_OP_MAX_POOL_2D, 0) && TNM_OP_SELECTED(TNM_OP_CALL_ONCE, 0));
    CHECK(TNM_OP_SELECTED(64, 0) && TNM_OP_SELECTED(127, TNM_GROUP_KWS)); /* ALL: codes 64..127 too */
#undef TNM_OP_SET
#define TNM_OP_SET TNM_OP_SET_KWS
    CHECK(!TNM_OP_SELECTED(64, 0) && TNM_OP_SELECTED(64, TNM_GROUP_KWS)); /* groups: any code */
#undef TNM_OP_SET
#define TNM_OP_SET TNM_OP_SET_KWS
    test_kws_ops_run();
    test_left_out_ops();
    return tnm_test_finish("test_runtime_op_set");
}
