// The article reader: the document text rebuilt from offsets with nested, layered highlights.

import { LAYERS } from "./palette.js";
import { append, clear, el, externalLink, fmt, routeLink } from "./dom.js";

const RANK = new Map(LAYERS.map((layer, i) => [layer.key, i + 1]));

const valid = (span, length) =>
  span && Number.isInteger(span.start) && Number.isInteger(span.end) &&
  span.start >= 0 && span.end > span.start && span.end <= length;

/** Every highlightable span of an analysis as {layer, key, start, end, record}. */
export function collectSpans(analysis) {
  const doc = analysis.document;
  const length = doc.text.length;
  const spans = [];
  const add = (layer, index, span, record) => {
    if (valid(span, length)) {
      spans.push({ layer, key: `${layer}:${index}`, start: span.start, end: span.end, record });
    }
  };
  (doc.boilerplate ?? []).forEach((b, i) => add("boilerplate", i, b, b));
  (analysis.claims ?? []).forEach((c, i) => {
    add("claim", i, c.content, c);
    add("source", i, c.source, { claim: c.id, ...c.source });
    add("cue", i, c.cue, { claim: c.id, ...c.cue });
  });
  (analysis.rhetoric ?? []).forEach((r, i) => add("rhetoric", i, r, r));
  (analysis.quantities ?? []).forEach((q, i) => add("quantity", i, q, q));
  (analysis.places ?? []).forEach((p, i) => add("place", i, p, p));
  (analysis.dates ?? []).forEach((d, i) => add("date", i, d, d));
  (analysis.entities ?? []).forEach((e, i) => add("entity", i, e, e));
  return spans;
}

function byRank(a, b) {
  return a.start - b.start || b.end - a.end || (RANK.get(a.layer) ?? 0) - (RANK.get(b.layer) ?? 0);
}

/**
 * Split the text at every span boundary and nest marks per segment. A span that crosses
 * another's end is closed and reopened (one fragment per side), as displaCy and Prta do.
 */
export function renderText(text, spans) {
  const root = document.createDocumentFragment();
  const ordered = [...spans].sort(byRank);
  const rank = new Map(ordered.map((s, i) => [s, i]));
  const cuts = new Set([0, text.length]);
  for (const s of ordered) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const stack = [];
  const seen = new Set();
  let active = [];
  let next = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    active = active.filter((s) => s.end >= to);
    while (next < ordered.length && ordered[next].start <= from) {
      if (ordered[next].end >= to) active.push(ordered[next]);
      next++;
    }
    active.sort((a, b) => rank.get(a) - rank.get(b));
    let keep = 0;
    while (keep < stack.length && keep < active.length && stack[keep].span === active[keep]) keep++;
    stack.length = keep;
    for (const span of active.slice(keep)) {
      const first = !seen.has(span.key);
      seen.add(span.key);
      const plain = span.layer === "boilerplate" || span.layer === "title";
      const node = el(plain ? "span" : "mark", {
        class: `hl hl-${span.layer}${span.layer === "title" ? " doc-title" : ""}${first ? "" : " cont"}`,
        "data-layer": span.layer,
        "data-key": span.key,
        "data-start": span.start,
        "data-end": span.end,
        tabindex: plain || !first ? null : "0",
        role: span.layer === "title" && first ? "heading" : null,
        "aria-level": span.layer === "title" && first ? "2" : null,
      });
      if (span.layer === "rhetoric") node.setAttribute("data-technique", span.record.technique);
      (stack.length ? stack[stack.length - 1].node : root).append(node);
      stack.push({ span, node });
    }
    const piece = document.createTextNode(text.slice(from, to));
    (stack.length ? stack[stack.length - 1].node : root).append(piece);
  }
  return root;
}

const FIELDS = {
  claim: (c) => [
    ["source", c.source?.text], ["source kind", c.source?.kind], ["cue", c.cue?.text],
    ["polarity", c.polarity], ["status", c.status],
    ["figures", (c.quantities ?? []).map((q) => `${q.text} → ${range(q.low, q.high)} ${q.unit ?? ""} ${q.subject ?? ""}`).join("; ")],
    ["events", (c.event_ids ?? []).join(", ")], ["content", c.content?.text],
  ],
  source: (s) => [["text", s.text], ["kind", s.kind], ["claim", s.claim]],
  cue: (s) => [["text", s.text], ["claim", s.claim]],
  rhetoric: (r) => [["technique", r.technique], ["confidence", r.confidence?.toFixed?.(2)], ["text", r.text]],
  quantity: (q) => [
    ["text", q.text], ["value", q.value], ["range", range(q.low, q.high)], ["qualifier", q.qualifier],
    ["unit", q.unit], ["subject", q.subject],
  ],
  place: (p) => [
    ["text", p.text], ["resolved", p.resolved?.name], ["admin1", p.resolved?.admin1],
    ["country", p.resolved?.country_code], ["geonameid", p.resolved?.geonameid],
    ["lat, lon", p.resolved ? `${p.resolved.lat}, ${p.resolved.lon}` : null],
    ["geo precision", p.geo_precision], ["note", p.resolution_note],
  ],
  date: (d) => [["text", d.text], ["from", d.date_start], ["to", d.date_end], ["precision", d.precision]],
  entity: (e) => [["text", e.text], ["label", e.label]],
  boilerplate: (b) => [["kind", b.kind], ["text", b.text]],
};

