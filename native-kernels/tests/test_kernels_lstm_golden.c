/*
 * UNIDIRECTIONAL_SEQUENCE_LSTM against TensorFlow Lite Micro: the LSTM of
 * shared/models/trained_lstm_int8.tflite, run on the tensors TFLM dumped after one
 * inference (shared/golden/trained_lstm_int8/seed{1,2,3}/tNNN.bin), must give TFLM's
 * output tensor, final hidden state and final cell state byte for byte.
 *
 * Nothing about the model is hard-coded: the test reads the .tflite (a minimal,
 * bounds-checked flatbuffer walk) for the operator's tensor indices, options, shapes,
 * exact float scales and zero points, derives tnm_lstm_s8_params from them as TFLM's
 * Prepare does (test_lstm_ref.h), and reads the tensors' bytes from the golden dump.
 *
 * The derived params are printed as "key value" lines and must equal the committed
 * record tests/data/lstm/trained_lstm_int8.params.txt, so the compiler's LSTM lowering
 * can be checked against params proven bit-exact here. TNM_LSTM_PARAMS_OUT=<file>
 * writes the record there instead of comparing.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "test_lstm_ref.h"

/* On the emulated targets the first seed's kernel call is one counted region, so
 * tools/qemu/count.sh <board> test_kernels_lstm_golden gives its instruction count. */
#if defined(TNM_TARGET_SEMIHOSTING)
#include "tnm_target.h"
#define LSTM_COUNT_MARK() TNM_COUNT_MARK()
#else
#define LSTM_COUNT_MARK() ((void)0)
#endif

#define MODEL_PATH "models/trained_lstm_int8.tflite"
#define GOLDEN_DIR "golden/trained_lstm_int8"
#define MAX_MODEL 65536
#define MAX_TENSOR 65536

#define OP_UNIDIRECTIONAL_SEQUENCE_LSTM 44
#define TYPE_FLOAT32 0
#define TYPE_INT32 2
#define TYPE_INT16 7
#define TYPE_INT8 9
#define ACT_TANH 4

/* ---- minimal flatbuffer reader (little-endian, every access bounds-checked) ---- */

static uint8_t g_model[MAX_MODEL];
static uint32_t g_model_len;
static int g_bad; /* set on any out-of-bounds access: the model is not what we expect */

static uint32_t fb_u32(uint32_t pos)
{
    if ((uint64_t)pos + 4 > g_model_len) {
        g_bad = 1;
        return 0;
    }
    return (uint32_t)g_model[pos] | ((uint32_t)g_model[pos + 1] << 8) |
           ((uint32_t)g_model[pos + 2] << 16) | ((uint32_t)g_model[pos + 3] << 24);
}

static uint32_t fb_u16(uint32_t pos)
{
    if ((uint64_t)pos + 2 > g_model_len) {
        g_bad = 1;
        return 0;
    }
    return (uint32_t)g_model[pos] | ((uint32_t)g_model[pos + 1] << 8);
}

static uint32_t fb_u8(uint32_t pos)
{
    if (pos >= g_model_len) {
        g_bad = 1;
        return 0;
    }
    return g_model[pos];
}

/* Position of a table's field, 0 when absent (default value). */
static uint32_t fb_field(uint32_t table, int field)
{
    const uint32_t vtable = table - fb_u32(table); /* soffset: table - vtable */
    const uint32_t vt_size = fb_u16(vtable);
    uint32_t offset;
    if (g_bad || (uint32_t)(4 + 2 * field) + 2 > vt_size) return 0;
    offset = fb_u16(vtable + 4 + 2 * (uint32_t)field);
    return offset == 0 ? 0 : table + offset;
}

/* Follows a uoffset (to a table, vector or string). */
static uint32_t fb_deref(uint32_t pos) { return pos + fb_u32(pos); }

/* A vector field: position of element 0 and the count (0 when absent). */
static uint32_t fb_vector(uint32_t table, int field, uint32_t *count)
{
    const uint32_t pos = fb_field(table, field);
    uint32_t vec;
    *count = 0;
    if (pos == 0) return 0;
    vec = fb_deref(pos);
    *count = fb_u32(vec);
    if ((uint64_t)vec + 4 + (uint64_t)*count > g_model_len) g_bad = 1;
    return vec + 4;
}

static uint32_t fb_table_at(uint32_t vec, uint32_t index) { return fb_deref(vec + 4 * index); }

