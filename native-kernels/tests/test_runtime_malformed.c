/*
 * Runtime, malformed blobs and bad arguments: every corruption must give the right
 * status code, field, index and detail, and never read or write out of bounds. Blobs
 * under test are copied into heap buffers of exactly their length, so a build with
 * -DTNM_SANITIZE=ON turns any over-read into a failure.
 */
#include <stdlib.h>
#include <string.h>

#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_test.h"

static tnm_bb g_b;
static uint32_t g_good_words[8192];
static uint32_t g_good_len;
static uint32_t g_arena_words[4096];

static uint8_t *good(void) { return (uint8_t *)g_good_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static uint8_t *copy_exact(const uint8_t *src, uint32_t len)
{
    uint8_t *p = (uint8_t *)malloc(len ? len : 1);
    if (len) memcpy(p, src, len);
    return p;
}

typedef void (*patch_fn)(uint8_t *blob);

/* Applies patch to a copy of the good blob (CRC re-fixed when fix_crc), checks, and
 * compares the whole error. index/value/limit of -999 are not compared. */
static void expect(const char *what, uint8_t *blob, uint32_t len, int fix_crc, tnm_status code,
                   int32_t field, int32_t index, int32_t value, int32_t limit)
{
    tnm_error err;
    uint8_t *copy;
    tnm_status st;
    if (fix_crc) tnm_bb_fix_crc(blob, len);
    copy = copy_exact(blob, len);
    memset(&err, 0x55, sizeof err);
    st = tnm_model_check(copy, len, &err);
    CHECK_EQ(code, st);
    CHECK_EQ(code, err.code);
    CHECK_EQ(field, err.field);
    if (index != -999) CHECK_EQ(index, err.index);
    if (value != -999) CHECK_EQ(value, err.value);
    if (limit != -999) CHECK_EQ(limit, err.limit);
    if (st != code || err.field != field || (index != -999 && index != err.index) ||
        (value != -999 && value != err.value) || (limit != -999 && limit != err.limit)) {
        char msg[256];
        tnm_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "  in: %s -> %s\n", what, msg);
    }
    free(copy);
}

static uint8_t g_work[32768];

static uint8_t *fresh(void)
{
    memcpy(g_work, good(), g_good_len);
    return g_work;
}

static uint8_t *trec(uint32_t t) { return g_work + tnm_bb_tensor_record(g_work, t); }
static uint8_t *lrec(uint32_t l) { return g_work + tnm_bb_layer_record(g_work, l); }
static uint32_t hdr_u32(uint32_t at) { return tnm_bb_get_u32(good() + at); }
static uint32_t data_offset(void) { return hdr_u32(TNM_BB_H_DATA_OFFSET); }
static uint32_t data_end(void) { return data_offset() + hdr_u32(TNM_BB_H_DATA_SIZE); }
static uint32_t list_offset(void) { return hdr_u32(TNM_BB_H_LIST_OFFSET); }
static uint32_t list_end(void) { return list_offset() + hdr_u32(TNM_BB_H_LIST_SIZE); }
static uint32_t arena_size(void) { return hdr_u32(TNM_BB_H_ARENA); }
/* a layer's list entry k (inputs, then outputs) and param word k, in the work copy */
static void put_entry(uint32_t layer, uint32_t k, uint32_t v) { tnm_bb_put_u16(g_work + tnm_bb_layer_entry(g_work, layer, k), v); }
static void put_param(uint32_t layer, uint32_t k, int32_t v) { tnm_bb_put_u32(g_work + tnm_bb_layer_param(g_work, layer, k), (uint32_t)v); }

#define EXPECT(what, code, field, index, value, limit) \
    expect(what, g_work, g_good_len, 1, code, field, index, value, limit)

static void test_truncated(void)
{
    uint32_t n;
    int32_t info[TNM_LAYER_INFO_MAX_WORDS], tensor;
    float scale;
    for (n = 0; n < g_good_len; n++) {
        uint8_t *copy = copy_exact(good(), n);
        tnm_error err;
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(copy, n, &err));
        CHECK_EQ(n < TNM_HEADER_SIZE ? TNM_FIELD_BLOB_LENGTH : TNM_FIELD_BLOB_SIZE, err.field);
        CHECK_EQ(n < TNM_HEADER_SIZE ? (int32_t)n : (int32_t)g_good_len, err.value);
        CHECK_EQ(n < TNM_HEADER_SIZE ? TNM_HEADER_SIZE : (int32_t)n, err.limit);
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_info(copy, n, info, &err));
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_io_tensor(copy, n, 0, 0, &tensor, &err));
        CHECK_EQ(TNM_ERR_FORMAT, tnm_tensor_info(copy, n, 0, info, &scale, &err));
        CHECK_EQ(TNM_ERR_FORMAT, tnm_layer_info(copy, n, 0, info, TNM_LAYER_INFO_MAX_WORDS, &err));
        CHECK_EQ(TNM_ERR_FORMAT, tnm_layer_invoke(copy, n, arena(), sizeof g_arena_words, 0, &err));
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_reset_state(copy, n, arena(), sizeof g_arena_words, &err));
        free(copy);
    }
}

/* Every bit of the header, both tables and the list section. Without a CRC fix, a flip is
 * found by the header checks or the CRC; with the CRC fixed, the structural checks must
 * find it (or the blob is still valid) and nothing may crash. */
static void test_bit_flips(void)
{
    const uint32_t tables_end = data_offset(), layer_table = hdr_u32(TNM_BB_H_LAYER_TABLE);
    uint32_t byte, bit;
    int detected = 0, valid = 0;
    for (byte = 0; byte < tables_end; byte++) {
        for (bit = 0; bit < 8; bit++) {
            tnm_error err;
            tnm_status st;
            uint8_t *copy;
            uint8_t *b = fresh();
            int32_t expected_field;
            tnm_status expected_code;
            b[byte] ^= (uint8_t)(1u << bit);
            copy = copy_exact(b, g_good_len);
            st = tnm_model_check(copy, g_good_len, &err);
            if (byte < 4) { expected_code = TNM_ERR_VERSION; expected_field = TNM_FIELD_MAGIC; }
            else if (byte < 6) { expected_code = TNM_ERR_VERSION; expected_field = TNM_FIELD_FORMAT_VERSION; }
            else if (byte < 8) { expected_code = TNM_ERR_FORMAT; expected_field = TNM_FIELD_HEADER_SIZE; }
            else if (byte < 12) { expected_code = TNM_ERR_FORMAT; expected_field = TNM_FIELD_BLOB_SIZE; }
            else { expected_code = TNM_ERR_CHECKSUM; expected_field = TNM_FIELD_CRC32; }
            CHECK_EQ(expected_code, st);
            CHECK_EQ(expected_field, err.field);
            free(copy);

            if (byte < 16) continue;
            tnm_bb_fix_crc(b, g_good_len);
            copy = copy_exact(b, g_good_len);
            st = tnm_model_check(copy, g_good_len, &err);
            CHECK(st == TNM_OK || st == TNM_ERR_FORMAT || st == TNM_ERR_UNSUPPORTED);
            CHECK_EQ(st, err.code);
            if (st == TNM_OK) valid++; else detected++;
            /* Fields with one meaning per byte: */
            if (byte >= 38 && byte < 40) CHECK_EQ(TNM_OK, st); /* reserved, ignored */
            /* a smaller arena: found by the tensors' check, or by the scratch placement when
             * only this build's kernel scratch (Cortex-M: conv and depthwise) no longer fits */
            if (byte >= 16 && byte < 20 && st != TNM_OK)
                CHECK(err.field == TNM_FIELD_ARENA_SIZE || err.field == TNM_FIELD_SCRATCH);
            if (byte >= 20 && byte < 28) CHECK(st != TNM_OK); /* no state region: offset and size 0 */
            if (byte >= 28 && byte < 36) CHECK(st != TNM_OK); /* counts */
            if (byte >= 36 && byte < 38) CHECK_EQ(TNM_FIELD_INIT_LAYER_COUNT, err.field);
            /* Section offsets; sizes may grow into the final padding or shrink unnoticed
             * only in their low bits. */
            if (byte >= 40 && byte < 52 && bit < 2) CHECK(st != TNM_OK);
            if (byte == 56 && bit < 2) CHECK_EQ(TNM_FIELD_DATA_OFFSET, err.field);
            if (byte == 48 && bit < 2) CHECK_EQ(TNM_FIELD_LIST_OFFSET, err.field);
            /* A tensor record's type, rank, flags, dims and size bytes are always checked. */
            if (byte >= TNM_HEADER_SIZE && byte < layer_table) {
                uint32_t rel = (byte - TNM_HEADER_SIZE) % TNM_TENSOR_RECORD_SIZE;
                int32_t t = (int32_t)((byte - TNM_HEADER_SIZE) / TNM_TENSOR_RECORD_SIZE);
                if (rel >= TNM_BB_T_SIZE && rel < TNM_BB_T_SIZE + 4) {
                    CHECK_EQ(TNM_FIELD_TENSOR_SIZE, err.field);
                    CHECK_EQ(t, err.index);
                }
                if (rel >= TNM_BB_T_DIMS && rel < TNM_BB_T_DIMS + 2 * TNM_MAX_RANK) {
                    CHECK(err.field == TNM_FIELD_TENSOR_SIZE || err.field == TNM_FIELD_TENSOR_DIMS);
                    CHECK_EQ(t, err.index);
                }
                if (rel == TNM_BB_T_OFFSET && bit < 2) {
                    CHECK_EQ(TNM_FIELD_TENSOR_OFFSET, err.field);
                    CHECK_EQ(t, err.index);
                }
                if (rel == TNM_BB_T_FLAGS + 1 || (rel == TNM_BB_T_FLAGS && bit >= 2)) {
                    CHECK_EQ(TNM_FIELD_TENSOR_FLAGS, err.field);
                    CHECK_EQ(t, err.index);
                }
            }
            /* A layer record's op, counts and reserved bytes. */
            if (byte >= layer_table && byte < list_offset()) {
                uint32_t rel = (byte - layer_table) % TNM_LAYER_RECORD_SIZE;
                int32_t l = (int32_t)((byte - layer_table) / TNM_LAYER_RECORD_SIZE);
                if (rel == TNM_BB_L_OP + 1) { /* codes >= 256: unknown */
                    CHECK_EQ(TNM_ERR_UNSUPPORTED, st);
                    CHECK_EQ(TNM_FIELD_LAYER_OP, err.field);
                    CHECK_EQ(l, err.index);
                }
                /* flags: an in-place bit on a conv whose tensors allow it is valid */
                if ((rel == 6 || rel == 7) && st != TNM_OK) {
                    CHECK_EQ(TNM_FIELD_LAYER_FLAGS, err.field);
                    CHECK_EQ(l, err.index);
                }
                if (rel == TNM_BB_L_INPUT_COUNT || rel == TNM_BB_L_OUTPUT_COUNT) {
                    CHECK_EQ(rel == TNM_BB_L_INPUT_COUNT ? TNM_FIELD_LAYER_INPUT_COUNT
                                                         : TNM_FIELD_LAYER_OUTPUT_COUNT, err.field);
                    CHECK_EQ(l, err.index);
                }
                if (rel == TNM_BB_L_PARAM_COUNT || rel == TNM_BB_L_PARAM_COUNT + 1) {
                    CHECK_EQ(TNM_FIELD_LAYER_PARAM_COUNT, err.field);
                    CHECK_EQ(l, err.index);
                }
                if (rel == TNM_BB_L_LISTS && bit < 2) {
                    CHECK_EQ(TNM_FIELD_LAYER_LISTS, err.field);
                    CHECK_EQ(l, err.index);
                }
            }
            /* The model's input/output lists: high bytes of the entries name no tensor. */
            if (byte == list_offset() + 1 && bit >= 3) CHECK_EQ(TNM_FIELD_INPUT_TENSOR, err.field);
            if (byte == list_offset() + 3 && bit >= 3) CHECK_EQ(TNM_FIELD_OUTPUT_TENSOR, err.field);
            free(copy);
        }
    }
    printf("bit flips with CRC fixed: %d detected, %d still valid\n", detected, valid);
}

