/*
 * UNIDIRECTIONAL_SEQUENCE_LSTM (tnm_lstm_s8) against the independent int64 reference
 * of test_lstm_ref.h: random sizes (batch, time, input, hidden up to 40), both layouts,
 * params derived from random TFLite-like scales and raw params over the whole accepted
 * ranges (saturating gates, wrapping accumulators, clips), random starting states;
 * state carried across calls; argument checks. The TFLM golden is
 * test_kernels_lstm_golden.c.
 */
#include <string.h>

#include "test_lstm_ref.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_DIM 40
#define MAX_WORK 150000 /* batch * time * hidden * (input + hidden), per case */
#define GUARD 16

static int8_t g_x[MAX_DIM * MAX_DIM * MAX_DIM];
static int8_t g_out[MAX_DIM * MAX_DIM * MAX_DIM + GUARD], g_ref_out[MAX_DIM * MAX_DIM * MAX_DIM];
static int8_t g_w[8][MAX_DIM * MAX_DIM];
static int32_t g_bias[4][MAX_DIM];
static int8_t g_h[MAX_DIM * MAX_DIM + GUARD], g_ref_h[MAX_DIM * MAX_DIM];
static int16_t g_c[MAX_DIM * MAX_DIM + GUARD], g_ref_c[MAX_DIM * MAX_DIM];

static int32_t g_scratch[16 * MAX_DIM + 32]; /* tnm_lstm_s8_scratch_size: at most 8 input + 40 hidden bytes, rounded */
static long g_mid, g_saturated, g_clipped, g_cells;

static int32_t rnd_dim(tnm_rng *rng)
{
    return tnm_rng_range(rng, 0, 9) < 7 ? tnm_rng_range(rng, 1, 8) : tnm_rng_range(rng, 9, MAX_DIM);
}

static float rnd_uniform(tnm_rng *rng, float lo, float hi)
{
    return lo + (hi - lo) * (float)(tnm_rng_next(rng) >> 8) * (1.0f / 16777216.0f);
}

/* Params as a converter would produce them: scales, zero points, a power-of-two cell scale. */
static void rnd_realistic_params(tnm_rng *rng, tnm_lstm_s8_params *p)
{
    ref_lstm_quant q;
    int g, e;
    memset(&q, 0, sizeof q);
    /* one generator call per statement: argument evaluation order is unspecified, and
     * the cases must be the same on every target */
    e = tnm_rng_range(rng, -9, -3);
    q.input_scale = ldexpf(rnd_uniform(rng, 1.0f, 2.0f), e);
    e = tnm_rng_range(rng, -8, -5);
    q.hidden_scale = ldexpf(rnd_uniform(rng, 1.0f, 2.0f), e);
    q.cell_scale = ldexpf(1.0f, tnm_rng_range(rng, 0, 4) == 0 ? tnm_rng_range(rng, -20, 0)
                                                              : tnm_rng_range(rng, -15, -9));
    q.input_zero_point = rnd_zero_point(rng);
    q.hidden_zero_point = tnm_rng_range(rng, 0, 2) == 0 ? 0 : rnd_zero_point(rng);
    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
        q.input_weights_scale[g] = rnd_uniform(rng, 0.0005f, 0.03f);
        q.recurrent_weights_scale[g] = rnd_uniform(rng, 0.0005f, 0.03f);
        q.input_weights_zero_point[g] = tnm_rng_range(rng, 0, 9) == 0 ? rnd_zero_point(rng) : 0;
        q.recurrent_weights_zero_point[g] = tnm_rng_range(rng, 0, 9) == 0 ? rnd_zero_point(rng) : 0;
    }
    q.cell_clip = tnm_rng_range(rng, 0, 2) == 0 ? 0.0f : rnd_uniform(rng, 0.05f, 12.0f);
    q.time_major = tnm_rng_range(rng, 0, 1);
    ref_lstm_derive(&q, p);
}

