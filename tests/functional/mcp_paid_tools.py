"""Paid MCP tools (x402 MCP transport, mcp.md §9) over real daemons and lez-localnet, driven by the
official TypeScript SDK client (@modelcontextprotocol/sdk, tests/interop/mcp): the provider's
daemon serves store_messages (priced, answered from its Waku Store archive) and store_peek (free)
on its MCP endpoint. Unpaid call -> the payment-required result; paid retry -> the messages and a
receipt with balances moved exactly; the same payment again -> nonce_replayed; an idempotent retry
with the same payment-identifier id -> the same receipt, no second settlement; the same id with
other arguments -> payment_identifier_conflict; a settlement the chain rejects -> the output is
withheld."""
import json
import threading
import time

from framework import genesis_accounts, log
from x402_server_pay import http_request
from mcp_paid_common import PRICE, TOPIC, McpHttpSession, McpPaidCase, results, sdk, sdk_start, with_payment_id

G = genesis_accounts()


class McpPaidToolsSdk(McpPaidCase):
    def test_sdk_client_pays_a_tool_once_and_a_replay_is_refused(self):
        self.publish(3)
        fac = self.start_facilitator(self.provider)
        mcp = self.start_endpoint(self.provider, fac["url"])
        url = mcp["url"]
        self.assertTrue(url.startswith("http://127.0.0.1:") and url.endswith("/mcp"), url)

        log("the SDK client lists the tools: no outputSchema on the paid tool, its price in the description")
        lines = sdk({"url": url, "list": True, "calls": [{"name": "store_messages", "arguments": self.args()}]})
        tools = {t["name"]: t for t in lines[0]["tools"]}
        self.assertEqual(set(tools), {"store_messages", "store_peek"})
        self.assertNotIn("outputSchema", tools["store_messages"])
        self.assertIn(f"Costs {PRICE} native", tools["store_messages"]["description"])
        self.assertEqual(tools["store_messages"]["inputSchema"]["type"], "object")

        log("unpaid call: the payment-required result (isError, structuredContent = content[0] JSON)")
        [unpaid] = results(lines)
        self.assertTrue(unpaid["isError"])
        challenge = unpaid["structuredContent"]
        self.assertEqual(json.loads(unpaid["content"][0]["text"]), challenge)
        self.assertEqual(challenge["x402Version"], 2)
        self.assertEqual(challenge["error"], "Payment required to access this tool")
        self.assertEqual(challenge["resource"]["url"], "mcp://tool/store_messages")
        self.assertEqual(challenge["accepts"], [{"scheme": "exact", "network": "logos:lez-localnet", "amount": str(PRICE),
                                                 "asset": "native", "payTo": G["merchant"]["account_id"], "maxTimeoutSeconds": 60,
                                                 "extra": {}}])
        self.assertNotIn(TOPIC, json.dumps(unpaid))

        before = {n: self.balance(n) for n in ("user", "merchant")}
        payload, tx_hash = self.pay(challenge)
        log(f"paid retry with _meta[\"x402/payment\"] (transaction {tx_hash[:16]})")
        [paid] = results(sdk({"url": url, "calls": [{"name": "store_messages", "arguments": self.args(),
                                                     "meta": {"x402/payment": payload}}]}))
        self.assertFalse(paid.get("isError", False), paid)
        page = paid["structuredContent"]
        self.assertEqual([m["message"]["contentTopic"] for m in page["messages"]], [TOPIC, TOPIC])
        # The same messages in the text block (JavaScript numbers round the nanosecond timestamps of
        # structuredContent; the text keeps them exact).
        self.assertEqual([m["messageHash"] for m in json.loads(paid["content"][0]["text"])["messages"]],
                         [m["messageHash"] for m in page["messages"]])
        receipt = paid["_meta"]["x402/payment-response"]
        self.assertEqual((receipt["success"], receipt["transaction"], receipt["network"], receipt["amount"]),
                         (True, tx_hash, "logos:lez-localnet", str(PRICE)))
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "included")
        self.assertEqual(self.balance("user"), before["user"] - PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + PRICE)

        log("the same payment again: refused with nonce_replayed, the tool's output withheld, nothing moves")
        [again] = results(sdk({"url": url, "calls": [{"name": "store_messages", "arguments": self.args(),
                                                      "meta": {"x402/payment": payload}}]}))
        self.assertTrue(again["isError"])
        self.assertEqual(again["structuredContent"]["error"], "nonce_replayed")
        self.assertIn("already used", again["content"][1]["text"])
        self.assertNotIn("messages", again["structuredContent"])
        self.assertNotIn(TOPIC, json.dumps(again))
        self.assertEqual(self.balance("user"), before["user"] - PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + PRICE)

        log("the free tool answers without payment")
        [free] = results(sdk({"url": url, "calls": [{"name": "store_peek", "arguments": self.args(3)}]}))
        self.assertFalse(free.get("isError", False), free)
        self.assertEqual(len(free["structuredContent"]["messages"]), 3)

        log("a payment for other terms, for another tool, or malformed: a challenge with its reason, nothing moves")
        payload2, _ = self.pay(challenge)
        cases = [
            (dict(payload2, accepted=dict(payload2["accepted"], amount="1")), "No matching payment requirements found"),
            (dict(payload2, resource={"url": "mcp://tool/store_peek"}), "invalid_exact_lez_resource_mismatch"),
            (dict(payload2, x402Version=1), "invalid_x402_version"),
            ({"x402Version": 2, "payload": {}}, "invalid_payload"),
            (dict(payload2, payload=dict(payload2["payload"], validBefore=payload2["payload"]["validBefore"] + 1)),
             "invalid_exact_lez_authorization"),
        ]
        calls = [{"name": "store_messages", "arguments": self.args(), "meta": {"x402/payment": p}} for p, _ in cases]
        calls.append({"name": "store_messages", "arguments": {"pageSize": "ten"}, "meta": {"x402/payment": payload2}})
        answers = results(sdk({"url": url, "calls": calls}))
        for (_, error), answer in zip(cases, answers):
            self.assertTrue(answer["isError"], answer)
            self.assertEqual(answer["structuredContent"]["error"], error, answer)
        self.assertEqual(answers[-1]["structuredContent"]["code"], "INVALID_ARGUMENTS", answers[-1])
        self.assertEqual(self.balance("user"), before["user"] - PRICE)
        info = self.ok(self.provider, "x402_module", "getMcpEndpointInfo")
        self.assertEqual((info["counters"]["paid"], info["served_payments"]), (1, 1), info)

    def test_idempotent_retry_is_answered_again_without_a_second_settlement(self):
        self.publish(2)
        fac = self.start_facilitator(self.provider)
        url = self.start_endpoint(self.provider, fac["url"])["url"]
        challenge = self.challenge_call(url, self.args())
        self.assertEqual(challenge["extensions"]["payment-identifier"]["info"], {"required": False})
        payload, tx_hash = self.pay(challenge)
        payload = with_payment_id(challenge, payload, "pay_mcp_idempotent_0001")
        before = {n: self.balance(n) for n in ("user", "merchant")}
        call = {"name": "store_messages", "arguments": self.args(), "meta": {"x402/payment": payload}}
        log("the paid call, then the same call again (a client whose answer was lost)")
        first, second = results(sdk({"url": url, "calls": [call, call]}))
        self.assertFalse(first.get("isError", False), first)
        self.assertFalse(second.get("isError", False), second)
        self.assertEqual(first["_meta"]["x402/payment-response"], second["_meta"]["x402/payment-response"])
        self.assertEqual(first["structuredContent"]["messages"], second["structuredContent"]["messages"])
        self.assertEqual(self.balance("user"), before["user"] - PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + PRICE)
        log("the same id and payment with other arguments: payment_identifier_conflict")
        [other] = results(sdk({"url": url, "calls": [dict(call, arguments=self.args(1))]}))
        self.assertEqual(other["structuredContent"]["error"], "payment_identifier_conflict")
        info = self.ok(self.provider, "x402_module", "getMcpEndpointInfo")
        self.assertEqual(info["counters"].get("idempotent_replay"), 1, info)
        self.assertEqual(self.ok(self.provider, "x402_module", "getFacilitatorInfo")["journal"], {"settled": 1})


