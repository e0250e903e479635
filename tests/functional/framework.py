"""Functional-test framework: real daemons in temporary directories, driven over their RPC.

A test case derives `DaemonTestCase`, starts `logoscore` daemons and `lez-localnet` with
`start_daemon()` / `start_localnet()`, and talks to them through `Node.cli()` (the logoscore CLI,
parsed JSON) or `Node.rpc()` (the raw socket protocol of docs/protocol.md). Expected failures are
pinned by code and message with `expect_error(answer, code, message_part)`.

Time: a test that depends on the chain's clock starts its localnet with `manual_blocks=True` and
moves the clock with `net.advance(seconds)` instead of sleeping (see `Localnet`).

A failed test keeps its directory (daemon and localnet logs, databases) and prints its path; a
passed test's directory is removed. Every module operation called through `Node.cli()` or
`Node.rpc()` is recorded; run.py lists the product operations no test called. Standard library only.
"""
import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unittest

BUILD_DIR = os.environ.get("LEZPAY_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "build"))
BUILD_DIR = os.path.abspath(BUILD_DIR)
LOGOSCORE = os.path.join(BUILD_DIR, "bin", "logoscore")
TEST_MODULES = os.path.join(BUILD_DIR, "test-modules")
BROKEN_MODULES = os.path.join(BUILD_DIR, "test-modules-broken")
PRODUCT_MODULES = os.path.join(BUILD_DIR, "modules")
LOCALNET = os.path.join(BUILD_DIR, "bin", "lez-localnet")
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GENESIS = os.path.join(REPO_ROOT, "fixtures", "localnet_genesis.json")


# Module operations called through this framework, as (module, operation); chainAction calls count
# as their operation. Written at exit to $LEZPAY_CALLS_DIR/<pid>.json when run.py asks for it.
CALLED = set()


def record_call(module, method, args=()):
    if not isinstance(module, str) or not isinstance(method, str):
        return
    if method == "chainAction" and args and isinstance(args[0], str):
        method = args[0]
    CALLED.add((module, method))


def _write_calls():
    target = os.environ.get("LEZPAY_CALLS_DIR")
    if target and CALLED:
        with open(os.path.join(target, f"{os.getpid()}.json"), "w") as f:
            json.dump(sorted(CALLED), f)


atexit.register(_write_calls)

# The test clock starts here (Unix seconds, 2023-11-14): the streams fold reads clock values below
# 10^12 ms as seconds, so a clock near 0 would not be the chain time of a real network.
CLOCK_START_SECONDS = 1_700_000_000


def genesis_accounts():
    """name -> {account_id, secret_key_hex, balance} of the test-key genesis fixture."""
    with open(GENESIS) as f:
        return {a["name"]: a for a in json.load(f)["accounts"]}


class RpcError(Exception):
    def __init__(self, error):
        super().__init__(error.get("message"))
        self.error = error


class Localnet:
    """One lez-localnet process on a free loopback port.

    With `manual_blocks=True` the process runs with --manual-blocks: no timer makes blocks and the
    test owns the clock. `now` (whole Unix seconds) is the chain time; `advance(seconds)` makes one
    block at exactly the next `now` (ms = now * 1000), so every write after it reads that time.
    A ticker thread makes a block every `tick_s` at now + 1 ms, + 2 ms, ... so transactions still
    get included (and modules waiting for them answer) while the clock stands in the same second.
    Stream accrual and deadlines fold to whole seconds, so these ticks never change what a test
    sees; a test that would need 1000 ticks within one second fails with a clear message.
    `tick_s=None` leaves the clock alone entirely: only the test's own `produce_block()` calls make
    blocks (for tests of the test clock itself).
    """

    def __init__(self, root, interval_ms=100, faucet=False, manual_blocks=False, tick_s=0.05):
        self.root = root
        self.data_dir = os.path.join(root, "chain")
        self.interval_ms = interval_ms
        self.faucet = faucet
        self.manual_blocks = manual_blocks
        self.tick_s = tick_s
        self.proc = None
        self.port = None
        self.now = None
        self._last_ms = 0
        self._clock_lock = threading.Lock()
        self._ticker = None
        self._ticker_stop = threading.Event()
        self.clock_error = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=15):
        os.makedirs(self.root, exist_ok=True)
        port_file = os.path.join(self.root, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        args = [LOCALNET, "--data-dir", self.data_dir, "--port", "0", "--port-file", port_file, "--genesis", GENESIS]
        args += ["--manual-blocks"] if self.manual_blocks else ["--block-interval-ms", str(self.interval_ms)]
        if self.faucet:
            args.append("--faucet")
        self._log = open(os.path.join(self.root, "localnet.log"), "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(port_file):
                with open(port_file) as f:
                    self.port = int(f.read().strip())
                log(f"localnet up on {self.url}" + (" (manual blocks)" if self.manual_blocks else ""))
                if self.manual_blocks and self.tick_s is not None:
                    self._start_clock()
                return self
            if self.proc.poll() is not None:
                raise AssertionError("lez-localnet exited: " + open(os.path.join(self.root, "localnet.log")).read())
            time.sleep(0.02)
        raise AssertionError("lez-localnet did not start")

    def raw(self, body: bytes, timeout=10):
        import urllib.request
        req = urllib.request.Request(self.url + "/", data=body, headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read())

    def rpc(self, method, params=None):
        answer = self.raw(json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode())
        if "error" in answer:
            raise RpcError(answer["error"])
        return answer["result"]

    def produce_block(self, timestamp_ms):
        """The test clock's raw method: one block at exactly `timestamp_ms`; its {block_id, timestamp_ms, hash}."""
        return self.rpc("produceBlock", timestamp_ms if isinstance(timestamp_ms, dict) else [timestamp_ms])

    def _start_clock(self):
        with self._clock_lock:
            if self.now is None:
                self.now = CLOCK_START_SECONDS
                self._last_ms = self.produce_block(self.now * 1000)["timestamp_ms"]
            else:
                # A restart keeps the chain (and its last block time): resume after it.
                last = self.rpc("getLastBlockId")
                self._last_ms = max(self._last_ms, self.now * 1000)
                log(f"localnet restarted at block {last}, clock {self.now} s")
        self.resume_ticks()

    def pause_ticks(self):
        """Stops the ticker: no block at all until advance() or resume_ticks(), so a submitted
        transaction stays pending for as long as the test needs."""
        self._stop_clock()

    def resume_ticks(self):
        self._ticker_stop.clear()
        self._ticker = threading.Thread(target=self._tick, daemon=True)
        self._ticker.start()

    def _stop_clock(self):
        if self._ticker is not None:
            self._ticker_stop.set()
            self._ticker.join(timeout=5)
            self._ticker = None

    def _tick(self):
        while not self._ticker_stop.wait(self.tick_s):
            with self._clock_lock:
                next_ms = self._last_ms + 1
                if next_ms >= (self.now + 1) * 1000:
                    self.clock_error = f"1000 ticks within chain second {self.now}: call advance() more often"
                    return
                try:
                    self._last_ms = self.produce_block(next_ms)["timestamp_ms"]
                except (OSError, RpcError, ValueError):
                    if self.proc is None or self.proc.poll() is not None:
                        return  # the test stopped or killed the localnet
                    self.clock_error = "the ticker could not make a block: " + traceback.format_exc(limit=2)
                    return

    def advance(self, seconds):
        """Moves the chain clock forward by whole `seconds` and makes the block that carries it.
        Answers the new chain time (Unix seconds)."""
        if not self.manual_blocks:
            raise AssertionError("advance() needs a localnet started with manual_blocks=True")
        if self.clock_error:
            raise AssertionError(self.clock_error)
        if seconds < 1:
            raise AssertionError("advance() moves the clock by at least one second")
        with self._clock_lock:
            self.now += seconds
            self._last_ms = self.produce_block(self.now * 1000)["timestamp_ms"]
        log(f"chain clock +{seconds} s -> {self.now}")
        return self.now

    def wait_status(self, tx_hash, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            s = self.rpc("getTransactionStatus", [tx_hash])
            if s["status"] in ("included", "rejected"):
                return s
            time.sleep(0.05)
        raise AssertionError(f"{tx_hash} still pending")

    def kill9(self):
        self._stop_clock()
        self.proc.kill()
        self.proc.wait()
        self._log.close()

    def stop(self):
        self._stop_clock()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self._log.close()


def log(message):
    print(f"    [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class CliResult:
    def __init__(self, rc, out, err):
        self.rc = rc
        self.stdout = out
        self.stderr = err
        try:
            self.json = json.loads(out) if out.strip() else None
        except json.JSONDecodeError:
            self.json = None

    def __repr__(self):
        return f"CliResult(rc={self.rc}, stdout={self.stdout!r}, stderr={self.stderr[-400:]!r})"


class Node:
    """One logoscore daemon with its own config and persistence directories."""

    def __init__(self, name, root, module_dirs, extra_args=(), env=None):
        self.name = name
        self.env = dict(env or {})  # variables set for the daemon only (e.g. LOGOSCORE_MODULE_MODE)
        self.root = root
        self.config_dir = os.path.join(root, "c")
        self.persistence = os.path.join(root, "p")
        self.module_dirs = module_dirs
        self.extra_args = list(extra_args)
        self.proc = None
        self.log_path = os.path.join(root, "daemon.log")

    @property
    def socket_path(self):
        return os.path.join(self.config_dir, "daemon", "logoscore.sock")

    @property
    def state_path(self):
        return os.path.join(self.config_dir, "daemon", "state.json")

    def start(self, timeout=15):
        args = [LOGOSCORE, "-D", "--config-dir", self.config_dir, "--persistence-path", self.persistence]
        for d in self.module_dirs:
            args += ["-m", d]
        args += self.extra_args
        env = dict(os.environ)
        env.pop("LOGOSCORE_TOKEN", None)
        env.update(self.env)
        os.makedirs(self.root, exist_ok=True)
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(self.state_path):
                log(f"{self.name}: daemon up (pid {self.proc.pid})")
                return self
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name}: daemon exited with {self.proc.returncode}: {self.read_log()}")
            time.sleep(0.02)
        raise AssertionError(f"{self.name}: daemon did not become ready: {self.read_log()}")

    def read_log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")[-4000:]
        except OSError:
            return ""

    def token(self):
        with open(os.path.join(self.config_dir, "client", "auto.json")) as f:
            return json.load(f)["token"]

    def cli(self, *args, timeout=30, env_extra=None):
        env = dict(os.environ)
        env.pop("LOGOSCORE_TOKEN", None)
        env["LOGOSCORE_CONFIG_DIR"] = self.config_dir
        if env_extra:
            env.update(env_extra)
        if len(args) >= 3 and args[0] == "call":
            record_call(args[1], args[2], args[3:])
        p = subprocess.run([LOGOSCORE, *args, "--json"], capture_output=True, text=True, timeout=timeout, env=env)
        return CliResult(p.returncode, p.stdout, p.stderr)

    def call(self, module, method, *args, **kw):
        return self.cli("call", module, method, *[str(a) for a in args], **kw)

    def module_pid(self, module):
        """The pid of the process `module` runs in: its own child, or the daemon with --in-process."""
        for m in self.cli("list-modules", "--loaded").json or []:
            if m.get("name") == module:
                return m.get("pid") or self.proc.pid
        raise AssertionError(f"{self.name}: {module} is not loaded")

    def load(self, module):
        r = self.cli("load-module", module)
        if r.rc != 0:
            raise AssertionError(f"{self.name}: load-module {module} failed: {r}")
        return r

    def rpc(self, method, params=None, token=None, raw_line=None, timeout=30):
        """Speaks docs/protocol.md directly: one JSON line out, one JSON line back."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(self.socket_path)
            if raw_line is None:
                if method == "call" and isinstance(params, dict):
                    record_call(params.get("module"), params.get("method"), params.get("args") or ())
                req = {"id": 1, "token": self.token() if token is None else token, "method": method,
                       "params": params or {}}
                raw_line = (json.dumps(req) + "\n").encode()
            s.sendall(raw_line)
            buf = b""
            while b"\n" not in buf:
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
            return json.loads(buf.split(b"\n", 1)[0])

    def stop(self, timeout=15):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.cli("stop", timeout=timeout)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        self.proc = None

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class EventWatcher:
    """`logoscore watch <module>` collecting events in the background."""

    def __init__(self, node, module):
        env = dict(os.environ, LOGOSCORE_CONFIG_DIR=node.config_dir)
        self.proc = subprocess.Popen([LOGOSCORE, "watch", module], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        self.events = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        time.sleep(0.3)

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.events.append(json.loads(line))

    def wait_for(self, event, count=1, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                found = [e for e in self.events if e["event"] == event]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"{count} x {event} not seen; got {self.events}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=5)


class DaemonTestCase(unittest.TestCase):
    """Starts nodes in a temporary directory and always tears them down. The directory is removed
    when the test passed and kept (path printed) when it failed, with every daemon's log in it."""

    def run(self, result=None):
        result = result if result is not None else self.defaultTestResult()
        problems = len(result.failures) + len(result.errors)
        self.tmp = None
        out = super().run(result)
        if self.tmp is not None and os.path.isdir(self.tmp):
            if len(result.failures) + len(result.errors) > problems:
                logs = sorted(os.path.relpath(os.path.join(d, f), self.tmp) for d, _, files in os.walk(self.tmp)
                              for f in files if f.endswith(".log"))
                print(f"    kept {self.tmp} for {self.id()} (logs: {', '.join(logs) or 'none'})", file=sys.stderr,
                      flush=True)
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)
        return out

    def setUp(self):
        # Short paths: Unix socket paths are limited to 107 bytes.
        self.tmp = tempfile.mkdtemp(prefix="lzp-", dir="/tmp")
        self.nodes = []
        self.localnets = []

    def require_modules(self, *names):
        """Fails (never skips) when a product module is missing: a build that drops one must not pass."""
        for m in names:
            self.assertTrue(os.path.exists(os.path.join(PRODUCT_MODULES, m, m + "_plugin.so")), f"{m} is not built")

    def start_localnet(self, name="localnet", **kw):
        net = Localnet(os.path.join(self.tmp, name), **kw)
        self.localnets.append(net)
        return net.start()

    def tearDown(self):
        for net in self.localnets:
            net.stop()
        for n in self.nodes:
            try:
                n.stop()
            except Exception:  # noqa: BLE001 - teardown must not mask the test's own failure
                n.kill()
        for net in self.localnets:
            if net.clock_error:
                self.fail(f"{net.root}: {net.clock_error}")

    def start_daemon(self, name="node", module_dirs=None, extra_args=(), env=None):
        node = Node(name, os.path.join(self.tmp, name), module_dirs or [TEST_MODULES], extra_args, env)
        self.nodes.append(node)
        return node.start()

    def assert_ok(self, result):
        self.assertEqual(result.rc, 0, f"expected success: {result}")
        self.assertIsNotNone(result.json, f"stdout is not one JSON document: {result}")
        return result.json

    def expect_error(self, answer, code, message_part, exit_code=None):
        """Pins an expected failure by its stable code AND a part of its sentence; answers the error.

        `answer` is a CliResult (the envelope's code, or for METHOD_FAILED also the module's inner
        error code: both `code` forms are accepted), an envelope dict from `Node.rpc()`, a module
        error object `{code, message}`, or an RpcError of lez-localnet (JSON-RPC number code or its
        `data.reason`). The message must contain `message_part` (case-insensitive)."""
        if isinstance(answer, CliResult):
            self.assertNotEqual(answer.rc, 0, f"expected {code}: {answer}")
            self.assertIsNotNone(answer.json, f"stdout is not one JSON document: {answer}")
            if exit_code is not None:
                self.assertEqual(answer.rc, exit_code, answer)
            body = answer.json
        elif isinstance(answer, RpcError):
            body = dict(answer.error)
        else:
            body = answer
        self.assertIsInstance(body, dict, f"expected an error object, got {body!r}")
        candidates = [(body.get("code"), body.get("message"))]
        data = body.get("data")
        if isinstance(data, dict) and "reason" in data:
            candidates.append((data["reason"], body.get("message")))
        inner = body.get("error")
        if isinstance(inner, dict):
            candidates.append((inner.get("code"), inner.get("message") or body.get("message")))
        if "status" in body:
            self.assertEqual(body["status"], "error", body)
        self.assertTrue(message_part, "expect_error needs a part of the message to pin")
        for got_code, message in candidates:
            if got_code == code:
                self.assertTrue(message, f"{code} without a message: {body}")
                self.assertIn(message_part.lower(), str(message).lower(), f"{code}: message does not say it: {body}")
                return inner if isinstance(inner, dict) and inner.get("code") == code else body
        self.fail(f"expected error {code!r} ({message_part!r}), got {body}")

    def assert_error(self, code, result, exit_code=None):
        """The code only (and a non-empty message); new checks use expect_error, which pins the sentence too."""
        self.assertNotEqual(result.rc, 0, f"expected {code}: {result}")
        self.assertIsNotNone(result.json, f"stdout is not one JSON document: {result}")
        self.assertEqual(result.json.get("status"), "error", result)
        self.assertEqual(result.json.get("code"), code, result)
        self.assertTrue(result.json.get("message"), f"error without a message: {result}")
        if exit_code is not None:
            self.assertEqual(result.rc, exit_code, result)
        return result.json
