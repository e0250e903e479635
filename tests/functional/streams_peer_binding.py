"""A provider session is bound to the requester peer that proposed it (payment-streams.md §7, N8
does not cover the peer id; docs/decisions.md "Sessions bound to the requester peer"), end to end:
lez-localnet, a provider daemon whose delivery_module serves Store over libp2p (transport
"libp2p") with payment_streams_module as its verifier, a user daemon whose payment_streams_module
prepares the proposal and the stream proofs, and js-libp2p peers (tests/interop/libp2p/peer.mjs
store-raw, fixed Ed25519 identities) carrying them over Noise + Yamux:
  - peer A's proposal is accepted and the session is pinned to A's peer id; A's stream proofs are
    served;
  - the same proof bytes presented by peer B (another key) are refused PROOF_INVALID with a
    sentence naming both peer ids; a fresh proof of the same session presented by B too, and A's
    use of that fresh proof afterwards is still served;
  - our own user node (delivery_module storeQuery dialing libp2p, payment_streams_module as its
    eligibility provider) proposes and pays over libp2p and is served; a fresh proof of its
    session presented by a js peer is refused naming both ids;
  - the binding survives a restart of the provider;
  - a state file written before the binding (schema_version 1) is migrated: its session is bound
    to the first peer whose proof passes, and refuses the other afterwards."""
import json
import os
import time
import unittest

from delivery_libp2p_peer import PUBSUB, TOPIC, query_json, store_request
from framework import log
from p2p_js_interop import INTEROP, NODE, LineProcess, ensure_node_modules
from streams_common import MODULE, PROVIDER, USER, StreamsTestCase

SEED_A = "11" * 32
SEED_B = "22" * 32


def short(peer):
    return peer[:8] + "..." + peer[-6:]


