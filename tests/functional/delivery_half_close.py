"""A paid Store answer reaches a client that half-closes, and is not lost when the client vanishes.

Two daemons with payment_streams_module and delivery_module over real TCP (as streams_delivery.py):
after the LIP-155 handshake, raw clients speak multistream-select and one frame to the provider's
Store port with valid stream proofs:
  - 30 clients that shut down their write side right after the request (js-waku does): all answered;
  - a client that closes the connection right after its request, then retries the same bytes: the
    retry gets the answer (docs/decisions.md "A paid Store answer that was not delivered"), and a
    third copy of the same proof is refused as a replay (never served twice)."""
import json
import socket
import time

from delivery_store import RawStream, ms, proto_fields, uvarint
from framework import log
from streams_common import MODULE, PROVIDER, USER, StreamsTestCase, n8

PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/halfclose/proto"
STORE_ID = "/vac/waku/store-query/3.0.0"


def field(number, payload):
    return uvarint((number << 3) | 2) + uvarint(len(payload)) + payload


def store_request(request_id, proof):
    """The wire request whose N8 is streams_common.n8(request_id, (TOPIC,)): include_data, the one
    content topic, forward, limit 20, and the proof in field 30."""
    return (field(1, request_id.encode()) + b"\x10\x01" + field(11, TOPIC.encode()) + b"\xa0\x03\x01" + b"\xa8\x03\x14" +
            field(30, proof))


class DeliveryHalfClose(StreamsTestCase):
    def setUp(self):
        self.require_modules("delivery_module")
        super().setUp()
        self.new_vault(deposit=5000)
        # Raw clients speak multistream-select straight over TCP: the plain (loopback debugging) transport.
        self.start_provider_store(transport="plain")
        self.port = int(self.provider_addr.split("/tcp/")[1].split("/")[0])
        self.dm(self.user, "createNode", "json:" + json.dumps({"storeService": False, "storeNode": self.provider_addr,
                                                               "transport": "plain"}))
        self.dm(self.user, "start")
        self.dm(self.provider, "setEligibilityVerifier", MODULE)
        self.dm(self.user, "setEligibilityProvider", MODULE)
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": 1, "min_allocation": 10})
        self.ps(self.user, "registerProviderMapping", {"peer_id": self.provider_peer, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 1, "allocation": 600,
                                                  "deadline_delay_seconds": 60})
        self.dm(self.user, "send", TOPIC, "str:a paid message")
        deadline = time.time() + 10
        while self.dm(self.provider, "getNodeInfo")["archive"]["messages"] < 1:
            self.assertLess(time.time(), deadline, "the provider did not archive the message")
            time.sleep(0.05)
        log("handshake: a proposal through the hooks, then the stream on chain")
        q = {"requestId": "hc-proposal", "includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC], "eligibility": {"arm": "stream_proposal"}}
        r = self.dm(self.user, "storeQuery", "json:" + json.dumps(q))
        self.assertEqual(r["statusCode"], 200, r)
        self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": self.provider_peer})

    def proof(self, request_id):
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                    {"canonical_request_hex": n8(request_id, (TOPIC,)), "provider_peer_id": self.provider_peer})
        return bytes.fromhex(p["bytes_hex"])

    def open_stream(self):
        s = RawStream(self.port)
        self.assertEqual(s.negotiate(STORE_ID), (STORE_ID + "\n").encode())
        return s

    def answer_of(self, s):
        frame = s.read_frame()
        self.assertIsNotNone(frame, "the provider closed the stream without an answer")
        return dict(proto_fields(frame))

    def test_half_closing_clients_get_their_paid_answers(self):
        log("30 raw clients: request with a valid stream proof, shutdown(SHUT_WR), read the answer")
        answered = 0
        for i in range(30):
            rid = f"hc-{i}"
            req = store_request(rid, self.proof(rid))
            s = self.open_stream()
            s.send(uvarint(len(req)) + req)
            s.sock.shutdown(socket.SHUT_WR)
            fields = self.answer_of(s)
            s.close()
            self.assertEqual((fields[1], fields[10]), (rid.encode(), 200), f"{rid}: {fields}")
            answered += 1
        self.assertEqual(answered, 30)

    def test_answer_lost_to_a_vanished_client_goes_to_its_retry(self):
        rid = "hc-vanish"
        req = store_request(rid, self.proof(rid))
        log("a client sends its paid request and closes the connection at once")
        s = self.open_stream()
        s.send(uvarint(len(req)) + req)
        s.close()
        time.sleep(1.0)  # the provider verifies (recording the request id) and fails to deliver
        log("the retry with the same proof bytes is answered, not refused as a replay")
        s = self.open_stream()
        s.send(uvarint(len(req)) + req)
        fields = self.answer_of(s)
        s.close()
        self.assertEqual((fields[1], fields[10]), (rid.encode(), 200), fields)
        log("once delivered, the same proof again is a replay: the request is never served twice")
        s = self.open_stream()
        s.send(uvarint(len(req)) + req)
        fields = self.answer_of(s)
        s.close()
        self.assertEqual(fields[10], 400, fields)
        self.assertIn(b"already served", fields[30])
