"""x402 paying agent over real HTTP with lez-localnet: a user daemon (wallet + x402 agent) pays a
provider daemon (wallet + delivery + x402 facilitator and merchant) only after the owner approved
a spend request. 402 -> approval pending -> approve -> paid 200 with balances moved exactly; a
credential is used once; denied and canceled requests never pay; an expired credential and a late
approval are refused; per-request and daily caps; the audit log records every decision and
survives a daemon restart."""
import base64
import http.client
import json
import os
import time
import urllib.parse

from framework import LOGOSCORE, PRODUCT_MODULES, DaemonTestCase, EventWatcher, genesis_accounts, log

G = genesis_accounts()
NETWORK = "logos:lez-localnet"
PASSWORD = "owner password"
REASON = ("Fetch today's weather forecast for Paris from the weather merchant so that the delivery "
          "plan for tomorrow's customer orders can avoid the storm.")


def http_get(url, headers=None, timeout=30):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request("GET", u.path, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


class X402AgentCase(DaemonTestCase):
    PRICE = 25

    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        self.net = self.start_localnet()
        self.provider = self.start_daemon("provider", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "delivery_module", "x402_module"):
            self.provider.load(m)
        self.ok(self.provider, "wallet_module", "configure", self.net.url)
        fac = self.ok(self.provider, "x402_module", "startFacilitator", "json:" + json.dumps({"port": 0}))
        resources = [{"path": "/weather", "price": str(self.PRICE), "payTo": G["merchant"]["account_id"],
                      "description": "today's weather", "mimeType": "application/json", "maxTimeoutSeconds": 60,
                      "body": {"forecast": "sunny", "celsius": 21}},
                     {"path": "/radar", "price": str(self.PRICE), "payTo": G["merchant"]["account_id"],
                      "maxTimeoutSeconds": 60, "body": {"radar": "clear"}}]
        merchant = self.ok(self.provider, "x402_module", "startMerchant",
                           "json:" + json.dumps({"port": 0, "facilitator_url": fac["url"], "resources": resources}))
        self.url = merchant["url"] + "/weather"
        self.radar = merchant["url"] + "/radar"
        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        self.start_user(first=True)

    def start_user(self, first=False):
        for m in ("wallet_module", "delivery_module", "x402_module"):
            self.user.load(m)
        if first:
            self.ok(self.user, "wallet_module", "configure", self.net.url)
            self.ok(self.user, "wallet_module", "create_new", "str:" + PASSWORD)
            self.ok(self.user, "wallet_module", "import_account_private_key", "str:" + G["agent_owner"]["secret_key_hex"])
            self.agent("configureAgent", {"owner_account": G["agent_owner"]["account_id"]})
        else:
            self.ok(self.user, "wallet_module", "open", "str:" + PASSWORD)

    def ok(self, node, module, op, *args, timeout=60):
        return self.assert_ok(node.call(module, op, *args, timeout=timeout))["result"]

    def agent(self, op, params=None):
        return self.ok(self.user, "x402_module", "chainAction", op, "json:" + json.dumps(params or {}))

    def agent_error(self, code, op, params=None):
        r = self.user.call("x402_module", "chainAction", op, "json:" + json.dumps(params or {}), timeout=60)
        self.assert_error("METHOD_FAILED", r)
        self.assertEqual(r.json["error"]["code"], code, r)
        return r.json["error"]

    def http_get(self, url=None, **options):
        options.setdefault("reason", REASON)
        return self.agent("httpGet", {"url": url or self.url, "options": options})

    def balances(self):
        return {n: int(self.net.rpc("getAccountBalance", [G[n]["account_id"]])) for n in ("agent_owner", "merchant")}

    def pending_request(self, url=None):
        answer = self.http_get(url)
        self.assertEqual(answer["http_status"], 402, answer)
        self.assertEqual(answer["payment"], "approval_pending", answer)
        return answer["spend_request_id"]

    def audit_events(self):
        return [(e["event"], e.get("spend_request_id")) for e in self.agent("getAuditLog", {})["entries"]]


class X402AgentPays(X402AgentCase):
    def test_402_then_approval_then_paid_200_moves_exact_balances_once(self):
        before = self.balances()
        log("first GET: 402, the agent opens a spend request and waits for the owner")
        first = self.http_get()
        self.assertEqual((first["http_status"], first["payment"]), (402, "approval_pending"))
        rid = first["spend_request_id"]
        self.assertTrue(rid.startswith("lsrq_"))
        sr = first["spend_request"]
        self.assertEqual((sr["status"], sr["amount"], sr["pay_to"], sr["network"], sr["asset"]),
                         ("pending_approval", str(self.PRICE), G["merchant"]["account_id"], NETWORK, "native"))
        self.assertEqual(sr["resource_url"], self.url)
        self.assertEqual(sr["reason"], REASON)
        self.assertEqual(sr["valid_until"] - sr["created_at"], 43200)
        self.assertEqual(sr["approval_expires_at"] - sr["approval_requested_at"], 600)
        self.assertFalse(sr["terminal_for_polling"])

        log("asking again before approval reuses the pending request and pays nothing")
        again = self.http_get()
        self.assertEqual((again["payment"], again["spend_request_id"]), ("approval_pending", rid))
        self.assertEqual(len(self.agent("listSpendRequests", {"status": "pending_approval"})["spend_requests"]), 1)
        self.assertEqual(self.balances(), before)

        log("the owner approves: the wallet signs the one-time transfer, nothing is broadcast")
        approved = self.agent("approveSpendRequest", {"id": rid})["spend_request"]
        self.assertEqual(approved["status"], "approved")
        self.assertTrue(approved["terminal_for_polling"])
        cred = approved["credential"]
        self.assertNotIn("payload_json", cred)
        self.assertEqual(cred["payer"], G["agent_owner"]["account_id"])
        log("the credential's window is the merchant's maxTimeoutSeconds (60 s), not the request's 12 h lifetime")
        self.assertEqual(cred["valid_before"], cred["issued_at"] + 60)
        self.assertEqual(self.net.rpc("getTransactionStatus", [cred["tx_hash"]])["status"], "unknown")
        self.assertEqual(self.balances(), before)

        log("GET again: the agent pays with the credential, the merchant settles and serves")
        paid = self.http_get()
        self.assertEqual(paid["http_status"], 200, paid)
        self.assertEqual(paid["payment"], "paid")
        self.assertEqual(json.loads(paid["body"]), {"forecast": "sunny", "celsius": 21})
        self.assertEqual(paid["body_encoding"], "utf8")
        self.assertEqual(paid["spend_request_id"], rid)
        st = paid["settlement"]
        self.assertEqual((st["success"], st["transaction"], st["network"]), (True, cred["tx_hash"], NETWORK))
        self.assertEqual(self.net.rpc("getTransactionStatus", [cred["tx_hash"]])["status"], "included")
        after = self.balances()
        self.assertEqual(after["agent_owner"], before["agent_owner"] - self.PRICE)
        self.assertEqual(after["merchant"], before["merchant"] + self.PRICE)
        self.assertEqual(self.agent("getSpendRequest", {"id": rid})["spend_request"]["status"], "succeeded")

        sent = json.loads(base64.b64decode(paid["payment_signature"], validate=True))
        self.assertEqual(sent["accepted"], first["payment_required"]["accepts"][0])
        self.assertEqual(sent["resource"], first["payment_required"]["resource"])
        advertised = "payment-identifier" in (first["payment_required"].get("extensions") or {})
        log(f"replaying the PAYMENT-SIGNATURE the agent sent never pays twice (payment-identifier: {advertised})")
        status, headers, _ = http_get(self.url, {"PAYMENT-SIGNATURE": paid["payment_signature"]})
        if advertised:
            # x402.md §5: same id and payload -> the cached response, no second settlement.
            self.assertEqual(sent["extensions"]["payment-identifier"]["info"]["id"], "pay_" + rid)
            self.assertEqual(status, 200)
            receipt = json.loads(base64.b64decode(headers["payment-response"], validate=True))
            self.assertEqual(receipt["transaction"], cred["tx_hash"])
        else:
            self.assertEqual(status, 402)
            self.assertEqual(headers["x-payment-error"], "nonce_replayed")
        self.assertEqual(self.balances(), after)

        log("a second GET needs a new approval: the used credential is never reused")
        third = self.http_get()
        self.assertEqual(third["payment"], "approval_pending")
        self.assertNotEqual(third["spend_request_id"], rid)
        self.assertEqual(self.balances(), after)
        events = self.audit_events()
        for e in ("spend_request_created", "spend_request_approved", "payment_sent", "payment_succeeded"):
            self.assertIn((e, rid), events)

    def test_credential_is_scoped_to_its_resource(self):
        rid = self.pending_request()
        self.agent("approveSpendRequest", {"id": rid})
        before = self.balances()
        log("same merchant, same price, other resource: the weather credential does not pay the radar")
        radar = self.http_get(self.radar)
        self.assertEqual(radar["payment"], "approval_pending")
        self.assertNotEqual(radar["spend_request_id"], rid)
        err = self.agent_error("SCOPE_MISMATCH", "httpGet", {"url": self.radar, "options": {"spend_request_id": rid}})
        self.assertIn("resource", err["message"])
        self.assertEqual(self.balances(), before)
        self.assertEqual(self.agent("getSpendRequest", {"id": rid})["spend_request"]["status"], "approved")

    def test_two_approved_credentials_both_pay(self):
        log("two approvals signed with the same nonce: the second is re-signed once the first used it")
        w = self.pending_request()
        r = self.pending_request(self.radar)
        nonce_w = self.agent("approveSpendRequest", {"id": w})["spend_request"]["credential"]["nonce"]
        nonce_r = self.agent("approveSpendRequest", {"id": r})["spend_request"]["credential"]["nonce"]
        self.assertEqual(nonce_w, nonce_r)
        before = self.balances()
        self.assertEqual(self.http_get()["payment"], "paid")
        second = self.http_get(self.radar)
        self.assertEqual(second["payment"], "paid", second)
        self.assertEqual(self.balances()["agent_owner"], before["agent_owner"] - 2 * self.PRICE)
        self.assertIn(("credential_refreshed", r), self.audit_events())


class X402AgentRefuses(X402AgentCase):
    def test_denied_and_canceled_requests_never_pay(self):
        before = self.balances()
        rid = self.pending_request()
        log("the owner declines")
        denied = self.agent("declineSpendRequest", {"id": rid, "reason": "not today"})["spend_request"]
        self.assertEqual((denied["status"], denied["decline_reason"]), ("denied", "not today"))
        self.agent_error("INVALID_TRANSITION", "approveSpendRequest", {"id": rid})
        self.agent_error("INVALID_TRANSITION", "httpGet", {"url": self.url, "options": {"spend_request_id": rid}})
        log("approved, then canceled: the credential is void")
        rid2 = self.pending_request()
        self.assertNotEqual(rid2, rid)
        self.agent("approveSpendRequest", {"id": rid2})
        canceled = self.agent("cancelSpendRequest", {"id": rid2})["spend_request"]
        self.assertEqual(canceled["status"], "canceled")
        self.assertIsNone(canceled["credential"])
        self.agent_error("INVALID_TRANSITION", "httpGet", {"url": self.url, "options": {"spend_request_id": rid2}})
        self.agent_error("INVALID_TRANSITION", "cancelSpendRequest", {"id": rid2})
        again = self.http_get()
        self.assertEqual(again["payment"], "approval_pending")
        self.assertNotIn(again["spend_request_id"], (rid, rid2))
        self.assertEqual(self.balances(), before)
        events = self.audit_events()
        self.assertIn(("spend_request_denied", rid), events)
        self.assertIn(("spend_request_canceled", rid2), events)

    def test_expired_credential_is_refused(self):
        self.agent("configureAgent", {"credential_lifetime_seconds": 3})
        before = self.balances()
        rid = self.pending_request()
        approved = self.agent("approveSpendRequest", {"id": rid})["spend_request"]
        self.assertEqual(approved["valid_until"] - approved["created_at"], 3)
        log("the credential's lifetime runs out before it is used")
        time.sleep(3.2)
        err = self.agent_error("CREDENTIAL_EXPIRED", "httpGet", {"url": self.url, "options": {"spend_request_id": rid}})
        self.assertIn("expired", err["message"])
        self.assertEqual(self.agent("getSpendRequest", {"id": rid})["spend_request"]["status"], "expired")
        log("without naming it, httpGet opens a new request instead of paying")
        self.assertEqual(self.http_get()["payment"], "approval_pending")
        self.assertEqual(self.balances(), before)
        self.assertIn(("spend_request_expired", rid), self.audit_events())

    def test_credential_too_close_to_expiry_is_not_sent(self):
        # The facilitator needs validBefore at least 6 s ahead; the agent refuses before sending.
        self.agent("configureAgent", {"credential_lifetime_seconds": 5})
        rid = self.pending_request()
        self.agent("approveSpendRequest", {"id": rid})
        self.agent_error("CREDENTIAL_EXPIRED", "httpGet", {"url": self.url, "options": {"spend_request_id": rid}})
        self.assertNotIn(("payment_sent", rid), self.audit_events())

    def test_approval_after_the_window_is_refused(self):
        self.agent("configureAgent", {"approval_window_seconds": 1})
        rid = self.pending_request()
        time.sleep(1.2)
        err = self.agent_error("APPROVAL_WINDOW_ELAPSED", "approveSpendRequest", {"id": rid})
        self.assertIn("window", err["message"])
        sr = self.agent("getSpendRequest", {"id": rid})["spend_request"]
        self.assertEqual(sr["status"], "expired")
        self.assertIsNone(sr["credential"])
        self.agent_error("APPROVAL_WINDOW_ELAPSED", "approveSpendRequest", {"id": rid})
        self.assertIn(("approval_refused", rid), self.audit_events())

    def test_per_request_and_daily_caps(self):
        before = self.balances()
        self.agent("configureAgent", {"per_request_cap": str(self.PRICE - 1)})
        log("price above the per-request cap: no spend request at all")
        self.agent_error("PER_REQUEST_CAP_EXCEEDED", "httpGet", {"url": self.url, "options": {"reason": REASON}})
        self.assertEqual(self.agent("listSpendRequests", {})["count"], 0)
        log("daily cap of 40: one payment of 25 fits, a second does not")
        self.agent("configureAgent", {"per_request_cap": "1000", "daily_cap": "40"})
        w = self.pending_request()
        r = self.pending_request(self.radar)  # pending requests do not count yet
        self.agent("approveSpendRequest", {"id": w})
        self.agent_error("DAILY_CAP_EXCEEDED", "approveSpendRequest", {"id": r})
        self.assertEqual(self.http_get()["payment"], "paid")
        self.agent_error("DAILY_CAP_EXCEEDED", "httpGet", {"url": self.url, "options": {"reason": REASON}})
        self.agent_error("DAILY_CAP_EXCEEDED", "createSpendRequest", {
            "merchant_name": "Weather Co", "merchant_url": self.url, "pay_to": G["merchant"]["account_id"],
            "amount": "16", "reason": REASON})
        self.agent("createSpendRequest", {"merchant_name": "Weather Co", "merchant_url": self.url,
                                          "pay_to": G["merchant"]["account_id"], "amount": "15", "reason": REASON})
        self.assertEqual(self.balances()["agent_owner"], before["agent_owner"] - self.PRICE)
        events = [e for e, _ in self.audit_events()]
        self.assertIn("spend_request_refused", events)
        self.assertIn("approval_refused", events)

    def test_an_approval_that_lapsed_unused_frees_the_daily_cap(self):
        self.agent("configureAgent", {"daily_cap": "40", "credential_lifetime_seconds": 3})
        first = self.pending_request()
        self.agent("approveSpendRequest", {"id": first})
        self.agent_error("DAILY_CAP_EXCEEDED", "httpGet", {"url": self.radar, "options": {"reason": REASON}})
        time.sleep(3.2)
        log("the unused approval expired: it no longer counts")
        second = self.pending_request(self.radar)
        self.assertEqual(self.agent("approveSpendRequest", {"id": second})["spend_request"]["status"], "approved")
        self.assertEqual(self.agent("getSpendRequest", {"id": first})["spend_request"]["status"], "expired")

    def test_reason_and_arguments_are_checked(self):
        self.agent_error("REASON_TOO_SHORT", "httpGet", {"url": self.url, "options": {"reason": "weather please"}})
        self.agent_error("REASON_TOO_SHORT", "createSpendRequest", {
            "merchant_name": "Weather Co", "merchant_url": self.url, "pay_to": G["merchant"]["account_id"],
            "amount": "5", "reason": "x" * 99 + "\u0001\u0002"})
        self.agent_error("INVALID_REQUEST", "createSpendRequest", {
            "merchant_name": "Weather Co", "merchant_url": "ftp://x", "pay_to": G["merchant"]["account_id"],
            "amount": "5", "reason": REASON})
        self.agent_error("UNSUPPORTED_NETWORK", "createSpendRequest", {
            "merchant_name": "Weather Co", "merchant_url": self.url, "pay_to": G["merchant"]["account_id"],
            "amount": "5", "network": "eip155:8453", "reason": REASON})
        self.agent_error("SPEND_REQUEST_NOT_FOUND", "approveSpendRequest", {"id": "lsrq_nope"})
        self.agent_error("INVALID_ARGUMENT", "httpGet", {"url": self.url, "options": {"headers": {"PAYMENT-SIGNATURE": "x"}}})
        self.agent_error("INVALID_ARGUMENT", "httpGet", {"url": self.url, "options": {"bogus": 1}})
        self.agent_error("INVALID_ARGUMENT", "listSpendRequests", {"status": "paid"})
        r = self.user.call("x402_module", "chainAction", "createSpendRequest", "json:" + json.dumps({"merchant_name": "x"}))
        self.assert_error("INVALID_ARGS", r)
        self.agent("configureAgent", {"min_reason_chars": 5})
        self.assertEqual(self.http_get(reason="weather")["payment"], "approval_pending")

    def test_owner_key_missing_from_the_wallet_is_reported(self):
        self.agent("configureAgent", {"owner_account": G["merchant"]["account_id"]})  # not imported here
        rid = self.pending_request()
        err = self.agent_error("WALLET_ERROR", "approveSpendRequest", {"id": rid})
        self.assertIn("UNKNOWN_ACCOUNT", err["message"])
        self.assertEqual(self.agent("getSpendRequest", {"id": rid})["spend_request"]["status"], "pending_approval")
        self.assertIn(("approval_refused", rid), self.audit_events())
        log("with the right owner the same request is approved")
        self.agent("configureAgent", {"owner_account": G["agent_owner"]["account_id"]})
        self.assertEqual(self.agent("approveSpendRequest", {"id": rid})["spend_request"]["status"], "approved")

    def test_free_resource_passes_through(self):
        status = self.agent("httpGet", {"url": self.url.replace("/weather", "/nothing-here")})
        self.assertEqual(status["payment"], "none")
        self.assertEqual(status["http_status"], 404)


class X402AgentPersists(X402AgentCase):
    def test_audit_log_and_requests_survive_a_restart(self):
        watcher = EventWatcher(self.user, "x402_module")
        self.addCleanup(watcher.stop)
        paid = self.pending_request()
        self.agent("approveSpendRequest", {"id": paid})
        self.assertEqual(self.http_get()["payment"], "paid")
        denied = self.pending_request()
        self.agent("declineSpendRequest", {"id": denied})
        pending = self.pending_request()
        log("every request and decision is in the audit log, and was announced as an event")
        events = self.audit_events()
        for expected in [("spend_request_created", paid), ("spend_request_approved", paid), ("payment_sent", paid),
                         ("payment_succeeded", paid), ("spend_request_created", denied), ("spend_request_denied", denied),
                         ("spend_request_created", pending)]:
            self.assertIn(expected, events)
        created = watcher.wait_for("spendRequestCreated", 3)
        self.assertEqual([e["data"]["arg0"] for e in created], [paid, denied, pending])
        updated = [(e["data"]["arg0"], e["data"]["arg1"]) for e in watcher.wait_for("spendRequestUpdated", 3)]
        self.assertEqual(updated, [(paid, "approved"), (paid, "succeeded"), (denied, "denied")])
        log_before = self.agent("getAuditLog", {})
        seqs = [e["seq"] for e in log_before["entries"]]
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))
        self.assertEqual(log_before["unreadable_lines"], 0)
        for e in log_before["entries"]:
            self.assertNotIn("payload_json", json.dumps(e))
            self.assertNotIn("secret", json.dumps(e))

        log("restart the user daemon")
        self.user.stop()
        self.user.start()
        self.start_user()
        log_after = self.agent("getAuditLog", {})
        self.assertEqual(log_after["entries"], log_before["entries"])
        self.assertEqual(self.agent("getSpendRequest", {"id": paid})["spend_request"]["status"], "succeeded")
        self.assertEqual(self.agent("getSpendRequest", {"id": denied})["spend_request"]["status"], "denied")
        self.assertEqual(self.agent("getSpendRequest", {"id": pending})["spend_request"]["status"], "pending_approval")
        self.assertEqual(self.agent("getAgentConfig")["owner_account"], G["agent_owner"]["account_id"])
        log("the pending request is approved after the restart and pays")
        self.agent("approveSpendRequest", {"id": pending})
        self.assertEqual(self.http_get()["payment"], "paid")
        tail = self.agent("getAuditLog", {"after_seq": seqs[-1]})["entries"]
        self.assertEqual(tail[0]["seq"], seqs[-1] + 1)
        self.assertIn("spend_request_approved", [e["event"] for e in tail])
        path = os.path.join(self.user.persistence, "x402_module", "default")
        self.assertEqual(os.stat(os.path.join(path, "audit_log.jsonl")).st_mode & 0o777, 0o600)
        self.assertEqual(os.stat(os.path.join(path, "agent_state.json")).st_mode & 0o777, 0o600)


