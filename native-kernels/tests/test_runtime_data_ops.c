/*
 * CONCATENATION, SPLIT/SPLIT_V, STRIDED_SLICE and QUANTIZE int8 <-> uint8: randomized
 * differential tests of the kernels and of one-layer models through the runtime, against
 * reference loops written here independently (element by element from multi-indices, the
 * way TFLite's reference kernels describe them, not the kernels' block copies), and the
 * streaming model (init subgraph, variables, CALL_ONCE, two inputs, three outputs) over
 * several inferences against a plain-C simulation of what it computes.
 */
#include <string.h>

#include <math.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_kernels_data.h"
#include "tnm/tnm_model.h"
#include "tnm_blob_builder.h"
#include "tnm_test.h"
#include "../src/kernels/tnm_copy_internal.h"

#ifndef TNM_TEST_SCALE
#define TNM_TEST_SCALE 1
#endif

static tnm_bb g_b;
static uint32_t g_blob_words[8192];
static uint32_t g_arena_words[8192];
static uint8_t g_ref[8192];
static uint8_t g_src[8][2048];
static uint8_t g_dst[8][2048];

static uint8_t *blob(void) { return (uint8_t *)g_blob_words; }
static uint8_t *arena(void) { return (uint8_t *)g_arena_words; }

static void fill(tnm_rng *rng, uint8_t *p, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; i++) p[i] = (uint8_t)tnm_rng_next(rng);
}

static int32_t product(const int32_t *d, int32_t from, int32_t to)
{
    int32_t p = 1, i;
    for (i = from; i < to; i++) p *= d[i];
    return p;
}

/* Flat index of multi-index idx in dims (row-major). */
static int32_t flat(const int32_t *dims, const int32_t *idx, int32_t rank)
{
    int32_t f = 0, i;
    for (i = 0; i < rank; i++) f = f * dims[i] + idx[i];
    return f;
}

/* Next multi-index in row-major order; 0 at the end. */
static int next_index(const int32_t *dims, int32_t *idx, int32_t rank)
{
    int32_t i;
    for (i = rank - 1; i >= 0; i--) {
        if (++idx[i] < dims[i]) return 1;
        idx[i] = 0;
    }
    return 0;
}

static const int32_t k_types[3] = {TNM_TYPE_INT8, TNM_TYPE_INT16, TNM_TYPE_INT32};

/* ---- CONCATENATION and SPLIT --------------------------------------------- */

/* Reference: every output element, from the input whose axis range holds its index. */
static void ref_concat(int32_t es, int32_t rank, const int32_t *out_dims, int32_t axis, int32_t count,
                       const int32_t *sizes, uint8_t *out)
{
    int32_t idx[4] = {0, 0, 0, 0};
    do {
        int32_t k = 0, base = 0, in_idx[4], in_dims[4], i;
        while (idx[axis] >= base + sizes[k]) base += sizes[k++];
        for (i = 0; i < rank; i++) {
            in_idx[i] = idx[i];
            in_dims[i] = out_dims[i];
        }
        in_idx[axis] -= base;
        in_dims[axis] = sizes[k];
        memcpy(out + (size_t)flat(out_dims, idx, rank) * es, g_src[k] + (size_t)flat(in_dims, in_idx, rank) * es,
               (size_t)es);
    } while (next_index(out_dims, idx, rank));
}

