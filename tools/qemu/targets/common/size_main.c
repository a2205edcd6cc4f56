/*
 * Minimal application for code-size figures (tools/qemu/size.sh): checks a model
 * blob and runs it layer by layer, as the firmware glue does (both invoke paths): the whole runtime API a
 * firmware needs. The blob address comes from a volatile pointer, so the linker keeps
 * every kernel the runtime can dispatch to (in the build's operator set, TNM_OP_SET).
 * size.sh links it freestanding (entry main, no startup code or C library beyond what
 * the core calls) with a map file; not meant to be run.
 */
#include <stdint.h>

#include "tnm/tnm_model.h"

static const uint8_t k_no_blob[4] = { 0 };
const uint8_t *volatile tnm_size_blob = k_no_blob;
volatile uint32_t tnm_size_blob_len = sizeof k_no_blob;

int main(void)
{
    static uint8_t arena[4096] __attribute__((aligned(16)));
    int32_t info[TNM_INFO_WORDS];
    const uint8_t *blob = tnm_size_blob;
    uint32_t len = tnm_size_blob_len;
    tnm_error err;
    int32_t i;
    if (tnm_model_check(blob, len, &err) != TNM_OK) return 1;
    if (tnm_model_info(blob, len, info, &err) != TNM_OK) return 1;
    /* both paths of the glue: blobs in RAM (checked per layer) and in the flash table */
    for (i = 0; i < info[TNM_INFO_LAYER_COUNT]; i++) {
        if (tnm_layer_invoke(blob, len, arena, sizeof arena, i, &err) != TNM_OK) return 1;
        if (tnm_layer_invoke_readonly(blob, len, arena, sizeof arena, i, &err) != TNM_OK) return 1;
    }
    return 0;
}
