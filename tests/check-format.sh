#!/usr/bin/env bash
# check-format.sh ROOT -- fails if a C++ file under checker/ or tests/unit/ differs from what
# clang-format makes of it with the checked-in .clang-format. Fix with:
#   clang-format -i $(git ls-files 'checker/*.cpp' 'checker/*.hpp' 'tests/unit/*.cpp' 'tests/unit/*.hpp')
set -u
root=${1:?usage: check-format.sh ROOT}
cd "$root" || exit 2
if ! command -v clang-format >/dev/null; then
  echo "FAIL: clang-format is not installed (scripts/install-deps.sh --dev installs it)"
  exit 1
fi
mapfile -t files < <(find checker tests/unit -name '*.cpp' -o -name '*.hpp' | sort)
bad=0
for f in "${files[@]}"; do
  if ! clang-format --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f"
    bad=$((bad + 1))
  fi
done
echo "format: ${#files[@]} files, $bad not formatted"
[ "$bad" -eq 0 ]
