#include "lez/stream_eligibility/session_book.h"

#include <algorithm>

namespace lez::stream_eligibility {

void ProposalAttempts::expire(std::vector<Timestamp>& times, Timestamp now) const {
  times.erase(std::remove_if(times.begin(), times.end(), [&](Timestamp t) { return t + window_ <= now; }), times.end());
}

bool ProposalAttempts::allowed(const AccountId& owner, VaultId vaultId, Timestamp now) {
  auto it = attempts_.find({owner, vaultId});
  if (it == attempts_.end()) return max_ > 0;
  expire(it->second, now);
  return it->second.size() < max_;
}

void ProposalAttempts::record(const AccountId& owner, VaultId vaultId, Timestamp now) {
  auto& times = attempts_[{owner, vaultId}];
  expire(times, now);
  times.push_back(now);
  // Forget vaults with no attempt inside the window, so the map stays bounded by recent activity.
  for (auto it = attempts_.begin(); it != attempts_.end();) {
    expire(it->second, now);
    it = it->second.empty() ? attempts_.erase(it) : std::next(it);
  }
}

void SessionBook::setMaxSessions(std::size_t maxSessions) { maxSessions_ = maxSessions == 0 ? 1 : maxSessions; }

ProviderSession* SessionBook::find(const eligibility::PublicKey& sessionKey) {
  auto it = sessions_.find(sessionKey);
  return it == sessions_.end() ? nullptr : &it->second;
}

const ProviderSession* SessionBook::find(const eligibility::PublicKey& sessionKey) const {
  auto it = sessions_.find(sessionKey);
  return it == sessions_.end() ? nullptr : &it->second;
}

const ProviderSession* SessionBook::pendingFor(const AccountId& owner, VaultId vaultId, Timestamp now) const {
  for (const auto& [key, s] : sessions_) {
    if (!s.boundStreamId && s.owner == owner && s.vaultId == vaultId && now <= s.params.create_stream_deadline) return &s;
  }
  return nullptr;
}

std::vector<ProviderSession*> SessionBook::candidates(StreamId streamId, const std::string& requesterPeerId) {
  std::vector<ProviderSession*> mine;
  std::vector<ProviderSession*> others;
  for (auto& [key, s] : sessions_) {
    if (s.boundStreamId && *s.boundStreamId != streamId) continue;
    (s.requesterPeerId == requesterPeerId ? mine : others).push_back(&s);
  }
  mine.insert(mine.end(), others.begin(), others.end());
  return mine;
}

std::vector<eligibility::PublicKey> SessionBook::evictFor(Timestamp now, std::size_t room) {
  std::vector<eligibility::PublicKey> evicted;
  while (sessions_.size() + room > maxSessions_ && !sessions_.empty()) {
    auto victim = sessions_.end();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.expiredUnbound(now)) {
        victim = it;
        break;
      }
    }
    if (victim == sessions_.end()) {
      victim = std::min_element(sessions_.begin(), sessions_.end(),
                                [](const auto& a, const auto& b) { return a.second.lastUsed < b.second.lastUsed; });
    }
    evicted.push_back(victim->first);
    sessions_.erase(victim);
  }
  return evicted;
}

std::vector<eligibility::PublicKey> SessionBook::insert(ProviderSession session, Timestamp now) {
  std::vector<eligibility::PublicKey> evicted;
  if (sessions_.find(session.sessionKey) == sessions_.end()) evicted = evictFor(now, 1);
  session.lastUsed = ++clock_;
  sessions_[session.sessionKey] = std::move(session);
  return evicted;
}

}  // namespace lez::stream_eligibility
