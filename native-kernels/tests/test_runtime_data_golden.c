/* CONCATENATION, SPLIT, SPLIT_V, STRIDED_SLICE and QUANTIZE int8 <-> uint8 through the v2
 * runtime against TensorFlow Lite Micro's own outputs: tiny models in
 * tests/data/data_ops/<case>/ (made by its make_models.py), run through TFLM's reference
 * kernels, which wrote input.bin (the model inputs, concatenated) and output.bin (the
 * outputs, concatenated); see tests/data/data_ops/README.md. Each TFLite operator becomes a
 * one-layer blob with the parameter block the compiler writes for it (axis made
 * non-negative, SPLIT_V's -1 size resolved into the output shapes, the slice's masks and
 * begin/end/strides as the model holds them, QUANTIZE's multiplier from the two scales as
 * TFLM's Prepare computes it); the layer's output must equal TFLM's byte for byte. The data
 * is found beside this source file (__FILE__), so the test also runs on the emulated
 * targets through semihosting. */
#include <stdio.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_model_test.h"

static uint8_t g_input[1024], g_output[1024];
static tnm_bb g_b;
static uint32_t g_blob_words[2048];
static uint32_t g_arena_words[1024];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

/* Reads data/data_ops/<folder>/<name>; returns its size, or -1 (and a failed check). */
static long read_data(const char *folder, const char *name, void *buf, long cap)
{
    char relative[256];
    snprintf(relative, sizeof relative, "data_ops/%s/%s", folder, name);
    return tnm_read_test_data(relative, buf, cap);
}

/* A tensor of the model: type, shape, quantization. */
typedef struct {
    int32_t type, rank, dims[4], zero_point;
    float scale;
} tensor_desc;

static uint32_t desc_bytes(const tensor_desc *d)
{
    uint32_t n = tnm_bb_type_size(d->type);
    int32_t i;
    for (i = 0; i < d->rank; i++) n *= (uint32_t)d->dims[i];
    return n;
}

/* One layer: inputs from input.bin at in_at[k], outputs compared with output.bin at *out_at
 * (advanced past them). */
static void run_layer(const char *what, int32_t op, uint32_t n_in, const tensor_desc *ins,
                      const uint32_t *in_at, uint32_t n_out, const tensor_desc *outs,
                      uint32_t param_count, const int32_t *params, long in_total, long out_total,
                      long *out_at)
{
    uint32_t t_in[8], t_out[8], k, len;
    tnm_error err;
    memset(&err, 0, sizeof err);
    tnm_bb_init(&g_b);
    for (k = 0; k < n_in; k++)
        t_in[k] = tnm_bb_tensor_auto(&g_b, ins[k].type, ins[k].rank, ins[k].dims, ins[k].zero_point,
                                     ins[k].scale);
    for (k = 0; k < n_out; k++)
        t_out[k] = tnm_bb_tensor_auto(&g_b, outs[k].type, outs[k].rank, outs[k].dims,
                                      outs[k].zero_point, outs[k].scale);
    tnm_bb_layer(&g_b, op, n_in, t_in, n_out, t_out, param_count, params);
    for (k = 0; k < n_in; k++) tnm_bb_input(&g_b, t_in[k]);
    for (k = 0; k < n_out; k++) tnm_bb_output(&g_b, t_out[k]);
    len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
    CHECK(len > 0);
    if (tnm_test_check_model(blob(), len, what) != TNM_OK) return;
    memset(arena(), 0x5A, sizeof g_arena_words);
    for (k = 0; k < n_in; k++) {
        CHECK((long)(in_at[k] + desc_bytes(&ins[k])) <= in_total);
        if ((long)(in_at[k] + desc_bytes(&ins[k])) > in_total) return;
        memcpy(arena() + g_b.tensors[t_in[k]].offset, g_input + in_at[k], desc_bytes(&ins[k]));
    }
    CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
    for (k = 0; k < n_out; k++) {
        const uint32_t n = desc_bytes(&outs[k]);
        uint32_t i, bad = 0;
        CHECK(*out_at + (long)n <= out_total);
        if (*out_at + (long)n > out_total) return;
        for (i = 0; i < n; i++) bad += arena()[g_b.tensors[t_out[k]].offset + i] != g_output[*out_at + i];
        if (bad)
            printf("%s output %u: %u of %u bytes differ from TFLM\n", what, (unsigned)k, (unsigned)bad,
                   (unsigned)n);
        CHECK_EQ(0, bad);
        *out_at += (long)n;
    }
}

static tensor_desc s8(int32_t rank, int32_t d0, int32_t d1, int32_t d2, int32_t d3)
{
    tensor_desc d;
    d.type = TNM_TYPE_INT8;
    d.rank = rank;
    d.dims[0] = d0;
    d.dims[1] = d1;
    d.dims[2] = d2;
    d.dims[3] = d3;
    d.zero_point = -3; /* make_models.py: Q */
    d.scale = 0.05f;
    return d;
}

