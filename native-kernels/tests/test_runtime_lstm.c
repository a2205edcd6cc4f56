/*
 * The UNIDIRECTIONAL_SEQUENCE_LSTM module (the kernel's arithmetic: test_kernels_lstm*.c,
 * TFLM goldens): random dims, weights and params; a one-layer blob whose hidden and cell
 * states are variable tensors in the state region. After tnm_model_reset_state (hidden =
 * its zero point, cell = 0, as TFLM resets variables), two inferences in a row give what
 * two direct kernel calls give (the states carry over), and a reset starts again; the
 * module's refusals name the field.
 */
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"
#include "tnm_test.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

static tnm_bb g_b;
static uint32_t g_blob_words[8192];
static uint32_t g_arena_words[4096];
static uint32_t g_scratch_words[256];
static int8_t g_w[8][256], g_x[2][256], g_y[2][256], g_h[64];
static int32_t g_bias[4][16];
static int16_t g_c[64];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static void fill(tnm_rng *rng, int8_t *p, int32_t n, int32_t lo, int32_t hi)
{
    int32_t i;
    for (i = 0; i < n; i++) p[i] = (int8_t)tnm_rng_range(rng, lo, hi);
}

int main(void)
{
    tnm_rng rng;
    int iter;
    tnm_rng_seed(&rng, 0x157Au);
    for (iter = 0; iter < 20 / TNM_TEST_SCALE + 1; iter++) {
        tnm_lstm_dims d;
        tnm_lstm_s8_params lp;
        tnm_lstm_s8_weights w;
        int32_t xd[3], yd[3], wd[2], rd[2], bd[1], hd[2], k, run, n_x, n_y, params[35];
        uint32_t ins[15], t_y, len;
        tnm_error err;
        d.batch = tnm_rng_range(&rng, 1, 2);
        d.time = tnm_rng_range(&rng, 1, 4);
        d.input_size = tnm_rng_range(&rng, 1, 6);
        d.hidden_size = tnm_rng_range(&rng, 1, 5);
        memset(&lp, 0, sizeof lp);
        for (k = 0; k < 4; k++) {
            lp.gate[k].input_multiplier = tnm_rng_range(&rng, 1 << 30, INT32_MAX);
            lp.gate[k].input_shift = tnm_rng_range(&rng, -4, -1);
            lp.gate[k].recurrent_multiplier = tnm_rng_range(&rng, 1 << 30, INT32_MAX);
            lp.gate[k].recurrent_shift = tnm_rng_range(&rng, -4, -1);
        }
        lp.input_zero_point = tnm_rng_range(&rng, -20, 20);
        lp.hidden_zero_point = tnm_rng_range(&rng, -20, 20);
        lp.forget_cell_multiplier = 1073741824;
        lp.forget_cell_shift = -14;
        lp.input_cell_multiplier = tnm_rng_range(&rng, 1 << 30, INT32_MAX);
        lp.input_cell_shift = tnm_rng_range(&rng, -18, -14);
        lp.hidden_multiplier = tnm_rng_range(&rng, 1 << 30, INT32_MAX);
        lp.hidden_shift = tnm_rng_range(&rng, -24, -20);
        lp.cell_scale_power = -11;
        lp.cell_clip = iter % 3 == 0 ? tnm_rng_range(&rng, 100, 30000) : -1;
        lp.time_major = iter % 2;
        memcpy(params, &lp, sizeof lp);
        for (k = 0; k < 4; k++) {
            int32_t j;
            fill(&rng, g_w[k], d.hidden_size * d.input_size, -127, 127);
            fill(&rng, g_w[4 + k], d.hidden_size * d.hidden_size, -127, 127);
            for (j = 0; j < d.hidden_size; j++) g_bias[k][j] = tnm_rng_range(&rng, -3000, 3000);
            w.input_weights[k] = g_w[k];
            w.recurrent_weights[k] = g_w[4 + k];
            w.bias[k] = iter % 4 == 1 && k == 2 ? NULL : g_bias[k];
        }
        n_x = d.batch * d.time * d.input_size;
        n_y = d.batch * d.time * d.hidden_size;
        for (run = 0; run < 2; run++) fill(&rng, g_x[run], n_x, -128, 127);
        /* the reference: two direct calls from TFLM's reset state */
        CHECK((uint32_t)tnm_lstm_s8_scratch_size(&d) <= sizeof g_scratch_words);
        CHECK_EQ(TNM_OK, tnm_lstm_s8_reset_state(&lp, &d, g_h, g_c));
        for (run = 0; run < 2; run++)
            CHECK_EQ(TNM_OK, tnm_lstm_s8(&lp, &d, &w, g_x[run], g_h, g_c, g_y[run], g_scratch_words));

        tnm_bb_init(&g_b);
        xd[0] = lp.time_major ? d.time : d.batch;
        xd[1] = lp.time_major ? d.batch : d.time;
        xd[2] = d.input_size;
        yd[0] = xd[0];
        yd[1] = xd[1];
        yd[2] = d.hidden_size;
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 3, xd, lp.input_zero_point, 0.1f);
        t_y = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 3, yd, lp.hidden_zero_point, 0.2f);
        wd[0] = rd[0] = bd[0] = d.hidden_size;
        wd[1] = d.input_size;
        rd[1] = d.hidden_size;
        for (k = 0; k < 4; k++) {
            ins[1 + k] = tnm_bb_constant(&g_b, TNM_TYPE_INT8, 2, wd, g_w[k], 0, 1.0f);
            ins[5 + k] = tnm_bb_constant(&g_b, TNM_TYPE_INT8, 2, rd, g_w[4 + k], 0, 1.0f);
            ins[9 + k] = w.bias[k] == NULL ? TNM_NO_TENSOR
                                           : tnm_bb_constant(&g_b, TNM_TYPE_INT32, 1, bd, g_bias[k], 0, 1.0f);
        }
        hd[0] = d.batch;
        hd[1] = d.hidden_size;
        ins[13] = tnm_bb_variable(&g_b, TNM_TYPE_INT8, 2, hd, lp.hidden_zero_point, 0.2f);
        ins[14] = tnm_bb_variable(&g_b, TNM_TYPE_INT16, 2, hd, 0, 1.0f / 2048.0f);
        tnm_bb_layer(&g_b, TNM_OP_UNIDIRECTIONAL_SEQUENCE_LSTM, 15, ins, 1, &t_y, 35, params);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_output(&g_b, t_y);
        g_b.arena_extra = (uint32_t)tnm_lstm_s8_scratch_size(&d);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "LSTM") != TNM_OK) continue;
        memset(g_arena_words, 0x77, sizeof g_arena_words);
        CHECK_EQ(TNM_OK, tnm_model_reset_state(blob(), len, arena(), sizeof g_arena_words, &err));
        for (run = 0; run < 3; run++) {
            const int32_t r = run == 2 ? 0 : run;
            if (run == 2) CHECK_EQ(TNM_OK, tnm_model_reset_state(blob(), len, arena(), sizeof g_arena_words, &err));
            memcpy(arena() + g_b.tensors[ins[0]].offset, g_x[r], (size_t)n_x);
            CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
            CHECK(memcmp(arena() + g_b.tensors[t_y].offset, g_y[r], (size_t)n_y) == 0);
        }
        /* refusals */
        if (iter == 0) {
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 25), (uint32_t)(lp.hidden_zero_point + 1));
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_ZERO_POINT, err.field);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 25), (uint32_t)lp.hidden_zero_point);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 33), (uint32_t)-2);
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_PARAM(TNM_OP_UNIDIRECTIONAL_SEQUENCE_LSTM, 33), err.field);
            tnm_bb_put_u32(blob() + tnm_bb_layer_param(blob(), 0, 33), (uint32_t)lp.cell_clip);
            tnm_bb_put_u16(blob() + tnm_bb_layer_entry(blob(), 0, 13), ins[0]); /* a state that is not a variable */
            tnm_bb_fix_crc(blob(), len);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_VARIABLE, err.field);
            CHECK_EQ(-2, err.limit);
        }
    }
    return tnm_test_finish("test_runtime_lstm");
}
