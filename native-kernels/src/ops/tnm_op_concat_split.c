/* CONCATENATION, SPLIT and SPLIT_V: elements moved along one axis, no arithmetic (TFLM:
 * int8 concatenation needs every input to share the output's scale and zero point; the
 * compiler folds the constant axis and size inputs of SPLIT/SPLIT_V into `axis`). */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

/* The shared shape rule: every tensor `t` (an input of CONCATENATION, an output of the
 * splits) has the rank of `whole` and its dims except along the axis; returns its size
 * along the axis. Errors: (dim, expected) TNM_FIELD_LAYER_SHAPE. */
static tnm_status check_part(const tnm_layer_view *L, const tnm_tensor_view *whole,
                             const tnm_tensor_view *t, int32_t axis, int32_t *size, tnm_error *err)
{
    int32_t d;
    if (t->rank != whole->rank)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, t->rank, whole->rank);
    for (d = 0; d < whole->rank; d++) {
        if (d != axis && t->dims[d] != whole->dims[d])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, t->dims[d], whole->dims[d]);
    }
    if (t->type != whole->type)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, t->type, whole->type);
    *size = t->dims[axis];
    return TNM_OK;
}

/* axis (param 0) against the rank of `whole`, then outer/inner element counts. */
static tnm_status check_axis(const tnm_layer_view *L, const tnm_tensor_view *whole, int32_t *outer,
                             int32_t *inner, tnm_error *err)
{
    const int32_t axis = L->params[0];
    int32_t d;
    if (whole->rank < 1 || axis < 0 || axis >= whole->rank)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_AXIS, L->index, axis,
                        axis < 0 ? 0 : whole->rank - 1);
    *outer = 1;
    *inner = 1;
    for (d = 0; d < axis; d++) *outer *= whole->dims[d];
    for (d = axis + 1; d < whole->rank; d++) *inner *= whole->dims[d];
    return TNM_OK;
}

/* Checks the parts (inputs of a concatenation, outputs of a split) and that their sizes
 * along the axis add up to the whole's. */
static tnm_status walk(const tnm_layer_view *L, int concat, tnm_error *err)
{
    const tnm_tensor_view *whole = concat ? &L->out : &L->in[0];
    const uint32_t count = concat ? L->input_count : L->output_count;
    const int32_t axis = L->params[0];
    int32_t total = 0;
    uint32_t k;
    tnm_status st;
    for (k = 0; k < count; k++) {
        tnm_tensor_view t;
        uint32_t ix;
        int32_t size = 0;
        if ((st = tnm_layer_tensor(L, !concat, k, &ix, &t, err)) != TNM_OK) return st;
        if ((st = check_part(L, whole, &t, axis, &size, err)) != TNM_OK) return st;
        if (concat && (t.type == TNM_TYPE_INT8 || t.type == TNM_TYPE_UINT8 || t.type == TNM_TYPE_INT16)) {
            if (t.zero_point != whole->zero_point)
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)ix, t.zero_point,
                                whole->zero_point);
            if (tnm_f32_bits(t.scale) != tnm_f32_bits(whole->scale))
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)ix,
                                tnm_bits_i32(tnm_f32_bits(t.scale)), tnm_bits_i32(tnm_f32_bits(whole->scale)));
        }
        total += size; /* <= 32 parts of <= 65535 */
    }
    if (total != whole->dims[axis])
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, total, whole->dims[axis]);
    return TNM_OK;
}

static tnm_status check(tnm_layer_view *L, int concat, tnm_error *err)
{
    int32_t outer = 1, inner = 1;
    const tnm_tensor_view *whole = concat ? &L->out : &L->in[0];
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    st = check_axis(L, whole, &outer, &inner, err);
    if (st != TNM_OK) return st;
    if (whole->type == TNM_TYPE_INT16 && whole->zero_point != 0) /* as TFLM */
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_TENSOR_ZERO_POINT,
                        (int32_t)(concat ? L->output_ix : L->input_ix[0]), whole->zero_point, 0);
    return walk(L, concat, err);
}

/* Runs after check (or tnm_model_check for a trusted blob) accepted the layer: only the
 * parts' sizes and data, each part from the view where it holds it (the first
 * TNM_VIEW_INPUTS inputs, the first output), the others read from the blob. */
static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, int concat, tnm_error *err)
{
    int32_t sizes[TNM_MAX_LAYER_INPUTS], outer = 1, inner = 1, d;
    const void *in_data[TNM_MAX_LAYER_INPUTS];
    void *out_data[TNM_MAX_LAYER_OUTPUTS];
    const tnm_tensor_view *whole = concat ? &L->out : &L->in[0];
    const uint32_t count = concat ? L->input_count : L->output_count;
    const int32_t es = tnm_element_size(whole->type), axis = L->params[0];
    uint32_t k;
    for (d = 0; d < axis; d++) outer *= whole->dims[d];
    for (d = axis + 1; d < whole->rank; d++) inner *= whole->dims[d];
    for (k = 0; k < count; k++) {
        tnm_tensor_view read;
        const tnm_tensor_view *t = concat ? (k < TNM_VIEW_INPUTS ? &L->in[k] : 0) : (k == 0 ? &L->out : 0);
        if (t == 0) {
            uint32_t ix;
            const tnm_status st = tnm_layer_tensor(L, !concat, k, &ix, &read, err);
            if (st != TNM_OK) return st;
            t = &read;
        }
        sizes[k] = t->dims[axis];
        if (concat) in_data[k] = TNM_INPUT_DATA(L, arena, t);
        else out_data[k] = arena + t->offset;
    }
    if (concat)
        return tnm_concatenation(es, (int32_t)count, outer, inner, sizes, in_data, arena + L->out.offset);
    return tnm_split(es, (int32_t)count, outer, inner, sizes, TNM_INPUT_DATA(L, arena, &L->in[0]), out_data);
}
static tnm_status check_concat(tnm_layer_view *L, tnm_error *err) { return check(L, 1, err); }
static tnm_status check_split(tnm_layer_view *L, tnm_error *err) { return check(L, 0, err); }
static tnm_status invoke_concat(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    return invoke(L, arena, 1, err);
}
static tnm_status invoke_split(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    return invoke(L, arena, 0, err);
}

const tnm_op_module tnm_module_CONCATENATION = {check_concat, invoke_concat, 0, 0xFFFFu, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_SPLIT = {check_split, invoke_split, 0, 1u, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_SPLIT_V = {check_split, invoke_split, 0, 1u, 0, TNM_MODULE_RANK6};