static float fb_f32(uint32_t pos)
{
    const uint32_t bits = fb_u32(pos);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* ---- the LSTM operator as the model describes it ---- */

typedef struct {
    int32_t type;
    int32_t rank;
    int32_t shape[4];
    int32_t scale_count;
    float scale;
    int64_t zero_point;
    int32_t is_variable;
    uint32_t shape_pos, scale_pos, zero_point_pos; /* where the values are (0: absent) */
} model_tensor;

typedef struct {
    int32_t inputs[24];
    int32_t output;
    int32_t activation;
    float cell_clip, proj_clip;
    int32_t time_major;
    uint32_t options_pos, cell_clip_pos; /* the options table and its cell_clip (0: absent) */
} lstm_op;

static int read_tensor(uint32_t tensors, uint32_t tensor_count, int32_t index, model_tensor *t)
{
    uint32_t table, pos, n, i, q;
    memset(t, 0, sizeof *t);
    if (index < 0 || (uint32_t)index >= tensor_count) return 0;
    table = fb_table_at(tensors, (uint32_t)index);
    pos = fb_vector(table, 0, &n); /* shape */
    if (n > 4) return 0;
    t->rank = (int32_t)n;
    t->shape_pos = pos;
    for (i = 0; i < n; ++i) t->shape[i] = (int32_t)fb_u32(pos + 4 * i);
    pos = fb_field(table, 1); /* type */
    t->type = pos ? (int32_t)fb_u8(pos) : TYPE_FLOAT32;
    pos = fb_field(table, 5); /* is_variable */
    t->is_variable = pos ? (int32_t)fb_u8(pos) : 0;
    pos = fb_field(table, 4); /* quantization */
    if (pos != 0) {
        q = fb_deref(pos);
        pos = fb_vector(q, 2, &n); /* scale: [float] */
        t->scale_count = (int32_t)n;
        if (n >= 1) t->scale = fb_f32(pos);
        if (n >= 1) t->scale_pos = pos;
        pos = fb_vector(q, 3, &n); /* zero_point: [long] */
        if (n >= 1) t->zero_point_pos = pos;
        if (n >= 1) t->zero_point = (int64_t)((uint64_t)fb_u32(pos) | ((uint64_t)fb_u32(pos + 4) << 32));
    }
    return !g_bad;
}

/* Finds the (single) UNIDIRECTIONAL_SEQUENCE_LSTM of subgraph 0. Returns the tensor
 * vector position and count through *tensors / *tensor_count. */
static int find_lstm(lstm_op *op, uint32_t *tensors, uint32_t *tensor_count)
{
    const uint32_t root = fb_u32(0);
    uint32_t codes_n, subgraphs_n, ops_n, n, i;
    const uint32_t codes = fb_vector(root, 1, &codes_n);
    const uint32_t subgraphs = fb_vector(root, 2, &subgraphs_n);
    uint32_t subgraph, ops;
    int found = 0;
    if (g_bad || subgraphs_n < 1) return 0;
    subgraph = fb_table_at(subgraphs, 0);
    *tensors = fb_vector(subgraph, 0, tensor_count);
    ops = fb_vector(subgraph, 3, &ops_n);
    for (i = 0; i < ops_n && !g_bad; ++i) {
        const uint32_t opt = fb_table_at(ops, i);
        uint32_t pos = fb_field(opt, 0), opcode_index = pos ? fb_u32(pos) : 0, code_table, code;
        uint32_t deprecated;
        if (opcode_index >= codes_n) return 0;
        code_table = fb_table_at(codes, opcode_index);
        pos = fb_field(code_table, 0);
        deprecated = pos ? fb_u8(pos) : 0;
        pos = fb_field(code_table, 3);
        code = pos ? fb_u32(pos) : 0;
        if (deprecated > code) code = deprecated;
        if (code != OP_UNIDIRECTIONAL_SEQUENCE_LSTM) continue;
        if (found++) return 0; /* more than one: this test expects one */
        pos = fb_vector(opt, 1, &n);
        if (n != 24) return 0;
        for (n = 0; n < 24; ++n) op->inputs[n] = (int32_t)fb_u32(pos + 4 * n);
        pos = fb_vector(opt, 2, &n);
        if (n != 1) return 0;
        op->output = (int32_t)fb_u32(pos);
        op->activation = 0;
        op->cell_clip = op->proj_clip = 0.0f;
        op->time_major = 0;
        op->options_pos = op->cell_clip_pos = 0;
        pos = fb_field(opt, 4); /* builtin_options: UnidirectionalSequenceLSTMOptions */
        if (pos != 0) {
            const uint32_t o = fb_deref(pos);
            op->options_pos = o;
            if ((pos = fb_field(o, 0)) != 0) op->activation = (int32_t)fb_u8(pos);
            if ((pos = fb_field(o, 1)) != 0) op->cell_clip = fb_f32(pos);
            op->cell_clip_pos = pos;
            if ((pos = fb_field(o, 2)) != 0) op->proj_clip = fb_f32(pos);
            if ((pos = fb_field(o, 3)) != 0) op->time_major = fb_u8(pos) != 0; /* bool */
        }
    }
    return found == 1 && !g_bad;
}

/* ---- the test ---- */

typedef struct {
    lstm_op op;
    model_tensor t[24];
    model_tensor out;
    tnm_lstm_dims dims;
    tnm_lstm_s8_params params;
} lstm_model;

/* Reads the model into g_model; 0 when it is not there. */
static int read_model(void)
{
    const long len = tnm_read_shared(MODEL_PATH, g_model, MAX_MODEL);
    g_bad = 0;
    if (len < 8) return 0;
    g_model_len = (uint32_t)len;
    return 1;
}

/* Parses g_model's LSTM, checks that the kernel supports it, derives the params. */
static int parse_model(lstm_model *m)
{
    uint32_t tensors = 0, tensor_count = 0;
    int i, g;
    ref_lstm_quant q;
    memset(m, 0, sizeof *m);
    CHECK(find_lstm(&m->op, &tensors, &tensor_count));
    if (tnm_test_failures()) return 0;
    for (i = 0; i < 24; ++i) {
        if (m->op.inputs[i] >= 0) CHECK(read_tensor(tensors, tensor_count, m->op.inputs[i], &m->t[i]));
    }
    CHECK(read_tensor(tensors, tensor_count, m->op.output, &m->out));
    /* What the kernel supports (and TFLM's integer path requires). */
    for (i = 0; i < 24; ++i) {
        const int required = i <= 8 || (i >= 12 && i <= 15) || i == 18 || i == 19;
        CHECK_EQ(required, m->op.inputs[i] >= 0);
    }
    CHECK_EQ(ACT_TANH, m->op.activation);
    CHECK_EQ(TYPE_INT8, m->t[0].type);
    CHECK_EQ(TYPE_INT8, m->t[18].type);
    CHECK_EQ(TYPE_INT16, m->t[19].type);
    CHECK(m->t[18].is_variable && m->t[19].is_variable);
    CHECK_EQ(TYPE_INT8, m->out.type);
    for (i = 1; i <= 8; ++i) {
        CHECK_EQ(TYPE_INT8, m->t[i].type);
        CHECK_EQ(1, m->t[i].scale_count); /* per-tensor weights */
    }
    for (i = 12; i <= 15; ++i) CHECK_EQ(TYPE_INT32, m->t[i].type);
    CHECK_EQ(3, m->t[0].rank);
    CHECK_EQ(3, m->out.rank);
    if (tnm_test_failures()) return 0;

    m->dims.batch = m->op.time_major ? m->t[0].shape[1] : m->t[0].shape[0];
    m->dims.time = m->op.time_major ? m->t[0].shape[0] : m->t[0].shape[1];
    m->dims.input_size = m->t[0].shape[2];
    m->dims.hidden_size = m->t[18].shape[m->t[18].rank - 1];
    CHECK_EQ(m->dims.hidden_size, m->out.shape[2]);

    memset(&q, 0, sizeof q);
    q.input_scale = m->t[0].scale;
    q.input_zero_point = (int32_t)m->t[0].zero_point;
    q.hidden_scale = m->t[18].scale;
    q.hidden_zero_point = (int32_t)m->t[18].zero_point;
    q.cell_scale = m->t[19].scale;
    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
        q.input_weights_scale[g] = m->t[1 + g].scale;
        q.input_weights_zero_point[g] = (int32_t)m->t[1 + g].zero_point;
        q.recurrent_weights_scale[g] = m->t[5 + g].scale;
        q.recurrent_weights_zero_point[g] = (int32_t)m->t[5 + g].zero_point;
    }
    q.cell_clip = m->op.cell_clip;
    q.time_major = m->op.time_major;
    ref_lstm_derive(&q, &m->params);
    return 1;
}

