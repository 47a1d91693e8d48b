#!/usr/bin/env bash
# run-workers-agree.sh DPUCHECK MODEL.dpu EXPECT -- the parallel search gives the same output
# for every worker count (spec/explorer.md, "Parallel search"). Each `check` stanza of the
# model's golden file is run as written and with `--fingerprints`, each at --workers 1
# (the sequential search), 2 and 4; stdout must be identical byte for byte (verdicts, traces,
# coverage, state, transition and depth counts) except the run's seconds and memory.
set -u
bin=$(readlink -f "$1"); model=$(readlink -f "$2"); expect=$(readlink -f "$3")
cd "$(dirname "$model")/.." || exit 2
file="models/$(basename "$model")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0
runs=0
# out ARGS...: stdout without the run's seconds and memory (text summary and --json stats)
out() {
  timeout -k 5 600 "$bin" "$@" </dev/null 2>/dev/null |
    sed -E 's/(^[0-9]+ states, [0-9]+ transitions, depth [0-9]+), .*/\1/; /^ *"(seconds|memory_bytes)": /d'
  echo "exit ${PIPESTATUS[0]}"
}

while IFS= read -r line; do
  args=${line#run: }
  case " $args " in *" check "*) ;; *) continue ;; esac
  case " $args " in *" --static "*|*" --trace-out "*|*%t*) continue ;; esac
  read -r -a argv <<<"${args//%f/$file}"
  for extra in "" "--fingerprints"; do
    read -r -a more <<<"$extra"
    out "${argv[@]}" "${more[@]}" --workers 1 >"$tmp/w1"
    for w in 2 4; do
      out "${argv[@]}" "${more[@]}" --workers "$w" >"$tmp/w$w"
      runs=$((runs + 1))
      if ! diff -u "$tmp/w1" "$tmp/w$w" >"$tmp/diff"; then
        echo "FAIL: dpucheck ${argv[*]} ${more[*]}: --workers $w differs from --workers 1:"
        head -40 "$tmp/diff"
        failures=$((failures + 1))
      fi
    done
    echo "ran: dpucheck ${argv[*]} ${more[*]} at 1, 2 and 4 workers ($(grep -c . "$tmp/w1") lines)"
  done
done < <(grep '^run:' "$expect")

echo "$runs comparisons, $failures differences"
[ "$failures" -eq 0 ]
