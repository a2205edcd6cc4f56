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

uint32_t tnm_bb_get_u16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }

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
    case TNM_TYPE_INT8: case TNM_TYPE_UINT8: case TNM_TYPE_BOOL: return 1;
    default: return 0;
    }
}

void tnm_bb_init(tnm_bb *b)
{
    memset(b, 0, sizeof *b);
}

static uint32_t add_tensor(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                           uint32_t offset, int32_t zero_point, float scale, uint32_t flags)
{
    tnm_bb_tensor *t = &b->tensors[b->tensor_count];
    uint32_t size = tnm_bb_type_size(type);
    int32_t i;
    t->type = type;
    t->rank = rank;
    for (i = 0; i < TNM_MAX_RANK; i++) {
        t->dims[i] = i < rank ? dims[i] : 1;
        if (i < rank) size *= (uint32_t)dims[i];
    }
    t->offset = offset;
    t->size_bytes = size;
    t->zero_point = zero_point;
    t->scale = scale;
    t->flags = flags;
    return b->tensor_count++;
}

uint32_t tnm_bb_tensor_at(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                          uint32_t arena_offset, int32_t zero_point, float scale)
{
    return add_tensor(b, type, rank, dims, arena_offset, zero_point, scale, 0);
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

uint32_t tnm_bb_constant(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                         const void *bytes, int32_t zero_point, float scale)
{
    uint32_t ix = add_tensor(b, type, rank, dims, 0, zero_point, scale, TNM_TENSOR_CONSTANT);
    b->tensors[ix].offset = tnm_bb_data(b, bytes, b->tensors[ix].size_bytes);
    return ix;
}

uint32_t tnm_bb_variable(tnm_bb *b, int32_t type, int32_t rank, const int32_t *dims,
                         int32_t zero_point, float scale)
{
    uint32_t ix = add_tensor(b, type, rank, dims, 4u * b->state_words, zero_point, scale,
                             TNM_TENSOR_VARIABLE);
    b->state_words += (b->tensors[ix].size_bytes + 3u) / 4u;
    return ix;
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

uint32_t tnm_bb_layer(tnm_bb *b, int32_t op, uint32_t input_count, const uint32_t *inputs,
                      uint32_t output_count, const uint32_t *outputs, uint32_t param_count,
                      const int32_t *params)
{
    tnm_bb_layer_rec *l = &b->layers[b->layer_count];
    uint32_t k;
    memset(l, 0, sizeof *l);
    l->op = op;
    l->input_count = input_count;
    l->output_count = output_count;
    l->param_count = param_count;
    l->first_word = b->list_word_count;
    l->quant = TNM_BB_NONE;
    for (k = 0; k < input_count; k++) b->list_words[b->list_word_count++] = (int32_t)inputs[k];
    for (k = 0; k < output_count; k++) b->list_words[b->list_word_count++] = (int32_t)outputs[k];
    for (k = 0; k < param_count; k++) b->list_words[b->list_word_count++] = params != NULL ? params[k] : 0;
    return b->layer_count++;
}

uint32_t tnm_bb_layer1(tnm_bb *b, int32_t op, uint32_t input, uint32_t output,
                       uint32_t param_count, const int32_t *params)
{
    return tnm_bb_layer(b, op, 1, &input, 1, &output, param_count, params);
}

void tnm_bb_layer_quant(tnm_bb *b, uint32_t quant, uint32_t quant_count)
{
    tnm_bb_layer_rec *l = &b->layers[b->layer_count - 1];
    l->quant = quant;
    l->quant_count = quant_count;
}

uint32_t tnm_bb_layer_add(tnm_bb *b, int32_t op, uint32_t input, uint32_t input2, uint32_t output,
                          const int32_t *params13)
{
    static const int32_t zeros[13] = {0};
    const int32_t *p = params13 != NULL ? params13 : zeros;
    uint32_t ins[3] = {input, input2, TNM_NO_TENSOR}, n_in = 1, n_params = 0;
    int32_t q[13];
    switch (op) {
    case TNM_OP_CONV_2D: n_params = 12; memcpy(q, p, 12 * 4); n_in = 3; ins[1] = TNM_NO_TENSOR; break;
    case TNM_OP_DEPTHWISE_CONV_2D: n_params = 13; memcpy(q, p, 13 * 4); n_in = 3; ins[1] = TNM_NO_TENSOR; break;
    case TNM_OP_FULLY_CONNECTED: n_params = 7; memcpy(q, p, 7 * 4); n_in = 3; ins[1] = TNM_NO_TENSOR; break;
    case TNM_OP_AVERAGE_POOL_2D:
    case TNM_OP_MAX_POOL_2D:
        n_params = 8;
        memcpy(q, p + 2, 6 * 4);
        q[6] = p[10];
        q[7] = p[11];
        break;
    case TNM_OP_SOFTMAX: n_params = 3; memcpy(q, p, 3 * 4); break;
    case TNM_OP_ADD: n_params = 12; memcpy(q, p, 12 * 4); n_in = 2; break;
    case TNM_OP_MUL: n_params = 7; memcpy(q, p, 7 * 4); n_in = 2; break;
    case TNM_OP_QUANTIZE:
        n_params = 4;
        if (b->tensors[input].type == TNM_TYPE_FLOAT32) {
            q[0] = q[1] = q[2] = 0;
            q[3] = p[1];
        } else {
            memcpy(q, p, 4 * 4);
        }
        break;
    default: break;
    }
    return tnm_bb_layer(b, op, n_in, ins, 1, &output, n_params, q);
}

void tnm_bb_layer_constants(tnm_bb *b, uint32_t weights, uint32_t weights_size, uint32_t bias,
                            uint32_t quant, uint32_t quant_count)
{
    tnm_bb_layer_rec *l = &b->layers[b->layer_count - 1];
    const uint32_t out = (uint32_t)b->list_words[l->first_word + l->input_count];
    const int32_t wdims[1] = {(int32_t)weights_size};
    int32_t bdims[1];
    uint32_t t;
    bdims[0] = l->op == TNM_OP_FULLY_CONNECTED ? b->list_words[l->first_word + l->input_count + 1 + 6]
                                               : b->tensors[out].dims[b->tensors[out].rank - 1];
    if (weights != TNM_BB_NONE) {
        t = add_tensor(b, TNM_TYPE_INT8, 1, wdims, weights, 0, 1.0f, TNM_TENSOR_CONSTANT);
        b->list_words[l->first_word + 1] = (int32_t)t;
    }
    if (bias != TNM_BB_NONE) {
        t = add_tensor(b, TNM_TYPE_INT32, 1, bdims, bias, 0, 1.0f, TNM_TENSOR_CONSTANT);
        b->list_words[l->first_word + 2] = (int32_t)t;
    }
    if (quant != TNM_BB_NONE) tnm_bb_layer_quant(b, quant, quant_count);
}

void tnm_bb_input(tnm_bb *b, uint32_t tensor) { b->inputs[b->input_count++] = tensor; }
void tnm_bb_output(tnm_bb *b, uint32_t tensor) { b->outputs[b->output_count++] = tensor; }

static uint32_t lists_bytes(const tnm_bb_layer_rec *l)
{
    return ((2u * (l->input_count + l->output_count) + 3u) & ~3u) + 4u * l->param_count;
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
        const tnm_bb_layer_rec *l = &b->layers[i];
        const int32_t *w = &b->list_words[l->first_word];
        const int conv = l->op == TNM_OP_CONV_2D;
        tnm_dims in, out, filter;
        int32_t need;
        uint32_t input, output;
        if (l->op == TNM_OP_CONV_2D_16X8 && l->input_count >= 2 && (uint32_t)w[0] < b->tensor_count &&
            (uint32_t)w[1] < b->tensor_count) { /* the patch form's window, from the filter tensor */
            in = bb_nhwc(&b->tensors[w[0]]);
            filter = bb_nhwc(&b->tensors[w[1]]);
            need = tnm_conv_16x8_scratch_size(&in, &filter);
            if (need > 0 && (uint32_t)need > best) best = ((uint32_t)need + 3u) & ~3u;
            continue;
        }
        if ((!conv && l->op != TNM_OP_DEPTHWISE_CONV_2D) || l->input_count < 1 ||
            l->output_count < 1 || l->param_count < 12)
            continue;
        input = (uint32_t)w[0];
        output = (uint32_t)w[l->input_count];
        if (input >= b->tensor_count || output >= b->tensor_count) continue;
        in = bb_nhwc(&b->tensors[input]);
        out = bb_nhwc(&b->tensors[output]);
        filter.n = conv ? out.c : 1;
        filter.h = w[l->input_count + l->output_count + 10];
        filter.w = w[l->input_count + l->output_count + 11];
        filter.c = conv ? in.c : out.c;
        need = conv ? tnm_conv_s8_scratch_size(&in, &filter, &out)
                    : tnm_depthwise_conv_s8_scratch_size(&in, &filter, &out);
        if (need > 0 && (uint32_t)need > best) best = ((uint32_t)need + 3u) & ~3u;
    }
    return best;
}

uint32_t tnm_bb_finish(tnm_bb *b, uint8_t *out, uint32_t cap)
{
    const uint32_t tensor_table = TNM_HEADER_SIZE;
    const uint32_t layer_table = tensor_table + b->tensor_count * TNM_TENSOR_RECORD_SIZE;
    const uint32_t list_offset = layer_table + b->layer_count * TNM_LAYER_RECORD_SIZE;
    uint32_t list_size = (2u * (b->input_count + b->output_count) + 3u) & ~3u;
    uint32_t data_offset, size, arena = 0, activations_end = 0, i, at;
    int k;

    for (i = 0; i < b->layer_count; i++) list_size += lists_bytes(&b->layers[i]);
    data_offset = list_offset + list_size;
    size = data_offset + ((b->data_size + 3u) & ~3u);
    if (size > cap) return 0;
    memset(out, 0, size);
    for (i = 0; i < b->tensor_count; i++) {
        const tnm_bb_tensor *t = &b->tensors[i];
        if (t->flags == 0 && t->offset + t->size_bytes > activations_end)
            activations_end = t->offset + t->size_bytes;
    }
    b->state_offset = 0;
    b->state_size = 0;
    if (b->state_words > 0 || b->force_state || b->init_layers > 0) {
        b->state_offset = (activations_end + 3u) & ~3u;
        b->state_size = 4u + 4u * b->state_words;
        activations_end = b->state_offset + b->state_size;
    }
    arena = b->arena_size != 0 ? b->arena_size
                               : ((activations_end + 3u) & ~3u) + b->arena_extra + tnm_bb_scratch(b);
    b->list_offset = list_offset;
    b->data_offset = data_offset;

    memcpy(out, "TNMB", 4);
    tnm_bb_put_u16(out + 4, TNM_FORMAT_VERSION);
    tnm_bb_put_u16(out + 6, TNM_HEADER_SIZE);
    tnm_bb_put_u32(out + 8, size);
    tnm_bb_put_u32(out + TNM_BB_H_ARENA, arena);
    tnm_bb_put_u32(out + TNM_BB_H_STATE_OFFSET, b->state_offset);
    tnm_bb_put_u32(out + TNM_BB_H_STATE_SIZE, b->state_size);
    tnm_bb_put_u16(out + TNM_BB_H_TENSOR_COUNT, b->tensor_count);
    tnm_bb_put_u16(out + TNM_BB_H_LAYER_COUNT, b->layer_count);
    tnm_bb_put_u16(out + TNM_BB_H_INPUT_COUNT, b->input_count);
    tnm_bb_put_u16(out + TNM_BB_H_OUTPUT_COUNT, b->output_count);
    tnm_bb_put_u16(out + TNM_BB_H_INIT_LAYERS, b->init_layers);
    tnm_bb_put_u32(out + TNM_BB_H_TENSOR_TABLE, tensor_table);
    tnm_bb_put_u32(out + TNM_BB_H_LAYER_TABLE, layer_table);
    tnm_bb_put_u32(out + TNM_BB_H_LIST_OFFSET, list_offset);
    tnm_bb_put_u32(out + TNM_BB_H_LIST_SIZE, list_size);
    tnm_bb_put_u32(out + TNM_BB_H_DATA_OFFSET, data_offset);
    tnm_bb_put_u32(out + TNM_BB_H_DATA_SIZE, b->data_size);

    for (i = 0; i < b->tensor_count; i++) {
        const tnm_bb_tensor *t = &b->tensors[i];
        uint8_t *r = out + tensor_table + i * TNM_TENSOR_RECORD_SIZE;
        uint32_t scale_bits, offset = t->offset;
        if (t->flags == TNM_TENSOR_CONSTANT) offset += data_offset;
        if (t->flags == TNM_TENSOR_VARIABLE) offset += b->state_offset + 4u;
        r[0] = (uint8_t)t->type;
        r[1] = (uint8_t)t->rank;
        tnm_bb_put_u16(r + 2, t->flags);
        for (k = 0; k < TNM_MAX_RANK; k++) tnm_bb_put_u16(r + TNM_BB_T_DIMS + 2 * k, (uint32_t)t->dims[k]);
        tnm_bb_put_u32(r + TNM_BB_T_OFFSET, offset);
        tnm_bb_put_u32(r + TNM_BB_T_SIZE, t->size_bytes);
        tnm_bb_put_u32(r + TNM_BB_T_ZERO_POINT, (uint32_t)t->zero_point);
        memcpy(&scale_bits, &t->scale, 4);
        tnm_bb_put_u32(r + TNM_BB_T_SCALE, scale_bits);
    }
    at = list_offset;
    for (i = 0; i < b->input_count; i++, at += 2) tnm_bb_put_u16(out + at, b->inputs[i]);
    for (i = 0; i < b->output_count; i++, at += 2) tnm_bb_put_u16(out + at, b->outputs[i]);
    at = (at + 3u) & ~3u;
    for (i = 0; i < b->layer_count; i++) {
        const tnm_bb_layer_rec *l = &b->layers[i];
        uint8_t *r = out + layer_table + i * TNM_LAYER_RECORD_SIZE;
        const uint32_t entries = l->input_count + l->output_count;
        uint32_t k2, p = at + ((2u * entries + 3u) & ~3u);
        tnm_bb_put_u16(r + TNM_BB_L_OP, (uint32_t)l->op);
        r[TNM_BB_L_INPUT_COUNT] = (uint8_t)l->input_count;
        r[TNM_BB_L_OUTPUT_COUNT] = (uint8_t)l->output_count;
        tnm_bb_put_u16(r + TNM_BB_L_PARAM_COUNT, l->param_count);
        tnm_bb_put_u32(r + TNM_BB_L_LISTS, at);
        tnm_bb_put_u32(r + TNM_BB_L_QUANT_OFFSET, l->quant == TNM_BB_NONE ? 0 : data_offset + l->quant);
        tnm_bb_put_u32(r + TNM_BB_L_QUANT_COUNT, l->quant_count);
        for (k2 = 0; k2 < entries; k2++)
            tnm_bb_put_u16(out + at + 2u * k2, (uint32_t)b->list_words[l->first_word + k2]);
        for (k2 = 0; k2 < l->param_count; k2++)
            tnm_bb_put_u32(out + p + 4u * k2, (uint32_t)b->list_words[l->first_word + entries + k2]);
        at += lists_bytes(l);
    }
    memcpy(out + data_offset, b->data, b->data_size);
    tnm_bb_fix_crc(out, size);
    return size;
}

uint32_t tnm_bb_tensor_record(const uint8_t *blob, uint32_t index)
{
    return tnm_bb_get_u32(blob + TNM_BB_H_TENSOR_TABLE) + index * TNM_TENSOR_RECORD_SIZE;
}

uint32_t tnm_bb_layer_record(const uint8_t *blob, uint32_t index)
{
    return tnm_bb_get_u32(blob + TNM_BB_H_LAYER_TABLE) + index * TNM_LAYER_RECORD_SIZE;
}

uint32_t tnm_bb_layer_entry(const uint8_t *blob, uint32_t layer, uint32_t k)
{
    return tnm_bb_get_u32(blob + tnm_bb_layer_record(blob, layer) + TNM_BB_L_LISTS) + 2u * k;
}

uint32_t tnm_bb_layer_param(const uint8_t *blob, uint32_t layer, uint32_t k)
{
    const uint8_t *r = blob + tnm_bb_layer_record(blob, layer);
    const uint32_t entries = (uint32_t)r[TNM_BB_L_INPUT_COUNT] + r[TNM_BB_L_OUTPUT_COUNT];
    return tnm_bb_get_u32(r + TNM_BB_L_LISTS) + ((2u * entries + 3u) & ~3u) + 4u * k;
}

/* ---- sample models --------------------------------------------------------- */

#include "tnm_test.h"

static int32_t f32_param(float f)
{
    int32_t bits;
    memcpy(&bits, &f, 4);
    return bits;
}

static int32_t random_multiplier(tnm_rng *rng) { return tnm_rng_range(rng, 1 << 30, INT32_MAX); }

/* A layer [input, weights, bias] -> output with random constants: weights int8 of
 * `weights_dims`, bias int32 [channels], per-channel (count == channels) or per-tensor
 * quantization. */
static void weighted_layer(tnm_bb *b, tnm_rng *rng, int32_t op, uint32_t input, uint32_t output,
                           const int32_t *weights_dims, uint32_t channels, uint32_t quant_count,
                           uint32_t param_count, const int32_t *params)
{
    int8_t weights[1024], shifts[64];
    int32_t bias[64], multipliers[64], bias_dims[1];
    uint32_t i, n = 1, ins[3], q;
    for (i = 0; i < 4; i++) n *= (uint32_t)weights_dims[i];
    for (i = 0; i < n; i++) weights[i] = (int8_t)tnm_rng_range(rng, -127, 127);
    for (i = 0; i < channels; i++) bias[i] = tnm_rng_range(rng, -2000, 2000);
    for (i = 0; i < quant_count; i++) {
        multipliers[i] = random_multiplier(rng);
        shifts[i] = (int8_t)tnm_rng_range(rng, -9, -5);
    }
    bias_dims[0] = (int32_t)channels;
    ins[0] = input;
    ins[1] = tnm_bb_constant(b, TNM_TYPE_INT8, 4, weights_dims, weights, 0, 1.0f);
    ins[2] = tnm_bb_constant(b, TNM_TYPE_INT32, 1, bias_dims, bias, 0, 1.0f);
    q = tnm_bb_quant(b, multipliers, shifts, quant_count);
    tnm_bb_layer(b, op, 3, ins, 1, &output, param_count, params);
    tnm_bb_layer_quant(b, q, quant_count);
}

void tnm_bb_sample_model(tnm_bb *b, uint32_t seed)
{
    static const int32_t d_in[4] = {1, 6, 6, 2}, d_conv[4] = {1, 6, 6, 4};
    static const int32_t d_dw[4] = {1, 3, 3, 8}, d_vec[4] = {1, 1, 1, 8};
    static const int32_t d_flat[2] = {1, 72}, d_out[2] = {1, 10};
    static const int32_t w_conv[4] = {4, 3, 3, 2}, w_dw[4] = {1, 3, 3, 8}, w_fc[4] = {1, 1, 10, 72};
    tnm_rng rng;
    int32_t zp1, zp2, zp3, zp5, zp7, zp9, zp11;
    uint32_t t[13];
    tnm_rng_seed(&rng, seed);
    tnm_bb_init(b);
    zp1 = tnm_rng_range(&rng, -20, 20);
    zp2 = tnm_rng_range(&rng, -20, 20);
    zp3 = tnm_rng_range(&rng, -20, 20);
    zp5 = tnm_rng_range(&rng, -20, 20);
    zp7 = tnm_rng_range(&rng, -20, 20);
    zp9 = tnm_rng_range(&rng, -20, 20);
    zp11 = tnm_rng_range(&rng, -20, 20);

    /* the 13 activations first (indices 0..12), constants after them */
    t[0] = tnm_bb_tensor_auto(b, TNM_TYPE_FLOAT32, 4, d_in, 0, 0.0f);
    t[1] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_in, zp1, 0.05f);
    t[2] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_conv, zp2, 0.1f);
    t[3] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_dw, zp3, 0.2f);
    t[4] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_dw, zp3, 0.2f);
    t[5] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_dw, zp5, 0.3f);
    t[6] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_vec, zp5, 0.3f);
    t[7] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 4, d_dw, zp7, 0.5f);
    t[8] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_flat, zp7, 0.5f);
    t[9] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_out, zp9, 0.25f);
    t[10] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_out, -128, 1.0f / 256.0f);
    t[11] = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_out, zp11, 0.01f);
    t[12] = tnm_bb_tensor_auto(b, TNM_TYPE_FLOAT32, 2, d_out, 0, 0.0f);
    {
        const int32_t p[4] = {0, 0, 0, zp1};
        tnm_bb_layer1(b, TNM_OP_QUANTIZE, t[0], t[1], 4, p);
    }
    {
        const int32_t p[12] = {-zp1, zp2, -128, 127, 1, 1, 1, 1, 1, 1, 3, 3};
        weighted_layer(b, &rng, TNM_OP_CONV_2D, t[1], t[2], w_conv, 4, 4, 12, p);
    }
    {
        const int32_t p[13] = {-zp2, zp3, -100, 100, 2, 2, 0, 0, 1, 1, 3, 3, 2};
        weighted_layer(b, &rng, TNM_OP_DEPTHWISE_CONV_2D, t[2], t[3], w_dw, 8, 8, 13, p);
    }
    {
        const int32_t p[8] = {-128, 127, 1, 1, 0, 0, 2, 2};
        tnm_bb_layer1(b, TNM_OP_MAX_POOL_2D, t[3], t[4], 8, p);
    }
    {
        const int32_t p[12] = {-zp3, -zp3, -128, 127, zp5, 20,
                               random_multiplier(&rng), -1, random_multiplier(&rng), -1,
                               random_multiplier(&rng), -19};
        const uint32_t ins[2] = {t[3], t[4]};
        tnm_bb_layer(b, TNM_OP_ADD, 2, ins, 1, &t[5], 12, p);
    }
    {
        const int32_t p[8] = {-128, 127, 1, 1, 0, 0, 3, 3};
        tnm_bb_layer1(b, TNM_OP_AVERAGE_POOL_2D, t[5], t[6], 8, p);
    }
    {
        const int32_t p[7] = {-zp5, -zp5, -128, 127, zp7, random_multiplier(&rng), -8};
        const uint32_t ins[2] = {t[5], t[6]};
        tnm_bb_layer(b, TNM_OP_MUL, 2, ins, 1, &t[7], 7, p);
    }
    tnm_bb_layer1(b, TNM_OP_RESHAPE, t[7], t[8], 0, NULL);
    {
        const int32_t p[7] = {-zp7, zp9, -128, 127, 0, 72, 10};
        weighted_layer(b, &rng, TNM_OP_FULLY_CONNECTED, t[8], t[9], w_fc, 10, 1, 7, p);
    }
    {
        const int32_t p[3] = {1717986918, 23, -248};
        tnm_bb_layer1(b, TNM_OP_SOFTMAX, t[9], t[10], 3, p);
    }
    {
        const int32_t p[4] = {random_multiplier(&rng), -1, -128, zp11};
        tnm_bb_layer1(b, TNM_OP_QUANTIZE, t[10], t[11], 4, p);
    }
    tnm_bb_layer1(b, TNM_OP_DEQUANTIZE, t[11], t[12], 0, NULL);
    (void)f32_param;
    tnm_bb_input(b, t[0]);
    tnm_bb_output(b, t[12]);
}

