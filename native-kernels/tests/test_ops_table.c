/*
 * The operator table (include/tnm/tnm_ops.def) is consistent: codes unique and in range,
 * names, parameter layouts whose field names count as PARAM_WORDS says (tails: arrays
 * sized by an earlier field), list counts, and every operator registered with a module in
 * the default build; the runtime's name and parameter lookups answer from it.
 */
#include <string.h>

#include "../src/runtime/tnm_runtime_internal.h"
#include "tnm_test.h"

typedef struct {
    const char *name;
    int32_t code, inputs, outputs, words, tail;
    const char *params;
    uint32_t groups;
} op_line;

static const op_line k_lines[] = {
#define TNM_OP(NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS) \
    {#NAME, CODE, INPUTS, OUTPUTS, WORDS, TAIL, PARAMS, GROUPS},
#include "tnm/tnm_ops.def"
#undef TNM_OP
};
#define LINE_COUNT ((int32_t)(sizeof k_lines / sizeof k_lines[0]))

/* Splits PARAMS into fields; checks names; returns the fixed fields (no '['), and the
 * array fields in *arrays. An array's count must be an earlier fixed field. */
static int32_t count_fields(const op_line *l, int32_t *arrays)
{
    const char *p = l->params;
    char names[64][40];
    int32_t fixed = 0, n = 0;
    *arrays = 0;
    if (*p == '\0') return 0;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        const char *open = (const char *)memchr(p, '[', len);
        size_t k;
        CHECK(len > 0 && len < 40);
        for (k = 0; k < len; k++) {
            const char c = p[k];
            CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '[' || c == ']');
        }
        if (open != NULL) {
            /* name[count]: count is an earlier field, and arrays come after the fixed part */
            char count[40];
            const size_t clen = len - (size_t)(open - p) - 2;
            int32_t j, found = 0;
            CHECK(p[len - 1] == ']' && clen > 0 && clen < sizeof count);
            memcpy(count, open + 1, clen);
            count[clen] = '\0';
            for (j = 0; j < n; j++) found |= strcmp(names[j], count) == 0;
            CHECK(found);
            (*arrays)++;
        } else {
            CHECK(*arrays == 0); /* no fixed field after an array */
            fixed++;
        }
        if (n < 64 && len < 40) {
            memcpy(names[n], p, len);
            names[n][len] = '\0';
            n++;
        }
        if (end == NULL) break;
        p = end + 1;
    }
    return fixed;
}

int main(void)
{
    int32_t i, j;
    CHECK(LINE_COUNT >= 19);
    for (i = 0; i < LINE_COUNT; i++) {
        const op_line *l = &k_lines[i];
        const tnm_op_entry *e = tnm_op_lookup(l->code);
        int32_t arrays, fixed;
        CHECK(l->code >= 1 && l->code < TNM_OP_CODE_LIMIT && l->code != 63); /* 63: the group-set bit */
        for (j = 0; j < i; j++) {
            CHECK(k_lines[j].code != l->code);
            CHECK(strcmp(k_lines[j].name, l->name) != 0);
        }
        CHECK(e != NULL);
        if (e == NULL) continue;
        CHECK(strcmp(tnm_op_name(l->code), l->name) == 0);
        CHECK(strcmp(tnm_op_params(l->code), l->params) == 0);
        CHECK(e->module != NULL && e->module->check != NULL && e->module->invoke != NULL);
        CHECK_EQ(l->code, e->code);
        CHECK_EQ(l->inputs, e->inputs);
        CHECK_EQ(l->outputs, e->outputs);
        CHECK_EQ(l->words | (l->tail ? (int32_t)TNM_OP_ENTRY_TAIL : 0), e->param_words);
        CHECK(l->inputs == TNM_OPS_ANY || (l->inputs >= 0 && l->inputs <= TNM_MAX_LAYER_INPUTS));
        CHECK(l->outputs == TNM_OPS_ANY || (l->outputs >= 0 && l->outputs <= TNM_MAX_LAYER_OUTPUTS));
        CHECK(l->words >= 0 && l->words <= TNM_VIEW_PARAMS && l->words < 0x80);
        CHECK(l->tail == 0 || l->tail == 1);
        CHECK((l->groups & ~(uint32_t)(TNM_GROUP_KWS | TNM_GROUP_AD | TNM_GROUP_MWW)) == 0);
        fixed = count_fields(l, &arrays);
        CHECK_EQ(l->words, fixed);
        CHECK_EQ(l->tail ? 1 : 0, arrays > 0 ? 1 : 0);
    }
    /* codes not in the table are unknown */
    for (i = 0; i < TNM_OP_CODE_LIMIT + 2; i++) {
        int listed = 0;
        for (j = 0; j < LINE_COUNT; j++) listed |= k_lines[j].code == i;
        CHECK_EQ(listed, tnm_op_lookup(i) != NULL);
        if (!listed) {
            CHECK(strcmp(tnm_op_name(i), "UNKNOWN") == 0);
            CHECK(strcmp(tnm_op_params(i), "") == 0);
        }
    }
    /* the default build runs every operator of every group */
    CHECK(TNM_OP_SET == TNM_OP_SET_ALL);
    return tnm_test_finish("test_ops_table");
}
