/*
 * Argument windows: the checks every interop glue (host P/Invoke exports, nanoCLR handlers)
 * makes on the arrays a managed caller passes. Managed arrays arrive whole, with an offset and
 * the count the call reads or writes from it; the glues only unpack those arguments and call
 * these, so both report the same typed error for the same mistake.
 */
#ifndef TNM_ARGS_H
#define TNM_ARGS_H

#include <stdint.h>

#include "tnm/tnm_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* array[offset .. offset + count) must lie inside an array of length items.
 * Errors (TNM_ERR_ARGUMENT, index -1):
 *   array NULL                      -> array_field, (0, 0)
 *   count < 0 or length < count     -> array_field, (length, count)
 *   offset < 0 or > length - count  -> offset_field, (offset, length - count)
 * A wrong count itself is left to the C API the glue calls next (it names the expected
 * count). No arithmetic here can overflow for any int32_t arguments. */
tnm_status tnm_check_window(const void *array, int32_t length, int32_t offset, int32_t count,
                            tnm_field array_field, tnm_field offset_field, tnm_error *err);

/* The two windows of a frame call (front ends, features): the input
 * in[in_offset .. + in_count) (errors name in_field or TNM_FIELD_SAMPLE_OFFSET), then the
 * output out[out_offset .. + out_count) (errors name out_field or TNM_FIELD_FEATURE_OFFSET). */
tnm_status tnm_check_frame(const void *in, int32_t in_length, int32_t in_offset,
                           int32_t in_count, tnm_field in_field, const void *out,
                           int32_t out_length, int32_t out_offset, int32_t out_count,
                           tnm_field out_field, tnm_error *err);

#ifdef __cplusplus
}
#endif

#endif
