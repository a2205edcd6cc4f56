/* FULLY_CONNECTED: inputs [input, weights (constant int8 [depth, accum]), bias (constant
 * int32 [depth], optional)], per-tensor or per-channel requantization. */
#include "../kernels/tnm_kernels_opt.h"
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_variants.h"

/* filter_offset (param 4) in [-127, 128], accum_depth (5) in [1, input elements],
 * output_depth (6) in [1, output elements] */
static const tnm_rule k_rules_fc[] = {
    R_INT8_IO, R_OFFSETS, R_ACTIVATION,
    R_RANGE_(TNM_FIELD_LAYER_PARAMS, LP(4), LK(K_M127), LK(K_128)),
    R_RANGE_(TNM_FIELD_LAYER_PARAMS, LP(5), LK(K_1), LW(in[0].elements)),
    R_RANGE_(TNM_FIELD_LAYER_PARAMS, LP(6), LK(K_1), LW(out.elements)), R_END_};

static tnm_status check(tnm_layer_view *L, tnm_error *err)
{
    const int32_t *p = L->params;
    const int32_t ix = L->index, accum = p[5], depth = p[6];
    tnm_status st;
    L->win.act_min = p[2];
    L->win.act_max = p[3];
    if (L->hdr->trusted) goto derive; /* checked by tnm_model_check */
    /* k_rules_fc as one condition (every invoke runs it; the table words the error when
     * one fails): int8 input and output, the offsets, the activation range, params 4-6 */
    if (L->in[0].type != TNM_TYPE_INT8 || L->out.type != TNM_TYPE_INT8 ||
        p[0] != L->derived[X_NEG_IN_ZP] || p[1] != L->out.zero_point || p[2] < -128 || p[2] > 127 ||
        p[3] < p[2] || p[3] > 127 || p[4] < -127 || p[4] > 128 || accum < 1 ||
        accum > L->in[0].elements || depth < 1 || depth > L->out.elements) {
        if ((st = tnm_run_rules(k_rules_fc, L, err)) != TNM_OK) return st;
    }
derive:
    /* 1 <= accum <= in.elements: 32-bit division */
    L->batches = L->in[0].elements / accum;
    if (L->hdr->trusted) goto done;
    if (L->batches * accum != L->in[0].elements)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->in[0].elements,
                        tnm_count_i32(((int64_t)L->batches + 1) * accum));
    if ((int64_t)L->out.elements != (int64_t)L->batches * depth)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, L->out.elements,
                        tnm_count_i32((int64_t)L->batches * depth));
    /* tnm_check_weights_bias as one condition (it words the error when one fails):
     * constant int8 weights of depth * accum bytes, an absent bias or a constant int32 one
     * of 4 * depth bytes */
    if (L->input_ix[1] == TNM_NO_TENSOR || L->in[1].flags != TNM_TENSOR_CONSTANT ||
        L->in[1].type != TNM_TYPE_INT8 ||
        (uint64_t)L->in[1].size_bytes != (uint64_t)depth * (uint64_t)accum ||
        (L->input_ix[2] != TNM_NO_TENSOR &&
         (L->in[2].flags != TNM_TENSOR_CONSTANT || L->in[2].type != TNM_TYPE_INT32 ||
          (uint64_t)L->in[2].size_bytes != 4u * (uint64_t)depth))) {
        st = tnm_check_weights_bias(L, (uint64_t)depth * (uint64_t)accum, depth, err);
        if (st != TNM_OK) return st;
    }
done:
    L->out_channels = depth;
    L->macs = (int64_t)L->batches * accum * depth;
    L->quant_expected = (uint32_t)depth;
    L->quant_per_tensor_ok = 1;
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_fc_params fp;
    tnm_quant quant;
    const int32_t *bias = L->input_ix[2] != TNM_NO_TENSOR
                              ? (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[2]) : NULL;
    (void)err;
    quant.multiplier = (const int32_t *)(const void *)(L->blob + L->quant_offset);
    quant.shift = (const int8_t *)(const void *)(L->blob + L->quant_offset + 4u * L->quant_count);
    fp.input_offset = p[0];
    fp.output_offset = p[1];
    fp.act_min = p[2];
    fp.act_max = p[3];
    fp.filter_offset = p[4];
    /* validated by check(): the kernel's unchecked entry (tnm_kernels_opt.h) */
    return tnm_fully_connected_s8_unchecked(&fp, &quant, (int32_t)L->quant_count, L->batches, p[5], p[6],
                                            TNM_INPUT_S8(L, arena, &L->in[0]),
                                            TNM_INPUT_S8(L, arena, &L->in[1]), bias,
                                            TNM_ARENA_S8(arena, &L->out));
}

/* The Cortex-M DSP passes the layer's kernel call can take (tnm_variants.h). Host-side
 * only (the compiler's query): a firmware never calls it. */
#if !defined(__arm__) && !defined(__riscv)
uint32_t tnm_fc_layer_variants(const tnm_layer_view *L)
{
    const int32_t *p = L->params;
    tnm_fc_params fp;
    tnm_quant quant;
    quant.multiplier = (const int32_t *)(const void *)(L->blob + L->quant_offset);
    quant.shift = (const int8_t *)(const void *)(L->blob + L->quant_offset + 4u * L->quant_count);
    fp.filter_offset = p[4];
    return tnm_arm_dsp_fc_variants(&fp, &quant, (int32_t)L->quant_count, p[5], p[6],
                                   L->input_ix[2] != TNM_NO_TENSOR);
}
#else
uint32_t tnm_fc_layer_variants(const tnm_layer_view *L)
{
    (void)L;
    return TNM_VARIANT_SET_ALL;
}
#endif

const tnm_op_module tnm_module_FULLY_CONNECTED = {check, invoke, 4u, 6u, 0, TNM_MODULE_RANK6};
