"""Functional-test framework: real daemons in temporary directories, driven over their RPC.

A test case derives `DaemonTestCase`, starts `logoscore` daemons (and later `lez-localnet`) with
`start_daemon()`, and talks to them through `Node.cli()` (the logoscore CLI, parsed JSON) or
`Node.rpc()` (the raw socket protocol of docs/protocol.md). Expected failures are pinned by
code with `assert_error(code, result)`. Standard library only.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
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


def genesis_accounts():
    """name -> {account_id, secret_key_hex, balance} of the test-key genesis fixture."""
    with open(GENESIS) as f:
        return {a["name"]: a for a in json.load(f)["accounts"]}


class RpcError(Exception):
    def __init__(self, error):
        super().__init__(error.get("message"))
        self.error = error


class Localnet:
    """One lez-localnet process on a free loopback port."""

    def __init__(self, root, interval_ms=100, faucet=False):
        self.root = root
        self.data_dir = os.path.join(root, "chain")
        self.interval_ms = interval_ms
        self.faucet = faucet
        self.proc = None
        self.port = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=15):
        os.makedirs(self.root, exist_ok=True)
        port_file = os.path.join(self.root, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        args = [LOCALNET, "--data-dir", self.data_dir, "--port", "0", "--port-file", port_file,
                "--block-interval-ms", str(self.interval_ms), "--genesis", GENESIS]
        if self.faucet:
            args.append("--faucet")
        self._log = open(os.path.join(self.root, "localnet.log"), "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(port_file):
                with open(port_file) as f:
                    self.port = int(f.read().strip())
                log(f"localnet up on {self.url}")
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

    def wait_status(self, tx_hash, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            s = self.rpc("getTransactionStatus", [tx_hash])
            if s["status"] in ("included", "rejected"):
                return s
            time.sleep(0.05)
        raise AssertionError(f"{tx_hash} still pending")

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self._log.close()

    def stop(self):
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

    def __init__(self, name, root, module_dirs, extra_args=()):
        self.name = name
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
        p = subprocess.run([LOGOSCORE, *args, "--json"], capture_output=True, text=True, timeout=timeout, env=env)
        return CliResult(p.returncode, p.stdout, p.stderr)

    def call(self, module, method, *args, **kw):
        return self.cli("call", module, method, *[str(a) for a in args], **kw)

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
    """Starts nodes in a temporary directory and always tears them down."""

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
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start_daemon(self, name="node", module_dirs=None, extra_args=()):
        node = Node(name, os.path.join(self.tmp, name), module_dirs or [TEST_MODULES], extra_args)
        self.nodes.append(node)
        return node.start()

    def assert_ok(self, result):
        self.assertEqual(result.rc, 0, f"expected success: {result}")
        self.assertIsNotNone(result.json, f"stdout is not one JSON document: {result}")
        return result.json

    def assert_error(self, code, result, exit_code=None):
        self.assertNotEqual(result.rc, 0, f"expected {code}: {result}")
        self.assertIsNotNone(result.json, f"stdout is not one JSON document: {result}")
        self.assertEqual(result.json.get("status"), "error", result)
        self.assertEqual(result.json.get("code"), code, result)
        self.assertTrue(result.json.get("message"), f"error without a message: {result}")
        if exit_code is not None:
            self.assertEqual(result.rc, exit_code, result)
        return result.json
