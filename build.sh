#!/usr/bin/env bash
# One entry point for building, testing and running. See README.md.
#   ./build.sh build                 restore + build everything (installs kernel headers for the layout check)
#   ./build.sh test [GROUP...]       unit, loopback, vm-test, vm-612, vm-stock (default: all); one summary line each
#   ./build.sh run [ARGS...]         the uapi tool (devices by default), on the kernel or the loopback
#   ./build.sh sample compositor [ARGS...]  the CompositorLoop sample (explicit-sync frame loop) on the kernel or the loopback
#   ./build.sh sample heapshare [ARGS...]   the HeapShare sample (heap dma-buf passed to a second process) on the kernel or the loopback
#   ./build.sh vm stock|test|612 [-- CMD...]  build on the host, run CMD in a QEMU guest (default: conformance suite)
#   ./build.sh layout [6.12]         print the C layout JSON of the installed kernel headers (or of 6.12's own)
#   ./build.sh bench [host|vm]       C# / C benchmark ratios on the host (loopback + the kernel's floor) and on the
#                                    test kernel in QEMU (short mode); default both; artifacts/bench/results.json
#   ./build.sh aot                   NativeAOT publish of the uapi tool (0 warnings) and its startup time against the JIT build
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
config=${CONFIG:-debug}
bin=$root/artifacts/bin
results=$root/artifacts/test-results
layout_json=$root/artifacts/layout/layout.json
layout_json_612=$root/artifacts/layout/layout-6.12.json

# Capabilities each backend must show (a case needing one fails instead of skipping) or must lack.
loopback_expect=dma-heap.system,dma-heap.reserved,dma-heap.charge,udmabuf,drm.vgem,drm.virtio-gpu,syncobj,syncobj.timeline,vfio.type1,vfio.group,drm.accel,sw_sync,syncobj.eventfd,syncobj.deadline,syncobj.timeline-sync-file,syncobj.dev,syncobj.provider
vm_test_expect=drm.vgem,drm.virtio-gpu,syncobj,syncobj.timeline,vfio.type1,vfio.group,dma-heap.system,dma-heap.reserved,udmabuf,sw_sync,syncobj.provider
vm_test_absent=dma-heap.charge,drm.accel,syncobj.eventfd,syncobj.deadline,syncobj.timeline-sync-file,syncobj.dev
vm_612_expect=drm.vgem,drm.virtio-gpu,syncobj,syncobj.timeline,vfio.type1,vfio.group,dma-heap.system,dma-heap.reserved,udmabuf,sw_sync,syncobj.provider,syncobj.eventfd,syncobj.deadline
vm_612_absent=dma-heap.charge,drm.accel,syncobj.timeline-sync-file,syncobj.dev
vm_stock_expect=drm.vgem,drm.virtio-gpu,vfio.type1,vfio.group
vm_stock_absent=syncobj,syncobj.timeline,dma-heap.system,dma-heap.reserved,dma-heap.charge,udmabuf,drm.accel,sw_sync,syncobj.eventfd,syncobj.deadline,syncobj.timeline-sync-file,syncobj.dev,syncobj.provider

in_guest() { [[ -n ${UAPI_VM:-} ]]; }

build() {
  if in_guest; then return 0; fi # the guest runs what the host built
  bash native/layout/build.sh "$layout_json" >/dev/null
  bash native/layout/build.sh "$layout_json_612" 6.12 >/dev/null
  dotnet build Interop.sln -c "${config^}" -nologo -clp:NoSummary -v:quiet
}

# Runs one xunit v3 test assembly; writes its XML report and prints "<group>: N passed, N failed, N skipped".
run_xunit() {
  local group=$1 dll=$2 xml=$3; shift 3
  rm -f "$xml"
  local rc=0
  dotnet "$dll" -noColor -noLogo -xml "$xml" "$@" || rc=$?
  summarize "$group" "$xml" "$rc"
}

# Reads counts from an xunit XML report. A missing report, or a failing exit with no failed test, is a failure.
summarize() {
  local group=$1 xml=$2 rc=$3 line total passed failed skipped errors
  if [[ ! -s $xml ]]; then
    echo "$group: 0 passed, 1 failed, 0 skipped (no result file: the run crashed or never started, exit $rc)" >> "$summary"
    return 1
  fi
  line=$(grep -o '<assembly [^>]*>' "$xml" | head -1)
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  skipped=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$line")
  errors=$(grep -c '<error ' "$xml" || true)
  failed=$((failed + errors))
  if ((rc != 0 && failed == 0)); then failed=1; fi
  echo "$group: $passed passed, $failed failed, $skipped skipped" >> "$summary"
  [[ $failed -eq 0 && ${total:-0} -gt 0 ]]
}

group_unit() {
  UAPI_LAYOUT_JSON=$layout_json UAPI_LAYOUT_JSON_6_12=$layout_json_612 run_xunit unit "$bin/Uapi.Tests/$config/Uapi.Tests.dll" "$results/unit.xml"
}

