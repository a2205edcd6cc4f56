/*
 * Kernel variants (tnm/tnm_variants.def): their names, and which of them a kernel call
 * can take on the Cortex-M DSP build. The query follows the wrappers' choices
 * (tnm_depthwise_conv_s8_arm_dsp.c, tnm_conv_s8_arm_dsp.c) from the outside, erring towards
 * more paths: a path is reported when the wrapper would call it, and the paths after it too
 * unless the query is sure the call succeeds there. test_kernel_variants checks on random
 * calls that every path a wrapper takes is reported (TNM_VARIANT_PROBE); the fully-connected
 * kernel's passes follow its plan (tnm_fully_connected_s8_arm_dsp.c, the shared helpers
 * tnm_opt_fc_* of tnm_kernels_opt.h). Host-side: no
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

uint32_t tnm_arm_dsp_fc_variants(const tnm_fc_params *p, const tnm_quant *q, int32_t quant_count,
                                 int32_t depth, int32_t output_depth, int has_bias)
{
    /* fc_fast: groups of at most TNM_FC_ROWS - 1 rows when the start values are not the bias,
     * a shift is outside the fast form or the depth takes several chunks */
    const int32_t s = tnm_opt_fc_step(depth);
    const int32_t chunks = (depth - 1) / TNM_FC_CHUNK + 1;
    const int32_t last_len = depth - (chunks - 1) * TNM_FC_CHUNK;
    int blocked = !has_bias || p->filter_offset != 0 || depth > TNM_FC_CHUNK;
    uint32_t v = 0;
    int32_t i, ph;
    if (depth <= 0 || output_depth <= 0) return 0;
    /* small calls row by row (FC_SMALL; a build without it runs the passes below) */
    if (tnm_opt_fc_small(depth, output_depth)) v |= TNM_VARIANT_BIT(TNM_VARIANT_FC_SMALL);
    for (i = 0; i < quant_count; ++i) blocked |= !tnm_opt_rq_fast_ok(q->shift[i]);
    if (blocked) v |= TNM_VARIANT_BIT(TNM_VARIANT_FC_BLOCKED);
    for (ph = 0; ph < s && ph < output_depth; ++ph) {
        const int32_t n_rows = (output_depth - ph + s - 1) / s;
        /* weights on a 4-byte boundary (as the runtime places them; otherwise no pass) */
        const int32_t n_safe = tnm_opt_fc_safe_rows(depth, output_depth, ph, s, last_len);
        const int32_t n_group = tnm_opt_fc_group_rows(n_safe, n_rows);
        int32_t g0, gn;
        for (g0 = 0; g0 < n_group; g0 += gn) {
            int32_t threes;
            gn = n_group - g0;
            if (blocked && gn > TNM_FC_ROWS - 1) gn = TNM_FC_ROWS - 1;
            threes = tnm_opt_fc_threes(gn, depth);
            if (threes > 0) v |= TNM_VARIANT_BIT(TNM_VARIANT_FC_ROWS3);
            if (gn > 3 * threes) v |= TNM_VARIANT_BIT(TNM_VARIANT_FC_ROWS2);
        }
        if (n_group < n_rows) v |= TNM_VARIANT_BIT(TNM_VARIANT_FC_ROWS2); /* the last rows */
    }
    return v;
}

/* The depthwise planes' parts the call may take (depthwise_fast): in the orientation it
 * picks (the longer output axis is the minor one; a row-ordered call may keep the rows), for 3 rows of taps of 2 words the 3-row
 * assembly (dw3_s1 / dw3_s2 by the minor axis's stride, dilation as stride 1; none with a
 * clamped activation range: the strips in C), else DWG (its weight preparation, and its
 * assembly for the doubled records: every call, erring towards more). */
static uint32_t dw_plane_paths(const tnm_conv_params *p, const tnm_dims *filter, int transposed)
{
    const int32_t ka = transposed ? filter->w : filter->h, kb = transposed ? filter->h : filter->w;
    const int32_t s = transposed ? p->stride_h : p->stride_w, d = transposed ? p->dilation_h : p->dilation_w;
    const int32_t s_eff = d > 1 ? 1 : s;
    const int32_t nw = s_eff == 1 ? (kb + 2) / 2 : (kb + 1) / 2;
    if (!(ka == 3 && nw == 2)) return TNM_VARIANT_BIT(TNM_VARIANT_DWG);
    if (p->act_min != -128 || p->act_max != 127) return 0u;
    return TNM_VARIANT_BIT(s_eff == 1 ? TNM_VARIANT_DW3_S1 : TNM_VARIANT_DW3_S2);
}

