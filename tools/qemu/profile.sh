#!/usr/bin/env bash
# Where a model's instructions go, per function: runs the benchmark program of bench.sh
# (same build, same input) with the instruction-count plugin's per-address profile and
# sums the counts per symbol of the ELF. Counts start at the program's first region mark
# (the model check and the layers; not the start-up code). For kernel work, not figures:
# the figures are bench.sh's. bench.sh's TNM_BENCH_* settings apply.
#   profile.sh <model.tnm> <input.bin> <expected.bin> [m4|m7|m33|rv32] [top N (30)]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -lt 3 ]; then
  echo "usage: profile.sh <model.tnm> <input.bin> <expected.bin> [m4|m7|m33|rv32] [top]" >&2
  exit 2
fi
t="${4:-m4}"; top="${5:-30}"
case "$t" in
  m4|m7|m33) prefix=arm-none-eabi- ;;
  rv32) prefix=riscv64-unknown-elf- ;;
  *) echo "profile.sh: unknown target '$t'" >&2; exit 2 ;;
esac
build_root="${TNM_QEMU_BUILD:-$root/build/qemu}"
prof="${TNM_PROFILE_KEEP:-$(mktemp)}"
[ -n "${TNM_PROFILE_KEEP:-}" ] || trap 'rm -f "$prof"' EXIT
TNM_PROFILE_OUT="$prof" "$here/bench.sh" "$1" "$2" "$3" "$t" >/dev/null || {
  echo "profile.sh: bench.sh failed (run it alone to see why)" >&2; exit 1; }
# bench.sh's build folder for the same settings
dir="$build_root/bench-$t"
[ -z "${TNM_BENCH_VARIANT_SET:-}" ] || dir="$dir-paths-${TNM_BENCH_VARIANT_SET}"
[ "${TNM_BENCH_CHECKED:-0}" != 1 ] || dir="$dir-checked"
[ "${TNM_BENCH_PREPARED:-0}" != 1 ] || dir="$dir-prepared"
elf="$dir/tnm_bench"
[ -s "$prof" ] || { echo "profile.sh: the plugin wrote no profile" >&2; exit 1; }
"$here/symbolize.sh" "$elf" "$prof" "$prefix" "$top"
