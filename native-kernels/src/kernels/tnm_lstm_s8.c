/* UNIDIRECTIONAL_SEQUENCE_LSTM, int8 activations x int8 weights -> int16 cell state
 * (TFLM's EvalLstm<int8_t, int8_t, int16_t, int32_t>). The formulas and the parameter
 * derivation are in tnm_kernels.h.
 *
 * TFLM computes each gate for a whole row into int16 buffers, then updates the cell
 * and the hidden state. Every step after the two FCs is elementwise, and the FCs of a
 * row read only the previous hidden state, so this reference computes unit by unit:
 * the four gates of unit j, its cell, and its new hidden value, written straight into
 * the output row; the row is copied into hidden_state once the whole row is done. The
 * arithmetic of each element is TFLM's, in the same order, so the bytes are the same.
 * The scratch holds the step's input row and hidden state minus their zero points, so
 * the FC loops do one multiply-add per weight. Batches are independent, so both
 * layouts run batch by batch. */
#include <string.h>

#include "tnm_fixedpoint_internal.h"
#include "tnm_arm_dsp_internal.h"
#include "tnm_copy_internal.h"

/* The gates' dot products with SXTB16 / SMLAD (two multiply-adds an instruction) where the
 * build has the Cortex-M DSP variant (on a host in portable C, so the tests run it there
 * too): the four gates of a unit share each pair of input words. Elsewhere (rv32, cores
 * without DSP) one multiply-add per weight. */
#define LSTM_PAIRED_BUILT TNM_HAVE_ARM_DSP_VARIANT

#if defined(__GNUC__)
#define LSTM_NOINLINE __attribute__((noinline))
#else
#define LSTM_NOINLINE
#endif

/* TFLite's table for its int16 sigmoid and tanh (common.h, sigmoid_table_uint16):
 * sigmoid(k / 24) in Q0.16 for k = 0..255. It is data that bit-exactness depends on:
 * most entries are round(65536 * sigmoid(k / 24)), 44 of them are one more, so it
 * cannot be recomputed from the formula. */
static const uint16_t sigmoid_k24_q16[256] = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841,
    39498, 40149, 40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102,
    45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464,
    50942, 51409, 51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755,
    55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433, 57724, 58007,
    58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370,
    60565, 60753, 60935, 61110, 61279, 61441, 61599, 61750, 61896, 62036,
    62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
    63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968,
    64030, 64090, 64148, 64204, 64257, 64308, 64357, 64405, 64450, 64494,
    64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845,
    64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079,
    65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234,
    65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337,
    65345, 65352, 65360, 65367, 65374, 65381, 65387, 65393, 65399, 65404,
    65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
    65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479,
    65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498,
    65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511,
    65512, 65513, 65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520,
    65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524, 65525, 65525,
    65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529,
    65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531, 65531, 65531,
    65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
    65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534,
    65534, 65534, 65534, 65534, 65534, 65535
};

/* The header promises a plain array of int32 words (a C99 compile-time check). */
typedef char lstm_params_are_words[sizeof(tnm_lstm_s8_params) ==
                                   TNM_LSTM_S8_PARAM_WORDS * sizeof(int32_t) ? 1 : -1];

#define LSTM_INT16_MIN (-32768)
#define LSTM_INT16_MAX 32767

static int32_t clamp16(int32_t v)
{
#if defined(__ARM_FEATURE_SAT) && __ARM_FEATURE_SAT && !defined(TNM_OPT_PORTABLE_INTRINSICS)
    return __ssat(v, 16);
#else
    return tnm_clamp(v, LSTM_INT16_MIN, LSTM_INT16_MAX);
#endif
}

/* Linear interpolation in the table at a / 2^frac_bits, times 2^frac_bits:
 * table[k] * 2^frac_bits + (a mod 2^frac_bits) * (table[k + 1] - table[k]), k < 255.
 * The table rises, so the unsigned arithmetic is exact. */
