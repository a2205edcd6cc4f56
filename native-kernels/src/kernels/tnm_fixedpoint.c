/* Public TFLite fixed-point helpers (see tnm_fixedpoint_internal.h for the inline
 * versions the kernels use). */
#include "tnm_fixedpoint_internal.h"

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
