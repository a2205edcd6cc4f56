/*
 * Steps the runtime tests share on a built blob (tnm_model_test.h).
 */
#include <stdio.h>
#include <string.h>

#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "tnm_test.h"

tnm_status tnm_test_check_model(const uint8_t *blob, uint32_t len, const char *what)
{
    tnm_error err;
    tnm_status st = tnm_model_check(blob, len, &err);
    CHECK_EQ(TNM_OK, st);
    if (st != TNM_OK) {
        char msg[256];
        tnm_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s: %s\n", what, msg);
    }
    return st;
}

void tnm_test_expect_param_error_restored(uint8_t *blob, uint32_t len, uint32_t k, int32_t v, int32_t field)
{
    const uint32_t at = tnm_bb_layer_param(blob, 0, k);
    const uint32_t good = tnm_bb_get_u32(blob + at);
    tnm_error err;
    tnm_test_expect_param_error(blob, len, k, v, field, &err);
    if (field >= TNM_FIELD_PARAM_BASE) {
        char msg[256];
        tnm_error_format(&err, msg, sizeof msg);
        CHECK(strstr(msg, "parameter ") != NULL);
        CHECK(strstr(msg, tnm_op_name((field - TNM_FIELD_PARAM_BASE) / 256)) != NULL);
    }
    tnm_bb_put_u32(blob + at, good);
    tnm_bb_fix_crc(blob, len);
    CHECK_EQ(TNM_OK, tnm_model_check(blob, len, &err));
}

void tnm_test_expect_refused(const uint8_t *blob, uint32_t len, tnm_status code, int32_t field,
                             const char *what)
{
    tnm_error err;
    const tnm_status st = tnm_model_check(blob, len, &err);
    CHECK_EQ(code, st);
    CHECK_EQ(field, err.field);
    if (st != code || err.field != field) fprintf(stderr, "%s: status %d field %d\n", what, (int)st, (int)err.field);
}

void tnm_test_invoke_layer0(const uint8_t *blob, uint32_t len, uint8_t *arena,
                            uint32_t arena_len, uint32_t out_offset, const void *ref,
                            uint32_t out_bytes, const char *what)
{
    /* the arena as given, for the second run (read-only path) */
    static uint8_t saved[32768];
    const int again = arena_len <= sizeof saved;
    tnm_error err;
    uint32_t k;
    if (again) memcpy(saved, arena, arena_len);
    CHECK_EQ(TNM_OK, tnm_layer_invoke(blob, len, arena, arena_len, 0, &err));
    if (memcmp(arena + out_offset, ref, out_bytes) != 0) {
        fprintf(stderr, "%s: output differs from the direct kernel call\n", what);
        CHECK(0);
    }
    if (!again) return;
    /* the same layer through the read-only path (trusted records, as a firmware's flash
     * table runs them), its output bytes first set to anything but the expected ones */
    memcpy(arena, saved, arena_len);
    for (k = 0; k < out_bytes; k++) arena[out_offset + k] = (uint8_t)~((const uint8_t *)ref)[k];
    CHECK_EQ(TNM_OK, tnm_layer_invoke_readonly(blob, len, arena, arena_len, 0, &err));
    if (memcmp(arena + out_offset, ref, out_bytes) != 0) {
        fprintf(stderr, "%s: read-only invoke: output differs from the direct kernel call\n", what);
        CHECK(0);
    }
    /* and prepared once, then run twice (a plan is reused across inferences) */
    {
        static uint64_t plan[TNM_PREPARED_LAYER_BYTES / 8u];
        int run;
        CHECK_EQ(TNM_OK, tnm_layer_prepare(blob, len, 0, plan, sizeof plan, &err));
        for (run = 0; run < 2; run++) {
            memcpy(arena, saved, arena_len);
            for (k = 0; k < out_bytes; k++) arena[out_offset + k] = (uint8_t)~((const uint8_t *)ref)[k];
            CHECK_EQ(TNM_OK, tnm_layer_invoke_prepared(blob, len, arena, arena_len, 0, plan, sizeof plan, &err));
            if (memcmp(arena + out_offset, ref, out_bytes) != 0) {
                fprintf(stderr, "%s: prepared invoke %d: output differs from the direct kernel call\n",
                        what, run);
                CHECK(0);
            }
        }
    }
}

void tnm_test_expect_param_error(uint8_t *blob, uint32_t len, uint32_t k, int32_t v,
                                 int32_t field, tnm_error *err)
{
    tnm_bb_put_u32(blob + tnm_bb_layer_param(blob, 0, k), (uint32_t)v);
    tnm_bb_fix_crc(blob, len);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob, len, err));
    CHECK_EQ(field, err->field);
}
