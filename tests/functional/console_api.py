"""The owner's console over real HTTP (console_module), against a user daemon paying a merchant
daemon on lez-localnet: sign-in with the owner's token, the wallet password or a bad token; the
session cookie's flags; CSRF and Origin checks on state-changing requests; idle expiry, a revoked
token and sign-out; the failed sign-in limit; hostile paths and bodies. Then the two principals:
the agent (a scoped token) pays through httpGet and reads in the console but cannot approve there
(403) nor over RPC (FORBIDDEN); the owner approves in the console, the retry is served and the
wallet drops by exactly the price; a decline with a reason; the audit log says who decided and
from where; a decision on the CLI reaches the console's event stream."""
import json
import os
import time

import x402_agent_pay
from console_common import ConsoleClient
from framework import genesis_accounts, log

G = genesis_accounts()


class ConsoleCase(x402_agent_pay.X402AgentCase):
    def setUp(self):
        super().setUp()
        self.require_modules("console_module", "payment_streams_module")
        self.user.load("console_module")
        self.console_url = self.ok(self.user, "console_module", "getConsoleInfo")["url"]
        self.assertRegex(self.console_url, r"^http://127\.0\.0\.1:\d+/$")
        log(f"console at {self.console_url}")
        self.owner_token = self.assert_ok(self.user.cli("issue-token", "--name", "owner"))["token"]
        self.agent_token = self.assert_ok(self.user.cli("issue-token", "--name", "shopper", "--scope", "agent"))["token"]

    def client(self):
        return ConsoleClient(self.console_url)

    def restart_console(self, **settings):
        info = self.ok(self.user, "console_module", "chainAction", "startConsole", "json:" + json.dumps(settings))
        self.console_url = info["url"]
        return info

    def as_agent(self, *args):
        return self.user.cli(*args, env_extra={"LOGOSCORE_TOKEN": self.agent_token}, timeout=90)

    def agent_http_get(self, url):
        r = self.as_agent("call", "x402_module", "chainAction", "httpGet",
                          "json:" + json.dumps({"url": url, "options": {"reason": x402_agent_pay.REASON}}))
        return self.assert_ok(r)["result"]

    def owner_balance(self, c):
        w = c.get("/api/wallet")
        self.assertEqual(w.status, 200, w)
        [owner] = [a for a in w.json["accounts"] if a["is_owner"]]
        self.assertEqual(owner["account_id"], G["agent_owner"]["account_id"])
        return int(owner["balance"]), w.json


