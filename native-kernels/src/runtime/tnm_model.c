/*
 * Reading and validating a .tnm blob (format 2: include/tnm/tnm_model.h).
 *
 * This file is the only code that reads the blob's header, tables and lists. Every
 * multi-byte field is read as little-endian bytes (no pointer casts), every offset is
 * checked against its section before use, and sums that could wrap 32 bits are done in
 * 64. The generic checks of a layer (operator, lists, tensors, constants, arena overlap,
 * quantization array, scratch) are here; what depends on the operator is its module's
 * check (src/ops). Errors follow the value/limit conventions that tnm_error.c words into
 * sentences (see there).
 */
#include <float.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tnm_runtime_internal.h"

/* ---- little-endian loads ------------------------------------------------ */

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&                     \
    (defined(__ARM_FEATURE_UNALIGNED) || defined(__x86_64__) || defined(__i386__) || defined(__aarch64__))
/* A little-endian core with unaligned loads (Cortex-M3 and up, x86, AArch64): the field's
 * bytes are its value, memcpy is one load. Other cores (rv32: -Os compiled it as a call to
 * memcpy per field, 3% of VWW's inference) assemble the bytes. */
uint32_t tnm_load_u16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

uint32_t tnm_load_u32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
#else
uint32_t tnm_load_u16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }

uint32_t tnm_load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}
#endif

/* Bit pattern of a u32 as an int32 (error values carry offsets this way; the
 * sentences print offset fields as unsigned). */
int32_t tnm_bits_i32(uint32_t u)
{
    int32_t v;
    memcpy(&v, &u, sizeof v);
    return v;
}

int32_t tnm_load_i32(const uint8_t *p) { return tnm_bits_i32(tnm_load_u32(p)); }

