"""A stream proof is never served twice while its session lives, however many requests follow it.

User and provider hosts with payment_streams_module (as streams_eligibility.py): after the
handshake, 2,050 distinct stream proofs (twice the RAM window of 1,024 request ids) are verified
OK by the provider; then every one of them is replayed and refused as a replay, the oldest first;
the provider daemon is killed (-9) and restarted and a sample (the oldest, the newest, and every
25th) is refused again. Module calls go over the daemons' RPC socket, proofs are made by the user
host while the provider verifies the previous ones."""
import os
import queue
import threading
import time

from framework import log
from streams_common import MODULE, PROVIDER, USER, StreamsTestCase, n8

PROVIDER_PEER = "16Uiu2HAmProviderPeer"
USER_PEER = "16Uiu2HAmUserPeer"
PROOFS = 2050


class StreamsReplayWindow(StreamsTestCase):
    def setUp(self):
        super().setUp()
        self.new_vault(deposit=5000)
        self.ps(self.user, "registerProviderMapping", {"peer_id": PROVIDER_PEER, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 1, "allocation": 1000,
                                                  "deadline_delay_seconds": 60})
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": "1", "min_allocation": 100})

    def action(self, node, op, params):
        """chainAction over the RPC socket: the module's answer envelope (ok or error)."""
        r = node.rpc("call", {"module": MODULE, "method": "chainAction", "args": [op, params], "timeout_ms": 60000}, timeout=70)
        if r.get("status") == "ok":
            return r["result"]
        return r.get("error", r)

    def verify(self, proof_hex, request_hex):
        return self.action(self.provider, "verifyEligibilityForStoreQuery",
                           {"proof_hex": proof_hex, "canonical_request_hex": request_hex, "requester_peer_id": USER_PEER})

    def assert_replay(self, i, proof_hex):
        v = self.verify(proof_hex, n8(f"rw-{i}"))
        self.assertEqual(v.get("eligibility"), "PROOF_INVALID", f"proof {i} served again: {v}")
        self.assertIn("already served", v.get("message", ""), f"proof {i}: {v}")

    def test_old_proofs_stay_refused_past_the_window_and_a_restart(self):
        log("handshake: proposal, provider verdict, stream on chain")
        proposal = self.action(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                               {"canonical_request_hex": n8("rw-proposal"), "provider_peer_id": PROVIDER_PEER})
        self.assertEqual(self.verify(proposal["bytes_hex"], n8("rw-proposal")).get("eligibility"), "OK")
        self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})

        log(f"{PROOFS} distinct proofs: made by the user host, verified OK by the provider host")
        made = queue.Queue()

        def prepare_all():
            for i in range(PROOFS):
                p = self.action(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                                {"canonical_request_hex": n8(f"rw-{i}"), "provider_peer_id": PROVIDER_PEER})
                made.put((i, p.get("bytes_hex"), p))

        began = time.time()
        maker = threading.Thread(target=prepare_all, daemon=True)
        maker.start()
        proofs = []
        for _ in range(PROOFS):
            i, proof_hex, p = made.get(timeout=60)
            self.assertIsNotNone(proof_hex, f"prepare {i} failed: {p}")
            v = self.verify(proof_hex, n8(f"rw-{i}"))
            self.assertEqual(v.get("eligibility"), "OK", f"proof {i}: {v}")
            proofs.append(proof_hex)
            if i % 500 == 499:
                self.net.advance(1)  # the ticker makes at most 1,000 blocks (50 s) in one chain second
        maker.join(timeout=10)
        log(f"served {len(proofs)} proofs in {time.time() - began:.1f} s")
        session = self.ps(self.provider, "listProviderSessions")["sessions"][0]
        self.assertEqual(session["requests_served"], PROOFS)

        log("every proof replayed, oldest first: each refused as a replay")
        began = time.time()
        for i, proof_hex in enumerate(proofs):
            self.assert_replay(i, proof_hex)
            if i % 500 == 499:
                self.net.advance(1)
        log(f"{len(proofs)} replays refused in {time.time() - began:.1f} s")

        log("provider killed (-9) and restarted: a sample of old and new proofs is still refused")
        self.provider.kill()
        self.provider.proc = None
        self.provider._log.close()
        os.remove(self.provider.state_path)  # left behind by the killed daemon; start() polls for a new one
        self.provider.start()
        self.provider.load(MODULE)
        self.wallet(self.provider, "open", "str:test password")
        sample = sorted(set(range(0, 10)) | set(range(0, PROOFS, 25)) | {PROOFS - 1})
        for i in sample:
            self.assert_replay(i, proofs[i])
        log(f"{len(sample)} replays refused after the restart")
