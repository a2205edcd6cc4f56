/* ADD, SUB and MUL, int8 with rescaling and 4-D broadcasting (TFLite
 * reference_integer_ops::Add / Mul, reference_ops::Sub, and their BroadcastXxx4DSlow
 * variants, which give the same per-element result). */
#include "tnm_broadcast_internal.h"
#include "tnm_fixedpoint_internal.h"
#include "tnm_kernels_opt.h"

typedef enum { OP_ADD, OP_SUB, OP_MUL } elementwise_op;

/* ADD and SUB. Shift both inputs up by left_shift (20) for headroom, scale each to the
 * common scale, add (or subtract), then scale to the output. All shifts here are <= 0,
 * where TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp equals the general
 * form. SUB subtracts the scaled inputs as TFLite does: ADD with a negated input is
 * not the same by construction (the high multiply rounds ties toward +infinity, so
 * scale(-x) may differ from -scale(x)). */
static int8_t add_sub_one(const tnm_arith_params *p, int32_t x1, int32_t x2, int subtract)
{
    const int32_t scaled1 = tnm_mbqm(tnm_shl_wrap(p->input1_offset + x1, p->left_shift),
                                     p->input1_multiplier, p->input1_shift);
    const int32_t scaled2 = tnm_mbqm(tnm_shl_wrap(p->input2_offset + x2, p->left_shift),
                                     p->input2_multiplier, p->input2_shift);
    const int32_t combined =
        subtract ? tnm_wrap_sub(scaled1, scaled2) : tnm_wrap_add(scaled1, scaled2);
    const int32_t raw = tnm_mbqm(combined, p->output_multiplier, p->output_shift);
    return (int8_t)tnm_clamp(tnm_wrap_add(raw, p->output_offset), p->act_min, p->act_max);
}

static int8_t mul_one(const tnm_arith_params *p, int32_t x1, int32_t x2)
{
    const int32_t product = (p->input1_offset + x1) * (p->input2_offset + x2); /* |.| <= 65025 */
    const int32_t raw = tnm_mbqm(product, p->output_multiplier, p->output_shift);
    return (int8_t)tnm_clamp(tnm_wrap_add(raw, p->output_offset), p->act_min, p->act_max);
}

/* The lean form of tnm_mbqm (the derivation above tnm_opt_requant in tnm_kernels_opt.h)
 * for shift in [-31, -1]: one 64-bit multiply-add into a constant, a sign correction, the
 * high word shifted right by e - 1 = -shift - 1. For shift 0 tnm_mbqm is srdhm alone,
 * floor((x*m + 2^30) / 2^31) (for negative products too), which is the high word of
 * (2x)*m + 2^31: the caller shifts x one more to the left (pre = 1; only where |x| < 2^30:
 * MUL's product). Other shifts go through tnm_mbqm. */
typedef struct {
    int64_t c;    /* 2^30 + 2^(30+e), or 2^31 for shift 0 */
    int64_t corr; /* added for x < 0: -2^31, or 0 for shift 0 */
    int32_t m;    /* multiplier >= 0 */
    int32_t e1;   /* e - 1, or 0 for shift 0 */
    int32_t pre;  /* 1 for shift 0: x doubled first */
} lean_rq;

static lean_rq lean_of(int32_t multiplier, int32_t shift)
{
    lean_rq q;
    q.m = multiplier;
    if (shift == 0) {
        q.c = (int64_t)1 << 31;
        q.corr = 0;
        q.e1 = 0;
        q.pre = 1;
    } else {
        const uint32_t two_e = 2u << (-shift - 1); /* 2^e mod 2^32 */
        q.c = (int64_t)(((uint64_t)(two_e >> 2) << 32) | (0x40000000u + (two_e << 30)));
        q.corr = -((int64_t)1 << 31);
        q.e1 = -shift - 1;
        q.pre = 0;
    }
    return q;
}

