# Cortex-M4F (single-precision FPU), QEMU -M mps2-an386.
#   cmake -S native-kernels -B build-m4 -DCMAKE_TOOLCHAIN_FILE=native-kernels/cmake/toolchain-cortex-m4.cmake
set(TNM_TARGET_ARCH arm)
set(TNM_TARGET_BOARD mps2-an386)
set(TNM_TARGET_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
include(${CMAKE_CURRENT_LIST_DIR}/tnm-target-toolchain.cmake)
