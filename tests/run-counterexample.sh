#!/usr/bin/env bash
# run-counterexample.sh DPUCHECK TRACE.json -- every stored counterexample must replay as a
# violation of its model: counterexamples/MODEL[.SUFFIX].json belongs to models/MODEL.dpu and
# `dpucheck replay models/MODEL.dpu TRACE.json` must exit 1. An optional TRACE.expect beside
# it (format in tests/expect.sh, %f = the model) replaces that default.
set -u
bin=$(readlink -f "$1"); trace=$(readlink -f "$2")
source "$(dirname "$0")/expect.sh"
root=$(dirname "$(dirname "$trace")")
cd "$root" || exit 2
base=$(basename "$trace" .json)
model=models/${base%%.*}.dpu
rel=counterexamples/$(basename "$trace")
if [ ! -f "$model" ]; then
  expect_fail "$rel names model $model, which does not exist"
elif [ -f "counterexamples/$base.expect" ]; then
  run_expect "$bin" "$model" "counterexamples/$base.expect"
else
  check_run "$bin" "$model" "replay %f $rel" 1 ""
fi
[ "$expect_failures" -eq 0 ]