static uint32_t sigmoid_interp(uint32_t a, uint32_t k, int frac_bits)
{
    const uint32_t lo = sigmoid_k24_q16[k], hi = sigmoid_k24_q16[k + 1];
    return (lo << frac_bits) + (a & ((1u << frac_bits) - 1u)) * (hi - lo);
}

/* sigmoid of a Q3.12 gate value, Q0.15 result (TFLite reference_integer_ops::Logistic
 * for int16 with input multiplier 0 and shift 0, i.e. the input times 3). 3|x| / 2^9 =
 * 24 |x| / 2^12 is the table position; the result in Q0.25 is rounded to Q0.15, and a
 * negative input gives 1 - sigmoid(|x|). */
static inline int16_t sigmoid_q15(int32_t x)
{
    const int32_t v = 3 * x;
    const uint32_t a = (uint32_t)(v < 0 ? -v : v);
    const uint32_t k = a >> 9;
    const uint32_t r = k >= 255 ? (0x7FFFu << 10) : sigmoid_interp(a, k, 9);
    return (int16_t)(v >= 0 ? (r + (1u << 9)) >> 10 : ((1u << 25) - r + (1u << 9) - 1u) >> 10);
}

/* tanh, Q0.15 result (TFLite reference_integer_ops::Tanh for int16), of x scaled into
 * TFLite's internal input format by (x * multiplier + rounding) >> right_shift. With
 * tanh(x) = 2 sigmoid(2x) - 1, the table position is |v| / 2^8. */
static inline int16_t tanh_q15(int32_t x, int32_t multiplier, int32_t right_shift)
{
    const int32_t round = right_shift > 0 ? (int32_t)1 << (right_shift - 1) : 0;
    const int32_t v = tnm_asr(x * multiplier + round, right_shift);
    const uint32_t a = (uint32_t)(v < 0 ? -v : v);
    const uint32_t k = a >> 8;
    const int32_t r = (int32_t)(k >= 255 ? (0xFFFFu << 8) : sigmoid_interp(a, k, 8));
    return (int16_t)(v >= 0 ? tnm_asr(r - (1 << 23) + (1 << 7), 8)
                            : tnm_asr(-r + (1 << 23) + (1 << 7) - 1, 8));
}

/* TFLM's int16 Tanh input scaling for a value with scale 2^power: left shift
 * 15 + power - 3 folded into the multiplier 3 when >= 0, else multiplier 3 and a
 * rounding right shift. */
static void tanh_scaling(int32_t power, int32_t *multiplier, int32_t *right_shift)
{
    const int32_t left = 15 + power - 3;
    *multiplier = left >= 0 ? 3 << left : 3;
    *right_shift = left >= 0 ? 0 : -left;
}

/* An FC sum requantized to the gate's int16 (TFLite reference_integer_ops::FullyConnected
 * <int8, int8, int16, int32>: the int32 accumulator wraps like TFLite's, output zero point 0). */
static int32_t rq_q12(uint32_t acc, int32_t multiplier, int32_t shift)
{
    return clamp16(tnm_opt_requant(tnm_wrap_i32(acc), multiplier, shift));
}

/* A requantization (plus a zero point, wrapping like TFLite's int32 add) prepared once per
 * call: tnm_opt_rq_fast where the shift allows it (one SMLAL, the zero point folded into
 * chi), else tnm_opt_requant. */
typedef struct {
    int32_t m, shift, off, chi, e1, fast;
} lstm_rq;

static void rq_prepare(lstm_rq *r, int32_t multiplier, int32_t shift, int32_t zero_point)
{
    r->m = multiplier;
    r->shift = shift;
    r->off = zero_point;
    r->fast = tnm_opt_rq_fast_ok(shift);
    r->chi = tnm_opt_rq_chi(2 * zero_point + 1, shift);
    r->e1 = -shift - 1;
}

