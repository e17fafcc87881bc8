// The single-page app: hash routes, the shared filter bar, and the list/detail views.

import * as api from "./api.js";
import { clear, el, fmt, routeHref, routeLink } from "./dom.js";
import { drawMap, mapLegend } from "./map.js";
import { EVENT_TYPES } from "./palette.js";
import { range, renderReader } from "./reader.js";
import { drawTimeline } from "./timeline.js";

const main = document.getElementById("app");
const TOKEN_KEY = "claimscope.token";

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = Object.fromEntries(new URLSearchParams(query));
  return { parts: parts.length ? parts : ["articles"], params };
}

function go(parts, query) {
  location.hash = routeHref(parts, query).slice(1);
}

function status(text, kind = "info") {
  return el("p", { class: `status ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

function table(headers, rows, attrs = {}) {
  return el("table", { class: "data", ...attrs },
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows));
}

/** The filter bar every list view shares; the filters live in the route's query string. */
function filterBar(view, params, { fields, exports = false } = {}) {
  const form = el("form", { class: "filters", "data-testid": "filters", autocomplete: "off" });
  const inputs = {};
  const field = (key, label, input) => {
    inputs[key] = input;
    form.append(el("label", {}, el("span", {}, label), input));
  };
  const text = (key, label, placeholder) =>
    field(key, label, el("input", { type: key === "since" || key === "until" ? "date" : "search", name: key, value: params[key] ?? "", placeholder }));
  for (const key of fields) {
    if (key === "q") text("q", "Search", "words in the text");
    else if (key === "country") text("country", "Country", "ISO code, e.g. ML");
    else if (key === "admin1") text("admin1", "Region", "admin1");
    else if (key === "since") text("since", "Since", "");
    else if (key === "until") text("until", "Until", "");
    else if (key === "actor") text("actor", "Actor", "");
    else if (key === "source") text("source", "Source", "outlet or claimant");
    else if (key === "type") {
      const select = el("select", { name: "type" }, el("option", { value: "" }, "any type"));
      for (const t of EVENT_TYPES) {
        const option = el("option", { value: t }, t);
        if (params.type === t) option.selected = true;
        select.append(option);
      }
      field("type", "Event type", select);
    } else if (key === "contradictions") {
      const box = el("input", { type: "checkbox", name: "contradictions" });
      box.checked = params.contradictions === "true";
      inputs.contradictions = box;
      form.append(el("label", { class: "check" }, box, el("span", {}, "contradictions only")));
    }
  }
  form.append(el("button", { type: "submit" }, "Apply"), el("button", { type: "reset", class: "secondary" }, "Clear"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const query = {};
    for (const [key, input] of Object.entries(inputs)) {
      const value = input.type === "checkbox" ? (input.checked ? "true" : "") : input.value.trim();
      if (value) query[key] = value;
    }
    go([view], query);
  });
  form.addEventListener("reset", (e) => {
    e.preventDefault();
    go([view], {});
  });
  if (exports) {
    form.append(el("span", { class: "exports", "data-testid": "exports" }, "Export: ",
      el("a", { href: api.exportHref("acled-csv", params), download: "claimscope-events.csv", "data-format": "acled-csv" }, "CSV"),
      " · ",
      el("a", { href: api.exportHref("geojson", params), download: "claimscope-events.geojson", "data-format": "geojson" }, "GeoJSON")));
  }
  return form;
}

const EVENT_FILTERS = ["q", "country", "admin1", "type", "actor", "source", "since", "until"];

async function articlesView(params) {
  const offset = Number(params.offset ?? 0) || 0;
  const filters = { ...params };
  delete filters.offset;
  main.append(el("h2", {}, "Articles"), filterBar("articles", filters, { fields: ["q", "country", "type", "source", "since", "until"] }));
  const page = await api.list("articles", filters, 50, offset);
  const rows = page.items.map((a) => el("tr", { "data-id": a.id },
    el("td", {}, routeLink(["article", a.id], null, a.title ?? "(untitled)")),
    el("td", {}, fmt(a.publisher)), el("td", {}, fmt(a.original_source)), el("td", {}, fmt(a.published)),
    el("td", { class: "num" }, String(a.copies ?? 1))));
  main.append(
    status(`${page.items.length} article${page.items.length === 1 ? "" : "s"} from ${offset + 1}`),
    table(["Title", "Publisher", "Original source", "Published", "Copies"], rows, { "data-testid": "articles-table" }));
  const nav = el("p", { class: "pager" });
  if (offset > 0) nav.append(routeLink(["articles"], { ...filters, offset: Math.max(0, offset - 50) }, "← previous"), " ");
  if (page.next_offset !== null) nav.append(routeLink(["articles"], { ...filters, offset: page.next_offset }, "next →"));
  main.append(nav);
}

async function articleView(id, params) {
  const body = await api.article(id);
  const at = /^\d+-\d+$/.test(params.at ?? "") ? params.at.split("-").map(Number) : null;
  const root = el("div", { "data-testid": "reader" });
  main.append(el("p", {}, routeLink(["articles"], null, "← articles")), root);
  renderReader(root, body.analysis, { copies: body.copies, at, current: id });
}

function eventPoint(e, incidentFatalities) {
  return {
    kind: "event", lon: e.longitude, lat: e.latitude, type: e.event_type, precision: e.geo_precision,
    fatalities: e.fatalities ?? 0, event: e, place: e.location, focus: e.location_focus ?? null,
    label: `${e.sub_event_type ?? e.event_type} · ${e.location ?? "?"} · ${e.date_start ?? "undated"} · ${e.fatalities ?? 0} killed (precision ${e.geo_precision ?? "?"})${e.title ? ` · ${e.title}` : ""}` +
      focusLine(e.location_focus, "the text does not place this event"),
  };
}

/** The tooltip line of a point drawn at a report's focus area: how it was found, and why. */
function focusLine(focus, why) {
  return focus ? `\nPlace: the report's focus area, found by ${focus}; ${why}` : "";
}

async function mapView(params) {
  const layer = params.layer === "incidents" ? "incidents" : "events";
  const filters = { ...params };
  delete filters.layer;
  main.append(el("h2", {}, "Map"), filterBar("map", filters, { fields: EVENT_FILTERS, exports: true }));
  const events = await api.listAll("events", filters);
  const toggle = el("p", { class: "layer-toggle" }, "Show: ",
    layer === "events" ? el("strong", {}, "events") : routeLink(["map"], filters, "events"), " · ",
    layer === "incidents" ? el("strong", {}, "incidents") : routeLink(["map"], { ...filters, layer: "incidents" }, "incidents"));
  let points;
  if (layer === "events") {
    points = events.filter((e) => e.latitude !== null && e.longitude !== null).map((e) => eventPoint(e));
  } else {
    const incidents = await api.listAll("incidents", filters);
    const worst = new Map();
    for (const e of events) if (e.incident_id) worst.set(e.incident_id, Math.max(worst.get(e.incident_id) ?? 0, e.fatalities ?? 0));
    points = incidents.filter((i) => i.latitude !== null && i.longitude !== null).map((i) => ({
      kind: "incident", lon: i.longitude, lat: i.latitude, type: i.event_type, precision: i.geo_precision,
      fatalities: worst.get(i.id) ?? 0, incident: i, place: i.location, focus: i.location_focus ?? null,
      label: `${i.sub_event_type ?? i.event_type} · ${i.location ?? "?"} · ${i.n_reports} report(s)${i.contradiction ? " · contradicting figures" : ""}` +
        focusLine(i.location_focus, "no report places these events"),
    }));
  }
  const unplaced = (layer === "events" ? events.length : points.length) - points.length;
  main.append(toggle, status(`${points.length} ${layer} on the map${layer === "events" && unplaced ? ` (${unplaced} without coordinates)` : ""}`, "count"));
  const holder = el("div", { class: "map-holder" });
  main.append(el("div", { class: "map-grid" }, holder, mapLegend()));
  await drawMap(holder, points, {
    onOpen: (p) => (p.kind === "incident"
      ? go(["incident", p.incident.id])
      : go(["article", p.event.article_id], p.event.evidence_end > p.event.evidence_start ? { at: `${p.event.evidence_start}-${p.event.evidence_end}` } : null)),
  });
}

async function timelineView(params) {
  main.append(el("h2", {}, "Timeline"), filterBar("timeline", params, { fields: EVENT_FILTERS, exports: true }));
  const events = await api.listAll("events", params);
  const holder = el("div", { class: "timeline-holder" });
  const line = status("", "count");
  main.append(line, holder);
  const drawn = drawTimeline(holder, events, {
    onOpen: (e) => go(["article", e.article_id], e.evidence_end > e.evidence_start ? { at: `${e.evidence_start}-${e.evidence_end}` } : null),
  });
  line.textContent = `${drawn} events on the timeline (${events.length - drawn} undated)`;
}

async function incidentsView(params) {
  main.append(el("h2", {}, "Incidents"), filterBar("incidents", params, { fields: ["q", "country", "type", "since", "until", "contradictions"], exports: true }));
  const items = await api.listAll("incidents", params, 2000);
  const rows = items.map((i) => el("tr", { "data-id": i.id, class: i.contradiction ? "contradiction" : "" },
    el("td", {}, routeLink(["incident", i.id], null, `${i.sub_event_type ?? i.event_type ?? "incident"} · ${i.location ?? "unplaced"}`)),
    el("td", {}, fmt(i.event_type)), el("td", {}, fmt(i.country_code)),
    el("td", {}, fmt(i.date_start)), el("td", { class: "num" }, String(i.n_reports)), el("td", { class: "num" }, String(i.n_events)),
    el("td", {}, i.contradiction ? el("span", { class: "flag" }, "contradiction") : "—")));
  main.append(status(`${items.length} incidents`, "count"),
    table(["Incident", "Type", "Country", "Date", "Reports", "Events", "Figures"], rows, { "data-testid": "incidents-table" }));
}

function quoteLink(quote, titles) {
  const known = titles.get(quote.report_id);
  return el("blockquote", {},
    `“${quote.text}”`, " ",
    routeLink(["article", quote.report_id], { at: `${quote.start}-${quote.end}` }, `— ${known?.title ?? quote.report_id} @${quote.start}`));
}

async function incidentView(id) {
  const [record, titles] = await Promise.all([api.incident(id), api.articleTitles()]);
  const loc = record.location;
  const head = el("section", { class: "incident-head", "data-testid": "incident-head" },
    el("h2", {}, `${record.sub_event_type ?? record.event_type ?? "Incident"} · ${loc?.name ?? loc?.text ?? "unplaced"}`),
    el("dl", { class: "meta" },
      el("dt", {}, "Type"), el("dd", {}, `${fmt(record.event_type)} / ${fmt(record.sub_event_type)}`),
      el("dt", {}, "Place"), el("dd", {}, loc ? `${fmt(loc.name)} (${fmt(loc.admin1)}, ${fmt(loc.country_code)}), geo-precision ${fmt(loc.geo_precision)}` : "—",
        record.location_focus ? ` — the report's focus area, found by ${record.location_focus}; no report places these events` : null),
      el("dt", {}, "Date"), el("dd", {}, record.date ? `${fmt(record.date.start)} – ${fmt(record.date.end)} (${fmt(record.date.precision)})` : "—"),
      el("dt", {}, "Reports"), el("dd", {}, String(new Set(record.events.map((e) => e.report_id)).size)),
      el("dt", {}, "Incident id"), el("dd", {}, record.id)));
  const flag = el("section", { class: record.contradiction ? "contradiction-box yes" : "contradiction-box", "data-testid": "contradiction" },
    el("h3", {}, record.contradiction ? "Claimants contradict each other" : "No contradiction between claimants"));
  if (record.contradiction_reasons?.length) flag.append(el("ul", {}, record.contradiction_reasons.map((r) => el("li", {}, r))));

  const claimantRows = record.claimants.map((c) => el("tr", { class: `polarity-${c.polarity}` },
    el("td", { class: "claimant" }, c.claimant),
    el("td", {}, fmt(c.kind)),
    el("td", {}, c.outlets.length ? c.outlets.join(", ") : "—"),
    el("td", { class: "figures" }, c.figures.length
      ? el("ul", {}, c.figures.map((f) => el("li", { class: "figure" }, `${range(f.low, f.high)} ${f.unit ?? ""} ${f.who ?? ""}`.trim())))
      : "—"),
    el("td", {}, c.polarity),
    el("td", { class: "quotes" }, c.quotes.map((q) => quoteLink(q, titles)))));
  const claimants = el("section", {}, el("h3", {}, `Claimants side by side (${record.claimants.length})`),
    table(["Claimant", "Kind", "Outlets", "Figures (low–high unit who)", "Polarity", "Their words"], claimantRows, { "data-testid": "claimant-table" }));

  const spreadRows = (record.spread ?? []).map((s) => el("tr", {},
    el("td", {}, fmt(s.unit)), el("td", {}, fmt(s.victims)), el("td", { class: "num" }, fmt(s.min)), el("td", { class: "num" }, fmt(s.max)), el("td", { class: "num" }, fmt(s.n_claimants))));
  const spread = el("section", {}, el("h3", {}, "Spread of figures"),
    spreadRows.length ? table(["Unit", "Victims", "Lowest", "Highest", "Claimants"], spreadRows, { "data-testid": "spread-table" }) : el("p", { class: "muted" }, "No figures to compare."));

  const reportLabel = (ref) => routeLink(["article", ref.report_id], null, `${titles.get(ref.report_id)?.title ?? ref.report_id} (${titles.get(ref.report_id)?.publisher ?? "?"}) · ${ref.event_id}`);
  const linkRows = (record.links ?? []).map((l) => el("tr", {},
    el("td", {}, reportLabel(l.a)), el("td", {}, reportLabel(l.b)), el("td", { class: "num" }, fmt(l.score)),
    el("td", {}, el("ul", {}, (l.reasons ?? []).map((r) => el("li", {}, r))))));
  const links = el("section", {}, el("h3", {}, "Why these reports are one incident"),
    linkRows.length ? table(["Report A", "Report B", "Score", "Reasons"], linkRows, { "data-testid": "links-table" }) : el("p", { class: "muted" }, "A single report: no links."));

  const outlets = el("section", {}, el("h3", {}, "Reports"),
    el("ul", {}, record.events.map((e) => el("li", {}, reportLabel(e)))));
  main.append(el("p", {}, routeLink(["incidents"], null, "← incidents")), head, flag, claimants, spread, links, outlets);
}

function analyzeView() {
  const token = el("input", { type: "password", name: "token", autocomplete: "off", placeholder: "API token" });
  token.value = sessionStorage.getItem(TOKEN_KEY) ?? "";
  const text = el("textarea", { name: "text", rows: 12, placeholder: "Paste an article (text, markdown or HTML)…", spellcheck: "false" });
  const file = el("input", { type: "file", name: "file", accept: ".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html" });
  const format = el("select", { name: "format" },
    el("option", { value: "" }, "auto"), el("option", { value: "text" }, "text"),
    el("option", { value: "markdown" }, "markdown"), el("option", { value: "html" }, "html"));
  const published = el("input", { type: "date", name: "published" });
  const url = el("input", { type: "url", name: "url", placeholder: "https://…" });
  const store = el("input", { type: "checkbox", name: "store" });
  const result = el("div", { "data-testid": "analysis-result" });
  const form = el("form", { class: "analyze", "data-testid": "analyze-form" },
    el("label", {}, el("span", {}, "Article"), text),
    el("label", {}, el("span", {}, "…or a file"), file),
    el("div", { class: "row" },
      el("label", {}, el("span", {}, "Format"), format),
      el("label", {}, el("span", {}, "Published"), published),
      el("label", {}, el("span", {}, "URL"), url)),
    el("div", { class: "row" },
      el("label", {}, el("span", {}, "Token"), token),
      el("label", { class: "check" }, store, el("span", {}, "store the result"))),
    el("button", { type: "submit" }, "Analyse"));
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    text.value = await chosen.text();
    const ext = chosen.name.toLowerCase().split(".").pop();
    format.value = ext === "md" || ext === "markdown" ? "markdown" : ext === "html" || ext === "htm" ? "html" : "text";
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, token.value);
    clear(result).append(status("Analysing…"));
    const payload = { text: text.value };
    if (format.value) payload.format = format.value;
    if (published.value) payload.published = published.value;
    if (url.value) payload.url = url.value;
    try {
      const analysis = await api.analyze(payload, { token: token.value, store: store.checked });
      clear(result);
      if (analysis.stored) {
        api.forgetTitles();
        result.append(status(`Stored (${analysis.stored}). `), el("p", {}, routeLink(["article", analysis.document.id], null, "open the stored article")));
      }
      const root = el("div", { "data-testid": "reader" });
      result.append(root);
      renderReader(root, analysis);
    } catch (err) {
      clear(result).append(status(err instanceof api.ApiError ? `Analysis failed (${err.status}): ${err.detail}` : `Analysis failed: ${err.message}`, "error"));
    }
  });
  main.append(el("h2", {}, "Analyse an article"), form, result);
}

