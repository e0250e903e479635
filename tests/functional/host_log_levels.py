"""Log levels per module (`log_levels` in the --config file, `--log-level` on the command line):
a provider with delivery_module at debug prints the Store node's debug lines (a lightpush message
accepted), with x402_module at warning prints none of the x402 lines that a daemon at Qt's defaults
prints for the same call; `logoscore reload` lowers delivery_module to warning live and its debug
lines stop; an unknown level or module is refused naming the field; `--check-config` checks a
file without starting anything. Loopback only; every wait is bounded."""
import json
import os
import socket
import subprocess
import time

from framework import LOGOSCORE, PRODUCT_MODULES, DaemonTestCase, Node, log

PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/log-levels/proto"
ACCEPTED = "lezpay.delivery.lightpush: request"  # with "accepted": the debug line of an accepted lightpush message
X402_LINE = "lezpay.x402."


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def lines_with(text, part):
    lines = [line for line in text.splitlines() if part in line]
    return [line for line in lines if "accepted" in line] if part == ACCEPTED else lines


class HostLogLevels(DaemonTestCase):
    def setUp(self):
        super().setUp()
        # QT_LOGGING_RULES would override the daemon's rules (Qt's order); this test sets none.
        self.saved_rules = os.environ.pop("QT_LOGGING_RULES", None)

    def tearDown(self):
        super().tearDown()
        if self.saved_rules is not None:
            os.environ["QT_LOGGING_RULES"] = self.saved_rules

    def full_log(self, node):
        with open(node.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def provider_config(self, root, levels):
        password_file = os.path.join(root, "wallet.pass")
        write_private(password_file, "log levels wallet password\n")
        return {"version": 1, "modules_dirs": [PRODUCT_MODULES], "log_levels": levels, "modules": [
            {"name": "wallet_module", "settings": [
                {"unlock": {"password_file": password_file, "create_if_missing": True}},
                {"configure": {"sequencer_url": self.net.url}}]},
            {"name": "delivery_module", "settings": [
                {"createNode": {"configJson": {"host": "127.0.0.1", "tcpPort": free_port(),
                                               "archiveUrl": f"sqlite:{root}/store.sqlite"}}},
                {"start": {}}]},
            {"name": "x402_module", "settings": [{"startFacilitator": {"config_json": {"port": 0}}}]}]}

    def send_and_wait(self, user, provider, text, count):
        r = user.call("delivery_module", "send", TOPIC, "str:" + text)
        self.assert_ok(r)
        deadline = time.time() + 15
        while True:
            info = self.assert_ok(provider.call("delivery_module", "getNodeInfo"))["result"]
            if info["archive"]["messages"] >= count:
                return
            self.assertLess(time.time(), deadline, f"message {count} was not archived: {provider.read_log()}")
            time.sleep(0.05)

    def test_module_levels_from_the_file_and_reload(self):
        self.require_modules("wallet_module", "delivery_module", "x402_module")
        self.net = self.start_localnet()
        root = os.path.join(self.tmp, "provider")
        os.makedirs(root, mode=0o700)
        config = self.provider_config(root, {"default": "info", "delivery_module": "debug", "x402_module": "warning"})
        config_path = os.path.join(root, "provider.json")
        write_private(config_path, json.dumps(config, indent=2))
        # No -m: the modules directory comes from the file (start_daemon would add the test modules').
        provider = Node("provider", root, [], extra_args=["--config", config_path])
        self.nodes.append(provider)
        provider.start(timeout=60)
        self.assertIn("logoscore: log levels: default=info,delivery_module=debug,x402_module=warning", self.full_log(provider))
        node = self.assert_ok(provider.call("delivery_module", "getNodeInfo"))["result"]

        log("the same facilitator start on a daemon at Qt's defaults prints its x402 lines")
        user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "delivery_module", "x402_module"):
            user.load(m)
        self.assert_ok(user.call("x402_module", "startFacilitator", "json:" + json.dumps({"port": 0})))
        self.assertTrue(lines_with(self.full_log(user), X402_LINE), "the control daemon printed no x402 line")

        log("delivery_module at debug prints its debug lines; x402_module at warning prints none")
        self.assert_ok(user.call("delivery_module", "createNode", "json:" + json.dumps(
            {"storeService": False, "storeNode": node["multiaddr"]})))
        self.assert_ok(user.call("delivery_module", "start"))
        self.send_and_wait(user, provider, "at debug", 1)
        deadline = time.time() + 5
        while not lines_with(self.full_log(provider), ACCEPTED):
            self.assertLess(time.time(), deadline, "no delivery debug line at delivery_module=debug: " + provider.read_log())
            time.sleep(0.05)
        self.assertIn("lezpay.delivery.node:", self.full_log(provider))  # info, above the module's level too
        self.assertEqual(lines_with(self.full_log(provider), X402_LINE), [], "x402_module at warning printed lines below warning")

        log("reload lowers delivery_module to warning: its debug lines stop")
        config["log_levels"] = {"default": "info", "delivery_module": "warning", "x402_module": "warning"}
        write_private(config_path, json.dumps(config, indent=2))
        r = self.assert_ok(provider.cli("reload"))
        self.assertEqual(r["applied"], ["log_levels"], r)
        self.assertEqual(r["restart_required"], [], r)
        accepted_before = len(lines_with(self.full_log(provider), ACCEPTED))
        self.send_and_wait(user, provider, "at warning", 2)
        time.sleep(0.3)  # the provider's log line, had it printed one, follows the archive insert
        self.assertEqual(len(lines_with(self.full_log(provider), ACCEPTED)), accepted_before,
                         "delivery_module printed a debug line after reload set it to warning")

        log("a reload naming a module the daemon does not have changes nothing")
        config["log_levels"] = {"nosuch_module": "debug"}
        write_private(config_path, json.dumps(config))
        self.expect_error(provider.cli("reload"), "INVALID_CONFIG", "log_levels.nosuch_module: no module named 'nosuch_module'")
        self.assertIsNone(provider.proc.poll())

    def test_refusals_name_the_field_and_check_config_starts_nothing(self):
        self.require_modules("wallet_module", "delivery_module")
        root = os.path.join(self.tmp, "refusals")
        os.makedirs(root, mode=0o700)
        cfg = os.path.join(root, "cfg.json")
        base = ["-D", "--config-dir", os.path.join(root, "c"), "--persistence-path", os.path.join(root, "p")]

        def run(*args, dirs=base):
            return subprocess.run([LOGOSCORE, *dirs, *args], capture_output=True, text=True, timeout=30)

        cases = (
            (["--log-level", "delivery_module=loud", "-m", PRODUCT_MODULES],
             "--log-level entry 1 'delivery_module=loud': 'loud' is not a level (debug, info, warning, critical, off)"),
            (["--log-level", "default=info,no_such_module=debug", "-m", PRODUCT_MODULES],
             "--log-level.no_such_module: no module named 'no_such_module' in the modules directories"),
        )
        for args, says in cases:
            p = run(*args)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn(says, p.stderr)
        for levels, says in (({"delivery_module": 3}, "log_levels.delivery_module: not a string"),
                             ({"default": "verbose"}, "log_levels.default: 'verbose' is not a level"),
                             ({"x402_modul": "debug"}, "log_levels.x402_modul: no module named 'x402_modul'")):
            write_private(cfg, json.dumps({"version": 1, "modules_dirs": [PRODUCT_MODULES], "log_levels": levels,
                                           "modules": [{"name": "wallet_module"}]}))
            for extra in ([], ["--check-config"]):
                p = run("--config", cfg, *extra)
                self.assertEqual(p.returncode, 1, p.stderr)
                self.assertIn(cfg + ": " + says, p.stderr)
        self.assertFalse(os.path.exists(os.path.join(root, "c", "daemon", "state.json")))

        log("--check-config on a good file: ok, and nothing is started or written")
        write_private(cfg, json.dumps({"version": 1, "modules_dirs": [PRODUCT_MODULES],
                                       "log_levels": {"default": "warning", "delivery_module": "debug"},
                                       "modules": [{"name": "wallet_module"}, {"name": "delivery_module"}]}))
        fresh = ["-D", "--config-dir", os.path.join(root, "c2"), "--persistence-path", os.path.join(root, "p2")]
        p = run("--config", cfg, "--check-config", dirs=fresh)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(f"logoscore: {cfg}: ok (2 module(s))", p.stdout)
        self.assertFalse(os.path.exists(os.path.join(root, "c2")), "--check-config wrote into the config dir")
        self.assertFalse(os.path.exists(os.path.join(root, "p2")), "--check-config made the persistence dir")
        p = run("--check-config", "-m", PRODUCT_MODULES)
        self.assertEqual(p.returncode, 1)
        self.assertIn("--check-config needs --config <file>", p.stderr)
