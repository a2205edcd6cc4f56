/*
 * Private to the runtime (src/runtime) and the operator modules (src/ops): the validated
 * views of a blob's header, tensor records and layer records, and the module interface.
 * tnm_model.c builds the views (the only code that reads the blob's tables); a view exists
 * only after its record passed validation, so everything in it is in range.
 */
#ifndef TNM_RUNTIME_INTERNAL_H
#define TNM_RUNTIME_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tnm/tnm_kernels.h"
#include "tnm/tnm_model.h"

/* ---- operator sets ----
 * The operators this build runs; all by default. A firmware that runs known models defines
 * TNM_OP_SET (codes 1..62) and, when its models use codes 64..127, TNM_OP_SET_HI, so the
 * registration table (tnm_ops_table.c) holds only those modules and the linker drops the
 * other kernels, as TFLite Micro's op resolver does:
 *   - 64-bit masks (what `tinyml compile --emit-c` writes for its models): TNM_OP_BIT of codes
 *     below 63 in TNM_OP_SET, for example
 *     -DTNM_OP_SET="(TNM_OP_BIT(TNM_OP_CONV_2D)|TNM_OP_BIT(TNM_OP_SOFTMAX))", TNM_OP_BIT_HI of
 *     codes 64..127 in TNM_OP_SET_HI (each is 0 for a code of the other word);
 *   - or a named set, the operators of groups in tnm_ops.def: TNM_OP_SET_KWS, TNM_OP_SET_AD,
 *     TNM_OP_SET_MWW, or TNM_OP_SET_ALL (the default: every operator, codes 64..127 too).
 *     Bit 63 of TNM_OP_SET marks a group set, for every code (so 63 is never an operator code).
 * TNM_OP_SET defined without TNM_OP_SET_HI: no operator of codes 64..127.
 * A layer whose operator is left out fails with TNM_ERR_UNSUPPORTED, TNM_FIELD_LAYER_OP,
 * value = the operator, limit = -1 (known, but not in this build). */
#define TNM_OP_BIT(op) ((uint64_t)((op) >= 0 && (op) < 63) << ((op) & 63))
#define TNM_OP_BIT_HI(op) ((uint64_t)((op) >= 64 && (op) < TNM_OP_CODE_LIMIT) << ((op) & 63))
#define TNM_GROUP_KWS 1u /* DS-CNN keyword spotting: MLPerf Tiny KWS, micro_speech */
#define TNM_GROUP_AD 2u  /* MLPerf Tiny anomaly-detection autoencoder */
#define TNM_GROUP_MWW 4u /* microWakeWord streaming wake-word models (ESPHome) */
#define TNM_GROUP_ALL ((uint64_t)1 << 62) /* every operator, in no group or any */
#define TNM_OP_GROUP_SET(groups) (((uint64_t)1 << 63) | (uint64_t)(groups))
#define TNM_OP_SET_ALL TNM_OP_GROUP_SET(TNM_GROUP_ALL)
#define TNM_OP_SET_KWS TNM_OP_GROUP_SET(TNM_GROUP_KWS)
#define TNM_OP_SET_AD TNM_OP_GROUP_SET(TNM_GROUP_AD)
#define TNM_OP_SET_MWW TNM_OP_GROUP_SET(TNM_GROUP_MWW)
#ifndef TNM_OP_SET
#define TNM_OP_SET TNM_OP_SET_ALL
#endif
#ifndef TNM_OP_SET_HI
#define TNM_OP_SET_HI 0u
#endif
/* Operator CODE of GROUPS (a line of tnm_ops.def) is in this build: a constant. */
#define TNM_OP_SELECTED(CODE, GROUPS)                                                         \
    ((((uint64_t)(TNM_OP_SET) >> 63) & 1u)                                                    \
         ? (((uint64_t)(TNM_OP_SET) & ((uint64_t)(GROUPS) | TNM_GROUP_ALL)) != 0)              \
         : (((((CODE) < 64 ? (uint64_t)(TNM_OP_SET) : (uint64_t)(TNM_OP_SET_HI)) >> ((CODE) & 63)) & 1u) != 0))

