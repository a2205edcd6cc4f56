/* BATCH_MATMUL, int8 and int16 (TFLM batch_matmul.cc, batch_matmul_common.cc and
 * reference_ops::BatchMatMul). TFLM copies a transposed rhs (when adj_y is 0) and a transposed
 * lhs (when adj_x is 1) into its arena, then multiplies rows by rows; here the operands are
 * read where they lie, with the indexing those transposes stand for, so nothing is copied and
 * a constant operand stays in flash. Integer sums give the same bits in any order (the int8
 * sum wraps modulo 2^32 as TFLite's int32 accumulator does), so only the loop order differs:
 *  - rhs stored [cols][depth] (adj_y 1): one dot product per output, rhs contiguous (lhs too
 *    when adj_x is 0);
 *  - rhs stored [depth][cols] (adj_y 0): a strip of up to TNM_BMM_STRIP outputs of a row
 *    accumulates on the stack, rhs rows read contiguously. */
#include <stddef.h>

#include "tnm_fixedpoint_internal.h"
#include "tnm/tnm_kernels.h"

#define TNM_BMM_STRIP 16

/* dims as the header states them; *batch gets the output's batch dims. */
static int dims_ok(const tnm_batch_matmul_dims *d, int32_t batch[3])
{
    int64_t lhs_n = 1, rhs_n = 1, out_n = 1;
    int i;
    if (d->rows < 1 || d->depth < 1 || d->cols < 1) return 0;
    if ((d->adj_x != 0 && d->adj_x != 1) || (d->adj_y != 0 && d->adj_y != 1)) return 0;
    for (i = 0; i < 3; ++i) {
        const int32_t l = d->lhs_batch[i], r = d->rhs_batch[i];
        if (l < 1 || r < 1 || (l != r && l != 1 && r != 1)) return 0;
        batch[i] = l == 1 ? r : l;
        /* each factor <= INT32_MAX: the products stay below 2^63 before the test */
        lhs_n *= l;
        rhs_n *= r;
        out_n *= batch[i];
        if (lhs_n > INT32_MAX || rhs_n > INT32_MAX || out_n > INT32_MAX) return 0;
    }
    /* each matrix first (products of two int32 values), then times its batch count */
    if ((int64_t)d->rows * d->depth > INT32_MAX || (int64_t)d->depth * d->cols > INT32_MAX ||
        (int64_t)d->rows * d->cols > INT32_MAX)
        return 0;
    return lhs_n * ((int64_t)d->rows * d->depth) <= INT32_MAX &&
           rhs_n * ((int64_t)d->depth * d->cols) <= INT32_MAX && out_n * ((int64_t)d->rows * d->cols) <= INT32_MAX;
}

/* Element offset of batch (b0, b1, b2) in an operand of batch dims n, matrices of size m:
 * 0 along a dim of 1 (broadcast). */
static size_t batch_offset(const int32_t n[3], int32_t b0, int32_t b1, int32_t b2, size_t m)
{
    const size_t i0 = n[0] == 1 ? 0u : (size_t)b0, i1 = n[1] == 1 ? 0u : (size_t)b1;
    const size_t i2 = n[2] == 1 ? 0u : (size_t)b2;
    return ((i0 * (size_t)n[1] + i1) * (size_t)n[2] + i2) * m;
}

static void matmul_s8(const tnm_batch_matmul_params *p, const tnm_batch_matmul_dims *d, const int8_t *lhs,
                      const int8_t *rhs, int8_t *out)
{
    const int32_t rows = d->rows, depth = d->depth, cols = d->cols;
    const int32_t lo = p->lhs_offset, ro = p->rhs_offset, oo = p->output_offset;
    const int32_t m = p->output_multiplier, s = p->output_shift;
    /* lhs (i, k) at lhs[i * row_step + k * k_step] */
    const size_t row_step = d->adj_x ? 1u : (size_t)depth, k_step = d->adj_x ? (size_t)rows : 1u;
    int32_t i, j, k;
    for (i = 0; i < rows; ++i) {
        const int8_t *l = lhs + (size_t)i * row_step;
        int8_t *o = out + (size_t)i * (size_t)cols;
        if (d->adj_y) {
            for (j = 0; j < cols; ++j) {
                const int8_t *r = rhs + (size_t)j * (size_t)depth;
                uint32_t acc = 0;
                if (k_step == 1u) {
                    for (k = 0; k < depth; ++k) acc += (uint32_t)((l[k] + lo) * (r[k] + ro));
                } else {
                    const int8_t *lk = l;
                    for (k = 0; k < depth; ++k, lk += k_step) acc += (uint32_t)((*lk + lo) * (r[k] + ro));
                }
                o[j] = tnm_output_s8(acc, m, s, oo, -128, 127);
            }
        } else {
            for (j = 0; j < cols; j += TNM_BMM_STRIP) {
                const int32_t n = cols - j < TNM_BMM_STRIP ? cols - j : TNM_BMM_STRIP;
                uint32_t acc[TNM_BMM_STRIP];
                int32_t c;
                for (c = 0; c < n; ++c) acc[c] = 0;
                for (k = 0; k < depth; ++k) {
                    const int32_t lv = l[(size_t)k * k_step] + lo;
                    const int8_t *r = rhs + (size_t)k * (size_t)cols + (size_t)j;
                    for (c = 0; c < n; ++c) acc[c] += (uint32_t)(lv * (r[c] + ro));
                }
                for (c = 0; c < n; ++c) o[j + c] = tnm_output_s8(acc[c], m, s, oo, -128, 127);
            }
        }
    }
}