float tnm_bits_f32(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

uint32_t tnm_f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

#define load_u16 tnm_load_u16
#define load_u32 tnm_load_u32
#define load_i32 tnm_load_i32
#define bits_i32 tnm_bits_i32

/* An unsigned 64-bit byte position as an int32 error value (saturated at 2^32 - 1). Out of
 * line: one call is smaller than the comparison inlined at each of its error sites. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int32_t pos_i32(uint64_t v) { return bits_i32(v > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)v); }

/* A signed 64-bit count as an int32 error value (saturated). */
int32_t tnm_count_i32(int64_t v)
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
uint64_t tnm_mul_cap(uint64_t a, uint64_t b)
{
    const uint64_t cap = (uint64_t)1 << 40;
    uint64_t p;
    if (((a >> 16) != 0 && (b >> 24) != 0) || ((b >> 16) != 0 && (a >> 24) != 0)) return cap;
    p = a * b;
    return p > cap ? cap : p;
}

tnm_status tnm_check_range(int32_t value, int32_t lo, int32_t hi, tnm_status code,
                           tnm_field field, int32_t ix, tnm_error *err)
{
    if (value < lo) return tnm_fail(err, code, field, ix, value, lo);
    if (value > hi) return tnm_fail(err, code, field, ix, value, hi);
    return TNM_OK;
}

int tnm_ranges_overlap(const tnm_tensor_view *a, const tnm_tensor_view *b)
{
    return a->offset < b->offset + b->size_bytes && b->offset < a->offset + a->size_bytes;
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

/* ---- header -------------------------------------------------------------- */

#define TNM_MAGIC_LE 0x424D4E54u /* "TNMB" read as a little-endian u32 */

/* A table or section at `offset` of `bytes` bytes: 4-aligned, after the header,
 * inside the blob. Value/limit: (offset, 4) misaligned; (offset, 64) overlaps the
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

/* check_section's conditions, met: no call (every invoke reads the header). */
#define TNM_SECTION_OK(offset, bytes, blob_size)                                           \
    ((offset) % 4u == 0 && (offset) >= TNM_HEADER_SIZE &&                                   \
     (uint64_t)(offset) + (bytes) <= (blob_size))

/* A count field in [lo, hi]. */
static tnm_status check_count(uint32_t value, uint32_t lo, uint32_t hi, tnm_field field,
                              tnm_error *err)
{
    if (value < lo || value > hi)
        return tnm_fail(err, TNM_ERR_FORMAT, field, -1, (int32_t)value,
                        (int32_t)(value < lo ? lo : hi));
    return TNM_OK;
}

tnm_status tnm_read_header(const uint8_t *blob, uint32_t blob_len, int mode,
                           tnm_header_view *hdr, tnm_error *err)
{
    uint32_t header_size, stored_crc, i;
    tnm_status st;

    hdr->trusted = 0;
    if (mode == TNM_HEADER_TRUSTED && blob != NULL && blob_len >= TNM_HEADER_SIZE &&
        load_u32(blob) == TNM_MAGIC_LE && load_u16(blob + 4) == TNM_FORMAT_VERSION &&
        load_u32(blob + 8) == blob_len) {
        /* The blob tnm_model_check accepted (the caller's promise: read-only memory). */
        hdr->trusted = 1;
        hdr->format_version = TNM_FORMAT_VERSION;
        hdr->blob_size = blob_len;
        hdr->arena_size = load_u32(blob + 16);
        hdr->state_offset = load_u32(blob + 20);
        hdr->state_size = load_u32(blob + 24);
        hdr->tensor_count = load_u16(blob + 28);
        hdr->layer_count = load_u16(blob + 30);
        hdr->input_count = load_u16(blob + 32);
        hdr->output_count = load_u16(blob + 34);
        hdr->init_layer_count = load_u16(blob + 36);
        hdr->tensor_table_offset = load_u32(blob + 40);
        hdr->layer_table_offset = load_u32(blob + 44);
        hdr->list_offset = load_u32(blob + 48);
        hdr->list_size = load_u32(blob + 52);
        hdr->data_offset = load_u32(blob + 56);
        hdr->data_size = load_u32(blob + 60);
        return TNM_OK;
    }

    if (blob == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_BLOB_LENGTH, -1, 0, 0);
    if (blob_len > (uint32_t)INT32_MAX)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_BLOB_LENGTH, -1, bits_i32(blob_len),
                        INT32_MAX);
    /* The version first (it sits in the first 8 bytes of every version), so an old blob
     * gets the version error, not a length error from a different header size. */
    if (blob_len < 8)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_BLOB_LENGTH, -1, (int32_t)blob_len,
                        TNM_HEADER_SIZE);
    if (load_u32(blob) != TNM_MAGIC_LE)
        return tnm_fail(err, TNM_ERR_VERSION, TNM_FIELD_MAGIC, -1, load_i32(blob),
                        bits_i32(TNM_MAGIC_LE));
    hdr->format_version = load_u16(blob + 4);
    if (hdr->format_version != TNM_FORMAT_VERSION)
        return tnm_fail(err, TNM_ERR_VERSION, TNM_FIELD_FORMAT_VERSION, -1,
                        (int32_t)hdr->format_version, TNM_FORMAT_VERSION);
    if (blob_len < TNM_HEADER_SIZE)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_BLOB_LENGTH, -1, (int32_t)blob_len,
                        TNM_HEADER_SIZE);
    header_size = load_u16(blob + 6);
    if (header_size != TNM_HEADER_SIZE)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_HEADER_SIZE, -1, (int32_t)header_size,
                        TNM_HEADER_SIZE);
    hdr->blob_size = load_u32(blob + 8);
    if (hdr->blob_size != blob_len)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_BLOB_SIZE, -1, bits_i32(hdr->blob_size),
                        (int32_t)blob_len);
    if (mode == TNM_HEADER_CRC) {
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
    hdr->state_offset = load_u32(blob + 20);
    hdr->state_size = load_u32(blob + 24);
    /* State region: (size, 4) not a multiple of 4 or below one word; (end, arena) past the
     * arena; offset: (offset, 4) misaligned, (offset, 0) set without a region. */
    if (hdr->state_size % 4u != 0 || (hdr->state_size != 0 && hdr->state_size < 4u))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_STATE_SIZE, -1, bits_i32(hdr->state_size), 4);
    if (hdr->state_offset % 4u != 0)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_STATE_OFFSET, -1,
                        bits_i32(hdr->state_offset), 4);
    if (hdr->state_size == 0 && hdr->state_offset != 0)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_STATE_OFFSET, -1,
                        bits_i32(hdr->state_offset), 0);
    if ((uint64_t)hdr->state_offset + hdr->state_size > hdr->arena_size)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_STATE_SIZE, -1,
                        pos_i32((uint64_t)hdr->state_offset + hdr->state_size),
                        (int32_t)hdr->arena_size);
    hdr->tensor_count = load_u16(blob + 28);
    hdr->layer_count = load_u16(blob + 30);
    hdr->input_count = load_u16(blob + 32);
    hdr->output_count = load_u16(blob + 34);
    /* Every invoke reads the header: the four counts compared at once, the calls that
     * report the first one out of range only when one is. */
    if (hdr->tensor_count - 1u >= (uint32_t)TNM_MAX_TENSORS || hdr->layer_count - 1u >= (uint32_t)TNM_MAX_LAYERS ||
        hdr->input_count - 1u >= (uint32_t)TNM_MAX_IO || hdr->output_count - 1u >= (uint32_t)TNM_MAX_IO) {
        if ((st = check_count(hdr->tensor_count, 1, TNM_MAX_TENSORS, TNM_FIELD_TENSOR_COUNT, err)) != TNM_OK)
            return st;
        if ((st = check_count(hdr->layer_count, 1, TNM_MAX_LAYERS, TNM_FIELD_LAYER_COUNT, err)) != TNM_OK)
            return st;
        if ((st = check_count(hdr->input_count, 1, TNM_MAX_IO, TNM_FIELD_INPUT_COUNT, err)) != TNM_OK)
            return st;
        if ((st = check_count(hdr->output_count, 1, TNM_MAX_IO, TNM_FIELD_OUTPUT_COUNT, err)) != TNM_OK)
            return st;
    }
    /* The init subgraph leaves at least one main layer and needs the state region (its
     * flag). Limit: layer_count - 1, or -1 = no state region. */
    hdr->init_layer_count = load_u16(blob + 36);
    if (hdr->init_layer_count >= hdr->layer_count)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_INIT_LAYER_COUNT, -1,
                        (int32_t)hdr->init_layer_count, (int32_t)hdr->layer_count - 1);
    if (hdr->init_layer_count > 0 && hdr->state_size == 0)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_INIT_LAYER_COUNT, -1,
                        (int32_t)hdr->init_layer_count, -1);
    /* Bytes 38..39 are reserved: ignored, so a later minor revision may use them. */
    hdr->tensor_table_offset = load_u32(blob + 40);
    if (!TNM_SECTION_OK(hdr->tensor_table_offset, (uint64_t)hdr->tensor_count * TNM_TENSOR_RECORD_SIZE,
                        hdr->blob_size) &&
        (st = check_section(hdr->tensor_table_offset,
                            (uint64_t)hdr->tensor_count * TNM_TENSOR_RECORD_SIZE, hdr->blob_size,
                            TNM_FIELD_TENSOR_TABLE_OFFSET, err)) != TNM_OK)
        return st;
    hdr->layer_table_offset = load_u32(blob + 44);
    if (!TNM_SECTION_OK(hdr->layer_table_offset, (uint64_t)hdr->layer_count * TNM_LAYER_RECORD_SIZE,
                        hdr->blob_size) &&
        (st = check_section(hdr->layer_table_offset,
                            (uint64_t)hdr->layer_count * TNM_LAYER_RECORD_SIZE, hdr->blob_size,
                            TNM_FIELD_LAYER_TABLE_OFFSET, err)) != TNM_OK)
        return st;
    hdr->list_offset = load_u32(blob + 48);
    if (!TNM_SECTION_OK(hdr->list_offset, 0u, hdr->blob_size) &&
        (st = check_section(hdr->list_offset, 0, hdr->blob_size, TNM_FIELD_LIST_OFFSET, err)) != TNM_OK)
        return st;
    hdr->list_size = load_u32(blob + 52);
    if (hdr->list_size > hdr->blob_size - hdr->list_offset)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LIST_SIZE, -1, bits_i32(hdr->list_size),
                        (int32_t)(hdr->blob_size - hdr->list_offset));
    /* The model's input and output lists start the list section. */
    if (2u * (hdr->input_count + hdr->output_count) > hdr->list_size)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LIST_SIZE, -1, bits_i32(hdr->list_size),
                        (int32_t)(2u * (hdr->input_count + hdr->output_count)));
    hdr->data_offset = load_u32(blob + 56);
    if (!TNM_SECTION_OK(hdr->data_offset, 0u, hdr->blob_size) &&
        (st = check_section(hdr->data_offset, 0, hdr->blob_size, TNM_FIELD_DATA_OFFSET, err)) != TNM_OK)
        return st;
    hdr->data_size = load_u32(blob + 60);
    if (hdr->data_size > hdr->blob_size - hdr->data_offset)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_DATA_SIZE, -1, bits_i32(hdr->data_size),
                        (int32_t)(hdr->blob_size - hdr->data_offset));
    /* Model inputs, then outputs: index = the position. */
    for (i = 0; i < hdr->input_count + hdr->output_count; i++) {
        const uint32_t t = load_u16(blob + hdr->list_offset + 2u * i);
        const int is_output = i >= hdr->input_count;
        if (t >= hdr->tensor_count)
            return tnm_fail(err, TNM_ERR_FORMAT,
                            is_output ? TNM_FIELD_OUTPUT_TENSOR : TNM_FIELD_INPUT_TENSOR,
                            (int32_t)(is_output ? i - hdr->input_count : i), (int32_t)t,
                            (int32_t)hdr->tensor_count);
    }
    return TNM_OK;
}

