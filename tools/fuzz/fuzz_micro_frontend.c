/*
 * Fuzz target: the micro_speech front end (tnm_micro_frontend_*), frame by frame.
 * The first bytes pick the argument sizes (mostly the valid ones, sometimes wrong),
 * the rest are int16 samples fed as consecutive frames through one state, so the
 * noise estimate and gain control see long, hostile sequences. Every call must
 * either succeed or fail with a typed error naming the field; buffers are exact
 * heap allocations so ASan sees any overrun.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "tnm/tnm_frontend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    tnm_error err;
    int32_t state_size = tnm_micro_frontend_state_size();
    int32_t state_len, sample_count, feature_count;
    int16_t *samples;
    int8_t *features;
    void *state;

    fuzz_begin(&in, data, size);
    state_len = fuzz_size_near(&in, state_size);
    sample_count = fuzz_size_near(&in, TNM_FRONTEND_WINDOW_SAMPLES);
    feature_count = fuzz_size_near(&in, TNM_MICRO_FRONTEND_FEATURES);
    /* Buffers as large as the arguments claim (bounded), never larger. */
    if (state_len < 0 || state_len > 1 << 16) state_len = state_size;
    if (sample_count < 0 || sample_count > 4096) sample_count = TNM_FRONTEND_WINDOW_SAMPLES;
    if (feature_count < 0 || feature_count > 4096) feature_count = TNM_MICRO_FRONTEND_FEATURES;

    state = malloc((size_t)state_len + 4u);
    samples = (int16_t *)malloc((size_t)sample_count * sizeof(int16_t) + 2u);
    features = (int8_t *)malloc((size_t)feature_count + 1u);
    if (state == NULL || samples == NULL || features == NULL) goto done;

    if (tnm_micro_frontend_init(state, state_len, &err) != TNM_OK) goto done;
    while (fuzz_remaining(&in) > 0) {
        int32_t i;
        for (i = 0; i < sample_count; i++) samples[i] = (int16_t)(uint16_t)(fuzz_u8(&in) | (fuzz_u8(&in) << 8));
        if (tnm_micro_frontend_process(state, state_len, samples, sample_count, features,
                                       feature_count, &err) != TNM_OK) {
            if (err.code >= 0) abort(); /* a failure must carry its negative status */
            break;
        }
    }
done:
    free(features);
    free(samples);
    free(state);
    return 0;
}
