#include "replay_store.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <atomic>

#include "lezpay/util/hex.h"

namespace payment_streams {
namespace {

lezpay::util::Error failed(const std::string& what, const QSqlError& e) {
  return lezpay::util::Error{"REPLAY_STORE_FAILED", what + ": " + e.text().toStdString()};
}

QString hexKey(const eligibility::PublicKey& k) { return QString::fromStdString(lezpay::util::toHex(k)); }

}  // namespace

ReplayStore::ReplayStore(std::string path) : path_(std::move(path)) {
  static std::atomic<int> counter{0};
  connection_ = "payment_streams_replay_" + std::to_string(counter++);
}

ReplayStore::~ReplayStore() {
  if (!open_) return;
  { QSqlDatabase::database(QString::fromStdString(connection_), false).close(); }
  QSqlDatabase::removeDatabase(QString::fromStdString(connection_));
}

lezpay::util::Status ReplayStore::open() {
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QString::fromStdString(connection_));
  db.setDatabaseName(QString::fromStdString(path_));
  if (!db.open()) return failed("open " + path_, db.lastError());
  open_ = true;
  QSqlQuery q(db);
  for (const char* stmt : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000",
                           "CREATE TABLE IF NOT EXISTS served (id INTEGER PRIMARY KEY AUTOINCREMENT, session TEXT NOT NULL, "
                           "request_id TEXT NOT NULL, UNIQUE(session, request_id))",
                           "CREATE INDEX IF NOT EXISTS served_by_session ON served(session, id)"}) {
    if (!q.exec(QString::fromUtf8(stmt))) return failed(stmt, q.lastError());
  }
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::record(const eligibility::PublicKey& session, const std::string& requestId, std::size_t window) {
  QSqlDatabase db = QSqlDatabase::database(QString::fromStdString(connection_), false);
  if (!db.transaction()) return failed("begin", db.lastError());
  QSqlQuery q(db);
  q.prepare(QStringLiteral("INSERT OR IGNORE INTO served(session, request_id) VALUES(?, ?)"));
  q.addBindValue(hexKey(session));
  q.addBindValue(QString::fromStdString(requestId));
  if (!q.exec()) {
    db.rollback();
    return failed("insert", q.lastError());
  }
  // Keep the newest `window` ids of this session: find the id just past the window, drop it and older.
  q.prepare(QStringLiteral("SELECT id FROM served WHERE session = ? ORDER BY id DESC LIMIT 1 OFFSET ?"));
  q.addBindValue(hexKey(session));
  q.addBindValue(static_cast<qlonglong>(window));
  if (!q.exec()) {
    db.rollback();
    return failed("trim", q.lastError());
  }
  if (q.next()) {
    const qlonglong cut = q.value(0).toLongLong();
    QSqlQuery d(db);
    d.prepare(QStringLiteral("DELETE FROM served WHERE session = ? AND id <= ?"));
    d.addBindValue(hexKey(session));
    d.addBindValue(cut);
    if (!d.exec()) {
      db.rollback();
      return failed("trim", d.lastError());
    }
  }
  if (!db.commit()) return failed("commit", db.lastError());
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::forget(const eligibility::PublicKey& session) {
  QSqlQuery q(QSqlDatabase::database(QString::fromStdString(connection_), false));
  q.prepare(QStringLiteral("DELETE FROM served WHERE session = ?"));
  q.addBindValue(hexKey(session));
  if (!q.exec()) return failed("forget", q.lastError());
  return lezpay::util::okStatus();
}

lezpay::util::Result<std::map<eligibility::PublicKey, std::vector<std::string>>> ReplayStore::loadAll() const {
  std::map<eligibility::PublicKey, std::vector<std::string>> out;
  QSqlQuery q(QSqlDatabase::database(QString::fromStdString(connection_), false));
  if (!q.exec(QStringLiteral("SELECT session, request_id FROM served ORDER BY id"))) return failed("load", q.lastError());
  while (q.next()) {
    auto key = lezpay::util::fromHexFixed<32>(q.value(0).toString().toStdString());
    if (!key.ok()) return lezpay::util::Error{"STATE_CORRUPT", path_ + ": a session key is not 64 hex digits"};
    out[key.value()].push_back(q.value(1).toString().toStdString());
  }
  return out;
}

}  // namespace payment_streams