static void test_concat_split(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 300 / TNM_TEST_SCALE; iter++) {
        const int32_t type = k_types[tnm_rng_range(rng, 0, 2)];
        const int32_t es = (int32_t)tnm_bb_type_size(type);
        const int32_t rank = tnm_rng_range(rng, 1, 4), axis = tnm_rng_range(rng, 0, rank - 1);
        const int32_t count = tnm_rng_range(rng, 1, 4);
        const int concat = iter % 2 == 0;
        int32_t dims[4], sizes[8], total = 0, k, outer, inner, n, pass;
        const void *ins[8];
        void *outs[8];
        uint32_t parts[8], whole, len;
        const int32_t zp = tnm_rng_range(rng, -5, 5);
        tnm_error err;
        for (k = 0; k < rank; k++) dims[k] = tnm_rng_range(rng, 1, 4);
        for (k = 0; k < count; k++) {
            sizes[k] = tnm_rng_range(rng, 1, 3);
            total += sizes[k];
        }
        dims[axis] = total;
        outer = product(dims, 0, axis);
        inner = product(dims, axis + 1, rank);
        n = product(dims, 0, rank);
        /* kernel against the reference */
        for (k = 0; k < count; k++) {
            fill(rng, g_src[k], outer * sizes[k] * inner * es);
            ins[k] = g_src[k];
            outs[k] = g_dst[k];
        }
        ref_concat(es, rank, dims, axis, count, sizes, g_ref);
        CHECK_EQ(TNM_OK, tnm_concatenation(es, count, outer, inner, sizes, ins, g_dst[7]));
        CHECK(memcmp(g_dst[7], g_ref, (size_t)n * es) == 0);
        CHECK_EQ(TNM_OK, tnm_split(es, count, outer, inner, sizes, g_ref, outs));
        for (k = 0; k < count; k++) CHECK(memcmp(g_dst[k], g_src[k], (size_t)outer * sizes[k] * inner * es) == 0);

        /* one layer through the runtime */
        tnm_bb_init(&g_b);
        for (k = 0; k < count; k++) {
            int32_t pd[4];
            memcpy(pd, dims, sizeof pd);
            pd[axis] = sizes[k];
            parts[k] = tnm_bb_tensor_auto(&g_b, type, rank, pd, type == TNM_TYPE_INT8 ? zp : 0, 0.5f);
        }
        whole = tnm_bb_tensor_auto(&g_b, type, rank, dims, type == TNM_TYPE_INT8 ? zp : 0, 0.5f);
        {
            const int32_t p[1] = {axis};
            if (concat) {
                tnm_bb_layer(&g_b, TNM_OP_CONCATENATION, (uint32_t)count, parts, 1, &whole, 1, p);
                for (k = 0; k < count; k++) tnm_bb_input(&g_b, parts[k]);
                tnm_bb_output(&g_b, whole);
            } else {
                tnm_bb_layer(&g_b, iter % 4 == 1 ? TNM_OP_SPLIT : TNM_OP_SPLIT_V, 1, &whole,
                             (uint32_t)count, parts, 1, p);
                tnm_bb_input(&g_b, whole);
                for (k = 0; k < count; k++) tnm_bb_output(&g_b, parts[k]);
            }
        }
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));
        if (concat) {
            for (k = 0; k < count; k++)
                memcpy(arena() + g_b.tensors[parts[k]].offset, g_src[k], (size_t)outer * sizes[k] * inner * es);
        } else {
            memcpy(arena() + g_b.tensors[whole].offset, g_ref, (size_t)n * es);
        }
        /* the checked invoke, then the read-only one (a model tnm_model_check accepted)
         * over cleared outputs */
        for (pass = 0; pass < 2; pass++) {
            if (pass == 0) {
                CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
            } else {
                if (concat) memset(arena() + g_b.tensors[whole].offset, 0x5A, (size_t)n * es);
                for (k = 0; !concat && k < count; k++)
                    memset(arena() + g_b.tensors[parts[k]].offset, 0x5A, (size_t)outer * sizes[k] * inner * es);
                CHECK_EQ(TNM_OK, tnm_layer_invoke_readonly(blob(), len, arena(), sizeof g_arena_words, 0, &err));
            }
            if (concat) {
                CHECK(memcmp(arena() + g_b.tensors[whole].offset, g_ref, (size_t)n * es) == 0);
            } else {
                for (k = 0; k < count; k++)
                    CHECK(memcmp(arena() + g_b.tensors[parts[k]].offset, g_src[k],
                                 (size_t)outer * sizes[k] * inner * es) == 0);
            }
        }
    }
}

