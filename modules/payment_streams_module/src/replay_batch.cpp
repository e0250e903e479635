#include "replay_batch.h"

namespace payment_streams {

ReplayBatch::ReplayBatch(Writer write) : write_(std::move(write)) {
  turnEnd_.setSingleShot(true);
  turnEnd_.setInterval(0);
  QObject::connect(&turnEnd_, &QTimer::timeout, [this] { flush(); });
}

void ReplayBatch::record(const eligibility::PublicKey& session, const std::string& requestId, Recorded done) {
  queue_.push_back(Entry{session, requestId, std::move(done)});
  queued_.emplace(session, requestId);
  if (!turnEnd_.isActive()) turnEnd_.start();
}

bool ReplayBatch::pending(const eligibility::PublicKey& session, const std::string& requestId) const {
  return queued_.count({session, requestId}) > 0;
}

void ReplayBatch::flush() {
  turnEnd_.stop();
  if (queue_.empty()) return;
  // Continuations may queue more (they run checks of their own): those go to the next batch.
  std::vector<Entry> batch = std::move(queue_);
  queue_.clear();
  std::vector<std::pair<eligibility::PublicKey, std::string>> ids;
  ids.reserve(batch.size());
  for (const auto& e : batch) ids.emplace_back(e.session, e.requestId);
  auto written = write_(ids);
  for (const auto& id : ids) queued_.erase(id);
  ++batches_;
  records_ += batch.size();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!written.ok()) {
      batch[i].done(written.error());
    } else {
      batch[i].done(static_cast<bool>(written.value()[i]));
    }
  }
}

}  // namespace payment_streams
