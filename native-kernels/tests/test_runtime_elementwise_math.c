/*
 * The modules of SQUARED_DIFFERENCE, RSQRT and ABS (their kernels are tested against
 * independent references and TFLM goldens in test_kernels_elementwise_math.c and
 * test_kernels_nd_golden.c): one-layer blobs of random shapes (rank 1 to 6; SQUARED_DIFFERENCE
 * broadcasting, either input a constant) through the runtime give what an N-D reference loop
 * over the kernels' per-value step gives; each module refuses a parameter that disagrees with
 * its tensors, naming the field; RSQRT refuses an input value below its zero point at run time,
 * naming the layer and the value, with nothing written.
 */
#include <stdio.h>
#include <string.h>

#include "test_kernels_ref.h"
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
static uint32_t g_arena_words[8192];
static int16_t g_x[1024], g_y[1024], g_ref[1024];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static void expect_param_error(uint32_t len, uint32_t k, int32_t bad, int32_t field)
{
    tnm_test_expect_param_error_restored(blob(), len, k, bad, field);
}

/* Element k of a tensor of the given type in a buffer of int16 slots or bytes. */
static int32_t get(const void *buf, int int16, int32_t k)
{
    return int16 ? ((const int16_t *)buf)[k] : ((const int8_t *)buf)[k];
}

static void put(void *buf, int int16, int32_t k, int32_t v)
{
    if (int16) ((int16_t *)buf)[k] = (int16_t)v;
    else ((int8_t *)buf)[k] = (int8_t)v;
}

static int32_t count_of(const int32_t *d, int32_t rank)
{
    int32_t i, n = 1;
    for (i = 0; i < rank; i++) n *= d[i];
    return n;
}

/* ---- SQUARED_DIFFERENCE ---- */

/* The per-value step through the kernel itself on one value each (a 1x1x1x1 call): the
 * N-D broadcast below is what is under test here. */
static int32_t sqdiff_one(const tnm_arith_params *p, int int16, int32_t a, int32_t b)
{
    const tnm_dims one = {1, 1, 1, 1};
    if (int16) {
        int16_t x = (int16_t)a, y = (int16_t)b, o = 0;
        CHECK_EQ(TNM_OK, tnm_squared_difference_s16(p, &one, &x, &one, &y, &one, &o));
        return o;
    } else {
        int8_t x = (int8_t)a, y = (int8_t)b, o = 0;
        CHECK_EQ(TNM_OK, tnm_squared_difference_s8(p, &one, &x, &one, &y, &one, &o));
        return o;
    }
}

/* TFLM's broadcast: dims right-aligned, an input's dim of 1 read again along the output's. */
static void sqdiff_reference(const tnm_arith_params *p, int int16, int32_t rank, const int32_t *od,
                             int32_t ra, const int32_t *ad, int32_t rb, const int32_t *bd)
{
    const int32_t n = count_of(od, rank);
    int32_t k;
    for (k = 0; k < n; k++) {
        int32_t rest = k, ia = 0, ib = 0, sa = 1, sb = 1, i;
        for (i = rank - 1; i >= 0; i--) {
            const int32_t c = rest % od[i];
            const int32_t ja = i - (rank - ra), jb = i - (rank - rb);
            rest /= od[i];
            if (ja >= 0) {
                ia += (ad[ja] == 1 ? 0 : c) * sa;
                sa *= ad[ja];
            }
            if (jb >= 0) {
                ib += (bd[jb] == 1 ? 0 : c) * sb;
                sb *= bd[jb];
            }
        }
        put(g_ref, int16, k, sqdiff_one(p, int16, get(g_x, int16, ia), get(g_y, int16, ib)));
    }
}

