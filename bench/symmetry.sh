#!/usr/bin/env bash
# bench/symmetry.sh [N M ...] -- symmetry reduction on S-DPU with any initiator
# (models/sdpu_anyinit.dpu): dpucheck's reduced state count beside Rumur's scalarset count
# (bench/sdpu_anyinit_sym.m, --symmetry-reduction exhaustive) on the same (N, M), and the
# speed-up of symmetry for each (reduced vs --symmetry off; Rumur's reduction vs off).
# Safety only (-p freedom, order, deadlock; the Murphi model checks the same as assertions):
# a run that decides liveness is not reduced. Prints numbers, no thresholds (bench/README.md).
# Default sizes: N=3 M=1, N=3 M=2, N=4 M=1. Each run gets TIME_LIMIT seconds (default 600).
#
# Environment: DPUCHECK=path (default build/dpucheck), BENCH_WORK=dir (default bench/build),
# NO_INSTALL=1 (do not install rumur with apt-get), WORKERS=k (dpucheck --workers, default 1).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
work=${BENCH_WORK:-$here/build}
bin=$(readlink -f "${DPUCHECK:-$repo/build/dpucheck}")
limit=${TIME_LIMIT:-600}
workers=${WORKERS:-1}
mkdir -p "$work"
if ! command -v rumur >/dev/null; then
  if [ -z "${NO_INSTALL:-}" ]; then apt-get install -y rumur >/dev/null || true; fi
fi
if [ $# -eq 0 ]; then set -- 3 1 3 2 4 1; fi

# run LABEL CMD...: prints "LABEL <states> <seconds>" (states "-" when it did not finish)
dpu() {  # dpu N M on|off
  local out t0 t1
  t0=$(date +%s.%N)
  out=$(timeout "$limit" "$bin" check -q --workers "$workers" -D N="$1" -D M="$2" --symmetry "$3" \
    -p 'freedom(ct, mr)' -p 'order(cons)' -p deadlock "$repo/models/sdpu_anyinit.dpu" 2>/dev/null)
  t1=$(date +%s.%N)
  states=$(sed -n 's/^\([0-9]*\) states.*/\1/p' <<<"$out")
  echo "${states:--} $(echo "$t1 - $t0" | bc)"
}
rum() {  # rum N M exhaustive|heuristic|off: compile time included
  local t0 t1 dir=$work/sym_rumur_$1_$2_$3
  mkdir -p "$dir"
  sed -e "s/^  N : [0-9]*;/  N : $1;/" -e "s/^  M : [0-9]*;/  M : $2;/" "$here/sdpu_anyinit_sym.m" >"$dir/m.m"
  t0=$(date +%s.%N)
  rumur --threads 1 --deadlock-detection stuck --symmetry-reduction "$3" "$dir/m.m" -o "$dir/v.c" &&
    cc -O2 "$dir/v.c" -o "$dir/v" -lpthread &&
    timeout "$limit" "$dir/v" >"$dir/out" 2>&1
  t1=$(date +%s.%N)
  states=$(sed -n 's/^\t*\([0-9]*\) states.*/\1/p' "$dir/out")
  echo "${states:--} $(echo "$t1 - $t0" | bc)"
}

printf '%-8s %12s %8s %12s %8s %7s | %12s %8s %12s %8s %7s\n' "N,M" dpu-sym s dpu-off s speedup \
  rumur-sym s rumur-off s speedup
while [ $# -ge 2 ]; do
  n=$1 m=$2
  shift 2
  read -r ds dt <<<"$(dpu "$n" "$m" on)"
  read -r os ot <<<"$(dpu "$n" "$m" off)"
  read -r rs rt <<<"$(rum "$n" "$m" exhaustive)"
  read -r ro rot <<<"$(rum "$n" "$m" off)"
  sp() { [[ $1 != - && $2 != - ]] && echo "scale=2; $3 / $4" | bc || echo -; }
  printf '%-8s %12s %8.2f %12s %8.2f %7s | %12s %8.2f %12s %8.2f %7s\n' "$n,$m" "$ds" "$dt" "$os" "$ot" \
    "$(sp "$ds" "$os" "$ot" "$dt")x" "$rs" "$rt" "$ro" "$rot" "$(sp "$rs" "$ro" "$rot" "$rt")x"
done