/* TNM_OP_BUILT_<NAME>: 1 when the operator is in this build (a constant, for code shared by
 * several operators, as tnm_op_conv.c's, to leave out the kernels of those not built). */
enum {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) \
    TNM_OP_BUILT_##NAME = TNM_OP_SELECTED(CODE, GROUPS) ? 1 : 0,
#include "tnm/tnm_ops.def"
#undef TNM_OP
    TNM_OP_BUILT_END_
};

/* ---- views ---- */

typedef struct {
    uint32_t blob_size;
    uint32_t arena_size;
    uint32_t state_offset, state_size;
    uint32_t tensor_count;
    uint32_t layer_count;
    uint32_t input_count, output_count;
    uint32_t init_layer_count;
    uint32_t tensor_table_offset;
    uint32_t layer_table_offset;
    uint32_t list_offset, list_size;
    uint32_t data_offset;
    uint32_t data_size;
    uint32_t format_version;
    /* TNM_HEADER_TRUSTED read (tnm_layer_invoke_readonly): the blob passed tnm_model_check
     * and sits in read-only memory, so the reads below skip the checks and only parse. */
    uint32_t trusted;
} tnm_header_view;

typedef struct {
    int32_t type;
    int32_t rank;
    int32_t dims[TNM_MAX_RANK]; /* outermost first; beyond rank 1 */
    uint32_t offset;           /* arena offset; blob offset for a constant */
    uint32_t size_bytes;
    int32_t zero_point;
    float scale;
    int32_t elements;
    int32_t flags;             /* TNM_TENSOR_CONSTANT, TNM_TENSOR_VARIABLE */
    /* The dims right-aligned into 6 (rank < 6 pads with 1 in front): outer[0], outer[1],
     * then N, H, W, C. For rank <= 4 outer is {1, 1} and nhwc the tensor's 4-D view. */
    int32_t outer[2];
    tnm_dims nhwc;
} tnm_tensor_view;

/* Tensors of the layer kept in the view: the first TNM_VIEW_INPUTS inputs and the first
 * output; modules of operators with more read the others with tnm_layer_tensor(). */
#define TNM_VIEW_INPUTS 3
/* Params kept in the view (fixed part and short tails); longer blocks: tnm_layer_param(). */
#define TNM_VIEW_PARAMS 36

/* Window of CONV_2D, DEPTHWISE_CONV_2D and the pools, normalized from their param blocks
 * so one set of rules checks all of them. */
typedef struct {
    int32_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w, filter_h, filter_w;
    int32_t act_min, act_max;
} tnm_window;

typedef struct {
    /* The record. */
    int32_t op;
    int32_t index;
    uint32_t input_count, output_count, param_count;
    uint32_t lists_offset;
    uint32_t quant_offset, quant_count;
    uint32_t layer_flags; /* TNM_LAYER_IN_PLACE, TNM_LAYER_IN_PLACE_REVERSE, TNM_LAYER_STRIP */
    int32_t params[TNM_VIEW_PARAMS]; /* the first min(param_count, TNM_VIEW_PARAMS) */
    uint32_t input_ix[TNM_VIEW_INPUTS]; /* TNM_NO_TENSOR when absent or beyond input_count */
    uint32_t output_ix;                  /* TNM_NO_TENSOR when no output */
    tnm_tensor_view in[TNM_VIEW_INPUTS]; /* valid where input_ix is a tensor */
    tnm_tensor_view out;
    /* Derived while validating (out_channels .. macs: zeroed as one block). */
    int32_t out_channels; /* channels the bias and per-channel quantization cover */
    int32_t batches;      /* FULLY_CONNECTED */
    int32_t scratch_size; /* bytes, placed at the top of the arena */
    uint32_t scratch_offset;
    int32_t derived[8];   /* values the module's rules compare */
    tnm_window win;
    /* Quantization array the module expects: quant_count must be quant_expected, or 1 when
     * quant_per_tensor_ok; none when quant_expected is 0. */
    uint32_t quant_expected;
    int32_t quant_per_tensor_ok;
    int64_t macs;
    const uint8_t *blob;
    const tnm_header_view *hdr;
    const struct tnm_op_module_s *module;
} tnm_layer_view;

