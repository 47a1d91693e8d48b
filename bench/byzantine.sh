#!/usr/bin/env bash
# bench/byzantine.sh [SECONDS] -- how far the Byzantine installation models grow within
# SECONDS (default 180) of wall time: the base row (models/byzantine_install.dpu, every
# verdict of linearizable_commit) for growing f at G = 3, then for growing G at f = 1, then
# the _kf row (threshold k = f, the only row whose leaks grow with f) for growing f, its
# safety verdicts only, then its liveness verdict (the whole graph) with the leaks of one
# group (-D LEAKY=1, as its golden test) and of all three (the defaults). One line per
# configuration: states, transitions, the checker's seconds, CPU seconds, peak RSS (and the
# run's extra arguments). A series stops at the first run that does not finish in
# time. It prints numbers and asserts none (bench/README.md).
#
# Environment: DPUCHECK=path (default: build/dpucheck).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
bin=${DPUCHECK:-$repo/build/dpucheck}
limit=${1:-180}
[[ $limit =~ ^[0-9]+$ ]] || { echo "usage: bench/byzantine.sh [SECONDS]" >&2; exit 2; }
[ -x "$bin" ] || { echo "byzantine.sh: no dpucheck at $bin (build first or set DPUCHECK)" >&2; exit 2; }

# run MODEL G F [ARGS...]: one line; returns 1 when the run did not finish in time.
run() {
  local model=$1 g=$2 f=$3 out rc=0
  shift 3
  local extra=""
  [ $# -gt 0 ] && extra="  [$*]"
  out=$( { /usr/bin/time -f 'rss %M cpu %U' timeout "$limit" "$bin" check -q --all -D G="$g" -D F="$f" \
             "$@" "$repo/models/$model.dpu" ; } 2>&1 ) || rc=$?
  if [ "$rc" -eq 124 ]; then
    printf '%-22s %3s %3s  %s%s\n' "$model" "$g" "$f" "did not finish in ${limit} s" "$extra"
    return 1
  fi
  local summary rss cpu
  summary=$(grep -E '^[0-9]+ states' <<<"$out" | tail -1)
  rss=$(sed -n 's/^rss \([0-9]*\) cpu .*$/\1/p' <<<"$out")
  cpu=$(sed -n 's/^rss [0-9]* cpu \(.*\)$/\1/p' <<<"$out")
  printf '%-22s %3s %3s  %s, %s s CPU, peak RSS %s MiB (exit %s)%s\n' "$model" "$g" "$f" "$summary" "$cpu" \
    "$((rss / 1024))" "$rc" "$extra"
}

echo "Byzantine installation; limit ${limit} s per run; load $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
printf '%-22s %3s %3s  %s\n' model G f result
for f in 1 2 3; do run byzantine_install 3 "$f" || break; done
for g in 4 5; do run byzantine_install "$g" 1 || break; done
for f in 1 2 3; do
  run byzantine_install_kf 3 "$f" -p linearizable_commit.atomicity -p linearizable_commit.linearizability || break
done
for leaky in 1 3; do
  for f in 1 2; do
    run byzantine_install_kf 3 "$f" -D LEAKY="$leaky" -p linearizable_commit.liveness || break
  done
done
