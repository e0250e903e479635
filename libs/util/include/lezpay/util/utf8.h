#pragma once
// Strict UTF-8 (RFC 3629), the one implementation of the project: no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences. NUL is valid
// UTF-8; callers that forbid it check it. Pure.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace lezpay::util {

bool isValidUtf8(std::span<const std::uint8_t> bytes);
bool isValidUtf8(std::string_view text);

// One decoded code point and the number of bytes it took.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

// The code point that starts at byte `at` of `bytes`; nullopt when the sequence there is not
// strict UTF-8 (or `at` is past the end).
std::optional<CodePoint> decodeUtf8At(std::span<const std::uint8_t> bytes, std::size_t at);
std::optional<CodePoint> decodeUtf8At(std::string_view text, std::size_t at);

}  // namespace lezpay::util
