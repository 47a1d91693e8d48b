#!/usr/bin/env bash
# run-viewer-errors.sh DPUCHECK ROOT -- bad uses of `dpucheck trace` and `check --trace-html`
# get a clear message and exit 2 without writing a page; a trace that does not replay is never
# drawn; a check without a counterexample still writes a page saying so.
set -u
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"
# expect EXIT STDERR_SUBSTRING -- ARGS...: the exit code, the message, and no page written
expect() {
  local want=$1 text=$2; shift 3
  local err rc
  rm -f "$tmp/page.html"
  err=$(timeout 60 "$bin" "$@" 2>&1 >/dev/null < /dev/null); rc=$?
  if [ "$rc" -ne "$want" ]; then
    fail "dpucheck $* exited $rc, expected $want"; echo "$err" | head -5
  elif ! grep -qF -- "$text" <<<"$err"; then
    fail "dpucheck $*: stderr lacks '$text'"; echo "$err" | head -5
  elif [ "$want" -eq 2 ] && [ -e "$tmp/page.html" ]; then
    fail "dpucheck $*: exit 2 but a page was written"
  else
    echo "ok: dpucheck $* -> $rc"
  fi
}
cex=counterexamples/sdpu_noidle.freedom.json
expect 2 "trace needs an output: --html FILE" -- trace models/sdpu_noidle.dpu "$cex"
expect 2 "trace is required" -- trace models/sdpu_noidle.dpu --html "$tmp/page.html"
expect 2 "cannot write the trace to '$tmp/no/such/page.html'" -- trace models/sdpu_noidle.dpu "$cex" --html "$tmp/no/such/page.html"
echo '{"format": "dpucheck-result/2", "properties": [' > "$tmp/broken.json"
expect 2 "is not valid JSON" -- trace models/sdpu_noidle.dpu "$tmp/broken.json" --html "$tmp/page.html"
# A trace that is not a run of the model (its step 2 left out; or another model): refused.
jq '.properties[0].trace.steps |= del(.[1]) | .properties[0].trace.steps |= (to_entries | map(.value.index = .key + 1 | .value))' \
  "$cex" > "$tmp/cut.json"
expect 2 "does not replay at step" -- trace models/sdpu_noidle.dpu "$tmp/cut.json" --html "$tmp/page.html"
expect 2 "does not replay" -- trace models/ldpu.dpu "$cex" --html "$tmp/page.html"
# A result without a trace has nothing to draw.
timeout 60 "$bin" check -q -p deadlock tests/viewer/pingpong.dpu --trace-out "$tmp/holds.json" > /dev/null
expect 2 "holds no trace to draw" -- trace tests/viewer/pingpong.dpu "$tmp/holds.json" --html "$tmp/page.html"
expect 2 "--static prints its verdicts as text: it cannot be combined with --trace-html" -- \
  check --static models/sdpu_noidle.dpu --trace-html "$tmp/page.html"
# An unwritable --trace-html is an input error before the search.
expect 2 "cannot write the trace to '$tmp/no/such/page.html'" -- check models/sdpu.dpu --trace-html "$tmp/no/such/page.html"
# A check where every property holds writes a page that says there is no counterexample.
expect 0 "" -- check -q -p deadlock tests/viewer/pingpong.dpu --trace-html "$tmp/page.html"
[ -s "$tmp/page.html" ] && grep -q '"traces":\[\]' "$tmp/page.html" \
  || fail "check --trace-html without a counterexample: no page saying so"
# A page the trace made is written (and said on stdout).
out=$(timeout 60 "$bin" trace models/sdpu_noidle.dpu "$cex" --html "$tmp/page.html" 2>&1)
grep -qF "wrote $tmp/page.html: 1 trace of models/sdpu_noidle.dpu" <<<"$out" || fail "trace --html: '$out'"
[ -s "$tmp/page.html" ] || fail "trace --html wrote no page"
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all viewer error cases pass"
