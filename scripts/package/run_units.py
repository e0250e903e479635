#!/usr/bin/env python3
"""Runs the installed lez-pay units' commands where systemd is not PID 1, and checks them.

Run as root by scripts/test_package.sh after the package is installed. For each unit it reads the
installed unit file and does what systemd would for the settings the units use: StateDirectory
(owner, StateDirectoryMode), User/Group (setpriv, no new privileges), UMask, WorkingDirectory,
Environment, ExecStartPre (must exit 0); the output goes to a 0600 file standing in for the journal.
Then:
  - lez-localnet answers on its port; both daemons start from /etc/lez-pay/<role>.json (--config)
    and are ready only once every module the file names is loaded and every step ran;
  - console_module serves the installed pages (not a build tree's);
  - the user daemon's wallet was unlocked by the file's `unlock` step (the password file made by
    postinst) and reads a genesis balance from the sequencer the file configured;
  - every file under /var/lib/lez-pay is owned by lezpay, files 0600, directories 0700;
  - with every lezpay category at debug level, neither a wallet password nor a daemon token
    appears in the logs;
  - SIGTERM stops each process within 20 s.
Exit 0 when all hold; otherwise the first failure with a sentence. Standard library only.
"""
import glob
import grp
import json
import os
import pwd
import shlex
import signal
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from e2e_processes import Daemon, E2eError, wait_for  # noqa: E402

UNITS = ("lez-pay-localnet", "lez-pay-user", "lez-pay-provider")
MODULES = ("wallet_module", "payment_streams_module", "delivery_module", "x402_module", "console_module")
GENESIS_ACCOUNT = "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo"  # fixtures/localnet.json "user"


def fail(msg):
    print(f"run_units: FAIL: {msg}", flush=True)
    sys.exit(1)


def say(msg):
    print(f"run_units: {msg}", flush=True)


def read_unit(name):
    paths = [p for p in (f"/usr/lib/systemd/system/{name}.service", f"/lib/systemd/system/{name}.service") if os.path.exists(p)]
    if not paths:
        fail(f"the unit {name}.service is not installed")
    unit = {"Environment": [], "ExecStartPre": []}
    for line in open(paths[0]):
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")) or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if key == "Environment":
            unit["Environment"] += shlex.split(value)
        elif key == "ExecStartPre":
            unit["ExecStartPre"].append(value)
        else:
            unit[key] = value
    for key in ("ExecStart", "User", "Group", "StateDirectory", "StateDirectoryMode", "UMask", "NoNewPrivileges"):
        if key not in unit:
            fail(f"{name}.service has no {key}=")
    return unit


def start(name, unit, logdir, extra_env):
    user = pwd.getpwnam(unit["User"])
    group = grp.getgrnam(unit["Group"])
    state = os.path.join("/var/lib", unit["StateDirectory"])
    os.makedirs(state, exist_ok=True)
    os.chown(state, user.pw_uid, group.gr_gid)
    os.chmod(state, int(unit["StateDirectoryMode"], 8))
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": state,
           # A sanitizer build writes its reports to stderr here (the build tree is not lezpay's).
           "ASAN_OPTIONS": "detect_leaks=0"}
    for kv in unit["Environment"]:
        k, v = kv.split("=", 1)
        env[k] = v
    env.update(extra_env)
    log_path = os.path.join(logdir, f"{name}.log")
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    umask = int(unit["UMask"], 8)
    cmd = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={group.gr_gid}", "--init-groups"]
    if unit["NoNewPrivileges"] == "yes":
        cmd.append("--no-new-privs")
    cwd = unit.get("WorkingDirectory", state)
    for pre in unit["ExecStartPre"]:
        r = subprocess.run(cmd + ["--"] + shlex.split(pre), stdout=fd, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                           preexec_fn=lambda: os.umask(umask), timeout=60)
        if r.returncode != 0:
            os.close(fd)
            fail(f"{name}: ExecStartPre={pre} exited with {r.returncode} (see {log_path})")
        say(f"{name}: ExecStartPre ok: {pre}")
    cmd += ["--"] + shlex.split(unit["ExecStart"])
    proc = subprocess.Popen(cmd, stdout=fd, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                            preexec_fn=lambda: os.umask(umask), start_new_session=True)
    os.close(fd)
    say(f"{name}: started pid {proc.pid}: {unit['ExecStart']}")
    return proc, log_path, state


def arg_after(cmd, flag):
    parts = shlex.split(cmd)
    return parts[parts.index(flag) + 1]


def localnet_ready(proc, port):
    if proc.poll() is not None:
        fail(f"lez-localnet exited with {proc.returncode}")
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "getLastBlockId", "params": []}).encode()
    try:
        req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers={"content-type": "application/json"})
        return "result" in json.loads(urllib.request.urlopen(req, timeout=2).read())
    except OSError:
        return False


