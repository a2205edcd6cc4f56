/*
 * DEPTHWISE_CONV_2D fast paths against the portable reference, with random cases built
 * to take them (every variant this build compiles; on the emulated cores the target's
 * own with the real instructions):
 *   - filters 1x1 to 7x7, square and not, strides 1-2 per axis (3 on an axis without
 *     dilation), dilation 1-3 (stride 1 on that axis: the dilation phases), depth
 *     multiplier 1-3, channels 4-21 (a last group of 4 overlapping the one before it),
 *     batch 1-2, SAME / VALID / uneven padding, outputs wider or taller (both
 *     orientations of the planes), block tails (outputs % 4 = 0..3);
 *   - every shift in the folded range [-23, -2], in some calls shifts outside it too
 *     (requantized in C); input offsets [-127, 128]; biases that
 *     make the accumulator wrap; a clamped activation range in some cases;
 *   - scratch exactly the variant's own size query (odd alignment, guard behind it),
 *     NULL in some cases (the generic loop);
 *   - small images with many channels (the padded copy: test_padded);
 *   - bands of rows: a call on rows [y0, y1) of the output with the input pointer at the
 *     first input row the band reads, a smaller input height and adjusted padding (how
 *     in-place execution calls the kernel) gives the same bytes as the whole call, and
 *     needs no more scratch.
 * Outputs must match byte for byte; nothing may be written past them.
 */
#include <string.h>

#include "../src/kernels/tnm_kernels_opt.h"
#include "test_kernels_ref.h"
#include "test_kernels_scratch.h"
#include "tnm/tnm_kernels.h"
#include "tnm_test_conv.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_IN 40000
#define MAX_FILTER 4000
#define MAX_OUT 40000
#define MAX_CH 256
#define GUARD 16

typedef struct {
    const char *name;
    tnm_test_conv_fn depthwise;
} variant;

static const variant g_variants[] = {
    {"public", tnm_depthwise_conv_s8},
#if TNM_HAVE_ARM_DSP_VARIANT
    {"arm_dsp", tnm_depthwise_conv_s8_arm_dsp},
#endif
#if TNM_HAVE_RV32_VARIANT
    {"rv32", tnm_depthwise_conv_s8_rv32},
#endif
};
#define VARIANTS ((int)(sizeof g_variants / sizeof g_variants[0]))

static int8_t g_in[MAX_IN], g_filter[MAX_FILTER];
static int8_t g_expected[MAX_OUT], g_out[MAX_OUT + GUARD];
static int32_t g_bias[MAX_CH], g_mult[MAX_CH];
static int8_t g_shift[MAX_CH];
static long g_compared, g_cases, g_bands, g_clamped_cases;

static int32_t span_of(int32_t f, int32_t d) { return (f - 1) * d + 1; }

/* One axis: stride, dilation, padding and the output size for input size in. */
static int axis(tnm_rng *rng, int32_t in, int32_t f, int32_t *s, int32_t *d, int32_t *pad,
                int32_t *out)
{
    int32_t after;
    *d = tnm_rng_range(rng, 0, 4) == 0 ? tnm_rng_range(rng, 2, 3) : 1;
    *s = *d > 1 ? 1 : (tnm_rng_range(rng, 0, 9) == 0 ? 3 : tnm_rng_range(rng, 1, 2));
    switch (tnm_rng_range(rng, 0, 2)) {
    case 0: { /* SAME */
        const int32_t o = (in + *s - 1) / *s, tot = (o - 1) * *s + span_of(f, *d) - in;
        *pad = tot > 0 ? tot / 2 : 0;
        after = tot > 0 ? tot - *pad : 0;
        break;
    }
    case 1: *pad = after = 0; break; /* VALID */
    default:
        *pad = tnm_rng_range(rng, 0, span_of(f, *d) - 1);
        after = tnm_rng_range(rng, 0, span_of(f, *d) - 1);
        break;
    }
    {
        const int32_t room = in + *pad + after - span_of(f, *d);
        *out = room < 0 ? 0 : room / *s + 1;
    }
    return *out >= 1;
}

