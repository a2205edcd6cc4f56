#!/usr/bin/env bash
# Code size of the KWS operator set plus runtime (issue 6's size goal), on Cortex-M4F by
# default. For -O2 (Release: what the benchmarks and tests use) and -Os (MinSizeRel):
#  1. builds libtnm_core.a with only the KWS operators registered
#     (-DTNM_OP_SET=TNM_OP_SET_KWS: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
#     AVERAGE_POOL_2D, SOFTMAX, RESHAPE; src/runtime/tnm_runtime_internal.h);
#  2. links the minimal program targets/common/size_main.c (check a model, then invoke
#     every layer: the whole runtime API a firmware needs) freestanding, with
#     --gc-sections: no startup code, no semihosting, no C library beyond the routines
#     the core calls (memmove), libgcc for the helpers the compiler calls;
#  3. prints `.text` (and `.rodata`) from the linked ELF's section headers, which is
#     everything in the link (main + core + libgcc helpers + those libc routines), and
#     a per-object breakdown from the link map.
#  The KWS builds also take the kernel paths the KWS model's layers need
#  (-DTNM_VARIANT_SET: the TNM_FLASH_MODELS_VARIANT_SET `tinyml compile --emit-c` writes for
#  kws_ref_model, compiled as by default, in place; include/tnm/tnm_variants.def), so the
#  wrappers leave out the paths it never takes. Without dotnet or the shared models: every path.
# Then the same for the default build (every operator registered), -O2, for reference, and
# for every shared model (../shared/models/*.tflite, or $TINYML_SHARED/models) the program
# built with that model's operator set and kernel paths, -O2: the sets `tinyml compile --emit-c`
# declares (TNM_FLASH_MODELS_OP_SET, TNM_FLASH_MODELS_VARIANT_SET), which a firmware that
# flashes only that model links
# (TNM_SIZE_MODELS=0 skips these builds; models with the same set share one build).
# Also the KWS operator set with the kernel-path masks of TNM_SIZE_KWS_VARIANT_SETS (default "0u
# 0x2u": the generic loops only, and CONV_IM2COL (bit 1) alone), for the size / speed trade-off.
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
prefix=arm-none-eabi-; [ "$t" = rv32 ] && prefix=riscv64-unknown-elf-
build_root="${TNM_QEMU_BUILD:-$root/build/qemu}"
mkdir -p "$build_root"
status=0

# build <dir> <build type> <opt flags> <op set> [variant set]: libtnm_core.a + size_main.c.obj, then
# the freestanding link <dir>/tnm_size.elf with its map <dir>/tnm_size.map.
build() {
  local dir="$1" type="$2" opt="$3" ops="$4" variants="${5:-0xFFFFFFFFu}" flags_var cflags obj
  flags_var="CMAKE_C_FLAGS_$(echo "$type" | tr '[:lower:]' '[:upper:]')"
  if ! { cmake -S "$root/native-kernels" -B "$dir" \
           -DCMAKE_TOOLCHAIN_FILE="$root/native-kernels/cmake/toolchain-$toolchain.cmake" \
           -DCMAKE_BUILD_TYPE="$type" -DTNM_BUILD_SHARED=OFF -DTNM_BUILD_TESTS=OFF \
           "-D$flags_var=$opt -DNDEBUG -DTNM_OP_SET=$ops -DTNM_VARIANT_SET=$variants" \
         && cmake --build "$dir" --target tnm_size_app -j 2; } >"$dir.log" 2>&1; then
    tail -n 20 "$dir.log"; echo "size.sh: build failed ($dir.log)"; return 1
  fi
  cflags="$(sed -n 's/^CMAKE_C_FLAGS:STRING=//p' "$dir/CMakeCache.txt")"
  obj="$(find "$dir/CMakeFiles/tnm_size_app.dir" -name 'size_main.c.obj' | head -n 1)"
  # shellcheck disable=SC2086  # the flags are a word list
  # (picolibc's default script gives flash 64 KB: room for the measurement, not a limit)
  if ! ${prefix}gcc $cflags $opt -nostdlib -nostartfiles -Wl,--gc-sections -Wl,--entry=main \
         -Wl,--defsym=__flash_size=0x400000 \
         -Wl,-Map="$dir/tnm_size.map" -o "$dir/tnm_size.elf" "$obj" "$dir/libtnm_core.a" \
         -lc -lgcc >>"$dir.log" 2>&1; then
    tail -n 20 "$dir.log"; echo "size.sh: link failed ($dir.log)"; return 1
  fi
}

