#!/usr/bin/env bash
# run-checkpoint.sh DPUCHECK -- a run stopped by a limit or a signal with --checkpoint DIR,
# then continued with --resume DIR, prints what an uninterrupted run prints (verdicts,
# counterexamples, states, transitions, depth; the time and memory figures aside), in both
# storage modes and both search orders; a corrupt, truncated or mismatched checkpoint is
# refused with exit 2. No timing assertions.
set -u
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"
# the summary line without its time and memory figures
norm() { sed -E 's/, [0-9.]+ s, [0-9.]+ MiB( \([0-9.]+ bytes\/state\))?/, (time, memory)/'; }

# stop_resume NAME MODEL STOP-OPTIONS -- SEARCH-OPTIONS...
stop_resume() {
  local name=$1 model=$2 stop=$3; shift 4
  rm -rf "$tmp/ck"
  # shellcheck disable=SC2086
  timeout 300 "$bin" check -q "$@" $stop --checkpoint "$tmp/ck" "$model" > "$tmp/stop.out"; rc=$?
  # a run without --all may find its violation and end before the limit: nothing to resume
  if ! grep -q 'was reached' "$tmp/stop.out"; then echo "note: $name ended before the limit"; return; fi
  if [ "$rc" -ne 3 ] && [ "$rc" -ne 1 ]; then fail "$name: the stopped run exited $rc, expected 3 (or 1)"; return; fi
  [ -f "$tmp/ck/checkpoint.bin" ] || { fail "$name: no checkpoint written"; return; }
  timeout 300 "$bin" check -q "$@" --resume "$tmp/ck" "$model" | norm > "$tmp/resumed.out"
  if cmp -s "$tmp/ref.out" "$tmp/resumed.out"; then echo "ok: $name"
  else fail "$name: the resumed run differs from the uninterrupted one"; diff "$tmp/ref.out" "$tmp/resumed.out" | head -20; fi
}

for model in "models/ldpu.dpu --all" "models/ldpu.dpu" "models/sdpu.dpu"; do
  for opts in "" "--fingerprints" "--dfs" "--dfs --fingerprints" "--dfs --depth 9"; do
    # shellcheck disable=SC2086
    set -- $model; file=$1; shift
    # shellcheck disable=SC2086
    timeout 300 "$bin" check -q "$@" $opts "$file" | norm > "$tmp/ref.out"
    for k in 1 7 1000 50000; do
      # shellcheck disable=SC2086
      stop_resume "$model $opts, stopped at --max-states $k" "$file" "--max-states $k" -- "$@" $opts
    done
    # a memory limit cuts an expansion in the middle: that state is expanded again on resume
    # shellcheck disable=SC2086
    stop_resume "$model $opts, stopped at --memory 2M" "$file" "--memory 2M" -- "$@" $opts
  done
done

# --coverage: the counts of the steps fired before the stop are carried over (a cut expansion
# is counted once, when it is expanded again on resume)
for opts in "" "--dfs --fingerprints"; do
  # shellcheck disable=SC2086
  timeout 300 "$bin" check -q --all --coverage $opts models/ldpu.dpu | norm > "$tmp/ref.out"
  grep -q '^coverage' "$tmp/ref.out" || fail "--coverage $opts: no coverage printed"
  for stop in "--max-states 7" "--max-states 1000" "--memory 2M"; do
    # shellcheck disable=SC2086
    stop_resume "--coverage $opts, stopped at $stop" models/ldpu.dpu "$stop" -- --all --coverage $opts
  done
done

# 128-bit fingerprints: the other half of each fingerprint is saved too; a 64-bit checkpoint
# is refused for a 128-bit run
timeout 300 "$bin" check -q --all --fingerprints --fingerprint-bits 128 models/ldpu.dpu | norm > "$tmp/ref.out"
for stop in "--max-states 7" "--max-states 1000" "--memory 2M"; do
  stop_resume "--fingerprint-bits 128, stopped at $stop" models/ldpu.dpu "$stop" -- --all --fingerprints --fingerprint-bits 128
