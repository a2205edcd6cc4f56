/* CONV_2D and DEPTHWISE_CONV_2D: inputs [input, filter (constant int8), bias (constant
 * int32, optional)], per-channel requantization (tnm_model.h). */
#include <string.h>

#include "../kernels/tnm_copy_internal.h"
#include "../kernels/tnm_kernels_opt.h"
#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_variants.h"

static const tnm_rule k_rules_conv[] = {R_INT8_IO_SPATIAL, R_OFFSETS, R_ACTIVATION, R_END_};
static const tnm_rule k_rules_depthwise[] = {
    R_INT8_IO_SPATIAL, R_RANGE_(TNM_FIELD_LAYER_DEPTH_MULTIPLIER, LP(12), LK(K_1), LK(K_65535)),
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LX(X_OP_VALUE)), R_OFFSETS, R_ACTIVATION, R_END_};

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void filter_dims(const tnm_layer_view *L, int depthwise, tnm_dims *filter)
{
    filter->n = depthwise ? 1 : L->out.nhwc.c;
    filter->h = L->params[10];
    filter->w = L->params[11];
    filter->c = depthwise ? L->out.nhwc.c : L->in[0].nhwc.c;
}

/* The two kernels share their signatures: one call site each, through these. */
typedef int32_t (*scratch_fn)(const tnm_dims *, const tnm_dims *, const tnm_dims *);
typedef tnm_status (*conv_fn)(const tnm_conv_params *, const tnm_quant *, const tnm_dims *,
                              const int8_t *, const tnm_dims *, const int8_t *, const int32_t *,
                              const tnm_dims *, int8_t *, void *);

/* In place (TNM_LAYER_IN_PLACE, tnm_model.h): one kernel call per band of output units,
 * rows (each call reads the input rows of its window clipped to the image, the band's
 * padding adjusted, so it sees exactly the rows the full call would have read), or with
 * TNM_LAYER_IN_PLACE_PIXELS runs of pixels of a 1x1 stride-1 unpadded CONV_2D (the
 * tensors read as [1, 1, h * w, c]). Band k covers output units [u0, u1) and input [lo, hi]. */
typedef struct {
    int32_t units, size, pixels;
    int64_t in_unit, out_unit; /* bytes per unit */
} band_plan;

static void band_plan_of(const tnm_layer_view *L, band_plan *b)
{
    const tnm_dims *in = &L->in[0].nhwc, *out = &L->out.nhwc;
    b->pixels = (L->layer_flags & TNM_LAYER_IN_PLACE_PIXELS) != 0;
    b->size = (int32_t)((L->layer_flags >> TNM_LAYER_BAND_SHIFT) & 0xFFu) + 1;
    b->units = b->pixels ? out->h * out->w : out->h;
    b->in_unit = b->pixels ? in->c : (int64_t)in->w * in->c;
    b->out_unit = b->pixels ? out->c : (int64_t)out->w * out->c;
}

static void band_at(const tnm_layer_view *L, const band_plan *b, int32_t k, int32_t *u0, int32_t *u1,
                    int32_t *lo, int32_t *hi)
{
    const int64_t start = (int64_t)k * b->size, h = L->in[0].nhwc.h;
    *u0 = (int32_t)start;
    *u1 = (int32_t)(start + b->size < b->units ? start + b->size : b->units);
    if (b->pixels) {
        *lo = *u0;
        *hi = *u1 - 1;
    } else {
        const int64_t first = start * L->win.stride_h - L->win.pad_h;
        const int64_t last = (int64_t)(*u1 - 1) * L->win.stride_h - L->win.pad_h +
                             (int64_t)(L->win.filter_h - 1) * L->win.dilation_h;
        *lo = (int32_t)(first < 0 ? 0 : first < h ? first : h);
        *hi = (int32_t)(last >= h ? h - 1 : last < -1 ? -1 : last);
    }
}