static inline int32_t rq_apply(const lstm_rq *r, int32_t acc)
{
    return r->fast ? tnm_opt_rq_fast(acc, r->m, r->chi, r->e1)
                   : tnm_wrap_add(tnm_opt_requant(acc, r->m, r->shift), r->off);
}

/* One output of a fully connected layer with int16 output at zero point 0. x_offset holds
 * the input minus its zero point, computed once per step, in order. */
static int32_t fc_q12(const int16_t *x_offset, const int8_t *w, int32_t w_zero_point,
                      int32_t depth, uint32_t bias, int32_t multiplier, int32_t shift)
{
    uint32_t acc = 0;
    int32_t d;
    if (w_zero_point == 0) { /* symmetric weights, the usual case */
        /* four products (each |p| <= 128 * 255) cannot overflow an int32 */
        for (d = 0; d + 4 <= depth; d += 4) {
            acc += (uint32_t)(w[d] * x_offset[d] + w[d + 1] * x_offset[d + 1] +
                              w[d + 2] * x_offset[d + 2] + w[d + 3] * x_offset[d + 3]);
        }
        for (; d < depth; ++d) acc += (uint32_t)(w[d] * x_offset[d]);
    } else {
        for (d = 0; d < depth; ++d) acc += (uint32_t)((w[d] - w_zero_point) * x_offset[d]);
    }
    return rq_q12(acc + bias, multiplier, shift);
}

/* A row minus its zero point into int16. Paired: every whole group of 4 as v0 v2 v1 v3
 * (the two words [v0 | v2], [v1 | v3] that SMLAD multiplies with SXTB16 of 4 weights and of
 * the weights rotated by 8), the last n % 4 in order. */
static void offset_row(int16_t *dst, const int8_t *src, int32_t n, int32_t zero_point, int paired)
{
    int32_t d = 0;
    if (paired) {
        for (; d + 4 <= n; d += 4) {
            dst[d] = (int16_t)(src[d] - zero_point);
            dst[d + 1] = (int16_t)(src[d + 2] - zero_point);
            dst[d + 2] = (int16_t)(src[d + 1] - zero_point);
            dst[d + 3] = (int16_t)(src[d + 3] - zero_point);
        }
    }
    for (; d < n; ++d) dst[d] = (int16_t)(src[d] - zero_point);
}

#if LSTM_PAIRED_BUILT
/* Units a block of paired sums covers: the sums of a block wait on the stack (two times 4
 * words a unit) while the block's cells are updated. */
#define LSTM_BLOCK 16

/* The 4 gates' sums over one operand (n values at e, paired layout) for units j0 .. j0 + units
 * - 1 (tnm_arm_dsp_rows4_sums: the whole groups), then the last n % 4 values in order; sums
 * wrap mod 2^32 like the scalar loop's. */
static void block_sums(uint32_t *out, const int8_t *const *w, int32_t j0, int32_t units, int32_t n,
                       const int16_t *e)
{
    const int8_t *w0 = w[0] + j0 * n;
    const int32_t d1 = (int32_t)(w[1] - w[0]), d2 = (int32_t)(w[2] - w[0]), d3 = (int32_t)(w[3] - w[0]);
    const int32_t whole = n & ~3;
    int32_t j, d;
    tnm_arm_dsp_rows4_sums(out, e, whole / 4, w0, d1, d2, d3, n, units);
    for (d = whole; d < n; ++d) {
        const int32_t x = e[d];
        for (j = 0; j < units; ++j) {
            const int8_t *r0 = w0 + j * n + d;
            out[4 * j] += (uint32_t)(r0[0] * x);
            out[4 * j + 1] += (uint32_t)(r0[d1] * x);
            out[4 * j + 2] += (uint32_t)(r0[d2] * x);
            out[4 * j + 3] += (uint32_t)(r0[d3] * x);
        }
    }
}

/* Both steps' 4 gates' input sums for every unit (n values; xx: the whole groups interleaved,
 * ea / eb: each step's row in the paired layout, for the last n % 4 values). */