static void test_header_fields(void)
{
    uint8_t *b;
    b = fresh(); memcpy(b, "TNMX", 4);
    EXPECT("magic", TNM_ERR_VERSION, TNM_FIELD_MAGIC, -1, 0x584D4E54, 0x424D4E54);
    b = fresh(); tnm_bb_put_u16(b + 4, 1);
    EXPECT("version 1", TNM_ERR_VERSION, TNM_FIELD_FORMAT_VERSION, -1, 1, 3);
    /* Format 2 (tensor records of 28 bytes, 4 dims) is refused for its version, before any
     * record is read with the wrong layout. */
    b = fresh(); tnm_bb_put_u16(b + 4, 2);
    EXPECT("version 2", TNM_ERR_VERSION, TNM_FIELD_FORMAT_VERSION, -1, 2, 3);
    {
        tnm_error err;
        char msg[300];
        b = fresh(); tnm_bb_put_u16(b + 4, 2); tnm_bb_fix_crc(b, g_good_len);
        CHECK_EQ(TNM_ERR_VERSION, tnm_model_check(b, g_good_len, &err));
        tnm_error_format(&err, msg, sizeof msg);
        CHECK(strstr(msg, "format version 2, but this runtime reads version 3") != NULL);
    }
    {
        /* A format-1 blob (48-byte header) is refused for its version, not its length. */
        uint8_t v1[48] = {'T', 'N', 'M', 'B', 1, 0, 48, 0};
        tnm_error err;
        char msg[300];
        CHECK_EQ(TNM_ERR_VERSION, tnm_model_check(v1, 20, &err));
        CHECK_EQ(TNM_FIELD_FORMAT_VERSION, err.field);
        tnm_error_format(&err, msg, sizeof msg);
        CHECK(strstr(msg, "format version 1, but this runtime reads version 3") != NULL);
    }
    b = fresh(); tnm_bb_put_u16(b + 6, 48);
    EXPECT("header size", TNM_ERR_FORMAT, TNM_FIELD_HEADER_SIZE, -1, 48, 64);
    b = fresh(); tnm_bb_put_u32(b + 8, g_good_len + 4);
    EXPECT("blob size", TNM_ERR_FORMAT, TNM_FIELD_BLOB_SIZE, -1, (int32_t)g_good_len + 4, (int32_t)g_good_len);
    b = fresh(); b[12] ^= 1;
    expect("crc", b, g_good_len, 0, TNM_ERR_CHECKSUM, TNM_FIELD_CRC32, -1, -999, -999);
    b = fresh(); b[g_good_len - 1] ^= 0x80; /* last data byte */
    expect("data byte", b, g_good_len, 0, TNM_ERR_CHECKSUM, TNM_FIELD_CRC32, -1, -999, -999);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_ARENA, 0);
    EXPECT("arena 0", TNM_ERR_FORMAT, TNM_FIELD_ARENA_SIZE, -1, 0, 1);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_ARENA, 0x80000000u);
    EXPECT("arena huge", TNM_ERR_FORMAT, TNM_FIELD_ARENA_SIZE, -1, INT32_MIN, INT32_MAX);
    {   /* 4 bytes short of the tensors (the arena also holds this build's conv scratch) */
        const uint32_t tensors_end = arena_size() - tnm_bb_scratch(&g_b);
        b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_ARENA, tensors_end - 4);
        EXPECT("arena small", TNM_ERR_FORMAT, TNM_FIELD_ARENA_SIZE, 12, (int32_t)tensors_end - 4,
               (int32_t)tensors_end);
    }
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_STATE_SIZE, 6);
    EXPECT("state size odd", TNM_ERR_FORMAT, TNM_FIELD_STATE_SIZE, -1, 6, 4);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_STATE_OFFSET, 8);
    EXPECT("state offset without region", TNM_ERR_FORMAT, TNM_FIELD_STATE_OFFSET, -1, 8, 0);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_STATE_SIZE, 4); tnm_bb_put_u32(b + TNM_BB_H_STATE_OFFSET, arena_size());
    EXPECT("state past arena", TNM_ERR_FORMAT, TNM_FIELD_STATE_SIZE, -1, (int32_t)arena_size() + 4,
           (int32_t)arena_size());
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_STATE_SIZE, 4); tnm_bb_put_u32(b + TNM_BB_H_STATE_OFFSET, 8);
    EXPECT("activation in state", TNM_ERR_FORMAT, TNM_FIELD_STATE_OFFSET, 0, 0, 8);
    b = fresh(); tnm_bb_put_u16(b + TNM_BB_H_TENSOR_COUNT, 0);
    EXPECT("tensor count 0", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_COUNT, -1, 0, 1);
    b = fresh(); tnm_bb_put_u16(b + TNM_BB_H_TENSOR_COUNT, 1025);
    EXPECT("tensor count 1025", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_COUNT, -1, 1025, TNM_MAX_TENSORS);
    b = fresh(); tnm_bb_put_u16(b + TNM_BB_H_LAYER_COUNT, 0);
    EXPECT("layer count 0", TNM_ERR_FORMAT, TNM_FIELD_LAYER_COUNT, -1, 0, 1);
    b = fresh(); tnm_bb_put_u16(b + TNM_BB_H_LAYER_COUNT, 1000); /* table would run past the blob */
    EXPECT("layer count 1000", TNM_ERR_FORMAT, TNM_FIELD_LAYER_TABLE_OFFSET, -1,
           (int32_t)(hdr_u32(TNM_BB_H_LAYER_TABLE) + 1000 * TNM_LAYER_RECORD_SIZE), (int32_t)g_good_len);
    b = fresh(); tnm_bb_put_u16(b + TNM_BB_H_INPUT_COUNT, 0);
    EXPECT("input count 0", TNM_ERR_FORMAT, TNM_FIELD_INPUT_COUNT, -1, 0, 1);
    b = fresh(); tnm_bb_put_u16(b + TNM_BB_H_OUTPUT_COUNT, 17);
    EXPECT("output count 17", TNM_ERR_FORMAT, TNM_FIELD_OUTPUT_COUNT, -1, 17, TNM_MAX_IO);
    b = fresh(); tnm_bb_put_u16(b + TNM_BB_H_INIT_LAYERS, 12);
    EXPECT("init layers: no main", TNM_ERR_FORMAT, TNM_FIELD_INIT_LAYER_COUNT, -1, 12, 11);
    b = fresh(); tnm_bb_put_u16(b + TNM_BB_H_INIT_LAYERS, 2);
    EXPECT("init layers without state", TNM_ERR_FORMAT, TNM_FIELD_INIT_LAYER_COUNT, -1, 2, -1);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_TENSOR_TABLE, 66);
    EXPECT("tensor table misaligned", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_TABLE_OFFSET, -1, 66, 4);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_TENSOR_TABLE, 60);
    EXPECT("tensor table in header", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_TABLE_OFFSET, -1, 60, 64);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_TENSOR_TABLE, 0xFFFFFFF0u);
    EXPECT("tensor table far", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_TABLE_OFFSET, -1, -1, (int32_t)g_good_len);
    /* A tensor table cut short by the blob's end (the last record's last 8 bytes, its
     * scale and zero point, would lie past it). */
    b = fresh();
    tnm_bb_put_u32(b + TNM_BB_H_TENSOR_TABLE,
                   (g_good_len - tnm_bb_get_u16(b + TNM_BB_H_TENSOR_COUNT) * TNM_TENSOR_RECORD_SIZE + 8u) & ~3u);
    EXPECT("tensor table truncated", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_TABLE_OFFSET, -1, -999, (int32_t)g_good_len);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_LAYER_TABLE, g_good_len - 40);
    EXPECT("layer table past end", TNM_ERR_FORMAT, TNM_FIELD_LAYER_TABLE_OFFSET, -1,
           (int32_t)(g_good_len - 40 + 12 * TNM_LAYER_RECORD_SIZE), (int32_t)g_good_len);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_LIST_OFFSET, g_good_len + 4);
    EXPECT("list offset", TNM_ERR_FORMAT, TNM_FIELD_LIST_OFFSET, -1, (int32_t)g_good_len + 4, (int32_t)g_good_len);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_LIST_SIZE, g_good_len);
    EXPECT("list size", TNM_ERR_FORMAT, TNM_FIELD_LIST_SIZE, -1, (int32_t)g_good_len,
           (int32_t)(g_good_len - list_offset()));
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_LIST_SIZE, 2);
    EXPECT("list too short for the model lists", TNM_ERR_FORMAT, TNM_FIELD_LIST_SIZE, -1, 2, 4);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_LIST_SIZE, 8);
    EXPECT("truncated list section", TNM_ERR_FORMAT, TNM_FIELD_LAYER_LISTS, 0, -999, (int32_t)list_offset() + 8);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_DATA_OFFSET, g_good_len + 4);
    EXPECT("data offset", TNM_ERR_FORMAT, TNM_FIELD_DATA_OFFSET, -1, (int32_t)g_good_len + 4,
           (int32_t)g_good_len);
    b = fresh(); tnm_bb_put_u32(b + TNM_BB_H_DATA_SIZE, hdr_u32(TNM_BB_H_DATA_SIZE) + 4);
    EXPECT("data size", TNM_ERR_FORMAT, TNM_FIELD_DATA_SIZE, -1, (int32_t)(data_end() - data_offset() + 4),
           (int32_t)(g_good_len - data_offset()));
    b = fresh(); tnm_bb_put_u16(b + list_offset(), 19 + 1);
    EXPECT("input tensor", TNM_ERR_FORMAT, TNM_FIELD_INPUT_TENSOR, 0, 20, 19);
    b = fresh(); tnm_bb_put_u16(b + list_offset() + 2, 200);
    EXPECT("output tensor", TNM_ERR_FORMAT, TNM_FIELD_OUTPUT_TENSOR, 0, 200, 19);
    b = fresh(); tnm_bb_put_u16(b + list_offset() + 2, 0);
    EXPECT("output never written", TNM_ERR_FORMAT, TNM_FIELD_OUTPUT_TENSOR, 0, 0, -1);
    b = fresh(); tnm_bb_put_u16(b + list_offset(), 5);
    EXPECT("input overwritten", TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT, 4, 5, -1);
    b = fresh(); tnm_bb_put_u16(b + list_offset(), 13);
    EXPECT("constant model input", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_FLAGS, 13, TNM_TENSOR_CONSTANT, 0);
}

