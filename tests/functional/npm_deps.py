"""Pinned npm packages for the tests that drive real JavaScript clients (js-libp2p, @waku/sdk, the MCP
SDK, the x402 reference client, playwright-core): `npm ci` from the directory's committed lockfile, once.

Test files run side by side (run.py -j), and two `npm ci` in one directory delete each other's
node_modules: the install runs under an exclusive lock per directory, and a file that waited finds
the packages there and installs nothing.
"""
import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile

from framework import log

UNREACHABLE = ("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT")


def npm_ci(directory, marker, timeout=300):
    """Runs `npm ci` in `directory` unless `marker` (a path relative to it) exists. Answers a reason to
    skip (node or npm missing, the registry unreachable) or None; any other failure raises."""
    if os.path.exists(os.path.join(directory, marker)):
        return None
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return "node/npm are not installed"
    key = hashlib.sha256(os.path.realpath(directory).encode()).hexdigest()[:16]
    lock_path = os.path.join(tempfile.gettempdir(), f"lezpay-npm-{key}.lock")
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(os.path.join(directory, marker)):
            return None
        log(f"npm ci in {os.path.relpath(directory)} ({marker} missing)")
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=directory, capture_output=True, text=True,
                           timeout=timeout)
    if r.returncode != 0:
        text = r.stdout + r.stderr
        if any(s in text for s in UNREACHABLE):
            return "npm cannot reach its registry: " + text.strip().splitlines()[-1]
        raise AssertionError(f"npm ci in {directory} failed:\n" + text)
    return None
