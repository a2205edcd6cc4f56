/*
 * Running one layer of a .tnm blob: validate (header, the layer, its tensors, the
 * arena), then call the kernel. Validation is tnm_read_layer(), the same function
 * tnm_model_check() uses, so a blob changed after the check is caught here too. Each
 * kernel call is compiled only for the operators in the build's set (TNM_OP_SET), so
 * the kernels of the others are not linked.
 */
#include <string.h>

#include "tnm_runtime_internal.h"

static int8_t *arena_s8(uint8_t *arena, const tnm_tensor_view *t)
{
    return (int8_t *)(void *)(arena + t->arena_offset);
}

/* float32 tensors sit at 4-aligned offsets of a 4-aligned arena. */
static float *arena_f32(uint8_t *arena, const tnm_tensor_view *t)
{
    return (float *)(void *)(arena + t->arena_offset);
}

static float param_f32(int32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static tnm_status run_layer(const uint8_t *blob, const tnm_layer_view *L, uint8_t *arena)
{
    const int32_t *p = L->params;
    const int8_t *weights = L->weights_offset ? (const int8_t *)(const void *)(blob + L->weights_offset) : NULL;
    /* 4-byte alignment in memory checked by tnm_read_layer. */
    const int32_t *bias = L->bias_offset ? (const int32_t *)(const void *)(blob + L->bias_offset) : NULL;
    tnm_quant quant;

    quant.multiplier = NULL;
    quant.shift = NULL;
    if (L->quant_offset != 0) {
        quant.multiplier = (const int32_t *)(const void *)(blob + L->quant_offset);
        quant.shift = (const int8_t *)(const void *)(blob + L->quant_offset + 4u * L->quant_count);
    }

    switch (L->op) {
    case TNM_OP_CONV_2D:
    case TNM_OP_DEPTHWISE_CONV_2D: {
        tnm_conv_params cp;
        tnm_dims filter;
        void *scratch = L->scratch_size > 0 ? (void *)(arena + L->scratch_offset) : NULL;
        if (!TNM_OP_ENABLED(TNM_OP_CONV_2D) && !TNM_OP_ENABLED(TNM_OP_DEPTHWISE_CONV_2D)) break;
        cp.input_offset = p[0];
        cp.output_offset = p[1];
        cp.act_min = p[2];
        cp.act_max = p[3];
        cp.stride_h = p[4];
        cp.stride_w = p[5];
        cp.pad_h = p[6];
        cp.pad_w = p[7];
        cp.dilation_h = p[8];
        cp.dilation_w = p[9];
        cp.depth_multiplier = p[12];
        filter.h = p[10];
        filter.w = p[11];
        if (TNM_OP_ENABLED(TNM_OP_CONV_2D) &&
            (!TNM_OP_ENABLED(TNM_OP_DEPTHWISE_CONV_2D) || L->op == TNM_OP_CONV_2D)) {
            filter.n = L->out.nhwc.c;
            filter.c = L->in.nhwc.c;
            return tnm_conv_s8(&cp, &quant, &L->in.nhwc, arena_s8(arena, &L->in), &filter, weights,
                               bias, &L->out.nhwc, arena_s8(arena, &L->out), scratch);
        }
        filter.n = 1;
        filter.c = L->out.nhwc.c;
        return tnm_depthwise_conv_s8(&cp, &quant, &L->in.nhwc, arena_s8(arena, &L->in), &filter,
                                     weights, bias, &L->out.nhwc, arena_s8(arena, &L->out),
                                     scratch);
    }
    case TNM_OP_FULLY_CONNECTED: {
        tnm_fc_params fp;
        if (!TNM_OP_ENABLED(TNM_OP_FULLY_CONNECTED)) break;
        fp.input_offset = p[0];
        fp.output_offset = p[1];
        fp.act_min = p[2];
        fp.act_max = p[3];
        fp.filter_offset = p[4];
        return tnm_fully_connected_s8(&fp, &quant, (int32_t)L->quant_count, L->batches, p[5], p[6],
                                      arena_s8(arena, &L->in), weights, bias,
                                      arena_s8(arena, &L->out));
    }
    case TNM_OP_AVERAGE_POOL_2D:
    case TNM_OP_MAX_POOL_2D: {
        tnm_pool_params pp;
        if (!TNM_OP_ENABLED(TNM_OP_AVERAGE_POOL_2D) && !TNM_OP_ENABLED(TNM_OP_MAX_POOL_2D)) break;
        pp.act_min = p[2];
        pp.act_max = p[3];
        pp.stride_h = p[4];
        pp.stride_w = p[5];
        pp.pad_h = p[6];
        pp.pad_w = p[7];
        pp.filter_h = p[10];
        pp.filter_w = p[11];
        if (TNM_OP_ENABLED(TNM_OP_AVERAGE_POOL_2D) &&
            (!TNM_OP_ENABLED(TNM_OP_MAX_POOL_2D) || L->op == TNM_OP_AVERAGE_POOL_2D))
            return tnm_avgpool_s8(&pp, &L->in.nhwc, arena_s8(arena, &L->in), &L->out.nhwc,
                                  arena_s8(arena, &L->out));
        return tnm_maxpool_s8(&pp, &L->in.nhwc, arena_s8(arena, &L->in), &L->out.nhwc,
                              arena_s8(arena, &L->out));
    }
    case TNM_OP_SOFTMAX: {
        tnm_softmax_params sp;
        int32_t depth = L->in.nhwc.c;
        if (!TNM_OP_ENABLED(TNM_OP_SOFTMAX)) break;
        sp.input_multiplier = p[0];
        sp.input_left_shift = p[1];
        sp.diff_min = p[2];
        return tnm_softmax_s8(&sp, L->in.elements / depth, depth, arena_s8(arena, &L->in),
                              arena_s8(arena, &L->out));
    }
    case TNM_OP_ADD:
    case TNM_OP_MUL: {
        tnm_arith_params ap;
        if (!TNM_OP_ENABLED(TNM_OP_ADD) && !TNM_OP_ENABLED(TNM_OP_MUL)) break;
        memset(&ap, 0, sizeof ap);
        ap.input1_offset = p[0];
        ap.input2_offset = p[1];
        ap.act_min = p[2];
        ap.act_max = p[3];
        ap.output_offset = p[4];
        if (TNM_OP_ENABLED(TNM_OP_ADD) && (!TNM_OP_ENABLED(TNM_OP_MUL) || L->op == TNM_OP_ADD)) {
            ap.left_shift = p[5];
            ap.input1_multiplier = p[6];
            ap.input1_shift = p[7];
            ap.input2_multiplier = p[8];
            ap.input2_shift = p[9];
            ap.output_multiplier = p[10];
            ap.output_shift = p[11];
            return tnm_add_s8(&ap, &L->in.nhwc, arena_s8(arena, &L->in), &L->in2.nhwc,
                              arena_s8(arena, &L->in2), &L->out.nhwc, arena_s8(arena, &L->out));
        }
        ap.output_multiplier = p[5];
        ap.output_shift = p[6];
        return tnm_mul_s8(&ap, &L->in.nhwc, arena_s8(arena, &L->in), &L->in2.nhwc,
                          arena_s8(arena, &L->in2), &L->out.nhwc, arena_s8(arena, &L->out));
    }
    case TNM_OP_RESHAPE:
        if (!TNM_OP_ENABLED(TNM_OP_RESHAPE)) break;
        if (L->out.arena_offset != L->in.arena_offset)
            memmove(arena + L->out.arena_offset, arena + L->in.arena_offset, L->in.size_bytes);
        return TNM_OK;
    case TNM_OP_QUANTIZE:
        if (!TNM_OP_ENABLED(TNM_OP_QUANTIZE)) break;
        if (L->in.type == TNM_TYPE_FLOAT32)
            return tnm_quantize_f32_s8(L->in.elements, arena_f32(arena, &L->in), param_f32(p[0]),
                                       p[1], arena_s8(arena, &L->out));
        return tnm_requantize_s8(L->in.elements, arena_s8(arena, &L->in), p[2], p[0], p[1], p[3],
                                 arena_s8(arena, &L->out));
    case TNM_OP_DEQUANTIZE:
        if (!TNM_OP_ENABLED(TNM_OP_DEQUANTIZE)) break;
        return tnm_dequantize_s8_f32(L->in.elements, arena_s8(arena, &L->in), param_f32(p[1]), p[0],
                                     arena_f32(arena, &L->out));
    default:
        break;
    }
    return TNM_ERR_UNSUPPORTED; /* unreachable: tnm_read_layer rejects ops left out */
}

tnm_status tnm_layer_invoke(const uint8_t *blob, uint32_t blob_len,
                            uint8_t *arena, uint32_t arena_len,
                            int32_t index, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_layer_view layer;
    tnm_status st;

    if (arena == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_ARENA, -1, 0, 0);
    st = tnm_read_header(blob, blob_len, 0, &hdr, err);
    if (st != TNM_OK) return st;
    if (index < 0 || (uint32_t)index >= hdr.layer_count)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_INDEX, -1, index,
                        (int32_t)hdr.layer_count);
    if (arena_len < hdr.arena_size)
        return tnm_fail(err, TNM_ERR_ARENA, TNM_FIELD_ARENA, -1,
                        arena_len > (uint32_t)INT32_MAX ? INT32_MAX : (int32_t)arena_len,
                        (int32_t)hdr.arena_size);
    if ((uintptr_t)arena % 4u != 0)
        return tnm_fail(err, TNM_ERR_ALIGNMENT, TNM_FIELD_ARENA, -1, (int32_t)((uintptr_t)arena % 4u), 4);
    st = tnm_read_layer(blob, &hdr, (uint32_t)index, &layer, err);
    if (st != TNM_OK) return st;
    st = run_layer(blob, &layer, arena);
    if (st != TNM_OK) return tnm_fail(err, st, TNM_FIELD_LAYER_OP, index, layer.op, 0);
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}
