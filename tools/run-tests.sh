#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed, N skipped".
#   1. native C tests (ctest), Release build
#   2. the same native tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the C# tests (dotnet test on the host solution filter; builds the native library itself)
#   3b. the device projects compiled against the real nanoFramework mscorlib, and the number of
#      device tests a complete run on a board must report (tools/TinyMl.DeviceCheck --corlib)
#   3c. the tinyml .NET tool: packed, installed into a temporary tool path, `tinyml --help` run once
#   3d. fuzz smoke: every libFuzzer target and the C# .tflite fuzzer for a fixed number of
#      runs (tools/fuzz/run.sh --smoke; long runs are by hand, see tools/fuzz/README.md)
#   3e. the strict firmware compile: every source the nanoFramework interop module adds, with the
#      board targets' warnings as errors, for host, Cortex-M4/M7 and rv32
#      (native-kernels/nanoframework/compile-check/strict-build.sh)
#   4. the native tests and model runs on emulated Cortex-M / RISC-V cores, when the cross
#      toolchains and QEMU are installed (tools/qemu/install-toolchains.sh installs them)
# Each stage streams as it runs (failures at once, a running count of results); its whole
# output is in build/test-logs/<stage>.log.
# Reference data: ../shared (or $TINYML_SHARED); tests that need it skip when it is absent.
# Exit status: 0 when nothing failed.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/build/test-logs"
mkdir -p "$out"
jobs="$(nproc 2>/dev/null || echo 2)"

# Streams a stage as it runs: the command's whole output goes to LOG; lines matching SHOW are
# printed at once (indented), and every 25 lines matching COUNT a running count, so a stage
# that takes minutes shows its progress.  stream_stage LOG SHOW COUNT command...
stream_stage() {
  local log="$1" show="$2" count="$3"; shift 3
  "$@" 2>&1 | tee "$log" | awk -v show="$show" -v count="$count" '
    show != "" && $0 ~ show { print "   " $0; fflush() }
    count != "" && $0 ~ count { n++; if (n % 25 == 0) { print "   ... " n " done"; fflush() } }'
  return "${PIPESTATUS[0]}"
}

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
  stream_stage "$log" 'Test +#.*\*\*\*|tests passed|SKIP' 'Test +#[0-9]+: ' \
    ctest --test-dir "$dir" --output-on-failure -j "$jobs"
  add_counts $(count_ctest "$log")
}

run_native native -DCMAKE_BUILD_TYPE=Release -DTNM_BUILD_TESTS=ON
run_native native-asan -DCMAKE_BUILD_TYPE=Debug -DTNM_BUILD_TESTS=ON -DTNM_SANITIZE=ON -DTNM_BUILD_SHARED=OFF

echo "== C# tests (dotnet test TinyMl.Nano.Host.slnf)"
log="$out/dotnet.log"
# Normal console verbosity prints one line per test as it finishes ("  Passed Name [3 ms]"):
# failures and projects being built are shown at once, passes as a running count.
stream_stage "$log" ' -> /|error|^ +Failed |^Total tests' '^ +(Passed|Failed|Skipped) [^ ]' \
  dotnet test TinyMl.Nano.Host.slnf -c Release --logger "console;verbosity=normal"
# One "Total tests: N" block per test assembly; count the per-test result lines.
if ! grep -qE '^Total tests: ' "$log"; then
  echo "   dotnet test produced no test summary (build failure?):"
  tail -n 30 "$log" | sed 's/^/   /'
  add_counts 0 1 0
else
  add_counts "$(grep -cE '^ +Passed [^ ]' "$log")" "$(grep -cE '^ +Failed [^ ]' "$log")" "$(grep -cE '^ +Skipped [^ ]' "$log")"
fi

echo "== device projects against the real nanoFramework mscorlib (TinyMl.DeviceCheck --corlib)"
log="$out/device-corlib.log"
dll=tools/TinyMl.DeviceCheck/bin/Release/net10.0/TinyMl.DeviceCheck.dll
if [ -f "$dll" ] && dotnet "$dll" --corlib >"$log" 2>&1; then
  add_counts 1 0 0
else
  [ -f "$dll" ] || echo "TinyMl.DeviceCheck was not built (see the C# tests above)" >>"$log"
  add_counts 0 1 0
fi
sed 's/^/   /' "$log" | tail -n 60

echo "== the tinyml .NET tool (dotnet pack, dotnet tool install, tinyml --help)"
log="$out/dotnet-tool.log"
tool_dir="$(mktemp -d)"
if { dotnet pack tools/tinyml -c Release -o "$tool_dir/packages" &&
     dotnet tool install --tool-path "$tool_dir/bin" --add-source "$tool_dir/packages" tinyml &&
     "$tool_dir/bin/tinyml" --help; } >"$log" 2>&1 && grep -q 'Usage:' "$log"; then
  echo "   installed and ran: $(grep -m1 -E 'was successfully installed' "$log")"
  add_counts 1 0 0
else
  tail -n 30 "$log" | sed 's/^/   /'
  add_counts 0 1 0
fi
rm -rf "$tool_dir"

# Adds the counts of a stage log that ends with "N passed, N failed[, N skipped]"; a stage
# without that line failed.
add_stage_counts() {
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -n "$line" ]; then
    set -- $(echo "$line" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/')
    add_counts "$1" "$2" "${3:-0}"
  else
    add_counts 0 1 0
  fi
}

echo "== fuzz smoke (tools/fuzz/run.sh --smoke)"
stream_stage "$out/fuzz.log" '^target |^[a-z_0-9]+ +[0-9?]+ |FAILED|passed, ' '' tools/fuzz/run.sh --smoke
add_stage_counts "$out/fuzz.log"

echo "== strict firmware compile (native-kernels/nanoframework/compile-check/strict-build.sh)"
stream_stage "$out/strict-build.log" 'FAIL|passed, ' 'PASS' native-kernels/nanoframework/compile-check/strict-build.sh
add_stage_counts "$out/strict-build.log"

if [ -x tools/qemu/run-tests.sh ]; then
  echo "== emulated targets (tools/qemu/run-tests.sh)"
  log="$out/qemu.log"
  stream_stage "$log" '.' '' tools/qemu/run-tests.sh
  # run-tests.sh ends with its own "N passed, N failed, N skipped" line.
  add_stage_counts "$log"
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
