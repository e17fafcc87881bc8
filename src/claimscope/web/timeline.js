// The timeline: dated events on a time axis, one lane per event type.

import { EVENT_TYPES, colourOf } from "./palette.js";
import { clear, svg } from "./dom.js";
import { radius } from "./map.js";

const W = 960;
const LANE = 56;
const LEFT = 190;
const RIGHT = 30;
const TOP = 20;
const DAY = 86400000;

const parse = (d) => (d ? Date.parse(`${d}T00:00:00Z`) : NaN);
const iso = (t) => new Date(t).toISOString().slice(0, 10);

const STEPS = [1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826];
const MIN_GAP_PX = 95;

function ticks(t0, t1) {
  const room = Math.max(1, Math.floor((W - LEFT - RIGHT) / MIN_GAP_PX));
  const days = (t1 - t0) / DAY;
  const step = STEPS.find((s) => days / s <= room) ?? STEPS[STEPS.length - 1];
  const out = [];
  for (let t = t0; t <= t1; t += step * DAY) out.push(t);
  return out;
}

/** Draw events with a start date; returns how many were drawn. */
export function drawTimeline(root, events, { onOpen } = {}) {
  clear(root);
  const dated = events.filter((e) => !Number.isNaN(parse(e.date_start)));
  const lanes = [...EVENT_TYPES];
  for (const e of dated) if (e.event_type && !lanes.includes(e.event_type)) lanes.push(e.event_type);
  const height = TOP + lanes.length * LANE + 40;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${height}`, class: "timeline", "data-testid": "timeline-svg" });
  lanes.forEach((type, i) => {
    const y = TOP + i * LANE;
    chart.append(svg("rect", { x: LEFT, y, width: W - LEFT - RIGHT, height: LANE, class: i % 2 ? "lane odd" : "lane" }));
    chart.append(svg("text", { x: LEFT - 8, y: y + LANE / 2, "text-anchor": "end", "dominant-baseline": "middle", class: "lane-label" }, type));
  });
  if (!dated.length) {
    chart.append(svg("text", { x: W / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "No dated events in this filter."));
    root.append(chart);
    return 0;
  }
  let t0 = Math.min(...dated.map((e) => parse(e.date_start)));
  let t1 = Math.max(...dated.map((e) => parse(e.date_end) || parse(e.date_start)));
  t0 -= DAY; t1 += DAY;
  const x = (t) => LEFT + ((t - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
  const axisY = TOP + lanes.length * LANE;
  chart.append(svg("line", { x1: LEFT, x2: W - RIGHT, y1: axisY, y2: axisY, class: "axis" }));
  for (const t of ticks(t0, t1)) {
    chart.append(svg("line", { x1: x(t), x2: x(t), y1: axisY, y2: axisY + 5, class: "axis" }));
    chart.append(svg("text", { x: x(t), y: axisY + 18, "text-anchor": "middle", class: "tick" }, iso(t)));
  }
  const layer = svg("g", { class: "points" });
  const sorted = [...dated].sort((a, b) => (b.fatalities ?? 0) - (a.fatalities ?? 0));
  for (const e of sorted) {
    const lane = lanes.indexOf(e.event_type);
    const cy = TOP + lane * LANE + LANE / 2;
    const start = parse(e.date_start);
    const end = parse(e.date_end) || start;
    const g = svg("g", { class: "pt", tabindex: "0", role: "link", "data-type": e.event_type ?? "" });
    if (end > start) {
      g.append(svg("line", { x1: x(start), x2: x(end), y1: cy, y2: cy, stroke: colourOf(e.event_type), "stroke-width": 3, opacity: 0.6 }));
    }
    g.append(svg("circle", { cx: x(start), cy, r: Math.min(radius(e.fatalities), LANE / 2 - 2), fill: colourOf(e.event_type), "fill-opacity": 0.75, stroke: "#fff", "stroke-width": 1 }));
    g.append(svg("title", {}, `${e.date_start} · ${e.sub_event_type ?? e.event_type} · ${e.location ?? "?"} · ${e.fatalities ?? 0} killed`));
    g.addEventListener("click", () => onOpen?.(e));
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onOpen?.(e); });
    layer.append(g);
  }
  chart.append(layer);
  root.append(chart);
  return dated.length;
}
