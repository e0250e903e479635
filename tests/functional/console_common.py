"""A stdlib HTTP client for console_module's API (docs/protocol.md "console_module"): one cookie
jar per client, the CSRF token from sign-in on every state-changing request, the console's own
Origin unless a test overrides it, and the Server-Sent Events stream read as it arrives. Not a test file."""
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

    def stream(self, after=None, timeout=30):
        """Opens /api/events and keeps it open: an EventStream."""
        return EventStream(self, after, timeout)

    def events(self, after=None, timeout=30):
        """The first events /api/events sends (the hello, or what follows `after`, waiting for one),
        then the stream is closed: (events [(id, name, data)], raw text)."""
        s = self.stream(after, timeout)
        try:
            out = [s.next()]
            out += s.buffered()
            return out, s.raw
        finally:
            s.close()

    def wait_event(self, after, predicate, timeout=60):
        """Reads one open event stream from `after` until an event satisfies `predicate`; answers
        (event, last id)."""
        s = self.stream(after, timeout)
        try:
            return s.wait(predicate)
        finally:
            s.close()


class EventStream:
    """One open Server-Sent Events answer of /api/events, read block by block as it arrives."""

    def __init__(self, client, after, timeout):
        headers = {"Last-Event-ID": str(after)} if after is not None else {}
        if client.cookie:
            headers["Cookie"] = f"lezpay_session={client.cookie}"
        self.conn = http.client.HTTPConnection(client.host, client.port, timeout=timeout)
        self.conn.request("GET", "/api/events", headers=headers)
        self.response = self.conn.getresponse()
        assert self.response.status == 200, (self.response.status, self.response.read()[:400])
        self.headers = {k.lower(): v for k, v in self.response.getheaders()}
        self.buf = ""
        self.raw = ""
        self.comments = 0
        self.last = after or 0

    def _block(self):
        while "\n\n" not in self.buf:
            chunk = self.response.read1(65536)
            if not chunk:
                raise EOFError("the event stream ended")
            text = chunk.decode()
            self.buf += text
            self.raw += text
        block, _, self.buf = self.buf.partition("\n\n")
        return block

    @staticmethod
    def _parse(block):
        fields = {}
        comment = False
        for line in block.split("\n"):
            if line.startswith(":"):
                comment = True
                continue
            if ":" not in line:
                continue
            k, _, v = line.partition(":")
            fields[k] = v[1:] if v.startswith(" ") else v
        if "event" in fields:
            return (int(fields.get("id", "0")), fields["event"], json.loads(fields.get("data", "null"))), comment
        return None, comment

    def next(self):
        """The next event (id, name, data); comment lines (heartbeats) are counted and skipped."""
        while True:
            event, comment = self._parse(self._block())
            self.comments += comment
            if event:
                self.last = max(self.last, event[0])
                return event

    def buffered(self):
        """Events already received and not yet read, without waiting."""
        out = []
        while "\n\n" in self.buf:
            block, _, self.buf = self.buf.partition("\n\n")
            event, comment = self._parse(block)
            self.comments += comment
            if event:
                self.last = max(self.last, event[0])
                out.append(event)
        return out

    def wait(self, predicate):
        while True:
            e = self.next()
            if predicate(e):
                log(f"event {e[1]} {e[2]}")
                return e, self.last

    def close(self):
        self.conn.close()
