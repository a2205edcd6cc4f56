/*
 * Kernel grid benchmark: every kernel class on a grid of shapes, each call an
 * instruction-count region (tools/qemu/grid.sh runs it under count.sh and prints
 * instructions per MAC per cell). Each optimized call is checked byte for byte against
 * the portable reference on the same inputs (a mismatch fails the run).
 * Grid: CONV_2D 1x1/3x3/5x5/7x7 x input channels 1-256 x output channels 1-256, stride 1
 * and 2 (3x3), dilation 2, VALID and odd sizes; DEPTHWISE_CONV_2D 3x3/5x5/7x7 x 8-256
 * channels x stride 1/2, dilation 2, depth multiplier 2, 15 channels, 5x5 stride 2 VALID;
 * FULLY_CONNECTED depth 8-2048 x 1-256 outputs; AVERAGE/MAX_POOL_2D. Spatial sizes are chosen for ~100k MACs per
 * cell (at least 1 output pixel); cells whose weights exceed 600 KB are left out.
 * Random int8 data, per-channel multipliers in [2^30, 2^31) with shifts -10..-7, biases
 * +-20000, zero points as after a ReLU (input -128, output -128), full activation range.
 * Built with -DTNM_GRID_CELL="\"text\"" (grid.sh: TNM_GRID_CELL), only the cells whose name
 * contains text run (kernel work: profiling one shape).
 */
#include <stdio.h>
#include <string.h>

#include "tnm_kernels_opt.h" /* native-kernels/src/kernels, an include folder of tnm_grid */
#include "tnm/tnm_kernels.h"
#include "tnm_target.h"

#define IN_CAP 98304
#define FILTER_CAP 614400
#define OUT_CAP 98304
#define CH_CAP 2048
#define SCRATCH_WORDS 40000
#define TARGET_MACS 100000L

static int8_t g_in[IN_CAP], g_filter[FILTER_CAP], g_out[OUT_CAP], g_ref[OUT_CAP];
static int32_t g_bias[CH_CAP], g_mult[CH_CAP];
static int8_t g_shift[CH_CAP];
static uint32_t g_scratch[SCRATCH_WORDS];
static uint32_t g_seed = 12345u;
static int g_region, g_failed;

static uint32_t next_u32(void)
{
    g_seed = g_seed * 1664525u + 1013904223u;
    return g_seed;
}

static void fill(int8_t *p, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; ++i) p[i] = (int8_t)(next_u32() >> 24);
}

static void quant(int32_t channels)
{
    int32_t i;
    for (i = 0; i < channels; ++i) {
        g_mult[i] = (int32_t)((1u << 30) + (next_u32() >> 2));
        g_shift[i] = (int8_t)(-7 - (int32_t)(next_u32() >> 30));
        g_bias[i] = (int32_t)(next_u32() % 40001u) - 20000;
    }
}

static void report(const char *name, long macs, int32_t count)
{
    printf("TNM-REGION %d %s macs=%ld\n", g_region++, name, macs);
    if (memcmp(g_out, g_ref, (size_t)count) != 0) {
        printf("MISMATCH %s\n", name);
        g_failed++;
    }
}

/* Whether the cell runs in this build (TNM_GRID_CELL). */
static int selected(const char *name)
{
#ifdef TNM_GRID_CELL
    return strstr(name, TNM_GRID_CELL) != NULL;
#else
    (void)name;
    return 1;
#endif
}

static int32_t isqrt_up(long v)
{
    int32_t r = 1;
    while ((long)r * r < v) ++r;
    return r;
}

