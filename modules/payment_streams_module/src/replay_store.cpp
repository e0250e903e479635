#include "replay_store.h"

#include <QAbstractEventDispatcher>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <array>
#include <vector>

#include "lezpay/sqlstore/database.h"
#include "lezpay/sqlstore/transaction.h"
#include "lezpay/util/sha256.h"

namespace payment_streams {
namespace {

constexpr const char* kReplayStoreFailed = "REPLAY_STORE_FAILED";

lezpay::util::Error notOpen() { return lezpay::util::Error{kReplayStoreFailed, "the replay store is not open"}; }

QByteArray blobOf(const eligibility::PublicKey& k) { return QByteArray(reinterpret_cast<const char*>(k.data()), static_cast<qsizetype>(k.size())); }

QByteArray digestOf(const std::string& requestId) {
  const auto h = lezpay::util::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(requestId.data()), requestId.size()));
  return QByteArray(reinterpret_cast<const char*>(h.data()), 16);
}

}  // namespace

ReplayStore::ReplayStore(std::string path) : path_(std::move(path)) {
  checkpointTimer_.setInterval(kCheckpointIntervalMs);
  QObject::connect(&checkpointTimer_, &QTimer::timeout, [this] {
    if (sinceCheckpoint_ > 0) (void)checkpoint();
  });
}

ReplayStore::~ReplayStore() {
  checkpointTimer_.stop();
  if (!db_) return;
  (void)checkpoint();
  // Prepared statements go before the connection they belong to.
  insert_.reset();
  select_.reset();
  db_.reset();
}

lezpay::util::Error ReplayStore::failed(const std::string& what, const QSqlError& e) const {
  return lezpay::sqlstore::recode(db_->error(what, e), kReplayStoreFailed);
}

lezpay::util::Status ReplayStore::open() {
  auto opened = lezpay::sqlstore::Database::openSqlite(
      "payment_streams_replay",
      {.path = path_, .synchronous = lezpay::sqlstore::Synchronous::Normal, .pragmas = {"wal_autocheckpoint=0"}});
  if (!opened.ok()) return lezpay::sqlstore::recode(opened.error(), kReplayStoreFailed);
  db_ = std::make_unique<lezpay::sqlstore::Database>(std::move(opened).value());
  QSqlDatabase db = db_->handle();
  const char* schema =
      "CREATE TABLE IF NOT EXISTS served_ids (session BLOB NOT NULL, digest BLOB NOT NULL, PRIMARY KEY(session, digest)) WITHOUT ROWID";
  if (auto st = db_->exec(schema, "creating the replay table"); !st.ok()) return lezpay::sqlstore::recode(st.error(), kReplayStoreFailed);
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
  QSqlDatabase db = db_->handle();
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'served'"))) return failed("migrate", q.lastError());
  if (!q.next()) return lezpay::util::okStatus();
  q.finish();
  // Any early return rolls the whole conversion back (the transaction's destructor).
  auto tx = lezpay::sqlstore::Transaction::begin(*db_);
  if (!tx.ok()) return lezpay::sqlstore::recode(tx.error(), kReplayStoreFailed);
  QSqlQuery rows(db);
  QSqlQuery ins(db);
  ins.prepare(QStringLiteral("INSERT OR IGNORE INTO served_ids(session, digest) VALUES(?, ?)"));
  if (!rows.exec(QStringLiteral("SELECT session, request_id FROM served"))) return failed("migrate", rows.lastError());
  while (rows.next()) {
    const QByteArray session = QByteArray::fromHex(rows.value(0).toString().toLatin1());
    if (session.size() != 32) continue;
    ins.addBindValue(session);
    ins.addBindValue(digestOf(rows.value(1).toString().toStdString()));
    if (!ins.exec()) return failed("migrate", ins.lastError());
  }
  rows.finish();
  ins.finish();
  if (!q.exec(QStringLiteral("DROP TABLE served"))) return failed("migrate", q.lastError());
  if (auto st = tx.value().commit(); !st.ok()) return lezpay::sqlstore::recode(st.error(), kReplayStoreFailed);
  return lezpay::util::okStatus();
}

