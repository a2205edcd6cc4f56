/*
 * Running one layer of a .tnm blob: validate (header, the layer, its tensors, the
 * arena), then call its operator module. Validation is tnm_read_layer(), the same
 * function tnm_model_check() uses, so a blob changed after the check is caught here too.
 * tnm_layer_invoke_readonly: a blob in read-only memory that tnm_model_check accepted
 * cannot change, so its layers are only parsed (the arena and the index still checked).
 * Layers of the init subgraph run only while the init flag in the state region is 0.
 */
#include <string.h>

#include "tnm_runtime_internal.h"

/* TNM_OK with the detail cleared: tnm_fail's result, its five stores inline (the end of
 * every layer call: a call less per layer). */
static tnm_status ok(tnm_error *err)
{
    if (err != NULL) {
        err->code = TNM_OK;
        err->field = TNM_FIELD_NONE;
        err->index = -1;
        err->value = 0;
        err->limit = 0;
    }
    return TNM_OK;
}

/* A module's invoke failed: the error it named (TNM_MODULE_OWN_ERRORS: data read at run time,
 * such as a GATHER position), or else a kernel that refused its arguments (the checks should
 * have caught it). Decided here, off the success path. */
static tnm_status invoke_failed(tnm_error *err, tnm_status st, int32_t index, const tnm_op_module *m, int32_t op)
{
    if ((m->flags & TNM_MODULE_OWN_ERRORS) != 0) return st;
    return tnm_fail(err, st, TNM_FIELD_LAYER_OP, index, op, 0);
}

/* The header and the arena arguments every arena call shares. */
static tnm_status arena_args(const uint8_t *blob, uint32_t blob_len, const uint8_t *arena,
                             uint32_t arena_len, int header_mode, tnm_header_view *hdr, tnm_error *err)
{
    tnm_status st;
    if (arena == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_ARENA, -1, 0, 0);
    st = tnm_read_header(blob, blob_len, header_mode, hdr, err);
    if (st != TNM_OK) return st;
    if (arena_len < hdr->arena_size)
        return tnm_fail(err, TNM_ERR_ARENA, TNM_FIELD_ARENA, -1,
                        arena_len > (uint32_t)INT32_MAX ? INT32_MAX : (int32_t)arena_len,
                        (int32_t)hdr->arena_size);
    if ((uintptr_t)arena % 4u != 0)
        return tnm_fail(err, TNM_ERR_ALIGNMENT, TNM_FIELD_ARENA, -1, (int32_t)((uintptr_t)arena % 4u), 4);
    return TNM_OK;
}

static tnm_status layer_invoke(const uint8_t *blob, uint32_t blob_len, uint8_t *arena,
                               uint32_t arena_len, int32_t index, int header_mode, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_layer_view layer;
    tnm_status st;

    st = arena_args(blob, blob_len, arena, arena_len, header_mode, &hdr, err);
    if (st != TNM_OK) return st;
    if (index < 0 || (uint32_t)index >= hdr.layer_count)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_INDEX, -1, index,
                        (int32_t)hdr.layer_count);
    /* An init layer after the init subgraph ran: nothing to do (state_size >= 4 here). */
    if ((uint32_t)index < hdr.init_layer_count && tnm_load_u32(arena + hdr.state_offset) != 0)
        return ok(err);
    st = tnm_read_layer(blob, &hdr, (uint32_t)index, &layer, err);
    if (st != TNM_OK) return st;
    st = layer.module->invoke(&layer, arena, err);
    if (st != TNM_OK) return invoke_failed(err, st, index, layer.module, layer.op);
    return ok(err);
}

tnm_status tnm_layer_invoke(const uint8_t *blob, uint32_t blob_len, uint8_t *arena,
                            uint32_t arena_len, int32_t index, tnm_error *err)
{
    return layer_invoke(blob, blob_len, arena, arena_len, index, 0, err);
}

tnm_status tnm_layer_invoke_readonly(const uint8_t *blob, uint32_t blob_len, uint8_t *arena,
                                     uint32_t arena_len, int32_t index, tnm_error *err)
{
    return layer_invoke(blob, blob_len, arena, arena_len, index, TNM_HEADER_TRUSTED, err);
}

/* ---- prepared layers ---- */

/* A plan: the stamp that ties it to its model and layer, then the views. The views'
 * blob and header pointers are set again at every invoke (the blob may move). */
