#!/usr/bin/env python3
"""lezpay-mcp overhead benchmark: prints figures, asserts nothing.

Starts one logoscore daemon (product modules, x402_module loaded, no chain needed) from
LEZPAY_BUILD_DIR (default build/), a scoped agent token, and lezpay-mcp over stdio, then sends N
requests one after another on the same session and times each answer:
  1. tools/list (answered inside lezpay-mcp: the MCP layer alone),
  2. tools/call list_spend_requests (one daemon call: MCP + one Unix-socket connection + module),
  3. tools/call fetch_paid with bad arguments (refused by the schema check, no daemon call).
Then it prints lezpay-mcp's RSS. Usage: lezpay_mcp_bench.py [N=500]
"""
import json
import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "functional"))

from framework import PRODUCT_MODULES, DaemonTestCase, log  # noqa: E402
from mcp_common import LEZPAY_MCP, issue_agent_token, mcp_args  # noqa: E402


def pct(values, q):
    v = sorted(values)
    return v[int(q * (len(v) - 1))]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


class Bench(DaemonTestCase):
    N = 500

    def test_bench(self):
        node = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "x402_module"):
            node.load(m)
        token = issue_agent_token(node)
        p = subprocess.Popen([LEZPAY_MCP, *mcp_args(node, token)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, bufsize=1)
        next_id = [0]

        def rpc(method, params):
            next_id[0] += 1
            p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params}) + "\n")
            p.stdin.flush()
            answer = json.loads(p.stdout.readline())
            assert answer["id"] == next_id[0], answer
            return answer

        rpc("initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}})
        p.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n")
        cases = [("tools/list", "tools/list", {}),
                 ("list_spend_requests", "tools/call", {"name": "list_spend_requests", "arguments": {}}),
                 ("fetch_paid refused by schema", "tools/call", {"name": "fetch_paid", "arguments": {"url": "x"}})]
        for name, method, params in cases:
            times = []
            for _ in range(self.N):
                t0 = time.perf_counter()
                rpc(method, params)
                times.append(time.perf_counter() - t0)
            total = sum(times)
            log(f"{name}: {self.N / total:,.0f}/s, p50 {pct(times, 0.5) * 1e3:.2f} ms, p99 {pct(times, 0.99) * 1e3:.2f} ms")
        log(f"lezpay-mcp RSS {rss_kib(p.pid) / 1024:.1f} MiB")
        p.stdin.close()
        p.wait(timeout=10)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        Bench.N = int(sys.argv.pop(1))
    unittest.main()