group_loopback() {
  UAPI_BACKEND=loopback UAPI_EXPECT=$loopback_expect UAPI_EXPECT_ABSENT= \
    run_xunit loopback "$bin/Uapi.Conformance/$config/Uapi.Conformance.dll" "$results/loopback.xml"
}

# The conformance suite on a real kernel in QEMU. The guest writes results.xml into the shared out dir.
group_vm() {
  local kind=$1 group=vm-$1 out rc=0
  if ! can_run_vm; then
    echo "$group: 0 passed, 1 failed, 0 skipped (cannot run QEMU here: need root to install it; set UAPI_SKIP_VM=1 to leave VM groups out)" >> "$summary"
    return 1
  fi
  out=$root/artifacts/vm/$kind
  rm -rf "$out"; mkdir -p "$out"
  local expect absent=
  case $kind in
    test) expect=$vm_test_expect; absent=$vm_test_absent ;;
    612) expect=$vm_612_expect; absent=$vm_612_absent ;;
    stock) expect=$vm_stock_expect; absent=$vm_stock_absent ;;
  esac
  UAPI_EXPECT=$expect UAPI_EXPECT_ABSENT=$absent \
    native/vm/run-vm.sh "$kind" --timeout "${VM_TIMEOUT:-900}" --out "$out" -- ./build.sh conformance || rc=$?
  cp -f "$out/results.xml" "$results/$group.xml" 2>/dev/null || true
  summarize "$group" "$results/$group.xml" "$rc"
}

can_run_vm() { command -v qemu-system-x86_64 >/dev/null || [[ $(id -u) -eq 0 ]]; }

cmd_test() {
  local groups=("$@") g status=0
  ((${#groups[@]})) || groups=(unit loopback vm-test vm-612 vm-stock)
  if [[ ${UAPI_SKIP_VM:-} == 1 ]]; then
    local kept=(); for g in "${groups[@]}"; do [[ $g == vm-* ]] || kept+=("$g"); done; groups=("${kept[@]}")
  fi
  build
  mkdir -p "$results"
  summary=$(mktemp); trap 'rm -f "$summary"' RETURN
  local start
  for g in "${groups[@]}"; do
    start=$SECONDS
    case $g in
      unit) group_unit || status=1 ;;
      loopback) group_loopback || status=1 ;;
      vm-test) group_vm test || status=1 ;;
      vm-612) group_vm 612 || status=1 ;;
      vm-stock) group_vm stock || status=1 ;;
      *) echo "build.sh: unknown test group '$g' (unit, loopback, vm-test, vm-612, vm-stock)" >&2; return 2 ;;
    esac
    echo "build.sh: $g took $((SECONDS - start)) s" >&2
  done
  echo
  echo "=== summary ==="
  cat "$summary"
  return $status
}

# Inside the guest: the conformance suite on the kernel backend, results into the shared out dir.
cmd_conformance() {
  local xml=${UAPI_OUT:-$results}/results.xml
  mkdir -p "$(dirname "$xml")"
  dotnet "$bin/Uapi.Conformance/$config/Uapi.Conformance.dll" -noColor -noLogo -xml "$xml"
}

cmd_run() {
  build
  (($#)) || set -- devices
  exec dotnet "$bin/Uapi.Tool/$config/uapi.dll" "$@"
}

cmd_sample() {
  local name=${1:-}; shift || true
  case $name in
    compositor) build; exec dotnet "$bin/CompositorLoop/$config/CompositorLoop.dll" "$@" ;;
    heapshare) build; exec dotnet "$bin/HeapShare/$config/HeapShare.dll" "$@" ;;
    *) echo "usage: ./build.sh sample compositor|heapshare [ARGS...]" >&2; exit 2 ;;
  esac
}

# Benchmarks: never part of `test`. BenchmarkDotNet in-process (see tests/Uapi.Benchmarks/Program.cs), Release build.
bench_dir=$root/artifacts/bench
bench_dll=$bin/Uapi.Benchmarks/release/Uapi.Benchmarks.dll

bench_build() {
  build
  dotnet build tests/Uapi.Benchmarks -c Release -nologo -clp:NoSummary -v:quiet
  bash native/bench/build.sh "$bench_dir/bench-c"
}

# One environment: the C baseline, then the C# benchmarks, which read its JSON and print the ratio table.
bench_env() {
  local env=$1 mode=$2 out=$3
  mkdir -p "$out"
  "$bench_dir/bench-c" --mode "$mode" > "$out/c-$env.json"
  # Fully optimized code from the first call, as the C side is -O2: under TCG, short runs otherwise end before tiering does.
  DOTNET_TieredCompilation=0 dotnet "$bench_dll" --mode "$mode" --env "$env" --c "$out/c-$env.json" --out "$out/$env.json"
}

