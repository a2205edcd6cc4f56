/*
 * Helpers shared by the host P/Invoke glue (tnm_host*.c). Internal to tinyml_native:
 * not part of the C API and not exported for P/Invoke.
 */
#ifndef TNM_HOST_GLUE_H
#define TNM_HOST_GLUE_H

#include <stdint.h>

#include "tnm/tnm_status.h"

#if defined(_WIN32)
#define TNM_HOST_EXPORT __declspec(dllexport)
#else
#define TNM_HOST_EXPORT __attribute__((visibility("default")))
/* The two windows of a frame call: input in[in_offset .. + in_count) (errors name
 * in_field or TNM_FIELD_SAMPLE_OFFSET), then output out[out_offset .. + out_count)
 * (errors name out_field or TNM_FIELD_FEATURE_OFFSET). */
tnm_status tnm_glue_check_frame(const void *in, int32_t in_length, int32_t in_offset,
                                int32_t in_count, tnm_field in_field, const void *out,
                                int32_t out_length, int32_t out_offset, int32_t out_count,
                                tnm_field out_field, tnm_error *err);

#endif

/* Sets *err to "no error" (TNM_OK, no field, index -1). */
void tnm_glue_clear(tnm_error *err);

/* Copies the detail into error5 = int32[TNM_ERROR_WORDS] (code, field, index, value,
 * limit) when error5 is not NULL, and returns the code. */
int32_t tnm_glue_finish(const tnm_error *err, int32_t *error5);

/* A buffer size given in int32 words as bytes: -1 when negative, INT32_MAX when it
 * would overflow (the C API then reports the real problem). */
int32_t tnm_glue_words_to_bytes(int32_t words);

/* array[offset .. offset + count) must lie inside an array of length items. A wrong
 * count itself is left to the C API (it names the expected count). Errors name
 * array_field (NULL array, array too short) or offset_field. */
tnm_status tnm_glue_check_window(const void *array, int32_t length, int32_t offset,
                                 int32_t count, tnm_field array_field, tnm_field offset_field,
                                 tnm_error *err);

/* The two windows of a frame call: input in[in_offset .. + in_count) (errors name
 * in_field or TNM_FIELD_SAMPLE_OFFSET), then output out[out_offset .. + out_count)
 * (errors name out_field or TNM_FIELD_FEATURE_OFFSET). */
tnm_status tnm_glue_check_frame(const void *in, int32_t in_length, int32_t in_offset,
                                int32_t in_count, tnm_field in_field, const void *out,
                                int32_t out_length, int32_t out_offset, int32_t out_count,
                                tnm_field out_field, tnm_error *err);

#endif
