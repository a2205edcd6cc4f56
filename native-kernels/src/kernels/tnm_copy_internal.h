/*
 * Byte copies of the data-movement operators (internal, inline): memcpy semantics (the
 * ranges do not overlap), four words a turn. The C libraries of small targets often build
 * memcpy for size, a byte a turn (picolibc on Cortex-M: about 6 instructions a byte); these
 * copies are most of what CONCATENATION, SPLIT, STRIDED_SLICE and the resource variables
 * cost. Words move with single loads and stores where the core allows unaligned access
 * (Cortex-M3 and up) or both addresses are 4-aligned; elsewhere bytes.
 */
#ifndef TNM_COPY_INTERNAL_H
#define TNM_COPY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* Copy n bytes from src to dst; the ranges must not overlap (tnm_copy.c). Out of line:
 * inlined into a caller's loops, GCC ran short of registers and moved each word through
 * the stack (21 instructions per 16 bytes in STRIDED_SLICE on Cortex-M4). */
void tnm_copy(void *dst, const void *src, size_t n);

#endif
