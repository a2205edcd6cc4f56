#!/usr/bin/env bash
# Cross-builds native-kernels for each emulated target, runs every C test
# (tests/test_*.c) on the emulated core through ctest, and proves the instruction
# counter exact and deterministic (tnm_count_selftest, run twice, outputs compared).
# Then, when dotnet and the reference data are there, compiles the MLPerf Tiny KWS and
# AD models with the tinyml CLI and runs them on the targets (bench.sh): output bit-exact
# with TFLM's golden output (seeds 1-3 on the first target, seed 1 on the others), and
# the first target's counts identical over two runs.
# Ends with "N passed, N failed, N skipped" (tests x targets); exit 1 if any failed.
#   TNM_QEMU_TARGETS  targets to run (default: "m4 m7 m33 rv32")
#   TINYML_SHARED     reference data (default: ../shared beside the repo)
#   TNM_QEMU_BUILD    build root (default: <repo>/build/qemu)
#   TNM_TEST_SCALE    divisor for randomized test iteration counts (default 1)
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build_root="${TNM_QEMU_BUILD:-$root/build/qemu}"
targets="${TNM_QEMU_TARGETS:-m4 m7 m33 rv32}"
jobs="$(nproc 2>/dev/null || echo 2)"
passed=0; failed=0; skipped=0

toolchain_of() {
  case "$1" in
    m4) echo "cortex-m4 mps2-an386 arm-none-eabi-gcc qemu-system-arm" ;;
    m7) echo "cortex-m7 mps2-an500 arm-none-eabi-gcc qemu-system-arm" ;;
    m33) echo "cortex-m33 mps2-an505 arm-none-eabi-gcc qemu-system-arm" ;;
    rv32) echo "rv32imc riscv32-virt riscv64-unknown-elf-gcc qemu-system-riscv32" ;;
    *) return 1 ;;
  esac
}

for t in $targets; do
  if ! spec="$(toolchain_of "$t")"; then
    echo "[$t] unknown target"; failed=$((failed + 1)); continue
  fi
  set -- $spec
  toolchain="$1"; board="$2"; cc="$3"; emu="$4"
  if ! command -v "$cc" >/dev/null || ! command -v "$emu" >/dev/null; then
    echo "[$t] SKIP: $cc or $emu not installed (tools/qemu/install-toolchains.sh)"
    skipped=$((skipped + 1)); continue
  fi
  dir="$build_root/$t"
  log="$dir.log"
  mkdir -p "$build_root"
  if ! { nice cmake -S "$root/native-kernels" -B "$dir" \
           -DCMAKE_TOOLCHAIN_FILE="$root/native-kernels/cmake/toolchain-$toolchain.cmake" \
           -DCMAKE_BUILD_TYPE=Release -DTNM_BUILD_SHARED=OFF -DTNM_TEST_SCALE="${TNM_TEST_SCALE:-1}" \
         && nice cmake --build "$dir" -j "$jobs"; } >"$log" 2>&1; then
    tail -n 30 "$log"
    echo "[$t] build FAILED ($log)"
    failed=$((failed + 1)); continue
  fi
  start=$(date +%s)
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" >"$dir.ctest.log" 2>&1
  p=$(grep -cE 'Test +#[0-9]+: .* Passed' "$dir.ctest.log")
  s=$(grep -cE 'Test +#[0-9]+: .*\*\*\*(Skipped|Not Run)' "$dir.ctest.log")
  f=$(grep -cE 'Test +#[0-9]+: .*\*\*\*(Failed|Exception|Timeout)' "$dir.ctest.log")
  passed=$((passed + p)); skipped=$((skipped + s)); failed=$((failed + f))
  echo "[$t] $board: $p passed, $f failed, $s skipped in $(( $(date +%s) - start ))s"
  grep -E 'Test +#[0-9]+: .*\*\*\*' "$dir.ctest.log" | sed "s/^/[$t]   /"
  if [ "$f" != 0 ]; then
    grep -E 'check failed|is .*expected|TARGET FAULT' "$dir.ctest.log" | head -n 20 | sed "s/^/[$t]   /"
  fi

  # Instruction counter: exact on known code, and the same figures on a second run.
  if "$here/count.sh" "$board" "$dir/tnm_count_selftest" >"$dir.count1" 2>/dev/null \
     && "$here/count.sh" "$board" "$dir/tnm_count_selftest" >"$dir.count2" 2>/dev/null \
     && cmp -s "$dir.count1" "$dir.count2"; then
    echo "[$t] instruction counter: exact and deterministic ($(grep checksum_4k_a "$dir.count1" | sed 's/.*insns=\([0-9]*\).*/checksum 4 KB = \1 insns/'))"
    passed=$((passed + 1))
  else
    echo "[$t] instruction counter check FAILED:"
    cat "$dir.count1" "$dir.count2" 2>/dev/null | sed "s/^/[$t]   /"
    failed=$((failed + 1))
  fi
  # The per-address profile (profile.sh) adds up to the count from the first mark to the end.
  TNM_COUNT_OUT="$dir.pmarks" TNM_PROFILE_OUT="$dir.prof" "$here/run-elf.sh" "$board" \
    "$dir/tnm_count_selftest" >/dev/null 2>&1
  expect_prof="$(awk '$1 == "mark" && $2 == 0 {m = $3} $1 == "total" {t = $2} END {if (m != "" && t != "") print t - m}' "$dir.pmarks" 2>/dev/null)"
  got_prof="$(awk '{s += $2} END {print s + 0}' "$dir.prof" 2>/dev/null)"
  if [ -n "$expect_prof" ] && [ "$expect_prof" = "$got_prof" ]; then
    echo "[$t] instruction profile: per-address counts add up to the counted total ($got_prof)"
    passed=$((passed + 1))
  else
    echo "[$t] instruction profile check FAILED: per-address sum ${got_prof:-none}, counted ${expect_prof:-none}"
    failed=$((failed + 1))
  fi
