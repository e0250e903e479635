"""Processes of the e2e journey: one lez-localnet and logoscore daemons, driven only over RPC.

Standard library only. A daemon is reached through its client socket (docs/protocol.md §1) with
the token its own config dir holds; nothing here reads or writes a module's files.
"""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request



def open_private_log(path):
    """Appends to a log only its owner may read: logs name accounts, hashes and ports."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "ab")

class E2eError(Exception):
    """A failure with a stable code and a sentence; the phase runner records both."""

    def __init__(self, code, message, details=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


def wait_for(predicate, timeout, what, interval=0.05):
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() >= deadline:
            raise E2eError("TIMEOUT", f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except (OSError, TypeError):
        return False


def stop_pid(pid, timeout=10):
    """SIGTERM, then SIGKILL after `timeout`; quiet when the process is already gone."""
    if not pid_alive(pid):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not pid_alive(pid):
            return
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


class Localnet:
    """lez-localnet on a free loopback port, data under `root`."""

    def __init__(self, binary, root, genesis, block_interval_ms=200):
        self.binary = binary
        self.root = root
        self.genesis = genesis
        self.block_interval_ms = block_interval_ms
        self.pid = None
        self.port = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=20):
        os.makedirs(self.root, mode=0o700, exist_ok=True)
        os.chmod(self.root, 0o700)
        port_file = os.path.join(self.root, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        log = open_private_log(os.path.join(self.root, "localnet.log"))
        proc = subprocess.Popen(
            [self.binary, "--data-dir", os.path.join(self.root, "chain"), "--port", "0", "--port-file", port_file,
             "--block-interval-ms", str(self.block_interval_ms), "--genesis", self.genesis],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = proc.pid

        def ready():
            if proc.poll() is not None:
                raise E2eError("LOCALNET_EXITED", f"lez-localnet exited with {proc.returncode}; see {self.root}/localnet.log")
            return os.path.exists(port_file) and open(port_file).read().strip()
        self.port = int(wait_for(ready, timeout, "lez-localnet to listen"))
        return self

    def rpc(self, method, params=None, timeout=10):
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
        req = urllib.request.Request(self.url + "/", data=body, headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                answer = json.loads(r.read())
        except (urllib.error.URLError, OSError) as e:
            raise E2eError("CHAIN_UNREACHABLE", f"lez-localnet at {self.url} did not answer: {e}")
        if "error" in answer:
            raise E2eError("CHAIN_RPC_ERROR", f"{method}: {answer['error']}")
        return answer["result"]

    def stop(self):
        stop_pid(self.pid)


class Daemon:
    """One logoscore daemon: its own config and persistence dirs, reached over its socket."""

    def __init__(self, name, binary, root, module_dirs):
        self.name = name
        self.binary = binary
        self.root = root
        self.config_dir = os.path.join(root, "config")
        self.persistence = os.path.join(root, "data")
        self.module_dirs = module_dirs
        self.pid = None

    @property
    def socket_path(self):
        return os.path.join(self.config_dir, "daemon", "logoscore.sock")

    @property
    def log_path(self):
        return os.path.join(self.root, "daemon.log")

    def start(self, timeout=20):
        if len(self.socket_path.encode()) > 107:
            raise E2eError("PATH_TOO_LONG", f"socket path {self.socket_path} exceeds 107 bytes; clone the project to a shorter path")
        os.makedirs(self.root, mode=0o700, exist_ok=True)
        os.chmod(self.root, 0o700)
        state = os.path.join(self.config_dir, "daemon", "state.json")
        if os.path.exists(state):
            os.unlink(state)  # left by a daemon that was killed; the new one rewrites it
        args = [self.binary, "-D", "--config-dir", self.config_dir, "--persistence-path", self.persistence]
        for d in self.module_dirs:
            args += ["-m", d]
        env = dict(os.environ)
        env.pop("LOGOSCORE_TOKEN", None)
        log = open_private_log(self.log_path)
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.pid = proc.pid

        def ready():
            if proc.poll() is not None:
                raise E2eError("DAEMON_EXITED", f"{self.name} daemon exited with {proc.returncode}; see {self.log_path}")
            return os.path.exists(state)
        wait_for(ready, timeout, f"the {self.name} daemon")
        return self

    def token(self):
        with open(os.path.join(self.config_dir, "client", "auto.json")) as f:
            return json.load(f)["token"]

    def issue_token(self, name, scope):
        """A named token of this daemon (`logoscore issue-token`, offline on its files), replaced if
        it exists; answers the raw token. The agent runs with a scoped one (docs/protocol.md
        "Named and scoped tokens"), the owner with the daemon's own."""
        env = dict(os.environ, LOGOSCORE_CONFIG_DIR=self.config_dir)
        env.pop("LOGOSCORE_TOKEN", None)
        p = subprocess.run([self.binary, "issue-token", "--name", name, "--scope", scope, "--replace", "--json"],
                           capture_output=True, text=True, env=env, timeout=30)
        if p.returncode != 0:
            raise E2eError("TOKEN_FAILED", f"{self.name}: issue-token {name}: {p.stdout.strip()} {p.stderr.strip()}")
        return json.loads(p.stdout)["token"]

    def rpc(self, method, params=None, timeout=60, token=None):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(timeout)
                s.connect(self.socket_path)
                req = {"id": 1, "token": token or self.token(), "method": method, "params": params or {}}
                s.sendall((json.dumps(req) + "\n").encode())
                buf = b""
                while b"\n" not in buf:
                    chunk = s.recv(1 << 20)
                    if not chunk:
                        break
                    buf += chunk
        except OSError as e:
            raise E2eError("NO_DAEMON", f"{self.name} daemon does not answer on {self.socket_path}: {e}")
        if b"\n" not in buf:
            raise E2eError("RPC_FAILED", f"{self.name} daemon closed the connection without an answer")
        return json.loads(buf.split(b"\n", 1)[0])

    def load(self, module):
        answer = self.rpc("load_module", {"module": module})
        if answer.get("status") != "ok":
            raise E2eError(answer.get("code", "MODULE_LOAD_FAILED"), f"{self.name}: load {module}: {answer.get('message')}", answer)
        return answer

    def call(self, module, operation, params=None, timeout_ms=60000, token=None):
        """Calls one operation with a params object (as `token`, default the daemon's own); answers
        the module's own answer or raises."""
        # chainAction with an explicit params object: unambiguous even for an operation whose only
        # parameter is itself an object (docs/protocol.md §1, `call` semantics).
        answer = self.rpc("call", {"module": module, "method": "chainAction", "args": [operation, params or {}],
                                   "timeout_ms": timeout_ms}, timeout=timeout_ms / 1000 + 10, token=token)
        if answer.get("status") == "ok":
            return answer.get("result", {})
        inner = answer.get("error") if isinstance(answer.get("error"), dict) else answer
        raise E2eError(inner.get("code", answer.get("code", "METHOD_FAILED")),
                       f"{self.name}: {module}.{operation}: {inner.get('message', answer.get('message'))}", inner)

    def try_call(self, module, operation, params=None, timeout_ms=60000):
        """Like call, but answers the module's error answer instead of raising."""
        try:
            return self.call(module, operation, params, timeout_ms)
        except E2eError as e:
            if e.details:
                return e.details
            raise

    def stop(self, timeout=15):
        if not pid_alive(self.pid):
            return
        try:
            self.rpc("stop", timeout=5)
        except E2eError:
            pass
        deadline = time.time() + timeout
        while time.time() < deadline and pid_alive(self.pid):
            try:
                os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.05)
        stop_pid(self.pid)
