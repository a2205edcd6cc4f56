# Shared part of the bare-metal toolchain files (toolchain-*.cmake set TNM_TARGET_ARCH,
# TNM_TARGET_BOARD and TNM_TARGET_CPU_FLAGS, then include this file).
# C library: picolibc with its semihosting OS layer (--specs in the C flags, which CMake
# also passes when linking; giving it twice is an error) (stdio and file IO to the host);
# startup, linker scripts and the exit path are ours (tools/qemu/targets).
# Optimization: -O2 for Release (the default build type), used for tests and benchmarks.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

get_filename_component(TNM_TARGETS_DIR "${CMAKE_CURRENT_LIST_DIR}/../../tools/qemu/targets" ABSOLUTE)
get_filename_component(TNM_QEMU_TOOLS_DIR "${CMAKE_CURRENT_LIST_DIR}/../../tools/qemu" ABSOLUTE)

if(TNM_TARGET_ARCH STREQUAL "arm")
  set(CMAKE_SYSTEM_PROCESSOR arm)
  set(_tnm_prefix arm-none-eabi-)
  set(TNM_TARGET_LINKER_SCRIPT "${TNM_TARGETS_DIR}/arm/${TNM_TARGET_BOARD}.ld")
elseif(TNM_TARGET_ARCH STREQUAL "riscv")
  set(CMAKE_SYSTEM_PROCESSOR riscv32)
  set(_tnm_prefix riscv64-unknown-elf-)
  set(TNM_TARGET_LINKER_SCRIPT "${TNM_TARGETS_DIR}/riscv/virt.ld")
else()
  message(FATAL_ERROR "tnm-target-toolchain.cmake: set TNM_TARGET_ARCH to arm or riscv")
endif()

set(CMAKE_C_COMPILER ${_tnm_prefix}gcc)
set(CMAKE_ASM_COMPILER ${_tnm_prefix}gcc)
set(CMAKE_AR ${_tnm_prefix}ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${_tnm_prefix}ranlib CACHE FILEPATH "")
set(CMAKE_SIZE ${_tnm_prefix}size CACHE FILEPATH "")
set(CMAKE_OBJCOPY ${_tnm_prefix}objcopy CACHE FILEPATH "")

set(CMAKE_C_FLAGS_INIT "${TNM_TARGET_CPU_FLAGS} --specs=picolibc.specs -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${TNM_TARGET_CPU_FLAGS}")
# CMake appends its own "-O3 -DNDEBUG" to *_RELEASE_INIT, so set the cache entry itself.
set(CMAKE_C_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Release flags for the targets (-O2)")
set(CMAKE_EXE_LINKER_FLAGS_INIT
  "--oslib=semihost -nostartfiles -L${TNM_TARGETS_DIR}/common -T${TNM_TARGET_LINKER_SCRIPT} -Wl,--gc-sections")

# ctest runs every test executable on the emulated board.
set(CMAKE_CROSSCOMPILING_EMULATOR "${TNM_QEMU_TOOLS_DIR}/run-elf.sh;${TNM_TARGET_BOARD}")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
