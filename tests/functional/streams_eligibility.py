"""The LIP-155 proposal handshake between two hosts with nothing copied by hand, driven by direct
module calls: prepare a proposal on the user host, verify it on the provider host, create the
stream from the accepted proposal, then stream proofs verified by the provider; replay refused
(also after a provider restart), tampered bytes refused, and the user-side error codes."""
import json
import os

from framework import log
from streams_common import PROVIDER, USER, G, StreamsTestCase, n8

PROVIDER_PEER = "16Uiu2HAmProviderPeer"
USER_PEER = "16Uiu2HAmUserPeer"


def flip(hex_text, byte_index):
    b = bytearray(bytes.fromhex(hex_text))
    b[byte_index] ^= 0x01
    return b.hex()


class StreamsEligibility(StreamsTestCase):
    def setUp(self):
        super().setUp()
        self.prepare_handshake(PROVIDER_PEER)

    def verify(self, proof_hex, request_hex, requester=USER_PEER):
        r = self.ps_raw(self.provider, "verifyEligibilityForStoreQuery",
                        {"proof_hex": proof_hex, "canonical_request_hex": request_hex, "requester_peer_id": requester})
        if r.rc == 0:
            return r.json["result"]
        return r.json["error"]

    def prepare_proof(self, request_hex, stream_id=""):
        return self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                       {"canonical_request_hex": request_hex, "provider_peer_id": PROVIDER_PEER, "stream_id": stream_id})

    def handshake(self):
        proposal = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                           {"canonical_request_hex": n8("req-0"), "provider_peer_id": PROVIDER_PEER})
        self.assertEqual(proposal["kind"], "stream_proposal")
        verdict = self.verify(proposal["bytes_hex"], n8("req-0"))
        self.assertEqual(verdict["eligibility"], "OK", verdict)
        created = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})
        self.assertEqual(created["stream_id"], proposal["stream_id"])
        self.assertEqual((created["stream"]["rate"], created["stream"]["allocation"]), (2, "1000"))
        return proposal, created

    def test_handshake_then_proofs_replay_and_restart(self):
        log("user host: proposal; provider host: verify and pin the session")
        proposal = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                           {"canonical_request_hex": n8("req-0"), "provider_peer_id": PROVIDER_PEER})
        self.assertEqual(self.verify(proposal["bytes_hex"], n8("req-0"))["eligibility"], "OK")
        self.assertEqual(self.verify(proposal["bytes_hex"], n8("req-0"))["eligibility"], "OK", "a retried proposal is idempotent")
        sessions = self.ps(self.provider, "listProviderSessions")["sessions"]
        self.assertEqual(len(sessions), 1)
        self.assertIsNone(sessions[0]["bound_stream_id"])
        self.assertEqual(sessions[0]["owner"], USER)

        log("before the stream exists the user cannot prove")
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonical_request_hex": n8("req-1"), "provider_peer_id": PROVIDER_PEER}, "STREAM_NOT_CONFIRMED", "has no stream yet")
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                      {"canonical_request_hex": n8("req-1"), "provider_peer_id": PROVIDER_PEER}, "PROPOSAL_PENDING", "awaits its stream until 1700000060")

        log("create the stream with exactly the negotiated terms")
        created = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})
        stream_id = created["stream_id"]
        again = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})
        self.assertTrue(again["already_confirmed"])

        log("stream proofs: OK, then the same request id is a replay")
        p1 = self.prepare_proof(n8("req-1"))
        self.assertEqual((p1["kind"], p1["stream_id"]), ("stream_proof", stream_id))
        ok = self.verify(p1["bytes_hex"], n8("req-1"))
        self.assertEqual(ok["eligibility"], "OK", ok)
        replay = self.verify(p1["bytes_hex"], n8("req-1"))
        self.assertEqual(replay["eligibility"], "PROOF_INVALID")
        self.assertIn("already served", replay["message"])
        fresh = self.prepare_proof(n8("req-1"))  # a new signature over the same request is still a replay
        self.assertEqual(self.verify(fresh["bytes_hex"], n8("req-1"))["eligibility"], "PROOF_INVALID")
        p2 = self.prepare_proof(n8("req-2"), stream_id=str(stream_id))
        self.assertEqual(self.verify(p2["bytes_hex"], n8("req-2"))["eligibility"], "OK")
        log("upstream camelCase spellings of the hook parameters are aliases")
        p2b = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonicalRequestHex": n8("req-2b"), "providerPeerId": PROVIDER_PEER, "streamId": str(stream_id)})
        v = self.ps(self.provider, "verifyEligibilityForStoreQuery",
                    {"proofHex": p2b["bytes_hex"], "canonicalRequestHex": n8("req-2b"), "requesterPeerId": USER_PEER})
        self.assertEqual(v["eligibility"], "OK")
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonicalRequestHex": n8("a"), "canonical_request_hex": n8("b"), "providerPeerId": PROVIDER_PEER},
                      "INVALID_ARGS", "are the same parameter and disagree")
        self.assertEqual(self.ps(self.provider, "listProviderSessions")["sessions"][0]["bound_stream_id"], stream_id)

        log("a proof over one request does not verify for another (tampered N8)")
        p3 = self.prepare_proof(n8("req-3"))
        bad = self.verify(p3["bytes_hex"], n8("req-3x"))
        self.assertEqual(bad["eligibility"], "PROOF_INVALID")

        log("provider killed (-9) and restarted: the replay memory survives")
        self.provider.kill()
        self.provider.proc = None
        self.provider._log.close()
        os.remove(self.provider.state_path)  # left behind by the killed daemon; start() polls for a new one
        self.provider.start()
        self.provider.load("payment_streams_module")
        self.wallet(self.provider, "open", "str:test password")
        self.assertEqual(self.verify(p1["bytes_hex"], n8("req-1"))["eligibility"], "PROOF_INVALID")
        self.assertEqual(self.verify(p3["bytes_hex"], n8("req-3"))["eligibility"], "OK")
        log("user restart: the sealed session key is still usable")
        self.restart(self.user)
        p4 = self.prepare_proof(n8("req-4"))
        self.assertEqual(self.verify(p4["bytes_hex"], n8("req-4"))["eligibility"], "OK")

        log("pausing the stream: the provider answers STREAM_NOT_ACTIVE, the user STREAM_PAUSED")
        p5 = self.prepare_proof(n8("req-5"))
        self.ps(self.user, "pauseStream", {"owner": USER, "vault_id": 0, "stream_id": stream_id})
        paused = self.verify(p5["bytes_hex"], n8("req-5"))
        self.assertEqual((paused["eligibility"], paused["policy_reject_reason"]), ("STREAM_NOT_ACTIVE", "StreamNotActive"))
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonical_request_hex": n8("req-6"), "provider_peer_id": PROVIDER_PEER}, "STREAM_PAUSED", "stream 0 is paused")
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonical_request_hex": n8("req-6"), "provider_peer_id": PROVIDER_PEER, "stream_id": stream_id + 7},
                      "STREAM_NOT_FOUND", "stream 7 is not the stream confirmed")
        self.ps(self.user, "closeStream", {"owner": USER, "vault_id": 0, "stream_id": stream_id})
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonical_request_hex": n8("req-6"), "provider_peer_id": PROVIDER_PEER}, "STREAM_CLOSED", "stream 0 is closed")
        self.assertEqual(self.verify(p5["bytes_hex"], n8("req-5"))["eligibility"], "STREAM_NOT_ACTIVE")

    def test_tampered_proposal_and_proof_bytes_are_refused(self):
        proposal, created = self.handshake()
        raw = proposal["bytes_hex"]
        log("each byte of the signed proposal flipped in turn (new session keys) is refused")
        # Outer tag + length prefixes are framing; flipping them makes the bytes malformed, which is
        # refused too. Every other byte is a signed field or its framing.
        for i in range(len(bytes.fromhex(raw))):
            v = self.verify(flip(raw, i), n8("req-t"))
            self.assertNotEqual(v.get("eligibility"), "OK", f"byte {i} flipped was accepted: {v}")
        proof = self.prepare_proof(n8("req-p"))["bytes_hex"]
        log("each byte of a stream proof flipped in turn is refused")
        for i in range(len(bytes.fromhex(proof))):
            v = self.verify(flip(proof, i), n8("req-p"))
            self.assertNotEqual(v.get("eligibility"), "OK", f"proof byte {i} flipped was accepted: {v}")
        self.assertEqual(self.verify(proof, n8("req-p"))["eligibility"], "OK", "the untouched proof still verifies")

    def test_provider_policy_verdicts(self):
        log("provider not mapped: UNKNOWN_PROVIDER")
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                      {"canonical_request_hex": n8("r"), "provider_peer_id": "16Uiu2HAmNobody"}, "UNKNOWN_PROVIDER", "no provider account is mapped to peer '16Uiu2HAmNobody'")
        log("terms above the vault's unallocated: NO_ELIGIBLE_VAULT")
        self.ps(self.user, "configureUserTerms", {"allocation": 6000})
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                      {"canonical_request_hex": n8("r"), "provider_peer_id": PROVIDER_PEER}, "NO_ELIGIBLE_VAULT", "has 5000 unallocated, the terms need 6000")
        log("allocation below the provider minimum: PARAMS_REJECTED AllocationBelowPolicyMin")
        self.ps(self.user, "configureUserTerms", {"allocation": 50})
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                    {"canonical_request_hex": n8("r"), "provider_peer_id": PROVIDER_PEER})
        v = self.verify(p["bytes_hex"], n8("r"))
        self.assertEqual((v["eligibility"], v["policy_reject_reason"]), ("PARAMS_REJECTED", "AllocationBelowPolicyMin"))
        self.ps(self.user, "markProposalRejected", {"provider_peer_id": PROVIDER_PEER})
        log("rate below the provider minimum: RateBelowPolicyMin")
        self.ps(self.provider, "configureProviderPolicy", {"min_rate": 5})
        self.ps(self.user, "configureUserTerms", {"allocation": 1000})
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                    {"canonical_request_hex": n8("r"), "provider_peer_id": PROVIDER_PEER})
        v = self.verify(p["bytes_hex"], n8("r"))
        self.assertEqual(v["policy_reject_reason"], "RateBelowPolicyMin")
        self.ps(self.user, "markProposalRejected", {"provider_peer_id": PROVIDER_PEER})
        log("deadline beyond the provider's bound: CreateStreamDeadlineInvalid")
        self.ps(self.provider, "configureProviderPolicy", {"min_rate": 1, "max_create_stream_deadline_delay": 10})
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                    {"canonical_request_hex": n8("r"), "provider_peer_id": PROVIDER_PEER})
        v = self.verify(p["bytes_hex"], n8("r"))
        self.assertEqual(v["policy_reject_reason"], "CreateStreamDeadlineInvalid")
        self.ps(self.user, "markProposalRejected", {"provider_peer_id": PROVIDER_PEER})
        log("a proposal naming another provider account: PROOF_INVALID")
        self.ps(self.provider, "configureProviderPolicy", {"max_create_stream_deadline_delay": 300,
                                                           "provider_account": G["merchant"]["account_id"]})
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                    {"canonical_request_hex": n8("r"), "provider_peer_id": PROVIDER_PEER})
        self.assertEqual(self.verify(p["bytes_hex"], n8("r"))["eligibility"], "PROOF_INVALID")
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER})
        log("at most N signed proposals per vault per window (recommended 5 per 600 s)")
        self.ps(self.user, "markProposalRejected", {"provider_peer_id": PROVIDER_PEER})
        self.ps(self.provider, "configureProviderPolicy", {"max_proposal_attempts": 1})
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                    {"canonical_request_hex": n8("r"), "provider_peer_id": PROVIDER_PEER})
        v = self.verify(p["bytes_hex"], n8("r"))
        self.assertEqual(v["eligibility"], "PARAMS_REJECTED")
        self.assertIn("too many proposals", v["message"])
        self.ps(self.user, "markProposalRejected", {"provider_peer_id": PROVIDER_PEER})
        self.ps(self.provider, "configureProviderPolicy", {"max_proposal_attempts": 5})
        log("missing proof, garbage, and the x402 arm")
        self.assertEqual(self.verify("", n8("r"))["eligibility"], "PROOF_INVALID")
        self.assertEqual(self.verify("zz", n8("r"))["eligibility"], "PROOF_INVALID")
        self.assertEqual(self.verify("0a0100", n8("r"))["eligibility"], "PROOF_INVALID")
        v = self.verify("0a027b7d", n8("r"))
        self.assertIn("x402_module", v["message"])
        log("a malformed canonical request is a caller fault, without a verdict")
        v = self.verify("", "00")
        self.assertEqual(v["code"], "INVALID_ARGS")
        self.assertNotIn("eligibility", v)

    def test_deadline_expiry_depletion_and_wallet_errors(self):
        log("deadline delay 2 s: the proposal expires before the stream is created")
        self.ps(self.user, "configureUserTerms", {"deadline_delay_seconds": 2})
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                    {"canonical_request_hex": n8("d"), "provider_peer_id": PROVIDER_PEER})
        self.assertEqual(self.verify(p["bytes_hex"], n8("d"))["eligibility"], "OK")
        self.net.advance(3)
        self.ps_error(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER},
                      "PROPOSAL_EXPIRED", "create_stream_deadline 1700000002 has passed")
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonical_request_hex": n8("d"), "provider_peer_id": PROVIDER_PEER}, "PROPOSAL_EXPIRED", "create_stream_deadline 1700000002 passed before a stream was confirmed")
        log("a matching stream created by hand after the deadline cannot be used either")
        late = self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 2,
                                                   "allocation": "1000"})
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonical_request_hex": n8("d"), "provider_peer_id": PROVIDER_PEER, "stream_id": late["stream_id"]},
                      "PROPOSAL_EXPIRED", "create_stream_deadline 1700000002 passed before a stream was confirmed")
        log("depletion: a small allocation runs out and both sides notice")
        self.ps(self.user, "configureUserTerms", {"deadline_delay_seconds": 60, "allocation": "100", "rate": 50})
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                    {"canonical_request_hex": n8("e"), "provider_peer_id": PROVIDER_PEER})
        self.assertEqual(self.verify(p["bytes_hex"], n8("e"))["eligibility"], "OK")
        self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})
        early = self.prepare_proof(n8("e1"))
        self.net.advance(3)
        v = self.verify(early["bytes_hex"], n8("e1"))
        self.assertEqual((v["eligibility"], v["policy_reject_reason"]), ("STREAM_NOT_ACTIVE", "StreamNotActive"))
        self.assertIn("depleted", v["message"])
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                      {"canonical_request_hex": n8("e2"), "provider_peer_id": PROVIDER_PEER}, "STREAM_DEPLETED", "depleted since 1700000005")
        log("owner key not in this wallet: WALLET_SIGNING_FAILED")
        self.ps(self.user, "markProposalRejected", {"provider_peer_id": PROVIDER_PEER})
        self.ps(self.user, "registerProviderMapping", {"peer_id": "16Uiu2HAmOther", "provider": PROVIDER})
        self.ps(self.provider, "initializeVault", {"owner": PROVIDER, "vault_id": 0})
        self.ps(self.provider, "deposit", {"owner": PROVIDER, "vault_id": 0, "amount": "500"})
        self.ps(self.user, "configureUserTerms", {"owner": PROVIDER, "vault_id": 0, "allocation": 100})
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                      {"canonical_request_hex": n8("w"), "provider_peer_id": "16Uiu2HAmOther"}, "WALLET_SIGNING_FAILED", "holds no key for owner")
        log("sequencer down: CHAIN_READ_FAILED")
        self.net.stop()
        self.ps_error(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                      {"canonical_request_hex": n8("w"), "provider_peer_id": "16Uiu2HAmOther"}, "CHAIN_READ_FAILED", "cannot reach")

    def test_state_files_are_private_and_a_corrupt_state_is_refused(self):
        self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                {"canonical_request_hex": n8("s"), "provider_peer_id": PROVIDER_PEER})
        base = os.path.join(self.user.persistence, "payment_streams_module", "default")
        wallet = os.path.join(self.user.persistence, "wallet_module", "default")
        for path in (os.path.join(base, "payment_streams_state.json"), os.path.join(wallet, "wallet_session_keys.sealed"),
                     os.path.join(wallet, "wallet_session_keys.secret")):
            mode = os.stat(path).st_mode & 0o777
            self.assertEqual(mode, 0o600, path)
        self.assertFalse(os.path.exists(os.path.join(base, "session_keys.sealed")), "the session key is in the wallet")
        with open(os.path.join(base, "payment_streams_state.json")) as f:
            state = json.load(f)
        self.assertEqual(state["schema_version"], 2)
        self.assertEqual(len(state["negotiations"]), 1)
        with open(os.path.join(wallet, "wallet_session_keys.sealed")) as f:
            sealed = json.load(f)
        self.assertEqual((sealed["format"], sealed["cipher"]), ("lezpay-sealed-box", "aes-256-gcm"))
        config = self.ps(self.user, "getConfiguration")
        self.assertNotIn("secret", json.dumps(config))
        log("a state file that does not parse: the module refuses to load, naming the file")
        self.user.stop()
        with open(os.path.join(base, "payment_streams_state.json"), "w") as f:
            f.write("{truncated")
        self.user.start()
        r = self.user.cli("load-module", "payment_streams_module")
        self.assertNotEqual(r.rc, 0, r)
        self.assertIn("payment_streams_state.json", r.stdout)
