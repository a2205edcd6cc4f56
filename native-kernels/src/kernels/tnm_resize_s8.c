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

/* ---- RESIZE_BILINEAR, int8 (TFLite reference_ops::ResizeBilinearInteger): positions in
 * 1/1024 of an input pixel, weights products in 1/2^20, rounded half away from zero (TFLM's
 * build without TFLITE_SINGLE_ROUNDING). Every sum fits int32: a weight is in [1, 1536] (a
 * negative fraction, at most 511/1024 before pixel 0 with half-pixel centres, only when both
 * neighbours are pixel 0), so |sum| <= 128 * 2046^2 < 2^31. ---- */

/* One axis: the source position (1/1024), its two neighbours. The lower one is also kept
 * inside the input (TFLM does not bound it; it never leaves for sizes below 2^21). */
static void bilinear_axis(int32_t index, int32_t scale_10, int half_pixel_centers, int32_t in_size,
                          int32_t *pos, int32_t *lo, int32_t *hi)
{
    const int32_t v = half_pixel_centers ? index * scale_10 + scale_10 / 2 - (1 << 9) : index * scale_10;
    int32_t l = v / (1 << 10), h = (v + (1 << 10) - 1) / (1 << 10); /* truncating, as TFLM */
    if (l < 0) l = 0;
    if (l > in_size - 1) l = in_size - 1;
    if (h > in_size - 1) h = in_size - 1;
    *pos = v;
    *lo = l;
    *hi = h;
}

static int32_t bilinear_scale(int32_t in_size, int32_t out_size, int align_corners)
{
    if (align_corners && out_size > 1) return ((1 << 10) * (in_size - 1) + (out_size - 1) / 2) / (out_size - 1);
    return ((1 << 10) * in_size + out_size / 2) / out_size;
}

tnm_status tnm_resize_bilinear_s8(const tnm_resize_params *params, const tnm_dims *input,
                                  const int8_t *input_data, const tnm_dims *output, int8_t *output_data)
{
    int32_t sh, sw, b, y, x, c;
    if (params == 0 || input == 0 || output == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if ((params->align_corners != 0 && params->align_corners != 1) ||
        (params->half_pixel_centers != 0 && params->half_pixel_centers != 1) ||
        (params->align_corners && params->half_pixel_centers))
        return TNM_ERR_ARGUMENT;
    if (input->n < 1 || input->h < 1 || input->w < 1 || input->c < 1 || output->h < 1 || output->w < 1 ||
        output->n != input->n || output->c != input->c)
        return TNM_ERR_ARGUMENT;
    /* positions in 1/1024 of a pixel stay in int32: sizes below 2^20 */
    if (input->h >= (1 << 20) || input->w >= (1 << 20) || output->h >= (1 << 20) || output->w >= (1 << 20))
        return TNM_ERR_ARGUMENT;
    if ((int64_t)output->h * output->w > INT32_MAX / ((int64_t)input->n * input->c) ||
        (int64_t)input->h * input->w > INT32_MAX / ((int64_t)input->n * input->c))
        return TNM_ERR_ARGUMENT;
    if ((int64_t)(output->h - 1) * bilinear_scale(input->h, output->h, params->align_corners) > INT32_MAX - (1 << 10) ||
        (int64_t)(output->w - 1) * bilinear_scale(input->w, output->w, params->align_corners) > INT32_MAX - (1 << 10))
        return TNM_ERR_ARGUMENT;
    sh = bilinear_scale(input->h, output->h, params->align_corners);
    sw = bilinear_scale(input->w, output->w, params->align_corners);
    for (b = 0; b < input->n; ++b) {
        const int8_t *image = input_data + (size_t)b * (size_t)input->h * (size_t)input->w * (size_t)input->c;
        for (y = 0; y < output->h; ++y) {
            int32_t py, y0, y1, fy;
            const int8_t *row0, *row1;
            bilinear_axis(y, sh, params->half_pixel_centers, input->h, &py, &y0, &y1);
            fy = py - (1 << 10) * y0;
            row0 = image + (size_t)y0 * (size_t)input->w * (size_t)input->c;
            row1 = image + (size_t)y1 * (size_t)input->w * (size_t)input->c;
            for (x = 0; x < output->w; ++x) {
                int32_t px, x0, x1, fx, w00, w10, w01, w11;
                const int8_t *p00, *p10, *p01, *p11;
                bilinear_axis(x, sw, params->half_pixel_centers, input->w, &px, &x0, &x1);
                fx = px - (1 << 10) * x0;
                w00 = ((1 << 10) - fy) * ((1 << 10) - fx);
                w10 = fy * ((1 << 10) - fx);
                w01 = ((1 << 10) - fy) * fx;
                w11 = fy * fx;
                p00 = row0 + (size_t)x0 * (size_t)input->c;
                p01 = row0 + (size_t)x1 * (size_t)input->c;
                p10 = row1 + (size_t)x0 * (size_t)input->c;
                p11 = row1 + (size_t)x1 * (size_t)input->c;
                for (c = 0; c < input->c; ++c) {
                    const int32_t sum = p00[c] * w00 + p10[c] * w10 + p01[c] * w01 + p11[c] * w11;
                    const int32_t round = sum > 0 ? (1 << 19) : -(1 << 19);
                    *output_data++ = (int8_t)((sum + round) / (1 << 20));
                }
            }
        }
    }
    return TNM_OK;
}
