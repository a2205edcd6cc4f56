/*
 * Writes seed blobs for fuzz_blob: the runtime tests' sample models (every operator,
 * small shapes), made by the C blob builder (native-kernels/tests/support).
 * Usage: gen_seeds OUTDIR COUNT
 */
#include <stdio.h>
#include <stdlib.h>

#include "tnm_blob_builder.h"

static tnm_bb g_builder;
static uint8_t g_blob[1u << 18];

int main(int argc, char **argv)
{
    uint32_t seed, count;
    if (argc != 3) {
        fprintf(stderr, "usage: gen_seeds OUTDIR COUNT\n");
        return 2;
    }
    count = (uint32_t)strtoul(argv[2], NULL, 10);
    for (seed = 0; seed < count; seed++) {
        char path[4096];
        FILE *f;
        uint32_t len;
        tnm_bb_sample_model(&g_builder, seed);
        len = tnm_bb_finish(&g_builder, g_blob, sizeof g_blob);
        if (len == 0) continue;
        snprintf(path, sizeof path, "%s/sample_%03u.tnm", argv[1], (unsigned)seed);
        f = fopen(path, "wb");
        if (f == NULL || fwrite(g_blob, 1, len, f) != len) {
            fprintf(stderr, "gen_seeds: cannot write %s\n", path);
            return 1;
        }
        fclose(f);
    }
    return 0;
}
