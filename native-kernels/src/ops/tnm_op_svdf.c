/* SVDF, TFLM's integer SVDF (tnm_svdf_s8, tnm_kernels.h). Inputs: 0 x int8 [batch, input];
 * 1 feature weights const int8 [filters, input]; 2 time weights const int8 or int16
 * [filters, memory]; 3 bias const int32 [filters / rank] (optional); 4 state, variable, the
 * time weights' type, [batch, filters * memory]. Output int8 [batch, filters / rank].
 * Params: the zero points of x, the state and the output, the feature and time
 * requantizations, the rank. */
#include "../runtime/tnm_runtime_internal.h"

#define P(k) TNM_FIELD_PARAM(TNM_OP_SVDF, k)
enum { IN_FEATURE = 1, IN_TIME = 2, IN_BIAS = 3, IN_STATE = 4 };

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params;
    const int32_t ix = L->index;
    tnm_tensor_view st_view, t;
    uint32_t tix, k;
    int32_t batch, input, filters, units, memory, rank, lo, hi;
    tnm_status st;
    /* a blob tnm_model_check accepted: invoke derives what it needs itself (L->macs is for
     * tnm_layer_info, which reads the blob checked) */
    if (L->hdr->trusted) return TNM_OK;
    if ((st = tnm_check_int8_io(L, err)) != TNM_OK) return st;
    if (L->in[0].rank != 2 || L->out.rank != 2)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->in[0].rank == 2 ? L->out.rank : L->in[0].rank, 2);
    batch = L->in[0].dims[0];
    input = L->in[0].dims[1];
    units = L->out.dims[1];
    if (L->out.dims[0] != batch) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.dims[0], batch);
    if ((st = tnm_check_range(p[7], 1, INT32_MAX, TNM_ERR_FORMAT, P(7), ix, err)) != TNM_OK) return st;
    rank = p[7];
    if ((int64_t)units * rank > INT32_MAX) return tnm_fail(err, TNM_ERR_FORMAT, P(7), ix, rank, 1);
    filters = units * rank;
    /* feature weights: constant int8 [filters, input] */
    if (L->input_ix[1] == TNM_NO_TENSOR || L->in[1].flags != TNM_TENSOR_CONSTANT)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS, ix, (int32_t)L->input_ix[1], -1);
    if (L->in[1].type != TNM_TYPE_INT8)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, L->in[1].type, TNM_TYPE_INT8);
    if ((uint64_t)L->in[1].size_bytes != (uint64_t)filters * (uint64_t)input)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS_SIZE, ix, (int32_t)L->in[1].size_bytes,
                        tnm_count_i32((int64_t)filters * input));
    /* time weights: constant int8 or int16 [filters, memory]; the state of the same type */
    if (L->input_ix[2] == TNM_NO_TENSOR || L->in[2].flags != TNM_TENSOR_CONSTANT)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS, ix, (int32_t)L->input_ix[2], -1);
    if (L->in[2].type != TNM_TYPE_INT8 && L->in[2].type != TNM_TYPE_INT16)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, L->in[2].type, TNM_TYPE_INT16);
    if (L->in[2].elements % filters != 0 || L->in[2].elements < filters)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS_SIZE, ix, L->in[2].elements, filters);
    memory = L->in[2].elements / filters;
    if ((st = tnm_layer_tensor(L, 0, IN_BIAS, &tix, &t, err)) != TNM_OK) return st;
    if (tix != TNM_NO_TENSOR &&
        (t.flags != TNM_TENSOR_CONSTANT || t.type != TNM_TYPE_INT32 || (int64_t)t.elements != (int64_t)units))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_BIAS, ix, (int32_t)tix, units);
    if ((st = tnm_layer_tensor(L, 0, IN_STATE, &tix, &st_view, err)) != TNM_OK) return st;
    if (tix == TNM_NO_TENSOR) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT, ix, IN_STATE, -1);
    if (st_view.type != L->in[2].type)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, st_view.type, L->in[2].type);
    if ((int64_t)st_view.elements != (int64_t)batch * filters * memory)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, st_view.elements,
                        tnm_count_i32((int64_t)batch * filters * memory));
    /* the zero points are the tensors'; requantizations as TFLM's QuantizeMultiplier gives */
    if (p[0] != L->in[0].zero_point) return tnm_fail(err, TNM_ERR_FORMAT, P(0), ix, p[0], L->in[0].zero_point);
    if (p[1] != st_view.zero_point) return tnm_fail(err, TNM_ERR_FORMAT, P(1), ix, p[1], st_view.zero_point);
    if (p[2] != L->out.zero_point) return tnm_fail(err, TNM_ERR_FORMAT, P(2), ix, p[2], L->out.zero_point);
    lo = st_view.type == TNM_TYPE_INT16 ? -32768 : -128;
    hi = st_view.type == TNM_TYPE_INT16 ? 32767 : 127;
    if ((st = tnm_check_range(p[1], lo, hi, TNM_ERR_FORMAT, P(1), ix, err)) != TNM_OK) return st;
    for (k = 3; k < 7; k += 2) {
        if ((st = tnm_check_range(p[k], 0, INT32_MAX, TNM_ERR_FORMAT, P(k), ix, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(p[k + 1], -31, 30, TNM_ERR_FORMAT, P(k + 1), ix, err)) != TNM_OK) return st;
    }
    L->macs = (int64_t)tnm_mul_cap((uint64_t)batch * (uint64_t)filters, (uint64_t)input + (uint64_t)memory);
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_svdf_params sp;
    tnm_svdf_dims d;
    tnm_tensor_view bias, state;
    uint32_t bix, six;
    tnm_status st;
    if ((st = tnm_layer_tensor(L, 0, IN_BIAS, &bix, &bias, err)) != TNM_OK) return st;
    if ((st = tnm_layer_tensor(L, 0, IN_STATE, &six, &state, err)) != TNM_OK) return st;
    sp.input_zero_point = p[0];
    sp.state_zero_point = p[1];
    sp.output_zero_point = p[2];
    sp.feature_multiplier = p[3];
    sp.feature_shift = p[4];
    sp.time_multiplier = p[5];
    sp.time_shift = p[6];
    d.rank = p[7];
    d.batch = L->in[0].dims[0];
    d.input_size = L->in[0].dims[1];
    d.filters = L->out.dims[1] * d.rank;
    d.memory = L->in[2].elements / d.filters;
    return tnm_svdf_s8(&sp, &d, TNM_ARENA_S8(arena, &L->in[0]), TNM_INPUT_S8(L, arena, &L->in[1]),
                       TNM_INPUT_DATA(L, arena, &L->in[2]),
                       bix == TNM_NO_TENSOR ? NULL : (const int32_t *)TNM_INPUT_DATA(L, arena, &bias),
                       arena + state.offset, state.type == TNM_TYPE_INT16 ? 2 : 1, TNM_ARENA_S8(arena, &L->out));
}

/* optional: the bias 3; constant: the weights and the bias 1-3; variable: the state 4 */
const tnm_op_module tnm_module_SVDF = {check, invoke, 0x8u, 0xEu, 0x10u, 0};
