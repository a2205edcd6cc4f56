/* TRANSPOSE for any element size (TFLite reference_ops::Transpose, which also only
 * moves bytes). The output is written in row-major order; the input is walked with
 * the stride of the input axis that each output axis comes from. */
#include <string.h>

#include "tnm_copy_internal.h"
#include "tnm_nd_internal.h"

/* One output row: count elements of size es, the input stepping by step elements.
 * The constant-size memcpy calls compile to plain loads and stores. */
static void copy_row(int32_t es, int32_t count, int32_t step, const uint8_t *src, uint8_t *dst)
{
    int32_t i;
    const int32_t step_bytes = step * es; /* (count - 1) * step_bytes < the tensor's bytes */
    switch (es) {
    case 1:
        for (i = 0; i < count; ++i) dst[i] = src[i * step_bytes];
        break;
    case 2:
        for (i = 0; i < count; ++i) memcpy(dst + i * 2, src + i * step_bytes, 2);
        break;
    case 4:
        for (i = 0; i < count; ++i) memcpy(dst + i * 4, src + i * step_bytes, 4);
        break;
    default:
        for (i = 0; i < count; ++i) memcpy(dst + i * 8, src + i * step_bytes, 8);
        break;
    }
}

/* One output column: count elements of size es, the input stepping by step elements, the
 * output by dst_step. */
static void copy_column(int32_t es, int32_t count, int32_t step, const uint8_t *src, int32_t dst_step,
                        uint8_t *dst)
{
    int32_t i;
    const int32_t step_bytes = step * es, dst_bytes = dst_step * es;
    switch (es) {
    case 1:
        for (i = 0; i < count; ++i) dst[i * dst_bytes] = src[i * step_bytes];
        break;
    case 2:
        for (i = 0; i < count; ++i) memcpy(dst + i * dst_bytes, src + i * step_bytes, 2);
        break;
    case 4:
        for (i = 0; i < count; ++i) memcpy(dst + i * dst_bytes, src + i * step_bytes, 4);
        break;
    default:
        for (i = 0; i < count; ++i) memcpy(dst + i * dst_bytes, src + i * step_bytes, 8);
        break;
    }
}

/* Bytes: output[r][c] = input[c * s + r] for R rows of C (a 2-D transpose; s >= R), four by
 * four: four words from four input rows give four output rows' words (byte lanes
 * exchanged with masks and shifts: about 1.5 instructions a byte instead of 5). */
static void transpose_bytes_2d(const uint8_t *src, int32_t s, uint8_t *dst, int32_t rows, int32_t cols)
{
    int32_t r, c, k;
    for (r = 0; r + 4 <= rows; r += 4) {
        uint8_t *d = dst + r * cols;
        for (c = 0; c + 4 <= cols; c += 4) {
            const uint8_t *x = src + c * s + r;
            uint32_t w0, w1, w2, w3, t0, t1, t2, t3, o;
            memcpy(&w0, x, 4);
            memcpy(&w1, x + s, 4);
            memcpy(&w2, x + 2 * s, 4);
            memcpy(&w3, x + 3 * s, 4);
            /* wk: input row c + k, bytes for output rows r..r + 3 */
            t0 = (w0 & 0x00FF00FFu) | ((w1 << 8) & 0xFF00FF00u);
            t1 = ((w0 >> 8) & 0x00FF00FFu) | (w1 & 0xFF00FF00u);
            t2 = (w2 & 0x00FF00FFu) | ((w3 << 8) & 0xFF00FF00u);
            t3 = ((w2 >> 8) & 0x00FF00FFu) | (w3 & 0xFF00FF00u);
            o = (t0 & 0xFFFFu) | (t2 << 16);
            memcpy(d + c, &o, 4);
            o = (t1 & 0xFFFFu) | (t3 << 16);
            memcpy(d + cols + c, &o, 4);
            o = (t0 >> 16) | (t2 & 0xFFFF0000u);
            memcpy(d + 2 * cols + c, &o, 4);
            o = (t1 >> 16) | (t3 & 0xFFFF0000u);
            memcpy(d + 3 * cols + c, &o, 4);
        }
        for (; c < cols; ++c)
            for (k = 0; k < 4; ++k) d[k * cols + c] = src[c * s + r + k];
    }
    for (; r < rows; ++r)
        for (c = 0; c < cols; ++c) dst[r * cols + c] = src[c * s + r];
}

