/* ADD and MUL (with 4-D broadcasting) against a direct reference loop. */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#define MAX_ELEMS 2000

static int8_t g_in1[MAX_ELEMS], g_in2[MAX_ELEMS], g_out[MAX_ELEMS + 16], g_expected[MAX_ELEMS];

/* TFLM's ADD preparation for int8 from real scales (left shift 20, twice the larger
 * input scale as the common scale), with TFLite's QuantizeMultiplierSmallerThanOneExp. */
static void add_params_from_scales(double s1, double s2, double so, tnm_arith_params *p)
{
    const double twice_max = 2.0 * (s1 > s2 ? s1 : s2);
    int shift;
    p->left_shift = 20;
    ref_quantize_multiplier(s1 / twice_max, &p->input1_multiplier, &shift);
    p->input1_shift = shift;
    ref_quantize_multiplier(s2 / twice_max, &p->input2_multiplier, &shift);
    p->input2_shift = shift;
    ref_quantize_multiplier(twice_max / ((1 << 20) * so), &p->output_multiplier, &shift);
    p->output_shift = shift;
}

static double rnd_scale(tnm_rng *rng)
{
    return exp(log(0.001) + (log(2.0) - log(0.001)) * (tnm_rng_next(rng) % 100000) / 100000.0);
}

static void random_dims(tnm_rng *rng, tnm_dims *out, tnm_dims *in1, tnm_dims *in2)
{
    int32_t a[4], b[4];
    int i;
    out->n = tnm_rng_range(rng, 1, 2);
    out->h = tnm_rng_range(rng, 1, 6);
    out->w = tnm_rng_range(rng, 1, 7);
    out->c = tnm_rng_range(rng, 1, 9);
    a[0] = b[0] = out->n;
    a[1] = b[1] = out->h;
    a[2] = b[2] = out->w;
    a[3] = b[3] = out->c;
    /* each input dim either equals the output dim or is 1 */
    for (i = 0; i < 4; ++i) {
        if (tnm_rng_range(rng, 0, 2) == 0) a[i] = 1;
        if (tnm_rng_range(rng, 0, 2) == 0) b[i] = 1;
    }
    in1->n = a[0]; in1->h = a[1]; in1->w = a[2]; in1->c = a[3];
    in2->n = b[0]; in2->h = b[1]; in2->w = b[2]; in2->c = b[3];
}

static int32_t flat(const tnm_dims *d) { return d->n * d->h * d->w * d->c; }

/* Index of output coordinate (b, y, x, c) in an input that may broadcast. */
static int32_t broadcast_index(const tnm_dims *d, int32_t b, int32_t y, int32_t x, int32_t c)
{
    if (d->n == 1) b = 0;
    if (d->h == 1) y = 0;
    if (d->w == 1) x = 0;
    if (d->c == 1) c = 0;
    return ((b * d->h + y) * d->w + x) * d->c + c;
}

static int32_t ref_add(const tnm_arith_params *p, int32_t x1, int32_t x2)
{
    int32_t a = ref_mbqm(ref_wrap32((int64_t)(x1 + p->input1_offset) * (1LL << p->left_shift)),
                         p->input1_multiplier, p->input1_shift);
    int32_t b = ref_mbqm(ref_wrap32((int64_t)(x2 + p->input2_offset) * (1LL << p->left_shift)),
                         p->input2_multiplier, p->input2_shift);
    int32_t sum = ref_wrap32((int64_t)a + b);
    int32_t v = ref_wrap32((int64_t)ref_mbqm(sum, p->output_multiplier, p->output_shift) + p->output_offset);
    return ref_clamp(v, p->act_min, p->act_max);
}

static int32_t ref_mul(const tnm_arith_params *p, int32_t x1, int32_t x2)
{
    int64_t product = (int64_t)(x1 + p->input1_offset) * (x2 + p->input2_offset);
    int32_t v = ref_wrap32((int64_t)ref_mbqm((int32_t)product, p->output_multiplier, p->output_shift) +
                           p->output_offset);
    return ref_clamp(v, p->act_min, p->act_max);
}

