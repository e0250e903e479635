#!/usr/bin/env python3
"""Paid MCP tool benchmark: prints figures, asserts nothing.

Starts lez-localnet and two logoscore daemons from LEZPAY_BUILD_DIR (default build/): a user
(wallet, pays) and a provider (wallet + delivery with a Store archive + x402: facilitator and the
paid MCP endpoint, endpoint -> facilitator over HTTP). One MCP session on one keep-alive
connection, sequential tools/call requests:
  1. the free tool store_peek (the same Store query as the paid tool): calls/s, p50/p99,
  2. the paid tool store_messages without payment (the challenge): calls/s, p50/p99,
  3. the paid tool with payment (verify + Store query + settle on chain + record): calls/s over
     the timed calls, p50/p99; each payment is signed before its clock starts,
then the ratio paid/free of the mean latencies.
Usage: mcp_paid_bench.py [paid=40] [free=400]
"""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "functional"))

from framework import log  # noqa: E402
from mcp_paid_common import McpPaidCase, McpHttpSession  # noqa: E402


def pct(values, q):
    v = sorted(values)
    return v[int(q * (len(v) - 1))]


def timed_call(session, name, arguments, meta=None):
    t = time.perf_counter()
    result = session.call(name, arguments, meta)
    return (time.perf_counter() - t) * 1000, result


class Bench(McpPaidCase):
    NEEDS_SDK = False
    PAID = 40
    FREE = 400

    def figures(self, name, latencies):
        rate = len(latencies) / (sum(latencies) / 1000)
        print(f"{name}: {rate:,.1f} calls/s, p50 {pct(latencies, 0.5):.2f} ms, p99 {pct(latencies, 0.99):.2f} ms, n={len(latencies)}")
        return sum(latencies) / len(latencies)

    def test_bench(self):
        self.publish(5)
        fac = self.start_facilitator(self.provider)
        url = self.start_endpoint(self.provider, fac["url"])["url"]
        s = McpHttpSession(url)
        args = self.args(2)

        free = []
        for _ in range(self.FREE):
            ms, result = timed_call(s, "store_peek", args)
            assert not result.get("isError"), result
            free.append(ms)
        free_mean = self.figures("free tool store_peek (Store query)", free)

        challenge = None
        unpaid = []
        for _ in range(self.FREE):
            ms, result = timed_call(s, "store_messages", args)
            challenge = result["structuredContent"]
            unpaid.append(ms)
        self.figures("paid tool store_messages, unpaid (the challenge)", unpaid)

        log(f"{self.PAID} paid calls, each signed before its clock starts")
        paid = []
        for i in range(self.PAID):
            payload, _ = self.pay(challenge)
            ms, result = timed_call(s, "store_messages", args, {"x402/payment": payload})
            if result.get("isError"):
                print(f"  paid call {i} refused: {result['structuredContent'].get('error')}")
                continue
            paid.append(ms)
        paid_mean = self.figures(f"paid tool store_messages, paid (verify + query + settle, block interval "
                                 f"{self.net.interval_ms} ms)", paid)
        print(f"ratio paid/free (mean latency): {paid_mean / free_mean:,.0f}x")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if len(args) > 0:
        Bench.PAID = int(args[0])
    if len(args) > 1:
        Bench.FREE = int(args[1])
    suite = unittest.TestLoader().loadTestsFromTestCase(Bench)
    result = unittest.TextTestRunner(verbosity=0).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