function range(low, high) {
  if (low === null || low === undefined) return high === null || high === undefined ? "?" : `≤${high}`;
  if (high === null || high === undefined) return `≥${low}`;
  return low === high ? `${low}` : `${low}–${high}`;
}
export { range };

/** The structured record of one span as a definition list (text only). */
export function describe(span) {
  const rows = (FIELDS[span.layer] ?? (() => []))(span.record);
  const label = LAYERS.find((l) => l.key === span.layer)?.label ?? span.layer;
  const dl = el("dl", { class: "record" });
  for (const [name, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    append(dl, [el("dt", {}, name), el("dd", {}, String(value))]);
  }
  return el("section", { class: `record-card layer-${span.layer}`, "data-layer": span.layer },
    el("h4", {}, el("span", { class: `swatch hl hl-${span.layer}` }, label), ` ${span.start}–${span.end}`), dl);
}

const squash = (s) => String(s ?? "").split(/\s+/).filter(Boolean).join(" ").toLowerCase();

/**
 * Where the document's own text holds its title, as [start, end], or null. The reader then
 * shows that line of the text as the heading instead of repeating the title above it: the
 * text itself is left whole, so every offset still points at the same characters (and a
 * place or claim in the title keeps its highlight). The ingest stage marks an HTML or
 * markdown title as boilerplate of kind "title"; a plain-text title is its first line.
 */
export function titleRange(doc) {
  const text = doc.text ?? "";
  const title = squash(doc.title);
  if (!title) return null;
  const same = (start, end) => squash(text.slice(start, end)) === title;
  const marked = (doc.boilerplate ?? []).find((b) => b.kind === "title" && valid(b, text.length));
  if (marked && same(marked.start, marked.end)) return [marked.start, marked.end];
  const start = text.length - text.trimStart().length;
  const newline = text.indexOf("\n", start);
  const end = start + text.slice(start, newline < 0 ? text.length : newline).trimEnd().length;
  return end > start && same(start, end) ? [start, end] : null;
}

/** Render an analysis (and its copies) into `root`; `at` = [start, end] to scroll to. */
export function renderReader(root, analysis, { copies = [], at = null, current = null } = {}) {
  clear(root);
  const doc = analysis.document;
  const spans = collectSpans(analysis);
  const byKey = new Map(spans.map((s) => [s.key, s]));
  const counts = new Map();
  for (const s of spans) counts.set(s.layer, (counts.get(s.layer) ?? 0) + 1);

  const body = el("div", { class: "doc-text", "data-testid": "doc-text", lang: doc.language ?? "en" });
  const all = at && valid({ start: at[0], end: at[1] }, doc.text.length)
    ? [...spans, { layer: "target", key: "target:0", start: at[0], end: at[1], record: {} }]
    : [...spans];
  // The title line of the text becomes the heading (it opens first, so no highlight splits
  // it); a title that the text does not hold gets a heading of its own above the text.
  const inText = titleRange(doc);
  if (inText) all.push({ layer: "title", key: "title:0", start: inText[0], end: inText[1], record: {} });
  body.append(renderText(doc.text, all));

  const panel = el("aside", { class: "record-panel", "data-testid": "record-panel", "aria-live": "polite" },
    el("p", { class: "muted" }, "Hover or focus a highlight to see its record."));
  const show = (target) => {
    const mark = target instanceof Element ? target.closest("[data-key]") : null;
    if (!mark || !body.contains(mark)) return;
    clear(panel);
    for (let node = mark; node && node !== body; node = node.parentElement) {
      const span = byKey.get(node.getAttribute("data-key"));
      if (span && !root.classList.contains(`hide-${span.layer}`)) panel.append(describe(span));
    }
    if (!panel.firstChild) panel.append(el("p", { class: "muted" }, "No visible layer here."));
  };
  body.addEventListener("mouseover", (e) => show(e.target));
  body.addEventListener("focusin", (e) => show(e.target));

  const legend = el("fieldset", { class: "legend", "data-testid": "legend" }, el("legend", {}, "Layers"));
  for (const layer of LAYERS) {
    const n = counts.get(layer.key) ?? 0;
    const box = el("input", { type: "checkbox", checked: true, "data-layer": layer.key, disabled: n === 0 });
    box.checked = true;
    box.addEventListener("change", () => root.classList.toggle(`hide-${layer.key}`, !box.checked));
    legend.append(el("label", { title: layer.hint, class: n ? "" : "muted" }, box,
      el("span", { class: `swatch hl hl-${layer.key}` }, layer.label),
      el("span", { class: "count", "data-count": layer.key }, ` ${n}`)));
  }

  root.classList.add("reader");
  append(root, [
    metadata(doc, copies, current ?? doc.id),
    el("div", { class: "reader-grid" },
      el("article", { class: "doc" }, inText ? null : el("h2", { class: "doc-title" }, doc.title ?? "(untitled)"), body),
      el("div", { class: "side" }, legend, panel)),
    eventsOf(analysis),
  ]);
  const target = body.querySelector("[data-layer=target]");
  if (target) requestAnimationFrame(() => target.scrollIntoView({ block: "center" }));
}

function metadata(doc, copies, current) {
  const rows = [
    ["Publisher", doc.publisher],
    ["Original source", doc.original_source],
    ["Published", doc.published],
    ["Originally published", doc.original_published],
    ["Authors", (doc.authors ?? []).join(", ")],
    ["Tags", (doc.tags ?? []).map((t) => (typeof t === "string" ? t : Object.values(t).join(": "))).join(", ")],
    ["Language", doc.language],
    ["Format", doc.format],
    ["Document id", doc.id],
  ];
  const dl = el("dl", { class: "meta", "data-testid": "metadata" });
  for (const [name, value] of rows) append(dl, [el("dt", {}, name), el("dd", {}, fmt(value))]);
  append(dl, [el("dt", {}, "URL"), el("dd", {}, externalLink(doc.url))]);
  const box = el("section", { class: "meta-panel" }, el("h3", {}, "Metadata"), dl);
  if (copies.length) {
    const table = el("table", { class: "copies", "data-testid": "copies" },
      el("thead", {}, el("tr", {}, ...["Copy", "Publisher", "Original source", "Published", "URL", "Locator", "Similarity"].map((h) => el("th", { scope: "col" }, h)))));
    const tbody = el("tbody");
    for (const c of copies) {
      tbody.append(el("tr", {},
        // A verbatim copy shares the document id of its text: the article id tells them apart.
        el("td", {}, c.id === current ? el("strong", {}, "this copy") : routeLink(["article", c.id], null, c.title ?? c.id)),
        el("td", {}, fmt(c.publisher)), el("td", {}, fmt(c.original_source)), el("td", {}, fmt(c.published)),
        el("td", {}, externalLink(c.url)), el("td", { class: "locator" }, fmt(c.locator)),
        el("td", {}, c.repost_similarity === null || c.repost_similarity === undefined ? "original" : Number(c.repost_similarity).toFixed(2))));
    }
    table.append(tbody);
    box.append(el("h4", {}, `Copies and reposts (${copies.length})`), table);
  }
  return box;
}

function eventsOf(analysis) {
  const events = analysis.events ?? [];
  const box = el("section", { class: "events-panel" }, el("h3", {}, `Events (${events.length})`));
  if (!events.length) return box;
  const tbody = el("tbody");
  for (const e of events) {
    const figures = (e.fatalities ?? []).map((f) => `${f.source ?? "?"}: ${range(f.low, f.high)} ${f.unit ?? ""} ${f.who ?? ""}`.trim());
    tbody.append(el("tr", {},
      el("td", {}, fmt(e.event_type)), el("td", {}, fmt(e.sub_event_type)),
      el("td", {}, fmt(e.location?.name ?? e.location?.text)),
      el("td", {}, fmt(e.date ? `${e.date.start ?? "?"}${e.date.end && e.date.end !== e.date.start ? ` – ${e.date.end}` : ""}` : null)),
      el("td", {}, fmt(e.actor1?.text)), el("td", {}, fmt(e.actor2?.text)), el("td", {}, fmt(e.status)),
      el("td", {}, figures.length ? el("ul", {}, figures.map((f) => el("li", {}, f))) : "—")));
  }
  box.append(el("table", { class: "data" },
    el("thead", {}, el("tr", {}, ...["Type", "Sub-type", "Location", "Date", "Actor 1", "Actor 2", "Status", "Fatalities by claimant"].map((h) => el("th", { scope: "col" }, h)))),
    tbody));
  return box;
}
