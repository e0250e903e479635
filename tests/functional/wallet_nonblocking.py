"""wallet_module answers other calls while one of its calls waits for a transaction's inclusion.

lez-localnet runs with --manual-blocks and no ticker: no block comes unless the test makes one, so
a submission with wait=true waits as long as the test wants. While it waits, chain reads and local
reads of the same module must answer at once; the waiting call must answer `included` once the
test makes the block. A waiting call whose caller goes away (its client timeout, a closed
connection) must stop waiting: the module answers the next call at once and the caller sees one
answer only. A daemon stopped during a wait ends it and exits promptly.
Every sequencer round trip is event-driven: with a sequencer that takes 1.5 s per status answer
the wallet still answers other calls within 200 ms while a transfer waits (one status poll in
flight per wait), and a sequencer that accepts connections but never answers fails only the calls
that need it, each with CHAIN_UNREACHABLE at its rpc_timeout_ms, while the others answer at once.
(A wallet that slept between its status polls held its thread for the whole wait; one that made
each round trip synchronously held it for the whole round trip.)"""
import http.server
import json
import socket
import threading
import time
import urllib.request

from framework import genesis_accounts, log
from lez_localnet import LocalnetTestCase

G = genesis_accounts()
MODULE = "wallet_module"
# The waiting calls' own deadline: long next to every bound the test puts on an answer.
WAIT_MS = 20000
# How fast an answer counts as "at once" while another call waits (loaded CI machines included).
PROMPT_S = 3.0
# The bound on a call that needs neither the sequencer nor the waiting call's round trip.
QUICK_S = 0.2
# How long the slow sequencer holds each status answer; the silent one's client timeout.
SLOW_STATUS_S = 1.5
SILENT_TIMEOUT_MS = 1500
AT_PROGRAM = "fe96c4228babbe8bc578e3e25b884cacb07f8c86541f27ed676789875eef875a"


class TimedCall(threading.Thread):
    """One call over the daemon's socket in the background, with the time its answer came."""

    def __init__(self, node, method, args, started, timeout_ms=None):
        super().__init__(daemon=True)
        self.node, self.method, self.args, self.started, self.timeout_ms = node, method, args, started, timeout_ms
        self.answer, self.at = None, None

    def run(self):
        params = {"module": MODULE, "method": self.method, "args": self.args}
        if self.timeout_ms is not None:
            params["timeout_ms"] = self.timeout_ms
        try:
            self.answer = self.node.rpc("call", params, timeout=60)
        except (OSError, ValueError) as e:  # a closed connection: no answer line
            self.answer = {"no_answer": repr(e)}
        self.at = time.monotonic() - self.started


