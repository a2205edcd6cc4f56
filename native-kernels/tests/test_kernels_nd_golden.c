/* PAD/PADV2 (int8, int16), MIRROR_PAD, TRANSPOSE, RESIZE_NEAREST_NEIGHBOR/BILINEAR, MEAN/SUM,
 * REDUCE_MAX/MIN, ARG_MAX/MIN, GATHER, DEPTH_TO_SPACE/SPACE_TO_DEPTH,
 * SPACE_TO_BATCH_ND/BATCH_TO_SPACE_ND, L2_NORMALIZATION, BATCH_MATMUL (int8, int16), ADD/SUB and
 * LEAKY_RELU over int16,
 * TRANSPOSE_CONV and CONV_2D with one output channel (the public kernel and every variant this
 * SPACE_TO_BATCH_ND/BATCH_TO_SPACE_ND, L2_NORMALIZATION, ADD/SUB and LEAKY_RELU over int16,
 * SQUARED_DIFFERENCE (int8, int16), RSQRT, ABS (int8, int16), DIV (int8, int32), EQUAL/LESS/GREATER
 * (int8, int32), SELECT_V2 (int8, int16), TRANSPOSE_CONV and CONV_2D with one output channel (the public kernel and every variant this
 * build compiles) against TensorFlow Lite Micro's own outputs (TRANSPOSE also for int16 and
 * float32): tiny models in tests/data/<op>/ (made by tests/data/make_models.py), run through
 * TFLM's reference kernels, which wrote input.bin (the inputs, concatenated) and output.bin
 * (the outputs, concatenated);
 * see tests/data/README.md. The kernel parameters are derived here from the same
 * scales and options the models hold, as the offline compiler derives them. The data
 * is found beside this source file (its path is compiled in, __FILE__), so the test
 * also runs on the emulated targets through semihosting. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../src/kernels/tnm_kernels_opt.h"
#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"
#include "tnm/tnm_kernels_data.h"

static int8_t g_input[2048], g_output[4096], g_out[4096];

/* Reads data/<folder>/<name>; returns its size, or -1 (and a failed check). */
static long read_data(const char *folder, const char *name, void *buf, long cap)
{
    char relative[256];
    snprintf(relative, sizeof relative, "%s/%s", folder, name);
    return tnm_read_test_data(relative, buf, cap);
}

static tnm_nd_dims nd(int32_t rank, int32_t d0, int32_t d1, int32_t d2, int32_t d3, int32_t d4)
{
    tnm_nd_dims d;
    d.rank = rank;
    d.dims[0] = d0;
    d.dims[1] = d1;
    d.dims[2] = d2;
    d.dims[3] = d3;
    d.dims[4] = d4;
    return d;
}

static int32_t nd_count(const tnm_nd_dims *d)
{
    int32_t i, n = 1;
    for (i = 0; i < d->rank; ++i) n *= d->dims[i];
    return n;
}

/* Compares count bytes of the kernel output with TFLM's, at *offset in output.bin. */
static void expect_output(const char *what, long *offset, long total, int32_t count)
{
    int32_t i, bad = 0;
    CHECK(*offset + count <= total);
    if (*offset + count > total) return;
    for (i = 0; i < count; ++i) bad += g_out[i] != g_output[*offset + i];
    if (bad) printf("%s: %d of %d bytes differ from TFLM\n", what, (int)bad, (int)count);
    CHECK_EQ(0, bad);
    *offset += count;
}

