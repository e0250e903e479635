#pragma once
// What the merchant remembers of the payments it served, by payment-identifier id and by
// transaction (x402.md §5; docs/protocol.md "Served payments"), over the durable store
// (merchant_payments.h) with time taken from an injected clock, so expiry is testable without
// waiting.
//
// A served payment is kept until max(validBefore, now) + kServedGraceSeconds, then pruned
// (pruning runs on lookup, at most once per kPruneIntervalSeconds). Recovery of a charged but
// unserved payment is allowed only while its record could still exist (`mayRecover`), so a
// pruned record can never lead to serving a payment twice.
//
// Bound to the thread that opened it (Qt Sql). Errors: MERCHANT_STORAGE_UNAVAILABLE.

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "lezpay/util/result.h"
#include "merchant_payments.h"

namespace x402mod {

// Unix time in milliseconds.
using MerchantClock = std::function<std::int64_t()>;
MerchantClock systemMerchantClock();

// One paid request's identity as the cache compares it.
struct PaymentKey {
  std::optional<std::string> paymentId;  // payment-identifier info.id
  std::optional<std::string> txHash;     // the payload's transaction, when it decodes
  std::string fingerprint;               // SHA256 hex of resource URL, accepted and payload
};

// What a payment met in the record before it is verified.
struct PriorUse {
  enum class Kind {
    None,            // never served (or pruned): verify and settle
    SamePayment,     // the same id with the same payment: answer `row` again, settle nothing
    IdConflict,      // the same id with another payment: 409
    AlreadyServed,   // this transaction was served under another (or no) id: nonce_replayed
    Unavailable,     // the record cannot be read (its PostgreSQL is down): refuse, charge nothing
  };
  Kind kind = Kind::None;
  std::optional<ServedPayment> row;  // set for SamePayment
  std::string message;               // set for Unavailable: the store's sentence
};

class PaymentIdCache {
 public:
  static constexpr std::int64_t kServedGraceSeconds = 3600;
  static constexpr std::int64_t kPruneIntervalSeconds = 60;

  explicit PaymentIdCache(MerchantClock clock);

  lezpay::util::Status open(const std::string& path);
  std::int64_t count();
  std::vector<ServedPayment> recent(int limit) { return store_.recent(limit); }
  std::int64_t nowMs() const { return clock_(); }
  std::int64_t nowSeconds() const { return clock_() / 1000; }

  // Prunes expired rows when the interval passed, then looks `key` up.
  PriorUse lookup(const PaymentKey& key);

  // Records the payment as served (committed before it answers). Answers the row now on record
  // for that transaction: `recorded` true when this call wrote it; false when a concurrent
  // request served the transaction first (`row` is that first record, if it still reads).
  struct Recorded {
    bool recorded = false;
    std::optional<ServedPayment> row;
  };
  lezpay::util::Result<Recorded> record(const PaymentKey& key, const std::string& txHash, const std::string& resourceUrl,
                                        const std::string& settlementJson, std::int64_t validBefore);

  // True while a payment valid until `validBefore` could still have a record: past that, "never
  // served" and "served and pruned" look the same, so such a payment must stay refused.
  bool mayRecover(std::int64_t validBefore) const { return nowSeconds() <= validBefore + kServedGraceSeconds; }

 private:
  MerchantClock clock_;
  MerchantPayments store_;
  std::int64_t lastPruneS_ = std::numeric_limits<std::int64_t>::min() / 2;
};

}  // namespace x402mod
