/*
 * The host P/Invoke glue (glue/host/tnm_host.c and its helpers tnm_host_glue.c), compiled
 * into this test: argument conversion, error5 layout, null pointers and negative lengths
 * -> TNM_ERR_ARGUMENT (never a crash), and the same results as the C API.
 */
#include "../glue/host/tnm_host.c"
#include "../glue/host/tnm_host_glue.c"

#include <string.h>

#include "tnm_blob_builder.h"
#include "tnm_test.h"

static tnm_bb g_b;
static uint32_t g_blob_words[8192];
static uint32_t g_arena_words[4096];
static uint32_t g_arena2_words[4096];
static uint32_t g_blob2_words[8192];

int main(void)
{
    const uint8_t *blob = (const uint8_t *)g_blob_words;
    uint8_t *arena = (uint8_t *)g_arena_words;
    int32_t len, e[TNM_ERROR_WORDS], info[TNM_LAYER_INFO_MAX_WORDS], i, n;
    float scale = 0.0f;
    uint8_t msg[200];

    tnm_bb_sample_model(&g_b, 3);
    len = (int32_t)tnm_bb_finish(&g_b, (uint8_t *)g_blob_words, sizeof g_blob_words);

    CHECK_EQ(TNM_OK, tnm_host_model_check(blob, len, e));
    CHECK_EQ(TNM_OK, e[0]);
    CHECK_EQ(TNM_OK, tnm_host_model_info(blob, len, info, e));
    CHECK_EQ(12, info[TNM_INFO_LAYER_COUNT]);
    CHECK_EQ(TNM_OK, tnm_host_tensor_info(blob, len, 10, info, &scale, e));
    CHECK(scale == 1.0f / 256.0f);
    CHECK_EQ(TNM_OK, tnm_host_layer_info(blob, len, 8, info, TNM_LAYER_INFO_MAX_WORDS, e));
    CHECK_EQ(720, info[TNM_LAYER_MACS]);
    for (i = 0; i < 12; i++) CHECK_EQ(TNM_OK, tnm_host_layer_invoke(blob, len, arena, sizeof g_arena_words, i, e));

    /* The read-only path (a checked blob in flash): the same bytes in the whole arena after
     * every layer as the checked path, from the same input; its own checks still refuse a
     * short arena, a bad index, and a blob that is not the one checked (magic, version,
     * size: then the full checks run and name the field). */
    for (i = 0; i < (int32_t)sizeof g_arena_words; i++) arena[i] = (uint8_t)(i * 37 + 11);
    memcpy(g_arena2_words, g_arena_words, sizeof g_arena_words);
    for (i = 0; i < 12; i++) {
        CHECK_EQ(TNM_OK, tnm_host_layer_invoke(blob, len, arena, sizeof g_arena_words, i, e));
        CHECK_EQ(TNM_OK, tnm_host_layer_invoke_readonly(blob, len, (uint8_t *)g_arena2_words,
                                                        sizeof g_arena2_words, i, e));
        CHECK_EQ(TNM_OK, e[0]);
        CHECK(memcmp(g_arena_words, g_arena2_words, sizeof g_arena_words) == 0);
    }
    CHECK_EQ(TNM_ERR_ARENA, tnm_host_layer_invoke_readonly(blob, len, arena, 16, 0, e));
    CHECK_EQ(TNM_FIELD_ARENA, e[1]);
    CHECK_EQ(TNM_ERR_ALIGNMENT, tnm_host_layer_invoke_readonly(blob, len, arena + 1, sizeof g_arena_words - 4, 0, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_invoke_readonly(blob, len, arena, sizeof g_arena_words, 12, e));
    CHECK_EQ(TNM_FIELD_LAYER_INDEX, e[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_invoke_readonly(blob, len, arena, sizeof g_arena_words, -1, e));
    CHECK_EQ(TNM_ERR_FORMAT, tnm_host_layer_invoke_readonly(blob, len - 4, arena, sizeof g_arena_words, 0, e));
    CHECK_EQ(TNM_FIELD_BLOB_SIZE, e[1]);
    memcpy(g_blob2_words, g_blob_words, (size_t)len);
    ((uint8_t *)g_blob2_words)[4] ^= 1; /* format version */
    CHECK_EQ(TNM_ERR_VERSION, tnm_host_layer_invoke_readonly((const uint8_t *)g_blob2_words, len, arena,
                                                             sizeof g_arena_words, 0, e));
    CHECK_EQ(TNM_FIELD_FORMAT_VERSION, e[1]);
    ((uint8_t *)g_blob2_words)[4] ^= 1;
    ((uint8_t *)g_blob2_words)[0] ^= 1; /* magic */
    CHECK_EQ(TNM_ERR_VERSION, tnm_host_layer_invoke_readonly((const uint8_t *)g_blob2_words, len, arena,
                                                             sizeof g_arena_words, 0, e));
    CHECK_EQ(TNM_FIELD_MAGIC, e[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_invoke_readonly(NULL, len, arena, sizeof g_arena_words, 0, e));

    /* error5 carries code, field, index, value, limit in that order. */
    CHECK_EQ(TNM_ERR_ARENA, tnm_host_layer_invoke(blob, len, arena, 16, 0, e));
    CHECK_EQ(TNM_ERR_ARENA, e[0]);
    CHECK_EQ(TNM_FIELD_ARENA, e[1]);
    CHECK_EQ(-1, e[2]);
    CHECK_EQ(16, e[3]);
    CHECK_EQ(g_b.next_arena_offset + tnm_bb_scratch(&g_b), e[4]);
    n = tnm_host_error_format(e, msg, sizeof msg);
    CHECK_EQ((int32_t)strlen((const char *)msg), n);
    CHECK(strstr((const char *)msg, "arena too small: the arena is 16 bytes") == (const char *)msg);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_invoke(blob, len, arena, sizeof g_arena_words, 12, e));
    CHECK_EQ(TNM_FIELD_LAYER_INDEX, e[1]);
    CHECK_EQ(12, e[3]);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_host_model_check(blob, len - 4, e));
    CHECK_EQ(TNM_FIELD_BLOB_SIZE, e[1]);

    /* Model inputs/outputs by position, layer info buffer size, state reset. */
    CHECK_EQ(0, tnm_host_model_io_tensor(blob, len, 0, 0, e));
    CHECK_EQ(12, tnm_host_model_io_tensor(blob, len, 1, 0, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_io_tensor(blob, len, 1, 1, e));
    CHECK_EQ(TNM_FIELD_IO_POSITION, e[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_io_tensor(blob, len, 0, 0, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_io_tensor(NULL, len, 0, 0, e));
    CHECK_EQ(TNM_ERR_BUFFER, tnm_host_layer_info(blob, len, 8, info, 5, e));
    CHECK_EQ(TNM_FIELD_LAYER_INFO, e[1]);
    CHECK_EQ(TNM_LAYER_WORDS + 3 + 1 + 7, e[4]);
    CHECK_EQ(TNM_OK, tnm_host_model_reset_state(blob, len, arena, sizeof g_arena_words, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_reset_state(blob, len, NULL, 100, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_reset_state(blob, len, arena, -1, e));
    CHECK_EQ(TNM_ERR_ARENA, tnm_host_model_reset_state(blob, len, arena, 8, e));
    {
        /* the stateful model: reset zeroes its state region */
        tnm_bb_stateful_model(&g_b, 4);
        len = (int32_t)tnm_bb_finish(&g_b, (uint8_t *)g_blob_words, sizeof g_blob_words);
        CHECK_EQ(TNM_OK, tnm_host_model_check(blob, len, e));
        CHECK_EQ(1, tnm_host_model_io_tensor(blob, len, 0, 1, e));
        memset(arena, 0x5A, sizeof g_arena_words);
        CHECK_EQ(TNM_OK, tnm_host_model_reset_state(blob, len, arena, sizeof g_arena_words, e));
        /* the init flag 0, the int8 variables at their zero point (as TFLM resets them) */
        for (i = 0; i < 4; i++) CHECK_EQ(0, arena[g_b.state_offset + (uint32_t)i]);
        for (i = 4; i < (int32_t)g_b.state_size; i++)
            CHECK_EQ((uint8_t)(int8_t)g_b.tensors[11].zero_point, arena[g_b.state_offset + (uint32_t)i]);
        CHECK_EQ(0x5A, arena[g_b.state_offset + g_b.state_size]);
        tnm_bb_sample_model(&g_b, 3);
        len = (int32_t)tnm_bb_finish(&g_b, (uint8_t *)g_blob_words, sizeof g_blob_words);
    }

    /* Null pointers and negative lengths. */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_check(NULL, len, e));
    CHECK_EQ(TNM_FIELD_BLOB_LENGTH, e[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_check(blob, -1, e));
    CHECK_EQ(TNM_FIELD_BLOB_LENGTH, e[1]);
    CHECK_EQ(-1, e[3]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_check(blob, len, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_info(blob, len, NULL, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_info(NULL, len, info, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_model_info(blob, len, info, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_tensor_info(blob, len, 0, NULL, &scale, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_tensor_info(blob, len, 0, info, NULL, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_tensor_info(blob, len, -5, info, &scale, e));
    CHECK_EQ(TNM_FIELD_TENSOR_INDEX, e[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_tensor_info(blob, -3, 0, info, &scale, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_info(blob, len, 0, NULL, 10, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_info(NULL, len, 0, info, TNM_LAYER_INFO_MAX_WORDS, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_invoke(blob, len, NULL, 100, 0, e));
    CHECK_EQ(TNM_FIELD_ARENA, e[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_invoke(blob, len, arena, -1, 0, e));
    CHECK_EQ(TNM_FIELD_ARENA, e[1]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_invoke(blob, -1, arena, 100, 0, e));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_layer_invoke(blob, len, arena, 100, 0, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_error_format(NULL, msg, sizeof msg));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_error_format(e, NULL, 10));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_error_format(e, msg, 0));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_error_format(e, msg, -4));
    n = tnm_host_error_format(e, msg, sizeof msg);
    CHECK(strcmp((const char *)msg, "invalid argument: the model length -1 is out of range (0 to 2147483647)") == 0);
    CHECK_EQ((int32_t)strlen((const char *)msg), n);
    /* A truncated message still ends in NUL. */
    n = tnm_host_error_format(e, msg, 8);
    CHECK_EQ(7, n);
    CHECK_EQ(0, msg[7]);
    /* Operator names (LayerOp.Name): the table's, no NUL; "UNKNOWN" for a code it lacks. */
    memset(msg, 'x', sizeof msg);
    CHECK_EQ(17, tnm_host_op_name(TNM_OP_DEPTHWISE_CONV_2D, msg, sizeof msg));
    CHECK(memcmp(msg, "DEPTHWISE_CONV_2Dx", 18) == 0);
    CHECK_EQ(7, tnm_host_op_name(0, msg, 7));
    CHECK(memcmp(msg, "UNKNOWN", 7) == 0);
    CHECK_EQ(7, tnm_host_op_name(-5, msg, sizeof msg));
    CHECK_EQ(TNM_ERR_BUFFER, tnm_host_op_name(TNM_OP_DEPTHWISE_CONV_2D, msg, 16));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_op_name(TNM_OP_ADD, NULL, 10));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_host_op_name(TNM_OP_ADD, msg, 0));
    return tnm_test_finish("test_runtime_host");
}
