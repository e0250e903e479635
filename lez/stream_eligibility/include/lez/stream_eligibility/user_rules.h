#pragma once
// User-side negotiation rules (payment-streams.md §7 steps 1-4 from the vault owner's side) and
// the user-side error codes of §7. Pure: the module reads the chain, asks the wallet to sign
// and stores state; these functions decide.
//
// One Negotiation per provider peer: Pending after a proposal was prepared, Confirmed once the
// matching stream exists on chain (created by createStreamFromAcceptedProposal, or found on
// chain when a proof names it explicitly).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lez/core/schnorr.h"
#include "lez/streams/accounts.h"
#include "lez/streams/fold.h"
#include "lezpay/util/result.h"

namespace lez::stream_eligibility {

using streams::AccountId;
using streams::StreamId;
using streams::Timestamp;
using streams::U128;
using streams::VaultId;

enum class UserError {
  UnknownProvider,      // no provider account mapped to the peer id
  NoEligibleVault,      // no configured vault, or it lacks unallocated funds for the terms
  ProposalPending,      // a proposal to this provider awaits its stream and the deadline has not passed
  ProposalExpired,      // the deadline passed before a stream was confirmed
  StreamNotConfirmed,   // no stream confirmed for this provider yet
  StreamNotFound,       // the stream is not on chain (or is not this provider's)
  StreamDepleted,       // folded unaccrued is zero
  StreamPaused,
  StreamClosed,
  WalletSigningFailed,  // the wallet could not sign (locked, key missing)
  ChainReadFailed,      // the sequencer could not be read
};

std::string_view toString(UserError e);  // "UNKNOWN_PROVIDER", ...
lezpay::util::Error userError(UserError e, std::string message);

struct UserTerms {
  AccountId owner;
  VaultId vaultId = 0;
  std::uint64_t rate = 1;
  std::uint64_t allocation = 1;
  std::uint64_t deadlineDelay = 120;  // seconds from the current clock to create_stream_deadline
  std::string serviceId = "/vac/waku/store-query/3.0.0";
};

enum class NegotiationState { Pending, Confirmed };
std::string_view toString(NegotiationState s);

struct Negotiation {
  std::string providerPeerId;
  AccountId provider;
  AccountId owner;
  VaultId vaultId = 0;
  eligibility::PublicKey sessionKey{};
  eligibility::StreamParams params;
  NegotiationState state = NegotiationState::Pending;
  std::optional<StreamId> streamId;
};

// NO_ELIGIBLE_VAULT unless the vault exists, is the owner's, holds the native token and has
// unallocated >= terms.allocation.
lezpay::util::Status checkVaultEligible(const std::optional<streams::VaultConfig>& vault, U128 holdingBalance,
                                        const UserTerms& terms);

// PROPOSAL_PENDING while `existing` is Pending and now <= its deadline.
lezpay::util::Status proposalGate(const Negotiation* existing, Timestamp now);

// The proposal for `terms` (owner_signature left zero: the owner signs vaultOwnerAuthDigest).
eligibility::StreamProposal unsignedProposal(const UserTerms& terms, const AccountId& provider,
                                             const eligibility::PublicKey& ownerPublicKey,
                                             const eligibility::PublicKey& sessionPublicKey, Timestamp deadline);

// Which stream a proof request may use: STREAM_NOT_CONFIRMED (no negotiation, or Pending within
// the deadline without an explicit id), PROPOSAL_EXPIRED (Pending past the deadline),
// STREAM_NOT_FOUND (an explicit id that differs from the confirmed one). A Pending negotiation
// with an explicit id answers that id: the caller then checks the chain stream with
// streamMatchesTerms before confirming.
lezpay::util::Result<StreamId> proofGate(const Negotiation* negotiation, std::optional<StreamId> requested, Timestamp now);

// True when an on-chain stream satisfies the negotiated terms (§7 step 3).
bool streamMatchesTerms(const streams::StreamConfig& stream, const Negotiation& negotiation);

// STREAM_NOT_FOUND (absent or another provider's), STREAM_CLOSED, STREAM_DEPLETED, STREAM_PAUSED.
lezpay::util::Status streamUsable(const std::optional<streams::FoldedStream>& folded, const AccountId& provider);

// A stream proof in two halves, so that the module asking for it never holds the session key:
// the wallet signs eligibility::streamProofDigest(n8) (SHA256 of the whole N8) with the session
// key, and this assembles the EligibilityProof bytes (stream_proof arm) around that signature.
std::vector<std::uint8_t> assembleStreamProof(StreamId streamId, const eligibility::Signature& signature);

// EligibilityProof bytes with the stream_proof arm: the session key signs SHA256(N8)
// (streamProofDigest, then assembleStreamProof; for tests and benchmarks that hold the key).
lezpay::util::Result<std::vector<std::uint8_t>> buildStreamProof(const core::SecretKey& sessionKey, StreamId streamId,
                                                                 std::span<const std::uint8_t> n8);
// The same with explicit BIP-340 aux randomness (tests, benchmarks).
std::vector<std::uint8_t> buildStreamProof(const core::SecretKey& sessionKey, StreamId streamId,
                                           std::span<const std::uint8_t> n8, const core::AuxRand& aux);

}  // namespace lez::stream_eligibility
