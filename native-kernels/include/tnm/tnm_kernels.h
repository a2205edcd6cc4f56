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
 * runtime (src/runtime/tnm_model.c for the layer, the operator's module in src/ops for
 * its parameters) validates every argument it derives from a model before calling, so
 * it can name the field. Where TFLite's int32 arithmetic wraps
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

/* DEPTHWISE_CONV_2D in row order, for output placed over its input (TNM_LAYER_IN_PLACE):
 * output rows first to last, or last to first with descending != 0. Returns 1 when it ran
 * the whole call (the bytes of tnm_depthwise_conv_s8), 0 when this build has no such path
 * for the shape and placement or the arguments are invalid (nothing written). When it
 * runs, every output byte of row oy, channel c is written after every input byte of
 * channel c that output row oy and the rows before it (in the call's order) read has been
 * read, input channel c is read only for output channel c (depth multiplier 1), and no
 * input byte is read after an output byte was written over it. So it is safe in place when
 * input - output is a multiple of the channel count and no output row's bytes overlap
 * input rows after the last one it reads (in order; descending: before the first): a
 * path that would read such rows again declines the placement. Same scratch as
 * tnm_depthwise_conv_s8 on the whole shape. */
int tnm_depthwise_conv_s8_rows(const tnm_conv_params *params, const tnm_quant *quant,
                               const tnm_dims *input, const int8_t *input_data,
                               const tnm_dims *filter, const int8_t *filter_data,
                               const int32_t *bias,
                               const tnm_dims *output, int8_t *output_data,
                               void *scratch, int descending);

/* CONV_2D 1x1, stride 1, unpadded, output as large as the input (h, w; batch 1), in pixel
 * order, for output placed over its input (TNM_LAYER_IN_PLACE_PIXELS): pixels first to
 * last, or last to first with descending != 0. Returns 1 when it ran the whole call (the
 * bytes of tnm_conv_s8), 0 when this build has no such path for the call (a shape, order
 * or quantization its blocks do not take, no scratch or bias) or the arguments are invalid
 * (nothing written). When it runs, the output of pixel p is written after the input of
 * pixel p and of the pixels before it (in the call's order) has been read, and no input
 * byte is read after an output byte was written over it: safe in place when no output
 * pixel's bytes overlap input pixels after it (descending: before it). Same scratch as
 * tnm_conv_s8. */
int tnm_conv_s8_pixels(const tnm_conv_params *params, const tnm_quant *quant,
                       const tnm_dims *input, const int8_t *input_data,
                       const tnm_dims *filter, const int8_t *filter_data,
                       const int32_t *bias,
                       const tnm_dims *output, int8_t *output_data,
                       void *scratch, int descending);

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
/* MAX_POOL_2D over int16 (TFLM's int16 MaxPool): the same window, an empty window gives
 * -32768, act_min <= act_max in the int16 range. */
tnm_status tnm_maxpool_s16(const tnm_pool_params *params, const tnm_dims *input, const int16_t *input_data,
                           const tnm_dims *output, int16_t *output_data);
/* AVERAGE_POOL_2D over int16 (TFLM's int16 AveragePool): int32 window sums (at most 2^16 taps),
 * rounded half away from zero; a window wholly in the padding is TNM_ERR_ARGUMENT (TFLite fails). */
tnm_status tnm_avgpool_s16(const tnm_pool_params *params, const tnm_dims *input, const int16_t *input_data,
                           const tnm_dims *output, int16_t *output_data);

/* CONV_2D over int16 activations with int8 weights (TFLite's 16x8 quantization; TFLM's
 * reference_integer_ops::ConvPerChannel for int16): input [n, h, w, c] int16 and output int16
 * with zero point 0, filter [out_c, fh, fw, c / groups] int8 (grouped when the filter has fewer
 * channels than the input), bias int32 (NULL: none), one multiplier and shift per output channel.
 * wide = 1: the sums in int64 and TFLite's 64-bit requantization (the model's bias was int64, or
 * it has none): shifts in [-31, 7]; wide = 0: the sums in int32 as TFLM's int32-bias path (they
 * wrap as there) and the 32-bit requantization: shifts in [-31, 30]. act_min <= act_max in the
 * int16 range. Window geometry as tnm_conv_params; fh * fw * (c / groups) at most 2^24.
 * scratch: tnm_conv_16x8_scratch_size bytes, 4-byte aligned (NULL: the loops without it; the
 * same outputs). The size query: bytes (0 = none: grouped filters, or windows over 2048
 * values), -1 for bad dims. */
typedef struct {
    int32_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
    int32_t act_min, act_max;
    int32_t wide;
} tnm_conv_16x8_params;

tnm_status tnm_conv_16x8(const tnm_conv_16x8_params *params, const tnm_quant *quant,
                         const tnm_dims *input, const int16_t *input_data,
                         const tnm_dims *filter, const int8_t *filter_data, const int32_t *bias,
                         const tnm_dims *output, int16_t *output_data, void *scratch);
int32_t tnm_conv_16x8_scratch_size(const tnm_dims *input, const tnm_dims *filter);

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
/* The same with an int16 output (scale 1/65536, zero point -32768), as TFLM's int8 -> int16
 * softmax; no sum limit. */
tnm_status tnm_softmax_s8_s16(const tnm_softmax_params *params, int32_t rows, int32_t depth,
                              const int8_t *input_data, int16_t *output_data);

/* SOFTMAX int16 -> int16 (TFLM's SoftmaxInt16: input and output zero points 0, output 1/32768):
 * each difference from the row maximum scaled by input_multiplier / input_shift (any shift in
 * [-31, 30]) onto [-65535, 0] = [-10, 0], exp() and 1 / (1 + x) by TFLite's interpolated 513-entry
 * tables (exp_lut, one_over_one_plus_x_lut: LUTPopulate<int16_t>'s, made by the compiler). depth
 * at most 65,536 (the int32 sum of exps stays exact). */
typedef struct {
    int32_t input_multiplier;
    int32_t input_shift;
} tnm_softmax_s16_params;

tnm_status tnm_softmax_s16(const tnm_softmax_s16_params *params, int32_t rows, int32_t depth,
                           const int16_t *input_data, const int16_t *exp_lut,
                           const int16_t *one_over_one_plus_x_lut, int16_t *output_data);

/* LOG_SOFTMAX over the innermost dimension (depth), rows = elements / depth, int8 -> int8 with
 * output scale 16/256 and zero point 127 (TFLM log_softmax.cc). The parameters are TFLite's
 * PreprocessLogSoftmaxScalingExp with beta 1 and 5 integer bits: input_multiplier >= 0 with
 * input_left_shift in [0, 31], reverse_scaling_divisor >= 0 with reverse_scaling_left_shift in
 * [-31, 0] (the negated right shift TFLM keeps), diff_min <= 0 (-CalculateInputRadius).
 * Returns TNM_ERR_ARGUMENT when a row's sum of exponentials in Q12 passes INT32_MAX (TFLM's
 * int32 sum overflows there: only rows of 4,096 values or more, most of them at the row's
 * maximum). */
typedef struct {
    int32_t input_multiplier;
    int32_t input_left_shift;
    int32_t reverse_scaling_divisor;
    int32_t reverse_scaling_left_shift;
    int32_t diff_min;
} tnm_log_softmax_params;