static int random_case(tnm_rng *rng, tnm_test_conv_case *k)
{
    memset(k, 0, sizeof *k);
    k->filter.h = tnm_rng_range(rng, 0, 2) == 0 ? tnm_rng_range(rng, 1, 7) : 2 * tnm_rng_range(rng, 0, 3) + 1;
    k->filter.w = tnm_rng_range(rng, 0, 3) == 0 ? tnm_rng_range(rng, 1, 7) : k->filter.h;
    k->in.n = k->out.n = tnm_rng_range(rng, 0, 5) == 0 ? 2 : 1;
    k->in.h = tnm_rng_range(rng, 1, 24);
    k->in.w = tnm_rng_range(rng, 1, 24);
    k->in.c = tnm_rng_range(rng, 0, 2) == 0 ? 4 * tnm_rng_range(rng, 1, 5) : tnm_rng_range(rng, 4, 21);
    k->p.depth_multiplier = tnm_rng_range(rng, 0, 5) == 0 ? tnm_rng_range(rng, 2, 3) : 1;
    if (!axis(rng, k->in.h, k->filter.h, &k->p.stride_h, &k->p.dilation_h, &k->p.pad_h, &k->out.h))
        return 0;
    if (!axis(rng, k->in.w, k->filter.w, &k->p.stride_w, &k->p.dilation_w, &k->p.pad_w, &k->out.w))
        return 0;
    k->filter.n = 1;
    k->filter.c = k->out.c = k->in.c * k->p.depth_multiplier;
    return k->out.c <= MAX_CH && tnm_test_count(&k->in) <= MAX_IN && tnm_test_count(&k->out) <= MAX_OUT &&
           tnm_test_count(&k->filter) <= MAX_FILTER;
}

static void random_quant(tnm_rng *rng, tnm_test_conv_case *k)
{
    int32_t i, general;
    k->p.input_offset = -rnd_zero_point(rng);
    k->p.output_offset = rnd_zero_point(rng);
    if (tnm_rng_range(rng, 0, 4) == 0) {
        rnd_act_range(rng, &k->p.act_min, &k->p.act_max);
    } else {
        k->p.act_min = -128;
        k->p.act_max = 127;
    }
    if (k->p.act_min != -128 || k->p.act_max != 127) g_clamped_cases++;
    k->has_bias = tnm_rng_range(rng, 0, 5) != 0;
    /* a sixth of the calls have channels outside the fast form (-1 as in TFLM's person
     * detection, up to 3, below -23): the planes requantize those in C */
    general = tnm_rng_range(rng, 0, 5) == 0;
    for (i = 0; i < k->out.c; ++i) {
        g_mult[i] = tnm_rng_range(rng, 0, 30) == 0 ? 0 : rnd_multiplier(rng);
        switch (tnm_rng_range(rng, 0, general ? 12 : 9)) {
        case 0: g_shift[i] = -2; break;
        case 1: g_shift[i] = -23; break;
        case 2: g_shift[i] = (int8_t)tnm_rng_range(rng, -23, -2); break;
        case 10: g_shift[i] = -1; break;
        case 11: g_shift[i] = (int8_t)(tnm_rng_range(rng, 0, 1) ? tnm_rng_range(rng, 0, 3) : tnm_rng_range(rng, -31, -24)); break;
        case 12: g_shift[i] = (int8_t)tnm_rng_range(rng, -31, 3); break;
        default: g_shift[i] = (int8_t)tnm_rng_range(rng, -12, -5); break;
        }
        g_bias[i] = tnm_rng_range(rng, 0, 9) == 0 ? tnm_rng_range(rng, -(1 << 24), 1 << 24)
                                                 : tnm_rng_range(rng, -40000, 40000);
        if (tnm_rng_range(rng, 0, 15) == 0) { /* accumulators that wrap around int32 */
            g_bias[i] = tnm_rng_range(rng, 0, 1) ? INT32_MAX - tnm_rng_range(rng, 0, 3000)
                                                 : INT32_MIN + tnm_rng_range(rng, 0, 3000);
            k->has_bias = 1;
        }
    }
}

/* One variant on the case (or on a band of its output rows) into g_out + out_at. */
static void run(const variant *v, const tnm_test_conv_case *k, const tnm_quant *q, int32_t out_at,
                uint32_t salt, int allow_null)
{
    const int32_t *bias = k->has_bias ? g_bias : NULL;
    const int32_t need = test_conv_scratch_need(v->name, &k->in, &k->filter, &k->out, 1);
    void *scratch = test_scratch(need, salt, allow_null);
    CHECK_EQ(TNM_OK, v->depthwise(&k->p, q, &k->in, g_in, &k->filter, g_filter, bias, &k->out,
                                  g_out + out_at, scratch));
    test_scratch_check();
}

