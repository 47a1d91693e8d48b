#!/usr/bin/env bash
# run-cli-errors.sh DPUCHECK -- bad command lines get a clear message and exit 2 (never a
# crash, a hang or a silent pass); good ones exercise the documented exit codes.
set -u
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"
# expect EXIT STDERR_SUBSTRING -- ARGS...
expect() {
  local want=$1 text=$2; shift 3
  local err rc
  err=$(timeout 60 "$bin" "$@" 2>&1 >/dev/null < /dev/null); rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: dpucheck $* exited $rc, expected $want"; echo "$err" | head -5; failures=$((failures + 1))
  elif ! grep -qF -- "$text" <<<"$err"; then
    echo "FAIL: dpucheck $*: stderr lacks '$text'"; echo "$err" | head -5; failures=$((failures + 1))
  else
    echo "ok: dpucheck $* -> $rc"
  fi
}
expect 2 "A subcommand is required" --
expect 2 "file is required" -- check
expect 2 "dpucheck: error: cannot open 'no/such/model.dpu'" -- check no/such/model.dpu
expect 2 "-D expects NAME=INTEGER (e.g. -D N=4), got 'N'" -- check -D N models/sdpu.dpu
expect 2 "--fingerprint-bits expects 64 or 128, got 96" -- check --fingerprints --fingerprint-bits 96 models/sdpu.dpu
expect 2 "--fingerprint-bits needs --fingerprints" -- check --fingerprint-bits 128 models/sdpu.dpu
expect 2 "-D expects NAME=INTEGER (e.g. -D N=4), got 'N=three'" -- check -D N=three models/sdpu.dpu
expect 2 "error: unknown constant 'X' in -D X=3" -- parse -D X=3 models/sdpu.dpu
expect 2 "stack family 'P' is empty" -- check -D N=0 models/sdpu.dpu
expect 2 "--depth: expects a non-negative whole number, got 'abc'" -- check --depth abc models/sdpu.dpu
expect 2 "no property named 'nonsense' in the model" -- check -p nonsense models/sdpu.dpu
# -p compares names without spaces, and a miss lists the model's property names
expect 2 "no property named 'nonsense' in the model (its properties: replaceable(ct, mr), freedom(ct, mr), strong_update(ct, mr), weak_update(ct, mr), order(cons), terminates, deadlock)" -- check -p nonsense models/sdpu.dpu
expect 1 "" -- check -q -p 'freedom(ct,mr)' models/sdpu_noidle.dpu
expect 1 "" -- check -q -p ' freedom( ct ,mr ) ' models/sdpu_noidle.dpu
out=$(timeout 60 "$bin" check -q -p 'freedom(ct,mr)' models/sdpu_noidle.dpu 2>&1)
grep -q "^Counterexample for freedom(ct, mr):" <<<"$out" || fail "-p 'freedom(ct,mr)' does not check freedom(ct, mr)"
expect 2 "unknown constant 'X' in -D X=3 (the model declares no such constant; its constants: M, N)" -- parse -D X=3 models/sdpu.dpu
expect 2 "is not valid JSON" -- replay models/sdpu.dpu models/sdpu.dpu
expect 2 "cannot open the trace 'no/such/trace.json': No such file or directory" -- replay models/sdpu.dpu no/such/trace.json
# Every input is read with a size bound and said what it is; NUL is an error where it occurs.
expect 2 "dpucheck: error: the trace '$tmp' is a directory" -- replay models/sdpu.dpu "$tmp"
expect 2 "dpucheck: error: '$tmp' is a directory" -- parse "$tmp"
expect 2 "/dev/zero:1:1: error: unexpected NUL byte" -- parse /dev/zero
expect 2 "the trace '/dev/zero' holds a NUL byte at offset 0" -- replay models/sdpu.dpu /dev/zero
printf '{"properties": []}\0junk' >"$tmp/nul.json"
expect 2 "the trace '$tmp/nul.json' holds a NUL byte at offset 18" -- replay models/sdpu.dpu "$tmp/nul.json"
truncate -s 65M "$tmp/big.dpu"
expect 2 "'$tmp/big.dpu' is larger than 64 MiB (the limit for an input file)" -- parse "$tmp/big.dpu"
expect 2 "the trace '$tmp/big.dpu' is larger than 64 MiB" -- replay models/sdpu.dpu "$tmp/big.dpu"
expect 2 "is not a regular file and gives more than 64 MiB" -- parse <(yes 'const N = 1')
# Option values are checked: a boolean is no integer (and the other way round), a count is
# never negative, and --static does not drop --json, --trace-out or -p silently.
expect 2 "override -D N=true gives a boolean to the integer constant 'N' (use a whole number)" -- check -q -D N=true models/sdpu.dpu
expect 2 "override -D GUARDED=1 gives an integer to the boolean constant 'GUARDED' (use true or false)" -- parse -D GUARDED=1 models/byzantine_install.dpu
expect 0 "" -- parse -D GUARDED=true models/byzantine_install.dpu
expect 2 "--depth: expects a non-negative whole number, got '-1'" -- check -q --depth -1 models/sdpu.dpu
expect 2 "--max-states: expects a non-negative whole number, got '-5'" -- check -q --max-states -5 models/sdpu.dpu
expect 2 "--static prints its verdicts as text: it cannot be combined with --json" -- check --static --json models/sdpu.dpu
expect 2 "--static prints its verdicts as text: it cannot be combined with --trace-out" -- check --static --trace-out "$tmp/s.json" models/sdpu.dpu
expect 2 "no static property named 'nosuch'" -- check --static -p nosuch models/sdpu.dpu
expect 0 "" -- check --static -p "replaceable(ct, mr)" models/sdpu.dpu
# A limit reached before a verdict is "incomplete" (exit 3), not a pass.
expect 3 "" -- check -q --max-states 100 models/sdpu.dpu
expect 3 "" -- check -q --depth 3 models/sdpu.dpu
# An engine limit is refused before anything of its size is built (was bad_alloc after seconds).
expect 3 "" -- check -q -D M=100000000 models/sdpu.dpu
# -D really changes the model: with one stack the update still holds.
expect 0 "" -- check -q -D N=1 models/sdpu.dpu

