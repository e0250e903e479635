#include "console_events.h"

#include <algorithm>

namespace console {

void EventFeed::push(std::string name, logos::Json data) {
  ring_.push_back(FeedEvent{next_++, std::move(name), std::move(data)});
  while (ring_.size() > kCapacity) ring_.pop_front();
  wakeAll();
}

std::vector<FeedEvent> EventFeed::since(std::uint64_t after) const {
  std::vector<FeedEvent> out;
  for (const auto& e : ring_) {
    if (e.seq > after) out.push_back(e);
  }
  return out;
}

bool EventFeed::addWaiter(std::uint64_t id, Waiter w) {
  if (waiters_.size() >= kMaxWaiters) return false;
  waiters_.emplace_back(id, std::move(w));
  return true;
}

void EventFeed::removeWaiter(std::uint64_t id) {
  waiters_.erase(std::remove_if(waiters_.begin(), waiters_.end(), [id](const auto& w) { return w.first == id; }), waiters_.end());
}

void EventFeed::wakeAll() {
  // A waiter's answer may add or remove waiters: run a detached list.
  auto woken = std::move(waiters_);
  waiters_.clear();
  for (auto& [id, w] : woken) w();
}

std::string sseText(const std::vector<FeedEvent>& events, int retryMs) {
  std::string out;
  if (retryMs > 0) out += "retry: " + std::to_string(retryMs) + "\n\n";
  for (const auto& e : events) {
    out += "id: " + std::to_string(e.seq) + "\n";
    out += "event: " + e.name + "\n";
    out += "data: " + e.data.dump(-1, ' ', false, logos::Json::error_handler_t::replace) + "\n\n";
  }
  return out;
}

}  // namespace console
