#!/usr/bin/env bash
# run-regress.sh DPUCHECK MODEL.dpu -- one regression model of tests/regress: runs the stanzas
# of MODEL.expect beside it (format in tests/expect.sh; %f is the model, %t a scratch file for
# a trace to replay) from the repository root.
set -u
bin=$(readlink -f "$1"); model=$(readlink -f "$2")
source "$(dirname "$0")/expect.sh"
cd "$(dirname "$0")/.." || exit 2
name=$(basename "$model" .dpu)
run_expect "$bin" "tests/regress/$name.dpu" "tests/regress/$name.expect"
[ "$expect_failures" -eq 0 ]