class McpPaidExactlyOnce(McpPaidCase):
    NEEDS_SDK = False

    def test_a_payment_settled_first_by_someone_else_is_served_to_the_payer_once(self):
        self.publish(2)
        fac = self.start_facilitator(self.provider)
        url = self.start_endpoint(self.provider, fac["url"])["url"]
        s = McpHttpSession(url)
        challenge = s.call("store_messages", self.args())["structuredContent"]
        payload, tx_hash = self.pay(challenge)
        before = {n: self.balance(n) for n in ("user", "merchant")}
        log("an insider with the facilitator token settles the captured payment first")
        body = json.dumps({"x402Version": 2, "paymentPayload": payload, "paymentRequirements": challenge["accepts"][0]})
        status, _, answer = http_request(fac["url"] + "/settle", "POST", self.fac_headers(fac), body)
        self.assertEqual((status, json.loads(answer)["success"]), (200, True), answer)
        log("the payer's own call with that payment is served, with a receipt for that transaction")
        served = s.call("store_messages", self.args(), {"x402/payment": payload})
        self.assertFalse(served.get("isError", False), served)
        self.assertEqual(len(served["structuredContent"]["messages"]), 2)
        receipt = served["_meta"]["x402/payment-response"]
        self.assertEqual((receipt["success"], receipt["transaction"], receipt["amount"]), (True, tx_hash, str(PRICE)))
        log("any further use of it is a replay; the money moved once")
        again = s.call("store_messages", self.args(), {"x402/payment": payload})
        self.assertEqual(again["structuredContent"]["error"], "nonce_replayed")
        self.assertEqual(self.balance("user"), before["user"] - PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + PRICE)
        counters = self.ok(self.provider, "x402_module", "getMcpEndpointInfo")["counters"]
        self.assertEqual(counters.get("recovered"), 1, counters)

    def test_twenty_concurrent_calls_with_one_payment_are_served_once_and_charged_once(self):
        self.publish(2)
        fac = self.start_facilitator(self.provider)
        url = self.start_endpoint(self.provider, fac["url"])["url"]
        sessions = [McpHttpSession(url) for _ in range(20)]
        challenge = sessions[0].call("store_messages", self.args())["structuredContent"]
        payload, tx_hash = self.pay(challenge)
        before = {n: self.balance(n) for n in ("user", "merchant")}
        answers = []
        barrier = threading.Barrier(20)

        def one(s):
            barrier.wait()
            answers.append(s.call("store_messages", self.args(), {"x402/payment": payload}))

        log("20 sessions send the same payment at once")
        threads = [threading.Thread(target=one, args=(s,)) for s in sessions]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(len(answers), 20)
        served = [a for a in answers if not a.get("isError")]
        refused = [a for a in answers if a.get("isError")]
        self.assertEqual(len(served), 1, answers)
        self.assertEqual(served[0]["_meta"]["x402/payment-response"]["transaction"], tx_hash)
        self.assertTrue(all(a["structuredContent"]["error"] == "nonce_replayed" and "messages" not in a["structuredContent"]
                            for a in refused), refused)
        self.assertEqual(self.balance("user"), before["user"] - PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + PRICE)
        info = self.ok(self.provider, "x402_module", "getMcpEndpointInfo")
        self.assertEqual((info["counters"]["paid"], info["served_payments"]), (1, 1), info)
        for s in sessions:
            s.close()


