"""The owner's console in a real browser: Debian's Chromium (/usr/bin/chromium), driven by
playwright-core from tests/browser (npm lockfile; no browser download), against a user daemon and
a provider daemon (both with console_module) and lez-localnet. The owner:
  - signs in (a wrong token shows SIGN_IN_FAILED and its sentence; the cookie is HttpOnly and
    SameSite=Strict);
  - sees the agent's httpGet (made with the agent's scoped token) appear live, without a reload,
    with the agent's full reason, and a browser notification;
  - approves it in the page; the agent's retry is served and the Wallet page's balance drops by
    exactly the price;
  - declines another with a reason; a third, declined on the CLI, leaves the page live;
  - a POST without the CSRF token and a cross-site form POST (a page on another origin, same cookie
    jar) are refused with 403 and change nothing;
  - finds who approved, and from where, in the audit log and its JSON-lines export;
  - pauses and resumes a stream on the Streams page and watches it deplete with the right remaining
    amount at each step;
  - on the provider's own console (signed in with the wallet password) sees the agent's x402
    payment settled with its transaction, and claims the stream's accrual.
Skipped only when chromium is absent and LEZPAY_REQUIRE_BROWSER is unset. With
LEZPAY_SCREENSHOTS=<dir> every page is saved there as PNG (docs/console/*.png come from here)."""
import http.server
import json
import os
import queue
import shutil
import subprocess
import threading
import time
import unittest

from framework import PRODUCT_MODULES, REPO_ROOT, DaemonTestCase, genesis_accounts, log
from npm_deps import npm_ci  # noqa: E402
from streams_common import n8

