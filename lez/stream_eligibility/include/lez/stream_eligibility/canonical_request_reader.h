#pragma once
// Reads an N8 canonical Store request (payment-streams.md §7; the writer is
// waku/canonical_request.h) far enough to check its shape and take the request_id, which the
// provider's replay memory is keyed on. The whole body is walked so that garbage after a valid
// request id is refused too.
//
// Errors (code INVALID_CANONICAL_REQUEST, message naming the field and byte offset): wrong or
// missing 32-byte domain prefix, truncated field, presence/bool byte other than 0/1, invalid
// UTF-8 string, request_id empty or above kMaxRequestIdBytes, trailing bytes, input above
// kMaxCanonicalRequestBytes.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lez::stream_eligibility {

inline constexpr std::string_view kInvalidCanonicalRequest = "INVALID_CANONICAL_REQUEST";
inline constexpr std::size_t kMaxCanonicalRequestBytes = 128 * 1024;  // a Store request frame
inline constexpr std::size_t kMaxRequestIdBytes = 256;                 // waku store_common.h

struct CanonicalRequestInfo {
  std::string requestId;
};

lezpay::util::Result<CanonicalRequestInfo> readCanonicalRequest(std::span<const std::uint8_t> n8);

}  // namespace lez::stream_eligibility