tnm_status tnm_log_softmax_s8(const tnm_log_softmax_params *params, int32_t rows, int32_t depth,
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
/* ADD and SUB with int16 inputs and output (TFLM's int16 paths): the same arithmetic with
 * left_shift 15 (at most 15), offsets in [-32767, 32767], output offset and activation range
 * in int16, shifts <= 0. Broadcast as tnm_add_s8. */
tnm_status tnm_add_s16(const tnm_arith_params *params, const tnm_dims *input1, const int16_t *input1_data,
                       const tnm_dims *input2, const int16_t *input2_data, const tnm_dims *output,
                       int16_t *output_data);
tnm_status tnm_sub_s16(const tnm_arith_params *params, const tnm_dims *input1, const int16_t *input1_data,
                       const tnm_dims *input2, const int16_t *input2_data, const tnm_dims *output,
                       int16_t *output_data);
/* MUL over int16 (TFLM's int16 Mul: (in1 + offset1) * (in2 + offset2) scaled by the output
 * multiplier, shift in [-31, 30], plus the output offset, clamped; left_shift and the input
 * multipliers unused, 0). */
tnm_status tnm_mul_s16(const tnm_arith_params *params, const tnm_dims *input1, const int16_t *input1_data,
                       const tnm_dims *input2, const int16_t *input2_data, const tnm_dims *output,
                       int16_t *output_data);
/* SQUARED_DIFFERENCE, int8 and int16 (TFLM squared_difference.cc): both inputs shifted up by
 * left_shift (TFLM: 7 for int8, 0 for int16; at most 15) and scaled as ADD's (input shifts
 * <= 0), their difference squared, then MultiplyByQuantizedMultiplier(output_multiplier,
 * output_shift in [-31, 30]) plus output_offset, clamped to [act_min, act_max] (TFLM: the
 * type's range). Offsets and ranges as tnm_add_s8 (int8) or tnm_add_s16 (int16). Broadcast as
 * tnm_add_s8. */
tnm_status tnm_squared_difference_s8(const tnm_arith_params *params, const tnm_dims *input1,
                                     const int8_t *input1_data, const tnm_dims *input2, const int8_t *input2_data,
                                     const tnm_dims *output, int8_t *output_data);
tnm_status tnm_squared_difference_s16(const tnm_arith_params *params, const tnm_dims *input1,
                                      const int16_t *input1_data, const tnm_dims *input2,
                                      const int16_t *input2_data, const tnm_dims *output, int16_t *output_data);

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
/* DEQUANTIZE's other TFLM input types (dequantize.cc: int8, int16, uint8 -> float32), the same
 * scale * (q - zero point): zero points inside the type's range (int16: -32768..32767, uint8:
 * 0..255). (q - zp) has at most 17 bits, so the float product rounds as TFLM's double one. */
tnm_status tnm_dequantize_s16_f32(int32_t count, const int16_t *input, float scale,
                                  int32_t zero_point, float *output);
tnm_status tnm_dequantize_u8_f32(int32_t count, const uint8_t *input, float scale,
                                 int32_t zero_point, float *output);

/* TFLite fixed-point helpers, exposed for the front ends and the tests. */
/* round(a * b / 2^31), ties toward +infinity; INT32_MIN * INT32_MIN -> INT32_MAX. */
int32_t tnm_saturating_rounding_doubling_high_mul(int32_t a, int32_t b);
/* round(x / 2^exponent), ties away from zero; exponent clamped to [0, 31]. */
int32_t tnm_rounding_divide_by_pot(int32_t x, int32_t exponent);
/* MultiplyByQuantizedMultiplier: x * multiplier * 2^shift with TFLite's double rounding
 * (shift clamped to [-31, 30]; a left shift wraps as TFLite's x * (1 << shift)). */
int32_t tnm_requantize(int32_t x, int32_t multiplier, int32_t shift);

/* ==== Data movement, reductions, TRANSPOSE_CONV (PAD, PADV2, TRANSPOSE,
 * RESIZE_NEAREST_NEIGHBOR, MEAN, SUM, TRANSPOSE_CONV). Begin. ====
 * N-D tensors: row-major, outermost dim first, dims[0 .. rank-1] >= 1, element count
 * <= INT32_MAX; dims beyond rank are ignored. Input and output buffers must not
 * overlap. TFLite's negative axes, duplicate axes and SAME/VALID padding are resolved
 * by the offline compiler; each declaration below says which values it computes
 * from the model ("Compiler:"). */
#define TNM_ND_MAX_RANK 6
/* TFLite Micro's limits (and these kernels'): PAD/PADV2 and TRANSPOSE 1..5-D; MEAN/SUM
 * go to TNM_ND_MAX_RANK. */
#define TNM_PAD_MAX_RANK 5
#define TNM_TRANSPOSE_MAX_RANK 5
typedef struct {
    int32_t rank; /* 1 .. TNM_ND_MAX_RANK */
    int32_t dims[TNM_ND_MAX_RANK];
} tnm_nd_dims;

/* PAD and PADV2 (TFLite reference_ops::Pad), int8, rank 1..TNM_PAD_MAX_RANK (5).
 * output->dims[i] = input->dims[i] + before[i] + after[i] for i < rank (same rank);
 * before, after >= 0; pad_value in [-128, 127].
 * Compiler: before[i] / after[i] = paddings[i][0] / paddings[i][1] (the constant
 * paddings tensor, int32 [rank, 2]); pad_value = the output zero point for PAD (TFLM
 * pads int8 with it), the int8 value of the constant_values tensor for PADV2 (TFLM
 * requires its scale and zero point to equal the output's). Input values are copied
 * unchanged, as in TFLM, even if the input and output quantization differ. */
typedef struct {
    int32_t before[TNM_ND_MAX_RANK];
    int32_t after[TNM_ND_MAX_RANK];
    int32_t pad_value;
} tnm_pad_params;

tnm_status tnm_pad_s8(const tnm_pad_params *params,
                      const tnm_nd_dims *input, const int8_t *input_data,
                      const tnm_nd_dims *output, int8_t *output_data);
/* The same over int16 elements (TFLM's int16 PAD, PADV2): pad_value in [-32768, 32767]. */
tnm_status tnm_pad_s16(const tnm_pad_params *params,
                       const tnm_nd_dims *input, const int16_t *input_data,
                       const tnm_nd_dims *output, int16_t *output_data);

/* MIRROR_PAD, int8, rank 1..6 (TFLM mirror_pad.cc): before/after of params per axis
 * (pad_value unused), REFLECT (symmetric 0: the edge element is not repeated, pads <= n - 1)
 * or SYMMETRIC (1: it is, pads <= n). Output dims = input dims + before + after. Elements are
 * copied (input and output share the quantization). No scratch. */
tnm_status tnm_mirror_pad_s8(int32_t symmetric, const tnm_pad_params *params, const tnm_nd_dims *input,
                             const int8_t *input_data, const tnm_nd_dims *output, int8_t *output_data);

/* L2_NORMALIZATION, int8 (TFLite reference_integer_ops::L2Normalization): outer rows of depth
 * values (the last axis); each value v - input_zero_point times 1/sqrt(the row's sum of
 * squares) (GetInvSqrtQuantizedMultiplierExp, 0 and 1 taken as 1), output in 1/128 with zero
 * point 0, clamped to int8. depth <= TNM_L2NORM_MAX_DEPTH keeps the int32 sum exact (TFLM's
 * accumulator would overflow beyond 33,025 values). No scratch. */
#define TNM_L2NORM_MAX_DEPTH 32768
tnm_status tnm_l2_normalization_s8(int32_t input_zero_point, int32_t outer, int32_t depth,
                                   const int8_t *input, int8_t *output);

/* ABS, int8 and int16 (TFLM elementwise.cc AbsEvalQuantized), count values in a row:
 * |x - input_zero_point|, requantized by multiplier (>= 0) / shift ([-31, 30]) when rescale is
 * 1 (TFLM: the input and output scales differ; 0 when they are equal, whatever the zero
 * points), plus output_zero_point, clamped to the type. Zero points in the type (TFLM: 0 for
 * int16). Input and output may be the same buffer. */
typedef struct {
    int32_t input_zero_point, output_zero_point;
    int32_t rescale; /* 0 or 1 */
    int32_t multiplier, shift;
} tnm_abs_params;

tnm_status tnm_abs_s8(const tnm_abs_params *params, int32_t count, const int8_t *input, int8_t *output);
tnm_status tnm_abs_s16(const tnm_abs_params *params, int32_t count, const int16_t *input, int16_t *output);

/* RSQRT, int8 (TFLM elementwise.cc RsqrtEvalQuantized): v = x - input_zero_point; v = 0 gives
 * 127; otherwise 1/sqrt(v) (GetInvSqrtQuantizedMultiplierExp) with 20 fraction bits, then
 * MultiplyByQuantizedMultiplier(multiplier >= 0, shift - 20) plus output_zero_point, clamped.
 * multiplier/shift are QuantizeMultiplier(1 / (sqrt(input scale) * output scale)); shift in
 * [TNM_RSQRT_MIN_SHIFT, TNM_RSQRT_MAX_SHIFT] keeps shift - 20 in [-31, 30], the shifts TFLM's
 * MultiplyByQuantizedMultiplier takes (beyond 10 the left shift of a value up to 2^20 wraps in
 * int32, as TFLM's does). Every x must be >= input_zero_point (TFLM: "Rsqrt is only defined for
 * positive values"): checked first, TNM_ERR_ARGUMENT and nothing written otherwise
 * (tnm_rsqrt_first_negative names the element). Input and output may be the same buffer. */
#define TNM_RSQRT_MIN_SHIFT (-11)
#define TNM_RSQRT_MAX_SHIFT 50
typedef struct {
    int32_t input_zero_point, output_zero_point;
    int32_t multiplier, shift;
} tnm_rsqrt_params;

tnm_status tnm_rsqrt_s8(const tnm_rsqrt_params *params, int32_t count, const int8_t *input, int8_t *output);

/* ADD_N int8 (TFLM add_n.cc): count elements of n_inputs (>= 1) int8 inputs of one scale and zero
 * point summed: input_offset = -zero point ([-127, 128]), output_offset = the output zero point;
 * input_multiplier/input_shift from 0.5 and output_multiplier/output_shift from
 * 2 s_in / (2^20 s_out) (TFLite's QuantizeMultiplierSmallerThanOneExp: shifts in [-31, 0]);
 * values are (x + input_offset) << 20 scaled, summed (from the scaled input_offset itself, as
 * TFLM), rescaled, clamped to int8. */
typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t input_multiplier;
    int32_t input_shift;
    int32_t output_multiplier;
    int32_t output_shift;
} tnm_add_n_params;

