"""delivery_module's storeQuery and send dial libp2p peers (transport "libp2p", the default; spec
libp2p.md §1, §8, §10): TCP, Noise XX with the node's persisted identity, the remote checked
against the multiaddr's /p2p/ id, Yamux, one stream per request, one pooled connection per peer.

The peer is tests/interop/libp2p/store_peer.mjs, a js-libp2p 2.8.11 node standing in for nwaku
(libp2p.md §13): it serves Store v3 (a fixed set of messages; FIN, then it waits for our EOF) and
Lightpush v3, asks Waku metadata on every new connection and hangs up on a cluster mismatch, and
reports every connection it accepts. Over loopback:
  - storeQuery returns exactly the peer's messages; the peer saw our identify (agent, protocols)
    and our metadata answer (our cluster and shards);
  - send (Lightpush) reaches the peer on the same connection;
  - 20 concurrent storeQuery calls use that one connection (the peer counts connections);
  - an idle connection is closed after outboundIdleTimeoutMs and the next queries dial again, once
    for five concurrent ones (one dial in flight per peer);
  - a cluster mismatch fails storeQuery with CLUSTER_MISMATCH within a few seconds, naming the
    peer's cluster; a wrong /p2p/ id is refused (PEER_ID_MISMATCH) before any request is sent; a
    multiaddr without /p2p/ is refused (PEER_ID_REQUIRED);
  - our node to our node over libp2p: a user daemon publishes to and queries a provider daemon;
  - config: "plain" is refused on a non-loopback host, a libp2p storeNode needs /p2p/.
Figures (logged): storeQuery latency on the first dial and over the reused connection."""
import hashlib
import json
import os
import statistics
import threading
import time
import unittest

from framework import PRODUCT_MODULES, DaemonTestCase, EventWatcher, log
from p2p_js_interop import INTEROP, NODE, LineProcess, ensure_node_modules

PUBSUB = "/waku/2/rs/5/0"
TOPIC = "/lezpay/1/dial/proto"
CLUSTER = 5
OTHER_PEER = "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY"  # libp2p.md §12 vector, not the peer


def message_hash(pubsub, m):
    """waku-store.md §6: SHA256(pubsub ‖ payload ‖ content topic ‖ timestamp big-endian)."""
    ts = int(m["timestamp"]).to_bytes(8, "big", signed=True)
    return hashlib.sha256(pubsub.encode() + m["payload"].encode() + m["contentTopic"].encode() + ts).hexdigest()