/* ---- STRIDED_SLICE ------------------------------------------------------- */

/* Reference: the indices TFLite's strided slice visits along one axis, listed one by one
 * (TFLM's rules: negative begin/end count from the end and are clamped, masks override,
 * a shrunk axis takes the element at begin). Returns how many; 0..dim. */
static int32_t axis_indices(int32_t dim, int32_t begin, int32_t end, int32_t stride, int bmask,
                            int emask, int shrink, int32_t *list)
{
    int32_t first, last_excl, i, n = 0;
    const int32_t lo = stride > 0 ? 0 : -1, hi = stride > 0 ? dim : dim - 1;
    if (bmask) first = stride > 0 ? 0 : dim - 1;
    else {
        first = begin < 0 ? begin + dim : begin;
        first = first < lo ? lo : first > hi ? hi : first;
    }
    if (shrink) {
        if (first >= 0 && first < dim) list[n++] = first;
        return n;
    }
    if (emask) last_excl = stride > 0 ? dim : -1;
    else {
        last_excl = end < 0 ? end + dim : end;
        last_excl = last_excl < lo ? lo : last_excl > hi ? hi : last_excl;
    }
    for (i = first; stride > 0 ? i < last_excl : i > last_excl; i += stride) list[n++] = i;
    return n;
}

static void test_strided_slice(tnm_rng *rng)
{
    int iter, ran = 0;
    for (iter = 0; iter < 600 / TNM_TEST_SCALE; iter++) {
        const int32_t type = k_types[tnm_rng_range(rng, 0, 2)];
        const int32_t es = (int32_t)tnm_bb_type_size(type);
        const int32_t rank = tnm_rng_range(rng, 1, 4);
        int32_t dims[4], begin[4], end[4], strides[4], lists[4][16], counts[4], out_dims[4];
        int32_t out_rank = 0, k, n_out = 1, i0, i1, i2, i3;
        uint32_t bmask = 0, emask = 0, smask = 0, t_in, t_out, len;
        int32_t params[7 + 12];
        tnm_error err;
        uint8_t *o = g_ref;
        int empty = 0;
        for (k = 0; k < rank; k++) {
            dims[k] = tnm_rng_range(rng, 1, 6);
            begin[k] = tnm_rng_range(rng, -8, 8);
            end[k] = tnm_rng_range(rng, -8, 8);
            do strides[k] = tnm_rng_range(rng, -3, 3); while (strides[k] == 0);
            if (tnm_rng_range(rng, 0, 3) == 0) bmask |= 1u << k;
            if (tnm_rng_range(rng, 0, 3) == 0) emask |= 1u << k;
            if (tnm_rng_range(rng, 0, 5) == 0) {
                smask |= 1u << k;
                if (strides[k] < 0) strides[k] = -strides[k]; /* refused backwards (TFLM writes nothing) */
                begin[k] = tnm_rng_range(rng, -dims[k], dims[k] - 1); /* an element that exists */
            }
            counts[k] = axis_indices(dims[k], begin[k], end[k], strides[k], (bmask >> k) & 1u,
                                     (emask >> k) & 1u, (smask >> k) & 1u, lists[k]);
            if (counts[k] == 0) empty = 1;
            if (!((smask >> k) & 1u)) out_dims[out_rank++] = counts[k];
            n_out *= counts[k];
        }
        for (k = rank; k < 4; k++) {
            counts[k] = 1;
            lists[k][0] = 0;
        }
        if (empty) continue; /* tensors have no zero-size dims */
        fill(rng, g_src[0], product(dims, 0, rank) * es);
        /* the reference: visit the index lists in row-major order */
        for (i0 = 0; i0 < counts[0]; i0++)
            for (i1 = 0; i1 < counts[1]; i1++)
                for (i2 = 0; i2 < counts[2]; i2++)
                    for (i3 = 0; i3 < counts[3]; i3++) {
                        const int32_t idx[4] = {lists[0][i0], lists[1][i1], lists[2][i2], lists[3][i3]};
                        memcpy(o, g_src[0] + (size_t)flat(dims, idx, rank) * es, (size_t)es);
                        o += es;
                    }
        /* kernel, through the resolver */
        {
            int32_t start4[4], stop4[4], stride4[4], sizes[4], d4[4];
            tnm_strided_slice_resolve(rank, dims, begin, end, strides, bmask, emask, smask, start4,
                                      stop4, stride4, sizes);
            for (k = 0; k < 4; k++) d4[k] = k < 4 - rank ? 1 : dims[k - (4 - rank)];
            for (k = 0; k < rank; k++) CHECK_EQ(counts[k], sizes[k]);
            CHECK_EQ(TNM_OK, tnm_strided_slice(es, d4, start4, stop4, stride4, g_src[0], g_dst[0]));
            CHECK(memcmp(g_dst[0], g_ref, (size_t)n_out * es) == 0);
        }
        /* one layer through the runtime */
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, type, rank, dims, 0, 0.5f);
        if (out_rank == 0) {
            const int32_t one[1] = {1};
            t_out = tnm_bb_tensor_auto(&g_b, type, 0, one, 0, 0.5f);
        } else {
            t_out = tnm_bb_tensor_auto(&g_b, type, out_rank, out_dims, 0, 0.5f);
        }
        params[0] = (int32_t)bmask;
        params[1] = (int32_t)emask;
        params[2] = params[3] = 0;
        params[4] = (int32_t)smask;
        params[5] = 0;
        params[6] = rank;
        for (k = 0; k < rank; k++) {
            params[7 + k] = begin[k];
            params[7 + rank + k] = end[k];
            params[7 + 2 * rank + k] = strides[k];
        }
        tnm_bb_layer1(&g_b, TNM_OP_STRIDED_SLICE, t_in, t_out, (uint32_t)(7 + 3 * rank), params);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));
        if (err.code != TNM_OK) {
            char msg[200];
            tnm_error_format(&err, msg, sizeof msg);
            fprintf(stderr, "strided slice %d: %s\n", iter, msg);
        }
        memcpy(arena() + g_b.tensors[t_in].offset, g_src[0], (size_t)product(dims, 0, rank) * es);
        CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
        CHECK(memcmp(arena() + g_b.tensors[t_out].offset, g_ref, (size_t)n_out * es) == 0);
        ran++;
    }
    CHECK(ran > 100 / TNM_TEST_SCALE);
}

