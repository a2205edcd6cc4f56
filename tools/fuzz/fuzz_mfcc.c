/*
 * Fuzz target: the MLPerf MFCC front end. The first bytes give the init parameters
 * (sample scale, output scale, zero point: any float bit pattern, NaN included) and
 * the argument sizes; the rest are frames of int16 samples. Each process call runs
 * both the int8 and the float variant.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "tnm/tnm_frontend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    tnm_error err;
    int32_t state_size = tnm_mfcc_frontend_state_size();
    int32_t state_len, sample_count, feature_count, zero_point;
    float sample_scale, output_scale;
    int16_t *samples;
    int8_t *features;
    float *coefficients;
    void *state;

    fuzz_begin(&in, data, size);
    sample_scale = (fuzz_u8(&in) & 1u) ? fuzz_f32(&in) : 1.0f / 32768.0f;
    output_scale = (fuzz_u8(&in) & 1u) ? fuzz_f32(&in) : 0.584703f;
    zero_point = (fuzz_u8(&in) & 1u) ? fuzz_i32(&in) : 83;
    state_len = fuzz_size_near(&in, state_size);
    sample_count = fuzz_size_near(&in, TNM_FRONTEND_WINDOW_SAMPLES);
    feature_count = fuzz_size_near(&in, TNM_MFCC_COEFFICIENTS);
    if (state_len < 0 || state_len > 1 << 16) state_len = state_size;
    if (sample_count < 0 || sample_count > 4096) sample_count = TNM_FRONTEND_WINDOW_SAMPLES;
    if (feature_count < 0 || feature_count > 4096) feature_count = TNM_MFCC_COEFFICIENTS;

    state = malloc((size_t)state_len + 4u);
    samples = (int16_t *)malloc((size_t)sample_count * sizeof(int16_t) + 2u);
    features = (int8_t *)malloc((size_t)feature_count + 1u);
    coefficients = (float *)malloc((size_t)feature_count * sizeof(float) + 4u);
    if (state == NULL || samples == NULL || features == NULL || coefficients == NULL) goto done;

    if (tnm_mfcc_frontend_init(state, state_len, sample_scale, output_scale, zero_point, &err) != TNM_OK)
        goto done;
    while (fuzz_remaining(&in) > 0) {
        int32_t i;
        for (i = 0; i < sample_count; i++) samples[i] = (int16_t)(uint16_t)(fuzz_u8(&in) | (fuzz_u8(&in) << 8));
        if (tnm_mfcc_frontend_process(state, state_len, samples, sample_count, features,
                                      feature_count, &err) != TNM_OK) {
            if (err.code >= 0) abort();
            break;
        }
        if (tnm_mfcc_frontend_process_f32(state, state_len, samples, sample_count, coefficients,
                                          feature_count, &err) != TNM_OK) {
            if (err.code >= 0) abort();
            break;
        }
    }
done:
    free(coefficients);
    free(features);
    free(samples);
    free(state);
    return 0;
}