/* x already shifted left by q->pre */
static inline int32_t lean(const lean_rq *q, int32_t x)
{
    int64_t sum = q->c + (int64_t)x * q->m;
    sum += (int64_t)(x >> 31) & q->corr;
    return (int32_t)(sum >> 32) >> q->e1;
}

/* ADD/SUB's input rescaling of x = (value + offset) << left_shift, |x| < 2^29 (left_shift
 * <= 21): srdhm(x, m) = floor((x*m + 2^30) / 2^31) = high word of (2x)*m + 2^31, then
 * rdbpot(r, e) = floor((r - [r < 0] + 2^(e-1)) / 2^e) for e >= 1 (r itself for e = 0:
 * cmask and half 0). The caller passes 2x (the shift one more). */
typedef struct {
    int32_t m;
    int32_t half;   /* 2^(e-1), 0 for e = 0 */
    uint32_t cmask; /* 1, 0 for e = 0 */
    int32_t e;
} in_rq;

static in_rq in_rq_of(int32_t multiplier, int32_t shift)
{
    in_rq q;
    q.m = multiplier;
    q.e = -shift;
    q.half = q.e > 0 ? (int32_t)(1u << (q.e - 1)) : 0;
    q.cmask = q.e > 0 ? 1u : 0u;
    return q;
}

static inline int32_t in_scaled(const in_rq *q, int32_t x2)
{
    const int32_t r = (int32_t)(((int64_t)x2 * q->m + 0x80000000LL) >> 32);
    return (int32_t)((uint32_t)r - (((uint32_t)r >> 31) & q->cmask) + (uint32_t)q->half) >> q->e;
}

/* n outputs of ADD (subtract 0) or SUB (1); the inputs advance by sa and sb elements (1, or
 * 0 for a broadcast value). The output's rescaling: the prepared fast form with the zero
 * point folded in (tnm_opt_rq_fast, shifts -2..-23: TFLite's ADD has about -20), else the
 * lean one. */
static void add_sub_run(const tnm_arith_params *p, const lean_rq *q, const int8_t *a, int32_t sa,
                        const int8_t *b, int32_t sb, int8_t *o, int32_t n, int subtract)
{
    const uint32_t ls = (uint32_t)p->left_shift + 1u; /* 2x */
    const in_rq q1 = in_rq_of(p->input1_multiplier, p->input1_shift);
    const in_rq q2 = in_rq_of(p->input2_multiplier, p->input2_shift);
    const int32_t off1 = p->input1_offset, off2 = p->input2_offset, off_out = p->output_offset;
    const int32_t lo = p->act_min, hi = p->act_max;
    int32_t i;
    if (tnm_opt_rq_fast_ok(p->output_shift)) {
        const int32_t m = p->output_multiplier, e1 = -p->output_shift - 1;
        const int32_t chi = tnm_opt_rq_chi(2 * off_out + 1, p->output_shift);
        for (i = 0; i < n; ++i) {
            const int32_t s1 = in_scaled(&q1, (int32_t)((uint32_t)(off1 + *a) << ls));
            const int32_t s2 = in_scaled(&q2, (int32_t)((uint32_t)(off2 + *b) << ls));
            const int32_t sum = subtract ? s1 - s2 : s1 + s2; /* |s| < 2^29: no wrap */
            int32_t v = tnm_opt_rq_fast(sum, m, chi, e1);
            v = v < lo ? lo : v;
            o[i] = (int8_t)(v > hi ? hi : v);
            a += sa;
            b += sb;
        }
        return;
    }
    for (i = 0; i < n; ++i) {
        const int32_t s1 = in_scaled(&q1, (int32_t)((uint32_t)(off1 + *a) << ls));
        const int32_t s2 = in_scaled(&q2, (int32_t)((uint32_t)(off2 + *b) << ls));
        const int32_t sum = subtract ? s1 - s2 : s1 + s2;
        int32_t v = (int32_t)((uint32_t)lean(q, sum) + (uint32_t)off_out);
        v = v < lo ? lo : v;
        o[i] = (int8_t)(v > hi ? hi : v);
        a += sa;
        b += sb;
    }
}