/* The params record, "key value" lines after a comment header. */
static char g_record[8192];
static size_t g_record_len;

static void record(const char *fmt, ...)
{
    va_list args;
    int n;
    va_start(args, fmt);
    n = vsnprintf(g_record + g_record_len, sizeof g_record - g_record_len, fmt, args);
    va_end(args);
    if (n > 0) g_record_len += (size_t)n;
    if (g_record_len >= sizeof g_record) g_record_len = sizeof g_record - 1;
}

static void format_params(const lstm_model *m)
{
    static const char *const gate_names[TNM_LSTM_GATE_COUNT] = {"input", "forget", "cell", "output"};
    const tnm_lstm_s8_params *p = &m->params;
    int g;
    g_record_len = 0;
    g_record[0] = '\0';
    record("# tnm_lstm_s8_params of the UNIDIRECTIONAL_SEQUENCE_LSTM in %s,\n", MODEL_PATH);
    record("# derived from the .tflite as TFLM's Prepare does (tests/test_lstm_ref.h) and\n");
    record("# proven bit-exact with TFLM on %s/seed{1,2,3} by test_kernels_lstm_golden,\n", GOLDEN_DIR);
    record("# which writes this file (TNM_LSTM_PARAMS_OUT) and fails when it differs.\n");
    record("# operator inputs (tensor indices, -1 absent):");
    for (g = 0; g < 24; ++g) record(" %d", (int)m->op.inputs[g]);
    record("\n# output tensor %d; scales: input %.9g hidden %.9g cell %.9g; cell_clip option %.9g\n",
           (int)m->op.output, (double)m->t[0].scale, (double)m->t[18].scale,
           (double)m->t[19].scale, (double)m->op.cell_clip);
    record("batch %d\ntime %d\ninput_size %d\nhidden_size %d\n", (int)m->dims.batch,
           (int)m->dims.time, (int)m->dims.input_size, (int)m->dims.hidden_size);
    for (g = 0; g < TNM_LSTM_GATE_COUNT; ++g) {
        const tnm_lstm_gate_params *q = &p->gate[g];
        const char *n = gate_names[g];
        record("gate.%s.input_multiplier %d\ngate.%s.input_shift %d\n", n,
               (int)q->input_multiplier, n, (int)q->input_shift);
        record("gate.%s.recurrent_multiplier %d\ngate.%s.recurrent_shift %d\n", n,
               (int)q->recurrent_multiplier, n, (int)q->recurrent_shift);
        record("gate.%s.input_weights_zero_point %d\ngate.%s.recurrent_weights_zero_point %d\n", n,
               (int)q->input_weights_zero_point, n, (int)q->recurrent_weights_zero_point);
    }
    record("input_zero_point %d\nhidden_zero_point %d\n", (int)p->input_zero_point,
           (int)p->hidden_zero_point);
    record("forget_cell_multiplier %d\nforget_cell_shift %d\n", (int)p->forget_cell_multiplier,
           (int)p->forget_cell_shift);
    record("input_cell_multiplier %d\ninput_cell_shift %d\n", (int)p->input_cell_multiplier,
           (int)p->input_cell_shift);
    record("hidden_multiplier %d\nhidden_shift %d\n", (int)p->hidden_multiplier, (int)p->hidden_shift);
    record("cell_scale_power %d\ncell_clip %d\ntime_major %d\n", (int)p->cell_scale_power,
           (int)p->cell_clip, (int)p->time_major);
}