tnm_status tnm_add_n_s8(int32_t count, int32_t n_inputs, const int8_t *const *inputs, const tnm_add_n_params *params,
                        int8_t *output);
/* float32 ADD_N (TFLM's AddN<float>): the inputs summed in order from 0.0f, single precision. */
tnm_status tnm_add_n_f32(int32_t count, int32_t n_inputs, const float *const *inputs, float *output);

/* CUMSUM int8 (TFLM cumsum.cc): running sums along the middle axis of [before, depth, after]
 * (dims >= 1), forward or (reverse != 0) backward, inclusive or (exclusive != 0) not; the
 * arithmetic and parameters of tnm_add_n_s8 (one input scale and zero point), each line's sum
 * starting from the scaled input offset as TFLM's. Input and output may be the same bytes. */
tnm_status tnm_cumsum_s8(int32_t before, int32_t depth, int32_t after, int exclusive, int reverse,
                         const tnm_add_n_params *params, const int8_t *input, int8_t *output);
/* float32 CUMSUM (TFLM's CumSum<float>): the same running sums from 0.0f, single precision. */
tnm_status tnm_cumsum_f32(int32_t before, int32_t depth, int32_t after, int exclusive, int reverse, const float *input,
                          float *output);
/* The index of the first input below input_zero_point, or -1. */
int32_t tnm_rsqrt_first_negative(const tnm_rsqrt_params *params, int32_t count, const int8_t *input);

/* TRANSPOSE (TFLite reference_ops::Transpose), any element type: element_size 1
 * (int8, uint8, bool), 2, 4 (int32, float) or 8 bytes; rank 1..TNM_TRANSPOSE_MAX_RANK (5).
 * Output axis i is input axis perm[i]: perm[0 .. rank-1] is a permutation of
 * 0 .. rank-1, output->rank = input->rank, output->dims[i] = input->dims[perm[i]].
 * Elements are copied byte for byte (any alignment).
 * Compiler: perm = the constant perm tensor (int32 [rank]), negative entries are not
 * allowed (TFLM refuses them too). */
typedef struct {
    int32_t perm[TNM_ND_MAX_RANK];
} tnm_transpose_params;

tnm_status tnm_transpose(const tnm_transpose_params *params, int32_t element_size,
                         const tnm_nd_dims *input, const void *input_data,
                         const tnm_nd_dims *output, void *output_data);

/* RESIZE_NEAREST_NEIGHBOR (TFLite reference_ops::ResizeNearestNeighbor), int8, NHWC.
 * output n, c = input n, c; output h, w >= 1 (any, up or down). align_corners and
 * half_pixel_centers are 0 or 1 (both 1 is accepted and computed as TFLM does).
 * The source index is TFLM's float formula, in single precision like TFLM:
 * scale = (align_corners && out > 1) ? (in - 1) / (float)(out - 1) : in / (float)out;
 * v = (out_index + (half_pixel_centers ? 0.5f : 0)) * scale; index = align_corners ?
 * round(v) (half away from zero) : floor(v); then min(index, in - 1), and max(index, 0)
 * with half_pixel_centers. Input and output share scale and zero point.
 * Compiler: output h, w = the constant size tensor (int32 [2]); the two flags from
 * ResizeNearestNeighborOptions. */
typedef struct {
    int32_t align_corners;
    int32_t half_pixel_centers;
} tnm_resize_params;

tnm_status tnm_resize_nearest_s8(const tnm_resize_params *params,
                                 const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *output, int8_t *output_data);

