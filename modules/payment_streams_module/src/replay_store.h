#pragma once
// Durable replay memory of the provider side (payment-streams.md §7 step 5): every request id a
// session has been served, for the whole life of the session, in SQLite (`replay.sqlite` in the
// module's persistence directory, 0600) or in PostgreSQL shared by several provider instances
// (the location is a path or a URL: lezpay/sqlstore/database_url.h; module setting
// replay_store_url).
//
// Guarantee: a request id recorded for a session is refused for that session until forget(), for
// any number of requests and across restarts; on PostgreSQL also across every instance sharing
// the database: record() is one INSERT ... ON CONFLICT DO NOTHING on the primary key, so of two
// instances recording the same id at once exactly one is told "new" (docs/decisions.md "Shared
// stores on PostgreSQL"). Nothing per request is kept in RAM here; the database holds one row per
// served request id until its session is forgotten (stream closed, session evicted or expired):
// about 60 bytes per row (docs/decisions.md "Replay memory").
//
// Table served_ids(session BLOB(32), digest BLOB(16), PRIMARY KEY(session, digest)) (WITHOUT
// ROWID on SQLite, BYTEA on PostgreSQL); digest = the first 16 bytes of SHA-256(request_id). A
// digest collision can only refuse a fresh request id (probability ~2^-128 per pair), never serve
// one twice.
//
// Durability (libs/sqlstore opens it): SQLite in WAL mode with synchronous=NORMAL: every record is
// atomic and survives a process crash (kill -9) or restart; after an operating-system crash or
// power loss the records since the last checkpoint may be lost (those request ids could be served
// once more), the database is never corrupted. Automatic checkpoints are off: a checkpoint
// (PASSIVE) runs every kCheckpointIntervalMs on a thread and connection of its own
// (lezpay/sqlstore/wal_checkpointer.h), so neither a record() nor the module's thread waits for its
// fsync. PostgreSQL: a record is committed when record() returns (the server's
// synchronous_commit decides whether that survives the server's power loss: docs/deployment.md);
// a dropped connection fails the calls made while it is down (REPLAY_STORE_FAILED) and the next
// call connects again.
//
// forgetAllExcept() deletes nothing on PostgreSQL: the other sessions in a shared table belong to
// other instances.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lezpay/util/result.h"

#include "lezpay/sqlstore/store_connection.h"
#include "lezpay/sqlstore/wal_checkpointer.h"

class QSqlError;
class QSqlQuery;

namespace payment_streams {

class ReplayStore {
 public:
  static constexpr int kCheckpointIntervalMs = 1000;

  // `location`: a SQLite path, sqlite:<path> or postgresql://... (database_url.h).
  explicit ReplayStore(std::string location);
  ~ReplayStore();
  ReplayStore(const ReplayStore&) = delete;
  ReplayStore& operator=(const ReplayStore&) = delete;

  // Opens or creates the database (0600) and converts the table of earlier versions. Error
  // REPLAY_STORE_FAILED with the driver's text (the location's password redacted).
  lezpay::util::Status open();
  // Opens `location` instead (the old one stays open when the new one fails).
  lezpay::util::Status reopen(const std::string& location);
  // True when the records live in PostgreSQL, shared with other instances.
  bool shared() const { return conn_.postgresql(); }
  // The location, password redacted.
  const std::string& display() const { return conn_.display(); }
  // Records `requestId` as served in `session`: true if it was new, false if it was already
  // recorded (a replay).
  lezpay::util::Result<bool> record(const eligibility::PublicKey& session, const std::string& requestId);
  // Records every (session, request id) of `ids` in ONE transaction (group commit, replay_batch.h):
  // for each, in order, true if it was new, false if already recorded (also by an earlier entry
  // of `ids`). All or nothing: on error nothing is recorded. A single id is one statement,
  // committed on its own (no BEGIN/COMMIT around it).
  lezpay::util::Result<std::vector<bool>> recordAll(const std::vector<std::pair<eligibility::PublicKey, std::string>>& ids);
  // True if `requestId` was recorded in `session`.
  lezpay::util::Result<bool> contains(const eligibility::PublicKey& session, const std::string& requestId) const;
  // Rows recorded for `session` (walks them: for listings, not for the hot path).
  lezpay::util::Result<std::uint64_t> count(const eligibility::PublicKey& session) const;
  lezpay::util::Status forget(const eligibility::PublicKey& session);
  // Forgets every session not in `keep` (rows of sessions evicted before a crash).
  lezpay::util::Status forgetAllExcept(const std::set<eligibility::PublicKey>& keep);
  // Moves the WAL into the database without waiting for readers (PRAGMA wal_checkpoint(PASSIVE)),
  // on the calling thread (the checkpointer thread does it on its own otherwise).
  lezpay::util::Status checkpoint();

 private:
  static lezpay::util::Status createTables(lezpay::sqlstore::Database& db);
  static lezpay::util::Status migrateRequestIdTable(lezpay::sqlstore::Database& db);
  // Connected (again, after a PostgreSQL failure) with the two hot statements prepared.
  lezpay::util::Status ready() const;
  lezpay::util::Error failed(const std::string& what, const QSqlError& e) const;

  std::string location_;
  mutable lezpay::sqlstore::StoreConnection conn_;  // libs/sqlstore: opens, reconnects
  mutable std::unique_ptr<QSqlQuery> insert_;
  mutable std::unique_ptr<QSqlQuery> select_;
  mutable std::uint64_t preparedFor_ = 0;  // conn_.generation() the statements belong to
  // SQLite files only; replaced on reopen().
  std::unique_ptr<lezpay::sqlstore::WalCheckpointer> checkpointer_;
};

}  // namespace payment_streams
