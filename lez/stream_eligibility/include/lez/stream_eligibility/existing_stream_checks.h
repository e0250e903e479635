#pragma once
// Provider-side check of a StreamProposal that names a stream which already exists
// (StreamProposal.existing_stream_id, docs/protocol.md "Registering an existing stream"): a user
// who created a stream directly registers it for a session instead of creating a new one. Pure:
// the caller reads the vault, the stream and the clock and finds the session already bound to
// that stream, if any.
//
// In this order (each refusal carries a stable code, also the first word of its message, so the
// Store response's tag-30 desc names it):
//   checkProposalAuthority (service, provider_id, keys, vault, token, owner signature)
//                                                  else its verdict, code "" (as checkProposal)
//   the stream exists in that vault                EXISTING_STREAM_NOT_FOUND        PARAMS_REJECTED
//   it pays this provider                          EXISTING_STREAM_PROVIDER_MISMATCH PARAMS_REJECTED (ProviderMismatch)
//   folded to the clock: Active, unaccrued > 0     EXISTING_STREAM_NOT_ACTIVE       STREAM_NOT_ACTIVE (StreamNotActive)
//   rate >= min_rate and >= the proposal's stream_rate
//                                                  EXISTING_STREAM_RATE_TOO_LOW     PARAMS_REJECTED (RateBelow...)
//   allocation >= min_allocation and >= the proposal's allocation
//                                                  EXISTING_STREAM_ALLOCATION_TOO_LOW PARAMS_REJECTED (AllocationBelow...)
//   checkProposalDeadline (the proposal's deadline bounds nothing here but keeps a replayed
//     proposal short-lived)                        else its verdict, code ""
//   not bound to a session of another requester peer
//                                                  EXISTING_STREAM_ALREADY_BOUND    PARAMS_REJECTED
// The unallocated-funds check of a new proposal does not apply: the stream's allocation is
// already taken from the vault. On acceptance the session is bound to the stream at once (its
// proofs skip the first-binding checks) and pinned to the requester; a session of the same
// requester bound to the same stream is superseded (the caller forgets it).

#include <optional>
#include <string>

#include "lez/stream_eligibility/provider_checks.h"

namespace lez::stream_eligibility {

inline constexpr const char* kExistingStreamNotFound = "EXISTING_STREAM_NOT_FOUND";
inline constexpr const char* kExistingStreamProviderMismatch = "EXISTING_STREAM_PROVIDER_MISMATCH";
inline constexpr const char* kExistingStreamNotActive = "EXISTING_STREAM_NOT_ACTIVE";
inline constexpr const char* kExistingStreamRateTooLow = "EXISTING_STREAM_RATE_TOO_LOW";
inline constexpr const char* kExistingStreamAllocationTooLow = "EXISTING_STREAM_ALLOCATION_TOO_LOW";
inline constexpr const char* kExistingStreamAlreadyBound = "EXISTING_STREAM_ALREADY_BOUND";

struct ExistingStreamDecision {
  Outcome outcome;
  std::string code;                      // one of the codes above, "" for the shared checks' verdicts
  bool signatureVerified = false;        // the owner signed it (counts as a proposal attempt)
  std::optional<ProviderSession> session;                  // set iff outcome.ok()
  std::optional<eligibility::PublicKey> supersedes;        // the same requester's session to forget
};

// `proposal.existing_stream_id` must be set. `stored`: the StreamConfig at (owner, vault,
// existing_stream_id) (nullopt: no such account); `clockTimestamp`: the raw clock value (ms);
// `boundTo`: a session other than this proposal's that is bound to that stream (nullptr: none);
// `requesterPeerId`: the peer that sent the proposal.
ExistingStreamDecision checkExistingStreamProposal(const eligibility::StreamProposal& proposal, const ProviderPolicy& policy,
                                                   const VaultView& vault, const std::optional<streams::StreamConfig>& stored,
                                                   std::uint64_t clockTimestamp, const ProviderSession* boundTo,
                                                   const std::string& requesterPeerId);

}  // namespace lez::stream_eligibility