/* An operator module (src/ops): check validates the layer against its tensors (called by
 * tnm_model_check, tnm_layer_info and before every invoke) and derives what invoke needs;
 * invoke runs it. Errors name the field, index = the layer (or the tensor). */
typedef struct tnm_op_module_s {
    tnm_status (*check)(tnm_layer_view *layer, tnm_error *err);
    tnm_status (*invoke)(const tnm_layer_view *layer, uint8_t *arena, tnm_error *err);
    /* 16-bit masks (a module of each operator is linked: 8 bytes less each). Bit 15 stands
     * for every input k >= 15. */
    uint16_t optional_inputs; /* bit k: input k may be TNM_NO_TENSOR */
    uint16_t constant_inputs; /* bit k: input k may be a constant tensor */
    uint16_t variable_inputs; /* bit k: input k is a variable tensor (and must be; k < 15);
                                 variables appear nowhere else */
    uint16_t flags;           /* TNM_MODULE_* */
} tnm_op_module;

#define TNM_MODULE_ALIAS_INPUT0 2u    /* the output may overlap input 0 (a memmove) */
#define TNM_MODULE_IN_PLACE 4u        /* TNM_LAYER_IN_PLACE allowed; check validates the overlap */
#define TNM_MODULE_STRIP 32u          /* TNM_LAYER_STRIP allowed (R_WINDOW checks the rows) */
#define TNM_MODULE_OWN_ERRORS 64u     /* invoke fills the tnm_error of its failures (data read at run
                                         time: GATHER's positions); kept by tnm_layer_invoke* */
/* Highest rank of the layer's tensors: 4, plus 1 (RANK5) or 2 (RANK6), as TFLite Micro's
 * kernel of the operator (tnm_read_layer refuses more: TNM_FIELD_LAYER_RANK). */
#define TNM_MODULE_RANK5 8u
#define TNM_MODULE_RANK6 16u
#define TNM_MODULE_MAX_RANK(m) (4 + (int32_t)(((m)->flags >> 3) & 3u))

/* The module of each operator, generated from tnm_ops.def: tnm_module_<NAME>. */
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) \
    extern const tnm_op_module tnm_module_##NAME;
#include "tnm/tnm_ops.def"
#undef TNM_OP

/* Table entry of an operator (tnm_ops_table.c): 8 bytes, one per line of tnm_ops.def. */
typedef struct {
    const tnm_op_module *module; /* NULL: left out of this build (TNM_OP_SET) */
    uint8_t code;
    int8_t inputs, outputs;      /* counts, or TNM_OPS_ANY */
    uint8_t param_words;         /* fixed words; bit 7: a variable tail follows */
} tnm_op_entry;
#define TNM_OP_ENTRY_TAIL 0x80u

/* The kernel variants (tnm_variants.h) a validated CONV_2D or DEPTHWISE_CONV_2D layer can
 * take (tnm_op_conv.c). */
uint32_t tnm_conv_layer_variants(const tnm_layer_view *layer);
/* The same for a validated FULLY_CONNECTED layer (tnm_op_fully_connected.c). */
uint32_t tnm_fc_layer_variants(const tnm_layer_view *layer);

/* The entry of op, or NULL when the code is unknown. */
const tnm_op_entry *tnm_op_lookup(int32_t op);

/* ---- errors ----
 * The runtime and the modules fail in about 200 places; tnm_fail's six arguments put two
 * on the stack at every one of them. Here the status and the field travel as one word
 * (status in the top byte, field below: fields are < 2^24, statuses in [-128, 127]), one
 * stack argument less per call site, about 4 bytes each on Cortex-M (tools/qemu/size.sh).
 * Same result as tnm_fail. */
tnm_status tnm_fail_packed(tnm_error *err, uint32_t code_field, int32_t index, int32_t value,
                           int32_t limit);
