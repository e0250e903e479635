"""The x402 merchant as a gateway in front of a real HTTP origin (Python's http.server, started by
the test on loopback): paid GET and POST forwarded with method, target, headers and body; large
(6 MiB) and chunked/streamed (3 MiB) answers relayed; hop-by-hop headers dropped both ways,
PAYMENT-SIGNATURE kept from the origin, X-Forwarded-* added, Host rewritten; an oversize request
refused with 413 request_too_large; origin 500 / reset / silence / down settle nothing (balances
unchanged, the transaction never on chain) and answer 502/504 with a stable code that does not
name the origin; an origin that fails after settlement cuts the stream short and the same
payment (same payment-identifier id) fetches the answer again without a second charge; and the
reference x402 client (@x402/fetch, tests/interop/x402) pays through the gateway."""
import hashlib
import http.client
import json
import os
import socket
import struct
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from framework import genesis_accounts, log
from npm_deps import npm_ci  # noqa: E402
from x402_server_pay import X402ServerCase, b64json, unb64json

G = genesis_accounts()
PRICE = 7
BIG = 6 * 1024 * 1024
STREAMED_CHUNKS = 48  # of 64 KiB: 3 MiB
HERE = os.path.dirname(os.path.abspath(__file__))
INTEROP = os.path.join(HERE, "..", "interop", "x402")


