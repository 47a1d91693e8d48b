#!/usr/bin/env bash
# run-smt-prove.sh DPUCHECK -- `check --engine smt --prove` on tests/smt/counter.dpu: an
# inductive invariant is proved at k=1, one that needs k=3 is proved at it and, with a smaller
# --max-k, by Spacer instead; a false one is violated at its shortest depth with a trace that
# replays; a proved lemma lets k-induction prove at k=1 what needs k=3 alone, a violated one is
# not assumed. On tests/smt/parity.dpu (not k-inductive for k <= 100) Spacer proves with a
# printed, checked invariant, and derives a violation beyond the bounded run. On
# models/sdpu_lemmas.dpu at N=2: the lemma Counting (messages in flight on a total channel)
# and freedom with it, each at k=1, and what --channel-capacity must be.
set -u
bin=$(readlink -f "$1")
cd "$(dirname "$0")/smt" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
expect() {  # expect CODE PATTERN ARGS...: exit code and a stdout line
  local code=$1 pattern=$2
  shift 2
  "$bin" check --engine smt -q "$@" "${model:-counter.dpu}" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -qE "$pattern" "$tmp/out"; then
    echo "FAIL: dpucheck check --engine smt $* exited $rc (expected $code) or printed no line matching '$pattern':"
    cat "$tmp/out" "$tmp/err"
    failures=$((failures + 1))
  else
    echo "ok: $* -> $(grep -E "$pattern" "$tmp/out" | head -1)"
  fi
}
expect 0 '^Small +holds: proved \(k-induction, k=1\)$' --prove -p Small --depth 1
expect 0 '^Not6 +holds: proved \(inductive invariant, [0-9]+ clauses?\)$' --prove --max-k 2 -p Not6 --depth 1
expect 0 'note: proof method: Spacer .* after k-induction up to k=2 did not prove it' --prove --max-k 2 -p Not6 --depth 1
expect 0 '^Not6 +holds: proved \(k-induction, k=3\)$' --prove --max-k 3 -p Not6 --depth 1
expect 3 '^Not6 +holds up to bound: no violation up to depth 5 ' -p Not6 --depth 5
expect 1 'note: violated at depth 3 ' --prove -p Not3 --depth 1 --trace-out "$tmp/t.json"
"$bin" replay counter.dpu "$tmp/t.json" >"$tmp/replay" 2>&1
if [ $? -ne 1 ]; then
  echo "FAIL: the trace of Not3 does not replay:"
  cat "$tmp/replay"
  failures=$((failures + 1))
fi
# strengthening lemmas: Small (k=1) makes Not6 1-inductive; Not3 is violated, never assumed
expect 0 '^Not6 +holds: proved \(k-induction, k=1\)$' --prove --max-k 1 --lemma Small -p Not6 --depth 1
expect 0 'note: assuming the proved lemmas Small$' --prove --max-k 1 --lemma Small -p Not6 --depth 1
expect 1 '^Not3 +violated' --prove --max-k 1 --lemma Not3 -p Not6 --depth 3
if grep -q 'assuming' "$tmp/out"; then
  echo "FAIL: a violated lemma was assumed:"
  cat "$tmp/out"
  failures=$((failures + 1))
fi
usage() {  # usage PATTERN ARGS...: exit 2 and a stderr line
  local pattern=$1
  shift
  "$bin" check --engine smt -q "$@" "${model:-counter.dpu}" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" -ne 2 ] || ! grep -qE -- "$pattern" "$tmp/err"; then
    echo "FAIL: dpucheck check --engine smt $* exited $rc (expected 2) or printed no error matching '$pattern':"
    cat "$tmp/out" "$tmp/err"
    failures=$((failures + 1))
  else
    echo "ok: $* -> $(grep -E -- "$pattern" "$tmp/err" | head -1)"
  fi
}
usage "no property named 'Nope'" --prove --lemma Nope -p Not6
usage "--lemma needs --prove" --lemma Small -p Not6
# Spacer on parity.dpu
model=parity.dpu
expect 0 '^Not201 +holds: proved \(inductive invariant, 1 clause\)$' --prove --max-k 2 -p Not201 --depth 1
expect 0 '^    note: invariant clause 1: .*C\.x' --prove --max-k 2 --show-invariant -p Not201 --depth 1
expect 3 '^Not10 +incomplete: .*Spacer derives a violation or a runtime error beyond that depth' --prove --max-k 2 -p Not10 --depth 2
expect 1 'note: violated at depth 5 ' --prove --max-k 2 -p Not10 --depth 5
usage "--show-invariant needs --prove" --show-invariant -p Not201
unset model
# -p names compare without spaces, as for the explicit engine; an unknown one lists the names
cd ../.. || exit 2
out=$("$bin" check --engine smt -q --depth 1 -p 'freedom(ct,mr)' -p ' strong_update( ct , mr ) ' models/sdpu.dpu 2>&1)
if ! grep -qE '^freedom\(ct, mr\) +holds up to bound' <<<"$out" ||
  ! grep -qE '^strong_update\(ct, mr\) +holds up to bound' <<<"$out"; then
  echo "FAIL: --engine smt -p with other spacing:"
  echo "$out"
  failures=$((failures + 1))
fi
out=$("$bin" check --engine smt -q --depth 1 -p 'freedom(ct,xx)' models/sdpu.dpu 2>&1)
if [ $? -ne 2 ] || ! grep -qF "its properties: replaceable(ct, mr), freedom(ct, mr)" <<<"$out"; then
  echo "FAIL: --engine smt -p with an unknown name:"
  echo "$out"
  failures=$((failures + 1))
fi
# S-DPU with its strengthening lemma (models/sdpu_lemmas.dpu) at N=2: Counting, which counts
# control messages in flight on the total channel, is 1-inductive, and assuming it makes
# freedom 1-inductive; without the lemma k=1 is not enough. The channels hold 3 entries, the
# most a run of S-DPU at N=2 has in flight (2N - 1; Counting implies it); with 2 the third
# would exceed the encoding, which a proof must exclude.
cd tests/smt || exit 2
model=../../models/sdpu_lemmas.dpu
lem=(--prove --depth 1 --max-k 1 --channel-capacity 3 -D N=2)
expect 0 '^Counting +holds: proved \(k-induction, k=1\)$' "${lem[@]}" -p Counting
expect 0 '^freedom\(ct, mr\) +holds: proved \(k-induction, k=1\)$' "${lem[@]}" --lemma Counting -p 'freedom(ct, mr)'
expect 0 'note: assuming the proved lemmas Counting$' "${lem[@]}" --lemma Counting -p 'freedom(ct, mr)'
expect 3 '^freedom\(ct, mr\) +incomplete' "${lem[@]}" --time-limit 8s -p 'freedom(ct, mr)'
expect 3 '^Counting +incomplete' --prove --depth 1 --max-k 1 --channel-capacity 2 --time-limit 8s -D N=2 -p Counting
usage "--channel-capacity: Value 65 not in range" --channel-capacity 65 -p Counting
unset model
"$bin" check -q --channel-capacity 6 -D N=2 ../../models/sdpu_lemmas.dpu >"$tmp/out" 2>&1
if [ $? -ne 2 ] || ! grep -qF -- "--channel-capacity needs --engine smt" "$tmp/out"; then
  echo "FAIL: --channel-capacity with the explicit engine:"
  cat "$tmp/out"
  failures=$((failures + 1))
fi
[ "$failures" -eq 0 ]
