"""docs/runbook.md, run as written: its `sh` blocks in one bash shell, in order, against a real
lez-localnet and two real logoscore daemons; each block's answer checked against the abridged
answer the document shows under it (docs/runbook.md says how). The ports and the directory come
from the variables the runbook's first step defines, chosen free here."""
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import unittest

from framework import BUILD_DIR, LOCALNET, LOGOSCORE, PRODUCT_MODULES, REPO_ROOT, log

RUNBOOK = os.path.join(REPO_ROOT, "docs", "runbook.md")
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.S | re.M)
WILDCARD = "…"


def runbook_steps(text):
    """[(sh source, expected kind or None, expected text, expected exit)] in document order; a
    `json`/`text` block belongs to the `sh` block before it."""
    steps = []
    for m in FENCE.finditer(text):
        info = m.group(1).split()
        body = m.group(2)
        if not info:
            continue
        if info[0] == "sh":
            steps.append({"sh": body, "kind": None, "expected": None, "exit": 0, "line": text[:m.start()].count("\n") + 1})
        elif info[0] in ("json", "text") and steps and steps[-1]["kind"] is None:
            steps[-1]["kind"] = info[0]
            steps[-1]["expected"] = body
            for extra in info[1:]:
                if extra.startswith("exit="):
                    steps[-1]["exit"] = int(extra[5:])
    return steps


def matches(expected, actual):
    """Every key of `expected` is in `actual` with a matching value; `…` matches anything; a list
    matches element by element."""
    if expected == WILDCARD:
        return True
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and matches(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(matches(e, a) for e, a in zip(expected, actual))
    return expected == actual


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunbookTest(unittest.TestCase):
    def setUp(self):
        for path in (LOGOSCORE, LOCALNET, os.path.join(PRODUCT_MODULES, "x402_module")):
            if not os.path.exists(path):
                self.skipTest(f"{path} is not built")
        self.root = tempfile.mkdtemp(prefix="rb-", dir="/tmp")
        self.rb = os.path.join(self.root, "rb")

    def tearDown(self):
        # The runbook stops what it started; whatever a failed run left behind goes here.
        for name in ("provider.pid", "user.pid", "localnet.pid"):
            try:
                pid = int(open(os.path.join(self.rb, name)).read().strip())
                os.kill(pid, signal.SIGKILL)
            except (OSError, ValueError):
                pass
        if self._outcome_ok():
            subprocess.run(["rm", "-rf", self.root], check=False)
        else:
            log(f"runbook state kept in {self.root}")

    def _outcome_ok(self):
        result = getattr(self, "_outcome", None)
        errors = getattr(getattr(result, "result", None), "errors", []) + getattr(getattr(result, "result", None), "failures", [])
        return not any(test is self for test, _ in errors)

    def test_runbook_runs_as_written(self):
        with open(RUNBOOK, encoding="utf-8") as f:
            steps = runbook_steps(f.read())
        self.assertGreaterEqual(len(steps), 20, "the runbook lost its steps")
        for s in steps:
            self.assertIsNotNone(s["kind"], f"the sh block at docs/runbook.md:{s['line']} shows no expected answer")
        script = []
        for i, s in enumerate(steps):
            script.append(s["sh"])
            script.append(f"printf '\\n@@RUNBOOK {i} %d@@\\n' $?\n")
        script_path = os.path.join(self.root, "runbook.sh")
        with open(script_path, "w") as f:
            f.write("".join(script))
        env = dict(os.environ, LEZPAY_BUILD=BUILD_DIR, RB=self.rb, LEZ_PORT=str(free_port()),
                   FACILITATOR_PORT=str(free_port()), MERCHANT_PORT=str(free_port()))
        env.pop("LOGOSCORE_TOKEN", None)
        env.pop("LOGOSCORE_CONFIG_DIR", None)
        out_path, err_path = os.path.join(self.root, "runbook.out"), os.path.join(self.root, "runbook.err")
        with open(out_path, "w") as out, open(err_path, "w") as err:
            # Its own session: on a timeout the shell and everything it started go at once.
            p = subprocess.Popen(["bash", "--noprofile", "--norc", script_path], cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err, start_new_session=True)
            try:
                p.wait(timeout=240)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        stdout, stderr = open(out_path).read(), open(err_path).read()
        outputs = {}
        start = 0
        for m in re.finditer(r"\n?@@RUNBOOK (\d+) (\d+)@@\n", stdout):
            outputs[int(m.group(1))] = (stdout[start:m.start()], int(m.group(2)))
            start = m.end()
        for i, s in enumerate(steps):
            where = f"docs/runbook.md:{s['line']}"
            self.assertIn(i, outputs, f"{where}: the block did not finish\nstderr: {stderr[-3000:]}")
            out, rc = outputs[i]
            context = f"{where}\n--- block\n{s['sh']}--- output\n{out}\n--- stderr (tail)\n{stderr[-2000:]}"
            self.assertEqual(rc, s["exit"], f"exit status differs: {context}")
            if s["kind"] == "json":
                lines = [l for l in out.splitlines() if l.strip()]
                self.assertTrue(lines, f"no answer: {context}")
                actual = json.loads(lines[-1])
                expected = json.loads(s["expected"])
                self.assertTrue(matches(expected, actual), f"answer differs from the document: expected {expected}, got {actual}\n{context}")
            else:
                for want in s["expected"].splitlines():
                    if want.strip() and want.strip() != WILDCARD:
                        self.assertIn(want.strip(), out, f"answer differs from the document: {context}")
        log(f"runbook: {len(steps)} blocks ran as written")


class RunbookParsingTest(unittest.TestCase):
    def test_steps_and_matching(self):
        doc = "x\n```sh\necho 1\n```\ntext\n```json exit=4\n{\"a\": \"…\", \"b\": [1]}\n```\n```sh\nls\n```\n```text\nfoo\n```\n"
        steps = runbook_steps(doc)
        self.assertEqual([s["sh"] for s in steps], ["echo 1\n", "ls\n"])
        self.assertEqual((steps[0]["kind"], steps[0]["exit"]), ("json", 4))
        self.assertTrue(matches(json.loads(steps[0]["expected"]), {"a": 5, "b": [1], "c": 0}))
        self.assertFalse(matches(json.loads(steps[0]["expected"]), {"a": 5, "b": [2]}))
        self.assertFalse(matches({"a": 1}, {}))


if __name__ == "__main__":
    unittest.main()
