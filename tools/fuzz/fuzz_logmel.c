/*
 * Fuzz target: the MLPerf anomaly-detection log-mel frame (float and int8 variants).
 * Parameters (scales as any float bit pattern, zero point, sizes) come first, then
 * one or more 1024-sample frames.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "tnm/tnm_features.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    tnm_error err;
    int32_t scratch_size = tnm_logmel_scratch_size();
    int32_t scratch_len, sample_count, mel_count, zero_point;
    float sample_scale, output_scale;
    int16_t *samples;
    float *log_mel;
    int8_t *quantized;
    void *scratch;

    fuzz_begin(&in, data, size);
    sample_scale = (fuzz_u8(&in) & 1u) ? fuzz_f32(&in) : 1.0f / 32768.0f;
    output_scale = (fuzz_u8(&in) & 1u) ? fuzz_f32(&in) : 0.391015f;
    zero_point = (fuzz_u8(&in) & 1u) ? fuzz_i32(&in) : 89;
    scratch_len = fuzz_size_near(&in, scratch_size);
    sample_count = fuzz_size_near(&in, TNM_LOGMEL_FFT_LENGTH);
    mel_count = fuzz_size_near(&in, TNM_LOGMEL_MELS);
    if (scratch_len < 0 || scratch_len > 1 << 16) scratch_len = scratch_size;
    if (sample_count < 0 || sample_count > 8192) sample_count = TNM_LOGMEL_FFT_LENGTH;
    if (mel_count < 0 || mel_count > 4096) mel_count = TNM_LOGMEL_MELS;

    scratch = malloc((size_t)scratch_len + 4u);
    samples = (int16_t *)malloc((size_t)sample_count * sizeof(int16_t) + 2u);
    log_mel = (float *)malloc((size_t)mel_count * sizeof(float) + 4u);
    quantized = (int8_t *)malloc((size_t)mel_count + 1u);
    if (scratch == NULL || samples == NULL || log_mel == NULL || quantized == NULL) goto done;

    do {
        int32_t i;
        size_t before = fuzz_remaining(&in);
        for (i = 0; i < sample_count; i++) samples[i] = (int16_t)(uint16_t)(fuzz_u8(&in) | (fuzz_u8(&in) << 8));
        if (tnm_logmel_frame_f32(samples, sample_count, sample_scale, log_mel, mel_count, scratch,
                                 scratch_len, &err) != TNM_OK && err.code >= 0)
            abort();
        if (tnm_logmel_frame_s8(samples, sample_count, sample_scale, output_scale, zero_point,
                                quantized, mel_count, scratch, scratch_len, &err) != TNM_OK &&
            err.code >= 0)
            abort();
        /* A frame of no samples reads no input: one pass is all it gets (this harness once
         * looped forever on sample_count 0; tools/fuzz/regressions). */
        if (fuzz_remaining(&in) == before) break;
    } while (fuzz_remaining(&in) > 0);
done:
    free(quantized);
    free(log_mel);
    free(samples);
    free(scratch);
    return 0;
}
