/*
 * Helpers shared by the host P/Invoke glue (tnm_host_glue.h).
 */
#include <stddef.h>

#include "tnm_host_glue.h"

void tnm_glue_clear(tnm_error *err) { tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0); }

int32_t tnm_glue_finish(const tnm_error *err, int32_t *error5)
{
    if (error5 != NULL) {
        error5[0] = err->code;
        error5[1] = err->field;
        error5[2] = err->index;
        error5[3] = err->value;
        error5[4] = err->limit;
    }
    return err->code;
}

int32_t tnm_glue_words_to_bytes(int32_t words)
{
    if (words < 0) return -1;
    if (words > INT32_MAX / 4) return INT32_MAX;
    return words * 4;
}

tnm_status tnm_glue_check_window(const void *array, int32_t length, int32_t offset,
                                 int32_t count, tnm_field array_field, tnm_field offset_field,
                                 tnm_error *err)
{
    if (array == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, array_field, -1, 0, 0);
    if (count < 0 || length < count) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, array_field, -1, length, count);
    }
    if (offset < 0 || offset > length - count) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, offset_field, -1, offset, length - count);
    }
    return TNM_OK;
}

tnm_status tnm_glue_check_frame(const void *in, int32_t in_length, int32_t in_offset,
                                int32_t in_count, tnm_field in_field, const void *out,
                                int32_t out_length, int32_t out_offset, int32_t out_count,
                                tnm_field out_field, tnm_error *err)
{
    tnm_status status = tnm_glue_check_window(in, in_length, in_offset, in_count, in_field,
                                              TNM_FIELD_SAMPLE_OFFSET, err);
    if (status != TNM_OK) return status;
    return tnm_glue_check_window(out, out_length, out_offset, out_count, out_field,
                                 TNM_FIELD_FEATURE_OFFSET, err);
}