static void test_pad(void)
{
    tnm_pad_params p;
    tnm_nd_dims x4 = nd(4, 1, 3, 4, 2, 0), x5 = nd(5, 2, 1, 3, 2, 3);
    tnm_nd_dims o1 = nd(4, 2, 5, 6, 4, 0), o2 = nd(4, 2, 3, 9, 3, 0), o3 = nd(5, 3, 3, 5, 2, 6);
    static const int32_t pad_a[8] = {0, 1, 2, 0, 1, 1, 0, 2};
    static const int32_t pad_b[8] = {1, 0, 0, 0, 3, 2, 1, 0};
    static const int32_t pad_c[10] = {1, 0, 0, 2, 1, 1, 0, 0, 2, 1};
    long in_n = read_data("pad", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("pad", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != nd_count(&x4) + nd_count(&x5) || out_n < 0) {
        CHECK(0);
        return;
    }
    memset(&p, 0, sizeof p);
    for (i = 0; i < 4; ++i) {
        p.before[i] = pad_a[2 * i];
        p.after[i] = pad_a[2 * i + 1];
    }
    p.pad_value = -5; /* PAD: the output zero point */
    CHECK_EQ(TNM_OK, tnm_pad_s8(&p, &x4, g_input, &o1, g_out));
    expect_output("PAD 4-D", &off, out_n, nd_count(&o1));
    for (i = 0; i < 4; ++i) {
        p.before[i] = pad_b[2 * i];
        p.after[i] = pad_b[2 * i + 1];
    }
    p.pad_value = 17; /* PADV2: the constant */
    CHECK_EQ(TNM_OK, tnm_pad_s8(&p, &x4, g_input, &o2, g_out));
    expect_output("PADV2 4-D", &off, out_n, nd_count(&o2));
    for (i = 0; i < 5; ++i) {
        p.before[i] = pad_c[2 * i];
        p.after[i] = pad_c[2 * i + 1];
    }
    p.pad_value = 100;
    CHECK_EQ(TNM_OK, tnm_pad_s8(&p, &x5, g_input + nd_count(&x4), &o3, g_out));
    expect_output("PAD 5-D", &off, out_n, nd_count(&o3));
    CHECK_EQ(out_n, off);
}

static void test_transpose(void)
{
    tnm_transpose_params p;
    tnm_nd_dims a = nd(4, 2, 3, 4, 5, 0), b = nd(5, 2, 1, 3, 2, 4);
    tnm_nd_dims o1 = nd(4, 4, 2, 5, 3, 0), o2 = nd(4, 5, 4, 3, 2, 0), o3 = nd(5, 4, 1, 2, 2, 3);
    tnm_nd_dims c = nd(3, 2, 3, 2, 0, 0), d = nd(3, 3, 2, 4, 0, 0);
    tnm_nd_dims o4 = nd(3, 3, 2, 2, 0, 0), o5 = nd(3, 4, 3, 2, 0, 0);
    static const int32_t perm_a[4] = {2, 0, 3, 1}, perm_b[4] = {3, 2, 1, 0}, perm_c[5] = {4, 1, 3, 0, 2};
    static const int32_t perm_d[3] = {1, 2, 0}, perm_e[3] = {2, 0, 1};
    const int32_t in_c = nd_count(&a) + nd_count(&b), in_d = in_c + 2 * nd_count(&c);
    long in_n = read_data("transpose", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("transpose", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != in_d + 4 * nd_count(&d) || out_n < 0) {
        CHECK(0);
        return;
    }
    memset(&p, 0, sizeof p);
    memcpy(p.perm, perm_a, sizeof perm_a);
    CHECK_EQ(TNM_OK, tnm_transpose(&p, 1, &a, g_input, &o1, g_out));
    expect_output("TRANSPOSE 2,0,3,1", &off, out_n, nd_count(&o1));
    memcpy(p.perm, perm_b, sizeof perm_b);
    CHECK_EQ(TNM_OK, tnm_transpose(&p, 1, &a, g_input, &o2, g_out));
    expect_output("TRANSPOSE 3,2,1,0", &off, out_n, nd_count(&o2));
    memcpy(p.perm, perm_c, sizeof perm_c);
    CHECK_EQ(TNM_OK, tnm_transpose(&p, 1, &b, g_input + nd_count(&a), &o3, g_out));
    expect_output("TRANSPOSE 5-D", &off, out_n, nd_count(&o3));
    /* int16 [2, 3, 2] perm 1, 2, 0 and float32 [3, 2, 4] perm 2, 0, 1, moved as bytes
     * (the test's buffers are byte arrays: any alignment) */
    memset(&p, 0, sizeof p);
    memcpy(p.perm, perm_d, sizeof perm_d);
    CHECK_EQ(TNM_OK, tnm_transpose(&p, 2, &c, g_input + in_c, &o4, g_out));
    expect_output("TRANSPOSE int16", &off, out_n, 2 * nd_count(&o4));
    memcpy(p.perm, perm_e, sizeof perm_e);
    CHECK_EQ(TNM_OK, tnm_transpose(&p, 4, &d, g_input + in_d, &o5, g_out));
    expect_output("TRANSPOSE float32", &off, out_n, 4 * nd_count(&o5));
    CHECK_EQ(out_n, off);
}

static void test_resize(void)
{
    /* out h, out w, align_corners, half_pixel_centers: RESIZE_CASES of make_models.py */
    static const int32_t cases[6][4] = {{6, 10, 0, 0}, {7, 4, 0, 1}, {7, 4, 1, 0},
                                        {2, 3, 1, 0}, {2, 3, 0, 1}, {5, 9, 1, 0}}; /* the last: ties */
    tnm_dims in = {1, 3, 5, 2};
    long in_n = read_data("resize", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("resize", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 30 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 6; ++i) {
        tnm_resize_params p;
        tnm_dims out = {1, 0, 0, 2};
        char what[64];
        out.h = cases[i][0];
        out.w = cases[i][1];
        p.align_corners = cases[i][2];
        p.half_pixel_centers = cases[i][3];
        snprintf(what, sizeof what, "RESIZE_NEAREST_NEIGHBOR case %d", i);
        CHECK_EQ(TNM_OK, tnm_resize_nearest_s8(&p, &in, g_input, &out, g_out));
        expect_output(what, &off, out_n, out.h * out.w * 2);
    }
    CHECK_EQ(out_n, off);
}

static void test_reduce(void)
{
    /* REDUCE_CASES of make_models.py: sum?, axis mask (axes resolved), output count,
     * output scale, output zero point. Input [2, 4, 5, 3], scale 0.05, zero point 3. */
    static const struct {
        int sum;
        int32_t mask, count;
        float scale;
        int32_t zp;
    } cases[7] = {{0, 0x6, 6, 0.02f, -7},  {0, 0x6, 6, 0.05f, 3},    {0, 0x8, 40, 0.03f, 0},
                  {0, 0x9, 20, 0.02f, -20}, {0, 0xF, 1, 0.001f, -128}, {1, 0x2, 30, 0.3f, 10},
                  {1, 0xD, 4, 2.0f, -2}};
    const float in_scale = 0.05f;
    tnm_nd_dims in = nd(4, 2, 4, 5, 3, 0);
    long in_n = read_data("reduce", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("reduce", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 120 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 7; ++i) {
        tnm_reduce_params p;
        int shift;
        char what[64];
        p.axis_mask = cases[i].mask;
        p.input_zero_point = 3;
        p.output_zero_point = cases[i].zp;
        ref_quantize_multiplier((double)in_scale / (double)cases[i].scale, &p.multiplier, &shift);
        p.shift = shift;
        snprintf(what, sizeof what, "%s case %d", cases[i].sum ? "SUM" : "MEAN", i);
        CHECK_EQ(TNM_OK, cases[i].sum ? tnm_sum_s8(&p, &in, g_input, cases[i].count, g_out)
                                      : tnm_mean_s8(&p, &in, g_input, cases[i].count, g_out));
        expect_output(what, &off, out_n, cases[i].count);
    }
    CHECK_EQ(out_n, off);
}

static void test_reduce_extreme(void)
{
    /* REDUCE_EXTREME_CASES of make_models.py: max?, input (0: x [2, 4, 5, 3], 1: x5
     * [2, 1, 3, 2, 3]), axis mask (axes resolved), output count. */
    static const struct {
        int max, src;
        int32_t mask, count;
    } cases[8] = {{1, 0, 0x6, 6},  {1, 0, 0x8, 40}, {1, 0, 0x9, 20}, {1, 0, 0xF, 1},
                  {0, 0, 0x2, 30}, {0, 0, 0x5, 12}, {1, 1, 0xA, 18}, {0, 1, 0x11, 6}};
    const tnm_nd_dims ins[2] = {nd(4, 2, 4, 5, 3, 0), nd(5, 2, 1, 3, 2, 3)};
    long in_n = read_data("reduce_extreme", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("reduce_extreme", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 156 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 8; ++i) {
        const int8_t *src = cases[i].src ? g_input + 120 : g_input;
        char what[64];
        snprintf(what, sizeof what, "%s case %d", cases[i].max ? "REDUCE_MAX" : "REDUCE_MIN", i);
        CHECK_EQ(TNM_OK, cases[i].max ? tnm_reduce_max_s8(cases[i].mask, &ins[cases[i].src], src, cases[i].count, g_out)
                                      : tnm_reduce_min_s8(cases[i].mask, &ins[cases[i].src], src, cases[i].count, g_out));
        expect_output(what, &off, out_n, cases[i].count);
    }
    CHECK_EQ(out_n, off);
}

static void test_arg_min_max(void)
{
    /* ARG_CASES of make_models.py: max?, input (0: x [2, 4, 5, 3], 1: x5 [2, 1, 3, 2, 3],
     * 2: x1 [7]), axis (resolved), output count; int32 outputs, compared as bytes. */
    static const struct {
        int max, src;
        int32_t axis, count;
    } cases[8] = {{1, 0, 3, 40}, {1, 0, 1, 30}, {0, 0, 0, 60}, {0, 0, 2, 24},
                  {1, 1, 4, 12}, {0, 1, 1, 36}, {1, 2, 0, 1},  {0, 2, 0, 1}};
    static const long src_offset[3] = {0, 120, 156};
    static int32_t indices[64];
    const tnm_nd_dims ins[3] = {nd(4, 2, 4, 5, 3, 0), nd(5, 2, 1, 3, 2, 3), nd(1, 7, 0, 0, 0, 0)};
    long in_n = read_data("arg_min_max", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("arg_min_max", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 163 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 8; ++i) {
        const int8_t *src = g_input + src_offset[cases[i].src];
        char what[64];
        snprintf(what, sizeof what, "%s case %d", cases[i].max ? "ARG_MAX" : "ARG_MIN", i);
        CHECK_EQ(TNM_OK, cases[i].max ? tnm_arg_max_s8(cases[i].axis, &ins[cases[i].src], src, cases[i].count, indices)
                                      : tnm_arg_min_s8(cases[i].axis, &ins[cases[i].src], src, cases[i].count, indices));
        memcpy(g_out, indices, (size_t)cases[i].count * sizeof(int32_t)); /* little-endian, as TFLM wrote */
        expect_output(what, &off, out_n, cases[i].count * 4);
    }
    CHECK_EQ(out_n, off);
}

static void test_gather(void)
{
    /* gather_model of make_models.py: x int8 [3, 4, 5] then positions p [2, 3], p2 [6], pb
     * [3, 2] (int32) in input.bin; the constant table in table.bin, the constant positions as
     * the model holds them. Cases: x by p on axis 1; table [10, 4] by p2 on axis 0; x by
     * {4, 0} on axis -1; x by pb on axis 1 with batch_dims 1; x by the scalar 2 on axis 0. */
    static int8_t table[40];
    static int32_t positions[18];
    static const int32_t c2[2] = {4, 0}, c4[1] = {2};
    static const tnm_gather_dims dims[5] = {
        {1, 3, 4, 6, 5}, {1, 1, 10, 6, 4}, {1, 12, 5, 2, 1}, {3, 1, 4, 2, 5}, {1, 1, 3, 1, 20}};
    const int32_t *pos[5];
    const int8_t *src[5];
    long in_n = read_data("gather", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("gather", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 60 + 72 || out_n < 0) {
        CHECK(0);
        return;
    }
    memcpy(positions, g_input + 60, sizeof positions);
    if (read_data("gather", "table.bin", table, sizeof table) != 40) {
        CHECK(0);
        return;
    }
    pos[0] = positions;
    pos[1] = positions + 6;
    pos[2] = c2;
    pos[3] = positions + 12;
    pos[4] = c4;
    for (i = 0; i < 5; ++i) src[i] = i == 1 ? table : g_input;
    for (i = 0; i < 5; ++i) {
        const tnm_gather_dims *d = &dims[i];
        const int32_t count = d->batch * d->outer * d->coords * d->inner;
        char what[32];
        snprintf(what, sizeof what, "GATHER case %d", i);
        CHECK_EQ(TNM_OK, tnm_gather(d, 1, src[i], pos[i], g_out));
        expect_output(what, &off, out_n, count);
    }
    CHECK_EQ(out_n, off);
}

static void test_depth_space(void)
{
    /* depth_space_model of make_models.py: inputs d [2, 2, 3, 12], d9 [1, 1, 2, 18], s
     * [1, 6, 4, 3]; D2S d block 2, D2S d9 block 3, S2D s block 2, S2D s block 1. Each case:
     * to_space, block, the depth side's dims, the input's offset in input.bin. */
    static const struct {
        int to_space;
        int32_t block;
        tnm_dims depth;
        long at;
    } cases[4] = {{1, 2, {2, 2, 3, 12}, 0}, {1, 3, {1, 1, 2, 18}, 144}, {0, 2, {1, 3, 2, 12}, 180},
                  {0, 1, {1, 6, 4, 3}, 180}};
    long in_n = read_data("depth_space", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("depth_space", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 252 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 4; ++i) {
        const tnm_dims *d = &cases[i].depth;
        char what[40];
        snprintf(what, sizeof what, "%s case %d", cases[i].to_space ? "DEPTH_TO_SPACE" : "SPACE_TO_DEPTH", i);
        CHECK_EQ(TNM_OK, tnm_depth_space(cases[i].to_space, 1, cases[i].block, d, g_input + cases[i].at, g_out));
        expect_output(what, &off, out_n, d->n * d->h * d->w * d->c);
    }
    CHECK_EQ(out_n, off);
}

static void test_resize_bilinear(void)
{
    /* RESIZE_BILINEAR_CASES of make_models.py: input (0: x [1, 3, 5, 2], 1: x2 [2, 4, 3, 1],
     * after x in input.bin), output h, w, align_corners, half_pixel_centers. */
    static const int32_t cases[8][5] = {{0, 6, 10, 0, 0}, {0, 7, 4, 0, 1}, {0, 7, 4, 1, 0}, {0, 2, 3, 1, 0},
                                        {0, 2, 3, 0, 1}, {0, 2, 2, 0, 0}, {1, 3, 7, 0, 1}, {1, 9, 2, 0, 0}};
    static const tnm_dims ins[2] = {{1, 3, 5, 2}, {2, 4, 3, 1}};
    long in_n = read_data("resize_bilinear", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("resize_bilinear", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 54 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 8; ++i) {
        const tnm_dims *in = &ins[cases[i][0]];
        tnm_resize_params p;
        tnm_dims out;
        char what[48];
        out.n = in->n;
        out.h = cases[i][1];
        out.w = cases[i][2];
        out.c = in->c;
        p.align_corners = cases[i][3];
        p.half_pixel_centers = cases[i][4];
        snprintf(what, sizeof what, "RESIZE_BILINEAR case %d", i);
        CHECK_EQ(TNM_OK, tnm_resize_bilinear_s8(&p, in, g_input + (cases[i][0] ? 30 : 0), &out, g_out));
        expect_output(what, &off, out_n, out.n * out.h * out.w * out.c);
    }
    CHECK_EQ(out_n, off);
}

static void test_space_batch(void)
{
    /* space_batch_model of make_models.py: inputs x [1, 5, 6, 3], x3 [2, 7, 4] (NHC: w 1),
     * y [8, 2, 3, 2]. S2B x block 2x3 pad top 1; B2S of that back, crop top 1; S2B x block
     * 2x2, pad top 0, left 1; S2B x3 block 3, pad top 1; B2S y block 2x2, crop left 1. TFLM
     * pads with 0 (its pad value is never set). */
    static const struct {
        int to_batch;
        tnm_space_batch_params p;
        tnm_dims in, out;
        long at; /* input offset in input.bin; -1: the first case's output */
    } cases[5] = {{1, {2, 3, 1, 0, 0}, {1, 5, 6, 3}, {6, 3, 2, 3}, 0},
                  {0, {2, 3, 1, 0, 0}, {6, 3, 2, 3}, {1, 5, 6, 3}, -1},
                  {1, {2, 2, 0, 1, 0}, {1, 5, 6, 3}, {4, 3, 4, 3}, 0},
                  {1, {3, 1, 1, 0, 0}, {2, 7, 1, 4}, {6, 3, 1, 4}, 90},
                  {0, {2, 2, 0, 1, 0}, {8, 2, 3, 2}, {2, 3, 5, 2}, 146}};
    static int8_t first[108];
    long in_n = read_data("space_batch", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("space_batch", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 90 + 56 + 96 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 5; ++i) {
        const tnm_dims *o = &cases[i].out;
        const int8_t *src = cases[i].at < 0 ? first : g_input + cases[i].at;
        char what[48];
        snprintf(what, sizeof what, "%s case %d", cases[i].to_batch ? "SPACE_TO_BATCH_ND" : "BATCH_TO_SPACE_ND", i);
        CHECK_EQ(TNM_OK, cases[i].to_batch ? tnm_space_to_batch_s8(&cases[i].p, &cases[i].in, src, o, g_out)
                                           : tnm_batch_to_space_s8(&cases[i].p, &cases[i].in, src, o, g_out));
        if (i == 0) memcpy(first, g_out, sizeof first);
        expect_output(what, &off, out_n, o->n * o->h * o->w * o->c);
    }
    CHECK_EQ(out_n, off);
}

static void test_mirror_pad(void)
{
    /* mirror_pad_model of make_models.py: x [1, 3, 4, 2] REFLECT by (0,0),(2,2),(1,2),(0,0);
     * x SYMMETRIC by (0,0),(3,3),(4,0),(0,0); x2 [2, 5] REFLECT by (1,0),(4,3), int64. */
    static const struct {
        int32_t symmetric, rank, before[4], after[4], in[4];
        long at;
    } cases[3] = {{0, 4, {0, 2, 1, 0}, {0, 2, 2, 0}, {1, 3, 4, 2}, 0},
                  {1, 4, {0, 3, 4, 0}, {0, 3, 0, 0}, {1, 3, 4, 2}, 0},
                  {0, 2, {1, 4, 0, 0}, {0, 3, 0, 0}, {2, 5, 0, 0}, 24}};
    long in_n = read_data("mirror_pad", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("mirror_pad", "output.bin", g_output, sizeof g_output), off = 0;
    int i, d;
    if (in_n != 34 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 3; ++i) {
        tnm_pad_params p;
        tnm_nd_dims in, out;
        int32_t count = 1;
        char what[40];
        memset(&p, 0, sizeof p);
        in.rank = out.rank = cases[i].rank;
        for (d = 0; d < cases[i].rank; ++d) {
            p.before[d] = cases[i].before[d];
            p.after[d] = cases[i].after[d];
            in.dims[d] = cases[i].in[d];
            out.dims[d] = in.dims[d] + p.before[d] + p.after[d];
            count *= out.dims[d];
        }
        snprintf(what, sizeof what, "MIRROR_PAD case %d", i);
        CHECK_EQ(TNM_OK, tnm_mirror_pad_s8(cases[i].symmetric, &p, &in, g_input + cases[i].at, &out, g_out));
        expect_output(what, &off, out_n, count);
    }
    CHECK_EQ(out_n, off);
}

static void test_l2norm(void)
{
    /* l2norm_model of make_models.py: x [2, 3, 8] zero point 3, x2 [4, 33] zero point -128 (its
     * first rows sum to 0 and 1: TFLM's special case), x3 [3, 1] zero point 0. */
    static const int32_t cases[3][4] = {{3, 6, 8, 0}, {-128, 4, 33, 48}, {0, 3, 1, 180}};
    long in_n = read_data("l2norm", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("l2norm", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 183 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 3; ++i) {
        char what[40];
        snprintf(what, sizeof what, "L2_NORMALIZATION case %d", i);
        CHECK_EQ(TNM_OK, tnm_l2_normalization_s8(cases[i][0], cases[i][1], cases[i][2], g_input + cases[i][3], g_out));
        expect_output(what, &off, out_n, cases[i][1] * cases[i][2]);
    }
    CHECK_EQ(out_n, off);
}

static void test_log_softmax(void)
{
    /* log_softmax_model of make_models.py: {input scale, rows, depth, input offset} of x, x2, x3,
     * x4, x5 (left shifts 23 to 29; x2's rows of one value and one far maximum, x4's rows of
     * 700 values nearly all at the maximum) */
    static const double scales[5] = {0.1, 0.5, 0.1, 0.02, 4.0};
    static const int32_t cases[5][3] = {{6, 10, 0}, {4, 40, 60}, {3, 1, 220}, {2, 700, 223}, {4, 16, 1623}};
    long in_n = read_data("log_softmax", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("log_softmax", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 1687 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 5; ++i) {
        char what[40];
        tnm_log_softmax_params p;
        ref_log_softmax_params(scales[i], &p);
        snprintf(what, sizeof what, "LOG_SOFTMAX case %d", i);
        CHECK_EQ(TNM_OK, tnm_log_softmax_s8(&p, cases[i][0], cases[i][1], g_input + cases[i][2], g_out));
        expect_output(what, &off, out_n, cases[i][0] * cases[i][1]);
    }
    CHECK_EQ(out_n, off);
}

/* batch_matmul_model of make_models.py: 11 BATCH_MATMUL layers over the inputs of input.bin (in
 * model order) and the constants of constants.bin; each operand named by where it lies, its
 * shape, scale and zero point as the model has them; TFLM's multiplier: lhs scale x rhs scale
 * in float (GetQuantizedConvolutionMultipler), over the output scale in double. */
typedef struct {
    int32_t rank;
    int32_t dims[5];
    float scale;
    int32_t zp;
    int32_t src, offset; /* src 0: input.bin, 1: constants.bin; byte offset */
} bmm_operand;

static void bmm_dims_of(const bmm_operand *l, const bmm_operand *r, int32_t adj_x, int32_t adj_y,
                        tnm_batch_matmul_dims *d, int32_t *out_count)
{
    int32_t i, n = 1;
    for (i = 0; i < 3; ++i) {
        const int32_t la = i - (5 - l->rank), ra = i - (5 - r->rank);
        d->lhs_batch[i] = la >= 0 ? l->dims[la] : 1;
        d->rhs_batch[i] = ra >= 0 ? r->dims[ra] : 1;
        n *= d->lhs_batch[i] == 1 ? d->rhs_batch[i] : d->lhs_batch[i];
    }
    d->adj_x = adj_x;
    d->adj_y = adj_y;
    d->rows = l->dims[l->rank - (adj_x ? 1 : 2)];
    d->depth = l->dims[l->rank - (adj_x ? 2 : 1)];
    d->cols = r->dims[r->rank - (adj_y ? 2 : 1)];
    *out_count = n * d->rows * d->cols;
}

static void test_batch_matmul(void)
{
    enum { A, B, X3, Y, Z, P, Q, QQ, KK, U, V, H, G, C1, C2, C3, C16 };
    static const bmm_operand t[17] = {
        {2, {3, 5}, 0.05f, -3, 0, 0},          {2, {5, 4}, 0.04f, 6, 0, 15},
        {3, {2, 3, 5}, 0.05f, -3, 0, 35},      {3, {1, 3, 5}, 0.06f, 10, 0, 65},
        {3, {2, 5, 4}, 0.03f, -20, 0, 80},     {4, {2, 1, 5, 3}, 0.05f, 0, 0, 120},
        {4, {1, 3, 5, 4}, 0.04f, 127, 0, 150}, {4, {1, 2, 4, 6}, 0.1f, -128, 0, 210},
        {4, {1, 2, 5, 6}, 0.1f, 5, 0, 258},    {5, {2, 1, 2, 4, 3}, 0.05f, 1, 0, 318},
        {5, {1, 3, 1, 5, 4}, 0.07f, -1, 0, 366}, {3, {2, 3, 4}, 0.001f, 0, 0, 426},
        {3, {2, 3, 4}, 0.0015f, 0, 0, 474},    {3, {1, 5, 4}, 0.02f, 3, 1, 0},
        {2, {3, 5}, 0.03f, -4, 1, 20},         {2, {4, 5}, 0.025f, 0, 1, 35},
        {2, {4, 2}, 0.002f, 0, 1, 55}};
    static const struct {
        int32_t lhs, rhs, adj_x, adj_y, is16, out_zp;
        float out_scale;
    } cases[11] = {{A, B, 0, 0, 0, 1, 0.5f},      {X3, C1, 0, 0, 0, -2, 0.25f}, {Y, Z, 0, 0, 0, 0, 0.45f},
                   {P, Q, 1, 0, 0, -5, 0.5f},     {QQ, KK, 0, 1, 0, 3, 2.5f},   {U, V, 1, 1, 0, 0, 0.9f},
                   {C2, B, 0, 0, 0, -1, 0.3f},    {X3, C3, 0, 1, 0, 2, 0.31f},  {A, Q, 0, 0, 0, -7, 0.5f},
                   {H, G, 0, 1, 1, 0, 0.21f},     {H, C16, 0, 0, 1, 0, 0.29f}};
    static int8_t consts[71];
    static int16_t l16[64], r16[64], o16[64];
    long in_n = read_data("batch_matmul", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("batch_matmul", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 522 || out_n != 484 || read_data("batch_matmul", "constants.bin", consts, sizeof consts) != 71) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 11; ++i) {
        const bmm_operand *l = &t[cases[i].lhs], *r = &t[cases[i].rhs];
        const int8_t *lsrc = (l->src ? consts : g_input) + l->offset, *rsrc = (r->src ? consts : g_input) + r->offset;
        tnm_batch_matmul_dims d;
        tnm_batch_matmul_params p;
        volatile float product = l->scale * r->scale; /* TFLM multiplies the scales in float */
        int32_t count;
        int shift;
        char what[40];
        bmm_dims_of(l, r, cases[i].adj_x, cases[i].adj_y, &d, &count);
        ref_quantize_multiplier((double)product / (double)cases[i].out_scale, &p.output_multiplier, &shift);
        p.output_shift = shift;
        p.lhs_offset = -l->zp;
        p.rhs_offset = -r->zp;
        p.output_offset = cases[i].out_zp;
        snprintf(what, sizeof what, "BATCH_MATMUL case %d", i);
        if (cases[i].is16) {
            memcpy(l16, lsrc, 2u * (size_t)(d.rows * d.depth * d.lhs_batch[0] * d.lhs_batch[1] * d.lhs_batch[2]));
            memcpy(r16, rsrc, 2u * (size_t)(d.depth * d.cols * d.rhs_batch[0] * d.rhs_batch[1] * d.rhs_batch[2]));
            CHECK_EQ(TNM_OK, tnm_batch_matmul_s16(&p, &d, l16, r16, o16));
            memcpy(g_out, o16, 2u * (size_t)count);
            expect_output(what, &off, out_n, 2 * count);
        } else {
            CHECK_EQ(TNM_OK, tnm_batch_matmul_s8(&p, &d, lsrc, rsrc, g_out));
            expect_output(what, &off, out_n, count);
        }
    }
    CHECK_EQ(out_n, off);
}

/* TFLM's int16 ADD/SUB preparation (left shift 15) from the models' float32 scales:
 * add_common.cc in double, sub_common.cc dividing in float before widening. */
static void add16_params(int sub, float s1, float s2, float so, int32_t z1, int32_t z2, int32_t zo,
                         tnm_arith_params *p)
{
    int shift;
    double r1, r2, ro;
    memset(p, 0, sizeof *p);
    p->input1_offset = -z1;
    p->input2_offset = -z2;
    p->output_offset = zo;
    p->left_shift = 15;
    if (sub) {
        const float twice_max = 2.0f * (s1 > s2 ? s1 : s2);
        volatile float q1 = s1 / twice_max, q2 = s2 / twice_max, qo = twice_max / ((float)(1 << 15) * so);
        r1 = q1;
        r2 = q2;
        ro = qo;
    } else {
        const double twice_max = 2.0 * (double)(s1 > s2 ? s1 : s2);
        r1 = (double)s1 / twice_max;
        r2 = (double)s2 / twice_max;
        ro = twice_max / ((1 << 15) * (double)so);
    }
    ref_quantize_multiplier(r1, &p->input1_multiplier, &shift);
    p->input1_shift = shift;
    ref_quantize_multiplier(r2, &p->input2_multiplier, &shift);
    p->input2_shift = shift;
    ref_quantize_multiplier(ro, &p->output_multiplier, &shift);
    p->output_shift = shift;
    p->act_min = -32768;
    p->act_max = 32767;
}

static void test_add_sub_s16(void)
{
    /* add_sub_s16_model of make_models.py: a, b int16 [1, 3, 4, 5] (0.0005, 0.0002, zp 0), c
     * [1, 1, 1, 5] (0.001, zp 7), constant k [5] (0.0003, k.bin). ADD a b (0.0008); SUB a b
     * (0.0006); ADD a c RELU (0.002, zp -3: the range from the zero point up); SUB k b
     * (0.0004). */
    static int16_t in[60 + 60 + 5], k[5], out[60];
    const tnm_dims full = {1, 3, 4, 5}, row = {1, 1, 1, 5};
    tnm_arith_params p;
    long in_n = read_data("add_sub_s16", "input.bin", in, sizeof in);
    long out_n = read_data("add_sub_s16", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != 250 || out_n != 480 || read_data("add_sub_s16", "k.bin", k, sizeof k) != 10) {
        CHECK(0);
        return;
    }
    add16_params(0, 0.0005f, 0.0002f, 0.0008f, 0, 0, 0, &p);
    CHECK_EQ(TNM_OK, tnm_add_s16(&p, &full, in, &full, in + 60, &full, out));
    memcpy(g_out, out, 120);
    expect_output("ADD int16", &off, out_n, 120);
    add16_params(1, 0.0005f, 0.0002f, 0.0006f, 0, 0, 0, &p);
    CHECK_EQ(TNM_OK, tnm_sub_s16(&p, &full, in, &full, in + 60, &full, out));
    memcpy(g_out, out, 120);
    expect_output("SUB int16", &off, out_n, 120);
    add16_params(0, 0.0005f, 0.001f, 0.002f, 0, 7, -3, &p);
    p.act_min = -3; /* RELU: max(qmin, zero point) */
    CHECK_EQ(TNM_OK, tnm_add_s16(&p, &full, in, &row, in + 120, &full, out));
    memcpy(g_out, out, 120);
    expect_output("ADD int16, broadcast, RELU", &off, out_n, 120);
    add16_params(1, 0.0003f, 0.0002f, 0.0004f, 0, 0, 0, &p);
    CHECK_EQ(TNM_OK, tnm_sub_s16(&p, &row, k, &full, in + 60, &full, out));
    memcpy(g_out, out, 120);
    expect_output("SUB int16, constant first", &off, out_n, 120);
    CHECK_EQ(out_n, off);
}

static void test_pad_s16(void)
{
    /* pad_s16_model of make_models.py: x int16 [1, 3, 4, 2]; PAD (0,0),(1,1),(2,1),(0,0) with 0
     * (TFLM's int16 PAD ignores the zero point); PADV2 (0,1),(0,0),(0,1),(0,1) with -1234. */
    static int16_t in[24], out[90];
    tnm_pad_params p;
    tnm_nd_dims a = nd(4, 1, 3, 4, 2, 0), o;
    long in_n = read_data("pad_s16", "input.bin", in, sizeof in);
    long out_n = read_data("pad_s16", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != 48 || out_n != 320) {
        CHECK(0);
        return;
    }
    memset(&p, 0, sizeof p);
    p.before[1] = 1;
    p.after[1] = 1;
    p.before[2] = 2;
    p.after[2] = 1;
    o = nd(4, 1, 5, 7, 2, 0);
    CHECK_EQ(TNM_OK, tnm_pad_s16(&p, &a, in, &o, out));
    memcpy(g_out, out, 140);
    expect_output("PAD int16", &off, out_n, 140);
    memset(&p, 0, sizeof p);
    p.pad_value = -1234;
    p.after[0] = 1;
    p.after[2] = 1;
    p.after[3] = 1;
    o = nd(4, 2, 3, 5, 3, 0);
    CHECK_EQ(TNM_OK, tnm_pad_s16(&p, &a, in, &o, out));
    memcpy(g_out, out, 180);
    expect_output("PADV2 int16", &off, out_n, 180);
    CHECK_EQ(out_n, off);
}

static void test_leaky_relu_s16(void)
{
    /* leaky_relu_s16_model of make_models.py: x int16 [2, 300] (0.001, zp 0); LEAKY_RELU alpha
     * 0.2 to (0.0008, 0), alpha -0.5 to (0.0015, 0). TFLM's multipliers: float quotients. */
    static int16_t in[600], out[600];
    static const float out_scale[2] = {0.0008f, 0.0015f}, alpha[2] = {0.2f, -0.5f};
    long in_n = read_data("leaky_relu_s16", "input.bin", in, sizeof in);
    long out_n = read_data("leaky_relu_s16", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 1200 || out_n != 2400) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 2; ++i) {
        tnm_leaky_relu_params p;
        int shift;
        volatile float identity = 0.001f / out_scale[i], scaled_alpha = 0.001f * alpha[i] / out_scale[i];
        p.input_zero_point = 0;
        p.output_zero_point = 0;
        ref_quantize_multiplier((double)identity, &p.identity_multiplier, &shift);
        p.identity_shift = shift;
        ref_quantize_multiplier((double)scaled_alpha, &p.alpha_multiplier, &shift);
        p.alpha_shift = shift;
        CHECK_EQ(TNM_OK, tnm_leaky_relu_s16(&p, 600, in, out));
        memcpy(g_out, out, 1200);
        expect_output(i ? "LEAKY_RELU int16, negative alpha" : "LEAKY_RELU int16", &off, out_n, 1200);
    }
    CHECK_EQ(out_n, off);
}

/* TFLM's SQUARED_DIFFERENCE preparation (squared_difference.cc PrepareQuantized) from the
 * models' float32 scales: left shift 7 (int8) or 0 (int16), the input multipliers in double,
 * the output's denominator (1 << 2 * left_shift) * output scale a float product. */
static void sqdiff_params(int int16, float s1, float s2, float so, int32_t z1, int32_t z2, int32_t zo,
                          tnm_arith_params *p)
{
    const int32_t left_shift = int16 ? 0 : 7;
    const double twice_max = 2.0 * (double)(s1 > s2 ? s1 : s2);
    volatile float denominator = (float)(1 << (2 * left_shift)) * so;
    int shift;
    memset(p, 0, sizeof *p);
    p->input1_offset = -z1;
    p->input2_offset = -z2;
    p->output_offset = zo;
    p->left_shift = left_shift;
    ref_quantize_multiplier((double)s1 / twice_max, &p->input1_multiplier, &shift);
    p->input1_shift = shift;
    ref_quantize_multiplier((double)s2 / twice_max, &p->input2_multiplier, &shift);
    p->input2_shift = shift;
    ref_quantize_multiplier(twice_max * twice_max / (double)denominator, &p->output_multiplier, &shift);
    p->output_shift = shift;
    p->act_min = int16 ? -32768 : -128;
    p->act_max = int16 ? 32767 : 127;
}

static void test_squared_difference(void)
{
    /* squared_difference_model of make_models.py: a int8 [1,3,4,5] (0.05, zp -3), b (0.03, 7),
     * c [1,1,4,1] (0.05, 10), x5 [2,1,3,2,2] (0.1, -20), y5 [1,2,1,1,2] (0.02, 0), a16 int16
     * [2,3,4] (0.0005, 0), b16 [4] (0.0007, 0); constants k8 [5] (0.04, 5) and k16 [2,1,4]
     * (0.0003, 0) in k.bin. The 5-D pair runs as 4-D: dims 2 and 3 merged (x5 6, y5 1). */
    static uint8_t k[21];
    static int16_t a16[24], b16[4], k16[8], out16[24];
    const tnm_dims full = {1, 3, 4, 5}, cd = {1, 1, 4, 1}, kd = {1, 1, 1, 5};
    const tnm_dims x5 = {2, 1, 6, 2}, y5 = {1, 2, 1, 2}, o5 = {2, 2, 6, 2};
    const tnm_dims d16 = {1, 2, 3, 4}, b16d = {1, 1, 1, 4}, k16d = {1, 2, 1, 4};
    const int8_t *a = g_input, *b = g_input + 60, *c = g_input + 120, *x = g_input + 124, *y = g_input + 148;
    tnm_arith_params p;
    long in_n = read_data("squared_difference", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("squared_difference", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != 208 || out_n != 384 || read_data("squared_difference", "k.bin", k, sizeof k) != 21) {
        CHECK(0);
        return;
    }
    memcpy(a16, g_input + 152, 48);
    memcpy(b16, g_input + 200, 8);
    memcpy(k16, k + 5, 16);
    sqdiff_params(0, 0.05f, 0.03f, 0.45f, -3, 7, -128, &p);
    CHECK_EQ(TNM_OK, tnm_squared_difference_s8(&p, &full, a, &full, b, &full, g_out));
    expect_output("SQUARED_DIFFERENCE a b", &off, out_n, 60);
    sqdiff_params(0, 0.05f, 0.05f, 0.6f, -3, 10, -128, &p);
    CHECK_EQ(TNM_OK, tnm_squared_difference_s8(&p, &full, a, &cd, c, &full, g_out));
    expect_output("SQUARED_DIFFERENCE a c, broadcast, equal scales", &off, out_n, 60);
    sqdiff_params(0, 0.04f, 0.05f, 0.5f, 5, -3, -100, &p);
    CHECK_EQ(TNM_OK, tnm_squared_difference_s8(&p, &kd, (const int8_t *)k, &full, a, &full, g_out));
    expect_output("SQUARED_DIFFERENCE k8 a, constant first", &off, out_n, 60);
    sqdiff_params(0, 0.1f, 0.02f, 1.25f, -20, 0, -128, &p);
    CHECK_EQ(TNM_OK, tnm_squared_difference_s8(&p, &x5, x, &y5, y, &o5, g_out));
    expect_output("SQUARED_DIFFERENCE x5 y5, 5-D broadcast", &off, out_n, 48);
    sqdiff_params(1, 0.0005f, 0.0007f, 0.05f, 0, 0, 0, &p);
    CHECK_EQ(TNM_OK, tnm_squared_difference_s16(&p, &d16, a16, &b16d, b16, &d16, out16));
    memcpy(g_out, out16, 48);
    expect_output("SQUARED_DIFFERENCE int16 a16 b16", &off, out_n, 48);
    sqdiff_params(1, 0.0003f, 0.0005f, 0.025f, 0, 0, 0, &p);
    CHECK_EQ(TNM_OK, tnm_squared_difference_s16(&p, &k16d, k16, &d16, a16, &d16, out16));
    memcpy(g_out, out16, 48);
    expect_output("SQUARED_DIFFERENCE int16 k16 a16, constant first", &off, out_n, 48);
    sqdiff_params(0, 0.05f, 0.03f, 4e-7f, -3, 7, -128, &p);
    CHECK(p.output_shift > 0); /* the left shift of a tiny output scale */
    CHECK_EQ(TNM_OK, tnm_squared_difference_s8(&p, &full, a, &full, b, &full, g_out));
    expect_output("SQUARED_DIFFERENCE a b, output left shift", &off, out_n, 60);
    CHECK_EQ(out_n, off);
}

static void test_cast(void)
{
    /* cast_model of make_models.py, input.bin from cast_input: a int8 [24], b int16 [10], c int32
     * [24], d float32 [32], e bool [8], each CAST to the types listed (TFLM's bytes, in output
     * order). Type numbers as TFLite's: int8 9, int16 7, int32 2, float32 0, bool 6. */
    static const struct {
        int32_t at, count, in_type, out_type;
    } k[16] = {{0, 24, 9, 2},     {0, 24, 9, 7},     {0, 24, 9, 0},     {24, 10, 7, 9},
               {24, 10, 7, 2},    {24, 10, 7, 0},    {44, 24, 2, 9},    {44, 24, 2, 7},
               {44, 24, 2, 0},    {140, 32, 0, 9},   {140, 32, 0, 7},   {140, 32, 0, 2},
               {140, 32, 0, 0},   {268, 8, 6, 9},    {268, 8, 6, 2},    {268, 8, 6, 0}};
    long in_n = read_data("cast", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("cast", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 276 || out_n != 922) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 16; ++i) {
        const int32_t size = k[i].out_type == 9 ? 1 : k[i].out_type == 7 ? 2 : 4;
        char what[32];
        snprintf(what, sizeof what, "CAST %d (%d -> %d)", i, (int)k[i].in_type, (int)k[i].out_type);
        CHECK_EQ(TNM_OK, tnm_cast(k[i].count, g_input + k[i].at, k[i].in_type, g_out, k[i].out_type));
        expect_output(what, &off, out_n, k[i].count * size);
    }
    CHECK_EQ(out_n, off);
}

static void test_dynamic_update_slice(void)
{
    /* dynamic_update_slice_model of make_models.py, input.bin from dynamic_update_slice_input:
     * a int8 [2,6,4] at 0, ua [2,2,4] at 48, sa, sb int32 [3] at 64, 76, b int16 [4,5] at 88, ub
     * [2,3] at 128, c int32 [1,2,3,2,2] at 140, uc [1,1,3,1,2] at 236, sc [5] at 260, d float32
     * [3,3] at 280, ud at 316, ue int8 [1,3] at 352. Constant starts as the model has them (k64's
     * -2^40 as INT32_MIN: both clamp to 0); the constant operand is eight 7s. */
    static const int32_t k64[3] = {1, 5, INT32_MIN}, kb[2] = {-1, 3}, kd[2] = {2, 1}, ke[2] = {0, 6};
    static const int8_t zeros[8] = {7, 7, 7, 7, 7, 7, 7, 7};
    static const int32_t ua_d[3] = {2, 2, 4}, ub_d[2] = {2, 3}, uc_d[5] = {1, 1, 3, 1, 2}, ud_d[2] = {3, 3},
                         ue_d[2] = {1, 3};
    const tnm_nd_dims a = nd(3, 2, 6, 4, 0, 0), b = nd(2, 4, 5, 0, 0, 0), c = nd(5, 1, 2, 3, 2, 2),
                      d = nd(2, 3, 3, 0, 0, 0), e = nd(2, 1, 8, 0, 0, 0);
    long in_n = read_data("dynamic_update_slice", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("dynamic_update_slice", "output.bin", g_output, sizeof g_output), off = 0;
    const int8_t *in = g_input;
    if (in_n != 355 || out_n != 324) {
        CHECK(0);
        return;
    }
    CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&a, ua_d, 1, in, in + 48, in + 64, g_out));
    expect_output("DYNAMIC_UPDATE_SLICE a at sa", &off, out_n, 48);
    CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&a, ua_d, 1, in, in + 48, in + 76, g_out));
    expect_output("DYNAMIC_UPDATE_SLICE a at sb (clamped)", &off, out_n, 48);
    CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&a, ua_d, 1, in, in + 48, k64, g_out));
    expect_output("DYNAMIC_UPDATE_SLICE a at k64", &off, out_n, 48);
    CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&b, ub_d, 2, in + 88, in + 128, kb, g_out));
    expect_output("DYNAMIC_UPDATE_SLICE int16 b at kb", &off, out_n, 40);
    CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&c, uc_d, 4, in + 140, in + 236, in + 260, g_out));
    expect_output("DYNAMIC_UPDATE_SLICE int32 5-D c at sc", &off, out_n, 96);
    CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&d, ud_d, 4, in + 280, in + 316, kd, g_out));
    expect_output("DYNAMIC_UPDATE_SLICE float32 whole", &off, out_n, 36);
    CHECK_EQ(TNM_OK, tnm_dynamic_update_slice(&e, ue_d, 1, zeros, in + 352, ke, g_out));
    expect_output("DYNAMIC_UPDATE_SLICE constant operand", &off, out_n, 8);
    CHECK_EQ(out_n, off);
}

static void test_broadcast_to(void)
{
    /* broadcast_to_model of make_models.py, input.bin from broadcast_to_input: x int8 [3,1] at 0,
     * y int16 [1,5] at 3, z float32 [2,1,3] at 13, w int32 [4] at 37, b bool [1] at 53, v8 int8
     * scalar at 54, vf float32 scalar at 55. BROADCAST_TO, FILL (the value broadcast from a
     * scalar) and ZEROS_LIKE (a zero scalar), in output order, through the one kernel. */
    static const int8_t k[2] = {-100, 55}, zero[4] = {0, 0, 0, 0};
    static const int32_t c32 = 123456;
    static const int8_t c8 = 9;
    static const struct {
        int32_t in_rank, in_dims[3], out_rank, out_dims[6], es, at; /* at: input offset, -1..-4 constants */
    } t[13] = {
        {2, {3, 1}, 3, {2, 3, 4}, 1, 0},           {2, {1, 5}, 3, {3, 4, 5}, 2, 3},
        {3, {2, 1, 3}, 3, {2, 2, 3}, 4, 13},       {1, {4}, 5, {2, 1, 3, 1, 4}, 4, 37},
        {1, {1}, 2, {3, 2}, 1, 53},                {1, {2}, 2, {3, 2}, 1, -1},
        {0, {0}, 2, {2, 3}, 1, 54},                {0, {0}, 3, {4, 1, 2}, 4, -2},
        {0, {0}, 1, {5}, 4, 55},                   {0, {0}, 6, {1, 2, 1, 2, 1, 2}, 1, -3},
        {0, {0}, 2, {3, 1}, 1, -4},                {0, {0}, 1, {4}, 4, -4},
        {0, {0}, 3, {2, 1, 3}, 4, -4}};
    long in_n = read_data("broadcast_to", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("broadcast_to", "output.bin", g_output, sizeof g_output), off = 0;
    int i, j;
    if (in_n != 59 || out_n != 409) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 13; ++i) {
        tnm_nd_dims in, out;
        const void *src = t[i].at >= 0 ? (const void *)(g_input + t[i].at)
                          : t[i].at == -1 ? (const void *)k
                          : t[i].at == -2 ? (const void *)&c32
                          : t[i].at == -3 ? (const void *)&c8
                                          : (const void *)zero;
        char what[48];
        memset(&in, 0, sizeof in);
        memset(&out, 0, sizeof out);
        in.rank = t[i].in_rank;
        out.rank = t[i].out_rank;
        for (j = 0; j < 3; ++j) in.dims[j] = t[i].in_dims[j];
        for (j = 0; j < 6; ++j) out.dims[j] = t[i].out_dims[j];
        snprintf(what, sizeof what, "BROADCAST_TO/FILL/ZEROS_LIKE %d", i);
        CHECK_EQ(TNM_OK, tnm_broadcast_to(&in, &out, t[i].es, src, g_out));
        expect_output(what, &off, out_n, nd_count(&out) * t[i].es);
    }
    CHECK_EQ(out_n, off);
}

static void test_gather_nd(void)
{
    /* gather_nd_model of make_models.py, input.bin from gather_nd_input: x int8 [3,4,5] at 0, f
     * float32 [4,3] at 60, x6 int8 [2,2,3,1,2,3] at 108, i3 int32 [2,3] at 180, i1 [2,2,1] at 204,
     * i2 [4,2] at 220, i5 [3,5] at 252; table.bin the constant table int8 [2,3,4]. */
    static const int32_t cf[6] = {3, 0, 1, 2, 0, 1}, cr[3] = {2, 2, 0};
    static int8_t table[24];
    const tnm_nd_dims x = nd(3, 3, 4, 5, 0, 0), f = nd(2, 4, 3, 0, 0, 0), t = nd(3, 2, 3, 4, 0, 0);
    tnm_nd_dims x6 = nd(5, 2, 2, 3, 1, 2);
    long in_n = read_data("gather_nd", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("gather_nd", "output.bin", g_output, sizeof g_output), off = 0;
    long table_n = read_data("gather_nd", "table.bin", table, sizeof table);
    const int8_t *in = g_input;
    int32_t idx[16];
    if (in_n != 312 || out_n != 155 || table_n != 24) {
        CHECK(0);
        return;
    }
    x6.rank = 6;
    x6.dims[5] = 3;
#define IDX(at, n) memcpy(idx, in + (at), 4u * (n))
    IDX(180, 6);
    CHECK_EQ(TNM_OK, tnm_gather_nd(&x, 3, 2, 1, in, idx, g_out));
    expect_output("GATHER_ND elements", &off, out_n, 2);
    IDX(204, 4);
    CHECK_EQ(TNM_OK, tnm_gather_nd(&x, 1, 4, 1, in, idx, g_out));
    expect_output("GATHER_ND rows", &off, out_n, 80);
    CHECK_EQ(TNM_OK, tnm_gather_nd(&f, 2, 3, 4, in + 60, cf, g_out));
    expect_output("GATHER_ND float32 elements", &off, out_n, 12);
    CHECK_EQ(TNM_OK, tnm_gather_nd(&f, 1, 3, 4, in + 60, cr, g_out));
    expect_output("GATHER_ND float32 rows", &off, out_n, 36);
    IDX(220, 8);
    CHECK_EQ(TNM_OK, tnm_gather_nd(&t, 2, 4, 1, table, idx, g_out));
    expect_output("GATHER_ND constant table", &off, out_n, 16);
    IDX(252, 15);
    CHECK_EQ(TNM_OK, tnm_gather_nd(&x6, 5, 3, 1, in + 108, idx, g_out));
    expect_output("GATHER_ND depth 5 of 6-D", &off, out_n, 9);
#undef IDX
    CHECK_EQ(out_n, off);
}

/* ADD_N's parameters as TFLM's Prepare makes them (add_n.cc) */
static tnm_add_n_params add_n_params(float s_in, int32_t zp_in, float s_out, int32_t zp_out)
{
    tnm_add_n_params p;
    const double twice = 2.0 * (double)s_in;
    int shift;
    p.input_offset = -zp_in;
    p.output_offset = zp_out;
    ref_quantize_multiplier((double)s_in / twice, &p.input_multiplier, &shift);
    p.input_shift = shift;
    ref_quantize_multiplier(twice / ((double)(1 << 20) * (double)s_out), &p.output_multiplier, &shift);
    p.output_shift = shift;
    return p;
}

static void test_add_n(void)
{
    /* add_n_model of make_models.py, input.bin from dump seed 11: a, b, c int8 [2,3,4] (0.05, 7) at
     * 0, 24, 48, x, y [1,2,2,3] (0.02, -128) at 72, 84, z, w [1,2,1,2,1,3] (0.1, 0) at 96, 108;
     * k.bin the constant input k (0.05, 7); f1, f2 float32 [2,5] at 120, 160, kf.bin the float32
     * constant kf. */
    static int8_t k[24];
    static float kf[10], f1[10], f2[10];
    const int8_t *in = g_input;
    long in_n = read_data("add_n", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("add_n", "output.bin", g_output, sizeof g_output), off = 0;
    long k_n = read_data("add_n", "k.bin", k, sizeof k), kf_n = read_data("add_n", "kf.bin", kf, sizeof kf);
    tnm_add_n_params p;
    if (in_n != 200 || out_n != 200 || k_n != 24 || kf_n != 40) {
        CHECK(0);
        return;
    }
    {
        const int8_t *ab[2] = {in, in + 24}, *abc[3] = {in, in + 24, in + 48};
        const int8_t *abcka[5] = {in, in + 24, in + 48, k, in};
        const int8_t *xy[10] = {in + 72, in + 84, in + 72, in + 84, in + 72, in + 84, in + 72, in + 84, in + 72, in + 84};
        const int8_t *zwz[3] = {in + 96, in + 108, in + 96};
        p = add_n_params(0.05f, 7, 0.1f, -3);
        CHECK_EQ(TNM_OK, tnm_add_n_s8(24, 2, ab, &p, g_out));
        expect_output("ADD_N a b", &off, out_n, 24);
        p = add_n_params(0.05f, 7, 0.13f, 5);
        CHECK_EQ(TNM_OK, tnm_add_n_s8(24, 3, abc, &p, g_out));
        expect_output("ADD_N a b c", &off, out_n, 24);
        p = add_n_params(0.05f, 7, 0.2f, 0);
        CHECK_EQ(TNM_OK, tnm_add_n_s8(24, 5, abcka, &p, g_out));
        expect_output("ADD_N a b c k a", &off, out_n, 24);
        p = add_n_params(0.05f, 7, 0.01f, 0);
        CHECK_EQ(TNM_OK, tnm_add_n_s8(24, 3, abc, &p, g_out));
        expect_output("ADD_N a b c saturated", &off, out_n, 24);
        p = add_n_params(0.02f, -128, 0.3f, -100);
        CHECK_EQ(TNM_OK, tnm_add_n_s8(12, 10, xy, &p, g_out));
        expect_output("ADD_N ten inputs, zero point -128", &off, out_n, 12);
        p = add_n_params(0.1f, 0, 0.25f, 2);
        CHECK_EQ(TNM_OK, tnm_add_n_s8(12, 3, zwz, &p, g_out));
        expect_output("ADD_N 6-D", &off, out_n, 12);
    }
    memcpy(f1, g_input + 120, sizeof f1);
    memcpy(f2, g_input + 160, sizeof f2);
    {
        const float *f12k[3] = {f1, f2, kf}, *f11[2] = {f1, f1};
        float fo[10];
        CHECK_EQ(TNM_OK, tnm_add_n_f32(10, 3, f12k, fo));
        memcpy(g_out, fo, sizeof fo);
        expect_output("ADD_N float32 f1 f2 kf", &off, out_n, 40);
        CHECK_EQ(TNM_OK, tnm_add_n_f32(10, 2, f11, fo));
        memcpy(g_out, fo, sizeof fo);
        expect_output("ADD_N float32 f1 f1", &off, out_n, 40);
    }
    CHECK_EQ(out_n, off);
}

static void test_cumsum(void)
{
    /* cumsum_model of make_models.py, input.bin from dump seed 11: x int8 [2,5,3] (0.05, 9) at 0,
     * v [12] (0.02, -128) at 30, h [1,2,1,3,2,2] (0.1, 0) at 42; each CUMSUM as
     * [before, depth, after] with its flags and output quantization (TFLM's bytes, output order);
     * then f float32 [3,4] at 66: axis 1 exclusive reverse, axis 0. */
    static const struct {
        int32_t at, before, depth, after, exclusive, reverse;
        float s_in;
        int32_t zp_in;
        float s_out;
        int32_t zp_out;
    } k[9] = {{0, 2, 5, 3, 0, 0, 0.05f, 9, 0.1f, -3},   {0, 2, 5, 3, 1, 0, 0.05f, 9, 0.1f, -3},
              {0, 2, 5, 3, 0, 1, 0.05f, 9, 0.1f, -3},   {0, 2, 5, 3, 1, 1, 0.05f, 9, 0.1f, -3},
              {0, 1, 2, 15, 0, 0, 0.05f, 9, 0.07f, 4},  {0, 10, 3, 1, 0, 1, 0.05f, 9, 0.12f, 0},
              {0, 2, 5, 3, 0, 0, 0.05f, 9, 0.02f, 0},   {30, 1, 12, 1, 1, 0, 0.02f, -128, 0.3f, -100},
              {42, 2, 3, 4, 0, 0, 0.1f, 0, 0.2f, 6}};
    long in_n = read_data("cumsum", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("cumsum", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    static float f[12], fo[12];
    if (in_n != 114 || out_n != 342) {
        CHECK(0);
        return;
    }
    for (i = 0; i < 9; ++i) {
        const tnm_add_n_params p = add_n_params(k[i].s_in, k[i].zp_in, k[i].s_out, k[i].zp_out);
        char what[32];
        snprintf(what, sizeof what, "CUMSUM %d", i);
        CHECK_EQ(TNM_OK, tnm_cumsum_s8(k[i].before, k[i].depth, k[i].after, k[i].exclusive, k[i].reverse, &p,
                                       g_input + k[i].at, g_out));
        expect_output(what, &off, out_n, k[i].before * k[i].depth * k[i].after);
    }
    memcpy(f, g_input + 66, sizeof f);
    CHECK_EQ(TNM_OK, tnm_cumsum_f32(3, 4, 1, 1, 1, f, fo));
    memcpy(g_out, fo, sizeof fo);
    expect_output("CUMSUM float32 axis 1 exclusive reverse", &off, out_n, 48);
    CHECK_EQ(TNM_OK, tnm_cumsum_f32(1, 3, 4, 0, 0, f, fo));
    memcpy(g_out, fo, sizeof fo);
    expect_output("CUMSUM float32 axis 0", &off, out_n, 48);
    CHECK_EQ(out_n, off);
}

static void test_rsqrt_abs(void)
{
    /* rsqrt_abs_model of make_models.py, input.bin from rsqrt_abs_input: x int8 [256] (0.02, zp
     * -128: every value), y [2,1,2,3,4] (0.5, zp 20: values >= 20), z [4,64] (0.05, zp -5: every
     * value), z16 int16 [60] (0.001, 0). RSQRT x to (0.05, -128), (0.1, 0), (2e-9, 0: shift 32,
     * TFLM's int32 products wrap), (20000, 3: shift -11); y to (0.01, -100), (0.3, 0). ABS z to
     * (0.05, 3: no requantization), (0.03, -128), (0.2, -128); z16 to (0.001, 0), (0.0007, 0),
     * (0.004, 0). Multipliers as TFLM's PrepareAbsRsqrt: 1 / double(sqrtf(si) * so), and
     * double(si / so). */
    static const struct {
        int32_t at, count;
        float si, so;
        int32_t zi, zo;
    } rs[6] = {{0, 256, 0.02f, 0.05f, -128, -128}, {0, 256, 0.02f, 0.1f, -128, 0},
               {0, 256, 0.02f, 2e-9f, -128, 0},     {0, 256, 0.02f, 20000.0f, -128, 3},
               {256, 48, 0.5f, 0.01f, 20, -100},    {256, 48, 0.5f, 0.3f, 20, 0}};
    static const float abs_so[6] = {0.05f, 0.03f, 0.2f, 0.001f, 0.0007f, 0.004f};
    static const int32_t abs_zo[6] = {3, -128, -128, 0, 0, 0};
    static int16_t z16[60], out16[60];
    long in_n = read_data("rsqrt_abs", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("rsqrt_abs", "output.bin", g_output, sizeof g_output), off = 0;
    int i;
    if (in_n != 680 || out_n != 2248) {
        CHECK(0);
        return;
    }
    memcpy(z16, g_input + 560, 120);
    for (i = 0; i < 6; ++i) {
        tnm_rsqrt_params p;
        char what[40];
        int shift;
        volatile float root_times_so = sqrtf(rs[i].si) * rs[i].so;
        p.input_zero_point = rs[i].zi;
        p.output_zero_point = rs[i].zo;
        ref_quantize_multiplier(1.0 / (double)root_times_so, &p.multiplier, &shift);
        p.shift = shift;
        snprintf(what, sizeof what, "RSQRT case %d (shift %d)", i, shift);
        CHECK_EQ(-1, tnm_rsqrt_first_negative(&p, rs[i].count, g_input + rs[i].at));
        CHECK_EQ(TNM_OK, tnm_rsqrt_s8(&p, rs[i].count, g_input + rs[i].at, g_out));
        expect_output(what, &off, out_n, rs[i].count);
    }
    for (i = 0; i < 6; ++i) {
        const float si = i < 3 ? 0.05f : 0.001f;
        volatile float ratio = si / abs_so[i];
        tnm_abs_params p;
        char what[40];
        int shift;
        p.input_zero_point = i < 3 ? -5 : 0;
        p.output_zero_point = abs_zo[i];
        p.rescale = si != abs_so[i];
        ref_quantize_multiplier((double)ratio, &p.multiplier, &shift);
        p.shift = shift;
        if (!p.rescale) p.multiplier = p.shift = 0;
        snprintf(what, sizeof what, "ABS case %d", i);
        if (i < 3) {
            CHECK_EQ(TNM_OK, tnm_abs_s8(&p, 256, g_input + 304, g_out));
            expect_output(what, &off, out_n, 256);
        } else {
            CHECK_EQ(TNM_OK, tnm_abs_s16(&p, 60, z16, out16));
            memcpy(g_out, out16, 120);
            expect_output(what, &off, out_n, 120);
        }
    }
    CHECK_EQ(out_n, off);
}

/* TFLite's TRANSPOSE_CONV padding: the output size is the image size. */
static int32_t transpose_conv_pad(int same, int32_t out_size, int32_t filter, int32_t stride)
{
    int32_t windowed = same ? (out_size + stride - 1) / stride : (out_size - filter) / stride + 1;
    int32_t total = (windowed - 1) * stride + filter - out_size;
    return total > 0 ? total / 2 : 0;
}

static void test_transpose_conv(void)
{
    static int8_t filter[512];
    int32_t bias[8], mult[8];
    int8_t shift[8];
    float fscale[8];
    const float in_scale = 0.04f;
    tnm_dims in = {1, 3, 4, 5};
    long in_n = read_data("transpose_conv", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("transpose_conv", "output.bin", g_output, sizeof g_output), off = 0;
    int k;
    if (in_n != 60 || out_n < 0) {
        CHECK(0);
        return;
    }
    for (k = 0; k < 2; ++k) {
        /* case 0: filter [6, 4, 3, 5] + bias, SAME, stride 2x2, out [1, 6, 8, 6], 0.1 / -3, NONE
         * case 1: filter [4, 3, 3, 5], VALID, stride 2x1, out [1, 7, 6, 4], 0.5 / 5, RELU */
        tnm_transpose_conv_params p;
        tnm_dims f, out;
        tnm_quant q;
        char name[32];
        const float out_scale = k == 0 ? 0.1f : 0.5f;
        const int32_t out_zp = k == 0 ? -3 : 5;
        int32_t c, count;
        f.n = k == 0 ? 6 : 4;
        f.h = k == 0 ? 4 : 3;
        f.w = 3;
        f.c = 5;
        out.n = 1;
        out.h = k == 0 ? 6 : 7;
        out.w = k == 0 ? 8 : 6;
        out.c = f.n;
        count = f.n * f.h * f.w * f.c;
        snprintf(name, sizeof name, "filter%d.bin", k);
        CHECK_EQ(count, read_data("transpose_conv", name, filter, sizeof filter));
        snprintf(name, sizeof name, "filter%d_scales.bin", k);
        CHECK_EQ(4 * f.n, read_data("transpose_conv", name, fscale, sizeof fscale));
        if (k == 0) CHECK_EQ(4 * f.n, read_data("transpose_conv", "bias0.bin", bias, sizeof bias));
        for (c = 0; c < f.n; ++c) {
            int s;
            ref_quantize_multiplier((double)in_scale * (double)fscale[c] / (double)out_scale, &mult[c], &s);
            shift[c] = (int8_t)s;
        }
        q.multiplier = mult;
        q.shift = shift;
        memset(&p, 0, sizeof p);
        p.input_offset = -2;
        p.output_offset = out_zp;
        p.stride_h = 2;
        p.stride_w = k == 0 ? 2 : 1;
        p.pad_h = transpose_conv_pad(k == 0, out.h, f.h, p.stride_h);
        p.pad_w = transpose_conv_pad(k == 0, out.w, f.w, p.stride_w);
        p.act_min = k == 0 ? -128 : out_zp; /* RELU: the zero point */
        p.act_max = 127;
        CHECK_EQ(TNM_OK, tnm_transpose_conv_s8(&p, &q, &in, g_input, &f, filter, k == 0 ? bias : NULL,
                                               &out, g_out, NULL));
        expect_output(k == 0 ? "TRANSPOSE_CONV SAME" : "TRANSPOSE_CONV VALID", &off, out_n,
                      out.h * out.w * out.c);
    }
    CHECK_EQ(out_n, off);
}

/* TFLite's SAME padding (before) for one axis, dilated. */
static int32_t same_pad(int32_t in, int32_t out, int32_t filter, int32_t stride, int32_t dilation)
{
    const int32_t total = (out - 1) * stride + (filter - 1) * dilation + 1 - in;
    return total > 0 ? total / 2 : 0;
}

/* One CONV_2D case of a golden folder: input src, filter fh x fw, SAME (1) or VALID, strides,
 * row dilation, output dims (c = output channels), output scale and zero point, act 0 none,
 * 1 RELU, 2 RELU6. */
typedef struct {
    int src, fh, fw, same, sh, sw, dh;
    tnm_dims out;
    float scale;
    int zp, act;
} conv_case;

/* The folder's cases, in order: filter<k>.bin (n x h x w x c bytes), filter<k>_scales.bin (one
 * float a channel), bias<k>.bin (int32 a channel); the multipliers derived as TFLM's Prepare
 * does; every variant this build compiles against the outputs TFLM wrote. */
static void conv_golden(const char *folder, const conv_case *cases, int ncases, const tnm_dims *ins,
                        const float *in_scales, const int *in_zps, long in_total, long out_total)
{
    typedef tnm_status (*conv_fn)(const tnm_conv_params *, const tnm_quant *, const tnm_dims *, const int8_t *,
                                  const tnm_dims *, const int8_t *, const int32_t *, const tnm_dims *, int8_t *,
                                  void *);
    static int8_t input[4096], expected[16384], out[8192], filter[2048];
    static int32_t bias[32], mult[32];
    static int8_t shift[32];
    static float fscale[32];
    static uint32_t scratch[1024];
    struct {
        const char *name;
        conv_fn fn;
        int32_t (*need)(const tnm_dims *, const tnm_dims *);
    } variants[3];
    int nv = 0, k, v, c;
    long off = 0, in_at[8];
    const long out_n = read_data(folder, "output.bin", expected, sizeof expected);
    CHECK_EQ(in_total, read_data(folder, "input.bin", input, sizeof input));
    CHECK_EQ(out_total, out_n);
    for (k = 0, in_at[0] = 0; k < 7; ++k) in_at[k + 1] = in_at[k] + (long)ins[k].n * ins[k].h * ins[k].w * ins[k].c;
    variants[nv].name = "public";
    variants[nv].fn = tnm_conv_s8;
    variants[nv++].need = 0;
#if TNM_HAVE_ARM_DSP_VARIANT
    variants[nv].name = "arm_dsp";
    variants[nv].fn = tnm_conv_s8_arm_dsp;
    variants[nv++].need = tnm_opt_conv_scratch_arm_dsp;
#endif
#if TNM_HAVE_RV32_VARIANT
    variants[nv].name = "rv32";
    variants[nv].fn = tnm_conv_s8_rv32;
    variants[nv++].need = tnm_opt_conv_scratch_rv32;
#endif
    for (k = 0; k < ncases; ++k) {
        const int src = cases[k].src;
        const tnm_dims in = ins[src], o = cases[k].out;
        const int32_t count = o.n * o.h * o.w * o.c;
        tnm_dims f;
        tnm_conv_params p;
        tnm_quant q;
        char name[32];
        f.n = o.c;
        f.h = cases[k].fh;
        f.w = cases[k].fw;
        f.c = in.c;
        CHECK(o.c <= 32 && count < (int32_t)sizeof out);
        snprintf(name, sizeof name, "filter%d.bin", k);
        CHECK_EQ(f.n * f.h * f.w * f.c, read_data(folder, name, filter, sizeof filter));
        snprintf(name, sizeof name, "filter%d_scales.bin", k);
        CHECK_EQ(4 * o.c, read_data(folder, name, fscale, sizeof fscale));
        snprintf(name, sizeof name, "bias%d.bin", k);
        CHECK_EQ(4 * o.c, read_data(folder, name, bias, sizeof bias));
        for (c = 0; c < o.c; ++c) {
            int s;
            ref_quantize_multiplier((double)in_scales[src] * (double)fscale[c] / (double)cases[k].scale, &mult[c], &s);
            shift[c] = (int8_t)s;
        }
        q.multiplier = mult;
        q.shift = shift;
        memset(&p, 0, sizeof p);
        p.input_offset = -in_zps[src];
        p.output_offset = cases[k].zp;
        p.stride_h = cases[k].sh;
        p.stride_w = cases[k].sw;
        p.dilation_h = cases[k].dh;
        p.dilation_w = 1;
        p.depth_multiplier = 1;
        if (cases[k].same) {
            p.pad_h = same_pad(in.h, o.h, f.h, p.stride_h, p.dilation_h);
            p.pad_w = same_pad(in.w, o.w, f.w, p.stride_w, 1);
        }
        /* RELU6: 6 / scale above the zero point, within int8 */
        p.act_min = cases[k].act ? (cases[k].zp > -128 ? cases[k].zp : -128) : -128;
        p.act_max = cases[k].act == 2 ? cases[k].zp + (int)(6.0f / cases[k].scale + 0.5f) : 127;
        if (p.act_max > 127) p.act_max = 127;
        for (v = 0; v < nv; ++v) {
            const int32_t need = variants[v].need ? variants[v].need(&in, &f) : tnm_conv_s8_scratch_size(&in, &f, &o);
            int32_t i, bad = 0;
            CHECK(need >= 0 && need <= (int32_t)sizeof scratch);
            memset(out, 0x5A, sizeof out);
            CHECK_EQ(TNM_OK, variants[v].fn(&p, &q, &in, input + in_at[src], &f, filter, bias, &o, out, scratch));
            for (i = 0; i < count; ++i) bad += out[i] != expected[off + i];
            if (bad != 0) printf("%s case %d (%s): %d of %d bytes differ\n", folder, k, variants[v].name, (int)bad, (int)count);
            CHECK_EQ(0, bad);
            CHECK_EQ(0x5A, (uint8_t)out[count]);
        }
        off += count;
    }
    CHECK_EQ(out_n, off);
}

/* CONV_2D with one output channel: make_models.py's CONV_ONE_OUT_CASES. */
static void test_conv_one_out(void)
{
    static const conv_case cases[] = {
        {0, 3, 3, 1, 1, 1, 1, {1, 9, 11, 1}, 0.2f, 3, 0},   {0, 5, 5, 1, 2, 2, 2, {1, 5, 6, 1}, 0.3f, -7, 1},
        {0, 1, 1, 0, 1, 1, 1, {1, 9, 11, 1}, 0.1f, 0, 2},   {1, 3, 3, 1, 1, 1, 1, {2, 10, 7, 1}, 0.05f, 11, 0},
        {1, 7, 7, 1, 1, 1, 1, {2, 10, 7, 1}, 0.15f, -20, 0}, {1, 2, 4, 0, 2, 1, 1, {2, 5, 4, 1}, 0.08f, 2, 0},
    };
    static const tnm_dims ins[8] = {{1, 9, 11, 8}, {2, 10, 7, 3}};
    static const float in_scales[2] = {0.05f, 0.03f};
    static const int in_zps[2] = {-4, 9};
    conv_golden("conv_one_out", cases, 6, ins, in_scales, in_zps, 1212, 548);
}

/* Small patches: make_models.py's CONV_SMALL_CASES (the lookup tables of a 1x1 over one channel,
 * rv32's channel-at-a-time and two-channel paths). */
static void test_conv_small(void)
{
    static const conv_case cases[] = {
        {0, 1, 1, 0, 1, 1, 1, {1, 18, 20, 5}, 0.1f, 4, 0},   {0, 3, 3, 1, 1, 1, 1, {1, 18, 20, 6}, 0.1f, -128, 2},
        {1, 1, 1, 1, 2, 2, 1, {2, 12, 11, 9}, 0.2f, -5, 0},  {2, 1, 1, 0, 1, 1, 1, {1, 16, 18, 7}, 0.08f, 3, 0},
        {2, 1, 1, 0, 1, 1, 1, {1, 16, 18, 20}, 0.06f, -128, 1}, {2, 3, 3, 1, 2, 2, 1, {1, 8, 9, 2}, 0.15f, 12, 0},
        {3, 1, 1, 0, 1, 1, 1, {1, 9, 9, 3}, 0.1f, -9, 0},
    };
    static const tnm_dims ins[8] = {{1, 18, 20, 1}, {2, 24, 22, 1}, {1, 16, 18, 3}, {1, 9, 9, 8}};
    static const float in_scales[4] = {0.04f, 0.05f, 0.03f, 0.05f};
    static const int in_zps[4] = {-3, 6, 9, -4};
    conv_golden("conv_small", cases, 7, ins, in_scales, in_zps, 2928, 14499);
}

/* TFLite's CalculateActivationRangeQuantized for int8: 0 none, 1 RELU, 2 RELU_N1_TO_1, 3 RELU6 (the
 * bounds quantized as zero point + round(bound / scale), a float division). */
static void act_range_s8(int act, float scale, int32_t zp, int32_t *lo, int32_t *hi)
{
    const float bound_lo = act == 2 ? -1.0f : 0.0f, bound_hi = act == 2 ? 1.0f : 6.0f;
    *lo = -128;
    *hi = 127;
    if (act != 0) {
        const int32_t q = zp + (int32_t)roundf(bound_lo / scale);
        *lo = q > -128 ? q : -128;
    }
    if (act >= 2) {
        const int32_t q = zp + (int32_t)roundf(bound_hi / scale);
        *hi = q < 127 ? q : 127;
    }
}

/* DIV int8 as TFLM's Prepare makes it: QuantizeMultiplier(double(s1 / (s2 * so))), a float
 * quotient. */
static void div_params_of(float s1, float s2, float so, int32_t z1, int32_t z2, int32_t zo, int act,
                          tnm_div_params *p)
{
    volatile float real = s1 / (s2 * so);
    int shift;
    p->input1_offset = -z1;
    p->input2_offset = -z2;
    p->output_offset = zo;
    ref_quantize_multiplier((double)real, &p->output_multiplier, &shift);
    p->output_shift = shift;
    act_range_s8(act, so, zo, &p->act_min, &p->act_max);
}

static void test_div(void)
{
    /* div_model of make_models.py: a [16,16] (0.05, -3), b [16,16] (0.02, 9), x5 [2,1,3,2,4]
     * (0.1, 20), y5 [1,2,1,2,1] (0.05, -10), c [3,1] (0.01, -2), i1 int32 [3,4], i2 int32 [4];
     * constants k [5] (0.04, 5) in k.bin and the scalar s = -50 (0.02, 9). */
    static int8_t k[5];
    static int32_t i1[12], i2[4], o32[12];
    const int8_t *a = g_input, *b = g_input + 256, *x5 = g_input + 512, *y5 = g_input + 560, *c = g_input + 564;
    const int8_t s = -50;
    tnm_nd_dims d16 = nd(2, 16, 16, 0, 0, 0), dx5 = nd(5, 2, 1, 3, 2, 4), dy5 = nd(5, 1, 2, 1, 2, 1);
    tnm_nd_dims do5 = nd(5, 2, 2, 3, 2, 4), dc = nd(2, 3, 1, 0, 0, 0), dk = nd(1, 5, 0, 0, 0, 0);
    tnm_nd_dims dkc = nd(2, 3, 5, 0, 0, 0), ds = nd(1, 1, 0, 0, 0, 0), di1 = nd(2, 3, 4, 0, 0, 0);
    tnm_nd_dims di2 = nd(1, 4, 0, 0, 0, 0);
    tnm_div_params p;
    long in_n = read_data("div", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("div", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != 631 || out_n != 975 || read_data("div", "k.bin", k, sizeof k) != 5) {
        CHECK(0);
        return;
    }
    memcpy(i1, g_input + 567, 48);
    memcpy(i2, g_input + 615, 16);
    dx5.dims[5] = 0;
    div_params_of(0.05f, 0.02f, 0.03f, -3, 9, 5, 0, &p);
    CHECK_EQ(7, p.output_shift); /* the least shift of the model: no right shift past 31 */
    CHECK_EQ(TNM_OK, tnm_div_s8(&p, &d16, a, &d16, b, &d16, g_out));
    expect_output("DIV a b", &off, out_n, 256);
    div_params_of(0.05f, 0.02f, 0.035f, -3, 9, -128, 1, &p);
    CHECK_EQ(TNM_OK, tnm_div_s8(&p, &d16, a, &d16, b, &d16, g_out));
    expect_output("DIV a b RELU", &off, out_n, 256);
    div_params_of(0.1f, 0.05f, 0.015f, 20, -10, 0, 2, &p);
    CHECK_EQ(TNM_OK, tnm_div_s8(&p, &dx5, x5, &dy5, y5, &do5, g_out));
    expect_output("DIV x5 y5, 5-D broadcast, RELU_N1_TO_1", &off, out_n, 96);
    div_params_of(0.04f, 0.01f, 0.06f, 5, -2, -20, 0, &p);
    CHECK_EQ(TNM_OK, tnm_div_s8(&p, &dk, k, &dc, c, &dkc, g_out));
    expect_output("DIV k c, constant dividend, both broadcast", &off, out_n, 15);
    div_params_of(0.05f, 0.02f, 0.03f, -3, 9, -100, 3, &p);
    CHECK_EQ(TNM_OK, tnm_div_s8(&p, &d16, a, &ds, &s, &d16, g_out));
    expect_output("DIV a s, constant scalar divisor, RELU6", &off, out_n, 256);
    memset(&p, 0, sizeof p);
    p.act_min = INT32_MIN;
    p.act_max = INT32_MAX;
    CHECK_EQ(TNM_OK, tnm_div_s32(&p, &di1, i1, &di2, i2, &di1, o32));
    memcpy(g_out, o32, 48);
    expect_output("DIV int32", &off, out_n, 48);
    p.act_min = 0;
    p.act_max = 6;
    CHECK_EQ(TNM_OK, tnm_div_s32(&p, &di1, i1, &di2, i2, &di1, o32));
    memcpy(g_out, o32, 48);
    expect_output("DIV int32 RELU6", &off, out_n, 48);
    CHECK_EQ(out_n, off);
}

/* TFLM comparisons.cc Prepare for int8: left shift 8, each input's own scale as a multiplier
 * (QuantizeMultiplierSmallerThanOneExp of double(scale)). */
static void compare_params_of(int32_t kind, float s1, int32_t z1, float s2, int32_t z2, tnm_comparison_params *p)
{
    int shift;
    p->kind = kind;
    p->input1_offset = -z1;
    p->input2_offset = -z2;
    p->left_shift = 8;
    ref_quantize_multiplier((double)s1, &p->input1_multiplier, &shift);
    p->input1_shift = shift;
    ref_quantize_multiplier((double)s2, &p->input2_multiplier, &shift);
    p->input2_shift = shift;
}

static void test_comparison(void)
{
    /* comparison_model of make_models.py (COMPARISON_CASES): p [16,16] (0.1, 0), q [16,16] (0.2, 3),
     * r [16,1] (0.05, -7), x5 [2,1,3,2,4] (0.1, 20), y5 [1,2,1,2,1] (0.07, -10), t, u [8] (1e-10, 0
     * and 5), i int32 [2,3], j int32 [3]; constant k [16] (0.1, 0) in k.bin. */
    static int8_t k[16];
    static int32_t i32[6], j32[3];
    const int8_t *pp = g_input, *q = g_input + 256, *r = g_input + 512, *x5 = g_input + 528, *y5 = g_input + 576;
    const int8_t *t = g_input + 580, *u = g_input + 588;
    const tnm_nd_dims d16 = nd(2, 16, 16, 0, 0, 0), dr = nd(2, 16, 1, 0, 0, 0), dk = nd(1, 16, 0, 0, 0, 0);
    tnm_nd_dims dx5 = nd(5, 2, 1, 3, 2, 4), dy5 = nd(5, 1, 2, 1, 2, 1), do5 = nd(5, 2, 2, 3, 2, 4);
    const tnm_nd_dims d8 = nd(1, 8, 0, 0, 0, 0), di = nd(2, 2, 3, 0, 0, 0), dj = nd(1, 3, 0, 0, 0, 0);
    tnm_comparison_params p;
    long in_n = read_data("comparison", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("comparison", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != 632 || out_n != 1402 || read_data("comparison", "k.bin", k, sizeof k) != 16) {
        CHECK(0);
        return;
    }
    memcpy(i32, g_input + 596, 24);
    memcpy(j32, g_input + 620, 12);
    compare_params_of(TNM_COMPARISON_EQUAL, 0.1f, 0, 0.2f, 3, &p);
    CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &d16, pp, &d16, q, &d16, (uint8_t *)g_out));
    expect_output("EQUAL p q", &off, out_n, 256);
    p.kind = TNM_COMPARISON_LESS;
    CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &d16, pp, &d16, q, &d16, (uint8_t *)g_out));
    expect_output("LESS p q", &off, out_n, 256);
    p.kind = TNM_COMPARISON_GREATER;
    CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &d16, pp, &d16, q, &d16, (uint8_t *)g_out));
    expect_output("GREATER p q", &off, out_n, 256);
    compare_params_of(TNM_COMPARISON_GREATER, 0.05f, -7, 0.1f, 0, &p);
    CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &dr, r, &d16, pp, &d16, (uint8_t *)g_out));
    expect_output("GREATER r p, a column broadcast", &off, out_n, 256);
    compare_params_of(TNM_COMPARISON_EQUAL, 0.1f, 0, 0.1f, 0, &p);
    CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &d16, pp, &dk, k, &d16, (uint8_t *)g_out));
    expect_output("EQUAL p k, a constant row", &off, out_n, 256);
    compare_params_of(TNM_COMPARISON_LESS, 0.1f, 20, 0.07f, -10, &p);
    CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &dx5, x5, &dy5, y5, &do5, (uint8_t *)g_out));
    expect_output("LESS x5 y5, 5-D broadcast", &off, out_n, 96);
    compare_params_of(TNM_COMPARISON_EQUAL, 1e-10f, 0, 1e-10f, 5, &p);
    CHECK_EQ(0, p.input1_multiplier); /* below 2^-32: QuantizeMultiplier gives 0 */
    CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &d8, t, &d8, u, &d8, (uint8_t *)g_out));
    expect_output("EQUAL t u, multipliers 0", &off, out_n, 8);
    memset(&p, 0, sizeof p);
    p.kind = TNM_COMPARISON_LESS;
    CHECK_EQ(TNM_OK, tnm_compare_s32(&p, &di, i32, &dj, j32, &di, (uint8_t *)g_out));
    expect_output("LESS int32 i j", &off, out_n, 6);
    p.kind = TNM_COMPARISON_GREATER;
    CHECK_EQ(TNM_OK, tnm_compare_s32(&p, &dj, j32, &di, i32, &di, (uint8_t *)g_out));
    expect_output("GREATER int32 j i", &off, out_n, 6);
    p.kind = TNM_COMPARISON_EQUAL;
    CHECK_EQ(TNM_OK, tnm_compare_s32(&p, &di, i32, &dj, j32, &di, (uint8_t *)g_out));
    expect_output("EQUAL int32 i j", &off, out_n, 6);
    CHECK_EQ(out_n, off);
}

