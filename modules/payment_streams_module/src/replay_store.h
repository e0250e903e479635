#pragma once
// Durable replay memory of the provider side (payment-streams.md §7 step 5): every request id a
// session has been served, for the whole life of the session, in SQLite (`replay.sqlite` in the
// module's persistence directory, 0600).
//
// Guarantee: a request id recorded for a session is refused for that session until forget(), for
// any number of requests and across restarts. Nothing per request is kept in RAM here; the disk
// holds one row per served request id until its session is forgotten (stream closed, session
// evicted or expired): about 60 bytes per row (docs/decisions.md "Replay memory").
//
// Table served_ids(session BLOB(32), digest BLOB(16), PRIMARY KEY(session, digest)) WITHOUT
// ROWID; digest = the first 16 bytes of SHA-256(request_id). A digest collision can only refuse a
// fresh request id (probability ~2^-128 per pair), never serve one twice.
//
// Durability (libs/sqlstore opens it): journal mode WAL with synchronous=NORMAL: every record is atomic and survives a
// process crash (kill -9) or restart; after an operating-system crash or power loss the records
// since the last checkpoint may be lost (those request ids could be served once more), the
// database is never corrupted. Automatic checkpoints are off: checkpoint() (PASSIVE) runs from a
// timer on the module's thread, so no record() pays for one; without an event loop (tests,
// benchmarks) record() checkpoints after kInlineCheckpointRecords records as a fallback.

#include <QTimer>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lezpay/util/result.h"

class QSqlError;
class QSqlQuery;
namespace lezpay::sqlstore {
class Database;
}

namespace payment_streams {

class ReplayStore {
 public:
  static constexpr int kCheckpointIntervalMs = 1000;
  static constexpr std::uint64_t kInlineCheckpointRecords = 20000;

  explicit ReplayStore(std::string path);
  ~ReplayStore();
  ReplayStore(const ReplayStore&) = delete;
  ReplayStore& operator=(const ReplayStore&) = delete;

  // Opens or creates the database (0600) and converts the table of earlier versions. Error
  // REPLAY_STORE_FAILED with the SQLite text.
  lezpay::util::Status open();
  // Records `requestId` as served in `session`: true if it was new, false if it was already
  // recorded (a replay).
  lezpay::util::Result<bool> record(const eligibility::PublicKey& session, const std::string& requestId);
  // Records every (session, request id) of `ids` in ONE transaction (group commit, replay_batch.h):
  // for each, in order, true if it was new, false if already recorded (also by an earlier entry
  // of `ids`). All or nothing: on error nothing is recorded.
  lezpay::util::Result<std::vector<bool>> recordAll(const std::vector<std::pair<eligibility::PublicKey, std::string>>& ids);
  // True if `requestId` was recorded in `session`.
  lezpay::util::Result<bool> contains(const eligibility::PublicKey& session, const std::string& requestId) const;
  // Rows recorded for `session` (walks them: for listings, not for the hot path).
  lezpay::util::Result<std::uint64_t> count(const eligibility::PublicKey& session) const;
  lezpay::util::Status forget(const eligibility::PublicKey& session);
  // Forgets every session not in `keep` (rows of sessions evicted before a crash).
  lezpay::util::Status forgetAllExcept(const std::set<eligibility::PublicKey>& keep);
  // Moves the WAL into the database without waiting for readers (PRAGMA wal_checkpoint(PASSIVE)).
  lezpay::util::Status checkpoint();

 private:
  lezpay::util::Status migrateRequestIdTable();
  lezpay::util::Error failed(const std::string& what, const QSqlError& e) const;

  std::string path_;
  std::unique_ptr<lezpay::sqlstore::Database> db_;  // opened through libs/sqlstore
  std::unique_ptr<QSqlQuery> insert_;
  std::unique_ptr<QSqlQuery> select_;
  std::uint64_t sinceCheckpoint_ = 0;
  QTimer checkpointTimer_;
};

}  // namespace payment_streams
