// Compile-check stand-in for nf-interpreter src/CLR/Include/nanoCLR_Interop.h (TinyMl_Nano_Interop.h includes it):
// everything the handlers use is in nanoclr_compile_check.h.
#include "nanoclr_compile_check.h"
