"""logoscore daemon lifecycle through the CLI: status, discovery, load, call, unload, stop."""
import json
import os
import stat
import unittest

from framework import BROKEN_MODULES, TEST_MODULES, DaemonTestCase, log


class HostLifecycle(DaemonTestCase):
    def test_status_list_load_call_stop(self):
        node = self.start_daemon()
        status = self.assert_ok(node.cli("status"))
        self.assertEqual(status["daemon"]["status"], "running")

        listing = self.assert_ok(node.cli("list-modules"))
        self.assertIsInstance(listing, list)
        names = {m["name"]: m["status"] for m in listing}
        self.assertEqual(names, {"test_echo": "discovered", "test_caller": "discovered", "test_leaf": "discovered"})

        log("load-module test_leaf loads its dependencies first")
        loaded = self.assert_ok(node.cli("load-module", "test_leaf"))
        self.assertEqual(loaded["result"]["loaded"], ["test_echo", "test_caller", "test_leaf"])
        self.assertEqual([m["name"] for m in self.assert_ok(node.cli("list-modules", "--loaded"))],
                         ["test_echo", "test_caller", "test_leaf"])

        info = self.assert_ok(node.cli("module-info", "test_echo"))
        methods = {m["name"]: m for m in info["methods"]}
        self.assertIn("chainAction", methods)
        self.assertEqual([p["name"] for p in methods["add"]["parameters"]], ["a", "b"])
        self.assertTrue(all(m["description"] for m in info["methods"]))

        out = self.assert_ok(node.call("test_echo", "add", 40, 2))
        self.assertEqual(out, {"status": "ok", "module": "test_echo", "method": "add",
                               "result": {"status": "ok", "sum": 42}})
        out = self.assert_ok(node.cli("call", "test_echo", "chainAction", "add", '{"a":1,"b":2}'))
        self.assertEqual(out["result"]["sum"], 3)
        out = self.assert_ok(node.cli("module", "test_echo", "method", "add", "1", "1"))
        self.assertEqual(out["result"]["sum"], 2)

        log("unload-module test_echo takes its dependents down first")
        out = self.assert_ok(node.cli("unload-module", "test_echo"))
        self.assertEqual(out["result"]["unloaded"], ["test_leaf", "test_caller", "test_echo"])
        self.assertEqual(self.assert_ok(node.cli("list-modules", "--loaded")), [])

        self.assert_ok(node.cli("load-module", "test_caller"))
        out = self.assert_ok(node.cli("reload-module", "test_echo"))
        self.assertEqual(out["result"]["reloaded"], ["test_echo", "test_caller"])

        log("stop: modules unloaded, socket and state.json removed, process exits")
        stopped = self.assert_ok(node.cli("stop"))
        self.assertTrue(stopped["stopped"])
        node.proc.wait(timeout=10)
        self.assertEqual(node.proc.returncode, 0)
        self.assertFalse(os.path.exists(node.socket_path))
        self.assertFalse(os.path.exists(node.state_path))
        self.assertIn("unloading modules in reverse order", node.read_log())
        status = node.cli("status")
        self.assertEqual(status.rc, 1)
        self.assertEqual(status.json["daemon"]["status"], "not_running")

    def test_files_are_private(self):
        node = self.start_daemon()
        for path in ("client/auto.json", "daemon/tokens/auto.json", "daemon/state.json"):
            mode = stat.S_IMODE(os.stat(os.path.join(node.config_dir, path)).st_mode)
            self.assertEqual(mode, 0o600, path)
        with open(os.path.join(node.config_dir, "client", "auto.json")) as f:
            token = json.load(f)["token"]
        self.assertEqual(len(token), 43)
        self.assertNotIn(token, node.read_log())
        node.load("test_echo")
        persistence = self.assert_ok(node.call("test_echo", "persistence"))["result"]["path"]
        self.assertEqual(persistence, os.path.join(node.persistence, "test_echo", "default"))
        self.assertEqual(stat.S_IMODE(os.stat(persistence).st_mode), 0o700)

    def test_token_from_environment(self):
        node = self.start_daemon()
        ok = node.cli("status", env_extra={"LOGOSCORE_TOKEN": node.token()})
        self.assertEqual(ok.rc, 0)
        bad = node.cli("list-modules", env_extra={"LOGOSCORE_TOKEN": "0" * 64})
        self.expect_error(bad, "UNAUTHORIZED", "missing or wrong token", exit_code=1)

    def test_refused_modules_are_listed_with_reason_and_daemon_stays_up(self):
        node = self.start_daemon(module_dirs=[TEST_MODULES, BROKEN_MODULES])
        listing = {m["name"]: m for m in self.assert_ok(node.cli("list-modules"))}
        self.assertEqual(listing["test_bad_meta"]["status"], "failed")
        self.assertIn("version: required field is missing", listing["test_bad_meta"]["reason"])
        self.assertIn("refused module 'test_bad_meta'", node.read_log())
        self.assert_ok(node.cli("status"))

    def test_second_daemon_on_same_config_dir_is_refused(self):
        node = self.start_daemon()
        import subprocess
        from framework import LOGOSCORE
        p = subprocess.run([LOGOSCORE, "-D", "--config-dir", node.config_dir, "-m", TEST_MODULES,
                            "--persistence-path", node.persistence], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 1)
        self.assertIn("already running", p.stderr)
        self.assert_ok(node.cli("status"))


if __name__ == "__main__":
    unittest.main()
