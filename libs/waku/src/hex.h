#pragma once
// Lowercase hex encoding and strict decoding for the delivery JSON shape. Internal to lezpay::waku.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace waku::detail {

std::string toHex(std::span<const std::uint8_t> bytes);

// Even number of hex digits (either case), with an optional "0x"/"0X" prefix; nullopt otherwise.
std::optional<std::vector<std::uint8_t>> fromHex(std::string_view text);

}  // namespace waku::detail
