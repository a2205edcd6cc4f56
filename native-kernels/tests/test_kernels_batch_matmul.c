/* BATCH_MATMUL (tnm_batch_matmul_s8, tnm_batch_matmul_s16) against a direct reference: each
 * output element found from its coordinates in the full-rank shapes (ranks 2 to 5 each, the
 * output's the larger), every operand element addressed through its own row-major shape with
 * adj_x / adj_y read as TFLite defines them, an int64 sum, then TFLite's requantization. Random
 * shapes and broadcasts, zero points and multipliers at their extremes, operands at their
 * extremes; an int8 sum past 2^31 (wrapping as TFLite's int32); then the argument checks. */
#include <string.h>

#include "test_kernels_ref.h"
#include "tnm/tnm_kernels.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

#define MAX_ELEMENTS 6144

static int8_t g_l8[MAX_ELEMENTS], g_r8[MAX_ELEMENTS], g_o8[MAX_ELEMENTS + 16], g_e8[MAX_ELEMENTS];
static int16_t g_l16[MAX_ELEMENTS], g_r16[MAX_ELEMENTS], g_o16[MAX_ELEMENTS + 16], g_e16[MAX_ELEMENTS];

typedef struct {
    int32_t lrank, rrank, orank;
    int32_t ld[5], rd[5], od[5];
    int32_t adj_x, adj_y;
} shapes;

/* Row-major offset of coordinates c in shape d of rank n. */
static int64_t flat(const int32_t *d, const int32_t *c, int32_t n)
{
    int64_t o = 0;
    int32_t i;
    for (i = 0; i < n; ++i) o = o * d[i] + c[i];
    return o;
}

/* The operand coordinates of output batch coordinates ob (orank - 2 of them) for an operand of
 * shape d, rank n: its batch dims right-aligned, 0 along a dim of 1; then (a, b) last. */
static void operand_coords(const int32_t *d, int32_t n, const int32_t *ob, int32_t orank, int32_t a, int32_t b,
                           int32_t *c)
{
    int32_t i;
    for (i = 0; i < n - 2; ++i) {
        const int32_t at = i + (orank - n);
        c[i] = d[i] == 1 ? 0 : ob[at];
    }
    c[n - 2] = a;
    c[n - 1] = b;
}

/* The int64 sum of output (ob, row, col). */
static int64_t ref_sum(const shapes *s, const int32_t *ob, int32_t row, int32_t col, int is16, int32_t lzp,
                       int32_t rzp)
{
    const int32_t depth = s->adj_x ? s->ld[s->lrank - 2] : s->ld[s->lrank - 1];
    int32_t lc[5], rc[5], k;
    int64_t sum = 0;
    for (k = 0; k < depth; ++k) {
        int64_t lv, rv;
        if (s->adj_x) operand_coords(s->ld, s->lrank, ob, s->orank, k, row, lc);
        else operand_coords(s->ld, s->lrank, ob, s->orank, row, k, lc);
        if (s->adj_y) operand_coords(s->rd, s->rrank, ob, s->orank, col, k, rc);
        else operand_coords(s->rd, s->rrank, ob, s->orank, k, col, rc);
        lv = is16 ? g_l16[flat(s->ld, lc, s->lrank)] : g_l8[flat(s->ld, lc, s->lrank)];
        rv = is16 ? g_r16[flat(s->rd, rc, s->rrank)] : g_r8[flat(s->rd, rc, s->rrank)];
        sum += (lv - lzp) * (rv - rzp);
    }
    return sum;
}

