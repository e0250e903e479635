#include "submission_lane.h"

#include <algorithm>

namespace wallet {

SubmissionLane::SubmissionLane() : self_(std::make_shared<SubmissionLane*>(this)) {}

SubmissionLane::~SubmissionLane() { *self_ = nullptr; }

SubmissionLane::Release SubmissionLane::releaseOf(std::uint64_t id) {
  std::weak_ptr<SubmissionLane*> self = self_;
  return [self, id] {
    if (auto s = self.lock(); s && *s) (*s)->leave(id);
  };
}

void SubmissionLane::enter(const logos::sdk::Reply& reply, Job job) {
  const std::uint64_t id = nextId_++;
  queue_.push_back({id, std::move(job)});
  reply.onCancel(releaseOf(id));
  pump();
}

void SubmissionLane::clear() {
  queue_.clear();
  holder_.reset();
}

void SubmissionLane::leave(std::uint64_t id) {
  if (holder_ == id) {
    holder_.reset();
    return pump();
  }
  queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [id](const Entry& e) { return e.id == id; }), queue_.end());
}

void SubmissionLane::pump() {
  if (pumping_) return;  // a job released the lane inside the loop below: the loop goes on
  pumping_ = true;
  while (!holder_ && !queue_.empty()) {
    Entry next = std::move(queue_.front());
    queue_.pop_front();
    holder_ = next.id;
    next.job(releaseOf(next.id));
  }
  pumping_ = false;
}

}  // namespace wallet