typedef struct {
    uint32_t stamp;     /* TNM_PLAN_STAMP: a plan this library wrote */
    uint32_t blob_crc;  /* the header's CRC word: a plan of another model is refused */
    int32_t index;
    int32_t op;
    tnm_header_view hdr; /* trusted: the layer's own extra tensor reads parse only */
    tnm_layer_view layer;
} tnm_plan;

#define TNM_PLAN_STAMP 0x4E4C5054u /* "TPLN" */

typedef char tnm_plan_fits[sizeof(tnm_plan) <= TNM_PREPARED_LAYER_BYTES ? 1 : -1];

static tnm_status plan_arg(const void *plan, uint32_t plan_len, tnm_error *err)
{
    if (plan == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_PLAN, -1, 0, 0);
    if ((uintptr_t)plan % TNM_PREPARED_LAYER_ALIGN != 0)
        return tnm_fail(err, TNM_ERR_ALIGNMENT, TNM_FIELD_PLAN, -1,
                        (int32_t)((uintptr_t)plan % TNM_PREPARED_LAYER_ALIGN), (int32_t)TNM_PREPARED_LAYER_ALIGN);
    if (plan_len < TNM_PREPARED_LAYER_BYTES)
        return tnm_fail(err, TNM_ERR_BUFFER, TNM_FIELD_PLAN, -1, (int32_t)plan_len,
                        (int32_t)TNM_PREPARED_LAYER_BYTES);
    return TNM_OK;
}

/* A plan is 4-byte aligned caller memory (a managed byte[] on a 32-bit nanoCLR). On a 64-bit
 * host its pointers and int64 want 8: a plan off that boundary is built and run in an aligned
 * copy on the stack (plan_copied; the 32-bit cores never take it). */
#define TNM_PLAN_NATIVE_ALIGN (sizeof(void *) > 4 ? 8u : 4u)
#define TNM_PLAN_NEEDS_COPY(plan) (TNM_PLAN_NATIVE_ALIGN > 4u && (uintptr_t)(plan) % TNM_PLAN_NATIVE_ALIGN != 0)

static tnm_status prepare_plan(const uint8_t *blob, uint32_t blob_len, int32_t index, tnm_plan *p,
                               tnm_error *err);
static tnm_status run_plan(const uint8_t *blob, uint32_t blob_len, uint8_t *arena, uint32_t arena_len,
                           int32_t index, tnm_plan *p, tnm_error *err);

/* prepare (arena NULL) or invoke through an aligned copy of a plan off its native boundary */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static tnm_status plan_copied(const uint8_t *blob, uint32_t blob_len, uint8_t *arena, uint32_t arena_len,
                              int32_t index, void *plan, int prepare, tnm_error *err)
{
    tnm_plan local;
    tnm_status st;
    if (prepare) {
        st = prepare_plan(blob, blob_len, index, &local, err);
        memcpy(plan, &local, sizeof local); /* stamp 0 when it failed */
        return st;
    }
    memcpy(&local, plan, sizeof local);
    return run_plan(blob, blob_len, arena, arena_len, index, &local, err);
}

tnm_status tnm_layer_prepare(const uint8_t *blob, uint32_t blob_len, int32_t index,
                             void *plan, uint32_t plan_len, tnm_error *err)
{
    tnm_status st;
    (void)sizeof(tnm_plan_fits);
    if ((st = plan_arg(plan, plan_len, err)) != TNM_OK) return st;
    if (TNM_PLAN_NEEDS_COPY(plan)) return plan_copied(blob, blob_len, NULL, 0, index, plan, 1, err);
    return prepare_plan(blob, blob_len, index, (tnm_plan *)plan, err);
}

static tnm_status prepare_plan(const uint8_t *blob, uint32_t blob_len, int32_t index, tnm_plan *p,
                               tnm_error *err)
{
    tnm_status st;
    p->stamp = 0; /* not a plan until every check passed */
    if ((st = tnm_read_header(blob, blob_len, 0, &p->hdr, err)) != TNM_OK) return st;
    if (index < 0 || (uint32_t)index >= p->hdr.layer_count)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_LAYER_INDEX, -1, index, (int32_t)p->hdr.layer_count);
    if ((st = tnm_read_layer(blob, &p->hdr, (uint32_t)index, &p->layer, err)) != TNM_OK) return st;
    p->hdr.trusted = 1;
    memcpy(&p->blob_crc, blob + 12, sizeof p->blob_crc); /* compared as stored (no byte order) */
    p->index = index;
    p->op = p->layer.op;
    p->layer.blob = NULL;
    p->layer.hdr = NULL;
    p->layer.module = NULL;
    p->stamp = TNM_PLAN_STAMP;
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}

