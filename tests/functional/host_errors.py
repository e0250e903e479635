"""Every error class of the logoscore CLI with its code and exit code."""
import os
import unittest

from framework import BROKEN_MODULES, TEST_MODULES, DaemonTestCase, Node, log


class HostErrors(DaemonTestCase):
    def test_no_daemon(self):
        node = Node("ghost", os.path.join(self.tmp, "ghost"), [TEST_MODULES])
        self.assert_error("NO_DAEMON", node.cli("list-modules"), exit_code=2)
        self.assert_error("NO_DAEMON", node.call("x", "y"), exit_code=2)

    def test_module_and_method_errors(self):
        node = self.start_daemon(module_dirs=[TEST_MODULES, BROKEN_MODULES])
        self.assert_error("MODULE_NOT_FOUND", node.call("ghost", "echo", 1), exit_code=3)
        self.assert_error("MODULE_NOT_LOADED", node.call("test_echo", "echo", 1), exit_code=3)
        self.assert_error("MODULE_NOT_FOUND", node.cli("load-module", "ghost"), exit_code=3)
        node.load("test_echo")
        err = self.assert_error("METHOD_NOT_FOUND", node.call("test_echo", "nope"), exit_code=4)
        self.assertIn("echo", err["available_methods"])
        self.assertIn("chainAction", err["available_methods"])
        err = self.assert_error("INVALID_ARGS", node.call("test_echo", "add", "x", 1), exit_code=4)
        self.assertIn("'a'", err["message"])
        self.assert_error("INVALID_ARGS", node.call("test_echo", "add", 1, 2, 3), exit_code=4)
        self.assert_error("INVALID_ARGS", node.cli("call", "test_echo", "chainAction", "add", "{broken"), exit_code=4)
        self.assert_error("INVALID_ARGS", node.cli("call", "test_echo", "echo", "json:{broken"), exit_code=4)
        err = self.assert_error("METHOD_FAILED", node.call("test_echo", "throw"), exit_code=4)
        self.assertIn("boom", err["message"])
        self.assert_error("METHOD_FAILED", node.call("test_echo", "bad_output"), exit_code=4)
        err = self.assert_error("METHOD_FAILED", node.call("test_echo", "fail", "str:NONCE_REPLAYED"), exit_code=4)
        self.assertEqual(err["error"]["code"], "NONCE_REPLAYED")
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
            err = self.assert_error("MODULE_LOAD_FAILED", node.cli("load-module", module), exit_code=3)
            self.assertIn(reason, err["message"], module)
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
        self.assert_error("TIMEOUT", node.cli("--timeout", "200", "call", "test_echo", "sleep", "1500"), exit_code=4)

    def test_access_policy_and_cycles(self):
        node = self.start_daemon()
        node.load("test_caller")
        answer = self.assert_ok(node.call("test_echo", "call", "test_caller", "echo"))["result"]["answer"]
        self.assertEqual(answer["code"], "ACCESS_DENIED")
        self.assertIn("not a declared dependency", answer["message"])
        self.assertIn("access policy denies 'test_echo' -> 'test_caller'", node.read_log())

        open_node = self.start_daemon("open", extra_args=["--access-policy", "off"])
        open_node.load("test_caller")
        self.assertEqual(self.assert_ok(open_node.call("test_echo", "call", "test_caller", "echo",
                                                       'json:{"value":1}'))["result"]["answer"]["value"], 1)
        inner = '{"target":"test_caller","operation":"echo","params":{"value":1},"timeout_ms":3000}'
        out = self.assert_ok(open_node.call("test_caller", "call", "test_echo", "call", "json:" + inner))
        self.assertEqual(out["result"]["answer"]["answer"]["code"], "CALL_CYCLE")


if __name__ == "__main__":
    unittest.main()