static void rows2_sums(uint32_t *out_a, uint32_t *out_b, const int8_t *const *w, int32_t units, int32_t n,
                       const int16_t *xx, const int16_t *ea, const int16_t *eb)
{
    const int32_t whole = n & ~3;
    int32_t g, j, d;
    for (g = 0; g < TNM_LSTM_GATE_COUNT; g += 2)
        tnm_arm_dsp_rows2x2_sums(out_a + g, out_b + g, xx, whole / 4, w[g], (int32_t)(w[g + 1] - w[g]), n, units);
    for (d = whole; d < n; ++d) {
        const int32_t xa = ea[d], xb = eb[d];
        for (j = 0; j < units; ++j) {
            for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
                const int32_t wv = w[g][j * n + d];
                out_a[4 * j + g] += (uint32_t)(wv * xa);
                out_b[4 * j + g] += (uint32_t)(wv * xb);
            }
        }
    }
}

/* Two steps' rows interleaved a group of 4 at a time, from their paired layouts. */
static void interleave2(int16_t *xx, const int16_t *ea, const int16_t *eb, int32_t n)
{
    int32_t d;
    for (d = 0; d + 4 <= n; d += 4) {
        memcpy(xx + 2 * d, ea + d, 8);
        memcpy(xx + 2 * d + 4, eb + d, 8);
    }
}
#endif

/* A gate's pre-activation for unit j: input FC + recurrent FC, saturated to int16. */
static int32_t gate_q12(const tnm_lstm_gate_params *g, const int8_t *input_weights,
                        const int8_t *recurrent_weights, const int32_t *bias, int32_t j,
                        const int16_t *x_offset, int32_t input_size,
                        const int16_t *h_offset, int32_t hidden_size)
{
    const int32_t from_input =
        fc_q12(x_offset, input_weights + j * input_size, g->input_weights_zero_point,
               input_size, bias != 0 ? (uint32_t)bias[j] : 0u, g->input_multiplier,
               g->input_shift);
    const int32_t from_hidden =
        fc_q12(h_offset, recurrent_weights + j * hidden_size, g->recurrent_weights_zero_point,
               hidden_size, 0u, g->recurrent_multiplier, g->recurrent_shift);
    return clamp16(from_input + from_hidden);
}

static int zero_point_ok(int32_t zp) { return zp >= -128 && zp <= 127; }

static int dims_ok(const tnm_lstm_dims *d)
{
    int32_t widest;
    if (d == 0 || d->batch < 1 || d->time < 1 || d->input_size < 1 || d->hidden_size < 1) {
        return 0;
    }
    widest = d->input_size > d->hidden_size ? d->input_size : d->hidden_size;
    return tnm_product_fits(d->batch, d->time) &&
           tnm_product_fits(d->batch * d->time, widest) &&
           tnm_product_fits(d->hidden_size, widest);
}

static int params_ok(const tnm_lstm_s8_params *p)
{
    int32_t g;
    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
        const tnm_lstm_gate_params *q = &p->gate[g];
        if (!tnm_multiplier_ok(q->input_multiplier, q->input_shift) ||
            !tnm_multiplier_ok(q->recurrent_multiplier, q->recurrent_shift) ||
            !zero_point_ok(q->input_weights_zero_point) ||
            !zero_point_ok(q->recurrent_weights_zero_point)) {
            return 0;
        }
    }
    return zero_point_ok(p->input_zero_point) && zero_point_ok(p->hidden_zero_point) &&
           tnm_multiplier_ok(p->forget_cell_multiplier, p->forget_cell_shift) &&
           tnm_multiplier_ok(p->input_cell_multiplier, p->input_cell_shift) &&
           tnm_multiplier_ok(p->hidden_multiplier, p->hidden_shift) &&
           p->cell_scale_power >= -43 && p->cell_scale_power <= 2 &&
           p->cell_clip >= -1 && p->cell_clip <= LSTM_INT16_MAX &&
           (p->time_major == 0 || p->time_major == 1);
}