/* Tensor index of model input/output `position` (< count: the caller's business). */
static uint32_t io_tensor(const uint8_t *blob, const tnm_header_view *hdr, int is_output,
                          uint32_t position)
{
    return load_u16(blob + hdr->list_offset +
                    2u * (position + (is_output ? hdr->input_count : 0u)));
}

/* ---- tensors ------------------------------------------------------------- */

/* Bytes per element of a type, 0 for a type the runtime does not know. */
int32_t tnm_element_size(int32_t type) { return TNM_ELEMENT_SIZE(type); }

/* The dims right-aligned into 6 (rank <= TNM_MAX_RANK): [d0] -> 1,1,1,1,1,d0; the last
 * four are N, H, W, C. Inlined: every invoke runs it for each tensor of the layer; one case
 * a rank (straight stores, no per-dimension test). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void tensor_nhwc(tnm_tensor_view *t)
{
    const int32_t *d = t->dims;
    typedef char tnm_six_ranks[TNM_MAX_RANK == 6 ? 1 : -1]; /* the cases below */
    (void)sizeof(tnm_six_ranks);
    t->outer[0] = t->outer[1] = 1;
    switch (t->rank) {
    case 6: t->outer[0] = d[0]; t->outer[1] = d[1]; t->nhwc.n = d[2]; t->nhwc.h = d[3]; t->nhwc.w = d[4]; t->nhwc.c = d[5]; break;
    case 5: t->outer[1] = d[0]; t->nhwc.n = d[1]; t->nhwc.h = d[2]; t->nhwc.w = d[3]; t->nhwc.c = d[4]; break;
    case 4: t->nhwc.n = d[0]; t->nhwc.h = d[1]; t->nhwc.w = d[2]; t->nhwc.c = d[3]; break;
    case 3: t->nhwc.n = 1; t->nhwc.h = d[0]; t->nhwc.w = d[1]; t->nhwc.c = d[2]; break;
    case 2: t->nhwc.n = t->nhwc.h = 1; t->nhwc.w = d[0]; t->nhwc.c = d[1]; break;
    case 1: t->nhwc.n = t->nhwc.h = t->nhwc.w = 1; t->nhwc.c = d[0]; break;
    default: t->nhwc.n = t->nhwc.h = t->nhwc.w = t->nhwc.c = 1; break;
    }
}

/* One tensor record, checked: each field in the order of the errors below, the first that
 * fails reported (tnm_read_tensor; the trusted read there). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static tnm_status read_tensor_checked(const uint8_t *rec, const tnm_header_view *hdr, uint32_t index,
                                      tnm_tensor_view *t, tnm_error *err)
{
    const int32_t ix = (int32_t)index;
    const int32_t type = rec[0], rank = rec[1], flags = (int32_t)load_u16(rec + 2);
    const int32_t elem = TNM_ELEMENT_SIZE(type);
    int32_t i;
    uint32_t count = 1, over = 0, offset, size;
    uint64_t end, total;

    t->type = type;
    t->rank = rank;
    t->flags = flags;
    if (elem == 0) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_TENSOR_TYPE, ix, type, 0);
    if (rank > TNM_MAX_RANK)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_RANK, ix, rank, TNM_MAX_RANK);
    if ((uint32_t)flags > TNM_TENSOR_VARIABLE)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_FLAGS, ix, flags, 3);
    /* Dims: each >= 1 up to the rank, 1 beyond it (so the product of the first `rank` is
     * the element count); the count in 32 bits, `over` set once it passes 2^32 - 1. */
    for (i = 0; i < rank; i++) {
        const uint32_t d = load_u16(rec + 4 + 2 * i);
        const uint64_t p = (uint64_t)count * d;
        t->dims[i] = (int32_t)d;
        if (d == 0) goto bad_dim;
        over |= (uint32_t)(p >> 32);
        count = (uint32_t)p;
    }
    for (; i < TNM_MAX_RANK; i++) {
        const uint32_t d = load_u16(rec + 4 + 2 * i);
        t->dims[i] = (int32_t)d;
        if (d != 1) goto bad_dim;
    }
    t->offset = offset = load_u32(rec + 16);
    t->size_bytes = size = load_u32(rec + 20);
    t->zero_point = load_i32(rec + 24);
    t->scale = tnm_bits_f32(load_u32(rec + 28));
    total = (uint64_t)count * (uint32_t)elem;
    if (over != 0 || total != size) {
        /* the count as the error reports it: capped once past 2^32 - 1 */
        uint64_t c = 1;
        for (i = 0; i < rank; i++) {
            if (c <= 0xFFFFFFFFu) c *= (uint64_t)t->dims[i];
        }
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SIZE, ix, bits_i32(size),
                        pos_i32(c * (uint64_t)elem));
    }
    /* Offset: (offset, 4) misaligned. Constants: (offset, data offset) before the data
     * section, (end, data end) past it. */
    if (offset % 4u != 0)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_OFFSET, ix, bits_i32(offset), 4);
    end = (uint64_t)offset + size;
    if (flags == TNM_TENSOR_CONSTANT) {
        const uint64_t data_end = (uint64_t)hdr->data_offset + hdr->data_size;
        if (offset < hdr->data_offset)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_OFFSET, ix, bits_i32(offset),
                            bits_i32(hdr->data_offset));
        if (end > data_end)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_OFFSET, ix, pos_i32(end),
                            pos_i32(data_end));
    } else {
        const uint32_t state_end = hdr->state_offset + hdr->state_size;
        if (end > hdr->arena_size)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_ARENA_SIZE, ix, (int32_t)hdr->arena_size,
                            pos_i32(end));
        if (flags == TNM_TENSOR_VARIABLE) {
            /* After the init flag, inside the region: (offset, first byte allowed) or
             * (end, region end). */
            if (hdr->state_size == 0 || offset < hdr->state_offset + 4u)
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, ix, bits_i32(offset),
                                hdr->state_size == 0 ? 0 : (int32_t)(hdr->state_offset + 4u));
            if (end > state_end)
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, ix, pos_i32(end),
                                (int32_t)state_end);
        } else if (offset < state_end && hdr->state_offset < end && size > 0) {
            /* An activation in the state region: (offset, state offset). */
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_STATE_OFFSET, ix, bits_i32(offset),
                            (int32_t)hdr->state_offset);
        }
    }
    if (type == TNM_TYPE_INT8 || type == TNM_TYPE_UINT8 || type == TNM_TYPE_INT16) {
        /* The zero point in the type's range: int8 [-128, 127], uint8 [0, 255], int16
         * [-32768, 32767]. The scale positive and finite, compared as bits: 1 (the least
         * positive subnormal) .. 0x7F7FFFFF (FLT_MAX); zeros, negatives, infinities and NaNs
         * fail. Constants (weights, biases) carry their own per-channel scales in the
         * compiler; the kernels never read theirs. */
        const int32_t hi = type == TNM_TYPE_INT16 ? 32767 : type == TNM_TYPE_UINT8 ? 255 : 127;
        const int32_t lo = type == TNM_TYPE_UINT8 ? 0 : -hi - 1;
        const uint32_t sbits = load_u32(rec + 28);
        if (flags != TNM_TENSOR_CONSTANT && sbits - 1u >= 0x7F7FFFFFu)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_SCALE, ix, bits_i32(sbits), 0);
        if (t->zero_point < lo || t->zero_point > hi)
            return tnm_check_range(t->zero_point, lo, hi, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT,
                                   ix, err);
    }
    t->elements = (int32_t)count; /* <= size_bytes <= INT32_MAX after the checks above */
    tensor_nhwc(t);
    return TNM_OK;
