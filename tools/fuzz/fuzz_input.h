/*
 * Reading fuzzer bytes as typed values (shared by the targets in this folder).
 * Past the end, every read gives 0, so a target never reads outside the input.
 */
#ifndef TNM_FUZZ_INPUT_H
#define TNM_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t size, pos;
} fuzz_input;

static inline void fuzz_begin(fuzz_input *in, const uint8_t *data, size_t size)
{
    in->data = data;
    in->size = size;
    in->pos = 0;
}

static inline uint8_t fuzz_u8(fuzz_input *in)
{
    return in->pos < in->size ? in->data[in->pos++] : 0;
}

static inline uint32_t fuzz_u32(fuzz_input *in)
{
    uint32_t v = 0;
    int i;
    for (i = 0; i < 4; i++) v |= (uint32_t)fuzz_u8(in) << (8 * i);
    return v;
}

static inline int32_t fuzz_i32(fuzz_input *in)
{
    uint32_t u = fuzz_u32(in);
    int32_t v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* Any float bit pattern, NaN and infinities included. */
static inline float fuzz_f32(fuzz_input *in)
{
    uint32_t u = fuzz_u32(in);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* Usually the valid value, sometimes a nearby or arbitrary one: argument checks get
 * exercised without starving the valid path. */
static inline int32_t fuzz_size_near(fuzz_input *in, int32_t valid)
{
    switch (fuzz_u8(in) & 15u) {
    case 0: return valid - 1;
    case 1: return valid + 1;
    case 2: return 0;
    case 3: return fuzz_i32(in);
    default: return valid;
    }
}

static inline size_t fuzz_remaining(const fuzz_input *in)
{
    return in->pos < in->size ? in->size - in->pos : 0;
}

#endif
