/*
 * TinyMl.Nano data-movement and type-conversion kernels (portable C99): the operators
 * that move elements without arithmetic (CONCATENATION, SPLIT/SPLIT_V, STRIDED_SLICE) and
 * requantization between int8 and uint8 (QUANTIZE). Semantics are TensorFlow Lite
 * Micro's reference kernels. Element types are opaque: element_size bytes each (1, 2 or
 * 4). As in tnm_kernels.h the kernels make only cheap checks and return TNM_ERR_ARGUMENT;
 * the runtime validates every argument it derives from a model before calling.
 */
#ifndef TNM_KERNELS_DATA_H
#define TNM_KERNELS_DATA_H

#include <stdint.h>

#include "tnm_kernels.h" /* tnm_dims */
#include "tnm_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CONCATENATION along one axis, viewed as [outer, axis, inner]: input k holds
 * outer x axis_sizes[k] x inner elements; the output outer x sum(axis_sizes) x inner.
 * count >= 1, outer, inner >= 1, axis sizes >= 1, all products <= INT32_MAX bytes. */
tnm_status tnm_concatenation(int32_t element_size, int32_t count, int32_t outer, int32_t inner,
                             const int32_t *axis_sizes, const void *const *inputs, void *output);

/* SPLIT and SPLIT_V: the inverse of tnm_concatenation (output k gets axis_sizes[k] rows of
 * every outer block). */
tnm_status tnm_split(int32_t element_size, int32_t count, int32_t outer, int32_t inner,
                     const int32_t *axis_sizes, const void *input, void *const *outputs);

/* STRIDED_SLICE over a 4-D input (rank < 4 padded in front with 1): for each axis the
 * resolved start, stop (exclusive, the direction of stride) and stride != 0, as TFLite's
 * StridedSliceStartForAxis / EndForAxis give them (tnm_strided_slice_resolve). Elements
 * are written in row-major order of the visited indices. */
tnm_status tnm_strided_slice(int32_t element_size, const int32_t *input_dims /* [4] */,
                             const int32_t *start, const int32_t *stop, const int32_t *stride,
                             const void *input, void *output);

/* The per-axis start/stop/stride of TFLite's StridedSlice (TFLM semantics: begin_mask,
 * end_mask and shrink_axis_mask; `count` = rank entries of begin/end/strides, strides
 * non-zero) for an input of `rank` dims (1..4), padded to 4 axes in front. Also the
 * output size along each of the `count` axes (0 when empty), shrunk axes included as 1. */
void tnm_strided_slice_resolve(int32_t rank, const int32_t *dims, const int32_t *begin,
                               const int32_t *end, const int32_t *strides, uint32_t begin_mask,
                               uint32_t end_mask, uint32_t shrink_axis_mask,
                               int32_t *start4, int32_t *stop4, int32_t *stride4,
                               int32_t *out_sizes);

/* QUANTIZE between int8 and uint8: TFLite's Requantize, (input - input_zero_point)
 * requantized by multiplier/shift (multiplier >= 0, shift in [-31, 30]) plus
 * output_zero_point, saturated to the output type. Zero points in their type's range. */
tnm_status tnm_requantize_s8_u8(int32_t count, const int8_t *input, int32_t input_zero_point,
                                int32_t multiplier, int32_t shift, int32_t output_zero_point,
                                uint8_t *output);
tnm_status tnm_requantize_u8_s8(int32_t count, const uint8_t *input, int32_t input_zero_point,
                                int32_t multiplier, int32_t shift, int32_t output_zero_point,
                                int8_t *output);

/* QUANTIZE between any two of int8, uint8, int16 and int32 (TFLite type numbers 9, 3, 7, 2;
 * the pairs TFLM takes): the same Requantize, saturated to the output type; the int32 sums
 * (input - zero point, + output zero point) wrap as TFLM's. Zero points in their type's
 * range. tnm_quantize_f32_s16: float32 -> int16 as tnm_quantize_f32_s8 (AffineQuantize). */
tnm_status tnm_requantize_typed(int32_t count, const void *input, int32_t input_type, int32_t input_zero_point,
                                int32_t multiplier, int32_t shift, int32_t output_zero_point, void *output,
                                int32_t output_type);
tnm_status tnm_quantize_f32_s16(int32_t count, const float *input, float scale, int32_t zero_point,
                                int16_t *output);

/* CAST (TFLM cast.cc): count elements converted as static_cast does, no quantization. Input
 * type int8, int16, int32, float32 or bool (TFLite numbers 9, 7, 2, 0, 6), output int8, int16,
 * int32 or float32. Integers keep their low bits; float32 -> integer truncates toward zero
 * into int32 first (NaN 0, beyond int32 saturated: Arm's conversion); bool is 0 or 1. */
tnm_status tnm_cast(int32_t count, const void *input, int32_t input_type, void *output, int32_t output_type);

