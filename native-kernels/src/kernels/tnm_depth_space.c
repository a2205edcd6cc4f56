/* DEPTH_TO_SPACE and SPACE_TO_DEPTH (TFLM depth_to_space.cc / space_to_depth.cc), NHWC,
 * any element size. With C the depth of the space side and b the block: a depth-side pixel
 * (h, w) holds b * b runs of C elements, run (i, j) being the space-side pixel
 * (h * b + i, w * b + j). Both copy those runs whole; only the direction differs. */
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_kernels_data.h"
#include "tnm_copy_internal.h"

tnm_status tnm_depth_space(int to_space, int32_t element_size, int32_t block, const tnm_dims *depth_side,
                           const void *input, void *output)
{
    const uint8_t *in = (const uint8_t *)input;
    uint8_t *out = (uint8_t *)output;
    int64_t total;
    int32_t n, h, w, i, j, c;
    size_t run, space_row;
    if (depth_side == 0 || input == 0 || output == 0) return TNM_ERR_ARGUMENT;
    if (element_size != 1 && element_size != 2 && element_size != 4) return TNM_ERR_ARGUMENT;
    if (block < 1 || depth_side->n < 1 || depth_side->h < 1 || depth_side->w < 1 || depth_side->c < 1)
        return TNM_ERR_ARGUMENT;
    if (depth_side->c % ((int64_t)block * block) != 0) return TNM_ERR_ARGUMENT;
    total = (int64_t)depth_side->n * depth_side->h; /* checked at each step: no int64 overflow */
    if (total <= INT32_MAX) total *= depth_side->w;
    if (total <= INT32_MAX) total *= depth_side->c;
    if (total > INT32_MAX / element_size || (int64_t)depth_side->h * block > INT32_MAX || (int64_t)depth_side->w * block > INT32_MAX)
        return TNM_ERR_ARGUMENT;
    c = depth_side->c / (block * block);
    run = (size_t)c * (size_t)element_size;
    space_row = (size_t)depth_side->w * (size_t)block * run; /* one row of the space side */
    for (n = 0; n < depth_side->n; ++n) {
        for (h = 0; h < depth_side->h; ++h) {
            for (w = 0; w < depth_side->w; ++w) {
                /* the depth-side pixel and the top-left space-side pixel of its block */
                const size_t depth_at = (((size_t)n * (size_t)depth_side->h + (size_t)h) * (size_t)depth_side->w + (size_t)w) *
                                        (size_t)depth_side->c * (size_t)element_size;
                const size_t space_at = ((size_t)n * (size_t)depth_side->h * (size_t)block + (size_t)h * (size_t)block) * space_row +
                                        (size_t)w * (size_t)block * run;
                /* the b * b runs of the depth-side pixel are consecutive; the space side's
                 * are b runs a row (library memcpy on small cores is a byte a turn) */
                size_t d = depth_at;
                for (i = 0; i < block; ++i) {
                    size_t s = space_at + (size_t)i * space_row;
                    for (j = 0; j < block; ++j, d += run, s += run) {
                        if (to_space) tnm_copy_inline(out + s, in + d, run);
                        else tnm_copy_inline(out + d, in + s, run);
                    }
                }
            }
        }
    }
    return TNM_OK;
}
