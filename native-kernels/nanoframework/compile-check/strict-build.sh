#!/usr/bin/env bash
# Strict cross-compile of everything the firmware build adds for TinyMl.Nano.Interop.
#
# nf-interpreter compiles board targets with -Wall -Wextra -Werror -Wundef -Wshadow (C at
# -std=gnu2x on ARM, C++ with -fno-exceptions), and on arm-none-eabi and ESP-IDF int32_t is
# `long`, not `int`. This script compiles (-c only) every source that
# ../FindINTEROP-TinyMl.Nano.Interop.cmake adds, with that warning set as errors:
#   C (.c)    at -std=gnu2x (as the firmware) and -std=c99 (ours)
#   C++ (.cpp, the nanoCLR handlers and method table) at the gnu++ standard nf-interpreter uses
#             (gnu++23 for ARM targets, gnu++17 for ESP32 targets; the host does both), against
#             nanoclr_compile_check.h here instead of nf-interpreter's headers
# for the host compiler, arm-none-eabi (Cortex-M4 and Cortex-M7 board flags) and
# riscv64-unknown-elf (rv32imc, ilp32). Then it checks that the flags catch what they must
# (a probe per error class that has to FAIL to compile).
#
# One test per compiler x language standard, plus the probes. Ends with
# "N passed, N failed, N skipped"; exit 1 if any failed. A cross compiler that is not installed
# (tools/qemu/install-toolchains.sh installs them) skips its tests.
#   TNM_STRICT_BUILD  work folder (default: <repo>/build/strict)
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
native="$(cd "$here/../.." && pwd)"
work="${TNM_STRICT_BUILD:-$native/../build/strict}"
mkdir -p "$work"
jobs="$(nproc 2>/dev/null || echo 2)"
passed=0; failed=0; skipped=0

# The warning set of nf-interpreter's board targets (CMake/Modules/CHIBIOS_STM32F7xx_GCC_options.cmake
# and its siblings), size-optimized as a MinSizeRel firmware (some warnings need the optimizer).
strict=(-Wall -Wextra -Werror -Wundef -Wshadow -Wimplicit-fallthrough
        -fshort-wchar -fno-builtin -fno-common -ffunction-sections -fdata-sections -Os)
cxx_only=(-fno-exceptions -fcheck-new)

# name | C compiler | C++ compiler | C++ standards | target flags
configs=(
  "host|gcc|g++|gnu++23 gnu++17|"
  "cortex-m4|arm-none-eabi-gcc|arm-none-eabi-g++|gnu++23|-mthumb -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard -mabi=aapcs -DPLATFORM_ARM"
  "cortex-m7|arm-none-eabi-gcc|arm-none-eabi-g++|gnu++23|-mthumb -mcpu=cortex-m7 -mfpu=fpv5-sp-d16 -mfloat-abi=hard -mabi=aapcs -DPLATFORM_ARM"
  "rv32imc|riscv64-unknown-elf-gcc|riscv64-unknown-elf-g++|gnu++17|-march=rv32imc -mabi=ilp32 --specs=picolibc.specs -DPLATFORM_ESP32"
)

# The module's own lists: its sources and include folders (nf-interpreter's folders are under a
# PROJECT_SOURCE_DIR that does not exist here; nanoclr_compile_check.h stands in for them).
fake_nf="/nf-interpreter-not-here"
module_out="$(cmake -DPROJECT_SOURCE_DIR="$fake_nf" -DTINYML_NANO_NATIVE_DIR="$native" \
                    -DTNM_MODULE="$native/nanoframework/FindINTEROP-TinyMl.Nano.Interop.cmake" \
                    -P "$here/list-module.cmake" 2>&1)"
