/*
 * Reading and validating a .tnm blob (format: include/tnm/tnm_model.h).
 *
 * This file is the only code that reads the blob. Every multi-byte field is read as
 * little-endian bytes (no pointer casts), every offset is checked against its section
 * before use, and sums that could wrap 32 bits are done in 64. Errors follow the
 * value/limit conventions that tnm_error.c words into sentences (see there).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tnm_runtime_internal.h"

/* ---- little-endian loads ------------------------------------------------ */

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* A little-endian core: the field's bytes are its value. memcpy at any alignment: one
 * load where the core allows unaligned ones (Cortex-M3 and up, x86), byte loads else. */
static uint32_t load_u16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint32_t load_u32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
#else
static uint32_t load_u16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }

static uint32_t load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}
#endif

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
 * comparison against a 32-bit size, and the cap keeps the product from wrapping).
 * For a, b <= 2^40, without a division (a library call on 32-bit cores): when one
 * factor is >= 2^16 and the other >= 2^24 the product is >= the cap; otherwise it is
 * below 2^64 and exact. Capping is associative for factors >= 1: min(a*b, cap) * c
 * capped is min(a*b*c, cap). Kept out of line: it is called several times and is cold. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static uint64_t mul_cap(uint64_t a, uint64_t b)
{
    const uint64_t cap = (uint64_t)1 << 40;
    uint64_t p;
    if (((a >> 16) != 0 && (b >> 24) != 0) || ((b >> 16) != 0 && (a >> 24) != 0)) return cap;
    p = a * b;
    return p > cap ? cap : p;
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

/* A value outside [lo, hi] fails with (value, the bound it broke). */
static tnm_status check_range(int32_t value, int32_t lo, int32_t hi, tnm_status code,
                              tnm_field field, int32_t ix, tnm_error *err)
{
    if (value < lo) return tnm_fail(err, code, field, ix, value, lo);
    if (value > hi) return tnm_fail(err, code, field, ix, value, hi);
    return TNM_OK;
}

/* One spatial axis of a windowed op (conv, depthwise, pool). The output size must be
 * what TFLite's VALID padding gives (with pad 0) or what SAME gives, and then pad must
 * be the top/left half of SAME's total padding. Called after the range checks: in, out,
 * filter, stride, dilation in [1, 65535] and (filter - 1) * dilation <= 65534, so 32-bit
 * arithmetic is exact (and its division one instruction, not a 64-bit library call). */
static tnm_status check_window(int32_t in, int32_t out, int32_t filter, int32_t stride,
                               int32_t dilation, int32_t pad, int32_t ix, tnm_error *err)
{
    const int32_t eff = (filter - 1) * dilation + 1;
    const int32_t valid_out = (in + stride - eff) / stride; /* truncates toward zero */
    const int32_t same_out = (in + stride - 1) / stride;
    int32_t total;
    tnm_status st;

    st = check_range(pad, 0, eff - 1, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, err);
    if (st != TNM_OK) return st;
    if (pad == 0 && out == valid_out) return TNM_OK;
    if (out != same_out)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, out,
                        pad == 0 && valid_out >= 1 ? valid_out : same_out);
    /* out == ceil(in / stride), so (out - 1) * stride < in */
    total = (out - 1) * stride + eff - in;
    if (total < 0) total = 0;
    if (pad != total / 2)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PADDING, ix, pad, total / 2);
    return TNM_OK;
}

/* ---- per-op rules ----
 * The checks of an op's types, shapes and params are data: a list of rules, each
 * comparing a value of the layer view with a bound and naming the field that broke,
 * run in order until one fails (5 bytes of table where the same check in code takes
 * about 20). Operands (a byte): a 32-bit word of the tnm_layer_view (LW), one of the
 * values check_op derives into the view before the run (LX), or a constant (LK). */
enum {
    R_EQ,      /* a == b, else (a, b) */
    R_RANGE,   /* b <= a <= c, else (a, the bound broken) */
    R_MULT,    /* Q31 multiplier a: 0 or in [2^30, 2^31), else (a, 2^30) */
    R_DILATED, /* dilation a, filter b: (b - 1) * a <= 65534, else (a, 65534 / (b - 1)) */
    R_WINDOW,  /* check_window along axis a (0: h, 1: w) */
    R_END,
    R_UNSUPPORTED = 8, /* TNM_ERR_UNSUPPORTED instead of TNM_ERR_FORMAT */
    R_AT_OUTPUT = 16,  /* index = the output tensor instead of the layer */
    R_AT_INPUT = 32    /* index = the input tensor */
};

