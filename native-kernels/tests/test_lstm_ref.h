/*
 * LSTM test support (header only, static): an independent reference of TFLM's integer
 * UNIDIRECTIONAL_SEQUENCE_LSTM (int8 x int8 -> int16 cell), written from its
 * definition with int64 arithmetic and TFLM's own loop structure (whole gate vectors
 * per step, time-major steps over all batches, batch-major sequences one by one), and
 * the derivation of tnm_lstm_s8_params from TFLite scales as TFLM's Prepare does it.
 * Shared by test_kernels_lstm.c and test_kernels_lstm_golden.c; nothing here comes from
 * src/kernels.
 */
#ifndef TEST_LSTM_REF_H
#define TEST_LSTM_REF_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#define REF_LSTM_MAX_UNITS 1600 /* batch * hidden of one time-major step */

/* TFLite's sigmoid table is sigmoid(k / 24) in Q0.16, rounded to nearest except these
 * 44 entries, which are one higher (index 255: 65535 instead of 65534). */
static const uint8_t ref_sigmoid_plus_one[44] = {
    4, 8, 12, 14, 15, 16, 17, 19, 20, 21, 22, 25, 27, 28, 29, 30, 31, 33, 34, 35, 37, 39,
    40, 41, 43, 44, 45, 46, 49, 50, 54, 62, 63, 64, 66, 82, 86, 93, 100, 103, 112, 116,
    135, 255};

static inline void ref_sigmoid_table(int64_t table[256])
{
    int k;
    for (k = 0; k < 256; ++k) table[k] = (int64_t)floor(65536.0 / (1.0 + exp(-k / 24.0)) + 0.5);
    for (k = 0; k < 44; ++k) table[ref_sigmoid_plus_one[k]] += 1;
}

/* Table value at a / 2^bits, linearly interpolated, times 2^bits; saturated beyond. */
static inline int64_t ref_lut(const int64_t *table, int64_t a, int bits, int64_t saturated)
{
    const int64_t k = a >> bits, frac = a - (k << bits);
    if (k >= 255) return saturated;
    return table[k] * ((int64_t)1 << bits) + frac * (table[k + 1] - table[k]);
}

/* TFLite int16 Logistic with input multiplier 3 (Q3.12 in, Q0.15 out). */
static inline int32_t ref_sigmoid(const int64_t *table, int32_t x)
{
    const int64_t v = 3 * (int64_t)x;
    const int64_t r = ref_lut(table, v < 0 ? -v : v, 9, (int64_t)0x7FFF << 10);
    return (int32_t)(v >= 0 ? ref_floor_div(r + 512, 1024)
                            : ref_floor_div(((int64_t)1 << 25) - r + 511, 1024));
}

/* TFLite int16 Tanh for an input with scale 2^power (TFLM lstm_eval Tanh): the input
 * is brought to TFLite's internal format by x * 3 * 2^(12 + power), rounded. */
static inline int32_t ref_tanh(const int64_t *table, int32_t x, int power)
{
    const int left = 12 + power;
    int64_t v;
    int64_t r;
    if (left >= 0) {
        v = (int64_t)x * 3 * ((int64_t)1 << left);
    } else {
        v = ref_floor_div((int64_t)x * 3 + ((int64_t)1 << (-left - 1)), (int64_t)1 << -left);
    }
    r = ref_lut(table, v < 0 ? -v : v, 8, (int64_t)0xFFFF << 8);
    return (int32_t)(v >= 0 ? ref_floor_div(r - (1 << 23) + 128, 256)
                            : ref_floor_div(-r + (1 << 23) + 127, 256));
}

/* FC row -> int16 at zero point 0: int32 accumulator (wrapping), requantized, clamped. */
static inline int32_t ref_fc16(const int8_t *x, int32_t x_zp, const int8_t *w, int32_t w_zp,
                               int32_t depth, int64_t bias, int32_t multiplier, int32_t shift)
{
    int64_t acc = bias;
    int32_t d;
    for (d = 0; d < depth; ++d) acc += (int64_t)(w[d] - w_zp) * (x[d] - x_zp);
    return ref_clamp(ref_mbqm(ref_wrap32(acc), multiplier, shift), -32768, 32767);
}

