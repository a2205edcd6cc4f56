/*
 * Reading and validating a .tnm blob (format: include/tnm/tnm_model.h).
 *
 * This file is the only code that reads the blob. Every multi-byte field is read with
 * explicit little-endian byte loads (no pointer casts), every offset is checked
 * against its section before use, and sums are done in 64 bits. Errors follow the
 * value/limit conventions that tnm_error.c words into sentences (see there).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tnm_runtime_internal.h"

/* ---- little-endian loads ------------------------------------------------ */

static uint32_t load_u16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }

static uint32_t load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

/* Bit pattern of a u32 as an int32 (error values carry offsets this way; the
 * sentences print offset fields as unsigned). */
static int32_t bits_i32(uint32_t u)
{
    int32_t v;
    memcpy(&v, &u, sizeof v);
    return v;
}

static int32_t load_i32(const uint8_t *p) { return bits_i32(load_u32(p)); }

static float bits_f32(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* An unsigned 64-bit byte position as an int32 error value (saturated at 2^32 - 1). */
static int32_t pos_i32(uint64_t v) { return bits_i32(v > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)v); }

/* A signed 64-bit count as an int32 error value (saturated). */
static int32_t count_i32(int64_t v)
{
    if (v > INT32_MAX) return INT32_MAX;
    if (v < INT32_MIN) return INT32_MIN;
    return (int32_t)v;
}

/* a * b for sizes and counts, capped at 2^40 (anything that large fails a later
 * comparison against a 32-bit size, and the cap keeps the product from wrapping). */
static uint64_t mul_cap(uint64_t a, uint64_t b)
{
    const uint64_t cap = (uint64_t)1 << 40;
    if (a != 0 && b > cap / a) return cap;
    return a * b > cap ? cap : a * b;
}

/* ---- CRC-32 (IEEE 802.3, reflected), a nibble at a time ------------------ */

static const uint32_t k_crc_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};

uint32_t tnm_crc32(const uint8_t *data, uint32_t len)
{
    uint32_t crc = 0xFFFFFFFFu;
    uint32_t i;
    if (data == NULL) return 0;
    for (i = 0; i < len; i++) {
        crc ^= data[i];
        crc = (crc >> 4) ^ k_crc_nibble[crc & 15u];
        crc = (crc >> 4) ^ k_crc_nibble[crc & 15u];
    }
    return crc ^ 0xFFFFFFFFu;
}

/* ---- names --------------------------------------------------------------- */

const char *tnm_op_name(int32_t op)
{
    switch (op) {
    case TNM_OP_CONV_2D: return "CONV_2D";
    case TNM_OP_DEPTHWISE_CONV_2D: return "DEPTHWISE_CONV_2D";
    case TNM_OP_FULLY_CONNECTED: return "FULLY_CONNECTED";
    case TNM_OP_AVERAGE_POOL_2D: return "AVERAGE_POOL_2D";
    case TNM_OP_MAX_POOL_2D: return "MAX_POOL_2D";
    case TNM_OP_SOFTMAX: return "SOFTMAX";
    case TNM_OP_ADD: return "ADD";
    case TNM_OP_MUL: return "MUL";
    case TNM_OP_RESHAPE: return "RESHAPE";
    case TNM_OP_QUANTIZE: return "QUANTIZE";
    case TNM_OP_DEQUANTIZE: return "DEQUANTIZE";
    default: return "UNKNOWN";
    }
}

/* ---- header -------------------------------------------------------------- */

#define TNM_MAGIC_LE 0x424D4E54u /* "TNMB" read as a little-endian u32 */

/* A table or section at `offset` of `bytes` bytes: 4-aligned, after the header,
 * inside the blob. Value/limit: (offset, 4) misaligned; (offset, 48) overlaps the
 * header; (end, blob size) runs past the end. */
static tnm_status check_section(uint32_t offset, uint64_t bytes, uint32_t blob_size,
                                tnm_field field, tnm_error *err)
{
    if (offset % 4u != 0) return tnm_fail(err, TNM_ERR_FORMAT, field, -1, bits_i32(offset), 4);
    if (offset < TNM_HEADER_SIZE)
        return tnm_fail(err, TNM_ERR_FORMAT, field, -1, bits_i32(offset), TNM_HEADER_SIZE);
    if ((uint64_t)offset + bytes > blob_size)
        return tnm_fail(err, TNM_ERR_FORMAT, field, -1, pos_i32((uint64_t)offset + bytes),
                        bits_i32(blob_size));
    return TNM_OK;
}