/* ADD without broadcast, TFLite's left shift 20 and a fast-form output shift: the common
 * residual add. The input with shift 0 (TFLite gives the larger input scale exactly 0.5;
 * equal scales give both) needs no rounding division, so the loop comes in forms by the
 * inputs' rescaling, input A being one whose shift is 0 whenever one is (addition
 * commutes). srdhm as SMULL plus the low word's top bit: floor((P + 2^31) / 2^32) =
 * hi + (lo >> 31). */
#define ADD_SRDHM2(x2, m)                                                                  \
    (int32_t)((uint32_t)((uint64_t)((int64_t)(x2) * (m)) >> 32) +                          \
              ((uint32_t)((uint64_t)((int64_t)(x2) * (m))) >> 31))
#define ADD_SCALE_0(x2, m, half, e) ADD_SRDHM2(x2, m)
#define ADD_SCALE_E(x2, m, half, e) add_rdbpot(ADD_SRDHM2(x2, m), half, e)
#define ADD_DENSE_LOOP(SCALE_A, SCALE_B)                                                   \
    for (; o != end; ++o) {                                                                \
        const int32_t xa = (int32_t)(((uint32_t)(int32_t)*a++ << 21) + offa);              \
        const int32_t xb = (int32_t)(((uint32_t)(int32_t)*b++ << 21) + offb);              \
        int32_t v = tnm_opt_rq_fast(SCALE_A(xa, ma, halfa, ea) + SCALE_B(xb, mb, halfb, eb), m, chi, e1); \
        v = v < lo ? lo : v;                                                               \
        *o = (int8_t)(v > hi ? hi : v);                                                    \
    }

static inline int32_t add_rdbpot(int32_t r, int32_t half, int32_t e)
{
    return (int32_t)((uint32_t)r - ((uint32_t)r >> 31) + (uint32_t)half) >> e;
}

/* r + floor((x2 * m + 2^31) / 2^32): one SMMLAR where the core has it. */
static inline int32_t add_smmlar(int32_t x2, int32_t m, int32_t r)
{
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__) && !defined(TNM_OPT_PORTABLE_INTRINSICS)
    int32_t v;
    __asm__("smmlar %0, %1, %2, %3" : "=r"(v) : "r"(x2), "r"(m), "r"(r));
    return v;
#else
    return (int32_t)(((int64_t)r * 4294967296LL + (int64_t)x2 * m + 0x80000000LL) >> 32);
#endif
}

/* TFLite's larger input scale: multiplier 2^30, shift 0, where the rescaling is exact:
 * srdhm((v + off) << 20, 2^30) = (v + off) << 19 (an even value halved). */
static int add_half_input(int32_t multiplier, int32_t shift)
{
    return multiplier == 0x40000000 && shift == 0;
}

/* A half input (above) plus one of shift e >= 1: with x2 = (v + off) << 21, srdhm's value
 * r is negative only where x2 is, and where x2 < 0 but r = 0 (a product above -2^31) both
 * roundings give (2^(e-1) - [x2 < 0]) >> e = 0, so rdbpot(r, e) =
 * (SMMLAR(x2, m, 2^(e-1)) - [x2 < 0]) >> e. Both inputs half inputs: the sum is
 * ((a + off_a) + (b + off_b)) << 19. About half the instructions of ADD_DENSE_LOOP's
 * general forms (no 64-bit products, fewer constants live in the loop). */
static int add_half_ok(const tnm_arith_params *p, int swap)
{
    return add_half_input(swap ? p->input2_multiplier : p->input1_multiplier,
                          swap ? p->input2_shift : p->input1_shift) &&
           (add_half_input(swap ? p->input1_multiplier : p->input2_multiplier,
                           swap ? p->input1_shift : p->input2_shift) ||
            (swap ? p->input1_shift : p->input2_shift) <= -1);
}

