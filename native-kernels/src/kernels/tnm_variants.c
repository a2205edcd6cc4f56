/*
 * Kernel variants (tnm/tnm_variants.def): their names, and which of them a kernel call
 * can take on the Cortex-M DSP build. The query follows the wrappers' choices
 * (tnm_depthwise_conv_s8_arm_dsp.c, tnm_conv_s8_arm_dsp.c) from the outside, erring towards
 * more paths: a path is reported when the wrapper would call it, and the paths after it too
 * unless the query is sure the call succeeds there. test_kernel_variants checks on random
 * calls that every path a wrapper takes is reported (TNM_VARIANT_PROBE). Host-side: no
 * device code calls these, so --gc-sections drops them from a firmware.
 */
#include "tnm/tnm_variants.h"

#include "tnm_kernels_opt.h"

static const char *const k_variant_names[] = {
#define TNM_VARIANT(NAME, BIT, TEXT) [BIT] = #NAME,
#include "tnm/tnm_variants.def"
#undef TNM_VARIANT
};

const char *tnm_variant_name(int32_t v)
{
    if (v < 0 || (uint32_t)v >= sizeof k_variant_names / sizeof k_variant_names[0]) return NULL;
    return k_variant_names[v];
}

uint32_t tnm_arm_dsp_conv_variants(int depthwise, int rows, const tnm_conv_params *p, const tnm_quant *q,
                                   const tnm_dims *in, const tnm_dims *filter, const tnm_dims *out,
                                   int has_scratch, int has_bias, int *sure)
{
    /* a filter at least twice the image both ways goes to the generic loop */
    const int planes = !(filter->h >= 2 * in->h && filter->w >= 2 * in->w);
    (void)q;
    (void)has_scratch;
    *sure = 0;
    if (!depthwise) {
        int32_t batches, depth;
        uint32_t v = filter->c == in->c && has_scratch && has_bias ? TNM_VARIANT_BIT(TNM_VARIANT_CONV_IM2COL) : 0u;
        /* the fully-connected form when the data do not overlap (not known here: both): a
         * call of 1-3 pixels, or the last 1-3 of a 1x1 stride-1 unpadded one over its image */
        if (tnm_conv_fc_fits(p, in, filter, out, &batches, &depth) ||
            (v != 0u && filter->h == 1 && filter->w == 1 && p->stride_h == 1 && p->stride_w == 1 &&
             p->pad_h == 0 && p->pad_w == 0 && out->h == in->h && out->w == in->w &&
             ((int64_t)out->n * out->h * out->w) % 4 != 0))
            v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_AS_FC);
        *sure = 1;
        return v;
    }
    if (rows) { /* tnm_depthwise_conv_s8_arm_dsp_rows: 0 = the caller runs bands; whether the
                 * planes take the call depends on the data's placement: never sure */
        return p->depth_multiplier == 1 && p->dilation_h == 1 && p->dilation_w == 1
                   ? TNM_VARIANT_BIT(TNM_VARIANT_DW_PLANES)
                   : 0u;
    }
    *sure = 1; /* the generic loop takes what the planes do not */
    if (p->depth_multiplier == 1 && (int64_t)out->h * out->w <= 4) return TNM_VARIANT_BIT(TNM_VARIANT_DW_DIRECT);
    return planes ? TNM_VARIANT_BIT(TNM_VARIANT_DW_PLANES) : 0u;
}