tnm_status tnm_read_header(const uint8_t *blob, uint32_t blob_len, int verify_crc,
                           tnm_header_view *hdr, tnm_error *err)
{
    uint32_t header_size, stored_crc;
    tnm_status st;

    if (blob == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_BLOB_LENGTH, -1, 0, 0);
    if (blob_len > (uint32_t)INT32_MAX)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_BLOB_LENGTH, -1, bits_i32(blob_len),
                        INT32_MAX);
    if (blob_len < TNM_HEADER_SIZE)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_BLOB_LENGTH, -1, (int32_t)blob_len,
                        TNM_HEADER_SIZE);
    if (load_u32(blob) != TNM_MAGIC_LE)
        return tnm_fail(err, TNM_ERR_VERSION, TNM_FIELD_MAGIC, -1, load_i32(blob),
                        bits_i32(TNM_MAGIC_LE));
    hdr->format_version = load_u16(blob + 4);
    if (hdr->format_version != TNM_FORMAT_VERSION)
        return tnm_fail(err, TNM_ERR_VERSION, TNM_FIELD_FORMAT_VERSION, -1,
                        (int32_t)hdr->format_version, TNM_FORMAT_VERSION);
    header_size = load_u16(blob + 6);
    if (header_size != TNM_HEADER_SIZE)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_HEADER_SIZE, -1, (int32_t)header_size,
                        TNM_HEADER_SIZE);
    hdr->blob_size = load_u32(blob + 8);
    if (hdr->blob_size != blob_len)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_BLOB_SIZE, -1, bits_i32(hdr->blob_size),
                        (int32_t)blob_len);
    if (verify_crc) {
        uint32_t actual = tnm_crc32(blob + 16, blob_len - 16u);
        stored_crc = load_u32(blob + 12);
        if (stored_crc != actual)
            return tnm_fail(err, TNM_ERR_CHECKSUM, TNM_FIELD_CRC32, -1, bits_i32(stored_crc),
                            bits_i32(actual));
    }
    hdr->arena_size = load_u32(blob + 16);
    if (hdr->arena_size == 0 || hdr->arena_size > (uint32_t)INT32_MAX)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_ARENA_SIZE, -1, bits_i32(hdr->arena_size),
                        hdr->arena_size == 0 ? 1 : INT32_MAX);
    hdr->tensor_count = load_u16(blob + 20);
    if (hdr->tensor_count == 0 || hdr->tensor_count > TNM_MAX_TENSORS)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_COUNT, -1,
                        (int32_t)hdr->tensor_count, TNM_MAX_TENSORS);
    hdr->layer_count = load_u16(blob + 22);
    if (hdr->layer_count == 0 || hdr->layer_count > TNM_MAX_LAYERS)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_COUNT, -1,
                        (int32_t)hdr->layer_count, TNM_MAX_LAYERS);
    hdr->tensor_table_offset = load_u32(blob + 24);
    st = check_section(hdr->tensor_table_offset,
                       (uint64_t)hdr->tensor_count * TNM_TENSOR_RECORD_SIZE, hdr->blob_size,
                       TNM_FIELD_TENSOR_TABLE_OFFSET, err);
    if (st != TNM_OK) return st;
    hdr->layer_table_offset = load_u32(blob + 28);
    st = check_section(hdr->layer_table_offset,
                       (uint64_t)hdr->layer_count * TNM_LAYER_RECORD_SIZE, hdr->blob_size,
                       TNM_FIELD_LAYER_TABLE_OFFSET, err);
    if (st != TNM_OK) return st;
    hdr->data_offset = load_u32(blob + 32);
    st = check_section(hdr->data_offset, 0, hdr->blob_size, TNM_FIELD_DATA_OFFSET, err);
    if (st != TNM_OK) return st;
    hdr->data_size = load_u32(blob + 36);
    if (hdr->data_size > hdr->blob_size - hdr->data_offset)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_DATA_SIZE, -1, bits_i32(hdr->data_size),
                        (int32_t)(hdr->blob_size - hdr->data_offset));
    hdr->input_tensor = load_u16(blob + 40);
    if (hdr->input_tensor >= hdr->tensor_count)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_INPUT_TENSOR, -1,
                        (int32_t)hdr->input_tensor, (int32_t)hdr->tensor_count);
    hdr->output_tensor = load_u16(blob + 42);
    if (hdr->output_tensor >= hdr->tensor_count)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_OUTPUT_TENSOR, -1,
                        (int32_t)hdr->output_tensor, (int32_t)hdr->tensor_count);
    /* Bytes 44..47 are reserved: ignored, so a later minor revision may use them. */
    return TNM_OK;
}

/* ---- tensors ------------------------------------------------------------- */

static int32_t element_size(int32_t type)
{
    switch (type) {
    case TNM_TYPE_FLOAT32: return 4;
    case TNM_TYPE_INT32: return 4;
    case TNM_TYPE_UINT8: return 1;
    case TNM_TYPE_INT16: return 2;
    case TNM_TYPE_INT8: return 1;
    default: return 0;
    }
}

