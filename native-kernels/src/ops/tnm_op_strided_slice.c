/* STRIDED_SLICE with TFLM's semantics: begin/end/strides (constant in the model, folded
 * into the parameter block by the compiler) with begin_mask, end_mask and
 * shrink_axis_mask, negative indices and strides. TFLM ignores ellipsis_mask,
 * new_axis_mask and offset (it would compute something else than TensorFlow), so they are
 * refused rather than ignored. */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

#define P(k) TNM_FIELD_PARAM(TNM_OP_STRIDED_SLICE, k)

/* [0]: the outermost axis of a 5-D input (TFLite's SLICE goes to 5-D; TFLM's STRIDED_SLICE
 * to 4-D: the compiler refuses more), run as a loop around the 4-D kernel; {0, 1, 1} below 5-D.
 * [1..4]: the 4-D kernel's axes, right-aligned. sizes: per model axis. */
typedef struct {
    int32_t start[5], stop[5], stride[5], sizes[5];
} slice_plan;

static void plan(const tnm_layer_view *L, slice_plan *s)
{
    const int32_t count = L->params[6], outer = L->in[0].rank == 5;
    const int32_t *begin = &L->params[7], *end = &L->params[7 + count], *strides = &L->params[7 + 2 * count];
    const uint32_t bm = (uint32_t)L->params[0], em = (uint32_t)L->params[1], sm = (uint32_t)L->params[4];
    s->start[0] = 0;
    s->stop[0] = 1;
    s->stride[0] = 1;
    if (outer) {
        int32_t st[4], sp[4], sd[4];
        tnm_strided_slice_resolve(1, L->in[0].dims, begin, end, strides, bm & 1u, em & 1u, sm & 1u, st, sp, sd,
                                  s->sizes);
        s->start[0] = st[3];
        s->stop[0] = sp[3];
        s->stride[0] = sd[3];
    }
    tnm_strided_slice_resolve(L->in[0].rank - outer, L->in[0].dims + outer, begin + outer, end + outer,
                              strides + outer, bm >> outer, em >> outer, sm >> outer, s->start + 1,
                              s->stop + 1, s->stride + 1, s->sizes + outer);
}

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params;
    const int32_t ix = L->index, rank = L->in[0].rank, count = p[6];
    slice_plan s;
    int32_t k, out_rank = 0;
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only (invoke plans): done by tnm_model_check */
    /* count: the input's rank (TFLM), 1..5 */
    if (rank < 1) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_TENSOR_RANK, (int32_t)L->input_ix[0], rank, 1);
    if (count != rank) return tnm_fail(err, TNM_ERR_FORMAT, P(6), ix, count, rank);
    if (L->param_count != (uint32_t)(7 + 3 * count))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, ix, (int32_t)L->param_count,
                        7 + 3 * count);
    /* masks: only bits of the `count` axes */
    if ((st = tnm_check_range(p[0], 0, (1 << count) - 1, TNM_ERR_FORMAT, P(0), ix, err)) != TNM_OK) return st;
    if ((st = tnm_check_range(p[1], 0, (1 << count) - 1, TNM_ERR_FORMAT, P(1), ix, err)) != TNM_OK) return st;
    if (p[2] != 0) return tnm_fail(err, TNM_ERR_UNSUPPORTED, P(2), ix, p[2], 0);
    if (p[3] != 0) return tnm_fail(err, TNM_ERR_UNSUPPORTED, P(3), ix, p[3], 0);
    if ((st = tnm_check_range(p[4], 0, (1 << count) - 1, TNM_ERR_FORMAT, P(4), ix, err)) != TNM_OK) return st;
    if (p[5] != 0) return tnm_fail(err, TNM_ERR_UNSUPPORTED, P(5), ix, p[5], 0);
    for (k = 0; k < count; k++) {
        const int32_t stride = p[7 + 2 * count + k];
        if (stride == 0) return tnm_fail(err, TNM_ERR_FORMAT, P(7 + 2 * count + k), ix, 0, 1);
        /* TFLM writes nothing for a shrunk axis walked backwards (its end is begin + 1):
         * refused rather than copied wrong. */
        if (stride < 0 && (((uint32_t)p[4] >> k) & 1u))
            return tnm_fail(err, TNM_ERR_UNSUPPORTED, P(7 + 2 * count + k), ix, stride, 1);
    }
    if (L->out.type != L->in[0].type)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, L->out.type, L->in[0].type);
    plan(L, &s);
    /* A shrunk axis selects one element that exists (TFLM would write nothing): (begin). */
    for (k = 0; k < count; k++) {
        const int32_t a = k + 5 - rank; /* the plan's index of model axis k */
        if (((uint32_t)p[4] >> k) & 1u) {
            if (s.start[a] < 0 || s.start[a] >= L->in[0].dims[k])
                return tnm_fail(err, TNM_ERR_FORMAT, P(7 + k), ix, p[7 + k], L->in[0].dims[k] - 1);
            continue;
        }
        /* the output keeps the other axes, in order: (dim, expected) */
        if (out_rank >= L->out.rank)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.rank, out_rank + 1);
        if (L->out.dims[out_rank] != s.sizes[k])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.dims[out_rank], s.sizes[k]);
        out_rank++;
    }
    if (out_rank != L->out.rank)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.rank, out_rank);
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const tnm_dims *d = &L->in[0].nhwc;
    const int32_t dims[4] = {d->n, d->h, d->w, d->c}, es = tnm_element_size(L->in[0].type);
    const uint8_t *in = (const uint8_t *)TNM_INPUT_DATA(L, arena, &L->in[0]);
    uint8_t *out = arena + L->out.offset;
    slice_plan s;
    uint32_t out_step;
    int32_t i;
    tnm_status st = TNM_OK;
    (void)err;
    plan(L, &s);
    /* one 4-D slice per selected index of the outer axis (once below 5-D) */
    out_step = L->out.size_bytes / (uint32_t)(L->in[0].rank == 5 ? s.sizes[0] : 1);
    for (i = s.start[0]; st == TNM_OK && (s.stride[0] > 0 ? i < s.stop[0] : i > s.stop[0]); i += s.stride[0]) {
        st = tnm_strided_slice(es, dims, s.start + 1, s.stop + 1, s.stride + 1,
                               in + (size_t)i * (size_t)(L->in[0].elements / L->in[0].outer[1]) * (size_t)es, out);
        out += out_step;
    }
    return st;
}

const tnm_op_module tnm_module_STRIDED_SLICE = {check, invoke, 0, 1u, 0, TNM_MODULE_RANK5};
