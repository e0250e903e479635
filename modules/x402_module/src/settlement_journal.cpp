#include "settlement_journal.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "lezpay/sqlstore/database.h"

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

SettlementJournal::SettlementJournal() = default;

SettlementJournal::~SettlementJournal() { close(); }

bool SettlementJournal::isOpen() const { return db_ && db_->isOpen(); }

void SettlementJournal::close() { db_.reset(); }

QSqlDatabase SettlementJournal::handle() const { return db_ ? db_->handle() : QSqlDatabase(); }

Error SettlementJournal::sqlError(const char* what, const QSqlError& e) const {
  if (!db_) return Error{kJournalUnavailable, std::string(what) + " failed: the settlement journal is not open"};
  return lezpay::sqlstore::recode(db_->error(what, e), kJournalUnavailable);
}

lezpay::util::Status SettlementJournal::open(const std::string& path) {
  close();
  path_ = path;
  auto opened = lezpay::sqlstore::Database::openSqlite("x402_journal", {.path = path, .synchronous = lezpay::sqlstore::Synchronous::Full});
  if (!opened.ok()) return lezpay::sqlstore::recode(opened.error(), kJournalUnavailable);
  db_ = std::make_unique<lezpay::sqlstore::Database>(std::move(opened).value());
  for (const char* stmt : {"CREATE TABLE IF NOT EXISTS settlements ("
                           " tx_hash TEXT PRIMARY KEY NOT NULL,"
                           " payer TEXT NOT NULL, pay_to TEXT NOT NULL, amount TEXT NOT NULL, network TEXT NOT NULL,"
                           " transaction_b64 TEXT NOT NULL,"
                           " state TEXT NOT NULL CHECK (state IN ('verifying','submitted','settled','failed')),"
                           " delivered INTEGER NOT NULL DEFAULT 0,"
                           " error_reason TEXT NOT NULL DEFAULT '', error_message TEXT NOT NULL DEFAULT '',"
                           " block_id INTEGER NOT NULL DEFAULT 0,"
                           " created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL)",
                           "CREATE INDEX IF NOT EXISTS settlements_state ON settlements(state)"}) {
    if (auto st = db_->exec(stmt, "creating the journal schema"); !st.ok()) return lezpay::sqlstore::recode(st.error(), kJournalUnavailable);
  }
  return lezpay::util::okStatus();
}

std::optional<JournalRow> SettlementJournal::find(const std::string& txHash) {
  QSqlQuery q(handle());
  q.prepare(QStringLiteral("SELECT %1 FROM settlements WHERE tx_hash = ?").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec() || !q.next()) return std::nullopt;
  return readRow(q);
}

lezpay::util::Result<bool> SettlementJournal::claim(const JournalRow& row) {
  QSqlQuery q(handle());
  // INSERT OR IGNORE on the primary key: the claim and the duplicate check are one statement.
  q.prepare(QStringLiteral("INSERT OR IGNORE INTO settlements (%1) VALUES (?,?,?,?,?,?,?,0,'','',0,?,?)")
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
  QSqlQuery q(handle());
  q.prepare(QStringLiteral(
      "UPDATE settlements SET state = ?, error_reason = ?, error_message = ?, block_id = ?, updated_at_ms = ? WHERE tx_hash = ?"));
  q.addBindValue(QString::fromStdString(toString(state)));
  q.addBindValue(QString::fromStdString(errorReason));
  q.addBindValue(QString::fromStdString(errorMessage));
  q.addBindValue(QVariant::fromValue<qulonglong>(blockId));
  q.addBindValue(QVariant::fromValue<qlonglong>(nowMs()));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec()) return sqlError("recording a settlement state", q.lastError());
  return lezpay::util::okStatus();
}

lezpay::util::Result<bool> SettlementJournal::markDelivered(const std::string& txHash) {
  QSqlQuery q(handle());
  // One conditional UPDATE is atomic in SQLite: only the first caller changes a row.
  q.prepare(QStringLiteral(
      "UPDATE settlements SET delivered = 1, updated_at_ms = ? WHERE tx_hash = ? AND state = 'settled' AND delivered = 0"));
  q.addBindValue(QVariant::fromValue<qlonglong>(nowMs()));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec()) return sqlError("recording a delivered settlement", q.lastError());
  return q.numRowsAffected() == 1;
}

lezpay::util::Status SettlementJournal::remove(const std::string& txHash) {
  QSqlQuery q(handle());
  q.prepare(QStringLiteral("DELETE FROM settlements WHERE tx_hash = ? AND state = 'verifying'"));
  q.addBindValue(QString::fromStdString(txHash));
  if (!q.exec()) return sqlError("releasing a settlement claim", q.lastError());
  return lezpay::util::okStatus();
}

std::vector<JournalRow> SettlementJournal::rowsIn(JournalState state) {
  std::vector<JournalRow> out;
  QSqlQuery q(handle());
  q.prepare(QStringLiteral("SELECT %1 FROM settlements WHERE state = ? ORDER BY created_at_ms").arg(QString::fromUtf8(kColumns)));
  q.addBindValue(QString::fromStdString(toString(state)));
  if (!q.exec()) return out;
  while (q.next()) out.push_back(readRow(q));
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> SettlementJournal::counts() {
  std::vector<std::pair<std::string, std::int64_t>> out;
  QSqlQuery q(handle());
  if (!q.exec(QStringLiteral("SELECT state, COUNT(*) FROM settlements GROUP BY state ORDER BY state"))) return out;
  while (q.next()) out.emplace_back(q.value(0).toString().toStdString(), q.value(1).toLongLong());
  return out;
}

}  // namespace x402mod
