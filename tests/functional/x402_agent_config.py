"""x402 agent parameters read through the SDK's typed accessors: every form the descriptor accepts
reaches the agent (caps and amounts as decimal text, JSON integers or `_lo`/`_hi` halves; counts and
seconds as integers or decimal text), and hostile values are refused with the agent's code and a
sentence that names the field. One daemon, no chain: configureAgent and createSpendRequest touch
only the agent's state files."""
import json

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log

G = genesis_accounts()
REASON = ("Fetch today's weather forecast for Paris from the weather merchant so that the delivery "
          "plan for tomorrow's customer orders can avoid the storm.")
U64_MAX = 18446744073709551615


class X402AgentConfig(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        self.node = self.start_daemon("agent", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "delivery_module", "x402_module"):
            self.node.load(m)

    def agent_call(self, op, params):
        return self.node.call("x402_module", "chainAction", op, "json:" + json.dumps(params), timeout=30)

    def agent(self, op, params):
        return self.assert_ok(self.agent_call(op, params))["result"]

    def spend_request(self, **amount):
        params = {"merchant_name": "Weather Co", "merchant_url": "http://127.0.0.1:9/weather",
                  "pay_to": G["merchant"]["account_id"], "reason": REASON, "request_approval": False}
        params.update(amount)
        return self.agent("createSpendRequest", params)["spend_request"]

    def test_every_declared_form_reaches_the_agent(self):
        log("caps as a JSON integer, as decimal text and as u64 halves")
        cfg = self.agent("configureAgent", {"per_request_cap": 70, "daily_cap_lo": 90, "monthly_cap": "1000"})
        self.assertEqual((cfg["policy"]["per_request_cap"], cfg["policy"]["daily_cap"], cfg["policy"]["monthly_cap"]),
                         ("70", "90", "1000"))
        log("counts and seconds as decimal text")
        cfg = self.agent("configureAgent", {"approval_window_seconds": "900", "min_reason_chars": "20",
                                            "http_timeout_ms": "5000", "wallet_timeout_ms": 50})
        self.assertEqual((cfg["policy"]["approval_window_seconds"], cfg["policy"]["min_reason_chars"]), (900, 20))
        self.assertEqual((cfg["http_timeout_ms"], cfg["wallet_timeout_ms"]), (5000, 100))  # clamped to 100..600000
        log("a spend request's amount in each form, and max_timeout_seconds as text")
        self.assertEqual(self.spend_request(amount=5)["amount"], "5")
        self.assertEqual(self.spend_request(amount_lo=6, amount_hi="0")["amount"], "6")
        sr = self.spend_request(amount="7", max_timeout_seconds="60")
        self.assertEqual((sr["amount"], sr["max_timeout_seconds"]), ("7", 60))
        log("the halves and the decimal form must agree")
        self.expect_error(self.agent_call("createSpendRequest", {"merchant_name": "x", "merchant_url": "http://127.0.0.1:9/",
                                                                 "pay_to": G["merchant"]["account_id"], "reason": REASON,
                                                                 "amount": "8", "amount_lo": 9}),
                          "args_mismatch", "amount")
        log("above the per-request cap of 70 in any form")
        self.expect_error(self.agent_call("createSpendRequest", {"merchant_name": "x", "merchant_url": "http://127.0.0.1:9/",
                                                                 "pay_to": G["merchant"]["account_id"], "reason": REASON,
                                                                 "amount_lo": 71}),
                          "PER_REQUEST_CAP_EXCEEDED", "above the per-request cap of 70")

    def test_hostile_values_are_refused_by_name(self):
        log("a window past 2^63 is past the 7-day limit, not a negative number")
        self.expect_error(self.agent_call("configureAgent", {"approval_window_seconds": U64_MAX}),
                          "INVALID_ARGUMENT", "at most 604800")
        self.expect_error(self.agent_call("configureAgent", {"min_reason_chars": str(U64_MAX)}),
                          "INVALID_ARGUMENT", "min_reason_chars is above max_reason_chars")
        self.expect_error(self.agent_call("configureAgent", {"allowed_networks": ["logos:lez-localnet", ""]}),
                          "INVALID_ARGUMENT", "allowed_networks: not an array of non-empty strings")
        self.expect_error(self.agent_call("configureAgent", {"allowed_assets": [7]}),
                          "INVALID_ARGUMENT", "allowed_assets: not an array of non-empty strings")
        self.expect_error(self.agent_call("configureAgent", {"owner_account": "not-an-account"}),
                          "INVALID_ARGUMENT", "neither base58 nor 64 hex")
        self.expect_error(self.agent_call("configureAgent", {"daily_cap": "-1"}), "INVALID_ARGS", "daily_cap")
        self.expect_error(self.agent_call("configureAgent", {"http_timeout_ms": "1e3"}), "INVALID_ARGS", "http_timeout_ms")
        log("nothing refused was kept")
        cfg = self.agent("getAgentConfig", {})
        self.assertEqual(cfg["policy"]["approval_window_seconds"], 600)
        self.assertEqual(cfg["policy"]["allowed_networks"], ["logos:lez-localnet"])


if __name__ == "__main__":
    import unittest
    unittest.main()
