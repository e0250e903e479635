"""A daemon configured by one file (`logoscore -D --config FILE`): it loads its modules and runs
their settings at start, comes back after a kill on the same addresses (Store node multiaddr,
merchant and facilitator ports) with its wallet unlocked from a 0600 password file, still serves
a Store query and an x402 payment; `logoscore reload` and SIGHUP apply a price change live and
list what needs a restart; every unlock source works and the unsafe ones are refused. Loopback only."""
import json
import os
import signal
import socket
import subprocess
import time

from framework import LOGOSCORE, PRODUCT_MODULES, Node, genesis_accounts, log
from x402_server_pay import X402ServerCase, b64json, http_request

G = genesis_accounts()
PUBSUB = "/waku/2/default-waku/proto"
TOPIC = "/lezpay/1/config-file/proto"
PASSWORD = "config file wallet password 7f3a"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_private(path, text, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, mode)


class HostConfigFile(X402ServerCase):
    def start_provider(self, name="provider"):
        """The provider is started from its configuration file, not by calls."""
        self.ports = {"node": free_port(), "merchant": free_port(), "facilitator": free_port()}
        root = os.path.join(self.tmp, name)
        os.makedirs(root, mode=0o700, exist_ok=True)
        self.password_file = os.path.join(root, "wallet.pass")
        write_private(self.password_file, PASSWORD + "\n")
        self.config_path = os.path.join(root, "provider.json")
        self.config = self.provider_config(root, store_price="4")
        self.write_config()
        node = Node(name, root, [], extra_args=["--config", self.config_path])
        self.nodes.append(node)
        return node.start(timeout=60)

    def provider_config(self, root, store_price):
        fac_url = f"http://127.0.0.1:{self.ports['facilitator']}"
        return {"version": 1, "modules_dirs": [PRODUCT_MODULES], "modules": [
            {"name": "wallet_module", "settings": [
                {"unlock": {"password_file": self.password_file, "create_if_missing": True}},
                {"configure": {"sequencer_url": self.net.url}}]},
            {"name": "delivery_module", "settings": [
                {"createNode": {"configJson": {"host": "127.0.0.1", "tcpPort": self.ports["node"],
                                               "archiveUrl": f"sqlite:{root}/store.sqlite"}}},
                {"start": {}}]},
            {"name": "x402_module", "settings": [
                {"startFacilitator": {"config_json": {"port": self.ports["facilitator"]}}},
                {"configureStorePayment": {"config_json": {"amount": store_price, "payTo": G["provider"]["account_id"]}}},
                {"startMerchant": {"config_json": {
                    "port": self.ports["merchant"], "facilitator_url": fac_url,
                    "resources": [{"path": "/weather", "price": str(self.PRICE), "payTo": G["merchant"]["account_id"],
                                   "description": "today's weather", "mimeType": "application/json",
                                   "maxTimeoutSeconds": 60, "body": {"forecast": "sunny"}}]}}}]}]}

    def write_config(self):
        write_private(self.config_path, json.dumps(self.config, indent=2))

    def restart_after_kill(self, node):
        node.kill()
        node._log.close()
        node.proc = None
        os.unlink(node.state_path)  # left behind by the kill; the next start writes its own
        return node.start(timeout=60)

    def store_price(self):
        return self.ok(self.provider, "x402_module", "getStorePaymentRequirements")["requirements"]["amount"]

    def test_a_killed_daemon_comes_back_as_configured_on_the_same_addresses(self):
        p = self.provider
        before = self.ok(p, "delivery_module", "getNodeInfo")
        self.assertTrue(before["multiaddr"].startswith(f"/ip4/127.0.0.1/tcp/{self.ports['node']}/"), before)
        self.assertEqual(self.store_price(), "4")
        merchant_url = f"http://127.0.0.1:{self.ports['merchant']}/weather"
        self.challenge_of(merchant_url)
        self.assertNotIn(PASSWORD, p.read_log(), "the password reached the daemon's log")

        log("kill -9 and start again from the same file")
        self.restart_after_kill(p)
        after = self.ok(p, "delivery_module", "getNodeInfo")
        self.assertEqual(after["multiaddr"], before["multiaddr"])
        self.assertEqual(self.store_price(), "4")
        self.ok(p, "wallet_module", "list_accounts")  # WALLET_NOT_OPEN unless the unlock step ran

        log("an x402 payment to the merchant on its configured port")
        challenge = self.challenge_of(merchant_url)
        payload, _ = self.pay(challenge)
        status, _, body = http_request(merchant_url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200, body)

        log("a Store query to the node at the address saved before the restart")
        u = self.user
        u.load("delivery_module")
        self.ok(u, "delivery_module", "createNode", "json:" + json.dumps({"storeService": False, "storeNode": before["multiaddr"]}))
        self.ok(u, "delivery_module", "start")
        self.ok(u, "delivery_module", "send", TOPIC, "str:kept across a restart")
        deadline = time.time() + 10
        while self.ok(p, "delivery_module", "getNodeInfo")["archive"]["messages"] < 1:
            self.assertLess(time.time(), deadline, "the message was not archived")
            time.sleep(0.05)
        r = self.ok(u, "delivery_module", "storeQuery", "json:" + json.dumps(
            {"requestId": "after-restart", "includeData": False, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}))
        self.assertEqual((r["statusCode"], len(r["messages"])), (200, 1), r)
        self.assertNotIn(PASSWORD, p.read_log(), "the password reached the daemon's log")

    def test_reload_and_sighup_apply_prices_live_and_list_restarts(self):
        p = self.provider
        self.config["modules"][2]["settings"][1]["configureStorePayment"]["config_json"]["amount"] = "9"
        self.config["modules"][2]["settings"][2]["startMerchant"]["config_json"]["port"] = free_port()
        self.write_config()
        r = self.assert_ok(p.cli("reload"))
        self.assertEqual(r["applied"], ["modules[2].settings[1].configureStorePayment"])
        self.assertEqual(r["failed"], [])
        self.assertEqual([x["field"] for x in r["restart_required"]], ["modules[2].settings[2].startMerchant"])
        self.assertEqual(self.store_price(), "9")
        self.challenge_of(f"http://127.0.0.1:{self.ports['merchant']}/weather")  # still on the old port

        log("SIGHUP: the same re-read, answered in the log")
        self.config["modules"][2]["settings"][1]["configureStorePayment"]["config_json"]["amount"] = "11"
        self.write_config()
        p.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 20
        while self.store_price() != "11":
            self.assertLess(time.time(), deadline, p.read_log())
            time.sleep(0.1)
        deadline = time.time() + 5
        while p.read_log().count("modules[2].settings[1].configureStorePayment applied") < 2:
            self.assertLess(time.time(), deadline, p.read_log())
            time.sleep(0.05)
        self.assertIn("modules[2].settings[2].startMerchant needs a restart", p.read_log())

        log("a broken file is refused by reload and changes nothing")
        with open(self.config_path, "w") as f:
            f.write('{"version":1,"modules":[{"name":"wallet_module","settings":[{"configure":7}]}]}')
        self.expect_error(p.cli("reload"), "INVALID_CONFIG", "modules[0].settings[0].configure: not an object")
        self.assertEqual(self.store_price(), "11")
        self.assertIsNone(p.proc.poll())


