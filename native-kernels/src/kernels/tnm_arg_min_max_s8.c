/* ARG_MAX and ARG_MIN, int8 in, int32 out (TFLM arg_min_max.cc, reference_ops::ArgMinMax):
 * the data as [outer, axis, inner]; each output the index along the axis of the largest
 * (smallest) value, the first one on a tie (the comparison is strict). The inner index runs
 * innermost here too, over a row of running extremes kept in the output itself: one pass
 * over the input in memory order, no scratch. */
#include <stddef.h>

#include "tnm/tnm_kernels.h"
#include "tnm_nd_internal.h"

static tnm_status arg_extreme_s8(int want_max, int32_t axis, const tnm_nd_dims *input,
                                 const int8_t *input_data, int32_t output_count, int32_t *output_data)
{
    int32_t outer = 1, inner = 1, n, i, o, count;
    if (input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_nd_dims_ok(input, &count)) return TNM_ERR_ARGUMENT;
    if (axis < 0 || axis >= input->rank) return TNM_ERR_ARGUMENT;
    for (i = 0; i < axis; ++i) outer *= input->dims[i];
    for (i = axis + 1; i < input->rank; ++i) inner *= input->dims[i];
    n = input->dims[axis];
    if (output_count != outer * inner) return TNM_ERR_ARGUMENT;
    (void)count;
    for (o = 0; o < outer; ++o) {
        const int8_t *block = input_data + (size_t)o * (size_t)n * (size_t)inner;
        int32_t *dst = output_data + (size_t)o * (size_t)inner;
        int32_t j;
        /* indices first, then compare against the value they name (no second row) */
        for (j = 0; j < inner; ++j) dst[j] = 0;
        for (i = 1; i < n; ++i) {
            const int8_t *row = block + (size_t)i * (size_t)inner;
            if (want_max) {
                for (j = 0; j < inner; ++j)
                    if (row[j] > block[(size_t)dst[j] * (size_t)inner + (size_t)j]) dst[j] = i;
            } else {
                for (j = 0; j < inner; ++j)
                    if (row[j] < block[(size_t)dst[j] * (size_t)inner + (size_t)j]) dst[j] = i;
            }
        }
    }
    return TNM_OK;
}

tnm_status tnm_arg_max_s8(int32_t axis, const tnm_nd_dims *input, const int8_t *input_data,
                          int32_t output_count, int32_t *output_data)
{
    return arg_extreme_s8(1, axis, input, input_data, output_count, output_data);
}

tnm_status tnm_arg_min_s8(int32_t axis, const tnm_nd_dims *input, const int8_t *input_data,
                          int32_t output_count, int32_t *output_data)
{
    return arg_extreme_s8(0, axis, input, input_data, output_count, output_data);
}
