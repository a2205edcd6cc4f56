/*
 * Fuzz target: the blob loader and every layer.
 * The input is a .tnm blob. Its CRC is re-fixed so that the structural checks, not
 * the checksum, are what the fuzzer meets. tnm_model_check must either reject it
 * with a typed error or accept it; an accepted blob must then run every layer
 * without an error (the check promised it is runnable). Blob and arena are heap
 * buffers of exactly the size in use, so ASan sees any access outside them.
 * Built once per kernel variant (TNM_KERNELS_FORCE_*), see run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tnm/tnm_model.h"

#define FUZZ_MAX_ARENA (4u << 20)

static void fix_crc(uint8_t *blob, uint32_t len)
{
    uint32_t crc;
    if (len < 16) return;
    crc = tnm_crc32(blob + 16, len - 16u);
    blob[12] = (uint8_t)crc;
    blob[13] = (uint8_t)(crc >> 8);
    blob[14] = (uint8_t)(crc >> 16);
    blob[15] = (uint8_t)(crc >> 24);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tnm_error err;
    int32_t info[TNM_INFO_WORDS];
    uint8_t *blob, *arena;
    uint32_t len, arena_len;
    int32_t layer;
    tnm_status st;

    if (size > 1u << 22) return 0;
    len = (uint32_t)size;
    blob = (uint8_t *)malloc(len ? len : 1);
    if (blob == NULL) return 0;
    memcpy(blob, data, len);
    fix_crc(blob, len);

    st = tnm_model_check(blob, len, &err);
    if (st != err.code) {
        fprintf(stderr, "tnm_model_check returned %d but err.code is %d\n", (int)st, (int)err.code);
        abort();
    }
    if (st != TNM_OK || tnm_model_info(blob, len, info, &err) != TNM_OK) {
        free(blob);
        return 0;
    }
    arena_len = (uint32_t)info[TNM_INFO_ARENA_SIZE];
    if (arena_len > FUZZ_MAX_ARENA) {
        free(blob);
        return 0;
    }
    arena = (uint8_t *)malloc(arena_len);
    if (arena == NULL) {
        free(blob);
        return 0;
    }
    memset(arena, 0x5A, arena_len);
    for (layer = 0; layer < info[TNM_INFO_LAYER_COUNT]; layer++) {
        st = tnm_layer_invoke(blob, len, arena, arena_len, layer, &err);
        if (st != TNM_OK) {
            fprintf(stderr, "accepted blob failed at layer %d: status %d field %d value %d limit %d\n",
                    (int)layer, (int)st, (int)err.field, (int)err.value, (int)err.limit);
            abort();
        }
    }
    free(arena);
    free(blob);
    return 0;
}
