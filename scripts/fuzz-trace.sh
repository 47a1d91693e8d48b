#!/usr/bin/env bash
# fuzz-trace.sh SECONDS -- builds the libFuzzer target of the trace reader (clang, ASan+UBSan,
# checker/replay/fuzz/fuzz_trace.cpp: `dpucheck replay`'s JSON input replayed against the
# bundled model it names) and runs it for SECONDS seconds, seeded with every
# counterexamples/*.json and a dictionary of the trace format's keys and values.
# env: DPU_FUZZ_BUILD  build directory (default: build-fuzz; shared with fuzz-parser.sh, so
#                      the instrumented libraries are built once)
#      CXX             the clang++ to use (default: clang++)
#      FUZZ_ARGS       extra libFuzzer flags
# The growing corpus stays in $DPU_FUZZ_BUILD/trace-corpus; a crashing input is saved in
# $DPU_FUZZ_BUILD/trace-artifacts/ and reproduced with: $DPU_FUZZ_BUILD/checker/fuzz_trace FILE
set -euo pipefail
seconds=${1:?usage: fuzz-trace.sh SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DPU_FUZZ_BUILD:-$root/build-fuzz}
cxx=${CXX:-clang++}
command -v "$cxx" >/dev/null || { echo "fuzz-trace.sh: $cxx not found (bash scripts/install-deps.sh)" >&2; exit 2; }

t0=$(date +%s)
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DDPU_FUZZ=ON -DDPU_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
cmake --build "$build" --target fuzz_trace -j"$(nproc)"
t1=$(date +%s)
echo "fuzz-trace.sh: build took $((t1 - t0)) s"

seeds=$build/trace-seeds corpus=$build/trace-corpus artifacts=$build/trace-artifacts
rm -rf "$seeds"; mkdir -p "$seeds" "$corpus" "$artifacts"
cp "$root"/counterexamples/*.json "$seeds"/

dict=$build/trace.dict
{
  for w in format dpucheck-result/2 model constants properties name status trace steps initial \
           loop_start index action rule detail kind process family message module dest workload \
           service rule_index handler_index channel entry control sender receivers fields \
           choices error assertion changes component text value call deliver handler crash \
           recover violated holds null true false 'rule Comm' fault 'runtime error'; do
    printf '"%s"\n' "$w"
    printf '"\\"%s\\""\n' "$w"
  done
} >"$dict"

set +e
# shellcheck disable=SC2086
"$build/checker/fuzz_trace" "$corpus" "$seeds" -dict="$dict" -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} 2>&1 |
  grep -v -e '^#[0-9]*.*\(NEW\|REDUCE\|pulse\)' -e 'NEW_FUNC' -e '^[[:space:]]*0x[0-9a-f]* ' -e '^"' -e 'ecommended dictionary'
status=${PIPESTATUS[0]}
set -e
echo "fuzz-trace.sh: fuzzed for $(( $(date +%s) - t1 )) s, corpus $(ls "$corpus" | wc -l) inputs, exit $status"
if [ "$status" -ne 0 ]; then
  echo "fuzz-trace.sh: FAILED; crashing inputs:" >&2; ls -l "$artifacts" >&2
  exit 1
fi
