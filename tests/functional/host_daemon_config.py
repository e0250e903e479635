"""The daemon's saved flags (logos-core.md §7 `--persist-config`): daemon/config.json written 0600,
read by the next start on that config dir, command-line flags winning over it, and an invalid
file refused with a sentence naming the field before anything is bound. Loopback only."""
import json
import os
import stat
import subprocess
import unittest

from framework import LOGOSCORE, TEST_MODULES, DaemonTestCase, Node, log


class HostDaemonConfig(DaemonTestCase):
    def state(self, node):
        with open(node.state_path) as f:
            return json.load(f)

    def tcp_entry(self, node):
        entries = self.state(node)["resolved"]["modules"]["core_service"]["transports"]
        return [t for t in entries if t["protocol"] == "tcp"]

    def test_saved_flags_apply_at_the_next_start_and_flags_win(self):
        root = os.path.join(self.tmp, "node")
        node = self.start_daemon(extra_args=["--persist-config", "--module-transport", "core_service=tcp,port=0",
                                             "--call-timeout-ms", "4000"])
        path = os.path.join(node.config_dir, "daemon", "config.json")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as f:
            saved = json.load(f)
        self.assertEqual(saved, {"version": 1, "modules_dirs": [TEST_MODULES], "persistence_path": node.persistence,
                                 "call_timeout_ms": 4000, "module_transports": ["core_service=tcp,port=0"]})
        node.stop()

        log("a start with no -m and no --module-transport takes both from the file")
        bare = Node("bare", root, [])
        self.nodes.append(bare)
        bare.start()
        self.assertEqual(len(self.tcp_entry(bare)), 1, self.state(bare))
        self.assertEqual(self.state(bare)["modules_dirs"], [TEST_MODULES])
        self.assertIn("test_echo", [m["name"] for m in self.assert_ok(bare.cli("list-modules"))])
        bare.stop()
        with open(path) as f:
            self.assertEqual(json.load(f), saved, "a start without --persist-config leaves the file alone")

        log("a --module-transport on the command line replaces the file's list")
        flagged = Node("flagged", root, [], extra_args=["--module-transport", "core_service=local"])
        self.nodes.append(flagged)
        flagged.start()
        self.assertEqual(self.tcp_entry(flagged), [])
        flagged.stop()

    def test_an_invalid_saved_config_stops_the_start_naming_the_field(self):
        config = os.path.join(self.tmp, "c")
        os.makedirs(os.path.join(config, "daemon"), mode=0o700)
        path = os.path.join(config, "daemon", "config.json")
        for text, says in (('{"version":1,"module_transports":[7]}', "module_transports[0]: not a string"),
                           ('{"version":1,"module_transports":["core_service=quic"]}', "module_transports[0]"),
                           ('{"version":2}', "version: must be 1"),
                           ('{"version":1,"modules-dir":["/x"]}', "modules-dir: unknown key"),
                           ('{"version":1,"call_timeout_ms":0}', "call_timeout_ms"),
                           ('{"version":1,"insecure_tcp":"yes"}', "insecure_tcp: not true or false"),
                           ("[1,2", "not JSON")):
            with open(path, "w") as f:
                f.write(text)
            p = subprocess.run([LOGOSCORE, "-D", "--config-dir", config, "-m", TEST_MODULES], capture_output=True,
                               text=True, timeout=20)
            self.assertEqual(p.returncode, 1, f"{text}: {p.stderr}")
            self.assertIn(path + ": ", p.stderr, text)
            self.assertIn(says, p.stderr, text)
            self.assertFalse(os.path.exists(os.path.join(config, "daemon", "state.json")))


if __name__ == "__main__":
    unittest.main()
