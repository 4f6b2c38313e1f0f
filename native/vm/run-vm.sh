#!/usr/bin/env bash
# Runs one command inside a QEMU guest on a real Linux kernel. The guest chroots into the host's root
# filesystem (9p, read-only), so host-built binaries and the host's dotnet run unchanged at the same paths.
#
#   native/vm/run-vm.sh stock|test|612 [--timeout SECONDS] [--out DIR] -- CMD...
#
#   stock  Debian's linux-image-amd64 kernel (6.1) with vgem, virtio-gpu, vfio-pci, 9p loaded as modules.
#   test   the lean 6.1 test kernel from native/vm/kernel/build-kernel.sh 6.1 (everything built in).
#   612    the lean 6.12 test kernel (build-kernel.sh 6.12): adds VKMS, accel, iommufd and the VFIO cdev.
#   --timeout  guest wall-clock limit in seconds (default: $TIMEOUT, else 600).
#   --out DIR  writable dir shared at the same path in the guest (default: a fresh dir under the cache);
#              the guest command finds it in $UAPI_OUT. The command's exit code lands in DIR/rc.
#
# The guest: q35 + intel-iommu, QEMU's edu PCI device (1234:11e8) bound to vfio-pci, virtio-gpu, vgem,
# debugfs, a tmpfs /tmp; the command runs in the caller's current directory with stdin from /dev/null,
# its output on this script's stdout. Env: HOME=/tmp/home, TMPDIR=/tmp, DOTNET_* first-run/telemetry off,
# UAPI_BACKEND=kernel, UAPI_VM=stock|test|612, UAPI_OUT=the out dir, plus every UAPI_* variable of the caller.
# UAPI_VM_APPEND adds kernel command line arguments.
# Exit code: the command's; 124 if the guest timed out; 125 if the guest produced no exit code.
# Caches (kernels, initramfs images, default out dirs) live under ${UAPI_CACHE:-/var/cache/uapi-interop}.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${UAPI_CACHE:-/var/cache/uapi-interop}

usage() { echo "usage: $0 stock|test|612 [--timeout SECONDS] [--out DIR] -- CMD..." >&2; exit 2; }
die() { echo "vm: $*" >&2; exit 125; }
log() { echo "vm: $*" >&2; }

