"""delivery_module's storeQuery never holds its module hostage (interfaces/CONTRACT.md "Threading").

One daemon with delivery_module queries a Store "peer" that accepts TCP connections and never
answers, so each exchange ends at its own deadline. Two queries are in flight at once: the one
started second has the later deadline. The first must be answered at its own deadline, before the
second; a call in between is answered at once; unloading the module while a query waits answers
it and leaves the daemon serving. (A handler that waits in a nested event loop answers the first
query only after the second, whose loop runs on top of it.)"""
import json
import socket
import threading
import time

from framework import PRODUCT_MODULES, DaemonTestCase, log

PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/nonblocking/proto"


class SilentPeer:
    """A loopback TCP listener that accepts and holds connections without a byte in reply."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.stopping = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping and len(self.held) < 32:
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)
            except socket.timeout:
                continue
            except OSError:
                return

    def close(self):
        self.stopping = True
        self.thread.join(timeout=2)
        for c in self.held:
            c.close()
        self.sock.close()


class TimedCall(threading.Thread):
    """One `call` over the daemon's socket in the background, with the time its answer came."""

    def __init__(self, node, args, started):
        super().__init__(daemon=True)
        self.node, self.args, self.started = node, args, started
        self.answer, self.at = None, None

    def run(self):
        self.answer = self.node.rpc("call", {"module": "delivery_module", "method": "storeQuery", "args": self.args}, timeout=30)
        self.at = time.monotonic() - self.started


class DeliveryStoreNonblocking(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.require_modules("delivery_module")
        self.node = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        self.node.load("delivery_module")
        self.op("createNode", "json:" + json.dumps({"storeService": False}))
        self.op("start")
        self.peer = SilentPeer()
        # libp2p dials need a /p2p/ id; the silent peer never gets as far as proving one.
        self.addr = f"/ip4/127.0.0.1/tcp/{self.peer.port}/p2p/16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY"

    def tearDown(self):
        self.peer.close()
        super().tearDown()

    def op(self, operation, *args):
        return self.assert_ok(self.node.call("delivery_module", operation, *args, timeout=30))["result"]

    def query(self, request_id, timeout_ms, started):
        q = {"requestId": request_id, "includeData": False, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}
        call = TimedCall(self.node, [q, self.addr, timeout_ms], started)
        call.start()
        return call

    def test_queries_answer_at_their_own_deadlines(self):
        started = time.monotonic()
        first = self.query("short", 1000, started)
        time.sleep(0.3)
        second = self.query("long", 5000, started)
        time.sleep(0.2)
        t = time.monotonic()
        info = self.op("getNodeInfo")
        log(f"getNodeInfo answered in {time.monotonic() - t:.3f} s with two queries in flight")
        self.assertLess(time.monotonic() - t, 1.0)
        self.assertIn("peerId", info)
        first.join(timeout=15)
        second.join(timeout=15)
        self.assertFalse(first.is_alive() or second.is_alive(), "a query was never answered")
        log(f"short query answered at {first.at:.2f} s, long one at {second.at:.2f} s")
        for call in (first, second):
            self.assertEqual(call.answer["status"], "error", call.answer)
            self.assertEqual(call.answer["code"], "METHOD_FAILED", call.answer)
        self.assertLess(first.at, second.at, "the first query waited for the second")
        self.assertLess(first.at, 3.0)
        self.assertGreaterEqual(second.at, 5.0)

    def test_unload_while_a_query_waits_answers_it(self):
        started = time.monotonic()
        waiting = self.query("cut-short", 20000, started)
        time.sleep(0.5)
        un = self.assert_ok(self.node.cli("unload-module", "delivery_module"))
        log(f"unloaded: {un}")
        waiting.join(timeout=10)
        self.assertFalse(waiting.is_alive(), "the waiting query was never answered")
        log(f"waiting query answered at {waiting.at:.2f} s: {waiting.answer.get('code')}")
        self.assertLess(waiting.at, 5.0)
        self.assertEqual(waiting.answer["status"], "error", waiting.answer)
        self.assert_ok(self.node.cli("status"))
        self.node.load("delivery_module")
        self.op("createNode", "json:" + json.dumps({"storeService": False}))
