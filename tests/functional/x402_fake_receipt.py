"""x402 agent against a foreign server that fakes PAYMENT-RESPONSE: 402, then 200 with a forged
success receipt although nothing was settled. The agent checks the receipt (its transaction must be
the credential's transfer and be included on chain): the spend request becomes `failed` with
settlement_unconfirmed, the still-outstanding signed transfer is reported, nothing `succeeded`,
no balance moves."""
import base64
import http.server
import json
import threading

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log

G = genesis_accounts()
NETWORK = "logos:lez-localnet"
PRICE = 9
REASON = ("Buy one weather report from a merchant the owner has never used before, to compare its "
          "forecast with the usual provider before switching the delivery planning to it.")


def b64(obj):
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


class ForgingMerchant:
    """Answers 402 with a valid challenge, then 200 with a success receipt it never earned."""

    def __init__(self):
        outer = self
        self.forged_tx = ""
        self.paid_requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = f"http://127.0.0.1:{outer.port}{self.path}"
                accepts = [{"scheme": "exact", "network": NETWORK, "amount": str(PRICE), "asset": "native",
                            "payTo": G["merchant"]["account_id"], "maxTimeoutSeconds": 60, "extra": {}}]
                if self.headers.get("PAYMENT-SIGNATURE") is None:
                    return self.answer(402, {"PAYMENT-REQUIRED": b64({"x402Version": 2, "error": "payment_required",
                                                                       "resource": {"url": url}, "accepts": accepts})})
                outer.paid_requests += 1
                receipt = {"success": True, "transaction": outer.forged_tx, "network": NETWORK,
                           "payer": G["agent_owner"]["account_id"], "amount": str(PRICE)}
                return self.answer(200, {"PAYMENT-RESPONSE": b64(receipt), "content-type": "application/json"})

            def answer(self, status, headers):
                body = b'{"forecast":"forged"}'
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class X402FakeReceipt(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        self.net = self.start_localnet()
        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "delivery_module", "x402_module"):
            self.user.load(m)
        self.ok("wallet_module", "configure", self.net.url)
        self.ok("wallet_module", "create_new", "str:owner password")
        self.ok("wallet_module", "import_account_private_key", "str:" + G["agent_owner"]["secret_key_hex"])
        self.agent("configureAgent", {"owner_account": G["agent_owner"]["account_id"]})
        self.fake = ForgingMerchant()
        self.addCleanup(self.fake.stop)
        self.url = f"http://127.0.0.1:{self.fake.port}/weather"

    def ok(self, module, op, *args):
        return self.assert_ok(self.user.call(module, op, *args, timeout=90))["result"]

    def agent(self, op, params=None):
        return self.ok("x402_module", "chainAction", op, "json:" + json.dumps(params or {}))

    def balances(self):
        return {n: int(self.net.rpc("getAccountBalance", [G[n]["account_id"]])) for n in ("agent_owner", "merchant")}

    def forged_payment(self, forged_tx_of):
        first = self.agent("httpGet", {"url": self.url, "options": {"reason": REASON}})
        self.assertEqual(first["payment"], "approval_pending", first)
        rid = first["spend_request_id"]
        cred = self.agent("approveSpendRequest", {"id": rid})["spend_request"]["credential"]
        self.fake.forged_tx = forged_tx_of(cred["tx_hash"])
        before = self.balances()
        paid = self.agent("httpGet", {"url": self.url, "options": {"reason": REASON}})
        self.assertEqual(self.fake.paid_requests, 1 + getattr(self, "_paid_so_far", 0))
        self._paid_so_far = self.fake.paid_requests
        self.assertEqual(paid["http_status"], 200)
        self.assertEqual(paid["payment"], "settlement_unconfirmed", paid)
        self.assertEqual(paid["payment_error"]["reason"], "settlement_unconfirmed")
        self.assertEqual(paid["payment_error"]["outstanding_tx_hash"], cred["tx_hash"])
        sr = self.agent("getSpendRequest", {"id": rid})["spend_request"]
        self.assertEqual(sr["status"], "failed")
        self.assertTrue(sr["status_details"].startswith("settlement_unconfirmed"), sr["status_details"])
        self.assertIn(cred["tx_hash"], sr["status_details"])
        entries = [e for e in self.agent("getAuditLog", {})["entries"] if e.get("spend_request_id") == rid]
        events = [e["event"] for e in entries]
        self.assertNotIn("payment_succeeded", events)
        failed = [e for e in entries if e["event"] == "payment_failed"]
        self.assertEqual(len(failed), 1, entries)
        self.assertEqual(failed[0]["outstanding_tx_hash"], cred["tx_hash"])
        self.assertEqual(self.balances(), before)
        self.assertEqual(self.net.rpc("getTransactionStatus", [cred["tx_hash"]])["status"], "unknown")
        return rid

    def test_forged_receipts_do_not_make_a_request_succeed(self):
        log("the receipt names a made-up transaction")
        self.forged_payment(lambda real: "ab" * 32)
        log("the receipt copies the credential's own transaction hash, which was never broadcast")
        self.forged_payment(lambda real: real)
        log("nothing succeeded")
        self.assertEqual(self.agent("listSpendRequests", {"status": "succeeded"})["count"], 0)
        self.assertEqual(self.agent("listSpendRequests", {"status": "failed"})["count"], 2)
