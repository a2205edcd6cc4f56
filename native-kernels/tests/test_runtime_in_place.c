/*
 * In-place CONV_2D and DEPTHWISE_CONV_2D (layer flag TNM_LAYER_IN_PLACE, tnm_model.h): random
 * shapes (pointwise, 3x3, strided, dilated, padded, channel counts that hit the fast paths),
 * the output placed over the input as close as the rule allows, rows in order or last to
 * first. The in-place layer must give exactly the bytes of a direct kernel call on an intact
 * copy of the input; one alignment step closer, the check must refuse the flag naming it
 * (TNM_FIELD_LAYER_FLAGS); so must a batch of 2 and a flag on another operator.
 */
#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_test.h"
#include "tnm_test_conv.h"

#define ARENA_WORDS 8192
#define BLOB_WORDS 8192

static tnm_bb g_b;
static uint32_t g_blob_words[BLOB_WORDS];
static uint32_t g_arena_words[ARENA_WORDS];
static uint32_t g_ref_words[ARENA_WORDS / 2];
static uint32_t g_in_words[ARENA_WORDS / 2];
static uint32_t g_scratch_words[2048];

static uint8_t *blob_bytes(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena_bytes(void) { return (uint8_t *)g_arena_words; }

/* The smallest shifts (bytes, multiple of 4) for bands of `band` output rows (or pixels):
 * output = input - down with bands in order, input + up with bands last to first; 0 when
 * some band's window holds no input row. */
static int shifts(const tnm_dims *in, const tnm_dims *out, int32_t stride, int32_t pad,
                  int32_t dilation, int32_t fh, int32_t band, int pixels, int32_t *down, int32_t *up);

/* DEPTHWISE_CONV_2D rows may come closer (tnm_model.h): no output row over input rows after
 * the last one it reads (in order; reverse: before the first). The smallest such shifts,
 * possibly negative (the output then starts past the input in the call's direction). */
static void row_shifts(const tnm_dims *in, const tnm_dims *out, int32_t stride, int32_t pad,
                       int32_t dilation, int32_t fh, int32_t *down, int32_t *up)
{
    const int32_t ri = in->w * in->c, ro = out->w * out->c;
    int32_t u, d = INT32_MIN, v = INT32_MIN;
    for (u = 0; u < out->h; u++) {
        int32_t lo = u * stride - pad, hi = u * stride - pad + (fh - 1) * dilation;
        if (lo < 0) lo = 0;
        if (hi > in->h - 1) hi = in->h - 1;
        if (ro * (u + 1) - ri * (hi + 1) > d) d = ro * (u + 1) - ri * (hi + 1);
        if (ri * lo - ro * u > v) v = ri * lo - ro * u;
    }
    *down = d >= 0 ? (d + 3) & ~3 : -(-d & ~3);
    *up = v >= 0 ? (v + 3) & ~3 : -(-v & ~3);
}

static int shifts(const tnm_dims *in, const tnm_dims *out, int32_t stride, int32_t pad,
                  int32_t dilation, int32_t fh, int32_t band, int pixels, int32_t *down, int32_t *up)
{
    const int32_t ri = pixels ? in->c : in->w * in->c, ro = pixels ? out->c : out->w * out->c;
    const int32_t units = pixels ? out->h * out->w : out->h;
    int32_t u0, d = 0, u = 0;
    for (u0 = 0; u0 < units; u0 += band) {
        const int32_t u1 = u0 + band < units ? u0 + band : units;
        int32_t lo = pixels ? u0 : u0 * stride - pad;
        int32_t hi = pixels ? u1 - 1 : (u1 - 1) * stride - pad + (fh - 1) * dilation;
        if (lo < 0) lo = 0;
        if (hi > (pixels ? units : in->h) - 1) hi = (pixels ? units : in->h) - 1;
        if (lo > hi) return 0;
        if (ro * u1 - ri * lo > d) d = ro * u1 - ri * lo;
        if (ri * (hi + 1) - ro * u0 > u) u = ri * (hi + 1) - ro * u0;
    }
    *down = (d + 3) & ~3;
    *up = (u + 3) & ~3;
    return 1;
}

static void set_flags(uint32_t len, uint32_t flags)
{
    tnm_bb_put_u16(blob_bytes() + tnm_bb_layer_record(blob_bytes(), 0) + 6, flags);
    tnm_bb_fix_crc(blob_bytes(), len);
}

static int g_ran, g_refused, g_rows;

/* rows = 1: 3x3 depthwise (depth multiplier 1, channels a multiple of 4, up to 64, rows up
 * to 20 wide), the output a whole number of pixels from the input: the
 * shapes the runtime runs in one row-ordered call (tnm_depthwise_conv_s8_rows). */
/* The largest scratch of the depthwise bands of `band` output rows (the runtime queries each
 * band, tnm_op_conv.c in_place_plan; the blob builder sizes the whole call's only, and a band
 * may need more: the Cortex-M padded copy takes small images). */
static uint32_t band_scratch(const tnm_dims *in, const tnm_dims *filter, const tnm_dims *out, const tnm_conv_params *cp,
                             int32_t band)
{
    uint32_t best = 0;
    int32_t u0;
    for (u0 = 0; u0 < out->h; u0 += band) {
        const int32_t u1 = u0 + band < out->h ? u0 + band : out->h;
        const int32_t first = u0 * cp->stride_h - cp->pad_h;
        const int32_t last = (u1 - 1) * cp->stride_h - cp->pad_h + (filter->h - 1) * cp->dilation_h;
        const int32_t lo = first < 0 ? 0 : first > in->h ? in->h : first, hi = last > in->h - 1 ? in->h - 1 : last;
        tnm_dims bi = *in, bo = *out;
        int32_t need;
        if (hi < lo) continue;
        bi.h = hi - lo + 1;
        bo.h = u1 - u0;
        need = tnm_depthwise_conv_s8_scratch_size(&bi, filter, &bo);
        if (need > 0 && (uint32_t)need > best) best = ((uint32_t)need + 3u) & ~3u;
    }
    return best;
}

static void test_random(tnm_rng *rng, int rows)
{
    int iter;
    for (iter = 0; iter < 400; iter++) {
        const int depthwise = rows ? 1 : (int)tnm_rng_range(rng, 0, 1);
        const int kind = rows ? 1 : (int)tnm_rng_range(rng, 0, 2); /* 0 pointwise, 1 3x3, 2 random */
        tnm_dims in, out, filter;
        tnm_conv_params cp;
        tnm_quant q;
        int32_t fh = kind == 0 ? 1 : kind == 1 ? 3 : tnm_rng_range(rng, 1, 4);
        int32_t fw = kind == 0 ? 1 : kind == 1 ? 3 : tnm_rng_range(rng, 1, 4);
        int32_t sh = kind == 0 ? 1 : tnm_rng_range(rng, 1, 2), sw = kind == 0 ? 1 : tnm_rng_range(rng, 1, 2);
        int32_t dh = kind == 2 ? tnm_rng_range(rng, 1, 2) : 1, dw = kind == 2 ? tnm_rng_range(rng, 1, 2) : 1;
        int32_t dm = depthwise && kind == 2 ? tnm_rng_range(rng, 1, 2) : 1;
        int same = kind == 0 ? 0 : (int)tnm_rng_range(rng, 0, 1), with_bias = (int)tnm_rng_range(rng, 0, 1);
        int32_t zp_in = tnm_rng_range(rng, -128, 127), zp_out = tnm_rng_range(rng, -128, 127);
        int32_t multipliers[64], bias[64], down, up, extra, shift;
        int8_t shifts_q[64], weights[4096];
        uint8_t bias_bytes[256];
        uint32_t t_in, t_out, len, in_at, out_at, flags;
        int32_t dims_in[4], dims_out[4];
        const int reverse = (int)tnm_rng_range(rng, 0, 1);
        const int pixels_drawn = kind == 0 && (int)tnm_rng_range(rng, 0, 1);
        const int pixels = pixels_drawn && !depthwise; /* DEPTHWISE_CONV_2D: rows only */
        const int32_t band = tnm_rng_range(rng, 0, 1) ? 1 : tnm_rng_range(rng, 1, pixels ? 40 : 6);
        tnm_error err;
        tnm_status st;

        in.n = 1;
        in.h = tnm_rng_range(rng, 1, 12);
        /* rows: now and then wide enough for several of rv32's planes */
        in.w = tnm_rng_range(rng, 1, rows ? (tnm_rng_range(rng, 0, 3) == 0 ? 64 : 20) : 10);
        in.c = rows ? 4 * tnm_rng_range(rng, 1, 16)
                    : tnm_rng_range(rng, 0, 1) ? 4 * tnm_rng_range(rng, 1, 4) : tnm_rng_range(rng, 1, 9);
        /* rows: now and then a streaming model's newest frame, a k x 1 filter over k rows of one
         * column: one output pixel (the Cortex-M kernel's direct path in place) */
        if (rows && tnm_rng_range(rng, 0, 3) == 0) {
            fh = tnm_rng_range(rng, 2, 13);
            fw = sh = sw = dh = dw = 1;
            same = 0;
            in.h = fh;
            in.w = 1;
        }
        if (in.h * in.w * in.c > 8192) continue;
        out.n = 1;
        out.c = depthwise ? in.c * dm : (tnm_rng_range(rng, 0, 1) ? in.c : tnm_rng_range(rng, 1, 16));
        if (!tnm_test_conv_geometry(&in, fh, fw, sh, sw, dh, dw, dm, same, &cp, &out)) continue;
        if (!shifts(&in, &out, sh, cp.pad_h, dh, fh, band, pixels, &down, &up)) continue;
        /* depthwise rows: as close as the row rule allows, or (half the time) the bands' rule */
        if (depthwise && !pixels && tnm_rng_range(rng, 0, 1)) row_shifts(&in, &out, sh, cp.pad_h, dh, fh, &down, &up);
        /* pointwise pixels in order: no output pixel over input pixels after it (possibly
         * negative: the output then starts past the input) */
        if (pixels && tnm_rng_range(rng, 0, 1)) {
            const int32_t d = (out.c - in.c) * (out.c > in.c ? out.h * out.w : 1);
            down = d >= 0 ? (d + 3) & ~3 : -(-d & ~3);
        }
        tnm_test_conv_constants(rng, depthwise, zp_in, zp_out, fh, fw, &in, &out, &cp, &filter,
                                weights, multipliers, shifts_q, bias, bias_bytes);

        /* the reference: a direct call on an intact copy of the input */
        tnm_test_fill_s8(rng, (int8_t *)g_in_words, in.h * in.w * in.c);
        q.multiplier = multipliers;
        q.shift = shifts_q;
        st = depthwise ? tnm_depthwise_conv_s8(&cp, &q, &in, (const int8_t *)g_in_words, &filter, weights,
                                               with_bias ? bias : NULL, &out, (int8_t *)g_ref_words, g_scratch_words)
                       : tnm_conv_s8(&cp, &q, &in, (const int8_t *)g_in_words, &filter, weights,
                                     with_bias ? bias : NULL, &out, (int8_t *)g_ref_words, g_scratch_words);
        CHECK_EQ(TNM_OK, st);

        /* extra: 0 (as close as allowed), or a little farther; -4: one step too close */
        for (extra = 0; extra >= -4; extra -= 4) {
            /* rows: the nearest multiple of the channels, or one more */
            const int32_t near = reverse ? up : down;
            const int32_t more = extra != 0 ? extra
                                 : rows ? (in.c - near % in.c) % in.c + in.c * tnm_rng_range(rng, 0, 1)
                                        : 4 * tnm_rng_range(rng, 0, 2) * (tnm_rng_range(rng, 0, 3) == 0);
            shift = reverse ? up + more : -(down + more);
            in_at = shift < 0 ? (uint32_t)-shift : 0u;
            out_at = in_at + (uint32_t)shift;
            tnm_bb_init(&g_b);
            /* room for the staging of rows that the bands cannot run in place */
            g_b.arena_extra = (uint32_t)(out.h * out.w * out.c + band * out.w * out.c);
            if (depthwise && !pixels) g_b.arena_extra += band_scratch(&in, &filter, &out, &cp, band);
            if (in_at + (uint32_t)(in.h * in.w * in.c) + (uint32_t)(out.h * out.w * out.c) + g_b.arena_extra +
                    4u * 2048u > sizeof g_arena_words)
                continue;
            dims_in[0] = 1; dims_in[1] = in.h; dims_in[2] = in.w; dims_in[3] = in.c;
            dims_out[0] = 1; dims_out[1] = out.h; dims_out[2] = out.w; dims_out[3] = out.c;
            t_in = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 4, dims_in, in_at, zp_in, 0.5f);
            t_out = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 4, dims_out, out_at, zp_out, 0.25f);
            tnm_test_bb_conv_layer(&g_b, depthwise, t_in, t_out, &cp, &filter, weights,
                                   with_bias ? bias_bytes : NULL, multipliers, shifts_q, out.c);
            tnm_bb_input(&g_b, t_in);
            tnm_bb_output(&g_b, t_out);
            len = tnm_bb_finish(&g_b, blob_bytes(), sizeof g_blob_words);
            CHECK(len > 0);
            if (len == 0) return;
            flags = TNM_LAYER_IN_PLACE | (reverse ? TNM_LAYER_IN_PLACE_REVERSE : 0u) |
                    (pixels ? TNM_LAYER_IN_PLACE_PIXELS : 0u) | ((uint32_t)(band - 1) << TNM_LAYER_BAND_SHIFT);
            set_flags(len, flags);
            st = tnm_model_check(blob_bytes(), len, &err);
            /* rows (pixels) one step closer than the shifts above can still be safe (an
             * output row past the input's end): then it must run bit-exact like the others */
            if (extra < 0 && !(depthwise == !pixels && st == TNM_OK)) {
                /* one step too close: refused, naming the flags (value) and the row (limit) */
                CHECK_EQ(TNM_ERR_FORMAT, st);
                CHECK_EQ(TNM_FIELD_LAYER_FLAGS, err.field);
                CHECK_EQ(0, err.index);
                CHECK_EQ((int32_t)flags, err.value);
                CHECK(err.limit >= 0 && err.limit < (pixels ? out.h * out.w : out.h));
                g_refused++;
                /* the other direction at this place: refused too unless nothing overlaps */
                continue;
            }
            CHECK_EQ(TNM_OK, st);
            memset(arena_bytes(), 0x5A, sizeof g_arena_words);
            memcpy(arena_bytes() + in_at, g_in_words, (size_t)(in.h * in.w * in.c));
            st = tnm_layer_invoke(blob_bytes(), len, arena_bytes(), sizeof g_arena_words, 0, &err);
            CHECK_EQ(TNM_OK, st);
            if (memcmp(arena_bytes() + out_at, g_ref_words, (size_t)(out.h * out.w * out.c)) != 0) {
                fprintf(stderr, "in place %s %dx%dx%d -> %dx%dx%d filter %dx%d stride %d pad %d dil %d %s: "
                        "differs from the direct call\n", depthwise ? "DEPTHWISE" : "CONV",
                        (int)in.h, (int)in.w, (int)in.c, (int)out.h, (int)out.w, (int)out.c, (int)fh,
                        (int)fw, (int)sh, (int)cp.pad_h, (int)dh, reverse ? "reverse" : "forward");
                CHECK(0);
            }
            /* the flag cleared: the overlap is an arena error */
            set_flags(len, 0);
            st = tnm_model_check(blob_bytes(), len, &err);
            if (shift > -(int32_t)(out.h * out.w * out.c) && shift < in.h * in.w * in.c) {
                CHECK_EQ(TNM_ERR_FORMAT, st);
                CHECK_EQ(TNM_FIELD_ARENA, err.field);
            }
            g_ran++;
            g_rows += rows;
        }
    }
}

