/*
 * Vibration features against a float64 reference computed here straight from the
 * definition in tnm_features.h (direct DFT, no FFT), for several window lengths and band
 * counts; physical checks (a sine's energy lands in its band at A^2 / 2, Parseval);
 * int8 output equals the quantized float output; every bad argument gives a typed error
 * naming the field and leaves the output untouched.
 */
#include <math.h>
#include <string.h>

#include "tnm/tnm_features.h"
#include "tnm_test.h"

#define MAX_N 1024

static const double k_pi = 3.14159265358979323846;

static float g_samples[3 * MAX_N];
static uint32_t g_scratch[(MAX_N + MAX_N / 4 + 1) + 4];
static float g_features[3 * 256];
static double g_reference[3 * 256];

static double uniform(tnm_rng *rng) { return (double)tnm_rng_next(rng) / 4294967296.0; }

/* Machine-like test signal: gravity on z, shaft harmonics, a resonance burst, noise. */
static void make_signal(float *s, int32_t n, double fs, uint32_t seed)
{
    tnm_rng rng;
    int32_t i, a;
    tnm_rng_seed(&rng, seed);
    for (i = 0; i < n; i++) {
        const double t = i / fs;
        for (a = 0; a < 3; a++) {
            double v = a == 2 ? 1.0 : 0.0;
            v += 0.05 * sin(2 * k_pi * 24.5 * t + a) + 0.02 * sin(2 * k_pi * 49 * t + 2 * a);
            v += 0.1 * exp(-40.0 * fmod(t, 0.07)) * sin(2 * k_pi * 300 * t);
            v += 0.01 * (uniform(&rng) - 0.5) * 3.4;
            s[3 * i + a] = (float)v;
        }
    }
}

/* The definition in float64: mean removal, periodic Hann, direct DFT, bands, dB. */
static void reference(const float *s, int32_t n, int32_t bands, double *out)
{
    int32_t a, b, k, i;
    const int32_t width = n / 2 / bands;
    for (a = 0; a < 3; a++) {
        double mean = 0, wpow = 0;
        double x[MAX_N];
        for (i = 0; i < n; i++) mean += s[3 * i + a];
        mean /= n;
        for (i = 0; i < n; i++) {
            const double w = 0.5 - 0.5 * cos(2 * k_pi * i / n);
            x[i] = (s[3 * i + a] - mean) * w;
            wpow += w * w;
        }
        for (b = 0; b < bands; b++) {
            double e = 0;
            for (k = 1 + b * width; k < 1 + (b + 1) * width; k++) {
                double re = 0, im = 0;
                for (i = 0; i < n; i++) {
                    re += x[i] * cos(2 * k_pi * (double)k * i / n);
                    im -= x[i] * sin(2 * k_pi * (double)k * i / n);
                }
                e += (k == n / 2 ? 1.0 : 2.0) * (re * re + im * im);
            }
            out[a * bands + b] = 10.0 * log10(e / (n * wpow) + 1e-10);
        }
    }
}

static void test_against_reference(void)
{
    static const int32_t cases[][2] = {{8, 4}, {16, 1}, {64, 8}, {256, 16}, {256, 128},
                                       {512, 32}, {1024, 64}};
    size_t c;
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const int32_t n = cases[c][0], bands = cases[c][1];
        const int32_t size = tnm_vibration_scratch_size(n);
        double worst = 0;
        int32_t i;
        tnm_error err;
        CHECK(size == (n + n / 4 + 1) * 4 && size <= (int32_t)sizeof g_scratch);
        make_signal(g_samples, n, 1000.0, (uint32_t)(7 + c));
        CHECK_EQ(TNM_OK, tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features,
                                                    3 * bands, g_scratch, size, &err));
        reference(g_samples, n, bands, g_reference);
        for (i = 0; i < 3 * bands; i++) {
            const double d = fabs(g_features[i] - g_reference[i]);
            if (d > worst) worst = d;
        }
        if (worst > 0.01) fprintf(stderr, "N=%d bands=%d: worst |dB difference| %g\n", n, bands, worst);
        CHECK(worst <= 0.01); /* float32 FFT vs float64 DFT, in dB */
    }
}