bad_dim: /* (dim, 1): the first dim that is 0, or not 1 beyond the rank */
    return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_DIMS, ix, t->dims[i], 1);
}

/* One tensor record. Every invoke reads the records of the layer it runs: checked (the
 * blob may have changed since tnm_model_check), or, for a trusted header (a read-only blob
 * the check accepted), the fields as they are, without the checked read's frame. */
tnm_status tnm_read_tensor(const uint8_t *blob, const tnm_header_view *hdr, uint32_t index,
                           tnm_tensor_view *t, tnm_error *err)
{
    const uint8_t *rec = blob + hdr->tensor_table_offset + (size_t)index * TNM_TENSOR_RECORD_SIZE;
    typedef char tnm_six_dims[TNM_MAX_RANK == 6 ? 1 : -1]; /* the six loads below */
    if (!hdr->trusted) return read_tensor_checked(rec, hdr, index, t, err);
    (void)sizeof(tnm_six_dims);
    t->type = rec[0];
    t->rank = rec[1];
    t->flags = (int32_t)load_u16(rec + 2);
    t->dims[0] = (int32_t)load_u16(rec + 4);
    t->dims[1] = (int32_t)load_u16(rec + 6);
    t->dims[2] = (int32_t)load_u16(rec + 8);
    t->dims[3] = (int32_t)load_u16(rec + 10);
    t->dims[4] = (int32_t)load_u16(rec + 12);
    t->dims[5] = (int32_t)load_u16(rec + 14);
    t->offset = load_u32(rec + 16);
    t->size_bytes = load_u32(rec + 20);
    t->zero_point = load_i32(rec + 24);
    t->scale = tnm_bits_f32(load_u32(rec + 28));
    t->elements = (int32_t)(t->size_bytes / (uint32_t)TNM_ELEMENT_SIZE(t->type));
    tensor_nhwc(t);
    return TNM_OK;
}

/* ---- layers -------------------------------------------------------------- */

/* The quantization array in the data section. Value/limit: (offset, 0) the op takes none;
 * (0, data offset) missing; (offset, 4) misaligned; (offset, data offset) before the data
 * section; (end, data end) past it. */
static tnm_status check_quant_placement(const tnm_header_view *hdr, uint32_t offset,
                                        uint64_t bytes, int allowed, int32_t ix, tnm_error *err)
{
    const uint64_t data_end = (uint64_t)hdr->data_offset + hdr->data_size;
    if (!allowed) {
        if (offset != 0) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, ix, bits_i32(offset), 0);
        return TNM_OK;
    }
    if (offset == 0)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, ix, 0, bits_i32(hdr->data_offset));
    if (offset % 4u != 0) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, ix, bits_i32(offset), 4);
    if (offset < hdr->data_offset)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, ix, bits_i32(offset),
                        bits_i32(hdr->data_offset));
    if ((uint64_t)offset + bytes > data_end)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT, ix, pos_i32((uint64_t)offset + bytes),
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

static tnm_status check_quant_values(const uint8_t *blob, const tnm_layer_view *L, int32_t ix,
                                     tnm_error *err)
{
    const uint8_t *mult = blob + L->quant_offset;
    const uint8_t *shift = mult + 4u * L->quant_count;
    uint32_t i;
    int32_t m;
    /* Every invoke runs this over every channel: a loop without calls that stops at the
     * first bad value. (A multiplier is 0 or in [2^30, 2^31 - 1]: as unsigned, u == 0 or
     * u - 2^30 < 2^30; a shift in [-31, 30]: shift + 31 <= 61 as unsigned.) */
    for (i = 0; i < L->quant_count; i++) {
        const uint32_t u = load_u32(mult + 4u * i);
        if ((u - 0x40000000u >= 0x40000000u && u != 0) |
            ((uint32_t)((int32_t)(int8_t)shift[i] + 31) > 61u))
            break;
    }
    if (i == L->quant_count) return TNM_OK;
    m = load_i32(mult + 4u * i);
    if (m != 0 && m < (1 << 30))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_MULTIPLIER, ix, m, 1 << 30);
    return tnm_check_range((int32_t)(int8_t)shift[i], -31, 30, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHIFT, ix,
                           err);
}

