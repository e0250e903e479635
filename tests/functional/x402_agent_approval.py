"""x402 agent: a spend request created without asking the owner (request_approval=false) stays
`created` until requestSpendRequestApproval opens its approval window, then it is
pending_approval with the window the agent's configuration sets, is listed and audited as such,
and the owner's approval pays the merchant exactly once. Asking twice, or for an unknown id, is
refused with INVALID_TRANSITION / SPEND_REQUEST_NOT_FOUND and changes nothing."""
import x402_agent_pay
from framework import genesis_accounts, log

G = genesis_accounts()
WINDOW = 120


class X402AgentApproval(x402_agent_pay.X402AgentCase):
    def test_request_approval_opens_the_window_of_a_created_request(self):
        self.agent("configureAgent", {"approval_window_seconds": WINDOW})
        created = self.agent("createSpendRequest", {"merchant_name": "Weather Co", "merchant_url": self.url,
                                                    "pay_to": G["merchant"]["account_id"], "amount": str(self.PRICE),
                                                    "reason": x402_agent_pay.REASON, "request_approval": False})
        sr = created["spend_request"]
        rid = sr["id"]
        self.assertEqual((sr["status"], sr["approval_requested_at"]), ("created", 0), sr)
        self.assertEqual(self.agent("listSpendRequests", {"status": "pending_approval"})["count"], 0)

        log("requestSpendRequestApproval: pending, with the configured window")
        asked = self.agent("requestSpendRequestApproval", {"id": rid})["spend_request"]
        self.assertEqual(asked["status"], "pending_approval")
        self.assertGreater(asked["approval_requested_at"], 0)
        self.assertEqual(asked["approval_expires_at"] - asked["approval_requested_at"], WINDOW)
        self.assertEqual(self.agent("getSpendRequest", {"id": rid})["spend_request"], asked)
        listed = self.agent("listSpendRequests", {"status": "pending_approval"})
        self.assertEqual((listed["count"], listed["spend_requests"][0]["id"]), (1, rid))
        self.assertIn(("approval_requested", rid), self.audit_events())

        log("asking again, or for an unknown id, is refused and changes nothing")
        again = self.agent_error("INVALID_TRANSITION", "requestSpendRequestApproval", {"id": rid})
        self.assertIn("it is pending_approval", again["message"])
        missing = self.agent_error("SPEND_REQUEST_NOT_FOUND", "requestSpendRequestApproval", {"id": "lsrq_missing"})
        self.assertIn("lsrq_missing", missing["message"])
        self.assertEqual(self.agent("getSpendRequest", {"id": rid})["spend_request"], asked)

        log("the owner approves the request the window was opened for; the GET pays once")
        before = self.balances()
        self.assertEqual(self.agent("approveSpendRequest", {"id": rid})["spend_request"]["status"], "approved")
        paid = self.http_get(spend_request_id=rid)
        self.assertEqual((paid["http_status"], paid["payment"]), (200, "paid"), paid)
        after = self.balances()
        self.assertEqual(after["merchant"], before["merchant"] + self.PRICE)
        self.assertEqual(after["agent_owner"], before["agent_owner"] - self.PRICE)


if __name__ == "__main__":
    import unittest
    unittest.main()
