#pragma once
// The merchant's durable record of served payments (docs/protocol.md "Served payments"): one row
// per LEZ transaction this merchant answered with its content, in SQLite or in PostgreSQL shared
// by the merchants of a fleet (payments_url). It is what makes a
// payment served at most once (keyed by the transaction hash) and a lost answer recoverable
// (looked up by the payment-identifier id, x402.md §5: the same id with the same payment gets the
// same settlement receipt and the resource again).
//
// A row is written and committed (SQLite: WAL, synchronous=FULL) before the paid answer leaves
// the process, and kept until `keep_until` (the payment's validBefore plus a grace period), then
// pruned. record() is one INSERT ... ON CONFLICT DO NOTHING on the transaction hash: of two
// merchants recording the same transaction at once exactly one is told it recorded it. The file
// is made 0600 before SQLite opens it. Bound to the thread that opened it. Errors: code
// MERCHANT_STORAGE_UNAVAILABLE with the driver's text (password redacted); a PostgreSQL
// connection that failed is opened again on the next call.

#include <QSqlDatabase>
#include <QSqlError>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/util/result.h"

#include "lezpay/sqlstore/store_connection.h"

namespace x402mod {

struct ServedPayment {
  std::string txHash;          // 64 lowercase hex, the key
  std::string paymentId;       // payment-identifier info.id, "" when the payment carried none
  std::string fingerprint;     // SHA256 hex of resource URL, accepted and payload
  std::string resourceUrl;
  std::string settlementJson;  // the SettlementResponse answered in PAYMENT-RESPONSE
  std::int64_t servedAtMs = 0;
  std::int64_t keepUntil = 0;  // unix seconds
};

class MerchantPayments {
 public:
  MerchantPayments();
  ~MerchantPayments();
  MerchantPayments(const MerchantPayments&) = delete;
  MerchantPayments& operator=(const MerchantPayments&) = delete;

  // `location`: a SQLite path, sqlite:<path> or postgresql://... (lezpay/sqlstore/database_url.h).
  lezpay::util::Status open(const std::string& location);
  bool isOpen() const;
  // The location, password redacted.
  const std::string& path() const { return path_; }

  // nullopt when absent; MERCHANT_STORAGE_UNAVAILABLE when the store cannot be read.
  lezpay::util::Result<std::optional<ServedPayment>> findByTransaction(const std::string& txHash);
  lezpay::util::Result<std::optional<ServedPayment>> findByPaymentId(const std::string& paymentId);
  // The same, an unreadable store read as "absent".
  std::optional<ServedPayment> byTransaction(const std::string& txHash);
  // The most recent row carrying `paymentId`.
  std::optional<ServedPayment> byPaymentId(const std::string& paymentId);
  // Inserts `row` unless its transaction is already recorded: true when this call recorded it
  // (the one request that serves the payment), false when it was there.
  lezpay::util::Result<bool> record(const ServedPayment& row);
  // Removes rows whose keep_until is before `nowSeconds`; answers how many.
  int prune(std::int64_t nowSeconds);
  std::int64_t count();
  // The newest `limit` served payments, newest first (for the owner's console).
  std::vector<ServedPayment> recent(int limit);

 private:
  // The connection (libs/sqlstore), or an invalid handle when closed or unreachable: queries
  // then fail cleanly.
  QSqlDatabase handle();
  lezpay::util::Error sqlError(const char* what, const QSqlError& e);
  lezpay::util::Result<std::optional<ServedPayment>> findOne(const QString& sql, const QString& key, const char* what);
  lezpay::sqlstore::StoreConnection conn_;
  std::string path_;
};

}  // namespace x402mod