static void compare(const tnm_test_conv_case *k, const char *what)
{
    tnm_quant q;
    const int32_t count = tnm_test_count(&k->out);
    int v, i;
    q.multiplier = g_mult;
    q.shift = g_shift;
    CHECK_EQ(TNM_OK, tnm_depthwise_conv_s8_ref(&k->p, &q, &k->in, g_in, &k->filter, g_filter,
                                               k->has_bias ? g_bias : NULL, &k->out, g_expected,
                                               NULL));
    for (v = 0; v < VARIANTS; ++v) {
        int32_t mismatches = 0;
        memset(g_out, 0x5A, (size_t)count + GUARD);
        run(&g_variants[v], k, &q, 0, (uint32_t)g_cases + (uint32_t)v, 1);
        for (i = 0; i < count; ++i) mismatches += g_out[i] != g_expected[i];
        for (i = 0; i < GUARD; ++i) CHECK_EQ(0x5A, g_out[count + i]);
        if (mismatches) {
            fprintf(stderr,
                    "%s depthwise %s: %d/%d differ (in %dx%dx%dx%d filter %dx%d stride %d,%d "
                    "dil %d,%d pad %d,%d dm %d act %d..%d)\n",
                    g_variants[v].name, what, (int)mismatches, (int)count, (int)k->in.n,
                    (int)k->in.h, (int)k->in.w, (int)k->in.c, (int)k->filter.h,
                    (int)k->filter.w, (int)k->p.stride_h, (int)k->p.stride_w,
                    (int)k->p.dilation_h, (int)k->p.dilation_w, (int)k->p.pad_h,
                    (int)k->p.pad_w, (int)k->p.depth_multiplier, (int)k->p.act_min,
                    (int)k->p.act_max);
        }
        CHECK_EQ(0, mismatches);
        g_compared += count;
    }
    g_cases++;
}

/* Output rows [y0, y1) of batch 1 as a call of their own: the input from the first row
 * the band reads (rows above the image stay padding), in_h cut to the rows it reads. */
static void compare_band(const tnm_test_conv_case *whole, int32_t y0, int32_t y1)
{
    tnm_test_conv_case k = *whole;
    tnm_quant q;
    const int32_t row_bytes = whole->in.w * whole->in.c, out_row = whole->out.w * whole->out.c;
    const int32_t first = y0 * whole->p.stride_h - whole->p.pad_h;
    const int32_t last = (y1 - 1) * whole->p.stride_h - whole->p.pad_h +
                         span_of(whole->filter.h, whole->p.dilation_h) - 1;
    const int32_t lo = first < 0 ? 0 : first;
    const int32_t hi = last >= whole->in.h ? whole->in.h - 1 : last;
    int v, i;
    if (hi < lo) return;
    k.in.n = k.out.n = 1;
    k.in.h = hi - lo + 1;
    k.out.h = y1 - y0;
    k.p.pad_h = lo - first;
    q.multiplier = g_mult;
    q.shift = g_shift;
#if TNM_HAVE_ARM_DSP_VARIANT /* the planes' part of the Cortex-M query on every build (the padded
                               * copy's is not monotone: the runtime queries every band) */
    CHECK(tnm_opt_dw_scratch_planes(&k.in, &k.filter, &k.out) <=
          tnm_opt_dw_scratch_planes(&whole->in, &whole->filter, &whole->out));
#endif
    for (v = 0; v < VARIANTS; ++v) {
        const int32_t *bias = k.has_bias ? g_bias : NULL;
        const int32_t need = test_conv_scratch_need(g_variants[v].name, &k.in, &k.filter, &k.out, 1);
        void *scratch = test_scratch(need, (uint32_t)g_bands, 0);
        int32_t mismatches = 0;
        memset(g_out, 0x5A, (size_t)(k.out.h * out_row) + GUARD);
        CHECK_EQ(TNM_OK, g_variants[v].depthwise(&k.p, &q, &k.in, g_in + lo * row_bytes, &k.filter,
                                                 g_filter, bias, &k.out, g_out, scratch));
        test_scratch_check();
        for (i = 0; i < k.out.h * out_row; ++i) mismatches += g_out[i] != g_expected[y0 * out_row + i];
        for (i = 0; i < GUARD; ++i) CHECK_EQ(0x5A, g_out[k.out.h * out_row + i]);
        if (mismatches) {
            fprintf(stderr, "%s depthwise band %d..%d: %d differ\n", g_variants[v].name, (int)y0,
                    (int)y1, (int)mismatches);
        }
        CHECK_EQ(0, mismatches);
    }
    g_bands++;
}