tnm_status tnm_read_tensor(const uint8_t *blob, const tnm_header_view *hdr, uint32_t index,
                           tnm_tensor_view *t, tnm_error *err)
{
    const uint8_t *rec = blob + hdr->tensor_table_offset + (size_t)index * TNM_TENSOR_RECORD_SIZE;
    const int32_t ix = (int32_t)index;
    int32_t elem, i;
    uint64_t count = 1, end;

    t->type = rec[0];
    t->rank = rec[1];
    elem = element_size(t->type);
    if (elem == 0) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_TENSOR_TYPE, ix, t->type, 0);
    if (t->rank < 1 || t->rank > TNM_MAX_RANK)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_RANK, ix, t->rank, TNM_MAX_RANK);
    /* Bytes 2..3 (flags) are reserved and ignored. */
    for (i = 0; i < TNM_MAX_RANK; i++) {
        t->dims[i] = (int32_t)load_u16(rec + 4 + 2 * i);
        if (t->dims[i] < 1 || (i >= t->rank && t->dims[i] != 1))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_DIMS, ix, t->dims[i], 1);
        if (i < t->rank && count <= 0xFFFFFFFFu) count *= (uint64_t)t->dims[i];
    }
    t->arena_offset = load_u32(rec + 12);
    t->size_bytes = load_u32(rec + 16);
    t->zero_point = load_i32(rec + 20);
    t->scale = bits_f32(load_u32(rec + 24));
    if (count * (uint64_t)elem != t->size_bytes)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SIZE, ix, bits_i32(t->size_bytes),
                        pos_i32(count * (uint64_t)elem));
    if (t->arena_offset % 4u != 0)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_OFFSET, ix,
                        bits_i32(t->arena_offset), 4);
    end = (uint64_t)t->arena_offset + t->size_bytes;
    if (end > hdr->arena_size)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_ARENA_SIZE, ix, (int32_t)hdr->arena_size,
                        pos_i32(end));
    if (t->type == TNM_TYPE_INT8 || t->type == TNM_TYPE_UINT8 || t->type == TNM_TYPE_INT16) {
        /* NaN fails the comparison too. */
        if (!(t->scale > 0.0f) || !(t->scale <= 3.4e38f))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, ix,
                            bits_i32(f32_bits(t->scale)), 0);
    }
    if (t->type == TNM_TYPE_INT8 && (t->zero_point < -128 || t->zero_point > 127))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, ix, t->zero_point,
                        t->zero_point < 0 ? -128 : 127);
    if (t->type == TNM_TYPE_UINT8 && (t->zero_point < 0 || t->zero_point > 255))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, ix, t->zero_point,
                        t->zero_point < 0 ? 0 : 255);
    if (t->type == TNM_TYPE_INT16 && (t->zero_point < -32768 || t->zero_point > 32767))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, ix, t->zero_point,
                        t->zero_point < 0 ? -32768 : 32767);
    t->elements = (int32_t)count; /* <= arena_size <= INT32_MAX */
    /* Right-align the dims into NHWC: [d0] -> 1,1,1,d0; [d0,d1] -> 1,1,d0,d1; ... */
    {
        int32_t padded[TNM_MAX_RANK];
        int32_t lead = TNM_MAX_RANK - t->rank;
        for (i = 0; i < TNM_MAX_RANK; i++) padded[i] = i < lead ? 1 : t->dims[i - lead];
        t->nhwc.n = padded[0];
        t->nhwc.h = padded[1];
        t->nhwc.w = padded[2];
        t->nhwc.c = padded[3];
    }
    return TNM_OK;
}

/* ---- layers -------------------------------------------------------------- */

/* Value check helpers: each fails with (value, the bound it broke). */
static tnm_status check_range(int32_t value, int32_t lo, int32_t hi, tnm_status code,
                              tnm_field field, int32_t ix, tnm_error *err)
{
    if (value < lo) return tnm_fail(err, code, field, ix, value, lo);
    if (value > hi) return tnm_fail(err, code, field, ix, value, hi);
    return TNM_OK;
}

static tnm_status check_equal(int32_t value, int32_t expected, tnm_field field, int32_t ix,
                              tnm_error *err)
{
    if (value != expected) return tnm_fail(err, TNM_ERR_FORMAT, field, ix, value, expected);
    return TNM_OK;
}

/* Q31 multiplier: [2^30, 2^31) or 0 (the value TFLite's QuantizeMultiplier gives 0.0). */
static tnm_status check_multiplier(int32_t m, int32_t ix, tnm_error *err)
{
    if (m != 0 && m < (1 << 30))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, ix, m, 1 << 30);
    return TNM_OK;
}

static tnm_status check_shift(int32_t s, int32_t lo, int32_t hi, int32_t ix, tnm_error *err)
{
    return check_range(s, lo, hi, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHIFT, ix, err);
}

static tnm_status check_activation(const int32_t *params, int32_t ix, tnm_error *err)
{
    tnm_status st = check_range(params[2], -128, 127, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION,
                                ix, err);
    if (st != TNM_OK) return st;
    /* act_max must be in [act_min, 127]. */
    return check_range(params[3], params[2], 127, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, ix,
                       err);
}

static tnm_status check_type(const tnm_tensor_view *t, int32_t expected, tnm_field field,
                             int32_t ix, tnm_error *err)
{
    if (t->type != expected) return tnm_fail(err, TNM_ERR_UNSUPPORTED, field, ix, t->type, expected);
    return TNM_OK;
}

static tnm_status check_same_dims(const tnm_tensor_view *a, const tnm_tensor_view *b, int32_t ix,
                                  tnm_error *err)
{
    /* b must have a's shape (compared right-aligned, so [1,10] and [10] agree). */
    if (b->nhwc.n != a->nhwc.n) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, b->nhwc.n, a->nhwc.n);
    if (b->nhwc.h != a->nhwc.h) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, b->nhwc.h, a->nhwc.h);
    if (b->nhwc.w != a->nhwc.w) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, b->nhwc.w, a->nhwc.w);
    if (b->nhwc.c != a->nhwc.c) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, b->nhwc.c, a->nhwc.c);
    return TNM_OK;
}

/* One spatial axis of a windowed op (conv, depthwise, pool). The output size must be
 * what TFLite's VALID padding gives (with pad 0) or what SAME gives, and then pad must
 * be the top/left half of SAME's total padding. */
static tnm_status check_window(int32_t in, int32_t out, int32_t filter, int32_t stride,
                               int32_t dilation, int32_t pad, int32_t ix, tnm_error *err)
{
    int64_t eff = (int64_t)(filter - 1) * dilation + 1;
    int64_t valid_out = ((int64_t)in + stride - eff) / stride;
    int64_t same_out = ((int64_t)in + stride - 1) / stride;
    int64_t total;
    tnm_status st;

    st = check_range(pad, 0, count_i32(eff - 1), TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, err);
    if (st != TNM_OK) return st;
    if (pad == 0 && out == valid_out) return TNM_OK;
    if (out != same_out)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, out,
                        count_i32(pad == 0 && valid_out >= 1 ? valid_out : same_out));
    total = ((int64_t)out - 1) * stride + eff - in;
    if (total < 0) total = 0;
    if (pad != total / 2)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, pad, count_i32(total / 2));
    return TNM_OK;
}

