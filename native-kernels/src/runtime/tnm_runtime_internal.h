/*
 * Private to the runtime (src/runtime): the validated views of a blob's header,
 * tensor records and layer records. tnm_model.c builds them (the only code that
 * reads the blob); tnm_invoke.c runs a layer from a view. A view exists only after
 * its record passed validation, so everything in it is in range.
 */
#ifndef TNM_RUNTIME_INTERNAL_H
#define TNM_RUNTIME_INTERNAL_H

#include <stdint.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"

/* The operators this build runs, one bit (1 << TNM_OP_x) each; all by default. A
 * firmware that runs known models may define TNM_OP_SET (for example
 * -DTNM_OP_SET=TNM_OP_SET_KWS) so the linker drops the other kernels and their
 * validation, as TFLite Micro's op resolver does. A layer whose operator is left out
 * fails like an unknown one: TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, value = the
 * operator, limit = -1 (known, but not in this build). */
#define TNM_OP_BIT(op) (1u << (op))
#define TNM_OP_SET_ALL (((1u << TNM_OP_COUNT) - 1u) & ~1u)
/* DS-CNN keyword spotting (MLPerf Tiny KWS, micro_speech): */
#define TNM_OP_SET_KWS                                                                    \
    (TNM_OP_BIT(TNM_OP_CONV_2D) | TNM_OP_BIT(TNM_OP_DEPTHWISE_CONV_2D) |                  \
     TNM_OP_BIT(TNM_OP_FULLY_CONNECTED) | TNM_OP_BIT(TNM_OP_AVERAGE_POOL_2D) |            \
     TNM_OP_BIT(TNM_OP_SOFTMAX) | TNM_OP_BIT(TNM_OP_RESHAPE))
#ifndef TNM_OP_SET
#define TNM_OP_SET TNM_OP_SET_ALL
#endif
/* op in [1, TNM_OP_COUNT) is compiled in (a constant for a constant op). */
#define TNM_OP_ENABLED(op) (((TNM_OP_SET) >> (op)) & 1u)

typedef struct {
    uint32_t blob_size;
    uint32_t arena_size;
    uint32_t tensor_count;
    uint32_t layer_count;
    uint32_t tensor_table_offset;
    uint32_t layer_table_offset;
    uint32_t data_offset;
    uint32_t data_size;
    uint32_t input_tensor;
    uint32_t output_tensor;
    uint32_t format_version;
} tnm_header_view;

typedef struct {
    int32_t type;
    int32_t rank;
    int32_t dims[TNM_MAX_RANK]; /* outermost first; beyond rank 1 */
    uint32_t arena_offset;
    uint32_t size_bytes;
    int32_t zero_point;
    float scale;
    int32_t elements;
    tnm_dims nhwc; /* dims right-aligned into N, H, W, C (rank < 4 pads with 1 in front) */
} tnm_tensor_view;

typedef struct {
    int32_t op;
    uint32_t input, input2, output; /* input2 == TNM_NO_TENSOR when none */
    uint32_t weights_offset, weights_size;
    uint32_t bias_offset;
    uint32_t quant_offset, quant_count;
    int32_t params[TNM_LAYER_PARAM_COUNT];
    tnm_tensor_view in, in2, out;
    /* Derived while validating. */
    int32_t out_channels; /* channels the bias and per-channel quantization cover */
    int32_t batches;      /* FULLY_CONNECTED */
    int32_t scratch_size; /* bytes, placed at the top of the arena */
    uint32_t scratch_offset;
    int32_t derived[6];   /* values the per-op rules compare (tnm_model.c) */
    int64_t macs;
} tnm_layer_view;

/* Header fields (not the CRC unless verify_crc). */
tnm_status tnm_read_header(const uint8_t *blob, uint32_t blob_len, int verify_crc,
                           tnm_header_view *hdr, tnm_error *err);
/* Tensor record `index` (index < tensor_count is the caller's business). */
tnm_status tnm_read_tensor(const uint8_t *blob, const tnm_header_view *hdr, uint32_t index,
                           tnm_tensor_view *t, tnm_error *err);
/* Layer record `index` and the tensors it uses: operator, types, shapes, params,
 * constant data. The one layer validation, used by check, info and invoke. */
tnm_status tnm_read_layer(const uint8_t *blob, const tnm_header_view *hdr, uint32_t index,
                          tnm_layer_view *layer, tnm_error *err);

#endif
