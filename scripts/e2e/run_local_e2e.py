#!/usr/bin/env python3
"""The dual-host end-to-end journey on the embedded localnet. Standard library only.

Usage: run_local_e2e.py <local|testnet> <prepare|run|teardown>
Environment: MODE=store|module (default store), SKIP_BUILD (handled by e2e.sh), ARTIFACT=path,
LEZPAY_BUILD_DIR (default build/), LEZPAY_E2E_DIR (default .scaffold/e2e); LEZPAY_BIN_DIR (default
<build>/bin) and LEZPAY_MODULES_DIR (default <build>/modules) run the journey against installed
files instead (scripts/test_package.sh: /usr/bin and /usr/lib/lez-pay/modules).

prepare   starts lez-localnet and the daemons (user, provider; one host for MODE=module), writes
          the fixture manifest and .scaffold/e2e/state.json, and leaves them running.
run       prepares when nothing is running, runs every phase, and tears down what it started,
          also on failure or Ctrl-C. Exits 0 only if every phase is ok.
teardown  stops whatever state.json records.

Everything is driven through module RPC (the daemons' client sockets); the script never reads a
module's files and never copies keys between hosts: each host imports its own test key from
fixtures/localnet.json.
"""
import json
import os
import secrets
import shutil
import signal
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from e2e_artifact import PhaseLog  # noqa: E402
from e2e_processes import Daemon, E2eError, Localnet, pid_alive, stop_pid  # noqa: E402
from journey_module import ModuleJourney  # noqa: E402
from journey_store import StoreJourney, balance  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BUILD = os.path.abspath(os.environ.get("LEZPAY_BUILD_DIR", os.path.join(ROOT, "build")))
BIN = os.path.abspath(os.environ.get("LEZPAY_BIN_DIR") or os.path.join(BUILD, "bin"))
MODULES = os.path.abspath(os.environ.get("LEZPAY_MODULES_DIR") or os.path.join(BUILD, "modules"))
SCAFFOLD = os.path.join(ROOT, ".scaffold")
# LEZPAY_E2E_DIR moves the run's state elsewhere (the functional test runs it in a temp dir).
E2E = os.path.abspath(os.environ.get("LEZPAY_E2E_DIR", os.path.join(SCAFFOLD, "e2e")))
STATE = os.path.join(E2E, "state.json")


def load_fixture(chain):
    path = os.path.join(ROOT, "fixtures", "localnet.json" if chain == "local" else "testnet.json")
    with open(path) as f:
        return json.load(f)


def private_dirs(path):
    """Creates `path` and its missing parents; the run's directories are its owner's only (0700)."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)


def write_json(path, value):
    """Atomic write, readable by its owner only: state.json holds the run's wallet password."""
    private_dirs(os.path.dirname(path))
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_state():
    try:
        with open(STATE) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def alive(state):
    pids = [p["pid"] for p in state.get("processes", {}).values()]
    return bool(pids) and all(pid_alive(p) for p in pids)


def hosts_for(mode):
    return ["user", "provider"] if mode == "store" else ["host"]


def check_testnet(fixture):
    url = fixture.get("sequencer_url") or ""
    if not url:
        raise E2eError("TESTNET_NOT_CONFIGURED", "fixtures/testnet.json has no sequencer_url; set it to a reachable LEZ node")
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "getLastBlockId", "params": []}).encode()
    try:
        req = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
        urllib.request.urlopen(req, timeout=5).read()
    except (urllib.error.URLError, OSError) as e:
        raise E2eError("TESTNET_UNREACHABLE", f"the LEZ testnet at {url} cannot be reached: {e}")
    return url


def open_console(d):
    """Loads console_module on a started daemon and prints its URL (the owner's console; sign in
    with the daemon's token or its wallet password). Answers the URL, or None when the module is
    not built or does not start: the journey does not need it."""
    if not os.path.exists(os.path.join(MODULES, "console_module", "console_module_plugin.so")):
        print(f"e2e: {d.name}: console_module is not built; no console", flush=True)
        return None
    try:
        d.load("console_module")
        url = d.call("console_module", "getConsoleInfo").get("url")
    except E2eError as e:
        print(f"e2e: {d.name}: the console did not start ({e.code}): {e.message}", flush=True)
        return None
    print(f"e2e: {d.name} console: {url} (sign in with the token in {os.path.join(d.config_dir, 'client', 'auto.json')})",
          flush=True)
    return url


def start_hosts(state):
    """Starts the run's daemons with empty data directories and records them in state.json."""
    for host in hosts_for(state["mode"]):
        shutil.rmtree(os.path.join(E2E, host), ignore_errors=True)
        d = Daemon(host, os.path.join(BIN, "logoscore"), os.path.join(E2E, host), [MODULES])
        d.start()
        state["processes"][host] = {"pid": d.pid, "root": d.root}
        state.setdefault("consoles", {})[host] = open_console(d)
        write_json(STATE, state)


def stop_hosts(state):
    for host in hosts_for(state["mode"]):
        p = state.get("processes", {}).get(host)
        if p and pid_alive(p["pid"]):
            d = Daemon(host, os.path.join(BIN, "logoscore"), p["root"], [])
            d.pid = p["pid"]
            d.stop()


