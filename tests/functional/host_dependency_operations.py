"""Operation-scoped dependencies (metadata "dependency_operations", docs/decisions.md
"Operation-scoped dependencies"): test_scoped declares wallet_module with node_key_public and
node_key_sign only, as delivery_module does. Those operations answer; every other wallet operation
(money ones included) is ACCESS_DENIED naming the operation, on the asynchronous and the synchronous
path, with modules in their own processes (where the scoped pair gets a direct channel carrying
only those operations) and inside the daemon."""
import json
import os
import time
import unittest

from framework import BUILD_DIR, PRODUCT_MODULES, DaemonTestCase, log

SCOPED_MODULES = os.path.join(BUILD_DIR, "test-modules-scoped")  # test_scoped

OUT_OF_SCOPE = [
    ("transfer_public", {"from": "5cea027907357eeaa7a85dc839015cfbd39be784686a1f0a44124999dbb40740",
                         "to": "5cea027907357eeaa7a85dc839015cfbd39be784686a1f0a44124999dbb40740", "amount": "1"}),
    ("sign_public_payload", {"account_id": "5cea027907357eeaa7a85dc839015cfbd39be784686a1f0a44124999dbb40740",
                             "digest_hex": "00" * 32}),
    ("list_accounts", {}),
    ("node_key_import", {"name": "scoped", "secret_key_hex": "00" * 31 + "01"}),
]


class HostDependencyOperations(DaemonTestCase):
    def check(self, mode):
        node = self.start_daemon(name=mode, module_dirs=[PRODUCT_MODULES, SCOPED_MODULES], env={"LOGOSCORE_MODULE_MODE": mode})
        node.load("test_scoped")  # and wallet_module, its dependency

        def via(how, operation, params):
            args = json.dumps({"target": "wallet_module", "operation": operation, "params": params})
            return self.assert_ok(node.cli("call", "test_scoped", "chainAction", how, args))["result"]["answer"]

        log(f"{mode}: the scoped operations answer")
        public = via("call_then_answer", "node_key_public", {"name": "scoped"})
        self.assertEqual(public["status"], "ok", public)
        self.assertTrue(public["peer_id"].startswith("16Uiu2"), public)
        message = (b"noise-libp2p-static-key:" + bytes(range(32))).hex()
        signed = via("call_then_answer", "node_key_sign", {"name": "scoped", "message_hex": message})
        self.assertEqual(signed["status"], "ok", signed)
        refused = via("call_then_answer", "node_key_sign", {"name": "scoped", "message_hex": "00" * 32})
        self.assertEqual(refused["code"], "NODE_KEY_MESSAGE_REFUSED", refused)

        for how in ("call_then_answer", "call"):
            for operation, params in OUT_OF_SCOPE:
                answer = via(how, operation, params)
                log(f"{mode} {how} {operation}: {answer.get('code')}")
                self.assertEqual(answer.get("code"), "ACCESS_DENIED", answer)
                self.assertIn(f"'{operation}'", answer["message"])
                self.assertIn("dependency_operations", answer["message"])

        if mode == "process":
            deadline = time.time() + 5
            while True:
                calls = {e["name"]: e for e in self.assert_ok(node.cli("stats"))}["test_scoped"]["process"]["calls"]
                if calls["direct"] >= 3 or time.time() > deadline:
                    break
                time.sleep(0.1)
            log(f"test_scoped's module-to-module calls: {calls}")
            self.assertGreaterEqual(calls["direct"], 3, "the scoped operations went on the direct channel")

    def test_scoped_dependency_with_modules_in_their_own_processes(self):
        self.check("process")

    def test_scoped_dependency_with_modules_in_the_daemon(self):
        self.check("in-process")


if __name__ == "__main__":
    unittest.main()
