#pragma once
// Builds and submissions of transactions run one at a time, in arrival order. A build reads each
// signer's next nonce (the chain's, or one past this wallet's submissions not yet included) and a
// submission records the nonce it used, so two of them interleaved over their sequencer round
// trips would sign the same nonce twice. A job holds the lane from its start until it calls its
// `release` (once its submission answered, or at the failure that ends it earlier); a caller
// going away (Reply::onCancel) gives up its place or the lane it holds. Reads and inclusion
// waits never enter the lane.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "logos/sdk/reply.h"

namespace wallet {

class SubmissionLane {
 public:
  // Idempotent; callable after the lane is gone (it then does nothing).
  using Release = std::function<void()>;
  using Job = std::function<void(Release release)>;

  SubmissionLane();
  ~SubmissionLane();
  SubmissionLane(const SubmissionLane&) = delete;
  SubmissionLane& operator=(const SubmissionLane&) = delete;

  // Runs `job` now when the lane is free, otherwise after the jobs queued before it.
  void enter(const logos::sdk::Reply& reply, Job job);
  // Shutdown: forgets the holder and drops the queued jobs without running them.
  void clear();
  std::size_t queued() const { return queue_.size(); }
  bool busy() const { return holder_.has_value(); }

 private:
  struct Entry {
    std::uint64_t id;
    Job job;
  };
  void leave(std::uint64_t id);
  void pump();
  Release releaseOf(std::uint64_t id);

  std::deque<Entry> queue_;
  std::optional<std::uint64_t> holder_;
  std::uint64_t nextId_ = 1;
  bool pumping_ = false;
  std::shared_ptr<SubmissionLane*> self_;  // what release callbacks and cancel hooks reach it through
};

}  // namespace wallet