/* DYNAMIC_UPDATE_SLICE (TFLM dynamic_update_slice.cc): output = operand (operand_dims, rank
 * 1..6, dims >= 1) with update (update_dims[rank], each in [1, the operand's]) written at
 * start[rank], each start first clamped into [0, operand dim - update dim] (so any start is
 * valid). An update of the operand's size is the whole output. element_size 1, 2 or 4; the
 * output may be the operand's bytes (not copied then), not the update's. start read as
 * unaligned int32. No scratch. */
tnm_status tnm_dynamic_update_slice(const tnm_nd_dims *operand_dims, const int32_t *update_dims,
                                    int32_t element_size, const void *operand, const void *update,
                                    const void *start, void *output);

/* BROADCAST_TO (TFLM broadcast_to.cc): output (rank 0..6, dims >= 1) = input (rank <= the
 * output's) repeated: its dims right-aligned to the output's, each 1 or the output's. element_size
 * 1, 2 or 4 (a byte copy). Also FILL (a scalar input) and ZEROS_LIKE (a constant zero). No
 * scratch; input and output must not overlap. */
tnm_status tnm_broadcast_to(const tnm_nd_dims *input, const tnm_nd_dims *output, int32_t element_size,
                            const void *input_data, void *output_data);

/* GATHER (TFLM gather.cc): input as [batch, outer, axis_size, inner] elements of
 * element_size bytes (1, 2 or 4), positions as [batch, coords] int32; output (b, o, c) is
 * the inner row input (b, o, positions[b * coords + c]). Every position must be in
 * [0, axis_size) (checked first; nothing is written otherwise). Dims >= 1. No scratch. */
typedef struct {
    int32_t batch;
    int32_t outer;
    int32_t axis_size;
    int32_t coords;
    int32_t inner;
} tnm_gather_dims;

tnm_status tnm_gather(const tnm_gather_dims *dims, int32_t element_size, const void *input,
                      const int32_t *positions, void *output);
/* The index in positions of the first one outside [0, axis_size), or -1 (for the error). */
int32_t tnm_gather_first_bad_position(const tnm_gather_dims *dims, const int32_t *positions);

/* GATHER_ND (TFLM gather_nd.cc): params (rank 1..6, dims >= 1) and indices [n_slices, depth]
 * int32 (depth 1..min(rank, TNM_GATHER_ND_MAX_DEPTH)); output slice i is the block of the params'
 * dims after the first depth at (indices[i][0..depth-1]), element_size 1, 2 or 4. Every index
 * must lie in its dim (checked first; nothing written otherwise: TFLM checks only the flat
 * position). tnm_gather_nd_first_bad_index: the position in indices of the first one outside
 * its dim, or -1. No scratch. */
#define TNM_GATHER_ND_MAX_DEPTH 5 /* TFLM's MAX_INDICES_ND */
tnm_status tnm_gather_nd(const tnm_nd_dims *params, int32_t depth, int32_t n_slices, int32_t element_size,
                         const void *params_data, const int32_t *indices, void *output);
int32_t tnm_gather_nd_first_bad_index(const tnm_nd_dims *params, int32_t depth, int32_t n_slices,
                                      const int32_t *indices);

/* DEPTH_TO_SPACE (to_space 1) and SPACE_TO_DEPTH (0), NHWC, element_size 1, 2 or 4 bytes:
 * depth_side is the shape of the tensor with the depth (D2S's input, S2D's output), its c
 * a multiple of block * block; the space side is [n, h * block, w * block, c / block^2].
 * Depth-side element (n, h, w, (i * block + j) * C + k) is space-side (n, h * block + i,
 * w * block + j, k), C = c / block^2 (TensorFlow's DCR order). No scratch. */
tnm_status tnm_depth_space(int to_space, int32_t element_size, int32_t block, const tnm_dims *depth_side,
                           const void *input, void *output);

/* SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND, int8 NHWC (TFLM reference_ops; a 3-D NHC tensor
 * is passed as [n, h, 1, c] with block_w 1, left 0). The block side (S2B's output, B2S's
 * input) has space n * block_h * block_w images; its image b, pixel (y, x) is the space side's
 * image b % n, pixel (y * block_h + sy - top, x * block_w + sx - left), (sy, sx) = ((b / n) /
 * block_w, (b / n) % block_w). S2B writes pad_value (in [-128, 127]) where that pixel is
 * outside the input; B2S drops block pixels outside the output (the crops). Blocks >= 1,
 * top, left >= 0; n and c must agree. Every output element of S2B is written; B2S writes each
 * output pixel that some block pixel maps to (all of them for TFLite's shapes). No scratch. */
typedef struct {
    int32_t block_h;
    int32_t block_w;
    int32_t top;       /* padding (S2B) or crop (B2S) before the first row */
    int32_t left;      /* and before the first column */
    int32_t pad_value; /* S2B only */
} tnm_space_batch_params;

tnm_status tnm_space_to_batch_s8(const tnm_space_batch_params *params, const tnm_dims *input,
                                 const int8_t *input_data, const tnm_dims *output, int8_t *output_data);
tnm_status tnm_batch_to_space_s8(const tnm_space_batch_params *params, const tnm_dims *input,
                                 const int8_t *input_data, const tnm_dims *output, int8_t *output_data);

#ifdef __cplusplus
}
#endif
#endif
