/*
 * Fuzz target: vibration features (float and int8). The first bytes choose the
 * window (a power of two or any value), the band count, the output quantization and
 * the sizes; the samples are any float bit pattern (NaN and infinities must be
 * refused with a typed error, never propagate or crash).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "tnm/tnm_features.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    tnm_error err;
    int32_t window, bands, value_count, feature_count, scratch_len, zero_point, i, valid_scratch;
    float output_scale;
    float *samples = NULL, *features = NULL;
    int8_t *quantized = NULL;
    void *scratch = NULL;

    fuzz_begin(&in, data, size);
    window = (fuzz_u8(&in) & 7u) ? (int32_t)(1u << (fuzz_u8(&in) % 13u)) : fuzz_i32(&in);
    bands = (fuzz_u8(&in) & 7u) ? (int32_t)(1u << (fuzz_u8(&in) % 12u)) : fuzz_i32(&in);
    output_scale = (fuzz_u8(&in) & 1u) ? fuzz_f32(&in) : 0.5f;
    zero_point = (fuzz_u8(&in) & 1u) ? fuzz_i32(&in) : -20;
    valid_scratch = tnm_vibration_scratch_size(window);
    if (valid_scratch < 0) valid_scratch = 64;
    scratch_len = fuzz_size_near(&in, valid_scratch);
    value_count = fuzz_size_near(&in, window > 0 && window <= 8192 ? 3 * window : 24);
    feature_count = fuzz_size_near(&in, bands > 0 && bands <= 8192 ? 3 * bands : 3);
    if (scratch_len < 0 || scratch_len > 1 << 18) scratch_len = valid_scratch;
    if (value_count < 0 || value_count > 3 * 8192) value_count = 24;
    if (feature_count < 0 || feature_count > 3 * 8192) feature_count = 3;

    samples = (float *)malloc((size_t)value_count * sizeof(float) + 4u);
    features = (float *)malloc((size_t)feature_count * sizeof(float) + 4u);
    quantized = (int8_t *)malloc((size_t)feature_count + 1u);
    scratch = malloc((size_t)scratch_len + 4u);
    if (samples == NULL || features == NULL || quantized == NULL || scratch == NULL) goto done;
    /* Mostly plausible accelerations (small integers scaled), sometimes raw bit patterns. */
    for (i = 0; i < value_count; i++) {
        uint8_t kind = fuzz_u8(&in);
        samples[i] = (kind & 31u) == 0 ? fuzz_f32(&in) : ((float)(int8_t)fuzz_u8(&in)) / 16.0f;
    }
    if (tnm_vibration_features_f32(samples, value_count, window, bands, features, feature_count,
                                   scratch, scratch_len, &err) != TNM_OK && err.code >= 0)
        abort();
    if (tnm_vibration_features_s8(samples, value_count, window, bands, output_scale, zero_point,
                                  quantized, feature_count, scratch, scratch_len, &err) != TNM_OK &&
        err.code >= 0)
        abort();
done:
    free(scratch);
    free(quantized);
    free(features);
    free(samples);
    return 0;
}
