/*
 * Target benchmark: runs an embedded .tnm model layer by layer through
 * tnm_layer_invoke_readonly on the emulated core (the model is const data, as in a
 * firmware's flash table; built with TNM_BENCH_CHECKED: tnm_layer_invoke, the path of a
 * blob in RAM that re-validates every layer), brackets each layer with
 * TNM_COUNT_MARK()s, and checks the output tensor against the expected bytes
 * (bit-exact with the host). Built with TNM_BENCH_PREPARED: every layer prepared once
 * before the first mark (tnm_layer_prepare, as TFLM's AllocateTensors prepares its nodes
 * before its Invoke is counted), then run through tnm_layer_invoke_prepared.
 * tools/qemu/bench.sh builds it with the model, input
 * (every model input's bytes in order) and expected output (the first output's) embedded
 * (cmake/tnm-embed.cmake) and joins the printed
 * regions with the instruction counts.
 * Prints: "TNM-REGION <i> <op> layer=<n> macs=<m>" per layer (region 0 is the
 * model check), then "output: ..." and "stack: ...". Exit 0 only when the model
 * checks, every layer succeeds and the output matches.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tnm/tnm_model.h"
#include "tnm_target.h"

extern const uint8_t tnm_bench_model[], tnm_bench_input[], tnm_bench_expected[];
extern const uint32_t tnm_bench_model_len, tnm_bench_input_len, tnm_bench_expected_len;

#ifdef TNM_BENCH_CHECKED
#define TNM_BENCH_INVOKE tnm_layer_invoke
#elif defined(TNM_BENCH_PREPARED)
#ifndef TNM_BENCH_PLAN_LAYERS
#define TNM_BENCH_PLAN_LAYERS 256
#endif
static uint8_t bench_plans[TNM_BENCH_PLAN_LAYERS][TNM_PREPARED_LAYER_BYTES] __attribute__((aligned(8)));
#define TNM_BENCH_INVOKE(blob, len, arena, arena_len, i, err) \
    tnm_layer_invoke_prepared(blob, len, arena, arena_len, i, bench_plans[i], TNM_PREPARED_LAYER_BYTES, err)
#else
#define TNM_BENCH_INVOKE tnm_layer_invoke_readonly
#endif

#ifndef TNM_BENCH_ARENA_MAX
#define TNM_BENCH_ARENA_MAX (2u * 1024u * 1024u)
#endif

static int report(const char *what, tnm_status status, const tnm_error *err)
{
    char msg[256];
    tnm_error_format(err, msg, (int32_t)sizeof msg);
    printf("bench: %s failed: %s (%ld)\n", what, msg, (long)status);
    return 1;
}

int main(void)
{
    static uint8_t arena[TNM_BENCH_ARENA_MAX] __attribute__((aligned(16)));
    int32_t info[TNM_INFO_WORDS], tin[TNM_TENSOR_WORDS], tout[TNM_TENSOR_WORDS];
    int32_t layer[TNM_LAYER_INFO_MAX_WORDS];
    tnm_error err;
    tnm_status st;
    float scale;
    int32_t i, region = 0;
    uint32_t mismatches = 0, first_bad = 0, k;
    memset(&err, 0, sizeof err);

    TNM_COUNT_MARK();
    st = tnm_model_check(tnm_bench_model, tnm_bench_model_len, &err);
    TNM_COUNT_MARK();
    printf("TNM-REGION %ld MODEL_CHECK layer=-1 macs=0\n", (long)region++);
    if (st != TNM_OK) return report("tnm_model_check", st, &err);

    st = tnm_model_info(tnm_bench_model, tnm_bench_model_len, info, &err);
    if (st != TNM_OK) return report("tnm_model_info", st, &err);
    if ((uint32_t)info[TNM_INFO_ARENA_SIZE] > sizeof arena) {
        printf("bench: the model needs %ld bytes of arena, this build has %lu (TNM_BENCH_ARENA_MAX)\n",
               (long)info[TNM_INFO_ARENA_SIZE], (unsigned long)sizeof arena);
        return 1;
    }
    st = tnm_tensor_info(tnm_bench_model, tnm_bench_model_len, info[TNM_INFO_OUTPUT_TENSOR], tout,
                         &scale, &err);
    if (st != TNM_OK) return report("tnm_tensor_info(output)", st, &err);
    /* the input file: every model input's bytes in order (one input: its bytes) */
    for (i = 0, k = 0; i < info[TNM_INFO_INPUT_COUNT]; i++) {
        int32_t t;
        st = tnm_model_io_tensor(tnm_bench_model, tnm_bench_model_len, 0, i, &t, &err);
        if (st == TNM_OK) st = tnm_tensor_info(tnm_bench_model, tnm_bench_model_len, t, tin, &scale, &err);
        if (st != TNM_OK) return report("tnm_tensor_info(input)", st, &err);
        k += (uint32_t)tin[TNM_TENSOR_SIZE];
    }
    if (k != tnm_bench_input_len) {
        printf("bench: input file has %lu bytes, the %ld input tensors %lu\n", (unsigned long)tnm_bench_input_len,
               (long)info[TNM_INFO_INPUT_COUNT], (unsigned long)k);
        return 1;
    }
    if ((uint32_t)tout[TNM_TENSOR_SIZE] != tnm_bench_expected_len) {
        printf("bench: expected-output file has %lu bytes, the output tensor %ld\n",
               (unsigned long)tnm_bench_expected_len, (long)tout[TNM_TENSOR_SIZE]);
        return 1;
    }
    st = tnm_model_reset_state(tnm_bench_model, tnm_bench_model_len, arena, sizeof arena, &err);
    if (st != TNM_OK) return report("tnm_model_reset_state", st, &err);
    for (i = 0, k = 0; i < info[TNM_INFO_INPUT_COUNT]; i++) {
        int32_t t;
        st = tnm_model_io_tensor(tnm_bench_model, tnm_bench_model_len, 0, i, &t, &err);
        if (st == TNM_OK) st = tnm_tensor_info(tnm_bench_model, tnm_bench_model_len, t, tin, &scale, &err);
        if (st != TNM_OK) return report("tnm_tensor_info(input)", st, &err);
        memcpy(arena + tin[TNM_TENSOR_OFFSET], tnm_bench_input + k, (size_t)tin[TNM_TENSOR_SIZE]);
        k += (uint32_t)tin[TNM_TENSOR_SIZE];
    }
