/*
 * microWakeWord front end vs TensorFlow Lite Micro's microfrontend library: every clip in
 * shared/audio, and a synthetic stress clip, fed window by window (480 samples, 160 apart)
 * with the state carried across frames, must give the int8 features the library produced
 * (tests/data/mww_features, README there: how they were made) byte for byte, frame by frame.
 */
#include <stdio.h>
#include <string.h>

#include "tnm/tnm_frontend.h"
#include "tnm_test.h"
#include "tnm_wav.h"

#define COLS TNM_MICRO_FRONTEND_FEATURES
#define MAX_SAMPLES 16000
#define MAX_FRAMES (1 + (MAX_SAMPLES - TNM_FRONTEND_WINDOW_SAMPLES) / TNM_MWW_FRONTEND_STRIDE_SAMPLES)

static const char *const k_clips[] = {
    "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms", "yes_30ms", "no_30ms",
};

static uint32_t g_state[4096]; /* > tnm_micro_frontend_state_size() / 4, checked below */
static int16_t g_audio[MAX_SAMPLES];
static int8_t g_golden[MAX_FRAMES * COLS];

/* tests/data/mww_features/<name>.bin, located from this source file's path. */
static long read_golden(const char *name, int8_t *buf, long cap)
{
    char path[1024];
    const char *src = __FILE__;
    const char *slash = strrchr(src, '/');
    FILE *f;
    long n;
    if (slash == NULL) return -1;
    snprintf(path, sizeof path, "%.*s/data/mww_features/%s.bin", (int)(slash - src), src, name);
    f = fopen(path, "rb");
    if (f == NULL) {
        printf("cannot open %s\n", path);
        return -1;
    }
    n = (long)fread(buf, 1, (size_t)cap, f);
    fclose(f);
    return n;
}

/* The stress clip (1 s): a full-scale square wave ending in 241 samples of -32768 (a window
 * whose centre taps see -32768 and whose second half is silent: the corner where the
 * microfrontend library's window maximum differs from the signal ops'), digital silence, a
 * DC offset of 20000 with a triangle wave, full-scale white noise, and a nearly silent
 * microphone (+-4). The README in tests/data/mww_features gives the same formula. */
static void make_stress(int16_t *s)
{
    uint32_t x = 2463534242u;
    long n;
    for (n = 0; n < 16000; n++) {
        int32_t v;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        if (n < 3441) {
            v = (n >= 3200 || ((n / 8) & 1)) ? -32768 : 32767;
        } else if (n < 8000) {
            v = 0;
        } else if (n < 12000) {
            v = 20000 + ((int32_t)(n % 64) - 32) * 300;
        } else if (n < 14000) {
            v = (int32_t)(x >> 16) - 32768;
        } else {
            v = (int32_t)((x >> 16) & 7u) - 4;
        }
        s[n] = (int16_t)v;
    }
}

/* Runs the front end over audio[0..n) and compares every frame with the golden bytes. */
static void compare(const char *name, const int16_t *audio, long n)
{
    int8_t features[COLS];
    const int32_t size = tnm_micro_frontend_state_size();
    long golden_bytes = read_golden(name, g_golden, sizeof g_golden);
    int frames, f, mismatched = 0, first_bad = -1;
    tnm_error err;
    frames = n < TNM_FRONTEND_WINDOW_SAMPLES
                 ? 0
                 : (int)((n - TNM_FRONTEND_WINDOW_SAMPLES) / TNM_MWW_FRONTEND_STRIDE_SAMPLES) + 1;
    CHECK_EQ((long)frames * COLS, golden_bytes);
    if (golden_bytes != (long)frames * COLS) return;
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init_wake_word(g_state, size, &err));
    for (f = 0; f < frames; f++) {
        int c;
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size,
                                                    audio + f * TNM_MWW_FRONTEND_STRIDE_SAMPLES,
                                                    TNM_FRONTEND_WINDOW_SAMPLES, features, COLS,
                                                    &err));
        for (c = 0; c < COLS; c++) {
            if (features[c] != g_golden[f * COLS + c]) {
                if (first_bad < 0) {
                    first_bad = f;
                    fprintf(stderr, "%s frame %d channel %d: %d, library %d\n", name, f, c,
                            features[c], g_golden[f * COLS + c]);
                }
                mismatched++;
            }
        }
    }
    printf("%s: %d frames, %d mismatched bytes\n", name, frames, mismatched);
    CHECK(frames > 0);
    CHECK_EQ(0, mismatched);
}

static void test_clip(const char *clip)
{
    char path[256];
    int32_t rate = 0;
    long n;
    snprintf(path, sizeof path, "audio/%s.wav", clip);
    n = tnm_read_shared_wav(path, g_audio, MAX_SAMPLES, &rate);
    if (n < 0) {
        tnm_test_skip(clip);
        return;
    }
    CHECK_EQ(16000, rate);
    compare(clip, g_audio, n);
}

/* The same windows through the micro_speech settings give other features: the settings
 * matter (and the stress clip reaches the corner cases), so the test above can fail. */
static void test_settings_differ(void)
{
    int8_t a[COLS], b[COLS];
    const int32_t size = tnm_micro_frontend_state_size();
    int f, differing = 0;
    make_stress(g_audio);
    CHECK_EQ(TNM_OK, tnm_micro_frontend_init_wake_word(g_state, size, NULL));
    for (f = 0; f < 30; f++) {
        const int16_t *w = g_audio + f * TNM_MWW_FRONTEND_STRIDE_SAMPLES;
        static uint32_t other[4096];
        if (f == 0) CHECK_EQ(TNM_OK, tnm_micro_frontend_init(other, size, NULL));
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size, w, TNM_FRONTEND_WINDOW_SAMPLES,
                                                    a, COLS, NULL));
        CHECK_EQ(TNM_OK, tnm_micro_frontend_process(other, size, w, TNM_FRONTEND_WINDOW_SAMPLES,
                                                    b, COLS, NULL));
        differing += memcmp(a, b, COLS) != 0;
    }
    CHECK(differing > 0);
}

/* init_wake_word resets: the same clip twice on one state gives the same frames. */
static void test_reset(void)
{
    int8_t first[COLS * 5], again[COLS * 5];
    const int32_t size = tnm_micro_frontend_state_size();
    int pass, f;
    make_stress(g_audio);
    for (pass = 0; pass < 2; pass++) {
        int8_t *out = pass == 0 ? first : again;
        CHECK_EQ(TNM_OK, tnm_micro_frontend_init_wake_word(g_state, size, NULL));
        for (f = 0; f < 5; f++) {
            CHECK_EQ(TNM_OK, tnm_micro_frontend_process(g_state, size, g_audio + f * 160,
                                                        TNM_FRONTEND_WINDOW_SAMPLES,
                                                        out + f * COLS, COLS, NULL));
        }
    }
    CHECK(memcmp(first, again, sizeof first) == 0);
}

int main(void)
{
    size_t i;
    CHECK(tnm_micro_frontend_state_size() <= (int32_t)sizeof g_state);
    make_stress(g_audio);
    compare("stress_1000ms", g_audio, MAX_SAMPLES);
    test_settings_differ();
    test_reset();
    if (tnm_shared_dir() == NULL) {
        tnm_test_skip("shared/audio not found (set TINYML_SHARED): only the stress clip ran");
    } else {
        for (i = 0; i < sizeof k_clips / sizeof k_clips[0]; i++) test_clip(k_clips[i]);
    }
    return tnm_test_finish("test_frontend_mww");
}