done
rm -rf "$tmp/ck64"
"$bin" check -q --all --fingerprints --max-states 100 --checkpoint "$tmp/ck64" models/ldpu.dpu > /dev/null
"$bin" check -q --all --fingerprints --fingerprint-bits 128 --resume "$tmp/ck64" models/ldpu.dpu > /dev/null 2> "$tmp/bits.err"; rc=$?
{ [ "$rc" -eq 2 ] && grep -q 'options' "$tmp/bits.err"; } || fail "a 64-bit checkpoint resumed with 128 bits: exit $rc"

# twice in a row: a resumed run stopped again resumes to the same end
timeout 300 "$bin" check -q --all models/ldpu.dpu | norm > "$tmp/ref.out"
rm -rf "$tmp/ck"
"$bin" check -q --all --max-states 500 --checkpoint "$tmp/ck" models/ldpu.dpu > /dev/null
"$bin" check -q --all --max-states 20000 --resume "$tmp/ck" models/ldpu.dpu > "$tmp/stop.out"
grep -q "state limit (20000) was reached" "$tmp/stop.out" || fail "the second stop did not reach its limit"
"$bin" check -q --all --resume "$tmp/ck" models/ldpu.dpu | norm > "$tmp/resumed.out"
if cmp -s "$tmp/ref.out" "$tmp/resumed.out"; then echo "ok: stopped twice"; else fail "stopped twice: differs"; fi

# a real SIGINT on a started run writes the checkpoint; the resumed run ends as an
# uninterrupted one (if the run ended before the signal, there is nothing to compare)
timeout 300 "$bin" check -q models/sdpu.dpu | norm > "$tmp/ref.out"
rm -rf "$tmp/ck"
"$bin" check -q --checkpoint "$tmp/ck" models/sdpu.dpu > "$tmp/int.out" &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"; rc=$?
if [ "$rc" -eq 3 ]; then
  grep -q 'interrupted by a signal' "$tmp/int.out" || fail "kill -INT: no interruption reason"
  "$bin" check -q --resume "$tmp/ck" models/sdpu.dpu | norm > "$tmp/resumed.out"
  if cmp -s "$tmp/ref.out" "$tmp/resumed.out"; then echo "ok: kill -INT, resumed"
  else fail "kill -INT: the resumed run differs"; diff "$tmp/ref.out" "$tmp/resumed.out" | head; fi
else
  echo "note: the run ended (exit $rc) before SIGINT; nothing to resume"
fi

# periodic checkpoints: a run killed outright (SIGKILL: no handler runs) leaves the last
# periodic checkpoint, and resuming it ends as the uninterrupted run
rm -rf "$tmp/ck"
"$bin" check -q --checkpoint "$tmp/ck" --checkpoint-every 0.2s models/sdpu.dpu > /dev/null &
pid=$!
# kill it as soon as the first periodic checkpoint is in place (at most 60 s): a fixed sleep
# raced the machine's load
for _ in $(seq 1200); do
  [ -f "$tmp/ck/checkpoint.bin" ] && break
  kill -0 "$pid" 2> /dev/null || break
  sleep 0.05
done
if kill -KILL "$pid" 2> /dev/null; then
  wait "$pid" 2> /dev/null
  if [ -f "$tmp/ck/checkpoint.bin" ]; then
    "$bin" check -q --resume "$tmp/ck" models/sdpu.dpu | norm > "$tmp/resumed.out"
    if cmp -s "$tmp/ref.out" "$tmp/resumed.out"; then echo "ok: kill -KILL, resumed from the periodic checkpoint"
    else fail "kill -KILL: the resumed run differs"; diff "$tmp/ref.out" "$tmp/resumed.out" | head; fi
  else
    fail "kill -KILL with --checkpoint-every 0.2s: no periodic checkpoint within 60 s"
  fi
