"""The provider's paid MCP endpoint against malformed and hostile Streamable HTTP clients (mcp.md §2,
§5), over a real daemon on loopback: not JSON (400, -32700 without id), not JSON-RPC and batches
(400, -32600), an oversized body (413), a missing (400) or unknown (404) session, a foreign
Origin (403), an unsupported MCP-Protocol-Version (400), a wrong Accept (406) or Content-Type
(415), GET (405), unknown methods (-32601) and tools (-32602); every refusal carries a stable
code in error.data.code, and the endpoint keeps serving afterwards."""
import http.client
import json
import socket
import urllib.parse

from framework import genesis_accounts, log
from mcp_paid_common import McpPaidCase

G = genesis_accounts()
HEADERS = {"content-type": "application/json", "accept": "application/json, text/event-stream"}


def post(url, body, headers=None, method="POST"):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=20)
    try:
        h = dict(HEADERS)
        h.update(headers or {})
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        conn.request(method, u.path, body=data, headers={k: v for k, v in h.items() if v is not None})
        r = conn.getresponse()
        raw = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, json.loads(raw) if raw else None
    finally:
        conn.close()


def oversized(url, session):
    """Announces a 2 MiB body and sends its first bytes: the status line the server answers."""
    u = urllib.parse.urlsplit(url)
    head = (f"POST {u.path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
            f"accept: application/json, text/event-stream\r\nmcp-session-id: {session['mcp-session-id']}\r\n"
            f"content-length: {2 * 1024 * 1024}\r\n\r\n")
    with socket.create_connection((u.hostname, u.port), timeout=20) as c:
        c.sendall(head.encode() + b"[" + b"1," * 1000)
        answer = b""
        while b"\r\n" not in answer:
            chunk = c.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ")[1])