#define TNM_CODE_FIELD(code, field) \
    (((uint32_t)(field) << 4) | ((0u - (uint32_t)(int32_t)(code)) & 15u))
#define tnm_fail(err, code, field, index, value, limit) \
    tnm_fail_packed((err), TNM_CODE_FIELD(code, field), (index), (value), (limit))

/* ---- reading ---- */

uint32_t tnm_load_u16(const uint8_t *p);
uint32_t tnm_load_u32(const uint8_t *p);
int32_t tnm_load_i32(const uint8_t *p);
int32_t tnm_bits_i32(uint32_t u);
float tnm_bits_f32(uint32_t u);
uint32_t tnm_f32_bits(float f);

/* Header fields: mode 0 checks them, TNM_HEADER_CRC also the CRC, TNM_HEADER_TRUSTED
 * (a blob tnm_model_check accepted, in read-only memory) compares only the magic, the
 * version and the blob size and marks the view trusted: tnm_read_tensor and
 * tnm_read_layer then parse without checking. */
#define TNM_HEADER_CRC 1
#define TNM_HEADER_TRUSTED 2
tnm_status tnm_read_header(const uint8_t *blob, uint32_t blob_len, int mode,
                           tnm_header_view *hdr, tnm_error *err);
/* Tensor record `index` (index < tensor_count is the caller's business). */
tnm_status tnm_read_tensor(const uint8_t *blob, const tnm_header_view *hdr, uint32_t index,
                           tnm_tensor_view *t, tnm_error *err);
/* Layer record `index` and the tensors it uses: operator, lists, types, shapes, params,
 * constant data. The one layer validation, used by check, info and invoke. */
tnm_status tnm_read_layer(const uint8_t *blob, const tnm_header_view *hdr, uint32_t index,
                          tnm_layer_view *layer, tnm_error *err);

/* Input (is_output 0) or output k of a validated layer: its tensor index (TNM_NO_TENSOR
 * for an absent optional input) and, when t != NULL and present, its view. */
tnm_status tnm_layer_tensor(const tnm_layer_view *layer, int is_output, uint32_t k,
                            uint32_t *tensor, tnm_tensor_view *t, tnm_error *err);
/* Param word k (< param_count) of a validated layer. */
int32_t tnm_layer_param(const tnm_layer_view *layer, uint32_t k);

/* ---- helpers for the modules ---- */

/* A value outside [lo, hi] fails with (value, the bound it broke). */
tnm_status tnm_check_range(int32_t value, int32_t lo, int32_t hi, tnm_status code,
                           tnm_field field, int32_t ix, tnm_error *err);
int32_t tnm_count_i32(int64_t v);
uint64_t tnm_mul_cap(uint64_t a, uint64_t b);
int32_t tnm_element_size(int32_t type);
/* The same as an expression: 3 bits per type code 0..9 in one constant (float32 0: 4,
 * int32 2: 4, uint8 3: 1, bool 6: 1, int16 7: 2, int8 9: 1; others 0). */
#define TNM_ELEMENT_SIZE(type) \
    ((uint32_t)(type) <= 9u ? (int32_t)((0x8440304u >> (3u * (uint32_t)(type))) & 7u) : 0)
int tnm_ranges_overlap(const tnm_tensor_view *a, const tnm_tensor_view *b);

/* Arena and blob data of a tensor view. */
#define TNM_ARENA_S8(arena, t) ((int8_t *)(void *)((arena) + (t)->offset))
#define TNM_ARENA_F32(arena, t) ((float *)(void *)((arena) + (t)->offset))
/* Read-only data of an input: the blob for a constant, else the arena. */
#define TNM_INPUT_DATA(layer, arena, t)                                                     \
    ((const void *)(((t)->flags == TNM_TENSOR_CONSTANT ? (layer)->blob                      \
                                                       : (const uint8_t *)(arena)) + (t)->offset))
#define TNM_INPUT_S8(layer, arena, t) ((const int8_t *)TNM_INPUT_DATA(layer, arena, t))

/* The rules (tnm_rules.c): an op's type, shape and param checks as data, compared in
 * order until one fails. Operands (a byte): a 32-bit word of the tnm_layer_view (LW), a
 * derived value (LX), or a constant (LK). */
