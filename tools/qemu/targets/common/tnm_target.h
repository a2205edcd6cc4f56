/*
 * Bare-metal target support for the emulated test and bench runs (QEMU mps2 and
 * RISC-V virt): semihosting calls, the exit path, and the instruction-count marker.
 * Host builds never include this.
 */
#ifndef TNM_TARGET_H
#define TNM_TARGET_H

#include <stdint.h>

/* Marks a region boundary for tools/qemu/tnm_insn_count.c: the plugin logs how many
 * instructions ran before each marker (the marker itself is not counted), so the
 * instructions of a region are the difference between its two markers. An
 * architectural no-op that compilers never emit; "memory" keeps the compiler from
 * moving loads and stores across it. */
#if defined(__arm__)
#define TNM_COUNT_MARK() __asm__ volatile("mov r11, r11" ::: "memory")
#elif defined(__riscv)
#define TNM_COUNT_MARK() __asm__ volatile("addi x0, x0, 1445" ::: "memory")
#else
#error "tnm_target.h: unsupported architecture"
#endif

/* Semihosting operation numbers (ARM semihosting spec, also used by RISC-V). */
enum {
    TNM_SH_SYS_WRITE0 = 0x04,
    TNM_SH_SYS_EXIT = 0x18,
    TNM_SH_SYS_EXIT_EXTENDED = 0x20
};

/* One semihosting call: op and its parameter (a value or a pointer to a block). */
intptr_t tnm_semihost(uintptr_t op, uintptr_t param);

/* Writes a NUL-terminated string to the host's stdout without going through libc. */
void tnm_semihost_write0(const char *text);

/* Ends the emulation with `status` as QEMU's exit code (SYS_EXIT_EXTENDED). */
void tnm_target_exit(int status) __attribute__((noreturn));

/* Called by the startup code on a CPU fault; prints what and where, exits with 3. */
void tnm_target_fault(const char *what, uint32_t pc, uint32_t detail) __attribute__((noreturn));

/* Peak stack use so far in bytes (the startup code paints the stack). */
uint32_t tnm_target_stack_used(void);

/* Exit status of a run that crashed (fault or stack overflow). */
#define TNM_TARGET_EXIT_CRASH 3

#endif
