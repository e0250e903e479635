#pragma once
// Base64 text <-> bytes (RFC 4648). Pure.
//
// Two dialects, both strict (one text per byte string, so decode(encode(x)) == x and
// encode(decode(t)) == t for every accepted t):
// - Standard (§4: alphabet A-Z a-z 0-9 + /, '=' padding to a multiple of 4). Used by LEZ
//   JSON-RPC for borsh(LeeTransaction) and borsh(Block) (LEZ spec §11).
//   fromBase64 rejects: length not a multiple of 4, URL-safe '-' or '_', whitespace or any other
//   character, '=' anywhere but the last one or two positions, non-zero unused trailing bits.
// - URL-safe without padding (§5: alphabet A-Z a-z 0-9 - _). Used by the CLI `_bytes` convention.
//   fromBase64Url rejects: '=' (padding), '+' or '/', other characters, a length of 4k+1, non-zero
//   unused trailing bits.
// Failure is Error{"INVALID_BASE64", message naming the position or the rule}.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::util {

inline constexpr std::string_view kInvalidBase64 = "INVALID_BASE64";

std::string toBase64(std::span<const std::uint8_t> bytes);
Result<std::vector<std::uint8_t>> fromBase64(std::string_view text);

std::string toBase64Url(std::span<const std::uint8_t> bytes);
Result<std::vector<std::uint8_t>> fromBase64Url(std::string_view text);

}  // namespace lezpay::util
