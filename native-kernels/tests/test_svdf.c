/*
 * SVDF (tnm_svdf_s8) and QUANTIZE between int8, uint8, int16 and int32
 * (tnm_requantize_typed, tnm_quantize_f32_s16): each against an independent reference
 * written the way TFLM's kernels are (SVDF: the whole state array shifted by one element,
 * then the newest values, a scratch of per-filter time sums, the reduction over the rank);
 * random dims, int8 and int16 states, several calls in a row. Then the SVDF module: a
 * one-layer blob whose state is a variable in the state region gives, after
 * tnm_model_reset_state, what the kernel gives from TFLM's reset state, call after call; its
 * refusals name the field. TFLM's own outputs for SVDF, QUANTIZE int16/int32 and SOFTMAX
 * int8 -> int16: tests/data/svdf (OperatorGoldenTests, through the compiler).
 */
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_kernels_data.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "tnm_test.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_B 3
#define MAX_IN 300
#define MAX_F 72
#define MAX_MEM 9

static int8_t g_x[MAX_B * MAX_IN], g_wf[MAX_F * MAX_IN], g_wt8[MAX_F * MAX_MEM], g_y[MAX_B * MAX_F],
    g_ref_y[MAX_B * MAX_F];
static int16_t g_wt16[MAX_F * MAX_MEM];
static int32_t g_bias[MAX_F];
static int16_t g_state16[MAX_B * MAX_F * MAX_MEM];
static int8_t g_state8[MAX_B * MAX_F * MAX_MEM];
static tnm_bb g_b;
static uint32_t g_blob_words[4096];
static uint32_t g_arena_words[2048];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

/* TFLite's MultiplyByQuantizedMultiplier in 64-bit arithmetic (shift in [-31, 30]). */
static int32_t ref_mbqm(int32_t x, int32_t m, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    const int64_t xl = (int64_t)(int32_t)(uint32_t)((uint64_t)(uint32_t)x << left);
    int64_t prod, hi;
    int32_t h, mask, rem, threshold;
    if (xl == INT32_MIN && m == INT32_MIN) {
        h = INT32_MAX;
    } else {
        prod = xl * (int64_t)m;
        hi = (prod + (prod >= 0 ? (1LL << 30) : (1 - (1LL << 30)))) / (1LL << 31);
        h = (int32_t)hi;
    }
    if (right == 0) return h;
    mask = (int32_t)((1LL << right) - 1);
    rem = h & mask;
    threshold = (mask >> 1) + (h < 0 ? 1 : 0);
    return (h >> right) + (rem > threshold ? 1 : 0);
}

static int32_t clampi(int64_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : (int32_t)v; }

/* TFLM's EvalIntegerSvdfReference, one call (state as int32 values of the state type). */
static void ref_svdf(const tnm_svdf_params *p, const tnm_svdf_dims *d, const int8_t *x, const int8_t *wf,
                     const int32_t *wt, const int32_t *bias, int32_t *state, int wide, int8_t *y)
{
    static int32_t scratch[MAX_B * MAX_F], out[MAX_B * MAX_F];
    const int32_t n = d->batch * d->filters * d->memory, units = d->filters / d->rank;
    const int32_t lo = wide ? -32768 : -128, hi = wide ? 32767 : 127;
    int32_t i, b, f, c, m, u, r;
    for (i = 0; i + 1 < n; i++) state[i] = state[i + 1]; /* the whole array, one element */
    for (b = 0; b < d->batch; b++) {
        for (f = 0; f < d->filters; f++) {
            int64_t dot = 0;
            int32_t v;
            for (c = 0; c < d->input_size; c++)
                dot += (int64_t)wf[f * d->input_size + c] * (x[b * d->input_size + c] - p->input_zero_point);
            v = clampi(ref_mbqm((int32_t)dot, p->feature_multiplier, p->feature_shift), lo, hi) + p->state_zero_point;
            /* the cast to the state type wraps */
            state[(b * d->filters + f) * d->memory + d->memory - 1] = wide ? (int16_t)(uint16_t)(uint32_t)v
                                                                          : (int8_t)(uint8_t)(uint32_t)v;
        }
        for (f = 0; f < d->filters; f++) {
            int64_t s = 0;
            for (m = 0; m < d->memory; m++)
                s += (int64_t)wt[f * d->memory + m] * (state[(b * d->filters + f) * d->memory + m] - p->state_zero_point);
            scratch[b * d->filters + f] = (int32_t)(uint32_t)(uint64_t)s;
        }
        for (u = 0; u < units; u++) {
            uint32_t acc = bias != NULL ? (uint32_t)bias[u] : 0u;
            for (r = 0; r < d->rank; r++) acc += (uint32_t)scratch[b * d->filters + u * d->rank + r];
            out[b * units + u] = (int32_t)acc;
        }
    }
    for (i = 0; i < d->batch * units; i++)
        y[i] = (int8_t)clampi((int64_t)ref_mbqm(out[i], p->time_multiplier, p->time_shift) + p->output_zero_point, -128, 127);
}