/* Anything the kernel accepts. */
static void rnd_raw_params(tnm_rng *rng, tnm_lstm_s8_params *p)
{
    int g;
    memset(p, 0, sizeof *p);
    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
        p->gate[g].input_multiplier = rnd_multiplier(rng);
        p->gate[g].input_shift = rnd_shift(rng, -6, 1);
        p->gate[g].recurrent_multiplier = rnd_multiplier(rng);
        p->gate[g].recurrent_shift = rnd_shift(rng, -6, 1);
        p->gate[g].input_weights_zero_point = rnd_zero_point(rng);
        p->gate[g].recurrent_weights_zero_point = rnd_zero_point(rng);
    }
    p->input_zero_point = rnd_zero_point(rng);
    p->hidden_zero_point = rnd_zero_point(rng);
    p->forget_cell_multiplier = rnd_multiplier(rng);
    p->forget_cell_shift = rnd_shift(rng, -16, -12);
    p->input_cell_multiplier = rnd_multiplier(rng);
    p->input_cell_shift = rnd_shift(rng, -20, -14);
    p->hidden_multiplier = rnd_multiplier(rng);
    p->hidden_shift = rnd_shift(rng, -25, -20);
    p->cell_scale_power = tnm_rng_range(rng, 0, 3) == 0 ? tnm_rng_range(rng, -43, 2)
                                                        : tnm_rng_range(rng, -16, -8);
    switch (tnm_rng_range(rng, 0, 3)) {
    case 0: p->cell_clip = -1; break;
    case 1: p->cell_clip = tnm_rng_range(rng, 0, 2) == 0 ? 0 : 32767; break;
    default: p->cell_clip = tnm_rng_range(rng, 0, 32767); break;
    }
    p->time_major = tnm_rng_range(rng, 0, 1);
}

static void fill_case(tnm_rng *rng, const tnm_lstm_dims *d, int raw, tnm_lstm_s8_weights *w)
{
    int g, j;
    const int32_t units = d->batch * d->hidden_size;
    rnd_fill_s8(rng, g_x, d->batch * d->time * d->input_size);
    for (g = 0; g < 4; ++g) {
        rnd_fill_s8(rng, g_w[g], d->hidden_size * d->input_size);
        rnd_fill_s8(rng, g_w[4 + g], d->hidden_size * d->hidden_size);
        for (j = 0; j < d->hidden_size; ++j) {
            if (raw && tnm_rng_range(rng, 0, 4) == 0) {
                g_bias[g][j] = (int32_t)tnm_rng_next(rng); /* wraps the accumulator */
            } else {
                g_bias[g][j] = tnm_rng_range(rng, -40000, 40000);
            }
        }
        w->input_weights[g] = g_w[g];
        w->recurrent_weights[g] = g_w[4 + g];
        w->bias[g] = tnm_rng_range(rng, 0, 15) == 0 ? NULL : g_bias[g];
    }
    for (j = 0; j < units; ++j) {
        g_h[j] = g_ref_h[j] = (int8_t)tnm_rng_range(rng, -128, 127);
        g_c[j] = g_ref_c[j] = (int16_t)(tnm_rng_range(rng, 0, 3) == 0 ? tnm_rng_range(rng, -32768, 32767)
                                                                      : tnm_rng_range(rng, -3000, 3000));
    }
}

