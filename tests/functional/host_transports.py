"""logoscore network transports (logos-core.md §15): TCP and TLS listeners, the client's endpoint
from client/config.json v2, flags and LOGOSCORE_CLIENT_* variables, the guard on plaintext tcp,
state.json's resolved transports, and no silent fall back to the local socket. Loopback only."""
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
import unittest

from framework import LOGOSCORE, TEST_MODULES, CliResult, DaemonTestCase, log


def free_port():
    """A loopback port nothing listens on (bound, then closed: a connect there is refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_cert(directory, san="IP:127.0.0.1"):
    """A self-signed certificate and key made with the openssl command; answers (cert, key)."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost", "-addext", f"subjectAltName={san}"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def v2_config(endpoint, token_file="auto.json"):
    return {"version": 2, "token_file": token_file, "daemon": {"core_service": endpoint, "capability_module": endpoint}}


class HostTransports(DaemonTestCase):
    def state(self, node):
        with open(node.state_path) as f:
            return json.load(f)

    def transports(self, node, module="core_service"):
        return self.state(node)["resolved"]["modules"][module]["transports"]

    def remote_client_dir(self, node, name, config=None):
        """A client config dir with no daemon socket in it: only the daemon's token file and,
        when given, client/config.json. A command that succeeds from it went over the network."""
        d = os.path.join(self.tmp, name)
        os.makedirs(os.path.join(d, "client"), mode=0o700)
        shutil.copy(os.path.join(node.config_dir, "client", "auto.json"), os.path.join(d, "client", "auto.json"))
        if config is not None:
            with open(os.path.join(d, "client", "config.json"), "w") as f:
                json.dump(config, f)
        return d

    def client(self, config_dir, *args, env_extra=None, timeout=30):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOGOSCORE_")}
        env["LOGOSCORE_CONFIG_DIR"] = config_dir
        env.update(env_extra or {})
        p = subprocess.run([LOGOSCORE, *args, "--json"], capture_output=True, text=True, timeout=timeout, env=env)
        return CliResult(p.returncode, p.stdout, p.stderr)

    def start_failing(self, name, *extra):
        """Runs a daemon that must refuse to start: answers (exit code, log); no state.json left."""
        root = os.path.join(self.tmp, name)
        config = os.path.join(root, "c")
        os.makedirs(root)
        args = [LOGOSCORE, "-D", "--config-dir", config, "--persistence-path", os.path.join(root, "p"), "-m", TEST_MODULES,
                *extra]
        p = subprocess.run(args, capture_output=True, text=True, timeout=20)
        self.assertFalse(os.path.exists(os.path.join(config, "daemon", "state.json")), "state.json left behind")
        return p.returncode, p.stderr

    def terminate(self, node):
        """SIGTERM: a clean stop that needs no client (the client config may point elsewhere)."""
        node.proc.terminate()
        node.proc.wait(timeout=15)
        node._log.close()
        node.proc = None
        self.assertFalse(os.path.exists(node.state_path))

    def check_commands(self, config_dir, node, env_extra=None, extra_args=()):
        """status, list-modules, call and watch from `config_dir`."""
        st = self.client(config_dir, *extra_args, "status", env_extra=env_extra)
        self.assertEqual(st.rc, 0, st)
        self.assertEqual(st.json["daemon"]["status"], "running")
        self.assertEqual(st.json["daemon"]["pid"], node.proc.pid)
        mods = self.client(config_dir, *extra_args, "list-modules", env_extra=env_extra)
        self.assertEqual(mods.rc, 0, mods)
        self.assertIn("test_echo", [m["name"] for m in mods.json])
        self.assertEqual(self.client(config_dir, *extra_args, "load-module", "test_echo", env_extra=env_extra).rc, 0)
        call = self.assert_ok(self.client(config_dir, *extra_args, "call", "test_echo", "echo", "str:over the wire",
                                          env_extra=env_extra))
        self.assertEqual(call["result"]["value"], "over the wire")
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOGOSCORE_")}
        env.update(LOGOSCORE_CONFIG_DIR=config_dir, **(env_extra or {}))
        watcher = subprocess.Popen([LOGOSCORE, *extra_args, "watch", "test_echo", "--event", "echoed"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(0.4)
            self.assert_ok(self.client(config_dir, *extra_args, "call", "test_echo", "emit", "echoed", 'json:{"n":7}',
                                       env_extra=env_extra))
            event = json.loads(watcher.stdout.readline())
            self.assertEqual((event["event"], event["data"]), ("echoed", {"arg0": {"n": 7}}))
        finally:
            watcher.send_signal(signal.SIGINT)
            watcher.wait(timeout=5)

    def test_tcp_listener_via_config_flags_and_env(self):
        node = self.start_daemon(extra_args=["--module-transport", "core_service=tcp,host=127.0.0.1,port=0,codec=json",
                                             "--module-transport", "capability_module=tcp,port=0"])
        state = self.state(node)
        self.assertRegex(state["instance_id"], r"^[0-9a-f]{12}$")
        core, cap = self.transports(node), self.transports(node, "capability_module")
        self.assertEqual(core[0], {"protocol": "local"})
        self.assertEqual(set(core[1]), {"protocol", "host", "port", "codec"})
        self.assertEqual((core[1]["protocol"], core[1]["host"], core[1]["codec"]), ("tcp", "127.0.0.1", "json"))
        self.assertGreater(core[1]["port"], 0)
        self.assertGreater(cap[1]["port"], 0)
        self.assertNotEqual(core[1]["port"], cap[1]["port"])
        port = core[1]["port"]
        log(f"tcp listener on {port}; via client/config.json v2")
        via_file = self.remote_client_dir(node, "via-file", v2_config(
            {"transport": "tcp", "host": "127.0.0.1", "port": port, "codec": "json"}))
        self.check_commands(via_file, node)
        log("via flags")
        bare = self.remote_client_dir(node, "via-flags")
        self.check_commands(bare, node, extra_args=("--client-transport", "tcp", "--client-tcp-host", "127.0.0.1",
                                                    "--client-tcp-port", str(port)))
        log("via LOGOSCORE_CLIENT_* variables")
        self.check_commands(bare, node, env_extra={"LOGOSCORE_CLIENT_TRANSPORT": "tcp",
                                                   "LOGOSCORE_CLIENT_TCP_HOST": "127.0.0.1",
                                                   "LOGOSCORE_CLIENT_TCP_PORT": str(port)})
        log("--token-file / LOGOSCORE_CLIENT_TOKEN_FILE name the token file under client/")
        named = self.remote_client_dir(node, "named-token", v2_config({"transport": "tcp", "host": "127.0.0.1",
                                                                       "port": port}))
        os.rename(os.path.join(named, "client", "auto.json"), os.path.join(named, "client", "ci.json"))
        self.expect_error(self.client(named, "list-modules"), "UNAUTHORIZED", "no client token", exit_code=1)
        self.assertEqual(self.client(named, "--token-file", "ci.json", "list-modules").rc, 0)
        self.assertEqual(self.client(named, "list-modules", env_extra={"LOGOSCORE_CLIENT_TOKEN_FILE": "ci.json"}).rc, 0)
        self.expect_error(self.client(named, "--token-file", "../ci.json", "list-modules"), "INVALID_CONFIG",
                          "no directory part", exit_code=1)
        log("a flag beats the variable: the variable's port is closed, the flag's is the daemon's")
        st = self.client(bare, "--client-tcp-port", str(port), "status",
                         env_extra={"LOGOSCORE_CLIENT_TRANSPORT": "tcp", "LOGOSCORE_CLIENT_TCP_HOST": "127.0.0.1",
                                    "LOGOSCORE_CLIENT_TCP_PORT": str(free_port())})
        self.assertEqual(st.rc, 0, st)

    def test_tls_listener_and_peer_verification(self):
        cert, key = make_cert(self.tmp)
        node = self.start_daemon(extra_args=["--module-transport", f"core_service=tcp_ssl,host=127.0.0.1,port=0,codec=json,cert={cert},key={key}"])
        entry = self.transports(node)[1]
        self.assertEqual(set(entry), {"protocol", "host", "port", "codec", "verify_peer"})
        self.assertEqual((entry["protocol"], entry["verify_peer"]), ("tcp_ssl", True))
        with open(node.state_path) as f:
            text = f.read()
        self.assertNotIn(cert, text)
        self.assertNotIn(key, text)
        port = entry["port"]
        tls = {"transport": "tcp_ssl", "host": "127.0.0.1", "port": port, "codec": "json"}
        log("verify_peer false: encrypted, unverified (the wrapper's way)")
        unverified = self.remote_client_dir(node, "tls-noverify", v2_config(dict(tls, verify_peer=False)))
        self.check_commands(unverified, node)
        log("verify_peer true with --ssl-ca = the certificate; its SAN holds 127.0.0.1")
        verified = self.remote_client_dir(node, "tls-verify", v2_config(dict(tls, verify_peer=True)))
        st = self.client(verified, "--ssl-ca", cert, "status")
        self.assertEqual(st.rc, 0, st)
        self.assertEqual(self.client(verified, "status", env_extra={"LOGOSCORE_CLIENT_SSL_CA": cert}).rc, 0)
        log("verify_peer true without the CA: unreachable, never the local socket")
        r = self.client(verified, "list-modules")
        self.expect_error(r, "NO_DAEMON", "tls", exit_code=2)
        st = self.client(verified, "status")
        self.assertEqual(st.rc, 1, st)
        self.assertEqual(st.json["daemon"]["status"], "not_running")
        self.assertIn("--ssl-ca", st.json["daemon"]["reason"])
        log("--no-verify-peer overrides the file")
        self.assertEqual(self.client(verified, "--no-verify-peer", "status").rc, 0)
        log("plain tcp against the TLS port fails as unreachable or as a failed exchange, never succeeds")
        r = self.client(verified, "--client-transport", "tcp", "list-modules", timeout=30)
        self.assertNotEqual(r.rc, 0, r)

    def test_tls_hostname_mismatch_is_unreachable(self):
        cert, key = make_cert(self.tmp, san="DNS:elsewhere.example")
        node = self.start_daemon(extra_args=["--module-transport", f"core_service=tcp_ssl,port=0,cert={cert},key={key}"])
        port = self.transports(node)[1]["port"]
        d = self.remote_client_dir(node, "mismatch", v2_config({"transport": "tcp_ssl", "host": "127.0.0.1", "port": port}))
        r = self.client(d, "--ssl-ca", cert, "call", "test_echo", "echo", "1")
        self.expect_error(r, "NO_DAEMON", "127.0.0.1", exit_code=2)

    def test_unreachable_tcp_config_never_falls_back_to_the_local_socket(self):
        node = self.start_daemon()
        closed = free_port()
        with open(os.path.join(node.config_dir, "client", "config.json"), "w") as f:
            json.dump(v2_config({"transport": "tcp", "host": "127.0.0.1", "port": closed}), f)
        log(f"the local daemon runs; client/config.json points at closed port {closed}")
        r = node.cli("list-modules")
        self.expect_error(r, "NO_DAEMON", f"127.0.0.1:{closed}", exit_code=2)
        r = node.cli("call", "test_echo", "echo", "1")
        self.expect_error(r, "NO_DAEMON", "no daemon answers", exit_code=2)
        st = node.cli("status")
        self.assertEqual(st.rc, 1, st)
        self.assertEqual(st.json["daemon"]["status"], "not_running")
        self.assertIn(str(closed), st.json["daemon"]["reason"])
        log("a tcp entry without a port is unreachable too")
        with open(os.path.join(node.config_dir, "client", "config.json"), "w") as f:
            json.dump(v2_config({"transport": "tcp", "host": "127.0.0.1"}), f)
        self.expect_error(node.cli("list-modules"), "NO_DAEMON", "no host or port", exit_code=2)
        log("an invalid file is an error naming the key, not the local socket")
        with open(os.path.join(node.config_dir, "client", "config.json"), "w") as f:
            json.dump(v2_config({"transport": "udp"}), f)
        self.expect_error(node.cli("list-modules"), "INVALID_CONFIG", "transport 'udp'", exit_code=1)
        with open(os.path.join(node.config_dir, "client", "config.json"), "w") as f:
            json.dump({"version": 3, "daemon": {"core_service": {"transport": "local"}}}, f)
        self.expect_error(node.cli("status"), "INVALID_CONFIG", "version 3", exit_code=1)
        os.unlink(os.path.join(node.config_dir, "client", "config.json"))
        self.expect_error(node.cli("--client-codec", "xml", "status"), "INVALID_CONFIG", "--client-codec", exit_code=1)
        log("codec cbor on the client: refused as unreachable, never sent as json")
        self.expect_error(node.cli("--client-transport", "tcp", "--client-tcp-host", "127.0.0.1", "--client-tcp-port",
                                   str(closed), "--client-codec", "cbor", "list-modules"), "NO_DAEMON", "codec cbor",
                          exit_code=2)
        self.assertEqual(node.cli("status").rc, 0)

    def test_a_silent_peer_times_out_as_unreachable(self):
        node = self.start_daemon()
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(4)
            port = silent.getsockname()[1]
            log(f"a listener on {port} that accepts (kernel backlog) and never speaks: TLS cannot complete")
            started = time.time()
            r = node.cli("--client-transport", "tcp_ssl", "--client-tcp-host", "127.0.0.1", "--client-tcp-port",
                         str(port), "list-modules", timeout=20)
            self.expect_error(r, "NO_DAEMON", f"127.0.0.1:{port}", exit_code=2)
            st = node.cli("--client-transport", "tcp_ssl", "--client-tcp-host", "127.0.0.1", "--client-tcp-port",
                          str(port), "status", timeout=20)
            self.assertEqual((st.rc, st.json["daemon"]["status"]), (1, "not_running"), st)
            self.assertLess(time.time() - started, 15)
        self.assertEqual(node.cli("status").rc, 0, "the local daemon was there all along")

    def test_daemon_writes_its_local_client_config_and_keeps_the_operators(self):
        node = self.start_daemon()
        path = os.path.join(node.config_dir, "client", "config.json")
        with open(path) as f:
            own = json.load(f)
        self.assertEqual(own, {"version": 2, "token_file": "auto.json", "instance_id": self.state(node)["instance_id"],
                               "daemon": {"core_service": {"transport": "local"},
                                          "capability_module": {"transport": "local"}}})
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        first_id = own["instance_id"]
        node.stop()
        node.start()
        with open(path) as f:
            again = json.load(f)
        self.assertNotEqual(again["instance_id"], first_id, "each boot has a new instance id")
        self.assertEqual(again["instance_id"], self.state(node)["instance_id"])
        log("--persist-config saves the flags without instance_id; the next boot keeps that file")
        port = free_port()
        r = node.cli("--client-transport", "tcp", "--client-tcp-host", "127.0.0.1", "--client-tcp-port", str(port),
                     "--persist-config", "status")
        self.assertEqual(r.rc, 1, r)
        with open(path) as f:
            saved = json.load(f)
        self.assertNotIn("instance_id", saved)
        self.assertEqual(saved["daemon"]["core_service"], {"transport": "tcp", "host": "127.0.0.1", "port": port,
                                                            "codec": "json"})
        self.terminate(node)
        node.start()
        with open(path) as f:
            self.assertEqual(json.load(f), saved)
        self.expect_error(node.cli("list-modules"), "NO_DAEMON", str(port), exit_code=2)
        os.unlink(path)

    def test_network_listeners_keep_the_limits(self):
        cert, key = make_cert(self.tmp)
        node = self.start_daemon(extra_args=["--module-transport", "core_service=tcp,port=0", "--module-transport",
                                             f"capability_module=tcp_ssl,port=0,cert={cert},key={key}"])
        tcp_port = self.transports(node)[1]["port"]
        tls_port = self.transports(node, "capability_module")[1]["port"]

        def read_line(sock, timeout=10):
            sock.settimeout(timeout)
            buf = b""
            while b"\n" not in buf:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                buf += chunk
            return buf

        log("a request line over 16 MiB on tcp: RPC_FAILED, then the connection closes")
        with socket.create_connection(("127.0.0.1", tcp_port), timeout=10) as s:
            s.sendall(b"x" * (16 * 1024 * 1024 + 10))
            answer = json.loads(read_line(s, timeout=30).split(b"\n")[0])
            self.expect_error(answer, "RPC_FAILED", "longer than 16 MiB")
            self.assertEqual(read_line(s), b"", "the daemon keeps the connection open")
        log("256 connections across all listeners: the next one, on the Unix socket, is told to try again")
        held = []
        try:
            for _ in range(256):
                held.append(socket.create_connection(("127.0.0.1", tcp_port), timeout=10))
            time.sleep(0.5)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as extra:
                extra.settimeout(10)
                extra.connect(node.socket_path)
                self.expect_error(json.loads(read_line(extra).split(b"\n")[0]), "RPC_FAILED", "try again")
        finally:
            for h in held:
                h.close()
        time.sleep(0.5)
        self.assertEqual(node.cli("status").rc, 0)
        log("a TLS client that never completes its handshake is dropped after 10 s")
        started = time.time()
        with socket.create_connection(("127.0.0.1", tls_port), timeout=20) as idle:
            idle.settimeout(20)
            try:
                while idle.recv(65536):
                    pass  # the server's handshake bytes, then the close
            except ConnectionResetError:
                pass
        waited = time.time() - started
        self.assertGreater(waited, 8)
        self.assertLess(waited, 15)
        log(f"dropped after {waited:.1f} s")
        log("plaintext on the TLS port: the handshake fails and the connection closes, the daemon stays up")
        with socket.create_connection(("127.0.0.1", tls_port), timeout=10) as plain:
            plain.sendall(json.dumps({"id": 1, "token": node.token(), "method": "status"}).encode() + b"\n")
            plain.settimeout(10)
            data = b""
            try:
                while True:
                    chunk = plain.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except ConnectionResetError:
                pass
            self.assertNotIn(b'"running"', data)
        self.assertEqual(node.cli("status").rc, 0)

    def test_plaintext_tcp_off_loopback_needs_insecure_tcp(self):
        rc, err = self.start_failing("open", "--module-transport", "core_service=tcp,host=0.0.0.0,port=0")
        self.assertEqual(rc, 1)
        self.assertIn("--insecure-tcp", err)
        log("127.0.0.2 is not one of the loopback names either; with --insecure-tcp it binds (a warning says so)")
        rc, err = self.start_failing("alt", "--module-transport", "core_service=tcp,host=127.0.0.2,port=0")
        self.assertEqual(rc, 1)
        node = self.start_daemon("insecure", extra_args=["--module-transport", "core_service=tcp,host=127.0.0.2,port=0",
                                                         "--insecure-tcp"])
        entry = self.transports(node)[1]
        self.assertEqual(entry["host"], "127.0.0.2")
        self.assertIn("plaintext tcp on 127.0.0.2", node.read_log())
        d = self.remote_client_dir(node, "alt-client", v2_config({"transport": "tcp", "host": "127.0.0.2",
                                                                  "port": entry["port"]}))
        self.assertEqual(self.client(d, "status").rc, 0)

    def test_refused_specs_and_bind_failure_leave_no_state(self):
        for name, spec, says in (
                ("cbor", "core_service=tcp,codec=cbor", "codec cbor"),
                ("module", "wallet_module=tcp", "core_service or capability_module"),
                ("proto", "core_service=quic", "local, tcp or tcp_ssl"),
                ("key", "core_service=tcp,colour=red", "unknown key"),
                ("nocert", "core_service=tcp_ssl,port=0", "needs cert="),
                ("badcert", f"core_service=tcp_ssl,cert={os.path.abspath(__file__)},key={os.path.abspath(__file__)}",
                 "no PEM certificate")):
            rc, err = self.start_failing(name, "--module-transport", spec)
            self.assertEqual(rc, 1, f"{spec}: {err}")
            self.assertIn(says, err, spec)
        log("a port in use: the daemon exits non-zero without state.json")
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen(1)
            port = busy.getsockname()[1]
            rc, err = self.start_failing("busy", "--module-transport", f"core_service=tcp,port={port}")
            self.assertNotEqual(rc, 0)
            self.assertIn(f"127.0.0.1:{port}", err)


if __name__ == "__main__":
    unittest.main()