static void fill8(tnm_rng *rng, int8_t *p, int32_t n, int32_t lo, int32_t hi)
{
    int32_t i;
    for (i = 0; i < n; i++) p[i] = (int8_t)tnm_rng_range(rng, lo, hi);
}

static void test_kernel(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200 / TNM_TEST_SCALE + 4; iter++) {
        tnm_svdf_params p;
        tnm_svdf_dims d;
        static int32_t ref_state[MAX_B * MAX_F * MAX_MEM], wt[MAX_F * MAX_MEM];
        const int wide = iter % 2;
        int32_t i, n, call, units;
        d.batch = tnm_rng_range(rng, 1, MAX_B);
        /* inputs above 256 values pair on the fly (the kernel keeps up to 256 paired) */
        d.input_size = iter % 10 == 7 ? tnm_rng_range(rng, 250, MAX_IN) : tnm_rng_range(rng, 1, 24);
        d.rank = tnm_rng_range(rng, 1, 3);
        /* now and then more units than the kernel's chunks of 32 filters or units */
        units = iter % 5 == 3 ? tnm_rng_range(rng, 1, MAX_F / d.rank) : tnm_rng_range(rng, 1, 12 / d.rank);
        d.filters = units * d.rank;
        d.memory = tnm_rng_range(rng, 1, MAX_MEM);
        n = d.batch * d.filters * d.memory;
        p.input_zero_point = tnm_rng_range(rng, -128, 127);
        p.output_zero_point = tnm_rng_range(rng, -128, 127);
        p.state_zero_point = wide ? (iter % 8 == 1 ? tnm_rng_range(rng, -32768, 32767) : 0) : tnm_rng_range(rng, -128, 127);
        p.feature_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        p.feature_shift = tnm_rng_range(rng, wide ? -6 : -14, wide ? 2 : -6);
        p.time_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        p.time_shift = tnm_rng_range(rng, wide ? -24 : -16, wide ? -12 : -4);
        if (iter % 9 == 4) p.time_shift = tnm_rng_range(rng, -31, 30); /* any shift */
        fill8(rng, g_wf, d.filters * d.input_size, -128, 127);
        for (i = 0; i < d.filters * d.memory; i++) {
            g_wt16[i] = (int16_t)tnm_rng_range(rng, -32768, 32767);
            g_wt8[i] = (int8_t)tnm_rng_range(rng, -128, 127);
            wt[i] = wide ? g_wt16[i] : g_wt8[i];
        }
        for (i = 0; i < units; i++) g_bias[i] = tnm_rng_range(rng, -100000, 100000);
        /* TFLM's reset: int8 states to their zero point, int16 ones to 0; sometimes another start */
        for (i = 0; i < n; i++) {
            const int32_t v = iter % 5 == 2 ? tnm_rng_range(rng, wide ? -32768 : -128, wide ? 32767 : 127)
                                            : wide ? 0 : p.state_zero_point;
            g_state16[i] = (int16_t)v;
            g_state8[i] = (int8_t)v;
            ref_state[i] = v;
        }
        for (call = 0; call < 3; call++) {
            const int32_t *bias = iter % 7 == 3 ? NULL : g_bias;
            fill8(rng, g_x, d.batch * d.input_size, -128, 127);
            ref_svdf(&p, &d, g_x, g_wf, wt, bias, ref_state, wide, g_ref_y);
            memset(g_y, 0x5A, sizeof g_y);
            CHECK_EQ(TNM_OK, tnm_svdf_s8(&p, &d, g_x, g_wf, wide ? (const void *)g_wt16 : (const void *)g_wt8, bias,
                                         wide ? (void *)g_state16 : (void *)g_state8, wide ? 2 : 1, g_y));
            CHECK(memcmp(g_y, g_ref_y, (size_t)(d.batch * units)) == 0);
            for (i = 0; i < n; i++) CHECK_EQ(ref_state[i], wide ? g_state16[i] : g_state8[i]);
        }
    }
    { /* argument checks */
        tnm_svdf_params p;
        tnm_svdf_dims d;
        memset(&p, 0, sizeof p);
        d.batch = d.input_size = d.filters = d.memory = d.rank = 1;
        CHECK_EQ(TNM_OK, tnm_svdf_s8(&p, &d, g_x, g_wf, g_wt8, NULL, g_state8, 1, g_y));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_svdf_s8(&p, &d, g_x, g_wf, g_wt8, NULL, g_state8, 4, g_y));
        d.filters = 3;
        d.rank = 2; /* does not divide */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_svdf_s8(&p, &d, g_x, g_wf, g_wt8, NULL, g_state8, 1, g_y));
        d.rank = 1;
        p.state_zero_point = 200; /* outside int8 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_svdf_s8(&p, &d, g_x, g_wf, g_wt8, NULL, g_state8, 1, g_y));
        CHECK_EQ(TNM_OK, tnm_svdf_s8(&p, &d, g_x, g_wf, g_wt16, NULL, g_state16, 2, g_y));
        p.time_shift = 31;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_svdf_s8(&p, &d, g_x, g_wf, g_wt16, NULL, g_state16, 2, g_y));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_svdf_s8(NULL, &d, g_x, g_wf, g_wt16, NULL, g_state16, 2, g_y));
    }
}

/* TFLite type numbers and ranges */
static const int32_t k_types[4] = {TNM_TYPE_INT8, TNM_TYPE_UINT8, TNM_TYPE_INT16, TNM_TYPE_INT32};
static void type_range(int32_t t, int64_t *lo, int64_t *hi)
{
    *lo = t == TNM_TYPE_INT8 ? -128 : t == TNM_TYPE_UINT8 ? 0 : t == TNM_TYPE_INT16 ? -32768 : INT32_MIN;
    *hi = t == TNM_TYPE_INT8 ? 127 : t == TNM_TYPE_UINT8 ? 255 : t == TNM_TYPE_INT16 ? 32767 : INT32_MAX;
}

