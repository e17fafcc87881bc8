// Talks to the claimscope REST API (same origin) and caches what every view needs.

export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

async function request(path, init = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...init });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail ?? body);
    throw new ApiError(response.status, detail);
  }
  return body;
}

export const FILTER_KEYS = ["q", "country", "admin1", "since", "until", "type", "actor", "source", "contradictions"];

export function filterParams(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === null || value === "" || value === false) continue;
    params.set(key, value === true ? "true" : String(value));
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return params;
}

export function list(kind, filters, limit = 100, offset = 0) {
  return request(`/api/${kind}?${filterParams(filters, { limit, offset })}`);
}

/** Every item of a list (pages of 1000), capped so a huge store cannot hang the page. */
export async function listAll(kind, filters, cap = 10000) {
  const items = [];
  let offset = 0;
  while (offset !== null && items.length < cap) {
    const page = await list(kind, filters, 1000, offset);
    items.push(...page.items);
    offset = page.next_offset;
  }
  return items;
}

export const article = (id) => request(`/api/articles/${encodeURIComponent(id)}`);
export const incident = (id) => request(`/api/incidents/${encodeURIComponent(id)}`);
export const health = () => request("/api/health");

export function exportHref(format, filters) {
  return `/api/export?${filterParams(filters, { format })}`;
}

export function analyze(payload, { token, store }) {
  return request(`/api/analyze${store ? "?store=true" : ""}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(payload),
  });
}

let titles = null;
/** Titles of stored articles by id, for labelling report ids in incident views. */
export async function articleTitles() {
  if (!titles) {
    titles = new Map();
    for (const item of await listAll("articles", {}, 5000)) titles.set(item.id, item);
  }
  return titles;
}
export function forgetTitles() {
  titles = null;
}
