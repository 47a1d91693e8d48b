#!/usr/bin/env bash
# fuzz-parser.sh SECONDS -- builds the libFuzzer target of the front end (clang, ASan+UBSan,
# checker/syntax/fuzz/fuzz_parser.cpp) and runs it for SECONDS seconds, seeded with every
# models/*.dpu and tests/bad/*.dpu and a dictionary of the language's tokens.
# env: DPU_FUZZ_BUILD  build directory (default: build-fuzz)
#      CXX             the clang++ to use (default: clang++)
#      FUZZ_ARGS       extra libFuzzer flags, e.g. "-max_len=65536"
# The growing corpus stays in $DPU_FUZZ_BUILD/corpus; a crashing input is saved in
# $DPU_FUZZ_BUILD/artifacts/ and reproduced with: $DPU_FUZZ_BUILD/checker/fuzz_parser FILE
set -euo pipefail
seconds=${1:?usage: fuzz-parser.sh SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DPU_FUZZ_BUILD:-$root/build-fuzz}
cxx=${CXX:-clang++}
command -v "$cxx" >/dev/null || { echo "fuzz-parser.sh: $cxx not found (bash scripts/install-deps.sh)" >&2; exit 2; }

t0=$(date +%s)
# -O1 and line tables only: the instrumented X3 grammar is costly to compile at -O2 -g.
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DDPU_FUZZ=ON -DDPU_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
cmake --build "$build" --target fuzz_parser -j"$(nproc)"
t1=$(date +%s)
echo "fuzz-parser.sh: build took $((t1 - t0)) s"

seeds=$build/seeds corpus=$build/corpus artifacts=$build/artifacts
rm -rf "$seeds"; mkdir -p "$seeds" "$corpus" "$artifacts"
cp "$root"/models/*.dpu "$root"/tests/bad/*.dpu "$seeds"/ 2>/dev/null || true

# A dictionary of keywords, builtin names and operators lets mutations build real syntax.
dict=$build/dpu.dict
{
  for w in algorithm allow array assert at bool broadcast by channel check choose const either \
           elif else emit end enum event exists fault false fair fifo for forall from global if \
           in module message most none of on or order p2p per process record recover rule seq \
           send service set skip stack stacks then to total true type unfair unordered update \
           var when where workload count byzantine crash group bound passive invariant \
           eventually deadlock self bind passivate add remove idle free replaceable present \
           pending crashed alive size len head tail append min max abs member \
           strong_update weak_update freedom terminates linearizable_commit mdcd_recoverable \
           ':=' '->' '=>' '..' '==' '!=' '<=' '>=' '&&' '||' '//' '/*' '*/'; do
    printf '"%s"\n' "$w"
  done
} >"$dict"

# -timeout: one input taking 10 s is a hang; -rss_limit_mb: a blow-up is a failure.
# Per-input progress lines and the recommended dictionary are filtered out of the log.
set +e
# shellcheck disable=SC2086
"$build/checker/fuzz_parser" "$corpus" "$seeds" -dict="$dict" -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} 2>&1 |
  grep -v -e '^#[0-9]*.*\(NEW\|REDUCE\|pulse\)' -e 'NEW_FUNC' -e '^[[:space:]]*0x[0-9a-f]* ' -e '^"' -e 'ecommended dictionary'
status=${PIPESTATUS[0]}
set -e
echo "fuzz-parser.sh: fuzzed for $(( $(date +%s) - t1 )) s, corpus $(ls "$corpus" | wc -l) inputs, exit $status"
if [ "$status" -ne 0 ]; then
  echo "fuzz-parser.sh: FAILED; crashing inputs:" >&2; ls -l "$artifacts" >&2
  exit 1
fi
