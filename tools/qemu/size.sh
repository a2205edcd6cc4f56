#!/usr/bin/env bash
# Code size of the runtime and kernels on Cortex-M4F: builds tnm_size_app (the
# runtime with every kernel it dispatches to, targets/common/size_main.c) and reads
# the linker map, so only code that is really linked counts (gc-sections). Prints
# per object of libtnm_core.a the linked .text and .rodata bytes, and totals, for
# -O2 (Release, what the benchmarks use) and -Os (MinSizeRel).
#   size.sh [target]      target: m4 (default) m7 m33 rv32
#   TNM_QEMU_BUILD        build root (default: <repo>/build/qemu)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
t="${1:-m4}"
case "$t" in
  m4) toolchain=cortex-m4 ;; m7) toolchain=cortex-m7 ;;
  m33) toolchain=cortex-m33 ;; rv32) toolchain=rv32imc ;;
  *) echo "size.sh: unknown target '$t'" >&2; exit 2 ;;
esac
build_root="${TNM_QEMU_BUILD:-$root/build/qemu}"
mkdir -p "$build_root"
status=0
for cfg in Release:-O2 MinSizeRel:-Os; do
  type="${cfg%%:*}"; opt="${cfg#*:}"
  dir="$build_root/size-$t-$type"
  if ! { cmake -S "$root/native-kernels" -B "$dir" \
           -DCMAKE_TOOLCHAIN_FILE="$root/native-kernels/cmake/toolchain-$toolchain.cmake" \
           -DCMAKE_BUILD_TYPE="$type" -DTNM_BUILD_SHARED=OFF -DTNM_BUILD_TESTS=OFF \
         && cmake --build "$dir" --target tnm_size_app -j 2; } >"$dir.log" 2>&1; then
    tail -n 20 "$dir.log"; echo "size.sh: build failed ($dir.log)"; status=1; continue
  fi
  echo "== $t ($toolchain) $opt: bytes linked into tnm_size_app from libtnm_core.a"
  awk '
    /^Linker script and memory map/ { inmap = 1; next }
    !inmap { next }
    # An input section: " .text.name  0xADDR  0xSIZE  file" (name may sit alone on the line above).
    /^ \.[A-Za-z_.$0-9-]+$/ { pending = $1; next }
    /^ \.[A-Za-z_.$0-9-]+ +0x[0-9a-f]+ +0x[0-9a-f]+ / { sect = $1; size = $3; file = $4; pending = ""; take(); next }
    pending != "" && /^ +0x[0-9a-f]+ +0x[0-9a-f]+ / { sect = pending; size = $2; file = $3; pending = ""; take(); next }
    { pending = "" }
    function take(   n, obj) {
      if (file !~ /libtnm_core\.a\(/) return
      obj = file; sub(/.*libtnm_core\.a\(/, "", obj); sub(/\.c\.obj\)$|\.obj\)$|\)$/, "", obj)
      n = strtonum_hex(size)
      if (sect ~ /^\.text/) text[obj] += n
      else if (sect ~ /^\.rodata/) ro[obj] += n
      else if (sect ~ /^\.(data|bss|sdata|sbss)/) rw[obj] += n
      seen[obj] = 1
    }
    function strtonum_hex(s,   i, c, v) {
      v = 0; s = tolower(substr(s, 3))
      for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
      return v
    }
    END {
      printf "%-28s %8s %8s %8s\n", "object", ".text", ".rodata", "data+bss"
      for (o in seen) printf "%-28s %8d %8d %8d\n", o, text[o], ro[o], rw[o] | "sort"
      close("sort")
      for (o in seen) { tt += text[o]; tr += ro[o]; tw += rw[o] }
      printf "%-28s %8d %8d %8d\n", "TOTAL (core)", tt, tr, tw
      # The KWS op set (conv, depthwise, fc, average pool, softmax, reshape + runtime)
      # does not need the ADD/MUL and QUANTIZE objects the runtime also dispatches to.
      k = tt - text["tnm_elementwise_s8"] - text["tnm_quantize"]
      printf "%-28s %8d\n", "KWS op set (core - elementwise - quantize)", k
    }' "$dir/tnm_size_app.map"
  prefix=arm-none-eabi-; [ "$t" = rv32 ] && prefix=riscv64-unknown-elf-
  "${prefix}size" "$dir/tnm_size_app" | awk 'NR == 2 { printf "whole image (startup, libc, size_main): text %d, data %d, bss %d (bss includes the 256 KB stack)\n", $1, $2, $3 }'
done
exit "$status"
