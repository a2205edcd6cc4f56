/*
 * MLPerf Tiny anomaly-detection log-mel frame against a float64 reference written here
 * from the librosa 0.6 definition (tnm_features.h): direct DFT, the mel weight matrix
 * built as librosa.filters.mel builds it (min of the two ramps over all bins, Slaney
 * area normalization), 10 log10(. + eps). Also silence, int8 output, bad arguments.
 */
#include <math.h>
#include <string.h>

#include "tnm/tnm_features.h"
#include "tnm_test.h"

#define N TNM_LOGMEL_FFT_LENGTH
#define BINS (N / 2 + 1)
#define MELS TNM_LOGMEL_MELS

static const double k_pi = 3.14159265358979323846;

static int16_t g_samples[N];
static uint32_t g_scratch[2048];
static float g_mel[MELS];
static double g_weights[MELS][BINS];

static double slaney_hz_to_mel(double f)
{
    return f < 1000.0 ? f * 3.0 / 200.0 : 15.0 + log(f / 1000.0) / (log(6.4) / 27.0);
}

static double slaney_mel_to_hz(double m)
{
    return m < 15.0 ? m * 200.0 / 3.0 : 1000.0 * exp((log(6.4) / 27.0) * (m - 15.0));
}

/* librosa.filters.mel(16000, 1024, n_mels=128, fmin=0, fmax=8000, htk=False, norm=1). */
static void build_weights(void)
{
    double mel_f[MELS + 2];
    int m, k;
    const double top = slaney_hz_to_mel(8000.0);
    for (m = 0; m < MELS + 2; m++) mel_f[m] = slaney_mel_to_hz(top * m / (MELS + 1));
    for (m = 0; m < MELS; m++) {
        for (k = 0; k < BINS; k++) {
            const double f = 8000.0 * k / (BINS - 1); /* np.linspace(0, sr / 2, 513) */
            const double lower = (f - mel_f[m]) / (mel_f[m + 1] - mel_f[m]);
            const double upper = (mel_f[m + 2] - f) / (mel_f[m + 2] - mel_f[m + 1]);
            double w = lower < upper ? lower : upper;
            if (w < 0) w = 0;
            g_weights[m][k] = w * 2.0 / (mel_f[m + 2] - mel_f[m]);
        }
    }
}

static void reference(const int16_t *s, double scale, double *out)
{
    static double cos_table[N];
    double x[N], power[BINS];
    int i, k, m;
    for (i = 0; i < N; i++) cos_table[i] = cos(2 * k_pi * i / N);
    for (i = 0; i < N; i++) x[i] = s[i] * scale * (0.5 - 0.5 * cos_table[i]);
    for (k = 0; k < BINS; k++) {
        double re = 0, im = 0;
        for (i = 0; i < N; i++) {
            const int j = (int)(((long)k * i) % N);
            re += x[i] * cos_table[j];
            im -= x[i] * cos_table[(j + 3 * N / 4) % N]; /* sin(a) = cos(a - pi/2) */
        }
        power[k] = re * re + im * im;
    }
    for (m = 0; m < MELS; m++) {
        double e = 0;
        for (k = 0; k < BINS; k++) e += g_weights[m][k] * power[k];
        out[m] = 10.0 * log10(e + 2.220446049250313e-16);
    }
}

static void make_clip(uint32_t seed, int loud)
{
    tnm_rng rng;
    int i;
    tnm_rng_seed(&rng, seed);
    for (i = 0; i < N; i++) {
        double v = 0.1 * sin(2 * k_pi * 440.0 * i / 16000.0) + 0.05 * sin(2 * k_pi * 3100.0 * i / 16000.0);
        v += 0.02 * ((double)tnm_rng_range(&rng, -1000, 1000) / 1000.0);
        v *= loud ? 9.0 : 1.0;
        if (v > 0.999) v = 0.999;
        if (v < -1.0) v = -1.0;
        g_samples[i] = (int16_t)lrint(v * 32767.0);
    }
}

static void test_against_reference(void)
{
    double ref[MELS];
    int c, m;
    tnm_error err;
    CHECK_EQ((1024 + 257 + 130) * 4, tnm_logmel_scratch_size());
    for (c = 0; c < 3; c++) {
        double worst = 0;
        make_clip((uint32_t)(11 + c), c == 2);
        CHECK_EQ(TNM_OK, tnm_logmel_frame_f32(g_samples, N, 1.0f / 32768.0f, g_mel, MELS,
                                              g_scratch, tnm_logmel_scratch_size(), &err));
        reference(g_samples, 1.0 / 32768.0, ref);
        for (m = 0; m < MELS; m++) {
            const double d = fabs(g_mel[m] - ref[m]);
            if (d > worst) worst = d;
        }
        if (worst > 0.01) fprintf(stderr, "clip %d: worst |dB difference| %g\n", c, worst);
        CHECK(worst <= 0.01);
        /* the 440 Hz tone lands in its band: mel band of 440 Hz is 440 * 3 / 200 / (mel(8000) / 129) */
        {
            const int band = (int)(slaney_hz_to_mel(440.0) / (slaney_hz_to_mel(8000.0) / 129.0)) - 1;
            CHECK(g_mel[band] > g_mel[MELS - 1] + 20.0f || g_mel[band + 1] > g_mel[MELS - 1] + 20.0f);
        }
    }
}

