// Element builder: every piece of data becomes a text node, never markup, so nothing a merchant
// or an agent wrote (names, URLs, reasons) can inject HTML into the console.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A <dl> of label/value pairs; values may be nodes. */
export function facts(pairs) {
  return h("dl", { class: "facts" },
    pairs.filter(([, v]) => v !== undefined && v !== null && v !== "")
      .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

/** A table with a caption, column headings and rows of cells (strings or nodes). */
export function table(caption, headings, rows, empty = "Nothing yet.") {
  if (!rows.length) return h("p", { class: "muted" }, empty);
  return h("table", {},
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))));
}

/** Replaces the children of `el` with `children` (nested arrays flattened; null, undefined and
 * false skipped; strings as text). */
export function fill(el, ...children) {
  clear(el);
  return build(el, {}, children);
}

/** Remembers what the owner is typing inside `root` (form controls with an id whose value was
 * changed, elements marked data-keep-hidden that were opened, the focused control) and answers a
 * function that puts it back after `root` was rebuilt, so a live update never wipes a half-written
 * decline reason or top-up amount. */
export function keepInput(root) {
  const values = new Map();
  const opened = new Map();
  const active = document.activeElement;
  const focusId = active && active.id && root.contains(active) ? active.id : null;
  for (const e of root.querySelectorAll("input[id], textarea[id], select[id]")) {
    if (e.type !== "checkbox" && e.type !== "radio" && e.value !== e.defaultValue) values.set(e.id, e.value);
  }
  for (const e of root.querySelectorAll("[data-keep-hidden][id]")) opened.set(e.id, e.hidden);
  return () => {
    const find = (id) => {
      const e = document.getElementById(id);
      return e && root.contains(e) ? e : null;
    };
    values.forEach((v, id) => { const e = find(id); if (e) e.value = v; });
    opened.forEach((hidden, id) => { const e = find(id); if (e) e.hidden = hidden; });
    if (focusId && find(focusId)) find(focusId).focus();
  };
}
