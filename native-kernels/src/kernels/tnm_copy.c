/*
 * tnm_copy: the byte copies of the data-movement operators (tnm_copy_internal.h).
 *
 * Thumb-2 (Cortex-M3 and up): 16 bytes a turn, with LDM/STM when both addresses are word
 * aligned (4 instructions per 16 bytes; arena tensors usually are), else with single LDR/STR
 * (the cores allow unaligned words: 10 per 16 bytes). Elsewhere C: four words a turn where
 * the core allows unaligned words (x86, AArch64) or both addresses are aligned, bytes when
 * not (rv32: a misaligned word traps or is emulated).
 */
#include <string.h>

#include "tnm_copy_internal.h"

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

#if defined(__GNUC__) && defined(__thumb2__) && defined(__ARM_FEATURE_UNALIGNED)
#define TNM_COPY_THUMB2 1
#else
#define TNM_COPY_THUMB2 0
#endif

static void copy_words_any(uint8_t *d, const uint8_t *s, size_t words)
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

static void copy_words_aligned(uint8_t *d, const uint8_t *s, size_t words)
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

void tnm_copy(void *dst, const void *src, size_t n)
{
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    const int aligned = (((uintptr_t)d | (uintptr_t)s) & 3u) == 0u;
#if TNM_COPY_THUMB2
    if (n >= 16) {
        size_t blocks = n >> 4;
        if (aligned) {
            __asm__ volatile("1:\n\t"
                             "ldmia %[s]!, {r3, r4, r5, r6}\n\t"
                             "stmia %[d]!, {r3, r4, r5, r6}\n\t"
                             "subs %[k], %[k], #1\n\t"
                             "bne 1b\n\t"
                             : [d] "+r"(d), [s] "+r"(s), [k] "+r"(blocks)
                             :
                             : "r3", "r4", "r5", "r6", "cc", "memory");
        } else {
            __asm__ volatile("1:\n\t"
                             "ldr r3, [%[s]], #4\n\t"
                             "ldr r4, [%[s]], #4\n\t"
                             "ldr r5, [%[s]], #4\n\t"
                             "ldr r6, [%[s]], #4\n\t"
                             "str r3, [%[d]], #4\n\t"
                             "str r4, [%[d]], #4\n\t"
                             "str r5, [%[d]], #4\n\t"
                             "str r6, [%[d]], #4\n\t"
                             "subs %[k], %[k], #1\n\t"
                             "bne 1b\n\t"
                             : [d] "+r"(d), [s] "+r"(s), [k] "+r"(blocks)
                             :
                             : "r3", "r4", "r5", "r6", "cc", "memory");
        }
        n &= 15u;
    }
#endif
    if (n >= 8 || (TNM_COPY_THUMB2 && n >= 4)) {
        const size_t words = n >> 2;
        if (TNM_COPY_UNALIGNED_WORDS) {
            copy_words_any(d, s, words);
        } else if (aligned) {
            copy_words_aligned(d, s, words);
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
