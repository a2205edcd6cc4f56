/*
 * Strip layers (layer flag TNM_LAYER_STRIP, tnm_model.h: the row strips of patch-based
 * execution). CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D and MAX_POOL_2D over random shapes
 * run through the runtime (so through this build's kernels: portable, Cortex-M DSP, RV32 on
 * the emulated cores) against a naive reference written here:
 *   - random asymmetric padding (explicit geometry): top pad in [0, eff - 1], any output
 *     height whose windows all touch the input (bottom padding in [0, eff - 1]), and in half
 *     the cases the same for the columns (the convolutions of a lowered TRANSPOSE_CONV);
 *   - row strips of a random SAME/VALID layer cut as the compiler cuts them (input rows the
 *     strip's windows read, top pad what is left of the layer's), against the full layer's rows;
 * and malformed strips refused naming the field: pad beyond the window, an output row whose
 * window lies below the input, in-place bits without TNM_LAYER_IN_PLACE, an unknown bit; the
 * same geometry without the flag is refused as before (not SAME/VALID).
 */
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"
#include "test_kernels_ref.h"
#include "tnm_blob_builder.h"
#include "tnm_test.h"
#include "tnm_test_conv.h"

enum { OP_CONV, OP_DW, OP_AVG, OP_MAX };

static tnm_bb g_b;
static uint32_t g_blob_words[8192];
static uint32_t g_arena_words[8192];
static int8_t g_in[4096], g_ref[4096], g_full[8192];
static int32_t g_ran, g_strips, g_refused;

static uint8_t *blob_bytes(void) { return (uint8_t *)g_blob_words; }

/* One random layer: its op, geometry (cp: strides, dilations, pads, offsets, activation),
 * shapes and constants. */
typedef struct {
    int op;
    tnm_conv_params cp;
    tnm_dims in, out, filter;
    int32_t fh, fw, zp_in, zp_out;
    int32_t multipliers[64], bias[64];
    int8_t shifts[64], weights[4096];
    uint8_t bias_bytes[256];
    int with_bias;
} layer_case;

static int32_t eff_h(const layer_case *k) { return (k->fh - 1) * k->cp.dilation_h + 1; }
static int32_t eff_w(const layer_case *k) { return (k->fw - 1) * k->cp.dilation_w + 1; }
/* the widest output whose windows all touch the input, at k's left pad */
static int32_t most_w(const layer_case *k) { return (k->in.w - 1 + k->cp.pad_w) / k->cp.stride_w + 1; }

/* The naive reference of output rows [0, out_h) of k over input x (rows of k->in). */
static void naive(const layer_case *k, const int8_t *x, const tnm_dims *in, int32_t out_h, int32_t pad_h,
                  int8_t *y)
{
    const tnm_conv_params *cp = &k->cp;
    int32_t oy, ox, oc, ky, kx, c;
    for (oy = 0; oy < out_h; oy++) {
        for (ox = 0; ox < k->out.w; ox++) {
            for (oc = 0; oc < k->out.c; oc++) {
                int64_t acc = 0;
                int32_t count = 0, best = -128, v;
                for (ky = 0; ky < k->fh; ky++) {
                    const int32_t iy = oy * cp->stride_h - pad_h + ky * (k->op <= OP_DW ? cp->dilation_h : 1);
                    if (iy < 0 || iy >= in->h) continue;
                    for (kx = 0; kx < k->fw; kx++) {
                        const int32_t ix = ox * cp->stride_w - cp->pad_w + kx * (k->op <= OP_DW ? cp->dilation_w : 1);
                        const int8_t *px;
                        if (ix < 0 || ix >= in->w) continue;
                        px = x + ((size_t)iy * in->w + ix) * in->c;
                        if (k->op == OP_CONV) {
                            for (c = 0; c < in->c; c++)
                                acc += (int64_t)(px[c] + cp->input_offset) *
                                       k->weights[((oc * k->fh + ky) * k->fw + kx) * in->c + c];
                        } else if (k->op == OP_DW) {
                            acc += (int64_t)(px[oc / cp->depth_multiplier] + cp->input_offset) *
                                   k->weights[(ky * k->fw + kx) * k->out.c + oc];
                        } else {
                            acc += px[oc];
                            count++;
                            if (px[oc] > best) best = px[oc];
                        }
                    }
                }
                if (k->op <= OP_DW) {
                    if (k->with_bias) acc += k->bias[oc];
                    v = ref_mbqm((int32_t)acc, k->multipliers[oc], k->shifts[oc]) + cp->output_offset;
                } else if (k->op == OP_AVG) {
                    v = (int32_t)(acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count);
                } else {
                    v = best;
                }
                y[((size_t)oy * k->out.w + ox) * k->out.c + oc] = (int8_t)ref_clamp(v, cp->act_min, cp->act_max);
            }
        }
    }
}

