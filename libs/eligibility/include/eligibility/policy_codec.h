#pragma once
// Provider policy and termination messages (payment-streams.md §7).
//
// TokenStreamPolicy: token_id (1, 32 bytes) required; min_rate (2) and min_allocation (3) are
//   proto3 scalars: absent = 0.
// StreamProviderPolicy: max_create_stream_deadline_delay (1) and vault_proof_max_response_bytes
//   (2) absent = 0; accepted_tokens (3, repeated TokenStreamPolicy) must hold 1..kMaxAcceptedTokens
//   entries (MISSING_REQUIRED_FIELD / TOO_LARGE) with distinct token_id (INVALID_VALUE).
// ServiceTermination: termination_type (1) TEMPORARY 0 / PERMANENT 1, absent = TEMPORARY, any
//   other number INVALID_VALUE; resume_after (2) absent = 0, must be 0 for PERMANENT.
// Encoders write every field, zero values included, in field-number order. Decoders reject
// duplicates and wrong wire types, skip unknown fields, and cap input at kMaxInnerMessageBytes.

#include <cstdint>
#include <span>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lezpay/util/result.h"

namespace eligibility {

std::vector<std::uint8_t> encodeTokenStreamPolicy(const TokenStreamPolicy& policy);
lezpay::util::Result<TokenStreamPolicy> decodeTokenStreamPolicy(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encodeStreamProviderPolicy(const StreamProviderPolicy& policy);
lezpay::util::Result<StreamProviderPolicy> decodeStreamProviderPolicy(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encodeServiceTermination(const ServiceTermination& termination);
lezpay::util::Result<ServiceTermination> decodeServiceTermination(std::span<const std::uint8_t> bytes);

}  // namespace eligibility