def prepare(chain, mode, log):
    """Starts the processes of a fresh run; answers the state it recorded."""
    fixture = load_fixture(chain)
    state = {"chain": chain, "mode": mode, "processes": {}, "wallet_password": secrets.token_hex(16)}

    def body():
        for sub in ["localnet", *hosts_for(mode)]:
            shutil.rmtree(os.path.join(E2E, sub), ignore_errors=True)
        if chain == "local":
            net = Localnet(os.path.join(BIN, "lez-localnet"), os.path.join(E2E, "localnet"),
                           os.path.join(ROOT, fixture["genesis"]))
            net.start()
            state["processes"]["localnet"] = {"pid": net.pid, "root": net.root}
            state["localnet_url"] = net.url
            write_json(STATE, state)  # recorded at once, so a later failure still tears it down
            funded = {}
            for name, a in fixture["accounts"].items():
                acct = net.rpc("getAccount", [a["account_id"]])
                funded[name] = str(acct.get("balance"))
                if int(acct.get("balance", 0)) == 0:
                    raise E2eError("ACCOUNT_NOT_FUNDED", f"genesis did not fund the {name} account {a['account_id']}")
        else:
            state["localnet_url"] = check_testnet(fixture)
            funded = {}
        start_hosts(state)
        manifest = {"chain": chain, "mode": mode, "sequencer_url": state["localnet_url"], "network": fixture["network"],
                    "service_id": fixture.get("service_id"),
                    "provider_account_id": fixture.get("provider_account_id"),
                    "accounts": {k: v["account_id"] for k, v in fixture["accounts"].items()},
                    "hosts": {h: os.path.join(E2E, h) for h in hosts_for(mode)},
                    "test_keys_only": fixture.get("test_keys_only", False)}
        write_json(os.path.join(E2E, "fixture_manifest.json"), manifest)
        return {"sequencer_url": state["localnet_url"], "balances": funded, "manifest": os.path.relpath(
            os.path.join(E2E, "fixture_manifest.json"), ROOT)}
    log.run("fixture_prepare", body)
    return state


def teardown(state):
    if not state:
        return
    for name in ["user", "provider", "host"]:
        p = state.get("processes", {}).get(name)
        if p and pid_alive(p["pid"]):
            d = Daemon(name, os.path.join(BIN, "logoscore"), p["root"], [])
            d.pid = p["pid"]
            d.stop()
    p = state.get("processes", {}).get("localnet")
    if p:
        stop_pid(p["pid"])
    try:
        os.unlink(STATE)
    except OSError:
        pass


def daemons(state):
    out = {}
    for host in hosts_for(state["mode"]):
        p = state["processes"][host]
        d = Daemon(host, os.path.join(BIN, "logoscore"), p["root"], [])
        d.pid = p["pid"]
        out[host] = d
    return out


def run(chain, mode, artifact):
    log = PhaseLog(artifact)
    started_here = False
    state = read_state()

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)  # also when started in the background with SIGINT ignored
    ok = False
    try:
        if state is None or not alive(state) or state.get("mode") != mode or state.get("chain") != chain:
            teardown(state)
            started_here = True
            state = prepare(chain, mode, log)
        elif state.get("journeys", 0) > 0:
            # The prepared daemons already hosted a journey: their wallets, nodes and sessions are
            # taken. Start them again with empty data against the same chain, where the journey
            # opens a vault it has not used before.
            log.run("hosts_restart", lambda: (stop_hosts(state), start_hosts(state), {"journeys_before": state["journeys"]})[2])
        fixture = load_fixture(chain)
        runs_before = state.get("journeys", 0)
        fixture["vault"]["vault_id"] = str(int(fixture["vault"]["vault_id"]) + runs_before)
        state["journeys"] = runs_before + 1
        write_json(STATE, state)
        env = {"localnet_url": state["localnet_url"], "wallet_password": state["wallet_password"]}
        d = daemons(state)
        journey = StoreJourney(env, d["user"], d["provider"], fixture) if mode == "store" else ModuleJourney(env, d["host"], fixture)
        for name, body in journey.phases():
            log.run(name, body)
        ok = True
    except E2eError:
        ok = False
    except KeyboardInterrupt as e:
        log._fail("interrupted", "INTERRUPTED", f"stopped by {e or 'Ctrl-C'}", {}, time.monotonic())
        ok = False
    finally:
        if started_here:
            teardown(read_state())
        ok = log.total({"mode": mode, "chain": chain}) and ok
    return 0 if ok else 1


def main(argv):
    if len(argv) != 3 or argv[1] not in ("local", "testnet") or argv[2] not in ("prepare", "run", "teardown"):
        print(__doc__, file=sys.stderr)
        return 64
    chain, action = argv[1], argv[2]
    mode = os.environ.get("MODE", "store")
    if mode not in ("store", "module"):
        print(f"e2e: MODE must be store or module, not '{mode}'", file=sys.stderr)
        return 64
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    artifact = os.environ.get("ARTIFACT") or os.path.join(E2E, "artifacts", f"e2e-{stamp}.log")
    if action == "teardown":
        teardown(read_state())
        print("e2e: torn down")
        return 0
    if action == "prepare":
        teardown(read_state())
        log = PhaseLog(artifact)
        try:
            prepare(chain, mode, log)
            log.total({"mode": mode, "chain": chain, "action": "prepare"})
        except E2eError as e:
            print(f"e2e: prepare failed ({e.code}): {e.message}", file=sys.stderr)
            teardown(read_state())
            return 1
        print(f"e2e: prepared; state in {os.path.relpath(STATE, ROOT)}")
        for host, url in (read_state() or {}).get("consoles", {}).items():
            if url:
                print(f"e2e: {host} console stays reachable at {url} until teardown")
        return 0
    return run(chain, mode, artifact)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
