#!/usr/bin/env bash
# The README's first command: the dual-host paid-services demo on the embedded localnet.
#   ./scripts/e2e.sh build
#   ./scripts/e2e.sh <local|testnet> <prepare|run|teardown>
# Environment: MODE=store|module, CHAIN=local|testnet, SKIP_BUILD=1, ARTIFACT=path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

usage() {
  echo "usage: $0 build | <local|testnet> <prepare|run|teardown>" >&2
  exit 64
}

cmd="${1:-}"
case "$cmd" in
  build)
    lezpay_install_deps
    lezpay_build
    exit 0
    ;;
  local|testnet) ;;
  *) usage ;;
esac
action="${2:-}"
case "$action" in prepare|run|teardown) ;; *) usage ;; esac

lezpay_install_deps
if [ "${SKIP_BUILD:-0}" != "1" ]; then lezpay_build; fi

# The journey needs every piece below; report each one that is not built yet.
need=(
  "$BUILD_DIR/bin/logoscore:module host (issue 2)"
  "$BUILD_DIR/bin/lez-localnet:LEZ sequencer (issue 3)"
  "$BUILD_DIR/modules/wallet_module/wallet_module_plugin.so:wallet_module (issue 3)"
  "$BUILD_DIR/modules/payment_streams_module/payment_streams_module_plugin.so:payment_streams_module (issue 4)"
  "$BUILD_DIR/modules/delivery_module/delivery_module_plugin.so:delivery_module (issue 5)"
  "$BUILD_DIR/modules/x402_module/x402_module_plugin.so:x402_module (issue 6)"
  "$LEZPAY_ROOT/scripts/e2e/run_local_e2e.py:e2e orchestrator (issue 7)"
)
absent=0
for entry in "${need[@]}"; do
  path="${entry%%:*}"
  what="${entry#*:}"
  if [ -e "$path" ]; then
    lezpay_say "present: $what"
  else
    lezpay_say "not built yet: $what ($path)"
    absent=1
  fi
done
if [ "$absent" -ne 0 ]; then
  lezpay_say "the paid-services journey cannot run until every piece above is built"
  exit 2
fi
exec python3 "$LEZPAY_ROOT/scripts/e2e/run_local_e2e.py" "$cmd" "$action"
