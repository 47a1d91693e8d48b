#!/usr/bin/env bash
# smt.sh [N] [SECONDS] -- the SMT engine on S-DPU: `check --engine smt --prove` of freedom and
# of strong_update's safety part at N stacks (default 6), each under a time limit (default
# 300 s), with the wall-clock time of each run: first with the strengthening lemma Counting of
# models/sdpu_lemmas.dpu (k-induction at k=1, channels of 2N - 1 entries), then Spacer alone
# and the plain runs without lemmas; then the explicit engine at N=4 under the same limit, for
# comparison. Prints what each run decided. Run from the repository root after building
# (./build/dpucheck).
set -u
n=${1:-6}
limit=${2:-300}
bin=./build/dpucheck
run() {
  echo "\$ dpucheck $*"
  local t0 t1
  t0=$(date +%s.%N)
  "$bin" "$@" 2>&1 | grep -vE '^ +[0-9]+  |^        ' | grep -v '^$' | tail -12
  t1=$(date +%s.%N)
  echo "wall clock: $(echo "$t1 - $t0" | bc) s"
  echo
}
cap=$((2 * n - 1))
lem=(check --engine smt --prove --depth 1 --max-k 1 --channel-capacity "$cap" --time-limit "${limit}s" --lemma Counting)
run "${lem[@]}" -p 'freedom(ct, mr)' -D N="$n" models/sdpu_lemmas.dpu
run "${lem[@]}" -p 'strong_update(ct, mr)' -D N="$n" models/sdpu_lemmas.dpu
run check --engine smt --prove --depth 1 --max-k 0 --channel-capacity "$cap" --time-limit "${limit}s" -p 'freedom(ct, mr)' -D N="$n" models/sdpu.dpu
run check --engine smt --prove --depth 1 --max-k 10 --time-limit "${limit}s" -p 'freedom(ct, mr)' -D N="$n" models/sdpu.dpu
run check --engine smt --prove --depth 1 --max-k 10 --time-limit "${limit}s" -p 'strong_update(ct, mr)' -D N="$n" models/sdpu.dpu
run check --engine smt --depth 6 --time-limit "${limit}s" -p 'freedom(ct, mr)' -D N="$n" models/sdpu.dpu
run check -q --time-limit "${limit}s" -p 'freedom(ct, mr)' -D N=4 models/sdpu.dpu
