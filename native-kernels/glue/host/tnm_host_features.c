/*
 * Host glue for the anomaly-detection features (tnm_features.h): the functions
 * native-kernels/nanoframework/managed/NativeMethods.cs calls through P/Invoke. Managed arrays
 * arrive without their offset, so each call takes the array, its length and an offset,
 * checks that the whole window fits, and calls the C API on it. Scratch is an int32
 * array (4-byte aligned) sized in int32 words. error5 is int32[TNM_ERROR_WORDS]:
 * code, field, index, value, limit.
 */
#include <stddef.h>
#include <stdint.h>

#include "tnm/tnm_args.h"
#include "tnm/tnm_features.h"
#include "tnm/tnm_status.h"
#include "tnm_host_glue.h"

TNM_HOST_EXPORT int32_t tnm_host_vibration_scratch_words(int32_t window_samples);
TNM_HOST_EXPORT int32_t tnm_host_vibration_features_f32(
    const float *samples, int32_t samples_length, int32_t sample_offset, int32_t window_samples,
    int32_t band_count, float *features, int32_t features_length, int32_t feature_offset,
    int32_t *scratch, int32_t scratch_words, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_vibration_features_s8(
    const float *samples, int32_t samples_length, int32_t sample_offset, int32_t window_samples,
    int32_t band_count, float output_scale, int32_t output_zero_point, int8_t *features,
    int32_t features_length, int32_t feature_offset, int32_t *scratch, int32_t scratch_words,
    int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_logmel_scratch_words(void);
TNM_HOST_EXPORT int32_t tnm_host_logmel_frame_f32(
    const int16_t *samples, int32_t samples_length, int32_t sample_offset, float sample_scale,
    float *log_mel, int32_t log_mel_length, int32_t log_mel_offset, int32_t *scratch,
    int32_t scratch_words, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_logmel_frame_s8(
    const int16_t *samples, int32_t samples_length, int32_t sample_offset, float sample_scale,
    float output_scale, int32_t output_zero_point, int8_t *log_mel, int32_t log_mel_length,
    int32_t log_mel_offset, int32_t *scratch, int32_t scratch_words, int32_t *error5);

/* Values the vibration call reads: 3 per sample, or 0 for a window length the C API will
 * refuse (so the offset check does not hide the clearer window error). */
static int32_t vibration_values(int32_t window_samples)
{
    if (tnm_vibration_scratch_size(window_samples) < 0) return 0;
    return TNM_VIBRATION_AXES * window_samples;
}

static int32_t vibration_features(int32_t window_samples, int32_t band_count)
{
    if (band_count < 1 || band_count > TNM_VIBRATION_MAX_WINDOW) return 0;
    (void)window_samples;
    return TNM_VIBRATION_AXES * band_count;
}

TNM_HOST_EXPORT int32_t tnm_host_vibration_scratch_words(int32_t window_samples)
{
    const int32_t bytes = tnm_vibration_scratch_size(window_samples);
    return bytes < 0 ? -1 : (bytes + 3) / 4;
}

TNM_HOST_EXPORT int32_t tnm_host_vibration_features_f32(
    const float *samples, int32_t samples_length, int32_t sample_offset, int32_t window_samples,
    int32_t band_count, float *features, int32_t features_length, int32_t feature_offset,
    int32_t *scratch, int32_t scratch_words, int32_t *error5)
{
    tnm_error err;
    const int32_t values = vibration_values(window_samples);
    const int32_t count = vibration_features(window_samples, band_count);
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    tnm_glue_clear(&err);
    if (tnm_check_frame(samples, samples_length, sample_offset, values,
                        TNM_FIELD_FEATURE_SAMPLES, features, features_length,
                        feature_offset, count, TNM_FIELD_FEATURE_COUNT, &err) == TNM_OK) {
        tnm_vibration_features_f32(samples + sample_offset, values, window_samples, band_count,
                                   features + feature_offset, count, scratch,
                                   tnm_glue_words_to_bytes(scratch_words), &err);
    }
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_vibration_features_s8(
    const float *samples, int32_t samples_length, int32_t sample_offset, int32_t window_samples,
    int32_t band_count, float output_scale, int32_t output_zero_point, int8_t *features,
    int32_t features_length, int32_t feature_offset, int32_t *scratch, int32_t scratch_words,
    int32_t *error5)
{
    tnm_error err;
    const int32_t values = vibration_values(window_samples);
    const int32_t count = vibration_features(window_samples, band_count);
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    tnm_glue_clear(&err);
    if (tnm_check_frame(samples, samples_length, sample_offset, values,
                        TNM_FIELD_FEATURE_SAMPLES, features, features_length,
                        feature_offset, count, TNM_FIELD_FEATURE_COUNT, &err) == TNM_OK) {
        tnm_vibration_features_s8(samples + sample_offset, values, window_samples, band_count,
                                  output_scale, output_zero_point, features + feature_offset,
                                  count, scratch, tnm_glue_words_to_bytes(scratch_words), &err);
    }
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_logmel_scratch_words(void)
{
    return (tnm_logmel_scratch_size() + 3) / 4;
}

TNM_HOST_EXPORT int32_t tnm_host_logmel_frame_f32(
    const int16_t *samples, int32_t samples_length, int32_t sample_offset, float sample_scale,
    float *log_mel, int32_t log_mel_length, int32_t log_mel_offset, int32_t *scratch,
    int32_t scratch_words, int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    tnm_glue_clear(&err);
    if (tnm_check_frame(samples, samples_length, sample_offset, TNM_LOGMEL_FFT_LENGTH,
                        TNM_FIELD_FEATURE_SAMPLES, log_mel, log_mel_length, log_mel_offset,
                        TNM_LOGMEL_MELS, TNM_FIELD_FEATURE_COUNT, &err) == TNM_OK) {
        tnm_logmel_frame_f32(samples + sample_offset, TNM_LOGMEL_FFT_LENGTH, sample_scale,
                             log_mel + log_mel_offset, TNM_LOGMEL_MELS, scratch,
                             tnm_glue_words_to_bytes(scratch_words), &err);
    }
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_logmel_frame_s8(
    const int16_t *samples, int32_t samples_length, int32_t sample_offset, float sample_scale,
    float output_scale, int32_t output_zero_point, int8_t *log_mel, int32_t log_mel_length,
    int32_t log_mel_offset, int32_t *scratch, int32_t scratch_words, int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    tnm_glue_clear(&err);
    if (tnm_check_frame(samples, samples_length, sample_offset, TNM_LOGMEL_FFT_LENGTH,
                        TNM_FIELD_FEATURE_SAMPLES, log_mel, log_mel_length, log_mel_offset,
                        TNM_LOGMEL_MELS, TNM_FIELD_FEATURE_COUNT, &err) == TNM_OK) {
        tnm_logmel_frame_s8(samples + sample_offset, TNM_LOGMEL_FFT_LENGTH, sample_scale,
                            output_scale, output_zero_point, log_mel + log_mel_offset,
                            TNM_LOGMEL_MELS, scratch, tnm_glue_words_to_bytes(scratch_words),
                            &err);
    }
    return tnm_glue_finish(&err, error5);
}
