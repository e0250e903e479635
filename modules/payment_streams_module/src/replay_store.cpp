#include "replay_store.h"

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

// Both drivers take this spelling (SQLite since 3.24): the duplicate check and the record are one
// statement, atomic against every other connection.
constexpr const char* kInsertSql = "INSERT INTO served_ids(session, digest) VALUES(?, ?) ON CONFLICT DO NOTHING";

QByteArray blobOf(const eligibility::PublicKey& k) { return QByteArray(reinterpret_cast<const char*>(k.data()), static_cast<qsizetype>(k.size())); }

QByteArray digestOf(const std::string& requestId) {
  const auto h = lezpay::util::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(requestId.data()), requestId.size()));
  return QByteArray(reinterpret_cast<const char*>(h.data()), 16);
}

}  // namespace

ReplayStore::ReplayStore(std::string location)
    : location_(std::move(location)),
      conn_("payment_streams_replay", kReplayStoreFailed,
            {.synchronous = lezpay::sqlstore::Synchronous::Normal, .pragmas = {"wal_autocheckpoint=0"}}, &ReplayStore::createTables) {}

ReplayStore::~ReplayStore() {
  checkpointer_.reset();  // joins its thread after a last checkpoint
  if (!conn_.isOpen()) return;
  // Prepared statements go before the connection they belong to.
  insert_.reset();
  select_.reset();
  conn_.close();
}

lezpay::util::Error ReplayStore::failed(const std::string& what, const QSqlError& e) const {
  if (!conn_.db()) return lezpay::util::Error{kReplayStoreFailed, what + " failed: the replay store is not open"};
  return conn_.fail(conn_.db()->error(what, e));
}

lezpay::util::Status ReplayStore::createTables(lezpay::sqlstore::Database& db) {
  const bool pg = db.backend() == lezpay::sqlstore::Backend::Postgresql;
  const char* schema =
      pg ? "CREATE TABLE IF NOT EXISTS served_ids (session BYTEA NOT NULL, digest BYTEA NOT NULL, PRIMARY KEY(session, digest))"
         : "CREATE TABLE IF NOT EXISTS served_ids (session BLOB NOT NULL, digest BLOB NOT NULL, PRIMARY KEY(session, digest)) WITHOUT ROWID";
  if (auto st = db.exec(schema, "creating the replay table"); !st.ok()) return st;
  if (pg) return lezpay::util::okStatus();
  return migrateRequestIdTable(db);
}

