#!/usr/bin/env python3
"""Unpaid x402 402 answers: our merchant against the reference @x402/express server. Prints
figures, asserts only that both answered 402.

Starts lez-localnet and a provider daemon from LEZPAY_BUILD_DIR (default build/) with wallet,
delivery and x402 (facilitator + merchant selling /weather), and, when Node and npm are on PATH,
the reference server bench/x402/reference/server.mjs (@x402/express pinned by its package-lock.json,
installed with `npm ci` on first use) selling the same resource on the merchant's own price terms
(its `accepts[0]`, facilitator = ours, asked for /supported once at start). Then loads each with
  wrk -c<connections> -t<threads> -d<seconds>s --latency GET /weather
(Debian package `wrk`) and prints requests/s, p50 and p99 for each and our/reference ratios.
Without wrk, a Python load generator (one process per core, non-blocking keep-alive connections,
same connection count) measures the same figures, which are then a floor set by Python.

Usage: unpaid_402_bench.py [seconds=10] [connections=32] [threads=2]
"""
import json
import os
import re
import selectors
import shutil
import socket
import subprocess
import sys
import threading
import time
import unittest
from multiprocessing import Pool

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "functional"))

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log  # noqa: E402

REFERENCE = os.path.join(HERE, "reference")
G = genesis_accounts()

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * _UNIT_MS[m.group(2)]