class PythonMerchant:
    """A second, independent x402 merchant (standard library only) in front of the provider's real
    facilitator: it advertises the payment-identifier extension (x402.md §5), requires its id,
    settles through POST /settle over HTTP and serves a binary body. It checks our client against
    a server that is not our own merchant code."""

    def __init__(self, facilitator_url, pay_to, price, token):
        import http.server
        import threading
        outer = self
        self.facilitator_url = facilitator_url
        self.seen = []
        self.body = bytes(range(256))

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = f"http://127.0.0.1:{outer.port}{self.path}"
                resource = {"url": url, "description": "raw bytes"}
                accepts = [{"scheme": "exact", "network": NETWORK, "amount": str(price), "asset": "native",
                            "payTo": pay_to, "maxTimeoutSeconds": 60, "extra": {}}]
                ext = {"payment-identifier": {"info": {"required": True}, "schema": {"type": "object"}}}
                sig = self.headers.get("PAYMENT-SIGNATURE")
                if sig is None:
                    return self.answer(402, {"PAYMENT-REQUIRED": b64({"x402Version": 2, "error": "payment_required",
                                                                       "resource": resource, "accepts": accepts,
                                                                       "extensions": ext})}, b"{}")
                payload = json.loads(base64.b64decode(sig, validate=True))
                outer.seen.append(payload)
                pid = payload.get("extensions", {}).get("payment-identifier", {}).get("info", {}).get("id", "")
                if not (16 <= len(pid) <= 128) or payload["accepted"] != accepts[0]:
                    return self.answer(400, {}, b"bad payment")
                status, _, answer = http_request(outer.facilitator_url + "/settle", "POST",
                                                 json.dumps({"x402Version": 2, "paymentPayload": payload,
                                                             "paymentRequirements": accepts[0]}), token)
                settlement = json.loads(answer)
                if not settlement.get("success"):
                    return self.answer(402, {"PAYMENT-RESPONSE": b64(settlement),
                                             "x-payment-error": settlement.get("errorReason", "")}, b"{}")
                return self.answer(200, {"PAYMENT-RESPONSE": b64(settlement), "content-type": "application/octet-stream"},
                                   outer.body)

            def answer(self, status, headers, body):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def b64(obj):
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


