/* UNIDIRECTIONAL_SEQUENCE_LSTM, TFLM's integer LSTM (tnm_lstm_s8, tnm_kernels.h). Inputs
 * (the compiler keeps TFLite's used ones, in this order): 0 x int8 [time, batch, input] or
 * [batch, time, input]; 1-4 input weights W_i,f,c,o const int8 [hidden, input]; 5-8 recurrent
 * weights R_i,f,c,o const int8 [hidden, hidden]; 9-12 biases const int32 [hidden] (optional);
 * 13 hidden state, variable int8 [batch, hidden]; 14 cell state, variable int16
 * [batch, hidden]. Output: int8 with hidden in place of input. Params: tnm_lstm_s8_params,
 * its 35 words in field order. */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"

#define P(k) TNM_FIELD_PARAM(TNM_OP_UNIDIRECTIONAL_SEQUENCE_LSTM, k)
enum { W_IN = 1, W_REC = 5, W_BIAS = 9, IN_HIDDEN = 13, IN_CELL = 14 };
/* The parameter block is the kernel's params struct, word for word. */
typedef char tnm_lstm_params_fit[sizeof(tnm_lstm_s8_params) == 4u * TNM_LSTM_S8_PARAM_WORDS &&
                                         TNM_LSTM_S8_PARAM_WORDS == 35 ? 1 : -1];

static void lstm_dims(const tnm_layer_view *L, tnm_lstm_dims *d)
{
    const tnm_tensor_view *x = &L->in[0];
    const int time_major = L->params[34] != 0;
    d->time = time_major ? x->dims[0] : x->dims[1];
    d->batch = time_major ? x->dims[1] : x->dims[0];
    d->input_size = x->dims[2];
    d->hidden_size = L->out.dims[2];
}

/* Input k: its view (read again: only the first inputs are kept in the layer view). */
static tnm_status input_view(const tnm_layer_view *L, uint32_t k, uint32_t *ix, tnm_tensor_view *t, tnm_error *err)
{
    return tnm_layer_tensor(L, 0, k, ix, t, err);
}

