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