#ifdef TNM_BENCH_PREPARED
    if (info[TNM_INFO_LAYER_COUNT] > TNM_BENCH_PLAN_LAYERS) {
        printf("bench: the model has %ld layers, this build plans %d (TNM_BENCH_PLAN_LAYERS)\n",
               (long)info[TNM_INFO_LAYER_COUNT], TNM_BENCH_PLAN_LAYERS);
        return 1;
    }
    for (i = 0; i < info[TNM_INFO_LAYER_COUNT]; i++) {
        st = tnm_layer_prepare(tnm_bench_model, tnm_bench_model_len, i, bench_plans[i],
                               (uint32_t)sizeof bench_plans[i], &err);
        if (st != TNM_OK) return report("tnm_layer_prepare", st, &err);
    }
#endif

    for (i = 0; i < info[TNM_INFO_LAYER_COUNT]; i++) {
        st = tnm_layer_info(tnm_bench_model, tnm_bench_model_len, i, layer, TNM_LAYER_INFO_MAX_WORDS, &err);
        if (st != TNM_OK) return report("tnm_layer_info", st, &err);
        TNM_COUNT_MARK();
        st = TNM_BENCH_INVOKE(tnm_bench_model, tnm_bench_model_len, arena,
                              (uint32_t)info[TNM_INFO_ARENA_SIZE], i, &err);
        TNM_COUNT_MARK();
        printf("TNM-REGION %ld %s layer=%ld macs=%ld\n", (long)region++,
               tnm_op_name(layer[TNM_LAYER_OP]), (long)i, (long)layer[TNM_LAYER_MACS]);
        if (st != TNM_OK) return report("tnm_layer_invoke", st, &err);
    }

    for (k = 0; k < tnm_bench_expected_len; k++) {
        if (arena[tout[TNM_TENSOR_OFFSET] + (int32_t)k] != tnm_bench_expected[k]) {
            if (mismatches == 0) first_bad = k;
            mismatches++;
        }
    }
    printf("arena: %ld bytes; stack: %lu bytes\n", (long)info[TNM_INFO_ARENA_SIZE],
           (unsigned long)tnm_target_stack_used());
    if (mismatches != 0) {
        printf("output: MISMATCH in %lu of %lu bytes (first at %lu)\n", (unsigned long)mismatches,
               (unsigned long)tnm_bench_expected_len, (unsigned long)first_bad);
        return 1;
    }
    printf("output: bit-exact (%lu bytes)\n", (unsigned long)tnm_bench_expected_len);
    return 0;
}
