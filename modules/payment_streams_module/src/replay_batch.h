#pragma once
// Group commit of the provider's replay records (replay_store.h, payment-streams.md §7 step 5).
//
// A proof check that passed queues its request id here instead of writing it at once; the ids
// queued during one turn of the module's event loop are written in ONE transaction when the turn
// ends (a zero-interval timer), and each check's continuation runs only after that transaction
// committed, with whether its id was new. So the rule of the replay memory is unchanged, "an OK
// answer leaves only after its request id is durable" (durable as replay.sqlite makes it: WAL,
// synchronous=NORMAL), while the commits per second fall from one per paid query to one per
// turn. A batch that fails to commit answers every continuation of the batch with the error
// (nothing of it is recorded, so nothing of it may be served).
//
// pending() tells whether an id is queued and not yet committed, so a copy of a request verified
// in the same turn is refused as a replay before the batch is written.
//
// Module-thread only. Continuations run from flush() on the module's thread, never inside
// record(); at shutdown EligibilityOperations flushes before the module's state goes.

#include <QTimer>

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lezpay/util/result.h"

namespace payment_streams {

class ReplayBatch {
 public:
  using Writer = std::function<lezpay::util::Result<std::vector<bool>>(const std::vector<std::pair<eligibility::PublicKey, std::string>>&)>;
  using Recorded = std::function<void(lezpay::util::Result<bool> fresh)>;

  explicit ReplayBatch(Writer write);
  ReplayBatch(const ReplayBatch&) = delete;
  ReplayBatch& operator=(const ReplayBatch&) = delete;

  // Queues `requestId` of `session`; `done` runs once, after the batch holding it committed.
  void record(const eligibility::PublicKey& session, const std::string& requestId, Recorded done);
  // True while `requestId` of `session` is queued and not yet committed.
  bool pending(const eligibility::PublicKey& session, const std::string& requestId) const;
  // Writes what is queued now and runs its continuations.
  void flush();

  std::uint64_t batches() const { return batches_; }
  std::uint64_t records() const { return records_; }

 private:
  struct Entry {
    eligibility::PublicKey session;
    std::string requestId;
    Recorded done;
  };

  Writer write_;
  QTimer turnEnd_;
  std::vector<Entry> queue_;
  std::set<std::pair<eligibility::PublicKey, std::string>> queued_;
  std::uint64_t batches_ = 0;
  std::uint64_t records_ = 0;
};

}  // namespace payment_streams
