/*
 * Shared by the anomaly-detection feature extractors (tnm_features.h): a float32 real FFT
 * of a power-of-2 length N over caller scratch, and TFLite-style int8 quantization.
 * Internal: not part of the public C API.
 */
#ifndef TNM_FEATURES_INTERNAL_H
#define TNM_FEATURES_INTERNAL_H

#include <stdint.h>

#include "tnm/tnm_status.h"

/* Fills cos_quarter[0 .. n/4] with cos(2 pi k / n); n a power of 2, >= 8. */
void tnm_features_cos_table(float *cos_quarter, int32_t n);

/* cos(2 pi k / n) from the quarter-wave table (any k). */
float tnm_features_cos(const float *cos_quarter, int32_t n, int32_t k);

/* Real FFT of x[0 .. n) in place: on return x holds X[k] for k = 0 .. n/2 as
 * x[0] = Re X[0], x[1] = Re X[n/2] (both real), x[2k], x[2k+1] = Re, Im X[k] for
 * 0 < k < n/2. n a power of 2, >= 8; cos_quarter from tnm_features_cos_table(n). */
void tnm_features_rfft(float *x, int32_t n, const float *cos_quarter);

/* TFLite QUANTIZE: clamp(round_half_away(v / scale) + zero_point, -128, 127); NaN -> -128. */
int8_t tnm_features_quantize(float v, float scale, int32_t zero_point);

/* A float's IEEE-754 bits (how tnm_error carries floats). */
int32_t tnm_features_float_bits(float v);

/* Validates a scratch buffer: non-NULL, 4-byte aligned, at least need bytes. */
tnm_status tnm_features_check_scratch(const void *scratch, int32_t scratch_size, int32_t need,
                                      tnm_error *err);

/* Validates an int8 output quantization: scale finite and > 0, zero point in [-128, 127]. */
tnm_status tnm_features_check_quantization(float scale, int32_t zero_point, tnm_error *err);

#endif
