/*
 * Helpers shared by the host P/Invoke glue (tnm_host*.c). Internal to tinyml_native:
 * not part of the C API and not exported for P/Invoke. The checks of the caller's array
 * windows are the C API's (tnm/tnm_args.h), shared with the nanoCLR handlers.
 */
#ifndef TNM_HOST_GLUE_H
#define TNM_HOST_GLUE_H

#include <stdint.h>

#include "tnm/tnm_status.h"

#if defined(_WIN32)
#define TNM_HOST_EXPORT __declspec(dllexport)
#else
#define TNM_HOST_EXPORT __attribute__((visibility("default")))
#endif

/* Sets *err to "no error" (TNM_OK, no field, index -1). */
void tnm_glue_clear(tnm_error *err);

/* Copies the detail into error5 = int32[TNM_ERROR_WORDS] (code, field, index, value,
 * limit) when error5 is not NULL, and returns the code. */
int32_t tnm_glue_finish(const tnm_error *err, int32_t *error5);

/* A buffer size given in int32 words as bytes: -1 when negative, INT32_MAX when it
 * would overflow (the C API then reports the real problem). */
int32_t tnm_glue_words_to_bytes(int32_t words);

#endif
