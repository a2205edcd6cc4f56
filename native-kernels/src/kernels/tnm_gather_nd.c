/* GATHER_ND (TFLM gather_nd.cc): indices as [n_slices, depth] int32; slice i is the params
 * block at (indices[i][0], .., indices[i][depth - 1]): the slice_size elements of the params'
 * dims after the first depth, copied whole. Every index is checked against its own dim before
 * the first byte is written. TFLM checks only that the flat position lies inside the params
 * (an index past its dim but inside the tensor reads another row there) and has written the
 * slices before a bad one when it stops; here any index outside its dim is refused, nothing
 * written. */
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_kernels_data.h"

static int dims_ok(const tnm_nd_dims *params, int32_t depth, int32_t n_slices)
{
    int32_t i;
    int64_t n = 1;
    if (params == NULL || params->rank < 1 || params->rank > TNM_ND_MAX_RANK) return 0;
    if (depth < 1 || depth > params->rank || depth > TNM_GATHER_ND_MAX_DEPTH || n_slices < 1) return 0;
    for (i = 0; i < params->rank; ++i) {
        if (params->dims[i] < 1) return 0;
        n *= params->dims[i];
        if (n > INT32_MAX) return 0;
    }
    return 1;
}

int32_t tnm_gather_nd_first_bad_index(const tnm_nd_dims *params, int32_t depth, int32_t n_slices,
                                      const int32_t *indices)
{
    int64_t i, n;
    if (!dims_ok(params, depth, n_slices) || indices == NULL) return -1;
    n = (int64_t)n_slices * depth;
    for (i = 0; i < n && i <= INT32_MAX; ++i) {
        const int32_t v = indices[i], dim = params->dims[i % depth];
        if (v < 0 || v >= dim) return (int32_t)i;
    }
    return -1;
}

tnm_status tnm_gather_nd(const tnm_nd_dims *params, int32_t depth, int32_t n_slices, int32_t element_size,
                         const void *params_data, const int32_t *indices, void *output)
{
    const uint8_t *in = (const uint8_t *)params_data;
    uint8_t *out = (uint8_t *)output;
    size_t stride[TNM_GATHER_ND_MAX_DEPTH], slice = (size_t)element_size;
    int32_t i, j;
    if (params_data == NULL || indices == NULL || output == NULL || !dims_ok(params, depth, n_slices))
        return TNM_ERR_ARGUMENT;
    if (element_size != 1 && element_size != 2 && element_size != 4) return TNM_ERR_ARGUMENT;
    if ((int64_t)n_slices * depth > INT32_MAX) return TNM_ERR_ARGUMENT;
    if (tnm_gather_nd_first_bad_index(params, depth, n_slices, indices) >= 0) return TNM_ERR_ARGUMENT;
    for (i = params->rank - 1; i >= depth; --i) slice *= (size_t)params->dims[i];
    /* bytes per step of index j: the slice times the dims between j and depth */
    {
        size_t s = slice;
        for (j = depth - 1; j >= 0; --j) {
            stride[j] = s;
            s *= (size_t)params->dims[j];
        }
    }
    for (i = 0; i < n_slices; ++i, out += slice) {
        size_t at = 0;
        for (j = 0; j < depth; ++j) at += (size_t)indices[(size_t)i * (size_t)depth + (size_t)j] * stride[j];
        memcpy(out, in + at, slice);
    }
    return TNM_OK;
}