/* ---- QUANTIZE int8 <-> uint8 --------------------------------------------- */

/* TFLite's MultiplyByQuantizedMultiplier in 64-bit arithmetic: x * 2^left, the doubling
 * high multiply rounded half up, then a rounding (half away from zero) right shift. */
static int32_t ref_mbqm(int32_t x, int32_t m, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    int64_t a = (int64_t)x * ((int64_t)1 << left), prod, r;
    int32_t high;
    if (a > INT32_MAX || a < INT32_MIN) a = (int64_t)(int32_t)(uint32_t)a; /* wraps as TFLite */
    if (a == INT32_MIN && m == INT32_MIN) high = INT32_MAX;
    else {
        prod = a * m;
        high = (int32_t)((prod + (prod >= 0 ? ((int64_t)1 << 30) : 1 - ((int64_t)1 << 30))) / ((int64_t)1 << 31));
    }
    if (right == 0) return high;
    r = high;
    {
        const int64_t half = (int64_t)1 << (right - 1), div = (int64_t)1 << right;
        return (int32_t)(r >= 0 ? (r + half) / div : -((-r + half) / div));
    }
}

/* Windows of whole rows (a streaming model's last frames: axis 1 cut, the inner axes whole,
 * or axis 2 cut too), the kernel's span copies, against an element loop. */