const ROUTES = {
  articles: (parts, params) => articlesView(params),
  article: (parts, params) => articleView(parts[1], params),
  map: (parts, params) => mapView(params),
  timeline: (parts, params) => timelineView(params),
  incidents: (parts, params) => incidentsView(params),
  incident: (parts) => incidentView(parts[1]),
  analyze: () => analyzeView(),
};

let generation = 0;
async function render() {
  const mine = ++generation;
  const hash = location.hash;
  const { parts, params } = parseHash();
  const view = ROUTES[parts[0]] ?? ROUTES.articles;
  for (const a of document.querySelectorAll("nav a[data-route]")) {
    a.classList.toggle("active", a.getAttribute("data-route") === parts[0] || (parts[0] === "article" && a.getAttribute("data-route") === "articles") || (parts[0] === "incident" && a.getAttribute("data-route") === "incidents"));
  }
  clear(main);
  main.removeAttribute("data-ready");
  main.removeAttribute("data-rendered");
  main.className = "";
  try {
    await view(parts, params);
  } catch (err) {
    if (mine !== generation) return;
    main.append(status(`Could not load this page: ${err.detail ?? err.message}`, "error"));
  }
  if (mine !== generation) return;
  // Which route this is ready for, so a check made just after navigating cannot read the last page.
  main.setAttribute("data-rendered", hash);
  main.setAttribute("data-ready", parts[0]);
}

window.addEventListener("hashchange", render);
render();
api.health().then((h) => {
  const c = h.counts ?? {};
  document.getElementById("store-counts").textContent =
    `${c.articles ?? 0} articles · ${c.events ?? 0} events · ${c.incidents ?? 0} incidents`;
}).catch(() => {});