/* n words to 0 without a call to memset (newlib-nano's stores a byte at a time: ~900
 * instructions per invoke for the view's params and derived values on Cortex-M4). */
#if defined(__GNUC__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
static void zero_words(int32_t *p, uint32_t n)
{
    /* eight words a turn (paired stores, one loop step) */
    for (; n >= 8; n -= 8, p += 8) p[0] = p[1] = p[2] = p[3] = p[4] = p[5] = p[6] = p[7] = 0;
    for (; n > 0; n--) *p++ = 0;
}

/* Bytes of a layer's lists before its params (u16 entries, padded to 4). */
static uint32_t list_bytes(uint32_t inputs, uint32_t outputs)
{
    return (2u * (inputs + outputs) + 3u) & ~3u;
}

/* An entry count of the record against the table: exact, or 1..max for TNM_OPS_ANY.
 * (value, the count expected or the bound broken). */
static tnm_status check_list_count(uint32_t value, int32_t expected, uint32_t max, tnm_field field,
                                   int32_t ix, tnm_error *err)
{
    if (expected == TNM_OPS_ANY) {
        if (value < 1 || value > max)
            return tnm_fail(err, TNM_ERR_FORMAT, field, ix, (int32_t)value, value < 1 ? 1 : (int32_t)max);
    } else if (value != (uint32_t)expected) {
        return tnm_fail(err, TNM_ERR_FORMAT, field, ix, (int32_t)value, expected);
    }
    return TNM_OK;
}

tnm_status tnm_layer_tensor(const tnm_layer_view *L, int is_output, uint32_t k,
                            uint32_t *tensor, tnm_tensor_view *t, tnm_error *err)
{
    const uint32_t pos = is_output ? L->input_count + k : k;
    const uint32_t ix = load_u16(L->blob + L->lists_offset + 2u * pos);
    *tensor = ix;
    if (ix == TNM_NO_TENSOR || t == NULL) return TNM_OK;
    return tnm_read_tensor(L->blob, L->hdr, ix, t, err);
}

int32_t tnm_layer_param(const tnm_layer_view *L, uint32_t k)
{
    if (k < TNM_VIEW_PARAMS) return L->params[k];
    return load_i32(L->blob + L->lists_offset + list_bytes(L->input_count, L->output_count) + 4u * k);
}

/* The layer's lists, inputs then outputs: in range (or an optional absent input); inputs
 * constants and variables where the module allows them, outputs activations; the first
 * TNM_VIEW_INPUTS inputs and the first output into the view. One loop for both lists. */
static tnm_status read_lists(tnm_layer_view *L, const tnm_op_module *m, tnm_error *err)
{
    const int32_t ix = L->index;
    uint32_t k;
    tnm_status st;
    for (k = 0; k < TNM_VIEW_INPUTS; k++) L->input_ix[k] = TNM_NO_TENSOR;
    L->output_ix = TNM_NO_TENSOR;
    if (L->hdr->trusted) { /* checked by tnm_model_check: the view's tensors only */
        const uint32_t n = L->input_count < TNM_VIEW_INPUTS ? L->input_count : TNM_VIEW_INPUTS;
        for (k = 0; k < n; k++) {
            const uint32_t tensor = load_u16(L->blob + L->lists_offset + 2u * k);
            L->input_ix[k] = tensor;
            if (tensor != TNM_NO_TENSOR) (void)tnm_read_tensor(L->blob, L->hdr, tensor, &L->in[k], err);
        }
        if (L->output_count > 0) {
            L->output_ix = load_u16(L->blob + L->lists_offset + 2u * L->input_count);
            (void)tnm_read_tensor(L->blob, L->hdr, L->output_ix, &L->out, err);
        }
        return TNM_OK;
    }
    for (k = 0; k < L->input_count + L->output_count; k++) {
        const int is_output = k >= L->input_count;
        const uint32_t pos = is_output ? k - L->input_count : k;
        const uint32_t bit = pos < 15 ? pos : 15;
        tnm_tensor_view other_view;
        tnm_tensor_view *t = is_output ? (pos == 0 ? &L->out : &other_view)
                                       : (pos < TNM_VIEW_INPUTS ? &L->in[pos] : &other_view);
        const uint32_t tensor = load_u16(L->blob + L->lists_offset + 2u * k);
        if (!is_output && tensor == TNM_NO_TENSOR && ((m->optional_inputs >> bit) & 1u)) continue;
        if (tensor >= L->hdr->tensor_count)
            return tnm_fail(err, TNM_ERR_FORMAT, is_output ? TNM_FIELD_LAYER_OUTPUT : TNM_FIELD_LAYER_INPUT,
                            ix, (int32_t)tensor, (int32_t)L->hdr->tensor_count);
        if ((st = tnm_read_tensor(L->blob, L->hdr, tensor, t, err)) != TNM_OK) return st;
        /* (rank, the operator's highest) */
        if (t->rank > TNM_MODULE_MAX_RANK(m))
            return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_RANK, ix, t->rank, TNM_MODULE_MAX_RANK(m));
        if (is_output) {
            if (pos == 0) L->output_ix = tensor;
            if (t->flags != 0) /* (flags, 0): a layer output must be an activation */
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_FLAGS, (int32_t)tensor, t->flags, 0);
            continue;
        }
        if (pos < TNM_VIEW_INPUTS) L->input_ix[pos] = tensor;
        /* (tensor, input position) */
        if (t->flags == TNM_TENSOR_CONSTANT && !((m->constant_inputs >> bit) & 1u))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_CONSTANT, ix, (int32_t)tensor, (int32_t)pos);
        /* Variables: the inputs the module marks, and only there. (tensor, -1) a variable
         * elsewhere; (tensor, -2) such an input is not a variable. */
        if (pos < 15 && ((m->variable_inputs >> pos) & 1u)) {
            if (t->flags != TNM_TENSOR_VARIABLE)
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, ix, (int32_t)tensor, -2);
        } else if (t->flags == TNM_TENSOR_VARIABLE) {
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_VARIABLE, ix, (int32_t)tensor, -1);
        }
        /* Constant data read in place: elements wider than a byte need an aligned blob. */
        if (t->flags == TNM_TENSOR_CONSTANT && TNM_ELEMENT_SIZE(t->type) > 1 &&
            (st = check_memory_alignment(L->blob, t->offset, TNM_FIELD_LAYER_CONSTANT, ix, err)) != TNM_OK)
            return st;
    }
    return TNM_OK;
}

