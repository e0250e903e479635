"""The README's first command as a test: scripts/e2e/run_local_e2e.py on the embedded localnet.

Runs both modes in a temporary state dir and checks the artifact: every phase of the journey is
present, in order, with status ok, and run_total is ok.
"""
import json
import os
import subprocess
import sys
import tempfile
import shutil
import unittest

from framework import BUILD_DIR, REPO_ROOT, DaemonTestCase, log

SCRIPT = os.path.join(REPO_ROOT, "scripts", "e2e", "run_local_e2e.py")

STORE_PHASES = ["fixture_prepare", "provider_up", "user_up", "publish_messages", "vault_deposit",
                "stream_proposal_accepted", "create_stream", "store_query_success", "store_query_missing_proof",
                "store_query_replay_rejected", "x402_challenge", "x402_paid_request", "x402_replay_rejected",
                "store_query_x402", "close_stream", "claim", "run_total"]
MODULE_PHASES = ["fixture_prepare", "module_host_up", "module_init_vault", "module_deposit", "module_create_stream",
                 "module_pause", "module_resume", "module_top_up", "module_status", "module_claim", "run_total"]


class E2eLocalTest(DaemonTestCase):
    def run_mode(self, mode, needed_modules):
        self.require_modules(*needed_modules)
        tmp = tempfile.mkdtemp(prefix="lzp-e2e-", dir="/tmp")
        try:
            artifact = os.path.join(tmp, "artifact.log")
            env = dict(os.environ, MODE=mode, ARTIFACT=artifact, LEZPAY_BUILD_DIR=BUILD_DIR,
                       LEZPAY_E2E_DIR=os.path.join(tmp, "e2e"))
            p = subprocess.run([sys.executable, SCRIPT, "local", "run"], env=env, capture_output=True, text=True,
                               timeout=300)
            lines = [json.loads(l) for l in open(artifact) if l.strip()]
            for l in lines:
                log(f"{l['phase']}: {l['status']} {l['elapsed_ms']} ms")
            self.assertEqual(p.returncode, 0, p.stderr[-3000:] + "\n" + p.stdout[-3000:])
            self.assertEqual([l["phase"] for l in lines], STORE_PHASES if mode == "store" else MODULE_PHASES)
            self.assertTrue(all(l["status"] == "ok" for l in lines), lines)
            # Nothing left running: teardown stopped every process the run started.
            self.assertFalse(os.path.exists(os.path.join(tmp, "e2e", "state.json")))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_store_journey(self):
        self.run_mode("store", ["wallet_module", "payment_streams_module", "delivery_module", "x402_module"])

    def test_module_journey(self):
        self.run_mode("module", ["wallet_module", "payment_streams_module"])


if __name__ == "__main__":
    unittest.main()
