/*
 * TinyMl.Nano model blob (.tnm) and the runtime that executes it.
 *
 * The blob is written offline by `tinyml compile` (tools/TinyMl.Compiler) and read
 * here. The runtime never trusts it: tnm_model_check() validates everything once
 * (header, CRC32, tables, every tensor and layer), and tnm_layer_invoke() validates
 * again the one layer it runs (cheap next to the arithmetic), so a blob that was
 * changed after the check still cannot make the runtime read or write out of bounds.
 *
 * No allocation, no global state: the caller owns the blob and the arena.
 *
 * ---------------------------------------------------------------------------
 * Blob format, version 1. Little-endian. Offsets are from the blob start.
 * Every section and every constant array starts at a multiple of 4.
 *
 * Header, TNM_HEADER_SIZE (48) bytes:
 *    0  u8[4] magic "TNMB"
 *    4  u16   format_version (TNM_FORMAT_VERSION)
 *    6  u16   header_size (48)
 *    8  u32   blob_size: total bytes, == length of the buffer
 *   12  u32   crc32: CRC-32 (IEEE 802.3, reflected, init/xorout 0xFFFFFFFF) of bytes [16, blob_size)
 *   16  u32   arena_size: bytes of arena the model needs (tensors + largest scratch).
 *             A layer's scratch is the top of the arena: [(arena_size - scratch) & ~3,
 *             arena_size), clear of that layer's tensors.
 *   20  u16   tensor_count (1..TNM_MAX_TENSORS)
 *   22  u16   layer_count (1..TNM_MAX_LAYERS)
 *   24  u32   tensor_table_offset: tensor_count records of TNM_TENSOR_RECORD_SIZE
 *   28  u32   layer_table_offset: layer_count records of TNM_LAYER_RECORD_SIZE
 *   32  u32   data_offset: constant data section (weights, biases, multipliers)
 *   36  u32   data_size
 *   40  u16   input_tensor (index into the tensor table)
 *   42  u16   output_tensor
 *   44  u32   reserved, 0
 *
 * Tensor record, TNM_TENSOR_RECORD_SIZE (28) bytes. Only activation tensors (those
 * that live in the arena) have records; constants are referenced by the layers.
 *    0  u8    type: TFLite TensorType numbering (TNM_TYPE_*)
 *    1  u8    rank: 1..4
 *    2  u16   flags: 0
 *    4  u16[4] dims, outermost first; entries beyond rank are 1
 *   12  u32   arena_offset (multiple of 4)
 *   16  u32   size_bytes == product(dims) * element size; offset + size <= arena_size
 *   20  i32   zero_point
 *   24  f32   scale (> 0 for quantized types; 0 for float32)
 *
 * Layer record, TNM_LAYER_RECORD_SIZE (80) bytes:
 *    0  u8    op (TNM_OP_*)
 *    1  u8    reserved, 0
 *    2  u16   input tensor
 *    4  u16   input2 tensor (ADD, MUL) or TNM_NO_TENSOR
 *    6  u16   output tensor
 *    8  u32   weights_offset into the blob, 0 = none (int8)
 *   12  u32   weights_size in bytes
 *   16  u32   bias_offset, 0 = none (int32[output channels])
 *   20  u32   quant_offset, 0 = none: int32 multiplier[quant_count], then int8 shift[quant_count]
 *             (shift > 0 = left shift, as TFLite's QuantizeMultiplier returns it)
 *   24  u32   quant_count: 1 = per tensor, output channels = per channel
 *             (CONV_2D and DEPTHWISE_CONV_2D: always output channels, as their kernels take)
 *   28  i32[13] params, by op:
 *     CONV_2D, DEPTHWISE_CONV_2D:
 *             0 input_offset (-input zero point)   1 output_offset (output zero point)
 *             2 act_min   3 act_max   4 stride_h   5 stride_w   6 pad_h   7 pad_w
 *             8 dilation_h   9 dilation_w   10 filter_h   11 filter_w
 *             12 depth_multiplier (DEPTHWISE_CONV_2D; 1 for CONV_2D)
 *             weights: CONV_2D [out_c, filter_h, filter_w, in_c];
 *                      DEPTHWISE_CONV_2D [1, filter_h, filter_w, in_c * depth_multiplier]
 *     FULLY_CONNECTED:
 *             0 input_offset   1 output_offset   2 act_min   3 act_max
 *             4 filter_offset (-weights zero point)   5 accum_depth   6 output_depth
 *             weights [output_depth, accum_depth]; batches = input elements / accum_depth
 *     AVERAGE_POOL_2D, MAX_POOL_2D:
 *             2 act_min   3 act_max   4 stride_h   5 stride_w   6 pad_h   7 pad_w
 *             10 filter_h   11 filter_w
 *     SOFTMAX (int8 in, int8 out with scale 1/256 and zero point -128):
 *             0 input_multiplier   1 input_left_shift   2 diff_min
 *     ADD:    0 input1_offset   1 input2_offset   2 act_min   3 act_max   4 output_offset
 *             5 left_shift   6 input1_multiplier   7 input1_shift   8 input2_multiplier
 *             9 input2_shift   10 output_multiplier   11 output_shift
 *             (input shapes broadcast against each other in up to 4 dimensions)
 *     MUL:    0 input1_offset   1 input2_offset   2 act_min   3 act_max   4 output_offset
 *             5 output_multiplier   6 output_shift   (broadcast as ADD)
 *     RESHAPE: no params; a copy unless input and output share the arena offset
 *     QUANTIZE: float32 -> int8: 0 float bits of the output scale, 1 output zero point
 *               int8 -> int8:    0 multiplier   1 shift   2 input zero point   3 output zero point
 *     DEQUANTIZE: int8 -> float32: 0 input zero point   1 float bits of the input scale
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

#define TNM_FORMAT_VERSION 1
#define TNM_HEADER_SIZE 48
#define TNM_TENSOR_RECORD_SIZE 28
#define TNM_LAYER_RECORD_SIZE 80
#define TNM_LAYER_PARAM_COUNT 13
#define TNM_MAX_TENSORS 1024
#define TNM_MAX_LAYERS 1024
#define TNM_MAX_RANK 4
#define TNM_NO_TENSOR 0xFFFF

/* TFLite TensorType numbering. */
enum {
    TNM_TYPE_FLOAT32 = 0,
    TNM_TYPE_INT32 = 2,
    TNM_TYPE_UINT8 = 3,
    TNM_TYPE_INT16 = 7,
    TNM_TYPE_INT8 = 9
};