static void test_strided_slice_windows(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 300 / TNM_TEST_SCALE; iter++) {
        const int32_t es = tnm_rng_range(rng, 0, 2) == 0 ? 4 : 1;
        int32_t d4[4], start4[4], stop4[4], stride4[4], i0, i1, i2, i3, k;
        uint8_t *o = g_ref;
        size_t n_out;
        d4[0] = tnm_rng_range(rng, 1, 3);
        d4[1] = tnm_rng_range(rng, 1, 12);
        d4[2] = tnm_rng_range(rng, 1, 4);
        d4[3] = tnm_rng_range(rng, 1, 40);
        if ((size_t)d4[0] * d4[1] * d4[2] * d4[3] * es > sizeof g_src[0]) continue; /* the buffers */
        for (k = 0; k < 4; k++) {
            start4[k] = 0;
            stop4[k] = d4[k];
            stride4[k] = 1;
        }
        start4[1] = tnm_rng_range(rng, 0, d4[1] - 1);
        stop4[1] = tnm_rng_range(rng, start4[1] + 1, d4[1]);
        if (tnm_rng_range(rng, 0, 2) == 0) { /* axis 2 cut as well */
            start4[2] = tnm_rng_range(rng, 0, d4[2] - 1);
            stop4[2] = tnm_rng_range(rng, start4[2] + 1, d4[2]);
        }
        if (tnm_rng_range(rng, 0, 3) == 0) { /* every other batch, backwards */
            start4[0] = d4[0] - 1;
            stop4[0] = -1;
            stride4[0] = -tnm_rng_range(rng, 1, 2);
        }
        fill(rng, g_src[0], d4[0] * d4[1] * d4[2] * d4[3] * es);
        for (i0 = start4[0]; stride4[0] > 0 ? i0 < stop4[0] : i0 > stop4[0]; i0 += stride4[0])
            for (i1 = start4[1]; i1 < stop4[1]; i1++)
                for (i2 = start4[2]; i2 < stop4[2]; i2++)
                    for (i3 = 0; i3 < d4[3]; i3++) {
                        memcpy(o, g_src[0] + ((size_t)((i0 * d4[1] + i1) * d4[2] + i2) * d4[3] + i3) * es, (size_t)es);
                        o += es;
                    }
        n_out = (size_t)(o - g_ref);
        CHECK_EQ(TNM_OK, tnm_strided_slice(es, d4, start4, stop4, stride4, g_src[0], g_dst[0]));
        CHECK(memcmp(g_dst[0], g_ref, n_out) == 0);
    }
}

static void test_requantize_u8(tnm_rng *rng)
{
    int iter;
    for (iter = 0; iter < 200 / TNM_TEST_SCALE; iter++) {
        const int to_u8 = iter % 2 == 0;
        const int32_t n = tnm_rng_range(rng, 1, 300);
        const int same_scale = iter % 5 == 0;
        const int32_t m = same_scale ? 1 << 30 : tnm_rng_range(rng, 1 << 30, INT32_MAX);
        const int32_t shift = same_scale ? 1 : tnm_rng_range(rng, -8, 2);
        const int32_t in_zp = to_u8 ? tnm_rng_range(rng, -128, 127) : tnm_rng_range(rng, 0, 255);
        const int32_t out_zp = same_scale ? (to_u8 ? in_zp + 128 : in_zp - 128)
                                          : (to_u8 ? tnm_rng_range(rng, 0, 255) : tnm_rng_range(rng, -128, 127));
        const int32_t dims[2] = {1, n};
        uint32_t t_in, t_out, len;
        tnm_error err;
        int32_t i;
        fill(rng, g_src[0], n);
        for (i = 0; i < n; i++) {
            const int32_t q = to_u8 ? (int32_t)(int8_t)g_src[0][i] : (int32_t)g_src[0][i];
            int32_t v = ref_mbqm(q - in_zp, m, shift) + out_zp;
            if (to_u8) g_ref[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
            else g_ref[i] = (uint8_t)(int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
        }
        if (same_scale) /* TFLite's fast path: a flip of the top bit */
            for (i = 0; i < n; i++) CHECK_EQ(g_src[0][i] ^ 0x80, g_ref[i]);
        CHECK_EQ(TNM_OK, to_u8 ? tnm_requantize_s8_u8(n, (const int8_t *)g_src[0], in_zp, m, shift, out_zp, g_dst[0])
                               : tnm_requantize_u8_s8(n, g_src[0], in_zp, m, shift, out_zp, (int8_t *)g_dst[0]));
        CHECK(memcmp(g_dst[0], g_ref, (size_t)n) == 0);
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, to_u8 ? TNM_TYPE_INT8 : TNM_TYPE_UINT8, 2, dims, in_zp, 0.5f);
        t_out = tnm_bb_tensor_auto(&g_b, to_u8 ? TNM_TYPE_UINT8 : TNM_TYPE_INT8, 2, dims, out_zp, 0.5f);
        {
            const int32_t p[4] = {m, shift, in_zp, out_zp};
            tnm_bb_layer1(&g_b, TNM_OP_QUANTIZE, t_in, t_out, 4, p);
        }
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));
        memcpy(arena() + g_b.tensors[t_in].offset, g_src[0], (size_t)n);
        CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
        CHECK(memcmp(arena() + g_b.tensors[t_out].offset, g_ref, (size_t)n) == 0);
    }
    /* kernel argument checks */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_s8_u8(4, (const int8_t *)g_src[0], 0, 1 << 30, 1, 256, g_dst[0]));
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_requantize_u8_s8(4, g_src[0], -1, 1 << 30, 1, 0, (int8_t *)g_dst[0]));
}

