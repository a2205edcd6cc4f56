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

/* The depthwise pixel path (depthwise_3x3_fast) writes the call: every shift in its fast
 * form, channels a multiple of 4 and three padded rows fitting the row buffer (the scratch;
 * without scratch, unknown here: not sure). */
static int dw_pixel_sure(const tnm_conv_params *p, const tnm_quant *q, const tnm_dims *in,
                         const tnm_dims *out, int has_scratch)
{
    const int64_t width = (int64_t)(out->w - 1) * p->stride_w + 3;
    int32_t c;
    if (!has_scratch || in->w > (1L << 24) || (in->c & 3) != 0) return 0;
    if (width * 3 * 4 > 3 * ((int64_t)in->w + 2) * (in->c < 32 ? in->c : 32)) return 0;
    for (c = 0; c < out->c; ++c) {
        if (!tnm_opt_rq_fast_ok(q->shift[c])) return 0;
    }
    return 1;
}

uint32_t tnm_arm_dsp_conv_variants(int depthwise, int rows, const tnm_conv_params *p, const tnm_quant *q,
                                   const tnm_dims *in, const tnm_dims *filter, const tnm_dims *out,
                                   int has_scratch, int has_bias, int *sure)
{
    uint32_t v = 0;
    *sure = 0;
    if (!depthwise) {
        if (filter->c == in->c && has_scratch && has_bias) v = TNM_VARIANT_BIT(TNM_VARIANT_CONV_IM2COL);
        *sure = 1;
        return v;
    }
    if (rows) { /* tnm_depthwise_conv_s8_arm_dsp_rows: 0 = the caller runs bands */
        if (tnm_is_plain_depthwise_3x3(p, filter) && out->w <= (p->stride_w == 1 ? 16 : 24)) {
            v = TNM_VARIANT_BIT(TNM_VARIANT_DW_ROWS);
            *sure = dw_pixel_sure(p, q, in, out, has_scratch);
        }
        return v;
    }
    if (tnm_is_plain_depthwise_3x3(p, filter)) {
        const int transposed = out->h > out->w;
        const int32_t n = transposed ? out->h : out->w;
        const int32_t s = transposed ? p->stride_h : p->stride_w;
        if (n <= 14 || (s >= 2 && n <= 16)) {
            v |= TNM_VARIANT_BIT(TNM_VARIANT_DW_PIXEL);
            if (dw_pixel_sure(p, q, in, out, has_scratch)) {
                *sure = 1;
                return v;
            }
        }
    }
    if (!(filter->h >= 2 * in->h && filter->w >= 2 * in->w)) v |= TNM_VARIANT_BIT(TNM_VARIANT_DW_PLANES);
    *sure = 1; /* the generic loop takes the rest */
    return v;
}
