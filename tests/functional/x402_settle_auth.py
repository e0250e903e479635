"""x402 facilitator credential and front-running, over real HTTP with lez-localnet: /verify and
/settle refuse a caller without the merchant's bearer token (401, nothing charged); the token file
is 0600 and never answered or logged; a payment settled first by someone else (an insider with
the token, or a direct broadcast of the signed transfer) is served to the payer, not refused; 402
answers carry Cache-Control: no-store; Store query integers beyond int64 are refused."""
import json
import os
import time

from framework import PRODUCT_MODULES, genesis_accounts, log
from x402_server_pay import X402ServerCase, b64json, http_request, unb64json

G = genesis_accounts()


class X402SettleAuth(X402ServerCase):
    def payment_with_id(self, url, pid):
        challenge = self.challenge_of(url)
        payload, tx_hash = self.pay(challenge)
        ext = challenge["extensions"]["payment-identifier"]
        payload["extensions"] = {"payment-identifier": {"info": dict(ext["info"], id=pid), "schema": ext["schema"]}}
        return challenge, payload, tx_hash

    def test_settle_and_verify_need_the_merchant_token(self):
        fac = self.start_facilitator(self.provider)
        merchant = self.start_merchant(self.provider, fac["url"])
        url = merchant["url"] + "/weather"
        token_path = fac["token_path"]
        self.assertEqual(os.stat(token_path).st_mode & 0o777, 0o600)
        with open(token_path) as f:
            token = f.read().strip()
        self.assertRegex(token, "^[0-9a-f]{64}$")
        challenge, payload, tx_hash = self.payment_with_id(url, "pay_captured_0000001")
        body = json.dumps({"x402Version": 2, "paymentPayload": payload, "paymentRequirements": challenge["accepts"][0]})
        before = {n: self.balance(n) for n in ("user", "merchant")}

        log("a captured payment POSTed without, or with a wrong, token: 401 with a JSON reason, nothing moves")
        wrong = "0" * 64 if token != "0" * 64 else "1" * 64
        for endpoint in ("/settle", "/verify"):
            for headers in ({"content-type": "application/json"},
                            {"content-type": "application/json", "authorization": "Bearer " + wrong},
                            {"content-type": "application/json", "authorization": "Basic " + token},
                            {"content-type": "application/json", "authorization": "Bearer " + token[:-1]}):
                status, h, answer = http_request(fac["url"] + endpoint, "POST", headers, body)
                self.assertEqual(status, 401, (endpoint, headers.get("authorization", "")[:8], answer))
                err = json.loads(answer)
                self.assertEqual(err["error"], "unauthorized")
                self.assertIn("Bearer", err["message"])
                self.assertIn("bearer", h["www-authenticate"].lower())
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "unknown")
        self.assertEqual({n: self.balance(n) for n in ("user", "merchant")}, before)
        log("/supported stays open (discovery)")
        self.assertEqual(http_request(fac["url"] + "/supported")[0], 200)

        log("the merchant holds the token: the payer is served once")
        status, headers, answer = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200, answer)
        self.assertEqual(unb64json(headers["payment-response"])["transaction"], tx_hash)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)

        log("the token is never answered by an operation nor written to the daemon's log")
        info = self.ok(self.provider, "x402_module", "getFacilitatorInfo")
        self.assertNotIn(token, json.dumps(info))
        self.assertNotIn(token, json.dumps(self.ok(self.provider, "x402_module", "listResources")))
        self.assertNotIn(token, self.provider.read_log())
        with open(self.provider.log_path, "rb") as f:
            self.assertNotIn(token.encode(), f.read())

    def test_a_remote_merchant_without_the_token_is_refused_clearly(self):
        fac = self.start_facilitator(self.provider)
        shop = self.start_daemon("shop", module_dirs=[PRODUCT_MODULES])
        self.prepare_provider(shop)
        log("a merchant in another daemon: its default token file does not exist, startMerchant names the option")
        r = shop.call("x402_module", "startMerchant", "json:" + json.dumps(
            {"port": 0, "facilitator_url": fac["url"],
             "resources": [{"path": "/w", "price": "1", "payTo": G["merchant"]["account_id"], "body": "x"}]}))
        err = self.assert_error("METHOD_FAILED", r)["error"]
        self.assertEqual(err["code"], "INVALID_CONFIG")
        self.assertIn("facilitator_token_path", err["message"])
        log("with facilitator_token_path \"\" it sends no credential and the facilitator's 401 is reported, nothing charged")
        merchant = self.start_merchant(shop, fac["url"], facilitator_token_path="")
        url = merchant["url"] + "/weather"
        payload, tx_hash = self.pay(self.challenge_of(url))
        before = self.balance("user")
        status, headers, answer = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual((status, headers["x-payment-error"]), (502, "facilitator_unavailable"), answer)
        self.assertIn("401", json.loads(answer)["message"])
        self.assertEqual(self.balance("user"), before)

    def test_front_run_settlements_are_served_to_the_payer(self):
        fac = self.start_facilitator(self.provider)
        merchant = self.start_merchant(self.provider, fac["url"])
        url = merchant["url"] + "/weather"
        before = {n: self.balance(n) for n in ("user", "merchant")}

        log("an insider with the token settles a captured payment before the payer's request arrives")
        challenge, payload, tx_hash = self.payment_with_id(url, "pay_front_run_facil_1")
        body = json.dumps({"x402Version": 2, "paymentPayload": payload, "paymentRequirements": challenge["accepts"][0]})
        status, _, answer = http_request(fac["url"] + "/settle", "POST", self.fac_headers(fac), body)
        self.assertEqual((status, json.loads(answer)["success"]), (200, True), answer)
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        log("the payer's own request with that payment is served, with a receipt for that transaction")
        status, headers, answer = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200, answer)
        self.assertEqual(json.loads(answer), {"forecast": "sunny", "celsius": 21})
        receipt = unb64json(headers["payment-response"])
        self.assertEqual((receipt["success"], receipt["transaction"], receipt["amount"]), (True, tx_hash, str(self.PRICE)))
        log("its retry (same id, same payment) is answered again; another use of the payment is a replay")
        status, _, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200)
        bare = dict(payload)
        bare.pop("extensions")
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(bare)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "nonce_replayed"))
        other_id = json.loads(json.dumps(payload))
        other_id["extensions"]["payment-identifier"]["info"]["id"] = "pay_someone_else_0001"
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(other_id)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "nonce_replayed"))

        log("someone broadcasts the signed transfer straight to the chain; the payer is still served")
        challenge, payload2, tx2 = self.payment_with_id(url, "pay_front_run_chain_1")
        sent = self.ok(self.user, "wallet_module", "submit_signed_transaction", "str:" + payload2["payload"]["transaction"])
        self.assertEqual(sent["tx_hash"], tx2)
        self.assertEqual(self.net.wait_status(tx2)["status"], "included")
        status, headers, answer = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload2)})
        self.assertEqual(status, 200, answer)
        self.assertEqual(unb64json(headers["payment-response"])["transaction"], tx2)
        self.assertEqual(self.balance("user"), before["user"] - 2 * self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + 2 * self.PRICE)
        counters = self.ok(self.provider, "x402_module", "listResources")["counters"]
        self.assertEqual(counters.get("recovered"), 2, counters)

        log("a payment broadcast elsewhere is served only for the resource it authorizes")
        radar = {"path": "/radar", "price": str(self.PRICE), "payTo": G["merchant"]["account_id"], "body": "radar"}
        merchant = self.start_merchant(self.provider, fac["url"], extra_resources=[radar])
        url = merchant["url"] + "/weather"
        challenge, payload3, tx3 = self.payment_with_id(url, "pay_front_run_chain_2")
        self.ok(self.user, "wallet_module", "submit_signed_transaction", "str:" + payload3["payload"]["transaction"])
        self.assertEqual(self.net.wait_status(tx3)["status"], "included")
        radar_url = merchant["url"] + "/radar"
        moved = dict(payload3, resource=self.challenge_of(radar_url)["resource"])
        status, headers, _ = http_request(radar_url, headers={"PAYMENT-SIGNATURE": b64json(moved)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "invalid_exact_lez_authorization"))
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload3)})
        self.assertEqual(status, 200)
        self.assertEqual(unb64json(headers["payment-response"])["transaction"], tx3)
        self.assertEqual(self.balance("user"), before["user"] - 3 * self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + 3 * self.PRICE)