static void test_tensor_fields(void)
{
    float f;
    uint32_t bits, c = 13; /* tensor 13: the conv filter, a constant */
    fresh(); trec(3)[TNM_BB_T_TYPE] = 1; /* FLOAT16: not run here */
    EXPECT("type", TNM_ERR_UNSUPPORTED, TNM_FIELD_TENSOR_TYPE, 3, 1, 0);
    /* Rank: 0..6 in the record; a rank its layer's operator does not take is the layer's
     * error (tensor 3 is the output of layer 2, a CONV_2D: 4-D only). */
    fresh(); trec(3)[TNM_BB_T_RANK] = 7;
    EXPECT("rank 7", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_RANK, 3, 7, 6);
    fresh(); trec(3)[TNM_BB_T_RANK] = 255;
    EXPECT("rank 255", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_RANK, 3, 255, 6);
    fresh(); trec(3)[TNM_BB_T_RANK] = 5;
    EXPECT("rank 5 on CONV_2D", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_RANK, 2, 5, 4);
    fresh(); trec(3)[TNM_BB_T_RANK] = 6;
    EXPECT("rank 6 on CONV_2D", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_RANK, 2, 6, 4);
    fresh(); trec(3)[TNM_BB_T_RANK] = 0; /* dims beyond rank 0 must be 1 */
    EXPECT("rank 0 with dims", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_DIMS, 3, -999, 1);
    fresh(); tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS + 8, 2); /* dim 4 beyond rank 4 */
    EXPECT("dim 4 beyond rank", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_DIMS, 3, 2, 1);
    fresh(); tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS + 10, 0); /* dim 5 beyond rank 4 */
    EXPECT("dim 5 zero", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_DIMS, 3, 0, 1);
    fresh(); trec(3)[TNM_BB_T_RANK] = 6; tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS + 8, 0);
    EXPECT("rank 6, dim 4 zero", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_DIMS, 3, 0, 1);
    {   /* six dims of 65535: the element count overflows 32 bits, the size cannot match */
        int k;
        fresh(); trec(3)[TNM_BB_T_RANK] = 6;
        for (k = 0; k < 6; k++) tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS + 2 * k, 65535);
        EXPECT("huge 6-D dims", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SIZE, 3, 72, -1);
    }
    fresh(); tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS + 2, 0);
    EXPECT("dim 0", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_DIMS, 3, 0, 1);
    fresh(); tnm_bb_put_u16(trec(9) + TNM_BB_T_DIMS + 4, 2); /* beyond rank 2 */
    EXPECT("dim beyond rank", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_DIMS, 9, 2, 1);
    fresh(); tnm_bb_put_u32(trec(3) + TNM_BB_T_SIZE, 71);
    EXPECT("size", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SIZE, 3, 71, 72);
    fresh(); tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS, 65535); tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS + 2, 65535);
    tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS + 4, 65535); tnm_bb_put_u16(trec(3) + TNM_BB_T_DIMS + 6, 65535);
    EXPECT("huge dims", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SIZE, 3, 72, -1);
    fresh(); tnm_bb_put_u32(trec(3) + TNM_BB_T_OFFSET, 2);
    EXPECT("offset misaligned", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_OFFSET, 3, 2, 4);
    fresh(); tnm_bb_put_u32(trec(3) + TNM_BB_T_OFFSET, arena_size() - 68);
    EXPECT("tensor past arena", TNM_ERR_FORMAT, TNM_FIELD_ARENA_SIZE, 3, (int32_t)arena_size(),
           (int32_t)arena_size() + 4);
    fresh(); tnm_bb_put_u32(trec(3) + TNM_BB_T_OFFSET, 0xFFFFFFFCu);
    EXPECT("tensor far", TNM_ERR_FORMAT, TNM_FIELD_ARENA_SIZE, 3, (int32_t)arena_size(), -1);
    fresh(); tnm_bb_put_u16(trec(3) + TNM_BB_T_FLAGS, 3);
    EXPECT("flags both", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_FLAGS, 3, 3, 3);
    fresh(); tnm_bb_put_u16(trec(3) + TNM_BB_T_FLAGS, 8);
    EXPECT("flags unknown", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_FLAGS, 3, 8, 3);
    fresh(); tnm_bb_put_u16(trec(3) + TNM_BB_T_FLAGS, TNM_TENSOR_VARIABLE);
    EXPECT("variable without state", TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, 3, -999, 0);
    fresh(); tnm_bb_put_u32(trec(c) + TNM_BB_T_OFFSET, data_offset() - 4);
    EXPECT("constant before data", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_OFFSET, (int32_t)c,
           (int32_t)data_offset() - 4, (int32_t)data_offset());
    fresh(); tnm_bb_put_u32(trec(c) + TNM_BB_T_OFFSET, (data_end() - 4 * 17) & ~3u);
    EXPECT("constant past data", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_OFFSET, (int32_t)c,
           (int32_t)(((data_end() - 4 * 17) & ~3u) + 72), (int32_t)data_end());
    fresh(); tnm_bb_put_u32(trec(c) + TNM_BB_T_OFFSET, 0xFFFFFFFCu);
    EXPECT("constant wraps", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_OFFSET, (int32_t)c, -1, (int32_t)data_end());
    fresh(); tnm_bb_put_u32(trec(3) + TNM_BB_T_SCALE, 0);
    EXPECT("scale 0", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, 3, 0, 0);
    fresh(); tnm_bb_put_u32(trec(c) + TNM_BB_T_SCALE, 0); /* constants' scales are not used */
    EXPECT("constant scale 0", TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    fresh(); tnm_bb_put_u32(trec(3) + TNM_BB_T_SCALE, 0x7FC00000u);
    EXPECT("scale NaN", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, 3, 0x7FC00000, 0);
    fresh(); f = -0.5f; memcpy(&bits, &f, 4); tnm_bb_put_u32(trec(3) + TNM_BB_T_SCALE, bits);
    EXPECT("scale negative", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, 3, (int32_t)bits, 0);
    fresh(); tnm_bb_put_u32(trec(3) + TNM_BB_T_SCALE, 0x7F800000u);
    EXPECT("scale inf", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, 3, 0x7F800000, 0);
    fresh(); tnm_bb_put_u32(trec(3) + TNM_BB_T_ZERO_POINT, 200);
    EXPECT("zero point", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, 3, 200, 127);
    fresh(); tnm_bb_put_u32(trec(10) + TNM_BB_T_ZERO_POINT, (uint32_t)-127);
    EXPECT("softmax zero point", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, 10, -127, -128);
    /* conv input as int32 (size adjusted): a type the op does not run. */
    fresh(); trec(1)[TNM_BB_T_TYPE] = TNM_TYPE_INT32; tnm_bb_put_u32(trec(1) + TNM_BB_T_SIZE, 288);
    tnm_bb_put_u32(trec(1) + TNM_BB_T_OFFSET, 0); /* room in the arena; overlap checked later */
    EXPECT("conv int32 input", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, 0, TNM_TYPE_INT32,
           TNM_TYPE_INT8);
}

