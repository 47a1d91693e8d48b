#!/usr/bin/env bash
# run-tutorial.sh DPUCHECK ROOT -- runs every command of docs/tutorial.md and compares its
# output with the tutorial's, so the tutorial cannot drift from the tool.
# In the tutorial's ```console blocks, a line `$ COMMAND` is run (in a scratch folder where
# models/ and counterexamples/ are the repository's and ./build/dpucheck is DPUCHECK) with
# bash, stdout and stderr together; the lines up to the next `$ ` or the block's end are its
# expected output, exactly, where a line `...` stands for any number of lines. A command ending
# in `# exit N` must exit N, any other must exit 0. Commands run in order and share the folder.
set -u
bin=$(readlink -f "${1:?usage: run-tutorial.sh DPUCHECK ROOT}")
root=$(readlink -f "${2:?}")
doc="$root/docs/tutorial.md"
[ -f "$doc" ] || { echo "FAIL: no $doc"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build"
ln -s "$bin" "$work/build/dpucheck"
ln -s "$root/models" "$work/models"
ln -s "$root/counterexamples" "$work/counterexamples"

# commands and expectations, NUL-separated records: "CMD\x1fEXPECTED-LINES"
mapfile -d '' records < <(awk '
  /^```console[[:space:]]*$/ { inblock = 1; next }
  inblock && /^```[[:space:]]*$/ { if (cmd != "") printf "%s\037%s%c", cmd, out, 0; cmd = ""; out = ""; inblock = 0; next }
  inblock && /^\$ / { if (cmd != "") printf "%s\037%s%c", cmd, out, 0; cmd = substr($0, 3); out = ""; next }
  inblock { out = out $0 "\n" }
' "$doc")
[ "${#records[@]}" -ge 8 ] || { echo "FAIL: only ${#records[@]} commands found in $doc"; exit 1; }

failures=0
n=0
for rec in "${records[@]}"; do
  n=$((n + 1))
  cmd=${rec%%$'\x1f'*}
  expected=${rec#*$'\x1f'}
  want=0
  if [[ $cmd =~ ^(.*[^[:space:]])[[:space:]]+\#\ exit\ ([0-9]+)$ ]]; then
    cmd=${BASH_REMATCH[1]}
    want=${BASH_REMATCH[2]}
  fi
  actual=$(cd "$work" && timeout 300 bash -c "$cmd" 2>&1)
  rc=$?
  mapfile -t E <<<"${expected%$'\n'}"
  [ -z "$expected" ] && E=()
  mapfile -t A <<<"$actual"
  [ -z "$actual" ] && A=()
  ok=1 why=""
  i=0 j=0
  while [ $i -lt ${#E[@]} ]; do
    if [ "${E[$i]}" = "..." ]; then
      if [ $((i + 1)) -eq ${#E[@]} ]; then j=${#A[@]}; i=$((i + 1)); break; fi
      next=${E[$((i + 1))]}
      while [ $j -lt ${#A[@]} ] && [ "${A[$j]}" != "$next" ]; do j=$((j + 1)); done
      if [ $j -ge ${#A[@]} ]; then ok=0 why="no line '$next' after '...'"; break; fi
      i=$((i + 1))
      continue
    fi
    if [ $j -ge ${#A[@]} ] || [ "${A[$j]}" != "${E[$i]}" ]; then
      ok=0 why="expected line $((i + 1)) '${E[$i]}', got '${A[$j]:-<end of output>}'"
      break
    fi
    i=$((i + 1)) j=$((j + 1))
  done
  [ $ok -eq 1 ] && [ $j -lt ${#A[@]} ] && ok=0 why="more output than the tutorial shows: '${A[$j]}'"
  if [ $rc -ne "$want" ]; then ok=0 why="exit $rc, the tutorial says $want. $why"; fi
  if [ $ok -eq 1 ]; then
    echo "ok $n: $cmd"
  else
    echo "FAIL $n: $cmd: $why"
    echo "--- its output:"; echo "$actual" | head -40
    failures=$((failures + 1))
  fi
done
[ $failures -eq 0 ] || { echo "$failures of $n tutorial commands do not do what docs/tutorial.md shows"; exit 1; }
echo "all $n commands of docs/tutorial.md do what it shows"
