#include "merchant_payments.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "lezpay/sqlstore/database.h"

namespace x402mod {
namespace {

using lezpay::util::Error;

constexpr const char* kStorageUnavailable = "MERCHANT_STORAGE_UNAVAILABLE";

constexpr const char* kColumns = "tx_hash, payment_id, fingerprint, resource_url, settlement_json, served_at_ms, keep_until";

ServedPayment readRow(const QSqlQuery& q) {
  ServedPayment r;
  r.txHash = q.value(0).toString().toStdString();
  r.paymentId = q.value(1).toString().toStdString();
  r.fingerprint = q.value(2).toString().toStdString();
  r.resourceUrl = q.value(3).toString().toStdString();
  r.settlementJson = q.value(4).toString().toStdString();
  r.servedAtMs = q.value(5).toLongLong();
  r.keepUntil = q.value(6).toLongLong();
  return r;
}

}  // namespace

MerchantPayments::MerchantPayments() = default;

MerchantPayments::~MerchantPayments() = default;

bool MerchantPayments::isOpen() const { return db_ && db_->isOpen(); }

QSqlDatabase MerchantPayments::handle() const { return db_ ? db_->handle() : QSqlDatabase(); }

Error MerchantPayments::sqlError(const char* what, const QSqlError& e) const {
  if (!db_) return Error{kStorageUnavailable, std::string(what) + " failed: the served-payments store is not open"};
  return lezpay::sqlstore::recode(db_->error(what, e), kStorageUnavailable);
}

lezpay::util::Status MerchantPayments::open(const std::string& path) {
  db_.reset();
  path_ = path;
  auto opened = lezpay::sqlstore::Database::openSqlite("x402_merchant_payments",
                                                       {.path = path, .synchronous = lezpay::sqlstore::Synchronous::Full});
  if (!opened.ok()) return lezpay::sqlstore::recode(opened.error(), kStorageUnavailable);
  db_ = std::make_unique<lezpay::sqlstore::Database>(std::move(opened).value());
  for (const char* stmt : {"CREATE TABLE IF NOT EXISTS served ("
                           " tx_hash TEXT PRIMARY KEY NOT NULL,"
                           " payment_id TEXT NOT NULL DEFAULT '',"
                           " fingerprint TEXT NOT NULL, resource_url TEXT NOT NULL, settlement_json TEXT NOT NULL,"
                           " served_at_ms INTEGER NOT NULL, keep_until INTEGER NOT NULL)",
                           "CREATE INDEX IF NOT EXISTS served_payment_id ON served(payment_id)",
                           "CREATE INDEX IF NOT EXISTS served_keep_until ON served(keep_until)"}) {
    if (auto st = db_->exec(stmt, "creating the served-payments schema"); !st.ok()) {
      return lezpay::sqlstore::recode(st.error(), kStorageUnavailable);
    }
  }
  return lezpay::util::okStatus();
}

std::optional<ServedPayment> MerchantPayments::byTransaction(const std::string& txHash) {
  QSqlQuery q(handle());
  q.prepare(QStringLiteral("SELECT %1 FROM served WHERE tx_hash = ?").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec() || !q.next()) return std::nullopt;
  return readRow(q);
}

std::vector<ServedPayment> MerchantPayments::recent(int limit) {
  std::vector<ServedPayment> out;
  QSqlQuery q(handle());
  q.prepare(QStringLiteral("SELECT %1 FROM served ORDER BY served_at_ms DESC LIMIT ?").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(limit);
  if (!q.exec()) return out;
  while (q.next()) out.push_back(readRow(q));
  return out;
}

std::optional<ServedPayment> MerchantPayments::byPaymentId(const std::string& paymentId) {
  if (paymentId.empty()) return std::nullopt;
  QSqlQuery q(handle());
  q.prepare(QStringLiteral("SELECT %1 FROM served WHERE payment_id = ? ORDER BY served_at_ms DESC LIMIT 1").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(QString::fromStdString(paymentId));
  if (!q.exec() || !q.next()) return std::nullopt;
  return readRow(q);
}

lezpay::util::Result<bool> MerchantPayments::record(const ServedPayment& row) {
  QSqlQuery q(handle());
  // INSERT OR IGNORE on the primary key: "not served yet" and "now served" are one statement.
  q.prepare(QStringLiteral("INSERT OR IGNORE INTO served (%1) VALUES (?,?,?,?,?,?,?)").arg(QString::fromUtf8(kColumns)));
  for (const std::string* s : {&row.txHash, &row.paymentId, &row.fingerprint, &row.resourceUrl, &row.settlementJson}) {
    q.addBindValue(QString::fromStdString(*s));
  }
  q.addBindValue(QVariant::fromValue<qlonglong>(row.servedAtMs ? row.servedAtMs : QDateTime::currentMSecsSinceEpoch()));
  q.addBindValue(QVariant::fromValue<qlonglong>(row.keepUntil));
  if (!q.exec()) return sqlError("recording a served payment", q.lastError());
  return q.numRowsAffected() == 1;
}

int MerchantPayments::prune(std::int64_t nowSeconds) {
  QSqlQuery q(handle());
  q.prepare(QStringLiteral("DELETE FROM served WHERE keep_until < ?"));
  q.addBindValue(QVariant::fromValue<qlonglong>(nowSeconds));
  if (!q.exec()) return 0;
  return q.numRowsAffected();
}

std::int64_t MerchantPayments::count() {
  QSqlQuery q(handle());
  if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM served")) || !q.next()) return 0;
  return q.value(0).toLongLong();
}

}  // namespace x402mod