/* ---- LOGISTIC through the runtime ------------------------------------------ */

/* Every int8 input for random input quantizations: the layer's output equals the kernel
 * called directly with the params (TFLM's Prepare, derived here); the module's checks. */
static void test_logistic(tnm_rng *rng)
{
    const int32_t dims[2] = {1, 256};
    int iter;
    for (iter = 0; iter < 20; iter++) {
        const float scale = (float)ldexp(1.0 + (double)tnm_rng_range(rng, 0, 999) / 1000.0, tnm_rng_range(rng, -12, 2));
        const int32_t zp = tnm_rng_range(rng, -128, 127);
        tnm_logistic_params lp;
        int32_t p[4], i;
        int e; /* frexp's exponent is an int (int32_t is long on rv32) */
        uint32_t t_in, t_out, len;
        tnm_error err;
        const double q = frexp((double)scale * (double)(1 << 27), &e);
        lp.input_zero_point = zp;
        lp.input_multiplier = (int32_t)round(q * 2147483648.0);
        lp.input_left_shift = e;
        lp.input_range_radius = (int32_t)floor(15.0 * (double)(1LL << 27) / ldexp(1.0, e));
        for (i = 0; i < 256; i++) g_src[0][i] = (uint8_t)i;
        CHECK_EQ(TNM_OK, tnm_logistic_s8(&lp, 256, (const int8_t *)g_src[0], (int8_t *)g_ref));
        p[0] = lp.input_zero_point;
        p[1] = lp.input_range_radius;
        p[2] = lp.input_multiplier;
        p[3] = lp.input_left_shift;
        tnm_bb_init(&g_b);
        t_in = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, dims, zp, scale);
        t_out = tnm_bb_tensor_auto(&g_b, TNM_TYPE_INT8, 2, dims, -128, 1.0f / 256.0f);
        tnm_bb_layer1(&g_b, TNM_OP_LOGISTIC, t_in, t_out, 4, p);
        tnm_bb_input(&g_b, t_in);
        tnm_bb_output(&g_b, t_out);
        len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
        CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));
        memcpy(arena() + g_b.tensors[t_in].offset, g_src[0], 256);
        CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), sizeof g_arena_words, 0, &err));
        CHECK(memcmp(arena() + g_b.tensors[t_out].offset, g_ref, 256) == 0);
        /* the output must be scale 1/256, zero point -128; params in range */
        if (iter == 0) {
            g_b.tensors[t_out].zero_point = -127;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_TENSOR_ZERO_POINT, err.field);
            g_b.tensors[t_out].zero_point = -128;
            g_b.list_words[g_b.layers[0].first_word + 2 + 3] = 32;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_PARAM(TNM_OP_LOGISTIC, 3), err.field);
            g_b.list_words[g_b.layers[0].first_word + 2 + 3] = p[3];
            g_b.list_words[g_b.layers[0].first_word + 2 + 0] = zp == 0 ? 1 : 0;
            len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
            CHECK_EQ(TNM_ERR_FORMAT, tnm_model_check(blob(), len, &err));
            CHECK_EQ(TNM_FIELD_LAYER_ZERO_POINT, err.field);
        }
    }
}

