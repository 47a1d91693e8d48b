# What the viewer must draw for a result (spec/trace-format.md), computed from the trace JSON
# alone, independently of dpucheck's viewer code; tests/run-viewer.sh compares it with the
# DOM Chromium rendered. One fact a line:
#   steps N | loop L | violation BOOL | lane KEY (a process the trace names, "P#1")
#   uses-global BOOL | uses-env BOOL
#   delivered CALL_STEP STEP LANE (a protocol copy: sent at CALL_STEP, delivered at STEP)
#   taken STEP LANE SENDER (a handler at LANE takes a message SENDER sent)
#   pending-protocol N | pending-control N (copies / receivers still in flight at the end)
#   marker-step K (a step that changes a stack's bindings)
#   state K N (the state panel at step K lists N components)
#   changed K COMPONENT (highlighted at step K)
def key: if . == null then "env" else "\(.family)#\(.index)" end;
def apply($changes):
  reduce $changes[] as $c (.; if ($c.removed // false) then del(.[$c.component]) else .[$c.component] = $c end);
[.properties[] | select(.trace != null)][0] as $p
| $p.trace as $t
| ($t.steps | length) as $n
| (($n + 1) / 2 | floor) as $k
| ({} | apply($t.initial)) as $s0
| (reduce $t.steps[] as $st ($s0; apply($st.changes))) as $final
| (reduce $t.steps[0:$k][] as $st ($s0; apply($st.changes))) as $sk
| (reduce range(0; $n) as $i ({};
     if $t.steps[$i].detail.kind == "call" and $t.steps[$i].error == null
     then .[$t.steps[$i].detail.message | tostring] = $i + 1 else . end)) as $calls
| "steps \($n)",
  "loop \($t.loop_start)",
  "violation \($p.status == "violated" or $p.status == "error")",
  ([$t.initial[], $t.steps[].changes[] | .process? // empty | key]
   + [$t.steps[].detail | select(.family != null) | {family, index: .process} | key]
   | unique[] | "lane \(.)"),
  "uses-global \(any($t.steps[]; .detail.family == null))",
  "uses-env \(any($t | .. | objects | select(has("sender")); .sender == null))",
  (range(0; $n) as $i | $t.steps[$i] | select(.detail.kind == "deliver" and .error == null)
   | "delivered \($calls[.detail.message | tostring]) \($i + 1) \(.detail.family)#\(.detail.process)"),
  (range(0; $n) as $i | $t.steps[$i] | select(.detail.kind == "handler" and .error == null)
   | "taken \($i + 1) \(.detail.family)#\(.detail.process) \(.detail.control.sender | key)"),
  "pending-protocol \([$final[] | select(.kind == "copies") | .text | [scan(" sent\\(")] | length] | add // 0)",
  "pending-control \([$final[] | select(.kind == "channel") | .messages[] | .receivers | length] | add // 0)",
  ([range(0; $n) as $i | select(any($t.steps[$i].changes[]; .kind == "stack")) | $i + 1] | unique[]
   | "marker-step \(.)"),
  "state \($k) \(($sk | length) + ([$t.steps[$k - 1].changes[] | select(.removed // false)] | length))",
  ($t.steps[$k - 1].changes[] | "changed \($k) \(.component)")
