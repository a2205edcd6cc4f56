/*
 * Host glue for the model compiler: the kernels' scratch-size queries, so the compiler
 * sizes arenas with the same arithmetic the kernels use. dims: int32[4] NHWC each.
 * Returns the bytes (>= 0), or -1 for a bad argument or a shape out of range.
 */
#include <stdint.h>

#include "tnm/tnm_kernels.h"
#include "tnm_host_glue.h"

TNM_HOST_EXPORT int32_t tnm_host_conv_scratch_size_max(int32_t depthwise, const int32_t *input4,
                                                       const int32_t *filter4,
                                                       const int32_t *output4);

static int dims_of(const int32_t *v, tnm_dims *d)
{
    if (v == 0 || v[0] < 1 || v[1] < 1 || v[2] < 1 || v[3] < 1) return 0;
    d->n = v[0];
    d->h = v[1];
    d->w = v[2];
    d->c = v[3];
    return 1;
}

TNM_HOST_EXPORT int32_t tnm_host_conv_scratch_size_max(int32_t depthwise, const int32_t *input4,
                                                       const int32_t *filter4,
                                                       const int32_t *output4)
{
    tnm_dims in, filter, out;
    if (!dims_of(input4, &in) || !dims_of(filter4, &filter) || !dims_of(output4, &out)) return -1;
    return depthwise ? tnm_depthwise_conv_s8_scratch_size_max(&in, &filter, &out)
                     : tnm_conv_s8_scratch_size_max(&in, &filter, &out);
}
