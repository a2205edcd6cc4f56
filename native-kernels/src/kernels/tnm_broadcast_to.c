/* BROADCAST_TO (TFLM broadcast_to.cc, reference_ops::BroadcastTo): the input, its dims
 * right-aligned to the output's rank (1 in front), repeated along every axis where its dim is 1
 * and the output's is not. A byte copy of element_size bytes (any type; quantization untouched).
 * The compiler also lowers FILL (a scalar value) and ZEROS_LIKE (a constant zero) onto it. */
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_kernels_data.h"

tnm_status tnm_broadcast_to(const tnm_nd_dims *input, const tnm_nd_dims *output, int32_t element_size,
                            const void *input_data, void *output_data)
{
    const uint8_t *in = (const uint8_t *)input_data;
    uint8_t *out = (uint8_t *)output_data;
    int32_t rank, i, k, in_dims[TNM_ND_MAX_RANK], pos[TNM_ND_MAX_RANK];
    size_t in_stride[TNM_ND_MAX_RANK], out_n = 1, es, last, in_last;
    if (input == NULL || output == NULL || input_data == NULL || output_data == NULL) return TNM_ERR_ARGUMENT;
    if (element_size != 1 && element_size != 2 && element_size != 4) return TNM_ERR_ARGUMENT;
    rank = output->rank;
    if (rank < 0 || rank > TNM_ND_MAX_RANK || input->rank < 0 || input->rank > rank) return TNM_ERR_ARGUMENT;
    es = (size_t)element_size;
    for (i = 0; i < rank; ++i) {
        const int32_t j = i - (rank - input->rank);
        in_dims[i] = j < 0 ? 1 : input->dims[j];
        if (output->dims[i] < 1 || (in_dims[i] != 1 && in_dims[i] != output->dims[i])) return TNM_ERR_ARGUMENT;
        out_n *= (size_t)output->dims[i];
        if (out_n > (size_t)INT32_MAX) return TNM_ERR_ARGUMENT;
        pos[i] = 0;
    }
    if (rank == 0) { /* a scalar to a scalar */
        memcpy(out, in, es);
        return TNM_OK;
    }
    /* the input's strides, 0 along a broadcast axis */
    {
        size_t s = es;
        for (i = rank - 1; i >= 0; --i) {
            in_stride[i] = in_dims[i] == 1 ? 0 : s;
            s *= (size_t)in_dims[i];
        }
    }
    last = (size_t)output->dims[rank - 1];
    in_last = (size_t)in_dims[rank - 1];
    for (;;) {
        size_t at = 0, n;
        for (k = 0; k < rank - 1; ++k) at += (size_t)pos[k] * in_stride[k];
        if (in_last == last) { /* a whole row */
            memcpy(out, in + at, last * es);
            out += last * es;
        } else { /* one element repeated */
            for (n = 0; n < last; ++n, out += es) memcpy(out, in + at, es);
        }
        for (k = rank - 2; k >= 0; --k) {
            if (++pos[k] < output->dims[k]) break;
            pos[k] = 0;
        }
        if (k < 0) break;
    }
    return TNM_OK;
}
