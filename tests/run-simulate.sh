#!/usr/bin/env bash
# run-simulate.sh DPUCHECK -- `dpucheck simulate`: the same seed gives byte-identical output
# (twice, and equal to the recorded tests/sim/*.out), a violation found by a seed replays with
# `dpucheck replay`, a walk without violation says it proves nothing (never "holds"), and bad
# options exit 2. Regenerate an .out by running its command line below and reading the diff.
set -u
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

# golden NAME EXIT ARGS...: two runs, byte-identical, equal to tests/sim/NAME.out, exit EXIT
golden() {
  local name=$1 want=$2 rc1 rc2; shift 2
  timeout 60 "$bin" simulate "$@" >"$tmp/$name.1" 2>&1; rc1=$?
  timeout 60 "$bin" simulate "$@" >"$tmp/$name.2" 2>&1; rc2=$?
  [ "$rc1" -eq "$want" ] && [ "$rc2" -eq "$want" ] || fail "simulate $* exited $rc1/$rc2, expected $want"
  cmp -s "$tmp/$name.1" "$tmp/$name.2" || fail "simulate $*: two runs with one seed differ"
  if diff -u "tests/sim/$name.out" "$tmp/$name.1"; then echo "ok: simulate $* = tests/sim/$name.out"
  else fail "simulate $* differs from tests/sim/$name.out"; fi
}
golden sdpu_noidle.seed3 1 models/sdpu_noidle.dpu --seed 3 --steps 60 --runs 20
golden sdpu.seed1 0 models/sdpu.dpu --seed 1 --steps 50 --runs 3
golden sdpu_noidle.seed3.json 1 models/sdpu_noidle.dpu --seed 3 --steps 60 --runs 20 --json

# No violation: the honest wording, no property "holds" except the static replaceable check.
if grep -E ' holds' tests/sim/sdpu.seed1.out | grep -vq '^replaceable'; then
  fail "a walk without violation claims that a property holds"
fi
grep -qF "no violation in 3 runs of at most 50 steps (seed 1); simulation proves nothing" tests/sim/sdpu.seed1.out ||
  fail "sdpu.seed1.out lacks the no-violation sentence"
grep -qF "liveness is not checked by simulation" tests/sim/sdpu.seed1.out || fail "sdpu.seed1.out does not say liveness is unchecked"

# A violation found by a seed replays (through the shared JSON format).
"$bin" simulate models/sdpu_noidle.dpu --seed 3 --steps 60 --runs 20 --trace-out "$tmp/t.json" >/dev/null 2>&1
rc=$?; [ "$rc" -eq 1 ] || fail "simulate --trace-out exited $rc, expected 1"
out=$("$bin" replay models/sdpu_noidle.dpu "$tmp/t.json" 2>&1); rc=$?
if [ "$rc" -eq 1 ] && grep -qF "replay: the trace reaches a violation of freedom(ct, mr)" <<<"$out"; then
  echo "ok: the simulated trace replays"
else
  fail "replay of the simulated trace: exit $rc"; echo "$out" | tail -3
fi

# A failed assert and a runtime error found by a walk replay too.
for f in tests/runtime/assert_fails.dpu tests/runtime/out_of_range.dpu; do
  "$bin" simulate "$f" --steps 30 --runs 5 --trace-out "$tmp/r.json" >/dev/null 2>&1; rc=$?
  "$bin" replay "$f" "$tmp/r.json" >/dev/null 2>&1; rr=$?
  if [ "$rc" -eq 1 ] && [ "$rr" -eq 1 ]; then echo "ok: simulate $f finds the failure and it replays"
  else fail "simulate $f: exit $rc, replay exit $rr (expected 1 and 1)"; fi
done

# Bad options exit 2 with a message.
expect2() {
  local text=$1 err rc; shift
  err=$(timeout 60 "$bin" simulate "$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -eq 2 ] && grep -qF -- "$text" <<<"$err"; then echo "ok: simulate $* -> 2"
  else fail "simulate $*: exit $rc, stderr: $err"; fi
}
expect2 "--steps: expects a non-negative whole number, got '-1'" models/sdpu.dpu --steps -1
expect2 "--runs: expects a non-negative whole number, got '-3'" models/sdpu.dpu --runs -3
expect2 "--seed: expects a non-negative whole number, got 'x'" models/sdpu.dpu --seed x
expect2 "simulate needs at least one run of at least one step" models/sdpu.dpu --steps 0
expect2 "simulate needs at least one run of at least one step" models/sdpu.dpu --runs 0
expect2 "no property named 'nosuch' in the model" models/sdpu.dpu -p nosuch
expect2 "cannot open 'no/such.dpu'" no/such.dpu

[ "$failures" -eq 0 ]