/* The outputs are written while the inputs are read: they may not share arena bytes
 * (except input 0 where the module moves bytes with memmove). Every tensor here passed
 * read_lists: the view's tensors are compared as read there, the others (inputs past
 * TNM_VIEW_INPUTS, outputs past the first) read again, which cannot fail. */
static tnm_status check_overlaps(const tnm_layer_view *L, const tnm_op_module *m, tnm_error *err)
{
    uint32_t k, j, tensor;
    tnm_tensor_view o_read, in_read;
    for (k = 0; k < L->output_count; k++) {
        /* the view's tensors as they are (output 0, the first inputs), the others read */
        const tnm_tensor_view *o = &L->out;
        if (k > 0) {
            (void)tnm_layer_tensor(L, 1, k, &tensor, &o_read, err);
            o = &o_read;
        }
        for (j = (m->flags & TNM_MODULE_ALIAS_INPUT0) != 0 ? 1u : 0u; j < L->input_count; j++) {
            const tnm_tensor_view *in = &L->in[j < TNM_VIEW_INPUTS ? j : 0];
            if (j < TNM_VIEW_INPUTS) tensor = L->input_ix[j];
            else {
                (void)tnm_layer_tensor(L, 0, j, &tensor, &in_read, err);
                in = &in_read;
            }
            if (tensor == TNM_NO_TENSOR || in->flags == TNM_TENSOR_CONSTANT) continue;
            if (j == 0 && k == 0 && (L->layer_flags & TNM_LAYER_IN_PLACE) != 0) continue;
            if (tnm_ranges_overlap(o, in))
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_ARENA, L->index, bits_i32(o->offset),
                                bits_i32(in->offset));
        }
    }
    return TNM_OK;
}

tnm_status tnm_read_layer(const uint8_t *blob, const tnm_header_view *hdr, uint32_t index,
                          tnm_layer_view *L, tnm_error *err)
{
    const uint8_t *rec = blob + hdr->layer_table_offset + (size_t)index * TNM_LAYER_RECORD_SIZE;
    const int32_t ix = (int32_t)index;
    const tnm_op_entry *entry;
    const tnm_op_module *m;
    uint64_t lists_end, list_end;
    uint32_t k, params_at, n;
    tnm_status st;

    L->op = (int32_t)load_u16(rec);
    L->index = ix;
    L->input_count = rec[2];
    L->output_count = rec[3];
    L->param_count = load_u16(rec + 4);
    L->layer_flags = load_u16(rec + 6);
    L->lists_offset = load_u32(rec + 8);
    L->quant_offset = load_u32(rec + 12);
    L->quant_count = load_u32(rec + 16);
    L->blob = blob;
    L->hdr = hdr;

    /* Operator: (code, 0) unknown; (code, -1) left out of this build. */
    entry = tnm_op_lookup(L->op);
    if (entry == NULL) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, ix, L->op, 0);
    m = entry->module;
    if (m == NULL) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP, ix, L->op, -1);
    L->module = m;
    if (hdr->trusted) { /* checked by tnm_model_check */
        params_at = list_bytes(L->input_count, L->output_count);
        goto parse;
    }
    /* In place: only where the module runs it (its check validates the overlap). A strip:
     * only on the windowed operators (their window rule checks its rows). */
    if (L->layer_flags != 0 &&
        ((L->layer_flags & ~(uint32_t)(TNM_LAYER_IN_PLACE | TNM_LAYER_IN_PLACE_REVERSE | TNM_LAYER_IN_PLACE_PIXELS |
                                       TNM_LAYER_STRIP | (0xFFu << TNM_LAYER_BAND_SHIFT))) != 0 ||
         ((L->layer_flags & TNM_LAYER_STRIP) != 0 && (m->flags & TNM_MODULE_STRIP) == 0) ||
         ((L->layer_flags & ~(uint32_t)TNM_LAYER_STRIP) != 0 &&
          ((m->flags & TNM_MODULE_IN_PLACE) == 0 || (L->layer_flags & TNM_LAYER_IN_PLACE) == 0))))
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_FLAGS, ix, (int32_t)L->layer_flags, -1);

    /* Counts against the table. */
    /* (check_list_count only when the count is not the table's exact one) */
    if (L->input_count != (uint32_t)entry->inputs &&
        (st = check_list_count(L->input_count, entry->inputs, TNM_MAX_LAYER_INPUTS,
                               TNM_FIELD_LAYER_INPUT_COUNT, ix, err)) != TNM_OK) return st;
    if (L->output_count != (uint32_t)entry->outputs &&
        (st = check_list_count(L->output_count, entry->outputs, TNM_MAX_LAYER_OUTPUTS,
                               TNM_FIELD_LAYER_OUTPUT_COUNT, ix, err)) != TNM_OK) return st;
    {
        const int32_t words = entry->param_words & ~TNM_OP_ENTRY_TAIL;
        if (entry->param_words & TNM_OP_ENTRY_TAIL) {
            if ((st = tnm_check_range((int32_t)L->param_count, words, TNM_MAX_LAYER_PARAMS,
                                      TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, ix, err)) != TNM_OK)
                return st;
        } else if (L->param_count != (uint32_t)words) {
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_PARAM_COUNT, ix, (int32_t)L->param_count,
                            words);
        }
    }

    /* Lists inside the list section: (offset, 4) misaligned; (offset, list offset) before
     * it; (end, list end) past it. */
    params_at = list_bytes(L->input_count, L->output_count);
    lists_end = (uint64_t)L->lists_offset + params_at + 4u * (uint64_t)L->param_count;
    list_end = (uint64_t)hdr->list_offset + hdr->list_size;
    if (L->lists_offset % 4u != 0)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_LISTS, ix, bits_i32(L->lists_offset), 4);
    if (L->lists_offset < hdr->list_offset)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_LISTS, ix, bits_i32(L->lists_offset),
                        bits_i32(hdr->list_offset));
    if (lists_end > list_end)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_LISTS, ix, pos_i32(lists_end),
                        pos_i32(list_end));