/* The bands run in order (last to first with REVERSE); the bytes a band writes may not
 * overlap input that it or a later band reads. Returns the first output unit of the band
 * that breaks this (or -1 for a shape that cannot run in place: a batch, a band whose window
 * is all padding, pixel runs on a convolution that is not 1x1 stride 1 unpadded or on a
 * depthwise convolution, whose scratch can grow with the run's length), or -2 when
 * the layer is fine. */
static int32_t in_place_broken_unit(const tnm_layer_view *L, int depthwise)
{
    const tnm_dims *in = &L->in[0].nhwc, *out = &L->out.nhwc;
    const int64_t in_at = L->in[0].offset, out_at = L->out.offset;
    const int reverse = (L->layer_flags & TNM_LAYER_IN_PLACE_REVERSE) != 0;
    band_plan b;
    int32_t k, u0, u1, lo, hi;
    band_plan_of(L, &b);
    if (in->n != 1 || out->n != 1) return -1;
    if (b.pixels && (depthwise || L->win.filter_h != 1 || L->win.filter_w != 1 || L->win.stride_h != 1 ||
                     L->win.stride_w != 1 || L->win.pad_h != 0 || L->win.pad_w != 0 ||
                     in->h != out->h || in->w != out->w))
        return -1;
    for (k = 0; (int64_t)k * b.size < b.units; k++) {
        int64_t need_from, need_to, w_from, w_to;
        band_at(L, &b, k, &u0, &u1, &lo, &hi);
        if (lo > hi) return -1;
        w_from = out_at + b.out_unit * u0;
        w_to = out_at + b.out_unit * u1;
        /* forward: this band and every later one read [lo, end); reverse: [0, hi] */
        need_from = in_at + (reverse ? 0 : b.in_unit * lo);
        need_to = reverse ? in_at + b.in_unit * (hi + 1) : in_at + (int64_t)L->in[0].size_bytes;
        if (w_from < need_to && need_from < w_to) return u0;
    }
    return -2;
}

/* Depthwise rows the bands cannot run in place (in_place_broken_unit) may still run in
 * place when no output row overlaps input rows after the last one it reads (REVERSE:
 * before the first): the row-ordered kernel (tnm_depthwise_conv_s8_rows) reads each input
 * row before it writes an output row over it. Where that kernel declines the call (a build
 * or shape without the path), the bands run into scratch, staged: band k's output waits
 * there until no later band reads input under it, then is copied to its place (the
 * kernel gets no scratch of its own: its generic loop). derived[X_CONV_STAGE]: the staging
 * slots (bands held at once), 0 when the bands run in place as they are. */
#define X_CONV_STAGE (X_OP_VALUE + 1)
/* derived[X_CONV_KERNEL_SCRATCH]: 1 when this build's kernel asks for scratch on the whole
 * call. Only then does an ordered call (rows, pixels) get the scratch: staging alone may be
 * smaller than what such a path needs where the build's query does not count it (the
 * Cortex-M paths in C on a host, whose own kernel needs none). */
#define X_CONV_KERNEL_SCRATCH (X_OP_VALUE + 2)
typedef char tnm_conv_stage_slot_check[X_CONV_KERNEL_SCRATCH < 8 ? 1 : -1];

/* Whether band i, staged, may be copied to its place once band j (i or a later one in the
 * call's order; n bands) has run: no band after j reads input under it. */
static int band_flushable(const tnm_layer_view *L, const band_plan *b, int32_t i, int32_t j, int32_t n,
                          int reverse)
{
    const int64_t in_at = L->in[0].offset, out_at = L->out.offset;
    int32_t u0, u1, lo, hi;
    int64_t w_from, w_to;
    if (reverse ? j == 0 : j == n - 1) return 1;
    band_at(L, b, i, &u0, &u1, &lo, &hi);
    w_from = out_at + b->out_unit * u0;
    w_to = out_at + b->out_unit * u1;
    band_at(L, b, reverse ? j - 1 : j + 1, &u0, &u1, &lo, &hi);
    /* the bands after j read [lo of the next, end) in order, [0, hi of the next] reverse */
    if (reverse) return !(w_from < in_at + b->in_unit * (hi + 1) && in_at < w_to);
    return !(w_from < in_at + (int64_t)L->in[0].size_bytes && in_at + b->in_unit * lo < w_to);
}

