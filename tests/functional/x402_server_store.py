"""The provider side of paid Store access over real daemons and lez-localnet: the merchant's paid
REST view GET /store/v3/messages answered from delivery_module's archive, and
verifyEligibilityForStoreQuery for EligibilityProof arm 1 (proof_of_payment) with proofs built
here from the documented format (independent of the agent side)."""
import hashlib
import json
import time
import urllib.parse

from framework import genesis_accounts, log
from x402_server_pay import X402ServerCase, b64json, http_request, unb64json

G = genesis_accounts()
PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/x402-server/proto"
STORE_PRICE = 4


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def proof_of_payment(payload):
    data = json.dumps(payload, separators=(",", ":")).encode()
    return b"\x0a" + varint(len(data)) + data


class X402ServerStore(X402ServerCase):
    def setUp(self):
        super().setUp()
        self.ok(self.provider, "delivery_module", "createNode",
                "json:" + json.dumps({"archiveUrl": f"sqlite:{self.provider.root}/store.sqlite"}))
        started = self.ok(self.provider, "delivery_module", "start")
        self.peer = started["peerId"]
        self.user.load("delivery_module")
        self.ok(self.user, "delivery_module", "createNode",
                "json:" + json.dumps({"storeService": False, "storeNode": started["multiaddr"]}))
        self.ok(self.user, "delivery_module", "start")

    def publish(self, n):
        for i in range(n):
            self.ok(self.user, "delivery_module", "send", TOPIC, f"str:stored message {i}")
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.ok(self.provider, "delivery_module", "getNodeInfo")["archive"]["messages"] >= n:
                return
            time.sleep(0.05)
        raise AssertionError("messages were not archived")

    def test_paid_store_rest_view(self):
        self.publish(3)
        fac = self.start_facilitator(self.provider)
        store = {"kind": "store", "price": str(STORE_PRICE), "payTo": G["merchant"]["account_id"],
                 "description": "Store v3 messages", "maxTimeoutSeconds": 30}
        merchant = self.start_merchant(self.provider, fac["url"], extra_resources=[store])
        query = urllib.parse.urlencode({"contentTopics": TOPIC, "pubsubTopic": PUBSUB, "pageSize": 2, "ascending": "true"})
        url = merchant["url"] + "/store/v3/messages?" + query

        log("malformed Store queries are refused before any challenge")
        for bad in ("pageSize=ten", "cursor=abc", "color=blue", "contentTopics=a,,b", "ascending=maybe"):
            status, headers, body = http_request(merchant["url"] + "/store/v3/messages?" + bad)
            self.assertEqual((status, headers["x-payment-error"]), (400, "invalid_query"), bad)
            self.assertNotIn("payment-required", headers)
            self.assertTrue(json.loads(body)["message"])

        challenge = self.challenge_of(url)
        self.assertEqual(challenge["resource"]["url"], url)  # the query is part of what is paid for
        self.assertEqual(challenge["accepts"][0]["amount"], str(STORE_PRICE))
        before = {n: self.balance(n) for n in ("user", "merchant")}
        payload, tx_hash = self.pay(challenge)

        log("a payment for this query does not buy another one")
        other = merchant["url"] + "/store/v3/messages?" + query.replace("pageSize=2", "pageSize=3")
        status, headers, _ = http_request(other, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "invalid_exact_lez_resource_mismatch"))

        status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200, body)
        page = json.loads(body)
        self.assertEqual(page["statusCode"], 200)
        self.assertEqual([m["message"]["contentTopic"] for m in page["messages"]], [TOPIC, TOPIC])
        self.assertEqual(len(page["paginationCursor"]), 64)
        self.assertEqual(unb64json(headers["payment-response"])["transaction"], tx_hash)
        self.assertEqual(self.balance("user"), before["user"] - STORE_PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + STORE_PRICE)

        log("the next page is another paid resource")
        url2 = url + "&" + urllib.parse.urlencode({"cursor": page["paginationCursor"]})
        payload2, _ = self.pay(self.challenge_of(url2))
        status, headers, body = http_request(url2, headers={"PAYMENT-SIGNATURE": b64json(payload2)})
        self.assertEqual(status, 200, body)
        self.assertEqual(len(json.loads(body)["messages"]), 1)
        self.assertEqual(self.balance("merchant"), before["merchant"] + 2 * STORE_PRICE)
        described = self.ok(self.provider, "x402_module", "listResources")
        self.assertEqual(described["counters"]["paid"], 2)

    def store_payment(self, n8, amount=None, url=None):
        requirements = self.ok(self.provider, "x402_module", "getStorePaymentRequirements")["requirements"]
        challenge = {"x402Version": 2, "accepts": [requirements],
                     "resource": {"url": url or f"waku-store://{self.peer}/{hashlib.sha256(n8).hexdigest()}"}}
        payload, tx_hash = self.pay(challenge, amount=amount)
        if amount:
            payload["accepted"] = dict(payload["accepted"], amount=amount)
        return proof_of_payment(payload).hex(), tx_hash

    def verify(self, proof_hex, n8):
        return self.provider.call("x402_module", "verifyEligibilityForStoreQuery", "str:" + proof_hex, "str:" + n8.hex(),
                                  "str:requester", timeout=90)

    def verdict_error(self, result, eligibility, reason=None):
        err = self.assert_error("METHOD_FAILED", result)["error"]
        self.assertEqual((err["code"], err["eligibility"]), (eligibility, eligibility), err)
        if reason:
            self.assertEqual(err["reason"], reason, err)
            self.assertTrue(err["message"].startswith(reason + ": "), err)
        return err

    def test_store_proof_of_payment_arm(self):
        n8 = b"\x00" + hashlib.sha256(b"a canonical store request").digest()
        log("no Store price configured yet: PARAMS_REJECTED")
        self.assert_error("METHOD_FAILED", self.provider.call("x402_module", "getStorePaymentRequirements"))
        offer = {"scheme": "exact", "network": "logos:lez-localnet", "amount": "1", "asset": "native",
                 "payTo": G["merchant"]["account_id"], "maxTimeoutSeconds": 60, "extra": {}}
        unpriced = proof_of_payment({"x402Version": 2, "accepted": offer, "payload": {}}).hex()
        self.verdict_error(self.verify(unpriced, n8), "PARAMS_REJECTED")
        self.ok(self.provider, "x402_module", "configureStorePayment",
                "json:" + json.dumps({"amount": str(STORE_PRICE), "payTo": G["merchant"]["account_id"]}))
        req = self.ok(self.provider, "x402_module", "getStorePaymentRequirements")["requirements"]
        self.assertEqual(req, {"scheme": "exact", "network": "logos:lez-localnet", "amount": str(STORE_PRICE),
                               "asset": "native", "payTo": G["merchant"]["account_id"], "maxTimeoutSeconds": 60, "extra": {}})
        before = {n: self.balance(n) for n in ("user", "merchant")}

        proof, tx_hash = self.store_payment(n8)
        log("a valid payment for exactly this query: OK, settled on chain")
        verdict = self.assert_ok(self.verify(proof, n8))["result"]
        self.assertEqual(verdict["eligibility"], "OK")
        self.assertEqual(verdict["transaction"], tx_hash)
        self.assertEqual(self.balance("user"), before["user"] - STORE_PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + STORE_PRICE)

        log("the same proof again: PROOF_INVALID nonce_replayed, nothing moves")
        self.verdict_error(self.verify(proof, n8), "PROOF_INVALID", "nonce_replayed")
        log("a payment bound to another query: PROOF_INVALID resource mismatch")
        other, _ = self.store_payment(n8 + b"\x01")
        self.verdict_error(self.verify(other, n8), "PROOF_INVALID", "invalid_exact_lez_resource_mismatch")
        log("other terms than the provider's price: PARAMS_REJECTED")
        cheap, _ = self.store_payment(n8, amount="1")
        self.verdict_error(self.verify(cheap, n8), "PARAMS_REJECTED", "no_matching_requirements")
        log("other arms and junk")
        stream_proof = b"\x0a\x08" + bytes(8) + b"\x12\x40" + bytes(64)
        err = self.verdict_error(self.verify((b"\x1a" + varint(len(stream_proof)) + stream_proof).hex(), n8), "PROOF_INVALID")
        self.assertIn("only the proof_of_payment arm", err["message"])
        self.verdict_error(self.verify("", n8), "PROOF_INVALID")
        self.verdict_error(self.verify("zz", n8), "PROOF_INVALID")
        self.verdict_error(self.verify(proof_of_payment({"x402Version": 2}).hex(), n8), "PROOF_INVALID", "invalid_payload")
        self.verdict_error(self.verify((b"\x0a\x03" + b"{{{").hex(), n8), "PROOF_INVALID", "invalid_payload")
        self.assertEqual(self.balance("user"), before["user"] - STORE_PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + STORE_PRICE)
