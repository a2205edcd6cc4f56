/*
 * Host glue for the audio front ends (tnm_frontend.h): the functions
 * native-kernels/nanoframework/managed/NativeMethods.cs calls through P/Invoke. Managed arrays
 * arrive without their offset, so each call takes the array, its length and an offset,
 * checks that one whole frame fits, and calls the C API on that frame. State is an
 * int32 array (4-byte aligned); its size is given in int32 words. error5 is
 * int32[TNM_ERROR_WORDS]: code, field, index, value, limit.
 */
#include <stddef.h>
#include <stdint.h>

#include "tnm/tnm_args.h"
#include "tnm/tnm_frontend.h"
#include "tnm/tnm_status.h"
#include "tnm_host_glue.h"

TNM_HOST_EXPORT int32_t tnm_host_micro_frontend_state_words(void);
TNM_HOST_EXPORT int32_t tnm_host_micro_frontend_init(int32_t *state, int32_t state_words,
                                                     int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_micro_frontend_process(int32_t *state, int32_t state_words,
                                                        const int16_t *samples,
                                                        int32_t samples_length,
                                                        int32_t sample_offset, int8_t *features,
                                                        int32_t features_length,
                                                        int32_t feature_offset, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_micro_frontend_init_wake_word(int32_t *state, int32_t state_words,
                                                               int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_mfcc_frontend_state_words(void);
TNM_HOST_EXPORT int32_t tnm_host_mfcc_frontend_init(int32_t *state, int32_t state_words,
                                                    float sample_scale, float output_scale,
                                                    int32_t output_zero_point, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_mfcc_frontend_process(int32_t *state, int32_t state_words,
                                                       const int16_t *samples,
                                                       int32_t samples_length,
                                                       int32_t sample_offset, int8_t *features,
                                                       int32_t features_length,
                                                       int32_t feature_offset, int32_t *error5);

typedef tnm_status (*frame_fn)(void *, int32_t, const int16_t *, int32_t, int8_t *, int32_t,
                               tnm_error *);

static int32_t process_frame(frame_fn process, int32_t feature_count, int32_t *state,
                             int32_t state_words, const int16_t *samples, int32_t samples_length,
                             int32_t sample_offset, int8_t *features, int32_t features_length,
                             int32_t feature_offset, int32_t *error5)
{
    tnm_error err;
    tnm_glue_clear(&err);
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (tnm_check_frame(samples, samples_length, sample_offset, TNM_FRONTEND_WINDOW_SAMPLES,
                        TNM_FIELD_SAMPLES, features, features_length, feature_offset,
                        feature_count, TNM_FIELD_FEATURES, &err) == TNM_OK) {
        process(state, tnm_glue_words_to_bytes(state_words), samples + sample_offset,
                TNM_FRONTEND_WINDOW_SAMPLES, features + feature_offset, feature_count, &err);
    }
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_micro_frontend_state_words(void)
{
    return (tnm_micro_frontend_state_size() + 3) / 4;
}

TNM_HOST_EXPORT int32_t tnm_host_micro_frontend_init(int32_t *state, int32_t state_words,
                                                     int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    tnm_glue_clear(&err);
    tnm_micro_frontend_init(state, tnm_glue_words_to_bytes(state_words), &err);
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_micro_frontend_process(int32_t *state, int32_t state_words,
                                                        const int16_t *samples,
                                                        int32_t samples_length,
                                                        int32_t sample_offset, int8_t *features,
                                                        int32_t features_length,
                                                        int32_t feature_offset, int32_t *error5)
{
    return process_frame(tnm_micro_frontend_process, TNM_MICRO_FRONTEND_FEATURES, state,
                         state_words, samples, samples_length, sample_offset, features,
                         features_length, feature_offset, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_micro_frontend_init_wake_word(int32_t *state, int32_t state_words,
                                                               int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    tnm_glue_clear(&err);
    tnm_micro_frontend_init_wake_word(state, tnm_glue_words_to_bytes(state_words), &err);
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_mfcc_frontend_state_words(void)
{
    return (tnm_mfcc_frontend_state_size() + 3) / 4;
}

TNM_HOST_EXPORT int32_t tnm_host_mfcc_frontend_init(int32_t *state, int32_t state_words,
                                                    float sample_scale, float output_scale,
                                                    int32_t output_zero_point, int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    tnm_glue_clear(&err);
    tnm_mfcc_frontend_init(state, tnm_glue_words_to_bytes(state_words), sample_scale, output_scale,
                           output_zero_point, &err);
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_mfcc_frontend_process(int32_t *state, int32_t state_words,
                                                       const int16_t *samples,
                                                       int32_t samples_length,
                                                       int32_t sample_offset, int8_t *features,
                                                       int32_t features_length,
                                                       int32_t feature_offset, int32_t *error5)
{
    return process_frame(tnm_mfcc_frontend_process, TNM_MFCC_COEFFICIENTS, state, state_words,
                         samples, samples_length, sample_offset, features, features_length,
                         feature_offset, error5);
}
