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
# `./scripts/e2e.sh run` (no chain) takes the chain from CHAIN (default local).
case "$cmd" in prepare|run|teardown) set -- "${CHAIN:-local}" "$cmd" ; cmd="$1" ;; esac
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
if [ "$action" = "teardown" ]; then
  LEZPAY_BUILD_DIR="$BUILD_DIR" exec python3 "$LEZPAY_ROOT/scripts/e2e/run_local_e2e.py" "$cmd" teardown
fi

lezpay_install_deps
if [ "${SKIP_BUILD:-0}" != "1" ]; then lezpay_build; fi

MODE="${MODE:-store}"
case "$MODE" in store|module) ;; *) lezpay_say "MODE must be store or module, not '$MODE'"; exit 64 ;; esac
export MODE
# The journey needs every piece below; report each one that is not built.
need=(
  "$BUILD_DIR/bin/logoscore:module host"
  "$BUILD_DIR/bin/lez-localnet:LEZ sequencer"
  "$BUILD_DIR/modules/wallet_module/wallet_module_plugin.so:wallet_module"
  "$BUILD_DIR/modules/payment_streams_module/payment_streams_module_plugin.so:payment_streams_module"
  "$LEZPAY_ROOT/scripts/e2e/run_local_e2e.py:e2e orchestrator"
)
if [ "$MODE" = "store" ]; then
  need+=("$BUILD_DIR/modules/delivery_module/delivery_module_plugin.so:delivery_module"
         "$BUILD_DIR/modules/x402_module/x402_module_plugin.so:x402_module")
fi
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
  lezpay_say "the paid-services journey cannot run until every piece above is built (./scripts/e2e.sh build)"
  exit 2
fi
LEZPAY_BUILD_DIR="$BUILD_DIR" exec python3 "$LEZPAY_ROOT/scripts/e2e/run_local_e2e.py" "$cmd" "$action"