static tnm_status check_dilated(int32_t filter, int32_t dilation, int32_t ix, tnm_error *err)
{
    if (filter > 1 && (int64_t)(filter - 1) * dilation > 65534)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_DILATION, ix, dilation,
                        65534 / (filter - 1));
    return TNM_OK;
}

/* Spatial params shared by conv, depthwise and pool: params 4..11. */
static tnm_status check_spatial(tnm_layer_view *L, int with_dilation, int32_t ix, tnm_error *err)
{
    const int32_t *p = L->params;
    int32_t dil_h = with_dilation ? p[8] : 1, dil_w = with_dilation ? p[9] : 1;
    tnm_status st;

    if (L->in.rank != 4) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->in.rank, 4);
    if (L->out.rank != 4) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.rank, 4);
    if (L->out.nhwc.n != L->in.nhwc.n)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.nhwc.n, L->in.nhwc.n);
    if ((st = check_range(p[4], 1, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_STRIDE, ix, err)) != TNM_OK) return st;
    if ((st = check_range(p[5], 1, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_STRIDE, ix, err)) != TNM_OK) return st;
    if ((st = check_range(dil_h, 1, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_DILATION, ix, err)) != TNM_OK) return st;
    if ((st = check_range(dil_w, 1, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_DILATION, ix, err)) != TNM_OK) return st;
    if ((st = check_range(p[10], 1, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_FILTER_SIZE, ix, err)) != TNM_OK) return st;
    if ((st = check_range(p[11], 1, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_FILTER_SIZE, ix, err)) != TNM_OK) return st;
    /* The dilated filter must span at most 65535 inputs (tensor dims are u16 too). */
    if ((st = check_dilated(p[10], dil_h, ix, err)) != TNM_OK) return st;
    if ((st = check_dilated(p[11], dil_w, ix, err)) != TNM_OK) return st;
    if ((st = check_window(L->in.nhwc.h, L->out.nhwc.h, p[10], p[4], dil_h, p[6], ix, err)) != TNM_OK) return st;
    return check_window(L->in.nhwc.w, L->out.nhwc.w, p[11], p[5], dil_w, p[7], ix, err);
}

/* The zero-point params of a layer must agree with its tensors. */
static tnm_status check_offsets_in_out(const tnm_layer_view *L, int32_t ix, tnm_error *err)
{
    tnm_status st = check_equal(L->params[0], -L->in.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err);
    if (st != TNM_OK) return st;
    return check_equal(L->params[1], L->out.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err);
}

/* A constant array of the layer in the data section. Value/limit: (offset, 0) the op
 * takes none; (0, data offset) missing; (offset, 4) misaligned; (offset, data offset)
 * before the data section; (end, data end) past it. */
static tnm_status check_constant(const tnm_header_view *hdr, uint32_t offset, uint64_t bytes,
                                 int allowed, int required, tnm_field field, int32_t ix,
                                 tnm_error *err)
{
    uint64_t data_end = (uint64_t)hdr->data_offset + hdr->data_size;
    if (!allowed) {
        if (offset != 0) return tnm_fail(err, TNM_ERR_FORMAT, field, ix, bits_i32(offset), 0);
        return TNM_OK;
    }
    if (offset == 0) {
        if (required)
            return tnm_fail(err, TNM_ERR_FORMAT, field, ix, 0, bits_i32(hdr->data_offset));
        return TNM_OK;
    }
    if (offset % 4u != 0) return tnm_fail(err, TNM_ERR_FORMAT, field, ix, bits_i32(offset), 4);
    if (offset < hdr->data_offset)
        return tnm_fail(err, TNM_ERR_FORMAT, field, ix, bits_i32(offset), bits_i32(hdr->data_offset));
    if ((uint64_t)offset + bytes > data_end)
        return tnm_fail(err, TNM_ERR_FORMAT, field, ix, pos_i32((uint64_t)offset + bytes),
                        pos_i32(data_end));
    return TNM_OK;
}

/* int32 arrays are handed to the kernels in place, so they must be 4-byte aligned in
 * memory, which needs a 4-byte aligned blob buffer (offsets are multiples of 4). */
static tnm_status check_memory_alignment(const uint8_t *blob, uint32_t offset, tnm_field field,
                                         int32_t ix, tnm_error *err)
{
    uintptr_t address = (uintptr_t)(blob + offset);
    if (offset != 0 && address % 4u != 0)
        return tnm_fail(err, TNM_ERR_ALIGNMENT, field, ix, (int32_t)(address % 4u), 4);
    return TNM_OK;
}

static int ranges_overlap(const tnm_tensor_view *a, const tnm_tensor_view *b)
{
    return a->arena_offset < b->arena_offset + b->size_bytes &&
           b->arena_offset < a->arena_offset + a->size_bytes;
}

/* Per-op types, shapes and params. Sets out_channels, batches, weights_expected,
 * macs, and which constants the op has. */
typedef struct {
    uint64_t weights_bytes;
    int has_constants; /* weights + quant required, bias optional */
    uint32_t quant_expected; /* quant_count must be this ... */
    int quant_per_tensor_ok; /* ... or 1 */
} tnm_constant_rules;

