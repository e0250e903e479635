#!/usr/bin/env python3
"""Runs the functional tests (files named <area>_<topic>.py) and prints 'N passed, N failed'.

Usage: run.py [pattern...]   e.g. run.py host_   (default: every test file)
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main(argv):
    patterns = argv[1:] or [""]
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".py") or name in ("run.py", "framework.py") or "_" not in name:
            continue
        if not any(name.startswith(p) for p in patterns):
            continue
        suite.addTests(loader.loadTestsFromName(name[:-3]))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stderr).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"functional: {passed} passed, {failed} failed, {len(result.skipped)} skipped", flush=True)
    return 0 if failed == 0 and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