static void test_random(int mul, uint32_t seed)
{
    tnm_rng rng;
    int iter, saturated = 0, mid = 0;
    tnm_rng_seed(&rng, seed);
    for (iter = 0; iter < 3000; ++iter) {
        tnm_arith_params p;
        tnm_dims out, in1, in2;
        int32_t b, y, x, c, count, i;
        memset(&p, 0, sizeof p);
        random_dims(&rng, &out, &in1, &in2);
        p.input1_offset = -rnd_zero_point(&rng);
        p.input2_offset = -rnd_zero_point(&rng);
        p.output_offset = rnd_zero_point(&rng);
        rnd_act_range(&rng, &p.act_min, &p.act_max);
        if (mul) {
            if (tnm_rng_range(&rng, 0, 1)) {
                int shift;
                ref_quantize_multiplier(rnd_scale(&rng) * rnd_scale(&rng) / rnd_scale(&rng),
                                        &p.output_multiplier, &shift);
                p.output_shift = shift;
                if (p.output_shift > 30 || p.output_shift < -31) continue;
            } else {
                p.output_multiplier = rnd_multiplier(&rng);
                p.output_shift = rnd_shift(&rng, -16, 2);
            }
        } else {
            if (tnm_rng_range(&rng, 0, 2)) {
                add_params_from_scales(rnd_scale(&rng), rnd_scale(&rng), rnd_scale(&rng), &p);
                if (p.output_shift > 0 || p.output_shift < -31) continue; /* real multiplier >= 1: TFLite refuses */
            } else { /* raw parameters at the edges of the accepted ranges */
                p.left_shift = tnm_rng_range(&rng, 0, 3) ? 20 : tnm_rng_range(&rng, 0, 22);
                p.input1_multiplier = rnd_multiplier(&rng);
                p.input2_multiplier = rnd_multiplier(&rng);
                p.output_multiplier = rnd_multiplier(&rng);
                p.input1_shift = tnm_rng_range(&rng, -31, 0);
                p.input2_shift = tnm_rng_range(&rng, 0, 3) ? -1 : tnm_rng_range(&rng, -31, 0);
                p.output_shift = tnm_rng_range(&rng, 0, 3) ? tnm_rng_range(&rng, -24, -14)
                                                           : tnm_rng_range(&rng, -31, 0);
            }
        }
        rnd_fill_s8(&rng, g_in1, flat(&in1));
        rnd_fill_s8(&rng, g_in2, flat(&in2));
        for (b = 0; b < out.n; ++b)
            for (y = 0; y < out.h; ++y)
                for (x = 0; x < out.w; ++x)
                    for (c = 0; c < out.c; ++c) {
                        int32_t x1 = g_in1[broadcast_index(&in1, b, y, x, c)];
                        int32_t x2 = g_in2[broadcast_index(&in2, b, y, x, c)];
                        int32_t v = mul ? ref_mul(&p, x1, x2) : ref_add(&p, x1, x2);
                        g_expected[((b * out.h + y) * out.w + x) * out.c + c] = (int8_t)v;
                        if (v == p.act_min || v == p.act_max) saturated++;
                        else mid++;
                    }
        count = flat(&out);
        memset(g_out + count, 0x5A, 16);
        CHECK_EQ(TNM_OK, mul ? tnm_mul_s8(&p, &in1, g_in1, &in2, g_in2, &out, g_out)
                             : tnm_add_s8(&p, &in1, g_in1, &in2, g_in2, &out, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)count) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[count + i]);
    }
    CHECK(saturated > 1000);
    CHECK(mid > 1000);
    printf("%s: %d clamped and %d in-range outputs\n", mul ? "mul" : "add", saturated, mid);
}

