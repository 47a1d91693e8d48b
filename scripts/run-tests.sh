#!/usr/bin/env bash
# The whole test suite from a clean clone: install the dependencies, configure and build
# build/ (RelWithDebInfo), then run every CTest test (unit, bad inputs, pathological inputs,
# models, counterexamples, a bounded fuzzing run). This is what .ci/run calls.
# usage: bash scripts/run-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."

t0=$(date +%s)
bash scripts/install-deps.sh --dev
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"
t1=$(date +%s)
echo "run-tests.sh: deps + build took $((t1 - t0)) s"
ctest --test-dir build --no-tests=error --output-on-failure -j"$jobs"
echo "run-tests.sh: tests took $(( $(date +%s) - t1 )) s"