static void test_select_v2(void)
{
    /* select_v2_model of make_models.py: a, b int8 [4,8] (0.1, 2) -> LESS -> SELECT_V2(less, a, b);
     * c bool [2,1,3], x [2,4,3], y [1,4,1]; c16 bool [4,1], x16 int16 [4,5], constant k16 int16 [5]
     * (k.bin); c6 bool [2,1,1,2,1,3], x6 [1,3,1,1,2,1] (0.2, -5), y6 [1] (0.4, 7). */
    static int16_t k16[5], x16[20], o16[20];
    static uint8_t less[32];
    const int8_t *a = g_input, *b = g_input + 32, *x = g_input + 70, *y = g_input + 94, *x6 = g_input + 154;
    const uint8_t *c = (const uint8_t *)g_input + 64, *c16 = (const uint8_t *)g_input + 98;
    const uint8_t *c6 = (const uint8_t *)g_input + 142;
    const tnm_nd_dims dab = nd(2, 4, 8, 0, 0, 0), dc = nd(3, 2, 1, 3, 0, 0), dx = nd(3, 2, 4, 3, 0, 0);
    const tnm_nd_dims dy = nd(3, 1, 4, 1, 0, 0), dc16 = nd(2, 4, 1, 0, 0, 0), dx16 = nd(2, 4, 5, 0, 0, 0);
    const tnm_nd_dims dk16 = nd(1, 5, 0, 0, 0, 0), dy6 = nd(1, 1, 0, 0, 0, 0);
    tnm_nd_dims dc6 = nd(6, 2, 1, 1, 2, 1), dx6 = nd(6, 1, 3, 1, 1, 2), do6 = nd(6, 2, 3, 1, 2, 2);
    tnm_comparison_params p;
    long in_n = read_data("select_v2", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("select_v2", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != 161 || out_n != 168 || read_data("select_v2", "k.bin", k16, sizeof k16) != 10) {
        CHECK(0);
        return;
    }
    dc6.dims[5] = 3;
    dx6.dims[5] = 1;
    do6.dims[5] = 3;
    memcpy(x16, g_input + 102, 40);
    compare_params_of(TNM_COMPARISON_LESS, 0.1f, 2, 0.1f, 2, &p);
    CHECK_EQ(TNM_OK, tnm_compare_s8(&p, &dab, a, &dab, b, &dab, less));
    CHECK_EQ(TNM_OK, tnm_select(1, &dab, less, &dab, a, &dab, b, &dab, g_out));
    expect_output("SELECT_V2 after LESS", &off, out_n, 32);
    CHECK_EQ(TNM_OK, tnm_select(1, &dc, c, &dx, x, &dy, y, &dx, g_out));
    expect_output("SELECT_V2 c x y, broadcast", &off, out_n, 24);
    CHECK_EQ(TNM_OK, tnm_select(2, &dc16, c16, &dx16, x16, &dk16, k16, &dx16, o16));
    memcpy(g_out, o16, 40);
    expect_output("SELECT_V2 int16, constant y", &off, out_n, 40);
    CHECK_EQ(TNM_OK, tnm_select(1, &dc6, c6, &dx6, x6, &dy6, g_input + 160, &do6, g_out));
    expect_output("SELECT_V2 6-D, scales differ", &off, out_n, 72);
    CHECK_EQ(out_n, off);
}

int main(void)
{
    test_pad();
    test_transpose();
    test_resize();
    test_reduce();
    test_reduce_extreme();
    test_arg_min_max();
    test_gather();
    test_depth_space();
    test_resize_bilinear();
    test_space_batch();
    test_mirror_pad();
    test_l2norm();
    test_log_softmax();
    test_batch_matmul();
    test_add_sub_s16();
    test_pad_s16();
    test_leaky_relu_s16();
    test_squared_difference();
    test_rsqrt_abs();
    test_cast();
    test_div();
    test_comparison();
    test_select_v2();
    test_dynamic_update_slice();
    test_broadcast_to();
    test_gather_nd();
    test_add_n();
    test_cumsum();
    test_transpose_conv();
    test_conv_one_out();
    test_conv_small();
    return tnm_test_finish("test_kernels_nd_golden");
}
