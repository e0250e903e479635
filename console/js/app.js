// The console's shell: session check, hash router (one module per page under pages/), the error
// banner, the live event stream and the countdowns. Pages export
//   { title, render(view, ctx), onEvent?(name, data), leave?() }.
import * as api from "./api.js";
import { h, clear } from "./dom.js";
import { durationText } from "./format.js";
import { connectEvents, disconnectEvents } from "./events.js";
import signin from "./pages/signin.js";
import requests from "./pages/requests.js";
import wallet from "./pages/wallet.js";
import streams from "./pages/streams.js";
import provider from "./pages/provider.js";
import audit from "./pages/audit.js";

const PAGES = { requests, wallet, streams, provider, audit };
const DEFAULT_PAGE = "requests";

const state = { session: null, page: null, pageName: null, renderSeq: 0 };
const $ = (id) => document.getElementById(id);

/** Shows a module's error as its sentence and stable code; `where` names what was being done. */
export function showError(err, where) {
  const box = $("errors");
  const code = err && err.code ? err.code : "ERROR";
  const message = err && err.message ? err.message : String(err);
  const item = h("div", { class: "error", "data-code": code },
    h("strong", {}, where ? `${where}: ` : ""), message, " ", h("code", {}, code),
    h("button", { type: "button", class: "link", "aria-label": "Dismiss this error", onclick: () => item.remove() }, "×"));
  box.append(item);
  while (box.children.length > 4) box.firstChild.remove();
}

export function clearErrors() {
  clear($("errors"));
}

const ctx = {
  showError,
  clearErrors,
  get principal() {
    return state.session && state.session.principal;
  },
  setPendingCount(n) {
    const badge = $("pending-count");
    badge.hidden = !n;
    badge.textContent = n ? String(n) : "";
    badge.setAttribute("aria-label", `${n} pending`);
  },
  notify(title, body) {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    try {
      new Notification(title, { body, tag: "lezpay-console" });
    } catch {
      // Some browsers only allow notifications from a service worker; the page still updates.
    }
  },
};

function setSignedIn(session) {
  state.session = session;
  api.setCsrf(session && session.csrf);
  const signed = !!session;
  $("nav").hidden = !signed;
  $("who").hidden = !signed;
  if (signed) {
    const p = session.principal || {};
    const name = p.name || "owner";
    $("principal").textContent = p.role === "agent" ? `${name} (agent: read only)`
      : name.startsWith("owner") ? name : `${name} (owner)`;
    $("notify").hidden = !("Notification" in window) || Notification.permission !== "default";
    connectEvents(onLiveEvent, (up) => {
      $("live").textContent = up ? "live" : "reconnecting…";
      $("live").classList.toggle("on", up);
    });
  } else {
    disconnectEvents();
  }
}

function onLiveEvent(name, data) {
  if (name === "hello") return;
  if (name === "session_ended") {
    signedOut("Your session ended; sign in again.");
    return;
  }
  if (state.page && state.page.onEvent) state.page.onEvent(name, data);
  if (state.pageName !== "requests") requests.onBackgroundEvent(name, data, ctx);
}

function signedOut(notice) {
  setSignedIn(null);
  if (state.page && state.page.leave) state.page.leave();
  state.page = null;
  state.pageName = "signin";
  const view = clear($("view"));
  signin.render(view, { ...ctx, notice, signedIn: onSignedIn });
}

async function onSignedIn(session) {
  setSignedIn(session);
  clearErrors();
  const target = location.hash && location.hash !== "#/signin" ? location.hash : `#/${DEFAULT_PAGE}`;
  if (location.hash !== target) location.hash = target; // hashchange renders the page
  else route();
}

async function route() {
  if (!state.session) return;
  const name = (location.hash.replace(/^#\/?/, "").split(/[/?]/)[0]) || DEFAULT_PAGE;
  const page = PAGES[name] || PAGES[DEFAULT_PAGE];
  if (state.page && state.page.leave) state.page.leave();
  state.page = page;
  state.pageName = PAGES[name] ? name : DEFAULT_PAGE;
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.page === state.pageName) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = `${page.title} — lez-pay console`;
  clearErrors();
  const view = clear($("view"));
  view.dataset.page = state.pageName;
  const seq = ++state.renderSeq;
  try {
    await page.render(view, ctx);
  } catch (e) {
    if (seq === state.renderSeq) showError(e, page.title);
  }
}

// Countdowns: any element with data-deadline (ms since epoch, on this browser's clock, taken from
// the server's seconds_left so a skewed client clock does not matter) shows the time left.
function tick() {
  const now = Date.now();
  for (const el of document.querySelectorAll("[data-deadline]")) {
    const left = (Number(el.dataset.deadline) - now) / 1000;
    el.textContent = durationText(left);
    el.classList.toggle("urgent", left > 0 && left < 60);
  }
}

async function start() {
  api.onUnauthorized(() => {
    if (state.session) signedOut("Your session expired; sign in again.");
  });
  $("signout").addEventListener("click", async () => {
    try {
      await api.del("/api/session");
    } catch (e) {
      if (e.status !== 401) showError(e, "Sign out");
    }
    signedOut("Signed out.");
  });
  $("notify").addEventListener("click", async () => {
    await Notification.requestPermission();
    $("notify").hidden = Notification.permission !== "default";
  });
  window.addEventListener("hashchange", route);
  setInterval(tick, 1000);
  let session = null;
  try {
    session = await api.get("/api/session");
  } catch (e) {
    if (e.status !== 401) showError(e, "Session");
  }
  if (session && session.principal) onSignedIn(session);
  else signedOut();
}

start();
