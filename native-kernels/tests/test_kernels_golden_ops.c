/* LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU, RELU6, PRELU, SUB, MAXIMUM, MINIMUM:
 * byte for byte against TensorFlow Lite Micro's output for the tiny one-operator
 * models in tests/data/ops (README there: how the models and the golden bytes were
 * made). Each case derives the kernel parameters from the model's quantization the
 * way the offline compiler does (TFLM's Prepare), runs the kernel on the dumped input
 * and compares with TFLM's output. The quantization below repeats make_models.py. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#define MAX_BYTES 512

/* tests/data/ops/<case>/<file>, located from this source file's path (absolute in
 * CMake builds; semihosting on the emulated targets opens host paths too). */
static long read_case_file(const char *case_name, const char *file, int8_t *buf, long cap)
{
    char path[1024];
    const char *src = __FILE__;
    const char *slash = strrchr(src, '/');
    FILE *f;
    long n;
    if (slash == NULL) return -1;
    snprintf(path, sizeof path, "%.*s/data/ops/%s/%s", (int)(slash - src), src, case_name, file);
    f = fopen(path, "rb");
    if (f == NULL) {
        printf("cannot open %s\n", path);
        return -1;
    }
    n = (long)fread(buf, 1, (size_t)cap, f);
    fclose(f);
    return n;
}

typedef struct {
    int8_t input[MAX_BYTES];
    int8_t operand[MAX_BYTES]; /* the constant second input, where there is one */
    int8_t golden[MAX_BYTES];
    int8_t output[MAX_BYTES];
    long count;
} case_data;

/* Loads input.bin, output.bin (TFLM) and, for binary ops, operand.bin. */
static int load(const char *name, int binary, case_data *d)
{
    long n_out;
    memset(d, 0, sizeof *d);
    d->count = read_case_file(name, "input.bin", d->input, MAX_BYTES);
    n_out = read_case_file(name, "output.bin", d->golden, MAX_BYTES);
    CHECK(d->count > 0);
    CHECK_EQ(d->count, n_out);
    if (binary) CHECK(read_case_file(name, "operand.bin", d->operand, MAX_BYTES) > 0);
    memset(d->output, 0x55, sizeof d->output);
    return d->count > 0 && d->count == n_out;
}

static void compare(const char *name, const case_data *d)
{
    long i, mismatches = 0;
    for (i = 0; i < d->count; ++i) {
        if (d->output[i] != d->golden[i] && mismatches++ < 3) {
            printf("%s: byte %ld is %d, TFLM %d\n", name, i, d->output[i], d->golden[i]);
        }
    }
    CHECK_EQ(0, mismatches);
}

/* TFLite QuantizeMultiplier. */
static void qm(double real, int32_t *multiplier, int32_t *shift)
{
    int s;
    ref_quantize_multiplier(real, multiplier, &s);
    *shift = s;
}

static void logistic_tanh_case(const char *name, int tanh_fn, float scale, int32_t zp)
{
    case_data d;
    tnm_logistic_params p;
    int e;
    const double q = frexp((double)scale * (double)(1 << 27), &e);
    double radius;
    if (!load(name, 0, &d)) return;
    p.input_zero_point = zp;
    p.input_multiplier = (int32_t)round(q * 2147483648.0);
    p.input_left_shift = e;
    radius = floor(15.0 * (double)(1LL << 27) / ldexp(1.0, e));
    p.input_range_radius = (int32_t)radius; /* e >= 0 in these models */
    CHECK_EQ(TNM_OK, tanh_fn ? tnm_tanh_s8(&p, (int32_t)d.count, d.input, d.output)
                             : tnm_logistic_s8(&p, (int32_t)d.count, d.input, d.output));
    compare(name, &d);
}

/* microWakeWord okay_nabu_v2's LOGISTIC (tensor 91 -> 92) in the shared TFLM goldens
 * of the whole model, seeds 1-3; skipped without the reference data. */
static void nabu_logistic_shared(void)
{
    static const char *seeds[3] = {"seed1", "seed2", "seed3"};
    tnm_logistic_params p;
    int i, e;
    const double q = frexp((double)0.15294228494167328f * (double)(1 << 27), &e);
    if (tnm_shared_dir() == NULL) {
        printf("okay_nabu_v2 goldens: reference data absent, skipped\n");
        return;
    }
    p.input_zero_point = 46;
    p.input_multiplier = (int32_t)round(q * 2147483648.0);
    p.input_left_shift = e;
    p.input_range_radius = (int32_t)floor(15.0 * (double)(1LL << 27) / ldexp(1.0, e));
    for (i = 0; i < 3; ++i) {
        char path[128];
        int8_t in[1], golden[1], out[1];
        snprintf(path, sizeof path, "golden/okay_nabu_v2/%s/t091.bin", seeds[i]);
        CHECK_EQ(1, tnm_read_shared(path, in, 1));
        snprintf(path, sizeof path, "golden/okay_nabu_v2/%s/t092.bin", seeds[i]);
        CHECK_EQ(1, tnm_read_shared(path, golden, 1));
        CHECK_EQ(TNM_OK, tnm_logistic_s8(&p, 1, in, out));
        CHECK_EQ(golden[0], out[0]);
    }
}

