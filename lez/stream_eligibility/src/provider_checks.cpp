#include "lez/stream_eligibility/provider_checks.h"

#include <algorithm>

#include "eligibility/signed_payloads.h"
#include "lez/core/public_key.h"
#include "lez/core/schnorr.h"
#include "lezpay/util/hex.h"

namespace lez::stream_eligibility {
namespace {

using R = PolicyRejectReason;

std::string shortHex(std::span<const std::uint8_t> b) { return lezpay::util::toHex(b).substr(0, 16) + "..."; }

bool verifySig(const eligibility::Signature& sig, const eligibility::Digest& digest, const eligibility::PublicKey& key) {
  core::Signature s;
  s.bytes = sig;
  return core::verify(s, digest, std::span<const std::uint8_t, 32>(key.data(), 32));
}

}  // namespace

bool ownerSignatureValid(const eligibility::StreamProposal& p) {
  return verifySig(p.vault_proof.owner_signature, eligibility::vaultOwnerAuthDigest(p), p.vault_proof.owner_public_key);
}

bool isSameAcceptedProposal(const ProviderSession& s, const eligibility::StreamProposal& p) {
  return s.sessionKey == p.public_key && s.params == p.stream_params && s.vaultId == p.vault_proof.vault_id &&
         s.ownerPublicKey == p.vault_proof.owner_public_key && s.providerId == AccountId(p.vault_proof.provider_id) &&
         s.tokenId == p.vault_proof.token_id && ownerSignatureValid(p);
}

lezpay::util::Result<AccountId> proposalOwner(const eligibility::StreamProposal& proposal) {
  auto pk = core::PublicKey::fromBytes(proposal.vault_proof.owner_public_key);
  if (!pk.ok()) return lezpay::util::Error{"INVALID_PUBLIC_KEY", "owner_public_key is not a valid x-only public key"};
  return core::publicAccountId(pk.value());
}

Outcome checkProposalAuthority(const eligibility::StreamProposal& p, const ProviderPolicy& policy, const VaultView& vault) {
  const auto& vp = p.vault_proof;
  const auto& sp = p.stream_params;
  if (sp.service_id != policy.serviceId) {
    return Outcome::rejected("service_id '" + sp.service_id + "' is not the service this provider sells ('" + policy.serviceId + "')");
  }
  if (AccountId(vp.provider_id) != policy.provider) {
    return Outcome::invalid("provider_id " + AccountId(vp.provider_id).toBase58() + " is not this provider (" +
                            policy.provider.toBase58() + ")");
  }
  auto owner = proposalOwner(p);
  if (!owner.ok()) return Outcome::invalid(owner.error().message);
  if (!core::PublicKey::fromBytes(p.public_key).ok()) return Outcome::invalid("the session public_key is not a valid x-only public key");
  if (!vault.config || vault.config->owner != owner.value() || vault.config->vaultId != vp.vault_id) {
    return Outcome::rejected("no vault " + std::to_string(vp.vault_id) + " of owner " + owner->toBase58() + " on chain (vault mismatch)");
  }
  if (vp.token_id != vault.config->tokenId) return Outcome::invalid("token_id " + shortHex(vp.token_id) + " is not the vault's token");
  if (std::find(policy.acceptedTokens.begin(), policy.acceptedTokens.end(), vp.token_id) == policy.acceptedTokens.end()) {
    return Outcome::policy(R::TokenNotAccepted, "token " + shortHex(vp.token_id) + " is not accepted by this provider");
  }
  if (!ownerSignatureValid(p)) return Outcome::invalid("owner_signature does not verify under owner_public_key");
  return Outcome::accept();
}

Outcome checkProposalDeadline(const eligibility::StreamProposal& p, const ProviderPolicy& policy, Timestamp now) {
  const auto& sp = p.stream_params;
  const std::uint64_t latest =
      now > UINT64_MAX - policy.maxCreateStreamDeadlineDelay ? UINT64_MAX : now + policy.maxCreateStreamDeadlineDelay;
  if (!(now < sp.create_stream_deadline && sp.create_stream_deadline <= latest)) {
    return Outcome::policy(R::CreateStreamDeadlineInvalid, "create_stream_deadline " + std::to_string(sp.create_stream_deadline) +
                                                               " is not in (" + std::to_string(now) + ", " + std::to_string(latest) + "]");
  }
  return Outcome::accept();
}

ProviderSession sessionOf(const eligibility::StreamProposal& p, const AccountId& owner, const ProviderPolicy& policy, Timestamp now) {
  ProviderSession s;
  s.sessionKey = p.public_key;
  s.params = p.stream_params;
  s.vaultId = p.vault_proof.vault_id;
  s.providerId = AccountId(p.vault_proof.provider_id);
  s.ownerPublicKey = p.vault_proof.owner_public_key;
  s.owner = owner;
  s.tokenId = p.vault_proof.token_id;
  s.acceptedAt = now;
  s.replay = ReplayWindow(policy.replayWindow);
  return s;
}

ProposalDecision checkProposal(const eligibility::StreamProposal& p, const ProviderPolicy& policy, const VaultView& vault,
                               Timestamp now) {
  auto reject = [](Outcome o) { return ProposalDecision{std::move(o), std::nullopt}; };
  const auto& sp = p.stream_params;
  if (Outcome o = checkProposalAuthority(p, policy, vault); !o.ok()) return reject(std::move(o));
  if (sp.stream_rate < policy.minRate) {
    return reject(Outcome::policy(R::RateBelowPolicyMin, "stream_rate " + std::to_string(sp.stream_rate) +
                                                             " is below the minimum rate " + std::to_string(policy.minRate)));
  }
  if (sp.allocation < policy.minAllocation) {
    return reject(Outcome::policy(R::AllocationBelowPolicyMin, "allocation " + std::to_string(sp.allocation) +
                                                                   " is below the minimum allocation " +
                                                                   std::to_string(policy.minAllocation)));
  }
  if (Outcome o = checkProposalDeadline(p, policy, now); !o.ok()) return reject(std::move(o));
  const U128 free = streams::unallocated(vault.holdingBalance, vault.config->totalAllocated);
  if (U128(sp.allocation) > free) {
    return reject(Outcome::policy(R::UnallocatedInsufficient, "allocation " + std::to_string(sp.allocation) +
                                                                  " exceeds the vault's unallocated " + free.toDecimal()));
  }
  return ProposalDecision{Outcome::accept("proposal accepted; create the stream by " + std::to_string(sp.create_stream_deadline)),
                          sessionOf(p, proposalOwner(p).value(), policy, now)};
}

ProviderSession* findSigningSession(SessionBook& book, const eligibility::StreamProof& proof, const eligibility::Digest& n8Digest,
                                    const std::string& requesterPeerId) {
  for (ProviderSession* s : book.candidates(proof.stream_id, requesterPeerId)) {
    if (verifySig(proof.signature, n8Digest, s->sessionKey)) return s;
  }
  return nullptr;
}

std::string shortPeerId(const std::string& peerId) {
  if (peerId.empty()) return "\"\" (plain transport)";
  if (peerId.size() <= 16) return peerId;
  return peerId.substr(0, 8) + "..." + peerId.substr(peerId.size() - 6);
}

Outcome checkRequesterBinding(const ProviderSession& session, const std::string& requesterPeerId) {
  if (!session.requesterPeerId || *session.requesterPeerId == requesterPeerId) return Outcome::accept();
  return Outcome::invalid("this session is bound to peer " + shortPeerId(*session.requesterPeerId) + "; the proof came from peer " +
                          shortPeerId(requesterPeerId));
}

bool pinRequester(ProviderSession& session, const std::string& requesterPeerId) {
  if (session.requesterPeerId) return false;
  session.requesterPeerId = requesterPeerId;
  return true;
}

Outcome precheckProof(const ProviderSession& session, const eligibility::StreamProof& proof, const CanonicalRequestInfo& request,
                      const ProviderPolicy& policy) {
  if (session.replay.contains(request.requestId)) {
    return Outcome::invalid("request_id '" + request.requestId + "' was already served in this session (replay)");
  }
  if (session.providerId != policy.provider) {
    return Outcome::invalid("the session was accepted for provider " + session.providerId.toBase58() + ", not " +
                            policy.provider.toBase58());
  }
  if (session.params.service_id != policy.serviceId) {
    return Outcome::rejected("the session's service_id '" + session.params.service_id + "' is no longer sold here");
  }
  if (session.boundStreamId && *session.boundStreamId != proof.stream_id) {
    return Outcome::invalid("the session is bound to stream " + std::to_string(*session.boundStreamId) + ", not " +
                            std::to_string(proof.stream_id));
  }
  return Outcome::accept();
}

Outcome checkProofAgainstChain(const ProviderSession& session, const eligibility::StreamProof& proof, const ProviderPolicy& policy,
                               const std::optional<streams::StreamConfig>& stored, std::uint64_t clockTimestamp) {
  const Timestamp now = streams::foldSeconds(clockTimestamp);
  const bool firstBinding = !session.boundStreamId;
  if (firstBinding && now > session.params.create_stream_deadline) {
    return Outcome::policy(R::CreateStreamDeadlineInvalid, "the first stream proof arrived at " + std::to_string(now) +
                                                               ", after the create_stream_deadline " +
                                                               std::to_string(session.params.create_stream_deadline));
  }
  const std::string name = "stream " + std::to_string(proof.stream_id) + " of vault " + std::to_string(session.vaultId);
  if (!stored) return Outcome::notActive("no " + name + " on chain");
  if (stored->streamId != proof.stream_id) return Outcome::notActive(name + " stores another stream id");
  if (stored->provider != session.providerId) {
    return Outcome{Verdict::StreamNotActive, R::ProviderMismatch, name + " pays " + stored->provider.toBase58() + ", not this provider"};
  }
  auto folded = streams::foldStoredStream(stored.value(), clockTimestamp);
  if (!folded.ok()) return Outcome::notActive(name + " cannot be folded to the clock: " + folded.error().message);
  const streams::StreamConfig& s = folded->stream;
  if (s.state == streams::StreamState::Closed) return Outcome::policy(R::StreamNotActive, name + " is closed");
  if (folded->unaccrued.isZero()) {
    return Outcome::policy(R::StreamNotActive, name + " is depleted since " + std::to_string(s.accruedAsOf));
  }
  if (s.state != streams::StreamState::Active) return Outcome::policy(R::StreamNotActive, name + " is paused");
  if (s.rate < policy.minRate) {
    return Outcome::policy(R::RateBelowPolicyMin, name + " rate " + std::to_string(s.rate) + " is below the minimum " +
                                                      std::to_string(policy.minRate));
  }
  if (s.rate < session.params.stream_rate) {
    return Outcome::policy(R::RateBelowAcceptedParams, name + " rate " + std::to_string(s.rate) +
                                                           " is below the accepted stream_rate " +
                                                           std::to_string(session.params.stream_rate));
  }
  if (firstBinding) {
    if (s.allocation < U128(session.params.allocation)) {
      return Outcome::policy(R::AllocationBelowAcceptedParams, name + " allocation " + s.allocation.toDecimal() +
                                                                   " is below the accepted allocation " +
                                                                   std::to_string(session.params.allocation));
    }
    if (s.allocation < U128(policy.minAllocation)) {
      return Outcome::policy(R::AllocationBelowPolicyMin, name + " allocation " + s.allocation.toDecimal() +
                                                              " is below the minimum " + std::to_string(policy.minAllocation));
    }
  }
  return Outcome::accept("ok: " + name + " active, unaccrued " + folded->unaccrued.toDecimal());
}

void bindStream(ProviderSession& session, StreamId streamId) { session.boundStreamId = streamId; }

void commitProof(SessionBook& book, ProviderSession& session, StreamId streamId, const std::string& requestId) {
  bindStream(session, streamId);
  session.replay.insert(requestId);
  book.touch(session);
}

}  // namespace lez::stream_eligibility
