// Streams (the user's side): each vault and its streams with rate, allocation, accrued, remaining,
// state and depletion time; pause / resume / top-up / close; a chart of the remaining allocation
// over time from the chain's history.
import * as api from "../api.js";
import { h, fill, facts, keepInput } from "../dom.js";
import { amountText, timeText, toSeconds, durationText, shortId } from "../format.js";
import { remainingChart } from "../chart.js";

let current = null;

const vaultsOf = (body) => {
  if (body.vaults) return body.vaults;
  // A flat list of streams: group it by vault so the page has one shape.
  const groups = new Map();
  for (const s of body.streams || []) {
    const key = `${s.owner || ""}/${s.vault_id ?? s.vault}`;
    if (!groups.has(key)) groups.set(key, { owner: s.owner, vault_id: s.vault_id ?? s.vault, streams: [] });
    groups.get(key).streams.push(s);
  }
  return [...groups.values()];
};
const vaultKey = (v) => String(v.vault_id ?? v.vault ?? v.id);
const stateOf = (s) => String(s.state || s.stream_state || "").toLowerCase();

function depletion(s) {
  if (s.depleted || stateOf(s) === "depleted") return `depleted${s.depleted_at ? ` at ${timeText(s.depleted_at)}` : ""}`;
  const at = toSeconds(s.depletes_at_unix ?? s.depletes_at);
  if (!at) return stateOf(s) === "paused" ? "not while paused" : "—";
  const left = at - Date.now() / 1000 > 0 ? at - Date.now() / 1000 : null;
  return `${timeText(at)}${left !== null ? ` (in ${durationText(left)})` : ""}`;
}

async function act(vault, s, action, body, ctx, done) {
  const path = `/api/streams/${api.seg(vault)}/${api.seg(s.stream_id)}/${action}`;
  try {
    await api.post(path, body);
    ctx.clearErrors();
    if (done) done();
  } catch (e) {
    ctx.showError(e, `${action} stream ${s.stream_id}`);
  }
  await load();
}

function streamCard(v, s, ctx) {
  const vault = vaultKey(v);
  const state = stateOf(s);
  const closed = state === "closed";
  const id = `stream-${vault}-${s.stream_id}`;
  const topupId = `${id}-topup`;
  const amount = h("input", { id: topupId, value: "", name: "amount", inputmode: "numeric", pattern: "[0-9]+", required: true,
    placeholder: "raw units", size: "12" });
  const topup = h("form", { class: "inline-form" }, h("label", { for: topupId }, "Top up by"), amount,
    h("button", { type: "submit", disabled: closed }, "Top up"));
  topup.addEventListener("submit", (e) => {
    e.preventDefault();
    act(vault, s, "top-up", { amount: amount.value.trim() }, ctx, () => { amount.value = ""; });
  });
  const button = (action, label, enabled) => h("button", { type: "button", "data-action": action, disabled: !enabled,
    onclick: () => act(vault, s, action, {}, ctx) }, label);
  const chartBox = h("div", { class: "chart-box" }, h("p", { class: "muted" }, "Loading the history…"));
  api.get(`/api/streams/${api.seg(vault)}/${api.seg(s.stream_id)}/history`)
    .then((body) => fill(chartBox, remainingChart(body.points || [], `Stream ${s.stream_id}`)))
    .catch((e) => { fill(chartBox, h("p", { class: "muted" }, `History unavailable: ${e.message} (${e.code})`)); });

  return h("article", { class: "card stream", id, "data-vault": vault, "data-stream": String(s.stream_id), "data-state": state,
    "aria-labelledby": `${id}-h` },
  h("h4", { id: `${id}-h` }, `Stream ${s.stream_id}`, " ", h("span", { class: `status s-${state}` }, s.state || s.stream_state || "?")),
  facts([
    ["Provider", s.provider ? h("code", { title: s.provider }, shortId(s.provider, 8)) : undefined],
    ["Rate", s.rate !== undefined ? `${amountText(s.rate)} per second` : undefined],
    ["Allocation", h("span", { class: "allocation" }, amountText(s.allocation))],
    ["Accrued", h("span", { class: "accrued" }, amountText(s.accrued))],
    ["Remaining", h("span", { class: "remaining", "data-raw": (s.remaining && s.remaining.raw) ?? s.remaining ?? "" }, amountText(s.remaining ?? s.unaccrued))],
    ["Depletes", h("span", { class: "depletes" }, depletion(s))],
    ["As of", s.as_of ? timeText(s.as_of) : undefined],
  ]),
  h("div", { class: "actions" },
    button("pause", "Pause", state === "active"), button("resume", "Resume", state === "paused"),
    button("close", "Close", !closed), topup),
  h("section", { "aria-label": `Remaining allocation of stream ${s.stream_id} over time` }, chartBox));
}

function vaultSection(v, ctx) {
  const vault = vaultKey(v);
  const streams = v.streams || [];
  return h("section", { class: "vault", "data-vault": vault, "aria-labelledby": `vault-${vault}-h` },
    h("h3", { id: `vault-${vault}-h` }, `Vault ${vault}`),
    facts([
      ["Owner", v.owner ? h("code", { title: v.owner }, shortId(v.owner, 8)) : undefined],
      ["Balance", v.balance !== undefined ? amountText(v.balance) : undefined],
      ["Unallocated", v.unallocated !== undefined ? amountText(v.unallocated) : undefined],
      ["Total allocated", v.total_allocated !== undefined ? amountText(v.total_allocated) : undefined],
    ]),
    streams.length ? h("div", { class: "stack" }, streams.map((s) => streamCard(v, s, ctx)))
      : h("p", { class: "muted" }, "No stream in this vault."));
}

async function load() {
  if (!current) return;
  const { box, ctx } = current;
  try {
    const body = await api.get("/api/streams");
    if (!current || current.box !== box) return;
    const vaults = vaultsOf(body);
    const restore = keepInput(box);
    fill(box,
      body.as_of_unix || body.as_of ? h("p", { class: "muted", id: "chain-time" }, `Read at ${timeText(body.as_of_unix ?? body.as_of)}; each stream's amounts are as of the chain time shown with it.`) : null,
      vaults.length ? vaults.map((v) => vaultSection(v, ctx)) : h("p", { class: "muted" }, "No vault yet."));
    restore();
  } catch (e) {
    ctx.showError(e, "Streams");
  }
}

export default {
  title: "Streams",
  async render(view, ctx) {
    const box = h("div", { id: "streams" }, h("p", { class: "muted" }, "Loading…"));
    current = { box, ctx, timer: null };
    view.append(h("div", { class: "page-head" }, h("h2", {}, "Streams"),
      h("button", { type: "button", onclick: () => load() }, "Refresh")), box);
    await load();
  },
  onEvent(name) {
    if (!current || !/^stream_changed$|^message$|^auto_topped_up$|^auto_claimed$|^stream_depleting_soon$/.test(name)) return;
    clearTimeout(current.timer);
    current.timer = setTimeout(load, 200);
  },
  leave() {
    if (current) clearTimeout(current.timer);
    current = null;
  },
};
