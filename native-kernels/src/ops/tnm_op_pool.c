/* AVERAGE_POOL_2D and MAX_POOL_2D: int8 -> int8 with the input's scale and zero point. */
#include <string.h>

#include "../kernels/tnm_kernels_opt.h"
#include "../runtime/tnm_runtime_internal.h"

/* int8 in and out; pooling does not requantize: in and out share scale and zero point.
 * The activation last. */
#define R_POOL_COMMON                                                                       \
    R_INT8_IO_SPATIAL, R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LW(in[0].nhwc.c)),                \
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_ZERO_POINT, LW(out.zero_point), LW(in[0].zero_point), 0), \
    TNM_RULE(R_EQ | R_AT_OUTPUT, TNM_FIELD_TENSOR_SCALE, LW(out.scale), LW(in[0].scale), 0)
/* The int32 window sum must not overflow: at most 2^23 taps (as the kernel). */
static const tnm_rule k_rules_average_pool[] = {
    R_POOL_COMMON,
    TNM_RULE(R_RANGE | R_UNSUPPORTED, TNM_FIELD_LAYER_FILTER_SIZE, LX(X_OP_VALUE), LK(K_0), LK(K_2P23)),
    R_ACTIVATION, R_END_};
static const tnm_rule k_rules_max_pool[] = {R_POOL_COMMON, R_ACTIVATION, R_END_};

static void pool_params(const tnm_layer_view *L, tnm_pool_params *pp)
{
    const int32_t *p = L->params;
    pp->act_min = p[0];
    pp->act_max = p[1];
    /* params 2..7: stride, pad, filter (h, w each), the struct's order */
    memcpy(&pp->stride_h, &p[2], 6u * sizeof(int32_t));
}

/* rules: the operator's table, passed in so a build without MAX_POOL_2D links none of its. */
static tnm_status check(tnm_layer_view *L, const tnm_rule *rules, tnm_error *err)
{
    tnm_window *w = &L->win;
    const int32_t *p = L->params;
    w->act_min = p[0];
    w->act_max = p[1];
    memcpy(&w->stride_h, &p[2], 4u * sizeof(int32_t)); /* stride, pad */
    w->dilation_h = 1;
    w->dilation_w = 1;
    w->filter_h = p[6];
    w->filter_w = p[7];
    /* taps of the largest window (average pool's sum) */
    L->derived[X_OP_VALUE] = tnm_count_i32((int64_t)(p[6] < L->in[0].nhwc.h ? p[6] : L->in[0].nhwc.h) *
                                           (p[7] < L->in[0].nhwc.w ? p[7] : L->in[0].nhwc.w));
    if (L->hdr->trusted) return TNM_OK; /* validation only: done by tnm_model_check */
    return tnm_run_rules(rules, L, err);
}

static tnm_status check_average(tnm_layer_view *L, tnm_error *err)
{
    return check(L, k_rules_average_pool, err);
}
static tnm_status check_max(tnm_layer_view *L, tnm_error *err) { return check(L, k_rules_max_pool, err); }

static tnm_status invoke_average(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_pool_params pp;
    (void)err;
    pool_params(L, &pp);
    /* validated by check(): the unchecked entry (tnm_kernels_opt.h) */
    return tnm_avgpool_s8_unchecked(&pp, &L->in[0].nhwc, TNM_ARENA_S8(arena, &L->in[0]),
                                    &L->out.nhwc, TNM_ARENA_S8(arena, &L->out));
}

static tnm_status invoke_max(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    tnm_pool_params pp;
    (void)err;
    pool_params(L, &pp);
    return tnm_maxpool_s8(&pp, &L->in[0].nhwc, TNM_ARENA_S8(arena, &L->in[0]), &L->out.nhwc,
                          TNM_ARENA_S8(arena, &L->out));
}

const tnm_op_module tnm_module_AVERAGE_POOL_2D = {check_average, invoke_average, 0, 0, 0, TNM_MODULE_STRIP};
const tnm_op_module tnm_module_MAX_POOL_2D = {check_max, invoke_max, 0, 0, 0, TNM_MODULE_STRIP};
