#!/usr/bin/env bash
# Runs a bare-metal ELF with the instruction-count plugin and prints one line per
# region the program reported:
#   <index> <name> insns=<n> [the program's key=value fields...]
# The program brackets region i with two TNM_COUNT_MARK()s (marks 2i and 2i+1) and
# prints "TNM-REGION <i> <name> [key=value...]" (targets/common/tnm_target.h).
# A field expect=<n> (n >= 0) is checked: a mismatch fails the run.
#   count.sh <board> <program.elf> [raw-output-file]
# Exit: the program's status, or 1 when a check fails or marks and regions disagree.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 2 ]; then
  echo "usage: count.sh <board> <program.elf> [raw-output-file]" >&2
  exit 2
fi
board="$1"; elf="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
TNM_COUNT_OUT="$tmp/marks.txt" "$here/run-elf.sh" "$board" "$elf" > "$tmp/stdout.txt"
status=$?
if [ -n "${3:-}" ]; then cat "$tmp/stdout.txt" > "$3"; fi
grep -v '^TNM-REGION ' "$tmp/stdout.txt" >&2
if [ ! -s "$tmp/marks.txt" ]; then
  echo "count.sh: the plugin wrote no marks" >&2
  exit 1
fi
awk -v status="$status" '
  FNR == NR {
    if ($1 == "mark") mark[$2] = $3
    else if ($1 == "total") { total = $2; marks = $4 }
    next
  }
  $1 == "TNM-REGION" {
    i = $2 + 0
    if (!((2 * i) in mark) || !((2 * i + 1) in mark)) {
      printf "count.sh: region %d (%s) has no pair of marks\n", i, $3 > "/dev/stderr"; bad = 1; next
    }
    n = mark[2 * i + 1] - mark[2 * i]
    line = sprintf("%d %s insns=%.0f", i, $3, n)
    for (f = 4; f <= NF; f++) {
      line = line " " $f
      if ($f ~ /^expect=[0-9]+$/) {
        split($f, kv, "=")
        if (kv[2] + 0 != n) { line = line " MISMATCH"; bad = 1 }
      }
    }
    print line
    regions++
  }
  END {
    if (regions * 2 != marks) {
      printf "count.sh: %d regions but %d marks\n", regions, marks > "/dev/stderr"; bad = 1
    }
    printf "total insns=%.0f\n", total
    exit (bad ? 1 : 0)
  }
' "$tmp/marks.txt" "$tmp/stdout.txt"
checks=$?
if [ "$status" != 0 ]; then exit "$status"; fi
exit "$checks"
