/*
 * The argument windows both interop glues check through the C API (tnm_args.h):
 * array[offset .. offset + count) inside length items, with the typed error naming the array
 * or the offset field and the values the error sentence prints. Bounds, negative values and
 * arguments whose sum would overflow int32_t.
 */
#include <stddef.h>
#include <string.h>

#include "tnm/tnm_args.h"
#include "tnm_test.h"

static const int16_t g_array[8];

/* Calls tnm_check_window on g_array and checks the result and the whole error detail. */
static void check_window(int32_t length, int32_t offset, int32_t count, tnm_status code,
                         tnm_field field, int32_t value, int32_t limit)
{
    tnm_error err;
    memset(&err, 0x5A, sizeof err);
    err.code = TNM_OK;
    CHECK_EQ(code, tnm_check_window(g_array, length, offset, count, TNM_FIELD_SAMPLES,
                                    TNM_FIELD_SAMPLE_OFFSET, &err));
    CHECK_EQ(code, err.code);
    if (code != TNM_OK) {
        CHECK_EQ(field, err.field);
        CHECK_EQ(-1, err.index);
        CHECK_EQ(value, err.value);
        CHECK_EQ(limit, err.limit);
    }
    /* NULL err is allowed and gives the same status. */
    CHECK_EQ(code, tnm_check_window(g_array, length, offset, count, TNM_FIELD_SAMPLES,
                                    TNM_FIELD_SAMPLE_OFFSET, NULL));
}

static void test_inside(void)
{
    check_window(8, 0, 8, TNM_OK, TNM_FIELD_NONE, 0, 0);   /* the whole array */
    check_window(8, 3, 5, TNM_OK, TNM_FIELD_NONE, 0, 0);   /* ends on the last item */
    check_window(8, 8, 0, TNM_OK, TNM_FIELD_NONE, 0, 0);   /* empty, just past the end */
    check_window(0, 0, 0, TNM_OK, TNM_FIELD_NONE, 0, 0);   /* empty array */
    check_window(INT32_MAX, INT32_MAX - 1, 1, TNM_OK, TNM_FIELD_NONE, 0, 0);
}

static void test_array_errors(void)
{
    tnm_error err;
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_check_window(NULL, 8, 0, 4, TNM_FIELD_FEATURES,
                                                TNM_FIELD_FEATURE_OFFSET, &err));
    CHECK_EQ(TNM_FIELD_FEATURES, err.field);
    CHECK_EQ(0, err.value);
    CHECK_EQ(0, err.limit);
    /* The fields are the caller's. */
    check_window(7, 0, 8, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, 7, 8);      /* too short */
    check_window(8, 0, -1, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, 8, -1);    /* negative count */
    check_window(-1, 0, 0, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, -1, 0);    /* negative length */
    check_window(INT32_MIN, 0, INT32_MIN, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, INT32_MIN,
                 INT32_MIN);
    check_window(0, 0, INT32_MAX, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLES, 0, INT32_MAX);
}

static void test_offset_errors(void)
{
    check_window(8, -1, 4, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLE_OFFSET, -1, 4);
    check_window(8, 5, 4, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLE_OFFSET, 5, 4);  /* one past */
    check_window(8, 9, 0, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLE_OFFSET, 9, 8);
    check_window(8, INT32_MIN, 0, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLE_OFFSET, INT32_MIN, 8);
    /* offset + count would overflow int32_t: still refused, by the offset. */
    check_window(INT32_MAX, INT32_MAX, 1, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLE_OFFSET, INT32_MAX,
                 INT32_MAX - 1);
    check_window(8, INT32_MAX, 8, TNM_ERR_ARGUMENT, TNM_FIELD_SAMPLE_OFFSET, INT32_MAX, 0);
}

/* Every combination of small values agrees with the 64-bit definition. */
static void test_exhaustive_small(void)
{
    int32_t length, offset, count;
    for (length = -2; length <= 6; length++) {
        for (offset = -2; offset <= 8; offset++) {
            for (count = -2; count <= 8; count++) {
                int inside = count >= 0 && offset >= 0 && length >= 0 &&
                             (int64_t)offset + count <= (int64_t)length;
                tnm_status st = tnm_check_window(g_array, length, offset, count,
                                                 TNM_FIELD_SAMPLES, TNM_FIELD_SAMPLE_OFFSET, NULL);
                CHECK_EQ(inside ? TNM_OK : TNM_ERR_ARGUMENT, st);
            }
        }
    }
}

static void test_frame(void)
{
    int8_t out[4];
    tnm_error err;
    CHECK_EQ(TNM_OK, tnm_check_frame(g_array, 8, 2, 6, TNM_FIELD_SAMPLES, out, 4, 0, 4,
                                     TNM_FIELD_FEATURES, &err));
    /* The input first: both wrong reports the input. */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_check_frame(g_array, 8, 3, 6, TNM_FIELD_SAMPLES, out, 4, 1,
                                               4, TNM_FIELD_FEATURES, &err));
    CHECK_EQ(TNM_FIELD_SAMPLE_OFFSET, err.field);
    CHECK_EQ(3, err.value);
    CHECK_EQ(2, err.limit);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_check_frame(g_array, 8, 0, 9, TNM_FIELD_FEATURE_SAMPLES, out,
                                               4, 0, 4, TNM_FIELD_FEATURE_COUNT, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_SAMPLES, err.field);
    /* Then the output, with its own fields. */
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_check_frame(g_array, 8, 0, 8, TNM_FIELD_SAMPLES, out, 4, 1,
                                               4, TNM_FIELD_FEATURES, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_OFFSET, err.field);
    CHECK_EQ(1, err.value);
    CHECK_EQ(0, err.limit);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_check_frame(g_array, 8, 0, 8, TNM_FIELD_SAMPLES, out, 3, 0,
                                               4, TNM_FIELD_FEATURE_COUNT, &err));
    CHECK_EQ(TNM_FIELD_FEATURE_COUNT, err.field);
    CHECK_EQ(3, err.value);
    CHECK_EQ(4, err.limit);
    CHECK_EQ(TNM_ERR_ARGUMENT, tnm_check_frame(g_array, 8, 0, 8, TNM_FIELD_SAMPLES, NULL, 4, 0,
                                               4, TNM_FIELD_FEATURES, &err));
    CHECK_EQ(TNM_FIELD_FEATURES, err.field);
}

int main(void)
{
    test_inside();
    test_array_errors();
    test_offset_errors();
    test_exhaustive_small();
    test_frame();
    return tnm_test_finish("test_runtime_args");
}
