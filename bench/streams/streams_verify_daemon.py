#!/usr/bin/env python3
"""Benchmark: provider stream-proof verifications through the real stack, next to the in-process
figure of bench_streams_verify. One lez-localnet and two logoscore daemons (user, provider) as in
tests/functional/streams_*.py; after a real proposal handshake the user prepares 3 x N proofs, then
the provider's payment_streams_module verifies them one by one over the daemon's client socket,
N with each setting in one run:
  cache off  (configure verify_read_cache=false): two chain reads through wallet_module per proof
             (StreamConfig and clock, JSON-RPC to lez-localnet);
  cache on, a block every 50 ms (the functional tests' ticker): one block-height read per proof,
             plus the two account reads again after each new block;
  cache on, no block during the run: one block-height read per proof.
Each verification also pays the client RPC, the module call and one SQLite replay record.
Prints verifications/s, p50, p99 per setting.

Usage: LEZPAY_BUILD_DIR=build python3 bench/streams/streams_verify_daemon.py [N=300]"""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "functional"))
from streams_common import MODULE, PROVIDER, USER, StreamsTestCase, n8  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
PEER = "16Uiu2HAmBenchProvider"


def call(node, operation, params):
    r = node.rpc("call", {"module": MODULE, "method": "chainAction", "args": [operation, params]})
    if r.get("status") != "ok":
        raise AssertionError(r)
    return r["result"]


class VerifyThroughDaemon(StreamsTestCase):
    def test_bench(self):
        self.new_vault(deposit=100000)
        self.ps(self.user, "registerProviderMapping", {"peer_id": PEER, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 1, "allocation": 50000,
                                                  "deadline_delay_seconds": 60})
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER})
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                    {"canonical_request_hex": n8("r0"), "provider_peer_id": PEER})
        self.ps(self.provider, "verifyEligibilityForStoreQuery", {"proof_hex": p["bytes_hex"], "canonical_request_hex": n8("r0")})
        self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PEER})
        proofs = []
        for i in range(3 * N):
            request = n8(f"bench-{i}")
            proofs.append((call(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                                {"canonical_request_hex": request, "provider_peer_id": PEER})["bytes_hex"], request))
        settings = (("cache off", False, True), ("cache on, block every 50 ms", True, True), ("cache on, no new block", True, False))
        for k, (label, cache, ticking) in enumerate(settings):
            call(self.provider, "configure", {"verify_read_cache": cache})
            if not ticking:
                self.net.pause_ticks()
            self.measure(label, proofs[k * N:(k + 1) * N])

    def measure(self, label, proofs):
        latencies = []
        t0 = time.perf_counter()
        for proof_hex, request in proofs:
            a = time.perf_counter()
            r = call(self.provider, "verifyEligibilityForStoreQuery", {"proof_hex": proof_hex, "canonical_request_hex": request})
            latencies.append((time.perf_counter() - a) * 1000)
            self.assertEqual(r["eligibility"], "OK")
        total = time.perf_counter() - t0
        latencies.sort()
        n = len(proofs)
        print(f"streams_verify_daemon: N={n} stream proofs verified through the provider daemon, {label}: "
              f"{n / total:.0f}/s  p50 {latencies[n // 2]:.2f} ms  p99 {latencies[min(n - 1, int(n * 0.99))]:.2f} ms",
              flush=True)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