/* Random shapes within MAX_ELEMENTS; 0 when they do not fit. */
static int random_shapes(tnm_rng *rng, shapes *s, int32_t max_mat)
{
    int32_t i, rows, depth, cols, nb;
    int64_t ln = 1, rn = 1, on = 1;
    s->lrank = tnm_rng_range(rng, 2, 5);
    s->rrank = tnm_rng_range(rng, 2, 5);
    s->orank = s->lrank > s->rrank ? s->lrank : s->rrank;
    s->adj_x = tnm_rng_range(rng, 0, 1);
    s->adj_y = tnm_rng_range(rng, 0, 1);
    nb = s->orank - 2;
    for (i = 0; i < nb; ++i) {
        const int32_t lat = i - (s->orank - s->lrank), rat = i - (s->orank - s->rrank);
        const int32_t d = tnm_rng_range(rng, 1, 3);
        int32_t lv = d, rv = d;
        /* one side 1 sometimes (a broadcast); a side the shorter rank lacks is 1 */
        switch (tnm_rng_range(rng, 0, 3)) {
        case 0: lv = 1; break;
        case 1: rv = 1; break;
        default: break;
        }
        if (lat < 0) rv = d;
        if (rat < 0) lv = d;
        if (lat >= 0) s->ld[lat] = lv;
        if (rat >= 0) s->rd[rat] = rv;
        s->od[i] = (lat >= 0 ? lv : 1) == 1 ? (rat >= 0 ? rv : 1) : lv;
    }
    rows = tnm_rng_range(rng, 1, tnm_rng_range(rng, 0, 3) ? 6 : max_mat);
    depth = tnm_rng_range(rng, 1, tnm_rng_range(rng, 0, 3) ? 9 : max_mat);
    cols = tnm_rng_range(rng, 1, tnm_rng_range(rng, 0, 3) ? 6 : max_mat);
    s->ld[s->lrank - 2] = s->adj_x ? depth : rows;
    s->ld[s->lrank - 1] = s->adj_x ? rows : depth;
    s->rd[s->rrank - 2] = s->adj_y ? cols : depth;
    s->rd[s->rrank - 1] = s->adj_y ? depth : cols;
    s->od[s->orank - 2] = rows;
    s->od[s->orank - 1] = cols;
    for (i = 0; i < s->lrank; ++i) ln *= s->ld[i];
    for (i = 0; i < s->rrank; ++i) rn *= s->rd[i];
    for (i = 0; i < s->orank; ++i) on *= s->od[i];
    return ln <= MAX_ELEMENTS && rn <= MAX_ELEMENTS && on <= MAX_ELEMENTS;
}

static void kernel_dims(const shapes *s, tnm_batch_matmul_dims *d)
{
    int32_t i;
    for (i = 0; i < 3; ++i) {
        const int32_t la = i - (5 - s->lrank), ra = i - (5 - s->rrank);
        d->lhs_batch[i] = la >= 0 ? s->ld[la] : 1;
        d->rhs_batch[i] = ra >= 0 ? s->rd[ra] : 1;
    }
    d->rows = s->od[s->orank - 2];
    d->cols = s->od[s->orank - 1];
    d->depth = s->adj_x ? s->ld[s->lrank - 2] : s->ld[s->lrank - 1];
    d->adj_x = s->adj_x;
    d->adj_y = s->adj_y;
}

/* The expected output of shapes s into g_e8 / g_e16; returns its element count. */
static int32_t reference(const shapes *s, int is16, const tnm_batch_matmul_params *p)
{
    const int32_t nb = s->orank - 2, rows = s->od[s->orank - 2], cols = s->od[s->orank - 1];
    int32_t ob[3] = {0, 0, 0}, n = 0, batches = 1, b, i, j;
    for (i = 0; i < nb; ++i) batches *= s->od[i];
    for (b = 0; b < batches; ++b) {
        int32_t rest = b;
        for (i = nb - 1; i >= 0; --i) {
            ob[i] = rest % s->od[i];
            rest /= s->od[i];
        }
        for (i = 0; i < rows; ++i)
            for (j = 0; j < cols; ++j, ++n) {
                const int64_t sum = ref_sum(s, ob, i, j, is16, -p->lhs_offset, -p->rhs_offset);
                if (is16) {
                    g_e16[n] = (int16_t)ref_clamp(ref_mbqm64(sum, p->output_multiplier, p->output_shift), -32768, 32767);
                } else {
                    /* TFLite's int32 add of the zero point wraps too (after a large left shift) */
                    const int32_t v = ref_wrap32((int64_t)ref_mbqm(ref_wrap32(sum), p->output_multiplier,
                                                                   p->output_shift) + p->output_offset);
                    g_e8[n] = (int8_t)ref_clamp(v, -128, 127);
                }
            }
    }
    return n;
}

static void fill(tnm_rng *rng, int is16, int8_t *p8, int16_t *p16, int32_t n)
{
    const int mode = tnm_rng_range(rng, 0, 9); /* 0: all lowest, 1: all highest, else random */
    int32_t i;
    for (i = 0; i < n; ++i) {
        if (is16) p16[i] = (int16_t)(mode == 0 ? -32768 : mode == 1 ? 32767 : tnm_rng_range(rng, -32768, 32767));
        else p8[i] = (int8_t)(mode == 0 ? -128 : mode == 1 ? 127 : tnm_rng_range(rng, -128, 127));
    }
}

static int32_t elements(const int32_t *d, int32_t n)
{
    return tnm_test_elements(d, n);
}