static int32_t q15(int32_t m)
{
    return m >= INT32_MAX - (1 << 15) ? 32767 : (m + (1 << 15)) >> 16;
}

static void hard_swish_case(const char *name, float s_in, int32_t zp_in, float s_out, int32_t zp_out)
{
    case_data d;
    tnm_hard_swish_params p;
    const float hires = (1.0f / 128.0f) * s_in;
    int32_t m;
    if (!load(name, 0, &d)) return;
    p.input_zero_point = zp_in;
    p.output_zero_point = zp_out;
    qm((double)(hires / s_out), &m, &p.output_shift);
    p.output_multiplier = q15(m);
    qm((double)(hires / (3.0f / 32768.0f)), &m, &p.reluish_shift);
    p.reluish_multiplier = q15(m);
    CHECK_EQ(TNM_OK, tnm_hard_swish_s8(&p, (int32_t)d.count, d.input, d.output));
    compare(name, &d);
}

static void leaky_relu_case(const char *name, float s_in, int32_t zp_in, float s_out, int32_t zp_out,
                            float alpha)
{
    case_data d;
    tnm_leaky_relu_params p;
    if (!load(name, 0, &d)) return;
    p.input_zero_point = zp_in;
    p.output_zero_point = zp_out;
    qm((double)(s_in * alpha / s_out), &p.alpha_multiplier, &p.alpha_shift);
    qm((double)(s_in / s_out), &p.identity_multiplier, &p.identity_shift);
    CHECK_EQ(TNM_OK, tnm_leaky_relu_s8(&p, (int32_t)d.count, d.input, d.output));
    compare(name, &d);
}

static void relu_case(const char *name, float s_in, int32_t zp_in, float s_out, int32_t zp_out)
{
    case_data d;
    tnm_relu_params p;
    if (!load(name, 0, &d)) return;
    p.input_zero_point = zp_in;
    p.output_zero_point = zp_out;
    qm((double)(s_in / s_out), &p.output_multiplier, &p.output_shift);
    p.act_min = zp_out;
    p.act_max = 127;
    CHECK_EQ(TNM_OK, tnm_relu_s8(&p, (int32_t)d.count, d.input, d.output));
    compare(name, &d);
}

static void relu6_case(const char *name, float s_in, int32_t zp_in)
{
    case_data d;
    tnm_relu6_params p;
    if (!load(name, 0, &d)) return;
    p.zero = zp_in;
    p.six = ref_clamp((int64_t)roundf(6.0f / s_in) + zp_in, -128, 127);
    CHECK_EQ(TNM_OK, tnm_relu6_s8(&p, (int32_t)d.count, d.input, d.output));
    compare(name, &d);
}

static void prelu_case(const char *name, const tnm_dims *in, float s_in, int32_t zp_in,
                       const tnm_dims *alpha, float s_alpha, int32_t zp_alpha, float s_out,
                       int32_t zp_out)
{
    case_data d;
    tnm_prelu_params p;
    if (!load(name, 1, &d)) return;
    p.input_offset = -zp_in;
    p.alpha_offset = -zp_alpha;
    p.output_offset = zp_out;
    qm((double)s_in / (double)s_out, &p.output_multiplier_1, &p.output_shift_1);
    qm((double)s_in * (double)s_alpha / (double)s_out, &p.output_multiplier_2, &p.output_shift_2);
    CHECK_EQ(TNM_OK, tnm_prelu_s8(&p, in, d.input, alpha, d.operand, in, d.output));
    compare(name, &d);
}

/* Fused activation as TFLite's CalculateActivationRangeQuantized: 0 none, 1 RELU, 6 RELU6. */
static void activation_range(int act, float scale, int32_t zp, int32_t *act_min, int32_t *act_max)
{
    *act_min = -128;
    *act_max = 127;
    if (act == 1 || act == 6) *act_min = zp > -128 ? zp : -128; /* zp + round(0 / scale) */
    if (act == 6) {
        const int32_t six = zp + (int32_t)roundf(6.0f / scale);
        *act_max = six < 127 ? six : 127;
    }
}

