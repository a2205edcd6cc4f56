/* SVDF: TFLM's integer SVDF reference (int8 input and output, int8 or int16 state and time
 * weights), tnm_kernels.h. The state moves per filter: TFLM shifts the whole array by one
 * element and then overwrites every filter's last value, which is the same. */
#include "tnm_fixedpoint_internal.h"

static int mult_ok(int32_t m, int32_t s) { return m >= 0 && s >= -31 && s <= 30; }

/* state value i as int32 */
static int32_t state_at(const void *state, int32_t wide, int32_t i)
{
    return wide ? ((const int16_t *)state)[i] : ((const int8_t *)state)[i];
}

tnm_status tnm_svdf_s8(const tnm_svdf_params *params, const tnm_svdf_dims *dims, const int8_t *input_data,
                       const int8_t *weights_feature, const void *weights_time, const int32_t *bias,
                       void *state, int32_t state_bytes, int8_t *output_data)
{
    int32_t b, f, m, c, u, r;
    int32_t lo, hi, wide, units;
    tnm_svdf_params p;
    if (params == 0 || dims == 0 || input_data == 0 || weights_feature == 0 || weights_time == 0 || state == 0 ||
        output_data == 0 || (state_bytes != 1 && state_bytes != 2))
        return TNM_ERR_ARGUMENT;
    p = *params;
    if (dims->batch < 1 || dims->input_size < 1 || dims->filters < 1 || dims->memory < 1 || dims->rank < 1 ||
        dims->filters % dims->rank != 0 || !tnm_product_fits(dims->filters, dims->input_size) ||
        !tnm_product_fits(dims->batch, dims->input_size) || !tnm_product_fits(dims->filters, dims->memory) ||
        !tnm_product_fits(dims->batch, dims->filters * dims->memory))
        return TNM_ERR_ARGUMENT;
    wide = state_bytes == 2;
    lo = wide ? -32768 : -128;
    hi = wide ? 32767 : 127;
    if (p.input_zero_point < -128 || p.input_zero_point > 127 || p.output_zero_point < -128 ||
        p.output_zero_point > 127 || p.state_zero_point < lo || p.state_zero_point > hi ||
        !mult_ok(p.feature_multiplier, p.feature_shift) || !mult_ok(p.time_multiplier, p.time_shift))
        return TNM_ERR_ARGUMENT;
    units = dims->filters / dims->rank;
    for (b = 0; b < dims->batch; ++b) {
        const int8_t *x = input_data + b * dims->input_size;
        const int32_t base = b * dims->filters * dims->memory;
        /* the memory moves one step; the newest value from the feature weights */
        for (f = 0; f < dims->filters; ++f) {
            const int8_t *w = weights_feature + f * dims->input_size;
            const int32_t row = base + f * dims->memory;
            uint32_t dot = 0u;
            int32_t v;
            for (c = 0; c < dims->input_size; ++c) dot += (uint32_t)(w[c] * (x[c] - p.input_zero_point));
            v = tnm_clamp(tnm_mbqm(tnm_wrap_i32(dot), p.feature_multiplier, p.feature_shift), lo, hi);
            v = tnm_wrap_add(v, p.state_zero_point); /* stored as the state type, wrapping as TFLM's cast */
            if (wide) {
                int16_t *s = (int16_t *)state + row;
                for (m = 0; m + 1 < dims->memory; ++m) s[m] = s[m + 1];
                s[dims->memory - 1] = (int16_t)(uint16_t)(uint32_t)v;
            } else {
                int8_t *s = (int8_t *)state + row;
                for (m = 0; m + 1 < dims->memory; ++m) s[m] = s[m + 1];
                s[dims->memory - 1] = (int8_t)(uint8_t)(uint32_t)v;
            }
        }
        /* each unit: its rank filters' time products, the bias, the requantization */
        for (u = 0; u < units; ++u) {
            uint32_t acc = bias != 0 ? (uint32_t)bias[u] : 0u;
            int32_t v;
            for (r = 0; r < dims->rank; ++r) {
                const int32_t ff = u * dims->rank + r, row = base + ff * dims->memory;
                for (m = 0; m < dims->memory; ++m) {
                    const int32_t wt = state_at(weights_time, wide, ff * dims->memory + m);
                    /* int16 x int16 differences can pass 2^31: multiplied as uint32, the wrapped bits */
                    acc += (uint32_t)wt * (uint32_t)(state_at(state, wide, row + m) - p.state_zero_point);
                }
            }
            v = tnm_wrap_add(tnm_mbqm(tnm_wrap_i32(acc), p.time_multiplier, p.time_shift), p.output_zero_point);
            output_data[b * units + u] = (int8_t)tnm_clamp(v, -128, 127);
        }
    }
    return TNM_OK;
}