static void test_squared_difference(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 240 / TNM_TEST_SCALE; iter++) {
        const int int16 = iter % 2, const_a = iter % 5 == 1, const_b = iter % 5 == 3;
        const int32_t type = int16 ? TNM_TYPE_INT16 : TNM_TYPE_INT8, es = int16 ? 2 : 1;
        const int32_t rank = tnm_rng_range(rng, 1, 6);
        const int32_t za = int16 ? 0 : tnm_rng_range(rng, -128, 127), zb = int16 ? 0 : tnm_rng_range(rng, -128, 127);
        const int32_t zo = int16 ? 0 : tnm_rng_range(rng, -128, 127);
        const float sa = 0.001f * (float)tnm_rng_range(rng, 1, 100), sb = 0.001f * (float)tnm_rng_range(rng, 1, 100);
        const float so = (int16 ? 0.0002f : 0.01f) * (float)tnm_rng_range(rng, 1, 100);
        int32_t od[6], ad[6], bd[6], ra, rb, i, p[10], na, nb, no;
        uint32_t ins[2], t_out, len;
        tnm_arith_params ap;
        double twice_max;
        volatile float denominator;
        int shift;
        for (i = 0; i < rank; i++) {
            od[i] = tnm_rng_range(rng, 1, rank > 4 ? 3 : 4);
            ad[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[i];
            bd[i] = tnm_rng_range(rng, 0, 2) == 0 ? 1 : od[i];
            if (ad[i] == 1 && bd[i] == 1) od[i] = 1;
        }
        /* one input may have fewer dims (right-aligned) */
        ra = iter % 7 == 2 ? tnm_rng_range(rng, 1, rank) : rank;
        rb = iter % 7 == 4 ? tnm_rng_range(rng, 1, rank) : rank;
        for (i = 0; i < rank - ra; i++) bd[i] = od[i]; /* the dims a lacks come from b */
        for (i = 0; i < rank - rb; i++) ad[i] = od[i];
        if (ra < rank) memmove(ad, ad + (rank - ra), (size_t)ra * sizeof ad[0]);
        if (rb < rank) memmove(bd, bd + (rank - rb), (size_t)rb * sizeof bd[0]);
        na = count_of(ad, ra);
        nb = count_of(bd, rb);
        no = count_of(od, rank);
        for (i = 0; i < na; i++) put(g_x, int16, i, int16 ? tnm_rng_range(rng, -32768, 32767) : tnm_rng_range(rng, -128, 127));
        for (i = 0; i < nb; i++) put(g_y, int16, i, int16 ? tnm_rng_range(rng, -32768, 32767) : tnm_rng_range(rng, -128, 127));
        /* TFLM's PrepareQuantized */
        memset(&ap, 0, sizeof ap);
        twice_max = 2.0 * (double)(sa > sb ? sa : sb);
        denominator = (float)(1 << (int16 ? 0 : 14)) * so;
        ap.input1_offset = -za;
        ap.input2_offset = -zb;
        ap.output_offset = zo;
        ap.left_shift = int16 ? 0 : 7;
        ref_quantize_multiplier((double)sa / twice_max, &ap.input1_multiplier, &shift);
        ap.input1_shift = shift;
        ref_quantize_multiplier((double)sb / twice_max, &ap.input2_multiplier, &shift);
        ap.input2_shift = shift;
        ref_quantize_multiplier(twice_max * twice_max / (double)denominator, &ap.output_multiplier, &shift);
        ap.output_shift = shift;
        ap.act_min = int16 ? -32768 : -128;
        ap.act_max = int16 ? 32767 : 127;
        sqdiff_reference(&ap, int16, rank, od, ra, ad, rb, bd);
        p[0] = ap.input1_offset; p[1] = ap.input2_offset; p[2] = ap.output_offset; p[3] = ap.left_shift;
        p[4] = ap.input1_multiplier; p[5] = ap.input1_shift; p[6] = ap.input2_multiplier; p[7] = ap.input2_shift;
        p[8] = ap.output_multiplier; p[9] = ap.output_shift;
        tnm_bb_init(&g_b);
        ins[0] = const_a ? tnm_bb_constant(&g_b, type, ra, ad, g_x, za, sa) : tnm_bb_tensor_auto(&g_b, type, ra, ad, za, sa);
        ins[1] = const_b ? tnm_bb_constant(&g_b, type, rb, bd, g_y, zb, sb) : tnm_bb_tensor_auto(&g_b, type, rb, bd, zb, sb);
        t_out = tnm_bb_tensor_auto(&g_b, type, rank, od, zo, so);
        tnm_bb_layer(&g_b, TNM_OP_SQUARED_DIFFERENCE, 2, ins, 1, &t_out, 10, p);
        if (!const_a) tnm_bb_input(&g_b, ins[0]);
        if (!const_b) tnm_bb_input(&g_b, ins[1]);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "SQUARED_DIFFERENCE") != TNM_OK) continue;
        if (!const_a) memcpy(arena() + g_b.tensors[ins[0]].offset, g_x, (size_t)(na * es));
        if (!const_b) memcpy(arena() + g_b.tensors[ins[1]].offset, g_y, (size_t)(nb * es));
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)(no * es), int16 ? "SQUARED_DIFFERENCE int16" : "SQUARED_DIFFERENCE");
        /* each word that disagrees with the tensors, by name */
        if (iter < 24) {
            expect_param_error(len, 0, p[0] + 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 1, p[1] - 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 2, p[2] + 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 3, int16 ? 7 : 0, TNM_FIELD_PARAM(TNM_OP_SQUARED_DIFFERENCE, 3));
            expect_param_error(len, 4, 5, TNM_FIELD_LAYER_MULTIPLIER);
            expect_param_error(len, 5, 1, TNM_FIELD_LAYER_SHIFT);
            expect_param_error(len, 7, -32, TNM_FIELD_LAYER_SHIFT);
            expect_param_error(len, 8, -1, TNM_FIELD_LAYER_MULTIPLIER);
            expect_param_error(len, 9, 31, TNM_FIELD_LAYER_SHIFT);
        }
    }
    {
        /* refused: an int16 zero point but 0 (TFLM requires 0), int8 beside int16, an output
         * that is not the broadcast of the inputs */
        const int32_t d[2] = {2, 3}, d1[2] = {1, 3}, d4[2] = {2, 4};
        int32_t p[10] = {0, 0, 0, 0, 1 << 30, 0, 1 << 30, 0, 1 << 30, -10};
        uint32_t ins[2], t_out, len;
        tnm_bb_init(&g_b);
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.001f);
        ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d1, 3, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.001f);
        tnm_bb_layer(&g_b, TNM_OP_SQUARED_DIFFERENCE, 2, ins, 1, &t_out, 10, p);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        tnm_test_expect_refused(blob(), len, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, "SQUARED_DIFFERENCE int16 zero point");
        tnm_bb_init(&g_b);
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d, 0, 0.001f);
        ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d1, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.001f);
        tnm_bb_layer(&g_b, TNM_OP_SQUARED_DIFFERENCE, 2, ins, 1, &t_out, 10, p);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        tnm_test_expect_refused(blob(), len, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, "SQUARED_DIFFERENCE int8 and int16");
        p[3] = 7;
        tnm_bb_init(&g_b);
        ins[0] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d, 0, 0.001f);
        ins[1] = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d1, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d4, 0, 0.001f);
        tnm_bb_layer(&g_b, TNM_OP_SQUARED_DIFFERENCE, 2, ins, 1, &t_out, 10, p);
        tnm_bb_input(&g_b, ins[0]);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        tnm_test_expect_refused(blob(), len, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "SQUARED_DIFFERENCE shapes");
    }
}

