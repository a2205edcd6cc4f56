/*
 * 4-D broadcasting shared by the binary element-wise kernels (internal, inline):
 * TFLite's NdArrayDescsForElementwiseBroadcast for NHWC dims, where each input dim
 * either equals the output dim or is 1 (read again along that output dim).
 */
#ifndef TNM_BROADCAST_INTERNAL_H
#define TNM_BROADCAST_INTERNAL_H

#include <stdint.h>

#include "tnm/tnm_kernels.h"

/* Element strides of an input in the output's index space: 0 along broadcast dims. */
typedef struct {
    int32_t n, h, w, c;
} tnm_broadcast_strides;

/* Every dim of in equals the output's or is 1. Both dims already checked. */
static inline int tnm_broadcast_ok(const tnm_dims *in, const tnm_dims *out)
{
    return (in->n == out->n || in->n == 1) && (in->h == out->h || in->h == 1) &&
           (in->w == out->w || in->w == 1) && (in->c == out->c || in->c == 1);
}

static inline tnm_broadcast_strides tnm_broadcast_strides_for(const tnm_dims *d)
{
    tnm_broadcast_strides s;
    s.c = d->c == 1 ? 0 : 1;
    s.w = d->w == 1 ? 0 : d->c;
    s.h = d->h == 1 ? 0 : d->w * d->c;
    s.n = d->n == 1 ? 0 : d->h * d->w * d->c;
    return s;
}

#endif
