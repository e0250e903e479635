#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test:
# QtTest unit suites through ctest, then the Python functional tests against real daemons.
#   ./scripts/test.sh              everything
#   SKIP_BUILD=1 ./scripts/test.sh  reuse the existing build
#   FUNCTIONAL=host_ ./scripts/test.sh   only functional files starting with host_
#   SANITIZE=1 ./scripts/test.sh    everything under AddressSanitizer + UBSan + LeakSanitizer
#                                   (build-sanitize/); any sanitizer report fails the run
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

lezpay_install_deps
if [ "${SKIP_BUILD:-0}" != "1" ]; then lezpay_build; fi

if [ "$SANITIZE" = "1" ]; then
  lezpay_sanitizer_env
  rm -f "$BUILD_DIR"/sanitizer-logs/*
fi

status=0
lezpay_say "unit tests (ctest)"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" --timeout 600 || status=1

lezpay_say "functional tests (python3 tests/functional/run.py)"
LEZPAY_BUILD_DIR="$BUILD_DIR" python3 "$LEZPAY_ROOT/tests/functional/run.py" ${FUNCTIONAL:-} || status=1

if [ "$SANITIZE" = "1" ]; then
  # Reports of processes whose exit status no test looked at (a daemon's leak report at shutdown).
  reports=("$BUILD_DIR"/sanitizer-logs/*)
  if [ -e "${reports[0]}" ]; then
    lezpay_say "sanitizer reports (${#reports[@]}):"
    for r in "${reports[@]}"; do echo "==== $r" >&2; head -60 "$r" >&2; done
    status=1
  else
    lezpay_say "sanitizers: no report"
  fi
fi
exit $status
