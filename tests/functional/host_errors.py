"""Every error class of the logoscore CLI with its code and exit code."""
import os
import unittest

from framework import BROKEN_MODULES, TEST_MODULES, DaemonTestCase, Node, log


class HostErrors(DaemonTestCase):
    def test_no_daemon(self):
        node = Node("ghost", os.path.join(self.tmp, "ghost"), [TEST_MODULES])
        self.expect_error(node.cli("list-modules"), "NO_DAEMON", "no daemon answers", exit_code=2)
        self.expect_error(node.call("x", "y"), "NO_DAEMON", "no daemon answers", exit_code=2)

    def test_module_and_method_errors(self):
        node = self.start_daemon(module_dirs=[TEST_MODULES, BROKEN_MODULES])
        self.expect_error(node.call("ghost", "echo", 1), "MODULE_NOT_FOUND", "no module named 'ghost'", exit_code=3)
        self.expect_error(node.call("test_echo", "echo", 1), "MODULE_NOT_LOADED", "is not loaded", exit_code=3)
        self.expect_error(node.cli("load-module", "ghost"), "MODULE_NOT_FOUND", "no module named 'ghost'", exit_code=3)
        node.load("test_echo")
        err = self.expect_error(node.call("test_echo", "nope"), "METHOD_NOT_FOUND", "has no method 'nope'", exit_code=4)
        self.assertIn("echo", err["available_methods"])
        self.assertIn("chainAction", err["available_methods"])
        err = self.expect_error(node.call("test_echo", "add", "x", 1), "INVALID_ARGS", "parameter 'a'", exit_code=4)
        self.assertIn("'a'", err["message"])
        self.expect_error(node.call("test_echo", "add", 1, 2, 3),
                          "INVALID_ARGS", "at most 2 argument(s), got 3", exit_code=4)
        self.expect_error(node.cli("call", "test_echo", "chainAction", "add", "{broken"),
                          "INVALID_ARGS", "chainAction params are not valid JSON", exit_code=4)
        self.expect_error(node.cli("call", "test_echo", "echo", "json:{broken"),
                          "INVALID_ARGS", "is not valid JSON", exit_code=4)
        err = self.expect_error(node.call("test_echo", "throw"), "METHOD_FAILED", "boom", exit_code=4)
        self.assertIn("boom", err["message"])
        self.expect_error(node.call("test_echo", "bad_output"), "METHOD_FAILED", "malformed output", exit_code=4)
        err = self.expect_error(node.call("test_echo", "fail", "str:NONCE_REPLAYED"),
                                "METHOD_FAILED", "failed on request", exit_code=4)
        self.expect_error(err["error"], "NONCE_REPLAYED", "failed on request")
        log("the daemon keeps serving after every failure")
        self.assertEqual(self.assert_ok(node.call("test_echo", "echo", 5))["result"]["value"], 5)

    def test_load_failures_name_module_file_and_reason(self):
        node = self.start_daemon(module_dirs=[TEST_MODULES, BROKEN_MODULES])
        cases = {
            "test_cycle_a": "dependency cycle: test_cycle_a -> test_cycle_b -> test_cycle_a",
            "test_missing_dep": "depends on 'no_such_module', which was not found",
            "test_bad_meta": "version: required field is missing",
            "test_wrong_name": "plugin name() is 'not_the_metadata_name'",
            "test_init_fail": "initLogos failed",
        }
        for module, reason in cases.items():
            err = self.expect_error(node.cli("load-module", module), "MODULE_LOAD_FAILED", reason, exit_code=3)
            self.assertIn(module, err["message"])
        self.assertEqual(self.assert_ok(node.cli("list-modules", "--loaded")), [])

    def test_timeout_and_slow_module_does_not_stall_others(self):
        node = self.start_daemon()
        node.load("test_caller")
        import subprocess
        import time
        from framework import LOGOSCORE
        env = dict(os.environ, LOGOSCORE_CONFIG_DIR=node.config_dir)
        slow = subprocess.Popen([LOGOSCORE, "call", "test_echo", "sleep", "2000", "--json"], env=env,
                                stdout=subprocess.PIPE, text=True)
        time.sleep(0.2)
        t0 = time.time()
        self.assert_ok(node.call("test_caller", "echo", 1))
        self.assert_ok(node.cli("status"))
        self.assertLess(time.time() - t0, 1.0, "a slow module stalled the client RPC or another module")
        slow.wait(timeout=10)
        self.expect_error(node.cli("--timeout", "200", "call", "test_echo", "sleep", "1500"),
                          "TIMEOUT", "within 200 ms", exit_code=4)

    def test_access_policy_and_cycles(self):
        node = self.start_daemon()
        node.load("test_caller")
        answer = self.assert_ok(node.call("test_echo", "call", "test_caller", "echo"))["result"]["answer"]
        self.expect_error(answer, "ACCESS_DENIED", "not a declared dependency")
        self.assertIn("access policy denies 'test_echo' -> 'test_caller'", node.read_log())

        open_node = self.start_daemon("open", extra_args=["--access-policy", "off"])
        open_node.load("test_caller")
        self.assertEqual(self.assert_ok(open_node.call("test_echo", "call", "test_caller", "echo",
                                                       'json:{"value":1}'))["result"]["answer"]["value"], 1)
        inner = '{"target":"test_caller","operation":"echo","params":{"value":1},"timeout_ms":3000}'
        out = self.assert_ok(open_node.call("test_caller", "call", "test_echo", "call", "json:" + inner))
        self.expect_error(out["result"]["answer"]["answer"],
                          "CALL_CYCLE", "call cycle: test_echo -> test_caller -> test_echo")


if __name__ == "__main__":
    unittest.main()
