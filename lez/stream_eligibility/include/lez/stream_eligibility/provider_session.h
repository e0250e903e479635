#pragma once
// What a provider pins when it accepts a StreamProposal (payment-streams.md §7 step 2) and the
// window of recent request ids of one session (§7 step 5, docs/decisions.md "Replay memory").
//
// ProviderPolicy is the configurable provider side: our own account, the service we sell, the
// minimum terms, the deadline bound, the accepted tokens and the memory bounds.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lez/streams/accounts.h"

namespace lez::stream_eligibility {

using streams::AccountId;
using streams::StreamId;
using streams::Timestamp;
using streams::TokenId;
using streams::U128;
using streams::VaultId;

inline constexpr std::string_view kStoreQueryServiceId = "/vac/waku/store-query/3.0.0";

struct ProviderPolicy {
  AccountId provider;                                   // our account (proposals must name it)
  std::string serviceId = std::string(kStoreQueryServiceId);
  std::uint64_t minRate = 1;                            // tokens per second
  std::uint64_t minAllocation = 1;
  std::uint64_t maxCreateStreamDeadlineDelay = 300;     // seconds (§7 step 2 default)
  std::vector<TokenId> acceptedTokens{streams::kNativeTokenId};
  std::size_t replayWindow = 1024;                      // request ids remembered per session
  std::size_t maxSessions = 4096;                       // sessions remembered in all
  std::size_t maxProposalAttempts = 5;                  // signed proposals per vault ...
  std::uint64_t proposalAttemptWindow = 600;            // ... per this many seconds (§7 step 2)
};

// The last `capacity` request ids served in one session, oldest first: a RAM cache that refuses a
// recent replay without a disk read. The guarantee for older ids is the module's durable record
// (payment_streams_module replay_store.h), consulted after this check.
class ReplayWindow {
 public:
  explicit ReplayWindow(std::size_t capacity = 1024) : capacity_(capacity == 0 ? 1 : capacity) {}

  bool contains(const std::string& requestId) const { return seen_.count(requestId) != 0; }
  // Remembers `requestId`, forgetting the oldest one when full. A known id is not re-added.
  void insert(const std::string& requestId);
  const std::deque<std::string>& ids() const { return order_; }
  std::size_t capacity() const { return capacity_; }
  // Shrinks or grows the bound (the oldest ids go first).
  void setCapacity(std::size_t capacity);

 private:
  std::size_t capacity_;
  std::deque<std::string> order_;
  std::unordered_set<std::string> seen_;
};

struct ProviderSession {
  eligibility::PublicKey sessionKey{};   // x-only session public key (the map key)
  eligibility::StreamParams params;      // accepted terms
  VaultId vaultId = 0;
  AccountId providerId;
  eligibility::PublicKey ownerPublicKey{};
  AccountId owner;                       // AccountId(owner_public_key) = VaultConfig.owner
  TokenId tokenId{};
  std::optional<StreamId> boundStreamId; // set by the first valid proof
  // The requester peer id the session is bound to (docs/decisions.md "Sessions bound to the
  // requester peer"): the Noise-authenticated peer that sent the accepted proposal, "" when it came
  // over the plain transport. Proofs from any other peer id are refused. nullopt only for a session
  // read from a state file written before the binding existed: the first peer whose proof passes
  // every check is pinned then.
  std::optional<std::string> requesterPeerId;
  Timestamp acceptedAt = 0;              // fold seconds
  std::uint64_t lastUsed = 0;            // recency counter for eviction
  ReplayWindow replay;

  bool expiredUnbound(Timestamp now) const { return !boundStreamId && now > params.create_stream_deadline; }
};

}  // namespace lez::stream_eligibility
