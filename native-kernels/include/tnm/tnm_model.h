/*
 * TinyMl.Nano model blob (.tnm) and the runtime that executes it.
 *
 * The blob is written offline by `tinyml compile` (tools/TinyMl.Compiler) and read
 * here. The runtime never trusts it: tnm_model_check() validates everything once
 * (header, CRC32, lists, every tensor and layer), and tnm_layer_invoke() validates
 * again the one layer it runs (cheap next to the arithmetic), so a blob that was
 * changed after the check still cannot make the runtime read or write out of bounds.
 *
 * No allocation, no global state: the caller owns the blob and the arena (state that
 * persists between inferences lives in the arena's state region).
 *
 * ---------------------------------------------------------------------------
 * Blob format, version 3 (version 2 had 4 dims per tensor record). Little-endian. Offsets are from the blob start and are
 * multiples of 4; every section lies after the header and inside the blob. A blob of
 * another version is refused with TNM_ERR_VERSION / TNM_FIELD_FORMAT_VERSION
 * (value = its version, limit = 3): recompile it.
 *
 * Header, TNM_HEADER_SIZE (64) bytes:
 *    0  u8[4] magic "TNMB"
 *    4  u16   format_version (TNM_FORMAT_VERSION = 3)
 *    6  u16   header_size (64)
 *    8  u32   blob_size: total bytes, == length of the buffer
 *   12  u32   crc32: CRC-32 (IEEE 802.3, reflected, init/xorout 0xFFFFFFFF) of bytes [16, blob_size)
 *   16  u32   arena_size: bytes of arena the model needs (tensors, state region, largest
 *             scratch). A layer's scratch is the top of the arena: [(arena_size - scratch) & ~3,
 *             arena_size), clear of that layer's tensors and of the state region.
 *   20  u32   state_offset: arena offset of the state region (multiple of 4; 0 when state_size is 0)
 *   24  u32   state_size: bytes (multiple of 4); 0 = the model keeps no state, else >= 4.
 *             Word 0 of the region is the init flag (0 = the init subgraph has not run);
 *             resource variables follow. The planner never places other tensors there, so
 *             the region persists across invocations; tnm_model_reset_state() zeroes it.
 *   28  u16   tensor_count (1..TNM_MAX_TENSORS)
 *   30  u16   layer_count (1..TNM_MAX_LAYERS), all subgraphs
 *   32  u16   input_count (1..TNM_MAX_IO): model inputs
 *   34  u16   output_count (1..TNM_MAX_IO): model outputs
 *   36  u16   init_layer_count: layers [0, init_layer_count) are the init subgraph (run once,
 *             see CALL_ONCE); layers [init_layer_count, layer_count) are the main subgraph
 *             (at least one layer)
 *   38  u16   reserved, 0 (ignored)
 *   40  u32   tensor_table_offset: tensor_count records of TNM_TENSOR_RECORD_SIZE
 *   44  u32   layer_table_offset: layer_count records of TNM_LAYER_RECORD_SIZE
 *   48  u32   list_offset: the list section. It starts with the model's lists,
 *             u16 inputs[input_count] then u16 outputs[output_count] (tensor indices), and
 *             holds each layer's lists and parameter block (layer record, lists_offset).
 *   52  u32   list_size: bytes of the list section
 *   56  u32   data_offset: constant data section (constant tensors, quantization arrays)
 *   60  u32   data_size
 *
 * Model inputs and outputs: any tensor type below, neither constant nor variable, each
 * listed once. No layer writes a model input; some layer writes every model output.
 *
 * Tensor record, TNM_TENSOR_RECORD_SIZE (32) bytes:
 *    0  u8    type: TFLite TensorType numbering (TNM_TYPE_*: float32 0, int32 2, uint8 3,
 *             bool 6 (one byte, 0 or 1), int16 7, int8 9)
 *    1  u8    rank: 0..TNM_MAX_RANK (6) (0 = a scalar: one element); else
 *             TNM_FIELD_TENSOR_RANK (value rank, limit 6). Each operator takes the ranks
 *             TFLite Micro's kernel takes (README, "Operators"); a layer with a tensor of a
 *             higher rank: TNM_ERR_UNSUPPORTED / TNM_FIELD_LAYER_RANK (value the rank, limit
 *             the operator's highest).
 *    2  u16   flags: 0 = an activation tensor in the arena; TNM_TENSOR_CONSTANT (1): constant
 *             data in the blob; TNM_TENSOR_VARIABLE (2): a resource variable's storage in the
 *             state region. Other bits, or both: TNM_FIELD_TENSOR_FLAGS.
 *    4  u16[6] dims, outermost first, each >= 1; entries beyond rank are 1 (else
 *             TNM_FIELD_TENSOR_DIMS, value the dim, limit 1)
 *   16  u32   offset: activation or variable: arena offset (multiple of 4); offset + size <=
 *             arena_size. Activations lie outside the state region, variables inside it,
 *             after the init flag. Constant: blob offset of the data (multiple of 4) inside
 *             [data_offset, data_offset + data_size).
 *   20  u32   size_bytes == product(dims) * element size
 *   24  i32   zero_point (int8 [-128, 127], uint8 [0, 255], int16 [-32768, 32767])
 *   28  f32   scale (> 0 and finite for int8, uint8 and int16 activations and variables;
 *             not checked for constants, whose per-channel scales the compiler folds into
 *             the requantization)
 *
 * Layer record, TNM_LAYER_RECORD_SIZE (20) bytes:
 *    0  u16   op: an operator code of include/tnm/tnm_ops.def
 *    2  u8    input_count: entries in the input list (tnm_ops.def: INPUTS)
 *    3  u8    output_count: entries in the output list (tnm_ops.def: OUTPUTS)
 *    4  u16   param_count: int32 words in the parameter block (tnm_ops.def: PARAM_WORDS,
 *             plus the tail for operators with PARAM_TAIL 1)
 *    6  u16   flags: 0, or TNM_LAYER_IN_PLACE (1) with optionally TNM_LAYER_IN_PLACE_REVERSE
 *             (2), TNM_LAYER_IN_PLACE_PIXELS (4) and in bits 8..15 the band size - 1; on CONV_2D
 *             and DEPTHWISE_CONV_2D only. In place, the layer runs one kernel call per band of
 *             output rows (PIXELS: of pixels, for a 1x1 stride-1 unpadded convolution, the
 *             tensors read as [1, 1, h * w, c]), bands in order (last to first with REVERSE),
 *             and its output may share arena bytes with input 0 provided no band's output
 *             bytes overlap input that this or a later band still reads; or, for
 *             DEPTHWISE_CONV_2D rows and CONV_2D pixels, provided no output row (pixel)
 *             overlaps input rows (pixels) after the last one it reads (REVERSE: before the
 *             first): the row- or pixel-ordered kernel then runs the whole layer
 *             (tnm_depthwise_conv_s8_rows, tnm_conv_s8_pixels), and where it declines, the
 *             bands run into scratch, each copied to its place once no later band reads
 *             input under it (the layer's scratch is then at least the bands held at once)
 *             (else TNM_FIELD_LAYER_FLAGS, limit = the band's first output row or pixel). Bits 4..7,
 *             in-place bits on other operators, a batch other than 1, a band whose window holds
 *             no input row, PIXELS on another convolution: TNM_FIELD_LAYER_FLAGS, limit -1.
 *             TNM_LAYER_STRIP (8), on CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D and
 *             MAX_POOL_2D (else TNM_FIELD_LAYER_FLAGS, limit -1): explicit window geometry.
 *             The compiler sets it on a strip of rows of a larger layer (patch-based
 *             execution of a model's first stage, which it splits into row strips, each layer
 *             of it once per strip; the tensors of a strip alias rows of the full tensors or
 *             live in small buffers of their own) and on the convolutions a TRANSPOSE_CONV is
 *             lowered to (one per output phase). Rows and columns need not have SAME or VALID
 *             geometry: pad_h (pad_w) is any top (left) padding in [0, eff - 1] (eff =
 *             (filter_h - 1) * dilation_h + 1), and the output height (width) any one whose
 *             every window touches the input, i.e. out_h <= (in_h - 1 + pad_h) / stride_h + 1
 *             (else TNM_FIELD_LAYER_PADDING, limit eff - 1, or TNM_FIELD_LAYER_SHAPE, limit
 *             that size); taps of a window past the input are padding, as before it. The
 *             layer computes exactly what TFLite's arithmetic gives for that geometry (windows
 *             clipped alike).
 *    8  u32   lists_offset: blob offset, multiple of 4, of the layer's lists inside the list
 *             section: u16 inputs[input_count], u16 outputs[output_count], zero padding to a
 *             multiple of 4 bytes, then i32 params[param_count]. Entries are tensor indices;
 *             an optional input that is absent is TNM_NO_TENSOR (0xFFFF). Lists of layers
 *             with no entries and no params may use any in-section offset (e.g. list_offset).
 *   12  u32   quant_offset: 0 = none; else blob offset (multiple of 4, in the data section) of
 *             int32 multiplier[quant_count] then int8 shift[quant_count] (shift > 0 = left
 *             shift, as TFLite's QuantizeMultiplier returns it)
 *   16  u32   quant_count: 1 = per tensor, output channels = per channel
 *
 * A layer's outputs may not share arena bytes with its inputs (except RESHAPE, whose copy
 * is a memmove, and which is nothing when the planner aliased the output onto the input;
 * and input 0 of a layer flagged TNM_LAYER_IN_PLACE). Constant tensors are only inputs. Variable tensors appear only
 * as input 0 of READ_VARIABLE and ASSIGN_VARIABLE.
 *
 * Parameter blocks and lists, by operator (names and order: tnm_ops.def):
 *   CONV_2D         inputs [input int8 NHWC, filter const int8 [out_c, filter_h, filter_w, in_c],
 *                   bias const int32 [out_c] or none]; quant_count = out_c.
 *                   input_offset = -input zero point, output_offset = output zero point;
 *                   pad = the top/left half of TFLite's SAME padding, 0 for VALID.
 *   DEPTHWISE_CONV_2D  as CONV_2D, filter [1, filter_h, filter_w, in_c * depth_multiplier].
 *   FULLY_CONNECTED inputs [input int8, weights const int8 [output_depth, accum_depth], bias
 *                   const int32 [output_depth] or none]; quant_count 1 or output_depth.
 *                   filter_offset = -weights zero point; batches = input elements / accum_depth.
 *   AVERAGE_POOL_2D, MAX_POOL_2D  [input int8 NHWC] -> int8, same scale and zero point.
 *   SOFTMAX         int8 -> int8 (scale 1/256, zero point -128), over the innermost dimension;
 *                   params as TFLite's PreprocessSoftmaxScaling with 5 integer bits.
 *   ADD, MUL        [input1, input2] int8 (broadcast, rank <= 6) -> int8. ADD: left_shift 20;
 *                   multipliers with shifts <= 0. MUL: output_multiplier/output_shift.
 *   RESHAPE         any type, same bytes; a copy unless input and output share the offset.
 *   QUANTIZE        float32 -> int8: multiplier = shift = input_zero_point = 0,
 *                   output_zero_point = the output's; the output tensor's scale is used.
 *                   int8 -> int8, int8 -> uint8, uint8 -> int8: requantization
 *                   (input - input_zero_point) * multiplier * 2^shift + output_zero_point,
 *                   TFLite's Requantize.
 *   DEQUANTIZE      int8 -> float32 with the input tensor's scale and zero point.
 *   CONCATENATION   inputs [1..TNM_MAX_LAYER_INPUTS tensors] -> one output, along `axis`
 *                   (0 <= axis < output rank; the compiler normalizes negative axes). Same
 *                   type everywhere; int8/uint8 inputs share the output's scale and zero point.
 *   STRIDED_SLICE   [input] -> output (any type, same type), input rank 1..5 (TFLite's SLICE,
 *                   lowered here, goes to 5-D; its STRIDED_SLICE to 4-D), TFLM's semantics: begin/end/
 *                   strides (TFLite's constant inputs) have `count` = input rank entries each;
 *                   begin_mask, end_mask, shrink_axis_mask, negative indices and strides. TFLM
 *                   ignores ellipsis_mask, new_axis_mask and offset and writes nothing for a
 *                   shrunk axis with a negative stride: those are refused (TNM_ERR_UNSUPPORTED
 *                   naming the parameter), so they must be 0 / positive.
 *   SPLIT, SPLIT_V  [input] -> outputs[k] along `axis` (normalized); the sizes are the
 *                   outputs' dims along it, which must add up to the input's.
 *   READ_VARIABLE   [variable tensor] -> output (same type and size): a copy.
 *   ASSIGN_VARIABLE [variable tensor, value] -> no output: copies value into the variable.
 *   CALL_ONCE       no lists; subgraph = 1 (the init subgraph). See below.
 *   LOGISTIC        int8 -> int8 (scale 1/256, zero point -128), TFLite's integer logistic;
 *                   params as TFLM's Prepare computes them (tnm_kernels.h, tnm_logistic_params).
 *   TANH            as LOGISTIC, output scale 1/128, zero point 0.
 *   HARD_SWISH, LEAKY_RELU, RELU, RELU6  int8 -> int8, same shape; params as TFLM's Prepare
 *                   computes them (tnm_kernels.h: tnm_hard_swish_params, tnm_leaky_relu_params,
 *                   tnm_relu_params, tnm_relu6_params, in that field order).
 *   SUB             as ADD (TFLite's subtraction of the rescaled inputs).
 *   MAXIMUM, MINIMUM  [input1, input2] int8, broadcast (rank <= 6), no params (TFLM compares the raw
 *                   int8 values; the compiler checks that the quantizations agree).
 *   PRELU           [input, alpha] int8, broadcast (rank <= 6); tnm_prelu_params order.
 *   Any second operand of ADD, SUB, MUL, MAXIMUM, MINIMUM, PRELU may be a constant tensor.
 *   PAD, PADV2      int8, rank 1..5, `count` = input rank, before/after per axis (TFLite's constant
 *                   paddings); pad_value = the output zero point (PAD) or the constant value.
 *   TRANSPOSE       any type, rank 1..5; perm[count] (count = rank) a permutation; the input may be constant.
 *   RESIZE_NEAREST_NEIGHBOR  int8 NHWC; output n, c = input's; the two option flags (0/1).
 *   MEAN, SUM       int8, rank 1..6; axis_mask bit i = axis i reduced (the compiler resolves negative and
 *                   repeated axes); the output holds the kept dims' elements (keep_dims only
 *                   changes its shape); multiplier/shift = QuantizeMultiplier(s_in / s_out).
 *   TRANSPOSE_CONV  inputs [input int8 NHWC, filter const int8 [out_c, h, w, in_c], bias const
 *                   int32 [out_c] or none] (TFLite's output-shape operand is dropped);
 *                   quant_count = out_c; pad as TFLite computes it from the output size.
 *   UNIDIRECTIONAL_SEQUENCE_LSTM  TFLM's integer LSTM (tnm_lstm_s8): inputs [x int8,
 *                   W_i,f,c,o const int8, R_i,f,c,o const int8, b_i,f,c,o const int32 or none,
 *                   hidden state variable int8, cell state variable int16] -> y int8;
 *                   params = tnm_lstm_s8_params word for word (35).
 *
 * Subgraphs and CALL_ONCE. A model has the main subgraph and at most one init subgraph
 * (TFLite's CALL_ONCE target). The layer table holds the init layers first, then the
 * main layers; a caller runs every layer in index order, one tnm_layer_invoke() per layer,
 * as for a model without state. When init_layer_count > 0, the first main layer is the
 * model's only CALL_ONCE, with subgraph 1; an init layer runs only while the init flag
 * (word 0 of the state region) is 0, otherwise it returns TNM_OK at once; CALL_ONCE sets
 * the flag. So the init subgraph runs on the first inference after a reset, then never.
 * A CALL_ONCE in the init subgraph (it would call itself), a subgraph other than 1, a
 * CALL_ONCE that is not the first main layer: TNM_FIELD_LAYER_SUBGRAPH; init layers without
 * a state region: TNM_FIELD_INIT_LAYER_COUNT.
 *
 * Resource variables. The compiler resolves each VAR_HANDLE (container, shared_name) to
 * one variable tensor (flag TNM_TENSOR_VARIABLE: its bytes in the state region; its type
 * and shape from the ASSIGN_VARIABLE/READ_VARIABLE that use it) and drops VAR_HANDLE;
 * READ_VARIABLE and ASSIGN_VARIABLE name the variable tensor as input 0. TFLite's variable
 * tensors (the state inputs of UNIDIRECTIONAL_SEQUENCE_LSTM) are variable tensors too.
 * tnm_model_reset_state() sets variables as TFLM resets them: int8 ones to their zero point,
 * others to 0; TFLite models then assign resource variables in the init subgraph.
 *
 * ---------------------------------------------------------------------------
 * C API (below) and the interop glues that wrap it one to one. Every call returns a
 * tnm_status and fills the error detail (tnm_error, int32[5] through interop).
 *
 *   tnm_model_check(blob, len, err)
 *   tnm_model_info(blob, len, info[TNM_INFO_WORDS], err)
 *   tnm_model_io_tensor(blob, len, is_output, position, &tensor, err)
 *   tnm_tensor_info(blob, len, index, info[TNM_TENSOR_WORDS], &scale, err)
 *   tnm_layer_info(blob, len, index, info, info_len, err)   info: TNM_LAYER_WORDS fixed words,
 *       then inputs[input_count] (-1 = none), outputs[output_count], params[param_count];
 *       TNM_ERR_BUFFER / TNM_FIELD_LAYER_INFO (value info_len, limit needed) when too short.
 *       TNM_LAYER_INFO_MAX_WORDS always suffices.
 *   tnm_layer_invoke(blob, len, arena, arena_len, index, err)
 *   tnm_layer_invoke_readonly(blob, len, arena, arena_len, index, err)   a read-only blob
 *       tnm_model_check accepted: parsed, not validated again
 *   tnm_layer_prepare(blob, len, index, plan, plan_len, err), then
 *   tnm_layer_invoke_prepared(blob, len, arena, arena_len, index, plan, plan_len, err)
 *       a layer parsed once into caller memory (TNM_PREPARED_LAYER_BYTES), then run from it
 *   tnm_model_reset_state(blob, len, arena, arena_len, err)   resets the state region (the
 *       init flag and every variable, as TFLM); call it once before the first inference,
 *       and to start a new stream.
 *
 * Host P/Invoke exports (glue/host, library tinyml_native); error5 = int32[5]:
 *   int32_t tnm_host_model_check(const uint8_t *model, int32_t model_len, int32_t *error5);
 *   int32_t tnm_host_model_info(const uint8_t *model, int32_t model_len, int32_t *info, int32_t *error5);
 *   int32_t tnm_host_model_io_tensor(const uint8_t *model, int32_t model_len, int32_t is_output,
 *                                    int32_t position, int32_t *error5);
 *           returns the tensor index (>= 0) or a negative tnm_status
 *   int32_t tnm_host_tensor_info(const uint8_t *model, int32_t model_len, int32_t index,
 *                                int32_t *info, float *scale, int32_t *error5);
 *   int32_t tnm_host_layer_info(const uint8_t *model, int32_t model_len, int32_t index,
 *                               int32_t *info, int32_t info_len, int32_t *error5);
 *   int32_t tnm_host_layer_invoke(const uint8_t *model, int32_t model_len, uint8_t *arena,
 *                                 int32_t arena_len, int32_t index, int32_t *error5);
 *   int32_t tnm_host_layer_invoke_readonly(...)   as tnm_host_layer_invoke
 *   int32_t tnm_host_layer_prepare(const uint8_t *model, int32_t model_len, int32_t index,
 *                                  uint8_t *plans, int32_t plans_len, int32_t plan_offset, int32_t *error5);
 *   int32_t tnm_host_layer_invoke_prepared(const uint8_t *model, int32_t model_len, uint8_t *arena,
 *                                          int32_t arena_len, int32_t index, uint8_t *plans,
 *                                          int32_t plans_len, int32_t plan_offset, int32_t *error5);
 *   int32_t tnm_host_model_reset_state(const uint8_t *model, int32_t model_len, uint8_t *arena,
 *                                      int32_t arena_len, int32_t *error5);
 *   int32_t tnm_host_error_format(const int32_t *error5, uint8_t *message, int32_t message_len);
 *   int32_t tnm_host_op_name(int32_t op, uint8_t *name, int32_t name_len);   length or < 0
 *
 * nanoCLR InternalCalls (TinyMl.Nano.Native.NativeMethods, native-kernels/nanoframework):
 *   int ModelCheck(byte[] model, int modelLength, int[] error);
 *   int ModelInfo(byte[] model, int modelLength, int[] info, int[] error);          info >= TNM_INFO_WORDS
 *   int ModelIoTensor(byte[] model, int modelLength, int isOutput, int position, int[] error);  tensor or < 0
 *   int TensorInfo(byte[] model, int modelLength, int index, int[] info, float[] scale, int[] error);
 *   int LayerInfo(byte[] model, int modelLength, int index, int[] info, int infoLength, int[] error);
 *   int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error);
 *   int ModelResetState(byte[] model, int modelLength, byte[] arena, int arenaLength, int[] error);
 *   int ErrorFormat(int[] error, byte[] message, int messageLength);
 *   int OpName(int op, byte[] name, int nameLength);                 length or < 0
 *   int FlashModelFind(byte[] name, int nameLength, int[] error);
 *   int FlashModelCheck(int modelId, int[] error);
 *   int FlashModelInfo(int modelId, int[] info, int[] error);
 *   int FlashModelIoTensor(int modelId, int isOutput, int position, int[] error);
 *   int FlashTensorInfo(int modelId, int index, int[] info, float[] scale, int[] error);
 *   int FlashLayerInfo(int modelId, int index, int[] info, int infoLength, int[] error);
 *   int FlashLayerInvoke(int modelId, byte[] arena, int arenaLength, int index, int[] error);
 *   int FlashModelResetState(int modelId, byte[] arena, int arenaLength, int[] error);
 *   int FlashLayerPrepare(int modelId, int index, byte[] plans, int plansLength, int planOffset, int[] error);
 *   int FlashLayerInvokePrepared(int modelId, byte[] arena, int arenaLength, int index, byte[] plans,
 *                                int plansLength, int planOffset, int[] error);
 *   (front-end and feature calls unchanged)
 * ---------------------------------------------------------------------------
 */
