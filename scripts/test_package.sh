#!/usr/bin/env bash
# The installed-package test (root only; .ci/run runs it after the other tests): builds the .deb
# from the existing build tree, installs it with apt-get, checks the installed files, modes and the
# lezpay user, checks /etc/lez-pay's configuration files with `logoscore -D --check-config`, runs
# the units' commands (ExecStartPre, then ExecStart from /etc/lez-pay/<role>.json) as lezpay (scripts/package/run_units.py; systemd is not
# PID 1 in CI), runs the e2e journey as lezpay against /usr/bin and /usr/lib/lez-pay/modules, then
# purges the package and checks nothing is left. Exit 0 = every check held; 77 = not root (skipped).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

start=$(date +%s)
fail() { lezpay_say "test_package: FAIL: $*"; exit 1; }
ok() { lezpay_say "test_package: ok: $*"; }

if [ "$(id -u)" -ne 0 ]; then
  lezpay_say "test_package: skipped: installing a package needs root"
  exit 77
fi
if dpkg-query -W -f='${Status}' lez-pay 2>/dev/null | grep -q "install ok installed"; then
  fail "lez-pay is already installed here; this test installs and purges it (apt-get purge lez-pay first)"
fi

# The tree is already built (the test run before); packaging only installs it into a staging dir.
deb=$(SKIP_BUILD=1 "$LEZPAY_ROOT/scripts/package.sh")
ok "built $(basename "$deb") in $(( $(date +%s) - start )) s"
dpkg-deb -f "$deb" Depends | grep -q "libqt6core6" || fail "Depends lacks the Qt runtime (dpkg-shlibdeps did not run): $(dpkg-deb -f "$deb" Depends)"
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/lez-pay/user.json || fail "/etc/lez-pay/user.json is not a conffile"

work=$(mktemp -d /tmp/lezpay-pkgtest.XXXXXX)
chmod 0755 "$work"
cleanup() {
  if dpkg-query -W -f='${Status}' lez-pay 2>/dev/null | grep -q "install ok installed"; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq lez-pay >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cp "$deb" "$work/"
# apt-get resolves the dependencies (all present on a machine that built the tree); dpkg -i + -f as fallback.
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$work/$(basename "$deb")" >"$work/apt.log" 2>&1; then
  dpkg -i "$work/$(basename "$deb")" >>"$work/apt.log" 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >>"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log" >&2; fail "the package does not install"; }
fi
ok "installed"

# Files, PATH, user and modes.
[ "$(command -v logoscore)" = /usr/bin/logoscore ] || fail "logoscore is not on PATH as /usr/bin/logoscore"
for f in /usr/bin/logoscore /usr/bin/lez-localnet /usr/bin/lezpay-mcp /usr/share/lez-pay/localnet_genesis.json \
         /usr/share/lez-pay/console/index.html /usr/lib/lez-pay/console/index.html /etc/lez-pay/user.json /etc/lez-pay/provider.json; do
  [ -e "$f" ] || fail "$f is not installed"
done
for m in wallet_module payment_streams_module delivery_module x402_module console_module; do
  [ -f "/usr/lib/lez-pay/modules/$m/${m}_plugin.so" ] && [ -f "/usr/lib/lez-pay/modules/$m/metadata.json" ] \
    || fail "module $m is not installed under /usr/lib/lez-pay/modules/$m"
done
units=()
for u in lez-pay-localnet lez-pay-user lez-pay-provider; do
  p=$(ls /usr/lib/systemd/system/$u.service /lib/systemd/system/$u.service 2>/dev/null | head -1)
  [ -n "$p" ] || fail "unit $u.service is not installed"
  units+=("$p")
done
getent passwd lezpay >/dev/null || fail "the system user lezpay was not created"
uid=$(id -u lezpay)
[ "$uid" -lt 1000 ] || fail "lezpay has uid $uid, not a system uid"
[ "$(getent passwd lezpay | cut -d: -f7)" = /usr/sbin/nologin ] || fail "lezpay has a login shell"
[ "$(stat -c '%a %U' /var/lib/lez-pay)" = "700 lezpay" ] || fail "/var/lib/lez-pay is $(stat -c '%a %U' /var/lib/lez-pay), not 700 lezpay"
[ "$(stat -c '%a %G' /etc/lez-pay/user.json)" = "640 lezpay" ] || fail "/etc/lez-pay/user.json is $(stat -c '%a %G' /etc/lez-pay/user.json)"
ok "files, PATH, the lezpay user and /var/lib/lez-pay 0700"

