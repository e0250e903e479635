// Provider (on a provider's daemon): income per stream, what can be claimed now with a claim
// button, and the x402 settlements with their transactions.
import * as api from "../api.js";
import { h, fill, table } from "../dom.js";
import { amountText, timeText, statusLabel, shortId } from "../format.js";

let current = null;

async function claim(s, button, ctx) {
  button.disabled = true;
  // The vault is named with its owner: a provider is paid by many owners' vaults.
  // The colon stays literal: the server splits the path segment on it.
  const vault = s.owner ? `${api.seg(s.owner)}:${api.seg(s.vault_id)}` : api.seg(s.vault_id);
  try {
    const answer = await api.post(`/api/provider/streams/${vault}/${api.seg(s.stream_id)}/claim`, {});
    ctx.clearErrors();
    current && (current.lastClaim = answer);
  } catch (e) {
    ctx.showError(e, `Claim from stream ${s.stream_id}`);
  }
  await load();
}

function streamRows(streams, ctx) {
  return streams.map((s) => {
    // "claimable" when the API names it, else the accrued amount (what a claim pays now).
    const due = s.claimable ?? s.accrued ?? "0";
    const claimable = (due && due.raw) ?? due;
    const button = h("button", { type: "button", "data-action": "claim", disabled: String(claimable) === "0" },
      "Claim");
    button.addEventListener("click", () => claim(s, button, ctx));
    return [
      s.owner ? h("code", { title: s.owner }, shortId(s.owner, 8)) : "",
      `${s.vault_id} / ${s.stream_id}`,
      h("span", { class: `status s-${String(s.state).toLowerCase()}` }, s.state || ""),
      s.rate !== undefined ? `${amountText(s.rate)} per second` : "",
      h("span", { class: "income num" }, amountText(s.claimed_total ?? s.claimed_by_console ?? "0")),
      h("span", { class: "claimable num", "data-raw": String(claimable) }, amountText(claimable)),
      button,
    ];
  });
}

function settlementRows(list) {
  return list.map((t) => [
    timeText(t.at_unix ?? t.at),
    t.resource || t.path || "",
    amountText(t.amount),
    t.payer ? h("code", { title: t.payer }, shortId(t.payer, 8)) : "",
    h("code", { class: "tx", title: t.tx_hash, "data-tx": t.tx_hash }, shortId(t.tx_hash, 10)),
    h("span", { class: `status s-${t.status}` }, statusLabel(t.status)),
  ]);
}

async function load() {
  if (!current) return;
  const { box, ctx } = current;
  try {
    const p = await api.get("/api/provider");
    if (!current || current.box !== box) return;
    const streams = p.streams || p.income || [];
    fill(box,
      p.provider_account ? h("p", {}, "Provider account ", h("code", {}, p.provider_account)) : null,
      p.claimable_total !== undefined ? h("p", { class: "summary", id: "claimable-total" }, `Claimable now in total: ${amountText(p.claimable_total)}`) : null,
      current.lastClaim && current.lastClaim.tx_hash
        ? h("p", { class: "notice", id: "last-claim" }, `Claimed ${amountText(current.lastClaim.claimed)} in transaction `, h("code", {}, current.lastClaim.tx_hash)) : null,
      h("section", { "aria-labelledby": "inc-h" }, h("h3", { id: "inc-h" }, "Income per stream"),
        table(null, ["Payer", "Vault / stream", "State", "Rate", "Claimed so far", "Claimable now", ""], streamRows(streams, ctx), "No stream pays this provider.")),
      h("section", { "aria-labelledby": "set-h" }, h("h3", { id: "set-h" }, "x402 settlements"),
        table(null, ["Time", "Resource", "Amount", "Payer", "Transaction", "Status"], settlementRows(p.settlements || []), "No settlement yet.")));
  } catch (e) {
    ctx.showError(e, "Provider");
  }
}

export default {
  title: "Provider",
  async render(view, ctx) {
    const box = h("div", { id: "provider" }, h("p", { class: "muted" }, "Loading…"));
    current = { box, ctx, timer: null, lastClaim: null };
    view.append(h("div", { class: "page-head" }, h("h2", {}, "Provider"),
      h("button", { type: "button", onclick: () => load() }, "Refresh")), box);
    await load();
  },
  onEvent() {
    if (!current) return;
    clearTimeout(current.timer);
    current.timer = setTimeout(load, 200);
  },
  leave() {
    if (current) clearTimeout(current.timer);
    current = null;
  },
};
