#!/usr/bin/env python3
"""Runs the functional tests (files named <area>_<topic>.py) and prints 'N passed, N failed'.

Usage: run.py [-j N] [--timeout S] [pattern...]   e.g. run.py -j 1 host_   (default: every file, 2 workers)

LEZPAY_MODULE_MODE=process (default) | in-process: where every daemon the tests start runs its
modules (one process each, or threads of the daemon); passed on as $LOGOSCORE_MODULE_MODE, which
logoscore -D reads when neither --in-process nor a config file chooses.

Each file runs in its own process (`run.py --one FILE`), N at a time; a file's output is printed in
one piece when it ends, a failure in one file never stops the others, and the total comes last with
the failed tests (their directories are kept, see framework.py) and the product-module operations
no functional test called (informational). Files start longest first, by the durations of the last
run kept in $LEZPAY_BUILD_DIR/functional-durations.json (a fresh build directory uses
tests/functional/durations.json: only the order matters). Every daemon listens on port 0 or a Unix
socket in its test's own directory, so files running side by side never share a port.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# Every daemon the tests start checks each answer against its operation's declared result shape
# (sdk dispatcher), so a shape left behind by a change fails here, not only in CI.
os.environ.setdefault("LEZPAY_CONTRACT_CHECKS", "1")
MODULE_MODE = os.environ.get("LEZPAY_MODULE_MODE", "process")
if MODULE_MODE not in ("process", "in-process"):
    sys.exit(f"run.py: LEZPAY_MODULE_MODE must be process or in-process, not {MODULE_MODE!r}")
os.environ["LOGOSCORE_MODULE_MODE"] = MODULE_MODE
HELPERS = ("run.py", "framework.py")


def test_files(patterns):
    names = []
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".py") or name in HELPERS or "_" not in name:
            continue
        if any(name.startswith(p) for p in patterns):
            names.append(name)
    return names


def run_one(name, summary_path):
    """Runs one file in this process; writes {passed, failed, skipped, failures} to summary_path."""
    suite = unittest.TestLoader().loadTestsFromName(name[:-3])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stderr).run(suite)
    failed = [t.id() for t, _ in result.failures + result.errors]
    summary = {"run": result.testsRun, "failed": failed, "skipped": len(result.skipped)}
    with open(summary_path, "w") as f:
        json.dump(summary, f)
    return 0 if not failed and result.testsRun > 0 else 1


class Outcome:
    def __init__(self, name):
        self.name = name
        self.seconds = 0.0
        self.output = ""
        self.run = 0
        self.failed = []
        self.skipped = 0
        self.broken = None  # the file did not report (crash, import error, timeout)


def run_file(name, calls_dir, timeout):
    out = Outcome(name)
    fd, summary_path = tempfile.mkstemp(prefix="lzp-summary-", suffix=".json")
    os.close(fd)
    env = dict(os.environ, LEZPAY_CALLS_DIR=calls_dir, PYTHONUNBUFFERED="1")
    t0 = time.time()
    # Own process group: a timeout ends the file and every daemon it started, nothing else.
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--one", name, "--summary", summary_path],
                            cwd=HERE, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            errors="replace", start_new_session=True)
    try:
        out.output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out.output, _ = proc.communicate()
        out.broken = f"timed out after {timeout} s"
    out.seconds = time.time() - t0
    try:
        with open(summary_path) as f:
            s = json.load(f)
        out.run, out.failed, out.skipped = s["run"], s["failed"], s["skipped"]
    except (OSError, ValueError, KeyError):
        out.broken = out.broken or f"exited with {proc.returncode} without a summary"
    finally:
        os.unlink(summary_path)
    if out.broken and not out.failed:
        out.failed = [f"{name}: {out.broken}"]
    return out


def product_operations(build_dir):
    """{(module, operation)} from module-info of every product module, through one throwaway daemon."""
    import framework
    root = tempfile.mkdtemp(prefix="lzp-ops-", dir="/tmp")
    node = framework.Node("ops", root, [framework.PRODUCT_MODULES])
    ops = set()
    try:
        node.start()
        listed = node.cli("list-modules").json or []
        for m in listed:
            name = m.get("name") if isinstance(m, dict) else m
            node.cli("load-module", name)  # module-info lists the operations of a loaded module only
            info = node.cli("module-info", name).json or {}
            for method in info.get("methods", []):
                if method["name"] != "chainAction":  # the dispatcher: a call through it counts as its operation
                    ops.add((name, method["name"]))
            if not info.get("methods"):
                raise RuntimeError(f"module-info {name} lists no operation")
    finally:
        try:
            node.stop()
        except Exception:  # noqa: BLE001 - the listing is informational
            node.kill()
        shutil.rmtree(root, ignore_errors=True)
    return ops


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-j", "--jobs", type=int, default=2, help="files run at the same time (default 2)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds one file may take (default 900)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--summary", help=argparse.SUPPRESS)
    ap.add_argument("patterns", nargs="*")
    args = ap.parse_args(argv[1:])
    if args.one:
        return run_one(args.one, args.summary)
    if args.jobs < 1:
        ap.error("-j needs at least 1")

    import framework
    names = test_files(args.patterns or [""])
    if not names:
        print(f"functional: no test file matches {args.patterns}", flush=True)
        return 1
    durations_path = os.path.join(framework.BUILD_DIR, "functional-durations.json")
    known = {}
    # A fresh build directory (CI) starts from the durations kept in the tree.
    for path in (durations_path, os.path.join(HERE, "durations.json")):
        try:
            with open(path) as f:
                known = json.load(f)
            break
        except (OSError, ValueError):
            continue
    names.sort(key=lambda n: -known.get(n, 1e9))  # unknown files first: they may be long
    calls_dir = tempfile.mkdtemp(prefix="lzp-calls-", dir="/tmp")
    lock = threading.Lock()
    outcomes = []
    t0 = time.time()

    def one(name):
        o = run_file(name, calls_dir, args.timeout)
        with lock:
            outcomes.append(o)
            state = "FAILED" if o.failed else "ok"
            sys.stderr.write(f"==== {name}: {o.run} tests, {len(o.failed)} failed, {o.seconds:.1f} s, {state}\n")
            sys.stderr.write(o.output)
            if not o.output.endswith("\n"):
                sys.stderr.write("\n")
            sys.stderr.flush()

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(one, names))
    wall = time.time() - t0

    known.update({o.name: round(o.seconds, 1) for o in outcomes if not o.broken})
    present = set(test_files([""]))
    known = {n: t for n, t in known.items() if n in present}
    try:
        with open(durations_path, "w") as f:
            json.dump(known, f, indent=1, sort_keys=True)
    except OSError:
        pass

    called = set()
    for fn in os.listdir(calls_dir):
        with open(os.path.join(calls_dir, fn)) as f:
            called.update(tuple(c) for c in json.load(f))
    shutil.rmtree(calls_dir, ignore_errors=True)
    if not args.patterns:
        try:
            uncalled = sorted(product_operations(framework.BUILD_DIR) - called)
            print(f"functional: {len(uncalled)} product-module operations no functional test called:", flush=True)
            for module, op in uncalled:
                print(f"    {module}.{op}", flush=True)
        except Exception as e:  # noqa: BLE001 - informational, never a failure
            print(f"functional: could not list the operations no test called: {e}", flush=True)

    run = sum(o.run for o in outcomes)
    failed = [t for o in outcomes for t in o.failed]
    skipped = sum(o.skipped for o in outcomes)
    for t in failed:
        print(f"FAILED {t}", flush=True)
    passed = sum(max(0, o.run - len(o.failed) - o.skipped) for o in outcomes)
    print(f"functional: {passed} passed, "
          f"{len(failed)} failed, {skipped} skipped in {wall:.0f} s ({len(names)} files, -j {args.jobs}, "
          f"modules {MODULE_MODE})", flush=True)
    return 0 if not failed and run > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