class HostConfigRefusals(X402ServerCase):
    """A file that does not describe a daemon that can run stops the start, naming the field."""

    def start_provider(self, name="provider"):
        return None

    def test_bad_files_stop_the_start_naming_the_field(self):
        root = os.path.join(self.tmp, "bad")
        os.makedirs(root, mode=0o700)
        cfg = os.path.join(root, "cfg.json")
        cases = (
            ({"version": 1, "modules": [{"name": "delivery_module", "settings": [{"createNode": 7}]}]},
             "modules[0].settings[0].createNode: not an object"),
            ({"version": 1, "modules": [{"name": "no_such_module"}]},
             "modules[0].name: no module named 'no_such_module'"),
            ({"version": 1, "modules": [{"name": "delivery_module", "settings": [
                {"createNode": {"configJson": {"tcpPort": "sixty"}}}]}]},
             "modules[0].settings[0].createNode: INVALID_CONFIG"),
            ({"version": 1, "modules": [{"name": "wallet_module", "settings": [{"no_such_op": {}}]}]},
             "modules[0].settings[0].no_such_op: METHOD_NOT_FOUND"),
        )
        for doc, says in cases:
            doc["modules_dirs"] = [PRODUCT_MODULES]
            write_private(cfg, json.dumps(doc))
            p = subprocess.run([LOGOSCORE, "-D", "--config-dir", os.path.join(root, "c"), "--persistence-path",
                                os.path.join(root, "p"), "--config", cfg], capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn(cfg + ": " + says, p.stderr)
            self.assertFalse(os.path.exists(os.path.join(root, "c", "daemon", "state.json")))
        log("--config and --persist-config exclude each other")
        p = subprocess.run([LOGOSCORE, "-D", "--config-dir", os.path.join(root, "c"), "--config", cfg, "--persist-config"],
                           capture_output=True, text=True, timeout=20)
        self.assertEqual(p.returncode, 1)
        self.assertIn("--persist-config and --config exclude each other", p.stderr)

        log("reload on a daemon started without --config")
        node = self.start_daemon("plain", module_dirs=[PRODUCT_MODULES])
        self.expect_error(node.cli("reload"), "NO_CONFIG_FILE", "started without --config")


class HostConfigUnlock(X402ServerCase):
    """Each unlock source, and the refusals. The provider of X402ServerCase is not needed."""

    def start_provider(self, name="provider"):
        return None

    def start_with(self, name, unlock, env_extra=None, pass_fds=(), expect_ok=True):
        root = os.path.join(self.tmp, name)
        os.makedirs(root, mode=0o700, exist_ok=True)
        cfg = os.path.join(root, "cfg.json")
        write_private(cfg, json.dumps({"version": 1, "modules_dirs": [PRODUCT_MODULES], "modules": [
            {"name": "wallet_module", "settings": [{"unlock": dict(unlock, create_if_missing=True)},
                                                   {"configure": {"sequencer_url": self.net.url}}]}]}))
        args = [LOGOSCORE, "-D", "--config-dir", os.path.join(root, "c"), "--persistence-path", os.path.join(root, "p"),
                "--config", cfg]
        env = dict(os.environ, **(env_extra or {}))
        env.pop("LOGOSCORE_TOKEN", None)
        if expect_ok:
            node = Node(name, root, [], extra_args=["--config", cfg])
            self.nodes.append(node)
            saved = dict(os.environ)
            os.environ.update(env_extra or {})
            try:
                if pass_fds:
                    # Node.start has no pass_fds: start the same command line here.
                    node._log = open(node.log_path, "ab")
                    node.proc = subprocess.Popen(args, stdout=node._log, stderr=subprocess.STDOUT, env=env, pass_fds=pass_fds)
                    deadline = time.time() + 60
                    while not os.path.exists(node.state_path):
                        self.assertIsNone(node.proc.poll(), node.read_log())
                        self.assertLess(time.time(), deadline, node.read_log())
                        time.sleep(0.05)
                else:
                    node.start(timeout=60)
            finally:
                os.environ.clear()
                os.environ.update(saved)
            self.ok(node, "wallet_module", "list_accounts")
            self.assertNotIn(PASSWORD, node.read_log())
            return node
        p = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertFalse(os.path.exists(os.path.join(root, "c", "daemon", "state.json")))
        self.assertNotIn(PASSWORD, p.stderr + p.stdout)
        return p.stderr

    def test_each_source_opens_the_wallet_and_unsafe_ones_are_refused(self):
        root = os.path.join(self.tmp, "secrets")
        os.makedirs(root, mode=0o700)
        good = os.path.join(root, "good.pass")
        write_private(good, PASSWORD + "\n")
        log("password_file 0600")
        self.start_with("file", {"password_file": good})

        log("password_fd: a pipe the parent leaves open")
        r, w = os.pipe()
        os.write(w, (PASSWORD + "\n").encode())
        os.close(w)
        try:
            self.start_with("fd", {"password_fd": r}, pass_fds=(r,))
        finally:
            os.close(r)

        log("systemd_credential from $CREDENTIALS_DIRECTORY")
        creds = os.path.join(self.tmp, "creds")
        os.makedirs(creds, mode=0o700)
        write_private(os.path.join(creds, "wallet"), PASSWORD)
        self.start_with("cred", {"systemd_credential": "wallet"}, env_extra={"CREDENTIALS_DIRECTORY": creds})

        log("refusals: a 0644 file, a missing credential, no credentials directory, a symbolic link")
        loose = os.path.join(root, "loose.pass")
        write_private(loose, PASSWORD, mode=0o644)
        err = self.start_with("loose", {"password_file": loose}, expect_ok=False)
        self.assertIn("UNLOCK_SOURCE_REFUSED", err)
        self.assertIn("has mode 0644", err)
        self.assertIn("modules[0].settings[0].unlock", err)
        err = self.start_with("nocred", {"systemd_credential": "absent"}, env_extra={"CREDENTIALS_DIRECTORY": creds},
                              expect_ok=False)
        self.assertIn("systemd_credential " + creds + "/absent cannot be opened", err)
        err = self.start_with("nodir", {"systemd_credential": "wallet"}, env_extra={"CREDENTIALS_DIRECTORY": ""},
                              expect_ok=False)
        self.assertIn("$CREDENTIALS_DIRECTORY is not set", err)
        link = os.path.join(root, "link.pass")
        os.symlink(good, link)
        err = self.start_with("link", {"password_file": link}, expect_ok=False)
        self.assertIn("symbolic link", err)

        log("the keystore stays sealed at rest: the wallet file does not hold the password")
        for d, _, files in os.walk(os.path.join(self.tmp, "file", "p")):
            for f in files:
                with open(os.path.join(d, f), "rb") as fh:
                    self.assertNotIn(PASSWORD.encode(), fh.read(), f)


if __name__ == "__main__":
    import unittest
    unittest.main()
