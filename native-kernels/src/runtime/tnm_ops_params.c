/*
 * Parameter names of each operator (tnm_ops.def), for error sentences and tools. In its
 * own file so a firmware that never formats errors does not link the strings.
 */
#include "tnm_runtime_internal.h"

static const char *const k_op_params[TNM_OP_CODE_LIMIT] = {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) [CODE] = PARAMS,
#include "tnm/tnm_ops.def"
#undef TNM_OP
};

const char *tnm_op_params(int32_t op)
{
    if (op < 0 || op >= TNM_OP_CODE_LIMIT || k_op_params[op] == NULL) return "";
    return k_op_params[op];
}