static void test_random(uint32_t seed, int is16)
{
    tnm_rng rng;
    int done = 0, skipped = 0;
    const int want = (is16 ? 1500 : 3000) / TNM_TEST_SCALE;
    tnm_rng_seed(&rng, seed);
    while (done < want) {
        shapes s;
        tnm_batch_matmul_dims d;
        tnm_batch_matmul_params p;
        int32_t n, i;
        tnm_status st;
        memset(&s, 0, sizeof s);
        if (!random_shapes(&rng, &s, done % 10 == 0 ? 40 : 12)) {
            skipped++;
            continue;
        }
        kernel_dims(&s, &d);
        fill(&rng, is16, g_l8, g_l16, elements(s.ld, s.lrank));
        fill(&rng, is16, g_r8, g_r16, elements(s.rd, s.rrank));
        if (is16) {
            p.lhs_offset = p.rhs_offset = p.output_offset = 0;
            p.output_multiplier = rnd_multiplier(&rng);
            switch (tnm_rng_range(&rng, 0, 7)) {
            case 0: p.output_shift = -31; break;
            case 1: p.output_shift = 14; break;
            case 2: p.output_shift = tnm_rng_range(&rng, -31, 14); break;
            default: p.output_shift = tnm_rng_range(&rng, -30, -12); break;
            }
            if (tnm_rng_range(&rng, 0, 9) == 0) p.output_multiplier = 0x7FFF0000 + tnm_rng_range(&rng, -2, 5);
        } else {
            p.lhs_offset = -rnd_zero_point(&rng);
            p.rhs_offset = -rnd_zero_point(&rng);
            p.output_offset = rnd_zero_point(&rng);
            p.output_multiplier = rnd_multiplier(&rng);
            p.output_shift = rnd_shift(&rng, -16, -4);
        }
        n = reference(&s, is16, &p);
        if (is16) {
            for (i = 0; i < n + 16; ++i) g_o16[i] = 0x5A5A;
            st = tnm_batch_matmul_s16(&p, &d, g_l16, g_r16, g_o16);
            CHECK_EQ(TNM_OK, st);
            CHECK(memcmp(g_o16, g_e16, (size_t)n * 2u) == 0);
            for (i = 0; i < 16; ++i) CHECK_EQ(0x5A5A, g_o16[n + i]);
        } else {
            memset(g_o8, 0xA5, (size_t)n + 16u);
            st = tnm_batch_matmul_s8(&p, &d, g_l8, g_r8, g_o8);
            CHECK_EQ(TNM_OK, st);
            CHECK(memcmp(g_o8, g_e8, (size_t)n) == 0);
            for (i = 0; i < 16; ++i) CHECK_EQ((int8_t)0xA5, g_o8[n + i]);
        }
        if (tnm_test_failures() > 0 && done < 5) {
            printf("failed: ranks %d %d adj %d %d rows %d depth %d cols %d\n", (int)s.lrank, (int)s.rrank,
                   (int)s.adj_x, (int)s.adj_y, (int)d.rows, (int)d.depth, (int)d.cols);
        }
        done++;
    }
    printf("batch_matmul %s: %d random cases (%d shapes too large)\n", is16 ? "int16" : "int8", done, skipped);
}

/* A sum of 40,000 products of 255 * 255: 2.6e9, past int32; the output follows TFLite's
 * wrapped accumulator. Then int16's largest sum, 65,536 products of 2^30 (2^46). */
static void test_long_sums(void)
{
    static int8_t l[40000], r[40000];
    static int16_t l16[TNM_BATCH_MATMUL_S16_MAX_DEPTH], r16[TNM_BATCH_MATMUL_S16_MAX_DEPTH];
    tnm_batch_matmul_dims d;
    tnm_batch_matmul_params p;
    int8_t out[2];
    int16_t out16[1];
    int32_t k;
    const int64_t sum = 40000LL * 255 * 255;
    memset(&d, 0, sizeof d);
    d.lhs_batch[0] = d.lhs_batch[1] = d.lhs_batch[2] = 1;
    d.rhs_batch[0] = d.rhs_batch[1] = d.rhs_batch[2] = 1;
    d.rows = 1;
    d.cols = 1;
    d.depth = 40000;
    d.adj_y = 1;
    for (k = 0; k < 40000; ++k) {
        l[k] = -128;
        r[k] = 127;
    }
    p.lhs_offset = -127; /* zero point 127: -255 */
    p.rhs_offset = 128;  /* zero point -128: 255 */
    p.output_offset = 3;
    p.output_multiplier = 1 << 30;
    p.output_shift = -20;
    CHECK_EQ(TNM_OK, tnm_batch_matmul_s8(&p, &d, l, r, out));
    CHECK_EQ(ref_clamp((int64_t)ref_mbqm(ref_wrap32(-sum), 1 << 30, -20) + 3, -128, 127), out[0]);
    d.adj_y = 0; /* the strip path: the same sum */
    CHECK_EQ(TNM_OK, tnm_batch_matmul_s8(&p, &d, l, r, out + 1));
    CHECK_EQ(out[0], out[1]);

    for (k = 0; k < TNM_BATCH_MATMUL_S16_MAX_DEPTH; ++k) l16[k] = r16[k] = -32768;
    d.depth = TNM_BATCH_MATMUL_S16_MAX_DEPTH;
    d.adj_y = 1;
    p.lhs_offset = p.rhs_offset = p.output_offset = 0;
    p.output_multiplier = INT32_MAX;
    p.output_shift = -31;
    CHECK_EQ(TNM_OK, tnm_batch_matmul_s16(&p, &d, l16, r16, out16));
    CHECK_EQ(ref_clamp(ref_mbqm64((int64_t)1 << 46, INT32_MAX, -31), -32768, 32767), out16[0]);
    d.depth = TNM_BATCH_MATMUL_S16_MAX_DEPTH + 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s16(&p, &d, l16, r16, out16));
}

