/*
 * Writes seed blobs for fuzz_blob: the runtime tests' sample models (every operator,
 * small shapes), made by the C blob builder (native-kernels/tests/support), and a model of
 * rank-5 and rank-6 tensors (format 3's six dims: broadcast ADD, RELU6, STRIDED_SLICE).
 * Usage: gen_seeds OUTDIR COUNT
 */
#include <stdio.h>
#include <stdlib.h>

#include "tnm_blob_builder.h"

static tnm_bb g_builder;
static uint8_t g_blob[1u << 18];

/* a [2,1,3,1,2,2] + b [1,2,1,2,1,2] (broadcast) -> [2,2,3,2,2,2], RELU6, then a 5-D slice of
 * a reshaped copy: every layer with tensors of rank 5 or 6. */
static void rank6_model(tnm_bb *b)
{
    static const int32_t da[6] = {2, 1, 3, 1, 2, 2}, db[6] = {1, 2, 1, 2, 1, 2}, dout[6] = {2, 2, 3, 2, 2, 2};
    static const int32_t d5[5] = {4, 3, 2, 2, 2}, ds[5] = {2, 3, 1, 2, 2};
    static const int32_t add[12] = {-3, 7, -128, 127, 1, 20, 1 << 30, -1, 1 << 30, -1, 1 << 30, -19};
    static const int32_t relu6[2] = {1, 100};
    static const int32_t slice[7 + 15] = {0, 0, 0, 0, 0, 0, 5, 1, 0, 1, 0, 0, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1};
    uint32_t ta, tb, to, tr, tz, tsl, ins[2];
    tnm_bb_init(b);
    ta = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 6, da, 3, 0.05f);
    tb = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 6, db, -7, 0.04f);
    to = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 6, dout, 1, 0.09f);
    tr = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 6, dout, 1, 0.09f);
    tz = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 5, d5, 1, 0.09f);
    tsl = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 5, ds, 1, 0.09f);
    ins[0] = ta;
    ins[1] = tb;
    tnm_bb_layer(b, TNM_OP_ADD, 2, ins, 1, &to, 12, add);
    tnm_bb_layer1(b, TNM_OP_RELU6, to, tr, 2, relu6);
    tnm_bb_layer1(b, TNM_OP_RESHAPE, tr, tz, 0, NULL);
    tnm_bb_layer1(b, TNM_OP_STRIDED_SLICE, tz, tsl, 22, slice);
    tnm_bb_input(b, ta);
    tnm_bb_input(b, tb);
    tnm_bb_output(b, tsl);
}

static int write_blob(const char *dir, const char *name, uint32_t len)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(g_blob, 1, len, f) != len) {
        fprintf(stderr, "gen_seeds: cannot write %s\n", path);
        if (f != NULL) fclose(f);
        return 1;
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    uint32_t seed, count, len;
    if (argc != 3) {
        fprintf(stderr, "usage: gen_seeds OUTDIR COUNT\n");
        return 2;
    }
    count = (uint32_t)strtoul(argv[2], NULL, 10);
    for (seed = 0; seed < count; seed++) {
        char path[4096];
        FILE *f;
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
    rank6_model(&g_builder);
    len = tnm_bb_finish(&g_builder, g_blob, sizeof g_blob);
    if (len == 0 || write_blob(argv[1], "rank6.tnm", len) != 0) return 1;
    return 0;
}
