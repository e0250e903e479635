#pragma once
// Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF), nothing
// above U+10FFFF, no truncated sequences. NUL is valid UTF-8; callers that forbid it check it.

#include <cstdint>
#include <span>
#include <string_view>

namespace lezpay::proto {

bool isValidUtf8(std::span<const std::uint8_t> bytes);
bool isValidUtf8(std::string_view text);

}  // namespace lezpay::proto
