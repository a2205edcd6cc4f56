/* DYNAMIC_UPDATE_SLICE (TFLM dynamic_update_slice.cc): the output is the operand with the
 * update written over the box that starts at `start`. Each start is first clamped into
 * [0, operand dim - update dim] (TFLM's CalculateClampedStartIndices), so the box always fits
 * and no start value is an error. An update as large as the operand is the whole output.
 * Elements are opaque (element_size bytes). The operand is copied first unless the output is
 * the operand's own bytes. */
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_kernels_data.h"

tnm_status tnm_dynamic_update_slice(const tnm_nd_dims *operand_dims, const int32_t *update_dims,
                                    int32_t element_size, const void *operand, const void *update,
                                    const void *start, void *output)
{
    const uint8_t *upd = (const uint8_t *)update;
    uint8_t *out = (uint8_t *)output;
    int32_t rank, i, clamped[TNM_ND_MAX_RANK], pos[TNM_ND_MAX_RANK];
    size_t out_stride[TNM_ND_MAX_RANK], operand_n = 1, update_n = 1, row, at;
    if (operand_dims == NULL || update_dims == NULL || operand == NULL || update == NULL || start == NULL ||
        output == NULL)
        return TNM_ERR_ARGUMENT;
    rank = operand_dims->rank;
    if (rank < 1 || rank > TNM_ND_MAX_RANK || (element_size != 1 && element_size != 2 && element_size != 4))
        return TNM_ERR_ARGUMENT;
    for (i = 0; i < rank; ++i) {
        if (operand_dims->dims[i] < 1 || update_dims[i] < 1 || update_dims[i] > operand_dims->dims[i])
            return TNM_ERR_ARGUMENT;
        operand_n *= (size_t)operand_dims->dims[i];
        update_n *= (size_t)update_dims[i];
        if (operand_n > (size_t)INT32_MAX) return TNM_ERR_ARGUMENT;
    }
    if (update_n == operand_n) { /* the update is the whole operand */
        memcpy(out, upd, update_n * (size_t)element_size);
        return TNM_OK;
    }
    if (operand != output) memcpy(out, operand, operand_n * (size_t)element_size);
    for (i = 0; i < rank; ++i) {
        /* start clamped to [0, dim - update dim] (int64 in TFLM; int32 here, same result) */
        const int32_t hi = operand_dims->dims[i] - update_dims[i];
        int32_t s = 0;
        memcpy(&s, (const uint8_t *)start + 4 * i, sizeof s);
        clamped[i] = s < 0 ? 0 : s > hi ? hi : s;
        pos[i] = 0;
    }
    out_stride[rank - 1] = (size_t)element_size;
    for (i = rank - 2; i >= 0; --i) out_stride[i] = out_stride[i + 1] * (size_t)operand_dims->dims[i + 1];
    /* rows along the last axis, the update's rows in order */
    row = (size_t)update_dims[rank - 1] * (size_t)element_size;
    for (;;) {
        int32_t k;
        at = 0;
        for (k = 0; k < rank; ++k) at += (size_t)(clamped[k] + (k == rank - 1 ? 0 : pos[k])) * out_stride[k];
        memcpy(out + at, upd, row);
        upd += row;
        for (k = rank - 2; k >= 0; --k) {
            if (++pos[k] < update_dims[k]) break;
            pos[k] = 0;
        }
        if (k < 0) break;
    }
    return TNM_OK;
}
