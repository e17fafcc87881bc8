// DOM helpers: every untrusted string reaches the page as text or through a vetted attribute.

const SAFE_ATTRS = new Set([
  "class", "id", "title", "role", "tabindex", "type", "name", "value", "placeholder",
  "for", "min", "max", "step", "accept", "rows", "cols", "download", "rel", "target",
  "colspan", "scope", "lang", "hidden", "disabled", "checked", "selected", "multiple",
  "autocomplete", "spellcheck", "viewBox", "width", "height",
]);

/** Build an element; attributes outside the allow-list (and every on* handler) are refused. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const SVG_ATTRS = /^(cx|cy|r|x|y|x1|x2|y1|y2|d|fill|stroke|stroke-width|stroke-dasharray|opacity|fill-opacity|class|transform|text-anchor|dominant-baseline|font-size|viewBox|width|height|tabindex|role|preserveAspectRatio|points|vector-effect|rx|ry)$/;

/** Build an SVG element from numeric/enumerated attributes (never data strings as markup). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("data-")) {
      node.setAttribute(key, String(value));
    } else if (SVG_ATTRS.test(key)) {
      node.setAttribute(key, String(value));
    } else {
      throw new Error(`svg attribute not allowed: ${key}`);
    }
  }
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "href") {
      node.setAttribute("href", String(value));
    } else if (key === "text") {
      node.textContent = String(value);
    } else if (key.startsWith("data-") || key.startsWith("aria-") || SAFE_ATTRS.has(key)) {
      node.setAttribute(key, value === true ? "" : String(value));
    } else {
      throw new Error(`attribute not allowed: ${key}`);
    }
  }
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** The URL if it is http(s), else null: other schemes (javascript:, data:) are never linked. */
export function httpUrl(value) {
  if (typeof value !== "string" || !value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** An external link when the URL is http(s); otherwise the URL as plain text. */
export function externalLink(value) {
  const href = httpUrl(value);
  if (!href) return el("span", { class: "url-text" }, value ?? "—");
  return el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", class: "url" }, value);
}

/** An in-app link: the route is built from encoded parts, never from raw data. */
export function routeLink(parts, query, ...children) {
  return el("a", { href: routeHref(parts, query) }, ...children);
}

export function routeHref(parts, query) {
  const path = parts.map((p) => encodeURIComponent(String(p))).join("/");
  const qs = query ? new URLSearchParams(query).toString() : "";
  return `#/${path}${qs ? `?${qs}` : ""}`;
}

export function fmt(value) {
  if (value === null || value === undefined || value === "") return "—";
  return String(value);
}
