"""Modules in their own processes (child_module.h, docs/decisions.md "Modules in their own processes"):
each module runs in a child of its own, kill -9 of a child mid-call answers MODULE_CRASHED at once
while the other modules keep serving, the module comes back per its restart policy with the settings
the config file gave it, and `--in-process` keeps every module inside the daemon."""
import json
import os
import signal
import stat
import subprocess
import threading
import time
import unittest

from framework import LOGOSCORE, TEST_MODULES, DaemonTestCase, EventWatcher, log

PROCESS = {"LOGOSCORE_MODULE_MODE": "process"}


def read_proc(pid, name):
    with open(f"/proc/{pid}/{name}", "rb") as f:
        return f.read().decode(errors="replace")


def running(pid):
    """True while `pid` exists and is not a zombie."""
    try:
        return "zombie" not in read_proc(pid, "status")
    except OSError:
        return False


class HostModuleProcess(DaemonTestCase):
    def loaded(self, node):
        return {m["name"]: m for m in self.assert_ok(node.cli("list-modules", "--loaded"))}

    def call_counts(self, node, module, direct_at_least=0, timeout=5):
        """stats' module-to-module call counters of `module`; direct calls are reported in batches."""
        deadline = time.time() + timeout
        while True:
            calls = {e["name"]: e for e in self.assert_ok(node.cli("stats"))}[module]["process"]["calls"]
            if calls["direct"] >= direct_at_least or time.time() > deadline:
                return calls
            time.sleep(0.05)

    def wait_running(self, node, module, old_pid, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.loaded(node)[module]
            if m["process"]["state"] == "running" and m["pid"] not in (0, old_pid):
                return m
            time.sleep(0.05)
        self.fail(f"{module} did not come back: {self.loaded(node)[module]}")

    def write_config(self, modules):
        path = os.path.join(self.tmp, "lezpay.json")
        with open(path, "w") as f:
            json.dump({"version": 1, "modules_dirs": [TEST_MODULES], "modules": modules}, f)
        return path

    def test_each_module_runs_in_its_own_least_privileged_process(self):
        node = self.start_daemon(env=PROCESS)
        node.load("test_caller")  # and test_echo, its dependency
        mods = self.loaded(node)
        pids = {name: m["pid"] for name, m in mods.items()}
        log(f"daemon pid {node.proc.pid}, module pids {pids}")
        self.assertEqual(len(set(pids.values())), 2, pids)
        self.assertNotIn(node.proc.pid, pids.values())
        for name, m in mods.items():
            self.assertEqual(m["process"]["mode"], "process", m)
            self.assertEqual(m["process"]["state"], "running", m)
            self.assertEqual(m["process"]["restarts"], 0, m)
            self.assertEqual(m["process"]["pid"], m["pid"], m)
            status = read_proc(m["pid"], "status")
            self.assertIn(f"PPid:\t{node.proc.pid}", status, "the daemon started it")
            self.assertIn("NoNewPrivs:\t1", status, f"{name}: PR_SET_NO_NEW_PRIVS")
            limits = read_proc(m["pid"], "limits")
            core = [line for line in limits.splitlines() if line.startswith("Max core file size")][0]
            self.assertEqual(core.split()[4:6], ["0", "0"], core)
            files = [line for line in limits.splitlines() if line.startswith("Max open files")][0]
            self.assertLessEqual(int(files.split()[3]), 4096, files)
            env = dict(kv.split("=", 1) for kv in read_proc(m["pid"], "environ").split("\0") if "=" in kv)
            self.assertFalse([k for k in env if "TOKEN" in k], f"{name}: no token variable reaches a module")
            tmpdir = env["TMPDIR"]
            self.assertTrue(tmpdir.startswith(os.path.join(node.config_dir, "daemon", "tmp", name + "-")), tmpdir)
            self.assertEqual(stat.S_IMODE(os.stat(tmpdir).st_mode), 0o700, tmpdir)
            fds = os.listdir(f"/proc/{m['pid']}/fd")
            log(f"{name}: pid {m['pid']}, {len(fds)} open descriptors, TMPDIR {tmpdir}")
        stats = {e["name"]: e for e in self.assert_ok(node.cli("stats"))}
        for name in pids:
            self.assertEqual(stats[name]["pid"], pids[name], "stats samples the module's own process")
            self.assertEqual(stats[name]["process"]["state"], "running")
            self.assertGreater(stats[name]["memory_mb"], 1.0)
        log("calls, module-to-module calls and events cross the processes")
        self.assertEqual(self.assert_ok(node.call("test_echo", "add", 40, 2))["result"]["sum"], 42)
        answer = self.assert_ok(node.cli("call", "test_caller", "chainAction", "call_then_answer",
                                         '{"target":"test_echo","operation":"add","params":{"a":1,"b":2}}'))
        self.assertEqual(answer["result"]["answer"]["sum"], 3)
        calls = self.call_counts(node, "test_caller", direct_at_least=1)
        log(f"test_caller's module-to-module calls: {calls}")
        self.assertEqual(calls, {"direct": 1, "routed": 0}, "callAsync went on the direct channel, not through the daemon")
        self.assertTrue(self.assert_ok(node.call("test_caller", "subscribe", "test_echo"))["result"]["subscribed"])
        watcher = EventWatcher(node, "test_caller")
        try:
            for i in range(3):
                self.assert_ok(node.cli("call", "test_echo", "chainAction", "emit", json.dumps({"payload": i})))
            relayed = watcher.wait_for("relayed", count=3)
            self.assertEqual([e["data"]["arg2"][0] for e in relayed], [0, 1, 2], "events arrive in order")
        finally:
            watcher.stop()
        tmpdirs = os.listdir(os.path.join(node.config_dir, "daemon", "tmp"))
        self.assertEqual(len(tmpdirs), 2, tmpdirs)
        node.stop()
        self.assertEqual(os.listdir(os.path.join(node.config_dir, "daemon", "tmp")), [],
                         f"private temp dirs removed when the children exit (were {tmpdirs})")
        for pid in pids.values():
            self.assertFalse(running(pid), f"child {pid} exited with the daemon")

    def test_children_die_with_a_killed_daemon(self):
        node = self.start_daemon(env=PROCESS)
        node.load("test_caller")
        pids = [m["pid"] for m in self.loaded(node).values()]
        node.kill()
        deadline = time.time() + 5
        alive = pids
        while alive and time.time() < deadline:
            alive = [p for p in pids if running(p)]
            time.sleep(0.05)
        self.assertEqual(alive, [], "PR_SET_PDEATHSIG: no module outlives a daemon killed with -9")

    def test_a_synchronous_call_cycle_across_processes_is_refused_by_the_daemon(self):
        node = self.start_daemon(extra_args=["--access-policy", "off"], env=PROCESS)
        node.load("test_caller")
        log("test_caller waits on test_echo, whose handler waits on test_caller: two processes, one wait-for graph")
        t0 = time.time()
        nested = {"target": "test_caller", "operation": "echo", "params": {"value": 1}, "timeout_ms": 5000}
        r = self.assert_ok(node.cli("call", "test_caller", "chainAction", "call", json.dumps(
            {"target": "test_echo", "operation": "call", "params": nested, "timeout_ms": 5000})))
        inner = r["result"]["answer"]["answer"]
        self.assertEqual(inner["code"], "CALL_CYCLE", r)
        self.assertIn("test_echo -> test_caller -> test_echo", inner["message"])
        self.assertLess(time.time() - t0, 3.0, "refused at once, not after the timeout")

    def test_kill9_mid_call_answers_module_crashed_at_once_and_the_module_comes_back(self):
        cfg = self.write_config([{"name": "test_echo", "settings": [{"emit": {"event": "configured", "payload": "start"}}]},
                                 {"name": "test_caller"}])
        node = self.start_daemon(extra_args=["--config", cfg], env=PROCESS)
        before = self.loaded(node)
        echo_pid = before["test_echo"]["pid"]
        persisted = self.assert_ok(node.call("test_echo", "persistence"))["result"]["path"]
        watcher = EventWatcher(node, "test_echo")
        try:
            log("a client call in flight in test_echo (answers in 20 s), and one of test_caller waiting on test_echo")
            env = dict(os.environ, LOGOSCORE_CONFIG_DIR=node.config_dir)
            slow = subprocess.Popen([LOGOSCORE, "call", "test_echo", "wait_async", "20000", "--json"], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            via = subprocess.Popen([LOGOSCORE, "call", "test_caller", "chainAction", "call_then_answer",
                                    '{"target":"test_echo","operation":"wait_async","params":{"ms":20000}}', "--json"],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.time() + 10
            while time.time() < deadline:
                counters = self.assert_ok(node.call("test_echo", "async_counters"))["result"]
                if counters["started"] >= 2:
                    break
                time.sleep(0.05)
            self.assertGreaterEqual(counters["started"], 2, counters)
            t0 = time.time()
            os.kill(echo_pid, signal.SIGKILL)
            out, _ = slow.communicate(timeout=10)
            elapsed = time.time() - t0
            log(f"kill -9 of test_echo (pid {echo_pid}): the caller answered in {elapsed * 1000:.0f} ms")
            self.assertLess(elapsed, 2.0, "MODULE_CRASHED promptly, not at the call's timeout")
            crashed = json.loads(out)
            self.assertEqual(crashed["code"], "MODULE_CRASHED", crashed)
            self.assertIn("killed by signal 9", crashed["message"])
            self.assertEqual(slow.returncode, 3, "exit code of a module error")
            out, _ = via.communicate(timeout=10)
            inner = json.loads(out)["result"]["answer"]
            self.assertEqual(inner["code"], "MODULE_CRASHED", inner)
            log(f"test_caller's call in flight on the direct channel: {inner['message']}")
            self.assertIn("its channel closed", inner["message"], "the caller learnt of the crash from the channel itself")
            self.assertLess(time.time() - t0, 2.0)
            self.assertEqual(self.call_counts(node, "test_caller", direct_at_least=1)["direct"], 1)

            log("the other module keeps serving while test_echo is down or restarting")
            self.assertEqual(self.assert_ok(node.call("test_caller", "add", 2, 2))["result"]["sum"], 4)

            crash = watcher.wait_for("moduleCrashed")[0]["data"]["arg0"]
            self.assertEqual(crash["pid"], echo_pid)
            self.assertEqual(crash["exit"]["signal"], 9)
            back = self.wait_running(node, "test_echo", echo_pid)
            watcher.wait_for("moduleRestarted")
            self.assertEqual(back["process"]["restarts"], 1, back)
            self.assertEqual(back["process"]["last_exit"]["signal"], 9, back)
            self.assertIn(f"module 'test_echo' crashed: its process (pid {echo_pid}) killed by signal 9", node.read_log())
            stats = {e["name"]: e for e in self.assert_ok(node.cli("stats"))}
            self.assertEqual(stats["test_echo"]["process"]["restarts"], 1)
            self.assertEqual(stats["test_echo"]["pid"], back["pid"])

            log("the next call succeeds, from the same persistence directory, with the settings replayed")
            self.assertEqual(self.assert_ok(node.call("test_echo", "add", 1, 1))["result"]["sum"], 2)
            self.assertEqual(self.assert_ok(node.call("test_echo", "persistence"))["result"]["path"], persisted)
            configured = watcher.wait_for("configured", count=1)
            self.assertEqual(configured[-1]["data"]["arg0"], "start")
            deadline = time.time() + 10
            while "restarted and configured again" not in node.read_log() and time.time() < deadline:
                time.sleep(0.05)
            self.assertIn("test_echo restarted and configured again (1 step(s))", node.read_log())
            answer = self.assert_ok(node.cli("call", "test_caller", "chainAction", "call_then_answer",
                                             '{"target":"test_echo","operation":"add","params":{"a":5,"b":5}}'))
            self.assertEqual(answer["result"]["answer"]["sum"], 10, "module-to-module calls reach the new process")
            deadline = time.time() + 5
            while time.time() < deadline:
                answer = self.assert_ok(node.cli("call", "test_caller", "chainAction", "call_then_answer",
                                                 '{"target":"test_echo","operation":"add","params":{"a":1,"b":1}}'))
                self.assertEqual(answer["result"]["answer"]["sum"], 2)
                if self.call_counts(node, "test_caller", direct_at_least=2, timeout=0.3)["direct"] >= 2:
                    break
            self.assertGreaterEqual(self.call_counts(node, "test_caller")["direct"], 2,
                                    "the restarted module's peers got a fresh direct channel")
        finally:
            watcher.stop()

    def test_a_pair_the_policy_refuses_has_no_direct_channel(self):
        node = self.start_daemon(env=PROCESS)
        node.load("test_caller")
        log("test_echo does not declare test_caller: its call goes through the daemon, which refuses it")
        r = self.assert_ok(node.cli("call", "test_echo", "chainAction", "call_then_answer",
                                    '{"target":"test_caller","operation":"add","params":{"a":1,"b":1}}'))
        self.assertEqual(r["result"]["answer"]["code"], "ACCESS_DENIED", r)
        time.sleep(0.3)
        self.assertEqual(self.call_counts(node, "test_echo"), {"direct": 0, "routed": 1})

    def test_stay_down_policy_fails_calls_fast_until_the_module_is_reloaded(self):
        cfg = self.write_config([{"name": "test_caller", "restart": "stay-down"}])
        node = self.start_daemon(extra_args=["--config", cfg], env=PROCESS)
        caller = self.loaded(node)["test_caller"]
        self.assertEqual(caller["process"]["restart_policy"], "stay-down")
        echo = self.loaded(node)["test_echo"]
        self.assertEqual(echo["process"]["restart_policy"], "restart", "absent = restart")
        os.kill(caller["pid"], signal.SIGKILL)
        deadline = time.time() + 10
        while self.loaded(node)["test_caller"]["process"]["state"] != "down" and time.time() < deadline:
            time.sleep(0.05)
        down = self.loaded(node)["test_caller"]
        self.assertEqual(down["process"]["state"], "down", down)
        self.assertEqual(down["pid"], 0)
        t0 = time.time()
        r = node.call("test_caller", "add", 1, 1)
        self.expect_error(r, "MODULE_CRASHED", "stays down", exit_code=3)
        self.assertLess(time.time() - t0, 2.0)
        time.sleep(1.0)
        self.assertEqual(self.loaded(node)["test_caller"]["process"]["state"], "down", "no restart")
        self.assertEqual(self.assert_ok(node.call("test_echo", "add", 1, 2))["result"]["sum"], 3)
        log("reload-module brings a module that stays down back")
        self.assert_ok(node.cli("reload-module", "test_caller"))
        self.assertEqual(self.loaded(node)["test_caller"]["process"]["state"], "running")
        self.assertEqual(self.assert_ok(node.call("test_caller", "add", 1, 1))["result"]["sum"], 2)

    def test_in_process_keeps_every_module_inside_the_daemon(self):
        for how, extra, env in (("--in-process", ["--in-process"], PROCESS),
                                ("LOGOSCORE_MODULE_MODE=in-process", [], {"LOGOSCORE_MODULE_MODE": "in-process"})):
            node = self.start_daemon(name="n" + str(len(self.nodes)), extra_args=extra, env=env)
            node.load("test_caller")
            for name, m in self.loaded(node).items():
                self.assertEqual(m["pid"], node.proc.pid, f"{how}: {name} runs in the daemon")
                self.assertEqual(m["process"], {"mode": "in-process", "pid": node.proc.pid})
            self.assertEqual(self.assert_ok(node.call("test_echo", "add", 2, 3))["result"]["sum"], 5)
            node.stop()
        bad = subprocess.run([LOGOSCORE, "-D", "--config-dir", os.path.join(self.tmp, "bad")],
                             env=dict(os.environ, LOGOSCORE_MODULE_MODE="threads"), capture_output=True, text=True,
                             timeout=10)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("LOGOSCORE_MODULE_MODE: 'threads' is not in-process or process", bad.stderr)


if __name__ == "__main__":
    unittest.main()
