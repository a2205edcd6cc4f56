/*
 * TinyMl.Nano int8 kernels (portable C99 reference).
 *
 * Semantics are TensorFlow Lite's int8 reference kernels, bit for bit:
 * requantization is TFLite's default double rounding (saturating rounding doubling
 * high multiply, then rounding divide by a power of two). Layouts are NHWC.
 *
 * Style follows CMSIS-NN: dims and params structs, caller-owned scratch with a size
 * query (tnm_*_scratch_size; 0 means none), argument ranges in the comments. The
 * kernels make only cheap checks (null pointers, dims, the ranges below; O(channels)
 * at most, never per element) and return TNM_ERR_ARGUMENT when one fails; the
 * runtime (tnm_runtime.c) validates every argument it derives from a model before
 * calling, so it can name the field. Where TFLite's int32 arithmetic wraps
 * (accumulators, zero-point adds after huge shifts) the kernels wrap the same way,
 * without signed-overflow undefined behaviour.
 * Target-optimized variants live beside the reference and must be bit-exact with it.
 */
#ifndef TNM_KERNELS_H
#define TNM_KERNELS_H

#include <stdint.h>

#include "tnm_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tensor dims, NHWC. All >= 1, n * h * w * c <= INT32_MAX. */
typedef struct {
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} tnm_dims;

/* Per-channel (or per-tensor: count 1) requantization.
 * multiplier: Q31, normally in [2^30, 2^31) or 0 (any value >= 0 is accepted);
 * shift in [-31, 30] (> 0 = left). */
typedef struct {
    const int32_t *multiplier;
    const int8_t *shift;
} tnm_quant;

/* CONV_2D and DEPTHWISE_CONV_2D.
 * input_offset = -input zero point, in [-127, 128]; output_offset = output zero point,
 * in [-128, 127]; act_min <= act_max within [-128, 127]; stride, dilation >= 1;
 * padding >= 0 (TFLite SAME padding: computed by the compiler, the top/left part). */
typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t stride_h, stride_w;
    int32_t pad_h, pad_w;
    int32_t dilation_h, dilation_w;
    int32_t depth_multiplier; /* DEPTHWISE_CONV_2D only, >= 1 */
    int32_t act_min, act_max;
} tnm_conv_params;

/* filter dims: n = output channels, h/w = kernel, c = input channels (CONV_2D; a c
 * that divides the input channels is TFLite's grouped convolution); for
 * DEPTHWISE_CONV_2D n = 1 and c = output channels = input channels * depth_multiplier.
 * output n = input n. Filter taps that fall outside the input are skipped.
 * (output h - 1) * stride + (filter h - 1) * dilation <= INT32_MAX (same for w).
 * bias: int32[output channels] or NULL. quant has output-channels entries. */
int32_t tnm_conv_s8_scratch_size(const tnm_dims *input, const tnm_dims *filter,
                                 const tnm_dims *output);
/* Scratch bytes (caller-owned, 4-byte aligned, at least this many) that tnm_conv_s8 of
 * the variant this build compiles in uses; -1 when the shape is out of range. With
 * scratch NULL the kernels still compute the right output, on a slower path.
 * _max: the largest of every target's variant (pure arithmetic, the same in every
 * build): the compiler sizes target-independent arenas with it. */
int32_t tnm_conv_s8_scratch_size_max(const tnm_dims *input, const tnm_dims *filter,
                                     const tnm_dims *output);
tnm_status tnm_conv_s8(const tnm_conv_params *params, const tnm_quant *quant,
                       const tnm_dims *input, const int8_t *input_data,
                       const tnm_dims *filter, const int8_t *filter_data,
                       const int32_t *bias,
                       const tnm_dims *output, int8_t *output_data,
                       void *scratch);

int32_t tnm_depthwise_conv_s8_scratch_size(const tnm_dims *input, const tnm_dims *filter,
                                           const tnm_dims *output);
int32_t tnm_depthwise_conv_s8_scratch_size_max(const tnm_dims *input, const tnm_dims *filter,
                                               const tnm_dims *output);
tnm_status tnm_depthwise_conv_s8(const tnm_conv_params *params, const tnm_quant *quant,
                                 const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *filter, const int8_t *filter_data,
                                 const int32_t *bias,
                                 const tnm_dims *output, int8_t *output_data,
                                 void *scratch);

/* FULLY_CONNECTED. input is batches x accum_depth, output batches x output_depth,
 * weights output_depth x accum_depth (each product <= INT32_MAX). quant_count 1 (per
 * tensor) or output_depth (per channel). input_offset, filter_offset in [-127, 128],
 * output_offset in [-128, 127], act_min <= act_max within [-128, 127].
 * filter_offset = -weights zero point (0 for symmetric weights; TFLite's per-channel
 * path assumes 0, so pass 0 with quant_count == output_depth). bias may be NULL. */
typedef struct {
    int32_t input_offset;
    int32_t filter_offset;
    int32_t output_offset;
    int32_t act_min, act_max;
} tnm_fc_params;

