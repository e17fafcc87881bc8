// The map: an offline basemap (world-atlas, bundled) with events or incidents as SVG points.

import { EVENT_TYPES, PRECISION, colourOf } from "./palette.js";
import { clear, el, svg } from "./dom.js";

const W = 960;
const H = 520;
let countries = null;

async function basemap() {
  if (!countries) {
    const world = await (await fetch("vendor/countries-110m.json")).json();
    countries = window.topojson.feature(world, world.objects.countries).features;
  }
  return countries;
}

/** Equirectangular projection fitted to a lon/lat box (with a margin), in pixels. */
function projection(box) {
  const [lon0, lat0, lon1, lat1] = box;
  const k = Math.min(W / (lon1 - lon0), H / (lat1 - lat0));
  const dx = (W - (lon1 - lon0) * k) / 2;
  const dy = (H - (lat1 - lat0) * k) / 2;
  return { k, at: (lon, lat) => [dx + (lon - lon0) * k, dy + (lat1 - lat) * k] };
}

function fitBox(points) {
  if (!points.length) return [-180, -60, 180, 85];
  let [lon0, lat0, lon1, lat1] = [180, 90, -180, -90];
  for (const p of points) {
    lon0 = Math.min(lon0, p.lon); lon1 = Math.max(lon1, p.lon);
    lat0 = Math.min(lat0, p.lat); lat1 = Math.max(lat1, p.lat);
  }
  // At least ~12 degrees across so that one point still shows its country around it.
  const span = Math.max(12, (lon1 - lon0) * 1.3, (lat1 - lat0) * 1.3);
  const [cx, cy] = [(lon0 + lon1) / 2, (lat0 + lat1) / 2];
  return [cx - span, cy - span / 2, cx + span, cy + span / 2];
}

