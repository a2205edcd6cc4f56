/* GATHER (TFLM gather.cc): the input as [batch, outer, axis, inner], the positions as
 * [batch, coords]; output (b, o, c) = input (b, o, positions[b][c]), rows of inner elements
 * copied whole. Any element size. Every position is checked against the axis before the
 * first byte is written (TFLM only asserts it in debug builds; an index from a model input
 * must not read outside the tensor). */
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_kernels_data.h"

/* batch * outer * middle * inner elements fit in int32 (each factor >= 1) */
static int fits(int32_t middle, const tnm_gather_dims *d)
{
    int64_t n = (int64_t)d->batch * d->outer;
    if (n > INT32_MAX) return 0;
    n *= middle;
    if (n > INT32_MAX) return 0;
    return n * d->inner <= INT32_MAX;
}

int32_t tnm_gather_first_bad_position(const tnm_gather_dims *d, const int32_t *positions)
{
    int64_t i, n;
    if (d == 0 || positions == 0 || d->batch < 1 || d->coords < 1) return -1;
    n = (int64_t)d->batch * d->coords;
    for (i = 0; i < n && i <= INT32_MAX; ++i) {
        if (positions[i] < 0 || positions[i] >= d->axis_size) return (int32_t)i;
    }
    return -1;
}

tnm_status tnm_gather(const tnm_gather_dims *d, int32_t element_size, const void *input,
                      const int32_t *positions, void *output)
{
    const uint8_t *in = (const uint8_t *)input;
    uint8_t *out = (uint8_t *)output;
    int32_t b, o, c;
    size_t row;
    if (d == 0 || input == 0 || positions == 0 || output == 0) return TNM_ERR_ARGUMENT;
    if (element_size != 1 && element_size != 2 && element_size != 4) return TNM_ERR_ARGUMENT;
    if (d->batch < 1 || d->outer < 1 || d->axis_size < 1 || d->coords < 1 || d->inner < 1) return TNM_ERR_ARGUMENT;
    if (!fits(d->axis_size, d) || !fits(d->coords, d)) return TNM_ERR_ARGUMENT;
    if (tnm_gather_first_bad_position(d, positions) >= 0) return TNM_ERR_ARGUMENT;
    row = (size_t)d->inner * (size_t)element_size;
    for (b = 0; b < d->batch; ++b) {
        const int32_t *pos = positions + (size_t)b * (size_t)d->coords;
        for (o = 0; o < d->outer; ++o) {
            const uint8_t *src = in + ((size_t)b * (size_t)d->outer + (size_t)o) * (size_t)d->axis_size * row;
            if (row == 1) { /* one byte a position (a lookup table, a channel pick) */
                for (c = 0; c < d->coords; ++c) out[c] = src[pos[c]];
                out += d->coords;
            } else {
                for (c = 0; c < d->coords; ++c, out += row) memcpy(out, src + (size_t)pos[c] * row, row);
            }
        }
    }
    return TNM_OK;
}