#ifndef TNM_MODEL_H
#define TNM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "tnm_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TNM_FORMAT_VERSION 3
#define TNM_HEADER_SIZE 64
#define TNM_TENSOR_RECORD_SIZE 32
#define TNM_LAYER_RECORD_SIZE 20
#define TNM_MAX_TENSORS 1024
#define TNM_MAX_LAYERS 1024
#define TNM_MAX_RANK 6
#define TNM_MAX_IO 16
#define TNM_MAX_LAYER_INPUTS 32
#define TNM_MAX_LAYER_OUTPUTS 16
#define TNM_MAX_LAYER_PARAMS 256
#define TNM_NO_TENSOR 0xFFFF

/* Layer record flags (bytes 6..7). */
#define TNM_LAYER_IN_PLACE 1
#define TNM_LAYER_IN_PLACE_REVERSE 2
#define TNM_LAYER_IN_PLACE_PIXELS 4 /* bands are runs of pixels (1x1 stride-1 unpadded convs) */
#define TNM_LAYER_STRIP 8            /* explicit window geometry: a strip's rows, a TRANSPOSE_CONV phase */
#define TNM_LAYER_BAND_SHIFT 8      /* bits 8..15: units per band - 1 */

/* Tensor record flags. */
#define TNM_TENSOR_CONSTANT 1
#define TNM_TENSOR_VARIABLE 2

