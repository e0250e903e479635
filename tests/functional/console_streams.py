"""The owner's console on both sides of a payment stream (console_module over real HTTP, two
daemons, lez-localnet on the test clock): the user's Streams API shows the negotiated stream with
its rate, allocation, accrued, remaining and depletion time as the chain clock moves; pause,
resume and top-up through the API (CSRF and Origin checked) change the chain; the history ends at
the current remaining amount; the provider's console shows what is claimable and claims it, and
the provider's balance grows by exactly the claimed amount; the stream depletes with 0 remaining.
Changes made on the CLI, which the consoles never saw, are in the history and the provider's
income, read from the stream account's states on chain."""
import json

from console_common import ConsoleClient
from framework import log
from streams_common import PROVIDER, USER, StreamsTestCase, n8

PROVIDER_PEER = "16Uiu2HAmProviderPeer"
USER_PEER = "16Uiu2HAmUserPeer"


class ConsoleStreams(StreamsTestCase):
    def setUp(self):
        super().setUp()
        self.require_modules("console_module", "x402_module", "delivery_module")
        self.new_vault(deposit=5000)
        self.ps(self.user, "registerProviderMapping", {"peer_id": PROVIDER_PEER, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 2, "allocation": 1000,
                                                  "deadline_delay_seconds": 60})
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": "1", "min_allocation": 100})
        proposal = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                           {"canonical_request_hex": n8("req-0"), "provider_peer_id": PROVIDER_PEER})
        verdict = self.ps(self.provider, "verifyEligibilityForStoreQuery",
                          {"proof_hex": proposal["bytes_hex"], "canonical_request_hex": n8("req-0"), "requester_peer_id": USER_PEER})
        self.assertEqual(verdict["eligibility"], "OK", verdict)
        self.stream_id = self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})["stream_id"]
        proof = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                        {"canonical_request_hex": n8("req-1"), "provider_peer_id": PROVIDER_PEER})
        bound = self.ps(self.provider, "verifyEligibilityForStoreQuery",
                        {"proof_hex": proof["bytes_hex"], "canonical_request_hex": n8("req-1"), "requester_peer_id": USER_PEER})
        self.assertEqual(bound["eligibility"], "OK", bound)
        self.consoles = {}
        for name, node in (("user", self.user), ("provider", self.provider)):
            node.load("console_module")
            url = self.assert_ok(node.call("console_module", "getConsoleInfo"))["result"]["url"]
            c = ConsoleClient(url)
            self.assertEqual(c.sign_in(token=node.token()).status, 200)
            self.consoles[name] = c
            log(f"{name} console at {url}")

    def the_stream(self):
        a = self.consoles["user"].get("/api/streams")
        self.assertEqual(a.status, 200, a)
        [vault] = a.json["vaults"]
        self.assertEqual((vault["owner"], vault["vault_id"]), (USER, 0))
        [s] = [s for s in vault["streams"] if s["stream_id"] == self.stream_id]
        return s

    def write(self, action, body=None):
        a = self.consoles["user"].post(f"/api/streams/0/{self.stream_id}/{action}", body or {})
        self.assertEqual(a.status, 200, a)
        self.assertRegex(a.json["tx_hash"], r"^[0-9a-f]{64}$")
        return a.json["stream"]

    def test_streams_page_moves_with_the_chain_and_the_provider_claims(self):
        user = self.consoles["user"]
        s0 = self.the_stream()
        self.assertEqual((s0["provider"], s0["rate"], s0["allocation"], s0["state"]), (PROVIDER, "2", "1000", "active"), s0)
        self.assertEqual(int(s0["remaining"]), 1000 - int(s0["accrued"]))

        log("100 s of chain time: remaining drops by exactly rate × 100, depletion time follows")
        self.net.advance(100)
        s1 = self.the_stream()
        self.assertEqual(s1["as_of_unix"] - s0["as_of_unix"], 100)
        self.assertEqual(int(s0["remaining"]) - int(s1["remaining"]), 200)
        self.assertEqual(s1["depletes_at_unix"], s1["as_of_unix"] + int(s1["remaining"]) // 2)
        self.assertRegex(s1["depletes_at"], r"Z$")

        log("writes need CSRF and the console's Origin; pause stops accrual, resume and top-up change the chain")
        a = user.post(f"/api/streams/0/{self.stream_id}/pause", csrf=False)
        self.assertEqual((a.status, a.json["error"]["code"]), (403, "CSRF_REJECTED"), a)
        a = user.post(f"/api/streams/0/{self.stream_id}/pause", origin="http://evil.example")
        self.assertEqual((a.status, a.json["error"]["code"]), (403, "ORIGIN_REJECTED"), a)
        hello, _ = user.events()
        paused = self.write("pause")
        self.assertEqual(paused["state"], "paused")
        user.wait_event(hello[0][0], lambda e: e[1] == "stream_changed" and e[2]["action"] == "pause")
        self.net.advance(50)
        self.assertEqual(self.the_stream()["remaining"], paused["remaining"])
        self.assertIsNone(self.the_stream()["depletes_at_unix"])
        self.assertEqual(self.write("resume")["state"], "active")
        topped = self.write("top-up", {"amount": "100"})
        self.assertEqual(topped["allocation"], "1100")
        a = user.post(f"/api/streams/0/{self.stream_id}/top-up", {"amount": "-5"})
        self.assertEqual((a.status, a.json["error"]["code"]), (400, "INVALID_REQUEST"), a)
        a = user.post("/api/streams/0/999/pause")
        self.assertIn(a.status, (404, 409), a)
        self.assertTrue(a.json["error"]["code"] and a.json["error"]["message"], a)

        log("history: points in time order ending at the current remaining amount")
        self.net.advance(10)
        h = user.get(f"/api/streams/0/{self.stream_id}/history").json
        times = [p["t_unix"] for p in h["points"]]
        self.assertEqual(times, sorted(times))
        self.assertGreaterEqual(len(h["points"]), 3, h)
        self.assertEqual(h["points"][-1]["remaining"], self.the_stream()["remaining"])

        log("the provider's console: claimable now, then a claim that pays exactly that")
        prov = self.consoles["provider"]
        p = prov.get("/api/provider")
        self.assertEqual(p.status, 200, p)
        self.assertEqual(p.json["provider_account"], PROVIDER)
        [ps] = p.json["streams"]
        claimable = int(ps["claimable"])
        self.assertGreater(claimable, 0)
        self.assertEqual(p.json["claimable_total"], ps["claimable"])
        before = self.balance(PROVIDER)
        a = prov.post(f"/api/provider/streams/0/{self.stream_id}/claim", csrf=False)
        self.assertEqual(a.status, 403, a)
        a = prov.post(f"/api/provider/streams/0/{self.stream_id}/claim")
        self.assertEqual(a.status, 200, a)
        self.assertEqual(int(a.json["claimed"]), claimable)
        self.assertEqual(self.balance(PROVIDER), before + claimable)
        self.assertEqual(prov.get("/api/provider").json["streams"][0]["claimable"], "0")
        a = prov.post("/api/provider/streams/0/77/claim")
        self.assertEqual((a.status, a.json["error"]["code"]), (404, "STREAM_NOT_FOUND"), a)

        log("the stream depletes: 0 remaining, state depleted, at the depletion second")
        s = self.the_stream()
        self.net.advance(int(s["remaining"]) // 2 + 5)
        done = self.the_stream()
        self.assertEqual((done["state"], done["remaining"]), ("depleted", "0"), done)
        self.assertEqual(done["depletes_at_unix"], s["as_of_unix"] + int(s["remaining"]) // 2)

    def test_history_and_income_come_from_the_chain_not_from_what_the_console_saw(self):
        ids = {"owner": USER, "vault_id": 0, "stream_id": self.stream_id}
        created = self.ps(self.user, "getStreamStatus", ids)["stored"]
        t0 = created["accrued_as_of"]
        log("pause and claim on the CLI, while neither console looks")
        self.net.advance(100)
        paused = self.ps(self.user, "pauseStream", ids)["stream"]
        t1, accrued = paused["accrued_as_of"], int(paused["accrued"])
        self.assertGreater(accrued, 0)
        self.net.advance(10)
        claimed = self.ps(self.provider, "claim", dict(ids, provider=PROVIDER))
        self.assertEqual(int(claimed["claimed"]), accrued)

        log("the user's history starts at the creation, from the stream account's states on chain")
        h = self.consoles["user"].get(f"/api/streams/0/{self.stream_id}/history")
        self.assertEqual(h.status, 200, h)
        self.assertEqual(h.json["source"], "chain")
        points = {p["t_unix"]: p["remaining"] for p in h.json["points"]}
        self.assertEqual(points[t0], created["allocation"])
        self.assertEqual(points[t1], str(int(created["allocation"]) - accrued))
        self.assertEqual(h.json["points"][-1]["remaining"], str(int(created["allocation"]) - accrued))

        log("the provider's income per stream counts the CLI claim (kept by the chain)")
        [ps] = self.consoles["provider"].get("/api/provider").json["streams"]
        self.assertEqual((ps["claimed"], ps["claimable"], ps["income"]), (str(accrued), "0", str(accrued)), ps)
        self.assertEqual(ps["claimed_by_console"], "0")


if __name__ == "__main__":
    import unittest
    unittest.main()
