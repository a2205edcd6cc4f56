/*
 * Fuzz target: the argument checks of the interop glue, through the host exports the
 * C# library calls (the nanoCLR handlers check the same windows). Managed arrays pass
 * by reference with their true length, and offsets/counts are the caller's: here each
 * array is a heap buffer of exactly the length the call is told, while offsets, counts
 * and sizes are arbitrary. Also: the window check's contract itself (tnm_check_window,
 * the C API both glues call), and the error sentence formatter on arbitrary error words
 * and buffer sizes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "tnm/tnm_args.h"
#include "tnm/tnm_frontend.h"

/* Host exports (glue/host), declared here as the C# side sees them. */
int32_t tnm_host_error_format(const int32_t *error5, uint8_t *message, int32_t message_len);
int32_t tnm_host_micro_frontend_state_words(void);
int32_t tnm_host_micro_frontend_init(int32_t *state, int32_t state_words, int32_t *error5);
int32_t tnm_host_micro_frontend_process(int32_t *state, int32_t state_words,
                                        const int16_t *samples, int32_t samples_length,
                                        int32_t sample_offset, int8_t *features,
                                        int32_t features_length, int32_t feature_offset,
                                        int32_t *error5);
int32_t tnm_host_vibration_features_f32(const float *samples, int32_t samples_length,
                                        int32_t sample_offset, int32_t window_samples,
                                        int32_t band_count, float *features,
                                        int32_t features_length, int32_t feature_offset,
                                        int32_t *scratch, int32_t scratch_words,
                                        int32_t *error5);

static int32_t small_length(fuzz_input *in, int32_t typical)
{
    int32_t v = fuzz_size_near(in, typical);
    return v < 0 || v > 1 << 14 ? typical : v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    tnm_error err;
    int32_t error5[TNM_ERROR_WORDS];
    fuzz_begin(&in, data, size);

    switch (fuzz_u8(&in) % 4u) {
    case 0: { /* the window contract: OK means the window lies inside the array */
        static const uint8_t dummy[1];
        int32_t length = fuzz_i32(&in), offset = fuzz_i32(&in), count = fuzz_i32(&in);
        tnm_status st = tnm_check_window(dummy, length, offset, count, TNM_FIELD_SAMPLES,
                                         TNM_FIELD_SAMPLE_OFFSET, &err);
        if (st == TNM_OK && (count < 0 || offset < 0 || length < 0 ||
                             (int64_t)offset + count > (int64_t)length))
            abort();
        if (st != TNM_OK && st != err.code) abort();
        break;
    }
    case 1: { /* error sentences from arbitrary words, into any buffer size */
        int32_t message_len = (int32_t)(fuzz_u8(&in) | (fuzz_u8(&in) << 8)) % 2048;
        uint8_t *message = (uint8_t *)malloc((size_t)message_len + 1u);
        int32_t i, written;
        for (i = 0; i < TNM_ERROR_WORDS; i++) error5[i] = (fuzz_u8(&in) & 1u) ? fuzz_i32(&in) : (int32_t)fuzz_u8(&in) - 64;
        if (message == NULL) break;
        written = tnm_host_error_format(error5, message, message_len);
        if (written >= 0 && (written >= message_len || message[written] != 0)) abort();
        free(message);
        break;
    }
    case 2: { /* micro front end with arbitrary windows over exact-length arrays */
        int32_t state_words = tnm_host_micro_frontend_state_words();
        int32_t samples_length = small_length(&in, 480), features_length = small_length(&in, 40);
        int32_t sample_offset = fuzz_size_near(&in, 0), feature_offset = fuzz_size_near(&in, 0);
        int32_t *state = (int32_t *)malloc((size_t)state_words * 4u);
        int16_t *samples = (int16_t *)calloc((size_t)samples_length + 1u, sizeof(int16_t));
        int8_t *features = (int8_t *)malloc((size_t)features_length + 1u);
        int32_t i;
        if (state != NULL && samples != NULL && features != NULL &&
            tnm_host_micro_frontend_init(state, state_words, error5) == TNM_OK) {
            for (i = 0; i < samples_length && fuzz_remaining(&in) > 0; i++)
                samples[i] = (int16_t)(uint16_t)(fuzz_u8(&in) | (fuzz_u8(&in) << 8));
            tnm_host_micro_frontend_process(state, state_words, samples, samples_length,
                                            sample_offset, features, features_length,
                                            feature_offset, error5);
        }
        free(features);
        free(samples);
        free(state);
        break;
    }
    default: { /* vibration features: windows, scratch words, band counts */
        int32_t window = (int32_t)(1u << (fuzz_u8(&in) % 10u));
        int32_t bands = fuzz_size_near(&in, 4);
        int32_t samples_length = small_length(&in, 3 * window);
        int32_t features_length = small_length(&in, 12);
        int32_t scratch_words = small_length(&in, window + window / 4 + 1);
        int32_t sample_offset = fuzz_size_near(&in, 0), feature_offset = fuzz_size_near(&in, 0);
        float *samples = (float *)calloc((size_t)samples_length + 1u, sizeof(float));
        float *features = (float *)malloc((size_t)features_length * sizeof(float) + 4u);
        int32_t *scratch = (int32_t *)malloc((size_t)scratch_words * 4u + 4u);
        if (samples != NULL && features != NULL && scratch != NULL)
            tnm_host_vibration_features_f32(samples, samples_length, sample_offset, window, bands,
                                            features, features_length, feature_offset, scratch,
                                            scratch_words, error5);
        free(scratch);
        free(features);
        free(samples);
        break;
    }
    }
    return 0;
}
