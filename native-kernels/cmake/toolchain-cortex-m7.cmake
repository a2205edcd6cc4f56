# Cortex-M7 with the double-precision FPv5 (what QEMU's cortex-m7 models), QEMU -M mps2-an500.
set(TNM_TARGET_ARCH arm)
set(TNM_TARGET_BOARD mps2-an500)
set(TNM_TARGET_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
include(${CMAKE_CURRENT_LIST_DIR}/tnm-target-toolchain.cmake)
