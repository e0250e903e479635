"""console_module's own lifecycle: the console answers at the URL getConsoleInfo gives; stopConsole
closes the port, says so (running false, empty url) and stays stopped across a daemon restart;
startConsole on a fixed port serves again, and that port survives a restart too."""
import json
import socket
import urllib.request

from framework import PRODUCT_MODULES, DaemonTestCase, log


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serves(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


class ConsoleLifecycle(DaemonTestCase):
    def info(self, node, op="getConsoleInfo", *args):
        return self.assert_ok(node.call("console_module", op, *args))["result"]

    def test_stop_persists_and_start_on_a_fixed_port_survives_restart(self):
        self.require_modules("console_module")
        node = self.start_daemon("owner", module_dirs=[PRODUCT_MODULES])
        node.load("console_module")
        info = self.info(node)
        self.assertTrue(info["running"], info)
        self.assertTrue(serves(info["url"]), info)

        log("stopConsole closes the port and is remembered")
        stopped = self.info(node, "chainAction", "stopConsole", "json:{}")
        self.assertEqual((stopped["running"], stopped["url"]), (False, ""), stopped)
        self.assertFalse(serves(info["url"]))
        node.stop()
        node.start()
        node.load("console_module")
        after = self.info(node)
        self.assertEqual((after["running"], after["url"]), (False, ""), after)

        log("startConsole on a fixed port serves again, on the same port after a restart")
        port = free_port()
        started = self.info(node, "chainAction", "startConsole", "json:" + json.dumps({"port": port}))
        self.assertEqual((started["running"], started["port"]), (True, port), started)
        self.assertTrue(serves(started["url"]))
        node.stop()
        node.start()
        node.load("console_module")
        again = self.info(node)
        self.assertEqual((again["running"], again["url"]), (True, f"http://127.0.0.1:{port}/"), again)
        self.assertTrue(serves(again["url"]))


if __name__ == "__main__":
    import unittest
    unittest.main()