static void test_random(uint32_t seed, int cases)
{
    tnm_rng rng;
    int done = 0;
    tnm_rng_seed(&rng, seed);
    while (done < cases) {
        tnm_test_conv_case k;
        if (!random_case(&rng, &k)) continue;
        random_quant(&rng, &k);
        rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
        rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
        compare(&k, "random");
        if (k.out.h >= 2 && tnm_rng_range(&rng, 0, 2) == 0) {
            const int32_t y0 = tnm_rng_range(&rng, 0, k.out.h - 1);
            const int32_t y1 = tnm_rng_range(&rng, y0 + 1, k.out.h);
            k.in.n = k.out.n = 1;
            compare(&k, "batch 1");
            compare_band(&k, y0, y1);
        }
        done++;
    }
}

/* Streaming shapes (microWakeWord's time kernels): a k x 1 window over one to nine output
 * positions, and a third of the cases a small image's last layers (filters up to 7x7, padding
 * and stride both ways), any channel count (the direct path: groups of 4 channels, the rest one at a
 * time), stride, dilation and padding along the time axis, with and without bias. */
static void test_streaming(uint32_t seed, int cases)
{
    tnm_rng rng;
    int done = 0;
    tnm_rng_seed(&rng, seed);
    while (done < cases) {
        tnm_test_conv_case k;
        int32_t after;
        memset(&k, 0, sizeof k);
        k.filter.n = 1;
        k.filter.h = tnm_rng_range(&rng, 1, 23);
        k.filter.w = tnm_rng_range(&rng, 0, 3) == 0 ? tnm_rng_range(&rng, 1, 3) : 1;
        k.p.dilation_h = tnm_rng_range(&rng, 0, 3) == 0 ? 2 : 1;
        k.p.dilation_w = 1;
        k.p.stride_h = tnm_rng_range(&rng, 1, 2);
        k.p.stride_w = 1;
        k.p.depth_multiplier = 1;
        k.in.n = k.out.n = tnm_rng_range(&rng, 0, 5) == 0 ? 2 : 1;
        k.in.c = tnm_rng_range(&rng, 0, 1) ? 4 * tnm_rng_range(&rng, 1, 16) : tnm_rng_range(&rng, 1, 70);
        /* up to 9 positions: the direct path's shapes (at most 4, or up to 3 x 3) and the
         * planes' next to them */
        k.out.h = tnm_rng_range(&rng, 1, 9);
        k.out.w = tnm_rng_range(&rng, 1, 9 / k.out.h);
        k.p.pad_h = tnm_rng_range(&rng, 0, 2) == 0 ? tnm_rng_range(&rng, 0, span_of(k.filter.h, k.p.dilation_h) - 1) : 0;
        after = tnm_rng_range(&rng, 0, 2) == 0 ? tnm_rng_range(&rng, 0, span_of(k.filter.h, k.p.dilation_h) - 1) : 0;
        k.in.h = (k.out.h - 1) * k.p.stride_h + span_of(k.filter.h, k.p.dilation_h) - k.p.pad_h - after;
        k.in.w = k.out.w - 1 + k.filter.w;
        if (tnm_rng_range(&rng, 0, 2) == 0) { /* a small image's last layers: square-ish filters, padding, stride both ways */
            int32_t after_w;
            k.filter.h = tnm_rng_range(&rng, 1, 7);
            k.filter.w = tnm_rng_range(&rng, 1, 7);
            k.p.dilation_h = k.p.dilation_w = 1;
            k.p.stride_w = tnm_rng_range(&rng, 1, 2);
            k.p.pad_h = tnm_rng_range(&rng, 0, k.filter.h - 1);
            k.p.pad_w = tnm_rng_range(&rng, 0, k.filter.w - 1);
            after = tnm_rng_range(&rng, 0, k.filter.h - 1);
            after_w = tnm_rng_range(&rng, 0, k.filter.w - 1);
            k.in.h = (k.out.h - 1) * k.p.stride_h + k.filter.h - k.p.pad_h - after;
            k.in.w = (k.out.w - 1) * k.p.stride_w + k.filter.w - k.p.pad_w - after_w;
            if (k.in.w < 1) continue;
        }
        if (k.in.h < 1) continue;
        k.filter.c = k.out.c = k.in.c;
        if (tnm_test_count(&k.in) > MAX_IN || tnm_test_count(&k.filter) > MAX_FILTER) continue;
        random_quant(&rng, &k);
        if (tnm_rng_range(&rng, 0, 4) == 0) { /* shifts outside the fast form [-23, -2] too */
            int32_t i;
            for (i = 0; i < k.out.c; ++i) {
                if (tnm_rng_range(&rng, 0, 2) == 0) g_shift[i] = (int8_t)tnm_rng_range(&rng, -31, 3);
            }
        }
        rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
        rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
        compare(&k, "streaming");
        done++;
    }
}

