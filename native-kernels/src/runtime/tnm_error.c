/*
 * Error detail and the sentences the C# library shows in its exceptions.
 *
 * A tnm_error is (code, field, index, value, limit). The runtime fills value/limit by
 * these conventions, and the sentences below rely on them:
 *  - index is the tensor or layer the field belongs to (layer for TNM_FIELD_LAYER_*,
 *    tensor for TNM_FIELD_TENSOR_*, the tensor for TNM_FIELD_ARENA_SIZE with index >= 0),
 *    or -1 for the header and the call's arguments.
 *  - Offsets, sizes and counts from the blob are unsigned 32-bit: printed unsigned.
 *  - Placement of a table/section (tensor table, layer table, data offset):
 *    (offset, 4) not a multiple of 4; (offset, 48) overlaps the header;
 *    (end, blob size) runs past the end of the blob.
 *  - Placement of a layer's constant array (weights, bias, quantization):
 *    (offset, 0) the op takes none; (0, data offset) missing; (offset, 4) not a multiple
 *    of 4; (offset, data offset) before the data section; (end, data end) past it.
 *  - Range checks: limit is the bound that was broken, so value < limit reads "at least
 *    limit" and value > limit "at most limit". Equality checks: limit is the value expected.
 *  - Floats (scales) travel as their IEEE-754 bits.
 *  - Operator (TNM_ERR_UNSUPPORTED): (op, 0) an unknown code; (op, -1) an operator this
 *    build leaves out (TNM_OP_SET, tnm_runtime_internal.h).
 *  - Model input/output: index = the position in the model's list; (tensor, tensor count)
 *    out of range; output (tensor, -1) no layer writes it. A layer writing a model input:
 *    TNM_FIELD_LAYER_OUTPUT (tensor, -1).
 *  - Parameter word k of operator op: field TNM_FIELD_PARAM(op, k), index = the layer;
 *    range or equality conventions as above.
 */
#include <stdio.h>
#include <string.h>

#include "tnm/tnm_model.h"
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

/* tnm_runtime_internal.h: the status in the top byte of code_field, the field below. */
tnm_status tnm_fail_packed(tnm_error *err, uint32_t code_field, int32_t index, int32_t value,
                           int32_t limit);
tnm_status tnm_fail_packed(tnm_error *err, uint32_t code_field, int32_t index, int32_t value,
                           int32_t limit)
{
    const int32_t code = 0 - (int32_t)(code_field & 15u);
    if (err != NULL) {
        err->code = code;
        err->field = (int32_t)(code_field >> 4);
        err->index = index;
        err->value = value;
        err->limit = limit;
    }
    return (tnm_status)code;
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
    "tensor index",
    "layer input type",
    "layer output type",
    "layer shape",
    "layer weights size",
    "layer quantization count",
    "layer multiplier",
    "layer shift",
    "layer stride",
    "layer padding",
    "layer dilation",
    "layer filter size",
    "layer activation range",
    "layer zero point",
    "layer depth multiplier",
    "front-end state",
    "samples",
    "sample offset",
    "features",
    "feature offset",
    "sample scale",
    "feature scale",
    "feature zero point",
    "feature window",
    "feature samples",
    "feature bands",
    "feature count",
    "feature scratch",
    "input count",
    "output count",
    "list offset",
    "list size",
    "state offset",
    "state size",
    "init layer count",
    "tensor flags",
    "variable",
    "layer lists",
    "layer input count",
    "layer output count",
    "layer param count",
    "layer subgraph",
    "layer info",
    "input/output position",
    "layer axis",
    "layer constant input",
    "layer flags",
    "layer tensor rank",
    "layer plan",
    "layer position",
    "layer input value",
    "layer divisor",
};

