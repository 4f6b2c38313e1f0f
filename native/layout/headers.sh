#!/usr/bin/env bash
# Prints the include directory of a kernel version's UAPI headers, made once with `make headers_install`
# from Debian's linux-source-<version> and cached outside the repo (${UAPI_CACHE:-/var/cache/uapi-interop}).
#   native/layout/headers.sh 6.12
set -euo pipefail
version=${1:?usage: headers.sh VERSION (e.g. 6.12)}
cache_root=${UAPI_CACHE:-/var/cache/uapi-interop}
src_pkg=linux-source-$version
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
need=()
for p in "$src_pkg" make gcc xz-utils rsync; do installed "$p" || need+=("$p"); done
if ((${#need[@]})); then
  [[ $(id -u) -eq 0 ]] || { echo "headers: need ${need[*]} (run as root to install)" >&2; exit 1; }
  echo "headers: installing ${need[*]}" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
out="$cache_root/headers-$version-$(dpkg-query -W -f='${Version}' "$src_pkg")"
if [[ -f $out/.complete ]]; then echo "$out/include"; exit 0; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/uapi-headers.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "headers: make headers_install for $src_pkg into $out" >&2
# headers_install needs the uapi trees, the arch's uapi, scripts/ and the build system: not the whole source.
tar -C "$work" -xf "/usr/src/$src_pkg.tar.xz" --wildcards "$src_pkg/Makefile" "$src_pkg/Kbuild" "$src_pkg/Kconfig" \
  "$src_pkg/include" "$src_pkg/arch/x86" "$src_pkg/scripts" "$src_pkg/usr" "$src_pkg/tools/include" "$src_pkg/init/Kconfig" 2>/dev/null ||
  tar -C "$work" -xf "/usr/src/$src_pkg.tar.xz"
mkdir -p "$out.tmp"
make -s -C "$work/$src_pkg" ARCH=x86 headers_install INSTALL_HDR_PATH="$out.tmp" >&2
touch "$out.tmp/.complete"
rm -rf "$out"; mv "$out.tmp" "$out"
echo "$out/include"