tnm_status tnm_transpose(const tnm_transpose_params *params, int32_t element_size,
                         const tnm_nd_dims *input, const void *input_data,
                         const tnm_nd_dims *output, void *output_data)
{
    int32_t in_stride[TNM_TRANSPOSE_MAX_RANK];  /* elements, per input axis */
    int32_t step[TNM_TRANSPOSE_MAX_RANK];       /* input elements per output axis, extended */
    int32_t out[TNM_TRANSPOSE_MAX_RANK];        /* output dims, extended */
    int32_t i, a, b, c, d, rank, lead, es;
    unsigned seen = 0;
    const uint8_t *in_bytes;
    uint8_t *dst;
    if (params == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (element_size != 1 && element_size != 2 && element_size != 4 && element_size != 8)
        return TNM_ERR_ARGUMENT;
    if (!tnm_nd_dims_ok(input, 0) || !tnm_nd_dims_ok(output, 0)) return TNM_ERR_ARGUMENT;
    rank = input->rank;
    if (output->rank != rank || rank > TNM_TRANSPOSE_MAX_RANK) return TNM_ERR_ARGUMENT;
    for (i = 0; i < rank; ++i) {
        const int32_t p = params->perm[i];
        if (p < 0 || p >= rank || (seen & (1u << p)) != 0) return TNM_ERR_ARGUMENT;
        seen |= 1u << p;
        if (output->dims[i] != input->dims[p]) return TNM_ERR_ARGUMENT;
    }
    /* The byte offsets below stay within the tensor: count * 8 must fit too. */
    {
        int64_t bytes = element_size;
        for (i = 0; i < rank; ++i) bytes *= input->dims[i];
        if (bytes > INT32_MAX) return TNM_ERR_ARGUMENT;
    }
    es = element_size;
    in_stride[rank - 1] = 1;
    for (i = rank - 2; i >= 0; --i) in_stride[i] = in_stride[i + 1] * input->dims[i + 1];
    lead = TNM_TRANSPOSE_MAX_RANK - rank;
    for (i = 0; i < TNM_TRANSPOSE_MAX_RANK; ++i) {
        out[i] = i < lead ? 1 : output->dims[i - lead];
        step[i] = i < lead ? 0 : in_stride[params->perm[i - lead]];
    }

    /* Output axes that are consecutive in the input too merge (NHWC -> NCHW: H and W as one
     * axis of H * W): fewer, longer runs. */
    for (i = TNM_TRANSPOSE_MAX_RANK - 1; i > 0; --i) {
        if (out[i - 1] == 1 || step[i - 1] != out[i] * step[i]) continue;
        step[i - 1] = step[i];
        out[i - 1] *= out[i];
        for (a = i; a > 0; --a) {
            out[a] = out[a - 1];
            step[a] = step[a - 1];
        }
        out[0] = 1;
        step[0] = 0;
        ++i; /* the merged axis may merge again with the one before it */
    }
    in_bytes = (const uint8_t *)input_data;
    dst = (uint8_t *)output_data;
    if (TNM_COPY_UNALIGNED_WORDS && es == 1 && step[3] == 1 && out[3] >= 4 && out[4] >= 4) {
        /* bytes whose last two output axes are a 2-D transpose of the input, at least 4 x 4
         * (on cores with unaligned word loads: elsewhere the word moves are byte loops) */
        for (a = 0; a < out[0]; ++a)
            for (b = 0; b < out[1]; ++b)
                for (c = 0; c < out[2]; ++c, dst += out[3] * out[4])
                    transpose_bytes_2d(in_bytes + a * step[0] + b * step[1] + c * step[2], step[4], dst, out[3], out[4]);
        return TNM_OK;
    }
    for (a = 0; a < out[0]; ++a) {
        for (b = 0; b < out[1]; ++b) {
            for (c = 0; c < out[2]; ++c) {
                const int32_t base = a * step[0] + b * step[1] + c * step[2];
                if (out[4] < out[3]) {
                    /* short output rows (NCHW -> NHWC: c of 3): the runs go down the output's
                     * last two axes instead, one per element of a row, out[3] long */
                    for (d = 0; d < out[4]; ++d)
                        copy_column(es, out[3], step[3], in_bytes + (base + d * step[4]) * es, out[4], dst + d * es);
                    dst += out[3] * out[4] * es;
                } else {
                    for (d = 0; d < out[3]; ++d, dst += out[4] * es)
                        copy_row(es, out[4], step[4], in_bytes + (base + d * step[3]) * es, dst);
                }
            }
        }
    }
    return TNM_OK;
}
