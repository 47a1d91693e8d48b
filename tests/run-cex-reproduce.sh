#!/usr/bin/env bash
# run-cex-reproduce.sh DPUCHECK counterexamples/MODEL.PROP.txt -- the checker must print
# exactly the stored counterexample: same steps, same state changes, same verdict line. The
# property is read from the file's first line ("Counterexample for PROP:"), the model from
# the file name. Regenerate with scripts/update-counterexamples.sh after a deliberate change.
set -u
bin=$(readlink -f "$1"); cex=$(readlink -f "$2")
root=$(dirname "$(dirname "$cex")")
cd "$root" || exit 2
base=$(basename "$cex" .txt)
model=models/${base%%.*}.dpu
prop=$(sed -n '1s/^Counterexample for \(.*\):$/\1/p' "$cex")
if [ -z "$prop" ]; then echo "FAIL: $cex does not start with 'Counterexample for PROP:'"; exit 1; fi
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
timeout 300 "$bin" check -q -p "$prop" "$model" > "$actual.full"
rc=$?
sed -n '/^Counterexample for /,/^violated: /p' "$actual.full" > "$actual"
rm -f "$actual.full"
if [ "$rc" -ne 1 ]; then echo "FAIL: dpucheck check -p '$prop' $model exited $rc, expected 1"; exit 1; fi
if ! diff -u "$cex" "$actual"; then
  echo "FAIL: the counterexample for $prop on $model differs from $(basename "$cex") (diff above)"
  exit 1
fi
echo "ok: $model reproduces $(basename "$cex") ($(grep -c '^ *[0-9]\+  ' "$cex") steps)"
