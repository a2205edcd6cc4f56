/*
 * micro_speech front end vs TensorFlow Lite Micro: every clip in shared/audio, frame
 * by frame with the state carried across frames, must give the golden 49x40 int8
 * matrix of shared/golden/micro_speech byte for byte.
 */
#include <stdio.h>
#include <string.h>

#include "tnm/tnm_frontend.h"
#include "tnm_test.h"
#include "tnm_wav.h"

#define ROWS 49
#define COLS TNM_MICRO_FRONTEND_FEATURES
#define MAX_SAMPLES 16000

static const char *const k_clips[] = {
    "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms", "yes_30ms", "no_30ms",
};

static uint32_t g_state[4096]; /* > tnm_micro_frontend_state_size() / 4, checked below */
static uint32_t g_state2[4096];
static int16_t g_audio[MAX_SAMPLES];
static int16_t g_audio2[MAX_SAMPLES];

static int frame_count(long samples)
{
    if (samples < TNM_FRONTEND_WINDOW_SAMPLES) return 0;
    return (int)((samples - TNM_FRONTEND_WINDOW_SAMPLES) / TNM_FRONTEND_STRIDE_SAMPLES) + 1;
}

/* Loads a clip and its golden matrix; returns the sample count or -1. */
static long load_clip(const char *clip, int16_t *audio, int8_t golden[ROWS * COLS])
{
    char path[256];
    int32_t rate = 0;
    long n;
    snprintf(path, sizeof path, "audio/%s.wav", clip);
    n = tnm_read_shared_wav(path, audio, MAX_SAMPLES, &rate);
    if (n < 0) return -1;
    CHECK_EQ(16000, rate);
    snprintf(path, sizeof path, "golden/micro_speech/%s.features.bin", clip);
    CHECK_EQ(ROWS * COLS, tnm_read_shared(path, golden, ROWS * COLS));
    return n;
}

static void test_clip(const char *clip)
{
    int8_t golden[ROWS * COLS];
    int8_t features[COLS];
    tnm_error err;
    const int32_t size = tnm_micro_frontend_state_size();
    long n = load_clip(clip, g_audio, golden);
    int frames, f, mismatched_bytes = 0, first_bad_frame = -1;
    if (n < 0) {
        tnm_test_skip(clip);
        return;
    }
    frames = frame_count(n);
    CHECK_EQ(n == 16000 ? ROWS : 1, frames);
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init(g_state, size, &err));
    for (f = 0; f < frames; f++) {
        int c;
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size,
                                                    g_audio + f * TNM_FRONTEND_STRIDE_SAMPLES,
                                                    TNM_FRONTEND_WINDOW_SAMPLES, features, COLS,
                                                    &err));
        for (c = 0; c < COLS; c++) {
            if (features[c] != golden[f * COLS + c]) {
                if (first_bad_frame < 0) {
                    first_bad_frame = f;
                    fprintf(stderr, "%s frame %d channel %d: %d, golden %d\n", clip, f, c,
                            features[c], golden[f * COLS + c]);
                }
                mismatched_bytes++;
            }
        }
    }
    printf("%s: %d frames, %d mismatched bytes\n", clip, frames, mismatched_bytes);
    CHECK_EQ(0, mismatched_bytes);
}

/* The noise estimate is real state: the same window gives other features without
 * the frames before it, and two front ends fed interleaved stay independent. */
static void test_state_is_carried(void)
{
    int8_t golden_yes[ROWS * COLS], golden_no[ROWS * COLS];
    int8_t features[COLS];
    const int32_t size = tnm_micro_frontend_state_size();
    long n1 = load_clip("yes_1000ms", g_audio, golden_yes);
    long n2 = load_clip("no_1000ms", g_audio2, golden_no);
    int f, mismatches = 0;
    if (n1 != 16000 || n2 != 16000) {
        tnm_test_skip("state tests (clips missing)");
        return;
    }
    /* Frame 20 alone, from a fresh state, differs from frame 20 in sequence. */
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init(g_state, size, NULL));
    CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size,
                                                g_audio + 20 * TNM_FRONTEND_STRIDE_SAMPLES,
                                                TNM_FRONTEND_WINDOW_SAMPLES, features, COLS,
                                                NULL));
    CHECK(memcmp(features, golden_yes + 20 * COLS, COLS) != 0);

    /* Interleaved: yes in g_state, no in g_state2. */
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init(g_state, size, NULL));
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init(g_state2, size, NULL));
    for (f = 0; f < ROWS; f++) {
        const int offset = f * TNM_FRONTEND_STRIDE_SAMPLES;
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size, g_audio + offset,
                                                    TNM_FRONTEND_WINDOW_SAMPLES, features,
                                                    COLS, NULL));
        mismatches += memcmp(features, golden_yes + f * COLS, COLS) != 0;
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state2, size, g_audio2 + offset,
                                                    TNM_FRONTEND_WINDOW_SAMPLES, features,
                                                    COLS, NULL));
        mismatches += memcmp(features, golden_no + f * COLS, COLS) != 0;
    }
    CHECK_EQ(0, mismatches);

    /* init resets: running yes again on the used state reproduces the golden frames. */
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init(g_state, size, NULL));
    mismatches = 0;
    for (f = 0; f < ROWS; f++) {
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size,
                                                    g_audio + f * TNM_FRONTEND_STRIDE_SAMPLES,
                                                    TNM_FRONTEND_WINDOW_SAMPLES, features,
                                                    COLS, NULL));
        mismatches += memcmp(features, golden_yes + f * COLS, COLS) != 0;
    }
    CHECK_EQ(0, mismatches);
}

/* The 30 ms clips give one frame; the golden files zero-fill the other 48 rows. */
static void test_short_clip_padding(void)
{
    int8_t golden[ROWS * COLS];
    int i, nonzero = 0;
    if (load_clip("yes_30ms", g_audio, golden) < 0) {
        tnm_test_skip("yes_30ms padding");
        return;
    }
    for (i = COLS; i < ROWS * COLS; i++) nonzero += golden[i] != 0;
    CHECK_EQ(0, nonzero);
}

int main(void)
{
    size_t i;
    if (tnm_shared_dir() == NULL) {
        tnm_test_skip("shared reference data not found (set TINYML_SHARED)");
        return tnm_test_finish("test_frontend_micro");
    }
    CHECK(tnm_micro_frontend_state_size() <= (int32_t)sizeof g_state);
    for (i = 0; i < sizeof k_clips / sizeof k_clips[0]; i++) test_clip(k_clips[i]);
    test_state_is_carried();
    test_short_clip_padding();
    return tnm_test_finish("test_frontend_micro");
}
