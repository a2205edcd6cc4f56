#!/usr/bin/env bash
# Builds tools/qemu/tnm_insn_count.c into a QEMU TCG plugin for the installed QEMU.
# QEMU's plugin header is not in any Debian binary package, so we take it from the
# Debian source package of the exact installed version (apt-get source with a private
# deb-src list; the system's apt configuration is not touched). Nothing of QEMU is
# committed; header and plugin live in the cache directory.
# Prints the plugin path on the last line of stdout.
#   TNM_QEMU_CACHE  cache directory (default ~/.cache/tinyml-qemu)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${TNM_QEMU_CACHE:-$HOME/.cache/tinyml-qemu}"

bin_version="$(dpkg-query -W -f='${Version}' qemu-system-arm)"   # e.g. 1:7.2+dfsg-7+deb12u18+b3
src_version="$(dpkg-query -W -f='${source:Version}' qemu-system-arm)"
tag="$(echo "$src_version" | tr ':+~' '___')"
hdr_dir="$cache/$tag/include"
plugin="$cache/$tag/libtnm_insn_count.so"

if [ ! -f "$hdr_dir/qemu-plugin.h" ]; then
  work="$cache/$tag/src"
  mkdir -p "$work/lists/partial" "$work/dl" "$hdr_dir"
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME}")"
  {
    echo "deb-src http://deb.debian.org/debian $codename main"
    echo "deb-src http://deb.debian.org/debian $codename-updates main"
    echo "deb-src http://deb.debian.org/debian-security $codename-security main"
  } > "$work/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
            -o "Dir::State::Lists=$work/lists" -o "APT::Sandbox::User=root")
  echo "build-plugin: fetching qemu-plugin.h from Debian source qemu=$src_version" >&2
  apt-get "${apt_opts[@]}" update -qq >&2
  (cd "$work/dl" && apt-get "${apt_opts[@]}" source --download-only "qemu=$src_version" >&2)
  orig="$(ls "$work"/dl/qemu_*.orig.tar.* | head -1)"
  member="$(tar -tf "$orig" | grep '/include/qemu/qemu-plugin.h$' | head -1)"
  tar -xf "$orig" -O "$member" > "$hdr_dir/qemu-plugin.h.tmp"
  mv "$hdr_dir/qemu-plugin.h.tmp" "$hdr_dir/qemu-plugin.h"
  rm -rf "$work"
fi

if [ ! -f "$plugin" ] || [ "$here/tnm_insn_count.c" -nt "$plugin" ]; then
  echo "build-plugin: building $plugin (qemu $bin_version)" >&2
  cc -std=c99 -O2 -Wall -Wextra -Werror -shared -fPIC -I"$hdr_dir" \
     -o "$plugin.tmp" "$here/tnm_insn_count.c"
  mv "$plugin.tmp" "$plugin"
fi
echo "$plugin"
