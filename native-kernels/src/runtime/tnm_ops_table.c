/*
 * The operator registration table, generated from include/tnm/tnm_ops.def: for each
 * operator its code, its module and the list/param counts the generic layer checks use
 * (8 bytes), found by code (nothing depends on the order of the codes; a code used twice
 * is a compile error here and a test failure in test_ops_table). An operator this build's
 * TNM_OP_SET leaves out maps to one shared entry without a module: its own entry, module
 * and kernels are not referenced, so the linker drops them. Names: tnm_ops_params.c.
 */
#include "tnm_runtime_internal.h"

#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS)                      \
    static const tnm_op_entry k_op_##NAME = {&tnm_module_##NAME, CODE, INPUTS, OUTPUTS,       \
                                             (uint8_t)((WORDS) | ((TAIL) ? TNM_OP_ENTRY_TAIL : 0u))};
#include "tnm/tnm_ops.def"
#undef TNM_OP

/* A known operator this build does not run. */
static const tnm_op_entry k_left_out = {NULL, 0, 0, 0, 0};

const tnm_op_entry *tnm_op_lookup(int32_t op)
{
    uint64_t known_lo = 0, known_hi = 0; /* constants once folded: codes 0..63, 64..127 */
    /* Operators of this build first: their cases return at once (the common path: no mask
     * test); the cases of operators left out are empty, so the switch spans only those built. */
    switch (op) {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) \
    case CODE:                                                           \
        if (TNM_OP_SELECTED(CODE, GROUPS)) return &k_op_##NAME;          \
        break;
#include "tnm/tnm_ops.def"
#undef TNM_OP
    default: break;
    }
    /* Not built: known (left out of this build) or no operator at all. */
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) \
    if ((CODE) < 64) known_lo |= TNM_OP_BIT(CODE);                       \
    else known_hi |= TNM_OP_BIT_HI(CODE);
#include "tnm/tnm_ops.def"
#undef TNM_OP
    if (op < 0 || op >= TNM_OP_CODE_LIMIT || (((op < 64 ? known_lo : known_hi) >> (op & 63)) & 1u) == 0)
        return NULL;
    return &k_left_out;
}
