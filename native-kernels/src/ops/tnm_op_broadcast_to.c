/* BROADCAST_TO (TFLM broadcast_to.cc): the input repeated to the output's shape (the shape
 * operand is constant in TFLM and is the output's shape: the compiler checks it and leaves it
 * out). Any type, input and output one type and one quantization; the input from the model or
 * constant (FILL's value, ZEROS_LIKE's zero). Rank up to 6: TFLM's BROADCAST_TO stops at 5,
 * which the compiler enforces for it; FILL and ZEROS_LIKE, lowered here, have no limit in TFLM. */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

static void nd_of(const tnm_tensor_view *t, tnm_nd_dims *d)
{
    int32_t i;
    memset(d, 0, sizeof *d);
    d->rank = t->rank;
    for (i = 0; i < t->rank; i++) d->dims[i] = t->dims[i];
}

static tnm_status check_broadcast_to(tnm_layer_view *L, tnm_error *err)
{
    const tnm_tensor_view *in = &L->in[0], *out = &L->out;
    const int32_t ix = L->index, shift = out->rank - in->rank;
    int32_t i;
    tnm_status st;
    if (tnm_element_size(in->type) == 0)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, in->type, TNM_TYPE_INT8);
    if ((st = tnm_check_same_quant(L, in, L->input_ix[0], err)) != TNM_OK) return st;
    /* (value, what it must be) */
    if (shift < 0) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, in->rank, out->rank);
    for (i = 0; i < in->rank; i++) {
        if (in->dims[i] != 1 && in->dims[i] != out->dims[shift + i])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, in->dims[i], out->dims[shift + i]);
    }
    return TNM_OK;
}

static tnm_status invoke_broadcast_to(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_nd_dims in, out;
    (void)err;
    nd_of(&L->in[0], &in);
    nd_of(&L->out, &out);
    return tnm_broadcast_to(&in, &out, tnm_element_size(L->in[0].type), TNM_INPUT_DATA(L, arena, &L->in[0]),
                            arena + L->out.offset);
}

const tnm_op_module tnm_module_BROADCAST_TO = {check_broadcast_to, invoke_broadcast_to, 0, 1u, 0, TNM_MODULE_RANK6};
