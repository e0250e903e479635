"""The LIP-155 handshake through delivery_module's eligibility hooks, two daemons over real TCP:
the user's storeQuery asks payment_streams_module for a proposal, the provider's delivery_module
asks its payment_streams_module for a verdict, the user creates the accepted stream, then paid
queries carry stream proofs; a query without proof and a replayed proof are refused with 400."""
import json
import os
import time

from framework import PRODUCT_MODULES, log
from streams_common import MODULE, PROVIDER, USER, StreamsTestCase

DELIVERY_SO = os.path.join(PRODUCT_MODULES, "delivery_module", "delivery_module_plugin.so")
PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/streams/proto"


class StreamsThroughDelivery(StreamsTestCase):
    def setUp(self):
        self.require_modules("delivery_module")
        super().setUp()
        self.new_vault(deposit=5000)
        self.start_provider_store()
        self.dm(self.user, "createNode", "json:" + json.dumps({"storeService": False, "storeNode": self.provider_addr}))
        self.dm(self.user, "start")
        self.dm(self.provider, "setEligibilityVerifier", MODULE)
        self.dm(self.user, "setEligibilityProvider", MODULE)
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": 1, "min_allocation": 10})
        self.ps(self.user, "registerProviderMapping", {"peer_id": self.provider_peer, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 1, "allocation": 600,
                                                  "deadline_delay_seconds": 60})
        for i in range(3):
            self.dm(self.user, "send", TOPIC, f"str:paid message {i}")
        deadline = time.time() + 10
        while self.dm(self.provider, "getNodeInfo")["archive"]["messages"] < 3:
            self.assertLess(time.time(), deadline, "the provider did not archive the messages")
            time.sleep(0.05)

    def query(self, request_id, **extra):
        q = {"requestId": request_id, "includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}
        q.update(extra)
        return self.dm(self.user, "storeQuery", "json:" + json.dumps(q))

    def test_proposal_stream_and_paid_queries_through_the_hooks(self):
        log("first query carries a stream proposal; the provider accepts it and serves")
        r = self.query("q-proposal", eligibility={"arm": "stream_proposal"})
        self.assertEqual(r["statusCode"], 200, r)
        self.assertEqual(len(r["messages"]), 3)
        sessions = self.ps(self.provider, "listProviderSessions")["sessions"]
        self.assertEqual(len(sessions), 1)

        log("the user creates the accepted stream on chain")
        created = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": self.provider_peer})
        self.assertEqual((created["stream"]["rate"], created["stream"]["allocation"]), (1, "600"))

        log("paid queries carry stream proofs")
        for i in range(3):
            r = self.query(f"q-paid-{i}", eligibility={"arm": "stream_proof", "stream_id": ""})
            self.assertEqual(r["statusCode"], 200, r)
            self.assertEqual(len(r["messages"]), 3)
        self.assertEqual(self.ps(self.provider, "listProviderSessions")["sessions"][0]["bound_stream_id"], created["stream_id"])

        log("no proof: 400 PROOF_INVALID")
        r = self.query("q-none")
        self.assertEqual((r["statusCode"], r["eligibility"]["name"]), (400, "PROOF_INVALID"))
        self.assertEqual(r["messages"], [])

        log("a proof sent twice for the same request id: the second is refused")
        q = {"requestId": "q-replay", "includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}
        n8 = self.dm(self.user, "canonicalStoreRequestHex", "json:" + json.dumps(q))["canonicalRequestHex"]
        proof = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                        {"canonical_request_hex": n8, "provider_peer_id": self.provider_peer})
        first = self.query("q-replay", eligibilityProofHex=proof["bytes_hex"])
        self.assertEqual(first["statusCode"], 200, first)
        second = self.query("q-replay", eligibilityProofHex=proof["bytes_hex"])
        self.assertEqual((second["statusCode"], second["eligibility"]["name"]), (400, "PROOF_INVALID"))
        self.assertIn("already served", second["eligibility"]["desc"])

        log("a paused stream is refused by the provider (STREAM_NOT_ACTIVE)")
        q["requestId"] = "q-paused"
        n8 = self.dm(self.user, "canonicalStoreRequestHex", "json:" + json.dumps(q))["canonicalRequestHex"]
        proof = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                        {"canonical_request_hex": n8, "provider_peer_id": self.provider_peer})
        self.net.advance(2)  # the stream accrues 2 units (rate 1)
        self.ps(self.user, "pauseStream", {"owner": USER, "vault_id": 0, "stream_id": created["stream_id"]})
        r = self.query("q-paused", eligibilityProofHex=proof["bytes_hex"])
        self.assertEqual((r["statusCode"], r["eligibility"]["name"]), (400, "STREAM_NOT_ACTIVE"))

        log("closing and claiming settle exactly what accrued")
        closed = self.ps(self.user, "closeStream", {"owner": USER, "vault_id": 0, "stream_id": created["stream_id"]})
        accrued = int(closed["accrued"])
        self.assertEqual(accrued, 2, "paused after 2 chain seconds at rate 1")
        before = self.balance(PROVIDER)
        claimed = self.ps(self.provider, "claim", {"owner": USER, "provider": PROVIDER, "vault_id": 0,
                                                   "stream_id": created["stream_id"]})
        self.assertEqual(int(claimed["claimed"]), accrued)
        self.assertEqual(self.balance(PROVIDER), before + accrued)