/* TFLite TensorType numbering. */
enum {
    TNM_TYPE_FLOAT32 = 0,
    TNM_TYPE_INT32 = 2,
    TNM_TYPE_UINT8 = 3,
    TNM_TYPE_BOOL = 6,
    TNM_TYPE_INT16 = 7,
    TNM_TYPE_INT8 = 9
};

/* Operator codes, from the operator table. */
#define TNM_OPS_ANY (-1)
enum {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) TNM_OP_##NAME = CODE,
#include "tnm_ops.def"
#undef TNM_OP
    TNM_OP_CODE_LIMIT = 128 /* codes are below this (two 64-bit op-set words; 63 is no code) */
};

/* Name of an operator code ("CONV_2D", ...) or "UNKNOWN". */
const char *tnm_op_name(int32_t op);
/* Its parameter words as tnm_ops.def writes them ("axis", ...), or "" when unknown. */
const char *tnm_op_params(int32_t op);

/* Model-level facts, as int32 words so the interop glues can pass an int32[]. */
enum {
    TNM_INFO_FORMAT_VERSION = 0,
    TNM_INFO_BLOB_SIZE,
    TNM_INFO_ARENA_SIZE,
    TNM_INFO_TENSOR_COUNT,
    TNM_INFO_LAYER_COUNT,
    TNM_INFO_INPUT_TENSOR,    /* the first model input */
    TNM_INFO_OUTPUT_TENSOR,   /* the first model output */
    TNM_INFO_DATA_SIZE,
    TNM_INFO_CRC32,           /* the header's CRC32 (as int32 bits): a fingerprint of the model */
    TNM_INFO_INPUT_COUNT,
    TNM_INFO_OUTPUT_COUNT,
    TNM_INFO_STATE_OFFSET,
    TNM_INFO_STATE_SIZE,      /* 0: the model keeps no state */
    TNM_INFO_INIT_LAYER_COUNT,
    TNM_INFO_OP_SET_LO,       /* bit c: the model uses operator code c (0..31) */
    TNM_INFO_OP_SET_HI,       /* bit c - 32: codes 32..63 */
    TNM_INFO_VARIABLE_COUNT,
    TNM_INFO_OP_SET_64,       /* bit c - 64: codes 64..95 */
    TNM_INFO_OP_SET_96,       /* bit c - 96: codes 96..127 */
    TNM_INFO_WORDS
};

