#!/usr/bin/env bash
# run-runtime.sh DPUCHECK tests/runtime/NAME.dpu -- a model whose run fails in its own code
# (a runtime error, a failed assert): NAME.expect beside it (format in tests/expect.sh) says
# what `check` must print, in particular the positioned diagnostic on stderr. Runs from
# tests/runtime, so diagnostics read NAME.dpu:LINE:COL.
set -u
bin=$(readlink -f "$1"); model=$(readlink -f "$2")
source "$(dirname "$0")/expect.sh"
cd "$(dirname "$model")" || exit 2
name=$(basename "$model" .dpu)
run_expect "$bin" "$name.dpu" "$name.expect"
[ "$expect_failures" -eq 0 ]
