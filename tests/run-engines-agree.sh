#!/usr/bin/env bash
# run-engines-agree.sh DPUCHECK MODEL.dpu EXPECT -- every engine configuration gives the same
# verdicts (spec/transition-system.md). Each `check` stanza of the model's golden file
# (tests/golden/NAME.expect) is run as written (the reference: explicit BFS over full
# states) and again in every other configuration; every property that both runs decide
# (holds / violated / error) must get the same verdict. Undecided answers (incomplete, holds up
# to bound, not supported) are not compared: a configuration may legitimately decide less
# (liveness needs full states, a depth-first run stops at a different first violation).
set -u
bin=$(readlink -f "$1"); model=$(readlink -f "$2"); expect=$(readlink -f "$3")
cd "$(dirname "$model")/.." || exit 2
file="models/$(basename "$model")"

# Other configurations, as extra arguments. A new engine adds its lines here.
# The SMT engine runs to a small depth: it decides violations within it (and only those are
# compared with the reference); what it reports unsupported is listed, not failed.
configs=(
  "--fingerprints"
  "--fingerprints --fingerprint-bits 128"
  "--dfs"
  "--engine smt --depth ${DPU_SMT_AGREE_DEPTH:-3}"
)

# A golden file may skip a configuration that is too costly for that model with a line
# `# engines: skip CONFIG -- REASON` (printed when skipped, so the log says what was not run).
skips=$(sed -n 's/^# engines: skip \(.*\) -- .*$/\1/p' "$expect")

failures=0
compared=0
# %t (a stanza's --trace-out file) goes to a scratch file of this run, never into the tree.
scratch=$(mktemp)
trap 'rm -f "$scratch"' EXIT
# verdicts: "PROPERTY<TAB>STATUS" per decided property line of `check`'s text output (stdin).
verdicts() {
  sed -nE 's/^(.*[^ ]) +(holds up to bound|holds|violated|incomplete|error|not supported|unsupported)(:| \(|$).*/\1\t\2/p' |
    grep -vE $'\t(holds up to bound|incomplete|not supported|unsupported)$'
}
run() { timeout -k 5 600 "$bin" "$@" </dev/null 2>/dev/null; }

while IFS= read -r line; do
  args=${line#run: }
  case " $args " in
    *" check "*) ;;
    *) continue ;;
  esac
  case " $args " in *" --static "*|*" --dfs "*|*" --fingerprints "*) continue ;; esac
  args=${args//%t/$scratch}
  read -r -a argv <<<"${args//%f/$file}"
  ref=$(run "${argv[@]}" | verdicts)
  if [ -z "$ref" ]; then
    echo "note: dpucheck ${argv[*]} decides no property; nothing to compare"
    continue
  fi
  for c in "${configs[@]}"; do
    if grep -qxF -- "$c" <<<"$skips"; then
      echo "skipped: dpucheck ${argv[*]} $c ($(grep -F -- "# engines: skip $c -- " "$expect" | sed 's/.* -- //'))"
      continue
    fi
    read -r -a extra <<<"$c"
    out=$(run "${argv[@]}" "${extra[@]}")
    got=$(verdicts <<<"$out")
    if [[ $c == *"--engine smt"* ]]; then
      sed -nE 's/^(.*[^ ]) +unsupported: (.*)$/note: smt does not decide \1: \2/p' <<<"$out"
    fi
    while IFS=$'\t' read -r prop status; do
      other=$(awk -F'\t' -v p="$prop" '$1 == p { print $2 }' <<<"$got")
      [ -z "$other" ] && continue
      compared=$((compared + 1))
      if [ "$other" != "$status" ]; then
        echo "FAIL: dpucheck ${argv[*]}: $prop is '$status', but with $c it is '$other'"
        failures=$((failures + 1))
      fi
    done <<<"$ref"
    echo "ran: dpucheck ${argv[*]} ${extra[*]}"
  done
done < <(grep '^run:' "$expect")

echo "$compared verdicts compared, $failures disagreements"
[ "$failures" -eq 0 ]
