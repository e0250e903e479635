"""lezpay-mcp end to end with the official MCP TypeScript SDK client (@modelcontextprotocol/sdk
1.32.2, tests/interop/mcp) over stdio and over Streamable HTTP, against real daemons and
lez-localnet: a provider daemon (facilitator, x402 merchant, Store node priced with x402) and the
user's daemon (wallet, delivery, x402 agent). The client initializes and lists the tools;
fetch_paid waits (with progress notifications that arrive live, before the decision, over both transports) while the owner approves through the CLI with the
owner's token, then pays and returns the content and the settlement with balances moved exactly; a
declined request and a cancelled wait are reported and leave the request as the owner left it;
the used spend request cannot pay again (replay refused); a price above max_amount never reaches
the owner; store_query pays a Store query with x402; call_paid_tool answers a clear code while the
agent's x402_module has no callPaidTool."""
import json
import os
import time
import unittest

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log
from mcp_common import LEZPAY_MCP, HttpMcp, SdkClient, ensure_node_modules, issue_agent_token, mcp_args

G = genesis_accounts()
PASSWORD = "owner password"
REASON = ("Fetch today's weather forecast for Paris from the weather merchant so that the delivery "
          "plan for tomorrow's customer orders can avoid the storm.")
PRICE = 25
STORE_PRICE = 7
PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/mcp-agent/proto"
TOOLS = {"fetch_paid", "spend_request_status", "list_spend_requests", "wallet_balance", "store_query", "stream_status",
         "call_paid_tool"}


