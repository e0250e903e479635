"""The serving side of delivery_module over libp2p (transport "libp2p") as the hooks and the
machine see it, against real js-libp2p 2.8.11 peers and a @waku/sdk 0.0.36 light node started by
the test (tests/interop/libp2p, npm lockfile), over loopback TCP:
  - the eligibility verifier is told the requester's Noise-authenticated peer id (a js peer with an
    Ed25519 key, then one with a secp256k1 key), not "";
  - a @waku/sdk light node querying our paid provider (payment_streams_module as the verifier, no
    proof attached) fails within seconds with the 400 and the verdict in the error it raises, rather
    than hanging or answering zero messages;
  - peers opening hundreds of Store streams that each hold a partial request cannot make the node
    hold more than maxInboundBufferedBytes of them: the streams beyond the budget are reset and
    counted, a normal query is still answered during the flood, and the daemon's RSS stays bounded.
The js peers are tests/interop/libp2p/peer.mjs (store-raw, flood) and waku_sdk.mjs (store)."""
import json
import os
import time
import unittest

from delivery_libp2p import ensure_waku_sdk
from framework import BUILD_DIR, PRODUCT_MODULES, DaemonTestCase, log
from p2p_js_interop import INTEROP, NODE, LineProcess

HOOK_MODULES = os.path.join(BUILD_DIR, "test-modules-hooks")  # test_verifier
PUBSUB = "/waku/2/rs/1/3"
TOPIC = "/toychat/2/huilong/proto"  # auto-shard 3 of 8 on cluster 1 (libp2p.md §8)
BUDGET = 4 << 20
FLOOD_NODES = 3
FLOOD_STREAMS = 200            # below our 256 streams per connection: every reset is the budget's
FLOOD_BYTES = 120 * 1024       # a partial Store request (the limit is 128 KiB)
# What the flood offers: 3 x 200 x 120 KiB = 70 MiB of partial requests. The node may hold BUDGET
# of them (4 MiB); a vector that grew by doubling can hold up to twice its bytes, the connections'
# Noise and Yamux buffers and 600 streams' bookkeeping add a few MiB, and the allocator keeps what
# the reset streams freed for reuse. 32 MiB is far above that and far below the 70 MiB (up to
# 140 MiB allocated) the same flood makes a node without the budget hold.
RSS_GROWTH_CEILING_KB = 32 * 1024


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field_bytes(number, value):
    return varint(number << 3 | 2) + varint(len(value)) + value


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def store_request(request_id, proof=b""):
    """A Store v3 request (waku-store.md §2): id, include_data, pubsub, content topic, forward,
    limit 20, and the eligibility proof in field 30 when given."""
    out = (field_bytes(1, request_id.encode()) + field_varint(2, 1) + field_bytes(10, PUBSUB.encode()) +
           field_bytes(11, TOPIC.encode()) + field_varint(52, 1) + field_varint(53, 20))
    return out + (field_bytes(30, proof) if proof else b"")


def query_json(request_id):
    """The delivery JSON of store_request(request_id) (its N8 is what a stream proof signs)."""
    return {"requestId": request_id, "includeData": True, "pubsubTopic": PUBSUB, "contentTopics": [TOPIC],
            "paginationForward": True, "paginationLimit": 20}


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


