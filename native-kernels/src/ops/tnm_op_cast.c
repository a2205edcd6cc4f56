/* CAST: element types converted, shapes equal, quantization ignored (TFLM cast.cc). */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

static const tnm_rule k_rules_cast[] = {R_SAME_DIMS, R_END_};

static tnm_status check_cast(tnm_layer_view *L, tnm_error *err)
{
    const int32_t in = L->in[0].type, out = L->out.type;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    /* (type, the first type allowed) */
    if (in != TNM_TYPE_INT8 && in != TNM_TYPE_INT16 && in != TNM_TYPE_INT32 && in != TNM_TYPE_FLOAT32 &&
        in != TNM_TYPE_BOOL)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, in, TNM_TYPE_INT8);
    if (out != TNM_TYPE_INT8 && out != TNM_TYPE_INT16 && out != TNM_TYPE_INT32 && out != TNM_TYPE_FLOAT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, out, TNM_TYPE_INT8);
    return tnm_run_rules(k_rules_cast, L, err);
}

static tnm_status invoke_cast(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    (void)err;
    return tnm_cast(L->in[0].elements, arena + L->in[0].offset, L->in[0].type, arena + L->out.offset, L->out.type);
}

const tnm_op_module tnm_module_CAST = {check_cast, invoke_cast, 0, 0, 0, TNM_MODULE_RANK6};
