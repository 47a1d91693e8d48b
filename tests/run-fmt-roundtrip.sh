#!/usr/bin/env bash
# run-fmt-roundtrip.sh DPUCHECK MODEL.dpu WORKDIR -- `dpucheck fmt` must print a model that
# resolves to the same model: `dpucheck parse` prints the same summary for the original and
# for its canonical form, and the canonical form is a fixed point (fmt(fmt(x)) == fmt(x)).
set -u
bin=$(readlink -f "$1"); model=$(readlink -f "$2"); work=$3
name=$(basename "$model" .dpu)
mkdir -p "$work" && cd "$work" || exit 2
cp "$model" "$name.dpu"
fail=0
run() { timeout -k 5 20 "$bin" "$@" </dev/null; }
run fmt "$name.dpu" >"$name.fmt1.dpu" 2>"$name.fmt1.err" ||
  { echo "FAIL: dpucheck fmt $name.dpu exited $?"; head -n 30 "$name.fmt1.err"; exit 1; }
run fmt "$name.fmt1.dpu" >"$name.fmt2.dpu" 2>"$name.fmt2.err" ||
  { echo "FAIL: dpucheck fmt of the canonical form exited $?"; head -n 30 "$name.fmt2.err"; exit 1; }
if ! diff -u "$name.fmt1.dpu" "$name.fmt2.dpu" >"$name.fmt.diff"; then
  echo "FAIL: fmt is not a fixed point (fmt(fmt(x)) != fmt(x)):"; head -n 40 "$name.fmt.diff"; fail=1
fi
# The summaries may mention the file name; compare them with it blanked out.
run parse "$name.dpu" >"$name.sum0" 2>&1 || { echo "FAIL: parse of the original failed"; cat "$name.sum0"; exit 1; }
run parse "$name.fmt1.dpu" >"$name.sum1" 2>&1 ||
  { echo "FAIL: parse of the canonical form failed"; head -n 40 "$name.sum1"; exit 1; }
sed -i "s/$name\.fmt1\.dpu/FILE/g; s/$name\.dpu/FILE/g" "$name.sum0" "$name.sum1"
if ! diff -u "$name.sum0" "$name.sum1" >"$name.sum.diff"; then
  echo "FAIL: parse(fmt(x)) resolves to a different model than x:"; head -n 60 "$name.sum.diff"; fail=1
fi
if [ ! -s "$name.sum0" ]; then echo "FAIL: dpucheck parse printed no summary"; fail=1; fi
[ $fail -eq 0 ] && echo "ok: $name: fmt round trip ($(wc -l <"$name.fmt1.dpu") lines)"
exit $fail