typedef struct {
    uint8_t kind, field, a, b, c;
} tnm_rule;

/* Derived values (LX, in tnm_layer_view.derived): computed before the op's rules run,
 * without overflow whatever the record holds; a rule reads one only after the checks it
 * depends on. X_OP_VALUE is the op's own: the depthwise channel count, the average
 * pool's taps. */
enum { X_NEG_IN_ZP, X_NEG_IN2_ZP, X_OP_VALUE, X_DIL_H, X_DIL_W, X_COUNT };
typedef char tnm_rule_derived_fit[X_COUNT <= sizeof ((tnm_layer_view *)0)->derived / 4 ? 1 : -1];

static const int32_t k_rule_constants[] = {
    0, 1, 4, TNM_TYPE_INT8, -128, 127, -127, 128, 20, -31, 30, 65535,
    1 << 23, 1 << 30, INT32_MIN + 1, INT32_MAX, 0x3B800000 /* bits of 1/256 */
};
enum {
    K_0, K_1, K_4, K_INT8, K_M128, K_127, K_M127, K_128, K_20, K_M31, K_30, K_65535,
    K_2P23, K_2P30, K_MIN1, K_MAX, K_1_256
};

#define LW(member) ((uint8_t)(offsetof(tnm_layer_view, member) / 4u))
#define LX(k) ((uint8_t)(LW(derived) + (k)))
#define LK(k) ((uint8_t)(0xC0u + (k)))
#define LP(i) ((uint8_t)(LW(params) + (i)))
typedef char tnm_rule_view_fits[sizeof(tnm_layer_view) <= 4u * 0xC0u ? 1 : -1];

#define RULE(kind, field, a, b, c) {(uint8_t)(kind), (uint8_t)(field), a, b, c}
#define EQ(field, a, b) RULE(R_EQ, field, a, b, 0)
#define RANGE(field, a, lo, hi) RULE(R_RANGE, field, a, lo, hi)
#define END RULE(R_END, 0, 0, 0, 0)
#define TYPE_IS(field, tensor, k) RULE(R_EQ | R_UNSUPPORTED, field, LW(tensor.type), LK(k), 0)
/* Spatial params of conv, depthwise and pool (4..11; pools have dilation 1). The dilated
 * filter must span at most 65535 inputs (tensor dims are u16 too). */
#define SPATIAL                                                                            \
    EQ(TNM_FIELD_LAYER_SHAPE, LW(in.rank), LK(K_4)), EQ(TNM_FIELD_LAYER_SHAPE, LW(out.rank), LK(K_4)), \
    EQ(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.n), LW(in.nhwc.n)),                                \
    RANGE(TNM_FIELD_LAYER_STRIDE, LP(4), LK(K_1), LK(K_65535)),                              \
    RANGE(TNM_FIELD_LAYER_STRIDE, LP(5), LK(K_1), LK(K_65535)),                              \
    RANGE(TNM_FIELD_LAYER_DILATION, LX(X_DIL_H), LK(K_1), LK(K_65535)),                      \
    RANGE(TNM_FIELD_LAYER_DILATION, LX(X_DIL_W), LK(K_1), LK(K_65535)),                      \
    RANGE(TNM_FIELD_LAYER_FILTER_SIZE, LP(10), LK(K_1), LK(K_65535)),                        \
    RANGE(TNM_FIELD_LAYER_FILTER_SIZE, LP(11), LK(K_1), LK(K_65535)),                        \
    RULE(R_DILATED, TNM_FIELD_LAYER_DILATION, LX(X_DIL_H), LP(10), 0),                       \
    RULE(R_DILATED, TNM_FIELD_LAYER_DILATION, LX(X_DIL_W), LP(11), 0),                       \
    RULE(R_WINDOW, TNM_FIELD_LAYER_SHAPE, 0, 0, 0), RULE(R_WINDOW, TNM_FIELD_LAYER_SHAPE, 1, 0, 0)
/* act_min in [-128, 127], act_max in [act_min, 127] */
#define ACTIVATION                                                                         \
    RANGE(TNM_FIELD_LAYER_ACTIVATION, LP(2), LK(K_M128), LK(K_127)),                         \
    RANGE(TNM_FIELD_LAYER_ACTIVATION, LP(3), LP(2), LK(K_127))