# Bytes of the ELF's section <name> (section headers).
section() { ${prefix}size -A "$1" | awk -v s="$2" '$1 == s { print $2; f = 1 } END { if (!f) print 0 }'; }

# Per object: linked .text and .rodata, from the map (only what --gc-sections kept).
breakdown() {
  awk '
    /^Linker script and memory map/ { inmap = 1; next }
    !inmap { next }
    # An input section: " .text.name  0xADDR  0xSIZE  file" (name may sit alone on the line above).
    /^ \.[A-Za-z_.$0-9-]+$/ { pending = $1; next }
    /^ \.[A-Za-z_.$0-9-]+ +0x[0-9a-f]+ +0x[0-9a-f]+ / { sect = $1; size = $3; file = $4; pending = ""; take(); next }
    pending != "" && /^ +0x[0-9a-f]+ +0x[0-9a-f]+ / { sect = pending; size = $2; file = $3; pending = ""; take(); next }
    { pending = "" }
    function take(   n, obj, lib) {
      n = hex(size)
      if (n == 0) return
      lib = "program"
      if (file ~ /libtnm_core\.a\(/) lib = "core"
      else if (file ~ /libgcc\.a\(/) lib = "libgcc"
      else if (file ~ /libc\.a\(/) lib = "libc"
      obj = file; sub(/.*\(/, "", obj); sub(/\)$/, "", obj); sub(/\.c\.obj$|\.obj$|\.o$/, "", obj)
      sub(/^.*\//, "", obj); sub(/^libc_[a-z]+_|^libc_/, "", obj)
      obj = lib ": " obj
      if (sect ~ /^\.text/) text[obj] += n
      else if (sect ~ /^\.rodata|^\.srodata/) ro[obj] += n
      else return
      seen[obj] = 1
    }
    function hex(s,   i, c, v) {
      v = 0; s = tolower(substr(s, 3))
      for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
      return v
    }
    END {
      printf "  %-34s %7s %8s\n", "object", ".text", ".rodata"
      for (o in seen) printf "  %-34s %7d %8d\n", o, text[o], ro[o] | "sort"
      close("sort")
      tt["libgcc"] += 0; tr["libgcc"] += 0; tt["libc"] += 0; tr["libc"] += 0  # listed even when none
      for (o in seen) { split(o, p, ":"); tt[p[1]] += text[o]; tr[p[1]] += ro[o]; t += text[o]; r += ro[o] }
      for (l in tt) printf "  %-34s %7d %8d\n", "sum " l, tt[l], tr[l] | "sort"
      close("sort")
      printf "  %-34s %7d %8d\n", "sum of the above", t, r
    }' "$1"
}

# The 64-bit mask of a TNM_FLASH_MODELS_OP_SET line, "(TNM_OP_BIT(TNM_OP_A)|...)", as a
# hex number (no shell metacharacters in the compiler flags), from the codes in tnm_ops.def.
op_mask() {
  local names="$1" mask=0 name code
  for name in $(printf '%s' "$names" | grep -o 'TNM_OP_[A-Z0-9_]*)' | sed 's/^TNM_OP_//; s/)$//'); do
    code="$(sed -n "s/^TNM_OP($name, *\([0-9][0-9]*\),.*/\1/p" "$root/native-kernels/include/tnm/tnm_ops.def")"
    [ -n "$code" ] || { echo "size.sh: operator $name not in tnm_ops.def" >&2; return 1; }
    mask=$((mask | (1 << code)))
  done
  printf '0x%016xULL' "$mask"
}

# shellcheck source=variant-mask.sh
. "$here/variant-mask.sh"
names_of() { printf '%s' "$1" | sed 's/TNM_[A-Z]*_BIT(TNM_[A-Z]*_\([A-Z0-9_]*\))/\1/g; s/[()]//g; s/|/ /g; s/^0u$/-/'; }

shared="${TINYML_SHARED:-$root/../shared}"
tool="$build_root/size-tinyml"
models="$build_root/size-models"
have_tool=0
if compgen -G "$shared/models/*.tflite" >/dev/null && command -v dotnet >/dev/null; then
  mkdir -p "$models"
  if dotnet build "$root/tools/tinyml/tinyml.csproj" -c Release -o "$tool" >"$tool.log" 2>&1; then
    have_tool=1
  else
    echo "size.sh: tinyml did not build ($tool.log); model sets not measured, the KWS build keeps every path"; status=1
  fi
fi
# The kernel paths of the KWS model (every path without it).
kws_variants=0xFFFFFFFFu; kws_variant_names="every path (no tinyml or no kws_ref_model)"
if [ "$have_tool" = 1 ] && [ -f "$shared/models/kws_ref_model.tflite" ]; then
  if dotnet "$tool/tinyml.dll" compile "$shared/models/kws_ref_model.tflite" -o "$models/kws_ref_model.tnm" \
       --emit-c "$models/kws_ref_model.c" >"$models/kws_ref_model.log" 2>&1; then
    line="$(sed -n 's/^#define TNM_FLASH_MODELS_VARIANT_SET //p' "$models/kws_ref_model.c")"
    kws_variants="$(variant_mask "$line" "$root")" || status=1
    kws_variant_names="$(names_of "$line")"
  else
    echo "size.sh: kws_ref_model did not compile ($models/kws_ref_model.log)"; status=1
  fi
fi

for cfg in Release:-O2 MinSizeRel:-Os; do
  type="${cfg%%:*}"; opt="${cfg#*:}"
  dir="$build_root/size-$t-$type-kws"
  build "$dir" "$type" "$opt" TNM_OP_SET_KWS "$kws_variants" || { status=1; continue; }
  echo "== $t ($toolchain) $opt: KWS operator set + runtime, kernel paths $kws_variant_names ($kws_variants), freestanding link of targets/common/size_main.c"
  breakdown "$dir/tnm_size.map"
  echo "  ELF section headers: .text $(section "$dir/tnm_size.elf" .text) bytes: everything above, code and" \
       "read-only data (this link places .rodata inside .text; .rodata section: $(section "$dir/tnm_size.elf" .rodata))"
done

dir="$build_root/size-$t-Release-kws-all-paths"
if build "$dir" Release -O2 TNM_OP_SET_KWS; then
  echo "== $t -O2, KWS operator set with every kernel path (no TNM_VARIANT_SET), same program: ELF .text" \
       "$(section "$dir/tnm_size.elf" .text) bytes"
else
  status=1
fi

# The KWS operator set with fewer kernel paths (the size / speed trade-off; bench.sh's
# TNM_BENCH_VARIANT_SET runs a model with the same set): 0u = the generic loops only.
for v in ${TNM_SIZE_KWS_VARIANT_SETS:-0u 0x2u}; do
  dir="$build_root/size-$t-Release-kws-$v"
  if build "$dir" Release -O2 TNM_OP_SET_KWS "$v"; then
    echo "== $t -O2, KWS operator set with the kernel-path mask $v (tnm_variants.def bits), same program: ELF .text" \
         "$(section "$dir/tnm_size.elf" .text) bytes"
  else
    status=1
  fi
done

dir="$build_root/size-$t-Release-all"
if build "$dir" Release -O2 TNM_OP_SET_ALL; then
  echo "== $t -O2, every operator registered (the default build), same program: ELF .text" \
       "$(section "$dir/tnm_size.elf" .text) bytes"
else
  status=1
fi

if [ "${TNM_SIZE_MODELS:-1}" != 0 ] && [ "$have_tool" = 1 ]; then
  echo "== $t -O2, each shared model's operator set and kernel paths (tinyml compile --emit-c), same program: ELF .text"
  declare -A text_of=()
  for m in "$shared"/models/*.tflite; do
    name="$(basename "$m" .tflite)"
    if ! dotnet "$tool/tinyml.dll" compile "$m" -o "$models/$name.tnm" --emit-c "$models/$name.c" \
           >"$models/$name.log" 2>&1; then
      printf '  %-30s %7s  (not compiled: %s)\n' "$name" - "$(head -n 1 "$models/$name.log" | sed 's/^tinyml: [^ ]*: //; s/:  *operator [0-9]* (\([^)]*\)):/; first \1:/; s/  *operator [0-9]* (.*//' | cut -c 1-100)"
      continue
    fi
    names="$(sed -n 's/^#define TNM_FLASH_MODELS_OP_SET //p' "$models/$name.c")"
    vnames="$(sed -n 's/^#define TNM_FLASH_MODELS_VARIANT_SET //p' "$models/$name.c")"
    mask="$(op_mask "$names")" || { status=1; continue; }
    vmask="$(variant_mask "$vnames" "$root")" || { status=1; continue; }
    key="$mask-$vmask"
    if [ -z "${text_of[$key]:-}" ]; then
      dir="$build_root/size-$t-Release-ops-${mask%ULL}-${vmask%u}"
      if build "$dir" Release -O2 "$mask" "$vmask"; then
        text_of[$key]="$(section "$dir/tnm_size.elf" .text)"
      else
        text_of[$key]=failed; status=1
      fi
    fi
    printf '  %-30s %7s  %s; paths: %s\n' "$name" "${text_of[$key]}" "$(names_of "$names")" "$(names_of "$vnames")"
  done
fi
exit "$status"
