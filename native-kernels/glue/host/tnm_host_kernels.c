/*
 * Host glue for the model compiler: the kernels' scratch-size queries, so the compiler
 * sizes arenas with the same arithmetic the kernels use. dims: int32[4] NHWC each.
 * Returns the bytes (>= 0), or -1 for a bad argument or a shape out of range.
 */
#include <stdint.h>

#include <string.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"
#include "tnm/tnm_variants.h"
#include "tnm_host_glue.h"

TNM_HOST_EXPORT int32_t tnm_host_conv_scratch_size_max(int32_t depthwise, const int32_t *input4,
                                                       const int32_t *filter4,
                                                       const int32_t *output4);
TNM_HOST_EXPORT int32_t tnm_host_lstm_scratch_size(int32_t batch, int32_t time, int32_t input_size,
                                                   int32_t hidden_size);
TNM_HOST_EXPORT int32_t tnm_host_conv_16x8_scratch_size(const int32_t *input4, const int32_t *filter4);
TNM_HOST_EXPORT int32_t tnm_host_model_variants(const uint8_t *model, int32_t model_len, uint32_t *variants,
                                                int32_t *error5);
TNM_HOST_EXPORT int32_t tnm_host_variant_name(int32_t v, uint8_t *name, int32_t name_len);
TNM_HOST_EXPORT int32_t tnm_host_unary_table(int32_t op, const int32_t *params, int32_t param_count,
                                             int8_t *table);

static int dims_of(const int32_t *v, tnm_dims *d)
{
    if (v == 0 || v[0] < 1 || v[1] < 1 || v[2] < 1 || v[3] < 1) return 0;
    d->n = v[0];
    d->h = v[1];
    d->w = v[2];
    d->c = v[3];
    return 1;
}

TNM_HOST_EXPORT int32_t tnm_host_conv_scratch_size_max(int32_t depthwise, const int32_t *input4,
                                                       const int32_t *filter4,
                                                       const int32_t *output4)
{
    tnm_dims in, filter, out;
    if (!dims_of(input4, &in) || !dims_of(filter4, &filter) || !dims_of(output4, &out)) return -1;
    return depthwise ? tnm_depthwise_conv_s8_scratch_size_max(&in, &filter, &out)
                     : tnm_conv_s8_scratch_size_max(&in, &filter, &out);
}

/* UNIDIRECTIONAL_SEQUENCE_LSTM's scratch (tnm_lstm_s8_scratch_size; the host builds every
 * variant, so this is the largest any target takes). */
TNM_HOST_EXPORT int32_t tnm_host_lstm_scratch_size(int32_t batch, int32_t time, int32_t input_size,
                                                   int32_t hidden_size)
{
    tnm_lstm_dims d;
    d.batch = batch;
    d.time = time;
    d.input_size = input_size;
    d.hidden_size = hidden_size;
    return tnm_lstm_s8_scratch_size(&d);
}

/* CONV_2D_16X8's scratch (tnm_conv_16x8_scratch_size: the same on every target). */
TNM_HOST_EXPORT int32_t tnm_host_conv_16x8_scratch_size(const int32_t *input4, const int32_t *filter4)
{
    tnm_dims in, filter;
    if (!dims_of(input4, &in) || !dims_of(filter4, &filter)) return -1;
    return tnm_conv_16x8_scratch_size(&in, &filter);
}

/* The kernel variants the model can take (tnm_model_variants): *variants, and the status
 * with error5 as tnm_host_model_check gives them. */
TNM_HOST_EXPORT int32_t tnm_host_model_variants(const uint8_t *model, int32_t model_len, uint32_t *variants,
                                                int32_t *error5)
{
    tnm_error err;
    if (error5 == NULL || variants == NULL) return TNM_ERR_ARGUMENT;
    if (model == NULL || model_len < 0) {
        tnm_glue_clear(&err);
        err.code = TNM_ERR_ARGUMENT;
        err.field = TNM_FIELD_BLOB_LENGTH;
        return tnm_glue_finish(&err, error5);
    }
    tnm_model_variants(model, (uint32_t)model_len, variants, &err);
    return tnm_glue_finish(&err, error5);
}

/* Name of variant bit v into name (no terminator): its length, 0 when no variant has that
 * bit, TNM_ERR_BUFFER when name_len is too small. */
TNM_HOST_EXPORT int32_t tnm_host_variant_name(int32_t v, uint8_t *name, int32_t name_len)
{
    const char *text = tnm_variant_name(v);
    int32_t n = 0;
    if (name == NULL || name_len <= 0) return TNM_ERR_ARGUMENT;
    if (text == NULL) return 0;
    while (text[n] != '\0') n++;
    if (n > name_len) return TNM_ERR_BUFFER;
    memcpy(name, text, (size_t)n);
    return n;
}

/* The 256-byte table of an int8 element-wise activation (the LUT operator, tnm_ops.def):
 * table[i] = the op's kernel on the input byte i (value (int8_t)i), params as the op's
 * parameter block (tnm_ops.def), which is its kernel's parameter struct word for word.
 * Returns 0, -1 for an operator without a table form or a wrong parameter count, else the
 * kernel's status (parameters out of its range). */
TNM_HOST_EXPORT int32_t tnm_host_unary_table(int32_t op, const int32_t *params, int32_t param_count,
                                             int8_t *table)
{
    typedef char words_check[sizeof(tnm_logistic_params) == 16 && sizeof(tnm_hard_swish_params) == 24 &&
                                     sizeof(tnm_leaky_relu_params) == 24 && sizeof(tnm_relu_params) == 24
                                 ? 1
                                 : -1];
    union {
        tnm_logistic_params logistic;
        tnm_hard_swish_params hard_swish;
        tnm_leaky_relu_params leaky_relu;
        tnm_relu_params relu;
    } p;
    int8_t in[256];
    int32_t i, words;
    (void)sizeof(words_check);
    switch (op) {
    case TNM_OP_LOGISTIC: case TNM_OP_TANH: words = 4; break;
    case TNM_OP_HARD_SWISH: case TNM_OP_LEAKY_RELU: case TNM_OP_RELU: words = 6; break;
    default: return -1;
    }
    if (params == 0 || table == 0 || param_count != words) return -1;
    memcpy(&p, params, (size_t)words * sizeof(int32_t));
    for (i = 0; i < 256; i++) in[i] = (int8_t)(uint8_t)i;
    switch (op) {
    case TNM_OP_LOGISTIC: return tnm_logistic_s8(&p.logistic, 256, in, table);
    case TNM_OP_TANH: return tnm_tanh_s8(&p.logistic, 256, in, table);
    case TNM_OP_HARD_SWISH: return tnm_hard_swish_s8(&p.hard_swish, 256, in, table);
    case TNM_OP_LEAKY_RELU: return tnm_leaky_relu_s8(&p.leaky_relu, 256, in, table);
    default: return tnm_relu_s8(&p.relu, 256, in, table);
    }
}
