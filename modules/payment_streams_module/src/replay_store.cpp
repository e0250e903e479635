#include "replay_store.h"

#include <QAbstractEventDispatcher>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <array>
#include <atomic>
#include <vector>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/sha256.h"

namespace payment_streams {
namespace {

lezpay::util::Error failed(const std::string& what, const QSqlError& e) {
  return lezpay::util::Error{"REPLAY_STORE_FAILED", what + ": " + e.text().toStdString()};
}

QByteArray blobOf(const eligibility::PublicKey& k) { return QByteArray(reinterpret_cast<const char*>(k.data()), static_cast<qsizetype>(k.size())); }

QByteArray digestOf(const std::string& requestId) {
  const auto h = lezpay::util::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(requestId.data()), requestId.size()));
  return QByteArray(reinterpret_cast<const char*>(h.data()), 16);
}

}  // namespace

ReplayStore::ReplayStore(std::string path) : path_(std::move(path)) {
  static std::atomic<int> counter{0};
  connection_ = "payment_streams_replay_" + std::to_string(counter++);
  checkpointTimer_.setInterval(kCheckpointIntervalMs);
  QObject::connect(&checkpointTimer_, &QTimer::timeout, [this] {
    if (sinceCheckpoint_ > 0) (void)checkpoint();
  });
}

ReplayStore::~ReplayStore() {
  checkpointTimer_.stop();
  if (!open_) return;
  (void)checkpoint();
  insert_.reset();
  select_.reset();
  { QSqlDatabase::database(QString::fromStdString(connection_), false).close(); }
  QSqlDatabase::removeDatabase(QString::fromStdString(connection_));
}

lezpay::util::Status ReplayStore::open() {
  // The file and its -wal/-shm sidecars are private before SQLite creates them.
  if (auto st = lezpay::fileio::preparePrivateFile(path_); !st.ok()) return st;
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QString::fromStdString(connection_));
  db.setDatabaseName(QString::fromStdString(path_));
  if (!db.open()) return failed("open " + path_, db.lastError());
  open_ = true;
  QSqlQuery q(db);
  for (const char* stmt : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000",
                           "PRAGMA wal_autocheckpoint=0",
                           "CREATE TABLE IF NOT EXISTS served_ids (session BLOB NOT NULL, digest BLOB NOT NULL, "
                           "PRIMARY KEY(session, digest)) WITHOUT ROWID"}) {
    if (!q.exec(QString::fromUtf8(stmt))) return failed(stmt, q.lastError());
  }
  if (auto st = migrateRequestIdTable(); !st.ok()) return st;
  insert_ = std::make_unique<QSqlQuery>(db);
  if (!insert_->prepare(QStringLiteral("INSERT OR IGNORE INTO served_ids(session, digest) VALUES(?, ?)"))) {
    return failed("prepare insert", insert_->lastError());
  }
  select_ = std::make_unique<QSqlQuery>(db);
  select_->setForwardOnly(true);
  if (!select_->prepare(QStringLiteral("SELECT 1 FROM served_ids WHERE session = ? AND digest = ?"))) {
    return failed("prepare select", select_->lastError());
  }
  if (QAbstractEventDispatcher::instance() != nullptr) checkpointTimer_.start();
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::migrateRequestIdTable() {
  // Earlier versions kept request ids in clear in `served` (a window per session): carry them over.
  QSqlDatabase db = QSqlDatabase::database(QString::fromStdString(connection_), false);
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'served'"))) return failed("migrate", q.lastError());
  if (!q.next()) return lezpay::util::okStatus();
  if (!db.transaction()) return failed("migrate begin", db.lastError());
  QSqlQuery rows(db);
  QSqlQuery ins(db);
  ins.prepare(QStringLiteral("INSERT OR IGNORE INTO served_ids(session, digest) VALUES(?, ?)"));
  if (!rows.exec(QStringLiteral("SELECT session, request_id FROM served"))) {
    db.rollback();
    return failed("migrate", rows.lastError());
  }
  while (rows.next()) {
    const QByteArray session = QByteArray::fromHex(rows.value(0).toString().toLatin1());
    if (session.size() != 32) continue;
    ins.addBindValue(session);
    ins.addBindValue(digestOf(rows.value(1).toString().toStdString()));
    if (!ins.exec()) {
      db.rollback();
      return failed("migrate", ins.lastError());
    }
  }
  rows.finish();
  if (!q.exec(QStringLiteral("DROP TABLE served"))) {
    db.rollback();
    return failed("migrate", q.lastError());
  }
  if (!db.commit()) return failed("migrate commit", db.lastError());
  return lezpay::util::okStatus();
}

