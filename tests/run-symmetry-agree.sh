#!/usr/bin/env bash
# run-symmetry-agree.sh DPUCHECK MODEL.dpu EXPECT -- symmetry reduction keeps every verdict
# (spec/explorer.md, "Symmetry reduction"). Each `check` stanza of the expectation file is
# run as written and with `--fingerprints` (where liveness does not keep the run unreduced),
# with --symmetry on and off. When the summary says a family was reduced, both runs must
# give the same exit code, the same status for every property and counterexamples of the
# same lengths, and each counterexample of the reduced run (written with --trace-out) must
# replay as a violation. A run that reduces nothing is the unreduced search itself: it is
# only probed (--max-states 1), not run twice.
set -u
bin=$(readlink -f "$1"); model=$(readlink -f "$2"); expect=$(readlink -f "$3")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
file=$(realpath --relative-to="$root" "$model")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 compared=0

# verdicts FILE: "property status" per line, then the steps of each counterexample
verdicts() {
  sed -n 's/^\([^ ].*[^ ]\) \+\(holds up to depth\|holds\|violated\|incomplete\|error\|unsupported\)\b.*/\1 \2/p' "$1"
  awk '/^Counterexample for /{if (n) print name, n; name=$0; n=0; next}
       /^ +[0-9]+  /{n++} END{if (n) print name, n}' "$1"
}

while IFS= read -r line; do
  args=${line#run: }
  case " $args " in *" check "*) ;; *) continue ;; esac
  args=${args//--trace-out %t/}  # the reduced run writes its own
  case " $args " in *" --static "*|*%t*|*" --json "*|*" --engine "*|*" --symmetry "*) continue ;; esac
  read -r -a argv <<<"${args//%f/$file}"
  for extra in "" "--fingerprints"; do
    read -r -a more <<<"$extra"
    probe=$(timeout 60 "$bin" "${argv[@]}" "${more[@]}" --max-states 1 2>/dev/null | grep '^symmetry:')
    case "$probe" in *" reduced ("*) ;; *) echo "skip: ${argv[*]} ${more[*]}: ${probe:-no symmetry line}"; continue ;; esac
    timeout -k 5 600 "$bin" "${argv[@]}" "${more[@]}" --symmetry on --trace-out "$tmp/on.json" \
      </dev/null >"$tmp/on" 2>/dev/null
    rc_on=$?
    timeout -k 5 600 "$bin" "${argv[@]}" "${more[@]}" --symmetry off </dev/null >"$tmp/off" 2>/dev/null
    rc_off=$?
    compared=$((compared + 1))
    if [ "$rc_on" -ne "$rc_off" ]; then
      echo "FAIL: dpucheck ${argv[*]} ${more[*]}: exit $rc_on reduced, $rc_off unreduced"
      failures=$((failures + 1))
    fi
    verdicts "$tmp/on" >"$tmp/v_on"
    verdicts "$tmp/off" >"$tmp/v_off"
    if ! diff -u "$tmp/v_off" "$tmp/v_on" >"$tmp/diff"; then
      echo "FAIL: dpucheck ${argv[*]} ${more[*]}: the reduced run differs (- unreduced, + reduced):"
      cat "$tmp/diff"
      failures=$((failures + 1))
    fi
    if [ "$rc_on" -eq 1 ]; then
      defines=()  # the stanza's -D constants
      for ((i = 0; i < ${#argv[@]}; i++)); do
        [ "${argv[i]}" = -D ] && defines+=(-D "${argv[i + 1]}")
      done
      "$bin" replay "${defines[@]}" "$file" "$tmp/on.json" </dev/null >"$tmp/replay" 2>&1
      if [ $? -ne 1 ]; then
        echo "FAIL: the reduced run's counterexamples of ${argv[*]} ${more[*]} do not replay:"
        tail -5 "$tmp/replay"
        failures=$((failures + 1))
      fi
    fi
    echo "ran: dpucheck ${argv[*]} ${more[*]}: $(grep -c . "$tmp/v_on") verdict lines agree;" \
      "$(sed -n 's/^\([0-9]*\) states.*/\1/p' "$tmp/on") states reduced, $(sed -n 's/^\([0-9]*\) states.*/\1/p' "$tmp/off") unreduced"
  done
done < <(grep '^run:' "$expect")
echo "$compared comparisons, $failures differences"
[ "$failures" -eq 0 ]