void tnm_bb_stateful_model(tnm_bb *b, uint32_t seed)
{
    static const int32_t d_x0[3] = {1, 2, 4}, d_x1[3] = {1, 1, 4}, d_hist[3] = {1, 3, 4};
    static const int32_t d_cat[3] = {1, 5, 4}, d_s0[3] = {1, 5, 1}, d_s1[3] = {1, 5, 3};
    static const int32_t d_cat2[3] = {1, 2, 4}, d_rev[2] = {2, 3};
    static const int8_t zeros[12] = {0};
    tnm_rng rng;
    int32_t zp;
    float scale;
    uint32_t x0, x1, va, vb, za, zb, ra, cat, keep, s0, s1, rb, cat2, rev, out0;
    tnm_rng_seed(&rng, seed);
    tnm_bb_init(b);
    zp = tnm_rng_range(&rng, -128, 127);
    scale = 0.01f * (float)tnm_rng_range(&rng, 1, 50);
    /* activations: inputs 0, 1; then the layers' outputs */
    x0 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_x0, zp, scale);
    x1 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_x1, zp, scale);
    ra = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_hist, zp, scale);
    cat = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_cat, zp, scale);
    keep = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_hist, zp, scale);
    s0 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_s0, zp, scale);
    s1 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_s1, zp, scale);
    rb = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_x1, zp, scale);
    cat2 = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 3, d_cat2, zp, scale);
    rev = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_rev, zp, scale);
    out0 = tnm_bb_tensor_auto(b, TNM_TYPE_UINT8, 3, d_s0, zp + 128, scale);
    /* variables (state region) and the init constants */
    va = tnm_bb_variable(b, TNM_TYPE_INT8, 3, d_hist, zp, scale);
    vb = tnm_bb_variable(b, TNM_TYPE_INT8, 3, d_x1, zp, scale);
    za = tnm_bb_constant(b, TNM_TYPE_INT8, 3, d_hist, zeros, zp, scale);
    zb = tnm_bb_constant(b, TNM_TYPE_INT8, 3, d_x1, zeros, zp, scale);
    /* init subgraph: layers 0, 1 */
    {
        const uint32_t a[2] = {va, za}, c[2] = {vb, zb};
        tnm_bb_layer(b, TNM_OP_ASSIGN_VARIABLE, 2, a, 0, NULL, 0, NULL);
        tnm_bb_layer(b, TNM_OP_ASSIGN_VARIABLE, 2, c, 0, NULL, 0, NULL);
        b->init_layers = 2;
    }
    {
        const int32_t p[1] = {1};
        tnm_bb_layer(b, TNM_OP_CALL_ONCE, 0, NULL, 0, NULL, 1, p); /* 2 */
    }
    tnm_bb_layer1(b, TNM_OP_READ_VARIABLE, va, ra, 0, NULL); /* 3 */
    {
        const uint32_t ins[2] = {ra, x0};
        const int32_t p[1] = {1};
        tnm_bb_layer(b, TNM_OP_CONCATENATION, 2, ins, 1, &cat, 1, p); /* 4 */
    }
    {
        /* the last 3 frames: begin [0,2,0], end [1,5,4], strides 1 */
        const int32_t p[16] = {0, 0, 0, 0, 0, 0, 3, 0, 2, 0, 1, 5, 4, 1, 1, 1};
        tnm_bb_layer1(b, TNM_OP_STRIDED_SLICE, cat, keep, 16, p); /* 5 */
    }
    {
        const uint32_t ins[2] = {va, keep};
        tnm_bb_layer(b, TNM_OP_ASSIGN_VARIABLE, 2, ins, 0, NULL, 0, NULL); /* 6 */
    }
    {
        const uint32_t outs[2] = {s0, s1};
        const int32_t p[1] = {2};
        tnm_bb_layer(b, TNM_OP_SPLIT_V, 1, &cat, 2, outs, 1, p); /* 7 */
    }
    tnm_bb_layer1(b, TNM_OP_READ_VARIABLE, vb, rb, 0, NULL); /* 8 */
    {
        const uint32_t ins[2] = {rb, x1};
        const int32_t p[1] = {1};
        tnm_bb_layer(b, TNM_OP_CONCATENATION, 2, ins, 1, &cat2, 1, p); /* 9 */
    }
    {
        const uint32_t ins[2] = {vb, x1};
        tnm_bb_layer(b, TNM_OP_ASSIGN_VARIABLE, 2, ins, 0, NULL, 0, NULL); /* 10 */
    }
    {
        /* shrink axis 0, rows 4 and 2 backwards (begin -1, end 0, stride -2), all 3 columns:
         * begin_mask 0, end_mask 0, shrink 1 */
        const int32_t p[16] = {0, 0, 0, 0, 1, 0, 3, 0, -1, 0, 0, 0, 3, 1, -2, 1};
        tnm_bb_layer1(b, TNM_OP_STRIDED_SLICE, s1, rev, 16, p); /* 11 */
    }
    {
        /* same scale: multiplier 2^30, shift 1; zero point + 128 */
        const int32_t p[4] = {1 << 30, 1, zp, zp + 128};
        tnm_bb_layer1(b, TNM_OP_QUANTIZE, s0, out0, 4, p); /* 12 */
    }
    tnm_bb_input(b, x0);
    tnm_bb_input(b, x1);
    tnm_bb_output(b, out0);
    tnm_bb_output(b, cat2);
    tnm_bb_output(b, rev);
}