/* RESIZE_BILINEAR, int8 NHWC (TFLite reference_ops::ResizeBilinearInteger, no float):
 * per axis scale_10 = round(1024 * in / out) (align_corners, out > 1: 1024 * (in - 1) /
 * (out - 1)); source position p = i * scale_10 (half_pixel_centers: + scale_10 / 2 - 512),
 * neighbours lo = max(p / 1024, 0) (truncating), hi = min((p + 1023) / 1024, in - 1), weight
 * of hi f = p - 1024 * lo; out = the four neighbours weighted by products of (1024 - f, f),
 * / 2^20 rounded half away from zero. align_corners and half_pixel_centers 0 or 1, not both
 * (TFLM refuses it). Output n, c = input n, c; sizes below 2^20. Input and output share scale
 * and zero point. No scratch. */
tnm_status tnm_resize_bilinear_s8(const tnm_resize_params *params, const tnm_dims *input,
                                  const int8_t *input_data, const tnm_dims *output, int8_t *output_data);

/* MEAN and SUM over a set of axes, int8 (TFLM reduce.cc: reference_ops::
 * QuantizedMeanOrSum). Bit axis_mask >> i & 1 set = axis i (0 .. rank-1) is reduced;
 * mask 0 reduces nothing (each output = its input, requantized). output_count must be
 * the product of the kept dims (keep_dims changes only the output's shape, not its
 * bytes). For each output: sum = the wrapped int32 sum of its n input values,
 * v = sum - input_zero_point * n (mod 2^32), out = clamp(MultiplyByQuantizedMultiplier(
 * v, m, s) + output_zero_point, -128, 127), where SUM uses (multiplier, shift) and MEAN
 * folds 1/n into them as TFLM does at run time: k = min(floor(log2 n), 31 + shift),
 * m = (multiplier * 2^k) / n (truncated), s = shift - k. TFLM's int8 MEAN always takes
 * this general path (its special 4-D path over axes 1 and 2 is float only).
 * Zero points in [-128, 127]; multiplier >= 0; shift in [-31, 30]. No scratch.
 * Compiler: (multiplier, shift) = QuantizeMultiplier(input scale / output scale) (in
 * double, as TFLM's Prepare; for both MEAN and SUM); axis_mask from the constant axis
 * tensor, negative axes + rank, duplicates merged. */
typedef struct {
    int32_t axis_mask;
    int32_t input_zero_point;
    int32_t output_zero_point;
    int32_t multiplier;
    int32_t shift;
} tnm_reduce_params;

tnm_status tnm_mean_s8(const tnm_reduce_params *params,
                       const tnm_nd_dims *input, const int8_t *input_data,
                       int32_t output_count, int8_t *output_data);
tnm_status tnm_sum_s8(const tnm_reduce_params *params,
                      const tnm_nd_dims *input, const int8_t *input_data,
                      int32_t output_count, int8_t *output_data);
/* The same over int16 (zero points in the int16 range, outputs clamped to it). */
tnm_status tnm_mean_s16(const tnm_reduce_params *params, const tnm_nd_dims *input, const int16_t *input_data,
                        int32_t output_count, int16_t *output_data);
tnm_status tnm_sum_s16(const tnm_reduce_params *params, const tnm_nd_dims *input, const int16_t *input_data,
                       int32_t output_count, int16_t *output_data);

/* REDUCE_MAX and REDUCE_MIN over a set of axes, int8 (TFLM reduce.cc, EvalMax/EvalMin:
 * reference_ops::ReduceGeneric on the raw bytes; input and output share scale and zero
 * point, so no requantization). axis_mask as MEAN's; mask 0 copies the input. Each output
 * is the largest (smallest) of its input values. output_count must be the product of the
 * kept dims. No scratch. */
tnm_status tnm_reduce_max_s8(int32_t axis_mask, const tnm_nd_dims *input, const int8_t *input_data,
                             int32_t output_count, int8_t *output_data);
tnm_status tnm_reduce_min_s8(int32_t axis_mask, const tnm_nd_dims *input, const int8_t *input_data,
                             int32_t output_count, int8_t *output_data);

/* ARG_MAX and ARG_MIN along one axis, int8 in, int32 indices out (TFLM arg_min_max.cc,
 * reference_ops::ArgMinMax): output (o, k) = the index i along `axis` (0 .. rank-1) of the
 * largest (smallest) input (o, i, k); the first such i on a tie. output_count must be the
 * product of the other dims. No scratch. */
tnm_status tnm_arg_max_s8(int32_t axis, const tnm_nd_dims *input, const int8_t *input_data,
                          int32_t output_count, int32_t *output_data);
tnm_status tnm_arg_min_s8(int32_t axis, const tnm_nd_dims *input, const int8_t *input_data,
                          int32_t output_count, int32_t *output_data);

/* TRANSPOSE_CONV, int8 with per-channel quantization (TFLite
 * reference_integer_ops::TransposeConv). Input NHWC; filter dims n = output channels,
 * h, w = kernel, c = input channels; output n = input n, output c = filter n.
 * Input pixel (y, x) adds (input + input_offset) * filter[oc][fy][fx][ic] to output
 * pixel (y * stride_h - pad_h + fy, x * stride_w - pad_w + fx) when that is inside
 * the output; the int32 sums wrap as TFLM's do; then bias (int32[output channels] or
 * NULL) is added (wrapping), requantized per channel (quant: output-channels entries),
 * the output offset added, clamped to [act_min, act_max].
 * input_offset in [-127, 128]; output_offset in [-128, 127]; stride >= 1; pad >= 0;
 * act_min <= act_max within [-128, 127]; the filter zero point is 0 (TFLM ignores it).
 * output h + pad_h <= INT32_MAX and filter h + stride_h <= INT32_MAX (same for w).
 * The portable kernel gathers the taps of each output pixel (same wrapped sums as
 * TFLM's scatter into an int32 buffer, in any order), so it needs no scratch:
 * tnm_transpose_conv_s8_scratch_size returns the bytes a variant needs (0 here) and
 * scratch may be NULL when it is 0.
 * Compiler (TFLM's Prepare): TFLite inputs are 0 = output shape (const; TFLM uses the
 * output tensor's dims), 1 = filter, 2 = input, 3 = bias (optional).
 * input_offset = -input zero point, output_offset = output zero point;
 * per channel oc: QuantizeMultiplier(input scale * filter scale[oc] / output scale)
 * (double; a per-tensor filter scale applies to every channel); act_min/act_max from
 * the fused activation and the output quantization (as CONV_2D); padding as TFLite's
 * ComputePaddingHeightWidth with the OUTPUT size as the image size: SAME:
 * out' = ceil(out_h / stride_h), VALID: out' = (out_h - filter_h) / stride_h + 1,
 * pad_h = max(((out' - 1) * stride_h + filter_h - out_h) / 2, 0) (same for w). */
typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t stride_h, stride_w;
    int32_t pad_h, pad_w;
    int32_t act_min, act_max;
} tnm_transpose_conv_params;

int32_t tnm_transpose_conv_s8_scratch_size(const tnm_dims *input, const tnm_dims *filter,
                                           const tnm_dims *output);
tnm_status tnm_transpose_conv_s8(const tnm_transpose_conv_params *params,
                                 const tnm_quant *quant,
                                 const tnm_dims *input, const int8_t *input_data,
                                 const tnm_dims *filter, const int8_t *filter_data,
                                 const int32_t *bias,
                                 const tnm_dims *output, int8_t *output_data,
                                 void *scratch);
