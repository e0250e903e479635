#pragma once
// StreamProof codec (payment-streams.md §7): stream_id (1, 8 bytes little-endian) and signature
// (2, 64 bytes), both required and written. Decoder: WRONG_LENGTH on other widths,
// MISSING_REQUIRED_FIELD, DUPLICATE_FIELD, FIELD_WRONG_TYPE; unknown fields skipped; input capped
// at kMaxInnerMessageBytes.

#include <cstdint>
#include <span>
#include <vector>

#include "eligibility/eligibility_types.h"
#include "lezpay/util/result.h"

namespace eligibility {

std::vector<std::uint8_t> encodeStreamProof(const StreamProof& proof);
lezpay::util::Result<StreamProof> decodeStreamProof(std::span<const std::uint8_t> bytes);

}  // namespace eligibility
