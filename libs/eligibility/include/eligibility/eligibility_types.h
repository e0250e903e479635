#pragma once
// LIP-155 off-chain eligibility wire types (payment-streams.md §7). Protobuf-shaped structs, field
// names as in the schema; nested messages travel as `bytes` on the wire and are decoded here into
// their typed form. Fixed-width fields are std::array, so an encoder cannot produce a wrong width.
//
// Deviation from payment-streams.md §7 (docs/decisions.md): EligibilityProof arm 1
// `proof_of_payment` is ACCEPTED, carrying the JSON bytes of an x402 PaymentPayload that
// x402_module answers (DESIGN.md "Eligibility hooks"); exactly one of the three arms is required.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace eligibility {

using Bytes = std::vector<std::uint8_t>;
using AccountId = std::array<std::uint8_t, 32>;   // LEZ account id
using PublicKey = std::array<std::uint8_t, 32>;   // BIP-340 x-only public key
using Signature = std::array<std::uint8_t, 64>;   // BIP-340 signature
using TokenId = std::array<std::uint8_t, 32>;     // 32 zero bytes = native
using Digest = std::array<std::uint8_t, 32>;      // SHA-256 output, the message BIP-340 signs

// Limits.
inline constexpr std::size_t kMaxServiceIdBytes = 128;              // §7 StreamParams.service_id
inline constexpr std::size_t kMaxAcceptedTokens = 16;               // §7 "≤ 16 recommended": enforced
inline constexpr std::size_t kMaxEligibilityProofBytes = 64 * 1024; // = waku::kMaxEligibilityProofBytes
inline constexpr std::size_t kMaxInnerMessageBytes = 4096;          // every other message here

// VaultProof: all fields required; vault_id travels as 8 bytes little-endian.
struct VaultProof {
  std::uint64_t vault_id = 0;    // 1
  AccountId provider_id{};       // 2
  PublicKey owner_public_key{};  // 3
  Signature owner_signature{};   // 4
  TokenId token_id{};            // 5

  bool operator==(const VaultProof&) const = default;
};

// StreamParams: all fields required. service_id is UTF-8, at most 128 bytes, no NUL.
struct StreamParams {
  std::string service_id;                  // 1 (bytes on the wire)
  std::uint64_t stream_rate = 0;           // 2, tokens per second
  std::uint64_t allocation = 0;            // 3
  std::uint64_t create_stream_deadline = 0;// 4, fold seconds

  bool operator==(const StreamParams&) const = default;
};

// StreamProposal: fields 1-3 required. Field 100 is a lez-pay extension (docs/protocol.md
// "Registering an existing stream"): the id of a stream that already exists in the proposal's
// vault, which the provider binds instead of waiting for a new one. It travels as 8 bytes
// little-endian like StreamProof.stream_id; a decoder that follows the spec skips it as an
// unknown field. The owner signature does not cover it (vaultOwnerAuthDigest is the spec's).
inline constexpr std::uint32_t kExistingStreamIdField = 100;
struct StreamProposal {
  VaultProof vault_proof;      // 1 (embedded message)
  StreamParams stream_params;  // 2 (embedded message)
  PublicKey public_key{};      // 3, 32-byte x-only session key
  std::optional<std::uint64_t> existing_stream_id;  // 100, optional

  bool operator==(const StreamProposal&) const = default;
};

// StreamProof: both fields required; stream_id travels as 8 bytes little-endian.
struct StreamProof {
  std::uint64_t stream_id = 0;  // 1
  Signature signature{};        // 2, session-key signature over SHA256(N8)

  bool operator==(const StreamProof&) const = default;
};

// EligibilityProof arm 1: the JSON bytes of an x402 PaymentPayload, opaque here (non-empty).
struct ProofOfPayment {
  Bytes payment_payload;

  bool operator==(const ProofOfPayment&) const = default;
};

enum class ProofKind { PROOF_OF_PAYMENT = 1, STREAM_PROPOSAL = 2, STREAM_PROOF = 3 };
std::string_view toString(ProofKind kind);  // "proof_of_payment", "stream_proposal", "stream_proof"

// Exactly one arm. The variant index + 1 is the protobuf field number (= ProofKind).
struct EligibilityProof {
  std::variant<ProofOfPayment, StreamProposal, StreamProof> arm;

  ProofKind kind() const { return static_cast<ProofKind>(arm.index() + 1); }
  bool operator==(const EligibilityProof&) const = default;
};

struct TokenStreamPolicy {
  TokenId token_id{};                // 1, required, 32 bytes
  std::uint64_t min_rate = 0;        // 2, absent = 0
  std::uint64_t min_allocation = 0;  // 3, absent = 0

  bool operator==(const TokenStreamPolicy&) const = default;
};

struct StreamProviderPolicy {
  std::uint64_t max_create_stream_deadline_delay = 0;  // 1, absent = 0
  std::uint64_t vault_proof_max_response_bytes = 0;    // 2, absent = 0
  std::vector<TokenStreamPolicy> accepted_tokens;      // 3, 1..16 entries, distinct token_id

  bool operator==(const StreamProviderPolicy&) const = default;
};

enum class TerminationType : std::uint32_t { TEMPORARY = 0, PERMANENT = 1 };

struct ServiceTermination {
  TerminationType termination_type = TerminationType::TEMPORARY;  // 1, absent = TEMPORARY
  std::uint64_t resume_after = 0;                                 // 2, must be 0 for PERMANENT

  bool operator==(const ServiceTermination&) const = default;
};

}  // namespace eligibility