/* The same over int16 activations with int8 weights (16x8, TFLM's int16 TransposeConv): int16
 * in and out with zero points 0 (offsets 0), int64 sums (the filter window times the input
 * channels at most 2^24), TFLite's 64-bit requantization (shifts in [-31, 7]), act_min <= act_max
 * in the int16 range; bias int32 (the model's int16 or int64 values) or NULL. No scratch. */
tnm_status tnm_transpose_conv_16x8(const tnm_transpose_conv_params *params, const tnm_quant *quant,
                                   const tnm_dims *input, const int16_t *input_data,
                                   const tnm_dims *filter, const int8_t *filter_data, const int32_t *bias,
                                   const tnm_dims *output, int16_t *output_data);

/* ==== Data movement, reductions, TRANSPOSE_CONV. End. ==== */

/* ==== Activations and element-wise operators, operators v2 (helper prepb) ==== */

/* LOGISTIC and TANH, int8 -> int8, elementwise over count (>= 0) values.
 * LOGISTIC output: scale 1/256, zero point -128; TANH output: scale 1/128, zero
 * point 0 (TFLM's int8 kernels assume these; the compiler must check them).
 * Parameters, as TFLM's Prepare computes them from the input scale s and zero point:
 *   input_zero_point   = input zero point, [-128, 127]
 *   (q, e) = frexp(s * 2^27)  (2^27 = 2^(31 - 4): the input becomes Q4.27)
 *   input_multiplier   = round(q * 2^31) (half away from zero), >= 0
 *   input_left_shift   = e, in [0, 31]: input scales in [2^-28, 2^4). Below 2^-28
 *                        TFLite's radius overflows int (undefined; TFLM on x86 then
 *                        outputs -128 everywhere), so the compiler must refuse them.
 *   input_range_radius = floor(15 * 2^27 / 2^e) (TFLite CalculateInputRadius(4, e, 31));
 *                        [0, that value]
 * Inputs with |x - zero point| >= radius saturate to -128 / 127 without the
 * fixed-point path. From count 256 on, the kernels evaluate each int8 value once into a
 * 256-byte table on the stack (same bytes, faster); in place (output == input) is fine. */
typedef struct {
    int32_t input_zero_point;
    int32_t input_range_radius;
    int32_t input_multiplier;
    int32_t input_left_shift;
} tnm_logistic_params;
typedef tnm_logistic_params tnm_tanh_params;

tnm_status tnm_logistic_s8(const tnm_logistic_params *params, int32_t count,
                           const int8_t *input, int8_t *output);
tnm_status tnm_tanh_s8(const tnm_tanh_params *params, int32_t count, const int8_t *input,
                       int8_t *output);

/* LUT: out[i] = table[(uint8_t)in[i]] over count (>= 0) int8 values, table 256 bytes
 * indexed by the input byte (value v at index v & 0xFF); in place (output == input) is fine.
 * The compiler's lowering of the int8 element-wise activations (their kernels evaluated over
 * the 256 input values once). */
tnm_status tnm_lut_s8(const int8_t *table, int32_t count, const int8_t *input, int8_t *output);

/* HARD_SWISH int8 -> int8 over count (>= 0) values, in TFLite's 16-bit fixed point.
 * Parameters, as TFLM's HardSwishPrepare computes them (float arithmetic where it
 * uses float) from the input scale s_in, output scale s_out and zero points:
 *   hires = (1.0f / 128.0f) * s_in                       (float)
 *   output:  QuantizeMultiplier((double)(hires / s_out))  -> (m, e); TFLM requires
 *            e <= 0. output_multiplier = DownScaleInt32ToInt16Multiplier(m), i.e.
 *            (m + 2^15) >> 16, or 32767 when m >= INT32_MAX - 2^15; output_shift = e.
 *   reluish: QuantizeMultiplier((double)(hires / (3.0f / 32768.0f))) -> (m, e);
 *            reluish_multiplier = the same int16 downscale of m; reluish_shift = e.
 * (QuantizeMultiplier: frexp, round(q * 2^31) half away from zero, 2^31 -> 2^30 with
 * e + 1, e < -31 -> multiplier 0 and e 0.) From count 256 on, a 256-byte table on the
 * stack as for LOGISTIC. */
typedef struct {
    int32_t input_zero_point;   /* [-128, 127] */
    int32_t output_zero_point;  /* [-128, 127] */
    int32_t reluish_multiplier; /* Q15, [0, 32767] */
    int32_t reluish_shift;      /* [-31, 31], > 0 = left */
    int32_t output_multiplier;  /* Q15, [0, 32767] */
    int32_t output_shift;       /* [-31, 0] */
} tnm_hard_swish_params;

tnm_status tnm_hard_swish_s8(const tnm_hard_swish_params *params, int32_t count,
                             const int8_t *input, int8_t *output);

/* RELU int8 (a requantize-and-clamp): out = clamp(output zp +
 * MultiplyByQuantizedMultiplier(x - input zp, multiplier, shift), act_min, act_max).
 * TFLM's ReluPrepare: QuantizeMultiplier((double)(s_in / s_out)) (float division) ->
 * output_multiplier (>= 0), output_shift ([-31, 30]); act_min = max(-128, output zp +
 * (int)roundf(0 / s_out)) = output zp, act_max = 127. Equal scales give multiplier
 * 2^30, shift 1: the identity. Zero points in [-128, 127]; act_min <= act_max within
 * [-128, 127]. */
typedef struct {
    int32_t input_zero_point;
    int32_t output_zero_point;
    int32_t output_multiplier, output_shift;
    int32_t act_min, act_max;
} tnm_relu_params;

tnm_status tnm_relu_s8(const tnm_relu_params *params, int32_t count, const int8_t *input,
                       int8_t *output);

/* RELU6 int8: TFLM clamps to [zero, six] in the INPUT's quantization and ignores the
 * output's (no requantization): zero = input zp, six = clamp(round(6.0f / s_in) + input
 * zp, -128, 127) (round of the float quotient, half away from zero), both [-128, 127].
 * out = x > six ? six : (x < zero ? zero : x). */
typedef struct {
    int32_t zero;
    int32_t six;
} tnm_relu6_params;

tnm_status tnm_relu6_s8(const tnm_relu6_params *params, int32_t count, const int8_t *input,
                        int8_t *output);

/* LEAKY_RELU int8. TFLM's Prepare:
 *   identity: QuantizeMultiplier((double)(s_in / s_out))          (float division)
 *   alpha:    QuantizeMultiplier((double)(s_in * alpha / s_out))  (float arithmetic)
 * The alpha multiplier is negative for a negative alpha (TFLite scales by its
 * magnitude and negates); it must not be INT32_MIN. Shifts in [-31, 30]; identity
 * multiplier >= 0; zero points [-128, 127]. Output clamped to [-128, 127]. */
typedef struct {
    int32_t input_zero_point;
    int32_t output_zero_point;
    int32_t identity_multiplier, identity_shift; /* for x >= input zero point */
    int32_t alpha_multiplier, alpha_shift;       /* for x < input zero point */
} tnm_leaky_relu_params;

