#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test:
# QtTest unit suites through ctest, then the Python functional tests against real daemons.
#   ./scripts/test.sh              everything
#   SKIP_BUILD=1 ./scripts/test.sh  reuse the existing build
#   FUNCTIONAL=host_ ./scripts/test.sh   only functional files starting with host_
#   FUNCTIONAL_JOBS=1 ./scripts/test.sh  functional files one at a time (default 2 side by side)
#   MODULE_MODES="process in-process" ./scripts/test.sh  the functional suite once per module mode
#                                   (default: process, each module in its own process; CI runs both)
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

for mode in ${MODULE_MODES:-process}; do
  lezpay_say "functional tests (python3 tests/functional/run.py), modules: $mode"
  LEZPAY_BUILD_DIR="$BUILD_DIR" LEZPAY_MODULE_MODE="$mode" python3 "$LEZPAY_ROOT/tests/functional/run.py" \
    -j "${FUNCTIONAL_JOBS:-2}" ${FUNCTIONAL:-} || status=1
done

if [ "$SANITIZE" = "1" ]; then
  # Reports of processes whose exit status no test looked at (a daemon's leak report at shutdown).
  # LeakSanitizer's own tracer can crash while a process exits with threads still winding down
  # ("LeakSanitizer has encountered a fatal error"): that is the tool failing, not a finding, so it
  # is shown but does not fail the run. Any ASan error, leak report or UBSan runtime error does.
  findings=0
  for r in "$BUILD_DIR"/sanitizer-logs/*; do
    [ -e "$r" ] || continue
    if grep -qE "ERROR: AddressSanitizer|detected memory leaks|runtime error:|ERROR: UndefinedBehaviorSanitizer" "$r"; then
      findings=$((findings + 1))
      echo "==== $r" >&2; head -80 "$r" >&2
    else
      lezpay_say "sanitizer tool failure, not a finding: $r"; head -5 "$r" >&2
    fi
  done
  if [ "$findings" -gt 0 ]; then
    lezpay_say "sanitizer reports: $findings"
    status=1
  else
    lezpay_say "sanitizers: no finding"
  fi
fi
exit $status