tnm_status tnm_layer_invoke_prepared(const uint8_t *blob, uint32_t blob_len, uint8_t *arena,
                                     uint32_t arena_len, int32_t index, void *plan, uint32_t plan_len,
                                     tnm_error *err)
{
    /* the plan argument as one test (plan_arg words the failure) */
    if (plan == NULL || (uintptr_t)plan % TNM_PREPARED_LAYER_ALIGN != 0 || plan_len < TNM_PREPARED_LAYER_BYTES)
        return plan_arg(plan, plan_len, err);
    if (TNM_PLAN_NEEDS_COPY(plan)) return plan_copied(blob, blob_len, arena, arena_len, index, plan, 0, err);
    return run_plan(blob, blob_len, arena, arena_len, index, (tnm_plan *)plan, err);
}

static tnm_status run_plan(const uint8_t *blob, uint32_t blob_len, uint8_t *arena, uint32_t arena_len,
                           int32_t index, tnm_plan *p, tnm_error *err)
{
    const tnm_op_entry *entry;
    uint32_t crc;
    tnm_status st;
    /* (index, the plan's layer; -1 when not a plan) */
    if (p->stamp != TNM_PLAN_STAMP || p->index != index)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_PLAN, index, p->stamp != TNM_PLAN_STAMP ? -1 : p->index, index);
    if (blob == NULL || blob_len < TNM_HEADER_SIZE)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_BLOB_LENGTH, -1, (int32_t)blob_len, blob == NULL ? 0 : INT32_MAX);
    if (blob_len != p->hdr.blob_size)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_BLOB_SIZE, -1, (int32_t)p->hdr.blob_size, (int32_t)blob_len);
    memcpy(&crc, blob + 12, sizeof crc);
    if (crc != p->blob_crc)
        return tnm_fail(err, TNM_ERR_FORMAT, TNM_FIELD_PLAN, index, (int32_t)crc, (int32_t)p->blob_crc);
    if (arena == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_ARENA, -1, 0, 0);
    if (arena_len < p->hdr.arena_size)
        return tnm_fail(err, TNM_ERR_ARENA, TNM_FIELD_ARENA, -1,
                        arena_len > (uint32_t)INT32_MAX ? INT32_MAX : (int32_t)arena_len, (int32_t)p->hdr.arena_size);
    if ((uintptr_t)arena % 4u != 0)
        return tnm_fail(err, TNM_ERR_ALIGNMENT, TNM_FIELD_ARENA, -1, (int32_t)((uintptr_t)arena % 4u), 4);
    if ((uint32_t)index < p->hdr.init_layer_count && tnm_load_u32(arena + p->hdr.state_offset) != 0)
        return ok(err);
    /* the module from the table again: the plan names its operator, never a function */
    entry = tnm_op_lookup(p->op);
    if (entry == NULL || entry->module == NULL || p->op != p->layer.op)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_PLAN, index, -1, index);
    p->layer.blob = blob;
    p->layer.hdr = &p->hdr;
    p->layer.module = entry->module;
    st = entry->module->invoke(&p->layer, arena, err);
    if (st != TNM_OK) return invoke_failed(err, st, index, entry->module, p->op);
    return ok(err);
}

tnm_status tnm_model_reset_state(const uint8_t *blob, uint32_t blob_len,
                                 uint8_t *arena, uint32_t arena_len, tnm_error *err)
{
    tnm_header_view hdr;
    tnm_tensor_view t;
    uint32_t i;
    tnm_status st = arena_args(blob, blob_len, arena, arena_len, 0, &hdr, err);
    if (st != TNM_OK) return st;
    if (hdr.state_size == 0) return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    /* As TFLM resets variables: int8 ones to their zero point, the rest to 0. */
    memset(arena + hdr.state_offset, 0, hdr.state_size);
    for (i = 0; i < hdr.tensor_count; i++) {
        if (tnm_load_u16(blob + hdr.tensor_table_offset + i * TNM_TENSOR_RECORD_SIZE + 2) != TNM_TENSOR_VARIABLE)
            continue;
        if ((st = tnm_read_tensor(blob, &hdr, i, &t, err)) != TNM_OK) return st;
        if (t.type == TNM_TYPE_INT8) memset(arena + t.offset, (int)(uint8_t)(int8_t)t.zero_point, t.size_bytes);
    }
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
}
