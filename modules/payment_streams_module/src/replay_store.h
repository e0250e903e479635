#pragma once
// Durable replay memory of the provider side (payment-streams.md §7 step 5): which request ids
// each session has been served, bounded per session, in SQLite (`replay.sqlite` in the module's
// persistence directory).
//
// Why SQLite and not the JSON state file: this changes on every accepted proof. A whole-file
// atomic rewrite costs an fsync per verification (~20 ms measured by bench_streams_verify on the
// reference machine); one small WAL transaction costs tens of microseconds. Journal mode WAL with
// synchronous=NORMAL: every record is atomic and survives a process crash or restart; after an
// operating-system crash the last few records may be lost (those request ids could be replayed
// once), the database is never corrupted (docs/decisions.md).
//
// Table served(id INTEGER PRIMARY KEY, session TEXT, request_id TEXT, UNIQUE(session, request_id)).
// record() inserts and trims the session to its newest `window` ids in one transaction.

#include <map>
#include <string>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lezpay/util/result.h"

namespace payment_streams {

class ReplayStore {
 public:
  explicit ReplayStore(std::string path);
  ~ReplayStore();
  ReplayStore(const ReplayStore&) = delete;
  ReplayStore& operator=(const ReplayStore&) = delete;

  // Opens or creates the database. Error REPLAY_STORE_FAILED with the SQLite text.
  lezpay::util::Status open();
  lezpay::util::Status record(const eligibility::PublicKey& session, const std::string& requestId, std::size_t window);
  lezpay::util::Status forget(const eligibility::PublicKey& session);
  // Every session's remembered ids, oldest first.
  lezpay::util::Result<std::map<eligibility::PublicKey, std::vector<std::string>>> loadAll() const;

 private:
  std::string path_;
  std::string connection_;
  bool open_ = false;
};

}  // namespace payment_streams
