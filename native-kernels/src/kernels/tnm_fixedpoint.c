/* Public TFLite fixed-point helpers (see tnm_fixedpoint_internal.h for the inline
 * versions the kernels use), and the kernels' shared argument checks. */
#include "tnm_gemmlowp_internal.h"

int32_t tnm_saturating_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    return tnm_srdhm(a, b);
}

int32_t tnm_rounding_divide_by_pot(int32_t x, int32_t exponent)
{
    return tnm_rdbpot(x, tnm_clamp(exponent, 0, 31));
}

int32_t tnm_requantize(int32_t x, int32_t multiplier, int32_t shift)
{
    return tnm_mbqm(x, multiplier, tnm_clamp(shift, -31, 30));
}

int tnm_dims_ok(const tnm_dims *d)
{
    int64_t count;
    if (d == 0 || d->n < 1 || d->h < 1 || d->w < 1 || d->c < 1) return 0;
    count = (int64_t)d->n * d->h;
    if (count > INT32_MAX) return 0;
    count *= d->w;
    if (count > INT32_MAX) return 0;
    count *= d->c;
    return count <= INT32_MAX;
}

int tnm_window_ok(int32_t out_size, int32_t stride, int32_t filter_size, int32_t dilation,
                  int32_t pad)
{
    int64_t reach;
    if (stride < 1 || dilation < 1 || pad < 0 || filter_size < 1 || out_size < 1) return 0;
    reach = (int64_t)(out_size - 1) * stride + (int64_t)(filter_size - 1) * dilation;
    return reach <= INT32_MAX;
}

/* TFLite's GetInvSqrtQuantizedMultiplierExp (common.h), five Newton-Raphson steps in
 * gemmlowp's Q3.28, transcribed (declared in tnm_gemmlowp_internal.h). */
void tnm_inv_sqrt_multiplier(int32_t input, int32_t *multiplier, int32_t *shift)
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