/* Whether unit u (a row, or a pixel) would be written over input it has not read yet: in
 * order, the input after the last unit it reads; reverse, before the first. */
static int unit_unsafe(const tnm_layer_view *L, const band_plan *r, int32_t u, int reverse)
{
    const int64_t in_at = L->in[0].offset, w_from = L->out.offset + r->out_unit * u, w_to = w_from + r->out_unit;
    int32_t u0, u1, lo, hi;
    band_at(L, r, u, &u0, &u1, &lo, &hi);
    if (reverse) return in_at < w_to && w_from < in_at + r->in_unit * lo;
    return w_from < in_at + (int64_t)L->in[0].size_bytes && in_at + r->in_unit * (hi + 1) < w_to;
}

/* Where the input the bands after band j (in the call's order) read begins (in order) or
 * ends (reverse): without band_at's generality, check() runs it at every invoke. */
static int64_t later_reads_edge(const tnm_layer_view *L, const band_plan *b, int32_t j, int reverse)
{
    const int32_t h = L->in[0].nhwc.h;
    int32_t x;
    if (!reverse) {
        x = (j + 1) * b->size; /* the next band's first unit: its first row read */
        if (!b->pixels) {
            x = x * L->win.stride_h - L->win.pad_h;
            x = x < 0 ? 0 : x > h ? h : x;
        }
        return L->in[0].offset + b->in_unit * x;
    }
    x = j * b->size - 1; /* the next band's last unit: its last row read, + 1 */
    if (!b->pixels) {
        x = x * L->win.stride_h - L->win.pad_h + (L->win.filter_h - 1) * L->win.dilation_h;
        x = x >= h ? h - 1 : x < -1 ? -1 : x;
    }
    return L->in[0].offset + b->in_unit * (x + 1);
}

/* For depthwise rows or pointwise pixels that the bands cannot run in place: -1 when the
 * units (rows, pixels) are not safe either, else the staging slots of the bands (>= 1):
 * band i, staged, is copied to its place once no band after j reads input under it. */
static int32_t rows_stage_slots(const tnm_layer_view *L)
{
    const int64_t in_at = L->in[0].offset, in_end = in_at + (int64_t)L->in[0].size_bytes;
    const int reverse = (L->layer_flags & TNM_LAYER_IN_PLACE_REVERSE) != 0;
    band_plan r, b;
    int32_t u, n, i, j, delay = 0;
    band_plan_of(L, &b);
    r = b;
    r.size = 1;
    if (b.pixels && b.out_unit <= b.in_unit) {
        /* pixels: linear in u, and the overlap condition a prefix (suffix reverse) of the
         * units: the first (last) unit is the worst */
        if (unit_unsafe(L, &r, reverse ? r.units - 1 : 0, reverse)) return -1;
    } else {
        for (u = 0; u < r.units; u++) {
            if (unit_unsafe(L, &r, u, reverse)) return -1;
        }
    }
    /* the longest wait: the band j after which band i may go is monotone in i, so one
     * pointer runs along (ahead of i, it overstates only waits below the longest) */
    n = b.units / b.size + (b.units % b.size != 0);
    j = reverse ? n - 1 : 0;
    for (i = reverse ? n - 1 : 0; reverse ? i >= 0 : i < n; i += reverse ? -1 : 1) {
        const int64_t w_from = L->out.offset + b.out_unit * i * b.size;
        const int64_t w_to = L->out.offset + b.out_unit * (i + 1 < n ? (i + 1) * b.size : b.units);
        if (reverse ? j > i : j < i) j = i;
        if (reverse) {
            while (j > 0 && w_from < later_reads_edge(L, &b, j, 1) && in_at < w_to) j--;
        } else {
            while (j < n - 1 && w_from < in_end && later_reads_edge(L, &b, j, 0) < w_to) j++;
        }
        if ((reverse ? i - j : j - i) > delay) delay = reverse ? i - j : j - i;
    }
    return delay + 1;
}

