#!/usr/bin/env bash
# run-limits.sh DPUCHECK -- a run that reaches a resource limit or gets SIGINT ends with exit 3
# and a clean summary (every verdict so far, incomplete with the reason; states; depth),
# never with a crash. No timing assertions: the models are far larger than the limits.
set -u
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"
# check_run NAME RC OUT WANT_RC PATTERN...: exit code and stdout lines (grep -E)
check_run() {
  local name=$1 rc=$2 out=$3 want=$4; shift 4
  if [ "$rc" -ne "$want" ]; then fail "$name exited $rc, expected $want"; head -5 "$out"; return; fi
  for pat in "$@"; do grep -qE -- "$pat" "$out" || { fail "$name: stdout lacks /$pat/"; head -12 "$out"; return; }; done
  echo "ok: $name -> $rc"
}

# --memory smaller than the model needs: incomplete with the reason, statistics printed.
timeout 120 "$bin" check -q --memory 4M models/sdpu.dpu > "$tmp/mem.out"; rc=$?
check_run "--memory 4M" $rc "$tmp/mem.out" 3 \
  '^freedom\(ct, mr\) +incomplete: the memory limit \(4\.0 MiB\) was reached$' \
  '^replaceable\(ct, mr\) +holds$' '^[0-9]+ states, [0-9]+ transitions, depth [0-9]+'
# The liveness graph is budgeted too: the safety verdicts stand, liveness stays open.
timeout 120 "$bin" check -q --memory 40M models/sdpu.dpu > "$tmp/live.out"; rc=$?
check_run "--memory 40M (liveness)" $rc "$tmp/live.out" 3 '^freedom\(ct, mr\) +holds$' \
  '^terminates +incomplete: the memory limit \(40\.0 MiB\) was reached before the liveness check$'
# A violation found before the limit stays violated with its trace.
timeout 120 "$bin" check -q --all --memory 1M models/ldpu.dpu > "$tmp/viol.out"; rc=$?
check_run "--memory 1M --all (violation kept)" $rc "$tmp/viol.out" 1 '^freedom\(ct, mr\) +violated' \
  '^Counterexample for freedom\(ct, mr\):$' 'incomplete: the memory limit \(1\.0 MiB\) was reached'
# --time-limit: incomplete with the reason (the model needs far longer than 1 s).
timeout 120 "$bin" check -q --time-limit 1s -D N=3 -D M=2 models/sdpu.dpu > "$tmp/time.out"; rc=$?
check_run "--time-limit 1s" $rc "$tmp/time.out" 3 'incomplete: the time limit \(1 s\) was reached$'

# Under an address-space cap the default budget (75% of the cap) stops the search cleanly
# instead of failing an allocation (exit 134, empty stdout). The cap is small to keep it fast.
for fp in "" --fingerprints; do
  timeout 300 prlimit --as=$((160 << 20)) "$bin" check -q $fp -D N=3 -D M=2 models/sdpu.dpu > "$tmp/as.out"; rc=$?
  check_run "prlimit --as=160M $fp" $rc "$tmp/as.out" 3 \
    'incomplete: the memory limit \(120\.0 MiB\) was reached$' '^[0-9]+ states'
done

# SIGINT on a running search: exit 3, the summary on stdout, --trace-out still written.
"$bin" check -D N=3 -D M=2 --trace-out "$tmp/int.json" models/sdpu.dpu > "$tmp/int.out" 2> "$tmp/int.err" &
pid=$!
for _ in $(seq 1 50); do grep -q '^progress:' "$tmp/int.err" && break; sleep 0.2; done
kill -INT "$pid"
wait "$pid"; rc=$?
check_run "kill -INT" $rc "$tmp/int.out" 3 \
  '^freedom\(ct, mr\) +incomplete: the run was interrupted by a signal \(SIGINT or SIGTERM\)$' \
  '^[0-9]+ states, [0-9]+ transitions, depth [0-9]+'
if ! grep -q '"overall": "incomplete"' "$tmp/int.json" 2>/dev/null; then fail "kill -INT: --trace-out not written"; fi

# Malformed values are usage errors.
for bad in "--memory 4X" "--memory 0" "--time-limit 10d" "--time-limit -5s"; do
  # shellcheck disable=SC2086
  timeout 60 "$bin" check -q $bad models/sdpu.dpu > /dev/null 2> "$tmp/bad.err"; rc=$?
  if [ "$rc" -ne 2 ]; then fail "$bad exited $rc, expected 2"; else echo "ok: $bad -> 2"; fi
done
[ "$failures" -eq 0 ]