static void test_random(void)
{
    tnm_rng rng;
    const int cases = 1500 / TNM_TEST_SCALE;
    int iter, layouts[2] = {0, 0}, raw_cases = 0;
    tnm_rng_seed(&rng, 20260917u);
    for (iter = 0; iter < cases; ++iter) {
        tnm_lstm_s8_params p;
        tnm_lstm_s8_weights w;
        tnm_lstm_dims d;
        const int raw = tnm_rng_range(&rng, 0, 3) == 0;
        int32_t units, out_bytes, i;
        do {
            d.batch = rnd_dim(&rng);
            d.time = rnd_dim(&rng);
            d.input_size = rnd_dim(&rng);
            d.hidden_size = rnd_dim(&rng);
        } while ((long)d.batch * d.time * d.hidden_size * (d.input_size + d.hidden_size) > MAX_WORK);
        if (raw) {
            rnd_raw_params(&rng, &p);
            raw_cases++;
        } else {
            rnd_realistic_params(&rng, &p);
        }
        layouts[p.time_major]++;
        fill_case(&rng, &d, raw, &w);
        units = d.batch * d.hidden_size;
        out_bytes = d.batch * d.time * d.hidden_size;
        memset(g_out + out_bytes, 0x5A, GUARD);
        memset(g_h + units, 0x5A, GUARD);
        memset(g_c + units, 0x5A, GUARD * sizeof(int16_t));

        CHECK(tnm_lstm_s8_scratch_size(&d) >= ((d.input_size + 1) / 2 * 2 + d.hidden_size) * 2);
        CHECK(tnm_lstm_s8_scratch_size(&d) % 4 == 0 && tnm_lstm_s8_scratch_size(&d) <= (int32_t)sizeof g_scratch);
        memset(g_scratch, 0xA5, sizeof g_scratch); /* the kernel must not read stale scratch */
        CHECK_EQ(TNM_OK, tnm_lstm_s8(&p, &d, &w, g_x, g_h, g_c, g_out, g_scratch));
        ref_lstm(&p, &d, &w, g_x, g_ref_h, g_ref_c, g_ref_out);

        if (memcmp(g_out, g_ref_out, (size_t)out_bytes) != 0 ||
            memcmp(g_h, g_ref_h, (size_t)units) != 0 ||
            memcmp(g_c, g_ref_c, (size_t)units * sizeof(int16_t)) != 0) {
            CHECK(0);
            fprintf(stderr, "case %d: batch %d time %d input %d hidden %d, %s params, time_major %d\n",
                    iter, (int)d.batch, (int)d.time, (int)d.input_size, (int)d.hidden_size,
                    raw ? "raw" : "derived", (int)p.time_major);
            if (tnm_test_failures() > 5) return;
        }
        for (i = 0; i < GUARD; ++i) {
            CHECK_EQ(0x5A, (uint8_t)g_out[out_bytes + i]);
            CHECK_EQ(0x5A, (uint8_t)g_h[units + i]);
        }
        CHECK_EQ(0x5A5A, (uint16_t)g_c[units]);
        for (i = 0; i < out_bytes; ++i) {
            if (g_ref_out[i] == -128 || g_ref_out[i] == 127) g_saturated++;
            else g_mid++;
        }
        for (i = 0; i < units; ++i) {
            g_cells++;
            if (p.cell_clip >= 0 && (g_ref_c[i] == p.cell_clip || g_ref_c[i] == -p.cell_clip)) g_clipped++;
        }
    }
    printf("lstm random: %d cases (%d raw params; %d batch-major, %d time-major): %ld outputs in range, "
           "%ld at int8 limits; %ld of %ld final cells at the clip\n",
           cases, raw_cases, layouts[0], layouts[1], g_mid, g_saturated, g_clipped, g_cells);
    CHECK(layouts[0] > cases / 4 && layouts[1] > cases / 4);
    CHECK(g_mid > 20L * g_saturated / 100 && g_saturated > g_mid / 100);
    CHECK(g_clipped > g_cells / 100);
}

