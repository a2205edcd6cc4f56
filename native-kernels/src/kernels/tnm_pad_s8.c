/* PAD and PADV2, int8 (TFLite reference_ops::Pad: output in row-major order, a
 * padding element gets the pad value, the others take the input in order). Done a row
 * of the innermost dim at a time: the pad value before, the input row, the pad value
 * after (unpadded inner dims merged into the row); rows that lie in the padding of an outer
 * dim are the pad value throughout. */
#include <string.h>

#include "tnm_copy_internal.h"
#include "tnm_nd_internal.h"

/* n bytes of the pad value: a word of four a turn (the C library's memset of a small
 * target sets a byte a turn). */
static void pad_fill(int8_t *d, int8_t v, int32_t n)
{
    const uint32_t w = (uint32_t)(uint8_t)v * 0x01010101u;
    for (; n >= 4; n -= 4, d += 4) memcpy(d, &w, 4);
    for (; n > 0; --n) *d++ = v;
}

tnm_status tnm_pad_s8(const tnm_pad_params *params,
                      const tnm_nd_dims *input, const int8_t *input_data,
                      const tnm_nd_dims *output, int8_t *output_data)
{
    int32_t in[TNM_PAD_MAX_RANK], out[TNM_PAD_MAX_RANK], lo[TNM_PAD_MAX_RANK];
    int32_t i, a, b, c, d, rank, lead, pad_before, pad_after, row;
    int8_t pad;
    const int8_t *src;
    int8_t *dst;
    if (params == 0 || input_data == 0 || output_data == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_nd_dims_ok(input, 0) || !tnm_nd_dims_ok(output, 0)) return TNM_ERR_ARGUMENT;
    if (input->rank != output->rank || input->rank > TNM_PAD_MAX_RANK) return TNM_ERR_ARGUMENT;
    if (params->pad_value < -128 || params->pad_value > 127) return TNM_ERR_ARGUMENT;
    rank = input->rank;
    for (i = 0; i < rank; ++i) {
        const int32_t before = params->before[i], after = params->after[i];
        if (before < 0 || after < 0) return TNM_ERR_ARGUMENT;
        if ((int64_t)input->dims[i] + before + after != output->dims[i]) return TNM_ERR_ARGUMENT;
    }
    lead = TNM_PAD_MAX_RANK - rank;
    tnm_nd_extend(input, in, TNM_PAD_MAX_RANK);
    tnm_nd_extend(output, out, TNM_PAD_MAX_RANK);
    for (i = 0; i < TNM_PAD_MAX_RANK; ++i) lo[i] = i < lead ? 0 : params->before[i - lead];
    /* An unpadded innermost dim joins the one before it (NHWC padded in H and W: rows of
     * w * c bytes, not c; the same bytes, a memcpy per row instead of per pixel). */
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
    pad = (int8_t)params->pad_value;
    pad_before = lo[4];
    row = in[4];
    pad_after = out[4] - row - pad_before;

    src = input_data;
    dst = output_data;
    for (a = 0; a < out[0]; ++a) {
        const int in_a = a >= lo[0] && a - lo[0] < in[0];
        for (b = 0; b < out[1]; ++b) {
            const int in_b = in_a && b >= lo[1] && b - lo[1] < in[1];
            for (c = 0; c < out[2]; ++c) {
                const int in_c = in_b && c >= lo[2] && c - lo[2] < in[2];
                for (d = 0; d < out[3]; ++d) {
                    if (in_c && d >= lo[3] && d - lo[3] < in[3]) {
                        pad_fill(dst, pad, pad_before);
                        tnm_copy(dst + pad_before, src, (size_t)row);
                        pad_fill(dst + pad_before + row, pad, pad_after);
                        src += row;
                    } else {
                        pad_fill(dst, pad, out[4]);
                    }
                    dst += out[4];
                }
            }
        }
    }
    return TNM_OK;
}
