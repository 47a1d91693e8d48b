#!/usr/bin/env bash
# run-fmt-roundtrip.sh DPUCHECK MODEL.dpu WORKDIR -- `dpucheck fmt` must print a model that
# resolves to the same model: `dpucheck parse` prints the same summary for the original and
# for its canonical form, and the canonical form is a fixed point (fmt(fmt(x)) == fmt(x));
# fmt keeps the comments, `fmt --check` and `fmt -i` agree with it.
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
# fmt keeps every comment, in order (a model's header states its readings and verdicts).
comments() { grep -o '//.*$' "$1" | sed 's/[[:space:]]*$//'; }
if ! diff -u <(comments "$name.dpu") <(comments "$name.fmt1.dpu") >"$name.comments.diff"; then
  echo "FAIL: fmt lost or changed comments:"; head -n 40 "$name.comments.diff"; fail=1
fi
# --check: the canonical form passes (exit 0), a file that differs from it fails (exit 1) and
# is named; -i rewrites a copy into the canonical form.
run fmt --check "$name.fmt1.dpu" >"$name.check1" 2>&1 || { echo "FAIL: fmt --check of the canonical form exited $?"; cat "$name.check1"; fail=1; }
if ! cmp -s "$name.dpu" "$name.fmt1.dpu"; then
  run fmt --check "$name.dpu" >"$name.check0" 2>&1; rc=$?
  [ "$rc" -eq 1 ] && grep -q "^$name.dpu:[0-9]*: not formatted" "$name.check0" ||
    { echo "FAIL: fmt --check of an unformatted file exited $rc"; cat "$name.check0"; fail=1; }
fi
cp "$name.dpu" "$name.inplace.dpu"
run fmt -i "$name.inplace.dpu" >/dev/null 2>&1 || { echo "FAIL: fmt -i exited $?"; fail=1; }
cmp -s "$name.inplace.dpu" "$name.fmt1.dpu" || { echo "FAIL: fmt -i wrote something else than fmt prints"; fail=1; }
[ $fail -eq 0 ] && echo "ok: $name: fmt round trip ($(wc -l <"$name.fmt1.dpu") lines)"
exit $fail