/* The activation range on n int8 values already saturated to [-128, 127]: four lanes a
 * word (SSUB8 and SEL where the core has them) between the unaligned ends. */
static void clamp_run(int8_t *p, int32_t n, int32_t lo, int32_t hi)
{
    const uint32_t lo4 = (uint32_t)(uint8_t)lo * 0x01010101u, hi4 = (uint32_t)(uint8_t)hi * 0x01010101u;
    int8_t *const end = p + n;
    for (; p != end && ((uintptr_t)p & 3u) != 0; ++p) *p = (int8_t)(*p < lo ? lo : *p > hi ? hi : *p);
    for (; end - p >= 4; p += 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        w = tnm_min4_s8(tnm_max4_s8(w, lo4), hi4);
        memcpy(p, &w, 4);
    }
    for (; p != end; ++p) *p = (int8_t)(*p < lo ? lo : *p > hi ? hi : *p);
}

#if defined(__GNUC__)
#define ADD_NOINLINE __attribute__((noinline))
#else
#define ADD_NOINLINE
#endif

/* The half-input forms (add_half_ok), out of line so that their constants stay in
 * registers; saturated to int8 only (the caller applies a narrower activation range). The
 * output's rescaling in the doubled form (|sum| < 2^28, shift -2..-23: add_dense_ok):
 * v + off = SMMLAR(2 sum, m, (2 off + 1) << (e - 1) - [sum < 0]) >> e, e = -shift. */
ADD_NOINLINE static void add_half_run(const tnm_arith_params *p, int swap, const int8_t *a,
                                      const int8_t *b, int8_t *o, int32_t n)
{
    const int8_t *const end = o + n;
    const int32_t mb = swap ? p->input1_multiplier : p->input2_multiplier;
    const int32_t eb = -(swap ? p->input1_shift : p->input2_shift);
    const int32_t halfb = eb > 0 ? (int32_t)(1u << (eb - 1)) : 0;
    const int32_t m = p->output_multiplier, e = -p->output_shift;
    const uint32_t chi2 = (uint32_t)(2 * p->output_offset + 1) << (e - 1);
    const uint32_t offa19 = (uint32_t)(swap ? p->input2_offset : p->input1_offset) << 19;
    const uint32_t offb = (uint32_t)(swap ? p->input1_offset : p->input2_offset);
    if (eb == 0) { /* both half inputs */
        const uint32_t off19 = offa19 + (offb << 19);
        for (; o != end; ++o) {
            const uint32_t sum = ((uint32_t)((int32_t)*a++ + (int32_t)*b++) << 19) + off19;
            *o = (int8_t)tnm_opt_sat8(add_smmlar((int32_t)(sum << 1), m, (int32_t)(chi2 - (sum >> 31))) >> e);
        }
    } else {
        const uint32_t offb21 = offb << 21;
        for (; o != end; ++o) {
            const int32_t xb = (int32_t)(((uint32_t)(int32_t)*b++ << 21) + offb21);
            const int32_t sb = (int32_t)((uint32_t)add_smmlar(xb, mb, halfb) - ((uint32_t)xb >> 31)) >> eb;
            const uint32_t sum = ((uint32_t)(int32_t)*a++ << 19) + offa19 + (uint32_t)sb;
            *o = (int8_t)tnm_opt_sat8(add_smmlar((int32_t)(sum << 1), m, (int32_t)(chi2 - (sum >> 31))) >> e);
        }
    }
}

static int add_dense_ok(const tnm_arith_params *p)
{
    return p->left_shift == 20 && tnm_opt_rq_fast_ok(p->output_shift) && p->input1_shift <= 0 &&
           p->input2_shift <= 0;
}

