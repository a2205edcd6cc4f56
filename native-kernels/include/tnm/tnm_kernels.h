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


#ifdef __cplusplus
}
#endif
#endif
