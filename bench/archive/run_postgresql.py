#!/usr/bin/env python3
"""Runs bench_archive against a throw-away PostgreSQL server on 127.0.0.1 (durable settings:
fsync on, synchronous_commit on), started with tests/functional/pg_server.py.

Usage: bench/archive/run_postgresql.py [N=100000]   (LEZPAY_BUILD_DIR selects the build, default build/)
"""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "functional"))
import pg_server  # noqa: E402


def main(argv):
    n = argv[1] if len(argv) > 1 else "100000"
    build = os.path.abspath(os.environ.get("LEZPAY_BUILD_DIR", os.path.join(ROOT, "build")))
    bench = os.path.join(build, "bin", "bench_archive")
    reason = pg_server.unavailable_reason()
    if reason:
        print(f"bench_archive (postgresql): skipped: {reason}", file=sys.stderr)
        return 0
    with pg_server.PgServer(fast=False) as pg:
        url = pg.create_database("archive_bench")
        print(f"PostgreSQL {os.path.basename(os.path.dirname(pg.bin_dir))} on 127.0.0.1:{pg.port} (fsync on)", flush=True)
        return subprocess.call([bench, n, url])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