function ringPath(ring, at) {
  let d = "";
  let shift = 0;
  let prev = null;
  for (const [lon, lat] of ring) {
    // Unwrap across the antimeridian so a ring stays one shape (the far side is clipped).
    if (prev !== null && lon + shift - prev > 180) shift -= 360;
    else if (prev !== null && lon + shift - prev < -180) shift += 360;
    const [x, y] = at(lon + shift, lat);
    d += (prev === null ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    prev = lon + shift;
  }
  return d + "Z";
}

function featurePath(feature, at) {
  const g = feature.geometry;
  if (!g) return "";
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  return polygons.map((poly) => poly.map((ring) => ringPath(ring, at)).join("")).join("");
}

export const radius = (fatalities) => 3 + 2 * Math.sqrt(Math.max(0, fatalities ?? 0));

const DASHES = { dashed: "5 3", dotted: "1.5 3" };

/**
 * A point glyph whose outline says the geo-precision (town dot, ring, dashed region). A
 * hollow glyph (a white centre in a coloured ring, no tint) is an event its text does not
 * place, drawn at the report's focus area.
 */
function glyph(x, y, r, precision, colour, attrs, { hollow = false } = {}) {
  const p = PRECISION[precision] ?? PRECISION[4];
  const g = svg("g", { class: `pt precision-${precision ?? "none"}${hollow ? " focus" : ""}`, tabindex: "0", role: "link", ...attrs });
  if (hollow) {
    if (p.radius) {
      g.append(svg("circle", {
        cx: x, cy: y, r: r + p.radius, fill: "none", stroke: colour, "stroke-width": 1.5,
        "stroke-dasharray": DASHES[p.style] ?? null,
      }));
    }
    g.append(svg("circle", { cx: x, cy: y, r: Math.max(5, r), fill: "#fff", "fill-opacity": 0.85, stroke: colour, "stroke-width": 2.5 }));
  } else if (p.style === "solid") {
    g.append(svg("circle", { cx: x, cy: y, r, fill: colour, "fill-opacity": 0.85, stroke: "#fff", "stroke-width": 1 }));
  } else {
    const outer = r + p.radius;
    g.append(svg("circle", {
      cx: x, cy: y, r: outer, fill: colour, "fill-opacity": 0.12, stroke: colour, "stroke-width": 2,
      "stroke-dasharray": DASHES[p.style] ?? null,
    }));
    g.append(svg("circle", { cx: x, cy: y, r: Math.max(2, r / 2), fill: "none", stroke: colour, "stroke-width": 1.5 }));
  }
  return g;
}

const WORLD = [-180, -60, 180, 85];
// Place labels: at most this many, none overlapping another, most-reported places first.
const MAX_LABELS = 30;
const LABEL_SIZE = 11;
const NEAR = 60;

/** One entry per distinct place (name at the same rounded coordinates), busiest first. */
export function placesOf(points) {
  const places = new Map();
  for (const p of points) {
    const name = typeof p.place === "string" ? p.place.trim() : "";
    if (!name) continue;
    const key = `${name}\u0000${Number(p.lon).toFixed(2)},${Number(p.lat).toFixed(2)}`;
    const place = places.get(key) ?? { name, lon: p.lon, lat: p.lat, n: 0, r: 0 };
    place.n += 1;
    place.r = Math.max(place.r, radius(p.fatalities) + (PRECISION[p.precision]?.radius ?? 0));
    places.set(key, place);
  }
  return [...places.values()].sort((a, b) => b.n - a.n || b.r - a.r || a.name.localeCompare(b.name));
}

/**
 * Label the places greedily: right of the point, else left; a label that would overlap one
 * already drawn or leave the map is skipped (the point's tooltip still names the place), and
 * so is a name already written close by (a town and its province of the same name).
 */
function labelPlaces(group, places, at) {
  const taken = [];
  const clash = (box) => box.x0 < 0 || box.x1 > W || box.y0 < 0 || box.y1 > H ||
    taken.some((t) => box.x0 < t.x1 && t.x0 < box.x1 && box.y0 < t.y1 && t.y0 < box.y1);
  for (const place of places) {
    if (taken.length >= MAX_LABELS) break;
    const [x, y] = at(place.lon, place.lat);
    if (taken.some((t) => t.name === place.name && Math.hypot(t.x - x, t.y - y) < NEAR)) continue;
    const width = place.name.length * LABEL_SIZE * 0.58 + 4;
    const gap = place.r + 3;
    const right = { x0: x + gap, x1: x + gap + width, y0: y - LABEL_SIZE * 0.7, y1: y + LABEL_SIZE * 0.7 };
    const left = { ...right, x0: x - gap - width, x1: x - gap };
    const box = [right, left].find((b) => !clash(b));
    if (!box) continue;
    taken.push({ ...box, name: place.name, x, y });
    group.append(svg("text", {
      class: "place-label", x: (box === right ? box.x0 : box.x1).toFixed(1), y: y.toFixed(1),
      "text-anchor": box === right ? "start" : "end", "dominant-baseline": "middle",
      "font-size": LABEL_SIZE,
    }, place.name));
  }
}

/**
 * Draw `points` ({lon, lat, type, fatalities, precision, label, kind, place, focus}) into root,
 * fitted to the data; drag pans, the wheel and the buttons zoom (the map is re-projected,
 * so point and label sizes stay in pixels). Each distinct place gets one text label where
 * there is room for it.
 */
export async function drawMap(root, points, { onOpen } = {}) {
  clear(root);
  const features = await basemap();
  const home = fitBox(points);
  let box = home;
  const map = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "map", role: "img", "data-testid": "map-svg" });
  const land = svg("g", { class: "land" });
  const layer = svg("g", { class: "points" });
  const labels = svg("g", { class: "labels", "data-testid": "map-labels" });
  map.append(svg("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }), land, layer, labels);
  // Biggest first so that small points stay clickable on top.
  const sorted = [...points].sort((a, b) => (b.fatalities ?? 0) - (a.fatalities ?? 0));
  const places = placesOf(points);

  const paint = () => {
    const { at } = projection(box);
    clear(land);
    clear(layer);
    clear(labels);
    for (const f of features) land.append(svg("path", { d: featurePath(f, at), class: "country" }));
    for (const p of sorted) {
      const [x, y] = at(p.lon, p.lat);
      const g = glyph(x, y, radius(p.fatalities), p.precision, colourOf(p.type), {
        "data-kind": p.kind, "data-type": p.type ?? "", "data-precision": p.precision ?? "",
        "data-focus": p.focus ? "true" : null,
      }, { hollow: Boolean(p.focus) });
      g.append(svg("title", {}, p.label));
      const open = () => onOpen?.(p);
      g.addEventListener("click", open);
      g.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
      layer.append(g);
    }
    labelPlaces(labels, places, at);
  };
  let queued = false;
  const repaint = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; paint(); });
  };
  const toLonLat = (x, y) => {
    const { k } = projection(box);
    const [x0, y0] = projection(box).at(box[0], box[3]);
    return [box[0] + (x - x0) / k, box[3] - (y - y0) / k];
  };
  const zoom = (factor, x = W / 2, y = H / 2) => {
    const [lon, lat] = toLonLat(x, y);
    const next = [lon - (lon - box[0]) / factor, lat - (lat - box[1]) / factor, lon + (box[2] - lon) / factor, lat + (box[3] - lat) / factor];
    if (next[2] - next[0] > 720 || next[2] - next[0] < 0.05) return;
    box = next;
    repaint();
  };
  const local = (event) => {
    const rect = map.getBoundingClientRect();
    return [((event.clientX - rect.left) * W) / rect.width, ((event.clientY - rect.top) * H) / rect.height];
  };
  map.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.25 : 0.8, ...local(event));
  }, { passive: false });
  let drag = null;
  map.addEventListener("pointerdown", (event) => {
    if (event.target.closest?.(".pt")) return;
    drag = local(event);
    map.setPointerCapture(event.pointerId);
  });
  map.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const [x, y] = local(event);
    const { k } = projection(box);
    const [dlon, dlat] = [(x - drag[0]) / k, (y - drag[1]) / k];
    box = [box[0] - dlon, box[1] + dlat, box[2] - dlon, box[3] + dlat];
    drag = [x, y];
    repaint();
  });
  const stop = () => { drag = null; };
  map.addEventListener("pointerup", stop);
  map.addEventListener("pointercancel", stop);

  const button = (label, title, action) => {
    const b = el("button", { type: "button", class: "secondary", title, "aria-label": title }, label);
    b.addEventListener("click", action);
    return b;
  };
  const controls = el("div", { class: "map-controls" },
    button("+", "Zoom in", () => zoom(1.5)),
    button("−", "Zoom out", () => zoom(1 / 1.5)),
    button("Fit", "Fit the points", () => { box = home; repaint(); }),
    button("World", "Whole world", () => { box = WORLD; repaint(); }));
  paint();
  root.append(controls, map);
}