static void test_layer_fields(void)
{
    uint32_t q1;
    fresh(); tnm_bb_put_u16(lrec(1) + TNM_BB_L_OP, 0);
    EXPECT("op 0", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, 1, 0, 0);
    fresh(); tnm_bb_put_u16(lrec(1) + TNM_BB_L_OP, 200);
    EXPECT("op 200", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, 1, 200, 0);
    fresh(); tnm_bb_put_u16(lrec(1) + TNM_BB_L_OP, 62); /* no operator has this code */
    EXPECT("op 62", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, 1, 62, 0);
    fresh(); lrec(1)[TNM_BB_L_INPUT_COUNT] = 2;
    EXPECT("conv input count", TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_COUNT, 1, 2, 3);
    fresh(); lrec(1)[TNM_BB_L_OUTPUT_COUNT] = 2;
    EXPECT("conv output count", TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT_COUNT, 1, 2, 1);
    fresh(); tnm_bb_put_u16(lrec(1) + TNM_BB_L_PARAM_COUNT, 13);
    EXPECT("conv param count", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, 1, 13, 12);
    fresh(); tnm_bb_put_u16(lrec(11) + TNM_BB_L_PARAM_COUNT, 1);
    EXPECT("dequantize param count", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, 11, 1, 0);
    fresh(); tnm_bb_put_u32(lrec(1) + TNM_BB_L_LISTS, tnm_bb_get_u32(lrec(1) + TNM_BB_L_LISTS) + 2);
    EXPECT("lists misaligned", TNM_ERR_FORMAT, TNM_FIELD_LAYER_LISTS, 1, -999, 4);
    fresh(); tnm_bb_put_u32(lrec(1) + TNM_BB_L_LISTS, list_offset() - 4);
    EXPECT("lists before section", TNM_ERR_FORMAT, TNM_FIELD_LAYER_LISTS, 1, (int32_t)list_offset() - 4,
           (int32_t)list_offset());
    fresh(); tnm_bb_put_u32(lrec(1) + TNM_BB_L_LISTS, list_end() - 8);
    EXPECT("lists past section", TNM_ERR_FORMAT, TNM_FIELD_LAYER_LISTS, 1, (int32_t)list_end() - 8 + 8 + 48,
           (int32_t)list_end());
    fresh(); put_entry(1, 0, 19);
    EXPECT("input out of range", TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT, 1, 19, 19);
    fresh(); put_entry(1, 0, TNM_NO_TENSOR);
    EXPECT("input missing", TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT, 1, TNM_NO_TENSOR, 19);
    fresh(); put_entry(1, 3, 999);
    EXPECT("output out of range", TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT, 1, 999, 19);
    fresh(); put_entry(1, 3, 13);
    EXPECT("output constant", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_FLAGS, 13, TNM_TENSOR_CONSTANT, 0);
    fresh(); put_entry(1, 0, 15);
    EXPECT("constant where an activation goes", TNM_ERR_FORMAT, TNM_FIELD_LAYER_CONSTANT, 1, 15, 0);
    fresh(); put_entry(4, 1, 13);
    EXPECT("add constant operand: shape", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 4, -999, -999);
    /* Output overlapping the input in the arena. */
    fresh(); tnm_bb_put_u32(trec(2) + TNM_BB_T_OFFSET, g_b.tensors[1].offset + 4);
    EXPECT("overlap", TNM_ERR_FORMAT, TNM_FIELD_ARENA, 1, (int32_t)g_b.tensors[1].offset + 4,
           (int32_t)g_b.tensors[1].offset);

    /* Constant inputs of layer 1 (CONV_2D): filter 13, bias 14. */
    fresh(); put_entry(1, 1, TNM_NO_TENSOR);
    EXPECT("filter missing", TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT, 1, TNM_NO_TENSOR, 19);
    fresh(); put_entry(1, 1, 0);
    EXPECT("filter not constant", TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS, 1, 0, -1);
    fresh(); put_entry(1, 1, 14);
    EXPECT("filter int32", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, 1, TNM_TYPE_INT32, TNM_TYPE_INT8);
    fresh(); put_entry(1, 1, 15); /* the depthwise filter: 72 bytes too, passes */
    EXPECT("other filter of the same size", TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    fresh(); put_entry(1, 1, 17);
    EXPECT("weights size", TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS_SIZE, 1, 720, 72);
    fresh(); put_entry(1, 2, TNM_NO_TENSOR); /* bias is optional */
    EXPECT("no bias", TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    fresh(); put_entry(1, 2, 16);
    EXPECT("bias size", TNM_ERR_FORMAT, TNM_FIELD_LAYER_BIAS, 1, 32, 16);
    fresh(); put_entry(1, 2, 13);
    EXPECT("bias int8", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, 1, TNM_TYPE_INT8, TNM_TYPE_INT32);
    fresh(); tnm_bb_put_u32(lrec(1) + TNM_BB_L_QUANT_COUNT, 1);
    EXPECT("conv per-tensor quant", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_QUANT_COUNT, 1, 1, 4);
    fresh(); tnm_bb_put_u32(lrec(8) + TNM_BB_L_QUANT_COUNT, 3);
    EXPECT("fc quant count", TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT_COUNT, 8, 3, 10);
    fresh(); tnm_bb_put_u32(lrec(1) + TNM_BB_L_QUANT_OFFSET, 0);
    EXPECT("quant missing", TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, 1, 0, (int32_t)data_offset());
    q1 = tnm_bb_get_u32(good() + tnm_bb_layer_record(good(), 1) + TNM_BB_L_QUANT_OFFSET);
    fresh(); tnm_bb_put_u32(lrec(1) + TNM_BB_L_QUANT_OFFSET, q1 + 2);
    EXPECT("quant misaligned", TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, 1, (int32_t)q1 + 2, 4);
    fresh(); tnm_bb_put_u32(lrec(1) + TNM_BB_L_QUANT_OFFSET, (data_end() - 8) & ~3u);
    EXPECT("quant past end", TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, 1, (int32_t)((data_end() - 8) & ~3u) + 20,
           (int32_t)data_end());
    fresh(); tnm_bb_put_u32(g_work + q1 + 4, 12345);
    EXPECT("multiplier", TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, 1, 12345, 1 << 30);
    fresh(); tnm_bb_put_u32(g_work + q1 + 4, 0); /* 0 is allowed (a zero scale) */
    EXPECT("multiplier 0", TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    /* the edges of the one-pass test: negative, 2^30 - 1 refused; 2^30, 2^31 - 1 taken */
    fresh(); tnm_bb_put_u32(g_work + q1 + 8, 0xFFFFFFFBu);
    EXPECT("multiplier negative", TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, 1, -5, 1 << 30);
    fresh(); tnm_bb_put_u32(g_work + q1 + 8, 0x80000000u);
    EXPECT("multiplier -2^31", TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, 1, INT32_MIN, 1 << 30);
    fresh(); tnm_bb_put_u32(g_work + q1 + 12, (1u << 30) - 1u);
    EXPECT("multiplier 2^30 - 1", TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, 1, (1 << 30) - 1, 1 << 30);
    fresh(); tnm_bb_put_u32(g_work + q1 + 4, 1u << 30);
    tnm_bb_put_u32(g_work + q1 + 8, 0x7FFFFFFFu);
    g_work[q1 + 16 + 1] = 30;
    g_work[q1 + 16 + 2] = (uint8_t)(int8_t)-31;
    EXPECT("multipliers 2^30, 2^31 - 1, shifts 30, -31", TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    fresh(); g_work[q1 + 16 + 2] = 31;
    EXPECT("shift 31", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHIFT, 1, 31, 30);
    fresh(); g_work[q1 + 16 + 3] = (uint8_t)(int8_t)-32;
    EXPECT("shift -32", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHIFT, 1, -32, -31);
    fresh(); tnm_bb_put_u32(lrec(3) + TNM_BB_L_QUANT_OFFSET, q1);
    EXPECT("pool with quant", TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, 3, (int32_t)q1, 0);
    fresh(); tnm_bb_put_u32(lrec(5) + TNM_BB_L_QUANT_COUNT, 1);
    EXPECT("pool quant count", TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT_COUNT, 5, 1, 0);
}

static void test_params(void)
{
    /* Layer 1: CONV_2D 6x6 -> 6x6, 3x3, stride 1, pad 1 (SAME). */
    fresh(); put_param(1, 4, 0);
    EXPECT("stride 0", TNM_ERR_FORMAT, TNM_FIELD_LAYER_STRIDE, 1, 0, 1);
    fresh(); put_param(1, 5, 70000);
    EXPECT("stride big", TNM_ERR_FORMAT, TNM_FIELD_LAYER_STRIDE, 1, 70000, 65535);
    fresh(); put_param(1, 8, 0);
    EXPECT("dilation 0", TNM_ERR_FORMAT, TNM_FIELD_LAYER_DILATION, 1, 0, 1);
    fresh(); put_param(1, 9, 40000);
    EXPECT("dilation big", TNM_ERR_FORMAT, TNM_FIELD_LAYER_DILATION, 1, 40000, 32767);
    fresh(); put_param(1, 10, 0);
    EXPECT("filter 0", TNM_ERR_FORMAT, TNM_FIELD_LAYER_FILTER_SIZE, 1, 0, 1);
    fresh(); put_param(1, 6, -1);
    EXPECT("pad negative", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, 1, -1, 0);
    fresh(); put_param(1, 6, 3);
    EXPECT("pad >= filter", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, 1, 3, 2);
    fresh(); put_param(1, 7, 0); /* SAME output size 6 needs pad 1 */
    EXPECT("pad mismatch", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, 1, 0, 1);
    fresh(); put_param(1, 7, 2);
    EXPECT("pad wrong", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, 1, 2, 1);
    fresh(); put_param(1, 4, 2); /* stride 2 gives 3 rows, the tensor has 6 */
    EXPECT("stride vs shape", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 1, 6, 3);
    fresh(); put_param(1, 2, 10); put_param(1, 3, 5);
    EXPECT("act min > max", TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, 1, 5, 10);
    fresh(); put_param(1, 2, -129);
    EXPECT("act min", TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, 1, -129, -128);
    fresh(); put_param(1, 0, 1000);
    EXPECT("input offset", TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, 1, 1000, -g_b.tensors[1].zero_point);
    fresh(); put_param(1, 10, 2); /* a 2x3 filter: its weights are 48 bytes, not 72 */
    EXPECT("filter vs weights", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, 1, 1, 0);
    /* Layer 2: DEPTHWISE 4 -> 8 channels, depth multiplier 2. */
    fresh(); put_param(2, 12, 0);
    EXPECT("dw depth multiplier 0", TNM_ERR_FORMAT, TNM_FIELD_LAYER_DEPTH_MULTIPLIER, 2, 0, 1);
    fresh(); put_param(2, 12, 3);
    EXPECT("dw depth multiplier 3", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 2, 8, 12);
    /* Layer 3: MAX_POOL 2x2 stride 1 (params act_min, act_max, stride_h, stride_w, pad_h,
     * pad_w, filter_h, filter_w). */
    fresh(); put_param(3, 2, 0);
    EXPECT("pool stride 0", TNM_ERR_FORMAT, TNM_FIELD_LAYER_STRIDE, 3, 0, 1);
    fresh(); put_param(3, 6, 4);
    EXPECT("pool filter vs shape", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, 3, 0, 1);
    fresh(); put_param(3, 1, 200);
    EXPECT("pool act max", TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, 3, 200, 127);
    /* Layer 4: ADD. */
    fresh(); put_param(4, 5, 21);
    EXPECT("add left shift", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHIFT, 4, 21, 20);
    fresh(); put_param(4, 7, 1);
    EXPECT("add input shift", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHIFT, 4, 1, 0);
    fresh(); put_param(4, 10, 1 << 29);
    EXPECT("add multiplier", TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, 4, 1 << 29, 1 << 30);
    /* Layer 6: MUL broadcast [1,3,3,8] * [1,1,1,8]. Make input2 [1,1,1,4]: not broadcastable. */
    fresh(); tnm_bb_put_u16(trec(6) + TNM_BB_T_DIMS + 6, 4); tnm_bb_put_u32(trec(6) + TNM_BB_T_SIZE, 4);
    EXPECT("broadcast", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 5, 4, 8);
    /* Layer 8: FULLY_CONNECTED accum 72, depth 10. */
    fresh(); put_param(8, 5, 7);
    EXPECT("fc accum", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 8, 72, 77);
    fresh(); put_param(8, 6, 5);
    EXPECT("fc depth", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 8, 10, 5);
    fresh(); put_param(8, 5, 0);
    EXPECT("fc accum 0", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, 8, 0, 1);
    fresh(); put_param(8, 4, 129);
    EXPECT("fc filter offset", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, 8, 129, 128);
    /* Layer 9: SOFTMAX. */
    fresh(); put_param(9, 0, 5);
    EXPECT("softmax multiplier", TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, 9, 5, 1 << 30);
    fresh(); put_param(9, 2, 1);
    EXPECT("softmax diff_min", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, 9, 1, 0);
    /* a left shift of 31 (beta x input scale from 2^4 on: TFLM's diff_min 0) is accepted, 32 not */
    fresh(); put_param(9, 1, 31); put_param(9, 2, 0);
    EXPECT("softmax shift 31", TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    fresh(); put_param(9, 1, 32);
    EXPECT("softmax shift 32", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHIFT, 9, 32, 31);
    /* Layer 0: QUANTIZE float32 -> int8: no requantization words, the output's zero point. */
    fresh(); put_param(0, 0, 1 << 30);
    EXPECT("quantize f32 multiplier", TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_QUANTIZE, 0), 0, 1 << 30, 0);
    fresh(); put_param(0, 3, g_b.tensors[1].zero_point + 1);
    EXPECT("quantize zero point", TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, 0,
           g_b.tensors[1].zero_point + 1, g_b.tensors[1].zero_point);
    /* Layer 10: QUANTIZE int8 -> int8: the input zero point. */
    fresh(); put_param(10, 2, -127);
    EXPECT("requantize zero point", TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, 10, -127, -128);
    /* Layer 3: MAX_POOL output scale differs from input. */
    fresh(); tnm_bb_put_u32(trec(4) + TNM_BB_T_SCALE, 0x3F800000u);
    EXPECT("pool scale", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, 4, 0x3F800000, -999);
    /* Layer 7: RESHAPE to a different type. */
    fresh(); trec(8)[TNM_BB_T_TYPE] = TNM_TYPE_UINT8; tnm_bb_put_u32(trec(8) + TNM_BB_T_ZERO_POINT, 0);
    EXPECT("reshape type", TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT_TYPE, 7, TNM_TYPE_UINT8, TNM_TYPE_INT8);
}

/* The v2 structures, on the streaming model (tnm_bb_stateful_model): layers 0, 1 init
 * ASSIGN_VARIABLE; 2 CALL_ONCE; 3 READ_VARIABLE; 4 CONCATENATION; 5 STRIDED_SLICE;
 * 6 ASSIGN_VARIABLE; 7 SPLIT_V; 8 READ_VARIABLE; 9 CONCATENATION; 10 ASSIGN_VARIABLE;
 * 11 STRIDED_SLICE; 12 QUANTIZE. Tensors: inputs 0, 1; activations 2..10; variables 11, 12;
 * constants 13, 14. */
static void test_state_structures(void)
{
    uint32_t state_offset, state_end, ss;
    const uint32_t state_good_len = g_good_len;
    (void)state_good_len;
    tnm_bb_stateful_model(&g_b, 21);
    g_b.arena_extra = 16; /* room above the state region */
    g_good_len = tnm_bb_finish(&g_b, good(), sizeof g_good_words);
    CHECK_EQ(TNM_OK, tnm_model_check(good(), g_good_len, NULL));
    state_offset = g_b.state_offset;
    state_end = g_b.state_offset + g_b.state_size;
    ss = 7 + 2 * 3; /* STRIDED_SLICE strides[0] */

    fresh(); tnm_bb_put_u32(trec(11) + TNM_BB_T_OFFSET, state_offset);
    EXPECT("variable over the init flag", TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, 11, (int32_t)state_offset,
           (int32_t)state_offset + 4);
    fresh(); tnm_bb_put_u32(trec(11) + TNM_BB_T_OFFSET, state_end - 4);
    EXPECT("variable past the state region", TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, 11, (int32_t)state_end + 8,
           (int32_t)state_end);
    fresh(); tnm_bb_put_u32(trec(2) + TNM_BB_T_OFFSET, state_offset + 4);
    EXPECT("activation in the state region", TNM_ERR_FORMAT, TNM_FIELD_STATE_OFFSET, 2,
           (int32_t)state_offset + 4, (int32_t)state_offset);
    fresh(); tnm_bb_put_u16(g_work + TNM_BB_H_INIT_LAYERS, 3);
    EXPECT("init subgraph calls itself", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SUBGRAPH, 2, 1, 0);
    fresh(); tnm_bb_put_u16(g_work + TNM_BB_H_INIT_LAYERS, 1);
    EXPECT("first main layer not CALL_ONCE", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SUBGRAPH, 1,
           TNM_OP_ASSIGN_VARIABLE, TNM_OP_CALL_ONCE);
    fresh(); tnm_bb_put_u16(g_work + TNM_BB_H_INIT_LAYERS, 0);
    EXPECT("CALL_ONCE without init subgraph", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SUBGRAPH, 2, 1, -1);
    fresh(); put_param(2, 0, 0);
    EXPECT("CALL_ONCE of the main subgraph", TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_CALL_ONCE, 0), 2, 0, 1);
    fresh(); put_param(2, 0, 2);
    EXPECT("CALL_ONCE of subgraph 2", TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_CALL_ONCE, 0), 2, 2, 1);
    fresh(); put_entry(4, 1, 99);
    EXPECT("list entry out of range", TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT, 4, 99, 15);
    fresh(); put_entry(7, 2, 300);
    EXPECT("output list entry out of range", TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT, 7, 300, 15);
    fresh(); lrec(4)[TNM_BB_L_INPUT_COUNT] = 0;
    EXPECT("concatenation without inputs", TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_COUNT, 4, 0, 1);
    fresh(); lrec(4)[TNM_BB_L_INPUT_COUNT] = 33;
    EXPECT("concatenation of 33", TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_COUNT, 4, 33, 32);
    fresh(); tnm_bb_put_u16(lrec(5) + TNM_BB_L_PARAM_COUNT, 15);
    EXPECT("param block one word short", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, 5, 15, 16);
    fresh(); tnm_bb_put_u16(lrec(5) + TNM_BB_L_PARAM_COUNT, 6);
    EXPECT("param block below the fixed part", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, 5, 6, 7);
    fresh(); tnm_bb_put_u16(lrec(4) + TNM_BB_L_PARAM_COUNT, 2);
    EXPECT("param block too long", TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, 4, 2, 1);
    fresh(); tnm_bb_put_u32(g_work + TNM_BB_H_LIST_SIZE, tnm_bb_get_u32(lrec(5) + TNM_BB_L_LISTS) + 8 - list_offset());
    EXPECT("truncated lists", TNM_ERR_FORMAT, TNM_FIELD_LAYER_LISTS, 5, -999, -999);
    fresh(); put_entry(4, 0, 11);
    EXPECT("variable read by another op", TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, 4, 11, -1);
    fresh(); put_entry(3, 0, 0);
    EXPECT("READ_VARIABLE of an activation", TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, 3, 0, -2);
    fresh(); put_entry(3, 1, 12);
    EXPECT("variable written as an output", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_FLAGS, 12, TNM_TENSOR_VARIABLE, 0);
    fresh(); put_entry(6, 1, 2); /* assign [1,3,4] from ra: fine; from rb [1,1,4]: size */
    EXPECT("assign from the right shape", TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    fresh(); put_entry(6, 1, 7);
    EXPECT("assign size", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 6, 4, 12);
    fresh(); put_param(4, 0, 3);
    EXPECT("concatenation axis", TNM_ERR_FORMAT, TNM_FIELD_LAYER_AXIS, 4, 3, 2);
    fresh(); put_param(7, 0, 1);
    EXPECT("split axis vs shapes", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 7, 1, 4);
    fresh(); tnm_bb_put_u32(trec(0) + TNM_BB_T_ZERO_POINT, (uint32_t)(g_b.tensors[0].zero_point ^ 1));
    EXPECT("concatenation zero points", TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, 0, -999, -999);
    fresh(); put_param(5, ss + 1, 0);
    EXPECT("stride 0", TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 14), 5, 0, 1);
    fresh(); put_param(5, 2, 1);
    EXPECT("ellipsis mask", TNM_ERR_UNSUPPORTED, TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 2), 5, 1, 0);
    fresh(); put_param(5, 3, 2);
    EXPECT("new axis mask", TNM_ERR_UNSUPPORTED, TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 3), 5, 2, 0);
    fresh(); put_param(5, 0, 8);
    EXPECT("begin mask beyond the axes", TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 0), 5, 8, 7);
    fresh(); put_param(5, 6, 2);
    EXPECT("slice count vs rank", TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 6), 5, 2, 3);
    fresh(); put_param(5, 7 + 1, 1); /* begin 1 instead of 2: 4 rows, the output has 3 */
    EXPECT("slice shape", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 5, 3, 4);
    fresh(); put_param(11, 4, 3); /* also shrink axis 1, walked backwards: TFLM writes nothing */
    EXPECT("backwards shrink", TNM_ERR_UNSUPPORTED, TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 14), 11, -2, 1);
    fresh(); put_param(11, 4, 5); /* also shrink axis 2: a rank-1 output expected */
    EXPECT("shrink shape", TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, 11, 2, 1);
    fresh(); put_param(11, 7, 1); /* shrink axis 0 of size 1 at index 1 */
    EXPECT("shrink out of range", TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 7), 11, 1, 0);
    fresh(); put_param(12, 3, 0); /* uint8 output zero point */
    EXPECT("quantize to uint8 zero point", TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, 12, 0, -999);
    fresh(); trec(10)[TNM_BB_T_TYPE] = TNM_TYPE_BOOL;
    EXPECT("quantize to bool", TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, 12, TNM_TYPE_BOOL, TNM_TYPE_UINT8);
}

