#include "console_sessions.h"

#include <algorithm>

namespace console {

const Session& SessionStore::create(Principal principal, std::string remote, std::int64_t now, std::string id, std::string csrf) {
  if (sessions_.size() >= kMaxSessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(),
                                   [](const auto& a, const auto& b) { return a.second.lastSeen < b.second.lastSeen; });
    sessions_.erase(oldest);
  }
  Session s{id, std::move(csrf), std::move(principal), std::move(remote), now, now};
  return sessions_.insert_or_assign(id, std::move(s)).first->second;
}

Session* SessionStore::find(const std::string& id, std::int64_t now, bool touch) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  Session& s = it->second;
  if (now >= expiresAt(s) || now >= s.lastSeen + idle_) {
    sessions_.erase(it);
    return nullptr;
  }
  if (touch) s.lastSeen = now;
  return &s;
}

void SessionStore::remove(const std::string& id) { sessions_.erase(id); }

void SignInLimiter::prune(std::deque<std::int64_t>& times, std::int64_t now) const {
  while (!times.empty() && times.front() + kWindowSeconds <= now) times.pop_front();
}

std::optional<std::int64_t> SignInLimiter::retryAfter(const std::string& address, std::int64_t now) {
  auto it = failures_.find(address);
  if (it == failures_.end()) return std::nullopt;
  prune(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return std::nullopt;
  }
  if (static_cast<int>(it->second.size()) < kMaxFailures) return std::nullopt;
  return std::max<std::int64_t>(1, it->second.front() + kWindowSeconds - now);
}

void SignInLimiter::failed(const std::string& address, std::int64_t now) {
  // Bounded memory against a flood of addresses: forget everyone rather than grow without end.
  if (failures_.size() > 4096) failures_.clear();
  auto& times = failures_[address];
  prune(times, now);
  times.push_back(now);
  while (static_cast<int>(times.size()) > kMaxFailures) times.pop_front();
}

}  // namespace console