/* One convolution cell (depthwise when dm >= 1). pad: 1 SAME, 0 VALID. side 0: chosen. */
static void conv_cell(int32_t f, int32_t ic, int32_t oc_or_dm, int32_t stride, int32_t dil,
                      int pad_same, int depthwise, int32_t side)
{
    tnm_conv_params p;
    tnm_dims in, filter, out;
    tnm_quant q;
    const int32_t oc = depthwise ? ic * oc_or_dm : oc_or_dm;
    const int32_t span = (f - 1) * dil + 1;
    const long per_px = (long)f * f * (depthwise ? 1 : ic) * oc;
    int32_t o, need, st;
    char name[96];
    if (side == 0) {
        long px = (TARGET_MACS + per_px - 1) / per_px;
        o = isqrt_up(px);
        if (o < 3) o = 3; /* at least 3x3 outputs */
        if (o > 1 && (o & 1) == 0) ++o; /* odd sizes */
        for (;;) { /* shrink to the buffers */
            side = pad_same ? o * stride - (stride - 1) : (o - 1) * stride + span;
            if (o <= 1 || ((long)side * side * ic <= IN_CAP && (long)o * o * oc <= OUT_CAP)) break;
            --o;
        }
    }
    memset(&p, 0, sizeof p);
    p.input_offset = 128;
    p.output_offset = -128;
    p.act_min = -128;
    p.act_max = 127;
    p.stride_h = p.stride_w = stride;
    p.dilation_h = p.dilation_w = dil;
    p.depth_multiplier = depthwise ? oc_or_dm : 1;
    in.n = out.n = 1;
    in.h = in.w = side;
    in.c = ic;
    if (pad_same) {
        const int32_t os = (side + stride - 1) / stride;
        const int32_t total = (os - 1) * stride + span - side;
        out.h = out.w = os;
        p.pad_h = p.pad_w = total > 0 ? total / 2 : 0;
    } else {
        out.h = out.w = (side - span) / stride + 1;
    }
    out.c = oc;
    filter.n = depthwise ? 1 : oc;
    filter.h = filter.w = f;
    filter.c = depthwise ? oc : ic;
    snprintf(name, sizeof name, "%s_k%dx%d_ic%d_%s%d_s%d_d%d_%s_%dx%d", depthwise ? "depthwise" : "conv",
             (int)f, (int)f, (int)ic, depthwise ? "dm" : "oc", (int)oc_or_dm, (int)stride, (int)dil,
             pad_same ? "same" : "valid", (int)side, (int)side);
    if (!selected(name)) return;
    if ((long)side * side * ic > IN_CAP || (long)out.h * out.w * oc > OUT_CAP ||
        (long)f * f * filter.c * filter.n > FILTER_CAP || oc > CH_CAP) {
        printf("SKIP %s (buffers)\n", name);
        return;
    }
    need = depthwise ? tnm_depthwise_conv_s8_scratch_size(&in, &filter, &out)
                     : tnm_conv_s8_scratch_size(&in, &filter, &out);
    if (need < 0 || need > (int32_t)sizeof g_scratch) {
        printf("SKIP %s (scratch %d)\n", name, (int)need);
        return;
    }
    fill(g_in, side * side * ic);
    fill(g_filter, f * f * filter.c * filter.n);
    quant(oc);
    q.multiplier = g_mult;
    q.shift = g_shift;
    TNM_COUNT_MARK();
    st = depthwise ? tnm_depthwise_conv_s8(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out,
                                           g_out, need > 0 ? g_scratch : NULL)
                   : tnm_conv_s8(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out, g_out,
                                 need > 0 ? g_scratch : NULL);
    TNM_COUNT_MARK();
    if (st != TNM_OK) printf("MISMATCH %s status %d\n", name, (int)st), g_failed++;
    if (depthwise) {
        tnm_depthwise_conv_s8_ref(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out, g_ref, NULL);
    } else {
        tnm_conv_s8_ref(&p, &q, &in, g_in, &filter, g_filter, g_bias, &out, g_ref, NULL);
    }
    report(name, (long)out.h * out.w * per_px / (depthwise ? 1 : 1), out.h * out.w * oc);
}

static void fc_cell(int32_t depth, int32_t outs)
{
    tnm_fc_params p;
    tnm_quant q;
    char name[64];
    memset(&p, 0, sizeof p);
    p.input_offset = 128;
    p.output_offset = -128;
    p.act_min = -128;
    p.act_max = 127;
    fill(g_in, depth);
    fill(g_filter, depth * outs);
    quant(outs);
    q.multiplier = g_mult;
    q.shift = g_shift;
    snprintf(name, sizeof name, "fc_depth%d_out%d", (int)depth, (int)outs);
    if (!selected(name)) return;
    TNM_COUNT_MARK();
    tnm_fully_connected_s8(&p, &q, outs, 1, depth, outs, g_in, g_filter, g_bias, g_out);
    TNM_COUNT_MARK();
    tnm_fully_connected_s8_ref(&p, &q, outs, 1, depth, outs, g_in, g_filter, g_bias, g_ref);
    report(name, (long)depth * outs, outs);
}