/* Scratch, in bytes from its start: the step's input row and hidden state minus their zero
 * points, int16, each from a word (the assembly's LDM). Where the two-step input sums are
 * built (the Cortex-M paths, more than one step): the next step's row, both rows' whole
 * groups interleaved, and both steps' input sums for every unit (4 words a unit each).
 * All sizes stay below 2^31: dims_ok bounds input and hidden size, and the caller's. */
typedef struct {
    uint32_t h, x1, xx, sums_a, sums_b, total;
} lstm_scratch;

static int two_steps_built(const tnm_lstm_dims *d) { return LSTM_PAIRED_BUILT && d->time >= 2; }

static void scratch_layout(const tnm_lstm_dims *d, lstm_scratch *l)
{
    const uint32_t in2 = ((uint32_t)d->input_size + 1u) & ~1u, hid2 = ((uint32_t)d->hidden_size + 1u) & ~1u;
    l->h = 2u * in2;
    l->x1 = l->h + 2u * hid2;
    if (!two_steps_built(d)) {
        l->total = l->x1;
        l->xx = l->sums_a = l->sums_b = l->total;
        return;
    }
    l->xx = l->x1 + 2u * in2;
    l->sums_a = l->xx + 4u * ((uint32_t)d->input_size & ~3u);
    l->sums_b = l->sums_a + 16u * (uint32_t)d->hidden_size;
    l->total = l->sums_b + 16u * (uint32_t)d->hidden_size;
}

int32_t tnm_lstm_s8_scratch_size(const tnm_lstm_dims *dims)
{
    lstm_scratch l;
    /* 8 input and 40 hidden bytes at most, with room for the rounding */
    if (!dims_ok(dims) || dims->input_size > (INT32_MAX - 64) / 8 - 5 * dims->hidden_size) return -1;
    scratch_layout(dims, &l);
    return (int32_t)l.total;
}

tnm_status tnm_lstm_s8_reset_state(const tnm_lstm_s8_params *params, const tnm_lstm_dims *dims,
                                   int8_t *hidden_state, int16_t *cell_state)
{
    int32_t n, i;
    if (params == 0 || hidden_state == 0 || cell_state == 0 || !dims_ok(dims) ||
        !zero_point_ok(params->hidden_zero_point)) {
        return TNM_ERR_ARGUMENT;
    }
    n = dims->batch * dims->hidden_size;
    for (i = 0; i < n; ++i) {
        hidden_state[i] = (int8_t)params->hidden_zero_point;
        cell_state[i] = 0;
    }
    return TNM_OK;
}

/* One unit's cell and hidden value from its gates' pre-activations (TFLM's order of
 * operations): cell = f * cell + i * c~, each product requantized and clamped to int16, the
 * sum saturated, then the optional clip; hidden = o * tanh(cell), requantized with the
 * hidden zero point (rq[8], rq[9], rq[10]). */
static inline int8_t unit_update(int32_t i_pre, int32_t f_pre, int32_t c_pre, int32_t o_pre, int16_t *cell,
                                 const lstm_rq *rq, int32_t clip, int32_t tanh_mult, int32_t tanh_shift)
{
    const int32_t i_gate = sigmoid_q15(i_pre);
    const int32_t f_gate = sigmoid_q15(f_pre);
    /* gate values are Q3.12: TFLM's Tanh(-12, ...) */
    const int32_t c_gate = tanh_q15(c_pre, 3, 0);
    const int32_t o_gate = sigmoid_q15(o_pre);
    const int32_t kept = clamp16(rq_apply(&rq[8], f_gate * *cell));
    const int32_t added = clamp16(rq_apply(&rq[9], i_gate * c_gate));
    int32_t c = clamp16(kept + added);
    if (clip >= 0) c = tnm_clamp(c, -clip, clip);
    *cell = (int16_t)c;
    return (int8_t)tnm_opt_sat8(rq_apply(&rq[10], tanh_q15(c, tanh_mult, tanh_shift) * o_gate));
}

