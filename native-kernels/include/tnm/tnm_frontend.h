/*
 * TinyMl.Nano audio front ends: 16 kHz mono int16 audio -> int8 model input features,
 * one frame per call.
 *
 * Framing: a frame is one 30 ms window of 480 samples; consecutive frames of micro_speech
 * and MFCC start 20 ms (320 samples) apart, so the caller keeps the last 160 samples of
 * a window as the first 160 of the next one. One second of audio (16000 samples)
 * gives 1 + (16000 - 480) / 320 = 49 frames, the rows of the models' 49 x N input.
 * The microWakeWord front end steps 10 ms (160 samples) instead.
 * (The fourth audio front end, the float32 log-mel frame of the MLPerf Tiny anomaly-detection
 * model, is stateless and shares its FFT with the vibration features: tnm_features.h,
 * src/frontend/tnm_logmel_frontend.c.)
 * Each call processes exactly one window, so it is bounded (a native call blocks
 * every managed thread on the device).
 *
 * State: caller-owned, no allocation, no globals. Ask tnm_*_state_size() for the byte
 * count, hand a buffer of at least that size, aligned to 4 bytes (an int32 array on
 * the C# side), to tnm_*_init(), then pass the same buffer to every process call.
 * init writes a tag into the state; process refuses a state that init did not
 * prepare. Calling init again resets the front end (start of a new clip).
 *
 * Errors: every argument is validated; a failure returns a negative tnm_status and
 * fills *err (err may be NULL) naming the field (TNM_FIELD_STATE, _SAMPLES,
 * _FEATURES, _SAMPLE_SCALE, _FEATURE_SCALE, _FEATURE_ZERO_POINT). Outputs are left
 * untouched on failure.
 */
#ifndef TNM_FRONTEND_H
#define TNM_FRONTEND_H

#include <stdint.h>

#include "tnm_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TNM_FRONTEND_SAMPLE_RATE 16000
#define TNM_FRONTEND_WINDOW_SAMPLES 480 /* 30 ms: samples per process call */
#define TNM_FRONTEND_STRIDE_SAMPLES 320 /* 20 ms: hop between consecutive windows */
#define TNM_FRONTEND_FRAMES_PER_SECOND 49

/* ---------------------------------------------------------------------------------
 * micro_speech front end (TensorFlow Lite Micro audio_preprocessor_int8.tflite),
 * fixed point, bit-exact with TFLM's signal ops:
 *   Hann window (int16 weights, 12 fractional bits) -> FftAutoScale -> 512-point
 *   int16 real FFT (kissfft v130 FIXED_POINT=16 arithmetic) -> energy of bins
 *   [5, 241) -> 40-channel mel filter bank 125..7500 Hz (12-bit weights) -> square
 *   root (undoing the auto scale) -> spectral subtraction noise reduction (keeps a
 *   noise estimate per channel across frames: this is the state) -> PCAN gain
 *   control -> log (6 bits) -> int8: ((log * 256 + 333) / 666) - 128, clamped.
 * Output: 40 int8 features per frame, the rows of micro_speech_quantized.tflite's
 * 1x49x40 input. Frames must be fed in order; the noise estimate adapts over
 * roughly the first second after init.
 * ------------------------------------------------------------------------------- */
#define TNM_MICRO_FRONTEND_FEATURES 40

/* Bytes of state (a multiple of 4; 3248 bytes: noise estimate + FFT work area). */
int32_t tnm_micro_frontend_state_size(void);

/* Prepares (or resets) the state. state: 4-byte aligned, state_size >= state size. */
tnm_status tnm_micro_frontend_init(void *state, int32_t state_size, tnm_error *err);

/* ---------------------------------------------------------------------------------
 * microWakeWord front end: the same chain, as TFLM's microfrontend library
 * (tensorflow/lite/experimental/microfrontend/lib) computes it with the settings of
 * ESPHome's micro_wake_word component (30 ms window, 10 ms step, 40 channels 125..7500 Hz,
 * noise reduction smoothing 10 bits, even/odd 0.025/0.06, min remaining 0.05, PCAN
 * strength 0.95 offset 80 gain bits 21, log scale shift 6) followed by ESPHome's int8
 * conversion (the same (v * 256 + 333) / 666 - 128). Bit-exact with that library; it
 * differs from micro_speech only in the rounding of its window and filter bank weights
 * and two int16/int32 corner cases. Windows start TNM_MWW_FRONTEND_STRIDE_SAMPLES (10 ms)
 * apart: the caller passes each 480-sample window, as for micro_speech; one second gives
 * 1 + (16000 - 480) / 160 = 98 frames. The library itself takes 160 new samples per call
 * and outputs a frame once 480 have arrived, which gives the same windows.
 * Same state size and process call as micro_speech; init chooses the settings.
 * ------------------------------------------------------------------------------- */