static void add_dense(const tnm_arith_params *p, const int8_t *in1, const int8_t *in2, int8_t *out, int32_t n)
{
    const int swap = p->input1_shift != 0 && p->input2_shift == 0;
    const int8_t *a = swap ? in2 : in1, *b = swap ? in1 : in2;
    int8_t *o = out;
    const int8_t *const end = out + n;
    const int32_t ma = swap ? p->input2_multiplier : p->input1_multiplier;
    const int32_t mb = swap ? p->input1_multiplier : p->input2_multiplier;
    const int32_t ea = -(swap ? p->input2_shift : p->input1_shift), eb = -(swap ? p->input1_shift : p->input2_shift);
    const int32_t halfa = ea > 0 ? (int32_t)(1u << (ea - 1)) : 0, halfb = eb > 0 ? (int32_t)(1u << (eb - 1)) : 0;
    const int32_t m = p->output_multiplier, e1 = -p->output_shift - 1;
    const int32_t chi = tnm_opt_rq_chi(2 * p->output_offset + 1, p->output_shift);
    const int32_t lo = p->act_min, hi = p->act_max;
    if (add_half_ok(p, swap)) {
        add_half_run(p, swap, a, b, out, n);
        if (p->act_min > -128 || p->act_max < 127) clamp_run(out, n, p->act_min, p->act_max);
        return;
    }
    {
        /* (value + offset) << 21 = value << 21 + offset << 21 (2x, x = (value + offset) << 20) */
        const uint32_t offa = (uint32_t)(swap ? p->input2_offset : p->input1_offset) << 21;
        const uint32_t offb = (uint32_t)(swap ? p->input1_offset : p->input2_offset) << 21;
        if (ea == 0 && eb == 0) {
            ADD_DENSE_LOOP(ADD_SCALE_0, ADD_SCALE_0)
        } else if (ea == 0) {
            ADD_DENSE_LOOP(ADD_SCALE_0, ADD_SCALE_E)
        } else {
            ADD_DENSE_LOOP(ADD_SCALE_E, ADD_SCALE_E)
        }
    }
}

/* n outputs of MUL with the lean rescaling. */
static void mul_run(const tnm_arith_params *p, const lean_rq *q, const int8_t *a, int32_t sa,
                    const int8_t *b, int32_t sb, int8_t *o, int32_t n)
{
    const int32_t off1 = p->input1_offset, off2 = p->input2_offset, off_out = p->output_offset;
    const int32_t lo = p->act_min, hi = p->act_max;
    int32_t i;
    for (i = 0; i < n; ++i) {
        const int32_t product = (off1 + *a) * (off2 + *b); /* |.| <= 65025 */
        int32_t v = (int32_t)((uint32_t)lean(q, (int32_t)((uint32_t)product << q->pre)) + (uint32_t)off_out);
        v = v < lo ? lo : v;
        o[i] = (int8_t)(v > hi ? hi : v);
        a += sa;
        b += sb;
    }
}

static int same_dims(const tnm_dims *a, const tnm_dims *b)
{
    return a->n == b->n && a->h == b->h && a->w == b->w && a->c == b->c;
}