#if LSTM_PAIRED_BUILT
/* A gate's pre-activations for a block of units from its paired sums (sx, sh: 4 words a
 * unit, this gate's first): clamp16(clamp16(rq(input sum + bias)) + clamp16(rq(recurrent
 * sum))), gate by gate so that its constants stay in registers, one loop per pair of shift
 * signs. */
#define LSTM_GATE_LOOP(RX, RH)                                                                  \
    for (j = 0; j < units; ++j) {                                                               \
        const int32_t ax = tnm_wrap_i32(sx[4 * j] + (uint32_t)bias[j]);                         \
        const int32_t ah = tnm_wrap_i32(sh[4 * j]);                                             \
        pre[j] = clamp16(clamp16(RX) + clamp16(RH));                                            \
    }

/* out of line: inlined into the step loop, its constants would be spilled to the stack */
LSTM_NOINLINE static void gate_pre(int32_t *pre, const uint32_t *sx, const uint32_t *sh, const int32_t *bias,
                     const lstm_rq *rx, const lstm_rq *rh, int32_t units)
{
    tnm_opt_rq_pre gx, gh;
    const int32_t mx = rx->m, sx_ = rx->shift, mh = rh->m, sh_ = rh->shift;
    int32_t j;
    tnm_opt_rq_prepare(&gx, rx->m, rx->shift);
    tnm_opt_rq_prepare(&gh, rh->m, rh->shift);
    if (sx_ < 0 && sh_ < 0) {
        LSTM_GATE_LOOP(tnm_opt_rq_neg(ax, &gx), tnm_opt_rq_neg(ah, &gh))
    } else if (sx_ >= 0 && sh_ < 0) {
        LSTM_GATE_LOOP(tnm_opt_rq_pos(ax, mx, sx_), tnm_opt_rq_neg(ah, &gh))
    } else if (sx_ >= 0) {
        LSTM_GATE_LOOP(tnm_opt_rq_pos(ax, mx, sx_), tnm_opt_rq_pos(ah, mh, sh_))
    } else {
        LSTM_GATE_LOOP(tnm_opt_rq_neg(ax, &gx), tnm_opt_rq_pos(ah, mh, sh_))
    }
}
#undef LSTM_GATE_LOOP

/* The block's cells and hidden values (unit_update), the cell's and hidden value's
 * requantizations' constants in registers when all three take the fast form (the usual
 * case: power-of-two cell scales). */
LSTM_NOINLINE static void block_update(int32_t (*pre)[LSTM_BLOCK], int16_t *cell, int8_t *out, int32_t units,
                         const lstm_rq *rq, int32_t clip, int32_t tanh_mult, int32_t tanh_shift)
{
    int32_t j;
    if (rq[8].fast && rq[9].fast && rq[10].fast) {
        const int32_t m8 = rq[8].m, c8 = rq[8].chi, e8 = rq[8].e1, m9 = rq[9].m, c9 = rq[9].chi, e9 = rq[9].e1;
        const int32_t m10 = rq[10].m, c10 = rq[10].chi, e10 = rq[10].e1;
        const int32_t lo = clip >= 0 ? -clip : LSTM_INT16_MIN, hi = clip >= 0 ? clip : LSTM_INT16_MAX;
        for (j = 0; j < units; ++j) {
            const int32_t i_gate = sigmoid_q15(pre[TNM_LSTM_GATE_INPUT][j]);
            const int32_t f_gate = sigmoid_q15(pre[TNM_LSTM_GATE_FORGET][j]);
            const int32_t c_gate = tanh_q15(pre[TNM_LSTM_GATE_CELL][j], 3, 0); /* Q3.12 */
            const int32_t o_gate = sigmoid_q15(pre[TNM_LSTM_GATE_OUTPUT][j]);
            const int32_t kept = clamp16(tnm_opt_rq_fast(f_gate * cell[j], m8, c8, e8));
            const int32_t added = clamp16(tnm_opt_rq_fast(i_gate * c_gate, m9, c9, e9));
            const int32_t c = tnm_clamp(clamp16(kept + added), lo, hi);
            cell[j] = (int16_t)c;
            out[j] = (int8_t)tnm_opt_sat8(tnm_opt_rq_fast(tanh_q15(c, tanh_mult, tanh_shift) * o_gate, m10, c10, e10));
        }
        return;
    }
    for (j = 0; j < units; ++j)
        out[j] = unit_update(pre[TNM_LSTM_GATE_INPUT][j], pre[TNM_LSTM_GATE_FORGET][j], pre[TNM_LSTM_GATE_CELL][j],
                             pre[TNM_LSTM_GATE_OUTPUT][j], &cell[j], rq, clip, tanh_mult, tanh_shift);
}
#endif

