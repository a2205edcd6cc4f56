/*
 * Kernel variants (tnm_variants.def): which fast paths a build compiles in, and which a
 * model needs.
 *
 * Build option TNM_VARIANT_SET: a 32-bit mask of TNM_VARIANT_BIT(TNM_VARIANT_x), every path
 * by default. `tinyml compile --emit-c` writes the set its models need
 * (TNM_FLASH_MODELS_VARIANT_SET); the firmware's CMake module passes it on, so a board links
 * only those paths. A blob that needs a path the build left out still runs bit-exactly
 * through the generic loop (always built); only slower.
 */
#ifndef TNM_VARIANTS_H
#define TNM_VARIANTS_H

#include <stdint.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
#define TNM_VARIANT(NAME, BIT, TEXT) TNM_VARIANT_##NAME = BIT,
#include "tnm/tnm_variants.def"
#undef TNM_VARIANT
    TNM_VARIANT_LIMIT = 32
};

#define TNM_VARIANT_BIT(v) ((uint32_t)1 << (v))
#define TNM_VARIANT_SET_ALL 0xFFFFFFFFu
#ifndef TNM_VARIANT_SET
#define TNM_VARIANT_SET TNM_VARIANT_SET_ALL
#endif
/* Path NAME is compiled in (a constant: the compiler drops the call and the path). */
#define TNM_VARIANT_BUILT(NAME) ((((uint32_t)(TNM_VARIANT_SET)) >> TNM_VARIANT_##NAME) & 1u)
/* At the point where a wrapper calls path NAME: TNM_VARIANT_BUILT, or in the variant tests
 * (TNM_VARIANT_PROBE defined as a function name) that function, which records the call and
 * says whether to take the path. */
#ifdef TNM_VARIANT_PROBE
int TNM_VARIANT_PROBE(int variant);
#define TNM_VARIANT_ON(NAME) (TNM_VARIANT_BUILT(NAME) && TNM_VARIANT_PROBE(TNM_VARIANT_##NAME))
#else
#define TNM_VARIANT_ON(NAME) TNM_VARIANT_BUILT(NAME)
#endif

/* Name of variant bit v ("DW_PLANES", ...), NULL when no variant has that bit. */
const char *tnm_variant_name(int32_t v);

/* The variants the model's layers can take on the Cortex-M DSP build (each layer's shape,
 * quantization, scratch and in-place mode, as the runtime calls the kernels): a superset of
 * the paths any call takes, so a build with exactly this set runs the model as fast as a
 * build with all of them. The blob is checked as tnm_model_check does. */
tnm_status tnm_model_variants(const uint8_t *blob, uint32_t blob_len, uint32_t *variants, tnm_error *err);

/* The variants one kernel call can take on the Cortex-M DSP build: CONV_2D (depthwise 0) or
 * DEPTHWISE_CONV_2D through the runtime's entry (tnm_conv_s8_unchecked & co.), or with rows
 * the row-ordered call (tnm_depthwise_conv_s8_rows); bias: the call's bias (NULL: none), whose
 * magnitude picks the convolution's requantization. *sure = 1 when the call is known to
 * finish in the paths reported; 0 when it may decline them (rows: the caller then runs
 * bands). */
/* The passes (FC_ROWS3, FC_ROWS2) and kept sums (FC_BLOCKED) one FULLY_CONNECTED call can take on the Cortex-M DSP build
 * (tnm_fully_connected_s8_unchecked; also the convolutions CONV_AS_FC sends there), for
 * weights on a 4-byte boundary (as the runtime places them); any batch count. */
uint32_t tnm_arm_dsp_fc_variants(const tnm_fc_params *p, const tnm_quant *q, int32_t quant_count,
                                 int32_t depth, int32_t output_depth, int has_bias);

uint32_t tnm_arm_dsp_conv_variants(int depthwise, int rows, const tnm_conv_params *p, const tnm_quant *q,
                                   const tnm_dims *in, const tnm_dims *filter, const tnm_dims *out,
                                   int has_scratch, const int32_t *bias, int *sure);

#ifdef __cplusplus
}
#endif

#endif