/* A random layer; rows of the input and output are left to the caller (k->in.h is the
 * full layer's, k->out.h what SAME or VALID gives). Returns 0 when the shapes do not fit. */
static int random_layer(tnm_rng *rng, layer_case *k)
{
    int32_t sh, sw, dh, dw, dm, same;
    memset(k, 0, sizeof *k);
    k->op = (int)tnm_rng_range(rng, 0, 3);
    k->fh = tnm_rng_range(rng, 1, 5);
    k->fw = tnm_rng_range(rng, 1, 3);
    sh = tnm_rng_range(rng, 1, 3);
    sw = tnm_rng_range(rng, 1, 2);
    dh = k->op <= OP_DW && tnm_rng_range(rng, 0, 3) == 0 ? 2 : 1;
    dw = k->op <= OP_DW && tnm_rng_range(rng, 0, 3) == 0 ? 2 : 1;
    dm = k->op == OP_DW && tnm_rng_range(rng, 0, 3) == 0 ? 2 : 1;
    same = (int)tnm_rng_range(rng, 0, 1);
    k->in.n = k->out.n = 1;
    k->in.h = tnm_rng_range(rng, 1, 14);
    k->in.w = tnm_rng_range(rng, 1, 9);
    /* channel counts that hit the targets' 4-channel paths, and odd ones */
    k->in.c = tnm_rng_range(rng, 0, 1) ? 4 * tnm_rng_range(rng, 1, 4) : tnm_rng_range(rng, 1, 9);
    k->out.c = k->op == OP_CONV ? (tnm_rng_range(rng, 0, 1) ? 4 * tnm_rng_range(rng, 1, 4) : tnm_rng_range(rng, 1, 9))
                                : k->in.c * dm;
    if (k->in.h * k->in.w * k->in.c > 1536 || k->out.c > 64) return 0;
    if (!tnm_test_conv_geometry(&k->in, k->fh, k->fw, sh, sw, dh, dw, dm, same, &k->cp, &k->out)) return 0;
    if (k->out.h * k->out.w * k->out.c > 4096) return 0;
    k->zp_in = tnm_rng_range(rng, -128, 127);
    k->zp_out = k->op <= OP_DW ? tnm_rng_range(rng, -128, 127) : k->zp_in;
    if (k->op <= OP_DW) {
        if (tnm_test_conv_constants(rng, k->op == OP_DW, k->zp_in, k->zp_out, k->fh, k->fw, &k->in, &k->out,
                                    &k->cp, &k->filter, k->weights, k->multipliers, k->shifts, k->bias,
                                    k->bias_bytes) > 4096)
            return 0;
        k->with_bias = (int)tnm_rng_range(rng, 0, 1);
    } else {
        k->cp.input_offset = k->cp.output_offset = 0;
        k->cp.act_min = tnm_rng_range(rng, 0, 1) ? -128 : tnm_rng_range(rng, -128, 0);
        k->cp.act_max = tnm_rng_range(rng, 0, 1) ? 127 : tnm_rng_range(rng, k->cp.act_min, 127);
    }
    return 1;
}

/* A one-layer blob of k with input rows in_h, output rows out_h and top pad pad_h, flagged
 * `flags`; its length, 0 when it does not fit. */
static uint32_t layer_blob(const layer_case *k, int32_t in_h, int32_t out_h, int32_t pad_h, uint32_t flags)
{
    const int32_t dims_in[4] = {1, in_h, k->in.w, k->in.c}, dims_out[4] = {1, out_h, k->out.w, k->out.c};
    tnm_conv_params cp = k->cp;
    uint32_t t_in, t_out, len;
    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims_in, k->zp_in, 0.5f);
    t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims_out, k->zp_out, k->op <= OP_DW ? 0.25f : 0.5f);
    cp.pad_h = pad_h;
    if (k->op <= OP_DW) {
        tnm_test_bb_conv_layer(&g_b, k->op == OP_DW, t_in, t_out, &cp, &k->filter, k->weights,
                               k->with_bias ? k->bias_bytes : NULL, k->multipliers, k->shifts, k->out.c);
    } else {
        /* the 13-word layout: offsets, activation, strides, pads, dilations, filter, multiplier */
        const int32_t p[13] = {0, 0, cp.act_min, cp.act_max, cp.stride_h, cp.stride_w, cp.pad_h, cp.pad_w,
                               0, 0, k->fh, k->fw, 0};
        tnm_bb_layer_add(&g_b, k->op == OP_AVG ? TNM_OP_AVERAGE_POOL_2D : TNM_OP_MAX_POOL_2D, t_in, TNM_NO_TENSOR,
                         t_out, p);
    }
    tnm_bb_input(&g_b, t_in);
    tnm_bb_output(&g_b, t_out);
    len = tnm_bb_finish(&g_b, blob_bytes(), sizeof g_blob_words);
    if (len == 0) return 0;
    tnm_bb_put_u16(blob_bytes() + tnm_bb_layer_record(blob_bytes(), 0) + 6, flags);
    tnm_bb_fix_crc(blob_bytes(), len);
    return len;
}

