"""lezpay-mcp's call_paid_tool and stream_status end to end, driven by the official MCP TypeScript
SDK client over stdio, against real daemons and lez-localnet: the provider's daemon serves a paid
MCP endpoint (x402_module startMcpEndpoint, tool store_messages answered from its Store archive);
the user's daemon pays through its x402_module with the agent's scoped token. call_paid_tool waits
(progress notifications) while the owner approves through the CLI, then pays: the tool's messages
and the settlement come back, balances move by exactly the price, the spend request succeeds and a
second call needs a new approval. stream_status reads a funded vault and a paused stream, every
amount checked against the chain."""
import json
import os
import time

from framework import genesis_accounts, log
from mcp_common import LEZPAY_MCP, SdkClient, ensure_node_modules, issue_agent_token, mcp_args
from mcp_paid_common import PRICE, TOPIC, McpPaidCase

G = genesis_accounts()
USER = G["user"]["account_id"]
PROVIDER = G["provider"]["account_id"]
REASON = ("Read the two latest messages of the delivery topic from the provider's Store archive, needed to "
          "reconcile yesterday's customer orders before the owner's morning report.")
DEPOSIT = 10000
ALLOCATION = 1000
RATE = 3


class McpPaidViaAgent(McpPaidCase):
    def setUp(self):
        super().setUp()
        skip = ensure_node_modules()
        if skip:
            self.skipTest(skip)
        self.assertTrue(os.path.exists(LEZPAY_MCP), "lezpay-mcp is not built")
        self.user.load("x402_module")
        self.owner("configureAgent", {"owner_account": USER})
        self.token_file = issue_agent_token(self.user)
        self.config = os.path.join(self.tmp, "mcp.json")
        with open(self.config, "w") as f:
            json.dump({"approval_poll_ms": 100, "max_wait_seconds": 60}, f)
        self.client = SdkClient(os.path.join(self.tmp, "sdk-client.log"))
        self.client.call("connect", transport="stdio", command=LEZPAY_MCP,
                         args=mcp_args(self.user, self.token_file, "--config", self.config))

    def tearDown(self):
        self.client.close()
        super().tearDown()

    def owner(self, op, params=None):
        """The owner acts through the CLI with the daemon's own (unscoped) token."""
        return self.ok(self.user, "x402_module", "chainAction", op, "json:" + json.dumps(params or {}))

    def balances(self):
        return {n: self.balance(n) for n in ("user", "merchant")}

    def wait_pending(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pending = self.owner("listSpendRequests", {"status": "pending_approval"})["spend_requests"]
            if pending:
                return pending[0]
            time.sleep(0.1)
        raise AssertionError("no spend request reached pending_approval")

    def test_call_paid_tool_with_owner_approval(self):
        self.publish(3)
        fac = self.start_facilitator(self.provider)
        url = self.start_endpoint(self.provider, fac["url"])["url"]
        before = self.balances()
        call = {"server_url": url, "tool": "store_messages", "arguments": self.args(), "reason": REASON,
                "max_amount": str(PRICE + 1)}

        log("call_paid_tool waits for the owner (progress notifications); nothing is paid before approval")
        tag = self.client.send("callTool", name="call_paid_tool", arguments=dict(call, wait_seconds=30), progress=True,
                               timeoutMs=60000)
        sr = self.wait_pending()
        self.assertEqual((sr["amount"], sr["pay_to"], sr["resource_url"], sr["merchant_url"], sr["reason"]),
                         (str(PRICE), G["merchant"]["account_id"], "mcp://tool/store_messages", url, REASON))
        self.client.wait_progress(tag)
        self.assertEqual(self.balances(), before)
        self.owner("approveSpendRequest", {"id": sr["id"]})

        log("approved: the tool's messages and the settlement come back, balances move by exactly the price")
        answer = self.client.wait(tag, timeout=60)
        self.assertTrue(answer["ok"], answer)
        result = answer["result"]
        self.assertFalse(result.get("isError", False), result)
        sc = result["structuredContent"]
        self.assertEqual((sc["status"], sc["spend_request_id"], sc["amount"]), ("paid", sr["id"], str(PRICE)))
        tool_result = sc["result"]
        self.assertFalse(tool_result.get("isError", False), tool_result)
        self.assertEqual([m["message"]["contentTopic"] for m in tool_result["structuredContent"]["messages"]], [TOPIC, TOPIC])
        st = sc["settlement"]
        self.assertTrue(st["success"], st)
        self.assertEqual(tool_result["_meta"]["x402/payment-response"]["transaction"], st["transaction"])
        self.assertEqual(self.net.rpc("getTransactionStatus", [st["transaction"]])["status"], "included")
        self.assertIn(sr["id"], self.client.progress[tag][0]["message"])
        after = self.balances()
        self.assertEqual(after["user"], before["user"] - PRICE)
        self.assertEqual(after["merchant"], before["merchant"] + PRICE)
        self.assertEqual(self.owner("getSpendRequest", {"id": sr["id"]})["spend_request"]["status"], "succeeded")

        log("the used credential pays nothing more: the next call is approval_pending again")
        again = self.client.call_tool("call_paid_tool", call)
        self.assertFalse(again.get("isError", False), again)
        self.assertEqual(again["structuredContent"]["status"], "approval_pending")
        self.assertNotEqual(again["structuredContent"]["spend_request_id"], sr["id"])
        replay = self.client.call_tool("call_paid_tool", dict(call, spend_request_id=sr["id"]))
        self.assertTrue(replay["isError"], replay)
        self.assertEqual(self.balances(), after)

    def test_stream_status_of_a_funded_vault(self):
        self.require_modules("payment_streams_module")
        self.user.load("payment_streams_module")
        ps = lambda op, p: self.ok(self.user, "payment_streams_module", "chainAction", op, "json:" + json.dumps(p), timeout=90)  # noqa: E731
        ps("initializeVault", {"owner": USER, "vault_id": 0})
        ps("deposit", {"owner": USER, "vault_id": 0, "amount": str(DEPOSIT)})
        created = ps("createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": RATE,
                                      "allocation": str(ALLOCATION)})
        sid = created["stream_id"]
        time.sleep(2.2)  # chain time moves with the blocks: something accrues before the pause
        # Paused, the amounts stop moving, so the tool's answer can be compared with the chain exactly.
        paused = ps("pauseStream", {"owner": USER, "vault_id": 0, "stream_id": sid})["stream"]
        accrued = int(paused["accrued"])
        self.assertGreater(accrued, 0)
        log(f"vault 0 funded with {DEPOSIT}, stream {sid} of {ALLOCATION} at rate {RATE}, paused with {accrued} accrued")

        answer = self.client.call_tool("stream_status", {"vault_id": 0})
        self.assertFalse(answer.get("isError", False), answer)
        sc = answer["structuredContent"]
        self.assertEqual((sc["owner"], str(sc["vault_id"])), (USER, "0"))
        self.assertEqual(sc["vault"], {"balance": str(DEPOSIT), "total_allocated": str(ALLOCATION),
                                       "unallocated": str(DEPOSIT - ALLOCATION), "next_stream_id": sid + 1})
        [s] = sc["streams"]
        chain = s["chain"]
        self.assertEqual((s["stream_id"], s["provider"], chain["provider"], chain["rate"]), (sid, PROVIDER, PROVIDER, RATE))
        self.assertEqual((chain["stream_state"], chain["allocation"], chain["accrued"], chain["unaccrued"]),
                         ("Paused", str(ALLOCATION), str(accrued), str(ALLOCATION - accrued)))
        direct = ps("getStreamStatus", {"owner": USER, "vault_id": 0, "stream_id": sid})
        self.assertEqual((direct["accrued"], direct["unaccrued"]), (chain["accrued"], chain["unaccrued"]))

        log("a vault that does not exist is a tool error with the module's code")
        missing = self.client.call_tool("stream_status", {"vault_id": 7})
        self.assertTrue(missing["isError"], missing)
        self.assertEqual(missing["structuredContent"]["code"], "VAULT_NOT_FOUND")