/* Pooling: "macs" = input values read per output window, summed (taps). */
static void pool_cell(int avg, int32_t h, int32_t w, int32_t c, int32_t f_h, int32_t f_w,
                      int32_t stride)
{
    tnm_pool_params p;
    tnm_dims in, out;
    char name[80];
    int8_t *ref = g_ref;
    memset(&p, 0, sizeof p);
    p.stride_h = p.stride_w = stride;
    p.filter_h = f_h;
    p.filter_w = f_w;
    p.act_min = -128;
    p.act_max = 127;
    in.n = out.n = 1;
    in.h = h;
    in.w = w;
    in.c = out.c = c;
    out.h = (h - f_h) / stride + 1;
    out.w = (w - f_w) / stride + 1;
    fill(g_in, h * w * c);
    snprintf(name, sizeof name, "%s_%dx%dx%d_k%dx%d_s%d", avg ? "avgpool" : "maxpool", (int)h,
             (int)w, (int)c, (int)f_h, (int)f_w, (int)stride);
    if (!selected(name)) return;
    TNM_COUNT_MARK();
    if (avg) tnm_avgpool_s8(&p, &in, g_in, &out, g_out);
    else tnm_maxpool_s8(&p, &in, g_in, &out, g_out);
    TNM_COUNT_MARK();
    /* the reference: the same kernel has no separate reference; recompute by hand */
    {
        int32_t oy, ox, ch, y, x;
        for (oy = 0; oy < out.h; ++oy)
            for (ox = 0; ox < out.w; ++ox)
                for (ch = 0; ch < c; ++ch) {
                    int32_t acc = avg ? 0 : -128, v;
                    for (y = 0; y < f_h; ++y)
                        for (x = 0; x < f_w; ++x) {
                            v = g_in[((oy * stride + y) * w + ox * stride + x) * c + ch];
                            if (avg) acc += v;
                            else if (v > acc) acc = v;
                        }
                    if (avg) {
                        const int32_t n = f_h * f_w;
                        acc = acc > 0 ? (acc + n / 2) / n : (acc - n / 2) / n;
                    }
                    ref[(oy * out.w + ox) * c + ch] = (int8_t)acc;
                }
    }
    report(name, (long)out.h * out.w * c * f_h * f_w, out.h * out.w * c);
}

int main(void)
{
    static const int32_t conv_ic[] = {1, 3, 8, 32, 64, 256};
    static const int32_t conv_oc[] = {1, 8, 64, 256};
    static const int32_t dw_c[] = {8, 16, 32, 64, 128, 256};
    static const int32_t fc_depth[] = {8, 64, 250, 640, 1000, 2048};
    static const int32_t fc_outs[] = {1, 10, 64, 256};
    int32_t f, i, j;
    for (f = 1; f <= 7; f += 2) {
        for (i = 0; i < 6; ++i)
            for (j = 0; j < 4; ++j) conv_cell(f, conv_ic[i], conv_oc[j], 1, 1, 1, 0, 0);
    }
    for (i = 0; i < 6; ++i)
        for (j = 0; j < 4; ++j) conv_cell(3, conv_ic[i], conv_oc[j], 2, 1, 1, 0, 0);
    conv_cell(3, 16, 16, 1, 2, 1, 0, 0);  /* dilation 2 */
    conv_cell(3, 32, 32, 1, 2, 0, 0, 0);  /* dilation 2, VALID */
    conv_cell(3, 16, 32, 1, 1, 0, 0, 13); /* VALID, odd */
    conv_cell(5, 7, 24, 2, 1, 0, 0, 17);  /* VALID, odd channels */
    conv_cell(1, 17, 33, 1, 1, 1, 0, 9);  /* odd channels */
    conv_cell(3, 16, 3, 1, 1, 1, 0, 0);   /* 3 output channels (an image head) */
    conv_cell(1, 24, 2, 1, 1, 1, 0, 0);   /* 2 output channels */
    for (f = 3; f <= 7; f += 2) {
        for (i = 0; i < 6; ++i) {
            conv_cell(f, dw_c[i], 1, 1, 1, 1, 1, 0);
            conv_cell(f, dw_c[i], 1, 2, 1, 1, 1, 0);
        }
    }
    conv_cell(3, 32, 1, 1, 2, 1, 1, 0);  /* depthwise dilation 2 */
    conv_cell(3, 16, 2, 1, 1, 1, 1, 0);  /* depth multiplier 2 */
    conv_cell(3, 24, 1, 1, 1, 0, 1, 15); /* VALID, odd */
    conv_cell(3, 12, 1, 2, 1, 1, 1, 0);  /* 12 channels */
    conv_cell(3, 15, 1, 1, 1, 1, 1, 0);  /* odd channels (a last group of 4 overlapping) */
    conv_cell(5, 24, 1, 2, 1, 0, 1, 0);  /* 5x5 stride 2 VALID */
    /* a MobileNet's last stages: many channels on small images */
    conv_cell(3, 128, 1, 1, 1, 1, 1, 6);  /* 6x6 */
    conv_cell(3, 256, 1, 1, 1, 1, 1, 3);  /* 3x3 */
    conv_cell(3, 256, 1, 2, 1, 1, 1, 6);  /* 6x6 to 3x3 */
    conv_cell(3, 96, 1, 1, 1, 1, 1, 7);   /* 7x7 */
    for (i = 0; i < 6; ++i)
        for (j = 0; j < 4; ++j) fc_cell(fc_depth[i], fc_outs[j]);
    pool_cell(1, 25, 5, 64, 25, 5, 1); /* KWS's global average */
    pool_cell(1, 16, 16, 32, 2, 2, 2);
    pool_cell(1, 15, 15, 64, 3, 3, 1);
    pool_cell(0, 16, 16, 32, 2, 2, 2);
    pool_cell(0, 15, 15, 64, 3, 3, 2);
    printf("grid: %d cells, %d mismatches\n", g_region, g_failed);
    return g_failed == 0 ? 0 : 1;
}
