# lib-cex.sh -- sourced first by the scripts that take DPUCHECK and a stored counterexample
# counterexamples/MODEL.PROP.txt: `bin`, `cex` (absolute paths), the working directory set to
# the source root, `model` (models/MODEL.dpu, from the file name) and `prop` (from the file's
# first line, "Counterexample for PROP:"; a file without it fails here).
bin=$(readlink -f "$1"); cex=$(readlink -f "$2")
cd "$(dirname "$(dirname "$cex")")" || exit 2
base=$(basename "$cex" .txt)
model=models/${base%%.*}.dpu
prop=$(sed -n '1s/^Counterexample for \(.*\):$/\1/p' "$cex")
if [ -z "$prop" ]; then echo "FAIL: $cex does not start with 'Counterexample for PROP:'"; exit 1; fi