static void test_requantize(tnm_rng *rng)
{
    static int32_t in32[64], out32[64];
    int a, b, iter;
    for (a = 0; a < 4; a++) {
        for (b = 0; b < 4; b++) {
            const int32_t ti = k_types[a], to = k_types[b];
            int64_t ilo, ihi, olo, ohi;
            type_range(ti, &ilo, &ihi);
            type_range(to, &olo, &ohi);
            for (iter = 0; iter < 20; iter++) {
                const int32_t izp = (int32_t)(ti == TNM_TYPE_INT32 ? tnm_rng_range(rng, -1000, 1000)
                                                                   : tnm_rng_range(rng, (int32_t)ilo, (int32_t)ihi));
                const int32_t ozp = (int32_t)(to == TNM_TYPE_INT32 ? tnm_rng_range(rng, -1000, 1000)
                                                                   : tnm_rng_range(rng, (int32_t)olo, (int32_t)ohi));
                const int32_t m = tnm_rng_range(rng, 1 << 30, INT32_MAX), s = tnm_rng_range(rng, -20, 12);
                int32_t i;
                memset(out32, 0x3C, sizeof out32);
                for (i = 0; i < 64; i++) {
                    int32_t v = ti == TNM_TYPE_INT32 ? (int32_t)tnm_rng_range(rng, INT32_MIN, INT32_MAX)
                                                     : tnm_rng_range(rng, (int32_t)ilo, (int32_t)ihi);
                    if (i == 0) v = (int32_t)ilo;
                    if (i == 1) v = (int32_t)ihi;
                    if (ti == TNM_TYPE_INT8) ((int8_t *)in32)[i] = (int8_t)v;
                    else if (ti == TNM_TYPE_UINT8) ((uint8_t *)in32)[i] = (uint8_t)v;
                    else if (ti == TNM_TYPE_INT16) ((int16_t *)in32)[i] = (int16_t)v;
                    else in32[i] = v;
                }
                CHECK_EQ(TNM_OK, tnm_requantize_typed(64, in32, ti, izp, m, s, ozp, out32, to));
                for (i = 0; i < 64; i++) {
                    const int32_t x = ti == TNM_TYPE_INT8 ? ((int8_t *)in32)[i] : ti == TNM_TYPE_UINT8 ? ((uint8_t *)in32)[i]
                                      : ti == TNM_TYPE_INT16 ? ((int16_t *)in32)[i] : in32[i];
                    const int32_t got = to == TNM_TYPE_INT8 ? ((int8_t *)out32)[i] : to == TNM_TYPE_UINT8 ? ((uint8_t *)out32)[i]
                                        : to == TNM_TYPE_INT16 ? ((int16_t *)out32)[i] : out32[i];
                    /* TFLite's int32 arithmetic wraps: (x - zp) and (+ zp) modulo 2^32 */
                    const int32_t d = (int32_t)(uint32_t)((uint32_t)x - (uint32_t)izp);
                    const int32_t r = (int32_t)(uint32_t)((uint32_t)ref_mbqm(d, m, s) + (uint32_t)ozp);
                    CHECK_EQ(clampi(r, (int32_t)olo, (int32_t)ohi), got);
                }
            }
            /* zero points outside the type */
            if (ti != TNM_TYPE_INT32) CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_typed(1, in32, ti, (int32_t)ihi + 1, 1 << 30, 0, 0, out32, to));
            if (to != TNM_TYPE_INT32) CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_typed(1, in32, ti, 0, 1 << 30, 0, (int32_t)ohi + 1, out32, to));
        }
    }
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_typed(1, in32, TNM_TYPE_FLOAT32, 0, 1 << 30, 0, 0, out32, TNM_TYPE_INT8));
    { /* float32 -> int16: round half away from zero, + zp, saturated */
        static const float x[6] = {0.5f, -0.75f, 1.49f, 100000.0f, -100000.0f, 1.25f};
        static const int16_t want[6] = {3, 0, 5, 32767, -32768, 5};
        int16_t y[6];
        int32_t i;
        CHECK_EQ(TNM_OK, tnm_quantize_f32_s16(6, x, 0.5f, 2, y));
        for (i = 0; i < 6; i++) CHECK_EQ(want[i], y[i]);
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_quantize_f32_s16(1, x, 0.5f, 40000, y));
    }
}

