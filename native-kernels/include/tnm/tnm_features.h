/*
 * TinyMl.Nano feature extractors for anomaly detection, float32 arithmetic:
 *   - vibration features: log band energies of a window of 3-axis accelerometer samples
 *     (the input of the dense autoencoders `tinyml train-anomaly` trains);
 *   - the MLPerf Tiny anomaly-detection input: log-mel frames of 16 kHz audio
 *     (ad01_int8.tflite takes 5 consecutive frames of 128 log-mel values = 640 values).
 *
 * Both are stateless: every call takes a caller-owned scratch buffer (4-byte aligned, at
 * least the size the *_scratch_size() query returns) and keeps nothing in it between
 * calls; no allocation, no globals. Each call handles one window, so it is bounded (a
 * native call blocks every managed thread on the device).
 *
 * Errors: every argument is validated before use; a failure returns a negative
 * tnm_status and fills *err (err may be NULL) naming the field:
 * TNM_FIELD_FEATURE_WINDOW (vibration window length), TNM_FIELD_FEATURE_SAMPLES (samples
 * null, wrong value count, or index = the first non-finite value), TNM_FIELD_FEATURE_BANDS,
 * TNM_FIELD_FEATURE_COUNT (output null or wrong length), TNM_FIELD_FEATURE_SCRATCH,
 * TNM_FIELD_SAMPLE_SCALE, TNM_FIELD_FEATURE_SCALE, TNM_FIELD_FEATURE_ZERO_POINT.
 * Outputs are left untouched on failure.
 */
#ifndef TNM_FEATURES_H
#define TNM_FEATURES_H

#include <stdint.h>

#include "tnm_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------
 * Vibration features (float32; real FFT of a power-of-2 window).
 * Input: window_samples samples of x, y, z acceleration in g, interleaved
 * (samples[3 n + axis]), so value_count = 3 * window_samples.
 * For each axis a:
 *   x[n] = s[3 n + a] - mean_n(s[3 n + a])          (removes gravity and offset)
 *   w[n] = 0.5 - 0.5 cos(2 pi n / N)                 (periodic Hann, N = window_samples)
 *   X[k] = sum_n w[n] x[n] exp(-2 pi i k n / N)       (real FFT, k = 0..N/2)
 *   P[k] = c_k |X[k]|^2 / (N * sum_n w[n]^2)          c_k = 2 for 0 < k < N/2, 1 at N/2:
 *          the one-sided power spectrum, scaled so that sum_k P[k] is the window's
 *          mean square acceleration (g^2) whatever N is (Parseval + window power).
 *   bins 1..N/2 (DC left out) are split into band_count equal bands of
 *   (N/2) / band_count bins each: band b = bins [1 + b w, 1 + (b + 1) w), w = N/2/B;
 *   E[b] = sum of P[k] over band b
 *   feature[a * band_count + b] = 10 log10(E[b] + 1e-10)   (dB re 1 g^2; floor -100 dB)
 * Output layout: axis-major, feature_count = 3 * band_count.
 * Band b of a sample rate fs covers (1 + b w) fs / N .. (1 + (b + 1) w) fs / N Hz.
 * The int8 variant quantizes each feature like TFLite QUANTIZE:
 *   q = clamp(round_half_away(f / output_scale) + output_zero_point, -128, 127).
 * ------------------------------------------------------------------------------- */
#define TNM_VIBRATION_AXES 3
#define TNM_VIBRATION_MIN_WINDOW 8
#define TNM_VIBRATION_MAX_WINDOW 4096
#define TNM_VIBRATION_FLOOR 1e-10f

/* Scratch bytes for a window of window_samples (a power of 2 in [8, 4096]), or -1 when
 * window_samples is not one. Holds the FFT work area and the cosine table:
 * (window_samples + window_samples / 4 + 1) * 4 bytes (1284 for 256). */
int32_t tnm_vibration_scratch_size(int32_t window_samples);

/* samples[0 .. value_count) with value_count == 3 * window_samples, all finite;
 * window_samples a power of 2 in [8, 4096]; band_count >= 1 dividing window_samples / 2;
 * features[0 .. feature_count) with feature_count == 3 * band_count. */
