"""The product modules' processes, read from /proc (docs/decisions.md "Modules in their own
processes"): each of wallet_module, payment_streams_module, delivery_module and x402_module runs in a
child of the daemon with no new privileges, no core files, at most 4096 descriptors, a private 0700
TMPDIR, an environment without the daemon's tokens or secrets, none of the daemon's descriptors
(client socket, token files), and the plugin of its own module only. The wallet is the only child
asked to be non-dumpable and the only process that maps wallet code or opens its keystore; the
daemon maps no module at all, so only the wallet process's memory can hold account keys."""
import json
import os
import re
import stat
import time

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log

G = genesis_accounts()
MODULES = ("wallet_module", "payment_streams_module", "delivery_module", "x402_module")
# Given to the daemon: a child must see neither the names nor the values.
DAEMON_SECRETS = {"LEZPAY_API_TOKEN": "tok-9f3a1c-never-in-a-child", "LEZPAY_SEED_SECRET": "seed-77e1-never-in-a-child",
                  "X402_PRIVATE_KEY": "key-51d0-never-in-a-child"}


def read_proc(pid, name):
    with open(f"/proc/{pid}/{name}", "rb") as f:
        return f.read().decode(errors="replace")


def fd_targets(pid):
    out = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            out[int(fd)] = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            pass  # closed meanwhile
    return out


def mapped_plugins(pid):
    return sorted({os.path.basename(line.split()[-1]) for line in read_proc(pid, "maps").splitlines()
                   if line.split()[-1].endswith("_plugin.so")})


def listening_sockets_under(directory):
    """Inodes of the listening Unix sockets bound under `directory` (/proc/net/unix: the path bound,
    flag __SO_ACCEPTCON)."""
    out = set()
    for line in read_proc("self", "net/unix").splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 8 and parts[7].startswith(directory) and int(parts[3], 16) & 0x10000:
            out.add(parts[6])
    return out


