#!/usr/bin/env bash
# bench/rolling.sh [SECONDS] -- how far the rolling-upgrade base model (models/
# replicated_upgrade.dpu, every property) grows within SECONDS (default 60) of wall time:
# R replicas at two client requests, then the request count C at R = 3 (l = 2, F = 1
# throughout). One line per configuration: states, transitions, the checker's seconds, peak
# RSS, CPU seconds (the wall seconds depend on the machine's load). A series stops at the first run that does not finish in time. It prints numbers and
# asserts none (bench/README.md).
#
# Environment: DPUCHECK=path (default: build/dpucheck).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
bin=${DPUCHECK:-$repo/build/dpucheck}
limit=${1:-60}
[[ $limit =~ ^[0-9]+$ ]] || { echo "usage: bench/rolling.sh [SECONDS]" >&2; exit 2; }
[ -x "$bin" ] || { echo "rolling.sh: no dpucheck at $bin (build first or set DPUCHECK)" >&2; exit 2; }
model=$repo/models/replicated_upgrade.dpu

# run R C: one line, or "timeout"; returns 1 when the run did not finish in time.
run() {
  local out rc=0
  out=$( { /usr/bin/time -f 'rss %M cpu %U' timeout "$limit" "$bin" check -q -D R="$1" -D C="$2" \
             "$model" ; } 2>&1 ) || rc=$?
  if [ "$rc" -eq 124 ]; then
    printf '%4s %4s  %s\n' "$1" "$2" "did not finish in ${limit} s"
    return 1
  fi
  local summary rss cpu
  summary=$(grep -E '^[0-9]+ states' <<<"$out" | tail -1)
  rss=$(sed -n 's/^rss \([0-9]*\) cpu .*$/\1/p' <<<"$out")
  cpu=$(sed -n 's/^rss [0-9]* cpu \(.*\)$/\1/p' <<<"$out")
  printf '%4s %4s  %s, %s s CPU, peak RSS %s MiB (exit %s)\n' "$1" "$2" "$summary" "$cpu" \
    "$((rss / 1024))" "$rc"
}

echo "rolling upgrade base model, every property; limit ${limit} s per run; load $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
printf '%4s %4s  %s\n' R C result
for r in 3 4 5 6 7 8; do run "$r" 2 || break; done
for c in 1 2 4 6 8 10 12 14 16 20; do run 3 "$c" || break; done
