/*
 * Minimal test harness for the C tests: checks that count and report, a seeded
 * random generator, and access to the reference data in ../shared.
 * A test program returns tnm_test_finish(): 0 all passed, 1 a check failed,
 * 77 (ctest SKIP_RETURN_CODE) when it skipped everything for missing data.
 */
#ifndef TNM_TEST_H
#define TNM_TEST_H

#include <stdint.h>
#include <stdio.h>

void tnm_test_check(int ok, const char *file, int line, const char *expr);
void tnm_test_check_eq_i(long long expected, long long actual, const char *file, int line,
                         const char *expr);
#define CHECK(cond) tnm_test_check((cond) ? 1 : 0, __FILE__, __LINE__, #cond)
#define CHECK_EQ(expected, actual) \
    tnm_test_check_eq_i((long long)(expected), (long long)(actual), __FILE__, __LINE__, #actual)

int tnm_test_failures(void);
void tnm_test_skip(const char *why);
int tnm_test_finish(const char *name);

/* xorshift32; seed != 0. */
typedef struct { uint32_t state; } tnm_rng;
void tnm_rng_seed(tnm_rng *rng, uint32_t seed);
uint32_t tnm_rng_next(tnm_rng *rng);
/* Uniform integer in [lo, hi]. */
int32_t tnm_rng_range(tnm_rng *rng, int32_t lo, int32_t hi);
/* n values uniform in [-128, 127]. */
void tnm_test_fill_s8(tnm_rng *rng, int8_t *p, int32_t n);
/* The element count of a shape: the product of its `rank` dims. */
int32_t tnm_test_elements(const int32_t *dims, int32_t rank);

/* Directory of the reference data (env TINYML_SHARED), or NULL when absent. */
const char *tnm_shared_dir(void);
/* Reads shared/<relative> into buf (at most cap bytes). Returns the byte count,
 * or -1 when the file is missing or larger than cap. */
long tnm_read_shared(const char *relative, void *buf, long cap);

/* Reads native-kernels/tests/data/<relative> (test data committed with the tests, found
 * beside this file's source, so it works on the emulated cores too) into buf (at most cap
 * bytes). Returns the byte count; a missing or too large file is a failed check and -1. */
long tnm_read_test_data(const char *relative, void *buf, long cap);

#endif
