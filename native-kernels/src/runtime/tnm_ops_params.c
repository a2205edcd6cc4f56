/*
 * Names and parameter names of each operator (tnm_ops.def), for error sentences and tools.
 * Apart from the registration table so a firmware that never formats errors or names
 * operators does not link the strings.
 */
#include "tnm_runtime_internal.h"

typedef struct {
    uint8_t code;
    const char *name;
    const char *params;
} tnm_op_names;

static const tnm_op_names k_names[] = {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) {CODE, #NAME, PARAMS},
#include "tnm/tnm_ops.def"
#undef TNM_OP
};

static const tnm_op_names *find(int32_t op)
{
    uint32_t i;
    for (i = 0; i < sizeof k_names / sizeof k_names[0]; i++) {
        if (k_names[i].code == op) return &k_names[i];
    }
    return NULL;
}

const char *tnm_op_name(int32_t op)
{
    const tnm_op_names *n = find(op);
    return n != NULL ? n->name : "UNKNOWN";
}

const char *tnm_op_params(int32_t op)
{
    const tnm_op_names *n = find(op);
    return n != NULL ? n->params : "";
}
