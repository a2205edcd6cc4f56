/*
 * Calibrates the instruction counter (tools/qemu/tnm_insn_count.c): regions whose
 * exact instruction count is known from the code, and a C workload measured twice.
 * Each region is two TNM_COUNT_MARK()s; the program prints one line per region,
 *   TNM-REGION <index> <name> expect=<n>     (n = -1: no fixed expectation)
 * and tools/qemu/count.sh pairs the lines with the plugin's counts and checks them.
 */
#include <stdint.h>
#include <stdio.h>

#include "tnm_target.h"

static int g_region; /* index of the next region; printed only */

static void region_line(const char *name, long expect)
{
    printf("TNM-REGION %d %s expect=%ld\n", g_region++, name, expect);
}

/* A workload in plain C whose count depends on the compiler, not on chance. */
__attribute__((noinline)) static uint32_t checksum(const uint8_t *data, uint32_t n)
{
    uint32_t h = 2166136261u, i;
    for (i = 0; i < n; i++) h = (h ^ data[i]) * 16777619u;
    return h;
}

int main(void)
{
    static uint8_t buf[4096];
    volatile uint32_t h1, h2; /* stored before the closing marker */
    uint32_t i;
    for (i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 7u + 3u);

    TNM_COUNT_MARK();
    TNM_COUNT_MARK();
    region_line("empty", 0);

    TNM_COUNT_MARK();
    __asm__ volatile("nop\n\tnop\n\tnop\n\tnop\n\tnop" ::: "memory");
    TNM_COUNT_MARK();
    region_line("five_nops", 5);

    /* 1 setup instruction + 100 iterations of 2 instructions. */
    TNM_COUNT_MARK();
#if defined(__arm__)
    __asm__ volatile("movs r0, #100\n1:\n\tsubs r0, r0, #1\n\tbne 1b" ::: "r0", "cc", "memory");
#else
    __asm__ volatile("li t0, 100\n1:\n\taddi t0, t0, -1\n\tbnez t0, 1b" ::: "t0", "memory");
#endif
    TNM_COUNT_MARK();
    region_line("loop_100x2_plus_1", 201);

    TNM_COUNT_MARK();
    h1 = checksum(buf, sizeof buf);
    TNM_COUNT_MARK();
    region_line("checksum_4k_a", -1);

    TNM_COUNT_MARK();
    h2 = checksum(buf, sizeof buf);
    TNM_COUNT_MARK();
    region_line("checksum_4k_b", -1);

    printf("checksum %08lx %08lx\n", (unsigned long)h1, (unsigned long)h2);
    printf("stack used %lu bytes\n", (unsigned long)tnm_target_stack_used());
    return h1 == h2 ? 0 : 1;
}
