/*
 * Runtime robustness: deterministic random mutations of valid blobs (a few bytes
 * each, CRC re-fixed so the structural checks are what stands between the bytes and
 * the kernels). For every mutant: tnm_model_check, then tnm_layer_invoke on every
 * layer whatever the check said (invoke validates on its own). Blob and arena are
 * heap buffers of exactly the needed size, so the sanitizer build catches any
 * out-of-bounds access. If the check accepts a mutant, every layer must run. Then every
 * layer through tnm_layer_prepare / tnm_layer_invoke_prepared on a second arena: what
 * prepare accepts runs, and an accepted mutant ends with the same arena bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_test.h"

#ifndef MUTANTS
#define MUTANTS 20000
#endif
#define MAX_ARENA 65536

static tnm_bb g_b;
static uint32_t g_words[8192];

int main(void)
{
    tnm_rng rng;
    uint32_t len = 0, i;
    int accepted = 0, rejected = 0, ran = 0, prepared = 0, seed_model = -1;
    uint8_t *blob = NULL;
    tnm_rng_seed(&rng, 0xC0FFEEu);
    for (i = 0; i < MUTANTS; i++) {
        tnm_error err;
        tnm_status st;
        int32_t info[TNM_INFO_WORDS], layer, layers, mutations, k;
        uint32_t arena_len;
        uint8_t *arena;
        if ((int)(i / 2000) != seed_model) {
            /* a new base model every 2000 mutants: the 11 original operators, the
             * streaming model (init subgraph, variables, lists of several entries), or the
             * SVDF model (int16 and int8 states, int16/int32 tensors) */
            seed_model = (int)(i / 2000);
            if (seed_model % 3 == 0) tnm_bb_sample_model(&g_b, 100u + (uint32_t)seed_model);
            else if (seed_model % 3 == 1) tnm_bb_stateful_model(&g_b, 100u + (uint32_t)seed_model);
            else tnm_bb_svdf_model(&g_b, 100u + (uint32_t)seed_model);
            len = tnm_bb_finish(&g_b, (uint8_t *)g_words, sizeof g_words);
            CHECK_EQ(TNM_OK, tnm_model_check((uint8_t *)g_words, len, NULL));
        }
        blob = (uint8_t *)malloc(len);
        memcpy(blob, g_words, len);
        mutations = tnm_rng_range(&rng, 1, 4);
        for (k = 0; k < mutations; k++) {
            /* Mostly the header and tables (structure), sometimes the data. */
            uint32_t limit = tnm_rng_range(&rng, 0, 3) == 0 ? len : tnm_bb_get_u32((uint8_t *)g_words + TNM_BB_H_DATA_OFFSET);
            uint32_t at = (uint32_t)tnm_rng_range(&rng, 16, (int32_t)limit - 1);
            switch (tnm_rng_range(&rng, 0, 2)) {
            case 0: blob[at] ^= (uint8_t)(1u << tnm_rng_range(&rng, 0, 7)); break;
            case 1: blob[at] = (uint8_t)tnm_rng_next(&rng); break;
            default: blob[at] = (uint8_t)(tnm_rng_range(&rng, 0, 1) ? 0xFF : 0x00); break;
            }
        }
        tnm_bb_fix_crc(blob, len);
        st = tnm_model_check(blob, len, &err);
        CHECK_EQ(st, err.code);
        if (st == TNM_OK) accepted++; else rejected++;
        /* Header may itself be broken: then every call fails the same way. */
        if (tnm_model_info(blob, len, info, &err) != TNM_OK) {
            CHECK(st != TNM_OK);
            CHECK(tnm_layer_invoke(blob, len, (uint8_t *)g_words, sizeof g_words, 0, &err) != TNM_OK);
            free(blob);
            continue;
        }
        arena_len = (uint32_t)info[TNM_INFO_ARENA_SIZE];
        if (arena_len > MAX_ARENA) {
            /* A huge arena claim: the call must refuse a smaller arena, not run. */
            uint32_t *small = (uint32_t *)malloc(MAX_ARENA);
            for (layer = 0; layer < info[TNM_INFO_LAYER_COUNT]; layer++)
                CHECK(tnm_layer_invoke(blob, len, (uint8_t *)small, MAX_ARENA, layer, &err) != TNM_OK);
            free(small);
            free(blob);
            continue;
        }
        arena = (uint8_t *)malloc(arena_len);
        memset(arena, 0, arena_len);
        layers = info[TNM_INFO_LAYER_COUNT];
        {
            tnm_status r = tnm_model_reset_state(blob, len, arena, arena_len, &err);
            CHECK_EQ(r, err.code);
            if (st == TNM_OK) CHECK_EQ(TNM_OK, r);
        }
        for (layer = -1; layer <= layers; layer++) {
            tnm_status r = tnm_layer_invoke(blob, len, arena, arena_len, layer, &err);
            CHECK_EQ(r, err.code);
            if (layer < 0 || layer == layers) CHECK_EQ(TNM_ERR_ARGUMENT, r);
            else if (st == TNM_OK) {
                CHECK_EQ(TNM_OK, r);
                if (r != TNM_OK) {
                    char msg[256];
                    tnm_error_format(&err, msg, sizeof msg);
                    fprintf(stderr, "mutant %u layer %d: check passed but invoke says: %s\n",
                            i, (int)layer, msg);
                }
            }
            if (r == TNM_OK && layer >= 0 && layer < layers) ran++;
        }
        {
            /* the same layers prepared one by one (each plan a heap buffer of exactly
             * TNM_PREPARED_LAYER_BYTES) on a second arena from the same start: a layer
             * tnm_layer_prepare accepts must run; for an accepted mutant, every layer, to the
             * same arena bytes as tnm_layer_invoke */
            uint8_t *arena2 = (uint8_t *)malloc(arena_len);
            memset(arena2, 0, arena_len);
            (void)tnm_model_reset_state(blob, len, arena2, arena_len, &err);
            for (layer = 0; layer < layers; layer++) {
                void *plan = malloc(TNM_PREPARED_LAYER_BYTES);
                tnm_status p = tnm_layer_prepare(blob, len, layer, plan, TNM_PREPARED_LAYER_BYTES, &err);
                CHECK_EQ(p, err.code);
                if (st == TNM_OK) CHECK_EQ(TNM_OK, p);
                if (p == TNM_OK) {
                    tnm_status r = tnm_layer_invoke_prepared(blob, len, arena2, arena_len, layer, plan,
                                                             TNM_PREPARED_LAYER_BYTES, &err);
                    CHECK_EQ(r, err.code);
                    CHECK_EQ(TNM_OK, r);
                    prepared++;
                }
                free(plan);
            }
            if (st == TNM_OK) CHECK(memcmp(arena, arena2, arena_len) == 0);
            free(arena2);
        }
        free(arena);
        free(blob);
    }
    printf("%d mutants: %d rejected by check, %d accepted; %d layer runs, %d prepared\n", MUTANTS, rejected,
           accepted, ran, prepared);
    CHECK(rejected > 0 && accepted > 0);
    return tnm_test_finish("test_runtime_fuzz");
}