/* SUB(input1, input2) with the model input as input1, or as input2 (const_first). */
static void sub_case(const char *name, int const_first, const tnm_dims *dims1, float s1,
                     int32_t zp1, const tnm_dims *dims2, float s2, int32_t zp2, float so,
                     int32_t zpo, int act)
{
    case_data d;
    tnm_arith_params p;
    const float twice_max = 2 * (s1 > s2 ? s1 : s2);
    const tnm_dims *out = const_first ? dims2 : dims1;
    if (!load(name, 1, &d)) return;
    memset(&p, 0, sizeof p);
    p.input1_offset = -zp1;
    p.input2_offset = -zp2;
    p.output_offset = zpo;
    p.left_shift = 20;
    qm((double)(s1 / twice_max), &p.input1_multiplier, &p.input1_shift);
    qm((double)(s2 / twice_max), &p.input2_multiplier, &p.input2_shift);
    qm((double)(twice_max / ((1 << 20) * so)), &p.output_multiplier, &p.output_shift);
    activation_range(act, so, zpo, &p.act_min, &p.act_max);
    CHECK_EQ(TNM_OK, const_first
                         ? tnm_sub_s8(&p, dims1, d.operand, dims2, d.input, out, d.output)
                         : tnm_sub_s8(&p, dims1, d.input, dims2, d.operand, out, d.output));
    compare(name, &d);
}

static void minmax_case(const char *name, int take_max)
{
    const tnm_dims in = {1, 2, 2, 8}, operand = {1, 1, 1, 8};
    case_data d;
    if (!load(name, 1, &d)) return;
    CHECK_EQ(TNM_OK, take_max ? tnm_maximum_s8(&in, d.input, &operand, d.operand, &in, d.output)
                              : tnm_minimum_s8(&in, d.input, &operand, d.operand, &in, d.output));
    compare(name, &d);
}

int main(void)
{
    const tnm_dims sub_a = {1, 2, 2, 8}, sub_a2 = {1, 1, 1, 8};
    const tnm_dims sub_b = {1, 3, 2, 4}, sub_b2 = {1, 3, 1, 1};
    const tnm_dims sub_c1 = {1, 1, 1, 1}, sub_c = {1, 2, 3, 4};
    const tnm_dims prelu_a = {1, 2, 3, 4}, prelu_a2 = {1, 1, 1, 4};
    const tnm_dims prelu_b = {1, 1, 4, 8}, prelu_b2 = {1, 1, 4, 1};
    logistic_tanh_case("logistic_a", 0, 0.0625f, 0);
    logistic_tanh_case("logistic_b", 0, 0.1172f, -128);
    logistic_tanh_case("logistic_c", 0, 3.5f, 20);
    logistic_tanh_case("logistic_e", 0, 1e-5f, 127);
    logistic_tanh_case("logistic_nabu", 0, 0.15294228494167328f, 46);
    nabu_logistic_shared();
    logistic_tanh_case("tanh_a", 1, 0.03f, 5);
    logistic_tanh_case("tanh_b", 1, 0.0625f, 0);
    logistic_tanh_case("tanh_c", 1, 5.0f, -128);
    hard_swish_case("hard_swish_a", 0.0235f, -128, 0.0201f, -113);
    hard_swish_case("hard_swish_b", 0.18f, 3, 0.1f, -125);
    hard_swish_case("hard_swish_c", 0.0001f, 0, 0.1f, 0);
    hard_swish_case("hard_swish_d", 10.0f, 0, 5.0f, -128);
    hard_swish_case("hard_swish_e", 1e-7f, -20, 1e-7f, 7);
    leaky_relu_case("leaky_relu_a", 0.05f, 10, 0.04f, -5, 0.2f);
    leaky_relu_case("leaky_relu_b", 0.05f, 10, 0.04f, -5, -0.5f);
    leaky_relu_case("leaky_relu_c", 0.02f, -100, 0.05f, 0, 1.7f);
    leaky_relu_case("leaky_relu_d", 0.5f, 127, 0.001f, 127, 0.01f);
    relu_case("relu_a", 0.05f, -20, 0.03f, -128);
    relu_case("relu_b", 0.05f, -20, 0.05f, -20);
    relu_case("relu_c", 0.5f, -128, 0.01f, -128);
    relu_case("relu_d", 1e-4f, 0, 0.002f, -128);
    relu6_case("relu6_a", 0.05f, -20);
    relu6_case("relu6_b", 0.01f, -128);
    prelu_case("prelu_a", &prelu_a, 0.05f, 3, &prelu_a2, 0.01f, -10, 0.06f, 0);
    prelu_case("prelu_b", &prelu_b, 0.02f, 127, &prelu_b2, 0.005f, 127, 0.05f, -128);
    sub_case("sub_a", 0, &sub_a, 0.07f, 5, &sub_a2, 0.03f, -3, 0.1f, 2, 0);
    sub_case("sub_b", 0, &sub_b, 0.02f, -7, &sub_b2, 0.05f, 100, 0.04f, 10, 1);
    sub_case("sub_c", 1, &sub_c1, 0.001f, -128, &sub_c, 0.001f, 0, 0.002f, -128, 6);
    minmax_case("maximum_a", 1);
    minmax_case("minimum_a", 0);
    return tnm_test_finish("test_kernels_golden_ops");
}
