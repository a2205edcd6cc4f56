#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed, N skipped".
#   1. native C tests (ctest), Release build
#   2. the same native tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the C# tests (dotnet test on the host solution filter; builds the native library itself)
#   4. the strict firmware compile: every source the nanoFramework interop module adds, with the
#      board targets' warnings as errors, for host, Cortex-M4/M7 and rv32
#      (native-kernels/nanoframework/compile-check/strict-build.sh)
#   5. the native tests and model runs on emulated Cortex-M / RISC-V cores, when the cross
#      toolchains and QEMU are installed (tools/qemu/install-toolchains.sh installs them)
# Reference data: ../shared (or $TINYML_SHARED); tests that need it skip when it is absent.
# Exit status: 0 when nothing failed.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/build/test-logs"
mkdir -p "$out"
jobs="$(nproc 2>/dev/null || echo 2)"

passed=0; failed=0; skipped=0
add_counts() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3)); }

# Counts ctest's per-test result lines in a log: "Test #3: name ....   Passed".
count_ctest() {
  local log="$1" p f s
  p=$(grep -cE 'Test +#[0-9]+: .* Passed' "$log")
  s=$(grep -cE 'Test +#[0-9]+: .*\*\*\*(Skipped|Not Run)' "$log")
  f=$(grep -cE 'Test +#[0-9]+: .*\*\*\*(Failed|Exception|Timeout)' "$log")
  echo "$p $f $s"
}

run_native() { # name, extra cmake args...
  local name="$1"; shift
  local dir="$root/build/$name" log="$out/$name.log"
  echo "== native tests ($name)"
  if ! { cmake -S native-kernels -B "$dir" "$@" && cmake --build "$dir" -j "$jobs"; } >"$log.build" 2>&1; then
    tail -n 40 "$log.build"
    echo "native build ($name) FAILED"
    add_counts 0 1 0
    return
  fi
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" >"$log" 2>&1
  grep -E 'Test +#|tests passed|SKIP' "$log" | sed 's/^/   /'
  add_counts $(count_ctest "$log")
}

run_native native -DCMAKE_BUILD_TYPE=Release -DTNM_BUILD_TESTS=ON
run_native native-asan -DCMAKE_BUILD_TYPE=Debug -DTNM_BUILD_TESTS=ON -DTNM_SANITIZE=ON -DTNM_BUILD_SHARED=OFF

echo "== C# tests (dotnet test TinyMl.Nano.Host.slnf)"
log="$out/dotnet.log"
dotnet test TinyMl.Nano.Host.slnf -c Release >"$log" 2>&1
grep -E '^(Passed|Failed|Skipped)!|error|Failed [A-Za-z]' "$log" | head -n 60 | sed 's/^/   /'
# One summary line per test assembly: "Passed!  - Failed:  0, Passed: 12, Skipped: 1, Total: 13, ..."
summary=$(grep -E '^(Passed|Failed)! +- Failed: ' "$log")
if [ -z "$summary" ]; then
  echo "   dotnet test produced no test summary (build failure?):"
  tail -n 30 "$log" | sed 's/^/   /'
  add_counts 0 1 0
else
  while read -r line; do
    f=$(echo "$line" | sed -E 's/.*Failed: +([0-9]+).*/\1/')
    p=$(echo "$line" | sed -E 's/.*Passed: +([0-9]+).*/\1/')
    s=$(echo "$line" | sed -E 's/.*Skipped: +([0-9]+).*/\1/')
    add_counts "$p" "$f" "$s"
  done <<<"$summary"
fi

# Adds the counts of a stage's last "N passed, N failed[, N skipped]" line (a failure if none).
add_summary_line() {
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -n "$line" ]; then
    set -- $(echo "$line" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/')
    add_counts "$1" "$2" "${3:-0}"
  else
    add_counts 0 1 0
  fi
}

echo "== strict firmware compile (native-kernels/nanoframework/compile-check/strict-build.sh)"
log="$out/strict-build.log"
native-kernels/nanoframework/compile-check/strict-build.sh >"$log" 2>&1
sed 's/^/   /' "$log" | tail -n 60
add_summary_line "$log"

if [ -x tools/qemu/run-tests.sh ]; then
  echo "== emulated targets (tools/qemu/run-tests.sh)"
  log="$out/qemu.log"
  if tools/qemu/run-tests.sh >"$log" 2>&1; then :; fi
  sed 's/^/   /' "$log" | tail -n 60
  # run-tests.sh ends with its own "N passed, N failed, N skipped" line.
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    set -- $(echo "$line" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/')
    add_counts "$1" "$2" "${3:-0}"
  else
    add_counts 0 1 0
  fi
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