def http_request(url, method, body, token):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    try:
        conn.request(method, u.path, body=body, headers={"content-type": "application/json", "authorization": "Bearer " + token})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


class X402AgentInterop(X402AgentCase):
    def test_independent_merchant_with_payment_identifier_and_binary_body(self):
        fac = self.ok(self.provider, "x402_module", "getFacilitatorInfo")
        with open(fac["token_path"]) as f:
            token = f.read().strip()
        merchant = PythonMerchant(fac["url"], G["merchant"]["account_id"], self.PRICE, token)
        self.addCleanup(merchant.stop)
        url = f"http://127.0.0.1:{merchant.port}/blob"
        before = self.balances()
        rid = self.pending_request(url)
        self.agent("approveSpendRequest", {"id": rid})
        paid = self.http_get(url)
        self.assertEqual((paid["http_status"], paid["payment"]), (200, "paid"), paid)
        self.assertEqual(paid["body_encoding"], "base64")
        self.assertEqual(base64.b64decode(paid["body"]), merchant.body)
        sent = merchant.seen[-1]
        log("the client echoed the extension and added a payment id derived from the spend request")
        self.assertEqual(sent["extensions"]["payment-identifier"]["info"], {"required": True, "id": "pay_" + rid})
        self.assertEqual(sent["extensions"]["payment-identifier"]["schema"], {"type": "object"})
        self.assertEqual(sent["resource"], {"url": url, "description": "raw bytes"})
        self.assertEqual(self.balances()["agent_owner"], before["agent_owner"] - self.PRICE)
        self.assertEqual(self.balances()["merchant"], before["merchant"] + self.PRICE)


class X402AgentCorruptState(X402AgentCase):
    def test_corrupt_state_file_stops_the_module_instead_of_forgetting(self):
        rid = self.pending_request()
        self.agent("approveSpendRequest", {"id": rid})
        self.user.stop()
        path = os.path.join(self.user.persistence, "x402_module", "default", "agent_state.json")
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) // 2)  # a torn file (no atomic replace would leave this)
        self.user.start()
        r = self.user.cli("load-module", "x402_module")
        self.assert_error("MODULE_LOAD_FAILED", r)
        self.assertIn("agent_state.json", r.json["message"])