static tnm_status elementwise(elementwise_op op, const tnm_arith_params *p,
                              const tnm_dims *in1, const int8_t *in1_data,
                              const tnm_dims *in2, const int8_t *in2_data,
                              const tnm_dims *out, int8_t *out_data)
{
    tnm_arith_params prm;
    tnm_broadcast_strides s1, s2;
    lean_rq qo;
    int32_t b, y, x, c, out_h, out_w, out_c;
    int lean_fast;
    const int subtract = op == OP_SUB;
    if (p == 0 || in1_data == 0 || in2_data == 0 || out_data == 0) return TNM_ERR_ARGUMENT;
    if (!tnm_dims_ok(in1) || !tnm_dims_ok(in2) || !tnm_dims_ok(out)) return TNM_ERR_ARGUMENT;
    if (!tnm_broadcast_ok(in1, out) || !tnm_broadcast_ok(in2, out)) return TNM_ERR_ARGUMENT;
    if (!tnm_input_offset_ok(p->input1_offset) || !tnm_input_offset_ok(p->input2_offset) ||
        !tnm_output_offset_ok(p->output_offset) || !tnm_act_range_ok(p->act_min, p->act_max) ||
        !tnm_multiplier_ok(p->output_multiplier, p->output_shift)) {
        return TNM_ERR_ARGUMENT;
    }
    if (op == OP_ADD || op == OP_SUB) {
        if (p->left_shift < 0 || p->left_shift > 30 ||
            !tnm_multiplier_ok(p->input1_multiplier, p->input1_shift) ||
            !tnm_multiplier_ok(p->input2_multiplier, p->input2_shift) ||
            p->input1_shift > 0 || p->input2_shift > 0 || p->output_shift > 0) {
            return TNM_ERR_ARGUMENT;
        }
    }

    /* A local copy: the int8 output stores may alias *p (and the dims). */
    prm = *p;
    out_h = out->h;
    out_w = out->w;
    out_c = out->c;
    s1 = tnm_broadcast_strides_for(in1);
    s2 = tnm_broadcast_strides_for(in2);
    /* the lean forms: shifts in [-31, 0]; shift 0 only where the doubled value fits (MUL's
     * product; ADD/SUB's shifted inputs, |x| <= 255 * 2^left_shift, while left_shift <= 21)
     * and never for the rescaled sum, which may be any int32 */
    lean_fast = op == OP_MUL ? prm.output_shift <= 0
                             : prm.input1_shift <= 0 && prm.input2_shift <= 0 && prm.output_shift < 0 &&
                                   prm.left_shift <= 21;
    if (lean_fast) {
        qo = lean_of(prm.output_multiplier, prm.output_shift);
        if (same_dims(in1, out) && same_dims(in2, out)) { /* no broadcast: one run */
            const int32_t total = out->n * out_h * out_w * out_c;
            if (op == OP_MUL) mul_run(&prm, &qo, in1_data, 1, in2_data, 1, out_data, total);
            else if (op == OP_ADD && add_dense_ok(&prm)) add_dense(&prm, in1_data, in2_data, out_data, total);
            else add_sub_run(&prm, &qo, in1_data, 1, in2_data, 1, out_data, total, subtract);
            return TNM_OK;
        }
    }
    for (b = 0; b < out->n; ++b) {
        for (y = 0; y < out_h; ++y) {
            for (x = 0; x < out_w; ++x) {
                const int8_t *a = in1_data + b * s1.n + y * s1.h + x * s1.w;
                const int8_t *bb = in2_data + b * s2.n + y * s2.h + x * s2.w;
                int8_t *o = out_data + ((b * out_h + y) * out_w + x) * out_c;
                if (lean_fast) {
                    if (op == OP_MUL) mul_run(&prm, &qo, a, s1.c, bb, s2.c, o, out_c);
                    else add_sub_run(&prm, &qo, a, s1.c, bb, s2.c, o, out_c, subtract);
                } else if (op == OP_MUL) {
                    for (c = 0; c < out_c; ++c) o[c] = mul_one(&prm, a[c * s1.c], bb[c * s2.c]);
                } else {
                    for (c = 0; c < out_c; ++c) {
                        o[c] = add_sub_one(&prm, a[c * s1.c], bb[c * s2.c], subtract);
                    }
                }
            }
        }
    }
    return TNM_OK;
}

tnm_status tnm_add_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data)
{
    return elementwise(OP_ADD, params, input1, input1_data, input2, input2_data, output,
                       output_data);
}

tnm_status tnm_sub_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data)
{
    return elementwise(OP_SUB, params, input1, input1_data, input2, input2_data, output,
                       output_data);
}

tnm_status tnm_mul_s8(const tnm_arith_params *params,
                      const tnm_dims *input1, const int8_t *input1_data,
                      const tnm_dims *input2, const int8_t *input2_data,
                      const tnm_dims *output, int8_t *output_data)
{
    return elementwise(OP_MUL, params, input1, input1_data, input2, input2_data, output,
                       output_data);
}