enum {
    TNM_OP_CONV_2D = 1,
    TNM_OP_DEPTHWISE_CONV_2D = 2,
    TNM_OP_FULLY_CONNECTED = 3,
    TNM_OP_AVERAGE_POOL_2D = 4,
    TNM_OP_MAX_POOL_2D = 5,
    TNM_OP_SOFTMAX = 6,
    TNM_OP_ADD = 7,
    TNM_OP_MUL = 8,
    TNM_OP_RESHAPE = 9,
    TNM_OP_QUANTIZE = 10,
    TNM_OP_DEQUANTIZE = 11,
    TNM_OP_COUNT = 12
};

/* Name of an op ("CONV_2D", ...) or "UNKNOWN". */
const char *tnm_op_name(int32_t op);

/* Model-level facts, as int32 words so the interop glues can pass an int32[]. */
enum {
    TNM_INFO_FORMAT_VERSION = 0,
    TNM_INFO_BLOB_SIZE,
    TNM_INFO_ARENA_SIZE,
    TNM_INFO_TENSOR_COUNT,
    TNM_INFO_LAYER_COUNT,
    TNM_INFO_INPUT_TENSOR,
    TNM_INFO_OUTPUT_TENSOR,
    TNM_INFO_DATA_SIZE,
    TNM_INFO_CRC32,       /* the header's CRC32 (as int32 bits): a fingerprint of the model */
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
    TNM_TENSOR_OFFSET,
    TNM_TENSOR_SIZE,
    TNM_TENSOR_ZERO_POINT,
    TNM_TENSOR_WORDS
};

/* One layer, as int32 words (for `tinyml inspect` and profiling). */
enum {
    TNM_LAYER_OP = 0,
    TNM_LAYER_INPUT,
    TNM_LAYER_INPUT2,     /* -1 when none */
    TNM_LAYER_OUTPUT,
    TNM_LAYER_WEIGHTS_SIZE,
    TNM_LAYER_BIAS_COUNT,
    TNM_LAYER_QUANT_COUNT,
    TNM_LAYER_MACS,       /* multiply-accumulates of one invocation */
    TNM_LAYER_PARAM0,     /* followed by the TNM_LAYER_PARAM_COUNT params */
    TNM_LAYER_WORDS = TNM_LAYER_PARAM0 + TNM_LAYER_PARAM_COUNT
};

/* Full validation: header, CRC32, tables, every tensor and every layer (operator,
 * types, shapes, params agreeing with the tensors' zero points and scales, constant
 * data in bounds and aligned, a layer's output not overlapping its inputs), no layer
 * writing the model input and some layer writing the model output. Call once after
 * loading. Reserved bytes and tensor flags are ignored. */
tnm_status tnm_model_check(const uint8_t *blob, uint32_t blob_len, tnm_error *err);

/* Header facts into info[TNM_INFO_WORDS]. Validates the header (not the CRC). */
tnm_status tnm_model_info(const uint8_t *blob, uint32_t blob_len, int32_t *info, tnm_error *err);

/* Tensor `index` into info[TNM_TENSOR_WORDS] and *scale. */
tnm_status tnm_tensor_info(const uint8_t *blob, uint32_t blob_len, int32_t index,
                           int32_t *info, float *scale, tnm_error *err);

/* Layer `index` into info[TNM_LAYER_WORDS]. */
tnm_status tnm_layer_info(const uint8_t *blob, uint32_t blob_len, int32_t index,
                          int32_t *info, tnm_error *err);

/* Runs layer `index`: reads its inputs from the arena, writes its output there.
 * Validates the header, the layer and its tensors first; arena_len must be at least
 * the model's arena_size and the arena 4-byte aligned. Runtime is bounded by the
 * layer's size: the managed side calls this once per layer, so other managed threads
 * run between layers. */
tnm_status tnm_layer_invoke(const uint8_t *blob, uint32_t blob_len,
                            uint8_t *arena, uint32_t arena_len,
                            int32_t index, tnm_error *err);

/* CRC-32 (IEEE) of data; the same function the compiler uses. */
uint32_t tnm_crc32(const uint8_t *data, uint32_t len);

#ifdef __cplusplus
}
#endif
#endif