lezpay::util::Result<bool> ReplayStore::record(const eligibility::PublicKey& session, const std::string& requestId) {
  if (!insert_) return notOpen();
  insert_->bindValue(0, blobOf(session));
  insert_->bindValue(1, digestOf(requestId));
  if (!insert_->exec()) return failed("insert", insert_->lastError());
  const bool fresh = insert_->numRowsAffected() == 1;
  insert_->finish();
  if (fresh && ++sinceCheckpoint_ >= kInlineCheckpointRecords) (void)checkpoint();
  return fresh;
}

lezpay::util::Result<std::vector<bool>> ReplayStore::recordAll(const std::vector<std::pair<eligibility::PublicKey, std::string>>& ids) {
  if (!insert_) return notOpen();
  // Any early return rolls the whole batch back (the transaction's destructor).
  auto tx = lezpay::sqlstore::Transaction::begin(*db_);
  if (!tx.ok()) return lezpay::sqlstore::recode(tx.error(), kReplayStoreFailed);
  std::vector<bool> fresh;
  fresh.reserve(ids.size());
  std::uint64_t added = 0;
  for (const auto& [session, requestId] : ids) {
    insert_->bindValue(0, blobOf(session));
    insert_->bindValue(1, digestOf(requestId));
    if (!insert_->exec()) return failed("insert", insert_->lastError());
    fresh.push_back(insert_->numRowsAffected() == 1);
    added += fresh.back() ? 1 : 0;
    insert_->finish();
  }
  if (auto st = tx.value().commit(); !st.ok()) return lezpay::sqlstore::recode(st.error(), kReplayStoreFailed);
  sinceCheckpoint_ += added;
  if (sinceCheckpoint_ >= kInlineCheckpointRecords) (void)checkpoint();
  return fresh;
}

lezpay::util::Result<bool> ReplayStore::contains(const eligibility::PublicKey& session, const std::string& requestId) const {
  if (!select_) return notOpen();
  select_->bindValue(0, blobOf(session));
  select_->bindValue(1, digestOf(requestId));
  if (!select_->exec()) return failed("select", select_->lastError());
  const bool found = select_->next();
  select_->finish();
  return found;
}

lezpay::util::Result<std::uint64_t> ReplayStore::count(const eligibility::PublicKey& session) const {
  if (!db_) return notOpen();
  QSqlQuery q(db_->handle());
  q.prepare(QStringLiteral("SELECT COUNT(*) FROM served_ids WHERE session = ?"));
  q.addBindValue(blobOf(session));
  if (!q.exec() || !q.next()) return failed("count", q.lastError());
  return static_cast<std::uint64_t>(q.value(0).toLongLong());
}

lezpay::util::Status ReplayStore::forget(const eligibility::PublicKey& session) {
  if (!db_) return notOpen();
  QSqlQuery q(db_->handle());
  q.prepare(QStringLiteral("DELETE FROM served_ids WHERE session = ?"));
  q.addBindValue(blobOf(session));
  if (!q.exec()) return failed("forget", q.lastError());
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::forgetAllExcept(const std::set<eligibility::PublicKey>& keep) {
  if (!db_) return notOpen();
  // One index probe per distinct session instead of a scan of every row.
  QSqlQuery q(db_->handle());
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
  QSqlQuery d(db_->handle());
  d.prepare(QStringLiteral("DELETE FROM served_ids WHERE session = ?"));
  for (const auto& session : drop) {
    d.addBindValue(session);
    if (!d.exec()) return failed("forget", d.lastError());
  }
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::checkpoint() {
  if (!db_) return notOpen();
  QSqlQuery q(db_->handle());
  if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) return failed("checkpoint", q.lastError());
  sinceCheckpoint_ = 0;
  return lezpay::util::okStatus();
}

}  // namespace payment_streams
