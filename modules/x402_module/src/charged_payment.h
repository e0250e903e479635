#pragma once
// A payment charged but not served (docs/decisions.md "x402: served exactly when charged"): the
// facilitator answers nonce_replayed for a payment this server has no record of serving (the
// answer was lost in a crash after settlement, or someone else settled the captured payment
// first). Shared by the HTTP merchant and the paid MCP endpoint.
//
// chargedReceipt is pure: the server's own check of the payment (signature, authorization for
// `resourceUrl`, amount, payee) at a time inside its window, and the receipt it would answer. The
// caller then confirms with waitIncluded that exactly that transaction is on chain before it
// serves the payment once (recording it like any settled payment).

#include <QObject>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "lezpay/util/result.h"
#include "wallet_chain.h"
#include "x402/types.h"

namespace x402mod {

// How long recovery waits for a transaction someone else broadcast to be included.
inline constexpr std::int64_t kRecoveryWaitMs = 15000;

// The success receipt for `payload` if its transaction `txHash` is the one on chain; nullopt
// when the payment is not a valid payment of `requirements` for `resourceUrl` at any time of its
// window (then it stays refused).
std::optional<x402::SettlementResponse> chargedReceipt(const x402::PaymentPayload& payload, const x402::PaymentRequirements& requirements,
                                                       const std::string& resourceUrl, const std::string& txHash, std::int64_t nowSeconds);

// Reads a transaction's status on chain (wallet_module, as WalletChain::status).
using ChainStatusFn = std::function<void(const std::string& txHash, std::function<void(lezpay::util::Result<TxStatus>)>)>;

// Polls `chainStatus` every 200 ms while the transaction is pending and `nowMs()` is before
// `deadlineMs`; answers the last status. Timers run on `context`; nothing runs after it died.
void waitIncluded(QObject* context, const ChainStatusFn& chainStatus, std::function<std::int64_t()> nowMs, const std::string& txHash,
                  std::int64_t deadlineMs, std::function<void(lezpay::util::Result<TxStatus>)> done);

}  // namespace x402mod