static void test_invoke_arguments(void)
{
    tnm_error err;
    int32_t info[TNM_LAYER_INFO_MAX_WORDS], tensor;
    float scale;
    uint32_t asz = arena_size();
    uint8_t *blob = copy_exact(good(), g_good_len);
    uint32_t *shifted_words = (uint32_t *)malloc(g_good_len + 8);
    uint8_t *shifted = (uint8_t *)shifted_words + 1;

    CHECK_EQ(TNM_OK, tnm_layer_invoke(blob, g_good_len, arena(), asz, 0, &err));
    CHECK_EQ(TNM_ERR_ARENA, tnm_layer_invoke(blob, g_good_len, arena(), asz - 1, 0, &err));
    CHECK_EQ(TNM_FIELD_ARENA, err.field);
    CHECK_EQ((int32_t)asz - 1, err.value);
    CHECK_EQ((int32_t)asz, err.limit);
    CHECK_EQ(TNM_ERR_ALIGNMENT, tnm_layer_invoke(blob, g_good_len, arena() + 2, asz, 0, &err));
    CHECK_EQ(TNM_FIELD_ARENA, err.field);
    CHECK_EQ(2, err.value);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke(blob, g_good_len, NULL, asz, 0, &err));
    CHECK_EQ(TNM_FIELD_ARENA, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke(blob, g_good_len, arena(), asz, -1, &err));
    CHECK_EQ(TNM_FIELD_LAYER_INDEX, err.field);
    CHECK_EQ(-1, err.value);
    CHECK_EQ(12, err.limit);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke(blob, g_good_len, arena(), asz, 12, &err));
    CHECK_EQ(TNM_FIELD_LAYER_INDEX, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke(NULL, g_good_len, arena(), asz, 0, &err));
    CHECK_EQ(TNM_FIELD_BLOB_LENGTH, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_info(blob, g_good_len, 12, info, TNM_LAYER_INFO_MAX_WORDS, &err));
    CHECK_EQ(TNM_FIELD_LAYER_INDEX, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_tensor_info(blob, g_good_len, 19, info, &scale, &err));
    CHECK_EQ(TNM_FIELD_TENSOR_INDEX, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_tensor_info(blob, g_good_len, 0, info, NULL, &err));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_info(blob, g_good_len, NULL, &err));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_info(blob, g_good_len, 0, NULL, 10, &err));
    CHECK_EQ(TNM_ERR_BUFFER, tnm_layer_info(blob, g_good_len, 0, info, -1, &err));
    CHECK_EQ(TNM_FIELD_LAYER_INFO, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_io_tensor(blob, g_good_len, 0, 1, &tensor, &err));
    CHECK_EQ(TNM_FIELD_IO_POSITION, err.field);
    CHECK_EQ(1, err.value);
    CHECK_EQ(1, err.limit);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_io_tensor(blob, g_good_len, 1, -1, &tensor, &err));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_io_tensor(blob, g_good_len, 1, 0, NULL, &err));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_reset_state(blob, g_good_len, NULL, asz, &err));
    CHECK_EQ(TNM_ERR_ARENA, tnm_model_reset_state(blob, g_good_len, arena(), asz - 4, &err));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_check(NULL, 0, &err));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_model_check(blob, 0x80000000u, &err));
    CHECK_EQ(TNM_OK, tnm_model_check(blob, g_good_len, NULL)); /* err is optional */

    /* The blob at an odd address: headers are read bytewise, but the int32 arrays the
     * kernels take in place are misaligned. */
    memcpy(shifted, good(), g_good_len);
    CHECK_EQ(TNM_ERR_ALIGNMENT, tnm_model_check(shifted, g_good_len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_CONSTANT, err.field); /* the int32 bias */
    CHECK_EQ(1, err.index);
    CHECK_EQ(1, err.value);
    CHECK_EQ(TNM_OK, tnm_layer_invoke(shifted, g_good_len, arena(), asz, 0, &err)); /* QUANTIZE */
    CHECK_EQ(TNM_ERR_ALIGNMENT, tnm_layer_invoke(shifted, g_good_len, arena(), asz, 1, &err));
    CHECK_EQ(TNM_OK, tnm_layer_info(shifted, g_good_len, 3, info, TNM_LAYER_INFO_MAX_WORDS, &err)); /* MAX_POOL */

    /* Changed after the check: invoke validates the layer again. */
    CHECK_EQ(TNM_OK, tnm_model_check(blob, g_good_len, &err));
    tnm_bb_put_u32(blob + tnm_bb_tensor_record(blob, 13) + TNM_BB_T_OFFSET, 70000);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_layer_invoke(blob, g_good_len, arena(), asz, 1, &err));
    CHECK_EQ(TNM_FIELD_TENSOR_OFFSET, err.field);
    CHECK_EQ(13, err.index);
    CHECK_EQ(TNM_OK, tnm_layer_invoke(blob, g_good_len, arena(), asz, 0, &err)); /* others still run */
    tnm_bb_put_u32(blob + tnm_bb_tensor_record(blob, 2) + TNM_BB_T_OFFSET, asz);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_layer_invoke(blob, g_good_len, arena(), asz, 2, &err));
    CHECK_EQ(TNM_FIELD_ARENA_SIZE, err.field);
    CHECK_EQ(2, err.index);
    tnm_bb_put_u32(blob + 8, g_good_len + 100);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_layer_invoke(blob, g_good_len, arena(), asz, 0, &err));
    CHECK_EQ(TNM_FIELD_BLOB_SIZE, err.field);
    free(shifted_words);
    free(blob);
}

