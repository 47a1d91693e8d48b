#!/usr/bin/env bash
# run-dot.sh DPUCHECK ROOT -- `check --dot`: the reachable state graph as Graphviz DOT, the
# same states and steps the search counts, terminal states and failed asserts marked, and a
# state space above the limit refused before the search, saying how to shrink the model.
set -u
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"
nodes() { grep -c '^  s[0-9]* \[label=' "$1"; }
edges() { grep -c '^  s[0-9]* -> [sf][0-9]* \[' "$1"; }

# 1. The graph has the states and transitions the search explores (no property monitor
#    splits a state here: `-p deadlock` adds none).
for m in tests/viewer/spin.dpu tests/viewer/pingpong.dpu; do
  out=$(timeout 60 "$bin" check -p deadlock "$m" --dot "$tmp/g.dot" 2>"$tmp/err")
  rc=$?
  [ $rc -eq 0 ] || fail "$m: check --dot exited $rc: $(cat "$tmp/err")"
  states=$(sed -n 's/^\([0-9]*\) states, \([0-9]*\) transitions.*/\1/p' <<<"$out")
  transitions=$(sed -n 's/^\([0-9]*\) states, \([0-9]*\) transitions.*/\2/p' <<<"$out")
  [ "$(nodes "$tmp/g.dot")" = "$states" ] || fail "$m: $(nodes "$tmp/g.dot") nodes, the search counts $states states"
  [ "$(edges "$tmp/g.dot")" = "$transitions" ] || fail "$m: $(edges "$tmp/g.dot") edges, the search counts $transitions transitions"
  grep -q "wrote $tmp/g.dot: $states states, $transitions steps" "$tmp/err" || fail "$m: no 'wrote' line: $(cat "$tmp/err")"
  head -2 "$tmp/g.dot" | grep -q '^digraph states {$' || fail "$m: not a digraph"
  [ "$(tail -1 "$tmp/g.dot")" = "}" ] || fail "$m: the graph is not closed"
  # every edge joins drawn nodes
  for e in $(grep -o '^  s[0-9]* -> s[0-9]*' "$tmp/g.dot" | tr -d ' ' | sed 's/->/ /' | tr ' ' '\n' | sort -u); do
    grep -q "^  $e \[label=" "$tmp/g.dot" || fail "$m: an edge names $e, which is not drawn"
  done
  echo "ok: $m: $states states, $transitions steps"
done
# The spin model exactly: 9 states, 18 steps, the initial state bold and listing both x.
timeout 60 "$bin" check -q tests/viewer/spin.dpu --dot "$tmp/spin.dot" > /dev/null 2>&1
grep -qF '  s0 [label="state 0 (initial)\lC[0].x = 0\lC[1].x = 0\l", style=bold];' "$tmp/spin.dot" \
  || fail "spin: the initial state is not drawn as expected: $(grep '^  s0 ' "$tmp/spin.dot")"
grep -qF '  s0 -> s1 [label="spin at C[0]  (rule spin)"];' "$tmp/spin.dot" || fail "spin: no step s0 -> s1"
grep -q 'peripheries=2' "$tmp/spin.dot" && fail "spin: a state drawn terminal, none is"

# 2. A state where nothing is enabled has a double border; a failed assert ends in a red octagon.
timeout 60 "$bin" check -q tests/viewer/assert_end.dpu --dot "$tmp/a.dot" > /dev/null 2>&1
[ "$(nodes "$tmp/a.dot")" = 3 ] || fail "assert_end: $(nodes "$tmp/a.dot") states, expected 3"
grep -qF 'f0 [shape=octagon, color=red, label="x reached 2"];' "$tmp/a.dot" || fail "assert_end: no failed-assert node"
grep -qF '  s2 -> f0 [label="fail at C  (rule fail)", color=red];' "$tmp/a.dot" || fail "assert_end: no red step to it"
grep -q '^  s2 \[.*peripheries=2' "$tmp/a.dot" && fail "assert_end: state 2 has a step (the failing one) but is drawn terminal"

# 3. Above the limit: refused before the search (exit 2, no file), with how to shrink.
err=$(timeout 60 "$bin" check -q models/sdpu.dpu --dot "$tmp/big.dot" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || fail "sdpu --dot exited $rc, expected 2"
grep -qF -- "--dot: the state space has more than 10000 states (--dot-max-states): shrink the model" <<<"$err" \
  || fail "sdpu --dot: '$err'"
[ -e "$tmp/big.dot" ] && fail "sdpu --dot: a refused graph left a file"
err=$(timeout 60 "$bin" check -q tests/viewer/spin.dpu --dot "$tmp/s.dot" --dot-max-states 8 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -qF "more than 8 states" <<<"$err" || fail "spin --dot-max-states 8: exit $rc, '$err'"
timeout 60 "$bin" check -q tests/viewer/spin.dpu --dot "$tmp/s.dot" --dot-max-states 9 > /dev/null 2>&1
[ "$(nodes "$tmp/s.dot")" = 9 ] || fail "spin --dot-max-states 9: not drawn"
err=$(timeout 60 "$bin" check -q tests/viewer/spin.dpu --dot-max-states 9 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -qF -- "--dot-max-states needs --dot FILE" <<<"$err" || fail "--dot-max-states alone: exit $rc, '$err'"
err=$(timeout 60 "$bin" check --static models/sdpu.dpu --dot "$tmp/s.dot" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -qF -- "cannot be combined with --dot" <<<"$err" || fail "--static --dot: exit $rc, '$err'"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all --dot cases pass"
