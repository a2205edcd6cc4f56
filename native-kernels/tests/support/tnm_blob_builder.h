/*
 * Builds .tnm blobs (format v1, include/tnm/tnm_model.h) in C for the runtime tests,
 * independently of the runtime's reader: tensors, layers and constant data are staged
 * in the builder, then tnm_bb_finish() lays out header | tensor table | layer table |
 * data and writes the CRC. Fixed capacities, no allocation.
 */
#ifndef TNM_BLOB_BUILDER_H
#define TNM_BLOB_BUILDER_H

#include <stdint.h>

#include "tnm/tnm_model.h"

#define TNM_BB_MAX_TENSORS 64
#define TNM_BB_MAX_LAYERS 64
#define TNM_BB_MAX_DATA 65536
#define TNM_BB_NONE 0xFFFFFFFFu /* "no constant array" for weights/bias/quant */

/* Byte offsets inside records, for tests that corrupt one field. */
enum {
    TNM_BB_T_TYPE = 0, TNM_BB_T_RANK = 1, TNM_BB_T_DIMS = 4, TNM_BB_T_OFFSET = 12,
    TNM_BB_T_SIZE = 16, TNM_BB_T_ZERO_POINT = 20, TNM_BB_T_SCALE = 24
};
enum {
    TNM_BB_L_OP = 0, TNM_BB_L_INPUT = 2, TNM_BB_L_INPUT2 = 4, TNM_BB_L_OUTPUT = 6,
    TNM_BB_L_WEIGHTS_OFFSET = 8, TNM_BB_L_WEIGHTS_SIZE = 12, TNM_BB_L_BIAS_OFFSET = 16,
    TNM_BB_L_QUANT_OFFSET = 20, TNM_BB_L_QUANT_COUNT = 24, TNM_BB_L_PARAMS = 28
};

typedef struct {
    int32_t type, rank;
    int32_t dims[4];
    uint32_t arena_offset;
    uint32_t size_bytes; /* computed from dims and type unless overridden */
    int32_t zero_point;
    float scale;
} tnm_bb_tensor;

typedef struct {
    int32_t op;
    uint32_t input, input2, output;
    uint32_t weights, weights_size; /* data-relative offsets or TNM_BB_NONE */
    uint32_t bias, quant, quant_count;
    int32_t params[TNM_LAYER_PARAM_COUNT];
} tnm_bb_layer;

typedef struct {
    tnm_bb_tensor tensors[TNM_BB_MAX_TENSORS];
    tnm_bb_layer layers[TNM_BB_MAX_LAYERS];
    uint8_t data[TNM_BB_MAX_DATA];
    uint32_t tensor_count, layer_count, data_size;
    uint32_t arena_size; /* 0: computed as the highest tensor end, rounded up to 4 */
    uint32_t arena_extra; /* added to the computed arena size (scratch) */
    uint32_t input_tensor, output_tensor;
    uint32_t next_arena_offset; /* for tnm_bb_tensor_auto */
} tnm_bb;

void tnm_bb_init(tnm_bb *b);

/* The largest scratch this build's convolution kernels ask for over the layers (0 with
 * the portable kernels), rounded up to 4: a computed arena (arena_size 0) includes it,
 * as the compiler's arena does (the runtime places a layer's scratch at the top). */
uint32_t tnm_bb_scratch(const tnm_bb *b);

/* Adds a tensor at an explicit arena offset; dims outermost first (rank entries).
 * Returns its index. */
uint32_t tnm_bb_tensor_at(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                          uint32_t arena_offset, int32_t zero_point, float scale);
/* Adds a tensor after the previous automatically placed one (4-aligned). */
uint32_t tnm_bb_tensor_auto(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                            int32_t zero_point, float scale);

/* Appends constant bytes to the data section at a 4-aligned position; returns the
 * data-relative offset. */
uint32_t tnm_bb_data(tnm_bb *b, const void *bytes, uint32_t len);
/* Appends int32 multipliers then int8 shifts (the quant array layout). */
uint32_t tnm_bb_quant(tnm_bb *b, const int32_t *multipliers, const int8_t *shifts, uint32_t count);

/* Adds a layer; input2 TNM_NO_TENSOR when none. Returns its index. */
uint32_t tnm_bb_layer_add(tnm_bb *b, int32_t op, uint32_t input, uint32_t input2, uint32_t output,
                          const int32_t *params /* TNM_LAYER_PARAM_COUNT, or NULL = zeros */);
/* Constants of the last added layer. */
void tnm_bb_layer_constants(tnm_bb *b, uint32_t weights, uint32_t weights_size, uint32_t bias,
                            uint32_t quant, uint32_t quant_count);

/* Writes the blob into out (cap bytes); returns its size, 0 if it does not fit. */
uint32_t tnm_bb_finish(const tnm_bb *b, uint8_t *out, uint32_t cap);

/* Where the tables of a finished blob are (read back from its header). */
uint32_t tnm_bb_tensor_record(const uint8_t *blob, uint32_t index);
uint32_t tnm_bb_layer_record(const uint8_t *blob, uint32_t index);

/* Little-endian stores/loads for tests that patch fields, and the CRC re-fix. */
void tnm_bb_put_u16(uint8_t *p, uint32_t v);
void tnm_bb_put_u32(uint8_t *p, uint32_t v);
uint32_t tnm_bb_get_u32(const uint8_t *p);
void tnm_bb_fix_crc(uint8_t *blob, uint32_t len);

/* Element size of a tensor type (0 unknown). */
uint32_t tnm_bb_type_size(int32_t type);

/* A 12-layer model that uses every operator once (QUANTIZE f32, CONV_2D, DEPTHWISE,
 * MAX_POOL, ADD, AVERAGE_POOL, MUL with broadcast, RESHAPE, FULLY_CONNECTED, SOFTMAX,
 * QUANTIZE int8, DEQUANTIZE), random constants from `seed`. Input float32
 * [1,6,6,2] (tensor 0), output float32 [1,10] (tensor 12). */
void tnm_bb_sample_model(tnm_bb *b, uint32_t seed);

#endif
