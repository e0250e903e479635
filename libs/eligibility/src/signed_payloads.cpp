#include "eligibility/signed_payloads.h"

#include <algorithm>

#include "lezpay/util/sha256.h"

namespace eligibility {
namespace {

void putU64(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void putU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

template <std::size_t N>
void putArray(std::vector<std::uint8_t>& out, const std::array<std::uint8_t, N>& a) {
  out.insert(out.end(), a.begin(), a.end());
}

}  // namespace

VaultOwnerAuth vaultOwnerAuthOf(const StreamProposal& p) {
  VaultOwnerAuth a;
  a.vault_id = p.vault_proof.vault_id;
  a.provider_id = p.vault_proof.provider_id;
  a.owner_public_key = p.vault_proof.owner_public_key;
  a.service_id = p.stream_params.service_id;
  a.token_id = p.vault_proof.token_id;
  a.rate = p.stream_params.stream_rate;
  a.allocation = p.stream_params.allocation;
  a.create_stream_deadline = p.stream_params.create_stream_deadline;
  a.session_public_key = p.public_key;
  return a;
}

std::vector<std::uint8_t> vaultOwnerAuthMessage(const VaultOwnerAuth& a) {
  std::vector<std::uint8_t> out(kDomainPrefixBytes, 0);  // the domain, zero-padded to 32 bytes
  std::copy(kVaultOwnerAuthDomain.begin(), kVaultOwnerAuthDomain.end(), out.begin());
  out.reserve(kDomainPrefixBytes + 8 + 32 + 32 + 4 + a.service_id.size() + 32 + 8 + 16 + 8 + 32);
  putU64(out, a.vault_id);
  putArray(out, a.provider_id);
  putArray(out, a.owner_public_key);
  // service_id is at most kMaxServiceIdBytes when it came from a decoded proposal.
  putU32(out, static_cast<std::uint32_t>(a.service_id.size()));
  out.insert(out.end(), a.service_id.begin(), a.service_id.end());
  putArray(out, a.token_id);
  putU64(out, a.rate);
  putU64(out, a.allocation);  // u128 LE: low 8 bytes ...
  putU64(out, 0);             // ... and the zero high 8 bytes
  putU64(out, a.create_stream_deadline);
  putArray(out, a.session_public_key);
  return out;
}

Digest vaultOwnerAuthDigest(const VaultOwnerAuth& a) { return lezpay::util::sha256(vaultOwnerAuthMessage(a)); }

Digest vaultOwnerAuthDigest(const StreamProposal& p) { return vaultOwnerAuthDigest(vaultOwnerAuthOf(p)); }

Digest streamProofDigest(std::span<const std::uint8_t> n8) { return lezpay::util::sha256(n8); }

}  // namespace eligibility
