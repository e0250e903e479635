#include "settlement_journal.h"

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

constexpr const char* kJournalUnavailable = "JOURNAL_UNAVAILABLE";

std::int64_t nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

JournalRow readRow(const QSqlQuery& q) {
  JournalRow r;
  r.txHash = q.value(0).toString().toStdString();
  r.payer = q.value(1).toString().toStdString();
  r.payTo = q.value(2).toString().toStdString();
  r.amount = q.value(3).toString().toStdString();
  r.network = q.value(4).toString().toStdString();
  r.transactionBase64 = q.value(5).toString().toStdString();
  r.state = journalStateFromString(q.value(6).toString().toStdString()).value_or(JournalState::Failed);
  r.delivered = q.value(7).toInt() != 0;
  r.errorReason = q.value(8).toString().toStdString();
  r.errorMessage = q.value(9).toString().toStdString();
  r.blockId = q.value(10).toULongLong();
  r.createdAtMs = q.value(11).toLongLong();
  r.updatedAtMs = q.value(12).toLongLong();
  return r;
}

constexpr const char* kColumns =
    "tx_hash, payer, pay_to, amount, network, transaction_b64, state, delivered, error_reason, error_message, block_id, "
    "created_at_ms, updated_at_ms";

lezpay::util::Status createTables(lezpay::sqlstore::Database& db) {
  // PostgreSQL's INTEGER is 32 bits: block ids and millisecond times need BIGINT there.
  const std::string int64 = db.backend() == lezpay::sqlstore::Backend::Postgresql ? "BIGINT" : "INTEGER";
  for (const std::string& stmt : {"CREATE TABLE IF NOT EXISTS settlements ("
                                  " tx_hash TEXT PRIMARY KEY NOT NULL,"
                                  " payer TEXT NOT NULL, pay_to TEXT NOT NULL, amount TEXT NOT NULL, network TEXT NOT NULL,"
                                  " transaction_b64 TEXT NOT NULL,"
                                  " state TEXT NOT NULL CHECK (state IN ('verifying','submitted','settled','failed')),"
                                  " delivered INTEGER NOT NULL DEFAULT 0,"
                                  " error_reason TEXT NOT NULL DEFAULT '', error_message TEXT NOT NULL DEFAULT '',"
                                  " block_id " + int64 + " NOT NULL DEFAULT 0,"
                                  " created_at_ms " + int64 + " NOT NULL, updated_at_ms " + int64 + " NOT NULL)",
                                  std::string("CREATE INDEX IF NOT EXISTS settlements_state ON settlements(state)")}) {
    if (auto st = db.exec(stmt, "creating the journal schema"); !st.ok()) return st;
  }
  return lezpay::util::okStatus();
}

}  // namespace

std::string toString(JournalState s) {
  switch (s) {
    case JournalState::Verifying: return "verifying";
    case JournalState::Submitted: return "submitted";
    case JournalState::Settled: return "settled";
    case JournalState::Failed: return "failed";
  }
  return "failed";
}

std::optional<JournalState> journalStateFromString(const std::string& s) {
  if (s == "verifying") return JournalState::Verifying;
  if (s == "submitted") return JournalState::Submitted;
  if (s == "settled") return JournalState::Settled;
  if (s == "failed") return JournalState::Failed;
  return std::nullopt;
}


SettlementJournal::SettlementJournal()
    : conn_("x402_journal", kJournalUnavailable, {.synchronous = lezpay::sqlstore::Synchronous::Full}, createTables) {}

SettlementJournal::~SettlementJournal() { close(); }

bool SettlementJournal::isOpen() const { return conn_.isOpen(); }

void SettlementJournal::close() { conn_.close(); }

QSqlDatabase SettlementJournal::handle() {
  if (!conn_.ensure().ok()) return QSqlDatabase();
  return conn_.db()->handle();
}

Error SettlementJournal::sqlError(const char* what, const QSqlError& e) {
  // handle() could not connect: the reason the connection gave.
  if (!conn_.db() || conn_.needsReconnect()) return Error{kJournalUnavailable, std::string(what) + " failed: " + conn_.lastError().message};
  return conn_.fail(conn_.db()->error(what, e));
}

lezpay::util::Status SettlementJournal::open(const std::string& location) {
  close();
  path_ = lezpay::sqlstore::redactDatabaseUrl(location);
  return conn_.open(location);
}

std::optional<JournalRow> SettlementJournal::find(const std::string& txHash) {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return std::nullopt;  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  q.prepare(QStringLiteral("SELECT %1 FROM settlements WHERE tx_hash = ?").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec()) {
    conn_.markFailed();
    return std::nullopt;
  }
  if (!q.next()) return std::nullopt;
  return readRow(q);
}

