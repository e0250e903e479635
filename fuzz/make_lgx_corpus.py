#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/lgx_package.cpp into fuzz/corpus/lgx_package/.

Packages are built here with tarfile and gzip from the standard library and the Merkle hashes of
docs/protocol.md "Module packages", independently of libs/lgx, so a seed that the C++ reader
accepts also shows the two agree. Run from the repository root; the output is committed.
"""
import gzip
import hashlib
import io
import json
import os
import tarfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "lgx_package")


def sha(b):
    return hashlib.sha256(b).hexdigest()


def hashes(files):
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


def manifest(files, **over):
    m = {"manifestVersion": "0.3.0", "name": "echo_module", "version": "1.0.0", "description": "seed", "author": "lez-pay",
         "type": "core", "category": "test", "icon": "", "main": {"linux-amd64": "echo_module_plugin.so"},
         "dependencies": ["wallet_module", {"name": "delivery_module", "version": "^0.1", "signer": "did:jwk:e30"}],
         "hashes": hashes(files)}
    m.update(over)
    return json.dumps(m, indent=2, sort_keys=True).encode() + b"\n"


def tar(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data, kind in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.type = kind
            if kind == tarfile.REGTYPE:
                info.size = len(data)
                info.mode = 0o644
                t.addfile(info, io.BytesIO(data))
            else:
                info.mode = 0o755
                if kind == tarfile.SYMTYPE:
                    info.linkname = data.decode()
                t.addfile(info)
    return buf.getvalue()


def gz(b):
    return gzip.compress(b, mtime=0)


FILES = {"variants/linux-amd64/echo_module_plugin.so": b"\x7fELF seed", "variants/linux-amd64/metadata.json": b'{"name":"echo_module"}',
         "docs/README.md": b"# echo\n"}


def package(files=FILES, extra=(), man=None, dirs=True):
    entries = [("manifest.json", man if man is not None else manifest(files), tarfile.REGTYPE)]
    if dirs:
        entries += [(d, b"", tarfile.DIRTYPE) for d in ("docs", "variants", "variants/linux-amd64")]
    entries += [(p, b, tarfile.REGTYPE) for p, b in files.items()]
    entries += list(extra)
    return gz(tar(entries))


def main():
    os.makedirs(OUT, exist_ok=True)
    good = package()
    seeds = {
        "valid.lgx": good,
        "valid_no_dirs.lgx": package(dirs=False),
        "signed.lgx": package(extra=[("manifest.sig", b'{"algorithm":"ed25519"}', tarfile.REGTYPE)]),
        "truncated.lgx": good[: len(good) // 2],
        "hash_mismatch.lgx": package(man=manifest({**FILES, "docs/README.md": b"other"})),
        "traversal.lgx": package(extra=[("variants/linux-amd64/../../evil", b"x", tarfile.REGTYPE)]),
        "symlink.lgx": package(extra=[("variants/linux-amd64/link", b"/etc/passwd", tarfile.SYMTYPE)]),
        "root_entry.lgx": package(extra=[("setup.sh", b"#!/bin/sh", tarfile.REGTYPE)]),
        "foreign_variant.lgx": package(files={"variants/darwin-arm64/echo_module_plugin.so": b"macho"},
                                        man=manifest({"variants/darwin-arm64/echo_module_plugin.so": b"macho"},
                                                     main={"darwin-arm64": "echo_module_plugin.so"}), dirs=False),
        "bad_manifest.lgx": package(man=b'{"manifestVersion":"0.3.0","name":7}'),
        "plain_tar.tar": tar([("manifest.json", manifest(FILES), tarfile.REGTYPE)]),
        "manifest.json": manifest(FILES),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
