#pragma once
// StreamProposal, VaultProof and StreamParams codecs (payment-streams.md §7).
//
// Encoders write every field (even zero values) in field-number order; nested messages as
// length-delimited bytes. Encoding is total; a StreamParams whose service_id breaks the rules
// below encodes to bytes the decoder rejects.
// Decoders require every field (MISSING_REQUIRED_FIELD), check fixed widths (WRONG_LENGTH:
// vault_id 8, provider_id 32, owner_public_key 32, owner_signature 64, token_id 32, public_key 32),
// service_id (TOO_LARGE above 128 bytes, INVALID_UTF8, INVALID_VALUE for a NUL byte; it may be
// empty: matching it to a service is policy, not wire format), reject duplicates and wrong wire
// types, skip unknown fields, and cap the input at kMaxInnerMessageBytes.

#include <cstdint>
#include <span>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lezpay/util/result.h"

namespace eligibility {

std::vector<std::uint8_t> encodeVaultProof(const VaultProof& proof);
lezpay::util::Result<VaultProof> decodeVaultProof(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encodeStreamParams(const StreamParams& params);
lezpay::util::Result<StreamParams> decodeStreamParams(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encodeStreamProposal(const StreamProposal& proposal);
lezpay::util::Result<StreamProposal> decodeStreamProposal(std::span<const std::uint8_t> bytes);

// The service_id rules decode enforces, on a value.
lezpay::util::Status checkServiceId(std::string_view serviceId);

}  // namespace eligibility
