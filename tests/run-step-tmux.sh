#!/usr/bin/env bash
# run-step-tmux.sh DPUCHECK -- `dpucheck step` in a real terminal, typed as a person would:
# tmux runs it on a pseudo-terminal, send-keys types the commands, capture-pane reads the
# screen. A missing tmux is a failure, not a skip (scripts/install-deps.sh --dev installs it).
set -u
bin=$(readlink -f "$1")
cd "$(dirname "$0")/.." || exit 2
command -v tmux >/dev/null || { echo "FAIL: tmux is not installed (bash scripts/install-deps.sh --dev)"; exit 1; }
sock="dpucheck-step-$$"
t() { tmux -L "$sock" -f /dev/null "$@"; }
trap 't kill-server 2>/dev/null' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
screen() { t capture-pane -p -J -S -2000 -t step; }
# wait_for TEXT: until the screen shows TEXT (10 s at most)
wait_for() {
  for _ in $(seq 100); do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  fail "the screen never showed '$1'"; screen | tail -15
  return 1
}
type_line() { t send-keys -t step -l -- "$1"; t send-keys -t step Enter; }

# The exit code is printed when the program ends; the shell then waits so the pane stays.
t new-session -d -s step -x 160 -y 50 \
  "'$bin' step models/sdpu.dpu -D N=2; echo \"step exited \$?\"; sleep 60" || { echo "FAIL: tmux new-session"; exit 1; }
wait_for "step 0> " || exit 1
type_line "1"
wait_for "step 1> " && wait_for "cons is provided at P[0] by ct (bound)"
type_line "wat"
wait_for "unknown command 'wat': type help for the commands"
type_line "why 4"
wait_for "replaceable(self, ct, mr)  holds"
type_line "4"
wait_for "step 2> " && wait_for "P[0].started = true"
type_line "undo"
wait_for "back 1 step, at step 1"
type_line "props"
wait_for "freedom(ct, mr)                holds so far on this path"
# A command typed in a terminal is echoed by the terminal, not by dpucheck: once only.
n=$(screen | grep -c '^step 1> props$')
[ "$n" -eq 1 ] || fail "the typed command 'props' shows $n times on the screen, expected once"
type_line "quit"
wait_for "step exited 0"

[ "$failures" -eq 0 ] && echo "all step checks under tmux passed"
exit $((failures > 0))