static tnm_status check_op(tnm_layer_view *L, int32_t ix, tnm_constant_rules *rules,
                           tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_status st;

    rules->weights_bytes = 0;
    rules->has_constants = 0;
    rules->quant_expected = 0;
    rules->quant_per_tensor_ok = 0;
    L->macs = 0;
    L->out_channels = 0;
    L->batches = 0;

    switch (L->op) {
    case TNM_OP_CONV_2D:
    case TNM_OP_DEPTHWISE_CONV_2D: {
        int depthwise = L->op == TNM_OP_DEPTHWISE_CONV_2D;
        uint64_t window;
        if ((st = check_type(&L->in, TNM_TYPE_INT8, TNM_FIELD_LAYER_INPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_type(&L->out, TNM_TYPE_INT8, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_spatial(L, 1, ix, err)) != TNM_OK) return st;
        if (depthwise) {
            if ((st = check_range(p[12], 1, 65535, TNM_ERR_FORMAT, TNM_FIELD_LAYER_DEPTH_MULTIPLIER, ix, err)) != TNM_OK) return st;
            if ((int64_t)L->out.nhwc.c != (int64_t)L->in.nhwc.c * p[12])
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.nhwc.c,
                                count_i32((int64_t)L->in.nhwc.c * p[12]));
        } else if ((st = check_equal(p[12], 1, TNM_FIELD_LAYER_DEPTH_MULTIPLIER, ix, err)) != TNM_OK) {
            return st;
        }
        if ((st = check_offsets_in_out(L, ix, err)) != TNM_OK) return st;
        if ((st = check_activation(p, ix, err)) != TNM_OK) return st;
        L->out_channels = L->out.nhwc.c;
        window = mul_cap((uint64_t)p[10], (uint64_t)p[11]);
        if (depthwise) {
            rules->weights_bytes = mul_cap(window, (uint64_t)L->out.nhwc.c);
            L->macs = (int64_t)mul_cap((uint64_t)L->out.elements, window);
        } else {
            rules->weights_bytes = mul_cap(mul_cap((uint64_t)L->out.nhwc.c, window), (uint64_t)L->in.nhwc.c);
            L->macs = (int64_t)mul_cap(mul_cap((uint64_t)L->out.elements, window), (uint64_t)L->in.nhwc.c);
        }
        rules->has_constants = 1;
        /* The conv kernels take one multiplier per output channel (tnm_kernels.h):
         * the compiler expands per-tensor quantization. */
        rules->quant_expected = (uint32_t)L->out_channels;
        rules->quant_per_tensor_ok = 0;
        return TNM_OK;
    }
    case TNM_OP_FULLY_CONNECTED: {
        int64_t accum = p[5], depth = p[6];
        if ((st = check_type(&L->in, TNM_TYPE_INT8, TNM_FIELD_LAYER_INPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_type(&L->out, TNM_TYPE_INT8, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_offsets_in_out(L, ix, err)) != TNM_OK) return st;
        if ((st = check_activation(p, ix, err)) != TNM_OK) return st;
        if ((st = check_range(p[4], -127, 128, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, ix, err)) != TNM_OK) return st;
        if ((st = check_range(p[5], 1, L->in.elements, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, ix, err)) != TNM_OK) return st;
        if ((st = check_range(p[6], 1, L->out.elements, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, ix, err)) != TNM_OK) return st;
        if (L->in.elements % accum != 0)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->in.elements,
                            count_i32((L->in.elements / accum + 1) * accum));
        L->batches = (int32_t)(L->in.elements / accum);
        if ((int64_t)L->out.elements != (int64_t)L->batches * depth)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.elements,
                            count_i32((int64_t)L->batches * depth));
        L->out_channels = (int32_t)depth;
        rules->weights_bytes = (uint64_t)depth * (uint64_t)accum;
        L->macs = (int64_t)L->batches * accum * depth;
        rules->has_constants = 1;
        rules->quant_expected = (uint32_t)depth;
        rules->quant_per_tensor_ok = 1;
        return TNM_OK;
    }
    case TNM_OP_AVERAGE_POOL_2D:
    case TNM_OP_MAX_POOL_2D:
        if ((st = check_type(&L->in, TNM_TYPE_INT8, TNM_FIELD_LAYER_INPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_type(&L->out, TNM_TYPE_INT8, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_spatial(L, 0, ix, err)) != TNM_OK) return st;
        if (L->out.nhwc.c != L->in.nhwc.c)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.nhwc.c, L->in.nhwc.c);
        /* Pooling does not requantize: in and out share scale and zero point. */
        if (L->out.zero_point != L->in.zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)L->output,
                            L->out.zero_point, L->in.zero_point);
        if (f32_bits(L->out.scale) != f32_bits(L->in.scale))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)L->output,
                            bits_i32(f32_bits(L->out.scale)), bits_i32(f32_bits(L->in.scale)));
        if (L->op == TNM_OP_AVERAGE_POOL_2D) {
            /* The int32 window sum must not overflow: at most 2^23 taps (as the kernel). */
            int64_t taps_h = p[10] < L->in.nhwc.h ? p[10] : L->in.nhwc.h;
            int64_t taps_w = p[11] < L->in.nhwc.w ? p[11] : L->in.nhwc.w;
            if (taps_h * taps_w > ((int64_t)1 << 23))
                return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_FILTER_SIZE, ix,
                                count_i32(taps_h * taps_w), 1 << 23);
        }
        return check_activation(p, ix, err);
    case TNM_OP_SOFTMAX:
        if ((st = check_type(&L->in, TNM_TYPE_INT8, TNM_FIELD_LAYER_INPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_type(&L->out, TNM_TYPE_INT8, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_same_dims(&L->in, &L->out, ix, err)) != TNM_OK) return st;
        if (L->out.zero_point != -128)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, (int32_t)L->output,
                            L->out.zero_point, -128);
        if (L->out.scale != 1.0f / 256.0f)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)L->output,
                            bits_i32(f32_bits(L->out.scale)), bits_i32(f32_bits(1.0f / 256.0f)));
        if (p[0] < (1 << 30))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, ix, p[0], 1 << 30);
        if ((st = check_shift(p[1], 0, 30, ix, err)) != TNM_OK) return st;
        return check_range(p[2], INT32_MIN + 1, 0, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, ix, err);
    case TNM_OP_ADD:
    case TNM_OP_MUL: {
        const tnm_dims *a = &L->in.nhwc, *b = &L->in2.nhwc, *o = &L->out.nhwc;
        const int32_t ad[4] = {a->n, a->h, a->w, a->c}, bd[4] = {b->n, b->h, b->w, b->c};
        const int32_t od[4] = {o->n, o->h, o->w, o->c};
        int i;
        if ((st = check_type(&L->in, TNM_TYPE_INT8, TNM_FIELD_LAYER_INPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_type(&L->in2, TNM_TYPE_INT8, TNM_FIELD_LAYER_INPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_type(&L->out, TNM_TYPE_INT8, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, err)) != TNM_OK) return st;
        for (i = 0; i < 4; i++) {
            int32_t want = ad[i] == 1 ? bd[i] : ad[i];
            if (od[i] != want) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, od[i], want);
            if (ad[i] != 1 && ad[i] != od[i]) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, ad[i], od[i]);
            if (bd[i] != 1 && bd[i] != od[i]) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, bd[i], od[i]);
        }
        if ((st = check_equal(p[0], -L->in.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err)) != TNM_OK) return st;
        if ((st = check_equal(p[1], -L->in2.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err)) != TNM_OK) return st;
        if ((st = check_activation(p, ix, err)) != TNM_OK) return st;
        if ((st = check_equal(p[4], L->out.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err)) != TNM_OK) return st;
        if (L->op == TNM_OP_ADD) {
            /* left_shift: 20 for int8; larger would overflow the int32 sums. */
            if ((st = check_shift(p[5], 0, 20, ix, err)) != TNM_OK) return st;
            if ((st = check_multiplier(p[6], ix, err)) != TNM_OK) return st;
            /* ADD's multipliers all scale down (TFLite's int8 ADD): shifts <= 0. */
            if ((st = check_shift(p[7], -31, 0, ix, err)) != TNM_OK) return st;
            if ((st = check_multiplier(p[8], ix, err)) != TNM_OK) return st;
            if ((st = check_shift(p[9], -31, 0, ix, err)) != TNM_OK) return st;
            if ((st = check_multiplier(p[10], ix, err)) != TNM_OK) return st;
            return check_shift(p[11], -31, 0, ix, err);
        }
        if ((st = check_multiplier(p[5], ix, err)) != TNM_OK) return st;
        return check_shift(p[6], -31, 30, ix, err);
    }
    case TNM_OP_RESHAPE:
        if (L->out.type != L->in.type)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, L->out.type, L->in.type);
        if (L->out.size_bytes != L->in.size_bytes)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix,
                            bits_i32(L->out.size_bytes), bits_i32(L->in.size_bytes));
        return TNM_OK;
    case TNM_OP_QUANTIZE:
        if ((st = check_type(&L->out, TNM_TYPE_INT8, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_same_dims(&L->in, &L->out, ix, err)) != TNM_OK) return st;
        if (L->in.type == TNM_TYPE_FLOAT32) {
            if ((uint32_t)p[0] != f32_bits(L->out.scale))
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)L->output,
                                bits_i32(f32_bits(L->out.scale)), p[0]);
            return check_equal(p[1], L->out.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err);
        }
        if ((st = check_type(&L->in, TNM_TYPE_INT8, TNM_FIELD_LAYER_INPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_multiplier(p[0], ix, err)) != TNM_OK) return st;
        if ((st = check_shift(p[1], -31, 30, ix, err)) != TNM_OK) return st;
        if ((st = check_equal(p[2], L->in.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err)) != TNM_OK) return st;
        return check_equal(p[3], L->out.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err);
    case TNM_OP_DEQUANTIZE:
        if ((st = check_type(&L->in, TNM_TYPE_INT8, TNM_FIELD_LAYER_INPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_type(&L->out, TNM_TYPE_FLOAT32, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, err)) != TNM_OK) return st;
        if ((st = check_same_dims(&L->in, &L->out, ix, err)) != TNM_OK) return st;
        if ((st = check_equal(p[0], L->in.zero_point, TNM_FIELD_LAYER_ZERO_POINT, ix, err)) != TNM_OK) return st;
        if ((uint32_t)p[1] != f32_bits(L->in.scale))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, (int32_t)L->input,
                            bits_i32(f32_bits(L->in.scale)), p[1]);
        return TNM_OK;
    default:
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, ix, L->op, TNM_OP_COUNT - 1);
    }
}

