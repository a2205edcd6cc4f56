#define _POSIX_C_SOURCE 200809L
#include "tnm_test.h"

#include <stdlib.h>
#include <string.h>
#if !defined(TNM_TARGET_SEMIHOSTING)
#include <sys/stat.h>
#endif

static int g_checks;
static int g_failures;
static int g_skipped;

void tnm_test_check(int ok, const char *file, int line, const char *expr)
{
    g_checks++;
    if (!ok) {
        g_failures++;
        if (g_failures <= 50) {
            fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
        }
    }
}

void tnm_test_check_eq_i(long long expected, long long actual, const char *file, int line,
                         const char *expr)
{
    g_checks++;
    if (expected != actual) {
        g_failures++;
        if (g_failures <= 50) {
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", file, line, expr, actual,
                    expected);
        }
    }
}

int tnm_test_failures(void) { return g_failures; }

void tnm_test_skip(const char *why)
{
    g_skipped++;
    printf("SKIP: %s\n", why);
}

int tnm_test_finish(const char *name)
{
    printf("%s: %d checks, %d failed%s\n", name, g_checks, g_failures,
           g_skipped ? " (some parts skipped)" : "");
    if (g_failures) return 1;
    if (g_checks == 0 && g_skipped) return 77;
    return 0;
}

void tnm_rng_seed(tnm_rng *rng, uint32_t seed) { rng->state = seed ? seed : 0x9E3779B9u; }

uint32_t tnm_rng_next(tnm_rng *rng)
{
    uint32_t x = rng->state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng->state = x;
    return x;
}

int32_t tnm_rng_range(tnm_rng *rng, int32_t lo, int32_t hi)
{
    uint32_t span = (uint32_t)((int64_t)hi - (int64_t)lo + 1);
    if (span == 0) return (int32_t)tnm_rng_next(rng); /* full 32-bit range */
    return (int32_t)((int64_t)lo + (int64_t)(tnm_rng_next(rng) % span));
}

void tnm_test_fill_s8(tnm_rng *rng, int8_t *p, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; i++) p[i] = (int8_t)tnm_rng_range(rng, -128, 127);
}

int32_t tnm_test_elements(const int32_t *dims, int32_t rank)
{
    int32_t n = 1, i;
    for (i = 0; i < rank; i++) n *= dims[i];
    return n;
}

#if defined(TNM_TARGET_SEMIHOSTING)
/* Bare-metal target under QEMU (native-kernels/cmake/tnm-target.cmake): no environment
 * and no stat(); the directory is compiled in and read through semihosting file IO,
 * and it counts as present when its README.md opens. */
const char *tnm_shared_dir(void)
{
    static const char dir[] = TNM_TARGET_SHARED_DIR;
    FILE *f = fopen(TNM_TARGET_SHARED_DIR "/README.md", "rb");
    if (f == NULL) return NULL;
    fclose(f);
    return dir;
}
#else
const char *tnm_shared_dir(void)
{
    static char dir[1024];
    struct stat st;
    const char *env = getenv("TINYML_SHARED");
    if (env == NULL || env[0] == '\0') return NULL;
    if (stat(env, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    strncpy(dir, env, sizeof dir - 1);
    dir[sizeof dir - 1] = '\0';
    return dir;
}
#endif

long tnm_read_shared(const char *relative, void *buf, long cap)
{
    char path[2048];
    const char *dir = tnm_shared_dir();
    FILE *f;
    long n;
    if (dir == NULL) return -1;
    snprintf(path, sizeof path, "%s/%s", dir, relative);
    f = fopen(path, "rb");
    if (f == NULL) return -1;
    n = (long)fread(buf, 1, (size_t)cap, f);
    if (n == cap && fgetc(f) != EOF) n = -1; /* larger than cap */
    fclose(f);
    return n;
}

long tnm_read_test_data(const char *relative, void *buf, long cap)
{
    static const char data[] = "../data/";
    char path[1024];
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    size_t len = slash ? (size_t)(slash - file + 1) : 0;
    FILE *f;
    long n;
    if (len + sizeof data + strlen(relative) >= sizeof path) len = 0;
    memcpy(path, file, len);
    snprintf(path + len, sizeof path - len, "%s%s", data, relative);
    f = fopen(path, "rb");
    if (f == NULL) {
        printf("missing %s\n", path);
        CHECK(f != NULL);
        return -1;
    }
    n = (long)fread(buf, 1, (size_t)cap, f);
    if (n == cap && fgetc(f) != EOF) n = -1; /* larger than cap */
    fclose(f);
    CHECK(n >= 0);
    return n;
}
