"""No secret reaches a daemon's log, even with every logging category at debug level
(QT_LOGGING_RULES="*.debug=true", the most verbose setting an operator can choose): the wallet
password (create_new, verify_password wrong and right, open), an imported private key, the daemon's own
token and a named token are each used and then searched for in the daemon's output."""
import os
import secrets

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log

MODULES = ("wallet_module", "payment_streams_module", "delivery_module", "x402_module")


class LogSecrets(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.saved_rules = os.environ.get("QT_LOGGING_RULES")
        os.environ["QT_LOGGING_RULES"] = "*.debug=true"

    def tearDown(self):
        super().tearDown()
        if self.saved_rules is None:
            os.environ.pop("QT_LOGGING_RULES", None)
        else:
            os.environ["QT_LOGGING_RULES"] = self.saved_rules

    def chain(self, node, op, params, token=None):
        return node.rpc("call", {"module": "wallet_module", "method": "chainAction", "args": [op, params]}, token=token)

    def test_secrets_stay_out_of_debug_logs(self):
        self.require_modules(*MODULES)
        net = self.start_localnet()
        node = self.start_daemon("secrets", module_dirs=[PRODUCT_MODULES])
        for m in MODULES:
            node.load(m)
        password = "log-secret " + secrets.token_hex(16)
        key_hex = genesis_accounts()["user"]["secret_key_hex"]
        self.assertEqual(self.chain(node, "configure", {"sequencer_url": net.url})["status"], "ok")
        self.assertEqual(self.chain(node, "create_new", {"password": password})["status"], "ok")
        self.assertEqual(self.chain(node, "import_account_private_key", {"private_key_hex": key_hex})["status"], "ok")
        wrong = self.chain(node, "verify_password", {"password": password + "x"})
        right = self.chain(node, "verify_password", {"password": password})
        self.assertNotEqual(wrong, right)
        # The module's answer to a second open does not matter here, only what it logs.
        self.chain(node, "open", {"password": password})
        named = node.cli("issue-token", "--name", "ops", "--replace")
        self.assertEqual(named.rc, 0, named)
        named_token = named.json["token"]
        self.assertEqual(node.rpc("status", token=named_token).get("status"), "ok")
        own_token = node.token()
        node.stop()
        with open(node.log_path, "rb") as f:
            text = f.read().decode(errors="replace")
        log(f"daemon log at debug level: {len(text.splitlines())} lines")
        for secret, what in ((password, "wallet password"), (key_hex, "private key"), (own_token, "daemon token"),
                             (named_token, "named token")):
            self.assertNotIn(secret, text, f"the {what} appears in the daemon log at debug level")