static tnm_status check_quant_values(const uint8_t *blob, const tnm_layer_view *L, int32_t ix,
                                     tnm_error *err)
{
    const uint8_t *mult = blob + L->quant_offset;
    const uint8_t *shift = mult + 4u * L->quant_count;
    uint32_t i;
    tnm_status st;
    for (i = 0; i < L->quant_count; i++) {
        if ((st = check_multiplier(load_i32(mult + 4u * i), ix, err)) != TNM_OK) return st;
        if ((st = check_shift((int32_t)(int8_t)shift[i], -31, 30, ix, err)) != TNM_OK) return st;
    }
    return TNM_OK;
}

tnm_status tnm_read_layer(const uint8_t *blob, const tnm_header_view *hdr, uint32_t index,
                          tnm_layer_view *L, tnm_error *err)
{
    const uint8_t *rec = blob + hdr->layer_table_offset + (size_t)index * TNM_LAYER_RECORD_SIZE;
    const int32_t ix = (int32_t)index;
    tnm_constant_rules rules;
    tnm_status st;
    int i, two_inputs;

    L->op = rec[0];
    /* Byte 1 is reserved and ignored. */
    L->input = load_u16(rec + 2);
    L->input2 = load_u16(rec + 4);
    L->output = load_u16(rec + 6);
    L->weights_offset = load_u32(rec + 8);
    L->weights_size = load_u32(rec + 12);
    L->bias_offset = load_u32(rec + 16);
    L->quant_offset = load_u32(rec + 20);
    L->quant_count = load_u32(rec + 24);
    for (i = 0; i < TNM_LAYER_PARAM_COUNT; i++) L->params[i] = load_i32(rec + 28 + 4 * i);
    L->scratch_size = 0;
    L->scratch_offset = 0;

    if (L->op < TNM_OP_CONV_2D || L->op >= TNM_OP_COUNT)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, ix, L->op, TNM_OP_COUNT - 1);
    two_inputs = L->op == TNM_OP_ADD || L->op == TNM_OP_MUL;
    if (L->input >= hdr->tensor_count)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT, ix, (int32_t)L->input,
                        (int32_t)hdr->tensor_count);
    if (two_inputs ? L->input2 >= hdr->tensor_count : L->input2 != TNM_NO_TENSOR)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_INPUT2, ix, (int32_t)L->input2,
                        two_inputs ? (int32_t)hdr->tensor_count : TNM_NO_TENSOR);
    if (L->output >= hdr->tensor_count)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT, ix, (int32_t)L->output,
                        (int32_t)hdr->tensor_count);
    if ((st = tnm_read_tensor(blob, hdr, L->input, &L->in, err)) != TNM_OK) return st;
    if (two_inputs && (st = tnm_read_tensor(blob, hdr, L->input2, &L->in2, err)) != TNM_OK) return st;
    if ((st = tnm_read_tensor(blob, hdr, L->output, &L->out, err)) != TNM_OK) return st;
    if (!two_inputs) L->in2 = L->in; /* keeps the view defined; unused */

    if ((st = check_op(L, ix, &rules, err)) != TNM_OK) return st;

    /* The output is written while the inputs are read: they must not share bytes.
     * RESHAPE is a memmove (or nothing when the offsets are equal). */
    if (L->op != TNM_OP_RESHAPE) {
        if (ranges_overlap(&L->out, &L->in))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_ARENA, ix, bits_i32(L->out.arena_offset),
                            bits_i32(L->in.arena_offset));
        if (two_inputs && ranges_overlap(&L->out, &L->in2))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_ARENA, ix, bits_i32(L->out.arena_offset),
                            bits_i32(L->in2.arena_offset));
    }

    /* Constant data. */
    if (rules.has_constants) {
        if (L->weights_size != rules.weights_bytes)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS_SIZE, ix,
                            bits_i32(L->weights_size), pos_i32(rules.weights_bytes));
        if (L->quant_count != rules.quant_expected &&
            !(rules.quant_per_tensor_ok && L->quant_count == 1))
            return tnm_fail(err, rules.quant_per_tensor_ok ? TNM_ERR_FORMAT : TNM_ERR_UNSUPPORTED,
                            TNM_FIELD_LAYER_QUANT_COUNT, ix, bits_i32(L->quant_count),
                            (int32_t)rules.quant_expected);
    } else {
        if (L->weights_size != 0)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_WEIGHTS_SIZE, ix,
                            bits_i32(L->weights_size), 0);
        if (L->quant_count != 0)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT_COUNT, ix,
                            bits_i32(L->quant_count), 0);
    }
    st = check_constant(hdr, L->weights_offset, L->weights_size, rules.has_constants, 1,
                        TNM_FIELD_LAYER_WEIGHTS, ix, err);
    if (st != TNM_OK) return st;
    st = check_constant(hdr, L->bias_offset, 4u * (uint64_t)L->out_channels, rules.has_constants, 0,
                        TNM_FIELD_LAYER_BIAS, ix, err);
    if (st != TNM_OK) return st;
    st = check_constant(hdr, L->quant_offset, 5u * (uint64_t)L->quant_count, rules.has_constants, 1,
                        TNM_FIELD_LAYER_QUANT, ix, err);
    if (st != TNM_OK) return st;
    if (rules.has_constants) {
        if ((st = check_quant_values(blob, L, ix, err)) != TNM_OK) return st;
        if ((st = check_memory_alignment(blob, L->bias_offset, TNM_FIELD_LAYER_BIAS, ix, err)) != TNM_OK) return st;
        if ((st = check_memory_alignment(blob, L->quant_offset, TNM_FIELD_LAYER_QUANT, ix, err)) != TNM_OK) return st;
    }

    /* Scratch: the kernel's request, at the top of the arena, above the layer's tensors. */
    if (L->op == TNM_OP_CONV_2D || L->op == TNM_OP_DEPTHWISE_CONV_2D) {
        tnm_dims filter;
        int32_t need;
        uint32_t top = 0;
        filter.n = L->op == TNM_OP_CONV_2D ? L->out.nhwc.c : 1;
        filter.h = L->params[10];
        filter.w = L->params[11];
        filter.c = L->op == TNM_OP_CONV_2D ? L->in.nhwc.c : L->out.nhwc.c;
        need = L->op == TNM_OP_CONV_2D
                   ? tnm_conv_s8_scratch_size(&L->in.nhwc, &filter, &L->out.nhwc)
                   : tnm_depthwise_conv_s8_scratch_size(&L->in.nhwc, &filter, &L->out.nhwc);
        if (need < 0) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_SCRATCH, ix, need, 0);
        if (need > 0) {
            uint32_t end_in = L->in.arena_offset + L->in.size_bytes;
            uint32_t end_out = L->out.arena_offset + L->out.size_bytes;
            top = end_in > end_out ? end_in : end_out;
            if ((uint32_t)need > hdr->arena_size - top ||
                ((hdr->arena_size - (uint32_t)need) & ~3u) < top)
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_SCRATCH, ix, need,
                                (int32_t)((hdr->arena_size - top) & ~3u));
            L->scratch_offset = (hdr->arena_size - (uint32_t)need) & ~3u;
        }
        L->scratch_size = need;
    }
    return TNM_OK;
}

