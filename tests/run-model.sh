#!/usr/bin/env bash
# run-model.sh DPUCHECK MODEL.dpu EXPECT -- the golden test of one bundled model: runs each
# stanza of EXPECT (tests/golden/NAME.expect, format in tests/expect.sh) against the model,
# from the repository root so paths read models/NAME.dpu.
set -u
bin=$(readlink -f "$1"); model=$(readlink -f "$2"); expect=$(readlink -f "$3" 2>/dev/null || echo "$3")
source "$(dirname "$0")/expect.sh"
cd "$(dirname "$model")/.." || exit 2
if [ ! -f "$expect" ]; then
  expect_fail "no expectation for $(basename "$model"): write $expect (run: / exit: / stdout: lines)"
else
  run_expect "$bin" "models/$(basename "$model")" "$expect"
fi
[ "$expect_failures" -eq 0 ]
