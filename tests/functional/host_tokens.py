"""Named and scoped client tokens (logos-core.md §14; scopes: docs/protocol.md "Named and scoped tokens"):
the token commands on the files alone with no daemon, a running daemon that rereads tokens.json on
every request (issue, revoke, --replace and expiry take effect at once), the boot token, and
scoped tokens refused with FORBIDDEN outside their scope."""
import hashlib
import json
import os
import re
import stat
import subprocess
import time
import unittest

from framework import LOGOSCORE, TEST_MODULES, CliResult, DaemonTestCase, log

RAW_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def offline_cli(config_dir, *args, env_extra=None, timeout=15):
    """The logoscore CLI with no daemon anywhere; a stale LOGOSCORE_TOKEN must not matter."""
    env = dict(os.environ, LOGOSCORE_CONFIG_DIR=config_dir, LOGOSCORE_TOKEN="stale-token-that-must-be-ignored")
    env.update(env_extra or {})
    p = subprocess.run([LOGOSCORE, *args, "--json"], capture_output=True, text=True, timeout=timeout, env=env)
    return CliResult(p.returncode, p.stdout, p.stderr)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def read_json(path):
    with open(path) as f:
        return json.load(f)


class HostTokens(DaemonTestCase):
    def as_token(self, node, token, *args):
        return node.cli(*args, env_extra={"LOGOSCORE_TOKEN": token})

    def issue(self, config_dir, name, *extra):
        return self.assert_ok(offline_cli(config_dir, "issue-token", "--name", name, *extra))

    def test_token_commands_work_offline_on_the_files(self):
        config = os.path.join(self.tmp, "c")
        daemon_dir = os.path.join(config, "daemon")
        log("issue-token with no daemon: output shape, files, modes, hash")
        out = self.issue(config, "ci")
        self.assertEqual(set(out), {"status", "name", "token", "file", "local_only"})
        self.assertEqual((out["status"], out["name"], out["local_only"]), ("ok", "ci", False))
        raw = out["token"]
        self.assertRegex(raw, RAW_TOKEN)
        raw_file = os.path.join(daemon_dir, "tokens", "ci.json")
        self.assertEqual(out["file"], os.path.abspath(raw_file))
        stored = read_json(raw_file)
        self.assertEqual(set(stored), {"version", "name", "token", "issued_at"})
        self.assertEqual((stored["version"], stored["name"], stored["token"]), (1, "ci", raw))
        self.assertRegex(stored["issued_at"], UTC)
        tokens_path = os.path.join(daemon_dir, "tokens.json")
        store = read_json(tokens_path)
        self.assertEqual(store["version"], 2)
        self.assertEqual(store["tokens"], [{"name": "ci", "hash": hashlib.sha256(raw.encode()).hexdigest(),
                                            "issued_at": stored["issued_at"], "expires_at": None, "local_only": False}])
        self.assertEqual(mode(tokens_path), 0o600)
        self.assertEqual(mode(raw_file), 0o600)
        self.assertEqual(mode(os.path.join(daemon_dir, "tokens")), 0o700)
        self.assertEqual(mode(daemon_dir), 0o700)
        self.assertFalse(os.path.exists(os.path.join(daemon_dir, "state.json")))

        log("TOKEN_EXISTS without --replace (exit 3); --replace rotates")
        again = offline_cli(config, "issue-token", "--name", "ci")
        self.expect_error(again, "TOKEN_EXISTS", "pass --replace", exit_code=3)
        self.assertIn("TOKEN_EXISTS: ", again.stderr)
        rotated = self.issue(config, "ci", "--replace")
        self.assertNotEqual(rotated["token"], raw)
        self.assertEqual(read_json(tokens_path)["tokens"][0]["hash"], hashlib.sha256(rotated["token"].encode()).hexdigest())
        self.assertEqual(read_json(raw_file)["token"], rotated["token"])

        log("--expires and --local-only appear in the answer and the store")
        timed = self.issue(config, "nightly", "--expires", "30d", "--local-only")
        self.assertTrue(timed["local_only"])
        self.assertRegex(timed["expires_at"], UTC)
        dated = self.issue(config, "dated", "--expires=2031-05-04")
        self.assertEqual(dated["expires_at"], "2031-05-04T00:00:00Z")

        log("list-tokens: every row, never a raw token; a deleted raw file does not revoke")
        os.unlink(os.path.join(daemon_dir, "tokens", "dated.json"))
        listing = offline_cli(config, "list-tokens")
        rows = self.assert_ok(listing)
        self.assertEqual([r["name"] for r in rows], ["ci", "nightly", "dated"])
        for r in rows:
            self.assertEqual(set(r), {"name", "issued_at", "expires_at", "local_only", "raw_file_present", "scope"})
            self.assertIsNone(r["scope"])
        self.assertEqual({r["name"]: r["raw_file_present"] for r in rows}, {"ci": True, "nightly": True, "dated": False})
        self.assertEqual(rows[1]["expires_at"], timed["expires_at"])
        for secret in (rotated["token"], timed["token"], dated["token"]):
            self.assertNotIn(secret, listing.stdout)

        log("revoke-token: row and raw file gone; an unknown name is TOKEN_NOT_FOUND (exit 3)")
        self.assertEqual(self.assert_ok(offline_cli(config, "revoke-token", "ci")), {"status": "ok", "name": "ci"})
        self.assertFalse(os.path.exists(raw_file))
        self.assertEqual([r["name"] for r in self.assert_ok(offline_cli(config, "list-tokens"))], ["nightly", "dated"])
        self.expect_error(offline_cli(config, "revoke-token", "ci"), "TOKEN_NOT_FOUND", "no token named 'ci'", exit_code=3)

        log("hostile names, expiries and arguments: exit 1 with their codes, nothing written")
        before = open(tokens_path).read()
        for name in ("../evil", ".hidden", "-x", "a..b", "a" * 65, "sp ace", "sl/ash"):
            self.expect_error(offline_cli(config, "issue-token", "--name", name), "INVALID_NAME", "token name", exit_code=1)
        self.expect_error(offline_cli(config, "revoke-token", "../evil"), "INVALID_NAME", "token name", exit_code=1)
        for expires in ("2w", "2027-02-30", "2027-01-01T00:00:00+01:00", "-5s", "tomorrow", "99999999999999d"):
            self.expect_error(offline_cli(config, "issue-token", "--name", "x", "--expires", expires), "INVALID_EXPIRES",
                              "--expires", exit_code=1)
        self.expect_error(offline_cli(config, "issue-token"), "INVALID_ARGS", "needs --name", exit_code=1)
        self.expect_error(offline_cli(config, "issue-token", "--name", "x", "--admin"), "INVALID_ARGS", "unknown argument",
                          exit_code=1)
        self.expect_error(offline_cli(config, "issue-token", "--name"), "INVALID_ARGS", "needs a value", exit_code=1)
        self.expect_error(offline_cli(config, "revoke-token"), "INVALID_ARGS", "exactly one token name", exit_code=1)
        self.expect_error(offline_cli(config, "issue-token", "--name", "x", "--scope", "m:chainAction"), "INVALID_SCOPE",
                          "chainAction", exit_code=1)
        self.assertEqual(open(tokens_path).read(), before)

        log("a tokens.json of another version is never rewritten: IO_ERROR (exit 1)")
        other = json.dumps({"version": 3, "tokens": []})
        with open(tokens_path, "w") as f:
            f.write(other)
        self.expect_error(offline_cli(config, "issue-token", "--name", "x"), "IO_ERROR", "version-2", exit_code=1)
        self.expect_error(offline_cli(config, "revoke-token", "nightly"), "IO_ERROR", "version-2", exit_code=1)
        self.expect_error(offline_cli(config, "list-tokens"), "IO_ERROR", "version-2", exit_code=1)
        self.assertEqual(open(tokens_path).read(), other)

    def test_running_daemon_rereads_the_store_on_every_request(self):
        node = self.start_daemon()
        config = node.config_dir
        log("the boot token 'auto' is a row of tokens.json, local_only, no expiry, unscoped")
        auto = read_json(os.path.join(config, "client", "auto.json"))
        self.assertEqual(set(auto), {"version", "name", "token", "issued_at"})
        self.assertEqual((auto["version"], auto["name"]), (1, "auto"))
        self.assertRegex(auto["token"], RAW_TOKEN)
        self.assertEqual(read_json(os.path.join(config, "daemon", "tokens", "auto.json")), auto)
        rows = {r["name"]: r for r in self.assert_ok(offline_cli(config, "list-tokens"))}
        self.assertEqual(rows["auto"]["local_only"], True)
        self.assertIsNone(rows["auto"]["expires_at"])
        self.assertIsNone(rows["auto"]["scope"])
        self.assertEqual(read_json(os.path.join(config, "daemon", "tokens.json"))["tokens"][0]["hash"],
                         hashlib.sha256(auto["token"].encode()).hexdigest())

        log("a token issued while the daemon runs works on its next request; revoke refuses it at once")
        ci = self.issue(config, "ci")["token"]
        self.assert_ok(self.as_token(node, ci, "list-modules"))
        self.assert_ok(self.as_token(node, ci, "load-module", "test_echo"))
        self.assert_ok(offline_cli(config, "revoke-token", "ci"))
        self.expect_error(self.as_token(node, ci, "list-modules"), "UNAUTHORIZED", "missing or wrong token", exit_code=1)

        log("--replace: the old value is refused, the new one accepted")
        first = self.issue(config, "svc")["token"]
        self.assert_ok(self.as_token(node, first, "status"))
        second = self.issue(config, "svc", "--replace")["token"]
        self.expect_error(self.as_token(node, first, "list-modules"), "UNAUTHORIZED", "missing or wrong token", exit_code=1)
        self.assert_ok(self.as_token(node, second, "list-modules"))

        log("--expires 2s: accepted now, refused once the moment has passed")
        short = self.issue(config, "short", "--expires", "2s")["token"]
        self.assert_ok(self.as_token(node, short, "status"))
        deadline = time.time() + 6
        while True:
            r = self.as_token(node, short, "list-modules")
            if r.rc != 0 or time.time() > deadline:
                break
            time.sleep(0.25)
        self.expect_error(r, "UNAUTHORIZED", "expired at", exit_code=1)

        log("a restart keeps the named rows and re-issues auto with a new value")
        node.stop()
        node.start()
        self.assert_ok(self.as_token(node, second, "status"))
        new_auto = read_json(os.path.join(config, "client", "auto.json"))["token"]
        self.assertNotEqual(new_auto, auto["token"])
        self.expect_error(self.as_token(node, auto["token"], "status"), "UNAUTHORIZED", "missing or wrong token", exit_code=1)
        names = [r["name"] for r in self.assert_ok(offline_cli(config, "list-tokens"))]
        self.assertEqual(sorted(names), ["auto", "short", "svc"])
        self.assertNotIn(new_auto, node.read_log())

    def test_daemon_with_an_unsupported_store_exits_before_state_json(self):
        config = os.path.join(self.tmp, "c")
        os.makedirs(os.path.join(config, "daemon"), mode=0o700)
        tokens_path = os.path.join(config, "daemon", "tokens.json")
        other = json.dumps({"version": 1, "tokens": [{"name": "x"}]})
        with open(tokens_path, "w") as f:
            f.write(other)
        env = dict(os.environ)
        env.pop("LOGOSCORE_TOKEN", None)
        p = subprocess.run([LOGOSCORE, "-D", "--config-dir", config, "-m", TEST_MODULES, "--persistence-path",
                            os.path.join(self.tmp, "p")], capture_output=True, text=True, timeout=15, env=env)
        self.assertEqual(p.returncode, 1, p)
        self.assertIn("not a version-2 token store", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(config, "daemon", "state.json")))
        self.assertEqual(open(tokens_path).read(), other)

    def test_scoped_tokens_are_forbidden_outside_their_scope(self):
        node = self.start_daemon()
        config = node.config_dir
        node.load("test_echo")
        log("issue --scope: canonical scope in the answer and in list-tokens; auto stays unscoped")
        out = self.issue(config, "agent", "--scope", " test_echo : add , echo ")
        self.assertEqual(out["scope"], "test_echo:add,echo")
        rows = {r["name"]: r for r in self.assert_ok(offline_cli(config, "list-tokens"))}
        self.assertEqual(rows["agent"]["scope"], "test_echo:add,echo")
        self.assertIsNone(rows["auto"]["scope"])
        agent = out["token"]

        log("inside the scope: the operation by name and through chainAction, reads of the module")
        self.assertEqual(self.assert_ok(self.as_token(node, agent, "call", "test_echo", "add", "40", "2"))["result"]["sum"], 42)
        self.assertEqual(self.assert_ok(self.as_token(node, agent, "call", "test_echo", "chainAction", "add",
                                                      '{"a":1,"b":2}'))["result"]["sum"], 3)
        self.assert_ok(self.as_token(node, agent, "status"))
        self.assertIsInstance(self.assert_ok(self.as_token(node, agent, "list-modules")), list)
        self.assert_ok(self.as_token(node, agent, "module-info", "test_echo"))

        log("outside the scope: FORBIDDEN (exit 4) naming the token and the operation, nothing runs")
        self.expect_error(self.as_token(node, agent, "call", "test_echo", "emit"), "FORBIDDEN",
                          "token 'agent' may not call test_echo.emit", exit_code=4)
        self.expect_error(self.as_token(node, agent, "call", "test_echo", "chainAction", "fail", "{}"), "FORBIDDEN",
                          "token 'agent' may not call test_echo.fail", exit_code=4)
        self.expect_error(self.as_token(node, agent, "call", "test_echo", "chainAction"), "FORBIDDEN",
                          "without a string operation", exit_code=4)
        self.expect_error(self.as_token(node, agent, "module-info", "test_caller"), "FORBIDDEN", "outside its scope", exit_code=4)
        self.expect_error(self.as_token(node, agent, "watch", "test_caller"), "FORBIDDEN", "outside its scope", exit_code=4)
        self.expect_error(self.as_token(node, agent, "load-module", "test_caller"), "FORBIDDEN",
                          "token 'agent' may not call core.load_module", exit_code=4)
        self.expect_error(self.as_token(node, agent, "unload-module", "test_echo"), "FORBIDDEN", "core.unload_module", exit_code=4)
        self.expect_error(self.as_token(node, agent, "stop"), "FORBIDDEN", "core.stop", exit_code=4)
        self.assertEqual([m["name"] for m in self.assert_ok(node.cli("list-modules", "--loaded"))], ["test_echo"])

        log("a core:load_module entry grants loading; the auto token stays unscoped")
        ops = self.issue(config, "ops", "--scope", "core:load_module")["token"]
        self.assert_ok(self.as_token(node, ops, "load-module", "test_caller"))
        self.expect_error(self.as_token(node, ops, "unload-module", "test_caller"), "FORBIDDEN", "core.unload_module", exit_code=4)
        self.assert_ok(node.cli("unload-module", "test_caller"))

        log("the agent preset: x402_module's agent side and reads, never approve, decline, configure or sign")
        preset = self.issue(config, "shopper", "--scope", "agent")
        self.assertIn("x402_module:httpGet,createSpendRequest", preset["scope"])
        self.assertNotIn("approveSpendRequest", preset["scope"])
        shopper = preset["token"]
        self.expect_error(self.as_token(node, shopper, "call", "x402_module", "approveSpendRequest", "lsrq_1"), "FORBIDDEN",
                          "token 'shopper' may not call x402_module.approveSpendRequest", exit_code=4)
        for op in ("declineSpendRequest", "configureAgent"):
            self.expect_error(self.as_token(node, shopper, "call", "x402_module", op), "FORBIDDEN", "x402_module." + op,
                              exit_code=4)
        self.expect_error(self.as_token(node, shopper, "call", "wallet_module", "sign_public_payload"), "FORBIDDEN",
                          "wallet_module.sign_public_payload", exit_code=4)
        # Allowed by the scope, so the host itself answers: this test daemon has no x402_module.
        self.expect_error(self.as_token(node, shopper, "call", "x402_module", "getSpendRequest", "lsrq_1"), "MODULE_NOT_FOUND",
                          "x402_module", exit_code=3)


    def test_concurrent_issuers_and_a_booting_daemon_lose_no_row(self):
        config = os.path.join(self.tmp, "node", "c")
        env = dict(os.environ, LOGOSCORE_CONFIG_DIR=config)
        env.pop("LOGOSCORE_TOKEN", None)
        names = [f"burst-{i:02d}" for i in range(20)]
        log("20 issue-token processes at once while a daemon boots and re-issues its auto token")
        issuers = [subprocess.Popen([LOGOSCORE, "issue-token", "--name", n, "--json"], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for n in names[:10]]
        node = self.start_daemon()
        issuers += [subprocess.Popen([LOGOSCORE, "issue-token", "--name", n, "--json"], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True) for n in names[10:]]
        tokens = {}
        for n, p in zip(names, issuers):
            out, err = p.communicate(timeout=30)
            self.assertEqual(p.returncode, 0, err)
            tokens[n] = json.loads(out)["token"]
        listed = self.assert_ok(offline_cli(config, "list-tokens"))
        self.assertEqual(sorted(r["name"] for r in listed), sorted(names + ["auto"]))
        lock = os.path.join(config, "daemon", "tokens.lock")
        self.assertEqual(mode(lock), 0o600)
        log("every one of them authorizes, and so does the boot token")
        for n in (names[0], names[-1]):
            self.assert_ok(self.as_token(node, tokens[n], "list-modules"))
        self.assert_ok(node.cli("status"))
        log("10 concurrent revokes leave exactly the other ten")
        revokers = [subprocess.Popen([LOGOSCORE, "revoke-token", n, "--json"], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True) for n in names[::2]]
        for p in revokers:
            _, err = p.communicate(timeout=30)
            self.assertEqual(p.returncode, 0, err)
        listed = self.assert_ok(offline_cli(config, "list-tokens"))
        self.assertEqual(sorted(r["name"] for r in listed), sorted(names[1::2] + ["auto"]))

if __name__ == "__main__":
    unittest.main()