tnm_status tnm_lstm_s8(const tnm_lstm_s8_params *params, const tnm_lstm_dims *dims,
                       const tnm_lstm_s8_weights *weights, const int8_t *input_data,
                       int8_t *hidden_state, int16_t *cell_state, int8_t *output_data,
                       void *scratch)
{
    int32_t g, b, t, j, tanh_mult, tanh_shift;
    if (params == 0 || weights == 0 || input_data == 0 || hidden_state == 0 ||
        cell_state == 0 || output_data == 0 || scratch == 0 ||
        tnm_lstm_s8_scratch_size(dims) < 0 || !params_ok(params)) {
        return TNM_ERR_ARGUMENT;
    }
    if (((uintptr_t)scratch & 3u) != 0) return TNM_ERR_ALIGNMENT;
    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
        if (weights->input_weights[g] == 0 || weights->recurrent_weights[g] == 0) {
            return TNM_ERR_ARGUMENT;
        }
    }
    tanh_scaling(params->cell_scale_power, &tanh_mult, &tanh_shift);
    {
        const int32_t batches = dims->batch, steps = dims->time;
        const int32_t in_size = dims->input_size, hid = dims->hidden_size;
        const int32_t x_zp = params->input_zero_point, h_zp = params->hidden_zero_point;
        const int32_t clip = params->cell_clip;
        const int8_t *const *wi = weights->input_weights;
        const int8_t *const *wr = weights->recurrent_weights;
        const int32_t *const *bias = weights->bias;
        lstm_scratch sl;
        int16_t *const x_offset = (int16_t *)scratch;
        int16_t *h_offset;
#if LSTM_PAIRED_BUILT
        int16_t *x1_offset, *xx;
        uint32_t *sums_a, *sums_b;
        const int two = two_steps_built(dims);
#endif
        scratch_layout(dims, &sl);
        h_offset = (int16_t *)(void *)((uint8_t *)scratch + sl.h);
#if LSTM_PAIRED_BUILT
        x1_offset = (int16_t *)(void *)((uint8_t *)scratch + sl.x1);
        xx = (int16_t *)(void *)((uint8_t *)scratch + sl.xx);
        sums_a = (uint32_t *)(void *)((uint8_t *)scratch + sl.sums_a);
        sums_b = (uint32_t *)(void *)((uint8_t *)scratch + sl.sums_b);
#endif
        /* the paired sums take weights without a zero point (TFLite's int8 weights are
         * symmetric); any other gate sends the whole call to the scalar loops */
        int paired = LSTM_PAIRED_BUILT;
        /* the requantizations: each gate's input and recurrent FC (2g, 2g + 1), the cell's
         * two products (8, 9), the hidden value with its zero point (10) */
        lstm_rq rq[11];
        for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
            rq_prepare(&rq[2 * g], params->gate[g].input_multiplier, params->gate[g].input_shift, 0);
            rq_prepare(&rq[2 * g + 1], params->gate[g].recurrent_multiplier, params->gate[g].recurrent_shift, 0);
        }
        rq_prepare(&rq[8], params->forget_cell_multiplier, params->forget_cell_shift, 0);
        rq_prepare(&rq[9], params->input_cell_multiplier, params->input_cell_shift, 0);
        rq_prepare(&rq[10], params->hidden_multiplier, params->hidden_shift, h_zp);
        for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
            if (params->gate[g].input_weights_zero_point != 0 ||
                params->gate[g].recurrent_weights_zero_point != 0)
                paired = 0;
        }