static void test_physics(void)
{
    /* A sine of amplitude A exactly on bin 20 of a 256-sample window (fs 1000 Hz): its
     * band holds A^2 / 2 (Hann leaks into bins 19 and 21, same band of 8 bins:
     * band 2 = bins 17..24), far bands hold nothing but rounding. */
    const int32_t n = 256, bands = 16;
    const double amplitude = 0.3;
    int32_t i, b;
    tnm_error err;
    for (i = 0; i < n; i++) {
        const float v = (float)(amplitude * sin(2 * k_pi * 20 * i / n + 0.3));
        g_samples[3 * i] = v;
        g_samples[3 * i + 1] = 0.5f; /* constant: only the mean, removed */
        g_samples[3 * i + 2] = -v;
    }
    CHECK_EQ(TNM_OK, tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features, 3 * bands,
                                                g_scratch, tnm_vibration_scratch_size(n), &err));
    CHECK(fabs(g_features[2] - 10 * log10(amplitude * amplitude / 2)) < 0.01);
    CHECK(fabs(g_features[2 * bands + 2] - g_features[2]) < 1e-4);
    for (b = 0; b < bands; b++) {
        if (b != 2) CHECK(g_features[b] < -90.0f);
        CHECK(g_features[bands + b] <= -99.9f); /* the constant axis sits at the floor */
    }

    /* Parseval: the bands of white noise add up to its variance. */
    {
        tnm_rng rng;
        double variance = 0, total = 0, mean = 0;
        tnm_rng_seed(&rng, 99);
        for (i = 0; i < n; i++) {
            g_samples[3 * i] = (float)(uniform(&rng) - 0.5);
            g_samples[3 * i + 1] = g_samples[3 * i + 2] = 0.0f;
            mean += g_samples[3 * i];
        }
        mean /= n;
        for (i = 0; i < n; i++) variance += (g_samples[3 * i] - mean) * (g_samples[3 * i] - mean);
        variance /= n;
        CHECK_EQ(TNM_OK, tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features,
                                                    3 * bands, g_scratch,
                                                    tnm_vibration_scratch_size(n), &err));
        for (b = 0; b < bands; b++) total += pow(10.0, g_features[b] / 10.0);
        /* The window weights samples unevenly, so only statistically equal: within 20 %. */
        CHECK(total > 0.8 * variance && total < 1.2 * variance);
    }
}

static void test_int8(void)
{
    const int32_t n = 256, bands = 16;
    /* Range [-51.0, 0] dB: the noise bands fall below it, the spike's bands above. */
    const float scale = 0.2f;
    const int32_t zp = 127;
    int8_t q[48];
    int32_t i, mismatched = 0, low = 0, high = 0;
    tnm_error err;
    make_signal(g_samples, n, 1000.0, 3);
    g_samples[3 * 128] = 100.0f; /* a spike on x mid-window: every x band near +8 dB */
    CHECK_EQ(TNM_OK, tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features, 48,
                                                g_scratch, tnm_vibration_scratch_size(n), &err));
    CHECK_EQ(TNM_OK, tnm_vibration_features_s8(g_samples, 3 * n, n, bands, scale, zp, q, 48,
                                               g_scratch, tnm_vibration_scratch_size(n), &err));
    for (i = 0; i < 48; i++) {
        double v = g_features[i] / scale;
        v = (v >= 0 ? floor(v + 0.5) : -floor(-v + 0.5)) + zp;
        v = v < -128 ? -128 : v > 127 ? 127 : v;
        mismatched += q[i] != (int8_t)v;
        low += q[i] == -128;
        high += q[i] == 127;
    }
    CHECK_EQ(0, mismatched);
    CHECK(low > 0);
    CHECK(high > 0);
}

static void check_error(tnm_status status, tnm_status code, tnm_field field, const tnm_error *err)
{
    CHECK_EQ(code, status);
    CHECK_EQ(code, err->code);
    CHECK_EQ(field, err->field);
}

