// Spend requests: the agent's requests waiting for the owner (pending first, with everything needed
// to decide: merchant, amount in human and raw units, the agent's full reason, the caps it touches
// and the time left), Approve / Decline with a reason, and the history with filters and each
// request's audit trail.
import * as api from "../api.js";
import { h, clear, fill, facts, keepInput, table } from "../dom.js";
import { amountText, timeText, toSeconds, durationText, statusLabel, shortId } from "../format.js";

const STATUSES = ["pending_approval", "created", "approved", "succeeded", "denied", "expired", "canceled", "failed"];
const filters = { status: "", merchant: "", from: "", to: "" };
let current = null; // { view, ctx, pendingBox, historyBox, reloadTimer }
const seenPending = new Set();

const listOf = (body) => (body && (body.spend_requests || body.items || body.requests)) || [];
const merchantName = (r) => (r.merchant && r.merchant.name) || r.merchant_name || "(merchant without a name)";
const merchantUrl = (r) => (r.merchant && r.merchant.url) || r.merchant_url || r.resource_url || "";
const isPending = (r) => r.status === "pending_approval";
const whoOf = (e) => e.approved_by || e.declined_by || e.actor || "";
const viaOf = (e) => e.approved_via || e.declined_via || e.via || "";
const readOnly = (ctx) => ctx.principal && ctx.principal.role && ctx.principal.role !== "owner";

/** Seconds to unix time at the start (or end) of a yyyy-mm-dd day in UTC, for the API's from/to. */
function dayBound(day, end) {
  if (!day) return "";
  const s = Date.parse(`${day}T00:00:00Z`) / 1000;
  return String(end ? s + 86399 : s);
}

function capsTable(caps) {
  if (!caps) return h("p", { class: "muted" }, "No caps reported for this request.");
  const rows = [["per_request", "Per request"], ["day", "Today"], ["month", "Last 30 days"]]
    .filter(([k]) => caps[k])
    .map(([k, label]) => {
      const c = caps[k];
      const left = c.left ?? c.remaining;
      return [label, c.cap === null || c.cap === undefined || c.cap === "" ? "no cap" : amountText(c.cap),
        c.used === undefined ? "—" : amountText(c.used), left === undefined || left === null ? "—" : amountText(left)];
    });
  return table("Caps this request touches", ["Cap", "Limit", "Used", "Left"], rows, "No caps configured.");
}

function countdown(r) {
  const expires = toSeconds(r.approval_expires_at_unix ?? r.approval_expires_at);
  const left = r.seconds_left ?? (expires ? expires - Date.now() / 1000 : null);
  if (left === null || left === undefined) return h("span", {}, "—");
  return h("span", { class: "countdown", "data-deadline": String(Date.now() + Number(left) * 1000) }, durationText(Number(left)));
}

function auditList(entries) {
  if (!entries || !entries.length) return h("p", { class: "muted" }, "No audit records for this request.");
  return h("ol", { class: "trail" }, entries.map((e) => h("li", {},
    h("time", {}, timeText(e.at ?? e.time)), " ",
    h("strong", {}, statusLabel(e.event)),
    whoOf(e) ? [" by ", whoOf(e)] : null,
    viaOf(e) ? [" via ", viaOf(e)] : null,
    e.reason || e.decline_reason ? [" — ", h("q", {}, e.reason || e.decline_reason)] : null,
    e.message ? [" — ", e.message] : null)));
}

async function loadTrail(id, box, ctx) {
  fill(box, h("p", { class: "muted" }, "Loading the audit trail…"));
  try {
    const body = await api.get(`/api/spend-requests/${api.seg(id)}`);
    fill(box, auditList(body.audit || body.audit_trail || body.entries || []));
  } catch (e) {
    clear(box);
    ctx.showError(e, `Audit trail of ${id}`);
  }
}

function trailToggle(r, ctx) {
  const box = h("div", { class: "trail-box" });
  const d = h("details", { class: "trail-details" }, h("summary", {}, "Audit trail"), box);
  d.addEventListener("toggle", () => {
    if (d.open) loadTrail(r.id, box, ctx);
  });
  return d;
}

async function decide(r, action, body, ctx, buttons) {
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await api.post(`/api/spend-requests/${api.seg(r.id)}/${action}`, body);
    ctx.clearErrors();
  } catch (e) {
    ctx.showError(e, `${action === "approve" ? "Approve" : "Decline"} ${merchantName(r)}`);
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    reload();
  }
}

