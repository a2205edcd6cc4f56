/*
 * Host glue: the functions native-kernels/nanoframework/managed/NativeMethods.cs calls through
 * P/Invoke (library tinyml_native). Thin on purpose: check the arguments the C API
 * cannot see (null pointers, negative int32 lengths), convert, call the one C API.
 * error5 is int32[TNM_ERROR_WORDS]: code, field, index, value, limit.
 */
#include <stdint.h>
#include <string.h>

#include "tnm/tnm_model.h"
#include "tnm/tnm_status.h"
#include "tnm_host_glue.h"

TNM_HOST_EXPORT int32_t tnm_host_model_check(const uint8_t *model, int32_t model_len, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_model_info(const uint8_t *model, int32_t model_len, int32_t *info,
                                            int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_tensor_info(const uint8_t *model, int32_t model_len, int32_t index,
                                             int32_t *info, float *scale, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_model_io_tensor(const uint8_t *model, int32_t model_len,
                                                 int32_t is_output, int32_t position, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_layer_info(const uint8_t *model, int32_t model_len, int32_t index,
                                            int32_t *info, int32_t info_len, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_layer_invoke(const uint8_t *model, int32_t model_len,
                                              uint8_t *arena, int32_t arena_len, int32_t index,
                                              int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_layer_invoke_readonly(const uint8_t *model, int32_t model_len,
                                                       uint8_t *arena, int32_t arena_len, int32_t index,
                                                       int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_layer_prepare(const uint8_t *model, int32_t model_len, int32_t index,
                                               uint8_t *plans, int32_t plans_len, int32_t plan_offset,
                                               int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_layer_invoke_prepared(const uint8_t *model, int32_t model_len,
                                                       uint8_t *arena, int32_t arena_len, int32_t index,
                                                       uint8_t *plans, int32_t plans_len, int32_t plan_offset,
                                                       int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_model_reset_state(const uint8_t *model, int32_t model_len,
                                                   uint8_t *arena, int32_t arena_len, int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_error_format(const int32_t *error5, uint8_t *message,
                                              int32_t message_len);
TNM_HOST_EXPORT int32_t tnm_host_op_name(int32_t op, uint8_t *name, int32_t name_len);

/* The model arguments every call shares; TNM_OK when usable. */
static int32_t model_args(const uint8_t *model, int32_t model_len, tnm_error *err)
{
    if (model == NULL) return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_BLOB_LENGTH, -1, 0, 0);
    if (model_len < 0)
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_BLOB_LENGTH, -1, model_len, INT32_MAX);
    return TNM_OK;
}

TNM_HOST_EXPORT int32_t tnm_host_model_check(const uint8_t *model, int32_t model_len, int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) == TNM_OK)
        tnm_model_check(model, (uint32_t)model_len, &err);
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_model_info(const uint8_t *model, int32_t model_len, int32_t *info,
                                            int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) == TNM_OK)
        tnm_model_info(model, (uint32_t)model_len, info, &err);
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_tensor_info(const uint8_t *model, int32_t model_len, int32_t index,
                                             int32_t *info, float *scale, int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) == TNM_OK)
        tnm_tensor_info(model, (uint32_t)model_len, index, info, scale, &err);
    return tnm_glue_finish(&err, error5);
}

/* Returns the tensor index (>= 0) or a negative tnm_status. */
TNM_HOST_EXPORT int32_t tnm_host_model_io_tensor(const uint8_t *model, int32_t model_len,
                                                 int32_t is_output, int32_t position, int32_t *error5)
{
    tnm_error err;
    int32_t tensor = -1;
    int32_t st;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) == TNM_OK)
        tnm_model_io_tensor(model, (uint32_t)model_len, is_output, position, &tensor, &err);
    st = tnm_glue_finish(&err, error5);
    return st == TNM_OK ? tensor : st;
}

TNM_HOST_EXPORT int32_t tnm_host_layer_info(const uint8_t *model, int32_t model_len, int32_t index,
                                            int32_t *info, int32_t info_len, int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) == TNM_OK)
        tnm_layer_info(model, (uint32_t)model_len, index, info, info_len, &err);
    return tnm_glue_finish(&err, error5);
}

/* One layer through tnm_layer_invoke, or tnm_layer_invoke_readonly (readonly != 0). */
static int32_t layer_invoke_call(const uint8_t *model, int32_t model_len, uint8_t *arena,
                                 int32_t arena_len, int32_t index, int32_t *error5, int readonly)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) != TNM_OK) return tnm_glue_finish(&err, error5);
    if (arena == NULL || arena_len < 0)
        tnm_fail(&err, TNM_ERR_ARGUMENT, TNM_FIELD_ARENA, -1, arena == NULL ? 0 : arena_len,
                 arena == NULL ? 0 : INT32_MAX);
    else if (readonly)
        tnm_layer_invoke_readonly(model, (uint32_t)model_len, arena, (uint32_t)arena_len, index, &err);
    else
        tnm_layer_invoke(model, (uint32_t)model_len, arena, (uint32_t)arena_len, index, &err);
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_layer_invoke(const uint8_t *model, int32_t model_len,
                                              uint8_t *arena, int32_t arena_len, int32_t index,
                                              int32_t *error5)
{
    return layer_invoke_call(model, model_len, arena, arena_len, index, error5, 0);
}