tnm_status tnm_leaky_relu_s8(const tnm_leaky_relu_params *params, int32_t count,
                             const int8_t *input, int8_t *output);
/* The same over int16 (TFLM's int16 LEAKY_RELU: zero points and clamp in int16). */
tnm_status tnm_leaky_relu_s16(const tnm_leaky_relu_params *params, int32_t count,
                              const int16_t *input, int16_t *output);

/* PRELU int8 with 4-D broadcasting: each input and alpha dim equals the output's or
 * is 1. out = output_offset + (x >= 0 ? MBQM(x, m1, s1) : MBQM(x * a, m2, s2)) with
 * x = input_offset + input, a = alpha_offset + alpha, clamped to [-128, 127].
 * TFLM's CalculatePreluParams (double arithmetic):
 *   QuantizeMultiplier(s_in / s_out)           -> output_multiplier_1, output_shift_1
 *   QuantizeMultiplier(s_in * s_alpha / s_out) -> output_multiplier_2, output_shift_2
 *   input_offset = -input zp, alpha_offset = -alpha zp ([-127, 128]),
 *   output_offset = output zp ([-128, 127]). Multipliers >= 0, shifts [-31, 30]. */
typedef struct {
    int32_t input_offset;
    int32_t alpha_offset;
    int32_t output_offset;
    int32_t output_multiplier_1, output_shift_1;
    int32_t output_multiplier_2, output_shift_2;
} tnm_prelu_params;

tnm_status tnm_prelu_s8(const tnm_prelu_params *params,
                        const tnm_dims *input, const int8_t *input_data,
                        const tnm_dims *alpha, const int8_t *alpha_data,
                        const tnm_dims *output, int8_t *output_data);

/* SUB int8 with 4-D broadcasting (each input dim equals the output's or is 1), in
 * ADD's arithmetic (tnm_arith_params as for tnm_add_s8) with the two rescaled inputs
 * subtracted, as TFLite does (not ADD with a negated input, whose rounding differs
 * by construction).
 * TFLM's CalculateOpDataSub (float where it uses float):
 *   left_shift = 20; twice_max = 2 * max(s1, s2) (float)
 *   input1: QuantizeMultiplierSmallerThanOneExp((double)(s1 / twice_max))
 *   input2: QuantizeMultiplierSmallerThanOneExp((double)(s2 / twice_max))
 *   output: QuantizeMultiplierSmallerThanOneExp((double)(twice_max / ((1 << 20) * s_out)))
 *   input offsets = -zero points, output_offset = output zp, act_min/act_max from the
 *   fused activation (CalculateActivationRangeQuantized). All shifts must be <= 0. */
tnm_status tnm_sub_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data);

/* MAXIMUM and MINIMUM int8 with 4-D broadcasting: raw int8 comparison, as TFLM does
 * (the inputs and the output share one quantization; the compiler must check that). */
tnm_status tnm_maximum_s8(const tnm_dims *input1, const int8_t *input1_data,
                          const tnm_dims *input2, const int8_t *input2_data,
                          const tnm_dims *output, int8_t *output_data);
tnm_status tnm_minimum_s8(const tnm_dims *input1, const int8_t *input1_data,
                          const tnm_dims *input2, const int8_t *input2_data,
                          const tnm_dims *output, int8_t *output_data);

/* ==== end of operators v2 activations and element-wise operators (prepb) ==== */

/* ==== UNIDIRECTIONAL_SEQUENCE_LSTM, int8 (section added by the lstm branch) ========== */
/* TFLM's integer LSTM (kernels/unidirectional_sequence_lstm.cc + lstm_eval.*) for int8
 * input/output/hidden state, int8 weights, int32 biases and an int16 cell state, bit for
 * bit. Per step, for every batch row and hidden unit j (gates i, f, c, o):
 *   gate[g]  = sat16(FC(x, W_g, bias_g) + FC(h, R_g))   each FC: int32 accumulation
 *              with (x - input_zp)(w - w_zp), requantized to Q3.12, clamped to int16
 *   i, f, o  = sigmoid16(gate)  c~ = tanh16(gate)        (Q0.15 out, TFLite's LUT)
 *   cell     = sat16(mul(f, cell; forget_cell) + mul(i, c~; input_cell)), then clipped
 *   h        = clamp8(mul(tanh16(cell; cell_scale_power), o; hidden) + hidden_zp)
 *   output[row] = h; hidden_state = h (the recurrent FCs of the step read the old h).
 * mul(a, b; m) = requantize(a * b, m.multiplier, m.shift), clamped to int16 or int8.
 *
 * Supported: time-major ([time][batch][...]) and batch-major ([batch][time][...])
 * layouts, cell clip, any zero points of input and hidden state, any cell scale
 * (tanh(cell) takes it as 2^cell_scale_power, as TFLM does). Weight zero points are applied as TFLM's FC does (TFLM expects 0 and
 * its debug builds assert it). Not supported, because TFLM's kernel refuses them in
 * Prepare (or cannot compute them), so the compiler must refuse such a model:
 * CIFG (no input gate: inputs 1/5/12 absent), peephole (9-11), projection (16-17),
 * layer norm (20-23), per-channel weights (TFLM leaves the multiplier unset), a cell
 * gate activation other than TANH (the only one a .tflite can express that TFLM
 * runs), diagonal_recurrent_tensors (recurrent weights must be [hidden][hidden]),
 * types other than int8 input/output/hidden state, int8 weights, int32 biases and
 * an int16 cell state (float and 16x8 LSTMs are other kernels). The operator's
 * intermediates (TFLite's effective-scale tensors) and proj_clip are not used.
 *
 * How the compiler derives the params from the .tflite (TFLM Prepare:
 * CreateGateParams / CreateInterGateMulParams / CreateLstmCellStateInfo). Tensors by
 * operator input index: 0 input x, 1-4 input weights W_i,f,c,o, 5-8 recurrent weights
 * R_i,f,c,o, 12-15 biases, 18 hidden state h (variable), 19 cell state (variable, int16).
 * float = IEEE single, double = IEEE double; QM(r) = TFLite QuantizeMultiplier(r):
 * frexp, q = round-half-away(frac * 2^31), q == 2^31 -> 2^30 with exponent + 1,
 * exponent < -31 -> (0, 0).
 *   gate[g].input_multiplier/shift     = QM((double)(float)(s_x * s_W_g) / 2^-12)
 *   gate[g].recurrent_multiplier/shift = QM((double)(float)(s_h * s_R_g) / 2^-12)
 *     (the float product is rounded to float first, as GetQuantizedConvolutionMultipler)
 *   gate[g].input/recurrent_weights_zero_point = zp of W_g / R_g (0 in practice)
 *   input_zero_point = zp of x; hidden_zero_point = zp of h (tensor 18, not the output)
 *   forget_cell_multiplier/shift = QM((double)2^-15 * (double)s_cell / (double)s_cell)
 *                                  (= 1073741824, -14)
 *   input_cell_multiplier/shift  = QM((double)2^-15 * (double)2^-15 / (double)s_cell)
 *   hidden_multiplier/shift      = QM((double)2^-15 * (double)2^-15 / (double)s_h)
 *   cell_scale_power = (int)roundf(logf(s_cell) * (1.0f / logf(2.0f)))  (TFLite
 *                      CheckedLog2 in float; TFLM ignores whether it was exact)
 *   cell_clip = options.cell_clip > 0
 *               ? (int16)trunc(min(max((double)clip / (double)s_cell, -32768), 32767))
 *               : -1 (no clipping)
 *   time_major = options.time_major
 * TFLM does not fold zero points into the biases (TFLite's non-micro kernel does): the
 * offsets are applied in the FC loops, with int32 wrap-around like TFLM's accumulator.
 * The output tensor's own scale is not used (TFLM copies h into it).
 *
 * State: hidden_state int8[batch][hidden] and cell_state int16[batch][hidden] are the
 * op's variable tensors, owned by the caller and carried across calls;
 * tnm_lstm_s8_reset_state() sets them as TFLM resets variables (h = hidden_zero_point,
 * cell = 0). No two buffers may overlap.
 * Ranges: dims >= 1, batch * time * max(input_size, hidden_size) and
 * hidden_size * max(input_size, hidden_size) <= INT32_MAX; zero points in [-128, 127];
 * multipliers >= 0 with shifts in [-31, 30]; cell_scale_power in [-43, 2];
 * cell_clip -1 or [0, 32767]; time_major 0 or 1. bias[g] may be NULL (zero). */