/* The planes' 3-row blocks (dw3_s1 / dw3_s2 on Cortex-M: 3 rows of 2 to 4 taps, stride
 * 1 or 2 along the minor axis): every output count 1 to 13 along it (one block or more,
 * a last block of 1 to 4 outputs: the 2-output last block and the full one), both
 * orientations (3 x k over a wide output, k x 3 over a tall one), SAME and VALID. */
static void test_three_rows(uint32_t seed)
{
    tnm_rng rng;
    int32_t kb, s, n, tr;
    tnm_rng_seed(&rng, seed);
    for (kb = 2; kb <= 4; ++kb) {
        for (s = 1; s <= 2; ++s) {
            for (n = 1; n <= 13; ++n) {
                for (tr = 0; tr < 2; ++tr) {
                    tnm_test_conv_case k;
                    const int32_t same = tnm_rng_range(&rng, 0, 1);
                    const int32_t pad = same ? (kb - 1) / 2 : 0;
                    const int32_t in_b = same ? (n - 1) * s + 1 : (n - 1) * s + kb;
                    const int32_t major = tnm_rng_range(&rng, 1, 4); /* output lines */
                    memset(&k, 0, sizeof k);
                    k.in.n = k.out.n = 1;
                    k.in.c = tnm_rng_range(&rng, 4, 13);
                    k.p.depth_multiplier = tnm_rng_range(&rng, 0, 4) == 0 ? 2 : 1;
                    k.filter.n = 1;
                    k.filter.c = k.out.c = k.in.c * k.p.depth_multiplier;
                    k.p.dilation_h = k.p.dilation_w = 1;
                    if (!tr) { /* minor axis = width (output wider than tall) */
                        k.filter.h = 3;
                        k.filter.w = kb;
                        k.in.w = in_b;
                        k.out.w = n;
                        k.p.stride_w = s;
                        k.p.pad_w = pad;
                        k.p.stride_h = 1;
                        k.p.pad_h = 1;
                        k.out.h = major < n ? major : n;
                        k.in.h = k.out.h;
                    } else {
                        k.filter.w = 3;
                        k.filter.h = kb;
                        k.in.h = in_b;
                        k.out.h = n;
                        k.p.stride_h = s;
                        k.p.pad_h = pad;
                        k.p.stride_w = 1;
                        k.p.pad_w = 1;
                        k.out.w = major < n ? major : n;
                        k.in.w = k.out.w;
                    }
                    random_quant(&rng, &k);
                    rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
                    rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
                    compare(&k, "three rows");
                }
            }
        }
    }
}

/* The planes' any-filter blocks (dwg_line on Cortex-M: every filter but 3 rows of 2 words,
 * one call per output line for the group's doubled units): rows of taps 1-7 (not 3 with
 * 2-4 taps), 1-7 taps along the minor axis, stride 1 or 2 along it, every output count 1
 * to 13 (full blocks and a last one of 1 to 3 outputs), both orientations, depth
 * multiplier 1-3, channels not a multiple of 4, plain records (wrapping biases) among the
 * doubled ones, clamped ranges sometimes (random_quant). */
