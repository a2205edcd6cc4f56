#!/usr/bin/env bash
# Kernel grid benchmark: runs targets/common/grid_main.c (every kernel class on a grid of
# shapes, each call checked byte for byte against the portable reference) on emulated
# cores and prints per cell the MACs, executed instructions and instructions per MAC,
# with the goal of the class for cells of at least 20,000 MACs (Cortex-M: convolution
# 1.6, depthwise 2.5, fully connected 1.3; rv32: convolution 3.0), then a summary per
# class. Pooling cells count taps (window values read) as "MACs".
#   grid.sh [m4|m7|m33|rv32 ...]        (default m4)
#   TNM_QEMU_BUILD   build root (default: <repo>/build/qemu)
#   TNM_GRID_CELL=<text>  only the cells whose name contains text (own build folder)
#   TNM_PROFILE_OUT=<file>  also the instructions per function of the run (kernel work, with
#                    TNM_GRID_CELL: one shape), written to <file>
# Exit: 0 when every target built, ran and matched the reference.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
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
    *) echo "grid.sh: unknown target '$t'" >&2; status=1; continue ;;
  esac
  dir="$build_root/grid-$t"
  cell_flag=()
  if [ -n "${TNM_GRID_CELL:-}" ]; then
    dir="$dir-cell-$(echo "$TNM_GRID_CELL" | tr -c 'A-Za-z0-9_\n' '_')"
    cell_flag=("-DTNM_GRID_CELL=$TNM_GRID_CELL")
  fi
  if ! { cmake -S "$root/native-kernels" -B "$dir" \
           -DCMAKE_TOOLCHAIN_FILE="$root/native-kernels/cmake/toolchain-$toolchain.cmake" \
           -DCMAKE_BUILD_TYPE=Release -DTNM_BUILD_SHARED=OFF -DTNM_BUILD_TESTS=OFF "${cell_flag[@]}" \
         && cmake --build "$dir" --target tnm_grid -j 2; } >"$dir.log" 2>&1; then
    tail -n 30 "$dir.log"; echo "grid.sh: [$t] build failed ($dir.log)"; status=1; continue
  fi
  "$here/count.sh" "$board" "$dir/tnm_grid" "$dir.stdout" >"$dir.counts" 2>"$dir.stderr"
  rc=$?
  echo "== kernel grid on $core (QEMU $board), -O2"
  awk -v target="$t" '
    function field(name,   i, kv) {
      for (i = 3; i <= NF; i++) if (index($i, name "=") == 1) { split($i, kv, "="); return kv[2] }
      return ""
    }
    function class_of(n) { split(n, parts, "_"); return parts[1] }
    function goal_of(c) {
      if (target == "rv32") return c == "conv" ? 3.0 : 0
      return c == "conv" ? 1.6 : c == "depthwise" ? 2.5 : c == "fc" ? 1.3 : 0
    }
    $1 == "total" { next }
    {
      name = $2; insns = field("insns"); macs = field("macs"); c = class_of(name)
      per = macs > 0 ? insns / macs : 0; g = goal_of(c); mark = ""
      if (macs >= 20000 && g > 0) {
        counted[c]++
        if (per > g) { over[c]++; mark = sprintf("over %.1f", g) } else mark = "ok"
        if (per > worst[c]) { worst[c] = per; worst_name[c] = name }
      }
      if (!header++) printf "%-46s %10s %12s %9s  %s\n", "cell", "MACs", "instructions", "insns/MAC", "goal (>= 20k MACs)"
      printf "%-46s %10.0f %12.0f %9.2f  %s\n", name, macs, insns, per, mark
      order[++n] = c; seen[c] = 1; tm[c] += macs; ti[c] += insns
    }
    END {
      printf "\nsummary (cells >= 20,000 MACs against the goal; all cells for the totals)\n"
      split("conv depthwise fc avgpool maxpool", cls, " ")
      for (k = 1; k <= 5; k++) {
        c = cls[k]; if (!seen[c]) continue
        printf "  %-10s total %.3f insns/MAC", c, ti[c] / tm[c]
        if (counted[c]) printf "; %d cells, %d over the goal, worst %.2f (%s)", counted[c], over[c], worst[c], worst_name[c]
        printf "\n"
      }
    }' "$dir.counts"
  grep -E '^(grid|SKIP|MISMATCH)' "$dir.stdout" || true
  grep -E 'TARGET FAULT|count.sh' "$dir.stderr" || true
  if [ -n "${TNM_PROFILE_OUT:-}" ] && [ -s "$TNM_PROFILE_OUT" ]; then
    prefix=arm-none-eabi-; [ "$t" = rv32 ] && prefix=riscv64-unknown-elf-
    echo "== instructions per function ($TNM_PROFILE_OUT)"
    "$here/symbolize.sh" "$dir/tnm_grid" "$TNM_PROFILE_OUT" "$prefix" 25
  fi
  if [ "$rc" != 0 ]; then echo "[$t] FAILED (exit $rc)"; status=1; fi
done
exit "$status"
