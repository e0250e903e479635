"""delivery_module between two logoscore daemons: publishing over Lightpush, Store queries with and
without data, pagination, eligibility hooks (a refusing verifier, a proof provider), node identity,
and malformed frames sent over a raw socket.

The provider's archive is chosen by LEZPAY_TEST_ARCHIVE_URL_TEMPLATE (default "sqlite:{dir}/store.sqlite");
{dir} is the provider's temporary directory and {unique} a fresh lowercase token per test, e.g.
  LEZPAY_TEST_ARCHIVE_URL_TEMPLATE='postgresql://postgres@127.0.0.1:55432/postgres?schema=t_{unique}'
so the same suite runs against PostgreSQL."""
import json
import os
import socket
import stat
import subprocess
import threading
import time
import unittest
import uuid

from framework import BUILD_DIR, LOGOSCORE, PRODUCT_MODULES, DaemonTestCase, EventWatcher, log

HOOK_MODULES = os.path.join(BUILD_DIR, "test-modules-hooks")
DELIVERY_SO = os.path.join(PRODUCT_MODULES, "delivery_module", "delivery_module_plugin.so")
ARCHIVE_TEMPLATE = os.environ.get("LEZPAY_TEST_ARCHIVE_URL_TEMPLATE", "sqlite:{dir}/store.sqlite")
PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/functional/proto"
STORE_ID = "/vac/waku/store-query/3.0.0"


# --- raw wire helpers (multistream-select 1.0 and uvarint frames, waku-store.md §1) -------------------

def uvarint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_uvarint(buf, pos):
    shift = value = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, pos


def ms(text):
    body = text.encode() + b"\n"
    return uvarint(len(body)) + body