/* Finishes a one-layer blob in g_b (its two tensors added): op t_in -> t_out with params p,
 * and when w is not NULL the weights w[0 .. w_len) and 4 channels of multipliers and shifts. */
static uint32_t one_layer_blob(int32_t op, uint32_t t_in, uint32_t t_out, const int32_t *p,
                               const int8_t *w, uint32_t w_len, const int32_t *multipliers,
                               const int8_t *shifts_q)
{
    uint32_t len;
    tnm_bb_layer_add(&g_b, op, t_in, TNM_NO_TENSOR, t_out, p);
    if (w != NULL) {
        const uint32_t wo = tnm_bb_data(&g_b, w, w_len), qo = tnm_bb_quant(&g_b, multipliers, shifts_q, 4);
        tnm_bb_layer_constants(&g_b, wo, w_len, TNM_BB_NONE, qo, 4);
    }
    tnm_bb_input(&g_b, t_in);
    tnm_bb_output(&g_b, t_out);
    len = tnm_bb_finish(&g_b, blob_bytes(), sizeof g_blob_words);
    CHECK(len > 0);
    return len;
}

/* Flags the runtime must refuse whatever the placement: unknown bits, REVERSE alone, in
 * place on an operator without it, a batch of 2. */
static void test_refused(void)
{
    static const int8_t weights[4] = {1, 2, 3, 4};
    static const int32_t multipliers[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30};
    static const int8_t shifts_q[4] = {0, 0, 0, 0};
    const int32_t dims[4] = {2, 3, 3, 4}, p[13] = {0, 0, -128, 127, 1, 1, 0, 0, 1, 1, 1, 1, 1};
    const int32_t pool[13] = {0, 0, -128, 127, 1, 1, 0, 0, 0, 0, 1, 1, 0};
    uint32_t t_in, t_out, len, k;
    const uint32_t bad[3] = {16u | TNM_LAYER_IN_PLACE, TNM_LAYER_IN_PLACE_REVERSE, 0x80u | TNM_LAYER_IN_PLACE};
    tnm_error err;

    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims, 0, 0.5f);
    t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims, 0, 0.5f);
    len = one_layer_blob(TNM_OP_DEPTHWISE_CONV_2D, t_in, t_out, p, weights, 4, multipliers, shifts_q);
    CHECK_EQ(TNM_OK, tnm_model_check(blob_bytes(), len, &err));
    for (k = 0; k < 3; k++) {
        set_flags(len, bad[k]);
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob_bytes(), len, &err));
        CHECK_EQ(TNM_FIELD_LAYER_FLAGS, err.field);
        CHECK_EQ((int32_t)bad[k], err.value);
        CHECK_EQ(-1, err.limit);
    }
    /* batch 2: the rows of one image are not contiguous with the next image's */
    set_flags(len, TNM_LAYER_IN_PLACE);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob_bytes(), len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_FLAGS, err.field);
    CHECK_EQ(-1, err.limit);
    {
        char msg[256];
        CHECK(tnm_error_format(&err, msg, sizeof msg) > 0);
        CHECK(strstr(msg, "flags") != NULL);
    }

    /* pixel runs on a 3x3 convolution */
    {
        const int32_t p3[13] = {0, 0, -128, 127, 1, 1, 1, 1, 1, 1, 3, 3, 1};
        const int32_t dims1[4] = {1, 3, 3, 4};
        static const int8_t w9[36] = {0};
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 4, dims1, 1024, 0, 0.5f);
        t_out = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 4, dims1, 0, 0, 0.5f);
        len = one_layer_blob(TNM_OP_DEPTHWISE_CONV_2D, t_in, t_out, p3, w9, 36, multipliers, shifts_q);
        set_flags(len, TNM_LAYER_IN_PLACE);
        CHECK_EQ(TNM_OK, tnm_model_check(blob_bytes(), len, &err)); /* apart: fine */
        set_flags(len, TNM_LAYER_IN_PLACE | TNM_LAYER_IN_PLACE_PIXELS);
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob_bytes(), len, &err));
        CHECK_EQ(TNM_FIELD_LAYER_FLAGS, err.field);
        CHECK_EQ(-1, err.limit);
    }

    /* pixel runs on a 1x1 depthwise convolution: refused (its scratch can grow with the run) */
    {
        const int32_t dims1[4] = {1, 3, 3, 4};
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 4, dims1, 1024, 0, 0.5f);
        t_out = tnm_bb_tensor_at(&g_b, TNM_TYPE_INT8, 4, dims1, 0, 0, 0.5f);
        len = one_layer_blob(TNM_OP_DEPTHWISE_CONV_2D, t_in, t_out, p, weights, 4, multipliers, shifts_q);
        set_flags(len, TNM_LAYER_IN_PLACE);
        CHECK_EQ(TNM_OK, tnm_model_check(blob_bytes(), len, &err)); /* rows: fine */
        set_flags(len, TNM_LAYER_IN_PLACE | TNM_LAYER_IN_PLACE_PIXELS);
        CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob_bytes(), len, &err));
        CHECK_EQ(TNM_FIELD_LAYER_FLAGS, err.field);
        CHECK_EQ(-1, err.limit);
    }

    /* MAX_POOL_2D has no in-place execution */
    tnm_bb_init(&g_b);
    t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims, 0, 0.5f);
    t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 4, dims, 0, 0.5f);
    len = one_layer_blob(TNM_OP_MAX_POOL_2D, t_in, t_out, pool, NULL, 0, NULL, NULL);
    CHECK_EQ(TNM_OK, tnm_model_check(blob_bytes(), len, &err));
    set_flags(len, TNM_LAYER_IN_PLACE);
    CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob_bytes(), len, &err));
    CHECK_EQ(TNM_FIELD_LAYER_FLAGS, err.field);
    CHECK_EQ(0, err.index);
    CHECK(strcmp(tnm_field_name(TNM_FIELD_LAYER_FLAGS), "layer flags") == 0);
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 20261202u);
    test_refused();
    test_random(&rng, 0);
    test_random(&rng, 1);
    printf("in place: %d layers ran bit-exact (%d of them shapes for one row-ordered call), %d too-close placements refused\n",
           g_ran, g_rows, g_refused);
    CHECK(g_ran > 200);
    CHECK(g_rows > 150);
    CHECK(g_refused > 200);
    return tnm_test_finish("test_runtime_in_place");
}
