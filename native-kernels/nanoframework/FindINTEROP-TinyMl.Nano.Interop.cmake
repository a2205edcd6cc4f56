#
# CMake module of the TinyMl.Nano.Interop interop assembly for nf-interpreter firmware builds.
#
# nf-interpreter loads it for every name in NF_INTEROP_ASSEMBLIES
# (find_package(INTEROP-<name>) in CMake/Modules/FindNF_NativeAssemblies.cmake), so:
#   1. link this file into nf-interpreter's module folder (nf-interpreter sets CMAKE_MODULE_PATH
#      itself, so it has to be there):
#        ln -s <TinyMl.Nano>/native-kernels/nanoframework/FindINTEROP-TinyMl.Nano.Interop.cmake \
#              <nf-interpreter>/CMake/Modules/
#   2. configure with -DNF_INTEROP_ASSEMBLIES=TinyMl.Nano.Interop
#      (or "NF_INTEROP_ASSEMBLIES": "TinyMl.Nano.Interop" in CMakeUserPresets.json).
# Options:
#   TINYML_NANO_NATIVE_DIR  path of TinyMl.Nano's native-kernels folder. Found by itself when
#                           step 1 is a symlink; set it when you copy the file instead.
#   TINYML_MODELS_SOURCE    the C file `tinyml compile --emit-c` wrote: models compiled into
#                           the firmware and read in place from flash. Default: an empty table.
#   TINYML_OP_SET           the operators the firmware links. Default: the set that file
#                           declares (TNM_FLASH_MODELS_OP_SET, the operators its models use),
#                           or every operator without a models file. ALL keeps every operator
#                           (an app that also loads other models from byte[] at run time); or
#                           a set as native-kernels/README.md ("Operator sets") writes it.
#   TINYML_OP_SET_HI        with a TINYML_OP_SET mask: its operators of codes 64..127
#                           (TNM_OP_BIT_HI terms). Default: those the models file declares
#                           (TNM_FLASH_MODELS_OP_SET_HI), else none.
#   TINYML_VARIANT_SET      the kernel paths the firmware links (native-kernels/include/tnm/
#                           tnm_variants.def). Default: the set that file declares
#                           (TNM_FLASH_MODELS_VARIANT_SET, the paths its models' layers take),
#                           or every path without a models file. ALL keeps every path. A
#                           model needing a path left out still runs, bit-exact, through the
#                           generic loop: only slower.
#
# It adds to the firmware: the generated lookup table and checksum (TinyMl_Nano_Interop.cpp),
# the handlers (TinyMl_Nano_Interop_*.cpp), and the C99 kernels, runtime and front ends
# (native-kernels/src), all compiled with the target's own compiler and flags.
#

set(TINYML_NANO_NATIVE_DIR "${TINYML_NANO_NATIVE_DIR}" CACHE PATH "TinyMl.Nano native-kernels folder")
set(TINYML_MODELS_SOURCE "${TINYML_MODELS_SOURCE}" CACHE FILEPATH "Flash model table from tinyml compile --emit-c (empty = none)")

if(NOT TINYML_NANO_NATIVE_DIR)
    # This file's real location (through a symlink) is <repo>/native-kernels/nanoframework.
    get_filename_component(_tnm_this_file "${CMAKE_CURRENT_LIST_FILE}" REALPATH)
    get_filename_component(_tnm_this_dir "${_tnm_this_file}" DIRECTORY)
    get_filename_component(_tnm_guess "${_tnm_this_dir}/.." ABSOLUTE)
    if(EXISTS "${_tnm_guess}/include/tnm/tnm_model.h")
        set(TINYML_NANO_NATIVE_DIR "${_tnm_guess}" CACHE PATH "TinyMl.Nano native-kernels folder" FORCE)
    elseif(EXISTS "${PROJECT_SOURCE_DIR}/InteropAssemblies/TinyMl.Nano.Interop/include/tnm/tnm_model.h")
        # native-kernels copied into nf-interpreter's InteropAssemblies folder
        set(TINYML_NANO_NATIVE_DIR "${PROJECT_SOURCE_DIR}/InteropAssemblies/TinyMl.Nano.Interop" CACHE PATH "TinyMl.Nano native-kernels folder" FORCE)
    endif()
endif()

if(NOT EXISTS "${TINYML_NANO_NATIVE_DIR}/include/tnm/tnm_model.h"
   OR NOT EXISTS "${TINYML_NANO_NATIVE_DIR}/nanoframework/TinyMl_Nano_Interop.cpp")
    message(FATAL_ERROR
        "TinyMl.Nano.Interop: cannot find TinyMl.Nano's native-kernels folder "
        "(looked in '${TINYML_NANO_NATIVE_DIR}'). Symlink this module into nf-interpreter's "
        "CMake/Modules, or pass -DTINYML_NANO_NATIVE_DIR=<TinyMl.Nano>/native-kernels.")
endif()

set(_tnm_interop_dir "${TINYML_NANO_NATIVE_DIR}/nanoframework")

# include directories: nanoCLR headers for the handlers, our C API for everything
list(APPEND TinyMl.Nano.Interop_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Core)
list(APPEND TinyMl.Nano.Interop_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Include)
list(APPEND TinyMl.Nano.Interop_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/HAL/Include)
list(APPEND TinyMl.Nano.Interop_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/PAL/Include)
list(APPEND TinyMl.Nano.Interop_INCLUDE_DIRS ${_tnm_interop_dir})
list(APPEND TinyMl.Nano.Interop_INCLUDE_DIRS ${TINYML_NANO_NATIVE_DIR}/include)

