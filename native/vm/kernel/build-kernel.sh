#!/usr/bin/env bash
# Builds (once) a lean test kernel from Debian's linux-source-<version>: tinyconfig + kvm_guest.config +
# lean.config + test-<version>.config, plus the vgem syncobj patch. Prints the path of the cached bzImage.
#   build-kernel.sh 6.1|6.12
# The cache lives outside the repo (${UAPI_CACHE:-/var/cache/uapi-interop}/kernel-<version>-<key>), keyed on
# this script, the fragments, the patch and the source package's version. A cold build takes ~5 minutes on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${UAPI_CACHE:-/var/cache/uapi-interop}
version=${1:-}
[[ $version == 6.1 || $version == 6.12 ]] || { echo "usage: $0 6.1|6.12" >&2; exit 2; }
src_pkg=linux-source-$version
fragments=("$here/lean.config" "$here/test-$version.config")

cache_key() {
  (cat "$0" "${fragments[@]}" "$here/vgem-syncobj.patch"; dpkg-query -W -f='${Version}' "$src_pkg" 2>/dev/null || true) |
    sha256sum | cut -c1-16
}
out="$cache_root/kernel-$version-$(cache_key)"
if [[ -f "$out/bzImage" ]]; then echo "$out/bzImage"; exit 0; fi

need=()
for p in "$src_pkg" bc flex bison libelf-dev libssl-dev make gcc xz-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  echo "build-kernel: installing ${need[*]}" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  out="$cache_root/kernel-$version-$(cache_key)"
  if [[ -f "$out/bzImage" ]]; then echo "$out/bzImage"; exit 0; fi
fi

work="$out.build"
rm -rf "$work"; mkdir -p "$work"
start=$SECONDS
echo "build-kernel: building $src_pkg into $out (cold: ~5 minutes on 2 cores)" >&2
tar -C "$work" -xf "/usr/src/$src_pkg.tar.xz"
cd "$work/$src_pkg"
patch -p1 < "$here/vgem-syncobj.patch" >&2
make -s tinyconfig >&2
scripts/kconfig/merge_config.sh -m .config kernel/configs/kvm_guest.config "${fragments[@]}" >&2
make -s olddefconfig >&2
# Fail loudly if a fragment line did not survive (missing dependency, renamed symbol).
for f in "${fragments[@]}"; do
  while IFS= read -r line; do
    [[ $line =~ ^CONFIG_ ]] || continue
    sym=${line%%=*}; want=${line#*=}
    if [[ $want == n ]]; then grep -q "^$sym=" .config && { echo "build-kernel: $sym still set" >&2; exit 1; }; continue; fi
    grep -qx "$line" .config || { echo "build-kernel: $line ($f) did not stick: $(grep "^$sym=\|# $sym " .config)" >&2; exit 1; }
  done < "$f"
done
make -s -j"$(nproc)" bzImage >&2
mkdir -p "$out.tmp"
cp arch/x86/boot/bzImage .config "$out.tmp/"
echo "$((SECONDS - start))" > "$out.tmp/build-seconds"
rm -rf "$out"; mv "$out.tmp" "$out"
cd /; rm -rf "$work"
echo "build-kernel: $src_pkg built in $((SECONDS - start)) s" >&2
echo "$out/bzImage"
