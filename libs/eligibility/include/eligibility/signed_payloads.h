#pragma once
// Key-free digests of the LIP-155 signed payloads (payment-streams.md §7 "Signed payloads").
// BIP-340 signs these 32-byte digests; signing and verification are done elsewhere
// (libsecp256k1 schnorrsig), this header only builds the bytes and hashes them.
//
// VaultProof.owner_signature (signer: the vault owner key):
//   digest = SHA256(P ‖ borsh(body)), P = "/LEZ/v0.1/VaultOwnerAuth/" (25 bytes) + 7 zero bytes
//   body   = vault_id u64 LE ‖ provider_id[32] ‖ owner_public_key[32] ‖
//            service_id as Borsh string (u32 LE byte length ‖ bytes) ‖ token_id[32] ‖
//            rate u64 LE ‖ allocation u128 LE (the u64 zero-extended) ‖
//            create_stream_deadline u64 LE ‖ session_public_key[32]
// StreamProof.signature (signer: the session key):
//   digest = SHA256(N8), N8 the whole canonical Store request including its 32-byte prefix
//   (waku/canonical_request.h builds it from a StoreQueryRequest).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eligibility/eligibility_types.h"

namespace eligibility {

inline constexpr std::string_view kVaultOwnerAuthDomain = "/LEZ/v0.1/VaultOwnerAuth/";
inline constexpr std::size_t kDomainPrefixBytes = 32;

// The fields the vault owner authorises, in signing order.
struct VaultOwnerAuth {
  std::uint64_t vault_id = 0;
  AccountId provider_id{};
  PublicKey owner_public_key{};
  std::string service_id;
  TokenId token_id{};
  std::uint64_t rate = 0;
  std::uint64_t allocation = 0;  // widened to u128 in the body
  std::uint64_t create_stream_deadline = 0;
  PublicKey session_public_key{};

  bool operator==(const VaultOwnerAuth&) const = default;
};

// The fields of a proposal the owner signature covers (owner_signature itself excluded).
VaultOwnerAuth vaultOwnerAuthOf(const StreamProposal& proposal);

// P ‖ borsh(body): the exact preimage of vaultOwnerAuthDigest.
std::vector<std::uint8_t> vaultOwnerAuthMessage(const VaultOwnerAuth& auth);

Digest vaultOwnerAuthDigest(const VaultOwnerAuth& auth);
Digest vaultOwnerAuthDigest(const StreamProposal& proposal);

// SHA256(N8). `n8` is the whole canonical request, prefix included.
Digest streamProofDigest(std::span<const std::uint8_t> n8);

}  // namespace eligibility
