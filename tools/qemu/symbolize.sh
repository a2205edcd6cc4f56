#!/usr/bin/env bash
# Sums a per-address instruction profile (the count plugin's profile=<file>: "address count"
# lines) per symbol of the ELF and prints the top N functions (profile.sh, grid.sh).
#   symbolize.sh <elf> <profile> <tool prefix (arm-none-eabi- or riscv64-unknown-elf-)> [top N]
set -uo pipefail
elf="$1"; prof="$2"; prefix="$3"; top="${4:-30}"
syms="$(mktemp)"
trap 'rm -f "$syms"' EXIT
# Symbols (functions and assembly labels with a size) sorted by address, then each
# counted address to the symbol that contains it.
"${prefix}nm" -S --defined-only "$elf" | awk '$3 ~ /^[tT]$/ {print $1, $2, $4}' | sort > "$syms"
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
' "$syms" "$prof"
