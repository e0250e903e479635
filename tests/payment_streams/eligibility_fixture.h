#pragma once
// Keys, a provider policy, a funded vault, signed proposals, N8 requests and streams for the
// stream_eligibility tests. Keys are fixed test scalars (never used anywhere else).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "eligibility/signed_payloads.h"
#include "lez/core/schnorr.h"
#include "lez/stream_eligibility/provider_checks.h"
#include "lez/stream_eligibility/user_rules.h"
#include "waku/canonical_request.h"

namespace fixture {

namespace se = lez::stream_eligibility;
namespace ls = lez::streams;
using lez::core::AccountId;
using lez::core::SecretKey;
using lez::core::U128;

inline SecretKey key(std::uint8_t seed) {
  std::array<std::uint8_t, 32> b{};
  b.fill(seed);
  b[0] = 0x01;  // well below the group order
  return SecretKey::fromBytes(b).value();
}

inline const SecretKey& ownerKey() { static const SecretKey k = key(0x21); return k; }
inline const SecretKey& sessionKey() { static const SecretKey k = key(0x42); return k; }
inline const SecretKey& providerKey() { static const SecretKey k = key(0x63); return k; }
inline AccountId owner() { return lez::core::publicAccountId(ownerKey().publicKey()); }
inline AccountId provider() { return lez::core::publicAccountId(providerKey().publicKey()); }

constexpr ls::Timestamp kNow = 1'700'000'000;           // fold seconds
constexpr std::uint64_t kNowMs = kNow * 1000 + 250;      // the clock value it comes from
constexpr ls::VaultId kVault = 3;

inline se::ProviderPolicy policy() {
  se::ProviderPolicy p;
  p.provider = provider();
  p.minRate = 2;
  p.minAllocation = 100;
  p.maxCreateStreamDeadlineDelay = 300;
  p.replayWindow = 4;
  p.maxSessions = 8;
  return p;
}

inline se::VaultView vault(U128 balance = U128(10'000), U128 totalAllocated = U128(0)) {
  ls::VaultConfig c;
  c.owner = owner();
  c.vaultId = kVault;
  c.nextStreamId = 5;
  c.totalAllocated = totalAllocated;
  return se::VaultView{c, balance};
}

inline eligibility::StreamProposal unsignedProposal(std::uint64_t rate = 10, std::uint64_t allocation = 1000,
                                                    ls::Timestamp deadline = kNow + 120) {
  se::UserTerms t;
  t.owner = owner();
  t.vaultId = kVault;
  t.rate = rate;
  t.allocation = allocation;
  return se::unsignedProposal(t, provider(), ownerKey().publicKey().bytes(), sessionKey().publicKey().bytes(), deadline);
}

inline void sign(eligibility::StreamProposal& p, const SecretKey& k = ownerKey()) {
  lez::core::AuxRand aux{};
  p.vault_proof.owner_signature = lez::core::sign(k, eligibility::vaultOwnerAuthDigest(p), aux).bytes;
}

inline eligibility::StreamProposal proposal(std::uint64_t rate = 10, std::uint64_t allocation = 1000,
                                            ls::Timestamp deadline = kNow + 120) {
  auto p = unsignedProposal(rate, allocation, deadline);
  sign(p);
  return p;
}

inline std::vector<std::uint8_t> n8(const std::string& requestId) {
  waku::StoreQueryRequest r;
  r.request_id = requestId;
  r.include_data = true;
  r.pubsub_topic = "/waku/2/rs/1/0";
  r.content_topics = {"/app/1/chat/proto", "/app/1/other/proto"};
  r.time_start = -5;
  r.time_end = 1'700'000'000'000'000'000;
  r.message_hashes = {waku::MessageHash{}, waku::MessageHash{}};
  r.message_hashes[1].fill(0xab);
  r.pagination_cursor = waku::MessageHash{};
  r.pagination_forward = true;
  r.pagination_limit = 20;
  return waku::canonicalStoreRequest(r);
}

inline eligibility::StreamProof proof(const std::vector<std::uint8_t>& request, ls::StreamId id = 5,
                                      const SecretKey& k = sessionKey()) {
  lez::core::AuxRand aux{};
  eligibility::StreamProof p;
  p.stream_id = id;
  p.signature = lez::core::sign(k, eligibility::streamProofDigest(request), aux).bytes;
  return p;
}

inline ls::StreamConfig stream(ls::StreamId id = 5, std::uint64_t rate = 10, U128 allocation = U128(1000),
                               ls::StreamState state = ls::StreamState::Active, ls::Timestamp asOf = kNow - 10) {
  ls::StreamConfig s;
  s.streamId = id;
  s.provider = provider();
  s.rate = rate;
  s.allocation = allocation;
  s.state = state;
  s.accruedAsOf = asOf;
  return s;
}

// An accepted session (checkProposal on the default proposal).
inline se::ProviderSession session() {
  auto d = se::checkProposal(proposal(), policy(), vault(), kNow);
  return *d.session;
}

}  // namespace fixture
