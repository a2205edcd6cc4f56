/*
 * The operator registration table, generated from include/tnm/tnm_ops.def: for each code
 * its name, its module (NULL when this build's TNM_OP_SET leaves it out, so the linker
 * drops the module and its kernels) and the list/param counts the generic layer checks use.
 * Indexed by code (designated initializers): nothing depends on the order of the codes, and
 * a code used twice is a compiler diagnostic (-Woverride-init) and a test failure.
 */
#include "tnm_runtime_internal.h"

static const tnm_op_entry k_ops[TNM_OP_CODE_LIMIT] = {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS)                    \
    [CODE] = {#NAME, TNM_OP_SELECTED(CODE, GROUPS) ? &tnm_module_##NAME : NULL, INPUTS, OUTPUTS, \
              WORDS, TAIL},
#include "tnm/tnm_ops.def"
#undef TNM_OP
};

const tnm_op_entry *tnm_op_lookup(int32_t op)
{
    if (op < 0 || op >= TNM_OP_CODE_LIMIT || k_ops[op].name == NULL) return NULL;
    return &k_ops[op];
}

const char *tnm_op_name(int32_t op)
{
    const tnm_op_entry *e = tnm_op_lookup(op);
    return e != NULL ? e->name : "UNKNOWN";
}