tnm_status tnm_fully_connected_s8(const tnm_fc_params *params, const tnm_quant *quant,
                                  int32_t quant_count,
                                  int32_t batches, int32_t accum_depth, int32_t output_depth,
                                  const int8_t *input_data, const int8_t *filter_data,
                                  const int32_t *bias, int8_t *output_data);

/* AVERAGE_POOL_2D and MAX_POOL_2D (input and output share scale and zero point).
 * output n, c = input n, c; filter, stride >= 1; pad >= 0; act_min <= act_max within
 * [-128, 127]. Windows are clipped to the input. The average rounds half away from
 * zero over the taps inside the input; like TFLite, tnm_avgpool_s8 fails
 * (TNM_ERR_ARGUMENT) when some window lies entirely in the padding, and when a window
 * can hold more than 2^23 taps. An empty max-pool window gives act_min. */
typedef struct {
    int32_t stride_h, stride_w;
    int32_t pad_h, pad_w;
    int32_t filter_h, filter_w;
    int32_t act_min, act_max;
} tnm_pool_params;

tnm_status tnm_avgpool_s8(const tnm_pool_params *params,
                          const tnm_dims *input, const int8_t *input_data,
                          const tnm_dims *output, int8_t *output_data);
tnm_status tnm_maxpool_s8(const tnm_pool_params *params,
                          const tnm_dims *input, const int8_t *input_data,
                          const tnm_dims *output, int8_t *output_data);

/* SOFTMAX over the innermost dimension (depth), rows = elements / depth.
 * input_multiplier/input_left_shift/diff_min as TFLite's PreprocessSoftmaxScaling
 * with 5 integer bits computes them (input_multiplier >= 0, input_left_shift in
 * [0, 31], diff_min <= 0). Output scale 1/256, zero point -128.
 * Returns TNM_ERR_ARGUMENT when a row's sum of exponentials reaches 2^28 (TFLite
 * stops on a check there); that needs depth >= 512. */
typedef struct {
    int32_t input_multiplier;
    int32_t input_left_shift;
    int32_t diff_min;
} tnm_softmax_params;

tnm_status tnm_softmax_s8(const tnm_softmax_params *params, int32_t rows, int32_t depth,
                          const int8_t *input_data, int8_t *output_data);

/* ADD and MUL with rescaling. Shapes broadcast in up to 4 dims: each input dim is
 * either equal to the output dim or 1.
 * ADD: left_shift in [0, 30] (20 for int8); the three multipliers >= 0 with shifts in
 * [-31, 0] (TFLite's QuantizeMultiplierSmallerThanOneExp).
 * MUL: uses only the offsets, output_multiplier (>= 0) and output_shift ([-31, 30]). */
typedef struct {
    int32_t input1_offset, input2_offset; /* -zero points, [-127, 128] */
    int32_t output_offset;                /* zero point, [-128, 127] */
    int32_t left_shift;                   /* ADD: 20 for int8; unused by MUL */
    int32_t input1_multiplier, input1_shift;
    int32_t input2_multiplier, input2_shift;
    int32_t output_multiplier, output_shift;
    int32_t act_min, act_max;
} tnm_arith_params;

tnm_status tnm_add_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data);
tnm_status tnm_mul_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data);

/* QUANTIZE and DEQUANTIZE. count >= 0; scale finite and > 0; zero points in
 * [-128, 127]; requantize multiplier >= 0, shift in [-31, 30].
 * tnm_quantize_f32_s8 rounds input / scale (a float division, as TFLite) half away
 * from zero, adds the zero point and saturates; NaN gives the zero point. Beyond the
 * int32 range, where TFLite's cast is undefined, it saturates. */
tnm_status tnm_quantize_f32_s8(int32_t count, const float *input, float scale,
                               int32_t zero_point, int8_t *output);
tnm_status tnm_requantize_s8(int32_t count, const int8_t *input, int32_t input_zero_point,
                             int32_t multiplier, int32_t shift, int32_t output_zero_point,
                             int8_t *output);
tnm_status tnm_dequantize_s8_f32(int32_t count, const int8_t *input, float scale,
                                 int32_t zero_point, float *output);

/* TFLite fixed-point helpers, exposed for the front ends and the tests. */
/* round(a * b / 2^31), ties toward +infinity; INT32_MIN * INT32_MIN -> INT32_MAX. */
int32_t tnm_saturating_rounding_doubling_high_mul(int32_t a, int32_t b);
/* round(x / 2^exponent), ties away from zero; exponent clamped to [0, 31]. */
int32_t tnm_rounding_divide_by_pot(int32_t x, int32_t exponent);
/* MultiplyByQuantizedMultiplier: x * multiplier * 2^shift with TFLite's double rounding
 * (shift clamped to [-31, 30]; a left shift wraps as TFLite's x * (1 << shift)). */
int32_t tnm_requantize(int32_t x, int32_t multiplier, int32_t shift);

#ifdef __cplusplus
}
#endif
#endif
