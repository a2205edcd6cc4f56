/*
 * Builds .tnm blobs (format 3, include/tnm/tnm_model.h) in C for the runtime tests,
 * independently of the runtime's reader: tensors, layers, lists and constant data are
 * staged in the builder, then tnm_bb_finish() lays out header | tensor table | layer
 * table | list section | data and writes the CRC. Fixed capacities, no allocation.
 */
#ifndef TNM_BLOB_BUILDER_H
#define TNM_BLOB_BUILDER_H

#include <stdint.h>

#include "tnm/tnm_model.h"

#define TNM_BB_MAX_TENSORS 96
#define TNM_BB_MAX_LAYERS 64
#define TNM_BB_MAX_DATA 65536
#define TNM_BB_MAX_LIST_WORDS 2048
#define TNM_BB_NONE 0xFFFFFFFFu /* "no constant array" */

/* Byte offsets inside the header and records, for tests that corrupt one field. */
enum {
    TNM_BB_H_ARENA = 16, TNM_BB_H_STATE_OFFSET = 20, TNM_BB_H_STATE_SIZE = 24,
    TNM_BB_H_TENSOR_COUNT = 28, TNM_BB_H_LAYER_COUNT = 30, TNM_BB_H_INPUT_COUNT = 32,
    TNM_BB_H_OUTPUT_COUNT = 34, TNM_BB_H_INIT_LAYERS = 36, TNM_BB_H_TENSOR_TABLE = 40,
    TNM_BB_H_LAYER_TABLE = 44, TNM_BB_H_LIST_OFFSET = 48, TNM_BB_H_LIST_SIZE = 52,
    TNM_BB_H_DATA_OFFSET = 56, TNM_BB_H_DATA_SIZE = 60
};
enum {
    TNM_BB_T_TYPE = 0, TNM_BB_T_RANK = 1, TNM_BB_T_FLAGS = 2, TNM_BB_T_DIMS = 4,
    TNM_BB_T_OFFSET = 16, TNM_BB_T_SIZE = 20, TNM_BB_T_ZERO_POINT = 24, TNM_BB_T_SCALE = 28
};
enum {
    TNM_BB_L_OP = 0, TNM_BB_L_INPUT_COUNT = 2, TNM_BB_L_OUTPUT_COUNT = 3, TNM_BB_L_PARAM_COUNT = 4,
    TNM_BB_L_LISTS = 8, TNM_BB_L_QUANT_OFFSET = 12, TNM_BB_L_QUANT_COUNT = 16
};

typedef struct {
    int32_t type, rank;
    int32_t dims[TNM_MAX_RANK];
    uint32_t offset;     /* arena offset; data-relative for constants; state-relative (after
                            the init flag) for variables */
    uint32_t size_bytes; /* computed from dims and type unless overridden */
    int32_t zero_point;
    float scale;
    uint32_t flags;      /* TNM_TENSOR_CONSTANT, TNM_TENSOR_VARIABLE */
} tnm_bb_tensor;

typedef struct {
    int32_t op;
    uint32_t input_count, output_count, param_count;
    uint32_t first_word; /* into list_words: inputs, outputs, then params */
    uint32_t quant, quant_count; /* data-relative offset or TNM_BB_NONE */
} tnm_bb_layer_rec;

typedef struct {
    tnm_bb_tensor tensors[TNM_BB_MAX_TENSORS];
    tnm_bb_layer_rec layers[TNM_BB_MAX_LAYERS];
    int32_t list_words[TNM_BB_MAX_LIST_WORDS]; /* staged lists and params, one int each */
    uint8_t data[TNM_BB_MAX_DATA];
    uint32_t tensor_count, layer_count, data_size, list_word_count;
    uint32_t arena_size;  /* 0: computed (activations, then the state region) */
    uint32_t arena_extra; /* added to the computed arena size (scratch) */
    uint32_t inputs[TNM_MAX_IO], outputs[TNM_MAX_IO], input_count, output_count;
    uint32_t init_layers; /* the first init_layers layers form the init subgraph */
    uint32_t state_words; /* variables' 4-byte words allocated so far */
    int force_state;      /* 1: a state region even without variables (just the flag) */
    uint32_t next_arena_offset; /* for tnm_bb_tensor_auto */
    /* Where finish() put things (read by tests). */
    uint32_t state_offset, state_size, list_offset, data_offset;
} tnm_bb;

void tnm_bb_init(tnm_bb *b);

/* The largest scratch this build's convolution kernels ask for over the layers (0 with
 * the portable kernels), rounded up to 4: a computed arena (arena_size 0) includes it,
 * as the compiler's arena does (the runtime places a layer's scratch at the top). */
uint32_t tnm_bb_scratch(const tnm_bb *b);

/* Adds an activation tensor at an explicit arena offset; dims outermost first (rank
 * entries). Returns its index. */
uint32_t tnm_bb_tensor_at(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                          uint32_t arena_offset, int32_t zero_point, float scale);
/* Adds an activation tensor after the previous automatically placed one (4-aligned). */
uint32_t tnm_bb_tensor_auto(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                            int32_t zero_point, float scale);
/* A constant tensor with its bytes (copied into the data section). */
uint32_t tnm_bb_constant(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                         const void *bytes, int32_t zero_point, float scale);
/* A variable tensor in the state region. */
uint32_t tnm_bb_variable(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                         int32_t zero_point, float scale);