/* Running T1 steps then T2 steps (state carried in hidden/cell) equals running T1 + T2. */
static void test_state_carried(void)
{
    tnm_rng rng;
    int iter;
    tnm_rng_seed(&rng, 77u);
    for (iter = 0; iter < 100 / TNM_TEST_SCALE + 1; ++iter) {
        tnm_lstm_s8_params p;
        tnm_lstm_s8_weights w;
        tnm_lstm_dims d, d1, d2;
        int32_t t1, units, out_bytes;
        rnd_realistic_params(&rng, &p);
        d.batch = p.time_major ? tnm_rng_range(&rng, 1, 4) : 1; /* batch-major splits only at B = 1 */
        d.time = tnm_rng_range(&rng, 2, 20);
        d.input_size = tnm_rng_range(&rng, 1, 20);
        d.hidden_size = tnm_rng_range(&rng, 1, 20);
        fill_case(&rng, &d, 0, &w);
        units = d.batch * d.hidden_size;
        out_bytes = d.batch * d.time * d.hidden_size;
        CHECK_EQ(TNM_OK, tnm_lstm_s8(&p, &d, &w, g_x, g_h, g_c, g_out, g_scratch)); /* all at once */
        t1 = tnm_rng_range(&rng, 1, d.time - 1);
        d1 = d;
        d1.time = t1;
        d2 = d;
        d2.time = d.time - t1;
        CHECK_EQ(TNM_OK, tnm_lstm_s8(&p, &d1, &w, g_x, g_ref_h, g_ref_c, g_ref_out, g_scratch));
        CHECK_EQ(TNM_OK, tnm_lstm_s8(&p, &d2, &w, g_x + t1 * d.batch * d.input_size, g_ref_h,
                                     g_ref_c, g_ref_out + t1 * d.batch * d.hidden_size, g_scratch));
        CHECK(memcmp(g_out, g_ref_out, (size_t)out_bytes) == 0);
        CHECK(memcmp(g_h, g_ref_h, (size_t)units) == 0);
        CHECK(memcmp(g_c, g_ref_c, (size_t)units * sizeof(int16_t)) == 0);
        /* and the last output row is the hidden state */
        CHECK(memcmp(g_h, g_out + out_bytes - units, (size_t)units) == 0);
    }
}

static void test_reset_state(void)
{
    tnm_lstm_s8_params p;
    tnm_lstm_dims d = {3, 1, 2, 5};
    int i;
    memset(&p, 0, sizeof p);
    p.hidden_zero_point = -7;
    memset(g_h, 1, 15);
    memset(g_c, 1, 15 * sizeof(int16_t));
    g_h[15] = 9;
    CHECK_EQ(TNM_OK, tnm_lstm_s8_reset_state(&p, &d, g_h, g_c));
    for (i = 0; i < 15; ++i) {
        CHECK_EQ(-7, g_h[i]);
        CHECK_EQ(0, g_c[i]);
    }
    CHECK_EQ(9, g_h[15]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8_reset_state(NULL, &d, g_h, g_c));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8_reset_state(&p, NULL, g_h, g_c));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8_reset_state(&p, &d, NULL, g_c));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8_reset_state(&p, &d, g_h, NULL));
    p.hidden_zero_point = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8_reset_state(&p, &d, g_h, g_c));
}

static tnm_status run_small(const tnm_lstm_s8_params *p, const tnm_lstm_dims *d,
                            const tnm_lstm_s8_weights *w)
{
    return tnm_lstm_s8(p, d, w, g_x, g_h, g_c, g_out, g_scratch);
}

