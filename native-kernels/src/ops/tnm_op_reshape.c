/* RESHAPE: the same bytes under another shape; a copy unless the planner aliased the
 * output onto the input (same arena offset). The input may be a constant. */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"

static const tnm_rule k_rules_reshape[] = {
    R_EQ_(TNM_FIELD_LAYER_OUTPUT_TYPE, LW(out.type), LW(in[0].type)),
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.size_bytes), LW(in[0].size_bytes)), R_END_};

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    return tnm_run_rules(k_rules_reshape, L, err);
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const uint8_t *src = (const uint8_t *)TNM_INPUT_DATA(L, arena, &L->in[0]);
    (void)err;
    if (src != arena + L->out.offset) memmove(arena + L->out.offset, src, L->in[0].size_bytes);
    return TNM_OK;
}

const tnm_op_module tnm_module_RESHAPE = {check, invoke, 0, 1u, 0, TNM_MODULE_ALIAS_INPUT0 | TNM_MODULE_RANK6};
