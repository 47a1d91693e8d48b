#!/usr/bin/env bash
# run-viewer.sh DPUCHECK MODEL TRACE.json -- the HTML viewer in a real browser.
# run-viewer.sh DPUCHECK MODEL --check PROPERTY [CHECK OPTIONS...] -- the same on the trace
#   `check -p PROPERTY --trace-out` finds, whose `--trace-html` page must also be
#   byte-identical to the saved trace's page (both are drawn from the same JSON form).
# Writes the viewer page of TRACE.json (`dpucheck trace MODEL TRACE --html`), has headless
# Chromium run its script and dump the DOM, and compares what was drawn with what the trace
# says (tests/viewer/expect.jq, computed from the JSON alone): one lane per process of the
# model, every step a row and a slider position, an arrow from each call to each delivery and
# from each sender to each handler that takes its message, what is still in flight at the
# end, a badge at each binding change, the lasso's cycle, the violated property, and the
# full state panel at the middle step with its changes highlighted. The page must fetch
# nothing (no src/href/url to another file or host).
# Without chromium: skipped (exit 77) with the reason, except under CI (CI=true), where the
# scripts install it and its absence is a failure.
set -u
dpucheck=${1:?usage: run-viewer.sh DPUCHECK MODEL TRACE.json | --check PROPERTY [OPTIONS]}
model=${2:?}
trace=${3:?}
mode=
if [ "$trace" = --check ]; then
  mode=check
  prop=${4:?--check needs a property}
  shift 4
  check_options=("$@")
fi
here=$(cd "$(dirname "$0")" && pwd)

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  if [ -n "${CI:-}" ]; then
    echo "FAIL: chromium is not installed (scripts/install-deps.sh --dev installs it)"
    exit 1
  fi
  echo "SKIP: chromium is not installed (bash scripts/install-deps.sh --dev installs it); the viewer is not tested"
  exit 77
