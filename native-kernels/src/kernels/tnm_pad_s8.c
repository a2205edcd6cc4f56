/* PAD and PADV2, int8 and int16 (TFLite reference_ops::Pad: output in row-major order, a
 * padding element gets the pad value, the others take the input in order). Done a row
 * of the innermost dim at a time: the pad value before, the input row, the pad value
 * after (unpadded inner dims merged into the row); rows that lie in the padding of an outer
 * dim are the pad value throughout. */
#include <string.h>

#include "tnm_copy_internal.h"
#include "tnm_nd_internal.h"

/* n bytes of the pad value's pattern (1 or 2 bytes an element, repeated in a 32-bit word
 * from the element boundary where the fill starts): a word of four a turn (the C library's
 * memset of a small target sets a byte a turn). */
static void pad_fill(int8_t *d, uint32_t word, int32_t n)
{
    for (; n >= 4; n -= 4, d += 4) memcpy(d, &word, 4);
    memcpy(d, &word, (size_t)n);
}

/* PAD of elements of es bytes (1 or 2) with the pad value's 32-bit pattern; dims checked. */
static void pad_rows(const tnm_pad_params *params, int32_t es, uint32_t word, const tnm_nd_dims *input,
                     const int8_t *src, const tnm_nd_dims *output, int8_t *dst)
{
    int32_t in[TNM_PAD_MAX_RANK], out[TNM_PAD_MAX_RANK], lo[TNM_PAD_MAX_RANK];
    int32_t i, a, b, c, d, lead, pad_before, pad_after, row;
    lead = TNM_PAD_MAX_RANK - input->rank;
    tnm_nd_extend(input, in, TNM_PAD_MAX_RANK);
    tnm_nd_extend(output, out, TNM_PAD_MAX_RANK);
    for (i = 0; i < TNM_PAD_MAX_RANK; ++i) lo[i] = i < lead ? 0 : params->before[i - lead];
    /* An unpadded innermost dim joins the one before it (NHWC padded in H and W: rows of
     * w * c elements, not c; the same bytes, a memcpy per row instead of per pixel). */
    for (i = 1; i < TNM_PAD_MAX_RANK && in[4] == out[4] && (in[3] != 1 || out[3] != 1); ++i) {
        in[3] *= in[4];
        out[3] *= in[4];
        lo[3] *= in[4];
        for (a = 4; a > 0; --a) {
            in[a] = in[a - 1];
            out[a] = out[a - 1];
            lo[a] = lo[a - 1];
        }
        in[0] = out[0] = 1;
        lo[0] = 0;
    }
    /* in bytes from here */
    pad_before = lo[4] * es;
    row = in[4] * es;
    pad_after = out[4] * es - row - pad_before;
    for (a = 0; a < out[0]; ++a) {
        const int in_a = a >= lo[0] && a - lo[0] < in[0];
        for (b = 0; b < out[1]; ++b) {
            const int in_b = in_a && b >= lo[1] && b - lo[1] < in[1];
            for (c = 0; c < out[2]; ++c) {
                const int in_c = in_b && c >= lo[2] && c - lo[2] < in[2];
                for (d = 0; d < out[3]; ++d) {
                    if (in_c && d >= lo[3] && d - lo[3] < in[3]) {
                        pad_fill(dst, word, pad_before);
                        tnm_copy(dst + pad_before, src, (size_t)row);
                        pad_fill(dst + pad_before + row, word, pad_after);
                        src += row;
                    } else {
                        pad_fill(dst, word, out[4] * es);
                    }
                    dst += out[4] * es;
                }
            }
        }
    }
}

static int pad_args_ok(const tnm_pad_params *params, const tnm_nd_dims *input, const tnm_nd_dims *output)
{
    int32_t i;
    if (!tnm_nd_dims_ok(input, 0) || !tnm_nd_dims_ok(output, 0)) return 0;
    if (input->rank != output->rank || input->rank > TNM_PAD_MAX_RANK) return 0;
    for (i = 0; i < input->rank; ++i) {
        const int32_t before = params->before[i], after = params->after[i];
        if (before < 0 || after < 0) return 0;
        if ((int64_t)input->dims[i] + before + after != output->dims[i]) return 0;
    }
    return 1;
}

