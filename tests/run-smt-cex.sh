#!/usr/bin/env bash
# run-smt-cex.sh DPUCHECK counterexamples/MODEL.PROP.txt -- the SMT engine must find a
# violation of PROP of the same length as the explicit engine's shortest counterexample (BMC
# reports the first violating depth, so a run to that depth that finds it there finds no
# shorter one), with the same verdict line, and its trace must replay (`dpucheck replay`).
# Exit 77 (ctest: skipped) when the SMT engine reports the property unsupported, or when the
# trace is longer than DPU_SMT_CEX_MAX_DEPTH steps (default 8: bounded model checking grows
# quickly with depth); the message says which.
set -u
# shellcheck source=tests/lib-cex.sh
source "$(dirname "$0")/lib-cex.sh"
steps=$(grep -c '^ *[0-9]\+  ' "$cex")
len=$((steps - 1))
max=${DPU_SMT_CEX_MAX_DEPTH:-8}
if [ "$len" -gt "$max" ]; then
  echo "skipped: the counterexample has $len steps, beyond the SMT cross-check depth $max"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout 600 "$bin" check --engine smt --depth "$len" -q -p "$prop" --trace-out "$tmp/t.json" "$model" >"$tmp/out" 2>"$tmp/err"
rc=$?
if head -1 "$tmp/out" | grep -F -- "$prop" | grep -q ' unsupported: '; then
  echo "skipped: the SMT engine does not decide $prop on $model: $(head -1 "$tmp/out")"
  exit 77
fi
fail() { echo "FAIL: $*"; cat "$tmp/out" "$tmp/err"; exit 1; }
[ "$rc" -eq 1 ] || fail "dpucheck check --engine smt --depth $len -p '$prop' $model exited $rc, expected 1"
grep -q "note: violated at depth $len (bounded model checking, shortest)" "$tmp/out" ||
  fail "the SMT engine's shortest violation is not at depth $len"
want=$(grep '^violated: ' "$cex")
got=$(grep '^violated: ' "$tmp/out")
[ "$want" = "$got" ] || fail "verdict line differs: explicit '$want', smt '$got'"
"$bin" replay "$model" "$tmp/t.json" >"$tmp/replay" 2>&1
[ $? -eq 1 ] || { cat "$tmp/replay"; fail "the SMT engine's trace does not replay"; }
echo "ok: the SMT engine finds $prop on $model at depth $len, as the explicit engine, and its trace replays"
