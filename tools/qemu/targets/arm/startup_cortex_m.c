/*
 * Reset, vector table, fault handler and semihosting call for the Cortex-M cores
 * of QEMU's mps2 boards (an386 M4, an500 M7, an505 M33). The core loads the
 * initial stack pointer and the reset address from the vector table itself.
 */
#include <stdint.h>

#include "tnm_target.h"

extern uint8_t __stack[], __stack_limit[];
void tnm_target_start(void) __attribute__((noreturn));

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)

intptr_t tnm_semihost(uintptr_t op, uintptr_t param)
{
    register uintptr_t r0 __asm__("r0") = op;
    register uintptr_t r1 __asm__("r1") = param;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return (intptr_t)r0;
}

__attribute__((section(".text.tnm_reset"), noreturn)) void tnm_reset(void);
void tnm_reset(void)
{
#if defined(__ARM_FP)
    /* Full access to CP10/CP11 (the FPU) before any floating-point instruction. */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
#if defined(__ARM_ARCH_8M_MAIN__)
    /* ARMv8-M: the core itself faults when the main stack passes its limit. */
    __asm__ volatile("msr msplim, %0" ::"r"(__stack_limit));
#endif
    tnm_target_start();
}

void tnm_fault_report(const uint32_t *frame, uint32_t exc_return);
void tnm_fault_report(const uint32_t *frame, uint32_t exc_return)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    (void)exc_return;
    if ((uintptr_t)frame < (uintptr_t)__stack_limit || (uintptr_t)frame + 32u > (uintptr_t)__stack) {
        /* The exception frame could not be pushed inside the stack: it overflowed. */
        tnm_target_fault("stack overflow", 0u, (uint32_t)(uintptr_t)frame);
    }
    /* frame[6] is the stacked PC of the faulting code; detail = IPSR << 24 | CFSR. */
    tnm_target_fault("exception", frame[6], SCB_CFSR | ((ipsr & 0x1FFu) << 24));
}

/* Picks the stack the exception frame was pushed to, moves onto a fresh stack (the
 * old one may have overflowed; the program ends here anyway) and reports. */
__attribute__((naked)) void tnm_fault_handler(void);
void tnm_fault_handler(void)
{
    __asm__ volatile(
        "tst lr, #4\n\t"
        "ite eq\n\t"
        "mrseq r0, msp\n\t"
        "mrsne r0, psp\n\t"
        "mov r1, lr\n\t"
        "ldr r2, =__stack\n\t"
        "mov sp, r2\n\t"
        "b tnm_fault_report\n\t"
        ".ltorg\n\t");
}

/* Initial SP, reset, then NMI .. SysTick; every exception is a fault report here. */
typedef void (*tnm_vector)(void);
__attribute__((section(".vectors"), used)) const tnm_vector tnm_vectors[16] = {
    (tnm_vector)(uintptr_t)__stack,
    tnm_reset,
    tnm_fault_handler, /* NMI */
    tnm_fault_handler, /* HardFault */
    tnm_fault_handler, /* MemManage */
    tnm_fault_handler, /* BusFault */
    tnm_fault_handler, /* UsageFault */
    tnm_fault_handler, /* SecureFault (v8-M) */
    0, 0, 0,
    tnm_fault_handler, /* SVCall */
    tnm_fault_handler, /* DebugMonitor */
    0,
    tnm_fault_handler, /* PendSV */
    tnm_fault_handler, /* SysTick */
};