G = genesis_accounts()
BROWSER_DIR = os.path.join(REPO_ROOT, "tests", "browser")
CHROMIUM = os.environ.get("LEZPAY_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "owner password"
PRICE = 25
REASON = ("Fetch today's weather forecast for Paris so that tomorrow's delivery plan can avoid the storm; "
          "the merchant charges per request.")
DECLINE_REASON = "Not needed: the radar was clear an hour ago."
AGENT_OWNER = G["agent_owner"]["account_id"]
USER = G["user"]["account_id"]
PROVIDER = G["provider"]["account_id"]
PROVIDER_PEER = "16Uiu2HAmProviderPeer"
USER_PEER = "16Uiu2HAmUserPeer"
COMMAND_TIMEOUT = 60
MODULES = ("wallet_module", "delivery_module", "x402_module", "payment_streams_module", "console_module")


def chromium_skip_reason():
    if os.path.exists(CHROMIUM):
        return None
    if os.environ.get("LEZPAY_REQUIRE_BROWSER"):
        raise AssertionError(f"LEZPAY_REQUIRE_BROWSER is set but {CHROMIUM} is missing: "
                             "install Debian's chromium (scripts/bootstrap.sh does)")
    return (f"{CHROMIUM} is not installed (Debian package chromium, installed by scripts/bootstrap.sh); "
            "set LEZPAY_REQUIRE_BROWSER=1 to make its absence a failure")


def ensure_node_modules():
    reason = npm_ci(BROWSER_DIR, os.path.join("node_modules", "playwright-core"))
    if reason:
        raise AssertionError(f"tests/browser needs its pinned packages: {reason} (scripts/bootstrap.sh installs npm)")


class Browser:
    """tests/browser/driver.mjs: one JSON command per line, one answer per line, each bounded by
    COMMAND_TIMEOUT. `b("click", page="user", selector="...")` answers the value or fails the test."""

    def __init__(self, log_path):
        self.log = open(log_path, "w")
        env = dict(os.environ, LEZPAY_CHROMIUM=CHROMIUM)
        self.proc = subprocess.Popen([shutil.which("node") or "node", "driver.mjs"], cwd=BROWSER_DIR, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.answers = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()
        ready = self._wait(0)
        log(f"chromium {ready['version']} up")

    def _read(self):
        for line in self.proc.stdout:
            self.log.write(line)
            self.log.flush()
            try:
                self.answers.put(json.loads(line))
            except ValueError:
                pass
        self.answers.put(None)

    def _wait(self, want_id):
        deadline = time.monotonic() + COMMAND_TIMEOUT
        while True:
            try:
                a = self.answers.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"the browser driver did not answer command {want_id} in {COMMAND_TIMEOUT} s")
            if a is None:
                raise AssertionError("the browser driver exited; see browser.log")
            if a.get("id") == want_id:
                if not a.get("ok"):
                    raise AssertionError(f"browser: {a.get('error')}")
                return a.get("value")

    def _send(self, cmd, **args):
        cid = self.next_id
        self.next_id += 1
        self.proc.stdin.write(json.dumps({"id": cid, "cmd": cmd, **args}) + "\n")
        self.proc.stdin.flush()
        return self._wait(cid)

    def __call__(self, cmd, **args):
        try:
            return self._send(cmd, **args)
        except AssertionError as e:
            # What the console itself said (its error banner) usually explains a step that failed.
            shown = ""
            if "page" in args and self.proc.poll() is None:
                try:
                    shown = self._send("evaluate", page=args["page"],
                                       expression="() => (document.getElementById('errors') || {}).innerText || ''")
                except AssertionError:
                    pass
            raise AssertionError(f"{e}" + (f"\nthe page shows: {shown}" if shown else "")) from None

    def close(self):
        try:
            self("close")
        except (AssertionError, OSError, ValueError):
            pass
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.log.close()


class AttackerSite:
    """A page on another origin (another loopback port): a form that POSTs an approval to the
    console, as a cross-site request forgery would. Loopback only."""

    def __init__(self, target):
        html = ("<!doctype html><title>free weather</title><form id=f method=POST enctype=text/plain action='"
                + target + "'><input type=hidden name='{\"x\":\"' value='\"}'><button id=go>win</button></form>")
        body = html.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class ConsoleBrowser(DaemonTestCase):
    def setUp(self):
        reason = chromium_skip_reason()
        if reason:
            self.skipTest(reason)
        super().setUp()
        self.require_modules(*MODULES)
        ensure_node_modules()
        self.shots = os.environ.get("LEZPAY_SCREENSHOTS")
        if self.shots:
            os.makedirs(self.shots, exist_ok=True)
        self.browser = None
        self.attacker = None
        self.net = self.start_localnet(manual_blocks=True)
        self.provider = self.start_daemon("provider", module_dirs=[PRODUCT_MODULES])
        for m in MODULES:
            self.provider.load(m)
        self.ok(self.provider, "wallet_module", "configure", self.net.url)
        self.ok(self.provider, "wallet_module", "create_new", "str:" + PASSWORD)
        self.ok(self.provider, "wallet_module", "import_account_private_key", "str:" + G["provider"]["secret_key_hex"])
        fac = self.ok(self.provider, "x402_module", "startFacilitator", "json:" + json.dumps({"port": 0}))
        resources = [{"path": p, "price": str(PRICE), "payTo": G["merchant"]["account_id"], "maxTimeoutSeconds": 60,
                      "description": d, "mimeType": "application/json", "body": {"ok": p}}
                     for p, d in (("/weather", "today's weather"), ("/radar", "rain radar"))]
        merchant = self.ok(self.provider, "x402_module", "startMerchant",
                           "json:" + json.dumps({"port": 0, "facilitator_url": fac["url"], "resources": resources}))
        self.weather = merchant["url"] + "/weather"
        self.radar = merchant["url"] + "/radar"

        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        for m in MODULES:
            self.user.load(m)
        self.ok(self.user, "wallet_module", "configure", self.net.url)
        self.ok(self.user, "wallet_module", "create_new", "str:" + PASSWORD)
        for key in ("agent_owner", "user"):
            self.ok(self.user, "wallet_module", "import_account_private_key", "str:" + G[key]["secret_key_hex"])
        self.x402(self.user, "configureAgent", {"owner_account": AGENT_OWNER})
        issued = self.assert_ok(self.user.cli("issue-token", "--name", "shopper", "--scope", "agent"))
        self.agent_token = issued["token"]
        self.user_url = self.ok(self.user, "console_module", "getConsoleInfo")["url"].rstrip("/")
        self.provider_url = self.ok(self.provider, "console_module", "getConsoleInfo")["url"].rstrip("/")
        log(f"consoles: user {self.user_url}, provider {self.provider_url}")
        self.browser = Browser(os.path.join(self.tmp, "browser.log"))

    def tearDown(self):
        if self.browser is not None:
            self.browser.close()
        if self.attacker is not None:
            self.attacker.stop()
        super().tearDown()

    # -- daemons -------------------------------------------------------------------------------
    def ok(self, node, module, op, *args, timeout=90):
        return self.assert_ok(node.call(module, op, *args, timeout=timeout))["result"]

    def x402(self, node, op, params):
        return self.ok(node, "x402_module", "chainAction", op, "json:" + json.dumps(params))

    def ps(self, node, op, params):
        return self.ok(node, "payment_streams_module", "chainAction", op, "json:" + json.dumps(params))

    def agent_get(self, url):
        """The agent's httpGet, made with the agent's scoped token (not the owner's)."""
        r = self.user.call("x402_module", "chainAction", "httpGet",
                           "json:" + json.dumps({"url": url, "options": {"reason": REASON}}), timeout=90,
                           env_extra={"LOGOSCORE_TOKEN": self.agent_token})
        return self.assert_ok(r)["result"]

    def balance(self, account):
        return int(self.net.rpc("getAccountBalance", [account]))

    def spend_request(self, rid):
        return self.x402(self.user, "getSpendRequest", {"id": rid})["spend_request"]

    def negotiated_stream(self):
        """A vault of the user's and a stream to the provider through the LIP-155 handshake (as the
        paid Store journey makes it), so the provider's daemon knows the stream it is paid by."""
        self.ps(self.user, "initializeVault", {"owner": USER, "vault_id": 0})
        self.ps(self.user, "deposit", {"owner": USER, "vault_id": 0, "amount": "1000"})
        self.ps(self.user, "registerProviderMapping", {"peer_id": PROVIDER_PEER, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 2, "allocation": 100,
                                                  "deadline_delay_seconds": 60})
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": "1",
                                                           "min_allocation": 100, "max_create_stream_deadline_delay": 300,
                                                           "replay_window": 64})
        for kind, request in (("Proposal", "req-0"), (None, "req-1")):
            if kind:
                proof = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                                {"canonical_request_hex": n8(request), "provider_peer_id": PROVIDER_PEER})
            else:
                proof = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                                {"canonical_request_hex": n8(request), "provider_peer_id": PROVIDER_PEER})
            verdict = self.ps(self.provider, "verifyEligibilityForStoreQuery",
                              {"proof_hex": proof["bytes_hex"], "canonical_request_hex": n8(request),
                               "requester_peer_id": USER_PEER})
            self.assertEqual(verdict["eligibility"], "OK", verdict)
            if kind:
                created = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})
        sessions = self.ps(self.provider, "listProviderSessions", {})["sessions"]
        self.assertEqual([s["bound_stream_id"] for s in sessions], [created["stream_id"]], sessions)
        return created["stream_id"]

    # -- browser -------------------------------------------------------------------------------
    def shot(self, page, name):
        if self.shots:
            self.browser("screenshot", page=page, path=os.path.join(self.shots, name + ".png"))

    def nav(self, page, name):
        self.browser("click", page=page, selector=f'#nav a[data-page="{name}"]')
        self.browser("wait", page=page, selector=f'main[data-page="{name}"]')

    def wait_raw(self, page, selector, want, timeout=None):
        """Waits until the element's data-raw (a u128 string the page shows) equals `want`."""
        return self.browser("waitFn", page=page, timeout=timeout, arg={"sel": selector, "want": str(want)},
                            expression="(a) => { const e = document.querySelector(a.sel); "
                                       "return e && e.dataset.raw === a.want ? e.dataset.raw : false; }")

    def fetch(self, page, method, path, headers=None, body=None):
        """A fetch from inside the page (same origin, the session cookie goes along)."""
        return self.browser("evaluate", page=page, arg={"m": method, "p": path, "h": headers or {}, "b": body},
                            expression="async (a) => { const r = await fetch(a.p, {method: a.m, headers: a.h, "
                                       "body: a.b === null ? undefined : a.b, credentials: 'same-origin'}); "
                                       "const t = await r.text(); let j = null; try { j = JSON.parse(t); } catch {} "
                                       "return {status: r.status, json: j, text: t, type: r.headers.get('content-type')}; }")

    def sign_in(self, page, url, secret, password=False):
        self.browser("open", page=page, url=url + "/")
        self.browser("wait", page=page, selector="#signin-form")
        if password:
            self.browser("check", page=page, selector="#kind-password")
        self.browser("fill", page=page, selector="#signin-secret", value=secret)
        self.browser("click", page=page, selector="#signin-submit")
        self.browser("wait", page=page, selector="#nav")
        self.browser("wait", page=page, selector="#live.on")

    def assert_no_page_problems(self, page):
        problems = [p for p in self.browser("problems", page=page) if "Failed to load resource" not in p]
        self.assertEqual(problems, [], f"{page}: script errors or CSP violations in the console")

    def test_owner_journey_in_chromium(self):
        b = self.browser
        log("sign-in page; a wrong token shows the module's sentence and code")
        b("open", page="user", url=self.user_url + "/", notifications=True)
        b("wait", page="user", selector="#signin-form")
        self.shot("user", "sign-in")
        b("fill", page="user", selector="#signin-secret", value="not-a-token")
        b("click", page="user", selector="#signin-submit")
        b("wait", page="user", selector='#signin-error[data-code="SIGN_IN_FAILED"]')
        self.assertIn("SIGN_IN_FAILED", b("text", page="user", selector="#signin-error"))

        log("owner token: signed in; the session cookie is HttpOnly and SameSite=Strict")
        b("fill", page="user", selector="#signin-secret", value=self.user.token())
        b("click", page="user", selector="#signin-submit")
        b("wait", page="user", selector="#no-pending")
        b("wait", page="user", selector="#live.on")
        cookie = [c for c in b("cookies", page="user") if c["name"] == "lezpay_session"]
        self.assertEqual(len(cookie), 1, cookie)
        self.assertEqual((cookie[0]["httpOnly"], cookie[0]["sameSite"]), (True, "Strict"), cookie)
        self.assertEqual(b("text", page="user", selector="#principal"), "auto (owner)")

        log("the agent's httpGet (agent token) creates a request that appears live, without a reload")
        b("evaluate", page="user", expression="() => { window.__sameDocument = 1; }")
        first = self.agent_get(self.weather)
        self.assertEqual((first["http_status"], first["payment"]), (402, "approval_pending"), first)
        rid = first["spend_request_id"]
        card = f'article.request.pending[data-id="{rid}"]'
        b("wait", page="user", selector=card)
        self.assertEqual(b("evaluate", page="user", expression="() => window.__sameDocument"), 1, "the page reloaded")
        self.assertEqual(b("text", page="user", selector=f"{card} .reason-text"), REASON)
        self.assertIn(f"{PRICE} raw", b("text", page="user", selector=f"{card} .amount-detail"))
        self.assertIn(self.weather, b("text", page="user", selector=card))
        self.assertNotIn(b("text", page="user", selector=f"{card} .countdown"), ("—", "expired"))
        notes = b("waitFn", page="user", expression="() => window.__notifications && window.__notifications.length "
                                                    "? window.__notifications : false")
        self.assertIn(str(PRICE), notes[0]["body"], notes)
        self.shot("user", "spend-requests")

        log("Wallet page before the approval shows the chain's balance")
        before = self.balance(AGENT_OWNER)
        self.nav("user", "wallet")
        self.wait_raw("user", f'.balance[data-account="{AGENT_OWNER}"]', before)

        log("approve in the page: the card leaves, the request is approved")
        self.nav("user", "requests")
        b("click", page="user", selector=f"{card} button.approve")
        b("wait", page="user", selector=card, state="detached")
        approved = self.spend_request(rid)
        self.assertEqual(approved["status"], "approved", approved)
        tx = approved["credential"]["tx_hash"]

        log("the agent's retry is served; the Wallet page's balance drops by exactly the price, live")
        self.nav("user", "wallet")
        paid = self.agent_get(self.weather)
        self.assertEqual((paid["http_status"], paid["payment"]), (200, "paid"), paid)
        self.wait_raw("user", f'.balance[data-account="{AGENT_OWNER}"]', before - PRICE)
        self.assertEqual(self.balance(AGENT_OWNER), before - PRICE)
        b("waitText", page="user", selector=f'[data-tx="{tx}"]', text="included")
        self.shot("user", "wallet")

        log("decline another request with a reason")
        self.nav("user", "requests")
        rid2 = self.agent_get(self.radar)["spend_request_id"]
        card2 = f'article.request.pending[data-id="{rid2}"]'
        b("wait", page="user", selector=card2)
        b("click", page="user", selector=f'{card2} button[data-action="decline"]')
        b("fill", page="user", selector=f"#decline-reason-{rid2}", value=DECLINE_REASON)
        b("click", page="user", selector=f'{card2} button[data-action="confirm-decline"]')
        b("wait", page="user", selector=card2, state="detached")
        b("wait", page="user", selector=f'#history tr[data-id="{rid2}"][data-status="denied"]')
        detail = self.fetch("user", "GET", f"/api/spend-requests/{rid2}")["json"]
        self.assertEqual(detail["spend_request"]["decline_reason"], DECLINE_REASON, detail)

        log("a third request: a POST without the CSRF token is refused (403 CSRF_REJECTED)")
        rid3 = self.agent_get(self.weather)["spend_request_id"]
        card3 = f'article.request.pending[data-id="{rid3}"]'
        b("wait", page="user", selector=card3)
        no_csrf = self.fetch("user", "POST", f"/api/spend-requests/{rid3}/approve",
                             {"Content-Type": "application/json"}, "{}")
        self.assertEqual((no_csrf["status"], no_csrf["json"]["error"]["code"]), (403, "CSRF_REJECTED"), no_csrf)

        log("the agent signed in to the console reads the request, cannot approve it (disabled, and 403 FORBIDDEN)")
        self.sign_in("agent", self.user_url, self.agent_token)
        b("wait", page="agent", selector=card3)
        self.assertEqual(b("text", page="agent", selector="#principal"), "shopper (agent: read only)")
        self.assertEqual(b("attr", page="agent", selector=f"{card3} button.approve", name="disabled"), "")
        csrf = self.fetch("agent", "GET", "/api/session")["json"]["csrf"]
        forbidden = self.fetch("agent", "POST", f"/api/spend-requests/{rid3}/approve",
                               {"Content-Type": "application/json", "X-CSRF-Token": csrf}, "{}")
        self.assertEqual((forbidden["status"], forbidden["json"]["error"]["code"]), (403, "FORBIDDEN"), forbidden)

        log("a cross-site form POST from a page on another origin (same cookie jar) is refused with 403")
        self.attacker = AttackerSite(f"{self.user_url}/api/spend-requests/{rid3}/approve")
        b("tab", page="attacker", url=self.attacker.url, **{"from": "user"})
        b("click", page="attacker", selector="#go")
        b("waitFn", page="attacker", arg=self.user_url,
          expression="(u) => location.href.startsWith(u) && document.body && document.body.innerText.length > 0")
        answer = json.loads(b("evaluate", page="attacker", expression="() => document.body.innerText"))
        self.assertIn(answer["error"]["code"], ("ORIGIN_REJECTED", "CSRF_REJECTED"), answer)
        self.assertEqual(self.spend_request(rid3)["status"], "pending_approval", "a refused POST changed the request")

        log("declined on the CLI with the owner token: the page follows live")
        self.x402(self.user, "declineSpendRequest", {"id": rid3, "reason": "decided on the CLI"})
        b("wait", page="user", selector=card3, state="detached")
        b("wait", page="user", selector=f'#history tr[data-id="{rid3}"][data-status="denied"]')
        log("the first request's audit trail in the page names who approved it and from where")
        b("click", page="user", selector=f'#history tr[data-id="{rid}"] button')
        trail = b("waitText", page="user", selector="#history tr.trail-row:not([hidden]) .trail", text="approved by")
        self.assertIn("spend request approved by auto via console 127.0.0.1", trail)
        self.shot("user", "spend-request-history")

        log("history filters: status 'denied' lists the two declined requests, merchant 'radar' only its own")
        rows = "(want) => { const ids = [...document.querySelectorAll('#history tr[data-id]')].map((r) => r.dataset.id); " \
               "return ids.length === want.length && want.every((id) => ids.includes(id)) ? ids : false; }"
        b("select", page="user", selector="#f-status", value="denied")
        b("click", page="user", selector='form.filters button[type="submit"]')
        b("waitFn", page="user", arg=[rid2, rid3], expression=rows)
        b("select", page="user", selector="#f-status", value="")
        b("fill", page="user", selector="#f-merchant", value="radar")
        b("click", page="user", selector='form.filters button[type="submit"]')
        b("waitFn", page="user", arg=[rid2], expression=rows)
        b("fill", page="user", selector="#f-merchant", value="")
        b("click", page="user", selector='form.filters button[type="submit"]')
        b("waitFn", page="user", arg=[rid, rid2, rid3], expression=rows)

        log("audit log: who approved and from where; export as JSON lines")
        self.nav("user", "audit")
        b("fill", page="user", selector="#a-q", value=rid)
        b("click", page="user", selector='form[role="search"] button[type="submit"]')
        who = b("waitFn", page="user", expression="() => [...document.querySelectorAll('#audit .who')]"
                                                  ".map((e) => e.textContent).find((t) => t.includes('via console'))")
        self.assertEqual(who, "auto via console 127.0.0.1")
        exported = self.fetch("user", "GET", "/api/audit/export")
        self.assertEqual(exported["status"], 200)
        self.assertIn("application/x-ndjson", exported["type"])
        lines = [json.loads(line) for line in exported["text"].splitlines() if line.strip()]
        approvals = [e for e in lines if e.get("spend_request_id") == rid and e.get("approved_by")]
        self.assertTrue(approvals, lines)
        self.assertTrue(approvals[0]["approved_via"].startswith("console"), approvals)
        self.shot("user", "audit-log")

        log("streams: a vault, and a stream (rate 2, allocation 100) negotiated with the provider, show on the Streams page")
        sid = self.negotiated_stream()
        self.nav("user", "streams")
        stream = f'article.stream[data-vault="0"][data-stream="{sid}"]'
        self.wait_raw("user", f"{stream} .remaining", 100)

        log("20 s: remaining 60; pause in the page; 10 s paused: still 60")
        self.net.advance(20)
        b("click", page="user", selector="main .page-head button")
        self.wait_raw("user", f"{stream} .remaining", 60)
        b("click", page="user", selector=f'{stream} button[data-action="pause"]')
        b("wait", page="user", selector=f'{stream}[data-state="paused"]')
        self.net.advance(10)
        b("click", page="user", selector="main .page-head button")
        b("wait", page="user", selector=f'{stream}[data-state="paused"]')
        self.wait_raw("user", f"{stream} .remaining", 60)

        log("resume in the page, top up by 20: remaining 80; 40 s later depleted with nothing remaining")
        b("click", page="user", selector=f'{stream} button[data-action="resume"]')
        b("wait", page="user", selector=f'{stream}[data-state="active"]')
        b("fill", page="user", selector=f"#stream-0-{sid}-topup", value="20")
        b("click", page="user", selector=f'{stream} form.inline-form button[type="submit"]')
        self.wait_raw("user", f"{stream} .remaining", 80)
        self.net.advance(40)
        b("click", page="user", selector="main .page-head button")
        b("wait", page="user", selector=f'{stream}[data-state="depleted"]')
        self.wait_raw("user", f"{stream} .remaining", 0)
        b("wait", page="user", selector=f"{stream} svg.chart path.line")
        self.shot("user", "streams")
        self.assert_no_page_problems("user")

        log("the provider's console (wallet password): the settlement, and a claim of the stream's 120")
        self.sign_in("provider", self.provider_url, PASSWORD, password=True)
        self.assertEqual(b("text", page="provider", selector="#principal"), "owner (password)")
        self.nav("provider", "provider")
        log("the provider's page lists the agent's x402 payment with its transaction, settled")
        b("wait", page="provider", selector=f'#provider [data-tx="{tx}"]')
        row = b("evaluate", page="provider", arg=tx,
                expression="(tx) => document.querySelector(`#provider [data-tx='${tx}']`).closest('tr').innerText")
        self.assertIn("settled", row)
        self.assertIn(f"{PRICE} raw", row)
        self.wait_raw("provider", "#provider .claimable", 120)
        self.shot("provider", "provider")
        prov_before = self.balance(PROVIDER)
        b("click", page="provider", selector='#provider button[data-action="claim"]')
        b("wait", page="provider", selector="#last-claim")
        self.wait_raw("provider", "#provider .claimable", 0)
        self.assertEqual(self.balance(PROVIDER), prov_before + 120)
        self.assert_no_page_problems("provider")

        log("close the claimed stream in the user's page")
        b("click", page="user", selector=f'{stream} button[data-action="close"]')
        b("wait", page="user", selector=f'{stream}[data-state="closed"]')
        self.assert_no_page_problems("user")

        log("sign out: back to the sign-in form, and the old cookie no longer opens a session")
        b("click", page="user", selector="#signout")
        b("wait", page="user", selector="#signin-form")
        gone = self.fetch("user", "GET", "/api/session")
        self.assertEqual((gone["status"], gone["json"]["error"]["code"]), (401, "NOT_SIGNED_IN"), gone)


if __name__ == "__main__":
    unittest.main()
