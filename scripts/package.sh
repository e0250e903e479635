#!/usr/bin/env bash
# Builds the Debian package lez-pay_<version>_<arch>.deb from the already configured build tree
# (cmake/packaging.cmake): `cpack -G DEB` in $BUILD_DIR, output in $BUILD_DIR/package/.
#   ./scripts/package.sh          prints the path of the .deb on stdout
# SKIP_BUILD=1 packages what is built; otherwise the packaged targets are brought up to date first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  lezpay_install_deps
  lezpay_build
elif [ "${SKIP_BUILD:-0}" != "1" ]; then
  cmake "$BUILD_DIR" >&2
  cmake --build "$BUILD_DIR" -j "$JOBS" --target lezpay_package_inputs >&2
fi
# The configure step writes CPackConfig.cmake; a tree configured before packaging existed needs it.
if [ ! -f "$BUILD_DIR/CPackConfig.cmake" ]; then
  cmake "$BUILD_DIR" >&2
fi
out="$BUILD_DIR/package"
rm -rf "$out"
mkdir -p "$out"
(cd "$BUILD_DIR" && cpack -G DEB -B "$out" >&2)
deb=$(ls "$out"/lez-pay_*.deb)
lezpay_say "package: $deb ($(du -h "$deb" | cut -f1))"
echo "$deb"
