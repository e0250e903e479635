"""x402_module's callPaidTool end to end over real daemons and lez-localnet: the user's agent, holding
only an `agent`-scoped token, calls the provider's paid MCP tool store_messages; the first call
opens a spend request (nothing paid), the agent token cannot approve it, the owner approves, and
the next call pays with the approved credential: the Store messages come back with the receipt,
balances move exactly, the spend request succeeds. A price above max_amount is refused before
anything is requested, a free tool is called without payment, an unknown tool is the server's
JSON-RPC error."""
import json
import os

from framework import genesis_accounts, log
from mcp_paid_common import PRICE, TOPIC, McpPaidCase

G = genesis_accounts()
REASON = ("Read the two latest messages of the delivery topic from the provider's Store archive, needed to "
          "reconcile yesterday's customer orders before the owner's morning report.")


class McpPaidAgent(McpPaidCase):
    NEEDS_SDK = False

    def setUp(self):
        super().setUp()
        self.user.load("x402_module")
        self.ok(self.user, "x402_module", "chainAction", "configureAgent",
                "json:" + json.dumps({"owner_account": G["user"]["account_id"]}))
        issued = self.user.cli("issue-token", "--name", "shopper", "--scope", "agent")
        self.shopper = self.assert_ok(issued)["token"]

    def as_agent(self, op, params):
        return self.user.cli("call", "x402_module", "chainAction", op, "json:" + json.dumps(params), timeout=90,
                             env_extra={"LOGOSCORE_TOKEN": self.shopper})

    def call_tool(self, url, tool="store_messages", **params):
        params = dict({"server_url": url, "tool": tool, "arguments": self.args(), "reason": REASON, "max_amount": "10"}, **params)
        return self.assert_ok(self.as_agent("callPaidTool", params))["result"]

    def balances(self):
        return {n: self.balance(n) for n in ("user", "merchant")}

    def test_call_paid_tool_with_owner_approval(self):
        self.publish(3)
        fac = self.start_facilitator(self.provider)
        url = self.start_endpoint(self.provider, fac["url"])["url"]
        before = self.balances()

        log("the agent calls the paid tool: a spend request for the owner, nothing paid")
        first = self.call_tool(url)
        self.assertEqual(first["payment"], "approval_pending", first)
        rid = first["spend_request_id"]
        sr = first["spend_request"]
        self.assertEqual((sr["status"], sr["amount"], sr["pay_to"], sr["resource_url"], sr["merchant_url"]),
                         ("pending_approval", str(PRICE), G["merchant"]["account_id"], "mcp://tool/store_messages", url))
        self.assertEqual(first["payment_required"]["error"], "Payment required to access this tool")
        self.assertEqual(self.balances(), before)
        log("asking again reuses the pending request")
        self.assertEqual(self.call_tool(url)["spend_request_id"], rid)

        log("the agent token may not approve; the owner does")
        self.expect_error(self.as_agent("approveSpendRequest", {"id": rid}), "FORBIDDEN", "approveSpendRequest", exit_code=4)
        approved = self.ok(self.user, "x402_module", "chainAction", "approveSpendRequest", "json:" + json.dumps({"id": rid}))
        cred = approved["spend_request"]["credential"]
        self.assertEqual(self.balances(), before)

        log("the agent calls again: paid with the credential, the messages and the receipt come back")
        paid = self.call_tool(url)
        self.assertEqual(paid["payment"], "paid", paid)
        self.assertEqual(paid["spend_request_id"], rid)
        self.assertFalse(paid["result"].get("isError", False))
        self.assertEqual([m["message"]["contentTopic"] for m in paid["result"]["structuredContent"]["messages"]], [TOPIC, TOPIC])
        st = paid["settlement"]
        self.assertEqual((st["success"], st["transaction"]), (True, cred["tx_hash"]))
        self.assertEqual(paid["result"]["_meta"]["x402/payment-response"]["transaction"], cred["tx_hash"])
        self.assertEqual(self.net.rpc("getTransactionStatus", [cred["tx_hash"]])["status"], "included")
        after = self.balances()
        self.assertEqual(after["user"], before["user"] - PRICE)
        self.assertEqual(after["merchant"], before["merchant"] + PRICE)
        self.assertEqual(paid["spend_request"]["status"], "succeeded")

        log("the next call needs a new approval: the credential is used once")
        third = self.call_tool(url)
        self.assertEqual(third["payment"], "approval_pending")
        self.assertNotEqual(third["spend_request_id"], rid)
        self.assertEqual(self.balances(), after)
        entries = self.ok(self.user, "x402_module", "chainAction", "getAuditLog", "json:{}")["entries"]
        events = [(e["event"], e.get("spend_request_id")) for e in entries]
        for e in ("spend_request_created", "spend_request_approved", "payment_sent", "payment_succeeded"):
            self.assertIn((e, rid), events)

        log("a price above max_amount is refused before any spend request exists")
        count = len(self.ok(self.user, "x402_module", "chainAction", "listSpendRequests", "json:{}")["spend_requests"])
        r = self.as_agent("callPaidTool", {"server_url": url, "tool": "store_messages", "arguments": self.args(1), "reason": REASON,
                                           "max_amount": str(PRICE - 1)})
        self.expect_error(r, "AMOUNT_ABOVE_MAX", "above max_amount")
        self.assertEqual(len(self.ok(self.user, "x402_module", "chainAction", "listSpendRequests", "json:{}")["spend_requests"]), count)

        log("a free tool: no payment; an unknown tool: the server's JSON-RPC error")
        free = self.call_tool(url, tool="store_peek", arguments=self.args(3))
        self.assertEqual(free["payment"], "none")
        self.assertEqual(len(free["result"]["structuredContent"]["messages"]), 3)
        err = self.expect_error(self.as_agent("callPaidTool", {"server_url": url, "tool": "nope", "reason": REASON}), "MCP_RPC_ERROR",
                                "unknown tool")
        self.assertEqual(err["rpc_error"]["code"], -32602)
        log("a server that is not there: HTTP_ERROR")
        self.expect_error(self.as_agent("callPaidTool", {"server_url": "http://127.0.0.1:1/mcp", "tool": "t", "reason": REASON}),
                          "HTTP_ERROR", "HTTP_")
        self.assertEqual(self.balances(), after)