lezpay::util::Result<bool> SettlementJournal::claim(const JournalRow& row) {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return sqlError("claiming a settlement", QSqlError());  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  // ON CONFLICT DO NOTHING on the primary key: the claim and the duplicate check are one
  // statement, atomic against every other connection (other facilitators included).
  q.prepare(QStringLiteral("INSERT INTO settlements (%1) VALUES (?,?,?,?,?,?,?,0,'','',0,?,?) ON CONFLICT DO NOTHING")
                .arg(QString::fromUtf8(kColumns)));
  const std::int64_t t = nowMs();
  for (const std::string* s : {&row.txHash, &row.payer, &row.payTo, &row.amount, &row.network, &row.transactionBase64}) {
    q.addBindValue(QString::fromStdString(*s));
  }
  q.addBindValue(QString::fromStdString(toString(JournalState::Verifying)));
  q.addBindValue(QVariant::fromValue<qlonglong>(t));
  q.addBindValue(QVariant::fromValue<qlonglong>(t));
  if (!q.exec()) return sqlError("claiming a settlement", q.lastError());
  return q.numRowsAffected() == 1;
}

lezpay::util::Status SettlementJournal::setState(const std::string& txHash, JournalState state, const std::string& errorReason,
                                                 const std::string& errorMessage, std::uint64_t blockId) {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return sqlError("recording a settlement state", QSqlError());  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  // A settled row stays settled: another facilitator resuming the same transaction may reach a
  // later verdict (a timeout) about a payment already on chain.
  q.prepare(QStringLiteral("UPDATE settlements SET state = ?, error_reason = ?, error_message = ?, block_id = ?, updated_at_ms = ? "
                           "WHERE tx_hash = ? AND (state <> 'settled' OR CAST(? AS TEXT) = 'settled')"));
  q.addBindValue(QString::fromStdString(toString(state)));
  q.addBindValue(QString::fromStdString(errorReason));
  q.addBindValue(QString::fromStdString(errorMessage));
  q.addBindValue(QVariant::fromValue<qlonglong>(static_cast<qlonglong>(blockId)));
  q.addBindValue(QVariant::fromValue<qlonglong>(nowMs()));
  q.addBindValue(QString::fromStdString(txHash));
  q.addBindValue(QString::fromStdString(toString(state)));
  if (!q.exec()) return sqlError("recording a settlement state", q.lastError());
  return lezpay::util::okStatus();
}

lezpay::util::Result<bool> SettlementJournal::markDelivered(const std::string& txHash) {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return sqlError("recording a delivered settlement", QSqlError());  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  // One conditional UPDATE: only the first caller changes the row. On PostgreSQL (READ
  // COMMITTED) a concurrent second UPDATE waits for the first's row lock, re-evaluates the WHERE
  // on the committed row (delivered = 1) and changes nothing.
  q.prepare(QStringLiteral(
      "UPDATE settlements SET delivered = 1, updated_at_ms = ? WHERE tx_hash = ? AND state = 'settled' AND delivered = 0"));
  q.addBindValue(QVariant::fromValue<qlonglong>(nowMs()));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec()) return sqlError("recording a delivered settlement", q.lastError());
  return q.numRowsAffected() == 1;
}

lezpay::util::Status SettlementJournal::remove(const std::string& txHash) {
  const QSqlDatabase db = handle();
  if (!db.isValid()) return sqlError("releasing a settlement claim", QSqlError());  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  q.prepare(QStringLiteral("DELETE FROM settlements WHERE tx_hash = ? AND state = 'verifying'"));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec()) return sqlError("releasing a settlement claim", q.lastError());
  return lezpay::util::okStatus();
}

std::vector<JournalRow> SettlementJournal::rowsIn(JournalState state) {
  std::vector<JournalRow> out;
  const QSqlDatabase db = handle();
  if (!db.isValid()) return out;  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  q.prepare(QStringLiteral("SELECT %1 FROM settlements WHERE state = ? ORDER BY created_at_ms").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(QString::fromStdString(toString(state)));
  if (!q.exec()) {
    conn_.markFailed();
    return out;
  }
  while (q.next()) out.push_back(readRow(q));
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> SettlementJournal::counts() {
  std::vector<std::pair<std::string, std::int64_t>> out;
  const QSqlDatabase db = handle();
  if (!db.isValid()) return out;  // not connected (server down): nothing to prepare on
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("SELECT state, COUNT(*) FROM settlements GROUP BY state ORDER BY state"))) {
    conn_.markFailed();
    return out;
  }
  while (q.next()) out.emplace_back(q.value(0).toString().toStdString(), q.value(1).toLongLong());
  return out;
}

}  // namespace x402mod
