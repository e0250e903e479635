#!/usr/bin/env python3
"""x402 paying agent end-to-end benchmark: prints figures, asserts nothing.

Starts lez-localnet and two logoscore daemons from LEZPAY_BUILD_DIR (default build/): a user
(wallet + x402 agent) and a provider (wallet + delivery + x402 facilitator and merchant). For N
payments, one after another, it times the three phases of the agent flow through the daemon's
client RPC (the logoscore CLI, one process per call, which is included in every figure):
  1. httpGet on the paywall -> 402, spend request opened (approval_pending),
  2. approveSpendRequest -> the wallet signs the transfer and the authorization,
  3. httpGet again -> paid 200 (verify + handler + settlement on chain included).
Then it prints the audit log size and the user daemon's RSS.
Usage: agent_http_bench.py [payments=20]
"""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "functional"))

from framework import log  # noqa: E402
from x402_agent_pay import X402AgentCase  # noqa: E402


def pct(values, q):
    v = sorted(values)
    return v[int(q * (len(v) - 1))]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


class Bench(X402AgentCase):
    PAYMENTS = 20
    PRICE = 3

    def test_bench(self):
        self.agent("configureAgent", {"daily_cap": "1000000", "per_request_cap": "1000"})
        phases = {"402 + spend request": [], "approve (wallet signs)": [], "paid GET (settled)": []}
        before = self.balances()["agent_owner"]
        log(f"{self.PAYMENTS} agent payments")
        for i in range(self.PAYMENTS):
            t = time.perf_counter()
            pending = self.http_get()
            phases["402 + spend request"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            self.agent("approveSpendRequest", {"id": pending["spend_request_id"]})
            phases["approve (wallet signs)"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            paid = self.http_get()
            phases["paid GET (settled)"].append((time.perf_counter() - t) * 1000)
            if paid["payment"] != "paid":
                print(f"  payment {i}: {paid['payment']}")
        print(f"agent flow, block interval {self.net.interval_ms} ms, n={self.PAYMENTS} (CLI round trip included):")
        for name, values in phases.items():
            print(f"  {name:<26} p50 {pct(values, 0.5):7.0f} ms   p99 {pct(values, 0.99):7.0f} ms")
        spent = before - self.balances()["agent_owner"]
        print(f"  moved {spent} (expected {self.PAYMENTS * self.PRICE})")
        entries = self.agent("getAuditLog", {"limit": 10000})["entries"]
        print(f"  audit log: {len(entries)} records")
        print(f"user daemon RSS: {rss_kib(self.user.proc.pid) / 1024:.1f} MiB")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if args:
        Bench.PAYMENTS = int(args[0])
    suite = unittest.TestLoader().loadTestsFromTestCase(Bench)
    result = unittest.TextTestRunner(verbosity=0).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