/* TFLM EvalLstm<int8, int8, int16, int32>, structured as TFLM runs it. */
static inline void ref_lstm(const tnm_lstm_s8_params *p, const tnm_lstm_dims *d,
                            const tnm_lstm_s8_weights *w, const int8_t *input, int8_t *hidden,
                            int16_t *cell, int8_t *output)
{
    static const int gate_order[3] = {TNM_LSTM_GATE_FORGET, TNM_LSTM_GATE_INPUT,
                                      TNM_LSTM_GATE_CELL};
    static int64_t table[256]; /* static: small target stacks */
    static int32_t gate[TNM_LSTM_GATE_COUNT][REF_LSTM_MAX_UNITS];
    const int32_t B = d->batch, T = d->time, I = d->input_size, H = d->hidden_size;
    const int32_t rows = p->time_major ? B : 1;     /* batch rows per step */
    const int32_t sequences = p->time_major ? 1 : B; /* runs of T steps */
    int32_t s, t, r, j, k;
    ref_sigmoid_table(table);
    for (s = 0; s < sequences; ++s) {
        int8_t *h = hidden + s * H;   /* time major: s = 0 and all rows */
        int16_t *c = cell + s * H;
        for (t = 0; t < T; ++t) {
            const int32_t first_row = p->time_major ? t * B : s * T + t;
            const int8_t *x = input + first_row * I;
            int8_t *out = output + first_row * H;
            /* gates f, i, c (before the cell update), then o (after it) */
            for (k = 0; k < 4; ++k) {
                const int g = k < 3 ? gate_order[k] : TNM_LSTM_GATE_OUTPUT;
                const tnm_lstm_gate_params *q = &p->gate[g];
                if (k == 3) {
                    /* cell update, all units of the step */
                    for (r = 0; r < rows; ++r) {
                        for (j = 0; j < H; ++j) {
                            const int u = r * H + j;
                            int32_t kept = ref_clamp(ref_mbqm(gate[TNM_LSTM_GATE_FORGET][u] * c[u],
                                                              p->forget_cell_multiplier,
                                                              p->forget_cell_shift), -32768, 32767);
                            int32_t added = ref_clamp(ref_mbqm(gate[TNM_LSTM_GATE_INPUT][u] *
                                                                   gate[TNM_LSTM_GATE_CELL][u],
                                                               p->input_cell_multiplier,
                                                               p->input_cell_shift), -32768, 32767);
                            int32_t v = ref_clamp((int64_t)kept + added, -32768, 32767);
                            if (p->cell_clip >= 0) v = ref_clamp(v, -p->cell_clip, p->cell_clip);
                            c[u] = (int16_t)v;
                        }
                    }
                }
                for (r = 0; r < rows; ++r) {
                    for (j = 0; j < H; ++j) {
                        const int32_t a = ref_fc16(x + r * I, p->input_zero_point,
                                                   w->input_weights[g] + j * I,
                                                   q->input_weights_zero_point, I,
                                                   w->bias[g] != NULL ? w->bias[g][j] : 0,
                                                   q->input_multiplier, q->input_shift);
                        const int32_t b = ref_fc16(h + r * H, p->hidden_zero_point,
                                                   w->recurrent_weights[g] + j * H,
                                                   q->recurrent_weights_zero_point, H, 0,
                                                   q->recurrent_multiplier, q->recurrent_shift);
                        const int32_t sum = ref_clamp((int64_t)a + b, -32768, 32767);
                        gate[g][r * H + j] = g == TNM_LSTM_GATE_CELL ? ref_tanh(table, sum, -12)
                                                                     : ref_sigmoid(table, sum);
                    }
                }
            }
            /* hidden = tanh(cell) * o, requantized to int8 */
            for (r = 0; r < rows; ++r) {
                for (j = 0; j < H; ++j) {
                    const int u = r * H + j;
                    const int32_t th = ref_tanh(table, c[u], p->cell_scale_power);
                    const int64_t v = (int64_t)ref_mbqm(th * gate[TNM_LSTM_GATE_OUTPUT][u],
                                                        p->hidden_multiplier, p->hidden_shift) +
                                      p->hidden_zero_point;
                    h[u] = (int8_t)ref_clamp(ref_wrap32(v), -128, 127);
                }
            }
            memcpy(out, h, (size_t)(rows * H));
        }
    }
}

/* ---- params from TFLite scales, as TFLM's Prepare derives them ---- */

typedef struct {
    float input_scale, hidden_scale, cell_scale;
    float input_weights_scale[TNM_LSTM_GATE_COUNT];
    float recurrent_weights_scale[TNM_LSTM_GATE_COUNT];
    int32_t input_zero_point, hidden_zero_point;
    int32_t input_weights_zero_point[TNM_LSTM_GATE_COUNT];
    int32_t recurrent_weights_zero_point[TNM_LSTM_GATE_COUNT];
    float cell_clip; /* the op option; <= 0: none */
    int32_t time_major;
} ref_lstm_quant;

static inline void ref_qm(double real, int32_t *multiplier, int32_t *shift)
{
    int s;
    ref_quantize_multiplier(real, multiplier, &s);
    *shift = s;
}

static inline void ref_lstm_derive(const ref_lstm_quant *q, tnm_lstm_s8_params *p)
{
    const float gate_scale = 0.000244140625f;        /* 2^-12: Q3.12 gate inputs */
    const double act_scale = (double)0.000030517578125f; /* 2^-15: Q0.15 gate outputs */
    int g;
    memset(p, 0, sizeof *p);
    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
        /* GetQuantizedConvolutionMultipler: the scale product is a float */
        const float in_product = q->input_scale * q->input_weights_scale[g];
        const float rec_product = q->hidden_scale * q->recurrent_weights_scale[g];
        ref_qm((double)in_product / (double)gate_scale, &p->gate[g].input_multiplier,
               &p->gate[g].input_shift);
        ref_qm((double)rec_product / (double)gate_scale, &p->gate[g].recurrent_multiplier,
               &p->gate[g].recurrent_shift);
        p->gate[g].input_weights_zero_point = q->input_weights_zero_point[g];
        p->gate[g].recurrent_weights_zero_point = q->recurrent_weights_zero_point[g];
    }
    p->input_zero_point = q->input_zero_point;
    p->hidden_zero_point = q->hidden_zero_point;
    ref_qm(act_scale * (double)q->cell_scale / (double)q->cell_scale, &p->forget_cell_multiplier,
           &p->forget_cell_shift);
    ref_qm(act_scale * act_scale / (double)q->cell_scale, &p->input_cell_multiplier,
           &p->input_cell_shift);
    ref_qm(act_scale * act_scale / (double)q->hidden_scale, &p->hidden_multiplier,
           &p->hidden_shift);
    {
        /* CheckedLog2, in float */
        const float log2_scale = logf(q->cell_scale) * (1.0f / logf(2.0f));
        p->cell_scale_power = (int32_t)roundf(log2_scale);
    }
    if (q->cell_clip > 0.0f) {
        double clip = (double)q->cell_clip / (double)q->cell_scale;
        clip = clip < -32768.0 ? -32768.0 : (clip > 32767.0 ? 32767.0 : clip);
        p->cell_clip = (int16_t)clip;
    } else {
        p->cell_clip = -1;
    }
    p->time_major = q->time_major;
}

#endif
