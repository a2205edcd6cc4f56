/*
 * Reset code for QEMU -M virt -bios none (RV32, machine mode): stack, global
 * pointer, trap vector, then the shared C start (common/tnm_target.c).
 * Semihosting call: the slli/ebreak/srai sequence QEMU recognizes (uncompressed,
 * all three in one page).
 */
    .section .text.tnm_reset, "ax"
    .globl tnm_reset
tnm_reset:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack
    .option push
    .option arch, +zicsr
    la t0, tnm_trap
    csrw mtvec, t0
    .option pop
    call tnm_target_start
1:  j 1b

    .balign 4
tnm_trap:
    .option push
    .option arch, +zicsr
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    .option pop
    la sp, __stack
    call tnm_trap_report
2:  j 2b

    .text
    .balign 16
    .globl tnm_semihost
tnm_semihost:
    .option push
    .option norvc
    slli x0, x0, 0x1f
    ebreak
    srai x0, x0, 7
    .option pop
    ret