tnm_status tnm_batch_matmul_s8(const tnm_batch_matmul_params *params, const tnm_batch_matmul_dims *dims,
                               const int8_t *lhs, const int8_t *rhs, int8_t *output)
{
    int32_t batch[3], b0, b1, b2;
    size_t lm, rm, om, ob = 0;
    tnm_batch_matmul_params p;
    if (params == 0 || dims == 0 || lhs == 0 || rhs == 0 || output == 0) return TNM_ERR_ARGUMENT;
    if (!dims_ok(dims, batch)) return TNM_ERR_ARGUMENT;
    p = *params; /* the int8 output stores may alias *params */
    if (!tnm_input_offset_ok(p.lhs_offset) || !tnm_input_offset_ok(p.rhs_offset) ||
        !tnm_output_offset_ok(p.output_offset) || !tnm_multiplier_ok(p.output_multiplier, p.output_shift))
        return TNM_ERR_ARGUMENT;
    lm = (size_t)dims->rows * (size_t)dims->depth;
    rm = (size_t)dims->depth * (size_t)dims->cols;
    om = (size_t)dims->rows * (size_t)dims->cols;
    for (b0 = 0; b0 < batch[0]; ++b0)
        for (b1 = 0; b1 < batch[1]; ++b1)
            for (b2 = 0; b2 < batch[2]; ++b2, ob += om)
                matmul_s8(&p, dims, lhs + batch_offset(dims->lhs_batch, b0, b1, b2, lm),
                          rhs + batch_offset(dims->rhs_batch, b0, b1, b2, rm), output + ob);
    return TNM_OK;
}

/* TFLite's MultiplyByQuantizedMultiplier(int64_t x, ...) (tnm_mbqm64), clamped to int16.
 * |x| <= 2^46 and shift in [-31, 14]: no int64 overflow, a total shift in [1, 46]. */
static int16_t output_s16(int64_t x, int32_t multiplier, int32_t shift)
{
    return (int16_t)tnm_clamp(tnm_mbqm64(x, multiplier, shift), -32768, 32767);
}

static void matmul_s16(const tnm_batch_matmul_params *p, const tnm_batch_matmul_dims *d, const int16_t *lhs,
                       const int16_t *rhs, int16_t *out)
{
    const int32_t rows = d->rows, depth = d->depth, cols = d->cols;
    const int32_t m = p->output_multiplier, s = p->output_shift;
    const size_t row_step = d->adj_x ? 1u : (size_t)depth, k_step = d->adj_x ? (size_t)rows : 1u;
    int32_t i, j, k;
    for (i = 0; i < rows; ++i) {
        const int16_t *l = lhs + (size_t)i * row_step;
        int16_t *o = out + (size_t)i * (size_t)cols;
        if (d->adj_y) {
            for (j = 0; j < cols; ++j) {
                const int16_t *r = rhs + (size_t)j * (size_t)depth;
                int64_t acc = 0;
                for (k = 0; k < depth; ++k) acc += (int32_t)l[(size_t)k * k_step] * (int32_t)r[k];
                o[j] = output_s16(acc, m, s);
            }
        } else {
            for (j = 0; j < cols; j += TNM_BMM_STRIP) {
                const int32_t n = cols - j < TNM_BMM_STRIP ? cols - j : TNM_BMM_STRIP;
                int64_t acc[TNM_BMM_STRIP];
                int32_t c;
                for (c = 0; c < n; ++c) acc[c] = 0;
                for (k = 0; k < depth; ++k) {
                    const int32_t lv = l[(size_t)k * k_step];
                    const int16_t *r = rhs + (size_t)k * (size_t)cols + (size_t)j;
                    for (c = 0; c < n; ++c) acc[c] += lv * (int32_t)r[c];
                }
                for (c = 0; c < n; ++c) o[j + c] = output_s16(acc[c], m, s);
            }
        }
    }
}

tnm_status tnm_batch_matmul_s16(const tnm_batch_matmul_params *params, const tnm_batch_matmul_dims *dims,
                                const int16_t *lhs, const int16_t *rhs, int16_t *output)
{
    int32_t batch[3], b0, b1, b2;
    size_t lm, rm, om, ob = 0;
    tnm_batch_matmul_params p;
    if (params == 0 || dims == 0 || lhs == 0 || rhs == 0 || output == 0) return TNM_ERR_ARGUMENT;
    if (!dims_ok(dims, batch) || dims->depth > TNM_BATCH_MATMUL_S16_MAX_DEPTH) return TNM_ERR_ARGUMENT;
    p = *params;
    if (p.lhs_offset != 0 || p.rhs_offset != 0 || p.output_offset != 0 || p.output_multiplier < 0 ||
        p.output_shift < -31 || p.output_shift > 14)
        return TNM_ERR_ARGUMENT;
    lm = (size_t)dims->rows * (size_t)dims->depth;
    rm = (size_t)dims->depth * (size_t)dims->cols;
    om = (size_t)dims->rows * (size_t)dims->cols;
    for (b0 = 0; b0 < batch[0]; ++b0)
        for (b1 = 0; b1 < batch[1]; ++b1)
            for (b2 = 0; b2 < batch[2]; ++b2, ob += om)
                matmul_s16(&p, dims, lhs + batch_offset(dims->lhs_batch, b0, b1, b2, lm),
                           rhs + batch_offset(dims->rhs_batch, b0, b1, b2, rm), output + ob);
    return TNM_OK;
}
