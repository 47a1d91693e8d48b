# fuzz-lib.sh -- sourced by fuzz-parser.sh and fuzz-trace.sh: what both do around their own
# seeds and dictionary. Both build in one directory, so the instrumented libraries are built once.
# env: DPU_FUZZ_BUILD  build directory (default: build-fuzz)
#      CXX             the clang++ to use (default: clang++)
#      FUZZ_ARGS       extra libFuzzer flags, e.g. "-max_len=65536"
# shellcheck shell=bash

# fuzz_setup SCRIPT: sets root, build and cxx; exits 2 when the compiler is missing.
fuzz_setup() {
  fuzz_script=$1
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  build=${DPU_FUZZ_BUILD:-$root/build-fuzz}
  cxx=${CXX:-clang++}
  command -v "$cxx" >/dev/null || { echo "$fuzz_script: $cxx not found (bash scripts/install-deps.sh --dev)" >&2; exit 2; }
}

# fuzz_build TARGET: configures the instrumented build and builds TARGET; t1 is when it ended.
fuzz_build() {
  local t0
  t0=$(date +%s)
  # -O1 and line tables only: the instrumented X3 grammar is costly to compile at -O2 -g.
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DDPU_FUZZ=ON -DDPU_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
  cmake --build "$build" --target "$1" -j"$(nproc)"
  t1=$(date +%s)
  echo "$fuzz_script: build took $((t1 - t0)) s"
}

# fuzz_run TARGET SECONDS CORPUS SEEDS DICT ARTIFACTS MAX_LEN: runs the fuzzer and reports;
# exits 1 when it found a crashing input.
fuzz_run() {
  local target=$1 seconds=$2 corpus=$3 seeds=$4 dict=$5 artifacts=$6 max_len=$7 status
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a blow-up is a failure.
  # Per-input progress lines and the recommended dictionary are filtered out of the log.
  set +e
  # shellcheck disable=SC2086
  "$build/checker/$target" "$corpus" "$seeds" -dict="$dict" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} 2>&1 |
    grep -v -e '^#[0-9]*.*\(NEW\|REDUCE\|pulse\)' -e 'NEW_FUNC' -e '^[[:space:]]*0x[0-9a-f]* ' -e '^"' -e 'ecommended dictionary'
  status=${PIPESTATUS[0]}
  set -e
  echo "$fuzz_script: fuzzed for $(( $(date +%s) - t1 )) s, corpus $(ls "$corpus" | wc -l) inputs, exit $status"
  if [ "$status" -ne 0 ]; then
    echo "$fuzz_script: FAILED; crashing inputs:" >&2; ls -l "$artifacts" >&2
    exit 1
  fi
}
