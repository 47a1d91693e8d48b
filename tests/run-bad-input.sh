#!/usr/bin/env bash
# run-bad-input.sh DPUCHECK DIR/NAME.dpu -- one bad-input test: runs `dpucheck parse NAME.dpu`
# inside DIR (so diagnostics name the file as NAME.dpu) and checks DIR/NAME.expect (format in
# tests/expect.sh). Every bad input must exit 2 with a positioned diagnostic.
set -u
bin=$(readlink -f "$1"); file=$2
source "$(dirname "$0")/expect.sh"
cd "$(dirname "$file")" || exit 2
name=$(basename "$file" .dpu)
if ! grep -qx 'exit: *2' "$name.expect" 2>/dev/null; then
  expect_fail "$name.expect must require 'exit: 2' (a bad input is an input error)"
fi
run_expect "$bin" "$name.dpu" "$name.expect"
[ "$expect_failures" -eq 0 ]
