/*
 * TinyMl.Nano native status codes and error detail.
 *
 * Every public function returns a tnm_status (0 = success, negative = error) and,
 * where it validates input, fills a tnm_error so the caller can say exactly which
 * field was wrong. tnm_error_format() turns it into one English sentence; the C#
 * library shows that sentence in its typed exceptions, so the field names live in
 * one place (tnm_error.c).
 */
#ifndef TNM_STATUS_H
#define TNM_STATUS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t tnm_status;

enum {
    TNM_OK = 0,
    TNM_ERR_ARGUMENT = -1,       /* a null pointer or an out-of-range argument of the call itself */
    TNM_ERR_FORMAT = -2,         /* the model blob is malformed (a field is out of range) */
    TNM_ERR_VERSION = -3,        /* the model blob has an unknown magic or format version */
    TNM_ERR_CHECKSUM = -4,       /* the model blob's CRC32 does not match its bytes */
    TNM_ERR_UNSUPPORTED = -5,    /* valid, but an operator/type/shape this build does not run */
    TNM_ERR_ARENA = -6,          /* the arena passed is smaller than the model needs */
    TNM_ERR_ALIGNMENT = -7,      /* a buffer is not aligned as the kernels need (4 bytes) */
    TNM_ERR_BUFFER = -8          /* a caller buffer (output, scratch, message) is too small */
};