static void test_known_values(void)
{
    /* ADD with equal scales 0.5, output scale 1: (3 + 5) * 0.5 = 4 */
    tnm_arith_params p;
    tnm_dims d = {1, 1, 1, 2};
    int8_t a[2] = {3, -128}, b[2] = {5, -128}, out[2];
    memset(&p, 0, sizeof p);
    p.act_min = -128;
    p.act_max = 127;
    add_params_from_scales(0.5, 0.5, 1.0, &p);
    CHECK_EQ(TNM_OK, tnm_add_s8(&p, &d, a, &d, b, &d, out));
    CHECK_EQ(4, out[0]);
    CHECK_EQ(-128, out[1]);
    /* MUL, scales 0.5 * 0.5 / 0.25 = 1: 3 * 5 = 15; zero points shift the operands */
    {
        int shift;
        ref_quantize_multiplier(1.0, &p.output_multiplier, &shift);
        p.output_shift = shift;
        CHECK_EQ(TNM_OK, tnm_mul_s8(&p, &d, a, &d, b, &d, out));
        CHECK_EQ(15, out[0]);
        CHECK_EQ(127, out[1]); /* (-128)^2 saturates */
        p.input1_offset = -3; /* zero point 3: (3 - 3) * 5 = 0, output zero point 7 */
        p.output_offset = 7;
        CHECK_EQ(TNM_OK, tnm_mul_s8(&p, &d, a, &d, b, &d, out));
        CHECK_EQ(7, out[0]);
    }
    /* argument errors */
    {
        tnm_dims bad = {1, 1, 1, 3};
        memset(&p, 0, sizeof p);
        p.act_min = -128;
        p.act_max = 127;
        add_params_from_scales(0.5, 0.5, 1.0, &p);
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s8(&p, &bad, a, &d, b, &d, out)); /* 3 vs 2 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s8(&p, &d, a, &d, b, &bad, out));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s8(NULL, &d, a, &d, b, &d, out));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s8(&p, &d, NULL, &d, b, &d, out));
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mul_s8(&p, &d, a, &d, b, &d, NULL));
        p.input1_shift = 1; /* ADD multipliers are < 1 in TFLite */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s8(&p, &d, a, &d, b, &d, out));
        p.input1_shift = -1;
        p.left_shift = 31;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s8(&p, &d, a, &d, b, &d, out));
        p.left_shift = 20;
        p.input2_offset = -128; /* zero point 128 is not int8 */
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s8(&p, &d, a, &d, b, &d, out));
        p.input2_offset = 0;
        p.output_shift = 31;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mul_s8(&p, &d, a, &d, b, &d, out));
    }
}

/* Same-shape ADD (the residual add): every pairing of input shifts the kernel's dense loops
 * distinguish (both 0: equal input scales; one 0, either input; none), TFLite's left shift
 * 20 and other shifts, all values of both inputs, against the reference loop. TFLite's
 * shift 0 comes with multiplier 2^30 (the half-input forms); forms 4 and 5 give a shift 0
 * another multiplier, and the other input a multiplier under 2^11, which those forms
 * must leave to the general loops. */