/* Input and output dims of band [u0, u1) reading input [lo, hi]. */
static void band_dims(const tnm_layer_view *L, const band_plan *b, int32_t u0, int32_t u1, int32_t lo,
                      int32_t hi, tnm_dims *in, tnm_dims *out)
{
    *in = L->in[0].nhwc;
    *out = L->out.nhwc;
    if (b->pixels) {
        in->h = out->h = 1;
        in->w = out->w = u1 - u0;
    } else {
        in->h = hi - lo + 1;
        out->h = u1 - u0;
    }
}

/* How an in-place layer runs when the ordered kernels (depthwise rows, pointwise pixels)
 * do not take it: *stage = the staging slots (X_CONV_STAGE) or 0 for bands in place as they
 * are; *scratch_size (the whole call's on entry) raised to the staging or the bands' scratch. */
static tnm_status in_place_plan(const tnm_layer_view *L, int depthwise, const tnm_dims *filter,
                                int32_t *scratch_size, int32_t *stage, tnm_error *err)
{
    const scratch_fn scratch = depthwise ? tnm_depthwise_conv_s8_scratch_size : tnm_conv_s8_scratch_size;
    const int32_t unit = in_place_broken_unit(L, depthwise);
    band_plan b;
    int32_t k, u0, u1, lo, hi, need;
    tnm_dims band_in, band_out;
    band_plan_of(L, &b);
    *stage = 0;
    if (unit >= 0 && depthwise == !b.pixels) {
        /* depthwise rows or pointwise pixels, staged where the ordered kernel declines:
         * the whole call's scratch or the staging, the larger */
        const int32_t slots = rows_stage_slots(L);
        int64_t bytes;
        if (slots > 0) {
            bytes = (int64_t)slots * b.size * b.out_unit;
            if (bytes > (1L << 30)) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_SCRATCH, L->index, -1, 0);
            *stage = slots;
            if (bytes > *scratch_size) *scratch_size = (int32_t)bytes;
            return TNM_OK;
        }
    }
    if (unit != -2)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_FLAGS, L->index, (int32_t)L->layer_flags, unit);
    /* the scratch of the bands (two sizes at most: full bands and the last) */
    for (k = 0; (int64_t)k * b.size < b.units; k++) {
        band_at(L, &b, k, &u0, &u1, &lo, &hi);
        band_dims(L, &b, u0, u1, lo, hi, &band_in, &band_out);
        need = scratch(&band_in, filter, &band_out);
        if (need < 0) return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_SCRATCH, L->index, need, 0);
        if (need > *scratch_size) *scratch_size = need;
        if (k == 0 && (b.units - 1) / b.size > 1) k = (b.units - 1) / b.size - 1;
    }
    return TNM_OK;
}