tnm_status tnm_vibration_features_f32(const float *samples, int32_t value_count,
                                      int32_t window_samples, int32_t band_count,
                                      float *features, int32_t feature_count,
                                      void *scratch, int32_t scratch_size, tnm_error *err);

/* The same, quantized: output_scale finite and > 0, output_zero_point in [-128, 127]. */
tnm_status tnm_vibration_features_s8(const float *samples, int32_t value_count,
                                     int32_t window_samples, int32_t band_count,
                                     float output_scale, int32_t output_zero_point,
                                     int8_t *features, int32_t feature_count,
                                     void *scratch, int32_t scratch_size, tnm_error *err);

/* ---------------------------------------------------------------------------------
 * MLPerf Tiny anomaly-detection log-mel (mlcommons/tiny benchmark/training/
 * anomaly_detection, common.py file_to_vector_array with baseline.yaml: n_mels 128,
 * frames 5, n_fft 1024, hop_length 512, power 2.0; librosa 0.6.0):
 *   x[n] = samples[n] * sample_scale   (librosa.load gives int16 / 32768: pass 1 / 32768)
 *   periodic Hann w[n] = 0.5 - 0.5 cos(2 pi n / 1024), n = 0..1023 (win_length = n_fft)
 *   P[k] = |sum_n w[n] x[n] exp(-2 pi i k n / 1024)|^2, k = 0..512      (power 2.0)
 *   mel[m] = sum_k W[m][k] P[k], m = 0..127, W = librosa.filters.mel(sr=16000,
 *     n_fft=1024, n_mels=128, fmin=0, fmax=8000, htk=False, norm=1):
 *       Slaney mel scale: mel(f) = 3 f / 200 below 1000 Hz,
 *         15 + 27 ln(f / 1000) / ln(6.4) above;
 *       130 points evenly spaced in mel from mel(0) to mel(8000), converted back to Hz:
 *         e[0..129]; bin k sits at f_k = k * 16000 / 1024 Hz;
 *       W[m][k] = max(0, min((f_k - e[m]) / (e[m+1] - e[m]), (e[m+2] - f_k) / (e[m+2] - e[m+1])))
 *         * 2 / (e[m+2] - e[m])                                         (Slaney area norm)
 *   log_mel[m] = 10 log10(mel[m] + 2.220446049250313e-16)   (20 / power * log10(. + eps))
 * One call computes one frame (one STFT column) from the 1024 samples it is centred on.
 * Framing is the caller's: librosa centres frames (center=True, reflect padding of 512
 * samples at both ends of the clip), so column t covers clip samples
 * [512 t - 512, 512 t + 512), reflected at the clip edges; the model input is 5
 * consecutive columns t..t+4, frame-major (input[128 j + m] = log_mel of column t + j),
 * and the training script keeps columns 50..249 of each 10 s clip only.
 * ------------------------------------------------------------------------------- */
#define TNM_LOGMEL_SAMPLE_RATE 16000
#define TNM_LOGMEL_FFT_LENGTH 1024
#define TNM_LOGMEL_HOP 512
#define TNM_LOGMEL_MELS 128
#define TNM_LOGMEL_FRAMES 5
#define TNM_LOGMEL_EPSILON 2.220446049250313e-16

/* Scratch bytes of one log-mel frame: (1024 + 257 + 130) * 4 = 5644. */
int32_t tnm_logmel_scratch_size(void);

/* samples[0 .. 1024) (sample_count must be 1024); sample_scale finite and > 0 (up to 1);
 * log_mel[0 .. 128) (mel_count must be 128). */
tnm_status tnm_logmel_frame_f32(const int16_t *samples, int32_t sample_count,
                                float sample_scale, float *log_mel, int32_t mel_count,
                                void *scratch, int32_t scratch_size, tnm_error *err);

/* The same frame quantized with the model input's scale and zero point (ad01_int8:
 * 0.391015, 89), TFLite QUANTIZE rounding: write it at input + 128 j for frame j. */
tnm_status tnm_logmel_frame_s8(const int16_t *samples, int32_t sample_count,
                               float sample_scale, float output_scale,
                               int32_t output_zero_point, int8_t *log_mel, int32_t mel_count,
                               void *scratch, int32_t scratch_size, tnm_error *err);

#ifdef __cplusplus
}
#endif
#endif
