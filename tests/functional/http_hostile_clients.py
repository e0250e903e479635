"""Hostile HTTP clients against each HTTP server of the project (lez-localnet, the x402 merchant,
the x402 facilitator), loopback only and bounded in time and count: ~300 connections sending a
byte a second, 256 idle connections, a client that pipelines requests and never reads the
answers, and a burst of 200 simultaneous connects. A well-behaved client must keep being served
within about a second, the server's RSS must stay bounded, lez-localnet must keep producing
blocks on schedule, and the listen backlog must match the connection cap (256)."""
import base64
import json
import os
import select
import socket
import subprocess
import threading
import time

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log

G = genesis_accounts()
CONNECTION_CAP = 256
SLOW_CLIENTS = 300
SLOW_SECONDS = 5
GOOD_LATENCY_S = 1.0
RSS_CEILING_KB = 20 * 1024


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def http_once(port, request, timeout=5.0):
    """One request on a fresh connection; returns (status, seconds)."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
    return status, time.monotonic() - start


def listen_backlog(port):
    """The accept-queue limit of the listening socket (ss shows it as Send-Q)."""
    out = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout
    return int(out.split()[2])


class GoodClient:
    """Sends one request on a fresh connection every 100 ms and records status and latency."""

    def __init__(self, port, request):
        self.port, self.request = port, request
        self.results = []
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop_flag.is_set():
            try:
                self.results.append(http_once(self.port, self.request))
            except OSError as e:
                self.results.append((repr(e), 5.0))
            time.sleep(0.1)

    def stop(self):
        self.stop_flag.set()
        self.thread.join(timeout=10)
        return self.results


class HostileClientsMixin:
    def good_request(self, server):
        raise NotImplementedError

    def assert_good_client_served(self, results, what):
        self.assertTrue(results, f"{what}: the good client made no request")
        bad = [r for r in results if r[0] not in self.GOOD_STATUSES]
        worst = max(r[1] for r in results)
        log(f"{what}: good client {len(results)} requests, worst latency {worst * 1000:.0f} ms, failures {bad[:3]}")
        self.assertFalse(bad, f"{what}: good client refused or failed: {bad[:5]}")
        self.assertLess(worst, GOOD_LATENCY_S, f"{what}: good client waited {worst:.2f} s")

    def slowloris(self, port, pid, request):
        log(f"slowloris: {SLOW_CLIENTS} connections sending a byte a second for {SLOW_SECONDS} s")
        head = b"GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: " + b"a" * 200
        socks = []
        for _ in range(SLOW_CLIENTS):
            try:
                socks.append(socket.create_connection(("127.0.0.1", port), timeout=2))
            except OSError:
                pass
        good = GoodClient(port, request)
        try:
            for second in range(SLOW_SECONDS):
                for s in socks:
                    try:
                        s.send(head[second:second + 1])
                    except OSError:
                        pass
                time.sleep(1)
        finally:
            results = good.stop()
            for s in socks:
                s.close()
        log(f"slowloris: RSS {rss_kb(pid)} kB")
        self.assert_good_client_served(results, "slowloris")

    def idle_connections(self, port, request):
        log(f"{CONNECTION_CAP} idle connections, then a good client")
        socks = [socket.create_connection(("127.0.0.1", port), timeout=2) for _ in range(CONNECTION_CAP)]
        try:
            time.sleep(0.3)
            results = [http_once(port, request) for _ in range(5)]
        finally:
            for s in socks:
                s.close()
        self.assert_good_client_served(results, "idle")

    def unread_pipeline(self, port, pid, request, count, seconds=3.0):
        """Pipelines `count` requests (as many as the server accepts in `seconds`) and reads nothing."""
        before = rss_kb(pid)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", port))
        s.setblocking(False)
        payload = request * count
        sent, deadline, peak = 0, time.monotonic() + seconds, before
        while time.monotonic() < deadline:
            if sent < len(payload):
                _, writable, _ = select.select([], [s], [], 0.05)
                if writable:
                    try:
                        sent += s.send(payload[sent:sent + 65536])
                    except BlockingIOError:
                        pass
            else:
                time.sleep(0.05)
            peak = max(peak, rss_kb(pid))
        s.close()
        after = rss_kb(pid)
        log(f"unread pipeline: sent {sent} of {len(payload)} bytes ({sent // len(request)} requests); "
            f"RSS before {before} kB, peak {peak} kB, after {after} kB")
        self.assertLess(peak - before, RSS_CEILING_KB, f"RSS grew by {(peak - before) // 1024} MB")

    def burst(self, port, request, count=200):
        log(f"{count} simultaneous connects, each sends one request")
        socks = []
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            socks.append(s)
        failures, statuses = [], {}
        deadline = time.monotonic() + 10
        for s in socks:
            try:
                select.select([], [s], [], max(0.0, deadline - time.monotonic()))
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    failures.append(os.strerror(err))
                    continue
                s.setblocking(True)
                s.settimeout(max(0.1, deadline - time.monotonic()))
                s.sendall(request)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                st = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
                statuses[st] = statuses.get(st, 0) + 1
            except OSError as e:
                failures.append(repr(e))
            finally:
                s.close()
        log(f"burst: statuses {statuses}, failures {len(failures)} {failures[:3]}")
        self.assertFalse(failures, f"connects or requests failed: {failures[:5]}")
        self.assertEqual(sum(n for st, n in statuses.items() if st in self.GOOD_STATUSES), count, statuses)
        self.assertEqual(listen_backlog(port), CONNECTION_CAP)

    def run_all(self, name, port, pid, request, pipeline_request, pipeline_count):
        log(f"{name}: port {port}, pid {pid}, RSS {rss_kb(pid)} kB")
        rss_before = rss_kb(pid)
        self.burst(port, request)
        self.idle_connections(port, request)
        self.slowloris(port, pid, request)
        self.unread_pipeline(port, pid, pipeline_request, pipeline_count)
        log(f"{name}: RSS before the hostile clients {rss_before} kB, after {rss_kb(pid)} kB")


def rpc_request(method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    return b"POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: " + \
        str(len(body)).encode() + b"\r\n\r\n" + body


class LocalnetHostileClients(HostileClientsMixin, DaemonTestCase):
    GOOD_STATUSES = (200,)
    INTERVAL_MS = 100

    def test_localnet_serves_and_produces_blocks_under_hostile_clients(self):
        net = self.start_localnet(interval_ms=self.INTERVAL_MS)
        pid = net.proc.pid
        time.sleep(1.0)  # some blocks, so that getBlockRange answers are large
        height = net.rpc("getLastBlockId")
        greedy = rpc_request("getBlockRange", [1, max(1, height)])
        blocks = BlockWatch(net)
        first = net.rpc("getLastBlockId")
        self.run_all("lez-localnet", net.port, pid, rpc_request("getLastBlockId", []), greedy, 20000)
        last = net.rpc("getLastBlockId")
        seen = blocks.stop()
        # Production is read from the blocks themselves (each header carries the sequencer's clock
        # when it was built), not from a client's polls: a poll whose SYN the kernel dropped while
        # the accept queue was full (the connect burst) waits for the SYN retransmission, one
        # second, although no block was late.
        stamps = block_timestamps(net, first, last)
        gaps = [b - a for a, b in zip(stamps, stamps[1:])] or [0]
        log(f"blocks {first}..{last} built during the hostile clients: worst gap between block timestamps {max(gaps)} ms, "
            f"mean {sum(gaps) / len(gaps):.0f} ms (interval {self.INTERVAL_MS} ms); a polling client saw a worst gap of "
            f"{max(seen)} ms between new heights")
        self.assertGreater(len(stamps), 10, "blocks were built while the hostile clients ran")
        self.assertLess(max(gaps), 5 * self.INTERVAL_MS, "block production stalled")


def block_timestamps(net, first, last):
    """The header timestamps (ms) of blocks first..last: base64 Borsh blocks whose header is
    block_id u64, prev_block_hash[32], hash[32], timestamp u64 (lez.md, BlockHeader)."""
    out = []
    for start in range(first, last + 1, 1000):  # the localnet answers at most 1000 blocks a call
        for b64 in net.rpc("getBlockRange", [start, min(last, start + 999)]):
            raw = base64.b64decode(b64)
            out.append(int.from_bytes(raw[72:80], "little"))
    return out


class BlockWatch:
    """Polls getLastBlockId on a keep-alive-free connection and records the gaps between new heights."""

    def __init__(self, net):
        self.port = net.port
        self.gaps, self.last_height, self.last_change = [], None, None
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        req = rpc_request("getLastBlockId", [])
        while not self.stop_flag.is_set():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                    s.sendall(req)
                    data = b""
                    while True:
                        chunk = s.recv(65536)
                        data += chunk
                        if not chunk or (b"\r\n\r\n" in data and data.rstrip().endswith(b"}")):
                            break
                height = json.loads(data.split(b"\r\n\r\n", 1)[1])["result"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.02)
                continue
            now = time.monotonic()
            if height != self.last_height:
                if self.last_change is not None:
                    self.gaps.append(round((now - self.last_change) * 1000))
                self.last_height, self.last_change = height, now
            time.sleep(0.02)

    def stop(self):
        self.stop_flag.set()
        self.thread.join(timeout=10)
        return self.gaps or [0]


class X402HostileClients(HostileClientsMixin, DaemonTestCase):
    GOOD_STATUSES = (200, 402)

    def test_merchant_and_facilitator_serve_under_hostile_clients(self):
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        net = self.start_localnet(interval_ms=100)
        node = self.start_daemon("provider", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "delivery_module", "x402_module"):
            node.load(m)
        self.assert_ok(node.call("wallet_module", "configure", net.url))
        fac = self.assert_ok(node.call("x402_module", "startFacilitator", "json:{}"))["result"]
        resources = [{"path": "/weather", "price": "25", "payTo": G["merchant"]["account_id"], "description": "weather",
                      "mimeType": "application/json", "maxTimeoutSeconds": 60, "body": {"forecast": "sunny"}}]
        merchant = self.assert_ok(node.call("x402_module", "startMerchant",
                                            "json:" + json.dumps({"port": 0, "facilitator_url": fac["url"],
                                                                  "resources": resources})))["result"]
        pid = node.module_pid("x402_module")
        fac_port = int(fac["url"].rsplit(":", 1)[1].split("/")[0])
        merchant_port = int(merchant["url"].rsplit(":", 1)[1].split("/")[0])
        weather = b"GET /weather HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n"
        supported = b"GET /supported HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n"

        log("a 503 the merchant makes itself carries CORS and Retry-After")
        self.merchant_overload_answer_has_cors(merchant_port)
        self.run_all("merchant", merchant_port, pid, weather, weather, 60000)
        self.run_all("facilitator", fac_port, pid, supported, supported, 60000)

    def merchant_overload_answer_has_cors(self, port):
        # A request whose head never ends answers 408 at the deadline; checked here through an
        # oversized head instead (431 at once), which goes through the same self-answer path.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"GET /weather HTTP/1.1\r\nhost: 127.0.0.1\r\nx-big: " + b"a" * (70 * 1024) + b"\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        head = data.split(b"\r\n\r\n", 1)[0].lower()
        log(f"oversized head answered: {head.splitlines()[0] if head else b''!r}")
        self.assertTrue(head.startswith(b"http/1.1 431"), head)
        self.assertIn(b"access-control-allow-origin: *", head)
        self.assertIn(b"access-control-expose-headers: payment-required, payment-response, x-payment-error", head)