static tnm_status check(tnm_layer_view *L, int depthwise, tnm_error *err)
{
    const int32_t *p = L->params;
    tnm_window *w = &L->win;
    uint64_t per_output;
    tnm_dims filter;
    tnm_status st;
    scratch_fn scratch;
    /* a build with one of the two operators links only its kernels */
    if (!TNM_OP_BUILT_DEPTHWISE_CONV_2D) depthwise = 0;
    if (!TNM_OP_BUILT_CONV_2D) depthwise = 1;
    scratch = depthwise ? tnm_depthwise_conv_s8_scratch_size : tnm_conv_s8_scratch_size;
    w->act_min = p[2];
    w->act_max = p[3];
    /* params 4..11 are stride, pad, dilation, filter (h, w each): the window's order */
    memcpy(&w->stride_h, &p[4], 8u * sizeof(int32_t));
    if (depthwise) L->derived[X_OP_VALUE] = tnm_count_i32((int64_t)L->in[0].nhwc.c * p[12]);
    /* the rules and the weights only validate: not again for a blob tnm_model_check accepted */
    if (!L->hdr->trusted &&
        (st = tnm_run_rules(depthwise ? k_rules_depthwise : k_rules_conv, L, err)) != TNM_OK) return st;
    /* weights per output channel: the window (times the input channels for CONV_2D) */
    per_output = tnm_mul_cap((uint64_t)p[10], (uint64_t)p[11]);
    if (!depthwise) per_output = tnm_mul_cap(per_output, (uint64_t)L->in[0].nhwc.c);
    L->out_channels = L->out.nhwc.c;
    if (!L->hdr->trusted) {
        st = tnm_check_weights_bias(L, tnm_mul_cap(per_output, (uint64_t)L->out_channels), L->out_channels, err);
        if (st != TNM_OK) return st;
    }
    L->macs = (int64_t)tnm_mul_cap(per_output, (uint64_t)L->out.elements);
    /* The conv kernels take one multiplier per output channel (tnm_kernels.h): the
     * compiler expands per-tensor quantization. */
    L->quant_expected = (uint32_t)L->out_channels;
    filter_dims(L, depthwise, &filter);
    L->scratch_size = scratch(&L->in[0].nhwc, &filter, &L->out.nhwc);
    L->derived[X_CONV_STAGE] = 0;
    L->derived[X_CONV_KERNEL_SCRATCH] = L->scratch_size > 0;
    if (L->layer_flags & TNM_LAYER_IN_PLACE) {
        /* A read-only blob (checked when opened): the plan only where the ordered kernel
         * declines the call (invoke), not at every invoke. */
        if (L->hdr->trusted) {
            L->derived[X_CONV_STAGE] = -1;
            return TNM_OK;
        }
        return in_place_plan(L, depthwise, &filter, &L->scratch_size, &L->derived[X_CONV_STAGE], err);
    }
    return TNM_OK;
}

/* The kernel's params, requantization arrays (in the blob) and filter dims of the layer. */
static void kernel_args_of(const tnm_layer_view *L, int depthwise, tnm_conv_params *cp, tnm_quant *quant,
                           tnm_dims *filter)
{
    const int32_t *p = L->params;
    quant->multiplier = (const int32_t *)(const void *)(L->blob + L->quant_offset);
    quant->shift = (const int8_t *)(const void *)(L->blob + L->quant_offset + 4u * L->quant_count);
    cp->input_offset = p[0];
    cp->output_offset = p[1];
    cp->act_min = p[2];
    cp->act_max = p[3];
    /* params 4..9: stride, pad, dilation (h, w each), the struct's order */
    memcpy(&cp->stride_h, &p[4], 6u * sizeof(int32_t));
    cp->depth_multiplier = depthwise ? p[12] : 1;
    filter_dims(L, depthwise, filter);
}