# The daemons' configuration files as installed: lezpay's wallet password files (made by postinst),
# and each file passes the daemon's own check (`--check-config`: every field, every module present).
for role in user provider; do
  [ "$(stat -c '%a %U' /etc/lez-pay/$role-wallet.pass)" = "600 lezpay" ] \
    || fail "/etc/lez-pay/$role-wallet.pass is $(stat -c '%a %U' /etc/lez-pay/$role-wallet.pass 2>&1), not 600 lezpay"
  (cd / && setpriv --reuid=lezpay --regid=lezpay --init-groups --no-new-privs -- /usr/bin/logoscore -D --config "/etc/lez-pay/$role.json" \
    --check-config) >"$work/check-$role.log" 2>&1 || { cat "$work/check-$role.log" >&2; fail "/etc/lez-pay/$role.json does not pass --check-config"; }
done
ok "/etc/lez-pay/{user,provider}.json pass logoscore --check-config; wallet password files 0600 lezpay"

# The units as systemd reads them (where systemd-analyze can run without a running manager).
if command -v systemd-analyze >/dev/null 2>&1; then
  if systemd-analyze verify "${units[@]}" >"$work/verify.log" 2>&1; then
    ok "systemd-analyze verify"
  elif grep -qiE "failed to (connect|initialize)|no such file or directory.*bus|System has not been booted" "$work/verify.log"; then
    lezpay_say "test_package: systemd-analyze cannot run here: $(head -1 "$work/verify.log")"
  else
    cat "$work/verify.log" >&2
    fail "systemd-analyze verify found problems in the units"
  fi
fi

# The units' commands as lezpay; the journal's stand-in logs are kept in $work.
mkdir -p "$work/logs"
chmod 0700 "$work/logs"
python3 "$LEZPAY_ROOT/scripts/package/run_units.py" "$work/logs" || { tail -n 20 "$work"/logs/*.log >&2; fail "the units' commands"; }

# The e2e journey as lezpay against the installed binaries and modules. The orchestrator and its
# fixtures are copied where lezpay can read them (a CI checkout may be under a private home).
mkdir -p "$work/tree/scripts" "$work/tree/fixtures"
cp -r "$LEZPAY_ROOT/scripts/e2e" "$work/tree/scripts/"
cp "$LEZPAY_ROOT"/fixtures/*.json "$work/tree/fixtures/"
chmod -R a+rX "$work/tree"
t0=$(date +%s)
if ! setpriv --reuid=lezpay --regid=lezpay --init-groups --no-new-privs -- env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
     HOME=/var/lib/lez-pay ASAN_OPTIONS=detect_leaks=0 LEZPAY_BIN_DIR=/usr/bin LEZPAY_MODULES_DIR=/usr/lib/lez-pay/modules \
     LEZPAY_E2E_DIR=/var/lib/lez-pay/e2e ARTIFACT=/var/lib/lez-pay/e2e/journey.log MODE=store \
     python3 "$work/tree/scripts/e2e/run_local_e2e.py" local run >"$work/e2e.log" 2>&1; then
  tail -n 30 "$work/e2e.log" >&2
  tail -n 20 /var/lib/lez-pay/e2e/*/daemon.log >&2 || true
  fail "the e2e journey against the installed files"
fi
grep -q '"phase": *"run_total", *"status": *"ok"' /var/lib/lez-pay/e2e/journey.log || fail "the journey's artifact has no ok run_total"
ok "e2e journey as lezpay against /usr/bin and /usr/lib/lez-pay/modules ($(( $(date +%s) - t0 )) s)"

# Purge: nothing of the package is left.
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq lez-pay >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "apt-get purge lez-pay"; }
for f in /usr/bin/logoscore /usr/bin/lez-localnet /usr/bin/lezpay-mcp /usr/lib/lez-pay /usr/share/lez-pay /etc/lez-pay \
         /var/lib/lez-pay "${units[@]}"; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is left after purge"
done
! getent passwd lezpay >/dev/null || fail "the user lezpay is left after purge"
! getent group lezpay >/dev/null || fail "the group lezpay is left after purge"
! dpkg-query -W -f='${Status}' lez-pay 2>/dev/null | grep -q "install ok installed" || fail "dpkg still lists lez-pay"
ok "purged: binaries, modules, units, /etc/lez-pay, /var/lib/lez-pay and the lezpay user are gone"
lezpay_say "test_package: passed in $(( $(date +%s) - start )) s"