function pendingCard(r, ctx) {
  const headingId = `sr-title-${r.id}`;
  const approve = h("button", { type: "button", class: "approve", "data-action": "approve" }, "Approve");
  const decline = h("button", { type: "button", class: "decline", "data-action": "decline" }, "Decline…");
  const reasonId = `decline-reason-${r.id}`;
  const reason = h("textarea", { id: reasonId, name: "reason", rows: "2", required: true, maxlength: "500" });
  const confirm = h("button", { type: "submit", class: "decline", "data-action": "confirm-decline" }, "Decline");
  const cancel = h("button", { type: "button", class: "link" }, "Keep it pending");
  const declineForm = h("form", { class: "decline-form", id: `decline-form-${r.id}`, hidden: true, "data-keep-hidden": true },
    h("label", { for: reasonId }, "Why decline? (the agent sees this reason)"), reason, h("div", { class: "actions" }, confirm, cancel));
  const buttons = [approve, decline, confirm];
  if (readOnly(ctx)) buttons.forEach((b) => { b.disabled = true; b.title = "Only the owner can decide"; });

  approve.addEventListener("click", () => decide(r, "approve", {}, ctx, buttons));
  decline.addEventListener("click", () => { declineForm.hidden = false; reason.focus(); });
  cancel.addEventListener("click", () => { declineForm.hidden = true; });
  declineForm.addEventListener("submit", (e) => {
    e.preventDefault();
    decide(r, "decline", { reason: reason.value.trim() }, ctx, buttons);
  });

  const url = merchantUrl(r);
  return h("article", { class: "card request pending", "data-id": r.id, "aria-labelledby": headingId },
    h("h3", { id: headingId }, merchantName(r), " ", h("span", { class: "amount" }, amountText(r.amount))),
    facts([
      ["Merchant URL", url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url) : "—"],
      ["Amount", h("span", { class: "amount-detail" }, amountText(r.amount))],
      ["Pay to", r.pay_to ? h("code", {}, r.pay_to) : undefined],
      ["Requested", timeText(r.created_at_unix ?? r.created_at)],
      ["Approval window ends", timeText(r.approval_expires_at_unix ?? r.approval_expires_at)],
      ["Time left to approve", countdown(r)],
      ["Request id", h("code", {}, r.id)],
    ]),
    h("section", { class: "reason", "aria-label": "The agent's reason" }, h("h4", {}, "The agent's reason"),
      h("p", { class: "reason-text" }, r.reason || "(no reason given)")),
    capsTable(r.caps),
    readOnly(ctx) ? h("p", { class: "muted" }, "Signed in as an agent: read only.") : null,
    h("div", { class: "actions" }, approve, decline),
    declineForm,
    trailToggle(r, ctx));
}