tnm_status tnm_pad_s8(const tnm_pad_params *params,
                      const tnm_nd_dims *input, const int8_t *input_data,
                      const tnm_nd_dims *output, int8_t *output_data)
{
    if (params == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (params->pad_value < -128 || params->pad_value > 127 || !pad_args_ok(params, input, output))
        return TNM_ERR_ARGUMENT;
    pad_rows(params, 1, (uint32_t)(uint8_t)params->pad_value * 0x01010101u, input, input_data, output, output_data);
    return TNM_OK;
}

tnm_status tnm_pad_s16(const tnm_pad_params *params,
                       const tnm_nd_dims *input, const int16_t *input_data,
                       const tnm_nd_dims *output, int16_t *output_data)
{
    if (params == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (params->pad_value < -32768 || params->pad_value > 32767 || !pad_args_ok(params, input, output))
        return TNM_ERR_ARGUMENT;
    /* two elements to a word, in memory order (each fill starts at an element) */
    {
        const uint16_t v = (uint16_t)(int16_t)params->pad_value;
        uint16_t two[2];
        uint32_t word;
        two[0] = two[1] = v;
        memcpy(&word, two, 4);
        pad_rows(params, 2, word, input, (const int8_t *)(const void *)input_data, output,
                 (int8_t *)(void *)output_data);
    }
    return TNM_OK;
}

/* ---- MIRROR_PAD (TFLM mirror_pad.cc GetInputDimension): output coordinate p of an axis of
 * input size n, left pad L, reads input coordinate p - L inside, else its mirror image
 * across the edge: REFLECT (offset 1) leaves the edge element out (L - p before, 2n - 2 -
 * (p - L) after), SYMMETRIC (offset 0) repeats it (L - 1 - p, 2n - 1 - (p - L)). Pads at
 * most n - 1 (REFLECT) or n (SYMMETRIC), so one reflection stays inside. Done a row at a
 * time: the outer coordinates mapped once per row, the row's middle copied whole. ---- */

static int32_t mirror_index(int32_t p, int32_t left, int32_t n, int32_t offset)
{
    if (p < left) return left - 1 + offset - p;
    p -= left;
    if (p >= n) return 2 * n - 1 - offset - p;
    return p;
}

tnm_status tnm_mirror_pad_s8(int32_t symmetric, const tnm_pad_params *params, const tnm_nd_dims *input,
                             const int8_t *input_data, const tnm_nd_dims *output, int8_t *output_data)
{
    int32_t idx[TNM_ND_MAX_RANK], in_stride[TNM_ND_MAX_RANK];
    int32_t rank, i, rows, r, offset, last, left, right, n_last;
    if (params == 0 || input_data == 0 || output_data == 0 || (symmetric != 0 && symmetric != 1)) return TNM_ERR_ARGUMENT;
    if (!tnm_nd_dims_ok(input, 0) || !tnm_nd_dims_ok(output, 0) || input->rank != output->rank) return TNM_ERR_ARGUMENT;
    rank = input->rank;
    offset = symmetric ? 0 : 1;
    for (i = 0; i < rank; ++i) {
        const int32_t lim = input->dims[i] - offset;
        if (params->before[i] < 0 || params->after[i] < 0 || params->before[i] > lim || params->after[i] > lim ||
            output->dims[i] != input->dims[i] + params->before[i] + params->after[i])
            return TNM_ERR_ARGUMENT;
    }
    in_stride[rank - 1] = 1;
    for (i = rank - 2; i >= 0; --i) in_stride[i] = in_stride[i + 1] * input->dims[i + 1];
    last = rank - 1;
    n_last = input->dims[last];
    left = params->before[last];
    right = params->after[last];
    rows = 1;
    for (i = 0; i < last; ++i) {
        rows *= output->dims[i];
        idx[i] = 0;
    }
    for (r = 0; r < rows; ++r) {
        const int8_t *src = input_data;
        int32_t k;
        for (i = 0; i < last; ++i)
            src += (size_t)mirror_index(idx[i], params->before[i], input->dims[i], offset) * (size_t)in_stride[i];
        for (k = 0; k < left; ++k) *output_data++ = src[left - 1 + offset - k];
        memcpy(output_data, src, (size_t)n_last);
        output_data += n_last;
        for (k = 0; k < right; ++k) *output_data++ = src[n_last - 1 - offset - k];
        for (i = last - 1; i >= 0; --i) { /* the next row: the outer odometer, innermost first */
            if (++idx[i] < output->dims[i]) break;
            idx[i] = 0;
        }
    }
    return TNM_OK;
}
