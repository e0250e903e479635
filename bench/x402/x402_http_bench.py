#!/usr/bin/env python3
"""x402 end-to-end benchmark: prints figures, asserts nothing.

Starts lez-localnet and two logoscore daemons from LEZPAY_BUILD_DIR (default build/): a user
(wallet_module, pays) and a provider (wallet + delivery + x402: facilitator and merchant on
loopback, merchant -> facilitator over HTTP). Then measures
  1. unpaid 402 responses per second (C keep-alive clients for S seconds),
  2. facilitator POST /verify per second (C clients; each verify reads the payer through the wallet),
  3. paid request-to-response latency p50/p99, settlement on chain included (N sequential paid
     GETs; signing the payment happens before the clock starts).
Usage: x402_http_bench.py [paid=40] [concurrency=4] [seconds=5]
The clients are Python threads (one GIL), so the throughput figures are a floor.
"""
import http.client
import json
import os
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "functional"))

from framework import log  # noqa: E402
from x402_server_pay import X402ServerCase, b64json, http_request  # noqa: E402


def pct(values, q):
    v = sorted(values)
    return v[int(q * (len(v) - 1))]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


class Bench(X402ServerCase):
    PAID = 40
    CONCURRENCY = 4
    SECONDS = 5.0
    PRICE = 3

    def hammer(self, port, method, target, headers, body):
        """C clients on keep-alive connections for SECONDS; answers/s and the status counts."""
        counts = {}
        lock = threading.Lock()
        stop = time.time() + self.SECONDS

        def client():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            local = {}
            while time.time() < stop:
                conn.request(method, target, body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                local[r.status] = local.get(r.status, 0) + 1
            conn.close()
            with lock:
                for k, v in local.items():
                    counts[k] = counts.get(k, 0) + v

        t0 = time.time()
        threads = [threading.Thread(target=client) for _ in range(self.CONCURRENCY)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sum(counts.values()) / (time.time() - t0), counts

    def test_bench(self):
        fac = self.start_facilitator(self.provider)
        merchant = self.start_merchant(self.provider, fac["url"], price=self.PRICE)
        mport = int(merchant["port"])
        url = merchant["url"] + "/weather"

        rate, counts = self.hammer(mport, "GET", "/weather", {}, None)
        print(f"unpaid 402 responses: {rate:,.0f}/s ({self.CONCURRENCY} keep-alive clients, {counts})")

        challenge = self.challenge_of(url)
        payload, _ = self.pay(challenge)
        body = json.dumps({"x402Version": 2, "paymentPayload": payload, "paymentRequirements": challenge["accepts"][0]})
        rate, counts = self.hammer(int(fac["port"]), "POST", "/verify", self.fac_headers(fac), body)
        print(f"facilitator /verify: {rate:,.0f}/s ({self.CONCURRENCY} clients, valid payment, payer read through wallet_module; {counts})")

        log(f"signing {self.PAID} payments")
        latencies = []
        for i in range(self.PAID):
            header = b64json(self.pay(challenge)[0])  # signed before the clock starts
            t = time.perf_counter()
            status, _, _ = http_request(url, headers={"PAYMENT-SIGNATURE": header})
            latencies.append((time.perf_counter() - t) * 1000)
            if status != 200:
                print(f"  paid request {i} answered {status}")
        print(f"paid request-to-response (verify + handler + settle on chain, block interval {self.net.interval_ms} ms): "
              f"p50 {pct(latencies, 0.5):.0f} ms, p99 {pct(latencies, 0.99):.0f} ms, n={self.PAID}")
        print(f"provider daemon RSS: {rss_kib(self.provider.proc.pid) / 1024:.1f} MiB")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if len(args) > 0:
        Bench.PAID = int(args[0])
    if len(args) > 1:
        Bench.CONCURRENCY = int(args[1])
    if len(args) > 2:
        Bench.SECONDS = float(args[2])
    suite = unittest.TestLoader().loadTestsFromTestCase(Bench)
    result = unittest.TextTestRunner(verbosity=0).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