def daemon_for(name, unit, proc):
    config_dir = arg_after(unit["ExecStart"], "--config-dir")
    d = Daemon(name, shlex.split(unit["ExecStart"])[0], config_dir, [])
    d.config_dir = config_dir
    d.pid = proc.pid

    def up():
        if proc.poll() is not None:
            fail(f"{name} exited with {proc.returncode}")
        return os.path.exists(os.path.join(config_dir, "daemon", "state.json"))
    wait_for(up, 60, f"{name} to start from its configuration file")
    return d


def check_modes(root, uid):
    bad = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in [dirpath] + [os.path.join(dirpath, f) for f in filenames]:
            st = os.lstat(n)
            kind = "socket" if (st.st_mode & 0o170000) == 0o140000 else None
            if st.st_uid != uid:
                bad.append(f"{n} is owned by uid {st.st_uid}, not lezpay")
            if os.path.isdir(n) and (st.st_mode & 0o777) != 0o700:
                bad.append(f"directory {n} has mode {oct(st.st_mode & 0o777)}, not 0700")
            elif not os.path.isdir(n) and not kind and (st.st_mode & 0o077):
                bad.append(f"file {n} has mode {oct(st.st_mode & 0o777)}, readable by others than lezpay")
    return bad


def main():
    logdir = sys.argv[1]
    # The wallet passwords postinst made; the `unlock` steps read them, and no log may show them.
    passwords = {}
    for role in ("user", "provider"):
        with open(f"/etc/lez-pay/{role}-wallet.pass") as f:
            passwords[role] = f.read().strip()
        if len(passwords[role]) < 32:
            fail(f"/etc/lez-pay/{role}-wallet.pass holds no generated password")
    # Every lezpay category at debug level: the secrets check below must hold at the most verbose level.
    debug_env = {"QT_LOGGING_RULES": "lezpay.*.debug=true"}
    units = {n: read_unit(n) for n in UNITS}
    procs = {}
    try:
        net_unit = units["lez-pay-localnet"]
        port = arg_after(net_unit["ExecStart"], "--port")
        procs["lez-pay-localnet"] = start("lez-pay-localnet", net_unit, logdir, debug_env)
        wait_for(lambda: localnet_ready(procs["lez-pay-localnet"][0], port), 30, "lez-localnet to answer")
        say(f"lez-localnet answers on 127.0.0.1:{port}")
        daemons = {}
        for n in ("lez-pay-user", "lez-pay-provider"):
            procs[n] = start(n, units[n], logdir, debug_env)
            daemons[n] = daemon_for(n, units[n], procs[n][0])
            for m in MODULES:
                answer = daemons[n].load(m)
                if not answer.get("result", answer).get("already_loaded"):
                    fail(f"{n}: {m} was not loaded by /etc/lez-pay's configuration file before the daemon was ready")
            say(f"{n}: started from its configuration file with every packaged module loaded")
        user = daemons["lez-pay-user"]
        pages = user.call("console_module", "getConsoleInfo").get("static_dir", "")
        if os.path.realpath(pages) != "/usr/share/lez-pay/console":
            fail(f"console_module serves its pages from {pages!r}, not the installed /usr/share/lez-pay/console")
        say(f"lez-pay-user: the console serves the installed pages ({pages})")
        for n, d in daemons.items():
            d.call("wallet_module", "list_accounts")  # WALLET_NOT_OPEN unless the file's unlock step ran
        balance = user.call("wallet_module", "get_balance", {"account_id": GENESIS_ACCOUNT})["balance"]
        if int(balance) <= 0:
            fail(f"the genesis account {GENESIS_ACCOUNT} has balance {balance} on the unit's localnet")
        say(f"lez-pay-user: wallet unlocked from its password file, genesis balance {balance} read from the unit's localnet")
        node = daemons["lez-pay-provider"].call("delivery_module", "getNodeInfo")
        if "/tcp/60000/" not in node.get("multiaddr", ""):
            fail(f"the provider's Store node is not on the configured port 60000: {node}")
        say(f"lez-pay-provider: Store node on its configured address {node['multiaddr']}")
        tokens = [user.token(), daemons["lez-pay-provider"].token()]
        bad = check_modes("/var/lib/lez-pay", pwd.getpwnam("lezpay").pw_uid)
        if bad:
            fail("state modes: " + "; ".join(bad[:10]))
        say("every file under /var/lib/lez-pay is lezpay's, files 0600, directories 0700")
    except E2eError as e:
        fail(f"{e.code}: {e.message}")
    finally:
        for n, (proc, _, _) in reversed(list(procs.items())):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for n, (proc, _, _) in procs.items():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                fail(f"{n} did not stop within 20 s of SIGTERM")
    say("SIGTERM stopped every unit's process")
    for n, (_, log_path, _) in procs.items():
        text = open(log_path, errors="replace").read()
        for secret, what in [(p, "a wallet password") for p in passwords.values()] + [(t, "a daemon token") for t in tokens]:
            if secret in text:
                fail(f"{what} appears in {n}'s log at debug level")
    say("neither a wallet password nor a token appears in the logs at debug level")
    return 0


if __name__ == "__main__":
    sys.exit(main())
