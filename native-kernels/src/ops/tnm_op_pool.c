/* AVERAGE_POOL_2D and MAX_POOL_2D: int8 -> int8 with the input's scale and zero point. */
#include "../runtime/tnm_runtime_internal.h"

/* Pooling does not requantize: in and out share scale and zero point. Then the
 * activation. */
#define R_POOL_COMMON                                                                       \
    R_SPATIAL, R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LW(in[0].nhwc.c)),                \
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LW(in[0].zero_point), 0), \
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LW(in[0].scale), 0)
/* The int32 window sum must not overflow: at most 2^23 taps (as the kernel). */
static const tnm_rule k_rules_average_pool[] = {
    R_POOL_COMMON,
    TNM_RULE(R_RANGE | R_UNSUPPORTED, TNM_FIELD_LAYER_FILTER_SIZE, LX(X_OP_VALUE), LK(K_0), LK(K_2P23)),
    R_END_};
static const tnm_rule k_rules_max_pool[] = {R_POOL_COMMON, R_END_};

static void pool_params(const tnm_layer_view *L, tnm_pool_params *pp)
{
    const int32_t *p = L->params;
    pp->act_min = p[0];
    pp->act_max = p[1];
    pp->stride_h = p[2];
    pp->stride_w = p[3];
    pp->pad_h = p[4];
    pp->pad_w = p[5];
    pp->filter_h = p[6];
    pp->filter_w = p[7];
}

static tnm_status check(tnm_layer_view *L, int average, tnm_error *err)
{
    tnm_window *w = &L->win;
    tnm_pool_params pp;
    tnm_status st;
    pool_params(L, &pp);
    w->act_min = pp.act_min;
    w->act_max = pp.act_max;
    w->stride_h = pp.stride_h;
    w->stride_w = pp.stride_w;
    w->pad_h = pp.pad_h;
    w->pad_w = pp.pad_w;
    w->dilation_h = 1;
    w->dilation_w = 1;
    w->filter_h = pp.filter_h;
    w->filter_w = pp.filter_w;
    if (average)
        L->derived[X_OP_VALUE] = tnm_count_i32(
            (int64_t)(pp.filter_h < L->in[0].nhwc.h ? pp.filter_h : L->in[0].nhwc.h) *
            (pp.filter_w < L->in[0].nhwc.w ? pp.filter_w : L->in[0].nhwc.w));
    if ((st = tnm_check_int8_io(L, err)) != TNM_OK) return st;
    if ((st = tnm_run_rules(average ? k_rules_average_pool : k_rules_max_pool, L, err)) != TNM_OK)
        return st;
    return tnm_check_offsets_activation(L, 0, err);
}

static tnm_status check_average(tnm_layer_view *L, tnm_error *err) { return check(L, 1, err); }
static tnm_status check_max(tnm_layer_view *L, tnm_error *err) { return check(L, 0, err); }

static tnm_status invoke_average(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_pool_params pp;
    (void)err;
    pool_params(L, &pp);
    return tnm_avgpool_s8(&pp, &L->in[0].nhwc, TNM_ARENA_S8(arena, &L->in[0]), &L->out.nhwc,
                          TNM_ARENA_S8(arena, &L->out));
}

static tnm_status invoke_max(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_pool_params pp;
    (void)err;
    pool_params(L, &pp);
    return tnm_maxpool_s8(&pp, &L->in[0].nhwc, TNM_ARENA_S8(arena, &L->in[0]), &L->out.nhwc,
                          TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_AVERAGE_POOL_2D = {check_average, invoke_average, 0, 0, 0, 0};
const tnm_op_module tnm_module_MAX_POOL_2D = {check_max, invoke_max, 0, 0, 0, 0};