static void test_dense_add(uint32_t seed)
{
    tnm_rng rng;
    int iter, forms[3] = {0, 0, 0}, odd = 0;
    tnm_rng_seed(&rng, seed);
    for (iter = 0; iter < 900; ++iter) {
        tnm_arith_params p;
        tnm_dims d;
        const int form = iter % 6; /* 0: both shifts 0, 1: input 1's, 2: input 2's, 3: neither,
                                      4, 5: as 1 and 2 with the odd multipliers above */
        const double s = rnd_scale(&rng);
        double s1 = s, s2 = s;
        int32_t i, count;
        memset(&p, 0, sizeof p);
        if (form == 1 || form == 4) s2 = s * (0.05 + 0.9 * (tnm_rng_next(&rng) % 1000) / 1000.0);
        if (form == 2 || form == 5) s1 = s * (0.05 + 0.9 * (tnm_rng_next(&rng) % 1000) / 1000.0);
        add_params_from_scales(s1, s2, rnd_scale(&rng), &p);
        if (form == 3) { /* both shifts negative: raw multipliers */
            p.input1_multiplier = rnd_multiplier(&rng);
            p.input2_multiplier = rnd_multiplier(&rng);
            p.input1_shift = tnm_rng_range(&rng, -31, -1);
            p.input2_shift = tnm_rng_range(&rng, -31, -1);
        }
        if (form >= 4) { /* the shift-0 input: another multiplier, or the other: a small one */
            int32_t *m0 = form == 4 ? &p.input1_multiplier : &p.input2_multiplier;
            int32_t *m1 = form == 4 ? &p.input2_multiplier : &p.input1_multiplier;
            if (tnm_rng_range(&rng, 0, 1)) *m0 = (1 << 30) + (int32_t)tnm_rng_range(&rng, 1, 1 << 20);
            else *m1 = tnm_rng_range(&rng, 0, 3) == 0 ? 0 : (int32_t)tnm_rng_range(&rng, 1, (1 << 11) - 1);
        }
        if (tnm_rng_range(&rng, 0, 4) == 0) p.output_shift = tnm_rng_range(&rng, -31, -1); /* fast form or not */
        if (p.output_shift > 0 || p.output_shift < -31) continue;
        if (form < 3 && (p.input1_shift == 0) + (p.input2_shift == 0) != (form == 0 ? 2 : 1)) continue;
        if ((form == 1 || form == 4) && p.input1_shift != 0) continue;
        if ((form == 2 || form == 5) && p.input2_shift != 0) continue;
        if (form >= 4 && (p.input1_shift == 0) + (p.input2_shift == 0) != 1) continue;
        if (form >= 4) odd++;
        else forms[form == 0 ? 0 : form == 3 ? 2 : 1]++;
        p.input1_offset = -rnd_zero_point(&rng);
        p.input2_offset = -rnd_zero_point(&rng);
        p.output_offset = rnd_zero_point(&rng);
        rnd_act_range(&rng, &p.act_min, &p.act_max);
        d.n = 1;
        d.h = tnm_rng_range(&rng, 1, 5);
        d.w = tnm_rng_range(&rng, 1, 9);
        d.c = tnm_rng_range(&rng, 1, 33);
        count = d.n * d.h * d.w * d.c;
        if (count < 2 || count > MAX_ELEMS) continue;
        if (iter < 12) { /* every pair of values: input 1 fixed per call, input 2 all 256 */
            int32_t v1;
            d.h = d.w = 16;
            d.c = 1;
            for (v1 = -128; v1 < 128; ++v1) {
                for (i = 0; i < 256; ++i) {
                    g_in1[i] = (int8_t)v1;
                    g_in2[i] = (int8_t)(i - 128);
                    g_expected[i] = (int8_t)ref_add(&p, v1, i - 128);
                }
                CHECK_EQ(TNM_OK, tnm_add_s8(&p, &d, g_in1, &d, g_in2, &d, g_out));
                CHECK(memcmp(g_out, g_expected, 256) == 0);
            }
            continue;
        }
        rnd_fill_s8(&rng, g_in1, count);
        rnd_fill_s8(&rng, g_in2, count);
        g_in1[0] = -128; /* the extremes of both inputs */
        g_in2[0] = 127;
        g_in1[count - 1] = 127;
        g_in2[count - 1] = -128;
        for (i = 0; i < count; ++i) g_expected[i] = (int8_t)ref_add(&p, g_in1[i], g_in2[i]);
        memset(g_out + count, 0x5A, 16);
        CHECK_EQ(TNM_OK, tnm_add_s8(&p, &d, g_in1, &d, g_in2, &d, g_out));
        CHECK(memcmp(g_out, g_expected, (size_t)count) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A, g_out[count + i]);
    }
    CHECK(forms[0] > 50 && forms[1] > 100 && forms[2] > 50 && odd > 100);
    printf("dense add: %d with both shifts 0, %d with one, %d with none, %d with odd multipliers\n",
           forms[0], forms[1], forms[2], odd);
}

