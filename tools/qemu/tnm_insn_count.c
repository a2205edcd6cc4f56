/*
 * QEMU TCG plugin: exact, deterministic count of executed guest instructions,
 * split into regions by a marker instruction the guest executes.
 *
 * Every translated instruction gets an inline "counter += 1" (run before the
 * instruction, so an instruction that traps midway still counts once). The
 * marker instruction is not counted; instead it calls back into the plugin, which
 * appends the running count to the output file: "mark <n> <count>". The count
 * between two markers is therefore exactly the number of instructions the guest
 * executed between them. At exit the plugin writes "total <count>".
 *
 * Markers (no-ops the compilers never emit, see targets/common/tnm_target.h):
 *   Thumb:   mov r11, r11          (0x46DB)
 *   RISC-V:  addi x0, x0, 1445     (0x5A500013, a HINT)
 *
 * Profile (for finding where a kernel's instructions go, never for figures): with
 * profile=<file> the plugin also counts executions per instruction address, after the
 * first marker only (so a region program's setup before it is left out), and writes
 * "<address hex> <count>" lines to <file> at exit; tools/qemu/profile.sh sums them per
 * function.
 *
 * Arguments: out=<file> (required), arch=arm|riscv (required), profile=<file> (optional).
 * Built by tools/qemu/build-plugin.sh against qemu-plugin.h of the installed QEMU
 * (Debian's source package); single vCPU machines only (mps2, virt -smp 1).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t g_insns;      /* instructions executed so far, markers excluded */
static uint64_t g_marks;      /* markers executed so far */
static FILE *g_out;
static const uint8_t *g_marker;
static size_t g_marker_len;

/* Per-address counts (profile=): open addressing on the guest address; a slot's counter
 * is what the inline add of every translation of that address increments. The counting
 * starts at the first marker: before it, the adds go to g_sink. */
#define PROFILE_SLOTS (1u << 18)
typedef struct { uint64_t address, count; int used; } profile_slot;
static profile_slot *g_profile;
static FILE *g_profile_out;

static profile_slot *profile_slot_of(uint64_t address)
{
    uint32_t h = (uint32_t)((address >> 1) * 2654435761u) & (PROFILE_SLOTS - 1u);
    uint32_t probes;
    for (probes = 0; probes < PROFILE_SLOTS; probes++, h = (h + 1u) & (PROFILE_SLOTS - 1u)) {
        if (!g_profile[h].used) {
            g_profile[h].used = 1;
            g_profile[h].address = address;
            return &g_profile[h];
        }
        if (g_profile[h].address == address) return &g_profile[h];
    }
    return NULL;
}

static const uint8_t k_marker_thumb[2] = { 0xDB, 0x46 };
static const uint8_t k_marker_riscv[4] = { 0x13, 0x00, 0x50, 0x5A };

static void on_marker(unsigned int vcpu_index, void *userdata)
{
    (void)vcpu_index;
    (void)userdata;
    fprintf(g_out, "mark %" PRIu64 " %" PRIu64 "\n", g_marks, g_insns);
    fflush(g_out);
    if (g_marks == 0 && g_profile != NULL) {
        /* forget what ran before the first marker */
        uint32_t i;
        for (i = 0; i < PROFILE_SLOTS; i++) g_profile[i].count = 0;
    }
    g_marks++;
}

static int is_marker(const struct qemu_plugin_insn *insn)
{
    return qemu_plugin_insn_size(insn) == g_marker_len &&
           memcmp(qemu_plugin_insn_data(insn), g_marker, g_marker_len) == 0;
}

static void on_tb_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    size_t i;
    (void)id;
    for (i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (is_marker(insn)) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS, NULL);
        } else {
            qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                       &g_insns, 1);
            if (g_profile != NULL) {
                profile_slot *slot = profile_slot_of(qemu_plugin_insn_vaddr(insn));
                if (slot != NULL)
                    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                               &slot->count, 1);
            }
        }
    }
}

static void on_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id;
    (void)userdata;
    fprintf(g_out, "total %" PRIu64 " marks %" PRIu64 "\n", g_insns, g_marks);
    fclose(g_out);
    g_out = NULL;
    if (g_profile_out != NULL) {
        uint32_t i;
        for (i = 0; i < PROFILE_SLOTS; i++)
            if (g_profile[i].used && g_profile[i].count != 0)
                fprintf(g_profile_out, "%" PRIx64 " %" PRIu64 "\n", g_profile[i].address, g_profile[i].count);
        fclose(g_profile_out);
        g_profile_out = NULL;
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    const char *out = NULL;
    int i;
    if (info->system_emulation && info->system.max_vcpus > 1) {
        fprintf(stderr, "tnm_insn_count: needs a single vCPU (got %d)\n", info->system.max_vcpus);
        return -1;
    }
    for (i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0) {
            out = argv[i] + 4;
        } else if (strncmp(argv[i], "profile=", 8) == 0) {
            g_profile_out = fopen(argv[i] + 8, "w");
            g_profile = calloc(PROFILE_SLOTS, sizeof *g_profile);
            if (g_profile_out == NULL || g_profile == NULL) {
                fprintf(stderr, "tnm_insn_count: cannot write '%s'\n", argv[i] + 8);
                return -1;
            }
        } else if (strcmp(argv[i], "arch=arm") == 0) {
            g_marker = k_marker_thumb;
            g_marker_len = sizeof k_marker_thumb;
        } else if (strcmp(argv[i], "arch=riscv") == 0) {
            g_marker = k_marker_riscv;
            g_marker_len = sizeof k_marker_riscv;
        } else {
            fprintf(stderr, "tnm_insn_count: unknown argument '%s'\n", argv[i]);
            return -1;
        }
    }
    if (out == NULL || g_marker == NULL) {
        fprintf(stderr, "tnm_insn_count: usage: out=<file>,arch=arm|riscv[,profile=<file>]\n");
        return -1;
    }
    g_out = fopen(out, "w");
    if (g_out == NULL) {
        fprintf(stderr, "tnm_insn_count: cannot write '%s'\n", out);
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
