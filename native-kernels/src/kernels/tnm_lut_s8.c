/* LUT: an int8 element-wise function as a 256-byte table (tnm_kernels.h). Four values a
 * word: one load, four lookups, one store; the tail one at a time. */
#include <string.h>

#include "tnm/tnm_kernels.h"

tnm_status tnm_lut_s8(const int8_t *table, int32_t count, const int8_t *input, int8_t *output)
{
    const uint8_t *t = (const uint8_t *)table;
    int32_t i = 0;
    if (table == 0 || count < 0 || (count > 0 && (input == 0 || output == 0))) return TNM_ERR_ARGUMENT;
    for (; i + 4 <= count; i += 4) {
        uint32_t x, y;
        memcpy(&x, input + i, 4);
        y = (uint32_t)t[x & 0xFFu] | (uint32_t)t[(x >> 8) & 0xFFu] << 8 | (uint32_t)t[(x >> 16) & 0xFFu] << 16 |
            (uint32_t)t[x >> 24] << 24;
        memcpy(output + i, &y, 4);
    }
    for (; i < count; ++i) output[i] = (int8_t)t[(uint8_t)input[i]];
    return TNM_OK;
}
