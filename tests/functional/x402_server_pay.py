"""x402 server side over real HTTP with lez-localnet: a user daemon (wallet) pays a provider daemon
(wallet + delivery + x402: facilitator and merchant). 402 then paid 200 with balances moved
exactly; replay refused with nonce_replayed; 20 concurrent requests with one payment move money
once and serve once; malformed payment headers; the facilitator's HTTP API; a facilitator crash
right after submission, reconciled on restart."""
import base64
import hashlib
import http.client
import json
import os
import struct
import threading
import time
import urllib.parse

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log

G = genesis_accounts()
NETWORK = "logos:lez-localnet"
AUTH_DOMAIN = b"/x402/exact/lez/Authorization/".ljust(32, b"\x00")


def b64json(obj):
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


def unb64json(text):
    return json.loads(base64.b64decode(text, validate=True))


def http_request(url, method="GET", headers=None, body=None, timeout=60):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        target = u.path + ("?" + u.query if u.query else "")
        conn.request(method, target, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


def authorization_digest(tx_hash_hex, valid_after, valid_before, url):
    """docs/protocol.md "x402 exact scheme on LEZ", written independently of libs/x402."""
    pre = AUTH_DOMAIN + bytes.fromhex(tx_hash_hex) + struct.pack("<QQ", valid_after, valid_before)
    pre += hashlib.sha256(url.encode()).digest()
    return hashlib.sha256(pre).hexdigest()


class X402ServerCase(DaemonTestCase):
    PRICE = 25
    LOCALNET = {"interval_ms": 100}

    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        self.net = self.start_localnet(**self.LOCALNET)
        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        self.user.load("wallet_module")
        self.ok(self.user, "wallet_module", "configure", self.net.url)
        self.ok(self.user, "wallet_module", "create_new", "str:user password")
        self.ok(self.user, "wallet_module", "import_account_private_key", "str:" + G["user"]["secret_key_hex"])
        self.provider = self.start_provider()

    def start_provider(self, name="provider"):
        node = self.start_daemon(name, module_dirs=[PRODUCT_MODULES])
        self.prepare_provider(node)
        return node

    def prepare_provider(self, node):
        for m in ("wallet_module", "delivery_module", "x402_module"):
            node.load(m)
        self.ok(node, "wallet_module", "configure", self.net.url)

    def ok(self, node, module, op, *args, timeout=60):
        r = node.call(module, op, *args, timeout=timeout)
        return self.assert_ok(r)["result"]

    def balance(self, name):
        return int(self.net.rpc("getAccountBalance", [G[name]["account_id"]]))

    def start_facilitator(self, node, **config):
        info = self.ok(node, "x402_module", "startFacilitator", "json:" + json.dumps(config))
        log(f"facilitator on {info['url']}, reconciled {info['reconciled']}")
        return info

    @staticmethod
    def fac_headers(fac):
        """The merchant's credential for /verify and /settle, read from the facilitator's token file."""
        with open(fac["token_path"]) as f:
            return {"content-type": "application/json", "authorization": "Bearer " + f.read().strip()}

    def start_merchant(self, node, facilitator_url, price=None, extra_resources=(), payment_identifier=None, **config):
        resources = [{"path": "/weather", "price": str(price or self.PRICE), "payTo": G["merchant"]["account_id"],
                      "description": "today's weather", "mimeType": "application/json",
                      "maxTimeoutSeconds": 60, "body": {"forecast": "sunny", "celsius": 21}}]
        if payment_identifier:
            resources[0]["paymentIdentifier"] = payment_identifier
        resources += list(extra_resources)
        info = self.ok(node, "x402_module", "startMerchant",
                       "json:" + json.dumps(dict({"port": 0, "facilitator_url": facilitator_url, "resources": resources}, **config)))
        log(f"merchant on {info['url']}")
        return info

    def pay(self, challenge, payer="user", amount=None, valid_after=None, valid_before=None):
        """Builds a PAYMENT-SIGNATURE value with the user's wallet: sign without broadcast, then
        sign the authorization digest."""
        accepted = challenge["accepts"][0]
        signed = self.ok(self.user, "wallet_module", "sign_transfer_public", G[payer]["account_id"], accepted["payTo"],
                         "str:" + (amount or accepted["amount"]))
        now = int(time.time())
        va = now - 600 if valid_after is None else valid_after
        vb = now + accepted["maxTimeoutSeconds"] if valid_before is None else valid_before
        url = challenge["resource"]["url"]
        digest = authorization_digest(signed["tx_hash"], va, vb, url)
        auth = self.ok(self.user, "wallet_module", "sign_public_payload", G[payer]["account_id"], "str:" + digest)
        payload = {"x402Version": 2, "resource": challenge["resource"], "accepted": accepted,
                   "payload": {"transaction": signed["transaction_base64"], "validAfter": va, "validBefore": vb,
                               "authorization": auth["result"]}}
        return payload, signed["tx_hash"]

    def challenge_of(self, url):
        status, headers, body = http_request(url)
        self.assertEqual(status, 402, body)
        return unb64json(headers["payment-required"])


class X402MerchantPays(X402ServerCase):
    def test_unpaid_402_then_paid_200_moves_exact_balances_and_replay_is_refused(self):
        fac = self.start_facilitator(self.provider)
        merchant = self.start_merchant(self.provider, fac["url"])
        url = merchant["url"] + "/weather"

        log("unpaid request: 402 with the challenge in PAYMENT-REQUIRED only")
        status, headers, body = http_request(url)
        self.assertEqual(status, 402)
        self.assertEqual(headers["x-payment-error"], "payment_required")
        self.assertEqual(json.loads(body)["error"], "payment_required")
        self.assertIn("PAYMENT-REQUIRED", headers["access-control-expose-headers"])
        self.assertIn("PAYMENT-RESPONSE", headers["access-control-expose-headers"])
        challenge = unb64json(headers["payment-required"])
        self.assertEqual(challenge["x402Version"], 2)
        self.assertEqual(challenge["resource"], {"url": url, "description": "today's weather", "mimeType": "application/json"})
        self.assertEqual(challenge["accepts"], [{"scheme": "exact", "network": NETWORK, "amount": str(self.PRICE),
                                                 "asset": "native", "payTo": G["merchant"]["account_id"],
                                                 "maxTimeoutSeconds": 60, "extra": {}}])

        log("CORS preflight allows PAYMENT-SIGNATURE")
        status, headers, _ = http_request(url, "OPTIONS")
        self.assertEqual(status, 204)
        self.assertIn("PAYMENT-SIGNATURE", headers["access-control-allow-headers"])

        before = {n: self.balance(n) for n in ("user", "merchant")}
        payload, tx_hash = self.pay(challenge)
        log(f"paid request with transaction {tx_hash[:16]}")
        status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {"forecast": "sunny", "celsius": 21})
        receipt = unb64json(headers["payment-response"])
        self.assertEqual(receipt["success"], True)
        self.assertEqual(receipt["transaction"], tx_hash)
        self.assertEqual(receipt["network"], NETWORK)
        self.assertEqual(receipt["amount"], str(self.PRICE))
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "included")
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)

        log("the same payment again: refused with nonce_replayed, nothing moves")
        status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 402, body)
        self.assertEqual(headers["x-payment-error"], "nonce_replayed")
        self.assertEqual(json.loads(body)["error"], "nonce_replayed")
        self.assertEqual(unb64json(headers["payment-required"])["error"], "nonce_replayed")
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)

        log("the facilitator also refuses a direct /settle of the replayed payload")
        body = json.dumps({"x402Version": 2, "paymentPayload": payload, "paymentRequirements": challenge["accepts"][0]})
        status, _, answer = http_request(fac["url"] + "/settle", "POST", self.fac_headers(fac), body)
        answer = json.loads(answer)
        self.assertEqual(status, 200)
        self.assertEqual((answer["success"], answer["errorReason"], answer["transaction"]), (False, "nonce_replayed", ""))
        info = self.ok(self.provider, "x402_module", "getFacilitatorInfo")
        self.assertEqual(info["journal"], {"settled": 1})

    def test_twenty_concurrent_requests_with_one_payment_move_money_once(self):
        fac = self.start_facilitator(self.provider)
        merchant = self.start_merchant(self.provider, fac["url"])
        url = merchant["url"] + "/weather"
        payload, tx_hash = self.pay(self.challenge_of(url))
        header = b64json(payload)
        before = {n: self.balance(n) for n in ("user", "merchant")}
        results = []
        barrier = threading.Barrier(20)

        def one():
            barrier.wait()
            status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": header})
            results.append((status, headers.get("x-payment-error"), body))

        log("20 concurrent requests carry the same payment")
        threads = [threading.Thread(target=one) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(len(results), 20)
        served = [r for r in results if r[0] == 200]
        refused = [r for r in results if r[0] != 200]
        self.assertEqual(len(served), 1, results)
        self.assertEqual(json.loads(served[0][2])["forecast"], "sunny")
        self.assertTrue(all(r[0] == 402 and r[1] == "nonce_replayed" for r in refused), refused)
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "included")

        log("20 concurrent /settle calls of a second payment: exactly one success")
        payload2, tx2 = self.pay(self.challenge_of(url))
        body = json.dumps({"x402Version": 2, "paymentPayload": payload2, "paymentRequirements": payload2["accepted"]})
        answers = []
        barrier = threading.Barrier(20)
        auth = self.fac_headers(fac)

        def settle():
            barrier.wait()
            _, _, a = http_request(fac["url"] + "/settle", "POST", auth, body)
            answers.append(json.loads(a))

        threads = [threading.Thread(target=settle) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        wins = [a for a in answers if a["success"]]
        self.assertEqual(len(wins), 1, answers)
        self.assertEqual(wins[0]["transaction"], tx2)
        self.assertTrue(all(a["errorReason"] == "nonce_replayed" and a["transaction"] == "" for a in answers if not a["success"]))
        self.assertEqual(self.balance("user"), before["user"] - 2 * self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + 2 * self.PRICE)

    def test_malformed_and_mismatched_payments_get_stable_codes(self):
        fac = self.start_facilitator(self.provider)
        merchant = self.start_merchant(self.provider, "")  # in-process facilitator
        url = merchant["url"] + "/weather"
        challenge = self.challenge_of(url)
        before = {n: self.balance(n) for n in ("user", "merchant")}
        good, _ = self.pay(challenge)
        std = b64json(good)
        urlsafe = base64.urlsafe_b64encode(json.dumps(good).encode()).decode()
        cases = [
            ("junk", "%%%not base64%%%", "invalid_payload"),
            ("plain JSON", json.dumps(good), "invalid_payload"),
            ("URL-safe base64", urlsafe if urlsafe != base64.b64encode(json.dumps(good).encode()).decode() else urlsafe + "-",
             "invalid_payload"),
            ("unpadded", std.rstrip("="), "invalid_payload" if std.endswith("=") else None),
            ("x402Version 1", b64json(dict(good, x402Version=1)), "invalid_x402_version"),
            ("other amount", b64json(dict(good, accepted=dict(good["accepted"], amount="1"))), "no_matching_requirements"),
            ("other resource", b64json(dict(good, resource={"url": url + "/x"})), "invalid_exact_lez_resource_mismatch"),
            ("other payload field", b64json(dict(good, payload=dict(good["payload"], validBefore=good["payload"]["validBefore"] + 1))),
             "invalid_exact_lez_authorization"),
        ]
        for name, header, code in cases:
            if code is None:
                continue
            status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": header})
            self.assertEqual(status, 402, name)
            self.assertEqual(headers["x-payment-error"], code, name)
            self.assertEqual(json.loads(body)["error"], code, name)
            self.assertTrue(json.loads(body)["message"], name)
            self.assertEqual(unb64json(headers["payment-required"])["error"], code, name)
        log("an expired authorization and an overpayment are refused before anything is broadcast")
        expired, _ = self.pay(challenge, valid_after=int(time.time()) - 1000, valid_before=int(time.time()) - 10)
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(expired)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "invalid_exact_lez_expired"))
        overpay, _ = self.pay(challenge, amount=str(self.PRICE + 1))
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(overpay)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "invalid_exact_lez_amount_mismatch"))
        self.assertEqual({n: self.balance(n) for n in ("user", "merchant")}, before)
        status, headers, _ = http_request(merchant["url"] + "/nothing")
        self.assertEqual((status, headers["x-payment-error"]), (404, "not_found"))
        log("the good payment still works after all that")
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": std})
        self.assertEqual(status, 200)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)

    def test_bad_configurations_are_refused_with_the_field_named(self):
        cases = [
            ("startFacilitator", {"prot": 1}, "prot"),
            ("startFacilitator", {"networks": ["eip155:1"]}, "networks"),
            ("startFacilitator", {"settle_timeout_ms": 0}, "settle_timeout_ms"),
            ("startMerchant", {"resources": []}, "resources"),
            ("startMerchant", {"resources": [{"path": "/a", "price": "1", "body": "x"}]}, "payTo"),
            ("startMerchant", {"resources": [{"path": "/a", "price": "1.5", "payTo": G["merchant"]["account_id"], "body": "x"}]},
             "price"),
            ("startMerchant", {"resources": [{"path": "/a", "price": "1", "payTo": G["merchant"]["account_id"], "body": "x",
                                              "pay_to": "typo"}]}, "pay_to"),
            ("startMerchant", {"facilitator_url": "ftp://x", "resources": [{"path": "/a", "price": "1", "body": "x",
                                                                             "payTo": G["merchant"]["account_id"]}]}, "facilitator_url"),
            ("configureStorePayment", {"amount": "1"}, "payTo"),
            ("configureStorePayment", {"amount": "1", "payTo": G["merchant"]["account_id"], "asset": "usdc"}, "asset"),
        ]
        for op, config, field in cases:
            r = self.provider.call("x402_module", op, "json:" + json.dumps(config))
            err = self.assert_error("METHOD_FAILED", r)["error"]
            self.assertEqual(err["code"], "INVALID_CONFIG", (op, config, err))
            self.assertIn(field, err["message"], (op, config, err))

    def test_facilitator_http_api(self):
        fac = self.start_facilitator(self.provider)
        status, _, body = http_request(fac["url"] + "/supported")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["kinds"], [{"x402Version": 2, "scheme": "exact", "network": NETWORK}])
        for raw, code in ((b"{not json", "invalid_payload"), (b"{}", "invalid_payload"),
                          (json.dumps({"x402Version": 2, "paymentPayload": {}}).encode(), "invalid_payment_requirements")):
            status, _, body = http_request(fac["url"] + "/verify", "POST", self.fac_headers(fac), raw)
            self.assertEqual(status, 400, raw)
            self.assertEqual(json.loads(body), {"isValid": False, "invalidReason": code,
                                                "invalidMessage": json.loads(body)["invalidMessage"]})
        status, _, _ = http_request(fac["url"] + "/verify")
        self.assertEqual(status, 405)
        status, _, _ = http_request(fac["url"] + "/nope", "POST", {}, b"{}")
        self.assertEqual(status, 404)
        merchant = self.start_merchant(self.provider, fac["url"])
        challenge = self.challenge_of(merchant["url"] + "/weather")
        payload, _ = self.pay(challenge)
        req = {"x402Version": 2, "paymentPayload": payload, "paymentRequirements": challenge["accepts"][0]}
        status, _, body = http_request(fac["url"] + "/verify", "POST", self.fac_headers(fac), json.dumps(req))
        self.assertEqual((status, json.loads(body)["isValid"]), (200, True))
        self.assertEqual(json.loads(body)["payer"], G["user"]["account_id"])
        log("verifyPayment / settlePayment operations take the same bodies")
        self.assertTrue(self.ok(self.provider, "x402_module", "verifyPayment", "json:" + json.dumps(req))["isValid"])
        before = self.balance("merchant")
        settled = self.ok(self.provider, "x402_module", "settlePayment", "json:" + json.dumps(req))
        self.assertTrue(settled["success"], settled)
        self.assertEqual(self.balance("merchant"), before + self.PRICE)
        again = self.ok(self.provider, "x402_module", "verifyPayment", "json:" + json.dumps(req))
        self.assertEqual((again["isValid"], again["invalidReason"]), (False, "nonce_replayed"))
        wrong = dict(req, paymentRequirements=dict(req["paymentRequirements"], network="eip155:8453"))
        status, _, body = http_request(fac["url"] + "/verify", "POST", self.fac_headers(fac), json.dumps(wrong))
        self.assertEqual(json.loads(body)["invalidReason"], "invalid_network")


