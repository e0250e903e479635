#include "charged_payment.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>

#include "lez/x402_exact/exact_lez.h"

namespace x402mod {

std::optional<x402::SettlementResponse> chargedReceipt(const x402::PaymentPayload& payload, const x402::PaymentRequirements& requirements,
                                                       const std::string& resourceUrl, const std::string& txHash, std::int64_t nowSeconds) {
  auto lp = x402::parseExactLezPayload(payload.payload);
  if (!lp.ok()) return std::nullopt;
  // The window bounded when it could be broadcast, and it was (the facilitator or the chain says
  // so): the check runs at a time inside it.
  const auto va = static_cast<std::int64_t>(lp.value().validAfter);
  const auto vb = static_cast<std::int64_t>(lp.value().validBefore) - static_cast<std::int64_t>(x402::kExpiryMarginSeconds);
  if (vb < va) return std::nullopt;
  const std::int64_t at = std::clamp(nowSeconds, va, vb);
  x402::ExactLezVerifyOptions o;
  o.networks = {requirements.network};
  o.expectedResourceUrl = resourceUrl;
  auto transfer = x402::verifyExactLezStatic(payload, requirements, static_cast<std::uint64_t>(at), o);
  if (!transfer.ok()) return std::nullopt;
  x402::SettlementResponse sr;
  sr.success = true;
  sr.transaction = txHash;
  sr.network = requirements.network;
  sr.payer = transfer.value().payer.toBase58();
  sr.amount = transfer.value().amount.toDecimal();
  return sr;
}

void waitIncluded(QObject* context, const ChainStatusFn& chainStatus, std::function<std::int64_t()> nowMs, const std::string& txHash,
                  std::int64_t deadlineMs, std::function<void(lezpay::util::Result<TxStatus>)> done) {
  QPointer<QObject> guard(context);
  chainStatus(txHash, [guard, chainStatus, nowMs, txHash, deadlineMs, done = std::move(done)](lezpay::util::Result<TxStatus> s) mutable {
    if (!guard) return;
    if (s.ok() && s.value().kind == TxStatus::Kind::Pending && nowMs() < deadlineMs) {
      QTimer::singleShot(200, guard.data(), [guard, chainStatus, nowMs, txHash, deadlineMs, done = std::move(done)]() mutable {
        waitIncluded(guard.data(), chainStatus, nowMs, txHash, deadlineMs, std::move(done));
      });
      return;
    }
    done(std::move(s));
  });
}

}  // namespace x402mod
