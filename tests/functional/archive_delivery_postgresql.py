"""The delivery functional suite (tests/functional/delivery_*.py) with the provider's archive on a
real PostgreSQL server started by this test on 127.0.0.1 (pg_server.py): one database, one
PostgreSQL schema per test (the archive url's ?schema=, filled from {unique}).

The suite runs in a child `run.py` so that it reads LEZPAY_TEST_ARCHIVE_URL_TEMPLATE afresh."""
import os
import re
import subprocess
import sys
import unittest

from framework import BUILD_DIR, PRODUCT_MODULES, log
import pg_server

HERE = os.path.dirname(os.path.abspath(__file__))
DELIVERY_SO = os.path.join(PRODUCT_MODULES, "delivery_module", "delivery_module_plugin.so")


class ArchiveDeliveryPostgresqlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        reason = pg_server.unavailable_reason()
        if reason:
            raise unittest.SkipTest(reason)
        if not any(n.startswith("delivery_") and n.endswith(".py") for n in os.listdir(HERE)):
            raise unittest.SkipTest("no delivery functional suite (tests/functional/delivery_*.py) in this tree")
        if not os.path.exists(DELIVERY_SO):
            raise AssertionError(f"{DELIVERY_SO} is not built (target delivery_module_plugin)")
        cls.pg = pg_server.PgServer().start()
        log(f"postgresql up on 127.0.0.1:{cls.pg.port}")

    @classmethod
    def tearDownClass(cls):
        cls.pg.stop()

    def test_delivery_suite_with_a_postgresql_archive(self):
        base = self.pg.create_database("delivery")
        template = base + "?schema=t_{unique}"
        env = dict(os.environ, LEZPAY_BUILD_DIR=BUILD_DIR, LEZPAY_TEST_ARCHIVE_URL_TEMPLATE=template)
        proc = subprocess.run([sys.executable, os.path.join(HERE, "run.py"), "delivery_"], env=env,
                              capture_output=True, text=True, timeout=1800)
        # Files' outputs (stderr) first, then the summary with the FAILED names (stdout): a failure's
        # message ends with what failed.
        out = proc.stderr + proc.stdout
        summary = re.search(r"functional: (\d+) passed, (\d+) failed, (\d+) skipped", out)
        self.assertIsNotNone(summary, out[-4000:])
        log(f"delivery suite on PostgreSQL: {summary.group(0)}")
        self.assertEqual(proc.returncode, 0, out[-8000:] + "\n--- server log ---\n" + self.pg.log()[-3000:])
        self.assertEqual(summary.group(2), "0")
        self.assertGreater(int(summary.group(1)), 0)
        # The provider archives really lived in PostgreSQL: one schema per test, with messages.
        schemas = self.pg.sql("delivery", "SELECT count(*) FROM information_schema.tables "
                                          "WHERE table_name = 'messages' AND table_schema LIKE 't\\_%'")
        log(f"archive tables created in PostgreSQL schemas: {schemas}")
        self.assertGreater(int(schemas), 0)
        self.assertNotIn(self.pg.password, out)


if __name__ == "__main__":
    unittest.main()
