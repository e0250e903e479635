#pragma once
// Provider-side eligibility checks (payment-streams.md §7 "Flow and provider policy"), pure: the
// caller reads the chain (vault, holding balance, stream, clock) and passes decoded values.
//
// Proposal arm, checkProposal(), in this order:
//   service_id = policy service                        else PARAMS_REJECTED
//   provider_id = policy provider (our account)        else PROOF_INVALID
//   owner_public_key and session key are valid x-only keys         else PROOF_INVALID
//   vault exists for (AccountId(owner_public_key), vault_id) and its owner is that account
//                                                      else PARAMS_REJECTED ("vault mismatch")
//   token_id = VaultConfig.token_id                    else PROOF_INVALID
//   token_id listed in policy.acceptedTokens           else PARAMS_REJECTED TokenNotAccepted
//   owner_signature valid over vaultOwnerAuthDigest    else PROOF_INVALID
//   stream_rate >= min_rate                            else RateBelowPolicyMin
//   allocation >= min_allocation                       else AllocationBelowPolicyMin
//   t < deadline <= t + max delay (strict lower bound as the reference)   else CreateStreamDeadlineInvalid
//   allocation <= unallocated                          else UnallocatedInsufficient
// On acceptance the decision carries the ProviderSession to pin.
//
// Proof arm, in steps so that forged, replayed or relayed proofs cost no chain read:
//   findSigningSession(): the session whose key verifies SHA256(N8) among the candidates for
//     the proof's stream id (bound to it or unbound); none => the caller answers PROOF_INVALID.
//   checkRequesterBinding(): the session is bound to the requester peer id that presents the
//     proof (N8 does not cover the peer id, so the session carries the binding); another peer id
//     => PROOF_INVALID naming both ids. An unpinned (migrated) session passes.
//   precheckProof(): request id not already served in the session (PROOF_INVALID, "replay"),
//     session provider = policy provider (PROOF_INVALID), session service_id = policy service
//     (PARAMS_REJECTED), a bound session names the same stream id (PROOF_INVALID).
//   checkProofAgainstChain(): first binding must arrive by the deadline (now <= deadline, else
//     PARAMS_REJECTED CreateStreamDeadlineInvalid); the stream must exist (STREAM_NOT_ACTIVE);
//     provider = session provider (STREAM_NOT_ACTIVE ProviderMismatch); folded to the clock:
//     Active (STREAM_NOT_ACTIVE StreamNotActive); rate >= min_rate (RateBelowPolicyMin) and
//     >= accepted stream_rate (RateBelowAcceptedParams); first binding only: allocation >=
//     accepted allocation (AllocationBelowAcceptedParams) and >= min_allocation
//     (AllocationBelowPolicyMin); folded unaccrued > 0 (STREAM_NOT_ACTIVE StreamNotActive).
//   commitProof(): binds the stream id and remembers the request id; call only after OK.
//   bindStream(): the binding part alone, for a verifier that remembers the request id only once
//     its durable record committed.
//   pinRequester(): pins an unpinned (migrated) session to the requester; call only after OK.

#include <optional>
#include <span>

#include "eligibility/eligibility_types.h"
#include "lez/stream_eligibility/canonical_request_reader.h"
#include "lez/stream_eligibility/session_book.h"
#include "lez/stream_eligibility/verdict.h"
#include "lez/streams/accounts.h"
#include "lez/streams/fold.h"

namespace lez::stream_eligibility {

// AccountId(owner_public_key): the VaultConfig owner a proposal claims. Error INVALID_PUBLIC_KEY.
lezpay::util::Result<AccountId> proposalOwner(const eligibility::StreamProposal& proposal);

// True iff owner_signature verifies over vaultOwnerAuthDigest under owner_public_key.
bool ownerSignatureValid(const eligibility::StreamProposal& proposal);

// True iff `proposal` is exactly what `session` pinned (a retried proposal) and is validly signed.
bool isSameAcceptedProposal(const ProviderSession& session, const eligibility::StreamProposal& proposal);

struct VaultView {
  std::optional<streams::VaultConfig> config;  // nullopt: no vault account at the PDA
  U128 holdingBalance;
};

struct ProposalDecision {
  Outcome outcome;
  std::optional<ProviderSession> session;  // set iff outcome.ok()
};

ProposalDecision checkProposal(const eligibility::StreamProposal& proposal, const ProviderPolicy& policy,
                               const VaultView& vault, Timestamp now);

// The steps of checkProposal that other proposal kinds share (existing_stream_checks.h):
// checkProposalAuthority runs the list above from service_id through owner_signature (OK once the
// owner signed for this provider, vault and token); checkProposalDeadline the deadline bound;
// sessionOf builds the session to pin (`owner` = proposalOwner(proposal)).
Outcome checkProposalAuthority(const eligibility::StreamProposal& proposal, const ProviderPolicy& policy, const VaultView& vault);
Outcome checkProposalDeadline(const eligibility::StreamProposal& proposal, const ProviderPolicy& policy, Timestamp now);
ProviderSession sessionOf(const eligibility::StreamProposal& proposal, const AccountId& owner, const ProviderPolicy& policy, Timestamp now);

ProviderSession* findSigningSession(SessionBook& book, const eligibility::StreamProof& proof,
                                    const eligibility::Digest& n8Digest, const std::string& requesterPeerId);

// "16Uiu2HA...5KvLpY" for a long peer id, the id itself when short, `"" (plain transport)` for "".
std::string shortPeerId(const std::string& peerId);

// OK when `session` is bound to `requesterPeerId` or not pinned yet; else PROOF_INVALID with a
// sentence naming the bound and the presenting peer (short forms).
Outcome checkRequesterBinding(const ProviderSession& session, const std::string& requesterPeerId);

// Pins an unpinned session to `requesterPeerId`; true iff it was unpinned (the caller persists it).
bool pinRequester(ProviderSession& session, const std::string& requesterPeerId);

Outcome precheckProof(const ProviderSession& session, const eligibility::StreamProof& proof,
                      const CanonicalRequestInfo& request, const ProviderPolicy& policy);

// `stored`: the StreamConfig at the session vault's stream PDA (nullopt: no such account);
// `clockTimestamp`: the raw clock value (ms), normalised with foldSeconds.
Outcome checkProofAgainstChain(const ProviderSession& session, const eligibility::StreamProof& proof,
                               const ProviderPolicy& policy, const std::optional<streams::StreamConfig>& stored,
                               std::uint64_t clockTimestamp);

void commitProof(SessionBook& book, ProviderSession& session, StreamId streamId, const std::string& requestId);
void bindStream(ProviderSession& session, StreamId streamId);

}  // namespace lez::stream_eligibility