static void test_bad_arguments(void)
{
    tnm_rng rng;
    tnm_lstm_s8_params good, p;
    tnm_lstm_s8_weights w, bad_w;
    tnm_lstm_dims good_d = {2, 3, 4, 5}, d;
    int g;
    tnm_rng_seed(&rng, 5u);
    rnd_realistic_params(&rng, &good);
    fill_case(&rng, &good_d, 0, &w);
    CHECK_EQ(TNM_OK, run_small(&good, &good_d, &w));

    CHECK_EQ(TNM_ERR_ARGUMENT, run_small(NULL, &good_d, &w));
    CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, NULL, &w));
    CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &good_d, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8(&good, &good_d, &w, NULL, g_h, g_c, g_out, g_scratch));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8(&good, &good_d, &w, g_x, NULL, g_c, g_out, g_scratch));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8(&good, &good_d, &w, g_x, g_h, NULL, g_out, g_scratch));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8(&good, &good_d, &w, g_x, g_h, g_c, NULL, g_scratch));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_lstm_s8(&good, &good_d, &w, g_x, g_h, g_c, g_out, NULL));
    CHECK_EQ(TNM_ERR_ALIGNMENT, tnm_lstm_s8(&good, &good_d, &w, g_x, g_h, g_c, g_out,
                                            (int8_t *)g_scratch + 2));
    d = good_d; d.time = 1;
    CHECK_EQ(20, tnm_lstm_s8_scratch_size(&d)); /* one step: (4 + 5 rounded up to 6) * 2 */
    /* several steps: as much, or (Cortex-M) the two-step input sums' 32 bytes a unit more */
    CHECK(tnm_lstm_s8_scratch_size(&good_d) == 20 || tnm_lstm_s8_scratch_size(&good_d) >= 20 + 32 * 5);
    d = good_d; d.batch = 1; d.time = 1; d.hidden_size = 1; d.input_size = INT32_MAX - 8;
    CHECK_EQ(-1, tnm_lstm_s8_scratch_size(&d)); /* would not fit in int32 */
    CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &d, &w));
    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
        bad_w = w;
        bad_w.input_weights[g] = NULL;
        CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &good_d, &bad_w));
        bad_w = w;
        bad_w.recurrent_weights[g] = NULL;
        CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &good_d, &bad_w));
    }

    d = good_d; d.batch = 0; CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &d, &w));
    CHECK_EQ(-1, tnm_lstm_s8_scratch_size(&d));
    CHECK_EQ(-1, tnm_lstm_s8_scratch_size(NULL));
    d = good_d; d.time = 0; CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &d, &w));
    d = good_d; d.input_size = -1; CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &d, &w));
    d = good_d; d.hidden_size = 0; CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &d, &w));
    d = good_d; d.batch = 65536; d.time = 65536; CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &d, &w));
    d = good_d; d.batch = 1024; d.time = 1024; d.input_size = 4096;
    CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &d, &w));
    d = good_d; d.hidden_size = 46341; CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&good, &d, &w));

#define EXPECT_BAD(field, value) \
    do { p = good; p.field = (value); CHECK_EQ(TNM_ERR_ARGUMENT, run_small(&p, &good_d, &w)); } while (0)
    EXPECT_BAD(input_zero_point, 128);
    EXPECT_BAD(input_zero_point, -129);
    EXPECT_BAD(hidden_zero_point, 128);
    EXPECT_BAD(gate[1].input_weights_zero_point, -129);
    EXPECT_BAD(gate[3].recurrent_weights_zero_point, 128);
    EXPECT_BAD(gate[0].input_multiplier, -1);
    EXPECT_BAD(gate[2].input_shift, 31);
    EXPECT_BAD(gate[3].recurrent_shift, -32);
    EXPECT_BAD(gate[1].recurrent_multiplier, INT32_MIN);
    EXPECT_BAD(forget_cell_multiplier, -5);
    EXPECT_BAD(forget_cell_shift, 31);
    EXPECT_BAD(input_cell_shift, -32);
    EXPECT_BAD(hidden_multiplier, -1);
    EXPECT_BAD(hidden_shift, 31);
    EXPECT_BAD(cell_scale_power, 3);
    EXPECT_BAD(cell_scale_power, -44);
    EXPECT_BAD(cell_clip, -2);
    EXPECT_BAD(cell_clip, 32768);
    EXPECT_BAD(time_major, 2);
    EXPECT_BAD(time_major, -1);
#undef EXPECT_BAD
    /* the range ends are accepted */
    p = good; p.cell_scale_power = 2; p.cell_clip = 32767; p.gate[0].input_shift = 30;
    CHECK_EQ(TNM_OK, run_small(&p, &good_d, &w));
    p = good; p.cell_scale_power = -43; p.cell_clip = 0; p.hidden_shift = -31;
    CHECK_EQ(TNM_OK, run_small(&p, &good_d, &w));
}

int main(void)
{
    test_random();
    test_state_carried();
    test_reset_state();
    test_bad_arguments();
    return tnm_test_finish("test_kernels_lstm");
}