class McpPaidSettlementFailure(McpPaidCase):
    # Blocks only when the test makes them: the conflicting transfer lands first, the payment's
    # transaction is then rejected by the chain after it was verified and broadcast.
    LOCALNET = {"manual_blocks": True, "tick_s": None}

    def test_a_settlement_the_chain_rejects_withholds_the_output(self):
        self.publish(2)
        fac = self.start_facilitator(self.provider, settle_timeout_ms=60000)
        url = self.start_endpoint(self.provider, fac["url"])["url"]
        challenge = self.challenge_call(url, self.args())
        payload, tx_hash = self.pay(challenge)
        log("the payer signs a second transfer with the same nonce and sends it first")
        drain = self.ok(self.user, "wallet_module", "sign_transfer_public", G["user"]["account_id"], G["provider"]["account_id"],
                        "str:7")
        self.assertEqual(self.net.rpc("sendTransaction", [drain["transaction_base64"]]), drain["tx_hash"])
        before = {n: self.balance(n) for n in ("user", "merchant")}

        log("the paid call is verified (nonce still free) and its transaction broadcast; then one block decides")
        proc = sdk_start({"url": url, "calls": [{"name": "store_messages", "arguments": self.args(),
                                                 "meta": {"x402/payment": payload}}]})
        deadline = time.time() + 30
        while time.time() < deadline and self.net.rpc("getTransactionStatus", [tx_hash])["status"] != "pending":
            time.sleep(0.05)
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "pending")
        self.net.produce_block(int(time.time() * 1000))
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        [answer] = results([json.loads(line) for line in out.splitlines() if line.strip()])
        self.assertEqual(self.net.wait_status(tx_hash)["status"], "rejected")
        self.assertEqual(self.net.wait_status(drain["tx_hash"])["status"], "included")

        log("the answer is the settlement-failure result: the messages are withheld")
        self.assertTrue(answer["isError"], answer)
        self.assertEqual(answer["structuredContent"]["error"], "Payment settlement failed: invalid_transaction_state")
        self.assertEqual(json.loads(answer["content"][0]["text"]), answer["structuredContent"])
        receipt = answer["_meta"]["x402/payment-response"]
        self.assertEqual((receipt["success"], receipt["errorReason"], receipt["transaction"]), (False, "invalid_transaction_state", ""))
        self.assertNotIn("messages", answer["structuredContent"])
        self.assertNotIn(TOPIC, json.dumps(answer))
        self.assertEqual(self.balance("merchant"), before["merchant"])
        self.assertEqual(self.balance("user"), before["user"] - 7)
        info = self.ok(self.provider, "x402_module", "getMcpEndpointInfo")
        self.assertEqual((info["counters"].get("paid", 0), info["served_payments"]), (0, 0), info)
