#include "tnm_wav.h"

#include <string.h>

#include "tnm_test.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

long tnm_parse_wav(const uint8_t *data, long size, int16_t *samples, long cap,
                   int32_t *sample_rate)
{
    long pos = 12;
    int have_format = 0;
    if (data == NULL || size < 12 || memcmp(data, "RIFF", 4) != 0 ||
        memcmp(data + 8, "WAVE", 4) != 0) {
        return -1;
    }
    while (pos + 8 <= size) {
        const uint8_t *chunk = data + pos;
        const long chunk_size = (long)le32(chunk + 4);
        const long body = pos + 8;
        if (chunk_size < 0 || body + chunk_size > size) return -1;
        if (memcmp(chunk, "fmt ", 4) == 0) {
            if (chunk_size < 16) return -1;
            if (le16(data + body) != 1 /* PCM */ || le16(data + body + 2) != 1 /* mono */ ||
                le16(data + body + 14) != 16 /* bits */) {
                return -1;
            }
            if (sample_rate != NULL) *sample_rate = (int32_t)le32(data + body + 4);
            have_format = 1;
        } else if (memcmp(chunk, "data", 4) == 0) {
            long count = chunk_size / 2;
            long i;
            if (!have_format || count > cap) return -1;
            for (i = 0; i < count; i++) {
                const int32_t v = le16(data + body + 2 * i);
                samples[i] = (int16_t)(v >= 0x8000 ? v - 0x10000 : v);
            }
            return count;
        }
        pos = body + chunk_size + (chunk_size & 1);
    }
    return -1;
}

long tnm_read_shared_wav(const char *relative, int16_t *samples, long cap,
                         int32_t *sample_rate)
{
    static uint8_t image[1 << 20]; /* test-only buffer: WAVs up to 1 MiB */
    long size = tnm_read_shared(relative, image, (long)sizeof image);
    if (size < 0) return -1;
    return tnm_parse_wav(image, size, samples, cap, sample_rate);
}