static void test_silence_and_int8(void)
{
    const float eps_db = (float)(10.0 * log10(2.220446049250313e-16));
    int8_t q[MELS];
    int m, mismatched = 0;
    tnm_error err;
    memset(g_samples, 0, sizeof g_samples);
    CHECK_EQ(TNM_OK, tnm_logmel_frame_f32(g_samples, N, 1.0f / 32768.0f, g_mel, MELS, g_scratch,
                                          tnm_logmel_scratch_size(), &err));
    for (m = 0; m < MELS; m++) CHECK(fabsf(g_mel[m] - eps_db) < 0.01f); /* -156.5 dB */

    /* int8 with ad01_int8's input quantization: exactly the quantized float frame. */
    make_clip(5, 0);
    CHECK_EQ(TNM_OK, tnm_logmel_frame_f32(g_samples, N, 1.0f / 32768.0f, g_mel, MELS, g_scratch,
                                          tnm_logmel_scratch_size(), &err));
    CHECK_EQ(TNM_OK, tnm_logmel_frame_s8(g_samples, N, 1.0f / 32768.0f, 0.391015f, 89, q, MELS,
                                         g_scratch, tnm_logmel_scratch_size(), &err));
    for (m = 0; m < MELS; m++) {
        double v = g_mel[m] / 0.391015f;
        v = (v >= 0 ? floor(v + 0.5) : -floor(-v + 0.5)) + 89;
        v = v < -128 ? -128 : v > 127 ? 127 : v;
        mismatched += q[m] != (int8_t)v;
    }
    CHECK_EQ(0, mismatched);
}

static void test_arguments(void)
{
    const int32_t size = tnm_logmel_scratch_size();
    int8_t q[MELS];
    tnm_error err;
    char text[200];
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logmel_frame_f32(NULL, N, 1.0f, g_mel, MELS, g_scratch, size, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_SAMPLES, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logmel_frame_f32(g_samples, 512, 1.0f, g_mel, MELS, g_scratch, size, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_SAMPLES, err.field);
    tnm_error_format(&err, text, (int32_t)sizeof text);
    CHECK(strstr(text, "512 sample values were passed, but exactly 1024") != NULL);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logmel_frame_f32(g_samples, N, 0.0f, g_mel, MELS, g_scratch, size, &err));
    CHECK_EQ(TNM_FIELD_SAMPLE_SCALE, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logmel_frame_f32(g_samples, N, 2.0f, g_mel, MELS, g_scratch, size, &err));
    CHECK_EQ(TNM_FIELD_SAMPLE_SCALE, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logmel_frame_f32(g_samples, N, 1.0f, NULL, MELS, g_scratch, size, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_COUNT, err.field);
    CHECK_EQ(TNM_ERR_BUFFER, tnm_logmel_frame_f32(g_samples, N, 1.0f, g_mel, 64, g_scratch, size, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_COUNT, err.field);
    CHECK_EQ(TNM_ERR_BUFFER, tnm_logmel_frame_f32(g_samples, N, 1.0f, g_mel, MELS, g_scratch, size - 4, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_SCRATCH, err.field);
    tnm_error_format(&err, text, (int32_t)sizeof text);
    CHECK(strstr(text, "needs 5644") != NULL);
    CHECK_EQ(TNM_ERR_ALIGNMENT, tnm_logmel_frame_f32(g_samples, N, 1.0f, g_mel, MELS,
                                                     (uint8_t *)g_scratch + 1, size, &err));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logmel_frame_f32(g_samples, N, 1.0f, g_mel, MELS, NULL, size, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logmel_frame_s8(g_samples, N, 1.0f, -1.0f, 0, q, MELS, g_scratch, size, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_SCALE, err.field);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_logmel_frame_s8(g_samples, N, 1.0f, 1.0f, -129, q, MELS, g_scratch, size, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_ZERO_POINT, err.field);
}

int main(void)
{
    build_weights();
    test_against_reference();
    test_silence_and_int8();
    test_arguments();
    return tnm_test_finish("test_frontend_logmel");
}
