#pragma once
// Signed-in console sessions and the sign-in rate limit. Pure: time comes in as Unix seconds,
// ids come from the caller (random in the module). Sessions live in memory only, so a daemon
// restart signs everyone out.
//
// A session ends `idleSeconds` after its last request or `absoluteSeconds` after sign-in,
// whichever comes first; find() forgets an ended one. The raw token of a token principal stays
// here so every request re-checks it against the host (a revoked token ends the session); it is
// never written or logged.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "logos/json.h"

namespace console {

struct Principal {
  std::string name;        // token name, "auto" for the boot token, "owner (password)"
  std::string role;        // "owner" or "agent"
  std::string token;       // "" when signed in with the wallet password
  logos::Json scope;       // the agent's scope text, or null
  logos::Json toJson() const { return logos::Json{{"name", name}, {"role", role}, {"scope", scope}}; }
};

struct Session {
  std::string id;
  std::string csrf;
  Principal principal;
  std::string remote;
  std::int64_t createdAt = 0;
  std::int64_t lastSeen = 0;
};

class SessionStore {
 public:
  SessionStore(std::int64_t idleSeconds, std::int64_t absoluteSeconds) : idle_(idleSeconds), absolute_(absoluteSeconds) {}

  const Session& create(Principal principal, std::string remote, std::int64_t now, std::string id, std::string csrf);
  // The live session `id`, its idle clock restarted unless `touch` is false (the event stream
  // polls without being the owner's activity); nullptr (and forgotten) when ended.
  Session* find(const std::string& id, std::int64_t now, bool touch = true);
  void remove(const std::string& id);
  void clear() { sessions_.clear(); }
  std::size_t size() const { return sessions_.size(); }

  std::int64_t expiresAt(const Session& s) const { return s.createdAt + absolute_; }
  std::int64_t idleExpiresAt(const Session& s) const { return std::min(s.lastSeen + idle_, expiresAt(s)); }
  // At most this many sessions; the oldest is dropped for a new one.
  static constexpr std::size_t kMaxSessions = 256;

 private:
  std::int64_t idle_;
  std::int64_t absolute_;
  std::map<std::string, Session> sessions_;
};

// Failed sign-ins per remote address: after kMaxFailures within kWindowSeconds every sign-in from
// that address is refused until the window of its oldest failure passes.
class SignInLimiter {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr std::int64_t kWindowSeconds = 60;

  // Seconds to wait, or nullopt when a sign-in may be tried now.
  std::optional<std::int64_t> retryAfter(const std::string& address, std::int64_t now);
  void failed(const std::string& address, std::int64_t now);

 private:
  void prune(std::deque<std::int64_t>& times, std::int64_t now) const;
  std::map<std::string, std::deque<std::int64_t>> failures_;
};

}  // namespace console
