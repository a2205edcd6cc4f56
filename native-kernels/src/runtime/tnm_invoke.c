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
        return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    st = tnm_read_layer(blob, &hdr, (uint32_t)index, &layer, err);
    if (st != TNM_OK) return st;
    st = layer.module->invoke(&layer, arena, err);
    /* A kernel that refused its arguments (the checks should have caught it). */
    if (st != TNM_OK) return tnm_fail(err, st, TNM_FIELD_LAYER_OP, index, layer.op, 0);
    return tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
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