class DeliveryLibp2pDial(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        reason = ensure_node_modules()
        if reason:
            raise unittest.SkipTest(reason)

    def setUp(self):
        super().setUp()
        self.require_modules("delivery_module")
        self.procs, self.watchers = [], []
        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        self.user.load("delivery_module")
        now = time.time_ns()
        self.messages = [{"payload": f"peer message {i}", "contentTopic": TOPIC, "pubsubTopic": PUBSUB,
                          "timestamp": str(now - (3 - i) * 1_000_000_000)} for i in range(3)]

    def tearDown(self):
        for w in self.watchers:
            w.stop()
        for p in self.procs:
            p.stop()
        super().tearDown()

    def op(self, node, operation, *args):
        return self.assert_ok(node.call("delivery_module", operation, *args, timeout=60))["result"]

    def rpc_query(self, node, request_id, peer_addr, timeout_ms=10000):
        """storeQuery over the daemon's socket (no CLI process per call); answers (envelope, seconds)."""
        q = {"requestId": request_id, "includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}
        began = time.monotonic()
        env = node.rpc("call", {"module": "delivery_module", "method": "storeQuery", "args": [q, peer_addr, timeout_ms]},
                       timeout=60)
        return env, time.monotonic() - began

    def start_peer(self, cluster):
        path = os.path.join(self.tmp, f"messages-{cluster}.json")
        with open(path, "w") as f:
            json.dump(self.messages, f)
        peer = LineProcess([NODE, "store_peer.mjs", "--cluster", str(cluster), "--shards", "0,1", "--messages", path],
                           os.path.join(self.tmp, f"store-peer-{cluster}.log"), cwd=INTEROP)
        self.procs.append(peer)
        return peer, peer.wait_event("listening", timeout=30)

    def start_user(self, **cfg):
        self.op(self.user, "createNode", "json:" + json.dumps({"storeService": False, "lightpushService": False, **cfg}))
        return self.op(self.user, "start")

    def assert_peer_messages(self, env, request_id):
        self.assertEqual(env.get("status"), "ok", env)
        r = env["result"]
        self.assertEqual((r["statusCode"], r["statusDesc"], r["requestId"]), (200, "OK", request_id), r)
        self.assertEqual([m["messageHash"] for m in r["messages"]], [message_hash(PUBSUB, m) for m in self.messages])
        import base64
        self.assertEqual([base64.b64decode(m["message"]["payload"]).decode() for m in r["messages"]],
                         [m["payload"] for m in self.messages])
        self.assertEqual({m["pubsubTopic"] for m in r["messages"]}, {PUBSUB})

    def test_store_and_lightpush_over_one_reused_connection(self):
        peer, listening = self.start_peer(CLUSTER)
        addr = listening["addr"]
        self.assertTrue(addr.endswith("/p2p/" + listening["peer"]), addr)
        info = self.start_user(clusterId=CLUSTER, shards=[0, 1], storeNode=addr)
        self.assertEqual(info.get("transport", self.op(self.user, "getNodeInfo")["transport"]), "libp2p")
        our_peer = self.op(self.user, "getNodeInfo")["peerId"]

        log(f"storeQuery dials the js peer {addr}")
        env, first_s = self.rpc_query(self.user, "dial-first", addr)
        self.assert_peer_messages(env, "dial-first")
        conn = peer.wait_event("connection")
        self.assertEqual((conn["remote"], conn["direction"]), (our_peer, "inbound"))
        meta = peer.wait_event("metadata")
        self.assertEqual((meta["ok"], meta["clusterId"], meta["shards"]), (True, CLUSTER, [0, 1]), meta)
        ident = peer.wait_event("identify", where=lambda e: e["peer"] == our_peer)
        self.assertTrue(ident["agent"].startswith("lez-pay/"), ident)
        self.assertIn("/vac/waku/metadata/1.0.0", ident["protocols"])
        self.assertEqual([e["requestId"] for e in peer.events("store")], ["dial-first"])

        log("10 sequential queries over the reused connection")
        reused = []
        for i in range(10):
            env, s = self.rpc_query(self.user, f"reuse-{i}", addr)
            self.assert_peer_messages(env, f"reuse-{i}")
            reused.append(s)
        log(f"FIGURE storeQuery first dial {first_s * 1000:.1f} ms; reused connection median "
            f"{statistics.median(reused) * 1000:.1f} ms (min {min(reused) * 1000:.1f}, max {max(reused) * 1000:.1f})")

        log("20 concurrent storeQuery calls")
        answers = [None] * 20

        def one(i):
            answers[i] = self.rpc_query(self.user, f"par-{i}", addr)[0]
        threads = [threading.Thread(target=one, args=(i,)) for i in range(20)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        log(f"20 concurrent queries answered in {(time.monotonic() - began) * 1000:.0f} ms")
        for i, env in enumerate(answers):
            self.assert_peer_messages(env, f"par-{i}")

        log("send (Lightpush) to the configured storeNode, the same peer")
        events = EventWatcher(self.user, "delivery_module")
        self.watchers.append(events)
        sent = self.op(self.user, "send", TOPIC, "str:pushed over a dialed connection", f"str:{PUBSUB}")
        ok = events.wait_for("messageSent", timeout=15)
        self.assertEqual(ok[0]["data"]["arg1"], sent["messageHash"])
        pushed = peer.wait_event("lightpush")
        self.assertEqual((pushed["pubsubTopic"], pushed["message"]["payload"], pushed["message"]["contentTopic"]),
                         (PUBSUB, "pushed over a dialed connection", TOPIC))
        self.assertEqual(pushed["requestId"], sent["requestId"])

        self.assertEqual(len(peer.events("store")), 31)
        self.assertEqual([c["opened"] for c in peer.events("connection")], [1], "more than one connection was opened")
        self.assertEqual(peer.events("closed"), [])

    def test_idle_connection_is_closed_and_the_next_query_redials(self):
        peer, listening = self.start_peer(CLUSTER)
        addr = listening["addr"]
        self.start_user(clusterId=CLUSTER, outboundIdleTimeoutMs=1000)
        env, _ = self.rpc_query(self.user, "before-idle", addr)
        self.assert_peer_messages(env, "before-idle")
        log("no request for 1 s: our node closes the connection")
        closed = peer.wait_event("closed", timeout=10)
        self.assertEqual(closed["open"], 0)
        log("five concurrent queries with no connection open: one dial, the others wait for it")
        answers = [None] * 5

        def one(i):
            answers[i] = self.rpc_query(self.user, f"after-idle-{i}", addr)[0]
        threads = [threading.Thread(target=one, args=(i,)) for i in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        for i, env in enumerate(answers):
            self.assert_peer_messages(env, f"after-idle-{i}")
        self.assertEqual([c["opened"] for c in peer.events("connection")], [1, 2])

    def test_cluster_mismatch_fails_promptly_with_a_stable_code(self):
        peer, listening = self.start_peer(CLUSTER + 4)
        self.start_user(clusterId=CLUSTER)
        env, s = self.rpc_query(self.user, "mismatch", listening["addr"], timeout_ms=20000)
        log(f"answered in {s:.2f} s: {env}")
        self.expect_error(env, "CLUSTER_MISMATCH", f"cluster {CLUSTER + 4}")
        self.assertLess(s, 5.0, "the mismatch was reported only at the deadline")
        meta = peer.wait_event("metadata")
        self.assertEqual((meta["ok"], meta["clusterId"]), (False, CLUSTER), meta)

    def test_wrong_or_missing_peer_id_is_refused(self):
        peer, listening = self.start_peer(CLUSTER)
        self.start_user(clusterId=CLUSTER)
        host = listening["addr"].split("/p2p/")[0]
        env, s = self.rpc_query(self.user, "wrong-id", f"{host}/p2p/{OTHER_PEER}")
        log(f"wrong /p2p/ id answered in {s:.2f} s: {env}")
        self.expect_error(env, "PEER_ID_MISMATCH", OTHER_PEER)
        env, _ = self.rpc_query(self.user, "no-id", host)
        self.expect_error(env, "PEER_ID_REQUIRED", "/p2p/")
        time.sleep(0.5)
        self.assertEqual(peer.events("store"), [], "a request reached a peer that was not the one named")

    def test_our_node_queries_our_provider_over_libp2p(self):
        provider = self.start_daemon("provider", module_dirs=[PRODUCT_MODULES])
        provider.load("delivery_module")
        self.op(provider, "createNode", "json:" + json.dumps({"clusterId": CLUSTER}))
        started = self.op(provider, "start")
        self.assertEqual(self.op(provider, "getNodeInfo")["transport"], "libp2p")
        self.start_user(clusterId=CLUSTER, storeNode=started["multiaddr"])
        events = EventWatcher(self.user, "delivery_module")
        self.watchers.append(events)
        log("the user publishes three messages to the provider over libp2p")
        hashes = [self.op(self.user, "send", TOPIC, f"str:own node {i}", f"str:{PUBSUB}")["messageHash"] for i in range(3)]
        events.wait_for("messageSent", 3, timeout=15)
        deadline = time.time() + 10
        while self.op(provider, "getNodeInfo")["archive"]["messages"] < 3:
            self.assertLess(time.time(), deadline, "the provider did not archive the messages")
            time.sleep(0.05)
        env, s = self.rpc_query(self.user, "own-1", started["multiaddr"])
        self.assertEqual(env.get("status"), "ok", env)
        self.assertEqual([m["messageHash"] for m in env["result"]["messages"]], hashes)
        log(f"queried in {s * 1000:.1f} ms over the connection send opened")

    def test_config_refuses_plain_off_loopback_and_a_libp2p_store_node_without_peer_id(self):
        bad = self.user.call("delivery_module", "createNode", "json:" + json.dumps({"transport": "plain", "host": "0.0.0.0"}))
        self.expect_error(bad, "INVALID_CONFIG", "transport: \"plain\"")
        bad = self.user.call("delivery_module", "createNode", "json:" + json.dumps({"storeNode": "/ip4/127.0.0.1/tcp/6000"}))
        self.expect_error(bad, "INVALID_CONFIG", "storeNode:")
        self.op(self.user, "createNode", "json:" + json.dumps({"transport": "plain", "host": "127.0.0.1"}))


if __name__ == "__main__":
    unittest.main()