done

# Model runs on the targets, bit-exact against TFLM's golden outputs.
shared="${TINYML_SHARED:-$(cd "$root/.." && pwd)/shared}"
models_dir="$build_root/models"
if ! command -v dotnet >/dev/null; then
  echo "[models] SKIP: dotnet not installed (needed to compile the models)"; skipped=$((skipped + 1))
elif [ ! -f "$shared/models/kws_ref_model.tflite" ]; then
  echo "[models] SKIP: reference data not found at $shared"; skipped=$((skipped + 1))
elif ! nice dotnet build "$root/tools/tinyml/tinyml.csproj" --artifacts-path "$build_root/tinyml-art" \
       >"$build_root/tinyml-build.log" 2>&1; then
  tail -n 20 "$build_root/tinyml-build.log"; echo "[models] tinyml build FAILED"; failed=$((failed + 1))
else
  tinyml_dll="$(ls "$build_root"/tinyml-art/bin/tinyml/*/tinyml.dll | head -1)"
  mkdir -p "$models_dir"
  first=1
  for t in $targets; do
    spec="$(toolchain_of "$t")" || continue
    set -- $spec
    command -v "$3" >/dev/null && command -v "$4" >/dev/null || continue
    for m in kws_ref_model ad01_int8; do
      if [ ! -f "$models_dir/$m.tnm" ] || [ "$shared/models/$m.tflite" -nt "$models_dir/$m.tnm" ]; then
        dotnet "$tinyml_dll" compile "$shared/models/$m.tflite" -o "$models_dir/$m.tnm" >"$models_dir/$m.compile.log" 2>&1 \
          || { echo "[models] compile $m FAILED"; cat "$models_dir/$m.compile.log"; failed=$((failed + 1)); continue; }
      fi
      seeds="1"; [ "$first" = 1 ] && seeds="1 2 3"
      for seed in $seeds; do
        g="$shared/golden/$m/seed$seed"
        twice=0; [ "$first" = 1 ] && [ "$seed" = 1 ] && twice=1
        blog="$build_root/bench-$t-$m-seed$seed.txt"
        if TNM_QEMU_BUILD="$build_root" TNM_BENCH_TWICE=$twice \
             "$here/bench.sh" "$models_dir/$m.tnm" "$g/input.bin" "$g/output.bin" "$t" >"$blog" 2>&1; then
          total="$(awk '$1 == "TOTAL" { print $3 " insns, " $4 "/MAC" }' "$blog")"
          echo "[$t] $m seed$seed: bit-exact, $total$( [ $twice = 1 ] && echo ', identical on a second run')"
          passed=$((passed + 1))
        else
          echo "[$t] $m seed$seed FAILED:"; tail -n 8 "$blog" | sed "s/^/[$t]   /"
          failed=$((failed + 1))
        fi
      done
    done
    first=0
  done
  # Kernel paths (native-kernels/include/tnm/tnm_variants.def) on the first target: each model
  # built with only the paths `tinyml compile --emit-c` declares for it runs bit-exact in no
  # more instructions than the full build (the declared set is enough; fewer where a smaller
  # scratch query runs at each layer's check), and built with
  # none (every convolution through the generic loop) still bit-exact.
  # shellcheck source=variant-mask.sh
  . "$here/variant-mask.sh"
  for t in $targets; do
    spec="$(toolchain_of "$t")" || continue
    set -- $spec
    command -v "$3" >/dev/null && command -v "$4" >/dev/null || continue
    case "$t" in m4|m7|m33) ;; *) break ;; esac # the paths are the Cortex-M DSP variant's
    for m in kws_ref_model ad01_int8 vww_96_int8 pretrainedResnet_quant; do
      g="$shared/golden/$m/seed1"
      [ -f "$shared/models/$m.tflite" ] && [ -f "$g/input.bin" ] || continue
      if ! dotnet "$tinyml_dll" compile "$shared/models/$m.tflite" -o "$models_dir/$m.paths.tnm" \
             --emit-c "$models_dir/$m.paths.c" >"$models_dir/$m.paths.log" 2>&1; then
        echo "[paths] compile $m FAILED"; cat "$models_dir/$m.paths.log"; failed=$((failed + 1)); continue
      fi
      own="$(variant_mask "$(sed -n 's/^#define TNM_FLASH_MODELS_VARIANT_SET //p' "$models_dir/$m.paths.c")" "$root")" \
        || { echo "[paths] $m: no variant set"; failed=$((failed + 1)); continue; }
      full_log="$build_root/paths-$t-$m-full.txt"
      full="$(awk '$1 == "TOTAL" { print $3 }' "$build_root/bench-$t-$m-seed1.txt" 2>/dev/null)"
      if [ -z "$full" ]; then
        TNM_QEMU_BUILD="$build_root" "$here/bench.sh" "$models_dir/$m.paths.tnm" "$g/input.bin" "$g/output.bin" "$t" >"$full_log" 2>&1
        full="$(awk '$1 == "TOTAL" { print $3 }' "$full_log")"
      fi
      for set_ in "$own" 0u; do
        blog="$build_root/paths-$t-$m-$set_.txt"
        if TNM_QEMU_BUILD="$build_root" TNM_BENCH_VARIANT_SET="$set_" \
             "$here/bench.sh" "$models_dir/$m.paths.tnm" "$g/input.bin" "$g/output.bin" "$t" >"$blog" 2>&1; then
          total="$(awk '$1 == "TOTAL" { print $3 }' "$blog")"
          # its own set may not be slower than every path; 0.01% allowed for code placement
          # (the two builds allocate registers differently around a left-out path's branch,
          # a few instructions per call), while a missing path costs whole multiples
          if [ "$set_" = "$own" ] && { [ -z "$full" ] || [ "$total" -gt $((full + full / 10000)) ]; }; then
            echo "[$t] $m with its own kernel paths $own: bit-exact but $total insns, ${full:-no count} with every path"
            failed=$((failed + 1))
          else
            echo "[$t] $m with kernel paths $set_$( [ "$set_" = "$own" ] && echo ' (its own)'): bit-exact, $total insns$( [ "$set_" = "$own" ] && echo ", $full with every path")"
            passed=$((passed + 1))
          fi
        else
          echo "[$t] $m with kernel paths $set_ FAILED:"; tail -n 8 "$blog" | sed "s/^/[$t]   /"
          failed=$((failed + 1))
        fi
      done
    done
    break
  done
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
