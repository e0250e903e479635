#pragma once
// The provider's accepted sessions, keyed by session public key, with a bound on how many are
// remembered. Eviction (when a new session would exceed the bound) drops first the sessions whose
// deadline passed without a stream, then the least recently used. An evicted session is simply
// unknown afterwards, so its proofs are refused (PROOF_INVALID): eviction can cost a user a new
// proposal, never let a replay through.

#include <map>
#include <vector>

#include "lez/stream_eligibility/provider_session.h"

namespace lez::stream_eligibility {

// §7 step 2 recommendation: at most `maxAttempts` signed proposals per vault (owner, vault id) per
// `windowSeconds`. Only proposals whose owner signature verified are counted, so nobody but the
// owner can use up a vault's attempts. Kept in memory (a restart forgets the counts).
class ProposalAttempts {
 public:
  ProposalAttempts(std::size_t maxAttempts = 5, std::uint64_t windowSeconds = 600)
      : max_(maxAttempts), window_(windowSeconds) {}
  void configure(std::size_t maxAttempts, std::uint64_t windowSeconds) { max_ = maxAttempts; window_ = windowSeconds; }
  // True when another attempt for the vault is allowed at `now`.
  bool allowed(const AccountId& owner, VaultId vaultId, Timestamp now);
  void record(const AccountId& owner, VaultId vaultId, Timestamp now);

 private:
  void expire(std::vector<Timestamp>& times, Timestamp now) const;

  std::size_t max_;
  std::uint64_t window_;
  std::map<std::pair<AccountId, VaultId>, std::vector<Timestamp>> attempts_;
};

class SessionBook {
 public:
  explicit SessionBook(std::size_t maxSessions = 4096) : maxSessions_(maxSessions == 0 ? 1 : maxSessions) {}

  void setMaxSessions(std::size_t maxSessions);
  std::size_t size() const { return sessions_.size(); }

  ProviderSession* find(const eligibility::PublicKey& sessionKey);
  const ProviderSession* find(const eligibility::PublicKey& sessionKey) const;

  // An unbound session for the same vault (owner, vault id) whose deadline has not passed:
  // §7 step 3 allows one pending proposal per vault-provider pair.
  const ProviderSession* pendingFor(const AccountId& owner, VaultId vaultId, Timestamp now) const;

  // Sessions that may have signed a proof naming `streamId`: bound to it, or not bound yet.
  // The requester's own sessions come first (a hint; the signature decides).
  std::vector<ProviderSession*> candidates(StreamId streamId, const std::string& requesterPeerId);

  // Adds (or replaces) a session, evicting as described above. Returns the evicted keys.
  std::vector<eligibility::PublicKey> insert(ProviderSession session, Timestamp now);
  // Marks a session as just used (eviction order).
  void touch(ProviderSession& session) { session.lastUsed = ++clock_; }
  void erase(const eligibility::PublicKey& sessionKey) { sessions_.erase(sessionKey); }

  const std::map<eligibility::PublicKey, ProviderSession>& sessions() const { return sessions_; }
  std::uint64_t recencyClock() const { return clock_; }
  void setRecencyClock(std::uint64_t c) { clock_ = c; }

 private:
  std::vector<eligibility::PublicKey> evictFor(Timestamp now, std::size_t room);

  std::size_t maxSessions_;
  std::uint64_t clock_ = 0;
  std::map<eligibility::PublicKey, ProviderSession> sessions_;
};

}  // namespace lez::stream_eligibility
