"""The upstream Python wrapper's contract (logos-core.md §20) on each transport, local, tcp and tcp_ssl,
driven the way logos-logoscore-py drives logoscore: the daemon argv `-D --config-dir D -m M` plus
`--module-transport` for core_service (port 0) and capability_module (a fixed port), an isolated
HOME, readiness by state.json then `status`, client/config.json rewritten from state.json, the
test_fullapi_cpp calls and events, named tokens against the live daemon's dir, and `stop` with no
token. Also `stop` from another config dir over tcp, which must wait for the daemon to exit.
Loopback only; every wait is bounded."""
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import time
import unittest

from framework import BUILD_DIR, LOGOSCORE, TEST_MODULES, CliResult, DaemonTestCase, log

FULLAPI_MODULES = os.path.join(BUILD_DIR, "test-modules-fullapi")
MODULE = "test_fullapi_cpp"
INT64_MIN, INT64_MAX, UINT64_MAX = -(2 ** 63), 2 ** 63 - 1, 2 ** 64 - 1
NAMES = ("core_service", "capability_module")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_cert(directory):
    """Self-signed, CN=localhost, no SAN for 127.0.0.1: it verifies nowhere, as in the wrapper's runs."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True, timeout=60)
    return cert, key


def line_within(stream, seconds, what):
    ready, _, _ = select.select([stream], [], [], seconds)
    if not ready:
        raise AssertionError(f"nothing within {seconds} s: {what}")
    return stream.readline()


class WrappedDaemon:
    """One daemon as LogoscoreDaemon starts it, and the CLI as LogoscoreClient runs it."""

    def __init__(self, root, transport, cert=None, key=None):
        self.config_dir = os.path.join(root, "logoscore-cfg")
        self.home = os.path.join(root, "home")
        os.makedirs(self.config_dir)
        os.makedirs(self.home)
        self.transport = transport
        self.cap_port = free_port()
        self.argv = [LOGOSCORE, "-D", "--config-dir", self.config_dir, "-m", FULLAPI_MODULES]
        if transport != "local":
            for name, port in (("core_service", 0), ("capability_module", self.cap_port)):
                spec = f"{name}={transport},host=127.0.0.1,port={port},codec=json"
                if transport == "tcp_ssl":
                    spec += f",cert={cert},key={key}"
                self.argv += ["--module-transport", spec]
        self.log_path = os.path.join(root, "daemon.log")
        self.proc = None

    @property
    def state_path(self):
        return os.path.join(self.config_dir, "daemon", "state.json")

    def env(self, token=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOGOSCORE_")}
        env["HOME"] = self.home
        env["LOGOSCORE_CONFIG_DIR"] = self.config_dir
        if token is not None:
            env["LOGOSCORE_TOKEN"] = token
        return env

    def start(self):
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.argv, stdout=self._log, stderr=subprocess.STDOUT, env=self.env(),
                                     start_new_session=True)

    def cli(self, *args, token=None, timeout=30):
        """`--json` last, after any call arguments, as the wrapper puts it."""
        p = subprocess.run([LOGOSCORE, *args, "--json"], capture_output=True, text=True, timeout=timeout,
                           env=self.env(token))
        return CliResult(p.returncode, p.stdout, p.stderr)

    def auto_token(self):
        with open(os.path.join(self.config_dir, "client", "auto.json")) as f:
            return json.load(f)["token"]

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")[-3000:]

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        if self.proc is not None:
            self._log.close()


class HostWrapperConformance(DaemonTestCase):
    def wrapped(self, transport):
        """Started and ready the wrapper's way, within 15 s, with its client/config.json rewritten."""
        root = os.path.join(self.tmp, transport)
        cert = key = None
        if transport == "tcp_ssl":
            os.makedirs(root)
            cert, key = make_cert(root)
        d = WrappedDaemon(root, transport, cert, key)
        d.start()
        self.addCleanup(d.kill)
        deadline = time.monotonic() + 15
        state = None
        while time.monotonic() < deadline:
            self.assertIsNone(d.proc.poll(), f"daemon exited during startup: {d.read_log()}")
            if os.path.exists(d.state_path):
                with open(d.state_path) as f:
                    state = json.load(f)
                break
            time.sleep(0.05)
        self.assertIsNotNone(state, f"no state.json within 15 s: {d.read_log()}")
        modules = state["resolved"]["modules"]
        entries = {}
        for name in NAMES:
            listed = modules[name]["transports"]
            self.assertEqual(listed[0], {"protocol": "local"}, name)
            if transport == "local":
                self.assertEqual(len(listed), 1, listed)
                continue
            match = [t for t in listed if t.get("protocol") == transport]
            self.assertEqual(len(match), 1, listed)
            self.assertEqual((match[0]["host"], match[0]["codec"]), ("127.0.0.1", "json"))
            entry = {"transport": transport, "host": "127.0.0.1", "port": match[0]["port"], "codec": "json"}
            if transport == "tcp_ssl":
                entry["verify_peer"] = False
            entries[name] = entry
        if transport != "local":
            self.assertGreater(entries["core_service"]["port"], 0)
            self.assertEqual(entries["capability_module"]["port"], d.cap_port, "the fixed port is the bound one")
            path = os.path.join(d.config_dir, "client", "config.json")
            with open(path) as f:
                existing = json.load(f)
            existing["version"] = 2
            existing.setdefault("token_file", "auto.json")
            existing["daemon"] = entries
            with open(path, "w") as f:
                f.write(json.dumps(existing, indent=4) + "\n")
        st = d.cli("status", token=d.auto_token(), timeout=max(1.0, deadline - time.monotonic()))
        self.assertEqual(st.rc, 0, st)
        self.assertEqual(st.json["daemon"]["status"], "running")
        log(f"{transport}: ready, pid {d.proc.pid}, core_service {entries.get('core_service', 'local')}")
        return d

    def result(self, d, method, *args):
        r = d.cli("call", MODULE, method, *args, token=d.auto_token())
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.json["status"], "ok", r)
        return r.json["result"]

    def conformance(self, transport):
        d = self.wrapped(transport)
        token = d.auto_token()
        log("list-modules lists test_fullapi_cpp before it is loaded")
        mods = d.cli("list-modules", token=token)
        self.assertEqual(mods.rc, 0, mods)
        row = [m for m in mods.json if m["name"] == MODULE]
        self.assertEqual(len(row), 1, mods)
        self.assertNotEqual(row[0]["status"], "loaded")
        self.assertEqual(d.cli("load-module", MODULE, token=token).rc, 0)

        log("calls: 64-bit edges, bytes, null, lists, map, makeResult, triple")
        self.assertEqual(self.result(d, "echoInt", str(INT64_MIN)), INT64_MIN)
        self.assertEqual(self.result(d, "echoInt", str(INT64_MAX)), INT64_MAX)
        self.assertEqual(self.result(d, "echoUint", str(UINT64_MAX)), UINT64_MAX)
        self.assertEqual(self.result(d, "echoBytes", 'json:{"_bytes":"aGVsbG8="}'), {"_bytes": "aGVsbG8"})
        self.assertIsNone(self.result(d, "echoAny", "json:null"))
        self.assertEqual(self.result(d, "echoIntList", f"json:[{INT64_MIN},{INT64_MAX}]"), [INT64_MIN, INT64_MAX])
        self.assertEqual(self.result(d, "echoUintList", "json:[]"), [])
        nested = {"a": {"_bytes": "AQID"}, "b": [1, None], "c": None}
        self.assertEqual(self.result(d, "echoMap", "json:" + json.dumps(nested)), nested)
        self.assertEqual(self.result(d, "makeResult", "true"),
                         {"success": True, "value": {"ok": True, "provider": MODULE}, "error": None})
        self.assertEqual(self.result(d, "makeResult", "false"),
                         {"success": False, "value": None, "error": "deliberate error for testing"})
        self.assertEqual(self.result(d, "echoTriple", "-42", "0123", 'json:{"_bytes":"AP8Q"}'), "i=-42|s=0123|b=00ff10")
        bad = d.cli("call", MODULE, "echoUint", "-1", token=token)
        self.assertNotEqual(bad.rc, 0, bad)
        self.assertEqual(bad.json["code"], "INVALID_ARGS", bad)

        log("--verbose before the subcommand, --json last")
        v = d.cli("--verbose", "call", MODULE, "whoAmI", token=token)
        self.assertEqual((v.rc, v.json["result"]), (0, MODULE), v)

        log("watch --event tripleEvent over the transport")
        watcher = subprocess.Popen([LOGOSCORE, "watch", MODULE, "--event", "tripleEvent", "--json"], env=d.env(token),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(0.5)
            self.assertIs(self.result(d, "fireTripleEvent", str(INT64_MAX), "0123", 'json:{"_bytes":"aGk="}'), True)
            event = json.loads(line_within(watcher.stdout, 10, "tripleEvent"))
            self.assertEqual((event["module"], event["event"]), (MODULE, "tripleEvent"))
            self.assertEqual(event["data"], {"arg0": INT64_MAX, "arg1": "0123", "arg2": {"_bytes": "aGk"}})
        finally:
            watcher.send_signal(signal.SIGINT)
            watcher.wait(timeout=5)

        log("named tokens issued against the live daemon's dir")
        issued = d.cli("issue-token", "--name", "wrapper-ci")
        self.assertEqual(issued.rc, 0, issued)
        named = issued.json["token"]
        self.assertEqual(d.cli("list-modules", token=named).rc, 0, "a fresh named token authorizes at once")
        self.assertEqual(d.cli("call", MODULE, "whoAmI", token=named).json["result"], MODULE)
        self.assertEqual(d.cli("revoke-token", "wrapper-ci").rc, 0)
        self.expect_error(d.cli("list-modules", token=named), "UNAUTHORIZED", "token", exit_code=1)
        local_only = d.cli("issue-token", "--name", "same-host", "--local-only")
        self.assertEqual(local_only.rc, 0, local_only)
        r = d.cli("list-modules", token=local_only.json["token"])
        if transport == "local":
            self.assertEqual(r.rc, 0, r)
        else:
            self.expect_error(r, "UNAUTHORIZED", "local", exit_code=1)
            log(f"{transport}: the local-only token is refused, so these requests crossed the network")

        log("stop with no LOGOSCORE_TOKEN over the configured transport; the process is gone within 10 s")
        stopped = d.cli("stop")
        self.assertEqual(stopped.rc, 0, stopped)
        d.proc.wait(timeout=10)
        self.assertFalse(os.path.exists(d.state_path))

    def test_local(self):
        self.conformance("local")

    def test_tcp(self):
        self.conformance("tcp")

    def test_tcp_ssl(self):
        self.conformance("tcp_ssl")

    def test_stop_from_another_config_dir_waits_for_the_daemon_to_exit(self):
        port = free_port()
        node = self.start_daemon(extra_args=["--module-transport", f"core_service=tcp,port={port}"])
        node.load("test_echo")
        remote = os.path.join(self.tmp, "remote")
        os.makedirs(os.path.join(remote, "client"), mode=0o700)
        shutil.copy(os.path.join(node.config_dir, "client", "auto.json"), os.path.join(remote, "client", "auto.json"))
        with open(os.path.join(remote, "client", "config.json"), "w") as f:
            json.dump({"version": 2, "token_file": "auto.json",
                       "daemon": {n: {"transport": "tcp", "host": "127.0.0.1", "port": port} for n in NAMES}}, f)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOGOSCORE_")}
        env["LOGOSCORE_CONFIG_DIR"] = remote
        log("a 3 s call holds test_echo's thread, so the daemon needs about 3 s to unload and exit")
        busy = subprocess.Popen([LOGOSCORE, "call", "test_echo", "sleep", "3000", "--json"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            started = time.monotonic()
            p = subprocess.run([LOGOSCORE, "stop", "--json"], capture_output=True, text=True, timeout=20, env=env)
            waited = time.monotonic() - started
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(json.loads(p.stdout)["stopped"], True)
            time.sleep(0.2)
            self.assertIsNotNone(node.proc.poll(), f"stop answered after {waited:.1f} s with the daemon still running")
            self.assertGreater(waited, 1.5, "stop cannot be done before the busy module lets go")
            self.assertLess(waited, 10)
            log(f"stop over tcp returned after {waited:.1f} s, the daemon gone")
        finally:
            busy.wait(timeout=20)


if __name__ == "__main__":
    unittest.main()
