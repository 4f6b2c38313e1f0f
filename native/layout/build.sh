#!/usr/bin/env bash
# Builds native/layout/layout from layout.c against the INSTALLED kernel UAPI headers (linux-libc-dev) and
# libdrm's DRM headers (libdrm-dev, /usr/include/libdrm), runs it, and writes its JSON to $1
# (default: <repo>/artifacts/layout/layout.json). Idempotent: the binary is rebuilt only when layout.c,
# this script or one of the included headers is newer than it, and the JSON is only rewritten when its
# content changes.
#   build.sh [OUT] [VERSION]   with VERSION (e.g. 6.12): against that kernel's own `make headers_install`
#                              (native/layout/headers.sh), which has drm/ and vgem/panthor too.
#
# Newer-than-6.1 structs and members are guarded in layout.c by HAVE_STRUCT_<s> / HAVE_MEMBER_<s>__<m>.
# This script finds those names in layout.c and test-compiles each against the installed headers, so the
# program prints exactly what the headers have.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/artifacts/layout/layout.json}"
version="${2:-}"
src="$here/layout.c"
cc="${CC:-gcc}"
if [[ -n $version ]]; then
    inc="$("$here/headers.sh" "$version")"
    bin="$root/artifacts/layout/layout-$version"
    # The kernel's headers come before the system's; libc's own headers still come from /usr/include.
    cflags=(-std=gnu11 -O0 -Wall -Werror -I"$inc/drm" -I"$inc")
    headers=("$inc/drm/drm.h" "$inc/drm/drm_mode.h" "$inc/linux/vfio.h" "$inc/drm/panthor_drm.h" "$inc/drm/vgem_drm.h")
else
    bin="$root/artifacts/layout/layout-installed"
    cflags=(-std=gnu11 -O0 -Wall -Werror -I/usr/include/libdrm)
    headers=(
    /usr/include/linux/dma-heap.h /usr/include/linux/dma-buf.h /usr/include/linux/sync_file.h
    /usr/include/linux/udmabuf.h /usr/include/linux/vfio.h /usr/include/linux/virtio_gpu.h
    /usr/include/libdrm/drm.h /usr/include/libdrm/drm_mode.h /usr/include/libdrm/virtgpu_drm.h
    )
fi
mkdir -p "$(dirname "$bin")"

missing=()
for h in "${headers[@]}"; do [[ -f "$h" ]] || missing+=("$h"); done
if ((${#missing[@]})); then
    echo "layout: missing ${missing[*]}; installing linux-libc-dev libdrm-dev" >&2
    if [[ $(id -u) -ne 0 ]]; then
        echo "layout: not root, cannot apt-get install; install linux-libc-dev and libdrm-dev" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-libc-dev libdrm-dev >&2
fi
command -v "$cc" >/dev/null || { echo "layout: $cc not found (apt-get install gcc)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/uapi-layout.XXXXXX")"
trap 'rm -rf "$work"' EXIT

needs_build=0
if [[ ! -x "$bin" ]]; then
    needs_build=1
else
    for dep in "$src" "${BASH_SOURCE[0]}" "${headers[@]}"; do
        if [[ "$dep" -nt "$bin" ]]; then needs_build=1; break; fi
    done
fi

if ((needs_build)); then
    # The preprocessor lines of layout.c up to its first code (includes and their __has_include guards).
    prelude="$(awk '/tiny JSON emitter/ { exit } /^#/' "$src")"
    defines=()
    for sym in $(grep -oE '\bHAVE_(STRUCT|MEMBER)_[A-Za-z0-9_]+' "$src" | sort -u); do
        case "$sym" in
            HAVE_STRUCT_*)
                s="${sym#HAVE_STRUCT_}"
                probe="int probe = (int)sizeof(struct $s);" ;;
            HAVE_MEMBER_*)
                rest="${sym#HAVE_MEMBER_}"
                s="${rest%%__*}"           # struct names never contain "__"
                m="${rest#*__}"            # members may (udmabuf_create_item.__pad)
                probe="int probe = (int)offsetof(struct $s, $m);" ;;
        esac
        printf '%s\n%s\n' "$prelude" "$probe" > "$work/probe.c"
        if "$cc" "${cflags[@]}" -fsyntax-only "$work/probe.c" 2>/dev/null; then
            defines+=("-D$sym")
        fi
    done
    echo "layout: building $bin (${#defines[@]} optional features present: ${defines[*]:-none})" >&2
    "$cc" "${cflags[@]}" "${defines[@]}" -o "$work/layout" "$src"
    mv -f "$work/layout" "$bin"      # atomic enough for two concurrent runs: both binaries are identical
fi

# Run it; only touch $out when the content changed (so a read-only tree with a current JSON still works).
"$bin" > "$work/layout.json"
if ! { [[ -f "$out" ]] && cmp -s "$work/layout.json" "$out"; }; then
    mkdir -p "$(dirname "$out")"
    cp "$work/layout.json" "$out.$$.tmp"
    mv -f "$out.$$.tmp" "$out"
fi
echo "$out"
