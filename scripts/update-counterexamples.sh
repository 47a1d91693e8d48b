#!/usr/bin/env bash
# update-counterexamples.sh [DPUCHECK [MODEL...]] -- regenerates counterexamples/ from the bundled
# models (with MODEL names, only the entries of those models):
# for every property a model violates at its default constants, the shortest counterexample
# (BFS, that property alone) as text (MODEL.PROP.txt, what `dpucheck check` prints) and as
# JSON (MODEL.PROP.json, the --trace-out result, replayed by ctest). Review the diff before
# committing: these files are golden outputs, and tests/run-cex-reproduce.sh checks that the
# checker still prints exactly them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(readlink -f "${1:-$root/build/dpucheck}")
only=("${@:2}")
cd "$root"
# Models with violations the explicit engine decides today. MODEL:PROP keeps only that
# property (byzantine_install_kf's liveness needs too many states for the suite).
# replicated_upgrade_nopending
# violates only AtMostOneExtra (its golden test says so); naming it spares a full --all run.
models=(ldpu sdpu_noidle sdpu_unreplaceable mdcd mdcd_norecvlog mdcd_nos2 mdcd_literal mdcd_resend mdcd_noclusters
        simulation_objects_remember simulation_objects_cachewhole
        simulation_objects_pastdelegate simulation_objects_pastnaive web_comments_lostcomments
        replicated_upgrade_nocheck replicated_upgrade_nocheck_earlyleave
        replicated_upgrade_oldrecovery replicated_upgrade_nopending:AtMostOneExtra
        replicated_upgrade_earlyinput
        scheduling scheduling_eager scheduling_noupcheck scheduling_splitread scheduling_earlyudb
        scheduling_noupcheck_earlyudb
        byzantine_install_kf:linearizable_commit.atomicity
        byzantine_install_kf:linearizable_commit.linearizability
        byzantine_install_k2f2 byzantine_install_norestart byzantine_install_noversions
        byzantine_install_commitone byzantine_install_compromised
        byzantine_install_async:linearizable_commit.linearizability
        byzantine_install_guardians:linearizable_commit.liveness
        byzantine_install_guardians_noproactive:linearizable_commit.atomicity
        byzantine_install_guardians_noproactive:linearizable_commit.liveness
        byzantine_install_guardians_weak
        byzantine_conflict_noorder)
for entry in "${models[@]}"; do
  m=${entry%%:*}
  if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qxF "$m"; then continue; fi
  if [ "$entry" != "$m" ]; then
    props=("${entry#*:}")
  else
    # Every violated property of the model (one BFS run with --all lists them).
    mapfile -t props < <("$bin" check --all -q "models/$m.dpu" | sed -n 's/^\([^ ].*[^ ]\) \+violated.*$/\1/p')
  fi
  for p in "${props[@]}"; do
    short=${p%%(*}
    # replaceable(a, b) is static: its explanation names the stack, there is no trace.
    [ "$short" = replaceable ] && continue
    out=counterexamples/$m.$short
    "$bin" check -q -p "$p" "models/$m.dpu" --trace-out "$out.json" > /tmp/cex.$$ || true
    sed -n '/^Counterexample for /,/^violated: /p' /tmp/cex.$$ > "$out.txt"
    [ -s "$out.txt" ] || { echo "no counterexample text for $m $p" >&2; exit 1; }
    echo "wrote $out.txt and $out.json ($p)"
  done
done
rm -f /tmp/cex.$$
