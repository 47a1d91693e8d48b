#!/usr/bin/env bash
# run-regress-smt.sh DPUCHECK tests/regress/NAME.dpu -- a regression model through the SMT
# engine: every property both engines decide (holds / violated / error) gets the same verdict
# from `check --engine smt --depth D` (default 4, DPU_SMT_REGRESS_DEPTH) as from the explicit
# engine's `check`; what the SMT engine reports unsupported is listed, not failed (it decides
# less: no liveness, no sequences, ...), and so are verdicts it leaves undecided at depth D.
source "$(dirname "$0")/lib.sh"
model=tests/regress/$(basename "$2")
depth=${DPU_SMT_REGRESS_DEPTH:-4}
verdicts() {
  sed -nE 's/^(.*[^ ]) +(holds up to bound|holds|violated|incomplete|error|not supported|unsupported)(:| \(|$).*/\1\t\2/p' |
    grep -vE $'\t(holds up to bound|incomplete|not supported|unsupported)$'
}
ref_out=$(timeout -k 5 120 "$bin" check -q --all "$model" </dev/null 2>/dev/null)
smt_out=$(timeout -k 5 300 "$bin" check -q --engine smt --depth "$depth" "$model" </dev/null 2>/dev/null)
rc=$?
[ "$rc" -le 3 ] || fail "dpucheck check --engine smt --depth $depth $model exited $rc"
sed -nE 's/^(.*[^ ]) +unsupported: (.*)$/note: smt does not decide \1: \2/p' <<<"$smt_out"
ref=$(verdicts <<<"$ref_out")
got=$(verdicts <<<"$smt_out")
compared=0
while IFS=$'\t' read -r prop status; do
  [ -z "$prop" ] && continue
  other=$(awk -F'\t' -v p="$prop" '$1 == p { print $2 }' <<<"$got")
  [ -z "$other" ] && continue
  compared=$((compared + 1))
  [ "$other" = "$status" ] || fail "$model: $prop is '$status' (explicit) but '$other' (smt --depth $depth)"
done <<<"$ref"
# the SMT engine must not decide what the explicit engine does not (a violation it alone finds)
while IFS=$'\t' read -r prop status; do
  [ -z "$prop" ] && continue
  [ -n "$(awk -F'\t' -v p="$prop" '$1 == p { print $2 }' <<<"$ref")" ] ||
    fail "$model: smt says $prop is '$status', the explicit engine does not decide it"
done <<<"$got"
echo "$compared verdicts compared, $failures disagreements"
[ "$failures" -eq 0 ]
