"""The shared-store conformance suite (tests/sqlstore/tst_store_conformance: replay memory,
settlement journal, served payments) against a real PostgreSQL server that this test starts on
127.0.0.1 (pg_server.py), the same suite SQLite passes under ctest."""
import json
import os
import re
import subprocess
import unittest

from framework import BUILD_DIR, log
import pg_server

TST = os.path.join(BUILD_DIR, "tests", "tst_store_conformance")


class StoresPostgresqlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        reason = pg_server.unavailable_reason()
        if reason:
            raise unittest.SkipTest(reason)
        if not os.access(TST, os.X_OK):
            raise AssertionError(f"{TST} is not built (target tst_store_conformance)")
        cls.pg = pg_server.PgServer().start()
        log(f"postgresql up on 127.0.0.1:{cls.pg.port}")

    @classmethod
    def tearDownClass(cls):
        cls.pg.stop()

    def test_conformance_suite_passes_on_postgresql(self):
        url = self.pg.create_database("stores_suite")
        env = dict(os.environ, LEZPAY_TEST_PG_URL=url, QT_QPA_PLATFORM="offscreen",
                   LEZPAY_TEST_PG_RESTART=json.dumps(self.pg.restart_command()))
        proc = subprocess.run([TST], env=env, capture_output=True, text=True, timeout=600)
        out = proc.stdout + proc.stderr
        totals = re.search(r"Totals: (\d+) passed, (\d+) failed, (\d+) skipped", out)
        self.assertIsNotNone(totals, out[-3000:])
        log(f"tst_store_conformance: {totals.group(0)}")
        self.assertEqual(proc.returncode, 0, out[-6000:] + "\n--- server log ---\n" + self.pg.log()[-3000:])
        pg_skips = [l for l in out.splitlines() if l.startswith("SKIP") and "(postgresql)" in l]
        self.assertEqual(pg_skips, [], "\n".join(pg_skips))
        for name in ("replayTwoConnectionsRaceRecordsEachIdOnce", "journalTwoConnectionsRaceClaimAndDeliverOnce",
                     "servedPaymentsTwoConnectionsRaceRecordOnce", "serverRestartFailsThenEveryStoreReconnects",
                     "journalClaimsOnceAndKeepsSettled"):
            self.assertIn(f"PASS   : TstStoreConformance::{name}(postgresql)", out)
        self.assertNotIn(self.pg.password, out)


if __name__ == "__main__":
    unittest.main()