/* The output has the input's shape (compared right-aligned: [1,10] and [10] agree). */
#define SAME_DIMS                                                                          \
    EQ(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.n), LW(in.nhwc.n)),                                \
    EQ(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.h), LW(in.nhwc.h)),                                \
    EQ(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.w), LW(in.nhwc.w)),                                \
    EQ(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LW(in.nhwc.c))
#define MULTIPLIER(i) RULE(R_MULT, TNM_FIELD_LAYER_MULTIPLIER, LP(i), 0, 0)
#define SHIFT(i, lo, hi) RANGE(TNM_FIELD_LAYER_SHIFT, LP(i), LK(lo), LK(hi))

/* Ops 1..6 (CONV_2D to SOFTMAX) start with check_int8_io; the rules below follow, and
 * check_offsets_activation where the comments say; then the rest of check_op. */
/* CONV_2D, DEPTHWISE_CONV_2D: then zero points and activation */
static const tnm_rule k_rules_conv[] = {
    SPATIAL, EQ(TNM_FIELD_LAYER_DEPTH_MULTIPLIER, LP(12), LK(K_1)), END};
static const tnm_rule k_rules_depthwise[] = {
    SPATIAL, RANGE(TNM_FIELD_LAYER_DEPTH_MULTIPLIER, LP(12), LK(K_1), LK(K_65535)),
    EQ(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LX(X_OP_VALUE)), END};
/* FULLY_CONNECTED (the op of whole models, checked on every invoke): all in check_op */
static const tnm_rule k_rules_fully_connected[] = {END};
/* Pooling does not requantize: in and out share scale and zero point. Then the
 * activation. */
#define POOL_COMMON                                                                        \
    SPATIAL, EQ(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LW(in.nhwc.c)),                       \
    RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LW(in.zero_point), 0), \
    RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LW(in.scale), 0)
/* The int32 window sum must not overflow: at most 2^23 taps (as the kernel). */
static const tnm_rule k_rules_average_pool[] = {
    POOL_COMMON,
    RULE(R_RANGE | R_UNSUPPORTED, TNM_FIELD_LAYER_FILTER_SIZE, LX(X_OP_VALUE), LK(K_0), LK(K_2P23)),
    END};
static const tnm_rule k_rules_max_pool[] = {POOL_COMMON, END};
/* int8 out with scale 1/256 and zero point -128 (finite positive scales are equal exactly
 * when their bits are) */
static const tnm_rule k_rules_softmax[] = {
    SAME_DIMS,
    RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LK(K_M128), 0),
    RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LK(K_1_256), 0),
    RANGE(TNM_FIELD_LAYER_MULTIPLIER, LP(0), LK(K_2P30), LK(K_MAX)),
    SHIFT(1, K_0, K_30),
    RANGE(TNM_FIELD_LAYER_PARAMS, LP(2), LK(K_MIN1), LK(K_0)), END};
/* then the broadcast shapes and k_rules_add / k_rules_mul (check_op) */
static const tnm_rule k_rules_elementwise[] = {
    TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in, K_INT8), TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in2, K_INT8),
    TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT8), END};
#define ELEMENTWISE_PARAMS                                                                 \
    EQ(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)),                                  \
    EQ(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LX(X_NEG_IN2_ZP)), ACTIVATION,                     \
    EQ(TNM_FIELD_LAYER_ZERO_POINT, LP(4), LW(out.zero_point))
/* ADD: left_shift 20 for int8 (larger would overflow the int32 sums); the multipliers
 * all scale down (TFLite's int8 ADD): shifts <= 0. */
static const tnm_rule k_rules_add[] = {
    ELEMENTWISE_PARAMS, SHIFT(5, K_0, K_20), MULTIPLIER(6), SHIFT(7, K_M31, K_0),
    MULTIPLIER(8), SHIFT(9, K_M31, K_0), MULTIPLIER(10), SHIFT(11, K_M31, K_0), END};
static const tnm_rule k_rules_mul[] = {ELEMENTWISE_PARAMS, MULTIPLIER(5), SHIFT(6, K_M31, K_30), END};
static const tnm_rule k_rules_reshape[] = {
    EQ(TNM_FIELD_LAYER_OUTPUT_TYPE, LW(out.type), LW(in.type)),
    EQ(TNM_FIELD_LAYER_SHAPE, LW(out.size_bytes), LW(in.size_bytes)), END};
