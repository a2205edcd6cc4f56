/* QUANTIZE (float32 -> int8 or int16; between int8, uint8, int16 and int32 the pairs TFLM
 * takes) and DEQUANTIZE (int8, int16, uint8 -> float32), as TFLM's reference kernels compute them. */
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

/* float32 in: the output tensor's scale and zero point (the requantization words are 0,
 * checked in check_quantize: a rule's field is one byte). */
static const tnm_rule k_rules_quantize_f32[] = {
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(3), LW(out.zero_point)), R_END_};
/* int8/uint8 in: TFLite's Requantize. */
static const tnm_rule k_rules_requantize[] = {
    R_MULTIPLIER(0), R_SHIFT(1, K_M31, K_30),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(2), LW(in[0].zero_point)),
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(3), LW(out.zero_point)), R_END_};
static const tnm_rule k_rules_same_dims[] = {R_SAME_DIMS, R_END_};

static tnm_status check_quantize(tnm_layer_view *L, tnm_error *err)
{
    const int32_t in = L->in[0].type, out = L->out.type;
    tnm_status st;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if ((st = tnm_run_rules(k_rules_same_dims, L, err)) != TNM_OK) return st;
    if (in == TNM_TYPE_FLOAT32) {
        int32_t k;
        for (k = 0; k < 3; k++) {
            if (L->params[k] != 0)
                return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_PARAM(TNM_OP_QUANTIZE, k), L->index,
                                L->params[k], 0);
        }
        if (out != TNM_TYPE_INT8 && out != TNM_TYPE_INT16)
            return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, out, TNM_TYPE_INT8);
        return tnm_run_rules(k_rules_quantize_f32, L, err);
    }
    /* TFLM's pairs: int8 -> int8, uint8, int16, int32; uint8 -> int8; int16 -> int8, int16,
     * int32; int32 -> int8, int16 */
    if (in != TNM_TYPE_INT8 && in != TNM_TYPE_UINT8 && in != TNM_TYPE_INT16 && in != TNM_TYPE_INT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, in, TNM_TYPE_INT8);
    if (!((in == TNM_TYPE_INT8 && (out == TNM_TYPE_INT8 || out == TNM_TYPE_UINT8 || out == TNM_TYPE_INT16 ||
                                   out == TNM_TYPE_INT32)) ||
          (in == TNM_TYPE_UINT8 && out == TNM_TYPE_INT8) ||
          (in == TNM_TYPE_INT16 && (out == TNM_TYPE_INT8 || out == TNM_TYPE_INT16 || out == TNM_TYPE_INT32)) ||
          (in == TNM_TYPE_INT32 && (out == TNM_TYPE_INT8 || out == TNM_TYPE_INT16))))
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, L->index, out,
                        in == TNM_TYPE_UINT8 ? TNM_TYPE_INT8 : in == TNM_TYPE_INT8 ? TNM_TYPE_UINT8 : TNM_TYPE_INT8);
    return tnm_run_rules(k_rules_requantize, L, err);
}

static tnm_status invoke_quantize(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const int32_t *p = L->params;
    const int32_t n = L->in[0].elements;
    uint8_t *out = arena + L->out.offset;
    const uint8_t *in = arena + L->in[0].offset;
    (void)err;
    if (L->in[0].type == TNM_TYPE_FLOAT32) {
        if (L->out.type == TNM_TYPE_INT16)
            return tnm_quantize_f32_s16(n, (const float *)(const void *)in, L->out.scale, p[3], (int16_t *)(void *)out);
        return tnm_quantize_f32_s8(n, (const float *)(const void *)in, L->out.scale, p[3], (int8_t *)out);
    }
    if (L->in[0].type == TNM_TYPE_INT8 && L->out.type == TNM_TYPE_INT8)
        return tnm_requantize_s8(n, (const int8_t *)in, p[2], p[0], p[1], p[3], (int8_t *)out);
    return tnm_requantize_typed(n, in, L->in[0].type, p[2], p[0], p[1], p[3], out, L->out.type);
}

static const tnm_rule k_rules_dequantize[] = {
    R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_0), R_SAME_DIMS, R_END_};

/* int8, int16 or uint8 in (TFLM's DequantizePrepare), float32 out; the input's zero point
 * inside its type's range (the kernels' condition). */
static tnm_status check_dequantize(tnm_layer_view *L, tnm_error *err)
{
    const int32_t in = L->in[0].type, zp = L->in[0].zero_point;
    int32_t lo = -128, hi = 127;
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    if (in != TNM_TYPE_INT8 && in != TNM_TYPE_INT16 && in != TNM_TYPE_UINT8)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, L->index, in, TNM_TYPE_INT8);
    if (in == TNM_TYPE_INT16) lo = -32768, hi = 32767;
    if (in == TNM_TYPE_UINT8) lo = 0, hi = 255;
    if (zp < lo || zp > hi)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_ZERO_POINT, L->index, zp, zp < lo ? lo : hi);
    return tnm_run_rules(k_rules_dequantize, L, err);
}

static tnm_status invoke_dequantize(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const uint8_t *in = arena + L->in[0].offset;
    float *out = TNM_ARENA_F32(arena, &L->out);
    (void)err;
    if (L->in[0].type == TNM_TYPE_INT16)
        return tnm_dequantize_s16_f32(L->in[0].elements, (const int16_t *)(const void *)in, L->in[0].scale,
                                      L->in[0].zero_point, out);
    if (L->in[0].type == TNM_TYPE_UINT8)
        return tnm_dequantize_u8_f32(L->in[0].elements, in, L->in[0].scale, L->in[0].zero_point, out);
    return tnm_dequantize_s8_f32(L->in[0].elements, (const int8_t *)(const void *)in, L->in[0].scale,
                                 L->in[0].zero_point, out);
}

const tnm_op_module tnm_module_QUANTIZE = {check_quantize, invoke_quantize, 0, 0, 0, TNM_MODULE_RANK6};
const tnm_op_module tnm_module_DEQUANTIZE = {check_dequantize, invoke_dequantize, 0, 0, 0, TNM_MODULE_RANK6};
