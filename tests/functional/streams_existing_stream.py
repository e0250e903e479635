"""A stream created directly with createStream, used for paid Store queries (two daemons, Store
over libp2p, lez-localnet on the test clock): the user registers it with the provider through a
Store query whose proposal names it (eligibility {arm: stream_proposal, options:
{existing_stream_id}}); the provider reads it on chain, binds it to the session and serves, and
later queries with stream proofs are served. A stream paying someone else, below the provider's
minimum rate, paused, or already bound to another peer's session is refused with the stable code
that names the mismatch (first word of the Store response's eligibility desc). The newcomer's
vault is fully allocated to the stream, as after a plain createStream."""
import json
import time

from framework import log
from streams_common import MODULE, PROVIDER, USER, G, StreamsTestCase, n8

PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/streams/proto"
MERCHANT = G["merchant"]["account_id"]
OTHER_PEER = "16Uiu2HAmOtherUserPeerThatNeverSpoke"


class ExistingStream(StreamsTestCase):
    def setUp(self):
        self.require_modules("delivery_module")
        super().setUp()
        self.start_provider_store()
        self.dm(self.user, "createNode", "json:" + json.dumps({"storeService": False, "storeNode": self.provider_addr}))
        self.dm(self.user, "start")
        self.dm(self.provider, "setEligibilityVerifier", MODULE)
        self.dm(self.user, "setEligibilityProvider", MODULE)
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": 2, "min_allocation": 10,
                                                           "max_proposal_attempts": 20})
        self.ps(self.user, "registerProviderMapping", {"peer_id": self.provider_peer, "provider": PROVIDER})
        # The owner and vault only: the stream's own terms are what the user proposes.
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0})
        for i in range(3):
            self.dm(self.user, "send", TOPIC, f"str:paid message {i}")
        deadline = time.time() + 10
        while self.dm(self.provider, "getNodeInfo")["archive"]["messages"] < 3:
            self.assertLess(time.time(), deadline, "the provider did not archive the messages")
            time.sleep(0.05)

    def query_raw(self, request_id, eligibility=None):
        q = {"requestId": request_id, "includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}
        if eligibility is not None:
            q["eligibility"] = eligibility
        return self.user.call("delivery_module", "storeQuery", "json:" + json.dumps(q), timeout=60)

    def query(self, request_id, eligibility=None):
        return self.assert_ok(self.query_raw(request_id, eligibility))["result"]

    def register(self, request_id, stream_id):
        return self.query(request_id, {"arm": "stream_proposal", "options": {"existing_stream_id": stream_id}})

    def create(self, provider=PROVIDER, rate=2, allocation="300"):
        created = self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": provider, "rate": rate,
                                                      "allocation": allocation})
        return created["stream_id"]

    def expect_refused(self, answer, code, name):
        self.assertGreaterEqual(answer["statusCode"], 400, answer)
        self.assertEqual(answer["eligibility"]["name"], name, answer)
        self.assertTrue(answer["eligibility"]["desc"].startswith(code + ": "), answer)
        self.assertEqual(answer["messages"], [])
        log(f"refused: {answer['eligibility']['desc']}")

    def test_a_direct_stream_is_registered_and_pays_for_store_queries(self):
        self.new_vault(deposit=600)
        stream_id = self.create(rate=3, allocation="600")
        log(f"stream {stream_id} created directly; the vault has nothing left unallocated")
        self.assertEqual(self.vault(self.user)["unallocated"], "0")

        log("before registration a proof for it is refused, and the refusal says how to register it")
        r = self.query_raw("q-before", {"arm": "stream_proof", "stream_id": stream_id})
        self.assertNotEqual(r.rc, 0, r)
        self.assertIn("existing_stream_id", json.dumps(r.json), r)

        log("the registering query carries a proposal naming the stream and is served")
        r = self.register("q-register", stream_id)
        self.assertEqual(r["statusCode"], 200, r)
        self.assertEqual(len(r["messages"]), 3)
        [session] = self.ps(self.provider, "listProviderSessions")["sessions"]
        self.assertEqual((session["bound_stream_id"], session["stream_rate"], session["allocation"]), (stream_id, 3, 600), session)

        log("paid queries with stream proofs are served")
        for i, sid in enumerate(("", stream_id)):
            r = self.query(f"q-paid-{i}", {"arm": "stream_proof", "stream_id": sid})
            self.assertEqual(r["statusCode"], 200, r)
            self.assertEqual(len(r["messages"]), 3)
        self.assertEqual(self.ps(self.provider, "listProviderSessions")["sessions"][0]["requests_served"], 2)

        log("the stream pays the provider: a claim settles what accrued")
        self.net.advance(10)
        before = self.balance(PROVIDER)
        claimed = self.ps(self.provider, "claim", {"owner": USER, "provider": PROVIDER, "vault_id": 0, "stream_id": stream_id})
        self.assertGreaterEqual(int(claimed["claimed"]), 30)
        self.assertEqual(self.balance(PROVIDER), before + int(claimed["claimed"]))

    def test_streams_the_provider_does_not_accept_are_refused_with_their_code(self):
        self.new_vault(deposit=2000)
        elsewhere = self.create(provider=MERCHANT)
        slow = self.create(rate=1)
        paused = self.create()
        bound = self.create()
        self.net.advance(2)
        self.ps(self.user, "pauseStream", {"owner": USER, "vault_id": 0, "stream_id": paused})

        self.expect_refused(self.register("q-elsewhere", elsewhere), "EXISTING_STREAM_PROVIDER_MISMATCH", "PARAMS_REJECTED")
        self.expect_refused(self.register("q-slow", slow), "EXISTING_STREAM_RATE_TOO_LOW", "PARAMS_REJECTED")
        self.expect_refused(self.register("q-paused", paused), "EXISTING_STREAM_NOT_ACTIVE", "STREAM_NOT_ACTIVE")
        r = self.query_raw("q-missing", {"arm": "stream_proposal", "options": {"existing_stream_id": 99}})
        self.assertNotEqual(r.rc, 0, r)
        self.assertIn("STREAM_NOT_FOUND", json.dumps(r.json), "the user side reads the stream before proposing it")
        self.assertEqual(self.ps(self.provider, "listProviderSessions")["sessions"], [], "no refused stream got a session")

        log("a stream registered by this user's peer cannot be registered from another peer")
        r = self.register("q-bound", bound)
        self.assertEqual(r["statusCode"], 200, r)
        self.ps(self.user, "registerProviderMapping", {"peer_id": OTHER_PEER, "provider": PROVIDER})
        proposal = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                           {"canonical_request_hex": n8("q-other"), "provider_peer_id": OTHER_PEER,
                            "options": {"existing_stream_id": bound}})
        self.assertEqual(proposal["existing_stream_id"], bound)
        err = self.ps_error(self.provider, "verifyEligibilityForStoreQuery",
                            {"proof_hex": proposal["bytes_hex"], "canonical_request_hex": n8("q-other"), "requester_peer_id": OTHER_PEER},
                            "EXISTING_STREAM_ALREADY_BOUND", "already bound")
        log(f"refused: {err['message']}")
        self.assertEqual([s["bound_stream_id"] for s in self.ps(self.provider, "listProviderSessions")["sessions"]], [bound])

        log("the same peer registering it again replaces its own session")
        r = self.register("q-bound-again", bound)
        self.assertEqual(r["statusCode"], 200, r)
        sessions = self.ps(self.provider, "listProviderSessions")["sessions"]
        self.assertEqual(len(sessions), 1, sessions)
        r = self.query("q-bound-paid", {"arm": "stream_proof", "stream_id": ""})
        self.assertEqual(r["statusCode"], 200, r)

        log("a malformed option is a caller fault")
        r = self.ps_raw(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                        {"canonical_request_hex": n8("q-bad"), "provider_peer_id": self.provider_peer,
                         "options": {"existing_stream_id": "-1"}})
        self.assertNotEqual(r.rc, 0, r)
        self.expect_error(r.json["error"], "INVALID_ARGS", "existing_stream_id")