/* One tensor, as int32 words; the scale is returned separately as a float. */
enum {
    TNM_TENSOR_TYPE = 0,
    TNM_TENSOR_RANK,
    TNM_TENSOR_DIM0,
    TNM_TENSOR_DIM1,
    TNM_TENSOR_DIM2,
    TNM_TENSOR_DIM3,
    TNM_TENSOR_DIM4,
    TNM_TENSOR_DIM5,      /* dims beyond the rank are 1 */
    TNM_TENSOR_OFFSET,    /* arena offset; blob offset for a constant */
    TNM_TENSOR_SIZE,
    TNM_TENSOR_ZERO_POINT,
    TNM_TENSOR_FLAGS,     /* TNM_TENSOR_CONSTANT, TNM_TENSOR_VARIABLE */
    TNM_TENSOR_WORDS
};

/* One layer, as int32 words: these, then inputs[input count] (-1 = none),
 * outputs[output count], params[param count]. */
enum {
    TNM_LAYER_OP = 0,
    TNM_LAYER_INPUT_COUNT,
    TNM_LAYER_OUTPUT_COUNT,
    TNM_LAYER_PARAM_COUNT,
    TNM_LAYER_QUANT_COUNT,
    TNM_LAYER_MACS,       /* multiply-accumulates of one invocation */
    TNM_LAYER_SUBGRAPH,   /* 0 main, 1 init */
    TNM_LAYER_SCRATCH,    /* bytes of scratch at the top of the arena */
    TNM_LAYER_WORDS,
    TNM_LAYER_INFO_MAX_WORDS =
        TNM_LAYER_WORDS + TNM_MAX_LAYER_INPUTS + TNM_MAX_LAYER_OUTPUTS + TNM_MAX_LAYER_PARAMS
};

