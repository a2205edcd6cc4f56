/*
 * tnm_copy: the byte copies of the data-movement operators (tnm_copy_internal.h).
 *
 * Thumb-2 (Cortex-M3 and up): 16 bytes a turn, with LDM/STM when both addresses are word
 * aligned (4 instructions per 16 bytes; arena tensors usually are), else with single LDR/STR
 * (the cores allow unaligned words: 10 per 16 bytes); the last 0-15 bytes and every other
 * core through tnm_copy_inline.
 */
#include "tnm_copy_internal.h"

void tnm_copy(void *dst, const void *src, size_t n)
{
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
#if defined(__GNUC__) && defined(__thumb2__) && defined(__ARM_FEATURE_UNALIGNED)
    if (n >= 16) {
        size_t blocks = n >> 4;
        if ((((uintptr_t)d | (uintptr_t)s) & 3u) == 0u) {
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
    tnm_copy_inline(d, s, n);
}
