/* SELECT_V2 (TFLM select.cc: reference_ops Select and BroadcastSelect5DSlow, whose
 * BroadcastSelectSimple takes 8 dims): output = condition ? x : y, the three inputs broadcast
 * (tnm_broadcast_nd_internal.h), elements copied as they are. */
#include <string.h>

#include "tnm_broadcast_nd_internal.h"

tnm_status tnm_select(int32_t element_size, const tnm_nd_dims *condition, const uint8_t *condition_data,
                      const tnm_nd_dims *x, const void *x_data, const tnm_nd_dims *y, const void *y_data,
                      const tnm_nd_dims *output, void *output_data)
{
    const tnm_nd_dims *ins[3];
    tnm_bcast b;
    int32_t idx[TNM_ND_MAX_RANK] = {0}, off[3] = {0, 0, 0}, at = 0, j, last, run, sc, sx, sy;
    const uint8_t *xs = (const uint8_t *)x_data, *ys = (const uint8_t *)y_data;
    uint8_t *out = (uint8_t *)output_data;
    if (condition == 0 || condition_data == 0 || x == 0 || x_data == 0 || y == 0 || y_data == 0 || output == 0 ||
        output_data == 0 || (element_size != 1 && element_size != 2 && element_size != 4))
        return TNM_ERR_ARGUMENT;
    ins[0] = condition;
    ins[1] = x;
    ins[2] = y;
    if (!tnm_bcast_init(&b, output, ins, 3)) return TNM_ERR_ARGUMENT;
    last = b.rank - 1;
    run = b.shape[last];
    sc = b.stride[0][last];
    sx = b.stride[1][last];
    sy = b.stride[2][last];
    do {
        for (j = 0; j < run; ++j) {
            const uint8_t *from = condition_data[off[0] + j * sc] ? xs + (size_t)(off[1] + j * sx) * element_size
                                                                  : ys + (size_t)(off[2] + j * sy) * element_size;
            memcpy(out + (size_t)(at + j) * element_size, from, (size_t)element_size);
        }
        at += run;
    } while (tnm_bcast_next(&b, idx, off, 3));
    return TNM_OK;
}