class McpPaidHostile(McpPaidCase):
    NEEDS_SDK = False

    def session(self, url):
        status, headers, body = post(url, {"jsonrpc": "2.0", "id": 0, "method": "initialize",
                                           "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                                                      "clientInfo": {"name": "hostile", "version": "1"}}})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["result"]["protocolVersion"], "2025-06-18")
        self.assertEqual(body["result"]["capabilities"], {"tools": {"listChanged": False}})
        sid = headers["mcp-session-id"]
        self.assertRegex(sid, "^[0-9a-f]{64}$")
        status, _, body = post(url, {"jsonrpc": "2.0", "method": "notifications/initialized"},
                               {"mcp-session-id": sid, "mcp-protocol-version": "2025-06-18"})
        self.assertEqual((status, body), (202, None))
        return {"mcp-session-id": sid, "mcp-protocol-version": "2025-06-18"}

    def refused(self, answer, status, rpc_code, code):
        got_status, _, body = answer
        self.assertEqual(got_status, status, body)
        self.assertEqual(body["jsonrpc"], "2.0")
        self.assertEqual(body["error"]["code"], rpc_code, body)
        self.assertEqual(body["error"]["data"]["code"], code, body)
        self.assertTrue(body["error"]["message"], body)
        return body

    def test_malformed_and_hostile_requests_get_the_spec_answers_and_the_endpoint_stays_up(self):
        tools = [{"name": "weather", "kind": "static", "price": "3", "payTo": G["merchant"]["account_id"], "body": {"sunny": True}},
                 {"name": "echo", "kind": "static", "body": "free text"}]
        url = self.start_endpoint(self.provider, "", tools=tools, allowed_origins=["http://localhost:6274"])["url"]
        s = self.session(url)

        log("not JSON: 400 with -32700 and no id")
        body = self.refused(post(url, b"{not json", s), 400, -32700, "MCP_PARSE_ERROR")
        self.assertNotIn("id", body)
        log("JSON but not JSON-RPC, a null id, a batch: 400 with -32600")
        self.refused(post(url, {"hello": "world"}, s), 400, -32600, "MCP_INVALID_REQUEST")
        self.refused(post(url, {"jsonrpc": "2.0", "id": None, "method": "ping"}, s), 400, -32600, "MCP_INVALID_REQUEST")
        self.refused(post(url, [{"jsonrpc": "2.0", "id": 1, "method": "ping"}], s), 400, -32600, "MCP_BATCH_REFUSED")
        log("a body above 1 MiB: 413 from the server, nothing parsed")
        self.assertEqual(oversized(url, s), 413)
        log("sessions: none -> 400, unknown -> 404; DELETE ends one")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}), 400, -32600, "MCP_SESSION_REQUIRED")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 3, "method": "tools/list"}, {"mcp-session-id": "f" * 32}), 404, -32600,
                     "MCP_UNKNOWN_SESSION")
        log("a foreign Origin: 403; an allow-listed one is served")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 4, "method": "ping"}, dict(s, origin="http://evil.example")), 403, -32600,
                     "MCP_ORIGIN_REFUSED")
        status, _, body = post(url, {"jsonrpc": "2.0", "id": 5, "method": "ping"}, dict(s, origin="http://localhost:6274"))
        self.assertEqual((status, body), (200, {"jsonrpc": "2.0", "id": 5, "result": {}}))
        log("an unsupported MCP-Protocol-Version: 400; wrong Accept: 406; wrong Content-Type: 415; GET: 405")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 6, "method": "ping"}, dict(s, **{"mcp-protocol-version": "1999-01-01"})), 400,
                     -32600, "MCP_UNSUPPORTED_VERSION")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 7, "method": "ping"}, dict(s, accept="application/json")), 406, -32600,
                     "MCP_NOT_ACCEPTABLE")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 8, "method": "ping"}, dict(s, **{"content-type": "text/plain"})), 415, -32600,
                     "MCP_UNSUPPORTED_MEDIA_TYPE")
        status, headers, _ = post(url, b"", dict(s, accept="text/event-stream"), method="GET")
        self.assertEqual(status, 405)
        self.assertIn("POST", headers["allow"])
        log("unknown method -32601, unknown tool and malformed tools/call -32602 (JSON-RPC errors, HTTP 200)")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 9, "method": "resources/list"}, s), 200, -32601, "MCP_METHOD_NOT_FOUND")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 10, "method": "tools/call", "params": {"name": "nope"}}, s), 200, -32602,
                     "MCP_UNKNOWN_TOOL")
        self.refused(post(url, {"jsonrpc": "2.0", "id": 11, "method": "tools/call", "params": {"name": 5}}, s), 200, -32602,
                     "MCP_INVALID_PARAMS")
        log("a payment _meta that is not an object: a challenge naming the reason, not a crash")
        status, _, body = post(url, {"jsonrpc": "2.0", "id": 12, "method": "tools/call",
                                     "params": {"name": "weather", "_meta": {"x402/payment": "AAAA"}}}, s)
        self.assertEqual(status, 200)
        self.assertTrue(body["result"]["isError"])
        self.assertEqual(body["result"]["structuredContent"]["error"], "Payment required to access this tool")

        log("after all that the endpoint still serves: tools/list and the free tool")
        status, _, body = post(url, {"jsonrpc": "2.0", "id": 13, "method": "tools/list"}, s)
        self.assertEqual(status, 200)
        self.assertEqual([t["name"] for t in body["result"]["tools"]], ["weather", "echo"])
        status, _, body = post(url, {"jsonrpc": "2.0", "id": 14, "method": "tools/call", "params": {"name": "echo"}}, s)
        self.assertEqual(body["result"]["content"], [{"type": "text", "text": "free text"}])
        status, _, _ = post(url, b"", s, method="DELETE")
        self.assertEqual(status, 200)
        self.refused(post(url, {"jsonrpc": "2.0", "id": 15, "method": "ping"}, s), 404, -32600, "MCP_UNKNOWN_SESSION")
        self.session(url)
        info = self.ok(self.provider, "x402_module", "getMcpEndpointInfo")
        self.assertGreaterEqual(info["http"]["malformed"], 4)
        self.assertEqual(info["http"]["origin_refused"], 1)
        log("stopMcpEndpoint closes the port and forgets the endpoint")
        self.assertTrue(self.ok(self.provider, "x402_module", "stopMcpEndpoint")["stopped"])
        with self.assertRaises(ConnectionRefusedError):
            post(url, {"jsonrpc": "2.0", "id": 16, "method": "ping"}, s)

    def test_bad_configurations_are_refused_with_the_field_named(self):
        pay_to = G["merchant"]["account_id"]
        cases = [
            ({"tools": []}, "tools"),
            ({"tools": [{"name": "bad name", "body": "x", "kind": "static"}]}, "tools[0].name"),
            ({"tools": [{"name": "t", "kind": "static"}]}, "tools[0].body"),
            ({"tools": [{"name": "t", "price": "0", "payTo": pay_to}]}, "tools[0].price"),
            ({"tools": [{"name": "t", "price": "1"}]}, "tools[0].payTo"),
            ({"tools": [{"name": "t", "payTo": pay_to}]}, "tools[0].payTo"),
            ({"tools": [{"name": "t"}, {"name": "t"}]}, "tools[1].name"),
            ({"listen": "localhost", "tools": [{"name": "t"}]}, "listen"),
            ({"prot": 1, "tools": [{"name": "t"}]}, "prot"),
        ]
        for config, field in cases:
            r = self.provider.call("x402_module", "startMcpEndpoint", "json:" + json.dumps(config))
            err = self.assert_error("METHOD_FAILED", r)["error"]
            self.assertEqual(err["code"], "INVALID_CONFIG", (config, err))
            self.assertIn(field, err["message"], (config, err))
        r = self.provider.call("x402_module", "getMcpEndpointInfo")
        self.assertEqual(self.assert_error("METHOD_FAILED", r)["error"]["code"], "MCP_ENDPOINT_NOT_RUNNING")