/* Full validation: header, CRC32, lists, every tensor and every layer (operator, lists,
 * types, shapes, params agreeing with the tensors, constant data in bounds and aligned,
 * a layer's output not overlapping its inputs, variables in the state region, the init
 * subgraph and CALL_ONCE), no layer writing a model input and some layer writing each
 * model output. Call once after loading. Reserved bytes are ignored. */
tnm_status tnm_model_check(const uint8_t *blob, uint32_t blob_len, tnm_error *err);

/* Header facts into info[TNM_INFO_WORDS]. Validates the header (not the CRC). */
tnm_status tnm_model_info(const uint8_t *blob, uint32_t blob_len, int32_t *info, tnm_error *err);

/* Tensor index of model input (is_output 0) or output (1) number `position` into *tensor. */
tnm_status tnm_model_io_tensor(const uint8_t *blob, uint32_t blob_len, int32_t is_output,
                               int32_t position, int32_t *tensor, tnm_error *err);

/* Tensor `index` into info[TNM_TENSOR_WORDS] and *scale. */
tnm_status tnm_tensor_info(const uint8_t *blob, uint32_t blob_len, int32_t index,
                           int32_t *info, float *scale, tnm_error *err);

/* Layer `index` into info[0 .. info_len): TNM_LAYER_WORDS words, then its lists and params.
 * TNM_ERR_BUFFER (TNM_FIELD_LAYER_INFO, value info_len, limit the words needed) when
 * info_len is too small; TNM_LAYER_INFO_MAX_WORDS always suffices. */
