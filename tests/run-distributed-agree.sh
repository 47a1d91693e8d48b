#!/usr/bin/env bash
# run-distributed-agree.sh DPUCHECK MODEL.dpu EXPECT -- `check --distributed` under mpirun
# prints what the one-process search prints (spec/distributed.md). The model's first `check`
# stanza of its golden file (its small default configuration) on 1, 2 and 4 ranks, the same
# with `--max-states 300` on 3 ranks and with `--depth 4` on 2 (cuts in the middle of a
# level), all with --fingerprints, must print what one process prints, byte for byte
# (verdicts, traces, state, transition and depth counts) except seconds and memory. The
# stanza with full states on 3 ranks must print the same as well, except that a liveness
# part says "liveness needs one process" where the one-process --fingerprints run says
# "liveness needs full states" (the collision estimate aside).
set -u
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/mpirun.sh"
model=$(readlink -f "$2"); expect=$(readlink -f "$3")
file="models/$(basename "$model")"

# out CMD...: stdout without the run's seconds, memory and collision estimate
out() {
  "$@" </dev/null 2>/dev/null |
    sed -E 's/(^[0-9]+ states, [0-9]+ transitions, depth [0-9]+), .*/\1/; /^ *"(seconds|memory_bytes|collision_probability)": /d; /^symmetry: /d'
  echo "exit ${PIPESTATUS[0]}"
}
compare() {  # compare NAME REFERENCE OUTPUT
  if ! diff -u "$2" "$3" >"$tmp/diff"; then
    fail "$1 differs from one process:"
    head -40 "$tmp/diff"
  fi
  runs=$((runs + 1))
}

runs=0
line=$(grep '^run:' "$expect" | grep ' check ' |
  grep -vE -- '--static|--trace-out|%t|--dfs|--coverage|--checkpoint|--resume|--engine|--dot' | head -1)
[ -n "$line" ] || { echo "no check stanza in $expect"; exit 1; }
args=${line#run: }
read -r -a argv <<<"${args//%f/$file}"

# ranks for each variant (one rank runs without mpirun: a job of one, as a user may run it)
for variant in "1 2 4|" "3|--max-states 300" "2|--depth 4"; do
  read -r -a ranks <<<"${variant%%|*}"
  read -r -a more <<<"${variant#*|}"
  # (the distributed search does not reduce symmetry: compare with the unreduced search)
  out "$bin" "${argv[@]}" "${more[@]}" --fingerprints --workers 1 --symmetry off >"$tmp/one"
  for n in "${ranks[@]}"; do
    if [ "$n" -eq 1 ]; then
      out "$bin" "${argv[@]}" "${more[@]}" --fingerprints --distributed >"$tmp/n$n"
    else
      out mpi "$n" "${argv[@]}" "${more[@]}" --fingerprints --distributed >"$tmp/n$n"
    fi
    compare "dpucheck ${argv[*]} ${more[*]} --fingerprints on $n ranks" "$tmp/one" "$tmp/n$n"
  done
  echo "ran: dpucheck ${argv[*]} ${more[*]} --fingerprints on ${ranks[*]} ranks ($(grep -c . "$tmp/one") lines)"
done

out "$bin" "${argv[@]}" --fingerprints --workers 1 --symmetry off >"$tmp/one"
out mpi 3 "${argv[@]}" --distributed |
  sed 's/liveness needs one process (run without --distributed)/liveness needs full states (run without --fingerprints)/' >"$tmp/full"
compare "dpucheck ${argv[*]} with full states on 3 ranks" "$tmp/one" "$tmp/full"
echo "ran: dpucheck ${argv[*]} with full states on 3 ranks"

echo "$runs comparisons, $failures differences"
[ "$failures" -eq 0 ]
