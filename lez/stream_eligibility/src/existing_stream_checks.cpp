#include "lez/stream_eligibility/existing_stream_checks.h"

namespace lez::stream_eligibility {
namespace {

using R = PolicyRejectReason;

ExistingStreamDecision refuse(const char* code, Outcome o) {
  o.message = std::string(code) + ": " + o.message;
  ExistingStreamDecision d{std::move(o), code, true, std::nullopt, std::nullopt};
  return d;
}

}  // namespace

ExistingStreamDecision checkExistingStreamProposal(const eligibility::StreamProposal& p, const ProviderPolicy& policy,
                                                   const VaultView& vault, const std::optional<streams::StreamConfig>& stored,
                                                   std::uint64_t clockTimestamp, const ProviderSession* boundTo,
                                                   const std::string& requesterPeerId) {
  const auto& sp = p.stream_params;
  const StreamId id = p.existing_stream_id.value_or(0);
  if (Outcome o = checkProposalAuthority(p, policy, vault); !o.ok()) {
    const bool signedByOwner = o.reason && *o.reason != R::TokenNotAccepted;
    return ExistingStreamDecision{std::move(o), "", signedByOwner, std::nullopt, std::nullopt};
  }
  const std::string name = "stream " + std::to_string(id) + " of vault " + std::to_string(p.vault_proof.vault_id);
  if (!stored || stored->streamId != id) return refuse(kExistingStreamNotFound, Outcome::rejected("no " + name + " on chain"));
  if (stored->provider != policy.provider) {
    return refuse(kExistingStreamProviderMismatch,
                  Outcome::policy(R::ProviderMismatch, name + " pays " + stored->provider.toBase58() + ", not this provider (" +
                                                           policy.provider.toBase58() + ")"));
  }
  auto folded = streams::foldStoredStream(stored.value(), clockTimestamp);
  if (!folded.ok()) return refuse(kExistingStreamNotActive, Outcome::notActive(name + " cannot be folded to the clock: " + folded.error().message));
  const streams::StreamConfig& s = folded->stream;
  if (s.state == streams::StreamState::Closed) return refuse(kExistingStreamNotActive, Outcome::policy(R::StreamNotActive, name + " is closed"));
  if (folded->unaccrued.isZero()) {
    return refuse(kExistingStreamNotActive, Outcome::policy(R::StreamNotActive, name + " is depleted; top it up"));
  }
  if (s.state != streams::StreamState::Active) {
    return refuse(kExistingStreamNotActive, Outcome::policy(R::StreamNotActive, name + " is paused; resume it"));
  }
  if (s.rate < policy.minRate) {
    return refuse(kExistingStreamRateTooLow, Outcome::policy(R::RateBelowPolicyMin, name + " streams " + std::to_string(s.rate) +
                                                                                    " per second, below this provider's minimum rate " +
                                                                                    std::to_string(policy.minRate)));
  }
  if (s.rate < sp.stream_rate) {
    return refuse(kExistingStreamRateTooLow, Outcome::policy(R::RateBelowAcceptedParams, name + " streams " + std::to_string(s.rate) +
                                                                                         " per second, below the proposed stream_rate " +
                                                                                         std::to_string(sp.stream_rate)));
  }
  if (s.allocation < U128(policy.minAllocation)) {
    return refuse(kExistingStreamAllocationTooLow,
                  Outcome::policy(R::AllocationBelowPolicyMin, name + " allocation " + s.allocation.toDecimal() +
                                                                   " is below this provider's minimum allocation " +
                                                                   std::to_string(policy.minAllocation)));
  }
  if (s.allocation < U128(sp.allocation)) {
    return refuse(kExistingStreamAllocationTooLow,
                  Outcome::policy(R::AllocationBelowAcceptedParams, name + " allocation " + s.allocation.toDecimal() +
                                                                        " is below the proposed allocation " + std::to_string(sp.allocation)));
  }
  const Timestamp now = streams::foldSeconds(clockTimestamp);
  if (Outcome o = checkProposalDeadline(p, policy, now); !o.ok()) return ExistingStreamDecision{std::move(o), "", true, std::nullopt, std::nullopt};
  std::optional<eligibility::PublicKey> supersedes;
  if (boundTo) {
    if (!boundTo->requesterPeerId || *boundTo->requesterPeerId != requesterPeerId) {
      return refuse(kExistingStreamAlreadyBound,
                    Outcome::rejected(name + " is already bound to a session of peer " +
                                      shortPeerId(boundTo->requesterPeerId.value_or("(unpinned)")) + "; it cannot be registered from peer " +
                                      shortPeerId(requesterPeerId)));
    }
    supersedes = boundTo->sessionKey;
  }
  ProviderSession session = sessionOf(p, vault.config->owner, policy, now);
  session.boundStreamId = id;
  session.requesterPeerId = requesterPeerId;
  return ExistingStreamDecision{Outcome::accept("existing " + name + " registered: active, unaccrued " + folded->unaccrued.toDecimal()), "",
                                true, std::move(session), supersedes};
}

}  // namespace lez::stream_eligibility
