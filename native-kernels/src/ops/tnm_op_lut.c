/* LUT: int8 -> int8 through a 256-byte table (input 1, a constant int8 tensor of 256
 * values), the compiler's form of the int8 element-wise activations (tnm_ops.def). The
 * output has the input's shape; the table fixes the function, so no quantization rule. */
#include "../runtime/tnm_runtime_internal.h"

static const tnm_rule k_rules_lut[] = {R_INT8_IO, R_SAME_DIMS, R_END_};

static tnm_status check_lut(tnm_layer_view *L, tnm_error *err)
{
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if ((st = tnm_run_rules(k_rules_lut, L, err)) != TNM_OK) return st;
    return tnm_check_constant_input(L, 1, TNM_TYPE_INT8, 256u, TNM_FIELD_LAYER_WEIGHTS, err);
}

static tnm_status invoke_lut(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)err;
    return tnm_lut_s8(TNM_INPUT_S8(L, arena, &L->in[1]), L->in[0].elements, TNM_ARENA_S8(arena, &L->in[0]),
                      TNM_ARENA_S8(arena, &L->out));
}

/* constant: the table (input 1) */
const tnm_op_module tnm_module_LUT = {check_lut, invoke_lut, 0, 2u, 0, TNM_MODULE_RANK6};