/* The bands through scratch (X_CONV_STAGE): band k (k-th in the call's order) goes to slot
 * k % slots, and the staged bands are copied to their places, oldest first, as soon as no
 * later band reads input under them (a band waits at most slots - 1 bands: check()). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static tnm_status invoke_staged(const tnm_layer_view *L, const band_plan *b, int32_t n, conv_fn kernel,
                                tnm_conv_params *cp, const tnm_quant *quant, const tnm_dims *filter,
                                const int32_t *bias, uint8_t *arena, int8_t *stage, int32_t slots)
{
    const int8_t *in_data = TNM_INPUT_S8(L, arena, &L->in[0]);
    int8_t *out_data = TNM_ARENA_S8(arena, &L->out);
    const int reverse = (L->layer_flags & TNM_LAYER_IN_PLACE_REVERSE) != 0;
    const size_t slot_bytes = (size_t)b->size * (size_t)b->out_unit;
    int32_t k, done = 0;
    for (k = 0; k < n; k++) {
        const int32_t kk = reverse ? n - 1 - k : k;
        int32_t u0, u1, lo, hi;
        tnm_dims band_in, band_out;
        tnm_status st;
        band_at(L, b, kk, &u0, &u1, &lo, &hi);
        band_dims(L, b, u0, u1, lo, hi, &band_in, &band_out);
        if (!b->pixels) cp->pad_h = lo - (u0 * L->win.stride_h - L->win.pad_h);
        st = kernel(cp, quant, &band_in, in_data + (size_t)lo * (size_t)b->in_unit, filter,
                    TNM_INPUT_S8(L, arena, &L->in[1]), bias, &band_out,
                    stage + (size_t)(k % slots) * slot_bytes, 0);
        if (st != TNM_OK) return st;
        while (done <= k && band_flushable(L, b, reverse ? n - 1 - done : done, kk, n, reverse)) {
            band_at(L, b, reverse ? n - 1 - done : done, &u0, &u1, &lo, &hi);
            /* the word copy: the C library's memcpy of a small target moves a byte a turn */
            tnm_copy(out_data + (size_t)u0 * (size_t)b->out_unit, stage + (size_t)(done % slots) * slot_bytes,
                     (size_t)(u1 - u0) * (size_t)b->out_unit);
            done++;
        }
    }
    return TNM_OK;
}

static tnm_status invoke(const tnm_layer_view *L, uint8_t *arena, int depthwise, tnm_error *err)
{
    /* a build with one of the two operators links only its kernels */
    if (!TNM_OP_BUILT_DEPTHWISE_CONV_2D) depthwise = 0;
    if (!TNM_OP_BUILT_CONV_2D) depthwise = 1;
    tnm_conv_params cp;
    tnm_quant quant;
    tnm_dims filter;
    const int32_t *bias = L->input_ix[2] != TNM_NO_TENSOR
                              ? (const int32_t *)TNM_INPUT_DATA(L, arena, &L->in[2]) : NULL;
    void *scratch = L->scratch_size > 0 ? (void *)(arena + L->scratch_offset) : NULL;
    /* validated by check(): the kernels' unchecked entries (tnm_kernels_opt.h) */
    const conv_fn kernel = depthwise ? tnm_depthwise_conv_s8_unchecked : tnm_conv_s8_unchecked;
    kernel_args_of(L, depthwise, &cp, &quant, &filter);
    if (L->layer_flags & TNM_LAYER_IN_PLACE) {
        const int8_t *in_data = TNM_INPUT_S8(L, arena, &L->in[0]);
        int8_t *out_data = TNM_ARENA_S8(arena, &L->out);
        const int reverse = (L->layer_flags & TNM_LAYER_IN_PLACE_REVERSE) != 0;
        void *const ordered_scratch = L->derived[X_CONV_KERNEL_SCRATCH] ? scratch : NULL;
        int32_t slots = L->derived[X_CONV_STAGE];
        band_plan b;
        int32_t n, k;
        band_plan_of(L, &b);
        /* Depthwise rows, the output a whole number of pixels from the input: check() found
         * no band writing over input that it or a later band reads, so no output row
         * overlaps input rows the next row in order still reads (the bands hold whole rows;
         * REVERSE: last to first), which with the shift is what the row-ordered kernel needs
         * (tnm_depthwise_conv_s8_rows). One call then, without the bands' repeated setup;
         * shapes that kernel has no path for run in bands, as do all in a build without
         * DW_PLANES (the kernel then returns 0 at once; tested here, this function's code
         * would depend on the build's kernel paths, and -Os allocates its registers
         * differently: one instruction more per layer). */
        if (depthwise && !b.pixels && L->in[0].nhwc.c == L->out.nhwc.c &&
            (in_data - out_data) % L->out.nhwc.c == 0 &&
            tnm_depthwise_conv_s8_rows_unchecked(&cp, &quant, &L->in[0].nhwc, in_data, &filter,
                                                 TNM_INPUT_S8(L, arena, &L->in[1]), bias, &L->out.nhwc,
                                                 out_data, ordered_scratch, reverse))
            return TNM_OK;
        /* Pointwise pixels: one pixel-ordered call where the kernel has one
         * (tnm_conv_s8_pixels): check() found no output pixel over input pixels after it
         * (the bands' rule or the staged one imply it). */
        if (!depthwise && b.pixels &&
            tnm_conv_s8_pixels_unchecked(&cp, &quant, &L->in[0].nhwc, in_data, &filter,
                                         TNM_INPUT_S8(L, arena, &L->in[1]), bias, &L->out.nhwc, out_data,
                                         ordered_scratch, reverse))
            return TNM_OK;
        /* 32-bit division (no 64-bit library call): units >= 1, size in [1, 256] */
        n = b.units / b.size + (b.units % b.size != 0);
        if (slots < 0) {
            /* deferred by check() (a read-only blob): the plan tnm_model_check made, and the
             * scratch where tnm_read_layer placed it for that plan's size */
            int32_t need = L->scratch_size;
            tnm_status st = in_place_plan(L, depthwise, &filter, &need, &slots, err);
            if (st != TNM_OK) return st;
            scratch = need > 0 ? (void *)(arena + ((L->hdr->arena_size - (uint32_t)need) & ~3u)) : NULL;
        }
        if (slots > 0) return invoke_staged(L, &b, n, kernel, &cp, &quant, &filter, bias, arena, (int8_t *)scratch, slots);
        for (k = 0; k < n; k++) {
            int32_t u0, u1, lo, hi;
            tnm_dims band_in, band_out;
            tnm_status st;
            band_at(L, &b, reverse ? n - 1 - k : k, &u0, &u1, &lo, &hi);
            band_dims(L, &b, u0, u1, lo, hi, &band_in, &band_out);
            /* rows: the band's first input row is lo; the rows above it are padding */
            if (!b.pixels) cp.pad_h = lo - (u0 * L->win.stride_h - L->win.pad_h);
            st = kernel(&cp, &quant, &band_in, in_data + (size_t)lo * (size_t)b.in_unit, &filter,
                        TNM_INPUT_S8(L, arena, &L->in[1]), bias, &band_out,
                        out_data + (size_t)u0 * (size_t)b.out_unit, scratch);
            if (st != TNM_OK) return st;
        }
        return TNM_OK;
    }
    return kernel(&cp, &quant, &L->in[0].nhwc, TNM_INPUT_S8(L, arena, &L->in[0]), &filter,
                  TNM_INPUT_S8(L, arena, &L->in[1]), bias, &L->out.nhwc, TNM_ARENA_S8(arena, &L->out),
                  scratch);
}