def proto_fields(data):
    """Top-level protobuf fields as (number, value): varints as int, length-delimited as bytes."""
    fields, pos = [], 0
    while pos < len(data):
        tag, pos = read_uvarint(data, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = read_uvarint(data, pos)
        elif wire == 2:
            length, pos = read_uvarint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        else:
            raise AssertionError(f"unexpected wire type {wire}")
        fields.append((number, value))
    return fields


class RawStream:
    """One TCP stream to a node, speaking the dialer side by hand."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def read_frame(self):
        while True:
            try:
                length, pos = read_uvarint(self.buf, 0)
                if len(self.buf) >= pos + length:
                    frame, self.buf = self.buf[pos:pos + length], self.buf[pos + length:]
                    return frame
            except IndexError:
                pass
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buf += chunk

    def negotiate(self, protocol=STORE_ID):
        self.send(ms("/multistream/1.0.0") + ms(protocol))
        assert self.read_frame() == b"/multistream/1.0.0\n"
        return self.read_frame()

    def closed_by_peer(self, timeout=5):
        self.sock.settimeout(timeout)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False

    def close(self):
        self.sock.close()


class DeliveryTestCase(DaemonTestCase):
    # Both nodes' createNode transport; None = the default (libp2p). Tests that speak the wire by
    # hand over a raw socket set "plain", the loopback debugging transport.
    TRANSPORT = None

    def setUp(self):
        super().setUp()
        self.require_modules("delivery_module")
        self.watchers = []
        self.provider = self.start_daemon("provider", module_dirs=[PRODUCT_MODULES, HOOK_MODULES])
        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES, HOOK_MODULES])
        for n in (self.provider, self.user):
            n.load("delivery_module")
        archive = ARCHIVE_TEMPLATE.format(dir=self.provider.root, unique="t" + uuid.uuid4().hex[:12])
        log(f"provider archive: {archive.split('@')[-1]}")
        transport = {"transport": self.TRANSPORT} if self.TRANSPORT else {}
        self.op(self.provider, "createNode", "json:" + json.dumps({"archiveUrl": archive, **transport}))
        self.provider_addr = self.op(self.provider, "start")["multiaddr"]
        self.op(self.user, "createNode", "json:" + json.dumps({"storeService": False, "storeNode": self.provider_addr, **transport}))
        self.op(self.user, "start")

    def tearDown(self):
        for w in self.watchers:
            w.stop()
        super().tearDown()

    def watch(self, node):
        w = EventWatcher(node, "delivery_module")
        self.watchers.append(w)
        return w

    def op(self, node, operation, *args):
        return self.assert_ok(node.call("delivery_module", operation, *args, timeout=60))["result"]

    def query(self, node, q, *more):
        return self.op(node, "storeQuery", "json:" + json.dumps(q), *more)

    def publish(self, n, prefix="message"):
        hashes = []
        for i in range(n):
            r = self.op(self.user, "send", TOPIC, f"str:{prefix} {i}")
            hashes.append(r["messageHash"])
        return hashes

    def wait_archived(self, count, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            info = self.op(self.provider, "getNodeInfo")
            if info["archive"]["messages"] >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"archive did not reach {count} messages")

    @staticmethod
    def content_query(request_id, **kw):
        q = {"requestId": request_id, "includeData": False, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}
        q.update(kw)
        return q


class DeliveryPublishAndQuery(DeliveryTestCase):
    def test_publish_then_query_with_and_without_data(self):
        provider_events = self.watch(self.provider)
        user_events = self.watch(self.user)
        self.op(self.provider, "subscribe", TOPIC)
        log("three messages published from the user node to the provider's store")
        hashes = self.publish(3)
        sent = user_events.wait_for("messageSent", 3)
        self.assertEqual(sorted(e["data"]["arg1"] for e in sent), sorted(hashes))
        received = provider_events.wait_for("messageReceived", 3)
        self.assertEqual({e["data"]["arg1"] for e in received}, {TOPIC})
        self.wait_archived(3)

        log("hash-only query: hashes in timestamp order, no data")
        r = self.query(self.user, self.content_query("q-hashes"))
        self.assertEqual((r["statusCode"], r["statusDesc"], r["requestId"]), (200, "OK", "q-hashes"))
        self.assertEqual([m["messageHash"] for m in r["messages"]], hashes)
        self.assertTrue(all(set(m) == {"messageHash"} for m in r["messages"]))
        self.assertNotIn("paginationCursor", r)
        self.assertNotIn("eligibility", r)

        log("include_data: payloads and pubsub topic come back; hashes recompute")
        r = self.query(self.user, self.content_query("q-data", includeData=True))
        import base64
        self.assertEqual([base64.b64decode(m["message"]["payload"]).decode() for m in r["messages"]],
                         ["message 0", "message 1", "message 2"])
        for m in r["messages"]:
            self.assertEqual(m["pubsubTopic"], PUBSUB)
            again = self.op(self.user, "computeMessageHash", PUBSUB, "json:" + json.dumps(m["message"]))
            self.assertEqual(again["messageHash"], m["messageHash"])
        completed = user_events.wait_for("storeQueryCompleted", 2)
        self.assertIs(completed[-1]["data"]["arg0"], True)
        self.assertEqual(completed[-1]["data"]["arg1"]["requestId"], "q-data")

        log("hash lookup: a presence query answers only archived hashes")
        missing = "ab" * 32
        r = self.query(self.user, {"requestId": "q-lookup", "includeData": False, "paginationForward": True,
                                   "messageHashes": [hashes[1], missing]})
        self.assertEqual([m["messageHash"] for m in r["messages"]], [hashes[1]])

        log("queryLocalArchive answers the same shape from the provider's own archive")
        local = self.op(self.provider, "queryLocalArchive", "json:" + json.dumps(self.content_query("q-local")))
        self.assertEqual([m["messageHash"] for m in local["messages"]], hashes)
        self.assertEqual(local["statusCode"], 200)

    def test_pagination_forward_and_backward(self):
        hashes = self.publish(23, "page")
        self.wait_archived(23)
        log("default page size 20, then the last 3 with no cursor")
        first = self.query(self.user, self.content_query("p1"))
        self.assertEqual([m["messageHash"] for m in first["messages"]], hashes[:20])
        self.assertEqual(first["paginationCursor"], hashes[19])
        second = self.query(self.user, self.content_query("p2", paginationCursor=first["paginationCursor"]))
        self.assertEqual([m["messageHash"] for m in second["messages"]], hashes[20:])
        self.assertNotIn("paginationCursor", second)

        log("backward pages of 10: newest first page, each page in ascending order")
        seen, cursor, pages = [], None, 0
        while True:
            q = self.content_query(f"b{pages}", paginationForward=False, paginationLimit=10)
            if cursor:
                q["paginationCursor"] = cursor
            r = self.query(self.user, q)
            page = [m["messageHash"] for m in r["messages"]]
            self.assertEqual(page, [h for h in hashes if h in page])  # ascending within the page
            seen = page + seen
            pages += 1
            cursor = r.get("paginationCursor")
            if not cursor:
                break
            self.assertEqual(cursor, page[0])
        self.assertEqual(pages, 3)
        self.assertEqual(seen, hashes)

        log("limits: 0 means 20, above 100 is clamped; unknown cursor is an archive error (300)")
        self.assertEqual(len(self.query(self.user, self.content_query("l0", paginationLimit=0))["messages"]), 20)
        self.assertEqual(len(self.query(self.user, self.content_query("l1", paginationLimit=1000))["messages"]), 23)
        r = self.query(self.user, self.content_query("bad-cursor", paginationCursor="cd" * 32))
        self.assertEqual(r["statusCode"], 300)
        self.assertEqual(r["messages"], [])
        r = self.query(self.user, self.content_query("zero-cursor", paginationCursor="00" * 32))
        self.assertEqual(r["statusCode"], 300)

    def test_bad_queries_and_unreachable_peers(self):
        log("mixed hash + content query: 400 with the request id echoed")
        q = self.content_query("mixed", messageHashes=["11" * 32])
        r = self.query(self.user, q)
        self.assertEqual((r["statusCode"], r["requestId"]), (400, "mixed"))
        log("content topics alone match on any pubsub topic; omitted keys take their defaults")
        hashes = self.publish(2)
        self.wait_archived(2)
        r = self.query(self.user, {"contentTopics": [TOPIC], "pageSize": 1})
        self.assertEqual(r["statusCode"], 200)
        self.assertEqual(len(r["requestId"]), 32)  # generated
        self.assertEqual([m["messageHash"] for m in r["messages"]], hashes[:1])  # forward by default, limit 1
        self.assertEqual(r["paginationCursor"], hashes[0])
        log("bad JSON and bad addresses are refused before any traffic")
        bad = self.user.call("delivery_module", "storeQuery", 'json:{"requestId":"x","contentTopic":"/misspelt"}')
        err = self.assert_error("METHOD_FAILED", bad)["error"]
        self.assertEqual(err["code"], "INVALID_QUERY")
        self.assertIn("contentTopic", err["message"])
        bad = self.user.call("delivery_module", "storeQuery", "json:" + json.dumps(self.content_query("x")), "str:/ip4/1.2.3/tcp/1")
        self.assertEqual(self.assert_error("METHOD_FAILED", bad)["error"]["code"], "INVALID_MULTIADDR")
        # Not the provider's id: a connection to a peer id is reused whatever address names it.
        peer = "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY"
        r = self.user.call("delivery_module", "storeQuery", "json:" + json.dumps(self.content_query("x")), "str:/ip4/127.0.0.1/tcp/1")
        self.expect_error(r, "PEER_ID_REQUIRED", "/p2p/")
        # Bound but not listening: the dial is refused, and no other process can take the port meanwhile.
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed_port = s.getsockname()[1]
            r = self.user.call("delivery_module", "storeQuery", "json:" + json.dumps(self.content_query("x")),
                               f"str:/ip4/127.0.0.1/tcp/{closed_port}/p2p/{peer}")
        err = self.assert_error("METHOD_FAILED", r)["error"]
        self.assertEqual((err["code"], err["statusCode"]), ("PEER_DIAL_FAILURE", 504))


class DeliveryEligibility(DeliveryTestCase):
    def setUp(self):
        super().setUp()
        self.provider.load("test_verifier")
        self.op(self.provider, "setEligibilityVerifier", "test_verifier")
        self.hashes = self.publish(2)
        self.wait_archived(2)

    def verifier(self, operation, *args):
        return self.assert_ok(self.provider.call("test_verifier", operation, *args))["result"]

    def test_refusing_verifier_gets_400_and_its_verdict(self):
        self.verifier("configure", "PARAMS_REJECTED", "str:stream rate below the provider's minimum")
        q = self.content_query("paid-1", includeData=True, eligibilityProofHex="1203010203")
        r = self.query(self.user, q)
        log(f"refused: {r['statusCode']} {r.get('eligibility')}")
        self.assertEqual((r["statusCode"], r["statusDesc"], r["requestId"]), (400, "BAD_REQUEST: PARAMS_REJECTED: stream rate below the provider's minimum", "paid-1"))
        self.assertEqual(r["messages"], [])
        self.assertNotIn("paginationCursor", r)
        self.assertEqual(r["eligibility"], {"code": 1, "name": "PARAMS_REJECTED",
                                            "desc": "stream rate below the provider's minimum"})

        log("the verifier saw the proof and the exact N8 canonical bytes (field 30 stripped)")
        last = self.verifier("lastVerification")
        self.assertEqual(last["last"]["proof_hex"], "1203010203")
        q.pop("eligibilityProofHex")
        n8 = self.op(self.user, "canonicalStoreRequestHex", "json:" + json.dumps(q))["canonicalRequestHex"]
        self.assertEqual(last["last"]["canonical_request_hex"], n8)
        self.assertTrue(n8.startswith(b"/LEZ/v0.1/StoreEligibility/".hex() + "00" * 5))

        log("other verdicts map to their codes; an unknown verdict is PROOF_INVALID")
        for verdict, code in (("STREAM_NOT_ACTIVE", 3), ("PROOF_INVALID", 2), ("SOMETHING_ELSE", 2)):
            self.verifier("configure", verdict, "str:because")
            r = self.query(self.user, self.content_query("v-" + verdict, eligibilityProofHex="1a03010203"))
            self.assertEqual((r["statusCode"], r["eligibility"]["code"]), (400, code), r)

        log("an OK verdict serves the archive")
        self.verifier("configure", "OK")
        r = self.query(self.user, self.content_query("paid-ok", eligibilityProofHex="1203010203"))
        self.assertEqual(r["statusCode"], 200)
        self.assertEqual([m["messageHash"] for m in r["messages"]], self.hashes)
        self.assertNotIn("eligibility", r)
        self.assertGreaterEqual(self.verifier("lastVerification")["calls"], 5)

    def test_hook_calls_take_a_direct_channel_between_module_processes(self):
        """delivery_module does not declare the verifier as a dependency: the verifier's capability
        allows the hook call, and in process mode it gets a hook-only direct channel
        (direct_channels.h), so the call does not cross the daemon."""
        mods = {m["name"]: m for m in self.assert_ok(self.provider.cli("list-modules", "--loaded"))}
        if mods["delivery_module"].get("process", {}).get("mode") != "process":
            self.skipTest("modules run inside the daemon (--in-process): there are no channels")

        def calls():
            return {e["name"]: e for e in self.assert_ok(self.provider.cli("stats"))}["delivery_module"]["process"]["calls"]

        before = calls()
        self.verifier("configure", "OK")
        for i in range(3):
            r = self.query(self.user, self.content_query(f"direct-{i}", eligibilityProofHex="1203010203"))
            self.assertEqual(r["statusCode"], 200, r)
        deadline = time.time() + 5
        while calls()["direct"] < before["direct"] + 3 and time.time() < deadline:
            time.sleep(0.05)  # the child reports its direct calls in batches
        after = calls()
        log(f"delivery_module's module-to-module calls before {before}, after three paid queries {after}")
        self.assertEqual(after["direct"] - before["direct"], 3, "each verify hook call took the direct channel")
        self.assertEqual(after["routed"], before["routed"], "no hook call went through the daemon")

    def test_missing_proof_is_passed_as_empty_and_slow_verifiers_do_not_block(self):
        self.verifier("configure", "PROOF_INVALID", "str:missing proof", "1500")
        log("a verifier that takes 1.5 s: the provider node keeps serving its own local queries meanwhile")
        results = {}
        t = threading.Thread(target=lambda: results.setdefault("r", self.query(self.user, self.content_query("slow"))))
        t.start()
        time.sleep(0.3)
        t0 = time.time()
        local = self.op(self.provider, "getNodeInfo")
        self.assertLess(time.time() - t0, 1.0)
        self.assertTrue(local["started"])
        t.join(timeout=30)
        r = results["r"]
        self.assertEqual((r["statusCode"], r["eligibility"]["name"], r["eligibility"]["desc"]), (400, "PROOF_INVALID", "missing proof"))
        self.assertEqual(self.verifier("lastVerification")["last"]["proof_hex"], "")

    def test_hooks_may_call_back_into_delivery_without_deadlock(self):
        log("both hooks call delivery_module synchronously while it waits for their answers")
        self.user.load("test_verifier")
        self.assert_ok(self.user.call("test_verifier", "configure", "OK", "str:", 0, "true"))
        self.verifier("configure", "OK", "str:", 0, "true")
        self.op(self.user, "setEligibilityProvider", "test_verifier", "stream_proposal")
        t0 = time.time()
        r = self.query(self.user, dict(self.content_query("reentrant"), eligibility={"arm": "stream_proposal"}))
        self.assertLess(time.time() - t0, 5)
        self.assertEqual(r["statusCode"], 200)
        self.assertEqual(len(r["messages"]), 2)
        prepared = self.assert_ok(self.user.call("test_verifier", "lastVerification"))["result"]["prepared"]
        self.assertEqual(prepared["call_back"], self.op(self.user, "getNodeInfo")["peerId"])
        self.assertEqual(self.verifier("lastVerification")["last"]["call_back"], self.op(self.provider, "getNodeInfo")["peerId"])

    def test_provider_hook_attaches_the_proof(self):
        self.user.load("test_verifier")
        self.op(self.user, "setEligibilityProvider", "test_verifier")
        r = self.query(self.user, dict(self.content_query("hooked"), eligibility={"arm": "stream_proof", "stream_id": "7"}))
        self.assertEqual(r["statusCode"], 200)
        prepared = self.assert_ok(self.user.call("test_verifier", "lastVerification"))["result"]["prepared"]
        self.assertEqual(prepared["kind"], "stream_proof")
        self.assertEqual(prepared["stream_id"], "7")
        self.assertEqual(prepared["provider_peer_id"], self.provider_addr.rsplit("/", 1)[1])
        self.assertEqual(self.verifier("lastVerification")["last"]["proof_hex"], "1a03010203")
        log("the proof-of-payment arm routes to the payment prepare operation with its options")
        self.query(self.user, dict(self.content_query("paid"), eligibility={"arm": "proof_of_payment", "options": {"max": "10"}}))
        prepared = self.assert_ok(self.user.call("test_verifier", "lastVerification"))["result"]["prepared"]
        self.assertEqual((prepared["kind"], prepared["options"]), ("proof_of_payment", {"max": "10"}))
        self.assertEqual(self.verifier("lastVerification")["last"]["proof_hex"], "0a03010203")


class DeliveryWireAndIdentity(DeliveryTestCase):
    TRANSPORT = "plain"

    def store_port(self):
        return int(self.provider_addr.split("/tcp/")[1].split("/")[0])

    def test_malformed_frames_over_a_raw_socket(self):
        port = self.store_port()
        log("garbage protobuf in a good frame: 400 'decoding rpc failed', empty request id")
        s = RawStream(port)
        self.assertEqual(s.negotiate(), (STORE_ID + "\n").encode())
        s.send(uvarint(3) + b"\xff\xff\xff")
        fields = dict(proto_fields(s.read_frame()))
        self.assertEqual(fields[10], 400)
        self.assertTrue(fields[11].startswith(b"decoding rpc failed"))
        self.assertEqual(fields[1], b"")
        s.close()

        log("a frame announcing 1 MiB: 400 before any payload is read")
        s = RawStream(port)
        s.negotiate()
        s.send(uvarint(1 << 20) + b"x" * 100)
        self.assertEqual(dict(proto_fields(s.read_frame()))[10], 400)
        s.close()

        log("unframeable input (an overlong length prefix) and a bad header close the stream")
        s = RawStream(port)
        s.negotiate()
        s.send(b"\xff" * 12)
        self.assertTrue(s.closed_by_peer())
        s = RawStream(port)
        s.send(uvarint(4) + b"junk")
        self.assertEqual(s.read_frame(), b"/multistream/1.0.0\n")
        self.assertTrue(s.closed_by_peer())

        log("an unknown protocol is answered 'na'; then the known one is accepted on the same stream")
        s = RawStream(port)
        self.assertEqual(s.negotiate("/vac/waku/store/2.0.0-beta4"), b"na\n")
        s.send(ms(STORE_ID))
        self.assertEqual(s.read_frame(), (STORE_ID + "\n").encode())
        # request_id "raw", include_data false, forward true (fields 1, 2, 52)
        req = b"\x0a\x03raw" + b"\x10\x00" + b"\xa0\x03\x01"
        s.send(uvarint(len(req)) + req)
        fields = dict(proto_fields(s.read_frame()))
        self.assertEqual((fields[1], fields[10]), (b"raw", 200))
        s.close()

        log("a half-sent request that stalls is dropped; the node keeps serving")
        s = RawStream(port)
        s.negotiate()
        s.send(uvarint(50) + b"\x0a")
        r = self.query(self.user, self.content_query("after-garbage"))
        self.assertEqual(r["statusCode"], 200)
        s.close()

    def test_lightpush_refusals_over_a_raw_socket(self):
        port = int(self.provider_addr.split("/tcp/")[1].split("/")[0])
        now = time.time_ns()
        for label, req, code in (("stale timestamp", lightpush_request("old", now - 60 * 10**9), 420),
                                 ("fresh", lightpush_request("new", now), 200),
                                 ("garbage", b"\x0a\x05ab", 400)):
            s = RawStream(port)
            self.assertEqual(s.negotiate("/vac/waku/lightpush/3.0.0"), b"/vac/waku/lightpush/3.0.0\n")
            s.send(uvarint(len(req)) + req)
            fields = dict(proto_fields(s.read_frame()))
            log(f"{label}: {fields[10]} {fields.get(11, b'').decode()}")
            self.assertEqual(fields[10], code)
            s.close()
        log("ephemeral: accepted, not archived")
        before = self.op(self.provider, "getNodeInfo")["archive"]["messages"]
        s = RawStream(port)
        s.negotiate("/vac/waku/lightpush/3.0.0")
        req = lightpush_request("eph", time.time_ns(), ephemeral=True)
        s.send(uvarint(len(req)) + req)
        self.assertEqual(dict(proto_fields(s.read_frame()))[10], 200)
        self.assertEqual(self.op(self.provider, "getNodeInfo")["archive"]["messages"], before)

    def test_spec_message_hash_vector(self):
        msg = {"payload": "AQIDBFRFU1QFBgcI", "contentTopic": "/waku/2/default-content/proto",
               "meta": "c3VwZXItc2VjcmV0", "timestamp": 0x175789bfa23f8400}
        r = self.op(self.user, "computeMessageHash", "/waku/2/default-waku/proto", "json:" + json.dumps(msg))
        self.assertEqual(r["messageHash"], "64cce733fed134e83da02b02c6f689814872b1a0ac97ea56b76095c3c72bfe05")
        bad = self.user.call("delivery_module", "computeMessageHash", PUBSUB, 'json:{"payload":"AQ=="}')
        self.assertEqual(self.assert_error("METHOD_FAILED", bad)["error"]["code"], "INVALID_MESSAGE")

    def test_identity_is_the_wallets_and_distinct(self):
        a = self.op(self.provider, "getNodeInfo")
        b = self.op(self.user, "getNodeInfo")
        self.assertNotEqual(a["peerId"], b["peerId"])
        self.assertTrue(a["peerId"].startswith("16Uiu2"))
        self.assertEqual(a["multiaddr"], f"/ip4/127.0.0.1/tcp/{a['port']}/p2p/{a['peerId']}")
        self.assertNotEqual(a["port"], b["port"])
        log("the key is wallet_module's (delivery_node_key.py): delivery's directory holds no key file")
        delivery_files = []
        for root, _, files in os.walk(os.path.join(self.provider.persistence, "delivery_module")):
            delivery_files += [f for f in files if "key" in f]
        self.assertEqual(delivery_files, [])
        wallet = self.assert_ok(self.provider.call("wallet_module", "node_key_public", "delivery"))["result"]
        self.assertEqual(wallet["peer_id"], a["peerId"])
        log("restart: same peer id, new node on a new port")
        self.op(self.provider, "stop")
        self.op(self.provider, "createNode", "json:" + json.dumps({"listenHost": "127.0.0.1", "listenPort": 0, "store": True}))
        self.assertEqual(self.op(self.provider, "start")["peerId"], a["peerId"])


def field(number, payload):
    return uvarint(number << 3 | 2) + uvarint(len(payload)) + payload


def lightpush_request(request_id, timestamp_ns, ephemeral=False):
    zigzag = (timestamp_ns << 1) ^ (timestamp_ns >> 63)
    msg = field(1, b"raw push") + field(2, TOPIC.encode()) + b"\x50" + uvarint(zigzag)
    if ephemeral:
        msg += uvarint(31 << 3) + b"\x01"
    return field(1, request_id.encode()) + field(20, PUBSUB.encode()) + field(21, msg)


class DeliveryLifecycleAndLightpush(DeliveryTestCase):
    def test_events_self_store_and_not_started(self):
        events = self.watch(self.provider)
        self.op(self.provider, "stop")
        self.assertEqual(events.wait_for("nodeStopped")[0]["data"]["arg0"], True)
        r = self.provider.call("delivery_module", "send", TOPIC, "str:x")
        self.assertEqual(self.assert_error("METHOD_FAILED", r)["error"]["code"], "NODE_NOT_STARTED")
        addr = self.op(self.provider, "start")["multiaddr"]
        started = events.wait_for("nodeStarted")[0]["data"]
        self.assertEqual((started["arg0"], started["arg1"]), (True, addr))
        log("a store node without storeNode publishes into itself")
        before = self.op(self.provider, "getNodeInfo")["archive"]["messages"]
        sent = self.op(self.provider, "send", TOPIC, "str:00ff", "json:null", "hex")
        self.assertEqual(events.wait_for("messageSent")[0]["data"]["arg1"], sent["messageHash"])
        self.assertEqual(self.op(self.provider, "getNodeInfo")["archive"]["messages"], before + 1)
        r = self.op(self.provider, "queryLocalArchive", "json:" + json.dumps(
            {"requestId": "self", "includeData": True, "paginationForward": True, "messageHashes": [sent["messageHash"]]}))
        self.assertEqual(r["messages"][0]["message"]["payload"], "AP8=")
        bad = self.provider.call("delivery_module", "send", TOPIC, "str:zz", "json:null", "hex")
        self.assert_error("METHOD_FAILED", bad)

    def test_retention_by_capacity(self):
        self.op(self.provider, "stop")
        archive = ARCHIVE_TEMPLATE.format(dir=self.provider.root + "/r", unique="r" + uuid.uuid4().hex[:12])
        os.makedirs(self.provider.root + "/r", exist_ok=True)
        self.op(self.provider, "createNode", "json:" + json.dumps(
            {"archiveUrl": archive, "retentionPolicy": "capacity:4", "retentionIntervalSeconds": 1}))
        self.op(self.provider, "start")
        hashes = [self.op(self.provider, "send", TOPIC, f"str:r{i}")["messageHash"] for i in range(10)]
        log("ten messages, capacity 4: retention drops the oldest within a few seconds")
        deadline = time.time() + 8
        while time.time() < deadline and self.op(self.provider, "getNodeInfo")["archive"]["messages"] > 5:
            time.sleep(0.2)
        r = self.op(self.provider, "queryLocalArchive", "json:" + json.dumps(self.content_query("kept", paginationLimit=100)))
        kept = [m["messageHash"] for m in r["messages"]]
        self.assertLessEqual(len(kept), 5)
        self.assertGreaterEqual(len(kept), 4)
        self.assertEqual(kept, hashes[-len(kept):])

    def test_publishing_to_a_node_without_lightpush_reports_message_error(self):
        self.op(self.provider, "stop")
        self.op(self.provider, "createNode", "json:" + json.dumps({"lightpushService": False, "archiveUrl": ARCHIVE_TEMPLATE.format(
            dir=self.provider.root, unique="l" + uuid.uuid4().hex[:12])}))
        addr = self.op(self.provider, "start")["multiaddr"]
        self.op(self.user, "stop")
        self.op(self.user, "createNode", "json:" + json.dumps({"storeService": False, "storeNode": addr}))
        self.op(self.user, "start")
        events = self.watch(self.user)
        sent = self.op(self.user, "send", TOPIC, "str:nobody takes this")
        err = events.wait_for("messageError")[0]["data"]
        self.assertEqual((err["arg0"], err["arg1"]), (sent["requestId"], sent["messageHash"]))
        self.assertIn("PROTOCOL_NOT_SUPPORTED", err["arg2"])


if __name__ == "__main__":
    unittest.main()
