#pragma once
// EligibilityProof codec (payment-streams.md §7, with our arm-1 deviation; docs/decisions.md):
//   1 proof_of_payment  bytes: x402 PaymentPayload JSON, opaque and non-empty
//   2 stream_proposal   bytes: serialized StreamProposal
//   3 stream_proof      bytes: serialized StreamProof
// Exactly one arm must be present: none is MISSING_REQUIRED_FIELD, two different arms are
// ONEOF_CONFLICT, the same arm twice is DUPLICATE_FIELD. The arm is decoded into its typed form,
// so a malformed StreamProposal/StreamProof fails the whole decode with its own error (prefixed by
// the arm name). decoded.kind() tells which arm was present. Input is capped at
// kMaxEligibilityProofBytes; unknown fields are skipped. This is the byte string carried in Store
// request field 30 (waku-store.md §3) and passed around as `proof_hex`.

#include <cstdint>
#include <span>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lezpay/util/result.h"

namespace eligibility {

std::vector<std::uint8_t> encodeEligibilityProof(const EligibilityProof& proof);
lezpay::util::Result<EligibilityProof> decodeEligibilityProof(std::span<const std::uint8_t> bytes);

}  // namespace eligibility