/* Which field an error is about. Names: tnm_field_name(). Keep in sync with tnm_error.c. */
typedef enum {
    TNM_FIELD_NONE = 0,
    TNM_FIELD_BLOB_LENGTH,
    TNM_FIELD_MAGIC,
    TNM_FIELD_FORMAT_VERSION,
    TNM_FIELD_HEADER_SIZE,
    TNM_FIELD_BLOB_SIZE,
    TNM_FIELD_CRC32,
    TNM_FIELD_ARENA_SIZE,
    TNM_FIELD_TENSOR_COUNT,
    TNM_FIELD_LAYER_COUNT,
    TNM_FIELD_TENSOR_TABLE_OFFSET,
    TNM_FIELD_LAYER_TABLE_OFFSET,
    TNM_FIELD_DATA_OFFSET,
    TNM_FIELD_DATA_SIZE,
    TNM_FIELD_INPUT_TENSOR,
    TNM_FIELD_OUTPUT_TENSOR,
    TNM_FIELD_TENSOR_TYPE,
    TNM_FIELD_TENSOR_RANK,
    TNM_FIELD_TENSOR_DIMS,
    TNM_FIELD_TENSOR_OFFSET,
    TNM_FIELD_TENSOR_SIZE,
    TNM_FIELD_TENSOR_ZERO_POINT,
    TNM_FIELD_TENSOR_SCALE,
    TNM_FIELD_LAYER_OP,
    TNM_FIELD_LAYER_INPUT,
    TNM_FIELD_LAYER_INPUT2,
    TNM_FIELD_LAYER_OUTPUT,
    TNM_FIELD_LAYER_WEIGHTS,
    TNM_FIELD_LAYER_BIAS,
    TNM_FIELD_LAYER_QUANT,
    TNM_FIELD_LAYER_PARAMS,
    TNM_FIELD_LAYER_INDEX,
    TNM_FIELD_ARENA,
    TNM_FIELD_SCRATCH,
    /* Added with the runtime, so each error names one thing (appended: numbers above stay). */
    TNM_FIELD_TENSOR_INDEX,
    TNM_FIELD_LAYER_INPUT_TYPE,
    TNM_FIELD_LAYER_OUTPUT_TYPE,
    TNM_FIELD_LAYER_SHAPE,
    TNM_FIELD_LAYER_WEIGHTS_SIZE,
    TNM_FIELD_LAYER_QUANT_COUNT,
    TNM_FIELD_LAYER_MULTIPLIER,
    TNM_FIELD_LAYER_SHIFT,
    TNM_FIELD_LAYER_STRIDE,
    TNM_FIELD_LAYER_PADDING,
    TNM_FIELD_LAYER_DILATION,
    TNM_FIELD_LAYER_FILTER_SIZE,
    TNM_FIELD_LAYER_ACTIVATION,
    TNM_FIELD_LAYER_ZERO_POINT,
    TNM_FIELD_LAYER_DEPTH_MULTIPLIER,
    /* Added with the audio front ends (tnm_frontend.h). */
    TNM_FIELD_STATE,
    TNM_FIELD_SAMPLES,
    TNM_FIELD_SAMPLE_OFFSET,
    TNM_FIELD_FEATURES,
    TNM_FIELD_FEATURE_OFFSET,
    TNM_FIELD_SAMPLE_SCALE,
    TNM_FIELD_FEATURE_SCALE,
    TNM_FIELD_FEATURE_ZERO_POINT,
    /* Added with the anomaly-detection features (tnm_features.h). */
    TNM_FIELD_FEATURE_WINDOW,
    TNM_FIELD_FEATURE_SAMPLES,
    TNM_FIELD_FEATURE_BANDS,
    TNM_FIELD_FEATURE_COUNT,
    TNM_FIELD_FEATURE_SCRATCH,
    /* Added with blob format 2 (operators v2, tnm_model.h). */
    TNM_FIELD_INPUT_COUNT,
    TNM_FIELD_OUTPUT_COUNT,
    TNM_FIELD_LIST_OFFSET,
    TNM_FIELD_LIST_SIZE,
    TNM_FIELD_STATE_OFFSET,
    TNM_FIELD_STATE_SIZE,
    TNM_FIELD_INIT_LAYER_COUNT,
    TNM_FIELD_TENSOR_FLAGS,
    TNM_FIELD_VARIABLE,
    TNM_FIELD_LAYER_LISTS,
    TNM_FIELD_LAYER_INPUT_COUNT,
    TNM_FIELD_LAYER_OUTPUT_COUNT,
    TNM_FIELD_LAYER_PARAM_COUNT,
    TNM_FIELD_LAYER_SUBGRAPH,
    TNM_FIELD_LAYER_INFO,
    TNM_FIELD_IO_POSITION,
    TNM_FIELD_LAYER_AXIS,
    TNM_FIELD_LAYER_CONSTANT,
    /* Added with in-place execution (tnm_model.h, layer record flags). */
    TNM_FIELD_LAYER_FLAGS,
    /* Added with blob format 3 (tensors up to rank 6). */
    TNM_FIELD_LAYER_RANK,
    /* Added with prepared layers (tnm_layer_prepare). */
    TNM_FIELD_PLAN,
    /* Added with GATHER: an index read from a tensor at run time. */
    TNM_FIELD_LAYER_POSITION,
    /* Added with RSQRT: an input value read at run time outside the operator's domain. */
    TNM_FIELD_LAYER_INPUT_VALUE,
    /* Added with DIV: a divisor read at run time that stands for zero (value the divisor, limit
     * its zero point), or int32's INT32_MIN / -1 (value -1, limit INT32_MIN). */
    TNM_FIELD_LAYER_DIVISOR,
    TNM_FIELD_COUNT,
    /* Word k of operator op's parameter block: TNM_FIELD_PARAM(op, k); tnm_error_format names
     * it from tnm_ops.def. (Also keeps this enum int-sized on every ABI.) */
    TNM_FIELD_PARAM_BASE = 0x10000
} tnm_field;

#define TNM_FIELD_PARAM(op, k) ((tnm_field)(TNM_FIELD_PARAM_BASE + (op) * 256 + (k)))

/* Detail of the last error. index = tensor/layer index or -1; value = the offending
 * value; limit = the bound it broke (or the expected value). */
typedef struct {
    int32_t code;   /* tnm_status */
    int32_t field;  /* tnm_field */
    int32_t index;
    int32_t value;
    int32_t limit;
} tnm_error;

/* Number of int32 words a tnm_error occupies (the interop glues pass it as int32[5]). */
#define TNM_ERROR_WORDS 5

/* Fills *err (when err != NULL) and returns code. */
tnm_status tnm_fail(tnm_error *err, tnm_status code, tnm_field field,
                    int32_t index, int32_t value, int32_t limit);

const char *tnm_field_name(int32_t field);
const char *tnm_status_name(int32_t code);

/* Writes a NUL-terminated sentence into buf (at most buf_len bytes, truncated if
 * needed). Returns the number of characters written, without the NUL. */
int32_t tnm_error_format(const tnm_error *err, char *buf, int32_t buf_len);

#ifdef __cplusplus
}
#endif
#endif
