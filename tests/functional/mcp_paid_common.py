"""Shared by the mcp_paid_* functional tests (no tests here): a provider daemon whose x402_module
serves a paid MCP endpoint answered from its delivery_module Store archive, a user daemon that
pays, and the official TypeScript SDK client (tests/interop/mcp/paid_call.mjs)."""
import http.client
import json
import os
import subprocess
import time
import urllib.parse

from framework import genesis_accounts, log
from npm_deps import npm_ci  # noqa: E402
from x402_server_pay import X402ServerCase

G = genesis_accounts()
HERE = os.path.dirname(os.path.abspath(__file__))
INTEROP = os.path.join(HERE, "..", "interop", "mcp")
SCRIPT = os.path.join(INTEROP, "paid_call.mjs")
PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/mcp-paid/proto"
PRICE = 4


def ensure_node_modules():
    """npm ci in tests/interop/mcp when node_modules is missing; a reason to skip, or None."""
    return npm_ci(INTEROP, os.path.join("node_modules", "@modelcontextprotocol", "sdk"))

def sdk(spec, timeout=120):
    """Runs the SDK client once; answers its JSON lines."""
    p = subprocess.run(["node", SCRIPT, json.dumps(spec)], capture_output=True, text=True, timeout=timeout, cwd=INTEROP)
    lines = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    if p.returncode != 0:
        raise AssertionError(f"SDK client failed ({p.returncode}): {p.stdout}\n{p.stderr}")
    return lines


def sdk_start(spec):
    return subprocess.Popen(["node", SCRIPT, json.dumps(spec)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=INTEROP)


def results(lines):
    return [line["result"] for line in lines if "result" in line]


def with_payment_id(challenge, payload, pid):
    ext = challenge["extensions"]["payment-identifier"]
    return dict(payload, extensions={"payment-identifier": {"info": dict(ext["info"], id=pid), "schema": ext["schema"]}})


class McpHttpSession:
    """One MCP session over one keep-alive HTTP connection (JSON-RPC by hand, no SDK)."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.path = u.path
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.headers = {"content-type": "application/json", "accept": "application/json, text/event-stream"}
        self.next = 0
        init = self.rpc("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                       "clientInfo": {"name": "functional", "version": "1"}}, keep_session=True)
        self.headers["mcp-protocol-version"] = init["result"]["protocolVersion"]
        self.post({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def post(self, message, keep_session=False):
        self.conn.request("POST", self.path, body=json.dumps(message), headers=self.headers)
        r = self.conn.getresponse()
        raw = r.read()
        if keep_session:
            self.headers["mcp-session-id"] = r.getheader("mcp-session-id")
        return json.loads(raw) if raw else None

    def rpc(self, method, params, keep_session=False):
        self.next += 1
        return self.post({"jsonrpc": "2.0", "id": self.next, "method": method, "params": params}, keep_session)

    def call(self, name, arguments, meta=None):
        params = {"name": name, "arguments": arguments}
        if meta:
            params["_meta"] = meta
        return self.rpc("tools/call", params)["result"]

    def close(self):
        self.conn.close()


class McpPaidCase(X402ServerCase):
    NEEDS_SDK = True

    def setUp(self):
        super().setUp()
        if self.NEEDS_SDK:
            reason = ensure_node_modules()
            if reason:
                self.skipTest(reason)
        self.ok(self.provider, "delivery_module", "createNode",
                "json:" + json.dumps({"archiveUrl": f"sqlite:{self.provider.root}/store.sqlite"}))
        started = self.ok(self.provider, "delivery_module", "start")
        self.user.load("delivery_module")
        self.ok(self.user, "delivery_module", "createNode",
                "json:" + json.dumps({"storeService": False, "storeNode": started["multiaddr"]}))
        self.ok(self.user, "delivery_module", "start")

    def publish(self, n):
        for i in range(n):
            self.ok(self.user, "delivery_module", "send", TOPIC, f"str:stored message {i}")
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.ok(self.provider, "delivery_module", "getNodeInfo")["archive"]["messages"] >= n:
                return
            time.sleep(0.05)
        raise AssertionError("messages were not archived")

    def start_endpoint(self, node, facilitator_url, tools=None, **config):
        tools = tools or [{"name": "store_messages", "kind": "store", "price": str(PRICE), "payTo": G["merchant"]["account_id"],
                           "description": "Messages of this provider's Store archive", "maxTimeoutSeconds": 60},
                          {"name": "store_peek", "kind": "store", "description": "The same Store query, free"}]
        info = self.ok(node, "x402_module", "startMcpEndpoint",
                       "json:" + json.dumps(dict({"port": 0, "facilitator_url": facilitator_url, "tools": tools}, **config)))
        log(f"paid MCP endpoint on {info['url']}")
        return info

    @staticmethod
    def args(page=2):
        return {"contentTopics": [TOPIC], "pubsubTopic": PUBSUB, "pageSize": page, "ascending": True}

    def challenge_call(self, url, args):
        [result] = results(sdk({"url": url, "calls": [{"name": "store_messages", "arguments": args}]}))
        self.assertTrue(result["isError"], result)
        return result["structuredContent"]