tnm_status tnm_layer_info(const uint8_t *blob, uint32_t blob_len, int32_t index,
                          int32_t *info, int32_t info_len, tnm_error *err);

/* Runs layer `index`: reads its inputs from the arena, writes its outputs there.
 * Validates the header, the layer and its tensors first; arena_len must be at least
 * the model's arena_size and the arena 4-byte aligned. Runtime is bounded by the
 * layer's size: the managed side calls this once per layer, so other managed threads
 * run between layers. Run layers 0 .. layer_count - 1 in order for one inference
 * (init layers return at once after the first inference; see CALL_ONCE above). */
tnm_status tnm_layer_invoke(const uint8_t *blob, uint32_t blob_len,
                            uint8_t *arena, uint32_t arena_len,
                            int32_t index, tnm_error *err);

/* tnm_layer_invoke for a blob in read-only memory (a firmware's flash table, const data)
 * that tnm_model_check accepted: such a blob cannot change after the check, so the header,
 * the layer and its tensors are parsed without being validated again (the check's work
 * is not repeated on every layer of every inference). The index, the arena (length,
 * alignment) and the blob's magic, version and size are still checked; a blob whose
 * magic, version or size differ gets tnm_layer_invoke's full checks. Undefined for a blob
 * that fails tnm_model_check or changes after it: use tnm_layer_invoke for blobs in RAM. */