class McpAgentTools(DaemonTestCase):
    def setUp(self):
        super().setUp()
        skip = ensure_node_modules()
        if skip:
            self.skipTest(skip)
        self.assertTrue(os.path.exists(LEZPAY_MCP), "lezpay-mcp is not built")
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
        provider_addr = self.ok(self.provider, "delivery_module", "start")["multiaddr"]
        self.ok(self.provider, "delivery_module", "setEligibilityVerifier", "x402_module", "proof_of_payment")
        self.store_requirements = self.ok(self.provider, "x402_module", "configureStorePayment", "json:" + json.dumps(
            {"amount": str(STORE_PRICE), "payTo": G["merchant"]["account_id"]}))["requirements"]
        fac = self.ok(self.provider, "x402_module", "startFacilitator", "json:" + json.dumps({"port": 0}))
        resources = [{"path": p, "price": str(PRICE), "payTo": G["merchant"]["account_id"], "maxTimeoutSeconds": 60,
                      "mimeType": "application/json", "body": body}
                     for p, body in (("/weather", {"forecast": "sunny", "celsius": 21}), ("/radar", {"radar": "clear"}),
                                     ("/tides", {"tide": "high"}))]
        merchant = self.ok(self.provider, "x402_module", "startMerchant",
                           "json:" + json.dumps({"port": 0, "facilitator_url": fac["url"], "resources": resources}))
        self.base = merchant["url"]
        self.ok(self.user, "delivery_module", "createNode",
                "json:" + json.dumps({"storeService": False, "storeNode": provider_addr}))
        self.ok(self.user, "delivery_module", "start")
        self.ok(self.user, "delivery_module", "setEligibilityProvider", "x402_module", "proof_of_payment")
        self.ok(self.user, "wallet_module", "create_new", "str:" + PASSWORD)
        self.ok(self.user, "wallet_module", "import_account_private_key", "str:" + G["agent_owner"]["secret_key_hex"])
        self.owner("configureAgent", {"owner_account": G["agent_owner"]["account_id"]})
        self.token_file = issue_agent_token(self.user)
        self.config = os.path.join(self.tmp, "mcp.json")
        with open(self.config, "w") as f:
            json.dump({"console_url": "http://127.0.0.1:8090/", "approval_poll_ms": 100, "max_wait_seconds": 60,
                       "store": {"payment_requirements": self.store_requirements}}, f)
        self.client = SdkClient(os.path.join(self.tmp, "sdk-client.log"))
        self.http = None

    def tearDown(self):
        self.client.close()
        if self.http:
            self.http.stop()
        super().tearDown()

    def ok(self, node, module, op, *args, timeout=60):
        return self.assert_ok(node.call(module, op, *args, timeout=timeout))["result"]

    def owner(self, op, params=None):
        """The owner acts through the CLI with the daemon's own (unscoped) token."""
        return self.ok(self.user, "x402_module", "chainAction", op, "json:" + json.dumps(params or {}))

    def balances(self):
        return {n: int(self.net.rpc("getAccountBalance", [G[n]["account_id"]])) for n in ("agent_owner", "merchant")}

    def wait_pending(self, known=(), timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for sr in self.owner("listSpendRequests", {"status": "pending_approval"})["spend_requests"]:
                if sr["id"] not in known:
                    return sr
            time.sleep(0.1)
        raise AssertionError("no spend request reached pending_approval")

    def fetch(self, path, **kw):
        return dict({"url": self.base + path, "reason": REASON, "max_amount": str(PRICE)}, **kw)

    def connect(self, transport):
        if transport == "stdio":
            return self.client.call("connect", transport="stdio", command=LEZPAY_MCP,
                                    args=mcp_args(self.user, self.token_file, "--config", self.config))
        self.http = HttpMcp(self.user, self.token_file, self.tmp, "--config", self.config)
        return self.client.call("connect", transport="http", url=self.http.url)

    def scenario(self, transport):
        log(f"{transport}: the SDK client connects (initialize + initialized) and lists the tools")
        hello = self.connect(transport)
        self.assertEqual(hello["serverVersion"]["name"], "lez-pay-mcp")
        self.assertEqual(hello["capabilities"], {"tools": {"listChanged": False}})
        self.assertIn("approval", hello["instructions"])
        if transport == "http":
            self.assertRegex(hello["sessionId"], "^[0-9a-f]{64}$")
        tools = {t["name"]: t for t in self.client.call("listTools")["result"]["tools"]}
        self.assertEqual(set(tools), TOOLS)
        for t in tools.values():
            self.assertEqual(t["inputSchema"]["type"], "object")
            self.assertTrue(t["description"])
            self.assertNotIn("outputSchema", t)
        self.assertEqual(set(tools["fetch_paid"]["inputSchema"]["required"]), {"url", "reason", "max_amount"})

        log("fetch_paid waits for the owner, who approves in between; then it pays and returns the content")
        before = self.balances()
        tag = self.client.send("callTool", name="fetch_paid", arguments=self.fetch("/weather", wait_seconds=30),
                               progress=True, timeoutMs=60000)
        sr = self.wait_pending()
        self.assertEqual((sr["amount"], sr["reason"]), (str(PRICE), REASON))
        self.assertEqual(self.balances(), before)
        log(f"{transport}: progress notifications arrive while the call still waits, before the owner decides")
        early = self.client.wait_progress(tag, count=2, timeout=20)
        approved_at = time.time()
        self.assertLess(early[1]["received_at"], approved_at)
        self.assertIn(sr["id"], early[0]["message"])
        self.owner("approveSpendRequest", {"id": sr["id"]})
        answer = self.client.wait(tag, timeout=60)
        self.assertTrue(answer["ok"], answer)
        result = answer["result"]
        self.assertFalse(result.get("isError", False), result)
        sc = result["structuredContent"]
        self.assertEqual((sc["status"], sc["http_status"], sc["spend_request_id"]), ("paid", 200, sr["id"]))
        self.assertEqual(json.loads(sc["body"]), {"forecast": "sunny", "celsius": 21})
        self.assertTrue(sc["settlement"]["success"])
        self.assertEqual(json.loads(result["content"][0]["text"]), sc)
        progress = self.client.progress.get(tag, [])
        self.assertGreaterEqual(len(progress), 1, "no progress notification while waiting")
        self.assertIn(sr["id"], progress[0]["message"])
        self.assertEqual([p["progress"] for p in progress], sorted({p["progress"] for p in progress}))
        after = self.balances()
        self.assertEqual(after["agent_owner"], before["agent_owner"] - PRICE)
        self.assertEqual(after["merchant"], before["merchant"] + PRICE)
        self.assertEqual(self.owner("getSpendRequest", {"id": sr["id"]})["spend_request"]["status"], "succeeded")

        log("replaying the used spend request is refused and pays nothing")
        replay = self.client.call_tool("fetch_paid", self.fetch("/weather", spend_request_id=sr["id"]))
        self.assertTrue(replay["isError"], replay)
        self.assertIn(replay["structuredContent"]["code"], ("INVALID_TRANSITION", "CREDENTIAL_USED"), replay)
        self.assertEqual(self.balances(), after)

        log("spend_request_status, list_spend_requests and wallet_balance read through the agent token")
        st = self.client.call_tool("spend_request_status", {"spend_request_id": sr["id"]})
        self.assertEqual(st["structuredContent"]["spend_request"]["status"], "succeeded")
        ls = self.client.call_tool("list_spend_requests", {"status": "succeeded"})
        self.assertEqual([r["id"] for r in ls["structuredContent"]["spend_requests"]], [sr["id"]])
        bal = self.client.call_tool("wallet_balance", {})
        self.assertEqual(bal["structuredContent"]["balance"], str(after["agent_owner"]))

        log("a price above max_amount is refused before the owner is asked")
        high = self.client.call_tool("fetch_paid", self.fetch("/tides", max_amount=str(PRICE - 1)))
        self.assertTrue(high["isError"])
        self.assertEqual(high["structuredContent"]["code"], "AMOUNT_ABOVE_MAX")
        self.assertEqual(self.owner("listSpendRequests", {"status": "pending_approval"})["spend_requests"], [])

        log("wait_seconds 0: approval_pending at once, with the request id and the console URL")
        pending = self.client.call_tool("fetch_paid", self.fetch("/tides"))
        self.assertFalse(pending.get("isError", False))
        p = pending["structuredContent"]
        self.assertEqual((p["status"], p["console_url"]), ("approval_pending", "http://127.0.0.1:8090/"))
        self.owner("declineSpendRequest", {"id": p["spend_request_id"], "reason": "not today"})

        log("a declined request: the waiting call answers SPEND_REQUEST_DENIED with the owner's reason")
        tag = self.client.send("callTool", name="fetch_paid", arguments=self.fetch("/radar", wait_seconds=30),
                               progress=True, timeoutMs=60000)
        declined = self.wait_pending(known={p["spend_request_id"]})
        self.owner("declineSpendRequest", {"id": declined["id"], "reason": "too expensive"})
        answer = self.client.wait(tag, timeout=30)
        self.assertTrue(answer["result"]["isError"], answer)
        self.assertEqual(answer["result"]["structuredContent"]["code"], "SPEND_REQUEST_DENIED")
        self.assertIn("too expensive", answer["result"]["content"][0]["text"])

        log("a cancelled wait stops and leaves the spend request pending for the owner")
        tag = self.client.send("callTool", name="fetch_paid", arguments=self.fetch("/radar", wait_seconds=60),
                               progress=True, timeoutMs=90000)
        waiting = self.wait_pending(known={p["spend_request_id"], declined["id"]})
        self.client.send("cancel", tag=tag)
        answer = self.client.wait(tag, timeout=15)
        self.assertFalse(answer["ok"])
        time.sleep(0.5)
        self.assertEqual(self.owner("getSpendRequest", {"id": waiting["id"]})["spend_request"]["status"], "pending_approval")
        self.client.call("ping")

        log("store_query pays one Store query with x402 (the provider's price) and returns the messages")
        for i in range(2):
            self.ok(self.user, "delivery_module", "send", TOPIC, f"str:paid message {i}")
        deadline = time.time() + 10
        while self.ok(self.provider, "delivery_module", "getNodeInfo")["archive"]["messages"] < 2:
            self.assertLess(time.time(), deadline, "messages were not archived")
            time.sleep(0.05)
        before = self.balances()
        store = self.client.call_tool("store_query", {"content_topics": [TOPIC], "pubsub_topic": PUBSUB,
                                                      "max_amount": str(STORE_PRICE)})
        self.assertFalse(store.get("isError", False), store)
        self.assertEqual(store["structuredContent"]["status_code"], 200)
        self.assertEqual(sorted(m["payload_text"] for m in store["structuredContent"]["messages"]),
                         ["paid message 0", "paid message 1"])
        self.assertEqual(self.balances()["agent_owner"], before["agent_owner"] - STORE_PRICE)
        low = self.client.call_tool("store_query", {"content_topics": [TOPIC], "max_amount": str(STORE_PRICE - 1)})
        self.assertEqual(low["structuredContent"]["code"], "AMOUNT_ABOVE_MAX")

        log("call_paid_tool answers a stable code while x402_module has no callPaidTool operation")
        paid = self.client.call_tool("call_paid_tool", {"server_url": "http://127.0.0.1:1/mcp", "tool": "store_messages",
                                                        "reason": REASON, "max_amount": "5"})
        self.assertTrue(paid["isError"])
        if paid["structuredContent"]["code"] == "PAID_TOOL_CLIENT_UNAVAILABLE":
            self.assertIn("callPaidTool", paid["content"][0]["text"])
        self.assertEqual(self.balances()["agent_owner"], before["agent_owner"] - STORE_PRICE)

        log("bad arguments are a tool error naming the argument, an unknown tool a -32602 protocol error")
        bad = self.client.call_tool("fetch_paid", {"url": self.base + "/radar", "reason": REASON})
        self.assertEqual(bad["structuredContent"]["code"], "INVALID_ARGUMENTS")
        self.assertIn("max_amount", bad["content"][0]["text"])
        unknown = self.client.wait(self.client.send("callTool", name="no_such_tool", arguments={}))
        self.assertFalse(unknown["ok"])
        self.assertEqual(unknown["error"]["code"], -32602)

    def test_over_stdio(self):
        self.scenario("stdio")

    def test_over_streamable_http(self):
        self.scenario("http")


if __name__ == "__main__":
    unittest.main()
