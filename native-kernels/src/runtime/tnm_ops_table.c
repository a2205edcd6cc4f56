/*
 * The operator registration table, generated from include/tnm/tnm_ops.def: for each
 * operator its code, its module (NULL when this build's TNM_OP_SET leaves it out, so the
 * linker drops the module and its kernels) and the list/param counts the generic layer
 * checks use; 8 bytes an operator, searched by code (nothing depends on the order of the
 * codes; a code used twice is a test failure, test_ops_table). Names: tnm_ops_params.c.
 */
#include "tnm_runtime_internal.h"

static const tnm_op_entry k_ops[] = {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS)                      \
    {TNM_OP_SELECTED(CODE, GROUPS) ? &tnm_module_##NAME : NULL, CODE, INPUTS, OUTPUTS,        \
     (uint8_t)((WORDS) | ((TAIL) ? TNM_OP_ENTRY_TAIL : 0u))},
#include "tnm/tnm_ops.def"
#undef TNM_OP
};

const tnm_op_entry *tnm_op_lookup(int32_t op)
{
    uint32_t i;
    for (i = 0; i < sizeof k_ops / sizeof k_ops[0]; i++) {
        if (k_ops[i].code == op) return &k_ops[i];
    }
    return NULL;
}