/* The low bits of the rescaled inputs: one input at its zero point (rescaled to 0), the
 * other through every value with a large input shift, and an output rescaling fine enough
 * (multiplier about 1/2, shift -2 to -4) that a rounding difference of 1 in the rescaled
 * input shows in the output. Random data rarely sees these bits (the output shift of
 * about -19 rounds them away). Either input at its zero point, the other with shift 0 and
 * multiplier 2^30 (the half-input forms) or not. */
static void test_add_low_bits(uint32_t seed)
{
    tnm_rng rng;
    int iter;
    tnm_rng_seed(&rng, seed);
    for (iter = 0; iter < 400; ++iter) {
        tnm_arith_params p;
        tnm_dims d;
        const int zero_first = iter % 2, half = (iter / 2) % 2;
        int32_t *mz = zero_first ? &p.input1_multiplier : &p.input2_multiplier;
        int32_t *sz = zero_first ? &p.input1_shift : &p.input2_shift;
        int32_t *mv = zero_first ? &p.input2_multiplier : &p.input1_multiplier;
        int32_t *sv = zero_first ? &p.input2_shift : &p.input1_shift;
        int32_t i, zp;
        memset(&p, 0, sizeof p);
        p.left_shift = 20;
        *mz = half ? 1 << 30 : rnd_multiplier(&rng);
        *sz = half ? 0 : tnm_rng_range(&rng, -3, 0);
        *mv = iter % 16 == 3 ? tnm_rng_range(&rng, 0, 4095) : rnd_multiplier(&rng);
        *sv = tnm_rng_range(&rng, -26, -6);
        p.output_multiplier = (1 << 30) + tnm_rng_range(&rng, 0, 1 << 20);
        p.output_shift = tnm_rng_range(&rng, -4, -2);
        p.input1_offset = -rnd_zero_point(&rng);
        p.input2_offset = -rnd_zero_point(&rng);
        p.output_offset = rnd_zero_point(&rng);
        p.act_min = -128;
        p.act_max = 127;
        zp = zero_first ? -p.input1_offset : -p.input2_offset;
        if (zp < -128 || zp > 127) continue;
        d.n = 1;
        d.h = 16;
        d.w = 16;
        d.c = 1;
        for (i = 0; i < 256; ++i) {
            (zero_first ? g_in1 : g_in2)[i] = (int8_t)zp;
            (zero_first ? g_in2 : g_in1)[i] = (int8_t)(i - 128);
            g_expected[i] = (int8_t)ref_add(&p, g_in1[i], g_in2[i]);
        }
        CHECK_EQ(TNM_OK, tnm_add_s8(&p, &d, g_in1, &d, g_in2, &d, g_out));
        CHECK(memcmp(g_out, g_expected, 256) == 0);
    }
}

/* ADD and SUB over int16 (tnm_add_s16 / tnm_sub_s16): TFLM's int16 preparation (left shift 15)
 * and ref_add's arithmetic (SUB subtracting the scaled inputs), broadcast in 4 dims, zero
 * points 0 as the converter writes them and others, fused activation ranges. */
static int16_t g_a16[MAX_ELEMS], g_b16[MAX_ELEMS], g_o16[MAX_ELEMS + 16], g_e16[MAX_ELEMS];