/* ---- the streaming model ------------------------------------------------- */

static void test_stateful_model(tnm_rng *rng)
{
    int32_t info[TNM_INFO_WORDS], tensor;
    int8_t hist_a[12], hist_b[4], x0[8], x1[4];
    uint32_t len, run, i;
    tnm_error err;
    int layer;
    tnm_bb_stateful_model(&g_b, 9);
    len = tnm_bb_finish(&g_b, blob(), sizeof g_blob_words);
    CHECK_EQ(TNM_OK, tnm_model_check(blob(), len, &err));
    CHECK_EQ(TNM_OK, tnm_model_info(blob(), len, info, &err));
    CHECK_EQ(2, info[TNM_INFO_INPUT_COUNT]);
    CHECK_EQ(3, info[TNM_INFO_OUTPUT_COUNT]);
    CHECK_EQ(2, info[TNM_INFO_INIT_LAYER_COUNT]);
    CHECK_EQ(2, info[TNM_INFO_VARIABLE_COUNT]);
    CHECK_EQ(4 + 12 + 4, info[TNM_INFO_STATE_SIZE]);
    CHECK_EQ(g_b.state_offset, info[TNM_INFO_STATE_OFFSET]);
    CHECK_EQ((1 << TNM_OP_READ_VARIABLE) | (1 << TNM_OP_ASSIGN_VARIABLE) | (1 << TNM_OP_CALL_ONCE) |
                 (1 << TNM_OP_CONCATENATION) | (1 << TNM_OP_STRIDED_SLICE) | (1 << TNM_OP_SPLIT_V) |
                 (1 << TNM_OP_QUANTIZE),
             info[TNM_INFO_OP_SET_LO]);
    CHECK_EQ(TNM_OK, tnm_model_io_tensor(blob(), len, 0, 1, &tensor, &err));
    CHECK_EQ(1, tensor);
    CHECK_EQ(TNM_OK, tnm_model_io_tensor(blob(), len, 1, 2, &tensor, &err));
    CHECK_EQ(9, tensor);
    {
        int32_t linfo[TNM_LAYER_INFO_MAX_WORDS];
        CHECK_EQ(TNM_OK, tnm_layer_info(blob(), len, 0, linfo, TNM_LAYER_INFO_MAX_WORDS, &err));
        CHECK_EQ(1, linfo[TNM_LAYER_SUBGRAPH]);
        CHECK_EQ(0, linfo[TNM_LAYER_OUTPUT_COUNT]);
        CHECK_EQ(TNM_OK, tnm_layer_info(blob(), len, 7, linfo, TNM_LAYER_INFO_MAX_WORDS, &err));
        CHECK_EQ(0, linfo[TNM_LAYER_SUBGRAPH]);
        CHECK_EQ(2, linfo[TNM_LAYER_OUTPUT_COUNT]);
        CHECK_EQ(5, linfo[TNM_LAYER_WORDS + 1]);
        CHECK_EQ(6, linfo[TNM_LAYER_WORDS + 2]);
        CHECK_EQ(2, linfo[TNM_LAYER_WORDS + 3]); /* axis */
    }
    /* An arena of garbage: the reset clears the state, the init subgraph zeroes the
     * variables on the first inference. Two streams of 5 inferences, reset between. */
    memset(g_arena_words, 0xA5, sizeof g_arena_words);
    for (run = 0; run < 10; run++) {
        const uint8_t *a = arena();
        if (run % 5 == 0) {
            CHECK_EQ(TNM_OK, tnm_model_reset_state(blob(), len, arena(), info[TNM_INFO_ARENA_SIZE], &err));
            memset(hist_a, 0, sizeof hist_a);
            memset(hist_b, 0, sizeof hist_b);
            /* the constants the init layers assign are zeros; make the variables dirty so
             * only the init subgraph can clean them */
            memset(arena() + g_b.state_offset + 4, 0x33, g_b.state_size - 4);
        }
        fill(rng, (uint8_t *)x0, 8);
        fill(rng, (uint8_t *)x1, 4);
        memcpy(arena() + g_b.tensors[0].offset, x0, 8);
        memcpy(arena() + g_b.tensors[1].offset, x1, 4);
        for (layer = 0; layer < info[TNM_INFO_LAYER_COUNT]; layer++)
            CHECK_EQ(TNM_OK, tnm_layer_invoke(blob(), len, arena(), info[TNM_INFO_ARENA_SIZE], layer, &err));
        {
            /* cat = [hist_a (3 frames of 4); x0 (2 frames)]: 5 x 4 */
            int8_t cat[20], cat2[8], rev[6];
            uint8_t out0[5];
            const int32_t zp = g_b.tensors[0].zero_point;
            memcpy(cat, hist_a, 12);
            memcpy(cat + 12, x0, 8);
            for (i = 0; i < 5; i++) out0[i] = (uint8_t)((int32_t)cat[4 * i] - zp + zp + 128);
            memcpy(cat2, hist_b, 4);
            memcpy(cat2 + 4, x1, 4);
            /* rows 4 and 2 of the last 3 columns */
            for (i = 0; i < 3; i++) {
                rev[i] = cat[4 * 4 + 1 + i];
                rev[3 + i] = cat[4 * 2 + 1 + i];
            }
            CHECK(memcmp(a + g_b.tensors[10].offset, out0, 5) == 0);
            CHECK(memcmp(a + g_b.tensors[8].offset, cat2, 8) == 0);
            CHECK(memcmp(a + g_b.tensors[9].offset, rev, 6) == 0);
            memcpy(hist_a, cat + 8, 12); /* the last 3 frames */
            memcpy(hist_b, x1, 4);
        }
        CHECK_EQ(1, a[g_b.state_offset]); /* init flag set by CALL_ONCE */
    }
}

