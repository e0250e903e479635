"""install-module: a real module packed by lgx-pack into a .lgx, installed into a fresh daemon's
empty modules directory, loaded and called; every corrupt or foreign package is refused with
PACKAGE_REFUSED, its LGX_* reason and a sentence, and leaves the modules directory as it was."""
import gzip
import hashlib
import io
import json
import os
import stat
import subprocess
import tarfile
import time

from framework import BUILD_DIR, PRODUCT_MODULES, DaemonTestCase, log

LGX_PACK = os.path.join(BUILD_DIR, "bin", "lgx-pack")
MODULE = "wallet_module"


def sha(b):
    return hashlib.sha256(b).hexdigest()


def content_hashes(files):
    """The Merkle hashes of docs/protocol.md "Module packages", computed independently of libs/lgx."""
    out = {p: sha(b) for p, b in files.items()}
    children = {}
    for p in files:
        child = p
        while True:
            parent, _, name = child.rpartition("/")
            children.setdefault(parent, {})[name] = child
            if not parent:
                break
            child = parent
    for d in sorted(children, key=lambda d: (-(d.count("/") + 1 if d else 0), d)):
        listing = b"".join(n.encode() + b"\0" + out[c].encode() + b"\n" for n, c in sorted(children[d].items()))
        out[d if d else "root"] = sha(listing)
    return out


def read_lgx(path):
    with tarfile.open(path, "r:gz") as t:
        return {m.name: t.extractfile(m).read() for m in t.getmembers() if m.isfile()}


