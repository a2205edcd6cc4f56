/*
 * Constant tables of the micro_speech and microWakeWord front ends (internal;
 * tnm_micro_frontend.c).
 * Each table is defined by the formula beside its definition in
 * tnm_micro_frontend_tables.c; test_frontend_tables.c recomputes every one of them
 * from its formula and checks that they match element for element.
 */
#ifndef TNM_MICRO_FRONTEND_TABLES_H
#define TNM_MICRO_FRONTEND_TABLES_H

#include <stdint.h>

#define TNM_MF_WINDOW_SAMPLES 480
#define TNM_MF_WINDOW_SHIFT 12          /* window weights have 12 fractional bits */
#define TNM_MF_FFT_LENGTH 512           /* real FFT length */
#define TNM_MF_FFT_LOG2 9
#define TNM_MF_CFFT_LENGTH 256          /* the complex FFT inside the real FFT */
#define TNM_MF_CFFT_TWIDDLES 192        /* radix-4 stages use indices < 3 * 64 */
#define TNM_MF_SPECTRUM_BINS 257
#define TNM_MF_ENERGY_START 5           /* first FFT bin whose energy is used */
#define TNM_MF_ENERGY_END 241           /* one past the last */
#define TNM_MF_CHANNELS 40
#define TNM_MF_FB_WEIGHTS 316
#define TNM_MF_FB_WEIGHT_BITS 12
#define TNM_MF_PCAN_LUT 125             /* 4 * 32 - 3 */
#define TNM_MF_LOG_SEGMENTS 128

extern const int16_t tnm_mf_window[TNM_MF_WINDOW_SAMPLES];
/* exp(-2 pi i k / 256) as (re, im) pairs, k = 0..191, Q15 */
extern const int16_t tnm_mf_cfft_twiddles[2 * TNM_MF_CFFT_TWIDDLES];
/* exp(-i pi ((k + 1) / 256 + 1/2)) as (re, im) pairs, k = 0..127, Q15 */
extern const int16_t tnm_mf_rfft_twiddles[2 * (TNM_MF_CFFT_LENGTH / 2)];
/* Filter bank over channels 0..40; channel 0 only collects the unweights of channel 1. */
extern const int16_t tnm_mf_fb_weights[TNM_MF_FB_WEIGHTS];
extern const int16_t tnm_mf_fb_unweights[TNM_MF_FB_WEIGHTS];
extern const int16_t tnm_mf_fb_freq_starts[TNM_MF_CHANNELS + 1];
extern const int16_t tnm_mf_fb_weight_starts[TNM_MF_CHANNELS + 1];
extern const int16_t tnm_mf_fb_widths[TNM_MF_CHANNELS + 1];
extern const int16_t tnm_mf_pcan_gain_lut[TNM_MF_PCAN_LUT];
extern const uint16_t tnm_mf_log_lut[TNM_MF_LOG_SEGMENTS + 2];
/* The microfrontend library's rounding of the window and filter bank weights (microWakeWord). */
extern const int16_t tnm_mfl_window[TNM_MF_WINDOW_SAMPLES];
extern const int16_t tnm_mfl_fb_weights[TNM_MF_FB_WEIGHTS];
extern const int16_t tnm_mfl_fb_unweights[TNM_MF_FB_WEIGHTS];

#endif
