#pragma once
// Base58 with the Bitcoin alphabet (no checksum), the text form of LEZ account ids (spec §1).
// Pure: no I/O.
//
// Contract:
// - base58Encode(): each leading zero byte becomes one '1', the rest is the big-endian number in
//   base 58. The empty input encodes to "".
// - base58Decode(): the inverse; rejects any character outside the alphabet (including
//   whitespace, '0', 'O', 'I', 'l') with DecodeError::INVALID_BASE58 naming the position, and input
//   longer than kMaxBase58TextLength with DecodeError::OVERSIZE (the algorithm is quadratic).
//   Round-trips exactly: base58Encode(base58Decode(t)) == t for every accepted t.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/decode_error.h"

namespace lezpay::util {

// Longest base58 text accepted by base58Decode (a 32-byte id needs at most 44 characters).
inline constexpr std::size_t kMaxBase58TextLength = 1024;

std::string base58Encode(std::span<const std::uint8_t> bytes);
Result<std::vector<std::uint8_t>> base58Decode(std::string_view text);

}  // namespace lezpay::util
