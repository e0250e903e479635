"""A stream the chain stops paying in block N is refused by the provider from block N on, with
the provider's proof checks on their fast path (chain_head_watch.h: no chain read per query):
  - paused in block N: the proofs before N verify OK, every proof after N is STREAM_NOT_ACTIVE;
  - depleted at block N (the block whose clock reaches the allocation): OK at N-1, refused at N;
  - the chain unreachable: a proof is refused (CHAIN_READ_FAILED), never served on the last view.
"From block N on" is "from the moment the provider's chain view holds N": the test waits for
that (getChainView) and requires it within a bound, so a provider that learns of blocks late fails.
A provider without getChainView (one chain read per proof) is checked the same way without the
wait."""
import threading
import time

from framework import log
from streams_common import PROVIDER, USER, StreamsTestCase, n8

PEER = "16Uiu2HAmBoundaryProvider"
REQUESTER = "16Uiu2HAmBoundaryUser"
# How long the provider may take to learn of a block (its watch polls every few ms).
VIEW_BOUND_S = 2.0


class StreamsBlockBoundary(StreamsTestCase):
    def open_stream(self, allocation):
        self.new_vault(deposit=5000)
        self.ps(self.user, "registerProviderMapping", {"peer_id": PEER, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 1, "allocation": allocation,
                                                  "deadline_delay_seconds": 60})
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": "1", "min_allocation": 10})
        proposal = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                           {"canonical_request_hex": n8("req-0"), "provider_peer_id": PEER})
        self.assertEqual(self.verify("req-0", proposal["bytes_hex"])["eligibility"], "OK")
        self.stream_id = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PEER})["stream_id"]
        self.serial = 0

    def proofs(self, count):
        """`count` fresh proofs, signed now (before the caller changes the stream)."""
        out = []
        for _ in range(count):
            self.serial += 1
            request = f"q-{self.serial}"
            out.append((request, self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                                         {"canonical_request_hex": n8(request), "provider_peer_id": PEER})["bytes_hex"]))
        return out

    def verify(self, request, proof_hex):
        r = self.ps_raw(self.provider, "verifyEligibilityForStoreQuery",
                        {"proof_hex": proof_hex, "canonical_request_hex": n8(request), "requester_peer_id": REQUESTER})
        return r.json["result"] if r.rc == 0 else r.json["error"]

    def wait_view(self, block):
        """Waits until the provider's chain view holds `block` (bounded). Nothing to wait for when
        the provider has no chain view (a chain read per proof) or its watch is not polling (it
        stopped after 2 s without proofs: the next proof reads the chain itself)."""
        r = self.ps_raw(self.provider, "getChainView")
        if r.rc != 0:
            log("provider has no chain view: every proof reads the chain")
            return
        t0 = time.monotonic()
        while True:
            view = self.ps(self.provider, "getChainView")
            if not view["polling"]:
                log(f"provider's chain watch is idle ({view}): the next proof reads the chain")
                return
            if view["height"] is not None and view["height"] >= block:
                log(f"provider's chain view at {view['height']} (>= {block}) after {time.monotonic() - t0:.3f} s")
                return
            self.assertLess(time.monotonic() - t0, VIEW_BOUND_S, f"the provider did not learn of block {block}: {view}")
            time.sleep(0.01)

    def write_in_one_block(self, op):
        """Runs the stream write `op` on the user host and makes exactly the block that includes
        it; answers the block id."""
        done = {}
        t = threading.Thread(target=lambda: done.update(r=self.ps(self.user, op, {"owner": USER, "vault_id": 0,
                                                                                    "stream_id": self.stream_id})))
        t.start()
        deadline = time.monotonic() + 20
        while t.is_alive() and time.monotonic() < deadline:
            time.sleep(0.3)  # the write reaches the sequencer's mempool
            if t.is_alive():
                self.net.advance(1)
        t.join(timeout=5)
        self.assertFalse(t.is_alive(), f"{op} never answered")
        self.assertEqual(done["r"]["tx_status"], "included", done)
        return done["r"]["block_id"]

    def assert_refused(self, verdict, reason="StreamNotActive"):
        self.assertEqual((verdict["eligibility"], verdict.get("policy_reject_reason")), ("STREAM_NOT_ACTIVE", reason), verdict)

    def test_a_stream_paused_in_block_n_is_refused_from_block_n_on(self):
        self.open_stream(allocation=1000)
        ready = self.proofs(6)
        self.net.pause_ticks()
        before = self.net.rpc("getLastBlockId")
        log(f"block {before}: the stream is active, proofs verify OK (and start the provider's chain watch)")
        for request, proof in ready[:2]:
            self.assertEqual(self.verify(request, proof)["eligibility"], "OK")
        self.wait_view(before)
        block = self.write_in_one_block("pauseStream")
        self.assertGreater(block, before)
        self.wait_view(block)
        log(f"block {block} includes the pause: every later proof is refused")
        for request, proof in ready[2:]:
            self.assert_refused(self.verify(request, proof))
        self.net.resume_ticks()

    def test_a_stream_depleted_at_block_n_is_refused_from_block_n_on(self):
        self.open_stream(allocation=30)
        ready = self.proofs(5)
        self.net.pause_ticks()
        left = int(self.stream(self.provider, self.stream_id)["unaccrued"])
        self.assertGreater(left, 2, "the stream must still have time left")
        self.net.advance(left - 1)
        block = self.net.rpc("getLastBlockId")
        log(f"block {block}: one second of allocation left, proofs verify OK (and start the provider's chain watch)")
        self.assertEqual(self.verify(*ready[0])["eligibility"], "OK")
        self.wait_view(block)
        self.assertEqual(int(self.stream(self.provider, self.stream_id)["unaccrued"]), 1)
        self.assertEqual(self.verify(*ready[1])["eligibility"], "OK")
        self.net.advance(1)
        block = self.net.rpc("getLastBlockId")
        self.wait_view(block)
        self.assertEqual(int(self.stream(self.provider, self.stream_id)["unaccrued"]), 0)
        log(f"block {block}: the clock reaches the allocation (depleted): every later proof is refused")
        for request, proof in ready[2:]:
            self.assert_refused(self.verify(request, proof))
        self.net.resume_ticks()

    def test_an_unreachable_chain_refuses_rather_than_serves_on_the_last_view(self):
        self.open_stream(allocation=1000)
        ready = self.proofs(3)
        self.assertEqual(self.verify(*ready[0])["eligibility"], "OK")
        log("the sequencer stops: the provider's view ages out and a proof needs a read, which fails")
        self.net.stop()
        time.sleep(0.2)
        for request, proof in ready[1:]:
            refused = self.verify(request, proof)
            self.assertEqual((refused["eligibility"], refused["code"]), ("PROOF_INVALID", "CHAIN_READ_FAILED"), refused)


if __name__ == "__main__":
    import unittest
    unittest.main()
