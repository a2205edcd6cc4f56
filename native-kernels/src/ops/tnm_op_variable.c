/* Resource variables and the init subgraph (tnm_model.h: "Subgraphs and CALL_ONCE",
 * "Resource variables"). READ_VARIABLE copies a variable tensor (in the state region)
 * to its output; ASSIGN_VARIABLE copies its value input into the variable; CALL_ONCE
 * marks the init subgraph as run (the init flag, word 0 of the state region). */
#include <string.h>

#include "../kernels/tnm_copy_internal.h"
#include "../runtime/tnm_runtime_internal.h"

/* Same type and bytes as the variable: (type, variable type) or (size, variable size). */
static tnm_status check_same_storage(const tnm_layer_view *L, const tnm_tensor_view *var,
                                     const tnm_tensor_view *t, tnm_error *err)
{
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if (t->type != var->type)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT_TYPE, L->index, t->type, var->type);
    if (t->size_bytes != var->size_bytes)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, L->index, (int32_t)t->size_bytes,
                        (int32_t)var->size_bytes);
    return TNM_OK;
}

static tnm_status check_read(tnm_layer_view *L, tnm_error *err)
{
    return check_same_storage(L, &L->in[0], &L->out, err);
}

static tnm_status invoke_read(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)err;
    tnm_copy(arena + L->out.offset, arena + L->in[0].offset, L->out.size_bytes);
    return TNM_OK;
}

static tnm_status check_assign(tnm_layer_view *L, tnm_error *err)
{
    return check_same_storage(L, &L->in[0], &L->in[1], err);
}

static tnm_status invoke_assign(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)err;
    /* the variable lies in the state region, the value outside it: no overlap */
    tnm_copy(arena + L->in[0].offset, TNM_INPUT_DATA(L, arena, &L->in[1]), L->in[0].size_bytes);
    return TNM_OK;
}

/* The first main layer, calling subgraph 1 (the init subgraph); never inside the init
 * subgraph (it would call itself). (layer index or subgraph, expected) */
static tnm_status check_call_once(tnm_layer_view *L, tnm_error *err)
{
    const uint32_t init = L->hdr->init_layer_count;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if ((uint32_t)L->index < init) /* in the init subgraph: it would call itself */
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SUBGRAPH, L->index, 1, 0);
    if (init == 0) /* nothing to call */
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SUBGRAPH, L->index, L->params[0], -1);
    if (L->params[0] != 1)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_CALL_ONCE, 0), L->index, L->params[0], 1);
    if ((uint32_t)L->index != init) /* (layer, the first main layer) */
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SUBGRAPH, L->index, L->index, (int32_t)init);
    return TNM_OK;
}

static tnm_status invoke_call_once(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const uint32_t done = 1;
    (void)err;
    memcpy(arena + L->hdr->state_offset, &done, sizeof done);
    return TNM_OK;
}

const tnm_op_module tnm_module_READ_VARIABLE = {check_read, invoke_read, 0, 0, 1u, TNM_MODULE_RANK6};
/* the value may be a constant (TFLite's init subgraphs assign constant zeros) */
const tnm_op_module tnm_module_ASSIGN_VARIABLE = {check_assign, invoke_assign, 0, 2u, 1u, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_CALL_ONCE = {check_call_once, invoke_call_once, 0, 0, 0, 0};