void tnm_bb_svdf_model(tnm_bb *b, uint32_t seed)
{
    static const int32_t d_x[2] = {2, 6}, d_fa[2] = {4, 6}, d_ta[2] = {4, 3}, d_sa[2] = {2, 12};
    static const int32_t d_fb[2] = {3, 6}, d_tb[2] = {3, 2}, d_sb[2] = {2, 6}, d_ba[1] = {2}, d_bb[1] = {3};
    static const int32_t d_ya[2] = {2, 2}, d_yb[2] = {2, 3};
    int8_t fa[24], fb[18], tb[6];
    int16_t ta[12];
    int32_t ba[2], bb[3], k;
    tnm_rng rng;
    uint32_t x16, x, ins[5], ya, yb, s16, q32;
    tnm_rng_seed(&rng, seed);
    tnm_bb_init(b);
    for (k = 0; k < 24; k++) fa[k] = (int8_t)tnm_rng_range(&rng, -127, 127);
    for (k = 0; k < 18; k++) fb[k] = (int8_t)tnm_rng_range(&rng, -127, 127);
    for (k = 0; k < 6; k++) tb[k] = (int8_t)tnm_rng_range(&rng, -127, 127);
    for (k = 0; k < 12; k++) ta[k] = (int16_t)tnm_rng_range(&rng, -2000, 2000);
    for (k = 0; k < 2; k++) ba[k] = tnm_rng_range(&rng, -5000, 5000);
    for (k = 0; k < 3; k++) bb[k] = tnm_rng_range(&rng, -5000, 5000);
    x16 = tnm_bb_tensor_auto(b, TNM_TYPE_INT16, 2, d_x, 0, 0.001f);
    x = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_x, -3, 0.05f);
    ya = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_ya, 4, 0.5f);
    yb = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_yb, -2, 0.25f);
    s16 = tnm_bb_tensor_auto(b, TNM_TYPE_INT16, 2, d_yb, -32768, 1.0f / 65536.0f);
    q32 = tnm_bb_tensor_auto(b, TNM_TYPE_INT32, 2, d_yb, 0, 1.0f / 32768.0f);
    {
        const int32_t p[4] = {1 << 30, -5, 0, -3};
        tnm_bb_layer1(b, TNM_OP_QUANTIZE, x16, x, 4, p);
    }
    ins[0] = x;
    ins[1] = tnm_bb_constant(b, TNM_TYPE_INT8, 2, d_fa, fa, 0, 0.02f);
    ins[2] = tnm_bb_constant(b, TNM_TYPE_INT16, 2, d_ta, ta, 0, 0.001f);
    ins[3] = tnm_bb_constant(b, TNM_TYPE_INT32, 1, d_ba, ba, 0, 1.0f);
    ins[4] = tnm_bb_variable(b, TNM_TYPE_INT16, 2, d_sa, 0, 0.004f);
    {
        const int32_t p[8] = {-3, 0, 4, 1 << 30, -2, 1 << 30, -12, 2};
        tnm_bb_layer(b, TNM_OP_SVDF, 5, ins, 1, &ya, 8, p);
    }
    ins[1] = tnm_bb_constant(b, TNM_TYPE_INT8, 2, d_fb, fb, 0, 0.03f);
    ins[2] = tnm_bb_constant(b, TNM_TYPE_INT8, 2, d_tb, tb, 0, 0.02f);
    ins[3] = tnm_bb_constant(b, TNM_TYPE_INT32, 1, d_bb, bb, 0, 1.0f);
    ins[4] = tnm_bb_variable(b, TNM_TYPE_INT8, 2, d_sb, 7, 0.2f);
    {
        const int32_t p[8] = {-3, 7, -2, 1 << 30, -9, 1 << 30, -6, 1};
        tnm_bb_layer(b, TNM_OP_SVDF, 5, ins, 1, &yb, 8, p);
    }
    {
        /* TFLite's PreprocessSoftmaxScaling for input scale 0.25: 0.25 * 2^26 * 2^? as a
         * multiplier >= 2^30 with a left shift */
        const int32_t p[3] = {1 << 30, 25, -3968};
        tnm_bb_layer1(b, TNM_OP_SOFTMAX, yb, s16, 3, p);
    }
    {
        const int32_t p[4] = {1 << 30, 0, -32768, 0};
        tnm_bb_layer1(b, TNM_OP_QUANTIZE, s16, q32, 4, p);
    }
    {
        /* ya through a table (LUT, the compiler's form of the int8 activations) */
        static const int32_t d_t[1] = {256};
        int8_t table[256];
        uint32_t yl = tnm_bb_tensor_auto(b, TNM_TYPE_INT8, 2, d_ya, -5, 0.1f);
        for (k = 0; k < 256; k++) table[k] = (int8_t)tnm_rng_range(&rng, -128, 127);
        ins[0] = ya;
        ins[1] = tnm_bb_constant(b, TNM_TYPE_INT8, 1, d_t, table, 0, 1.0f);
        tnm_bb_layer(b, TNM_OP_LUT, 2, ins, 1, &yl, 0, NULL);
        ya = yl;
    }
    tnm_bb_input(b, x16);
    tnm_bb_output(b, ya);
    tnm_bb_output(b, q32);
}