/* Flash models (HostFlashModels: copies that never change, checked when opened). */
TNM_HOST_EXPORT int32_t tnm_host_layer_invoke_readonly(const uint8_t *model, int32_t model_len,
                                                       uint8_t *arena, int32_t arena_len, int32_t index,
                                                       int32_t *error5)
{
    return layer_invoke_call(model, model_len, arena, arena_len, index, error5, 1);
}

/* A plan window: plans[plan_offset..plans_len); an offset outside the array leaves 0 bytes
 * (the C API then names the plan buffer as too small). */
static uint8_t *plan_window(uint8_t *plans, int32_t plans_len, int32_t plan_offset, uint32_t *len)
{
    if (plans == NULL) { *len = 0; return NULL; }
    if (plans_len < 0 || plan_offset < 0 || plan_offset > plans_len) { *len = 0; return plans; }
    *len = (uint32_t)(plans_len - plan_offset);
    return plans + plan_offset;
}

/* Flash models only (NativeMethods.FlashLayerPrepare: a blob that never changes). */
TNM_HOST_EXPORT int32_t tnm_host_layer_prepare(const uint8_t *model, int32_t model_len, int32_t index,
                                               uint8_t *plans, int32_t plans_len, int32_t plan_offset,
                                               int32_t *error5)
{
    tnm_error err;
    uint32_t len;
    uint8_t *plan = plan_window(plans, plans_len, plan_offset, &len);
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) == TNM_OK)
        tnm_layer_prepare(model, (uint32_t)model_len, index, plan, len, &err);
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_layer_invoke_prepared(const uint8_t *model, int32_t model_len,
                                                       uint8_t *arena, int32_t arena_len, int32_t index,
                                                       uint8_t *plans, int32_t plans_len, int32_t plan_offset,
                                                       int32_t *error5)
{
    tnm_error err;
    uint32_t len;
    uint8_t *plan = plan_window(plans, plans_len, plan_offset, &len);
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) != TNM_OK) return tnm_glue_finish(&err, error5);
    if (arena == NULL || arena_len < 0)
        tnm_fail(&err, TNM_ERR_ARGUMENT, TNM_FIELD_ARENA, -1, arena == NULL ? 0 : arena_len,
                 arena == NULL ? 0 : INT32_MAX);
    else
        tnm_layer_invoke_prepared(model, (uint32_t)model_len, arena, (uint32_t)arena_len, index, plan, len, &err);
    return tnm_glue_finish(&err, error5);
}

TNM_HOST_EXPORT int32_t tnm_host_model_reset_state(const uint8_t *model, int32_t model_len,
                                                   uint8_t *arena, int32_t arena_len, int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL) return TNM_ERR_ARGUMENT;
    if (model_args(model, model_len, &err) != TNM_OK) return tnm_glue_finish(&err, error5);
    if (arena == NULL || arena_len < 0)
        tnm_fail(&err, TNM_ERR_ARGUMENT, TNM_FIELD_ARENA, -1, arena == NULL ? 0 : arena_len,
                 arena == NULL ? 0 : INT32_MAX);
    else
        tnm_model_reset_state(model, (uint32_t)model_len, arena, (uint32_t)arena_len, &err);
    return tnm_glue_finish(&err, error5);
}

/* Writes the sentence as NUL-terminated ASCII/UTF-8; returns the characters written
 * (without the NUL), or TNM_ERR_ARGUMENT. */
TNM_HOST_EXPORT int32_t tnm_host_error_format(const int32_t *error5, uint8_t *message,
                                              int32_t message_len)
{
    tnm_error err;
    if (error5 == NULL || message == NULL || message_len <= 0) return TNM_ERR_ARGUMENT;
    err.code = error5[0];
    err.field = error5[1];
    err.index = error5[2];
    err.value = error5[3];
    err.limit = error5[4];
    return tnm_error_format(&err, (char *)message, message_len);
}

/* The name of operator code op (tnm_op_name: "UNKNOWN" for a code tnm_ops.def lacks), ASCII
 * without a NUL; returns its length, TNM_ERR_ARGUMENT (no buffer) or TNM_ERR_BUFFER (too
 * short). The device library names operators through this, so it needs no copy of the
 * table. */
TNM_HOST_EXPORT int32_t tnm_host_op_name(int32_t op, uint8_t *name, int32_t name_len)
{
    const char *text = tnm_op_name(op);
    int32_t n = 0;
    if (name == NULL || name_len <= 0) return TNM_ERR_ARGUMENT;
    while (text[n] != '\0') n++;
    if (n > name_len) return TNM_ERR_BUFFER;
    memcpy(name, text, (size_t)n);
    return n;
}