enum {
    TNM_LSTM_GATE_INPUT = 0,
    TNM_LSTM_GATE_FORGET = 1,
    TNM_LSTM_GATE_CELL = 2,
    TNM_LSTM_GATE_OUTPUT = 3,
    TNM_LSTM_GATE_COUNT = 4
};

typedef struct {
    int32_t batch;
    int32_t time;
    int32_t input_size;  /* features of x per step */
    int32_t hidden_size; /* TFLM's state_dimension: cells = hidden state = output width */
} tnm_lstm_dims;

/* One gate: its input FC (x -> Q3.12) and recurrent FC (h -> Q3.12). */
typedef struct {
    int32_t input_multiplier, input_shift;
    int32_t recurrent_multiplier, recurrent_shift;
    int32_t input_weights_zero_point;
    int32_t recurrent_weights_zero_point;
} tnm_lstm_gate_params;

/* All int32, no padding: TNM_LSTM_S8_PARAM_WORDS words in the field order below, so a
 * model blob can hold it as a parameter block. */
#define TNM_LSTM_S8_PARAM_WORDS 35
typedef struct {
    tnm_lstm_gate_params gate[TNM_LSTM_GATE_COUNT]; /* TNM_LSTM_GATE_* order */
    int32_t input_zero_point;
    int32_t hidden_zero_point;
    int32_t forget_cell_multiplier, forget_cell_shift; /* f (Q0.15) x cell -> cell */
    int32_t input_cell_multiplier, input_cell_shift;   /* i (Q0.15) x c~ (Q0.15) -> cell */
    int32_t hidden_multiplier, hidden_shift;           /* tanh(cell) x o -> h (int8) */
    int32_t cell_scale_power; /* cell state scale = 2^cell_scale_power */
    int32_t cell_clip;        /* quantized clip, or -1 for none */
    int32_t time_major;
} tnm_lstm_s8_params;

/* Weights [hidden_size][input_size] (input) and [hidden_size][hidden_size] (recurrent),
 * row-major as in the .tflite; bias int32[hidden_size]. */
typedef struct {
    const int8_t *input_weights[TNM_LSTM_GATE_COUNT];
    const int8_t *recurrent_weights[TNM_LSTM_GATE_COUNT];
    const int32_t *bias[TNM_LSTM_GATE_COUNT];
} tnm_lstm_s8_weights;

/* Bytes of scratch tnm_lstm_s8 needs ((input_size + hidden_size) * 2, rounded up to 4),
 * or -1 for bad dims. */
int32_t tnm_lstm_s8_scratch_size(const tnm_lstm_dims *dims);

tnm_status tnm_lstm_s8_reset_state(const tnm_lstm_s8_params *params, const tnm_lstm_dims *dims,
                                   int8_t *hidden_state, int16_t *cell_state);

/* input: int8 [time][batch][input_size] (time_major) or [batch][time][input_size];
 * output: int8 with hidden_size in place of input_size. Runs all time steps, updating
 * hidden_state and cell_state. scratch: tnm_lstm_s8_scratch_size bytes, 4-byte aligned
 * (else TNM_ERR_ALIGNMENT); its contents need not be kept between calls. */
tnm_status tnm_lstm_s8(const tnm_lstm_s8_params *params, const tnm_lstm_dims *dims,
                       const tnm_lstm_s8_weights *weights, const int8_t *input_data,
                       int8_t *hidden_state, int16_t *cell_state, int8_t *output_data,
                       void *scratch);
/* ==== end of the UNIDIRECTIONAL_SEQUENCE_LSTM section ================================ */

/* SVDF, TFLM's integer SVDF (EvalIntegerSvdfReference): per batch, the state (filters x memory
 * values of state_bytes each, int8 or int16, the op's variable tensor) moves one step to the
 * left, each filter's newest value becomes
 *   state_zp + clamp(MBQM(sum_c wf[f][c] * (x[c] - input_zp), feature_multiplier,
 *                         feature_shift), state type range)   (stored wrapping, as TFLM),
 * and output unit u (filters = units * rank) is
 *   clamp(MBQM(bias[u] + sum_(r < rank) sum_m wt[u*rank + r][m] * (state - state_zp),
 *              time_multiplier, time_shift) + output_zp, -128, 127)
 * with int32 sums wrapping. TFLM applies no fused activation on this path.
 * weights_time has the state's element type. Ranges: dims >= 1 with batch * filters *
 * memory, filters * input_size and batch * input_size <= INT32_MAX, filters a multiple of
 * rank; state_bytes 1 or 2; input/output zero points in [-128, 127], state_zp in the state
 * type's range; multipliers >= 0 with shifts in [-31, 30]. bias may be NULL (zero). The
 * state must not overlap the other buffers. No scratch. */
typedef struct {
    int32_t batch, input_size, filters, memory, rank;
} tnm_svdf_dims;
typedef struct {
    int32_t input_zero_point, state_zero_point, output_zero_point;
    int32_t feature_multiplier, feature_shift, time_multiplier, time_shift;
} tnm_svdf_params;
tnm_status tnm_svdf_s8(const tnm_svdf_params *params, const tnm_svdf_dims *dims, const int8_t *input_data,
                       const int8_t *weights_feature, const void *weights_time, const int32_t *bias,
                       void *state, int32_t state_bytes, int8_t *output_data);