c_sources=(); cxx_sources=(); includes=(-I"$here")
while read -r kind value; do
  case "$kind" in
    SOURCE) case "$value" in *.c) c_sources+=("$value") ;; *.cpp) cxx_sources+=("$value") ;; esac ;;
    INCLUDE) case "$value" in "$fake_nf"/*) ;; *) includes+=(-I"$value") ;; esac ;;
  esac
done <<<"$module_out"
if [ ${#c_sources[@]} -eq 0 ] || [ ${#cxx_sources[@]} -eq 0 ]; then
  echo "$module_out"
  echo "strict-build: could not read the sources of FindINTEROP-TinyMl.Nano.Interop.cmake"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
echo "strict-build: ${#c_sources[@]} C and ${#cxx_sources[@]} C++ sources from FindINTEROP-TinyMl.Nano.Interop.cmake"

# compile_all name compiler log flags... -- sources...: every source into $work/name; PASS or FAIL.
compile_all() {
  local name="$1" compiler="$2" log="$work/$1.log" flags=() sources=() rc=0 src obj
  shift 2
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  sources=("$@")
  rm -rf "${work:?}/$name"
  mkdir -p "$work/$name"
  local running=0
  for src in "${sources[@]}"; do
    obj="$work/$name/$(basename "$src").o"
    { $compiler "${flags[@]}" -c "$src" -o "$obj" >"$obj.log" 2>&1 || : >"$obj.failed"; } &
    running=$((running + 1))
    if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  done
  wait
  cat "$work/$name"/*.log >"$log"
  if ls "$work/$name"/*.failed >/dev/null 2>&1; then rc=1; fi
  if [ $rc -eq 0 ]; then
    echo "PASS $name (${#sources[@]} files)"
    passed=$((passed + 1))
  else
    echo "FAIL $name ($log):"
    grep -E 'error|warning' "$log" | head -n 20 | sed 's/^/    /'
    failed=$((failed + 1))
  fi
}

for config in "${configs[@]}"; do
  IFS='|' read -r name cc cxx cxx_stds target <<<"$config"
  read -r -a target_flags <<<"$target"
  if ! command -v "$cc" >/dev/null || ! command -v "$cxx" >/dev/null; then
    n=$((2 + $(wc -w <<<"$cxx_stds")))
    echo "SKIP $name: $cc or $cxx not installed (tools/qemu/install-toolchains.sh) ($n tests)"
    skipped=$((skipped + n))
    continue
  fi
  for std in gnu2x c99; do
    compile_all "$name-c-$std" "$cc" "${target_flags[@]}" "-std=$std" "${strict[@]}" "${includes[@]}" -- "${c_sources[@]}"
  done
  for std in $cxx_stds; do
    compile_all "$name-cxx-$std" "$cxx" "${target_flags[@]}" "-std=$std" "${strict[@]}" "${cxx_only[@]}" "${includes[@]}" \
      -- "${cxx_sources[@]}"
  done
done

# The check must be able to fail: each probe holds one error class and has to be rejected with
# the flags above (on the compiler named; the probe is skipped when it is missing).
probe() { # name compiler language(c|c++) code expected-message -- flags...
  local name="$1" compiler="$2" lang="$3" code="$4" expect="$5" src log
  shift 6
  if ! command -v "$compiler" >/dev/null; then
    echo "SKIP probe $name: $compiler not installed"; skipped=$((skipped + 1)); return
  fi
  src="$work/probe-$name.$([ "$lang" = c ] && echo c || echo cpp)"
  log="$work/probe-$name.log"
  printf '%s\n' "$code" >"$src"
  if "$compiler" "$@" "${strict[@]}" -c "$src" -o "$work/probe-$name.o" >"$log" 2>&1; then
    echo "FAIL probe $name: compiled, the strict flags do not catch it"; failed=$((failed + 1))
  elif grep -q -- "$expect" "$log"; then
    echo "PASS probe $name (rejected: $expect)"; passed=$((passed + 1))
  else
    echo "FAIL probe $name: rejected for another reason ($log)"; sed 's/^/    /' "$log" | head -n 10; failed=$((failed + 1))
  fi
}

m4="-mthumb -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard -mabi=aapcs"
header='#include "nanoclr_compile_check.h"
#include "tnm/tnm_model.h"'
# shellcheck disable=SC2086
probe int-array-as-int32 arm-none-eabi-g++ c++ "$header
tnm_status f(const CLR_UINT8 *b, CLR_INT32 *info, tnm_error *e) { return tnm_model_info(b, 4u, info, e); }" \
  "invalid conversion" -- $m4 -std=gnu++23 "${cxx_only[@]}" "${includes[@]}"
# (g++ warns only when the other operand is not the enum's promoted type, int: so with an int32_t
# on the device, where it is long, and not on a host where int32_t is int)
probe enum-int-conditional arm-none-eabi-g++ c++ "$header
int32_t f(CLR_UINT32 n, int32_t v) { return n == 0 ? TNM_ERR_ARGUMENT : v; }" \
  "enumerated and non-enumerated" -- $m4 -std=gnu++23 "${cxx_only[@]}" "${includes[@]}"
probe poisoned-strlen g++ c++ "$header
CLR_UINT32 f(const char *s) { return (CLR_UINT32)strlen(s); }" \
  "poisoned_by_nanoPAL" -- -std=gnu++23 "${cxx_only[@]}" "${includes[@]}"
probe unused-parameter arm-none-eabi-gcc c "static int g(int *a) { return 0; }
int f(void) { return g(0); }" \
  "unused parameter" -- $m4 -std=gnu2x

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
