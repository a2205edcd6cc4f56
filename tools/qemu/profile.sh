#!/usr/bin/env bash
# Where a model's instructions go, per function: runs the benchmark program of bench.sh
# (same build, same input) with the instruction-count plugin's per-address profile and
# sums the counts per symbol of the ELF. Counts start at the program's first region mark
# (the model check and the layers; not the start-up code). For kernel work, not figures:
# the figures are bench.sh's.
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
elf="$build_root/bench-$t/tnm_bench"
[ -s "$prof" ] || { echo "profile.sh: the plugin wrote no profile" >&2; exit 1; }
# Symbols (functions and assembly labels with a size) sorted by address, then each
# counted address to the symbol that contains it.
"${prefix}nm" -S --defined-only "$elf" | awk '$3 ~ /^[tT]$/ {print $1, $2, $4}' | sort > "$prof.syms"
awk -v top="$top" '
  function hex(s,   v, i) { v = 0; s = tolower(s)
    for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v }
  FNR == NR { start[n] = hex($1); size[n] = hex($2); name[n] = $3; n++; next }
  { a = hex($1); c = $2; total += c
    lo = 0; hi = n - 1; k = -1
    while (lo <= hi) { mid = int((lo + hi) / 2); if (start[mid] <= a) { k = mid; lo = mid + 1 } else hi = mid - 1 }
    if (k >= 0 && a < start[k] + size[k] + 0) f[name[k]] += c; else f["(unknown)"] += c }
  END { printf "%-44s %12s %6s\n", "function", "instructions", "share"
        for (s in f) printf "%-44s %12d %5.1f%%\n", s, f[s], 100 * f[s] / total | "sort -k2 -n -r | head -n " top
        close("sort -k2 -n -r | head -n " top)
        printf "%-44s %12d\n", "total (from the first mark)", total }
' "$prof.syms" "$prof"
rm -f "$prof.syms"
