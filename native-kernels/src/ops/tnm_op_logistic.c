/* LOGISTIC (int8 -> int8, scale 1/256, zero point -128). The int8 kernel
 * (tnm_logistic_s8) comes with the activation kernels; until then this build refuses the
 * operator like one left out of the op set. */
#include "../runtime/tnm_runtime_internal.h"

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, L->index, L->op, -1);
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)L;
    (void)arena;
    (void)err;
    return TNM_ERR_UNSUPPORTED;
}

const tnm_op_module tnm_module_LOGISTIC = {check, invoke, 0, 0, 0};
