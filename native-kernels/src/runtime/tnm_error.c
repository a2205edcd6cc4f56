#include <stdio.h>

#include "tnm/tnm_status.h"

tnm_status tnm_fail(tnm_error *err, tnm_status code, tnm_field field,
                    int32_t index, int32_t value, int32_t limit)
{
    if (err != NULL) {
        err->code = code;
        err->field = (int32_t)field;
        err->index = index;
        err->value = value;
        err->limit = limit;
    }
    return code;
}

static const char *const k_field_names[TNM_FIELD_COUNT] = {
    "none",
    "blob length",
    "magic",
    "format version",
    "header size",
    "blob size",
    "CRC32",
    "arena size",
    "tensor count",
    "layer count",
    "tensor table offset",
    "layer table offset",
    "data offset",
    "data size",
    "input tensor",
    "output tensor",
    "tensor type",
    "tensor rank",
    "tensor dims",
    "tensor arena offset",
    "tensor size",
    "tensor zero point",
    "tensor scale",
    "layer op",
    "layer input",
    "layer input2",
    "layer output",
    "layer weights",
    "layer bias",
    "layer quantization",
    "layer params",
    "layer index",
    "arena",
    "scratch",
};

const char *tnm_field_name(int32_t field)
{
    if (field < 0 || field >= TNM_FIELD_COUNT) return "unknown field";
    return k_field_names[field];
}

const char *tnm_status_name(int32_t code)
{
    switch (code) {
    case TNM_OK: return "ok";
    case TNM_ERR_ARGUMENT: return "invalid argument";
    case TNM_ERR_FORMAT: return "malformed model";
    case TNM_ERR_VERSION: return "unknown model format";
    case TNM_ERR_CHECKSUM: return "checksum mismatch";
    case TNM_ERR_UNSUPPORTED: return "unsupported";
    case TNM_ERR_ARENA: return "arena too small";
    case TNM_ERR_ALIGNMENT: return "misaligned buffer";
    case TNM_ERR_BUFFER: return "buffer too small";
    default: return "unknown error";
    }
}

int32_t tnm_error_format(const tnm_error *err, char *buf, int32_t buf_len)
{
    int n;
    if (buf == NULL || buf_len <= 0) return 0;
    if (err == NULL) {
        buf[0] = '\0';
        return 0;
    }
    if (err->index >= 0) {
        n = snprintf(buf, (size_t)buf_len, "%s: %s [%d] is %d (limit %d)",
                     tnm_status_name(err->code), tnm_field_name(err->field),
                     (int)err->index, (int)err->value, (int)err->limit);
    } else {
        n = snprintf(buf, (size_t)buf_len, "%s: %s is %d (limit %d)",
                     tnm_status_name(err->code), tnm_field_name(err->field),
                     (int)err->value, (int)err->limit);
    }
    if (n < 0) n = 0;
    if (n >= buf_len) n = buf_len - 1;
    return (int32_t)n;
}
