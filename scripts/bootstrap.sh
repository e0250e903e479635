#!/usr/bin/env bash
# Installs what a fresh Debian 12 / Ubuntu 22.04+ machine lacks to build and test lez-pay, and
# configures + builds the tree. Sourced by test.sh and e2e.sh; also runnable alone:
#   ./scripts/bootstrap.sh            install missing packages, configure and build
# Inside `nix develop` (IN_NIX_SHELL set) it installs nothing: the dev shell provides everything.
set -euo pipefail

LEZPAY_ROOT="${LEZPAY_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# SANITIZE=1: AddressSanitizer + UndefinedBehaviorSanitizer (with LeakSanitizer) build in its own
# directory, -O1 with line tables only, which keeps the instrumented build near the plain one's time.
SANITIZE="${SANITIZE:-0}"
if [ "$SANITIZE" = "1" ]; then
  BUILD_DIR="${BUILD_DIR:-$LEZPAY_ROOT/build-sanitize}"
else
  BUILD_DIR="${BUILD_DIR:-$LEZPAY_ROOT/build}"
fi
JOBS="${JOBS:-2}"
# Let ccache share hits between checkouts in different directories (CI clones afresh).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$LEZPAY_ROOT}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"

# Debian package names (Debian 12 / Ubuntu 22.04+). Keep in step with flake.nix.
LEZPAY_APT_PACKAGES=(
  g++ cmake ninja-build pkg-config ccache python3
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-remoteobjects-dev
  libqt6sql6-sqlite libqt6sql6-psql
  libssl-dev libsecp256k1-dev libprotobuf-dev protobuf-compiler nlohmann-json3-dev zlib1g-dev
  postgresql openssl
  jq curl wrk
  chromium chromium-driver
  dpkg-dev file adduser
)

# Sanitizer settings for every process a test starts (daemons, sequencer, QtTest suites): a report
# aborts the process and is also written under $BUILD_DIR/sanitizer-logs, which test.sh checks at the end.
lezpay_sanitizer_env() {
  local logs="$BUILD_DIR/sanitizer-logs"
  mkdir -p "$logs"
  # A small quarantine (8 MiB instead of 256) keeps freed memory from inflating RSS, which the
  # hostile-client tests bound; use-after-free within the last 8 MiB of frees is still caught.
  export ASAN_OPTIONS="abort_on_error=0:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:quarantine_size_mb=8:thread_local_quarantine_size_kb=256:log_path=$logs/asan:log_exe_name=1"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan:log_exe_name=1"
  export LSAN_OPTIONS="suppressions=$LEZPAY_ROOT/tests/sanitizer/lsan.supp:print_suppressions=0"
  # The checked run also checks every module answer against its declared result shape and error
  # table (sdk/dispatcher.h): a break answers CONTRACT_MISMATCH, which fails the test that saw it.
  export LEZPAY_CONTRACT_CHECKS=1
}

lezpay_say() { printf '[lez-pay] %s\n' "$*" >&2; }

lezpay_install_deps() {
  if [ -n "${IN_NIX_SHELL:-}" ]; then
    lezpay_say "inside nix develop: installing nothing"
    return 0
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    lezpay_say "not a Debian-family system: install the equivalents of: ${LEZPAY_APT_PACKAGES[*]} (or use nix develop)"
    return 0
  fi
  local missing=()
  local p
  for p in "${LEZPAY_APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  # The js-libp2p interop test installs its pinned packages with npm (tests/interop/libp2p); any npm
  # will do (it fetches its own Node 22), so Debian's is installed only when none is on PATH.
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then
    lezpay_say "all build and test packages are present"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      lezpay_say "missing packages ${missing[*]} and not root (no sudo): install them and run again"
      return 1
    fi
  fi
  lezpay_say "installing missing packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; then
    lezpay_say "apt-get could not install: ${missing[*]} (Qt >= 6.4 with HttpServer is required: Debian 12 or Ubuntu 23.04+)"
    return 1
  fi
}

lezpay_build() {
  lezpay_say "configuring $BUILD_DIR"
  local extra=()
  if [ "$SANITIZE" = "1" ]; then
    extra=(-DLEZPAY_SANITIZE=address,undefined "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1")
  fi
  cmake -S "$LEZPAY_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" "${extra[@]}" >&2
  lezpay_say "building with $JOBS jobs"
  cmake --build "$BUILD_DIR" -j "$JOBS" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  lezpay_install_deps
  lezpay_build
fi
