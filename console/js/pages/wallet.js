// Wallet: the wallet's accounts with their balances on the chain and the recent transactions with
// their on-chain status (pending / included / rejected).
import * as api from "../api.js";
import { h, fill, table } from "../dom.js";
import { amountText, timeText, statusLabel, shortId } from "../format.js";

let current = null;

function accountRows(accounts) {
  return accounts.map((a) => [
    [a.label || a.name || "", a.is_owner ? h("span", { class: "status s-active" }, "pays the agent's requests") : ""],
    h("code", { class: "account", title: a.account_id || a.id }, a.account_id || a.id || ""),
    h("span", { class: "balance num", "data-account": a.account_id || a.id, "data-raw": (a.balance && a.balance.raw) ?? a.balance ?? "" },
      a.balance === null && a.balance_error ? `unreadable: ${a.balance_error.message} (${a.balance_error.code})` : amountText(a.balance)),
  ]);
}

function txRows(txs) {
  return txs.map((t) => [
    timeText(t.at_unix ?? t.at),
    [t.kind || "", t.spend_request_id ? [h("br"), h("small", {}, t.spend_request_id)] : ""],
    t.amount !== undefined ? amountText(t.amount) : "",
    t.counterparty ? h("code", { title: t.counterparty }, shortId(t.counterparty, 8)) : "",
    h("code", { title: t.tx_hash || t.hash }, shortId(t.tx_hash || t.hash, 10)),
    h("span", { class: `status s-${t.status}`, "data-tx": t.tx_hash || t.hash }, statusLabel(t.status)),
  ]);
}

async function load() {
  if (!current) return;
  const { box, ctx } = current;
  try {
    const w = await api.get("/api/wallet");
    if (!current || current.box !== box) return;
    const accounts = w.accounts || [];
    const txs = w.transactions || w.recent_transactions || [];
    fill(box,
      w.locked || w.is_open === false ? h("p", { class: "notice" }, "The wallet is locked: open it on the daemon to see balances.") : null,
      h("section", { "aria-labelledby": "acc-h" }, h("h3", { id: "acc-h" }, "Accounts"),
        table(null, ["Name", "Account", "Balance"], accountRows(accounts), "The wallet has no account yet.")),
      h("section", { "aria-labelledby": "tx-h" }, h("h3", { id: "tx-h" }, "Recent transactions"),
        table(null, ["Time", "Kind", "Amount", "Counterparty", "Transaction", "On-chain status"], txRows(txs), "No transaction yet.")));
  } catch (e) {
    ctx.showError(e, "Wallet");
  }
}

export default {
  title: "Wallet",
  async render(view, ctx) {
    const box = h("div", { id: "wallet" }, h("p", { class: "muted" }, "Loading…"));
    const refresh = h("button", { type: "button", onclick: () => load() }, "Refresh");
    current = { box, ctx, timer: null };
    view.append(h("div", { class: "page-head" }, h("h2", {}, "Wallet"), refresh), box);
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
