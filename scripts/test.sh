#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test:
# QtTest unit suites through ctest, then the Python functional tests against real daemons.
#   ./scripts/test.sh              everything
#   SKIP_BUILD=1 ./scripts/test.sh  reuse the existing build
#   FUNCTIONAL=host_ ./scripts/test.sh   only functional files starting with host_
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

lezpay_install_deps
if [ "${SKIP_BUILD:-0}" != "1" ]; then lezpay_build; fi

lezpay_say "unit tests (ctest)"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" --timeout 600

lezpay_say "functional tests (python3 tests/functional/run.py)"
LEZPAY_BUILD_DIR="$BUILD_DIR" python3 "$LEZPAY_ROOT/tests/functional/run.py" ${FUNCTIONAL:-}
