"""The receiving end of a scoped direct channel refuses what the channel does not carry.

The daemon hands a module process a direct channel from a caller it scoped (hook-only, or the
caller's dependency_operations): the channel carries only those operations. An honest caller's own
process never sends another one (host_dependency_operations.py covers that side and the router), so
only a broken or hostile module process writing raw frames reaches the callee's check. This test
is that process: it starts the real logos-module-host with the test_echo plugin, plays the daemon
on the inherited channel (hello, init), hands over a channel scoped to `echo` on the hand-off
socket, and writes raw call frames on it: `add` is refused ACCESS_DENIED naming what the channel
carries and nothing runs; `echo` on the same channel is answered; the callee keeps serving."""
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import unittest

from framework import BUILD_DIR, TEST_MODULES, log

MODULE_HOST = os.path.join(BUILD_DIR, "bin", "logos-module-host")
ECHO_SO = os.path.join(TEST_MODULES, "test_echo", "test_echo_plugin.so")
WAIT_S = 10


def send_frame(sock, message):
    body = json.dumps(message).encode()
    sock.sendall(struct.pack(">I", len(body)) + body)


def read_frame(sock, deadline):
    def exactly(n):
        data = b""
        while len(data) < n:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise EOFError("the module process closed the channel")
            data += chunk
        return data

    (n,) = struct.unpack(">I", exactly(4))
    return json.loads(exactly(n))


def read_until(sock, kind, deadline):
    """The next frame of type `kind`; frames of other types (direct_calls counters) are skipped."""
    while True:
        frame = read_frame(sock, deadline)
        if frame.get("t") == kind:
            return frame


class HostDirectChannelScope(unittest.TestCase):
    def setUp(self):
        for path in (MODULE_HOST, ECHO_SO):
            if not os.path.exists(path):
                raise AssertionError(f"{path} is not built")
        self.tmp = tempfile.mkdtemp(prefix="lzp-scope-", dir="/tmp")
        self.daemon_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.handoff_end, child_handoff = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        env = dict(os.environ, LOGOS_MODULE_FD=str(child_end.fileno()), LOGOS_MODULE_HANDOFF_FD=str(child_handoff.fileno()))
        self.host_log = open(os.path.join(self.tmp, "host.log"), "wb")
        self.proc = subprocess.Popen([MODULE_HOST, ECHO_SO, "test_echo"], env=env, pass_fds=(child_end.fileno(), child_handoff.fileno()),
                                     stdout=subprocess.DEVNULL, stderr=self.host_log)
        child_end.close()
        child_handoff.close()

    def tearDown(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(5)
        for s in (self.daemon_end, self.handoff_end, self.host_log):
            s.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_a_scoped_channel_refuses_an_operation_it_does_not_carry(self):
        deadline = time.monotonic() + WAIT_S
        hello = read_until(self.daemon_end, "hello", deadline)
        self.assertEqual(hello.get("name"), "test_echo", hello)
        send_frame(self.daemon_end, {"t": "init", "log_rules": "", "instance_id": "scope-test",
                                     "persistence_path": self.tmp, "module_path": os.path.dirname(ECHO_SO)})
        done = read_until(self.daemon_end, "init_done", deadline)
        self.assertEqual(done["result"].get("status"), "ok", done)
        self.assertIn("add", json.dumps(done["specs"]), "the module serves `add` to an unscoped caller")

        log("the daemon's part: a channel from 'evil_module' scoped to echo, handed over with SCM_RIGHTS")
        caller_end, callee_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        handoff = json.dumps({"peer": "evil_module", "role": "in", "operations": ["echo"]}).encode()
        socket.send_fds(self.handoff_end, [handoff], [callee_end.fileno()])
        callee_end.close()

        log("raw frames on it: `add` is outside the scope")
        send_frame(caller_end, {"t": "call", "id": 1, "op": "add", "params": {"a": 1, "b": 2}})
        refused = read_until(caller_end, "reply", deadline)
        self.assertEqual(refused["id"], 1)
        envelope = refused["envelope"]
        self.assertEqual(envelope.get("status"), "error", envelope)
        self.assertEqual(envelope.get("code"), "ACCESS_DENIED", envelope)
        self.assertIn("'evil_module' -> 'test_echo' 'add'", envelope.get("message", ""))
        self.assertIn("the channel carries only 'echo'", envelope.get("message", ""))
        self.assertNotIn("sum", json.dumps(envelope), "the refused operation ran")
        log(f"refused: {envelope['code']}: {envelope['message']}")

        log("`echo`, which the channel carries, is answered on the same channel")
        send_frame(caller_end, {"t": "call", "id": 2, "op": "echo", "params": {"value": "still here"}})
        answered = read_until(caller_end, "reply", deadline)
        self.assertEqual(answered["id"], 2)
        self.assertEqual(answered["envelope"].get("status"), "ok", answered)
        self.assertEqual(answered["envelope"]["value"], "still here")

        log("the daemon's own channel still serves every operation (the scope is the peer's only)")
        send_frame(self.daemon_end, {"t": "call", "id": 7, "op": "add", "params": {"a": 2, "b": 3}})
        own = read_until(self.daemon_end, "reply", deadline)
        self.assertEqual(own["envelope"].get("sum"), 5, own)
        self.assertIsNone(self.proc.poll(), "the module process exited")
        caller_end.close()


if __name__ == "__main__":
    unittest.main()
