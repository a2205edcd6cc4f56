#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined), generates
# their seed corpora at run time (../shared models and WAVs, the C blob builder's sample
# models; nothing is committed), runs every target for its share of the time and prints
# executions, coverage and crashes per target. Crashing inputs are kept under
# build/fuzz/artifacts/<target>/ (turn each into a regression test).
#
#   tools/fuzz/run.sh --minutes 30        # long run, by hand
#   tools/fuzz/run.sh --seconds 120       # all targets for two minutes in all
#   tools/fuzz/run.sh --smoke             # CI: a fixed number of runs per target, seed 1
#                                         # (deterministic: same inputs on every run)
#   tools/fuzz/run.sh --minutes 120 --jobs 2   # two targets at a time (one per core): each
#                                         # target gets jobs x the time of a one-at-a-time run
#
# Needs clang and its libFuzzer runtime (Debian: clang libclang-rt-<version>-dev; the
# script installs them with apt-get when missing and it runs as root).
# Last line: "N passed, N failed" (a target passes when it ran and found no crash).
# Exit status 0 when no target failed.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tools/fuzz"
total_seconds=60
smoke=0
jobs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) total_seconds=$(( $2 * 60 )); shift 2 ;;
    --seconds) total_seconds=$2; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (use --minutes N, --seconds N, --smoke, --jobs N)" >&2; exit 2 ;;
  esac
done
case "$jobs" in ''|*[!0-9]*|0) echo "run.sh: --jobs takes a whole number of 1 or more (got '$jobs')" >&2; exit 2 ;; esac
shared="${TINYML_SHARED:-$root/../shared}"
out="$root/build/fuzz"
mkdir -p "$out/bin" "$out/obj" "$out/corpus" "$out/artifacts" "$out/logs"

# ---- toolchain ------------------------------------------------------------------
cc=""
for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
  if command -v "$c" >/dev/null 2>&1; then cc="$c"; break; fi
