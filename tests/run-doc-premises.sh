#!/usr/bin/env bash
# run-doc-premises.sh DPUCHECK ROOT -- the `premises` example of spec/trace-format.md is real:
# its step (index, action, rule, premises) is the one `check --explain --json` prints for the
# freedom counterexample of models/sdpu_noidle.dpu, and that trace is the bundled one
# (counterexamples/sdpu_noidle.freedom.json, the same actions in the same order).
set -u
bin=$(readlink -f "${1:?usage: run-doc-premises.sh DPUCHECK ROOT}")
root=$(readlink -f "${2:?}")
cd "$root" || exit 1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
timeout 300 "$bin" check -q --explain --json -p 'freedom(ct,mr)' models/sdpu_noidle.dpu >"$out"
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: check --explain exited $rc, expected 1 (violated)"; exit 1; }
python3 - "$out" <<'PY'
import json, re, sys
doc = open("spec/trace-format.md", encoding="utf-8").read()
blocks = [b for b in re.findall(r"```json\n(.*?)```", doc, re.S) if '"premises"' in b]
if len(blocks) != 1:
    sys.exit(f"FAIL: spec/trace-format.md has {len(blocks)} json blocks with premises, expected 1")
want = json.loads(blocks[0])
result = json.load(open(sys.argv[1], encoding="utf-8"))
steps = result["properties"][0]["trace"]["steps"]
bundled = json.load(open("counterexamples/sdpu_noidle.freedom.json", encoding="utf-8"))
bundled_steps = [p for p in bundled["properties"] if p.get("trace")][0]["trace"]["steps"]
if [s["action"] for s in steps] != [s["action"] for s in bundled_steps]:
    sys.exit("FAIL: the --explain trace is not the bundled counterexample's")
got = steps[want["index"] - 1]
bad = [k for k in want if got.get(k) != want[k]]
if bad:
    for k in bad:
        print(f"FAIL: field {k}: the doc says {json.dumps(want[k])}, dpucheck prints {json.dumps(got.get(k))}")
    sys.exit(1)
print(f"ok: step {want['index']} of spec/trace-format.md's premises example is dpucheck's output")
PY
