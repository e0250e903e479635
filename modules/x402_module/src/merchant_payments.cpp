#include "merchant_payments.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

#include "lezpay/fileio/atomic_file.h"

namespace x402mod {
namespace {

using lezpay::util::Error;

Error sqlError(const QString& what, const QSqlError& e) {
  return Error{"MERCHANT_STORAGE_UNAVAILABLE", what.toStdString() + ": " + e.text().toStdString()};
}

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

MerchantPayments::MerchantPayments() {
  static std::atomic<int> counter{0};
  connection_ = QStringLiteral("x402_merchant_payments_%1").arg(counter.fetch_add(1));
}

MerchantPayments::~MerchantPayments() {
  if (!QSqlDatabase::contains(connection_)) return;
  {
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    if (db.isOpen()) db.close();
  }
  QSqlDatabase::removeDatabase(connection_);
}

bool MerchantPayments::isOpen() const {
  return QSqlDatabase::contains(connection_) && QSqlDatabase::database(connection_, false).isOpen();
}

lezpay::util::Status MerchantPayments::open(const std::string& path) {
  path_ = path;
  if (auto st = lezpay::fileio::preparePrivateFile(path); !st.ok()) return st.error();
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
  db.setDatabaseName(QString::fromStdString(path));
  if (!db.open()) return sqlError(QStringLiteral("opening the served-payments store"), db.lastError());
  QSqlQuery q(db);
  for (const char* stmt : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000",
                           "CREATE TABLE IF NOT EXISTS served ("
                           " tx_hash TEXT PRIMARY KEY NOT NULL,"
                           " payment_id TEXT NOT NULL DEFAULT '',"
                           " fingerprint TEXT NOT NULL, resource_url TEXT NOT NULL, settlement_json TEXT NOT NULL,"
                           " served_at_ms INTEGER NOT NULL, keep_until INTEGER NOT NULL)",
                           "CREATE INDEX IF NOT EXISTS served_payment_id ON served(payment_id)",
                           "CREATE INDEX IF NOT EXISTS served_keep_until ON served(keep_until)"}) {
    if (!q.exec(QString::fromUtf8(stmt))) return sqlError(QStringLiteral("creating the served-payments schema"), q.lastError());
  }
  return lezpay::util::okStatus();
}

std::optional<ServedPayment> MerchantPayments::byTransaction(const std::string& txHash) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("SELECT %1 FROM served WHERE tx_hash = ?").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec() || !q.next()) return std::nullopt;
  return readRow(q);
}

std::optional<ServedPayment> MerchantPayments::byPaymentId(const std::string& paymentId) {
  if (paymentId.empty()) return std::nullopt;
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("SELECT %1 FROM served WHERE payment_id = ? ORDER BY served_at_ms DESC LIMIT 1").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(QString::fromStdString(paymentId));
  if (!q.exec() || !q.next()) return std::nullopt;
  return readRow(q);
}

lezpay::util::Result<bool> MerchantPayments::record(const ServedPayment& row) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  // INSERT OR IGNORE on the primary key: "not served yet" and "now served" are one statement.
  q.prepare(QStringLiteral("INSERT OR IGNORE INTO served (%1) VALUES (?,?,?,?,?,?,?)").arg(QString::fromUtf8(kColumns)));
  for (const std::string* s : {&row.txHash, &row.paymentId, &row.fingerprint, &row.resourceUrl, &row.settlementJson}) {
    q.addBindValue(QString::fromStdString(*s));
  }
  q.addBindValue(QVariant::fromValue<qlonglong>(row.servedAtMs ? row.servedAtMs : QDateTime::currentMSecsSinceEpoch()));
  q.addBindValue(QVariant::fromValue<qlonglong>(row.keepUntil));
  if (!q.exec()) return sqlError(QStringLiteral("recording a served payment"), q.lastError());
  return q.numRowsAffected() == 1;
}

int MerchantPayments::prune(std::int64_t nowSeconds) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("DELETE FROM served WHERE keep_until < ?"));
  q.addBindValue(QVariant::fromValue<qlonglong>(nowSeconds));
  if (!q.exec()) return 0;
  return q.numRowsAffected();
}

std::int64_t MerchantPayments::count() {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM served")) || !q.next()) return 0;
  return q.value(0).toLongLong();
}

}  // namespace x402mod
