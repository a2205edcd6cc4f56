/*
 * Helpers for the N-D kernels (PAD, TRANSPOSE, MEAN/SUM; internal, inline).
 */
#ifndef TNM_ND_INTERNAL_H
#define TNM_ND_INTERNAL_H

#include <stdint.h>

#include "tnm/tnm_kernels.h"

/* rank in [1, TNM_ND_MAX_RANK], every dim >= 1 and the element count fits in int32
 * (so every flat index does too). Writes the count to *count when count != NULL. */
static inline int tnm_nd_dims_ok(const tnm_nd_dims *d, int32_t *count)
{
    int64_t n = 1;
    int32_t i;
    if (d == 0 || d->rank < 1 || d->rank > TNM_ND_MAX_RANK) return 0;
    for (i = 0; i < d->rank; ++i) {
        if (d->dims[i] < 1) return 0;
        n *= d->dims[i];
        if (n > INT32_MAX) return 0;
    }
    if (count != 0) *count = (int32_t)n;
    return 1;
}

/* The dims of d (rank <= n) extended to n with leading 1s (TFLite's ExtendedShape). */
static inline void tnm_nd_extend(const tnm_nd_dims *d, int32_t *out, int32_t n)
{
    const int32_t lead = n - d->rank;
    int32_t i;
    for (i = 0; i < n; ++i) out[i] = i < lead ? 1 : d->dims[i - lead];
}

#endif