# An unwritable --trace-out is refused before the search; a write that fails after it still
# prints the result and keeps the verdict's exit code; a regular path is written atomically.
expect 2 "cannot write the trace to '$tmp': it is a directory" -- check -q --trace-out "$tmp" models/ldpu.dpu
expect 2 "cannot write the trace to '$tmp/no/x.json': the folder '$tmp/no' does not exist" -- check -q --trace-out "$tmp/no/x.json" models/ldpu.dpu
expect 1 "cannot write the trace to '/dev/full': No space left on device" -- check -q --trace-out /dev/full models/ldpu.dpu
out=$(timeout 60 "$bin" check -q --trace-out /dev/full models/ldpu.dpu 2>/dev/null)
grep -q '^freedom(ct, mr) *violated' <<<"$out" || fail "--trace-out /dev/full: the verdicts are not on stdout"
timeout 60 "$bin" check -q --trace-out "$tmp/t.json" models/ldpu.dpu >/dev/null; rc=$?
if [ "$rc" -ne 1 ] || ! grep -q '"overall": "violated"' "$tmp/t.json" || ls "$tmp"/t.json.tmp-* >/dev/null 2>&1; then
  fail "--trace-out $tmp/t.json: exit $rc, or the file is incomplete, or a temporary file is left"
else
  echo "ok: --trace-out writes the whole result and leaves no temporary file"
fi

# a deadlock in a model without `end when` says how to declare a normal end
printf 'service s order none\nmodule a : (s, {})\nstacks P[2] { a bound }\nworkload s broadcast 1 per stack\n' >"$tmp/no_end.dpu"
out=$(timeout 60 "$bin" check -q "$tmp/no_end.dpu" 2>&1); rc=$?
if [ "$rc" -ne 1 ] || ! grep -qF 'does not allow deadlock (if the run is meant to end here, add `end when PREDICATE` for its expected end states, or `allow deadlock`)' <<<"$out"; then
  fail "a deadlock without end when: exit $rc, no hint"; echo "$out" | tail -3
