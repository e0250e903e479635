// Audit log: every decision and payment the daemon recorded (who, from where, what), searchable,
// exportable as JSON lines.
import * as api from "../api.js";
import { h, fill, table } from "../dom.js";
import { timeText, statusLabel, shortId } from "../format.js";

const query = { q: "", from: "", to: "" };
let current = null;

const bound = (day, end) => (day ? String(Date.parse(`${day}T00:00:00Z`) / 1000 + (end ? 86399 : 0)) : "");
const params = () => ({ q: query.q, from: bound(query.from, false), to: bound(query.to, true) });
const KNOWN = new Set(["at", "at_iso", "event", "spend_request_id", "approved_by", "approved_via", "declined_by", "declined_via", "seq"]);
const who = (e) => e.approved_by || e.declined_by || "";
const via = (e) => e.approved_via || e.declined_via || "";

function rows(entries) {
  return entries.map((e) => {
    const rest = Object.fromEntries(Object.entries(e).filter(([k]) => !KNOWN.has(k)));
    return [
      timeText(e.at ?? e.at_iso),
      h("span", { class: "event" }, statusLabel(e.event)),
      e.spend_request_id ? h("code", { title: e.spend_request_id }, shortId(e.spend_request_id, 8)) : "",
      h("span", { class: "who" }, [who(e), via(e) ? ` via ${via(e)}` : ""].join("")),
      Object.keys(rest).length ? h("code", { class: "details" }, JSON.stringify(rest)) : "",
    ];
  });
}

async function load() {
  if (!current) return;
  const { box, ctx, exportLink } = current;
  exportLink.href = api.withQuery("/api/audit/export", params());
  try {
    const body = await api.get(api.withQuery("/api/audit", params()));
    if (!current || current.box !== box) return;
    const entries = body.entries || body.records || [];
    fill(box, table(`${entries.length} record${entries.length === 1 ? "" : "s"}`,
      ["Time", "Event", "Spend request", "Who / from where", "Details"], rows(entries), "No audit record matches."));
  } catch (e) {
    ctx.showError(e, "Audit log");
  }
}

export default {
  title: "Audit log",
  async render(view, ctx) {
    const q = h("input", { id: "a-q", name: "q", type: "search", value: query.q, placeholder: "event, id, merchant, who…" });
    const from = h("input", { id: "a-from", name: "from", type: "date", value: query.from });
    const to = h("input", { id: "a-to", name: "to", type: "date", value: query.to });
    const form = h("form", { class: "filters", role: "search", "aria-label": "Search the audit log" },
      h("label", { for: "a-q" }, "Search"), q, h("label", { for: "a-from" }, "From"), from,
      h("label", { for: "a-to" }, "To"), to, h("button", { type: "submit" }, "Search"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      Object.assign(query, { q: q.value.trim(), from: from.value, to: to.value });
      load();
    });
    const exportLink = h("a", { class: "button", id: "audit-export", download: "lezpay-audit.jsonl", href: "/api/audit/export" },
      "Export as JSON lines");
    const box = h("div", { id: "audit" }, h("p", { class: "muted" }, "Loading…"));
    current = { box, ctx, exportLink, timer: null };
    view.append(h("div", { class: "page-head" }, h("h2", {}, "Audit log"), exportLink), form, box);
    await load();
  },
  onEvent() {
    if (!current) return;
    clearTimeout(current.timer);
    current.timer = setTimeout(load, 300);
  },
  leave() {
    if (current) clearTimeout(current.timer);
    current = null;
  },
};
