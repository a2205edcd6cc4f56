/* L2_NORMALIZATION, int8 (TFLite reference_integer_ops::L2Normalization, TFLM l2norm.cc):
 * each row of `depth` values over its last axis divided by its L2 norm, out in 1/128 with
 * zero point 0. 1/sqrt(sum of squares) comes from GetInvSqrtQuantizedMultiplierExp: five
 * Newton-Raphson steps in gemmlowp's Q3.28, transcribed here. */
#include "tnm_gemmlowp_internal.h"
#include "tnm/tnm_kernels.h"

/* GetInvSqrtQuantizedMultiplierExp(input, kReverseShift): 1/sqrt(input) as a multiplier and
 * a (left) shift for MultiplyByQuantizedMultiplier. input >= 0; 0 and 1 give INT32_MAX, 0. */
static void inv_sqrt_multiplier(int32_t input, int32_t *multiplier, int32_t *shift)
{
    int32_t s = 11, pairs, half, x, i;
    if (input <= 1) {
        *multiplier = INT32_MAX;
        *shift = 0;
        return;
    }
    while (input >= (1 << 29)) {
        input /= 4;
        ++s;
    }
    pairs = (tnm_clz32((uint32_t)input) - 1) / 2 - 1;
    s -= pairs;
    input <<= 2 * pairs; /* now in [2^27, 2^29) */
    half = tnm_rdbpot(input >> 1, 1);
    x = 1 << 28; /* 1.0 in Q3.28 */
    for (i = 0; i < 5; ++i) {
        /* x = 1.5 x - (input / 2) x^3, products in Q6 or Q9 rescaled to Q3 */
        const int32_t x3 = tnm_saturating_shl(tnm_srdhm(tnm_srdhm(x, x), x), 6);
        x = tnm_saturating_shl(tnm_wrap_sub(tnm_srdhm((1 << 28) + (1 << 27), x), tnm_srdhm(half, x3)), 3);
    }
    x = tnm_srdhm(x, 1518500250); /* times sqrt(2) / 2 */
    if (s < 0) {
        x = tnm_shl_wrap(x, -s);
        s = 0;
    }
    *multiplier = x;
    *shift = -s;
}

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
        inv_sqrt_multiplier(acc, &m, &s);
        for (k = 0; k < depth; ++k)
            output[k] = (int8_t)tnm_clamp(tnm_mbqm(input[k] - input_zero_point, m, s + 7), -128, 127);
    }
    return TNM_OK;
}
