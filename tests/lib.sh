# lib.sh -- sourced first by the tests/run-*.sh scripts whose first argument is the dpucheck
# binary: `bin` (its absolute path), the working directory set to the source root, `tmp` (a
# directory removed at exit) and `fail MESSAGE`, which prints it and counts it in `failures`
# (the script ends with `exit $((failures > 0))` or similar).
bin=$(readlink -f "$1")
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
