/* FULLY_CONNECTED, int8 (TFLite reference_integer_ops::FullyConnected, and
 * FullyConnectedPerChannel when quant_count == output_depth). */
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

tnm_status tnm_fully_connected_s8_check(const tnm_fc_params *params, const tnm_quant *quant,
                                        int32_t quant_count,
                                        int32_t batches, int32_t accum_depth, int32_t output_depth,
                                        const int8_t *input_data, const int8_t *filter_data,
                                        const int32_t *bias, int8_t *output_data)
{
    (void)bias;
    if (params == 0 || quant == 0 || quant->multiplier == 0 || quant->shift == 0 ||
        input_data == 0 || filter_data == 0 || output_data == 0) {
        return TNM_ERR_ARGUMENT;
    }
    if (batches < 1 || accum_depth < 1 || output_depth < 1 ||
        !tnm_product_fits(batches, accum_depth) || !tnm_product_fits(output_depth, accum_depth) ||
        !tnm_product_fits(batches, output_depth)) {
        return TNM_ERR_ARGUMENT;
    }
    if (quant_count != 1 && quant_count != output_depth) return TNM_ERR_ARGUMENT;
    if (!tnm_input_offset_ok(params->input_offset) || !tnm_input_offset_ok(params->filter_offset) ||
        !tnm_output_offset_ok(params->output_offset) ||
        !tnm_act_range_ok(params->act_min, params->act_max)) {
        return TNM_ERR_ARGUMENT;
    }
    return tnm_multipliers_ok(quant->multiplier, quant->shift, quant_count) ? TNM_OK : TNM_ERR_ARGUMENT;
}

tnm_status tnm_fully_connected_s8_ref(const tnm_fc_params *params, const tnm_quant *quant,
                                      int32_t quant_count,
                                      int32_t batches, int32_t accum_depth, int32_t output_depth,
                                      const int8_t *input_data, const int8_t *filter_data,
                                      const int32_t *bias, int8_t *output_data)
{
    int32_t b, oc;
    const tnm_status status =
        tnm_fully_connected_s8_check(params, quant, quant_count, batches, accum_depth, output_depth,
                                     input_data, filter_data, bias, output_data);
    if (status != TNM_OK) return status;

    /* Locals: the int8 output stores may alias *params. */
    const int32_t input_offset = params->input_offset, filter_offset = params->filter_offset;
    const int32_t output_offset = params->output_offset;
    const int32_t act_min = params->act_min, act_max = params->act_max;
    for (b = 0; b < batches; ++b) {
        const int8_t *in = input_data + b * accum_depth;
        int8_t *out = output_data + b * output_depth;
        for (oc = 0; oc < output_depth; ++oc) {
            const int8_t *w = filter_data + oc * accum_depth;
            const int32_t q = quant_count == 1 ? 0 : oc;
            uint32_t acc = 0; /* wraps like TFLite's int32 accumulator, without UB */
            int32_t d;
            for (d = 0; d < accum_depth; ++d) {
                acc += (uint32_t)((w[d] + filter_offset) * (in[d] + input_offset));
            }
            if (bias != 0) acc += (uint32_t)bias[oc];
            out[oc] = tnm_output_s8(acc, quant->multiplier[q], quant->shift[q], output_offset,
                                    act_min, act_max);
        }
    }
    return TNM_OK;
}

/* The public entry point: the variant this target compiles in (tnm_kernels_opt.h). */
tnm_status tnm_fully_connected_s8(const tnm_fc_params *params, const tnm_quant *quant,
                                  int32_t quant_count,
                                  int32_t batches, int32_t accum_depth, int32_t output_depth,
                                  const int8_t *input_data, const int8_t *filter_data,
                                  const int32_t *bias, int8_t *output_data)
{
#if TNM_KERNELS_ARM_DSP
    return tnm_fully_connected_s8_arm_dsp(params, quant, quant_count, batches, accum_depth,
                                          output_depth, input_data, filter_data, bias, output_data);
#elif TNM_KERNELS_RV32
    return tnm_fully_connected_s8_rv32(params, quant, quant_count, batches, accum_depth,
                                       output_depth, input_data, filter_data, bias, output_data);
#else
    return tnm_fully_connected_s8_ref(params, quant, quant_count, batches, accum_depth,
                                      output_depth, input_data, filter_data, bias, output_data);
#endif
}

/* The runtime's entry (tnm_kernels_opt.h): unchecked on the Cortex-M DSP variant. */
tnm_status tnm_fully_connected_s8_unchecked(const tnm_fc_params *params, const tnm_quant *quant,
                                            int32_t quant_count,
                                            int32_t batches, int32_t accum_depth, int32_t output_depth,
                                            const int8_t *input_data, const int8_t *filter_data,
                                            const int32_t *bias, int8_t *output_data)
{
#if TNM_KERNELS_ARM_DSP
    return tnm_fully_connected_s8_arm_dsp_unchecked(params, quant, quant_count, batches,
                                                    accum_depth, output_depth, input_data,
                                                    filter_data, bias, output_data);
#else
    return tnm_fully_connected_s8(params, quant, quant_count, batches, accum_depth, output_depth,
                                  input_data, filter_data, bias, output_data);
#endif
}