/* tests/data/lstm/<RECORD_NAME>, found beside this source file (__FILE__ is the path
 * the build compiled, absolute with CMake; semihosting reads host paths too). */
#define RECORD_NAME "trained_lstm_int8.params.txt"
static int record_path(char *path, size_t cap)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    if (slash == NULL) return 0;
    return snprintf(path, cap, "%.*sdata/lstm/" RECORD_NAME, (int)(slash - file + 1), file) < (int)cap;
}

/* The committed record equals the params proven here (or is rewritten on request). */
static void check_record(void)
{
    static char committed[8192];
    char path[1024];
    const char *out_path = getenv("TNM_LSTM_PARAMS_OUT");
    FILE *f;
    size_t n;
    if (out_path != NULL && out_path[0] != '\0') {
        f = fopen(out_path, "wb");
        CHECK(f != NULL);
        if (f != NULL) {
            CHECK_EQ(g_record_len, fwrite(g_record, 1, g_record_len, f));
            fclose(f);
            printf("params written to %s\n", out_path);
        }
        return;
    }
    if (!record_path(path, sizeof path) || (f = fopen(path, "rb")) == NULL) {
        tnm_test_skip("tests/data/lstm/" RECORD_NAME " not reachable from this build");
        return;
    }
    n = fread(committed, 1, sizeof committed, f);
    fclose(f);
    CHECK(n == g_record_len && memcmp(committed, g_record, n) == 0);
    if (n != g_record_len || memcmp(committed, g_record, n) != 0) {
        fprintf(stderr, "%s differs from the params derived and proven here; rewrite it with "
                        "TNM_LSTM_PARAMS_OUT=<that path>\n", path);
    }
}