/** The legend: colours by type, outlines by geo-precision, hollow for a focus area, sizes by fatalities. */
export function mapLegend() {
  const types = el("ul", { class: "legend-list" });
  for (const t of EVENT_TYPES) {
    const s = svg("svg", { width: 14, height: 14, viewBox: "0 0 14 14" }, svg("circle", { cx: 7, cy: 7, r: 6, fill: colourOf(t) }));
    types.append(el("li", {}, s, ` ${t}`));
  }
  const precision = el("ul", { class: "legend-list" });
  for (const [level, p] of Object.entries(PRECISION)) {
    const s = svg("svg", { width: 44, height: 44, viewBox: "0 0 44 44" }, glyph(22, 22, 5, Number(level), "#444", {}));
    precision.append(el("li", {}, s, ` ${p.label}`));
  }
  const placement = el("ul", { class: "legend-list" });
  const ways = [[false, 1, "placed by its own text"], [true, 3, "hollow: the report's focus area, the text does not place the event"]];
  for (const [hollow, level, text] of ways) {
    const s = svg("svg", { width: 44, height: 44, viewBox: "0 0 44 44" }, glyph(22, 22, 5, level, "#444", {}, { hollow }));
    placement.append(el("li", { "data-testid": hollow ? "legend-focus" : "legend-own" }, s, ` ${text}`));
  }
  const sizes = el("ul", { class: "legend-list" });
  for (const n of [0, 10, 50, 200]) {
    const r = radius(n);
    const s = svg("svg", { width: 2 * r + 4, height: 2 * r + 4, viewBox: `0 0 ${2 * r + 4} ${2 * r + 4}` },
      svg("circle", { cx: r + 2, cy: r + 2, r, fill: "#999" }));
    sizes.append(el("li", {}, s, ` ${n} killed`));
  }
  return el("div", { class: "map-legend", "data-testid": "map-legend" },
    el("h4", {}, "Event type"), types, el("h4", {}, "Geo-precision"), precision,
    el("h4", {}, "Place"), placement, el("h4", {}, "Fatalities"), sizes);
}
