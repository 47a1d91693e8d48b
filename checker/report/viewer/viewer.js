// dpucheck's counterexample viewer: draws the data of #dpu-data (built by dpucheck from a
// result, spec/viewer.md) as a message sequence chart, and the full state at the chosen step.
// Plain script, no library: the page must work offline and from a file:// address.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dpu-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#5d4037",
                   "#455a64", "#9e9d24"];
  const LABEL_W = 290, LANE_W = 150, TOP = 58, ROW_H = 32, CYCLE_W = 120;
  const KIND_TITLE = {stack: "Stacks (module bindings)", copies: "Protocol message copies (S_S, S_D)",
                      variable: "Variables", channel: "Control channels", crashed: "Crashed processes",
                      monitor: "Property monitors"};
  const KIND_ORDER = ["stack", "copies", "variable", "channel", "crashed", "monitor"];

  let trace = null;   // the trace shown
  let current = 0;    // the step shown: 0 is the initial state
  let states = [];    // states[k]: Map component -> {kind, text}, the state after step k
  let laneX = {};     // lane key -> x of its lifeline

  function el(tag, attrs, parent, text) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(tag, attrs, parent, text) {
    const e = document.createElement(tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function color(module) {
    const i = data.modules.indexOf(module);
    return i < 0 ? "#555" : PALETTE[i % PALETTE.length];
  }
  function rowY(k) { return TOP + ROW_H / 2 + k * ROW_H; }
  function endY() { return rowY(trace.steps.length) + ROW_H * 0.95; }
  function isViolation(t) { return t.status === "violated" || t.status === "error"; }

  // ---- header, verdicts, legend ----------------------------------------------------------
  function header() {
    document.getElementById("model-name").textContent = data.model;
    const cs = Object.keys(data.constants).map(k => k + "=" + data.constants[k]).join(" ");
    document.getElementById("constants").textContent = cs;
    const ul = document.getElementById("verdicts");
    for (const v of data.verdicts) {
      const li = html("li", {title: v.explanation || ""}, ul, v.property);
      html("span", {class: "status " + v.status}, li, v.status.replace(/_/g, " "));
    }
    const sel = document.getElementById("trace-select");
    data.traces.forEach((t, i) => html("option", {value: String(i)}, sel, t.property));
    if (data.traces.length > 1) document.getElementById("trace-choice").hidden = false;
    sel.addEventListener("change", () => show(Number(sel.value), null));
  }

  function legend() {
    const f = document.getElementById("legend");
    function sample(draw, text) {
      const span = html("span", {}, f);
      const s = el("svg", {width: 46, height: 16}, span);
      draw(s);
      span.appendChild(document.createTextNode(" " + text));
    }
    const used = new Set();
    for (const t of data.traces) for (const a of t.arrows) if (a.kind === "protocol") used.add(a.tag);
    for (const m of data.modules.filter(x => used.has(x)))
      sample(s => el("path", {d: "M2 8 H40", stroke: color(m), "stroke-width": 2, "marker-end": "url(#head-" + m + ")"}, s),
             "protocol copy tagged " + m);
    const arrows = [].concat(...data.traces.map(t => t.arrows));
    if (arrows.some(a => a.kind === "control"))
      sample(s => el("path", {d: "M2 8 H40", stroke: "#4b5563", "stroke-width": 2, "stroke-dasharray": "6 3"}, s),
             "control message");
    if (arrows.some(a => a.to_step === null))
      sample(s => el("path", {d: "M2 8 H40", stroke: "#4b5563", "stroke-width": 2, "stroke-dasharray": "2 3"}, s),
             "still in flight at the end of the trace");
    if (data.traces.some(t => t.loop_start))
      sample(s => el("path", {d: "M4 2 H12 V14 H4", stroke: "#7c3aed", "stroke-width": 2.5, fill: "none"}, s),
             "lasso cycle (repeats forever)");
    html("span", {}, f, "badges: a module becomes bound, passive, added (+) or removed (\u2212)");
  }

  // ---- states ------------------------------------------------------------------------------
  function computeStates() {
    states = [];
    let s = new Map();
    for (const c of trace.initial) s.set(c.component, c);
    states.push(s);
    for (const st of trace.steps) {
      s = new Map(s);
      for (const c of st.changes) {
        if (c.removed) s.delete(c.component);
        else s.set(c.component, c);
      }
      states.push(s);
    }
  }

  // ---- the chart -----------------------------------------------------------------------------
  function defs(svg) {
    const d = el("defs", {}, svg);
    function head(id, fill, open) {
      // in user units, so that a head keeps its size on a thick (current) arrow
      const m = el("marker", {id: id, viewBox: "0 0 10 10", refX: open ? 5 : 9, refY: 5, markerWidth: 11,
                              markerHeight: 11, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse"}, d);
      if (open) el("circle", {cx: 5, cy: 5, r: 3.5, fill: "#fff", stroke: fill, "stroke-width": 1.8}, m);
      else el("path", {d: "M0 0 L10 5 L0 10 z", fill: fill}, m);
    }
    for (const m of data.modules) { head("head-" + m, color(m), false); head("open-" + m, color(m), true); }
    head("head-control", "#4b5563", false);
    head("open-control", "#4b5563", true);
    head("head-cycle", "#7c3aed", false);
  }

  function draw() {
    const svg = document.getElementById("chart");
    svg.textContent = "";
    const n = trace.steps.length;
    laneX = {};
    trace.lanes.forEach((l, i) => { laneX[l.key] = LABEL_W + LANE_W / 2 + i * LANE_W; });
    // badges sit right of their lifeline, side by side: the chart is as wide as the widest row
    const badges = [];
    const offset = {};  // step@lane -> where the next badge of that row and lane goes
    for (const m of trace.markers) {
      const where = m.step + "@" + m.lane;
      const w = m.text.length * 7 + 12;
      badges.push({m: m, x: laneX[m.lane] + 8 + (offset[where] || 0), w: w});
      offset[where] = (offset[where] || 0) + w + 4;
    }
    const lanesEnd = LABEL_W + trace.lanes.length * LANE_W;
    const contentEnd = Math.max(lanesEnd, ...badges.map(b => b.x + b.w + 10));
    const width = contentEnd + (trace.loop_start ? CYCLE_W : 10);
    const height = endY() + (isViolation(trace) ? 80 : 30);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    defs(svg);

    const rows = el("g", {class: "rows"}, svg);
    for (let k = 0; k <= n; ++k) {
      const st = k ? trace.steps[k - 1] : null;
      const inCycle = trace.loop_start && k >= trace.loop_start;
      const g = el("g", {class: "step-row" + (inCycle ? " in-cycle" : ""), "data-step": k}, rows);
      el("rect", {class: "band", x: 0, y: rowY(k) - ROW_H / 2, width: width, height: ROW_H}, g);
      el("text", {class: "step-num", x: 30, y: rowY(k) + 4}, g, String(k));
      const label = k ? st.action : "initial state";
      const shown = label.length > 38 ? label.slice(0, 37) + "\u2026" : label;
      const t = el("text", {class: "step-label", x: 40, y: rowY(k) + 4}, g, shown);
      el("title", {}, t, k ? label + "  (" + st.rule + ")" : "the initial state");
      g.addEventListener("click", () => go(k));
    }

    const lanes = el("g", {class: "lanes"}, svg);
    for (const l of trace.lanes) {
      const x = laneX[l.key];
      const g = el("g", {class: "lane" + (l.stack ? " stack" : ""), "data-key": l.key, "data-name": l.name}, lanes);
      el("line", {class: "life", x1: x, y1: TOP - 6, x2: x, y2: endY()}, g);
      el("rect", {class: "head", x: x - LANE_W / 2 + 12, y: 10, width: LANE_W - 24, height: 30}, g);
      el("text", {class: "lane-name", x: x, y: 30}, g, l.name);
    }
    crashedSpans(lanes);

    // the end of the run: what is still in flight points here
    el("line", {class: "end-line", x1: LABEL_W, y1: endY(), x2: lanesEnd, y2: endY()}, svg);
    el("text", {class: "end-label", x: 40, y: endY() + 4}, svg, "end of the trace");

    const arrows = el("g", {class: "arrows"}, svg);
    trace.arrows.forEach((a, i) => drawArrow(arrows, a, i));

    const actors = el("g", {class: "actors"}, svg);
    trace.steps.forEach((st, i) => el("circle", {class: "actor", "data-step": i + 1, cx: laneX[st.lane],
                                                 cy: rowY(i + 1), r: 4.5}, actors));

    const markers = el("g", {class: "markers"}, svg);
    for (const {m, x, w} of badges) {
      const g = el("g", {class: "marker " + m.what, "data-step": m.step, "data-lane": m.lane, "data-what": m.what,
                         "data-module": m.module}, markers);
      el("rect", {x: x, y: rowY(m.step) - 8, width: w, height: 16, stroke: m.module ? color(m.module) : "#c62828"}, g);
      el("text", {x: x + 6, y: rowY(m.step) + 4, fill: m.module ? color(m.module) : "#c62828"}, g, m.text);
    }

    if (trace.loop_start) cycle(svg, contentEnd + 20);
    if (isViolation(trace)) {
      const fo = el("foreignObject", {class: "violation", x: LABEL_W - 250, y: endY() + 14,
                                      width: lanesEnd - LABEL_W + 250, height: 62}, svg);
      const div = document.createElementNS("http://www.w3.org/1999/xhtml", "div");
      fo.appendChild(div);
      const b = document.createElementNS("http://www.w3.org/1999/xhtml", "b");
      b.textContent = (trace.status === "error" ? "error: " : "violated: ") + trace.property;
      div.appendChild(b);
      div.appendChild(document.createTextNode(trace.explanation ? " \u2014 " + trace.explanation : ""));
    }
  }

  function crashedSpans(parent) {
    const from = {};
    const spans = [];
    for (const m of trace.markers) {
      if (m.what === "crashed") from[m.lane] = m.step;
      if (m.what === "recovered" && from[m.lane] !== undefined) {
        spans.push([m.lane, from[m.lane], m.step]);
        delete from[m.lane];
      }
    }
    for (const l in from) spans.push([l, from[l], null]);
    for (const [lane, a, b] of spans)
      el("line", {class: "crashed-span", x1: laneX[lane], y1: rowY(a), x2: laneX[lane],
                  y2: b === null ? endY() : rowY(b)}, parent);
  }

  function drawArrow(parent, a, i) {
    const pending = a.to_step === null;
    const x1 = laneX[a.from_lane], y1 = rowY(a.from_step);
    const x2 = laneX[a.to_lane], y2 = pending ? endY() : rowY(a.to_step);
    const g = el("g", {class: "arrow " + a.kind + (pending ? " pending" : ""), "data-index": i,
                       "data-kind": a.kind, "data-how": a.how, "data-from-step": a.from_step,
                       "data-from-lane": a.from_lane, "data-to-step": pending ? "end" : a.to_step,
                       "data-to-lane": a.to_lane}, parent);
    const id = a.kind === "protocol" ? a.tag : "control";
    const stroke = a.kind === "protocol" ? color(a.tag) : "#4b5563";
    let d, lx, ly;
    if (x1 === x2) {
      // to itself: a loop to the right of the lifeline
      const bulge = 46;
      d = "M" + x1 + " " + y1 + " C" + (x1 + bulge) + " " + y1 + " " + (x1 + bulge) + " " + y2 + " " + (x2 + 3) + " " + y2;
      lx = x1 + bulge * 0.8; ly = (y1 + y2) / 2 + 4;
    } else {
      const dir = x2 > x1 ? 1 : -1;
      d = "M" + x1 + " " + y1 + " L" + (x2 - dir * 3) + " " + y2;
      // the label near the head, where arrows from one sender have spread apart
      lx = x1 + (x2 - x1) * 0.72; ly = y1 + (y2 - y1) * 0.72 - 4;
    }
    el("path", {d: d, stroke: stroke, "marker-end": "url(#" + (pending ? "open-" : "head-") + id + ")"}, g);
    const t = el("text", {x: lx, y: ly, "text-anchor": "middle", fill: stroke}, g);
    if (a.kind === "protocol") {
      el("tspan", {}, t, a.label);
      el("tspan", {"baseline-shift": "super", "font-size": "8.5px"}, t, a.sup);
    } else {
      t.textContent = a.label;
    }
    const what = a.kind === "protocol" ? a.label + "^{" + a.sup + "}" : a.label;
    el("title", {}, g, what + (pending ? ": still in flight at the end" : ": " + a.how + " at step " + a.to_step));
  }

  function cycle(svg, x) {
    const top = rowY(trace.loop_start) - ROW_H / 2 + 3, bottom = rowY(trace.steps.length) + ROW_H / 2 - 3;
    const g = el("g", {class: "cycle", "data-loop-start": trace.loop_start}, svg);
    el("path", {d: "M" + (x - 12) + " " + bottom + " H" + x + " V" + top + " H" + (x - 12), "marker-end": "url(#head-cycle)",
                stroke: "#7c3aed"}, g);
    el("text", {x: x + 8, y: (top + bottom) / 2 - 8}, g, "cycle:");
    el("text", {x: x + 8, y: (top + bottom) / 2 + 8}, g, "steps " + trace.loop_start + "\u2013" + trace.steps.length);
    el("text", {x: x + 8, y: (top + bottom) / 2 + 24}, g, "forever");
  }

  // ---- the state panel -----------------------------------------------------------------------
  function copyChips(td, text) {
    if (!text || text === "(none)") { td.textContent = text || ""; return; }
    for (const item of text.split(", ")) {
      const m = /^(\S+) (sent|delivered)\((\S+)\)$/.exec(item);
      if (!m) { html("span", {}, td, item + " "); continue; }
      const chip = html("span", {class: "copy " + m[2], title: m[2] === "sent" ? "in S_S, not yet in S_D" : "in S_S and S_D"}, td);
      chip.style.borderColor = color(m[3]);
      if (m[2] === "delivered") chip.style.background = color(m[3]);
      else chip.style.color = color(m[3]);
      chip.textContent = m[1] + "." + m[3] + (m[2] === "sent" ? " sent" : " \u2713");
    }
  }

  function statePanel() {
    const box = document.getElementById("state");
    box.textContent = "";
    const st = current ? trace.steps[current - 1] : null;
    html("h2", {}, box, current ? "Step " + current + ": " + st.action : "Initial state");
    const how = !st ? "before any step" : st.rule.startsWith(st.kind + " ") ? st.rule : st.kind + " \u00b7 " + st.rule;
    html("div", {class: "rule"}, box, how);
    if (st && st.error) html("div", {class: "failure"}, box, "runtime error: " + st.error);
    if (st && st.assertion) html("div", {class: "failure"}, box, st.assertion);
    if (current === trace.steps.length && isViolation(trace)) {
      const v = html("div", {class: "verdict"}, box);
      html("b", {}, v, (trace.status === "error" ? "error: " : "violated: ") + trace.property);
      v.appendChild(document.createTextNode(trace.explanation ? " \u2014 " + trace.explanation : ""));
    }
    if (trace.loop_start && current >= trace.loop_start)
      html("div", {class: "rule"}, box, "in the cycle: after step " + trace.steps.length + " the run returns to the state before step " + trace.loop_start);
    const changed = new Set(st ? st.changes.map(c => c.component) : []);
    const groups = {};
    for (const [name, c] of states[current]) (groups[c.kind] = groups[c.kind] || []).push([name, c]);
    // what this step removed is shown once more, struck through
    for (const c of st ? st.changes : []) if (c.removed) (groups[c.kind] = groups[c.kind] || []).push([c.component, c]);
    for (const kind of KIND_ORDER) {
      if (!groups[kind]) continue;
      html("h3", {}, box, KIND_TITLE[kind]);
      const table = html("table", {"data-kind": kind}, box);
      for (const [name, c] of groups[kind]) {
        const cls = (changed.has(name) ? "changed" : "") + (c.removed ? " removed" : "");
        const tr = html("tr", {class: cls.trim(), "data-component": name}, table);
        html("td", {class: "name"}, tr, name);
        const td = html("td", {class: "value"}, tr);
        if (kind === "copies") copyChips(td, c.text);
        else if (kind === "channel" && c.text.startsWith("[") && c.text.length > 2)
          for (const msg of c.text.slice(1, -1).split("; ")) html("span", {class: "msg"}, td, msg);
        else td.textContent = c.text;
      }
    }
  }

  // ---- navigation ----------------------------------------------------------------------------
  function go(k) {
    current = Math.max(0, Math.min(trace.steps.length, k));
    const slider = document.getElementById("slider");
    slider.value = String(current);
    document.getElementById("position").textContent = "step " + current + " / " + trace.steps.length;
    for (const r of document.querySelectorAll(".step-row")) {
      const s = Number(r.getAttribute("data-step"));
      r.classList.toggle("current", s === current);
      r.classList.toggle("future", s > current);
    }
    for (const a of document.querySelectorAll(".arrow")) {
      const from = Number(a.getAttribute("data-from-step")), to = a.getAttribute("data-to-step");
      a.classList.toggle("future", from > current);
      a.classList.toggle("active", from === current || to === String(current));
    }
    for (const m of document.querySelectorAll(".marker, circle.actor")) {
      const s = Number(m.getAttribute("data-step"));
      m.classList.toggle("future", s > current);
      m.classList.toggle("current", s === current);
    }
    const v = document.querySelector(".violation");
    if (v) v.classList.toggle("current", current === trace.steps.length);
    statePanel();
    const box = document.getElementById("chart-box"), y = rowY(current);
    if (y < box.scrollTop + 60 || y > box.scrollTop + box.clientHeight - 60)
      box.scrollTop = Math.max(0, y - box.clientHeight / 2);
    history.replaceState(null, "", "#" + (data.traces.length > 1 ? "trace=" + data.traces.indexOf(trace) + "&" : "") + "step=" + current);
  }

  function show(t, step) {
    trace = data.traces[t];
    document.getElementById("trace-select").value = String(t);
    const slider = document.getElementById("slider");
    slider.setAttribute("max", String(trace.steps.length));
    computeStates();
    draw();
    go(step === null ? trace.steps.length : step);
  }

  function keys(e) {
    if (e.target.tagName === "SELECT" || e.altKey || e.ctrlKey || e.metaKey) return;
    const k = {ArrowRight: 1, ArrowDown: 1, j: 1, n: 1, ArrowLeft: -1, ArrowUp: -1, k: -1, p: -1}[e.key];
    if (k) go(current + k);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(trace.steps.length);
    else if (e.key === "PageDown") go(current + 10);
    else if (e.key === "PageUp") go(current - 10);
    else return;
    e.preventDefault();
  }

  function start() {
    header();
    legend();
    document.getElementById("slider").addEventListener("input", e => go(Number(e.target.value)));
    document.getElementById("first").addEventListener("click", () => go(0));
    document.getElementById("prev").addEventListener("click", () => go(current - 1));
    document.getElementById("next").addEventListener("click", () => go(current + 1));
    document.getElementById("last").addEventListener("click", () => go(trace.steps.length));
    document.addEventListener("keydown", keys);
    if (!data.traces.length) {
      document.getElementById("controls").hidden = true;
      html("p", {}, document.getElementById("state"), "No counterexample: no property has a trace.");
      document.body.setAttribute("data-rendered", "no-trace");
      return;
    }
    // #trace=T&step=K opens a given trace at a given step
    const hash = new URLSearchParams(location.hash.slice(1));
    const t = Math.min(Math.max(Number(hash.get("trace")) || 0, 0), data.traces.length - 1);
    const s = hash.has("step") ? Number(hash.get("step")) : null;
    show(t, s === null || isNaN(s) ? null : s);
    document.body.setAttribute("data-rendered", "yes");
  }

  start();
})();
