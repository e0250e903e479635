"""payment_streams_module answers while one of its writes waits for inclusion.

One lez-localnet on the test clock with its ticker paused, so no block comes until the test makes
one, and a user host. A vault write (initializeVault, which waits for inclusion and reads back) is
sent in the background and waits; while it waits, getConfiguration, listProviderSessions and the
Store verification hook (with a proof it refuses before any chain read) are sent to the same module.
All must answer while the write still waits; then the test makes the block and the write answers
included. (A module whose handlers waited for the wallet on its own thread answered nothing until
the write was included.)"""
import json
import threading
import time

from framework import log
from streams_common import MODULE, USER, StreamsTestCase, n8

class TimedChainAction(threading.Thread):
    """One chainAction over the daemon's socket in the background, with the time its answer came."""

    def __init__(self, node, operation, params, started):
        super().__init__(daemon=True)
        self.node, self.operation, self.params, self.started = node, operation, params, started
        self.answer, self.at = None, None

    def run(self):
        self.answer = self.node.call(MODULE, "chainAction", self.operation, "json:" + json.dumps(self.params), timeout=60)
        self.at = time.monotonic() - self.started


class StreamsNonblocking(StreamsTestCase):
    def test_reads_are_answered_while_a_write_waits(self):
        self.net.pause_ticks()
        started = time.monotonic()
        write = TimedChainAction(self.user, "initializeVault", {"owner": USER, "vault_id": 0}, started)
        write.start()
        time.sleep(0.3)  # let the write reach the wallet
        log("write sent; asking the same module for local reads and the verification hook while it waits")
        verify = {"proof_hex": "00", "canonical_request_hex": n8("nonblocking-1"), "requester_peer_id": "16Uiu2HAmTest"}
        reads = [TimedChainAction(self.user, "getConfiguration", {}, started),
                 TimedChainAction(self.user, "listProviderSessions", {}, started),
                 TimedChainAction(self.user, "verifyEligibilityForStoreQuery", verify, started)]
        for r in reads:
            r.start()
        for r in reads:
            r.join(timeout=30)
            self.assertFalse(r.is_alive(), f"{r.operation} did not answer")
        self.assertEqual(reads[0].answer.rc, 0, f"getConfiguration: {reads[0].answer}")
        self.assertEqual(reads[1].answer.rc, 0, f"listProviderSessions: {reads[1].answer}")
        self.assertEqual(reads[2].answer.json["error"]["code"], "PROOF_INVALID", f"verify: {reads[2].answer}")
        self.assertTrue(write.is_alive(), "the write answered without a block; the test proves nothing")
        held = time.monotonic() - started
        self.net.advance(1)  # the block that includes the write
        self.net.resume_ticks()
        write.join(timeout=60)
        self.assertFalse(write.is_alive(), "the write did not answer")
        self.assertEqual(write.answer.rc, 0, f"initializeVault: {write.answer}")
        self.assertEqual(write.answer.json["result"]["tx_status"], "included")
        log(f"write answered at {write.at:.2f} s; reads at " + ", ".join(f"{r.operation} {r.at:.2f} s" for r in reads))
        for r in reads:
            self.assertLess(r.at, held, f"{r.operation} waited for the write")
            self.assertLess(r.at, 2.3, f"{r.operation} took {r.at:.2f} s")