fi
command -v jq >/dev/null || { echo "FAIL: jq is not installed (scripts/install-deps.sh --dev installs it)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

if [ "$mode" = check ]; then
  "$dpucheck" check -q "${check_options[@]}" -p "$prop" "$model" --trace-out "$work/check.json" \
    --trace-html "$work/check.html" > "$work/check.out" 2>&1
  rc=$?
  [ $rc -eq 1 ] || { cat "$work/check.out"; fail "check exited $rc, expected 1 (violated)"; }
  trace="$work/check.json"
fi

# The trace's constants, for `parse` (the process count) and `check`: JSON writes a boolean
# constant as 0/1, which -D takes as true/false only for a constant declared boolean.
defines=()
while read -r name value; do
  if grep -Eq "^[[:space:]]*const[[:space:]]+$name[[:space:]]*=[[:space:]]*(true|false)" "$model"; then
    [ "$value" = 0 ] && value=false
    [ "$value" = 1 ] && value=true
  fi
  defines+=(-D "$name=$value")
done < <(jq -r '.constants // {} | to_entries[] | "\(.key) \(.value)"' "$trace")

"$dpucheck" trace "$model" "$trace" --html "$work/page.html" > "$work/trace.out" 2>&1 \
  || { cat "$work/trace.out"; fail "dpucheck trace failed"; }
if [ "$mode" = check ]; then
  cmp -s "$work/check.html" "$work/page.html" || fail "check --trace-html and trace --html draw different pages"
fi
# Self-contained: nothing to load (the SVG namespace URIs are names, not addresses).
if grep -Eq '<(link|img|iframe)|src=|href=|@import|url\(["'"'"']?[a-z]+:' "$work/page.html"; then
  grep -Eo '.{0,40}(<(link|img|iframe)|src=|href=|@import|url\(["'"'"']?[a-z]+:).{0,40}' "$work/page.html" | head -5
  fail "the page refers to another file or host"
fi

jq -r -f "$here/viewer/expect.jq" "$trace" > "$work/expected" || fail "expect.jq failed on $trace"
middle=$(awk '$1 == "state" { print $2 }' "$work/expected")

# The DOM after the script ran, opened at the middle step.
profile="$work/profile"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --dump-dom "file://$work/page.html#step=$middle" \
  > "$work/dom.html" 2> "$work/chromium.err" || { tail -5 "$work/chromium.err"; fail "chromium failed"; }
grep -q 'data-rendered="yes"' "$work/dom.html" || fail "the page's script did not finish (no data-rendered)"

# The same facts, read from the DOM.
dom_facts() {
  local dom=$1 line kind how fs fl ts tl
  grep -o '<input id="slider"[^>]*>' "$dom" | sed -n 's/.*max="\([0-9]*\)".*/steps \1/p'
  if grep -q '<g class="cycle"' "$dom"; then
    grep -o '<g class="cycle" data-loop-start="[0-9]*"' "$dom" | sed 's/.*="\([0-9]*\)"/loop \1/'
  else
    echo "loop null"
  fi
  if grep -q 'class="violation' "$dom"; then echo "violation true"; else echo "violation false"; fi
  if grep -q '<g class="lane[^"]*" data-key="global"' "$dom"; then echo "uses-global true"; else echo "uses-global false"; fi
  if grep -q '<g class="lane[^"]*" data-key="env"' "$dom"; then echo "uses-env true"; else echo "uses-env false"; fi
  local pp=0 pc=0
  while IFS= read -r line; do
    [[ $line =~ data-kind=\"([a-z]+)\"\ data-how=\"([a-z]+)\"\ data-from-step=\"([0-9]+)\"\ data-from-lane=\"([^\"]+)\"\ data-to-step=\"([a-z0-9]+)\"\ data-to-lane=\"([^\"]+)\" ]] \
      || { echo "unreadable arrow: $line"; continue; }
    kind=${BASH_REMATCH[1]} how=${BASH_REMATCH[2]} fs=${BASH_REMATCH[3]} fl=${BASH_REMATCH[4]}
    ts=${BASH_REMATCH[5]} tl=${BASH_REMATCH[6]}
    case "$kind/$how" in
      protocol/delivered) echo "delivered $fs $ts $tl" ;;
      control/taken) echo "taken $ts $tl $fl" ;;
      protocol/pending) pp=$((pp + 1)) ;;
      control/pending) pc=$((pc + 1)) ;;
    esac
  done < <(grep -o '<g class="arrow [^>]*>' "$dom")
  echo "pending-protocol $pp"
  echo "pending-control $pc"
  grep -o '<g class="marker [^>]*>' "$dom" | grep -v 'data-what="crashed"\|data-what="recovered"' \
    | sed 's/.*data-step="\([0-9]*\)".*/\1/' | sort -un | sed 's/^/marker-step /'
  local panel
  panel=$(sed -n 's/.*<aside id="state">\(.*\)<\/aside>.*/\1/p' "$dom")
  echo "state $middle $(grep -o '<tr [^>]*data-component=' <<<"$panel" | wc -l)"
  grep -o '<tr class="changed[^"]*" data-component="[^"]*"' <<<"$panel" \
    | sed 's/.*data-component="\([^"]*\)"/changed '"$middle"' \1/' | sed 's/&quot;/"/g; s/&amp;/\&/g'
}
dom_facts "$work/dom.html" > "$work/drawn"

rows=$(grep -o '<g class="step-row[^"]*" data-step="[0-9]*"' "$work/dom.html" | wc -l)
steps=$(awk '$1 == "steps" { print $2 }' "$work/expected")
[ "$rows" -eq $((steps + 1)) ] || fail "$rows rows drawn for $steps steps (and the initial state)"

# Lanes: one per process of the model (stacks first), plus `global` / `environment` when used.
processes=$("$dpucheck" parse "${defines[@]}" "$model" | sed -n 's/.*(\([0-9]*\) process.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
grep -o '<g class="lane[^"]*" data-key="[^"]*"' "$work/dom.html" | sed 's/.*data-key="//; s/"$//' > "$work/lanes"
extra=$(grep -c 'uses-\(global\|env\) true' "$work/expected")
[ "$(wc -l < "$work/lanes")" -eq $((processes + extra)) ] \
  || fail "$(wc -l < "$work/lanes") lanes drawn, the model has $processes processes (+$extra)"
[ "$(head -1 "$work/lanes")" != "" ] || fail "no lane drawn"
for l in $(awk '$1 == "lane" { print $2 }' "$work/expected"); do
  grep -qx "$l" "$work/lanes" || fail "no lane for $l, which the trace names"
done

grep -v '^lane ' "$work/expected" | sort > "$work/expected.sorted"
sort "$work/drawn" > "$work/drawn.sorted"
if ! diff -u "$work/expected.sorted" "$work/drawn.sorted" > "$work/diff"; then
  head -40 "$work/diff"
  fail "the page does not draw the trace (- the trace, + the page)"
fi
echo "ok: $(basename "$trace"): $steps steps, $(wc -l < "$work/lanes") lanes, $(grep -o '<g class="arrow ' "$work/dom.html" | wc -l) arrows"
