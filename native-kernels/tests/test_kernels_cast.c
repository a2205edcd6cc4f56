/* CAST: every type pair against a reference written another way (integers: the value taken
 * modulo 2^bits into the type's range; floats: trunc() in double with explicit saturation),
 * random values and the edges (type limits, NaN, +-inf, +-2^31, halves), and argument
 * checks. TFLM's bytes: tests/data/cast (test_kernels_nd_golden.c, OperatorGoldenTests). */
#include <math.h>
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels_data.h"
#include "tnm/tnm_model.h"

static const int32_t k_in_types[] = {TNM_TYPE_INT8, TNM_TYPE_INT16, TNM_TYPE_INT32, TNM_TYPE_FLOAT32, TNM_TYPE_BOOL};
static const int32_t k_out_types[] = {TNM_TYPE_INT8, TNM_TYPE_INT16, TNM_TYPE_INT32, TNM_TYPE_FLOAT32};

static int32_t size_of(int32_t type) { return type == TNM_TYPE_INT16 ? 2 : (type == TNM_TYPE_INT8 || type == TNM_TYPE_BOOL) ? 1 : 4; }

/* v modulo 2^bits, into [-2^(bits-1), 2^(bits-1)) */
static int64_t wrap_bits(int64_t v, int bits)
{
    const int64_t m = (int64_t)1 << bits;
    int64_t r = v % m;
    if (r < 0) r += m;
    if (r >= m / 2) r -= m;
    return r;
}

/* the value an input element stands for, as a double (a float input exactly) */
static double value_of(const uint8_t *in, int32_t type, int32_t i, int *is_nan)
{
    *is_nan = 0;
    switch (type) {
    case TNM_TYPE_INT8: return (double)(int8_t)in[i];
    case TNM_TYPE_BOOL: return in[i] ? 1.0 : 0.0;
    case TNM_TYPE_INT16: { int16_t s; memcpy(&s, in + 2 * i, 2); return s; }
    case TNM_TYPE_INT32: { int32_t v; memcpy(&v, in + 4 * i, 4); return v; }
    default: { float f; memcpy(&f, in + 4 * i, 4); *is_nan = f != f; return f; }
    }
}

static void expect(const uint8_t *in, int32_t in_type, int32_t i, int32_t out_type, uint8_t *want)
{
    int is_nan;
    const double x = value_of(in, in_type, i, &is_nan);
    if (out_type == TNM_TYPE_FLOAT32) {
        float f;
        if (in_type == TNM_TYPE_FLOAT32) memcpy(&f, in + 4 * i, 4); /* bits kept, NaN too */
        else f = (float)x; /* int32 beyond 2^24: the nearest float; double -> float rounds once */
        memcpy(want, &f, 4);
        return;
    } else {
        int64_t t;
        if (is_nan) t = 0;
        else if (x >= 2147483647.0) t = INT32_MAX;
        else if (x <= -2147483648.0) t = INT32_MIN;
        else t = (int64_t)trunc(x);
        if (out_type == TNM_TYPE_INT8) want[0] = (uint8_t)(wrap_bits(t, 8) & 0xFF);
        else if (out_type == TNM_TYPE_INT16) { const int16_t s = (int16_t)wrap_bits(t, 16); memcpy(want, &s, 2); }
        else { const int32_t v = (int32_t)wrap_bits(t, 32); memcpy(want, &v, 4); }
    }
}

static void fill_edges_and_random(tnm_rng *rng, uint8_t *in, int32_t type, int32_t n)
{
    static const float k_edges[] = {0.0f, -0.0f, 0.5f, -0.5f, 0.999f, -0.999f, 1.5f, -1.5f, 127.9f, -128.9f,
                                    128.0f, 255.0f, 256.0f, -129.0f, 32767.5f, 32768.0f, -32769.0f, 65536.0f,
                                    16777217.0f, 2147483520.0f, 2147483648.0f, -2147483648.0f, -2147483904.0f,
                                    3.0e9f, -3.0e9f, 1.0e30f};
    int32_t i;
    for (i = 0; i < n; ++i) {
        const uint32_t r = tnm_rng_next(rng);
        switch (type) {
        case TNM_TYPE_INT8: in[i] = (uint8_t)r; break;
        case TNM_TYPE_BOOL: in[i] = (uint8_t)(r % 3 == 0 ? r >> 8 : r & 1); break; /* nonzero bytes other than 1 too */
        case TNM_TYPE_INT16: { const int16_t s = (int16_t)(i < 4 ? (int32_t[]){-32768, 32767, 0, -1}[i] : (int32_t)(int16_t)r); memcpy(in + 2 * i, &s, 2); break; }
        case TNM_TYPE_INT32: {
            const int32_t v = i < 4 ? (int32_t[]){INT32_MIN, INT32_MAX, 16777217, -16777219}[i]
                                    : (r & 1) ? (int32_t)r : (int32_t)(r % 70000) - 35000;
            memcpy(in + 4 * i, &v, 4);
            break;
        }
        default: {
            float f;
            const int32_t edges = (int32_t)(sizeof k_edges / sizeof k_edges[0]);
            if (i < edges) f = k_edges[i];
            else if (i < edges + 3) f = i == edges ? NAN : i == edges + 1 ? INFINITY : -INFINITY;
            else f = (float)((int32_t)(r % 200001) - 100000) / (float)(1 + (r >> 28)) * ((r >> 20) & 1 ? 1.0f : 1000.0f);
            memcpy(in + 4 * i, &f, 4);
            break;
        }
        }
    }
}