class X402FacilitatorCrash(X402ServerCase):
    def test_crash_right_after_submission_is_reconciled_on_restart(self):
        fac = self.start_facilitator(self.provider, fault_injection="exit_after_submit")
        merchant_node = self.start_daemon("shop", module_dirs=[PRODUCT_MODULES])
        self.prepare_provider(merchant_node)
        merchant = self.start_merchant(merchant_node, fac["url"], facilitator_token_path=fac["token_path"])
        url = merchant["url"] + "/weather"
        challenge = self.challenge_of(url)
        payload, tx_hash = self.pay(challenge)
        before = {n: self.balance(n) for n in ("user", "merchant")}
        in_process = self.provider.module_pid("x402_module") == self.provider.proc.pid

        log("the facilitator exits right after the sequencer accepted the transaction")
        status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 402, body)  # settlement outcome unknown: content withheld
        self.assertEqual(headers["x-payment-error"], "facilitator_unavailable")
        self.assertFalse(unb64json(headers["payment-response"])["success"])
        if in_process:
            self.provider.proc.wait(30)
            self.assertEqual(self.provider.proc.returncode, 70)
        else:
            log("x402_module runs in its own process: that process exits 70 and the daemon restarts it")
            deadline = time.time() + 30
            x402 = {}
            while time.time() < deadline:
                x402 = {m["name"]: m for m in self.assert_ok(self.provider.cli("list-modules", "--loaded"))}["x402_module"]
                if x402["process"]["restarts"] >= 1 and x402["process"]["state"] == "running":
                    break
                time.sleep(0.1)
            self.assertEqual(x402["process"]["last_exit"]["exit_code"], 70, x402)
            self.assertIsNone(self.provider.proc.poll(), "the daemon and the other modules stay up")
        self.assertEqual(self.net.wait_status(tx_hash)["status"], "included")
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)

        log("restart: the facilitator comes back by itself and reconciles its submitted row before serving")
        if in_process:
            os.unlink(self.provider.state_path)
            self.provider.proc = None
            self.provider.start()
            self.prepare_provider(self.provider)
        deadline = time.time() + 30
        info = {}
        while time.time() < deadline:
            info = self.ok(self.provider, "x402_module", "getFacilitatorInfo")
            if info["running"]:
                break
            time.sleep(0.1)
        self.assertTrue(info["running"], info)
        self.assertEqual(info["port"], fac["port"])
        self.assertEqual(info["reconciled"]["settled"], 1)
        self.assertEqual(info["journal"], {"settled": 1})
        self.assertNotIn("restart_error", info)

        log("the client retries with the same payment: served once, charged once")
        status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200, body)
        receipt = unb64json(headers["payment-response"])
        self.assertEqual((receipt["success"], receipt["transaction"]), (True, tx_hash))
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "nonce_replayed"))
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)


