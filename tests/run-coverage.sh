#!/usr/bin/env bash
# run-coverage.sh DPUCHECK -- `--coverage`: a dead rule and a vacuous property are warned
# about (the rule in check and simulate),
# a model whose rules all fire gets no warning, and without the flag nothing about coverage
# is printed. Branch arms: the coverage section of tests/sim/branches.dpu is exactly
# tests/sim/branches.coverage.out (regenerate: `dpucheck check -q --coverage
# tests/sim/branches.dpu | sed -n '/^coverage (/,$p'`, and review the diff), and is the same
# for every --workers count on it and on bundled models with many branches.
set -u
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"
# has WANT TEXT ARGS...: stdout of dpucheck ARGS contains TEXT (WANT=1) or not (WANT=0)
has() {
  local want=$1 text=$2 out got; shift 2
  out=$(timeout 60 "$bin" "$@" 2>/dev/null)
  grep -qF -- "$text" <<<"$out" && got=1 || got=0
  if [ "$got" -eq "$want" ]; then echo "ok: dpucheck $* $([ "$want" -eq 1 ] && echo has || echo lacks) '$text'"
  else fail "dpucheck $*: expected $([ "$want" -eq 1 ] && echo to find || echo not to find) '$text'"; echo "$out"; fi
}
dead="warning: rule Never at C never fired: it is enabled in no explored state"
has 1 "$dead" check -q --coverage tests/sim/dead_rule.dpu
has 1 "  rule Step at C   2" check -q --coverage tests/sim/dead_rule.dpu
has 1 "  call 0 deliver 0 rule 3 handler 0 crash 0 recover 0" check -q --coverage tests/sim/dead_rule.dpu
has 1 '"never_fired": [' check -q --coverage --json tests/sim/dead_rule.dpu
has 1 '"rule Never at C"' check -q --coverage --json tests/sim/dead_rule.dpu
has 1 "warning: rule Never at C never fired: no walk took it" simulate --coverage --seed 1 --steps 20 tests/sim/dead_rule.dpu
has 1 "warning: property NeverBig holds vacuously: the left side of its implication is never true" check -q --coverage tests/sim/dead_rule.dpu
has 0 "warning: property Small" check -q --coverage tests/sim/dead_rule.dpu
has 0 "warning:" check -q --coverage tests/sim/live_rules.dpu
has 1 "  rule Reset at C  1" check -q --coverage tests/sim/live_rules.dpu
# Branch arms: the recorded section, the JSON form, the walks' wording.
section() { timeout 120 "$bin" "$@" 2>/dev/null | sed -n '/^coverage (/,$p'; }
if diff -u tests/sim/branches.coverage.out <(section check -q --coverage tests/sim/branches.dpu); then
  echo "ok: check --coverage tests/sim/branches.dpu = tests/sim/branches.coverage.out"
else
  fail "check --coverage tests/sim/branches.dpu differs from tests/sim/branches.coverage.out"
fi
has 1 '"arm": "no condition held",' check -q --coverage --json tests/sim/branches.dpu
has 1 '"branch 43:7 else (handler ping at C)"' check -q --coverage --json tests/sim/branches.dpu
has 1 "warning: branch 29:9 or (rule Pick at C) never taken: no walk ran it" simulate --coverage --seed 1 --steps 30 tests/sim/branches.dpu
has 0 "warning: branch" check -q --coverage tests/sim/live_rules.dpu
# The same counts for every worker count, also when the search stops at a violation.
for args in "-q tests/sim/branches.dpu" "-q --all models/web_comments_lostcomments.dpu" \
            "-q --all models/simulation_objects_remember.dpu" "-q models/mdcd_literal.dpu"; do
  # shellcheck disable=SC2086
  one=$(section check --coverage --workers 1 $args)
  grep -q '^  branch ' <<<"$one" || fail "check --coverage $args: no branch counted"
  for w in 2 4; do
    # shellcheck disable=SC2086
    if [ "$(section check --coverage --workers $w $args)" = "$one" ]; then echo "ok: --coverage $args: --workers $w = --workers 1"
    else fail "check --coverage $args: --workers $w counts differ from --workers 1"; fi
  done
done
# Without the flag: no coverage at all (the normal output is unchanged).
has 0 "coverage" check -q tests/sim/dead_rule.dpu
has 0 "never fired" check -q tests/sim/dead_rule.dpu
has 0 '"coverage"' check -q --json tests/sim/dead_rule.dpu
[ "$failures" -eq 0 ]