static int32_t ref_add_sub16(const tnm_arith_params *p, int32_t x1, int32_t x2, int subtract)
{
    int32_t a = ref_mbqm(ref_wrap32((int64_t)(x1 + p->input1_offset) * (1LL << p->left_shift)),
                         p->input1_multiplier, p->input1_shift);
    int32_t b = ref_mbqm(ref_wrap32((int64_t)(x2 + p->input2_offset) * (1LL << p->left_shift)),
                         p->input2_multiplier, p->input2_shift);
    int32_t sum = ref_wrap32(subtract ? (int64_t)a - b : (int64_t)a + b);
    int32_t v = ref_wrap32((int64_t)ref_mbqm(sum, p->output_multiplier, p->output_shift) + p->output_offset);
    return ref_clamp(v, p->act_min, p->act_max);
}

static void test_random_s16(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    const int want = 2000;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        const int subtract = done % 2;
        tnm_arith_params p;
        tnm_dims out, in1, in2;
        double s1 = rnd_scale(&rng) / 256.0, s2 = rnd_scale(&rng) / 256.0, so = rnd_scale(&rng) / 128.0;
        const double twice_max = 2.0 * (s1 > s2 ? s1 : s2);
        int32_t n1, n2, no, b, y, x, c, i, k = 0;
        int shift;
        memset(&p, 0, sizeof p);
        p.left_shift = 15;
        ref_quantize_multiplier(s1 / twice_max, &p.input1_multiplier, &shift);
        p.input1_shift = shift;
        ref_quantize_multiplier(s2 / twice_max, &p.input2_multiplier, &shift);
        p.input2_shift = shift;
        ref_quantize_multiplier(twice_max / ((1 << 15) * so), &p.output_multiplier, &shift);
        p.output_shift = shift;
        if (p.output_shift > 0) continue; /* an output scale 2^15 times below the inputs' */
        if (done % 3 != 0) {
            p.input1_offset = tnm_rng_range(&rng, -32767, 32767);
            p.input2_offset = tnm_rng_range(&rng, -32767, 32767);
            p.output_offset = tnm_rng_range(&rng, -32768, 32767);
        }
        p.act_min = -32768;
        p.act_max = 32767;
        if (done % 4 == 1) {
            p.act_min = tnm_rng_range(&rng, -32768, 0);
            p.act_max = tnm_rng_range(&rng, p.act_min, 32767);
        }
        random_dims(&rng, &out, &in1, &in2);
        if (done % 5 < 2) in1 = in2 = out; /* same shapes: the kernel's flat loops */
        n1 = flat(&in1);
        n2 = flat(&in2);
        no = flat(&out);
        for (i = 0; i < n1; ++i) g_a16[i] = (int16_t)tnm_rng_range(&rng, -32768, 32767);
        for (i = 0; i < n2; ++i) g_b16[i] = (int16_t)tnm_rng_range(&rng, -32768, 32767);
        for (b = 0; b < out.n; ++b)
            for (y = 0; y < out.h; ++y)
                for (x = 0; x < out.w; ++x)
                    for (c = 0; c < out.c; ++c)
                        g_e16[k++] = (int16_t)ref_add_sub16(&p, g_a16[broadcast_index(&in1, b, y, x, c)],
                                                            g_b16[broadcast_index(&in2, b, y, x, c)], subtract);
        for (i = 0; i < 16; ++i) g_o16[no + i] = 0x5A5A;
        CHECK_EQ(TNM_OK, subtract ? tnm_sub_s16(&p, &in1, g_a16, &in2, g_b16, &out, g_o16)
                                  : tnm_add_s16(&p, &in1, g_a16, &in2, g_b16, &out, g_o16));
        CHECK(memcmp(g_o16, g_e16, (size_t)no * 2u) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A, g_o16[no + i]);
        done++;
    }
    printf("add/sub int16: %d random cases\n", done);
    {
        /* arguments: a left shift above 15 (the sums would overflow), an int8-only range */
        tnm_arith_params p;
        tnm_dims d = {1, 1, 1, 2};
        memset(&p, 0, sizeof p);
        p.left_shift = 16;
        p.act_min = -32768;
        p.act_max = 32767;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s16(&p, &d, g_a16, &d, g_b16, &d, g_o16));
        p.left_shift = 15;
        p.output_shift = 1;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_sub_s16(&p, &d, g_a16, &d, g_b16, &d, g_o16));
        p.output_shift = 0;
        p.act_max = 32768;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s16(&p, &d, g_a16, &d, g_b16, &d, g_o16));
        p.act_max = 32767;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_add_s16(&p, &d, NULL, &d, g_b16, &d, g_o16));
        CHECK_EQ(TNM_OK, tnm_add_s16(&p, &d, g_a16, &d, g_b16, &d, g_o16));
    }
}