class SlowStatusProxy:
    """A sequencer in front of lez-localnet that holds every getTransactionStatus answer for
    `delay` seconds and forwards everything else at once (loopback, threads per request)."""

    def __init__(self, upstream, delay):
        self.upstream, self.delay = upstream, delay
        self.status_requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(min(int(self.headers.get("content-length", "0")), 1 << 20))
                slow = b"getTransactionStatus" in body
                if slow:
                    with proxy.lock:
                        proxy.status_requests += 1
                        proxy.in_flight += 1
                        proxy.max_in_flight = max(proxy.max_in_flight, proxy.in_flight)
                    time.sleep(proxy.delay)
                try:
                    req = urllib.request.Request(proxy.upstream, data=body, headers={"content-type": "application/json"})
                    with urllib.request.urlopen(req, timeout=10) as r:
                        answer = r.read()
                finally:
                    if slow:
                        with proxy.lock:
                            proxy.in_flight -= 1
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class SilentSequencer:
    """Accepts TCP connections on loopback, reads what arrives (at most 1 MiB each) and never
    answers; closes everything at close()."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.accepted = []
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)
            threading.Thread(target=self._drain, args=(conn,), daemon=True).start()

    @staticmethod
    def _drain(conn):
        read = 0
        try:
            while read < (1 << 20):
                chunk = conn.recv(65536)
                if not chunk:
                    return
                read += len(chunk)
        except OSError:
            return

    def close(self):
        self.stopped.set()
        self.sock.close()
        for c in self.accepted:
            c.close()


class WalletNonblocking(LocalnetTestCase):
    localnet_args = {"manual_blocks": True, "tick_s": None}

    def signed_transfer(self, amount):
        return self.sign_transfer("user", "provider", amount)

    def wait_until_pending(self, tx_hash):
        """The wallet submitted `tx_hash` (the sequencer holds it): its call is now waiting."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.net.rpc("getTransactionStatus", [tx_hash])["status"] == "pending":
                return
            time.sleep(0.02)
        self.fail(f"the wallet did not submit {tx_hash}")

    def reads_answer_at_once(self, started, waiting, height=1):
        reads = [TimedCall(self.node, "get_account_public", [G["user"]["account_id"]], started),
                 TimedCall(self.node, "list_accounts", [], started),
                 TimedCall(self.node, "get_current_block_height", [], started)]
        sent = time.monotonic() - started
        for r in reads:
            r.start()
        for r in reads:
            r.join(timeout=PROMPT_S)
            self.assertFalse(r.is_alive(), f"{r.method} did not answer within {PROMPT_S} s while a call waited")
            self.assertEqual(r.answer["status"], "ok", f"{r.method}: {r.answer}")
            self.assertLess(r.at - sent, PROMPT_S, f"{r.method} took {r.at - sent:.2f} s")
        if waiting is not None:
            self.assertTrue(waiting.is_alive(), "the waiting call answered before its block: the test proves nothing")
        self.assertEqual(reads[0].answer["result"]["account_id_base58"], G["user"]["account_id"])
        self.assertEqual(len(reads[1].answer["result"]["accounts"]), 2)
        self.assertEqual(reads[2].answer["result"]["block_height"], height, "no block may come before the test makes it")
        log("reads answered at " + ", ".join(f"{r.method} {r.at - sent:.2f} s" for r in reads))

    def test_reads_answer_while_a_submission_waits_for_its_block(self):
        signed = self.signed_transfer(10)
        started = time.monotonic()
        write = TimedCall(self.node, "submit_signed_transaction", [signed["transaction_base64"], True, WAIT_MS], started)
        write.start()
        self.wait_until_pending(signed["tx_hash"])
        log("the submission waits for a block; reading from the same module")
        self.reads_answer_at_once(started, write)
        time.sleep(0.3)
        self.assertTrue(write.is_alive(), "the submission answered without a block")
        block = self.net.produce_block(1_700_000_000_000)
        made_at = time.monotonic() - started
        write.join(timeout=PROMPT_S)
        self.assertFalse(write.is_alive(), "the submission did not answer after its block")
        result = write.answer.get("result", {})
        self.assertEqual(write.answer["status"], "ok", write.answer)
        self.assertEqual((result["tx_status"], result["block_id"], result["tx_hash"], result["success"]),
                         ("included", block["block_id"], signed["tx_hash"], True), result)
        self.assertEqual((result["secrets"], result["error"]), ([], ""), result)
        log(f"block made at {made_at:.2f} s, submission answered at {write.at:.2f} s")

    def test_transfer_public_waits_without_holding_the_module(self):
        started = time.monotonic()
        write = TimedCall(self.node, "transfer_public", [G["user"]["account_id"], G["provider"]["account_id"], "25"], started)
        write.start()
        # The wallet signs with random auxiliary data, so its hash is unknown here: give it time to submit.
        time.sleep(1.0)
        self.reads_answer_at_once(started, write)
        block = self.net.produce_block(1_700_000_000_000)
        write.join(timeout=PROMPT_S)
        self.assertFalse(write.is_alive(), "transfer_public did not answer after its block")
        self.assertEqual(write.answer["status"], "ok", write.answer)
        self.assertEqual((write.answer["result"]["tx_status"], write.answer["result"]["block_id"]), ("included", block["block_id"]))
        self.assertEqual(self.net.rpc("getTransactionStatus", [write.answer["result"]["tx_hash"]])["status"], "included")

    def test_a_caller_going_away_cancels_its_wait(self):
        signed = self.signed_transfer(7)
        self.net.rpc("sendTransaction", [signed["transaction_base64"]])
        log("client timeout: the host answers TIMEOUT once and the wallet stops waiting")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(10)
            s.connect(self.node.socket_path)
            req = {"id": 9, "token": self.node.token(), "method": "call",
                   "params": {"module": MODULE, "method": "wait_for_transaction", "args": [signed["tx_hash"], WAIT_MS],
                              "timeout_ms": 300}}
            s.sendall((json.dumps(req) + "\n").encode())
            buf = b""
            while b"\n" not in buf:
                chunk = s.recv(65536)
                self.assertTrue(chunk, "the daemon closed the connection without an answer")
                buf += chunk
            first, rest = buf.split(b"\n", 1)
            answer = json.loads(first)
            self.assertEqual((answer["code"], answer["id"]), ("TIMEOUT", 9), answer)
            self.reads_answer_at_once(time.monotonic(), None)
            log("a block now includes the transaction: no second answer reaches the caller")
            self.net.produce_block(1_700_000_000_000)
            s.settimeout(1.0)
            try:
                rest += s.recv(65536)
            except socket.timeout:
                pass
            self.assertEqual(rest, b"", "a second answer arrived after TIMEOUT")

        log("closed connection: the wallet stops waiting as well")
        signed = self.signed_transfer(8)
        self.net.rpc("sendTransaction", [signed["transaction_base64"]])
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(self.node.socket_path)
            req = {"id": 10, "token": self.node.token(), "method": "call",
                   "params": {"module": MODULE, "method": "wait_for_transaction", "args": [signed["tx_hash"], WAIT_MS]}}
            s.sendall((json.dumps(req) + "\n").encode())
            time.sleep(0.3)  # the call reaches the wallet and starts waiting
        self.reads_answer_at_once(time.monotonic(), None, height=2)
        self.net.produce_block(1_700_000_001_000)
        again = self.node.rpc("call", {"module": MODULE, "method": "wait_for_transaction", "args": [signed["tx_hash"], 5000]})
        self.assertEqual(again["status"], "ok", again)
        self.assertEqual(again["result"]["tx_status"], "included", again)

    def quick_calls(self, count, spacing_s):
        """`count` calls that need no sequencer, one every `spacing_s`; answers their latencies (s)."""
        latencies = []
        for i in range(count):
            for method, args in (("list_accounts", []), ("get_public_account_key", [G["user"]["account_id"]])):
                t0 = time.monotonic()
                answer = self.node.rpc("call", {"module": MODULE, "method": method, "args": args}, timeout=30)
                latencies.append(time.monotonic() - t0)
                self.assertEqual(answer["status"], "ok", f"{method}: {answer}")
            time.sleep(spacing_s)
        return latencies

    def test_calls_answer_within_200_ms_while_a_wait_polls_a_slow_sequencer(self):
        proxy = SlowStatusProxy(self.net.url, SLOW_STATUS_S)
        self.addCleanup(proxy.close)
        self.call("configure", "str:" + proxy.url)
        started = time.monotonic()
        write = TimedCall(self.node, "transfer_public", [G["user"]["account_id"], G["provider"]["account_id"], "25"], started)
        write.start()
        deadline = time.monotonic() + 10
        while proxy.status_requests == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertGreater(proxy.status_requests, 0, "the transfer never polled its status")
        log(f"the transfer waits; each status poll takes {SLOW_STATUS_S} s; calling the wallet meanwhile")
        latencies = self.quick_calls(6, 0.25)
        t0 = time.monotonic()
        balance = self.call("get_balance", G["provider"]["account_id"])
        chain_read = time.monotonic() - t0
        self.assertEqual(balance["balance"], str(self.net.rpc("getAccountBalance", [G["provider"]["account_id"]])))
        log(f"while waiting: local calls max {max(latencies) * 1000:.0f} ms, "
            f"median {sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms; get_balance through the proxy {chain_read * 1000:.0f} ms")
        self.assertLess(max(latencies), QUICK_S, f"a call took {max(latencies):.2f} s while a transfer waited: {latencies}")
        self.assertLess(chain_read, QUICK_S + 0.3, "a chain read waited for the slow status poll")
        self.assertTrue(write.is_alive(), "the transfer answered without a block")
        self.assertEqual(proxy.max_in_flight, 1, "more than one status poll in flight for one wait")
        self.net.produce_block(1_700_000_000_000)
        write.join(timeout=SLOW_STATUS_S * 2 + PROMPT_S)
        self.assertFalse(write.is_alive(), "the transfer did not answer after its block")
        self.assertEqual(write.answer["status"], "ok", write.answer)
        self.assertEqual(write.answer["result"]["tx_status"], "included")

    def test_a_silent_sequencer_fails_only_the_calls_that_need_it(self):
        silent = SilentSequencer()
        self.addCleanup(silent.close)
        self.call("configure", "str:" + silent.url, "str:" + AT_PROGRAM, str(SILENT_TIMEOUT_MS))
        started = time.monotonic()
        reads = [TimedCall(self.node, "get_balance", [G["user"]["account_id"]], started),
                 TimedCall(self.node, "get_current_block_height", [], started),
                 TimedCall(self.node, "transfer_public", [G["user"]["account_id"], G["provider"]["account_id"], "5"], started)]
        for r in reads:
            r.start()
        time.sleep(0.3)  # every call reached the wallet and its round trip hangs
        latencies = self.quick_calls(3, 0.1)
        log(f"local calls while three round trips hang: max {max(latencies) * 1000:.0f} ms")
        self.assertLess(max(latencies), QUICK_S, f"a local call waited for the silent sequencer: {latencies}")
        for r in reads:
            r.join(timeout=SILENT_TIMEOUT_MS / 1000 + PROMPT_S)
            self.assertFalse(r.is_alive(), f"{r.method} never answered")
            self.expect_error(r.answer, "CHAIN_UNREACHABLE", f"within {SILENT_TIMEOUT_MS} ms")
        log("answers at " + ", ".join(f"{r.method} {r.at:.2f} s" for r in reads))
        # Concurrent round trips time out together, not one after the other.
        self.assertLess(max(r.at for r in reads[:2]), 2 * SILENT_TIMEOUT_MS / 1000, [r.at for r in reads])
        self.assertGreaterEqual(min(r.at for r in reads), SILENT_TIMEOUT_MS / 1000 - 0.1)

        log("back to the real sequencer: everything answers again, nothing was submitted")
        self.call("configure", "str:" + self.net.url)
        self.assertEqual(self.call("get_account_public", G["user"]["account_id"])["nonce_decimal"], "0")

    def test_stop_during_a_wait_exits_promptly(self):
        signed = self.signed_transfer(11)
        started = time.monotonic()
        write = TimedCall(self.node, "submit_signed_transaction", [signed["transaction_base64"], True, WAIT_MS], started)
        write.start()
        self.wait_until_pending(signed["tx_hash"])
        self.assertIsNone(self.node.proc.poll(), "the daemon exited during the wait")
        stop_sent = time.monotonic()
        self.node.stop(timeout=15)
        stopped_in = time.monotonic() - stop_sent
        write.join(timeout=PROMPT_S)
        self.assertFalse(write.is_alive(), "the waiting call neither answered nor ended when the daemon stopped")
        # The daemon closes client connections as it stops; an answer that still gets out is this one.
        if "no_answer" not in write.answer:
            self.expect_error(write.answer, "MODULE_NOT_LOADED", "wallet_module")
        log(f"daemon stopped in {stopped_in:.2f} s with a wait in flight")
        self.assertLess(stopped_in, PROMPT_S + 2, "stop waited for the wallet's wait")


if __name__ == "__main__":
    import unittest
    unittest.main()
