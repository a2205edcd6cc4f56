# Cortex-M33 with DSP extension and single-precision FPv5, Secure state, QEMU -M mps2-an505.
set(TNM_TARGET_ARCH arm)
set(TNM_TARGET_BOARD mps2-an505)
set(TNM_TARGET_CPU_FLAGS "-mcpu=cortex-m33 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard")
include(${CMAKE_CURRENT_LIST_DIR}/tnm-target-toolchain.cmake)