parse:
    n = L->param_count < TNM_VIEW_PARAMS ? L->param_count : TNM_VIEW_PARAMS;
    {
        const uint8_t *p = blob + L->lists_offset + params_at;
        for (k = 0; k < n; k++, p += 4) L->params[k] = load_i32(p);
    }
    /* the view's params past the record read 0; a checked blob's exact-count operator has
     * exactly its words (its module reads no further), so the read-only path leaves the rest */
    if (!hdr->trusted || (entry->param_words & TNM_OP_ENTRY_TAIL) != 0) zero_words(&L->params[k], TNM_VIEW_PARAMS - k);

    if ((st = read_lists(L, m, err)) != TNM_OK) return st;

    /* Derived values the module may use: out_channels .. macs, one block of the view. */
    {
        static const tnm_window no_window; /* all 0 */
        L->out_channels = L->batches = L->scratch_size = 0;
        L->scratch_offset = L->quant_expected = 0;
        L->quant_per_tensor_ok = 0;
        zero_words(L->derived, sizeof L->derived / sizeof L->derived[0]);
        L->win = no_window;
        L->macs = 0;
    }
    if (L->input_ix[0] != TNM_NO_TENSOR)
        L->derived[X_NEG_IN_ZP] = (int32_t)(0u - (uint32_t)L->in[0].zero_point);
    if (L->input_count > 1 && L->input_ix[1] != TNM_NO_TENSOR)
        L->derived[X_NEG_IN2_ZP] = (int32_t)(0u - (uint32_t)L->in[1].zero_point);

    if ((st = m->check(L, err)) != TNM_OK) return st;
    if (hdr->trusted) goto scratch;
    if ((st = check_overlaps(L, m, err)) != TNM_OK) return st;

    /* The quantization array the module asked for. */
    if (L->quant_expected == 0) {
        if (L->quant_count != 0)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_QUANT_COUNT, ix,
                            bits_i32(L->quant_count), 0);
        if ((st = check_quant_placement(hdr, L->quant_offset, 0, 0, ix, err)) != TNM_OK) return st;
    } else {
        if (L->quant_count != L->quant_expected && !(L->quant_per_tensor_ok && L->quant_count == 1))
            return tnm_fail(err, L->quant_per_tensor_ok ? TNM_ERR_FORMAT : TNM_ERR_UNSUPPORTED,
                            TNM_FIELD_LAYER_QUANT_COUNT, ix, bits_i32(L->quant_count),
                            (int32_t)L->quant_expected);
        if ((st = check_quant_placement(hdr, L->quant_offset, 5u * (uint64_t)L->quant_count, 1, ix,
                                        err)) != TNM_OK) return st;
        if ((st = check_quant_values(blob, L, ix, err)) != TNM_OK) return st;
        if ((st = check_memory_alignment(blob, L->quant_offset, TNM_FIELD_LAYER_QUANT, ix, err)) != TNM_OK)
            return st;
    }

    /* Scratch: the kernel's request, at the top of the arena, above the layer's tensors
     * (the first inputs and the output: the ops with scratch have no others) and the
     * state region. */
scratch:
    if (L->scratch_size < 0)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_SCRATCH, ix, L->scratch_size, 0);
    if (L->scratch_size > 0) {
        const uint32_t need = (uint32_t)L->scratch_size;
        uint32_t top = hdr->state_offset + hdr->state_size, end;
        for (k = 0; k < TNM_VIEW_INPUTS; k++) {
            if (L->input_ix[k] == TNM_NO_TENSOR || L->in[k].flags == TNM_TENSOR_CONSTANT) continue;
            end = L->in[k].offset + L->in[k].size_bytes;
            if (end > top) top = end;
        }
        end = L->out.offset + L->out.size_bytes;
        if (end > top) top = end;
        if (need > hdr->arena_size - top || ((hdr->arena_size - need) & ~3u) < top)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_SCRATCH, ix, L->scratch_size,
                            (int32_t)((hdr->arena_size - top) & ~3u));
        L->scratch_offset = (hdr->arena_size - need) & ~3u;
    }
    return TNM_OK;
}

/* ---- public API ---------------------------------------------------------- */

tnm_status tnm_model_check(const uint8_t *blob, uint32_t blob_len, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_tensor_view tensor;
    tnm_layer_view layer;
    uint32_t i, k, written = 0;
    tnm_status st = tnm_read_header(blob, blob_len, TNM_HEADER_CRC, &hdr, err);
    if (st != TNM_OK) return st;
    for (i = 0; i < hdr.tensor_count; i++) {
        if ((st = tnm_read_tensor(blob, &hdr, i, &tensor, err)) != TNM_OK) return st;
    }
    /* Model inputs and outputs are activations: (flags, 0). Every record passed above, so
     * its flags field is read as it is. */
    for (i = 0; i < hdr.input_count + hdr.output_count; i++) {
        const uint32_t t = load_u16(blob + hdr.list_offset + 2u * i);
        const int32_t flags =
            (int32_t)load_u16(blob + hdr.tensor_table_offset + t * TNM_TENSOR_RECORD_SIZE + 2u);
        if (flags != 0) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_FLAGS, (int32_t)t, flags, 0);
    }
    for (i = 0; i < hdr.layer_count; i++) {
        if ((st = tnm_read_layer(blob, &hdr, i, &layer, err)) != TNM_OK) return st;
        /* With an init subgraph, the first main layer calls it (CALL_ONCE checks the rest). */
        if (hdr.init_layer_count > 0 && i == hdr.init_layer_count && layer.op != TNM_OP_CALL_ONCE)
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SUBGRAPH, (int32_t)i, layer.op,
                            TNM_OP_CALL_ONCE);
        for (k = 0; k < layer.output_count; k++) {
            uint32_t t, p;
            (void)tnm_layer_tensor(&layer, 1, k, &t, NULL, err);
            /* The model inputs come from the caller: no layer may overwrite one.
             * (tensor, -1) */
            for (p = 0; p < hdr.input_count; p++) {
                if (io_tensor(blob, &hdr, 0, p) == t)
                    return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_OUTPUT, (int32_t)i,
                                    (int32_t)t, -1);
            }
            for (p = 0; p < hdr.output_count; p++) {
                if (io_tensor(blob, &hdr, 1, p) == t) written |= 1u << p;
            }
        }
    }
    /* Some layer writes each output: index = its position, (tensor, -1). */
    for (i = 0; i < hdr.output_count; i++) {
        if (!((written >> i) & 1u))
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_OUTPUT_TENSOR, (int32_t)i,
                            (int32_t)io_tensor(blob, &hdr, 1, i), -1);
    }
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}