def write_lgx(path, entries, extra=()):
    """entries: path -> bytes (regular files); extra: TarInfo-ready (name, type, data) tuples."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in sorted(entries.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        for name, kind, data in extra:
            info = tarfile.TarInfo(name)
            info.type = kind
            if kind == tarfile.REGTYPE:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            else:
                info.linkname = data
                t.addfile(info)
    with open(path, "wb") as f:
        f.write(gzip.compress(buf.getvalue(), mtime=0))


class HostLgxInstall(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        cls.pkg_dir = os.path.join("/tmp", f"lzp-lgx-{os.getpid()}")
        os.makedirs(cls.pkg_dir, exist_ok=True)
        cls.package = os.path.join(cls.pkg_dir, MODULE + ".lgx")
        started = time.time()
        p = subprocess.run([LGX_PACK, "--module-dir", os.path.join(PRODUCT_MODULES, MODULE), "--out", cls.package],
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, f"lgx-pack failed: {p.stdout} {p.stderr}"
        log(f"lgx-pack {MODULE}: {os.path.getsize(cls.package)} bytes in {time.time() - started:.1f}s")

    @classmethod
    def tearDownClass(cls):
        for f in os.listdir(cls.pkg_dir):
            os.unlink(os.path.join(cls.pkg_dir, f))
        os.rmdir(cls.pkg_dir)

    def fresh_daemon(self):
        self.require_modules(MODULE)
        modules = os.path.join(self.tmp, "modules")
        os.makedirs(modules)
        return self.start_daemon("node", module_dirs=[modules]), modules

    def test_package_is_deterministic_and_well_formed(self):
        again = os.path.join(self.tmp, "again.lgx")
        subprocess.run([LGX_PACK, "--module-dir", os.path.join(PRODUCT_MODULES, MODULE), "--out", again], check=True,
                       capture_output=True, timeout=300)
        with open(self.package, "rb") as a, open(again, "rb") as b:
            self.assertEqual(sha(a.read()), sha(b.read()), "two packs of the same module differ")
        files = read_lgx(self.package)
        manifest = json.loads(files.pop("manifest.json"))
        self.assertEqual(manifest["manifestVersion"], "0.3.0")
        self.assertEqual(manifest["name"], MODULE)
        self.assertEqual(manifest["main"], {"linux-amd64": MODULE + "_plugin.so"})
        self.assertEqual(sorted(files), sorted([f"variants/linux-amd64/{MODULE}_plugin.so", "variants/linux-amd64/metadata.json"]))
        self.assertEqual(manifest["hashes"], content_hashes(files))

    def test_install_then_load_and_call(self):
        node, modules = self.fresh_daemon()
        self.assertEqual(self.assert_ok(node.cli("list-modules")), [])
        log("install-module puts the module where discovery finds it")
        out = self.assert_ok(node.cli("install-module", self.package, timeout=120))
        self.assertEqual(out["result"]["name"], MODULE)
        self.assertEqual(out["result"]["variant"], "linux-amd64")
        target = os.path.join(modules, MODULE)
        self.assertEqual(out["result"]["directory"], target)
        self.assertEqual(sorted(os.listdir(modules)), [MODULE], "a temporary directory was left behind")
        self.assertEqual(sorted(os.listdir(target)), sorted(["manifest.json", "metadata.json", MODULE + "_plugin.so", "variant"]))
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o700)
        for f in os.listdir(target):
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(target, f)).st_mode), 0o600, f)
        with open(os.path.join(target, "variant")) as f:
            self.assertEqual(f.read().strip(), "linux-amd64")
        listing = {m["name"]: m["status"] for m in self.assert_ok(node.cli("list-modules"))}
        self.assertEqual(listing, {MODULE: "discovered"})

        node.load(MODULE)
        out = self.assert_ok(node.call(MODULE, "account_id_to_base58", "str:" + "00" * 32))
        self.assertEqual(out["status"], "ok")
        self.assertTrue(out["result"], out)

        log("a second install of the same module is refused and changes nothing")
        before = os.stat(os.path.join(target, MODULE + "_plugin.so")).st_mtime_ns
        r = node.cli("install-module", self.package, timeout=120)
        body = self.expect_error(r, "PACKAGE_REFUSED", "already installed", exit_code=3)
        self.assertEqual(body["reason"], "LGX_INSTALLED")
        self.assertEqual(os.stat(os.path.join(target, MODULE + "_plugin.so")).st_mtime_ns, before)
        self.assertEqual(sorted(os.listdir(modules)), [MODULE])

    def test_refusals_leave_nothing_behind(self):
        node, modules = self.fresh_daemon()
        good = read_lgx(self.package)
        manifest = json.loads(good["manifest.json"])
        plugin = f"variants/linux-amd64/{MODULE}_plugin.so"
        bad = {}

        tampered = dict(good)
        tampered[plugin] = tampered[plugin][:-1] + bytes([tampered[plugin][-1] ^ 1])
        write_lgx(os.path.join(self.tmp, "hash.lgx"), tampered)
        bad["hash.lgx"] = ("LGX_HASH_MISMATCH", f"content of '{plugin}' does not match")

        with open(self.package, "rb") as f:
            whole = f.read()
        with open(os.path.join(self.tmp, "truncated.lgx"), "wb") as f:
            f.write(whole[: len(whole) // 2])
        bad["truncated.lgx"] = ("LGX_ARCHIVE", "truncated")

        write_lgx(os.path.join(self.tmp, "traversal.lgx"), good, [("variants/linux-amd64/../../../escaped", tarfile.REGTYPE, b"x")])
        bad["traversal.lgx"] = ("LGX_PATH", "climbs out of the package")

        write_lgx(os.path.join(self.tmp, "symlink.lgx"), good, [("variants/linux-amd64/link", tarfile.SYMTYPE, "/etc/passwd")])
        bad["symlink.lgx"] = ("LGX_ENTRY_TYPE", "symbolic link")

        write_lgx(os.path.join(self.tmp, "manifest.lgx"), dict(good, **{"manifest.json": json.dumps(dict(manifest, type="daemon")).encode()}))
        bad["manifest.lgx"] = ("LGX_MANIFEST", "\"type\" must be one of")

        foreign_files = {k.replace("linux-amd64", "linux-arm64"): v for k, v in good.items() if k != "manifest.json"}
        foreign_manifest = dict(manifest, main={"linux-arm64": MODULE + "_plugin.so"}, hashes=content_hashes(foreign_files))
        write_lgx(os.path.join(self.tmp, "foreign.lgx"), dict(foreign_files, **{"manifest.json": json.dumps(foreign_manifest).encode()}))
        bad["foreign.lgx"] = ("LGX_VARIANT", "needs 'linux-amd64' and the package has linux-arm64")

        with open(os.path.join(self.tmp, "not-a-package.lgx"), "wb") as f:
            f.write(b"PK\x03\x04" + os.urandom(64))
        bad["not-a-package.lgx"] = ("LGX_ARCHIVE", "not gzip")

        for name, (reason, sentence) in bad.items():
            log(f"{name}: refused with {reason}")
            r = node.cli("install-module", os.path.join(self.tmp, name), timeout=120)
            body = self.expect_error(r, "PACKAGE_REFUSED", sentence, exit_code=3)
            self.assertEqual(body["reason"], reason, body)
            self.assertEqual(os.listdir(modules), [], f"{name} left files in the modules directory")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "escaped")))
        self.assertFalse(os.path.exists(os.path.join(os.path.dirname(modules), "escaped")))
        self.assertEqual(self.assert_ok(node.cli("list-modules")), [])
        self.assertEqual(node.proc.poll(), None, "the daemon went down")

        log("a package the daemon cannot read is an LGX_IO refusal")
        body = self.expect_error(node.cli("install-module", os.path.join(self.tmp, "missing.lgx")), "PACKAGE_REFUSED", "cannot read")
        self.assertEqual(body["reason"], "LGX_IO")


if __name__ == "__main__":
    import unittest
    unittest.main()