# interop glue: lookup table + checksum, handlers
file(GLOB _tnm_glue_sources "${_tnm_interop_dir}/TinyMl_Nano_Interop*.cpp")

# the portable core (same globs as native-kernels/CMakeLists.txt)
file(GLOB _tnm_core_sources
    "${TINYML_NANO_NATIVE_DIR}/src/kernels/*.c"
    "${TINYML_NANO_NATIVE_DIR}/src/runtime/*.c"
    "${TINYML_NANO_NATIVE_DIR}/src/ops/*.c"
    "${TINYML_NANO_NATIVE_DIR}/src/frontend/*.c")

# flash model table
if(TINYML_MODELS_SOURCE)
    if(NOT EXISTS "${TINYML_MODELS_SOURCE}")
        message(FATAL_ERROR "TinyMl.Nano.Interop: TINYML_MODELS_SOURCE '${TINYML_MODELS_SOURCE}' does not exist.")
    endif()
    set(_tnm_models_source "${TINYML_MODELS_SOURCE}")
else()
    set(_tnm_models_source "${_tnm_interop_dir}/tnm_flash_models_none.c")
endif()

set(TinyMl.Nano.Interop_SOURCES ${_tnm_glue_sources} ${_tnm_core_sources} ${_tnm_models_source})

# Operator set: a firmware links only the operators its flash models use (a model with another
# operator is refused by name at Model load). The definition only affects our sources.
set(TINYML_OP_SET "${TINYML_OP_SET}" CACHE STRING "Operators linked into the firmware (empty = those of TINYML_MODELS_SOURCE, ALL = every operator)")
set(TINYML_OP_SET_HI "${TINYML_OP_SET_HI}" CACHE STRING "With TINYML_OP_SET: the operators of codes 64..127 (TNM_OP_BIT_HI terms; empty = none, or those of TINYML_MODELS_SOURCE)")
set(_tnm_op_set "${TINYML_OP_SET}")
set(_tnm_op_set_hi "${TINYML_OP_SET_HI}")
if(NOT _tnm_op_set AND TINYML_MODELS_SOURCE)
    file(STRINGS "${TINYML_MODELS_SOURCE}" _tnm_op_set_line REGEX "^#define TNM_FLASH_MODELS_OP_SET ")
    if(_tnm_op_set_line)
        string(REGEX REPLACE "^#define TNM_FLASH_MODELS_OP_SET +" "" _tnm_op_set "${_tnm_op_set_line}")
    endif()
    file(STRINGS "${TINYML_MODELS_SOURCE}" _tnm_op_set_hi_line REGEX "^#define TNM_FLASH_MODELS_OP_SET_HI ")
    if(_tnm_op_set_hi_line)
        string(REGEX REPLACE "^#define TNM_FLASH_MODELS_OP_SET_HI +" "" _tnm_op_set_hi "${_tnm_op_set_hi_line}")
    endif()
endif()
if(_tnm_op_set AND NOT _tnm_op_set STREQUAL "ALL" AND NOT CMAKE_SCRIPT_MODE_FILE)
    add_compile_definitions("TNM_OP_SET=${_tnm_op_set}")
    message(STATUS "TinyMl.Nano.Interop: operator set ${_tnm_op_set}")
    if(_tnm_op_set_hi)
        add_compile_definitions("TNM_OP_SET_HI=${_tnm_op_set_hi}")
        message(STATUS "TinyMl.Nano.Interop: operator set, codes 64..127: ${_tnm_op_set_hi}")
    endif()
endif()

# Kernel paths: likewise from the models file (tnm/tnm_variants.h), every path without one.
set(TINYML_VARIANT_SET "${TINYML_VARIANT_SET}" CACHE STRING "Kernel paths linked into the firmware (empty = those of TINYML_MODELS_SOURCE, ALL = every path)")
set(_tnm_variant_set "${TINYML_VARIANT_SET}")
if(_tnm_variant_set STREQUAL "" AND TINYML_MODELS_SOURCE)
    file(STRINGS "${TINYML_MODELS_SOURCE}" _tnm_variant_set_line REGEX "^#define TNM_FLASH_MODELS_VARIANT_SET ")
    if(_tnm_variant_set_line)
        string(REGEX REPLACE "^#define TNM_FLASH_MODELS_VARIANT_SET +" "" _tnm_variant_set "${_tnm_variant_set_line}")
    endif()
endif()
# (a string test: "0", no kernel path, is a false constant to if())
if(NOT _tnm_variant_set STREQUAL "" AND NOT _tnm_variant_set STREQUAL "ALL" AND NOT CMAKE_SCRIPT_MODE_FILE)
    add_compile_definitions("TNM_VARIANT_SET=${_tnm_variant_set}")
    message(STATUS "TinyMl.Nano.Interop: kernel paths ${_tnm_variant_set}")
endif()

if(BUILD_VERBOSE)
    message(STATUS "TinyMl.Nano.Interop: ${TINYML_NANO_NATIVE_DIR}, models: ${_tnm_models_source}")
    foreach(_tnm_source ${TinyMl.Nano.Interop_SOURCES})
        message(STATUS "  ${_tnm_source}")
    endforeach()
endif()

include(FindPackageHandleStandardArgs)

# NAME_MISMATCHED: the package is INTEROP-TinyMl.Nano.Interop, its variables TinyMl.Nano.Interop_*.
FIND_PACKAGE_HANDLE_STANDARD_ARGS(TinyMl.Nano.Interop
    REQUIRED_VARS TinyMl.Nano.Interop_INCLUDE_DIRS TinyMl.Nano.Interop_SOURCES
    NAME_MISMATCHED)
