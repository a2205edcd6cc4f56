/*
 * Helpers shared by the front ends (tnm_frontend.h MFCC and micro front end,
 * tnm_features.h vibration and log-mel): TFLite-style int8 quantization, float bits for
 * tnm_error, and the argument checks they have in common. The float FFT is in
 * tnm_fft_f32.h.
 * Internal: not part of the public C API.
 */
#ifndef TNM_FEATURES_INTERNAL_H
#define TNM_FEATURES_INTERNAL_H

#include <stdint.h>

#include "tnm/tnm_status.h"

/* TFLite QUANTIZE: clamp(round_half_away(v / scale) + zero_point, -128, 127); NaN -> -128. */
int8_t tnm_features_quantize(float v, float scale, int32_t zero_point);

/* A float's IEEE-754 bits (how tnm_error carries floats). */
int32_t tnm_features_float_bits(float v);

/* Validates a caller buffer (scratch or state): non-NULL, 4-byte aligned, at least need
 * bytes; errors name field. */
tnm_status tnm_features_check_buffer(const void *buffer, int32_t size, int32_t need,
                                     tnm_field field, tnm_error *err);

/* Validates a scratch buffer (tnm_features_check_buffer on TNM_FIELD_FEATURE_SCRATCH). */
tnm_status tnm_features_check_scratch(const void *scratch, int32_t scratch_size, int32_t need,
                                      tnm_error *err);

/* Validates an int8 output quantization: scale finite and > 0, zero point in [-128, 127]. */
tnm_status tnm_features_check_quantization(float scale, int32_t zero_point, tnm_error *err);

#endif
