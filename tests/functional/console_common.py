"""A stdlib HTTP client for console_module's API (docs/protocol.md "console_module"): one cookie
jar per client, the CSRF token from sign-in on every state-changing request, the console's own
Origin unless a test overrides it, and Server-Sent Events read turn by turn. Not a test file."""
import http.client
import json
import urllib.parse

from framework import log


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # lower-case name -> list of values
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def header(self, name):
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def __repr__(self):
        return f"HTTP {self.status} {self.body[:400]!r}"


class ConsoleClient:
    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.origin = f"http://{u.hostname}:{u.port}"
        self.cookie = None
        self.csrf = None
        self.principal = None

    def request(self, method, path, body=None, raw=None, origin=True, csrf=True, headers=None, timeout=60):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = f"lezpay_session={self.cookie}"
        if method in ("POST", "PUT", "DELETE", "PATCH"):
            if origin is True:
                h["Origin"] = self.origin
            elif origin:
                h["Origin"] = origin
            if csrf is True and self.csrf:
                h["X-CSRF-Token"] = self.csrf
            elif isinstance(csrf, str):
                h["X-CSRF-Token"] = csrf
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if data is not None:
            h["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            headers = {}
            for k, v in r.getheaders():
                headers.setdefault(k.lower(), []).append(v)
            answer = Answer(r.status, headers, r.read())
        finally:
            conn.close()
        for c in answer.headers.get("set-cookie", []):
            name, _, rest = c.partition("=")
            if name == "lezpay_session":
                value = rest.split(";", 1)[0]
                self.cookie = value or None
        return answer

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body if body is not None else {}, **kw)

    def sign_in(self, token=None, password=None):
        body = {"token": token} if token is not None else {"password": password}
        a = self.post("/api/session", body)
        if a.status == 200:
            self.csrf = a.json["csrf"]
            self.principal = a.json["principal"]
        return a

    def events(self, after=None, timeout=30):
        """One turn of /api/events: (events [(id, name, data)], raw text)."""
        headers = {"Last-Event-ID": str(after)} if after is not None else {}
        a = self.get("/api/events", headers=headers, timeout=timeout)
        assert a.status == 200, a
        out = []
        for block in a.body.decode().split("\n\n"):
            fields = {}
            for line in block.split("\n"):
                if line.startswith(":") or ":" not in line:
                    continue
                k, _, v = line.partition(":")
                fields[k] = v[1:] if v.startswith(" ") else v
            if "event" in fields:
                out.append((int(fields.get("id", "0")), fields["event"], json.loads(fields.get("data", "null"))))
        return out, a.body.decode()

    def wait_event(self, after, predicate, turns=6):
        """Reads turns from `after` until an event satisfies `predicate`; answers (event, last id)."""
        last = after
        for _ in range(turns):
            events, _ = self.events(after=last)
            for e in events:
                last = max(last, e[0])
                if predicate(e):
                    log(f"event {e[1]} {e[2]}")
                    return e, last
        raise AssertionError(f"no matching event after id {after} in {turns} turns")
