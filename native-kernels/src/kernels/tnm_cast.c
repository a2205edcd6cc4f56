/* CAST (TFLM cast.cc): each element converted as C++'s static_cast does, no quantization.
 * Inputs int8, int16, int32, float32, bool; outputs int8, int16, int32, float32 (TFLM's
 * lists without uint32, which the blob format does not carry).
 *   integer -> narrower integer: the low bits, two's complement (what static_cast gives on
 *     every compiler TFLM builds with; written out here, as C leaves it to the compiler);
 *   float32 -> integer: truncated toward zero into int32, then the low bits as above; NaN gives
 *     0 and values beyond int32 saturate, as Arm's VCVT does (C and C++ leave both undefined;
 *     x86 gives INT32_MIN instead);
 *   integer -> float32: rounded to nearest (int32 beyond 2^24); bool: 0 or 1 (any nonzero
 *     byte is true). */
#include <string.h>

#include "tnm/tnm_kernels_data.h"
#include "tnm/tnm_model.h" /* TNM_TYPE_* */

static int cast_input_ok(int32_t type)
{
    return type == TNM_TYPE_INT8 || type == TNM_TYPE_INT16 || type == TNM_TYPE_INT32 ||
           type == TNM_TYPE_FLOAT32 || type == TNM_TYPE_BOOL;
}

static int cast_output_ok(int32_t type)
{
    return type == TNM_TYPE_INT8 || type == TNM_TYPE_INT16 || type == TNM_TYPE_INT32 ||
           type == TNM_TYPE_FLOAT32;
}

/* float -> int32 as Arm's VCVT: toward zero, NaN 0, saturated */
static int32_t float_to_i32(float f)
{
    if (f != f) return 0;
    if (f >= 2147483648.0f) return INT32_MAX;
    if (f <= -2147483648.0f) return INT32_MIN;
    return (int32_t)f;
}

tnm_status tnm_cast(int32_t count, const void *input, int32_t input_type, void *output, int32_t output_type)
{
    const uint8_t *in = (const uint8_t *)input;
    uint8_t *out = (uint8_t *)output;
    int32_t i;
    if (input == NULL || output == NULL || count < 0 || !cast_input_ok(input_type) || !cast_output_ok(output_type))
        return TNM_ERR_ARGUMENT;
    for (i = 0; i < count; ++i) {
        int32_t v = 0;
        float f = 0.0f;
        int is_float = 0;
        switch (input_type) {
        case TNM_TYPE_INT8: v = (int8_t)in[i]; break;
        case TNM_TYPE_BOOL: v = in[i] != 0; break;
        case TNM_TYPE_INT16: { int16_t s; memcpy(&s, in + 2 * i, 2); v = s; break; }
        case TNM_TYPE_INT32: memcpy(&v, in + 4 * i, 4); break;
        default: memcpy(&f, in + 4 * i, 4); is_float = 1; break;
        }
        if (output_type == TNM_TYPE_FLOAT32) {
            if (!is_float) f = (float)v;
            memcpy(out + 4 * i, &f, 4);
            continue;
        }
        if (is_float) v = float_to_i32(f);
        if (output_type == TNM_TYPE_INT8) {
            const int32_t b = (int32_t)((uint32_t)v & 0xFFu);
            out[i] = (uint8_t)b; /* the low byte: int8's two's complement bits */
        } else if (output_type == TNM_TYPE_INT16) {
            const int32_t low = (int32_t)((uint32_t)v & 0xFFFFu);
            const int16_t s = (int16_t)(low >= 0x8000 ? low - 0x10000 : low);
            memcpy(out + 2 * i, &s, 2);
        } else {
            memcpy(out + 4 * i, &v, 4);
        }
    }
    return TNM_OK;
}
