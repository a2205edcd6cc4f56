/* GATHER_ND (TFLM gather_nd.cc): params int8 or float32 (TFLM's types; an activation or a
 * constant table), indices int32 [.., depth] (an activation or a constant), depth 1..5 and at
 * most the params' rank; the output is indices' dims but the last, then the params' dims after
 * the first depth, with the params' quantization. Constant indices are checked here, indices
 * from the arena at each invoke, each against its own dim, before any byte is written. */
#include <string.h>

#include "../runtime/tnm_runtime_internal.h"
#include "tnm/tnm_kernels_data.h"

static void nd_of(const tnm_tensor_view *t, tnm_nd_dims *d)
{
    int32_t i;
    memset(d, 0, sizeof *d);
    d->rank = t->rank;
    for (i = 0; i < t->rank; i++) d->dims[i] = t->dims[i];
}

static int32_t slices_of(const tnm_tensor_view *ind)
{
    int32_t i, n = 1;
    for (i = 0; i + 1 < ind->rank; i++) n *= ind->dims[i];
    return n;
}

static tnm_status index_error(const tnm_layer_view *L, const tnm_nd_dims *p, int32_t depth, int32_t n,
                              const int32_t *indices, tnm_error *err)
{
    const int32_t bad = tnm_gather_nd_first_bad_index(p, depth, n, indices);
    return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_POSITION, L->index, bad >= 0 ? indices[bad] : -1,
                    bad >= 0 ? p->dims[bad % depth] : 0);
}

static tnm_status check_gather_nd(tnm_layer_view *L, tnm_error *err)
{
    const tnm_tensor_view *par = &L->in[0], *ind = &L->in[1], *out = &L->out;
    const int32_t ix = L->index;
    int32_t depth, i, k = 0;
    tnm_nd_dims p;
    tnm_status st;
    if (par->type != TNM_TYPE_INT8 && par->type != TNM_TYPE_FLOAT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, par->type, TNM_TYPE_INT8);
    if (ind->type != TNM_TYPE_INT32)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_INPUT_TYPE, ix, ind->type, TNM_TYPE_INT32);
    if ((st = tnm_check_same_quant(L, par, L->input_ix[0], err)) != TNM_OK) return st;
    /* (value, what it must be or the bound) */
    if (par->rank < 1) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, par->rank, 1);
    if (ind->rank < 1) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, ind->rank, 1);
    depth = ind->dims[ind->rank - 1];
    if (depth > par->rank) return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, depth, par->rank);
    if (depth > TNM_GATHER_ND_MAX_DEPTH)
        return tnm_fail(err, TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_SHAPE, ix, depth, TNM_GATHER_ND_MAX_DEPTH);
    /* output: indices' dims but the last, then the params' after the first depth */
    if (out->rank != ind->rank - 1 + par->rank - depth)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, out->rank, ind->rank - 1 + par->rank - depth);
    for (i = 0; i + 1 < ind->rank; i++, k++) {
        if (out->dims[k] != ind->dims[i])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, out->dims[k], ind->dims[i]);
    }
    for (i = depth; i < par->rank; i++, k++) {
        if (out->dims[k] != par->dims[i])
            return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_LAYER_SHAPE, ix, out->dims[k], par->dims[i]);
    }
    nd_of(par, &p);
    if (ind->flags == TNM_TENSOR_CONSTANT) {
        const int32_t *indices = (const int32_t *)(const void *)(L->blob + ind->offset);
        if (tnm_gather_nd_first_bad_index(&p, depth, slices_of(ind), indices) >= 0)
            return index_error(L, &p, depth, slices_of(ind), indices, err);
    }
    return TNM_OK;
}

static tnm_status invoke_gather_nd(const tnm_layer_view *L, uint8_t *arena, tnm_error *err)
{
    const tnm_tensor_view *ind = &L->in[1];
    const int32_t *indices = (const int32_t *)TNM_INPUT_DATA(L, arena, ind);
    const int32_t depth = ind->dims[ind->rank - 1], n = slices_of(ind);
    tnm_nd_dims p;
    tnm_status st;
    nd_of(&L->in[0], &p);
    st = tnm_gather_nd(&p, depth, n, tnm_element_size(L->in[0].type), TNM_INPUT_DATA(L, arena, &L->in[0]), indices,
                       arena + L->out.offset);
    if (st != TNM_OK) return index_error(L, &p, depth, n, indices, err); /* the only one a checked layer can meet */
    return TNM_OK;
}

const tnm_op_module tnm_module_GATHER_ND = {check_gather_nd, invoke_gather_nd, 0, 3u, 0,
                                            TNM_MODULE_RANK6 | TNM_MODULE_OWN_ERRORS};
