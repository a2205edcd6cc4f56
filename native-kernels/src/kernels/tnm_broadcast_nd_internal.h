/*
 * N-D broadcasting of up to three inputs against one output (internal, inline): DIV,
 * COMPARISON and SELECT_V2. TFLite's BroadcastBinaryOpSimple / BroadcastSelectSimple visit the
 * output in row-major order, each input read at its own index, 0 along the dims where it is 1;
 * the same order here: an odometer over the output's outer dims, a run along the last one.
 */
#ifndef TNM_BROADCAST_ND_INTERNAL_H
#define TNM_BROADCAST_ND_INTERNAL_H

#include <stdint.h>

#include "tnm_nd_internal.h"

#define TNM_BCAST_MAX_INPUTS 3

typedef struct {
    int32_t rank;  /* the output's */
    int32_t count; /* output elements */
    int32_t shape[TNM_ND_MAX_RANK];
    int32_t stride[TNM_BCAST_MAX_INPUTS][TNM_ND_MAX_RANK]; /* element strides, 0 where broadcast */
} tnm_bcast;

/* The output's dims valid, each input's rank at most the output's and each of its dims,
 * right-aligned, equal to the output's or 1. 0 otherwise. */
static inline int tnm_bcast_init(tnm_bcast *b, const tnm_nd_dims *output, const tnm_nd_dims *const *inputs,
                                 int32_t n)
{
    int32_t k, i;
    if (n < 1 || n > TNM_BCAST_MAX_INPUTS || !tnm_nd_dims_ok(output, &b->count)) return 0;
    b->rank = output->rank;
    for (i = 0; i < b->rank; ++i) b->shape[i] = output->dims[i];
    for (k = 0; k < n; ++k) {
        const tnm_nd_dims *d = inputs[k];
        int32_t lead, acc = 1;
        if (!tnm_nd_dims_ok(d, 0) || d->rank > b->rank) return 0;
        lead = b->rank - d->rank;
        for (i = b->rank - 1; i >= 0; --i) {
            const int32_t dim = i < lead ? 1 : d->dims[i - lead];
            if (dim != 1 && dim != b->shape[i]) return 0;
            b->stride[k][i] = dim == 1 ? 0 : acc;
            acc *= dim;
        }
    }
    return 1;
}

/* Step the odometer over dims 0 .. rank-2 (the last dim is the caller's run) and move each
 * input's offset with it. Returns 0 after the last run. */
static inline int tnm_bcast_next(const tnm_bcast *b, int32_t *idx, int32_t *off, int32_t n)
{
    int32_t d, k;
    for (d = b->rank - 2; d >= 0; --d) {
        if (++idx[d] < b->shape[d]) {
            for (k = 0; k < n; ++k) off[k] += b->stride[k][d];
            return 1;
        }
        idx[d] = 0;
        for (k = 0; k < n; ++k) off[k] -= b->stride[k][d] * (b->shape[d] - 1);
    }
    return 0;
}

#endif
