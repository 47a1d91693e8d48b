# expect.sh -- sourced by the test runners: runs dpucheck as an expectation file says and
# checks the result. An expectation file is a list of stanzas, each:
#
#   run: parse %f              the dpucheck arguments; %f is the model file (default stanza
#                              when the file starts without `run:`: `run: parse %f`)
#                              %t is a scratch file shared by the stanzas of one expectation
#                              file (e.g. `check --trace-out %t %f`, then `replay %f %t`)
#   exit: 2                    the required exit code (mandatory in every stanza)
#   stderr: TEXT               TEXT must occur in standard error (fixed string, any number)
#   !stderr: TEXT              TEXT must not occur in standard error
#   stdout: TEXT / !stdout: TEXT   the same for standard output
#   stdout~: REGEX / stderr~: REGEX   a line must match the extended regular expression
#   timeout: SECONDS           the time limit of this stanza (default $EXPECT_TIMEOUT, 20 s)
#   # ...                      a comment
#
# Whatever the stanza says, a run must not crash, hang (past the time limit) or report a sanitizer or
# internal error. When the expected exit code is 2, standard error must hold at least one
# positioned diagnostic `FILE:LINE:COL: error: `. Every `check` run (except `--static` and
# runs that name their own --trace-out) also writes its JSON result to a scratch file, and the
# result's `overall` must give the exit code the run returned (spec/trace-format.md: holds ->
# 0, violated/error -> 1, holds_up_to_bound/incomplete/unsupported -> 3): the golden runs
# thereby check that `--json` and the exit code agree on every bundled model, at no extra cost.
# shellcheck shell=bash

EXPECT_TIMEOUT=${EXPECT_TIMEOUT:-20}
expect_failures=0

expect_fail() {
  echo "FAIL: $*"
  expect_failures=$((expect_failures + 1))
}

# check_overall RESULT.json RC: the result's top-level `overall` must map to exit code RC.
# Runs that end with an input error (2) write no result.
check_overall() {
  local json=$1 rc=$2 overall want
  case $rc in 0|1|3) ;; *) return ;; esac
  overall=$(sed -nE 's/^  "overall": "([a-z_]+)",?$/\1/p' "$json")
  case $overall in
    holds) want=0 ;;
    violated|error) want=1 ;;
    holds_up_to_bound|incomplete|unsupported) want=3 ;;
    '') expect_fail "the run wrote no JSON result with an \"overall\" field (--trace-out)"; return ;;
    *) expect_fail "unknown JSON overall '$overall'"; return ;;
  esac
  if [ "$want" != "$rc" ]; then
    expect_fail "JSON \"overall\": \"$overall\" means exit $want, but the run exited $rc"
  fi
}

# check_run DPUCHECK FILE ARGS EXIT [TIMEOUT] PATTERNS...  (FILE relative to the current
# directory; an empty TIMEOUT means $EXPECT_TIMEOUT)
check_run() {
  local bin=$1 file=$2 args=$3 want_exit=$4 limit=${5:-$EXPECT_TIMEOUT}
  shift 5
  local out err rc t0 t1
  out=$(mktemp) err=$(mktemp)
  local -a argv
  args=${args//%t/${EXPECT_SCRATCH:-/dev/null}}
  read -r -a argv <<<"${args//%f/$file}"
  local shown="${argv[*]}" json=""
  case " $args " in
    *" --static "*|*" --trace-out"*) ;;
    *" check "*) json=$(mktemp); argv+=(--trace-out "$json") ;;
  esac
  t0=$(date +%s%N)
  timeout -k 5 "$limit" "$bin" "${argv[@]}" >"$out" 2>"$err" </dev/null
  rc=$?
  t1=$(date +%s%N)
  echo "ran: dpucheck $shown  -> exit $rc in $(( (t1 - t0) / 1000000 )) ms"
  if [ -n "$json" ]; then
    check_overall "$json" "$rc"
    rm -f "$json"
  fi
  case $rc in
    124|137) expect_fail "timed out after ${limit}s" ;;
    13[0-9]) expect_fail "killed by signal $((rc - 128)) (crash)" ;;
  esac
  if [ "$rc" != "$want_exit" ]; then expect_fail "exit code $rc, expected $want_exit"; fi
  if grep -qE 'AddressSanitizer|runtime error:|terminate called|internal error|Assertion .* failed|N5boost|boost::' "$err"; then
    expect_fail "sanitizer report, assertion, internal error or parser internals in stderr"
  fi
  if [ "$want_exit" = 2 ]; then
    local base
    base=$(basename "$file")
    if ! grep -qE "^(.*/)?${base//./\\.}:[0-9]+:[0-9]+: error: " "$err"; then
      expect_fail "no positioned diagnostic '$base:LINE:COL: error: ' in stderr"
    fi
  fi
  local p kind text stream
  for p in "$@"; do
    kind=${p%%:*}
    text=${p#*: }
    case $kind in
      *stderr*) stream=$err ;;
      *) stream=$out ;;
    esac
    text=${text//%f/$file}
    if [[ $kind == *~ ]]; then
      if ! grep -qE -- "$text" "$stream"; then expect_fail "no line of ${kind%\~} matches /$text/"; fi
    elif [[ $kind == !* ]]; then
      if grep -qF -- "$text" "$stream"; then expect_fail "${kind#!} contains forbidden '$text'"; fi
    else
      if ! grep -qF -- "$text" "$stream"; then expect_fail "$kind lacks '$text'"; fi
    fi
  done
  if [ "$expect_failures" -gt 0 ]; then
    echo "--- stdout (first 40 lines) ---"; head -n 40 "$out" | cut -c1-300
    echo "--- stderr (first 40 lines) ---"; head -n 40 "$err" | cut -c1-300
  fi
  rm -f "$out" "$err"
}

# run_expect DPUCHECK FILE EXPECT_FILE: runs every stanza of EXPECT_FILE against FILE.
run_expect() {
  local bin=$1 file=$2 expect=$3
  if [ ! -f "$expect" ]; then expect_fail "missing expectation file $expect"; return; fi
  local args="parse %f" want_exit="" limit="" line stanzas=0
  local -a pats=()
  EXPECT_SCRATCH=$(mktemp)
  flush() {
    if [ -n "$want_exit" ] || [ ${#pats[@]} -gt 0 ]; then
      if [ -z "$want_exit" ]; then expect_fail "$expect: stanza '$args' has no 'exit:' line"
      else check_run "$bin" "$file" "$args" "$want_exit" "$limit" "${pats[@]}"; fi
      stanzas=$((stanzas + 1))
    fi
    want_exit="" limit="" pats=()
  }
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case $line in
      ''|'#'*) ;;
      run:*) flush; args=${line#run:}; args=${args# } ;;
      exit:*) want_exit=${line#exit:}; want_exit=${want_exit// /} ;;
      timeout:*) limit=${line#timeout:}; limit=${limit// /} ;;
      stderr:*|'!stderr:'*|stdout:*|'!stdout:'*|'stdout~:'*|'stderr~:'*) pats+=("$line") ;;
      *) expect_fail "$expect: cannot read line '$line'" ;;
    esac
  done <"$expect"
  flush
  rm -f "$EXPECT_SCRATCH"
  if [ "$stanzas" -eq 0 ]; then expect_fail "$expect: no expectations"; fi
}
