/* SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND (TFLM space_to_batch_nd.cc / batch_to_space_nd.cc,
 * reference_ops::SpaceToBatchND / BatchToSpaceND), NHWC (a 3-D NHC tensor is NH1C with a
 * block and padding of 1 and 0 across the width). Batch b of the block side holds, for block
 * offset (sy, sx) = ((b / N) / block_w, (b / N) % block_w), the space-side pixels
 * (y * block_h + sy - top, x * block_w + sx - left) of image b % N. Channel runs are copied
 * whole; SPACE_TO_BATCH fills what falls in the padding with pad_value, BATCH_TO_SPACE skips
 * what falls in the crops. */
#include <stddef.h>
#include <string.h>

#include "tnm_copy_internal.h"

#include "tnm/tnm_kernels_data.h"

static int dims_ok(const tnm_dims *d)
{
    int64_t n;
    if (d->n < 1 || d->h < 1 || d->w < 1 || d->c < 1) return 0;
    n = (int64_t)d->n * d->h;
    if (n <= INT32_MAX) n *= d->w;
    if (n <= INT32_MAX) n *= d->c;
    return n <= INT32_MAX;
}

/* The block side has N * block_h * block_w images: the shapes agree on the batch and depth. */
static int args_ok(const tnm_space_batch_params *p, const tnm_dims *space, const tnm_dims *batch)
{
    if (p->block_h < 1 || p->block_w < 1 || p->top < 0 || p->left < 0) return 0;
    if (!dims_ok(space) || !dims_ok(batch) || space->c != batch->c) return 0;
    if ((int64_t)p->block_h * p->block_w > INT32_MAX / space->n) return 0;
    return (int64_t)space->n * p->block_h * p->block_w == batch->n;
}

tnm_status tnm_space_to_batch_s8(const tnm_space_batch_params *p, const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *output, int8_t *output_data)
{
    int32_t b, y, x;
    size_t run;
    if (p == 0 || input == 0 || output == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (!args_ok(p, input, output) || p->pad_value < -128 || p->pad_value > 127) return TNM_ERR_ARGUMENT;
    run = (size_t)input->c;
    for (b = 0; b < output->n; ++b) {
        const int32_t image = b % input->n, offset = b / input->n;
        const int32_t sy = offset / p->block_w, sx = offset % p->block_w;
        const int8_t *src = input_data + (size_t)image * (size_t)input->h * (size_t)input->w * run;
        for (y = 0; y < output->h; ++y) {
            const int64_t iy = (int64_t)y * p->block_h + sy - p->top;
            for (x = 0; x < output->w; ++x, output_data += run) {
                const int64_t ix = (int64_t)x * p->block_w + sx - p->left;
                if (iy < 0 || iy >= input->h || ix < 0 || ix >= input->w)
                    memset(output_data, (int8_t)p->pad_value, run);
                else
                    tnm_copy_inline(output_data, src + ((size_t)iy * (size_t)input->w + (size_t)ix) * run, run);
            }
        }
    }
    return TNM_OK;
}

tnm_status tnm_batch_to_space_s8(const tnm_space_batch_params *p, const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *output, int8_t *output_data)
{
    int32_t b, y, x;
    size_t run, step;
    if (p == 0 || input == 0 || output == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (!args_ok(p, output, input)) return TNM_ERR_ARGUMENT;
    run = (size_t)input->c;
    step = (size_t)p->block_w * run;
    for (b = 0; b < input->n; ++b) {
        const int32_t image = b % output->n, offset = b / output->n;
        const int32_t sy = offset / p->block_w, sx = offset % p->block_w;
        int8_t *dst = output_data + (size_t)image * (size_t)output->h * (size_t)output->w * run;
        /* the columns x whose ox = x * block_w + x0 lands inside the output, a run each (the
         * same for every row of the image) */
        const int64_t x0 = (int64_t)sx - p->left;
        const int64_t first = x0 >= 0 ? 0 : (-x0 + p->block_w - 1) / p->block_w;
        int64_t stop = ((int64_t)output->w - x0 + p->block_w - 1) / p->block_w;
        if (stop > input->w) stop = input->w;
        for (y = 0; y < input->h; ++y, input_data += (size_t)input->w * run) {
            const int64_t oy = (int64_t)y * p->block_h + sy - p->top;
            const int8_t *from = input_data + (size_t)first * run;
            int8_t *to;
            if (oy < 0 || oy >= output->h || first >= stop) continue;
            to = dst + ((size_t)oy * (size_t)output->w + (size_t)(first * p->block_w + x0)) * run;
            for (x = (int32_t)first; x < stop; ++x, from += run, to += step) tnm_copy_inline(to, from, run);
        }
    }
    return TNM_OK;
}