/* ---- RSQRT and ABS ---- */

static void random_shape(tnm_rng *rng, int32_t *d, int32_t *rank)
{
    int32_t i;
    *rank = tnm_rng_range(rng, 1, 6);
    for (i = 0; i < *rank; i++) d[i] = tnm_rng_range(rng, 1, *rank > 3 ? 3 : 8);
}

static void test_rsqrt(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 120 / TNM_TEST_SCALE; iter++) {
        const int32_t zi = iter % 3 == 0 ? -128 : tnm_rng_range(rng, -128, 100), zo = tnm_rng_range(rng, -128, 127);
        int32_t d[6], rank, n, i, p[4];
        uint32_t t_in, t_out, len, k;
        tnm_rsqrt_params rp;
        tnm_error err;
        int8_t *x = (int8_t *)g_x, *ref = (int8_t *)g_ref;
        random_shape(rng, d, &rank);
        n = count_of(d, rank);
        for (i = 0; i < n; i++) x[i] = (int8_t)tnm_rng_range(rng, zi, 127);
        x[0] = (int8_t)zi; /* v = 0: 127 */
        rp.input_zero_point = zi;
        rp.output_zero_point = zo;
        rp.multiplier = tnm_rng_range(rng, 1 << 30, INT32_MAX);
        rp.shift = tnm_rng_range(rng, TNM_RSQRT_MIN_SHIFT, TNM_RSQRT_MAX_SHIFT);
        CHECK_EQ(TNM_OK, tnm_rsqrt_s8(&rp, n, x, ref));
        p[0] = zi; p[1] = zo; p[2] = rp.multiplier; p[3] = rp.shift;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zi, 0.02f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, rank, d, zo, 0.05f);
        tnm_bb_layer1(&g_b, TNM_OP_RSQRT, t_in, t_out, 4, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "RSQRT") != TNM_OK) continue;
        memcpy(arena() + g_b.tensors[t_in].offset, x, (size_t)n);
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, ref, (uint32_t)n,
                               "RSQRT");
        if (zi > -128) {
            /* a value below the zero point from the model's data: refused at invoke through
             * every path, naming the layer, the value and the zero point; nothing written */
            static uint64_t plan[TNM_PREPARED_LAYER_BYTES / 8u];
            const int32_t where = tnm_rng_range(rng, 0, n - 1), bad = tnm_rng_range(rng, -128, zi - 1);
            uint8_t *out = arena() + g_b.tensors[t_out].offset;
            char msg[256];
            int path;
            memcpy(arena() + g_b.tensors[t_in].offset, x, (size_t)n);
            arena()[g_b.tensors[t_in].offset + (uint32_t)where] = (uint8_t)(int8_t)bad;
            CHECK_EQ(TNM_OK, tnm_layer_prepare(blob(), len, 0, plan, sizeof plan, &err));
            for (path = 0; path < 3; path++) {
                tnm_status st;
                memset(out, 0x5A, (size_t)n);
                memset(&err, 0, sizeof err);
                st = path == 0   ? tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err)
                     : path == 1 ? tnm_layer_invoke_readonly(blob(), len, arena(), sizeof g_arena_words, 0, &err)
                                 : tnm_layer_invoke_prepared(blob(), len, arena(), sizeof g_arena_words, 0, plan,
                                                             sizeof plan, &err);
                CHECK_EQ(TNM_ERR_ARGUMENT, st);
                CHECK_EQ(TNM_FIELD_LAYER_INPUT_VALUE, err.field);
                CHECK_EQ(0, err.index);
                CHECK_EQ(bad, err.value);
                CHECK_EQ(zi, err.limit);
                for (k = 0; k < (uint32_t)n; k++) CHECK_EQ(0x5A, out[k]);
            }
            tnm_error_format(&err, msg, sizeof msg);
            CHECK(strstr(msg, "layer 0 reads input value") != NULL);
            CHECK(strstr(msg, "below its zero point") != NULL);
        }
        if (iter < 24) {
            expect_param_error(len, 0, zi + 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 1, zo == 127 ? 126 : zo + 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 2, 5, TNM_FIELD_LAYER_MULTIPLIER);
            expect_param_error(len, 3, TNM_RSQRT_MAX_SHIFT + 1, TNM_FIELD_PARAM(TNM_OP_RSQRT, 3));
            expect_param_error(len, 3, TNM_RSQRT_MIN_SHIFT - 1, TNM_FIELD_PARAM(TNM_OP_RSQRT, 3));
        }
    }
    {
        /* refused: int16 (TFLM's RSQRT takes int8 only), another output shape */
        const int32_t d[2] = {2, 3}, d2[2] = {3, 2};
        const int32_t p[4] = {0, 0, 1 << 30, 0};
        uint32_t t_in, t_out, len;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.001f);
        tnm_bb_layer1(&g_b, TNM_OP_RSQRT, t_in, t_out, 4, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        tnm_test_expect_refused(blob(), len, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, "RSQRT int16");
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d2, 0, 0.001f);
        tnm_bb_layer1(&g_b, TNM_OP_RSQRT, t_in, t_out, 4, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        tnm_test_expect_refused(blob(), len, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, "RSQRT shapes");
    }
}