lezpay::util::Result<bool> ReplayStore::record(const eligibility::PublicKey& session, const std::string& requestId) {
  if (!insert_) return lezpay::util::Error{"REPLAY_STORE_FAILED", "the replay store is not open"};
  insert_->bindValue(0, blobOf(session));
  insert_->bindValue(1, digestOf(requestId));
  if (!insert_->exec()) return failed("insert", insert_->lastError());
  const bool fresh = insert_->numRowsAffected() == 1;
  insert_->finish();
  if (fresh && ++sinceCheckpoint_ >= kInlineCheckpointRecords) (void)checkpoint();
  return fresh;
}

lezpay::util::Result<bool> ReplayStore::contains(const eligibility::PublicKey& session, const std::string& requestId) const {
  if (!select_) return lezpay::util::Error{"REPLAY_STORE_FAILED", "the replay store is not open"};
  select_->bindValue(0, blobOf(session));
  select_->bindValue(1, digestOf(requestId));
  if (!select_->exec()) return failed("select", select_->lastError());
  const bool found = select_->next();
  select_->finish();
  return found;
}

lezpay::util::Result<std::uint64_t> ReplayStore::count(const eligibility::PublicKey& session) const {
  QSqlQuery q(QSqlDatabase::database(QString::fromStdString(connection_), false));
  q.prepare(QStringLiteral("SELECT COUNT(*) FROM served_ids WHERE session = ?"));
  q.addBindValue(blobOf(session));
  if (!q.exec() || !q.next()) return failed("count", q.lastError());
  return static_cast<std::uint64_t>(q.value(0).toLongLong());
}

lezpay::util::Status ReplayStore::forget(const eligibility::PublicKey& session) {
  QSqlQuery q(QSqlDatabase::database(QString::fromStdString(connection_), false));
  q.prepare(QStringLiteral("DELETE FROM served_ids WHERE session = ?"));
  q.addBindValue(blobOf(session));
  if (!q.exec()) return failed("forget", q.lastError());
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::forgetAllExcept(const std::set<eligibility::PublicKey>& keep) {
  // One index probe per distinct session instead of a scan of every row.
  QSqlQuery q(QSqlDatabase::database(QString::fromStdString(connection_), false));
  q.setForwardOnly(true);
  std::vector<QByteArray> drop;
  QByteArray after("");
  for (;;) {
    q.prepare(QStringLiteral("SELECT session FROM served_ids WHERE session > ? ORDER BY session LIMIT 1"));
    q.addBindValue(after);
    if (!q.exec()) return failed("list sessions", q.lastError());
    if (!q.next()) break;
    after = q.value(0).toByteArray();
    q.finish();
    eligibility::PublicKey key{};
    if (after.size() == static_cast<qsizetype>(key.size())) std::copy(after.begin(), after.end(), reinterpret_cast<char*>(key.data()));
    if (after.size() != static_cast<qsizetype>(key.size()) || keep.count(key) == 0) drop.push_back(after);
  }
  QSqlQuery d(QSqlDatabase::database(QString::fromStdString(connection_), false));
  d.prepare(QStringLiteral("DELETE FROM served_ids WHERE session = ?"));
  for (const auto& session : drop) {
    d.addBindValue(session);
    if (!d.exec()) return failed("forget", d.lastError());
  }
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::checkpoint() {
  QSqlQuery q(QSqlDatabase::database(QString::fromStdString(connection_), false));
  if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) return failed("checkpoint", q.lastError());
  sinceCheckpoint_ = 0;
  return lezpay::util::okStatus();
}

}  // namespace payment_streams
