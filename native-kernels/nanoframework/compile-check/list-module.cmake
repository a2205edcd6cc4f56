# Prints the sources and include folders FindINTEROP-TinyMl.Nano.Interop.cmake gives a firmware
# build, one "SOURCE <path>" / "INCLUDE <path>" line each (strict-build.sh reads them).
#   cmake -DPROJECT_SOURCE_DIR=<nf-interpreter> -DTNM_MODULE=<FindINTEROP-...cmake> -P list-module.cmake
include(${TNM_MODULE})
foreach(_source ${TinyMl.Nano.Interop_SOURCES})
  message("SOURCE ${_source}")
endforeach()
foreach(_include ${TinyMl.Nano.Interop_INCLUDE_DIRS})
  message("INCLUDE ${_include}")
endforeach()