class X402MerchantHygiene(X402ServerCase):
    def test_402_is_not_cacheable_and_store_integers_stay_in_int64(self):
        fac = self.start_facilitator(self.provider)
        store = {"kind": "store", "price": "3", "payTo": G["merchant"]["account_id"]}
        merchant = self.start_merchant(self.provider, fac["url"], extra_resources=[store])
        status, headers, _ = http_request(merchant["url"] + "/weather")
        self.assertEqual(status, 402)
        self.assertEqual(headers.get("cache-control"), "no-store")
        status, headers, _ = http_request(merchant["url"] + "/weather", headers={"PAYMENT-SIGNATURE": "%%%"})
        self.assertEqual((status, headers.get("cache-control")), (402, "no-store"))
        base = merchant["url"] + "/store/v3/messages?contentTopics=/app/1/t/proto&"
        for key in ("startTime", "endTime", "pageSize"):
            for value in ("9223372036854775808", "9999999999999999999", "99999999999999999999"):
                status, headers, body = http_request(base + key + "=" + value)
                self.assertEqual((status, headers["x-payment-error"]), (400, "invalid_query"), (key, value, body))
                self.assertIn(key, json.loads(body)["message"])
                self.assertIn("9223372036854775807", json.loads(body)["message"])
        status, _, _ = http_request(base + "startTime=9223372036854775807")
        self.assertEqual(status, 402, "the largest int64 is a valid time")
