/*
 * Shared target runtime: semihosting exit with status, fault reports, the stack
 * canary check, and the C entry point the startup code jumps to.
 */
#include "tnm_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void);

/* Linker script symbols (targets/common/tnm_sections.ld). */
extern uint8_t __data_start[], __data_end[], __data_source[];
extern uint8_t __bss_start[], __bss_end[];
extern uint8_t __stack_limit[], __stack[];
extern uint8_t __tls_base[];
extern void (*__preinit_array_start[])(void);
extern void (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

/* picolibc: points the thread pointer at the TLS block (errno lives there). */
void _set_tls(void *tls);

#define TNM_STACK_PAINT 0xC5C5C5C5u

static void write_hex(char *out, uint32_t v)
{
    static const char digits[] = "0123456789abcdef";
    int i;
    for (i = 0; i < 8; i++) out[i] = digits[(v >> (28 - 4 * i)) & 0xF];
    out[8] = '\0';
}

static void stack_paint(void)
{
    /* Paint from the limit up to a margin below the current frame. */
    volatile uint32_t *p = (volatile uint32_t *)(void *)__stack_limit;
    uint8_t here;
    uint32_t *end = (uint32_t *)(void *)(((uintptr_t)&here - 256u) & ~(uintptr_t)3);
    while ((uintptr_t)p < (uintptr_t)end) *p++ = TNM_STACK_PAINT;
}

/* Bytes of stack that were ever written (painted words overwritten from the top). */
static uint32_t stack_used(void)
{
    const uint32_t *p = (const uint32_t *)(void *)__stack_limit;
    while ((uintptr_t)p < (uintptr_t)__stack && *p == TNM_STACK_PAINT) p++;
    return (uint32_t)((uintptr_t)__stack - (uintptr_t)p);
}

void tnm_semihost_write0(const char *text)
{
    tnm_semihost(TNM_SH_SYS_WRITE0, (uintptr_t)text);
}

void tnm_target_exit(int status)
{
    /* ADP_Stopped_ApplicationExit with the status as subcode: QEMU exits with it. */
    uintptr_t block[2];
    block[0] = 0x20026u;
    block[1] = (uintptr_t)(uint32_t)status;
    tnm_semihost(TNM_SH_SYS_EXIT_EXTENDED, (uintptr_t)block);
    /* Older hosts without the extended call: report the failure class at least. */
    tnm_semihost(TNM_SH_SYS_EXIT, status == 0 ? 0x20026u : 0x20023u);
    for (;;) {
    }
}

void tnm_target_fault(const char *what, uint32_t pc, uint32_t detail)
{
    char hex[9];
    tnm_semihost_write0("\nTARGET FAULT: ");
    tnm_semihost_write0(what);
    tnm_semihost_write0(" pc=0x");
    write_hex(hex, pc);
    tnm_semihost_write0(hex);
    tnm_semihost_write0(" detail=0x");
    write_hex(hex, detail);
    tnm_semihost_write0(hex);
    tnm_semihost_write0("\n");
    tnm_target_exit(TNM_TARGET_EXIT_CRASH);
}

/* picolibc's exit() ends here after flushing stdio. */
void _exit(int status)
{
    if (*(const volatile uint32_t *)(const void *)__stack_limit != TNM_STACK_PAINT) {
        tnm_semihost_write0("\nTARGET FAULT: stack overflow (stack limit word overwritten)\n");
        tnm_target_exit(TNM_TARGET_EXIT_CRASH);
    }
    tnm_target_exit(status);
}

uint32_t tnm_target_stack_used(void) { return stack_used(); }

/* Called by the architecture's reset code with a valid stack pointer. */
void tnm_target_start(void) __attribute__((noreturn));
void tnm_target_start(void)
{
    size_t i, n;
    memcpy(__data_start, __data_source, (size_t)(__data_end - __data_start));
    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    _set_tls(__tls_base);
    stack_paint();
    n = (size_t)(__preinit_array_end - __preinit_array_start);
    for (i = 0; i < n; i++) __preinit_array_start[i]();
    n = (size_t)(__init_array_end - __init_array_start);
    for (i = 0; i < n; i++) __init_array_start[i]();
    exit(main());
}
