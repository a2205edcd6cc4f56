#include "tnm_blob_builder.h"
#include "tnm/tnm_kernels.h"

#include <string.h>

void tnm_bb_put_u16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
}

void tnm_bb_put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)((v >> 24) & 0xFFu);
}

uint32_t tnm_bb_get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Bitwise CRC-32 (IEEE, reflected), written independently of the runtime's table version. */
static uint32_t crc32_bitwise(const uint8_t *data, uint32_t len)
{
    uint32_t crc = 0xFFFFFFFFu, i;
    int k;
    for (i = 0; i < len; i++) {
        crc ^= data[i];
        for (k = 0; k < 8; k++) crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return ~crc;
}

void tnm_bb_fix_crc(uint8_t *blob, uint32_t len)
{
    if (len >= 16) tnm_bb_put_u32(blob + 12, crc32_bitwise(blob + 16, len - 16));
}

uint32_t tnm_bb_type_size(int32_t type)
{
    switch (type) {
    case TNM_TYPE_FLOAT32: case TNM_TYPE_INT32: return 4;
    case TNM_TYPE_INT16: return 2;
    case TNM_TYPE_INT8: case TNM_TYPE_UINT8: return 1;
    default: return 0;
    }
}

void tnm_bb_init(tnm_bb *b)
{
    memset(b, 0, sizeof *b);
}

uint32_t tnm_bb_tensor_at(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                          uint32_t arena_offset, int32_t zero_point, float scale)
{
    tnm_bb_tensor *t = &b->tensors[b->tensor_count];
    uint32_t size = tnm_bb_type_size(type);
    int32_t i;
    t->type = type;
    t->rank = rank;
    for (i = 0; i < 4; i++) {
        t->dims[i] = i < rank ? dims[i] : 1;
        if (i < rank) size *= (uint32_t)dims[i];
    }
    t->arena_offset = arena_offset;
    t->size_bytes = size;
    t->zero_point = zero_point;
    t->scale = scale;
    return b->tensor_count++;
}

uint32_t tnm_bb_tensor_auto(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                            int32_t zero_point, float scale)
{
    uint32_t ix = tnm_bb_tensor_at(b, type, rank, dims, b->next_arena_offset, zero_point, scale);
    b->next_arena_offset = (b->next_arena_offset + b->tensors[ix].size_bytes + 3u) & ~3u;
    return ix;
}

uint32_t tnm_bb_data(tnm_bb *b, const void *bytes, uint32_t len)
{
    uint32_t at = (b->data_size + 3u) & ~3u;
    memset(b->data + b->data_size, 0, at - b->data_size);
    memcpy(b->data + at, bytes, len);
    b->data_size = at + len;
    return at;
}

uint32_t tnm_bb_quant(tnm_bb *b, const int32_t *multipliers, const int8_t *shifts, uint32_t count)
{
    uint8_t tmp[5 * 1024];
    uint32_t i;
    for (i = 0; i < count; i++) {
        tnm_bb_put_u32(tmp + 4 * i, (uint32_t)multipliers[i]);
        tmp[4 * count + i] = (uint8_t)shifts[i];
    }
    return tnm_bb_data(b, tmp, 5 * count);
}

uint32_t tnm_bb_layer_add(tnm_bb *b, int32_t op, uint32_t input, uint32_t input2, uint32_t output,
                          const int32_t *params)
{
    tnm_bb_layer *l = &b->layers[b->layer_count];
    memset(l, 0, sizeof *l);
    l->op = op;
    l->input = input;
    l->input2 = input2;
    l->output = output;
    l->weights = l->bias = l->quant = TNM_BB_NONE;
    if (params != NULL) memcpy(l->params, params, sizeof l->params);
    return b->layer_count++;
}

void tnm_bb_layer_constants(tnm_bb *b, uint32_t weights, uint32_t weights_size, uint32_t bias,
                            uint32_t quant, uint32_t quant_count)
{
    tnm_bb_layer *l = &b->layers[b->layer_count - 1];
    l->weights = weights;
    l->weights_size = weights_size;
    l->bias = bias;
    l->quant = quant;
    l->quant_count = quant_count;
}

/* NHWC of a tensor's dims (leading 1s), as the runtime reads them. */
static tnm_dims bb_nhwc(const tnm_bb_tensor *t)
{
    int32_t d[4] = {1, 1, 1, 1};
    int32_t i;
    tnm_dims r;
    for (i = 0; i < t->rank && i < 4; i++) d[4 - t->rank + i] = t->dims[i];
    r.n = d[0];
    r.h = d[1];
    r.w = d[2];
    r.c = d[3];
    return r;
}

uint32_t tnm_bb_scratch(const tnm_bb *b)
{
    uint32_t i, best = 0;
    for (i = 0; i < b->layer_count; i++) {
        const tnm_bb_layer *l = &b->layers[i];
        tnm_dims in, out, filter;
        int32_t need;
        if ((l->op != TNM_OP_CONV_2D && l->op != TNM_OP_DEPTHWISE_CONV_2D) ||
            l->input >= b->tensor_count || l->output >= b->tensor_count) {
            continue;
        }
        in = bb_nhwc(&b->tensors[l->input]);
        out = bb_nhwc(&b->tensors[l->output]);
        filter.n = l->op == TNM_OP_CONV_2D ? out.c : 1;
        filter.h = l->params[10];
        filter.w = l->params[11];
        filter.c = l->op == TNM_OP_CONV_2D ? in.c : out.c;
        need = l->op == TNM_OP_CONV_2D ? tnm_conv_s8_scratch_size(&in, &filter, &out)
                                       : tnm_depthwise_conv_s8_scratch_size(&in, &filter, &out);
        if (need > 0 && (uint32_t)need > best) best = ((uint32_t)need + 3u) & ~3u;
    }
    return best;
}

uint32_t tnm_bb_finish(const tnm_bb *b, uint8_t *out, uint32_t cap)
{
    const uint32_t tensor_table = TNM_HEADER_SIZE;
    const uint32_t layer_table = tensor_table + b->tensor_count * TNM_TENSOR_RECORD_SIZE;
    const uint32_t data_offset = layer_table + b->layer_count * TNM_LAYER_RECORD_SIZE;
    const uint32_t size = data_offset + ((b->data_size + 3u) & ~3u);
    uint32_t arena = b->arena_size, i;
    int k;

    if (size > cap) return 0;
    memset(out, 0, size);
    if (arena == 0) {
        for (i = 0; i < b->tensor_count; i++) {
            uint32_t end = b->tensors[i].arena_offset + b->tensors[i].size_bytes;
            if (end > arena) arena = end;
        }
        arena = ((arena + 3u) & ~3u) + b->arena_extra + tnm_bb_scratch(b);
    }
    memcpy(out, "TNMB", 4);
    tnm_bb_put_u16(out + 4, TNM_FORMAT_VERSION);
    tnm_bb_put_u16(out + 6, TNM_HEADER_SIZE);
    tnm_bb_put_u32(out + 8, size);
    tnm_bb_put_u32(out + 16, arena);
    tnm_bb_put_u16(out + 20, b->tensor_count);
    tnm_bb_put_u16(out + 22, b->layer_count);
    tnm_bb_put_u32(out + 24, tensor_table);
    tnm_bb_put_u32(out + 28, layer_table);
    tnm_bb_put_u32(out + 32, data_offset);
    tnm_bb_put_u32(out + 36, b->data_size);
    tnm_bb_put_u16(out + 40, b->input_tensor);
    tnm_bb_put_u16(out + 42, b->output_tensor);

    for (i = 0; i < b->tensor_count; i++) {
        const tnm_bb_tensor *t = &b->tensors[i];
        uint8_t *r = out + tensor_table + i * TNM_TENSOR_RECORD_SIZE;
        uint32_t scale_bits;
        r[0] = (uint8_t)t->type;
        r[1] = (uint8_t)t->rank;
        for (k = 0; k < 4; k++) tnm_bb_put_u16(r + 4 + 2 * k, (uint32_t)t->dims[k]);
        tnm_bb_put_u32(r + 12, t->arena_offset);
        tnm_bb_put_u32(r + 16, t->size_bytes);
        tnm_bb_put_u32(r + 20, (uint32_t)t->zero_point);
        memcpy(&scale_bits, &t->scale, 4);
        tnm_bb_put_u32(r + 24, scale_bits);
    }
    for (i = 0; i < b->layer_count; i++) {
        const tnm_bb_layer *l = &b->layers[i];
        uint8_t *r = out + layer_table + i * TNM_LAYER_RECORD_SIZE;
        r[0] = (uint8_t)l->op;
        tnm_bb_put_u16(r + 2, l->input);
        tnm_bb_put_u16(r + 4, l->input2);
        tnm_bb_put_u16(r + 6, l->output);
        tnm_bb_put_u32(r + 8, l->weights == TNM_BB_NONE ? 0 : data_offset + l->weights);
        tnm_bb_put_u32(r + 12, l->weights_size);
        tnm_bb_put_u32(r + 16, l->bias == TNM_BB_NONE ? 0 : data_offset + l->bias);
        tnm_bb_put_u32(r + 20, l->quant == TNM_BB_NONE ? 0 : data_offset + l->quant);
        tnm_bb_put_u32(r + 24, l->quant_count);
        for (k = 0; k < TNM_LAYER_PARAM_COUNT; k++)
            tnm_bb_put_u32(r + 28 + 4 * k, (uint32_t)l->params[k]);
    }
    memcpy(out + data_offset, b->data, b->data_size);
    tnm_bb_fix_crc(out, size);
    return size;
}

uint32_t tnm_bb_tensor_record(const uint8_t *blob, uint32_t index)
{
    return tnm_bb_get_u32(blob + 24) + index * TNM_TENSOR_RECORD_SIZE;
}

uint32_t tnm_bb_layer_record(const uint8_t *blob, uint32_t index)
{
    return tnm_bb_get_u32(blob + 28) + index * TNM_LAYER_RECORD_SIZE;
}

/* ---- a model that uses every operator ----------------------------------- */

#include "tnm_test.h"

static int32_t f32_param(float f)
{
    int32_t bits;
    memcpy(&bits, &f, 4);
    return bits;
}

static int32_t random_multiplier(tnm_rng *rng) { return tnm_rng_range(rng, 1 << 30, INT32_MAX); }

/* Weights, bias and per-channel (count == channels) or per-tensor quantization. */
static void add_constants(tnm_bb *b, tnm_rng *rng, uint32_t weights_size, uint32_t channels,
                          uint32_t quant_count)
{
    int8_t weights[1024], shifts[64];
    int32_t bias[64], multipliers[64];
    uint8_t bias_bytes[256];
    uint32_t i, w, bi, q;
    for (i = 0; i < weights_size; i++) weights[i] = (int8_t)tnm_rng_range(rng, -127, 127);
    for (i = 0; i < channels; i++) {
        bias[i] = tnm_rng_range(rng, -2000, 2000);
        tnm_bb_put_u32(bias_bytes + 4 * i, (uint32_t)bias[i]);
    }
    for (i = 0; i < quant_count; i++) {
        multipliers[i] = random_multiplier(rng);
        shifts[i] = (int8_t)tnm_rng_range(rng, -9, -5);
    }
    w = tnm_bb_data(b, weights, weights_size);
    bi = tnm_bb_data(b, bias_bytes, 4 * channels);
    q = tnm_bb_quant(b, multipliers, shifts, quant_count);
    tnm_bb_layer_constants(b, w, weights_size, bi, q, quant_count);
}

void tnm_bb_sample_model(tnm_bb *b, uint32_t seed)
{
    static const int32_t d_in[4] = {1, 6, 6, 2}, d_conv[4] = {1, 6, 6, 4};
    static const int32_t d_dw[4] = {1, 3, 3, 8}, d_vec[4] = {1, 1, 1, 8};
    static const int32_t d_flat[2] = {1, 72}, d_out[2] = {1, 10};
    tnm_rng rng;
    int32_t zp1, zp2, zp3, zp5, zp7, zp9, zp11;
    uint32_t t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12;
    tnm_rng_seed(&rng, seed);
    tnm_bb_init(b);
    zp1 = tnm_rng_range(&rng, -20, 20);
    zp2 = tnm_rng_range(&rng, -20, 20);
    zp3 = tnm_rng_range(&rng, -20, 20);
    zp5 = tnm_rng_range(&rng, -20, 20);
    zp7 = tnm_rng_range(&rng, -20, 20);
    zp9 = tnm_rng_range(&rng, -20, 20);
    zp11 = tnm_rng_range(&rng, -20, 20);

    t0 = tnm_bb_tensor_auto(b, TNM_TYPE_FLOAT32, 4, d_in, 0, 0.0f);
    t1 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_in, zp1, 0.05f);
    {
        const int32_t p[13] = {f32_param(0.05f), zp1};
        tnm_bb_layer_add(b, TNM_OP_QUANTIZE, t0, TNM_NO_TENSOR, t1, p);
    }
    t2 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_conv, zp2, 0.1f);
    {
        const int32_t p[13] = {-zp1, zp2, -128, 127, 1, 1, 1, 1, 1, 1, 3, 3, 1};
        tnm_bb_layer_add(b, TNM_OP_CONV_2D, t1, TNM_NO_TENSOR, t2, p);
        add_constants(b, &rng, 4 * 3 * 3 * 2, 4, 4);
    }
    t3 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_dw, zp3, 0.2f);
    {
        const int32_t p[13] = {-zp2, zp3, -100, 100, 2, 2, 0, 0, 1, 1, 3, 3, 2};
        tnm_bb_layer_add(b, TNM_OP_DEPTHWISE_CONV_2D, t2, TNM_NO_TENSOR, t3, p);
        add_constants(b, &rng, 3 * 3 * 8, 8, 8);
    }
    t4 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_dw, zp3, 0.2f);
    {
        const int32_t p[13] = {0, 0, -128, 127, 1, 1, 0, 0, 0, 0, 2, 2, 0};
        tnm_bb_layer_add(b, TNM_OP_MAX_POOL_2D, t3, TNM_NO_TENSOR, t4, p);
    }
    t5 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_dw, zp5, 0.3f);
    {
        const int32_t p[13] = {-zp3, -zp3, -128, 127, zp5, 20,
                               random_multiplier(&rng), -1, random_multiplier(&rng), -1,
                               random_multiplier(&rng), -19};
        tnm_bb_layer_add(b, TNM_OP_ADD, t3, t4, t5, p);
    }
    t6 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_vec, zp5, 0.3f);
    {
        const int32_t p[13] = {0, 0, -128, 127, 1, 1, 0, 0, 0, 0, 3, 3, 0};
        tnm_bb_layer_add(b, TNM_OP_AVERAGE_POOL_2D, t5, TNM_NO_TENSOR, t6, p);
    }
    t7 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_dw, zp7, 0.5f);
    {
        const int32_t p[13] = {-zp5, -zp5, -128, 127, zp7, random_multiplier(&rng), -8};
        tnm_bb_layer_add(b, TNM_OP_MUL, t5, t6, t7, p);
    }
    t8 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_flat, zp7, 0.5f);
    tnm_bb_layer_add(b, TNM_OP_RESHAPE, t7, TNM_NO_TENSOR, t8, NULL);
    t9 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_out, zp9, 0.25f);
    {
        const int32_t p[13] = {-zp7, zp9, -128, 127, 0, 72, 10};
        tnm_bb_layer_add(b, TNM_OP_FULLY_CONNECTED, t8, TNM_NO_TENSOR, t9, p);
        add_constants(b, &rng, 72 * 10, 10, 1);
    }
    t10 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_out, -128, 1.0f / 256.0f);
    {
        const int32_t p[13] = {1717986918, 23, -248};
        tnm_bb_layer_add(b, TNM_OP_SOFTMAX, t9, TNM_NO_TENSOR, t10, p);
    }
    t11 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_out, zp11, 0.01f);
    {
        const int32_t p[13] = {random_multiplier(&rng), -1, -128, zp11};
        tnm_bb_layer_add(b, TNM_OP_QUANTIZE, t10, TNM_NO_TENSOR, t11, p);
    }
    t12 = tnm_bb_tensor_auto(b, TNM_TYPE_FLOAT32, 2, d_out, 0, 0.0f);
    {
        const int32_t p[13] = {zp11, f32_param(0.01f)};
        tnm_bb_layer_add(b, TNM_OP_DEQUANTIZE, t11, TNM_NO_TENSOR, t12, p);
    }
    b->input_tensor = t0;
    b->output_tensor = t12;
}