uint32_t tnm_arm_dsp_conv_variants(int depthwise, int rows, const tnm_conv_params *p, const tnm_quant *q,
                                   const tnm_dims *in, const tnm_dims *filter, const tnm_dims *out,
                                   int has_scratch, const int32_t *bias, int *sure)
{
    const int has_bias = bias != 0;
    /* a filter at least twice the image both ways goes to the generic loop */
    const int planes = !(filter->h >= 2 * in->h && filter->w >= 2 * in->w);
    *sure = 0;
    if (!depthwise) {
        int32_t batches, depth;
        uint32_t v = filter->c == in->c && has_scratch && has_bias ? TNM_VARIANT_BIT(TNM_VARIANT_CONV_IM2COL) : 0u;
        int32_t c;
        /* the fully-connected form when the data do not overlap (not known here: both),
         * with the kernel's passes (tnm_conv_fc_shape: no weight zero point, per-channel): a
         * call of 1-3 pixels, or the last 1-3 of a 1x1 stride-1 unpadded one over its image
         * from ~1,000 MACs (conv_run) */
        tnm_fc_params fc;
        const int32_t tail = (int32_t)(((int64_t)out->n * out->h * out->w) % 4);
        fc.filter_offset = 0;
        if (tnm_conv_fc_fits(p, in, filter, out, &batches, &depth)) {
            v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_AS_FC) |
                 tnm_arm_dsp_fc_variants(&fc, q, out->c, depth, out->c, has_bias);
        } else if (v != 0u && filter->h == 1 && filter->w == 1 && p->stride_h == 1 && p->stride_w == 1 &&
                   p->pad_h == 0 && p->pad_w == 0 && out->h == in->h && out->w == in->w && tail != 0 &&
                   (int64_t)tail * in->c * out->c >= 1024) {
            v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_AS_FC) |
                 tnm_arm_dsp_fc_variants(&fc, q, out->c, in->c, out->c, has_bias);
        }
        if (tnm_opt_conv_narrow_shape(p, in, filter, out)) {
            /* taken before the patches when the input is word aligned and every channel takes
             * the doubled requantization (not known here: both) */
            v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_NARROW);
        }
        if (has_scratch && tnm_opt_conv_lut_shape(in, filter, out)) {
            /* taken before the rest; a band of fewer pixels takes the others */
            v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_LUT);
        }
        if ((v & TNM_VARIANT_BIT(TNM_VARIANT_CONV_IM2COL)) != 0u && tnm_opt_conv_one_out_shape(p, in, filter, out)) {
            /* conv_run takes it before the patches, except in descending pixel order (not
             * known here: both reported) */
            v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_ONE_OUT);
        }
        if ((v & TNM_VARIANT_BIT(TNM_VARIANT_CONV_IM2COL)) != 0u && p->dilation_w == 1 &&
            tnm_opt_conv_padded_rows_call(in, filter, out)) {
            v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_PADDED_ROWS);
        }
        if ((v & TNM_VARIANT_BIT(TNM_VARIANT_CONV_IM2COL)) != 0u && tnm_opt_conv_w16_call(in, filter, out)) {
            v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_W16);
        }
        if ((v & TNM_VARIANT_BIT(TNM_VARIANT_CONV_IM2COL)) != 0u) {
            /* as conv_run: sums that may leave +-2^30 (|acc| <= |bias| + K * 255 * 128, the
             * doubled form's bound the largest power of two <= 2^30 - 1 - K * 32640), a
             * shift of -24 or below (the wide form: CONV_RQ_LONG), channels the block's two
             * requantization forms do not cover (CONV_RQ_C) */
            const int64_t lim = (1LL << 30) - 1 - (int64_t)filter->h * filter->w * filter->c * 32640;
            uint32_t bound = 1u << 29, mag = 0u;
            while (bound > lim && bound != 0u) bound >>= 1;
            for (c = 0; c < out->c; ++c) {
                mag |= (uint32_t)(bias[c] ^ (bias[c] >> 31));
                if (q->shift[c] > -2 || q->shift[c] < -31) v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_RQ_C);
                if (q->shift[c] < -23) v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_RQ_LONG);
            }
            if (!(bound != 0u && mag < bound)) v |= TNM_VARIANT_BIT(TNM_VARIANT_CONV_RQ_LONG);
        }
        *sure = 1;
        return v;
    }
    if (rows) { /* tnm_depthwise_conv_s8_arm_dsp_rows: 0 = the caller runs bands; whether the
                 * planes take the call depends on the data's placement: never sure. One output
                 * pixel over whole groups of 4 channels: the direct path (when built) */
        const uint32_t planes_rows = p->depth_multiplier == 1 && p->dilation_h == 1 && p->dilation_w == 1
                                         ? TNM_VARIANT_BIT(TNM_VARIANT_DW_PLANES) |
                                               dw_plane_paths(p, filter, out->h > out->w) |
                                               dw_plane_paths(p, filter, 0)
                                         : 0u;
        if (out->n == 1 && out->h == 1 && out->w == 1 && (out->c & 3) == 0 &&
            tnm_opt_dw_direct_shape(p->depth_multiplier, out))
            return TNM_VARIANT_BIT(TNM_VARIANT_DW_DIRECT) | planes_rows;
        return planes_rows;
    }
    *sure = 1; /* the generic loop takes what the planes do not */
    if (tnm_opt_dw_direct_shape(p->depth_multiplier, out)) return TNM_VARIANT_BIT(TNM_VARIANT_DW_DIRECT);
    if (has_scratch && tnm_opt_dw_padded_fits(p, in, filter, out)) return TNM_VARIANT_BIT(TNM_VARIANT_DW_PADDED);
    return planes ? TNM_VARIANT_BIT(TNM_VARIANT_DW_PLANES) | dw_plane_paths(p, filter, out->h > out->w) : 0u;
}
