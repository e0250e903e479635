#include "merchant_payment_cache.h"

#include <QDateTime>

#include <algorithm>

namespace x402mod {

MerchantClock systemMerchantClock() {
  return [] { return static_cast<std::int64_t>(QDateTime::currentMSecsSinceEpoch()); };
}

PaymentIdCache::PaymentIdCache(MerchantClock clock) : clock_(std::move(clock)) {}

lezpay::util::Status PaymentIdCache::open(const std::string& path) { return store_.open(path); }

std::int64_t PaymentIdCache::count() { return store_.count(); }

PriorUse PaymentIdCache::lookup(const PaymentKey& key) {
  const std::int64_t now = nowSeconds();
  if (now - lastPruneS_ >= kPruneIntervalSeconds) {
    lastPruneS_ = now;
    store_.prune(now);
  }
  // An unreadable record must not read as "never served": the payment would then be settled
  // with no way to record that it was served.
  if (key.paymentId) {
    auto row = store_.findByPaymentId(*key.paymentId);
    if (!row.ok()) return PriorUse{PriorUse::Kind::Unavailable, std::nullopt, row.error().message};
    if (row.value()) {
      if (row.value()->fingerprint != key.fingerprint) return PriorUse{PriorUse::Kind::IdConflict, std::nullopt, {}};
      return PriorUse{PriorUse::Kind::SamePayment, std::move(row).value(), {}};
    }
  }
  if (key.txHash) {
    auto row = store_.findByTransaction(*key.txHash);
    if (!row.ok()) return PriorUse{PriorUse::Kind::Unavailable, std::nullopt, row.error().message};
    if (row.value()) return PriorUse{PriorUse::Kind::AlreadyServed, std::nullopt, {}};
  }
  return PriorUse{};
}

lezpay::util::Result<PaymentIdCache::Recorded> PaymentIdCache::record(const PaymentKey& key, const std::string& txHash,
                                                                      const std::string& resourceUrl, const std::string& settlementJson,
                                                                      std::int64_t validBefore) {
  ServedPayment row;
  row.txHash = txHash;
  row.paymentId = key.paymentId.value_or(std::string());
  row.fingerprint = key.fingerprint;
  row.resourceUrl = resourceUrl;
  row.settlementJson = settlementJson;
  row.servedAtMs = nowMs();
  row.keepUntil = std::max(validBefore, nowSeconds()) + kServedGraceSeconds;
  auto written = store_.record(row);
  if (!written.ok()) return written.error();
  if (written.value()) return Recorded{true, row};
  return Recorded{false, store_.byTransaction(txHash)};
}

}  // namespace x402mod
