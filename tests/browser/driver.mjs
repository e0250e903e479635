// A line-driven Chromium for tests/functional/console_browser.py: Debian's /usr/bin/chromium
// launched by playwright-core (no browser download), one JSON command per stdin line, one JSON
// answer per stdout line ({"id", "ok": true, "value"} or {"id", "ok": false, "error"}).
// The journey itself lives in the Python test, which also drives the daemons; this file only
// knows pages, selectors and clicks. Console messages, page errors and CSP violations of every
// page are kept and answered by the "problems" command so the test can require none.
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const EXECUTABLE = process.env.LEZPAY_CHROMIUM || "/usr/bin/chromium";
// This machine's network is closed: without the background-networking flags Chromium keeps
// trying Google's hosts. playwright-core gives every launch a new empty --user-data-dir of its own
// (and removes it at close); it refuses one passed in args, so none is.
const browser = await chromium.launch({
  executablePath: EXECUTABLE,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const pages = new Map(); // name -> { page, context, problems: [] }
// Waits are generous: under the sanitizer build (CI) the daemons answer several times slower.
const DEFAULT_TIMEOUT = Number(process.env.LEZPAY_BROWSER_TIMEOUT_MS) || 30000;

// Records Notification calls so the test can see the console asked for one (headless Chromium
// shows nothing on screen).
const NOTIFICATION_SPY = () => {
  window.__notifications = [];
  const Real = window.Notification;
  if (!Real) return;
  class Spy extends Real {
    constructor(title, options) {
      window.__notifications.push({ title, body: options && options.body });
      super(title, options);
    }
  }
  window.Notification = Spy;
};

function entry(name) {
  const e = pages.get(name);
  if (!e) throw new Error(`no page named ${name}`);
  return e;
}

const commands = {
  version: async () => browser.version(),
  async open({ page: name, url, notifications, viewport }) {
    const context = await browser.newContext({ viewport: viewport || { width: 1200, height: 900 } });
    if (notifications) {
      await context.grantPermissions(["notifications"], { origin: new URL(url).origin });
      await context.addInitScript(NOTIFICATION_SPY);
    }
    const page = await context.newPage();
    page.setDefaultTimeout(DEFAULT_TIMEOUT);
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    pages.set(name, { page, context, problems });
    await page.goto(url);
    return page.url();
  },
  /** A second tab in the same browser context as `from` (same cookie jar), e.g. another site. */
  async tab({ page: name, from, url }) {
    const { context } = entry(from);
    const page = await context.newPage();
    page.setDefaultTimeout(DEFAULT_TIMEOUT);
    const problems = [];
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    pages.set(name, { page, context, problems });
    await page.goto(url);
    return page.url();
  },
  async goto({ page, url }) {
    await entry(page).page.goto(url);
    return entry(page).page.url();
  },
  async click({ page, selector }) {
    await entry(page).page.locator(selector).click();
    return true;
  },
  async fill({ page, selector, value }) {
    await entry(page).page.locator(selector).fill(value);
    return true;
  },
  async select({ page, selector, value }) {
    return entry(page).page.locator(selector).selectOption(value);
  },
  async check({ page, selector }) {
    await entry(page).page.locator(selector).check();
    return true;
  },
  async wait({ page, selector, state, timeout }) {
    await entry(page).page.locator(selector).first().waitFor({ state: state || "visible", timeout: timeout || DEFAULT_TIMEOUT });
    return true;
  },
  /** Waits until the text of `selector` contains `text` (or equals it with exact). */
  async waitText({ page, selector, text, exact, timeout }) {
    return commands.waitFn({ page, timeout, arg: [selector, text, !!exact],
      expression: "([sel, want, ex]) => { const el = document.querySelector(sel); if (!el) return false; "
        + "const got = el.textContent.trim(); return (ex ? got === want : got.includes(want)) ? got : false; }" });
  },
  async text({ page, selector }) {
    return (await entry(page).page.locator(selector).first().textContent()).trim();
  },
  async texts({ page, selector }) {
    return (await entry(page).page.locator(selector).allTextContents()).map((t) => t.trim());
  },
  async attr({ page, selector, name }) {
    return entry(page).page.locator(selector).first().getAttribute(name);
  },
  async count({ page, selector }) {
    return entry(page).page.locator(selector).count();
  },
  /** Runs `expression` (a function's source, possibly async, taking `arg`) in the page and answers
   * its result. The source goes through the DevTools protocol, not the page's eval, which the
   * console's CSP forbids. */
  async evaluate({ page, expression, arg }) {
    return entry(page).page.evaluate(`(${expression})(${JSON.stringify(arg ?? null)})`);
  },
  /** Waits until `expression` (a function's source taking `arg`) answers a truthy value, asking
   * every 100 ms from here (Playwright's own polling evaluates strings in the page, which the
   * console's CSP refuses). */
  async waitFn({ page, expression, arg, timeout }) {
    const p = entry(page).page;
    const source = `(${expression})(${JSON.stringify(arg ?? null)})`;
    const deadline = Date.now() + (timeout || DEFAULT_TIMEOUT);
    let last;
    for (;;) {
      last = await p.evaluate(source);
      if (last) return last;
      if (Date.now() > deadline) throw new Error(`waitFn: still ${JSON.stringify(last)} after ${timeout || DEFAULT_TIMEOUT} ms: ${expression}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  },
  async screenshot({ page, path, fullPage }) {
    await entry(page).page.screenshot({ path, fullPage: fullPage !== false });
    return path;
  },
  async url({ page }) {
    return entry(page).page.url();
  },
  async problems({ page }) {
    return entry(page).problems.splice(0);
  },
  async cookies({ page }) {
    return entry(page).context.cookies();
  },
  async close() {
    await browser.close();
    setImmediate(() => process.exit(0));
    return true;
  },
};

const rl = createInterface({ input: process.stdin });
const send = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
send({ id: 0, ok: true, value: { ready: true, version: browser.version() } });
// One command at a time, in order: the journey is sequential.
let chain = Promise.resolve();
rl.on("line", (line) => {
  chain = chain.then(async () => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      send({ id: null, ok: false, error: "not JSON" });
      return;
    }
    const fn = commands[msg.cmd];
    if (!fn) {
      send({ id: msg.id, ok: false, error: `unknown command ${msg.cmd}` });
      return;
    }
    try {
      send({ id: msg.id, ok: true, value: (await fn(msg)) ?? null });
    } catch (e) {
      send({ id: msg.id, ok: false, error: String(e && e.message ? e.message : e).slice(0, 2000) });
    }
  });
});
rl.on("close", async () => {
  await chain;
  await browser.close().catch(() => {});
  process.exit(0);
});