/* ---- public API ---------------------------------------------------------- */

tnm_status tnm_model_check(const uint8_t *blob, uint32_t blob_len, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_tensor_view tensor;
    tnm_layer_view layer;
    uint32_t i;
    int output_written = 0;
    tnm_status st = tnm_read_header(blob, blob_len, 1, &hdr, err);
    if (st != TNM_OK) return st;
    for (i = 0; i < hdr.tensor_count; i++) {
        if ((st = tnm_read_tensor(blob, &hdr, i, &tensor, err)) != TNM_OK) return st;
    }
    for (i = 0; i < hdr.layer_count; i++) {
        if ((st = tnm_read_layer(blob, &hdr, i, &layer, err)) != TNM_OK) return st;
        /* The model input comes from the caller: no layer may overwrite it. */
        if (layer.output == hdr.input_tensor)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_INPUT_TENSOR, (int32_t)i,
                            (int32_t)hdr.input_tensor, (int32_t)hdr.tensor_count);
        if (layer.output == hdr.output_tensor) output_written = 1;
    }
    if (!output_written)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_OUTPUT_TENSOR, -1,
                        (int32_t)hdr.output_tensor, -1);
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}

tnm_status tnm_model_info(const uint8_t *blob, uint32_t blob_len, int32_t *info, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_status st;
    if (info == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, 0, 0);
    st = tnm_read_header(blob, blob_len, 0, &hdr, err);
    if (st != TNM_OK) return st;
    info[TNM_INFO_FORMAT_VERSION] = (int32_t)hdr.format_version;
    info[TNM_INFO_BLOB_SIZE] = (int32_t)hdr.blob_size;
    info[TNM_INFO_ARENA_SIZE] = (int32_t)hdr.arena_size;
    info[TNM_INFO_TENSOR_COUNT] = (int32_t)hdr.tensor_count;
    info[TNM_INFO_LAYER_COUNT] = (int32_t)hdr.layer_count;
    info[TNM_INFO_INPUT_TENSOR] = (int32_t)hdr.input_tensor;
    info[TNM_INFO_OUTPUT_TENSOR] = (int32_t)hdr.output_tensor;
    info[TNM_INFO_DATA_SIZE] = (int32_t)hdr.data_size;
    info[TNM_INFO_CRC32] = bits_i32(load_u32(blob + 12));
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}

