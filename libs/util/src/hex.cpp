#include "lezpay/util/hex.h"

namespace lezpay::util {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string toHex(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.resize(bytes.size() * 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return out;
}

Result<std::vector<std::uint8_t>> fromHex(std::string_view text) {
  std::size_t start = 0;
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) start = 2;
  const std::size_t digits = text.size() - start;
  for (std::size_t i = start; i < text.size(); ++i) {
    if (nibble(text[i]) < 0) {
      return makeError(std::string(kInvalidHex),
                       "invalid hex character at position " + std::to_string(i));
    }
  }
  if (digits % 2 != 0) {
    return makeError(std::string(kInvalidHex),
                     "odd number of hex digits (" + std::to_string(digits) + ")");
  }
  std::vector<std::uint8_t> out(digits / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::uint8_t>((nibble(text[start + 2 * i]) << 4) |
                                       nibble(text[start + 2 * i + 1]));
  }
  return out;
}

Result<std::vector<std::uint8_t>> fromHexExact(std::string_view text, std::size_t size) {
  auto bytes = fromHex(text);
  if (!bytes.ok()) return bytes;
  if (bytes.value().size() != size) {
    return makeError(std::string(kInvalidHexLength),
                     "expected " + std::to_string(size) + " bytes (" + std::to_string(2 * size) +
                         " hex digits), got " + std::to_string(bytes.value().size()) + " bytes");
  }
  return bytes;
}

}  // namespace lezpay::util