else echo "ok: a deadlock without end when gets the end when / allow deadlock hint"; fi

# fmt refuses an integer literal that parse refuses, with the same positioned error (one
# definition of the range check), and prints nothing on stdout
expect 2 "tests/bad/integer_400_digits.dpu:2:11: error: integer literal '1234567890" -- fmt tests/bad/integer_400_digits.dpu
printf 'const N = 9223372036854775807\nconst M = 9223372036854775808\n' >"$tmp/big_lit.dpu"
expect 2 "big_lit.dpu:2:11: error: integer literal '9223372036854775808' is out of range (the largest is 9223372036854775807)" -- fmt "$tmp/big_lit.dpu"
expect 2 "big_lit.dpu:2:11: error: integer literal '9223372036854775808' is out of range (the largest is 9223372036854775807)" -- parse "$tmp/big_lit.dpu"
[ -z "$(timeout 60 "$bin" fmt "$tmp/big_lit.dpu" 2>/dev/null)" ] || fail "fmt printed a model with an out-of-range literal"
printf 'process P {\n  var x : 0..3 = 0\n  rule r when x < 99999999999999999999 { x := 1 }\n}\n' >"$tmp/big_lit2.dpu"
expect 2 "big_lit2.dpu:3:19: error: integer literal '99999999999999999999' is out of range" -- fmt "$tmp/big_lit2.dpu"

# replay checks a step's byzantine mark against its own reading of the faulty processes: the
# faulty P[1]'s step marked false, or the correct Q's marked true, is refused.
"$bin" check -q --trace-out "$tmp/bm.json" tests/regress/byzantine_mark.dpu >/dev/null 2>&1
sed 's/"byzantine": true/"byzantine": false/' "$tmp/bm.json" >"$tmp/bm_false.json"
out=$(timeout 60 "$bin" replay tests/regress/byzantine_mark.dpu "$tmp/bm_false.json" 2>&1); rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "the trace marks this step as not byzantine, but Set at P\[1\] is a faulty process's step" <<<"$out"; then
  fail "replay of a faulty step marked not byzantine: exit $rc"; echo "$out" | head -3
else echo "ok: replay refuses a faulty step marked not byzantine"; fi
sed 's/"rule": "rule Go"/"rule": "rule Go", "byzantine": true/' "$tmp/bm.json" >"$tmp/bm_true.json"
out=$(timeout 60 "$bin" replay tests/regress/byzantine_mark.dpu "$tmp/bm_true.json" 2>&1); rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "the trace marks this step byzantine, but Go at Q is not a faulty process's step" <<<"$out"; then
  fail "replay of a correct step marked byzantine: exit $rc"; echo "$out" | head -3
else echo "ok: replay refuses a correct step marked byzantine"; fi

# replay reads the trace's top-level fields: its constants (unless -D sets them, which is
# said), its format version, its model name.
"$bin" check -q -D N=2 --trace-out "$tmp/n2.json" models/ldpu.dpu >/dev/null 2>&1
out=$(timeout 60 "$bin" replay models/ldpu.dpu "$tmp/n2.json" 2>&1); rc=$?
if [ "$rc" -ne 1 ] || ! grep -q "^using the trace's constants N=2" <<<"$out"; then
  fail "replay of a -D N=2 trace without -D: exit $rc"; echo "$out" | head -3
