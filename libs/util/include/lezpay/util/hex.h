#pragma once
// Hexadecimal text <-> bytes. Pure, no allocation beyond the returned value.
//
// Contract:
// - toHex() writes two lowercase digits per byte (LEZ spec §1: hashes, program ids and wallet
//   account ids are lowercase hex), no prefix.
// - fromHex() accepts an optional "0x" or "0X" prefix, then an even number of digits of either
//   case. Nothing else: no whitespace, no separators (callers at a CLI or JSON boundary trim first).
//   Failure is Error{"INVALID_HEX", message naming the offending character position or the odd
//   length}; positions count from the start of the given text, prefix included.
// - fromHexFixed<N>() additionally requires exactly N bytes, else Error{"INVALID_HEX_LENGTH", ...}.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::util {

inline constexpr std::string_view kInvalidHex = "INVALID_HEX";
inline constexpr std::string_view kInvalidHexLength = "INVALID_HEX_LENGTH";

// Lowercase hex of `bytes`, 2 * bytes.size() characters.
std::string toHex(std::span<const std::uint8_t> bytes);

// Bytes of `text` (optional 0x/0X prefix, even number of hex digits, any case).
Result<std::vector<std::uint8_t>> fromHex(std::string_view text);

// Like fromHex but the decoded value must be exactly `size` bytes.
Result<std::vector<std::uint8_t>> fromHexExact(std::string_view text, std::size_t size);

template <std::size_t N>
Result<std::array<std::uint8_t, N>> fromHexFixed(std::string_view text) {
  auto bytes = fromHexExact(text, N);
  if (!bytes.ok()) return bytes.error();
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = bytes.value()[i];
  return out;
}

}  // namespace lezpay::util
