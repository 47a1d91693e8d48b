#!/usr/bin/env bash
# run-distributed-cli.sh DPUCHECK -- `check --distributed` as a user meets it (spec/distributed.md):
# without mpirun it is a job of one rank; options that run in one process are refused (exit
# 2); liveness is never guessed ("liveness needs one process", exit 3); a violation is exit 1
# from mpirun, its --trace-out written once (by rank 0) and replayable; the time and memory
# limits end the job incomplete (exit 3) with their reason.
set -u
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/mpirun.sh"

expect_run() {  # expect_run NAME EXIT PATTERN CMD...: exit code and a pattern of stdout+stderr
  local name=$1 code=$2 pattern=$3
  shift 3
  "$@" >"$tmp/out" 2>&1 </dev/null
  local rc=$?
  if [ "$rc" -ne "$code" ]; then
    fail "$name: exit $rc, expected $code"
    head -20 "$tmp/out"
  elif ! grep -qE -- "$pattern" "$tmp/out"; then
    fail "$name: no line matches '$pattern'"
    head -20 "$tmp/out"
  else
    echo "ok: $name"
  fi
}

expect_run "one rank without mpirun" 3 '^terminates +incomplete: liveness needs one process' \
  "$bin" check -q --distributed -D N=2 models/sdpu.dpu
grep -qE '^freedom\(ct, mr\) +holds$' "$tmp/out" || fail "one rank without mpirun: freedom does not hold"
expect_run "--dfs refused" 2 '.-dfs runs in one process' "$bin" check --distributed --dfs models/sdpu.dpu
expect_run "--coverage refused" 2 '.-coverage runs in one process' \
  "$bin" check --distributed --coverage models/sdpu.dpu
expect_run "liveness on 2 ranks" 3 '^terminates +incomplete: liveness needs one process' \
  mpi 2 check -q --distributed -D N=2 models/sdpu.dpu

expect_run "a violation on 2 ranks" 1 '^freedom\(ct, mr\) +violated' \
  mpi 2 check -q --distributed -p 'freedom(ct,mr)' models/sdpu_noidle.dpu --trace-out "$tmp/t.json"
"$bin" replay models/sdpu_noidle.dpu "$tmp/t.json" >"$tmp/replay" 2>&1
[ $? -eq 1 ] || fail "the trace of 2 ranks does not replay as a violation: $(tail -1 "$tmp/replay")"
left=$(find "$tmp" -name 't.json.tmp-*' | wc -l)
[ "$left" -eq 0 ] || fail "$left temporary trace files left by the ranks"
"$bin" check -q -p 'freedom(ct,mr)' models/sdpu_noidle.dpu --trace-out "$tmp/one.json" >/dev/null 2>&1
cmp -s <(grep -vE '"(seconds|memory_bytes)"' "$tmp/one.json") <(grep -vE '"(seconds|memory_bytes)"' "$tmp/t.json") ||
  fail "the trace file of 2 ranks differs from one process's"

# more states than a second or a few MiB hold
expect_run "time limit on 2 ranks" 3 'incomplete: the time limit \(1 s\) was reached' \
  mpi 2 check -q --distributed --fingerprints -D M=2 --time-limit 1 models/sdpu.dpu
expect_run "memory limit on 2 ranks" 3 'incomplete: the memory limit \(4.0 MiB per rank\) was reached' \
  mpi 2 check -q --distributed -D M=2 --memory 4M models/sdpu.dpu

echo "$failures failures"
[ "$failures" -eq 0 ]
