/*
 * Argument windows shared by the interop glues (tnm_args.h).
 */
#include <stddef.h>

#include "tnm/tnm_args.h"

tnm_status tnm_check_window(const void *array, int32_t length, int32_t offset, int32_t count,
                            tnm_field array_field, tnm_field offset_field, tnm_error *err)
{
    if (array == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, array_field, -1, 0, 0);
    if (count < 0 || length < count) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, array_field, -1, length, count);
    }
    /* length >= count >= 0 here, so length - count cannot overflow. */
    if (offset < 0 || offset > length - count) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, offset_field, -1, offset, length - count);
    }
    return TNM_OK;
}

tnm_status tnm_check_frame(const void *in, int32_t in_length, int32_t in_offset,
                           int32_t in_count, tnm_field in_field, const void *out,
                           int32_t out_length, int32_t out_offset, int32_t out_count,
                           tnm_field out_field, tnm_error *err)
{
    tnm_status status = tnm_check_window(in, in_length, in_offset, in_count, in_field,
                                         TNM_FIELD_SAMPLE_OFFSET, err);
    if (status != TNM_OK) return status;
    return tnm_check_window(out, out_length, out_offset, out_count, out_field,
                            TNM_FIELD_FEATURE_OFFSET, err);
}
