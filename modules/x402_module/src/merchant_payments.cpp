#include "merchant_payments.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "lezpay/sqlstore/database.h"
#include "lezpay/sqlstore/database_url.h"

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

lezpay::util::Status createTables(lezpay::sqlstore::Database& db) {
  // PostgreSQL's INTEGER is 32 bits: millisecond times need BIGINT there.
  const std::string int64 = db.backend() == lezpay::sqlstore::Backend::Postgresql ? "BIGINT" : "INTEGER";
  for (const std::string& stmt : {"CREATE TABLE IF NOT EXISTS served ("
                                  " tx_hash TEXT PRIMARY KEY NOT NULL,"
                                  " payment_id TEXT NOT NULL DEFAULT '',"
                                  " fingerprint TEXT NOT NULL, resource_url TEXT NOT NULL, settlement_json TEXT NOT NULL,"
                                  " served_at_ms " + int64 + " NOT NULL, keep_until " + int64 + " NOT NULL)",
                                  std::string("CREATE INDEX IF NOT EXISTS served_payment_id ON served(payment_id)"),
                                  std::string("CREATE INDEX IF NOT EXISTS served_keep_until ON served(keep_until)")}) {
    if (auto st = db.exec(stmt, "creating the served-payments schema"); !st.ok()) return st;
  }
  return lezpay::util::okStatus();
}

}  // namespace

MerchantPayments::MerchantPayments()
    : conn_("x402_merchant_payments", kStorageUnavailable, {.synchronous = lezpay::sqlstore::Synchronous::Full}, createTables) {}

MerchantPayments::~MerchantPayments() = default;

bool MerchantPayments::isOpen() const { return conn_.isOpen(); }

QSqlDatabase MerchantPayments::handle() {
  if (!conn_.ensure().ok()) return QSqlDatabase();
  return conn_.db()->handle();
}

Error MerchantPayments::sqlError(const char* what, const QSqlError& e) {
  // handle() could not connect: the reason the connection gave.
  if (!conn_.db() || conn_.needsReconnect()) return Error{kStorageUnavailable, std::string(what) + " failed: " + conn_.lastError().message};
  return conn_.fail(conn_.db()->error(what, e));
}

lezpay::util::Status MerchantPayments::open(const std::string& location) {
  path_ = lezpay::sqlstore::redactDatabaseUrl(location);
  return conn_.open(location);
}

lezpay::util::Result<std::optional<ServedPayment>> MerchantPayments::findOne(const QString& sql, const QString& key, const char* what) {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return sqlError(what, QSqlError());  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  q.prepare(sql);
  q.addBindValue(key);
  if (!q.exec()) return sqlError(what, q.lastError());
  if (!q.next()) return std::optional<ServedPayment>{};
  return std::optional<ServedPayment>{readRow(q)};
}

lezpay::util::Result<std::optional<ServedPayment>> MerchantPayments::findByTransaction(const std::string& txHash) {
  return findOne(QStringLiteral("SELECT %1 FROM served WHERE tx_hash = ?").arg(QString::fromUtf8(kColumns)), QString::fromStdString(txHash),
                 "reading a served payment");
}

lezpay::util::Result<std::optional<ServedPayment>> MerchantPayments::findByPaymentId(const std::string& paymentId) {
  if (paymentId.empty()) return std::optional<ServedPayment>{};
  return findOne(QStringLiteral("SELECT %1 FROM served WHERE payment_id = ? ORDER BY served_at_ms DESC LIMIT 1").arg(QString::fromUtf8(kColumns)),
                 QString::fromStdString(paymentId), "reading a served payment");
}

std::optional<ServedPayment> MerchantPayments::byTransaction(const std::string& txHash) {
  auto r = findByTransaction(txHash);
  return r.ok() ? r.value() : std::nullopt;
}

std::vector<ServedPayment> MerchantPayments::recent(int limit) {
  std::vector<ServedPayment> out;
  const QSqlDatabase db = handle();
  if (!db.isValid()) return out;  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  q.prepare(QStringLiteral("SELECT %1 FROM served ORDER BY served_at_ms DESC LIMIT ?").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(limit);
  if (!q.exec()) {
    conn_.markFailed();
    return out;
  }
  while (q.next()) out.push_back(readRow(q));
  return out;
}

std::optional<ServedPayment> MerchantPayments::byPaymentId(const std::string& paymentId) {
  auto r = findByPaymentId(paymentId);
  return r.ok() ? r.value() : std::nullopt;
}

lezpay::util::Result<bool> MerchantPayments::record(const ServedPayment& row) {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return sqlError("recording a served payment", QSqlError());  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  // ON CONFLICT DO NOTHING on the primary key: "not served yet" and "now served" are one
  // statement, atomic against every other connection (other merchants of a fleet included).
  q.prepare(QStringLiteral("INSERT INTO served (%1) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING").arg(QString::fromUtf8(kColumns)));
  for (const std::string* s : {&row.txHash, &row.paymentId, &row.fingerprint, &row.resourceUrl, &row.settlementJson}) {
    q.addBindValue(QString::fromStdString(*s));
  }
  q.addBindValue(QVariant::fromValue<qlonglong>(row.servedAtMs ? row.servedAtMs : QDateTime::currentMSecsSinceEpoch()));
  q.addBindValue(QVariant::fromValue<qlonglong>(row.keepUntil));
  if (!q.exec()) return sqlError("recording a served payment", q.lastError());
  return q.numRowsAffected() == 1;
}

int MerchantPayments::prune(std::int64_t nowSeconds) {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return 0;  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  q.prepare(QStringLiteral("DELETE FROM served WHERE keep_until < ?"));
  q.addBindValue(QVariant::fromValue<qlonglong>(nowSeconds));
  if (!q.exec()) {
    conn_.markFailed();
    return 0;
  }
  return q.numRowsAffected();
}

std::int64_t MerchantPayments::count() {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return 0;  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM served"))) {
    conn_.markFailed();
    return 0;
  }
  if (!q.next()) return 0;
  return q.value(0).toLongLong();
}

}  // namespace x402mod