class X402SettlementPending(X402ServerCase):
    # The test makes the one block itself: the settlement is broadcast and cannot be included until then.
    LOCALNET = {"manual_blocks": True, "tick_s": None}

    def test_broadcast_but_not_included_is_pending_then_resumed_once(self):
        fac = self.start_facilitator(self.provider, settle_timeout_ms=200)
        merchant = self.start_merchant(self.provider, fac["url"])
        url = merchant["url"] + "/weather"
        payload, tx_hash = self.pay(self.challenge_of(url))
        before = {n: self.balance(n) for n in ("user", "merchant")}
        log("no block is made while the facilitator waits (settle timeout 200 ms): 'pending', content withheld")
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "settle_exact_lez_transaction_pending"))
        receipt = unb64json(headers["payment-response"])
        self.assertEqual((receipt["success"], receipt["transaction"]), (False, ""))
        self.assertEqual(self.ok(self.provider, "x402_module", "getFacilitatorInfo")["journal"], {"submitted": 1})
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "pending")
        self.net.produce_block(int(time.time() * 1000))
        self.assertEqual(self.net.wait_status(tx_hash)["status"], "included")
        log("the retry with the same payment resumes the settlement and is served once")
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200)
        self.assertEqual(unb64json(headers["payment-response"])["transaction"], tx_hash)
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "nonce_replayed"))
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)