static void test_other_widths(uint32_t seed)
{
    tnm_rng rng;
    int32_t s, n, tr, rep;
    tnm_rng_seed(&rng, seed);
    for (s = 1; s <= 2; ++s) {
        for (n = 1; n <= 13; ++n) {
            for (tr = 0; tr < 2; ++tr) {
                for (rep = 0; rep < 2; ++rep) {
                    tnm_test_conv_case k;
                    const int32_t same = tnm_rng_range(&rng, 0, 1);
                    int32_t ka, kb, pad, in_b, major;
                    do {
                        ka = rep == 0 ? 2 * tnm_rng_range(&rng, 2, 3) + 1 : tnm_rng_range(&rng, 1, 7);
                        kb = rep == 0 ? ka : tnm_rng_range(&rng, 1, 7);
                    } while (ka == 3 && kb >= 2 && kb <= 4);
                    pad = same ? (kb - 1) / 2 : 0;
                    in_b = same ? (n - 1) * s + 1 : (n - 1) * s + kb;
                    major = tnm_rng_range(&rng, 1, 4); /* output lines */
                    memset(&k, 0, sizeof k);
                    k.in.n = k.out.n = 1;
                    k.in.c = tnm_rng_range(&rng, 4, 13);
                    k.p.depth_multiplier = tnm_rng_range(&rng, 0, 3) == 0 ? tnm_rng_range(&rng, 2, 3) : 1;
                    k.filter.n = 1;
                    k.filter.c = k.out.c = k.in.c * k.p.depth_multiplier;
                    k.p.dilation_h = k.p.dilation_w = 1;
                    if (!tr) { /* minor axis = width (output wider than tall) */
                        k.filter.h = ka;
                        k.filter.w = kb;
                        k.in.w = in_b;
                        k.out.w = n;
                        k.p.stride_w = s;
                        k.p.pad_w = pad;
                        k.p.stride_h = 1;
                        k.p.pad_h = (ka - 1) / 2;
                        k.out.h = major < n ? major : n;
                        k.in.h = k.out.h + ka - 1 - 2 * k.p.pad_h;
                    } else {
                        k.filter.w = ka;
                        k.filter.h = kb;
                        k.in.h = in_b;
                        k.out.h = n;
                        k.p.stride_h = s;
                        k.p.pad_h = pad;
                        k.p.stride_w = 1;
                        k.p.pad_w = (ka - 1) / 2;
                        k.out.w = major < n ? major : n;
                        k.in.w = k.out.w + ka - 1 - 2 * k.p.pad_w;
                    }
                    random_quant(&rng, &k);
                    rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
                    rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
                    compare(&k, "other widths");
                }
            }
        }
    }
}

/* The grid's and the models' shapes at full size, once each. */
static void test_model_shapes(void)
{
    static const int32_t shapes[][8] = {
        /* in h, in w, c, f, stride, dilation, dm, same */
        {25, 5, 64, 3, 1, 1, 1, 1},   /* KWS DS-CNN */
        {48, 48, 8, 3, 1, 1, 1, 1},   /* VWW */
        {48, 48, 16, 3, 2, 1, 1, 1},
        {6, 6, 128, 3, 1, 1, 1, 1},
        {13, 13, 32, 5, 2, 1, 1, 1},
        {9, 9, 32, 7, 1, 1, 1, 1},
        {19, 19, 32, 3, 1, 2, 1, 1},
        {19, 19, 16, 3, 1, 1, 2, 1},
        {15, 15, 24, 3, 1, 1, 1, 0},
        {21, 21, 12, 3, 2, 1, 1, 1},
    };
    tnm_rng rng;
    int i;
    tnm_rng_seed(&rng, 99);
    for (i = 0; i < (int)(sizeof shapes / sizeof shapes[0]); ++i) {
        const int32_t *s = shapes[i];
        tnm_test_conv_case k;
        const int32_t span = span_of(s[3], s[5]);
        memset(&k, 0, sizeof k);
        k.in.n = k.out.n = 1;
        k.in.h = s[0];
        k.in.w = s[1];
        k.in.c = s[2];
        k.filter.n = 1;
        k.filter.h = k.filter.w = s[3];
        k.p.stride_h = k.p.stride_w = s[4];
        k.p.dilation_h = k.p.dilation_w = s[5];
        k.p.depth_multiplier = s[6];
        k.filter.c = k.out.c = s[2] * s[6];
        if (s[7]) {
            const int32_t oh = (s[0] + s[4] - 1) / s[4], ow = (s[1] + s[4] - 1) / s[4];
            const int32_t th = (oh - 1) * s[4] + span - s[0], tw = (ow - 1) * s[4] + span - s[1];
            k.out.h = oh;
            k.out.w = ow;
            k.p.pad_h = th > 0 ? th / 2 : 0;
            k.p.pad_w = tw > 0 ? tw / 2 : 0;
        } else {
            k.out.h = (s[0] - span) / s[4] + 1;
            k.out.w = (s[1] - span) / s[4] + 1;
        }
        CHECK(tnm_test_count(&k.in) <= MAX_IN && tnm_test_count(&k.out) <= MAX_OUT && k.out.c <= MAX_CH);
        random_quant(&rng, &k);
        rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
        rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
        compare(&k, "model shape");
        compare_band(&k, 1, k.out.h > 3 ? 3 : k.out.h);
    }
}