class ConsoleSessions(ConsoleCase):
    def test_sign_in_cookie_csrf_origin_expiry_and_hostile_requests(self):
        c = self.client()
        log("no session: 401 NOT_SIGNED_IN; a bad token or password: 401 SIGN_IN_FAILED")
        a = c.get("/api/session")
        self.assertEqual((a.status, a.json["error"]["code"]), (401, "NOT_SIGNED_IN"), a)
        a = c.sign_in(token="not-a-token")
        self.assertEqual((a.status, a.json["error"]["code"]), (401, "SIGN_IN_FAILED"), a)
        a = c.sign_in(password="wrong password")
        self.assertEqual((a.status, a.json["error"]["code"]), (401, "SIGN_IN_FAILED"), a)
        self.assertIn("wrong wallet password", a.json["error"]["message"])

        log("the owner's token: an HttpOnly, SameSite=Strict session cookie, a CSRF token, 12 h at most")
        a = c.sign_in(token=self.owner_token)
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json["principal"], {"name": "owner", "role": "owner", "scope": None})
        cookie = a.header("set-cookie")
        self.assertRegex(cookie, r"^lezpay_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$")
        self.assertNotIn("Secure", cookie)
        self.assertEqual(len(a.json["csrf"]), 43)
        self.assertAlmostEqual(a.json["expires_at_unix"] - time.time(), 43200, delta=30)
        self.assertRegex(a.json["expires_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        for h, v in (("content-security-policy", "default-src 'self'"), ("x-content-type-options", "nosniff"),
                     ("cache-control", "no-store"), ("x-frame-options", "DENY")):
            self.assertIn(v, a.header(h) or "", h)
        self.assertEqual(c.get("/api/session").json["principal"]["role"], "owner")
        self.assertEqual(self.client().sign_in(password=x402_agent_pay.PASSWORD).json["principal"],
                         {"name": "owner (password)", "role": "owner", "scope": None})
        self.assertEqual(self.client().sign_in(token=self.user.token()).json["principal"]["name"], "auto")

        log("state-changing requests need the session's CSRF token and the console's own Origin")
        a = c.post("/api/spend-requests/lsrq_000000000000000000000000/decline", {"reason": "x"}, csrf=False)
        self.assertEqual((a.status, a.json["error"]["code"]), (403, "CSRF_REJECTED"), a)
        a = c.post("/api/spend-requests/lsrq_000000000000000000000000/decline", {"reason": "x"}, csrf="forged")
        self.assertEqual((a.status, a.json["error"]["code"]), (403, "CSRF_REJECTED"), a)
        a = c.post("/api/spend-requests/lsrq_000000000000000000000000/decline", {"reason": "x"}, origin="http://evil.example")
        self.assertEqual((a.status, a.json["error"]["code"]), (403, "ORIGIN_REJECTED"), a)
        a = c.post("/api/spend-requests/lsrq_000000000000000000000000/decline", {"reason": "x"}, origin=False)
        self.assertEqual((a.status, a.json["error"]["code"]), (403, "ORIGIN_REJECTED"), a)
        a = self.client().post("/api/session", {"token": self.owner_token}, origin="http://evil.example")
        self.assertEqual((a.status, a.json["error"]["code"]), (403, "ORIGIN_REJECTED"), a)
        a = c.post("/api/spend-requests/lsrq_000000000000000000000000/decline", {"reason": "x"})
        self.assertEqual((a.status, a.json["error"]["code"]), (404, "SPEND_REQUEST_NOT_FOUND"), a)

        log("hostile requests: unknown route 404, wrong method 405, bad JSON 400, big body 413, traversal 404")
        self.assertEqual(c.get("/api/nothing-here").json["error"]["code"], "NOT_FOUND")
        a = c.request("PUT", "/api/spend-requests", body={})
        self.assertEqual((a.status, a.json["error"]["code"], a.header("allow")), (405, "METHOD_NOT_ALLOWED", "GET"), a)
        a = c.post("/api/spend-requests/x/approve", raw=b'{"credential_valid_seconds":')
        self.assertEqual((a.status, a.json["error"]["code"]), (400, "JSON_MALFORMED"), a)
        a = c.post("/api/spend-requests/x/approve", raw=b"[" * 100 + b"]" * 100)
        self.assertEqual((a.status, a.json["error"]["code"]), (400, "JSON_TOO_DEEP"), a)
        a = c.post("/api/spend-requests/x/decline", raw=json.dumps({"reason": "y" * 70000}).encode())
        self.assertEqual((a.status, a.json["error"]["code"]), (413, "BODY_TOO_LARGE"), a)
        a = c.get("/api/spend-requests?status=%zz")
        self.assertEqual((a.status, a.json["error"]["code"]), (400, "INVALID_REQUEST"), a)
        a = c.get("/api/spend-requests?colour=red")
        self.assertEqual((a.status, a.json["error"]["code"]), (400, "INVALID_REQUEST"), a)

        log("pages: files of the static directory with their types and CSP, nothing outside it")
        pages = os.path.join(self.tmp, "pages")
        os.makedirs(os.path.join(pages, "js"))
        with open(os.path.join(pages, "index.html"), "w") as f:
            f.write("<!doctype html><title>console</title><script type=module src=/js/app.js></script>")
        with open(os.path.join(pages, "js", "app.js"), "w") as f:
            f.write("export const x = 1;\n")
        with open(os.path.join(self.tmp, "secret.txt"), "w") as f:
            f.write("outside")
        os.symlink(os.path.join(self.tmp, "secret.txt"), os.path.join(pages, "link.txt"))
        self.restart_console(static_dir=pages)
        c = self.client()
        a = c.get("/")
        self.assertEqual((a.status, a.header("content-type")), (200, "text/html; charset=utf-8"), a)
        self.assertIn("default-src 'self'", a.header("content-security-policy"))
        self.assertEqual(c.get("/js/app.js").header("content-type"), "text/javascript; charset=utf-8")
        self.assertEqual(c.get("/requests").body, c.get("/").body, "a page route without extension serves index.html")
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/js/..%2f..%2fsecret.txt", "/link.txt", "/js%5c..%5c..%5csecret.txt",
                     "/missing.css", "/%00"):
            a = c.get(path)
            self.assertEqual(a.status, 404, f"{path}: {a}")
            self.assertNotIn(b"outside", a.body)
        self.assertEqual(c.post("/index.html", {}).status, 405)

        log("sessions end: idle expiry, a revoked token, sign-out")
        self.restart_console(idle_timeout_seconds=2)
        c = self.client()
        self.assertEqual(c.sign_in(token=self.owner_token).status, 200)
        self.assertEqual(c.get("/api/session").status, 200)
        time.sleep(3.2)
        a = c.get("/api/session")
        self.assertEqual((a.status, a.json["error"]["code"]), (401, "NOT_SIGNED_IN"), a)
        self.restart_console(idle_timeout_seconds=1800)
        c = self.client()
        self.assertEqual(c.sign_in(token=self.owner_token).status, 200)
        a = c.request("DELETE", "/api/session", csrf=False)
        self.assertEqual(a.status, 403, "sign-out is state-changing: CSRF applies")
        a = c.request("DELETE", "/api/session")
        self.assertEqual((a.status, a.json), (200, {"signed_out": True}), a)
        self.assertIn("Max-Age=0", a.header("set-cookie"))
        c.cookie = None
        self.assertEqual(c.get("/api/session").status, 401)
        d = self.client()
        self.assertEqual(d.sign_in(token=self.owner_token).status, 200)
        self.assert_ok(self.user.cli("revoke-token", "owner"))
        a = d.get("/api/spend-requests")
        self.assertEqual((a.status, a.json["error"]["code"]), (401, "NOT_SIGNED_IN"), a)
        self.assertIn("no longer valid", a.json["error"]["message"])

        log("five failed sign-ins from one address: the sixth answers 429 with Retry-After")
        e = self.client()
        # The two failures at the start of this test may still count: 401 until the limit, then 429.
        statuses = [e.sign_in(token="wrong").status for _ in range(5)]
        self.assertEqual(statuses[0], 401)
        self.assertTrue(set(statuses) <= {401, 429}, statuses)
        a = e.sign_in(token=self.agent_token)
        self.assertEqual((a.status, a.json["error"]["code"]), (429, "RATE_LIMITED"), a)
        self.assertGreaterEqual(int(a.header("retry-after")), 1)