def pattern(n, seed=b"lez-pay"):
    """n deterministic bytes (so a relayed body can be compared without keeping both whole)."""
    block = hashlib.sha256(seed).digest() * 2048  # 64 KiB
    return (block * (n // len(block) + 1))[:n]


class Origin:
    """A real HTTP/1.1 origin in a thread; records what it received (method, target, headers, body digest)."""

    def __init__(self):
        self.seen = []
        self.cut_once = set()
        origin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def record(self):
                n = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(n) if n else b""
                origin.seen.append({"method": self.command, "target": self.path,
                                    "headers": {k.lower(): v for k, v in self.headers.items()},
                                    "body_len": len(body), "body_sha256": hashlib.sha256(body).hexdigest()})
                return body

            def answer(self, status, body, ctype="application/json", extra=()):
                self.send_response(status)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(body)))
                for k, v in extra:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def route(self):
                body = self.record()
                path = urllib.parse.urlsplit(self.path).path
                if path.endswith("/echo"):
                    seen = origin.seen[-1]
                    return self.answer(200, json.dumps(seen).encode(), extra=[
                        ("connection", "keep-alive, x-origin-hop"), ("x-origin-hop", "secret"), ("keep-alive", "timeout=5"),
                        ("proxy-authenticate", "Basic"), ("upgrade", "h2c"), ("payment-response", "forged-by-origin"),
                        ("x-origin-end", "kept")])
                if path.endswith("/big"):
                    return self.answer(200, pattern(BIG), "application/octet-stream")
                if path.endswith("/stream"):
                    self.send_response(200)
                    self.send_header("content-type", "application/octet-stream")
                    self.send_header("transfer-encoding", "chunked")
                    self.end_headers()
                    data = pattern(STREAMED_CHUNKS * 65536, b"stream")
                    for i in range(STREAMED_CHUNKS):
                        part = data[i * 65536:(i + 1) * 65536]
                        self.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
                        if i % 8 == 0:
                            self.wfile.flush()
                            time.sleep(0.02)
                    self.wfile.write(b"0\r\n\r\n")
                    return None
                if path.endswith("/fail"):
                    return self.answer(500, b'{"internal":"stack trace with secrets"}')
                if path.endswith("/notfound"):
                    return self.answer(404, b'{"origin":"no such item"}')
                if path.endswith("/reset"):
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return None
                if path.endswith("/slow"):
                    time.sleep(4)
                    return self.answer(200, b'{"late":true}')
                if path.endswith("/cut"):
                    # The first time: 2 MiB of a 4 MiB answer, then a reset (after the gateway settled).
                    full = pattern(4 * 1024 * 1024, b"cut")
                    first = self.path not in origin.cut_once
                    origin.cut_once.add(self.path)
                    self.send_response(200)
                    self.send_header("content-type", "application/octet-stream")
                    self.send_header("content-length", str(len(full)))
                    self.end_headers()
                    if first:
                        self.wfile.write(full[:2 * 1024 * 1024])
                        self.wfile.flush()
                        time.sleep(0.5)
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        self.close_connection = True
                        self.connection.close()
                        return None
                    self.wfile.write(full)
                    return None
                return self.answer(404, b"{}")

            do_GET = do_POST = do_PUT = do_DELETE = route

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def request(url, method="GET", headers=None, body=None, timeout=30):
    """One request; answers (status, headers, body, complete) where complete is False when the
    body was cut short (chunked stream without its last chunk)."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request(method, u.path + ("?" + u.query if u.query else ""), body=body, headers=headers or {})
        r = conn.getresponse()
        hs = {k.lower(): v for k, v in r.getheaders()}
        parts, complete = [], True
        try:
            while True:
                part = r.read1(65536) if hasattr(r, "read1") else r.read(65536)
                if not part:
                    break
                parts.append(part)
        except (http.client.IncompleteRead, ConnectionError) as e:
            if isinstance(e, http.client.IncompleteRead):
                parts.append(e.partial)
            complete = False
        return r.status, hs, b"".join(parts), complete
    finally:
        conn.close()


class X402GatewayCase(X402ServerCase):
    def setUp(self):
        super().setUp()
        self.origin = Origin()
        self.addCleanup(self.origin.stop)
        self.fac = self.start_facilitator(self.provider)

    def start_gateway(self, origin_url=None, **gateway):
        pay_to = G["merchant"]["account_id"]
        routes = [{"method": "*", "path_prefix": "/api", "price": str(PRICE), "payTo": pay_to, "description": "the paid API"},
                  {"method": "POST", "path_prefix": "/api/upload", "price": str(PRICE + 1), "payTo": pay_to,
                   "description": "uploads"},
                  {"method": "POST", "path_prefix": "/submit", "price": str(PRICE), "payTo": pay_to}]
        g = dict({"origin_url": (origin_url or self.origin.url) + "/v1", "routes": routes, "max_request_bytes": 8 * 1024 * 1024,
                  "origin_timeout_ms": 1500}, **gateway)
        info = self.ok(self.provider, "x402_module", "startMerchant",
                       "json:" + json.dumps({"port": 0, "facilitator_url": self.fac["url"], "gateway": g}))
        self.assertNotIn(self.origin.url, json.dumps(info), "the origin's URL is never answered")
        self.assertEqual([r["path_prefix"] for r in info["gateway"]["routes"]], ["/api", "/api/upload", "/submit"])
        log(f"gateway on {info['url']} with {len(info['gateway']['routes'])} routes")
        return info["url"]

    def challenge(self, url, method="GET", body=None):
        status, headers, data, _ = request(url, method, body=body)
        self.assertEqual(status, 402, data)
        return unb64json(headers["payment-required"])

    def paid(self, url, method="GET", body=None, headers=None, payment_id=None, timeout=30):
        """Challenge, pay, send; answers (status, headers, body, complete, tx_hash, header)."""
        ch = self.challenge(url, method, body)
        payload, tx = self.pay(ch)
        if payment_id:
            ext = ch["extensions"]["payment-identifier"]
            payload = dict(payload, extensions={"payment-identifier": {"info": dict(ext["info"], id=payment_id),
                                                                       "schema": ext["schema"]}})
        sig = b64json(payload)
        h = dict(headers or {}, **{"PAYMENT-SIGNATURE": sig})
        t0 = time.monotonic()
        status, hs, data, complete = request(url, method, h, body, timeout=timeout)
        log(f"{method} {urllib.parse.urlsplit(url).path}: {status} in {time.monotonic() - t0:.2f} s, {len(data)} bytes")
        return status, hs, data, complete, tx, sig

    def balances(self):
        return {n: self.balance(n) for n in ("user", "merchant")}

    def assert_charged(self, before, times, price=PRICE):
        self.assertEqual(self.balance("user"), before["user"] - times * price)
        self.assertEqual(self.balance("merchant"), before["merchant"] + times * price)


class X402GatewayForwards(X402GatewayCase):
    def test_paid_requests_are_forwarded_and_answers_relayed(self):
        gw = self.start_gateway()
        before = self.balances()

        log("unpaid: 402 with the challenge for the exact target; the origin sees nothing")
        ch = self.challenge(gw + "/api/echo?q=1")
        self.assertEqual(ch["resource"]["url"], gw + "/api/echo?q=1")
        self.assertEqual(ch["accepts"][0]["amount"], str(PRICE))
        self.assertEqual(self.origin.seen, [])

        log("paid GET with a query and hop-by-hop headers: forwarded, relayed, settled once")
        status, hs, data, _, tx, _ = self.paid(gw + "/api/echo?q=1&r=two", headers={
            "Connection": "keep-alive, X-Client-Hop", "X-Client-Hop": "1", "Keep-Alive": "timeout=9", "TE": "trailers",
            "Proxy-Authorization": "Basic eA==", "X-Forwarded-For": "10.9.8.7", "X-End-To-End": "yes"})
        self.assertEqual(status, 200, data)
        seen = json.loads(data)
        self.assertEqual((seen["method"], seen["target"]), ("GET", "/v1/api/echo?q=1&r=two"))
        h = seen["headers"]
        for dropped in ("x-client-hop", "keep-alive", "te", "proxy-authorization", "payment-signature"):
            self.assertNotIn(dropped, h)
        self.assertEqual(h["host"], urllib.parse.urlsplit(self.origin.url).netloc)
        self.assertEqual(h["x-forwarded-for"], "10.9.8.7, 127.0.0.1")
        self.assertEqual(h["x-forwarded-proto"], "http")
        self.assertEqual(h["x-forwarded-host"], urllib.parse.urlsplit(gw).netloc)
        self.assertEqual(h["x-end-to-end"], "yes")
        for dropped in ("x-origin-hop", "keep-alive", "proxy-authenticate", "upgrade"):
            self.assertNotIn(dropped, hs)
        self.assertEqual(hs["x-origin-end"], "kept")
        receipt = unb64json(hs["payment-response"])
        self.assertEqual((receipt["success"], receipt["transaction"], receipt["amount"]), (True, tx, str(PRICE)))
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx])["status"], "included")
        self.assert_charged(before, 1)

        log("paid POST with a JSON body to the more specific route (its own price)")
        body = json.dumps({"item": "x" * 1000}).encode()
        status, hs, data, _, tx, _ = self.paid(gw + "/api/upload/echo", "POST", body, {"content-type": "application/json"})
        self.assertEqual(status, 200, data)
        seen = json.loads(data)
        self.assertEqual((seen["method"], seen["body_len"], seen["body_sha256"]), ("POST", len(body), hashlib.sha256(body).hexdigest()))
        self.assertEqual(seen["headers"]["content-type"], "application/json")
        self.assertEqual(unb64json(hs["payment-response"])["amount"], str(PRICE + 1))
        self.assertEqual(self.balance("user"), before["user"] - 2 * PRICE - 1)

        log("paid PUT of a 5 MiB body under the * route: forwarded whole")
        big_up = pattern(5 * 1024 * 1024, b"up")
        status, _, data, _, _, _ = self.paid(gw + "/api/echo", "PUT", big_up, {"content-type": "application/octet-stream"})
        self.assertEqual(status, 200, data[:200])
        self.assertEqual(json.loads(data)["body_sha256"], hashlib.sha256(big_up).hexdigest())

        log("a 6 MiB answer: relayed whole (streamed past the 1 MiB buffer)")
        status, hs, data, complete, _, _ = self.paid(gw + "/api/big")
        self.assertEqual(status, 200)
        self.assertTrue(complete)
        self.assertEqual(len(data), BIG)
        self.assertEqual(hashlib.sha256(data).digest(), hashlib.sha256(pattern(BIG)).digest())
        self.assertEqual(hs.get("transfer-encoding"), "chunked")
        self.assertTrue(unb64json(hs["payment-response"])["success"])

        log("a chunked, streamed 3 MiB answer: relayed whole")
        status, hs, data, complete, _, _ = self.paid(gw + "/api/stream")
        self.assertEqual(status, 200)
        self.assertTrue(complete)
        self.assertEqual(data, pattern(STREAMED_CHUNKS * 65536, b"stream"))
        self.assertEqual(self.balance("user"), before["user"] - 5 * PRICE - 1)
        self.assertEqual(self.balance("merchant"), before["merchant"] + 5 * PRICE + 1)

        log("an origin 404 is relayed as it is, and nothing is settled")
        mid = self.balances()
        status, hs, data, _, tx, _ = self.paid(gw + "/api/notfound")
        self.assertEqual((status, json.loads(data)), (404, {"origin": "no such item"}))
        self.assertNotIn("payment-response", hs)
        self.assertEqual(self.balances(), mid)
        self.assertNotEqual(self.net.rpc("getTransactionStatus", [tx])["status"], "included")

        log("outside every route: 404; a preflight lists the methods of the routes; neither reaches the origin")
        n = len(self.origin.seen)
        status, hs, _, _ = request(gw + "/other")
        self.assertEqual((status, hs["x-payment-error"]), (404, "not_found"))
        status, hs, _, _ = request(gw + "/api/upload", "GET")
        self.assertEqual(status, 402)  # GET /api/upload falls under the * route of /api
        status, hs, _, _ = request(gw + "/api/upload", "OPTIONS")
        self.assertEqual(status, 204)
        self.assertIn("POST", hs["access-control-allow-methods"])
        status, hs, data, _ = request(gw + "/submit/x", "GET")
        self.assertEqual((status, hs["x-payment-error"], hs["allow"]), (405, "method_not_allowed", "POST, OPTIONS"), data)
        self.assertEqual(len(self.origin.seen), n)

        log("an oversize request: 413 request_too_large before anything is read or paid")
        t0 = time.monotonic()
        with socket.create_connection(("127.0.0.1", urllib.parse.urlsplit(gw).port), timeout=10) as s:
            s.sendall(b"POST /api/upload/x HTTP/1.1\r\nhost: gw\r\ncontent-length: %d\r\n\r\n" % (64 * 1024 * 1024))
            answer = b""
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                part = s.recv(65536)
                if not part:
                    break
                answer += part
        self.assertLess(time.monotonic() - t0, 5)
        head, _, body = answer.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 413"), head)
        self.assertEqual(json.loads(body)["error"], "request_too_large")
        self.assertIn(b"x-payment-error: request_too_large", head)
        self.assertEqual(len(self.origin.seen), n)
        self.assertEqual(self.balance("user"), before["user"] - 5 * PRICE - 1)


class X402GatewayOriginFailures(X402GatewayCase):
    def check_refused(self, gw, path, status, code, max_seconds):
        before = self.balances()
        t0 = time.monotonic()
        got, hs, data, _, tx, _ = self.paid(gw + path)
        elapsed = time.monotonic() - t0
        self.assertEqual((got, hs.get("x-payment-error")), (status, code), data)
        body = json.loads(data)
        self.assertEqual(body["error"], code)
        self.assertNotIn("127.0.0.1:" + str(urllib.parse.urlsplit(self.origin.url).port), data.decode())
        self.assertNotIn("secrets", data.decode())
        self.assertNotIn("payment-response", hs)
        self.assertLess(elapsed, max_seconds)
        self.assertEqual(self.balances(), before, "nothing is charged")
        self.assertNotEqual(self.net.rpc("getTransactionStatus", [tx])["status"], "included")

    def test_origin_failures_settle_nothing(self):
        gw = self.start_gateway()
        journal_before = self.ok(self.provider, "x402_module", "getFacilitatorInfo")["journal"]
        log("origin 500: 502 origin_error, its body withheld")
        self.check_refused(gw, "/api/fail", 502, "origin_error", 15)
        log("origin resets the connection: 502 origin_reset")
        self.check_refused(gw, "/api/reset", 502, "origin_reset", 15)
        log("origin silent past origin_timeout_ms (1.5 s): 504 origin_timeout")
        self.check_refused(gw, "/api/slow", 504, "origin_timeout", 15)
        self.assertEqual(self.ok(self.provider, "x402_module", "getFacilitatorInfo")["journal"], journal_before,
                         "no settlement was attempted")
        log("the gateway's log names no origin address")
        log_text = self.provider.read_log()
        self.assertNotIn(self.origin.url, log_text)

    def test_origin_down_settles_nothing(self):
        dead = socket.socket()
        dead.bind(("127.0.0.1", 0))
        port = dead.getsockname()[1]
        dead.close()  # nothing listens there now
        gw = self.start_gateway(origin_url=f"http://127.0.0.1:{port}")
        before = self.balances()
        t0 = time.monotonic()
        status, hs, data, _, tx, _ = self.paid(gw + "/api/echo")
        self.assertLess(time.monotonic() - t0, 15)
        self.assertEqual((status, hs["x-payment-error"]), (502, "origin_unreachable"), data)
        self.assertNotIn(str(port), data.decode())
        self.assertEqual(self.balances(), before)

    def test_an_answer_cut_after_settlement_is_seen_cut_and_fetched_again_without_paying_twice(self):
        gw = self.start_gateway()
        before = self.balances()
        log("the origin resets after 2 MiB of 4 MiB (the gateway settled after 1 MiB): the stream ends without its last chunk")
        status, hs, data, complete, tx, sig = self.paid(gw + "/api/cut", payment_id="pay_gateway_cut_0001", timeout=30)
        self.assertEqual(status, 200)
        self.assertFalse(complete, "the payer can tell the answer is incomplete")
        self.assertLess(len(data), 4 * 1024 * 1024)
        self.assertTrue(unb64json(hs["payment-response"])["success"])
        self.assert_charged(before, 1)
        log("the same payment again (same payment-identifier id): the whole answer, no second charge")
        status, hs, data, complete = request(gw + "/api/cut", headers={"PAYMENT-SIGNATURE": sig})
        self.assertEqual((status, complete, len(data)), (200, True, 4 * 1024 * 1024))
        self.assertEqual(data, pattern(4 * 1024 * 1024, b"cut"))
        self.assertEqual(unb64json(hs["payment-response"])["transaction"], tx)
        self.assert_charged(before, 1)


class X402GatewayReferenceClient(X402GatewayCase):
    def test_the_reference_x402_client_pays_through_the_gateway(self):
        reason = ensure_reference_client()
        if reason:
            self.skipTest(reason)
        gw = self.start_gateway()
        url = gw + "/api/upload/echo"
        body = json.dumps({"from": "@x402/fetch"})
        before = self.balances()
        log("the challenge is answered with a LEZ payment built by the user's wallet, through @x402/fetch's scheme hook")
        ch = self.challenge(url, "POST", body)
        payload, tx = self.pay(ch)
        spec = {"url": url, "method": "POST", "body": body, "headers": {"content-type": "application/json"},
                "network": ch["accepts"][0]["network"], "max_amount": PRICE + 1,
                "payload": payload["payload"]}
        p = subprocess.run(["node", os.path.join(INTEROP, "pay.mjs"), json.dumps(spec)], capture_output=True, text=True,
                           timeout=120, cwd=INTEROP)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        out = json.loads(p.stdout.strip().splitlines()[-1])
        self.assertEqual(out["status"], 200, out)
        self.assertEqual(json.loads(out["body"])["body_sha256"], hashlib.sha256(body.encode()).hexdigest())
        self.assertEqual(out["settlement"]["success"], True)
        self.assertEqual(out["settlement"]["transaction"], tx)
        self.assertEqual(out["paid_requirements"]["amount"], str(PRICE + 1))
        self.assert_charged(before, 1, PRICE + 1)


def ensure_reference_client():
    """npm ci in tests/interop/x402 when node_modules is missing; a reason to skip, or None."""
    return npm_ci(INTEROP, os.path.join("node_modules", "@x402", "fetch"))
