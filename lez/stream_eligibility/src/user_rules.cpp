#include "lez/stream_eligibility/user_rules.h"

#include "eligibility/eligibility_proof_codec.h"
#include "eligibility/signed_payloads.h"

namespace lez::stream_eligibility {

std::string_view toString(UserError e) {
  switch (e) {
    case UserError::UnknownProvider: return "UNKNOWN_PROVIDER";
    case UserError::NoEligibleVault: return "NO_ELIGIBLE_VAULT";
    case UserError::ProposalPending: return "PROPOSAL_PENDING";
    case UserError::ProposalExpired: return "PROPOSAL_EXPIRED";
    case UserError::StreamNotConfirmed: return "STREAM_NOT_CONFIRMED";
    case UserError::StreamNotFound: return "STREAM_NOT_FOUND";
    case UserError::StreamDepleted: return "STREAM_DEPLETED";
    case UserError::StreamPaused: return "STREAM_PAUSED";
    case UserError::StreamClosed: return "STREAM_CLOSED";
    case UserError::WalletSigningFailed: return "WALLET_SIGNING_FAILED";
    case UserError::ChainReadFailed: return "CHAIN_READ_FAILED";
  }
  return "CHAIN_READ_FAILED";
}

lezpay::util::Error userError(UserError e, std::string message) { return {std::string(toString(e)), std::move(message)}; }

std::string_view toString(NegotiationState s) { return s == NegotiationState::Pending ? "pending" : "confirmed"; }

lezpay::util::Status checkVaultEligible(const std::optional<streams::VaultConfig>& vault, U128 holdingBalance,
                                        const UserTerms& terms) {
  const std::string name = "vault " + std::to_string(terms.vaultId) + " of " + terms.owner.toBase58();
  if (!vault) return userError(UserError::NoEligibleVault, name + " does not exist on chain");
  if (vault->owner != terms.owner || vault->vaultId != terms.vaultId) {
    return userError(UserError::NoEligibleVault, name + " stores another owner or id");
  }
  if (vault->tokenId != streams::kNativeTokenId) return userError(UserError::NoEligibleVault, name + " does not hold the native token");
  const U128 free = streams::unallocated(holdingBalance, vault->totalAllocated);
  if (free < U128(terms.allocation)) {
    return userError(UserError::NoEligibleVault, name + " has " + free.toDecimal() + " unallocated, the terms need " +
                                                     std::to_string(terms.allocation));
  }
  return lezpay::util::okStatus();
}

lezpay::util::Status proposalGate(const Negotiation* existing, Timestamp now) {
  if (existing && existing->state == NegotiationState::Pending && now <= existing->params.create_stream_deadline) {
    return userError(UserError::ProposalPending, "a proposal to " + existing->provider.toBase58() +
                                                     " awaits its stream until " +
                                                     std::to_string(existing->params.create_stream_deadline) +
                                                     " (createStreamFromAcceptedProposal, or markProposalRejected)");
  }
  return lezpay::util::okStatus();
}

eligibility::StreamProposal unsignedProposal(const UserTerms& terms, const AccountId& provider,
                                             const eligibility::PublicKey& ownerPublicKey,
                                             const eligibility::PublicKey& sessionPublicKey, Timestamp deadline) {
  eligibility::StreamProposal p;
  p.vault_proof.vault_id = terms.vaultId;
  p.vault_proof.provider_id = provider.bytes();
  p.vault_proof.owner_public_key = ownerPublicKey;
  p.vault_proof.token_id = streams::kNativeTokenId;
  p.stream_params.service_id = terms.serviceId;
  p.stream_params.stream_rate = terms.rate;
  p.stream_params.allocation = terms.allocation;
  p.stream_params.create_stream_deadline = deadline;
  p.public_key = sessionPublicKey;
  return p;
}

lezpay::util::Result<StreamId> proofGate(const Negotiation* n, std::optional<StreamId> requested, Timestamp now) {
  if (!n) return userError(UserError::StreamNotConfirmed, "no proposal was made to this provider: prepare a stream proposal first");
  if (n->state == NegotiationState::Confirmed) {
    if (requested && n->streamId && *requested != *n->streamId) {
      return userError(UserError::StreamNotFound, "stream " + std::to_string(*requested) + " is not the stream confirmed for " +
                                                      n->provider.toBase58() + " (" + std::to_string(*n->streamId) + ")");
    }
    return n->streamId.value_or(0);
  }
  if (now > n->params.create_stream_deadline) {
    return userError(UserError::ProposalExpired, "the proposal's create_stream_deadline " +
                                                     std::to_string(n->params.create_stream_deadline) +
                                                     " passed before a stream was confirmed; propose again");
  }
  if (requested) return *requested;
  return userError(UserError::StreamNotConfirmed, "the proposal to " + n->provider.toBase58() +
                                                      " has no stream yet: call createStreamFromAcceptedProposal");
}

bool streamMatchesTerms(const streams::StreamConfig& s, const Negotiation& n) {
  return s.provider == n.provider && s.rate >= n.params.stream_rate && s.allocation >= U128(n.params.allocation);
}

lezpay::util::Status streamUsable(const std::optional<streams::FoldedStream>& folded, const AccountId& provider) {
  if (!folded) return userError(UserError::StreamNotFound, "the stream does not exist on chain");
  const auto& s = folded->stream;
  const std::string name = "stream " + std::to_string(s.streamId);
  if (s.provider != provider) return userError(UserError::StreamNotFound, name + " pays another provider");
  if (s.state == streams::StreamState::Closed) return userError(UserError::StreamClosed, name + " is closed");
  if (folded->unaccrued.isZero()) {
    return userError(UserError::StreamDepleted, name + " is depleted since " + std::to_string(s.accruedAsOf) + "; top it up");
  }
  if (s.state == streams::StreamState::Paused) return userError(UserError::StreamPaused, name + " is paused; resume it");
  return lezpay::util::okStatus();
}

std::vector<std::uint8_t> assembleStreamProof(StreamId streamId, const eligibility::Signature& signature) {
  eligibility::StreamProof proof;
  proof.stream_id = streamId;
  proof.signature = signature;
  return eligibility::encodeEligibilityProof(eligibility::EligibilityProof{proof});
}

std::vector<std::uint8_t> buildStreamProof(const core::SecretKey& sessionKey, StreamId streamId, std::span<const std::uint8_t> n8,
                                           const core::AuxRand& aux) {
  return assembleStreamProof(streamId, core::sign(sessionKey, eligibility::streamProofDigest(n8), aux).bytes);
}

lezpay::util::Result<std::vector<std::uint8_t>> buildStreamProof(const core::SecretKey& sessionKey, StreamId streamId,
                                                                 std::span<const std::uint8_t> n8) {
  auto sig = core::sign(sessionKey, eligibility::streamProofDigest(n8));
  if (!sig.ok()) return userError(UserError::WalletSigningFailed, "session key signing failed: " + sig.error().message);
  return assembleStreamProof(streamId, sig->bytes);
}

}  // namespace lez::stream_eligibility
