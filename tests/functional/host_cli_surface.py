"""The client surface scripts and the upstream wrapper rely on (logos-core.md §13, §16, §17): `stats`,
module data kept inside each daemon's config dir, one `CODE: message` line on stderr for every
failure, and text parameters that keep a number-looking argument's text."""
import json
import os
import subprocess
import time
import unittest

from framework import LOGOSCORE, PRODUCT_MODULES, DaemonTestCase, Node, log

STATS_KEYS = {"name", "cpu_percent", "cpu_time_seconds", "memory_mb", "pid", "process"}


class IsolatedNode(Node):
    """A daemon started as the upstream wrapper starts it: no --persistence-path, its own HOME."""

    def __init__(self, name, root, module_dirs, home, extra_args=(), cwd=None):
        super().__init__(name, root, module_dirs, extra_args)
        self.home = home
        self.cwd = cwd

    def start(self, timeout=15):
        args = [LOGOSCORE, "-D", "--config-dir", self.config_dir]
        for d in self.module_dirs:
            args += ["-m", d]
        args += self.extra_args
        env = dict(os.environ, HOME=self.home)
        env.pop("LOGOSCORE_TOKEN", None)
        env.pop("LOGOSCORE_CONFIG_DIR", None)
        os.makedirs(self.root, exist_ok=True)
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=self.cwd)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(self.state_path):
                return self
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name}: daemon exited with {self.proc.returncode}: {self.read_log()}")
            time.sleep(0.02)
        raise AssertionError(f"{self.name}: daemon did not become ready: {self.read_log()}")

    def cli(self, *args, timeout=30, env_extra=None):
        return super().cli(*args, timeout=timeout, env_extra=dict(env_extra or {}, HOME=self.home))

    def state(self):
        with open(self.state_path) as f:
            return json.load(f)


def last_stderr_line(result):
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    return lines[-1] if lines else ""


