/*
 * Byte copies of the data-movement operators (internal): memcpy semantics (the
 * ranges do not overlap), four words a turn. The C libraries of small targets often build
 * memcpy for size, a byte a turn (picolibc on Cortex-M: about 6 instructions a byte); these
 * copies are most of what CONCATENATION, SPLIT, STRIDED_SLICE and the resource variables
 * cost. Words move with single loads and stores where the core allows unaligned access
 * (Cortex-M3 and up) or both addresses are 4-aligned; elsewhere bytes.
 */
#ifndef TNM_COPY_INTERNAL_H
#define TNM_COPY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define TNM_ASSUME_ALIGNED4(p) __builtin_assume_aligned((p), 4)
#else
#define TNM_ASSUME_ALIGNED4(p) (p)
#endif

#if defined(__ARM_FEATURE_UNALIGNED) || defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
#define TNM_COPY_UNALIGNED_WORDS 1
#else
#define TNM_COPY_UNALIGNED_WORDS 0
#endif

static inline void tnm_copy_words(uint8_t *d, const uint8_t *s, size_t words)
{
    for (; words >= 4; words -= 4, d += 16, s += 16) {
        uint32_t a, b, c, e;
        memcpy(&a, s, 4);
        memcpy(&b, s + 4, 4);
        memcpy(&c, s + 8, 4);
        memcpy(&e, s + 12, 4);
        memcpy(d, &a, 4);
        memcpy(d + 4, &b, 4);
        memcpy(d + 8, &c, 4);
        memcpy(d + 12, &e, 4);
    }
    for (; words > 0; --words, d += 4, s += 4) {
        uint32_t a;
        memcpy(&a, s, 4);
        memcpy(d, &a, 4);
    }
}

static inline void tnm_copy_aligned_words(uint8_t *d, const uint8_t *s, size_t words)
{
    uint32_t *dw = (uint32_t *)TNM_ASSUME_ALIGNED4(d);
    const uint32_t *sw = (const uint32_t *)TNM_ASSUME_ALIGNED4(s);
    for (; words >= 4; words -= 4, dw += 4, sw += 4) {
        const uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
        dw[0] = a;
        dw[1] = b;
        dw[2] = c;
        dw[3] = e;
    }
    for (; words > 0; --words) *dw++ = *sw++;
}

/* Copy n bytes from src to dst; the ranges must not overlap. Inline, for a kernel's short
 * copies inside its own loops (the convolution's staging); the operators call tnm_copy. */
static inline void tnm_copy_inline(void *dst, const void *src, size_t n)
{
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    if (n >= 8) {
        const size_t words = n >> 2;
        if (TNM_COPY_UNALIGNED_WORDS) {
            tnm_copy_words(d, s, words);
        } else if ((((uintptr_t)d | (uintptr_t)s) & 3u) == 0u) {
            tnm_copy_aligned_words(d, s, words);
        } else {
            memcpy(d, s, n);
            return;
        }
        d += words << 2;
        s += words << 2;
        n &= 3u;
    }
    for (; n > 0; --n) *d++ = *s++;
}

/* Copy n bytes from src to dst; the ranges must not overlap (tnm_copy.c: on Thumb-2 16
 * bytes a turn, LDM/STM when both ends are word aligned, then tnm_copy_inline). Out of line:
 * inlined into STRIDED_SLICE's loops, GCC ran short of registers and moved each word
 * through the stack (21 instructions per 16 bytes on Cortex-M4). */
void tnm_copy(void *dst, const void *src, size_t n);

#endif
