#pragma once
// The facilitator's view of the chain, through wallet_module (lez.md §11, §12): account reads,
// submission of an already signed transaction, and a non-blocking status read. Every call is
// ModuleContext::callAsync, so the module thread keeps serving HTTP while the wallet talks to
// the sequencer; callbacks run later on the module thread. The status read is
// wait_for_transaction with timeout_ms 0 (one getTransactionStatus, never a sleep in the
// wallet's thread); the facilitator polls it with a timer.

#include <cstdint>
#include <functional>
#include <string>

#include "lez/core/account_id.h"
#include "lezpay/util/result.h"
#include "logos/module_context.h"
#include "lez/x402_exact/exact_lez.h"

namespace x402mod {

struct TxStatus {
  enum class Kind { Included, Rejected, Pending, Unknown };
  Kind kind = Kind::Pending;
  std::uint64_t blockId = 0;
  std::string reason;  // the chain's rejection text
};

class WalletChain {
 public:
  using ContextFn = std::function<logos::ModuleContext*()>;
  explicit WalletChain(ContextFn context, std::string walletModule = "wallet_module", int callTimeoutMs = 10000);

  void readPayer(const lez::core::AccountId& id, std::function<void(lezpay::util::Result<x402::LezPayerState>)> done);
  // Answers the tx hash; errors: CHAIN_ERROR (the sequencer refused it: it will never land) or
  // an unknown outcome (CHAIN_UNREACHABLE, TIMEOUT, ...: it may have arrived).
  void submit(const std::string& transactionBase64, std::function<void(lezpay::util::Result<std::string>)> done);
  void status(const std::string& txHashHex, std::function<void(lezpay::util::Result<TxStatus>)> done);
  // The same, with wallet_module waiting up to `waitMs` for inclusion (start-up
  // reconciliation). Only the wallet's thread waits; `done` runs later on this thread.
  void statusWait(const std::string& txHashHex, int waitMs, std::function<void(lezpay::util::Result<TxStatus>)> done);

  static x402::LezPayerState parsePayer(const logos::Json& envelope, lezpay::util::Error* error);
  static lezpay::util::Result<TxStatus> parseStatus(const logos::Json& envelope);

 private:
  ContextFn context_;
  std::string wallet_;
  int timeoutMs_;
};

}  // namespace x402mod