const char *tnm_field_name(int32_t field)
{
    if (field >= TNM_FIELD_PARAM_BASE && field < TNM_FIELD_PARAM_BASE + TNM_OP_CODE_LIMIT * 256)
        return "layer parameter";
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

static const char *type_name(int32_t type)
{
    switch (type) {
    case TNM_TYPE_FLOAT32: return "float32";
    case TNM_TYPE_INT32: return "int32";
    case TNM_TYPE_UINT8: return "uint8";
    case TNM_TYPE_INT16: return "int16";
    case TNM_TYPE_INT8: return "int8";
    default: return "unknown";
    }
}

static unsigned long u32(int32_t v) { return (unsigned long)(uint32_t)v; }

static double bits_to_float(int32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return (double)f;
}

/* "at least" / "at most" for a broken range bound. */
static const char *bound_word(int32_t value, int32_t limit)
{
    return value < limit ? "at least" : "at most";
}

/* Sentences for a section of the blob (tables, data offset). */
static int section_sentence(char *b, size_t n, const char *what, int32_t value, int32_t limit)
{
    if (limit == 4 && u32(value) % 4u != 0)
        return snprintf(b, n, "the %s offset %lu is not a multiple of 4", what, u32(value));
    if (u32(value) < u32(limit))
        return snprintf(b, n, "the %s offset %lu overlaps the %d-byte header", what, u32(value),
                        TNM_HEADER_SIZE);
    return snprintf(b, n, "the %s ends at byte %lu, past the end of the model (%lu bytes)", what,
                    u32(value), u32(limit));
}

/* Sentences for a layer's constant array (weights, bias, quantization). */
static int constant_sentence(char *b, size_t n, const tnm_error *e, const char *what)
{
    if (e->code == TNM_ERR_ALIGNMENT)
        return snprintf(b, n,
                        "layer %d %s is not 4-byte aligned in memory (the model buffer's address "
                        "is %d bytes past a multiple of 4): load the model into a 4-byte aligned "
                        "buffer",
                        (int)e->index, what, (int)e->value);
    if (e->limit == 0)
        return snprintf(b, n, "layer %d takes no %s, but its %s offset is %lu", (int)e->index, what,
                        what, u32(e->value));
    if (e->value == 0)
        return snprintf(b, n, "layer %d needs %s, but has none (offset 0)", (int)e->index, what);
    if (e->limit == 4 && u32(e->value) % 4u != 0)
        return snprintf(b, n, "layer %d %s offset %lu is not a multiple of 4", (int)e->index, what,
                        u32(e->value));
    if (u32(e->value) < u32(e->limit))
        return snprintf(b, n, "layer %d %s offset %lu lies before the data section (which starts "
                        "at byte %lu)", (int)e->index, what, u32(e->value), u32(e->limit));
    return snprintf(b, n, "layer %d %s end at byte %lu, past the end of the data section (byte %lu)",
                    (int)e->index, what, u32(e->value), u32(e->limit));
}

/* "layer 3 stride is 0, but must be at least 1" */
static int range_sentence(char *b, size_t n, const tnm_error *e, const char *owner, const char *what)
{
    return snprintf(b, n, "%s %d %s is %d, but must be %s %d", owner, (int)e->index, what,
                    (int)e->value, bound_word(e->value, e->limit), (int)e->limit);
}

/* "layer 4 parameter axis of CONCATENATION is 5, but must be at most 3": the name is word
 * k of the operator's layout in tnm_ops.def (array tails: the array's name). */
static int param_sentence(char *b, size_t n, const tnm_error *e)
{
    const int32_t op = (e->field - TNM_FIELD_PARAM_BASE) / 256;
    const int32_t k = (e->field - TNM_FIELD_PARAM_BASE) % 256;
    const char *p = tnm_op_params(op);
    char name[40];
    int32_t word = 0;
    size_t len = 0;
    /* walk the comma-separated names; from the first array `x[count]` on, the word lies in
     * the variable tail: named by its arrays, "x/y/z" */
    name[0] = '\0';
    while (*p != '\0') {
        const char *end = p;
        while (*end != '\0' && *end != ',') end++;
        len = (size_t)(end - p);
        if (memchr(p, '[', len) != NULL) {
            const size_t used = strlen(name);
            const size_t base = (size_t)((const char *)memchr(p, '[', len) - p);
            if (used + base + 2 < sizeof name) {
                if (used > 0 && name[used - 1] != '/') strcat(name, "/");
                strncat(name, p, base);
            }
        } else if (word == k) {
            if (len < sizeof name) {
                memcpy(name, p, len);
                name[len] = '\0';
            }
            break;
        } else {
            word++;
        }
        p = *end == ',' ? end + 1 : end;
    }
    if (name[0] == '\0') {
        name[0] = '?';
        name[1] = '\0';
    }
    if (e->code == TNM_ERR_UNSUPPORTED)
        return snprintf(b, n, "layer %d parameter %s (word %d) of %s is %d; this runtime supports "
                        "only %d", (int)e->index, name, (int)k, tnm_op_name(op), (int)e->value,
                        (int)e->limit);
    return snprintf(b, n, "layer %d parameter %s (word %d) of %s is %d, but must be %s %d",
                    (int)e->index, name, (int)k, tnm_op_name(op), (int)e->value,
                    e->value < e->limit ? "at least" : e->value > e->limit ? "at most" : "", (int)e->limit);
}

static int detail_sentence(char *b, size_t n, const tnm_error *e)
{
    const int ix = (int)e->index;
    const int32_t v = e->value, lim = e->limit;

    switch (e->field) {
    case TNM_FIELD_NONE:
        if (e->code == TNM_ERR_ARGUMENT) return snprintf(b, n, "a required pointer argument is null");
        break;
    case TNM_FIELD_BLOB_LENGTH:
        if (e->code == TNM_ERR_ARGUMENT) {
            if (lim == 0) return snprintf(b, n, "the model buffer is null");
            return snprintf(b, n, "the model length %d is out of range (0 to %d)", (int)v, (int)lim);
        }
        return snprintf(b, n, "the model is %d bytes, shorter than the %d-byte header (truncated?)",
                        (int)v, (int)lim);
    case TNM_FIELD_MAGIC:
        return snprintf(b, n, "the model starts with bytes %02lX %02lX %02lX %02lX instead of "
                        "\"TNMB\": is it a .tnm file made by `tinyml compile`?",
                        u32(v) & 0xFFu, (u32(v) >> 8) & 0xFFu, (u32(v) >> 16) & 0xFFu,
                        (u32(v) >> 24) & 0xFFu);
    case TNM_FIELD_FORMAT_VERSION:
        return snprintf(b, n, "the model is format version %d, but this runtime reads version %d: "
                        "recompile it with the matching `tinyml compile`", (int)v, (int)lim);
    case TNM_FIELD_HEADER_SIZE:
        return snprintf(b, n, "the header size is %d, expected %d", (int)v, (int)lim);
    case TNM_FIELD_BLOB_SIZE:
        return snprintf(b, n, "the header says the model is %lu bytes, but the buffer holds %lu "
                        "(truncated, padded or wrong length passed)", u32(v), u32(lim));
    case TNM_FIELD_CRC32:
        return snprintf(b, n, "the stored CRC32 0x%08lX does not match the computed 0x%08lX: the "
                        "model bytes were changed or damaged", u32(v), u32(lim));
    case TNM_FIELD_ARENA_SIZE:
        if (ix >= 0)
            return snprintf(b, n, "tensor %d ends at byte %lu of the arena, past the arena size "
                            "%lu in the header", ix, u32(lim), u32(v));
        return snprintf(b, n, "the arena size %lu is out of range (1 to %d)", u32(v), (int)INT32_MAX);
    case TNM_FIELD_TENSOR_COUNT:
        return snprintf(b, n, "the tensor count %d is out of range (1 to %d)", (int)v, (int)lim);
    case TNM_FIELD_LAYER_COUNT:
        return snprintf(b, n, "the layer count %d is out of range (1 to %d)", (int)v, (int)lim);
    case TNM_FIELD_TENSOR_TABLE_OFFSET:
        return section_sentence(b, n, "tensor table", v, lim);
    case TNM_FIELD_LAYER_TABLE_OFFSET:
        return section_sentence(b, n, "layer table", v, lim);
    case TNM_FIELD_DATA_OFFSET:
        return section_sentence(b, n, "data section", v, lim);
    case TNM_FIELD_DATA_SIZE:
        return snprintf(b, n, "the data section size %lu exceeds the %lu bytes after its offset",
                        u32(v), u32(lim));
    case TNM_FIELD_INPUT_TENSOR:
        return snprintf(b, n, "model input %d is tensor %d, but the model has %d tensors", ix,
                        (int)v, (int)lim);
    case TNM_FIELD_OUTPUT_TENSOR:
        if (lim < 0)
            return snprintf(b, n, "no layer writes tensor %d, model output %d", (int)v, ix);
        return snprintf(b, n, "model output %d is tensor %d, but the model has %d tensors", ix,
                        (int)v, (int)lim);
    case TNM_FIELD_TENSOR_TYPE:
        return snprintf(b, n, "tensor %d has type code %d, which this runtime does not know "
                        "(float32 0, int32 2, uint8 3, bool 6, int16 7, int8 9)", ix, (int)v);
    case TNM_FIELD_TENSOR_RANK:
        if (e->code == TNM_ERR_UNSUPPORTED)
            return snprintf(b, n, "tensor %d has rank %d; its operator needs at least %d", ix,
                            (int)v, (int)lim);
        return snprintf(b, n, "tensor %d has rank %d; ranks 0 to %d are supported", ix, (int)v,
                        (int)lim);
    case TNM_FIELD_TENSOR_DIMS:
        return snprintf(b, n, "tensor %d has a dimension of %d (dimensions are at least 1, and 1 "
                        "beyond the rank)", ix, (int)v);
    case TNM_FIELD_TENSOR_OFFSET:
        if (lim == 4 && u32(v) % 4u != 0)
            return snprintf(b, n, "tensor %d offset %lu is not a multiple of 4", ix, u32(v));
        if (u32(v) < u32(lim))
            return snprintf(b, n, "constant tensor %d data at byte %lu lies before the data section "
                            "(which starts at byte %lu)", ix, u32(v), u32(lim));
        return snprintf(b, n, "constant tensor %d data ends at byte %lu, past the end of the data "
                        "section (byte %lu)", ix, u32(v), u32(lim));
    case TNM_FIELD_TENSOR_SIZE:
        return snprintf(b, n, "tensor %d size is %lu bytes, but its shape and type give %lu", ix,
                        u32(v), u32(lim));
    case TNM_FIELD_TENSOR_ZERO_POINT:
        return range_sentence(b, n, e, "tensor", "zero point");
    case TNM_FIELD_TENSOR_SCALE:
        if (lim == 0)
            return snprintf(b, n, "tensor %d scale is %g; a quantized tensor needs a positive, "
                            "finite scale", ix, bits_to_float(v));
        return snprintf(b, n, "tensor %d has scale %.9g, but the layer using it needs %.9g", ix,
                        bits_to_float(v), bits_to_float(lim));
    case TNM_FIELD_LAYER_OP:
        if (e->code == TNM_ERR_UNSUPPORTED && lim < 0)
            return snprintf(b, n, "layer %d has operator %s, which this build of the runtime "
                            "leaves out (TNM_OP_SET)", ix, tnm_op_name(v));
        if (e->code == TNM_ERR_UNSUPPORTED)
            return snprintf(b, n, "layer %d has operator code %d, which this runtime does not know "
                            "(include/tnm/tnm_ops.def lists the codes)", ix, (int)v);
        return snprintf(b, n, "the %s kernel of layer %d rejected its arguments", tnm_op_name(v), ix);
    case TNM_FIELD_LAYER_INPUT:
        return snprintf(b, n, "layer %d input is tensor %d, but the model has %d tensors", ix,
                        (int)v, (int)lim);
    case TNM_FIELD_LAYER_INPUT2:
        if (lim == TNM_NO_TENSOR)
            return snprintf(b, n, "layer %d takes one input, but names a second input tensor %d "
                            "(must be %d = none)", ix, (int)v, TNM_NO_TENSOR);
        return snprintf(b, n, "layer %d second input is tensor %d, but the model has %d tensors",
                        ix, (int)v, (int)lim);
    case TNM_FIELD_LAYER_OUTPUT:
        if (lim < 0)
            return snprintf(b, n, "layer %d writes tensor %d, a model input", ix, (int)v);
        return snprintf(b, n, "layer %d output is tensor %d, but the model has %d tensors", ix,
                        (int)v, (int)lim);
    case TNM_FIELD_LAYER_WEIGHTS:
        return constant_sentence(b, n, e, "weights");
    case TNM_FIELD_LAYER_BIAS:
        return constant_sentence(b, n, e, "bias");
    case TNM_FIELD_LAYER_QUANT:
        return constant_sentence(b, n, e, "quantization");
    case TNM_FIELD_LAYER_PARAMS:
        return range_sentence(b, n, e, "layer", "has a parameter that");
    case TNM_FIELD_LAYER_INDEX:
        return snprintf(b, n, "layer index %d is out of range: the model has %d layers", (int)v,
                        (int)lim);
    case TNM_FIELD_TENSOR_INDEX:
        return snprintf(b, n, "tensor index %d is out of range: the model has %d tensors", (int)v,
                        (int)lim);
    case TNM_FIELD_LAYER_POSITION:
        return snprintf(b, n, "layer %d reads position %d of an axis of %d elements (positions come "
                        "from its input 1 at run time; each must be in [0, %d))", ix, (int)v, (int)lim,
                        (int)lim);
    case TNM_FIELD_LAYER_INPUT_VALUE:
        return snprintf(b, n, "layer %d reads input value %d, below its zero point %d: RSQRT is only defined "
                        "for values at or above the zero point (the input comes from the model's data at "
                        "run time; TFLite Micro stops there too)", ix, (int)v, (int)lim);
    case TNM_FIELD_LAYER_DIVISOR:
        if (lim == INT32_MIN)
            return snprintf(b, n, "layer %d divides %d by %d: the quotient does not fit in int32 (the values come "
                            "from the model's data at run time; TFLite Micro's division is undefined there)", ix,
                            (int)lim, (int)v);
        return snprintf(b, n, "layer %d divides by input 2 value %d, its zero point %d: a division by zero (the "
                        "divisor comes from the model's data at run time; TFLite Micro's division is undefined "
                        "there)", ix, (int)v, (int)lim);
    case TNM_FIELD_PLAN:
        switch (e->code) {
        case TNM_ERR_ALIGNMENT:
            return snprintf(b, n, "the plan buffer address is %d bytes past a multiple of %d", (int)v, (int)lim);
        case TNM_ERR_BUFFER:
            return snprintf(b, n, "the plan buffer is %d bytes; a prepared layer needs %d", (int)v, (int)lim);
        case TNM_ERR_FORMAT:
            return snprintf(b, n, "the plan of layer %d was prepared for another model (its header CRC "
                            "0x%08lX, this model's 0x%08lX)", ix, u32(lim), u32(v));
        default:
            if (ix < 0) return snprintf(b, n, "the plan buffer is null");
            if (v < 0)
                return snprintf(b, n, "the plan passed for layer %d is not one tnm_layer_prepare made "
                                "(its prepare failed, or the bytes were changed)", ix);
            return snprintf(b, n, "the plan passed for layer %d was prepared for layer %d", ix, (int)v);
        }
    case TNM_FIELD_ARENA:
        switch (e->code) {
        case TNM_ERR_ARGUMENT: return snprintf(b, n, "the arena buffer is null or its length is negative");
        case TNM_ERR_ARENA:
            return snprintf(b, n, "the arena is %lu bytes, but the model needs %lu", u32(v), u32(lim));
        case TNM_ERR_ALIGNMENT:
            return snprintf(b, n, "the arena buffer address is %d bytes past a multiple of 4; the "
                            "kernels need it 4-byte aligned", (int)v);
        case TNM_ERR_FORMAT:
            return snprintf(b, n, "layer %d output (arena offset %lu) overlaps its input (arena "
                            "offset %lu)", ix, u32(v), u32(lim));
        default: break;
        }
        break;
    case TNM_FIELD_SCRATCH:
        if (e->code == TNM_ERR_UNSUPPORTED)
            return snprintf(b, n, "the kernel of layer %d asked for %d bytes of scratch", ix, (int)v);
        return snprintf(b, n, "layer %d needs %d bytes of scratch at the top of the arena, but only "
                        "%d bytes are free above its tensors", ix, (int)v, (int)lim);
    case TNM_FIELD_LAYER_INPUT_TYPE:
        return snprintf(b, n, "layer %d has a %s input, but its operator needs %s", ix,
                        type_name(v), type_name(lim));
    case TNM_FIELD_LAYER_OUTPUT_TYPE:
        return snprintf(b, n, "layer %d has a %s output, but needs %s", ix, type_name(v),
                        type_name(lim));
    case TNM_FIELD_LAYER_SHAPE:
        return snprintf(b, n, "layer %d tensor shapes do not fit its operator: found %d where %d "
                        "is expected", ix, (int)v, (int)lim);
    case TNM_FIELD_LAYER_WEIGHTS_SIZE:
        if (lim == 0)
            return snprintf(b, n, "layer %d takes no weights, but its weights size is %lu", ix, u32(v));
        return snprintf(b, n, "layer %d weights are %lu bytes, but its shapes need %lu", ix, u32(v),
                        u32(lim));
    case TNM_FIELD_LAYER_QUANT_COUNT:
        if (lim == 0)
            return snprintf(b, n, "layer %d takes no quantization, but its quantization count is %lu",
                            ix, u32(v));
        if (e->code == TNM_ERR_UNSUPPORTED)
            return snprintf(b, n, "layer %d has %lu requantization multipliers, but this runtime "
                            "needs one per output channel (%d)", ix, u32(v), (int)lim);
        return snprintf(b, n, "layer %d has %lu requantization multipliers, expected 1 or %d (one "
                        "per output channel)", ix, u32(v), (int)lim);
    case TNM_FIELD_LAYER_MULTIPLIER:
        return snprintf(b, n, "layer %d has a requantization multiplier of %d; it must be 0 or in "
                        "[2^30, 2^31)", ix, (int)v);
    case TNM_FIELD_LAYER_SHIFT:
        return range_sentence(b, n, e, "layer", "has a shift that");
    case TNM_FIELD_LAYER_STRIDE:
        return range_sentence(b, n, e, "layer", "stride");
    case TNM_FIELD_LAYER_PADDING:
        if (v < 0) return snprintf(b, n, "layer %d padding is %d, but must be at least 0", ix, (int)v);
        return snprintf(b, n, "layer %d padding is %d, but its input, filter and output sizes give "
                        "%d", ix, (int)v, (int)lim);
    case TNM_FIELD_LAYER_DILATION:
        return range_sentence(b, n, e, "layer", "dilation");
    case TNM_FIELD_LAYER_FILTER_SIZE:
        if (e->code == TNM_ERR_UNSUPPORTED)
            return snprintf(b, n, "layer %d pools %d values per window; this runtime averages at "
                            "most %d", ix, (int)v, (int)lim);
        return range_sentence(b, n, e, "layer", "filter size");
    case TNM_FIELD_LAYER_ACTIVATION:
        return range_sentence(b, n, e, "layer", "activation bound");
    case TNM_FIELD_LAYER_ZERO_POINT:
        return snprintf(b, n, "layer %d has a zero-point parameter of %d, but its tensor needs %d",
                        ix, (int)v, (int)lim);
    case TNM_FIELD_LAYER_DEPTH_MULTIPLIER:
        return range_sentence(b, n, e, "layer", "depth multiplier");
    /* Blob format 2. */
    case TNM_FIELD_INPUT_COUNT:
        return snprintf(b, n, "the model input count %d is out of range (1 to %d)", (int)v, TNM_MAX_IO);
    case TNM_FIELD_OUTPUT_COUNT:
        return snprintf(b, n, "the model output count %d is out of range (1 to %d)", (int)v, TNM_MAX_IO);
    case TNM_FIELD_LIST_OFFSET:
        return section_sentence(b, n, "list section", v, lim);
    case TNM_FIELD_LIST_SIZE:
        if (u32(v) <= u32(lim))
            return snprintf(b, n, "the list section (%lu bytes) is too short for the model's input "
                            "and output lists (%lu bytes)", u32(v), u32(lim));
        return snprintf(b, n, "the list section size %lu exceeds the %lu bytes after its offset",
                        u32(v), u32(lim));
    case TNM_FIELD_STATE_OFFSET:
        if (ix >= 0)
            return snprintf(b, n, "tensor %d (arena offset %lu) lies in the state region, which "
                            "starts at %lu and is reserved for variables", ix, u32(v), u32(lim));
        if (lim == 0)
            return snprintf(b, n, "the state offset is %lu, but the model has no state region", u32(v));
        return snprintf(b, n, "the state offset %lu is not a multiple of 4", u32(v));
    case TNM_FIELD_STATE_SIZE:
        if (lim == 4)
            return snprintf(b, n, "the state size %lu is not a multiple of 4 (or below 4)", u32(v));
        return snprintf(b, n, "the state region ends at byte %lu, past the arena size %lu", u32(v),
                        u32(lim));
    case TNM_FIELD_INIT_LAYER_COUNT:
        if (lim < 0)
            return snprintf(b, n, "the model has %d init layers but no state region for their "
                            "init flag", (int)v);
        return snprintf(b, n, "the init layer count %d leaves no main layer (at most %d)", (int)v,
                        (int)lim);
    case TNM_FIELD_TENSOR_FLAGS:
        if (lim == 0)
            return snprintf(b, n, "tensor %d has flags %d, but a layer output or model input/output "
                            "must be an activation tensor (flags 0)", ix, (int)v);
        return snprintf(b, n, "tensor %d has flags %d; known are 0, 1 (constant) and 2 (variable), "
                        "one at a time", ix, (int)v);
    case TNM_FIELD_VARIABLE:
        if (lim == -1)
            return snprintf(b, n, "layer %d uses variable tensor %d, but only input 0 of "
                            "READ_VARIABLE and ASSIGN_VARIABLE may", ix, (int)v);
        if (lim == -2)
            return snprintf(b, n, "layer %d input 0 is tensor %d, which is not a variable tensor",
                            ix, (int)v);
        if (lim == 0)
            return snprintf(b, n, "variable tensor %d (arena offset %lu) needs a state region, but "
                            "the model has none", ix, u32(v));
        if (u32(v) < u32(lim))
            return snprintf(b, n, "variable tensor %d starts at arena offset %lu, outside the state "
                            "region's variables (from byte %lu)", ix, u32(v), u32(lim));
        return snprintf(b, n, "variable tensor %d ends at arena byte %lu, past the state region "
                        "(which ends at byte %lu)", ix, u32(v), u32(lim));
    case TNM_FIELD_LAYER_LISTS:
        return constant_sentence(b, n, e, "lists");
    case TNM_FIELD_LAYER_INPUT_COUNT:
        return snprintf(b, n, "layer %d has %d inputs, but its operator takes %d%s", ix, (int)v,
                        (int)lim, v > lim ? " at most" : "");
    case TNM_FIELD_LAYER_OUTPUT_COUNT:
        return snprintf(b, n, "layer %d has %d outputs, but its operator takes %d", ix, (int)v,
                        (int)lim);
    case TNM_FIELD_LAYER_PARAM_COUNT:
        return snprintf(b, n, "layer %d has a parameter block of %d words, but its operator's "
                        "layout needs %d", ix, (int)v, (int)lim);
    case TNM_FIELD_LAYER_SUBGRAPH:
        if (lim == 0)
            return snprintf(b, n, "layer %d is a CALL_ONCE inside the init subgraph: the init "
                            "subgraph would call itself", ix);
        if (lim == -1)
            return snprintf(b, n, "layer %d is a CALL_ONCE of subgraph %d, but the model has no "
                            "init subgraph", ix, (int)v);
        if (lim == TNM_OP_CALL_ONCE)
            return snprintf(b, n, "layer %d, the first main layer, must be the CALL_ONCE of the init "
                            "subgraph, but is operator %s", ix, tnm_op_name(v));
        return snprintf(b, n, "layer %d is a CALL_ONCE, but only the first main layer (%d) may be",
                        ix, (int)lim);
    case TNM_FIELD_LAYER_INFO:
        return snprintf(b, n, "the layer info buffer holds %d words, but layer %d needs %d",
                        (int)v, ix, (int)lim);
    case TNM_FIELD_IO_POSITION:
        return snprintf(b, n, "%s position %d is out of range: the model has %d", ix ? "output" : "input",
                        (int)v, (int)lim);
    case TNM_FIELD_LAYER_AXIS:
        return range_sentence(b, n, e, "layer", "axis");
    case TNM_FIELD_LAYER_CONSTANT:
        if (e->code == TNM_ERR_ALIGNMENT)
            return constant_sentence(b, n, e, "constant input");
        return snprintf(b, n, "layer %d input %d is constant tensor %d, but its operator needs an "
                        "activation there", ix, (int)lim, (int)v);
    case TNM_FIELD_LAYER_RANK:
        return snprintf(b, n, "layer %d has a tensor of rank %d; its operator takes at most %d "
                        "dimensions", ix, (int)v, (int)lim);
    case TNM_FIELD_LAYER_FLAGS:
        if (lim < 0)
            return snprintf(b, n, "layer %d has flags 0x%x: unknown bits, or in-place execution on an "
                            "operator or shape that cannot run in place", ix, (unsigned)v);
        return snprintf(b, n, "layer %d has flags 0x%x (in place), but writing its band at output "
                        "row/pixel %d would overwrite input it still reads", ix, (unsigned)v, (int)lim);
    /* Audio front ends (tnm_frontend.h, glue offsets). */
    case TNM_FIELD_STATE:
        switch (e->code) {
        case TNM_ERR_ALIGNMENT:
            return snprintf(b, n, "the front-end state buffer address is %d bytes past a multiple "
                            "of 4; it must be 4-byte aligned (pass an int array)", (int)v);
        case TNM_ERR_BUFFER:
            return snprintf(b, n, "the front-end state is %d bytes, but needs %d", (int)v, (int)lim);
        default:
            if (v == 0 && lim == 0) return snprintf(b, n, "the front-end state buffer is null");
            return snprintf(b, n, "the front-end state was not prepared by its init function "
                            "(call init first)");
        }
    case TNM_FIELD_SAMPLES:
        if (lim == 0) return snprintf(b, n, "the samples buffer is null");
        return snprintf(b, n, "%d samples were passed, but a frame is exactly %d (30 ms at 16 kHz)",
                        (int)v, (int)lim);
    case TNM_FIELD_SAMPLE_OFFSET:
        return snprintf(b, n, "the sample offset %d is out of range: a whole frame must fit in the "
                        "array from there (offsets 0 to %d)", (int)v, (int)lim);
    case TNM_FIELD_FEATURES:
        if (lim == 0) return snprintf(b, n, "the features buffer is null");
        return snprintf(b, n, "%d features were asked for, but a frame gives exactly %d", (int)v,
                        (int)lim);
    case TNM_FIELD_FEATURE_OFFSET:
        return snprintf(b, n, "the feature offset %d is out of range: a whole frame of features "
                        "must fit in the array from there (offsets 0 to %d)", (int)v, (int)lim);
    case TNM_FIELD_SAMPLE_SCALE:
        return snprintf(b, n, "the sample scale is %g; it must be in (0, 1]", bits_to_float(v));
    case TNM_FIELD_FEATURE_SCALE:
        return snprintf(b, n, "the feature scale is %g; it must be positive and finite",
                        bits_to_float(v));
    case TNM_FIELD_FEATURE_ZERO_POINT:
        return snprintf(b, n, "the feature zero point is %d, but must be in [-128, 127]", (int)v);
    /* Anomaly-detection features (tnm_features.h). */
    case TNM_FIELD_FEATURE_WINDOW:
        return snprintf(b, n, "the window is %d samples per axis; it must be a power of 2 from 8 "
                        "to 4096", (int)v);
    case TNM_FIELD_FEATURE_SAMPLES:
        if (ix >= 0) return snprintf(b, n, "sample value %d is not a finite number", ix);
        if (lim == 0) return snprintf(b, n, "the samples buffer is null");
        return snprintf(b, n, "%d sample values were passed, but exactly %d are needed", (int)v,
                        (int)lim);
    case TNM_FIELD_FEATURE_BANDS:
        return snprintf(b, n, "the band count is %d; it must be at least 1 and divide %d (half "
                        "the window)", (int)v, (int)lim);
    case TNM_FIELD_FEATURE_COUNT:
        if (lim == 0) return snprintf(b, n, "the features buffer is null");
        return snprintf(b, n, "%d features were asked for, but the call gives exactly %d", (int)v,
                        (int)lim);
    case TNM_FIELD_FEATURE_SCRATCH:
        switch (e->code) {
        case TNM_ERR_ALIGNMENT:
            return snprintf(b, n, "the feature scratch address is %d bytes past a multiple of 4; "
                            "it must be 4-byte aligned (pass an int array)", (int)v);
        case TNM_ERR_BUFFER:
            return snprintf(b, n, "the feature scratch is %d bytes, but needs %d", (int)v,
                            (int)lim);
        default:
            return snprintf(b, n, "the feature scratch buffer is null");
        }
    default:
        if (e->field >= TNM_FIELD_PARAM_BASE && e->field < TNM_FIELD_PARAM_BASE + TNM_OP_CODE_LIMIT * 256)
            return param_sentence(b, n, e);
        break;
    }
    /* Any other combination: the raw detail, still naming the field. */
    if (ix >= 0)
        return snprintf(b, n, "%s [%d] is %d (limit %d)", tnm_field_name(e->field), ix, (int)v,
                        (int)lim);
    return snprintf(b, n, "%s is %d (limit %d)", tnm_field_name(e->field), (int)v, (int)lim);
}

int32_t tnm_error_format(const tnm_error *err, char *buf, int32_t buf_len)
{
    int n, m;
    if (buf == NULL || buf_len <= 0) return 0;
    buf[0] = '\0';
    if (err == NULL) return 0;
    if (err->code == TNM_OK) {
        n = snprintf(buf, (size_t)buf_len, "ok");
    } else {
        n = snprintf(buf, (size_t)buf_len, "%s: ", tnm_status_name(err->code));
        if (n >= 0 && n < buf_len) {
            m = detail_sentence(buf + n, (size_t)(buf_len - n), err);
            n = m < 0 ? n : n + m;
        }
    }
    if (n < 0) n = 0;
    if (n >= buf_len) n = buf_len - 1;
    return (int32_t)n;
}