def wrk(url, seconds, connections, threads):
    """Runs wrk and answers {rps, p50, p99, non2xx3xx, errors} (latencies in ms)."""
    out = subprocess.run(["wrk", f"-c{connections}", f"-t{threads}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    fig = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for q in ("50", "99"):
        fig["p" + q] = _ms(re.search(rf"^\s+{q}%\s+(\S+)", out, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    fig["answers"] = int(re.search(r"(\d+) requests in", out).group(1))
    fig["non2xx3xx"] = int(bad.group(1)) if bad else 0
    errs = re.search(r"Socket errors:.*", out)
    fig["errors"] = errs.group(0) if errs else ""
    return fig


def _drive(args):
    """One load process: `n` keep-alive connections, each sending the next GET as soon as the
    previous answer is complete; answers the per-request latencies (ms) and the statuses seen."""
    host, port, path, n, seconds = args
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    sel = selectors.DefaultSelector()
    conns = []
    for _ in range(n):
        s = socket.create_connection((host, port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.setblocking(False)
        c = {"sock": s, "buf": b"", "t0": 0.0}
        conns.append(c)
        sel.register(s, selectors.EVENT_READ, c)
    latencies, statuses = [], {}
    stop = time.perf_counter() + seconds
    for c in conns:
        c["t0"] = time.perf_counter()
        c["sock"].sendall(request)
    while time.perf_counter() < stop:
        for key, _ in sel.select(timeout=1.0):
            c = key.data
            chunk = c["sock"].recv(65536)
            if not chunk:
                raise RuntimeError("the server closed a keep-alive connection")
            c["buf"] += chunk
            while True:
                head_end = c["buf"].find(b"\r\n\r\n")
                if head_end < 0:
                    break
                head = c["buf"][:head_end].decode("latin-1")
                length = int(re.search(r"(?im)^content-length:\s*(\d+)", head).group(1))
                if len(c["buf"]) < head_end + 4 + length:
                    break
                now = time.perf_counter()
                latencies.append((now - c["t0"]) * 1000)
                status = int(head.split(" ", 2)[1])
                statuses[status] = statuses.get(status, 0) + 1
                c["buf"] = c["buf"][head_end + 4 + length:]
                c["t0"] = now
                c["sock"].sendall(request)
    for c in conns:
        c["sock"].close()
    return latencies, statuses


def python_load(url, seconds, connections):
    m = re.fullmatch(r"http://([^:/]+):(\d+)(/.*)", url)
    host, port, path = m.group(1), int(m.group(2)), m.group(3)
    procs = max(1, min(os.cpu_count() or 1, connections))
    shares = [connections // procs + (1 if i < connections % procs else 0) for i in range(procs)]
    t0 = time.perf_counter()
    with Pool(procs) as pool:
        parts = pool.map(_drive, [(host, port, path, n, seconds) for n in shares])
    elapsed = time.perf_counter() - t0
    lat = sorted(x for p in parts for x in p[0])
    statuses = {}
    for _, st in parts:
        for k, v in st.items():
            statuses[k] = statuses.get(k, 0) + v
    pct = lambda q: lat[int(q * (len(lat) - 1))]  # noqa: E731
    return {"rps": len(lat) / elapsed, "p50": pct(0.50), "p99": pct(0.99), "answers": len(lat),
            "non2xx3xx": sum(v for k, v in statuses.items() if k >= 400), "errors": ""}


def start_reference(requirements, description, mime_type, facilitator_url):
    """Starts the @x402/express server; answers (process, url) or (None, reason)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None, "node or npm is not on PATH"
    if not os.path.isdir(os.path.join(REFERENCE, "node_modules", "@x402", "express")):
        log("npm ci in bench/x402/reference (first run)")
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=REFERENCE, capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            return None, "npm ci failed: " + (r.stderr or r.stdout).strip()[-400:]
    spec = {"port": 0, "path": "/weather", "description": description, "mimeType": mime_type,
            "requirements": requirements, "facilitatorUrl": facilitator_url}
    proc = subprocess.Popen([node, os.path.join(REFERENCE, "server.mjs"), json.dumps(spec)], cwd=REFERENCE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    # Whatever it prints later is drained, so a full pipe never stalls it mid-run.
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    try:
        return proc, json.loads(line)["url"]
    except (ValueError, KeyError):
        proc.kill()
        return None, "the reference server did not start: " + line.strip()


class Bench(DaemonTestCase):
    SECONDS = 10
    CONNECTIONS = 32
    THREADS = 2
    PRICE = 3

    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        self.net = self.start_localnet(interval_ms=100)
        self.provider = self.start_daemon("provider", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "delivery_module", "x402_module"):
            self.provider.load(m)
        self.ok("wallet_module", "configure", self.net.url)
        self.reference = None

    def tearDown(self):
        if self.reference is not None:
            self.reference.terminate()
            self.reference.wait(timeout=10)
        super().tearDown()

    def ok(self, module, op, *args):
        return self.assert_ok(self.provider.call(module, op, *args, timeout=60))["result"]

    def measure(self, url):
        if shutil.which("wrk"):
            return wrk(url, self.SECONDS, self.CONNECTIONS, self.THREADS)
        return python_load(url, self.SECONDS, self.CONNECTIONS)

    def test_bench(self):
        fac = self.ok("x402_module", "startFacilitator", "json:{}")
        resource = {"path": "/weather", "price": str(self.PRICE), "payTo": G["merchant"]["account_id"],
                    "description": "today's weather", "mimeType": "application/json", "maxTimeoutSeconds": 60,
                    "body": {"forecast": "sunny", "celsius": 21}}
        merchant = self.ok("x402_module", "startMerchant",
                           "json:" + json.dumps({"port": 0, "facilitator_url": fac["url"], "resources": [resource]}))
        terms = merchant["resources"][0]
        targets = [("lez-pay merchant", merchant["url"] + "/weather")]
        proc, ref = start_reference(terms["requirements"], terms["description"], terms["mimeType"], fac["url"])
        if proc is None:
            print(f"reference @x402/express server not run: {ref}")
        else:
            self.reference = proc
            targets.append(("@x402/express", ref + "/weather"))

        tool = "wrk" if shutil.which("wrk") else "python fallback (wrk is not installed: apt-get install wrk)"
        print(f"unpaid GET /weather, {self.CONNECTIONS} keep-alive connections, {self.SECONDS} s, load by {tool}; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other processes share them)")
        figures = {}
        for name, url in targets:
            for status in self.status_of(url):
                self.assertEqual(status, 402, f"{name} did not answer 402")
            fig = self.measure(url)
            figures[name] = fig
            print(f"  {name:18} {fig['rps']:>10,.0f} req/s   p50 {fig['p50']:6.2f} ms   p99 {fig['p99']:6.2f} ms"
                  f"   ({fig['answers']} answers, {fig['non2xx3xx']} non-2xx{', ' + fig['errors'] if fig['errors'] else ''})")
        if len(figures) == 2:
            ours, theirs = figures["lez-pay merchant"], figures["@x402/express"]
            print(f"  ratio ours/reference: {ours['rps'] / theirs['rps']:.2f}x req/s, p50 {ours['p50'] / theirs['p50']:.2f}x, "
                  f"p99 {ours['p99'] / theirs['p99']:.2f}x")

    def status_of(self, url):
        import http.client
        import urllib.parse
        u = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        try:
            conn.request("GET", u.path)
            r = conn.getresponse()
            r.read()
            return [r.status]
        finally:
            conn.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if len(args) > 0:
        Bench.SECONDS = int(args[0])
    if len(args) > 1:
        Bench.CONNECTIONS = int(args[1])
    if len(args) > 2:
        Bench.THREADS = int(args[2])
    suite = unittest.TestLoader().loadTestsFromTestCase(Bench)
    result = unittest.TextTestRunner(verbosity=0).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