/* tnm_copy (the operators' byte copies): every length up to 200 at every alignment of
 * source and destination (the word and 16-byte paths, their tails) against a byte loop,
 * and no byte written outside the destination. */
static void test_copy(tnm_rng *rng)
{
    int32_t n, so, dof, i, bad = 0;
    fill(rng, g_src[0], 256);
    for (n = 0; n <= 200; n++) {
        for (so = 0; so < 4; so++) {
            for (dof = 0; dof < 4; dof++) {
                memset(g_dst[0], 0xA5, 256);
                tnm_copy(g_dst[0] + 8 + dof, g_src[0] + so, (size_t)n);
                for (i = 0; i < 256; i++) {
                    const int32_t k = i - 8 - dof;
                    const uint8_t want = k >= 0 && k < n ? g_src[0][so + k] : 0xA5;
                    if (g_dst[0][i] != want) bad++;
                }
            }
        }
    }
    CHECK_EQ(0, bad);
}

int main(void)
{
    tnm_rng rng;
    tnm_rng_seed(&rng, 0x5EEDu);
    test_copy(&rng);
    test_concat_split(&rng);
    test_strided_slice(&rng);
    test_strided_slice_windows(&rng);
    test_requantize_u8(&rng);
    test_logistic(&rng);
    test_stateful_model(&rng);
    return tnm_test_finish("test_runtime_data_ops");
}