function historyTable(list, ctx) {
  if (!list.length) return h("p", { class: "muted" }, "No spend request matches these filters.");
  const rows = [];
  for (const r of list) {
    const trailRow = h("tr", { class: "trail-row", hidden: true }, h("td", { colspan: "7" }));
    const btn = h("button", { type: "button", class: "link", "aria-expanded": "false" }, "Audit trail");
    btn.addEventListener("click", () => {
      const open = trailRow.hidden;
      trailRow.hidden = !open;
      btn.setAttribute("aria-expanded", String(open));
      if (open) loadTrail(r.id, trailRow.firstChild, ctx);
    });
    rows.push(h("tr", { "data-id": r.id, "data-status": r.status },
      h("td", {}, timeText(r.created_at_unix ?? r.created_at)),
      h("td", {}, h("span", { class: `status s-${r.status}` }, statusLabel(r.status))),
      h("td", {}, merchantName(r), h("br"), h("small", {}, merchantUrl(r))),
      h("td", { class: "num" }, amountText(r.amount)),
      h("td", { class: "reason-cell" }, r.decline_reason ? ["Declined: ", h("q", {}, r.decline_reason)] : r.reason || ""),
      h("td", {}, h("code", { title: r.id }, shortId(r.id, 8))),
      h("td", {}, btn)));
    rows.push(trailRow);
  }
  return h("table", { class: "history" },
    h("caption", {}, `${list.length} spend request${list.length === 1 ? "" : "s"}`),
    h("thead", {}, h("tr", {}, ["Created", "Status", "Merchant", "Amount", "Reason", "Id", ""].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows));
}

function filterForm() {
  const status = h("select", { id: "f-status", name: "status" }, h("option", { value: "" }, "any"),
    STATUSES.map((s) => h("option", { value: s, selected: filters.status === s }, statusLabel(s))));
  const merchant = h("input", { id: "f-merchant", name: "merchant", type: "search", value: filters.merchant, placeholder: "name or URL" });
  const from = h("input", { id: "f-from", name: "from", type: "date", value: filters.from });
  const to = h("input", { id: "f-to", name: "to", type: "date", value: filters.to });
  const form = h("form", { class: "filters", role: "search", "aria-label": "Filter the history" },
    h("label", { for: "f-status" }, "Status"), status,
    h("label", { for: "f-merchant" }, "Merchant"), merchant,
    h("label", { for: "f-from" }, "From"), from,
    h("label", { for: "f-to" }, "To"), to,
    h("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    Object.assign(filters, { status: status.value, merchant: merchant.value.trim(), from: from.value, to: to.value });
    loadHistory();
  });
  return form;
}

async function loadPending() {
  const { ctx, pendingBox } = current;
  const body = await api.get(api.withQuery("/api/spend-requests", { status: "pending_approval" }));
  const pending = listOf(body).filter(isPending);
  if (!current || current.pendingBox !== pendingBox) return;
  ctx.setPendingCount(pending.length);
  pending.forEach((r) => seenPending.add(r.id));
  const restore = keepInput(pendingBox);
  fill(pendingBox, pending.length
    ? pending.map((r) => pendingCard(r, ctx))
    : h("p", { class: "muted", id: "no-pending" }, "Nothing is waiting for your decision."));
  restore();
}

async function loadHistory() {
  const { ctx, historyBox } = current;
  try {
    const body = await api.get(api.withQuery("/api/spend-requests", {
      status: filters.status, merchant: filters.merchant, from: dayBound(filters.from, false), to: dayBound(filters.to, true) }));
    if (!current || current.historyBox !== historyBox) return;
    fill(historyBox, historyTable(listOf(body), ctx));
  } catch (e) {
    ctx.showError(e, "History");
  }
}

async function reload() {
  if (!current) return;
  try {
    await loadPending();
  } catch (e) {
    current && current.ctx.showError(e, "Pending requests");
  }
  if (current) await loadHistory();
}

function scheduleReload() {
  if (!current) return;
  clearTimeout(current.reloadTimer);
  current.reloadTimer = setTimeout(reload, 150);
}

/** A new pending request: a notification (when allowed) the first time its id is seen, naming
 * the merchant and amount (the event carries only the id, so the request is read once). */
async function maybeNotify(name, data, ctx) {
  const d = data && typeof data === "object" ? data : {};
  if (!/^spend_request_/.test(name) || d.status !== "pending_approval" || !d.id || seenPending.has(d.id)) return;
  seenPending.add(d.id);
  let text = d.amount ? amountText(d.amount) : "";
  try {
    const r = (await api.get(`/api/spend-requests/${api.seg(d.id)}`)).spend_request;
    text = `${merchantName(r)}: ${amountText(r.amount)}`;
  } catch {
    // The notification still says that something waits; the page shows the error if any.
  }
  ctx.notify("A spend request waits for your decision", text);
}

export default {
  title: "Spend requests",
  async render(view, ctx) {
    const pendingBox = h("div", { id: "pending", class: "stack", "aria-live": "polite" }, h("p", { class: "muted" }, "Loading…"));
    const historyBox = h("div", { id: "history" });
    current = { view, ctx, pendingBox, historyBox, reloadTimer: null };
    fill(view,
      h("h2", {}, "Spend requests"),
      h("section", { "aria-labelledby": "pending-h" }, h("h3", { id: "pending-h" }, "Waiting for your decision"), pendingBox),
      h("section", { "aria-labelledby": "history-h" }, h("h3", { id: "history-h" }, "History"), filterForm(), historyBox));
    await reload();
  },
  onEvent(name, data) {
    if (!current) return;
    maybeNotify(name, data, current.ctx);
    if (/^spend_request_|^payment$|^message$/.test(name)) scheduleReload();
  },
  /** Events while another page is shown: keep the pending badge right and notify. */
  async onBackgroundEvent(name, data, ctx) {
    if (!/^spend_request_/.test(name)) return;
    maybeNotify(name, data, ctx);
    try {
      const body = await api.get(api.withQuery("/api/spend-requests", { status: "pending_approval" }));
      ctx.setPendingCount(listOf(body).filter(isPending).length);
    } catch {
      // The badge is a hint; the page shows errors when the owner opens it.
    }
  },
  leave() {
    if (current) clearTimeout(current.reloadTimer);
    current = null;
  },
};
