/*
 * Float32 FFT shared by the float front ends (MFCC, vibration features, log-mel):
 * a quarter-wave cosine table, and a real FFT of a power-of-2 length n computed as an
 * n/2-point complex radix-2 FFT of the packed samples plus a split step.
 * Internal: not part of the public C API.
 */
#ifndef TNM_FFT_F32_H
#define TNM_FFT_F32_H

#include <stdint.h>

/* Fills cos_quarter[0 .. n/4] with cos(2 pi k / n); n a power of 2, >= 8. */
void tnm_fft_cos_table(float *cos_quarter, int32_t n);

/* cos(2 pi k / n) from the quarter-wave table (any k). */
float tnm_fft_cos(const float *cos_quarter, int32_t n, int32_t k);

/* Real FFT of x[0 .. n) in place: on return x holds X[k] for k = 0 .. n/2 as
 * x[0] = Re X[0], x[1] = Re X[n/2] (both real), x[2k], x[2k+1] = Re, Im X[k] for
 * 0 < k < n/2. n a power of 2, >= 8; cos_quarter from tnm_fft_cos_table(n). */
void tnm_fft_real_f32(float *x, int32_t n, const float *cos_quarter);

#endif