done
probe() { echo 'int LLVMFuzzerTestOneInput(const unsigned char*d,unsigned long n){(void)d;(void)n;return 0;}' \
            > "$out/probe.c" && "$cc" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" >/dev/null 2>&1; }
if [ -z "$cc" ] || ! probe; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "fuzz: installing clang and libFuzzer (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang \
      "libclang-rt-$(apt-cache policy clang | sed -nE 's/.*Candidate: 1:([0-9]+).*/\1/p')-dev") >/dev/null 2>&1
    cc=clang
  fi
fi
if [ -z "$cc" ] || ! probe; then
  echo "fuzz: clang with libFuzzer is not available (apt-get install clang libclang-rt-<ver>-dev)"
  echo "0 passed, 1 failed"
  exit 1
fi

# ---- build ----------------------------------------------------------------------
nk="$root/native-kernels"
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-std=c99 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wno-unused-parameter $san -I$nk/include -I$nk/src/kernels -I$nk/src/runtime -I$nk/src/frontend"
core_sources=$(ls "$nk"/src/kernels/*.c "$nk"/src/runtime/*.c "$nk"/src/frontend/*.c 2>/dev/null)
[ -d "$nk/src/ops" ] && core_sources="$core_sources $(ls "$nk"/src/ops/*.c)"
glue_sources=$(ls "$nk"/glue/host/*.c)

build_lib() { # name, extra flags
  local name="$1" extra="$2" objs=() src obj
  mkdir -p "$out/obj/$name"
  for src in $core_sources $glue_sources; do
    obj="$out/obj/$name/$(basename "$src" .c).o"
    "$cc" $cflags -fsanitize=fuzzer-no-link $extra -c "$src" -o "$obj" || return 1
    objs+=("$obj")
  done
  rm -f "$out/obj/lib$name.a"
  ar rcs "$out/obj/lib$name.a" "${objs[@]}"
}
link_target() { # target, source, lib
  "$cc" $cflags -fsanitize=fuzzer -I"$here" -I"$nk/glue/host" "$here/$2" "$out/obj/lib$3.a" -lm -o "$out/bin/$1"
}

echo "== building fuzz targets with $cc"
build_ok=1
build_lib portable "-DTNM_KERNELS_FORCE_PORTABLE" || build_ok=0
build_lib arm_dsp "-DTNM_KERNELS_FORCE_ARM_DSP" || build_ok=0
build_lib rv32 "-DTNM_KERNELS_FORCE_RV32" || build_ok=0
targets=(blob_portable blob_arm_dsp blob_rv32 micro_frontend mfcc logmel vibration interop_args)
if [ $build_ok = 1 ]; then
  link_target blob_portable fuzz_blob.c portable &&
  link_target blob_arm_dsp fuzz_blob.c arm_dsp &&
  link_target blob_rv32 fuzz_blob.c rv32 &&
  link_target micro_frontend fuzz_micro_frontend.c portable &&
  link_target mfcc fuzz_mfcc.c portable &&
  link_target logmel fuzz_logmel.c portable &&
  link_target vibration fuzz_vibration.c portable &&
  link_target interop_args fuzz_interop_args.c portable || build_ok=0
fi
if [ $build_ok = 0 ]; then
  echo "fuzz: build FAILED"
  echo "0 passed, 1 failed"
  exit 1
fi

# ---- seed corpora (generated, never committed) ----------------------------------
echo "== seed corpora"
seeds="$out/seeds"
rm -rf "$seeds"; mkdir -p "$seeds/blob" "$seeds/audio" "$seeds/vibration" "$seeds/interop"
"$cc" -std=c99 -O1 -I"$nk/include" -I"$nk/tests/support" "$here/gen_seeds.c" \
  "$nk/tests/support/tnm_blob_builder.c" "$nk/tests/support/tnm_test.c" $core_sources -lm \
  -o "$out/gen_seeds" 2>"$out/logs/gen_seeds.log" && "$out/gen_seeds" "$seeds/blob" 24 \
  || echo "   (sample-model seeds unavailable: see $out/logs/gen_seeds.log)"
# The real models, compiled by the tinyml CLI when it is built (kept under 64 KB so
# mutations stay fast; the AD autoencoder's 272 KB blob is left out).
cli=$(ls "$root"/tools/tinyml/bin/*/net*/tinyml.dll 2>/dev/null | head -n 1)
if [ -z "$cli" ] && [ -d "$shared/models" ] && command -v dotnet >/dev/null 2>&1; then
  echo "   building the tinyml CLI for the model seeds"
  dotnet build "$root/tools/tinyml" -c Release -v q -nologo >"$out/logs/cli-build.log" 2>&1 \
    || echo "   (tinyml CLI build failed: see $out/logs/cli-build.log)"
  cli=$(ls "$root"/tools/tinyml/bin/Release/net*/tinyml.dll 2>/dev/null | head -n 1)
fi
if [ -n "$cli" ] && [ -d "$shared/models" ]; then
  for m in kws_ref_model micro_speech_quantized okay_nabu_v2 trained_lstm_int8; do
    [ -f "$shared/models/$m.tflite" ] || continue
    dotnet "$cli" compile "$shared/models/$m.tflite" -o "$seeds/blob/$m.tnm" >/dev/null 2>&1 || rm -f "$seeds/blob/$m.tnm"
    if [ -f "$seeds/blob/$m.tnm" ] && [ "$(stat -c %s "$seeds/blob/$m.tnm")" -gt 65536 ]; then rm -f "$seeds/blob/$m.tnm"; fi
  done
else
  echo "   (no tinyml CLI or no ../shared: model seeds skipped)"
fi
# Audio front ends: argument bytes that choose the valid values, then PCM from the WAVs.
if [ -d "$shared/audio" ]; then
  for w in "$shared"/audio/*.wav; do
    b=$(basename "$w" .wav)
    { printf '\004\004\004'; tail -c +45 "$w" | head -c 12000; } > "$seeds/audio/micro_$b"
    { printf '\000\000\000\004\004\004'; tail -c +45 "$w" | head -c 12000; } > "$seeds/audio/params_$b"
  done
fi
# Vibration: window 256, 16 bands, default quantization, valid sizes, small samples.
# Deterministic filler (a linear congruential sequence), so the seeds are the same every run.
lcg_bytes() { awk -v n="$1" 'BEGIN { x = 12345; for (i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; printf "%c", int(x / 65536) % 256 } }'; }
{ printf '\001\010\001\004\000\000\004\004\004'; LC_ALL=C lcg_bytes 4000; } > "$seeds/vibration/v256"
LC_ALL=C lcg_bytes 64 > "$seeds/interop/random"

corpus_for() {
  case "$1" in
    blob_*) echo "$seeds/blob" ;;
    micro_frontend|mfcc|logmel) echo "$seeds/audio" ;;
    vibration) echo "$seeds/vibration" ;;
    *) echo "$seeds/interop" ;;
  esac
}
smoke_runs_for() { # about 60 s in all on one core of the CI machine
  case "$1" in
    blob_*) echo 20000 ;;
    micro_frontend) echo 1500 ;;
    mfcc) echo 600 ;;
    logmel) echo 200 ;;
    vibration) echo 3000 ;;
    *) echo 30000 ;;
  esac
}
max_len_for() {
  case "$1" in
    blob_*) echo 65536 ;;
    micro_frontend|mfcc|logmel) echo 16384 ;;
    vibration) echo 32768 ;;
    *) echo 4096 ;;
  esac
}

# ---- run ------------------------------------------------------------------------
# The C# .tflite fuzzer (tools/TinyMl.Fuzz, seeded structure-aware mutations of the reader,
# compiler and runtime) runs as one more target with the same share of the time.
csharp=0
if command -v dotnet >/dev/null 2>&1; then
  csharp=1
  dll="$root/tools/TinyMl.Fuzz/bin/Release/net10.0/TinyMl.Fuzz.dll"
  dotnet build "$root/tools/TinyMl.Fuzz" -c Release -v q -nologo >"$out/logs/tflite_build.log" 2>&1
fi
runs=$(( ${#targets[@]} + csharp ))
# `jobs` targets run at once; every target gets the same time, and the runs fill the total.
rounds=$(( (runs + jobs - 1) / jobs ))
per=$(( total_seconds / rounds ))
[ "$per" -lt 3 ] && per=3
if [ $smoke = 1 ]; then
  echo "== smoke: ${#targets[@]} targets + tflite_compiler, fixed runs, seed 1"
else
  echo "== running ${#targets[@]} targets + tflite_compiler, ${per}s each, $jobs at a time"
fi
printf '%-16s %14s %10s %10s %8s\n' target executions coverage features crashes
results="$out/results"
rm -rf "$results"; mkdir -p "$results"

# run_libfuzzer TARGET: runs it, prints its row, leaves "<executions> <0 passed|1 failed>" in
# $results/TARGET (and the lines that say why it failed).
run_libfuzzer() {
  local t="$1" corpus="$out/corpus/$1" art="$out/artifacts/$1" log="$out/logs/$1.log"
  local budget regressions rc execs cov ft crashes
  mkdir -p "$corpus" "$art"
  if [ $smoke = 1 ]; then
    rm -rf "$corpus"; mkdir -p "$corpus"   # a fresh corpus: the same inputs every time
    budget="-runs=$(smoke_runs_for "$t") -seed=1"
  else
    budget="-max_total_time=$per"
  fi
  # Inputs that once crashed or hung this target are replayed first (tools/fuzz/regressions).
  regressions=$(ls "$here"/regressions/"$t"-* 2>/dev/null)
  if [ -n "$regressions" ] && ! "$out/bin/$t" -timeout=10 $regressions >"$out/logs/$t.regressions.log" 2>&1; then
    printf '%-16s %14s %10s %10s %8s\n' "$t" - - - "replay"
    { echo "0 1"; echo "   $t FAILED on a saved regression input: log $out/logs/$t.regressions.log"; } >"$results/$t"
    return
  fi
  "$out/bin/$t" "$corpus" "$(corpus_for "$t")" $budget -max_len="$(max_len_for "$t")" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$art/" >"$log" 2>&1
  rc=$?
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | awk '{print $2}')
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -n 1 | awk '{print $2}')
  crashes=$(ls "$art" 2>/dev/null | wc -l)
  printf '%-16s %14s %10s %10s %8s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes"
  if [ $rc -eq 0 ] && [ "$crashes" -eq 0 ] && [ -n "$execs" ]; then
    echo "${execs} 0" >"$results/$t"
  else
    { echo "${execs:-0} 1"; echo "   $t FAILED (exit $rc): log $log, inputs in $art"
      grep -E 'ERROR|SUMMARY|abort|accepted blob' "$log" | head -n 5 | sed 's/^/   /'; } >"$results/$t"
  fi
}

run_csharp() {
  local log="$out/logs/tflite_compiler.log" rc line execs found
  (cd "$root" && TINYML_SHARED="$shared" dotnet "$dll" $([ $smoke = 1 ] && echo "--iterations 4000 --seed 1" || echo "--seconds $per") --findings "$out/artifacts/tflite_compiler") >"$log" 2>&1
  rc=$?
  line=$(grep -E '^tflite_compiler: ' "$log" | tail -n 1)
  execs=$(echo "$line" | sed -nE 's/^tflite_compiler: ([0-9]+) executions.*/\1/p')
  found=$(echo "$line" | sed -nE 's/.* ([0-9]+) findings.*/\1/p')
  printf '%-16s %14s %10s %10s %8s\n' tflite_compiler "${execs:-?}" - - "${found:-?}"
  if [ $rc -eq 0 ] && [ -n "$line" ]; then
    echo "${execs:-0} 0" >"$results/tflite_compiler"
  else
    { echo "${execs:-0} 1"; echo "   tflite_compiler FAILED (exit $rc): log $log"
      grep -E 'finding|skipped|error' "$log" | head -n 5 | sed 's/^/   /'; } >"$results/tflite_compiler"
  fi
}

all=("${targets[@]}"); [ $csharp = 1 ] && all+=(tflite_compiler)
for t in "${all[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  if [ "$t" = tflite_compiler ]; then run_csharp & else run_libfuzzer "$t" & fi
done
wait

passed=0; failed=0; total_execs=0
for t in "${all[@]}"; do
  if [ ! -f "$results/$t" ]; then
    echo "   $t FAILED: it left no result"; failed=$((failed + 1)); continue
  fi
  read -r execs bad <"$results/$t"
  total_execs=$(( total_execs + execs ))
  if [ "$bad" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); tail -n +2 "$results/$t"; fi
done
echo "total executions: $total_execs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
