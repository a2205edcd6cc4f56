/*
 * Float32 real FFT (tnm_fft_f32.h): the n reals packed as n/2 complex values, an
 * in-place radix-2 decimation-in-time FFT, then a split into the real spectrum.
 */
#include <math.h>

#include "tnm_fft_f32.h"

static const double k_pi = 3.14159265358979323846;

void tnm_fft_cos_table(float *cos_quarter, int32_t n)
{
    int32_t k;
    for (k = 0; k <= n / 4; k++) cos_quarter[k] = (float)cos(2.0 * k_pi * k / n);
}

float tnm_fft_cos(const float *q, int32_t n, int32_t k)
{
    k &= n - 1;
    if (k <= n / 4) return q[k];
    if (k <= n / 2) return -q[n / 2 - k];
    if (k <= 3 * n / 4) return -q[k - n / 2];
    return q[n - k];
}

static float sin_n(const float *q, int32_t n, int32_t k) { return tnm_fft_cos(q, n, k - n / 4); }

/* In-place radix-2 decimation-in-time FFT of m complex values (re, im); twiddles
 * exp(-2 pi i j / m) = cos/sin of 2 pi (j n / m) / n from the n-point table. */
static void cfft(float *z, int32_t m, const float *q, int32_t n)
{
    int32_t i, j, len;
    for (i = 1, j = 0; i < m; i++) { /* bit-reversal permutation */
        int32_t bit = m >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) {
            float t = z[2 * i];
            z[2 * i] = z[2 * j];
            z[2 * j] = t;
            t = z[2 * i + 1];
            z[2 * i + 1] = z[2 * j + 1];
            z[2 * j + 1] = t;
        }
    }
    for (len = 2; len <= m; len <<= 1) {
        const int32_t half = len >> 1;
        const int32_t step = n / len;
        int32_t start, t;
        for (start = 0; start < m; start += len) {
            for (t = 0; t < half; t++) {
                const float wr = tnm_fft_cos(q, n, t * step), wi = -sin_n(q, n, t * step);
                float *a = z + 2 * (start + t);
                float *b = z + 2 * (start + t + half);
                const float tr = b[0] * wr - b[1] * wi;
                const float ti = b[0] * wi + b[1] * wr;
                b[0] = a[0] - tr;
                b[1] = a[1] - ti;
                a[0] += tr;
                a[1] += ti;
            }
        }
    }
}

void tnm_fft_real_f32(float *x, int32_t n, const float *q)
{
    const int32_t m = n / 2;
    int32_t k;
    float r0, i0;
    /* x holds z[j] = x[2j] + i x[2j+1]; its m-point FFT Z gives
     * X[k] = E + W^k O, X[m-k] = conj(E - W^k O), E = (Z[k] + conj Z[m-k]) / 2,
     * O = (Z[k] - conj Z[m-k]) / 2i, W = exp(-2 pi i / n). */
    cfft(x, m, q, n);
    r0 = x[0];
    i0 = x[1];
    x[0] = r0 + i0; /* X[0] */
    x[1] = r0 - i0; /* X[n/2] */
    for (k = 1; k <= m / 2; k++) {
        const int32_t nk = m - k;
        const float zr = x[2 * k], zi = x[2 * k + 1];
        const float yr = x[2 * nk], yi = x[2 * nk + 1];
        const float er = 0.5f * (zr + yr), ei = 0.5f * (zi - yi);
        const float or_ = 0.5f * (zi + yi), oi = -0.5f * (zr - yr);
        const float wr = tnm_fft_cos(q, n, k), wi = -sin_n(q, n, k);
        const float tr = or_ * wr - oi * wi, ti = or_ * wi + oi * wr;
        x[2 * k] = er + tr;
        x[2 * k + 1] = ei + ti;
        if (nk != k) {
            x[2 * nk] = er - tr;
            x[2 * nk + 1] = -(ei - ti);
        }
    }
}
