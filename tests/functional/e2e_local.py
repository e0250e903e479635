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
import stat
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

    def test_prepared_daemons_run_twice_and_keep_files_private(self):
        """README: `local prepare` then `local run` reuses the daemons; a second run must pass too.
        Every file the run leaves is 0600 and every directory 0700 (the state file holds the wallet
        password; the databases hold payments)."""
        self.require_modules("wallet_module", "payment_streams_module", "delivery_module", "x402_module")
        tmp = tempfile.mkdtemp(prefix="lzp-e2e2-", dir="/tmp")
        e2e = os.path.join(tmp, "e2e")
        env = dict(os.environ, MODE="store", LEZPAY_BUILD_DIR=BUILD_DIR, LEZPAY_E2E_DIR=e2e)
        try:
            p = subprocess.run([sys.executable, SCRIPT, "local", "prepare"], env=env, capture_output=True, text=True,
                               timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr[-3000:])
            for attempt in (1, 2):
                artifact = os.path.join(tmp, f"run{attempt}.log")
                p = subprocess.run([sys.executable, SCRIPT, "local", "run"], env=dict(env, ARTIFACT=artifact),
                                   capture_output=True, text=True, timeout=300)
                lines = [json.loads(l) for l in open(artifact) if l.strip()]
                failed = [l for l in lines if l["status"] != "ok"]
                log(f"run {attempt}: {len(lines)} phases, failed: {[l['phase'] for l in failed]}")
                self.assertEqual(p.returncode, 0, f"run {attempt}: {failed}\n{p.stderr[-3000:]}")
            loose = []
            for root, dirs, files in os.walk(e2e):
                for name in dirs + files:
                    path = os.path.join(root, name)
                    if os.path.islink(path):
                        continue
                    st = os.stat(path)
                    if stat.S_ISSOCK(st.st_mode):
                        continue
                    if st.st_mode & 0o077:
                        loose.append(f"{os.path.relpath(path, e2e)} {oct(st.st_mode & 0o777)}")
            log(f"checked modes under {e2e}: {len(loose)} readable by others")
            self.assertEqual(loose, [], "files or directories readable by group or others:\n" + "\n".join(loose))
        finally:
            subprocess.run([sys.executable, SCRIPT, "local", "teardown"], env=env, capture_output=True, timeout=60)
            shutil.rmtree(tmp, ignore_errors=True)

    def test_store_journey(self):
        self.run_mode("store", ["wallet_module", "payment_streams_module", "delivery_module", "x402_module"])

    def test_module_journey(self):
        self.run_mode("module", ["wallet_module", "payment_streams_module"])


if __name__ == "__main__":
    unittest.main()