static void test_arguments(void)
{
    const int32_t n = 64, bands = 8, size = tnm_vibration_scratch_size(64);
    int8_t q[24];
    tnm_error err;
    char text[200];
    int32_t i, touched = 0;
    make_signal(g_samples, n, 1000.0, 5);
    for (i = 0; i < 24; i++) g_features[i] = 12345.0f;
    memset(q, 0x5A, sizeof q);
    CHECK_EQ(-1, tnm_vibration_scratch_size(100));
    CHECK_EQ(-1, tnm_vibration_scratch_size(4));
    CHECK_EQ(-1, tnm_vibration_scratch_size(8192));
    CHECK_EQ(-1, tnm_vibration_scratch_size(-64));
    check_error(tnm_vibration_features_f32(g_samples, 3 * 100, 100, bands, g_features, 24,
                                           g_scratch, size, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_WINDOW, &err);
    tnm_error_format(&err, text, (int32_t)sizeof text);
    CHECK(strstr(text, "100 samples per axis") != NULL);
    check_error(tnm_vibration_features_f32(NULL, 3 * n, n, bands, g_features, 24, g_scratch, size,
                                           &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, &err);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n - 1, n, bands, g_features, 24,
                                           g_scratch, size, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, &err);
    CHECK_EQ(3 * n, err.limit);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, 0, g_features, 0, g_scratch, size,
                                           &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_BANDS, &err);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, 5, g_features, 15, g_scratch, size,
                                           &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_BANDS, &err);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, 64, g_features, 192, g_scratch,
                                           size, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_BANDS, &err);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, bands, NULL, 24, g_scratch, size,
                                           &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_COUNT, &err);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features, 23, g_scratch,
                                           size, &err),
                TNM_ERR_BUFFER, TNM_FIELD_FEATURE_COUNT, &err);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features, 24, NULL, size,
                                           &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SCRATCH, &err);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features, 24,
                                           (uint8_t *)g_scratch + 2, size, &err),
                TNM_ERR_ALIGNMENT, TNM_FIELD_FEATURE_SCRATCH, &err);
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features, 24, g_scratch,
                                           size - 4, &err),
                TNM_ERR_BUFFER, TNM_FIELD_FEATURE_SCRATCH, &err);
    CHECK_EQ(size, err.limit);
    g_samples[17] = (float)(HUGE_VAL - HUGE_VAL); /* NaN */
    check_error(tnm_vibration_features_f32(g_samples, 3 * n, n, bands, g_features, 24, g_scratch,
                                           size, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, &err);
    CHECK_EQ(17, err.index);
    tnm_error_format(&err, text, (int32_t)sizeof text);
    CHECK(strstr(text, "sample value 17 is not a finite number") != NULL);
    g_samples[17] = (float)HUGE_VAL;
    check_error(tnm_vibration_features_s8(g_samples, 3 * n, n, bands, 0.5f, 0, q, 24, g_scratch,
                                          size, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SAMPLES, &err);
    g_samples[17] = 0.0f;
    check_error(tnm_vibration_features_s8(g_samples, 3 * n, n, bands, 0.0f, 0, q, 24, g_scratch,
                                          size, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_SCALE, &err);
    check_error(tnm_vibration_features_s8(g_samples, 3 * n, n, bands, 0.5f, 128, q, 24, g_scratch,
                                          size, &err),
                TNM_ERR_ARGUMENT, TNM_FIELD_FEATURE_ZERO_POINT, &err);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_vibration_features_f32(NULL, 3 * n, n, bands, g_features, 24,
                                                          g_scratch, size, NULL));
    for (i = 0; i < 24; i++) touched += g_features[i] != 12345.0f;
    for (i = 0; i < 24; i++) touched += q[i] != 0x5A;
    CHECK_EQ(0, touched);
}

int main(void)
{
    test_against_reference();
    test_physics();
    test_int8();
    test_arguments();
    return tnm_test_finish("test_features_vibration");
}