#define TNM_MWW_FRONTEND_STRIDE_SAMPLES 160

/* Prepares (or resets) the state for the microWakeWord settings. */
tnm_status tnm_micro_frontend_init_wake_word(void *state, int32_t state_size, tnm_error *err);

/* One frame: samples[0..479] (sample_count must be 480) -> features[0..39]
 * (feature_count must be 40). Updates the noise estimate in state. Runs the settings
 * the state was initialized with (micro_speech or microWakeWord). */
tnm_status tnm_micro_frontend_process(void *state, int32_t state_size,
                                      const int16_t *samples, int32_t sample_count,
                                      int8_t *features, int32_t feature_count,
                                      tnm_error *err);

/* ---------------------------------------------------------------------------------
 * MFCC front end of MLPerf Tiny keyword spotting (kws_ref_model.tflite, input
 * 1x49x10 int8), float32 arithmetic. It follows the training pipeline
 * (mlcommons/tiny benchmark/training/keyword_spotting/get_dataset.py, TensorFlow):
 *   x[n] = samples[n] * sample_scale
 *   periodic Hann window w[n] = 0.5 - 0.5 cos(2 pi n / 480), n = 0..479
 *   512-point real FFT (zero padded), magnitude |X[k]|, k = 0..256 (not power)
 *   40 triangular mel filters, tf.signal.linear_to_mel_weight_matrix(40, 257, 16000,
 *     20, 4000): HTK mel(f) = 1127 ln(1 + f / 700) (= 2595 log10(1 + f / 700)); bin k
 *     sits at f = k * 8000 / 256; band b has edges mel points b, b+1, b+2 of 42
 *     points evenly spaced from mel(20) to mel(4000); weight = max(0, min(rising,
 *     falling slope)) measured in mel; the DC bin has weight 0.
 *   log(mel + 1e-6) (natural log)
 *   DCT-II as tf.signal.mfccs_from_log_mel_spectrograms:
 *     c[k] = sqrt(2 / 40) * sum_n logmel[n] cos(pi k (2n + 1) / 80), k = 0..9
 *     (TF's unnormalized DCT-II times 1 / sqrt(2 * 40): orthonormal except that c[0]
 *     is sqrt(2) larger than the orthonormal DC term)
 *   int8: round(c / output_scale) + output_zero_point, rounding half away from zero,
 *     saturated to [-128, 127] (TFLite QUANTIZE semantics; kws_ref_model: scale
 *     0.584703, zero point 83). MLPerf Tiny's eval_quantized_model.py instead casts
 *     c / scale + zero point with np.int8 (truncation, no saturation); we follow TFLite.
 * sample_scale: the training pipeline divides each 1 s clip by its peak sample value
 * (tf.reduce_max); pass 1 / peak to reproduce it on a whole clip, or a fixed gain such
 * as 1 / 32768 for streaming audio. The MFCC front end keeps no audio state between
 * frames (the state holds tables computed at init and the FFT work area).
 * ------------------------------------------------------------------------------- */
#define TNM_MFCC_FFT_LENGTH 512
#define TNM_MFCC_MEL_BINS 40
#define TNM_MFCC_COEFFICIENTS 10
#define TNM_MFCC_LOWER_HZ 20.0f
#define TNM_MFCC_UPPER_HZ 4000.0f
#define TNM_MFCC_LOG_OFFSET 1e-6f

/* Bytes of state (a multiple of 4; 5472 bytes: tables computed by init + FFT work area). */
int32_t tnm_mfcc_frontend_state_size(void);

/* sample_scale in (0, 1] (so no intermediate can overflow float); output_scale:
 * finite, > 0; output_zero_point in [-128, 127]. */
tnm_status tnm_mfcc_frontend_init(void *state, int32_t state_size, float sample_scale,
                                  float output_scale, int32_t output_zero_point,
                                  tnm_error *err);

/* One frame: samples[0..479] -> features[0..9] int8 (feature_count must be 10). */
tnm_status tnm_mfcc_frontend_process(void *state, int32_t state_size,
                                     const int16_t *samples, int32_t sample_count,
                                     int8_t *features, int32_t feature_count,
                                     tnm_error *err);

/* The same frame before quantization: coefficients[0..9] as float. */
tnm_status tnm_mfcc_frontend_process_f32(void *state, int32_t state_size,
                                         const int16_t *samples, int32_t sample_count,
                                         float *coefficients, int32_t coefficient_count,
                                         tnm_error *err);

#ifdef __cplusplus
}
#endif
#endif