static void test_every_pair(void)
{
    static uint8_t in[4 * 300], out[4 * 300 + 4], want[4];
    tnm_rng rng;
    size_t a, b;
    int32_t round, i;
    tnm_rng_seed(&rng, 64);
    for (round = 0; round < 20; ++round) {
        for (a = 0; a < sizeof k_in_types / sizeof k_in_types[0]; ++a) {
            for (b = 0; b < sizeof k_out_types / sizeof k_out_types[0]; ++b) {
                const int32_t ti = k_in_types[a], to = k_out_types[b];
                const int32_t n = round == 0 ? 300 : tnm_rng_range(&rng, 0, 300);
                fill_edges_and_random(&rng, in, ti, n);
                memset(out, 0xA5, sizeof out);
                CHECK_EQ(TNM_OK, tnm_cast(n, in, ti, out, to));
                for (i = 0; i < n; ++i) {
                    expect(in, ti, i, to, want);
                    if (memcmp(want, out + size_of(to) * i, (size_t)size_of(to)) != 0) {
                        CHECK_EQ(ti * 100 + to, -1); /* the pair that differs */
                        break;
                    }
                }
                CHECK_EQ(0xA5, out[size_of(to) * n]); /* nothing past the last element */
            }
        }
    }
}

static void test_known_values(void)
{
    const float f[] = {-1.9f, 300.7f, NAN, 5.0e9f};
    const int32_t big = 16777217;
    int8_t s8[4];
    int16_t s16[4];
    float g;
    CHECK_EQ(TNM_OK, tnm_cast(4, f, TNM_TYPE_FLOAT32, s8, TNM_TYPE_INT8));
    CHECK_EQ(-1, s8[0]);  /* toward zero */
    CHECK_EQ(44, s8[1]);  /* 300 -> its low byte */
    CHECK_EQ(0, s8[2]);   /* NaN -> 0 */
    CHECK_EQ(-1, s8[3]);  /* saturated at INT32_MAX, low byte 0xFF */
    CHECK_EQ(TNM_OK, tnm_cast(4, f, TNM_TYPE_FLOAT32, s16, TNM_TYPE_INT16));
    CHECK_EQ(300, s16[1]);
    CHECK_EQ(TNM_OK, tnm_cast(1, &big, TNM_TYPE_INT32, &g, TNM_TYPE_FLOAT32));
    CHECK(g == 16777216.0f); /* 2^24 + 1: ties to even */
}

static void test_arguments(void)
{
    int8_t a[4] = {0}, b[4];
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cast(1, NULL, TNM_TYPE_INT8, b, TNM_TYPE_INT8));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cast(1, a, TNM_TYPE_INT8, NULL, TNM_TYPE_INT8));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cast(-1, a, TNM_TYPE_INT8, b, TNM_TYPE_INT8));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cast(1, a, TNM_TYPE_UINT8, b, TNM_TYPE_INT8));  /* TFLM has no uint8 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cast(1, a, TNM_TYPE_INT8, b, TNM_TYPE_BOOL));   /* nor a bool output */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cast(1, a, TNM_TYPE_INT8, b, TNM_TYPE_UINT8));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_cast(1, a, 99, b, TNM_TYPE_INT8));
    CHECK_EQ(TNM_OK, tnm_cast(0, a, TNM_TYPE_INT8, b, TNM_TYPE_INT32));
}

int main(void)
{
    test_every_pair();
    test_known_values();
    test_arguments();
    return tnm_test_finish("test_kernels_cast");
}