/* MUL over int16 against ref_mul: TFLM's zero points 0 (and sometimes small offsets, which the
 * kernel takes too), output multipliers either side of 1, int16 activation ranges, broadcasts. */
static void test_random_mul_s16(uint32_t seed)
{
    tnm_rng rng;
    int done = 0;
    tnm_rng_seed(&rng, seed);
    while (done < 1000) {
        tnm_arith_params p;
        tnm_dims out, in1, in2;
        int32_t n1, n2, no, b, y, x, c, i, k = 0;
        int shift;
        memset(&p, 0, sizeof p);
        ref_quantize_multiplier(rnd_scale(&rng) * rnd_scale(&rng) / rnd_scale(&rng) / 64.0, &p.output_multiplier, &shift);
        p.output_shift = shift;
        if (shift < -31 || shift > 30) continue;
        if (done % 4 == 3) {
            p.input1_offset = tnm_rng_range(&rng, -100, 100);
            p.input2_offset = tnm_rng_range(&rng, -100, 100);
            p.output_offset = tnm_rng_range(&rng, -100, 100);
        }
        p.act_min = -32768;
        p.act_max = 32767;
        if (done % 5 == 1) {
            p.act_min = tnm_rng_range(&rng, -32768, 0);
            p.act_max = tnm_rng_range(&rng, p.act_min, 32767);
        }
        random_dims(&rng, &out, &in1, &in2);
        if (done % 5 < 2) in1 = in2 = out; /* same shapes: the kernel's flat loops */
        n1 = flat(&in1);
        n2 = flat(&in2);
        no = flat(&out);
        for (i = 0; i < n1; ++i) g_a16[i] = (int16_t)tnm_rng_range(&rng, -32768, 32767);
        for (i = 0; i < n2; ++i) g_b16[i] = (int16_t)tnm_rng_range(&rng, -32768, 32767);
        for (b = 0; b < out.n; ++b)
            for (y = 0; y < out.h; ++y)
                for (x = 0; x < out.w; ++x)
                    for (c = 0; c < out.c; ++c)
                        g_e16[k++] = (int16_t)ref_mul(&p, g_a16[broadcast_index(&in1, b, y, x, c)],
                                                      g_b16[broadcast_index(&in2, b, y, x, c)]);
        for (i = 0; i < 16; ++i) g_o16[no + i] = 0x5A5A;
        CHECK_EQ(TNM_OK, tnm_mul_s16(&p, &in1, g_a16, &in2, g_b16, &out, g_o16));
        CHECK(memcmp(g_o16, g_e16, (size_t)no * 2u) == 0);
        for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A, g_o16[no + i]);
        p.act_max = 32768;
        CHECK_EQ(TNM_ERR_ARGUMENT, tnm_mul_s16(&p, &in1, g_a16, &in2, g_b16, &out, g_o16));
        done++;
    }
}

int main(void)
{
    test_known_values();
    test_dense_add(3003);
    test_add_low_bits(3004);
    test_random(0, 1001);
    test_random(1, 2002);
    test_random_s16(4004);
    test_random_mul_s16(0x3016u);
    return tnm_test_finish("test_kernels_elementwise");
}