tnm_status tnm_model_info(const uint8_t *blob, uint32_t blob_len, int32_t *info, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_status st;
    uint32_t i, variables = 0, words[4] = {0, 0, 0, 0}; /* the operator set, codes 0..127 */
    if (info == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, 0, 0);
    st = tnm_read_header(blob, blob_len, 0, &hdr, err);
    if (st != TNM_OK) return st;
    for (i = 0; i < hdr.layer_count; i++) {
        const uint32_t op = load_u16(blob + hdr.layer_table_offset + i * TNM_LAYER_RECORD_SIZE);
        if (op < 128) words[op >> 5] |= 1u << (op & 31);
    }
    for (i = 0; i < hdr.tensor_count; i++) {
        if (load_u16(blob + hdr.tensor_table_offset + i * TNM_TENSOR_RECORD_SIZE + 2) == TNM_TENSOR_VARIABLE)
            variables++;
    }
    info[TNM_INFO_FORMAT_VERSION] = (int32_t)hdr.format_version;
    info[TNM_INFO_BLOB_SIZE] = (int32_t)hdr.blob_size;
    info[TNM_INFO_ARENA_SIZE] = (int32_t)hdr.arena_size;
    info[TNM_INFO_TENSOR_COUNT] = (int32_t)hdr.tensor_count;
    info[TNM_INFO_LAYER_COUNT] = (int32_t)hdr.layer_count;
    info[TNM_INFO_INPUT_TENSOR] = (int32_t)io_tensor(blob, &hdr, 0, 0);
    info[TNM_INFO_OUTPUT_TENSOR] = (int32_t)io_tensor(blob, &hdr, 1, 0);
    info[TNM_INFO_DATA_SIZE] = (int32_t)hdr.data_size;
    info[TNM_INFO_CRC32] = bits_i32(load_u32(blob + 12));
    info[TNM_INFO_INPUT_COUNT] = (int32_t)hdr.input_count;
    info[TNM_INFO_OUTPUT_COUNT] = (int32_t)hdr.output_count;
    info[TNM_INFO_STATE_OFFSET] = (int32_t)hdr.state_offset;
    info[TNM_INFO_STATE_SIZE] = (int32_t)hdr.state_size;
    info[TNM_INFO_INIT_LAYER_COUNT] = (int32_t)hdr.init_layer_count;
    info[TNM_INFO_OP_SET_LO] = bits_i32(words[0]);
    info[TNM_INFO_OP_SET_HI] = bits_i32(words[1]);
    info[TNM_INFO_VARIABLE_COUNT] = (int32_t)variables;
    info[TNM_INFO_OP_SET_64] = bits_i32(words[2]);
    info[TNM_INFO_OP_SET_96] = bits_i32(words[3]);
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}

tnm_status tnm_model_io_tensor(const uint8_t *blob, uint32_t blob_len, int32_t is_output,
                               int32_t position, int32_t *tensor, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_status st;
    uint32_t count;
    if (tensor == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, 0, 0);
    st = tnm_read_header(blob, blob_len, 0, &hdr, err);
    if (st != TNM_OK) return st;
    count = is_output ? hdr.output_count : hdr.input_count;
    /* (position, count); index = is_output (0 inputs, 1 outputs) */
    if (position < 0 || (uint32_t)position >= count)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_IO_POSITION, is_output ? 1 : 0, position,
                        (int32_t)count);
    *tensor = (int32_t)io_tensor(blob, &hdr, is_output != 0, (uint32_t)position);
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
    info[TNM_TENSOR_OFFSET] = (int32_t)t.offset;
    info[TNM_TENSOR_SIZE] = (int32_t)t.size_bytes;
    info[TNM_TENSOR_ZERO_POINT] = t.zero_point;
    info[TNM_TENSOR_FLAGS] = t.flags;
    *scale = t.scale;
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}

tnm_status tnm_layer_info(const uint8_t *blob, uint32_t blob_len, int32_t index,
                          int32_t *info, int32_t info_len, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_layer_view L;
    tnm_status st;
    uint32_t k, w, needed;
    if (info == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, 0, 0);
    st = tnm_read_header(blob, blob_len, 0, &hdr, err);
    if (st != TNM_OK) return st;
    if (index < 0 || (uint32_t)index >= hdr.layer_count)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_INDEX, -1, index,
                        (int32_t)hdr.layer_count);
    st = tnm_read_layer(blob, &hdr, (uint32_t)index, &L, err);
    if (st != TNM_OK) return st;
    needed = TNM_LAYER_WORDS + L.input_count + L.output_count + L.param_count;
    if (info_len < 0 || (uint32_t)info_len < needed)
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_LAYER_INFO, index, info_len, (int32_t)needed);
    info[TNM_LAYER_OP] = L.op;
    info[TNM_LAYER_INPUT_COUNT] = (int32_t)L.input_count;
    info[TNM_LAYER_OUTPUT_COUNT] = (int32_t)L.output_count;
    info[TNM_LAYER_PARAM_COUNT] = (int32_t)L.param_count;
    info[TNM_LAYER_QUANT_COUNT] = (int32_t)L.quant_count;
    info[TNM_LAYER_MACS] = tnm_count_i32(L.macs);
    info[TNM_LAYER_SUBGRAPH] = (uint32_t)index < hdr.init_layer_count ? 1 : 0;
    info[TNM_LAYER_SCRATCH] = L.scratch_size;
    w = TNM_LAYER_WORDS;
    for (k = 0; k < L.input_count + L.output_count; k++) {
        const uint32_t t = load_u16(blob + L.lists_offset + 2u * k);
        info[w++] = t == TNM_NO_TENSOR ? -1 : (int32_t)t;
    }
    for (k = 0; k < L.param_count; k++) info[w++] = tnm_layer_param(&L, k);
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}