/* Runs the blob on input x (in_h rows) and compares its output with expected (out_h rows). */
static void run_and_compare(const layer_case *k, uint32_t len, const int8_t *x, int32_t in_h, int32_t out_h,
                            const int8_t *expected, int32_t pad_h, const char *what)
{
    const size_t in_bytes = (size_t)in_h * k->in.w * k->in.c, out_bytes = (size_t)out_h * k->out.w * k->out.c;
    const uint8_t *out_at;
    tnm_error err;
    tnm_status st = tnm_model_check(blob_bytes(), len, &err);
    CHECK_EQ(TNM_OK, st);
    if (st != TNM_OK) return;
    memset(g_arena_words, 0x5A, sizeof g_arena_words);
    memcpy((uint8_t *)g_arena_words + tnm_bb_get_u32(blob_bytes() + tnm_bb_tensor_record(blob_bytes(), 0) + TNM_BB_T_OFFSET),
           x, in_bytes);
    st = tnm_layer_invoke(blob_bytes(), len, (uint8_t *)g_arena_words, sizeof g_arena_words, 0, &err);
    CHECK_EQ(TNM_OK, st);
    out_at = (const uint8_t *)g_arena_words + tnm_bb_get_u32(blob_bytes() + tnm_bb_tensor_record(blob_bytes(), 1) + TNM_BB_T_OFFSET);
    if (memcmp(out_at, expected, out_bytes) != 0) {
        fprintf(stderr, "%s: op %d in %dx%dx%d out %dx%dx%d filter %dx%d stride %d dil %d pad_h %d: differs\n", what,
                k->op, (int)in_h, (int)k->in.w, (int)k->in.c, (int)out_h, (int)k->out.w, (int)k->out.c, (int)k->fh,
                (int)k->fw, (int)k->cp.stride_h, (int)k->cp.dilation_h, (int)pad_h);
        CHECK(0);
    }
}

static void expect_refused(uint32_t len, tnm_field field, int32_t value, int32_t limit, const char *what)
{
    tnm_error err;
    const tnm_status st = tnm_model_check(blob_bytes(), len, &err);
    if (st != TNM_ERR_FORMAT || err.field != (int32_t)field || err.index != 0 || err.value != value || err.limit != limit)
        fprintf(stderr, "%s: status %d field %d value %d limit %d\n", what, (int)st, (int)err.field, (int)err.value,
                (int)err.limit);
    CHECK_EQ(TNM_ERR_FORMAT, st);
    CHECK_EQ((int32_t)field, (int32_t)err.field);
    CHECK_EQ(0, err.index);
    CHECK_EQ(value, err.value);
    CHECK_EQ(limit, err.limit);
    g_refused++;
}

/* Any top pad and height whose windows touch the input, against the naive reference; the
 * malformed variants refused. */