static void test_arguments(void)
{
    tnm_batch_matmul_dims d;
    tnm_batch_matmul_params p;
    const int8_t l[6] = {1, 2, 3, 4, 5, 6}, r[6] = {1, 0, 0, 1, 1, 1};
    int8_t out[4];
    int16_t l16[6] = {1, 2, 3, 4, 5, 6}, r16[6] = {1, 0, 0, 1, 1, 1}, out16[4];
    memset(&d, 0, sizeof d);
    d.lhs_batch[0] = d.lhs_batch[1] = d.lhs_batch[2] = 1;
    d.rhs_batch[0] = d.rhs_batch[1] = d.rhs_batch[2] = 1;
    d.rows = 2;
    d.depth = 3;
    d.cols = 2;
    p.lhs_offset = p.rhs_offset = p.output_offset = 0;
    p.output_multiplier = 1 << 30;
    p.output_shift = 1; /* x 1 */
    /* [[1,2,3],[4,5,6]] x [[1,0],[0,1],[1,1]] = [[4,5],[10,11]] */
    CHECK_EQ(TNM_OK, tnm_batch_matmul_s8(&p, &d, l, r, out));
    CHECK_EQ(4, out[0]);
    CHECK_EQ(5, out[1]);
    CHECK_EQ(10, out[2]);
    CHECK_EQ(11, out[3]);
    CHECK_EQ(TNM_OK, tnm_batch_matmul_s16(&p, &d, l16, r16, out16));
    CHECK_EQ(11, out16[3]);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(NULL, &d, l, r, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, NULL, l, r, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, NULL, r, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, NULL, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, NULL));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s16(&p, &d, l16, r16, NULL));
    d.adj_x = 2;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    d.adj_x = 0;
    d.adj_y = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    d.adj_y = 0;
    d.lhs_batch[1] = 2;
    d.rhs_batch[1] = 3; /* neither 1: no broadcast */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    d.rhs_batch[1] = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    d.lhs_batch[1] = d.rhs_batch[1] = 1;
    d.depth = 0;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    d.depth = 3;
    d.rows = 65536;
    d.cols = 65536; /* 2^32 outputs: refused, not wrapped */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    d.rows = d.cols = 2;
    d.lhs_batch[0] = 65536;
    d.lhs_batch[1] = 65536;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    d.lhs_batch[0] = d.lhs_batch[1] = 1;
    p.lhs_offset = 129;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    p.lhs_offset = 0;
    p.rhs_offset = -128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    p.rhs_offset = 0;
    p.output_offset = 128;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    p.output_offset = 0;
    p.output_shift = 31;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    p.output_shift = 15; /* int8 takes it, int16 not (TFLite's total shift 15 - shift) */
    CHECK_EQ(TNM_OK, tnm_batch_matmul_s8(&p, &d, l, r, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s16(&p, &d, l16, r16, out16));
    p.output_shift = 1;
    p.output_multiplier = -1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s8(&p, &d, l, r, out));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s16(&p, &d, l16, r16, out16));
    p.output_multiplier = 1 << 30;
    p.lhs_offset = 1; /* int16: zero points 0 */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s16(&p, &d, l16, r16, out16));
    p.lhs_offset = 0;
    p.output_offset = 1;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_batch_matmul_s16(&p, &d, l16, r16, out16));
}

int main(void)
{
    test_arguments();
    test_long_sums();
    test_random(5151, 0);
    test_random(5153, 1);
    return tnm_test_finish("test_kernels_batch_matmul");
}
