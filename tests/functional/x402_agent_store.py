"""The user side of the Store proof_of_payment arm over real daemons and lez-localnet: the user's
delivery_module asks x402_module (registered as the proof_of_payment provider) for a proof, which
pays the provider's Store price from the owner's account; the provider's x402_module verifies and
settles it and the Store answers. Balances move exactly; the payment counts against the daily cap
and is in the audit log; bad inputs are refused with stable codes."""
import hashlib
import json
import os
import time

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log

G = genesis_accounts()
NETWORK = "logos:lez-localnet"
PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/x402-agent/proto"
PRICE = 7


class X402AgentStore(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        self.net = self.start_localnet()
        self.provider = self.start_daemon("provider", module_dirs=[PRODUCT_MODULES])
        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        for node in (self.provider, self.user):
            for m in ("wallet_module", "delivery_module", "x402_module"):
                node.load(m)
            self.ok(node, "wallet_module", "configure", self.net.url)
        self.ok(self.provider, "delivery_module", "createNode",
                "json:" + json.dumps({"archiveUrl": f"sqlite:{self.provider.root}/store.sqlite"}))
        started = self.ok(self.provider, "delivery_module", "start")
        self.provider_addr = started["multiaddr"]
        self.provider_peer = started["peerId"]
        self.ok(self.provider, "delivery_module", "setEligibilityVerifier", "x402_module", "proof_of_payment")
        self.requirements = self.ok(self.provider, "x402_module", "configureStorePayment",
                                    "json:" + json.dumps({"amount": str(PRICE), "payTo": G["merchant"]["account_id"]}))["requirements"]
        self.ok(self.user, "delivery_module", "createNode",
                "json:" + json.dumps({"storeService": False, "storeNode": self.provider_addr}))
        self.ok(self.user, "delivery_module", "start")
        self.ok(self.user, "delivery_module", "setEligibilityProvider", "x402_module", "proof_of_payment")
        self.ok(self.user, "wallet_module", "create_new", "str:owner password")
        self.ok(self.user, "wallet_module", "import_account_private_key", "str:" + G["agent_owner"]["secret_key_hex"])
        self.agent("configureAgent", {"owner_account": G["agent_owner"]["account_id"]})

    def ok(self, node, module, op, *args, timeout=60):
        return self.assert_ok(node.call(module, op, *args, timeout=timeout))["result"]

    def agent(self, op, params=None):
        return self.ok(self.user, "x402_module", "chainAction", op, "json:" + json.dumps(params or {}))

    def agent_error(self, code, op, params=None):
        r = self.user.call("x402_module", "chainAction", op, "json:" + json.dumps(params or {}), timeout=60)
        self.assert_error("METHOD_FAILED", r)
        self.assertEqual(r.json["error"]["code"], code, r)
        return r.json["error"]

    def balances(self):
        return {n: int(self.net.rpc("getAccountBalance", [G[n]["account_id"]])) for n in ("agent_owner", "merchant")}

    def publish(self, n):
        for i in range(n):
            self.ok(self.user, "delivery_module", "send", TOPIC, f"str:paid message {i}")
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.ok(self.provider, "delivery_module", "getNodeInfo")["archive"]["messages"] >= n:
                return
            time.sleep(0.05)
        raise AssertionError("messages were not archived")

    def query(self, request_id):
        q = {"requestId": request_id, "includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC],
             "eligibility": {"arm": "proof_of_payment", "options": {"payment_requirements": self.requirements}}}
        return self.ok(self.user, "delivery_module", "storeQuery", "json:" + json.dumps(q))

    def test_store_query_paid_by_the_owner_moves_exact_balances(self):
        self.publish(2)
        before = self.balances()
        log("a Store query carrying an x402 payment prepared by the user's x402_module")
        r = self.query("paid-1")
        self.assertEqual(r["statusCode"], 200, r)
        self.assertEqual(len(r["messages"]), 2)
        after = self.balances()
        self.assertEqual(after["agent_owner"], before["agent_owner"] - PRICE)
        self.assertEqual(after["merchant"], before["merchant"] + PRICE)
        prepared = [e for e in self.agent("getAuditLog")["entries"] if e["event"] == "store_payment_prepared"]
        self.assertEqual(len(prepared), 1)
        self.assertEqual(prepared[0]["amount"], str(PRICE))
        self.assertEqual(prepared[0]["provider_peer_id"], self.provider_peer)
        self.assertTrue(prepared[0]["resource_url"].startswith(f"waku-store://{self.provider_peer}/"))
        self.assertEqual(self.net.rpc("getTransactionStatus", [prepared[0]["tx_hash"]])["status"], "included")
        log("each query pays again (a new transfer), exactly once")
        self.assertEqual(self.query("paid-2")["statusCode"], 200)
        self.assertEqual(self.balances()["agent_owner"], before["agent_owner"] - 2 * PRICE)

    def test_prepare_answers_the_hook_contract_and_counts_against_the_daily_cap(self):
        n8 = bytes(range(40))
        answer = self.agent("prepareEligibilityProofWithPaymentForStoreQuery", {
            "canonical_request_hex": n8.hex(), "provider_peer_id": self.provider_peer,
            "options": {"payment_requirements": self.requirements}})
        self.assertEqual(answer["kind"], "proof_of_payment")
        proof = bytes.fromhex(answer["bytes_hex"])
        self.assertEqual(proof[0], 0x0a)  # field 1, length-delimited: the proof_of_payment arm
        payload = json.loads(proof[proof.index(b"{"):])
        self.assertEqual(payload["x402Version"], 2)
        self.assertEqual(payload["accepted"], self.requirements)
        self.assertEqual(payload["resource"]["url"],
                         f"waku-store://{self.provider_peer}/{hashlib.sha256(n8).hexdigest()}")
        self.assertEqual(sorted(payload["payload"]), ["authorization", "transaction", "validAfter", "validBefore"])
        self.assertEqual(self.net.rpc("getTransactionStatus", [answer["tx_hash"]])["status"], "unknown")  # not broadcast
        before = self.balances()
        log("the provider verifies and settles exactly this proof")
        verdict = self.ok(self.provider, "x402_module", "verifyEligibilityForStoreQuery", "str:" + answer["bytes_hex"],
                          "str:" + n8.hex(), "str:requester")
        self.assertEqual(verdict["eligibility"], "OK")
        self.assertEqual(verdict["transaction"], answer["tx_hash"])
        self.assertEqual(self.balances()["merchant"], before["merchant"] + PRICE)
        log("the same proof for another query is refused")
        r = self.provider.call("x402_module", "verifyEligibilityForStoreQuery", "str:" + answer["bytes_hex"],
                               "str:" + bytes(range(41)).hex(), "str:requester")
        self.assertNotEqual(r.json.get("result", {}).get("eligibility"), "OK", r)
        log("direct payments count against the daily cap")
        self.agent("configureAgent", {"daily_cap": str(PRICE * 2 - 1)})
        self.agent_error("DAILY_CAP_EXCEEDED", "prepareEligibilityProofWithPaymentForStoreQuery", {
            "canonical_request_hex": n8.hex(), "provider_peer_id": self.provider_peer,
            "options": {"payment_requirements": self.requirements}})
        self.assertIn("store_payment_refused", [e["event"] for e in self.agent("getAuditLog")["entries"]])

    def test_prepare_refuses_bad_input(self):
        good = {"canonical_request_hex": "0102", "provider_peer_id": self.provider_peer,
                "options": {"payment_requirements": self.requirements}}
        self.agent_error("INVALID_ARGUMENT", "prepareEligibilityProofWithPaymentForStoreQuery", dict(good, options={}))
        self.agent_error("INVALID_ARGUMENT", "prepareEligibilityProofWithPaymentForStoreQuery", dict(good, provider_peer_id="a/b"))
        self.agent_error("INVALID_ARGUMENT", "prepareEligibilityProofWithPaymentForStoreQuery", dict(good, canonical_request_hex=""))
        bad_req = dict(self.requirements, amount="1.5")
        self.agent_error("INVALID_ARGUMENT", "prepareEligibilityProofWithPaymentForStoreQuery",
                         dict(good, options={"payment_requirements": bad_req}))
        other = dict(self.requirements, network="eip155:8453")
        self.agent_error("UNSUPPORTED_NETWORK", "prepareEligibilityProofWithPaymentForStoreQuery",
                         dict(good, options={"payment_requirements": other}))
        upto = dict(self.requirements, scheme="upto")
        self.agent_error("NO_ACCEPTABLE_OPTION", "prepareEligibilityProofWithPaymentForStoreQuery",
                         dict(good, options={"payment_requirements": upto}))
        self.agent_error("INVALID_ARGUMENT", "prepareEligibilityProofWithPaymentForStoreQuery",
                         dict(good, options={"payment_requirements": self.requirements, "surprise": 1}))
