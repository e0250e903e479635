"""The archive behaviour suite (tests/archive/tst_archive) against a real PostgreSQL server that
this test starts on 127.0.0.1 (tests/functional/pg_server.py), the same suite SQLite passes."""
import json
import os
import re
import subprocess
import unittest

from framework import BUILD_DIR, log
import pg_server

TST_ARCHIVE = os.path.join(BUILD_DIR, "tests", "tst_archive")


class ArchivePostgresqlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        reason = pg_server.unavailable_reason()
        if reason:
            raise unittest.SkipTest(reason)
        if not os.access(TST_ARCHIVE, os.X_OK):
            raise AssertionError(f"{TST_ARCHIVE} is not built (target tst_archive)")
        cls.pg = pg_server.PgServer().start()
        log(f"postgresql up on 127.0.0.1:{cls.pg.port} (bin {cls.pg.bin_dir})")

    @classmethod
    def tearDownClass(cls):
        cls.pg.stop()

    def run_suite(self, url, *args):
        env = dict(os.environ, LEZPAY_TEST_PG_URL=url, QT_QPA_PLATFORM="offscreen",
                   LEZPAY_TEST_PG_RESTART=json.dumps(self.pg.restart_command()))
        proc = subprocess.run([TST_ARCHIVE, *args], env=env, capture_output=True, text=True, timeout=600)
        return proc.returncode, proc.stdout + proc.stderr

    def test_behaviour_suite_passes_on_postgresql(self):
        url = self.pg.create_database("archive_suite")
        rc, out = self.run_suite(url)
        totals = re.search(r"Totals: (\d+) passed, (\d+) failed, (\d+) skipped", out)
        self.assertIsNotNone(totals, out[-3000:])
        log(f"tst_archive: {totals.group(0)}")
        lines = out.splitlines()
        failures = "\n".join("\n".join(lines[i:i + 3]) for i, l in enumerate(lines) if l.startswith("FAIL!"))
        self.assertEqual(rc, 0, failures + "\n--- end of the suite's output ---\n" + out[-4000:] + "\n--- server log ---\n" +
                         self.pg.log()[-3000:])
        self.assertEqual(totals.group(2), "0")
        # Every behaviour ran on PostgreSQL: nothing skipped there, the killed-connection case passed.
        pg_skips = [l for l in out.splitlines() if l.startswith("SKIP") and "(postgresql)" in l]
        self.assertEqual(pg_skips, [], "\n".join(pg_skips))
        self.assertIn("PASS   : TestArchive::droppedConnectionIsUnavailableThenReconnects(postgresql)", out)
        self.assertIn("PASS   : TestArchive::serverRestartIsUnavailableThenReconnects(postgresql)", out)
        self.assertIn("PASS   : TestArchive::paginationHasNoGapOrDuplicateBothWays(postgresql)", out)
        self.assertIn("PASS   : TestArchive::wrongPasswordIsUnavailableWithoutLeakingIt(postgresql)", out)
        self.assertNotIn(self.pg.password, out)


if __name__ == "__main__":
    unittest.main()
