#include "lezpay/util/utf8.h"

namespace lezpay::util {

std::optional<CodePoint> decodeUtf8At(std::span<const std::uint8_t> s, std::size_t at) {
  if (at >= s.size()) return std::nullopt;
  const std::uint8_t b = s[at];
  if (b < 0x80) return CodePoint{b, 1};
  std::size_t len = 0;
  std::uint8_t lo = 0x80;  // allowed range of the second byte
  std::uint8_t hi = 0xBF;
  char32_t cp = 0;
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2;
    cp = b & 0x1F;
  } else if (b == 0xE0) {
    len = 3;
    lo = 0xA0;  // no overlong 3-byte forms
    cp = b & 0x0F;
  } else if ((b >= 0xE1 && b <= 0xEC) || (b >= 0xEE && b <= 0xEF)) {
    len = 3;
    cp = b & 0x0F;
  } else if (b == 0xED) {
    len = 3;
    hi = 0x9F;  // no surrogates
    cp = b & 0x0F;
  } else if (b == 0xF0) {
    len = 4;
    lo = 0x90;  // no overlong 4-byte forms
    cp = b & 0x07;
  } else if (b >= 0xF1 && b <= 0xF3) {
    len = 4;
    cp = b & 0x07;
  } else if (b == 0xF4) {
    len = 4;
    hi = 0x8F;  // nothing above U+10FFFF
    cp = b & 0x07;
  } else {
    return std::nullopt;  // continuation byte in lead position, C0/C1, F5..FF
  }
  if (s.size() - at < len) return std::nullopt;
  if (s[at + 1] < lo || s[at + 1] > hi) return std::nullopt;
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[at + k] & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (s[at + k] & 0x3F);
  }
  return CodePoint{cp, len};
}

std::optional<CodePoint> decodeUtf8At(std::string_view text, std::size_t at) {
  return decodeUtf8At(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), at);
}

bool isValidUtf8(std::span<const std::uint8_t> s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] < 0x80) {  // ASCII runs without the decoder
      ++i;
      continue;
    }
    const auto cp = decodeUtf8At(s, i);
    if (!cp) return false;
    i += cp->length;
  }
  return true;
}

bool isValidUtf8(std::string_view text) {
  return isValidUtf8(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace lezpay::util