else
  wait "$pid"
  echo "note: the run ended before SIGKILL; nothing to resume"
fi
"$bin" check -q --checkpoint-every 10m models/sdpu.dpu > /dev/null 2> "$tmp/every.err"; rc=$?
{ [ "$rc" -eq 2 ] && grep -q 'needs --checkpoint' "$tmp/every.err"; } || fail "--checkpoint-every alone: exit $rc"
"$bin" check -q --checkpoint "$tmp/ck" --checkpoint-every soon models/sdpu.dpu > /dev/null 2> "$tmp/every.err"; rc=$?
{ [ "$rc" -eq 2 ] && grep -q 'expects a duration' "$tmp/every.err"; } || fail "--checkpoint-every soon: exit $rc"

# refused checkpoints: exit 2 and a message that says why
rm -rf "$tmp/ck"
"$bin" check -q --max-states 300 --checkpoint "$tmp/ck" models/sdpu.dpu > /dev/null
cp -r "$tmp/ck" "$tmp/good"
refused() {
  local name=$1 pattern=$2; shift 2
  timeout 120 "$bin" check -q "$@" > /dev/null 2> "$tmp/ref.err"; rc=$?
  if [ "$rc" -ne 2 ]; then fail "$name exited $rc, expected 2"; return; fi
  grep -qE -- "$pattern" "$tmp/ref.err" || { fail "$name: stderr lacks /$pattern/"; cat "$tmp/ref.err"; return; }
  echo "ok: $name refused"
}
size=$(stat -c %s "$tmp/good/checkpoint.bin")
rm -rf "$tmp/ck"; cp -r "$tmp/good" "$tmp/ck"
printf '\xff' | dd of="$tmp/ck/checkpoint.bin" bs=1 seek=$((size - 40)) conv=notrunc status=none
refused "a flipped byte" 'corrupt' --resume "$tmp/ck" models/sdpu.dpu
rm -rf "$tmp/ck"; cp -r "$tmp/good" "$tmp/ck"
truncate -s $((size / 2)) "$tmp/ck/checkpoint.bin"
refused "a truncated checkpoint" 'truncated' --resume "$tmp/ck" models/sdpu.dpu
rm -rf "$tmp/ck"; cp -r "$tmp/good" "$tmp/ck"
truncate -s 5 "$tmp/ck/checkpoint.bin"
refused "a 5-byte checkpoint" 'not a dpucheck checkpoint' --resume "$tmp/ck" models/sdpu.dpu
refused "a missing checkpoint" 'cannot read the checkpoint' --resume "$tmp/nosuch" models/sdpu.dpu
rm -rf "$tmp/ck"; cp -r "$tmp/good" "$tmp/ck"
refused "another constant" "constants" -D N=2 --resume "$tmp/ck" models/sdpu.dpu
refused "another model" 'another model text' --resume "$tmp/ck" models/ldpu.dpu
cp models/sdpu.dpu "$tmp/edited.dpu"; echo "// edited" >> "$tmp/edited.dpu"
refused "an edited model" 'another model text' --resume "$tmp/ck" "$tmp/edited.dpu"
refused "--dfs" 'options' --dfs --resume "$tmp/ck" models/sdpu.dpu
refused "--fingerprints" 'options' --fingerprints --resume "$tmp/ck" models/sdpu.dpu
refused "--depth" 'options' --depth 5 --resume "$tmp/ck" models/sdpu.dpu
refused "--all" 'options' --all --resume "$tmp/ck" models/sdpu.dpu
refused "-p" 'options' -p terminates --resume "$tmp/ck" models/sdpu.dpu
refused "--coverage" 'options' --coverage --resume "$tmp/ck" models/sdpu.dpu
refused "--checkpoint into a file" 'not a folder' --checkpoint models/sdpu.dpu models/sdpu.dpu
[ "$failures" -eq 0 ]