enum {
    R_EQ,      /* a == b, else (a, b) */
    R_RANGE,   /* b <= a <= c, else (a, the bound broken) */
    R_MULT,    /* Q31 multiplier a: 0 or in [2^30, 2^31), else (a, 2^30) */
    R_DILATED, /* dilation a, filter b: (b - 1) * a <= 65534, else (a, 65534 / (b - 1)) */
    R_WINDOW,  /* the window along axis a (0: h, 1: w): output size and padding */
    R_END,
    R_WINDOWED, /* the shared rules R_INT8_IO, R_SPATIAL (tnm_rules.c), one rule in a table */
    R_UNSUPPORTED = 8, /* TNM_ERR_UNSUPPORTED instead of TNM_ERR_FORMAT */
    R_AT_OUTPUT = 16,  /* index = the output tensor instead of the layer */
    R_AT_INPUT = 32    /* index = input 0's tensor */
};

typedef struct {
    uint8_t kind, field, a, b, c;
} tnm_rule;

enum {
    K_0, K_1, K_4, K_INT8, K_M128, K_127, K_M127, K_128, K_20, K_M31, K_30, K_65535,
    K_2P23, K_2P30, K_MIN1, K_MAX, K_1_256, K_1_128, K_32767, K_31, K_MIN, K_INT16, K_15, K_1_16
};

#define LW(member) ((uint8_t)(offsetof(tnm_layer_view, member) / 4u))
#define LX(k) ((uint8_t)(LW(derived) + (k)))
#define LK(k) ((uint8_t)(0xC0u + (k)))
#define LP(i) ((uint8_t)(LW(params) + (i)))

#define TNM_RULE(kind, field, a, b, c) {(uint8_t)(kind), (uint8_t)(field), a, b, c}
#define R_EQ_(field, a, b) TNM_RULE(R_EQ, field, a, b, 0)
#define R_RANGE_(field, a, lo, hi) TNM_RULE(R_RANGE, field, a, lo, hi)
#define R_END_ TNM_RULE(R_END, 0, 0, 0, 0)
#define R_TYPE_IS(field, tensor, k) TNM_RULE(R_EQ | R_UNSUPPORTED, field, LW(tensor.type), LK(k), 0)
/* Derived values the shared rules use. */
enum { X_NEG_IN_ZP, X_NEG_IN2_ZP, X_OP_VALUE };
/* Window checks of conv, depthwise and pool (L->win filled by the module first). The
 * dilated filter must span at most 65535 inputs (tensor dims are u16 too). */
#define R_SPATIAL                                                                          \
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(in[0].rank), LK(K_4)), R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.rank), LK(K_4)), \
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.n), LW(in[0].nhwc.n)),                          \
    R_RANGE_(TNM_FIELD_LAYER_STRIDE, LW(win.stride_h), LK(K_1), LK(K_65535)),                \
    R_RANGE_(TNM_FIELD_LAYER_STRIDE, LW(win.stride_w), LK(K_1), LK(K_65535)),                \
    R_RANGE_(TNM_FIELD_LAYER_DILATION, LW(win.dilation_h), LK(K_1), LK(K_65535)),            \
    R_RANGE_(TNM_FIELD_LAYER_DILATION, LW(win.dilation_w), LK(K_1), LK(K_65535)),            \
    R_RANGE_(TNM_FIELD_LAYER_FILTER_SIZE, LW(win.filter_h), LK(K_1), LK(K_65535)),           \
    R_RANGE_(TNM_FIELD_LAYER_FILTER_SIZE, LW(win.filter_w), LK(K_1), LK(K_65535)),           \
    TNM_RULE(R_DILATED, TNM_FIELD_LAYER_DILATION, LW(win.dilation_h), LW(win.filter_h), 0),  \
    TNM_RULE(R_DILATED, TNM_FIELD_LAYER_DILATION, LW(win.dilation_w), LW(win.filter_w), 0),  \
    TNM_RULE(R_WINDOW, TNM_FIELD_LAYER_SHAPE, 0, 0, 0), TNM_RULE(R_WINDOW, TNM_FIELD_LAYER_SHAPE, 1, 0, 0)
