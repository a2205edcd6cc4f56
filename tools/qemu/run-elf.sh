#!/usr/bin/env bash
# Runs a bare-metal ELF built with native-kernels/cmake/toolchain-*.cmake on QEMU and
# exits with the program's exit status (semihosting SYS_EXIT_EXTENDED). ctest uses it
# as CMAKE_CROSSCOMPILING_EMULATOR.
#   run-elf.sh <board> <program.elf>
# Boards: mps2-an386 (Cortex-M4), mps2-an500 (Cortex-M7), mps2-an505 (Cortex-M33),
#         riscv32-virt (RV32).
# Environment:
#   TNM_COUNT_OUT=<file>  count instructions with the plugin; region marks go to <file>
#   TNM_PROFILE_OUT=<file> with TNM_COUNT_OUT: also per-address counts after the first mark
#                         (tools/qemu/profile.sh)
#   TNM_QEMU_TIMEOUT      seconds before the run is killed (default 600); exit 124 then
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 2 ]; then
  echo "usage: run-elf.sh <board> <program.elf>" >&2
  exit 2
fi
board="$1"
elf="$2"

case "$board" in
  mps2-an386|mps2-an500|mps2-an505)
    qemu=(qemu-system-arm -M "$board"); arch=arm ;;
  riscv32-virt)
    qemu=(qemu-system-riscv32 -M virt -smp 1 -m 128M -bios none); arch=riscv ;;
  *)
    echo "run-elf.sh: unknown board '$board'" >&2; exit 2 ;;
esac

plugin_args=()
if [ -n "${TNM_COUNT_OUT:-}" ]; then
  plugin="$("$here/build-plugin.sh" | tail -1)"
  plugin_args=(-plugin "$plugin,out=$TNM_COUNT_OUT,arch=$arch${TNM_PROFILE_OUT:+,profile=$TNM_PROFILE_OUT}")
fi

# stderr: drop the mps2 boards' warning about their unconnected network chip.
status=0
timeout --foreground -k 5 "${TNM_QEMU_TIMEOUT:-600}" \
  "${qemu[@]}" -display none -monitor none -serial null -nodefaults \
  -chardev stdio,id=tnm_semihost -semihosting-config enable=on,target=native,chardev=tnm_semihost \
  "${plugin_args[@]}" -kernel "$elf" 2> >(grep -v 'nic lan9118.0 has no peer' >&2) || status=$?
wait
exit "$status"
