#!/usr/bin/env bash
# check-layering.sh CHECKER_DIR -- fails if a folder of checker/ includes a header it may not
# depend on. The CMake targets already link PRIVATE, but every library exports the common
# include root and Boost, CLI11 and Z3 live in /usr/include, so a stray #include would still
# compile: this test is what keeps an engine from reaching the parser or X3 by accident.
# The table mirrors each folder's README ("depends on"); a new folder must be added here.
set -u
root=${1:?usage: check-layering.sh CHECKER_DIR}

# folder -> the project folders it may include (besides itself) and the third-party header
# prefixes it may include.
declare -A allow_dirs=(
  [diag]=""
  [syntax]="diag"
  [model]=""
  [resolve]="model diag syntax"
  [frontend]="resolve model diag syntax"
  [result]="model"
  [report]="result model diag"
  [explicit]="model result"
  [smt]="model result"
  [replay]="model result"
  [distributed]="explicit model result"
  [cli]="frontend resolve model diag result report explicit smt replay distributed"
)
declare -A allow_libs=(
  [diag]="fmt"
  [syntax]="fmt boost"
  [model]="fmt"
  [resolve]="fmt"
  [frontend]="fmt"
  [result]="fmt nlohmann"
  [report]="fmt nlohmann"
  [explicit]="fmt nlohmann xxhash"
  [smt]="fmt nlohmann z3"
  [replay]="fmt nlohmann"
  [distributed]="fmt nlohmann xxhash mpi"
  [cli]="fmt nlohmann CLI"
)

failures=0
for dir in "$root"/*/; do
  name=$(basename "$dir")
  if [ -z "${allow_dirs[$name]+set}" ]; then
    echo "FAIL: checker/$name has no entry in tests/check-layering.sh (say what it may include)"
    failures=$((failures + 1))
    continue
  fi
  while IFS= read -r hit; do
    file=${hit%%:*}
    # fuzz harnesses are programs on top of the stack, like cli: they may include anything
    [[ $file == */fuzz/* ]] && continue
    inc=$(sed -nE 's/^[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1/p' <<<"${hit#*:}")
    [ -z "$inc" ] && continue
    first=${inc%%/*}
    if [[ $inc != */* ]]; then
      # <vector>, <z3++.h>, <pthread.h>: standard headers pass; known third-party ones are
      # checked against the table.
      case $inc in
        z3*.h) first=z3 ;;
        xxhash.h) first=xxhash ;;
        mpi.h) first=mpi ;;
        *) continue ;;
      esac
    fi
    [ "$first" = "$name" ] && continue
    ok=0
    for d in ${allow_dirs[$name]} ${allow_libs[$name]}; do [ "$first" = "$d" ] && ok=1; done
    # system headers under sys/, bits/ etc. are not dependencies
    case $first in sys|bits|linux|arpa|netinet) ok=1 ;; esac
    if [ "$ok" = 0 ]; then
      echo "FAIL: ${file#"$root"/}: includes <$inc>, but checker/$name may not depend on '$first'"
      failures=$((failures + 1))
    fi
  done < <(grep -rnE --include='*.cpp' --include='*.hpp' --include='*.h' '^[[:space:]]*#[[:space:]]*include' "$dir" | sed -E 's/^([^:]+):/\1:/')
done
echo "layering: $failures violations"
[ "$failures" -eq 0 ]
