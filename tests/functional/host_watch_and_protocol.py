"""watch output, argument typing end to end, and the raw socket protocol of docs/protocol.md."""
import json
import os
import signal
import subprocess
import time
import unittest

from framework import LOGOSCORE, DaemonTestCase, log


class HostWatchAndProtocol(DaemonTestCase):
    def test_watch_prints_one_json_line_per_event(self):
        node = self.start_daemon()
        node.load("test_echo")
        env = dict(os.environ, LOGOSCORE_CONFIG_DIR=node.config_dir)
        watcher = subprocess.Popen([LOGOSCORE, "watch", "test_echo", "--event", "echoed"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.3)
        self.assert_ok(node.call("test_echo", "emit", "other", 0))
        self.assert_ok(node.call("test_echo", "emit", "echoed", 'json:{"n":1}'))
        line = watcher.stdout.readline()
        event = json.loads(line)
        self.assertEqual(set(event), {"timestamp", "module", "event", "data"})
        self.assertEqual(event["module"], "test_echo")
        self.assertEqual(event["event"], "echoed")
        self.assertEqual(event["data"], {"arg0": {"n": 1}})
        self.assertRegex(event["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        watcher.send_signal(signal.SIGINT)
        self.assertEqual(watcher.wait(timeout=5), 0)

    def test_argument_typing_end_to_end(self):
        node = self.start_daemon()
        node.load("test_echo")
        path = os.path.join(self.tmp, "obj.json")
        with open(path, "w") as f:
            f.write('{"deep": {"k": [1, 2]}}')
        out = self.assert_ok(node.cli("call", "test_echo", "types", "str:007", "18446744073709551615",
                                      "340282366920938463463374607431768211455", "true", "json:@" + path))
        p = out["result"]["params"]
        self.assertEqual(p["s"], "007")
        self.assertEqual(p["n"], 18446744073709551615)  # exact, never through a double
        self.assertEqual(p["amount"], "340282366920938463463374607431768211455")
        self.assertIs(p["flag"], True)
        self.assertEqual(p["obj"], {"deep": {"k": [1, 2]}})
        for arg, expected in [("1e-06", 1e-06), ("-9223372036854775808", -9223372036854775808),
                              ("json:null", None), ("@" + path, '{"deep": {"k": [1, 2]}}'),
                              ('json:{"_bytes":"AQID"}', {"_bytes": "AQID"})]:
            self.assertEqual(self.assert_ok(node.call("test_echo", "echo", arg))["result"].get("value"), expected, arg)

    def test_raw_protocol(self):
        node = self.start_daemon()
        log("a script can speak the socket protocol without the CLI")
        r = node.rpc("load_module", {"module": "test_echo"})
        self.assertEqual(r["status"], "ok")
        self.assertEqual(r["id"], 1)
        r = node.rpc("call", {"module": "test_echo", "method": "add", "args": [1, 2]})
        self.assertEqual(r["result"]["sum"], 3)
        r = node.rpc("status", token="wrong")
        self.expect_error(r, "UNAUTHORIZED", "missing or wrong token")
        r = node.rpc(None, raw_line=b"{not json\n")
        self.expect_error(r, "RPC_FAILED", "request is not valid JSON")
        r = node.rpc(None, raw_line=b'["array"]\n')
        self.expect_error(r, "RPC_FAILED", "must be a JSON object")
        r = node.rpc("no_such_method")
        self.expect_error(r, "RPC_FAILED", "unknown RPC method 'no_such_method'")
        self.assertEqual(node.rpc("status")["status"], "ok")


if __name__ == "__main__":
    unittest.main()