/* int8 input 0 and output, then R_SPATIAL: the first checks of conv, depthwise and the pools,
 * kept once (tnm_rules.c) and run by this one rule (5 bytes in each table instead of 75). */
#define R_INT8_IO_SPATIAL TNM_RULE(R_WINDOWED, 0, 0, 0, 0)
/* act_min in [-128, 127], act_max in [act_min, 127] */
#define R_ACTIVATION                                                                       \
    R_RANGE_(TNM_FIELD_LAYER_ACTIVATION, LW(win.act_min), LK(K_M128), LK(K_127)),            \
    R_RANGE_(TNM_FIELD_LAYER_ACTIVATION, LW(win.act_max), LW(win.act_min), LK(K_127))
/* The output has input 0's shape (compared right-aligned: [1,10] and [10] agree). */
#define R_SAME_DIMS                                                                        \
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.outer[0]), LW(in[0].outer[0])),                      \
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.outer[1]), LW(in[0].outer[1])),                      \
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.n), LW(in[0].nhwc.n)),                          \
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.h), LW(in[0].nhwc.h)),                          \
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.w), LW(in[0].nhwc.w)),                          \
    R_EQ_(TNM_FIELD_LAYER_SHAPE, LW(out.nhwc.c), LW(in[0].nhwc.c))
/* int8 input 0 and output (as tnm_check_int8_io). */
#define R_INT8_IO                                                                          \
    R_TYPE_IS(TNM_FIELD_LAYER_INPUT_TYPE, in[0], K_INT8), R_TYPE_IS(TNM_FIELD_LAYER_OUTPUT_TYPE, out, K_INT8)
/* params 0 and 1 = -input zero point, output zero point (as tnm_check_offsets_activation). */
#define R_OFFSETS                                                                          \
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(0), LX(X_NEG_IN_ZP)),                               \
    R_EQ_(TNM_FIELD_LAYER_ZERO_POINT, LP(1), LW(out.zero_point))
#define R_MULTIPLIER(i) TNM_RULE(R_MULT, TNM_FIELD_LAYER_MULTIPLIER, LP(i), 0, 0)
#define R_SHIFT(i, lo, hi) R_RANGE_(TNM_FIELD_LAYER_SHIFT, LP(i), LK(lo), LK(hi))

tnm_status tnm_run_rules(const tnm_rule *rules, const tnm_layer_view *layer, tnm_error *err);

/* int8 input 0 and output (TNM_ERR_UNSUPPORTED naming the type otherwise). */
tnm_status tnm_check_int8_io(const tnm_layer_view *layer, tnm_error *err);
/* The zero-point params (offsets: params 0 and 1 = -input zp, output zp) and the
 * activation range win.act_min/act_max. */
tnm_status tnm_check_offsets_activation(const tnm_layer_view *layer, int offsets, tnm_error *err);
/* Input k present, constant, of `type` and `bytes` long; errors name `field`
 * (TNM_FIELD_LAYER_WEIGHTS/_BIAS: (tensor, -1) absent or not constant; size
 * TNM_FIELD_LAYER_WEIGHTS_SIZE for weights; type TNM_FIELD_LAYER_INPUT_TYPE). */
tnm_status tnm_check_constant_input(const tnm_layer_view *layer, uint32_t k, int32_t type,
                                    uint64_t bytes, tnm_field field, tnm_error *err);
/* Input 1 constant int8 weights of weight_bytes, and input 2, when present, a constant int32
 * bias of `channels` (conv, depthwise, fully connected, transpose conv). */
tnm_status tnm_check_weights_bias(const tnm_layer_view *layer, uint64_t weight_bytes, int32_t channels,
                                  tnm_error *err);
/* Input and output of equal type (and, for quantized types, scale and zero point). */
tnm_status tnm_check_same_quant(const tnm_layer_view *layer, const tnm_tensor_view *in,
                                uint32_t in_ix, tnm_error *err);

#endif