/* Small images with many channels (a MobileNet's last layers; the Cortex-M path DW_PADDED:
 * a zero-padded int16 copy per group of 4 channels): filters 1x1 to 9x9, strides 1-2,
 * dilation, SAME / VALID / uneven padding, channels 4-256 (a last group overlapping the one
 * before it), batch 1-2; requantized in the assembly (every shift of a group in the fast
 * form, the full range) or in C (clamped ranges, other shifts). On the Cortex-M build the cases
 * are drawn until the path takes them. */
static void test_padded(uint32_t seed, int cases)
{
    tnm_rng rng;
    int done = 0;
    long taken = 0;
    tnm_rng_seed(&rng, seed);
    while (done < cases) {
        tnm_test_conv_case k;
        memset(&k, 0, sizeof k);
        k.filter.n = 1;
        k.filter.h = tnm_rng_range(&rng, 0, 3) == 0 ? tnm_rng_range(&rng, 1, 9) : 2 * tnm_rng_range(&rng, 1, 3) + 1;
        k.filter.w = tnm_rng_range(&rng, 0, 3) == 0 ? tnm_rng_range(&rng, 1, 9) : k.filter.h;
        k.in.n = k.out.n = tnm_rng_range(&rng, 0, 5) == 0 ? 2 : 1;
        k.in.h = tnm_rng_range(&rng, 2, 14);
        k.in.w = tnm_rng_range(&rng, 2, 14);
        k.in.c = tnm_rng_range(&rng, 0, 2) == 0 ? tnm_rng_range(&rng, 4, 40) : 4 * tnm_rng_range(&rng, 2, 64);
        k.p.depth_multiplier = 1;
        if (!axis(&rng, k.in.h, k.filter.h, &k.p.stride_h, &k.p.dilation_h, &k.p.pad_h, &k.out.h)) continue;
        if (!axis(&rng, k.in.w, k.filter.w, &k.p.stride_w, &k.p.dilation_w, &k.p.pad_w, &k.out.w)) continue;
        k.filter.c = k.out.c = k.in.c;
        if (tnm_test_count(&k.in) > MAX_IN || tnm_test_count(&k.out) > MAX_OUT ||
            tnm_test_count(&k.filter) > MAX_FILTER)
            continue;
#if TNM_HAVE_ARM_DSP_VARIANT
        if (!tnm_opt_dw_padded_fits(&k.p, &k.in, &k.filter, &k.out)) continue;
        taken++;
#endif
        random_quant(&rng, &k);
        rnd_fill_s8(&rng, g_in, tnm_test_count(&k.in));
        rnd_fill_s8(&rng, g_filter, tnm_test_count(&k.filter));
        compare(&k, "padded copy");
        done++;
    }
#if TNM_HAVE_ARM_DSP_VARIANT
    CHECK_EQ((long)cases, taken);
#endif
}

int main(void)
{
    test_model_shapes();
    test_three_rows(4141);
    test_other_widths(4545);
    test_random(4242, 1500 / TNM_TEST_SCALE);
    test_streaming(4343, 600 / TNM_TEST_SCALE);
    test_padded(4444, 400 / TNM_TEST_SCALE);
    CHECK(g_clamped_cases > 10);
    CHECK(g_bands > 50 / TNM_TEST_SCALE);
    printf("compared %ld outputs in %ld cases, %ld bands\n", g_compared, g_cases, g_bands);
    return tnm_test_finish("test_kernels_opt_depthwise");
}