/* then k_rules_quantize_f32 or _s8 (check_op) */
static const tnm_rule k_rules_quantize[] = {
    TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT8), SAME_DIMS, END};
static const tnm_rule k_rules_quantize_f32[] = {
    RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LP(0), 0),
    EQ(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LW(out.zero_point)), END};
static const tnm_rule k_rules_quantize_s8[] = {
    TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in, K_INT8), MULTIPLIER(0), SHIFT(1, K_M31, K_30),
    EQ(TNM_FIELD_LAYER_ZERO_POINT, LP(2), LW(in.zero_point)),
    EQ(TNM_FIELD_LAYER_ZERO_POINT, LP(3), LW(out.zero_point)), END};
static const tnm_rule k_rules_dequantize[] = {
    TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in, K_INT8), TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_0),
    SAME_DIMS, EQ(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LW(in.zero_point)),
    RULE(R_EQ | R_AT_INPUT, TNM_FIELD_TENSOR_SCALE, LW(in.scale), LP(1), 0), END};

/* By op; NULL for the ops this build leaves out (TNM_OP_SET). */
#define RULES_IF(op, rules) (TNM_OP_ENABLED(op) ? (rules) : NULL)
static const tnm_rule *const k_op_rules[TNM_OP_COUNT] = {
    NULL,
    RULES_IF(TNM_OP_CONV_2D, k_rules_conv),
    RULES_IF(TNM_OP_DEPTHWISE_CONV_2D, k_rules_depthwise),
    RULES_IF(TNM_OP_FULLY_CONNECTED, k_rules_fully_connected),
    RULES_IF(TNM_OP_AVERAGE_POOL_2D, k_rules_average_pool),
    RULES_IF(TNM_OP_MAX_POOL_2D, k_rules_max_pool),
    RULES_IF(TNM_OP_SOFTMAX, k_rules_softmax),
    RULES_IF(TNM_OP_ADD, k_rules_elementwise),
    RULES_IF(TNM_OP_MUL, k_rules_elementwise),
    RULES_IF(TNM_OP_RESHAPE, k_rules_reshape),
    RULES_IF(TNM_OP_QUANTIZE, k_rules_quantize),
    RULES_IF(TNM_OP_DEQUANTIZE, k_rules_dequantize)};

/* Word o of the view (memcpy: its float words are read as their bits). */
static int32_t view_word(const tnm_layer_view *L, uint8_t o)
{
    int32_t v;
    memcpy(&v, (const uint8_t *)L + 4u * o, sizeof v);
    return v;
}

/* A bound: a word of the view or a constant. */
static int32_t rule_bound(const tnm_layer_view *L, uint8_t o)
{
    return o >= 0xC0u ? k_rule_constants[o - 0xC0u] : view_word(L, o);
}

/* Runs the rules up to R_END. Operand a is always a word of the view (the value
 * checked; for R_WINDOW and R_END a small number, read and ignored), so the common
 * rules cost a few instructions each. */
static tnm_status run_rules(const tnm_rule *r, const tnm_layer_view *L, int32_t ix, tnm_error *err)
{
    for (;; ++r) {
        const int kind = r->kind & 7;
        const int32_t a = view_word(L, r->a);
        const int32_t b = rule_bound(L, r->b);
        int32_t limit;
        if (kind == R_EQ) {
            if (a == b) continue;
            limit = b;
        } else if (kind == R_RANGE) {
            const int32_t hi = rule_bound(L, r->c);
            if (a < b) limit = b;
            else if (a > hi) limit = hi;
            else continue;
        } else if (kind == R_MULT) {
            if (a == 0 || a >= (1 << 30)) continue;
            limit = 1 << 30;
        } else if (kind == R_DILATED) { /* both in [1, 65535] by then: the product fits in 32 bits */
            if (b <= 1 || (uint32_t)(b - 1) * (uint32_t)a <= 65534u) continue;
            limit = 65534 / (b - 1);
        } else if (kind == R_WINDOW) {
            const int ax = r->a;
            const int32_t *p = L->params;
            const tnm_status st = check_window(ax ? L->in.nhwc.w : L->in.nhwc.h,
                                               ax ? L->out.nhwc.w : L->out.nhwc.h, p[10 + ax],
                                               p[4 + ax], L->derived[X_DIL_H + ax], p[6 + ax], ix, err);
            if (st != TNM_OK) return st;
            continue;
        } else { /* R_END */
            return TNM_OK;
        }
        return tnm_fail(err, (r->kind & R_UNSUPPORTED) ? TNM_ERR_UNSUPPORTED : TNM_ERR_FORMAT,
                        (tnm_field)r->field,
                        (r->kind & R_AT_OUTPUT) ? (int32_t)L->output
                        : (r->kind & R_AT_INPUT) ? (int32_t)L->input : ix,
                        a, limit);
    }
}

