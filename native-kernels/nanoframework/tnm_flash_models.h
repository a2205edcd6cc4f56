/*
 * Models compiled into the firmware, read in place from flash.
 *
 * The ESP32 managed heap is about 111 KB without PSRAM, so a model's weights must not be
 * copied into a managed byte[] (the MLPerf Tiny anomaly model alone has ~266 KB). Instead
 * `tinyml compile --emit-c` (TinyMl.Compiler.FlashModelEmitter) writes a C file with each
 * .tnm blob as a const array and this table; the firmware build compiles it in (CMake
 * variable TINYML_MODELS_SOURCE, see FindINTEROP-TinyMl.Nano.Interop.cmake), the linker keeps
 * const data in flash (memory-mapped through the cache on ESP32, directly addressable on
 * STM32), and the interop stubs hand the runtime a pointer into it. The managed side names a
 * model by its table index (NativeMethods.FlashModelFind / Flash*); only the arena is a
 * managed byte[].
 *
 * Without TINYML_MODELS_SOURCE the build uses tnm_flash_models_none.c: an empty table.
 */
#ifndef TNM_FLASH_MODELS_H
#define TNM_FLASH_MODELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *name;      /* NUL-terminated ASCII, unique in the table, at most 31 characters */
    const uint8_t *blob;   /* the .tnm blob, 4-byte aligned, in flash */
    uint32_t size;         /* bytes of the blob */
} tnm_flash_model;

/* The table and its length, defined by the generated file (or tnm_flash_models_none.c). */
extern const tnm_flash_model tnm_flash_models[];
extern const int32_t tnm_flash_model_count;

#ifdef __cplusplus
}
#endif
#endif
