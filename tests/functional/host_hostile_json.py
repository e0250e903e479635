"""Hostile JSON on the daemon socket and the CLI (docs/protocol.md §1 "Limits"): numbers beyond a
double, nesting far beyond the depth limit, wrongly typed request parameters. Each is answered
with a stable code and a sentence, and the daemon with its modules keeps serving."""
import json
import socket
import unittest

from framework import DaemonTestCase, log

DEEP = 60000  # far beyond kMaxRequestJsonDepth (64); crashed a recursive dump before


class HostHostileJson(DaemonTestCase):
    def raw(self, node, line, timeout=10):
        """One raw line on a fresh connection; the single answer line, parsed."""
        try:
            return node.rpc(None, raw_line=line, timeout=timeout)
        except ValueError:  # no complete answer line: the daemon closed the connection or died
            self.fail(f"no answer to {line[:60]!r}")

    def request(self, node, method, params_text):
        return ('{"id":1,"token":"%s","method":"%s","params":%s}\n' % (node.token(), method, params_text)).encode()

    def assert_alive(self, node):
        status = node.rpc("status")
        self.assertEqual(status["status"], "ok", status)
        self.assertIn("test_echo", status["modules"]["loaded"])
        self.assertEqual(node.rpc("call", {"module": "test_echo", "method": "add", "args": [1, 2]})["result"]["sum"], 3)
        self.assertIsNone(node.proc.poll(), "the daemon exited")

    def assert_rpc_failed(self, answer, json_error):
        self.expect_error(answer, "RPC_FAILED", "request ")
        self.assertEqual(answer.get("json_error"), json_error, answer)
        self.assertTrue(answer["message"].startswith("request "), answer)

    def test_hostile_request_lines_are_answered(self):
        node = self.start_daemon()
        node.load("test_echo")

        log("six bytes: a number beyond a double")
        a = self.raw(node, b"1e400\n")
        self.assert_rpc_failed(a, "JSON_NUMBER_OUT_OF_RANGE")
        self.assertIn("1e400", a["message"])
        self.assert_alive(node)

        log(f"an id nested {DEEP} levels deep, closed and unclosed")
        for line in [b'{"id":' + b"[" * DEEP + b"]" * DEEP + b',"method":"status"}\n',
                     b'{"id":' + b'{"a":' * DEEP + b"\n"]:
            a = self.raw(node, line)
            self.assert_rpc_failed(a, "JSON_TOO_DEEP")
            self.assertIn("64 levels", a["message"])
        self.assert_alive(node)

        log("chainAction params holding 1e400, as an object and as JSON text")
        a = self.raw(node, self.request(node, "call",
                                        '{"module":"test_echo","method":"chainAction","args":["add",{"a":1e400,"b":1}]}'))
        self.assert_rpc_failed(a, "JSON_NUMBER_OUT_OF_RANGE")
        a = node.rpc("call", {"module": "test_echo", "method": "chainAction", "args": ["add", '{"a":1e400,"b":1}']})
        self.expect_error(a, "INVALID_ARGS", "chainAction params")
        self.assertEqual(a["json_error"], "JSON_NUMBER_OUT_OF_RANGE", a)
        a = node.rpc("call", {"module": "test_echo", "method": "chainAction",
                              "args": ["add", "[" * DEEP]})
        self.expect_error(a, "INVALID_ARGS", "nested deeper than 64 levels")
        self.assertEqual(a["json_error"], "JSON_TOO_DEEP", a)
        self.assert_alive(node)

        log("wrongly typed request parameters")
        a = node.rpc("call", {"module": "test_echo", "method": "add", "args": [1, 2], "timeout_ms": "soon"})
        self.expect_error(a, "RPC_FAILED", "timeout_ms")
        a = self.raw(node, self.request(node, "call", '{"module":"test_echo","method":"add","args":[1,2],"timeout_ms":1e300}'))
        self.expect_error(a, "RPC_FAILED", "timeout_ms")
        a = node.rpc("list_modules", {"loaded": "yes"})
        self.expect_error(a, "RPC_FAILED", "loaded")
        self.assert_alive(node)

    def test_cli_arguments_are_checked(self):
        node = self.start_daemon()
        node.load("test_echo")
        log("a 100,000-digit argument stays its decimal text")
        digits = "7" * 100000
        self.assertEqual(self.assert_ok(node.call("test_echo", "echo", digits))["result"]["value"], digits)
        for arg in ["json:1e400", 'json:{"a":-1e400}', "json:" + "[" * DEEP]:
            log(f"logoscore call test_echo echo {arg[:20]}...")
            r = node.call("test_echo", "echo", arg)
            self.assertGreater(r.rc, 0, f"ended by a signal or succeeded: {r}")
            err = self.expect_error(r, "INVALID_ARGS", "is not valid JSON", exit_code=4)
            self.assertIn("not valid JSON", err["message"])
        log("chainAction params text with 1e400 through the CLI")
        err = self.expect_error(node.cli("call", "test_echo", "chainAction", "add", '{"a":1e400,"b":1}'),
                                "INVALID_ARGS", "beyond the range of a double", exit_code=4)
        self.assertEqual(err["json_error"], "JSON_NUMBER_OUT_OF_RANGE")
        self.assert_alive(node)

    def test_add_overflow_is_an_error(self):
        node = self.start_daemon()
        node.load("test_echo")
        err = self.expect_error(node.call("test_echo", "add", 9223372036854775807, 1),
                                "METHOD_FAILED", "does not fit a signed 64-bit integer", exit_code=4)
        self.expect_error(err["error"], "ARITHMETIC_OVERFLOW", "does not fit a signed 64-bit integer")
        err = self.expect_error(node.call("test_echo", "add", -9223372036854775808, -1),
                                "METHOD_FAILED", "does not fit a signed 64-bit integer", exit_code=4)
        self.expect_error(err["error"], "ARITHMETIC_OVERFLOW", "does not fit a signed 64-bit integer")
        self.assertEqual(self.assert_ok(node.call("test_echo", "add", 9223372036854775806, 1))["result"]["sum"],
                         9223372036854775807)


if __name__ == "__main__":
    unittest.main()
