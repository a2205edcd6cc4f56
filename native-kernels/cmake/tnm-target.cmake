# Bare-metal target build (included by CMakeLists.txt when CMAKE_CROSSCOMPILING, i.e.
# with one of cmake/toolchain-*.cmake). Adds:
#  - tnm_target: startup code, semihosting exit, fault reports (tools/qemu/targets/), linked into
#    every executable of this directory (link_libraries), so each tests/test_*.c
#    becomes a bare-metal program that ctest runs under QEMU (CMAKE_CROSSCOMPILING_EMULATOR);
#  - tnm_count_selftest: proves the instruction counter exact and deterministic;
#  - tnm_size_app: runtime + kernels linked alone, with a map file (tools/qemu/size.sh);
#  - tnm_bench (when TNM_BENCH_MODEL is set): runs a .tnm layer by layer with counts.
# No shared library on targets.
if(NOT TNM_TARGET_BOARD)
  message(FATAL_ERROR "Cross build without TNM_TARGET_BOARD: use native-kernels/cmake/toolchain-*.cmake")
endif()
enable_language(ASM)
set(TNM_BUILD_SHARED OFF)
# CMakeLists.txt makes tnm_core position independent for the host shared library; on a
# bare-metal core that only adds GOT indirections (bigger, slower code). Undo it once
# the directory is processed.
if(CMAKE_VERSION VERSION_LESS 3.19)
  message(FATAL_ERROR "Target builds need CMake 3.19 or newer")
endif()
cmake_language(DEFER CALL set_target_properties tnm_core PROPERTIES POSITION_INDEPENDENT_CODE OFF)

set(TNM_TARGET_SOURCES ${TNM_TARGETS_DIR}/common/tnm_target.c)
if(TNM_TARGET_ARCH STREQUAL "arm")
  list(APPEND TNM_TARGET_SOURCES ${TNM_TARGETS_DIR}/arm/startup_cortex_m.c)
else()
  list(APPEND TNM_TARGET_SOURCES ${TNM_TARGETS_DIR}/riscv/startup_rv32.S
                                 ${TNM_TARGETS_DIR}/riscv/trap_rv32.c)
endif()
# Same warnings as the rest of the tree (CMakeLists.txt sets them after this file runs).
set(TNM_TARGET_WARNINGS -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter)
add_library(tnm_target STATIC ${TNM_TARGET_SOURCES})
target_compile_options(tnm_target PRIVATE $<$<COMPILE_LANGUAGE:C>:${TNM_TARGET_WARNINGS}>)
target_include_directories(tnm_target PUBLIC ${TNM_TARGETS_DIR}/common)
# The startup object is reached only through the entry point: pull it in explicitly.
target_link_options(tnm_target INTERFACE "LINKER:--undefined=tnm_reset")
link_libraries(tnm_target)

# Tests on the target read the reference data through semihosting file IO (host
# paths); there is no environment, so the directory is compiled in.
if(DEFINED ENV{TINYML_SHARED})
  set(TNM_TARGET_SHARED_DIR $ENV{TINYML_SHARED})
else()
  get_filename_component(TNM_TARGET_SHARED_DIR ${CMAKE_CURRENT_SOURCE_DIR}/../../shared ABSOLUTE)
endif()
# Randomized tests may divide their iteration counts by TNM_TEST_SCALE (1 = as on host).
set(TNM_TEST_SCALE 1 CACHE STRING "Divisor for randomized test iteration counts on targets")
add_compile_definitions(TNM_TARGET_SEMIHOSTING=1
                        TNM_TARGET_SHARED_DIR="${TNM_TARGET_SHARED_DIR}"
                        TNM_TEST_SCALE=${TNM_TEST_SCALE})

add_executable(tnm_count_selftest ${TNM_TARGETS_DIR}/common/count_selftest.c)
target_compile_options(tnm_count_selftest PRIVATE ${TNM_TARGET_WARNINGS})

# Code size: the runtime with every kernel it dispatches to, linked with a map file.
add_executable(tnm_size_app ${TNM_TARGETS_DIR}/common/size_main.c)
target_link_libraries(tnm_size_app PRIVATE tnm_core)
target_compile_options(tnm_size_app PRIVATE ${TNM_TARGET_WARNINGS})
target_link_options(tnm_size_app PRIVATE "LINKER:-Map=${CMAKE_CURRENT_BINARY_DIR}/tnm_size_app.map")

# Kernel grid benchmark (tools/qemu/grid.sh): every kernel class on a grid of shapes.
add_executable(tnm_grid ${TNM_TARGETS_DIR}/common/grid_main.c)
target_link_libraries(tnm_grid PRIVATE tnm_core)
target_include_directories(tnm_grid PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src/kernels)
target_compile_options(tnm_grid PRIVATE ${TNM_TARGET_WARNINGS})
# Only the cells whose name contains this text (tools/qemu/grid.sh TNM_GRID_CELL).
set(TNM_GRID_CELL "" CACHE STRING "grid cells to run (substring of the name; empty: all)")
if(TNM_GRID_CELL)
  target_compile_definitions(tnm_grid PRIVATE "TNM_GRID_CELL=\"${TNM_GRID_CELL}\"")
endif()

# Bench: -DTNM_BENCH_MODEL=model.tnm -DTNM_BENCH_INPUT=input.bin -DTNM_BENCH_EXPECTED=expected.bin
set(TNM_BENCH_MODEL "" CACHE FILEPATH "Model blob (.tnm) embedded into tnm_bench")
set(TNM_BENCH_INPUT "" CACHE FILEPATH "Input tensor bytes for tnm_bench")
set(TNM_BENCH_EXPECTED "" CACHE FILEPATH "Expected output tensor bytes for tnm_bench")
if(TNM_BENCH_MODEL)
  set(_tnm_bench_data ${CMAKE_CURRENT_BINARY_DIR}/tnm_bench_data.c)
  add_custom_command(
    OUTPUT ${_tnm_bench_data}
    COMMAND ${CMAKE_COMMAND} -DOUT=${_tnm_bench_data}
            -DMODEL=${TNM_BENCH_MODEL} -DINPUT=${TNM_BENCH_INPUT} -DEXPECTED=${TNM_BENCH_EXPECTED}
            -P ${CMAKE_CURRENT_LIST_DIR}/tnm-embed.cmake
    DEPENDS ${TNM_BENCH_MODEL} ${TNM_BENCH_INPUT} ${TNM_BENCH_EXPECTED}
            ${CMAKE_CURRENT_LIST_DIR}/tnm-embed.cmake
    COMMENT "Embedding the bench model and tensors")
  add_executable(tnm_bench ${TNM_TARGETS_DIR}/common/bench_main.c ${_tnm_bench_data})
  target_link_libraries(tnm_bench PRIVATE tnm_core)
  target_compile_options(tnm_bench PRIVATE ${TNM_TARGET_WARNINGS})
endif()