class StreamsPeerBinding(StreamsTestCase):
    @classmethod
    def setUpClass(cls):
        reason = ensure_node_modules()
        if reason:
            raise unittest.SkipTest(reason)

    def setUp(self):
        self.require_modules("delivery_module")
        super().setUp()
        self.procs = []
        self.new_vault(deposit=5000)
        self.user.load("delivery_module")
        self.provider.load("delivery_module")
        self.start_provider_node()
        self.hashes = [self.dm(self.provider, "send", TOPIC, f"str:bound message {i}")["messageHash"] for i in range(2)]
        deadline = time.time() + 10
        while self.dm(self.provider, "getNodeInfo")["archive"]["messages"] < 2:
            self.assertLess(time.time(), deadline, "the provider did not archive the messages")
            time.sleep(0.05)
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": 1, "min_allocation": 10})
        self.ps(self.user, "registerProviderMapping", {"peer_id": self.provider_peer, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 1, "allocation": 600,
                                                  "deadline_delay_seconds": 60})

    def tearDown(self):
        for p in self.procs:
            p.stop()
        super().tearDown()

    def start_provider_node(self):
        cfg = {"transport": "libp2p", "archiveUrl": f"sqlite:{self.provider.root}/store.sqlite", "clusterId": 1,
               "shards": list(range(8)), "pubsubTopic": PUBSUB}
        self.dm(self.provider, "createNode", "json:" + json.dumps(cfg))
        self.provider_addr = self.dm(self.provider, "start")["multiaddr"]
        self.provider_peer = self.dm(self.provider, "getNodeInfo")["peerId"]
        self.dm(self.provider, "setEligibilityVerifier", MODULE)

    def n8(self, request_id):
        return self.dm(self.user, "canonicalStoreRequestHex", "json:" + json.dumps(query_json(request_id)))["canonicalRequestHex"]

    def proof(self, request_id, arm="stream_proof"):
        op = ("prepareEligibilityProofWithStreamProposalForStoreQuery" if arm == "stream_proposal"
              else "prepareEligibilityProofWithStreamProofForStoreQuery")
        return bytes.fromhex(self.ps(self.user, op, {"canonical_request_hex": self.n8(request_id),
                                                     "provider_peer_id": self.provider_peer})["bytes_hex"])

    def send(self, seed, request_id, proof):
        """peer.mjs store-raw with the fixed identity `seed`: (its peer id, the decoded response)."""
        p = LineProcess([NODE, "peer.mjs", "store-raw", self.provider_addr, "--seed", seed, "--hex",
                         store_request(request_id, proof).hex()],
                        os.path.join(self.tmp, f"js-{request_id}-{seed[:2]}.log"), cwd=INTEROP)
        self.procs.append(p)
        r = p.wait_event("result", timeout=60)
        self.assertTrue(r["ok"], r)
        self.assertEqual(r["store"]["requestId"], request_id, r)
        return r["peer"], r["store"]

    def served(self, seed, request_id, proof):
        peer, s = self.send(seed, request_id, proof)
        self.assertEqual((s["statusCode"], [m["hash"] for m in s["messages"]]), (200, self.hashes), s)
        return peer

    def refused(self, seed, request_id, proof, bound_peer):
        peer, s = self.send(seed, request_id, proof)
        self.assertEqual((s["statusCode"], s["eligibility"]["code"]), (400, 2), s)
        self.assertEqual(s["messages"], [])
        expected = f"this session is bound to peer {short(bound_peer)}; the proof came from peer {short(peer)}"
        self.assertEqual(s["eligibility"]["desc"], expected)
        self.assertEqual(s["statusDesc"], "BAD_REQUEST: PROOF_INVALID: " + expected)
        return peer

    def session(self):
        sessions = self.ps(self.provider, "listProviderSessions")["sessions"]
        self.assertEqual(len(sessions), 1, sessions)
        return sessions[0]

    def test_session_is_bound_to_the_proposing_peer(self):
        log("peer A sends the stream proposal over libp2p; the provider pins the session to A")
        peer_a = self.served(SEED_A, "q-proposal", self.proof("q-proposal", "stream_proposal"))
        self.assertEqual(self.session()["requester_peer_id"], peer_a)
        created = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": self.provider_peer})

        log("A's stream proof is served")
        proof_1 = self.proof("q-1")
        self.served(SEED_A, "q-1", proof_1)
        self.assertEqual(self.session()["bound_stream_id"], created["stream_id"])

        log("B presents the same proof bytes: PROOF_INVALID naming both peer ids")
        peer_b = self.refused(SEED_B, "q-1", proof_1, peer_a)
        self.assertNotEqual(peer_a, peer_b)
        log("B presents a fresh proof of the same session: refused; A's use of it afterwards is served")
        proof_2 = self.proof("q-2")
        self.refused(SEED_B, "q-2", proof_2, peer_a)
        self.served(SEED_A, "q-2", proof_2)

        log("the provider restarts: the binding was persisted with the session")
        self.restart(self.provider)
        self.provider.load("delivery_module")
        self.start_provider_node()
        self.assertEqual(self.session()["requester_peer_id"], peer_a)
        proof_3 = self.proof("q-3")
        self.refused(SEED_B, "q-3", proof_3, peer_a)
        self.served(SEED_A, "q-3", proof_3)

        log("a state file from before the binding (schema_version 1): the first peer with a valid proof is pinned")
        self.provider.stop()
        path = os.path.join(self.provider.persistence, MODULE, "default", "payment_streams_state.json")
        with open(path) as f:
            state = json.load(f)
        self.assertEqual(state["schema_version"], 2)
        state["schema_version"] = 1
        for s in state["provider_acceptances"].values():
            s["requester_peer_id"] = ""  # what version 1 wrote (a lookup hint, never a binding)
        with open(path, "w") as f:
            json.dump(state, f)
        self.provider.start()
        self.provider.load(MODULE)
        self.wallet(self.provider, "open", "str:test password")
        self.provider.load("delivery_module")
        self.start_provider_node()
        self.assertIsNone(self.session()["requester_peer_id"])
        proof_4 = self.proof("q-4")
        self.served(SEED_B, "q-4", proof_4)
        self.assertEqual(self.session()["requester_peer_id"], peer_b)
        self.refused(SEED_A, "q-5", self.proof("q-5"), peer_b)
        with open(path) as f:
            self.assertEqual(json.load(f)["schema_version"], 2)

    def test_our_user_node_is_served_and_its_session_refuses_a_js_peer(self):
        log("our user node dials the provider over libp2p; its storeQuery carries the proposal, then stream proofs")
        self.dm(self.user, "createNode", "json:" + json.dumps({"transport": "libp2p", "storeService": False,
                                                                "storeNode": self.provider_addr}))
        self.dm(self.user, "start")
        user_peer = self.dm(self.user, "getNodeInfo")["peerId"]
        self.dm(self.user, "setEligibilityProvider", MODULE)
        q = {"includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB, "contentTopics": [TOPIC]}
        r = self.dm(self.user, "storeQuery", "json:" + json.dumps(dict(q, requestId="u-proposal", eligibility={"arm": "stream_proposal"})))
        self.assertEqual(r["statusCode"], 200, r)
        self.assertEqual(self.session()["requester_peer_id"], user_peer)
        self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": self.provider_peer})
        for i in range(2):
            r = self.dm(self.user, "storeQuery",
                        "json:" + json.dumps(dict(q, requestId=f"u-paid-{i}", eligibility={"arm": "stream_proof", "stream_id": ""})))
            self.assertEqual((r["statusCode"], [m["messageHash"] for m in r["messages"]]), (200, self.hashes), r)
        log("a js peer presents a fresh proof of the user node's session: refused naming both ids")
        self.refused(SEED_B, "u-js", self.proof("u-js"), user_peer)


if __name__ == "__main__":
    unittest.main()