static tensor_desc i32(int32_t rank, int32_t d0, int32_t d1)
{
    tensor_desc d = s8(rank, d0, d1, 1, 1);
    d.type = TNM_TYPE_INT32;
    d.zero_point = 0;
    d.scale = 1.0f;
    return d;
}

static void test_concat(void)
{
    /* model inputs a [2,3,4], b [2,1,4], c [2,2,4], d [2,3,2], e [1,3,4], f int32 [2,2],
     * g int32 [2,3], at these positions of input.bin */
    const tensor_desc a = s8(3, 2, 3, 4, 1), b = s8(3, 2, 1, 4, 1), c = s8(3, 2, 2, 4, 1);
    const tensor_desc d = s8(3, 2, 3, 2, 1), e = s8(3, 1, 3, 4, 1);
    const tensor_desc f = i32(2, 2, 2), g = i32(2, 2, 3);
    const uint32_t at_a = 0, at_b = 24, at_c = 32, at_d = 48, at_e = 60, at_f = 72, at_g = 88;
    long in_n = read_data("concat", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("concat", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != 112 || out_n != 160) {
        CHECK(0);
        return;
    }
    {
        const tensor_desc ins[3] = {a, b, c}, out = s8(3, 2, 6, 4, 1);
        const uint32_t at[3] = {at_a, at_b, at_c};
        const int32_t axis = 1;
        run_layer("CONCATENATION axis 1", TNM_OP_CONCATENATION, 3, ins, at, 1, &out, 1, &axis, in_n,
                  out_n, &off);
    }
    {
        const tensor_desc ins[2] = {a, d}, out = s8(3, 2, 3, 6, 1);
        const uint32_t at[2] = {at_a, at_d};
        const int32_t axis = 2; /* -1 in the model */
        run_layer("CONCATENATION axis -1", TNM_OP_CONCATENATION, 2, ins, at, 1, &out, 1, &axis, in_n,
                  out_n, &off);
    }
    {
        const tensor_desc ins[2] = {e, a}, out = s8(3, 3, 3, 4, 1);
        const uint32_t at[2] = {at_e, at_a};
        const int32_t axis = 0;
        run_layer("CONCATENATION axis 0", TNM_OP_CONCATENATION, 2, ins, at, 1, &out, 1, &axis, in_n,
                  out_n, &off);
    }
    {
        const tensor_desc ins[2] = {f, g}, out = i32(2, 2, 5);
        const uint32_t at[2] = {at_f, at_g};
        const int32_t axis = 1;
        run_layer("CONCATENATION int32", TNM_OP_CONCATENATION, 2, ins, at, 1, &out, 1, &axis, in_n,
                  out_n, &off);
    }
    CHECK_EQ(out_n, off);
}

static void test_split(void)
{
    const tensor_desc x = s8(3, 2, 6, 4, 1);
    const uint32_t at = 0;
    long in_n = read_data("split", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("split", "output.bin", g_output, sizeof g_output), off = 0;
    if (in_n != 48 || out_n != 192) {
        CHECK(0);
        return;
    }
    {
        const tensor_desc outs[3] = {s8(3, 2, 2, 4, 1), s8(3, 2, 2, 4, 1), s8(3, 2, 2, 4, 1)};
        const int32_t axis = 1;
        run_layer("SPLIT axis 1 in 3", TNM_OP_SPLIT, 1, &x, &at, 3, outs, 1, &axis, in_n, out_n, &off);
    }
    {
        const tensor_desc outs[2] = {s8(3, 2, 6, 2, 1), s8(3, 2, 6, 2, 1)};
        const int32_t axis = 2; /* -1 */
        run_layer("SPLIT axis -1 in 2", TNM_OP_SPLIT, 1, &x, &at, 2, outs, 1, &axis, in_n, out_n, &off);
    }
    {
        /* sizes [1, -1, 2]: the -1 is 3 */
        const tensor_desc outs[3] = {s8(3, 2, 1, 4, 1), s8(3, 2, 3, 4, 1), s8(3, 2, 2, 4, 1)};
        const int32_t axis = 1;
        run_layer("SPLIT_V 1,-1,2", TNM_OP_SPLIT_V, 1, &x, &at, 3, outs, 1, &axis, in_n, out_n, &off);
    }
    {
        const tensor_desc outs[2] = {s8(3, 2, 6, 3, 1), s8(3, 2, 6, 1, 1)};
        const int32_t axis = 2;
        run_layer("SPLIT_V 3,1 axis 2", TNM_OP_SPLIT_V, 1, &x, &at, 2, outs, 1, &axis, in_n, out_n, &off);
    }
    CHECK_EQ(out_n, off);
}

/* make_models.py's SLICE_CASES: begin, end, strides, begin/end/shrink masks, output shape;
 * rank 3 slices x [3,4,5], rank 4 slices y [2,3,4,2]. */
typedef struct {
    int32_t rank, begin[4], end[4], strides[4], bmask, emask, smask, out_rank, out[4];
} slice_case;

static const slice_case k_slices[] = {
    {3, {0, 1, 0}, {3, 4, 5}, {1, 1, 2}, 0, 0, 0, 3, {3, 3, 3}},
    {3, {-1, -1, -1}, {0, 0, 0}, {-1, -2, -1}, 0, 5, 0, 3, {3, 2, 5}},
    {3, {1, 0, 2}, {2, 4, 3}, {1, 1, 1}, 0, 0, 5, 1, {4}},
    {3, {1, 3, -4}, {2, 1, 5}, {1, -1, 1}, 2, 1, 0, 3, {2, 2, 4}},
    {3, {2, 0, 4}, {0, 4, 0}, {-2, 3, -3}, 0, 2, 0, 3, {1, 2, 2}},
    {3, {0, -2, 1}, {0, 0, 0}, {1, 1, 1}, 1, 7, 1, 2, {2, 4}},
    {4, {1, 2, 3, 1}, {0, 0, 0, 0}, {-1, -1, -2, -1}, 0, 15, 0, 4, {2, 3, 2, 2}},
    {4, {0, 0, 1, 0}, {2, 3, 4, 1}, {1, 2, 1, 1}, 0, 0, 8, 3, {2, 2, 3}},
};

static void test_strided_slice(void)
{
    const tensor_desc x = s8(3, 3, 4, 5, 1), y = s8(4, 2, 3, 4, 2);
    long in_n = read_data("strided_slice", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("strided_slice", "output.bin", g_output, sizeof g_output), off = 0;
    size_t i;
    if (in_n != 108 || out_n != 125) {
        CHECK(0);
        return;
    }
    for (i = 0; i < sizeof k_slices / sizeof k_slices[0]; i++) {
        const slice_case *c = &k_slices[i];
        const uint32_t at = c->rank == 3 ? 0u : 60u;
        tensor_desc out = s8(c->out_rank, c->out[0], c->out[1], c->out[2], c->out[3]);
        int32_t params[7 + 12], k;
        char what[40];
        params[0] = c->bmask;
        params[1] = c->emask;
        params[2] = params[3] = 0; /* ellipsis, new axis */
        params[4] = c->smask;
        params[5] = 0; /* offset */
        params[6] = c->rank;
        for (k = 0; k < c->rank; k++) {
            params[7 + k] = c->begin[k];
            params[7 + c->rank + k] = c->end[k];
            params[7 + 2 * c->rank + k] = c->strides[k];
        }
        snprintf(what, sizeof what, "STRIDED_SLICE case %d", (int)i);
        run_layer(what, TNM_OP_STRIDED_SLICE, 1, c->rank == 3 ? &x : &y, &at, 1, &out,
                  (uint32_t)(7 + 3 * c->rank), params, in_n, out_n, &off);
    }
    CHECK_EQ(out_n, off);
}

/* make_models.py's QUANT_CASES: (input type, scale, zp) -> (output type, scale, zp) over
 * [256], each input every byte value. */
typedef struct {
    int32_t in_type;
    float in_scale;
    int32_t in_zp, out_type;
    float out_scale;
    int32_t out_zp;
} quant_case;

static const quant_case k_quants[] = {
    {TNM_TYPE_INT8, 0.05f, -3, TNM_TYPE_UINT8, 0.1f, 120},
    {TNM_TYPE_UINT8, 0.02f, 130, TNM_TYPE_INT8, 0.03f, -10},
    {TNM_TYPE_INT8, 0.5f, 17, TNM_TYPE_UINT8, 0.004f, 0},
    {TNM_TYPE_UINT8, 1.0f, 0, TNM_TYPE_INT8, 0.0117f, 127},
};

static void test_quantize(void)
{
    long in_n = read_data("quantize", "input.bin", g_input, sizeof g_input);
    long out_n = read_data("quantize", "output.bin", g_output, sizeof g_output), off = 0;
    size_t i;
    if (in_n != 1024 || out_n != 1024) {
        CHECK(0);
        return;
    }
    for (i = 0; i < sizeof k_quants / sizeof k_quants[0]; i++) {
        const quant_case *c = &k_quants[i];
        tensor_desc in = s8(1, 256, 1, 1, 1), out = in;
        const uint32_t at = (uint32_t)(256 * i);
        int32_t params[4];
        int shift;
        char what[40];
        in.type = c->in_type;
        in.scale = c->in_scale;
        in.zero_point = c->in_zp;
        out.type = c->out_type;
        out.scale = c->out_scale;
        out.zero_point = c->out_zp;
        /* TFLM's Prepare: QuantizeMultiplier(double(input scale) / double(output scale)) */
        ref_quantize_multiplier((double)c->in_scale / (double)c->out_scale, &params[0], &shift);
        params[1] = shift;
        params[2] = c->in_zp;
        params[3] = c->out_zp;
        snprintf(what, sizeof what, "QUANTIZE case %d", (int)i);
        run_layer(what, TNM_OP_QUANTIZE, 1, &in, &at, 1, &out, 4, params, in_n, out_n, &off);
    }
    CHECK_EQ(out_n, off);
}

int main(void)
{
    test_concat();
    test_split();
    test_strided_slice();
    test_quantize();
    return tnm_test_finish("test_runtime_data_golden");
}