static void test_module(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 12 / TNM_TEST_SCALE + 2; iter++) {
        tnm_svdf_params p;
        tnm_svdf_dims d;
        const int wide = iter % 2;
        int32_t xd[2], yd[2], fd[2], td[2], bd[1], sd[2], params[8], units, i, n, run;
        uint32_t ins[5], t_y, len;
        tnm_error err;
        static int8_t ys[2][MAX_B * MAX_F], xs[2][MAX_B * MAX_IN];
        d.batch = tnm_rng_range(rng, 1, 2);
        d.input_size = tnm_rng_range(rng, 1, 12);
        d.rank = tnm_rng_range(rng, 1, 2);
        units = tnm_rng_range(rng, 1, 4);
        d.filters = units * d.rank;
        d.memory = tnm_rng_range(rng, 1, 6);
        n = d.batch * d.filters * d.memory;
        p.input_zero_point = tnm_rng_range(rng, -20, 20);
        p.output_zero_point = tnm_rng_range(rng, -20, 20);
        p.state_zero_point = wide ? 0 : tnm_rng_range(rng, -20, 20);
        p.feature_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        p.feature_shift = wide ? -4 : -9;
        p.time_multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        p.time_shift = wide ? -18 : -10;
        fill8(rng, g_wf, d.filters * d.input_size, -127, 127);
        for (i = 0; i < d.filters * d.memory; i++) {
            g_wt16[i] = (int16_t)tnm_rng_range(rng, -3000, 3000);
            g_wt8[i] = (int8_t)tnm_rng_range(rng, -127, 127);
        }
        for (i = 0; i < units; i++) g_bias[i] = tnm_rng_range(rng, -5000, 5000);
        /* the reference: direct calls from TFLM's reset state */
        for (i = 0; i < n; i++) {
            g_state16[i] = 0;
            g_state8[i] = (int8_t)p.state_zero_point;
        }
        for (run = 0; run < 2; run++) {
            fill8(rng, xs[run], d.batch * d.input_size, -128, 127);
            CHECK_EQ(TNM_OK, tnm_svdf_s8(&p, &d, xs[run], g_wf, wide ? (const void *)g_wt16 : (const void *)g_wt8,
                                         g_bias, wide ? (void *)g_state16 : (void *)g_state8, wide ? 2 : 1, ys[run]));
        }
        params[0] = p.input_zero_point;
        params[1] = p.state_zero_point;
        params[2] = p.output_zero_point;
        params[3] = p.feature_multiplier;
        params[4] = p.feature_shift;
        params[5] = p.time_multiplier;
        params[6] = p.time_shift;
        params[7] = d.rank;
        tnm_bb_init(&g_b);
        xd[0] = yd[0] = d.batch;
        xd[1] = d.input_size;
        yd[1] = units;
        fd[0] = td[0] = d.filters;
        fd[1] = d.input_size;
        td[1] = d.memory;
        bd[0] = units;
        sd[0] = d.batch;
        sd[1] = d.filters * d.memory;
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, xd, p.input_zero_point, 0.1f);
        t_y = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, yd, p.output_zero_point, 0.2f);
        ins[1] = tnm_bb_constant(&g_b, TNM_TYPE_INT8, 2, fd, g_wf, 0, 0.01f);
        ins[2] = wide ? tnm_bb_constant(&g_b, TNM_TYPE_INT16, 2, td, g_wt16, 0, 0.001f)
                      : tnm_bb_constant(&g_b, TNM_TYPE_INT8, 2, td, g_wt8, 0, 0.01f);
        ins[3] = tnm_bb_constant(&g_b, TNM_TYPE_INT32, 1, bd, g_bias, 0, 1.0f);
        ins[4] = tnm_bb_variable(&g_b, wide ? TNM_TYPE_INT16 : TNM_TYPE_INT8, 2, sd, p.state_zero_point, 0.05f);
        tnm_bb_layer(&g_b, TNM_OP_SVDF, 5, ins, 1, &t_y, 8, params);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_output(&g_b, t_y);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "SVDF") != TNM_OK) continue;
        memset(g_arena_words, 0x77, sizeof g_arena_words);
        CHECK_EQ(TNM_OK, tnm_model_reset_state(blob(), len, arena(), sizeof g_arena_words, &err));
        for (run = 0; run < 3; run++) {
            const int32_t r = run == 2 ? 0 : run;
            if (run == 2) CHECK_EQ(TNM_OK, tnm_model_reset_state(blob(), len, arena(), sizeof g_arena_words, &err));
            memcpy(arena() + g_b.tensors[ins[0]].offset, xs[r], (size_t)(d.batch * d.input_size));
            /* the last run through the read-only path (a blob tnm_model_check accepted: the
             * module's check only parses there) */
            if (run == 2) CHECK_EQ(TNM_OK, tnm_layer_invoke_readonly(blob(), len, arena(), sizeof g_arena_words, 0, &err));
            else CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
            CHECK(memcmp(arena() + g_b.tensors[t_y].offset, ys[r], (size_t)(d.batch * units)) == 0);
        }
        if (iter == 0 || iter == 1) { /* refusals, each naming its field */
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 1), (uint32_t)(p.state_zero_point + 1));
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_PARAM(TNM_OP_SVDF, 1), err.field);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 1), (uint32_t)p.state_zero_point);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 6), 31u);
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_PARAM(TNM_OP_SVDF, 6), err.field);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 6), (uint32_t)p.time_shift);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 7), 0u);
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_PARAM(TNM_OP_SVDF, 7), err.field);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 7), (uint32_t)d.rank);
            tnm_bb_put_u16(blob() + tnm_bb_layer_entry(blob(), 0, 4), ins[0]); /* a state that is not a variable */
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_VARIABLE, err.field);
            tnm_bb_put_u16(blob() + tnm_bb_layer_entry(blob(), 0, 4), ins[4]);
            tnm_bb_put_u16(blob() + tnm_bb_layer_entry(blob(), 0, 3), ins[1]); /* int8 bias */
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_BIAS, err.field);
            tnm_bb_put_u16(blob() + tnm_bb_layer_entry(blob(), 0, 3), ins[3]);
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));
        }
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 0x5FDFu);
    test_kernel(&rng);
    test_requantize(&rng);
    test_module(&rng);
    return tnm_test_finish("test_svdf");
}