class HostCliSurface(DaemonTestCase):
    def isolated(self, name, home, module_dirs, **kw):
        node = IsolatedNode(name, os.path.join(self.tmp, name), module_dirs, home, **kw)
        self.nodes.append(node)
        return node.start()

    def test_stats_reports_each_loaded_module_with_the_daemon_figures(self):
        absent = Node("absent", os.path.join(self.tmp, "absent"), [])
        r = absent.cli("stats")
        self.expect_error(r, "NO_DAEMON", "no daemon answers", exit_code=2)

        node = self.start_daemon()
        self.assertEqual(self.assert_ok(node.cli("stats")), [], "nothing loaded: an empty array")
        node.load("test_caller")  # and test_echo, its dependency
        first = self.assert_ok(node.cli("stats"))
        self.assertEqual(sorted(e["name"] for e in first), ["test_caller", "test_echo"])
        for e in first:
            self.assertEqual(set(e), STATS_KEYS, e)
            self.assertEqual(e["pid"], node.module_pid(e["name"]), "each module reports the process it runs in")
            if e["process"]["mode"] == "in-process":
                self.assertEqual(e["pid"], node.proc.pid, "in-process modules report the daemon's pid")
            else:
                self.assertNotEqual(e["pid"], node.proc.pid, "a module in its own process reports that process")
            self.assertGreater(e["memory_mb"], 1.0, e)
            self.assertLess(e["memory_mb"], 4096.0, e)
            for key in ("cpu_percent", "cpu_time_seconds", "memory_mb"):
                self.assertIsInstance(e[key], float, key)
        log("CPU work inside the daemon: test_caller makes 20000 calls to test_echo")
        self.assert_ok(node.call("test_caller", "bench_calls", "test_echo", "20000"))
        second = self.assert_ok(node.cli("stats"))
        before = first[0]["cpu_time_seconds"]
        after = second[0]["cpu_time_seconds"]
        self.assertGreater(after, before, "CPU time grows after work")
        self.assertGreater(second[0]["cpu_percent"], 0.0, "CPU spent since the previous sample")
        if second[0]["pid"] == second[1]["pid"]:
            self.assertEqual(second[0]["cpu_percent"], second[1]["cpu_percent"], "one sample per process")
        log(f"cpu_time {before:.2f} s -> {after:.2f} s, cpu_percent {second[0]['cpu_percent']:.1f}, "
            f"memory {second[0]['memory_mb']:.1f} MiB")

    def test_daemons_with_separate_config_dirs_keep_separate_data_and_leave_home_alone(self):
        self.require_modules("wallet_module")
        home = os.path.join(self.tmp, "home")
        os.makedirs(home)
        a = self.isolated("a", home, [PRODUCT_MODULES])
        b = self.isolated("b", home, [PRODUCT_MODULES])
        for node in (a, b):
            self.assertEqual(node.state()["persistence_path"], os.path.join(node.config_dir, "data"))
            node.load("wallet_module")
        created = self.assert_ok(a.call("wallet_module", "create_new", "str:password a"))["result"]
        self.assertTrue(created["keystore"].startswith(a.config_dir + "/"), created)
        log("b sees no keystore of a: open fails, create_new succeeds")
        self.assertNotEqual(b.call("wallet_module", "open", "str:password a").rc, 0)
        created_b = self.assert_ok(b.call("wallet_module", "create_new", "str:password b"))["result"]
        self.assertTrue(created_b["keystore"].startswith(b.config_dir + "/"), created_b)
        for node in (a, b):
            node.stop()
        self.assertEqual(os.listdir(home), [], "a daemon wrote under HOME")

        log("--persistence-path: relative to the working directory, ~/ expanded")
        cwd = os.path.join(self.tmp, "cwd")
        os.makedirs(cwd)
        rel = self.isolated("rel", home, [PRODUCT_MODULES], extra_args=["--persistence-path", "data-rel"], cwd=cwd)
        self.assertEqual(rel.state()["persistence_path"], os.path.join(cwd, "data-rel"))
        rel.stop()
        tilde = self.isolated("tilde", home, [PRODUCT_MODULES], extra_args=["--persistence-path", "~/mine"])
        self.assertEqual(tilde.state()["persistence_path"], os.path.join(home, "mine"))

    def test_every_failure_also_writes_code_and_message_to_stderr(self):
        node = self.start_daemon()
        node.load("test_echo")
        ok = node.call("test_echo", "echo", "1")
        self.assert_ok(ok)
        self.assertNotIn("METHOD", ok.stderr)
        absent = Node("absent", os.path.join(self.tmp, "absent"), [])
        for result, code, exit_code in [(node.call("test_echo", "no_such_op"), "METHOD_NOT_FOUND", 4),
                                        (node.call("test_echo", "fail", "MY_CODE"), "METHOD_FAILED", 4),
                                        (node.call("test_echo", "add", "x", "1"), "INVALID_ARGS", 4),
                                        (node.cli("load-module", "no_such_module"), "MODULE_NOT_FOUND", 3),
                                        (node.cli("call", "test_echo"), "INVALID_ARGS", 4),
                                        (node.cli("no-such-command"), "INVALID_ARGS", 4),
                                        (absent.cli("call", "test_echo", "echo", "1"), "NO_DAEMON", 2)]:
            self.assertEqual(result.rc, exit_code, result)
            envelope = result.json
            self.assertIsNotNone(envelope, f"stdout must stay one JSON document: {result}")
            self.assertEqual(envelope["code"], code, result)
            self.assertEqual(last_stderr_line(result), f"{code}: {envelope['message']}", result)

    def test_text_parameters_keep_a_number_looking_arguments_text(self):
        node = self.start_daemon()
        node.load("test_echo")
        for text in ["0123", "123456", "-5", "1e3", "true", "18446744073709551616"]:
            params = self.assert_ok(node.call("test_echo", "types", text))["result"]["params"]
            self.assertEqual(params["s"], text, text)
        zeros = "0" * 64
        params = self.assert_ok(node.call("test_echo", "types", "0123", "007", "json:null", "json:null", "json:null",
                                          zeros))["result"]["params"]
        self.assertEqual((params["s"], params["n"], params["id"]), ("0123", 7, zeros),
                         "only text parameters take the text; a u64 keeps its number")
        log("explicit forms are not second-guessed: json:5 stays a number and is refused")
        self.expect_error(node.call("test_echo", "types", "json:5"), "INVALID_ARGS", "expected a string", exit_code=4)


if __name__ == "__main__":
    unittest.main()
