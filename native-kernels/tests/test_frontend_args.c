/*
 * Front-end argument validation: null pointers, wrong lengths, small or misaligned
 * or uninitialized state, bad quantization parameters each give a typed error naming
 * the field, and leave the outputs untouched.
 */
#include <math.h>
#include <string.h>

#include "tnm/tnm_frontend.h"
#include "tnm_test.h"

#define WINDOW TNM_FRONTEND_WINDOW_SAMPLES

static uint32_t g_state[4096];
static int16_t g_samples[WINDOW + 1];

static void check_error(tnm_status status, tnm_status code, tnm_field field, const tnm_error *err)
{
    CHECK_EQ(code, status);
    CHECK_EQ(code, err->code);
    CHECK_EQ(field, err->field);
}

typedef tnm_status (*process_fn)(void *, int32_t, const int16_t *, int32_t, int8_t *, int32_t,
                                 tnm_error *);

/* The checks both front ends share, after a successful init of g_state. */
static void check_process_arguments(process_fn process, int32_t size, int32_t features_count)
{
    int8_t features[64];
    tnm_error err;
    memset(features, 0x5A, sizeof features);
    check_error(process(NULL, size, g_samples, WINDOW, features, features_count, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_STATE, &err);
    check_error(process((uint8_t *)g_state + 1, size, g_samples, WINDOW, features,
                        features_count, &err),
                TNM_ERR_ALIGNMENT, TNM_FIELD_STATE, &err);
    check_error(process(g_state, size - 4, g_samples, WINDOW, features, features_count, &err),
                TNM_ERR_BUFFER, TNM_FIELD_STATE, &err);
    CHECK_EQ(size, err.limit);
    check_error(process(g_state, -1, g_samples, WINDOW, features, features_count, &err),
                TNM_ERR_BUFFER, TNM_FIELD_STATE, &err);
    check_error(process(g_state, size, NULL, WINDOW, features, features_count, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, &err);
    check_error(process(g_state, size, g_samples, WINDOW - 1, features, features_count, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, &err);
    CHECK_EQ(WINDOW - 1, err.value);
    CHECK_EQ(WINDOW, err.limit);
    check_error(process(g_state, size, g_samples, WINDOW + 1, features, features_count, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, &err);
    check_error(process(g_state, size, g_samples, 0, features, features_count, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, &err);
    check_error(process(g_state, size, g_samples, WINDOW, NULL, features_count, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURES, &err);
    check_error(process(g_state, size, g_samples, WINDOW, features, features_count - 1, &err),
                TNM_ERR_BUFFER, TNM_FIELD_FEATURES, &err);
    CHECK_EQ(features_count, err.limit);
    check_error(process(g_state, size, g_samples, WINDOW, features, -5, &err),
                TNM_ERR_BUFFER, TNM_FIELD_FEATURES, &err);
    /* NULL err is allowed. */
    CHECK_EQ(TNM_ERR_ARGUMENT, process(g_state, size, NULL, WINDOW, features, features_count, NULL));
    { /* nothing was written by the failed calls */
        int i, touched = 0;
        for (i = 0; i < (int)sizeof features; i++) touched += features[i] != 0x5A;
        CHECK_EQ(0, touched);
    }
    /* a state that init never saw is refused */
    memset(g_state, 0, sizeof g_state);
    check_error(process(g_state, size, g_samples, WINDOW, features, features_count, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_STATE, &err);
}

static void test_micro(void)
{
    const int32_t size = tnm_micro_frontend_state_size();
    int8_t features[TNM_MICRO_FRONTEND_FEATURES];
    tnm_error err;
    CHECK(size > 0 && size % 4 == 0 && size <= (int32_t)sizeof g_state);
    check_error(tnm_micro_frontend_init(NULL, size, &err), TNM_ERR_ARGUMENT, TNM_FIELD_STATE, &err);
    check_error(tnm_micro_frontend_init(g_state, size - 1, &err), TNM_ERR_BUFFER, TNM_FIELD_STATE,
                &err);
    check_error(tnm_micro_frontend_init((uint8_t *)g_state + 2, size, &err), TNM_ERR_ALIGNMENT,
                TNM_FIELD_STATE, &err);
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init(g_state, size, &err));
    check_process_arguments(tnm_micro_frontend_process, size, TNM_MICRO_FRONTEND_FEATURES);
    /* extreme input: full-scale square wave and -32768 everywhere run and give features */
    {
        int i;
        CHECK_EQ(TNM_OK, tnm_micro_frontend_init(g_state, size, &err));
        for (i = 0; i < WINDOW; i++) g_samples[i] = (i / 8) % 2 ? 32767 : -32768;
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size, g_samples, WINDOW, features,
                                                    TNM_MICRO_FRONTEND_FEATURES, &err));
        for (i = 0; i < WINDOW; i++) g_samples[i] = -32768;
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size, g_samples, WINDOW, features,
                                                    TNM_MICRO_FRONTEND_FEATURES, &err));
        memset(g_samples, 0, sizeof g_samples);
    }
}

static void test_mfcc(void)
{
    const int32_t size = tnm_mfcc_frontend_state_size();
    float coefficients[TNM_MFCC_COEFFICIENTS];
    tnm_error err;
    const float inf = (float)HUGE_VAL;
    const float nan = (float)(HUGE_VAL - HUGE_VAL);
    CHECK(size > 0 && size % 4 == 0 && size <= (int32_t)sizeof g_state);
    check_error(tnm_mfcc_frontend_init(NULL, size, 1.0f, 0.5f, 0, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_STATE, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size - 4, 1.0f, 0.5f, 0, &err), TNM_ERR_BUFFER,
                TNM_FIELD_STATE, &err);
    check_error(tnm_mfcc_frontend_init((uint8_t *)g_state + 1, size, 1.0f, 0.5f, 0, &err),
                TNM_ERR_ALIGNMENT, TNM_FIELD_STATE, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size, 0.0f, 0.5f, 0, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_SAMPLE_SCALE, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size, -1.0f, 0.5f, 0, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_SAMPLE_SCALE, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size, nan, 0.5f, 0, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_SAMPLE_SCALE, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size, 1.0f, 0.0f, 0, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_FEATURE_SCALE, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size, 1.0f, inf, 0, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_FEATURE_SCALE, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size, 1.0f, nan, 0, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_FEATURE_SCALE, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size, 1.0f, 0.5f, 128, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_FEATURE_ZERO_POINT, &err);
    CHECK_EQ(128, err.value);
    check_error(tnm_mfcc_frontend_init(g_state, size, 1.0f, 0.5f, -129, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_FEATURE_ZERO_POINT, &err);
    CHECK_EQ(TNM_OK, tnm_mfcc_frontend_init(g_state, size, 1.0f / 32768.0f, 0.584703f, 83, &err));
    check_process_arguments(tnm_mfcc_frontend_process, size, TNM_MFCC_COEFFICIENTS);
    CHECK_EQ(TNM_OK, tnm_mfcc_frontend_init(g_state, size, 1.0f / 32768.0f, 0.584703f, 83, &err));
    check_error(tnm_mfcc_frontend_process_f32(g_state, size, g_samples, WINDOW, NULL,
                                              TNM_MFCC_COEFFICIENTS, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURES, &err);
    check_error(tnm_mfcc_frontend_process_f32(g_state, size, g_samples, WINDOW, coefficients, 9,
                                              &err),
                TNM_ERR_BUFFER, TNM_FIELD_FEATURES, &err);
    check_error(tnm_mfcc_frontend_process_f32(g_state, size, g_samples, 100, coefficients,
                                              TNM_MFCC_COEFFICIENTS, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, &err);
    check_error(tnm_mfcc_frontend_init(g_state, size, 1.5f, 0.5f, 0, &err), TNM_ERR_ARGUMENT,
                TNM_FIELD_SAMPLE_SCALE, &err);
    /* the loudest input (full-scale 1 kHz square wave) at the largest gain stays finite
     * and quantizes with saturation */
    {
        int8_t features[TNM_MFCC_COEFFICIENTS];
        float c[TNM_MFCC_COEFFICIENTS];
        int i, finite = 1, mismatched = 0;
        for (i = 0; i < WINDOW; i++) g_samples[i] = (i / 8) % 2 ? 32767 : -32768;
        CHECK_EQ(TNM_OK, tnm_mfcc_frontend_init(g_state, size, 1.0f, 0.05f, 83, &err));
        CHECK_EQ(TNM_OK, tnm_mfcc_frontend_process_f32(g_state, size, g_samples, WINDOW, c,
                                                       TNM_MFCC_COEFFICIENTS, &err));
        CHECK_EQ(TNM_OK, tnm_mfcc_frontend_process(g_state, size, g_samples, WINDOW, features,
                                                   TNM_MFCC_COEFFICIENTS, &err));
        for (i = 0; i < TNM_MFCC_COEFFICIENTS; i++) {
            double q;
            finite &= c[i] > -1e30f && c[i] < 1e30f;
            q = floor(fabs(c[i]) / 0.05 + 0.5);
            q = (c[i] < 0 ? -q : q) + 83;
            q = q < -128 ? -128 : q > 127 ? 127 : q;
            mismatched += features[i] != (int)q;
        }
        CHECK(finite);
        CHECK_EQ(0, mismatched);
        CHECK_EQ(127, features[0]); /* c[0] is far above (127 - 83) * 0.05 */
        memset(g_samples, 0, sizeof g_samples);
    }
}

static void test_error_text(void)
{
    tnm_error err;
    char text[160];
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init(g_state, tnm_micro_frontend_state_size(), NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_micro_frontend_process(g_state, tnm_micro_frontend_state_size(),
                                                          g_samples, 479, NULL, 40, &err));
    tnm_error_format(&err, text, (int32_t)sizeof text);
    CHECK(strstr(text, "479 samples") != NULL);
    CHECK(strstr(text, "480") != NULL);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mfcc_frontend_init(g_state, tnm_mfcc_frontend_state_size(),
                                                      1.0f, -2.0f, 0, &err));
    tnm_error_format(&err, text, (int32_t)sizeof text);
    CHECK(strstr(text, "feature scale is -2") != NULL);
    memset(g_state, 0, sizeof g_state);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_micro_frontend_process(g_state, tnm_micro_frontend_state_size(),
                                                          g_samples, 480, NULL, 40, &err));
    tnm_error_format(&err, text, (int32_t)sizeof text);
    CHECK(strstr(text, "init") != NULL);
}

int main(void)
{
    test_micro();
    test_mfcc();
    test_error_text();
    return tnm_test_finish("test_frontend_args");
}