class X402PaymentIdentifier(X402ServerCase):
    def test_same_id_same_payment_is_answered_again_without_paying_twice(self):
        fac = self.start_facilitator(self.provider)
        strict = {"path": "/strict", "price": "2", "payTo": G["merchant"]["account_id"], "body": "strict",
                  "mimeType": "text/plain", "paymentIdentifier": "required"}
        merchant = self.start_merchant(self.provider, fac["url"], extra_resources=[strict], payment_identifier="optional")
        url = merchant["url"] + "/weather"
        challenge = self.challenge_of(url)
        ext = challenge["extensions"]["payment-identifier"]
        self.assertEqual(ext["info"], {"required": False})
        self.assertEqual(ext["schema"]["properties"]["id"]["pattern"], "^[A-Za-z0-9_-]+$")
        payload, tx_hash = self.pay(challenge)
        payload["extensions"] = {"payment-identifier": {"info": dict(ext["info"], id="pay_0123456789abcdef"),
                                                        "schema": ext["schema"]}}
        before = {n: self.balance(n) for n in ("user", "merchant")}
        status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200, body)
        log("the response was 'lost': the client retries with the same id and payment")
        status2, headers2, body2 = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual((status2, body2), (200, body))
        self.assertEqual(unb64json(headers2["payment-response"])["transaction"], tx_hash)
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)
        log("the same id with another payment: 409")
        other, _ = self.pay(challenge)
        other["extensions"] = payload["extensions"]
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(other)})
        self.assertEqual((status, headers["x-payment-error"]), (409, "payment_identifier_conflict"))
        log("a malformed id is refused; a resource that requires an id refuses a payment without one")
        bad = dict(other, extensions={"payment-identifier": {"info": {"required": False, "id": "short"}}})
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(bad)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "invalid_payload"))
        strict_url = merchant["url"] + "/strict"
        strict_challenge = self.challenge_of(strict_url)
        self.assertEqual(strict_challenge["extensions"]["payment-identifier"]["info"], {"required": True})
        no_id, _ = self.pay(strict_challenge)
        status, headers, _ = http_request(strict_url, headers={"PAYMENT-SIGNATURE": b64json(no_id)})
        self.assertEqual((status, headers["x-payment-error"]), (400, "payment_identifier_required"))
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)
        self.assertEqual(self.ok(self.provider, "x402_module", "listResources")["counters"]["idempotent_replay"], 1)