/* The hot checks of ops 1..6 in code (every layer of a model runs them on each invoke):
 * int8 input and output; the zero-point params (when offsets) and the activation range. */
static tnm_status check_int8_io(const tnm_layer_view *L, int32_t ix, tnm_error *err)
{
    if (L->in.type != TNM_TYPE_INT8)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, L->in.type, TNM_TYPE_INT8);
    if (L->out.type != TNM_TYPE_INT8)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, ix, L->out.type, TNM_TYPE_INT8);
    return TNM_OK;
}

static tnm_status check_offsets_activation(const tnm_layer_view *L, int offsets, int32_t ix,
                                           tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_status st;
    if (offsets) { /* both tensors int8 here: no overflow */
        if (p[0] != -L->in.zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, ix, p[0], -L->in.zero_point);
        if (p[1] != L->out.zero_point)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, ix, p[1], L->out.zero_point);
    }
    /* act_min in [-128, 127], act_max in [act_min, 127] */
    st = check_range(p[2], -128, 127, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, ix, err);
    if (st != TNM_OK) return st;
    return check_range(p[3], p[2], 127, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ACTIVATION, ix, err);
}

static tnm_status check_multiplier(int32_t m, int32_t ix, tnm_error *err)
{
    if (m != 0 && m < (1 << 30))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, ix, m, 1 << 30);
    return TNM_OK;
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

/* What check_op found out about the op's constant arrays. */
typedef struct {
    uint64_t weights_bytes;
    int has_constants; /* weights + quant required, bias optional */
    uint32_t quant_expected; /* quant_count must be this ... */
    int quant_per_tensor_ok; /* ... or 1 */
} tnm_constant_rules;

/* Per-op types, shapes and params (the rules above, and what does not fit them). Sets
 * out_channels, batches, macs, and the rules for the constant arrays. */
