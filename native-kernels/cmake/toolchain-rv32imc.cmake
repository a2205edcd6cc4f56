# RV32IMC (ilp32, no FPU), QEMU -M virt -bios none. picolibc's rv32im multilib is the
# one GCC picks for rv32imc (compressed code only in our objects).
set(TNM_TARGET_ARCH riscv)
set(TNM_TARGET_BOARD riscv32-virt)
set(TNM_TARGET_CPU_FLAGS "-march=rv32imc -mabi=ilp32 -mcmodel=medany")
include(${CMAKE_CURRENT_LIST_DIR}/tnm-target-toolchain.cmake)
