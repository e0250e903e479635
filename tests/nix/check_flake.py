#!/usr/bin/env python3
"""flake.nix against scripts/bootstrap.sh's apt package list. Standard library only.

  check_flake.py ROOT          text check (ctest flake_apt_parity; needs no Nix): every package of
                               LEZPAY_APT_PACKAGES has a Nix counterpart in APT_TO_NIX below (a new
                               apt package without one fails), and that counterpart is named in
                               flake.nix's inputs.
  check_flake.py ROOT --eval   also evaluates the flake with Nix, offline: nixpkgs and flake-utils
                               are replaced by the stand-ins in tests/nix/ (nixpkgs cannot be
                               downloaded here), `nix flake show` must list packages.default and
                               devShells.default for both systems, and the dev shell's and the
                               package's inputs, read back from the evaluation, must hold every
                               counterpart. Needs `nix` on PATH; never run by CI.
Exit 0 when every check holds; otherwise each problem on its own line and exit 1.
"""
import json
import os
import re
import shutil
import subprocess
import sys

# apt package (Debian 12) -> nixpkgs attributes, or None with the reason it has no Nix counterpart.
# "build": needed by packages.default too; "shell": the dev shell only (tests, packaging, tools).
APT_TO_NIX = {
    "g++": ("build", []),  # stdenv's compiler
    "cmake": ("build", ["cmake"]),
    "ninja-build": ("build", ["ninja"]),
    "pkg-config": ("build", ["pkg-config"]),
    "ccache": ("build", ["ccache"]),
    "python3": ("build", ["python3"]),
    "qt6-base-dev": ("build", ["qt6.qtbase"]),
    "qt6-base-dev-tools": ("build", ["qt6.qtbase"]),  # moc, rcc: part of qtbase in nixpkgs
    "qt6-httpserver-dev": ("build", ["qt6.qthttpserver"]),
    "qt6-websockets-dev": ("build", ["qt6.qtwebsockets"]),
    "qt6-remoteobjects-dev": ("build", ["qt6.qtremoteobjects"]),  # bench/host/module_ipc_bench's baseline
    "libqt6sql6-sqlite": ("build", ["qt6.qtbase"]),  # the SQLite driver is built into qtbase
    "libqt6sql6-psql": ("shell", ["qt6.qtbase", "postgresql"]),  # qtbase's PostgreSQL driver, libpq from postgresql
    "libssl-dev": ("build", ["openssl"]),
    "libsecp256k1-dev": ("build", ["secp256k1"]),
    "libprotobuf-dev": ("build", ["protobuf"]),
    "protobuf-compiler": ("build", ["protobuf"]),
    "nlohmann-json3-dev": ("build", ["nlohmann_json"]),
    "zlib1g-dev": ("build", ["zlib"]),
    "postgresql": ("shell", ["postgresql"]),
    "openssl": ("shell", ["openssl"]),
    "jq": ("shell", ["jq"]),
    "curl": ("shell", ["curl"]),
    "wrk": ("shell", ["wrk"]),
    "chromium": ("shell", ["chromium"]),
    "chromium-driver": ("shell", ["chromedriver"]),
    "dpkg-dev": ("shell", ["dpkg"]),
    "file": ("shell", ["file"]),
    "adduser": (None, "used only by the Debian package's maintainer scripts (packaging/debian/postinst)"),
    "npm": ("shell", ["nodejs"]),  # bootstrap.sh installs npm when none is on PATH
}


def apt_packages(root):
    text = open(os.path.join(root, "scripts", "bootstrap.sh")).read()
    m = re.search(r"LEZPAY_APT_PACKAGES=\(\n(.*?)\n\)", text, re.S)
    if not m:
        return None
    names = m.group(1).split()
    # npm is added by lezpay_install_deps when no npm is on PATH: part of the list in effect.
    if "missing+=(npm)" in text:
        names.append("npm")
    return names


def text_check(root, problems):
    apt = apt_packages(root)
    if apt is None:
        problems.append("scripts/bootstrap.sh: no LEZPAY_APT_PACKAGES=( ... ) list found")
        return
    flake = open(os.path.join(root, "flake.nix")).read()
    # The attribute names the flake mentions, with `qt6.` kept (`with pkgs; [ qt6.qtbase ... ]`).
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.-]*", re.sub(r"#.*", "", flake)))
    for p in apt:
        if p not in APT_TO_NIX:
            problems.append(f"bootstrap.sh installs '{p}': add its nixpkgs counterpart to flake.nix and to APT_TO_NIX in {__file__}")
            continue
        kind, attrs = APT_TO_NIX[p]
        if kind is None:
            continue
        for a in attrs:
            if a not in words:
                problems.append(f"flake.nix does not name '{a}' (the counterpart of apt's '{p}')")
    for p in APT_TO_NIX:
        if p not in apt:
            problems.append(f"APT_TO_NIX lists '{p}', which scripts/bootstrap.sh no longer installs")


def nix(root, *args):
    env = dict(os.environ, NIX_CONFIG="experimental-features = nix-command flakes")
    stubs = ["--override-input", "nixpkgs", "path:" + os.path.join(root, "tests", "nix", "stub-nixpkgs"),
             "--override-input", "flake-utils", "path:" + os.path.join(root, "tests", "nix", "stub-flake-utils"),
             "--no-write-lock-file"]
    return subprocess.run(["nix", *args, *stubs], cwd=root, env=env, capture_output=True, text=True, timeout=300)


def eval_check(root, problems):
    if shutil.which("nix") is None:
        problems.append("--eval needs nix on PATH (Debian 12: apt-get install nix-bin)")
        return
    shown = nix(root, "flake", "show", "--json")
    if shown.returncode != 0:
        problems.append("nix flake show: " + shown.stderr.strip()[-2000:])
        return
    tree = json.loads(shown.stdout)
    for system in ("x86_64-linux", "aarch64-linux"):
        for path in (("packages", system, "default"), ("devShells", system, "default")):
            node = tree
            for part in path:
                node = node.get(part, {}) if isinstance(node, dict) else {}
            if node.get("type") != "derivation":
                problems.append("nix flake show: no " + ".".join(path))
    for output, kind in (("devShells.x86_64-linux.default", ("build", "shell")), ("packages.x86_64-linux.default", ("build",))):
        r = nix(root, "eval", "--json", f".#{output}.inputNames")
        if r.returncode != 0:
            problems.append(f"nix eval {output}: " + r.stderr.strip()[-2000:])
            continue
        have = set(json.loads(r.stdout))
        for p, (k, attrs) in APT_TO_NIX.items():
            if k not in kind:
                continue
            for a in attrs:
                if a.split(".")[-1] not in have:
                    problems.append(f"{output} lacks '{a}' (the counterpart of apt's '{p}'); it has {sorted(have)}")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    root = os.path.abspath(sys.argv[1])
    problems = []
    text_check(root, problems)
    if "--eval" in sys.argv[2:]:
        eval_check(root, problems)
    for p in problems:
        print("check_flake: " + p)
    if not problems:
        print("check_flake: flake.nix and scripts/bootstrap.sh agree" + (" (evaluated offline with stand-ins)" if "--eval" in sys.argv else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