static void test_asymmetric(tnm_rng *rng, int cases)
{
    layer_case k;
    int done = 0;
    while (done < cases) {
        int32_t pad_h, most, out_h;
        uint32_t len;
        if (!random_layer(rng, &k)) continue;
        pad_h = tnm_rng_range(rng, 0, eff_h(&k) - 1);
        most = (k.in.h - 1 + pad_h) / k.cp.stride_h + 1;
        out_h = tnm_rng_range(rng, 1, most);
        if (tnm_rng_range(rng, 0, 1)) { /* the columns too (a TRANSPOSE_CONV phase) */
            k.cp.pad_w = tnm_rng_range(rng, 0, eff_w(&k) - 1);
            k.out.w = tnm_rng_range(rng, 1, most_w(&k));
        }
        if (out_h * k.out.w * k.out.c > 4096) continue;
        tnm_test_fill_s8(rng, g_in, k.in.h * k.in.w * k.in.c);
        naive(&k, g_in, &k.in, out_h, pad_h, g_ref);
        len = layer_blob(&k, k.in.h, out_h, pad_h, TNM_LAYER_STRIP);
        CHECK(len > 0);
        if (len == 0) return;
        run_and_compare(&k, len, g_in, k.in.h, out_h, g_ref, pad_h, "asymmetric");
        done++;
        g_ran++;
        if (done % 8 != 0) continue;
        /* malformed: pad beyond the window, a row past the input, bits */
        len = layer_blob(&k, k.in.h, out_h, eff_h(&k), TNM_LAYER_STRIP);
        expect_refused(len, TNM_FIELD_LAYER_PADDING, eff_h(&k), eff_h(&k) - 1, "pad = eff");
        if ((most + 1) * k.out.w * k.out.c <= 4096) {
            len = layer_blob(&k, k.in.h, most + 1, pad_h, TNM_LAYER_STRIP);
            expect_refused(len, TNM_FIELD_LAYER_SHAPE, most + 1, most, "a window below the input");
        }
        if (out_h * (most_w(&k) + 1) * k.out.c <= 4096) {
            layer_case wide = k;
            wide.out.w = most_w(&k) + 1;
            len = layer_blob(&wide, k.in.h, out_h, pad_h, TNM_LAYER_STRIP);
            expect_refused(len, TNM_FIELD_LAYER_SHAPE, wide.out.w, most_w(&k), "a window right of the input");
        }
        {
            layer_case left = k;
            left.cp.pad_w = eff_w(&k);
            len = layer_blob(&left, k.in.h, out_h, pad_h, TNM_LAYER_STRIP);
            expect_refused(len, TNM_FIELD_LAYER_PADDING, eff_w(&k), eff_w(&k) - 1, "left pad = eff");
        }
        len = layer_blob(&k, k.in.h, out_h, pad_h, TNM_LAYER_STRIP | TNM_LAYER_IN_PLACE_REVERSE);
        expect_refused(len, TNM_FIELD_LAYER_FLAGS, TNM_LAYER_STRIP | TNM_LAYER_IN_PLACE_REVERSE, -1, "reverse alone");
        len = layer_blob(&k, k.in.h, out_h, pad_h, TNM_LAYER_STRIP | 16u);
        expect_refused(len, TNM_FIELD_LAYER_FLAGS, TNM_LAYER_STRIP | 16, -1, "unknown bit");
    }
}

/* Strips of a SAME/VALID layer as the compiler cuts them: output rows [a, b) read input rows
 * [max(0, a * s - p), min(h, (b - 1) * s - p + eff)); the strip's top pad is the rest of p. */
static void test_strips(tnm_rng *rng, int cases)
{
    layer_case k;
    int done = 0;
    while (done < cases) {
        int32_t a, b, lo, hi, pad;
        uint32_t len;
        if (!random_layer(rng, &k) || k.out.h < 2) continue;
        tnm_test_fill_s8(rng, g_in, k.in.h * k.in.w * k.in.c);
        naive(&k, g_in, &k.in, k.out.h, k.cp.pad_h, g_full);
        a = tnm_rng_range(rng, 0, k.out.h - 1);
        b = tnm_rng_range(rng, a + 1, k.out.h);
        lo = a * k.cp.stride_h - k.cp.pad_h;
        if (lo < 0) lo = 0;
        hi = (b - 1) * k.cp.stride_h - k.cp.pad_h + eff_h(&k);
        if (hi > k.in.h) hi = k.in.h;
        pad = lo - (a * k.cp.stride_h - k.cp.pad_h);
        len = layer_blob(&k, hi - lo, b - a, pad, TNM_LAYER_STRIP);
        CHECK(len > 0);
        if (len == 0) return;
        run_and_compare(&k, len, g_in + (size_t)lo * k.in.w * k.in.c, hi - lo, b - a,
                        g_full + (size_t)a * k.out.w * k.out.c, pad, "strip");
        /* without the flag: refused unless the strip happens to be SAME or VALID geometry */
        if (tnm_rng_range(rng, 0, 3) == 0) {
            tnm_error err;
            tnm_status st;
            int32_t out_same, pad_same, out_valid, pad_valid;
            len = layer_blob(&k, hi - lo, b - a, pad, 0);
            st = tnm_model_check(blob_bytes(), len, &err);
            tnm_test_window(hi - lo, k.fh, k.cp.stride_h, k.op <= OP_DW ? k.cp.dilation_h : 1, 1, &out_same, &pad_same);
            if (!tnm_test_window(hi - lo, k.fh, k.cp.stride_h, k.op <= OP_DW ? k.cp.dilation_h : 1, 0, &out_valid, &pad_valid))
                out_valid = -1;
            if (!((out_same == b - a && pad_same == pad) || (out_valid == b - a && pad == 0))) {
                CHECK_EQ(TNM_ERR_FORMAT, st);
                CHECK(err.field == TNM_FIELD_LAYER_SHAPE || err.field == TNM_FIELD_LAYER_PADDING);
                g_refused++;
            }
        }
        done++;
        g_strips++;
    }
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 20261203u);
    test_asymmetric(&rng, 400);
    test_strips(&rng, 400);
    printf("strips: %d asymmetric layers and %d strips ran bit-exact, %d malformed refused\n", (int)g_ran,
           (int)g_strips, (int)g_refused);
    CHECK(g_refused > 150);
    return tnm_test_finish("test_runtime_strips");
}
