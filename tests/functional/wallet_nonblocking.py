"""wallet_module answers other calls while one of its calls waits for a transaction's inclusion.

lez-localnet runs with --manual-blocks and no ticker: no block comes unless the test makes one, so
a submission with wait=true waits as long as the test wants. While it waits, chain reads and local
reads of the same module must answer at once; the waiting call must answer `included` once the
test makes the block. A waiting call whose caller goes away (its client timeout, a closed
connection) must stop waiting: the module answers the next call at once and the caller sees one
answer only. A daemon stopped during a wait ends it and exits promptly.
(A wallet that slept between its status polls held its thread for the whole wait.)"""
import json
import socket
import threading
import time

from framework import genesis_accounts, log
from lez_localnet import LocalnetTestCase

G = genesis_accounts()
MODULE = "wallet_module"
# The waiting calls' own deadline: long next to every bound the test puts on an answer.
WAIT_MS = 20000
# How fast an answer counts as "at once" while another call waits (loaded CI machines included).
PROMPT_S = 3.0


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