#if !LSTM_PAIRED_BUILT
        (void)paired; /* a build without the paired sums runs the scalar loops only */
#endif
        for (b = 0; b < batches; ++b) {
            int8_t *h = hidden_state + b * hid;
            int16_t *cell = cell_state + b * hid;
            for (t = 0; t < steps; ++t) {
                const int32_t row = params->time_major ? t * batches + b : b * steps + t;
                const int8_t *x = input_data + row * in_size;
                int8_t *out = output_data + row * hid;
#if LSTM_PAIRED_BUILT
                if (paired) {
                    static const int32_t no_bias[LSTM_BLOCK];
                    uint32_t sx[4 * LSTM_BLOCK], sh[4 * LSTM_BLOCK];
                    int32_t pre[TNM_LSTM_GATE_COUNT][LSTM_BLOCK]; /* Q3.12 pre-activations */
                    const uint32_t *sums = sx; /* the input sums of the block's first unit */
                    int32_t j0;
                    if (two && (t & 1) == 0) {
                        /* steps t and t + 1 together (the last alone when the count is odd) */
                        offset_row(x_offset, x, in_size, x_zp, 1);
                        if (t + 1 < steps) {
                            const int32_t next = params->time_major ? row + batches : row + 1;
                            offset_row(x1_offset, input_data + next * in_size, in_size, x_zp, 1);
                            interleave2(xx, x_offset, x1_offset, in_size);
                            rows2_sums(sums_a, sums_b, wi, hid, in_size, xx, x_offset, x1_offset);
                        } else {
                            block_sums(sums_a, wi, 0, hid, in_size, x_offset);
                        }
                    } else if (!two) {
                        offset_row(x_offset, x, in_size, x_zp, 1);
                    }
                    offset_row(h_offset, h, hid, h_zp, 1);
                    for (j0 = 0; j0 < hid; j0 += LSTM_BLOCK) {
                        const int32_t units = hid - j0 < LSTM_BLOCK ? hid - j0 : LSTM_BLOCK;
                        if (two) sums = ((t & 1) == 0 ? sums_a : sums_b) + 4 * j0;
                        else block_sums(sx, wi, j0, units, in_size, x_offset);
                        block_sums(sh, wr, j0, units, hid, h_offset);
                        for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g)
                            gate_pre(pre[g], sums + g, sh + g, bias[g] != 0 ? bias[g] + j0 : no_bias,
                                     &rq[2 * g], &rq[2 * g + 1], units);
                        block_update(pre, cell + j0, out + j0, units, rq, clip, tanh_mult, tanh_shift);
                    }
                    tnm_copy_inline(h, out, (size_t)hid);
                    continue;
                }
#endif
                offset_row(x_offset, x, in_size, x_zp, 0);
                offset_row(h_offset, h, hid, h_zp, 0);
                for (j = 0; j < hid; ++j) {
                    int32_t pre[TNM_LSTM_GATE_COUNT]; /* the gates' Q3.12 pre-activations */
                    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
                        pre[g] = gate_q12(&params->gate[g], wi[g], wr[g], bias[g], j, x_offset,
                                          in_size, h_offset, hid);
                    }
                    out[j] = unit_update(pre[TNM_LSTM_GATE_INPUT], pre[TNM_LSTM_GATE_FORGET],
                                         pre[TNM_LSTM_GATE_CELL], pre[TNM_LSTM_GATE_OUTPUT], &cell[j], rq, clip,
                                         tanh_mult, tanh_shift);
                }
                tnm_copy_inline(h, out, (size_t)hid);
            }
        }
    }
    return TNM_OK;
}