/* Hosts only (the compiler's query; a firmware never calls it): on the targets this file
 * compiles as without it, so GCC inlines the band helpers into check and invoke as before. */
#if !defined(__arm__) && !defined(__riscv)
static int32_t arm_dsp_scratch(int depthwise, const tnm_dims *in, const tnm_dims *filter, const tnm_dims *out)
{
    return depthwise ? tnm_opt_dw_scratch_arm_dsp(in, filter, out) : tnm_opt_conv_scratch_arm_dsp(in, filter);
}

/* The Cortex-M DSP paths the layer's kernel calls can take (tnm_variants.h), following
 * invoke(): the row-ordered call, else the bands, else one call. Host-side only. */
uint32_t tnm_conv_layer_variants(const tnm_layer_view *L)
{
    const int depthwise = L->op == TNM_OP_DEPTHWISE_CONV_2D;
    const int has_bias = L->input_ix[2] != TNM_NO_TENSOR;
    /* the bias is a constant (check: tnm_check_weights_bias): in the blob */
    const int32_t *bias = has_bias ? (const int32_t *)(const void *)(L->blob + L->in[2].offset) : NULL;
    tnm_conv_params cp;
    tnm_quant quant;
    tnm_dims filter;
    band_plan b;
    uint32_t v;
    int sure, has_scratch;
    int32_t k;
    kernel_args_of(L, depthwise, &cp, &quant, &filter);
    /* The Cortex-M DSP build's scratch (this build's may differ): as check() sizes it, the
     * whole layer and, in place, its bands. */
    band_plan_of(L, &b);
    has_scratch = arm_dsp_scratch(depthwise, &L->in[0].nhwc, &filter, &L->out.nhwc) > 0;
    for (k = 0; (L->layer_flags & TNM_LAYER_IN_PLACE) && (int64_t)k * b.size < b.units; k++) {
        int32_t u0, u1, lo, hi;
        tnm_dims band_in, band_out;
        band_at(L, &b, k, &u0, &u1, &lo, &hi);
        band_dims(L, &b, u0, u1, lo, hi, &band_in, &band_out);
        has_scratch |= arm_dsp_scratch(depthwise, &band_in, &filter, &band_out) > 0;
    }
    if (L->layer_flags & TNM_LAYER_IN_PLACE) {
        v = 0;
        if (depthwise && !b.pixels && L->in[0].nhwc.c == L->out.nhwc.c &&
            ((int64_t)L->in[0].offset - (int64_t)L->out.offset) % L->out.nhwc.c == 0) {
            v = tnm_arm_dsp_conv_variants(1, 1, &cp, &quant, &L->in[0].nhwc, &filter, &L->out.nhwc,
                                          has_scratch, bias, &sure);
            if (sure) return v;
        }
        if (!depthwise && b.pixels && has_scratch && has_bias &&
            tnm_is_pixel_conv(&cp, &L->in[0].nhwc, &filter, &L->out.nhwc))
            /* tnm_conv_s8_arm_dsp_pixels: the patch block over the whole layer, its last
             * pixels in the fully-connected form */
            return tnm_arm_dsp_conv_variants(0, 0, &cp, &quant, &L->in[0].nhwc, &filter, &L->out.nhwc,
                                             has_scratch, bias, &sure);
        /* staged bands: the kernel without scratch */
        if (L->derived[X_CONV_STAGE] > 0) has_scratch = 0;
        for (k = 0; (int64_t)k * b.size < b.units; k++) {
            int32_t u0, u1, lo, hi;
            tnm_dims band_in, band_out;
            band_at(L, &b, k, &u0, &u1, &lo, &hi);
            band_dims(L, &b, u0, u1, lo, hi, &band_in, &band_out);
            if (!b.pixels) cp.pad_h = lo - (u0 * L->win.stride_h - L->win.pad_h);
            v |= tnm_arm_dsp_conv_variants(depthwise, 0, &cp, &quant, &band_in, &filter, &band_out,
                                           has_scratch, bias, &sure);
        }
        return v;
    }
    return tnm_arm_dsp_conv_variants(depthwise, 0, &cp, &quant, &L->in[0].nhwc, &filter, &L->out.nhwc,
                                     has_scratch, bias, &sure);
}
#else
uint32_t tnm_conv_layer_variants(const tnm_layer_view *L)
{
    (void)L;
    return TNM_VARIANT_SET_ALL;
}
#endif

static tnm_status check_conv(tnm_layer_view *L, tnm_error *err) { return check(L, 0, err); }
static tnm_status check_depthwise(tnm_layer_view *L, tnm_error *err) { return check(L, 1, err); }
static tnm_status invoke_conv(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    return invoke(L, arena, 0, err);
}
static tnm_status invoke_depthwise(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    return invoke(L, arena, 1, err);
}

/* optional: bias (input 2); constant: filter and bias */
const tnm_op_module tnm_module_CONV_2D = {check_conv, invoke_conv, 4u, 6u, 0, TNM_MODULE_IN_PLACE | TNM_MODULE_STRIP};
const tnm_op_module tnm_module_DEPTHWISE_CONV_2D = {check_depthwise, invoke_depthwise, 4u, 6u, 0,
                                                    TNM_MODULE_IN_PLACE | TNM_MODULE_STRIP};
