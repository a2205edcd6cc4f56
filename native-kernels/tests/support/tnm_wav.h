/*
 * Minimal WAV reader for the C tests: RIFF/WAVE, PCM 16-bit little-endian, mono.
 */
#ifndef TNM_WAV_H
#define TNM_WAV_H

#include <stdint.h>

/* Reads shared/<relative> (a 16-bit mono PCM WAV) into samples (at most cap).
 * Returns the sample count and sets *sample_rate, or -1 when the file is missing,
 * malformed, not 16-bit mono PCM, or holds more than cap samples. */
long tnm_read_shared_wav(const char *relative, int16_t *samples, long cap,
                         int32_t *sample_rate);

/* Parses a WAV image already in memory; same contract. */
long tnm_parse_wav(const uint8_t *data, long size, int16_t *samples, long cap,
                   int32_t *sample_rate);

#endif
