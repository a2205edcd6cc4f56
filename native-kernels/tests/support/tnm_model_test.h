/*
 * Steps the runtime tests share on a blob they built (tnm_blob_builder.h): check it, run its
 * one layer against a reference output, and expect a parameter to be refused. Each failure
 * is a failed check (tnm_test.h) with a line naming `what` and, for a refused model, the
 * runtime's error sentence.
 */
#ifndef TNM_MODEL_TEST_H
#define TNM_MODEL_TEST_H

#include <stdint.h>

#include "tnm/tnm_model.h"

/* tnm_model_check(blob, len) must pass. Returns its status. */
tnm_status tnm_test_check_model(const uint8_t *blob, uint32_t len, const char *what);

/* Layer 0 of a checked blob must run and leave the out_bytes of ref at arena + out_offset,
 * through tnm_layer_invoke and (arenas up to 32 KB, from the same arena bytes) through
 * tnm_layer_invoke_readonly, and prepared once (tnm_layer_prepare) then run twice through
 * tnm_layer_invoke_prepared. */
void tnm_test_invoke_layer0(const uint8_t *blob, uint32_t len, uint8_t *arena,
                            uint32_t arena_len, uint32_t out_offset, const void *ref,
                            uint32_t out_bytes, const char *what);

/* As tnm_test_expect_param_error, then: a parameter field's sentence names the parameter and its
 * operator; the word is put back and the blob passes again. */
void tnm_test_expect_param_error_restored(uint8_t *blob, uint32_t len, uint32_t k, int32_t v, int32_t field);

/* tnm_model_check must refuse the blob with code, naming field (what: the case, printed when
 * it does not). */
void tnm_test_expect_refused(const uint8_t *blob, uint32_t len, tnm_status code, int32_t field,
                             const char *what);

/* Sets parameter word k of layer 0 to v (and the CRC); tnm_model_check must then refuse the
 * blob with TNM_ERR_FORMAT naming field. *err gets the detail. */
void tnm_test_expect_param_error(uint8_t *blob, uint32_t len, uint32_t k, int32_t v,
                                 int32_t field, tnm_error *err);

#endif