/* Appends constant bytes to the data section at a 4-aligned position; returns the
 * data-relative offset. */
uint32_t tnm_bb_data(tnm_bb *b, const void *bytes, uint32_t len);
/* Appends int32 multipliers then int8 shifts (the quant array layout). */
uint32_t tnm_bb_quant(tnm_bb *b, const int32_t *multipliers, const int8_t *shifts, uint32_t count);

/* Adds a layer with its lists and parameter block. Returns its index. */
uint32_t tnm_bb_layer(tnm_bb *b, int32_t op, uint32_t input_count, const uint32_t *inputs,
                      uint32_t output_count, const uint32_t *outputs, uint32_t param_count,
                      const int32_t *params);
/* One input, one output (the common case). */
uint32_t tnm_bb_layer1(tnm_bb *b, int32_t op, uint32_t input, uint32_t output,
                       uint32_t param_count, const int32_t *params);
/* Quantization array of the last added layer. */
void tnm_bb_layer_quant(tnm_bb *b, uint32_t quant, uint32_t quant_count);

/* Format-1 style, for the per-operator tests: params in the old 13-word layout (mapped to
 * the operator's v2 block), input2 for ADD/MUL (TNM_NO_TENSOR otherwise). For CONV_2D,
 * DEPTHWISE_CONV_2D and FULLY_CONNECTED, tnm_bb_layer_constants() then adds the weights and
 * bias (data-relative offsets from tnm_bb_data, bias TNM_BB_NONE = none) as constant
 * tensors and the quantization array. */
uint32_t tnm_bb_layer_add(tnm_bb *b, int32_t op, uint32_t input, uint32_t input2, uint32_t output,
                          const int32_t *params13);
void tnm_bb_layer_constants(tnm_bb *b, uint32_t weights, uint32_t weights_size, uint32_t bias,
                            uint32_t quant, uint32_t quant_count);

/* Model inputs and outputs (appended in order). */
void tnm_bb_input(tnm_bb *b, uint32_t tensor);
void tnm_bb_output(tnm_bb *b, uint32_t tensor);

/* Writes the blob into out (cap bytes); returns its size, 0 if it does not fit. */
uint32_t tnm_bb_finish(tnm_bb *b, uint8_t *out, uint32_t cap);

/* Where the tables of a finished blob are (read back from its header). */
uint32_t tnm_bb_tensor_record(const uint8_t *blob, uint32_t index);
uint32_t tnm_bb_layer_record(const uint8_t *blob, uint32_t index);
/* Blob offset of a layer's list entry k (inputs then outputs) and of its param word k. */
uint32_t tnm_bb_layer_entry(const uint8_t *blob, uint32_t layer, uint32_t k);
uint32_t tnm_bb_layer_param(const uint8_t *blob, uint32_t layer, uint32_t k);

/* Little-endian stores/loads for tests that patch fields, and the CRC re-fix. */
void tnm_bb_put_u16(uint8_t *p, uint32_t v);
void tnm_bb_put_u32(uint8_t *p, uint32_t v);
uint32_t tnm_bb_get_u16(const uint8_t *p);
uint32_t tnm_bb_get_u32(const uint8_t *p);
void tnm_bb_fix_crc(uint8_t *blob, uint32_t len);

/* Element size of a tensor type (0 unknown). */
uint32_t tnm_bb_type_size(int32_t type);

/* A 12-layer model that uses the 11 original operators (QUANTIZE f32, CONV_2D,
 * DEPTHWISE, MAX_POOL, ADD, AVERAGE_POOL, MUL with broadcast, RESHAPE, FULLY_CONNECTED,
 * SOFTMAX, QUANTIZE int8, DEQUANTIZE), random constants from `seed`. Input float32
 * [1,6,6,2] (tensor 0), output float32 [1,10] (the last activation tensor). */
void tnm_bb_sample_model(tnm_bb *b, uint32_t seed);

/* A streaming model with the v2 structures: an init subgraph (two ASSIGN_VARIABLE of
 * constant zeros), CALL_ONCE, two variables, READ_VARIABLE, CONCATENATION, STRIDED_SLICE,
 * SPLIT_V, ASSIGN_VARIABLE, QUANTIZE int8 -> uint8; two inputs (int8 [1,2,4], int8 [1,1,4])
 * and two outputs (uint8, int8). Layer and tensor indices: tnm_blob_builder.c. */
void tnm_bb_stateful_model(tnm_bb *b, uint32_t seed);
/* A model with the state and int16 forms of SVDF's keyword models: QUANTIZE int16 -> int8, SVDF
 * with an int16 and with an int8 state (variables), SOFTMAX int8 -> int16, QUANTIZE int16 ->
 * int32, and a LUT (a random table) on the first SVDF's output. Random quantization from seed. */
void tnm_bb_svdf_model(tnm_bb *b, uint32_t seed);

#endif
