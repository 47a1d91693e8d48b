#!/usr/bin/env bash
# fuzz-trace.sh SECONDS -- builds the libFuzzer target of the trace reader (clang, ASan+UBSan,
# checker/replay/fuzz/fuzz_trace.cpp: `dpucheck replay`'s JSON input replayed against the
# bundled model it names) and runs it for SECONDS seconds, seeded with every
# counterexamples/*.json and a dictionary of the trace format's keys and values.
# env: DPU_FUZZ_BUILD, CXX, FUZZ_ARGS (scripts/fuzz-lib.sh; the build directory is shared
# with fuzz-parser.sh, so the instrumented libraries are built once)
# The growing corpus stays in $DPU_FUZZ_BUILD/trace-corpus; a crashing input is saved in
# $DPU_FUZZ_BUILD/trace-artifacts/ and reproduced with: $DPU_FUZZ_BUILD/checker/fuzz_trace FILE
set -euo pipefail
seconds=${1:?usage: fuzz-trace.sh SECONDS}
# shellcheck source=scripts/fuzz-lib.sh
source "$(dirname "$0")/fuzz-lib.sh"
fuzz_setup fuzz-trace.sh
fuzz_build fuzz_trace

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

fuzz_run fuzz_trace "$seconds" "$corpus" "$seeds" "$dict" "$artifacts" 65536
