#!/usr/bin/env bash
# fuzz-parser.sh SECONDS -- builds the libFuzzer target of the front end (clang, ASan+UBSan,
# checker/syntax/fuzz/fuzz_parser.cpp) and runs it for SECONDS seconds, seeded with every
# models/*.dpu and tests/bad/*.dpu and a dictionary of the language's tokens.
# env: DPU_FUZZ_BUILD, CXX, FUZZ_ARGS (scripts/fuzz-lib.sh)
# The growing corpus stays in $DPU_FUZZ_BUILD/corpus; a crashing input is saved in
# $DPU_FUZZ_BUILD/artifacts/ and reproduced with: $DPU_FUZZ_BUILD/checker/fuzz_parser FILE
set -euo pipefail
seconds=${1:?usage: fuzz-parser.sh SECONDS}
# shellcheck source=scripts/fuzz-lib.sh
source "$(dirname "$0")/fuzz-lib.sh"
fuzz_setup fuzz-parser.sh
fuzz_build fuzz_parser

seeds=$build/seeds corpus=$build/corpus artifacts=$build/artifacts
rm -rf "$seeds"; mkdir -p "$seeds" "$corpus" "$artifacts"
cp "$root"/models/*.dpu "$root"/tests/bad/*.dpu "$seeds"/ 2>/dev/null || true

# A dictionary of keywords, builtin names and operators lets mutations build real syntax.
dict=$build/dpu.dict
{
  for w in algorithm allow array assert at bool broadcast by channel check choose const either \
           elif else emit end enum event exists fault false fair fifo for forall from global if \
           in module message most none of on or order p2p per process record recover rule seq \
           send service set skip stack stacks then to total true type unfair unordered update \
           var when where workload count byzantine crash group bound passive invariant \
           eventually deadlock self bind passivate add remove idle free replaceable present \
           pending crashed alive size len head tail append min max abs member \
           strong_update weak_update freedom terminates linearizable_commit mdcd_recoverable \
           ':=' '->' '=>' '..' '==' '!=' '<=' '>=' '&&' '||' '//' '/*' '*/'; do
    printf '"%s"\n' "$w"
  done
} >"$dict"

fuzz_run fuzz_parser "$seconds" "$corpus" "$seeds" "$dict" "$artifacts" 8192
