/* L2_NORMALIZATION, int8 (TFLite reference_integer_ops::L2Normalization, TFLM l2norm.cc):
 * each row of `depth` values over its last axis divided by its L2 norm, out in 1/128 with
 * zero point 0. 1/sqrt(sum of squares) comes from GetInvSqrtQuantizedMultiplierExp: five
 * Newton-Raphson steps in gemmlowp's Q3.28 (tnm_inv_sqrt_multiplier, shared with RSQRT). */
#include "tnm_gemmlowp_internal.h"
#include "tnm/tnm_kernels.h"

tnm_status tnm_l2_normalization_s8(int32_t input_zero_point, int32_t outer, int32_t depth,
                                   const int8_t *input, int8_t *output)
{
    int32_t o, k;
    if (input == 0 || output == 0 || outer < 1 || depth < 1 || depth > TNM_L2NORM_MAX_DEPTH) return TNM_ERR_ARGUMENT;
    if (input_zero_point < -128 || input_zero_point > 127 || (int64_t)outer * depth > INT32_MAX) return TNM_ERR_ARGUMENT;
    for (o = 0; o < outer; ++o, input += depth, output += depth) {
        int32_t acc = 0, m, s;
        for (k = 0; k < depth; ++k) {
            const int32_t v = input[k] - input_zero_point;
            acc += v * v; /* at most 255^2 * 2^15 < 2^31 */
        }
        tnm_inv_sqrt_multiplier(acc, &m, &s);
        for (k = 0; k < depth; ++k)
            output[k] = (int8_t)tnm_clamp(tnm_mbqm(input[k] - input_zero_point, m, s + 7), -128, 127);
    }
    return TNM_OK;
}
