// Fuzz target: decodeEligibilityProof (eligibility/eligibility_proof_codec.h), and through it the
// StreamProposal / VaultProof / StreamParams / StreamProof decoders.
// Properties: no crash; decode → encode → decode gives the same value and encode is then
// byte-stable; the arm's own codec agrees; the owner-auth digest of a proposal is computable.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "eligibility/eligibility_proof_codec.h"
#include "eligibility/signed_payloads.h"
#include "eligibility/stream_proof_codec.h"
#include "eligibility/stream_proposal_codec.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto first = eligibility::decodeEligibilityProof(std::span<const std::uint8_t>(data, size));
  if (!first) return 0;
  const auto bytes = eligibility::encodeEligibilityProof(*first);
  auto second = eligibility::decodeEligibilityProof(bytes);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(second->kind() == first->kind());
  FUZZ_CHECK(eligibility::encodeEligibilityProof(*second) == bytes);
  if (const auto* p = std::get_if<eligibility::StreamProposal>(&first->arm)) {
    auto again = eligibility::decodeStreamProposal(eligibility::encodeStreamProposal(*p));
    FUZZ_CHECK(again.ok() && *again == *p);
    FUZZ_CHECK(eligibility::checkServiceId(p->stream_params.service_id).ok());
    (void)eligibility::vaultOwnerAuthDigest(*p);
  } else if (const auto* s = std::get_if<eligibility::StreamProof>(&first->arm)) {
    auto again = eligibility::decodeStreamProof(eligibility::encodeStreamProof(*s));
    FUZZ_CHECK(again.ok() && *again == *s);
  } else {
    FUZZ_CHECK(!std::get<eligibility::ProofOfPayment>(first->arm).payment_payload.empty());
  }
  return 0;
}