class DeliveryLibp2pPeer(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        reason = ensure_waku_sdk()
        if reason:
            raise unittest.SkipTest(reason)

    def setUp(self):
        super().setUp()
        self.require_modules("delivery_module")
        self.procs = []
        self.node = self.start_daemon("node", module_dirs=[PRODUCT_MODULES, HOOK_MODULES])
        self.node.load("delivery_module")

    def tearDown(self):
        for p in self.procs:
            p.stop()
        super().tearDown()

    def op(self, operation, *args):
        return self.assert_ok(self.node.call("delivery_module", operation, *args, timeout=60))["result"]

    def start_node(self, **extra):
        cfg = {"transport": "libp2p", "clusterId": 1, "shards": list(range(8)), "pubsubTopic": PUBSUB}
        cfg.update(extra)
        self.op("createNode", "json:" + json.dumps(cfg))
        addr = self.op("start")["multiaddr"]
        self.hashes = [self.op("send", TOPIC, f"str:peer message {i}")["messageHash"] for i in range(2)]
        deadline = time.time() + 10
        while self.op("getNodeInfo")["archive"]["messages"] < 2:
            self.assertLess(time.time(), deadline, "the node did not archive the messages")
            time.sleep(0.05)
        return addr

    def js(self, name, *args, timeout=60):
        p = LineProcess([NODE, *args], os.path.join(self.tmp, f"{name}.log"), cwd=INTEROP)
        self.procs.append(p)
        return p

    def store_raw(self, addr, request, name, *extra):
        p = self.js(name, "peer.mjs", "store-raw", addr, "--hex", request.hex(), *extra)
        r = p.wait_event("result", timeout=60)
        self.assertTrue(r["ok"], r)
        return r

    def test_verifier_is_told_the_authenticated_peer_id(self):
        addr = self.start_node()
        self.node.load("test_verifier")
        self.op("setEligibilityVerifier", "test_verifier")
        for key in ("ed25519", "secp256k1"):
            log(f"a js-libp2p peer ({key}) sends a Store request with a proof over Noise + Yamux")
            r = self.store_raw(addr, store_request(f"peer-{key}", b"\x1a\x03\x01\x02\x03"), f"store-{key}", "--key", key)
            self.assertEqual((r["store"]["requestId"], r["store"]["statusCode"]), (f"peer-{key}", 200), r)
            last = self.assert_ok(self.node.call("test_verifier", "lastVerification"))["result"]["last"]
            log(f"the verifier saw requester_peer_id {last['requester_peer_id']}")
            self.assertEqual(last["requester_peer_id"], r["peer"])
            self.assertTrue(r["peer"].startswith("12D3KooW" if key == "ed25519" else "16Uiu2HA"), r["peer"])

    def test_waku_sdk_gets_the_eligibility_refusal_promptly(self):
        addr = self.start_node()
        self.node.load("payment_streams_module")
        self.op("setEligibilityVerifier", "payment_streams_module")
        log("a @waku/sdk light node queries our paid provider without a proof")
        began = time.monotonic()
        p = self.js("waku-sdk-paid", "waku_sdk.mjs", "store", addr, "--topic", TOPIC, "--cluster", "1")
        r = p.wait_event("result", timeout=60)
        log(f"sdk answered after {time.monotonic() - began:.1f} s (query {r.get('query_ms')} ms): {r.get('detail', '')[:160]}")
        self.assertFalse(r["ok"], r)  # an error, not an empty result
        self.assertIn("status code: 400", r["detail"])
        self.assertIn("PROOF_INVALID: missing proof", r["detail"])
        self.assertLess(r["query_ms"], 5000, "the refusal did not come back promptly")
        self.assertEqual(p.finish(), 1)

    def test_inbound_buffer_budget_resets_streams_and_bounds_rss(self):
        addr = self.start_node(maxInboundBufferedBytes=BUDGET)
        info = self.op("getNodeInfo")
        self.assertEqual(info["config"]["maxInboundBufferedBytes"], BUDGET)
        self.assertEqual(info["inboundBuffers"]["limitBytes"], BUDGET)
        pid = self.node.module_pid("delivery_module")
        before = rss_kb(pid)
        log(f"{FLOOD_NODES} js peers open {FLOOD_STREAMS} Store streams each with a {FLOOD_BYTES}-byte partial request; "
            f"budget {BUDGET} bytes; RSS {before} kB")
        flood = self.js("flood", "peer.mjs", "flood", addr, "--nodes", str(FLOOD_NODES), "--streams", str(FLOOD_STREAMS),
                        "--bytes", str(FLOOD_BYTES))
        flooded = flood.wait_event("flooded", timeout=120)
        log(f"flood: {flooded}")
        self.assertEqual(flooded["opened"], FLOOD_NODES * FLOOD_STREAMS, flooded)
        held = self.op("getNodeInfo")["inboundBuffers"]
        log(f"node: {held}")
        self.assertLessEqual(held["bufferedBytes"], BUDGET)
        self.assertLessEqual(held["peakBytes"], BUDGET)
        # Every stream ends up holding its whole partial request or reset: the held ones fill the
        # budget to within two requests (a refused stream gives back what it held so far).
        per_stream = FLOOD_BYTES + 3
        fit = BUDGET // per_stream
        self.assertEqual(flooded["open"] + flooded["reset"], flooded["opened"], flooded)
        self.assertLessEqual(flooded["open"], fit)
        self.assertGreaterEqual(flooded["open"], fit - 2)
        self.assertEqual(held["bufferedBytes"], flooded["open"] * per_stream, held)
        self.assertEqual(held["streamsReset"], flooded["reset"], "js saw another number of resets than the node counted")

        log("while the flood holds its streams, a normal query is answered")
        r = self.store_raw(addr, store_request("during-flood"), "store-during-flood")
        self.assertEqual((r["store"]["statusCode"], [m["hash"] for m in r["store"]["messages"]]), (200, self.hashes), r)
        self.assertLess(r["store_ms"], 2000)
        after = rss_kb(pid)
        log(f"RSS before {before} kB, during the flood {after} kB (+{(after - before) // 1024} MiB)")
        self.assertLess(after - before, RSS_GROWTH_CEILING_KB, f"RSS grew by {(after - before) // 1024} MiB")

        log("the flood ends: its streams give their bytes back")
        flood.stop()
        deadline = time.time() + 10
        while self.op("getNodeInfo")["inboundBuffers"]["bufferedBytes"] != 0:
            self.assertLess(time.time(), deadline, "the budget was not given back after the peers left")
            time.sleep(0.1)


if __name__ == "__main__":
    unittest.main()
