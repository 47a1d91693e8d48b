#!/usr/bin/env bash
# run-cex-reproduce.sh DPUCHECK counterexamples/MODEL.PROP.txt -- the checker must print
# exactly the stored counterexample: same steps, same state changes, same verdict line. The
# property is read from the file's first line ("Counterexample for PROP:"), the model from
# the file name. Regenerate with scripts/update-counterexamples.sh after a deliberate change.
set -u
# shellcheck source=tests/lib-cex.sh
source "$(dirname "$0")/lib-cex.sh"
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