class HostModuleLeastPrivilege(DaemonTestCase):
    def test_each_product_module_child_holds_only_what_it_needs(self):
        self.require_modules(*MODULES)
        net = self.start_localnet()
        node = self.start_daemon("node", module_dirs=[PRODUCT_MODULES], env=dict(DAEMON_SECRETS, LOGOSCORE_MODULE_MODE="process"))
        for m in MODULES:
            node.load(m)
        wallet = lambda op, *a: self.assert_ok(node.call("wallet_module", op, *a))["result"]  # noqa: E731
        wallet("configure", net.url)
        keystore = wallet("create_new", "str:least privilege")["keystore"]
        wallet("import_account_private_key", "str:" + G["user"]["secret_key_hex"])
        self.assertTrue(os.path.exists(keystore), keystore)
        log("the wallet holds an account key; a Store node runs in delivery_module")
        self.assert_ok(node.call("delivery_module", "createNode", "json:" + json.dumps({"archiveUrl": f"sqlite:{node.root}/store.sqlite"})))
        self.assert_ok(node.call("delivery_module", "start"))

        mods = {m["name"]: m for m in self.assert_ok(node.cli("list-modules", "--loaded"))}
        pids = {name: mods[name]["pid"] for name in MODULES}
        log(f"daemon pid {node.proc.pid}, module pids {pids}")
        self.assertEqual(len(set(pids.values())), len(MODULES), pids)
        client_token = node.token()
        secrets = set(DAEMON_SECRETS.values()) | {client_token}
        listeners = listening_sockets_under(os.path.realpath(node.config_dir))
        self.assertTrue(listeners, "the daemon's client socket is listed in /proc/net/unix")
        daemon_dir = os.path.join(node.config_dir, "daemon")
        client_dir = os.path.join(node.config_dir, "client")
        keystore_dir = os.path.dirname(os.path.realpath(keystore))
        host_binary = os.path.join(os.path.dirname(os.path.realpath(node.proc.args[0])), "logos-module-host")

        for name, pid in pids.items():
            self.assertEqual(mods[name]["process"]["mode"], "process", mods[name])
            status = read_proc(pid, "status")
            self.assertIn(f"PPid:\t{node.proc.pid}", status, f"{name}: a child of the daemon")
            self.assertIn("NoNewPrivs:\t1", status, f"{name}: PR_SET_NO_NEW_PRIVS")
            limits = read_proc(pid, "limits")
            core = next(line for line in limits.splitlines() if line.startswith("Max core file size")).split()
            self.assertEqual(core[4:6], ["0", "0"], f"{name}: no core file, soft and hard")
            files = next(line for line in limits.splitlines() if line.startswith("Max open files")).split()
            self.assertLessEqual(int(files[3]), 4096, f"{name}: descriptor limit {files}")
            self.assertLessEqual(int(files[4]), 4096, f"{name}: hard descriptor limit {files}")

            argv = read_proc(pid, "cmdline").split("\0")[:-1]
            self.assertEqual(os.path.realpath(argv[0]), os.path.realpath(host_binary), argv)
            self.assertEqual(argv[2:], [name], argv)
            env = dict(kv.split("=", 1) for kv in read_proc(pid, "environ").split("\0") if "=" in kv)
            named = [k for k in env if re.search("TOKEN|SECRET|PASSWORD|KEY|CREDENTIAL", k)]
            self.assertEqual(named, [], f"{name}: secret-looking variables reached the module")
            leaked = [s for s in secrets if any(s in v for v in env.values()) or any(s in a for a in argv)]
            self.assertEqual(leaked, [], f"{name}: a daemon secret is in its environment or argv")
            tmpdir = env["TMPDIR"]
            self.assertTrue(tmpdir.startswith(os.path.join(daemon_dir, "tmp", name + "-")), f"{name}: TMPDIR {tmpdir}")
            st = os.stat(tmpdir)
            self.assertEqual(stat.S_IMODE(st.st_mode), 0o700, f"{name}: TMPDIR mode")
            self.assertEqual(env.get("LOGOS_MODULE_NOT_DUMPABLE"), "1" if name == "wallet_module" else "0",
                             f"{name}: only the key holder is asked to be non-dumpable")

            fds = fd_targets(pid)
            self.assertEqual(sorted(fd for fd in fds if fd <= 2), [0, 1, 2], f"{name}: stdio")
            self.assertEqual(fds[0], "/dev/null", f"{name}: stdin")
            held = [t for t in fds.values() if t.startswith("socket:[") and t[8:-1] in listeners]
            self.assertEqual(held, [], f"{name}: holds the daemon's client socket")
            for fd, target in fds.items():
                self.assertFalse(target.startswith(client_dir), f"{name}: fd {fd} is the client token file {target}")
                self.assertFalse(target.startswith(daemon_dir) and not target.startswith(tmpdir),
                                 f"{name}: fd {fd} is a daemon file {target}")
                if name != "wallet_module":
                    self.assertFalse(target.startswith(keystore_dir), f"{name}: fd {fd} is in the wallet's directory: {target}")
            self.assertEqual(mapped_plugins(pid), [name + "_plugin.so"], f"{name}: maps the plugin of its own module only")
            log(f"{name}: pid {pid}, {len(fds)} descriptors, limits core 0/0 files {files[3]}/{files[4]}, TMPDIR {tmpdir}")

        self.assertEqual(mapped_plugins(node.proc.pid), [], "the daemon maps no module code in process mode")
        log("only wallet_module's code names the keystore file")
        for name in MODULES:
            with open(os.path.join(PRODUCT_MODULES, name, name + "_plugin.so"), "rb") as f:
                names_keystore = b"wallet_keystore.json" in f.read()
            self.assertEqual(names_keystore, name == "wallet_module", f"{name}_plugin.so and the keystore file name")

        if os.geteuid() != 0:
            # A non-dumpable process's /proc files belong to root: the same user cannot read its memory.
            self.assertEqual(os.stat(f"/proc/{pids['wallet_module']}/mem").st_uid, 0, "wallet_module is not dumpable")
            for name in MODULES[1:]:
                self.assertEqual(os.stat(f"/proc/{pids[name]}/mem").st_uid, os.geteuid(), f"{name} is dumpable")
        else:
            log("running as root: dumpability is not visible in /proc ownership; the variable above is checked")
        node.stop()
        deadline = time.time() + 10
        while time.time() < deadline and os.listdir(os.path.join(daemon_dir, "tmp")):
            time.sleep(0.05)
        self.assertEqual(os.listdir(os.path.join(daemon_dir, "tmp")), [], "the private temp dirs go with their children")
