/*
 * Shared pieces of the CONV_2D / DEPTHWISE_CONV_2D tests (kernel and runtime): the kernel
 * signatures the variant tables point at, element counts, random int8 data, TFLite's window
 * arithmetic, and a random layer's constants written into a blob (tnm_blob_builder.h).
 * Every random helper draws from the caller's generator in a fixed order, so a test keeps
 * its sequence for a given seed.
 */
#ifndef TNM_TEST_CONV_H
#define TNM_TEST_CONV_H

#include <stdint.h>

#include "tnm/tnm_kernels.h"
#include "tnm_blob_builder.h"
#include "tnm_test.h"

/* The signatures of tnm_conv_s8 / tnm_depthwise_conv_s8 and tnm_fully_connected_s8 (and of
 * their target variants). */
typedef tnm_status (*tnm_test_conv_fn)(const tnm_conv_params *, const tnm_quant *, const tnm_dims *,
                                       const int8_t *, const tnm_dims *, const int8_t *,
                                       const int32_t *, const tnm_dims *, int8_t *, void *);
typedef tnm_status (*tnm_test_fc_fn)(const tnm_fc_params *, const tnm_quant *, int32_t, int32_t,
                                     int32_t, int32_t, const int8_t *, const int8_t *,
                                     const int32_t *, int8_t *);

/* One random case of the variant tests: parameters, shapes, and whether it has a bias. */
typedef struct {
    tnm_conv_params p;
    tnm_dims in, filter, out;
    int has_bias;
} tnm_test_conv_case;

/* n * h * w * c */
int32_t tnm_test_count(const tnm_dims *d);

/* TFLite's output size and top/left padding for one axis (SAME when same, else VALID).
 * Returns 0 when the output would be empty. */
int tnm_test_window(int32_t in, int32_t filter, int32_t stride, int32_t dilation, int same,
                    int32_t *out, int32_t *pad);

/* A layer's geometry in cp (strides, dilations, depth multiplier, SAME or VALID padding) and
 * the output height and width it gives for the input in. Returns 0 when the output is empty. */
int tnm_test_conv_geometry(const tnm_dims *in, int32_t fh, int32_t fw, int32_t sh, int32_t sw,
                           int32_t dh, int32_t dw, int32_t dm, int same, tnm_conv_params *cp,
                           tnm_dims *out);

/* The rest of a random layer once its shapes are chosen (tnm_test_conv_geometry): cp's offsets from the zero points, a random
 * activation range, filter (fh x fw; out_c filters of in_c for CONV_2D, one of out_c for
 * DEPTHWISE_CONV_2D), random weights, and per output channel a multiplier in
 * [2^30, INT32_MAX], a shift in [-10, 1] and a bias in [-5000, 5000], the biases also as
 * little-endian bytes for the blob (4 * out_c). Returns the weight count. The arrays hold
 * out_c (at most 64) channels and the weights (at most 4096). */
int32_t tnm_test_conv_constants(tnm_rng *rng, int depthwise, int32_t zp_in, int32_t zp_out,
                                int32_t fh, int32_t fw, const tnm_dims *in, const tnm_dims *out,
                                tnm_conv_params *cp, tnm_dims *filter, int8_t *weights,
                                int32_t *multipliers, int8_t *shifts, int32_t *bias,
                                uint8_t *bias_bytes);

/* Adds the layer t_in -> t_out to b with cp's parameter words and its constants (bias_bytes
 * NULL: no bias). */
void tnm_test_bb_conv_layer(tnm_bb *b, int depthwise, uint32_t t_in, uint32_t t_out,
                            const tnm_conv_params *cp, const tnm_dims *filter,
                            const int8_t *weights, const uint8_t *bias_bytes,
                            const int32_t *multipliers, const int8_t *shifts, int32_t out_c);

#endif
