/*
 * gemmlowp's fixed-point transcendental functions as TFLite uses them (internal,
 * inline), reproduced bit for bit: exp() on negative values and the Newton-Raphson
 * division behind 1 / (1 + x) and (1 - x) / (1 + x). Used by SOFTMAX, LOGISTIC and
 * TANH. Values are raw int32 fixed point; "Qm.n" has m integer bits. Where gemmlowp's
 * int32 adds could wrap, these wrap the same way without signed-overflow UB.
 */
#ifndef TNM_GEMMLOWP_INTERNAL_H
#define TNM_GEMMLOWP_INTERNAL_H

#include "tnm_fixedpoint_internal.h"

/* Leading zero bits of v (32 for 0): one CLZ instruction where the core has it (elsewhere
 * GCC would call libgcc's table). */
static inline int32_t tnm_clz32(uint32_t v)
{
#if defined(__GNUC__) && defined(__ARM_FEATURE_CLZ)
    return v == 0 ? 32 : (int32_t)__builtin_clz(v);
#else
    int32_t n = 0;
    if (v == 0) return 32;
    while ((v & 0x80000000u) == 0) {
        v <<= 1;
        ++n;
    }
    return n;
#endif
}

/* gemmlowp SaturatingRoundingMultiplyByPOT<exponent>, exponent in [1, 30]: a left
 * shift that saturates instead of overflowing. */
static inline int32_t tnm_saturating_shl(int32_t x, int32_t exponent)
{
    const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return tnm_shl_wrap(x, exponent);
}

/* exp(a) for a in [-1/4, 0), Q0.31 in and out: Taylor expansion around -1/8. With a in
 * that range every intermediate is below 2^29 in magnitude, so plain adds cannot
 * overflow; only the last one can wrap (as in gemmlowp). */
static inline int32_t tnm_exp_on_interval_neg_quarter_to_zero(int32_t a)
{
    const int32_t exp_minus_one_eighth = 1895147668; /* exp(-1/8) in Q0.31 */
    const int32_t one_third = 715827883;             /* 1/3 in Q0.31 */
    const int32_t x = a + (1 << 28);                 /* a + 1/8 */
    const int32_t x2 = tnm_srdhm_unguarded(x, x); /* |x| <= 2^28: no INT32_MIN below */
    const int32_t x3 = tnm_srdhm_unguarded(x2, x);
    const int32_t x4 = tnm_srdhm_unguarded(x2, x2);
    const int32_t x4_over_4 = tnm_rdbpot(x4, 2);
    const int32_t poly = tnm_rdbpot(tnm_srdhm_unguarded(x4_over_4 + x3, one_third) + x2, 1);
    return tnm_wrap_add(exp_minus_one_eighth, tnm_srdhm_unguarded(exp_minus_one_eighth, x + poly));
}

/* gemmlowp exp_on_negative_values: exp(a) for a <= 0 given with integer_bits (1 to 5)
 * integer bits; result Q0.31. Splits a into a remainder in [-1/4, 0) and a sum of -2^k
 * terms (k from -2 while k < integer_bits), applied as products of exp(-2^k). */
static inline int32_t tnm_exp_on_negative_values(int32_t a, int32_t integer_bits)
{
    static const int32_t exp_minus_pow2[7] = {
        1672461947, /* exp(-1/4) */
        1302514674, /* exp(-1/2) */
        790015084,  /* exp(-1) */
        290630308,  /* exp(-2) */
        39332535,   /* exp(-4) */
        720401,     /* exp(-8) */
        242         /* exp(-16) */
    };
    const int32_t fractional_bits = 31 - integer_bits;
    const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
    const int32_t a_mod_quarter_minus_quarter = (a & (one_quarter - 1)) - one_quarter;
    const int32_t remainder = tnm_wrap_sub(a_mod_quarter_minus_quarter, a);
    /* gemmlowp's saturating shift: a_mod_quarter_minus_quarter is in [-2^(29 - integer_bits), 0),
     * so the shift stays inside [-2^29, 0) and never saturates */
    int32_t result = tnm_exp_on_interval_neg_quarter_to_zero(
        tnm_shl_wrap(a_mod_quarter_minus_quarter, integer_bits));
    /* exponents -2 .. integer_bits - 1: a multiply for each bit of the remainder that is set,
     * lowest first as gemmlowp rounds them (a = 0 leaves a negative remainder: its result is
     * replaced below) */
    uint32_t bits = ((uint32_t)remainder >> (fractional_bits - 2)) & ((1u << (integer_bits + 2)) - 1u);
#if defined(__GNUC__) && defined(__ARM_FEATURE_CLZ)
    /* Cortex-M: the next set bit by RBIT + CLZ, no turn for a bit that is clear */
    while (bits != 0) {
        result = tnm_srdhm_unguarded(result, exp_minus_pow2[__builtin_ctz(bits)]);
        bits &= bits - 1u;
    }
#else
    {
        const int32_t *factor = exp_minus_pow2;
        for (; bits != 0; bits >>= 1, ++factor) {
            if ((bits & 1u) != 0) result = tnm_srdhm_unguarded(result, *factor);
        }
    }
#endif
    return a == 0 ? INT32_MAX : result;
}

/* The Newton-Raphson division shared by gemmlowp's one_over_one_plus_x_for_x_in_0_1 and
 * one_minus_x_over_one_plus_x_for_x_in_0_1: for x in [0, 1] (Q0.31) returns
 * 1 / ((1 + x) / 2) = 2 / (1 + x) in Q2.29. */
static inline int32_t tnm_two_over_one_plus_x_q2_29(int32_t x)
{
    const int32_t c48_over_17 = 1515870810;      /* 48/17 in Q2.29 */
    const int32_t c_neg32_over_17 = -1010580540; /* -32/17 in Q2.29 */
    const int32_t one_q29 = 1 << 29;
    /* RoundingHalfSum(x, 1.0): (x + INT32_MAX) / 2, rounded away from zero: (x + 2^31) / 2
     * for every x but INT32_MIN (whose sum, -1, rounds to -1), in 32 bits */
    const int32_t half_denominator = x == INT32_MIN ? -1 : (int32_t)(((uint32_t)x ^ 0x80000000u) >> 1);
    int32_t estimate = tnm_wrap_add(c48_over_17, tnm_srdhm_unguarded(half_denominator, c_neg32_over_17));
    int32_t i;
    for (i = 0; i < 3; ++i) {
        /* half_denominator is never INT32_MIN (at least -1) */
        const int32_t error = tnm_wrap_sub(one_q29, tnm_srdhm_unguarded(half_denominator, estimate));
        estimate = tnm_wrap_add(estimate, tnm_saturating_shl(tnm_srdhm(estimate, error), 2));
    }
    return estimate;
}

/* gemmlowp one_over_one_plus_x_for_x_in_0_1: 1 / (1 + x), Q0.31 in and out (2 / (1 + x)
 * in Q2.29 is 1 / (1 + x) in Q1.30, rescaled with saturation). */
static inline int32_t tnm_one_over_one_plus_x(int32_t x)
{
    return tnm_saturating_shl(tnm_two_over_one_plus_x_q2_29(x), 1);
}

/* GetInvSqrtQuantizedMultiplierExp(input, kReverseShift) (TFLite common.h): 1/sqrt(input)
 * as a multiplier and a left shift (<= 0) for MultiplyByQuantizedMultiplier. input >= 0; 0
 * and 1 give INT32_MAX, 0. Used by L2_NORMALIZATION and RSQRT (tnm_fixedpoint.c). */
void tnm_inv_sqrt_multiplier(int32_t input, int32_t *multiplier, int32_t *shift);

#endif
