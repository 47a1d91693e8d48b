#!/usr/bin/env bash
# bench/run.sh [N M] -- S-DPU (models/sdpu.dpu) on dpucheck, SPIN and Rumur, same (N, M), one
# table of states, transitions, wall seconds, peak RSS and ratios to dpucheck. No thresholds:
# it prints numbers (see bench/README.md). Without arguments: (N, M) = (3, 1) and (2, 2).
#
# Environment:
#   DPUCHECK=path   use this dpucheck binary (default: build/dpucheck if that build is
#                   Release/RelWithDebInfo, else a Release build in bench/build/dpucheck)
#   BENCH_WORK=dir  scratch directory for generated verifiers (default: bench/build)
#   SPIN_W=k        pan hash table 2^k slots (default: from dpucheck's state count, 2x room)
#   SKIP=list       comma-separated rows to leave out: dpucheck-fp,dpucheck-w2,spin-por,rumur-2t
#   WORKERS=list    dpucheck --workers counts to run (default: 1 2)
#   NO_INSTALL=1    do not install missing peers (spin, rumur, time) with apt-get
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
work=${BENCH_WORK:-$here/build}
skip=",${SKIP:-},"
mkdir -p "$work"

if [[ $# -ne 0 && $# -ne 2 ]]; then
  echo "usage: bench/run.sh [N M]   (default: 3 1, then 2 2)" >&2
  exit 2
fi
if [[ $# -eq 2 ]]; then configs=("$1 $2"); else configs=("3 1" "2 2"); fi
for c in "${configs[@]}"; do
  read -r n m <<<"$c"
  if ! [[ $n =~ ^[1-4]$ && $m =~ ^[0-9]+$ && $m -ge 1 && $((n * m)) -le 12 ]]; then
    echo "run.sh: need 1 <= N <= 4, M >= 1, N*M <= 12 (the Promela guards are unrolled that far)" >&2
    exit 2
  fi
done

have() { command -v "$1" >/dev/null 2>&1; }
note() { echo "# $*" >&2; }

# ---- measuring: wall seconds and peak RSS of one command; its output goes to $out

timer=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then timer=/usr/bin/time; fi
[[ -n $timer ]] || note "/usr/bin/time -v not available (apt-get install -y time): no peak RSS"

# measure OUT CMD...: sets $wall (s), $cpu (user + system s, or n/a), $rss (MiB or n/a), $rc
measure() {
  local out=$1; shift
  local tv="$out.time"
  rc=0
  if [[ -n $timer ]]; then
    "$timer" -v -o "$tv" "$@" >"$out" 2>&1 || rc=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
             n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$tv")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tv")
    cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$tv")
  else
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$out" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    rss=n/a cpu=n/a
  fi
}

# seconds of a build step (not measured for memory): sets $prep and $prep_rc
stopwatch() {
  local t0 t1
  t0=$(date +%s.%N)
  prep_rc=0
  "$@" || prep_rc=$?
  t1=$(date +%s.%N)
  prep=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
}

# ---- dpucheck: an optimized build

dpucheck=${DPUCHECK:-}
if [[ -z $dpucheck ]]; then
  main_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$repo/build/CMakeCache.txt" 2>/dev/null || true)
  if [[ -x $repo/build/dpucheck && ( $main_type == Release || $main_type == RelWithDebInfo ) ]]; then
    dpucheck=$repo/build/dpucheck
  else
    [[ -x $repo/build/dpucheck ]] && note "build/dpucheck is a '${main_type:-unknown}' build: using a Release build in $work/dpucheck"
    note "building dpucheck (Release) in $work/dpucheck"
    cmake -S "$repo" -B "$work/dpucheck" -DCMAKE_BUILD_TYPE=Release >"$work/dpucheck-configure.log" 2>&1 ||
      { cat "$work/dpucheck-configure.log" >&2; exit 1; }
    cmake --build "$work/dpucheck" -j2 --target dpucheck >"$work/dpucheck-build.log" 2>&1 ||
      { tail -30 "$work/dpucheck-build.log" >&2; note "dpucheck does not build; see $work/dpucheck-build.log"; exit 1; }
    dpucheck=$work/dpucheck/dpucheck
  fi
fi
note "dpucheck: $dpucheck"

# The peers and GNU time are Debian packages: installed here when missing (the bench is not
# part of CI, so scripts/install-deps.sh leaves them out). NO_INSTALL=1 only reports them.
missing=()
have spin || missing+=(spin)
have rumur || missing+=(rumur)
[[ -x /usr/bin/time ]] || missing+=(time)
if [[ ${#missing[@]} -gt 0 && -z ${NO_INSTALL:-} ]]; then
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo -n)
  note "installing ${missing[*]} (Debian packages)"
  { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y install "${missing[@]}" >"$work/apt.log" 2>&1 ||
    { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q update >>"$work/apt.log" 2>&1 &&
      "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y install "${missing[@]}" >>"$work/apt.log" 2>&1; }; } ||
    note "could not install ${missing[*]} (see $work/apt.log)"
  if [[ -z $timer && -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then timer=/usr/bin/time; fi
fi
have spin || note "spin not found (apt-get install -y spin): SPIN rows skipped"
have rumur || note "rumur not found (apt-get install -y rumur): Rumur rows skipped"
have gcc || { note "gcc not found"; exit 1; }
cx16=""; [[ $(uname -m) == x86_64 ]] && cx16=-mcx16   # Rumur's lock-free queue (its README)

# ---- one configuration

rows=()      # "tool|states|transitions|wall|cpu|rss|prep|verdict"

run_config() {
  local n=$1 m=$2 d="$work/n${1}m${2}"
  mkdir -p "$d"
  rows=()
  pan_wall=""
  local states trans verdict load
  load=$(cut -d' ' -f1-3 /proc/loadavg)

  # dpucheck, every property of the model (safety monitors, then the fair-cycle pass), and
  # --fingerprints (64-bit hashes, no liveness pass: reported incomplete, exit 3), each at
  # every worker count of $WORKERS; the first row is the base of the "x" ratios
  local w base_set=""
  for w in ${WORKERS:-1 2}; do
    [[ $w != 1 && $skip == *,dpucheck-w2,* ]] && continue
    measure "$d/dpucheck-w$w.out" "$dpucheck" check "$repo/models/sdpu.dpu" -D "N=$n" -D "M=$m" -q --workers "$w"
    read -r states trans < <(sed -nE 's/^([0-9]+) states, ([0-9]+) transitions.*/\1 \2/p' "$d/dpucheck-w$w.out" | tail -1) || true
    case $rc in 0) verdict=holds ;; 1) verdict=VIOLATED ;; 3) verdict=incomplete ;; *) verdict="exit $rc" ;; esac
    rows+=("dpucheck -w$w|${states:-?}|${trans:-?}|$wall|$cpu|$rss|-|$verdict")
    [[ -z $base_set ]] && { base_states=${states:-0} base_wall=$wall base_cpu=$cpu base_rss=$rss; base_set=1; }
  done
  if [[ $skip != *,dpucheck-fp,* ]]; then
    for w in ${WORKERS:-1 2}; do
      [[ $w != 1 && $skip == *,dpucheck-w2,* ]] && continue
      measure "$d/dpucheck-fp-w$w.out" "$dpucheck" check "$repo/models/sdpu.dpu" -D "N=$n" -D "M=$m" -q --fingerprints --workers "$w"
      read -r states trans < <(sed -nE 's/^([0-9]+) states, ([0-9]+) transitions.*/\1 \2/p' "$d/dpucheck-fp-w$w.out" | tail -1) || true
      case $rc in 0) verdict=holds ;; 1) verdict=VIOLATED ;; 3) verdict="safety holds" ;; *) verdict="exit $rc" ;; esac
      grep -q ' violated' "$d/dpucheck-fp-w$w.out" && verdict=VIOLATED
      rows+=("dpucheck --fingerprints -w$w|${states:-?}|${trans:-?}|$wall|$cpu|$rss|-|$verdict")
    done
  fi

  # SPIN: pan with and without partial-order reduction, safety mode
  if have spin; then
    local w=${SPIN_W:-}
    if [[ -z $w ]]; then
      w=$(awk -v s="$base_states" 'BEGIN { k = 16; while (2 ^ k < 2 * s && k < 30) k++; print k }')
    fi
    local variant flags
    for variant in nored por; do
      [[ $variant == por && $skip == *,spin-por,* ]] && continue
      flags="-DSAFETY"; [[ $variant == nored ]] && flags="$flags -DNOREDUCE"
      mkdir -p "$d/spin-$variant"
      stopwatch bash -c "cd '$d/spin-$variant' && spin -DN=$n -DM=$m -a '$here/sdpu.pml' >spin.log 2>&1 &&
                         gcc -O2 -w $flags -o pan pan.c >gcc.log 2>&1"
      local label="spin -DNOREDUCE"; [[ $variant == por ]] && label="spin (POR)"
      if [[ $prep_rc != 0 ]]; then rows+=("$label|-|-|-|-|-|$prep|BUILD FAILED (see $d/spin-$variant)"); continue; fi
      measure "$d/spin-$variant/pan.out" bash -c "cd '$d/spin-$variant' && ./pan -m100000 -w$w"
      states=$(sed -nE 's/^ *([0-9]+) states, stored.*/\1/p' "$d/spin-$variant/pan.out")
      trans=$(sed -nE 's/^ *([0-9]+) transitions \(= stored\+matched\).*/\1/p' "$d/spin-$variant/pan.out")
      local errs
      errs=$(sed -nE 's/.*errors: ([0-9]+).*/\1/p' "$d/spin-$variant/pan.out")
      if [[ $errs == 0 ]]; then verdict="no errors"; else verdict="ERRORS ${errs:-?}"; fi
      rows+=("$label|${states:-?}|${trans:-?}|$wall|$cpu|$rss|$prep|$verdict")
      [[ $variant == nored ]] && pan_wall=$wall
    done
  fi

  # Rumur: Murphi -> C -> gcc -O2, one thread (dpucheck and pan are single-threaded), and two
  if have rumur; then
    local threads
    for threads in 1 2; do
      [[ $threads == 2 && $skip == *,rumur-2t,* ]] && continue
      local rd="$d/rumur-t$threads"
      mkdir -p "$rd"
      sed -E "s/^( *N : )[0-9]+;/\1$n;/; s/^( *M : )[0-9]+;/\1$m;/" "$here/sdpu.m" >"$rd/sdpu.m"
      stopwatch bash -c "cd '$rd' && rumur --threads $threads --deadlock-detection stuck sdpu.m -o verifier.c >rumur.log 2>&1 &&
                         gcc -std=c11 -O2 -w $cx16 -o verifier verifier.c -lpthread >gcc.log 2>&1"
      local label="rumur ($threads thread$([[ $threads == 1 ]] || echo s))"
      if [[ $prep_rc != 0 ]]; then rows+=("$label|-|-|-|-|-|$prep|BUILD FAILED (see $rd)"); continue; fi
      measure "$rd/verifier.out" "$rd/verifier"
      read -r states trans < <(sed -nE 's/^[[:space:]]*([0-9]+) states, ([0-9]+) rules fired.*/\1 \2/p' "$rd/verifier.out" | tail -1) || true
      if grep -q 'No error found' "$rd/verifier.out"; then verdict="no errors"; else verdict="ERROR (exit $rc)"; fi
      rows+=("$label|${states:-?}|${trans:-?}|$wall|$cpu|$rss|$prep|$verdict")
    done
  fi

  # the table
  printf '\nS-DPU  N=%s M=%s  (%s, %s cores, load average before: %s)\n' "$n" "$m" \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$load"
  printf '%-30s %11s %12s %7s %7s %8s %6s %7s %6s %6s %8s %6s  %s\n' \
    tool states transitions "wall s" "cpu s" "RSS MiB" "prep s" "wall x" "cpu x" "mem x" "states x" "/pan" verdict
  local row tool s t sec cs mem pr v pan_wall=${pan_wall:-}
  ratio() {   # ratio A B FORMAT PATTERN
    awk -v a="$1" -v b="$2" -v f="$3" -v p="$4" 'BEGIN { if (b + 0 > 0 && a ~ p) printf f, a / b; else print "-" }'
  }
  for row in "${rows[@]}"; do
    IFS='|' read -r tool s t sec cs mem pr v <<<"$row"
    printf '%-30s %11s %12s %7s %7s %8s %6s %7s %6s %6s %8s %6s  %s\n' "$tool" "$s" "$t" "$sec" "$cs" "$mem" "$pr" \
      "$(ratio "$sec" "$base_wall" %.2f '^[0-9.]+$')" "$(ratio "$cs" "$base_cpu" %.2f '^[0-9.]+$')" \
      "$(ratio "$mem" "$base_rss" %.2f '^[0-9.]+$')" "$(ratio "$s" "$base_states" %.4f '^[0-9]+$')" \
      "$(ratio "$sec" "${pan_wall:-0}" %.2f '^[0-9.]+$')" "$v"
  done
}

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
     "$(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
note "versions: $(spin -V 2>/dev/null | head -1 || true); $(rumur --version 2>/dev/null | head -1 || true); $(gcc --version | head -1)"
for c in "${configs[@]}"; do
  read -r n m <<<"$c"
  run_config "$n" "$m"
done
