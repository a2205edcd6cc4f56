/*
 * tnm_model_variants (tnm/tnm_variants.h): the kernel variants a model's layers can take,
 * for `tinyml compile --emit-c` (through the host library). Host-side: no device code
 * calls it, so --gc-sections drops it from a firmware.
 */
#include "tnm/tnm_variants.h"

#include "tnm_runtime_internal.h"

tnm_status tnm_model_variants(const uint8_t *blob, uint32_t blob_len, uint32_t *variants, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_layer_view layer;
    uint32_t i, v = 0;
    tnm_status st;
    if (variants == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, 0, 0);
    *variants = 0;
    if ((st = tnm_model_check(blob, blob_len, err)) != TNM_OK) return st;
    if ((st = tnm_read_header(blob, blob_len, 0, &hdr, err)) != TNM_OK) return st;
    for (i = 0; i < hdr.layer_count; i++) {
        if ((st = tnm_read_layer(blob, &hdr, i, &layer, err)) != TNM_OK) return st;
        if (layer.op == TNM_OP_CONV_2D || layer.op == TNM_OP_DEPTHWISE_CONV_2D) v |= tnm_conv_layer_variants(&layer);
        else if (layer.op == TNM_OP_FULLY_CONNECTED) v |= tnm_fc_layer_variants(&layer);
    }
    *variants = v;
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}