/* BATCH_MATMUL (TFLM batch_matmul.cc, reference_ops::BatchMatMul with FullyConnectedParams):
 * for every batch, out[rows][cols] = lhs[rows][depth] x rhs[depth][cols], read in place:
 * adj_x 1 means lhs is stored [depth][rows], adj_y 1 that rhs is stored [cols][depth] (the
 * transposes TFLM makes in its arena are indexing here, so a constant operand is read from
 * where it lies). The batch dims are right-aligned into 3 (1 in front); each lhs/rhs pair is
 * equal or one of them 1 (read again along it); the output has the larger of each pair,
 * batches outermost, [rows][cols] within. Elements: int8
 *   out = clamp(MBQM(sum_k (lhs + lhs_offset) * (rhs + rhs_offset)) + output_offset, -128, 127)
 * with the int32 sum wrapping as TFLite's; offsets = -zero points in [-127, 128], output_offset
 * in [-128, 127]. int16 (tnm_batch_matmul_s16): every offset 0 (TFLM requires zero points 0),
 * an int64 sum and TFLite's int64 MultiplyByQuantizedMultiplier (the multiplier rounded to 16
 * bits, shift in [-31, 14]), clamped to int16; depth <= TNM_BATCH_MATMUL_S16_MAX_DEPTH keeps the
 * sum inside TFLite's 2^47 bound. Ranges: dims >= 1, each operand's and the output's element
 * count <= INT32_MAX, adj_x/adj_y 0 or 1, multiplier >= 0, int8 shift in [-31, 30]. The output
 * must not overlap an input. No scratch. */
#define TNM_BATCH_MATMUL_S16_MAX_DEPTH 65536
typedef struct {
    int32_t lhs_batch[3], rhs_batch[3];
    int32_t rows, depth, cols;
    int32_t adj_x, adj_y;
} tnm_batch_matmul_dims;
typedef struct {
    int32_t lhs_offset, rhs_offset, output_offset;
    int32_t output_multiplier, output_shift;
} tnm_batch_matmul_params;
tnm_status tnm_batch_matmul_s8(const tnm_batch_matmul_params *params, const tnm_batch_matmul_dims *dims,
                               const int8_t *lhs, const int8_t *rhs, int8_t *output);
tnm_status tnm_batch_matmul_s16(const tnm_batch_matmul_params *params, const tnm_batch_matmul_dims *dims,
                                const int16_t *lhs, const int16_t *rhs, int16_t *output);

/* The N-D broadcast of DIV, COMPARISON and SELECT_V2 (TFLite's BroadcastBinaryOpSimple and
 * BroadcastSelectSimple): each input's dims right-aligned against the output's (rank 1 to
 * TNM_ND_MAX_RANK, an input's rank at most the output's), each equal to the output's or 1 (read
 * again along it). A scalar is rank 1, dims {1}. The output must not overlap an input. */

/* DIV (TFLM div.cc). int8 (reference_ops DivElementwise / BroadcastDivSlowQuantized): with
 * v1 = x1 + input1_offset and v2 = x2 + input2_offset (offsets = -zero points in [-127, 128];
 * signs moved so that v2 > 0), v1 normalized by its headroom (CountLeadingSignBits) times the
 * reciprocal of v2 (GetReciprocal: gemmlowp's 1 / (1 + x)), then MultiplyByQuantizedMultiplier
 * SmallerThanOneExp(output_multiplier, output_shift - reciprocal shift - headroom), plus
 * output_offset (in [-128, 127]), clamped to [act_min, act_max] (within int8). output_shift in
 * [-31, TNM_DIV_MAX_SHIFT] keeps that shift <= 0 for every value, as TFLM requires. Where the
 * total right shift passes 31 (a small quotient: TFLM's RoundingDivideByPOT asserts there, and
 * is undefined in release builds) the quotient is rounded as the arithmetic says, half away
 * from zero: 0 for every int32 but INT32_MIN at 32 (-1).
 * int32 (tnm_div_s32, reference_ops Div<int32_t>): x1 / x2 rounded toward zero, clamped to
 * [act_min, act_max]; the other words unused.
 * A divisor v2 of 0 (int8: x2 = its zero point; int32: 0), or int32's INT32_MIN / -1, is
 * undefined in TFLM: TNM_ERR_ARGUMENT before anything is written; tnm_div_first_undefined names
 * the first such output element. */
#define TNM_DIV_MAX_SHIFT 23
typedef struct {
    int32_t input1_offset, input2_offset, output_offset;
    int32_t output_multiplier, output_shift;
    int32_t act_min, act_max;
} tnm_div_params;
tnm_status tnm_div_s8(const tnm_div_params *params, const tnm_nd_dims *input1, const int8_t *input1_data,
                      const tnm_nd_dims *input2, const int8_t *input2_data, const tnm_nd_dims *output,
                      int8_t *output_data);
tnm_status tnm_div_s32(const tnm_div_params *params, const tnm_nd_dims *input1, const int32_t *input1_data,
                       const tnm_nd_dims *input2, const int32_t *input2_data, const tnm_nd_dims *output,
                       int32_t *output_data);
/* The flat output index of the first undefined quotient (element_size 1: int8, 4: int32), its
 * dividend and divisor as stored; -1 when every one is defined (or the arguments are not). */
int32_t tnm_div_first_undefined(int32_t element_size, const tnm_div_params *params, const tnm_nd_dims *input1,
                                const void *input1_data, const tnm_nd_dims *input2, const void *input2_data,
                                const tnm_nd_dims *output, int32_t *dividend, int32_t *divisor);

/* COMPARISON: EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL (TFLM comparisons.cc),
 * output bool (one byte, 0 or 1). int8 (the WithScaling forms): each input offset (-zero point,
 * in [-127, 128]), shifted left by left_shift (TFLM: 8, at most 23 here) and scaled by its own
 * MultiplyByQuantizedMultiplierSmallerThanOneExp (multiplier >= 0, shift in [-31, 0]); the two
 * int32 values compared. int32 (tnm_compare_s32, the NoScaling forms): the raw values compared;
 * the other words unused. */
enum {
    TNM_COMPARISON_EQUAL = 0,
    TNM_COMPARISON_NOT_EQUAL = 1,
    TNM_COMPARISON_LESS = 2,
    TNM_COMPARISON_LESS_EQUAL = 3,
    TNM_COMPARISON_GREATER = 4,
    TNM_COMPARISON_GREATER_EQUAL = 5
};
typedef struct {
    int32_t kind; /* TNM_COMPARISON_* */
    int32_t input1_offset, input2_offset, left_shift;
    int32_t input1_multiplier, input1_shift;
    int32_t input2_multiplier, input2_shift;
} tnm_comparison_params;
tnm_status tnm_compare_s8(const tnm_comparison_params *params, const tnm_nd_dims *input1, const int8_t *input1_data,
                          const tnm_nd_dims *input2, const int8_t *input2_data, const tnm_nd_dims *output,
                          uint8_t *output_data);
tnm_status tnm_compare_s32(const tnm_comparison_params *params, const tnm_nd_dims *input1,
                           const int32_t *input1_data, const tnm_nd_dims *input2, const int32_t *input2_data,
                           const tnm_nd_dims *output, uint8_t *output_data);

/* SELECT_V2 (TFLM select.cc, reference_ops Select / BroadcastSelect5DSlow): output = condition
 * ? x : y, element by element with the three inputs broadcast; the condition bool (a byte,
 * nonzero true), x, y and the output of one element size (1, 2 or 4 bytes), copied as they are
 * (TFLM neither rescales nor checks the quantization). */
tnm_status tnm_select(int32_t element_size, const tnm_nd_dims *condition, const uint8_t *condition_data,
                      const tnm_nd_dims *x, const void *x_data, const tnm_nd_dims *y, const void *y_data,
                      const tnm_nd_dims *output, void *output_data);


#ifdef __cplusplus
}
#endif
#endif