static tnm_status check_op(tnm_layer_view *L, int32_t ix, tnm_constant_rules *rules,
                           tnm_error *err)
{
    const int32_t *p = L->params;
    int32_t *x = L->derived;
    tnm_status st;

    rules->weights_bytes = 0;
    rules->has_constants = 0;
    rules->quant_expected = 0;
    rules->quant_per_tensor_ok = 0;
    L->macs = 0;
    L->out_channels = 0;
    L->batches = 0;

    x[X_NEG_IN_ZP] = (int32_t)(0u - (uint32_t)L->in.zero_point);
    x[X_NEG_IN2_ZP] = (int32_t)(0u - (uint32_t)L->in2.zero_point);
    x[X_OP_VALUE] = 0;
    x[X_DIL_H] = 1;
    x[X_DIL_W] = 1;
    if (L->op == TNM_OP_CONV_2D || L->op == TNM_OP_DEPTHWISE_CONV_2D) {
        x[X_DIL_H] = p[8];
        x[X_DIL_W] = p[9];
        x[X_OP_VALUE] = count_i32((int64_t)L->in.nhwc.c * p[12]);
    } else if (L->op == TNM_OP_AVERAGE_POOL_2D) {
        x[X_OP_VALUE] = count_i32((int64_t)(p[10] < L->in.nhwc.h ? p[10] : L->in.nhwc.h) *
                                  (p[11] < L->in.nhwc.w ? p[11] : L->in.nhwc.w));
    }
    if (L->op <= TNM_OP_SOFTMAX && (st = check_int8_io(L, ix, err)) != TNM_OK) return st;
    if (L->op == TNM_OP_FULLY_CONNECTED && (st = check_offsets_activation(L, 1, ix, err)) != TNM_OK)
        return st;
    if ((st = run_rules(k_op_rules[L->op], L, ix, err)) != TNM_OK) return st;
    if (L->op <= TNM_OP_MAX_POOL_2D && L->op != TNM_OP_FULLY_CONNECTED &&
        (st = check_offsets_activation(L, L->op <= TNM_OP_DEPTHWISE_CONV_2D, ix, err)) != TNM_OK)
        return st;

    switch (L->op) {
    case TNM_OP_CONV_2D:
    case TNM_OP_DEPTHWISE_CONV_2D: {
        /* weights per output channel: the window (times the input channels for CONV_2D) */
        uint64_t per_output = mul_cap((uint64_t)p[10], (uint64_t)p[11]);
        if (L->op == TNM_OP_CONV_2D) per_output = mul_cap(per_output, (uint64_t)L->in.nhwc.c);
        L->out_channels = L->out.nhwc.c;
        rules->weights_bytes = mul_cap(per_output, (uint64_t)L->out.nhwc.c);
        L->macs = (int64_t)mul_cap(per_output, (uint64_t)L->out.elements);
        rules->has_constants = 1;
        /* The conv kernels take one multiplier per output channel (tnm_kernels.h):
         * the compiler expands per-tensor quantization. */
        rules->quant_expected = (uint32_t)L->out_channels;
        return TNM_OK;
    }
    case TNM_OP_FULLY_CONNECTED: {
        const int32_t accum = p[5], depth = p[6];
        if ((st = check_range(p[4], -127, 128, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, ix, err)) != TNM_OK) return st;
        if ((st = check_range(accum, 1, L->in.elements, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, ix, err)) != TNM_OK) return st;
        if ((st = check_range(depth, 1, L->out.elements, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAMS, ix, err)) != TNM_OK) return st;
        /* 1 <= accum <= in.elements: 32-bit division */
        L->batches = L->in.elements / accum;
        if (L->batches * accum != L->in.elements)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->in.elements,
                            count_i32(((int64_t)L->batches + 1) * accum));
        if ((int64_t)L->out.elements != (int64_t)L->batches * depth)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.elements,
                            count_i32((int64_t)L->batches * depth));
        L->out_channels = depth;
        rules->weights_bytes = (uint64_t)depth * (uint64_t)accum;
        L->macs = (int64_t)L->batches * accum * depth;
        rules->has_constants = 1;
        rules->quant_expected = (uint32_t)depth;
        rules->quant_per_tensor_ok = 1;
        return TNM_OK;
    }
    case TNM_OP_ADD:
    case TNM_OP_MUL: {
        /* each input dim equal to the output's or 1 (broadcast) */
        const tnm_dims *a = &L->in.nhwc, *b = &L->in2.nhwc, *o = &L->out.nhwc;
        const int32_t ad[4] = {a->n, a->h, a->w, a->c}, bd[4] = {b->n, b->h, b->w, b->c};
        const int32_t od[4] = {o->n, o->h, o->w, o->c};
        int i;
        if (!TNM_OP_ENABLED(TNM_OP_ADD) && !TNM_OP_ENABLED(TNM_OP_MUL)) break;
        for (i = 0; i < 4; i++) {
            const int32_t want = ad[i] == 1 ? bd[i] : ad[i];
            if (od[i] != want) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, od[i], want);
            if (ad[i] != 1 && ad[i] != od[i]) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, ad[i], od[i]);
            if (bd[i] != 1 && bd[i] != od[i]) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, bd[i], od[i]);
        }
        return run_rules(L->op == TNM_OP_ADD ? k_rules_add : k_rules_mul, L, ix, err);
    }
    case TNM_OP_QUANTIZE:
        if (!TNM_OP_ENABLED(TNM_OP_QUANTIZE)) break;
        return run_rules(L->in.type == TNM_TYPE_FLOAT32 ? k_rules_quantize_f32 : k_rules_quantize_s8,
                         L, ix, err);
    default:
        break;
    }
    return TNM_OK;
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
        if ((st = check_range((int32_t)(int8_t)shift[i], -31, 30, TNM_ERR_FORMAT,
                              TNM_FIELD_LAYER_SHIFT, ix, err)) != TNM_OK) return st;
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
    if (!TNM_OP_ENABLED(L->op))
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, ix, L->op, -1);
    two_inputs = (TNM_OP_ENABLED(TNM_OP_ADD) && L->op == TNM_OP_ADD) ||
                 (TNM_OP_ENABLED(TNM_OP_MUL) && L->op == TNM_OP_MUL);
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
