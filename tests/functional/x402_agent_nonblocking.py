"""x402_module's paying agent never holds its module hostage (interfaces/CONTRACT.md "Threading").

One daemon with the agent; a loopback "merchant" answers each GET only after 3 s. While httpGet
waits on it, other operations of x402_module (listSpendRequests, getAgentConfig) answer at once,
and a second httpGet to the same merchant runs beside the first: both answer about 3 s after
they started, not one after the other. A caller that disconnects while httpGet waits on a
merchant that never answers closes the agent's connection to it at once, not at the exchange's
own deadline. (An agent whose HTTP client blocks the module's thread answers the other calls only
when the GET ends, the second GET 3 s after the first, and holds a cancelled exchange open.)"""
import http.server
import json
import socket
import socketserver
import threading
import time

from framework import PRODUCT_MODULES, DaemonTestCase, log

DELAY_S = 3.0


class SlowMerchant:
    """A loopback HTTP server that answers every GET with 200 after DELAY_S seconds."""

    def __init__(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                time.sleep(DELAY_S)
                body = b'{"slow":true}'
                try:
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the agent gave up first (the timeout case)

            def log_message(self, *args):
                pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slow"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class HoldingMerchant:
    """A loopback TCP listener that reads a request, never answers, and records when the client
    closed the connection (seconds after accept)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/held"
        self.closed_after = None
        self.accepted = threading.Event()
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        deadline = time.monotonic() + 30
        while not self.stopping and time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.accepted.set()
            t0 = time.monotonic()
            conn.settimeout(0.2)
            with conn:
                while not self.stopping and time.monotonic() < deadline:
                    try:
                        if conn.recv(65536) == b"":
                            self.closed_after = time.monotonic() - t0
                            return
                    except socket.timeout:
                        continue
                    except OSError:
                        self.closed_after = time.monotonic() - t0
                        return

    def close(self):
        self.stopping = True
        self.thread.join(timeout=2)
        self.sock.close()


class TimedAgentCall(threading.Thread):
    """One agent operation through the CLI in the background, with the time its answer came."""

    def __init__(self, node, op, params, started):
        super().__init__(daemon=True)
        self.node, self.op, self.params, self.started = node, op, params, started
        self.answer, self.at = None, None

    def run(self):
        self.answer = self.node.call("x402_module", "chainAction", self.op, "json:" + json.dumps(self.params), timeout=30)
        self.at = time.monotonic() - self.started


class X402AgentNonblocking(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "delivery_module", "x402_module"):
            self.user.load(m)
        self.merchant = SlowMerchant()

    def tearDown(self):
        self.merchant.close()
        super().tearDown()

    def agent(self, op, params=None):
        return self.assert_ok(self.user.call("x402_module", "chainAction", op, "json:" + json.dumps(params or {}), timeout=30))["result"]

    def test_other_calls_answer_while_http_get_waits(self):
        self.agent("listSpendRequests")  # warm: the module is loaded and answering
        started = time.monotonic()
        first = TimedAgentCall(self.user, "httpGet", {"url": self.merchant.url, "options": {"timeout_ms": 10000}}, started)
        first.start()
        time.sleep(0.5)
        second = TimedAgentCall(self.user, "httpGet", {"url": self.merchant.url, "options": {"timeout_ms": 10000}}, started)
        second.start()
        time.sleep(0.5)
        for op in ("listSpendRequests", "getAgentConfig"):
            t = time.monotonic()
            result = self.agent(op)
            took = time.monotonic() - t
            log(f"{op} answered in {took:.3f} s with two httpGet in flight")
            self.assertLess(took, 1.5, f"{op} waited for httpGet")
            self.assertTrue(result)
        self.assertTrue(first.is_alive() and second.is_alive(), "httpGet answered before the merchant did")
        first.join(timeout=20)
        second.join(timeout=20)
        self.assertFalse(first.is_alive() or second.is_alive(), "an httpGet was never answered")
        log(f"first httpGet answered at {first.at:.2f} s, second at {second.at:.2f} s")
        for call in (first, second):
            r = self.assert_ok(call.answer)["result"]
            self.assertEqual(r["http_status"], 200, r)
            self.assertEqual(r["payment"], "none", r)
            self.assertEqual(json.loads(r["body"]), {"slow": True}, r)
        self.assertGreaterEqual(first.at, DELAY_S)
        # Side by side: the second ends about DELAY_S after it started, not after the first ended.
        self.assertLess(second.at, 0.5 + DELAY_S + 2.0)

    def test_a_caller_that_goes_away_aborts_the_exchange(self):
        held = HoldingMerchant()
        try:
            params = {"module": "x402_module", "method": "chainAction",
                      "args": ["httpGet", {"url": held.url, "options": {"timeout_ms": 20000}}]}
            with self.assertRaises(OSError):  # socket.timeout: the client gives up and disconnects
                self.user.rpc("call", params, timeout=1.0)
            self.assertTrue(held.accepted.wait(5), "the agent never reached the merchant")
            for _ in range(50):
                if held.closed_after is not None:
                    break
                time.sleep(0.1)
            log(f"merchant connection closed {held.closed_after} s after accept")
            # The exchange ends with the call, long before its own 20 s deadline.
            self.assertIsNotNone(held.closed_after, "the HTTP exchange outlived its cancelled call")
            self.assertLess(held.closed_after, 5.0)
            self.assertEqual(self.agent("listSpendRequests")["count"], 0)
        finally:
            held.close()

    def test_a_timed_out_merchant_answers_http_timeout_and_the_module_keeps_serving(self):
        t = time.monotonic()
        r = self.user.call("x402_module", "chainAction", "httpGet",
                           "json:" + json.dumps({"url": self.merchant.url, "options": {"timeout_ms": 500}}), timeout=30)
        took = time.monotonic() - t
        self.assert_error("METHOD_FAILED", r)
        self.assertEqual(r.json["error"]["code"], "HTTP_ERROR", r)
        self.assertIn("HTTP_TIMEOUT", r.json["error"]["message"])
        log(f"httpGet with timeout_ms 500 answered in {took:.2f} s: {r.json['error']['message']}")
        self.assertLess(took, DELAY_S)
        self.assertEqual(self.agent("listSpendRequests")["count"], 0)