tnm_status tnm_tensor_info(const uint8_t *blob, uint32_t blob_len, int32_t index,
                           int32_t *info, float *scale, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_tensor_view t;
    tnm_status st;
    int i;
    if (info == NULL || scale == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, 0, 0);
    st = tnm_read_header(blob, blob_len, 0, &hdr, err);
    if (st != TNM_OK) return st;
    if (index < 0 || (uint32_t)index >= hdr.tensor_count)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_TENSOR_INDEX, -1, index,
                        (int32_t)hdr.tensor_count);
    st = tnm_read_tensor(blob, &hdr, (uint32_t)index, &t, err);
    if (st != TNM_OK) return st;
    info[TNM_TENSOR_TYPE] = t.type;
    info[TNM_TENSOR_RANK] = t.rank;
    for (i = 0; i < TNM_MAX_RANK; i++) info[TNM_TENSOR_DIM0 + i] = t.dims[i];
    info[TNM_TENSOR_OFFSET] = (int32_t)t.arena_offset;
    info[TNM_TENSOR_SIZE] = (int32_t)t.size_bytes;
    info[TNM_TENSOR_ZERO_POINT] = t.zero_point;
    *scale = t.scale;
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}

tnm_status tnm_layer_info(const uint8_t *blob, uint32_t blob_len, int32_t index,
                          int32_t *info, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_layer_view L;
    tnm_status st;
    int i;
    if (info == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, 0, 0);
    st = tnm_read_header(blob, blob_len, 0, &hdr, err);
    if (st != TNM_OK) return st;
    if (index < 0 || (uint32_t)index >= hdr.layer_count)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_INDEX, -1, index,
                        (int32_t)hdr.layer_count);
    st = tnm_read_layer(blob, &hdr, (uint32_t)index, &L, err);
    if (st != TNM_OK) return st;
    info[TNM_LAYER_OP] = L.op;
    info[TNM_LAYER_INPUT] = (int32_t)L.input;
    info[TNM_LAYER_INPUT2] = L.input2 == TNM_NO_TENSOR ? -1 : (int32_t)L.input2;
    info[TNM_LAYER_OUTPUT] = (int32_t)L.output;
    info[TNM_LAYER_WEIGHTS_SIZE] = (int32_t)L.weights_size;
    info[TNM_LAYER_BIAS_COUNT] = L.bias_offset != 0 ? L.out_channels : 0;
    info[TNM_LAYER_QUANT_COUNT] = (int32_t)L.quant_count;
    info[TNM_LAYER_MACS] = count_i32(L.macs);
    for (i = 0; i < TNM_LAYER_PARAM_COUNT; i++) info[TNM_LAYER_PARAM0 + i] = L.params[i];
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}
