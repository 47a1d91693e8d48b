#!/usr/bin/env bash
# run-step.sh DPUCHECK -- `dpucheck step` driven from a script on stdin, and `check
# --explain` (the same premises) on bundled counterexamples. Each step session
# tests/step/NAME.in must print exactly tests/step/NAME.out and exit 0 (end of input and
# `quit` both end it cleanly); bad command lines exit 2. Regenerate an .out by running its
# command line below and reading the diff.
set -u
bin=$(readlink -f "$1")
cd "$(dirname "$0")/.." || exit 2
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# session NAME ARGS...: stdin tests/step/NAME.in, stdout+stderr = tests/step/NAME.out, exit 0
session() {
  local name=$1 rc; shift
  timeout 60 "$bin" step "$@" <"tests/step/$name.in" >"$tmp/$name.out" 2>&1; rc=$?
  [ "$rc" -eq 0 ] || fail "step $* < $name.in exited $rc, expected 0"
  if diff -u "tests/step/$name.out" "$tmp/$name.out"; then echo "ok: step $* < $name.in = $name.out"
  else fail "step $* < tests/step/$name.in differs from tests/step/$name.out"; fi
}
session sdpu models/sdpu.dpu -D N=2
session sdpu_noidle models/sdpu_noidle.dpu

# The sessions pin what a student must see: S3's premise idle(ct) with the copies that were
# delivered, and the freedom violation of the loaded counterexample at its step 20.
grep -qF "idle(ct) at P[0]: S_S|P[0].ct = S_D|P[0].ct (m1 delivered, m2 delivered)" tests/step/sdpu.out ||
  fail "sdpu.out lacks the instantiated idle premise of S3"
grep -qF "  violates freedom(ct, mr):" tests/step/sdpu_noidle.out || fail "sdpu_noidle.out lacks the violation"

# Empty input: the initial state, the enabled steps, one prompt, exit 0.
out=$(timeout 10 "$bin" step models/sdpu.dpu -D N=2 </dev/null 2>&1); rc=$?
if [ "$rc" -eq 0 ] && grep -qF "   1  P[0].cons(m1)  call  (rule Comm)" <<<"$out"; then echo "ok: step at end of input"
else fail "step </dev/null exited $rc"; fi

# A step into a state whose invariant cannot be evaluated is refused, and says why
# (spec/semantics.md §3: the state's runtime error ends a run there).
out=$(printf '1\n1\n1\n' | timeout 10 "$bin" step tests/regress/state_check_error.dpu 2>&1); rc=$?
if [ "$rc" -eq 0 ] && grep -qF "step 1: evaluating ratio in the state reached: division by zero (a run ends there" <<<"$out"
then echo "ok: step into a state-check error is refused"
else fail "step into a state-check error exited $rc or did not say why"; fi

# A model that does not load, a missing file: exit 2 before any prompt.
printf 'model' >"$tmp/bad.dpu"
timeout 10 "$bin" step "$tmp/bad.dpu" </dev/null >"$tmp/o" 2>&1; rc=$?
[ "$rc" -eq 2 ] && ! grep -q 'step 0>' "$tmp/o" || fail "step on a bad model exited $rc, expected 2 without a prompt"
timeout 10 "$bin" step "$tmp/none.dpu" </dev/null >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "step on a missing file exited $rc, expected 2"

# check --explain: the counterexample with each step's premises (the code `step` uses),
# recorded in tests/explain/MODEL.PROPERTY.out without the timing line; its JSON carries the
# premises and still replays.
explain() {
  local model=$1 prop=$2 file=$3 rc
  timeout 120 "$bin" check --explain -q -p "$prop" "models/$model.dpu" 2>&1 | grep -Ev '^[0-9]+ states, ' >"$tmp/$file"
  if diff -u "tests/explain/$file" "$tmp/$file"; then echo "ok: check --explain $model -p '$prop' = $file"
  else fail "check --explain $model -p '$prop' differs from tests/explain/$file"; fi
  timeout 120 "$bin" check --explain -q -p "$prop" --trace-out "$tmp/e.json" "models/$model.dpu" >/dev/null 2>&1
  grep -q '"premises"' "$tmp/e.json" || fail "check --explain --trace-out wrote no premises"
  "$bin" replay "models/$model.dpu" "$tmp/e.json" >/dev/null 2>&1; rc=$?
  [ "$rc" -eq 1 ] || fail "the --explain trace of $model does not replay (exit $rc)"
}
explain ldpu 'freedom(ct, mr)' ldpu.freedom.out
explain sdpu_noidle 'freedom(ct, mr)' sdpu_noidle.freedom.out
grep -qF "rule (Replaceable) at P[0]: P[0]{mr/ct} satisfies Sanity-1 and Sanity-2" tests/explain/ldpu.freedom.out ||
  fail "ldpu.freedom.out lacks the instantiated (Replaceable) premise"
# Without --explain the text is the recorded counterexample (no premises).
timeout 60 "$bin" check -q -p 'freedom(ct, mr)' models/ldpu.dpu 2>&1 | grep -q 'because:' &&
  fail "check without --explain prints premises"

[ "$failures" -eq 0 ] && echo "all step checks passed"
exit $((failures > 0))