static void test_abs(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 120 / TNM_TEST_SCALE; iter++) {
        const int int16 = iter % 2;
        const int32_t type = int16 ? TNM_TYPE_INT16 : TNM_TYPE_INT8, es = int16 ? 2 : 1;
        const int32_t zi = int16 ? 0 : tnm_rng_range(rng, -128, 127), zo = int16 ? 0 : tnm_rng_range(rng, -128, 127);
        const float si = 0.001f * (float)tnm_rng_range(rng, 1, 100);
        const float so = iter % 4 < 2 ? si : 0.001f * (float)tnm_rng_range(rng, 1, 100);
        int32_t d[6], rank, n, i, p[5];
        uint32_t t_in, t_out, len;
        tnm_abs_params ap;
        random_shape(rng, d, &rank);
        n = count_of(d, rank);
        for (i = 0; i < n; i++) put(g_x, int16, i, int16 ? tnm_rng_range(rng, -32768, 32767) : tnm_rng_range(rng, -128, 127));
        put(g_x, int16, 0, int16 ? -32768 : -128);
        ap.input_zero_point = zi;
        ap.output_zero_point = zo;
        ap.rescale = si != so;
        ap.multiplier = ap.shift = 0;
        if (ap.rescale) {
            volatile float ratio = si / so;
            int shift;
            ref_quantize_multiplier((double)ratio, &ap.multiplier, &shift);
            ap.shift = shift;
        }
        CHECK_EQ(TNM_OK, int16 ? tnm_abs_s16(&ap, n, g_x, g_ref) : tnm_abs_s8(&ap, n, (const int8_t *)g_x, (int8_t *)g_ref));
        p[0] = zi; p[1] = zo; p[2] = ap.rescale; p[3] = ap.multiplier; p[4] = ap.shift;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, type, rank, d, zi, si);
        t_out = tnm_bb_tensor_auto(&g_b, type, rank, d, zo, so);
        tnm_bb_layer1(&g_b, TNM_OP_ABS, t_in, t_out, 5, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        if (tnm_test_check_model(blob(), len, "ABS") != TNM_OK) continue;
        memcpy(arena() + g_b.tensors[t_in].offset, g_x, (size_t)(n * es));
        tnm_test_invoke_layer0(blob(), len, arena(), sizeof g_arena_words, g_b.tensors[t_out].offset, g_ref,
                               (uint32_t)(n * es), int16 ? "ABS int16" : "ABS");
        if (iter < 24) {
            expect_param_error(len, 0, zi == 127 ? 126 : zi + 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 1, zo == -128 ? -127 : zo - 1, TNM_FIELD_LAYER_ZERO_POINT);
            expect_param_error(len, 2, !ap.rescale, TNM_FIELD_PARAM(TNM_OP_ABS, 2));
            expect_param_error(len, 3, 7, TNM_FIELD_LAYER_MULTIPLIER);
            expect_param_error(len, 4, 31, TNM_FIELD_LAYER_SHIFT);
        }
    }
    {
        /* refused: an int16 zero point but 0, an int8 input with an int16 output */
        const int32_t d[2] = {2, 3};
        const int32_t p[5] = {0, 0, 0, 0, 0};
        uint32_t t_in, t_out, len;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 4, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 4, 0.001f);
        tnm_bb_layer1(&g_b, TNM_OP_ABS, t_in, t_out, 5, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        tnm_test_expect_refused(blob(), len, TNM_ERR_FORMAT, TNM_FIELD_TENSOR_ZERO_POINT, "ABS int16 zero point");
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, d, 0, 0.001f);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT16, 2, d, 0, 0.001f);
        tnm_bb_layer1(&g_b, TNM_OP_ABS, t_in, t_out, 5, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        tnm_test_expect_refused(blob(), len, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OUTPUT_TYPE, "ABS int8 to int16");
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 5301);
    test_squared_difference(&rng);
    test_rsqrt(&rng);
    test_abs(&rng);
    return tnm_test_finish("test_runtime_elementwise_math");
}
