"""Helpers of the mcp_*.py functional tests (no tests here): lezpay-mcp started over stdio or
Streamable HTTP with a scoped agent token, and the official MCP TypeScript SDK client
(tests/interop/mcp, @modelcontextprotocol/sdk pinned by package-lock.json, installed by `npm ci` on
first use) driven line by line through tests/interop/mcp/client.mjs."""
import json
import os
import queue
import subprocess
import threading
import time

from framework import BUILD_DIR, REPO_ROOT, log
from npm_deps import npm_ci  # noqa: E402

INTEROP = os.path.join(REPO_ROOT, "tests", "interop", "mcp")
CLIENT = os.path.join(INTEROP, "client.mjs")
LEZPAY_MCP = os.path.join(BUILD_DIR, "bin", "lezpay-mcp")
# The agent preset plus what lezpay-mcp's other tools call (docs/protocol.md "lezpay-mcp"): still no
# approve, decline, configure or sign.
MCP_AGENT_SCOPE = ("x402_module:httpGet,createSpendRequest,requestSpendRequestApproval,getSpendRequest,"
                   "listSpendRequests,getAgentConfig,getAuditLog,callPaidTool; wallet_module:get_*,list_accounts; "
                   "delivery_module:storeQuery; payment_streams_module:getVaultStatus,listMyStreams")


def ensure_node_modules():
    """Installs the pinned SDK once; answers a reason to skip (registry unreachable), or None."""
    return npm_ci(INTEROP, os.path.join("node_modules", "@modelcontextprotocol", "sdk", "package.json"))

def issue_agent_token(node, name="mcp", scope=MCP_AGENT_SCOPE):
    """A scoped token written to a 0600 file of its own; answers the file's path."""
    r = node.cli("issue-token", "--name", name, "--scope", scope)
    assert r.rc == 0, r
    raw = r.json["token"]
    path = os.path.join(node.root, f"{name}.token")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(raw + "\n")
    return path


def mcp_args(node, token_file, *extra):
    return ["--config-dir", node.config_dir, "--token-file", token_file, *extra]


class SdkClient:
    """client.mjs in a child process: commands out, JSON lines back (answers and progress events)."""

    def __init__(self, log_path):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(["node", CLIENT], cwd=INTEROP, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, text=True)
        self.lines = queue.Queue()
        self.pending = {}
        self.progress = {}
        self._next = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                msg = json.loads(line)
                if isinstance(msg, dict) and isinstance(msg.get("progress"), dict):
                    msg["progress"]["received_at"] = time.time()  # when the test saw it, for ordering checks
                self.lines.put(msg)
            except ValueError:
                self.lines.put({"tag": None, "ok": False, "error": {"message": "not JSON: " + line}})

    def send(self, op, **kw):
        self._next += 1
        tag = kw.pop("tag", None) or f"{op}-{self._next}"
        self.proc.stdin.write(json.dumps(dict(kw, op=op, tag=tag)) + "\n")
        self.proc.stdin.flush()
        return tag

    def wait(self, tag, timeout=60):
        deadline = time.time() + timeout
        while tag not in self.pending:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"no answer for {tag} within {timeout} s")
            try:
                msg = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if "progress" in msg:
                self.progress.setdefault(msg["tag"], []).append(msg["progress"])
            else:
                self.pending[msg["tag"]] = msg
        return self.pending.pop(tag)

    def wait_progress(self, tag, count=1, timeout=30):
        deadline = time.time() + timeout
        while len(self.progress.get(tag, [])) < count:
            if time.time() > deadline:
                raise AssertionError(f"fewer than {count} progress events for {tag}")
            try:
                msg = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if "progress" in msg:
                self.progress.setdefault(msg["tag"], []).append(msg["progress"])
            else:
                self.pending[msg["tag"]] = msg
        return self.progress[tag]

    def call(self, op, timeout=60, **kw):
        answer = self.wait(self.send(op, **kw), timeout)
        if not answer.get("ok"):
            raise AssertionError(f"{op} failed: {answer}")
        return answer

    def call_tool(self, name, arguments, timeout=60, **kw):
        return self.call("callTool", name=name, arguments=arguments, timeout=timeout, timeoutMs=timeout * 1000, **kw)["result"]

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - teardown
            self.proc.kill()
        self.log.close()


class HttpMcp:
    """lezpay-mcp serving Streamable HTTP only (--no-stdio) on a port it picks."""

    def __init__(self, node, token_file, root, *extra):
        self.port_file = os.path.join(root, "mcp-http.port")
        self.log = open(os.path.join(root, "lezpay-mcp-http.log"), "w")
        self.proc = subprocess.Popen([LEZPAY_MCP, *mcp_args(node, token_file, "--no-stdio", "--http-port", "0",
                                                            "--http-port-file", self.port_file, *extra)],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.log)
        deadline = time.time() + 15
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None:
                raise AssertionError(f"lezpay-mcp exited with {self.proc.returncode}")
            if time.time() > deadline:
                raise AssertionError("lezpay-mcp did not write its port")
            time.sleep(0.02)
        with open(self.port_file) as f:
            self.port = int(f.read())
        self.url = f"http://127.0.0.1:{self.port}/mcp"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()