else echo "ok: replay uses the trace's constants"; fi
out=$(timeout 60 "$bin" replay -D N=3 models/ldpu.dpu "$tmp/n2.json" 2>&1)
grep -q "^the trace was made with other constants: N=2 (-D gives 3)" <<<"$out" || fail "replay -D N=3 of an N=2 trace does not say the constants differ"
sed 's#dpucheck-result/2#dpucheck-result/9#' "$tmp/n2.json" >"$tmp/f9.json"
expect 2 "has format \"dpucheck-result/9\": this dpucheck reads only \"dpucheck-result/2\"" -- replay models/ldpu.dpu "$tmp/f9.json"
expect 2 "warning: the trace was made from the model 'models/ldpu.dpu', not 'models/sdpu_noidle.dpu'" -- replay models/sdpu_noidle.dpu counterexamples/ldpu.freedom.json
# replay prints its own name of each step, and refuses a step whose label (action, rule)
# names another step: a forged label is never printed as if it had been replayed.
sed 's#"action": "Start at P\[0\]"#"action": "Start at P[2]"#' counterexamples/ldpu.freedom.json >"$tmp/forged.json"
cmp -s counterexamples/ldpu.freedom.json "$tmp/forged.json" && fail "the forged trace is not forged (sed matched nothing)"
# replay_refuses TRACE TEXT: exit 2, stdout says TEXT, and no "ok" line shows the forged label
replay_refuses() {
  local out rc
  out=$(timeout 60 "$bin" replay models/ldpu.dpu "$1" 2>&1); rc=$?
  if [ "$rc" -ne 2 ] || ! grep -qF -- "$2" <<<"$out"; then
    fail "replay of $(basename "$1"): exit $rc, expected 2 and '$2'"; echo "$out" | tail -3
  elif grep '^ok ' <<<"$out" | grep -qF -- "$3"; then
    fail "replay of $(basename "$1") printed the forged label '$3' as replayed"
  else echo "ok: replay refuses $(basename "$1")"; fi
}
replay_refuses "$tmp/forged.json" 'replay: step 2: the trace calls this step "Start at P[2]", but the step it describes is Start at P[0]' "P[2]"
sed 's#"rule": "rule Start"#"rule": "handler Update"#' counterexamples/ldpu.freedom.json >"$tmp/forged_rule.json"
replay_refuses "$tmp/forged_rule.json" 'replay: step 2: the trace gives this step the rule "handler Update", but Start at P[0] is rule Start' "handler Update"


# After the error cap nothing more is printed: 200,000 duplicate declarations give 50 errors
# (each with its "first declared here" note), one "too many errors" note and a summary that
# agrees with the errors shown.
awk 'BEGIN { for (i = 0; i <= 200000; i++) print "const A = 1" }' >"$tmp/dup.dpu"
timeout 60 "$bin" parse "$tmp/dup.dpu" >/dev/null 2>"$tmp/dup.err"; rc=$?
size=$(wc -c <"$tmp/dup.err") errors=$(grep -c ': error: ' "$tmp/dup.err") notes=$(grep -c ': note: ' "$tmp/dup.err")
if [ "$rc" -ne 2 ] || [ "$size" -gt 100000 ] || [ "$errors" -ne 50 ] || [ "$notes" -ne 51 ] ||
   ! grep -q '^50 errors in ' "$tmp/dup.err"; then
  fail "200,000 duplicates: exit $rc, $size bytes of stderr, $errors errors, $notes notes"
else
  echo "ok: 200,000 duplicate declarations -> $size bytes of stderr, $errors errors"
fi
# A property decided without exploring (the static rule Replaceable) selected by -p is decided
# without a state search: one state (the initial one), no transition.
for model_want in "sdpu:0" "sdpu_unreplaceable:1"; do
  model=${model_want%%:*} want=${model_want#*:}
  out=$(timeout 60 "$bin" check -q -p 'replaceable(ct, mr)' "models/$model.dpu" 2>&1 </dev/null); rc=$?
  if [ "$rc" -ne "$want" ] || ! grep -q '^1 states, 0 transitions' <<<"$out"; then
    fail "check -p 'replaceable(ct, mr)' models/$model.dpu explored (or exited $rc): $(tail -1 <<<"$out")"
  else
    echo "ok: check -p 'replaceable(ct, mr)' models/$model.dpu -> $rc without a search"
  fi
done
[ "$failures" -eq 0 ]
