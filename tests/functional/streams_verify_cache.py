"""The provider's proof check reuses the stream and clock it read at the chain's current block
height, and only while that height stands: with no block coming (the test clock paused) proofs
keep verifying OK; the block that includes a pauseStream makes the very next query STREAM_NOT_ACTIVE,
and the block that includes a resume makes the next one OK again. The same sequence with
verify_read_cache=false (every query reads both accounts) gives the same verdicts."""
import threading
import time

from framework import log
from streams_common import PROVIDER, USER, StreamsTestCase, n8

PEER = "16Uiu2HAmCacheProvider"
REQUESTER = "16Uiu2HAmCacheUser"


class StreamsVerifyCache(StreamsTestCase):
    def setUp(self):
        super().setUp()
        self.new_vault(deposit=5000)
        self.ps(self.user, "registerProviderMapping", {"peer_id": PEER, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 1, "allocation": 1000,
                                                  "deadline_delay_seconds": 60})
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": "1", "min_allocation": 100})
        proposal = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                           {"canonical_request_hex": n8("req-0"), "provider_peer_id": PEER})
        self.assertEqual(self.verify("req-0", proposal["bytes_hex"])["eligibility"], "OK")
        self.stream_id = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PEER})["stream_id"]
        self.serial = 0

    def verify(self, request, proof_hex=None):
        if proof_hex is None:
            proof_hex = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                                {"canonical_request_hex": n8(request), "provider_peer_id": PEER})["bytes_hex"]
        r = self.ps_raw(self.provider, "verifyEligibilityForStoreQuery",
                        {"proof_hex": proof_hex, "canonical_request_hex": n8(request), "requester_peer_id": REQUESTER})
        return r.json["result"] if r.rc == 0 else r.json["error"]

    def next_verdicts(self, count):
        """`count` fresh proofs (signed before the caller changes anything), verified later."""
        out = []
        for _ in range(count):
            self.serial += 1
            request = f"q-{self.serial}"
            proof = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                            {"canonical_request_hex": n8(request), "provider_peer_id": PEER})["bytes_hex"]
            out.append((request, proof))
        return out

    def write_in_one_block(self, op):
        """Runs the stream write `op` on the user host and makes exactly the block that includes it;
        answers the block id."""
        done = {}
        t = threading.Thread(target=lambda: done.update(r=self.ps(self.user, op, {"owner": USER, "vault_id": 0,
                                                                                    "stream_id": self.stream_id})))
        before = self.net.rpc("getLastBlockId")
        t.start()
        deadline = time.monotonic() + 20
        while t.is_alive() and time.monotonic() < deadline:
            time.sleep(0.3)  # the write reaches the sequencer's mempool
            if t.is_alive():
                self.net.advance(1)
        t.join(timeout=5)
        self.assertFalse(t.is_alive(), f"{op} never answered")
        self.assertEqual(done["r"]["tx_status"], "included", done)
        self.assertGreater(self.net.rpc("getLastBlockId"), before)
        return done["r"]["block_id"]

    def run_sequence(self):
        self.net.pause_ticks()
        ready = self.next_verdicts(4)
        log("no block comes: the stream is active at this height, proofs verify OK")
        for request, proof in ready[:2]:
            self.assertEqual(self.verify(request, proof)["eligibility"], "OK")
        block = self.write_in_one_block("pauseStream")
        log(f"block {block} includes the pause: the next query is refused")
        refused = self.verify(*ready[2])
        self.assertEqual((refused["eligibility"], refused.get("policy_reject_reason")), ("STREAM_NOT_ACTIVE", "StreamNotActive"),
                         refused)
        self.assertEqual(self.verify(*ready[3])["eligibility"], "STREAM_NOT_ACTIVE")
        block = self.write_in_one_block("resumeStream")
        log(f"block {block} includes the resume: the next query is OK again")
        request, proof = self.next_verdicts(1)[0]
        self.assertEqual(self.verify(request, proof)["eligibility"], "OK")
        self.net.resume_ticks()

    def test_a_pause_refuses_the_next_query_after_its_block(self):
        self.run_sequence()

    def test_the_same_verdicts_without_the_cache(self):
        self.assertFalse(self.ps(self.provider, "configure", {"verify_read_cache": False})["config"]["verify_read_cache"])
        self.run_sequence()


if __name__ == "__main__":
    import unittest
    unittest.main()