tnm_status tnm_layer_invoke_readonly(const uint8_t *blob, uint32_t blob_len,
                                     uint8_t *arena, uint32_t arena_len,
                                     int32_t index, tnm_error *err);

/* A layer prepared once and run many times (TFLM's Prepare / Eval split). tnm_layer_prepare
 * does everything tnm_layer_invoke does before the kernel runs (the header, the layer and
 * its tensors validated, the parameters parsed, the kernel's choices derived) and keeps the
 * result in `plan`, caller memory of plan_len >= TNM_PREPARED_LAYER_BYTES bytes aligned to
 * TNM_PREPARED_LAYER_ALIGN (4 on every target: on a 64-bit host a plan off an 8-byte boundary
 * is worked on in an aligned copy on the stack, the same result); tnm_layer_invoke_prepared then checks only the plan's stamp,
 * the blob length and the arena (length, alignment) and runs the operator: no parse per
 * inference. A plan holds offsets, not addresses of the blob or the arena: both may move
 * between calls (a managed array) as long as their bytes stay the same. As with
 * tnm_layer_invoke_readonly, the blob must not change after the prepare (a blob in
 * read-only memory, or one the caller keeps unchanged); a plan is the library's own data:
 * the caller keeps it and writes nothing into it. A plan of another model (another
 * blob length or header CRC) or another layer is refused (TNM_ERR_ARGUMENT /
 * TNM_FIELD_PLAN). Init layers return at once after the first inference, as with
 * tnm_layer_invoke. */
#define TNM_PREPARED_LAYER_BYTES 736u /* the plan on 64-bit hosts (728 on 32-bit cores) */
#define TNM_PREPARED_LAYER_ALIGN 4u
tnm_status tnm_layer_prepare(const uint8_t *blob, uint32_t blob_len, int32_t index,
                             void *plan, uint32_t plan_len, tnm_error *err);
tnm_status tnm_layer_invoke_prepared(const uint8_t *blob, uint32_t blob_len,
                                     uint8_t *arena, uint32_t arena_len,
                                     int32_t index, void *plan, uint32_t plan_len, tnm_error *err);

/* Resets the model's state region in the arena: the init flag to 0 and every variable as
 * TFLM resets it (int8: its zero point; other types: 0); the next inference starts a new
 * stream and runs the init subgraph again. Call it before the first inference. Nothing to
 * do (TNM_OK) for a model without state. */
tnm_status tnm_model_reset_state(const uint8_t *blob, uint32_t blob_len,
                                 uint8_t *arena, uint32_t arena_len, tnm_error *err);

/* CRC-32 (IEEE) of data; the same function the compiler uses. */
uint32_t tnm_crc32(const uint8_t *data, uint32_t len);

#ifdef __cplusplus
}
#endif
#endif