static void expect_message(const tnm_error *e, const char *expected)
{
    char msg[300];
    int32_t n = tnm_error_format(e, msg, sizeof msg);
    CHECK_EQ((int32_t)strlen(msg), n);
    if (strcmp(msg, expected) != 0) {
        fprintf(stderr, "message:  %s\nexpected: %s\n", msg, expected);
        CHECK(0);
    }
}

static void test_messages(void)
{
    tnm_error e;
    char small[10];
    int32_t code, field;
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS, 3, 78000, 29000);
    expect_message(&e, "malformed model: layer 3 weights end at byte 78000, past the end of the "
                       "data section (byte 29000)");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS, 3, 0, 400);
    expect_message(&e, "malformed model: layer 3 needs weights, but has none (offset 0)");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_LAYER_BIAS, 2, 402, 4);
    expect_message(&e, "malformed model: layer 2 bias offset 402 is not a multiple of 4");
    tnm_fail(&e, TNM_ERR_ARENA, TNM_FIELD_ARENA, -1, 1000, 4096);
    expect_message(&e, "arena too small: the arena is 1000 bytes, but the model needs 4096");
    tnm_fail(&e, TNM_ERR_CHECKSUM, TNM_FIELD_CRC32, -1, 0x12345678, (int32_t)0xCAFEBABEu);
    expect_message(&e, "checksum mismatch: the stored CRC32 0x12345678 does not match the computed "
                       "0xCAFEBABE: the model bytes were changed or damaged");
    tnm_fail(&e, TNM_ERR_VERSION, TNM_FIELD_MAGIC, -1, 0x334C4654, 0x424D4E54);
    expect_message(&e, "unknown model format: the model starts with bytes 54 46 4C 33 instead of "
                       "\"TNMB\": is it a .tnm file made by `tinyml compile`?");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_LAYER_STRIDE, 1, 0, 1);
    expect_message(&e, "malformed model: layer 1 stride is 0, but must be at least 1");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_BLOB_SIZE, -1, 5000, 4000);
    expect_message(&e, "malformed model: the header says the model is 5000 bytes, but the buffer "
                       "holds 4000 (truncated, padded or wrong length passed)");
    tnm_fail(&e, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_INDEX, -1, 12, 12);
    expect_message(&e, "invalid argument: layer index 12 is out of range: the model has 12 layers");
    tnm_fail(&e, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, 4, TNM_TYPE_INT16, TNM_TYPE_INT8);
    expect_message(&e, "unsupported: layer 4 has a int16 input, but its operator needs int8");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_CONCATENATION, 0), 4, 5, 3);
    expect_message(&e, "malformed model: layer 4 parameter axis (word 0) of CONCATENATION is 5, but "
                       "must be at most 3");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 13), 2, 0, 1);
    expect_message(&e, "malformed model: layer 2 parameter begin/end/strides (word 13) of STRIDED_SLICE is 0, "
                       "but must be at least 1");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SUBGRAPH, 1, 1, 0);
    expect_message(&e, "malformed model: layer 1 is a CALL_ONCE inside the init subgraph: the init "
                       "subgraph would call itself");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, 12, 4000, 3000);
    expect_message(&e, "malformed model: variable tensor 12 ends at arena byte 4000, past the state "
                       "region (which ends at byte 3000)");
    tnm_fail(&e, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, 3, 99, 0);
    expect_message(&e, "unsupported: layer 3 has operator code 99, which this runtime does not know "
                       "(include/tnm/tnm_ops.def lists the codes)");
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_TABLE_OFFSET, -1, -16, 4000);
    expect_message(&e, "malformed model: the tensor table ends at byte 4294967280, past the end of "
                       "the model (4000 bytes)");
    tnm_fail(&e, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    expect_message(&e, "ok");

    /* Truncation and every code/field pair: a NUL-terminated sentence, never overflowing. */
    tnm_fail(&e, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS, 3, 78000, 29000);
    CHECK_EQ(9, tnm_error_format(&e, small, sizeof small));
    CHECK(strcmp(small, "malformed") == 0);
    CHECK_EQ(0, tnm_error_format(&e, small, 1));
    CHECK_EQ(0, small[0]);
    CHECK_EQ(0, tnm_error_format(&e, NULL, 10));
    CHECK_EQ(0, tnm_error_format(NULL, small, sizeof small));
    for (code = -9; code <= 0; code++) {
        for (field = -1; field <= TNM_FIELD_COUNT + 3; field++) {
            int32_t values[3] = {0, 4, -7}, k;
            for (k = 0; k < 3; k++) {
                char msg[300];
                int32_t n;
                /* the fields, then parameter fields of a known and an unknown operator */
                const int32_t f = field <= TNM_FIELD_COUNT ? field
                                  : field == TNM_FIELD_COUNT + 1 ? (int32_t)TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, 200)
                                  : field == TNM_FIELD_COUNT + 2 ? (int32_t)TNM_FIELD_PARAM(TNM_OP_RESHAPE, 3)
                                                                 : (int32_t)TNM_FIELD_PARAM(62, 0);
                tnm_fail(&e, code, (tnm_field)f, k - 1, values[k], values[(k + 1) % 3]);
                memset(msg, 'x', sizeof msg);
                n = tnm_error_format(&e, msg, sizeof msg);
                CHECK(n > 0 && n < (int32_t)sizeof msg && msg[n] == '\0');
            }
        }
    }
}

