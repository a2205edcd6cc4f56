/*
 * Scratch for the convolution variants under test: the bytes the variant's own size
 * query asks for, starting 0-3 bytes past a word boundary (the kernels align inside the
 * slack the query includes), followed by a guard the kernel must leave alone.
 * Header only (static); include after tnm_kernels_opt.h.
 */
#ifndef TEST_KERNELS_SCRATCH_H
#define TEST_KERNELS_SCRATCH_H

#include <string.h>

#include "tnm_test.h"

#define TEST_SCRATCH_CAP 65536
#define TEST_SCRATCH_GUARD 16

static uint32_t g_test_scratch_words[(TEST_SCRATCH_CAP + 4 + TEST_SCRATCH_GUARD) / 4 + 1];
static uint8_t *g_test_scratch_guard;
static long g_test_scratch_null; /* calls that got NULL (no scratch or too large) */

/* Scratch bytes the named variant asks for ("public": this build's query). */
static inline int32_t test_conv_scratch_need(const char *variant, const tnm_dims *in,
                                             const tnm_dims *filter, const tnm_dims *out,
                                             int depthwise)
{
    if (depthwise) {
#if TNM_HAVE_ARM_DSP_VARIANT
        if (strcmp(variant, "arm_dsp") == 0) return tnm_opt_dw_scratch_arm_dsp(in, filter, out);
#endif
        if (strcmp(variant, "rv32") == 0) return 0;
        return tnm_depthwise_conv_s8_scratch_size(in, filter, out);
    }
#if TNM_HAVE_ARM_DSP_VARIANT
    if (strcmp(variant, "arm_dsp") == 0) return tnm_opt_conv_scratch_arm_dsp(in, filter);
#endif
#if TNM_HAVE_RV32_VARIANT
    if (strcmp(variant, "rv32") == 0) return tnm_opt_conv_scratch_rv32(in, filter);
#endif
    return tnm_conv_s8_scratch_size(in, filter, out);
}

/* need bytes at offset salt % 4, guard painted; NULL when need is 0, too large, or
 * (allow_null) salt % 7 == 6: the kernels must still be right without scratch. */
static inline void *test_scratch(int32_t need, uint32_t salt, int allow_null)
{
    uint8_t *base = (uint8_t *)g_test_scratch_words + (salt & 3u);
    g_test_scratch_guard = 0;
    if (need <= 0 || need > TEST_SCRATCH_CAP || (allow_null && salt % 7u == 6u)) {
        g_test_scratch_null++;
        return 0;
    }
    memset(base, 0xC3, (size_t)need); /* stale bytes, as in an arena */
    g_test_scratch_guard = base + need;
    memset(g_test_scratch_guard, 0xA5, TEST_SCRATCH_GUARD);
    return base;
}

/* The guard after the last test_scratch() is untouched. */
static inline void test_scratch_check(void)
{
    int i;
    if (g_test_scratch_guard == 0) return;
    for (i = 0; i < TEST_SCRATCH_GUARD; ++i) CHECK_EQ(0xA5, g_test_scratch_guard[i]);
}

#endif