class ConsoleJourney(ConsoleCase):
    def test_agent_asks_owner_approves_in_the_console_and_the_log_says_who(self):
        owner = self.client()
        self.assertEqual(owner.sign_in(token=self.owner_token).status, 200)
        agent = self.client()
        a = agent.sign_in(token=self.agent_token)
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json["principal"]["role"], "agent")
        self.assertEqual(a.json["principal"]["name"], "shopper")
        self.assertIn("x402_module:httpGet", a.json["principal"]["scope"])
        live = owner.stream()
        self.addCleanup(live.close)
        hello = live.next()
        self.assertEqual(hello[1], "hello")
        self.assertEqual(live.headers["transfer-encoding"], "chunked")
        last = hello[0]
        before, _ = self.owner_balance(owner)

        log("the agent (its scoped token) GETs a paid resource: a pending request, live on the stream opened before it")
        first = self.agent_http_get(self.url)
        self.assertEqual((first["http_status"], first["payment"]), (402, "approval_pending"), first)
        rid = first["spend_request_id"]
        ev, last = live.wait(lambda e: e[1] == "spend_request_created" and e[2]["id"] == rid)
        live.close()
        self.assertEqual((ev[2]["status"], ev[2]["amount"]), ("pending_approval", str(self.PRICE)))

        listed = owner.get("/api/spend-requests")
        self.assertEqual(listed.status, 200, listed)
        item = listed.json["spend_requests"][0]
        self.assertEqual((item["id"], item["status"]), (rid, "pending_approval"))
        self.assertEqual(item["merchant"]["url"], self.url)
        self.assertEqual(item["amount"], {"raw": str(self.PRICE), "human": str(self.PRICE), "asset": "native", "decimals": 0})
        self.assertEqual(item["reason"], x402_agent_pay.REASON)
        self.assertEqual(item["caps"]["per_request"], {"cap": "50000", "used": str(self.PRICE), "left": str(50000 - self.PRICE)})
        self.assertEqual(item["caps"]["day"]["used"], "0")
        self.assertTrue(0 < item["seconds_left"] <= 600, item)
        self.assertEqual(item["approval_expires_at_unix"] - item["created_at_unix"], 600)
        self.assertEqual(owner.get("/api/spend-requests?status=denied").json["count"], 0)
        self.assertEqual(owner.get("/api/spend-requests?merchant=127.0.0.1").json["count"], 1)
        self.assertEqual(owner.get("/api/spend-requests?from=2099-01-01").json["count"], 0)

        log("the agent reads in the console but may not approve there (403) nor over RPC (FORBIDDEN, exit 4)")
        self.assertEqual(agent.get("/api/spend-requests").json["spend_requests"][0]["id"], rid)
        self.assertEqual(agent.get(f"/api/spend-requests/{rid}").status, 200)
        a = agent.post(f"/api/spend-requests/{rid}/approve")
        self.assertEqual((a.status, a.json["error"]["code"]), (403, "FORBIDDEN"), a)
        self.assertIn("token 'shopper' may not call x402_module.approveSpendRequest", a.json["error"]["message"])
        self.assertEqual(agent.post(f"/api/spend-requests/{rid}/decline", {"reason": "no"}).status, 403)
        self.assertEqual(agent.get("/api/streams").status, 403)
        self.expect_error(self.as_agent("call", "x402_module", "approveSpendRequest", rid), "FORBIDDEN",
                          "token 'shopper' may not call x402_module.approveSpendRequest", exit_code=4)
        self.expect_error(self.as_agent("call", "x402_module", "chainAction", "approveSpendRequest", json.dumps({"id": rid})),
                          "FORBIDDEN", "x402_module.approveSpendRequest", exit_code=4)
        self.assertEqual(owner.get(f"/api/spend-requests/{rid}").json["spend_request"]["status"], "pending_approval")

        log("the owner approves in the console; the agent's retry is served and the wallet drops by the price")
        a = owner.post(f"/api/spend-requests/{rid}/approve")
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json["spend_request"]["status"], "approved")
        self.assertEqual(a.json["spend_request"]["caps"]["day"]["used"], str(self.PRICE))
        owner.wait_event(last, lambda e: e[1] == "spend_request_updated" and e[2]["id"] == rid and e[2]["status"] == "approved")
        paid = self.agent_http_get(self.url)
        self.assertEqual((paid["http_status"], paid["payment"]), (200, "paid"), paid)
        self.assertEqual(json.loads(paid["body"]), {"forecast": "sunny", "celsius": 21})
        after, wallet = self.owner_balance(owner)
        self.assertEqual(after, before - self.PRICE)
        [tx] = [t for t in wallet["transactions"] if t.get("spend_request_id") == rid]
        self.assertEqual((tx["status"], tx["amount"], tx["kind"]), ("included", str(self.PRICE), "x402_payment"), tx)
        owner.wait_event(last, lambda e: e[1] == "payment" and e[2]["id"] == rid and e[2]["status"] == "succeeded")

        log("a second request declined with a reason")
        second = self.agent_http_get(self.radar)
        rid2 = second["spend_request_id"]
        a = owner.post(f"/api/spend-requests/{rid2}/decline", {"reason": "radar is not needed today"})
        self.assertEqual(a.status, 200, a)
        self.assertEqual((a.json["spend_request"]["status"], a.json["spend_request"]["decline_reason"]),
                         ("denied", "radar is not needed today"))
        a = owner.post(f"/api/spend-requests/{rid2}/approve")
        self.assertEqual((a.status, a.json["error"]["code"]), (409, "INVALID_TRANSITION"), a)
        self.assertEqual(self.agent_http_get(self.radar)["http_status"], 402)

        log("the audit trail names who decided and from where")
        detail = owner.get(f"/api/spend-requests/{rid}").json
        [approved] = [e for e in detail["audit"] if e["event"] == "spend_request_approved"]
        self.assertEqual((approved["approved_by"], approved["approved_via"]), ("owner", "console 127.0.0.1"), approved)
        self.assertRegex(approved["at_iso"], r"Z$")
        [denied] = [e for e in owner.get(f"/api/spend-requests/{rid2}").json["audit"] if e["event"] == "spend_request_denied"]
        self.assertEqual((denied["declined_by"], denied["declined_via"]), ("owner", "console 127.0.0.1"), denied)

        log("a decision on the CLI reaches the console's event stream and the log names the CLI")
        hello, _ = owner.events()
        last = hello[0][0]
        third = self.agent_http_get(self.url)
        rid3 = third["spend_request_id"]
        self.assert_ok(self.user.call("x402_module", "approveSpendRequest", rid3, timeout=60))
        owner.wait_event(last, lambda e: e[1] == "spend_request_updated" and e[2]["id"] == rid3 and e[2]["status"] == "approved")
        [cli] = [e for e in owner.get(f"/api/spend-requests/{rid3}").json["audit"] if e["event"] == "spend_request_approved"]
        self.assertEqual((cli["approved_by"], cli["approved_via"]), ("auto (boot token)", "cli local"), cli)

        log("the audit log: search and JSON-lines export")
        found = owner.get(f"/api/audit?q={rid2}").json
        self.assertEqual({e["event"] for e in found["entries"]} >= {"spend_request_created", "spend_request_denied"}, True, found)
        self.assertTrue(all(rid2 in json.dumps(e) for e in found["entries"]))
        export = owner.get("/api/audit/export")
        self.assertEqual(export.header("content-type"), "application/x-ndjson")
        lines = [json.loads(x) for x in export.body.decode().splitlines()]
        self.assertEqual([x["seq"] for x in lines], sorted(x["seq"] for x in lines))
        self.assertEqual(len(lines), len(owner.get("/api/audit").json["entries"]))
        self.assertEqual(agent.get("/api/audit").status, 200, "the agent preset may read the audit log")

        log("the merchant's console lists the x402 settlement with its transaction")
        self.provider.load("console_module")
        merchant = ConsoleClient(self.ok(self.provider, "console_module", "getConsoleInfo")["url"])
        self.assertEqual(merchant.sign_in(token=self.provider.token()).status, 200)
        p = merchant.get("/api/provider")
        self.assertEqual(p.status, 200, p)
        [s] = [s for s in p.json["settlements"] if s["tx_hash"] == tx["tx_hash"]]
        self.assertEqual((s["status"], s["amount"], s["resource"]), ("settled", str(self.PRICE), self.url), s)
        self.assertEqual(s["payer"], G["agent_owner"]["account_id"])
        served = self.ok(self.provider, "x402_module", "chainAction", "listServedPayments", "json:" + json.dumps({"limit": 5}))
        [row] = [r for r in served["payments"] if r.get("tx_hash") == tx["tx_hash"]]
        self.assertEqual(row["resource_url"], self.url, row)
        self.assertTrue(row["settlement"], row)
        self.expect_error(self.provider.call("x402_module", "chainAction", "listServedPayments", "json:" + json.dumps({"limit": -1})),
                          "INVALID_ARGS", "unsigned 64-bit")


if __name__ == "__main__":
    import unittest
    unittest.main()