static int8_t g_input[MAX_TENSOR], g_output[MAX_TENSOR], g_expected[MAX_TENSOR];
static int8_t g_weights[8][MAX_TENSOR / 8];
static int32_t g_bias[4][1024];
static int8_t g_hidden[4096], g_hidden_expected[4096];
static int16_t g_cell[4096];
static uint8_t g_cell_expected[8192]; /* int16 little-endian, as dumped */
static int32_t g_scratch[1024];
static long g_total_bytes, g_nonzero;

static long read_tensor_bytes(int seed, int32_t index, void *buf, long cap)
{
    char path[128];
    snprintf(path, sizeof path, GOLDEN_DIR "/seed%d/t%03d.bin", seed, (int)index);
    return tnm_read_shared(path, buf, cap);
}

static int32_t read_le32(const uint8_t *b)
{
    return ref_wrap32((int64_t)((uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
                                ((uint32_t)b[3] << 24)));
}

/* Loads the LSTM's input, weights and biases as TFLM held them in seed `seed`'s dump. */
static int load_seed_tensors(const lstm_model *m, int seed, tnm_lstm_s8_weights *w)
{
    const long x_bytes = (long)m->dims.batch * m->dims.time * m->dims.input_size;
    const int failures_before = tnm_test_failures();
    int g, i;
    if (read_tensor_bytes(seed, m->op.inputs[0], g_input, MAX_TENSOR) != x_bytes) return 0;
    for (g = 0; g < 8; ++g) {
        const long want = (long)m->dims.hidden_size * (g < 4 ? m->dims.input_size : m->dims.hidden_size);
        CHECK_EQ(want, read_tensor_bytes(seed, m->op.inputs[1 + g], g_weights[g], MAX_TENSOR / 8));
    }
    for (g = 0; g < 4; ++g) {
        uint8_t bytes[4096];
        CHECK_EQ(4L * m->dims.hidden_size, read_tensor_bytes(seed, m->op.inputs[12 + g], bytes, sizeof bytes));
        for (i = 0; i < m->dims.hidden_size; ++i) g_bias[g][i] = read_le32(bytes + 4 * i);
        w->input_weights[g] = g_weights[g];
        w->recurrent_weights[g] = g_weights[4 + g];
        w->bias[g] = g_bias[g];
    }
    return tnm_test_failures() == failures_before;
}

/* Runs the kernel from a fresh state (TFLM resets variables to their zero point, int16
 * to 0) and compares output, hidden and cell state with g_expected / g_hidden_expected /
 * g_cell_expected; the independent reference must agree too. */
static void run_and_compare(const lstm_model *m, const tnm_lstm_s8_weights *w, const char *label,
                            int counted)
{
    static int8_t ref_out[MAX_TENSOR], ref_h[4096];
    static int16_t ref_c[4096];
    const long out_bytes = (long)m->dims.batch * m->dims.time * m->dims.hidden_size;
    const long units = (long)m->dims.batch * m->dims.hidden_size;
    long i, mismatches = 0;
    CHECK_EQ(TNM_OK, tnm_lstm_s8_reset_state(&m->params, &m->dims, g_hidden, g_cell));
    CHECK(tnm_lstm_s8_scratch_size(&m->dims) > 0 &&
          tnm_lstm_s8_scratch_size(&m->dims) <= (int32_t)sizeof g_scratch);
    if (tnm_test_failures()) return;
    {
        tnm_status status;
        if (counted) LSTM_COUNT_MARK();
        status = tnm_lstm_s8(&m->params, &m->dims, w, g_input, g_hidden, g_cell, g_output, g_scratch);
        if (counted) LSTM_COUNT_MARK();
        CHECK_EQ(TNM_OK, status);
    }
#if defined(TNM_TARGET_SEMIHOSTING)
    if (counted) {
        const long macs = (long)m->dims.batch * m->dims.time * m->dims.hidden_size * 4 *
                          (m->dims.input_size + m->dims.hidden_size);
        printf("TNM-REGION 0 UNIDIRECTIONAL_SEQUENCE_LSTM layer=0 macs=%ld\n", macs);
    }
#endif
    for (i = 0; i < out_bytes; ++i) {
        if (g_output[i] != g_expected[i] && mismatches++ < 5) {
            fprintf(stderr, "%s: output[%ld] = %d, TFLM %d\n", label, i, g_output[i], g_expected[i]);
        }
        g_nonzero += g_expected[i] != (int8_t)m->params.hidden_zero_point;
    }
    CHECK_EQ(0, mismatches);
    g_total_bytes += out_bytes;
    CHECK(memcmp(g_hidden, g_hidden_expected, (size_t)units) == 0);
    for (i = 0; i < units; ++i) {
        const int32_t v = (int32_t)((uint32_t)g_cell_expected[2 * i] | ((uint32_t)g_cell_expected[2 * i + 1] << 8));
        CHECK_EQ(v >= 32768 ? v - 65536 : v, g_cell[i]);
    }
    for (i = 0; i < units; ++i) {
        ref_h[i] = (int8_t)m->params.hidden_zero_point;
        ref_c[i] = 0;
    }
    ref_lstm(&m->params, &m->dims, w, g_input, ref_h, ref_c, ref_out);
    CHECK(memcmp(ref_out, g_expected, (size_t)out_bytes) == 0);
}

static int sizes_fit(const lstm_model *m)
{
    const tnm_lstm_dims *d = &m->dims;
    return (long)d->batch * d->time * d->input_size <= MAX_TENSOR &&
           (long)d->batch * d->time * d->hidden_size <= MAX_TENSOR &&
           (long)d->batch * d->hidden_size <= 1024 &&
           (long)d->hidden_size * d->input_size <= MAX_TENSOR / 8 &&
           (long)d->hidden_size * d->hidden_size <= MAX_TENSOR / 8;
}

static void test_golden(void)
{
    static lstm_model m;
    long out_bytes, units;
    int seed;
    if (!read_model()) {
        tnm_test_skip(MODEL_PATH " not found (set TINYML_SHARED)");
        return;
    }
    if (!parse_model(&m)) return; /* failed checks reported */
    format_params(&m);
    fputs(g_record, stdout);
    CHECK(sizes_fit(&m));
    if (tnm_test_failures()) return;
    out_bytes = (long)m.dims.batch * m.dims.time * m.dims.hidden_size;
    units = (long)m.dims.batch * m.dims.hidden_size;
    for (seed = 1; seed <= 3; ++seed) {
        tnm_lstm_s8_weights w;
        char label[32];
        if (read_tensor_bytes(seed, m.op.inputs[0], g_input, MAX_TENSOR) < 0) {
            tnm_test_skip(GOLDEN_DIR " seed not found");
            continue;
        }
        if (!load_seed_tensors(&m, seed, &w)) return;
        CHECK_EQ(out_bytes, read_tensor_bytes(seed, m.op.output, g_expected, MAX_TENSOR));
        CHECK_EQ(units, read_tensor_bytes(seed, m.op.inputs[18], g_hidden_expected, sizeof g_hidden_expected));
        CHECK_EQ(2 * units, read_tensor_bytes(seed, m.op.inputs[19], g_cell_expected, sizeof g_cell_expected));
        if (tnm_test_failures()) return;
        snprintf(label, sizeof label, "seed%d", seed);
        run_and_compare(&m, &w, label, seed == 1);
    }
    printf("trained_lstm_int8: %ld output bytes compared with TFLM, %ld not at the zero point\n",
           g_total_bytes, g_nonzero);
    if (g_total_bytes > 0) CHECK(g_nonzero > g_total_bytes / 4); /* not a trivial all-zero output */
    if (g_total_bytes > 0 && tnm_test_failures() == 0) check_record();
}

/* ---- variants: the same model with other quantization, options and layouts ----
 * The .tflite is patched in memory (values rewritten in place; time_major, absent from
 * the options table, through a new vtable appended to the buffer), the params are
 * derived again, and the kernel runs on seed 1's tensors. The expected bytes are TFLM's,
 * committed in tests/data/lstm/<name>.{output,hidden_state,cell_state}.bin: they were
 * made by running shared/tflm-golden's dump on the patched model that
 * TNM_LSTM_VARIANTS_OUT=<dir> writes (<dir>/<name>.tflite) with
 * --input golden/trained_lstm_int8/seed1/input.bin. */
typedef struct {
    const char *name;
    int32_t shape_time, shape_batch; /* 0: keep; else input [batch, time] (or [time, batch]) */
    int32_t time_major;
    float cell_clip;                 /* < 0: keep */
    float cell_scale;                /* 0: keep */
    float hidden_scale;              /* 0: keep */
    int32_t hidden_zero_point, input_zero_point; /* 1000: keep */
} model_variant;

#define KEEP 1000
static const model_variant g_variants[] = {
    /* cell clipping that bites */
    {"clip", 0, 0, 0, 0.4f, 0.0f, 0.0f, KEEP, KEEP},
    /* cell scale 2^-15: tanh(cell) takes TFLM's right-shift input path; other clip */
    {"cell_scale_2m15", 0, 0, 0, 0.7f, 0.000030517578125f, 0.0f, KEEP, KEEP},
    /* batch-major with 2 sequences; hidden state with a zero point and another scale */
    {"batch2", 14, 2, 0, -1.0f, 0.0f, 0.011f, 9, KEEP},
    /* time-major, 14 steps of 2 batches; cell scale 2^-10 (tanh input left shift);
     * another input zero point */
    {"time_major", 14, 2, 1, -1.0f, 0.0009765625f, 0.0f, KEEP, -3},
};

static void put_u32(uint32_t pos, uint32_t v)
{
    g_model[pos] = (uint8_t)v;
    g_model[pos + 1] = (uint8_t)(v >> 8);
    g_model[pos + 2] = (uint8_t)(v >> 16);
    g_model[pos + 3] = (uint8_t)(v >> 24);
}

static void put_f32(uint32_t pos, float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    put_u32(pos, bits);
}

static void put_i64(uint32_t pos, int64_t v)
{
    put_u32(pos, (uint32_t)((uint64_t)v & 0xFFFFFFFFu));
    put_u32(pos + 4, (uint32_t)((uint64_t)v >> 32));
}

/* Applies v to g_model (m: the parsed unpatched model). */
static int patch_model(const lstm_model *m, const model_variant *v)
{
    if (v->shape_time != 0) {
        const int32_t outer = v->time_major ? v->shape_time : v->shape_batch;
        const int32_t inner = v->time_major ? v->shape_batch : v->shape_time;
        CHECK_EQ((long)m->t[0].shape[0] * m->t[0].shape[1], (long)outer * inner);
        CHECK(m->t[0].shape_pos && m->out.shape_pos && m->t[18].shape_pos && m->t[19].shape_pos);
        CHECK(m->t[18].rank == 2 && m->t[19].rank == 2);
        if (tnm_test_failures()) return 0;
        put_u32(m->t[0].shape_pos, (uint32_t)outer);
        put_u32(m->t[0].shape_pos + 4, (uint32_t)inner);
        put_u32(m->out.shape_pos, (uint32_t)outer);
        put_u32(m->out.shape_pos + 4, (uint32_t)inner);
        put_u32(m->t[18].shape_pos, (uint32_t)v->shape_batch); /* states: [batch, hidden] */
        put_u32(m->t[19].shape_pos, (uint32_t)v->shape_batch);
    }
    if (v->time_major) {
        /* A new vtable at the end of the buffer: fields 0 (activation) and 1 (cell_clip)
         * where they were, field 3 (time_major) at the activation byte (TANH = 4, so
         * true). The table's soffset then points forward to it. */
        const uint32_t table = m->op.options_pos;
        const uint32_t old_vt = table - fb_u32(table);
        const uint32_t vt = (g_model_len + 3u) & ~3u;
        CHECK(table != 0 && vt + 12 <= MAX_MODEL && fb_u16(old_vt) >= 6);
        if (tnm_test_failures()) return 0;
        memset(g_model + g_model_len, 0, vt + 12 - g_model_len);
        g_model[vt] = 12;                           /* vtable bytes */
        g_model[vt + 2] = (uint8_t)fb_u16(old_vt + 2); /* table bytes */
        g_model[vt + 4] = (uint8_t)fb_u16(old_vt + 4); /* activation */
        g_model[vt + 6] = (uint8_t)fb_u16(old_vt + 6); /* cell_clip (0 if absent) */
        g_model[vt + 10] = (uint8_t)fb_u16(old_vt + 4); /* time_major -> activation byte */
        put_u32(table, (uint32_t)(table - vt));     /* soffset = table - vtable, negative */
        g_model_len = vt + 12;
    }
    if (v->cell_clip >= 0.0f) {
        CHECK(m->op.cell_clip_pos != 0);
        if (m->op.cell_clip_pos != 0) put_f32(m->op.cell_clip_pos, v->cell_clip);
    }
    if (v->cell_scale > 0.0f) {
        CHECK(m->t[19].scale_pos != 0);
        if (m->t[19].scale_pos != 0) put_f32(m->t[19].scale_pos, v->cell_scale);
    }
    if (v->hidden_scale > 0.0f) {
        CHECK(m->t[18].scale_pos != 0);
        if (m->t[18].scale_pos != 0) put_f32(m->t[18].scale_pos, v->hidden_scale);
    }
    if (v->hidden_zero_point != KEEP) {
        CHECK(m->t[18].zero_point_pos != 0);
        if (m->t[18].zero_point_pos != 0) put_i64(m->t[18].zero_point_pos, v->hidden_zero_point);
    }
    if (v->input_zero_point != KEEP) {
        CHECK(m->t[0].zero_point_pos != 0);
        if (m->t[0].zero_point_pos != 0) put_i64(m->t[0].zero_point_pos, v->input_zero_point);
    }
    return tnm_test_failures() == 0;
}

/* shared dir-independent: tests/data/lstm/<name>.<part>.bin beside this source */
static long read_variant_data(const char *name, const char *part, void *buf, long cap)
{
    char path[1024];
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    FILE *f;
    long n;
    if (slash == NULL) return -1;
    if (snprintf(path, sizeof path, "%.*sdata/lstm/%s.%s.bin", (int)(slash - file + 1), file, name,
                 part) >= (int)sizeof path) {
        return -1;
    }
    f = fopen(path, "rb");
    if (f == NULL) return -1;
    n = (long)fread(buf, 1, (size_t)cap, f);
    if (n == cap && fgetc(f) != EOF) n = -1;
    fclose(f);
    return n;
}

static void test_variants(void)
{
    static lstm_model base, m;
    const char *out_dir = getenv("TNM_LSTM_VARIANTS_OUT");
    size_t k;
    int compared = 0;
    if (!read_model()) {
        tnm_test_skip("variants: " MODEL_PATH " not found (set TINYML_SHARED)");
        return;
    }
    if (!parse_model(&base)) return;
    for (k = 0; k < sizeof g_variants / sizeof g_variants[0]; ++k) {
        const model_variant *v = &g_variants[k];
        tnm_lstm_s8_weights w;
        long out_bytes, units;
        if (!read_model() || !patch_model(&base, v) || !parse_model(&m)) return;
        CHECK_EQ(v->time_major, m.params.time_major);
        if (v->shape_batch != 0) CHECK_EQ(v->shape_batch, m.dims.batch);
        CHECK(sizes_fit(&m));
        if (tnm_test_failures()) return;
        if (out_dir != NULL && out_dir[0] != '\0') {
            char path[1024];
            FILE *f;
            snprintf(path, sizeof path, "%s/%s.tflite", out_dir, v->name);
            f = fopen(path, "wb");
            CHECK(f != NULL);
            if (f == NULL) return;
            CHECK_EQ(g_model_len, fwrite(g_model, 1, g_model_len, f));
            fclose(f);
            printf("variant %s written to %s\n", v->name, path);
            continue;
        }
        out_bytes = (long)m.dims.batch * m.dims.time * m.dims.hidden_size;
        units = (long)m.dims.batch * m.dims.hidden_size;
        if (read_variant_data(v->name, "output", g_expected, MAX_TENSOR) != out_bytes ||
            read_variant_data(v->name, "hidden_state", g_hidden_expected, sizeof g_hidden_expected) != units ||
            read_variant_data(v->name, "cell_state", g_cell_expected, sizeof g_cell_expected) != 2 * units) {
            tnm_test_skip("variants: tests/data/lstm not reachable from this build");
            return;
        }
        /* weights and biases are unchanged by the patches: seed 1's dump */
        if (read_tensor_bytes(1, m.op.inputs[0], g_input, MAX_TENSOR) < 0) {
            tnm_test_skip("variants: " GOLDEN_DIR "/seed1 not found");
            return;
        }
        if (!load_seed_tensors(&m, 1, &w)) return;
        printf("variant %s: batch %d time %d time_major %d cell_scale_power %d cell_clip %d "
               "hidden zp %d input zp %d\n", v->name, (int)m.dims.batch, (int)m.dims.time,
               (int)m.params.time_major, (int)m.params.cell_scale_power, (int)m.params.cell_clip,
               (int)m.params.hidden_zero_point, (int)m.params.input_zero_point);
        run_and_compare(&m, &w, v->name, 0);
        compared++;
        if (m.params.cell_clip >= 0 && m.params.cell_clip < 32767) {
            long i, at_clip = 0;
            for (i = 0; i < units; ++i) at_clip += g_cell[i] == m.params.cell_clip || g_cell[i] == -m.params.cell_clip;
            printf("variant %s: %ld of %ld final cells at the clip\n", v->name, at_clip, units);
        }
    }
    if (compared > 0) printf("variants: %d compared with TFLM\n", compared);
}

int main(void)
{
    test_golden();
    test_variants();
    return tnm_test_finish("test_kernels_lstm_golden");
}
