#!/usr/bin/env bash
# Runs a compiled model (.tnm) on emulated cores, layer by layer, and prints per layer
# the op, MACs, executed instructions and instructions per MAC, then the totals; the
# output tensor is checked bit-exact against expected.bin.
#   bench.sh <model.tnm> <input.bin> <expected.bin> [target...]
# Targets: m4 (default) m7 m33 rv32 (see run-tests.sh). Built with -O2 (Release).
#   TNM_QEMU_BUILD   build root (default: <repo>/build/qemu)
#   TNM_BENCH_TWICE=1  run twice and fail unless both runs give identical counts
#   TNM_BENCH_VARIANT_SET  build with only these kernel paths (-DTNM_VARIANT_SET, a mask such
#                    as 0x0au or 0u; include/tnm/tnm_variants.def), in its own build folder
#   TNM_BENCH_CHECKED=1  layers through tnm_layer_invoke (a blob in RAM: every layer
#                    validated again) instead of tnm_layer_invoke_readonly (a blob in flash,
#                    checked once at load: the figures), in its own build folder
#   TNM_BENCH_PREPARED=1  every layer prepared once before the counted inference
#                    (tnm_layer_prepare, as TFLM prepares its nodes before Invoke), then run
#                    through tnm_layer_invoke_prepared, in its own build folder
# Exit: 0 when every target ran, matched the expected output and counted cleanly.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -lt 3 ]; then
  echo "usage: bench.sh <model.tnm> <input.bin> <expected.bin> [m4|m7|m33|rv32 ...]" >&2
  exit 2
fi
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
for f in "$1" "$2" "$3"; do
  [ -f "$f" ] || { echo "bench.sh: no such file: $f" >&2; exit 2; }
done
model="$(abs "$1")"; input="$(abs "$2")"; expected="$(abs "$3")"
shift 3
targets="${*:-m4}"
build_root="${TNM_QEMU_BUILD:-$root/build/qemu}"
mkdir -p "$build_root"
status=0

for t in $targets; do
  case "$t" in
    m4) toolchain=cortex-m4; board=mps2-an386; core="Cortex-M4F" ;;
    m7) toolchain=cortex-m7; board=mps2-an500; core="Cortex-M7" ;;
    m33) toolchain=cortex-m33; board=mps2-an505; core="Cortex-M33" ;;
    rv32) toolchain=rv32imc; board=riscv32-virt; core="RV32IMC" ;;
    *) echo "bench.sh: unknown target '$t'" >&2; status=1; continue ;;
  esac
  dir="$build_root/bench-$t"
  paths=(); defs=""
  if [ -n "${TNM_BENCH_VARIANT_SET:-}" ]; then
    dir="$dir-paths-${TNM_BENCH_VARIANT_SET}"
    defs="$defs -DTNM_VARIANT_SET=${TNM_BENCH_VARIANT_SET}"
  fi
  if [ "${TNM_BENCH_CHECKED:-0}" = 1 ]; then
    dir="$dir-checked"
    defs="$defs -DTNM_BENCH_CHECKED"
  fi
  if [ "${TNM_BENCH_PREPARED:-0}" = 1 ]; then
    dir="$dir-prepared"
    defs="$defs -DTNM_BENCH_PREPARED"
  fi
  [ -z "$defs" ] || paths=("-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG$defs")
  if ! { cmake -S "$root/native-kernels" -B "$dir" \
           -DCMAKE_TOOLCHAIN_FILE="$root/native-kernels/cmake/toolchain-$toolchain.cmake" \
           -DCMAKE_BUILD_TYPE=Release -DTNM_BUILD_SHARED=OFF -DTNM_BUILD_TESTS=OFF "${paths[@]}" \
           -DTNM_BENCH_MODEL="$model" -DTNM_BENCH_INPUT="$input" -DTNM_BENCH_EXPECTED="$expected" \
         && cmake --build "$dir" --target tnm_bench -j 2; } >"$dir.log" 2>&1; then
    tail -n 30 "$dir.log"
    echo "bench.sh: [$t] build failed ($dir.log)"
    status=1; continue
  fi
  "$here/count.sh" "$board" "$dir/tnm_bench" "$dir.stdout" >"$dir.counts" 2>"$dir.stderr"
  rc=$?
  if [ "${TNM_BENCH_TWICE:-0}" = 1 ]; then
    "$here/count.sh" "$board" "$dir/tnm_bench" >"$dir.counts2" 2>/dev/null
    if cmp -s "$dir.counts" "$dir.counts2"; then echo "[$t] two runs: identical counts"
    else echo "[$t] two runs: counts DIFFER"; rc=1; fi
  fi
  echo "== $(basename "$model") on $core (QEMU $board), -O2${TNM_BENCH_VARIANT_SET:+, kernel paths $TNM_BENCH_VARIANT_SET}${TNM_BENCH_CHECKED:+, every layer re-checked (TNM_BENCH_CHECKED)}${TNM_BENCH_PREPARED:+, layers prepared once (TNM_BENCH_PREPARED)}"
  awk '
    function field(name,   i, kv) {
      for (i = 3; i <= NF; i++) if (index($i, name "=") == 1) { split($i, kv, "="); return kv[2] }
      return ""
    }
    $1 == "total" { next }
    $2 == "MODEL_CHECK" { check = field("insns"); next }
    {
      insns = field("insns"); macs = field("macs")
      per = macs > 0 ? sprintf("%10.2f", insns / macs) : sprintf("%10s", "-")
      if (!header++) printf "%5s  %-18s %12s %14s %10s\n", "layer", "op", "MACs", "instructions", "insns/MAC"
      printf "%5s  %-18s %12.0f %14.0f %s\n", field("layer"), $2, macs, insns, per
      tm += macs; ti += insns
    }
    END {
      if (header) printf "%5s  %-18s %12.0f %14.0f %10.2f\n", "", "TOTAL", tm, ti, (tm > 0 ? ti / tm : 0)
      if (check != "") printf "model check (once per load): %.0f instructions\n", check
    }' "$dir.counts"
  grep -E '^(arena|output|bench):' "$dir.stdout" || true
  grep -E 'TARGET FAULT|MISMATCH|count.sh' "$dir.stderr" || true
  if [ "$rc" != 0 ]; then echo "[$t] FAILED (exit $rc)"; status=1; fi
done
exit "$status"