lezpay::util::Status ReplayStore::open() {
  insert_.reset();
  select_.reset();
  if (auto st = conn_.open(location_); !st.ok()) return st;
  if (auto st = ready(); !st.ok()) return st;
  checkpointer_.reset();
  if (!conn_.postgresql() && conn_.sqlitePath() != ":memory:") {
    checkpointer_ = std::make_unique<lezpay::sqlstore::WalCheckpointer>(conn_.sqlitePath(), kCheckpointIntervalMs);
    checkpointer_->start();
  }
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::reopen(const std::string& location) {
  if (location == location_ && conn_.isOpen()) return lezpay::util::okStatus();
  checkpointer_.reset();
  const std::string previous = location_;
  location_ = location;
  auto st = open();
  if (!st.ok()) {
    location_ = previous;
    (void)open();
  }
  return st;
}

lezpay::util::Status ReplayStore::ready() const {
  if (conn_.needsReconnect()) {
    insert_.reset();
    select_.reset();
  }
  if (auto st = conn_.ensure(); !st.ok()) return st;
  if (insert_ && preparedFor_ == conn_.generation()) return lezpay::util::okStatus();
  QSqlDatabase db = conn_.db()->handle();
  insert_ = std::make_unique<QSqlQuery>(db);
  if (!insert_->prepare(QString::fromLatin1(kInsertSql))) {
    auto e = failed("prepare insert", insert_->lastError());
    insert_.reset();
    return e;
  }
  select_ = std::make_unique<QSqlQuery>(db);
  select_->setForwardOnly(true);
  if (!select_->prepare(QStringLiteral("SELECT 1 FROM served_ids WHERE session = ? AND digest = ?"))) {
    auto e = failed("prepare select", select_->lastError());
    insert_.reset();
    select_.reset();
    return e;
  }
  preparedFor_ = conn_.generation();
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::migrateRequestIdTable(lezpay::sqlstore::Database& database) {
  // Earlier versions kept request ids in clear in `served` (a window per session): carry them over.
  QSqlDatabase db = database.handle();
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'served'"))) {
    return database.error("migrate", q.lastError());
  }
  if (!q.next()) return lezpay::util::okStatus();
  q.finish();
  // Any early return rolls the whole conversion back (the transaction's destructor).
  auto tx = lezpay::sqlstore::Transaction::begin(database);
  if (!tx.ok()) return tx.error();
  QSqlQuery rows(db);
  QSqlQuery ins(db);
  ins.prepare(QString::fromLatin1(kInsertSql));
  if (!rows.exec(QStringLiteral("SELECT session, request_id FROM served"))) return database.error("migrate", rows.lastError());
  while (rows.next()) {
    const QByteArray session = QByteArray::fromHex(rows.value(0).toString().toLatin1());
    if (session.size() != 32) continue;
    ins.addBindValue(session);
    ins.addBindValue(digestOf(rows.value(1).toString().toStdString()));
    if (!ins.exec()) return database.error("migrate", ins.lastError());
  }
  rows.finish();
  ins.finish();
  if (!q.exec(QStringLiteral("DROP TABLE served"))) return database.error("migrate", q.lastError());
  return tx.value().commit();
}

lezpay::util::Result<bool> ReplayStore::record(const eligibility::PublicKey& session, const std::string& requestId) {
  if (auto st = ready(); !st.ok()) return st.error();
  insert_->bindValue(0, blobOf(session));
  insert_->bindValue(1, digestOf(requestId));
  if (!insert_->exec()) return failed("insert", insert_->lastError());
  const bool fresh = insert_->numRowsAffected() == 1;
  insert_->finish();
  if (fresh && checkpointer_) checkpointer_->noteWrites(1);
  return fresh;
}

lezpay::util::Result<std::vector<bool>> ReplayStore::recordAll(const std::vector<std::pair<eligibility::PublicKey, std::string>>& ids) {
  if (auto st = ready(); !st.ok()) return st.error();
  // One id is one statement, which both backends run as a transaction of its own: BEGIN and
  // COMMIT would add two statements (two round trips on PostgreSQL) for the same guarantee.
  if (ids.size() == 1) {
    auto one = record(ids.front().first, ids.front().second);
    if (!one.ok()) return one.error();
    return std::vector<bool>{one.value()};
  }
  // Any early return rolls the whole batch back (the transaction's destructor).
  auto tx = lezpay::sqlstore::Transaction::begin(*conn_.db());
  // Through fail(): a PostgreSQL connection that died is opened again by the next batch.
  if (!tx.ok()) return conn_.fail(tx.error());
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
  if (auto st = tx.value().commit(); !st.ok()) return conn_.fail(st.error());
  if (added > 0 && checkpointer_) checkpointer_->noteWrites(added);
  return fresh;
}

lezpay::util::Result<bool> ReplayStore::contains(const eligibility::PublicKey& session, const std::string& requestId) const {
  if (auto st = ready(); !st.ok()) return st.error();
  select_->bindValue(0, blobOf(session));
  select_->bindValue(1, digestOf(requestId));
  if (!select_->exec()) return failed("select", select_->lastError());
  const bool found = select_->next();
  select_->finish();
  return found;
}

lezpay::util::Result<std::uint64_t> ReplayStore::count(const eligibility::PublicKey& session) const {
  if (auto st = ready(); !st.ok()) return st.error();
  QSqlQuery q(conn_.db()->handle());
  q.prepare(QStringLiteral("SELECT COUNT(*) FROM served_ids WHERE session = ?"));
  q.addBindValue(blobOf(session));
  if (!q.exec() || !q.next()) return failed("count", q.lastError());
  return static_cast<std::uint64_t>(q.value(0).toLongLong());
}

lezpay::util::Status ReplayStore::forget(const eligibility::PublicKey& session) {
  if (auto st = ready(); !st.ok()) return st;
  QSqlQuery q(conn_.db()->handle());
  q.prepare(QStringLiteral("DELETE FROM served_ids WHERE session = ?"));
  q.addBindValue(blobOf(session));
  if (!q.exec()) return failed("forget", q.lastError());
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::forgetAllExcept(const std::set<eligibility::PublicKey>& keep) {
  if (auto st = ready(); !st.ok()) return st;
  if (conn_.postgresql()) return lezpay::util::okStatus();  // the other sessions are other instances'
  // One index probe per distinct session instead of a scan of every row.
  QSqlQuery q(conn_.db()->handle());
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
  QSqlQuery d(conn_.db()->handle());
  d.prepare(QStringLiteral("DELETE FROM served_ids WHERE session = ?"));
  for (const auto& session : drop) {
    d.addBindValue(session);
    if (!d.exec()) return failed("forget", d.lastError());
  }
  return lezpay::util::okStatus();
}

lezpay::util::Status ReplayStore::checkpoint() {
  if (conn_.postgresql()) return lezpay::util::okStatus();  // the server checkpoints its own WAL
  if (auto st = ready(); !st.ok()) return st;
  QSqlQuery q(conn_.db()->handle());
  if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) return failed("checkpoint", q.lastError());
  return lezpay::util::okStatus();
}

}  // namespace payment_streams