cmd_bench() {
  local where=${1:-all} rc=0
  [[ $where == all || $where == host || $where == vm ]] || { echo "usage: ./build.sh bench [host|vm]" >&2; exit 2; }
  bench_build
  mkdir -p "$bench_dir"
  if [[ $where != vm ]]; then
    bench_env host medium "$bench_dir" 2>&1 | tee "$bench_dir/host.log" | grep -v '^// \|^Overhead\|^Workload\|^Warmup\|^Pilot' || true
  fi
  if [[ $where != host ]]; then
    rm -rf "$bench_dir/vm-test"; mkdir -p "$bench_dir/vm-test"
    native/vm/run-vm.sh test --timeout "${VM_TIMEOUT:-1500}" --out "$bench_dir/vm-test" -- ./build.sh bench-guest > "$bench_dir/vm-test.log" 2>&1 || rc=$?
    sed -n '/^=== C# \/ C/,/^JSON:/p' "$bench_dir/vm-test.log"
    ((rc == 0)) || echo "build.sh: the VM benchmark run failed (exit $rc); see $bench_dir/vm-test.log" >&2
  fi
  jq -n --slurpfile host <(cat "$bench_dir/host.json" 2>/dev/null || echo null) \
        --slurpfile vm <(cat "$bench_dir/vm-test/vm-test.json" 2>/dev/null || echo null) \
        '{host: $host[0], "vm-test": $vm[0]}' > "$bench_dir/results.json"
  echo "build.sh: $bench_dir/results.json"
  return $rc
}

# NativeAOT publish of the uapi tool: ILCompiler comes from NuGet, the native link needs clang (or gcc) and zlib.
cmd_aot() {
  local out=$root/artifacts/aot need=() p
  command -v clang >/dev/null || need+=(clang)
  dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "ok installed" || need+=(zlib1g-dev)
  command -v hyperfine >/dev/null || need+=(hyperfine)
  if ((${#need[@]})) && [[ $(id -u) -eq 0 ]]; then
    echo "build.sh: installing ${need[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 ||
      { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2; }
  fi
  mkdir -p "$out"
  dotnet publish src/Uapi.Tool -c Release -r linux-x64 -p:PublishAot=true -o "$out/uapi" -nologo -clp:NoSummary 2>&1 | tee "$out/publish.log" >&2
  local warnings
  warnings=$(grep -Ec 'warning (IL[0-9]+|AOT[0-9]+)' "$out/publish.log" || true)
  dotnet build src/Uapi.Tool -c Release -nologo -clp:NoSummary -v:quiet >&2
  echo "aot: $warnings trim/AOT warnings; $(du -h "$out/uapi/uapi" | cut -f1) native executable at $out/uapi/uapi"
  local aot_cmd="$out/uapi/uapi devices --backend loopback" jit_cmd="dotnet $bin/Uapi.Tool/release/uapi.dll devices --backend loopback"
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs "${AOT_RUNS:-20}" --export-json "$out/startup.json" -n aot "$aot_cmd" -n jit "$jit_cmd"
  else
    local c s
    for c in "$aot_cmd" "$jit_cmd"; do
      s=$(date +%s%N); for _ in $(seq 20); do $c >/dev/null; done
      echo "$c: $(( ($(date +%s%N) - s) / 20000000 )) ms per run (mean of 20)"
    done
  fi
}

# The C side of the layout check: the installed headers, or a kernel version's own headers (e.g. 6.12).
cmd_layout() {
  local json=$layout_json
  [[ -n ${1:-} ]] && json=$root/artifacts/layout/layout-$1.json
  bash native/layout/build.sh "$json" ${1:+"$1"} >/dev/null && cat "$json"
}

cmd_vm() {
  local kind=${1:-}; shift || true
  [[ $kind == stock || $kind == test || $kind == 612 ]] || { echo "usage: ./build.sh vm stock|test|612 [-- CMD...]" >&2; exit 2; }
  [[ ${1:-} == -- ]] && shift
  (($#)) || set -- ./build.sh conformance
  build
  exec native/vm/run-vm.sh "$kind" --timeout "${VM_TIMEOUT:-900}" -- "$@"
}

case ${1:-build} in
  build) build ;;
  test) shift; cmd_test "$@" ;;
  run) shift; cmd_run "$@" ;;
  sample) shift; cmd_sample "$@" ;;
  vm) shift; cmd_vm "$@" ;;
  conformance) cmd_conformance ;;
  bench) shift; cmd_bench "$@" ;;
  bench-guest) in_guest && bench_env vm-test short "$UAPI_OUT" ;;
  aot) shift; cmd_aot "$@" ;;
  layout) shift; cmd_layout "$@" ;;
  -h|--help|help) sed -n '2,12p' "$0" ;;
  *) echo "build.sh: unknown command '$1' (build, test, run, sample, vm, layout, bench, aot)" >&2; exit 2 ;;
esac