kind=${1:-}
[[ $kind == stock || $kind == test || $kind == 612 ]] || usage
shift
timeout_s=${TIMEOUT:-600}
out=
while (($#)); do
  case $1 in
    --timeout) (($# >= 2)) || usage; timeout_s=$2; shift 2 ;;
    --out) (($# >= 2)) || usage; out=$2; shift 2 ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
(($#)) || usage
[[ $timeout_s =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds, got '$timeout_s'"
# The guest covers /tmp and /run with tmpfs; a working directory there is bound back over it (uapi_keep=),
# so a clone under /tmp works too. Kernel arguments cannot carry white space.
keep=
case $PWD/ in /tmp/* | /run/*) keep=$PWD ;; esac
[[ $PWD != *[[:space:]]* ]] || die "the current directory ($PWD) has white space, which the guest's kernel command line cannot carry"

# --- host packages -------------------------------------------------------------------------------
apt_updated=
apt_update() {
  [[ -n $apt_updated ]] && return 0
  log "apt-get update"
  apt-get update -qq >&2
  apt_updated=1
}
ensure_pkgs() {
  local need=() p
  for p; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p")
  done
  ((${#need[@]})) || return 0
  log "installing ${need[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
}
pkgs=(qemu-system-x86 busybox-static xz-utils cpio)
[[ $kind == stock ]] && pkgs+=(kmod) # depmod, for the stock kernel's modules.dep
ensure_pkgs "${pkgs[@]}"
mkdir -p "$cache"

# --- kernel --------------------------------------------------------------------------------------
# Prints "<package> <version>" of the kernel linux-image-amd64 depends on, e.g.
# "linux-image-6.1.0-56-amd64 6.1.192-2". apt-cache takes ~1 s, so the answer is remembered until the
# package lists change.
stock_pkg() {
  local stamp memo=$cache/stock-current
  stamp=$(stat -c '%n %Y' /var/lib/apt/lists/*Packages* 2>/dev/null | sha256sum | cut -c1-16)
  if [[ -f $memo && $(head -1 "$memo") == "$stamp" ]]; then sed -n 2p "$memo"; return; fi
  apt-cache show --no-all-versions linux-image-amd64 2>/dev/null |
    sed -n 's/^Depends:.*\(linux-image-6\.1\.[^ ,]*-amd64\) (= \([^)]*\)).*/\1 \2/p' | head -1 |
    { read -r pv || exit 0; printf '%s\n%s\n' "$stamp" "$pv" > "$memo.$$" && mv "$memo.$$" "$memo"; echo "$pv"; }
}
# get_stock_kernel and get_test_kernel set kernel (bzImage path) and kernel_id (cache key part);
# stock also sets modroot (its lib/modules/<version>).
get_stock_kernel() {
  local pkg= ver= kver dir tmp attempt
  for attempt in 1 2; do
    read -r pkg ver < <(stock_pkg) || true
    [[ -n $pkg ]] || { apt_update; read -r pkg ver < <(stock_pkg) || true; }
    [[ -n $pkg && -n $ver ]] || die "cannot find the linux-image-6.1.*-amd64 package that linux-image-amd64 depends on"
    kver=${pkg#linux-image-}
    dir=$cache/stock-$ver
    [[ -f $dir/.complete ]] && break
    # dpkg -x instead of installing: no initramfs trigger, nothing touches the host's /boot.
    log "fetching $pkg $ver into $dir"
    tmp=$(mktemp -d "$cache/.stock.XXXXXX")
    if ! (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$pkg=$ver" >&2); then
      rm -rf "$tmp"
      ((attempt == 1)) || die "apt-get download $pkg=$ver failed"
      apt_update # stale package lists: the mirror has moved on to a newer kernel
      continue
    fi
    dpkg -x "$tmp"/*.deb "$tmp/root"
    depmod -b "$tmp/root" "$kver" # the .deb ships no modules.dep: its postinst makes it
    touch "$tmp/root/.complete"
    rm -rf "$dir"
    mv "$tmp/root" "$dir"
    rm -rf "$tmp"
    break
  done
  kernel=$dir/boot/vmlinuz-$kver
  modroot=$dir/lib/modules/$kver
  [[ -f $kernel && -f $modroot/modules.dep ]] || die "incomplete stock kernel cache at $dir; delete it and retry"
  kernel_id=stock-$ver
}
# QEMU can boot an uncompressed ELF vmlinux through its PVH entry point, which skips decompressing the
# kernel inside the guest: ~3 s of TCG time for Debian's xz-compressed kernel. Needs CONFIG_PVH=y (the
# stock kernel has it, the test kernel does not); otherwise the bzImage is booted as is. Sets kernel.
use_pvh_vmlinux() {
  local config=$1 elf=$cache/vmlinux/$kernel_id magic unpack off
  grep -qx 'CONFIG_PVH=y' "$config" 2>/dev/null || return 0
  if [[ ! -f $elf ]]; then
    mkdir -p "$cache/vmlinux"
    # The payload is the first xz or gzip stream in the bzImage (what scripts/extract-vmlinux does).
    for magic in $'\xfd7zXZ' $'\x1f\x8b\x08'; do
      case $magic in $'\xfd'*) unpack='xz -dc --single-stream' ;; *) unpack='gzip -dc' ;; esac
      off=$(LC_ALL=C grep -abo -m1 "$magic" "$kernel" | head -1 | cut -d: -f1) || true
      [[ -n $off ]] || continue
      # gzip exits 2 on the trailing bytes after the stream; the ELF check below is what counts.
      tail -c +$((off + 1)) "$kernel" | $unpack > "$elf.tmp" 2>/dev/null || true
      [[ $(head -c 4 "$elf.tmp") == $'\x7fELF' ]] && { mv "$elf.tmp" "$elf"; break; }
    done
    rm -f "$elf.tmp"
    [[ -f $elf ]] || { log "cannot unpack $kernel; booting it compressed"; return 0; }
  fi
  kernel=$elf
}
get_test_kernel() {
  local version=$1
  # Cached and fast when warm; a cold build takes ~5 minutes on 2 cores.
  kernel=$("$here/kernel/build-kernel.sh" "$version") || die "native/vm/kernel/build-kernel.sh $version failed"
  [[ -f $kernel ]] || die "build-kernel.sh printed '$kernel', which is not a file"
  kernel_id=test-$(basename "$(dirname "$kernel")")
}

# --- initramfs -----------------------------------------------------------------------------------
# Stock modules to load (with their modules.dep dependencies first) and their parameters.
# On the test kernel all of these are built in and vfio-pci.ids comes from the command line.
stock_modules='virtio_pci
9pnet_virtio
9p
vgem
virtio_gpu
vfio_iommu_type1
vfio_pci ids=1234:11e8'

declare -A mod_path mod_deps mod_builtin mod_done
modname() { local b=${1##*/}; b=${b%%.ko*}; REPLY=${b//-/_}; } # file name -> module name, in REPLY

read_modules_dep() {
  local p deps
  while IFS=: read -r p deps; do
    modname "$p"; mod_path[$REPLY]=$p; mod_deps[$REPLY]=$deps
  done < "$modroot/modules.dep"
  while IFS= read -r p; do
    modname "$p"; mod_builtin[$REPLY]=1
  done < "$modroot/modules.builtin"
}
# Copies module $1 after its dependencies into $stage/modules and appends it to the load list.
add_module() {
  local name=$1 args=$2 d src dst
  [[ -z ${mod_done[$name]:-} ]] || return 0
  mod_done[$name]=1
  if [[ -z ${mod_path[$name]:-} ]]; then
    [[ -n ${mod_builtin[$name]:-} ]] && return 0
    die "module $name is neither in modules.dep nor built into the stock kernel"
  fi
  for d in ${mod_deps[$name]}; do modname "$d"; add_module "$REPLY" ""; done
  src=$modroot/${mod_path[$name]} dst=$stage/modules/$name.ko
  # busybox insmod hands the file to init_module as is, so compressed modules are unpacked here.
  case $src in
    *.ko) cp "$src" "$dst" ;;
    *.ko.xz) xz -dc "$src" > "$dst" ;;
    *.ko.gz) gzip -dc "$src" > "$dst" ;;
    *.ko.zst) zstd -qdc "$src" > "$dst" ;;
    *) die "unknown module format: $src" ;;
  esac
  echo "$name.ko${args:+ $args}" >> "$stage/modules/load"
}

get_initramfs() {
  local key name args mods=
  # Rebuilt whenever init.sh, the module list, busybox or the kernel changes.
  [[ $kind == stock ]] && mods=$stock_modules
  key=$( { cat "$here/init.sh"; echo "$kernel_id"; dpkg-query -W -f='${Version}' busybox-static
           echo "$mods"; } | sha256sum | cut -c1-16)
  initramfs=$cache/initramfs/$kernel_id-$key.cpio
  if [[ -f $initramfs ]]; then touch "$initramfs"; return 0; fi # mtime = last use, for the pruning below
  log "building $initramfs"
  mkdir -p "$cache/initramfs"
  stage=$(mktemp -d "$cache/initramfs/.stage.XXXXXX")
  mkdir -p "$stage"/{bin,dev,proc,sys,tmp,newroot,out,modules}
  cp /bin/busybox "$stage/bin/busybox"
  install -m 755 "$here/init.sh" "$stage/init"
  mknod -m 600 "$stage/dev/console" c 5 1 # the kernel opens it for init's stdio before devtmpfs exists
  if [[ $kind == stock ]]; then
    read_modules_dep
    while read -r name args; do add_module "$name" "$args"; done <<< "$stock_modules"
  fi
  # Uncompressed: decompressing under TCG costs more than copying a few MB more.
  (cd "$stage" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) > "$stage.cpio"
  mv "$stage.cpio" "$initramfs"
  rm -rf "$stage"
  # Images for an older init.sh are dead weight once no checkout has used them for an hour.
  find "$cache/initramfs" -maxdepth 1 -name "$kernel_id-*.cpio" -mmin +60 -delete
}

# --- out dir and the guest's command script ------------------------------------------------------
if [[ -z $out ]]; then
  # Not under /tmp: the guest covers /tmp with a tmpfs. Old default dirs are pruned after a week.
  mkdir -p "$cache/runs"
  find "$cache/runs" -mindepth 1 -maxdepth 1 -mtime +7 -exec rm -rf {} + 2>/dev/null || true
  out=$(mktemp -d "$cache/runs/$(date +%Y%m%d-%H%M%S)-$$.XXXX")
fi
mkdir -p "$out"
out=$(cd "$out" && pwd -P)
plain_path='^/[^[:space:]"]*$' # it travels on the kernel command line
[[ $out =~ $plain_path ]] || die "the out dir path must not contain whitespace or quotes: $out"
[[ $out != / ]] || die "the out dir cannot be /"
rm -f "$out/rc"

{
  echo "# Written by run-vm.sh; the guest's init runs it with the host's bash inside the chroot."
  for v in TERM LANG LC_ALL DOTNET_ROOT; do [[ -n ${!v:-} ]] && printf 'export %s=%q\n' "$v" "${!v}"; done
  for v in $(compgen -e | grep '^UAPI_' || true); do printf 'export %s=%q\n' "$v" "${!v}"; done
  printf 'export %s=%q\n' PATH "$PATH" HOME /tmp/home TMPDIR /tmp DOTNET_CLI_HOME /tmp/home \
    DOTNET_NOLOGO 1 DOTNET_CLI_TELEMETRY_OPTOUT 1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE 1 \
    UAPI_BACKEND kernel UAPI_VM "$kind" UAPI_OUT "$out"
  echo 'mkdir -p "$HOME"'
  # Room for 10,000 pending eventfd waits (one fd each on 6.6+); init starts with 1024/4096.
  echo 'ulimit -Hn 65536 && ulimit -Sn 65536'
  printf 'cd %q || exit 125\n' "$PWD"
  printf '%q ' "$@"
  echo
} > "$out/vm-run.sh"

# --- boot ----------------------------------------------------------------------------------------
case $kind in # build-kernel.sh has its own cache handling; a cold build takes minutes
  test) get_test_kernel 6.1 ;;
  612) get_test_kernel 6.12 ;;
esac
# Concurrent runs must not fill the same cache entries at once.
exec {lock}> "$cache/.lock"
flock "$lock"
if [[ $kind == stock ]]; then
  get_stock_kernel
  use_pvh_vmlinux "$(dirname "$kernel")/config-${modroot##*/}"
else
  use_pvh_vmlinux "$(dirname "$kernel")/.config"
fi
get_initramfs
exec {lock}>&- # releases the lock

# no_timer_check: under TCG on a loaded host the IO-APIC timer check can miss its ticks, and with interrupt remapping
# on the kernel panics ("timer doesn't work through Interrupt-remapped IO-APIC") instead of falling back.
append="console=ttyS0 intel_iommu=on vfio-pci.ids=1234:11e8 cma=64M panic=-1 quiet no_timer_check uapi_out=$out${keep:+ uapi_keep=$keep}"
# The test kernels have interrupt remapping (X86_X2APIC + IRQ_REMAP), so VFIO type1 needs no unsafe-interrupts
# switch. VKMS (6.12) offers overlay planes only when asked.
[[ $kind == 612 ]] && append+=" vkms.enable_overlay=1"
# Extra kernel arguments, later ones win: e.g. "intel_iommu=off vfio.enable_unsafe_noiommu_mode=1" puts
# the edu device in a no-IOMMU group (/dev/vfio/noiommu-0) on the test kernel.
append+=${UAPI_VM_APPEND:+ $UAPI_VM_APPEND}
qemu=(qemu-system-x86_64 -M q35 -accel tcg -cpu max -smp 2 -m 3G
  -vga none -nographic -no-reboot -nic none
  -device intel-iommu -device edu -device virtio-gpu-pci
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
  -virtfs "local,path=${out//,/,,},mount_tag=out,security_model=none,multidevs=remap"
  -kernel "$kernel" -initrd "$initramfs" -append "$append")
# qboot: boots faster than SeaBIOS and does not reset the host terminal (SeaBIOS prints ESC c, ESC [?7l).
qboot=/usr/share/qemu/qboot.rom
[[ -f $qboot ]] && qemu+=(-bios "$qboot")

log "booting $kernel_id ($kernel), out dir $out"
start=$(date +%s%N)
# stdin from /dev/null: the guest is not interactive, and a backgrounded QEMU must not grab the tty.
# timeout runs in its own process group, so forward Ctrl-C/TERM to it explicitly.
timeout --kill-after=10 "$timeout_s" "${qemu[@]}" < /dev/null &
qpid=$!
interrupted=
trap 'interrupted=1; kill -TERM "$qpid" 2>/dev/null || true' INT TERM
qrc=0
while :; do
  wait "$qpid" && qrc=0 || qrc=$?
  kill -0 "$qpid" 2>/dev/null || break # wait returned because of a trapped signal: keep waiting
done
trap - INT TERM
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
secs=$((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000)))

if [[ -s $out/rc ]]; then
  rc=$(< "$out/rc")
  log "$kind guest exited with $rc after ${secs} s"
  exit "$rc"
fi
if [[ -n $interrupted ]]; then
  echo "vm: interrupted; QEMU stopped after ${secs} s" >&2
  exit 130
fi
if ((qrc == 124 || qrc == 137)); then
  echo "vm: guest did not finish within $timeout_s s (killed)" >&2
  exit 124
fi
die "guest produced no exit code after ${secs} s (QEMU exit $qrc): it failed to boot or the kernel died; see the console output above"
