"""Asynchronous operations through a real daemon (interfaces/CONTRACT.md): a client that goes
away cancels its call in the module, a timeout answers TIMEOUT exactly once and cancels the
operation, and a bare value is the CLI envelope's result itself (logos-core.md §18)."""
import json
import socket
import time

from framework import DaemonTestCase, log


class HostAsyncCalls(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.node = self.start_daemon()
        self.node.load("test_echo")

    def counters(self):
        return self.assert_ok(self.node.call("test_echo", "async_counters"))["result"]

    def wait_counter(self, key, value, timeout=5):
        deadline = time.time() + timeout
        while time.time() < deadline:
            c = self.counters()
            if c[key] >= value:
                return c
            time.sleep(0.05)
        self.fail(f"{key} did not reach {value}: {self.counters()}")

    def test_client_disconnect_cancels_the_call(self):
        req = {"id": 1, "token": self.node.token(), "method": "call",
               "params": {"module": "test_echo", "method": "wait_async", "args": [3000]}}
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(self.node.socket_path)
            s.sendall((json.dumps(req) + "\n").encode())
            deadline = time.time() + 5
            while self.counters()["started"] < 1:
                self.assertLess(time.time(), deadline)
                time.sleep(0.02)
        log("client closed its connection with the call in flight")
        c = self.wait_counter("cancelled", 1)
        self.assertEqual(c["answered"], 0)
        time.sleep(3.2)
        self.assertEqual(self.counters(), {"status": "ok", "started": 1, "answered": 0, "cancelled": 1})
        self.assert_ok(self.node.cli("status"))

    def test_timeout_answers_once_and_cancels(self):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(self.node.socket_path)
            req = {"id": 7, "token": self.node.token(), "method": "call",
                   "params": {"module": "test_echo", "method": "wait_async", "args": [1500], "timeout_ms": 200}}
            s.sendall((json.dumps(req) + "\n").encode())
            buf = b""
            while b"\n" not in buf:
                buf += s.recv(65536)
            answer = json.loads(buf.split(b"\n", 1)[0])
            self.assertEqual((answer["code"], answer["id"]), ("TIMEOUT", 7), answer)
            log("nothing more arrives on the connection after the operation's own 1.5 s")
            s.settimeout(2.0)
            rest = buf.split(b"\n", 1)[1]
            try:
                rest += s.recv(65536)
            except socket.timeout:
                pass
            self.assertEqual(rest, b"")
        c = self.counters()
        self.assertEqual((c["started"], c["answered"], c["cancelled"]), (1, 0, 1))

    def test_bare_value_is_the_result(self):
        for value in ["test_echo", 18446744073709551615, None, [1, {"b": None}], {"status": "error", "code": "X"},
                      {"success": False, "value": None, "error": "deliberate error for testing"}]:
            r = self.assert_ok(self.node.call("test_echo", "bare", "json:" + json.dumps(value)))
            self.assertEqual(r["result"], value, r)
