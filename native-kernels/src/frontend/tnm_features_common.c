/*
 * Quantization and argument checks shared by the front ends
 * (tnm_features_internal.h).
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "tnm_features_internal.h"

int8_t tnm_features_quantize(float v, float scale, int32_t zero_point)
{
    const float r = v / scale;
    float q = r >= 0.0f ? floorf(r + 0.5f) : ceilf(r - 0.5f); /* half away from zero */
    q += (float)zero_point;
    if (!(q >= -128.0f)) q = -128.0f; /* also maps NaN to -128 */
    if (q > 127.0f) q = 127.0f;
    return (int8_t)q;
}

int32_t tnm_features_float_bits(float v)
{
    int32_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
}

tnm_status tnm_features_check_buffer(const void *buffer, int32_t size, int32_t need,
                                     tnm_field field, tnm_error *err)
{
    if (buffer == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, field, -1, 0, 0);
    if (((uintptr_t)buffer & 3u) != 0) {
        return tnm_fail(err, TNM_ERR_ALIGNMENT, field, -1, (int32_t)((uintptr_t)buffer & 3u), 4);
    }
    if (size < need) return tnm_fail(err, TNM_ERR_BUFFER, field, -1, size, need);
    return TNM_OK;
}

tnm_status tnm_features_check_scratch(const void *scratch, int32_t scratch_size, int32_t need,
                                      tnm_error *err)
{
    return tnm_features_check_buffer(scratch, scratch_size, need, TNM_FIELD_FEATURE_SCRATCH, err);
}

tnm_status tnm_features_check_quantization(float scale, int32_t zero_point, tnm_error *err)
{
    if (!(scale > 0.0f && scale <= 3.4e38f)) { /* also rejects NaN and infinity */
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SCALE, -1,
                        tnm_features_float_bits(scale), 0);
    }
    if (zero_point < -128 || zero_point > 127) {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_ZERO_POINT, -1, zero_point,
                        zero_point < -128 ? -128 : 127);
    }
    return TNM_OK;
}