/* A constant input of `type` and `bytes` (absent allowed when optional): errors name field. */
static tnm_status check_constant(const tnm_layer_view *L, uint32_t k, int32_t type, uint64_t bytes, int optional,
                                 tnm_field field, tnm_error *err)
{
    tnm_tensor_view t;
    uint32_t ix;
    tnm_status st = input_view(L, k, &ix, &t, err);
    if (st != TNM_OK) return st;
    if (ix == TNM_NO_TENSOR) return optional ? TNM_OK : tnm_fail(err, TNM_ERR_FORMAT, field, L->index, -1, -1);
    if (t.flags != TNM_TENSOR_CONSTANT) return tnm_fail(err, TNM_ERR_FORMAT, field, L->index, (int32_t)ix, -1);
    if (t.type != type) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, t.type, type);
    if ((uint64_t)t.size_bytes != bytes)
        return tnm_fail(err, TNM_ERR_FORMAT, field == TNM_FIELD_LAYER_WEIGHTS ? TNM_FIELD_LAYER_WEIGHTS_SIZE : field,
                        L->index, (int32_t)t.size_bytes, tnm_count_i32((int64_t)bytes));
    return TNM_OK;
}

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params;
    const int32_t ix = L->index;
    tnm_lstm_dims d;
    tnm_tensor_view t;
    uint32_t k, tix;
    tnm_status st;
    if ((st = tnm_check_int8_io(L, err)) != TNM_OK) return st;
    if ((st = tnm_check_range(p[34], 0, 1, TNM_ERR_FORMAT, P(34), ix, err)) != TNM_OK) return st;
    if (L->in[0].rank != 3 || L->out.rank != 3)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->in[0].rank == 3 ? L->out.rank : L->in[0].rank, 3);
    if (L->out.dims[0] != L->in[0].dims[0] || L->out.dims[1] != L->in[0].dims[1])
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.dims[1], L->in[0].dims[1]);
    lstm_dims(L, &d);
    for (k = 0; k < 4; k++) {
        if ((st = check_constant(L, W_IN + k, TNM_TYPE_INT8, (uint64_t)d.hidden_size * (uint64_t)d.input_size, 0,
                                 TNM_FIELD_LAYER_WEIGHTS, err)) != TNM_OK) return st;
        if ((st = check_constant(L, W_REC + k, TNM_TYPE_INT8, (uint64_t)d.hidden_size * (uint64_t)d.hidden_size, 0,
                                 TNM_FIELD_LAYER_WEIGHTS, err)) != TNM_OK) return st;
        if ((st = check_constant(L, W_BIAS + k, TNM_TYPE_INT32, 4u * (uint64_t)d.hidden_size, 1,
                                 TNM_FIELD_LAYER_BIAS, err)) != TNM_OK) return st;
    }
    /* states: variables (the generic check), int8 / int16 [batch, hidden] */
    if ((st = input_view(L, IN_HIDDEN, &tix, &t, err)) != TNM_OK) return st;
    if (t.type != TNM_TYPE_INT8) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, t.type, TNM_TYPE_INT8);
    if ((int64_t)t.elements != (int64_t)d.batch * d.hidden_size)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, t.elements, d.batch * d.hidden_size);
    /* hidden_zero_point is the hidden state's */
    if (p[25] != t.zero_point) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, ix, p[25], t.zero_point);
    if ((st = input_view(L, IN_CELL, &tix, &t, err)) != TNM_OK) return st;
    if (t.type != TNM_TYPE_INT16) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, t.type, TNM_TYPE_INT16);
    if ((int64_t)t.elements != (int64_t)d.batch * d.hidden_size)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, t.elements, d.batch * d.hidden_size);
    if (p[24] != L->in[0].zero_point)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, ix, p[24], L->in[0].zero_point);
    /* multipliers >= 0 with shifts in [-31, 30]; weight zero points int8 */
    for (k = 0; k < 4; k++) {
        const uint32_t b = 6 * k;
        if ((st = tnm_check_range(p[b], 0, INT32_MAX, TNM_ERR_FORMAT, P(b), ix, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(p[b + 1], -31, 30, TNM_ERR_FORMAT, P(b + 1), ix, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(p[b + 2], 0, INT32_MAX, TNM_ERR_FORMAT, P(b + 2), ix, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(p[b + 3], -31, 30, TNM_ERR_FORMAT, P(b + 3), ix, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(p[b + 4], -128, 127, TNM_ERR_FORMAT, P(b + 4), ix, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(p[b + 5], -128, 127, TNM_ERR_FORMAT, P(b + 5), ix, err)) != TNM_OK) return st;
    }
    for (k = 26; k < 32; k += 2) {
        if ((st = tnm_check_range(p[k], 0, INT32_MAX, TNM_ERR_FORMAT, P(k), ix, err)) != TNM_OK) return st;
        if ((st = tnm_check_range(p[k + 1], -31, 30, TNM_ERR_FORMAT, P(k + 1), ix, err)) != TNM_OK) return st;
    }
    if ((st = tnm_check_range(p[32], -43, 2, TNM_ERR_FORMAT, P(32), ix, err)) != TNM_OK) return st;
    if ((st = tnm_check_range(p[33], -1, 32767, TNM_ERR_FORMAT, P(33), ix, err)) != TNM_OK) return st;
    L->scratch_size = tnm_lstm_s8_scratch_size(&d);
    L->macs = (int64_t)tnm_mul_cap(tnm_mul_cap((uint64_t)d.batch * (uint64_t)d.time, 4u * (uint64_t)d.hidden_size),
                                   (uint64_t)d.input_size + (uint64_t)d.hidden_size);
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_lstm_s8_params lp;
    tnm_lstm_s8_weights w;
    tnm_lstm_dims d;
    tnm_tensor_view t, h, c;
    uint32_t k, ix;
    tnm_status st;
    memcpy(&lp, L->params, sizeof lp);
    lstm_dims(L, &d);
    for (k = 0; k < 4; k++) {
        if ((st = input_view(L, W_IN + k, &ix, &t, err)) != TNM_OK) return st;
        w.input_weights[k] = TNM_INPUT_S8(L, arena, &t);
        if ((st = input_view(L, W_REC + k, &ix, &t, err)) != TNM_OK) return st;
        w.recurrent_weights[k] = TNM_INPUT_S8(L, arena, &t);
        if ((st = input_view(L, W_BIAS + k, &ix, &t, err)) != TNM_OK) return st;
        w.bias[k] = ix == TNM_NO_TENSOR ? NULL : (const int32_t *)TNM_INPUT_DATA(L, arena, &t);
    }
    if ((st = input_view(L, IN_HIDDEN, &ix, &h, err)) != TNM_OK) return st;
    if ((st = input_view(L, IN_CELL, &ix, &c, err)) != TNM_OK) return st;
    return tnm_lstm_s8(&lp, &d, &w, TNM_ARENA_S8(arena, &L->in[0]), TNM_ARENA_S8(arena, &h),
                       (int16_t *)(void *)(arena + c.offset), TNM_ARENA_S8(arena, &L->out),
                       L->scratch_size > 0 ? (void *)(arena + L->scratch_offset) : NULL);
}

/* optional: biases 9-12; constant: weights and biases 1-12; variables: the states 13, 14 */
const tnm_op_module tnm_module_UNIDIRECTIONAL_SEQUENCE_LSTM = {check, invoke, 0x1E00u, 0x1FFEu, 0x6000u, 0};
