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
tnm_status tnm_conv_s8(const tnm_conv_params *params, const tnm_quant *quant,
                       const tnm_dims *input, const int8_t *input_data,
                       const tnm_dims *filter, const int8_t *filter_data,
                       const int32_t *bias,
                       const tnm_dims *output, int8_t *output_data,
                       void *scratch);

int32_t tnm_depthwise_conv_s8_scratch_size(const tnm_dims *input, const tnm_dims *filter,
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
 * fixed-point path. */
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
 * e + 1, e < -31 -> multiplier 0 and e 0.) */
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

#ifdef __cplusplus
}
#endif
#endif