/* Prepared layers (tnm_layer_prepare / tnm_layer_invoke_prepared): the whole model through
 * plans gives the arena bytes of tnm_layer_invoke after every layer, twice in a row; every
 * wrong plan, blob or arena argument is refused with its field. */
static void test_prepared_layers(void)
{
    static uint64_t plans[12][TNM_PREPARED_LAYER_BYTES / 8u];
    static uint32_t ref_words[4096];
    uint8_t *ref = (uint8_t *)ref_words;
    const uint32_t asz = arena_size();
    uint8_t *blob = copy_exact(good(), g_good_len);
    uint8_t *other;
    tnm_error err;
    char msg[256];
    uint32_t k, seed = 12345u;
    int32_t layer, run;

    CHECK(asz <= sizeof ref_words);
    for (layer = 0; layer < 12; layer++)
        CHECK_EQ(TNM_OK, tnm_layer_prepare(blob, g_good_len, layer, plans[layer], sizeof plans[layer], &err));
    for (k = 0; k < asz; k++) {
        seed = seed * 1103515245u + 12345u;
        ref[k] = arena()[k] = (uint8_t)(seed >> 16);
    }
    for (run = 0; run < 2; run++) {
        for (layer = 0; layer < 12; layer++) {
            CHECK_EQ(TNM_OK, tnm_layer_invoke(blob, g_good_len, ref, asz, layer, &err));
            CHECK_EQ(TNM_OK, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, layer, plans[layer], sizeof plans[layer], &err));
            CHECK(memcmp(ref, arena(), asz) == 0);
        }
    }

    /* a plan 4 bytes past an 8-byte boundary (a 32-bit nanoCLR's byte[]; on a 64-bit host
     * the library works on an aligned copy): the same bytes, twice in a row */
    {
        static uint64_t off4[TNM_PREPARED_LAYER_BYTES / 8u + 1u];
        void *plan4 = (uint8_t *)off4 + 4;
        CHECK_EQ(4u, TNM_PREPARED_LAYER_ALIGN);
        for (run = 0; run < 2; run++) {
            for (layer = 0; layer < 12; layer++) {
                CHECK_EQ(TNM_OK, tnm_layer_prepare(blob, g_good_len, layer, plan4, TNM_PREPARED_LAYER_BYTES, &err));
                CHECK_EQ(TNM_OK, tnm_layer_invoke(blob, g_good_len, ref, asz, layer, &err));
                CHECK_EQ(TNM_OK, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, layer, plan4,
                                                           TNM_PREPARED_LAYER_BYTES, &err));
                CHECK(memcmp(ref, arena(), asz) == 0);
            }
        }
        /* another layer's plan is refused there too, and a failed prepare leaves none */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, 3, plan4,
                                                             TNM_PREPARED_LAYER_BYTES, &err));
        CHECK_EQ(TNM_FIELD_PLAN, err.field);
        CHECK_EQ(11, err.value);
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_prepare(blob, g_good_len, 12, plan4, TNM_PREPARED_LAYER_BYTES, &err));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_prepare(NULL, g_good_len, 11, plan4, TNM_PREPARED_LAYER_BYTES, &err));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, 11, plan4,
                                                             TNM_PREPARED_LAYER_BYTES, &err));
        CHECK_EQ(-1, err.value);
    }

    /* the plan argument */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_prepare(blob, g_good_len, 0, NULL, TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    CHECK_EQ(TNM_ERR_ALIGNMENT, tnm_layer_prepare(blob, g_good_len, 0, (uint8_t *)plans[11] + 2,
                                                  TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    CHECK_EQ(2, err.value);
    CHECK_EQ(TNM_ERR_BUFFER, tnm_layer_prepare(blob, g_good_len, 0, plans[11], TNM_PREPARED_LAYER_BYTES - 1, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    CHECK_EQ((int32_t)TNM_PREPARED_LAYER_BYTES, err.limit);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, 0, NULL, TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    CHECK_EQ(TNM_ERR_BUFFER, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, 0, plans[0], 16, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    CHECK_EQ(16, err.value);
    /* the index: out of range at prepare; another layer's plan at invoke */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_prepare(blob, g_good_len, 12, plans[11], sizeof plans[11], &err));
    CHECK_EQ(TNM_FIELD_LAYER_INDEX, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, 0, plans[11], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, 2, plans[1], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    CHECK_EQ(1, err.value);
    CHECK_EQ(2, err.limit);
    tnm_error_format(&err, msg, (int32_t)sizeof msg);
    CHECK(strstr(msg, "prepared for layer 1") != NULL);
    /* a failed prepare leaves no plan: the buffer is refused afterwards */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_prepare(NULL, g_good_len, 11, plans[11], sizeof plans[11], &err));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, 11, plans[11], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    CHECK_EQ(-1, err.value);
    tnm_error_format(&err, msg, (int32_t)sizeof msg);
    CHECK(strstr(msg, "not one tnm_layer_prepare made") != NULL);
    /* bytes that are no plan at all */
    memset(plans[11], 0x5A, sizeof plans[11]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz, 11, plans[11], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    /* a plan of another model (another CRC word), or a blob of another length */
    other = copy_exact(good(), g_good_len);
    other[12] ^= 1u;
    CHECK_EQ(TNM_ERR_FORMAT, tnm_layer_invoke_prepared(other, g_good_len, arena(), asz, 0, plans[0], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_PLAN, err.field);
    tnm_error_format(&err, msg, (int32_t)sizeof msg);
    CHECK(strstr(msg, "another model") != NULL);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_layer_invoke_prepared(blob, g_good_len - 4, arena(), asz, 0, plans[0], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_BLOB_SIZE, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(NULL, g_good_len, arena(), asz, 0, plans[0], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_BLOB_LENGTH, err.field);
    /* the arena, as tnm_layer_invoke checks it */
    CHECK_EQ(TNM_ERR_ARENA, tnm_layer_invoke_prepared(blob, g_good_len, arena(), asz - 1, 0, plans[0], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_ARENA, err.field);
    CHECK_EQ((int32_t)asz, err.limit);
    CHECK_EQ(TNM_ERR_ALIGNMENT, tnm_layer_invoke_prepared(blob, g_good_len, arena() + 2, asz, 0, plans[0], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_ARENA, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_layer_invoke_prepared(blob, g_good_len, NULL, asz, 0, plans[0], TNM_PREPARED_LAYER_BYTES, &err));
    CHECK_EQ(TNM_FIELD_ARENA, err.field);
    /* a malformed layer is refused at prepare with tnm_layer_invoke's error */
    memcpy(other, good(), g_good_len);
    tnm_bb_put_u16(other + tnm_bb_layer_record(other, 3), 0xFFFEu);
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_layer_invoke(other, g_good_len, arena(), asz, 3, &err));
    CHECK_EQ(TNM_ERR_UNSUPPORTED, tnm_layer_prepare(other, g_good_len, 3, plans[3], sizeof plans[3], &err));
    CHECK_EQ(TNM_FIELD_LAYER_OP, err.field);
    CHECK_EQ(3, err.index);
    free(other);
    free(blob);
}

int main(void)
{
    tnm_bb_sample_model(&g_b, 11);
    g_good_len = tnm_bb_finish(&g_b, good(), sizeof g_good_words);
    CHECK(g_good_len > 0);
    CHECK_EQ(TNM_OK, tnm_model_check(good(), g_good_len, NULL));
    test_truncated();
    test_bit_flips();
    test_header_fields();
    test_tensor_fields();
    test_layer_fields();
    test_params();
    test_invoke_arguments();
    test_prepared_layers();
    test_messages();
    test_state_structures();
    return tnm_test_finish("test_runtime_malformed");
}
