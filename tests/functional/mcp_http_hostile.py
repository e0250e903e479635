"""lezpay-mcp's Streamable HTTP endpoint (mcp.md §5) against hostile and malformed requests over
raw loopback HTTP, and its start-up refusals: malformed JSON-RPC (-32700 / -32600, HTTP 400),
an oversized body (413), an unknown session (404) and a missing one (400), a foreign Origin (403),
a wrong Accept (406) or Content-Type (415), an unsupported MCP-Protocol-Version (400), GET (405),
a batch under 2025-06-18 (-32600) — and after each the endpoint still serves a well-formed
session. The server refuses to start with the owner's token, a token file other users can read,
or a token on the command line."""
import http.client
import json
import os
import subprocess
import unittest

from framework import DaemonTestCase, log
from mcp_common import LEZPAY_MCP, HttpMcp, issue_agent_token, mcp_args

INIT = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}
ACCEPT = "application/json, text/event-stream"


class McpHttpHostile(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.assertTrue(os.path.exists(LEZPAY_MCP), "lezpay-mcp is not built")
        # The scope check needs no module: the test daemon suffices.
        self.node = self.start_daemon("user")
        self.token_file = issue_agent_token(self.node)
        self.mcp = None

    def tearDown(self):
        if self.mcp:
            self.mcp.stop()
        super().tearDown()

    def post(self, body, headers=None, raw=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.mcp.port, timeout=10)
        try:
            h = {"Content-Type": "application/json", "Accept": ACCEPT}
            h.update(headers or {})
            h = {k: v for k, v in h.items() if v is not None}
            conn.request("POST", "/mcp", body=raw if raw is not None else json.dumps(body), headers=h)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def request(self, method, path="/mcp", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.mcp.port, timeout=10)
        try:
            conn.request(method, path, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def session(self):
        status, headers, body = self.post(INIT)
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["result"]["protocolVersion"], "2025-06-18")
        sid = headers["mcp-session-id"]
        status, _, body = self.post({"jsonrpc": "2.0", "method": "notifications/initialized"},
                                    {"Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-06-18"})
        self.assertEqual((status, body), (202, b""))
        return sid

    def still_serves(self):
        sid = self.session()
        status, _, body = self.post({"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                                    {"Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-06-18"})
        self.assertEqual(status, 200)
        self.assertEqual(len(json.loads(body)["result"]["tools"]), 7)

    def error_of(self, body):
        j = json.loads(body)
        self.assertNotIn("result", j)
        return j["error"]["code"], j["error"]["data"]["code"], j.get("id")

    def test_hostile_requests_get_the_spec_answers_and_the_endpoint_stays_up(self):
        self.mcp = HttpMcp(self.node, self.token_file, self.tmp)
        sid = self.session()
        hdr = {"Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-06-18"}
        cases = [
            ("malformed JSON", dict(raw=b"{not json", headers=hdr), 400, (-32700, "MCP_PARSE_ERROR", None)),
            ("not JSON-RPC", dict(body={"id": 3, "method": "ping"}, headers=hdr), 400, (-32600, "MCP_INVALID_REQUEST", 3)),
            ("null id", dict(body={"jsonrpc": "2.0", "id": None, "method": "ping"}, headers=hdr), 400,
             (-32600, "MCP_INVALID_REQUEST", None)),
            ("too deep", dict(raw=b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":' + b"[" * 5000 + b"]" * 5000 + b"}}",
                              headers=hdr), 400, (-32600, "MCP_MESSAGE_TOO_DEEP", None)),
            ("batch under 2025-06-18", dict(body=[{"jsonrpc": "2.0", "id": 4, "method": "ping"}], headers=hdr), 200,
             (-32600, "MCP_BATCH_REFUSED", None)),
            ("unknown session", dict(body={"jsonrpc": "2.0", "id": 5, "method": "ping"},
                                     headers={"Mcp-Session-Id": "f" * 64}), 404, (-32600, "MCP_UNKNOWN_SESSION", None)),
            ("missing session", dict(body={"jsonrpc": "2.0", "id": 6, "method": "ping"}), 400,
             (-32600, "MCP_SESSION_REQUIRED", None)),
            ("foreign origin", dict(body=INIT, headers={"Origin": "https://evil.example"}), 403,
             (-32600, "MCP_ORIGIN_REFUSED", None)),
            ("wrong accept", dict(body={"jsonrpc": "2.0", "id": 7, "method": "ping"}, headers=dict(hdr, Accept="application/json")),
             406, (-32600, "MCP_NOT_ACCEPTABLE", None)),
            ("wrong content type", dict(body={"jsonrpc": "2.0", "id": 8, "method": "ping"},
                                        headers=dict(hdr, **{"Content-Type": "text/plain"})), 415,
             (-32600, "MCP_UNSUPPORTED_MEDIA_TYPE", None)),
            ("unsupported version", dict(body={"jsonrpc": "2.0", "id": 9, "method": "ping"},
                                         headers=dict(hdr, **{"MCP-Protocol-Version": "2026-07-28"})), 400,
             (-32600, "MCP_UNSUPPORTED_VERSION", None)),
            ("unknown method", dict(body={"jsonrpc": "2.0", "id": 10, "method": "resources/list"}, headers=hdr), 200,
             (-32601, "MCP_METHOD_NOT_FOUND", 10)),
        ]
        for name, kw, status, expected in cases:
            log(f"{name}: HTTP {status}, JSON-RPC {expected[0]} {expected[1]}")
            got_status, _, body = self.post(kw.get("body"), kw.get("headers"), kw.get("raw"))
            self.assertEqual(got_status, status, (name, body))
            self.assertEqual(self.error_of(body), expected, name)
        log("an oversized body is refused by the HTTP layer (413) before it is read whole")
        big = json.dumps({"jsonrpc": "2.0", "id": 11, "method": "ping", "params": {"x": "a" * (2 * 1024 * 1024)}})
        try:
            status, _, _ = self.post(None, hdr, big.encode())
            self.assertEqual(status, 413)
        except (ConnectionResetError, BrokenPipeError):
            pass  # the server may close before the client finished sending; it must stay up (below)
        log("GET offers no stream (405); another path is 404; DELETE ends the session, which then answers 404")
        self.assertEqual(self.request("GET", headers={"Accept": "text/event-stream", **hdr})[0], 405)
        self.assertEqual(self.request("POST", "/other")[0], 404)
        self.assertEqual(self.request("DELETE", headers=hdr)[0], 200)
        status, _, body = self.post({"jsonrpc": "2.0", "id": 12, "method": "ping"}, hdr)
        self.assertEqual(status, 404)
        log("after all that the endpoint still serves a new session")
        self.still_serves()
        self.assertIsNone(self.mcp.proc.poll())

    def test_start_refuses_owner_token_readable_file_and_token_in_argv(self):
        def start(*args):
            p = subprocess.run([LEZPAY_MCP, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
            return p.returncode, p.stdout, p.stderr

        log("the owner's token (the daemon's auto token file, unscoped) is refused")
        rc, out, err = start("--config-dir", self.node.config_dir, "--token-file",
                             os.path.join(self.node.config_dir, "client", "auto.json"))
        self.assertEqual((rc, out), (1, ""))
        self.assertIn("OWNER_TOKEN_REFUSED", err)
        log("a token file other users may read is refused")
        os.chmod(self.token_file, 0o644)
        rc, _, err = start(*mcp_args(self.node, self.token_file))
        self.assertEqual(rc, 1)
        self.assertIn("TOKEN_FILE_MODE", err)
        os.chmod(self.token_file, 0o600)
        log("a token on the command line is refused without being used")
        rc, _, err = start("--config-dir", self.node.config_dir, "--token", "abc")
        self.assertEqual(rc, 1)
        self.assertIn("never taken from the command line", err)
        log("a revoked token is refused by the daemon")
        self.assertEqual(self.node.cli("revoke-token", "mcp").rc, 0)
        rc, _, err = start(*mcp_args(self.node, self.token_file))
        self.assertEqual(rc, 1)
        self.assertIn("UNAUTHORIZED", err)


if __name__ == "__main__":
    unittest.main()
