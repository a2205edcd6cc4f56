/* RESIZE_NEAREST_NEIGHBOR, int8 (TFLite reference_ops::ResizeNearestNeighbor and its
 * GetNearestNeighbor). The source coordinate is computed in float exactly as TFLM does
 * (one int-to-float conversion, one add, one multiply, all single precision, rounded to
 * nearest), so the same pixel is picked; floor and round are done without libm. */
#include <string.h>

#include "tnm_fixedpoint_internal.h"

/* TFLM's scale for one axis. */
static float axis_scale(int32_t in_size, int32_t out_size, int align_corners)
{
    if (align_corners && out_size > 1) return (float)(in_size - 1) / (float)(out_size - 1);
    return (float)in_size / (float)out_size;
}

/* GetNearestNeighbor. v >= 0 always (index, offset and scale are >= 0). */
static int32_t nearest(int32_t index, int32_t in_size, float scale, int align_corners,
                       int half_pixel_centers)
{
    const float v = ((float)index + (half_pixel_centers ? 0.5f : 0.0f)) * scale;
    int32_t r;
    if (!(v < 2147483648.0f)) return in_size - 1; /* beyond int32: the min() below wins */
    r = (int32_t)v;                                /* truncation = floor for v >= 0 */
    /* round half away from zero: v - r is exact for a float v < 2^31 */
    if (align_corners && v - (float)r >= 0.5f) r += 1;
    if (r > in_size - 1) r = in_size - 1;
    if (half_pixel_centers && r < 0) r = 0;
    return r;
}

tnm_status tnm_resize_nearest_s8(const tnm_resize_params *params,
                                 const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *output, int8_t *output_data)
{
    int32_t b, y, x;
    int align, half;
    float scale_h, scale_w;
    if (params == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_dims_ok(input) || !tnm_dims_ok(output)) return TNM_ERR_ARGUMENT;
    if (output->n != input->n || output->c != input->c) return TNM_ERR_ARGUMENT;
    if ((params->align_corners != 0 && params->align_corners != 1) ||
        (params->half_pixel_centers != 0 && params->half_pixel_centers != 1))
        return TNM_ERR_ARGUMENT;

    /* Locals: the int8 output stores may alias the structs. */
    const int32_t in_h = input->h, in_w = input->w, depth = input->c;
    const int32_t out_h = output->h, out_w = output->w, batches = output->n;
    align = params->align_corners;
    half = params->half_pixel_centers;
    scale_h = axis_scale(in_h, out_h, align);
    scale_w = axis_scale(in_w, out_w, align);
    for (b = 0; b < batches; ++b) {
        const int8_t *in_image = input_data + (size_t)b * in_h * in_w * depth;
        int8_t *out_row = output_data + (size_t)b * out_h * out_w * depth;
        for (y = 0; y < out_h; ++y, out_row += (size_t)out_w * depth) {
            const int32_t in_y = nearest(y, in_h, scale_h, align, half);
            const int8_t *in_row = in_image + (size_t)in_y * in_w * depth;
            for (x = 0; x < out_w; ++x) {
                const int32_t in_x = nearest(x, in_w, scale_w, align, half);
                memcpy(out_row + (size_t)x * depth, in_row + (size_t)in_x * depth, (size_t)depth);
            }
        }
    }
    return TNM_OK;
}
